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

// SQLAlchemy 1.4's postgresql RESERVED_WORDS and mysql RESERVED_WORDS_MYSQL (the list a `mysql://`
// URL uses, also what Alembic's offline mode uses for MariaDB). Sorted, lower case.
// clang-format off
constexpr std::array<std::string_view, 102> kPostgresqlReservedWords = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "binary", "both", "case", "cast", "check", "collate", "column",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "default",
    "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
    "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially",
    "inner", "intersect", "into", "is", "isnull", "join", "leading", "left", "like", "limit",
    "localtime", "localtimestamp", "natural", "new", "not", "notnull", "null", "of", "off",
    "offset", "old", "on", "only", "or", "order", "outer", "over", "overlaps", "placing",
    "primary", "references", "returning", "right", "select", "session_user", "similar", "some",
    "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user", "using",
    "variadic", "verbose", "when", "where", "window", "with",
};
constexpr std::array<std::string_view, 275> kMysqlReservedWords = {
    "accessible", "add", "admin", "all", "alter", "analyze", "and", "array", "as", "asc",
    "asensitive", "before", "between", "bigint", "binary", "blob", "both", "by", "call",
    "cascade", "case", "change", "char", "character", "check", "collate", "column", "condition",
    "constraint", "continue", "convert", "create", "cross", "cube", "cume_dist", "current_date",
    "current_time", "current_timestamp", "current_user", "cursor", "database", "databases",
    "day_hour", "day_microsecond", "day_minute", "day_second", "dec", "decimal", "declare",
    "default", "delayed", "delete", "dense_rank", "desc", "describe", "deterministic",
    "distinct", "distinctrow", "div", "double", "drop", "dual", "each", "else", "elseif",
    "empty", "enclosed", "escaped", "except", "exists", "exit", "explain", "false", "fetch",
    "first_value", "float", "float4", "float8", "for", "force", "foreign", "from", "fulltext",
    "function", "general", "generated", "get", "get_master_public_key", "grant", "group",
    "grouping", "groups", "having", "high_priority", "hour_microsecond", "hour_minute",
    "hour_second", "if", "ignore", "ignore_server_ids", "in", "index", "infile", "inner",
    "inout", "insensitive", "insert", "int", "int1", "int2", "int3", "int4", "int8", "integer",
    "interval", "into", "io_after_gtids", "io_before_gtids", "is", "iterate", "join",
    "json_table", "key", "keys", "kill", "lag", "last_value", "lateral", "lead", "leading",
    "leave", "left", "like", "limit", "linear", "lines", "load", "localtime", "localtimestamp",
    "lock", "long", "longblob", "longtext", "loop", "low_priority", "master_bind",
    "master_heartbeat_period", "master_ssl_verify_server_cert", "match", "maxvalue",
    "mediumblob", "mediumint", "mediumtext", "member", "middleint", "minute_microsecond",
    "minute_second", "mod", "modifies", "natural", "no_write_to_binlog", "not", "nth_value",
    "ntile", "null", "numeric", "of", "on", "optimize", "optimizer_costs", "option",
    "optionally", "or", "order", "out", "outer", "outfile", "over", "parse_gcol_expr",
    "partition", "percent_rank", "persist", "persist_only", "precision", "primary", "procedure",
    "purge", "range", "rank", "read", "read_write", "reads", "real", "recursive", "references",
    "regexp", "release", "rename", "repeat", "replace", "require", "resignal", "restrict",
    "return", "revoke", "right", "rlike", "role", "row", "row_number", "rows", "schema",
    "schemas", "second_microsecond", "select", "sensitive", "separator", "set", "show",
    "signal", "slow", "smallint", "spatial", "specific", "sql", "sql_after_gtids",
    "sql_before_gtids", "sql_big_result", "sql_calc_found_rows", "sql_small_result",
    "sqlexception", "sqlstate", "sqlwarning", "ssl", "starting", "stored", "straight_join",
    "system", "table", "terminated", "then", "tinyblob", "tinyint", "tinytext", "to",
    "trailing", "trigger", "true", "undo", "union", "unique", "unlock", "unsigned", "update",
    "usage", "use", "using", "utc_date", "utc_time", "utc_timestamp", "values", "varbinary",
    "varchar", "varcharacter", "varying", "virtual", "when", "where", "while", "window", "with",
    "write", "xor", "year_month", "zerofill",
};
// clang-format on

static_assert(std::is_sorted(kPostgresqlReservedWords.begin(), kPostgresqlReservedWords.end()));
static_assert(std::is_sorted(kMysqlReservedWords.begin(), kMysqlReservedWords.end()));

template <size_t N>
bool isReservedIn(const std::array<std::string_view, N> &words, const QString &lower)
{
    const QByteArray latin = lower.toLatin1();
    const std::string_view word(latin.constData(), static_cast<size_t>(latin.size()));
    return std::binary_search(words.begin(), words.end(), word);
}

bool isSqliteReservedWord(const QString &lower)
{
    return isReservedIn(kSqliteReservedWords, lower);
}

bool isPostgresqlReservedWord(const QString &lower)
{
    return isReservedIn(kPostgresqlReservedWords, lower);
}

bool isMysqlReservedWord(const QString &lower)
{
    return isReservedIn(kMysqlReservedWords, lower);
}

QString quoteWith(const QString &identifier, QChar quote)
{
    QString quoted = identifier;
    quoted.replace(quote, QString(2, quote));
    return quote + quoted + quote;
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
    if (driver == u"postgresql")
        return Dialect::postgresql();
    if (driver == u"mysql")
        return Dialect::mysql();
    return Error(
        QStringLiteral("unsupported database driver '%1' (supported: sqlite, postgresql, mysql)")
            .arg(driver));
}

Result<Dialect> Dialect::forQtDriver(const QString &qtDriver)
{
    if (qtDriver == u"QSQLITE")
        return Dialect::sqlite();
    if (qtDriver == u"QPSQL")
        return Dialect::postgresql();
    if (qtDriver == u"QMYSQL" || qtDriver == u"QMARIADB")
        return Dialect::mysql();
    return Error(
        QStringLiteral("unsupported Qt SQL driver '%1' (supported: QSQLITE, QPSQL, QMYSQL)")
            .arg(qtDriver));
}

QString Dialect::name() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return QStringLiteral("sqlite");
    case DialectKind::Postgresql:
        return QStringLiteral("postgresql");
    case DialectKind::Mysql:
        return QStringLiteral("mysql");
    }
    Q_UNREACHABLE();
}

QString Dialect::displayName() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return QStringLiteral("SQLite");
    case DialectKind::Postgresql:
        return QStringLiteral("PostgreSQL");
    case DialectKind::Mysql:
        return QStringLiteral("MySQL/MariaDB");
    }
    Q_UNREACHABLE();
}

int Dialect::defaultPort() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return 0;
    case DialectKind::Postgresql:
        return 5432;
    case DialectKind::Mysql:
        return 3306;
    }
    Q_UNREACHABLE();
}

QString Dialect::qtDriverName() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
        return QStringLiteral("QSQLITE");
    case DialectKind::Postgresql:
        return QStringLiteral("QPSQL");
    case DialectKind::Mysql:
        return QStringLiteral("QMYSQL");
    }
    Q_UNREACHABLE();
}

bool Dialect::transactionalDdl() const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
    case DialectKind::Postgresql:
        return true;
    case DialectKind::Mysql:
        return false;
    }
    Q_UNREACHABLE();
}

QString Dialect::nonTransactionalWarning() const
{
    if (transactionalDdl())
        return {};
    return QStringLiteral(
               "%1 commits every DDL statement at once (no transactional DDL): if a migration "
               "fails part-way, the statements before the failing one stay applied and the "
               "version table still shows the previous revision. Retort will name the failing "
               "statement and those already applied, so you can repair the database by hand or "
               "stamp it.")
        .arg(displayName());
}

bool Dialect::alembicTransactionalDdl() const
{
    switch (m_kind) {
    case DialectKind::Sqlite: // SQLiteImpl: transactional_ddl = False
    case DialectKind::Mysql:  // MySQLImpl: transactional_ddl = False
        return false;
    case DialectKind::Postgresql: // PostgresqlImpl: transactional_ddl = True
        return true;
    }
    Q_UNREACHABLE();
}

QString Dialect::quoteIdentifier(const QString &identifier) const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
    case DialectKind::Postgresql:
        return quoteWith(identifier, u'"');
    case DialectKind::Mysql:
        return quoteWith(identifier, u'`');
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
    case DialectKind::Postgresql:
        return sqlalchemyRequiresQuotes(identifier, &isPostgresqlReservedWord)
                   ? quoteIdentifier(identifier)
                   : identifier;
    case DialectKind::Mysql:
        return sqlalchemyRequiresQuotes(identifier, &isMysqlReservedWord)
                   ? quoteIdentifier(identifier)
                   : identifier;
    }
    Q_UNREACHABLE();
}

QString Dialect::quoteLiteral(const QString &value) const
{
    switch (m_kind) {
    case DialectKind::Sqlite:
    case DialectKind::Postgresql: // standard_conforming_strings (on since 9.1)
        return quoteWith(value, u'\'');
    case DialectKind::Mysql: {
        QString escaped = value;
        escaped.replace(u'\\', QStringLiteral("\\\\"));
        return quoteWith(escaped, u'\'');
    }
    }
    Q_UNREACHABLE();
}

QString Dialect::formatTable(const TableName &table) const
{
    const QString name = formatIdentifier(table.name);
    return table.schema.isEmpty() ? name : formatIdentifier(table.schema) + u'.' + name;
}

Result<bool> Dialect::tableExists(const QSqlDatabase &db, const TableName &table) const
{
    const bool inSchema = !table.schema.isEmpty();
    QString sql;
    switch (m_kind) {
    case DialectKind::Sqlite:
        // Table names are case-insensitive (ASCII only) in SQLite, as lower() is. Each attached
        // database has its own sqlite_master.
        sql = QStringLiteral("SELECT 1 FROM %1sqlite_master WHERE type = 'table' AND "
                             "lower(name) = lower(?)")
                  .arg(inSchema ? quoteIdentifier(table.schema) + u'.' : QString());
        break;
    case DialectKind::Postgresql:
        // Unquoted names are folded to lower case when created, quoted ones kept: formatIdentifier
        // quotes exactly the names that are not lower case, so the stored names are the given
        // ones.
        sql = QStringLiteral("SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                             "ON n.oid = c.relnamespace WHERE c.relname = ? AND n.nspname = %1 "
                             "AND c.relkind IN ('r', 'p')")
                  .arg(inSchema ? QStringLiteral("?") : QStringLiteral("current_schema()"));
        break;
    case DialectKind::Mysql:
        sql = QStringLiteral("SELECT 1 FROM information_schema.tables WHERE table_name = ? AND "
                             "table_schema = %1")
                  .arg(inSchema ? QStringLiteral("?") : QStringLiteral("DATABASE()"));
        break;
    }
    QSqlQuery query(db);
    bool ok = query.prepare(sql);
    if (!ok && m_kind == DialectKind::Sqlite && inSchema) // SQLite checks the schema here
        return Error(QStringLiteral("cannot look up table %1: no database '%2' is attached to "
                                    "the SQLite connection (%3)")
                         .arg(table.toString(), table.schema, query.lastError().databaseText()));
    if (ok) {
        query.addBindValue(table.name);
        if (inSchema && m_kind != DialectKind::Sqlite)
            query.addBindValue(table.schema);
        ok = query.exec();
    }
    if (!ok) {
        const QSqlError err = query.lastError();
        return Error(QStringLiteral("cannot look up table %1: %2")
                         .arg(table.toString(),
                              err.databaseText().isEmpty() ? err.text() : err.databaseText()));
    }
    return query.next();
}

} // namespace retort
