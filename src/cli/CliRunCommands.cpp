// retort-cli's commands that change a database (upgrade, downgrade, stamp) or copy it (backup),
// and the run path they share: reading the version rows, the offline SQL, the confirmation of a
// protected environment, the run lock, the pre-flight checks and the run itself.
#include "Cli.h"

#include "CliFormat.h"
#include "CliOptions.h"
#include "db/Dialect.h"
#include "db/Lock.h"
#include "db/Migrator.h"
#include "db/OfflineRenderer.h"
#include "db/VersionTable.h"
#include "lint/Lint.h"
#include "project/Workspace.h"
#include "safety/Backup.h"
#include "safety/Preflight.h"
#include "safety/ProtectedRun.h"
#include "workflows/ConnectionAdvice.h"
#include "workflows/LintLive.h"
#include "workflows/Planning.h"
#include "workflows/RunSession.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <unistd.h>

namespace retort {

Status Cli::withAdvice(const Environment &env, Status status) const
{
    if (status)
        return status;
    Error e = status.error();
    switch (remedyFor(e)) {
    case ConnectionRemedy::TrustHostKey:
        e.message += QStringLiteral(
            "\n  Check the fingerprint, then pass --accept-new-host-key to trust it.");
        break;
    case ConnectionRemedy::DatabasePassword:
        e.message += QStringLiteral("\n  Store the password with 'retort-cli --env %1 password "
                                    "set', or set RETORT_DB_PASSWORD.")
                         .arg(env.name);
        break;
    case ConnectionRemedy::SshSecret:
    case ConnectionRemedy::SshPassphrase:
        e.message += QStringLiteral("\n  Store it with 'retort-cli --env %1 password set --ssh', "
                                    "or set RETORT_SSH_PASSPHRASE.")
                         .arg(env.name);
        break;
    case ConnectionRemedy::None:
        break;
    }
    return e;
}

Result<QStringList> Cli::readRows(const Environment &env) const
{
    if (sqliteDatabaseMissing(env))
        return QStringList{};
    ScopedConnection conn;
    if (auto st = withAdvice(env, conn.open(env, true, secretsFor(env))); !st)
        return st.error();
    return currentHeads(conn.db(), m_ws->project().versionTableName());
}

Result<QStringList> Cli::currentRows() const
{
    auto env = environment();
    if (!env)
        return env.error();
    return readRows(**env);
}

Result<QStringList> Cli::offlineStartRows(const QString &from) const
{
    QStringList rows;
    if (from.isEmpty() || from == QLatin1String("base"))
        return rows;
    const RevisionGraph &g = m_ws->graph();
    for (const QString &f : from.split(QLatin1Char(','))) {
        auto r = g.resolveOne(f.trimmed());
        if (!r)
            return r.error();
        if (*r >= 0)
            rows.append(g.at(*r).id);
    }
    return rows;
}

Status Cli::printOffline(const Environment &env, const Plan &plan)
{
    m_out << renderOfflineSql(plan, env.driver, m_ws->project().versionTableName(), true);
    return {};
}

Status Cli::checkConfirmation(const Environment &env, const Plan &plan) const
{
    if (!env.isProtected || plan.steps.empty())
        return {};
    if (!m_opt->confirm.isEmpty()) {
        if (m_opt->confirm == env.name)
            return {};
        return Error(QStringLiteral("--confirm %1 does not name the environment this run changes "
                                    "(%2); nothing was run")
                         .arg(m_opt->confirm, env.name))
            .as(ErrorKind::Refused);
    }
    if (!isatty(STDIN_FILENO))
        return Error(QStringLiteral("%1 is a protected environment: pass --confirm %1 to run "
                                    "this plan (%2 step(s)) from a script; nothing was run")
                         .arg(env.name)
                         .arg(plan.steps.size()))
            .as(ErrorKind::Refused);
    return {};
}

Status Cli::askConfirmation(const Environment &env, const Plan &plan)
{
    if (!env.isProtected || plan.steps.empty() || !m_opt->confirm.isEmpty())
        return {};
    m_err << env.name << " is a protected environment. This run makes " << plan.steps.size()
          << " change(s) to it.\nType the environment's name to confirm: ";
    m_err.flush();
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed();
    if (answer != env.name)
        return Error(QStringLiteral("not confirmed; nothing was run on %1").arg(env.name))
            .as(ErrorKind::Refused);
    return {};
}

namespace {

// Prints what the run session reports, in Alembic's wording where Alembic has one.
class CliRunPrinter final : public RunObserver {
public:
    CliRunPrinter(QTextStream &out, QTextStream &err, const Environment &env, int lockTimeoutS)
        : m_out(out), m_err(err), m_env(env), m_lockTimeoutS(lockTimeoutS)
    {
    }
    void lockWaiting(const LockHolder &holder, qint64 elapsedMs) override
    {
        const QString who = holder.describe();
        if (m_lastReport >= 0 && elapsedMs - m_lastReport < 5000 && who == m_lastHolder)
            return;
        m_lastReport = elapsedMs;
        m_lastHolder = who;
        say(m_err, QStringLiteral("waiting for the run lock on %1 (%2 s of %3 s): held by %4")
                       .arg(m_env.name)
                       .arg(elapsedMs / 1000)
                       .arg(m_lockTimeoutS)
                       .arg(who));
    }
    void replanned(const QStringList &rows, const Plan &plan) override
    {
        const QString at = rows.isEmpty() ? QStringLiteral("<base>") : rows.join(u", ");
        say(m_err, QStringLiteral("note: %1 moved to %2 while this run waited for the lock; "
                                  "planned again: %3 step(s)")
                       .arg(m_env.name, at)
                       .arg(plan.steps.size()));
        if (plan.steps.empty())
            say(m_out,
                QStringLiteral("Nothing to do: %1 is already at the target").arg(m_env.name));
    }
    void backingUp(const Environment &env) override
    {
        say(m_err, QStringLiteral("Backing up %1 ...").arg(env.name));
    }
    void backedUp(const BackupInfo &backup) override
    {
        say(m_err, QStringLiteral("Backup: %1 (%2 bytes)\n  restore with: %3")
                       .arg(backup.path)
                       .arg(backup.size)
                       .arg(backup.restoreCommand));
    }
    void message(const QString &line) override
    {
        say(line.startsWith(QLatin1String("warning:")) ? m_err : m_out, line);
    }

private:
    static void say(QTextStream &s, const QString &line)
    {
        s << line << "\n";
        s.flush();
    }
    QTextStream &m_out;
    QTextStream &m_err;
    const Environment &m_env;
    int m_lockTimeoutS;
    qint64 m_lastReport = -1;
    QString m_lastHolder;
};

} // namespace

Status Cli::planAndRun(const Environment &env, const QStringList &rows, const PlanRequest &request,
                       bool sql)
{
    auto planned = makePlan(*m_ws, env.driver, rows, request);
    if (!planned)
        return planned.error();
    for (const QString &warning : planned->warnings)
        m_err << "warning: " << warning << "\n";
    m_err.flush();
    // Upgrades and downgrades show their findings first: offline for --sql (which connects to
    // nothing), live otherwise.
    QString lintNote;
    if (m_lintBeforeRun && !planned->plan.steps.empty()) {
        auto note = lintBeforeRun(env, planned->plan, !sql);
        if (!note)
            return note.error();
        lintNote = *note;
    }
    if (sql)
        return printOffline(env, planned->plan);
    return runConfirmed(env, planned->plan, request, lintNote);
}

Result<QString> Cli::lintBeforeRun(const Environment &env, const Plan &plan, bool live)
{
    LintReport report;
    QStringList notes;
    std::optional<Error> liveError;
    if (live) {
        auto checked = lintPlanLive(*m_ws, env, secretsFor(env), plan);
        if (checked) {
            report = std::move(checked->report);
            notes = checked->notes;
        } else {
            liveError = checked.error();
        }
    }
    if (!live || liveError) {
        auto levels = projectLintLevels(m_ws->project());
        if (!levels)
            return levels.error();
        LintOptions options;
        options.driver = env.driver;
        options.levels = *levels;
        report = lintPlan(plan, options);
        if (liveError)
            m_err << "note: lint without live facts: " << liveError->message << "\n";
    }
    if (!report.findings.empty()) {
        for (const QString &n : report.notes + notes)
            m_err << "note: " << n << "\n";
        // Only the counts there are: a plan with notices alone says nothing of warnings.
        const QStringList counts = findingCounts(report)
                                       .split(QStringLiteral(", "))
                                       .filter(QRegularExpression(QStringLiteral("^[1-9]")));
        m_err << "Lint of the plan for " << env.name << " ("
              << (counts.isEmpty() ? QStringLiteral("allowed findings only")
                                   : counts.join(QStringLiteral(", ")))
              << "):\n";
        printFindings(report.findings, m_err);
    }
    m_err.flush();
    const std::vector<LintFinding> errors = lintErrorsToAcknowledge(report);
    if (!env.isProtected || errors.empty())
        return QString();
    std::vector<LintFinding> acknowledged;
    QStringList refused;
    for (const LintFinding &f : errors) {
        if (m_lintAllow.contains(f.rule))
            acknowledged.push_back(f);
        else if (!refused.contains(f.rule))
            refused.append(f.rule);
    }
    if (!refused.isEmpty())
        return Error(QStringLiteral("%1 is a protected environment and the plan has lint errors "
                                    "(%2); nothing was run. Fix them, allow them in the script "
                                    "(-- retort:allow RULE reason), or acknowledge each rule with "
                                    "--allow RULE (recorded in the audit trail)")
                         .arg(env.name, refused.join(QStringLiteral(", "))))
            .as(ErrorKind::Refused);
    const QString note = lintAcknowledgementNote(acknowledged, m_ws->project().root);
    m_err << "warning: " << note << "\n";
    m_err.flush();
    return note;
}

Status Cli::runConfirmed(const Environment &env, const Plan &plan, const PlanRequest &planned,
                         const QString &lintNote)
{
    // The order of safety/ProtectedRun.h: arguments first (a missing --confirm fails at once),
    // the checks that need no backup, the typed confirmation, then the session (lock, re-read,
    // backup, steps).
    if (auto st = checkConfirmation(env, plan); !st)
        return st;
    RunRequest request;
    request.workspace = m_ws;
    request.environment = env;
    request.secrets = secretsFor(env);
    request.plan = plan;
    if (isReplannable(planned) && !env.isProtected)
        request.replan = planned;
    request.lockTimeoutMs = m_opt->lockTimeoutS * 1000;
    request.protection.takeBackup = !m_opt->noBackup;
    request.protection.backupFolder = m_opt->backupDir.isEmpty()
                                          ? defaultBackupFolder(m_ws->project(), env)
                                          : QDir(m_opt->backupDir).absolutePath();
    if (env.isProtected && !plan.steps.empty()) {
        auto note = protectedPreflight(env, plan, request.protection);
        if (!note)
            return note.error();
        request.auditNote = *note;
    }
    if (!lintNote.isEmpty())
        request.auditNote = request.auditNote.isEmpty()
                                ? lintNote
                                : request.auditNote + QStringLiteral("; ") + lintNote;
    if (auto st = askConfirmation(env, plan); !st)
        return st;
    CliRunPrinter printer(m_out, m_err, env, m_opt->lockTimeoutS);
    RunSession session(std::move(request));
    return withAdvice(env, session.run(printer).status);
}

Result<QString> Cli::protectedPreflight(const Environment &env, const Plan &plan,
                                        const ProtectedRunPolicy &policy)
{
    if (policy.takeBackup && sqliteDatabaseMissing(env))
        m_err << "note: " << env.name << " has no database file yet; nothing to back up\n";
    const PreflightReport report = checkBeforeRun(
        *m_ws, env, plan, [this](const Environment &e) { return secretsFor(e); }, policy);
    m_err << "Pre-flight checks for " << env.name << ":\n" << report.toText();
    m_err.flush();
    if (report.ok())
        return QString();
    if (m_opt->overrideReason.isEmpty())
        return Error(QStringLiteral("pre-flight checks failed on protected environment %1: %2; "
                                    "nothing was run. Fix them, or pass --override-preflight "
                                    "REASON (recorded in the audit trail)")
                         .arg(env.name, report.failedNames().join(QStringLiteral(", "))))
            .as(ErrorKind::Refused);
    const QString note = report.overrideNote(m_opt->overrideReason);
    m_err << "warning: " << note << "\n";
    m_err.flush();
    return note;
}

Status Cli::cmdUpgradeDowngrade(const CommandArgs &args, bool upgrade)
{
    const bool sql = args.flag("--sql");
    if (args.operands().size() != 1)
        return usageError(upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"));
    if (isFleetSelector(m_opt->env)) {
        m_lintAllow = args.values("--allow");
        for (const QString &rule : std::as_const(m_lintAllow))
            if (!lintRule(rule))
                return Error(QStringLiteral("--allow %1: no such lint rule").arg(rule));
        return fleetRollout(args, upgrade);
    }
    QString target = args.operands().front();
    if (auto st = loadWorkspace(true); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    PlanRequest request;
    request.action = upgrade ? MigrationAction::Upgrade : MigrationAction::Downgrade;
    request.alembicProgram = args.value("--alembic");
    m_lintAllow = args.values("--allow");
    for (const QString &rule : std::as_const(m_lintAllow))
        if (!lintRule(rule))
            return Error(QStringLiteral("--allow %1: no such lint rule").arg(rule));
    m_lintBeforeRun = true;
    QStringList rows;
    if (sql) {
        // Offline: the rows are what "FROM:" names; alembic renders the same range.
        request.allowUnrenderedAlembic = true;
        if (target.contains(QLatin1Char(':'))) {
            request.alembicRange = target;
            auto start = offlineStartRows(target.section(QLatin1Char(':'), 0, 0));
            if (!start)
                return start.error();
            rows = *start;
            target = target.section(QLatin1Char(':'), 1);
        } else if (!upgrade) {
            return Error(QStringLiteral("downgrade with --sql requires <fromrev>:<torev>"));
        } else {
            request.alembicRange = QStringLiteral("base:") + target;
        }
    } else {
        if (target.contains(QLatin1Char(':')))
            return Error(QStringLiteral("Range revision not allowed"));
        auto r = readRows(**env);
        if (!r)
            return r.error();
        rows = *r;
    }
    request.targets = QStringList{target};
    return planAndRun(**env, rows, request, sql);
}

Status Cli::cmdStamp(const CommandArgs &args)
{
    const bool sql = args.flag("--sql");
    const bool purge = args.flag("--purge");
    if (args.operands().isEmpty())
        return usageError(QStringLiteral("stamp"));
    if (sql && purge)
        return Error(QStringLiteral("Can't use --purge with --sql mode"));
    if (auto st = loadWorkspace(true); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    QStringList rows;
    QStringList targets;
    if (sql) {
        QString start;
        for (QString t : args.operands()) {
            if (t.contains(QLatin1Char(':'))) {
                const QString s = t.section(QLatin1Char(':'), 0, 0);
                if (!start.isNull() && start != s)
                    return Error(QStringLiteral("Stamp operation with --sql only supports a single "
                                                "starting revision at a time"));
                start = s;
                t = t.section(QLatin1Char(':'), 1);
            }
            targets.append(t);
        }
        auto startRows = offlineStartRows(start);
        if (!startRows)
            return startRows.error();
        rows = *startRows;
    } else {
        targets = args.operands();
        auto r = readRows(**env);
        if (!r)
            return r.error();
        rows = *r;
    }
    PlanRequest request;
    request.action = MigrationAction::Stamp;
    request.targets = targets;
    request.purge = purge;
    return planAndRun(**env, rows, request, sql);
}

Status Cli::cmdBackup(const CommandArgs &args)
{
    const bool list = args.flag("--list");
    if (!args.operands().isEmpty())
        return usageError(QStringLiteral("backup"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    const QString folder = m_opt->backupDir.isEmpty() ? defaultBackupFolder(m_ws->project(), **env)
                                                      : QDir(m_opt->backupDir).absolutePath();
    if (list) {
        const std::vector<BackupInfo> backups = listBackups(**env, folder);
        if (m_opt->json) {
            QJsonArray arr;
            for (const BackupInfo &b : backups)
                arr.append(backupJson(b));
            m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
            return {};
        }
        if (backups.empty())
            m_out << "No backups of " << (*env)->name << " in " << folder << "\n";
        for (const BackupInfo &b : backups)
            m_out << b.createdAt.toString(Qt::ISODate) << "  " << b.size << " bytes  " << b.path
                  << "\n    restore with: " << b.restoreCommand << "\n";
        return {};
    }
    auto backup = takeBackup(**env, secretsFor(**env), folder);
    if (!backup)
        return backup.error();
    if (m_opt->json) {
        m_out << QJsonDocument(backupJson(*backup)).toJson(QJsonDocument::Indented);
        return {};
    }
    m_out << "Backup of " << (*env)->name << ": " << backup->path << " (" << backup->size
          << " bytes, " << backup->createdAt.toString(Qt::ISODate) << ")\n"
          << "Restore with: " << backup->restoreCommand << "\n";
    return {};
}

} // namespace retort
