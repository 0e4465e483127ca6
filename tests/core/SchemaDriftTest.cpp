// checkSchemaDrift(): a SQLite copy of the demo project upgraded for real has no drift; a column
// added by hand is found and named; a server environment without a scratch server says so before
// connecting; schemaReplayOptions() picks the scratch server only for server drivers.

#include "workflows/SchemaDrift.h"
#include "db/Connection.h"
#include "db/Lock.h"
#include "db/Migrator.h"
#include "project/Workspace.h"
#include "workflows/Planning.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;

namespace {

bool copyDemo(const QString &to)
{
    const QString from = QStringLiteral(RETORT_SOURCE_DIR "/migrations");
    QDirIterator it(from, {QStringLiteral("*.sql"), QStringLiteral("*.toml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + u'/' + QDir(from).relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

class SchemaDriftTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(m_temp.isValid());
        ASSERT_TRUE(copyDemo(m_dir.path()));
        auto ws = Workspace::load(m_dir.path());
        ASSERT_TRUE(ws.ok()) << ws.error().toString().toStdString();
        m_ws = std::move(*ws);
        m_env.name = QStringLiteral("real");
        m_env.driver = QStringLiteral("sqlite");
        m_env.database = m_dir.filePath(QStringLiteral("real.db"));
        m_replay.tempDir = m_temp.path();
        clearExpectedSchemaCache();
    }

    // Upgrades m_env to `target` with the runner's defaults (audit on).
    void upgrade(const QString &target)
    {
        auto planned =
            makePlan(*m_ws, m_env.driver, {}, PlanRequest{MigrationAction::Upgrade, {target}});
        ASSERT_TRUE(planned.ok()) << planned.error().toString().toStdString();
        ScopedConnection conn;
        ASSERT_TRUE(conn.open(m_env, false).ok());
        MigratorOptions options;
        options.versionTable = m_ws->project().versionTableName();
        options.lock = MigratorOptions::LockMode::None;
        Migrator migrator(conn.db(), Dialect::sqlite(), options);
        const Status ran = migrator.run(planned->plan);
        ASSERT_TRUE(ran.ok()) << ran.error().toString().toStdString();
    }

    void exec(const QString &sql)
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                        QStringLiteral("drift-by-hand"));
            db.setDatabaseName(m_env.database);
            ASSERT_TRUE(db.open());
            QSqlQuery q(db);
            ASSERT_TRUE(q.exec(sql)) << sql.toStdString();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("drift-by-hand"));
    }

    QTemporaryDir m_dir;
    QTemporaryDir m_temp;
    std::unique_ptr<Workspace> m_ws;
    Environment m_env;
    ExpectedSchemaOptions m_replay;
};

} // namespace

TEST_F(SchemaDriftTest, CleanDatabaseHasNoDriftAndAHandMadeColumnIsFound)
{
    upgrade(QStringLiteral("heads"));
    Result<SchemaDriftReport> clean = checkSchemaDrift(*m_ws, m_env, {}, m_replay);
    ASSERT_TRUE(clean.ok()) << clean.error().toString().toStdString();
    EXPECT_FALSE(clean->rows.isEmpty());
    EXPECT_TRUE(clean->diff.empty()) << clean->diff.toText().toStdString();
    EXPECT_EQ(driftSummary(clean->diff), QStringLiteral("none"));

    exec(QStringLiteral("ALTER TABLE books ADD COLUMN shelf TEXT"));
    Result<SchemaDriftReport> drifted = checkSchemaDrift(*m_ws, m_env, {}, m_replay);
    ASSERT_TRUE(drifted.ok()) << drifted.error().toString().toStdString();
    ASSERT_EQ(drifted->diff.changes.size(), 1u) << drifted->diff.toText().toStdString();
    EXPECT_TRUE(drifted->diff.changes[0].summary.contains(QStringLiteral("books.shelf")))
        << drifted->diff.changes[0].summary.toStdString();
    EXPECT_EQ(driftSummary(drifted->diff), QStringLiteral("1 difference"));
    EXPECT_EQ(clean->rows, drifted->rows);
}

TEST_F(SchemaDriftTest, NothingAppliedComparesWithAnEmptySchema)
{
    exec(QStringLiteral("CREATE TABLE stray (id INTEGER PRIMARY KEY)"));
    Result<SchemaDriftReport> report = checkSchemaDrift(*m_ws, m_env, {}, m_replay);
    ASSERT_TRUE(report.ok()) << report.error().toString().toStdString();
    EXPECT_TRUE(report->rows.isEmpty());
    ASSERT_EQ(report->diff.changes.size(), 1u) << report->diff.toText().toStdString();
    EXPECT_TRUE(report->diff.changes[0].summary.contains(QStringLiteral("stray")));
}

TEST_F(SchemaDriftTest, MissingDatabaseAndMissingScratchServerSayWhy)
{
    SchemaDriftStep step = SchemaDriftStep::Expected;
    Result<SchemaDriftReport> missing =
        checkSchemaDrift(*m_ws, m_env, {}, m_replay, nullptr, &step);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(step, SchemaDriftStep::NoDatabase);
    EXPECT_EQ(driftFailureSummary(step, missing.error()), QStringLiteral("no database"));
    EXPECT_FALSE(QFileInfo::exists(m_env.database)); // nothing created

    Environment pg;
    pg.name = QStringLiteral("pg");
    pg.driver = QStringLiteral("postgresql");
    pg.host = QStringLiteral("127.0.0.1");
    pg.port = 1; // never reached: the missing scratch server is found first
    pg.database = QStringLiteral("x");
    const ExpectedSchemaOptions options =
        schemaReplayOptions(m_ws->project(), pg.driver, ConnectionSecrets{});
    Result<SchemaDriftReport> noScratch = checkSchemaDrift(*m_ws, pg, {}, options, nullptr, &step);
    ASSERT_FALSE(noScratch.ok());
    EXPECT_EQ(step, SchemaDriftStep::NoScratchServer);
    EXPECT_EQ(driftFailureSummary(step, noScratch.error()),
              QStringLiteral("needs a scratch server"));
    EXPECT_TRUE(noScratch.error().message.contains(QStringLiteral("pg: ")))
        << noScratch.error().message.toStdString();
    EXPECT_FALSE(schemaReplayOptions(m_ws->project(), QStringLiteral("sqlite")).scratch);
}

// SQLite: the check holds the run lock while it reads; a run holding it means no answer.
TEST_F(SchemaDriftTest, ARunInProgressOnSqliteIsNotReadAcross)
{
    upgrade(QStringLiteral("heads"));
    {
        ScopedConnection runner;
        ASSERT_TRUE(runner.open(m_env, true).ok());
        DatabaseLock lock(runner.db(), Dialect::sqlite(), m_ws->project().versionTableName());
        Result<bool> taken = lock.tryAcquire();
        ASSERT_TRUE(taken.ok() && *taken);
        SchemaDriftStep step = SchemaDriftStep::Expected;
        Result<SchemaDriftReport> busy =
            checkSchemaDrift(*m_ws, m_env, {}, m_replay, nullptr, &step);
        ASSERT_FALSE(busy.ok());
        EXPECT_EQ(step, SchemaDriftStep::Rows);
        EXPECT_TRUE(busy.error().is(ErrorKind::LockTimeout)) << busy.error().message.toStdString();
        EXPECT_EQ(driftFailureSummary(step, busy.error()), QStringLiteral("migration running"));
    }
    // Released: the check answers, and leaves the lock free for the next run.
    Result<SchemaDriftReport> after = checkSchemaDrift(*m_ws, m_env, {}, m_replay);
    ASSERT_TRUE(after.ok()) << after.error().toString().toStdString();
    EXPECT_TRUE(after->diff.empty());
    ScopedConnection runner;
    ASSERT_TRUE(runner.open(m_env, true).ok());
    DatabaseLock lock(runner.db(), Dialect::sqlite(), m_ws->project().versionTableName());
    Result<bool> taken = lock.tryAcquire();
    EXPECT_TRUE(taken.ok() && *taken);
}
