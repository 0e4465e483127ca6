#include "graph/Plan.h"

#include "scripts/Script.h"

namespace retort {

const PlanStep *firstPythonStep(const Plan &plan)
{
    for (const PlanStep &step : plan.steps)
        if (!step.stamp && step.script && step.script->isPython())
            return &step;
    return nullptr;
}

Error pythonStepError(const PlanStep &step)
{
    return Error(QStringLiteral("%1 is an Alembic (Python) revision: Retort does not run Python "
                                "migrations itself, and their SQL must come from the alembic "
                                "command (offline mode); nothing was run")
                     .arg(step.revision),
                 step.script ? step.script->path : QString(), 0, step.revision);
}

} // namespace retort
