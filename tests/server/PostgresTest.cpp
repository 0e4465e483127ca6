// PostgreSQL 15 as a first-class dialect, against the real server of tests/services: each test
// has a database of its own (PostgresMariaDbSupport.h).

#include "PostgresMariaDbSupport.h"

#include "db/StatementSplitter.h"

using namespace retort;
using namespace retort::test;

namespace {

const QString kA = QStringLiteral("aaaa00000001");
const QString kB = QStringLiteral("bbbb00000002");
const QString kC = QStringLiteral("cccc00000003");

// a1 -> b2 -> c3, each creating one table.
void linearProject(ServerProject &project)
{
    project.script(kA, {}, "CREATE TABLE a (id int);", "DROP TABLE a;");
    project.script(kB, kA, "CREATE TABLE b (id int);", "DROP TABLE b;");
    project.script(kC, kB, "CREATE TABLE c (id int);\nINSERT INTO c VALUES (1);", "DROP TABLE c;");
}

} // namespace

TEST(Postgres, UpgradeDowngradeAndStampKeepTheVersionTable)
{
    ServerDb db(Server::Postgres);
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
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(*rows, QStringList{kC});

    ServerRun down = migrate(*ws, db, Action::Downgrade, "-1");
    ASSERT_TRUE(down.status.ok()) << down.status.error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kB});
    EXPECT_FALSE(db.tables().contains("c"));

    ServerRun base = migrate(*ws, db, Action::Downgrade, "base");
    ASSERT_TRUE(base.status.ok()) << base.status.error().message.toStdString();
    EXPECT_EQ(db.tables(), QStringList{"alembic_version"}); // Alembic keeps the empty table
    EXPECT_TRUE(db.heads().isEmpty());

    ServerRun stamp = migrate(*ws, db, Action::Stamp, kB);
    ASSERT_TRUE(stamp.status.ok()) << stamp.status.error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kB});
    EXPECT_EQ(db.tables(), QStringList{"alembic_version"}); // a stamp runs no SQL
}

TEST(Postgres, FailingStatementRollsTheWholeMigrationBack)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(kA, {}, "CREATE TABLE a (id int);", "DROP TABLE a;");
    const QString path = project.script(kB, kA,
                                        "CREATE TABLE b1 (id int);\n"
                                        "INSERT INTO a VALUES (1);\n"
                                        "INSERT INTO missing VALUES (1);\n"
                                        "CREATE TABLE b3 (id int);",
                                        "DROP TABLE b3;");
    const auto ws = project.load();
    ASSERT_TRUE(ws);

    ServerRun up = migrate(*ws, db, Action::Upgrade, "heads");
    ASSERT_FALSE(up.status.ok());
    const Error &e = up.status.error();
    const int line = ServerProject::kFirstUpgradeLine + 2;
    EXPECT_TRUE(e.message.startsWith(
        QStringLiteral("upgrade %1 failed at statement 3 (%2:%3): ").arg(kB, path).arg(line)))
        << e.message.toStdString();
    EXPECT_TRUE(e.message.contains("relation \"missing\" does not exist (SQLSTATE 42P01)"))
        << e.message.toStdString();
    EXPECT_EQ(e.revision, kB);
    EXPECT_EQ(e.line, line);
    EXPECT_TRUE(up.applied.empty());
    // Nothing of b2 remains: no b1, no row in a; the version table is at a1.
    EXPECT_EQ(db.heads(), QStringList{kA});
    EXPECT_EQ(db.tables(), (QStringList{"a", "alembic_version"}));
    EXPECT_EQ(db.column("SELECT count(*) FROM a"), QStringList{"0"});
}

TEST(Postgres, SyntaxErrorPointsAtTheLineInsideTheStatement)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    const QString path = project.script(kA, {},
                                        "CREATE TABLE a (id int);\n"
                                        "SELECT id,\n"
                                        "       id + 1\n"
                                        "  FROMM a;",
                                        "DROP TABLE a;");
    const auto ws = project.load();
    ASSERT_TRUE(ws);
    ServerRun up = migrate(*ws, db, Action::Upgrade, "heads");
    ASSERT_FALSE(up.status.ok());
    const int line = ServerProject::kFirstUpgradeLine + 3; // the FROMM line
    EXPECT_EQ(up.status.error().line, line) << up.status.error().message.toStdString();
    EXPECT_TRUE(up.status.error().message.contains(
        QStringLiteral("statement 2 (%1:%2)").arg(path).arg(line)))
        << up.status.error().message.toStdString();
    EXPECT_TRUE(up.status.error().message.contains("SQLSTATE 42601"));
    EXPECT_TRUE(db.tables().isEmpty());
}

TEST(Postgres, DollarQuotedPlpgsqlFunction)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(kA, {},
                   "CREATE TABLE t (n int);\n"
                   "CREATE FUNCTION bump(x int) RETURNS int LANGUAGE plpgsql AS $$\n"
                   "DECLARE y int := x; -- a comment; with a semicolon\n"
                   "BEGIN\n"
                   "  y := y + 1;\n"
                   "  RETURN y * 10;\n"
                   "END;\n"
                   "$$;\n"
                   "CREATE FUNCTION label() RETURNS text LANGUAGE sql AS $fn$ SELECT E'a\\';b' "
                   "$fn$;\n"
                   "INSERT INTO t VALUES (bump(4));",
                   "DROP FUNCTION label();\nDROP FUNCTION bump(int);\nDROP TABLE t;");
    const auto ws = project.load();
    ASSERT_TRUE(ws);
    ServerRun up = migrate(*ws, db, Action::Upgrade, "heads");
    ASSERT_TRUE(up.status.ok()) << up.status.error().message.toStdString();
    EXPECT_EQ(db.column("SELECT n FROM t"), QStringList{"50"});
    EXPECT_EQ(db.column("SELECT label()"), QStringList{"a';b"});
    EXPECT_EQ(db.heads(), QStringList{kA});

    ServerRun down = migrate(*ws, db, Action::Downgrade, "base");
    ASSERT_TRUE(down.status.ok()) << down.status.error().message.toStdString();
    EXPECT_EQ(db.column("SELECT count(*) FROM pg_proc WHERE proname IN ('bump', 'label')"),
              QStringList{"0"});
}

TEST(Postgres, NonTransactionalCreateIndexConcurrently)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(kA, {}, "CREATE TABLE t (id int);", "DROP TABLE t;");
    project.script(kB, kA, "CREATE INDEX CONCURRENTLY ix_t ON t (id);",
                   "DROP INDEX CONCURRENTLY ix_t;", /*transactional=*/false);
    // The same statement in a transactional migration fails: proof that those use a transaction.
    project.script(kC, kB, "CREATE INDEX CONCURRENTLY ix_t2 ON t (id);", "DROP INDEX ix_t2;");
    const auto ws = project.load();
    ASSERT_TRUE(ws);

    ServerRun up = migrate(*ws, db, Action::Upgrade, kB);
    ASSERT_TRUE(up.status.ok()) << up.status.error().message.toStdString();
    EXPECT_EQ(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 't'"),
              QStringList{"ix_t"});
    EXPECT_EQ(db.heads(), QStringList{kB});

    ServerRun bad = migrate(*ws, db, Action::Upgrade, kC);
    ASSERT_FALSE(bad.status.ok());
    EXPECT_TRUE(bad.status.error().message.contains("cannot run inside a transaction block"))
        << bad.status.error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kB});

    ServerRun down = migrate(*ws, db, Action::Downgrade, kA);
    ASSERT_TRUE(down.status.ok()) << down.status.error().message.toStdString();
    EXPECT_TRUE(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 't'").isEmpty());
    EXPECT_EQ(db.heads(), QStringList{kA});
}

TEST(Postgres, ConnectErrorsAreClearAndNeverShowThePassword)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    const QString wrong = QStringLiteral("Wr0ng-Secret-%1").arg(db.name());

    ScopedConnection conn;
    Status st = conn.open(db.env(), false, ConnectionSecrets{wrong, {}});
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.error().message.contains("authentication failed for user app"))
        << st.error().message.toStdString();
    EXPECT_FALSE(st.error().message.contains(wrong));
    EXPECT_FALSE(st.error().toString().contains(wrong));

    st = conn.open(db.env(), false, ConnectionSecrets{}); // no password at all
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.error().message.contains("authentication failed for user app"))
        << st.error().message.toStdString();

    Environment missing = db.env();
    missing.database = db.name() + "_nope";
    st = conn.open(missing, false, db.secrets());
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.error().message.contains(
        QStringLiteral("database %1 does not exist").arg(missing.database)))
        << st.error().message.toStdString();
    EXPECT_FALSE(st.error().message.contains(db.password()));

    Environment nowhere = db.env();
    nowhere.port = 1; // nothing listens on port 1
    st = conn.open(nowhere, false, db.secrets());
    ASSERT_FALSE(st.ok());
    EXPECT_TRUE(st.error().message.contains("cannot reach the database server at 127.0.0.1:1"))
        << st.error().message.toStdString();

    ASSERT_TRUE(conn.open(db.env(), false, db.secrets()).ok());
    EXPECT_EQ(conn.db().driverName(), "QPSQL");
}

TEST(Postgres, CancelInterruptsTheRunningStatementAndRollsBack)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(kA, {}, "CREATE TABLE a (id int);", "DROP TABLE a;");
    project.script(kB, kA,
                   "CREATE TABLE b (id int);\nSELECT pg_sleep(60);\nCREATE TABLE b2 (x int);",
                   "DROP TABLE b;");
    const auto ws = project.load();
    ASSERT_TRUE(ws);

    JobOutcome out = runJobAndCancel(ws, db, 2, 2, 300);
    ASSERT_TRUE(out.status.has_value()) << "the job did not finish";
    ASSERT_FALSE(out.status->ok());
    EXPECT_EQ(out.status->error().message, "cancelled");
    EXPECT_EQ(out.status->error().revision, kB);
    EXPECT_GE(out.cancelToFinishMs, 0);
    EXPECT_LT(out.cancelToFinishMs, 10000) << "the sleep was not interrupted";
    EXPECT_EQ(db.heads(), QStringList{kA});
    EXPECT_EQ(db.tables(), (QStringList{"a", "alembic_version"}));
}

TEST(Postgres, CliEndToEndWithPasswordFromTheEnvironment)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    linearProject(project);
    const QString root = project.root();

    CliRun noPassword = cli(root, {"current"}, QString());
    EXPECT_NE(noPassword.code, 0);
    EXPECT_TRUE(noPassword.err.contains("authentication failed for user app"))
        << noPassword.err.toStdString();

    CliRun wrong = cli(root, {"current"}, "not-the-password");
    EXPECT_NE(wrong.code, 0);
    EXPECT_TRUE(wrong.err.contains("authentication failed for user app"));
    EXPECT_FALSE(wrong.err.contains("not-the-password"));

    const QString pw = db.password();
    CliRun current = cli(root, {"current"}, pw);
    ASSERT_EQ(current.code, 0) << current.err.toStdString();
    EXPECT_TRUE(current.out.trimmed().isEmpty());

    CliRun up = cli(root, {"upgrade", "heads"}, pw);
    ASSERT_EQ(up.code, 0) << up.err.toStdString();
    EXPECT_EQ(up.out, QStringLiteral("Running upgrade  -> %1, Step %1\n"
                                     "Running upgrade %1 -> %2, Step %2\n"
                                     "Running upgrade %2 -> %3, Step %3\n")
                          .arg(kA, kB, kC));
    EXPECT_FALSE(up.err.contains("warning")) << up.err.toStdString(); // transactional DDL
    EXPECT_EQ(db.heads(), QStringList{kC});
    EXPECT_EQ(cli(root, {"current"}, pw).out, kC + " (head)\n");

    CliRun history = cli(root, {"history", "-i"}, pw);
    ASSERT_EQ(history.code, 0) << history.err.toStdString();
    EXPECT_TRUE(history.out.contains(kC) && history.out.contains("(current)"))
        << history.out.toStdString();

    CliRun down = cli(root, {"downgrade", "-1"}, pw);
    ASSERT_EQ(down.code, 0) << down.err.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kB});

    CliRun stamp = cli(root, {"stamp", kA}, pw);
    ASSERT_EQ(stamp.code, 0) << stamp.err.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kA});
    EXPECT_EQ(db.tables(), (QStringList{"a", "alembic_version", "b"})); // stamp runs no SQL

    CliRun sql = cli(root, {"upgrade", "heads", "--sql"}, QString()); // offline: no connection
    ASSERT_EQ(sql.code, 0) << sql.err.toStdString();
    EXPECT_TRUE(sql.out.startsWith("BEGIN;\n\n")) << sql.out.toStdString();
    EXPECT_TRUE(sql.out.contains("RETURNING alembic_version.version_num;"));
    EXPECT_TRUE(sql.out.endsWith("COMMIT;\n\n"));

    CliRun base = cli(root, {"downgrade", "base"}, pw);
    ASSERT_EQ(base.code, 0) << base.err.toStdString();
    EXPECT_TRUE(db.heads().isEmpty());
}

TEST(Postgres, PlanJobAndMigrationJobUseTheSecrets)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    linearProject(project);
    const auto ws = project.load();
    ASSERT_TRUE(ws);
    ASSERT_TRUE(migrate(*ws, db, Action::Upgrade, kA).status.ok());

    const auto plan = [&](const ConnectionSecrets &secrets) {
        PlanJob job(ws, db.env(), secrets, PlanJob::Request{MigrationAction::Upgrade, {"heads"}});
        std::optional<std::pair<Status, Plan>> out;
        QEventLoop loop;
        QObject::connect(&job, &PlanJob::finished, &loop,
                         [&](const Status &status, const Plan &p, bool) {
                             out.emplace(status, p);
                             loop.quit();
                         });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        job.start();
        loop.exec();
        return out;
    };

    auto refused = plan(ConnectionSecrets{"wrong", {}});
    ASSERT_TRUE(refused.has_value());
    ASSERT_FALSE(refused->first.ok());
    EXPECT_TRUE(refused->first.error().message.contains("authentication failed for user app"));

    auto planned = plan(db.secrets());
    ASSERT_TRUE(planned.has_value());
    ASSERT_TRUE(planned->first.ok()) << planned->first.error().message.toStdString();
    EXPECT_EQ(planned->second.headsBefore, QStringList{kA});
    ASSERT_EQ(planned->second.steps.size(), 2u);

    MigrationJob job(ws, db.env(), db.secrets(), planned->second, migratorOptionsFor(*ws));
    std::optional<Status> finished;
    QEventLoop loop;
    QObject::connect(&job, &MigrationJob::finished, &loop, [&](const Status &status) {
        finished = status;
        loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    ASSERT_TRUE(finished.has_value());
    ASSERT_TRUE(finished->ok()) << finished->error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kC});
}

// version_table_schema (Alembic's): the version rows and Retort's audit trail live in that schema,
// every reader and runner finds them there, and a version table of the default schema (public) is
// neither read nor written.
TEST(Postgres, VersionTableSchemaHoldsTheRowsAndTheAuditTrail)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ASSERT_EQ(db.exec("CREATE SCHEMA ops"), "");
    ASSERT_EQ(db.exec("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"), "");
    ASSERT_EQ(db.exec("INSERT INTO alembic_version VALUES ('ffff00000009')"), "");
    ServerProject project(db, "version_table_schema = \"ops\"\n");
    linearProject(project);
    const auto ws = project.load();
    ASSERT_TRUE(ws);
    EXPECT_EQ(ws->project().versionTableName(), (TableName{"ops", "alembic_version"}));

    ServerRun up = migrate(*ws, db, Action::Upgrade, "heads");
    ASSERT_TRUE(up.status.ok()) << up.status.error().message.toStdString();
    EXPECT_EQ(db.column("SELECT version_num FROM ops.alembic_version"), QStringList{kC});
    EXPECT_EQ(db.column("SELECT tablename FROM pg_tables WHERE schemaname = 'ops' ORDER BY 1"),
              (QStringList{"alembic_version", "retort_history"}));
    EXPECT_EQ(db.column("SELECT revision FROM ops.retort_history ORDER BY id"),
              (QStringList{kA, kB, kC}));
    EXPECT_EQ(db.allTables(), (QStringList{"a", "alembic_version", "b", "c"})); // public
    EXPECT_EQ(db.heads(), QStringList{"ffff00000009"});
    auto rows = readHeads(db.env(), ws->project().versionTableName(), db.secrets());
    ASSERT_TRUE(rows.ok()) << rows.error().message.toStdString();
    EXPECT_EQ(*rows, QStringList{kC});

    // The GUI's planner reads the rows from ops too.
    PlanJob job(ws, db.env(), db.secrets(), PlanJob::Request{MigrationAction::Downgrade, {"-1"}});
    std::optional<Plan> planned;
    bool tableFound = false;
    QEventLoop loop;
    QObject::connect(&job, &PlanJob::finished, &loop,
                     [&](const Status &status, const Plan &p, bool exists) {
                         EXPECT_TRUE(status.ok()) << status.error().message.toStdString();
                         planned = p;
                         tableFound = exists;
                         loop.quit();
                     });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    ASSERT_TRUE(planned.has_value());
    EXPECT_TRUE(tableFound);
    EXPECT_EQ(planned->headsBefore, QStringList{kC});
    EXPECT_EQ(planned->headsAfter, QStringList{kB});

    // The CLI: current, status and log read ops; a run moves the row there; --sql qualifies.
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

    CliRun down = cli(root, {"downgrade", "-1"}, pw);
    ASSERT_EQ(down.code, 0) << down.err.toStdString();
    EXPECT_EQ(db.column("SELECT version_num FROM ops.alembic_version"), QStringList{kB});
    EXPECT_EQ(db.column("SELECT count(*) FROM ops.retort_history"), QStringList{"4"});
    EXPECT_EQ(db.heads(), QStringList{"ffff00000009"});

    CliRun sql = cli(root, {"upgrade", "heads", "--sql"}, QString());
    ASSERT_EQ(sql.code, 0) << sql.err.toStdString();
    EXPECT_TRUE(sql.out.startsWith("BEGIN;\n\nCREATE TABLE ops.alembic_version (\n"))
        << sql.out.toStdString();
    EXPECT_TRUE(sql.out.contains(QStringLiteral("INSERT INTO ops.alembic_version (version_num) "
                                                "VALUES ('%1') RETURNING "
                                                "ops.alembic_version.version_num;")
                                     .arg(kA)))
        << sql.out.toStdString();
}

// A schema that does not exist is the server's error; nothing runs.
TEST(Postgres, MissingVersionTableSchemaIsAnError)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db, "version_table_schema = \"nowhere\"\n");
    linearProject(project);
    CliRun up = cli(project.root(), {"upgrade", "heads"}, db.password());
    EXPECT_NE(up.code, 0);
    EXPECT_TRUE(up.err.contains("schema \"nowhere\" does not exist")) << up.err.toStdString();
    EXPECT_TRUE(db.allTables().isEmpty());
}
