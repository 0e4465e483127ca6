#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "schema/SchemaModel.h"

#include <QSqlDatabase>

namespace retort {

// The schema of the SQLite database open on `db` (its "main" schema): tables, views, columns
// (pragma table_xinfo), indexes (index_list, index_xinfo and their CREATE INDEX text), foreign
// keys (foreign_key_list), CHECK constraints (read from the CREATE TABLE text, outside strings and
// comments, since SQLite keeps no catalog of them), triggers, and, where the database has them,
// row estimates (sqlite_stat1) and sizes (the dbstat table). A constant number of statements,
// whatever the number of tables: each pragma is read for every table at once as a table-valued
// function joined with sqlite_schema. Reads only. `cancel` (optional) is polled between
// statements. Blocking: a worker thread or the CLI.
Result<SchemaSnapshot> inspectSqlite(const QSqlDatabase &db, const CancelToken *cancel = nullptr);

// The CHECK constraints in a CREATE TABLE statement, in order, with their names when given
// (`CONSTRAINT name CHECK (...)`); column and table constraints alike. Pure.
std::vector<SchemaCheck> sqliteChecks(const QString &createTable);

} // namespace retort
