#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "schema/SchemaModel.h"

#include <QSqlDatabase>

namespace retort {

// The schema of the MariaDB/MySQL database open on `db`: the current database (DATABASE()) as the
// snapshot's one schema, its tables, views and (MariaDB 10.3+) sequences, columns, indexes,
// foreign keys, checks, triggers, comments, engines, row estimates (TABLE_ROWS) and sizes
// (DATA_LENGTH + INDEX_LENGTH), all read from information_schema. A partitioned table is a
// PartitionedTable with its partitionKey ("RANGE (`y`)") and its partitions' names ("p0");
// MariaDB's partitions are not relations of their own. MariaDB has no owners and no user-defined
// types (enum and set are column types), so those stay empty.
//
// Strings are the server's own, as SHOW CREATE TABLE and DESCRIBE print them:
// - a column's type is COLUMN_TYPE ("varchar(120)", "int(11)", "enum('a','b')");
// - its default is MariaDB's COLUMN_DEFAULT, i.e. SHOW CREATE TABLE's DEFAULT clause: literals
//   quoted ('x''y', 1.50), expressions as printed (current_timestamp(), uuid()). No default and
//   the implicit DEFAULT NULL of a nullable column are both nullopt (MariaDB writes the latter as
//   the text NULL; DESCRIBE shows NULL for both). On MySQL, whose COLUMN_DEFAULT is unquoted,
//   literals are quoted and DEFAULT_GENERATED expressions put in parentheses, as its SHOW CREATE
//   TABLE does. A generated column has no default of its own (MariaDB refuses one): its
//   defaultValue holds the generation expression instead ("`n` * 2"), `generated` says
//   "virtual" or "stored";
// - AUTO_INCREMENT is identity "by default"; a column's collation is set only when it differs
//   from its table's; a check's definition is "CHECK (<CHECK_CLAUSE>)"; a foreign key's actions
//   are the server's UPDATE_RULE/DELETE_RULE ("RESTRICT" when none was given) and its definition
//   SHOW CREATE TABLE's "FOREIGN KEY (...) REFERENCES ... [ON DELETE ...]";
// - an index's columns carry their prefix length ("name(10)") and " DESC" when descending; its
//   method is STATISTICS.INDEX_TYPE (BTREE, HASH, FULLTEXT, SPATIAL); its definition is a
//   statement that recreates it: "CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX `i` ON `t` (...)
//   [USING m]", or "ALTER TABLE `t` ADD PRIMARY KEY (...)" for the primary key. Index sizes come
//   from mysql.innodb_index_stats where the user may read it (else none);
// - a view's definition is information_schema's VIEW_DEFINITION with the current database's
//   qualifier removed, which is SHOW CREATE VIEW's query text (empty without the SHOW VIEW
//   privilege); a trigger's definition is assembled as "CREATE DEFINER=... TRIGGER `name` BEFORE
//   INSERT ON `table` FOR EACH ROW <body>".
// - Each relation's `ddl` is assembled in bulk, in SHOW CREATE TABLE's layout (columns, keys in
//   the server's order, foreign keys, checks, table options); it equals SHOW CREATE TABLE's text
//   except where information_schema does not say what was written (a USING clause naming the
//   engine's default method, the exact original text of a view). mysqlShowCreate() gives the
//   exact form for one object.
// Lists are sorted: relations and sequences by name; in a relation, indexes with the primary key
// first then by name, foreign keys, checks and triggers by name; columns by position.
//
// A constant number of statements, whatever the number of tables (one query per kind of object,
// never one per table): SELECT of the session facts, SET lock_wait_timeout, START TRANSACTION
// WITH CONSISTENT SNAPSHOT, READ ONLY, seven information_schema reads (TABLES, COLUMNS,
// STATISTICS, KEY_COLUMN_USAGE with REFERENTIAL_CONSTRAINTS, CHECK_CONSTRAINTS, TRIGGERS, VIEWS),
// PARTITIONS only when a table is partitioned, one optional read of index sizes, one read of
// every sequence's parameters at once (only when there are sequences), COMMIT, and SET
// lock_wait_timeout back: 12 to 14 statements.
//
// What a user with SELECT alone cannot see, the snapshot leaves out rather than failing: a
// foreign key's actions (REFERENTIAL_CONSTRAINTS shows nothing without another privilege, e.g.
// SHOW VIEW: onDelete/onUpdate are then ""), a view's query (SHOW VIEW; its ddl is then a comment
// saying so), triggers (TRIGGER). A read-only role for inspection: GRANT SELECT, SHOW VIEW.
//
// Read-only and lock-safe: everything runs in one READ ONLY transaction (a write in it fails).
// information_schema reads take only short, high-priority metadata locks that neither wait for a
// migration's lock nor outlast the statement; the sequence read, which opens the sequences
// themselves, runs last and just before COMMIT. The session's lock_wait_timeout is
// `lockWaitSeconds` meanwhile, so a sequence locked by another session (LOCK TABLES ... WRITE, an
// ALTER) makes the inspection fail after that long with an Error of kind ServerError and code
// 1205 naming the statement, never wait longer. information_schema is not versioned: the reads
// see the catalog as it is at each statement, not as of the transaction's start.
//
// Cancellable: `cancel` is polled between statements, and a cancel during a statement asks the
// server to stop it (KILL QUERY from a second connection, as the Migrator does): the result is
// then an Error of kind Cancelled. Blocking: call it in a worker thread or the CLI, in the thread
// that owns `db`.
Result<SchemaSnapshot> inspectMysql(const QSqlDatabase &db, const CancelToken *cancel = nullptr,
                                    int lockWaitSeconds = 5);

// SHOW CREATE TABLE (or VIEW, for a view) of `relation`: the server's exact DDL for one object.
// One statement. Blocking, in the thread that owns `db`.
Result<QString> mysqlShowCreate(const QSqlDatabase &db, const SchemaRelation &relation);

// Starts the inspector's transaction on `db`: START TRANSACTION WITH CONSISTENT SNAPSHOT, READ
// ONLY. Exposed so a test can show that a write inside it fails.
Status beginMysqlReadOnly(const QSqlDatabase &db);

// `name` quoted as MariaDB prints identifiers (`a``b`). Pure.
QString mysqlQuoteIdent(const QString &name);

// `text` as a string literal the way SHOW CREATE TABLE prints one ('it''s', backslashes and
// control characters escaped). Pure.
QString mysqlQuoteString(const QString &text);

} // namespace retort
