#include "release/Fleet.h"

#include "project/Workspace.h"

#include <QElapsedTimer>
#include <QMutexLocker>
#include <QThread>
#include <QWaitCondition>

#include <algorithm>
#include <map>

namespace retort {

std::vector<bool> runBounded(int count, int jobs, int serial, bool stopOnFailure,
                             const std::atomic<bool> &stop, const std::function<bool(int)> &work,
                             const std::function<void()> &poll)
{
    std::vector<bool> started(size_t(std::max(count, 0)), false);
    jobs = std::max(jobs, 1);
    QMutex mutex;
    QWaitCondition finished;
    int running = 0;
    bool failed = false;
    std::vector<std::unique_ptr<QThread>> threads;

    auto mayStart = [&] { return !stop.load() && !failed; };
    // Waits (polling) until fewer than `limit` calls run. Called with `mutex` locked.
    auto waitBelow = [&](int limit) {
        while (running >= limit) {
            finished.wait(&mutex, 50);
            if (poll) {
                mutex.unlock();
                poll();
                mutex.lock();
            }
        }
    };

    QMutexLocker lock(&mutex);
    for (int i = 0; i < count; ++i) {
        // A canary runs alone: every earlier call has returned before it starts, and it returns
        // before the next one starts.
        waitBelow(i < serial ? 1 : jobs);
        if (!mayStart())
            break;
        started[size_t(i)] = true;
        ++running;
        threads.emplace_back(QThread::create([&, i] {
            const bool ok = work(i);
            QMutexLocker done(&mutex);
            --running;
            // A canary that fails stops everything, whatever stopOnFailure says.
            if (!ok && (stopOnFailure || i < serial))
                failed = true;
            finished.wakeAll();
        }));
        threads.back()->start();
        if (i < serial)
            waitBelow(1);
    }
    waitBelow(1);
    lock.unlock();
    for (const auto &t : threads)
        t->wait();
    return started;
}

std::vector<EnvironmentState> checkFleet(const Workspace &workspace,
                                         const std::vector<Environment> &targets,
                                         const QHash<QString, ConnectionSecrets> &secrets, int jobs,
                                         const std::atomic<bool> &stop,
                                         const std::function<void()> &poll)
{
    std::vector<EnvironmentState> states(targets.size());
    for (size_t i = 0; i < targets.size(); ++i)
        states[i].environment = targets[i].name;
    runBounded(
        int(targets.size()), jobs, 0, false, stop,
        [&](int i) {
            const Environment &env = targets[size_t(i)];
            states[size_t(i)] = readEnvironmentState(workspace, env, secrets.value(env.name));
            return true;
        },
        poll);
    return states;
}

namespace {

QString behind(int pending)
{
    static const char *const words[] = {"one", "two",   "three", "four", "five",
                                        "six", "seven", "eight", "nine"};
    if (pending >= 1 && pending <= 9)
        return QLatin1String(words[pending - 1]) + QStringLiteral(" behind");
    return QStringLiteral("%1 behind").arg(pending);
}

} // namespace

QString fleetSummary(const std::vector<EnvironmentState> &states)
{
    int atHeads = 0, inError = 0, unreachable = 0, unchecked = 0;
    std::map<int, int> byPending;
    for (const EnvironmentState &s : states) {
        switch (s.reach) {
        case EnvironmentState::Reach::Unknown:
            ++unchecked;
            break;
        case EnvironmentState::Reach::Unreachable:
            ++unreachable;
            break;
        case EnvironmentState::Reach::Reached:
            if (!s.error.isEmpty())
                ++inError;
            else if (s.atHeads)
                ++atHeads;
            else
                ++byPending[s.pending];
            break;
        }
    }
    QStringList parts;
    if (atHeads > 0)
        parts.append(QStringLiteral("%1 at heads").arg(atHeads));
    for (const auto &[pending, n] : byPending)
        parts.append(QStringLiteral("%1 %2").arg(n).arg(behind(pending)));
    if (inError > 0)
        parts.append(QStringLiteral("%1 in error").arg(inError));
    if (unreachable > 0)
        parts.append(QStringLiteral("%1 unreachable").arg(unreachable));
    if (unchecked > 0)
        parts.append(QStringLiteral("%1 not checked").arg(unchecked));
    if (parts.isEmpty())
        return QStringLiteral("no environments");
    return parts.join(QStringLiteral(", "));
}

QString FleetPlanGroup::describe() const
{
    QStringList shortRows;
    for (const QString &r : rows)
        shortRows.append(r.left(4));
    const QString at = rows.isEmpty() ? QStringLiteral("base") : shortRows.join(QLatin1Char('+'));
    const QString what = environments.size() == 1
                             ? QStringLiteral("1 database")
                             : QStringLiteral("%1 databases").arg(environments.size());
    const QString stepsText =
        steps == 1 ? QStringLiteral("1 step") : QStringLiteral("%1 steps").arg(steps);
    return QStringLiteral("%1 at %2 \u2192 %3: %4").arg(what, at, target, stepsText);
}

std::vector<FleetPlanGroup> groupPlans(const std::vector<EnvironmentState> &states,
                                       const std::vector<std::optional<Plan>> &plans,
                                       const QString &target)
{
    std::vector<FleetPlanGroup> groups;
    for (size_t i = 0; i < states.size() && i < plans.size(); ++i) {
        if (!plans[i])
            continue;
        QStringList rows = states[i].rows;
        rows.sort();
        QStringList stepIds;
        for (const PlanStep &s : plans[i]->steps)
            stepIds.append(s.revision);
        auto same = std::find_if(groups.begin(), groups.end(), [&](const FleetPlanGroup &g) {
            return g.rows == rows && g.steps == int(plans[i]->steps.size());
        });
        if (same == groups.end()) {
            groups.push_back({rows, target, int(plans[i]->steps.size()), {}});
            same = groups.end() - 1;
        }
        same->environments.append(states[i].environment);
    }
    for (FleetPlanGroup &g : groups)
        g.environments.sort();
    std::stable_sort(groups.begin(), groups.end(), [](const auto &a, const auto &b) {
        return a.environments.size() > b.environments.size();
    });
    return groups;
}

QString fleetOutcomeName(FleetOutcome outcome)
{
    switch (outcome) {
    case FleetOutcome::Ok:
        return QStringLiteral("ok");
    case FleetOutcome::Failed:
        return QStringLiteral("failed");
    case FleetOutcome::Skipped:
        return QStringLiteral("skipped");
    case FleetOutcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

void FleetObserver::targetStarted(const QString &, int, bool) {}
void FleetObserver::stepStarted(const QString &, int, int, const PlanStep &) {}
void FleetObserver::targetFinished(const FleetTargetResult &) {}

namespace {

// Follows one target's session: the step and statement it is at, for the outcome.
class TargetRunObserver final : public RunObserver {
public:
    TargetRunObserver(FleetObserver &fleet, FleetTargetResult &result)
        : m_fleet(fleet), m_result(result)
    {
    }
    void stepStarted(int step, int count, const PlanStep &planStep) override
    {
        m_result.revision = planStep.revision;
        m_result.statement.clear();
        m_fleet.stepStarted(m_result.environment, step, count, planStep);
    }
    void statementStarted(int, int, const QString &text) override { m_result.statement = text; }
    void stepFinished(int, qint64) override
    {
        ++m_result.stepsRun;
        m_result.statement.clear();
    }

private:
    FleetObserver &m_fleet;
    FleetTargetResult &m_result;
};

} // namespace

FleetRollout::FleetRollout(std::vector<FleetTarget> targets, FleetRolloutOptions options)
    : m_targets(std::move(targets)), m_options(options)
{
    std::stable_sort(m_targets.begin(), m_targets.end(), [](const auto &a, const auto &b) {
        return a.request.environment.name < b.request.environment.name;
    });
    m_results.resize(m_targets.size());
    for (size_t i = 0; i < m_targets.size(); ++i) {
        m_results[i].environment = m_targets[i].request.environment.name;
        m_results[i].canary = int(i) < m_options.canary;
        m_results[i].steps = int(m_targets[i].request.plan.steps.size());
    }
}

FleetRollout::~FleetRollout() = default;

void FleetRollout::cancel()
{
    m_stop.store(true);
    m_cancelRunning.store(true);
    QMutexLocker lock(&m_mutex);
    for (RunSession *s : m_sessions)
        s->cancel();
}

bool FleetRollout::runTarget(int index, FleetObserver &observer)
{
    FleetTarget &target = m_targets[size_t(index)];
    FleetTargetResult &result = m_results[size_t(index)];
    QElapsedTimer timer;
    timer.start();
    observer.targetStarted(result.environment, result.steps, result.canary);
    if (target.planError) {
        result.outcome = FleetOutcome::Failed;
        result.reason = target.planError->message;
    } else if (target.request.plan.steps.empty() && !target.request.replan) {
        result.outcome = FleetOutcome::Ok;
    } else {
        RunSession session(target.request);
        {
            QMutexLocker lock(&m_mutex);
            m_sessions.push_back(&session);
            if (m_cancelRunning.load())
                session.cancel();
        }
        TargetRunObserver runObserver(observer, result);
        const RunOutcome out = session.run(runObserver);
        {
            QMutexLocker lock(&m_mutex);
            m_sessions.erase(std::find(m_sessions.begin(), m_sessions.end(), &session));
        }
        result.steps = int(out.plan.steps.size());
        if (out.status) {
            result.outcome = FleetOutcome::Ok;
            result.statement.clear();
        } else if (out.status.error().is(ErrorKind::Cancelled)) {
            result.outcome = FleetOutcome::Cancelled;
            result.reason = out.status.error().message;
        } else {
            result.outcome = FleetOutcome::Failed;
            result.reason = out.status.error().message;
            if (result.revision.isEmpty())
                result.revision = out.status.error().revision;
        }
    }
    result.elapsedMs = timer.elapsed();
    observer.targetFinished(result);
    return result.outcome == FleetOutcome::Ok;
}

std::vector<FleetTargetResult> FleetRollout::run(FleetObserver &observer,
                                                 const std::function<void()> &poll)
{
    const std::vector<bool> started = runBounded(
        int(m_targets.size()), m_options.jobs, m_options.canary, !m_options.continueOnError, m_stop,
        [&](int i) { return runTarget(i, observer); }, poll);
    for (size_t i = 0; i < m_results.size(); ++i) {
        if (started[i])
            continue;
        FleetTargetResult &r = m_results[i];
        if (m_stop.load()) {
            r.outcome = FleetOutcome::Cancelled;
            r.reason = QStringLiteral("the rollout was stopped before this target started");
        } else {
            r.outcome = FleetOutcome::Skipped;
            r.reason = QStringLiteral("not started: an earlier target failed");
        }
    }
    return m_results;
}

} // namespace retort
