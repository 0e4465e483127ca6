// Offline (`--sql`) rendering, pinned byte for byte to what Alembic prints.
//
// The expected texts below are the stdout of Debian's Alembic 1.8.1 (SQLAlchemy 1.4.46) on SQLite,
// for projects whose revisions run the same SQL through op.execute("..."). Made with:
//   alembic init migrations; sqlalchemy.url = sqlite:///x.db in alembic.ini
//   linear project: aaa111 "first"  upgrade: CREATE TABLE t (id INTEGER); CREATE INDEX ix_t ON t
//   (id)
//                                   downgrade: DROP TABLE t
//                   bbb222 "second" upgrade: CREATE TABLE u (id INTEGER)   downgrade: DROP TABLE u
//                   ccc333 "third"  upgrade: INSERT INTO t VALUES (1)      downgrade: DELETE FROM t
//     alembic upgrade head --sql
//     alembic upgrade aaa111:ccc333 --sql
//     alembic downgrade ccc333:base --sql
//     alembic stamp head --sql ; alembic stamp aaa111:ccc333 --sql ; alembic stamp ccc333:base
//     --sql alembic upgrade base --sql context.configure(version_table="order") / "MyVersions" in
//     env.py: alembic upgrade head --sql
//   branching project: a1 (base) -> b1 "branch one" (CREATE TABLE b1 with a tab and a newline),
//                      a1 -> b2 "branch two", m1 merges b1, b2 (no SQL)
//     alembic upgrade heads --sql
//     alembic downgrade m1:base --sql
// What the layout is: Alembic writes each piece (a statement plus ";") followed by a blank line
// ("\n\n"), starts each step with "-- Running <short log>", creates the version table (multi-line,
// with a space after the column's comma) before a step that starts with no version row, drops it
// when the run ends with none, and — since its SQLiteImpl declares non-transactional DDL — prints
// no BEGIN/COMMIT for SQLite.

#include "db/OfflineRenderer.h"
#include "db/VersionTable.h"
#include "graph/Plan.h"
#include "scripts/Script.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QSqlDatabase>

#include <deque>

using namespace retort;

// Readable QStrings in gtest failure messages.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace {

QString lines(std::initializer_list<const char *> parts)
{
    QString out;
    for (const char *p : parts) {
        out += QString::fromUtf8(p);
        out += u'\n';
    }
    return out;
}

const char *const kCreate[] = {
    "CREATE TABLE alembic_version (",
    "    version_num VARCHAR(32) NOT NULL, ",
    "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)",
    ");",
};

QString createBlock()
{
    QString out;
    for (const char *p : kCreate)
        out += QString::fromUtf8(p) + u'\n';
    return out + u'\n';
}

class Scripts {
public:
    const Script *add(const QString &rev, const QString &message, const QString &up,
                      const QString &down)
    {
        Script s;
        s.revision = rev;
        s.message = message;
        s.upgrade = ScriptSection{up, 10};
        s.downgrade = ScriptSection{down, 20};
        s.fileName = rev + QStringLiteral("_x.sql");
        m_scripts.push_back(std::move(s));
        return &m_scripts.back();
    }

private:
    std::deque<Script> m_scripts; // stable addresses
};

PlanStep step(Direction direction, const Script *script, QStringList from, QStringList to,
              std::vector<VersionOp> ops)
{
    PlanStep s;
    s.direction = direction;
    s.script = script;
    s.revision = script ? script->revision : QString();
    s.message = script ? script->message : QString();
    s.fromRevisions = std::move(from);
    s.toRevisions = std::move(to);
    s.versionOps = std::move(ops);
    return s;
}

PlanStep stampStep(QStringList from, QStringList to, std::vector<VersionOp> ops)
{
    PlanStep s = step(Direction::Upgrade, nullptr, std::move(from), std::move(to), std::move(ops));
    s.stamp = true;
    s.revision = s.toRevisions.value(0);
    return s;
}

VersionOp ins(const char *to)
{
    return {VersionOp::Insert, {}, QString::fromUtf8(to)};
}
VersionOp upd(const char *from, const char *to)
{
    return {VersionOp::Update, QString::fromUtf8(from), QString::fromUtf8(to)};
}
VersionOp del(const char *from)
{
    return {VersionOp::Delete, QString::fromUtf8(from), {}};
}

QStringList revs(std::initializer_list<const char *> ids)
{
    QStringList out;
    for (const char *id : ids)
        out.append(QString::fromUtf8(id));
    return out;
}

class OfflineLinear : public ::testing::Test {
protected:
    void SetUp() override
    {
        a = scripts.add(QStringLiteral("aaa111"), QStringLiteral("first"),
                        QStringLiteral("-- create\nCREATE TABLE t (id INTEGER);\n"
                                       "CREATE INDEX ix_t ON t (id);\n"),
                        QStringLiteral("DROP TABLE t;\n"));
        b = scripts.add(QStringLiteral("bbb222"), QStringLiteral("second"),
                        QStringLiteral("CREATE TABLE u (id INTEGER);\n"),
                        QStringLiteral("DROP TABLE u;\n"));
        c = scripts.add(QStringLiteral("ccc333"), QStringLiteral("third"),
                        QStringLiteral("INSERT INTO t VALUES (1)"), // no trailing ;
                        QStringLiteral("DELETE FROM t;\n"));
    }

    Plan upgradeFromBase() const
    {
        Plan plan;
        plan.steps.push_back(step(Direction::Upgrade, a, {}, revs({"aaa111"}), {ins("aaa111")}));
        plan.steps.push_back(step(Direction::Upgrade, b, revs({"aaa111"}), revs({"bbb222"}),
                                  {upd("aaa111", "bbb222")}));
        plan.steps.push_back(step(Direction::Upgrade, c, revs({"bbb222"}), revs({"ccc333"}),
                                  {upd("bbb222", "ccc333")}));
        plan.headsAfter = revs({"ccc333"});
        return plan;
    }

    Plan downgradeToBase() const
    {
        Plan plan;
        plan.direction = Direction::Downgrade;
        plan.headsBefore = revs({"ccc333"});
        plan.steps.push_back(step(Direction::Downgrade, c, revs({"ccc333"}), revs({"bbb222"}),
                                  {upd("ccc333", "bbb222")}));
        plan.steps.push_back(step(Direction::Downgrade, b, revs({"bbb222"}), revs({"aaa111"}),
                                  {upd("bbb222", "aaa111")}));
        plan.steps.push_back(step(Direction::Downgrade, a, revs({"aaa111"}), {}, {del("aaa111")}));
        return plan;
    }

    Scripts scripts;
    const Script *a = nullptr;
    const Script *b = nullptr;
    const Script *c = nullptr;
};

} // namespace

// alembic upgrade head --sql
TEST_F(OfflineLinear, UpgradeFromBaseMatchesAlembic)
{
    const QString expected =
        createBlock() +
        lines(
            {"-- Running upgrade  -> aaa111",
             "",
             "CREATE TABLE t (id INTEGER);",
             "",
             "CREATE INDEX ix_t ON t (id);",
             "",
             "INSERT INTO alembic_version (version_num) VALUES ('aaa111');",
             "",
             "-- Running upgrade aaa111 -> bbb222",
             "",
             "CREATE TABLE u (id INTEGER);",
             "",
             "UPDATE alembic_version SET version_num='bbb222' WHERE alembic_version.version_num = "
             "'aaa111';",
             "",
             "-- Running upgrade bbb222 -> ccc333",
             "",
             "INSERT INTO t VALUES (1);",
             "",
             "UPDATE alembic_version SET version_num='ccc333' WHERE alembic_version.version_num = "
             "'bbb222';",
             ""});
    EXPECT_EQ(renderOfflineSql(upgradeFromBase(), QStringLiteral("sqlite"),
                               VersionTable::defaultTable(), true),
              expected);
}

// alembic upgrade aaa111:ccc333 --sql — no CREATE when starting from a revision.
TEST_F(OfflineLinear, UpgradeFromRevisionHasNoCreate)
{
    Plan plan = upgradeFromBase();
    plan.steps.erase(plan.steps.begin());
    plan.headsBefore = revs({"aaa111"});
    const QString expected = lines(
        {"-- Running upgrade aaa111 -> bbb222", "", "CREATE TABLE u (id INTEGER);", "",
         "UPDATE alembic_version SET version_num='bbb222' WHERE alembic_version.version_num = "
         "'aaa111';",
         "", "-- Running upgrade bbb222 -> ccc333", "", "INSERT INTO t VALUES (1);", "",
         "UPDATE alembic_version SET version_num='ccc333' WHERE alembic_version.version_num = "
         "'bbb222';",
         ""});
    EXPECT_EQ(renderOfflineSql(plan, Dialect::sqlite(), VersionTable::defaultTable(), true),
              expected);
}

// alembic downgrade ccc333:base --sql — the version table is dropped at the end.
TEST_F(OfflineLinear, DowngradeToBaseMatchesAlembic)
{
    const Plan plan = downgradeToBase();
    const QString expected = lines(
        {"-- Running downgrade ccc333 -> bbb222",
         "",
         "DELETE FROM t;",
         "",
         "UPDATE alembic_version SET version_num='bbb222' WHERE alembic_version.version_num = "
         "'ccc333';",
         "",
         "-- Running downgrade bbb222 -> aaa111",
         "",
         "DROP TABLE u;",
         "",
         "UPDATE alembic_version SET version_num='aaa111' WHERE alembic_version.version_num = "
         "'bbb222';",
         "",
         "-- Running downgrade aaa111 -> ",
         "",
         "DROP TABLE t;",
         "",
         "DELETE FROM alembic_version WHERE alembic_version.version_num = 'aaa111';",
         "",
         "DROP TABLE alembic_version;",
         ""});
    EXPECT_EQ(renderOfflineSql(plan, QStringLiteral("sqlite"), VersionTable::defaultTable(), false),
              expected);
}

// alembic stamp head --sql / stamp aaa111:ccc333 --sql / stamp ccc333:base --sql
TEST_F(OfflineLinear, StampsMatchAlembic)
{
    Plan fromBase;
    fromBase.steps.push_back(stampStep({}, revs({"ccc333"}), {ins("ccc333")}));
    EXPECT_EQ(
        renderOfflineSql(fromBase, QStringLiteral("sqlite"), VersionTable::defaultTable(), true),
        createBlock() +
            lines({"-- Running stamp_revision  -> ccc333", "",
                   "INSERT INTO alembic_version (version_num) VALUES ('ccc333');", ""}));

    Plan across;
    across.headsBefore = revs({"aaa111"});
    across.steps.push_back(
        stampStep(revs({"aaa111"}), revs({"ccc333"}), {upd("aaa111", "ccc333")}));
    EXPECT_EQ(
        renderOfflineSql(across, QStringLiteral("sqlite"), VersionTable::defaultTable(), true),
        lines({"-- Running stamp_revision aaa111 -> ccc333", "",
               "UPDATE alembic_version SET version_num='ccc333' WHERE "
               "alembic_version.version_num = 'aaa111';",
               ""}));

    Plan toBase;
    toBase.direction = Direction::Downgrade;
    toBase.headsBefore = revs({"ccc333"});
    PlanStep down = stampStep(revs({"ccc333"}), {}, {del("ccc333")});
    down.direction = Direction::Downgrade;
    toBase.steps.push_back(down);
    EXPECT_EQ(
        renderOfflineSql(toBase, QStringLiteral("sqlite"), VersionTable::defaultTable(), true),
        lines({"-- Running stamp_revision ccc333 -> ", "",
               "DELETE FROM alembic_version WHERE alembic_version.version_num = 'ccc333';", "",
               "DROP TABLE alembic_version;", ""}));
}

// alembic upgrade base --sql: nothing to run, still the DROP.
TEST_F(OfflineLinear, EmptyPlanAtBaseDropsTheTable)
{
    EXPECT_EQ(
        renderOfflineSql(Plan{}, QStringLiteral("sqlite"), VersionTable::defaultTable(), true),
        QStringLiteral("DROP TABLE alembic_version;\n\n"));
    Plan atHead;
    atHead.headsBefore = atHead.headsAfter = revs({"ccc333"});
    EXPECT_EQ(
        renderOfflineSql(atHead, QStringLiteral("sqlite"), VersionTable::defaultTable(), true),
        QString());
}

// version_table="order" and "MyVersions": quoted where SQLAlchemy quotes.
TEST_F(OfflineLinear, QuotedVersionTableNames)
{
    Plan plan;
    plan.steps.push_back(step(Direction::Upgrade, a, {}, revs({"aaa111"}), {ins("aaa111")}));
    plan.steps.push_back(
        step(Direction::Upgrade, b, revs({"aaa111"}), revs({"bbb222"}), {upd("aaa111", "bbb222")}));
    const QString order = renderOfflineSql(plan, QStringLiteral("sqlite"),
                                           TableName{{}, QStringLiteral("order")}, true);
    EXPECT_TRUE(order.startsWith(
        lines({"CREATE TABLE \"order\" (", "    version_num VARCHAR(32) NOT NULL, ",
               "    CONSTRAINT order_pkc PRIMARY KEY (version_num)", ");", ""})))
        << order.toStdString();
    EXPECT_TRUE(order.contains(
        QStringLiteral("INSERT INTO \"order\" (version_num) VALUES ('aaa111');\n\n")));
    EXPECT_TRUE(order.endsWith(QStringLiteral(
        "UPDATE \"order\" SET version_num='bbb222' WHERE \"order\".version_num = 'aaa111';\n\n")));

    const QString mixed = renderOfflineSql(plan, QStringLiteral("sqlite"),
                                           TableName{{}, QStringLiteral("MyVersions")}, true);
    EXPECT_TRUE(mixed.startsWith(
        lines({"CREATE TABLE \"MyVersions\" (", "    version_num VARCHAR(32) NOT NULL, ",
               "    CONSTRAINT \"MyVersions_pkc\" PRIMARY KEY (version_num)", ");", ""})))
        << mixed.toStdString();
}

// alembic upgrade heads --sql and alembic downgrade m1:base --sql on the branching project: fork
// (Update, then Insert for the second branch), merge (Delete, then Update), un-merge (Insert,
// then Update), a statement with a tab and inner newlines.
TEST(OfflineBranches, ForkAndMergeMatchAlembic)
{
    Scripts scripts;
    const Script *a1 = scripts.add(QStringLiteral("a1"), QStringLiteral("base"),
                                   QStringLiteral("CREATE TABLE a (id INTEGER);"),
                                   QStringLiteral("DROP TABLE a;"));
    const Script *b1 = scripts.add(
        QStringLiteral("b1"), QStringLiteral("branch one"),
        QStringLiteral("\n\n/* the first branch */\nCREATE TABLE b1 (\n\tid INTEGER\n  );\n"),
        QStringLiteral("DROP TABLE b1;"));
    const Script *b2 = scripts.add(QStringLiteral("b2"), QStringLiteral("branch two"),
                                   QStringLiteral("CREATE TABLE b2 (id INTEGER);"),
                                   QStringLiteral("DROP TABLE b2;"));
    const Script *m1 = scripts.add(QStringLiteral("m1"), QStringLiteral("merge"),
                                   QStringLiteral("-- nothing to do\n"), QString());

    Plan up;
    up.steps.push_back(step(Direction::Upgrade, a1, {}, revs({"a1"}), {ins("a1")}));
    up.steps.push_back(step(Direction::Upgrade, b2, revs({"a1"}), revs({"b2"}), {upd("a1", "b2")}));
    up.steps.push_back(step(Direction::Upgrade, b1, revs({"a1"}), revs({"b1"}), {ins("b1")}));
    up.steps.push_back(step(Direction::Upgrade, m1, revs({"b1", "b2"}), revs({"m1"}),
                            {del("b1"), upd("b2", "m1")}));
    const QString upExpected =
        createBlock() +
        lines({"-- Running upgrade  -> a1",
               "",
               "CREATE TABLE a (id INTEGER);",
               "",
               "INSERT INTO alembic_version (version_num) VALUES ('a1');",
               "",
               "-- Running upgrade a1 -> b2",
               "",
               "CREATE TABLE b2 (id INTEGER);",
               "",
               "UPDATE alembic_version SET version_num='b2' WHERE alembic_version.version_num = "
               "'a1';",
               "",
               "-- Running upgrade a1 -> b1",
               "",
               "CREATE TABLE b1 (",
               "    id INTEGER",
               "  );",
               "",
               "INSERT INTO alembic_version (version_num) VALUES ('b1');",
               "",
               "-- Running upgrade b1, b2 -> m1",
               "",
               "DELETE FROM alembic_version WHERE alembic_version.version_num = 'b1';",
               "",
               "UPDATE alembic_version SET version_num='m1' WHERE alembic_version.version_num = "
               "'b2';",
               ""});
    EXPECT_EQ(renderOfflineSql(up, QStringLiteral("sqlite"), VersionTable::defaultTable(), true),
              upExpected);

    Plan down;
    down.direction = Direction::Downgrade;
    down.headsBefore = revs({"m1"});
    down.steps.push_back(step(Direction::Downgrade, m1, revs({"m1"}), revs({"b1", "b2"}),
                              {ins("b1"), upd("m1", "b2")}));
    down.steps.push_back(step(Direction::Downgrade, b1, revs({"b1"}), revs({"a1"}), {del("b1")}));
    down.steps.push_back(
        step(Direction::Downgrade, b2, revs({"b2"}), revs({"a1"}), {upd("b2", "a1")}));
    down.steps.push_back(step(Direction::Downgrade, a1, revs({"a1"}), {}, {del("a1")}));
    const QString downExpected = lines(
        {"-- Running downgrade m1 -> b1, b2",
         "",
         "INSERT INTO alembic_version (version_num) VALUES ('b1');",
         "",
         "UPDATE alembic_version SET version_num='b2' WHERE alembic_version.version_num = 'm1';",
         "",
         "-- Running downgrade b1 -> a1",
         "",
         "DROP TABLE b1;",
         "",
         "DELETE FROM alembic_version WHERE alembic_version.version_num = 'b1';",
         "",
         "-- Running downgrade b2 -> a1",
         "",
         "DROP TABLE b2;",
         "",
         "UPDATE alembic_version SET version_num='a1' WHERE alembic_version.version_num = 'b2';",
         "",
         "-- Running downgrade a1 -> ",
         "",
         "DROP TABLE a;",
         "",
         "DELETE FROM alembic_version WHERE alembic_version.version_num = 'a1';",
         "",
         "DROP TABLE alembic_version;",
         ""});
    EXPECT_EQ(renderOfflineSql(down, QStringLiteral("sqlite"), VersionTable::defaultTable(), true),
              downExpected);
}

TEST(OfflineSections, DriverQualifiedSectionReplacesThePlainOne)
{
    Script s;
    s.revision = QStringLiteral("abc");
    s.upgrade = ScriptSection{QStringLiteral("CREATE TABLE plain (id INT);"), 5};
    s.upgradeByDriver.insert(QStringLiteral("sqlite"),
                             ScriptSection{QStringLiteral("CREATE TABLE lite (id INT);"), 9});
    Plan plan;
    plan.headsBefore = revs({"zzz"});
    plan.steps.push_back(
        step(Direction::Upgrade, &s, revs({"zzz"}), revs({"abc"}), {upd("zzz", "abc")}));
    const QString sql =
        renderOfflineSql(plan, QStringLiteral("sqlite"), VersionTable::defaultTable(), true);
    EXPECT_TRUE(sql.contains(QStringLiteral("CREATE TABLE lite (id INT);\n\n")));
    EXPECT_FALSE(sql.contains(QStringLiteral("plain")));
}

// version_table_schema: the same project, env.py passing version_table_schema="myschema" to
// context.configure; alembic upgrade head --sql and alembic downgrade ccc333:base --sql with a
// postgresql://, mysql:// and sqlite:/// URL (Alembic 1.8.1, SQLAlchemy 1.4.46).
TEST_F(OfflineLinear, SchemaQualifiedVersionTableMatchesAlembic)
{
    const TableName table{QStringLiteral("myschema"), QStringLiteral("alembic_version")};
    const QString mysqlUp =
        lines({"CREATE TABLE myschema.alembic_version (",
               "    version_num VARCHAR(32) NOT NULL, ",
               "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)",
               ");",
               "",
               "-- Running upgrade  -> aaa111",
               "",
               "CREATE TABLE t (id INTEGER);",
               "",
               "CREATE INDEX ix_t ON t (id);",
               "",
               "INSERT INTO myschema.alembic_version (version_num) VALUES ('aaa111');",
               "",
               "-- Running upgrade aaa111 -> bbb222",
               "",
               "CREATE TABLE u (id INTEGER);",
               "",
               "UPDATE myschema.alembic_version SET version_num='bbb222' WHERE "
               "myschema.alembic_version.version_num = 'aaa111';",
               "",
               "-- Running upgrade bbb222 -> ccc333",
               "",
               "INSERT INTO t VALUES (1);",
               "",
               "UPDATE myschema.alembic_version SET version_num='ccc333' WHERE "
               "myschema.alembic_version.version_num = 'bbb222';",
               ""});
    const QString mysqlDown = lines({"-- Running downgrade ccc333 -> bbb222",
                                     "",
                                     "DELETE FROM t;",
                                     "",
                                     "UPDATE myschema.alembic_version SET version_num='bbb222' "
                                     "WHERE myschema.alembic_version.version_num = 'ccc333';",
                                     "",
                                     "-- Running downgrade bbb222 -> aaa111",
                                     "",
                                     "DROP TABLE u;",
                                     "",
                                     "UPDATE myschema.alembic_version SET version_num='aaa111' "
                                     "WHERE myschema.alembic_version.version_num = 'bbb222';",
                                     "",
                                     "-- Running downgrade aaa111 -> ",
                                     "",
                                     "DROP TABLE t;",
                                     "",
                                     "DELETE FROM myschema.alembic_version WHERE "
                                     "myschema.alembic_version.version_num = 'aaa111';",
                                     "",
                                     "DROP TABLE myschema.alembic_version;",
                                     ""});
    EXPECT_EQ(renderOfflineSql(upgradeFromBase(), QStringLiteral("mysql"), table, true), mysqlUp);
    EXPECT_EQ(renderOfflineSql(downgradeToBase(), QStringLiteral("mysql"), table, true), mysqlDown);
    // Alembic prints the same for SQLite (an attached database's name as the schema).
    EXPECT_EQ(renderOfflineSql(upgradeFromBase(), QStringLiteral("sqlite"), table, true), mysqlUp);
    EXPECT_EQ(renderOfflineSql(downgradeToBase(), QStringLiteral("sqlite"), table, true),
              mysqlDown);
    // PostgreSQL: in a transaction, and RETURNING names the qualified table too.
    EXPECT_EQ(renderOfflineSql(upgradeFromBase(), QStringLiteral("postgresql"), table, true),
              lines({"BEGIN;",
                     "",
                     "CREATE TABLE myschema.alembic_version (",
                     "    version_num VARCHAR(32) NOT NULL, ",
                     "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)",
                     ");",
                     "",
                     "-- Running upgrade  -> aaa111",
                     "",
                     "CREATE TABLE t (id INTEGER);",
                     "",
                     "CREATE INDEX ix_t ON t (id);",
                     "",
                     "INSERT INTO myschema.alembic_version (version_num) VALUES ('aaa111') "
                     "RETURNING myschema.alembic_version.version_num;",
                     "",
                     "-- Running upgrade aaa111 -> bbb222",
                     "",
                     "CREATE TABLE u (id INTEGER);",
                     "",
                     "UPDATE myschema.alembic_version SET version_num='bbb222' WHERE "
                     "myschema.alembic_version.version_num = 'aaa111';",
                     "",
                     "-- Running upgrade bbb222 -> ccc333",
                     "",
                     "INSERT INTO t VALUES (1);",
                     "",
                     "UPDATE myschema.alembic_version SET version_num='ccc333' WHERE "
                     "myschema.alembic_version.version_num = 'bbb222';",
                     "",
                     "COMMIT;",
                     ""}));
    EXPECT_EQ(renderOfflineSql(downgradeToBase(), QStringLiteral("postgresql"), table, true),
              lines({"BEGIN;",
                     "",
                     "-- Running downgrade ccc333 -> bbb222",
                     "",
                     "DELETE FROM t;",
                     "",
                     "UPDATE myschema.alembic_version SET version_num='bbb222' WHERE "
                     "myschema.alembic_version.version_num = 'ccc333';",
                     "",
                     "-- Running downgrade bbb222 -> aaa111",
                     "",
                     "DROP TABLE u;",
                     "",
                     "UPDATE myschema.alembic_version SET version_num='aaa111' WHERE "
                     "myschema.alembic_version.version_num = 'bbb222';",
                     "",
                     "-- Running downgrade aaa111 -> ",
                     "",
                     "DROP TABLE t;",
                     "",
                     "DELETE FROM myschema.alembic_version WHERE "
                     "myschema.alembic_version.version_num = 'aaa111';",
                     "",
                     "DROP TABLE myschema.alembic_version;",
                     "",
                     "COMMIT;",
                     ""}));
}

// Schema and table are each quoted where SQLAlchemy quotes them (version_table="MyVersions" with
// version_table_schema="MySchema" for `upgrade aaa111`; version_table_schema="order" for
// `downgrade bbb222:base`). The primary key is named after the table alone.
TEST_F(OfflineLinear, QuotedSchemaQualifiedNamesMatchAlembic)
{
    Plan first;
    first.steps.push_back(step(Direction::Upgrade, a, {}, revs({"aaa111"}), {ins("aaa111")}));
    first.headsAfter = revs({"aaa111"});
    const TableName mixed{QStringLiteral("MySchema"), QStringLiteral("MyVersions")};
    EXPECT_EQ(renderOfflineSql(first, QStringLiteral("postgresql"), mixed, true),
              lines({"BEGIN;", "", "CREATE TABLE \"MySchema\".\"MyVersions\" (",
                     "    version_num VARCHAR(32) NOT NULL, ",
                     "    CONSTRAINT \"MyVersions_pkc\" PRIMARY KEY (version_num)", ");", "",
                     "-- Running upgrade  -> aaa111", "", "CREATE TABLE t (id INTEGER);", "",
                     "CREATE INDEX ix_t ON t (id);", "",
                     "INSERT INTO \"MySchema\".\"MyVersions\" (version_num) VALUES ('aaa111') "
                     "RETURNING \"MySchema\".\"MyVersions\".version_num;",
                     "", "COMMIT;", ""}));
    EXPECT_EQ(
        renderOfflineSql(first, QStringLiteral("mysql"), mixed, true),
        lines({"CREATE TABLE `MySchema`.`MyVersions` (", "    version_num VARCHAR(32) NOT NULL, ",
               "    CONSTRAINT `MyVersions_pkc` PRIMARY KEY (version_num)", ");", "",
               "-- Running upgrade  -> aaa111", "", "CREATE TABLE t (id INTEGER);", "",
               "CREATE INDEX ix_t ON t (id);", "",
               "INSERT INTO `MySchema`.`MyVersions` (version_num) VALUES ('aaa111');", ""}));

    Plan down;
    down.direction = Direction::Downgrade;
    down.headsBefore = revs({"bbb222"});
    down.steps.push_back(step(Direction::Downgrade, b, revs({"bbb222"}), revs({"aaa111"}),
                              {upd("bbb222", "aaa111")}));
    down.steps.push_back(step(Direction::Downgrade, a, revs({"aaa111"}), {}, {del("aaa111")}));
    const TableName reserved{QStringLiteral("order"), QStringLiteral("alembic_version")};
    EXPECT_EQ(renderOfflineSql(down, QStringLiteral("postgresql"), reserved, true),
              lines({"BEGIN;", "", "-- Running downgrade bbb222 -> aaa111", "", "DROP TABLE u;", "",
                     "UPDATE \"order\".alembic_version SET version_num='aaa111' WHERE "
                     "\"order\".alembic_version.version_num = 'bbb222';",
                     "", "-- Running downgrade aaa111 -> ", "", "DROP TABLE t;", "",
                     "DELETE FROM \"order\".alembic_version WHERE "
                     "\"order\".alembic_version.version_num = 'aaa111';",
                     "", "DROP TABLE \"order\".alembic_version;", "", "COMMIT;", ""}));
    EXPECT_EQ(renderOfflineSql(down, QStringLiteral("mysql"), reserved, true),
              lines({"-- Running downgrade bbb222 -> aaa111", "", "DROP TABLE u;", "",
                     "UPDATE `order`.alembic_version SET version_num='aaa111' WHERE "
                     "`order`.alembic_version.version_num = 'bbb222';",
                     "", "-- Running downgrade aaa111 -> ", "", "DROP TABLE t;", "",
                     "DELETE FROM `order`.alembic_version WHERE "
                     "`order`.alembic_version.version_num = 'aaa111';",
                     "", "DROP TABLE `order`.alembic_version;", ""}));
}

TEST(OfflineSections, CrLfScriptsRenderWithLf)
{
    Script s;
    s.revision = QStringLiteral("abc");
    s.upgrade = ScriptSection{QStringLiteral("CREATE TABLE t (\r\n  id INT\r\n);\r\n"), 5};
    Plan plan;
    plan.headsBefore = revs({"zzz"});
    plan.steps.push_back(
        step(Direction::Upgrade, &s, revs({"zzz"}), revs({"abc"}), {upd("zzz", "abc")}));
    EXPECT_TRUE(renderOfflineSql(plan, QStringLiteral("sqlite"), VersionTable::defaultTable(), true)
                    .contains(QStringLiteral("-- Running upgrade zzz -> abc\n\n"
                                             "CREATE TABLE t (\n  id INT\n);\n\n")));
}

// Rendering takes no connection at all; it must not open one behind the caller's back either.
TEST(OfflineSections, NeverTouchesADatabase)
{
    const QStringList connectionsBefore = QSqlDatabase::connectionNames();
    Scripts scripts;
    const Script *a = scripts.add(QStringLiteral("aaa111"), QStringLiteral("first"),
                                  QStringLiteral("CREATE TABLE t (id INTEGER);"), QString());
    Plan plan;
    plan.steps.push_back(step(Direction::Upgrade, a, {}, revs({"aaa111"}), {ins("aaa111")}));
    const QString cwdFiles = QDir::current().entryList(QDir::Files).join(u',');
    const QString sql =
        renderOfflineSql(plan, QStringLiteral("sqlite"), VersionTable::defaultTable(), true);
    EXPECT_FALSE(sql.isEmpty());
    EXPECT_EQ(QSqlDatabase::connectionNames(), connectionsBefore);
    EXPECT_EQ(QDir::current().entryList(QDir::Files).join(u','), cwdFiles);
}

TEST(OfflineVersionTable, OnlineDdlIsAlembicsOneLiner)
{
    EXPECT_EQ(VersionTable(Dialect::sqlite()).createSql(),
              QStringLiteral("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                             "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"));
    EXPECT_EQ(VersionTable(Dialect::sqlite(), {{}, QStringLiteral("v")})
                  .updateSql(QStringLiteral("a"), QStringLiteral("b")),
              QStringLiteral("UPDATE v SET version_num='b' WHERE v.version_num = 'a'"));
}
