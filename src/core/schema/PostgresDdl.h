#pragma once

// Private to schema/Postgres*.cpp: the DDL text the PostgreSQL inspector assembles from the
// catalog's pieces (PostgresInspector.h says what each holds). Pure functions.

#include "schema/SchemaModel.h"

#include <QList>
#include <QPair>

namespace retort::detail {

// A constraint defined on the table itself (not inherited from a partitioned parent): its name
// and pg_get_constraintdef() text.
using PgConstraintText = QPair<QString, QString>;

// "schema"."name" as quote_ident prints each part.
QString pgQualified(const QString &schema, const QString &name);

// What a table's DDL needs beyond the model: its own constraints (not inherited from a
// partitioned parent), its parent, and what the parent's objects and CREATE TABLE cannot say.
struct PgTableParts {
    QList<PgConstraintText> constraints;
    QString parentQualified;       // the parent's pgQualified() name for a partition, else ""
    QStringList inheritedIndexes;  // indexes a partitioned parent's index makes
    QStringList inheritedTriggers; // triggers a partitioned parent's trigger makes
    QStringList storageSet;        // columns whose storage is not their type's default
};

// CREATE TABLE … (or … PARTITION OF parent FOR VALUES …) with the table's own constraints
// (NOT VALID ones as ALTER TABLE … ADD afterwards), ALTER TABLE … SET STORAGE (CREATE TABLE
// cannot say it before PostgreSQL 16), then its CREATE INDEX statements (indexes no constraint
// owns and the parent's do not make), its own triggers and comments.
QString pgTableDdl(const SchemaRelation &r, const PgTableParts &parts);
// CREATE [MATERIALIZED] VIEW … AS <definition>, then indexes and comments; a view whose
// definition could not be read gets a comment saying `why` instead.
QString pgViewDdl(const SchemaRelation &r, const QString &why);
QString pgSequenceDdl(const SchemaSequence &s, bool identity);
QString pgTypeDdl(const SchemaType &t);

} // namespace retort::detail
