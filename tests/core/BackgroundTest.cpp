// Background: the one way work leaves the GUI thread.
#include "base/Background.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <gtest/gtest.h>

#include <memory>

using namespace retort;

namespace {

// Spins the calling thread's event loop until `done` or 10 s passed.
template <typename Pred> bool waitFor(Pred done)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < 10000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(1);
    }
    return done();
}

struct App {
    App()
    {
        if (!QCoreApplication::instance()) {
            static int argc = 1;
            static char name[] = "background_test";
            static char *argv[] = {name, nullptr};
            static QCoreApplication app(argc, argv);
        }
    }
};

} // namespace

TEST(Background, WorkRunsOffTheCallingThreadAndItsResultComesBackToTheContextsThread)
{
    App app;
    QObject context;
    QThread *workThread = nullptr;
    QThread *thenThread = nullptr;
    int result = 0;
    Background::run(
        &context,
        [&workThread](const CancelToken &) {
            workThread = QThread::currentThread();
            return 42;
        },
        [&](int r) {
            thenThread = QThread::currentThread();
            result = r;
        });
    ASSERT_TRUE(waitFor([&] { return result != 0; }));
    EXPECT_EQ(result, 42);
    EXPECT_NE(workThread, QThread::currentThread());
    EXPECT_EQ(thenThread, QThread::currentThread());
}

TEST(Background, AResultForADestroyedContextIsDropped)
{
    App app;
    auto context = std::make_unique<QObject>();
    std::atomic<bool> release{false};
    std::atomic<bool> returned{false};
    bool called = false;
    Background::run(
        context.get(),
        [&](const CancelToken &) {
            while (!release.load())
                QThread::msleep(1);
            returned = true;
            return 1;
        },
        [&](int) { called = true; });
    context.reset();
    release = true;
    ASSERT_TRUE(waitFor([&] { return returned.load(); }));
    waitFor([] { return Background::activeCount() == 0; });
    QCoreApplication::processEvents();
    EXPECT_FALSE(called);
}

TEST(Background, ShutdownCancelsRunningWorkAndWaitsForIt)
{
    App app;
    QObject context;
    std::atomic<bool> sawCancel{false};
    const CancelToken token = Background::run(
        &context,
        [&](const CancelToken &cancel) {
            while (!cancel.isCancelled())
                QThread::msleep(1);
            sawCancel = true;
        },
        [] {});
    EXPECT_FALSE(token.isCancelled());
    EXPECT_TRUE(Background::shutdown(5000));
    EXPECT_TRUE(sawCancel.load());
    EXPECT_TRUE(token.isCancelled());
    EXPECT_EQ(Background::activeCount(), 0);
}

TEST(Background, TheReturnedTokenCancelsTheWork)
{
    App app;
    QObject context;
    bool finishedCancelled = false;
    bool done = false;
    const CancelToken token = Background::run(
        &context,
        [](const CancelToken &cancel) {
            while (!cancel.isCancelled())
                QThread::msleep(1);
            return true;
        },
        [&](bool cancelled) {
            finishedCancelled = cancelled;
            done = true;
        });
    token.cancel();
    ASSERT_TRUE(waitFor([&] { return done; }));
    EXPECT_TRUE(finishedCancelled);
}

TEST(Background, WaitReturnsOnceTheWorkHasReturned)
{
    App app;
    QObject context;
    std::atomic<bool> release{false};
    const CancelToken token = Background::run(
        &context,
        [&](const CancelToken &) {
            while (!release.load())
                QThread::msleep(1);
        },
        [] {});
    EXPECT_FALSE(token.wait(50));
    release = true;
    EXPECT_TRUE(token.wait(5000));
}

TEST(Background, ThenNeverRunsInsideRunEvenWhenTheWorkIsAlreadyDone)
{
    App app;
    QObject context;
    int delivered = 0;
    int duringRun = 0;
    bool inRun = false;
    for (int i = 0; i < 200; ++i) {
        inRun = true;
        Background::run(
            &context, [](const CancelToken &) { return 1; },
            [&](int) {
                if (inRun)
                    ++duringRun;
                ++delivered;
            });
        inRun = false;
        QThread::usleep(200); // the next work may finish before its continuation is attached
    }
    ASSERT_TRUE(waitFor([&] { return delivered == 200; }));
    EXPECT_EQ(duringRun, 0);
}
