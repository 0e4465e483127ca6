#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "lint/Lint.h"
#include "project/Environment.h"
#include "workflows/ScratchDatabase.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

struct Plan;
class Workspace;

// Lint judged against a live database: the plan's findings (lint/Lint.h, lintPlan) for the
// environment's driver and real server version, each carrying what the database says about the
// objects it touches (LintFinding::facts): the table's estimated rows and size, sessions holding
// or waiting for locks on it, NULLs before NOT NULL, duplicates before UNIQUE. Facts can change a
// finding's level (a CREATE INDEX without CONCURRENTLY on a 40-row table is a notice; on a big
// one an error). Everything read is read-only, under a statement timeout, through the
// environment's tunnel when it has one.
//
// Which objects a finding concerns is read from its facts, whatever the rule or dialect (the rule
// files put them there):
//   "table"      the table ("name" or "schema.name", as the statement names it)
//   "tables"     every table the statement locks (a foreign key: both), when more than one
//   "index"      an index whose table is looked up (DROP INDEX)
//   "column"     the one column concerned; "columns": a key's columns (UNIQUE)
//   "data_check" "not_null" (NULLs in "column"), "unique" (duplicates over "columns"),
//                "has_rows" (whether the table has any row)
// and these are added (facts of the live database):
//   "rows", "rows_source" ("statistics", "count", "count_bound": at least "rows"), "rows_note"
//   (why counted: "never analyzed", "no estimate"), "new_table"
//   (the table does not exist: created earlier in the plan, so empty), "size_bytes", "size",
//   "sessions" ([{table, pid, user, application, state, since, xact_start, query_start, wait,
//   held, waiting, query}]), "sessions_source" (MySQL: where they were read), "nulls"
//   ({count, key, examples}), "duplicates" ({groups, columns, examples: [{values, count}]}),
//   "has_rows", "offline_level" and "level_reason" (when the facts changed the level),
//   "live_notes" (facts that could not be read for this finding), "locks_taken" /
//   "locks_taken_note" (the lock probe, below).
// Levels change for the rules whose cost grows with the table (sizeScaledRules()): rows >= bigRows
// -> error, rows < smallRows or a new table -> notice, unless retort.toml sets the rule's level;
// NULLs before NOT NULL, duplicates before UNIQUE and rows before ADD COLUMN NOT NULL without a
// default make the statement fail: error, whatever the size. The message gains a sentence for
// each (the level's reason, the sessions, the data found).

struct LiveLintOptions {
    int statementTimeoutMs = 5000; // each fact query; a query that times out leaves its fact out
    int examples = 3;              // NULL / duplicate examples kept per finding
    // Rows above which a table is "big" for the rules whose cost grows with the table (index
    // builds, rewrites, scans): the finding becomes an error. Below smallRows it becomes a notice.
    qint64 bigRows = 1000000;
    qint64 smallRows = 10000;
    // Characters kept of another session's query.
    int queryChars = 200;
    // A never-analyzed table is counted, up to this many rows (then "at least").
    qint64 countBound = 1000000;
    // The measured lock probe (PostgreSQL): on a scratch database of `scratch` (the project's
    // scratch server, scratchServerOf), the plan's earlier revisions are replayed up to the
    // environment's version rows (Plan::headsBefore); then each statement of the plan runs once
    // in a transaction that is rolled back after pg_locks is read for our backend, and once for
    // real (so the next statement finds what it expects). Each finding on a probed statement gets
    // facts["locks_taken"]: [{relation, mode}]. A statement that cannot run in a transaction
    // (CONCURRENTLY) is run, not probed ("locks_taken_note"). The scratch database is dropped
    // afterwards. Whatever fails is a note.
    bool lockProbe = false;
    std::optional<ScratchServer> scratch;
    QString alembicProgram; // for replaying Alembic revisions (PlanRequest::alembicProgram)
};

// The rules whose cost grows with the table's size (index builds, rewrites, scans, copies).
const QStringList &sizeScaledRules();

struct LiveLintReport {
    LintReport report;     // findings with live facts, levels after the facts and overrides
    QString serverVersion; // as the server says it ("16.4", "10.11.6-MariaDB")
    // PostgreSQL's server_version_num (150004); MariaDB/MySQL: major * 10000 + minor * 100 +
    // patch (101106); SQLite: SQLITE_VERSION_NUMBER's form (3045001, not given to the rules).
    int serverVersionNum = 0;
    QStringList notes; // facts that could not be read, and why (never fatal)
};

// Lints `plan` (made for `env`) with live facts from `env`. A connection that cannot be made is
// an error (the same as a status check's); a fact that cannot be read is a note. Blocking (a
// worker thread or the CLI); `cancel` stops between queries.
Result<LiveLintReport> lintPlanLive(const Workspace &ws, const Environment &env,
                                    const ConnectionSecrets &secrets, const Plan &plan,
                                    const LiveLintOptions &options = {},
                                    const CancelToken *cancel = nullptr);

// The live facts for findings already made (any dialect's rules, e.g. lintRevisions' or a GUI's
// offline report): what lintPlanLive adds to lintPlan's findings. `levels`: the project's
// overrides (projectLintLevels), which the size-scaled levels respect. The server's version is
// read but does not re-lint.
Result<LiveLintReport> lintFindingsLive(const Environment &env, const ConnectionSecrets &secrets,
                                        const LintReport &report,
                                        const QHash<QString, LintLevel> &levels = {},
                                        const LiveLintOptions &options = {},
                                        const CancelToken *cancel = nullptr);

// A short line of a finding's live facts, for a compiler-like line or a tooltip:
// "orders: ~1.2M rows, 85 MB; 1 session holding a lock: pid 123 alice 'UPDATE ...' since 12:01".
// Empty when the finding has none. Pure.
QString liveFactsSummary(const LintFinding &finding);

// A row count as people read it: 950, 12k, 1.2M. Pure.
QString humanCount(qint64 n);
// Bytes as pg_size_pretty says them: 512 bytes, 85 MB. Pure.
QString humanBytes(qint64 bytes);

} // namespace retort
