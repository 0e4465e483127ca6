// release/Fleet.h without servers: the bounded runner (the bound, canaries alone, stop on failure
// and on a stop request), the summary line and the grouping of plans.

#include "release/Fleet.h"

#include <gtest/gtest.h>

#include <QMutex>
#include <QThread>

#include <set>

using namespace retort;

namespace {

// Records how many calls ran at once, and in which threads.
struct Concurrency {
    QMutex mutex;
    int now = 0;
    int most = 0;
    std::vector<int> order;
    std::set<QThread *> threads;
    void enter(int i)
    {
        QMutexLocker lock(&mutex);
        ++now;
        most = std::max(most, now);
        order.push_back(i);
        threads.insert(QThread::currentThread());
    }
    void leave()
    {
        QMutexLocker lock(&mutex);
        --now;
    }
};

EnvironmentState reached(const QString &name, int pending, QStringList rows = {})
{
    EnvironmentState s;
    s.environment = name;
    s.reach = EnvironmentState::Reach::Reached;
    s.pending = pending;
    s.atHeads = pending == 0;
    s.rows = std::move(rows);
    return s;
}

} // namespace

TEST(Fleet, RunsEveryTargetInAThreadOfItsOwnWithinTheBound)
{
    Concurrency c;
    const std::atomic<bool> stop{false};
    const std::vector<bool> started = runBounded(20, 3, 0, true, stop, [&](int i) {
        c.enter(i);
        QThread::msleep(20);
        c.leave();
        return true;
    });
    EXPECT_EQ(std::count(started.begin(), started.end(), true), 20);
    EXPECT_EQ(c.most, 3);
    EXPECT_EQ(c.threads.size(), 20u);
    EXPECT_EQ(c.threads.count(QThread::currentThread()), 0u);
}

TEST(Fleet, CanariesRunAloneAndFirst)
{
    Concurrency c;
    std::atomic<int> runningAtCanary{0};
    const std::atomic<bool> stop{false};
    runBounded(10, 4, 2, true, stop, [&](int i) {
        c.enter(i);
        if (i < 2) {
            QMutexLocker lock(&c.mutex);
            runningAtCanary = std::max(runningAtCanary.load(), c.now);
        }
        QThread::msleep(20);
        c.leave();
        return true;
    });
    EXPECT_EQ(runningAtCanary.load(), 1);
    ASSERT_GE(c.order.size(), 2u);
    EXPECT_EQ(c.order[0], 0);
    EXPECT_EQ(c.order[1], 1);
    EXPECT_GT(c.most, 1); // the rest in parallel
}

TEST(Fleet, AFailureStopsSchedulingUnlessContinuing)
{
    const std::atomic<bool> stop{false};
    auto failThird = [](int i) { return i != 2; };
    std::vector<bool> started = runBounded(10, 1, 0, true, stop, failThird);
    EXPECT_EQ(std::count(started.begin(), started.end(), true), 3);
    started = runBounded(10, 1, 0, false, stop, failThird);
    EXPECT_EQ(std::count(started.begin(), started.end(), true), 10);
    // A failing canary stops everything even when continuing.
    started = runBounded(10, 4, 3, false, stop, failThird);
    EXPECT_EQ(std::count(started.begin(), started.end(), true), 3);
}

TEST(Fleet, AStopRequestLetsRunningCallsFinish)
{
    std::atomic<bool> stop{false};
    std::atomic<int> finished{0};
    const std::vector<bool> started = runBounded(30, 2, 0, true, stop, [&](int i) {
        if (i == 3)
            stop = true;
        QThread::msleep(10);
        ++finished;
        return true;
    });
    const int n = int(std::count(started.begin(), started.end(), true));
    EXPECT_GE(n, 4);
    EXPECT_LE(n, 6);
    EXPECT_EQ(finished.load(), n);
}

TEST(Fleet, SummaryGroupsByPendingCount)
{
    std::vector<EnvironmentState> states;
    for (int i = 0; i < 3; ++i)
        states.push_back(reached(QStringLiteral("a%1").arg(i), 0));
    states.push_back(reached(QStringLiteral("b"), 1));
    states.push_back(reached(QStringLiteral("c"), 2));
    states.push_back(reached(QStringLiteral("d"), 12));
    EnvironmentState down;
    down.environment = QStringLiteral("e");
    down.reach = EnvironmentState::Reach::Unreachable;
    down.error = QStringLiteral("connection refused");
    states.push_back(down);
    EnvironmentState odd = reached(QStringLiteral("f"), 0);
    odd.error = QStringLiteral("unknown revision");
    odd.atHeads = false;
    states.push_back(odd);
    EXPECT_EQ(fleetSummary(states), QStringLiteral("3 at heads, 1 one behind, 1 two behind, 1 12 "
                                                   "behind, 1 in error, 1 unreachable"));
    EXPECT_EQ(fleetSummary({}), QStringLiteral("no environments"));
}

TEST(Fleet, IdenticalPlansAreOneGroup)
{
    Plan three;
    three.steps.resize(3);
    Plan five;
    five.steps.resize(5);
    std::vector<EnvironmentState> states;
    std::vector<std::optional<Plan>> plans;
    for (int i = 0; i < 4; ++i) {
        states.push_back(reached(QStringLiteral("t-%1").arg(i), 3, {QStringLiteral("a1b2c3")}));
        plans.emplace_back(three);
    }
    states.push_back(reached(QStringLiteral("u"), 5, {QStringLiteral("c3d4e5")}));
    plans.emplace_back(five);
    states.push_back(reached(QStringLiteral("v"), 0));
    plans.emplace_back(); // no plan (unreachable)
    const auto groups = groupPlans(states, plans, QStringLiteral("heads"));
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].describe(), QStringLiteral("4 databases at a1b2 \u2192 heads: 3 steps"));
    EXPECT_EQ(groups[0].environments.size(), 4);
    EXPECT_EQ(groups[1].describe(), QStringLiteral("1 database at c3d4 \u2192 heads: 5 steps"));
}

TEST(Fleet, OutcomeNames)
{
    EXPECT_EQ(fleetOutcomeName(FleetOutcome::Ok), QStringLiteral("ok"));
    EXPECT_EQ(fleetOutcomeName(FleetOutcome::Failed), QStringLiteral("failed"));
    EXPECT_EQ(fleetOutcomeName(FleetOutcome::Skipped), QStringLiteral("skipped"));
    EXPECT_EQ(fleetOutcomeName(FleetOutcome::Cancelled), QStringLiteral("cancelled"));
}
