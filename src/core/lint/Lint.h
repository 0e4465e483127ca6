#pragma once

#include "base/Error.h"
#include "scripts/Script.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace retort {

class Workspace;
struct Plan;
struct Project;

// Lint: what a migration does to a running database — destructive changes and lock hazards —
// judged from the scripts alone (offline). PostgreSQL statements are read from libpg_query's
// parse tree (lint/LintPostgres.cpp), never from regular expressions, so comments, string
// literals and dollar-quoted bodies never trigger a rule. MySQL/MariaDB (lint/LintMysql.cpp) and
// SQLite (lint/LintSqlite.cpp) are read from a tokenizer good enough for DDL
// (schema/SqlTokens.h), with the same guarantee. Each dialect's rules live in their own file
// behind lint/LintDetail.h.
//
// Everything here is pure and thread-safe: no connection, no alembic, no disk reads beyond what
// the caller passes in (a loaded Workspace). Live facts (table sizes, sessions holding locks) are
// for a later layer: they go into LintFinding::facts.

enum class LintLevel { Notice, Warning, Error, Off };

// "notice", "warning", "error", "off".
QString lintLevelName(LintLevel level);
// The level a name stands for (as in retort.toml's [lint]), or nothing for an unknown name.
std::optional<LintLevel> lintLevelFromName(QStringView name);

// One rule of the catalogue: a stable name, its default level, what it is about and what to do
// instead.
struct LintRule {
    QString name;                         // stable, kebab-case: "require-concurrent-index-creation"
    LintLevel level = LintLevel::Warning; // the default; retort.toml [lint] may change it
    QString explanation;  // one paragraph: what the statement does to a running database
    QString saferForm;    // what to write instead
    QStringList dialects; // drivers it applies to ("postgresql"); empty: every dialect
};

// Every rule, in a fixed order (the catalogue of lint/LintRules.cpp).
const std::vector<LintRule> &lintRules();
// The rule called `name`, or null.
const LintRule *lintRule(const QString &name);

// One finding: a rule that fired on one statement.
struct LintFinding {
    QString rule;
    LintLevel level = LintLevel::Warning; // after the project's overrides
    QString file;                         // the script's path (absolute, as Script::path)
    int line = 0;                         // 1-based line in `file` of the statement's first line
    QString revision;
    QString section;      // "upgrade" or "downgrade"
    QString message;      // names the object: "CREATE INDEX ix on orders without CONCURRENTLY ..."
    QString statement;    // the statement's text, verbatim
    QString explanation;  // the rule's
    QString saferForm;    // the rule's
    bool allowed = false; // a `-- retort:allow RULE reason` comment covers it
    QString allowReason;
    QJsonObject facts; // what the finding is based on (server_version assumed, old type...);
                       // live facts join here later
};

// What lint is run for.
struct LintOptions {
    QString driver = QStringLiteral("postgresql"); // sqlite, postgresql, mysql
    // The server's version as a number; 0 = unknown: the newest semantics are assumed where the
    // version matters, and the finding's facts say so.
    //  - postgresql: server_version_num (150000 for 15.0, 120004 for 12.4, 90600 for 9.6);
    //  - mysql: MYSQL_VERSION_ID, major * 10000 + minor * 100 + patch (101106 for MariaDB
    //    10.11.6, 80032 for MySQL 8.0.32); 100000 and above is MariaDB, below is MySQL;
    //  - sqlite: SQLITE_VERSION_NUMBER, major * 1000000 + minor * 1000 + patch (3035005).
    int serverVersionNum = 0;
    QHash<QString, LintLevel> levels; // the project's overrides ([lint] in retort.toml)
};

// Column types known from earlier sections (CREATE TABLE, ADD COLUMN, ALTER ... TYPE), so that
// changing-column-type can tell a binary-coercible widening from a rewrite. Filled by
// lintSection as it reads upgrade sections; lintRevisions carries one through the revisions,
// oldest first. Keys: "table.column" (lower case, unqualified); values: the type as written
// by PostgreSQL's parser ("varchar(20)", "numeric(10,2)", "text").
//
// MySQL/MariaDB and SQLite keep more: each table's columns with their definitions (the old type,
// ENUM/SET members, charset for alter-needs-copy and enum-set-reorder), its options, and what
// depends on its columns (indexes, foreign keys, checks: SQLite's DROP COLUMN refuses those).
struct LintColumnInfo {
    QString type;       // lower case, without attributes: "varchar(20)", "int unsigned", "enum"
    QStringList values; // ENUM/SET members, in order
    QString charset;    // the column's CHARACTER SET (lower case); empty: the table's
    QString collation;  // the column's COLLATE (lower case); empty: the table's
    bool notNull = false;
    bool primaryKey = false;
    bool unique = false;
    bool generated = false; // GENERATED ALWAYS AS (...)
    bool stored = false;    // ... STORED / PERSISTENT
    bool autoIncrement = false;
};
struct LintTableInfo {
    QHash<QString, LintColumnInfo> columns; // by lower-case name
    QString engine;                         // lower case; empty: unknown (InnoDB by default)
    QString charset;                        // the table's default character set, lower case
    QString rowFormat;                      // upper case; empty: the server's default
    QSet<QString> indexed;                  // columns in an index (not the primary key)
    QSet<QString> constrained;              // columns in a foreign key, CHECK or generated expr
    QSet<QString> references;               // tables its foreign keys reference (lower case)
    int fulltextIndexes = 0;
};
struct LintSchemaState {
    QHash<QString, QString> columnTypes;
    QHash<QString, LintTableInfo> tables; // MySQL/MariaDB and SQLite, by lower-case name
    // SQLite: views, triggers and partial indexes by name, with their text (lower case), which a
    // DROP COLUMN must not break.
    QHash<QString, QString> dependents;
};

// Where a section comes from, for the findings and for the rules that depend on it.
struct LintContext {
    QString file;
    QString revision;
    QString section = QStringLiteral("upgrade");
    bool transactional = true; // the script's `Transactional:` (MySQL runs none in a transaction)
    // Downgrade sections: objects the same script's upgrade creates ("table:orders",
    // "column:orders.total", "index:ix_x", "schema:s"): dropping them is what a downgrade is for,
    // so the destructive rules stay quiet about them. lintScript fills it.
    QSet<QString> createdByUpgrade;
    LintSchemaState *schema = nullptr; // optional; see LintSchemaState
};

// Lints one section's SQL. `firstLineInFile`: the file line of the section's first line
// (ScriptSection::firstLine). Statements are split with db/StatementSplitter.h. Findings come in
// statement order; rules at level Off are dropped; `-- retort:allow` comments are applied.
std::vector<LintFinding> lintSection(const QString &sql, int firstLineInFile,
                                     const LintContext &context, const LintOptions &options);

// Lints a native script's upgrade or downgrade section for options.driver (a driver-qualified
// section replaces the plain one), plus the project rules (missing-downgrade,
// non-transactional-mixed). A Python (Alembic) script has no SQL of its own: pass the SQL its
// alembic renders (workflows/AlembicSql.h) as `renderedSql`; without it nothing is linted.
enum class LintDirection { Upgrade, Downgrade, Both };
std::vector<LintFinding> lintScript(const Script &script, LintDirection direction,
                                    const LintOptions &options, LintSchemaState *schema = nullptr,
                                    const std::optional<QString> &renderedUpgrade = std::nullopt,
                                    const std::optional<QString> &renderedDowngrade = std::nullopt);

// A finding about a whole section rather than one statement (missing-downgrade,
// downgrade-does-not-restore): at `rule`'s level after options.levels (nothing when Off), at the
// section's marker line (line 1 for a Python script), allowed by a `-- retort:allow RULE reason`
// comment anywhere in that section of a native script.
std::optional<LintFinding> lintSectionFinding(const Script &script, const QString &section,
                                              const QString &rule, const QString &message,
                                              const LintOptions &options,
                                              const QJsonObject &facts = {});

// The SQL alembic rendered for Python revisions, by revision id (the caller runs alembic; the
// core never does).
struct RenderedRevisionSql {
    QString upgrade;
    QString downgrade;
};

struct LintReport {
    std::vector<LintFinding> findings; // sorted by file, then line
    QStringList notes;                 // e.g. Python revisions skipped for want of rendered SQL
    int errorCount() const;            // not allowed, level Error
    int warningCount() const;          // not allowed, level Warning
};

// Lints `revisions` (ids of `workspace`'s scripts, oldest first; unknown ids are noted and
// skipped), both sections each, carrying one LintSchemaState through them in that order.
LintReport lintRevisions(const Workspace &workspace, const QStringList &revisions,
                         const LintOptions &options,
                         const QHash<QString, RenderedRevisionSql> &rendered = {});

// Lints what `plan` runs: each step's upgrade or downgrade section, in plan order (stamp steps
// run no SQL). Alembic steps are linted when the plan holds their rendered SQL (graph/Plan.h's
// scriptStorage), else noted and skipped.
LintReport lintPlan(const Plan &plan, const LintOptions &options);

// The findings a run on a protected environment must have acknowledged before it starts (the
// plan dialog's check boxes, the CLI's --allow RULE): level Error and not allowed in the script
// itself, in report order.
std::vector<LintFinding> lintErrorsToAcknowledge(const LintReport &report);
// The audit trail's record of acknowledged findings (appended to RunRequest::auditNote):
// "lint acknowledged: RULE at FILE:LINE (REVISION); ...". File paths are relative to
// `projectRoot` when under it. Empty for no findings.
QString lintAcknowledgementNote(const std::vector<LintFinding> &acknowledged,
                                const QString &projectRoot);

// The project's [lint] levels (Project::lintLevels), checked against the catalogue: an unknown
// rule name is an ErrorKind::ProjectFile error naming retort.toml and the key's line.
Result<QHash<QString, LintLevel>> projectLintLevels(const Project &project);

} // namespace retort
