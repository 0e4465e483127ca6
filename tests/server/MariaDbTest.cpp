// MySQL/MariaDB as a first-class dialect, against the real MariaDB 10.11 of tests/services: each
// test has a database of its own (PostgresMariaDbSupport.h). DDL auto-commits there, so what is
// checked is that failures are precise and the version table only records complete migrations.

#include "PostgresMariaDbSupport.h"

using namespace retort;
using namespace retort::test;

namespace {

const QString kA = QStringLiteral("aaaa00000001");
const QString kB = QStringLiteral("bbbb00000002");
const QString kC = QStringLiteral("cccc00000003");

void linearProject(ServerProject &project)
{
    project.script(kA, {}, "CREATE TABLE a (id INT);", "DROP TABLE a;");
    project.script(kB, kA, "CREATE TABLE b (id INT);", "DROP TABLE b;");
    project.script(kC, kB, "CREATE TABLE c (id INT);\nINSERT INTO c VALUES (1);", "DROP TABLE c;");
}

} // namespace

TEST(MariaDb, UpgradeDowngradeAndStampKeepTheVersionTable)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    linearProject(project);
    const auto ws = project.load();
    ASSERT_TRUE(ws);

    ServerRun up = migrate(*ws, db, Action::Upgrade, "heads");
    ASSERT_TRUE(up.status.ok()) << up.status.error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kC});
    EXPECT_EQ(db.tables(), (QStringList{"a", "alembic_version", "b", "c"}));
    EXPECT_EQ(db.column("SELECT count(*) FROM c"), QStringList{"1"});
    auto rows = readHeads(db.env(), VersionTable::defaultTable(), db.secrets());
    ASSERT_TRUE(rows.ok()) << rows.error().message.toStdString();
    EXPECT_EQ(*rows, QStringList{kC});

    ServerRun down = migrate(*ws, db, Action::Downgrade, "-2");
    ASSERT_TRUE(down.status.ok()) << down.status.error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kA});
    EXPECT_EQ(db.tables(), (QStringList{"a", "alembic_version"}));

    ServerRun base = migrate(*ws, db, Action::Downgrade, "base");
    ASSERT_TRUE(base.status.ok()) << base.status.error().message.toStdString();
    EXPECT_EQ(db.tables(), QStringList{"alembic_version"});
    EXPECT_TRUE(db.heads().isEmpty());

    ServerRun stamp = migrate(*ws, db, Action::Stamp, kC);
    ASSERT_TRUE(stamp.status.ok()) << stamp.status.error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kC});
    EXPECT_EQ(db.tables(), QStringList{"alembic_version"});
}

TEST(MariaDb, FailureNamesTheStatementAndListsWhatWasApplied)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(kA, {}, "CREATE TABLE a (id INT);", "DROP TABLE a;");
    const QString path = project.script(kB, kA,
                                        "CREATE TABLE b1 (id INT);\n"
                                        "\n"
                                        "INSERT INTO a VALUES (1);\n"
                                        "INSERT INTO missing VALUES (1);\n"
                                        "CREATE TABLE b3 (id INT);",
                                        "DROP TABLE b1;");
    const auto ws = project.load();
    ASSERT_TRUE(ws);

    ServerRun up = migrate(*ws, db, Action::Upgrade, "heads");
    ASSERT_FALSE(up.status.ok());
    const Error &e = up.status.error();
    const int first = ServerProject::kFirstUpgradeLine;
    EXPECT_TRUE(e.message.startsWith(
        QStringLiteral("upgrade %1 failed at statement 3 (%2:%3): ").arg(kB, path).arg(first + 3)))
        << e.message.toStdString();
    EXPECT_TRUE(e.message.contains("missing' doesn't exist (error 1146)"))
        << e.message.toStdString();
    EXPECT_TRUE(
        e.message.contains("statements 1-2 stay applied; the version table was not changed"))
        << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(
        QStringLiteral("statement 1 (%1:%2): CREATE TABLE b1 (id INT)").arg(path).arg(first)))
        << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(
        QStringLiteral("statement 2 (%1:%2): INSERT INTO a VALUES (1)").arg(path).arg(first + 2)))
        << e.message.toStdString();
    EXPECT_TRUE(e.message.contains("stamp"));
    EXPECT_EQ(e.line, first + 3);
    EXPECT_EQ(e.revision, kB);
    EXPECT_EQ(up.applied, (std::vector<int>{1, 2}));

    // What the message says is what the database holds: b1 and the row, no b3, version at a1.
    EXPECT_EQ(db.tables(), (QStringList{"a", "alembic_version", "b1"}));
    EXPECT_EQ(db.column("SELECT count(*) FROM a"), QStringList{"1"});
    EXPECT_EQ(db.heads(), QStringList{kA});

    // A failure at the first statement says that nothing was applied.
    ServerDb db2(Server::MariaDb);
    ASSERT_TRUE(db2.ok());
    ServerProject project2(db2);
    project2.script(kA, {}, "CREATE TABLE a (id INT);\nCREATE TABLE a (id INT);", "DROP TABLE a;");
    const auto ws2 = project2.load();
    ASSERT_TRUE(ws2);
    ServerRun twice = migrate(*ws2, db2, Action::Upgrade, "heads");
    ASSERT_FALSE(twice.status.ok());
    EXPECT_TRUE(twice.status.error().message.contains("statement 2"));
    EXPECT_TRUE(twice.status.error().message.contains("already exists (error 1050)"))
        << twice.status.error().message.toStdString();
    EXPECT_EQ(twice.applied, std::vector<int>{1});
    EXPECT_TRUE(db2.heads().isEmpty());
}

TEST(MariaDb, TriggerAndProcedureWithDelimiter)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(kA, {},
                   "CREATE TABLE t (n INT, note VARCHAR(20));\n"
                   "DELIMITER $$\n"
                   "CREATE TRIGGER t_bump BEFORE INSERT ON t FOR EACH ROW\n"
                   "BEGIN\n"
                   "  SET NEW.n = NEW.n * 10;\n"
                   "  IF NEW.note IS NULL THEN SET NEW.note = 'it''s; \\\"set\\\"'; END IF;\n"
                   "END$$\n"
                   "CREATE PROCEDURE add_row(IN v INT)\n"
                   "BEGIN\n"
                   "  INSERT INTO t (n) VALUES (v); -- a comment; inside\n"
                   "END $$\n"
                   "DELIMITER ;\n"
                   "CALL add_row(4);",
                   "DROP PROCEDURE add_row;\nDROP TRIGGER t_bump;\nDROP TABLE t;");
    const auto ws = project.load();
    ASSERT_TRUE(ws);
    ServerRun up = migrate(*ws, db, Action::Upgrade, "heads");
    ASSERT_TRUE(up.status.ok()) << up.status.error().message.toStdString();
    EXPECT_EQ(db.column("SELECT n FROM t"), QStringList{"40"});
    EXPECT_EQ(db.column("SELECT note FROM t"), QStringList{"it's; \"set\""});
    EXPECT_EQ(db.heads(), QStringList{kA});

    ServerRun down = migrate(*ws, db, Action::Downgrade, "base");
    ASSERT_TRUE(down.status.ok()) << down.status.error().message.toStdString();
    EXPECT_EQ(db.tables(), QStringList{"alembic_version"});
}

TEST(MariaDb, ConnectErrorsAreClearAndNeverShowThePassword)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    const QString wrong = QStringLiteral("Wr0ng-Secret-%1").arg(db.name());

    ScopedConnection conn;
    Status st = conn.open(db.env(), false, ConnectionSecrets{wrong, {}});
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.error().message.contains("authentication failed for user app"))
        << st.error().message.toStdString();
    EXPECT_FALSE(st.error().toString().contains(wrong));

    Environment missing = db.env();
    missing.database = db.name() + "_nope";
    st = conn.open(missing, false, db.secrets());
    ASSERT_FALSE(st.ok());
    // MariaDB answers "access denied" for a database the user may not see; say what we know.
    EXPECT_TRUE(st.error().message.contains(
        QStringLiteral("database %1 does not exist on").arg(missing.database)))
        << st.error().message.toStdString();
    EXPECT_FALSE(st.error().message.contains("authentication failed"))
        << st.error().message.toStdString();
    EXPECT_FALSE(st.error().message.contains(db.password()));

    Environment nowhere = db.env();
    nowhere.port = 1;
    st = conn.open(nowhere, false, db.secrets());
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.error().message.contains("cannot reach the database server at 127.0.0.1:1"))
        << st.error().message.toStdString();

    ASSERT_TRUE(conn.open(db.env(), false, db.secrets()).ok());
    EXPECT_EQ(conn.db().driverName(), "QMYSQL");
}

TEST(MariaDb, CancelKillsTheRunningQuery)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(kA, {}, "CREATE TABLE a (id INT);", "DROP TABLE a;");
    project.script(kB, kA, "CREATE TABLE b (id INT);\nSELECT SLEEP(60);\nCREATE TABLE b2 (x INT);",
                   "DROP TABLE b;");
    const auto ws = project.load();
    ASSERT_TRUE(ws);

    JobOutcome out = runJobAndCancel(ws, db, 2, 2, 300);
    ASSERT_TRUE(out.status.has_value()) << "the job did not finish";
    ASSERT_FALSE(out.status->ok());
    // Not transactional: statement 1 stays, and the message says so.
    EXPECT_TRUE(out.status->error().message.startsWith(
        QStringLiteral("cancelled; statement 1 of upgrade %1 stay applied").arg(kB)))
        << out.status->error().message.toStdString();
    EXPECT_EQ(out.status->error().revision, kB);
    EXPECT_GE(out.cancelToFinishMs, 0);
    EXPECT_LT(out.cancelToFinishMs, 10000) << "the sleep was not interrupted";
    EXPECT_EQ(db.heads(), QStringList{kA});
    EXPECT_EQ(db.tables(), (QStringList{"a", "alembic_version", "b"}));
}

TEST(MariaDb, CliEndToEndWarnsAboutNonTransactionalDdl)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    linearProject(project);
    const QString root = project.root();
    const QString pw = db.password();

    CliRun wrong = cli(root, {"current"}, "not-the-password");
    EXPECT_NE(wrong.code, 0);
    EXPECT_TRUE(wrong.err.contains("authentication failed for user app"))
        << wrong.err.toStdString();
    EXPECT_FALSE(wrong.err.contains("not-the-password"));

    CliRun up = cli(root, {"upgrade", "heads"}, pw);
    ASSERT_EQ(up.code, 0) << up.err.toStdString();
    EXPECT_TRUE(up.err.contains("warning: MySQL/MariaDB commits every DDL statement"))
        << up.err.toStdString();
    EXPECT_EQ(up.out, QStringLiteral("Running upgrade  -> %1, Step %1\n"
                                     "Running upgrade %1 -> %2, Step %2\n"
                                     "Running upgrade %2 -> %3, Step %3\n")
                          .arg(kA, kB, kC));
    EXPECT_EQ(db.heads(), QStringList{kC});
    EXPECT_EQ(cli(root, {"current"}, pw).out, kC + " (head)\n");

    CliRun history = cli(root, {"history", "-i"}, pw);
    ASSERT_EQ(history.code, 0) << history.err.toStdString();
    EXPECT_TRUE(history.out.contains("(current)")) << history.out.toStdString();

    CliRun down = cli(root, {"downgrade", "base"}, pw);
    ASSERT_EQ(down.code, 0) << down.err.toStdString();
    EXPECT_TRUE(db.heads().isEmpty());
    EXPECT_EQ(db.tables(), QStringList{"alembic_version"});

    CliRun stamp = cli(root, {"stamp", kB}, pw);
    ASSERT_EQ(stamp.code, 0) << stamp.err.toStdString();
    EXPECT_FALSE(stamp.err.contains("warning")) << "a stamp runs no DDL";
    EXPECT_EQ(db.heads(), QStringList{kB});

    CliRun sql = cli(root, {"upgrade", "heads", "--sql"}, QString());
    ASSERT_EQ(sql.code, 0) << sql.err.toStdString();
    EXPECT_FALSE(sql.out.contains("BEGIN;"));
    EXPECT_TRUE(sql.out.contains(QStringLiteral("UPDATE alembic_version SET version_num='%1' WHERE "
                                                "alembic_version.version_num = '%2';")
                                     .arg(kC, kB)))
        << sql.out.toStdString();
}

// version_table_schema on MariaDB names another database: the version rows and Retort's audit
// trail live there, every reader and runner finds them there, and the environment's own
// database (which has an alembic_version of another tool) is neither read nor written.
TEST(MariaDb, VersionTableSchemaIsAnotherDatabase)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ServerDb ops(Server::MariaDb); // the schema: a database the app user may use
    ASSERT_TRUE(ops.ok());
    ASSERT_EQ(db.exec("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"), "");
    ASSERT_EQ(db.exec("INSERT INTO alembic_version VALUES ('ffff00000009')"), "");
    ServerProject project(db, "version_table_schema = \"" + ops.name() + "\"\n");
    linearProject(project);
    const auto ws = project.load();
    ASSERT_TRUE(ws);
    EXPECT_EQ(ws->project().versionTableName(), (TableName{ops.name(), "alembic_version"}));

    ServerRun up = migrate(*ws, db, Action::Upgrade, "heads");
    ASSERT_TRUE(up.status.ok()) << up.status.error().message.toStdString();
    EXPECT_EQ(ops.heads(), QStringList{kC});
    EXPECT_EQ(ops.allTables(), (QStringList{"alembic_version", "retort_history"}));
    EXPECT_EQ(ops.column("SELECT revision FROM retort_history ORDER BY id"),
              (QStringList{kA, kB, kC}));
    EXPECT_EQ(db.allTables(), (QStringList{"a", "alembic_version", "b", "c"}));
    EXPECT_EQ(db.heads(), QStringList{"ffff00000009"});
    auto rows = readHeads(db.env(), ws->project().versionTableName(), db.secrets());
    ASSERT_TRUE(rows.ok()) << rows.error().message.toStdString();
    EXPECT_EQ(*rows, QStringList{kC});

    const QString root = project.root();
    const QString pw = db.password();
    EXPECT_EQ(cli(root, {"current"}, pw).out, kC + " (head)\n");
    CliRun status = cli(root, {"status"}, pw);
    ASSERT_EQ(status.code, 0) << status.err.toStdString();
    EXPECT_TRUE(status.out.contains(kC)) << status.out.toStdString();
    EXPECT_FALSE(status.out.contains("ffff00000009")) << status.out.toStdString();
    CliRun log = cli(root, {"log"}, pw);
    ASSERT_EQ(log.code, 0) << log.err.toStdString();
    EXPECT_TRUE(log.out.contains(QStringLiteral("upgrade %1 -> %2").arg(kB, kC)))
        << log.out.toStdString();

    CliRun down = cli(root, {"downgrade", "base"}, pw);
    ASSERT_EQ(down.code, 0) << down.err.toStdString();
    EXPECT_TRUE(ops.heads().isEmpty());
    EXPECT_EQ(ops.allTables(), (QStringList{"alembic_version", "retort_history"}));
    EXPECT_EQ(db.allTables(), QStringList{"alembic_version"});
    EXPECT_EQ(db.heads(), QStringList{"ffff00000009"});

    CliRun sql = cli(root, {"upgrade", "heads", "--sql"}, QString());
    ASSERT_EQ(sql.code, 0) << sql.err.toStdString();
    EXPECT_TRUE(sql.out.contains(QStringLiteral("UPDATE %3.alembic_version SET version_num='%1' "
                                                "WHERE %3.alembic_version.version_num = '%2';")
                                     .arg(kC, kB, ops.name())))
        << sql.out.toStdString();
}
