#pragma once

#include "base/Error.h"
#include "db/AuditTrail.h"
#include "db/Dialect.h"
#include "db/Lock.h"
#include "db/VersionTable.h"
#include "graph/Plan.h"

#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace retort {

struct Statement;
struct Script;
namespace detail {
class ServerCanceller; // Migrator.cpp: cancels a running query from a second connection
}

struct MigratorOptions {
    // The version table (the project's versionTableName()); the audit trail lives in its schema.
    TableName versionTable = VersionTable::defaultTable();
    // Script paths in errors are shown relative to this directory (usually the project's), e.g.
    // "versions/3f2a_add.sql". Empty: Script::path as stored (or Script::fileName if no path).
    QString displayRoot;
    // Refuse to run when the version table's rows differ (as a set) from Plan::headsBefore: the
    // database moved since the plan was made. Turn off only for plans built without headsBefore.
    bool checkHeadsBefore = true;

    // One runner at a time (see DatabaseLock). Acquire: run() takes the lock on its connection
    // before it reads anything, waiting up to lockTimeoutMs (< 0: forever; lockWaiting() reports
    // each poll; cancel() stops the wait) and releases it on return. HeldByCaller: the caller
    // already holds a DatabaseLock on the same connection (the CLI, which re-plans once it has
    // the lock). None: no lock (tests of the bare runner only).
    enum class LockMode { Acquire, HeldByCaller, None };
    LockMode lock = LockMode::Acquire;
    int lockTimeoutMs = 60000;

    // Record every step in the audit trail (AuditTrail, table `retort_history`, created on the
    // first step). A step whose running row cannot be written does not run.
    bool auditTrail = true;
    // Written into every audit row of the run (e.g. "pre-flight overridden: ..."). No secrets.
    QString auditNote;
    // The audit rows' direction for every step, instead of "upgrade" / "downgrade" / "stamp":
    // for a plan that runs SQL which is no revision's (a drift revert writes "revert-drift"), so
    // readers that look for applied revisions (appliedScripts, pre-flight) never take it for one.
    // Empty: the step's own.
    QString auditDirection;
};

// Executes a Plan on an open database connection.
//
// Threading: a QtSql connection belongs to the thread that opened it, so run() must be called in
// that thread — in the GUI, a worker QThread that opens its own connection; run() blocks it until
// the plan is done, has failed or was cancelled. The signals are emitted from that thread; connect
// GUI receivers with (auto/)queued connections and never touch widgets from a direct one.
// cancel() is the only member that may be called from any other thread, at any time; call it
// directly, not through a queued connection, since the worker's event loop is blocked in run().
//
// Per step (Alembic's semantics; the version table is created in the first step that changes it
// if it does not exist yet):
//  - transactional step (script `Transactional: true` or a stamp, on a dialect with
//    transactional DDL — SQLite and PostgreSQL have it): BEGIN; the statements of the script's
//    section for the dialect's driver (upgradeFor / downgradeFor); the step's versionOps; COMMIT.
//    Any failure rolls the whole step back and stops the run: the database stays at the last
//    completed step, with no partial schema.
//  - `Transactional: false` step: the statements run one by one in autocommit mode; then the
//    versionOps run in their own short transaction. A failure part-way leaves the statements
//    before it applied and the version table at the previous revision; the error says where.
//  - stamp step (no script): only the versionOps.
// Update and Delete version ops must each match exactly one row, else the step fails (as Alembic).
// Plan::purge (stamp --purge) empties the version table in the first step's transaction (or in a
// transaction of its own for a plan without steps) and skips the headsBefore check.
//
// PostgreSQL: transactional DDL, as SQLite. `Transactional: false` is what CREATE INDEX
// CONCURRENTLY and friends need (they refuse to run inside a transaction block).
//
// MySQL/MariaDB: DDL commits implicitly, so every step runs its statements one by one in
// autocommit mode, as a `Transactional: false` step does, and the version change follows in its
// own transaction only once all of them succeeded: the version table only ever records fully
// applied migrations. A failure names the failing statement (number, file:line, server message)
// and lists the statements of that migration that stay applied (also in
// appliedStatementsOfFailedStep()), so the user can repair or stamp. Front ends should show
// preRunWarning() before such a run.
//
// Error texts from servers: PostgreSQL's first message line plus "(SQLSTATE xxxxx)", MySQL's
// message plus "(error nnnn)". A PostgreSQL syntax error points at the line of the offending token
// inside the statement (found with libpg_query), not just the statement's first line.
//
// SQLite notes: `PRAGMA foreign_keys = ...` is a no-op inside a transaction, so a script that needs
// it must be `Transactional: false`. QSqlQuery runs only one statement per exec(), which is why the
// section is split first (see splitStatements). While run() is active, the connection has a
// progress handler installed (removed on return).
//
// Lock and audit trail (MigratorOptions::lock, ::auditTrail): run() first takes the run lock,
// then turns Running audit rows left by a dead runner into Interrupted (interruptedSteps(), and a
// "warning:" message()), then checks headsBefore — so a plan made before another runner moved the
// database fails with "make the plan again" instead of applying anything twice. Per step: a
// Running row is inserted and committed before the step; a non-transactional step records the
// statement in flight before each statement (autocommit); the Succeeded state is written inside
// the step's transaction (MySQL: inside the version change's transaction), so it commits with the
// step; after a failure and rollback the row becomes Failed in autocommit. A run killed mid-step
// leaves the Running row behind: the next run reports it as interrupted at its statement.
//
// Lifetime: the Migrator holds a copy of the QSqlDatabase handle, so destroy it before
// QSqlDatabase::removeDatabase(); it must outlive any cancel() call made from another thread.
// Scripts must not contain BEGIN/COMMIT/ROLLBACK themselves: in a transactional step a BEGIN fails,
// and a COMMIT would break the step's atomicity.
//
// A Migrator is meant for one run. A cancel is sticky: once requested, later runs of the same
// Migrator stop before their first statement.
class Migrator final : public QObject {
    Q_OBJECT
public:
    // `db` must be open. The dialect decides the script sections used (dialect.name()), the SQL
    // of the version table and how a running statement is interrupted.
    Migrator(QSqlDatabase db, Dialect dialect, MigratorOptions options = {},
             QObject *parent = nullptr);
    ~Migrator() override;

    // Runs the plan's steps in order. Returns success, or the first error:
    //  - a failing statement: "upgrade <rev> failed at statement <k> (<file>:<line>): <db message>"
    //    with Error::file, ::line (line in the script file) and ::revision filled;
    //  - a failing version-table change: "upgrade <rev> failed: <message>";
    //  - cancellation: "cancelled", Error::revision = the step that was rolled back (empty if the
    //    cancel came before the first step).
    // ("downgrade" or "stamp" instead of "upgrade" where that is the step's kind.)
    // Threading: call in the thread that owns the connection.
    Status run(const Plan &plan);

    // Asks the run to stop: no further statement starts, and a statement in flight is interrupted
    // — SQLite: sqlite3_interrupt; PostgreSQL: pg_cancel_backend(pid), MySQL: KILL QUERY id, each
    // sent from a second connection that a helper thread opens (cancel() itself never blocks on
    // the network, so the GUI thread may call it; the helper is joined before run() returns and
    // repeats the request while the statement still runs, for up to ten seconds, to cover a cancel
    // that lands just before the statement reaches the server). The current step is rolled back
    // (where the dialect can); run() returns Error("cancelled") — on a non-transactional step that
    // had applied statements, "cancelled; statements 1-k of <rev> stay applied ...".
    // Thread-safe; may be called before, during or after run().
    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }

    // After run() failed or was cancelled: the indexes (Statement::index) of the statements of the
    // failed step that were applied and stay applied (a non-transactional step: MySQL/MariaDB, or
    // `Transactional: false`). Empty when the step was rolled back as a whole or nothing ran.
    // Threading: the run's thread, after run() returned.
    const std::vector<int> &appliedStatementsOfFailedStep() const { return m_appliedInStep; }

    // The warning to show before running `plan` on `dialect`: Dialect::nonTransactionalWarning()
    // when the dialect has no transactional DDL and the plan runs at least one script; else empty.
    // Pure.
    static QString preRunWarning(const Dialect &dialect, const Plan &plan);

    // After run(): the audit rows of earlier runs that this run found Running (their runner had
    // died) and marked Interrupted. Threading: the run's thread, after run() returned.
    const std::vector<AuditEntry> &interruptedSteps() const { return m_interrupted; }
    // After run(): the ids of the audit rows this run wrote, in step order.
    const std::vector<qint64> &auditIds() const { return m_auditIds; }

    // The text of a step's script as recorded in the audit trail (the file's bytes as read now, or
    // the section's SQL for an in-memory script) and its SHA-256. Empty for a stamp. Reads the
    // disk; any thread.
    static QByteArray scriptBytes(const Script &script);

Q_SIGNALS:
    // Step `step` (1-based) of `stepCount` begins.
    void stepStarted(int step, int stepCount, const retort::PlanStep &planStep);
    // Statement `statement` (1-based, as Statement::index) of step `step` begins.
    void statementStarted(int step, int statement, const QString &text);
    // Step `step` committed after `elapsedMs` milliseconds.
    void stepFinished(int step, qint64 elapsedMs);
    // A log line, Alembic's wording: "Running upgrade a -> b, message"; also "warning: ..." lines
    // about interrupted earlier runs.
    void message(const QString &line);
    // The run lock is held by someone else; run() waits (polling) and will try again. `elapsedMs`
    // since the wait began; the wait ends at MigratorOptions::lockTimeoutMs or cancel().
    void lockWaiting(const retort::LockHolder &holder, qint64 elapsedMs);

private:
    struct StepRun; // Migrator.cpp
    Status runStep(int index, int count, const PlanStep &step);
    Status runTransactionalStep(StepRun &run);
    Status runAutocommitStep(StepRun &run);
    Status beginStep(const StepRun &run);
    Status endStep(const StepRun &run, Status status);
    Status failStep(const StepRun &run, Status status);
    Status recordSuccess(const StepRun &run, Status status);
    Status runStatements(int index, const PlanStep &step, const std::vector<Statement> &statements,
                         int firstLine, bool transactional);
    Error cancelledInStep(const PlanStep &step, const std::vector<Statement> &statements,
                          int firstLine) const;
    Status applyVersionOps(const PlanStep &step);
    Status checkHeadsBefore(const Plan &plan);
    Status rollback();
    Error stepError(const PlanStep &step, const QString &what) const;
    QString serverMessage(const QSqlError &error) const;
    QString appliedText(const PlanStep &step, const std::vector<Statement> &statements,
                        int firstLine) const;
    Error cancelledError(const PlanStep *step) const;
    QString displayPath(const PlanStep &step) const;
    Status acquireLock();
    Status auditBegin(const PlanStep &step, bool transactional, qint64 *id);
    void auditStatement(qint64 id, int statement);
    Status auditEnd(qint64 id, const Status &outcome, qint64 elapsedMs);

    // Interrupt support, dialect-specific (see Migrator.cpp).
    void installInterrupt();
    void removeInterrupt();

    QSqlDatabase m_db;
    Dialect m_dialect;
    MigratorOptions m_options;
    VersionTable m_versionTable;
    bool m_versionTableExists = false;
    bool m_purgePending =
        false; // Plan::purge, until the first step's version change empties the table

    std::atomic<bool> m_cancelled{false};
    // True while a statement of a migration runs: only then may cancel() interrupt the
    // connection (never a ROLLBACK). Written under m_interruptMutex.
    std::atomic<bool> m_statementActive{false};
    QMutex m_interruptMutex; // guards m_interrupt against the connection going away
    std::function<void()> m_interrupt;
    void *m_nativeHandle = nullptr;
    std::unique_ptr<detail::ServerCanceller> m_serverCanceller; // PostgreSQL, MySQL; under mutex
    std::vector<int> m_appliedInStep; // see appliedStatementsOfFailedStep()

    std::unique_ptr<DatabaseLock> m_lock; // LockMode::Acquire, during run()
    AuditTrail m_audit;
    bool m_auditReady = false;
    QString m_runId;
    QDateTime m_runStartedAt;
    qint64 m_auditId = 0;       // the current step's audit row; 0 when none
    int m_currentStatement = 0; // the statement in flight or failing (Statement::index)
    std::vector<AuditEntry> m_interrupted;
    std::vector<qint64> m_auditIds;
};

} // namespace retort
