#include "workflows/EnvironmentStatus.h"

#include "db/VersionTable.h"
#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "workflows/MigrationJob.h"

#include <QThread>

namespace retort {

void computeEnvironmentState(const RevisionGraph &graph, EnvironmentState &state)
{
    state.current.clear();
    state.applied.assign(size_t(graph.size()), 0);
    state.pending = 0;
    state.atHeads = false;
    state.error.clear();

    std::vector<int> rowIndices;
    for (const QString &row : std::as_const(state.rows)) {
        const int i = graph.indexOf(row);
        if (i < 0) {
            state.error = QObject::tr("the version table names revision %1, which is not in the "
                                      "project (restore its script, or stamp the database)")
                              .arg(row);
            return;
        }
        rowIndices.push_back(i);
    }
    const RevisionSet applied = graph.ancestors(rowIndices, true);
    for (int i = 0; i < graph.size(); ++i)
        state.applied[size_t(i)] = applied.test(i) ? 1 : 0;

    auto current = graph.currentHeads(state.rows);
    if (current)
        state.current = graph.ids(*current);
    else
        state.error = current.error().message;

    auto plan = graph.planUpgrade(state.rows, QStringLiteral("heads"));
    if (plan) {
        state.pending = int(plan->steps.size());
        state.atHeads = state.error.isEmpty() && state.pending == 0;
    } else if (state.error.isEmpty()) {
        state.error = plan.error().message;
    }
}

EnvironmentChecker::EnvironmentChecker(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<EnvironmentState>();
}

EnvironmentChecker::~EnvironmentChecker() = default;

void EnvironmentChecker::check(std::shared_ptr<const Workspace> workspace,
                               const QStringList &environments,
                               const QHash<QString, ConnectionSecrets> &secrets)
{
    const quint64 generation = ++m_generation;
    m_running = 0;
    if (!workspace) {
        Q_EMIT allChecked();
        return;
    }
    std::vector<Environment> targets;
    for (const Environment &env : workspace->project().environments)
        if (environments.isEmpty() || environments.contains(env.name))
            targets.push_back(env);
    if (targets.empty()) {
        Q_EMIT allChecked();
        return;
    }

    for (const Environment &env : targets) {
        auto result = std::make_shared<EnvironmentState>();
        result->environment = env.name;
        // The thread object is not parented to the checker: it must outlive it if the check is
        // still running when the checker goes (deleting a running QThread aborts).
        QThread *thread =
            QThread::create([workspace, env, result, secret = secrets.value(env.name)] {
                auto rows = readHeads(env, workspace->project().versionTableName(), secret);
                result->checkedAt = QDateTime::currentDateTime();
                if (!rows) {
                    result->reach = EnvironmentState::Reach::Unreachable;
                    result->error = rows.error().message;
                    return;
                }
                result->reach = EnvironmentState::Reach::Reached;
                result->rows = *rows;
                computeEnvironmentState(workspace->graph(), *result);
                // Edited scripts need the audit trail; a database without one reports none.
                if (!rows->isEmpty())
                    if (auto drift = checkScriptDrift(*workspace, env, secret); drift)
                        result->drift = std::move(*drift);
            });
        thread->setObjectName(QStringLiteral("check %1").arg(env.name));
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        connect(thread, &QThread::finished, this, [this, generation, result] {
            if (generation != m_generation)
                return;
            --m_running;
            Q_EMIT stateReady(*result);
            if (m_running == 0)
                Q_EMIT allChecked();
        });
        ++m_running;
        thread->start();
    }
}

} // namespace retort
