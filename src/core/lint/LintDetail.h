#pragma once

// Internal to src/core/lint: what a dialect's rule file gives the engine (Lint.cpp). One file per
// dialect (LintPostgres.cpp; MySQL and SQLite later) implements these for its driver.

#include "db/StatementSplitter.h"
#include "lint/Lint.h"

#include <QJsonObject>
#include <QSet>
#include <QString>

#include <vector>

namespace retort::lint_detail {

// A rule that fired, before levels and allow comments are applied.
struct RawFinding {
    int statement = 0; // index into the section's statements
    QString rule;
    QString message;
    QJsonObject facts;
};

// What a statement is, for the project rule non-transactional-mixed.
enum class StatementKind {
    NeedsNoTransaction, // CREATE/DROP INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
    Setting,            // SET, SHOW, RESET: harmless anywhere
    Other,              // DDL or DML that should be atomic with its neighbours
};

struct SectionResult {
    std::vector<RawFinding> findings;
    std::vector<StatementKind> kinds; // one per statement
};

// PostgreSQL (LintPostgres.cpp): every rule of the dialect over one section's statements.
SectionResult lintPostgres(const std::vector<Statement> &statements, const LintContext &context,
                           const LintOptions &options);
// The objects a PostgreSQL section creates ("table:orders", "column:orders.total",
// "index:ix", "schema:s", "type:mood"), for LintContext::createdByUpgrade.
QSet<QString> postgresCreatedObjects(const std::vector<Statement> &statements);

} // namespace retort::lint_detail
