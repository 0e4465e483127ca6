#pragma once

#include "base/Error.h"
#include "db/Dialect.h"
#include "base/TableName.h"

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace retort {

struct Environment;
struct ConnectionSecrets;

// What became of one executed step.
//  - Running: the step started and has not ended (another runner is at it right now, or the run
//    died: see Interrupted).
//  - Succeeded / Failed: the step ended (a cancelled step is Failed with the error "cancelled").
//  - Interrupted: a Running row whose runner is gone (the process was killed, the connection or
//    tunnel dropped). Stored by the next run that takes the lock; readers that find a Running row
//    while the lock is free report it as Interrupted too (resolveRunning()).
enum class AuditOutcome { Running, Succeeded, Failed, Interrupted };

QString auditOutcomeName(AuditOutcome outcome); // "running", "succeeded", ...
std::optional<AuditOutcome> auditOutcomeFromName(const QString &name);

// One row of `retort_history`: one executed step of a run.
struct AuditEntry {
    qint64 id = 0;             // the table's own key (ascending in time)
    QString runId;             // the same for every step of one run
    QString revision;          // PlanStep::revision
    QString direction;         // "upgrade" | "downgrade" | "stamp"
    QStringList fromRevisions; // PlanStep::fromRevisions (empty = base)
    QStringList toRevisions;   // PlanStep::toRevisions (empty = base)
    QDateTime runStartedAt;    // UTC: when the run took the lock
    QDateTime startedAt;       // UTC: when the step began
    QDateTime finishedAt;      // UTC; invalid while Running / Interrupted
    qint64 durationMs = -1;    // -1 while Running / Interrupted
    AuditOutcome outcome = AuditOutcome::Running;
    int statement = 0;         // Running/Interrupted: the statement in flight (1-based; 0:
                               // before the first); Failed: the failing one (0: not a statement)
    bool transactional = true; // the step ran in one transaction: interrupted = rolled back
    QString error;             // Failed: the error; Interrupted: what is known
    QString operatorName;      // OS user@host of the runner
    QString retortVersion;     // RETORT_VERSION of the runner
    QString scriptSha256;      // lower-case hex SHA-256 of the script file as run; "" for stamps
    QString script;            // the script text as run (empty unless read with scripts)
    QString note;              // e.g. a recorded pre-flight override; never a secret

    // "upgrade a -> b", Alembic's short form (base written as <base>).
    QString step() const;
    // One line for logs: "#12 2026-... alice@box upgrade a -> b succeeded (120 ms)" plus where an
    // interrupted step stopped.
    QString describe() const;
};

// `retort_history`, Retort's audit trail, in the same schema as the version table (the
// project's version_table_schema; none: the connection's default). One row per executed step.
// Created on a run's first step (DDL per dialect; see createSql()); the schema must exist.
//
// Write protocol (Migrator): insertRunning() in autocommit before the step (so a crash leaves the
// row visible); setStatement() in autocommit before each statement of a non-transactional step;
// finish() inside the step's transaction (transactional dialects: the final state commits with
// the step and its version change), or, after a failure and rollback, in autocommit.
//
// Threading: the database functions run in the calling thread, which must own `db`; they never
// begin or end a transaction. The SQL builders are pure. Nothing secret is ever written: the
// columns hold ids, times, the OS user and host, script text, and server error texts (which
// Connection already masks).
class AuditTrail final {
public:
    static QString defaultName() { return QStringLiteral("retort_history"); }

    // The audit table in `schema` (empty: the connection's default schema).
    explicit AuditTrail(Dialect dialect, QString schema = {});
    // The audit table next to `versionTable` (in its schema).
    static AuditTrail besideVersionTable(Dialect dialect, const TableName &versionTable)
    {
        return AuditTrail(dialect, versionTable.schema);
    }

    const TableName &table() const { return m_table; }
    QString createSql() const;

    Result<bool> exists(const QSqlDatabase &db) const;
    // Creates the table when it does not exist.
    Status ensure(const QSqlDatabase &db) const;
    // Inserts `entry` as Running; returns its id (also stored in entry.id).
    Result<qint64> insertRunning(const QSqlDatabase &db, AuditEntry &entry) const;
    Status setStatement(const QSqlDatabase &db, qint64 id, int statement) const;
    // Ends row `id` with `outcome` (Succeeded or Failed).
    Status finish(const QSqlDatabase &db, qint64 id, AuditOutcome outcome, const QString &error,
                  int statement, const QDateTime &finishedAt, qint64 durationMs) const;
    // Turns every Running row into Interrupted and returns them (as they are now). Call only while
    // holding the DatabaseLock: then no runner is alive to own them. Missing table: none.
    Result<std::vector<AuditEntry>> markInterrupted(const QSqlDatabase &db) const;
    // The rows, newest first; `limit` > 0 keeps the newest `limit`; `withScripts` also reads the
    // script texts (large). Missing table: an empty list (a plain Alembic database).
    Result<std::vector<AuditEntry>> read(const QSqlDatabase &db, int limit = 0,
                                         bool withScripts = false) const;
    // The newest row, if any.
    Result<std::optional<AuditEntry>> latest(const QSqlDatabase &db) const;
    // For each revision whose newest Succeeded upgrade/downgrade row is an upgrade (it is applied),
    // that row, with its script: what was applied.
    Result<std::vector<AuditEntry>> appliedScripts(const QSqlDatabase &db) const;

private:
    QString sqlName() const; // the table as it appears in SQL
    Result<std::vector<AuditEntry>> select(const QSqlDatabase &db, const QString &where, int limit,
                                           bool withScripts) const;
    Dialect m_dialect;
    TableName m_table;
};

// For display without holding the lock: when `lockFree` (nobody runs), Running rows are
// Interrupted. Pure.
void resolveRunning(std::vector<AuditEntry> &entries, bool lockFree);

// The OS user and host of this process: "user@host". Never a secret.
QString operatorIdentity();
// Lower-case hex SHA-256.
QString sha256Hex(const QByteArray &data);

// The audit trail of `env` as a reader sees it: opens its own connection in the calling thread
// (blocking: a worker thread in the GUI), reads the rows (newest first, scripts when asked),
// probes the run lock and resolves Running rows (resolveRunning). A database without the table,
// or a SQLite file that does not exist, gives an empty list. `lockHeld` (optional) tells whether
// a runner holds the lock right now. The audit table and the lock are those of `versionTable`
// (its schema).
Result<std::vector<AuditEntry>> readHistory(const Environment &env, const TableName &versionTable,
                                            const ConnectionSecrets &secrets, int limit = 0,
                                            bool withScripts = false, bool *lockHeld = nullptr);

} // namespace retort
