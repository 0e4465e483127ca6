#include "safety/ProtectedRun.h"

#include "db/Connection.h"
#include "project/Workspace.h"

namespace retort {

Result<ProtectedRunPreparation> prepareProtectedRun(const Workspace &workspace,
                                                    const Environment &env, const Plan &plan,
                                                    const SecretsProvider &secrets,
                                                    const QString &backupFolder)
{
    ProtectedRunPreparation out;
    const bool nothingYet = sqliteDatabaseMissing(env);
    if (!nothingYet) {
        auto backup = takeBackup(env, secrets(env), backupFolder);
        if (!backup)
            return Error(backup.error().message +
                         QStringLiteral("; the run was stopped, nothing was run"));
        out.backup = *backup;
    }
    out.report.checks.push_back(checkTestedElsewhere(workspace, env, plan, secrets));
    out.report.checks.push_back(checkCleanWorkingTree(workspace.project().root));
    PreflightCheck fresh = checkFreshBackup(env, backupFolder);
    if (nothingYet && fresh.state == PreflightCheck::State::Failed) {
        fresh.state = PreflightCheck::State::Skipped;
        fresh.detail = QStringLiteral("the database does not exist yet");
    }
    out.report.checks.push_back(fresh);
    return out;
}

} // namespace retort
