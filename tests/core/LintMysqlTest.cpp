// The MySQL/MariaDB lint rules (lint/LintMysql.cpp), offline: a corpus with one section per rule
// that triggers exactly that rule, a clean corpus (every statement in comments and strings, and
// the safe forms) that triggers nothing, alter-needs-copy across MariaDB and MySQL versions, and
// what the schema state carries between revisions. tests/server/LintMariaDbTest.cpp checks
// alter-needs-copy against a real MariaDB.

#include "lint/Lint.h"
#include "scripts/ScriptParser.h"

#include <QJsonArray>
#include <QSet>

#include <gtest/gtest.h>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

// What earlier revisions created: the tables the corpus alters.
const QString kSchema =
    "CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2), note VARCHAR(50), "
    "status ENUM('new','paid','sent'), tags SET('a','b'), customer_id INT) "
    "ENGINE=InnoDB DEFAULT CHARSET=latin1;\n"
    "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40)) DEFAULT CHARSET=utf8mb4;";

std::vector<LintFinding> lintMy(const QString &sql, int version = 0,
                                LintSchemaState *schema = nullptr, bool transactional = true)
{
    LintOptions options;
    options.driver = "mysql";
    options.serverVersionNum = version;
    LintContext context;
    context.file = "/p/versions/x.sql";
    context.revision = "abc";
    context.transactional = transactional;
    context.schema = schema;
    return lintSection(sql, 10, context, options);
}

// Lints `sql` after the schema (an earlier section), with the given version.
std::vector<LintFinding> lintAfterSchema(const QString &sql, int version = 0)
{
    LintSchemaState schema;
    lintMy(kSchema, version, &schema);
    return lintMy(sql, version, &schema);
}

QStringList rulesOf(const std::vector<LintFinding> &findings, bool withAllowed = false)
{
    QStringList rules;
    for (const LintFinding &f : findings)
        if (withAllowed || !f.allowed)
            rules.append(f.rule);
    return rules;
}

struct Case {
    const char *rule;
    const char *sql;
};

// One section per rule; each must trigger exactly its rule (findings allowed in the script with a
// reason do not count: a type change always copies too).
const Case kCorpus[] = {
    {"drop-table", "DROP TABLE orders;"},
    {"drop-column", "ALTER TABLE orders DROP COLUMN note;"},
    {"drop-database", "DROP DATABASE shop;"},
    {"drop-schema", "DROP SCHEMA IF EXISTS archive;"},
    {"truncate", "TRUNCATE TABLE orders;"},
    {"delete-or-update-without-where", "UPDATE orders SET total = 0;"},
    {"rename-table", "RENAME TABLE orders TO purchases;"},
    {"rename-column", "ALTER TABLE orders RENAME COLUMN note TO remark;"},
    {"changing-column-type",
     "-- retort:allow alter-needs-copy the table is small\nALTER TABLE orders MODIFY total INT;"},
    {"alter-needs-copy", "ALTER TABLE orders DROP PRIMARY KEY;"},
    {"implicit-commit", "UPDATE orders SET total = 0 WHERE total IS NULL;\nALTER TABLE orders ADD "
                        "COLUMN paid_at DATETIME;"},
    {"enum-set-reorder", "-- retort:allow alter-needs-copy the table is small\nALTER TABLE orders "
                         "MODIFY status ENUM('paid','new','sent');"},
};

} // namespace

TEST(LintMysql, EachCorpusSectionTriggersExactlyItsRule)
{
    for (const Case &c : kCorpus) {
        const auto findings = lintAfterSchema(QString::fromUtf8(c.sql));
        EXPECT_EQ(rulesOf(findings), QStringList{c.rule}) << c.rule;
    }
}

TEST(LintMysql, TheCorpusCoversEveryMysqlRule)
{
    QSet<QString> covered;
    for (const Case &c : kCorpus)
        covered.insert(c.rule);
    for (const LintRule &r : lintRules())
        if (r.dialects.contains("mysql")) {
            EXPECT_TRUE(covered.contains(r.name)) << r.name.toStdString();
        }
}

TEST(LintMysql, CommentsAndStringsTriggerNothing)
{
    QString sql;
    for (const Case &c : kCorpus) {
        const QString stmt = QString::fromUtf8(c.sql);
        QString single = stmt, dbl = stmt;
        single.replace("'", "''");
        dbl.replace("\"", "\"\"");
        sql += "-- " + QString(stmt).replace("\n", "\n-- ") + "\n";
        sql += "# " + QString(stmt).replace("\n", "\n# ") + "\n";
        sql += "/* " + stmt + " */\n";
        sql += "SELECT '" + single + "' AS text;\n";
        sql += "SELECT \"" + dbl + "\" AS text;\n";
        sql += "SELECT 1 /* " + stmt + " */ FROM dual;\n";
    }
    for (int version : {0, 50600, 100110, 100311, 101106}) {
        const auto findings = lintAfterSchema(sql, version);
        EXPECT_TRUE(findings.empty())
            << version << ": " << rulesOf(findings).join(", ").toStdString();
    }
}

TEST(LintMysql, SafeFormsTriggerNothing)
{
    const QString sql =
        "ALTER TABLE orders ADD COLUMN paid_at DATETIME NULL, ADD INDEX ix_total (total);\n"
        "ALTER TABLE orders MODIFY note VARCHAR(200);\n"
        "ALTER TABLE orders MODIFY status ENUM('new','paid','sent','returned') NOT NULL;\n"
        "ALTER TABLE orders MODIFY tags SET('a','b','c');\n"
        "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0;\n"
        "ALTER TABLE orders MODIFY customer_id INT NOT NULL;\n"
        "ALTER TABLE orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, customer_id);\n"
        "SET foreign_key_checks = 0;\n"
        "ALTER TABLE orders ADD CONSTRAINT fk_c FOREIGN KEY (customer_id) REFERENCES customers "
        "(id);\n"
        "SET foreign_key_checks = 1;\n"
        "ALTER TABLE orders ENGINE=InnoDB;\n"
        "ALTER TABLE orders FORCE;\n"
        "CREATE INDEX ix_note ON orders (note);\n"
        "ALTER TABLE customers MODIFY name VARCHAR(60);\n";
    const auto findings = lintAfterSchema(sql);
    EXPECT_TRUE(findings.empty()) << rulesOf(findings, true).join(", ").toStdString();
}

TEST(LintMysql, TablesCreatedInTheSameSectionAreExempt)
{
    const QString sql = "CREATE TABLE t (id INT, code VARCHAR(10), s ENUM('a','b'));\n"
                        "ALTER TABLE t MODIFY code INT;\n"
                        "ALTER TABLE t MODIFY s ENUM('b','a');\n"
                        "ALTER TABLE t DROP COLUMN code, DROP PRIMARY KEY;\n"
                        "ALTER TABLE t RENAME COLUMN s TO state;\n"
                        "TRUNCATE t;\n"
                        "DROP TABLE t;\n";
    const auto findings = lintMy(sql);
    EXPECT_TRUE(findings.empty()) << rulesOf(findings, true).join(", ").toStdString();
}

TEST(LintMysql, AlterNeedsCopyFollowsTheServerVersion)
{
    struct Row {
        const char *sql;
        int version;
        bool copies;
    };
    // latin1: one byte a character (kSchema's orders).
    const Row rows[] = {
        // VARCHAR(50) -> VARCHAR(100): in place from MariaDB 10.2.2 / MySQL 5.7.
        {"ALTER TABLE orders MODIFY note VARCHAR(100);", 100110, true},
        {"ALTER TABLE orders MODIFY note VARCHAR(100);", 100202, false},
        {"ALTER TABLE orders MODIFY note VARCHAR(100);", 50635, true},
        {"ALTER TABLE orders MODIFY note VARCHAR(100);", 50700, false},
        {"ALTER TABLE orders MODIFY note VARCHAR(100);", 80032, false},
        // 50 bytes -> 300 bytes: a second length byte; MariaDB 10.4.3 does it from <= 127 bytes.
        {"ALTER TABLE orders MODIFY note VARCHAR(300);", 100311, true},
        {"ALTER TABLE orders MODIFY note VARCHAR(300);", 100403, false},
        {"ALTER TABLE orders MODIFY note VARCHAR(300);", 101106, false},
        {"ALTER TABLE orders MODIFY note VARCHAR(300);", 0, false},
        {"ALTER TABLE orders MODIFY note VARCHAR(300);", 80032, true},
        // Shrinking copies on every version.
        {"ALTER TABLE orders MODIFY note VARCHAR(20);", 101106, true},
        // DROP CONSTRAINT (a CHECK) is in place from MariaDB 10.3.6.
        {"ALTER TABLE orders DROP CONSTRAINT ck_total;", 100305, true},
        {"ALTER TABLE orders DROP CONSTRAINT ck_total;", 100306, false},
        // Before online DDL (MySQL 5.5), even ADD COLUMN copies.
        {"ALTER TABLE orders ADD COLUMN x INT;", 50562, true},
        {"ALTER TABLE orders ADD COLUMN x INT;", 50600, false},
        {"ALTER TABLE orders ADD COLUMN x INT;", 100000, false},
    };
    for (const Row &r : rows) {
        const auto findings = lintAfterSchema(QString::fromUtf8(r.sql), r.version);
        EXPECT_EQ(rulesOf(findings).contains("alter-needs-copy"), r.copies)
            << r.sql << " on " << r.version << ": " << rulesOf(findings).join(", ").toStdString();
    }
    // The finding names the server and the reason; the facts carry the version.
    const auto f = lintAfterSchema("ALTER TABLE orders MODIFY note VARCHAR(300);", 100311);
    ASSERT_EQ(rulesOf(f), QStringList{"alter-needs-copy"});
    EXPECT_TRUE(f[0].message.contains("MariaDB 10.3.11")) << f[0].message.toStdString();
    EXPECT_TRUE(f[0].message.contains("needs a second length byte")) << f[0].message.toStdString();
    EXPECT_EQ(f[0].facts["server_version_num"].toInt(), 100311);
    EXPECT_EQ(f[0].facts["reasons"].toArray().size(), 1);
    // Unknown version: the newest MariaDB is assumed, and the facts say so.
    const auto unknown = lintAfterSchema("ALTER TABLE orders DROP PRIMARY KEY;");
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_TRUE(unknown[0].facts.contains("assumed"));
}

TEST(LintMysql, CharacterSetsCountBytesNotCharacters)
{
    // customers.name is VARCHAR(40) in utf8mb4: 160 bytes; 60 characters are 240 bytes (one
    // length byte still), 70 are 280 (two): a copy even on MariaDB 10.11 (from 128+ bytes).
    EXPECT_TRUE(lintAfterSchema("ALTER TABLE customers MODIFY name VARCHAR(60);", 101106).empty());
    EXPECT_EQ(rulesOf(lintAfterSchema("ALTER TABLE customers MODIFY name VARCHAR(70);", 101106)),
              QStringList{"alter-needs-copy"});
    // A column changed to another character set copies.
    EXPECT_EQ(rulesOf(lintAfterSchema(
                  "ALTER TABLE orders MODIFY note VARCHAR(50) CHARACTER SET utf8mb4;", 101106)),
              QStringList{"alter-needs-copy"});
}

TEST(LintMysql, ExplicitAlgorithmsAndForeignKeyChecks)
{
    EXPECT_TRUE(lintAfterSchema("ALTER TABLE orders DROP PRIMARY KEY, ALGORITHM=INPLACE;").empty());
    EXPECT_TRUE(lintAfterSchema("ALTER TABLE orders DROP PRIMARY KEY, ALGORITHM = INSTANT, LOCK = "
                                "NONE;")
                    .empty());
    EXPECT_EQ(rulesOf(lintAfterSchema("ALTER TABLE orders ADD COLUMN x INT, ALGORITHM=COPY;")),
              QStringList{"alter-needs-copy"});
    const QString fk = "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES "
                       "customers (id);";
    EXPECT_EQ(rulesOf(lintAfterSchema(fk)), QStringList{"alter-needs-copy"});
    EXPECT_TRUE(lintAfterSchema("SET SESSION foreign_key_checks = OFF;\n" + fk).empty());
    EXPECT_TRUE(lintAfterSchema("/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\n" + fk).empty());
    EXPECT_EQ(
        rulesOf(lintAfterSchema("SET foreign_key_checks = 0;\nSET foreign_key_checks = 1;\n" + fk)),
        QStringList{"alter-needs-copy"});
}

TEST(LintMysql, UnknownOldDefinitionsDoNotFireBlindly)
{
    // `legacy` was not created by any migration: its old column types are unknown.
    const auto modify = lintMy("ALTER TABLE legacy MODIFY code BIGINT;");
    EXPECT_TRUE(modify.empty()) << rulesOf(modify).join(", ").toStdString();
    const auto enumChange = lintMy("ALTER TABLE legacy MODIFY s ENUM('b','a');");
    EXPECT_TRUE(enumChange.empty());
    // With another reason to copy, the facts say which old definitions were unknown.
    const auto both = lintMy("ALTER TABLE legacy MODIFY s ENUM('b','a'), DROP PRIMARY KEY;");
    ASSERT_EQ(rulesOf(both), QStringList{"alter-needs-copy"});
    EXPECT_EQ(both[0].facts["unknown_old_definition"].toArray().size(), 1);
    EXPECT_TRUE(both[0].facts["enum_set_old_values"].toString().startsWith("unknown"));
}

TEST(LintMysql, EnumSetReorderNamesWhatMovesAndIsRemoved)
{
    const auto removed = lintAfterSchema("-- retort:allow alter-needs-copy small\n"
                                         "ALTER TABLE orders MODIFY status ENUM('new','sent');");
    ASSERT_EQ(rulesOf(removed), QStringList{"enum-set-reorder"});
    EXPECT_TRUE(removed[0].message.contains("removes 'paid'")) << removed[0].message.toStdString();
    EXPECT_EQ(removed[0].facts["removed"].toArray().first().toString(), "paid");
    EXPECT_EQ(removed[0].level, LintLevel::Error);
    // Appending at the end is fine, also through CHANGE; prepending is not.
    EXPECT_TRUE(
        lintAfterSchema("ALTER TABLE orders CHANGE status status ENUM('new','paid','sent','x');")
            .empty());
    EXPECT_EQ(
        rulesOf(lintAfterSchema("ALTER TABLE orders MODIFY tags SET('z','a','b');", 101106), true),
        (QStringList{"enum-set-reorder", "alter-needs-copy"}));
    // A SET growing past 8 members needs another byte per row: a copy, not a reorder.
    EXPECT_EQ(rulesOf(lintAfterSchema("ALTER TABLE orders MODIFY tags "
                                      "SET('a','b','c','d','e','f','g','h','i');")),
              QStringList{"alter-needs-copy"});
}

TEST(LintMysql, ImplicitCommitSaysWhatStaysApplied)
{
    const auto findings = lintAfterSchema("INSERT INTO customers VALUES (1, 'a');\n"
                                          "SET @x = 1;\n"
                                          "UPDATE orders SET total = 1 WHERE id = 1;\n"
                                          "ALTER TABLE orders ADD COLUMN y INT;\n"
                                          "ALTER TABLE orders ADD COLUMN z INT;");
    ASSERT_EQ(rulesOf(findings), QStringList{"implicit-commit"});
    const LintFinding &f = findings[0];
    EXPECT_EQ(f.line, 13); // the ALTER: the section starts at line 10
    EXPECT_TRUE(f.message.contains("`INSERT INTO customers VALUES` (line 10), `UPDATE orders SET "
                                   "total` (line 12) stay applied"))
        << f.message.toStdString();
    EXPECT_EQ(f.facts["applied_before"].toArray().size(), 2);
    // DDL alone, or DML alone, is not mixed.
    EXPECT_TRUE(lintAfterSchema("ALTER TABLE orders ADD COLUMN y INT;\nCREATE INDEX ix ON orders "
                                "(y);")
                    .empty());
    EXPECT_TRUE(lintAfterSchema("INSERT INTO customers VALUES (1, 'a');\nUPDATE orders SET total "
                                "= 1 WHERE id = 1;")
                    .empty());
}

TEST(LintMysql, TheSchemaStateFollowsRenamesAndChanges)
{
    LintSchemaState schema;
    lintMy(kSchema, 0, &schema);
    lintMy("ALTER TABLE orders CHANGE note remark VARCHAR(60);\nRENAME TABLE orders TO purchases;",
           0, &schema);
    ASSERT_TRUE(schema.tables.contains("purchases"));
    EXPECT_FALSE(schema.tables.contains("orders"));
    EXPECT_EQ(schema.tables["purchases"].columns["remark"].type, "varchar(60)");
    EXPECT_EQ(schema.tables["purchases"].columns["status"].values,
              (QStringList{"new", "paid", "sent"}));
    // A later revision reorders the renamed table's enum.
    EXPECT_EQ(rulesOf(lintMy("ALTER TABLE purchases MODIFY status ENUM('sent','new','paid');", 0,
                             &schema)),
              (QStringList{"enum-set-reorder", "alter-needs-copy"}));
}

namespace {

Script scriptOf(const QString &text)
{
    auto parsed = parseScript("/p/versions/r1_x.sql", text.toUtf8());
    EXPECT_TRUE(parsed) << parsed.error().toString().toStdString();
    return parsed ? *parsed : Script{};
}

} // namespace

TEST(LintMysql, DowngradesMayDropWhatTheirUpgradeCreated)
{
    LintOptions options;
    options.driver = "mysql";
    const Script s = scriptOf("-- x\n--\n-- Revision ID: r1\n-- Revises:\n\n-- migrate:upgrade\n"
                              "CREATE TABLE t (id INT);\nALTER TABLE u ADD COLUMN note TEXT;\n\n"
                              "-- migrate:downgrade\nALTER TABLE u DROP COLUMN note;\nDROP TABLE "
                              "t;\nDROP TABLE other;\n");
    const auto findings = lintScript(s, LintDirection::Downgrade, options);
    ASSERT_EQ(rulesOf(findings), QStringList{"drop-table"});
    EXPECT_TRUE(findings[0].message.contains("DROP TABLE other"));
    EXPECT_EQ(findings[0].line, 13);
}

TEST(LintMysql, ASwapThroughRenameTableKeepsTheName)
{
    // The online schema change pattern: a copy swapped in under the old name in one statement.
    const QString swap = "CREATE TABLE orders_new LIKE orders;\n"
                         "ALTER TABLE orders_new MODIFY total DECIMAL(14,2);\n"
                         "RENAME TABLE orders TO orders_old, orders_new TO orders;\n"
                         "DROP TABLE orders_old;";
    const auto findings = lintAfterSchema(swap);
    EXPECT_TRUE(findings.empty()) << rulesOf(findings, true).join(", ").toStdString();
    // A plain rename still breaks the application.
    EXPECT_EQ(rulesOf(lintAfterSchema("RENAME TABLE orders TO orders_old, customers TO clients;")),
              (QStringList{"rename-table", "rename-table"}));
}

TEST(LintMysql, OnlyTheSessionsForeignKeyChecksCount)
{
    const QString fk = "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES "
                       "customers (id);";
    EXPECT_EQ(rulesOf(lintAfterSchema("SET GLOBAL foreign_key_checks = 0;\n" + fk)),
              QStringList{"alter-needs-copy"});
    EXPECT_EQ(rulesOf(lintAfterSchema("SET @@global.foreign_key_checks = 0;\n" + fk)),
              QStringList{"alter-needs-copy"});
    EXPECT_TRUE(lintAfterSchema("SET @@session.foreign_key_checks = 0;\n" + fk).empty());
    EXPECT_TRUE(
        lintAfterSchema("SET GLOBAL x = 1, SESSION foreign_key_checks = 0;\n" + fk).empty());
}
