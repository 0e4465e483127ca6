#include "workflows/EmptySteps.h"

#include "db/Dialect.h"
#include "db/StatementSplitter.h"
#include "scripts/Script.h"

namespace retort {

bool hasEmptySection(const Script &script, Direction direction, const QString &driver)
{
    if (script.isPython() || script.downRevisions.size() > 1)
        return false;
    const ScriptSection &section =
        direction == Direction::Upgrade ? script.upgradeFor(driver) : script.downgradeFor(driver);
    if (section.sql.trimmed().isEmpty())
        return true;
    const Result<Dialect> dialect = Dialect::forDriver(driver);
    return splitStatements(section.sql, dialect ? *dialect : Dialect::sqlite()).empty();
}

QStringList emptyStepWarnings(const Plan &plan, const QString &driver)
{
    QStringList warnings;
    for (const PlanStep &step : plan.steps) {
        if (step.stamp || !step.script || !hasEmptySection(*step.script, step.direction, driver))
            continue;
        const bool up = step.direction == Direction::Upgrade;
        const QString direction = up ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
        const ScriptSection &section =
            up ? step.script->upgradeFor(driver) : step.script->downgradeFor(driver);
        const QString where =
            section.present()
                ? QStringLiteral("%1:%2").arg(step.script->path).arg(section.firstLine)
                : step.script->path;
        warnings.append(QStringLiteral("%1 %2 (%3): the %1 section is empty: applying it only "
                                       "moves the version table")
                            .arg(direction, step.revision, where));
    }
    return warnings;
}

} // namespace retort
