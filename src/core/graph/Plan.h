#pragma once

#include <QString>
#include <QStringList>

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

    // Alembic's log form: "upgrade a, b -> c, message" / "downgrade c -> a, b, message".
    QString describe() const
    {
        const QString dir = direction == Direction::Upgrade ? QStringLiteral("upgrade")
                                                            : QStringLiteral("downgrade");
        QString s = QStringLiteral("%1 %2 -> %3").arg(dir, fromRevisions.join(QStringLiteral(", ")),
                                                      toRevisions.join(QStringLiteral(", ")));
        if (!stamp)
            s += QStringLiteral(", ") + message;
        return s;
    }
};

// What a command will do: the ordered steps and the version rows before and after.
struct Plan {
    Direction direction = Direction::Upgrade;
    std::vector<PlanStep> steps;
    QStringList headsBefore; // alembic_version rows before the plan
    QStringList headsAfter;  // alembic_version rows after the plan
};

} // namespace retort
