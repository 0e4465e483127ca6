// downgrade-does-not-restore: each revision's upgrade and downgrade replayed, the leftover diffed.

#include "workflows/LintRoundTrip.h"

#include "db/StatementSplitter.h"
#include "project/Workspace.h"
#include "workflows/MigrationEffect.h"

#include <QJsonArray>

namespace retort {

namespace {

// Whether a native script's upgrade section for `driver` has a statement.
bool upgradeDoesSomething(const Script &script, const QString &driver)
{
    if (script.isPython())
        return true; // only alembic knows; the replay tells
    const ScriptSection &up = script.upgradeFor(driver);
    auto dialect = Dialect::forDriver(driver);
    return up.present() && dialect && !splitStatements(up.sql, *dialect).empty();
}

} // namespace

bool canLintRoundTrips(const QString &driver, const ExpectedSchemaOptions &replay)
{
    if (driver == u"sqlite")
        return true;
    return replay.scratch && replay.scratch->environment.driver == driver;
}

RoundTripLint lintRoundTrips(const Workspace &ws, const QStringList &revisions,
                             const LintOptions &options, const ExpectedSchemaOptions &replay,
                             const CancelToken *cancel)
{
    RoundTripLint out;
    const QString rule = QStringLiteral("downgrade-does-not-restore");
    if (const auto it = options.levels.constFind(rule);
        it != options.levels.constEnd() && *it == LintLevel::Off)
        return out;
    if (!canLintRoundTrips(options.driver, replay)) {
        out.notes.append(QStringLiteral("%1 is not checked for %2: the project has no scratch "
                                        "server for it (replay.scratch in retort.toml)")
                             .arg(rule, options.driver));
        return out;
    }
    for (const QString &id : revisions) {
        if (cancel && cancel->isCancelled())
            break;
        const Script *script = ws.script(id);
        if (!script || script->downRevisions.size() > 1 ||
            !upgradeDoesSomething(*script, options.driver))
            continue;
        if (!script->isPython()) {
            const ScriptSection &down = script->downgradeFor(options.driver);
            auto dialect = Dialect::forDriver(options.driver);
            if (!down.present() || !dialect || splitStatements(down.sql, *dialect).empty())
                continue; // missing-downgrade says it
        }
        Result<MigrationEffect> effect = migrationEffect(ws, id, options.driver, replay, cancel);
        if (!effect) {
            if (effect.error().kind == ErrorKind::Cancelled)
                break;
            out.notes.append(
                QStringLiteral("%1 not checked for %2: %3").arg(rule, id, effect.error().message));
            continue;
        }
        ++out.checked;
        if (effect->downgradeRestores())
            continue;
        QJsonArray leftover;
        QStringList what;
        for (const SchemaChange &c : effect->leftover.changes) {
            leftover.append(c.summary);
            what.append(c.summary);
        }
        QJsonObject facts;
        facts[QStringLiteral("leftover")] = leftover;
        facts[QStringLiteral("replayed_on")] = options.driver;
        const int shown = 3;
        QString message =
            QStringLiteral("after %1's upgrade and downgrade the schema still differs: %2")
                .arg(id, what.mid(0, shown).join(QStringLiteral("; ")));
        if (what.size() > shown)
            message += QStringLiteral(" (and %1 more)").arg(what.size() - shown);
        if (auto f = lintSectionFinding(*script, QStringLiteral("downgrade"), rule, message,
                                        options, facts))
            out.findings.push_back(std::move(*f));
    }
    return out;
}

} // namespace retort
