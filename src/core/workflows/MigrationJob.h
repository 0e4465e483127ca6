#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Migrator.h"
#include "graph/Plan.h"
#include "workflows/Planning.h"
#include "workflows/RunSession.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace retort {

class Workspace;

namespace detail {
class RunRelay; // MigrationJob.cpp: carries the session's reports from its thread to the job's
}

// Options the way a workspace's plans run: its version table, paths shown relative to the project
// root; the run lock (60 s wait) and the audit trail on (MigratorOptions' defaults).
MigratorOptions migratorOptionsFor(const Workspace &workspace);

// Runs one RunSession (workflows/RunSession.h: lock, re-plan, protected backup, the steps, the
// audit trail) off the owner thread, the window's way of calling the same core run as the CLI.
//
// Threading and ownership (base/Background.h's rule):
//  - The job is a QObject of the thread that creates it (the owner thread, usually the GUI
//    thread); every member but cancel() must be called in that thread.
//  - start() runs the session with Background::run. The session opens its own connection in its
//    worker thread and closes it there — the QtSql connection never leaves that thread. It holds
//    the request's workspace (the scripts the plan points to) until it returns.
//  - The signals below are emitted in the owner thread (queued from the worker, in the order the
//    session reported them); finished() comes last, after the connection is closed. Slots
//    connected to them may touch widgets. Nothing a caller passes is ever called back from the
//    worker thread.
//  - cancel() is thread-safe: it stops a lock wait or a backup, interrupts the statement in
//    flight and rolls the current step back; finished() then carries "cancelled".
//  - The destructor cancels a run still in progress and waits for it to return (bounded: a
//    cancelled run returns within seconds); it emits nothing. A job runs once.
class MigrationJob final : public QObject {
    Q_OBJECT

public:
    explicit MigrationJob(RunRequest request, QObject *parent = nullptr);
    // The run of `plan` on `environment` with `options`' lock timeout and audit note.
    MigrationJob(std::shared_ptr<const Workspace> workspace, Environment environment, Plan plan,
                 MigratorOptions options, QObject *parent = nullptr);
    MigrationJob(std::shared_ptr<const Workspace> workspace, Environment environment,
                 ConnectionSecrets secrets, Plan plan, MigratorOptions options,
                 QObject *parent = nullptr);
    ~MigrationJob() override;

    MigrationJob(const MigrationJob &) = delete;
    MigrationJob &operator=(const MigrationJob &) = delete;

    // Starts the run and returns at once.
    void start();
    // Thread-safe; may be called before, during or after the run (before start(): the run stops
    // before its first statement).
    void cancel();
    // From start() until finished() has been emitted.
    bool isRunning() const { return m_running; }

    const Plan &plan() const { return m_session->request().plan; }
    const Environment &environment() const { return m_session->request().environment; }
    // After finished(): what the session did (the plan run, the backup, applied statements).
    const std::optional<RunOutcome> &outcome() const { return m_outcome; }

Q_SIGNALS:
    // Step `step` (1-based) of `count` begins; `description` is Alembic's "upgrade a -> b, msg".
    void progress(int step, int count, const QString &description);
    // Statement `index` (1-based) of step `step` begins.
    void statement(int step, int index, const QString &text);
    // Step `step` committed after `ms` milliseconds.
    void stepFinished(int step, qint64 ms);
    // A log line in Alembic's wording ("Running upgrade a -> b, msg"), or a "warning: ..." line.
    void logLine(const QString &line);
    // Another runner holds the run lock: the session polls until it is free, the lock timeout
    // passes (finished() then says who held it) or cancel().
    void lockWaiting(const retort::LockHolder &holder, qint64 elapsedMs);
    // The database moved while the run waited for the lock; `plan` was made again from `rows`.
    void replanned(const QStringList &rows, const retort::Plan &plan);
    // Protected environment: the backup before the first step starts / was written.
    void backingUp();
    void backedUp(const retort::BackupInfo &backup);
    // The run ended: success, or the first error (with its ErrorKind).
    void finished(const retort::Status &status);

private:
    std::shared_ptr<RunSession> m_session;
    std::optional<CancelToken> m_task;
    std::optional<RunOutcome> m_outcome;
    bool m_started = false;
    bool m_running = false;
};

// Makes a plan off the owner thread (makePlan, workflows/Planning.h): reads the environment's
// version rows in a worker and plans there — for Alembic revisions also running the request's
// alembic program (PlanRequest::alembicProgram) so the plan carries their SQL.
//
// Threading: as MigrationJob — call members in the owner thread; finished() is emitted there once
// the worker's connection is closed. Destroying the job drops a result still to come (the worker
// ends on its own, within the connect timeout). One request per job.
class PlanJob final : public QObject {
    Q_OBJECT

public:
    using Request = PlanRequest;

    PlanJob(std::shared_ptr<const Workspace> workspace, Environment environment, Request request,
            QObject *parent = nullptr);
    PlanJob(std::shared_ptr<const Workspace> workspace, Environment environment,
            ConnectionSecrets secrets, Request request, QObject *parent = nullptr);

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
    bool m_started = false;
    bool m_running = false;
};

} // namespace retort

Q_DECLARE_METATYPE(retort::Status)
Q_DECLARE_METATYPE(retort::Plan)
Q_DECLARE_METATYPE(retort::BackupInfo)
