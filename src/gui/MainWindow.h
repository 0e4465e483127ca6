#pragma once

#include <QMainWindow>
#include <QString>

#include <memory>
#include <vector>

class QLabel;

namespace Ui {
class MainWindow;
}

namespace retort {
struct Error;
class Workspace;
} // namespace retort

namespace retort::gui {

class RevisionListModel;
class WorkspaceLoader;

// The main window: the revisions of one project, its problems, and the project actions. Layout
// lives in forms/MainWindow.ui; this class wires actions to the WorkspaceLoader and shows what it
// delivers. GUI thread only; it never reads the disk itself (loading runs in a worker thread).
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts loading the project in `dir` (a folder holding retort.toml, or the file) and returns
    // at once; the window shows a loading state until projectLoaded() or projectFailed().
    void openProject(const QString &dir);
    // The project folder last asked for (loaded or loading); empty when none.
    QString projectDir() const { return m_projectDir; }
    bool isLoading() const;
    const RevisionListModel *revisionModel() const { return m_model; }

    // The last project opened successfully (QSettings), or empty.
    static QString lastProject();

public Q_SLOTS:
    // Reloads the current project from disk, keeping the current revision selected.
    void refresh();

Q_SIGNALS:
    void projectLoaded();
    void projectFailed();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void chooseProject();
    void showAbout();
    void onLoaded(const QString &dir, std::shared_ptr<const Workspace> workspace);
    void onFailed(const QString &dir, const Error &error);
    // Shows the message page (instead of the revisions): a title, a line of detail, and
    // optionally the "Open Project…" button.
    void showMessage(const QString &title, const QString &detail, bool showOpenButton);
    void setProblems(const std::vector<Error> &problems, const QString &root);
    void updateStatus();
    void setupRevisionView();
    void restoreSettings();
    void saveSettings() const;

    Ui::MainWindow *m_ui;
    RevisionListModel *m_model;
    WorkspaceLoader *m_loader;
    QLabel *m_revisionsLabel;
    QLabel *m_headsLabel;
    QString m_projectDir;
    QString m_selectedRevision; // kept across refresh()
};

} // namespace retort::gui
