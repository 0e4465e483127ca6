#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Project.h"
#include "workflows/EnvironmentStatus.h"
#include "workflows/Planning.h"
#include "workflows/RunSession.h"

#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace retort {

class Workspace;

// Fleets: one command over many environments (a group or a glob of Project::selectEnvironments),
// with a bound on how many run at once.

// Runs work(i) for every i in [0, count): the first `serial` one after another, each alone, then
// the rest with at most `jobs` at once. Every call runs in a thread of its own (a QThread made for
// it), so a connection it opens is opened, used and closed in that thread. work() returns false
// for a failure; with `stopOnFailure` no index starts after the first failure, and after a failure
// of one of the `serial` ones (a canary) none starts whatever `stopOnFailure` says. No index starts
// once `stop` is set (running ones finish). Blocks the calling thread until every started call
// returned; `poll` (if any) runs in the calling thread about every 50 ms meanwhile (a Ctrl+C
// check). Returns, per index, whether it was started.
std::vector<bool> runBounded(int count, int jobs, int serial, bool stopOnFailure,
                             const std::atomic<bool> &stop, const std::function<bool(int)> &work,
                             const std::function<void()> &poll = {});

// Reads every target's state (workflows/EnvironmentStatus.h's readEnvironmentState), at most
// `jobs` at once; the states come back in the targets' order. A target not checked because `stop`
// was set keeps Reach::Unknown. Blocking.
std::vector<EnvironmentState> checkFleet(const Workspace &workspace,
                                         const std::vector<Environment> &targets,
                                         const QHash<QString, ConnectionSecrets> &secrets, int jobs,
                                         const std::atomic<bool> &stop,
                                         const std::function<void()> &poll = {});

// "180 at heads, 15 one behind, 3 two behind, 5 unreachable": reached environments grouped by
// their pending count (fewest first), then those whose rows the project cannot place ("in
// error"), the unreachable, and those not checked. Pure.
QString fleetSummary(const std::vector<EnvironmentState> &states);

// The distinct plans of a fleet: targets at the same rows with the same plan are one group
// ("37 databases at a1b2 → heads: 3 steps"). Pure.
struct FleetPlanGroup {
    QStringList rows;         // where the group's databases are (empty: base)
    QString target;           // what they go to ("heads")
    int steps = 0;            // the plan's steps
    QStringList environments; // in name order
    QString describe() const; // the line above
};
std::vector<FleetPlanGroup> groupPlans(const std::vector<EnvironmentState> &states,
                                       const std::vector<std::optional<Plan>> &plans,
                                       const QString &target);

enum class FleetOutcome {
    Ok,       // the plan ran to its end (or there was nothing to do)
    Failed,   // the plan could not be made, or the run failed: `reason` (and `statement`)
    Skipped,  // not started: an earlier target failed (without continueOnError)
    Cancelled // not started after the rollout was stopped, or cancelled while it ran
};
QString fleetOutcomeName(FleetOutcome outcome); // "ok", "failed", "skipped", "cancelled"

struct FleetTargetResult {
    QString environment;
    bool canary = false;
    FleetOutcome outcome = FleetOutcome::Skipped;
    QString reason;    // Failed: the error; Skipped / Cancelled: why
    QString statement; // Failed during a statement: that statement's text
    QString revision;  // Failed during a step: its revision
    int steps = 0;     // the plan's steps
    int stepsRun = 0;  // steps finished
    qint64 elapsedMs = 0;
};

// One target of a rollout: the run as for a single environment (RunSession: its own lock, audit
// rows, protected backup), or why it has no plan.
struct FleetTarget {
    RunRequest request;             // request.environment names the target
    std::optional<Error> planError; // set: the target fails when its turn comes
};

struct FleetRolloutOptions {
    int jobs = 8;
    int canary = 0; // the first N targets in name order run first, alone, one after another
    bool continueOnError = false;
};

// What a rollout reports, called from the targets' threads (several at once: be thread-safe).
class FleetObserver {
public:
    virtual ~FleetObserver() = default;
    virtual void targetStarted(const QString &environment, int steps, bool canary);
    virtual void stepStarted(const QString &environment, int step, int count,
                             const PlanStep &planStep);
    virtual void targetFinished(const FleetTargetResult &result);
};

// Rolls one plan request out to many targets: canaries first, then the rest in parallel, each
// through RunSession (the normal run path). Threading: run() blocks its thread; stopScheduling()
// and cancel() may be called from any thread (stopScheduling() only stores an atomic flag, so a
// signal handler may call it).
class FleetRollout final {
public:
    FleetRollout(std::vector<FleetTarget> targets, FleetRolloutOptions options);
    ~FleetRollout();
    FleetRollout(const FleetRollout &) = delete;
    FleetRollout &operator=(const FleetRollout &) = delete;

    // Every target's outcome, in name order.
    std::vector<FleetTargetResult> run(FleetObserver &observer,
                                       const std::function<void()> &poll = {});
    // No target starts any more; running ones finish.
    void stopScheduling() { m_stop.store(true); }
    // Also cancels the running sessions (between or during statements: RunSession::cancel()).
    void cancel();
    bool isStopped() const { return m_stop.load(); }

private:
    bool runTarget(int index, FleetObserver &observer);

    std::vector<FleetTarget> m_targets;
    FleetRolloutOptions m_options;
    std::vector<FleetTargetResult> m_results;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_cancelRunning{false};
    QMutex m_mutex; // guards m_sessions
    std::vector<RunSession *> m_sessions;
};

} // namespace retort
