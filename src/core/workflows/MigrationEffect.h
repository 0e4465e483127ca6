#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaModel.h"
#include "workflows/ExpectedSchema.h"

#include <QString>

namespace retort {

class Workspace;

// What one revision really does to a schema, and whether its downgrade undoes it: the schema
// before it (its parents replayed), after its upgrade, and after its upgrade and then its
// downgrade (one step back), each replayed into a scratch database (expectedSchema) for `driver`.
struct MigrationEffect {
    QString revision; // full id
    SchemaSnapshot before;
    SchemaSnapshot after;
    SchemaSnapshot roundTrip;
    SchemaDiff upgrade;  // before → after: what the upgrade changes
    SchemaDiff leftover; // before → roundTrip: what the downgrade does not restore
    bool downgradeRestores() const { return leftover.empty(); }
};

// The effect of revision `revision` (as show takes it: an id, a prefix, a label) for `driver`.
// Errors: an unknown or ambiguous revision; a failing statement of the replays (revision,
// statement, file:line); "needs a scratch server" for postgresql/mysql without one; Cancelled.
// The round trip downgrades to the revision's first parent (or base) and upgrades again to its
// other parents and dependencies: for a merge or a revision with depends_on, the downgrades and
// upgrades of those other branches run on the way and are judged with it.
// Blocking (three replays, two of them usually cached): a worker thread or the CLI.
Result<MigrationEffect> migrationEffect(const Workspace &ws, const QString &revision,
                                        const QString &driver,
                                        const ExpectedSchemaOptions &options = {},
                                        const CancelToken *cancel = nullptr);

} // namespace retort
