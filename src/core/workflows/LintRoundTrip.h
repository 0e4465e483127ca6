#pragma once

#include "base/Background.h"
#include "lint/Lint.h"
#include "workflows/ExpectedSchema.h"

#include <QStringList>

#include <vector>

namespace retort {

class Workspace;

// downgrade-does-not-restore: the lint rule that needs a replay. For each revision, its effect
// (workflows/MigrationEffect.h: upgrade, then downgrade one step, on a scratch database for
// options.driver) and a finding when the round trip leaves a difference; the finding's facts
// list the differences ("leftover"). `check --roundtrip` asks the same question as a pass/fail.
struct RoundTripLint {
    std::vector<LintFinding> findings; // in `revisions` order
    QStringList notes; // revisions that could not be replayed, and why (never fatal)
    int checked = 0;   // revisions replayed both ways
};

// Revisions (ids, oldest first, as lintRevisions takes them) of `ws`; a server driver needs
// `replay.scratch` (without it: one note, no findings). Revisions whose upgrade does nothing,
// merges and those without a downgrade section (missing-downgrade's business) are skipped.
// Blocking: a worker thread or the CLI; `cancel` stops between revisions and during replays.
RoundTripLint lintRoundTrips(const Workspace &ws, const QStringList &revisions,
                             const LintOptions &options, const ExpectedSchemaOptions &replay,
                             const CancelToken *cancel = nullptr);

// Whether lintRoundTrips can run for `driver` with `replay` (SQLite always; a server driver with
// a scratch server of that driver).
bool canLintRoundTrips(const QString &driver, const ExpectedSchemaOptions &replay);

} // namespace retort
