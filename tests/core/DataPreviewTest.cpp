// previewRows: the first rows of a relation for the window's Data tab, on SQLite — odd names
// quoted, NULL told apart from an empty string, blobs as hex with their size, "more" when the
// relation has more rows than the limit, and nothing written.

#include "workflows/DataPreview.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;

namespace {

class DataPreviewTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_env.name = "local";
        m_env.driver = "sqlite";
        m_env.database = m_dir.filePath("p.db");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "preview-setup");
            db.setDatabaseName(m_env.database);
            ASSERT_TRUE(db.open());
            QSqlQuery q(db);
            for (const char *sql : {
                     "CREATE TABLE \"Odd \"\"Name\"\" t\" (id INTEGER PRIMARY KEY, "
                     "\"first name\" TEXT, photo BLOB, price REAL)",
                     "INSERT INTO \"Odd \"\"Name\"\" t\" VALUES (1, 'Ann', x'00ff10', 2.5)",
                     "INSERT INTO \"Odd \"\"Name\"\" t\" VALUES (2, NULL, NULL, NULL)",
                     "INSERT INTO \"Odd \"\"Name\"\" t\" VALUES (3, '', zeroblob(100), 0)",
                     "CREATE TABLE many (n INTEGER)",
                     "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                     "WHERE n < 250) INSERT INTO many SELECT n FROM c",
                     "CREATE VIEW few AS SELECT n FROM many WHERE n <= 3",
                 })
                ASSERT_TRUE(q.exec(sql)) << sql;
            db.close();
        }
        QSqlDatabase::removeDatabase("preview-setup");
    }

    QTemporaryDir m_dir;
    Environment m_env;
};

TEST_F(DataPreviewTest, ReadsRowsOfATableWhoseNameNeedsQuotes)
{
    auto preview = previewRows(m_env, {}, "main", "Odd \"Name\" t");
    ASSERT_TRUE(preview) << preview.error().toString().toStdString();
    EXPECT_EQ(preview->columns, (QStringList{"id", "first name", "photo", "price"}));
    ASSERT_EQ(preview->rows.size(), 3u);
    EXPECT_FALSE(preview->more);
    const auto &ann = preview->rows[0];
    EXPECT_EQ(ann[0].text, "1");
    EXPECT_EQ(ann[1].text, "Ann");
    EXPECT_EQ(ann[1].kind, PreviewCell::Kind::Value);
    EXPECT_EQ(ann[3].text, "2.5");
    // A blob: hex and its size.
    EXPECT_EQ(ann[2].kind, PreviewCell::Kind::Binary);
    EXPECT_EQ(ann[2].text, "0x00ff10");
    EXPECT_EQ(ann[2].bytes, 3);
}

TEST_F(DataPreviewTest, NullIsNotAnEmptyString)
{
    auto preview = previewRows(m_env, {}, {}, "Odd \"Name\" t");
    ASSERT_TRUE(preview) << preview.error().toString().toStdString();
    ASSERT_EQ(preview->rows.size(), 3u);
    for (int c = 1; c < 4; ++c)
        EXPECT_TRUE(preview->rows[1][size_t(c)].isNull()) << c;
    EXPECT_FALSE(preview->rows[2][1].isNull());
    EXPECT_EQ(preview->rows[2][1].kind, PreviewCell::Kind::Value);
    EXPECT_EQ(preview->rows[2][1].text, "");
}

TEST_F(DataPreviewTest, LongBlobsShowTheirFirstBytesAndWholeSize)
{
    auto preview = previewRows(m_env, {}, "main", "Odd \"Name\" t");
    ASSERT_TRUE(preview);
    const PreviewCell &blob = preview->rows[2][2];
    EXPECT_EQ(blob.kind, PreviewCell::Kind::Binary);
    EXPECT_EQ(blob.bytes, 100);
    EXPECT_EQ(blob.text, "0x" + QString(kPreviewBlobBytes * 2, u'0') + "…");
}

TEST_F(DataPreviewTest, StopsAtTheLimitAndSaysThereIsMore)
{
    auto preview = previewRows(m_env, {}, "main", "many");
    ASSERT_TRUE(preview);
    EXPECT_EQ(preview->rows.size(), 200u);
    EXPECT_TRUE(preview->more);
    auto small = previewRows(m_env, {}, "main", "many", 250);
    ASSERT_TRUE(small);
    EXPECT_EQ(small->rows.size(), 250u);
    EXPECT_FALSE(small->more);
    auto view = previewRows(m_env, {}, "main", "few");
    ASSERT_TRUE(view);
    EXPECT_EQ(view->rows.size(), 3u);
}

TEST_F(DataPreviewTest, AnUnknownRelationIsAnErrorNamingIt)
{
    auto preview = previewRows(m_env, {}, "main", "no_such");
    ASSERT_FALSE(preview);
    EXPECT_TRUE(preview.error().message.contains("main.no_such"))
        << preview.error().toString().toStdString();
    EXPECT_EQ(preview.error().kind, ErrorKind::ServerError);
}

TEST_F(DataPreviewTest, AMissingDatabaseIsNotCreated)
{
    Environment missing = m_env;
    missing.database = m_dir.filePath("none.db");
    auto preview = previewRows(missing, {}, "main", "many");
    ASSERT_FALSE(preview);
    EXPECT_EQ(preview.error().kind, ErrorKind::DatabaseMissing);
    EXPECT_FALSE(QFile::exists(missing.database));
}

TEST_F(DataPreviewTest, ACancelledPreviewReadsNothing)
{
    CancelToken token;
    token.cancel();
    auto preview = previewRows(m_env, {}, "main", "many", 200, &token);
    ASSERT_FALSE(preview);
    EXPECT_EQ(preview.error().kind, ErrorKind::Cancelled);
}

TEST(PreviewCellTest, TextValuesAreKeptWhole)
{
    const QString longText(5000, u'x');
    const PreviewCell cell = previewCell(QVariant(longText));
    EXPECT_EQ(cell.kind, PreviewCell::Kind::Value);
    EXPECT_EQ(cell.text, longText); // eliding is the view's job
    EXPECT_TRUE(previewCell(QVariant()).isNull());
}

} // namespace
