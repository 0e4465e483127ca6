#pragma once

#include "base/Error.h"
#include "base/TableName.h"

#include <QSqlDatabase>
#include <QString>

namespace retort {

// The SQL dialects Retort knows. `Mysql` covers MySQL and MariaDB (one driver name, "mysql").
//
// Extension point — adding a dialect:
//   1. add the enumerator here;
//   2. fill every `switch (kind())` in Dialect.cpp, StatementSplitter.cpp, Migrator.cpp and
//      project/Connection.cpp — none has a `default:`, so -Wswitch lists each place that needs an
//      answer (name, Qt driver, transactional DDL, identifier rules, table lookup, statement
//      splitting, statement interrupt, connect options);
//   3. add the new names to Dialect::forDriver / forQtDriver.
enum class DialectKind {
    Sqlite,
    Postgresql,
    Mysql,
};

// What Retort needs to know about one SQL dialect: names, quoting, transactional DDL and how to
// look up a table. A small immutable value type; cheap to copy; safe to use from any thread (it
// holds no connection). Functions taking a QSqlDatabase must be called in the thread that owns
// that connection.
class Dialect final {
public:
    // The dialect for a driver name as written in retort.toml and in qualified script sections
    // ("sqlite", "postgresql", "mysql"). An unknown driver is an error.
    static Result<Dialect> forDriver(const QString &driver);
    // The dialect for a Qt SQL driver name ("QSQLITE", "QPSQL", "QMYSQL"/"QMARIADB"), e.g. from
    // QSqlDatabase::driverName().
    static Result<Dialect> forQtDriver(const QString &qtDriver);
    static Dialect sqlite() { return Dialect(DialectKind::Sqlite); }
    static Dialect postgresql() { return Dialect(DialectKind::Postgresql); }
    static Dialect mysql() { return Dialect(DialectKind::Mysql); }

    DialectKind kind() const { return m_kind; }
    // The driver name used in retort.toml and in `-- migrate:upgrade <driver>` ("sqlite",
    // "postgresql", "mysql").
    QString name() const;
    // What users call it in messages ("SQLite", "PostgreSQL", "MySQL/MariaDB").
    QString displayName() const;
    // The Qt SQL driver that talks to this dialect ("QSQLITE", "QPSQL", "QMYSQL").
    QString qtDriverName() const;
    // The server's usual TCP port (0 for SQLite).
    int defaultPort() const;

    // True when DDL takes part in transactions, so a migration and its version-table change can
    // commit or roll back together (SQLite, PostgreSQL; not MySQL).
    bool transactionalDdl() const;
    // What a front end shows before a run on a dialect without transactional DDL (empty when the
    // dialect has it): a failed migration may stay half-applied and needs repair or `stamp`.
    QString nonTransactionalWarning() const;
    // True when Alembic's own implementation for the dialect declares transactional DDL, which
    // decides whether `alembic ... --sql` wraps its output in BEGIN/COMMIT. Alembic's SQLiteImpl
    // says no ("Will assume non-transactional DDL"), although SQLite can do it.
    bool alembicTransactionalDdl() const;

    // Always quotes: "na""me" for SQLite and PostgreSQL, `na``me` for MySQL.
    QString quoteIdentifier(const QString &identifier) const;
    // Quotes only when needed, by SQLAlchemy's rules (a reserved word, upper-case letters, a
    // character outside [a-z0-9_$], or a leading digit or `$`), so generated SQL reads exactly
    // like Alembic's: alembic_version stays bare, "order" and "MyVersions" are quoted.
    QString formatIdentifier(const QString &identifier) const;
    // A string literal: 'it''s'; MySQL also doubles backslashes ('a\\b' for a\b), since its default
    // sql_mode treats a backslash as an escape.
    QString quoteLiteral(const QString &value) const;

    // `table` for SQL: formatIdentifier() of the name, prefixed by formatIdentifier() of the
    // schema and a dot when there is one — as SQLAlchemy prints a table with a schema
    // (myschema.alembic_version, "MySchema"."MyVersions", `order`.alembic_version).
    QString formatTable(const TableName &table) const;

    // Whether `table` exists in its schema — with no schema, the connection's default one
    // (SQLite: main; PostgreSQL: current_schema(); MySQL: DATABASE()). SQLite looks in the
    // schema's sqlite_master (a schema that names no attached database is an error); PostgreSQL
    // compares schema and name exactly, as formatTable() stores them; MySQL looks in
    // information_schema.tables. Never creates anything.
    // Threading: call in the thread that owns `db`.
    Result<bool> tableExists(const QSqlDatabase &db, const TableName &table) const;

    bool operator==(const Dialect &) const = default;

private:
    explicit Dialect(DialectKind kind) : m_kind(kind) {}
    DialectKind m_kind;
};

} // namespace retort
