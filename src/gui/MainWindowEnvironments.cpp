#include "MainWindow.h"

#include "BackupsDialog.h"
#include "CredentialBroker.h"
#include "DriftController.h"
#include "EffectView.h"
#include "EnvironmentDialog.h"
#include "EnvironmentPanel.h"
#include "HistoryPanel.h"
#include "MigrationController.h"
#include "ReleaseReportDialog.h"
#include "RevisionDetail.h"
#include "RevisionListModel.h"
#include "SchemaMigrations.h"
#include "SchemaView.h"
#include "ui_MainWindow.h"

#include "project/ProjectWriter.h"
#include "project/Workspace.h"
#include "release/GitReleases.h"
#include "workflows/DriftTriage.h"
#include "workflows/EnvironmentStatus.h"

#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFontDatabase>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>

// MainWindow, part 3: the environments — the Log, Environments and History docks, the
// Environment menu (add, edit, remove, backups), checking every environment in the background,
// and the offer to recover an interrupted run.

namespace retort::gui {

namespace {

constexpr int kEnvironmentRecheckMs = 2 * 60 * 1000;

} // namespace

void MainWindow::setupDocks()
{
    // The log: everything Retort ran, with times.
    auto *logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    m_log = new QPlainTextEdit(logDock);
    m_log->setObjectName(QStringLiteral("log"));
    m_log->setReadOnly(true);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setMaximumBlockCount(5000);
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    tabifyDockWidget(m_ui->problemsDock, logDock);
    m_ui->menuView->addAction(logDock->toggleViewAction());

    // Environments: where each one stands, checked in the background whenever the project loads.
    m_environmentPanel = new EnvironmentPanel;
    m_environmentPanel->setObjectName(QStringLiteral("environments"));
    QDockWidget *envDock =
        addPanelDock(tr("Environments"), QStringLiteral("environmentsDock"), m_environmentPanel);
    tabifyDockWidget(logDock, envDock);
    envDock->raise();
    // Releases: the panel reads the git history after each refresh; the graph marks the tags.
    connect(m_environmentPanel, &EnvironmentPanel::releasesRead, this, [this] {
        const auto &map = m_environmentPanel->releases();
        QHash<QString, QString> releaseOf;
        QStringList tags;
        for (auto it = map->origins.cbegin(); it != map->origins.cend(); ++it)
            releaseOf.insert(it.key(), it->release);
        for (const ReleaseTag &tag : map->tags)
            tags.append(tag.name);
        m_model->setReleases(std::move(releaseOf), std::move(tags));
    });
    // The chosen environment's audit trail (retort_history).
    m_history = new HistoryPanel;
    m_history->setObjectName(QStringLiteral("history"));
    QDockWidget *historyDock =
        addPanelDock(tr("History"), QStringLiteral("historyDock"), m_history);
    tabifyDockWidget(envDock, historyDock);
    envDock->raise();
    connect(m_history, &HistoryPanel::loaded, this, [this, historyDock](const QString &error) {
        if (error.isEmpty())
            offerInterruptedRecovery(historyDock);
    });
}

void MainWindow::setupSchemaView()
{
    // The central area becomes two tabs: the revisions (as before) and the chosen environment's
    // schema, which loads only once its tab is shown.
    m_centralTabs = new QTabWidget(m_ui->centralWidget);
    m_centralTabs->setObjectName(QStringLiteral("centralTabs"));
    m_centralTabs->setDocumentMode(true);
    m_ui->centralLayout->removeWidget(m_ui->stack);
    m_centralTabs->addTab(m_ui->stack, tr("Revisions"));
    m_schemaView = new SchemaView(m_credentials);
    m_schemaView->setObjectName(QStringLiteral("schemaView"));
    m_centralTabs->addTab(m_schemaView, tr("Schema"));
    m_schemaMigrations = new SchemaMigrations(m_schemaView);
    m_ui->centralLayout->addWidget(m_centralTabs);

    // First in View: which of the two the window shows.
    QAction *first = m_ui->menuView->actions().value(0);
    auto *showRevisions = new QAction(tr("&Revisions"), this);
    showRevisions->setObjectName(QStringLiteral("actionShowRevisions"));
    showRevisions->setShortcut(QKeySequence(tr("Ctrl+1")));
    connect(showRevisions, &QAction::triggered, this,
            [this] { m_centralTabs->setCurrentWidget(m_ui->stack); });
    auto *showSchema = new QAction(tr("&Schema"), this);
    showSchema->setObjectName(QStringLiteral("actionShowSchema"));
    showSchema->setShortcut(QKeySequence(tr("Ctrl+2")));
    showSchema->setToolTip(tr("The chosen environment's tables, views, indexes and rows"));
    connect(showSchema, &QAction::triggered, this,
            [this] { m_centralTabs->setCurrentWidget(m_schemaView); });
    m_ui->menuView->insertActions(first, {showRevisions, showSchema});
    m_ui->menuView->insertSeparator(first);
    m_centralTabs->setTabToolTip(
        0, tr("The revision graph (%1)")
               .arg(showRevisions->shortcut().toString(QKeySequence::NativeText)));
    m_centralTabs->setTabToolTip(
        1, tr("The chosen environment's schema (%1)")
               .arg(showSchema->shortcut().toString(QKeySequence::NativeText)));

    // A revision that touched the object: selected in the revision list.
    connect(m_schemaView, &SchemaView::revisionActivated, this, [this](const QString &id) {
        m_centralTabs->setCurrentWidget(m_ui->stack);
        selectRevision(id);
    });
}

void MainWindow::followSchema(const QString &name)
{
    m_ui->detail->effectView()->setEnvironment(name);
    m_schemaView->setEnvironment(m_model->workspace(), name);
    m_schemaMigrations->setAlembicProgram(alembicProgram());
    m_schemaMigrations->setEnvironment(m_model->workspace(), name);
    m_schemaMigrations->setState(m_model->environmentState(name));
}

QDockWidget *MainWindow::addPanelDock(const QString &title, const QString &name, QWidget *panel)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    dock->setWidget(panel);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    m_ui->menuView->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::setupEnvironmentActions()
{
    // Adding, editing and removing environments (the panel's context menu and the menu bar).
    m_addEnvironment = new QAction(tr("&Add Environment…"), this);
    m_editEnvironment = new QAction(tr("&Edit Environment…"), this);
    m_removeEnvironment = new QAction(tr("&Remove Environment…"), this);
    m_addEnvironment->setObjectName(QStringLiteral("actionAddEnvironment"));
    m_editEnvironment->setObjectName(QStringLiteral("actionEditEnvironment"));
    m_removeEnvironment->setObjectName(QStringLiteral("actionRemoveEnvironment"));
    m_editEnvironment->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_backups = new QAction(tr("&Backups…"), this);
    m_backups->setObjectName(QStringLiteral("actionBackups"));
    connect(m_backups, &QAction::triggered, this, &MainWindow::showBackups);
    m_releaseReport = new QAction(tr("Release &Report…"), this);
    m_releaseReport->setObjectName(QStringLiteral("actionReleaseReport"));
    connect(m_releaseReport, &QAction::triggered, this, &MainWindow::showReleaseReport);
    QMenu *envMenu = menuBar()->addMenu(tr("&Environment"));
    menuBar()->insertMenu(m_ui->menuView->menuAction(), envMenu);
    for (QAction *a :
         {m_addEnvironment, m_editEnvironment, m_removeEnvironment, m_backups, m_releaseReport}) {
        a->setEnabled(false);
        envMenu->addAction(a);
        m_environmentPanel->addAction(a);
    }
    // Schema drift, checked on request (DriftController).
    m_drift = new DriftController(m_environmentPanel, m_credentials, this);
    envMenu->addSeparator();
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_environmentPanel->addAction(separator);
    for (QAction *a : {m_drift->checkAction(), m_drift->checkAllAction(), m_drift->showAction()}) {
        envMenu->addAction(a);
        m_environmentPanel->addAction(a);
    }
    // Drift with status, on or off: a preference, so in the panel's own menu.
    m_environmentPanel->addAction(m_drift->withStatusAction());
    // The last drift check of an environment marks its badges on the revision graph; the triage
    // (accept, revert) writes to the log; adopt is autogenerate from that environment.
    connect(m_drift, &DriftController::checked, this, [this](const QString &name) {
        const SchemaDriftReport *report = m_drift->reportOf(name);
        m_model->setSchemaDrift(name, report ? int(report->diff.changes.size()) : 0,
                                report && report->acceptedDrift());
    });
    connect(m_drift, &DriftController::logLine, this, &MainWindow::appendLog);
    connect(m_drift, &DriftController::adoptRequested, this,
            [this](const QString &name) { newRevisionFromDifferences(name); });
    connect(m_drift, &DriftController::revertFinished, this, [this] { recheckEnvironments(0); });
    m_environmentPanel->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_addEnvironment, &QAction::triggered, this, [this] { editEnvironment({}); });
    connect(m_editEnvironment, &QAction::triggered, this,
            [this] { editEnvironment(m_environmentCombo->currentData().toString()); });
    connect(m_environmentPanel, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *, int column) {
                // On a drifted environment's Drift cell: its differences; elsewhere: edit it.
                const QString name = m_environmentCombo->currentData().toString();
                if (column == EnvironmentPanel::DriftColumn && m_drift->showDrift(name))
                    return;
                editEnvironment(name);
            });
    connect(m_removeEnvironment, &QAction::triggered, this, &MainWindow::removeEnvironment);
}

void MainWindow::connectEnvironments()
{
    // Environments change under us (CI, colleagues): check them again every few minutes.
    auto *recheck = new QTimer(this);
    recheck->setInterval(kEnvironmentRecheckMs);
    connect(recheck, &QTimer::timeout, this, [this] { recheckEnvironments(0); });
    recheck->start();

    connect(m_checker, &EnvironmentChecker::stateReady, this,
            [this](const EnvironmentState &state) {
                m_model->setEnvironmentState(state);
                m_environmentPanel->setState(state);
                m_schemaMigrations->setState(&state);
                updateStatus();
                updateMigrationActions();
                // Drift with status: after the status, on a worker, when cheap (and wanted).
                if (state.reach == EnvironmentState::Reach::Reached && !m_migrations->isBusy())
                    m_drift->checkWithStatus(state.environment);
            });
    connect(m_environmentPanel, &EnvironmentPanel::environmentActivated, this,
            [this](const QString &name) {
                const int i = m_environmentCombo->findData(name);
                if (i >= 0)
                    m_environmentCombo->setCurrentIndex(i);
            });
    connect(m_environmentCombo, &QComboBox::currentIndexChanged, this, [this] {
        const QString name = m_environmentCombo->currentData().toString();
        m_model->setSelectedEnvironment(name);
        m_environmentPanel->selectEnvironment(name);
        updateStatus();
        updateMigrationActions(); // they depend on where the chosen environment stands
        followSchema(name);
        loadHistory();
    });
}

void MainWindow::updateEnvironments()
{
    const QString current = m_environmentCombo->currentData().toString();
    m_environmentCombo->clear();
    if (const auto &ws = m_model->workspace()) {
        for (const Environment &env : ws->project().environments)
            m_environmentCombo->addItem(
                env.isProtected ? tr("%1 (protected)").arg(env.name) : env.name, env.name);
        int keep = m_environmentCombo->findData(current);
        if (!m_pendingEnvironment.isEmpty()) {
            keep = m_environmentCombo->findData(m_pendingEnvironment);
            m_pendingEnvironment.clear();
        }
        if (keep >= 0)
            m_environmentCombo->setCurrentIndex(keep);
    }
    updateMigrationActions();
}

void MainWindow::checkEnvironments()
{
    const std::shared_ptr<const Workspace> ws = m_model->workspace();
    const quint64 generation = ++m_checkGeneration;
    m_lastCheck.start();
    if (!ws) {
        m_checker->check(nullptr);
        return;
    }
    m_credentials->obtainAll(ws->project().name, ws->project().environments,
                             CredentialBroker::Mode::Silent, this,
                             [this, ws, generation](QHash<QString, ConnectionSecrets> secrets) {
                                 if (generation == m_checkGeneration)
                                     m_checker->check(ws, {}, secrets);
                             });
}

void MainWindow::recheckEnvironments(int minAgeMs)
{
    if (!m_model->workspace() || m_checker->pendingChecks() > 0 || m_migrations->isBusy())
        return;
    if (m_lastCheck.isValid() && m_lastCheck.elapsed() < minAgeMs)
        return;
    m_environmentPanel->setChecking();
    checkEnvironments();
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // Back from another program (a terminal where the CLI ran, another Retort): what the
    // Environments panel shows may be stale.
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        recheckEnvironments(m_focusRecheckMs);
}

void MainWindow::loadHistory()
{
    const std::shared_ptr<const Workspace> ws = m_model->workspace();
    const QString name = m_environmentCombo->currentData().toString();
    const Environment *env = ws ? ws->project().environment(name) : nullptr;
    if (!env) {
        m_history->load(nullptr, {}, {});
        return;
    }
    m_credentials->obtain(ws->project().name, *env, CredentialBroker::Mode::Silent, this,
                          [this, ws, name](std::optional<ConnectionSecrets> secrets) {
                              if (m_model->workspace() == ws)
                                  m_history->load(ws, name, secrets.value_or(ConnectionSecrets{}));
                          });
}

void MainWindow::showBackups()
{
    const auto &ws = m_model->workspace();
    const Environment *env =
        ws ? ws->project().environment(m_environmentCombo->currentData().toString()) : nullptr;
    if (!env)
        return;
    m_credentials->obtain(
        ws->project().name, *env, CredentialBroker::Mode::MayAsk, this,
        [this, ws, env = *env](std::optional<ConnectionSecrets> secrets) {
            if (!secrets)
                return;
            BackupsDialog dialog(ws, env, *secrets, this);
            connect(&dialog, &BackupsDialog::backupFinished, this,
                    [this, name = env.name](const QString &error) {
                        appendLog(error.isEmpty() ? tr("Backed up %1").arg(name)
                                                  : tr("Backup of %1 failed: %2").arg(name, error));
                    });
            dialog.exec();
        });
}

void MainWindow::showReleaseReport()
{
    const auto &ws = m_model->workspace();
    if (!ws)
        return;
    // The secrets the keychain has (no prompt): an environment without them is reported as not
    // reachable.
    const QString current = m_environmentCombo->currentData().toString();
    m_credentials->obtainAll(ws->project().name, ws->project().environments,
                             CredentialBroker::Mode::Silent, this,
                             [this, ws, current](QHash<QString, ConnectionSecrets> secrets) {
                                 ReleaseReportDialog dialog(ws, current, std::move(secrets), this);
                                 dialog.exec();
                             });
}

void MainWindow::offerInterruptedRecovery(QDockWidget *historyDock)
{
    const std::vector<AuditEntry> &entries = m_history->entries();
    if (entries.empty() || entries.front().outcome != AuditOutcome::Interrupted ||
        m_migrations->isBusy())
        return;
    const AuditEntry &e = entries.front(); // newest first: the run that was cut short
    if (isDriftTriageEntry(e))
        return; // a drift revert is no revision's step: nothing to retry or stamp
    const QString key = m_history->environment() + u'/' + QString::number(e.id);
    if (m_offeredRecovery.contains(key))
        return;
    m_offeredRecovery.insert(key);
    historyDock->raise();
    QMessageBox box(QMessageBox::Warning, tr("Interrupted Run"),
                    tr("A run on %1 was interrupted: %2").arg(m_history->environment(), e.step()),
                    QMessageBox::NoButton, this);
    box.setInformativeText(
        tr("%1\n\nInspect the schema first. Then retry the step, or — if its changes are in "
           "place — stamp the database so the version table says so.")
            .arg(e.describe()));
    QPushButton *retry = box.addButton(tr("Retry the Step…"), QMessageBox::AcceptRole);
    QPushButton *stamp = box.addButton(tr("Stamp as Done…"), QMessageBox::ActionRole);
    box.addButton(tr("Inspect First"), QMessageBox::RejectRole);
    box.exec();
    const bool up = e.direction == u"upgrade";
    const QString target =
        up ? e.revision
           : (e.toRevisions.isEmpty() ? QStringLiteral("base") : e.toRevisions.first());
    if (box.clickedButton() == retry)
        startMigration(int(up ? MigrationAction::Upgrade : MigrationAction::Downgrade), target);
    else if (box.clickedButton() == stamp)
        startMigration(int(MigrationAction::Stamp), target);
}

void MainWindow::editEnvironment(const QString &name)
{
    const auto &ws = m_model->workspace();
    if (!ws)
        return;
    EnvironmentDialog dialog(ws, name, this, m_credentials);
    if (dialog.exec() != QDialog::Accepted)
        return;
    appendLog(name.isEmpty()
                  ? tr("Added environment %1 to %2")
                        .arg(dialog.savedName(), QDir::toNativeSeparators(ws->project().file))
                  : tr("Saved environment %1 in %2")
                        .arg(dialog.savedName(), QDir::toNativeSeparators(ws->project().file)));
    m_pendingEnvironment = dialog.savedName(); // chosen once the project has reloaded
    refresh();
}

void MainWindow::removeEnvironment()
{
    const auto &ws = m_model->workspace();
    const QString name = m_environmentCombo->currentData().toString();
    if (!ws || name.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Remove Environment"),
        tr("Remove environment %1 from %2?\n\nOnly its entry in the project file is removed; "
           "the database itself is not touched.")
            .arg(name, QFileInfo(ws->project().file).fileName()),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    if (const Status st = retort::removeEnvironment(ws->project().file, name); !st) {
        QMessageBox::warning(this, tr("Remove Environment"), st.error().toString());
        return;
    }
    appendLog(tr("Removed environment %1").arg(name));
    refresh();
}

} // namespace retort::gui
