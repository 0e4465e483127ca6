#pragma once

// Private to MysqlMigration*.cpp: the DDL pieces the MariaDB/MySQL script writer assembles from
// snapshots (SchemaMigration.h). Pure functions. Each prefers the text the inspector gave (the
// relation's `ddl`, an index's or foreign key's `definition`), which carries what the model does
// not (ON UPDATE, INVISIBLE, the character set); a hand-built snapshot without it gets the same
// shape built from the model's fields.

#include "schema/SchemaMigrationDetail.h"
#include "schema/SchemaModel.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace retort::schema_migration::mysql {

// `name` quoted with backticks (`a``b`).
QString ident(const QString &name);

// The column lines of a table's CREATE TABLE text (its `ddl`), by column name; empty when the
// relation has no such text.
QHash<QString, QString> columnLines(const SchemaRelation &r);

// The full column definition: "`name` type [CHARACTER SET … COLLATE …] [NOT NULL] [DEFAULT …]
// [ON UPDATE …] [AUTO_INCREMENT] [COMMENT '…'] [CHECK (…)]", or the GENERATED ALWAYS AS form.
// `lines` is columnLines(r).
QString columnDefinition(const SchemaColumn &c, const QHash<QString, QString> &lines);

// The check is written inside its column's definition (MariaDB's column-level CHECK, named after
// the column), which DROP CONSTRAINT cannot remove: only a MODIFY of the column can.
bool isColumnCheck(const SchemaCheck &check, const QHash<QString, QString> &lines);

// CREATE TABLE for `r` without its foreign keys (added later, once every table exists) and
// without the AUTO_INCREMENT counter.
QString createTable(const SchemaRelation &r);

// ALTER TABLE clauses: "ADD [UNIQUE|FULLTEXT|SPATIAL] INDEX `i` (…)", "ADD PRIMARY KEY (…)",
// "ADD CONSTRAINT `fk` FOREIGN KEY (…) REFERENCES …".
QString addIndexClause(const SchemaIndex &i);
QString addPrimaryKeyClause(const SchemaRelation &r);
QString addForeignKeyClause(const SchemaForeignKey &k);

// CREATE VIEW / CREATE TRIGGER without their DEFINER clause (the definer becomes the user who
// runs the script); "" when the view's query is not known.
QString createView(const SchemaRelation &v);
QString createTrigger(const SchemaTrigger &t);

QString createSequence(const SchemaSequence &s);
QString alterSequence(const SchemaSequence &s);

// A type change that cannot fail or lose data (int → bigint, varchar(10) → varchar(20),
// decimal(10,2) → decimal(12,2), an enum's values appended); anything else is reviewed.
bool isWidening(const QString &from, const QString &to);

// The server version supports RENAME COLUMN and RENAME INDEX (MariaDB 10.5.2+, MySQL 8.0+); an
// unknown version is taken as current.
bool hasRenameColumn(const QString &serverVersion);

// What one table present on both sides needs (MysqlMigrationTable.cpp).
struct TablePlan {
    const SchemaRelation *a = nullptr; // its A side (under its old name when renamed)
    const SchemaRelation *b = nullptr;
    QStringList notes;           // REVIEW notes for its ALTER TABLE
    QStringList clauses;         // of its one ALTER TABLE, in order
    QStringList extraStatements; // partitioning, which cannot share the ALTER
    QSet<QString> touched;       // A columns altered, dropped, renamed or losing an index
    bool keysChange = false;     // a foreign key of it is added, dropped or changed
};

// Fills `plan` (a and b set) from the changes about `object` (SchemaChange::object).
void planTable(const Input &in, TablePlan &plan, const QString &object);

} // namespace retort::schema_migration::mysql
