#include "db/Dialect.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <array>
#include <string_view>

namespace retort {

namespace {

// SQLAlchemy 1.4's reserved words for SQLite (SQLiteIdentifierPreparer.reserved_words), which
// decide when Alembic quotes an identifier. It is older than SQLite's own keyword list (no
// "window", "filter", ...) and adds true/false; matching it keeps our SQL identical to Alembic's.
// Sorted, lower case.
// clang-format off
constexpr std::array<std::string_view, 117> kSqliteReservedWords = {
    "add", "after", "all", "alter", "analyze", "and", "as", "asc", "attach", "autoincrement",
    "before", "begin", "between", "by", "cascade", "case", "cast", "check", "collate", "column",
    "commit", "conflict", "constraint", "create", "cross", "current_date", "current_time",
    "current_timestamp", "database", "default", "deferrable", "deferred", "delete", "desc",
    "detach", "distinct", "drop", "each", "else", "end", "escape", "except", "exclusive",
    "exists", "explain", "fail", "false", "for", "foreign", "from", "full", "glob", "group",
    "having", "if", "ignore", "immediate", "in", "index", "indexed", "initially", "inner",
    "insert", "instead", "intersect", "into", "is", "isnull", "join", "key", "left", "like",
    "limit", "match", "natural", "not", "notnull", "null", "of", "offset", "on", "or", "order",
    "outer", "plan", "pragma", "primary", "query", "raise", "references", "reindex", "rename",
    "replace", "restrict", "right", "rollback", "row", "select", "set", "table", "temp",
    "temporary", "then", "to", "transaction", "trigger", "true", "union", "unique", "update",
    "using", "vacuum", "values", "view", "virtual", "when", "where",
};
// clang-format on

static_assert(std::is_sorted(kSqliteReservedWords.begin(), kSqliteReservedWords.end()));

bool isSqliteReservedWord(const QString &lower)
{
    const QByteArray latin = lower.toLatin1();
    const std::string_view word(latin.constData(), static_cast<size_t>(latin.size()));
    return std::binary_search(kSqliteReservedWords.begin(), kSqliteReservedWords.end(), word);
}

// SQLAlchemy's IdentifierPreparer._requires_quotes.
bool sqlalchemyRequiresQuotes(const QString &identifier, bool (*isReserved)(const QString &))
{
    if (identifier.isEmpty())
        return true;
    const QString lower = identifier.toLower();
    if (lower != identifier)
        return true;
    const QChar first = identifier.front();
    if (first.isDigit() || first == u'$')
        return true;
    for (const QChar c : identifier) {
        const bool legal =
            (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'$';
        if (!legal)
            return true;
    }
    return isReserved(lower);
}

} // namespace

Result<Dialect> Dialect::forDriver(const QString &driver)
{
    if (driver == u"sqlite")
        return Dialect::sqlite();
    return Error(
        QStringLiteral("unsupported database driver '%1' (supported: sqlite)").arg(driver));
}

Result<Dialect> Dialect::forQtDriver(const QString &qtDriver)
{
    if (qtDriver == u"QSQLITE")
        return Dialect::sqlite();
    return Error(
        QStringLiteral("unsupported Qt SQL driver '%1' (supported: QSQLITE)").arg(qtDriver));
}

QString Dialect::name() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return QStringLiteral("sqlite");
    }
    Q_UNREACHABLE();
}

QString Dialect::qtDriverName() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return QStringLiteral("QSQLITE");
    }
    Q_UNREACHABLE();
}

bool Dialect::transactionalDdl() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return true;
    }
    Q_UNREACHABLE();
}

bool Dialect::alembicTransactionalDdl() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return false;
    }
    Q_UNREACHABLE();
}

QString Dialect::quoteIdentifier(const QString &identifier) const
{
    switch (m_kind) {
    case DialectKind::Sqlite: {
        QString quoted = identifier;
        quoted.replace(u'"', QStringLiteral("\"\""));
        return u'"' + quoted + u'"';
    }
    }
    Q_UNREACHABLE();
}

QString Dialect::formatIdentifier(const QString &identifier) const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return sqlalchemyRequiresQuotes(identifier, &isSqliteReservedWord)
                   ? quoteIdentifier(identifier)
                   : identifier;
    }
    Q_UNREACHABLE();
}

QString Dialect::quoteLiteral(const QString &value) const
{
    switch (m_kind) {
    case DialectKind::Sqlite: {
        QString quoted = value;
        quoted.replace(u'\'', QStringLiteral("''"));
        return u'\'' + quoted + u'\'';
    }
    }
    Q_UNREACHABLE();
}

Result<bool> Dialect::tableExists(const QSqlDatabase &db, const QString &table) const
{
    QSqlQuery query(db);
    switch (m_kind) {
    case DialectKind::Sqlite:
        // Table names are case-insensitive (ASCII only) in SQLite, as lower() is.
        query.prepare(QStringLiteral(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(name) = lower(?)"));
        break;
    }
    query.addBindValue(table);
    if (!query.exec()) {
        const QSqlError err = query.lastError();
        return Error(
            QStringLiteral("cannot look up table %1: %2")
                .arg(table, err.databaseText().isEmpty() ? err.text() : err.databaseText()));
    }
    return query.next();
}

} // namespace retort
