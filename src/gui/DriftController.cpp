#include "DriftController.h"

#include "CredentialBroker.h"
#include "DriftRevertDialog.h"
#include "EnvironmentPanel.h"
#include "SchemaDriftDialog.h"

#include "base/Background.h"
#include "project/Workspace.h"
#include "safety/Backup.h"
#include "workflows/DriftTriage.h"
#include "workflows/MigrationJob.h"

#include <QAction>
#include <QProgressDialog>
#include <QSettings>
#include <QTreeWidgetItem>

#include <optional>

namespace retort::gui {

namespace {

// The environments whose secrets a drift check or triage of `env` needs: it and, for a server
// driver, the scratch server its revisions are replayed on.
std::vector<Environment> secretsNeeded(const Project &project, const Environment &env)
{
    std::vector<Environment> needed{env};
    const Environment *scratch = project.scratchEnvironment();
    if (env.driver != u"sqlite" && scratch && scratch->name != env.name)
        needed.push_back(*scratch);
    return needed;
}

// Where `env`'s revisions are replayed, with the scratch server's secrets from `secrets`.
ExpectedSchemaOptions replayFor(const Project &project, const Environment &env,
                                const QHash<QString, ConnectionSecrets> &secrets)
{
    const Environment *scratch = project.scratchEnvironment();
    return schemaReplayOptions(project, env.driver,
                               scratch ? secrets.value(scratch->name) : ConnectionSecrets{});
}

// What one background check (or accept) brings back (Result has no empty state to start from).
struct DriftOutcome {
    std::optional<SchemaDriftReport> report;
    Error error;
    SchemaDriftStep step = SchemaDriftStep::Rows;

    void take(Result<SchemaDriftReport> r)
    {
        if (r)
            report = std::move(*r);
        else
            error = r.error();
    }
};

const QString kWithStatusKey = QStringLiteral("drift/checkWithStatus");

} // namespace

DriftController::DriftController(EnvironmentPanel *panel, CredentialBroker *credentials,
                                 QWidget *dialogParent)
    : QObject(panel), m_panel(panel), m_credentials(credentials), m_dialogParent(dialogParent)
{
    m_checkAction = new QAction(tr("Check &Drift"), this);
    m_checkAction->setObjectName(QStringLiteral("actionCheckSchemaDrift"));
    m_checkAction->setToolTip(tr("Compare the chosen environment's live schema with the one its "
                                 "revisions produce (replayed in a scratch database)"));
    m_checkAllAction = new QAction(tr("Check Drift of &All"), this);
    m_checkAllAction->setObjectName(QStringLiteral("actionCheckSchemaDriftAll"));
    m_showAction = new QAction(tr("Show Dri&ft…"), this);
    m_showAction->setObjectName(QStringLiteral("actionShowSchemaDrift"));
    m_withStatusAction = new QAction(tr("Check Drift with &Status"), this);
    m_withStatusAction->setObjectName(QStringLiteral("actionCheckDriftWithStatus"));
    m_withStatusAction->setToolTip(tr("Whenever the environments' status is checked, check the "
                                      "drift of those that are cheap to check (SQLite; servers "
                                      "when the project has a scratch server)"));
    m_withStatusAction->setCheckable(true);
    m_withStatusAction->setChecked(QSettings().value(kWithStatusKey, true).toBool());
    connect(m_withStatusAction, &QAction::toggled, this,
            [](bool on) { QSettings().setValue(kWithStatusKey, on); });
    connect(m_checkAction, &QAction::triggered, this, [this] {
        if (m_panel && !m_panel->currentEnvironment().isEmpty())
            check({m_panel->currentEnvironment()});
    });
    connect(m_checkAllAction, &QAction::triggered, this, [this] { check(); });
    connect(m_showAction, &QAction::triggered, this, [this] {
        if (m_panel)
            showDrift(m_panel->currentEnvironment());
    });
    connect(panel, &QTreeWidget::currentItemChanged, this, &DriftController::updateActions);
    updateActions();
}

DriftController::~DriftController() = default;

void DriftController::updateActions()
{
    const bool any = m_panel && m_panel->workspace();
    const QString current = m_panel ? m_panel->currentEnvironment() : QString();
    m_checkAction->setEnabled(any && !current.isEmpty());
    m_checkAllAction->setEnabled(any);
    m_showAction->setEnabled(any && driftOf(current));
}

bool DriftController::isCheapToCheck(const Project &project, const Environment &env)
{
    return env.driver == u"sqlite" || project.scratchEnvironment() != nullptr;
}

void DriftController::checkWithStatus(const QString &name)
{
    if (!m_withStatusAction->isChecked() || !m_panel || !m_panel->workspace() ||
        m_running.contains(name) || m_busy > 0)
        return;
    const Environment *env = m_panel->workspace()->project().environment(name);
    if (env && isCheapToCheck(m_panel->workspace()->project(), *env))
        start(name);
}

void DriftController::check(const QStringList &names)
{
    if (!m_panel || !m_panel->workspace())
        return;
    const auto &ws = m_panel->workspace();
    QStringList todo = names;
    if (todo.isEmpty())
        for (const Environment &env : ws->project().environments)
            todo.append(env.name);
    for (const QString &name : std::as_const(todo))
        if (ws->project().environment(name))
            start(name);
}

void DriftController::start(const QString &name)
{
    const std::shared_ptr<const Workspace> ws = m_panel->workspace();
    const Environment *found = ws->project().environment(name);
    if (!found)
        return;
    const Environment env = *found;
    const quint64 generation = ++m_generation;
    m_running.insert(name, generation);
    m_panel->setDriftChecking(name);

    // The environment's secrets and, for a server driver, the scratch server's: the same silent
    // path as the status checks (never a prompt behind the user's back).
    const std::vector<Environment> needed = secretsNeeded(ws->project(), env);
    m_credentials->obtainAll(
        ws->project().name, needed, CredentialBroker::Mode::Silent, this,
        [this, ws, env, generation](QHash<QString, ConnectionSecrets> secrets) {
            if (m_running.value(env.name) != generation)
                return; // a later check of the same environment took over
            const ExpectedSchemaOptions replay = replayFor(ws->project(), env, secrets);
            Background::run(
                this,
                [ws, env, replay, secrets = secrets.value(env.name)](const CancelToken &cancel) {
                    DriftOutcome outcome;
                    Result<SchemaDriftReport> r =
                        checkSchemaDrift(*ws, env, secrets, replay, &cancel, &outcome.step);
                    outcome.take(std::move(r));
                    return outcome;
                },
                [this, name = env.name, generation](DriftOutcome outcome) {
                    if (m_running.value(name) != generation)
                        return;
                    m_running.remove(name);
                    if (!m_panel)
                        return;
                    if (outcome.report) {
                        showReport(name, *outcome.report);
                    } else {
                        m_reports.remove(name);
                        m_panel->setDriftUnchecked(name,
                                                   driftFailureSummary(outcome.step, outcome.error),
                                                   outcome.error.toString());
                    }
                    updateActions();
                    Q_EMIT checked(name);
                });
        });
}

void DriftController::showReport(const QString &name, const SchemaDriftReport &report)
{
    m_reports.insert(name, report);
    if (m_panel)
        m_panel->setDrift(name, report);
    if (SchemaDriftDialog *dialog = m_dialogs.value(name))
        dialog->setReport(report);
}

const SchemaDiff *DriftController::driftOf(const QString &name) const
{
    const SchemaDriftReport *report = reportOf(name);
    return report && report->drifted() ? &report->diff : nullptr;
}

const SchemaDriftReport *DriftController::reportOf(const QString &name) const
{
    auto it = m_reports.constFind(name);
    return it == m_reports.constEnd() ? nullptr : &*it;
}

QDialog *DriftController::showDrift(const QString &name)
{
    if (!driftOf(name) || !m_panel || !m_panel->workspace())
        return nullptr;
    if (SchemaDriftDialog *open = m_dialogs.value(name)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    const Environment *env = m_panel->workspace()->project().environment(name);
    auto *dialog =
        new SchemaDriftDialog(name, env && env->isProtected, m_reports.value(name), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SchemaDriftDialog::adoptRequested, this, &DriftController::adoptRequested);
    connect(dialog, &SchemaDriftDialog::revertRequested, this,
            [this](const QString &n) { revert(n); });
    connect(dialog, &SchemaDriftDialog::acceptRequested, this, &DriftController::accept);
    m_dialogs.insert(name, dialog);
    dialog->open(); // never blocks
    return dialog;
}

void DriftController::accept(const QString &name, const QString &reason, const QString &seen)
{
    if (!m_panel || !m_panel->workspace())
        return;
    const std::shared_ptr<const Workspace> ws = m_panel->workspace();
    const Environment *found = ws->project().environment(name);
    if (!found)
        return;
    const Environment env = *found;
    ++m_busy;
    if (SchemaDriftDialog *dialog = m_dialogs.value(name))
        dialog->setBusy(true, tr("Accepting the drift of %1…").arg(name));
    const std::vector<Environment> needed = secretsNeeded(ws->project(), env);
    m_credentials->obtainAll(
        ws->project().name, needed, CredentialBroker::Mode::MayAsk, this,
        [this, ws, env, reason, seen](QHash<QString, ConnectionSecrets> secrets) {
            const ExpectedSchemaOptions replay = replayFor(ws->project(), env, secrets);
            Background::run(
                this,
                [ws, env, replay, reason, seen,
                 secrets = secrets.value(env.name)](const CancelToken &cancel) {
                    DriftOutcome outcome;
                    Result<SchemaDriftReport> r =
                        acceptDrift(*ws, env, secrets, replay, reason, seen, &cancel);
                    outcome.take(std::move(r));
                    return outcome;
                },
                [this, name = env.name](DriftOutcome outcome) {
                    --m_busy;
                    SchemaDriftDialog *dialog = m_dialogs.value(name);
                    if (dialog)
                        dialog->setBusy(false);
                    if (!outcome.report) {
                        Q_EMIT logLine(tr("Accepting the drift of %1 failed: %2")
                                           .arg(name, outcome.error.toString()));
                        if (dialog)
                            dialog->setMessage(outcome.error.toString(), true);
                        return;
                    }
                    showReport(name, *outcome.report);
                    const QString done = tr("Accepted the drift of %1 (%2): %3")
                                             .arg(name, driftSummary(outcome.report->diff),
                                                  outcome.report->accepted->reason);
                    Q_EMIT logLine(done);
                    if (dialog)
                        dialog->setMessage(done);
                    updateActions();
                    Q_EMIT checked(name);
                });
        });
}

QDialog *DriftController::revert(const QString &name)
{
    const SchemaDriftReport *report = reportOf(name);
    if (!report || !report->drifted() || !m_panel || !m_panel->workspace() || m_job)
        return nullptr;
    const std::shared_ptr<const Workspace> ws = m_panel->workspace();
    const Environment *env = ws->project().environment(name);
    if (!env)
        return nullptr;
    // Pure and quick: the script is made here, from the snapshots of the last check.
    const DriftRevert plan =
        planDriftRevert(*report, env->driver, ws->project().versionTableName().name);
    QWidget *parent = m_dialogs.value(name) ? static_cast<QWidget *>(m_dialogs.value(name))
                                            : m_dialogParent.data();
    auto *dialog = new DriftRevertDialog(*env, plan, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, name, plan] { runRevert(name, plan); });
    dialog->open();
    return dialog;
}

void DriftController::runRevert(const QString &name, const DriftRevert &revert)
{
    if (!m_panel || !m_panel->workspace() || m_job)
        return;
    const std::shared_ptr<const Workspace> ws = m_panel->workspace();
    const Environment *found = ws->project().environment(name);
    if (!found)
        return;
    const Environment env = *found;
    ++m_busy;
    if (SchemaDriftDialog *dialog = m_dialogs.value(name))
        dialog->setBusy(true, tr("Reverting the drift of %1…").arg(name));
    const std::vector<Environment> needed = secretsNeeded(ws->project(), env);
    m_credentials->obtainAll(
        ws->project().name, needed, CredentialBroker::Mode::MayAsk, this,
        [this, ws, env, revert](QHash<QString, ConnectionSecrets> secrets) {
            // The plan was made from the last check: run it only on the schema it was made for.
            const ExpectedSchemaOptions replay = replayFor(ws->project(), env, secrets);
            const ConnectionSecrets envSecrets = secrets.value(env.name);
            Background::run(
                this,
                [ws, env, replay, envSecrets](const CancelToken &cancel) {
                    DriftOutcome outcome;
                    Result<SchemaDriftReport> r =
                        checkSchemaDrift(*ws, env, envSecrets, replay, &cancel, &outcome.step);
                    outcome.take(std::move(r));
                    return outcome;
                },
                [this, ws, env, revert, envSecrets](DriftOutcome outcome) {
                    if (!outcome.report ||
                        outcome.report->fingerprint != revert.report.fingerprint) {
                        const Status refused =
                            outcome.report
                                ? Status(Error(tr("%1: the schema changed since the revert was "
                                                  "planned; nothing was run. Check the drift "
                                                  "again and revert what is there now")
                                                   .arg(env.name))
                                             .as(ErrorKind::Refused))
                                : Status(outcome.error);
                        if (outcome.report)
                            showReport(env.name, *outcome.report);
                        finishRevert(env.name, refused);
                        return;
                    }
                    startRevertJob(ws, env, envSecrets, revert);
                });
        });
}

void DriftController::startRevertJob(const std::shared_ptr<const Workspace> &ws,
                                     const Environment &env, const ConnectionSecrets &secrets,
                                     const DriftRevert &revert)
{
    RunRequest request = driftRevertRequest(ws, env, secrets, revert);
    request.protection.backupFolder = defaultBackupFolder(ws->project(), env);
    auto *job = new MigrationJob(std::move(request), this);
    m_job = job;
    QWidget *parent = m_dialogs.value(env.name) ? static_cast<QWidget *>(m_dialogs.value(env.name))
                                                : m_dialogParent.data();
    auto *progress = new QProgressDialog(tr("Reverting the drift of %1…").arg(env.name),
                                         tr("Cancel"), 0, 0, parent);
    progress->setObjectName(QStringLiteral("driftRevertProgress"));
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setMinimumDuration(0);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    connect(progress, &QProgressDialog::canceled, job, &MigrationJob::cancel);
    connect(job, &MigrationJob::logLine, this, &DriftController::logLine);
    connect(job, &MigrationJob::statement, progress, [progress](int, int index, const QString &) {
        progress->setLabelText(tr("Running statement %1…").arg(index));
    });
    connect(job, &MigrationJob::finished, this,
            [this, job, progress, name = env.name](const Status &status) {
                progress->close();
                job->deleteLater();
                finishRevert(name, status);
            });
    progress->show();
    job->start();
}

void DriftController::finishRevert(const QString &name, const Status &status)
{
    --m_busy;
    SchemaDriftDialog *dialog = m_dialogs.value(name);
    if (dialog)
        dialog->setBusy(false);
    const QString line =
        status.ok()
            ? tr("Reverted the drift of %1; checking it again").arg(name)
            : tr("Reverting the drift of %1 failed: %2").arg(name, status.error().toString());
    Q_EMIT logLine(line);
    if (dialog)
        dialog->setMessage(line, !status.ok());
    Q_EMIT revertFinished(name, status);
    check({name}); // what the database says now
}

} // namespace retort::gui
