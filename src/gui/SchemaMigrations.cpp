#include "SchemaMigrations.h"

#include "SchemaView.h"

#include "project/Workspace.h"

#include "workflows/EnvironmentStatus.h"
#include "workflows/SchemaHistory.h"

#include <QDir>
#include <QEvent>

#include <algorithm>

namespace retort::gui {

SchemaMigrations::SchemaMigrations(SchemaView *view) : QObject(view), m_view(view)
{
    m_view->installEventFilter(this);
}

bool SchemaMigrations::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Show && m_needsBuild)
        build();
    return QObject::eventFilter(watched, event);
}

SchemaMigrations::~SchemaMigrations()
{
    if (m_token)
        m_token->cancel();
}

void SchemaMigrations::setEnvironment(std::shared_ptr<const Workspace> workspace,
                                      const QString &environment)
{
    QString driver;
    if (workspace) {
        if (auto env = workspace->environment(environment))
            driver = (*env)->driver;
    }
    const bool sameHistory = workspace == m_workspace && driver == m_driver;
    if (environment != m_environment)
        m_pending.clear();
    m_workspace = std::move(workspace);
    m_environment = environment;
    if (sameHistory) {
        apply();
        return;
    }
    m_driver = driver;
    m_history.reset();
    if (m_token)
        m_token->cancel();
    m_token.reset();
    ++m_generation;
    apply();
    m_needsBuild = m_workspace && !m_driver.isEmpty();
    if (m_view->isVisible())
        build();
}

void SchemaMigrations::build()
{
    if (!m_needsBuild)
        return;
    m_needsBuild = false;
    const quint64 generation = m_generation;
    m_token = Background::run(
        this,
        [ws = m_workspace, driver = m_driver](const CancelToken &cancel) {
            return SchemaHistory::build(*ws, driver, &cancel);
        },
        [this, generation](Result<SchemaHistory> history) {
            if (generation != m_generation)
                return; // superseded by another project or driver
            m_token.reset();
            if (!history)
                return; // an unknown driver or a cancel: no history, nothing marked
            m_history = std::make_shared<const SchemaHistory>(std::move(*history));
            apply();
            Q_EMIT historyReady(false);
            renderAlembicSql(generation);
        });
}

void SchemaMigrations::renderAlembicSql(quint64 generation)
{
    const auto &scripts = m_workspace->scripts();
    if (std::none_of(scripts.begin(), scripts.end(), [](const Script &s) { return s.isPython(); }))
        return;
    auto alembic = findAlembic(m_alembicProgram);
    if (!alembic)
        return; // the op.* reading stays
    m_token = Background::run(
        this,
        [ws = m_workspace, driver = m_driver,
         alembic = *alembic](const CancelToken &cancel) -> Result<SchemaHistory> {
            auto sql = renderAllUpgrades(alembic, ws->project(), driver);
            if (!sql)
                return sql.error();
            return SchemaHistory::build(*ws, driver, &cancel, &*sql);
        },
        [this, generation](Result<SchemaHistory> history) {
            if (generation != m_generation)
                return;
            m_token.reset();
            if (!history)
                return; // alembic could not render (e.g. env.py imports the app): op.* stays
            m_history = std::make_shared<const SchemaHistory>(std::move(*history));
            apply();
            Q_EMIT historyReady(true);
        });
}

void SchemaMigrations::setState(const EnvironmentState *state)
{
    QStringList pending;
    if (state && state->environment == m_environment &&
        state->reach == EnvironmentState::Reach::Reached && m_workspace) {
        // `upgrade heads` runs every revision not applied there.
        const RevisionGraph &graph = m_workspace->graph();
        for (int i = 0; i < graph.size(); ++i)
            if (!state->isApplied(i))
                pending.append(graph.at(i).id);
    } else if (state && state->environment != m_environment) {
        return;
    }
    if (pending == m_pending)
        return;
    m_pending = pending;
    apply();
}

void SchemaMigrations::apply()
{
    if (!m_history) {
        m_view->setMigrationsLookup({});
        m_view->setPendingMarks({});
        m_view->setPlannedObjects({});
        return;
    }
    std::shared_ptr<const SchemaHistory> history = m_history;
    const QDir root(m_workspace ? m_workspace->project().root : QString());
    m_view->setMigrationsLookup([history, root](const QString &schema, const QString &name) {
        std::vector<SchemaObjectMigration> rows;
        for (const ObjectTouch &t : history->touchesOf(schema, name)) {
            QString action = touchActionName(t.action);
            if (!t.object.isEmpty() && t.object.compare(name, Qt::CaseInsensitive) != 0)
                action += QStringLiteral(" %1 %2").arg(t.kind, t.object);
            rows.push_back({t.revision, t.message, action, t.statement,
                            t.line > 0 ? QStringLiteral("%1:%2").arg(t.file).arg(t.line) : t.file});
        }
        return rows;
    });
    std::vector<SchemaTreeModel::PlannedObject> planned;
    for (const SchemaHistory::Creation &c : m_history->createdBy(m_pending))
        planned.push_back({c.schema, c.touch.object, c.touch.kind, c.touch.revision,
                           c.touch.message, c.touch.statement});
    m_view->setPlannedObjects(std::move(planned));
    if (m_pending.isEmpty()) {
        m_view->setPendingMarks({});
        return;
    }
    m_view->setPendingMarks(
        [history, pending = m_pending](const QString &schema, const QString &name) {
            return history->touchedBy(pending, schema, name);
        });
}

} // namespace retort::gui
