#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "lint/Lint.h"
#include "project/Environment.h"

#include <QString>
#include <QStringList>

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

struct LiveLintOptions {
    int statementTimeoutMs = 5000; // each fact query; a query that times out leaves its fact out
    int examples = 3;              // NULL / duplicate examples kept per finding
    // Rows above which a table is "big" for the rules whose cost grows with the table (index
    // builds, rewrites, scans): the finding becomes an error. Below smallRows it becomes a notice.
    qint64 bigRows = 1000000;
    qint64 smallRows = 10000;
};

struct LiveLintReport {
    LintReport report;     // findings with live facts, levels after the facts and overrides
    QString serverVersion; // as the server says it ("16.4", "10.11.6-MariaDB")
    int serverVersionNum =
        0;             // PostgreSQL's server_version_num; MariaDB/MySQL: 100 * 100 * major...
    QStringList notes; // facts that could not be read, and why (never fatal)
};

// Lints `plan` (made for `env`) with live facts from `env`. A connection that cannot be made is
// an error (the same as a status check's); a fact that cannot be read is a note. Blocking (a
// worker thread or the CLI); `cancel` stops between queries.
Result<LiveLintReport> lintPlanLive(const Workspace &ws, const Environment &env,
                                    const ConnectionSecrets &secrets, const Plan &plan,
                                    const LiveLintOptions &options = {},
                                    const CancelToken *cancel = nullptr);

} // namespace retort
