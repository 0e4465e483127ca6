#pragma once

#include "db/Dialect.h"
#include "schema/StatementTargets.h"

#include <QString>

#include <vector>

namespace retort {

// The objects an Alembic revision's Python source (typically its `def upgrade()`, from
// Script::pythonUpgrade() or readPythonFunctions) touches, read as text from its `op.*` calls —
// never run. Lines are 1-based within `python`.
//
//   op.create_table('t', ...)                  create table t
//   op.drop_table('t')                         drop table t
//   op.rename_table('a', 'b')                  rename table a to b
//   op.add_column / drop_column / alter_column('t', ...),
//   op.create_foreign_key(name, 'src', 'ref', ...), op.create_unique_constraint(name, 't', ...),
//   op.create_check_constraint(name, 't', ...), op.create_primary_key(name, 't', ...),
//   op.drop_constraint(name, 't', ...)         alter table t (the source table of a foreign key)
//   op.create_index('ix', 't', ...)            create index ix on t
//   op.drop_index('ix', table_name='t')        drop index ix (on t when named)
//   op.create_table_comment / drop_table_comment('t', ...)   comment on table t
//   op.execute("SQL") / op.execute(sa.text("SQL"))  the SQL's own targets (statementTargets),
//                                                    at the string's line
//   with op.batch_alter_table('t') as batch_op:      alter table t; in its body
//       batch_op.create_index('ix', ...) / drop_index('ix')   that index on t, and every other
//       batch_op.<call>(...)                                  an alter of t
//
// Arguments are taken by keyword when given so (table_name=, source_table=, schema=,
// source_schema=, ...) and else by position, as Alembic's signatures place them; only plain
// string literals (and op.f('name')) count (a name held in a variable is not followed). Names are
// kept as written (SQLAlchemy quotes names that need it, so the database stores them so). Source
// that does not tokenize gives nothing. Pure; thread-safe.
std::vector<StatementTarget> alembicOpTargets(const QString &python, DialectKind dialect);

} // namespace retort
