// retort-cli check --drift --accept REASON / --revert [--sql] [--force] on SQLite: an accepted
// drift exits 0 and says "accepted (REASON)" in check and status until the schema changes again;
// a protected environment needs --confirm; the revert prints its SQL and REVIEW notes, refuses
// them without --force and leaves no drift when it runs.
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

QString makeProject(const QTemporaryDir &dir, bool isProtected = false)
{
    const QString root = dir.path();
    QDir().mkpath(root + "/versions");
    writeFile(root + "/retort.toml",
              QByteArray("[project]\nname = \"d\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
                         "database = \"d.db\"\n") +
                  (isProtected ? "protected = true\n" : ""));
    writeFile(root + "/versions/aaaa00000001_shop.sql",
              "-- Shop\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\n"
              "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n"
              "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL "
              "REFERENCES customers(id), total NUMERIC(10,2) DEFAULT 0);\n"
              "CREATE INDEX ix_orders_customer ON orders (customer_id);\n\n"
              "-- migrate:downgrade\nDROP TABLE orders;\nDROP TABLE customers;\n");
    return root;
}

void execOn(const QString &file, const QStringList &statements)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "triage-by-hand");
        db.setDatabaseName(file);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        for (const QString &sql : statements)
            ASSERT_TRUE(q.exec(sql)) << sql.toStdString();
        db.close();
    }
    QSqlDatabase::removeDatabase("triage-by-hand");
}

QString lineOf(const QString &out, const QString &env)
{
    for (const QString &line : out.split('\n'))
        if (line.startsWith(env + " "))
            return line;
    return QString();
}

} // namespace

TEST(CliDriftTriage, AcceptedDriftExitsZeroUntilTheSchemaChangesAgain)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    execOn(root + "/d.db", {"ALTER TABLE customers ADD COLUMN nickname TEXT"});
    ASSERT_NE(cli(root, {"--env", "local", "check", "--drift"}).code, 0);

    const CliRun empty = cli(root, {"--env", "local", "check", "--drift", "--accept", " "});
    EXPECT_EQ(empty.code, 1);
    EXPECT_TRUE(empty.err.contains("needs a reason")) << empty.err.toStdString();
    const CliRun noDrift = cli(root, {"--env", "local", "check", "--accept", "x"});
    EXPECT_EQ(noDrift.code, 1);
    EXPECT_TRUE(noDrift.err.contains("check --drift")) << noDrift.err.toStdString();

    const CliRun accept =
        cli(root, {"--env", "local", "check", "--drift", "--accept", "nickname is for the CRM"});
    ASSERT_EQ(accept.code, 0) << accept.err.toStdString();
    EXPECT_TRUE(accept.out.contains("Accepted: local: 1 difference")) << accept.out.toStdString();
    EXPECT_TRUE(accept.out.contains("nickname is for the CRM")) << accept.out.toStdString();

    const CliRun later = cli(root, {"--env", "local", "check", "--drift"});
    EXPECT_EQ(later.code, 0) << later.err.toStdString();
    EXPECT_TRUE(later.out.contains("adds column `customers.nickname`")) << later.out.toStdString();
    EXPECT_TRUE(later.out.contains("drift accepted (nickname is for the CRM)"))
        << later.out.toStdString();
    EXPECT_TRUE(later.out.contains("accepted by ")) << later.out.toStdString();

    const CliRun status = cli(root, {"status", "--drift"});
    EXPECT_EQ(status.code, 0) << status.err.toStdString();
    EXPECT_TRUE(lineOf(status.out, "local").endsWith("accepted (nickname is for the CRM)"))
        << status.out.toStdString();
    const CliRun json = cli(root, {"--json", "status", "--drift"});
    const QJsonObject drift =
        QJsonDocument::fromJson(json.out.toUtf8()).array()[0].toObject()["drift"].toObject();
    EXPECT_EQ(drift["accepted"].toObject()["reason"].toString(), "nickname is for the CRM")
        << json.out.toStdString();

    // The audit trail lists the acceptance.
    const CliRun log = cli(root, {"--env", "local", "log"});
    EXPECT_TRUE(log.out.contains("accept-drift")) << log.out.toStdString();
    EXPECT_TRUE(log.out.contains("succeeded (0 ms) — nickname is for the CRM"))
        << log.out.toStdString();

    // Changed again: drift again.
    execOn(root + "/d.db", {"DROP INDEX ix_orders_customer"});
    const CliRun again = cli(root, {"--env", "local", "check", "--drift"});
    EXPECT_EQ(again.code, 1);
    EXPECT_TRUE(again.err.contains("2 difference(s)")) << again.err.toStdString();
    EXPECT_TRUE(lineOf(cli(root, {"status", "--drift"}).out, "local").endsWith("2 differences"));
}

TEST(CliDriftTriage, AcceptingOnAProtectedEnvironmentNeedsConfirmation)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, true);
    ASSERT_EQ(cli(root, {"upgrade", "heads", "--confirm", "local", "--no-backup",
                         "--override-preflight", "test"})
                  .code,
              0);
    execOn(root + "/d.db", {"ALTER TABLE customers ADD COLUMN nickname TEXT"});
    const CliRun refused = cli(root, {"--env", "local", "check", "--drift", "--accept", "ok"});
    EXPECT_EQ(refused.code, 1);
    EXPECT_TRUE(refused.err.contains("--confirm local")) << refused.err.toStdString();
    EXPECT_NE(cli(root, {"--env", "local", "check", "--drift"}).code, 0); // nothing written
    const CliRun wrong =
        cli(root, {"--env", "local", "check", "--drift", "--accept", "ok", "--confirm", "prod"});
    EXPECT_EQ(wrong.code, 1);
    const CliRun confirmed =
        cli(root, {"--env", "local", "check", "--drift", "--accept", "ok", "--confirm", "local"});
    EXPECT_EQ(confirmed.code, 0) << confirmed.err.toStdString();
    EXPECT_EQ(cli(root, {"--env", "local", "check", "--drift"}).code, 0);
}

TEST(CliDriftTriage, RevertPrintsItsSqlAndRunsIt)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    execOn(root + "/d.db",
           {"CREATE TABLE scratchpad (id INTEGER PRIMARY KEY)", "DROP INDEX ix_orders_customer"});

    const CliRun none = cli(root, {"--env", "local", "check", "--drift", "--sql"});
    EXPECT_EQ(none.code, 1);
    EXPECT_TRUE(none.err.contains("--revert")) << none.err.toStdString();

    const CliRun sql = cli(root, {"--env", "local", "check", "--drift", "--revert", "--sql"});
    ASSERT_EQ(sql.code, 0) << sql.err.toStdString();
    EXPECT_TRUE(sql.out.contains("-- Revert the schema drift of local (2 differences"))
        << sql.out.toStdString();
    EXPECT_TRUE(sql.out.contains("ix_orders_customer")) << sql.out.toStdString();
    EXPECT_NE(cli(root, {"--env", "local", "check", "--drift"}).code, 0); // --sql ran nothing

    // A dropped table loses data: REVIEW notes on stderr, refused without --force.
    const CliRun plain = cli(root, {"--env", "local", "check", "--drift", "--revert"});
    EXPECT_TRUE(sql.err.contains("REVIEW: ")) << sql.err.toStdString();
    EXPECT_TRUE(plain.err.contains("REVIEW: ")) << plain.err.toStdString();
    EXPECT_EQ(plain.code, 1);
    EXPECT_TRUE(plain.err.contains("--force")) << plain.err.toStdString();
    EXPECT_TRUE(plain.err.contains("nothing was run")) << plain.err.toStdString();
    EXPECT_NE(cli(root, {"--env", "local", "check", "--drift"}).code, 0);
    const CliRun forced = cli(root, {"--env", "local", "check", "--drift", "--revert", "--force"});
    ASSERT_EQ(forced.code, 0) << forced.out.toStdString() << forced.err.toStdString();
    EXPECT_TRUE(forced.out.contains("OK: local: drift reverted")) << forced.out.toStdString();
    EXPECT_TRUE(forced.out.contains("Running revert-drift aaaa00000001 -> aaaa00000001"))
        << forced.out.toStdString();
    EXPECT_EQ(cli(root, {"--env", "local", "check", "--drift"}).code, 0);
    const CliRun log = cli(root, {"--env", "local", "log"});
    EXPECT_TRUE(log.out.contains("revert-drift")) << log.out.toStdString();
    EXPECT_EQ(cli(root, {"--env", "local", "current"}).out.trimmed().left(12), "aaaa00000001");
}
