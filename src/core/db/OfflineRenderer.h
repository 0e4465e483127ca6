#pragma once

#include "db/Dialect.h"
#include "base/TableName.h"
#include "graph/Plan.h"

#include <QString>

namespace retort {

// Renders a plan as the SQL script `alembic upgrade/downgrade/stamp ... --sql` prints (offline
// mode, dry run), byte for byte for the same SQL — checked against Alembic 1.8.1 with SQLite;
// tests/core/OfflineRendererTest.cpp pins the layout. The version table is written as
// VersionTable writes it: schema-qualified when `versionTable` has a schema, as Alembic writes
// it with version_table_schema (myschema.alembic_version). Every chunk ends in ";\n\n":
//   - the version table's CREATE (Alembic's multi-line layout), when `createVersionTable` and a
//     step is about to run with no version row (an upgrade or stamp from <base>);
//   - per step "-- Running upgrade <from> -> <to>" (or "downgrade", or "stamp_revision" for a
//   stamp;
//     <from>/<to> are the step's revisions joined with ", ", empty for <base>, so "upgrade  -> a");
//   - the statements of the script's section for the driver, each trimmed, tabs as four spaces;
//   - the step's version-table INSERT / UPDATE / DELETE;
//   - "DROP TABLE alembic_version" when the run ends with no version row (Alembic always does this
//     offline, even for an empty plan from <base>).
// Alembic refuses `stamp --purge --sql`, and callers should too; a Plan with `purge` set still
// renders, with a `DELETE FROM alembic_version` first.
// BEGIN/COMMIT wrap the whole when Alembic's implementation for the dialect declares transactional
// DDL (not SQLite). CRLF line ends in scripts come out as LF.
//
// Pure: it never touches a database. Thread-safe.
QString renderOfflineSql(const Plan &plan, const Dialect &dialect, const TableName &versionTable,
                         bool createVersionTable);

// As above, the dialect chosen by driver name ("sqlite"). An unknown driver has no dialect; its
// sections are still read for that driver, with SQLite's splitting and quoting rules.
QString renderOfflineSql(const Plan &plan, const QString &driver, const TableName &versionTable,
                         bool createVersionTable);

} // namespace retort
