#include "workflows/EnvironmentStatus.h"

#include "base/Background.h"
#include "db/VersionTable.h"
#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "workflows/MigrationJob.h"

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
            for (const LeftOutRevision &r : graph.leftOut())
                if (r.id == row)
                    state.error = QObject::tr("the version table names revision %1, which is "
                                              "not in the revision graph (%2)")
                                      .arg(row, r.reason);
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

EnvironmentState readEnvironmentState(const Workspace &workspace, const Environment &env,
                                      const ConnectionSecrets &secret)
{
    EnvironmentState state;
    state.environment = env.name;
    auto rows = readHeads(env, workspace.project().versionTableName(), secret);
    state.checkedAt = QDateTime::currentDateTime();
    if (!rows) {
        state.reach = EnvironmentState::Reach::Unreachable;
        state.error = rows.error().message;
        return state;
    }
    state.reach = EnvironmentState::Reach::Reached;
    state.rows = *rows;
    computeEnvironmentState(workspace.graph(), state);
    // Edited scripts need the audit trail; a database without one reports none.
    if (!rows->isEmpty())
        if (auto drift = checkScriptDrift(workspace, env, secret); drift)
            state.drift = std::move(*drift);
    return state;
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

    // Counted before any task starts: a result may come back inside Background::run (Qt 6.4
    // runs a continuation at once when the work has already finished).
    m_running = int(targets.size());
    for (const Environment &env : targets) {
        Background::run(
            this,
            [workspace, env, secret = secrets.value(env.name)](const CancelToken &) {
                return readEnvironmentState(*workspace, env, secret);
            },
            [this, generation](const EnvironmentState &state) {
                if (generation != m_generation)
                    return;
                --m_running;
                Q_EMIT stateReady(state);
                if (m_running == 0)
                    Q_EMIT allChecked();
            });
    }
}

} // namespace retort
