// Scratch databases on the real PostgreSQL and MariaDB of tests/services: created and dropped
// (checked in the server's own list of databases) on success, on a failing migration and on a
// cancel; stale ones swept; a login that may not create databases refused clearly; a protected
// scratch environment refused at project load; a small project's expected schema; the tunnel.

#include "PostgresMariaDbSupport.h"
#include "TestServices.h"

#include "project/Project.h"
#include "project/Workspace.h"
#include "workflows/ExpectedSchema.h"
#include "workflows/ScratchDatabase.h"

#include <QDateTime>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace retort;
using namespace retort::test;

namespace {

// Every database on the server whose name starts with retort_scratch_, as the superuser sees it.
QStringList scratchDatabases(Server s)
{
    QStringList names;
    const QString error = superExecOn(
        s,
        {s == Server::Postgres
             ? QStringLiteral("SELECT datname FROM pg_database WHERE datname LIKE "
                              "'retort!_scratch!_%' ESCAPE '!' ORDER BY 1")
             : QStringLiteral("SELECT schema_name FROM information_schema.schemata WHERE "
                              "schema_name LIKE 'retort!_scratch!_%' ESCAPE '!' ORDER BY 1")},
        &names);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    return names;
}

// Nothing this test made is left: no scratch database now that was not there `before`, owned by
// `owner` (PostgreSQL; MariaDB keeps no owner, so any new one counts). Other tests (ctest -j)
// create and drop scratch databases on the same servers meanwhile: one that was there before
// and is gone now is theirs, and on PostgreSQL so is one another login owns.
void expectNoneLeft(Server s, const QStringList &before, const QString &owner)
{
    QStringList mine;
    if (s == Server::Postgres && !owner.isEmpty()) {
        const QString error = superExecOn(
            s,
            {QStringLiteral("SELECT d.datname FROM pg_database d JOIN pg_roles r ON r.oid = "
                            "d.datdba WHERE d.datname LIKE 'retort!_scratch!_%' ESCAPE '!' AND "
                            "r.rolname = '%1' ORDER BY 1")
                 .arg(owner)},
            &mine);
        EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    } else {
        mine = scratchDatabases(s);
    }
    QStringList left;
    for (const QString &name : mine)
        if (!before.contains(name))
            left.append(name);
    EXPECT_TRUE(left.isEmpty()) << left.join(u' ').toStdString();
}

class ScratchDatabaseTest : public ::testing::TestWithParam<Server> {
protected:
    void SetUp() override { clearExpectedSchemaCache(); }
    AppScope m_app;
};

std::string serverName(const ::testing::TestParamInfo<Server> &info)
{
    return info.param == Server::Postgres ? "Postgres" : "MariaDb";
}

} // namespace

INSTANTIATE_TEST_SUITE_P(Servers, ScratchDatabaseTest,
                         ::testing::Values(Server::Postgres, Server::MariaDb), serverName);

TEST_P(ScratchDatabaseTest, IsCreatedOnTheServerAndDroppedAfterwards)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db);
    const QStringList before = scratchDatabases(GetParam());
    QString name;
    {
        auto scratch = ScratchDatabase::createOnServer(login.server());
        ASSERT_TRUE(scratch.ok()) << scratch.error().toString().toStdString();
        name = (*scratch)->name();
        EXPECT_TRUE(scratchDatabaseTime(name));
        EXPECT_TRUE(scratchDatabases(GetParam()).contains(name));
        // It is usable as an environment.
        ScopedConnection conn;
        ASSERT_TRUE(conn.open((*scratch)->environment(), true, (*scratch)->secrets()).ok());
        QSqlQuery q(conn.db());
        EXPECT_TRUE(q.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY)")))
            << q.lastError().text().toStdString();
        // A session still open on it does not keep it (PostgreSQL: WITH (FORCE)).
    }
    EXPECT_FALSE(scratchDatabases(GetParam()).contains(name));
    expectNoneLeft(GetParam(), before, login.user());
}

TEST_P(ScratchDatabaseTest, ASmallProjectReplaysToTheExpectedTablesAndLeavesNothing)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db);
    ServerProject project(db);
    project.script(QStringLiteral("a1"), {},
                   QStringLiteral("CREATE TABLE customers (id INTEGER PRIMARY KEY, "
                                  "name VARCHAR(80) NOT NULL);"),
                   QStringLiteral("DROP TABLE customers;"));
    project.script(QStringLiteral("b2"), QStringLiteral("a1"),
                   QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer_id "
                                  "INTEGER REFERENCES customers(id), total NUMERIC(12,2));\n"
                                  "CREATE INDEX ix_invoices_customer ON invoices (customer_id);"),
                   QStringLiteral("DROP TABLE invoices;"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    const QStringList before = scratchDatabases(GetParam());
    ExpectedSchemaOptions opts;
    opts.scratch = login.server();

    const auto heads = expectedSchema(*ws, {QStringLiteral("heads")}, db.driver(), opts);
    ASSERT_TRUE(heads.ok()) << heads.error().toString().toStdString();
    const SchemaRelation *invoices = heads->find(QStringLiteral("invoices"));
    ASSERT_TRUE(invoices);
    ASSERT_EQ(invoices->columns.size(), 3u);
    EXPECT_EQ(invoices->columns[2].name, QStringLiteral("total"));
    EXPECT_TRUE(invoices->columns[2].type.contains(QStringLiteral("12,2")))
        << invoices->columns[2].type.toStdString();
    bool hasIndex = false;
    for (const SchemaIndex &i : invoices->indexes)
        hasIndex = hasIndex || i.name == u"ix_invoices_customer";
    EXPECT_TRUE(hasIndex);
    EXPECT_TRUE(heads->find(QStringLiteral("customers")));
    EXPECT_EQ(heads->driver, db.driver());

    const auto first = expectedSchema(*ws, {QStringLiteral("a1")}, db.driver(), opts);
    ASSERT_TRUE(first.ok()) << first.error().toString().toStdString();
    EXPECT_TRUE(first->find(QStringLiteral("customers")));
    EXPECT_FALSE(first->find(QStringLiteral("invoices")));

    expectNoneLeft(GetParam(), before, login.user());
    // The test database itself was never touched.
    EXPECT_TRUE(db.tables().isEmpty()) << db.tables().join(u' ').toStdString();
}

TEST_P(ScratchDatabaseTest, AFailingMigrationStillDropsIt)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db);
    ServerProject project(db);
    project.script(QStringLiteral("a1"), {}, QStringLiteral("CREATE TABLE t (id INTEGER);"),
                   QStringLiteral("DROP TABLE t;"));
    project.script(QStringLiteral("b2"), QStringLiteral("a1"),
                   QStringLiteral("CREATE TABLE u (id INTEGER);\nINSERT INTO missing VALUES (1);"),
                   QStringLiteral("DROP TABLE u;"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    const QStringList before = scratchDatabases(GetParam());
    ExpectedSchemaOptions opts;
    opts.scratch = login.server();
    const auto s = expectedSchema(*ws, {QStringLiteral("heads")}, db.driver(), opts);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().revision, QStringLiteral("b2"));
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("statement 2")))
        << s.error().toString().toStdString();
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("missing")))
        << s.error().toString().toStdString();
    expectNoneLeft(GetParam(), before, login.user());
}

TEST_P(ScratchDatabaseTest, ACancelBeforeOrDuringTheReplayStillDropsIt)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db);
    ServerProject project(db);
    const bool pg = GetParam() == Server::Postgres;
    const QString sleep =
        pg ? QStringLiteral("SELECT pg_sleep(60);") : QStringLiteral("SELECT SLEEP(60);");
    project.script(QStringLiteral("a1"), {},
                   QStringLiteral("CREATE TABLE t (id INTEGER);\n") + sleep,
                   QStringLiteral("DROP TABLE t;"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    const QStringList before = scratchDatabases(GetParam());
    ExpectedSchemaOptions opts;
    opts.scratch = login.server();

    {
        const CancelToken cancel;
        cancel.cancel();
        const auto s = expectedSchema(*ws, {QStringLiteral("heads")}, db.driver(), opts, &cancel);
        ASSERT_FALSE(s.ok());
        EXPECT_EQ(s.error().kind, ErrorKind::Cancelled) << s.error().toString().toStdString();
        expectNoneLeft(GetParam(), before, login.user());
    }

    // During: cancelled once the server shows the sleeping statement.
    const CancelToken cancel;
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done.load()) {
            QStringList n;
            superExecOn(GetParam(),
                        {pg ? QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE query "
                                             "LIKE 'SELECT pg_sleep(60)%'")
                            : QStringLiteral("SELECT count(*) FROM information_schema.processlist "
                                             "WHERE info LIKE 'SELECT SLEEP(60)%'")},
                        &n);
            if (n.value(0).toInt() > 0) {
                cancel.cancel();
                return;
            }
            QThread::msleep(20);
        }
    });
    const auto s = expectedSchema(*ws, {QStringLiteral("heads")}, db.driver(), opts, &cancel);
    done = true;
    watcher.join();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, ErrorKind::Cancelled) << s.error().toString().toStdString();
    expectNoneLeft(GetParam(), before, login.user());
}

TEST_P(ScratchDatabaseTest, StaleScratchDatabasesAreSweptAndFreshOnesStay)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString old = scratchDatabaseName(now - 2 * kScratchMaxAgeSeconds, QStringLiteral("x"));
    const QString fresh = scratchDatabaseName(now - 60, QStringLiteral("y"));
    const bool pg = GetParam() == Server::Postgres;
    for (const QString &name : {old, fresh}) {
        const QString error = superExecOn(
            GetParam(), {pg ? QStringLiteral("CREATE DATABASE %1 OWNER %2").arg(name, login.user())
                            : QStringLiteral("CREATE DATABASE %1").arg(name)});
        ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    }
    {
        auto scratch = ScratchDatabase::createOnServer(login.server());
        ASSERT_TRUE(scratch.ok()) << scratch.error().toString().toStdString();
        EXPECT_TRUE((*scratch)->swept().contains(old));
        EXPECT_FALSE((*scratch)->swept().contains(fresh));
        const QStringList now = scratchDatabases(GetParam());
        EXPECT_FALSE(now.contains(old));
        EXPECT_TRUE(now.contains(fresh));
        EXPECT_TRUE(now.contains((*scratch)->name()));
    }
    EXPECT_TRUE(scratchDatabases(GetParam()).contains(fresh));
    superExecOn(GetParam(), {pg ? QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(fresh)
                                : QStringLiteral("DROP DATABASE %1").arg(fresh)});
}

TEST_P(ScratchDatabaseTest, ALoginThatMayNotCreateDatabasesIsAClearError)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    const QStringList before = scratchDatabases(GetParam());
    Environment env = db.env(); // the app login: no CREATEDB, no grant beyond its databases
    env.name = QStringLiteral("ci");
    const auto scratch = ScratchDatabase::createOnServer(ScratchServer{env, db.secrets()});
    ASSERT_FALSE(scratch.ok());
    const Error &e = scratch.error();
    EXPECT_EQ(e.kind, ErrorKind::ServerError);
    EXPECT_EQ(e.code,
              GetParam() == Server::Postgres ? QStringLiteral("42501") : QStringLiteral("1044"));
    EXPECT_TRUE(e.message.contains(QStringLiteral("may not create databases")))
        << e.toString().toStdString();
    EXPECT_TRUE(e.message.contains(QStringLiteral("'ci'")));
    EXPECT_TRUE(e.message.contains(db.user()));
    expectNoneLeft(GetParam(), before, db.user());
}

TEST_P(ScratchDatabaseTest, AProtectedScratchEnvironmentIsRefused)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ServerProject project(db, QStringLiteral("scratch = \"test\""));
    {
        // Loads while `test` is not protected.
        ASSERT_TRUE(Project::load(project.root()).ok());
    }
    QFile f(project.root() + QStringLiteral("/retort.toml"));
    ASSERT_TRUE(f.open(QIODevice::Append));
    f.write("protected = true\n");
    f.close();
    const auto p = Project::load(project.root());
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().line, 3) << p.error().toString().toStdString();
    EXPECT_TRUE(p.error().message.contains(QStringLiteral("protected")));

    // And the core refuses one even when handed directly.
    Environment env = db.env();
    env.isProtected = true;
    const auto scratch = ScratchDatabase::createOnServer(ScratchServer{env, db.secrets()});
    ASSERT_FALSE(scratch.ok());
    EXPECT_EQ(scratch.error().kind, ErrorKind::Refused);
}

TEST(ScratchDatabaseTunnel, APostgresReplayRunsThroughTheSshTunnel)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db);
    ServerProject project(db);
    project.script(QStringLiteral("a1"), {},
                   QStringLiteral("CREATE TABLE tunnelled (id INTEGER PRIMARY KEY);"),
                   QStringLiteral("DROP TABLE tunnelled;"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    ScratchServer server = login.server();
    SshConfig ssh;
    ssh.host = QStringLiteral("127.0.0.1");
    ssh.port = requireService("SSH_PORT").toInt();
    ssh.user = requireService("SSH_USER");
    ssh.key = requireService("SSH_KEY");
    ssh.knownHosts = requireService("SSH_KNOWN_HOSTS");
    server.environment.ssh = ssh;
    server.environment.host = QStringLiteral("127.0.0.1"); // as sshd sees it
    const QStringList before = scratchDatabases(Server::Postgres);
    ExpectedSchemaOptions opts;
    opts.scratch = server;
    const auto s = expectedSchema(*ws, {QStringLiteral("heads")}, db.driver(), opts);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_TRUE(s->find(QStringLiteral("tunnelled")));
    EXPECT_EQ(scratchDatabases(Server::Postgres), before);
}
