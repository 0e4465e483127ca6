#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Environment.h"
#include "schema/SchemaModel.h"

namespace retort {

// The schema of environment `env`, read on its own read-only connection (through its tunnel):
// the one call the window and `retort-cli schema` make. A SQLite file that does not exist is an
// error naming it (nothing is created). Inspectors exist for SQLite and PostgreSQL so far; another
// engine gets an error saying so (issue 13 is building them). Blocking: a worker thread or the CLI.
Result<SchemaSnapshot> inspectEnvironment(const Environment &env, const ConnectionSecrets &secrets,
                                          const CancelToken *cancel = nullptr);

} // namespace retort
