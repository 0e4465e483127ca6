// previewRows on the real servers: a schema and a table whose names need quotes, NULL apart from
// an empty string, blobs as hex, "more" past the limit, and (PostgreSQL) a session that cannot
// write — a view calling nextval() fails in the preview's read-only transaction.

#include "PostgresMariaDbSupport.h"

#include "db/Dialect.h"
#include "workflows/DataPreview.h"

#include <gtest/gtest.h>

namespace retort::test {
namespace {

class DataPreviewServer : public ::testing::TestWithParam<Server> {
protected:
    AppScope m_app;
};

TEST_P(DataPreviewServer, ReadsQuotedNamesNullsAndBlobs)
{
    ServerDb db(GetParam());
    ASSERT_TRUE(db.ok());
    const bool pg = GetParam() == Server::Postgres;
    const Dialect d = pg ? Dialect::postgresql() : Dialect::mysql();
    const QString table = "Odd \"Name\" t";
    // PostgreSQL: a schema of its own, with a space; MariaDB: the database is the schema.
    const QString schema = pg ? "My Schema" : db.name();
    const QString qualified = d.quoteIdentifier(schema) + "." + d.quoteIdentifier(table);
    if (pg) {
        ASSERT_EQ(db.exec("CREATE SCHEMA \"My Schema\""), "");
    }
    ASSERT_EQ(db.exec(QString("CREATE TABLE %1 (id int PRIMARY KEY, %2 varchar(20), photo %3)")
                          .arg(qualified, d.quoteIdentifier("first name"), pg ? "bytea" : "blob")),
              "");
    ASSERT_EQ(db.exec(QString("INSERT INTO %1 VALUES (1, 'Ann', %2), (2, NULL, NULL), (3, '', "
                              "NULL)")
                          .arg(qualified, pg ? "'\\x00ff10'::bytea" : "x'00ff10'")),
              "");

    auto preview = previewRows(db.env(), db.secrets(), schema, table);
    ASSERT_TRUE(preview) << preview.error().toString().toStdString();
    EXPECT_EQ(preview->columns, (QStringList{"id", "first name", "photo"}));
    ASSERT_EQ(preview->rows.size(), 3u);
    EXPECT_FALSE(preview->more);
    // The server's order is not promised without ORDER BY: find the rows by id.
    std::map<QString, const std::vector<PreviewCell> *> byId;
    for (const auto &row : preview->rows)
        byId[row[0].text] = &row;
    ASSERT_EQ(byId.size(), 3u);
    EXPECT_EQ((*byId["1"])[1].text, "Ann");
    EXPECT_EQ((*byId["1"])[2].kind, PreviewCell::Kind::Binary);
    EXPECT_EQ((*byId["1"])[2].text, "0x00ff10");
    EXPECT_EQ((*byId["1"])[2].bytes, 3);
    EXPECT_TRUE((*byId["2"])[1].isNull());
    EXPECT_TRUE((*byId["2"])[2].isNull());
    EXPECT_FALSE((*byId["3"])[1].isNull());
    EXPECT_EQ((*byId["3"])[1].text, "");

    auto two = previewRows(db.env(), db.secrets(), schema, table, 2);
    ASSERT_TRUE(two);
    EXPECT_EQ(two->rows.size(), 2u);
    EXPECT_TRUE(two->more);

    auto missing = previewRows(db.env(), db.secrets(), schema, "no_such");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::ServerError);
    EXPECT_TRUE(missing.error().message.contains("no_such"));
}

TEST(DataPreviewServerPostgres, TheSessionIsReadOnly)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ASSERT_EQ(db.exec("CREATE SEQUENCE s"), "");
    ASSERT_EQ(db.exec("CREATE VIEW takes_a_number AS SELECT nextval('s') AS n"), "");
    auto preview = previewRows(db.env(), db.secrets(), "public", "takes_a_number");
    ASSERT_FALSE(preview);
    EXPECT_EQ(preview.error().code, "25006") // read_only_sql_transaction
        << preview.error().toString().toStdString();
    EXPECT_EQ(db.column("SELECT last_value FROM s"), QStringList{"1"});
    EXPECT_EQ(db.column("SELECT is_called::text FROM s"), QStringList{"false"});
}

// Through the SSH tunnel the connection opens itself (the database host as sshd sees it).
TEST(DataPreviewServerPostgres, ReadsThroughAnSshTunnel)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ASSERT_EQ(db.exec("CREATE TABLE t (id int, name text)"), "");
    ASSERT_EQ(db.exec("INSERT INTO t VALUES (1, 'through the tunnel')"), "");
    Environment env = db.env();
    env.host = "127.0.0.1";
    SshConfig ssh;
    ssh.host = "127.0.0.1";
    ssh.port = requireService("SSH_PORT").toInt();
    ssh.user = requireService("SSH_USER");
    ssh.key = requireService("SSH_KEY");
    ssh.knownHosts = requireService("SSH_KNOWN_HOSTS");
    env.ssh = ssh;
    auto preview = previewRows(env, db.secrets(), "public", "t");
    ASSERT_TRUE(preview) << preview.error().toString().toStdString();
    ASSERT_EQ(preview->rows.size(), 1u);
    EXPECT_EQ(preview->rows[0][1].text, "through the tunnel");
}

INSTANTIATE_TEST_SUITE_P(Servers, DataPreviewServer,
                         ::testing::Values(Server::Postgres, Server::MariaDb),
                         [](const auto &info) {
                             return info.param == Server::Postgres ? "Postgres" : "MariaDb";
                         });

} // namespace
} // namespace retort::test
