#pragma once

#include "base/Background.h"

#include <QHash>
#include <QSet>
#include <QTreeWidget>

#include <memory>

namespace retort {
struct EnvironmentState;
struct ReleaseMap;
struct SchemaDriftReport;
class Workspace;
} // namespace retort

namespace retort::gui {

// The project's environments, one row each: name (with a lock when protected), driver, where it
// stands (its current revisions), how many migrations an upgrade to heads would run, and when it
// was last checked — or why it could not be read — and, once checked on request, whether its live
// schema drifted from what its revisions produce (Drift). In a git checkout with tags, the
// Release column says which release each environment is on ("v2.3.1", "v2.4.0-rc2 + 2"), from
// the release map read in the background on each refresh (setChecking); its tooltip compares the
// environment with the reference one ("2 ahead of production"). It only shows states; checking
// happens elsewhere (EnvironmentChecker, DriftController). Picking a row emits
// environmentActivated(). GUI thread only.
class EnvironmentPanel final : public QTreeWidget {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        DriverColumn,
        CurrentColumn,
        ReleaseColumn, // hidden unless the project is in a git checkout with tags
        PendingColumn,
        AtHeadsColumn,
        CheckedColumn,
        DriftColumn,   // empty until checked: "checking…", "none", "N differences" or why not
        ProblemColumn, // why the environment could not be read, or what is wrong with its rows
        Count
    };

    explicit EnvironmentPanel(QWidget *parent = nullptr);

    // One row per environment of `workspace` (none when null), all "checking…" until setState().
    // Rows of environments that remain keep their last state.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    // Shows `state` on its environment's row.
    void setState(const EnvironmentState &state);
    // Marks every row as being checked again (their last figures stay visible), and reads the
    // release map again in the background (releasesRead() when done).
    void setChecking();
    // The release map last read (null until one was), for the graph's tag markers.
    const std::shared_ptr<const ReleaseMap> &releases() const { return m_releases; }
    // The Drift cell: being checked (its last answer stays in the tooltip), checked (the
    // report's diff: expected → live, against its version rows; an accepted drift in a neutral
    // grey, "accepted (REASON)", who and when in the tooltip), or not checkable (`why` in a few
    // words, `error` in the tooltip).
    void setDriftChecking(const QString &name);
    void setDrift(const QString &name, const SchemaDriftReport &report);
    void setDriftUnchecked(const QString &name, const QString &why, const QString &error);

    // The workspace shown (null when none) and the current row's environment ("" when none).
    const std::shared_ptr<const Workspace> &workspace() const { return m_workspace; }
    QString currentEnvironment() const;

    // Makes `name`'s row current without emitting environmentActivated().
    void selectEnvironment(const QString &name);

    // The row of `name` (for tests and tooltips), or null.
    QTreeWidgetItem *itemFor(const QString &name) const;

Q_SIGNALS:
    void environmentActivated(const QString &name);
    // A release map was read (releases()); the Release cells show it.
    void releasesRead();

private:
    void readReleases();
    // The Release cells (and the column's visibility) from m_releases and m_applied; once per
    // turn of the event loop however many states arrive (a fleet's hundreds).
    void showReleases();
    void scheduleShowReleases();

    std::shared_ptr<const Workspace> m_workspace;
    bool m_selecting = false;
    std::shared_ptr<const ReleaseMap> m_releases;
    CancelToken m_releaseRead;
    bool m_releasesScheduled = false;
    // By environment: the revisions applied, for environments whose rows were read.
    QHash<QString, QSet<QString>> m_applied;
};

} // namespace retort::gui
