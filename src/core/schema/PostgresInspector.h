#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "schema/SchemaModel.h"

#include <QSqlDatabase>

namespace retort {

// The schema of the PostgreSQL database open on `db`: every user schema (not pg_catalog,
// information_schema, pg_toast*, pg_temp*; objects owned by an extension left out), its tables,
// partitioned tables and partitions, views, materialized views, columns, indexes, constraints,
// triggers, sequences, enum and domain types, comments and owners.
//
// Strings are the server's own, as psql's \d+ shows them: format_type(), pg_get_expr(…, true)
// for defaults and partition bounds, pg_get_indexdef(…, 0, true), pg_get_constraintdef(…, true),
// pg_get_triggerdef(…, true), pg_get_viewdef(…, true), pg_get_partkeydef(); a column's collation
// only when it differs from its type's default. Indexes are in psql's order (the primary key
// first, then by name); checks, foreign keys, triggers and "referenced by" by constraint name.
// A sequence's ownedBy is psql's "schema.table.column" (each part as quote_ident prints it). Each
// relation's `ddl` is assembled from these pieces: CREATE TABLE (columns, defaults, NOT NULL,
// identity/generated, the table's own constraints, PARTITION BY / PARTITION OF), then its
// CREATE INDEX statements (those no constraint owns), triggers and COMMENT ONs, separated by
// ";\n" with no final semicolon (as SQLite's ddl). An identity column's sequence has no ddl of its
// own (the column's GENERATED … AS IDENTITY creates it).
//
// A constant number of statements, whatever the number of objects (one query per kind of object,
// never one per table): one to set the session up, BEGIN, ten catalog reads, ROLLBACK.
//
// Read-only and lock-safe. The session is set to default_transaction_read_only = on (it stays so
// afterwards: give the inspector a connection of its own), lock_timeout = 2s and
// statement_timeout = 60s, and every read runs in one REPEATABLE READ READ ONLY transaction (one
// consistent snapshot). Catalog reads take no lock on user relations, so they neither wait for a
// migration nor make one wait. Sizes are therefore NOT pg_total_relation_size() (which opens each
// relation and would queue behind a migration's ACCESS EXCLUSIVE lock): they are relpages ×
// block_size of the table, its TOAST table and all their indexes, i.e. as of the last VACUUM,
// ANALYZE or CREATE INDEX (0 for a table never vacuumed). The one function that must open a
// relation is pg_get_viewdef(); it runs last, only for views and materialized views that no
// session holds or awaits an ACCESS EXCLUSIVE lock on (pg_locks), so the inspector holds those
// ACCESS SHARE locks only for that last statement. A view skipped so, or one locked in between
// (lock_timeout ends the wait), comes without a definition and its ddl says why; the rest of the
// snapshot is complete. rowsEstimate is reltuples, none when the table was never analyzed (-1).
//
// Cancellable: `cancel` is polled between statements, and a cancel during a statement asks the
// server to stop it (pg_cancel_backend from a second connection, as the Migrator does): the
// result is then an Error of kind Cancelled. Blocking: call it in a worker thread or the CLI,
// in the thread that owns `db`.
Result<SchemaSnapshot> inspectPostgres(const QSqlDatabase &db, const CancelToken *cancel = nullptr);

// `name` as PostgreSQL's quote_ident() prints it: unchanged when it is a lower-case identifier
// that is not a reserved (or column-name / type-function-name) keyword, else in double quotes
// with embedded quotes doubled. Pure.
QString pgQuoteIdent(const QString &name);

// `text` as quote_literal() prints it ('it''s'; E'…' when it holds a backslash). Pure.
QString pgQuoteLiteral(const QString &text);

} // namespace retort
