#pragma once

#include <QMutex>
#include <QObject>
#include <QThreadPool>
#include <QWaitCondition>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace retort {

namespace detail {
// Carries a finished task's "done" from its worker to the context's thread (Background::run).
class BackgroundNotifier final : public QObject {
    Q_OBJECT
Q_SIGNALS:
    void done();
};
} // namespace detail

// The handle of one background task: a stop request shared by its owner and the task itself,
// and whether the task's work has returned. Copies share one state. Thread-safe.
class CancelToken final {
public:
    CancelToken();
    void cancel() const;
    bool isCancelled() const;
    // For APIs that poll a flag (takeBackup, DatabaseLock::acquire): valid while a copy lives.
    const std::atomic<bool> *flag() const;
    // Blocks until the task's work has returned or `timeoutMs` passed (< 0: no bound); true when
    // it returned. For owners that must not outlive their task (a run's job: its destructor
    // cancels, then waits).
    bool wait(int timeoutMs = -1) const;

    struct State; // the shared state (Background.h's end); not for use outside Background

private:
    friend class Background;
    std::shared_ptr<State> m_state;
};

// The one way Retort runs blocking work — a database, a socket, a child process (git, pg_dump,
// alembic), a file-system scan — off the GUI thread.
//
//   Background::run(this, [copies...](const CancelToken &cancel) { return blockingWork(); },
//                   [this](Result<X> r) { /* in this object's thread: show it */ });
//
// Lifetime rule (one for every task):
//  - The work runs on Background's own pool (threads for I/O, not CPU: up to 64 at once, so a
//    slow server never queues behind another). It captures copies of what it needs — never a
//    pointer to a widget or to its owner — so it is safe to outlive both.
//  - `then` runs in `context`'s thread, from its event loop, after the work returned — never
//    inside run() itself — and only if `context` still lives; a destroyed context drops the
//    result (a queued signal whose connection dies with the context).
//  - Every task gets a CancelToken, which the returned token cancels. Work that can take long
//    polls it (between statements, while waiting for a lock, while a child process runs).
//  - At exit, main() calls Background::shutdown(): every task is cancelled and waited for up to
//    a bound; a task still running after it is abandoned (its result is dropped with the
//    process). Nothing is ever detached without being cancelled first.
class Background final {
public:
    template <typename Work, typename Then>
    static CancelToken run(QObject *context, Work work, Then then)
    {
        using R = std::invoke_result_t<Work &, const CancelToken &>;
        using Slot = std::conditional_t<std::is_void_v<R>, bool, R>;
        CancelToken token;
        enroll(token);
        // The result travels by a queued signal of a notifier living in the caller's thread:
        // emitting it from the worker is safe even while `context` is being destroyed (the
        // connection goes with it), and `then` always runs later, from the context's event loop.
        auto result = std::make_shared<std::optional<Slot>>();
        std::shared_ptr<detail::BackgroundNotifier> notifier(new detail::BackgroundNotifier,
                                                             [](QObject *n) { n->deleteLater(); });
        QObject::connect(
            notifier.get(), &detail::BackgroundNotifier::done, context,
            [then = std::move(then), result]() mutable {
                if constexpr (std::is_void_v<R>)
                    then();
                else
                    then(std::move(**result));
            },
            Qt::QueuedConnection);
        auto started =
            QtConcurrent::run(pool(), [work = std::move(work), token, result, notifier]() mutable {
                {
                    struct Done {
                        CancelToken t;
                        ~Done()
                        {
                            Background::retire(t);
                        } // also marks the token's work as returned
                    } done{token};
                    if constexpr (std::is_void_v<R>) {
                        work(token);
                        result->emplace(true);
                    } else {
                        result->emplace(work(token));
                    }
                }
                Q_EMIT notifier->done();
            });
        Q_UNUSED(started); // the task reports through `notifier`, not its future
        return token;
    }

    // Cancels every running task and waits up to `timeoutMs` for all to return. False when some
    // are still running (they are abandoned). Call once, from main(), before the application
    // object goes away.
    static bool shutdown(int timeoutMs);
    // Tasks started and not yet returned.
    static int activeCount();

private:
    static QThreadPool *pool();
    static void enroll(const CancelToken &token);
    static void retire(const CancelToken &token);
};

struct CancelToken::State {
    std::atomic<bool> cancelled{false};
    QMutex mutex;
    QWaitCondition returned;
    bool done = false; // under mutex
};

} // namespace retort
