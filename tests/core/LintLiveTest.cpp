// Live lint on SQLite (workflows/LintLive.h): facts driven by the findings' keys whatever the
// rule — rows counted (bounded), size, NULLs and duplicates with examples, a missing table new —
// the levels they lead to, nothing written; and the pure formatting helpers. The PostgreSQL and
// MariaDB cases run against the real servers (tests/server/LintLiveTest.cpp).

#include "workflows/LintLive.h"
#include "lint/Lint.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace {

LintFinding finding(const QString &rule, const QJsonObject &facts)
{
    LintFinding f;
    f.rule = rule;
    f.level = LintLevel::Warning;
    f.message = "offline message";
    f.facts = facts;
    return f;
}

class LintLiveSqlite : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_env.name = "local";
        m_env.driver = "sqlite";
        m_env.database = m_dir.filePath("l.db");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "lintlive-setup");
            db.setDatabaseName(m_env.database);
            ASSERT_TRUE(db.open());
            QSqlQuery q(db);
            for (const char *sql :
                 {"CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, code TEXT)",
                  "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 50) "
                  "INSERT INTO people SELECT n, CASE WHEN n IN (4, 9) THEN NULL ELSE 'u' || n END, "
                  "CASE WHEN n <= 3 THEN 'dup' ELSE 'c' || n END FROM c",
                  "CREATE TABLE nokey (v TEXT)", "INSERT INTO nokey VALUES ('a'), (NULL)"})
                ASSERT_TRUE(q.exec(sql)) << sql;
        }
        QSqlDatabase::removeDatabase("lintlive-setup");
    }

    QTemporaryDir m_dir;
    Environment m_env;
};

} // namespace

TEST_F(LintLiveSqlite, FactsFollowTheFindingsKeysAndSetTheLevels)
{
    LintReport offline;
    offline.findings.push_back(
        finding("set-not-null-without-valid-check",
                {{"table", "people"}, {"column", "email"}, {"data_check", "not_null"}}));
    offline.findings.push_back(
        finding("adding-unique-constraint",
                {{"table", "people"}, {"columns", QJsonArray{"code"}}, {"data_check", "unique"}}));
    offline.findings.push_back(finding("alter-needs-rebuild", {{"table", "people"}}));
    offline.findings.push_back(finding("alter-needs-rebuild", {{"table", "later"}}));
    offline.findings.push_back(finding("drop-table", {{"table", "people"}}));
    offline.findings.push_back(
        finding("set-not-null-without-valid-check",
                {{"table", "\"nokey\""}, {"column", "v"}, {"data_check", "not_null"}}));
    const qint64 sizeBefore = QFileInfo(m_env.database).size();

    auto r = lintFindingsLive(m_env, {}, offline);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_FALSE(r->serverVersion.isEmpty());
    ASSERT_EQ(r->report.findings.size(), 6u);

    const LintFinding &nulls = r->report.findings[0];
    EXPECT_EQ(nulls.facts["rows"].toDouble(), 50);
    EXPECT_EQ(nulls.facts["rows_source"].toString(), "count");
    EXPECT_GT(nulls.facts["size_bytes"].toDouble(), 0);
    EXPECT_EQ(nulls.facts["nulls"]["count"].toDouble(), 2);
    EXPECT_EQ(nulls.facts["nulls"]["key"].toArray(), QJsonArray{"id"});
    EXPECT_EQ(nulls.facts["nulls"]["examples"].toArray(), (QJsonArray{"4", "9"}));
    EXPECT_EQ(nulls.level, LintLevel::Error);
    EXPECT_EQ(nulls.facts["offline_level"].toString(), "warning");
    EXPECT_EQ(nulls.message, "offline message; 2 row(s) of people have NULL in email (id 4; 9): "
                             "the statement will fail");
    EXPECT_EQ(nulls.facts["sessions"].toArray().size(), 0); // SQLite has no other sessions

    const LintFinding &dup = r->report.findings[1];
    EXPECT_EQ(dup.facts["duplicates"]["groups"].toDouble(), 1);
    EXPECT_EQ(dup.facts["duplicates"]["examples"][0]["values"].toArray(), QJsonArray{"dup"});
    EXPECT_EQ(dup.facts["duplicates"]["examples"][0]["count"].toDouble(), 3);
    EXPECT_EQ(dup.level, LintLevel::Error);

    // No data check: the size decides (50 rows: small), and the message says why.
    const LintFinding &small = r->report.findings[2];
    EXPECT_EQ(small.level, LintLevel::Notice);
    EXPECT_EQ(small.message, "offline message; people has 50 rows (counted) (under "
                             "10k): a notice");
    const LintFinding &later = r->report.findings[3];
    EXPECT_TRUE(later.facts["new_table"].toBool());
    EXPECT_EQ(later.level, LintLevel::Notice);
    EXPECT_EQ(liveFactsSummary(later), "later: new, empty");
    // Destructive rules keep their level; the facts are there.
    const LintFinding &drop = r->report.findings[4];
    EXPECT_EQ(drop.level, LintLevel::Warning);
    EXPECT_EQ(drop.message, "offline message");
    EXPECT_TRUE(liveFactsSummary(drop).startsWith("people: 50 rows (counted), "))
        << liveFactsSummary(drop).toStdString();
    // Without a primary key the examples are rowids; quoted names are found.
    const LintFinding &nokey = r->report.findings[5];
    EXPECT_EQ(nokey.facts["nulls"]["key"].toArray(), QJsonArray{"rowid"});
    EXPECT_EQ(nokey.facts["nulls"]["examples"].toArray(), QJsonArray{"2"});

    EXPECT_EQ(QFileInfo(m_env.database).size(), sizeBefore); // read-only
}

TEST_F(LintLiveSqlite, BoundsLevelsAndOverrides)
{
    LiveLintOptions options;
    options.bigRows = 40;
    options.smallRows = 10;
    options.countBound = 30;
    LintReport offline;
    offline.findings.push_back(finding("alter-needs-rebuild", {{"table", "people"}}));
    offline.findings.push_back(finding("changing-column-type", {{"table", "people"}}));
    auto r = lintFindingsLive(m_env, {}, offline, {{"changing-column-type", LintLevel::Warning}},
                              options);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    const LintFinding &big = r->report.findings[0];
    // The count stopped at its bound: at least 30 rows, fewer than bigRows: the rule's level.
    EXPECT_EQ(big.facts["rows"].toDouble(), 30);
    EXPECT_EQ(big.facts["rows_source"].toString(), "count_bound");
    EXPECT_EQ(big.level, LintLevel::Warning);
    EXPECT_TRUE(liveFactsSummary(big).startsWith("people: 30+ rows (counted)"));
    options.countBound = 1000;
    r = lintFindingsLive(m_env, {}, offline, {{"changing-column-type", LintLevel::Warning}},
                         options);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->report.findings[0].level, LintLevel::Error);
    EXPECT_EQ(r->report.findings[0].facts["level_reason"].toString(),
              "people has 50 rows (counted) (40 or more)");
    // A level set in retort.toml wins over the size.
    EXPECT_EQ(r->report.findings[1].level, LintLevel::Warning);
    EXPECT_FALSE(r->report.findings[1].facts.contains("level_reason"));
}

TEST_F(LintLiveSqlite, AMissingDatabaseFileMakesEveryTableNewAndCreatesNothing)
{
    Environment env = m_env;
    env.database = m_dir.filePath("none.db");
    LintReport offline;
    offline.findings.push_back(finding("alter-needs-rebuild", {{"table", "people"}}));
    auto r = lintFindingsLive(env, {}, offline);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_TRUE(r->report.findings[0].facts["new_table"].toBool());
    EXPECT_EQ(r->report.findings[0].level, LintLevel::Notice);
    EXPECT_FALSE(QFileInfo::exists(env.database));
}

TEST(LintLiveFormat, CountsAndBytesReadLikePeopleSayThem)
{
    EXPECT_EQ(humanCount(950), "950");
    EXPECT_EQ(humanCount(12000), "12k");
    EXPECT_EQ(humanCount(1234567), "1.2M");
    EXPECT_EQ(humanCount(40000000), "40M");
    EXPECT_EQ(humanBytes(8192), "8192 bytes");
    EXPECT_EQ(humanBytes(24576), "24 kB");
    EXPECT_EQ(humanBytes(85LL * 1024 * 1024), "85 MB");

    LintFinding f;
    f.facts = {{"table", "orders"},
               {"rows", 1200000.0},
               {"rows_source", "statistics"},
               {"size", "85 MB"},
               {"sessions", QJsonArray{QJsonObject{{"pid", 123},
                                                   {"user", "alice"},
                                                   {"granted", true},
                                                   {"query", "UPDATE orders SET x = 1"},
                                                   {"since", ""}}}}};
    EXPECT_EQ(liveFactsSummary(f), "orders: ~1.2M rows, 85 MB; 1 session holding a lock: pid 123 "
                                   "alice 'UPDATE orders SET x = 1'");
    EXPECT_EQ(liveFactsSummary(LintFinding{}), "");
}
