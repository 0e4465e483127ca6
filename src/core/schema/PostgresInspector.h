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
// identity/generated, the table's own constraints, PARTITION BY / PARTITION OF), ALTER TABLE for
// NOT VALID constraints and non-default column storage, then its CREATE INDEX statements (those
// no constraint owns and no parent's index makes; a partitioned table's without ONLY), triggers
// and COMMENT ONs, separated by ";\n" with no final semicolon (as SQLite's ddl). Types and
// sequences get theirs too; an identity column's sequence has none (the column creates it).
// Run in a database with the schemas and trigger functions, the DDL makes the same snapshot.
//
// A constant number of statements, whatever the number of objects (one query per kind of object,
// never one per table): one to set the session up, BEGIN, thirteen reads, ROLLBACK — 16 (the
// Qt driver adds 5 of its own when it connects); twice that at most (see below).
//
// Read-only and lock-safe. The session is set to default_transaction_read_only = on (it stays so
// afterwards: give the inspector a connection of its own), lock_timeout = 2s and
// statement_timeout = 60s, and every read runs in one REPEATABLE READ READ ONLY transaction (one
// consistent snapshot). The server's deparse functions — pg_get_expr, pg_get_indexdef,
// pg_get_constraintdef, pg_get_partkeydef, pg_get_viewdef — open the relation with ACCESS SHARE
// (pg_get_viewdef also every relation the view reads), which waits behind a migration's ACCESS
// EXCLUSIVE lock and, once granted, lasts till the transaction ends. So the reads come in two
// phases: first the catalog rows (names, types, flags, numbers: no lock on any user relation),
// then, last, the deparsed texts, only for relations that no other session holds or awaits an
// ACCESS EXCLUSIVE lock on (pg_locks, read at the start), and the transaction ends at once. A
// migration therefore never waits on an inspection for longer than those last few statements
// (milliseconds; about 0.1 s for 1,000 tables), and an inspection never waits on a migration. A
// relation left out keeps its structure but not those texts (defaults, generated expressions,
// index, constraint and partition texts, a view's query), and says so in
// SchemaRelation::incomplete (its ddl starts with a comment saying it). A lock taken between the
// check and phase two ends the wait at lock_timeout (55P03): the whole read is then done once
// more with the locks as they are. Sizes are NOT pg_total_relation_size() (which opens each
// relation): they are relpages × block_size of the table, its TOAST table and all their
// indexes, i.e. as of the last VACUUM, ANALYZE or CREATE INDEX (0 for a table never vacuumed).
// rowsEstimate is reltuples, none when the table was never analyzed (-1).
//
// PostgreSQL 12 or later (attgenerated, conparentid, indnkeyatts); an older server's error names
// the missing column.
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
