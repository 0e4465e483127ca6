#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Environment.h"
#include "schema/SchemaDiff.h"
#include "workflows/ExpectedSchema.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

class Project;
class Workspace;

// A drift someone accepted (workflows/DriftTriage.h, acceptDrift): the audit row that says so.
struct DriftAcceptance {
    qint64 auditId = 0;   // its row in retort_history
    QString fingerprint;  // driftFingerprint() of the difference accepted
    QString reason;       // why (the row's note)
    QString operatorName; // who: user@host
    QDateTime at;         // when (UTC)
    // "accepted by alice@box on 2026-12-07 20:31 UTC: REASON"
    QString describe() const;
};

// Whether an environment's live schema is what its version rows say it should be.
struct SchemaDriftReport {
    QStringList rows;    // the version rows read (empty: nothing applied)
    SchemaDiff diff;     // expected (left) → live (right); empty: no drift
    QString fingerprint; // driftFingerprint(diff); empty when there is no drift
    // The newest acceptance of exactly this difference (same fingerprint), if any: the drift is
    // known and accepted. Another difference (the schema changed again) is not covered by it.
    std::optional<DriftAcceptance> accepted;
    SchemaSnapshot expected; // what the rows should give (replayed)
    SchemaSnapshot live;     // what the database has
    bool drifted() const { return !diff.empty(); }
    bool acceptedDrift() const { return drifted() && accepted.has_value(); }
};

// Which step of checkSchemaDrift() failed, so a front end words its advice for the right
// environment (the checked one, or the scratch server for Expected).
enum class SchemaDriftStep {
    NoScratchServer, // a server driver and no scratch server: nothing was read
    NoDatabase,      // a SQLite file that does not exist (nothing is created)
    Rows,            // reading the environment's version rows
    Live,            // inspecting the environment's schema
    Expected,        // replaying the rows (expectedSchema: scratch server, scripts)
};

// The replay options a drift check (or `diff @REV`, `show --effect`) of a `driver` database uses:
// for postgresql / mysql the project's scratch server (`scratch = "ENV"`, scratchServerOf) with
// `scratchSecrets`; none for sqlite (a temporary file). Pure. Without a scratch server the replay
// of a server driver fails with "needs a scratch server".
ExpectedSchemaOptions schemaReplayOptions(const Project &project, const QString &driver,
                                          const ConnectionSecrets &scratchSecrets = {});

// Reads `env`'s version rows (a SQLite file that does not exist: an error, NoDatabase), inspects
// its live schema (inspectEnvironment), replays the rows into a scratch database (expectedSchema;
// no rows: "base") and diffs expected → live, ignoring the project's version table (and the audit
// trail). With drift, the audit trail is read too (same connection, same lock): the newest
// "accept-drift" row with the difference's fingerprint fills `accepted` (an audit table that
// cannot be read leaves it empty). Errors: a server driver without `replay.scratch` fails first,
// before connecting (NoScratchServer, "ENV: needs a scratch server …"); else the step's error as
// is (Rows, Live), or for Expected "ENV: cannot tell the schema its revisions should give: …"
// with the replay's kind kept; `failedAt` (optional) says which step.
// Concurrency: on SQLite the run lock (db/Lock.h) is held while the rows and the live schema are
// read (a run in progress: an error of kind LockTimeout, step Rows, nothing read). On PostgreSQL
// and MySQL no lock is taken, so a migration running at the same time can make the answer stale
// (or report a half-applied step as drift); check again after it finishes. Blocking (a worker
// thread or the CLI); `cancel` stops the inspection and the replay.
Result<SchemaDriftReport> checkSchemaDrift(const Workspace &ws, const Environment &env,
                                           const ConnectionSecrets &secrets,
                                           const ExpectedSchemaOptions &replay,
                                           const CancelToken *cancel = nullptr,
                                           SchemaDriftStep *failedAt = nullptr);

// Why the check could not answer, in a few words for a table cell: "needs a scratch server",
// "no database", "migration running", "not reachable", "cancelled", "replay failed". The error says
// the rest.
QString driftFailureSummary(SchemaDriftStep step, const Error &error);

// The Drift cell of `status --drift` and the window: "none", "1 difference", "3 differences".
QString driftSummary(const SchemaDiff &diff);
// The same for a report: an accepted drift is "accepted (REASON)".
QString driftSummary(const SchemaDriftReport &report);

} // namespace retort
