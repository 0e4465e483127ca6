#pragma once

#include "base/Error.h"
#include "base/TableName.h"
#include "db/Connection.h"
#include "db/Dialect.h"
#include "graph/Plan.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace retort {

// The Alembic-compatible version table (`alembic_version` unless configured): one row per current
// head, a single column `version_num VARCHAR(32)` with primary key `<table>_pkc`. With a schema
// (Alembic's version_table_schema) every statement names the table as `schema.table`, as Alembic
// does; the schema must exist (it is never created, as Alembic never creates it).
//
// The SQL builders are pure (thread-safe) and return statements without a trailing `;`, spelled
// as Alembic spells them, identifiers quoted only where SQLAlchemy would quote them.
// The database functions run in the calling thread, which must own `db`; they never begin or end
// a transaction, so a caller may wrap them in its own.
class VersionTable final {
public:
    static QString defaultName() { return QStringLiteral("alembic_version"); }
    // alembic_version in the connection's default schema.
    static TableName defaultTable() { return {QString(), defaultName()}; }

    explicit VersionTable(Dialect dialect, TableName table = defaultTable());

    const TableName &table() const { return m_table; }
    const Dialect &dialect() const { return m_dialect; }

    // CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
    //   CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))  — on one line. The
    //   constraint is named after the table alone, also with a schema.
    QString createSql() const;
    // The same CREATE laid out as `alembic ... --sql` prints it (four lines, Alembic's spacing).
    QString createSqlOffline() const;
    QString dropSql() const;
    // INSERT INTO t (version_num) VALUES ('rev'); on PostgreSQL followed by
    // " RETURNING t.version_num" (SQLAlchemy's implicit RETURNING, which Alembic prints). Here
    // and below, `t` is the table as formatTable() writes it (schema.alembic_version).
    QString insertSql(const QString &revision) const;
    // UPDATE t SET version_num='to' WHERE t.version_num = 'from'
    QString updateSql(const QString &from, const QString &to) const;
    // DELETE FROM t WHERE t.version_num = 'from'
    QString deleteSql(const QString &from) const;
    // DELETE FROM t — every row (stamp --purge).
    QString deleteAllSql() const;
    // The statement for one VersionOp.
    QString sqlFor(const VersionOp &op) const;

    // Whether the table exists. Never creates it.
    Result<bool> exists(const QSqlDatabase &db) const;
    // The rows (current heads) in storage order; empty when the table does not exist. Never
    // creates the table.
    Result<QStringList> currentHeads(const QSqlDatabase &db) const;
    // Creates the table (fails if it exists).
    Status create(const QSqlDatabase &db) const;
    // Deletes every row (stamp --purge).
    Status purge(const QSqlDatabase &db) const;
    // Applies one change. Update and Delete must touch exactly one row, else it fails with
    // Alembic's message ("Online migration expected to match one row when updating 'a' to 'b'
    // in 'alembic_version'; 0 found" — the name without the schema, as Alembic writes it).
    Status apply(const QSqlDatabase &db, const VersionOp &op) const;

private:
    QString sqlName() const; // the table as it appears in SQL
    Dialect m_dialect;
    TableName m_table;
};

// The current heads of the database behind `db`, whose dialect comes from its Qt driver name.
// Empty when the version table does not exist; never creates it. Threading: the thread owning db.
Result<QStringList> currentHeads(const QSqlDatabase &db,
                                 const TableName &table = VersionTable::defaultTable());

struct Environment;

// What a reader finds in an environment's database: its version rows and whether the table exists.
struct VersionState {
    QStringList rows;
    bool versionTableExists = false;
};

// Reads the version rows and whether the table exists, on a connection of its own (opened in the
// calling thread and closed before returning; never creates the database or the table). Blocking:
// call it from a worker thread, never the GUI thread.
Result<VersionState> readVersionState(const Environment &env, const TableName &versionTable,
                                      const ConnectionSecrets &secrets);

// The version rows of `env`'s database: empty when the database (SQLite: the file) or the version
// table does not exist; never creates either. Opens and closes its own connection in the calling
// thread, so it blocks on the database: call it from a worker thread, never the GUI thread.
// `secrets` carries the server password (see ConnectionSecrets); SQLite needs none.
// `versionTable` is the project's versionTableName() (the table in its schema).
Result<QStringList> readHeads(const Environment &env, const TableName &versionTable,
                              const ConnectionSecrets &secrets = {});

} // namespace retort
