#include "safety/Preflight.h"

#include "base/Git.h"
#include "db/AuditTrail.h"
#include "db/Migrator.h"
#include "project/Workspace.h"
#include "safety/Backup.h"
#include "scripts/Script.h"

namespace retort {

namespace {

QString stateTag(PreflightCheck::State s)
{
    switch (s) {
    case PreflightCheck::State::Passed:
        return QStringLiteral("[ok]");
    case PreflightCheck::State::Failed:
        return QStringLiteral("[FAILED]");
    case PreflightCheck::State::Skipped:
        return QStringLiteral("[skipped]");
    }
    Q_UNREACHABLE();
}

} // namespace

bool PreflightReport::ok() const
{
    return failedNames().isEmpty();
}

QStringList PreflightReport::failedNames() const
{
    QStringList names;
    for (const PreflightCheck &c : checks)
        if (c.state == PreflightCheck::State::Failed)
            names.append(c.name);
    return names;
}

QString PreflightReport::overrideNote(const QString &reason) const
{
    return QStringLiteral("pre-flight overridden by %1: %2; reason: %3")
        .arg(operatorIdentity(), failedNames().join(QStringLiteral(", ")), reason);
}

QString PreflightReport::toText() const
{
    QString text;
    for (const PreflightCheck &c : checks) {
        text += QStringLiteral("%1 %2 (%3)\n").arg(stateTag(c.state), c.title, c.name);
        for (const QString &line : c.detail.split(u'\n', Qt::SkipEmptyParts))
            text += QStringLiteral("      ") + line + u'\n';
    }
    return text;
}

PreflightCheck checkTestedElsewhere(const Workspace &workspace, const Environment &target,
                                    const Plan &plan, const SecretsProvider &secrets)
{
    PreflightCheck check;
    check.id = PreflightCheck::Id::TestedElsewhere;
    check.name = QStringLiteral("tested-elsewhere");
    check.title = QStringLiteral("Every migration of the plan already succeeded on a "
                                 "non-protected environment");
    QStringList notes;
    // revision|direction|sha -> environments where it succeeded
    QHash<QString, QStringList> succeeded;
    int readable = 0;
    for (const Environment &env : workspace.project().environments) {
        if (env.isProtected || env.name == target.name)
            continue;
        auto rows = readHistory(env, workspace.project().versionTableName(),
                                secrets ? secrets(env) : ConnectionSecrets{}, 0, false);
        if (!rows) {
            notes.append(QStringLiteral("%1: not readable (%2)")
                             .arg(env.name, rows.error().message.section(u'\n', 0, 0)));
            continue;
        }
        ++readable;
        // Each environment once, however often the step succeeded there (up, down, up again).
        for (const AuditEntry &e : *rows) {
            if (e.outcome != AuditOutcome::Succeeded)
                continue;
            QStringList &where = succeeded[e.revision + u'|' + e.direction + u'|' + e.scriptSha256];
            if (!where.contains(env.name))
                where.append(env.name);
        }
    }
    QStringList missing, ok;
    for (const PlanStep &step : plan.steps) {
        if (step.stamp || !step.script)
            continue;
        const QString direction = step.direction == Direction::Upgrade
                                      ? QStringLiteral("upgrade")
                                      : QStringLiteral("downgrade");
        const QString sha = sha256Hex(Migrator::scriptBytes(*step.script));
        const QStringList where = succeeded.value(step.revision + u'|' + direction + u'|' + sha);
        if (where.isEmpty())
            missing.append(QStringLiteral("%1 %2 has not succeeded on any non-protected "
                                          "environment (with the script as it is now)")
                               .arg(direction, step.revision));
        else
            ok.append(QStringLiteral("%1 %2: succeeded on %3")
                          .arg(direction, step.revision, where.join(QStringLiteral(", "))));
    }
    if (plan.steps.empty() || (missing.isEmpty() && ok.isEmpty())) {
        check.state = PreflightCheck::State::Skipped;
        notes.prepend(QStringLiteral("the plan runs no migration"));
    } else {
        check.state =
            missing.isEmpty() ? PreflightCheck::State::Passed : PreflightCheck::State::Failed;
        if (readable == 0)
            notes.prepend(QStringLiteral("no non-protected environment's audit trail could be "
                                         "read"));
    }
    check.detail = (missing + ok + notes).join(u'\n');
    return check;
}

PreflightCheck checkCleanWorkingTree(const QString &projectRoot)
{
    PreflightCheck check;
    check.id = PreflightCheck::Id::CleanWorkingTree;
    check.name = QStringLiteral("clean-working-tree");
    check.title = QStringLiteral("The project's working tree is clean and committed");
    if (gitExecutable().isEmpty()) {
        check.state = PreflightCheck::State::Skipped;
        check.detail = QStringLiteral("git is not installed");
        return check;
    }
    const GitOutput inside =
        runGit(projectRoot, {QStringLiteral("rev-parse"), QStringLiteral("--is-inside-work-tree")});
    if (!inside.ok() || inside.out.trimmed() != "true") {
        check.state = PreflightCheck::State::Skipped;
        check.detail = QStringLiteral("the project is not in a git checkout");
        return check;
    }
    const GitOutput head =
        runGit(projectRoot, {QStringLiteral("rev-parse"), QStringLiteral("--verify"),
                             QStringLiteral("--quiet"), QStringLiteral("HEAD")});
    if (!head.ok()) {
        check.state = PreflightCheck::State::Failed;
        check.detail = QStringLiteral("the repository has no commit yet");
        return check;
    }
    const GitOutput status =
        runGit(projectRoot, {QStringLiteral("status"), QStringLiteral("--porcelain"),
                             QStringLiteral("--untracked-files=all"), QStringLiteral("--"),
                             QStringLiteral("."), QStringLiteral(":(exclude,glob)**/.retort/**")});
    if (!status.ok()) {
        check.state = PreflightCheck::State::Failed;
        check.detail = QStringLiteral("git status failed");
        return check;
    }
    const QStringList dirty = QString::fromUtf8(status.out).split(u'\n', Qt::SkipEmptyParts);
    if (dirty.isEmpty()) {
        check.state = PreflightCheck::State::Passed;
        check.detail =
            QStringLiteral("committed at %1").arg(QString::fromLatin1(head.out.trimmed().left(12)));
    } else {
        check.state = PreflightCheck::State::Failed;
        check.detail = QStringLiteral("uncommitted changes:\n") + dirty.mid(0, 20).join(u'\n');
    }
    return check;
}

PreflightCheck checkFreshBackup(const Environment &env, const QString &folder, int maxAgeMinutes)
{
    PreflightCheck check;
    check.id = PreflightCheck::Id::FreshBackup;
    check.name = QStringLiteral("fresh-backup");
    check.title = QStringLiteral("A fresh backup of the environment exists");
    const std::vector<BackupInfo> backups = listBackups(env, folder);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const BackupInfo &b : backups) {
        if (b.size > 0 && b.createdAt.secsTo(now) <= qint64(maxAgeMinutes) * 60) {
            check.state = PreflightCheck::State::Passed;
            check.detail = QStringLiteral("%1 (%2 bytes, %3)")
                               .arg(b.path)
                               .arg(b.size)
                               .arg(b.createdAt.toString(Qt::ISODate));
            return check;
        }
    }
    check.state = PreflightCheck::State::Failed;
    check.detail = backups.empty()
                       ? QStringLiteral("no backup in %1").arg(folder)
                       : QStringLiteral("the newest backup is older than %1 minutes: %2")
                             .arg(maxAgeMinutes)
                             .arg(backups.front().path);
    return check;
}

} // namespace retort
