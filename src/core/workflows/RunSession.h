#pragma once

#include "base/Error.h"
#include "db/Connection.h"
#include "db/Lock.h"
#include "graph/Plan.h"
#include "project/Project.h"
#include "safety/ProtectedRun.h"
#include "workflows/Planning.h"

#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace retort {

class Migrator;
class Workspace;

// One confirmed run of a plan against one environment: the same from the window (MigrationJob runs
// it in a worker thread) and the command line (which runs it in its own thread).
struct RunRequest {
    std::shared_ptr<const Workspace> workspace; // non-null; owns the scripts the plan points to
    Environment environment;
    ConnectionSecrets secrets; // for the run's connection and the backup; never logged
    Plan plan;                 // the plan the user saw and confirmed (Plan::headsBefore set)
    // The request the plan came from, when its target may be planned again under the lock
    // (isReplannable); empty: a database that moved refuses the run.
    std::optional<PlanRequest> replan;
    int lockTimeoutMs = 60000;     // waiting for another runner's lock; < 0: forever
    ProtectedRunPolicy protection; // protected environments: the backup before the first step
    QString auditNote;             // written with every step (a pre-flight override); no secrets
    QString auditDirection; // MigratorOptions::auditDirection (a drift revert); empty: the steps'
};

// What a run session reports while it runs, called in the thread that runs it (a worker thread
// in the window: forward to the GUI with queued signals). Every function has an empty default.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    // Another runner holds the run lock; the session polls until it is free, the timeout passes
    // or cancel().
    virtual void lockWaiting(const LockHolder &holder, qint64 elapsedMs);
    // The database moved while the session waited for the lock; `plan` is the new plan (it may
    // be empty: then nothing runs).
    virtual void replanned(const QStringList &rowsNow, const Plan &plan);
    // Protected environment: the backup starts / was written.
    virtual void backingUp(const Environment &env);
    virtual void backedUp(const BackupInfo &backup);
    // The runner's progress (Migrator's signals).
    virtual void stepStarted(int step, int count, const PlanStep &planStep);
    virtual void statementStarted(int step, int statement, const QString &text);
    virtual void stepFinished(int step, qint64 elapsedMs);
    // Alembic's "Running upgrade a -> b, message" lines and "warning: ..." lines (a non-
    // transactional dialect, runs found interrupted).
    virtual void message(const QString &line);
};

struct RunOutcome {
    Status status;
    Plan plan; // what was run: the confirmed plan, or the one made again under the lock
    bool replanned = false; // the database had moved and `plan` was made again under the lock
    bool ran = false;       // the runner started (a step may have changed the database)
    std::optional<BackupInfo> backup; // the backup taken before the first step, if any
    // After a failure: the statements of the failed step that stay applied
    // (Migrator::appliedStatementsOfFailedStep()).
    std::vector<int> appliedStatementsOfFailedStep;
};

// Runs a RunRequest, in this order (the policy of safety/ProtectedRun.h, steps 4 and 5):
//  1. refuses a plan with an Alembic step whose SQL was not rendered (nothing is recorded);
//  2. opens the environment's database (through its tunnel; a SQLite file that this creates is
//     removed again when the run stops before its runner starts);
//  3. takes the run lock (DatabaseLock), waiting up to lockTimeoutMs and telling the observer who
//     holds it;
//  4. reads the version rows again: if they moved since the plan was made, a protected
//     environment or a relative target is refused (ErrorKind::Refused, "make the plan again");
//     otherwise the request is planned again from the new rows (makePlan) and the observer told;
//  5. protected environment with steps to run: takes the backup (unless the policy says not to,
//     or a SQLite file does not exist yet); a failed backup stops the run, nothing run;
//  6. runs the plan with the Migrator on the same connection (lock held by the session), the
//     audit trail on and the request's note in every row.
// Errors carry their kind (connection, lock timeout, cancelled, refused, server error...); a
// failure on a connection whose tunnel dropped says so first.
//
// Threading: run() blocks the calling thread, which owns the connection it opens; cancel() may be
// called from any thread at any time (it stops a lock wait, a backup, or the runner between or
// during statements). One run() per session.
class RunSession final {
public:
    explicit RunSession(RunRequest request);
    ~RunSession();
    RunSession(const RunSession &) = delete;
    RunSession &operator=(const RunSession &) = delete;

    RunOutcome run(RunObserver &observer);
    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }

    const RunRequest &request() const { return m_request; }

private:
    Status catchUp(ScopedConnection &conn, RunObserver &observer, RunOutcome &out) const;
    Status backUp(RunObserver &observer, RunOutcome &out, bool newDatabase) const;
    Status runPlan(ScopedConnection &conn, RunObserver &observer, RunOutcome &out);

    RunRequest m_request;
    std::atomic<bool> m_cancelled{false};
    QMutex m_mutex;                 // guards m_migrator against cancel() from another thread
    Migrator *m_migrator = nullptr; // while the runner runs
};

} // namespace retort
