// retort-cli revision --autogenerate on SQLite: a schema changed by hand becomes a revision whose
// upgrade gives another database that schema and whose downgrade takes it back; --from A --to B,
// --rename, and the errors (no message, no difference, an unknown rename, an Alembic-only
// option mix).
#include "AlembicModelsProject.h"
#include "CliTestSupport.h"

#include "workflows/AlembicSql.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace clitest;

namespace {

void writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QString makeProject(const QTemporaryDir &dir)
{
    const QString root = dir.path();
    QDir().mkpath(root + "/versions");
    writeFile(root + "/retort.toml",
              "[project]\nname = \"g\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
              "database = \"local.db\"\n\n[environments.fresh]\ndriver = \"sqlite\"\n"
              "database = \"fresh.db\"\n");
    writeFile(root + "/versions/aaaa00000001_shop.sql",
              "-- Shop\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\n"
              "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, "
              "nick TEXT);\n"
              "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL "
              "REFERENCES customers(id), total NUMERIC(10,2) DEFAULT 0);\n"
              "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;\n\n"
              "-- migrate:downgrade\nDROP VIEW big_orders;\nDROP TABLE orders;\n"
              "DROP TABLE customers;\n");
    return root;
}

void exec(const QString &file, const QStringList &statements)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "autogen-edit");
        db.setDatabaseName(file);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        for (const QString &s : statements)
            ASSERT_TRUE(q.exec(s)) << s.toStdString();
    }
    QSqlDatabase::removeDatabase("autogen-edit");
}

QStringList scripts(const QString &root)
{
    return QDir(root + "/versions").entryList({"*.sql"}, QDir::Files, QDir::Name);
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

TEST(CliAutogenerate, AHandChangeBecomesARevisionThatRoundTrips)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    // Changed by hand, as a GUI tool would: a column, an index, a table, a column type.
    exec(root + "/local.db",
         {"ALTER TABLE customers ADD COLUMN phone TEXT",
          "CREATE INDEX ix_customers_phone ON customers (phone)",
          "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
          "DROP VIEW big_orders",
          "CREATE TABLE orders2 (id INTEGER PRIMARY KEY, customer_id "
          "INTEGER NOT NULL REFERENCES customers(id), total NUMERIC(12,2) DEFAULT 0)",
          "DROP TABLE orders", "ALTER TABLE orders2 RENAME TO orders",
          "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100"});
    const CliRun drift = cli(root, {"--env", "local", "check", "--drift"});
    ASSERT_EQ(drift.code, 1) << drift.out.toStdString();

    const CliRun gen = cli(root, {"revision", "--autogenerate", "--from", "local", "-m",
                                  "phone and tags", "--rev-id", "bbbb00000002"});
    ASSERT_EQ(gen.code, 0) << gen.out.toStdString() << gen.err.toStdString();
    EXPECT_TRUE(gen.out.contains("adds column `customers.phone`")) << gen.out.toStdString();
    EXPECT_TRUE(gen.out.contains("Generating")) << gen.out.toStdString();
    ASSERT_EQ(scripts(root).size(), 2);
    const QString text = readAll(root + "/versions/" + scripts(root).last());
    EXPECT_TRUE(text.contains("-- Revises: aaaa00000001")) << text.toStdString();
    EXPECT_TRUE(text.contains("ALTER TABLE customers ADD COLUMN phone TEXT;"))
        << text.toStdString();
    EXPECT_TRUE(text.contains("turns the schema of @heads into that of local"));

    // The local database is now what the heads produce: stamp it, and no drift remains.
    ASSERT_EQ(cli(root, {"stamp", "heads"}).code, 0);
    const CliRun none = cli(root, {"--env", "local", "check", "--drift"});
    EXPECT_EQ(none.code, 0) << none.out.toStdString() << none.err.toStdString();

    // Another database upgraded through the new revision gets exactly local's schema, and its
    // downgrade gives back the first revision's.
    ASSERT_EQ(cli(root, {"--env", "fresh", "upgrade", "aaaa00000001"}).code, 0);
    const CliRun before = cli(root, {"--env", "fresh", "--json", "schema", "--snapshot"});
    writeFile(root + "/before.json", before.out.toUtf8());
    const CliRun up = cli(root, {"--env", "fresh", "upgrade", "heads"});
    ASSERT_EQ(up.code, 0) << up.out.toStdString() << up.err.toStdString();
    const CliRun same = cli(root, {"diff", "fresh", "local"});
    EXPECT_EQ(same.code, 0) << same.out.toStdString() << same.err.toStdString();
    const CliRun down = cli(root, {"--env", "fresh", "downgrade", "-1"});
    ASSERT_EQ(down.code, 0) << down.out.toStdString() << down.err.toStdString();
    const CliRun back = cli(root, {"diff", root + "/before.json", "fresh"});
    EXPECT_EQ(back.code, 0) << back.out.toStdString() << back.err.toStdString();
}

TEST(CliAutogenerate, FromAndToFilesWithAConfirmedRename)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    const CliRun a = cli(root, {"--json", "schema", "--snapshot"});
    writeFile(root + "/a.json", a.out.toUtf8());
    exec(root + "/local.db", {"ALTER TABLE customers RENAME COLUMN nick TO nickname"});
    const CliRun b = cli(root, {"--json", "schema", "--snapshot"});
    writeFile(root + "/b.json", b.out.toUtf8());

    // Not confirmed: a drop and an add, with a REVIEW note saying how to rename instead.
    const CliRun guessed =
        cli(root, {"revision", "--autogenerate", "--from", root + "/a.json", "--to",
                   root + "/b.json", "-m", "guess", "--rev-id", "cccc00000003"});
    ASSERT_EQ(guessed.code, 0) << guessed.err.toStdString();
    EXPECT_TRUE(guessed.err.contains("may be a rename")) << guessed.err.toStdString();
    QString text = readAll(root + "/versions/cccc00000003_guess.sql");
    EXPECT_TRUE(text.contains("-- REVIEW: customers.nick → customers.nickname may be a rename"))
        << text.toStdString();
    QFile::remove(root + "/versions/cccc00000003_guess.sql");

    const CliRun wrong =
        cli(root, {"revision", "--autogenerate", "--from", root + "/a.json", "--to",
                   root + "/b.json", "-m", "x", "--rename", "customers.email=mail"});
    EXPECT_EQ(wrong.code, 1);
    EXPECT_TRUE(wrong.err.contains("possible: customers.nick=nickname")) << wrong.err.toStdString();

    const CliRun renamed = cli(root, {"revision", "--autogenerate", "--from", root + "/a.json",
                                      "--to", root + "/b.json", "-m", "rename", "--rev-id",
                                      "dddd00000004", "--rename", "customers.nick=nickname"});
    ASSERT_EQ(renamed.code, 0) << renamed.err.toStdString();
    text = readAll(root + "/versions/dddd00000004_rename.sql");
    EXPECT_TRUE(text.contains("ALTER TABLE customers RENAME COLUMN nick TO nickname;"))
        << text.toStdString();
    EXPECT_TRUE(text.contains("ALTER TABLE customers RENAME COLUMN nickname TO nick;"))
        << text.toStdString();
    EXPECT_FALSE(text.contains("REVIEW")) << text.toStdString();
}

TEST(CliAutogenerate, NothingToWriteAndMistakesAreSaidPlainly)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    const CliRun same = cli(root, {"revision", "--autogenerate", "--from", "local", "-m", "x"});
    EXPECT_EQ(same.code, 0) << same.err.toStdString();
    EXPECT_TRUE(same.out.contains("No differences")) << same.out.toStdString();
    EXPECT_EQ(scripts(root).size(), 1);

    const CliRun toOnly = cli(root, {"revision", "--autogenerate", "--to", "local", "-m", "x"});
    EXPECT_EQ(toOnly.code, 1);
    EXPECT_TRUE(toOnly.err.contains("--to needs --from")) << toOnly.err.toStdString();

    const CliRun unknown =
        cli(root, {"revision", "--autogenerate", "--from", "nowhere", "-m", "x"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_TRUE(unknown.err.contains("'nowhere' is neither an environment nor a snapshot file"))
        << unknown.err.toStdString();

    const CliRun plain = cli(root, {"revision", "--from", "local", "-m", "x"});
    EXPECT_EQ(plain.code, 1);
    EXPECT_TRUE(plain.err.contains("go with --autogenerate")) << plain.err.toStdString();
}

// An Alembic project keeps its own autogenerate: Retort runs the project's alembic against the
// environment, leaves out what alembic proposes for Retort's audit table, replays the result,
// and lists what alembic missed of a change made by hand (here a server default).
TEST(CliAutogenerate, AlembicProjectsRunTheirOwnAutogenerate)
{
    auto alembic = retort::findAlembic();
    if (!alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    QTemporaryDir dir;
    const QString root = dir.path();
    ASSERT_TRUE(testsupport::writeAlembicModelsProject(
        root, "Table('ledger', metadata, Column('id', Integer, primary_key=True), "
              "Column('memo', Text))\n"
              "Table('notes', metadata, Column('id', Integer, "
              "primary_key=True), Column('body', String(200), "
              "nullable=False))\n"));
    const CliRun up = cli(root, {"upgrade", "heads"});
    ASSERT_EQ(up.code, 0) << up.err.toStdString();
    // By hand: the memo column the models declare, with a server default they do not.
    exec(root + "/a.db", {"ALTER TABLE ledger ADD COLUMN memo TEXT DEFAULT 'none'"});

    const CliRun gen = cli(root, {"revision", "--autogenerate", "-m", "notes", "--rev-id", "b2"});
    ASSERT_EQ(gen.code, 0) << gen.out.toStdString() << gen.err.toStdString();
    EXPECT_TRUE(gen.out.contains("Left out 2 operations")) << gen.out.toStdString();
    EXPECT_TRUE(gen.out.contains("adds table `notes`")) << gen.out.toStdString();
    EXPECT_TRUE(gen.err.contains("was changed by hand")) << gen.err.toStdString();
    EXPECT_TRUE(gen.err.contains("adds column `ledger.memo`")) << gen.err.toStdString();
    const QString text = readAll(root + "/mig/versions/b2_notes.py");
    EXPECT_TRUE(text.contains("op.create_table('notes'")) << text.toStdString();
    EXPECT_FALSE(text.contains("retort_history")) << text.toStdString();

    // The revision it wrote applies.
    const CliRun apply = cli(root, {"upgrade", "heads"});
    EXPECT_EQ(apply.code, 0) << apply.out.toStdString() << apply.err.toStdString();

    const CliRun mixed = cli(root, {"revision", "--autogenerate", "-m", "x", "--from", "alembic"});
    EXPECT_EQ(mixed.code, 1);
    EXPECT_TRUE(mixed.err.contains("no --from, --to or --rename")) << mixed.err.toStdString();
}
