#pragma once

#include "Error.h"
#include "db/Dialect.h"
#include "db/VersionTable.h"
#include "graph/Plan.h"

#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>

namespace retort {

struct Statement;

struct MigratorOptions {
    // Name of the version table.
    QString versionTable = VersionTable::defaultName();
    // Script paths in errors are shown relative to this directory (usually the project's), e.g.
    // "versions/3f2a_add.sql". Empty: Script::path as stored (or Script::fileName if no path).
    QString displayRoot;
    // Refuse to run when the version table's rows differ (as a set) from Plan::headsBefore: the
    // database moved since the plan was made. Turn off only for plans built without headsBefore.
    bool checkHeadsBefore = true;
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
//    transactional DDL — SQLite has it): BEGIN; the statements of the script's section for
//    the dialect's driver (upgradeFor / downgradeFor); the step's versionOps; COMMIT. Any failure
//    rolls the whole step back and stops the run: the database stays at the last completed step,
//    with no partial schema.
//  - `Transactional: false` step: the statements run one by one in autocommit mode; then the
//    versionOps run in their own short transaction. A failure part-way leaves the statements
//    before it applied and the version table at the previous revision; the error says where.
//  - stamp step (no script): only the versionOps.
// Update and Delete version ops must each match exactly one row, else the step fails (as Alembic).
// Plan::purge (stamp --purge) empties the version table in the first step's transaction (or in a
// transaction of its own for a plan without steps) and skips the headsBefore check.
//
// SQLite notes: `PRAGMA foreign_keys = ...` is a no-op inside a transaction, so a script that needs
// it must be `Transactional: false`. QSqlQuery runs only one statement per exec(), which is why the
// section is split first (see splitStatements). While run() is active, the connection has a
// progress handler installed (removed on return).
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
    // (sqlite3_interrupt). The current step is rolled back; run() returns Error("cancelled").
    // Thread-safe; may be called before, during or after run().
    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }

Q_SIGNALS:
    // Step `step` (1-based) of `stepCount` begins.
    void stepStarted(int step, int stepCount, const retort::PlanStep &planStep);
    // Statement `statement` (1-based, as Statement::index) of step `step` begins.
    void statementStarted(int step, int statement, const QString &text);
    // Step `step` committed after `elapsedMs` milliseconds.
    void stepFinished(int step, qint64 elapsedMs);
    // A log line, Alembic's wording: "Running upgrade a -> b, message".
    void message(const QString &line);

private:
    Status runStep(int index, int count, const PlanStep &step);
    Status runStatements(int index, const PlanStep &step, const std::vector<Statement> &statements,
                         int firstLine, bool transactional);
    Status applyVersionOps(const PlanStep &step);
    Status checkHeadsBefore(const Plan &plan);
    Status rollback();
    Error stepError(const PlanStep &step, const QString &what) const;
    Error cancelledError(const PlanStep *step) const;
    QString displayPath(const PlanStep &step) const;

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
};

} // namespace retort
