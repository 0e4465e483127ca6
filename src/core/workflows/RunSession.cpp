#include "workflows/RunSession.h"

#include "db/Dialect.h"
#include "db/Migrator.h"
#include "db/VersionTable.h"
#include "project/Workspace.h"
#include "safety/Backup.h"

#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>
#include <QScopeGuard>

#include <algorithm>

namespace retort {

void RunObserver::lockWaiting(const LockHolder &, qint64) {}
void RunObserver::replanned(const QStringList &, const Plan &) {}
void RunObserver::backingUp(const Environment &) {}
void RunObserver::backedUp(const BackupInfo &) {}
void RunObserver::stepStarted(int, int, const PlanStep &) {}
void RunObserver::statementStarted(int, int, const QString &) {}
void RunObserver::stepFinished(int, qint64) {}
void RunObserver::message(const QString &) {}

RunSession::RunSession(RunRequest request) : m_request(std::move(request)) {}

RunSession::~RunSession() = default;

void RunSession::cancel()
{
    m_cancelled = true;
    const QMutexLocker lock(&m_mutex);
    if (m_migrator)
        m_migrator->cancel();
}

RunOutcome RunSession::run(RunObserver &observer)
{
    RunOutcome out;
    out.plan = m_request.plan;
    const Environment &env = m_request.environment;
    if (const PlanStep *python = firstPythonStep(out.plan)) { // never record what did not run
        out.status = pythonStepError(*python).as(ErrorKind::ScriptProblem);
        return out;
    }
    // A SQLite file that opening creates is removed again when the run stops before its runner
    // starts (a refused run, a lock timeout): a run that did nothing leaves no trace.
    const bool createsFile = sqliteDatabaseMissing(env);
    ScopedConnection conn;
    const auto removeCreated = qScopeGuard([&] {
        if (createsFile && !out.ran) {
            conn.close();
            if (QFileInfo(env.database).size() == 0)
                QFile::remove(env.database);
        }
    });
    if (Status st = conn.open(env, false, m_request.secrets); !st) {
        out.status = st;
        return out;
    }
    auto dialect = Dialect::forDriver(env.driver);
    if (!dialect) {
        out.status = dialect.error();
        return out;
    }
    DatabaseLock lock(conn.db(), *dialect, m_request.workspace->project().versionTableName());
    const Status locked = lock.acquire(
        m_request.lockTimeoutMs,
        [&](const LockHolder &holder, qint64 elapsedMs) {
            observer.lockWaiting(holder, elapsedMs);
            return !m_cancelled.load();
        },
        &m_cancelled);
    if (!locked) {
        out.status = conn.explainTunnelLoss(locked);
        return out;
    }
    if (Status st = catchUp(conn, observer, out); !st) {
        out.status = conn.explainTunnelLoss(st);
        return out;
    }
    if (Status st = backUp(observer, out, createsFile); !st) {
        out.status = st;
        return out;
    }
    out.status = conn.explainTunnelLoss(runPlan(conn, observer, out));
    return out;
}

Status RunSession::catchUp(ScopedConnection &conn, RunObserver &observer, RunOutcome &out) const
{
    if (out.plan.purge)
        return {};
    const Environment &env = m_request.environment;
    const Workspace &workspace = *m_request.workspace;
    const Result<QStringList> rows =
        currentHeads(conn.db(), workspace.project().versionTableName());
    if (!rows)
        return rows.error();
    QStringList now = *rows, before = out.plan.headsBefore;
    std::sort(now.begin(), now.end());
    std::sort(before.begin(), before.end());
    if (now == before)
        return {};
    const QString at =
        rows->isEmpty() ? QStringLiteral("<base>") : rows->join(QStringLiteral(", "));
    if (env.isProtected)
        return Error(QStringLiteral("%1 moved to %2 while this run waited; the confirmed plan was "
                                    "not run on this protected environment: make the plan again")
                         .arg(env.name, at))
            .as(ErrorKind::Refused);
    if (!m_request.replan)
        return Error(QStringLiteral("%1 moved to %2 while this run waited; a relative target is "
                                    "not re-applied: make the plan again")
                         .arg(env.name, at))
            .as(ErrorKind::Refused);
    auto again = makePlan(workspace, env.driver, *rows, *m_request.replan);
    if (!again)
        return again.error();
    out.plan = std::move(again->plan);
    out.replanned = true;
    observer.replanned(*rows, out.plan);
    return {};
}

Status RunSession::backUp(RunObserver &observer, RunOutcome &out, bool newDatabase) const
{
    const Environment &env = m_request.environment;
    if (!env.isProtected || out.plan.steps.empty() || !m_request.protection.takeBackup ||
        newDatabase) // a SQLite file this run created holds nothing to lose
        return {};
    const QString folder = m_request.protection.backupFolder.isEmpty()
                               ? defaultBackupFolder(m_request.workspace->project(), env)
                               : m_request.protection.backupFolder;
    observer.backingUp(env);
    auto backup = takeBackup(env, m_request.secrets, folder, &m_cancelled);
    if (!backup) {
        Error e = backup.error();
        e.message += QStringLiteral("; the run was stopped, nothing was run");
        if (m_cancelled.load())
            e.kind = ErrorKind::Cancelled;
        else if (e.kind == ErrorKind::Unspecified)
            e.kind = ErrorKind::Io;
        return e;
    }
    out.backup = *backup;
    observer.backedUp(*backup);
    return {};
}

Status RunSession::runPlan(ScopedConnection &conn, RunObserver &observer, RunOutcome &out)
{
    if (out.replanned && out.plan.steps.empty())
        return {}; // planned again and already at the target: nothing to run
    const Environment &env = m_request.environment;
    const Project &project = m_request.workspace->project();
    auto dialect = Dialect::forDriver(env.driver);
    MigratorOptions options;
    options.versionTable = project.versionTableName();
    options.displayRoot = project.root;
    options.lock = MigratorOptions::LockMode::HeldByCaller;
    options.auditNote = m_request.auditNote;
    options.auditDirection = m_request.auditDirection;
    Migrator migrator(conn.db(), *dialect, options);
    QObject::connect(&migrator, &Migrator::stepStarted, &migrator,
                     [&observer](int step, int count, const PlanStep &planStep) {
                         observer.stepStarted(step, count, planStep);
                     });
    QObject::connect(&migrator, &Migrator::statementStarted, &migrator,
                     [&observer](int step, int statement, const QString &text) {
                         observer.statementStarted(step, statement, text);
                     });
    QObject::connect(&migrator, &Migrator::stepFinished, &migrator,
                     [&observer](int step, qint64 ms) { observer.stepFinished(step, ms); });
    QObject::connect(&migrator, &Migrator::message, &migrator,
                     [&observer](const QString &line) { observer.message(line); });
    if (const QString warning = Migrator::preRunWarning(*dialect, out.plan); !warning.isEmpty())
        observer.message(QStringLiteral("warning: ") + warning);
    {
        const QMutexLocker lock(&m_mutex);
        if (m_cancelled.load())
            migrator.cancel(); // sticky: run() stops before its first statement
        m_migrator = &migrator;
    }
    out.ran = true;
    const Status status = migrator.run(out.plan);
    {
        const QMutexLocker lock(&m_mutex);
        m_migrator = nullptr;
    }
    out.appliedStatementsOfFailedStep = migrator.appliedStatementsOfFailedStep();
    return status;
}

} // namespace retort
