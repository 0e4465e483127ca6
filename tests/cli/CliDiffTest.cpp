// retort-cli diff A B on SQLite: environments and snapshot files (both forms) as sources, the
// exit codes (0 equal, 1 different, 2 error), --json; @REV replayed into a scratch SQLite file;
// check --drift.
#include "CliTestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
              "[project]\nname = \"d\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
              "database = \"d.db\"\n\n[environments.other]\ndriver = \"sqlite\"\n"
              "database = \"other.db\"\n");
    writeFile(root + "/versions/aaaa00000001_shop.sql",
              "-- Shop\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\n"
              "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n"
              "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL "
              "REFERENCES customers(id), total NUMERIC(10,2) DEFAULT 0 CHECK (total >= 0));\n"
              "CREATE INDEX ix_orders_customer ON orders (customer_id);\n"
              "CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;\n\n"
              "-- migrate:downgrade\nDROP VIEW big_orders;\nDROP TABLE orders;\n"
              "DROP TABLE customers;\n");
    return root;
}

} // namespace

TEST(CliDiff, EqualSchemasExitZeroAndDifferencesExitOne)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    ASSERT_EQ(cli(root, {"--env", "other", "upgrade", "heads"}).code, 0);

    // Two environments built by the same migrations (each with its own version rows).
    const CliRun same = cli(root, {"diff", "local", "other"});
    EXPECT_EQ(same.code, 0) << same.out.toStdString() << same.err.toStdString();
    EXPECT_EQ(same.out, "No differences.\n");

    // Both file forms read back to the same schema as the live one.
    const CliRun snap = cli(root, {"--json", "schema", "--snapshot"});
    ASSERT_EQ(snap.code, 0) << snap.err.toStdString();
    EXPECT_TRUE(QJsonDocument::fromJson(snap.out.toUtf8()).object().contains("sequences"));
    writeFile(root + "/snap.json", snap.out.toUtf8());
    const CliRun array = cli(root, {"--json", "schema", "--detail"});
    ASSERT_TRUE(QJsonDocument::fromJson(array.out.toUtf8()).isArray());
    writeFile(root + "/array.json", array.out.toUtf8());
    EXPECT_EQ(cli(root, {"diff", root + "/snap.json", "local"}).code, 0);
    const CliRun forms = cli(root, {"diff", root + "/array.json", root + "/snap.json"});
    EXPECT_EQ(forms.code, 0) << forms.out.toStdString() << forms.err.toStdString();
    // Two files need no project.
    const CliRun files = cli({}, {"diff", root + "/array.json", root + "/snap.json"});
    EXPECT_EQ(files.code, 0) << files.err.toStdString();

    // A change made by hand on one environment.
    writeFile(root + "/versions/bbbb00000002_note.sql",
              "-- Note\n--\n-- Revision ID: bbbb00000002\n-- Revises: aaaa00000001\n\n"
              "-- migrate:upgrade\nALTER TABLE orders ADD COLUMN note TEXT;\n"
              "DROP INDEX ix_orders_customer;\n\n-- migrate:downgrade\n"
              "ALTER TABLE orders DROP COLUMN note;\n");
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    const CliRun text = cli(root, {"diff", root + "/snap.json", "local"});
    EXPECT_EQ(text.code, 1) << text.err.toStdString();
    EXPECT_TRUE(text.out.contains("main.orders:\n")) << text.out.toStdString();
    EXPECT_TRUE(text.out.contains("adds column `orders.note` TEXT")) << text.out.toStdString();
    EXPECT_TRUE(text.out.contains("drops index `orders.ix_orders_customer`"))
        << text.out.toStdString();
    EXPECT_TRUE(text.out.contains("2 differences.")) << text.out.toStdString();

    const CliRun json = cli(root, {"--json", "diff", root + "/snap.json", "local"});
    EXPECT_EQ(json.code, 1);
    const QJsonArray changes = QJsonDocument::fromJson(json.out.toUtf8()).array();
    ASSERT_EQ(changes.size(), 2) << json.out.toStdString();
    EXPECT_EQ(changes[0]["change"].toString(), "added");
    EXPECT_EQ(changes[0]["object_kind"].toString(), "column");
    EXPECT_EQ(changes[0]["name"].toString(), "note");
    EXPECT_EQ(changes[1]["change"].toString(), "removed");
    EXPECT_EQ(changes[1]["object_kind"].toString(), "index");
}

TEST(CliDiff, ErrorsExitTwoAndSayWhy)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);

    const CliRun missing = cli(root, {"diff", "local", root + "/nothing.json"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_TRUE(missing.err.contains("nothing.json: no such snapshot file"))
        << missing.err.toStdString();

    writeFile(root + "/bad.json", "[{\"name\": \"t\", \"columns\": [{\"name\": \"a\"}]}]");
    const CliRun bad = cli(root, {"diff", root + "/bad.json", "local"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_TRUE(bad.err.contains("bad.json: relations[0].columns[0].type: expected a "
                                 "non-empty string"))
        << bad.err.toStdString();

    const CliRun replay = cli(root, {"diff", "@nope", "local"});
    EXPECT_EQ(replay.code, 2);
    EXPECT_TRUE(replay.err.contains("nope")) << replay.err.toStdString();

    const CliRun unknown = cli(root, {"diff", "local", "staging"});
    EXPECT_EQ(unknown.code, 2);
    EXPECT_TRUE(unknown.err.contains("'staging' is neither an environment nor a snapshot file"))
        << unknown.err.toStdString();

    const CliRun one = cli(root, {"diff", "local"});
    EXPECT_EQ(one.code, 2);
}

// @REV: the schema the revisions produce, replayed; the same as a database upgraded to them,
// and different from one changed by hand — which check --drift reports, naming the change.
TEST(CliDiff, ReplayedRevisionsAndDrift)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);

    const CliRun same = cli(root, {"diff", "@heads", "local"});
    EXPECT_EQ(same.code, 0) << same.out.toStdString() << same.err.toStdString();
    const CliRun none = cli(root, {"diff", "@base", "@heads"});
    EXPECT_EQ(none.code, 1) << none.err.toStdString();
    EXPECT_TRUE(none.out.contains("adds table `customers`")) << none.out.toStdString();

    const CliRun clean = cli(root, {"--env", "local", "check", "--drift"});
    EXPECT_EQ(clean.code, 0) << clean.err.toStdString();
    EXPECT_TRUE(clean.out.contains("OK: local: the schema is what its revisions"))
        << clean.out.toStdString();

    // A column added and an index dropped by hand, outside any migration.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "drift");
        db.setDatabaseName(root + "/d.db");
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec("ALTER TABLE customers ADD COLUMN nickname TEXT"));
        ASSERT_TRUE(q.exec("DROP INDEX ix_orders_customer"));
        db.close();
    }
    QSqlDatabase::removeDatabase("drift");
    const CliRun drifted = cli(root, {"--env", "local", "check", "--drift"});
    EXPECT_NE(drifted.code, 0);
    EXPECT_TRUE(drifted.out.contains("adds column `customers.nickname` TEXT"))
        << drifted.out.toStdString();
    EXPECT_TRUE(drifted.out.contains("drops index `orders.ix_orders_customer`"))
        << drifted.out.toStdString();
    EXPECT_TRUE(drifted.err.contains("local: the schema drifted")) << drifted.err.toStdString();
    EXPECT_TRUE(drifted.err.contains("2 difference(s)")) << drifted.err.toStdString();

    const CliRun needsEnv = cli(root, {"check", "--drift"});
    EXPECT_NE(needsEnv.code, 0);
    EXPECT_TRUE(needsEnv.err.contains("check --drift needs --env")) << needsEnv.err.toStdString();
}

// status --drift: a DRIFT column (and a "drift" object in --json) per environment: "none" for a
// database its revisions explain, "1 difference" after a change by hand, and why it could not be
// checked for one that cannot be read.
TEST(CliDiff, StatusDriftColumn)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"--env", "local", "upgrade", "heads"}).code, 0);

    const CliRun plain = cli(root, {"status"});
    EXPECT_FALSE(plain.out.contains("DRIFT")) << plain.out.toStdString();

    auto lineOf = [](const QString &out, const QString &env) {
        for (const QString &line : out.split('\n'))
            if (line.startsWith(env + " "))
                return line;
        return QString();
    };
    const CliRun clean = cli(root, {"status", "--drift"});
    EXPECT_TRUE(clean.out.contains("DRIFT")) << clean.out.toStdString();
    EXPECT_TRUE(lineOf(clean.out, "local").endsWith("none")) << clean.out.toStdString();
    // other.db does not exist: its drift cannot be checked, and the cell says so.
    EXPECT_TRUE(lineOf(clean.out, "other").endsWith("no database")) << clean.out.toStdString();

    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "statusdrift");
        db.setDatabaseName(root + "/d.db");
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec("ALTER TABLE customers ADD COLUMN nickname TEXT"));
        db.close();
    }
    QSqlDatabase::removeDatabase("statusdrift");
    const CliRun drifted = cli(root, {"status", "--drift"});
    EXPECT_TRUE(lineOf(drifted.out, "local").endsWith("1 difference")) << drifted.out.toStdString();

    const CliRun json = cli(root, {"--json", "status", "--drift"});
    const QJsonArray envs = QJsonDocument::fromJson(json.out.toUtf8()).array();
    ASSERT_EQ(envs.size(), 2) << json.out.toStdString();
    for (const QJsonValue &v : envs) {
        const QJsonObject drift = v.toObject()["drift"].toObject();
        if (v.toObject()["environment"].toString() == "local") {
            EXPECT_EQ(drift["differences"].toInt(), 1) << json.out.toStdString();
            EXPECT_TRUE(
                drift["changes"].toArray()[0].toObject()["summary"].toString().contains("nickname"))
                << json.out.toStdString();
        } else {
            EXPECT_TRUE(drift["differences"].isNull());
            EXPECT_EQ(drift["unchecked"].toString(), "no database");
            EXPECT_FALSE(drift["error"].toString().isEmpty());
        }
    }
}
