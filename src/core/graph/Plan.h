#pragma once

#include "base/Error.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace retort {

struct Script;

enum class Direction { Upgrade, Downgrade };

// One change to the `alembic_version` table, in the order Alembic makes them.
struct VersionOp {
    enum Kind { Insert, Update, Delete };
    Kind kind = Insert;
    QString from; // Update, Delete: the row's current value
    QString to;   // Insert, Update: the row's new value
    bool operator==(const VersionOp &) const = default;
};

// One step of a plan: run one revision's upgrade or downgrade section (or, for a stamp, no SQL),
// then change the version table by `versionOps`. The runner applies both in one transaction where
// the dialect allows it.
struct PlanStep {
    Direction direction = Direction::Upgrade;
    QString revision;          // the revision being upgraded to or downgraded away from
    QString message;           // the revision's message ("" for stamps)
    QStringList fromRevisions; // Alembic's "from" side of the log line (empty = <base>)
    QStringList toRevisions;   // Alembic's "to" side of the log line  (empty = <base>)
    std::vector<VersionOp> versionOps;
    const Script *script = nullptr; // null for a stamp step: only the version table changes
    bool stamp = false;

    // Alembic's short form, used in offline SQL comments: "upgrade a, b -> c",
    // "downgrade c -> a, b", "stamp_revision a -> b".
    QString shortLog() const
    {
        const QString name = stamp                             ? QStringLiteral("stamp_revision")
                             : direction == Direction::Upgrade ? QStringLiteral("upgrade")
                                                               : QStringLiteral("downgrade");
        return QStringLiteral("%1 %2 -> %3")
            .arg(name, fromRevisions.join(QStringLiteral(", ")),
                 toRevisions.join(QStringLiteral(", ")));
    }
    // Alembic's log form, printed as "Running <describe()>": the short form plus ", message"
    // when the revision has a message.
    QString describe() const
    {
        return message.isEmpty() ? shortLog() : shortLog() + QStringLiteral(", ") + message;
    }
};

// What a command will do: the ordered steps and the version rows before and after.
struct Plan {
    Direction direction = Direction::Upgrade;
    std::vector<PlanStep> steps;
    QStringList headsBefore; // alembic_version rows before the plan
    QStringList headsAfter;  // alembic_version rows after the plan
    bool purge = false;      // stamp --purge: delete every version row before the steps
    // Owns scripts that steps point to but the workspace does not hold (the SQL rendered by
    // alembic for Alembic revisions, see scripts/AlembicSql.h); shared by copies of the plan.
    std::shared_ptr<const void> scriptStorage;
};

// The first step of `plan` that would run an Alembic (Python) revision — not a stamp — or null.
// Retort never runs Python and an Alembic script has no SQL sections: a runner given such a plan
// must refuse it (pythonStepError) rather than move the version table without running anything.
const PlanStep *firstPythonStep(const Plan &plan);
// Why such a step cannot run, naming the revision and the file.
Error pythonStepError(const PlanStep &step);

} // namespace retort
