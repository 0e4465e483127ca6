#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Environment.h"
#include "schema/SchemaModel.h"

namespace retort {

// The schema of environment `env`, read on its own read-only connection (through its tunnel):
// the one call the window and `retort-cli schema` make. A SQLite file that does not exist is an
// error naming it (nothing is created). One inspector per engine (schema/SqliteInspector.h,
// PostgresInspector.h, MysqlInspector.h), each a constant number of read-only catalog queries.
// Blocking: a worker thread or the CLI.
// `focus` (optional) names the one relation whose DDL the caller will show: on MySQL/MariaDB its
// `ddl` is then SHOW CREATE TABLE/VIEW's exact text (one more statement) instead of the one
// assembled from information_schema.
Result<SchemaSnapshot> inspectEnvironment(const Environment &env, const ConnectionSecrets &secrets,
                                          const CancelToken *cancel = nullptr,
                                          const QString &focus = {});

} // namespace retort
