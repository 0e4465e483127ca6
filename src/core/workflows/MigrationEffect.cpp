#include "workflows/MigrationEffect.h"

#include "project/Workspace.h"

namespace retort {

Result<MigrationEffect> migrationEffect(const Workspace &ws, const QString &revision,
                                        const QString &driver, const ExpectedSchemaOptions &options,
                                        const CancelToken *cancel)
{
    const RevisionGraph &g = ws.graph();
    auto index = g.resolveOne(revision);
    if (!index)
        return index.error();
    if (*index < 0)
        return Error(QStringLiteral("'%1' is base: it changes nothing").arg(revision));
    const Revision &r = g.at(*index);
    MigrationEffect effect;
    effect.revision = r.id;
    // Before: its parents and dependencies upgraded, so the upgrade to it adds only itself.
    QStringList parents = g.ids(r.allDown);
    if (parents.isEmpty())
        parents = QStringList{QStringLiteral("base")};
    auto before = expectedSchema(ws, parents, driver, options, cancel);
    if (!before)
        return before.error();
    auto after = expectedSchema(ws, QStringList{r.id}, driver, options, cancel);
    if (!after)
        return after.error();
    ExpectedSchemaOptions back = options;
    // Undo it: down to its first parent, then up again to the others (a merge's other branches,
    // its dependencies), whose own downgrades and upgrades run on the way.
    back.thenDowngrade = parents.front();
    back.thenUpgrade = parents.mid(1);
    auto roundTrip = expectedSchema(ws, QStringList{r.id}, driver, back, cancel);
    if (!roundTrip)
        return roundTrip.error();
    effect.before = std::move(*before);
    effect.after = std::move(*after);
    effect.roundTrip = std::move(*roundTrip);
    effect.upgrade = diffSchemas(effect.before, effect.after);
    effect.leftover = diffSchemas(effect.before, effect.roundTrip);
    return effect;
}

} // namespace retort
