#include "MigrationController.h"

#include "CredentialBroker.h"
#include "HostKeyPrompt.h"
#include "PlanDialog.h"
#include "PreflightDialog.h"

#include "safety/Backup.h"
#include "safety/ProtectedRun.h"
#include "db/ConnectionProbe.h"
#include "project/Workspace.h"

#include <QThread>
#include <QWidget>

namespace retort::gui {

namespace {

QString actionName(MigrationAction action)
{
    switch (action) {
    case MigrationAction::Upgrade:
        return QObject::tr("upgrade");
    case MigrationAction::Downgrade:
        return QObject::tr("downgrade");
    case MigrationAction::Stamp:
        return QObject::tr("stamp");
    }
    return {};
}

} // namespace

MigrationController::MigrationController(CredentialBroker *credentials, QWidget *dialogParent)
    : QObject(dialogParent), m_credentials(credentials), m_dialogParent(dialogParent)
{
}

MigrationController::~MigrationController() = default;

void MigrationController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void MigrationController::request(std::shared_ptr<const Workspace> workspace,
                                  const Environment &environment, MigrationAction action,
                                  const QString &target)
{
    if (m_busy || !workspace)
        return;
    setBusy(true);
    Q_EMIT logLine(
        tr("Planning %1 of %2 to %3…").arg(actionName(action), environment.name, target));
    Attempt attempt;
    attempt.workspace = std::move(workspace);
    attempt.environment = environment;
    attempt.action = action;
    attempt.target = target;
    obtainAndPlan(std::move(attempt), false);
}

void MigrationController::obtainAndPlan(Attempt attempt, bool askSshPassphrase)
{
    const QString project = attempt.workspace->project().name;
    const Environment env = attempt.environment;
    m_credentials->obtain(
        project, env, CredentialBroker::Mode::MayAsk, this,
        [this, attempt](std::optional<ConnectionSecrets> secrets) mutable {
            if (!secrets) {
                Q_EMIT logLine(tr("Not run: no password was given."));
                setBusy(false);
                Q_EMIT finished(Status(), false);
                return;
            }
            attempt.secrets = std::move(*secrets);
            plan(std::move(attempt));
        },
        askSshPassphrase);
}

void MigrationController::plan(Attempt attempt)
{
    auto *job = new PlanJob(attempt.workspace, attempt.environment, attempt.secrets,
                            {attempt.action, QStringList{attempt.target}, false}, this);
    connect(job, &PlanJob::finished, this,
            [this, job, attempt](const Status &status, const Plan &plan, bool versionTableExists) {
                job->deleteLater();
                if (!status && recover(attempt, status))
                    return;
                onPlanned(attempt, status, plan, versionTableExists);
            });
    job->start();
}

bool MigrationController::recover(const Attempt &attempt, const Status &status)
{
    if (attempt.retries > 0)
        return false;
    Attempt again = attempt;
    again.retries = attempt.retries + 1;
    const QString message = status.error().message;
    const QString project = attempt.workspace->project().name;
    const QString env = attempt.environment.name;
    if (message.contains(QLatin1String("passphrase"), Qt::CaseInsensitive)) {
        Q_EMIT logLine(tr("The SSH key needs its passphrase."));
        m_credentials->forget(project, env, SecretKind::Ssh);
        obtainAndPlan(std::move(again), true);
        return true;
    }
    switch (classifyConnectionError(message)) {
    case ProbeResult::Kind::AuthFailed: {
        const bool ssh = message.contains(QLatin1String("SSH"));
        Q_EMIT logLine(ssh ? tr("The SSH server refused the password; enter it again.")
                           : tr("The database refused the password; enter it again."));
        m_credentials->forget(project, env, ssh ? SecretKind::Ssh : SecretKind::Database);
        obtainAndPlan(std::move(again), false);
        return true;
    }
    case ProbeResult::Kind::HostKeyUnknown:
        if (!attempt.environment.ssh)
            return false;
        trustHostKey(m_dialogParent, *attempt.environment.ssh, this,
                     [this, again](bool trusted, const QString &note) mutable {
                         if (!note.isEmpty())
                             Q_EMIT logLine(note);
                         if (!trusted) {
                             fail(Error(tr("Not run: the SSH host key was not trusted.")), false);
                             return;
                         }
                         plan(std::move(again));
                     });
        return true;
    default:
        return false;
    }
}

void MigrationController::fail(const Status &status, bool ran)
{
    Q_EMIT logLine(tr("FAILED: %1").arg(status.error().toString()));
    setBusy(false);
    Q_EMIT finished(status, ran);
}

void MigrationController::onPlanned(const Attempt &attempt, const Status &status, const Plan &plan,
                                    bool versionTableExists)
{
    if (!status) {
        fail(status, false);
        return;
    }
    // A protected environment: backup and pre-flight checks first (in a worker), then the plan.
    if (attempt.environment.isProtected && !plan.steps.empty() && !attempt.preflightDone) {
        preflight(attempt, plan, versionTableExists);
        return;
    }
    const auto &workspace = attempt.workspace;
    PlanDialog dialog({attempt.environment, plan, attempt.action,
                       workspace->project().versionTableName(), versionTableExists},
                      m_dialogParent);
    if (dialog.exec() != QDialog::Accepted) {
        Q_EMIT logLine(tr("Plan not run."));
        setBusy(false);
        Q_EMIT finished(Status(), false);
        return;
    }
    MigratorOptions options = migratorOptionsFor(*workspace);
    options.auditNote = attempt.auditNote;
    auto *job =
        new MigrationJob(workspace, attempt.environment, attempt.secrets, plan, options, this);
    m_job = job;
    connect(job, &MigrationJob::progress, this, &MigrationController::progress);
    // Another runner holds the lock: say who, now and then, while the job waits for it.
    auto lastSaid = std::make_shared<qint64>(-1);
    connect(job, &MigrationJob::lockWaiting, this,
            [this, lastSaid](const LockHolder &holder, qint64 elapsedMs) {
                if (*lastSaid >= 0 && elapsedMs - *lastSaid < 10000)
                    return;
                *lastSaid = elapsedMs;
                Q_EMIT logLine(tr("Waiting for the run lock (%1 s): held by %2")
                                   .arg(elapsedMs / 1000)
                                   .arg(holder.describe()));
            });
    connect(job, &MigrationJob::logLine, this, &MigrationController::logLine);
    connect(job, &MigrationJob::stepFinished, this, [this](int step, qint64 ms) {
        Q_EMIT logLine(tr("  step %1 done in %2 ms").arg(step).arg(ms));
    });
    connect(job, &MigrationJob::finished, this, [this, job](const Status &result) {
        job->deleteLater();
        if (!result) {
            fail(result, true);
            return;
        }
        Q_EMIT logLine(tr("Done."));
        setBusy(false);
        Q_EMIT finished(result, true);
    });
    job->start();
}

void MigrationController::preflight(const Attempt &attempt, const Plan &plan,
                                    bool versionTableExists)
{
    const Project &project = attempt.workspace->project();
    Q_EMIT logLine(tr("%1 is protected: backing it up and running the pre-flight checks…")
                       .arg(attempt.environment.name));
    m_credentials->obtainAll(
        project.name, project.environments, CredentialBroker::Mode::Silent, this,
        [this, attempt, plan, versionTableExists](QHash<QString, ConnectionSecrets> secrets) {
            secrets.insert(attempt.environment.name, attempt.secrets);
            auto outcome = std::make_shared<Result<ProtectedRunPreparation>>(Error());
            const QString folder =
                defaultBackupFolder(attempt.workspace->project(), attempt.environment);
            QThread *thread = QThread::create([attempt, plan, secrets, folder, outcome] {
                *outcome = prepareProtectedRun(
                    *attempt.workspace, attempt.environment, plan,
                    [secrets](const Environment &env) { return secrets.value(env.name); }, folder);
            });
            connect(thread, &QThread::finished, thread, &QObject::deleteLater);
            connect(thread, &QThread::finished, this,
                    [this, attempt, plan, versionTableExists, outcome] {
                        if (!*outcome) {
                            fail(
                                Error(tr("Not run on %1: %2")
                                          .arg(attempt.environment.name, outcome->error().message)),
                                false);
                            return;
                        }
                        const ProtectedRunPreparation &prep = **outcome;
                        if (prep.backup)
                            Q_EMIT logLine(tr("Backup: %1 (%2 bytes). Restore with: %3")
                                               .arg(prep.backup->path)
                                               .arg(prep.backup->size)
                                               .arg(prep.backup->restoreCommand));
                        PreflightDialog dialog(attempt.environment.name, prep.report, prep.backup,
                                               m_dialogParent);
                        if (dialog.exec() != QDialog::Accepted) {
                            Q_EMIT logLine(tr("Plan not run."));
                            setBusy(false);
                            Q_EMIT finished(Status(), false);
                            return;
                        }
                        Attempt next = attempt;
                        next.preflightDone = true;
                        next.auditNote = dialog.auditNote();
                        if (!next.auditNote.isEmpty())
                            Q_EMIT logLine(next.auditNote);
                        onPlanned(next, Status(), plan, versionTableExists);
                    });
            thread->start();
        });
}

void MigrationController::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace retort::gui
