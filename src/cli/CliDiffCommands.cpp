// retort-cli diff A B: the differences between two schemas (schema/SchemaDiff.h), each read from
// an environment, a snapshot file or (soon) the revisions that produce it. Formatting only.

#include "Cli.h"
#include "CliOptions.h"

#include "project/Workspace.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaJson.h"
#include "workflows/SchemaInspection.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace retort {

Result<SchemaSnapshot> Cli::resolveSchemaSource(const QString &source)
{
    if (source.startsWith(u'@'))
        return Error(QStringLiteral("%1: replaying revisions is not available yet; compare an "
                                    "environment or a snapshot file (schema --json --snapshot)")
                         .arg(source));
    if (source.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive) ||
        QFileInfo(source).isFile()) {
        if (!QFileInfo::exists(source))
            return Error(QStringLiteral("no such snapshot file"), source).as(ErrorKind::Io);
        return readSnapshotFile(source);
    }
    if (!m_ws)
        if (auto st = loadWorkspace(false); !st)
            return st.error();
    auto env = m_ws->environment(source);
    if (!env)
        return Error(QStringLiteral("'%1' is neither an environment nor a snapshot file (*.json): "
                                    "%2")
                         .arg(source, env.error().message));
    Result<SchemaSnapshot> snapshot = inspectEnvironment(**env, secretsFor(**env));
    if (!snapshot)
        return withAdvice(**env, snapshot.error()).error();
    return snapshot;
}

Status Cli::cmdDiff(const CommandArgs &args)
{
    const QStringList sources = args.operands();
    if (sources.size() != 2)
        return Error(QStringLiteral("diff takes two schemas, A and B (an environment, a "
                                    "snapshot file or @REV); got %1")
                         .arg(sources.size()));
    Result<SchemaSnapshot> a = resolveSchemaSource(sources[0]);
    if (!a)
        return a.error();
    Result<SchemaSnapshot> b = resolveSchemaSource(sources[1]);
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
