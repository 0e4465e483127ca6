// retort-cli's commands that write project files: init, revision, merge, convert. The rules live
// in the core (Project::init, workflows/RevisionDraft.h, workflows/Convert.h); these parse, call
// and print.
#include "Cli.h"

#include "CliOptions.h"
#include "project/Workspace.h"
#include "scripts/ScriptWriter.h"
#include "workflows/Convert.h"
#include "workflows/RevisionDraft.h"

#include <QDir>

namespace retort {

Status Cli::cmdInit(const CommandArgs &args)
{
    if (args.operands().size() != 1)
        return usageError(QStringLiteral("init"));
    const QString dir = QDir(args.operands().front()).absolutePath();
    if (auto st = Project::init(dir, args.value("--name")); !st)
        return st;
    m_out << "Created project " << QDir::toNativeSeparators(dir) << " (retort.toml, versions/)\n";
    return {};
}

Result<RevisionDraft> Cli::revisionDraft(const CommandArgs &args, bool merge)
{
    const RevisionGraph &g = m_ws->graph();
    QStringList headSpecs;
    if (merge) {
        if (args.operands().isEmpty())
            return usageError(QStringLiteral("merge"));
        headSpecs = args.operands();
    } else {
        if (!args.operands().isEmpty())
            return Error(QStringLiteral("unexpected argument '%1'").arg(args.operands().front()));
        const QString head = args.value("--head");
        headSpecs = QStringList{head.isEmpty() ? QStringLiteral("head") : head};
    }
    auto parents = resolveParents(g, headSpecs);
    if (!parents)
        return parents.error();
    RevisionDraft draft;
    draft.id = args.value("--rev-id").isEmpty() ? generateRevisionId() : args.value("--rev-id");
    const QString message = args.value("-m");
    draft.message = message.isEmpty() ? QStringLiteral("empty message") : message;
    draft.parents = *parents;
    draft.splice = args.flag("--splice");
    draft.branchLabels = args.values("--branch-label").join(u',');
    draft.dependsOn = args.values("--depends-on").join(u',');
    return draft;
}

Status Cli::cmdRevision(const CommandArgs &args, bool merge)
{
    if (auto st = loadWorkspace(true); !st)
        return st;
    if (!merge && args.flag("--autogenerate"))
        return m_ws->project().isAlembic() ? alembicAutogenerate(args) : autogenerate(args);
    if (!args.value("--from").isEmpty() || !args.value("--to").isEmpty() ||
        !args.values("--rename").isEmpty())
        return Error(QStringLiteral("--from, --to and --rename go with --autogenerate"));
    if (m_ws->project().isAlembic())
        return Error(QStringLiteral("%1 is an Alembic project: write its revisions with 'alembic "
                                    "%2' (Retort writes native .sql scripts only)")
                         .arg(m_ws->project().file,
                              merge ? QStringLiteral("merge") : QStringLiteral("revision")));
    Result<RevisionDraft> draft = revisionDraft(args, merge);
    if (!draft)
        return draft.error();
    auto path = writeDraft(m_ws->graph(), m_ws->project().scriptsDir, *draft);
    if (!path)
        return path.error();
    m_out << "Generating " << QDir::toNativeSeparators(*path) << " ...  done\n";
    return {};
}

Status Cli::cmdConvert(const CommandArgs &args)
{
    ConvertRequest request;
    request.outDir = args.value("--out");
    request.alembicProgram = args.value("--alembic");
    request.driver = args.value("--driver");
    if (request.outDir.isEmpty() || !args.operands().isEmpty())
        return usageError(QStringLiteral("convert"));
    if (auto st = loadWorkspace(true); !st)
        return st;
    auto outcome = convertAlembicProject(*m_ws, request);
    if (!outcome)
        return outcome.error();
    m_out << "Converted " << outcome->revisions << " revision(s) into "
          << QDir::toNativeSeparators(outcome->outDir) << " (retort.toml, versions/)\n";
    return {};
}

} // namespace retort
