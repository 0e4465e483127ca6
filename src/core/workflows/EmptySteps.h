#pragma once

#include "graph/Plan.h"

#include <QString>
#include <QStringList>

namespace retort {

struct Script;

// Whether `script`'s section for `direction` and `driver` (its driver-qualified section, else the
// plain one; "" or an unknown driver: the plain one, split as SQLite) holds no statement — only
// whitespace and comments, or nothing at all. Applying such a step only moves the version table,
// which is rarely what its author meant. False for Alembic (Python) scripts, whose SQL is
// rendered by alembic, and for merge revisions (several parents), empty by nature. Pure.
bool hasEmptySection(const Script &script, Direction direction, const QString &driver);

// One line per step of `plan` that would run an empty section (hasEmptySection; stamps run
// nothing and are left out), naming the script and the section's line: "upgrade 3f2a9c1b7d40
// (/p/versions/3f2a9c1b7d40_x.sql:12): the upgrade section is empty: applying it only moves the
// version table". makePlan puts them in PlannedRun::warnings; a window showing a plan should
// show them too. Pure.
QStringList emptyStepWarnings(const Plan &plan, const QString &driver);

} // namespace retort
