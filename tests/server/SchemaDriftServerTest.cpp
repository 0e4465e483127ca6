// retort-cli check --drift and diff @heads on the real servers: the expected schema replayed into
// a scratch database on the project's scratch server, compared with the live database (on
// PostgreSQL reached through the test sshd); drift made by hand is found and named, and the
// scratch database is gone afterwards.

#include "PostgresMariaDbSupport.h"

#include <QFile>

using namespace retort;
using namespace retort::test;

namespace {

// The scratch databases `user` owns on the server (PostgreSQL), or all of them (MariaDB), as the
// superuser sees them.
QStringList scratchLeft(Server server, const QString &user)
{
    QStringList names;
    EXPECT_EQ(superExecOn(server,
                          {server == Server::Postgres
                               ? QStringLiteral("SELECT datname FROM pg_database d JOIN pg_roles r "
                                                "ON r.oid = d.datdba WHERE r.rolname = '%1'")
                                     .arg(user)
                               : QStringLiteral("SELECT schema_name FROM information_schema."
                                                "schemata WHERE schema_name LIKE "
                                                "'retort!_scratch!_%' ESCAPE '!'")},
                          &names),
              "");
    return names;
}

void driftIsFoundAndNamed(Server server, bool throughTunnel)
{
    ServerDb db(server);
    ASSERT_TRUE(db.ok());
    // The scratch server: the same server, a login that may create databases (with the app's
    // password, as RETORT_DB_PASSWORD serves every environment).
    ScratchLogin login(db, db.password());
    ServerProject project(db, QStringLiteral("scratch = \"scratch\"\n"));
    {
        QFile toml(project.root() + "/retort.toml");
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write(QStringLiteral("\n[environments.scratch]\ndriver = \"%1\"\nhost = \"%2\"\n"
                                  "port = %3\nuser = \"%4\"\ndatabase = \"%5\"\n")
                       .arg(db.driver(), db.host())
                       .arg(db.port())
                       .arg(login.user(), db.name())
                       .toUtf8());
    }
    project.script(
        "a1", "",
        "CREATE TABLE accounts (id integer PRIMARY KEY, email varchar(120) NOT NULL, "
        "credit integer DEFAULT 0);\nCREATE INDEX ix_accounts_email ON accounts (email);",
        "DROP TABLE accounts;");
    QString env = QStringLiteral("test");
    if (throughTunnel) {
        project.addTunnelEnvironment("remote");
        env = QStringLiteral("remote");
    }
    CliRun r = cli(project.root(), {"--env", env, "upgrade", "heads"}, db.password());
    ASSERT_EQ(r.code, 0) << r.err.toStdString();

    r = cli(project.root(), {"--env", env, "check", "--drift"}, db.password());
    EXPECT_EQ(r.code, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("the schema is what its revisions (a1) produce"))
        << r.out.toStdString();
    r = cli(project.root(), {"--env", env, "diff", "@heads", env}, db.password());
    EXPECT_EQ(r.code, 0) << r.out.toStdString() << r.err.toStdString();

    // By hand: a column added, an index dropped, a default changed.
    ASSERT_EQ(db.exec("ALTER TABLE accounts ADD COLUMN nickname varchar(40)"), "");
    ASSERT_EQ(db.exec(server == Server::Postgres ? "DROP INDEX ix_accounts_email"
                                                 : "DROP INDEX ix_accounts_email ON accounts"),
              "");
    ASSERT_EQ(db.exec("ALTER TABLE accounts ALTER COLUMN credit SET DEFAULT 5"), "");
    r = cli(project.root(), {"--env", env, "check", "--drift"}, db.password());
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.out.contains("nickname")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("ix_accounts_email")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("credit")) << r.out.toStdString();
    EXPECT_TRUE(r.err.contains("3 difference(s)")) << r.err.toStdString();
    if (server == Server::Postgres) { // MariaDB's list is server-wide: other tests' may be there
        EXPECT_EQ(scratchLeft(server, login.user()), QStringList());
    }
}

} // namespace

TEST(SchemaDrift, PostgresThroughTheTunnel)
{
    AppScope app;
    driftIsFoundAndNamed(Server::Postgres, true);
}

TEST(SchemaDrift, MariaDb)
{
    AppScope app;
    driftIsFoundAndNamed(Server::MariaDb, false);
}

namespace {

// Triage on a real server (PostgreSQL through the test tunnel): drift made by hand (a column added,
// an index dropped, a default changed) is accepted with a reason (a later check exits 0 and says
// so, in status too), is drift again after a further change, and is reverted by the SQL
// migrationScript writes — afterwards no drift, the version rows unchanged and a revert-drift row
// in the audit trail. The revert part needs the server's dialect of migrationScript: while its
// notes say it is not available yet, that part is skipped (everything before it still ran).
void triage(Server server, bool throughTunnel)
{
    ServerDb db(server);
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db, db.password());
    ServerProject project(db, QStringLiteral("scratch = \"scratch\"\n"));
    {
        QFile toml(project.root() + "/retort.toml");
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write(QStringLiteral("\n[environments.scratch]\ndriver = \"%1\"\nhost = \"%2\"\n"
                                  "port = %3\nuser = \"%4\"\ndatabase = \"%5\"\n")
                       .arg(db.driver(), db.host())
                       .arg(db.port())
                       .arg(login.user(), db.name())
                       .toUtf8());
    }
    project.script(
        "a1", "",
        "CREATE TABLE accounts (id integer PRIMARY KEY, email varchar(120) NOT NULL, "
        "credit integer DEFAULT 0);\nCREATE INDEX ix_accounts_email ON accounts (email);",
        "DROP TABLE accounts;");
    QString env = QStringLiteral("test");
    if (throughTunnel) {
        project.addTunnelEnvironment("remote");
        env = QStringLiteral("remote");
    }
    CliRun r = cli(project.root(), {"--env", env, "upgrade", "heads"}, db.password());
    ASSERT_EQ(r.code, 0) << r.err.toStdString();

    ASSERT_EQ(db.exec("ALTER TABLE accounts ADD COLUMN nickname varchar(40)"), "");
    ASSERT_EQ(db.exec(server == Server::Postgres ? "DROP INDEX ix_accounts_email"
                                                 : "DROP INDEX ix_accounts_email ON accounts"),
              "");
    ASSERT_EQ(db.exec("ALTER TABLE accounts ALTER COLUMN credit SET DEFAULT 5"), "");
    r = cli(project.root(), {"--env", env, "check", "--drift"}, db.password());
    ASSERT_EQ(r.code, 1) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("3 difference(s)")) << r.err.toStdString();

    // Accept: recorded, then reported as accepted.
    r = cli(project.root(), {"--env", env, "check", "--drift", "--accept", "hotfix INC-42"},
            db.password());
    ASSERT_EQ(r.code, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("Accepted: " + env + ": 3 differences")) << r.out.toStdString();
    r = cli(project.root(), {"--env", env, "check", "--drift"}, db.password());
    EXPECT_EQ(r.code, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("drift accepted (hotfix INC-42)")) << r.out.toStdString();
    r = cli(project.root(), {"status", "--drift"}, db.password());
    EXPECT_TRUE(r.out.contains("accepted (hotfix INC-42)")) << r.out.toStdString();
    EXPECT_EQ(db.column("SELECT CONCAT(direction, '|', note, '|', LENGTH(script_sha256)) FROM "
                        "retort_history ORDER BY id DESC LIMIT 1"),
              QStringList{"accept-drift|hotfix INC-42|64"});

    // A further change: drift again.
    ASSERT_EQ(db.exec("CREATE INDEX ix_accounts_nickname ON accounts (nickname)"), "");
    r = cli(project.root(), {"--env", env, "check", "--drift"}, db.password());
    EXPECT_EQ(r.code, 1) << r.out.toStdString();
    EXPECT_TRUE(r.err.contains("4 difference(s)")) << r.err.toStdString();

    // Revert.
    r = cli(project.root(), {"--env", env, "check", "--drift", "--revert", "--sql"}, db.password());
    ASSERT_EQ(r.code, 0) << r.out.toStdString() << r.err.toStdString();
    if (r.err.contains(QStringLiteral("%1 SQL is not available")
                           .arg(server == Server::Postgres ? "postgres" : "mysql")))
        GTEST_SKIP() << "migrationScript has no " << db.driver().toStdString()
                     << " dialect yet: " << r.err.toStdString();
    r = cli(project.root(), {"--env", env, "check", "--drift", "--revert", "--force"},
            db.password());
    ASSERT_EQ(r.code, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("OK: " + env + ": drift reverted")) << r.out.toStdString();
    r = cli(project.root(), {"--env", env, "check", "--drift"}, db.password());
    EXPECT_EQ(r.code, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("the schema is what its revisions (a1) produce"))
        << r.out.toStdString();
    EXPECT_EQ(db.heads(), QStringList{"a1"});
    EXPECT_EQ(db.column("SELECT CONCAT(direction, '|', outcome) FROM retort_history ORDER BY id "
                        "DESC LIMIT 1"),
              QStringList{"revert-drift|succeeded"});
    if (server == Server::Postgres) { // MariaDB's list is server-wide: other tests' may be there
        EXPECT_EQ(scratchLeft(server, login.user()), QStringList());
    }
}

} // namespace

TEST(SchemaDrift, PostgresTriageThroughTheTunnel)
{
    AppScope app;
    triage(Server::Postgres, true);
}

TEST(SchemaDrift, MariaDbTriage)
{
    AppScope app;
    triage(Server::MariaDb, false);
}
