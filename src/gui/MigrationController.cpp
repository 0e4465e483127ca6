#include "MigrationController.h"

#include "PlanDialog.h"
#include "project/Workspace.h"

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

MigrationController::MigrationController(QWidget *dialogParent)
    : QObject(dialogParent), m_dialogParent(dialogParent)
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
    auto *job = new PlanJob(workspace, environment, {action, QStringList{target}, false}, this);
    connect(job, &PlanJob::finished, this,
            [this, job, workspace, environment, action](const Status &status, const Plan &plan,
                                                        bool versionTableExists) {
                job->deleteLater();
                onPlanned(workspace, environment, action, status, plan, versionTableExists);
            });
    job->start();
}

void MigrationController::onPlanned(std::shared_ptr<const Workspace> workspace,
                                    const Environment &environment, MigrationAction action,
                                    const Status &status, const Plan &plan, bool versionTableExists)
{
    if (!status) {
        Q_EMIT logLine(tr("FAILED: %1").arg(status.error().toString()));
        setBusy(false);
        Q_EMIT finished(status, false);
        return;
    }
    PlanDialog dialog(
        {environment, plan, action, workspace->project().versionTable, versionTableExists},
        m_dialogParent);
    if (dialog.exec() != QDialog::Accepted) {
        Q_EMIT logLine(tr("Plan not run."));
        setBusy(false);
        Q_EMIT finished(Status(), false);
        return;
    }
    auto *job =
        new MigrationJob(workspace, environment, plan, migratorOptionsFor(*workspace), this);
    m_job = job;
    connect(job, &MigrationJob::progress, this, &MigrationController::progress);
    connect(job, &MigrationJob::logLine, this, &MigrationController::logLine);
    connect(job, &MigrationJob::stepFinished, this, [this](int step, qint64 ms) {
        Q_EMIT logLine(tr("  step %1 done in %2 ms").arg(step).arg(ms));
    });
    connect(job, &MigrationJob::finished, this, [this, job](const Status &result) {
        job->deleteLater();
        Q_EMIT logLine(result ? tr("Done.") : tr("FAILED: %1").arg(result.error().toString()));
        setBusy(false);
        Q_EMIT finished(result, true);
    });
    job->start();
}

void MigrationController::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace retort::gui
