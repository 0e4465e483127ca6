// expectedSchema(): the demo project replayed into a SQLite scratch file, compared with a real
// upgrade; intermediate targets, failures, cancel, the cache, and the scratch-server rule.

#include "workflows/ExpectedSchema.h"
#include "db/Connection.h"
#include "db/Migrator.h"
#include "project/Workspace.h"
#include "workflows/AlembicSql.h"
#include "workflows/Planning.h"
#include "workflows/SchemaInspection.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <functional>
#include <map>

using namespace retort;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// A copy of the demo project in `dir`; `edit` may rewrite any script (by file name).
QString demoCopy(const QTemporaryDir &dir,
                 const std::function<QByteArray(const QString &, QByteArray)> &edit = {})
{
    const QString from = QStringLiteral(RETORT_SOURCE_DIR "/migrations");
    QDirIterator it(from, {QStringLiteral("*.sql"), QStringLiteral("*.toml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString to = dir.path() + u'/' + QDir(from).relativeFilePath(file);
        QDir().mkpath(QFileInfo(to).absolutePath());
        QByteArray content = readFile(file);
        if (edit)
            content = edit(QFileInfo(file).fileName(), content);
        writeFile(to, content);
    }
    return dir.path();
}

std::unique_ptr<Workspace> load(const QString &dir)
{
    auto ws = Workspace::load(dir);
    EXPECT_TRUE(ws.ok()) << (ws ? "" : ws.error().toString().toStdString());
    return ws ? std::move(*ws) : nullptr;
}

// relation name -> its columns as "name type", skipping Retort's own audit table.
std::map<QString, QStringList> shape(const SchemaSnapshot &s)
{
    std::map<QString, QStringList> out;
    for (const SchemaRelation &r : s.relations) {
        if (r.name == u"retort_history")
            continue;
        QStringList cols;
        for (const SchemaColumn &c : r.columns)
            cols << c.name + u' ' + c.type;
        out[r.name] = cols;
    }
    return out;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

class ExpectedSchemaTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_project.isValid());
        ASSERT_TRUE(m_temp.isValid());
        clearExpectedSchemaCache();
        m_opts.tempDir = m_temp.path();
    }
    QTemporaryDir m_project;
    QTemporaryDir m_temp; // where scratch files go: must be empty after every call
    ExpectedSchemaOptions m_opts;
};

} // namespace

TEST_F(ExpectedSchemaTest, DemoReplayedToHeadsEqualsARealUpgrade)
{
    auto ws = load(demoCopy(m_project));
    ASSERT_TRUE(ws);
    const Result<SchemaSnapshot> expected =
        expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_TRUE(expected.ok()) << expected.error().toString().toStdString();
    EXPECT_TRUE(entries(m_temp.path()).isEmpty())
        << entries(m_temp.path()).join(u' ').toStdString();

    // The same project upgraded for real into a file, with the runner's defaults (audit on).
    Environment env;
    env.name = QStringLiteral("real");
    env.driver = QStringLiteral("sqlite");
    env.database = m_project.filePath(QStringLiteral("real.db"));
    auto planned = makePlan(*ws, env.driver, {},
                            PlanRequest{MigrationAction::Upgrade, {QStringLiteral("heads")}});
    ASSERT_TRUE(planned.ok());
    {
        ScopedConnection conn;
        ASSERT_TRUE(conn.open(env, false).ok());
        MigratorOptions options;
        options.versionTable = ws->project().versionTableName();
        options.lock = MigratorOptions::LockMode::None;
        Migrator migrator(conn.db(), Dialect::sqlite(), options);
        const Status ran = migrator.run(planned->plan);
        ASSERT_TRUE(ran.ok()) << ran.error().toString().toStdString();
    }
    const Result<SchemaSnapshot> real = inspectEnvironment(env, {});
    ASSERT_TRUE(real.ok());

    const auto want = shape(*real);
    EXPECT_EQ(shape(*expected), want);
    EXPECT_TRUE(want.count(QStringLiteral("promotions")));
    EXPECT_TRUE(want.count(QStringLiteral("book_ratings")));
    EXPECT_EQ(expected->driver, QStringLiteral("sqlite"));
}

TEST_F(ExpectedSchemaTest, AnIntermediateRevisionLacksLaterTables)
{
    auto ws = load(demoCopy(m_project));
    ASSERT_TRUE(ws);
    const Result<SchemaSnapshot> s =
        expectedSchema(*ws, {QStringLiteral("2c80e1340ab4")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_TRUE(s->find(QStringLiteral("authors")));
    EXPECT_TRUE(s->find(QStringLiteral("books")));
    EXPECT_FALSE(s->find(QStringLiteral("customers")));
    EXPECT_FALSE(s->find(QStringLiteral("orders")));
    EXPECT_FALSE(s->find(QStringLiteral("promotions")));

    // "base" adds nothing: only what the migrations made, no table of theirs.
    const Result<SchemaSnapshot> base =
        expectedSchema(*ws, {QStringLiteral("base")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_TRUE(base.ok()) << base.error().toString().toStdString();
    EXPECT_FALSE(base->find(QStringLiteral("authors")));
}

TEST_F(ExpectedSchemaTest, SeveralTargetsReplayEachInTurn)
{
    auto ws = load(demoCopy(m_project));
    ASSERT_TRUE(ws);
    // Two branch tips below the merge: reviews' branch (7e7d8ca52273) and stock's (2c5300663497).
    const Result<SchemaSnapshot> s =
        expectedSchema(*ws, {QStringLiteral("7e7d8ca52273"), QStringLiteral("2c5300663497")},
                       QStringLiteral("sqlite"), m_opts);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_TRUE(s->find(QStringLiteral("book_ratings")));
    EXPECT_TRUE(s->find(QStringLiteral("stock")));
    EXPECT_FALSE(s->find(QStringLiteral("promotions")));
}

TEST_F(ExpectedSchemaTest, AFailingStatementNamesRevisionAndStatementAndLeavesNoFile)
{
    auto ws = load(demoCopy(m_project, [](const QString &name, QByteArray content) {
        if (name.startsWith(QStringLiteral("3f53b6ceb58b_")))
            content.replace("-- migrate:downgrade",
                            "INSERT INTO no_such_table VALUES (1);\n\n-- migrate:downgrade");
        return content;
    }));
    ASSERT_TRUE(ws);
    const Result<SchemaSnapshot> s =
        expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().revision, QStringLiteral("3f53b6ceb58b"));
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("statement")))
        << s.error().toString().toStdString();
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("no_such_table")))
        << s.error().toString().toStdString();
    EXPECT_TRUE(s.error().file.endsWith(QStringLiteral("3f53b6ceb58b_create_customers_table.sql")))
        << s.error().toString().toStdString();
    EXPECT_GT(s.error().line, 0);
    EXPECT_TRUE(entries(m_temp.path()).isEmpty())
        << entries(m_temp.path()).join(u' ').toStdString();
}

TEST_F(ExpectedSchemaTest, ACancelledReplayStopsAndLeavesNoFile)
{
    auto ws = load(demoCopy(m_project));
    ASSERT_TRUE(ws);
    const CancelToken cancel;
    cancel.cancel();
    const Result<SchemaSnapshot> s =
        expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), m_opts, &cancel);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, ErrorKind::Cancelled) << s.error().toString().toStdString();
    EXPECT_TRUE(entries(m_temp.path()).isEmpty());
}

TEST_F(ExpectedSchemaTest, TheSecondCallIsACacheHitAndAnEditedScriptMisses)
{
    const QString dir = demoCopy(m_project);
    auto ws = load(dir);
    ASSERT_TRUE(ws);
    const ExpectedSchemaStats before = expectedSchemaStats();
    const auto first =
        expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_TRUE(first.ok());
    const auto second =
        expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_TRUE(second.ok());
    const ExpectedSchemaStats after = expectedSchemaStats();
    EXPECT_EQ(after.replays - before.replays, 1);
    EXPECT_EQ(after.cacheHits - before.cacheHits, 1);
    EXPECT_EQ(shape(*first), shape(*second));

    // Another spelling of the same revision set is the same entry ("head" = the one real head).
    ASSERT_TRUE(
        expectedSchema(*ws, {QStringLiteral("head")}, QStringLiteral("sqlite"), m_opts).ok());
    EXPECT_EQ(expectedSchemaStats().replays - before.replays, 1);

    // A script edited on disk changes the project's content: replayed again.
    const QString file =
        dir + QStringLiteral("/versions/1e2ba8818864_add_promotions_with_seed_data.sql");
    writeFile(file, readFile(file) + "\n-- edited\n");
    ASSERT_TRUE(
        expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), m_opts).ok());
    EXPECT_EQ(expectedSchemaStats().replays - before.replays, 2);

    // With the cache off, always replayed.
    ExpectedSchemaOptions off = m_opts;
    off.useCache = false;
    ASSERT_TRUE(expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), off).ok());
    EXPECT_EQ(expectedSchemaStats().replays - before.replays, 3);
}

TEST_F(ExpectedSchemaTest, APostgresqlSchemaWithoutAScratchServerIsAClearError)
{
    auto ws = load(demoCopy(m_project));
    ASSERT_TRUE(ws);
    const Result<SchemaSnapshot> s =
        expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("postgresql"), m_opts);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, ErrorKind::Refused);
    EXPECT_TRUE(s.error().message.contains(
        QStringLiteral("needs a scratch server (set scratch = \"ENV\" in retort.toml)")))
        << s.error().toString().toStdString();
    EXPECT_TRUE(entries(m_temp.path()).isEmpty());
}

TEST_F(ExpectedSchemaTest, AnUnknownTargetIsAGraphError)
{
    auto ws = load(demoCopy(m_project));
    ASSERT_TRUE(ws);
    const Result<SchemaSnapshot> s =
        expectedSchema(*ws, {QStringLiteral("ffffffffffff")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("ffffffffffff")))
        << s.error().toString().toStdString();
}

namespace {

const char *const kAlembicEnvPy = R"PY(from alembic import context
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

QByteArray alembicRevision(const char *id, const char *down, const char *up, const char *downSql)
{
    return QByteArray("\"\"\"rev ") + id + "\"\"\"\nfrom alembic import op\nrevision = '" + id +
           "'\ndown_revision = " + down + "\n\ndef upgrade():\n    op.execute(\"" + up +
           "\")\n\ndef downgrade():\n    op.execute(\"" + downSql + "\")\n";
}

} // namespace

// Alembic revisions replay through the SQL alembic renders offline (skipped without alembic).
TEST_F(ExpectedSchemaTest, AlembicRevisionsReplayThroughTheirRenderedSql)
{
    if (!findAlembic())
        GTEST_SKIP() << "alembic not found";
    const QDir dir(m_project.path());
    QDir().mkpath(dir.filePath(QStringLiteral("mig/versions")));
    writeFile(dir.filePath(QStringLiteral("alembic.ini")),
              "[alembic]\nscript_location = %(here)s/mig\nsqlalchemy.url = sqlite:///app.db\n");
    writeFile(dir.filePath(QStringLiteral("mig/env.py")), kAlembicEnvPy);
    writeFile(dir.filePath(QStringLiteral("mig/versions/a1_first.py")),
              alembicRevision("a1", "None", "CREATE TABLE one (x INT)", "DROP TABLE one"));
    writeFile(dir.filePath(QStringLiteral("mig/versions/b2_second.py")),
              alembicRevision("b2", "'a1'", "CREATE TABLE two (y TEXT)", "DROP TABLE two"));
    auto ws = load(m_project.path());
    ASSERT_TRUE(ws);
    const auto heads =
        expectedSchema(*ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_TRUE(heads.ok()) << heads.error().toString().toStdString();
    ASSERT_TRUE(heads->find(QStringLiteral("two")));
    EXPECT_EQ(heads->find(QStringLiteral("two"))->columns.at(0).name, QStringLiteral("y"));
    EXPECT_TRUE(heads->find(QStringLiteral("one")));
    const auto first =
        expectedSchema(*ws, {QStringLiteral("a1")}, QStringLiteral("sqlite"), m_opts);
    ASSERT_TRUE(first.ok()) << first.error().toString().toStdString();
    EXPECT_TRUE(first->find(QStringLiteral("one")));
    EXPECT_FALSE(first->find(QStringLiteral("two")));
    EXPECT_TRUE(entries(m_temp.path()).isEmpty());
}
