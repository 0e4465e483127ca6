#pragma once

#include "base/Background.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace retort {
class SchemaHistory;
class Workspace;
struct EnvironmentState;
} // namespace retort

namespace retort::gui {

class SchemaView;

// Ties a SchemaView to the project's migrations: its Migrations tab (the revisions whose upgrade
// touched the selected object, workflows/SchemaHistory.h) and its pending marks (objects the
// chosen environment's pending revisions change).
//
// The history is read for the chosen environment's driver on a worker thread (Background::run)
// when the view is shown after the project or the driver changed (never for a view nobody
// looks at); until it arrives the tab is empty and nothing is
// marked. Alembic revisions are first read from their op.* calls; then, when the alembic program
// is usable, from the SQL it renders for the driver (one offline run, seconds), which replaces
// that first reading. The pending revisions come from the environment's last checked state. GUI
// thread only.
class SchemaMigrations final : public QObject {
    Q_OBJECT

public:
    explicit SchemaMigrations(SchemaView *view);
    ~SchemaMigrations() override;

    // Follows environment `environment` of `workspace` (null: none).
    void setEnvironment(std::shared_ptr<const Workspace> workspace, const QString &environment);
    // Where the environment followed stands (ignored for another environment); null: unknown.
    void setState(const EnvironmentState *state);
    // The alembic program chosen in the window ("" : $RETORT_ALEMBIC, else alembic on PATH).
    void setAlembicProgram(const QString &program) { m_alembicProgram = program; }

    // The revisions marked as pending (tests).
    const QStringList &pending() const { return m_pending; }
    bool hasHistory() const { return m_history != nullptr; }

Q_SIGNALS:
    // A history for the current project and driver arrived (tests): read from the scripts
    // (`rendered` false), or from alembic's SQL.
    void historyReady(bool rendered);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Starts reading the history, if the project or driver changed since the last read.
    void build();
    void apply();
    void renderAlembicSql(quint64 generation);

    SchemaView *m_view;
    std::shared_ptr<const Workspace> m_workspace;
    QString m_environment;
    QString m_driver;
    QString m_alembicProgram;
    std::shared_ptr<const SchemaHistory> m_history;
    QStringList m_pending;
    quint64 m_generation = 0;
    bool m_needsBuild = false;
    std::optional<CancelToken> m_token;
};

} // namespace retort::gui
