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

// CREATE TABLE … (or … PARTITION OF parent FOR VALUES …) with the table's own `constraints`
// (NOT VALID ones as ALTER TABLE … ADD afterwards), then its CREATE INDEX statements (indexes no
// constraint owns, but `inheritedIndexes`: those its parent's index makes), triggers and
// comments. `parentQualified` is the parent's pgQualified() name for a partition, else "".
// Columns named in `storageSet` get ALTER TABLE … SET STORAGE (CREATE TABLE cannot say it before
// PostgreSQL 16).
QString pgTableDdl(const SchemaRelation &r, const QList<PgConstraintText> &constraints,
                   const QString &parentQualified, const QStringList &inheritedIndexes,
                   const QStringList &storageSet);
// CREATE [MATERIALIZED] VIEW … AS <definition>, then indexes and comments; a view whose
// definition could not be read gets a comment saying `why` instead.
QString pgViewDdl(const SchemaRelation &r, const QString &why);
QString pgSequenceDdl(const SchemaSequence &s, bool identity);
QString pgTypeDdl(const SchemaType &t);

} // namespace retort::detail
