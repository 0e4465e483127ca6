#include "project/Workspace.h"

#include "scripts/PythonScript.h"
#include "scripts/ScriptParser.h"
#include "scripts/ScriptSalvage.h"

#include <QDir>
#include <QFileInfo>

namespace retort {

namespace {

// Problems without a kind get the kind of where they came from.
void tag(std::vector<Error> &problems, size_t from, ErrorKind kind)
{
    for (size_t i = from; i < problems.size(); ++i)
        if (problems[i].kind == ErrorKind::Unspecified)
            problems[i].kind = kind;
}

} // namespace

Result<std::unique_ptr<Workspace>> Workspace::load(const QString &dirOrFile)
{
    return load(dirOrFile, QString());
}

Result<std::unique_ptr<Workspace>> Workspace::load(const QString &dirOrFile,
                                                   const QString &pathsRoot)
{
    auto project = Project::load(dirOrFile);
    if (!project) {
        Error e = project.error();
        if (e.kind == ErrorKind::Unspecified)
            e.kind = ErrorKind::ProjectFile;
        return e;
    }
    if (!pathsRoot.isEmpty()) {
        const QString from = project->root + u'/';
        for (Environment &env : project->environments)
            if (env.driver == u"sqlite" && env.database.startsWith(from))
                env.database = QDir::cleanPath(
                    QDir(pathsRoot).absoluteFilePath(env.database.mid(from.size())));
    }
    std::unique_ptr<Workspace> ws(new Workspace);
    ws->m_project = std::move(*project);
    const Project &p = ws->m_project;
    // The cached scripts and their graph while the folders are checked in the background; on a
    // large project this hides the graph's time behind the file system's.
    if (auto cached = p.isAlembic() ? startCachedPythonLoad(p.versionDirs, p.skipMissingVersionDirs,
                                                            p.alembicScriptLocation)
                                    : startCachedLoad(p.scriptsDir)) {
        ws->m_scripts = cached->takeScripts();
        std::vector<Error> problems;
        ws->m_graph = RevisionGraph::build(ws->m_scripts, problems);
        tag(problems, 0, ErrorKind::GraphProblem);
        if (cached->confirm()) {
            ws->m_problems = std::move(problems);
            return ws;
        }
        ws->m_graph = RevisionGraph(); // it points into the scripts replaced below
    }
    ScriptLoad load = p.isAlembic() ? loadPythonScripts(p.versionDirs, p.skipMissingVersionDirs,
                                                        p.alembicScriptLocation)
                                    : loadScripts(p.scriptsDir);
    ws->m_scripts = std::move(load.scripts);
    ws->m_problems = std::move(load.errors);
    tag(ws->m_problems, 0, ErrorKind::ScriptProblem);
    const size_t scriptProblems = ws->m_problems.size();
    // What the scripts that could not be read still say decides which heads are certain.
    std::vector<SalvagedScript> unreadable;
    unreadable.reserve(scriptProblems);
    for (const Error &e : ws->m_problems) {
        // A scripts folder that is missing or unreadable is not a script: it stays a problem
        // only (the window says "folder not found", not "unreadable revision").
        const QFileInfo file(e.file);
        if (file.isDir() || !file.exists())
            continue;
        unreadable.push_back(salvageScript(e));
    }
    ws->m_graph = RevisionGraph::build(ws->m_scripts, ws->m_problems, unreadable);
    tag(ws->m_problems, scriptProblems, ErrorKind::GraphProblem);
    return ws;
}

QString Workspace::incompleteSummary() const
{
    if (isComplete())
        return {};
    int unreadable = 0;
    for (const LeftOutRevision &r : m_graph.leftOut())
        unreadable += r.unreadable() ? 1 : 0;
    const int unreachable = int(m_graph.leftOut().size()) - unreadable;
    QStringList parts;
    if (unreachable > 0)
        parts.append(QStringLiteral("%1 revision(s) left out of the graph").arg(unreachable));
    if (unreadable > 0)
        parts.append(QStringLiteral("%1 script(s) could not be read").arg(unreadable));
    QString text = parts.join(QStringLiteral(", "));
    if (!m_graph.headsKnown())
        text += QStringLiteral("; the parents of an unreadable script are unknown, so no head is "
                               "certain");
    return text;
}

const Script *Workspace::script(const QString &revision) const
{
    const int i = m_graph.indexOf(revision);
    return i >= 0 ? m_graph.at(i).script : nullptr;
}

Result<const Environment *> Workspace::environment(const QString &name) const
{
    const auto &envs = m_project.environments;
    QStringList names;
    for (const Environment &e : envs)
        names.append(e.name);
    if (!name.isEmpty()) {
        if (const Environment *e = m_project.environment(name))
            return e;
        return Error(
            QStringLiteral("no environment '%1' in %2 (environments: %3)")
                .arg(name, m_project.file,
                     names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
    }
    if (envs.size() == 1)
        return &envs.front();
    if (const Environment *e = m_project.environment(QStringLiteral("local")))
        return e;
    if (envs.empty())
        return Error(QStringLiteral("%1 defines no environment; add [environments.local]")
                         .arg(m_project.file));
    return Error(QStringLiteral("several environments and none is 'local'; choose one with --env "
                                "(%1)")
                     .arg(names.join(QStringLiteral(", "))));
}

} // namespace retort
