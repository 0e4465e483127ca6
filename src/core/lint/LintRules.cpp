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
    {"changing-column-type", LintLevel::Warning, "postgresql",
     "ALTER COLUMN ... TYPE rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and "
     "the running application may not read the new type. Only binary-coercible widenings "
     "(varchar(n) to varchar(m > n) or text, numeric(p,s) to numeric(p' > p,s)) skip the rewrite.",
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
    // Destructive
    {"drop-table", LintLevel::Error, "postgresql",
     "DROP TABLE deletes the table and its data; the running application still uses it and a "
     "downgrade cannot bring the rows back.",
     "Stop using the table in the application first, back it up, and drop it in a later "
     "release."},
    {"drop-column", LintLevel::Error, "postgresql",
     "DROP COLUMN deletes the column's data, and the running application's queries naming it "
     "start failing.",
     "Stop reading and writing the column in the application first, then drop it in a later "
     "release."},
    {"drop-schema", LintLevel::Error, "postgresql",
     "DROP SCHEMA deletes the schema (with CASCADE, everything in it).",
     "Drop the objects one by one, deliberately, after a backup."},
    {"drop-database", LintLevel::Error, "postgresql",
     "DROP DATABASE deletes a whole database.",
     "Do it by hand, after a backup, not in a migration."},
    {"truncate", LintLevel::Error, "postgresql",
     "TRUNCATE deletes every row, takes an ACCESS EXCLUSIVE lock, and a downgrade cannot bring "
     "the rows back.",
     "DELETE ... WHERE the rows really meant, in batches."},
    {"delete-or-update-without-where", LintLevel::Warning, "postgresql",
     "DELETE or UPDATE without WHERE changes every row of the table in one transaction, holding "
     "row locks on all of them.",
     "Add the WHERE clause meant; change large tables in batches."},
    {"rename-table", LintLevel::Warning, "postgresql",
     "Renaming a table breaks the running application, which still uses the old name.",
     "Create the new table (or a view under the old name), switch the application, then drop "
     "the old name."},
    {"rename-column", LintLevel::Warning, "postgresql",
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
