#pragma once

#include "safety/Backup.h"
#include "safety/Preflight.h"

namespace retort {

// The one order of a run that changes a protected environment, in the window and on the command
// line alike:
//  1. The plan is made (outside the run lock) and shown. Seeing a plan and its SQL is read-only
//     and never gated: the window opens the plan at once, the CLI prints `--sql` without checks.
//  2. checkBeforeRun(), between the plan and the run (the window runs it while the plan is
//     shown; its Run button waits for the result): the checks that need no backup — every step already succeeded on a
//     non-protected environment, the git working tree is clean — and, only when the run will
//     take no backup of its own (`--no-backup`), that a fresh backup exists. A failed check stops
//     the run unless the user overrides it with a reason, which the audit trail records.
//  3. The user confirms (types the environment's name).
//  4. The run session (workflows/RunSession.h) takes the run lock, reads the version rows again
//     — a protected environment that moved meanwhile is refused, never re-planned: the user
//     confirmed that plan — and takes the backup as the last thing before the first step. A
//     failed or empty backup stops the run with nothing run.
//  5. The steps run, each recorded in the audit trail with the override note, if any.
// Nothing but a confirmed run that passed step 2 writes a backup: a cancelled dialog, a refused
// pre-flight or a preview leaves none.
struct ProtectedRunPolicy {
    bool takeBackup = true; // step 4 backs up (false: --no-backup, and fresh-backup is checked)
    QString backupFolder;   // where backups go and are looked for (defaultBackupFolder)
    int maxBackupAgeMinutes = 60;
};

// Step 2. Blocking (other environments' audit trails, git): a worker thread or the CLI.
PreflightReport checkBeforeRun(const Workspace &workspace, const Environment &env, const Plan &plan,
                               const SecretsProvider &secrets, const ProtectedRunPolicy &policy);

} // namespace retort
