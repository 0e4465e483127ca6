// convertAlembicProject(): an Alembic project written as a native one, with the real alembic
// (skipped without it) for everything past the refusals.
#include "workflows/Convert.h"
#include "project/Workspace.h"
#include "workflows/AlembicSql.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;

namespace {

const char *const kEnvPy = R"PY(from alembic import context
config = context.config
context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
)PY";

void write(const QDir &dir, const QString &rel, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(dir.filePath(rel)).absolutePath());
    QFile f(dir.filePath(rel));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QByteArray revision(const char *id, const char *down, const char *table)
{
    return QByteArray("\"\"\"create ") + table + "\n\nRevision ID: " + id +
           "\nCreate Date: 2024-05-01 10:20:30.123456\n\"\"\"\nfrom alembic import op\n"
           "revision = '" +
           id + "'\ndown_revision = " + down + "\nbranch_labels = None\ndepends_on = None\n\n" +
           "def upgrade():\n    op.execute(\"CREATE TABLE " + table + " (id INTEGER)\")\n\n" +
           "def downgrade():\n    op.execute(\"DROP TABLE " + table + "\")\n";
}

// An Alembic project of two revisions in `dir`, with a SQLite environment.
std::unique_ptr<Workspace> alembicProject(const QDir &dir)
{
    write(
        dir, "alembic.ini",
        "[alembic]\nscript_location = %(here)s/mig\nsqlalchemy.url = sqlite:///%(here)s/app.db\n");
    write(dir, "mig/env.py", kEnvPy);
    write(dir, "mig/versions/a1_first.py", revision("a1", "None", "one"));
    write(dir, "mig/versions/b2_second.py", revision("b2", "'a1'", "two"));
    auto ws = Workspace::load(dir.path());
    EXPECT_TRUE(ws.ok()) << ws.error().toString().toStdString();
    EXPECT_TRUE((*ws)->problems().empty());
    return ws ? std::move(*ws) : nullptr;
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

TEST(Convert, RefusesANativeProjectAndAnOccupiedFolder)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(Project::init(tmp.path() + "/native", "n").ok());
    auto native = Workspace::load(tmp.path() + "/native");
    ASSERT_TRUE(native.ok());
    auto r = convertAlembicProject(**native, {tmp.path() + "/out", {}, {}});
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains("already a native Retort project"));

    auto ws = alembicProject(QDir(tmp.path() + "/alembic"));
    ASSERT_TRUE(ws);
    write(QDir(tmp.path()), "taken/versions/x.sql", "-- x\n");
    r = convertAlembicProject(*ws, {tmp.path() + "/taken", {}, {}});
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains("already holds a project"));
    r = convertAlembicProject(*ws, {tmp.path() + "/out", "/nonexistent/bin/alembic", {}});
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains("/nonexistent/bin/alembic"));
    EXPECT_FALSE(QFileInfo::exists(tmp.path() + "/out")) << "nothing written before alembic runs";
}

TEST(Convert, WritesOneScriptPerRevisionAndAProjectFile)
{
    auto alembic = findAlembic();
    if (!alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    QTemporaryDir tmp;
    auto ws = alembicProject(QDir(tmp.path() + "/alembic"));
    ASSERT_TRUE(ws);
    auto r = convertAlembicProject(*ws, {tmp.path() + "/out", {}, "postgresql"});
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->revisions, 2);
    EXPECT_EQ(r->outDir, QDir(tmp.path() + "/out").absolutePath());
    EXPECT_EQ(QDir(tmp.path() + "/out/versions").entryList(QDir::Files),
              (QStringList{"a1_first.sql", "b2_second.sql"}));
    const QString second = readAll(tmp.path() + "/out/versions/b2_second.sql");
    EXPECT_TRUE(second.startsWith("-- create two\n")) << second.toStdString();
    EXPECT_TRUE(second.contains("-- Revises: a1\n")) << second.toStdString();
    EXPECT_TRUE(second.contains("CREATE TABLE two (id INTEGER);")) << second.toStdString();
    EXPECT_TRUE(second.contains("DROP TABLE two;")) << second.toStdString();
    EXPECT_FALSE(second.contains("alembic_version")) << second.toStdString();
    const QString toml = readAll(tmp.path() + "/out/retort.toml");
    EXPECT_TRUE(toml.contains("scripts = \"versions\"")) << toml.toStdString();
    EXPECT_TRUE(toml.contains("driver = \"sqlite\"")) << toml.toStdString();

    // The result loads as a native project with the same graph.
    auto converted = Workspace::load(r->outDir);
    ASSERT_TRUE(converted.ok());
    EXPECT_FALSE((*converted)->project().isAlembic());
    EXPECT_EQ((*converted)->graph().ids((*converted)->graph().heads()), QStringList{"b2"});

    // A second conversion into the same folder is refused.
    auto again = convertAlembicProject(*ws, {r->outDir, {}, {}});
    ASSERT_FALSE(again.ok());
    EXPECT_TRUE(again.error().message.contains("already holds a project"));
}
