#pragma once

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QString>

#include <memory>
#include <vector>

class QAction;
class QComboBox;
class QDockWidget;
class QFileSystemWatcher;
class QKeySequence;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QTabWidget;
class QTimer;
class QToolButton;

namespace Ui {
class MainWindow;
}

namespace retort {
class EnvironmentChecker;
struct ProjectAtRef;
class SecretStore;
struct Error;
struct Project;
class Status;
class Workspace;
struct ConfirmedRename;
struct AlembicAutogenerateOutcome;
struct SchemaSnapshot;
} // namespace retort

namespace retort::gui {

class ColumnFitter;
class CredentialBroker;
class DriftController;
class EnvironmentPanel;
class HistoryPanel;
class MigrationController;
class RevisionListModel;
class SchemaCompareDialog;
class SchemaMigrations;
class SchemaView;
class WorkspaceLoader;

// The main window: the revisions of one project (filterable), the detail of the current one, its
// problems, and the project actions. Layout lives in forms/MainWindow.ui; this class wires actions
// to the WorkspaceLoader and shows what it delivers. It watches the project's retort.toml and
// scripts and refreshes (debounced) when they change. GUI thread only; it never reads the disk
// itself (loading runs through Background::run; the watcher only reports paths).
//
// The implementation is in three files: MainWindow.cpp (the project: opening, loading, problems,
// status bar, settings), MainWindowRevisions.cpp (the revision list, writing revisions and
// migrating) and MainWindowEnvironments.cpp (the docks, the environments, history and backups).
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    // `secrets`: where passwords are kept (not owned; must outlive the window). Null: the OS
    // keychain (KeychainSecretStore, owned by the window).
    explicit MainWindow(QWidget *parent = nullptr, SecretStore *secrets = nullptr);
    ~MainWindow() override;

    // Starts loading the project in `dir` (a folder holding retort.toml, or the file) and returns
    // at once; the window shows a loading state until projectLoaded() or projectFailed().
    void openProject(const QString &dir);
    // The project folder last asked for (loaded or loading); empty when none.
    QString projectDir() const { return m_projectDir; }
    bool isLoading() const;
    // File ▸ Open Release…: the project as it was at git ref `ref` (a tag), read-only — the
    // title says "NAME @ REF", the actions that write scripts or retort.toml are disabled — until
    // another project is opened or the window refreshes (MainWindowReleases.cpp). Loaded in the
    // background; the environments are the real ones.
    void openRelease(const QString &ref);
    // The ref shown (empty: the working tree).
    QString releaseRef() const { return m_releaseRef; }
    const RevisionListModel *revisionModel() const { return m_model; }

    // Delay between the last change seen on disk and the refresh it triggers.
    static constexpr int refreshDelayMs = 300;
    // Regaining focus re-checks the environments (another process, the CLI, may have changed
    // them) when the last check started at least this long ago.
    static constexpr int focusRecheckMs = 30 * 1000;
    // Changes that interval (tests shorten it).
    void setFocusRecheckInterval(int ms) { m_focusRecheckMs = ms; }

    // The last project opened successfully (QSettings), or empty.
    static QString lastProject();
    // Projects opened successfully, most recent first (at most maxRecentProjects).
    static QStringList recentProjects();
    static constexpr int maxRecentProjects = 8;

    // Schema ▸ Compare…: the non-modal Compare window (one; raised when open), sources defaulting
    // to @heads and the chosen environment. It follows the project as it reloads.
    SchemaCompareDialog *showCompare();
    SchemaCompareDialog *compareDialog() const; // null while none is open

public Q_SLOTS:
    // Reloads the current project from disk, keeping the current revision selected.
    void refresh();

Q_SIGNALS:
    void projectLoaded();
    void projectFailed();

protected:
    void closeEvent(QCloseEvent *event) override;
    // Regaining focus: recheckEnvironments().
    void changeEvent(QEvent *event) override;

private:
    void chooseProject();
    void showAbout();
    void onLoaded(const QString &dir, std::shared_ptr<const Workspace> workspace);
    // Reads the review state of every revision in the background (RevisionListModel's column).
    void refreshReviews();
    // Lints every revision offline in the background, for the project's drivers (lintRevisions):
    // the list marks those with errors, the detail pane lists each one's findings.
    void refreshLint();
    void onFailed(const QString &dir, const Error &error);
    // Shows the message page (instead of the revisions): a title, a line of detail, and
    // optionally the "Open Project…" button.
    void showMessage(const QString &title, const QString &detail, bool showOpenButton);
    // File ▸ Open Release…: the tags, newest first, to pick from (MainWindowReleases.cpp).
    void setupReleaseAction();
    void chooseRelease();
    void setProblems(const std::vector<Error> &problems, const QString &root);
    void updateStatus();
    void setupRevisionView();
    // Shows the current row's revision in the detail pane (cleared when there is none).
    void updateDetail();
    void applyFilter(const QString &text);
    // Makes revision `id` current, clearing the filter if it hides it.
    void selectRevision(const QString &id);
    // Watches retort.toml, the scripts folder and the scripts of `workspace`; null watches only
    // the project folder `dir` (so a retort.toml being fixed or created is noticed).
    void watchProject(const Workspace *workspace, const QString &dir);
    void restoreSettings();
    void saveSettings() const;
    // Construction, in this order (it is the order of the menus' entries, the toolbar's items and
    // the docks' tabs): File and View actions, the debounced refresh, the status bar, View ▸
    // Appearance, File ▸ Alembic Program, the revision list, then setupMigrations().
    void setupProjectActions();
    void setupRefresh();
    void setupStatusBar();
    void setupAppearanceMenu();
    void setupAlembicProgramAction();
    // The migration actions (toolbar, Migrate menu, the list's context menu), the environment
    // picker, the docks (Log, Environments, History), the Environment menu and the progress
    // indicator: the setup functions below, in the order they are listed.
    void setupMigrations();
    void setupRevisionActions();  // New Revision, Merge Heads, Show Changes Since Applied
    void setupMigrationActions(); // Upgrade/Downgrade/Stamp, to heads or the selected revision
    // A disabled action with an icon and a shortcut (enabled by updateMigrationActions()).
    QAction *makeProjectAction(const QString &text, const QKeySequence &keys, const QString &icon);
    void setupToolBar();       // the revision actions, the environment picker, to heads / -1
    void setupRevisionMenus(); // Revision and Migrate (before View), the list's context menu
    void setupDocks();         // Log, Environments and History, tabbed at the bottom
    // A closable, movable dock at the bottom holding `panel`, with its View menu toggle.
    QDockWidget *addPanelDock(const QString &title, const QString &name, QWidget *panel);
    void setupEnvironmentActions(); // the Environment menu and the panel's context menu
    // The periodic re-check, the checker's results, and the environment picker and panel kept
    // in step.
    void connectEnvironments();
    void setupProgress(); // the progress bar and Cancel button in the status bar
    // The central area's tabs, Revisions and Schema (View ▸ Revisions / Schema), the Schema
    // view following the chosen environment, and its revisions selected in the list.
    void setupSchemaView();
    // The Schema menu (after Environment): Compare….
    void setupSchemaMenu();
    // The Schema view and its migrations follow environment `name` of the loaded project.
    void followSchema(const QString &name);
    void connectMigrations();
    // A migration ended: a failure is shown; a run (even a failed one) reloads the project.
    void migrationFinished(const Status &status, bool ran);
    void updateEnvironments();
    // Checks every environment in the background, with the secrets the keychain has (no prompt).
    void checkEnvironments();
    // checkEnvironments() again, unless a check is running, a migration is being planned or run,
    // or the last check started less than `minAgeMs` ago.
    void recheckEnvironments(int minAgeMs);
    // Reads the chosen environment's audit trail into the History panel (in the background).
    void loadHistory();
    // The chosen environment's backups, with Back Up Now.
    void showBackups();
    void showReleaseReport(); // Environment ▸ Release Report…
    // The alembic program chosen in File ▸ Alembic Program… (empty: $RETORT_ALEMBIC or PATH),
    // passed with every plan request.
    QString alembicProgram() const;
    // The newest step in the History panel was interrupted: offer to retry it or stamp (once per
    // step), after the user has inspected the schema.
    void offerInterruptedRecovery(QDockWidget *historyDock);
    // What changed in the selected revision's script since it was applied (audit trail diff).
    void showDrift();
    void updateMigrationActions();
    // Plans `action` (0 upgrade, 1 downgrade, 2 stamp: MigrationAction) to `target` on the chosen
    // environment; the controller shows the plan and runs it in a worker thread.
    void startMigration(int action, const QString &target);
    void appendLog(const QString &line);
    // The environment dialog for `name` ("" adds one); reloads the project after a save.
    void editEnvironment(const QString &name);
    // Removes the chosen environment from retort.toml, after asking.
    void removeEnvironment();
    // After a dialog wrote revision `id` to `path`: logs it, reloads, and selects it.
    void revisionWritten(const QString &id, const QString &path);
    // Revision ▸ New Revision from Differences… (native projects: the Compare window from the
    // heads to the chosen environment, whose Create Revision… opens the new-revision form with
    // the SQL) or Autogenerate… (Alembic projects: the project's alembic against the chosen
    // environment, on a worker, then its outcome).
    // `environment`: the one to compare with (empty: the chosen one); drift's Adopt passes it.
    void newRevisionFromDifferences(const QString &environment = {});
    void createRevisionFromDiff(const SchemaSnapshot &from, const SchemaSnapshot &to,
                                const std::vector<ConfirmedRename> &renames,
                                const QString &fromLabel, const QString &toLabel);
    void alembicAutogenerate(const QString &environment);
    void showAutogenerateOutcome(const AlembicAutogenerateOutcome &outcome,
                                 const QString &environment);
    // Puts `dir` first in the recent projects and rebuilds the File ▸ Open Recent menu.
    void rememberProject(const QString &dir);
    void updateRecentMenu();

    Ui::MainWindow *m_ui;
    RevisionListModel *m_model;
    ColumnFitter *m_columnFitter = nullptr; // the revision list's columns on a narrow window
    WorkspaceLoader *m_loader;
    QFileSystemWatcher *m_watcher;
    QTimer *m_refreshTimer; // single shot: restarted by every change, refreshes on timeout
    QLabel *m_revisionsLabel;
    QLabel *m_headsLabel;
    QLabel *m_environmentLabel; // the chosen environment's standing
    QString m_projectDir;
    QString m_releaseRef;                        // openRelease(): the ref shown, else ""
    std::shared_ptr<const ProjectAtRef> m_atRef; // keeps the extracted folder while it is shown
    QString m_selectedRevision;                  // kept across refresh()
    MigrationController *m_migrations = nullptr;
    QComboBox *m_environmentCombo = nullptr;
    EnvironmentPanel *m_environmentPanel = nullptr;
    DriftController *m_drift = nullptr; // the panel's Drift column (checked on request)
    HistoryPanel *m_history = nullptr;
    EnvironmentChecker *m_checker = nullptr;
    CredentialBroker *m_credentials = nullptr;
    quint64 m_checkGeneration = 0; // drops secrets gathered for an older check
    QElapsedTimer m_lastCheck;     // started by each checkEnvironments()
    int m_focusRecheckMs = focusRecheckMs;
    QPlainTextEdit *m_log = nullptr;
    QTabWidget *m_centralTabs = nullptr; // Revisions | Schema
    SchemaView *m_schemaView = nullptr;
    std::weak_ptr<const Workspace> m_lintedWorkspace; // whose lint the model holds
    SchemaMigrations *m_schemaMigrations = nullptr;
    QPointer<SchemaCompareDialog> m_compare; // Schema ▸ Compare… while open
    QProgressBar *m_progress = nullptr;
    QToolButton *m_cancelButton = nullptr;
    QAction *m_upgradeHeads = nullptr;
    QAction *m_downgradeOne = nullptr;
    QAction *m_upgradeHere = nullptr;
    QAction *m_downgradeHere = nullptr;
    QAction *m_stampHere = nullptr;
    QAction *m_newRevision = nullptr;
    QAction *m_newFromDifferences = nullptr;
    QAction *m_showDrift = nullptr;
    QAction *m_addEnvironment = nullptr;
    QAction *m_editEnvironment = nullptr;
    QAction *m_removeEnvironment = nullptr;
    QAction *m_backups = nullptr;
    QAction *m_releaseReport = nullptr;
    QAction *m_mergeHeads = nullptr;
    QSet<QString> m_offeredRecovery; // "<env>/<audit id>" of interrupted steps already offered
    QString m_pendingEnvironment;    // to choose after the next load (a saved environment)
    QString m_alembicProblem;        // why Alembic revisions cannot be applied ("" when they can)
    QMenu *m_recentMenu = nullptr;
};

} // namespace retort::gui
