// PostgreSQL and MySQL/MariaDB without a server: dialect rules, statement splitting (libpg_query,
// the MySQL lexer with DELIMITER), syntax-error lines, connect options, and offline rendering.
//
// The offline texts are the stdout of Debian's Alembic 1.8.1 (SQLAlchemy 1.4.46), which renders
// offline without a server or a DB-API driver for `postgresql://u@h/d` and `mysql://u@h/d` URLs:
//   alembic init; two revisions aaa111 "first", bbb222 "second", each upgrade and downgrade
//   op.execute("CREATE TABLE t (id int)");
//   alembic upgrade head --sql; alembic downgrade bbb222:base --sql; alembic stamp aaa111 --sql

#include "db/AuditTrail.h"
#include "db/Connection.h"
#include "db/Dialect.h"
#include "db/Migrator.h"
#include "db/OfflineRenderer.h"
#include "db/StatementSplitter.h"
#include "db/VersionTable.h"
#include "graph/Plan.h"
#include "scripts/Script.h"

#include <gtest/gtest.h>

#include <QCryptographicHash>
#include <QStringList>

using namespace retort;

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace {

QStringList texts(const std::vector<Statement> &statements)
{
    QStringList out;
    for (const Statement &s : statements)
        out.append(s.text);
    return out;
}

std::vector<int> linesOf(const std::vector<Statement> &statements)
{
    std::vector<int> out;
    for (const Statement &s : statements)
        out.push_back(s.line);
    return out;
}

std::vector<Statement> pg(const QString &sql)
{
    return splitStatements(sql, Dialect::postgresql());
}

std::vector<Statement> my(const QString &sql)
{
    return splitStatements(sql, Dialect::mysql());
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Dialect

TEST(ServerDialect, NamesDriversAndTransactionalDdl)
{
    EXPECT_EQ(Dialect::forDriver("postgresql").value(), Dialect::postgresql());
    EXPECT_EQ(Dialect::forDriver("mysql").value(), Dialect::mysql());
    EXPECT_EQ(Dialect::forQtDriver("QPSQL").value(), Dialect::postgresql());
    EXPECT_EQ(Dialect::forQtDriver("QMYSQL").value(), Dialect::mysql());
    EXPECT_EQ(Dialect::forQtDriver("QMARIADB").value(), Dialect::mysql());
    EXPECT_FALSE(Dialect::forDriver("oracle").ok());
    EXPECT_EQ(Dialect::postgresql().qtDriverName(), "QPSQL");
    EXPECT_EQ(Dialect::mysql().qtDriverName(), "QMYSQL");
    EXPECT_TRUE(Dialect::postgresql().transactionalDdl());
    EXPECT_FALSE(Dialect::mysql().transactionalDdl());
    EXPECT_TRUE(Dialect::postgresql().alembicTransactionalDdl());
    EXPECT_FALSE(Dialect::mysql().alembicTransactionalDdl());
    EXPECT_TRUE(Dialect::postgresql().nonTransactionalWarning().isEmpty());
    EXPECT_TRUE(Dialect::mysql().nonTransactionalWarning().contains("MySQL/MariaDB"));
}

TEST(ServerDialect, QuotingFollowsSqlAlchemy)
{
    const Dialect p = Dialect::postgresql();
    const Dialect m = Dialect::mysql();
    EXPECT_EQ(p.quoteIdentifier("we\"ird"), "\"we\"\"ird\"");
    EXPECT_EQ(m.quoteIdentifier("we`ird"), "`we``ird`");
    EXPECT_EQ(p.formatIdentifier("alembic_version"), "alembic_version");
    EXPECT_EQ(m.formatIdentifier("alembic_version"), "alembic_version");
    EXPECT_EQ(p.formatIdentifier("user"), "\"user\""); // reserved in PostgreSQL only
    EXPECT_EQ(m.formatIdentifier("user"), "user");
    EXPECT_EQ(m.formatIdentifier("key"), "`key`"); // reserved in MySQL only
    EXPECT_EQ(p.formatIdentifier("key"), "key");
    EXPECT_EQ(p.formatIdentifier("MyVersions"), "\"MyVersions\"");
    EXPECT_EQ(m.formatIdentifier("MyVersions"), "`MyVersions`");
    EXPECT_EQ(p.quoteLiteral("it's a\\b"), "'it''s a\\b'");
    EXPECT_EQ(m.quoteLiteral("it's a\\b"), "'it''s a\\\\b'");
}

TEST(ServerDialect, VersionTableSql)
{
    const VersionTable p(Dialect::postgresql());
    EXPECT_EQ(p.insertSql("abc"), "INSERT INTO alembic_version (version_num) VALUES ('abc') "
                                  "RETURNING alembic_version.version_num");
    EXPECT_EQ(p.updateSql("a", "b"),
              "UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a'");
    const VersionTable m(Dialect::mysql(), {{}, "order"});
    EXPECT_EQ(m.insertSql("abc"), "INSERT INTO `order` (version_num) VALUES ('abc')");
    EXPECT_EQ(m.createSql(), "CREATE TABLE `order` (version_num VARCHAR(32) NOT NULL, CONSTRAINT "
                             "order_pkc PRIMARY KEY (version_num))");
}

// version_table_schema: every statement names schema.table, each part quoted where SQLAlchemy
// quotes it (checked against `alembic ... --sql`, see OfflineRendererTest); the primary key keeps
// the table's own name.
TEST(ServerDialect, SchemaQualifiedVersionTableSql)
{
    const TableName ops{"ops", "alembic_version"};
    const VersionTable p(Dialect::postgresql(), ops);
    EXPECT_EQ(p.createSql(), "CREATE TABLE ops.alembic_version (version_num VARCHAR(32) NOT NULL, "
                             "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
    EXPECT_EQ(p.insertSql("abc"), "INSERT INTO ops.alembic_version (version_num) VALUES ('abc') "
                                  "RETURNING ops.alembic_version.version_num");
    EXPECT_EQ(p.updateSql("a", "b"), "UPDATE ops.alembic_version SET version_num='b' WHERE "
                                     "ops.alembic_version.version_num = 'a'");
    EXPECT_EQ(p.deleteSql("a"),
              "DELETE FROM ops.alembic_version WHERE ops.alembic_version.version_num = 'a'");
    EXPECT_EQ(p.deleteAllSql(), "DELETE FROM ops.alembic_version");
    EXPECT_EQ(p.dropSql(), "DROP TABLE ops.alembic_version");

    const VersionTable m(Dialect::mysql(), {"Ops", "order"});
    EXPECT_EQ(m.createSql(), "CREATE TABLE `Ops`.`order` (version_num VARCHAR(32) NOT NULL, "
                             "CONSTRAINT order_pkc PRIMARY KEY (version_num))");
    EXPECT_EQ(m.insertSql("abc"), "INSERT INTO `Ops`.`order` (version_num) VALUES ('abc')");
    EXPECT_EQ(m.updateSql("a", "b"),
              "UPDATE `Ops`.`order` SET version_num='b' WHERE `Ops`.`order`.version_num = 'a'");

    const VersionTable l(Dialect::sqlite(), {"main", "MyVersions"});
    EXPECT_EQ(l.deleteSql("a"),
              "DELETE FROM main.\"MyVersions\" WHERE main.\"MyVersions\".version_num = 'a'");

    EXPECT_EQ(Dialect::postgresql().formatTable({"user", "alembic_version"}),
              "\"user\".alembic_version");
    EXPECT_EQ(Dialect::postgresql().formatTable({{}, "alembic_version"}), "alembic_version");
}

// Retort's audit trail sits next to the version table, in its schema.
TEST(ServerDialect, AuditTrailInTheVersionTablesSchema)
{
    const AuditTrail p = AuditTrail::besideVersionTable(Dialect::postgresql(), {"ops", "v"});
    EXPECT_EQ(p.table(), (TableName{"ops", "retort_history"}));
    EXPECT_TRUE(p.createSql().startsWith("CREATE TABLE ops.retort_history (id BIGSERIAL"))
        << p.createSql().toStdString();
    const AuditTrail m(Dialect::mysql(), "Ops");
    EXPECT_TRUE(m.createSql().startsWith("CREATE TABLE `Ops`.retort_history ("))
        << m.createSql().toStdString();
    EXPECT_TRUE(
        AuditTrail(Dialect::mysql()).createSql().startsWith("CREATE TABLE retort_history ("));
}

// The run lock is per version table, schema included; without a schema the keys are the ones
// Retort always used, so runners of older and newer versions still exclude each other.
TEST(ServerDialect, RunLockKeysIncludeTheSchema)
{
    const QByteArray hash =
        QCryptographicHash::hash("retort:alembic_version", QCryptographicHash::Sha256);
    quint64 key = 0;
    for (int i = 0; i < 8; ++i)
        key = (key << 8) | static_cast<unsigned char>(hash[i]);
    EXPECT_EQ(DatabaseLock::postgresKey({{}, "alembic_version"}), static_cast<qint64>(key));
    EXPECT_NE(DatabaseLock::postgresKey({"ops", "alembic_version"}),
              DatabaseLock::postgresKey({{}, "alembic_version"}));
    EXPECT_NE(DatabaseLock::postgresKey({"ops", "alembic_version"}),
              DatabaseLock::postgresKey({"other", "alembic_version"}));

    // MySQL: a schema is a database. The same table reached from two databases is one lock; two
    // schemas are two locks.
    EXPECT_EQ(DatabaseLock::mysqlName("app", {"ops", "alembic_version"}),
              DatabaseLock::mysqlName("reporting", {"ops", "alembic_version"}));
    EXPECT_EQ(DatabaseLock::mysqlName("ops", {{}, "alembic_version"}),
              DatabaseLock::mysqlName("app", {"ops", "alembic_version"}));
    EXPECT_NE(DatabaseLock::mysqlName("app", {"ops", "alembic_version"}),
              DatabaseLock::mysqlName("app", {{}, "alembic_version"}));
    EXPECT_LE(DatabaseLock::mysqlName("app", {"ops", "alembic_version"}).size(), 64);
}

TEST(ServerDialect, ConnectTimeoutMergedWithOptions)
{
    EXPECT_EQ(connectOptionsWithTimeout("postgresql", ""), "connect_timeout=10");
    EXPECT_EQ(connectOptionsWithTimeout("postgresql", "sslmode=disable"),
              "sslmode=disable;connect_timeout=10");
    EXPECT_EQ(connectOptionsWithTimeout("postgresql", "connect_timeout=3;sslmode=disable"),
              "connect_timeout=3;sslmode=disable");
    EXPECT_EQ(connectOptionsWithTimeout("mysql", "MYSQL_OPT_RECONNECT=1;"),
              "MYSQL_OPT_RECONNECT=1;MYSQL_OPT_CONNECT_TIMEOUT=10");
    EXPECT_EQ(connectOptionsWithTimeout("mysql", "mysql_opt_connect_timeout=2"),
              "mysql_opt_connect_timeout=2");
    EXPECT_EQ(connectOptionsWithTimeout("sqlite", "QSQLITE_BUSY_TIMEOUT=5"),
              "QSQLITE_BUSY_TIMEOUT=5");
}

TEST(ServerDialect, PreRunWarningOnlyForMysqlPlansWithScripts)
{
    Script script;
    script.revision = "a1";
    PlanStep run;
    run.revision = "a1";
    run.script = &script;
    PlanStep stamp;
    stamp.stamp = true;
    Plan withScript;
    withScript.steps = {run};
    Plan stampOnly;
    stampOnly.steps = {stamp};
    EXPECT_FALSE(Migrator::preRunWarning(Dialect::mysql(), withScript).isEmpty());
    EXPECT_TRUE(Migrator::preRunWarning(Dialect::mysql(), stampOnly).isEmpty());
    EXPECT_TRUE(Migrator::preRunWarning(Dialect::postgresql(), withScript).isEmpty());
    EXPECT_TRUE(Migrator::preRunWarning(Dialect::sqlite(), withScript).isEmpty());
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL splitting

TEST(PgSplitter, DollarQuotedBodiesStringsAndComments)
{
    const QString sql = "-- leading comment\n"                                          // 1
                        "CREATE TABLE a (x int);\n"                                     // 2
                        "/* a /* nested */ comment; */\n"                               // 3
                        "CREATE FUNCTION f() RETURNS int AS $$\n"                       // 4
                        "BEGIN\n"                                                       // 5
                        "  RETURN 1; -- inner ; stays\n"                                // 6
                        "END\n"                                                         // 7
                        "$$ LANGUAGE plpgsql;\n"                                        // 8
                        "CREATE FUNCTION g() RETURNS text AS $body$ SELECT ';' $body$ " // 9
                        "LANGUAGE sql;\n"
                        "SELECT E'it\\'s; ok', 'a''b;c' -- trailing comment\n" // 10
                        ";\n"                                                  // 11
                        "  ;  ; -- only comments from here\n"                  // 12
                        "/* end */\n";
    const auto s = pg(sql);
    ASSERT_EQ(s.size(), 4u) << texts(s).join(" | ").toStdString();
    EXPECT_EQ(s[0], (Statement{"CREATE TABLE a (x int)", 2, 1}));
    EXPECT_EQ(s[1].text, "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1; -- inner ; "
                         "stays\nEND\n$$ LANGUAGE plpgsql");
    EXPECT_EQ(s[1].line, 4);
    EXPECT_EQ(s[2].text,
              "CREATE FUNCTION g() RETURNS text AS $body$ SELECT ';' $body$ LANGUAGE sql");
    EXPECT_EQ(s[2].line, 9);
    EXPECT_EQ(s[3], (Statement{"SELECT E'it\\'s; ok', 'a''b;c'", 10, 4}));
}

TEST(PgSplitter, LastStatementWithoutSemicolonAndNonAscii)
{
    const auto s = pg("INSERT INTO t VALUES ('héllo; wörld');\n\nSELECT '€' -- done");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0], (Statement{"INSERT INTO t VALUES ('héllo; wörld')", 1, 1}));
    EXPECT_EQ(s[1], (Statement{"SELECT '€'", 3, 2}));
    EXPECT_TRUE(pg("").empty());
    EXPECT_TRUE(pg("-- nothing\n/* at all */ ;").empty());
}

TEST(PgSplitter, SyntaxErrorStillSplitsAndNamesTheLine)
{
    const QString sql = "CREATE TABLE a (x int);\n"
                        "\n"
                        "CREATE TABLEX b (y int);\n"
                        "SELECT 1;\n";
    const auto s = pg(sql); // the scanner still finds the boundaries
    EXPECT_EQ(texts(s),
              (QStringList{"CREATE TABLE a (x int)", "CREATE TABLEX b (y int)", "SELECT 1"}));
    EXPECT_EQ(linesOf(s), (std::vector<int>{1, 3, 4}));

    const Status status = checkSyntax(sql, Dialect::postgresql());
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().line, 3);
    EXPECT_TRUE(status.error().message.contains("syntax error at or near \"TABLEX\""))
        << status.error().message.toStdString();
    EXPECT_TRUE(status.error().message.contains("(line 3)"));
    EXPECT_TRUE(checkSyntax("CREATE TABLE a (x int);", Dialect::postgresql()).ok());
    EXPECT_TRUE(checkSyntax("CREATE TABLEX", Dialect::mysql()).ok()); // no MySQL parser

    EXPECT_EQ(syntaxErrorLine("SELECT 1,\n  2,\n  FROM", Dialect::postgresql()), 3);
    EXPECT_EQ(syntaxErrorLine("SELECT 1", Dialect::postgresql()), 0);
}

TEST(PgSplitter, UnterminatedQuoteBecomesOneStatement)
{
    const auto s = pg("\n  SELECT 'oops; SELECT 2;\n");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].line, 2);
    EXPECT_TRUE(s[0].text.startsWith("SELECT 'oops; SELECT 2;"));
}

// ---------------------------------------------------------------------------------------------
// MySQL splitting

TEST(MysqlSplitter, QuotesEscapesAndComments)
{
    const QString sql = "# hash comment;\n"                                        // 1
                        "INSERT INTO t VALUES ('a\\';b', \"c\\\";d\", 'e''f;');\n" // 2
                        "CREATE TABLE `we;ird` (`c``;` INT); -- comment;\n"        // 3
                        "SELECT 1--1;\n"                                // 4: not a comment
                        "/* block; */ SELECT /*! STRAIGHT_JOIN */ 2;\n" // 5
                        "SELECT 3";                                     // 6
    const auto s = my(sql);
    EXPECT_EQ(texts(s), (QStringList{"INSERT INTO t VALUES ('a\\';b', \"c\\\";d\", 'e''f;')",
                                     "CREATE TABLE `we;ird` (`c``;` INT)", "SELECT 1--1",
                                     "SELECT /*! STRAIGHT_JOIN */ 2", "SELECT 3"}));
    EXPECT_EQ(linesOf(s), (std::vector<int>{2, 3, 4, 5, 6}));
    EXPECT_EQ(s.back().index, 5);
}

TEST(MysqlSplitter, DelimiterKeepsTriggerBodiesWhole)
{
    const QString sql = "CREATE TABLE t (x INT);\n"                           // 1
                        "DELIMITER $$\n"                                      // 2
                        "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW\n" // 3
                        "BEGIN\n"                                             // 4
                        "  SET NEW.x = NEW.x + 1;\n"                          // 5
                        "  IF NEW.x > 10 THEN SET NEW.x = 10; END IF;\n"      // 6
                        "END$$\n"                                             // 7
                        "CREATE PROCEDURE p() BEGIN SELECT ';'; END $$\n"     // 8
                        "delimiter ;\n"                                       // 9
                        "INSERT INTO t VALUES (1);\n"                         // 10
                        "DELIMITER //\n"                                      // 11
                        "SELECT 2//";                                         // 12
    const auto s = my(sql);
    ASSERT_EQ(s.size(), 5u) << texts(s).join(" | ").toStdString();
    EXPECT_EQ(s[0].text, "CREATE TABLE t (x INT)");
    EXPECT_EQ(s[1].text, "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n"
                         "  SET NEW.x = NEW.x + 1;\n  IF NEW.x > 10 THEN SET NEW.x = 10; END IF;\n"
                         "END");
    EXPECT_EQ(s[2].text, "CREATE PROCEDURE p() BEGIN SELECT ';'; END");
    EXPECT_EQ(s[3].text, "INSERT INTO t VALUES (1)");
    EXPECT_EQ(s[4].text, "SELECT 2");
    EXPECT_EQ(linesOf(s), (std::vector<int>{1, 3, 8, 10, 12}));
}

TEST(MysqlSplitter, EmptyInputsAndWordsStartingWithDelimiter)
{
    EXPECT_TRUE(my("").empty());
    EXPECT_TRUE(my("-- x\n# y\n/* z */ ; ;").empty());
    // `delimiters` is not the DELIMITER command.
    EXPECT_EQ(texts(my("delimiters_table_check;")), QStringList{"delimiters_table_check"});
}

// ---------------------------------------------------------------------------------------------
// Offline rendering, as Alembic prints it

namespace {

struct TwoRevisions {
    Script a, b;
    TwoRevisions()
    {
        for (auto [s, rev, msg] :
             {std::tuple{&a, "aaa111", "first"}, std::tuple{&b, "bbb222", "second"}}) {
            s->revision = rev;
            s->message = msg;
            s->upgrade = ScriptSection{"CREATE TABLE t (id int);\n", 5};
            s->downgrade = ScriptSection{"CREATE TABLE t (id int);\n", 8};
        }
    }
    static PlanStep step(const Script *s, Direction d, QStringList from, QStringList to,
                         std::vector<VersionOp> ops)
    {
        PlanStep out;
        out.direction = d;
        out.script = s;
        out.revision = s ? s->revision : to.value(0);
        out.message = s ? s->message : QString();
        out.fromRevisions = std::move(from);
        out.toRevisions = std::move(to);
        out.versionOps = std::move(ops);
        return out;
    }
    Plan upgradeHead() const
    {
        Plan p;
        p.steps = {
            step(&a, Direction::Upgrade, {}, {"aaa111"}, {{VersionOp::Insert, {}, "aaa111"}}),
            step(&b, Direction::Upgrade, {"aaa111"}, {"bbb222"},
                 {{VersionOp::Update, "aaa111", "bbb222"}})};
        return p;
    }
    Plan downgradeBase() const
    {
        Plan p;
        p.direction = Direction::Downgrade;
        p.headsBefore = {"bbb222"};
        p.steps = {
            step(&b, Direction::Downgrade, {"bbb222"}, {"aaa111"},
                 {{VersionOp::Update, "bbb222", "aaa111"}}),
            step(&a, Direction::Downgrade, {"aaa111"}, {}, {{VersionOp::Delete, "aaa111", {}}})};
        return p;
    }
};

const TableName kVersions = VersionTable::defaultTable();

const QString kCreate = "CREATE TABLE alembic_version (\n"
                        "    version_num VARCHAR(32) NOT NULL, \n"
                        "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
                        ");\n\n";

} // namespace

TEST(OfflineServer, PostgresqlUpgradeDowngradeAndStampMatchAlembic)
{
    const TwoRevisions r;
    EXPECT_EQ(renderOfflineSql(r.upgradeHead(), QString("postgresql"), kVersions, true),
              "BEGIN;\n\n" + kCreate +
                  "-- Running upgrade  -> aaa111\n\n"
                  "CREATE TABLE t (id int);\n\n"
                  "INSERT INTO alembic_version (version_num) VALUES ('aaa111') RETURNING "
                  "alembic_version.version_num;\n\n"
                  "-- Running upgrade aaa111 -> bbb222\n\n"
                  "CREATE TABLE t (id int);\n\n"
                  "UPDATE alembic_version SET version_num='bbb222' WHERE "
                  "alembic_version.version_num = 'aaa111';\n\n"
                  "COMMIT;\n\n");
    EXPECT_EQ(renderOfflineSql(r.downgradeBase(), QString("postgresql"), kVersions, true),
              "BEGIN;\n\n"
              "-- Running downgrade bbb222 -> aaa111\n\n"
              "CREATE TABLE t (id int);\n\n"
              "UPDATE alembic_version SET version_num='aaa111' WHERE "
              "alembic_version.version_num = 'bbb222';\n\n"
              "-- Running downgrade aaa111 -> \n\n"
              "CREATE TABLE t (id int);\n\n"
              "DELETE FROM alembic_version WHERE alembic_version.version_num = 'aaa111';\n\n"
              "DROP TABLE alembic_version;\n\n"
              "COMMIT;\n\n");
    Plan stamp;
    PlanStep s = TwoRevisions::step(nullptr, Direction::Upgrade, {}, {"aaa111"},
                                    {{VersionOp::Insert, {}, "aaa111"}});
    s.stamp = true;
    stamp.steps = {s};
    EXPECT_EQ(renderOfflineSql(stamp, QString("postgresql"), kVersions, true),
              "BEGIN;\n\n" + kCreate +
                  "-- Running stamp_revision  -> aaa111\n\n"
                  "INSERT INTO alembic_version (version_num) VALUES ('aaa111') RETURNING "
                  "alembic_version.version_num;\n\n"
                  "COMMIT;\n\n");
}

TEST(OfflineServer, MysqlUpgradeAndDowngradeMatchAlembic)
{
    const TwoRevisions r;
    EXPECT_EQ(renderOfflineSql(r.upgradeHead(), QString("mysql"), kVersions, true),
              kCreate + "-- Running upgrade  -> aaa111\n\n"
                        "CREATE TABLE t (id int);\n\n"
                        "INSERT INTO alembic_version (version_num) VALUES ('aaa111');\n\n"
                        "-- Running upgrade aaa111 -> bbb222\n\n"
                        "CREATE TABLE t (id int);\n\n"
                        "UPDATE alembic_version SET version_num='bbb222' WHERE "
                        "alembic_version.version_num = 'aaa111';\n\n");
    EXPECT_EQ(renderOfflineSql(r.downgradeBase(), QString("mysql"), kVersions, true),
              "-- Running downgrade bbb222 -> aaa111\n\n"
              "CREATE TABLE t (id int);\n\n"
              "UPDATE alembic_version SET version_num='aaa111' WHERE "
              "alembic_version.version_num = 'bbb222';\n\n"
              "-- Running downgrade aaa111 -> \n\n"
              "CREATE TABLE t (id int);\n\n"
              "DELETE FROM alembic_version WHERE alembic_version.version_num = 'aaa111';\n\n"
              "DROP TABLE alembic_version;\n\n");
}
