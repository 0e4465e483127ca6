#pragma once

#include "base/Error.h"
#include "graph/RevisionGraph.h"
#include "project/Project.h"
#include "scripts/Script.h"

#include <QString>

#include <memory>
#include <vector>

namespace retort {

// A loaded project: its retort.toml, its scripts and the revision graph built from them, with
// every problem found on the way (bad files, graph errors). The graph points into `scripts`, so a
// Workspace is neither copied nor moved: hold it by unique_ptr/shared_ptr. Immutable after load;
// safe to read from any thread. Loading reads the disk: never call it on the GUI thread.
class Workspace final {
public:
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    // Loads the project at `dirOrFile` (a folder with retort.toml or alembic.ini, or either file;
    // see Project::load). An Alembic project's scripts are its `.py` revision files, read
    // without Python (PythonScript.h). Fails only when retort.toml / alembic.ini itself cannot
    // be read (ErrorKind::ProjectFile); script and graph problems land in problems(), tagged
    // ErrorKind::ScriptProblem or ::GraphProblem.
    static Result<std::unique_ptr<Workspace>> load(const QString &dirOrFile);
    // As load(), for a copy of a project (an older version extracted from git,
    // release/ProjectAtRef.h): SQLite database paths that point into the copy's folder are
    // moved to the same place under `pathsRoot`, the real project's folder, so that the copy's
    // environments are the real databases.
    static Result<std::unique_ptr<Workspace>> load(const QString &dirOrFile,
                                                   const QString &pathsRoot);

    const Project &project() const { return m_project; }
    const std::vector<Script> &scripts() const { return m_scripts; }
    const RevisionGraph &graph() const { return m_graph; }
    // Every problem, in file order: unreadable or malformed scripts, then graph errors (one for
    // each revision left out of the graph, too).
    const std::vector<Error> &problems() const { return m_problems; }
    // Whether the graph holds the whole project: no script unreadable, no revision left out
    // (RevisionGraph::isComplete). When not, what the graph says is about its consistent part
    // only: a front end says so (incompleteSummary) rather than pass a partial answer for a
    // whole one, names heads only where RevisionGraph::isCertainHead, and refuses runs (as it
    // does on any problem).
    bool isComplete() const { return m_graph.isComplete(); }
    // The revisions not in the graph: left out, or their scripts unreadable (what could be read
    // of those was salvaged: ScriptSalvage.h), each with its reason.
    const std::vector<LeftOutRevision> &unreachable() const { return m_graph.leftOut(); }
    // What is missing, in one line for a front end: "4 revision(s) left out of the graph, 1
    // script(s) could not be read" (and that no head is certain, when so); empty if complete.
    QString incompleteSummary() const;
    // The script of a revision id, or null.
    const Script *script(const QString &revision) const;
    // The environment to use: `name` if given, else the only one, else "local". Errors name the
    // environments that exist.
    Result<const Environment *> environment(const QString &name) const;

private:
    Workspace() = default;
    Project m_project;
    std::vector<Script> m_scripts;
    RevisionGraph m_graph;
    std::vector<Error> m_problems;
};

} // namespace retort
