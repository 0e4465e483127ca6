// retort-cli schema on a SQLite environment: the relations as psql's \dt+ lists them, one as
// \d+ describes it, --json, --ddl, and a close match for an unknown name.
#include "CliTestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace clitest;

namespace {

// A project whose one migration creates two related tables, an index, a check and a view.
QString makeProject(const QTemporaryDir &dir)
{
    const QString root = dir.path();
    QDir().mkpath(root + "/versions");
    QFile toml(root + "/retort.toml");
    EXPECT_TRUE(toml.open(QIODevice::WriteOnly));
    toml.write("[project]\nname = \"s\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
               "database = \"s.db\"\n");
    toml.close();
    QFile script(root + "/versions/aaaa00000001_shop.sql");
    EXPECT_TRUE(script.open(QIODevice::WriteOnly));
    script.write("-- Shop\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\n"
                 "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n"
                 "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL "
                 "REFERENCES customers(id) ON DELETE CASCADE, total NUMERIC(10,2) DEFAULT 0 "
                 "CHECK (total >= 0));\n"
                 "CREATE INDEX ix_orders_customer ON orders (customer_id);\n"
                 "CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;\n\n"
                 "-- migrate:downgrade\nDROP VIEW big_orders;\nDROP TABLE orders;\n"
                 "DROP TABLE customers;\n");
    script.close();
    return root;
}

TEST(CliSchema, ListsDescribesAndPrintsJsonAndDdl)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);

    const CliRun list = cli(root, {"schema"});
    ASSERT_EQ(list.code, 0) << list.err.toStdString();
    EXPECT_TRUE(list.out.contains("List of relations")) << list.out.toStdString();
    EXPECT_TRUE(list.out.contains(" main   | orders ")) << list.out.toStdString();
    EXPECT_TRUE(list.out.contains("| big_orders ")) << list.out.toStdString();
    EXPECT_TRUE(list.out.contains(" view ")) << list.out.toStdString();

    const CliRun one = cli(root, {"schema", "orders"});
    ASSERT_EQ(one.code, 0) << one.err.toStdString();
    EXPECT_TRUE(one.out.contains("Table \"main.orders\"")) << one.out.toStdString();
    EXPECT_TRUE(one.out.contains("| NUMERIC(10,2) |")) << one.out.toStdString();
    EXPECT_TRUE(one.out.contains("| not null |")) << one.out.toStdString();
    // The rowid primary key has no index of its own: it is shown first, as psql shows a pkey.
    EXPECT_TRUE(
        one.out.contains("Indexes:\n    PRIMARY KEY (id)\n    \"ix_orders_customer\" CREATE INDEX"))
        << one.out.toStdString();
    EXPECT_TRUE(one.out.contains("Check constraints:\n    CHECK (total >= 0)\n"));
    EXPECT_TRUE(one.out.contains("Foreign-key constraints:\n    FOREIGN KEY (customer_id) "
                                 "REFERENCES customers(id) ON DELETE CASCADE\n"))
        << one.out.toStdString();
    const CliRun referenced = cli(root, {"schema", "customers"});
    EXPECT_TRUE(referenced.out.contains("Referenced by:\n    TABLE \"orders\" FOREIGN KEY "
                                        "(customer_id)"))
        << referenced.out.toStdString();

    const CliRun json = cli(root, {"--json", "schema", "--detail"});
    ASSERT_EQ(json.code, 0);
    const QJsonArray all = QJsonDocument::fromJson(json.out.toUtf8()).array();
    QJsonObject orders;
    for (const QJsonValue &v : all)
        if (v.toObject()["name"].toString() == "orders")
            orders = v.toObject();
    ASSERT_FALSE(orders.isEmpty()) << json.out.toStdString();
    EXPECT_EQ(orders["kind"].toString(), "table");
    const QJsonArray columns = orders["columns"].toArray();
    ASSERT_EQ(columns.size(), 3);
    EXPECT_EQ(columns[2].toObject()["type"].toString(), "NUMERIC(10,2)");
    EXPECT_EQ(columns[2].toObject()["default"].toString(), "0");
    EXPECT_FALSE(columns[1].toObject()["nullable"].toBool());
    const QJsonArray keys = orders["foreign_keys"].toArray();
    ASSERT_EQ(keys.size(), 1);
    EXPECT_EQ(keys[0].toObject()["ref_table"].toString(), "customers");
    EXPECT_EQ(keys[0].toObject()["on_delete"].toString(), "CASCADE");
    // Without --detail, the list form has no detail arrays.
    const QJsonArray brief =
        QJsonDocument::fromJson(cli(root, {"--json", "schema"}).out.toUtf8()).array();
    ASSERT_FALSE(brief.isEmpty());
    EXPECT_FALSE(brief[0].toObject().contains("columns"));

    const CliRun ddl = cli(root, {"schema", "--ddl", "big_orders"});
    EXPECT_EQ(ddl.out, "CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;\n");
}

TEST(CliSchema, AnUnknownNameListsCloseMatchesAndAMissingDatabaseSaysWhich)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    const CliRun missing = cli(root, {"schema"});
    EXPECT_NE(missing.code, 0);
    EXPECT_TRUE(missing.err.contains("s.db does not exist")) << missing.err.toStdString();
    EXPECT_FALSE(QFile::exists(root + "/s.db")); // inspecting never creates it

    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    const CliRun unknown = cli(root, {"schema", "order"});
    EXPECT_NE(unknown.code, 0);
    EXPECT_TRUE(unknown.err.contains("no relation named \"order\"; did you mean: main.orders"))
        << unknown.err.toStdString();
}

} // namespace
