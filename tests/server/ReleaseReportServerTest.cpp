// retort-cli report on real PostgreSQL: production (one database, also reached through the test
// sshd) behind staging (another database, which has run every step). The report has the server's
// version, the tunnel host, each pending step and where it ran; the database password and the
// SSH passphrase given to the command appear in none of the three formats.

#include "PostgresMariaDbSupport.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace retort;
using namespace retort::test;

namespace {

CliRun cliWith(const QString &project, const QStringList &args, const QString &password,
               const QString &passphrase)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("RETORT_DB_PASSWORD", password);
    env.insert("RETORT_SSH_PASSPHRASE", passphrase);
    p.setProcessEnvironment(env);
    p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", project} + args);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return CliRun{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                  QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

TEST(ReleaseReportServer, PostgresReportHasTheServerTheTunnelAndNoSecret)
{
    AppScope app;
    ServerDb production(Server::Postgres);
    ServerDb staging(Server::Postgres);
    ASSERT_TRUE(production.ok() && staging.ok());
    ServerProject project(production);
    project.script("a1", "", "CREATE TABLE customers (id int);", "DROP TABLE customers;");
    project.script("b2", "a1", "CREATE INDEX ix_customers ON customers (id);",
                   "DROP INDEX ix_customers;");
    project.script("c3", "b2", "ALTER TABLE customers DROP COLUMN id;",
                   "ALTER TABLE customers ADD COLUMN id int;");
    {
        QFile toml(project.root() + "/retort.toml");
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write(QStringLiteral("\n[environments.staging]\ndriver = \"postgresql\"\n"
                                  "host = \"%1\"\nport = %2\nuser = \"%3\"\ndatabase = \"%4\"\n")
                       .arg(staging.host())
                       .arg(staging.port())
                       .arg(staging.user(), staging.name())
                       .toUtf8());
    }
    project.addTunnelEnvironment("tunnelled");
    const QString password = production.password();
    const QString passphrase = "Not-The-Passphrase-9931";
    ASSERT_EQ(cli(project.root(), {"--env", "staging", "upgrade", "heads"}, password).code, 0);
    ASSERT_EQ(cli(project.root(), {"--env", "test", "upgrade", "a1"}, password).code, 0);

    const CliRun md =
        cliWith(project.root(), {"--env", "tunnelled", "report", "--against", "staging"}, password,
                passphrase);
    ASSERT_EQ(md.code, 0) << md.err.toStdString();
    EXPECT_TRUE(md.out.contains("- Database: postgresql 1")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("- Tunnel: SSH through 127.0.0.1")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("- Current revisions: a1")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("## Plan: a1 → c3 (2 step(s))")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("| 1 | b2 |")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("| 2 | c3 |")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("staging on ")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("## Lint: live (postgresql ")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("drop-column")) << md.out.toStdString();
    EXPECT_TRUE(md.out.contains("not checked: replaying the revisions on postgresql needs a "
                                "scratch server"))
        << md.out.toStdString();

    const CliRun html =
        cliWith(project.root(),
                {"--env", "tunnelled", "report", "--against", "staging", "--format", "html"},
                password, passphrase);
    const CliRun json =
        cliWith(project.root(),
                {"--env", "tunnelled", "report", "--against", "staging", "--format", "json"},
                password, passphrase);
    ASSERT_EQ(html.code, 0) << html.err.toStdString();
    ASSERT_EQ(json.code, 0) << json.err.toStdString();
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_EQ(o["environment"].toObject()["tunnel_host"].toString(), "127.0.0.1");
    EXPECT_TRUE(o["environment"].toObject()["server_version"].toString().startsWith("1"));
    for (const CliRun *r : {&md, &html, &json}) {
        EXPECT_FALSE(r->out.contains(password));
        EXPECT_FALSE(r->out.contains(passphrase));
        EXPECT_FALSE(r->out.contains(requireService("PG_SUPERPASSWORD")));
    }
}
