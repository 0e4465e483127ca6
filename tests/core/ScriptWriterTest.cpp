#include "scripts/ScriptWriter.h"
#include "scripts/ScriptParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

#include <gtest/gtest.h>

// gtest prints QStrings (and QStringLists) readably. Internal linkage: each test file has one.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

NewRevision sample()
{
    NewRevision r;
    r.id = QStringLiteral("3f2a9c1b7d40");
    r.message = QStringLiteral("Add invoices table");
    r.parents = {QStringLiteral("1b2c3d4e5f60")};
    r.branchLabels = {QStringLiteral("billing")};
    r.created = QDateTime(QDate(2026, 11, 20), QTime(10, 0, 0, 123));
    r.upgradeSql =
        QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total NUMERIC NOT NULL);");
    r.downgradeSql = QStringLiteral("DROP TABLE invoices;");
    return r;
}

} // namespace

TEST(ScriptWriter, RevisionIdsAre12RandomLowercaseHex)
{
    const QRegularExpression form(QStringLiteral("^[0-9a-f]{12}$"));
    QSet<QString> seen;
    for (int i = 0; i < 2000; ++i) {
        const QString id = generateRevisionId();
        ASSERT_TRUE(form.match(id).hasMatch()) << id.toStdString();
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 2000);
}

TEST(ScriptWriter, SlugsMatchAlembic)
{
    // Expected values were computed by running Alembic 1.8.1's own
    // ScriptDirectory._rev_path (alembic/script/base.py, truncate_slug_length=40) with
    // /usr/bin/python3 on each message, then hard-coded here.
    const std::vector<std::pair<QString, QString>> cases = {
        {QStringLiteral("Add invoices table"), QStringLiteral("add_invoices_table")},
        {QStringLiteral("  Create   users, roles & permissions!!  "),
         QStringLiteral("create_users_roles_permissions")},
        {QStringLiteral("a very long message that goes on and on past forty characters"),
         QStringLiteral("a_very_long_message_that_goes_on_and_on_")},
        {QStringLiteral("averyveryveryveryveryveryveryverylongwordwithoutanyunderscoreatall"),
         QStringLiteral("averyveryveryveryveryveryveryverylongwor_")},
        {QStringLiteral("Ünïcödé naïve café"), QStringLiteral("ünïcödé_naïve_café")},
        {QString(), QString()},
        {QStringLiteral("don't-stop: 2 times_over"), QStringLiteral("don_t_stop_2_times_over")},
        {QStringLiteral("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"),
         QStringLiteral("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_")},
        {QStringLiteral("abcdefghij abcdefghij abcdefghij abcdefghi"),
         QStringLiteral("abcdefghij_abcdefghij_abcdefghij_")},
        {QStringLiteral("İstanbul İzmir"), QStringLiteral("i\u0307stanbul_i\u0307zmir")},
        {QStringLiteral("add_column__twice"), QStringLiteral("add_column__twice")},
        {QStringLiteral("日本語のテーブル 追加"), QStringLiteral("日本語のテーブル_追加")},
        {QStringLiteral("__init__ stuff"), QStringLiteral("__init___stuff")},
    };
    for (const auto &[message, slug] : cases)
        EXPECT_EQ(slugify(message), slug) << message.toStdString();
}

TEST(ScriptWriter, WritesTheDesignFormatExactly)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    Result<QString> path = writeRevision(tmp.path(), sample());
    ASSERT_TRUE(path.ok()) << path.error().toString().toStdString();
    EXPECT_EQ(
        *path,
        QDir(tmp.path()).absoluteFilePath(QStringLiteral("3f2a9c1b7d40_add_invoices_table.sql")));
    EXPECT_EQ(readAll(*path),
              QByteArray("-- Add invoices table\n"
                         "--\n"
                         "-- Revision ID: 3f2a9c1b7d40\n"
                         "-- Revises: 1b2c3d4e5f60\n"
                         "-- Branch Labels: billing\n"
                         "-- Depends On:\n"
                         "-- Create Date: 2026-11-20 10:00:00.123000\n"
                         "-- Transactional: true\n"
                         "\n"
                         "-- migrate:upgrade\n"
                         "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total NUMERIC NOT NULL);\n"
                         "\n"
                         "-- migrate:downgrade\n"
                         "DROP TABLE invoices;\n"));
}

TEST(ScriptWriter, RoundTripsThroughTheParser)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    NewRevision r = sample();
    r.id = QStringLiteral("a1b2c3d4e5f6");
    r.message = QStringLiteral("Merge billing and reviews: the Ünïcode one");
    r.parents = {QStringLiteral("1b2c3d4e5f60"), QStringLiteral("0a0b0c0d0e0f")};
    r.branchLabels = {QStringLiteral("billing"), QStringLiteral("money")};
    r.dependsOn = {QStringLiteral("reviews"), QStringLiteral("ffee")};
    r.transactional = false;
    r.upgradeSql = QStringLiteral("\nCREATE INDEX CONCURRENTLY i ON t (x);\n-- done\n\n\n");
    r.downgradeSql = QStringLiteral("DROP INDEX i;");
    Result<QString> path = writeRevision(tmp.path(), r);
    ASSERT_TRUE(path.ok()) << path.error().toString().toStdString();

    Result<Script> s = parseScript(*path, readAll(*path));
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->revision, r.id);
    EXPECT_EQ(s->message, r.message);
    EXPECT_EQ(s->downRevisions, r.parents);
    EXPECT_EQ(s->branchLabels, r.branchLabels);
    EXPECT_EQ(s->dependsOn, r.dependsOn);
    EXPECT_EQ(s->createDate, QStringLiteral("2026-11-20 10:00:00.123000"));
    EXPECT_FALSE(s->transactional);
    EXPECT_EQ(s->upgrade.sql, QStringLiteral("\nCREATE INDEX CONCURRENTLY i ON t (x);\n-- done"));
    EXPECT_EQ(s->downgrade.sql, r.downgradeSql);
    EXPECT_EQ(s->upgrade.firstLine, 11);
    // The slug has 41 code points: cut to 40, then back to the last '_' (Alembic's rule).
    EXPECT_EQ(s->fileName,
              QStringLiteral("a1b2c3d4e5f6_merge_billing_and_reviews_the_ünïcode_.sql"));
    EXPECT_EQ(s->path, *path);
}

TEST(ScriptWriter, EmptySqlGetsHelpfulCommentSections)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    NewRevision r;
    r.message = QStringLiteral("First");
    Result<QString> path = writeRevision(tmp.path(), r);
    ASSERT_TRUE(path.ok()) << path.error().toString().toStdString();
    EXPECT_TRUE(
        QRegularExpression(QStringLiteral("/[0-9a-f]{12}_first\\.sql$")).match(*path).hasMatch())
        << path->toStdString();

    Result<Script> s = parseScript(*path, readAll(*path));
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_TRUE(s->downRevisions.isEmpty());
    EXPECT_TRUE(s->transactional);
    EXPECT_TRUE(s->upgrade.present());
    EXPECT_TRUE(s->downgrade.present());
    EXPECT_TRUE(s->upgrade.sql.startsWith(QStringLiteral("-- ")));
    EXPECT_TRUE(s->downgrade.sql.startsWith(QStringLiteral("-- ")));
    EXPECT_FALSE(s->upgrade.sql.contains(u'\n'));
    // The create date defaults to now, with microseconds like Python's str(datetime).
    EXPECT_TRUE(
        QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}$"))
            .match(s->createDate)
            .hasMatch())
        << s->createDate.toStdString();
}

TEST(ScriptWriter, EmptyMessageGivesAnEmptySlugAndMessage)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    NewRevision r = sample();
    r.message.clear();
    Result<QString> path = writeRevision(tmp.path(), r);
    ASSERT_TRUE(path.ok()) << path.error().toString().toStdString();
    EXPECT_TRUE(path->endsWith(QStringLiteral("/3f2a9c1b7d40_.sql")));
    Result<Script> s = parseScript(*path, readAll(*path));
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_TRUE(s->message.isEmpty());
}

TEST(ScriptWriter, RefusesToOverwriteOrReuseAnId)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    Result<QString> first = writeRevision(tmp.path(), sample());
    ASSERT_TRUE(first.ok());
    const QByteArray before = readAll(*first);

    NewRevision again = sample();
    again.upgradeSql = QStringLiteral("SELECT 'changed';");
    Result<QString> same = writeRevision(tmp.path(), again);
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(readAll(*first), before);

    again.message = QStringLiteral("Another message");
    Result<QString> reused = writeRevision(tmp.path(), again);
    ASSERT_FALSE(reused.ok());
    EXPECT_TRUE(reused.error().message.contains(QStringLiteral("already used")));
    EXPECT_EQ(QDir(tmp.path()).entryList(QDir::Files).size(), 1);
}

TEST(ScriptWriter, CreatesAMissingScriptsFolder)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QString dir = tmp.filePath(QStringLiteral("a/versions"));
    Result<QString> path = writeRevision(dir, sample());
    ASSERT_TRUE(path.ok()) << path.error().toString().toStdString();
    EXPECT_TRUE(QFileInfo::exists(*path));
}

TEST(ScriptWriter, RejectsWhatWouldNotRoundTrip)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    auto fails = [&](NewRevision r, const char *part) {
        Result<QString> p = writeRevision(tmp.path(), r);
        if (p.ok())
            return ::testing::AssertionFailure() << "written: " << p->toStdString();
        if (!p.error().message.contains(QString::fromUtf8(part)))
            return ::testing::AssertionFailure() << p.error().message.toStdString();
        return ::testing::AssertionSuccess();
    };
    NewRevision r = sample();
    r.message = QStringLiteral("two\nlines");
    EXPECT_TRUE(fails(r, "single line"));
    r = sample();
    r.id = QStringLiteral("bad-id");
    EXPECT_TRUE(fails(r, "invalid revision id 'bad-id'"));
    r = sample();
    r.parents = {QStringLiteral("ok"), QStringLiteral("not ok")};
    EXPECT_TRUE(fails(r, "invalid parent revision id 'not ok'"));
    r = sample();
    r.branchLabels = {QStringLiteral("a,b")};
    EXPECT_TRUE(fails(r, "invalid branch label 'a,b'"));
    r = sample();
    r.dependsOn = {QStringLiteral("x"), QStringLiteral("x")};
    EXPECT_TRUE(fails(r, "listed twice"));
    r = sample();
    r.downgradeSql = QStringLiteral("DROP TABLE x;\n-- migrate:upgrade\nSELECT 1;");
    EXPECT_TRUE(fails(r, "'-- migrate:' line"));
    r = sample();
    r.message = QStringLiteral("Revises: abc");
    EXPECT_TRUE(fails(r, "reads as a header line"));
    EXPECT_TRUE(QDir(tmp.path()).entryList(QDir::Files).isEmpty());
}
