// Lint with live facts: the offline findings of the plan, then what the database says.

#include "workflows/LintLive.h"

#include "graph/Plan.h"
#include "project/Workspace.h"

namespace retort {

Result<LiveLintReport> lintPlanLive(const Workspace &ws, const Environment &env,
                                    const ConnectionSecrets &secrets, const Plan &plan,
                                    const LiveLintOptions &options, const CancelToken *cancel)
{
    // First cut: offline findings for the environment's driver. Live facts are read by the
    // implementation that replaces this one.
    Q_UNUSED(secrets);
    Q_UNUSED(options);
    Q_UNUSED(cancel);
    auto levels = projectLintLevels(ws.project());
    if (!levels)
        return levels.error();
    LintOptions lint;
    lint.driver = env.driver;
    lint.levels = *levels;
    LiveLintReport out;
    out.report = lintPlan(plan, lint);
    return out;
}

} // namespace retort
