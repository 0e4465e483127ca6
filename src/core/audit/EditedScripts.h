#pragma once

#include "base/Error.h"
#include "db/AuditTrail.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

class Workspace;
struct Environment;
struct ConnectionSecrets;

// A unified diff (as `diff -u`) from `before` to `after`, compared line by line, with `context`
// lines around each change and the headers "--- <beforeLabel>" / "+++ <afterLabel>". Empty when
// the texts are equal. Pure; any thread.
QString unifiedDiff(const QString &before, const QString &after, const QString &beforeLabel,
                    const QString &afterLabel, int context = 3);

// What the audit trail and the version table say about the project's scripts on one database.
struct ScriptDrift {
    enum Kind {
        Edited,  // the script's SHA-256 differs from the one recorded when it was applied
        Missing, // a version row names a revision that is not in the project any more
    };
    Kind kind = Edited;
    QString revision;
    QString file;          // Edited: the script's path (relative to the project root); Missing: ""
    QString appliedSha256; // from the audit trail ("" when unknown)
    QString currentSha256; // the file's now (Edited)
    AuditEntry applied;    // Edited: the audit row of the run that applied it (with its script)
    QString diff;          // Edited: unifiedDiff(applied text, file now)
    // One line for users: "versions/x.sql: revision a was edited after it was applied on
    // 2026-... by alice@box" / "the version table names revision a, which is not in the project:
    // restore its script (retort-cli log shows the applied text) or stamp the database".
    QString describe() const;
};

// Compares the newest succeeded upgrade of each revision in `applied` (AuditTrail::appliedScripts)
// with the workspace's script files (read from disk now), and `versionRows` with the graph. Only
// revisions still in the version table or in the project are looked at; a revision applied and
// then removed from both is history, not drift. Pure but for reading the script files.
std::vector<ScriptDrift> findScriptDrift(const Workspace &workspace,
                                         const std::vector<AuditEntry> &applied,
                                         const QStringList &versionRows);

// Reads `env`'s audit trail and version rows (its own connection, in the calling thread:
// blocking, a worker thread in the GUI) and returns findScriptDrift() for them.
Result<std::vector<ScriptDrift>> checkScriptDrift(const Workspace &workspace,
                                                  const Environment &env,
                                                  const ConnectionSecrets &secrets);

} // namespace retort
