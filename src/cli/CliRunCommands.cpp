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
#include "project/Workspace.h"
#include "safety/Backup.h"
#include "safety/Preflight.h"
#include "workflows/AlembicSql.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>

#include <unistd.h>

#include <deque>

namespace retort {

Status Cli::withAdvice(const Environment &env, Status status) const
{
    if (status)
        return status;
    Error e = status.error();
    const QString m = e.message;
    if (m.contains(QLatin1String("host key"), Qt::CaseInsensitive) &&
        m.contains(QLatin1String("not known")))
        e.message += QStringLiteral(
            "\n  Check the fingerprint, then pass --accept-new-host-key to trust it.");
    else if (m.contains(QLatin1String("authentication failed"), Qt::CaseInsensitive) ||
             m.contains(QLatin1String("Access denied"), Qt::CaseInsensitive))
        e.message += QStringLiteral("\n  Store the password with 'retort-cli --env %1 password "
                                    "set', or set RETORT_DB_PASSWORD.")
                         .arg(env.name);
    else if (m.contains(QLatin1String("passphrase"), Qt::CaseInsensitive))
        e.message += QStringLiteral("\n  Store it with 'retort-cli --env %1 password set --ssh', "
                                    "or set RETORT_SSH_PASSPHRASE.")
                         .arg(env.name);
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

Status Cli::confirmRun(const Environment &env, const Plan &plan)
{
    if (!env.isProtected || plan.steps.empty())
        return {};
    if (!m_opt->confirm.isEmpty()) {
        if (m_opt->confirm == env.name)
            return {};
        return Error(QStringLiteral("--confirm %1 does not name the environment this run changes "
                                    "(%2); nothing was run")
                         .arg(m_opt->confirm, env.name));
    }
    if (!isatty(STDIN_FILENO))
        return Error(QStringLiteral("%1 is a protected environment: pass --confirm %1 to run "
                                    "this plan (%2 step(s)) from a script; nothing was run")
                         .arg(env.name)
                         .arg(plan.steps.size()));
    m_err << env.name << " is a protected environment. This run makes " << plan.steps.size()
          << " change(s) to it.\nType the environment's name to confirm: ";
    m_err.flush();
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed();
    if (answer != env.name)
        return Error(QStringLiteral("not confirmed; nothing was run on %1").arg(env.name));
    return {};
}

Status Cli::runPlan(const Environment &env, const Plan &planIn)
{
    if (auto st = confirmRun(env, planIn); !st)
        return st;
    auto dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return dialect.error();
    // A SQLite file that opening creates is removed again when the run stops before running
    // anything (refused pre-flight, lock timeout): a refused run leaves no trace.
    const bool createsFile = sqliteDatabaseMissing(env);
    bool ran = false;
    ScopedConnection conn;
    const auto removeCreated = qScopeGuard([&] {
        if (createsFile && !ran) {
            conn.close();
            if (QFileInfo(env.database).size() == 0)
                QFile::remove(env.database);
        }
    });
    if (auto st = withAdvice(env, conn.open(env, false, secretsFor(env))); !st)
        return st;
    const TableName versionTable = m_ws->project().versionTableName();

    // One runner at a time: wait for the lock, saying who holds it.
    DatabaseLock lock(conn.db(), *dialect, versionTable);
    qint64 lastReport = -1;
    QString lastHolder;
    const Status locked =
        lock.acquire(m_opt->lockTimeoutS * 1000, [&](const LockHolder &holder, qint64 elapsedMs) {
            const QString who = holder.describe();
            if (lastReport < 0 || elapsedMs - lastReport >= 5000 || who != lastHolder) {
                lastReport = elapsedMs;
                lastHolder = who;
                m_err << "waiting for the run lock on " << env.name << " (" << elapsedMs / 1000
                      << " s of " << m_opt->lockTimeoutS << " s): held by " << who << "\n";
                m_err.flush();
            }
            return true;
        });
    if (!locked)
        return conn.explainTunnelLoss(locked);

    // The database may have moved while we waited: plan again from what it is now.
    Plan plan = planIn;
    const Result<QStringList> rows = currentHeads(conn.db(), versionTable);
    if (!rows)
        return rows.error();
    QStringList now = *rows, before = plan.headsBefore;
    now.sort();
    before.sort();
    if (now != before && !plan.purge) {
        const QString at =
            now.isEmpty() ? QStringLiteral("<base>") : now.join(QStringLiteral(", "));
        if (!m_opt->replan)
            return Error(QStringLiteral("%1 moved to %2 while this run waited; a relative target "
                                        "is not re-applied: run the command again")
                             .arg(env.name, at));
        auto again = m_opt->replan(*rows);
        if (!again)
            return again.error();
        plan = *again;
        m_err << "note: " << env.name << " moved to " << at
              << " while this run waited for the lock; planned again: " << plan.steps.size()
              << " step(s)\n";
        m_err.flush();
        if (plan.steps.empty()) {
            m_out << "Nothing to do: " << env.name << " is already at the target\n";
            return {};
        }
    }

    MigratorOptions options;
    options.versionTable = versionTable;
    options.displayRoot = m_ws->project().root;
    options.lock = MigratorOptions::LockMode::HeldByCaller;
    if (env.isProtected && !plan.steps.empty()) {
        auto note = protectedPreflight(env, plan);
        if (!note)
            return note.error();
        options.auditNote = *note;
    }
    if (const QString warning = Migrator::preRunWarning(*dialect, plan); !warning.isEmpty()) {
        m_err << "warning: " << warning << "\n";
        m_err.flush();
    }
    Migrator migrator(conn.db(), *dialect, options);
    QObject::connect(&migrator, &Migrator::message, &migrator, [this](const QString &line) {
        QTextStream &s = line.startsWith(QLatin1String("warning:")) ? m_err : m_out;
        s << line << "\n";
        s.flush();
    });
    ran = true;
    return conn.explainTunnelLoss(migrator.run(plan));
}

Result<QString> Cli::protectedPreflight(const Environment &env, const Plan &plan)
{
    const QString folder =
        m_opt->backupDir.isEmpty() ? defaultBackupFolder(m_ws->project(), env) : m_opt->backupDir;
    PreflightReport report;
    report.checks.push_back(checkTestedElsewhere(
        *m_ws, env, plan, [this](const Environment &e) { return secretsFor(e); }));
    report.checks.push_back(checkCleanWorkingTree(m_ws->project().root));
    if (!m_opt->noBackup) {
        if (sqliteDatabaseMissing(env)) {
            m_err << "note: " << env.name << " has no database file yet; nothing to back up\n";
        } else {
            m_err << "Backing up " << env.name << " ...\n";
            m_err.flush();
            auto backup = takeBackup(env, secretsFor(env), folder);
            if (!backup)
                return Error(backup.error().message +
                             QStringLiteral("; the run was stopped, nothing was run"));
            m_err << "Backup: " << backup->path << " (" << backup->size << " bytes)\n"
                  << "  restore with: " << backup->restoreCommand << "\n";
        }
    }
    PreflightCheck fresh = checkFreshBackup(env, folder);
    if (sqliteDatabaseMissing(env) && fresh.state == PreflightCheck::State::Failed) {
        fresh.state = PreflightCheck::State::Skipped;
        fresh.detail = QStringLiteral("the database does not exist yet");
    }
    report.checks.push_back(fresh);
    m_err << "Pre-flight checks for " << env.name << ":\n" << report.toText();
    m_err.flush();
    if (report.ok())
        return QString();
    if (m_opt->overrideReason.isEmpty())
        return Error(QStringLiteral("pre-flight checks failed on protected environment %1: %2; "
                                    "nothing was run. Fix them, or pass --override-preflight "
                                    "REASON (recorded in the audit trail)")
                         .arg(env.name, report.failedNames().join(QStringLiteral(", "))));
    const QString note = report.overrideNote(m_opt->overrideReason);
    m_err << "warning: " << note << "\n";
    m_err.flush();
    return note;
}

Status Cli::cmdUpgradeDowngrade(const CommandArgs &args, bool upgrade)
{
    const bool sql = args.flag("--sql");
    const QString alembicProgram = args.value("--alembic");
    if (args.operands().size() != 1)
        return usageError(upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"));
    QString target = args.operands().front();
    const QString originalTarget = target;
    if (auto st = loadWorkspace(true); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    const RevisionGraph &g = m_ws->graph();

    QStringList rows;
    if (sql) {
        if (target.contains(QLatin1Char(':'))) {
            auto start = offlineStartRows(target.section(QLatin1Char(':'), 0, 0));
            if (!start)
                return start.error();
            rows = *start;
            target = target.section(QLatin1Char(':'), 1);
        } else if (!upgrade) {
            return Error(QStringLiteral("downgrade with --sql requires <fromrev>:<torev>"));
        }
    } else {
        if (target.contains(QLatin1Char(':')))
            return Error(QStringLiteral("Range revision not allowed"));
        auto r = readRows(**env);
        if (!r)
            return r.error();
        rows = *r;
    }
    auto plan = upgrade ? g.planUpgrade(rows, target) : g.planDowngrade(rows, target);
    if (!plan)
        return plan.error();
    // Alembic (Python) revisions: their SQL comes from the project's own alembic (offline),
    // then runs or prints through Retort's runner like native SQL.
    std::deque<Script> rendered; // the plan's rendered scripts; outlive the run below
    if (const PlanStep *python = firstPythonStep(*plan)) {
        auto alembic = findAlembic(alembicProgram);
        if (!alembic) {
            if (!sql)
                return Error(pythonStepError(*python).message + QStringLiteral("; ") +
                             alembic.error().message);
            // Without alembic: the steps and version table changes only.
            m_err << "warning: " << alembic.error().message
                  << "\nwarning: Alembic (Python) revisions: only the steps and the version table "
                     "changes are rendered, not the operations of their upgrade()/downgrade()\n";
            m_err.flush();
        } else {
            QString hint;
            if (sql)
                hint = originalTarget.contains(QLatin1Char(':'))
                           ? originalTarget
                           : QStringLiteral("base:") + originalTarget;
            else if (rows.size() <= 1)
                hint = (rows.isEmpty() ? QStringLiteral("base") : rows.front()) + QLatin1Char(':') +
                       target;
            auto withSql =
                withAlembicSql(*alembic, m_ws->project(), *plan, (*env)->driver, hint, &rendered);
            if (!withSql)
                return withSql.error();
            plan = std::move(*withSql);
        }
    }
    // Absolute targets may be planned again once the lock is held; relative ones may not.
    static const QRegularExpression relative(QStringLiteral("[+-]\\d"));
    if (!relative.match(target).hasMatch())
        m_opt->replan = [&g, target, upgrade](const QStringList &now) {
            return upgrade ? g.planUpgrade(now, target) : g.planDowngrade(now, target);
        };
    return sql ? printOffline(**env, *plan) : runPlan(**env, *plan);
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
    const RevisionGraph &g = m_ws->graph();
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
    auto plan = g.planStamp(rows, targets, purge);
    if (!plan)
        return plan.error();
    static const QRegularExpression relative(QStringLiteral("[+-]\\d"));
    if (!relative.match(targets.join(u' ')).hasMatch())
        m_opt->replan = [&g, targets, purge](const QStringList &now) {
            return g.planStamp(now, targets, purge);
        };
    return sql ? printOffline(**env, *plan) : runPlan(**env, *plan);
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
