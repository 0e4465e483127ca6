#pragma once

// Internal to src/core/lint: what a dialect's rule file gives the engine (Lint.cpp). One file per
// dialect implements these for its driver: LintPostgres.cpp (libpg_query's parse tree),
// LintMysql.cpp and LintSqlite.cpp (schema/SqlTokens.h's tokens, lint/LintTokens.h's helpers).

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
    NeedsNoTransaction, // CREATE/DROP INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE; SQLite:
                        // PRAGMA foreign_keys (a no-op inside a transaction)
    Setting,            // SET, SHOW, RESET, SELECT, other PRAGMAs: harmless anywhere
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

// MySQL/MariaDB (LintMysql.cpp): drop/rename/truncate/delete-or-update-without-where,
// changing-column-type, alter-needs-copy (by options.serverVersionNum), implicit-commit (its
// message names statements by file line: `firstLineInFile` is the section's first line) and
// enum-set-reorder. Reads and updates context.schema (upgrade sections).
SectionResult lintMysql(const std::vector<Statement> &statements, int firstLineInFile,
                        const LintContext &context, const LintOptions &options);
QSet<QString> mysqlCreatedObjects(const std::vector<Statement> &statements);

// SQLite (LintSqlite.cpp): the destructive rules (a hand-written table rebuild is recognised and
// not reported as drop-table), alter-needs-rebuild and foreign-keys-off-during-rebuild. Reads and
// updates context.schema (upgrade sections).
SectionResult lintSqlite(const std::vector<Statement> &statements, const LintContext &context,
                         const LintOptions &options);
QSet<QString> sqliteCreatedObjects(const std::vector<Statement> &statements);

} // namespace retort::lint_detail
