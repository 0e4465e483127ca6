#include "workflows/SchemaDrift.h"

#include "db/AuditTrail.h"
#include "db/Dialect.h"
#include "db/Lock.h"
#include "db/VersionTable.h"
#include "project/Workspace.h"
#include "workflows/DriftTriage.h"
#include "workflows/SchemaInspection.h"
#include "workflows/ScratchDatabase.h"

#include <functional>
#include <optional>
#include <vector>

namespace retort {

ExpectedSchemaOptions schemaReplayOptions(const Project &project, const QString &driver,
                                          const ConnectionSecrets &scratchSecrets)
{
    ExpectedSchemaOptions options;
    if (driver != u"sqlite")
        options.scratch = scratchServerOf(project, scratchSecrets);
    return options;
}

Result<SchemaDriftReport> checkSchemaDrift(const Workspace &ws, const Environment &env,
                                           const ConnectionSecrets &secrets,
                                           const ExpectedSchemaOptions &replay,
                                           const CancelToken *cancel, SchemaDriftStep *failedAt)
{
    auto fail = [failedAt](SchemaDriftStep step, Error e) {
        if (failedAt)
            *failedAt = step;
        return e;
    };
    if (env.driver != u"sqlite" && !replay.scratch)
        return fail(SchemaDriftStep::NoScratchServer,
                    Error(QStringLiteral("%1: checking drift of a %2 database needs a scratch "
                                         "server (set scratch = \"ENV\" in retort.toml); its "
                                         "SQL is not replayed on SQLite")
                              .arg(env.name, env.driver),
                          ws.project().file)
                        .as(ErrorKind::Refused));
    if (sqliteDatabaseMissing(env))
        return fail(
            SchemaDriftStep::NoDatabase,
            Error(QStringLiteral("%1: no database to check yet").arg(env.name), env.database)
                .as(ErrorKind::Io));
    SchemaDriftReport report;
    Result<SchemaSnapshot> live = SchemaSnapshot();
    std::vector<AuditEntry> audit;
    {
        ScopedConnection conn;
        if (Status st = conn.open(env, true, secrets); !st)
            return fail(SchemaDriftStep::Rows, st.error());
        // SQLite: the run lock (a lock file, cheap) is held while the rows and the schema are
        // read, so a run cannot change them in between. Another reader holds it for a moment
        // (a second drift check of the same file): wait that out, up to two seconds. Still
        // held: a run is in progress, and there is no answer.
        std::optional<DatabaseLock> lock;
        if (env.driver == u"sqlite") {
            lock.emplace(conn.db(), Dialect::sqlite(), ws.project().versionTableName());
            Result<bool> taken = lock->tryAcquire();
            if (taken && !*taken) {
                const std::function<bool(const LockHolder &, qint64)> keepWaiting =
                    [cancel](const LockHolder &, qint64) {
                        return !(cancel && cancel->isCancelled());
                    };
                taken = bool(lock->acquire(2000, keepWaiting, nullptr, 100));
            }
            if (!taken)
                return fail(SchemaDriftStep::Rows, taken.error());
            if (!*taken)
                return fail(SchemaDriftStep::Rows,
                            Error(QStringLiteral("%1: a migration is running (the run lock is "
                                                 "held by %2); check drift when it finishes")
                                      .arg(env.name, lock->holder().describe()))
                                .as(ErrorKind::LockTimeout));
        }
        Result<QStringList> rows = currentHeads(conn.db(), ws.project().versionTableName());
        if (!rows)
            return fail(SchemaDriftStep::Rows, rows.error());
        report.rows = *rows;
        live = inspectEnvironment(env, secrets, cancel);
        // The acceptances, read now (under the same lock): matched once the diff is known. An
        // audit table this login cannot read only costs the "accepted" answer, not the check.
        if (live) {
            if (const Result<Dialect> dialect = Dialect::forDriver(env.driver)) {
                Result<std::vector<AuditEntry>> read =
                    AuditTrail::besideVersionTable(*dialect, ws.project().versionTableName())
                        .read(conn.db());
                if (read)
                    audit = std::move(*read);
            }
        }
    }
    if (!live)
        return fail(SchemaDriftStep::Live, live.error());
    // What upgrading an empty database to the version rows gives (nothing applied: nothing).
    Result<SchemaSnapshot> expected = expectedSchema(
        ws, report.rows.isEmpty() ? QStringList{QStringLiteral("base")} : report.rows, env.driver,
        replay, cancel);
    if (!expected) {
        Error e = expected.error();
        e.message = QStringLiteral("%1: cannot tell the schema its revisions should give: %2")
                        .arg(env.name, e.message);
        return fail(SchemaDriftStep::Expected, std::move(e));
    }
    DiffOptions options;
    options.ignoreTables.append(ws.project().versionTableName().name);
    report.diff = diffSchemas(*expected, *live, options);
    report.fingerprint = driftFingerprint(report.diff);
    report.accepted = findDriftAcceptance(audit, report.fingerprint);
    report.expected = std::move(*expected);
    report.live = std::move(*live);
    return report;
}

QString driftFailureSummary(SchemaDriftStep step, const Error &error)
{
    if (error.is(ErrorKind::Cancelled))
        return QStringLiteral("cancelled");
    if (error.is(ErrorKind::LockTimeout))
        return QStringLiteral("migration running");
    switch (step) {
    case SchemaDriftStep::NoScratchServer:
        return QStringLiteral("needs a scratch server");
    case SchemaDriftStep::NoDatabase:
        return QStringLiteral("no database");
    case SchemaDriftStep::Rows:
    case SchemaDriftStep::Live:
        return QStringLiteral("not reachable");
    case SchemaDriftStep::Expected:
        break;
    }
    return QStringLiteral("replay failed");
}

QString DriftAcceptance::describe() const
{
    return QStringLiteral("accepted by %1 on %2 UTC: %3")
        .arg(operatorName, at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")), reason);
}

QString driftSummary(const SchemaDriftReport &report)
{
    if (report.acceptedDrift())
        return QStringLiteral("accepted (%1)").arg(report.accepted->reason);
    return driftSummary(report.diff);
}

QString driftSummary(const SchemaDiff &diff)
{
    const qsizetype n = qsizetype(diff.changes.size());
    if (n == 0)
        return QStringLiteral("none");
    return n == 1 ? QStringLiteral("1 difference") : QStringLiteral("%1 differences").arg(n);
}

} // namespace retort
