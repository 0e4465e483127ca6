#pragma once

#include "db/Connection.h"
#include "graph/Plan.h"
#include "project/Project.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace retort {

class Workspace;

// One pre-flight check before a run on a protected environment.
struct PreflightCheck {
    enum class Id { TestedElsewhere, CleanWorkingTree, FreshBackup };
    enum class State { Passed, Failed, Skipped };
    Id id = Id::TestedElsewhere;
    State state = State::Skipped;
    QString name;   // "tested-elsewhere" | "clean-working-tree" | "fresh-backup" (stable: used in
                    // override notes and by the CLI)
    QString title;  // what a checklist shows: "Every migration already succeeded elsewhere"
    QString detail; // why it passed, failed or was skipped (one or more lines)
};

struct PreflightReport {
    std::vector<PreflightCheck> checks;
    bool ok() const; // no check Failed
    QStringList failedNames() const;
    // The note recorded in the audit trail when a user overrides the failed checks:
    // "pre-flight overridden by alice@box: tested-elsewhere, fresh-backup; reason: <reason>".
    QString overrideNote(const QString &reason) const;
    // Lines for a terminal: "[ok] ...", "[FAILED] ...", "[skipped] ...", with the details.
    QString toText() const;
};

// Where the reachable audit trails come from: the secrets for one environment's connection.
using SecretsProvider = std::function<ConnectionSecrets(const Environment &)>;

// Every upgrade/downgrade step of `plan` (stamps excluded) must have succeeded — same revision,
// same direction, same script SHA-256 as the file now — on some environment of the project that
// is not protected and is not `target`, according to the audit trails that can be read (each
// opened on its own connection; unreachable ones are named in the detail). Blocking: worker thread.
PreflightCheck checkTestedElsewhere(const Workspace &workspace, const Environment &target,
                                    const Plan &plan, const SecretsProvider &secrets);
// The project folder is in a git checkout with a commit and nothing uncommitted or untracked
// under it (`git status --porcelain`). Anything in a `.retort` folder, at any depth, is excluded:
// Retort's own backups and run locks (db/Lock.h), even where its .gitignore is missing. Skipped
// when git is missing or the folder is not a checkout. Runs `git`: blocking.
PreflightCheck checkCleanWorkingTree(const QString &projectRoot);
// A backup of `env` younger than `maxAgeMinutes` is in `folder` (listBackups).
PreflightCheck checkFreshBackup(const Environment &env, const QString &folder,
                                int maxAgeMinutes = 60);

} // namespace retort
