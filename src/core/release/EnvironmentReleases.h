#pragma once

#include "release/GitReleases.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

class RevisionGraph;
struct EnvironmentState;

// Which release each environment is on, and how environments compare, for `status` and the
// Environments panel: "production: v2.3.1", "staging: v2.4.0-rc2, 2 ahead of production".

// The revision ids applied to a database (its current rows and all their ancestors, depends_on
// included), from the state's per-index `applied` flags. Empty when the database was not read.
QSet<QString> appliedRevisions(const RevisionGraph &graph, const EnvironmentState &state);

// One environment as compared: its applied set and the release that set amounts to.
struct EnvironmentPosition {
    QString environment;
    bool isProtected = false;
    bool known = false; // its rows were read (else it takes no part in comparisons)
    QSet<QString> applied;
    EnvironmentRelease release;
};

// The environment the others are compared to: the first protected one whose rows are known,
// else the known one with the fewest revisions applied (the first on a tie). "" when none.
QString referenceEnvironment(const std::vector<EnvironmentPosition> &positions);

// "staging: v2.4.0-rc2, 2 ahead of production": one line for each known environment whose
// applied set differs from the reference's. "Ahead" counts revisions applied there and not on
// the reference, "behind" the reverse ("1 ahead of and 2 behind production"). No line without
// releases (`map` unavailable or without tags) or with fewer than two known environments.
QStringList compareEnvironments(const ReleaseMap &map,
                                const std::vector<EnvironmentPosition> &positions);

} // namespace retort
