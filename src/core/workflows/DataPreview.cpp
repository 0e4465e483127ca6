#include "workflows/DataPreview.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace retort {

namespace {

Error cancelled(const QString &what)
{
    return Error(QStringLiteral("reading the rows of %1: cancelled").arg(what))
        .as(ErrorKind::Cancelled);
}

// Makes the session read-only before anything is read. Returns the statement that ends it
// ("" when none is needed).
Result<QString> beginReadOnly(const QSqlDatabase &db, DialectKind kind)
{
    QStringList statements;
    QString end;
    switch (kind) {
    case DialectKind::Sqlite:
        statements << QStringLiteral("PRAGMA query_only = 1");
        break;
    case DialectKind::Postgresql:
        // Never wait long on a lock a migration holds (catalog or table locks).
        statements << QStringLiteral("SET lock_timeout = '5s'")
                   << QStringLiteral("START TRANSACTION READ ONLY");
        end = QStringLiteral("ROLLBACK");
        break;
    case DialectKind::Mysql:
        statements << QStringLiteral("SET SESSION lock_wait_timeout = 5")
                   << QStringLiteral("START TRANSACTION READ ONLY");
        end = QStringLiteral("ROLLBACK");
        break;
    }
    for (const QString &sql : statements) {
        QSqlQuery q(db);
        if (!q.exec(sql))
            return Error(QStringLiteral("making the connection read-only failed (%1): %2")
                             .arg(sql, q.lastError().text()))
                .as(ErrorKind::ServerError, q.lastError().nativeErrorCode());
    }
    return end;
}

} // namespace

PreviewCell previewCell(const QVariant &value)
{
    PreviewCell cell;
    if (value.isNull()) {
        cell.kind = PreviewCell::Kind::Null;
        return cell;
    }
    switch (value.metaType().id()) {
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        cell.kind = PreviewCell::Kind::Binary;
        cell.bytes = bytes.size();
        cell.text = QStringLiteral("0x") +
                    QString::fromLatin1(bytes.left(kPreviewBlobBytes).toHex()) +
                    (bytes.size() > kPreviewBlobBytes ? QStringLiteral("…") : QString());
        return cell;
    }
    case QMetaType::QDateTime:
        cell.text = value.toDateTime().toString(Qt::ISODateWithMs);
        return cell;
    default:
        cell.text = value.toString();
        return cell;
    }
}

Result<RowPreview> previewRows(const Environment &env, const ConnectionSecrets &secrets,
                               const QString &schema, const QString &relation, int limit,
                               const CancelToken *cancel)
{
    const QString what = schema.isEmpty() ? relation : schema + u'.' + relation;
    if (cancel && cancel->isCancelled())
        return cancelled(what);
    ScopedConnection conn;
    auto dialect = openForReading(conn, env, secrets);
    if (!dialect)
        return dialect.error();
    if (!*dialect)
        return Error(QStringLiteral("%1: the SQLite database %2 does not exist")
                         .arg(env.name, env.database))
            .as(ErrorKind::DatabaseMissing);
    const Dialect &d = **dialect;
    const QSqlDatabase db = conn.db();
    Result<QString> end = beginReadOnly(db, d.kind());
    if (!end)
        return end.error();

    const QString table = schema.isEmpty()
                              ? d.quoteIdentifier(relation)
                              : d.quoteIdentifier(schema) + u'.' + d.quoteIdentifier(relation);
    // One row more than asked: whether there are more, without counting them.
    const QString sql = QStringLiteral("SELECT * FROM %1 LIMIT %2").arg(table).arg(limit + 1);
    if (cancel && cancel->isCancelled())
        return cancelled(what);
    RowPreview preview;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(sql)) {
            const QSqlError e = q.lastError();
            return Error(QStringLiteral("reading the rows of %1 failed: %2 (statement: %3)")
                             .arg(what, e.text(), sql))
                .as(ErrorKind::ServerError, e.nativeErrorCode());
        }
        const QSqlRecord record = q.record();
        for (int c = 0; c < record.count(); ++c)
            preview.columns.append(record.fieldName(c));
        while (q.next()) {
            if (int(preview.rows.size()) == limit) {
                preview.more = true;
                break;
            }
            if (cancel && cancel->isCancelled())
                return cancelled(what);
            std::vector<PreviewCell> row;
            row.reserve(size_t(record.count()));
            for (int c = 0; c < record.count(); ++c)
                row.push_back(previewCell(q.value(c)));
            preview.rows.push_back(std::move(row));
        }
    }
    if (!end->isEmpty()) {
        QSqlQuery q(db);
        q.exec(*end); // a read-only transaction: nothing to keep, and nothing lost if it fails
    }
    return preview;
}

} // namespace retort
