#include "ActionAvailability.h"

#include "workflows/EnvironmentStatus.h"

#include <QCoreApplication>

namespace retort::gui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ActionAvailability", text);
}

bool isHere(MigrationCommand command)
{
    return command == MigrationCommand::UpgradeToHere ||
           command == MigrationCommand::DowngradeToHere || command == MigrationCommand::StampHere;
}

// Upgrade to Heads and Downgrade One Step: what the environment's standing says.
QString standingReason(MigrationCommand command, const MigrationFacts &facts)
{
    const EnvironmentState *state = facts.state;
    if (!state || state->reach == EnvironmentState::Reach::Unknown)
        return tr("%1 is being checked: Retort does not know yet where it stands.")
            .arg(facts.environment);
    if (state->reach == EnvironmentState::Reach::Unreachable || !state->error.isEmpty())
        return {};
    if (command == MigrationCommand::UpgradeToHeads && state->pending == 0)
        return tr("%1 is already at the heads: there is nothing to upgrade.")
            .arg(facts.environment);
    if (command == MigrationCommand::DowngradeOneStep && state->rows.isEmpty())
        return tr("%1 has no migration applied: there is nothing to downgrade.")
            .arg(facts.environment);
    return {};
}

} // namespace

QString whyDisabled(MigrationCommand command, const MigrationFacts &facts)
{
    if (!facts.hasProject)
        return tr("Open a project first.");
    if (facts.projectHasProblems)
        return tr("Fix the problems listed first: migrations are not run on a broken project.");
    if (facts.environment.isEmpty())
        return tr("The project has no environment: add one with Environment ▸ Add "
                  "Environment….");
    if (facts.busy)
        return tr("A migration is being planned or run: wait for it to finish, or cancel it.");
    if (!facts.alembicProblem.isEmpty() && command != MigrationCommand::StampHere)
        return tr("Applying Alembic revisions is disabled: %1. Set the program with File ▸ "
                  "Alembic Program….")
            .arg(facts.alembicProblem);
    if (isHere(command))
        return facts.hasSelection ? QString() : tr("Select a revision in the list first.");
    return standingReason(command, facts);
}

} // namespace retort::gui
