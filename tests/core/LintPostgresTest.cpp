// The lint engine and its PostgreSQL rules (lint/Lint.h): a corpus with one small section per rule
// that triggers exactly that rule, a clean corpus that triggers nothing, the version-aware rules
// across PostgreSQL 10 / 11 / 12+, allow comments and the project's [lint] levels.

#include "graph/Plan.h"
#include "lint/Lint.h"
#include "project/Project.h"
#include "project/Workspace.h"
#include "scripts/ScriptParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>

#include <gtest/gtest.h>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

const QString kLockTimeout = "SET lock_timeout = '2s';\n";

std::vector<LintFinding> lintPg(const QString &sql, int version = 0, bool transactional = true,
                                LintSchemaState *schema = nullptr)
{
    LintOptions options;
    options.driver = "postgresql";
    options.serverVersionNum = version;
    LintContext context;
    context.file = "/p/versions/x.sql";
    context.revision = "abc";
    context.transactional = transactional;
    context.schema = schema;
    return lintSection(sql, 10, context, options);
}

QStringList rulesOf(const std::vector<LintFinding> &findings)
{
    QStringList rules;
    for (const LintFinding &f : findings)
        rules.append(f.rule);
    return rules;
}

struct Case {
    const char *rule;
    const char *sql;
    bool transactional = true;
    int version = 0;
    bool setLockTimeout = true;
};

// One section per rule; each must trigger exactly its rule.
const Case kCorpus[] = {
    {"require-concurrent-index-creation", "CREATE INDEX ix_orders_total ON orders (total);"},
    {"require-concurrent-index-deletion", "DROP INDEX ix_orders_total;"},
    {"unparsable-statement", "ALTER TABLE orders ADD COLUMN;"},
    {"concurrent-index-in-transaction", "CREATE INDEX CONCURRENTLY ix ON orders (total);"},
    {"adding-field-with-volatile-default",
     "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();"},
    {"adding-not-nullable-field", "ALTER TABLE orders ADD COLUMN note text NOT NULL;"},
    {"set-not-null-without-valid-check", "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;"},
    {"constraint-missing-not-valid",
     "ALTER TABLE orders ADD CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES "
     "customers (id);"},
    {"adding-unique-constraint", "ALTER TABLE orders ADD CONSTRAINT uq_code UNIQUE (code);"},
    {"adding-serial-primary-key", "ALTER TABLE orders ADD COLUMN id bigserial PRIMARY KEY;"},
    {"changing-column-type", "ALTER TABLE orders ALTER COLUMN total TYPE bigint;"},
    {"require-lock-timeout", "ALTER TABLE orders ADD COLUMN note text;", true, 0, false},
    {"ban-char-field", "CREATE TABLE codes (code char(3));"},
    {"prefer-bigint-over-int", "CREATE TABLE counters (n integer);"},
    {"prefer-identity", "CREATE TABLE things (id bigserial);"},
    {"prefer-timestamptz", "CREATE TABLE events (at timestamp);"},
    {"prefer-text-field", "CREATE TABLE people (name varchar(40));"},
    {"enum-value-in-transaction", "ALTER TYPE mood ADD VALUE 'meh';", true, 110000},
    {"drop-table", "DROP TABLE orders;"},
    {"drop-column", "ALTER TABLE orders DROP COLUMN note;"},
    {"drop-schema", "DROP SCHEMA archive CASCADE;"},
    {"drop-database", "DROP DATABASE shop;"},
    {"truncate", "TRUNCATE orders;"},
    {"delete-or-update-without-where", "DELETE FROM orders;"},
    {"rename-table", "ALTER TABLE orders RENAME TO purchases;"},
    {"rename-column", "ALTER TABLE orders RENAME COLUMN total TO amount;"},
    {"non-transactional-mixed",
     "CREATE INDEX CONCURRENTLY ix ON orders (total);\nUPDATE orders SET total = 0 WHERE total "
     "IS NULL;",
     false},
};

QString sectionOf(const Case &c)
{
    return (c.setLockTimeout ? kLockTimeout : QString()) + QString::fromUtf8(c.sql);
}

} // namespace

TEST(LintPostgres, EachCorpusSectionTriggersExactlyItsRule)
{
    for (const Case &c : kCorpus) {
        const auto findings = lintPg(sectionOf(c), c.version, c.transactional);
        EXPECT_EQ(rulesOf(findings), QStringList{c.rule}) << c.rule;
    }
}

TEST(LintPostgres, TheCorpusCoversEveryPostgresRule)
{
    QSet<QString> covered;
    for (const Case &c : kCorpus)
        covered.insert(c.rule);
    for (const LintRule &r : lintRules()) {
        if (r.dialects.contains("postgresql")) {
            EXPECT_TRUE(covered.contains(r.name)) << r.name.toStdString();
        }
    }
}

TEST(LintPostgres, FindingsNameTheObjectAndPointAtTheStatementLine)
{
    const auto findings = lintPg(kLockTimeout + "\n-- the index\nCREATE INDEX ix_orders_total "
                                                "ON orders (total);");
    ASSERT_EQ(findings.size(), 1u);
    const LintFinding &f = findings[0];
    EXPECT_EQ(f.message, "CREATE INDEX ix_orders_total on orders without CONCURRENTLY blocks "
                         "writes to orders while it builds");
    EXPECT_EQ(f.line, 13); // section starts at line 10; the statement is its 4th line
    EXPECT_EQ(f.level, LintLevel::Warning);
    EXPECT_EQ(f.file, "/p/versions/x.sql");
    EXPECT_EQ(f.revision, "abc");
    EXPECT_EQ(f.section, "upgrade");
    EXPECT_EQ(f.statement, "CREATE INDEX ix_orders_total ON orders (total)");
    EXPECT_FALSE(f.explanation.isEmpty());
    EXPECT_FALSE(f.saferForm.isEmpty());
}

TEST(LintPostgres, CommentsStringsAndDollarQuotedBodiesTriggerNothing)
{
    QString sql;
    for (const Case &c : kCorpus) {
        const QString stmt = QString::fromUtf8(c.sql);
        QString quoted = stmt;
        quoted.replace("'", "''");
        sql += "-- " + QString(stmt).replace("\n", "\n-- ") + "\n";
        sql += "/* " + stmt + " */\n";
        sql += "SELECT '" + quoted + "' AS text;\n";
        sql += "SELECT $q$" + stmt + "$q$;\n";
        sql += "CREATE FUNCTION f_" + QString(c.rule).replace('-', '_') +
               "() RETURNS void LANGUAGE sql AS $fn$ " + stmt + " $fn$;\n";
        sql += "DO $$ BEGIN EXECUTE 'SELECT 1'; END $$;\n";
    }
    for (int version : {0, 100000, 110000, 120000}) {
        const auto findings = lintPg(sql, version);
        EXPECT_TRUE(findings.empty())
            << version << ": " << rulesOf(findings).join(", ").toStdString();
    }
}

TEST(LintPostgres, TheDemoProjectIsCleanForItsOwnDriver)
{
    auto ws = Workspace::load(RETORT_SOURCE_DIR "/migrations");
    ASSERT_TRUE(ws) << ws.error().toString().toStdString();
    QStringList ids;
    for (const Script &s : (*ws)->scripts())
        ids.append(s.revision);
    LintOptions options;
    options.driver = "sqlite";
    const LintReport report = lintRevisions(**ws, ids, options);
    EXPECT_TRUE(report.findings.empty()) << rulesOf(report.findings).join(", ").toStdString();
    EXPECT_TRUE(report.notes.isEmpty());
}

TEST(LintPostgres, SafeFormsTriggerNothing)
{
    const QString sql =
        kLockTimeout + "CREATE TABLE orders2 (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY "
                       "KEY, code text UNIQUE, at timestamptz NOT NULL DEFAULT now());\n"
                       "CREATE INDEX ix_orders2_at ON orders2 (at);\n"
                       "ALTER TABLE orders2 ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES x (id);\n"
                       "ALTER TABLE orders ADD COLUMN flag boolean NOT NULL DEFAULT false;\n"
                       "ALTER TABLE orders ADD CONSTRAINT fk_c FOREIGN KEY (c) REFERENCES c (id) "
                       "NOT VALID;\n"
                       "ALTER TABLE orders VALIDATE CONSTRAINT fk_c;\n"
                       "ALTER TABLE orders ADD CONSTRAINT uq UNIQUE USING INDEX ix_uq;\n"
                       "DELETE FROM orders WHERE id < 10;\n"
                       "UPDATE orders SET flag = true WHERE id = 1;\n";
    const auto findings = lintPg(sql);
    EXPECT_TRUE(findings.empty()) << rulesOf(findings).join(", ").toStdString();
}

TEST(LintPostgres, ConcurrentIndexInANonTransactionalScriptIsFine)
{
    EXPECT_TRUE(
        lintPg(kLockTimeout + "CREATE INDEX CONCURRENTLY ix ON orders (total);", 0, false).empty());
    EXPECT_TRUE(lintPg(kLockTimeout + "DROP INDEX CONCURRENTLY ix;", 0, false).empty());
    EXPECT_EQ(rulesOf(lintPg(kLockTimeout + "DROP INDEX CONCURRENTLY ix;")),
              QStringList{"concurrent-index-in-transaction"});
}

TEST(LintPostgres, NonVolatileDefaultsRewriteOnlyBeforePostgres11)
{
    const QString sql = kLockTimeout + "ALTER TABLE orders ADD COLUMN n bigint DEFAULT 0;";
    const auto pg10 = lintPg(sql, 100000);
    ASSERT_EQ(rulesOf(pg10), QStringList{"adding-field-with-volatile-default"});
    EXPECT_TRUE(pg10[0].message.contains("before PostgreSQL 11 (server 10.0)"));
    EXPECT_EQ(pg10[0].facts["server_version_num"].toInt(), 100000);
    EXPECT_TRUE(lintPg(sql, 110000).empty());
    EXPECT_TRUE(lintPg(sql, 120000).empty());
    EXPECT_TRUE(lintPg(sql, 0).empty()); // unknown: the newest semantics
    // So does a stored generated column.
    EXPECT_EQ(rulesOf(lintPg(kLockTimeout + "ALTER TABLE orders ADD COLUMN g bigint GENERATED "
                                            "ALWAYS AS (id * 2) STORED;")),
              QStringList{"adding-field-with-volatile-default"});
    // A volatile default rewrites on every version.
    for (int v : {0, 100000, 110000, 150000})
        EXPECT_EQ(rulesOf(lintPg(kLockTimeout + "ALTER TABLE orders ADD COLUMN r float8 DEFAULT "
                                                "random();",
                                 v)),
                  QStringList{"adding-field-with-volatile-default"});
}

TEST(LintPostgres, SetNotNullIsFineAfterAValidatedCheckFromPostgres12)
{
    const QString pattern = kLockTimeout +
                            "ALTER TABLE orders ADD CONSTRAINT nn CHECK (note IS NOT NULL) NOT "
                            "VALID;\nALTER TABLE orders VALIDATE CONSTRAINT nn;\n"
                            "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;";
    EXPECT_TRUE(lintPg(pattern, 120000).empty());
    EXPECT_TRUE(lintPg(pattern, 150000).empty());
    EXPECT_TRUE(lintPg(pattern, 0).empty());
    const auto pg11 = lintPg(pattern, 110000);
    ASSERT_EQ(rulesOf(pg11), QStringList{"set-not-null-without-valid-check"});
    EXPECT_TRUE(pg11[0].message.contains("before PostgreSQL 12"));
    // Not validated: the check does not spare the scan.
    const QString unvalidated = kLockTimeout +
                                "ALTER TABLE orders ADD CONSTRAINT nn CHECK (note IS NOT NULL) NOT "
                                "VALID;\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;";
    EXPECT_EQ(rulesOf(lintPg(unvalidated, 150000)),
              QStringList{"set-not-null-without-valid-check"});
    // A check on another column does not count either.
    const QString other = kLockTimeout +
                          "ALTER TABLE orders ADD CONSTRAINT nn CHECK (other IS NOT NULL) NOT "
                          "VALID;\nALTER TABLE orders VALIDATE CONSTRAINT nn;\n"
                          "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;";
    EXPECT_EQ(rulesOf(lintPg(other, 150000)), QStringList{"set-not-null-without-valid-check"});
}

TEST(LintPostgres, EnumValuesInATransactionFailOnlyBeforePostgres12)
{
    const QString sql = "ALTER TYPE mood ADD VALUE 'meh';";
    EXPECT_EQ(rulesOf(lintPg(sql, 100000)), QStringList{"enum-value-in-transaction"});
    EXPECT_EQ(rulesOf(lintPg(sql, 110000)), QStringList{"enum-value-in-transaction"});
    EXPECT_TRUE(lintPg(sql, 120000).empty());
    EXPECT_TRUE(lintPg(sql, 0).empty());
    EXPECT_TRUE(lintPg(sql, 110000, false).empty());
}

TEST(LintPostgres, TablesCreatedInTheSameSectionAreExempt)
{
    const QString sql = "CREATE TABLE t (id bigint, code text, c bigint);\n"
                        "CREATE INDEX ix_t ON t (code);\n"
                        "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES x (id);\n"
                        "ALTER TABLE t ADD CONSTRAINT ck CHECK (id > 0);\n"
                        "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (code);\n"
                        "ALTER TABLE t ALTER COLUMN code SET NOT NULL;\n"
                        "ALTER TABLE t ADD COLUMN n text NOT NULL;\n"
                        "DELETE FROM t;\n";
    const auto findings = lintPg(sql);
    EXPECT_TRUE(findings.empty()) << rulesOf(findings).join(", ").toStdString();
}

TEST(LintPostgres, BinaryCoercibleWideningsDoNotCountAsTypeChanges)
{
    LintSchemaState schema;
    ASSERT_EQ(rulesOf(lintPg("CREATE TABLE items (name varchar(20), price numeric(10,2), "
                             "code text, qty bigint);",
                             0, true, &schema)),
              (QStringList{"prefer-text-field"}));
    EXPECT_EQ(schema.columnTypes.value("items.name"), "varchar(20)");
    auto alter = [&](const QString &change) {
        return rulesOf(lintPg(kLockTimeout + "ALTER TABLE items ALTER COLUMN " + change + ";", 0,
                              true, &schema));
    };
    EXPECT_EQ(alter("name TYPE varchar(50)"), QStringList{"prefer-text-field"});
    EXPECT_EQ(alter("name TYPE text"), QStringList{});
    EXPECT_EQ(alter("price TYPE numeric(12,2)"), QStringList{});
    EXPECT_EQ(alter("price TYPE numeric(14,3)"), QStringList{"changing-column-type"});
    EXPECT_EQ(alter("qty TYPE integer"),
              (QStringList{"prefer-bigint-over-int", "changing-column-type"}));
    EXPECT_EQ(alter("code TYPE text USING upper(code)"), QStringList{"changing-column-type"});
    // Schema-qualified tables share the unqualified key.
    ASSERT_TRUE(lintPg("CREATE TABLE s.qual (v varchar(5));", 0, true, &schema).size() == 1);
    EXPECT_EQ(rulesOf(lintPg(kLockTimeout + "ALTER TABLE s.qual ALTER COLUMN v TYPE varchar(9);", 0,
                             true, &schema)),
              QStringList{"prefer-text-field"});
    // The old type unknown: the message says so.
    const auto unknown =
        lintPg(kLockTimeout + "ALTER TABLE other ALTER COLUMN c TYPE text;", 0, true, &schema);
    ASSERT_EQ(rulesOf(unknown), QStringList{"changing-column-type"});
    EXPECT_TRUE(unknown[0].message.contains("not known")) << unknown[0].message.toStdString();
}

TEST(LintPostgres, RequireLockTimeoutWantsTheSettingBeforeTheFirstDdl)
{
    EXPECT_TRUE(
        lintPg("SET LOCAL lock_timeout TO 2000;\nALTER TABLE a ADD COLUMN b text;").empty());
    const auto late = lintPg("ALTER TABLE a ADD COLUMN b text;\nSET lock_timeout = '1s';\n"
                             "ALTER TABLE a ADD COLUMN c text;");
    ASSERT_EQ(rulesOf(late), QStringList{"require-lock-timeout"});
    EXPECT_EQ(late[0].line, 10);
    // lock_timeout = 0 turns it off; RESET is no setting either.
    EXPECT_EQ(rulesOf(lintPg("SET lock_timeout = 0;\nALTER TABLE a ADD COLUMN b text;")),
              QStringList{"require-lock-timeout"});
    EXPECT_EQ(rulesOf(lintPg("RESET lock_timeout;\nALTER TABLE a ADD COLUMN b text;")),
              QStringList{"require-lock-timeout"});
    // Once per section.
    EXPECT_EQ(rulesOf(lintPg("ALTER TABLE a ADD COLUMN b text;\nALTER TABLE a ADD COLUMN c "
                             "text;")),
              QStringList{"require-lock-timeout"});
}

TEST(LintPostgres, AllowCommentsWithAReasonKeepTheFindingAsAllowed)
{
    const auto above =
        lintPg(kLockTimeout + "-- retort:allow require-concurrent-index-creation orders has 40 "
                              "rows\n-- another comment\nCREATE INDEX ix ON orders (total);");
    ASSERT_EQ(above.size(), 1u);
    EXPECT_TRUE(above[0].allowed);
    EXPECT_EQ(above[0].allowReason, "orders has 40 rows");

    const auto sameLine = lintPg(kLockTimeout + "DROP TABLE old_orders; -- retort:allow "
                                                "drop-table archived in ticket 42");
    ASSERT_EQ(sameLine.size(), 1u);
    EXPECT_TRUE(sameLine[0].allowed);
    EXPECT_EQ(sameLine[0].allowReason, "archived in ticket 42");

    // A blank line breaks the link; an allow for another rule does not apply.
    const auto apart = lintPg(kLockTimeout + "-- retort:allow drop-table reason\n\nDROP TABLE t;");
    ASSERT_EQ(apart.size(), 1u);
    EXPECT_FALSE(apart[0].allowed);
    const auto other = lintPg(kLockTimeout + "-- retort:allow truncate reason\nDROP TABLE t;");
    ASSERT_EQ(other.size(), 1u);
    EXPECT_FALSE(other[0].allowed);
}

TEST(LintPostgres, AnAllowWithoutReasonDoesNotApplyAndSaysSo)
{
    const auto findings = lintPg(kLockTimeout + "-- retort:allow drop-table\nDROP TABLE orders;");
    ASSERT_EQ(rulesOf(findings), (QStringList{"allow-without-reason", "drop-table"}));
    EXPECT_EQ(findings[0].level, LintLevel::Warning);
    EXPECT_EQ(findings[0].line, 11);
    EXPECT_FALSE(findings[1].allowed);
    EXPECT_EQ(findings[1].level, LintLevel::Error);
}

TEST(LintPostgres, AllowedErrorsAreNotCounted)
{
    auto ws = std::vector<LintFinding>{};
    LintReport report;
    report.findings = lintPg(kLockTimeout + "-- retort:allow drop-table archived\nDROP TABLE a;\n"
                                            "DROP TABLE b;");
    ASSERT_EQ(report.findings.size(), 2u);
    EXPECT_EQ(report.errorCount(), 1);
}

namespace {

Script scriptOf(const QString &text)
{
    auto parsed = parseScript("/p/versions/r1_x.sql", text.toUtf8());
    EXPECT_TRUE(parsed) << parsed.error().toString().toStdString();
    return parsed ? *parsed : Script{};
}

QString scriptText(const QString &upgrade, const QString &downgrade, bool transactional = true)
{
    return "-- x\n--\n-- Revision ID: r1\n-- Revises:\n-- Create Date: 2026-01-01\n"
           "-- Transactional: " +
           QString(transactional ? "true" : "false") + "\n\n-- migrate:upgrade\n" + upgrade +
           "\n\n-- migrate:downgrade\n" + downgrade + "\n";
}

} // namespace

TEST(LintPostgres, DowngradesMayDropWhatTheirUpgradeCreated)
{
    LintOptions options;
    const Script own = scriptOf(scriptText(
        "CREATE TABLE t (id bigint);\nALTER TABLE u ADD COLUMN note text;\nSET lock_timeout = 1;",
        "ALTER TABLE u DROP COLUMN note;\nDROP TABLE t;"));
    auto findings = lintScript(own, LintDirection::Downgrade, options);
    // The column's table existed before: its DDL still wants a lock_timeout, nothing else.
    EXPECT_EQ(rulesOf(findings), QStringList{"require-lock-timeout"});
    const Script foreign = scriptOf(
        scriptText("CREATE TABLE t (id bigint);", "SET lock_timeout = 1;\nDROP TABLE other;"));
    findings = lintScript(foreign, LintDirection::Downgrade, options);
    ASSERT_EQ(rulesOf(findings), QStringList{"drop-table"});
    EXPECT_EQ(findings[0].section, "downgrade");
    EXPECT_EQ(findings[0].line, 13);
}

TEST(LintPostgres, AnEmptyDowngradeIsMissingDowngrade)
{
    LintOptions options;
    const Script s = scriptOf(scriptText("CREATE TABLE t (id bigint);", "-- nothing"));
    const auto findings = lintScript(s, LintDirection::Both, options);
    ASSERT_EQ(rulesOf(findings), QStringList{"missing-downgrade"});
    EXPECT_EQ(findings[0].level, LintLevel::Warning);
    // For every driver, also without a PostgreSQL parser.
    options.driver = "sqlite";
    EXPECT_EQ(rulesOf(lintScript(s, LintDirection::Both, options)),
              QStringList{"missing-downgrade"});
}

TEST(LintPostgres, ANonTransactionalScriptMixingStatementsIsFlagged)
{
    LintOptions options;
    const Script s = scriptOf(scriptText(
        "SET lock_timeout = 1;\nCREATE INDEX CONCURRENTLY ix ON t (a);\nALTER TABLE t ADD "
        "COLUMN b text;",
        "DROP INDEX CONCURRENTLY ix;", false));
    const auto findings = lintScript(s, LintDirection::Both, options);
    ASSERT_EQ(rulesOf(findings), QStringList{"non-transactional-mixed"});
    EXPECT_EQ(findings[0].line, 11);
    EXPECT_TRUE(findings[0].message.contains("ALTER TABLE t ADD COLUMN b text"));
}

TEST(LintPostgres, ProjectLevelsOverrideAndOffDrops)
{
    auto p = Project::parse("[lint]\nrequire-concurrent-index-creation = \"error\"\n"
                            "prefer-bigint-over-int = \"off\"\n",
                            "/p/retort.toml");
    ASSERT_TRUE(p) << p.error().toString().toStdString();
    auto levels = projectLintLevels(*p);
    ASSERT_TRUE(levels) << levels.error().toString().toStdString();
    LintOptions options;
    options.levels = *levels;
    LintContext context;
    const auto findings = lintSection(kLockTimeout + "CREATE TABLE c (n integer);\n"
                                                     "CREATE INDEX ix ON orders (total);",
                                      1, context, options);
    ASSERT_EQ(rulesOf(findings), QStringList{"require-concurrent-index-creation"});
    EXPECT_EQ(findings[0].level, LintLevel::Error);
}

TEST(LintPostgres, UnknownRulesAndLevelsInLintAreProjectFileErrors)
{
    auto bad = Project::parse("[project]\nname = \"x\"\n\n[lint]\ndrop-table = \"loud\"\n",
                              "/p/retort.toml");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().line, 5);
    EXPECT_EQ(bad.error().file, "/p/retort.toml");
    EXPECT_TRUE(bad.error().message.contains("lint.drop-table"))
        << bad.error().message.toStdString();
    auto notString = Project::parse("[lint]\ndrop-table = 3\n", "/p/retort.toml");
    ASSERT_FALSE(notString);
    EXPECT_EQ(notString.error().line, 2);

    auto unknown =
        Project::parse("[lint]\ntruncate = \"off\"\nno-such-rule = \"error\"\n", "/p/retort.toml");
    ASSERT_TRUE(unknown) << unknown.error().toString().toStdString();
    auto levels = projectLintLevels(*unknown);
    ASSERT_FALSE(levels);
    EXPECT_EQ(levels.error().line, 3);
    EXPECT_EQ(levels.error().file, "/p/retort.toml");
    EXPECT_TRUE(levels.error().is(ErrorKind::ProjectFile));
    EXPECT_TRUE(levels.error().message.contains("no-such-rule"));
}

TEST(LintPostgres, APlanIsLintedStepByStepInItsDirection)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    auto write = [&](const QString &rel, const QString &text) {
        QDir().mkpath(QFileInfo(dir.filePath(rel)).absolutePath());
        QFile f(dir.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
    };
    write("retort.toml", "[project]\nname = \"t\"\n\n[environments.local]\ndriver = "
                         "\"postgresql\"\nhost = \"h\"\ndatabase = \"d\"\nuser = \"u\"\n");
    auto script = [](const QString &id, const QString &revises, const QString &up,
                     const QString &down) {
        return "-- " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises +
               "\n\n-- migrate:upgrade\n" + up + "\n\n-- migrate:downgrade\n" + down + "\n";
    };
    write("versions/a1_t.sql",
          script("a1", "", "CREATE TABLE t (name varchar(20));", "DROP TABLE t;"));
    write("versions/b2_w.sql",
          script("b2", "a1", "SET lock_timeout = 1;\nALTER TABLE t ALTER COLUMN name TYPE text;",
                 "SET lock_timeout = 1;\nTRUNCATE t;"));
    auto ws = Workspace::load(dir.path());
    ASSERT_TRUE(ws) << ws.error().toString().toStdString();
    LintOptions options;
    auto up = (*ws)->graph().planUpgrade({}, "heads");
    ASSERT_TRUE(up) << up.error().toString().toStdString();
    // a1's declared varchar(20) makes b2's change a widening: only a1's notice remains.
    const LintReport upReport = lintPlan(*up, options);
    EXPECT_EQ(rulesOf(upReport.findings), QStringList{"prefer-text-field"});
    auto down = (*ws)->graph().planDowngrade({"b2"}, "base");
    ASSERT_TRUE(down) << down.error().toString().toStdString();
    const LintReport downReport = lintPlan(*down, options);
    ASSERT_EQ(rulesOf(downReport.findings), QStringList{"truncate"});
    EXPECT_EQ(downReport.findings[0].revision, "b2");
    EXPECT_EQ(downReport.errorCount(), 1);
}

namespace {

TEST(LintPostgresParse, AStatementPostgresCannotParseIsAFindingNamingTheParserError)
{
    LintContext context;
    context.file = QStringLiteral("/p/versions/a_x.sql");
    LintOptions options;
    const auto findings = lintSection(
        QStringLiteral("SET lock_timeout = '1s';\nTHIS IS NOT SQL;\nSELECT 'THIS IS NOT SQL';"), 10,
        context, options);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].rule, u"unparsable-statement");
    EXPECT_EQ(findings[0].line, 11);
    EXPECT_TRUE(findings[0].message.contains(u"syntax error at or near \"THIS\""))
        << findings[0].message.toStdString();
}

} // namespace
