// Production safety against the real PostgreSQL and MariaDB of tests/services: the run lock
// between two retort-cli processes, a runner killed with SIGKILL mid-migration, the audit trail
// (and nothing secret in it), edited scripts, backups (owner-only, whatever the umask) restored
// into a scratch database, and a protected run whose backup fails.

#include "PostgresMariaDbSupport.h"

#include "db/AuditTrail.h"
#include "safety/Backup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>

#include <csignal>
#include <sys/stat.h>

using namespace retort;
using namespace retort::test;

namespace {

const QString kA = QStringLiteral("aaaa00000001");
const QString kB = QStringLiteral("bbbb00000002");

QString sleepSql(Server s, int seconds)
{
    return s == Server::Postgres ? QStringLiteral("SELECT pg_sleep(%1);").arg(seconds)
                                 : QStringLiteral("SELECT SLEEP(%1);").arg(seconds);
}

// a (sleeps `seconds` between two statements) -> b.
void slowProject(ServerProject &project, Server s, int seconds)
{
    project.script(
        kA, {}, "CREATE TABLE a (id int);\n" + sleepSql(s, seconds) + "\nINSERT INTO a VALUES (1);",
        "DROP TABLE a;");
    project.script(kB, kA, "CREATE TABLE b (id int, name varchar(20));", "DROP TABLE b;");
}

QProcess *startCli(const QString &project, const QStringList &args, const QString &password)
{
    auto *p = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RETORT_DB_PASSWORD"), password);
    p->setProcessEnvironment(env);
    p->start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", project} + args);
    return p;
}

class Safety : public ::testing::TestWithParam<Server> {};

} // namespace

TEST_P(Safety, TwoRunnersAtOnceApplyEachMigrationOnce)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    slowProject(project, GetParam(), 2);
    std::unique_ptr<QProcess> a(startCli(project.root(), {"upgrade", "heads"}, db.password()));
    std::unique_ptr<QProcess> b(startCli(project.root(), {"upgrade", "heads"}, db.password()));
    ASSERT_TRUE(a->waitForFinished(120000));
    ASSERT_TRUE(b->waitForFinished(120000));
    const QString errA = QString::fromUtf8(a->readAllStandardError());
    const QString errB = QString::fromUtf8(b->readAllStandardError());
    EXPECT_EQ(a->exitCode(), 0) << errA.toStdString();
    EXPECT_EQ(b->exitCode(), 0) << errB.toStdString();

    EXPECT_EQ(db.heads(), QStringList{kB});
    EXPECT_EQ(db.column("SELECT count(*) FROM a"), QStringList{"1"}); // the INSERT ran once
    EXPECT_EQ(db.column("SELECT revision FROM retort_history WHERE outcome = 'succeeded' ORDER "
                        "BY id"),
              (QStringList{kA, kB}));
    EXPECT_EQ(db.column("SELECT count(*) FROM retort_history"), QStringList{"2"});
    const QString waited = errA.contains("waiting for the run lock") ? errA : errB;
    const QRegularExpression holder("held by \\S+@\\S+ since \\S+, running upgrade <base> -> " +
                                    kA);
    EXPECT_TRUE(holder.match(waited).hasMatch()) << errA.toStdString() << errB.toStdString();
}

TEST_P(Safety, AKilledRunnerIsReportedInterruptedAndTheLockIsFree)
{
    const Server server = GetParam();
    ServerDb db(server);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    slowProject(project, server, 30);
    std::unique_ptr<QProcess> p(startCli(project.root(), {"upgrade", "heads"}, db.password()));
    ASSERT_TRUE(p->waitForStarted());
    // Wait until the sleep (statement 2) is in flight.
    QElapsedTimer t;
    t.start();
    bool inFlight = false;
    while (!inFlight && t.elapsed() < 30000) {
        QThread::msleep(100);
        if (!db.allTables().contains("retort_history"))
            continue;
        if (server == Server::MariaDb)
            inFlight = db.column("SELECT statement_index FROM retort_history WHERE outcome = "
                                 "'running'") == QStringList{"2"};
        else
            inFlight = !db.column("SELECT pid FROM pg_stat_activity WHERE query LIKE "
                                  "'SELECT pg_sleep(30)%'")
                            .isEmpty();
    }
    ASSERT_TRUE(inFlight);
    ::kill(static_cast<pid_t>(p->processId()), SIGKILL);
    p->waitForFinished();

    // log reports the interrupted step (at statement 2 where that was recorded: MariaDB runs
    // without a transaction, so statement 1 stays applied there).
    QElapsedTimer free;
    free.start();
    CliRun log;
    do {
        QThread::msleep(200);
        log = cli(project.root(), {"--json", "log"}, db.password());
    } while (QJsonDocument::fromJson(log.out.toUtf8()).object()["locked"].toBool() &&
             free.elapsed() < 20000);
    const QJsonObject o = QJsonDocument::fromJson(log.out.toUtf8()).object();
    EXPECT_FALSE(o["locked"].toBool()) << "the killed runner's lock did not die";
    const QJsonObject row = o["entries"].toArray().at(0).toObject();
    EXPECT_EQ(row["outcome"].toString(), "interrupted");
    EXPECT_EQ(row["revision"].toString(), kA);
    if (server == Server::MariaDb) {
        EXPECT_EQ(row["statement"].toInt(), 2);
        EXPECT_FALSE(row["transactional"].toBool());
        CliRun text = cli(project.root(), {"log"}, db.password());
        EXPECT_TRUE(text.out.contains("interrupted at statement 2")) << text.out.toStdString();
    }

    // The next run takes the free lock, sees the interrupted row and marks it.
    if (server == Server::MariaDb) { // statement 1 stayed applied: repair before retrying
        ASSERT_TRUE(db.exec("DROP TABLE a").isEmpty());
    }
    project.script(kA, {}, "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);", "DROP TABLE a;");
    CliRun next = cli(project.root(), {"--lock-timeout", "20", "upgrade", "heads"}, db.password());
    EXPECT_EQ(next.code, 0) << next.err.toStdString();
    EXPECT_TRUE(next.err.contains("an earlier run was interrupted")) << next.err.toStdString();
    EXPECT_EQ(db.column("SELECT outcome FROM retort_history ORDER BY id"),
              (QStringList{"interrupted", "succeeded", "succeeded"}));
    EXPECT_EQ(db.heads(), QStringList{kB});
}

TEST_P(Safety, EditedScriptCheckAndNothingSecretInTheAuditTrail)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(kA, {}, "CREATE TABLE a (id int);", "DROP TABLE a;");
    project.script(kB, kA, "CREATE TABLE b (id int);\nINSERT INTO nowhere VALUES (1);",
                   "DROP TABLE b;");
    // One success, one failure (a server error text in the audit row).
    EXPECT_NE(cli(project.root(), {"upgrade", "heads"}, db.password()).code, 0);
    EXPECT_EQ(db.column("SELECT outcome FROM retort_history ORDER BY id"),
              (QStringList{"succeeded", "failed"}));

    // Nothing secret anywhere in the table.
    const QString columns = "run_id, revision, direction, from_revisions, to_revisions, "
                            "run_started_at, started_at, finished_at, error, operator_name, "
                            "retort_version, script_sha256, script, note";
    QStringList everything;
    for (const QString &c : columns.split(", "))
        everything += db.column("SELECT " + c + " FROM retort_history");
    const QString all = everything.join('\n');
    EXPECT_TRUE(all.contains("nowhere")); // the failure is recorded
    EXPECT_FALSE(all.contains(db.password()));
    EXPECT_FALSE(
        all.contains(requireService(key(GetParam(), "PG_SUPERPASSWORD", "MYSQL_SUPERPASSWORD"))));

    // Edit the applied script: check names it and shows the edited lines.
    project.script(kA, {}, "CREATE TABLE a (id int, extra int);", "DROP TABLE a;");
    CliRun check = cli(project.root(), {"--env", "test", "check"}, db.password());
    EXPECT_NE(check.code, 0);
    EXPECT_TRUE(check.err.contains("versions/aaaa00000001_x.sql")) << check.err.toStdString();
    EXPECT_TRUE(check.out.contains("-CREATE TABLE a (id int);\n")) << check.out.toStdString();
    EXPECT_TRUE(check.out.contains("+CREATE TABLE a (id int, extra int);\n"))
        << check.out.toStdString();
}

TEST_P(Safety, BackupIsRestorableIntoAScratchDatabase)
{
    const Server server = GetParam();
    ServerDb db(server);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    slowProject(project, server, 0);
    ASSERT_EQ(cli(project.root(), {"upgrade", "heads"}, db.password()).code, 0);

    // With no umask at all, the dump (a copy of the database) is still its owner's alone: the
    // file is created 0600 before the tool writes into it, its folders 0700.
    const mode_t umaskBefore = ::umask(0);
    CliRun r = cli(project.root(), {"--json", "backup"}, db.password());
    ::umask(umaskBefore);
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    const QJsonObject b = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QString path = b["path"].toString();
    EXPECT_TRUE(path.startsWith(project.root() + "/.retort/backups/test/test-"));
    const auto mode = [](const QString &p) {
        struct stat st;
        return ::stat(QFile::encodeName(p).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
    };
    EXPECT_EQ(mode(path), 0600);
    for (const QString &folder :
         {QString("/.retort"), QString("/.retort/backups"), QString("/.retort/backups/test")})
        EXPECT_EQ(mode(project.root() + folder), 0700) << folder.toStdString();
    EXPECT_GT(QFileInfo(path).size(), 0);
    EXPECT_EQ(QFileInfo(path).size(), b["size"].toInteger());
    const QString restore = b["restore_command"].toString();
    EXPECT_FALSE(restore.contains(db.password()));
    EXPECT_TRUE(restore.contains(server == Server::Postgres ? "pg_restore" : "mariadb"));

    // Restore into a scratch database with the command Retort gives, pointed at it.
    ServerDb scratch(server);
    ASSERT_TRUE(scratch.ok());
    QString command = restore;
    command.replace(" " + db.name() + " ", " " + scratch.name() + " ");
    QProcess sh;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PGPASSWORD", db.password());
    env.insert("MYSQL_PWD", db.password());
    sh.setProcessEnvironment(env);
    sh.start("sh", {"-c", command.replace(" -p ", server == Server::MariaDb ? " " : " -p ")});
    ASSERT_TRUE(sh.waitForFinished(60000));
    EXPECT_EQ(sh.exitCode(), 0) << command.toStdString() << sh.readAllStandardError().toStdString();
    const QString columns =
        server == Server::Postgres
            ? "SELECT table_name || '.' || column_name || ':' || data_type FROM "
              "information_schema.columns WHERE table_schema = current_schema() ORDER BY 1"
            : "SELECT CONCAT(table_name, '.', column_name, ':', column_type) FROM "
              "information_schema.columns WHERE table_schema = DATABASE() ORDER BY 1";
    EXPECT_EQ(scratch.column(columns), db.column(columns));
    EXPECT_EQ(scratch.heads(), QStringList{kB});
    EXPECT_EQ(scratch.column("SELECT count(*) FROM a"), QStringList{"1"});
}

TEST_P(Safety, AProtectedRunWhoseBackupFailsIsRefused)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    slowProject(project, GetParam(), 0);
    QFile toml(project.root() + "/retort.toml");
    ASSERT_TRUE(toml.open(QIODevice::Append));
    toml.write("protected = true\n");
    toml.close();
    // The backup cannot be written: the run stops before anything runs.
    CliRun r = cli(project.root(),
                   {"--confirm", "test", "--override-preflight", "test", "--backup-dir",
                    "/proc/retort-no-such-dir", "upgrade", "heads"},
                   db.password());
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("backup of test failed")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("nothing was run")) << r.err.toStdString();
    EXPECT_TRUE(db.tables().isEmpty());
    // With the right password the backup is taken and (checks overridden) the run goes ahead.
    r = cli(project.root(),
            {"--confirm", "test", "--override-preflight", "test", "upgrade", "heads"},
            db.password());
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    // The backup is taken under the run lock right before the first step: the pre-flight
    // check says so, and the run prints where the backup went.
    EXPECT_TRUE(r.err.contains("[skipped] A fresh backup")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("Backup: ")) << r.err.toStdString();
    EXPECT_EQ(db.heads(), QStringList{kB});
}

INSTANTIATE_TEST_SUITE_P(Servers, Safety, ::testing::Values(Server::Postgres, Server::MariaDb),
                         [](const auto &info) {
                             return info.param == Server::Postgres ? "Postgres" : "MariaDb";
                         });
