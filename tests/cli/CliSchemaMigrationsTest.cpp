// retort-cli schema NAME --migrations: the revisions that touched an object, newest first, read
// from the scripts without connecting (the environment's server does not exist here).
#include "CliTestSupport.h"

#include "workflows/AlembicSql.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace clitest;

namespace {

void write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
}

// A PostgreSQL environment on a port where nothing listens, so any connection attempt fails:
// the command must not need one. Three revisions: create, index, rename.
QString makeProject(const QTemporaryDir &dir)
{
    const QString root = dir.path();
    QDir().mkpath(root + "/versions");
    write(root + "/retort.toml",
          "[project]\nname = \"m\"\n\n[environments.prod]\ndriver = \"postgresql\"\n"
          "host = \"127.0.0.1\"\nport = 1\ndatabase = \"m\"\nuser = \"m\"\n\n"
          "[environments.local]\ndriver = \"sqlite\"\ndatabase = \"m.db\"\n");
    write(root + "/versions/aaaa00000001_people.sql",
          "-- People\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\n"
          "CREATE TABLE People (id INTEGER PRIMARY KEY, name TEXT);\n"
          "INSERT INTO People (name) VALUES ('DROP TABLE People');\n\n"
          "-- migrate:downgrade\nDROP TABLE People;\n");
    write(root + "/versions/aaaa00000002_index.sql",
          "-- Index names\n--\n-- Revision ID: aaaa00000002\n-- Revises: aaaa00000001\n\n"
          "-- migrate:upgrade\nCREATE INDEX ix_people_name ON People (name);\n\n"
          "-- migrate:downgrade\nDROP INDEX ix_people_name;\n");
    write(root + "/versions/aaaa00000003_rename.sql",
          "-- Rename people\n--\n-- Revision ID: aaaa00000003\n-- Revises: aaaa00000002\n\n"
          "-- migrate:upgrade\nALTER TABLE People RENAME TO persons;\n\n"
          "-- migrate:downgrade\nALTER TABLE persons RENAME TO People;\n");
    return root;
}

} // namespace

TEST(CliSchemaMigrations, ListsTheRevisionsNewestFirstWithoutConnecting)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    const CliRun r = cli(root, {"--env", "prod", "schema", "persons", "--migrations"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString() << r.out.toStdString();
    const QStringList lines = r.out.split('\n');
    ASSERT_GE(lines.size(), 6) << r.out.toStdString();
    EXPECT_EQ(lines[0], "Migrations that touched \"persons\", newest first");
    EXPECT_TRUE(lines[1].contains("Revision") && lines[1].contains("Statement"));
    // Newest first; the rename followed back to People's creation (PostgreSQL folds it).
    EXPECT_TRUE(lines[3].startsWith(" aaaa00000003 | rename | table | people -> persons | "
                                    "versions/aaaa00000003_rename.sql:7 | ALTER TABLE People "
                                    "RENAME TO persons"))
        << r.out.toStdString();
    EXPECT_TRUE(lines[4].startsWith(" aaaa00000002 | create | index | ix_people_name"))
        << r.out.toStdString();
    EXPECT_TRUE(lines[5].startsWith(" aaaa00000001 | create | table | people "))
        << r.out.toStdString();
    EXPECT_TRUE(lines[5].contains("versions/aaaa00000001_people.sql:7")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("(3 rows)")) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains("DROP TABLE")); // a string in an INSERT never counts
}

TEST(CliSchemaMigrations, PrintsJson)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    const CliRun r =
        cli(root, {"--env", "prod", "--json", "schema", "ix_people_name", "--migrations"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 1) << r.out.toStdString();
    const QJsonObject o = arr[0].toObject();
    EXPECT_EQ(o["revision"].toString(), "aaaa00000002");
    EXPECT_EQ(o["message"].toString(), "Index names");
    EXPECT_EQ(o["action"].toString(), "create");
    EXPECT_EQ(o["kind"].toString(), "index");
    EXPECT_EQ(o["object"].toString(), "ix_people_name");
    EXPECT_TRUE(o["renamed_to"].isNull());
    EXPECT_EQ(o["line"].toInt(), 7);
    EXPECT_TRUE(o["file"].toString().endsWith("versions/aaaa00000002_index.sql"));
    EXPECT_EQ(o["statement"].toString(), "CREATE INDEX ix_people_name ON People (name)");
}

TEST(CliSchemaMigrations, NamesFollowTheEnvironmentsDriver)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    // PostgreSQL stored People as people: a quoted "People" is another name.
    const CliRun quoted = cli(root, {"--env", "prod", "schema", "\"People\"", "--migrations"});
    EXPECT_EQ(quoted.code, 1);
    EXPECT_TRUE(quoted.err.contains("no migration touches \"People\" (\"People\" as PostgreSQL "
                                    "stores it)"))
        << quoted.err.toStdString();
    EXPECT_TRUE(quoted.err.contains("did you mean: people")) << quoted.err.toStdString();
    // SQLite keeps People and matches names ignoring case; the schema prefix is accepted.
    const CliRun sqlite = cli(root, {"--env", "local", "schema", "main.PEOPLE", "--migrations"});
    ASSERT_EQ(sqlite.code, 0) << sqlite.err.toStdString();
    EXPECT_TRUE(sqlite.out.contains("| People -> persons |")) << sqlite.out.toStdString();
    EXPECT_TRUE(sqlite.out.contains("| create | table | People ")) << sqlite.out.toStdString();
    EXPECT_TRUE(sqlite.out.contains("(3 rows)")) << sqlite.out.toStdString();
}

TEST(CliSchemaMigrations, AnUntouchedNameIsAnErrorWithCloseMatches)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    const CliRun r = cli(root, {"--env", "prod", "schema", "person", "--migrations"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("did you mean: persons")) << r.err.toStdString();
    const CliRun none = cli(root, {"--env", "prod", "schema", "--migrations"});
    EXPECT_EQ(none.code, 1);
    EXPECT_TRUE(none.err.contains("takes one NAME")) << none.err.toStdString();
}

// An Alembic project whose table name is a module constant: the op.* calls cannot say which
// table it is, the SQL alembic renders can. Without a usable alembic the command says so and
// reads the calls.
TEST(CliSchemaMigrations, AlembicRevisionsAreReadFromTheSqlAlembicRenders)
{
    auto alembic = retort::findAlembic();
    if (!alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    QTemporaryDir dir;
    const QString root = dir.path();
    QDir().mkpath(root + "/mig/versions");
    write(root + "/alembic.ini", "[alembic]\nscript_location = %(here)s/mig\n"
                                 "sqlalchemy.url = sqlite:///%(here)s/a.db\n");
    write(root + "/mig/env.py",
          "from alembic import context\nconfig = context.config\n"
          "context.configure(url=config.get_main_option('sqlalchemy.url'), "
          "target_metadata=None, literal_binds=True)\n"
          "with context.begin_transaction():\n    context.run_migrations()\n");
    write(root + "/mig/versions/b1_ledger.py",
          "\"\"\"ledger\n\nRevision ID: b1\n\"\"\"\nfrom alembic import op\n"
          "import sqlalchemy as sa\n\nrevision = 'b1'\ndown_revision = None\n"
          "branch_labels = None\ndepends_on = None\n\nTABLE = 'ledger'\n\n\n"
          "def upgrade():\n    op.create_table(TABLE, sa.Column('id', sa.Integer()))\n\n\n"
          "def downgrade():\n    op.drop_table(TABLE)\n");

    const CliRun rendered = cli(root, {"schema", "ledger", "--migrations"});
    EXPECT_EQ(rendered.code, 0) << rendered.err.toStdString();
    EXPECT_TRUE(rendered.out.contains("b1")) << rendered.out.toStdString();
    EXPECT_TRUE(rendered.out.contains("create")) << rendered.out.toStdString();

    const CliRun calls =
        cli(root, {"schema", "ledger", "--migrations", "--alembic", root + "/no-such-alembic"});
    EXPECT_EQ(calls.code, 1) << calls.out.toStdString();
    EXPECT_TRUE(calls.err.contains("op.* calls instead")) << calls.err.toStdString();
}
