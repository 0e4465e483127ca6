#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "schema/SchemaModel.h"
#include "workflows/ScratchDatabase.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

class Workspace;

struct ExpectedSchemaOptions {
    // Where postgresql / mysql replays run (scratchServerOf(project, secrets)). Its driver must
    // be the requested one. None: a sqlite replay runs in a temporary file; any other driver is
    // an error ("needs a scratch server") — PostgreSQL or MySQL SQL is never replayed on SQLite.
    std::optional<ScratchServer> scratch;
    // Alembic (Python) revisions: the alembic that renders their SQL (PlanRequest::alembicProgram).
    QString alembicProgram;
    // The folder for SQLite scratch files (empty: QDir::tempPath()).
    QString tempDir;
    // Look the answer up in, and store it into, the in-process cache.
    bool useCache = true;
    // After the upgrades, a downgrade to this target (a revision whose ancestry stays, or
    // "base"), then upgrades to `thenUpgrade`; empty: none. For the schema an upgrade and its
    // downgrade leave (workflows/MigrationEffect.h).
    QString thenDowngrade;
    QStringList thenUpgrade;
};

// The schema that upgrading an empty `driver` database from base to `targets` (each as an upgrade
// takes it: a revision id or prefix, "heads", "head", a label, "label@head"; "base" adds nothing)
// produces: the plan (makePlan, one upgrade per target in order, each from where the previous one
// left off) replayed into a ScratchDatabase with Retort's own runner (no run lock, no audit rows;
// Alembic steps through the SQL alembic renders offline), then inspected (inspectEnvironment).
// The scratch database is gone when this returns, whatever happened.
// Errors: the plan's (unknown revision: GraphProblem); a failing statement as the runner reports
// it (revision, statement number, file:line, server message); Cancelled; the scratch server's.
//
// Cache: answers are kept in process per (project content, resolved targets, driver, scratch
// server host:port). The project content is a SHA-256 over the version table keys of retort.toml
// and every script's path and bytes (for an Alembic project also alembic.ini's bytes), read at
// each call; so editing, adding or removing a script, or changing those keys, misses. It does not
// see an Alembic project's env.py or modules its revisions import, nor a server upgraded under
// the same host:port: clearExpectedSchemaCache() forgets everything. Thread-safe.
//
// Blocking (a worker thread or the CLI); `cancel` stops the replay between or during statements.
Result<SchemaSnapshot> expectedSchema(const Workspace &ws, const QStringList &targets,
                                      const QString &driver, const ExpectedSchemaOptions &opts = {},
                                      const CancelToken *cancel = nullptr);

// Forgets every cached expected schema. Thread-safe.
void clearExpectedSchemaCache();

// How often expectedSchema() answered from the cache and how often it replayed, since the process
// started (for tests and diagnostics). Thread-safe.
struct ExpectedSchemaStats {
    qint64 cacheHits = 0;
    qint64 replays = 0;
};
ExpectedSchemaStats expectedSchemaStats();

} // namespace retort
