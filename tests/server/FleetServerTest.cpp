// Fleets on the real PostgreSQL of tests/services: many databases made by the test, one
// environment each in a retort.toml with a glob group, checked and rolled out by retort-cli with
// --env @tenants (release/Fleet.h through the CLI).

#include "PostgresMariaDbSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QThread>

#include <csignal>

using namespace retort;
using namespace retort::test;

namespace {

struct CliResult {
    int exitCode = -1;
    QString out, err;
};

CliResult runCli(const QString &project, const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RETORT_DB_PASSWORD"), requireService("PG_PASSWORD"));
    p.setProcessEnvironment(env);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", project} + args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString superExec(const QStringList &statements)
{
    return execOn(QStringLiteral("QPSQL"), requireService("PG_HOST"),
                  requireService("PG_PORT").toInt(), requireService("PG_SUPERUSER"),
                  requireService("PG_SUPERPASSWORD"), QStringLiteral("postgres"), statements);
}

// `count` databases t-00 ... on the test server, environments of one project whose group
// `tenants` is the glob "t-*" (and one environment outside it). Dropped at the end.
class Fleet {
public:
    // `slow`: the first revision sleeps a second between two statements.
    explicit Fleet(int count, bool slow = false)
    {
        m_prefix =
            QStringLiteral("rtf_") + QUuid::createUuid().toString(QUuid::Id128).left(10).toLower();
        QStringList create;
        for (int i = 0; i < count; ++i) {
            m_envs.append(QStringLiteral("t-%1").arg(i, 2, 10, QLatin1Char('0')));
            create.append(QStringLiteral("CREATE DATABASE %1 OWNER %2")
                              .arg(database(i), requireService("PG_USER")));
        }
        const QString error = superExec(create);
        m_ok = error.isEmpty();
        EXPECT_TRUE(m_ok) << error.toStdString();
        QDir().mkpath(root() + QStringLiteral("/versions"));
        QString toml = QStringLiteral("[project]\nname = \"fleet\"\n\n[groups]\ntenants = "
                                      "[\"t-*\"]\n");
        for (int i = 0; i < count; ++i)
            toml += QStringLiteral("\n[environments.%1]\ndriver = \"postgresql\"\nhost = \"%2\"\n"
                                   "port = %3\nuser = \"%4\"\ndatabase = \"%5\"\n")
                        .arg(m_envs[i], requireService("PG_HOST"), requireService("PG_PORT"),
                             requireService("PG_USER"), database(i));
        // Outside the group: never touched by a fleet command.
        toml += QStringLiteral("\n[environments.other]\ndriver = \"sqlite\"\ndatabase = "
                               "\"other.db\"\n");
        write(QStringLiteral("retort.toml"), toml);
        script(QStringLiteral("a1a1a1a1a1a1"), {},
               slow ? "CREATE TABLE items (id int);\nSELECT pg_sleep(1);"
                    : "CREATE TABLE items (id int);",
               "DROP TABLE items;");
        script(QStringLiteral("b2b2b2b2b2b2"), QStringLiteral("a1a1a1a1a1a1"),
               "CREATE TABLE orders (id int, item int);", "DROP TABLE orders;");
        script(QStringLiteral("c3c3c3c3c3c3"), QStringLiteral("b2b2b2b2b2b2"),
               "ALTER TABLE items ADD COLUMN name text;", "ALTER TABLE items DROP COLUMN name;");
    }
    ~Fleet()
    {
        if (!m_ok)
            return;
        // All at once: each DROP DATABASE waits for a checkpoint (over a second here), and
        // concurrent ones share it.
        std::vector<std::unique_ptr<QThread>> threads;
        QStringList errors;
        QMutex mutex;
        for (int i = 0; i < m_envs.size(); ++i) {
            const QString sql =
                QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(database(i));
            threads.emplace_back(QThread::create([sql, &errors, &mutex] {
                const QString error = superExec({sql});
                QMutexLocker lock(&mutex);
                if (!error.isEmpty())
                    errors.append(error);
            }));
            threads.back()->start();
        }
        for (const auto &t : threads)
            t->wait();
        EXPECT_EQ(errors, QStringList());
    }
    Fleet(const Fleet &) = delete;
    Fleet &operator=(const Fleet &) = delete;

    bool ok() const { return m_ok; }
    QString root() const { return m_dir.path(); }
    const QStringList &envs() const { return m_envs; }
    QString database(int i) const
    {
        return QStringLiteral("%1_%2").arg(m_prefix).arg(i, 2, 10, QLatin1Char('0'));
    }
    // Runs `sql` in database i as the app user; returns the first column of its rows.
    QStringList query(int i, const QString &sql) const
    {
        QStringList out;
        const QString error = execOn(QStringLiteral("QPSQL"), requireService("PG_HOST"),
                                     requireService("PG_PORT").toInt(), requireService("PG_USER"),
                                     requireService("PG_PASSWORD"), database(i), {sql}, &out);
        EXPECT_EQ(error, QString()) << "database " << i;
        return out;
    }
    QStringList versionRows(int i) const
    {
        if (query(i, "SELECT count(*) FROM pg_tables WHERE tablename = 'alembic_version'")
                .value(0) == "0")
            return {};
        return query(i, "SELECT version_num FROM alembic_version ORDER BY 1");
    }
    int auditRows(int i) const
    {
        if (query(i, "SELECT count(*) FROM pg_tables WHERE tablename = 'retort_history'")
                .value(0) == "0")
            return 0;
        return query(i, "SELECT count(*) FROM retort_history").value(0).toInt();
    }
    void protect(const QString &env)
    {
        QFile f(m_dir.filePath(QStringLiteral("retort.toml")));
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        QString toml = QString::fromUtf8(f.readAll());
        f.close();
        const QString header = QStringLiteral("[environments.%1]\n").arg(env);
        toml.replace(header, header + QStringLiteral("protected = true\n"));
        write(QStringLiteral("retort.toml"), toml);
    }

private:
    void write(const QString &rel, const QString &text)
    {
        QFile f(m_dir.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.toUtf8());
    }
    void script(const QString &rev, const QString &revises, const QString &up, const QString &down)
    {
        write(QStringLiteral("versions/%1_x.sql").arg(rev),
              QStringLiteral("-- Step %1\n--\n-- Revision ID: %1\n-- Revises: %2\n\n"
                             "-- migrate:upgrade\n%3\n\n-- migrate:downgrade\n%4\n")
                  .arg(rev, revises, up, down));
    }

    QTemporaryDir m_dir;
    QString m_prefix;
    QStringList m_envs;
    bool m_ok = false;
};

const QString kHead = QStringLiteral("c3c3c3c3c3c3");

QJsonArray jsonArray(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    EXPECT_TRUE(doc.isArray()) << text.toStdString();
    return doc.array();
}

QJsonObject resultOf(const QJsonArray &results, const QString &env)
{
    for (const QJsonValue &v : results)
        if (v.toObject().value("environment").toString() == env)
            return v.toObject();
    ADD_FAILURE() << "no result for " << env.toStdString();
    return {};
}

} // namespace

// 50 databases: status of all, a rollout stopped by one broken target, then the same with
// --continue-on-error.
TEST(FleetServer, StatusAndRolloutOfFiftyDatabases)
{
    AppScope app;
    Fleet fleet(50);
    ASSERT_TRUE(fleet.ok());
    constexpr int kBroken = 17;
    // A pre-existing table the second revision creates.
    ASSERT_EQ(fleet.query(kBroken, "CREATE TABLE orders (x int)"), QStringList());

    // Status of the whole group, in parallel: a table, and a summary line.
    CliResult status = runCli(fleet.root(), {"--env", "@tenants", "status", "--jobs", "8"});
    ASSERT_EQ(status.exitCode, 0) << status.err.toStdString();
    EXPECT_TRUE(status.out.contains("50 three behind")) << status.out.toStdString();
    EXPECT_FALSE(status.out.contains("other"));
    for (const QString &env : fleet.envs())
        EXPECT_TRUE(status.out.contains("\n" + env + " ")) << env.toStdString();
    CliResult statusJson = runCli(fleet.root(), {"--env", "t-*", "--json", "status"});
    ASSERT_EQ(statusJson.exitCode, 0) << statusJson.err.toStdString();
    const QJsonArray states = jsonArray(statusJson.out);
    ASSERT_EQ(states.size(), 50);
    EXPECT_EQ(states[0].toObject().value("environment").toString(), "t-00");
    EXPECT_EQ(states[0].toObject().value("pending").toInt(), 3);

    // Other commands take one environment only.
    CliResult current = runCli(fleet.root(), {"--env", "@tenants", "current"});
    EXPECT_NE(current.exitCode, 0);
    EXPECT_TRUE(current.err.contains("selects 50 environments")) << current.err.toStdString();

    // Rollout, stopping at the first failure.
    CliResult rollout =
        runCli(fleet.root(), {"--env", "@tenants", "--json", "upgrade", "heads", "--jobs", "4"});
    EXPECT_EQ(rollout.exitCode, 1) << rollout.err.toStdString();
    // --json: the progress lines go to stderr, the outcomes are the JSON array on stdout.
    EXPECT_TRUE(rollout.err.contains("[t-00] started")) << rollout.err.toStdString();
    const QJsonArray first = jsonArray(rollout.out);
    ASSERT_EQ(first.size(), 50) << rollout.out.toStdString();
    const QJsonObject broken = resultOf(first, "t-17");
    EXPECT_EQ(broken.value("outcome").toString(), "failed");
    EXPECT_EQ(broken.value("revision").toString(), "b2b2b2b2b2b2");
    EXPECT_TRUE(broken.value("statement").toString().contains("CREATE TABLE orders"))
        << broken.value("statement").toString().toStdString();
    EXPECT_TRUE(broken.value("reason").toString().contains("already exists"))
        << broken.value("reason").toString().toStdString();
    int skipped = 0;
    for (int i = 0; i < 50; ++i) {
        if (i == kBroken)
            continue;
        const QJsonObject r = resultOf(first, fleet.envs()[i]);
        const QString outcome = r.value("outcome").toString();
        if (outcome == "ok") {
            EXPECT_EQ(fleet.versionRows(i), QStringList{kHead}) << i;
            EXPECT_GE(fleet.auditRows(i), 3) << i;
        } else {
            EXPECT_EQ(outcome, "skipped") << i;
            EXPECT_EQ(fleet.versionRows(i), QStringList()) << i;
            ++skipped;
        }
    }
    EXPECT_GT(skipped, 0) << "no target was left unstarted after the failure";
    EXPECT_EQ(fleet.versionRows(kBroken), QStringList{"a1a1a1a1a1a1"});
    EXPECT_GE(fleet.auditRows(kBroken), 1); // the failed step is in its audit trail

    // The same with --continue-on-error: every other target reaches heads.
    rollout = runCli(fleet.root(), {"--env", "@tenants", "upgrade", "heads", "--jobs", "8",
                                    "--continue-on-error"});
    EXPECT_EQ(rollout.exitCode, 1) << rollout.err.toStdString();
    EXPECT_TRUE(rollout.err.contains("1 of 50 target(s) failed")) << rollout.err.toStdString();
    EXPECT_TRUE(rollout.out.contains("[statement: CREATE TABLE orders"))
        << rollout.out.toStdString();
    EXPECT_TRUE(rollout.out.contains("49 ok, 1 failed, 0 skipped")) << rollout.out.toStdString();
    for (int i = 0; i < 50; ++i) {
        if (i == kBroken)
            continue;
        EXPECT_EQ(fleet.versionRows(i), QStringList{kHead}) << i;
        EXPECT_GE(fleet.auditRows(i), 3) << i;
    }
    EXPECT_EQ(fleet.versionRows(kBroken), QStringList{"a1a1a1a1a1a1"});

    status = runCli(fleet.root(), {"--env", "@tenants", "status"});
    EXPECT_EQ(status.exitCode, 0);
    EXPECT_TRUE(status.out.contains("49 at heads, 1 two behind")) << status.out.toStdString();
}

// A canary that fails stops everything, even with --continue-on-error.
TEST(FleetServer, CanaryFailureStopsEverything)
{
    AppScope app;
    Fleet fleet(6);
    ASSERT_TRUE(fleet.ok());
    ASSERT_EQ(fleet.query(1, "CREATE TABLE orders (x int)"), QStringList());
    CliResult rollout = runCli(fleet.root(), {"--env", "t-*", "upgrade", "heads", "--canary", "2",
                                              "--continue-on-error", "--json"});
    EXPECT_EQ(rollout.exitCode, 1);
    const QJsonArray results = jsonArray(rollout.out);
    ASSERT_EQ(results.size(), 6) << rollout.out.toStdString();
    EXPECT_EQ(resultOf(results, "t-00").value("outcome").toString(), "ok");
    EXPECT_TRUE(resultOf(results, "t-00").value("canary").toBool());
    EXPECT_EQ(resultOf(results, "t-01").value("outcome").toString(), "failed");
    EXPECT_EQ(fleet.versionRows(0), QStringList{kHead});
    for (int i = 2; i < 6; ++i) {
        EXPECT_EQ(resultOf(results, fleet.envs()[i]).value("outcome").toString(), "skipped") << i;
        EXPECT_EQ(fleet.versionRows(i), QStringList()) << i;
    }
}

// Protected members: one confirmation naming the selection; without it nothing runs.
TEST(FleetServer, ProtectedMembersNeedTheGroupConfirmed)
{
    AppScope app;
    Fleet fleet(3);
    ASSERT_TRUE(fleet.ok());
    fleet.protect("t-01");
    CliResult refused = runCli(fleet.root(), {"--env", "@tenants", "upgrade", "heads"});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(refused.err.contains("pass --confirm @tenants")) << refused.err.toStdString();
    CliResult wrong =
        runCli(fleet.root(), {"--env", "@tenants", "upgrade", "heads", "--confirm", "t-01"});
    EXPECT_EQ(wrong.exitCode, 1);
    EXPECT_TRUE(wrong.err.contains("does not name the selection")) << wrong.err.toStdString();
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(fleet.versionRows(i), QStringList()) << i;

    // Confirmed for the group: the protected member is pre-flight checked (a temporary folder is
    // no git checkout: the override is needed and recorded), then every member runs.
    CliResult notChecked = runCli(fleet.root(), {"--env", "@tenants", "upgrade", "heads",
                                                 "--confirm", "@tenants", "--no-backup"});
    EXPECT_EQ(notChecked.exitCode, 1);
    EXPECT_TRUE(notChecked.err.contains("Pre-flight checks for t-01"))
        << notChecked.err.toStdString();
    EXPECT_TRUE(notChecked.err.contains("pre-flight checks failed on protected environment t-01"))
        << notChecked.err.toStdString();
    EXPECT_EQ(fleet.versionRows(0), QStringList());
    CliResult confirmed =
        runCli(fleet.root(), {"--env", "@tenants", "upgrade", "heads", "--confirm", "@tenants",
                              "--no-backup", "--override-preflight", "fleet drill"});
    EXPECT_EQ(confirmed.exitCode, 0) << confirmed.err.toStdString();
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(fleet.versionRows(i), QStringList{kHead}) << i;
    const QStringList notes = fleet.query(1, "SELECT DISTINCT note FROM retort_history");
    ASSERT_EQ(notes.size(), 1);
    EXPECT_TRUE(notes.front().contains("fleet drill")) << notes.front().toStdString();
}

// Ctrl+C: no target starts any more; the running ones finish their steps.
TEST(FleetServer, InterruptStopsSchedulingAndLetsRunningTargetsFinish)
{
    AppScope app;
    Fleet fleet(6, true);
    ASSERT_TRUE(fleet.ok());
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RETORT_DB_PASSWORD"), requireService("PG_PASSWORD"));
    p.setProcessEnvironment(env);
    p.start(QString::fromUtf8(RETORT_CLI_PATH),
            {"--project", fleet.root(), "--env", "@tenants", "upgrade", "heads", "--jobs", "2"});
    QString out;
    QElapsedTimer timer;
    timer.start();
    while (!out.contains("[t-01] step 1/3") && timer.elapsed() < 20000) {
        p.waitForReadyRead(100);
        out += QString::fromUtf8(p.readAllStandardOutput());
    }
    ASSERT_TRUE(out.contains("[t-01] step 1/3")) << out.toStdString();
    ::kill(pid_t(p.processId()), SIGINT);
    ASSERT_TRUE(p.waitForFinished(30000));
    out += QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    EXPECT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 1);
    EXPECT_TRUE(err.contains("Interrupted: no new target starts")) << err.toStdString();
    // The two running targets finished; the others never started.
    EXPECT_EQ(fleet.versionRows(0), QStringList{kHead});
    EXPECT_EQ(fleet.versionRows(1), QStringList{kHead});
    for (int i = 2; i < 6; ++i)
        EXPECT_EQ(fleet.versionRows(i), QStringList()) << i;
    EXPECT_TRUE(out.contains("2 ok, 0 failed, 0 skipped, 4 cancelled")) << out.toStdString();
}
