#pragma once

// Private to schema/Mysql*.cpp: the DDL text the MariaDB/MySQL inspector assembles from its
// information_schema rows, in SHOW CREATE's layout (MysqlInspector.h says where it differs).
// Pure functions.

#include "schema/MysqlCatalog.h"

namespace retort::detail {

// Each name quoted with mysqlQuoteIdent().
QStringList mysqlQuoteIdents(const QStringList &names);

// "user@host" (information_schema's DEFINER) as SHOW CREATE prints it: `user`@`host`.
QString mysqlDefiner(const QString &text);

// "CREATE DEFINER=`u`@`h` TRIGGER `name` BEFORE INSERT ON `table` FOR EACH ROW <body>", from
// information_schema.TRIGGERS' DEFINER, ACTION_TIMING, EVENT_MANIPULATION and ACTION_STATEMENT.
QString mysqlTriggerDdl(const QString &definer, const QString &name, const QString &timing,
                        const QString &event, const QString &table, const QString &body);

// As SHOW CREATE SEQUENCE prints it; `engine` may be empty.
QString mysqlSequenceDdl(const SchemaSequence &seq, const QString &engine);

// A statement that creates the index on its own: CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX … or
// ALTER TABLE … ADD PRIMARY KEY ….
QString mysqlIndexDefinition(const MysqlRelationRow &r, const MysqlIndexRow &row);

// "FOREIGN KEY (...) REFERENCES ... [ON DELETE ...]"; the referenced table is qualified only
// when it is not in `database`.
QString mysqlForeignKeyDefinition(const QString &database, const SchemaForeignKey &key);

// SHOW CREATE TABLE's text for a table of `database`: columns in `r.columns`' order, keys in the
// server's order, foreign keys, table checks, table options, partitions.
QString mysqlTableDdl(const QString &database, const MysqlRelationRow &r);

// SHOW CREATE VIEW's text, or a comment saying the definition is not visible to this user.
QString mysqlViewDdl(const MysqlRelationRow &r);

} // namespace retort::detail
