#pragma once

#include "safety/Backup.h"
#include "safety/Preflight.h"

#include <optional>

namespace retort {

// What happens before a run on a protected environment, in order: a backup (none when a SQLite
// database does not exist yet: there is nothing to lose), then the pre-flight checks — tested
// elsewhere, clean working tree, and the fresh backup (skipped for that missing SQLite file).
struct ProtectedRunPreparation {
    std::optional<BackupInfo> backup; // empty: nothing to back up
    PreflightReport report;
};

// Blocking (backup tools, other environments' audit trails, git): call from a worker thread.
// A failed or empty backup is an Error: the run must not go ahead.
Result<ProtectedRunPreparation> prepareProtectedRun(const Workspace &workspace,
                                                    const Environment &env, const Plan &plan,
                                                    const SecretsProvider &secrets,
                                                    const QString &backupFolder);

} // namespace retort
