#include "MigrationController.h"

#include "CredentialBroker.h"
#include "HostKeyPrompt.h"
#include "PlanDialog.h"
#include "ReviewStore.h"

#include "base/Background.h"
#include "lint/Lint.h"
#include "project/Workspace.h"
#include "safety/Backup.h"
#include "safety/ProtectedRun.h"
#include "workflows/ConnectionAdvice.h"
#include "workflows/LintLive.h"

#include <QWidget>

namespace retort::gui {

namespace {

QString actionTitle(MigrationAction action)
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

ProtectedRunPolicy policyFor(const Workspace &workspace, const Environment &env)
{
    ProtectedRunPolicy policy;
    policy.backupFolder = defaultBackupFolder(workspace.project(), env);
    return policy;
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
                                  const QString &target, const QString &alembicProgram)
{
    if (m_busy || !workspace)
        return;
    setBusy(true);
    Q_EMIT logLine(
        tr("Planning %1 of %2 to %3…").arg(actionTitle(action), environment.name, target));
    Attempt attempt;
    attempt.workspace = std::move(workspace);
    attempt.environment = environment;
    attempt.request.action = action;
    attempt.request.targets = QStringList{target};
    attempt.request.alembicProgram = alembicProgram;
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
    auto *job =
        new PlanJob(attempt.workspace, attempt.environment, attempt.secrets, attempt.request, this);
    connect(job, &PlanJob::finished, this,
            [this, job, attempt](const Status &status, const Plan &plan, bool versionTableExists) {
                job->deleteLater();
                if (!status) {
                    if (!recover(attempt, status))
                        fail(status, false);
                    return;
                }
                onPlanned(attempt, plan, versionTableExists);
            });
    job->start();
}

bool MigrationController::recover(const Attempt &attempt, const Status &status)
{
    if (attempt.retries > 0)
        return false;
    Attempt again = attempt;
    again.retries = attempt.retries + 1;
    const QString project = attempt.workspace->project().name;
    const QString env = attempt.environment.name;
    switch (remedyFor(status.error())) {
    case ConnectionRemedy::SshPassphrase:
        Q_EMIT logLine(tr("The SSH key needs its passphrase."));
        m_credentials->forget(project, env, SecretKind::Ssh);
        obtainAndPlan(std::move(again), true);
        return true;
    case ConnectionRemedy::SshSecret:
        Q_EMIT logLine(tr("The SSH server refused the password; enter it again."));
        m_credentials->forget(project, env, SecretKind::Ssh);
        obtainAndPlan(std::move(again), false);
        return true;
    case ConnectionRemedy::DatabasePassword:
        Q_EMIT logLine(tr("The database refused the password; enter it again."));
        m_credentials->forget(project, env, SecretKind::Database);
        obtainAndPlan(std::move(again), false);
        return true;
    case ConnectionRemedy::TrustHostKey:
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
    case ConnectionRemedy::None:
        return false;
    }
    return false;
}

void MigrationController::fail(const Status &status, bool ran)
{
    Q_EMIT logLine(tr("FAILED: %1").arg(status.error().toString()));
    setBusy(false);
    Q_EMIT finished(status, ran);
}

void MigrationController::declined()
{
    Q_EMIT logLine(tr("Plan not run."));
    setBusy(false);
    Q_EMIT finished(Status(), false);
}

void MigrationController::onPlanned(const Attempt &attempt, const Plan &plan,
                                    bool versionTableExists)
{
    const bool checked = attempt.environment.isProtected && !plan.steps.empty();
    PlanDialog::Input input;
    input.environment = attempt.environment;
    input.plan = plan;
    input.action = attempt.request.action;
    input.versionTable = attempt.workspace->project().versionTableName();
    input.versionTableExists = versionTableExists;
    input.awaitPreflight = checked;
    input.lintPending = !plan.steps.empty();
    input.projectRoot = attempt.workspace->project().root;
    PlanDialog dialog(input, m_dialogParent);
    CancelToken linting;
    if (input.lintPending)
        linting = lint(attempt, plan, &dialog);
    if (checked)
        preflight(attempt, plan, &dialog);
    const int answer = dialog.exec();
    linting.cancel(); // a result still on its way is dropped with the dialog
    if (answer != QDialog::Accepted) {
        declined();
        return;
    }
    Attempt next = attempt;
    next.auditNote = dialog.auditNote();
    if (!next.auditNote.isEmpty())
        Q_EMIT logLine(next.auditNote);
    run(next, plan);
}

namespace {

// What a protected plan's dialog learns in the background: the pre-flight checks, and which of
// its steps nobody reviewed as they are now.
struct PlanChecks {
    PreflightReport report;
    QStringList unreviewed;
    QStringList edited; // reviewed before an edit
};

} // namespace

CancelToken MigrationController::lint(const Attempt &attempt, const Plan &plan, PlanDialog *dialog)
{
    const QPointer<PlanDialog> target(dialog);
    return Background::run(
        dialog,
        [attempt, plan](const CancelToken &cancel) {
            // Judged against the environment with the secrets the plan was made with; when the
            // database cannot be reached, the same rules offline, saying so.
            PlanDialog::LintOutcome outcome;
            auto live = lintPlanLive(*attempt.workspace, attempt.environment, attempt.secrets, plan,
                                     LiveLintOptions{}, &cancel);
            if (live) {
                outcome.report = std::move(live->report);
                outcome.live = true;
                outcome.serverVersion = live->serverVersion;
                outcome.notes = live->notes;
                return outcome;
            }
            auto levels = projectLintLevels(attempt.workspace->project());
            if (!levels) {
                outcome.error = levels.error().toString();
                return outcome;
            }
            outcome.offlineReason = live.error().message;
            LintOptions options;
            options.driver = attempt.environment.driver;
            options.levels = *levels;
            outcome.report = lintPlan(plan, options);
            return outcome;
        },
        [target](const PlanDialog::LintOutcome &outcome) {
            if (target)
                target->setLint(outcome);
        });
}

void MigrationController::preflight(const Attempt &attempt, const Plan &plan, PlanDialog *dialog)
{
    const Project &project = attempt.workspace->project();
    Q_EMIT logLine(
        tr("%1 is protected: running the pre-flight checks…").arg(attempt.environment.name));
    std::vector<std::pair<QString, QString>> steps;
    for (const PlanStep &step : plan.steps)
        if (!step.stamp)
            steps.emplace_back(step.revision, step.script ? step.script->path : QString());
    // Both callbacks are bound to the dialog: closing it drops a result still on its way.
    const QPointer<PlanDialog> target(dialog);
    m_credentials->obtainAll(
        project.name, project.environments, CredentialBroker::Mode::Silent, dialog,
        [attempt, plan, steps, target](QHash<QString, ConnectionSecrets> secrets) {
            if (!target)
                return;
            secrets.insert(attempt.environment.name, attempt.secrets);
            Background::run(
                target.data(),
                [attempt, plan, steps, secrets](const CancelToken &) {
                    PlanChecks checks;
                    checks.report = checkBeforeRun(
                        *attempt.workspace, attempt.environment, plan,
                        [secrets](const Environment &env) { return secrets.value(env.name); },
                        policyFor(*attempt.workspace, attempt.environment));
                    const auto states =
                        ReviewStore::states(attempt.workspace->project().root, steps);
                    for (const auto &step : steps) {
                        const ReviewState state = states.value(step.first);
                        if (state == ReviewState::Stale)
                            checks.edited.append(step.first);
                        else if (state != ReviewState::Reviewed)
                            checks.unreviewed.append(step.first);
                    }
                    checks.unreviewed.removeDuplicates();
                    checks.edited.removeDuplicates();
                    return checks;
                },
                [target](const PlanChecks &checks) {
                    if (!target)
                        return;
                    target->setPreflight(checks.report);
                    target->setUnreviewed(checks.unreviewed, checks.edited);
                });
        });
}

void MigrationController::run(const Attempt &attempt, const Plan &plan)
{
    RunRequest request;
    request.workspace = attempt.workspace;
    request.environment = attempt.environment;
    request.secrets = attempt.secrets;
    request.plan = plan;
    if (isReplannable(attempt.request))
        request.replan = attempt.request;
    request.protection = policyFor(*attempt.workspace, attempt.environment);
    request.auditNote = attempt.auditNote;
    auto *job = new MigrationJob(std::move(request), this);
    m_job = job;
    connectJob(job);
    job->start();
}

void MigrationController::connectJob(MigrationJob *job)
{
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
    connect(job, &MigrationJob::replanned, this, [this](const QStringList &rows, const Plan &plan) {
        Q_EMIT logLine(tr("The database moved to %1 while the run waited; planned again: %n "
                          "step(s).",
                          nullptr, int(plan.steps.size()))
                           .arg(rows.isEmpty() ? QStringLiteral("<base>") : rows.join(u", ")));
    });
    connect(job, &MigrationJob::backingUp, this, [this] { Q_EMIT logLine(tr("Backing up…")); });
    connect(job, &MigrationJob::backedUp, this, [this](const BackupInfo &backup) {
        Q_EMIT logLine(tr("Backup: %1 (%2 bytes). Restore with: %3")
                           .arg(backup.path)
                           .arg(backup.size)
                           .arg(backup.restoreCommand));
    });
    connect(job, &MigrationJob::logLine, this, &MigrationController::logLine);
    connect(job, &MigrationJob::stepFinished, this, [this](int step, qint64 ms) {
        Q_EMIT logLine(tr("  step %1 done in %2 ms").arg(step).arg(ms));
    });
    connect(job, &MigrationJob::finished, this, [this, job](const Status &result) {
        job->deleteLater();
        const bool ran = job->outcome() && job->outcome()->ran;
        if (!result) {
            fail(result, ran);
            return;
        }
        Q_EMIT logLine(tr("Done."));
        setBusy(false);
        Q_EMIT finished(result, true);
    });
}

void MigrationController::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace retort::gui
