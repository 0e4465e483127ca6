#pragma once

#include "base/Error.h"
#include "db/Connection.h"
#include "db/Migrator.h"
#include "graph/Plan.h"
#include "project/Project.h"

#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QThread;

namespace retort {

class Workspace;

namespace detail {
struct MigrationJobShared; // the cancel state shared with the worker (MigrationJob.cpp)
}

// What the user asked for; decides how a plan is made and what the GUI calls the action (an empty
// stamp plan and an empty upgrade plan look the same otherwise).
enum class MigrationAction { Upgrade, Downgrade, Stamp };

// Options the way the CLI runs a workspace's plans: its version table, paths shown relative to the
// project root; the run lock (60 s wait) and the audit trail on (MigratorOptions' defaults).
MigratorOptions migratorOptionsFor(const Workspace &workspace);

// Runs one Plan against one Environment in a worker thread with its own database connection.
//
// Threading and ownership:
//  - The job is a QObject of the thread that creates it (the owner thread, usually the GUI
//    thread); every member but cancel() must be called in that thread.
//  - start() creates a QThread (owned by the job) and moves a private worker QObject into it. In
//    the worker thread the worker opens a ScopedConnection to the environment, runs a Migrator on
//    it, destroys the Migrator and closes the connection — the QtSql connection never leaves that
//    thread. The worker is deleted by deleteLater when the thread finishes.
//  - The signals below are emitted in the owner thread (queued from the worker, in the order the
//    Migrator reported them); finished() comes last, after the worker thread has ended and the
//    connection is closed. Slots connected to them may touch widgets. Nothing a caller passes is
//    ever called back from the worker thread.
//  - The plan's PlanStep::script pointers point into `workspace`'s scripts; the job holds the
//    shared_ptr (and the worker a copy), so the scripts outlive the run whatever the owner does.
//  - cancel() is thread-safe and forwards directly to Migrator::cancel() (the worker's event loop
//    is blocked in Migrator::run(), so a queued call would arrive too late). It interrupts the
//    statement in flight and rolls the current step back; finished() then carries "cancelled".
//  - The destructor cancels a run still in progress, quits the thread and waits for it; it emits
//    nothing. A job runs once: start() after the first call does nothing.
class MigrationJob final : public QObject {
    Q_OBJECT

public:
    // `workspace` must be non-null and own the scripts `plan` points to. `environment` and
    // `secrets` are copied (the secrets only to the worker's connection; never logged).
    MigrationJob(std::shared_ptr<const Workspace> workspace, Environment environment, Plan plan,
                 MigratorOptions options, QObject *parent = nullptr);
    MigrationJob(std::shared_ptr<const Workspace> workspace, Environment environment,
                 ConnectionSecrets secrets, Plan plan, MigratorOptions options,
                 QObject *parent = nullptr);
    ~MigrationJob() override;

    MigrationJob(const MigrationJob &) = delete;
    MigrationJob &operator=(const MigrationJob &) = delete;

    // Starts the worker thread and returns at once.
    void start();
    // Thread-safe; may be called before, during or after the run (before start(): the run stops
    // before its first statement).
    void cancel();
    // From start() until finished() has been emitted.
    bool isRunning() const { return m_running; }

    const Plan &plan() const { return m_plan; }
    const Environment &environment() const { return m_environment; }

Q_SIGNALS:
    // Step `step` (1-based) of `count` begins; `description` is Alembic's "upgrade a -> b, msg".
    void progress(int step, int count, const QString &description);
    // Statement `index` (1-based) of step `step` begins.
    void statement(int step, int index, const QString &text);
    // Step `step` committed after `ms` milliseconds.
    void stepFinished(int step, qint64 ms);
    // A log line in Alembic's wording ("Running upgrade a -> b, msg"), or a "warning: ..." line
    // (an earlier run was found interrupted).
    void logLine(const QString &line);
    // Another runner holds the run lock (Migrator::lockWaiting): the job polls until it is free,
    // MigratorOptions::lockTimeoutMs passes (finished() then says who held it) or cancel().
    void lockWaiting(const retort::LockHolder &holder, qint64 elapsedMs);
    // The run ended: success, or the first error (Migrator::run's messages; "cancelled" after
    // cancel(); a connection error if the database could not be opened).
    void finished(const retort::Status &status);

private:
    std::shared_ptr<const Workspace> m_workspace;
    Environment m_environment;
    ConnectionSecrets m_secrets;
    Plan m_plan;
    MigratorOptions m_options;
    std::shared_ptr<detail::MigrationJobShared> m_shared;
    QThread *m_thread = nullptr; // owned; waited for in the destructor
    bool m_started = false;
    bool m_running = false;
};

// Makes a plan off the owner thread: reads the environment's version rows (which needs the
// database) in a worker thread and asks the workspace's graph for the plan there. For a plan
// with Alembic (Python) revisions it also runs the project's `alembic` offline there
// (AlembicSql.h: $RETORT_ALEMBIC or alembic on PATH) so the plan carries their SQL (held by
// Plan::scriptStorage); without alembic the plan fails with the reason.
//
// Threading: as MigrationJob — call members in the owner thread; finished() is emitted there once
// the worker thread has ended (its connection closed). The destructor waits for the thread (a
// plan is quick to make; reading the rows cannot be cancelled). One request per job.
class PlanJob final : public QObject {
    Q_OBJECT

public:
    // The request: `action` to `targets` (one target for upgrade and downgrade: an id, "heads",
    // "base", "-1"...; one or more for a stamp). `purge` only applies to a stamp.
    struct Request {
        MigrationAction action = MigrationAction::Upgrade;
        QStringList targets;
        bool purge = false;
    };

    PlanJob(std::shared_ptr<const Workspace> workspace, Environment environment, Request request,
            QObject *parent = nullptr);
    PlanJob(std::shared_ptr<const Workspace> workspace, Environment environment,
            ConnectionSecrets secrets, Request request, QObject *parent = nullptr);
    ~PlanJob() override;

    PlanJob(const PlanJob &) = delete;
    PlanJob &operator=(const PlanJob &) = delete;

    void start();
    bool isRunning() const { return m_running; }
    const Request &request() const { return m_request; }

Q_SIGNALS:
    // On success `plan` holds the plan (Plan::headsBefore = the rows read) and
    // `versionTableExists` says whether the version table was there; on failure `status` says why
    // (the database could not be read, or the graph refused the target) and `plan` is empty.
    void finished(const retort::Status &status, const retort::Plan &plan, bool versionTableExists);

private:
    struct Outcome;

    std::shared_ptr<const Workspace> m_workspace;
    Environment m_environment;
    ConnectionSecrets m_secrets;
    Request m_request;
    QThread *m_thread = nullptr; // owned; waited for in the destructor
    bool m_running = false;
};

} // namespace retort

Q_DECLARE_METATYPE(retort::Status)
Q_DECLARE_METATYPE(retort::Plan)
