#include "MainWindow.h"

#include "Appearance.h"
#include "BackupsDialog.h"
#include "CredentialBroker.h"
#include "EnvironmentDialog.h"
#include "EnvironmentPanel.h"
#include "HistoryPanel.h"
#include "Icons.h"
#include "LaneDelegate.h"
#include "MarkerBadgeDelegate.h"
#include "MergeHeadsDialog.h"
#include "MigrationController.h"
#include "NewRevisionDialog.h"
#include "RevisionDetail.h"
#include "RevisionListModel.h"
#include "WorkspaceLoader.h"
#include "ui_MainWindow.h"

#include "workflows/EnvironmentStatus.h"
#include "project/ProjectWriter.h"
#include "project/Workspace.h"
#include "workflows/AlembicSql.h"
#include "secrets/SecretStore.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTime>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>

namespace retort::gui {

namespace {

const QString kLastProjectKey = QStringLiteral("lastProject");
const QString kRecentProjectsKey = QStringLiteral("recentProjects");
const QString kAlembicProgramKey = QStringLiteral("alembicProgram");
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kHeaderKey = QStringLiteral("mainWindow/revisionHeader3"); // graph & state columns
const QString kSplitterKey = QStringLiteral("mainWindow/splitter");
const QString kDetailKey = QStringLiteral("mainWindow/detail");
// Beyond this many scripts only the folder is watched (inotify watches are a limited resource);
// edits inside existing files are then picked up on the next refresh.
constexpr int kMaxWatchedScripts = 2000;
constexpr int kEnvironmentRecheckMs = 2 * 60 * 1000;
constexpr int kStateVersion = 2; // 2: the Environments dock

enum ProblemRole { ProblemFileRole = Qt::UserRole + 1, ProblemLineRole };

} // namespace

MainWindow::MainWindow(QWidget *parent, SecretStore *secrets)
    : QMainWindow(parent), m_ui(new Ui::MainWindow), m_model(new RevisionListModel(this)),
      m_loader(new WorkspaceLoader(this)), m_watcher(new QFileSystemWatcher(this)),
      m_refreshTimer(new QTimer(this)), m_revisionsLabel(new QLabel(this)),
      m_headsLabel(new QLabel(this)), m_environmentLabel(new QLabel(this))
{
    m_ui->setupUi(this);
    setWindowIcon(appIcon());
    if (!secrets)
        secrets = new KeychainSecretStore(QStringLiteral("retort"), this);
    m_credentials = new CredentialBroker(secrets, this, this);
    connect(m_credentials, &CredentialBroker::message, this,
            [this](const QString &line) { appendLog(line); });

    m_ui->actionOpenProject->setIcon(themedIcon(QStringLiteral("document-open")));
    m_ui->actionRefresh->setIcon(themedIcon(QStringLiteral("view-refresh")));
    m_ui->actionQuit->setIcon(themedIcon(QStringLiteral("application-exit")));
    m_ui->openButton->setIcon(themedIcon(QStringLiteral("document-open")));
    m_ui->actionFilter->setIcon(themedIcon(QStringLiteral("edit-find")));
    m_ui->menuView->addAction(m_ui->mainToolBar->toggleViewAction());
    m_ui->menuView->addAction(m_ui->problemsDock->toggleViewAction());

    connect(m_ui->actionOpenProject, &QAction::triggered, this, &MainWindow::chooseProject);
    connect(m_ui->openButton, &QPushButton::clicked, this, &MainWindow::chooseProject);
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_loader, &WorkspaceLoader::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &WorkspaceLoader::failed, this, &MainWindow::onFailed);
    connect(m_ui->actionFilter, &QAction::triggered, this, [this] {
        m_ui->filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->filterEdit->selectAll();
    });
    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, &MainWindow::applyFilter);
    connect(m_ui->detail, &RevisionDetail::revisionActivated, this, &MainWindow::selectRevision);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(refreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refresh);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_refreshTimer,
            qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_refreshTimer,
            qOverload<>(&QTimer::start));
    connect(m_ui->problemList, &QListWidget::itemActivated, this, [](QListWidgetItem *item) {
        const QString file = item->data(ProblemFileRole).toString();
        if (!file.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(file));
    });

    m_revisionsLabel->setContentsMargins(6, 0, 6, 0);
    m_headsLabel->setContentsMargins(6, 0, 6, 0);
    m_environmentLabel->setContentsMargins(6, 0, 6, 0);
    m_environmentLabel->setObjectName(QStringLiteral("environmentStatus"));
    statusBar()->addPermanentWidget(m_environmentLabel);
    statusBar()->addPermanentWidget(m_headsLabel);
    statusBar()->addPermanentWidget(m_revisionsLabel);

    // View ▸ Appearance: the desktop's colours, or Retort's light or dark palette.
    QMenu *appearanceMenu = m_ui->menuView->addMenu(tr("&Appearance"));
    auto *appearanceGroup = new QActionGroup(this);
    const std::pair<Appearance, QString> appearances[] = {{Appearance::System, tr("&System")},
                                                          {Appearance::Light, tr("&Light")},
                                                          {Appearance::Dark, tr("&Dark")}};
    for (const auto &[appearance, text] : appearances) {
        QAction *a = appearanceMenu->addAction(text);
        a->setCheckable(true);
        a->setChecked(appearance == savedAppearance());
        a->setActionGroup(appearanceGroup);
        connect(a, &QAction::triggered, this, [appearance] {
            applyAppearance(appearance);
            saveAppearance(appearance);
        });
    }

    // The alembic program that renders Alembic revisions' SQL (e.g. a virtualenv's bin/alembic).
    auto *alembicProgram = new QAction(tr("Alembic &Program…"), this);
    alembicProgram->setObjectName(QStringLiteral("actionAlembicProgram"));
    m_ui->menuFile->insertAction(m_ui->actionQuit, alembicProgram);
    connect(alembicProgram, &QAction::triggered, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("The alembic program (e.g. the project's virtualenv bin/alembic)"),
            QSettings().value(kAlembicProgramKey).toString());
        if (file.isEmpty())
            return;
        QSettings().setValue(kAlembicProgramKey, file);
        useAlembicProgramSetting();
        refresh();
    });
    useAlembicProgramSetting();

    m_recentMenu = new QMenu(tr("Open &Recent"), this);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    m_ui->menuFile->insertMenu(m_ui->actionRefresh, m_recentMenu);
    updateRecentMenu();

    setupRevisionView();
    setupMigrations();
    setProblems({}, {});
    showMessage(tr("No project open"),
                tr("Open a project folder (one holding retort.toml) to see its revisions."), true);
    restoreSettings();
}

MainWindow::~MainWindow()
{
    delete m_ui;
}

void MainWindow::setupMigrations()
{
    m_migrations = new MigrationController(m_credentials, this);

    m_environmentCombo = new QComboBox(this);
    m_environmentCombo->setObjectName(QStringLiteral("environmentCombo"));
    m_environmentCombo->setToolTip(tr("The environment the migration actions apply to"));
    m_environmentCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *envLabel = new QLabel(tr("Environment:"), this);
    envLabel->setContentsMargins(8, 0, 4, 0);

    auto makeAction = [this](const QString &text, const QKeySequence &keys, const QString &icon) {
        auto *a = new QAction(themedIcon(icon), text, this);
        a->setShortcut(keys);
        a->setEnabled(false);
        return a;
    };
    m_upgradeHeads = makeAction(tr("Upgrade to Heads"), QKeySequence(tr("Ctrl+Shift+U")),
                                QStringLiteral("go-top"));
    m_downgradeOne = makeAction(tr("Downgrade One Step"), QKeySequence(tr("Ctrl+Shift+D")),
                                QStringLiteral("go-down"));
    m_upgradeHere =
        makeAction(tr("Upgrade to Here"), QKeySequence(tr("Ctrl+U")), QStringLiteral("go-up"));
    m_downgradeHere =
        makeAction(tr("Downgrade to Here"), QKeySequence(tr("Ctrl+D")), QStringLiteral("go-down"));
    m_stampHere =
        makeAction(tr("Stamp Here"), QKeySequence(tr("Ctrl+T")), QStringLiteral("bookmark-new"));
    m_newRevision =
        makeAction(tr("New Revision…"), QKeySequence::New, QStringLiteral("document-new"));
    m_mergeHeads =
        makeAction(tr("Merge Heads…"), QKeySequence(tr("Ctrl+M")), QStringLiteral("retort-merge"));
    m_ui->mainToolBar->addSeparator();
    m_ui->mainToolBar->addAction(m_newRevision);
    m_ui->mainToolBar->addAction(m_mergeHeads);
    m_ui->mainToolBar->addSeparator();
    m_ui->mainToolBar->addWidget(envLabel);
    m_ui->mainToolBar->addWidget(m_environmentCombo);
    m_ui->mainToolBar->addAction(m_upgradeHeads);
    m_ui->mainToolBar->addAction(m_downgradeOne);

    // Writing revisions: the dialogs write through the core; the list then reloads.
    m_newRevision->setObjectName(QStringLiteral("actionNewRevision"));
    m_mergeHeads->setObjectName(QStringLiteral("actionMergeHeads"));
    QMenu *revisionMenu = menuBar()->addMenu(tr("&Revision"));
    menuBar()->insertMenu(m_ui->menuView->menuAction(), revisionMenu);
    revisionMenu->addAction(m_newRevision);
    revisionMenu->addAction(m_mergeHeads);
    // A script edited after it was applied somewhere: what changed since (from the audit trail).
    m_showDrift = new QAction(tr("Show Changes Since Applied…"), this);
    m_showDrift->setObjectName(QStringLiteral("actionShowDrift"));
    m_showDrift->setEnabled(false);
    revisionMenu->addSeparator();
    revisionMenu->addAction(m_showDrift);
    m_ui->revisionView->addAction(m_showDrift);
    connect(m_showDrift, &QAction::triggered, this, &MainWindow::showDrift);
    connect(m_newRevision, &QAction::triggered, this, [this] {
        if (const auto &ws = m_model->workspace()) {
            NewRevisionDialog dialog(ws, this);
            if (dialog.exec() == QDialog::Accepted)
                revisionWritten(dialog.revisionId(), dialog.writtenPath());
        }
    });
    connect(m_mergeHeads, &QAction::triggered, this, [this] {
        if (const auto &ws = m_model->workspace()) {
            MergeHeadsDialog dialog(ws, this);
            if (dialog.exec() == QDialog::Accepted)
                revisionWritten(dialog.revisionId(), dialog.writtenPath());
        }
    });

    QMenu *menu = menuBar()->addMenu(tr("&Migrate"));
    menuBar()->insertMenu(m_ui->menuView->menuAction(), menu);
    for (QAction *a : {m_upgradeHeads, m_downgradeOne})
        menu->addAction(a);
    menu->addSeparator();
    for (QAction *a : {m_upgradeHere, m_downgradeHere, m_stampHere}) {
        menu->addAction(a);
        m_ui->revisionView->addAction(a);
    }
    m_ui->revisionView->setContextMenuPolicy(Qt::ActionsContextMenu);

    const auto upgrade = int(MigrationAction::Upgrade);
    const auto downgrade = int(MigrationAction::Downgrade);
    const auto stamp = int(MigrationAction::Stamp);
    connect(m_upgradeHeads, &QAction::triggered, this,
            [=, this] { startMigration(upgrade, QStringLiteral("heads")); });
    connect(m_downgradeOne, &QAction::triggered, this,
            [=, this] { startMigration(downgrade, QStringLiteral("-1")); });
    connect(m_upgradeHere, &QAction::triggered, this,
            [=, this] { startMigration(upgrade, m_selectedRevision); });
    connect(m_downgradeHere, &QAction::triggered, this,
            [=, this] { startMigration(downgrade, m_selectedRevision); });
    connect(m_stampHere, &QAction::triggered, this,
            [=, this] { startMigration(stamp, m_selectedRevision); });

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
    m_checker = new EnvironmentChecker(this);
    auto *envDock = new QDockWidget(tr("Environments"), this);
    envDock->setObjectName(QStringLiteral("environmentsDock"));
    envDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_environmentPanel = new EnvironmentPanel(envDock);
    m_environmentPanel->setObjectName(QStringLiteral("environments"));
    envDock->setWidget(m_environmentPanel);
    addDockWidget(Qt::BottomDockWidgetArea, envDock);
    tabifyDockWidget(logDock, envDock);
    envDock->raise();
    m_ui->menuView->addAction(envDock->toggleViewAction());
    // The chosen environment's audit trail (retort_history).
    auto *historyDock = new QDockWidget(tr("History"), this);
    historyDock->setObjectName(QStringLiteral("historyDock"));
    historyDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_history = new HistoryPanel(historyDock);
    m_history->setObjectName(QStringLiteral("history"));
    historyDock->setWidget(m_history);
    addDockWidget(Qt::BottomDockWidgetArea, historyDock);
    tabifyDockWidget(envDock, historyDock);
    envDock->raise();
    m_ui->menuView->addAction(historyDock->toggleViewAction());
    connect(m_history, &HistoryPanel::loaded, this, [this, historyDock](const QString &error) {
        if (error.isEmpty())
            offerInterruptedRecovery(historyDock);
    });

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
    QMenu *envMenu = menuBar()->addMenu(tr("&Environment"));
    menuBar()->insertMenu(m_ui->menuView->menuAction(), envMenu);
    for (QAction *a : {m_addEnvironment, m_editEnvironment, m_removeEnvironment, m_backups}) {
        a->setEnabled(false);
        envMenu->addAction(a);
        m_environmentPanel->addAction(a);
    }
    m_environmentPanel->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_addEnvironment, &QAction::triggered, this, [this] { editEnvironment({}); });
    connect(m_editEnvironment, &QAction::triggered, this,
            [this] { editEnvironment(m_environmentCombo->currentData().toString()); });
    connect(m_environmentPanel, &QTreeWidget::itemActivated, this,
            [this] { editEnvironment(m_environmentCombo->currentData().toString()); });
    connect(m_removeEnvironment, &QAction::triggered, this, &MainWindow::removeEnvironment);

    // Environments change under us (CI, colleagues): check them again every few minutes.
    auto *recheck = new QTimer(this);
    recheck->setInterval(kEnvironmentRecheckMs);
    connect(recheck, &QTimer::timeout, this, [this] {
        if (m_model->workspace() && m_checker->pendingChecks() == 0 && !m_migrations->isBusy())
            checkEnvironments();
    });
    recheck->start();

    connect(m_checker, &EnvironmentChecker::stateReady, this,
            [this](const EnvironmentState &state) {
                m_model->setEnvironmentState(state);
                m_environmentPanel->setState(state);
                updateStatus();
                updateMigrationActions();
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
        loadHistory();
    });

    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setVisible(false);
    statusBar()->addWidget(m_progress);
    statusBar()->addWidget(m_cancelButton);
    connect(m_cancelButton, &QToolButton::clicked, m_migrations, [this] {
        appendLog(tr("Cancelling…"));
        m_migrations->cancel();
    });

    connect(m_migrations, &MigrationController::logLine, this, &MainWindow::appendLog);
    connect(m_migrations, &MigrationController::progress, this,
            [this](int step, int count, const QString &description) {
                m_progress->setRange(0, count);
                m_progress->setValue(step - 1);
                m_progress->setFormat(tr("Step %1 of %2").arg(step).arg(count));
                statusBar()->showMessage(description);
            });
    connect(m_migrations, &MigrationController::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_progress->setRange(0, 0); // busy indicator until the first step
        m_cancelButton->setVisible(busy);
        if (!busy)
            statusBar()->clearMessage();
        updateMigrationActions();
    });
    connect(
        m_migrations, &MigrationController::finished, this, [this](const Status &status, bool ran) {
            if (!status) {
                const Error &e = status.error();
                QMessageBox box(QMessageBox::Warning, tr("Migration failed"),
                                ran ? tr("The migration stopped. The database is at the last "
                                         "step that completed.")
                                    : tr("The plan could not be made."),
                                QMessageBox::Ok, this);
                box.setInformativeText(e.message);
                if (!e.file.isEmpty())
                    box.setDetailedText(
                        tr("Revision: %1\nFile: %2\nLine: %3").arg(e.revision, e.file).arg(e.line));
                box.exec();
            }
            if (ran)
                refresh();
        });
}

void MainWindow::showDrift()
{
    const int row = m_model->rowOf(m_selectedRevision);
    const QVariantList drift =
        row < 0 ? QVariantList()
                : m_model->index(row, 0).data(RevisionListModel::DriftRole).toList();
    if (drift.isEmpty())
        return;
    QStringList where, diffs;
    for (const QVariant &v : drift) {
        const QVariantMap d = v.toMap();
        where.append(d.value(QStringLiteral("describe")).toString());
        diffs.append(QStringLiteral("# %1\n%2")
                         .arg(d.value(QStringLiteral("environment")).toString(),
                              d.value(QStringLiteral("diff")).toString()));
    }
    QMessageBox box(QMessageBox::Warning, tr("Edited After It Was Applied"),
                    tr("Revision %1 was changed after it was applied. The database still has "
                       "what ran then; the file now says something else.")
                        .arg(m_selectedRevision.left(RevisionListModel::shortIdLength)),
                    QMessageBox::Ok, this);
    box.setInformativeText(where.join(u'\n'));
    box.setDetailedText(diffs.join(u'\n'));
    box.exec();
}

void MainWindow::useAlembicProgramSetting()
{
    // The planning worker finds alembic through RETORT_ALEMBIC (set here, before any worker runs).
    const QString program = QSettings().value(kAlembicProgramKey).toString();
    if (!program.isEmpty())
        qputenv("RETORT_ALEMBIC", program.toLocal8Bit());
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

void MainWindow::offerInterruptedRecovery(QDockWidget *historyDock)
{
    const std::vector<AuditEntry> &entries = m_history->entries();
    if (entries.empty() || entries.front().outcome != AuditOutcome::Interrupted ||
        m_migrations->isBusy())
        return;
    const AuditEntry &e = entries.front(); // newest first: the run that was cut short
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

void MainWindow::checkEnvironments()
{
    const std::shared_ptr<const Workspace> ws = m_model->workspace();
    const quint64 generation = ++m_checkGeneration;
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

void MainWindow::updateMigrationActions()
{
    const bool ready = m_model->workspace() && m_model->workspace()->problems().empty() &&
                       m_environmentCombo->count() > 0 && !m_migrations->isBusy();
    const bool onRevision = ready && !m_selectedRevision.isEmpty();
    const int selectedRow = m_model->rowOf(m_selectedRevision);
    m_showDrift->setEnabled(
        selectedRow >= 0 &&
        !m_model->index(selectedRow, 0).data(RevisionListModel::DriftRole).toList().isEmpty());
    const bool writable = m_model->workspace() && m_model->workspace()->problems().empty();
    const bool hasProject = m_model->workspace() != nullptr;
    m_addEnvironment->setEnabled(hasProject);
    m_editEnvironment->setEnabled(hasProject && m_environmentCombo->count() > 0);
    m_removeEnvironment->setEnabled(hasProject && m_environmentCombo->count() > 0);
    m_backups->setEnabled(hasProject && m_environmentCombo->count() > 0);
    m_newRevision->setEnabled(writable);
    m_mergeHeads->setEnabled(writable && m_model->workspace()->graph().heads().size() > 1);
    m_mergeHeads->setStatusTip(writable && !m_mergeHeads->isEnabled()
                                   ? tr("There is only one head: nothing to merge.")
                                   : QString());
    m_upgradeHeads->setEnabled(ready);
    m_downgradeOne->setEnabled(ready);
    m_upgradeHere->setEnabled(onRevision);
    m_downgradeHere->setEnabled(onRevision);
    m_stampHere->setEnabled(onRevision);
    const QString why =
        m_model->workspace() && !m_model->workspace()->problems().empty()
            ? tr("Fix the problems listed first: migrations are not run on a broken project.")
            : QString();
    for (QAction *a : {m_upgradeHeads, m_downgradeOne, m_upgradeHere, m_downgradeHere, m_stampHere})
        a->setStatusTip(why);
    if (ready && !m_alembicProblem.isEmpty()) {
        // A stamp runs no migration, so it still works.
        const QString alembic =
            tr("Applying Alembic revisions is disabled: %1. Set the program with File ▸ Alembic "
               "Program….")
                .arg(m_alembicProblem);
        for (QAction *a : {m_upgradeHeads, m_downgradeOne, m_upgradeHere, m_downgradeHere}) {
            a->setEnabled(false);
            a->setStatusTip(alembic);
            a->setToolTip(alembic);
        }
    } else {
        for (QAction *a : {m_upgradeHeads, m_downgradeOne, m_upgradeHere, m_downgradeHere})
            a->setToolTip(a->text());
    }
}

void MainWindow::startMigration(int action, const QString &target)
{
    const auto &ws = m_model->workspace();
    if (!ws || target.isEmpty())
        return;
    const Environment *env =
        ws->project().environment(m_environmentCombo->currentData().toString());
    if (!env)
        return;
    m_migrations->request(ws, *env, MigrationAction(action), target);
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

void MainWindow::revisionWritten(const QString &id, const QString &path)
{
    appendLog(tr("Wrote %1").arg(QDir::toNativeSeparators(path)));
    m_selectedRevision = id; // selected once the list has reloaded
    refresh();
}

void MainWindow::appendLog(const QString &line)
{
    m_log->appendPlainText(QStringLiteral("%1  %2").arg(
        QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void MainWindow::setupRevisionView()
{
    QTreeView *view = m_ui->revisionView;
    view->setModel(m_model);
    view->setItemDelegate(new MarkerBadgeDelegate(view));
    view->setItemDelegateForColumn(RevisionListModel::GraphColumn, new LaneDelegate(view));

    // Widths from the fonts actually used, so nothing is clipped at any DPI or font size.
    const QFontMetrics fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const QFontMetrics normal(view->font());
    const int padding = 3 * view->style()->pixelMetric(QStyle::PM_HeaderMargin) + 8;
    const int idWidth = fixed.horizontalAdvance(QString(RevisionListModel::shortIdLength, u'0'));
    QHeaderView *header = view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(RevisionListModel::MessageColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(8 * normal.averageCharWidth());
    header->resizeSection(RevisionListModel::GraphColumn,
                          8 + 4 * LaneDelegate::laneWidth(normal)); // fitted when a project loads
    header->resizeSection(RevisionListModel::RevisionColumn, idWidth + padding);
    header->resizeSection(RevisionListModel::ParentsColumn,
                          fixed.horizontalAdvance(QStringLiteral("000000000000, 000000000000")) +
                              padding);
    header->resizeSection(RevisionListModel::LabelsColumn,
                          normal.horizontalAdvance(QStringLiteral("inventory, reviews")) + padding);
    header->resizeSection(RevisionListModel::CreatedColumn,
                          normal.horizontalAdvance(QStringLiteral("0000-00-00 00:00")) +
                              2 * padding);

    header->resizeSection(RevisionListModel::StateColumn,
                          normal.horizontalAdvance(QStringLiteral("State in production")) +
                              padding);

    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_selectedRevision = current.data(RevisionListModel::RevisionIdRole).toString();
                updateMigrationActions();
                updateDetail();
            });
}

void MainWindow::updateDetail()
{
    const QModelIndex current = m_ui->revisionView->currentIndex();
    m_ui->detail->setRevision(m_model->workspace(),
                              current.isValid() ? m_model->revisionIndex(current.row()) : -1);
}

void MainWindow::applyFilter(const QString &text)
{
    const QString keep = m_selectedRevision;
    m_model->setFilter(text);
    // A model reset forgets the current row: restore it, or take the first match.
    const int row = m_model->rowOf(keep);
    if (row >= 0 || m_model->rowCount() > 0) {
        const QModelIndex current = m_model->index(std::max(row, 0), 0);
        m_ui->revisionView->setCurrentIndex(current);
        m_ui->revisionView->scrollTo(current);
    }
    updateDetail();
    updateStatus();
}

void MainWindow::selectRevision(const QString &id)
{
    if (m_model->rowOf(id) < 0 && !m_model->filter().isEmpty())
        m_ui->filterEdit->clear(); // applyFilter() runs at once
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    m_ui->revisionView->setCurrentIndex(index);
    m_ui->revisionView->scrollTo(index);
}

void MainWindow::watchProject(const Workspace *workspace, const QString &dir)
{
    if (const QStringList watched = m_watcher->files() + m_watcher->directories();
        !watched.isEmpty())
        m_watcher->removePaths(watched);
    QStringList paths;
    if (workspace) {
        const Project &project = workspace->project();
        paths << project.file << project.scriptsDir;
        const std::vector<Script> &scripts = workspace->scripts();
        if (int(scripts.size()) <= kMaxWatchedScripts) {
            for (const Script &script : scripts)
                paths << script.path;
        }
    } else if (!dir.isEmpty()) {
        const QFileInfo info(dir);
        paths << (info.isDir() ? info.absoluteFilePath() : info.absolutePath());
        const QString toml = QDir(paths.first()).filePath(Project::fileName.toString());
        if (QFileInfo::exists(toml))
            paths << toml;
    }
    paths.removeIf([](const QString &path) { return path.isEmpty() || !QFileInfo::exists(path); });
    if (!paths.isEmpty())
        m_watcher->addPaths(paths); // failures (e.g. no inotify watches left) only cost freshness
}

bool MainWindow::isLoading() const
{
    return m_loader->isLoading();
}

QStringList MainWindow::recentProjects()
{
    return QSettings().value(kRecentProjectsKey).toStringList();
}

void MainWindow::rememberProject(const QString &dir)
{
    QStringList recent = recentProjects();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > maxRecentProjects)
        recent.removeLast();
    QSettings().setValue(kRecentProjectsKey, recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentProjects();
    for (int i = 0; i < recent.size(); ++i) {
        const QString dir = recent[i];
        QAction *a = m_recentMenu->addAction(
            QStringLiteral("&%1  %2").arg(i + 1).arg(QDir::toNativeSeparators(dir)));
        connect(a, &QAction::triggered, this, [this, dir] { openProject(dir); });
    }
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear Recent Projects"), this, [this] {
            QSettings().remove(kRecentProjectsKey);
            updateRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

QString MainWindow::lastProject()
{
    return QSettings().value(kLastProjectKey).toString();
}

void MainWindow::openProject(const QString &dir)
{
    const QString absolute = QFileInfo(dir).absoluteFilePath();
    if (absolute != m_projectDir) {
        m_selectedRevision.clear();
        m_refreshTimer->stop();
        watchProject(nullptr, {});
        m_model->setWorkspace(nullptr);
        m_ui->detail->setRevision(nullptr, -1);
        setProblems({}, {});
        setWindowTitle(tr("%1 — Retort").arg(QFileInfo(absolute).fileName()));
        showMessage(tr("Loading…"), QDir::toNativeSeparators(absolute), false);
    }
    m_projectDir = absolute;
    m_ui->actionRefresh->setEnabled(false);
    statusBar()->showMessage(tr("Loading…"));
    m_loader->load(absolute);
}

void MainWindow::refresh()
{
    if (!m_projectDir.isEmpty())
        openProject(m_projectDir);
}

void MainWindow::chooseProject()
{
    const QString start = m_projectDir.isEmpty() ? QDir::homePath() : m_projectDir;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open Project — choose the folder holding retort.toml"), start);
    if (!dir.isEmpty())
        openProject(dir);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Retort"),
        tr("<h3>Retort %1</h3><p>A database-migration manager compatible with Alembic.</p>")
            .arg(QStringLiteral(RETORT_VERSION)));
}

void MainWindow::onLoaded(const QString &dir, std::shared_ptr<const Workspace> workspace)
{
    Q_UNUSED(dir);
    const Project &project = workspace->project();
    setWindowTitle(tr("%1 — Retort").arg(project.name));
    setProblems(workspace->problems(), project.root);
    m_model->setWorkspace(workspace);
    m_environmentPanel->setWorkspace(workspace);
    m_environmentPanel->setChecking();
    // Alembic (Python) revisions are applied through the project's own alembic: without it, the
    // upgrade and downgrade actions are disabled, saying why.
    if (m_model->workspace()->project().isAlembic())
        m_credentials->setAlembicIni(m_model->workspace()->project().name,
                                     m_model->workspace()->project().alembicIni);
    m_alembicProblem.clear();
    const auto &scripts = m_model->workspace()->scripts();
    if (std::any_of(scripts.begin(), scripts.end(), [](const Script &s) { return s.isPython(); }))
        if (auto alembic = findAlembic(QSettings().value(kAlembicProgramKey).toString()); !alembic)
            m_alembicProblem = alembic.error().message;
    checkEnvironments();
    updateEnvironments();
    loadHistory();
    // Fit the graph column to the widest row of lanes (capped: a wild forest scrolls instead).
    const int lanes = std::min(std::max(1, m_model->maxLanes()), 12);
    m_ui->revisionView->header()->resizeSection(
        RevisionListModel::GraphColumn,
        8 + lanes * LaneDelegate::laneWidth(m_ui->revisionView->fontMetrics()));
    m_ui->actionRefresh->setEnabled(true);
    statusBar()->clearMessage();
    QSettings().setValue(kLastProjectKey, m_projectDir);
    rememberProject(m_projectDir);
    watchProject(m_model->workspace().get(), m_projectDir);

    if (m_model->totalCount() == 0) {
        showMessage(tr("No revisions yet"),
                    tr("This project has no migration scripts in %1.")
                        .arg(QDir::toNativeSeparators(m_model->workspace()->project().scriptsDir)),
                    false);
    } else if (m_model->rowCount() > 0) {
        // The revision selected before a refresh, else the newest.
        m_ui->stack->setCurrentWidget(m_ui->revisionsPage);
        const QModelIndex current =
            m_model->index(std::max(m_model->rowOf(m_selectedRevision), 0), 0);
        m_ui->revisionView->setCurrentIndex(current);
        m_ui->revisionView->scrollTo(current);
        if (!m_ui->filterEdit->hasFocus())
            m_ui->revisionView->setFocus(Qt::OtherFocusReason);
    } else {
        m_ui->stack->setCurrentWidget(m_ui->revisionsPage); // everything filtered out
    }
    updateDetail();
    updateStatus();
    Q_EMIT projectLoaded();
}

void MainWindow::onFailed(const QString &dir, const Error &error)
{
    m_model->setWorkspace(nullptr);
    m_environmentPanel->setWorkspace(nullptr);
    m_checker->check(nullptr);
    m_history->load(nullptr, {}, {});
    m_ui->detail->setRevision(nullptr, -1);
    watchProject(nullptr, dir);
    setWindowTitle(tr("%1 — Retort").arg(QFileInfo(dir).fileName()));
    setProblems({error}, dir);
    m_ui->actionRefresh->setEnabled(true);
    statusBar()->clearMessage();
    showMessage(tr("Could not open the project"), error.toString(), true);
    updateStatus();
    Q_EMIT projectFailed();
}

void MainWindow::showMessage(const QString &title, const QString &detail, bool showOpenButton)
{
    const int size = 5 * fontMetrics().height();
    m_ui->messageIcon->setPixmap(appIcon().pixmap(size, size));
    m_ui->messageLabel->setTextFormat(Qt::RichText);
    m_ui->messageLabel->setText(
        QStringLiteral("<p style=\"font-size:large\"><b>%1</b></p><p>%2</p>")
            .arg(title.toHtmlEscaped(), detail.toHtmlEscaped()));
    m_ui->openButton->setVisible(showOpenButton);
    m_ui->stack->setCurrentWidget(m_ui->messagePage);
}

void MainWindow::setProblems(const std::vector<Error> &problems, const QString &root)
{
    QListWidget *list = m_ui->problemList;
    list->clear();
    const QDir rootDir(root);
    const QIcon warning = themedIcon(QStringLiteral("dialog-warning"));
    for (const Error &problem : problems) {
        // Paths relative to the project read better; the tooltip keeps the absolute one.
        Error shown = problem;
        if (!root.isEmpty() && QFileInfo(problem.file).isAbsolute() &&
            problem.file.startsWith(rootDir.absolutePath() + u'/'))
            shown.file = rootDir.relativeFilePath(problem.file);
        shown.file = QDir::toNativeSeparators(shown.file);
        auto *item = new QListWidgetItem(warning, shown.toString(), list);
        item->setToolTip(problem.toString());
        item->setData(ProblemFileRole, problem.file);
        item->setData(ProblemLineRole, problem.line);
    }
    if (problems.empty()) {
        auto *item = new QListWidgetItem(tr("No problems found."), list);
        item->setFlags(Qt::NoItemFlags);
        m_ui->problemsDock->setWindowTitle(tr("Problems"));
    } else {
        m_ui->problemsDock->setWindowTitle(tr("Problems (%1)").arg(problems.size()));
        m_ui->problemsDock->show();
    }
}

void MainWindow::updateStatus()
{
    const std::shared_ptr<const Workspace> &workspace = m_model->workspace();
    if (!workspace) {
        m_revisionsLabel->clear();
        m_headsLabel->clear();
        m_environmentLabel->clear();
        return;
    }
    const QString envName = m_model->selectedEnvironment();
    const EnvironmentState *state = m_model->environmentState(envName);
    if (envName.isEmpty()) {
        m_environmentLabel->clear();
    } else if (!state || state->reach == EnvironmentState::Reach::Unknown) {
        m_environmentLabel->setText(tr("%1: checking…").arg(envName));
    } else if (state->reach == EnvironmentState::Reach::Unreachable) {
        m_environmentLabel->setText(tr("%1: not reachable").arg(envName));
    } else if (!state->error.isEmpty()) {
        m_environmentLabel->setText(tr("%1: unknown revision in the version table").arg(envName));
    } else {
        m_environmentLabel->setText(
            state->pending == 0 ? tr("%1: up to date").arg(envName)
                                : tr("%1: %n pending", nullptr, state->pending).arg(envName));
    }
    m_environmentLabel->setToolTip(state ? state->error : QString());
    const RevisionGraph &graph = workspace->graph();
    const std::vector<int> heads = graph.heads();
    QStringList headIds;
    for (int h : heads)
        headIds.append(graph.at(h).id.left(RevisionListModel::shortIdLength));
    m_revisionsLabel->setText(
        m_model->filter().isEmpty()
            ? tr("Revisions: %1").arg(m_model->rowCount())
            : tr("Revisions: %1 of %2").arg(m_model->rowCount()).arg(m_model->totalCount()));
    m_headsLabel->setText(
        heads.size() == 1
            ? tr("Head: %1").arg(headIds.first())
            : tr("Heads (%1): %2").arg(heads.size()).arg(headIds.join(QStringLiteral(", "))));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1200, 760);
    if (!restoreState(settings.value(kStateKey).toByteArray(), kStateVersion))
        resizeDocks({findChild<QDockWidget *>(QStringLiteral("environmentsDock"))},
                    {10 * fontMetrics().height()}, Qt::Vertical);
    m_ui->revisionView->header()->restoreState(settings.value(kHeaderKey).toByteArray());
    if (!m_ui->mainSplitter->restoreState(settings.value(kSplitterKey).toByteArray())) {
        // The list gets ~40 % of the height, the detail (two SQL panes) the rest.
        m_ui->mainSplitter->setStretchFactor(0, 2);
        m_ui->mainSplitter->setStretchFactor(1, 3);
        m_ui->mainSplitter->setSizes({2 * height() / 5, 3 * height() / 5});
    }
    m_ui->detail->restoreState(settings.value(kDetailKey).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kStateVersion));
    settings.setValue(kHeaderKey, m_ui->revisionView->header()->saveState());
    settings.setValue(kSplitterKey, m_ui->mainSplitter->saveState());
    settings.setValue(kDetailKey, m_ui->detail->saveState());
}

} // namespace retort::gui
