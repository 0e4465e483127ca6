// PostgreSQL through an SSH tunnel that the connection opens itself (the real sshd and
// PostgreSQL of tests/services): migrations run through it, an unknown host key stops it before
// any login, and a tunnel that drops mid-migration fails the run cleanly — the transaction rolls
// back, the error says the tunnel was lost, and the version table stays consistent.

#include "PostgresMariaDbSupport.h"
#include "TestServices.h"

#include "db/Connection.h"
#include "db/Migrator.h"
#include "project/Workspace.h"
#include "safety/Backup.h"
#include "workflows/MigrationJob.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <csignal>
#include <thread>

using namespace retort;
using namespace retort::test;

namespace {

SshConfig sshTo(int port, const QString &knownHosts)
{
    SshConfig ssh;
    ssh.host = QStringLiteral("127.0.0.1");
    ssh.port = port;
    ssh.user = requireService("SSH_USER");
    ssh.key = requireService("SSH_KEY");
    ssh.knownHosts = knownHosts;
    return ssh;
}

// The environment of `db`, reached through sshd: the database host as the SSH server sees it.
Environment tunnelled(const ServerDb &db, const SshConfig &ssh)
{
    Environment env = db.env();
    env.host = QStringLiteral("127.0.0.1");
    env.ssh = ssh;
    return env;
}

// An sshd of this test's own (the harness's config on another port), so killing it drops only
// this test's tunnel.
class PrivateSshd {
public:
    PrivateSshd()
    {
        QProcess port;
        port.start(QStringLiteral(RETORT_SOURCE_DIR "/tests/services/free-port.sh"), {});
        port.waitForFinished();
        m_port = QString::fromLatin1(port.readAllStandardOutput()).trimmed().toInt();
        m_pidFile = m_dir.filePath(QStringLiteral("sshd.pid"));
        const int rc = QProcess::execute(
            QStringLiteral("/usr/sbin/sshd"),
            {QStringLiteral("-f"), requireService("SSH_CONFIG"), QStringLiteral("-p"),
             QString::number(m_port), QStringLiteral("-o"), QStringLiteral("PidFile=") + m_pidFile,
             QStringLiteral("-E"), m_dir.filePath(QStringLiteral("sshd.log"))});
        EXPECT_EQ(rc, 0);
        QFile pub(requireService("SSH_HOST_KEY_PUB"));
        EXPECT_TRUE(pub.open(QIODevice::ReadOnly));
        const QList<QByteArray> parts = pub.readAll().split(' ');
        QFile known(knownHosts());
        EXPECT_TRUE(known.open(QIODevice::WriteOnly));
        known.write(QStringLiteral("[127.0.0.1]:%1 ").arg(m_port).toLatin1() + parts.value(0) +
                    ' ' + parts.value(1) + '\n');
        known.close();
        for (int i = 0; i < 100 && pid() <= 0; ++i)
            QThread::msleep(20);
    }
    ~PrivateSshd() { kill(); }
    int port() const { return m_port; }
    QString knownHosts() const { return m_dir.filePath(QStringLiteral("known_hosts")); }
    int pid() const
    {
        QFile f(m_pidFile);
        return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).trimmed().toInt() : 0;
    }
    // Kills the server and every session it forked (as a crashed bastion would).
    void kill()
    {
        const int master = pid();
        if (master <= 0)
            return;
        // The whole tree: the privileged session process and its unprivileged child too.
        std::vector<int> tree{master};
        for (size_t i = 0; i < tree.size(); ++i) {
            QProcess pgrep;
            pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-P"), QString::number(tree[i])});
            pgrep.waitForFinished();
            for (const QByteArray &line : pgrep.readAllStandardOutput().split('\n'))
                if (const int child = line.trimmed().toInt(); child > 0)
                    tree.push_back(child);
        }
        for (int p : tree)
            ::kill(p, SIGKILL);
        QFile::remove(m_pidFile);
    }

private:
    QTemporaryDir m_dir;
    QString m_pidFile;
    int m_port = 0;
};

} // namespace

TEST(TunnelDatabase, MigrationsRunThroughTheTunnel)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(QStringLiteral("aaaa00000001"), {}, QStringLiteral("CREATE TABLE one (id int);"),
                   QStringLiteral("DROP TABLE one;"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    const Environment env =
        tunnelled(db, sshTo(requireService("SSH_PORT").toInt(), requireService("SSH_KNOWN_HOSTS")));

    ScopedConnection conn;
    ASSERT_TRUE(conn.open(env, false, db.secrets()).ok());
    auto plan = ws->graph().planUpgrade({}, QStringLiteral("heads"));
    ASSERT_TRUE(plan.ok());
    auto dialect = Dialect::forDriver(env.driver);
    Migrator migrator(conn.db(), *dialect, migratorOptionsFor(*ws));
    const Status st = migrator.run(*plan);
    ASSERT_TRUE(st.ok()) << st.error().message.toStdString();
    conn.close();
    EXPECT_EQ(db.heads(), QStringList{QStringLiteral("aaaa00000001")});
    EXPECT_TRUE(db.tables().contains(QStringLiteral("one")));

    // readHeads (the status check) goes through the tunnel too.
    auto rows = readHeads(env, VersionTable::defaultTable(), db.secrets());
    ASSERT_TRUE(rows.ok()) << rows.error().message.toStdString();
    EXPECT_EQ(*rows, QStringList{QStringLiteral("aaaa00000001")});
}

// Upgrade, stamp and downgrade on both servers through the tunnel, version rows checked on a
// direct connection.
class TunnelRoundTrip : public ::testing::TestWithParam<Server> {};

TEST_P(TunnelRoundTrip, UpgradeStampAndDowngradeThroughTheTunnel)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(QStringLiteral("aaaa00000001"), {}, QStringLiteral("CREATE TABLE one (id int);"),
                   QStringLiteral("DROP TABLE one;"));
    project.script(QStringLiteral("bbbb00000002"), QStringLiteral("aaaa00000001"),
                   QStringLiteral("CREATE TABLE two (id int);"), QStringLiteral("DROP TABLE two;"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    const Environment env =
        tunnelled(db, sshTo(requireService("SSH_PORT").toInt(), requireService("SSH_KNOWN_HOSTS")));

    ServerRun r = migrate(*ws, env, db.secrets(), Action::Upgrade, QStringLiteral("heads"));
    ASSERT_TRUE(r.status.ok()) << r.status.error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{QStringLiteral("bbbb00000002")});
    EXPECT_TRUE(db.tables().contains(QStringLiteral("two")));

    r = migrate(*ws, env, db.secrets(), Action::Stamp, QStringLiteral("aaaa00000001"));
    ASSERT_TRUE(r.status.ok()) << r.status.error().message.toStdString();
    EXPECT_EQ(db.heads(), QStringList{QStringLiteral("aaaa00000001")});
    EXPECT_TRUE(db.tables().contains(QStringLiteral("two"))); // a stamp runs no SQL

    r = migrate(*ws, env, db.secrets(), Action::Downgrade, QStringLiteral("base"));
    ASSERT_TRUE(r.status.ok()) << r.status.error().message.toStdString();
    EXPECT_TRUE(db.heads().isEmpty());
    EXPECT_FALSE(db.tables().contains(QStringLiteral("one")));
}

// A protected environment behind a bastion is backed up through the tunnel too: the dump tool
// connects to the tunnel's local port.
TEST_P(TunnelRoundTrip, BackupThroughTheTunnel)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(QStringLiteral("aaaa00000001"), {},
                   QStringLiteral("CREATE TABLE kept (id int);\nINSERT INTO kept VALUES (42);"),
                   QStringLiteral("DROP TABLE kept;"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    const Environment env =
        tunnelled(db, sshTo(requireService("SSH_PORT").toInt(), requireService("SSH_KNOWN_HOSTS")));
    ASSERT_TRUE(
        migrate(*ws, env, db.secrets(), Action::Upgrade, QStringLiteral("heads")).status.ok());

    QTemporaryDir folder;
    auto backup = takeBackup(env, db.secrets(), folder.path());
    ASSERT_TRUE(backup.ok()) << backup.error().message.toStdString();
    QFile file(backup->path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    EXPECT_GT(bytes.size(), 100);
    if (GetParam() == Server::Postgres) {
        EXPECT_TRUE(bytes.startsWith("PGDMP")); // pg_dump -Fc
    } else {
        EXPECT_TRUE(bytes.contains("CREATE TABLE `kept`")) << bytes.left(400).toStdString();
        EXPECT_TRUE(bytes.contains("Dump completed"));
    }
    EXPECT_FALSE(bytes.contains(db.password().toUtf8()));
}

INSTANTIATE_TEST_SUITE_P(Servers, TunnelRoundTrip,
                         ::testing::Values(Server::Postgres, Server::MariaDb),
                         [](const auto &info) {
                             return info.param == Server::Postgres ? "PostgreSQL" : "MariaDB";
                         });

TEST(TunnelDatabase, UnknownHostKeyStopsBeforeAnyLogin)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    QTemporaryDir dir;
    const QString empty = dir.filePath(QStringLiteral("known_hosts"));
    QFile(empty).open(QIODevice::WriteOnly);
    ScopedConnection conn;
    const Status st = conn.open(tunnelled(db, sshTo(requireService("SSH_PORT").toInt(), empty)),
                                false, db.secrets());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(conn.sshFailure(), SshFailure::HostKeyUnknown);
    EXPECT_EQ(st.error().kind, ErrorKind::HostKeyUnknown);
    EXPECT_TRUE(st.error().message.contains(QStringLiteral("SHA256:")))
        << st.error().message.toStdString();

    ScopedConnection changed;
    const Status st2 = changed.open(tunnelled(db, sshTo(requireService("SSH_PORT").toInt(),
                                                        requireService("SSH_KNOWN_HOSTS_CHANGED"))),
                                    false, db.secrets());
    ASSERT_FALSE(st2.ok());
    EXPECT_EQ(changed.sshFailure(), SshFailure::HostKeyChanged);
    EXPECT_EQ(st2.error().kind, ErrorKind::HostKeyChanged);
}

namespace {

// A port on 127.0.0.1 that nothing listens on (it was free a moment ago).
int freePort()
{
    QProcess port;
    port.start(QStringLiteral(RETORT_SOURCE_DIR "/tests/services/free-port.sh"), {});
    port.waitForFinished();
    return QString::fromLatin1(port.readAllStandardOutput()).trimmed().toInt();
}

// Typed connect failures, directly and through the tunnel: decided from the driver's code (and
// what Retort knows), the same either way.
class TunnelConnectErrors : public ::testing::TestWithParam<std::tuple<Server, bool>> {
protected:
    Environment envOf(const ServerDb &db) const
    {
        if (!std::get<1>(GetParam()))
            return db.env();
        return tunnelled(
            db, sshTo(requireService("SSH_PORT").toInt(), requireService("SSH_KNOWN_HOSTS")));
    }
};

} // namespace

TEST_P(TunnelConnectErrors, WrongDatabasePassword)
{
    ServerDb db(std::get<0>(GetParam()));
    ASSERT_TRUE(db.ok());
    ConnectionSecrets wrong = db.secrets();
    wrong.password = QStringLiteral("not-the-password-42");
    ScopedConnection conn;
    const Status st = conn.open(envOf(db), false, wrong);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::DatabaseAuthFailed) << st.error().message.toStdString();
    EXPECT_EQ(conn.sshFailure(), SshFailure::None);
    if (db.server() == Server::MariaDb) {
        EXPECT_EQ(st.error().code, QStringLiteral("1045"));
    }
    EXPECT_FALSE(st.error().message.contains(QStringLiteral("not-the-password-42")));
}

TEST_P(TunnelConnectErrors, MissingDatabase)
{
    ServerDb db(std::get<0>(GetParam()));
    ASSERT_TRUE(db.ok());
    Environment env = envOf(db);
    env.database = db.name() + QStringLiteral("_missing");
    ScopedConnection conn;
    Status st = conn.open(env, false, db.secrets());
    ASSERT_FALSE(st.ok());
    if (db.server() == Server::Postgres) {
        EXPECT_EQ(st.error().kind, ErrorKind::DatabaseMissing) << st.error().message.toStdString();
        return;
    }
    // MariaDB tells a user without rights on the name 1044 (access denied to that database),
    // which Retort cannot tell from a missing one; a user with global rights gets 1049.
    EXPECT_EQ(st.error().kind, ErrorKind::DatabaseAuthFailed) << st.error().message.toStdString();
    EXPECT_EQ(st.error().code, QStringLiteral("1044"));
    EXPECT_TRUE(st.error().message.contains(QStringLiteral("does not exist")));
    env.user = requireService("MYSQL_SUPERUSER");
    ConnectionSecrets super = db.secrets();
    super.password = requireService("MYSQL_SUPERPASSWORD");
    st = conn.open(env, false, super);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::DatabaseMissing) << st.error().message.toStdString();
    EXPECT_EQ(st.error().code, QStringLiteral("1049"));
}

TEST_P(TunnelConnectErrors, NothingListens)
{
    ServerDb db(std::get<0>(GetParam()));
    ASSERT_TRUE(db.ok());
    Environment env = envOf(db);
    env.port = freePort();
    ScopedConnection conn;
    const Status st = conn.open(env, false, db.secrets());
    ASSERT_FALSE(st.ok());
    if (std::get<1>(GetParam())) {
        // The tunnel is up; the SSH server's forward to the dead port fails, and the client sees
        // its connection closed: no code says "refused" there.
        EXPECT_EQ(conn.sshFailure(), SshFailure::None);
    } else {
        EXPECT_EQ(st.error().kind, ErrorKind::ConnectionRefused)
            << st.error().message.toStdString();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Servers, TunnelConnectErrors,
    ::testing::Combine(::testing::Values(Server::Postgres, Server::MariaDb), ::testing::Bool()),
    [](const auto &info) {
        return std::string(std::get<0>(info.param) == Server::Postgres ? "PostgreSQL" : "MariaDB") +
               (std::get<1>(info.param) ? "ViaSsh" : "Direct");
    });

TEST(TunnelDatabase, SshConnectionRefusedIsTyped)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ScopedConnection conn;
    const Status st = conn.open(tunnelled(db, sshTo(freePort(), requireService("SSH_KNOWN_HOSTS"))),
                                false, db.secrets());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(conn.sshFailure(), SshFailure::Connect);
    EXPECT_EQ(st.error().kind, ErrorKind::ConnectionRefused);
}

TEST(TunnelDatabase, ADroppedTunnelFailsTheRunCleanly)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    PrivateSshd sshd;
    ASSERT_GT(sshd.pid(), 0);
    ServerProject project(db);
    project.script(QStringLiteral("aaaa00000001"), {}, QStringLiteral("CREATE TABLE one (id int);"),
                   QStringLiteral("DROP TABLE one;"));
    project.script(QStringLiteral("bbbb00000002"), QStringLiteral("aaaa00000001"),
                   QStringLiteral("CREATE TABLE two (id int);\nSELECT pg_sleep(20);\n"
                                  "CREATE TABLE three (id int);"),
                   QStringLiteral("DROP TABLE three;\nDROP TABLE two;"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    const Environment env = tunnelled(db, sshTo(sshd.port(), sshd.knownHosts()));

    MigrationJob job(ws, env, db.secrets(), *ws->graph().planUpgrade({}, QStringLiteral("heads")),
                     migratorOptionsFor(*ws));
    std::optional<Status> result;
    QObject::connect(&job, &MigrationJob::finished, [&](const Status &s) { result = s; });
    bool killed = false;
    QObject::connect(&job, &MigrationJob::statement, [&](int step, int index, const QString &) {
        if (step == 2 && index == 2 && !killed) {
            killed = true;
            // Mid-statement (pg_sleep): the bastion dies.
            QTimer::singleShot(500, [&] { sshd.kill(); });
        }
    });
    QElapsedTimer timer;
    timer.start();
    job.start();
    while (!result && timer.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    ASSERT_TRUE(result.has_value());
    ASSERT_TRUE(killed);
    ASSERT_FALSE(result->ok());
    const Error &e = result->error();
    EXPECT_TRUE(e.message.contains(QStringLiteral("tunnel"))) << e.message.toStdString();
    EXPECT_TRUE(e.message.contains(QStringLiteral("lost"))) << e.message.toStdString();
    EXPECT_EQ(e.kind, ErrorKind::TunnelLost);
    EXPECT_LT(timer.elapsed(), 19000); // it did not wait for pg_sleep to end

    // The first migration committed; nothing of the second remains.
    EXPECT_EQ(db.heads(), QStringList{QStringLiteral("aaaa00000001")});
    const QStringList tables = db.tables();
    EXPECT_TRUE(tables.contains(QStringLiteral("one")));
    EXPECT_FALSE(tables.contains(QStringLiteral("two")));
    EXPECT_FALSE(tables.contains(QStringLiteral("three")));
}
