// retort-cli diff A B: the differences between two schemas (schema/SchemaDiff.h), each read from
// an environment, a snapshot file or the revisions that produce it (replayed into a scratch
// database, workflows/ExpectedSchema.h). Formatting only.

#include "Cli.h"
#include "CliOptions.h"

#include "project/Workspace.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaJson.h"
#include "workflows/ExpectedSchema.h"
#include "workflows/MigrationEffect.h"
#include "workflows/SchemaDrift.h"
#include "workflows/SchemaInspection.h"
#include "workflows/SchemaSource.h"

#include <QJsonDocument>

#include <algorithm>

namespace retort {

ExpectedSchemaOptions Cli::replayOptions(const QString &driver)
{
    const Environment *scratch = m_ws->project().scratchEnvironment();
    return schemaReplayOptions(m_ws->project(), driver,
                               scratch && driver != u"sqlite" ? secretsFor(*scratch)
                                                              : ConnectionSecrets{});
}

Result<SchemaSnapshot> Cli::replaySchema(const QStringList &targets, const QString &driver)
{
    if (!m_ws)
        if (auto st = loadWorkspace(false); !st)
            return st.error();
    const ExpectedSchemaOptions options = replayOptions(driver);
    Result<SchemaSnapshot> snapshot = expectedSchema(*m_ws, targets, driver, options);
    if (!snapshot && options.scratch)
        return withAdvice(options.scratch->environment, snapshot.error()).error();
    return snapshot;
}

Result<SchemaSnapshot> Cli::resolveSchemaSource(const QString &spec, const QString &driver)
{
    Result<SchemaSource> source = parseSchemaSource(spec);
    if (!source)
        return source.error();
    if (source->kind == SchemaSource::Kind::File) // no project needed
        return readSnapshotSource(*source);
    if (!m_ws)
        if (auto st = loadWorkspace(false); !st)
            return st.error();
    switch (source->kind) {
    case SchemaSource::Kind::Revisions: {
        // @REV, @heads, @a,b: the schema upgrading an empty database to them produces, for the
        // driver of the other side (or of --env / the default environment).
        QString replayDriver = driver;
        if (replayDriver.isEmpty()) {
            auto env = environment();
            if (!env)
                return env.error();
            replayDriver = (*env)->driver;
        }
        return replaySchema(source->targets, replayDriver);
    }
    case SchemaSource::Kind::File:
    case SchemaSource::Kind::Environment:
        break;
    }
    auto env = m_ws->environment(source->name);
    if (!env) // readSchemaSource words it
        return readSchemaSource(*m_ws, *source, driver, {}, {});
    Result<SchemaSnapshot> snapshot =
        readSchemaSource(*m_ws, *source, driver, secretsFor(**env), {});
    if (!snapshot)
        return withAdvice(**env, snapshot.error()).error();
    return snapshot;
}

Result<SchemaDriftReport> Cli::schemaDriftOf(const Environment &env, SchemaDriftStep *step)
{
    const ExpectedSchemaOptions options = replayOptions(env.driver);
    SchemaDriftStep failedAt = SchemaDriftStep::Rows;
    Result<SchemaDriftReport> report =
        retort::checkSchemaDrift(*m_ws, env, secretsFor(env), options, nullptr, &failedAt);
    if (step)
        *step = failedAt;
    if (report)
        return report;
    if (failedAt == SchemaDriftStep::Expected && options.scratch)
        return withAdvice(options.scratch->environment, report.error()).error();
    if (failedAt == SchemaDriftStep::Expected)
        return report;
    return withAdvice(env, report.error()).error();
}

Status Cli::checkSchemaDrift(const Environment &env)
{
    Result<SchemaDriftReport> report = schemaDriftOf(env);
    if (!report)
        return report.error();
    const QString rows =
        report->rows.isEmpty() ? QStringLiteral("none") : report->rows.join(QStringLiteral(", "));
    const SchemaDiff &diff = report->diff;
    if (diff.empty()) {
        if (!m_opt->json)
            m_out << "OK: " << env.name << ": the schema is what its revisions (" << rows
                  << ") produce\n";
        return {};
    }
    if (m_opt->json)
        m_out << QJsonDocument(diff.toJson()).toJson(QJsonDocument::Indented);
    else
        m_out << diff.toText();
    return Error(QStringLiteral("%1: the schema drifted from what its revisions (%2) produce: %3 "
                                "difference(s) (left: expected, right: live)")
                     .arg(env.name, rows)
                     .arg(diff.changes.size()));
}

Status Cli::showEffect(const QString &revision, const QString &driver)
{
    Result<MigrationEffect> effect =
        migrationEffect(*m_ws, revision, driver, replayOptions(driver));
    if (!effect)
        return effect.error();
    m_out << "Effect on an empty " << driver << " database (replayed):\n";
    m_out << (effect->upgrade.empty() ? QStringLiteral("  no schema change\n")
                                      : effect->upgrade.toText());
    if (effect->downgradeRestores())
        m_out << "Downgrade restores the schema exactly: yes\n";
    else
        m_out << "Downgrade restores the schema exactly: no; it leaves "
              << effect->leftover.changes.size() << " difference(s):\n"
              << effect->leftover.toText();
    return {};
}

Status Cli::checkRoundTrip(const QString &driver)
{
    const RevisionGraph &g = m_ws->graph();
    QStringList failing;
    int checked = 0;
    // Oldest first: a revision's "before" is its parents' "after", already replayed (cached).
    std::vector<int> order(size_t(g.size()));
    for (int i = 0; i < g.size(); ++i)
        order[size_t(i)] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return g.at(a).level < g.at(b).level; });
    for (int i : order) {
        const QString id = g.at(i).id;
        Result<MigrationEffect> effect = migrationEffect(*m_ws, id, driver, replayOptions(driver));
        ++checked;
        if (!effect) {
            failing << QStringLiteral("%1: %2").arg(id, effect.error().toString());
            continue;
        }
        if (!effect->downgradeRestores()) {
            QStringList what;
            for (const SchemaChange &c : effect->leftover.changes)
                what << c.summary;
            failing << QStringLiteral(
                           "%1: after its upgrade and downgrade the schema still differs: %2")
                           .arg(id, what.join(QStringLiteral("; ")));
        }
    }
    if (failing.isEmpty()) {
        m_out << "OK: every downgrade of the " << checked << " revision(s) restores the " << driver
              << " schema its upgrade started from\n";
        return {};
    }
    return Error(QStringLiteral("%1 of %2 revision(s) do not round-trip on %3:\n  %4")
                     .arg(failing.size())
                     .arg(checked)
                     .arg(driver, failing.join(QStringLiteral("\n  "))));
}

Status Cli::cmdDiff(const CommandArgs &args)
{
    const QStringList sources = args.operands();
    if (sources.size() != 2)
        return Error(QStringLiteral("diff takes two schemas, A and B (an environment, a "
                                    "snapshot file or @REV); got %1")
                         .arg(sources.size()));
    // A replayed side (@REV) takes the other side's driver: read that one first.
    const bool replayFirst = sources[0].startsWith(u'@') && !sources[1].startsWith(u'@');
    Result<SchemaSnapshot> b =
        replayFirst ? resolveSchemaSource(sources[1]) : Result<SchemaSnapshot>(SchemaSnapshot());
    if (!b)
        return b.error();
    Result<SchemaSnapshot> a = resolveSchemaSource(sources[0], replayFirst ? b->driver : QString());
    if (!a)
        return a.error();
    if (!replayFirst)
        b = resolveSchemaSource(sources[1], a->driver);
    if (!b)
        return b.error();
    if (!a->driver.isEmpty() && !b->driver.isEmpty() && a->driver != b->driver)
        m_err << "WARNING: comparing a " << a->driver << " schema with a " << b->driver
              << " one: types and expressions are spelled differently\n";
    DiffOptions options;
    options.owners = args.flag("--owners");
    if (m_ws) // the project's own version table, when it has another name
        options.ignoreTables.append(m_ws->project().versionTableName().name);
    const SchemaDiff diff = diffSchemas(*a, *b, options);
    if (m_opt->json)
        m_out << QJsonDocument(diff.toJson()).toJson(QJsonDocument::Indented);
    else if (diff.empty())
        m_out << "No differences.\n";
    else
        m_out << diff.toText()
              << QStringLiteral("%1 difference%2.\n")
                     .arg(diff.changes.size())
                     .arg(diff.changes.size() == 1 ? QString() : QStringLiteral("s"));
    m_exitCode = diff.empty() ? 0 : 1;
    return {};
}

} // namespace retort
