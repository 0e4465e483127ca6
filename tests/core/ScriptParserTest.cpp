#include "scripts/ScriptParser.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

// gtest prints QStrings (and QStringLists) readably. Internal linkage: each test file has one.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

const QString kPath = QStringLiteral("/migrations/versions/3f2a9c1b7d40_add_invoices_table.sql");

Result<Script> parse(const char *utf8, const QString &path = kPath)
{
    return parseScript(path, QByteArray(utf8));
}

// The example from docs/ARCHITECTURE.md, byte for byte.
const char *const kDesignExample =
    "-- Add invoices table\n"
    "--\n"
    "-- Revision ID: 3f2a9c1b7d40\n"
    "-- Revises: 1b2c3d4e5f60\n"
    "-- Branch Labels: billing\n"
    "-- Depends On:\n"
    "-- Create Date: 2026-11-20 10:00:00.123456\n"
    "-- Transactional: true\n"
    "\n"
    "-- migrate:upgrade\n"
    "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total NUMERIC NOT "
    "NULL);\n"
    "\n"
    "-- migrate:downgrade\n"
    "DROP TABLE invoices;\n";

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly)) << path.toStdString();
    f.write(content);
}

QByteArray minimalScript(const QString &rev, const QString &parent = {})
{
    return QStringLiteral("-- Step %1\n-- Revision ID: %1\n-- Revises: %2\n\n-- migrate:upgrade\n"
                          "SELECT 1;\n")
        .arg(rev, parent)
        .toUtf8();
}

} // namespace

TEST(ScriptParser, ParsesTheDesignExample)
{
    Result<Script> r = parse(kDesignExample);
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    const Script &s = *r;
    EXPECT_EQ(s.message, QStringLiteral("Add invoices table"));
    EXPECT_EQ(s.revision, QStringLiteral("3f2a9c1b7d40"));
    EXPECT_EQ(s.downRevisions, QStringList{QStringLiteral("1b2c3d4e5f60")});
    EXPECT_EQ(s.branchLabels, QStringList{QStringLiteral("billing")});
    EXPECT_TRUE(s.dependsOn.isEmpty());
    EXPECT_EQ(s.createDate, QStringLiteral("2026-11-20 10:00:00.123456"));
    EXPECT_TRUE(s.transactional);
    EXPECT_EQ(
        s.upgrade.sql,
        QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total NUMERIC NOT NULL);"));
    EXPECT_EQ(s.upgrade.firstLine, 11);
    EXPECT_EQ(s.downgrade.sql, QStringLiteral("DROP TABLE invoices;"));
    EXPECT_EQ(s.downgrade.firstLine, 14);
    EXPECT_TRUE(s.upgradeByDriver.isEmpty());
    EXPECT_TRUE(s.downgradeByDriver.isEmpty());
    EXPECT_EQ(s.path, kPath);
    EXPECT_EQ(s.fileName, QStringLiteral("3f2a9c1b7d40_add_invoices_table.sql"));
}

TEST(ScriptParser, ListsAreCommaSeparatedAndTrimmed)
{
    Result<Script> r = parse("-- Merge\n"
                             "-- Revision ID: m1\n"
                             "-- Revises:  a1 ,b2,   c3  \n"
                             "-- Branch Labels: x, y_2\n"
                             "-- Depends On: base_label, 1b2c\n"
                             "-- migrate:upgrade\n");
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->downRevisions,
              (QStringList{QStringLiteral("a1"), QStringLiteral("b2"), QStringLiteral("c3")}));
    EXPECT_EQ(r->branchLabels, (QStringList{QStringLiteral("x"), QStringLiteral("y_2")}));
    EXPECT_EQ(r->dependsOn, (QStringList{QStringLiteral("base_label"), QStringLiteral("1b2c")}));
}

TEST(ScriptParser, EmptyAndAbsentListsAreEmpty)
{
    Result<Script> r = parse("-- Base\n-- Revision ID: b\n-- Revises:\n-- Branch Labels:   \n"
                             "-- migrate:upgrade\n");
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_TRUE(r->downRevisions.isEmpty());
    EXPECT_TRUE(r->branchLabels.isEmpty());
    EXPECT_TRUE(r->dependsOn.isEmpty()); // key absent
    EXPECT_TRUE(r->createDate.isEmpty());
}

TEST(ScriptParser, TransactionalValues)
{
    Result<Script> off =
        parse("-- m\n-- Revision ID: a\n-- Transactional: false\n-- migrate:upgrade\n");
    ASSERT_TRUE(off.ok());
    EXPECT_FALSE(off->transactional);
    Result<Script> upper =
        parse("-- m\n-- Revision ID: a\n-- Transactional: FALSE\n-- migrate:upgrade\n");
    ASSERT_TRUE(upper.ok());
    EXPECT_FALSE(upper->transactional);
    Result<Script> absent = parse("-- m\n-- Revision ID: a\n-- migrate:upgrade\n");
    ASSERT_TRUE(absent.ok());
    EXPECT_TRUE(absent->transactional);
}

TEST(ScriptParser, MessageIsTheFirstCommentUnlessItIsAHeader)
{
    Result<Script> blankFirst = parse("\n--\n--   Add   things  \n-- Revision ID: a\n"
                                      "-- migrate:upgrade\n");
    ASSERT_TRUE(blankFirst.ok());
    EXPECT_EQ(blankFirst->message, QStringLiteral("Add   things"));

    Result<Script> headerFirst = parse("-- Revision ID: a\n-- Later comment\n-- migrate:upgrade\n");
    ASSERT_TRUE(headerFirst.ok());
    EXPECT_TRUE(headerFirst->message.isEmpty());

    // A message that looks like "Key: value" but with an unknown key is still the message.
    Result<Script> colon = parse("-- Fix: add the missing column\n-- Revision ID: a\n"
                                 "-- migrate:upgrade\n");
    ASSERT_TRUE(colon.ok()) << colon.error().toString().toStdString();
    EXPECT_EQ(colon->message, QStringLiteral("Fix: add the missing column"));
}

TEST(ScriptParser, FreeCommentsInTheHeaderAreIgnored)
{
    Result<Script> r = parse("-- Message\n"
                             "-- a note without a key, e.g. see ticket #12\n"
                             "-- Revision ID: a\n"
                             "--\n"
                             "  -- indented comment\n"
                             "-- time 10:30 is not a key either\n"
                             "-- migrate:upgrade\n");
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->revision, QStringLiteral("a"));
}

TEST(ScriptParser, SectionTextAndLines)
{
    Result<Script> r = parse("-- m\r\n"                // 1
                             "-- Revision ID: a\r\n"   // 2
                             "-- migrate:upgrade\r\n"  // 3
                             "\r\n"                    // 4
                             "CREATE TABLE t (x);\r\n" // 5
                             "-- a comment in SQL\r\n" // 6
                             "  \r\n"                  // 7
                             "--migrate:downgrade\r\n" // 8 (no space after -- is accepted)
                             "DROP TABLE t;");         // 9, no final newline
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->upgrade.sql, QStringLiteral("\nCREATE TABLE t (x);\n-- a comment in SQL"));
    EXPECT_EQ(r->upgrade.firstLine, 4);
    EXPECT_EQ(r->downgrade.sql, QStringLiteral("DROP TABLE t;"));
    EXPECT_EQ(r->downgrade.firstLine, 9);
}

TEST(ScriptParser, EmptySectionsAndAbsentDowngrade)
{
    Result<Script> r = parse("-- m\n-- Revision ID: a\n-- migrate:upgrade\n\n-- migrate:downgrade");
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_TRUE(r->upgrade.present());
    EXPECT_TRUE(r->upgrade.sql.isEmpty());
    EXPECT_EQ(r->upgrade.firstLine, 4);
    EXPECT_TRUE(r->downgrade.present());
    EXPECT_EQ(r->downgrade.firstLine, 6); // the marker is the last line; its text would follow
    EXPECT_TRUE(r->downgrade.sql.isEmpty());

    Result<Script> noDown = parse("-- m\n-- Revision ID: a\n-- migrate:upgrade\nSELECT 1;\n");
    ASSERT_TRUE(noDown.ok());
    EXPECT_FALSE(noDown->downgrade.present());
}

TEST(ScriptParser, DriverQualifiedSectionsReplaceThePlainOne)
{
    Result<Script> r = parse("-- Index concurrently\n"                      // 1
                             "-- Revision ID: ix1\n"                        // 2
                             "-- Transactional: false\n"                    // 3
                             "\n"                                           // 4
                             "-- migrate:upgrade\n"                         // 5
                             "CREATE INDEX i ON t (x);\n"                   // 6
                             "-- migrate:upgrade postgresql\n"              // 7
                             "CREATE INDEX CONCURRENTLY i ON t (x);\n"      // 8
                             "-- migrate:upgrade   mysql  \n"               // 9
                             "CREATE INDEX i ON t (x) ALGORITHM=INPLACE;\n" // 10
                             "-- migrate:downgrade\n"                       // 11
                             "DROP INDEX i;\n"                              // 12
                             "-- migrate:downgrade postgresql\n"            // 13
                             "DROP INDEX CONCURRENTLY i;\n");               // 14
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->upgradeFor(QStringLiteral("sqlite")).sql,
              QStringLiteral("CREATE INDEX i ON t (x);"));
    EXPECT_EQ(r->upgradeFor(QStringLiteral("sqlite")).firstLine, 6);
    EXPECT_EQ(r->upgradeFor(QStringLiteral("postgresql")).sql,
              QStringLiteral("CREATE INDEX CONCURRENTLY i ON t (x);"));
    EXPECT_EQ(r->upgradeFor(QStringLiteral("postgresql")).firstLine, 8);
    EXPECT_EQ(r->upgradeFor(QStringLiteral("mysql")).sql,
              QStringLiteral("CREATE INDEX i ON t (x) ALGORITHM=INPLACE;"));
    EXPECT_EQ(r->upgradeFor(QStringLiteral("mysql")).firstLine, 10);
    EXPECT_EQ(r->downgradeFor(QStringLiteral("postgresql")).sql,
              QStringLiteral("DROP INDEX CONCURRENTLY i;"));
    EXPECT_EQ(r->downgradeFor(QStringLiteral("mysql")).sql, QStringLiteral("DROP INDEX i;"));
    EXPECT_EQ(r->downgradeFor(QStringLiteral("mysql")).firstLine, 12);
    EXPECT_EQ(r->upgradeByDriver.size(), 2);
    EXPECT_EQ(r->downgradeByDriver.size(), 1);
    EXPECT_FALSE(r->transactional);
}

TEST(ScriptParser, SkipsAUtf8ByteOrderMark)
{
    Result<Script> r =
        parse("\xEF\xBB\xBF-- Caf\xC3\xA9 menu\n-- Revision ID: a\n-- migrate:upgrade\n");
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->message, QStringLiteral("Café menu"));
}

TEST(ScriptParser, RelativePathIsMadeAbsolute)
{
    Result<Script> r =
        parse("-- m\n-- Revision ID: a\n-- migrate:upgrade\n", QStringLiteral("versions/a_m.sql"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->path, QDir::current().absoluteFilePath(QStringLiteral("versions/a_m.sql")));
    EXPECT_EQ(r->fileName, QStringLiteral("a_m.sql"));
}

namespace {
struct BadCase {
    const char *name;
    const char *content;
    int line;
    const char *messagePart;
};
} // namespace

class ScriptParserErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ScriptParserErrors, NamesFileLineAndProblem)
{
    const BadCase &c = GetParam();
    Result<Script> r = parse(c.content);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().file, kPath) << c.name;
    EXPECT_EQ(r.error().line, c.line) << c.name << ": " << r.error().toString().toStdString();
    EXPECT_TRUE(r.error().message.contains(QString::fromUtf8(c.messagePart)))
        << c.name << ": " << r.error().message.toStdString();
}

INSTANTIATE_TEST_SUITE_P(
    ScriptParser, ScriptParserErrors,
    ::testing::Values(
        BadCase{"missingRevision", "-- m\n-- Revises: a\n\n-- migrate:upgrade\nSELECT 1;\n", 1,
                "missing '-- Revision ID:'"},
        BadCase{"emptyFile", "", 1, "empty file"}, BadCase{"blankFile", "\n  \n", 1, "empty file"},
        BadCase{"unknownKey", "-- m\n-- Revision ID: a\n-- Author: bob\n-- migrate:upgrade\n", 3,
                "unknown header key 'Author'"},
        BadCase{"misspeltKey", "-- m\n-- Revison ID: a\n-- migrate:upgrade\n", 2,
                "unknown header key 'Revison ID'"},
        BadCase{"wrongCaseKey", "-- m\n-- Revision ID: a\n-- depends on: b\n-- migrate:upgrade\n",
                3, "'depends on' must be written 'Depends On'"},
        BadCase{"duplicateKey",
                "-- m\n-- Revision ID: a\n-- Revises: b\n--\n-- Revises: c\n-- migrate:upgrade\n",
                5, "duplicate header key 'Revises' (first at line 3)"},
        BadCase{"badTransactional",
                "-- m\n-- Revision ID: a\n-- Transactional: yes\n-- migrate:upgrade\n", 3,
                "'Transactional' must be true or false, not 'yes'"},
        BadCase{"emptyRevisionId", "-- m\n-- Revision ID:\n-- migrate:upgrade\n", 2,
                "empty 'Revision ID'"},
        BadCase{"revisionIdWithSpace", "-- m\n-- Revision ID: ab cd\n-- migrate:upgrade\n", 2,
                "invalid revision id 'ab cd'"},
        BadCase{"revisionIdWithDash", "-- m\n-- Revision ID: ab-cd\n-- migrate:upgrade\n", 2,
                "invalid revision id 'ab-cd'"},
        BadCase{"revisionIdWithAt", "-- m\n-- Revision ID: ab@head\n-- migrate:upgrade\n", 2,
                "invalid revision id"},
        BadCase{"revisionIdWithPlus", "-- m\n-- Revision ID: ab+1\n-- migrate:upgrade\n", 2,
                "invalid revision id"},
        BadCase{"revisionIdWithColon", "-- m\n-- Revision ID: ab:cd\n-- migrate:upgrade\n", 2,
                "invalid revision id"},
        BadCase{"badParent", "-- m\n-- Revision ID: a\n-- Revises: b, c-d\n-- migrate:upgrade\n", 3,
                "'Revises': invalid revision id 'c-d'"},
        BadCase{"strayComma", "-- m\n-- Revision ID: a\n-- Revises: b,,c\n-- migrate:upgrade\n", 3,
                "'Revises': empty item (stray comma?)"},
        BadCase{"parentTwice", "-- m\n-- Revision ID: a\n-- Revises: b, b\n-- migrate:upgrade\n", 3,
                "'Revises': 'b' is listed twice"},
        BadCase{"badLabel",
                "-- m\n-- Revision ID: a\n-- Branch Labels: my label\n-- migrate:upgrade\n", 3,
                "'Branch Labels': invalid branch label 'my label'"},
        BadCase{"badDependsOn",
                "-- m\n-- Revision ID: a\n-- Depends On: x@head\n-- migrate:upgrade\n", 3,
                "'Depends On': invalid revision or label 'x@head'"},
        BadCase{"duplicateSection",
                "-- m\n-- Revision ID: a\n-- migrate:upgrade\nSELECT 1;\n-- migrate:downgrade\n"
                "-- migrate:upgrade\n",
                6, "duplicate section '-- migrate:upgrade' (first at line 3)"},
        BadCase{"duplicateQualifiedSection",
                "-- m\n-- Revision ID: a\n-- migrate:upgrade\n-- migrate:downgrade sqlite\n"
                "-- migrate:downgrade sqlite\n",
                5, "duplicate section '-- migrate:downgrade sqlite'"},
        BadCase{"unknownDriver",
                "-- m\n-- Revision ID: a\n-- migrate:upgrade\n-- migrate:upgrade oracle\n", 4,
                "unknown driver 'oracle'"},
        BadCase{"unknownSection", "-- m\n-- Revision ID: a\n-- migrate:up\n", 3,
                "unknown section '-- migrate:up'"},
        BadCase{"textAfterQualifier", "-- m\n-- Revision ID: a\n-- migrate:upgrade sqlite please\n",
                3, "unexpected text 'please'"},
        BadCase{"missingUpgrade",
                "-- m\n-- Revision ID: a\n\n-- migrate:downgrade\nDROP TABLE t;\n\n", 6,
                "missing '-- migrate:upgrade' section"},
        BadCase{"onlyQualifiedUpgrade",
                "-- m\n-- Revision ID: a\n-- migrate:upgrade postgresql\nSELECT 1;\n", 4,
                "missing '-- migrate:upgrade' section"},
        BadCase{"sqlBeforeFirstSection",
                "-- m\n-- Revision ID: a\nCREATE TABLE t (x);\n-- migrate:upgrade\n", 3,
                "unexpected text before the first section"},
        BadCase{"blockCommentInHeader", "/* m */\n-- Revision ID: a\n-- migrate:upgrade\n", 1,
                "unexpected text before the first section"},
        BadCase{"notUtf8", "-- m\n-- Revision ID: a\n-- caf\xE9\n-- migrate:upgrade\n", 3,
                "not valid UTF-8"},
        BadCase{"overlongUtf8", "-- m\n\n\n\n-- \xC0\xAF\n-- Revision ID: a\n-- migrate:upgrade\n",
                5, "not valid UTF-8"}),
    [](const ::testing::TestParamInfo<BadCase> &info) { return std::string(info.param.name); });

TEST(ScriptParser, ErrorsCarryTheRevisionOnceKnown)
{
    Result<Script> r = parse("-- m\n-- Revision ID: abc123\n-- Transactional: maybe\n"
                             "-- migrate:upgrade\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().revision, QStringLiteral("abc123"));
    EXPECT_EQ(r.error().toString(),
              kPath + QStringLiteral(":3: 'Transactional' must be true or false, not 'maybe'"));
}

TEST(ScriptParser, ValidRevisionIds)
{
    EXPECT_TRUE(isValidRevisionId(u"3f2a9c1b7d40"));
    EXPECT_TRUE(isValidRevisionId(u"release_1_0"));
    EXPECT_TRUE(isValidRevisionId(u"ÄÖÜ"));
    EXPECT_FALSE(isValidRevisionId(u""));
    for (const char16_t *bad : {u"a b", u"a-b", u"a+b", u"a@b", u"a:b", u"a.b", u"a,b"})
        EXPECT_FALSE(isValidRevisionId(QStringView(bad))) << QString::fromUtf16(bad).toStdString();
}

TEST(ScriptLoad, SortsByFileNameBytesAndSkipsOtherFiles)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    // Byte order: "B" (0x42) < "a" (0x61); "a.sql" ('.' 0x2E) < "a_x.sql" ('_' 0x5F); "é" last.
    writeFile(dir.filePath(QStringLiteral("a_x.sql")), minimalScript(QStringLiteral("r3")));
    writeFile(dir.filePath(QStringLiteral("\u00e9t\u00e9.sql")),
              minimalScript(QStringLiteral("r5")));
    writeFile(dir.filePath(QStringLiteral("B.sql")), minimalScript(QStringLiteral("r1")));
    writeFile(dir.filePath(QStringLiteral("a.sql")), minimalScript(QStringLiteral("r2")));
    writeFile(dir.filePath(QStringLiteral("z.sql")), minimalScript(QStringLiteral("r4")));
    // Not loaded: other extensions, upper-case extension, hidden files, sub-folders.
    writeFile(dir.filePath(QStringLiteral("notes.txt")), "x");
    writeFile(dir.filePath(QStringLiteral("c.py")), "x");
    writeFile(dir.filePath(QStringLiteral("d.SQL")), "x");
    writeFile(dir.filePath(QStringLiteral("e.sql~")), "x");
    writeFile(dir.filePath(QStringLiteral(".hidden.sql")), "x");
    ASSERT_TRUE(dir.mkpath(QStringLiteral("sub.sql")));
    ASSERT_TRUE(dir.mkpath(QStringLiteral("nested")));
    writeFile(dir.filePath(QStringLiteral("nested/n.sql")), "x");

    const ScriptLoad load = loadScripts(tmp.path());
    EXPECT_TRUE(load.errors.empty());
    QStringList order;
    for (const Script &s : load.scripts)
        order << s.revision;
    EXPECT_EQ(order, (QStringList{QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3"),
                                  QStringLiteral("r4"), QStringLiteral("r5")}));
    ASSERT_EQ(load.scripts.size(), 5u);
    EXPECT_EQ(load.scripts[0].path, QDir(tmp.path()).absoluteFilePath(QStringLiteral("B.sql")));
    EXPECT_EQ(load.scripts[0].fileName, QStringLiteral("B.sql"));
}

TEST(ScriptLoad, OneBadFileDoesNotStopTheRest)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("1_a.sql")), minimalScript(QStringLiteral("a")));
    writeFile(dir.filePath(QStringLiteral("2_bad.sql")),
              "-- Bad\n-- Revision ID: b\n-- Revises: a\n-- Colour: red\n-- migrate:upgrade\n");
    writeFile(dir.filePath(QStringLiteral("3_c.sql")),
              minimalScript(QStringLiteral("c"), QStringLiteral("a")));
    writeFile(dir.filePath(QStringLiteral("4_bad.sql")), "SELECT 1;\n");

    const ScriptLoad load = loadScripts(tmp.path());
    ASSERT_EQ(load.scripts.size(), 2u);
    EXPECT_EQ(load.scripts[0].revision, QStringLiteral("a"));
    EXPECT_EQ(load.scripts[1].revision, QStringLiteral("c"));
    ASSERT_EQ(load.errors.size(), 2u);
    EXPECT_EQ(load.errors[0].file, dir.absoluteFilePath(QStringLiteral("2_bad.sql")));
    EXPECT_EQ(load.errors[0].line, 4);
    EXPECT_EQ(load.errors[0].revision, QStringLiteral("b"));
    EXPECT_EQ(load.errors[1].file, dir.absoluteFilePath(QStringLiteral("4_bad.sql")));
    EXPECT_EQ(load.errors[1].line, 1);
}

TEST(ScriptLoad, ManyFilesKeepTheirOrder)
{
    // Enough files to take the multi-threaded path; order and content must not depend on it.
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    const int count = 1500;
    for (int i = 0; i < count; ++i) {
        const QString rev = QStringLiteral("r%1").arg(i, 5, 10, QLatin1Char('0'));
        writeFile(dir.filePath(rev + QStringLiteral("_step.sql")),
                  i == 777 ? QByteArray("not a script\n") : minimalScript(rev));
    }
    const ScriptLoad load = loadScripts(tmp.path());
    ASSERT_EQ(load.scripts.size(), size_t(count - 1));
    ASSERT_EQ(load.errors.size(), 1u);
    EXPECT_TRUE(load.errors[0].file.endsWith(QStringLiteral("r00777_step.sql")));
    for (size_t i = 0; i < load.scripts.size(); ++i) {
        const int n = int(i) < 777 ? int(i) : int(i) + 1;
        ASSERT_EQ(load.scripts[i].revision, QStringLiteral("r%1").arg(n, 5, 10, QLatin1Char('0')));
    }
}

TEST(ScriptLoad, MissingFolderIsAnError)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QString missing = tmp.filePath(QStringLiteral("versions"));
    const ScriptLoad load = loadScripts(missing);
    EXPECT_TRUE(load.scripts.empty());
    ASSERT_EQ(load.errors.size(), 1u);
    EXPECT_EQ(load.errors[0].file, missing);
    EXPECT_TRUE(load.errors[0].message.contains(QStringLiteral("not found")));
}

TEST(ScriptLoad, EmptyFolderLoadsNothing)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const ScriptLoad load = loadScripts(tmp.path());
    EXPECT_TRUE(load.scripts.empty());
    EXPECT_TRUE(load.errors.empty());
}
