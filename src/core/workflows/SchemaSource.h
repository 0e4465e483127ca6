#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "schema/SchemaModel.h"
#include "workflows/ExpectedSchema.h"

#include <QString>
#include <QStringList>

namespace retort {

class Project;
class Workspace;

// One side of a schema comparison (`retort-cli diff A B`, `revision --autogenerate --from A --to
// B`, the Compare window), as a user names it:
//  - "@REV", "@heads", "@a,b": the schema upgrading an empty database to those revisions produces
//    (replayed, workflows/ExpectedSchema.h);
//  - "file.json" (or any existing file): a snapshot saved by `schema --json [--detail|--snapshot]`;
//  - anything else: an environment's live schema.
struct SchemaSource {
    enum class Kind { Environment, Revisions, File };
    Kind kind = Kind::Environment;
    QString spec;        // as typed
    QString name;        // Environment: its name; File: the path; Revisions: targets joined by ","
    QStringList targets; // Revisions: the revision specs after "@"
};

// Reads `spec` into a SchemaSource; "@" alone is an error. Touches the disk only to tell a file
// from an environment name. Does not check that the environment exists.
Result<SchemaSource> parseSchemaSource(const QString &spec);

// A File source's snapshot (no project needed): "no such snapshot file" or readSnapshotFile()'s
// error.
Result<SchemaSnapshot> readSnapshotSource(const SchemaSource &source);

// The snapshot `source` names. `driver` is the engine a Revisions source is replayed for (the
// other side's, or the environment's); it is ignored for the others. `secrets` are the
// environment's (Environment), `replay` the replay options (Revisions, schemaReplayOptions()).
// Errors name the source: an unknown environment ("'X' is neither an environment nor a snapshot
// file (*.json): …"), a missing file, the inspection's or the replay's error as is. Blocking (a
// worker thread or the CLI).
Result<SchemaSnapshot> readSchemaSource(const Workspace &ws, const SchemaSource &source,
                                        const QString &driver, const ConnectionSecrets &secrets,
                                        const ExpectedSchemaOptions &replay,
                                        const CancelToken *cancel = nullptr);

} // namespace retort
