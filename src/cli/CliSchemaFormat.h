#pragma once

// The printers of retort-cli schema (CliSchemaCommands.cpp), shared with the PostgreSQL ones
// (CliSchemaPostgres.cpp). Pure formatting of a snapshot.

#include "schema/SchemaModel.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

// An aligned table in psql's style: a centred title, " a | b " rows, a rule of dashes and "+",
// and "(N rows)". Columns flagged in `rightAligned` are right-aligned (psql's numbers).
QString psqlTable(const QString &title, const QStringList &header,
                  const std::vector<QStringList> &rows, const std::vector<bool> &rightAligned = {});
// psqlTable without its "(N rows)" line, as psql's \d prints its tables.
QString psqlTableNoCount(const QString &title, const QStringList &header,
                         const std::vector<QStringList> &rows,
                         const std::vector<bool> &rightAligned = {});

// `r` as psql 15's \d+ describes it (the columns Retort keeps: Column, Type, Collation,
// Nullable, Default, Storage, Description), with its footers in psql's wording and order:
// Partition of, Partition key, Indexes, Check constraints, Foreign-key constraints (a
// partition's inherited keys as TABLE "parent" CONSTRAINT …), Referenced by, Triggers,
// Partitions, View definition; then, when the inspector could not read all of it (a migration's
// lock), "Incomplete: why".
QString describePostgres(const SchemaSnapshot &snapshot, const SchemaRelation &r);
// A sequence as \d describes it; a type as Retort shows it (enum elements, domain details).
QString describePostgresSequence(const SchemaSequence &s);
QString describePostgresType(const SchemaType &t);

// psql's Default cell: identity and generated columns in its words, else the default.
QString postgresDefaultText(const SchemaColumn &c);
// psql's line for an index ("\"orders_pkey\" PRIMARY KEY, btree (id)"), without indentation.
QString postgresIndexLine(const SchemaIndex &i);

} // namespace retort
