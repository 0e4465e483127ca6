#include "workflows/Planning.h"

#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "workflows/AlembicSql.h"
#include "workflows/EmptySteps.h"

#include <QRegularExpression>

#include <deque>
#include <memory>

namespace retort {

namespace {

Result<Plan> graphPlan(const RevisionGraph &graph, const QStringList &rows,
                       const PlanRequest &request)
{
    if (request.action == MigrationAction::Stamp)
        return graph.planStamp(rows, request.targets, request.purge);
    if (request.targets.size() != 1)
        return Error(QStringLiteral("%1 needs exactly one target").arg(actionName(request.action)))
            .as(ErrorKind::GraphProblem);
    return request.action == MigrationAction::Upgrade
               ? graph.planUpgrade(rows, request.targets.front())
               : graph.planDowngrade(rows, request.targets.front());
}

// The "FROM:TO" range alembic renders the whole plan with in one run; empty when there is none
// (a stamp, or several rows: alembic starts offline from one revision).
QString alembicRange(const QStringList &rows, const PlanRequest &request)
{
    if (!request.alembicRange.isEmpty())
        return request.alembicRange;
    if (request.action == MigrationAction::Stamp || rows.size() > 1 || request.targets.isEmpty())
        return {};
    return (rows.isEmpty() ? QStringLiteral("base") : rows.front()) + u':' +
           request.targets.front();
}

} // namespace

QString actionName(MigrationAction action)
{
    switch (action) {
    case MigrationAction::Upgrade:
        return QStringLiteral("upgrade");
    case MigrationAction::Downgrade:
        return QStringLiteral("downgrade");
    case MigrationAction::Stamp:
        return QStringLiteral("stamp");
    }
    Q_UNREACHABLE();
}

bool isReplannable(const PlanRequest &request)
{
    static const QRegularExpression relative(QStringLiteral("[+-]\\d"));
    return !relative.match(request.targets.join(u' ')).hasMatch();
}

Result<PlannedRun> makePlan(const Workspace &workspace, const QString &driver,
                            const QStringList &rows, const PlanRequest &request)
{
    Result<Plan> plan = graphPlan(workspace.graph(), rows, request);
    if (!plan) {
        Error e = plan.error();
        if (e.kind == ErrorKind::Unspecified)
            e.kind = ErrorKind::GraphProblem;
        return e;
    }
    PlannedRun out{std::move(*plan), {}};
    out.warnings = emptyStepWarnings(out.plan, driver);
    const PlanStep *python = firstPythonStep(out.plan);
    if (!python)
        return out;
    // Alembic (Python) revisions: their SQL comes from the project's own alembic, offline, and
    // then runs or prints through Retort's runner like native SQL.
    auto alembic = findAlembic(request.alembicProgram);
    if (!alembic) {
        if (request.allowUnrenderedAlembic) {
            out.warnings << alembic.error().message
                         << QStringLiteral("Alembic (Python) revisions: only the steps and the "
                                           "version table changes are rendered, not the "
                                           "operations of their upgrade()/downgrade()");
            return out;
        }
        return Error(pythonStepError(*python).message + QStringLiteral("; ") +
                         alembic.error().message,
                     python->script ? python->script->path : QString(), 0, python->revision)
            .as(ErrorKind::Io);
    }
    auto storage = std::make_shared<std::deque<Script>>();
    auto rendered = withAlembicSql(*alembic, workspace.project(), out.plan, driver,
                                   alembicRange(rows, request), storage.get());
    if (!rendered) {
        Error e = rendered.error();
        if (e.kind == ErrorKind::Unspecified)
            e.kind = ErrorKind::Io;
        return e;
    }
    out.plan = std::move(*rendered);
    out.plan.scriptStorage = std::move(storage);
    return out;
}

} // namespace retort
