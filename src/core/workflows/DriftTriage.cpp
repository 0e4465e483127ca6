#include "workflows/DriftTriage.h"

#include "db/Dialect.h"
#include "db/Lock.h"
#include "project/Workspace.h"
#include "scripts/Script.h"

#include <QJsonDocument>
#include <QUuid>

namespace retort {

namespace {

// The revision column of a triage row: the version rows (never a null string: NOT NULL).
QString rowsText(const QStringList &rows)
{
    const QString text = rows.join(u',').left(255);
    return text.isNull() ? QStringLiteral("") : text;
}

// Writes the "accept-drift" row of `report` on the open connection `db` of `env`.
Result<DriftAcceptance> writeAcceptance(const QSqlDatabase &db, const Dialect &dialect,
                                        const TableName &versionTable, const Environment &env,
                                        const SchemaDriftReport &report, const QString &reason)
{
    DatabaseLock lock(db, dialect, versionTable);
    const Result<bool> taken = lock.tryAcquire();
    if (!taken)
        return taken.error();
    if (!*taken)
        return Error(QStringLiteral("%1: a migration is running (the run lock is held by %2); "
                                    "accept the drift when it finishes")
                         .arg(env.name, lock.holder().describe()))
            .as(ErrorKind::LockTimeout);
    const AuditTrail audit = AuditTrail::besideVersionTable(dialect, versionTable);
    if (Status st = audit.ensure(db); !st)
        return st.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    AuditEntry entry;
    entry.runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.revision = rowsText(report.rows);
    entry.direction = acceptDriftDirection();
    entry.fromRevisions = report.rows;
    entry.toRevisions = report.rows;
    entry.runStartedAt = now;
    entry.startedAt = now;
    entry.transactional = true;
    entry.operatorName = operatorIdentity();
    entry.retortVersion = QStringLiteral(RETORT_VERSION);
    entry.script = QString::fromUtf8(driftCanonicalJson(report.diff));
    entry.scriptSha256 = report.fingerprint;
    entry.note = reason;
    const Result<qint64> id = audit.insertRunning(db, entry);
    if (!id)
        return id.error();
    if (Status st = audit.finish(db, *id, AuditOutcome::Succeeded, {}, 0, now, 0); !st)
        return st.error();
    DriftAcceptance accepted;
    accepted.auditId = *id;
    accepted.fingerprint = report.fingerprint;
    accepted.reason = reason;
    accepted.operatorName = entry.operatorName;
    accepted.at = now;
    return accepted;
}

} // namespace

QString acceptDriftDirection()
{
    return QStringLiteral("accept-drift");
}

QString revertDriftDirection()
{
    return QStringLiteral("revert-drift");
}

bool isDriftTriageEntry(const AuditEntry &entry)
{
    return entry.direction == acceptDriftDirection() || entry.direction == revertDriftDirection();
}

QByteArray driftCanonicalJson(const SchemaDiff &diff)
{
    return QJsonDocument(diff.toJson()).toJson(QJsonDocument::Compact);
}

QString driftFingerprint(const SchemaDiff &diff)
{
    return diff.empty() ? QString() : sha256Hex(driftCanonicalJson(diff));
}

std::optional<DriftAcceptance> findDriftAcceptance(const std::vector<AuditEntry> &newestFirst,
                                                   const QString &fingerprint)
{
    if (fingerprint.isEmpty())
        return std::nullopt;
    for (const AuditEntry &e : newestFirst) {
        if (e.direction != acceptDriftDirection() || e.outcome != AuditOutcome::Succeeded ||
            e.scriptSha256 != fingerprint)
            continue;
        DriftAcceptance a;
        a.auditId = e.id;
        a.fingerprint = e.scriptSha256;
        a.reason = e.note;
        a.operatorName = e.operatorName;
        a.at = e.startedAt;
        return a;
    }
    return std::nullopt;
}

Result<SchemaDriftReport> acceptDrift(const Workspace &ws, const Environment &env,
                                      const ConnectionSecrets &secrets,
                                      const ExpectedSchemaOptions &replay, const QString &reason,
                                      const QString &seenFingerprint, const CancelToken *cancel)
{
    const QString why = reason.trimmed();
    if (why.isEmpty())
        return Error(QStringLiteral("%1: accepting drift needs a reason (it is recorded in the "
                                    "audit trail)")
                         .arg(env.name))
            .as(ErrorKind::Refused);
    Result<SchemaDriftReport> report = checkSchemaDrift(ws, env, secrets, replay, cancel);
    if (!report)
        return report.error();
    if (!report->drifted())
        return Error(QStringLiteral("%1: no drift to accept: the schema is what its revisions "
                                    "produce")
                         .arg(env.name))
            .as(ErrorKind::Refused);
    if (!seenFingerprint.isEmpty() && seenFingerprint != report->fingerprint)
        return Error(QStringLiteral("%1: the schema changed since its drift was shown (now %2); "
                                    "check again and accept what is there now")
                         .arg(env.name, driftSummary(report->diff)))
            .as(ErrorKind::Refused);
    const Result<Dialect> dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return dialect.error();
    ScopedConnection conn;
    if (Status st = conn.open(env, true, secrets); !st)
        return st.error();
    Result<DriftAcceptance> written =
        writeAcceptance(conn.db(), *dialect, ws.project().versionTableName(), env, *report, why);
    if (!written)
        return written.error();
    report->accepted = std::move(*written);
    return report;
}

DriftRevert planDriftRevert(const SchemaDriftReport &report, const QString &driver,
                            const QString &versionTable)
{
    DriftRevert revert;
    revert.report = report;
    if (!report.drifted())
        return revert;
    MigrationScriptOptions options;
    if (!versionTable.isEmpty())
        options.diff.ignoreTables.append(versionTable);
    revert.script = migrationScript(report.live, report.expected, options);
    // Notes-only statements run nothing: without one real statement there is no plan.
    bool any = false;
    for (const QString &statement : std::as_const(revert.script.statements)) {
        const QStringList lines = statement.split(u'\n');
        for (const QString &line : lines)
            if (!line.trimmed().isEmpty() && !line.trimmed().startsWith(QLatin1String("--")))
                any = true;
    }
    if (!any)
        return revert;
    auto script = std::make_shared<Script>();
    script->revision = rowsText(report.rows);
    script->message = QStringLiteral("revert drift");
    script->transactional = revert.script.transactional;
    script->fileName = QStringLiteral("revert-drift.sql");
    script->upgrade.sql = revert.script.text();
    script->upgrade.firstLine = 1;
    script->upgradeByDriver.insert(driver, script->upgrade);
    PlanStep step;
    step.direction = Direction::Upgrade;
    step.revision = script->revision;
    step.message = script->message;
    step.fromRevisions = report.rows;
    step.toRevisions = report.rows;
    step.script = script.get();
    revert.plan.direction = Direction::Upgrade;
    revert.plan.steps.push_back(step);
    revert.plan.headsBefore = report.rows;
    revert.plan.headsAfter = report.rows;
    revert.plan.scriptStorage = script;
    return revert;
}

Status driftRevertRunnable(const DriftRevert &revert, bool force)
{
    if (!revert.report.drifted())
        return Error(QStringLiteral("no drift to revert: the schema is what its revisions "
                                    "produce"))
            .as(ErrorKind::Refused);
    if (!revert.hasStatements())
        return Error(QStringLiteral("no SQL can revert this drift (%1); revert it by hand")
                         .arg(revert.script.reviews.join(QStringLiteral("; "))))
            .as(ErrorKind::Refused);
    if (revert.needsReview() && !force)
        return Error(QStringLiteral("the revert script has %1 REVIEW note(s) that need a "
                                    "person's decision")
                         .arg(revert.script.reviews.size()))
            .as(ErrorKind::Refused);
    return {};
}

RunRequest driftRevertRequest(std::shared_ptr<const Workspace> workspace, const Environment &env,
                              const ConnectionSecrets &secrets, const DriftRevert &revert)
{
    RunRequest request;
    request.workspace = std::move(workspace);
    request.environment = env;
    request.secrets = secrets;
    request.plan = revert.plan;
    request.auditDirection = revertDriftDirection();
    request.auditNote = QStringLiteral("reverts drift %1").arg(revert.report.fingerprint);
    return request;
}

} // namespace retort
