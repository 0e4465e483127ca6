#include "safety/ProtectedRun.h"

#include "db/Connection.h"
#include "project/Workspace.h"

namespace retort {

namespace {

PreflightCheck freshBackupCheck(const Environment &env, const ProtectedRunPolicy &policy)
{
    if (policy.takeBackup) {
        PreflightCheck check;
        check.id = PreflightCheck::Id::FreshBackup;
        check.name = QStringLiteral("fresh-backup");
        check.title = QStringLiteral("A fresh backup of the environment exists");
        check.state = PreflightCheck::State::Skipped;
        check.detail = QStringLiteral("a backup is taken under the run lock, right before the "
                                      "first step");
        return check;
    }
    PreflightCheck check = checkFreshBackup(env, policy.backupFolder, policy.maxBackupAgeMinutes);
    if (sqliteDatabaseMissing(env) && check.state == PreflightCheck::State::Failed) {
        check.state = PreflightCheck::State::Skipped;
        check.detail = QStringLiteral("the database does not exist yet");
    }
    return check;
}

} // namespace

PreflightReport checkBeforeRun(const Workspace &workspace, const Environment &env, const Plan &plan,
                               const SecretsProvider &secrets, const ProtectedRunPolicy &policy)
{
    PreflightReport report;
    report.checks.push_back(checkTestedElsewhere(workspace, env, plan, secrets));
    report.checks.push_back(checkCleanWorkingTree(workspace.project().root));
    report.checks.push_back(freshBackupCheck(env, policy));
    return report;
}

} // namespace retort
