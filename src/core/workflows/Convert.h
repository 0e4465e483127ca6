#pragma once

#include "base/Error.h"

#include <QString>

namespace retort {

class Workspace;

// Converting an Alembic project into a native Retort project (`retort-cli convert`): every
// revision's upgrade and downgrade SQL rendered by the project's own alembic (offline, one run for
// the whole graph), written as one .sql per revision next to a retort.toml with the project's
// name, version table and environments (never a secret). The result is loaded again to check it.
//
// Threading: blocks while alembic runs (seconds): call it from a worker thread or the CLI.

struct ConvertRequest {
    QString outDir;         // the new project's folder: created if needed, must hold no project
    QString alembicProgram; // empty: $RETORT_ALEMBIC, else alembic on PATH (findAlembic())
    QString driver;         // the SQL dialect (sqlite, postgresql, mysql); empty: the first
                            // environment's
};

struct ConvertOutcome {
    QString outDir; // absolute
    int revisions = 0;
};

// Converts `workspace` (an Alembic project whose graph loaded without problems). Errors: a native
// project; an `outDir` that already holds retort.toml or a non-empty versions/; no usable
// alembic; alembic's own failure; a revision alembic rendered no upgrade for; a file that cannot
// be written; a result that does not load cleanly. Files written before an error stay.
Result<ConvertOutcome> convertAlembicProject(const Workspace &workspace,
                                             const ConvertRequest &request);

} // namespace retort
