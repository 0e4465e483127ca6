#include "workflows/AlembicSql.h"

#include "workflows/MigrationJob.h"
#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "scripts/PythonScript.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

// What `alembic upgrade base:heads --sql` prints for PostgreSQL (transactional DDL).
const char *const kOutput = R"(BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> aaa

CREATE TABLE users (
    id SERIAL NOT NULL, 
    PRIMARY KEY (id)
);

INSERT INTO alembic_version (version_num) VALUES ('aaa') RETURNING alembic_version.version_num;

-- Running upgrade aaa -> bbb

UPDATE alembic_version SET version_num='bbb' WHERE alembic_version.version_num = 'aaa';

-- Running upgrade aaa -> ccc

INSERT INTO users (name) VALUES ('a;b');

INSERT INTO alembic_version (version_num) VALUES ('ccc') RETURNING alembic_version.version_num;

-- Running upgrade bbb, ccc -> ddd

DELETE FROM alembic_version WHERE alembic_version.version_num = 'bbb';

UPDATE alembic_version SET version_num='ddd' WHERE alembic_version.version_num = 'ccc';

COMMIT;
)";

TEST(AlembicSql, SplitsStepsAndDropsVersionTableStatements)
{
    const auto steps =
        splitAlembicSql(QString::fromUtf8(kOutput), QStringLiteral("alembic_version"));
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].direction, Direction::Upgrade);
    EXPECT_TRUE(steps[0].from.isEmpty());
    EXPECT_EQ(steps[0].to, QStringList{"aaa"});
    EXPECT_EQ(steps[0].revision(), "aaa");
    EXPECT_EQ(steps[0].sql,
              "CREATE TABLE users (\n    id SERIAL NOT NULL, \n    PRIMARY KEY (id)\n);");
    EXPECT_EQ(steps[1].revision(), "bbb");
    EXPECT_TRUE(steps[1].sql.isEmpty());
    EXPECT_EQ(steps[2].sql, "INSERT INTO users (name) VALUES ('a;b');");
    EXPECT_EQ(steps[3].from, (QStringList{"bbb", "ccc"}));
    EXPECT_EQ(steps[3].revision(), "ddd");
    EXPECT_TRUE(steps[3].sql.isEmpty()); // DELETE/UPDATE of the version table and COMMIT dropped
}

TEST(AlembicSql, DowngradesNameTheRevisionOnTheLeftAndSchemaQualifiedTables)
{
    const auto steps = splitAlembicSql(
        QStringLiteral("-- Running downgrade ddd -> bbb, ccc\n\nDROP TABLE t;\n\n"
                       "UPDATE ops.my_versions SET version_num='bbb' WHERE "
                       "ops.my_versions.version_num = 'ddd';\n\n"
                       "-- Running downgrade aaa -> \n\nDROP TABLE users;\n\n"
                       "DELETE FROM ops.my_versions WHERE ops.my_versions.version_num = 'aaa';\n\n"
                       "DROP TABLE ops.my_versions;\n"),
        QStringLiteral("my_versions"));
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].direction, Direction::Downgrade);
    EXPECT_EQ(steps[0].revision(), "ddd");
    EXPECT_EQ(steps[0].to, (QStringList{"bbb", "ccc"}));
    EXPECT_EQ(steps[0].sql, "DROP TABLE t;");
    EXPECT_EQ(steps[1].revision(), "aaa");
    EXPECT_TRUE(steps[1].to.isEmpty());
    EXPECT_EQ(steps[1].sql, "DROP TABLE users;");
}

TEST(AlembicSql, QuotedSchemaAndTableNamesAreVersionStatementsToo)
{
    const auto steps = splitAlembicSql(
        QStringLiteral("-- Running upgrade  -> aaa\n\nCREATE TABLE t (id INT);\n\n"
                       "INSERT INTO \"My Schema\".\"MyVersions\" (version_num) VALUES ('aaa');\n\n"
                       "-- Running upgrade aaa -> bbb\n\nCREATE TABLE `order` (id INT);\n\n"
                       "UPDATE `order`.`MyVersions` SET version_num='bbb' WHERE "
                       "`order`.`MyVersions`.version_num = 'aaa';\n\n"
                       "INSERT INTO MyVersions_log VALUES (1);\n"),
        QStringLiteral("MyVersions"));
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].sql, "CREATE TABLE t (id INT);");
    // Another table whose name starts with the version table's stays.
    EXPECT_EQ(steps[1].sql,
              "CREATE TABLE `order` (id INT);\n\nINSERT INTO MyVersions_log VALUES (1);");
}

TEST(AlembicSql, MissingAlembicIsExplained)
{
    auto r = findAlembic(QStringLiteral("/nonexistent/bin/alembic"));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains("/nonexistent/bin/alembic"));
    auto n = findAlembic(QStringLiteral("no-such-alembic-program"));
    ASSERT_FALSE(n.ok());
    EXPECT_TRUE(n.error().message.contains("not on PATH"));
}

const char *const kEnvPy = R"PY(from alembic import context
config = context.config
def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=None,
                      literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()
if context.is_offline_mode():
    run_migrations_offline()
else:
    raise SystemExit("offline only")
)PY";

void write(const QDir &dir, const QString &rel, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(dir.filePath(rel)).absolutePath());
    QFile f(dir.filePath(rel));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QByteArray revision(const char *id, const char *down, const char *up, const char *downSql)
{
    return QByteArray("\"\"\"rev ") + id + "\"\"\"\nfrom alembic import op\nrevision = '" + id +
           "'\ndown_revision = " + down + "\n\ndef upgrade():\n    op.execute(\"" + up +
           "\")\n\ndef downgrade():\n    op.execute(\"" + downSql + "\")\n";
}

// With the real alembic (skipped without it): a plan's Python steps get alembic's SQL.
TEST(AlembicSql, PlansGetTheSqlAlembicRenders)
{
    auto alembic = findAlembic();
    if (!alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    write(dir, "alembic.ini",
          "[alembic]\nscript_location = %(here)s/mig\nsqlalchemy.url = sqlite:///app.db\n");
    write(dir, "mig/env.py", kEnvPy);
    write(dir, "mig/versions/a1_first.py",
          revision("a1", "None", "CREATE TABLE one (x INT)", "DROP TABLE one"));
    write(dir, "mig/versions/b2_second.py",
          revision("b2", "'a1'", "CREATE TABLE two (x INT)", "DROP TABLE two"));
    auto ws = Workspace::load(tmp.path());
    ASSERT_TRUE(ws.ok());
    ASSERT_TRUE((*ws)->problems().empty()) << (*ws)->problems().front().toString().toStdString();
    const RevisionGraph &g = (*ws)->graph();

    auto plan = g.planUpgrade({}, "heads");
    ASSERT_TRUE(plan.ok());
    ASSERT_TRUE(firstPythonStep(*plan));
    for (const QString &hint : {QString("base:heads"), QString()}) { // one run; one per step
        std::deque<Script> storage;
        auto rendered =
            withAlembicSql(*alembic, (*ws)->project(), *plan, "postgresql", hint, &storage);
        ASSERT_TRUE(rendered.ok()) << rendered.error().toString().toStdString();
        EXPECT_FALSE(firstPythonStep(*rendered));
        ASSERT_EQ(rendered->steps.size(), 2u);
        EXPECT_EQ(rendered->steps[0].script->upgrade.sql, "CREATE TABLE one (x INT);");
        EXPECT_EQ(rendered->steps[1].script->upgrade.sql, "CREATE TABLE two (x INT);");
        EXPECT_EQ(rendered->steps[1].versionOps, plan->steps[1].versionOps);
    }
    auto down = g.planDowngrade({"b2"}, "base");
    ASSERT_TRUE(down.ok());
    std::deque<Script> storage;
    auto renderedDown = withAlembicSql(*alembic, (*ws)->project(), *down, {}, "b2:base", &storage);
    ASSERT_TRUE(renderedDown.ok()) << renderedDown.error().toString().toStdString();
    EXPECT_EQ(renderedDown->steps[0].script->downgrade.sql, "DROP TABLE two;");
    EXPECT_EQ(renderedDown->steps[1].script->downgrade.sql, "DROP TABLE one;");

    std::vector<AlembicRevision> revisions{{"a1", {}}, {"b2", {"a1"}}};
    auto all = renderAllRevisions(*alembic, (*ws)->project(), {"b2"}, revisions);
    ASSERT_TRUE(all.ok()) << all.error().toString().toStdString();
    EXPECT_EQ(all->value("a1").upgrade, "CREATE TABLE one (x INT);");
    EXPECT_EQ(all->value("b2").downgrade, "DROP TABLE two;");

    // An alembic failure carries alembic's message.
    auto bad = runAlembicOffline(*alembic, (*ws)->project(), Direction::Upgrade, "base:zz9");
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(bad.error().message.contains("zz9")) << bad.error().message.toStdString();
}

// The GUI's path: PlanJob renders the Alembic steps' SQL in its worker; MigrationJob runs it.
TEST(AlembicSql, PlanJobAndMigrationJobApplyAlembicRevisions)
{
    auto alembic = findAlembic();
    if (!alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    std::unique_ptr<QCoreApplication> app;
    static int argc = 1;
    static char name[] = "retort_core_tests";
    static char *argv[] = {name, nullptr};
    if (!QCoreApplication::instance())
        app = std::make_unique<QCoreApplication>(argc, argv);
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    write(dir, "alembic.ini",
          "[alembic]\nscript_location = %(here)s/mig\nsqlalchemy.url = sqlite:///app.db\n");
    write(dir, "mig/env.py", kEnvPy);
    write(dir, "mig/versions/a1_first.py",
          revision("a1", "None", "CREATE TABLE one (x INT)", "DROP TABLE one"));
    auto loaded = Workspace::load(tmp.path());
    ASSERT_TRUE(loaded.ok());
    std::shared_ptr<const Workspace> ws(std::move(*loaded));
    const Environment env = ws->project().environments.at(0);

    PlanJob planJob(ws, env, PlanJob::Request{MigrationAction::Upgrade, {"heads"}, false});
    std::optional<std::pair<Status, Plan>> planned;
    QEventLoop loop;
    QObject::connect(&planJob, &PlanJob::finished, &loop,
                     [&](const Status &st, const Plan &p, bool) {
                         planned.emplace(st, p);
                         loop.quit();
                     });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    planJob.start();
    loop.exec();
    ASSERT_TRUE(planned && planned->first.ok())
        << (planned ? planned->first.error().toString().toStdString() : "timed out");
    const Plan plan = planned->second;
    ASSERT_EQ(plan.steps.size(), 1u);
    ASSERT_TRUE(plan.scriptStorage);
    EXPECT_EQ(plan.steps[0].script->upgrade.sql, "CREATE TABLE one (x INT);");

    MigrationJob job(ws, env, plan, migratorOptionsFor(*ws));
    std::optional<Status> ran;
    QObject::connect(&job, &MigrationJob::finished, &loop, [&](const Status &st) {
        ran = st;
        loop.quit();
    });
    job.start();
    loop.exec();
    ASSERT_TRUE(ran && ran->ok()) << (ran ? ran->error().toString().toStdString() : "timed out");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "alembic-sql-test");
        db.setDatabaseName(dir.filePath("app.db"));
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec("SELECT version_num FROM alembic_version") && q.next());
        EXPECT_EQ(q.value(0).toString(), "a1");
        EXPECT_TRUE(db.tables().contains("one"));
    }
    QSqlDatabase::removeDatabase("alembic-sql-test");

    // A Python plan that was not rendered is refused by the runner, nothing recorded.
    auto raw = ws->graph().planDowngrade({"a1"}, "base");
    ASSERT_TRUE(raw.ok());
    MigrationJob refused(ws, env, *raw, migratorOptionsFor(*ws));
    QObject::connect(&refused, &MigrationJob::finished, &loop, [&](const Status &st) {
        ran = st;
        loop.quit();
    });
    refused.start();
    loop.exec();
    ASSERT_TRUE(ran.has_value());
    EXPECT_FALSE(ran->ok());
    EXPECT_TRUE(ran->error().message.contains("Alembic"));
}

} // namespace
