// The SQLite schema inspector against a real SQLite database with every kind of object it reads.

#include "schema/SqliteInspector.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;

namespace {

const char *const kSchema[] = {
    "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE, "
    "born DATE DEFAULT (date('now')), CONSTRAINT name_not_blank CHECK (length(name) > 0))",
    "CREATE TABLE \"Book Titles\" (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL "
    "REFERENCES authors(id) ON DELETE CASCADE, title TEXT NOT NULL DEFAULT 'untitled -- no', "
    "price NUMERIC(10,2) CHECK (price >= 0), "
    "price_cents INTEGER GENERATED ALWAYS AS (price * 100) STORED, "
    "UNIQUE (author_id, title))",
    "CREATE TABLE édition (book INTEGER, seq INTEGER, parent_book INTEGER, parent_seq INTEGER, "
    "PRIMARY KEY (book, seq), FOREIGN KEY (parent_book, parent_seq) REFERENCES édition(book, seq) "
    "ON UPDATE SET NULL) WITHOUT ROWID",
    "CREATE INDEX ix_titles_lower ON \"Book Titles\" (lower(title)) WHERE price > 0",
    "CREATE VIEW cheap_books AS SELECT title FROM \"Book Titles\" WHERE price < 5",
    "CREATE TRIGGER authors_touch AFTER UPDATE ON authors BEGIN SELECT 1; END",
};

class SqliteInspectorTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        m_db.setDatabaseName(m_dir.filePath(QStringLiteral("s.db")));
        ASSERT_TRUE(m_db.open());
        QSqlQuery q(m_db);
        for (const char *sql : kSchema)
            ASSERT_TRUE(q.exec(QString::fromUtf8(sql))) << sql;
    }
    void TearDown() override
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
    }
    QTemporaryDir m_dir;
    QSqlDatabase m_db;
};

TEST_F(SqliteInspectorTest, ReadsTablesViewsColumnsKeysIndexesChecksAndTriggers)
{
    const Result<SchemaSnapshot> snapshot = inspectSqlite(m_db);
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().toString().toStdString();
    EXPECT_FALSE(snapshot->serverVersion.isEmpty());
    ASSERT_EQ(snapshot->relations.size(), 4u);

    const SchemaRelation *authors = snapshot->find(QStringLiteral("authors"));
    ASSERT_TRUE(authors);
    EXPECT_EQ(authors->kind, RelationKind::Table);
    ASSERT_EQ(authors->columns.size(), 3u);
    EXPECT_EQ(authors->columns[0].primaryKeyPosition, 1);
    EXPECT_EQ(authors->columns[1].type, QStringLiteral("TEXT"));
    EXPECT_FALSE(authors->columns[1].nullable);
    EXPECT_EQ(authors->columns[2].defaultValue.value_or(QString()), QStringLiteral("date('now')"));
    ASSERT_EQ(authors->checks.size(), 1u);
    EXPECT_EQ(authors->checks[0].name, QStringLiteral("name_not_blank"));
    EXPECT_EQ(authors->checks[0].definition, QStringLiteral("CHECK (length(name) > 0)"));
    ASSERT_EQ(authors->triggers.size(), 1u);
    EXPECT_EQ(authors->triggers[0].name, QStringLiteral("authors_touch"));
    ASSERT_EQ(authors->referencedBy.size(), 1u);
    EXPECT_EQ(authors->referencedBy[0].table, QStringLiteral("Book Titles"));

    const SchemaRelation *books = snapshot->find(QStringLiteral("main.Book Titles"));
    ASSERT_TRUE(books);
    ASSERT_EQ(books->columns.size(), 5u);
    EXPECT_EQ(books->columns[2].defaultValue.value_or(QString()),
              QStringLiteral("'untitled -- no'"));
    EXPECT_EQ(books->columns[3].type, QStringLiteral("NUMERIC(10,2)"));
    EXPECT_EQ(books->columns[4].generated, QStringLiteral("stored"));
    // The CHECK inside a string default is not one; the column's is.
    ASSERT_EQ(books->checks.size(), 1u);
    EXPECT_EQ(books->checks[0].definition, QStringLiteral("CHECK (price >= 0)"));
    ASSERT_EQ(books->foreignKeys.size(), 1u);
    EXPECT_EQ(books->foreignKeys[0].columns, QStringList{QStringLiteral("author_id")});
    EXPECT_EQ(books->foreignKeys[0].refTable, QStringLiteral("authors"));
    EXPECT_EQ(books->foreignKeys[0].refColumns, QStringList{QStringLiteral("id")});
    EXPECT_EQ(books->foreignKeys[0].onDelete, QStringLiteral("CASCADE"));
    EXPECT_EQ(books->foreignKeys[0].onUpdate, QStringLiteral("NO ACTION"));
    ASSERT_EQ(books->indexes.size(), 2u); // the expression index and the UNIQUE constraint's
    const auto expr = std::find_if(books->indexes.begin(), books->indexes.end(),
                                   [](const SchemaIndex &i) { return i.origin == u"c"; });
    ASSERT_NE(expr, books->indexes.end());
    EXPECT_EQ(expr->name, QStringLiteral("ix_titles_lower"));
    EXPECT_TRUE(expr->partial);
    EXPECT_FALSE(expr->unique);
    EXPECT_TRUE(expr->definition.startsWith(QStringLiteral("CREATE INDEX ix_titles_lower")));
    EXPECT_EQ(expr->columns, QStringList{QStringLiteral("<expression>")});
    const auto unique = std::find_if(books->indexes.begin(), books->indexes.end(),
                                     [](const SchemaIndex &i) { return i.origin == u"u"; });
    ASSERT_NE(unique, books->indexes.end());
    EXPECT_TRUE(unique->unique);
    EXPECT_EQ(unique->columns, (QStringList{QStringLiteral("author_id"), QStringLiteral("title")}));

    // A composite, self-referencing key on a WITHOUT ROWID table with a Unicode name.
    const SchemaRelation *editions = snapshot->find(QStringLiteral("édition"));
    ASSERT_TRUE(editions);
    ASSERT_EQ(editions->foreignKeys.size(), 1u);
    EXPECT_EQ(editions->foreignKeys[0].columns,
              (QStringList{QStringLiteral("parent_book"), QStringLiteral("parent_seq")}));
    EXPECT_EQ(editions->foreignKeys[0].refColumns,
              (QStringList{QStringLiteral("book"), QStringLiteral("seq")}));
    EXPECT_EQ(editions->foreignKeys[0].onUpdate, QStringLiteral("SET NULL"));
    EXPECT_EQ(editions->referencedBy.size(), 1u);
    EXPECT_EQ(editions->columns[1].primaryKeyPosition, 2);
    EXPECT_TRUE(editions->withoutRowid);
    EXPECT_FALSE(books->withoutRowid);

    const SchemaRelation *view = snapshot->find(QStringLiteral("cheap_books"));
    ASSERT_TRUE(view);
    EXPECT_EQ(view->kind, RelationKind::View);
    EXPECT_EQ(view->definition,
              QStringLiteral("SELECT title FROM \"Book Titles\" WHERE price < 5"));
    ASSERT_EQ(view->columns.size(), 1u);
    EXPECT_EQ(view->columns[0].name, QStringLiteral("title"));
}

TEST_F(SqliteInspectorTest, RowEstimatesComeFromAnalyze)
{
    QSqlQuery q(m_db);
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO authors (name) VALUES ('a%1')").arg(i)));
    ASSERT_TRUE(q.exec(QStringLiteral("CREATE INDEX ix_authors_name ON authors (name)")));
    ASSERT_TRUE(q.exec(QStringLiteral("ANALYZE")));
    const Result<SchemaSnapshot> snapshot = inspectSqlite(m_db);
    ASSERT_TRUE(snapshot.ok());
    const SchemaRelation *authors = snapshot->find(QStringLiteral("authors"));
    ASSERT_TRUE(authors);
    EXPECT_EQ(authors->rowsEstimate.value_or(-1), 20);
    EXPECT_FALSE(snapshot->find(QStringLiteral("sqlite_stat1")));
}

TEST_F(SqliteInspectorTest, UnknownNamesGetCloseMatches)
{
    const Result<SchemaSnapshot> snapshot = inspectSqlite(m_db);
    ASSERT_TRUE(snapshot.ok());
    EXPECT_FALSE(snapshot->find(QStringLiteral("author")));
    EXPECT_EQ(snapshot->closeMatches(QStringLiteral("author")).value(0),
              QStringLiteral("main.authors"));
    EXPECT_TRUE(snapshot->find(QStringLiteral("AUTHORS"))); // SQLite names ignore case
    EXPECT_TRUE(snapshot->closeMatches(QStringLiteral("zzzzzzzz")).isEmpty());
}

TEST(SqliteChecks, IgnoreCommentsStringsAndNameTheirConstraints)
{
    const std::vector<SchemaCheck> checks = sqliteChecks(QStringLiteral(
        "CREATE TABLE t (a INT -- CHECK (a > 1)\n, b TEXT DEFAULT 'CHECK (x)' /* CHECK (y) */ "
        "CHECK (b IN ('x', ')')), CONSTRAINT \"both ok\" CHECK (a > 0 AND (b <> '')))"));
    ASSERT_EQ(checks.size(), 2u);
    EXPECT_EQ(checks[0].name, QString());
    EXPECT_EQ(checks[0].definition, QStringLiteral("CHECK (b IN ('x', ')'))"));
    EXPECT_EQ(checks[1].name, QStringLiteral("both ok"));
    EXPECT_EQ(checks[1].definition, QStringLiteral("CHECK (a > 0 AND (b <> ''))"));
}

} // namespace
