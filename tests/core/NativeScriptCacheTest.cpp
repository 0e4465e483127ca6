// Native (.sql) scripts go through the parse cache as Alembic ones do (ScriptCache.h): a cached
// load gives back every part of the scripts the parser read (sections, driver sections, the
// transactional flag), and is confirmed only while the folder is unchanged.
#include "scripts/ScriptCache.h"
#include "scripts/ScriptLoader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

class NativeScriptCache : public ::testing::Test {
protected:
    void SetUp() override
    {
        ScriptCache::setRacyWindow(0); // files written now may be cached at once
        m_root.mkpath("cache");
        m_root.mkpath("versions");
        qputenv("RETORT_CACHE_DIR", m_root.filePath("cache").toUtf8());
        write("versions/aaaa_one.sql", "-- One\n-- Revision ID: aaaa\n-- Revises:\n\n"
                                       "-- migrate:upgrade\nCREATE TABLE one (id INTEGER);\n\n"
                                       "-- migrate:downgrade\nDROP TABLE one;\n");
        write("versions/bbbb_two.sql",
              "-- Two\n-- Revision ID: bbbb\n-- Revises: aaaa\n-- Branch Labels: x\n"
              "-- Depends On: aaaa\n-- Create Date: 2026-01-02 03:04:05\n"
              "-- Transactional: false\n\n-- migrate:upgrade\nCREATE INDEX i ON one (id);\n\n"
              "-- migrate:upgrade postgresql\nCREATE INDEX CONCURRENTLY i ON one (id);\n\n"
              "-- migrate:downgrade\nDROP INDEX i;\n");
    }
    void TearDown() override
    {
        qunsetenv("RETORT_CACHE_DIR");
        ScriptCache::setRacyWindow(ScriptCache::kDefaultRacyWindowNs);
    }
    void write(const QString &rel, const QByteArray &text)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(25)); // a new timestamp tick
        QFile f(m_root.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }
    QString dir() const { return m_root.filePath("versions"); }

    QTemporaryDir m_tmp;
    QDir m_root{m_tmp.path()};
};

void expectSameScript(const Script &a, const Script &b)
{
    EXPECT_EQ(a.revision, b.revision);
    EXPECT_EQ(a.downRevisions, b.downRevisions);
    EXPECT_EQ(a.branchLabels, b.branchLabels);
    EXPECT_EQ(a.dependsOn, b.dependsOn);
    EXPECT_EQ(a.message, b.message);
    EXPECT_EQ(a.createDate, b.createDate);
    EXPECT_EQ(a.transactional, b.transactional);
    EXPECT_EQ(a.upgrade.sql, b.upgrade.sql);
    EXPECT_EQ(a.upgrade.firstLine, b.upgrade.firstLine);
    EXPECT_EQ(a.downgrade.sql, b.downgrade.sql);
    EXPECT_EQ(a.downgrade.firstLine, b.downgrade.firstLine);
    EXPECT_EQ(a.upgradeByDriver.keys(), b.upgradeByDriver.keys());
    for (const QString &driver : a.upgradeByDriver.keys()) {
        EXPECT_EQ(a.upgradeByDriver.value(driver).sql, b.upgradeByDriver.value(driver).sql);
        EXPECT_EQ(a.upgradeByDriver.value(driver).firstLine,
                  b.upgradeByDriver.value(driver).firstLine);
    }
    EXPECT_EQ(a.downgradeByDriver.keys(), b.downgradeByDriver.keys());
    EXPECT_EQ(a.language, b.language);
    EXPECT_EQ(a.path, b.path);
    EXPECT_EQ(a.fileName, b.fileName);
}

} // namespace

TEST_F(NativeScriptCache, ACachedLoadGivesBackTheWholeScripts)
{
    EXPECT_FALSE(startCachedLoad(dir())); // nothing cached yet
    const ScriptLoad parsed = loadScripts(dir());
    ASSERT_TRUE(parsed.errors.empty());
    ASSERT_EQ(parsed.scripts.size(), 2U);
    EXPECT_FALSE(parsed.scripts[1].transactional);
    EXPECT_TRUE(parsed.scripts[1].upgradeByDriver.contains("postgresql"));

    auto cached = startCachedLoad(dir());
    ASSERT_TRUE(cached);
    const std::vector<Script> scripts = cached->takeScripts();
    EXPECT_TRUE(cached->confirm());
    ASSERT_EQ(scripts.size(), 2U);
    for (size_t i = 0; i < scripts.size(); ++i)
        expectSameScript(scripts[i], parsed.scripts[i]);
    EXPECT_EQ(scripts[1].upgradeFor("postgresql").sql, "CREATE INDEX CONCURRENTLY i ON one (id);");
    // The Alembic cache of the same folder is another file: neither reads the other's.
    EXPECT_FALSE(startCachedPythonLoad({dir()}, false));
}

TEST_F(NativeScriptCache, AnEditedScriptIsNotTakenFromTheCache)
{
    ASSERT_EQ(loadScripts(dir()).scripts.size(), 2U);
    write("versions/aaaa_one.sql", "-- One, edited\n-- Revision ID: aaaa\n-- Revises:\n\n"
                                   "-- migrate:upgrade\nCREATE TABLE one (id BIGINT);\n");
    auto cached = startCachedLoad(dir());
    ASSERT_TRUE(cached);
    (void)cached->takeScripts();
    EXPECT_FALSE(cached->confirm()); // the caller loads again
    const ScriptLoad again = loadScripts(dir());
    ASSERT_EQ(again.scripts.size(), 2U);
    EXPECT_EQ(again.scripts[0].message, "One, edited");
    EXPECT_EQ(again.scripts[0].upgrade.sql, "CREATE TABLE one (id BIGINT);");
}
