#pragma once

#include "base/Error.h"

#include <QString>

#include <memory>

class QTemporaryDir;

namespace retort {

class Workspace;

// The project as it was at a git ref (a tag, a branch, a commit), read without a checkout: its
// folder at that commit is extracted (`git archive`) into a temporary folder and loaded from
// there, so `upgrade heads --at v2.4.0 --sql` shows exactly what release v2.4.0 will run. The
// environments are the real ones: SQLite paths point at the real project's databases
// (Workspace::load with pathsRoot). Retort never writes to the repository.
struct ProjectAtRef {
    QString ref;                           // as given ("v2.4.0")
    QString commit;                        // the full hash it names
    QString projectPath;                   // the extracted project folder (inside `folder`)
    std::shared_ptr<QTemporaryDir> folder; // removed when the last copy goes
    std::shared_ptr<const Workspace> workspace;
};

// `projectRoot`: the real project's folder (in a git checkout). Errors: git missing, not a
// checkout, an unknown ref ("no such ref 'v9' in REPO"), the project folder absent at that
// commit, a project there that cannot be loaded (its retort.toml's error, as load gives it).
// Blocking (git archive and tar): a worker thread or the CLI.
Result<ProjectAtRef> loadProjectAt(const QString &projectRoot, const QString &ref);

} // namespace retort
