// Statement splitting (SQLite) and the Dialect's quoting rules.

#include "db/Dialect.h"
#include "db/StatementSplitter.h"

#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QStringList>

using namespace retort;

// Readable QStrings in gtest failure messages.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace {

std::vector<Statement> split(const QString &sql)
{
    return splitStatements(sql, Dialect::sqlite());
}

QStringList texts(const std::vector<Statement> &statements)
{
    QStringList out;
    for (const Statement &s : statements)
        out.append(s.text);
    return out;
}

} // namespace

TEST(Splitter, SimpleStatementsWithLinesAndIndexes)
{
    const auto s = split(QStringLiteral("CREATE TABLE a (id INTEGER);\n"
                                        "CREATE TABLE b (id INTEGER);\n"
                                        "\n"
                                        "INSERT INTO a VALUES (1);\n"));
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0], (Statement{QStringLiteral("CREATE TABLE a (id INTEGER)"), 1, 1}));
    EXPECT_EQ(s[1], (Statement{QStringLiteral("CREATE TABLE b (id INTEGER)"), 2, 2}));
    EXPECT_EQ(s[2], (Statement{QStringLiteral("INSERT INTO a VALUES (1)"), 4, 3}));
}

TEST(Splitter, EmptyAndCommentOnlyInputs)
{
    EXPECT_TRUE(split(QString()).empty());
    EXPECT_TRUE(split(QStringLiteral("  \n\t\n")).empty());
    EXPECT_TRUE(split(QStringLiteral("-- nothing here\n/* nor; here */\n;;\n ; -- x;\n")).empty());
}

TEST(Splitter, SemicolonsInsideStringsAndIdentifiers)
{
    const auto s =
        split(QStringLiteral("INSERT INTO t VALUES ('a;b', 'it''s; fine');\n"
                             "CREATE TABLE \"we;ird\" (\"c;1\" INT, [c;2] INT, `c;3` INT);\n"
                             "SELECT 'multi\nline;\nstring';\n"
                             "SELECT 4"));
    EXPECT_EQ(texts(s),
              (QStringList{
                  QStringLiteral("INSERT INTO t VALUES ('a;b', 'it''s; fine')"),
                  QStringLiteral("CREATE TABLE \"we;ird\" (\"c;1\" INT, [c;2] INT, `c;3` INT)"),
                  QStringLiteral("SELECT 'multi\nline;\nstring'"),
                  QStringLiteral("SELECT 4"),
              }));
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[2].line, 3);
    EXPECT_EQ(s[3].line, 6); // after the three-line string
}

TEST(Splitter, CommentsWithSemicolonsAreNotStatementEnds)
{
    const auto s = split(QStringLiteral("-- leading comment; with a semicolon\n"
                                        "/* block; comment\n   over two lines; */\n"
                                        "CREATE TABLE a ( -- trailing; comment\n"
                                        "  id INTEGER /* inner; */\n"
                                        ");\n"
                                        "-- between; statements\n"
                                        "DROP TABLE b; -- after; the end\n"));
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].text, QStringLiteral("CREATE TABLE a ( -- trailing; comment\n"
                                        "  id INTEGER /* inner; */\n"
                                        ")"));
    EXPECT_EQ(s[0].line, 4);
    EXPECT_EQ(s[1].text, QStringLiteral("DROP TABLE b"));
    EXPECT_EQ(s[1].line, 8);
    EXPECT_EQ(s[1].index, 2);
}

TEST(Splitter, DashesAndSlashesThatAreNotComments)
{
    const auto s = split(QStringLiteral("SELECT 5 - 3 / 1;SELECT '--x', '/*y*/';"));
    EXPECT_EQ(texts(s), (QStringList{QStringLiteral("SELECT 5 - 3 / 1"),
                                     QStringLiteral("SELECT '--x', '/*y*/'")}));
}

TEST(Splitter, TriggerBodyStaysWhole)
{
    const QString trigger = QStringLiteral("CREATE TRIGGER audit AFTER INSERT ON t\n"
                                           "BEGIN\n"
                                           "  INSERT INTO log VALUES (new.id, 'ins;');\n"
                                           "  UPDATE counts SET n = n + 1;\n"
                                           "  DELETE FROM stale; -- comment; inside\n"
                                           "END");
    const auto s = split(QStringLiteral("CREATE TABLE t (id INT);\n") + trigger +
                         QStringLiteral(";\nCREATE TEMP TRIGGER t2 BEFORE DELETE ON t BEGIN "
                                        "SELECT 1; SELECT 2; END;\nDROP TABLE x;"));
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[1].text, trigger);
    EXPECT_EQ(s[1].line, 2);
    EXPECT_EQ(s[2].text, QStringLiteral("CREATE TEMP TRIGGER t2 BEFORE DELETE ON t BEGIN SELECT 1; "
                                        "SELECT 2; END"));
    EXPECT_EQ(s[2].line, 8);
    EXPECT_EQ(s[3].text, QStringLiteral("DROP TABLE x"));
    EXPECT_EQ(s[3].index, 4);
}

TEST(Splitter, TrailingStatementWithoutSemicolon)
{
    const auto s = split(QStringLiteral("CREATE TABLE a (id INT);\n\nCREATE TABLE b (id INT)\n"
                                        "-- trailing comment\n"));
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[1].text, QStringLiteral("CREATE TABLE b (id INT)"));
    EXPECT_EQ(s[1].line, 3);
}

TEST(Splitter, CrLfLineEnds)
{
    const auto s = split(QStringLiteral("-- header\r\n\r\nCREATE TABLE a (\r\n  id INT\r\n);\r\n"
                                        "INSERT INTO a VALUES (1);\r\n"));
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].text, QStringLiteral("CREATE TABLE a (\r\n  id INT\r\n)"));
    EXPECT_EQ(s[0].line, 3);
    EXPECT_EQ(s[1].text, QStringLiteral("INSERT INTO a VALUES (1)"));
    EXPECT_EQ(s[1].line, 6);
}

TEST(Splitter, UnterminatedQuoteOrCommentRunsToTheEnd)
{
    auto s = split(QStringLiteral("SELECT 1; SELECT 'oops; SELECT 2;\nSELECT 3;"));
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[1].text, QStringLiteral("SELECT 'oops; SELECT 2;\nSELECT 3;"));

    s = split(QStringLiteral("SELECT 1; /* open; SELECT 2;"));
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].text, QStringLiteral("SELECT 1"));
}

TEST(Splitter, NonAsciiText)
{
    const auto s = split(QStringLiteral("INSERT INTO t VALUES ('größe; ünïcödé ✓');\nSELECT 1;"));
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].text, QStringLiteral("INSERT INTO t VALUES ('größe; ünïcödé ✓')"));
    EXPECT_EQ(s[1].line, 2);
}

// 20,000 statements, and the same after a stray `"` (every later `;` inside one quoted
// identifier), must both split in linear-ish time.
TEST(Splitter, LargeSectionsAreNotQuadratic)
{
    QString sql;
    for (int i = 0; i < 20000; ++i)
        sql += QStringLiteral("INSERT INTO t VALUES (%1, 'some text; with a semicolon');\n").arg(i);
    QElapsedTimer timer;
    timer.start();
    auto s = split(sql);
    EXPECT_EQ(s.size(), 20000u);
    EXPECT_EQ(s.back().line, 20000);
    s = split(QStringLiteral("SELECT \"unterminated;\n") + sql);
    EXPECT_EQ(s.size(), 1u);
    EXPECT_LT(timer.elapsed(), 3000);
}

TEST(SplitterDialect, ForDriverNames)
{
    EXPECT_TRUE(Dialect::forDriver(QStringLiteral("sqlite")).ok());
    EXPECT_EQ(Dialect::forDriver(QStringLiteral("sqlite"))->kind(), DialectKind::Sqlite);
    EXPECT_EQ(Dialect::forQtDriver(QStringLiteral("QSQLITE"))->name(), QStringLiteral("sqlite"));
    const auto oracle = Dialect::forDriver(QStringLiteral("oracle"));
    ASSERT_FALSE(oracle.ok());
    EXPECT_TRUE(oracle.error().message.contains(QStringLiteral("oracle")));
    EXPECT_TRUE(Dialect::sqlite().transactionalDdl());
    EXPECT_FALSE(Dialect::sqlite().alembicTransactionalDdl());
}

TEST(SplitterDialect, Quoting)
{
    const Dialect d = Dialect::sqlite();
    EXPECT_EQ(d.quoteIdentifier(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));
    EXPECT_EQ(d.quoteLiteral(QStringLiteral("it's")), QStringLiteral("'it''s'"));
    // SQLAlchemy's rules, which Alembic's output follows.
    EXPECT_EQ(d.formatIdentifier(QStringLiteral("alembic_version")),
              QStringLiteral("alembic_version"));
    EXPECT_EQ(d.formatIdentifier(QStringLiteral("order")), QStringLiteral("\"order\""));
    EXPECT_EQ(d.formatIdentifier(QStringLiteral("MyVersions")), QStringLiteral("\"MyVersions\""));
    EXPECT_EQ(d.formatIdentifier(QStringLiteral("1abc")), QStringLiteral("\"1abc\""));
    EXPECT_EQ(d.formatIdentifier(QStringLiteral("a b")), QStringLiteral("\"a b\""));
    EXPECT_EQ(d.formatIdentifier(QStringLiteral("window")), QStringLiteral("window"));
    EXPECT_EQ(d.formatIdentifier(QStringLiteral("true")), QStringLiteral("\"true\""));
}
