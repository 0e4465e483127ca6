// The rule catalogue: names, default levels, explanations and safer forms.

#include "lint/Lint.h"

namespace retort {

namespace {

struct RuleText {
    const char *name;
    LintLevel level;
    const char *dialects; // space-separated drivers; "" = every dialect
    const char *explanation;
    const char *saferForm;
};

// clang-format off
const RuleText kRules[] = {
    // PostgreSQL locking
    {"require-concurrent-index-creation", LintLevel::Warning, "postgresql",
     "CREATE INDEX without CONCURRENTLY takes a SHARE lock on the table: every INSERT, UPDATE and "
     "DELETE waits until the whole index is built, which on a large table takes minutes.",
     "CREATE INDEX CONCURRENTLY, in a script with `-- Transactional: false`."},
    {"require-concurrent-index-deletion", LintLevel::Warning, "postgresql",
     "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: reads "
     "and writes queue behind it, and behind any long query it waits for.",
     "DROP INDEX CONCURRENTLY, in a script with `-- Transactional: false`."},
    {"concurrent-index-in-transaction", LintLevel::Error, "postgresql",
     "CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block: the migration fails "
     "with \"cannot run inside a transaction block\".",
     "Put the statement in its own script with `-- Transactional: false`."},
    {"adding-field-with-volatile-default", LintLevel::Warning, "postgresql",
     "Adding a column with a volatile default (random(), gen_random_uuid(), clock_timestamp(), a "
     "serial) rewrites the whole table under an ACCESS EXCLUSIVE lock. Before PostgreSQL 11 any "
     "non-null default does.",
     "Add the column without a default, set the default for new rows with ALTER COLUMN ... SET "
     "DEFAULT, then fill existing rows in batches."},
    {"adding-not-nullable-field", LintLevel::Error, "postgresql",
     "Adding a NOT NULL column without a default fails as soon as the table has a row.",
     "Add the column with a non-volatile default (PostgreSQL 11+), or add it nullable, fill it, "
     "then add a NOT VALID check and SET NOT NULL."},
    {"set-not-null-without-valid-check", LintLevel::Warning, "postgresql",
     "ALTER COLUMN ... SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock. From "
     "PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) exists.",
     "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c; then SET NOT "
     "NULL (PostgreSQL 12+), and drop the check."},
    {"constraint-missing-not-valid", LintLevel::Warning, "postgresql",
     "Adding a FOREIGN KEY or CHECK constraint to an existing table validates every row while "
     "holding a lock that blocks writes (a foreign key locks the referenced table too).",
     "ADD CONSTRAINT ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a later "
     "statement (it takes a weaker lock)."},
    {"adding-unique-constraint", LintLevel::Warning, "postgresql",
     "ADD UNIQUE / PRIMARY KEY builds its index while holding an ACCESS EXCLUSIVE lock: the table "
     "is unusable for the whole build.",
     "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX (or "
     "PRIMARY KEY USING INDEX)."},
    {"adding-serial-primary-key", LintLevel::Warning, "postgresql",
     "Adding a primary key column (serial or identity) fills every row and builds the unique "
     "index under an ACCESS EXCLUSIVE lock: a full rewrite with the table blocked.",
     "Add a nullable bigint column, fill it in batches, create a unique index CONCURRENTLY, then "
     "ADD PRIMARY KEY USING INDEX."},
    {"changing-column-type", LintLevel::Warning, "postgresql mysql",
     "ALTER COLUMN ... TYPE (MySQL/MariaDB: MODIFY or CHANGE with another type) rewrites the "
     "table and its indexes while writes wait, and the running application may not read the new "
     "type. PostgreSQL skips the rewrite only for binary-coercible widenings (varchar(n) to "
     "varchar(m > n) or text, numeric(p,s) to numeric(p' > p,s)); MySQL/MariaDB widenings "
     "(longer VARCHAR, larger integer) are not reported here, alter-needs-copy says whether they "
     "copy.",
     "Add a new column, write both, backfill, switch readers, then drop the old one."},
    {"require-lock-timeout", LintLevel::Warning, "postgresql",
     "DDL waits for its lock behind any running query, and while it waits every other query on "
     "the table queues behind it: one slow report can stop the application.",
     "Start the section with SET lock_timeout = '2s' (or SET LOCAL) and retry on timeout."},
    {"ban-char-field", LintLevel::Warning, "postgresql",
     "char(n) pads values with spaces, compares surprisingly and is no faster than text.",
     "text, or varchar(n) when a limit is really wanted."},
    {"prefer-bigint-over-int", LintLevel::Notice, "postgresql",
     "integer and smallint columns overflow (2^31 - 1); changing the type later rewrites the "
     "table.",
     "bigint."},
    {"prefer-identity", LintLevel::Notice, "postgresql",
     "serial columns own a sequence with loose permissions and dump semantics; identity columns "
     "are the SQL-standard replacement.",
     "bigint GENERATED BY DEFAULT AS IDENTITY."},
    {"prefer-timestamptz", LintLevel::Notice, "postgresql",
     "timestamp without time zone stores wall-clock time: values shift meaning when the server "
     "or session time zone changes.",
     "timestamptz."},
    {"prefer-text-field", LintLevel::Notice, "postgresql",
     "A varchar(n) limit is no faster than text, and raising it later may need a lock.",
     "text, with a CHECK (length(col) <= n) constraint if a limit is wanted."},
    {"enum-value-in-transaction", LintLevel::Error, "postgresql",
     "Before PostgreSQL 12, ALTER TYPE ... ADD VALUE cannot run inside a transaction block.",
     "Put it in its own script with `-- Transactional: false` (or upgrade to PostgreSQL 12)."},
    // MySQL/MariaDB
    {"alter-needs-copy", LintLevel::Warning, "mysql",
     "InnoDB performs most ALTER TABLE operations in place (ALGORITHM=INPLACE or INSTANT) while "
     "reads and writes go on. Some it cannot: changing a column's type (except a VARCHAR "
     "extension that keeps its length bytes, or ENUM/SET values appended at the end), DROP "
     "PRIMARY KEY without a new one, ADD FOREIGN KEY with foreign_key_checks on, ADD CHECK, a "
     "stored generated column, a non-constant default, ENGINE=, CONVERT TO CHARACTER SET, "
     "ORDER BY, repartitioning. Those run with ALGORITHM=COPY: the table is copied row by row "
     "and writes are blocked until the copy is done, which on a large table is an outage. Which "
     "operations copy depends on the server version (MariaDB 10.2.2 extends VARCHAR in place, "
     "10.4.3 also from at most 127 bytes to 256 or more).",
     "Write the ALTER with `, ALGORITHM=INPLACE, LOCK=NONE` so the server refuses instead of "
     "copying; for a change that needs a copy use an online schema change tool (pt-online-"
     "schema-change, gh-ost) or add a new column, backfill it in batches and switch over."},
    {"implicit-commit", LintLevel::Warning, "mysql",
     "MySQL and MariaDB commit implicitly before and after every DDL statement, so a migration "
     "that mixes DDL with data changes (INSERT, UPDATE, DELETE) cannot be rolled back: when a "
     "statement fails, everything before it stays applied, while the version table still shows "
     "the previous revision, and running the migration again fails on what already exists.",
     "Keep DDL and data changes in separate revisions, one DDL statement per revision where "
     "possible, and make data changes idempotent (INSERT IGNORE, WHERE NOT EXISTS) so a rerun "
     "is safe."},
    {"enum-set-reorder", LintLevel::Error, "mysql",
     "ENUM and SET columns store each value as its position in the declared list (SET: as a "
     "bit). Appending values at the end changes only metadata (INSTANT); removing a value or "
     "changing the order rewrites the table with ALGORITHM=COPY and reinterprets the stored "
     "positions: rows holding a removed value become '' (or fail in strict mode), and a "
     "different order changes sorting and comparisons.",
     "Only append new values at the end of the list. To remove or reorder, add a new column, "
     "copy the values over in batches with an explicit mapping, and switch the application."},
    // SQLite
    {"alter-needs-rebuild", LintLevel::Error, "sqlite",
     "SQLite's ALTER TABLE can only rename a table, rename a column (3.25.0+), add a column and "
     "drop a column (3.35.0+). ADD COLUMN fails for a PRIMARY KEY or UNIQUE column, a STORED "
     "generated column, a default of CURRENT_TIME/CURRENT_DATE/CURRENT_TIMESTAMP or an "
     "expression in parentheses, and NOT NULL without a non-NULL default; DROP COLUMN fails for "
     "a column that is in the primary key, UNIQUE, indexed, used by a foreign key, a CHECK, a "
     "generated column, a partial index, a view or a trigger. Changing a type or a constraint "
     "is not an ALTER at all. Such a statement fails when the migration runs.",
     "Rebuild the table (sqlite.org/lang_altertable.html, \"other kinds of table schema "
     "changes\"): in a `-- Transactional: false` script, PRAGMA foreign_keys = OFF; BEGIN; "
     "CREATE TABLE new_t (...); INSERT INTO new_t SELECT ... FROM t; DROP TABLE t; ALTER TABLE "
     "new_t RENAME TO t (drop the views naming t before, or the rename fails); recreate "
     "indexes, triggers and views; PRAGMA foreign_key_check; "
     "COMMIT; PRAGMA foreign_keys = ON."},
    {"foreign-keys-off-during-rebuild", LintLevel::Warning, "sqlite",
     "Where foreign keys are enforced, DROP TABLE first deletes every row, so a table rebuild "
     "(or dropping a referenced table) runs the ON DELETE actions of the tables that reference "
     "it: CASCADE empties them, RESTRICT fails. PRAGMA foreign_keys = OFF prevents that, but it "
     "is a no-op inside a transaction, and Retort runs a script in a transaction unless it says "
     "`-- Transactional: false`.",
     "-- Transactional: false, then PRAGMA foreign_keys = OFF; BEGIN; the rebuild; PRAGMA "
     "foreign_key_check; COMMIT; PRAGMA foreign_keys = ON."},
    // Destructive
    {"drop-table", LintLevel::Error, "postgresql mysql sqlite",
     "DROP TABLE deletes the table and its data; the running application still uses it and a "
     "downgrade cannot bring the rows back.",
     "Stop using the table in the application first, back it up, and drop it in a later "
     "release."},
    {"drop-column", LintLevel::Error, "postgresql mysql sqlite",
     "DROP COLUMN deletes the column's data, and the running application's queries naming it "
     "start failing.",
     "Stop reading and writing the column in the application first, then drop it in a later "
     "release."},
    {"drop-schema", LintLevel::Error, "postgresql mysql",
     "DROP SCHEMA deletes the schema (with CASCADE, everything in it).",
     "Drop the objects one by one, deliberately, after a backup."},
    {"drop-database", LintLevel::Error, "postgresql mysql",
     "DROP DATABASE deletes a whole database.",
     "Do it by hand, after a backup, not in a migration."},
    {"truncate", LintLevel::Error, "postgresql mysql",
     "TRUNCATE deletes every row, takes an ACCESS EXCLUSIVE lock, and a downgrade cannot bring "
     "the rows back.",
     "DELETE ... WHERE the rows really meant, in batches."},
    {"delete-or-update-without-where", LintLevel::Warning, "postgresql mysql sqlite",
     "DELETE or UPDATE without WHERE changes every row of the table in one transaction, holding "
     "row locks on all of them.",
     "Add the WHERE clause meant; change large tables in batches."},
    {"rename-table", LintLevel::Warning, "postgresql mysql sqlite",
     "Renaming a table breaks the running application, which still uses the old name.",
     "Create the new table (or a view under the old name), switch the application, then drop "
     "the old name."},
    {"rename-column", LintLevel::Warning, "postgresql mysql sqlite",
     "Renaming a column breaks the running application, which still uses the old name.",
     "Add the new column, write both, backfill, switch readers, then drop the old one."},
    // Project
    {"missing-downgrade", LintLevel::Warning, "",
     "The script's downgrade section is empty: a downgrade through this revision changes "
     "nothing, so the schema no longer matches the revision it claims.",
     "Write the statements that undo the upgrade (or say why it cannot be undone in an allow "
     "comment)."},
    {"non-transactional-mixed", LintLevel::Warning, "",
     "A `Transactional: false` script runs statement by statement: when one fails, the ones "
     "before it stay applied. Statements that should be atomic do not belong beside a "
     "CONCURRENTLY statement.",
     "Keep the CONCURRENTLY statement alone in its non-transactional script; move the rest to a "
     "transactional one."},
    {"downgrade-does-not-restore", LintLevel::Warning, "",
     "Replayed on a scratch database, the upgrade followed by the downgrade does not give back "
     "the schema the upgrade started from: a downgrade through this revision leaves objects "
     "behind, or loses some, and the schema no longer matches the revision it claims.",
     "Make the downgrade undo exactly what the upgrade does (drop what it creates, recreate "
     "what it drops, restore changed definitions); say why in an allow comment when it cannot."},
    {"unparsable-statement", LintLevel::Warning, "postgresql",
     "PostgreSQL's own parser (libpg_query) rejects the statement, so no rule could judge it; "
     "run as it is, the server refuses it and the migration fails at this statement.",
     "Fix the syntax (the parser's message says where); for SQL of another dialect, use a "
     "section qualified by driver (`-- migrate:upgrade mysql`)."},
    {"allow-without-reason", LintLevel::Warning, "",
     "A `-- retort:allow RULE` comment without a reason does not apply: the reason is what a "
     "reviewer reads.",
     "-- retort:allow RULE why this is safe here"},
};
// clang-format on

} // namespace

QString lintLevelName(LintLevel level)
{
    switch (level) {
    case LintLevel::Notice:
        return QStringLiteral("notice");
    case LintLevel::Warning:
        return QStringLiteral("warning");
    case LintLevel::Error:
        return QStringLiteral("error");
    case LintLevel::Off:
        return QStringLiteral("off");
    }
    return {};
}

std::optional<LintLevel> lintLevelFromName(QStringView name)
{
    for (LintLevel l : {LintLevel::Notice, LintLevel::Warning, LintLevel::Error, LintLevel::Off})
        if (name == lintLevelName(l))
            return l;
    return std::nullopt;
}

const std::vector<LintRule> &lintRules()
{
    static const std::vector<LintRule> rules = [] {
        std::vector<LintRule> out;
        for (const RuleText &r : kRules) {
            const QString dialects = QString::fromLatin1(r.dialects);
            out.push_back(
                {QString::fromLatin1(r.name), r.level, QString::fromUtf8(r.explanation),
                 QString::fromUtf8(r.saferForm),
                 dialects.isEmpty() ? QStringList{} : dialects.split(u' ', Qt::SkipEmptyParts)});
        }
        return out;
    }();
    return rules;
}

const LintRule *lintRule(const QString &name)
{
    static const QHash<QString, const LintRule *> byName = [] {
        QHash<QString, const LintRule *> h;
        for (const LintRule &r : lintRules())
            h.insert(r.name, &r);
        return h;
    }();
    return byName.value(name);
}

} // namespace retort
