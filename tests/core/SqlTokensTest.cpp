// sqlTokens: the MySQL/MariaDB and SQLite tokenizer lint's rules and statementTargets share.
#include "schema/SqlTokens.h"
#include "schema/StatementTargets.h"

#include <QStringList>

#include <gtest/gtest.h>

using namespace retort;

namespace {

// "W:text" (word), "Q:text" (quoted identifier), "S:text" (string), "N:text", "P:text".
std::vector<std::string> kinds(const QString &sql, DialectKind dialect)
{
    static const char tags[] = {'W', 'Q', 'S', 'N', 'P'};
    std::vector<std::string> out;
    for (const SqlToken &t : sqlTokens(sql, dialect))
        out.push_back(std::string(1, tags[t.kind]) + ':' + t.text.toStdString());
    return out;
}

using V = std::vector<std::string>;

} // namespace

TEST(SqlTokens, MysqlStatementWithItsKindsAndOffsets)
{
    const QString sql = "ALTER TABLE `t` ADD c VARCHAR(255) DEFAULT \"x\" COMMENT 'it''s'";
    EXPECT_EQ(kinds(sql, DialectKind::Mysql),
              (V{"W:ALTER", "W:TABLE", "Q:t", "W:ADD", "W:c", "W:VARCHAR", "P:(", "N:255", "P:)",
                 "W:DEFAULT", "S:x", "W:COMMENT", "S:it's"}));
    const std::vector<SqlToken> tokens = sqlTokens(sql, DialectKind::Mysql);
    ASSERT_EQ(tokens.size(), 13u);
    EXPECT_EQ(tokens[2].offset, sql.indexOf(u'`'));
    EXPECT_EQ(tokens[2].quote, u'`');
    EXPECT_EQ(tokens[7].offset, sql.indexOf(QStringLiteral("255")));
    EXPECT_EQ(tokens[10].quote, u'"');
    EXPECT_EQ(tokens[12].offset, sql.indexOf(u'\''));
    EXPECT_TRUE(tokens[0].is(u"alter"));
    EXPECT_TRUE(tokens[6].isPunct(u'('));
    EXPECT_TRUE(tokens[2].isIdent());
    EXPECT_FALSE(tokens[10].isIdent());
}

TEST(SqlTokens, QuotesAndEscapesPerDialect)
{
    // MySQL: backslash escapes in '...' and "...", none in `...`; [ is punctuation.
    EXPECT_EQ(kinds(R"('a\'b' "c\"d" `e\` [f])", DialectKind::Mysql),
              (V{"S:a'b", "S:c\"d", "Q:e\\", "P:[", "W:f", "P:]"}));
    // SQLite: "..." and [...] are identifiers; a backslash is just a character.
    EXPECT_EQ(kinds(R"('a\' "b""c" [d e] `f`)", DialectKind::Sqlite),
              (V{"S:a\\", "Q:b\"c", "Q:d e", "Q:f"}));
    // An unterminated quote runs to the end, and what it holds is never read as code.
    EXPECT_EQ(kinds("SELECT 'DROP TABLE t;", DialectKind::Sqlite),
              (V{"W:SELECT", "S:DROP TABLE t;"}));
}

TEST(SqlTokens, NumbersAndDigitLedWords)
{
    EXPECT_EQ(
        kinds("12 3.5 .5 1. 1e5 1e+5 1.5E-3 0x1F 0b101", DialectKind::Mysql),
        (V{"N:12", "N:3.5", "N:.5", "N:1.", "N:1e5", "N:1e+5", "N:1.5E-3", "N:0x1F", "N:0b101"}));
    // MySQL's identifiers may start with digits; they end at a dot like any name.
    EXPECT_EQ(kinds("1abc 2fa_codes 0xZZ 0b12 1e 2fa.users db.2fa `d`.2x", DialectKind::Mysql),
              (V{"W:1abc", "W:2fa_codes", "W:0xZZ", "W:0b12", "W:1e", "W:2fa", "P:.", "W:users",
                 "W:db", "P:.", "W:2fa", "Q:d", "P:.", "W:2x"}));
    EXPECT_EQ(kinds("x = -1, y=.5", DialectKind::Sqlite),
              (V{"W:x", "P:=", "P:-", "N:1", "P:,", "W:y", "P:=", "N:.5"}));
}

TEST(SqlTokens, CommentsPerDialect)
{
    // MySQL: `#`, `-- ` (a space or the end after it), /* */; /*!NNNNN ... */ is code; optimizer
    // hints and MariaDB's /*M! */ are dropped.
    EXPECT_EQ(kinds("# a\nSELECT 1--2\n-- b\n/* c */ /*!50100 PARTITION */ /*+ BKA(t) */ "
                    "/*M!100100 x */ y --",
                    DialectKind::Mysql),
              (V{"W:SELECT", "N:1", "P:-", "P:-", "N:2", "W:PARTITION", "W:y"}));
    // SQLite: `--` always starts a comment; `#` is punctuation; /*! is a plain comment.
    EXPECT_EQ(kinds("SELECT 1--2\n#x /*!50100 y */ z", DialectKind::Sqlite),
              (V{"W:SELECT", "N:1", "P:#", "W:x", "W:z"}));
}

// statementTargets over these tokens: digit-led names are names, and a MySQL "..." where a name
// must stand is that name (the statement can only have run with sql_mode ANSI_QUOTES).
TEST(StatementTargetsMysql, DigitLedAndDoubleQuotedNames)
{
    std::vector<std::string> out;
    for (const StatementTarget &t :
         statementTargets("CREATE TABLE 2fa.users (id INT);\nDROP TABLE db.2fa_codes;\n"
                          "CREATE TABLE \"Quoted\" (x INT DEFAULT \"CREATE TABLE no\");",
                          DialectKind::Mysql))
        out.push_back((touchActionName(t.action) + u' ' + t.schema + u'.' + t.name).toStdString());
    EXPECT_EQ(out, (V{"create 2fa.users", "drop db.2fa_codes", "create .Quoted"}));
}
