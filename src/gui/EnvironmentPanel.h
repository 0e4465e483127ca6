#pragma once

#include <QTreeWidget>

#include <memory>

namespace retort {
struct EnvironmentState;
class Workspace;
} // namespace retort

namespace retort::gui {

// The project's environments, one row each: name (with a lock when protected), driver, where it
// stands (its current revisions), how many migrations an upgrade to heads would run, and when it
// was last checked — or why it could not be read. It only shows states; checking happens
// elsewhere (EnvironmentChecker). Picking a row emits environmentActivated(). GUI thread only.
class EnvironmentPanel final : public QTreeWidget {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        DriverColumn,
        CurrentColumn,
        PendingColumn,
        AtHeadsColumn,
        CheckedColumn,
        ProblemColumn, // why the environment could not be read, or what is wrong with its rows
        Count
    };

    explicit EnvironmentPanel(QWidget *parent = nullptr);

    // One row per environment of `workspace` (none when null), all "checking…" until setState().
    // Rows of environments that remain keep their last state.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    // Shows `state` on its environment's row.
    void setState(const EnvironmentState &state);
    // Marks every row as being checked again (their last figures stay visible).
    void setChecking();
    // Makes `name`'s row current without emitting environmentActivated().
    void selectEnvironment(const QString &name);

    // The row of `name` (for tests and tooltips), or null.
    QTreeWidgetItem *itemFor(const QString &name) const;

Q_SIGNALS:
    void environmentActivated(const QString &name);

private:
    std::shared_ptr<const Workspace> m_workspace;
    bool m_selecting = false;
};

} // namespace retort::gui
