#pragma once

#include <QString>

namespace retort {

// A table, optionally qualified by a schema: Alembic's `version_table` with its
// `version_table_schema`. What the schema is depends on the dialect: a schema on PostgreSQL, a
// database on MySQL/MariaDB, an attached database name on SQLite. An empty schema means the
// connection's default (PostgreSQL: current_schema(); MySQL: DATABASE(); SQLite: main), and the
// table is then written without a qualifier, as before schemas existed.
//
// Plain data, unquoted; Dialect::formatTable() spells it for SQL.
struct TableName {
    QString schema; // empty: the connection's default schema
    QString name;

    // "schema.name", or "name" without a schema: for messages and lock keys, never for SQL.
    QString toString() const { return schema.isEmpty() ? name : schema + u'.' + name; }

    bool operator==(const TableName &) const = default;
};

} // namespace retort
