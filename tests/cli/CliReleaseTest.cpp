// Releases in retort-cli on a git repository made here with three tagged releases: which release
// each environment is on (status), the project as it was at a tag (--at), a folder outside git
// printing as it always did, a shallow clone saying so.
#include "Cli.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "CliTestSupport.h"

#include <gtest/gtest.h>

using namespace clitest;

namespace {

void writeText(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

const char *const kToml =
    "[project]\nname = \"shop\"\nscripts = \"versions\"\n\n"
    "[environments.production]\ndriver = \"sqlite\"\ndatabase = \"prod.db\"\n\n"
    "[environments.staging]\ndriver = \"sqlite\"\n"
    "database = \"staging.db\"\n";

class CliReleaseTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        if (QStandardPaths::findExecutable("git").isEmpty())
            GTEST_SKIP() << "git is not installed";
        m_repo = m_dir.path() + "/repo";
        m_project = m_repo + "/db";
        QDir().mkpath(m_project);
        git({"init", "-q", "-b", "main"});
        writeText(m_repo + "/.gitignore", "*.db\n");
        writeText(m_project + "/retort.toml", kToml);
        commit("start", "2026-01-01T10:00:00Z");
        // v1.0: a1; v1.1: b2; v2.0: c3; d4 committed after v2.0 (unreleased).
        script("aaaa00000001", "");
        commit("add a1", "2026-02-01T10:00:00Z");
        git({"tag", "-a", "v1.0", "-m", "v1.0"});
        script("bbbb00000002", "aaaa00000001");
        commit("add b2", "2026-03-01T10:00:00Z");
        git({"tag", "-a", "v1.1", "-m", "v1.1"});
        script("cccc00000003", "bbbb00000002");
        commit("add c3", "2026-04-01T10:00:00Z");
        git({"tag", "-a", "v2.0", "-m", "v2.0"});
        script("dddd00000004", "cccc00000003");
        commit("add d4", "2026-05-01T10:00:00Z");
    }
    void git(const QStringList &args, const QString &dir = {})
    {
        QProcess p;
        p.setWorkingDirectory(dir.isEmpty() ? m_repo : dir);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *k : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
            env.insert(k, "Ann");
        for (const char *k : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
            env.insert(k, "ann@example.com");
        env.insert("GIT_AUTHOR_DATE", m_date);
        env.insert("GIT_COMMITTER_DATE", m_date);
        p.setProcessEnvironment(env);
        p.start("git", args);
        p.closeWriteChannel();
        ASSERT_TRUE(p.waitForFinished(30000));
        ASSERT_EQ(p.exitCode(), 0)
            << args.join(' ').toStdString() << ": " << p.readAllStandardError().toStdString();
    }
    void commit(const QString &message, const QString &date)
    {
        m_date = date;
        git({"add", "-A"});
        git({"commit", "-q", "-m", message});
    }
    void script(const QString &id, const QString &down)
    {
        writeText(m_project + "/versions/" + id + "_x.sql",
                  QString("-- Step %1\n--\n-- Revision ID: %1\n-- Revises: %2\n\n"
                          "-- migrate:upgrade\nCREATE TABLE t_%1 (id INTEGER);\n\n"
                          "-- migrate:downgrade\nDROP TABLE t_%1;\n")
                      .arg(id, down));
    }
    // production on v1.1 (a1, b2), staging on v2.0 and the unreleased d4.
    void upgradeEnvironments()
    {
        ASSERT_EQ(cli(m_project, {"--env", "production", "upgrade", "bbbb00000002"}).code, 0);
        ASSERT_EQ(cli(m_project, {"--env", "staging", "upgrade", "heads"}).code, 0);
    }
    QString line(const QString &out, const QString &start)
    {
        for (const QString &l : out.split('\n'))
            if (l.startsWith(start))
                return l;
        return {};
    }
    QTemporaryDir m_dir;
    QString m_repo, m_project, m_date;
};

} // namespace

TEST_F(CliReleaseTest, StatusSaysWhichReleaseEachEnvironmentIsOn)
{
    upgradeEnvironments();
    CliRun r = cli(m_project, {"status"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
    EXPECT_TRUE(line(r.out, "ENVIRONMENT")
                    .contains(QRegularExpression(
                        "^ENVIRONMENT\\s+DRIVER\\s+CURRENT\\s+RELEASE\\s+PENDING")))
        << r.out.toStdString();
    EXPECT_TRUE(line(r.out, "production")
                    .contains(QRegularExpression("^production\\s+sqlite\\s+bbbb00000002\\s+v1\\.1"
                                                 "\\s+2\\s+no")))
        << r.out.toStdString();
    EXPECT_TRUE(
        line(r.out, "staging ")
            .contains(QRegularExpression(
                "^staging\\s+sqlite\\s+dddd00000004 \\(head\\)\\s+v2\\.0 \\+ 1\\s+0\\s+yes")))
        << r.out.toStdString();
    EXPECT_EQ(line(r.out, "staging:"), "staging: v2.0 + 1, 2 ahead of production")
        << r.out.toStdString();

    r = cli(m_project, {"status", "--json"});
    ASSERT_EQ(r.code, 0);
    const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 2);
    EXPECT_EQ(arr[0]["environment"].toString(), "production");
    EXPECT_EQ(arr[0]["release"].toString(), "v1.1");
    EXPECT_EQ(arr[1]["release"].toString(), "v2.0 + 1");

    // Both on the same revisions: no comparison line; an empty database is before the first.
    ASSERT_EQ(cli(m_project, {"--env", "staging", "downgrade", "bbbb00000002"}).code, 0);
    r = cli(m_project, {"status"});
    EXPECT_TRUE(line(r.out, "staging:").isEmpty()) << r.out.toStdString();
    EXPECT_TRUE(line(r.out, "staging ").contains(QRegularExpression("\\sv1\\.1\\s")));
    ASSERT_EQ(cli(m_project, {"--env", "production", "downgrade", "base"}).code, 0);
    r = cli(m_project, {"status"});
    EXPECT_TRUE(line(r.out, "production").contains("before v1.0")) << r.out.toStdString();
    EXPECT_EQ(line(r.out, "staging:"), "staging: v1.1, 2 ahead of production")
        << r.out.toStdString();
}

TEST_F(CliReleaseTest, AtReadsTheProjectAsItWasAtARef)
{
    CliRun r = cli(m_project, {"history", "--at", "v1.0"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("aaaa00000001")) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains("bbbb00000002")) << r.out.toStdString();
    r = cli(m_project, {"history"});
    EXPECT_TRUE(r.out.contains("dddd00000004")) << r.out.toStdString();

    // Before the command too; heads of that release.
    r = cli(m_project, {"--at", "v2.0", "heads"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_EQ(r.out.trimmed(), "cccc00000003 (head)");

    // What release v1.1 will run: its SQL only.
    r = cli(m_project, {"--env", "production", "upgrade", "heads", "--sql", "--at", "v1.1"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("CREATE TABLE t_aaaa00000001")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("CREATE TABLE t_bbbb00000002")) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains("cccc00000003")) << r.out.toStdString();

    // The environments are the real ones: a run at a release upgrades the real database, and
    // the working tree's project sees it.
    r = cli(m_project, {"--env", "production", "upgrade", "heads", "--at", "v1.1"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(QFile::exists(m_project + "/prod.db"));
    EXPECT_EQ(cli(m_project, {"--env", "production", "current"}).out.trimmed(), "bbbb00000002");

    // Nothing can be written to an older version; an unknown ref says so.
    r = cli(m_project, {"revision", "-m", "new", "--at", "v1.0"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("--at reads an older version; nothing can be written to it"))
        << r.err.toStdString();
    EXPECT_EQ(QDir(m_project + "/versions").entryList(QDir::Files).size(), 4);
    r = cli(m_project, {"heads", "--at", "v9"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("no such ref 'v9'")) << r.err.toStdString();
}

TEST_F(CliReleaseTest, AShallowCloneSaysSoAndShowsNoRelease)
{
    const QString clone = m_dir.path() + "/shallow";
    git({"clone", "-q", "--depth", "1", "file://" + m_repo, clone}, m_dir.path());
    CliRun r = cli(clone + "/db", {"status"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("note: no releases: the checkout is shallow"))
        << r.err.toStdString();
    EXPECT_FALSE(r.out.contains("RELEASE")) << r.out.toStdString();
    r = cli(clone + "/db", {"status", "--json"});
    ASSERT_EQ(r.code, 0);
    const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 2);
    EXPECT_TRUE(arr[0]["release"].isNull());
}

TEST(CliRelease, AProjectOutsideGitPrintsAsBefore)
{
    QTemporaryDir dir;
    const QString root = dir.path() + "/plain";
    writeText(root + "/retort.toml", kToml);
    QDir().mkpath(root + "/versions");
    CliRun r = cli(root, {"status"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
    EXPECT_TRUE(r.out.startsWith("ENVIRONMENT  DRIVER  CURRENT  PENDING  AT HEADS  CHECKED\n"))
        << r.out.toStdString();
    EXPECT_FALSE(r.out.contains("release", Qt::CaseInsensitive)) << r.out.toStdString();
    r = cli(root, {"status", "--json"});
    const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 2);
    EXPECT_TRUE(arr[0]["release"].isNull());
    r = cli(root, {"heads", "--at", "v1.0"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("not in a git checkout")) << r.err.toStdString();
}
