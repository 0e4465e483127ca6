#pragma once

#include "db/Dialect.h"

#include <QString>

#include <vector>

namespace retort {

// What a statement does to the object it names.
enum class TouchAction {
    Create,
    Alter,
    Drop,
    Rename,
    Comment, // COMMENT ON (PostgreSQL), Alembic's create/drop_table_comment
};

// "create", "alter", "drop", "rename", "comment".
QString touchActionName(TouchAction action);

// One object a migration statement creates, alters, drops, renames or comments on.
struct StatementTarget {
    TouchAction action = TouchAction::Alter;
    // "table", "view", "materialized view", "index", "sequence", "type", "domain", "trigger",
    // "schema", "foreign table".
    QString kind;
    // The schema the statement names; empty when the name is not qualified (the object is then in
    // whichever schema the search path / current database gives).
    QString schema;
    // The object's name as the engine stores it: PostgreSQL folds unquoted names to lower case and
    // keeps quoted ones; MySQL and SQLite keep names as written (quotes removed). Empty for an
    // index PostgreSQL names itself (CREATE INDEX ON t ...): `table` still says where it is.
    QString name;
    // For an index or a trigger: the table it belongs to, when the statement names it (CREATE
    // INDEX ... ON t, DROP INDEX ix ON t, DROP TRIGGER tr ON t, MySQL's ALTER TABLE t ADD INDEX);
    // else empty — SchemaHistory finds the table of a DROP INDEX from the index's creation.
    QString table;
    // Rename only: the new name (same schema). Renames of tables, views, materialized views,
    // indexes, sequences, types, triggers and schemas are Rename targets. A column or
    // constraint rename is an Alter of its table (name = the table): the table keeps its name.
    QString renamedTo;
    int line = 0;      // 1-based line, within the text, of the statement's first significant line
    QString statement; // the statement's first line (at most 120 characters), for display

    bool operator==(const StatementTarget &) const = default;
};

// The objects each statement of `sql` (a migration section) creates, alters, drops, renames or
// comments on, in statement order; a statement touching several objects (DROP TABLE a, b; RENAME
// TABLE a TO b, c TO d; ALTER TABLE t ADD INDEX ix ...) gives one target per object, all with
// the statement's line. Statements are cut by splitStatements (db/StatementSplitter.h).
//
// PostgreSQL: each statement is parsed by libpg_query (PostgreSQL 15's grammar) and read from its
// parse tree: CREATE TABLE (AS), CREATE [MATERIALIZED] VIEW, CREATE INDEX, CREATE SEQUENCE,
// CREATE TYPE (enum, composite), CREATE DOMAIN, CREATE TRIGGER, CREATE SCHEMA, ALTER TABLE /
// INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / TYPE / DOMAIN, ALTER ... RENAME, ALTER ... SET
// SCHEMA, DROP (every object of the list), COMMENT ON. Other statements (DML, DO blocks,
// functions, grants) give nothing. A statement the parser rejects is skipped; the rest count.
//
// SQLite and MySQL/MariaDB: a tokenizer that skips comments and string literals and unquotes
// "x", `x` and [x] (SQLite) identifiers — a name inside a string or comment never counts — reads
// CREATE [TEMP] [UNIQUE] TABLE / VIEW / INDEX / TRIGGER [IF NOT EXISTS] (MySQL's OR REPLACE,
// ALGORITHM=, DEFINER= prefixes too), ALTER TABLE (RENAME [TO|AS], RENAME COLUMN, and MySQL's
// ADD/DROP/RENAME INDEX|KEY clauses), ALTER VIEW, DROP TABLE / VIEW / INDEX / TRIGGER
// [IF EXISTS] a, b [ON t], and MySQL's RENAME TABLE a TO b, c TO d. Anything else gives nothing.
//
// Pure function; thread-safe.
std::vector<StatementTarget> statementTargets(const QString &sql, DialectKind dialect);

// How `name` is stored when written unquoted in `dialect` (PostgreSQL folds ASCII letters to
// lower case; the others keep it), or unquoted when written in the dialect's quotes ("A""b" ->
// A"b). For names typed by a user (`retort-cli schema Orders --migrations`).
QString storedIdentifier(const QString &written, DialectKind dialect);

} // namespace retort
