// MigrationJob and PlanJob: plans made and run in worker threads against a real SQLite project in
// a temporary directory; results arrive queued on the test's thread.

#include "workflows/MigrationJob.h"
#include "db/VersionTable.h"
#include "project/Workspace.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <memory>
#include <optional>

using namespace retort;

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace {

// gtest_main provides no QCoreApplication; queued signals need one (and its event loop). One per
// test, destroyed at the test's end (a static one would die after Qt's own globals at exit).
class AppScope {
public:
    AppScope()
    {
        if (!QCoreApplication::instance()) {
            static int argc = 1;
            static char name[] = "retort_core_tests";
            static char *argv[] = {name, nullptr};
            m_app = std::make_unique<QCoreApplication>(argc, argv);
        }
    }

private:
    std::unique_ptr<QCoreApplication> m_app;
};

const char *const kCountToABillion =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
    "SELECT count(*) FROM c;";

// A native project on disk with a `local` SQLite environment and a linear history a1 -> b2 -> c3.
class Project3 {
public:
    explicit Project3(const QString &secondUpgrade = QStringLiteral("CREATE TABLE b (id INT);"))
    {
        write(QStringLiteral("retort.toml"),
              "[project]\nname = \"jobtest\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
              "database = \"test.db\"\n");
        script("aaaa00000001", "", "create a", QStringLiteral("CREATE TABLE a (id INT);"),
               QStringLiteral("DROP TABLE a;"));
        script("bbbb00000002", "aaaa00000001", "create b", secondUpgrade,
               QStringLiteral("DROP TABLE b;"));
        script("cccc00000003", "bbbb00000002", "create c",
               QStringLiteral("CREATE TABLE c (id INT);\nINSERT INTO c VALUES (1);"),
               QStringLiteral("DROP TABLE c;"));
        auto ws = Workspace::load(m_dir.path());
        EXPECT_TRUE(ws.ok());
        if (ws.ok())
            workspace = std::shared_ptr<const Workspace>(std::move(*ws));
        EXPECT_TRUE(workspace && workspace->problems().empty());
    }

    const Environment &env() const
    {
        return *workspace->project().environment(QStringLiteral("local"));
    }
    QString dbPath() const { return m_dir.filePath(QStringLiteral("test.db")); }

    Plan upgradePlan(const QString &target = QStringLiteral("heads")) const
    {
        auto rows = readHeads(env(), workspace->project().versionTableName());
        EXPECT_TRUE(rows.ok());
        auto plan = workspace->graph().planUpgrade(rows.ok() ? *rows : QStringList(), target);
        EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message.toStdString());
        return plan.ok() ? *plan : Plan{};
    }

    // Tables and version rows, read on a connection of the test's own.
    QStringList tables() const
    {
        return query(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                    "<> 'retort_history' ORDER BY name"));
    }
    QStringList heads() const
    {
        return query(QStringLiteral("SELECT version_num FROM alembic_version"));
    }

    std::shared_ptr<const Workspace> workspace;

private:
    void write(const QString &rel, const QByteArray &text)
    {
        QFile f(m_dir.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    void script(const char *rev, const char *down, const char *message, const QString &up,
                const QString &downSql)
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("versions"));
        const QString text = QStringLiteral("-- %1\n--\n-- Revision ID: %2\n-- Revises: %3\n"
                                            "-- Create Date: 2026-01-01 00:00:00\n\n"
                                            "-- migrate:upgrade\n%4\n\n-- migrate:downgrade\n%5\n")
                                 .arg(QString::fromUtf8(message), QString::fromUtf8(rev),
                                      QString::fromUtf8(down), up, downSql);
        write(QStringLiteral("versions/%1_%2.sql")
                  .arg(QString::fromUtf8(rev), QString::fromUtf8(message).replace(u' ', u'_')),
              text.toUtf8());
    }
    QStringList query(const QString &sql) const
    {
        QStringList out;
        const QString name = QStringLiteral("jobtest-check");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(dbPath());
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(sql))
                    while (q.next())
                        out.append(q.value(0).toString());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return out;
    }

    QTemporaryDir m_dir;
};

// Spins an event loop until the job's finished() arrives or `timeoutMs` passes.
std::optional<Status> waitFinished(MigrationJob &job, int timeoutMs = 20000)
{
    std::optional<Status> result;
    QEventLoop loop;
    QObject::connect(&job, &MigrationJob::finished, &loop, [&](const Status &status) {
        result = status;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (job.isRunning())
        loop.exec();
    return result;
}

QStringList connectionNames()
{
    QStringList names = QSqlDatabase::connectionNames();
    names.removeAll(QStringLiteral("jobtest-check"));
    return names;
}

} // namespace

TEST(MigrationJob, AppliesAPlanWithProgressInOrderOnTheOwnerThread)
{
    AppScope app;
    Project3 project;
    const Plan plan = project.upgradePlan();
    ASSERT_EQ(plan.steps.size(), 3u);

    MigrationJob job(project.workspace, project.env(), plan,
                     migratorOptionsFor(*project.workspace));
    QStringList events;
    bool allOnTestThread = true;
    QThread *testThread = QThread::currentThread();
    auto onTestThread = [&] { allOnTestThread &= QThread::currentThread() == testThread; };
    QObject::connect(&job, &MigrationJob::progress, [&](int k, int n, const QString &d) {
        onTestThread();
        events.append(QStringLiteral("progress %1/%2 %3").arg(k).arg(n).arg(d));
    });
    QObject::connect(&job, &MigrationJob::statement, [&](int k, int i, const QString &) {
        onTestThread();
        events.append(QStringLiteral("statement %1.%2").arg(k).arg(i));
    });
    QObject::connect(&job, &MigrationJob::stepFinished, [&](int k, qint64 ms) {
        onTestThread();
        EXPECT_GE(ms, 0);
        events.append(QStringLiteral("done %1").arg(k));
    });
    QObject::connect(&job, &MigrationJob::logLine, [&](const QString &line) {
        onTestThread();
        events.append(line);
    });
    job.start();
    EXPECT_TRUE(job.isRunning());
    const auto status = waitFinished(job);
    ASSERT_TRUE(status.has_value()) << "timed out";
    ASSERT_TRUE(status->ok()) << status->error().message.toStdString();
    EXPECT_FALSE(job.isRunning());
    EXPECT_TRUE(allOnTestThread);

    const QStringList expected{
        "progress 1/3 upgrade  -> aaaa00000001, create a",
        "Running upgrade  -> aaaa00000001, create a",
        "statement 1.1",
        "done 1",
        "progress 2/3 upgrade aaaa00000001 -> bbbb00000002, create b",
        "Running upgrade aaaa00000001 -> bbbb00000002, create b",
        "statement 2.1",
        "done 2",
        "progress 3/3 upgrade bbbb00000002 -> cccc00000003, create c",
        "Running upgrade bbbb00000002 -> cccc00000003, create c",
        "statement 3.1",
        "statement 3.2",
        "done 3",
    };
    EXPECT_EQ(events, expected);
    EXPECT_EQ(project.heads(), QStringList{"cccc00000003"});
    EXPECT_EQ(project.tables(), (QStringList{"a", "alembic_version", "b", "c"}));
    // The worker's connection was closed (and removed) in its thread before finished().
    EXPECT_TRUE(connectionNames().isEmpty()) << connectionNames().join(u',').toStdString();
}

TEST(MigrationJob, AFailingStatementNamesTheRevisionAndKeepsTheLastGoodStep)
{
    AppScope app;
    Project3 project(QStringLiteral("CREATE TABLE b (id INT);\nINSERT INTO nowhere VALUES (1);"));
    MigrationJob job(project.workspace, project.env(), project.upgradePlan(),
                     migratorOptionsFor(*project.workspace));
    QList<int> finishedSteps;
    QObject::connect(&job, &MigrationJob::stepFinished,
                     [&](int k, qint64) { finishedSteps.append(k); });
    job.start();
    const auto status = waitFinished(job);
    ASSERT_TRUE(status.has_value()) << "timed out";
    ASSERT_FALSE(status->ok());
    EXPECT_EQ(status->error().revision, QStringLiteral("bbbb00000002"));
    EXPECT_TRUE(status->error().message.startsWith(
        QStringLiteral("upgrade bbbb00000002 failed at statement 2")))
        << status->error().message.toStdString();
    EXPECT_TRUE(status->error().message.contains(QStringLiteral("nowhere")));
    EXPECT_EQ(finishedSteps, QList<int>{1});
    EXPECT_EQ(project.heads(), QStringList{"aaaa00000001"});
    EXPECT_EQ(project.tables(), (QStringList{"a", "alembic_version"}));
    EXPECT_TRUE(connectionNames().isEmpty());
}

TEST(MigrationJob, CancelDuringALongStatementIsPromptAndConsistent)
{
    AppScope app;
    Project3 project(QStringLiteral("CREATE TABLE b (id INT);\n") +
                     QString::fromUtf8(kCountToABillion));
    MigrationJob job(project.workspace, project.env(), project.upgradePlan(),
                     migratorOptionsFor(*project.workspace));
    QElapsedTimer clock;
    qint64 cancelledAt = -1;
    // Cancel from the owner thread 150 ms after the long statement started in the worker.
    QObject::connect(&job, &MigrationJob::statement, [&](int k, int i, const QString &) {
        if (k == 2 && i == 2)
            QTimer::singleShot(150, &job, [&] {
                cancelledAt = clock.elapsed();
                job.cancel();
            });
    });
    clock.start();
    job.start();
    const auto status = waitFinished(job);
    ASSERT_TRUE(status.has_value()) << "timed out";
    ASSERT_GE(cancelledAt, 0);
    EXPECT_LT(clock.elapsed() - cancelledAt, 2000);
    ASSERT_FALSE(status->ok());
    EXPECT_EQ(status->error().message, QStringLiteral("cancelled"));
    EXPECT_EQ(status->error().revision, QStringLiteral("bbbb00000002"));
    EXPECT_EQ(project.heads(), QStringList{"aaaa00000001"});
    EXPECT_EQ(project.tables(), (QStringList{"a", "alembic_version"}));
    EXPECT_TRUE(connectionNames().isEmpty());
}

TEST(MigrationJob, CancelBeforeStartRunsNothing)
{
    AppScope app;
    Project3 project;
    MigrationJob job(project.workspace, project.env(), project.upgradePlan(),
                     migratorOptionsFor(*project.workspace));
    job.cancel();
    job.start();
    const auto status = waitFinished(job);
    ASSERT_TRUE(status.has_value()) << "timed out";
    ASSERT_FALSE(status->ok());
    EXPECT_EQ(status->error().message, QStringLiteral("cancelled"));
    EXPECT_TRUE(project.heads().isEmpty());
}

// Destroying a job mid-run cancels it and waits for the thread: no crash, no leaked connection,
// no signal afterwards.
TEST(MigrationJob, DestructorCancelsAndWaits)
{
    AppScope app;
    Project3 project(QStringLiteral("CREATE TABLE b (id INT);\n") +
                     QString::fromUtf8(kCountToABillion));
    bool finishedSeen = false;
    {
        MigrationJob job(project.workspace, project.env(), project.upgradePlan(),
                         migratorOptionsFor(*project.workspace));
        QObject::connect(&job, &MigrationJob::finished, [&] { finishedSeen = true; });
        QEventLoop loop;
        QObject::connect(&job, &MigrationJob::statement, &loop, [&](int k, int i) {
            if (k == 2 && i == 2)
                loop.quit();
        });
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        job.start();
        loop.exec();
    }
    QCoreApplication::processEvents();
    EXPECT_FALSE(finishedSeen);
    EXPECT_EQ(project.heads(), QStringList{"aaaa00000001"});
    EXPECT_TRUE(connectionNames().isEmpty());
}

TEST(MigrationJob, ReadHeadsOfAMissingDatabaseIsEmptyAndCreatesNothing)
{
    Project3 project;
    auto rows = readHeads(project.env(), VersionTable::defaultTable());
    ASSERT_TRUE(rows.ok());
    EXPECT_TRUE(rows->isEmpty());
    EXPECT_FALSE(QFile::exists(project.dbPath()));
}

// PlanJob reads the rows in its worker and plans there; the plan comes back on the test thread.
TEST(PlanJob, PlansFromTheDatabaseRowsOffTheOwnerThread)
{
    AppScope app;
    Project3 project;
    {
        // Bring the database to a1 first.
        MigrationJob job(project.workspace, project.env(),
                         project.upgradePlan(QStringLiteral("aaaa00000001")),
                         migratorOptionsFor(*project.workspace));
        job.start();
        const auto status = waitFinished(job);
        ASSERT_TRUE(status && status->ok());
    }
    auto runPlanJob = [&](PlanJob::Request request) {
        PlanJob job(project.workspace, project.env(), std::move(request));
        std::optional<std::tuple<Status, Plan, bool>> out;
        QEventLoop loop;
        QObject::connect(&job, &PlanJob::finished, &loop,
                         [&](const Status &s, const Plan &p, bool exists) {
                             EXPECT_EQ(QThread::currentThread(), loop.thread());
                             out.emplace(s, p, exists);
                             loop.quit();
                         });
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        job.start();
        loop.exec();
        return out;
    };

    auto up = runPlanJob({MigrationAction::Upgrade, {QStringLiteral("heads")}, false});
    ASSERT_TRUE(up.has_value());
    ASSERT_TRUE(std::get<0>(*up).ok());
    EXPECT_TRUE(std::get<2>(*up));
    const Plan &plan = std::get<1>(*up);
    EXPECT_EQ(plan.headsBefore, QStringList{"aaaa00000001"});
    EXPECT_EQ(plan.headsAfter, QStringList{"cccc00000003"});
    ASSERT_EQ(plan.steps.size(), 2u);
    EXPECT_EQ(plan.steps[0].revision, QStringLiteral("bbbb00000002"));

    auto stamp = runPlanJob({MigrationAction::Stamp, {QStringLiteral("cccc00000003")}, false});
    ASSERT_TRUE(stamp && std::get<0>(*stamp).ok());
    ASSERT_EQ(std::get<1>(*stamp).steps.size(), 1u);
    EXPECT_TRUE(std::get<1>(*stamp).steps[0].stamp);

    auto bad = runPlanJob({MigrationAction::Downgrade, {QStringLiteral("nosuchrev")}, false});
    ASSERT_TRUE(bad.has_value());
    EXPECT_FALSE(std::get<0>(*bad).ok());
    EXPECT_TRUE(std::get<1>(*bad).steps.empty());
    EXPECT_TRUE(connectionNames().isEmpty());
}
