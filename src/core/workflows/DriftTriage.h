#pragma once

// Triage of schema drift (workflows/SchemaDrift.h), the two ways that do not write a revision:
//  - accept: the difference is known and wanted; an audit row in the environment's own
//    `retort_history` says who accepted which difference (its fingerprint) and why. A later
//    checkSchemaDrift() reports the drift as accepted while the live difference has the same
//    fingerprint, and as drift again once the schema changes further.
//  - revert: a plan of one step whose SQL is migrationScript(live, expected) — it turns the live
//    schema back into the one the revisions give — run like any plan (RunSession: the run lock,
//    the protected backup, an audit row) but with no version change and the audit direction
//    "revert-drift".
// The third way, adopt, is autogenerate (a new revision from the environment).
//
// Audit rows written here (AuditTrail's columns, so every reader shows them sensibly):
//  direction "accept-drift" | "revert-drift"; revision: the version rows joined by ","; from and
//  to revisions: the version rows (unchanged); note: the reason (accept) or "reverts drift
//  <fingerprint>"; script: the difference's canonical JSON (accept) or the SQL run (revert), and
//  script_sha256 its SHA-256 — for an accept row that is the fingerprint itself.

#include "base/Background.h"
#include "base/Error.h"
#include "db/AuditTrail.h"
#include "db/Connection.h"
#include "graph/Plan.h"
#include "project/Environment.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaMigration.h"
#include "workflows/RunSession.h"
#include "workflows/SchemaDrift.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace retort {

class Workspace;

// The audit directions of the triage rows.
QString acceptDriftDirection(); // "accept-drift"
QString revertDriftDirection(); // "revert-drift"
// Whether an audit row is a triage row (not a revision's step): readers that offer to retry or
// stamp a step skip them.
bool isDriftTriageEntry(const AuditEntry &entry);

// The difference as canonical JSON: SchemaDiff::toJson() written compactly (keys sorted, the
// changes in the diff's own deterministic order). Pure.
QByteArray driftCanonicalJson(const SchemaDiff &diff);
// Lower-case hex SHA-256 of driftCanonicalJson(diff); "" for an empty diff. Pure.
QString driftFingerprint(const SchemaDiff &diff);

// The newest succeeded "accept-drift" row of `newestFirst` (AuditTrail::read's order) whose
// fingerprint is `fingerprint`, as an acceptance. Pure.
std::optional<DriftAcceptance> findDriftAcceptance(const std::vector<AuditEntry> &newestFirst,
                                                   const QString &fingerprint);

// Accepts `env`'s drift with `reason`: checks the drift again (checkSchemaDrift, same options)
// and, when there is drift and — if `seenFingerprint` is given — it is still the difference the
// user saw, writes the "accept-drift" row (holding the run lock for the write, so no runner's
// markInterrupted() can touch it). Returns the fresh report with `accepted` filled.
// Refused (ErrorKind::Refused, nothing written): an empty reason; no drift; a difference that
// changed since it was seen; the run lock held by a runner (ErrorKind::LockTimeout). Protected
// environments: the front end asks for confirmation first (the write changes nothing but the
// audit table). Blocking: a worker thread or the CLI; `cancel` stops the check.
Result<SchemaDriftReport> acceptDrift(const Workspace &ws, const Environment &env,
                                      const ConnectionSecrets &secrets,
                                      const ExpectedSchemaOptions &replay, const QString &reason,
                                      const QString &seenFingerprint = {},
                                      const CancelToken *cancel = nullptr);

// How to undo a drift: the script and the plan that runs it.
struct DriftRevert {
    SchemaDriftReport report; // the drift it undoes
    MigrationScript script;   // migrationScript(report.live, report.expected)
    // One step, upgrade-shaped, revision = the rows joined, no version ops; headsBefore =
    // headsAfter = the rows (a database that moved meanwhile refuses the run). Its Script lives
    // in scriptStorage. Empty when there is nothing to run (no drift, or notes only).
    Plan plan;
    // The script needs a person's decision (REVIEW notes): runs refuse unless forced.
    bool needsReview() const { return !script.reviews.isEmpty(); }
    // Statements that would run (a notes-only statement runs nothing).
    bool hasStatements() const { return !plan.steps.empty(); }
};

// The revert of `report` for `driver` (the environment's); `versionTable`: the project's version
// table's name, left alone as the drift check leaves it. Pure.
DriftRevert planDriftRevert(const SchemaDriftReport &report, const QString &driver,
                            const QString &versionTable = {});

// Why a revert may not run as it is, or success: no drift; no statement (only notes: the
// dialect cannot write it); REVIEW notes and not `force`. ErrorKind::Refused.
Status driftRevertRunnable(const DriftRevert &revert, bool force);

// The run of `revert` on `env`, ready for RunSession / MigrationJob: its plan, no re-plan, the
// "revert-drift" audit direction and a note naming the fingerprint. The caller adds the lock
// timeout and the protection policy (and an override note after pre-flight).
RunRequest driftRevertRequest(std::shared_ptr<const Workspace> workspace, const Environment &env,
                              const ConnectionSecrets &secrets, const DriftRevert &revert);

} // namespace retort
