#include "MainWindow.h"

#include "Appearance.h"
#include "ColumnFit.h"
#include "CredentialBroker.h"
#include "EditorLauncher.h"
#include "EffectView.h"
#include "EnvironmentPanel.h"
#include "HistoryPanel.h"
#include "Icons.h"
#include "LaneDelegate.h"
#include "MigrationController.h"
#include "RevisionDetail.h"
#include "RevisionListModel.h"
#include "SchemaCompareDialog.h"
#include "SchemaMigrations.h"
#include "SchemaView.h"
#include "WorkspaceLoader.h"
#include "ui_MainWindow.h"

#include "project/Workspace.h"
#include "secrets/SecretStore.h"
#include "workflows/AlembicSql.h"
#include "workflows/EnvironmentStatus.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTime>
#include <QTimer>
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

    setupProjectActions();
    setupRefresh();
    setupStatusBar();
    setupAppearanceMenu();
    setupAlembicProgramAction();
    m_recentMenu = new QMenu(tr("Open &Recent"), this);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    m_ui->menuFile->insertMenu(m_ui->actionRefresh, m_recentMenu);
    updateRecentMenu();
    setupReleaseAction();

    setupRevisionView();
    setupMigrations();
    setupSchemaMenu();
    setProblems({}, {});
    showMessage(tr("No project open"),
                tr("Open a project folder (one holding retort.toml) to see its revisions."), true);
    restoreSettings();
}

MainWindow::~MainWindow()
{
    delete m_ui;
}

void MainWindow::setupProjectActions()
{
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
        if (m_centralTabs && m_centralTabs->currentWidget() == m_schemaView) {
            m_schemaView->focusFilter();
            return;
        }
        m_ui->filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->filterEdit->selectAll();
    });
    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, &MainWindow::applyFilter);
    connect(m_ui->detail, &RevisionDetail::revisionActivated, this, &MainWindow::selectRevision);
    m_ui->detail->effectView()->setCredentials(m_credentials); // scratch-server replays
    connect(m_ui->problemList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        // A script opens in the editor; a folder (e.g. scripts) in the file manager.
        const QString file = item->data(ProblemFileRole).toString();
        if (QFileInfo(file).isDir())
            QDesktopServices::openUrl(QUrl::fromLocalFile(file));
        else if (!file.isEmpty())
            openInEditorOrAsk(this, file);
    });
}

void MainWindow::setupRefresh()
{
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(refreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refresh);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_refreshTimer,
            qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_refreshTimer,
            qOverload<>(&QTimer::start));
}

void MainWindow::setupStatusBar()
{
    m_revisionsLabel->setContentsMargins(6, 0, 6, 0);
    m_headsLabel->setContentsMargins(6, 0, 6, 0);
    m_environmentLabel->setContentsMargins(6, 0, 6, 0);
    m_environmentLabel->setObjectName(QStringLiteral("environmentStatus"));
    m_headsLabel->setObjectName(QStringLiteral("headsStatus"));
    m_revisionsLabel->setObjectName(QStringLiteral("revisionsStatus"));
    statusBar()->addPermanentWidget(m_environmentLabel);
    statusBar()->addPermanentWidget(m_headsLabel);
    statusBar()->addPermanentWidget(m_revisionsLabel);
}

void MainWindow::setupAppearanceMenu()
{
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
}

void MainWindow::setupAlembicProgramAction()
{
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
        refresh();
    });
}

void MainWindow::setupMigrations()
{
    m_migrations = new MigrationController(m_credentials, this);
    m_checker = new EnvironmentChecker(this);
    // Order matters: it is the order of the toolbar's items, the menus and the docks' tabs.
    setupRevisionActions();
    setupMigrationActions();
    setupToolBar();
    setupRevisionMenus();
    setupDocks();
    setupSchemaView();
    setupEnvironmentActions();
    connectEnvironments();
    setupProgress();
    connectMigrations();
}

void MainWindow::setupSchemaMenu()
{
    // After Revision, Migrate and Environment, before View.
    QMenu *schemaMenu = new QMenu(tr("&Schema"), this);
    schemaMenu->setObjectName(QStringLiteral("menuSchema"));
    menuBar()->insertMenu(m_ui->menuView->menuAction(), schemaMenu);
    schemaMenu->addAction(m_ui->actionCompareSchemas);
    connect(m_ui->actionCompareSchemas, &QAction::triggered, this, [this] { showCompare(); });
}

SchemaCompareDialog *MainWindow::compareDialog() const
{
    return m_compare;
}

SchemaCompareDialog *MainWindow::showCompare()
{
    if (!m_compare) {
        m_compare = new SchemaCompareDialog(m_model->workspace(), m_credentials, this);
        m_compare->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_compare, &SchemaCompareDialog::createRevisionRequested, this,
                &MainWindow::createRevisionFromDiff);
        const QString chosen = m_model->selectedEnvironment();
        // The dialog is the window's child: `this` outlives it.
        m_compare->setDefaultEnvironment([this] { return m_model->selectedEnvironment(); });
        if (!chosen.isEmpty())
            m_compare->setSources(QStringLiteral("@heads"), chosen);
    }
    m_compare->show();
    m_compare->raise();
    m_compare->activateWindow();
    return m_compare;
}

QString MainWindow::alembicProgram() const
{
    return QSettings().value(kAlembicProgramKey).toString();
}

void MainWindow::appendLog(const QString &line)
{
    m_log->appendPlainText(QStringLiteral("%1  %2").arg(
        QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void MainWindow::updateDetail()
{
    const QModelIndex current = m_ui->revisionView->currentIndex();
    m_ui->detail->setRevision(m_model->workspace(),
                              current.isValid() ? m_model->revisionIndex(current.row()) : -1);
    const QString id = m_ui->detail->revisionId();
    if (!id.isEmpty())
        m_ui->detail->setLintFindings(m_model->lintFindings(id),
                                      m_lintedWorkspace.lock() == m_model->workspace());
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
    m_releaseRef.clear(); // the working tree again (openRelease() shows a ref)
    m_atRef.reset();
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
    refreshReviews();
    refreshLint();
    m_environmentPanel->setWorkspace(workspace);
    m_environmentPanel->setChecking();
    if (m_compare)
        m_compare->setWorkspace(workspace);
    // Alembic (Python) revisions are applied through the project's own alembic: without it, the
    // upgrade and downgrade actions are disabled, saying why.
    if (m_model->workspace()->project().isAlembic())
        m_credentials->setAlembicIni(m_model->workspace()->project().name,
                                     m_model->workspace()->project().alembicIni);
    m_alembicProblem.clear();
    const auto &scripts = m_model->workspace()->scripts();
    if (std::any_of(scripts.begin(), scripts.end(), [](const Script &s) { return s.isPython(); }))
        if (auto alembic = findAlembic(alembicProgram()); !alembic)
            m_alembicProblem = alembic.error().message;
    checkEnvironments();
    updateEnvironments();
    followSchema(m_model->selectedEnvironment());
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

    if (m_model->totalCount() == 0 && !workspace->problems().empty()) {
        // Nothing listed because nothing could be read (e.g. the scripts folder is missing):
        // say what, rather than "no revisions yet".
        QStringList why;
        for (const Error &problem : workspace->problems())
            why.append(problem.toString());
        showMessage(tr("The revisions could not be read"), why.join(u'\n'), false);
    } else if (m_model->totalCount() == 0) {
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
    m_schemaView->setEnvironment(nullptr, {});
    m_schemaMigrations->setEnvironment(nullptr, {});
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
            .arg(title.toHtmlEscaped(),
                 detail.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"))));
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
    } else if (!workspace->isComplete()) { // pending counts only the graph's part
        m_environmentLabel->setText(
            state->pending == 0
                ? tr("%1: nothing pending in the readable part").arg(envName)
                : tr("%1: at least %n pending", nullptr, state->pending).arg(envName));
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
    if (!workspace->isComplete()) {
        // The graph is only the consistent part: naming its heads would pass a part for the
        // whole (the list marks the revisions left out; Problems says why).
        m_headsLabel->setText(
            tr("Graph incomplete: %n problem(s)", nullptr, int(workspace->problems().size())));
        m_headsLabel->setToolTip(workspace->incompleteSummary());
        return;
    }
    m_headsLabel->setToolTip({});
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
    m_columnFitter->takeCurrentWidths();
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
