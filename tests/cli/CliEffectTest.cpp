// retort-cli show REV --effect and check --roundtrip on a copy of the demo project (SQLite): what
// each upgrade changes, replayed, and whether its downgrade restores the schema — with one
// downgrade made incomplete on purpose, the verdict names what stays.

#include "CliTestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace clitest;

namespace {

const QString kIndexScript = "versions/f883f1ce0eda_index_books_by_title_and_author.sql";

// The demo project's scripts and retort.toml (not its database) under `to`.
void copyDemo(const QString &to)
{
    const QDir from(RETORT_SOURCE_DIR "/migrations");
    QDirIterator it(from.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = from.relativeFilePath(path);
        if (rel.endsWith(".db") || rel.startsWith(".retort"))
            continue;
        QDir().mkpath(QFileInfo(to + "/" + rel).absolutePath());
        ASSERT_TRUE(QFile::copy(path, to + "/" + rel)) << rel.toStdString();
    }
}

} // namespace

TEST(CliEffect, ShowsWhatAnUpgradeChangesAndThatItsDowngradeRestoresIt)
{
    QTemporaryDir dir;
    copyDemo(dir.path());
    const CliRun r = cli(dir.path(), {"show", "f883f1ce0eda", "--effect"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("adds index `books.ix_books_title`")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("adds index `orders.ix_orders_customer_id`")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("Downgrade restores the schema exactly: yes"))
        << r.out.toStdString();
    EXPECT_FALSE(r.out.contains("adds table")) << r.out.toStdString(); // only its own changes

    // A merge changes nothing and undoes nothing.
    const CliRun merge = cli(dir.path(), {"show", "5ea58ce1dd20", "--effect"});
    ASSERT_EQ(merge.code, 0) << merge.err.toStdString();
    EXPECT_TRUE(merge.out.contains("no schema change")) << merge.out.toStdString();

    const CliRun all = cli(dir.path(), {"check", "--roundtrip"});
    EXPECT_EQ(all.code, 0) << all.err.toStdString();
    EXPECT_TRUE(all.out.contains("every downgrade of the 12 revision(s) restores"))
        << all.out.toStdString();
}

TEST(CliEffect, AnIncompleteDowngradeIsNamedWithWhatItLeaves)
{
    QTemporaryDir dir;
    copyDemo(dir.path());
    QFile f(dir.path() + "/" + kIndexScript);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    QByteArray text = f.readAll();
    f.close();
    ASSERT_TRUE(text.contains("DROP INDEX ix_books_title;"));
    text.replace("DROP INDEX ix_books_title;", "");
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
    f.close();

    const CliRun r = cli(dir.path(), {"show", "f883f1ce0eda", "--effect"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("Downgrade restores the schema exactly: no; it leaves 1 "
                               "difference(s):"))
        << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("adds index `books.ix_books_title`")) << r.out.toStdString();

    const CliRun all = cli(dir.path(), {"check", "--roundtrip"});
    EXPECT_NE(all.code, 0);
    EXPECT_TRUE(all.err.contains("1 of 12 revision(s) do not round-trip on sqlite"))
        << all.err.toStdString();
    EXPECT_TRUE(all.err.contains("f883f1ce0eda: after its upgrade and downgrade the schema still "
                                 "differs: adds index `books.ix_books_title`"))
        << all.err.toStdString();
}
