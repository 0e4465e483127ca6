// retort-cli and secrets, with the real keychain (gnome-keyring on a private D-Bus), the real
// PostgreSQL and sshd: `password set/clear`, the order RETORT_DB_PASSWORD > keychain, a clear
// refusal without a keychain, --accept-new-host-key, and tunnelled runs from the command line.

#include "PostgresMariaDbSupport.h"
#include "TestServices.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort::test;

namespace {

// retort-cli with the given D-Bus session (the keychain), RETORT_* variables cleared, `input`
// on stdin.
CliRun cliWith(const QString &project, const QStringList &args, const QString &bus,
               const QByteArray &input = {}, const QString &dbPassword = QString())
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RETORT_DB_PASSWORD"));
    env.remove(QStringLiteral("RETORT_SSH_PASSPHRASE"));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), bus);
    if (!dbPassword.isNull())
        env.insert(QStringLiteral("RETORT_DB_PASSWORD"), dbPassword);
    p.setProcessEnvironment(env);
    p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", project} + args);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return CliRun{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                  QString::fromUtf8(p.readAllStandardError())};
}

QString keychainLookup(const QString &bus, const QString &key)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), bus);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("secret-tool"), {"lookup", "server", "retort", "user", key});
    p.waitForFinished(20000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

TEST(CliSecrets, PasswordSetUsesTheKeychainAndClearForgetsIt)
{
    const QString bus = requireService("KEYRING_DBUS_ADDRESS");
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script("aaaa00000001", "", "CREATE TABLE one (id int);", "DROP TABLE one;");

    // No password anywhere: refused, with advice.
    CliRun r = cliWith(project.root(), {"--env", "test", "current"}, bus);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("authentication failed")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("password set")) << r.err.toStdString();

    // Stored once, used by every later command.
    r = cliWith(project.root(), {"--env", "test", "password", "set"}, bus,
                db.password().toUtf8() + "\n");
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_FALSE(r.out.contains(db.password()));
    EXPECT_EQ(keychainLookup(bus, "srv/test/database"), db.password());
    r = cliWith(project.root(), {"--env", "test", "upgrade", "heads"}, bus);
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_EQ(db.heads(), QStringList{"aaaa00000001"});

    // RETORT_DB_PASSWORD wins over the keychain.
    r = cliWith(project.root(), {"--env", "test", "current"}, bus, {}, "not-the-password");
    EXPECT_EQ(r.code, 1);

    // Cleared: refused again.
    r = cliWith(project.root(), {"--env", "test", "password", "clear"}, bus);
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(keychainLookup(bus, "srv/test/database").isEmpty());
    EXPECT_EQ(cliWith(project.root(), {"--env", "test", "current"}, bus).code, 1);
}

TEST(CliSecrets, WithoutAKeychainPasswordSetRefusesAndStoresNothing)
{
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    QTemporaryDir dir;
    const QString bogus = "unix:path=" + dir.filePath("no-bus");
    CliRun r = cliWith(project.root(), {"--env", "test", "password", "set"}, bogus, "secret\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("keychain cannot be used")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("RETORT_DB_PASSWORD")) << r.err.toStdString();
    EXPECT_FALSE(r.err.contains("secret\n"));
    // Nothing was written next to the project either.
    QDir root(project.root());
    const QStringList files = root.entryList(QDir::Files | QDir::Hidden);
    EXPECT_EQ(files, QStringList{"retort.toml"});
}

TEST(CliSecrets, TunnelledRunsAndNewHostKeys)
{
    const QString bus = requireService("KEYRING_DBUS_ADDRESS");
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script("aaaa00000001", "", "CREATE TABLE one (id int);", "DROP TABLE one;");
    QTemporaryDir dir;
    const QString knownHosts = dir.filePath("known_hosts"); // empty: the host is unknown
    project.addTunnelEnvironment("tunnel", knownHosts);

    CliRun r = cliWith(project.root(), {"--env", "tunnel", "current"}, bus, {}, db.password());
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("not known")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("--accept-new-host-key")) << r.err.toStdString();
    EXPECT_FALSE(QFileInfo(knownHosts).exists() && QFileInfo(knownHosts).size() > 0);

    r = cliWith(project.root(), {"--env", "tunnel", "--accept-new-host-key", "upgrade", "heads"},
                bus, {}, db.password());
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("SHA256:")) << r.err.toStdString();
    EXPECT_EQ(db.heads(), QStringList{"aaaa00000001"});
    // Trusted from now on, without the flag.
    r = cliWith(project.root(), {"--env", "tunnel", "current"}, bus, {}, db.password());
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.startsWith("aaaa00000001")) << r.out.toStdString();
}
