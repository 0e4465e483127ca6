#pragma once

#include "base/Error.h"
#include "graph/Plan.h"

#include <QString>
#include <QStringList>

namespace retort {

class Workspace;

// What the user asked for; decides how a plan is made and what the front ends call the action
// (an empty stamp plan and an empty upgrade plan look the same otherwise).
enum class MigrationAction { Upgrade, Downgrade, Stamp };

// A request for a plan, the same from the window and the command line.
struct PlanRequest {
    MigrationAction action = MigrationAction::Upgrade;
    // One target for upgrade and downgrade (an id, "heads", "base", "-1", "label@head"...); one
    // or more for a stamp.
    QStringList targets;
    bool purge = false; // stamp --purge
    // Alembic (Python) revisions: the alembic program that renders their SQL (a path or a name
    // on PATH; empty: $RETORT_ALEMBIC, else `alembic` on PATH — see findAlembic()).
    QString alembicProgram{};
    // Offline (--sql) only: alembic's "FROM:TO" range for the whole plan, when the user gave
    // one; empty: derived from the rows.
    QString alembicRange{};
    // Offline only: without a usable alembic, render Alembic steps as their version-table
    // changes only (PlannedRun::warnings says so) instead of failing.
    bool allowUnrenderedAlembic = false;
};

// A plan ready to run or print, and what the planner wants the user to know about it.
struct PlannedRun {
    Plan plan;
    QStringList warnings; // e.g. that alembic was not found and Python steps show no SQL
};

// The plan for `request` from the version rows `rows` (Plan::headsBefore = rows). Steps of Alembic
// (Python) revisions get their SQL from the project's alembic in offline mode (held by
// Plan::scriptStorage), so Retort's own runner executes them; without alembic the plan fails
// with the reason (unless allowUnrenderedAlembic). Errors: the graph's (unknown revision, multiple
// heads, ...) with ErrorKind::GraphProblem, alembic's own with ErrorKind::Io.
// Blocking when the plan has Alembic steps (runs alembic): a worker thread or the CLI.
Result<PlannedRun> makePlan(const Workspace &workspace, const QString &driver,
                            const QStringList &rows, const PlanRequest &request);

// Whether `request` may be planned again from other rows once the run lock is held: targets that
// name revisions (ids, heads, base, labels) can; relative ones (+N, -N) cannot — they were
// relative to the rows the user saw. Pure.
bool isReplannable(const PlanRequest &request);

// "upgrade" | "downgrade" | "stamp". Pure.
QString actionName(MigrationAction action);

} // namespace retort
