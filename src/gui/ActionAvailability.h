#pragma once

#include <QString>

namespace retort {
struct EnvironmentState;
}

namespace retort::gui {

// The window's migration commands (toolbar, Migrate menu, the list's context menu).
enum class MigrationCommand {
    UpgradeToHeads,
    DowngradeOneStep,
    UpgradeToHere,
    DowngradeToHere,
    StampHere
};

// What decides whether a migration command may start now, as the window knows it.
struct MigrationFacts {
    bool hasProject = false;
    bool projectHasProblems = false; // scripts or graph problems: nothing runs
    QString environment;             // the chosen environment; empty: the project has none
    bool busy = false;               // a plan is being made or run
    QString alembicProblem;          // why Alembic revisions cannot be applied; "" when they can
    bool hasSelection = false;       // a revision is selected in the list
    // The chosen environment's last check; null or Reach::Unknown while not checked yet.
    const EnvironmentState *state = nullptr;
};

// Why `command` cannot start now, in words for its tooltip and the status bar ("" when it can).
// The first reason that applies wins, in this order: no project, problems, no environment, a
// run in progress, Alembic missing (not for a stamp, which runs nothing), no revision selected
// (the "Here" commands); then, for Upgrade to Heads and Downgrade One Step, which only make sense
// once Retort knows where the environment stands: not checked yet, already at the heads, nothing
// applied. An environment that could not be read leaves them enabled: the run itself asks for a
// password or says what is wrong. Pure.
QString whyDisabled(MigrationCommand command, const MigrationFacts &facts);

} // namespace retort::gui
