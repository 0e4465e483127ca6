#include "db/AuditTrail.h"

#include "db/Connection.h"
#include "db/Lock.h"

#include <QCryptographicHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace retort {

namespace {

QString databaseMessage(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFrom(const QVariant &v)
{
    const QString s = v.toString();
    if (s.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

// Never a null QString: QtSql binds a null string as NULL, and the columns are NOT NULL.
QString revisionsText(const QStringList &revisions)
{
    const QString text = revisions.join(u',');
    return text.isNull() ? QStringLiteral("") : text;
}

QStringList revisionsFrom(const QVariant &v)
{
    const QString s = v.toString();
    return s.isEmpty() ? QStringList() : s.split(u',');
}

// The columns read back, in this order (see select()).
constexpr const char *kColumns =
    "id, run_id, revision, direction, from_revisions, to_revisions, run_started_at, started_at, "
    "finished_at, duration_ms, outcome, statement_index, transactional, error, operator_name, "
    "retort_version, script_sha256, note";

} // namespace

QString auditOutcomeName(AuditOutcome outcome)
{
    switch (outcome) {
    case AuditOutcome::Running:
        return QStringLiteral("running");
    case AuditOutcome::Succeeded:
        return QStringLiteral("succeeded");
    case AuditOutcome::Failed:
        return QStringLiteral("failed");
    case AuditOutcome::Interrupted:
        return QStringLiteral("interrupted");
    }
    Q_UNREACHABLE();
}

std::optional<AuditOutcome> auditOutcomeFromName(const QString &name)
{
    for (AuditOutcome o : {AuditOutcome::Running, AuditOutcome::Succeeded, AuditOutcome::Failed,
                           AuditOutcome::Interrupted})
        if (auditOutcomeName(o) == name)
            return o;
    return std::nullopt;
}

QString AuditEntry::step() const
{
    const auto side = [](const QStringList &l) {
        return l.isEmpty() ? QStringLiteral("<base>") : l.join(QStringLiteral(", "));
    };
    return QStringLiteral("%1 %2 -> %3").arg(direction, side(fromRevisions), side(toRevisions));
}

QString AuditEntry::describe() const
{
    QString text = QStringLiteral("#%1 %2 %3 %4 %5")
                       .arg(QString::number(id), timeText(startedAt), operatorName, step(),
                            auditOutcomeName(outcome));
    if (durationMs >= 0)
        text += QStringLiteral(" (%1 ms)").arg(durationMs);
    if (outcome == AuditOutcome::Interrupted || outcome == AuditOutcome::Running) {
        text += statement > 0 ? QStringLiteral(" at statement %1").arg(statement)
                              : QStringLiteral(" before its first statement");
        if (outcome == AuditOutcome::Interrupted)
            text += transactional ? QStringLiteral(" (transactional: the step was rolled back; "
                                                   "retry it)")
                                  : QStringLiteral(" (not transactional: the statements before "
                                                   "it stay applied; inspect, repair or stamp)");
    }
    if (!error.isEmpty())
        text += QStringLiteral(": ") + error.section(u'\n', 0, 0);
    return text;
}

AuditTrail::AuditTrail(Dialect dialect, QString schema)
    : m_dialect(dialect), m_table{std::move(schema), defaultName()}
{
}

QString AuditTrail::sqlName() const
{
    return m_dialect.formatTable(m_table);
}

QString AuditTrail::createSql() const
{
    QString id, text, longText, tail;
    switch (m_dialect.kind()) {
    case DialectKind::Sqlite:
        id = QStringLiteral("id INTEGER PRIMARY KEY"); // rowid: ascending, rows are never deleted
        text = longText = QStringLiteral("TEXT");
        break;
    case DialectKind::Postgresql:
        id = QStringLiteral("id BIGSERIAL PRIMARY KEY");
        text = longText = QStringLiteral("TEXT");
        break;
    case DialectKind::Mysql:
        id = QStringLiteral("id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY");
        text = QStringLiteral("TEXT");
        longText = QStringLiteral("LONGTEXT");
        tail = QStringLiteral(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        break;
    }
    return QStringLiteral("CREATE TABLE %1 (%2, run_id VARCHAR(40) NOT NULL, "
                          "revision VARCHAR(255) NOT NULL, direction VARCHAR(16) NOT NULL, "
                          "from_revisions %3 NOT NULL, to_revisions %3 NOT NULL, "
                          "run_started_at VARCHAR(32) NOT NULL, started_at VARCHAR(32) NOT NULL, "
                          "finished_at VARCHAR(32), duration_ms BIGINT, "
                          "outcome VARCHAR(16) NOT NULL, statement_index INTEGER NOT NULL, "
                          "transactional SMALLINT NOT NULL, error %3, "
                          "operator_name VARCHAR(255) NOT NULL, retort_version VARCHAR(32) NOT "
                          "NULL, script_sha256 VARCHAR(64), script %4, note %3)%5")
        .arg(sqlName(), id, text, longText, tail);
}

Result<bool> AuditTrail::exists(const QSqlDatabase &db) const
{
    return m_dialect.tableExists(db, m_table);
}

Status AuditTrail::ensure(const QSqlDatabase &db) const
{
    const Result<bool> present = exists(db);
    if (!present)
        return present.error();
    if (*present)
        return {};
    QSqlQuery query(db);
    if (!query.exec(createSql()))
        return Error(QStringLiteral("cannot create the audit table %1: %2")
                         .arg(m_table.toString(), databaseMessage(query.lastError())));
    return {};
}

Result<qint64> AuditTrail::insertRunning(const QSqlDatabase &db, AuditEntry &entry) const
{
    QSqlQuery query(db);
    QString sql =
        QStringLiteral("INSERT INTO %1 (run_id, revision, direction, from_revisions, to_revisions, "
                       "run_started_at, started_at, outcome, statement_index, transactional, "
                       "operator_name, retort_version, script_sha256, script, note) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)")
            .arg(sqlName());
    if (m_dialect.kind() == DialectKind::Postgresql)
        sql += QStringLiteral(" RETURNING id");
    query.prepare(sql);
    query.addBindValue(entry.runId);
    query.addBindValue(entry.revision);
    query.addBindValue(entry.direction);
    query.addBindValue(revisionsText(entry.fromRevisions));
    query.addBindValue(revisionsText(entry.toRevisions));
    query.addBindValue(timeText(entry.runStartedAt));
    query.addBindValue(timeText(entry.startedAt));
    query.addBindValue(entry.statement);
    query.addBindValue(entry.transactional ? 1 : 0);
    query.addBindValue(entry.operatorName);
    query.addBindValue(entry.retortVersion);
    query.addBindValue(entry.scriptSha256);
    query.addBindValue(entry.script);
    query.addBindValue(entry.note);
    if (!query.exec())
        return Error(QStringLiteral("cannot write the audit row: %1")
                         .arg(databaseMessage(query.lastError())));
    qint64 id = 0;
    if (m_dialect.kind() == DialectKind::Postgresql) {
        if (query.next())
            id = query.value(0).toLongLong();
    } else {
        id = query.lastInsertId().toLongLong();
    }
    if (id <= 0)
        return Error(QStringLiteral("cannot write the audit row: no id returned"));
    entry.id = id;
    entry.outcome = AuditOutcome::Running;
    return id;
}

Status AuditTrail::setStatement(const QSqlDatabase &db, qint64 id, int statement) const
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE %1 SET statement_index = ? WHERE id = ?").arg(sqlName()));
    query.addBindValue(statement);
    query.addBindValue(id);
    if (!query.exec())
        return Error(QStringLiteral("cannot update the audit row: %1")
                         .arg(databaseMessage(query.lastError())));
    return {};
}

Status AuditTrail::finish(const QSqlDatabase &db, qint64 id, AuditOutcome outcome,
                          const QString &error, int statement, const QDateTime &finishedAt,
                          qint64 durationMs) const
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE %1 SET outcome = ?, error = ?, statement_index = ?, "
                                 "finished_at = ?, duration_ms = ? WHERE id = ?")
                      .arg(sqlName()));
    query.addBindValue(auditOutcomeName(outcome));
    query.addBindValue(error.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : error);
    query.addBindValue(statement);
    query.addBindValue(timeText(finishedAt));
    query.addBindValue(durationMs);
    query.addBindValue(id);
    if (!query.exec())
        return Error(QStringLiteral("cannot update the audit row: %1")
                         .arg(databaseMessage(query.lastError())));
    return {};
}

Result<std::vector<AuditEntry>> AuditTrail::markInterrupted(const QSqlDatabase &db) const
{
    const Result<bool> present = exists(db);
    if (!present)
        return present.error();
    if (!*present)
        return std::vector<AuditEntry>();
    auto running = select(db, QStringLiteral("outcome = 'running'"), 0, false);
    if (!running)
        return running.error();
    if (running->empty())
        return running;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("UPDATE %1 SET outcome = 'interrupted' WHERE outcome = "
                                   "'running'")
                        .arg(sqlName())))
        return Error(QStringLiteral("cannot update the audit table: %1")
                         .arg(databaseMessage(query.lastError())));
    for (AuditEntry &e : *running)
        e.outcome = AuditOutcome::Interrupted;
    return running;
}

Result<std::vector<AuditEntry>> AuditTrail::select(const QSqlDatabase &db, const QString &where,
                                                   int limit, bool withScripts) const
{
    QString sql = QStringLiteral("SELECT %1%2 FROM %3")
                      .arg(QLatin1String(kColumns),
                           withScripts ? QStringLiteral(", script") : QString(), sqlName());
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    sql += QStringLiteral(" ORDER BY id DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return Error(QStringLiteral("cannot read the audit table %1: %2")
                         .arg(m_table.toString(), databaseMessage(query.lastError())));
    std::vector<AuditEntry> out;
    while (query.next()) {
        AuditEntry e;
        e.id = query.value(0).toLongLong();
        e.runId = query.value(1).toString();
        e.revision = query.value(2).toString();
        e.direction = query.value(3).toString();
        e.fromRevisions = revisionsFrom(query.value(4));
        e.toRevisions = revisionsFrom(query.value(5));
        e.runStartedAt = timeFrom(query.value(6));
        e.startedAt = timeFrom(query.value(7));
        e.finishedAt = timeFrom(query.value(8));
        e.durationMs = query.value(9).isNull() ? -1 : query.value(9).toLongLong();
        e.outcome = auditOutcomeFromName(query.value(10).toString()).value_or(AuditOutcome::Failed);
        e.statement = query.value(11).toInt();
        e.transactional = query.value(12).toInt() != 0;
        e.error = query.value(13).toString();
        e.operatorName = query.value(14).toString();
        e.retortVersion = query.value(15).toString();
        e.scriptSha256 = query.value(16).toString();
        e.note = query.value(17).toString();
        if (withScripts)
            e.script = query.value(18).toString();
        out.push_back(std::move(e));
    }
    return out;
}

Result<std::vector<AuditEntry>> AuditTrail::read(const QSqlDatabase &db, int limit,
                                                 bool withScripts) const
{
    const Result<bool> present = exists(db);
    if (!present)
        return present.error();
    if (!*present)
        return std::vector<AuditEntry>();
    return select(db, {}, limit, withScripts);
}

Result<std::optional<AuditEntry>> AuditTrail::latest(const QSqlDatabase &db) const
{
    auto rows = read(db, 1, false);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<AuditEntry>();
    return std::optional<AuditEntry>(rows->front());
}

Result<std::vector<AuditEntry>> AuditTrail::appliedScripts(const QSqlDatabase &db) const
{
    const Result<bool> present = exists(db);
    if (!present)
        return present.error();
    if (!*present)
        return std::vector<AuditEntry>();
    auto rows = select(db,
                       QStringLiteral("outcome = 'succeeded' AND direction IN ('upgrade', "
                                      "'downgrade')"),
                       0, true);
    if (!rows)
        return rows.error();
    std::vector<AuditEntry> newest;
    QSet<QString> seen;
    for (AuditEntry &e : *rows) { // newest first: the first row of a revision wins
        if (seen.contains(e.revision))
            continue;
        seen.insert(e.revision);
        if (e.direction == u"upgrade") // downgraded since: not applied any more
            newest.push_back(std::move(e));
    }
    return newest;
}

void resolveRunning(std::vector<AuditEntry> &entries, bool lockFree)
{
    if (!lockFree)
        return;
    for (AuditEntry &e : entries)
        if (e.outcome == AuditOutcome::Running)
            e.outcome = AuditOutcome::Interrupted;
}

QString operatorIdentity()
{
    QString user;
    if (const passwd *pw = getpwuid(geteuid()))
        user = QString::fromLocal8Bit(pw->pw_name);
    if (user.isEmpty())
        user = qEnvironmentVariable("USER", QStringLiteral("unknown"));
    return user + u'@' + QSysInfo::machineHostName();
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

Result<std::vector<AuditEntry>> readHistory(const Environment &env, const TableName &versionTable,
                                            const ConnectionSecrets &secrets, int limit,
                                            bool withScripts, bool *lockHeld)
{
    if (lockHeld)
        *lockHeld = false;
    ScopedConnection conn;
    auto opened = openForReading(conn, env, secrets);
    if (!opened)
        return opened.error();
    if (!*opened)
        return std::vector<AuditEntry>();
    const Dialect dialect = **opened;
    const QSqlDatabase db = conn.db();
    // Read while holding the lock when it is free: then no runner can start or end a step between
    // the probe and the read, and every Running row is certainly orphaned.
    DatabaseLock lock(db, dialect, versionTable);
    Result<bool> got = lock.tryAcquire();
    // Another reader holds the lock only for one short read (the GUI may read twice at once):
    // tried again for up to a second before the holder is taken for a runner, so that a reader
    // never makes an interrupted run look like a live one.
    for (int waited = 0; got && !*got && waited < 1000; waited += 25) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        got = lock.tryAcquire();
    }
    if (!got)
        return got.error();
    const bool held = !*got;
    auto rows = AuditTrail::besideVersionTable(dialect, versionTable).read(db, limit, withScripts);
    if (!rows)
        return rows.error();
    const Status released = lock.release();
    Q_UNUSED(released);
    if (lockHeld)
        *lockHeld = held;
    resolveRunning(*rows, !held);
    return rows;
}

} // namespace retort
