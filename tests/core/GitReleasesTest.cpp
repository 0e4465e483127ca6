// The release map (release/GitReleases.h) on real git repositories made here: three tagged
// releases, a moved script, an uncommitted one, a branch merged late, a shallow clone, no
// checkout at all.

#include "release/GitReleases.h"
#include "release/ProjectAtRef.h"

#include "base/Git.h"
#include "project/Workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace retort;

namespace {

void writeFile(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

class GitReleasesTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        if (gitExecutable().isEmpty())
            GTEST_SKIP() << "git is not installed";
        m_repo = m_dir.filePath(QStringLiteral("repo"));
        m_project = m_repo + QStringLiteral("/db");
        QDir().mkpath(m_project);
        git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
             QStringLiteral("main")});
        writeFile(m_project + QStringLiteral("/retort.toml"),
                  QStringLiteral("[project]\nname = \"r\"\nscripts = \"versions\"\n\n"
                                 "[environments.local]\ndriver = \"sqlite\"\n"
                                 "database = \"r.db\"\n"));
        writeFile(m_repo + QStringLiteral("/README"), QStringLiteral("app\n"));
        commit(QStringLiteral("start"), QStringLiteral("2026-01-01T10:00:00Z"));
    }
    void git(const QStringList &args, const QString &dir = {})
    {
        QProcess p;
        p.setWorkingDirectory(dir.isEmpty() ? m_repo : dir);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GIT_AUTHOR_NAME"), m_author);
        env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("dev@example.com"));
        env.insert(QStringLiteral("GIT_COMMITTER_NAME"), m_author);
        env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("dev@example.com"));
        env.insert(QStringLiteral("GIT_AUTHOR_DATE"), m_date);
        env.insert(QStringLiteral("GIT_COMMITTER_DATE"), m_date);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("git"), args);
        ASSERT_TRUE(p.waitForFinished(30000));
        ASSERT_EQ(p.exitCode(), 0)
            << args.join(u' ').toStdString() << ": " << p.readAllStandardError().toStdString();
    }
    // git's stdout, trimmed, with the same identity (stdin closed at once).
    QString gitOut(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_repo);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *k : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
            env.insert(QString::fromLatin1(k), m_author);
        for (const char *k : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
            env.insert(QString::fromLatin1(k), QStringLiteral("dev@example.com"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("git"), args);
        p.closeWriteChannel();
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }
    void commit(const QString &message, const QString &date)
    {
        m_date = date;
        git({QStringLiteral("add"), QStringLiteral("-A")});
        git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), message});
    }
    void tag(const QString &name, bool annotated = true)
    {
        if (annotated)
            git({QStringLiteral("tag"), QStringLiteral("-a"), name, QStringLiteral("-m"), name});
        else
            git({QStringLiteral("tag"), name});
    }
    void script(const QString &id, const QString &down)
    {
        writeFile(m_project + QStringLiteral("/versions/") + id + QStringLiteral("_x.sql"),
                  QStringLiteral("-- %1\n--\n-- Revision ID: %1\n-- Revises: %2\n\n"
                                 "-- migrate:upgrade\nCREATE TABLE t_%1 (id INTEGER);\n\n"
                                 "-- migrate:downgrade\nDROP TABLE t_%1;\n")
                      .arg(id, down));
    }
    ReleaseMap read(const QString &project = {})
    {
        auto ws = Workspace::load(project.isEmpty() ? m_project : project);
        EXPECT_TRUE(ws.ok()) << (ws ? "" : ws.error().toString().toStdString());
        return ws ? readReleaseMap(**ws) : ReleaseMap();
    }
    // Three releases: a1 in v1.0; b2 in v1.1; c3 in v2.0 (c3's file renamed after v2.0); d4
    // committed after v2.0 (unreleased); e5 not committed.
    void threeReleases()
    {
        m_author = QStringLiteral("Ann");
        script(QStringLiteral("a1"), QString());
        commit(QStringLiteral("add a1"), QStringLiteral("2026-02-01T10:00:00Z"));
        tag(QStringLiteral("v1.0"));
        m_author = QStringLiteral("Bob");
        script(QStringLiteral("b2"), QStringLiteral("a1"));
        commit(QStringLiteral("add b2"), QStringLiteral("2026-03-01T10:00:00Z"));
        writeFile(m_repo + QStringLiteral("/README"), QStringLiteral("app 1.1\n"));
        commit(QStringLiteral("docs"), QStringLiteral("2026-03-02T10:00:00Z"));
        tag(QStringLiteral("v1.1"), false);
        script(QStringLiteral("c3"), QStringLiteral("b2"));
        commit(QStringLiteral("add c3"), QStringLiteral("2026-04-01T10:00:00Z"));
        tag(QStringLiteral("v2.0"));
        git({QStringLiteral("mv"), QStringLiteral("db/versions/c3_x.sql"),
             QStringLiteral("db/versions/c3_renamed.sql")});
        script(QStringLiteral("d4"), QStringLiteral("c3"));
        commit(QStringLiteral("move c3, add d4"), QStringLiteral("2026-05-01T10:00:00Z"));
        script(QStringLiteral("e5"), QStringLiteral("d4"));
    }
    QTemporaryDir m_dir;
    QString m_repo, m_project;
    QString m_author = QStringLiteral("Ann");
    QString m_date;
};

TEST_F(GitReleasesTest, EachRevisionHasItsCommitAndFirstRelease)
{
    threeReleases();
    const ReleaseMap map = read();
    ASSERT_TRUE(map.available()) << map.unavailable.toStdString();
    ASSERT_EQ(map.tags.size(), 3u);
    EXPECT_EQ(map.tags[0].name, u"v1.0");
    EXPECT_EQ(map.tags[1].name, u"v1.1");
    EXPECT_EQ(map.tags[2].name, u"v2.0");

    const RevisionOrigin *a1 = map.origin(QStringLiteral("a1"));
    ASSERT_NE(a1, nullptr);
    EXPECT_EQ(a1->release, u"v1.0");
    EXPECT_EQ(a1->author, u"Ann");
    EXPECT_EQ(a1->subject, u"add a1");
    EXPECT_EQ(a1->date, QDateTime(QDate(2026, 2, 1), QTime(10, 0), Qt::UTC));
    EXPECT_EQ(a1->commit.size(), 40);
    ASSERT_NE(map.origin(QStringLiteral("b2")), nullptr);
    EXPECT_EQ(map.origin(QStringLiteral("b2"))->release, u"v1.1"); // a lightweight tag
    EXPECT_EQ(map.origin(QStringLiteral("b2"))->author, u"Bob");
    // Moved after its release: still the commit that added it, still v2.0.
    ASSERT_NE(map.origin(QStringLiteral("c3")), nullptr);
    EXPECT_EQ(map.origin(QStringLiteral("c3"))->subject, u"add c3");
    EXPECT_EQ(map.origin(QStringLiteral("c3"))->release, u"v2.0");
    ASSERT_NE(map.origin(QStringLiteral("d4")), nullptr);
    EXPECT_TRUE(map.origin(QStringLiteral("d4"))->release.isEmpty()); // unreleased
    EXPECT_EQ(map.origin(QStringLiteral("e5")), nullptr);             // not committed
}

TEST_F(GitReleasesTest, AnEnvironmentIsOnTheNewestCompleteRelease)
{
    threeReleases();
    const ReleaseMap map = read();
    ASSERT_TRUE(map.available());
    auto on = [&](const QStringList &applied) {
        return environmentRelease(map, QSet<QString>(applied.begin(), applied.end()));
    };
    EXPECT_EQ(on({}).describe(map), u"before v1.0");
    EXPECT_EQ(on({QStringLiteral("a1")}).describe(map), u"v1.0");
    const EnvironmentRelease v11 = on({QStringLiteral("a1"), QStringLiteral("b2")});
    EXPECT_EQ(v11.release, u"v1.1");
    EXPECT_TRUE(v11.beyond.isEmpty());
    const EnvironmentRelease ahead =
        on({QStringLiteral("a1"), QStringLiteral("b2"), QStringLiteral("c3"), QStringLiteral("d4"),
            QStringLiteral("e5")});
    EXPECT_EQ(ahead.release, u"v2.0");
    EXPECT_EQ(ahead.beyond, (QStringList{QStringLiteral("d4"), QStringLiteral("e5")}));
    EXPECT_EQ(ahead.describe(map), u"v2.0 + 2");
    // A database that skipped b2 but has c3 is on v1.0 with one revision beyond it.
    const EnvironmentRelease skipped = on({QStringLiteral("a1"), QStringLiteral("c3")});
    EXPECT_EQ(skipped.release, u"v1.0");
    EXPECT_EQ(skipped.beyond, QStringList{QStringLiteral("c3")});
}

TEST_F(GitReleasesTest, ABranchMergedAfterAReleaseIsInTheNextOne)
{
    script(QStringLiteral("a1"), QString());
    commit(QStringLiteral("add a1"), QStringLiteral("2026-02-01T10:00:00Z"));
    git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
         QStringLiteral("feature")});
    script(QStringLiteral("f1"), QStringLiteral("a1"));
    commit(QStringLiteral("add f1 on a branch"), QStringLiteral("2026-02-02T10:00:00Z"));
    git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    writeFile(m_repo + QStringLiteral("/README"), QStringLiteral("1.0\n"));
    commit(QStringLiteral("release"), QStringLiteral("2026-02-03T10:00:00Z"));
    tag(QStringLiteral("v1.0"));
    m_date = QStringLiteral("2026-02-04T10:00:00Z");
    git({QStringLiteral("merge"), QStringLiteral("-q"), QStringLiteral("--no-ff"),
         QStringLiteral("-m"), QStringLiteral("merge feature"), QStringLiteral("feature")});
    tag(QStringLiteral("v1.1"));
    const ReleaseMap map = read();
    ASSERT_TRUE(map.available()) << map.unavailable.toStdString();
    ASSERT_NE(map.origin(QStringLiteral("f1")), nullptr);
    EXPECT_EQ(map.origin(QStringLiteral("f1"))->subject, u"add f1 on a branch");
    EXPECT_EQ(map.origin(QStringLiteral("f1"))->release, u"v1.1");
    EXPECT_EQ(map.origin(QStringLiteral("a1"))->release, u"v1.0");
}

TEST_F(GitReleasesTest, AShallowCloneSaysSoAndKnowsNoRelease)
{
    threeReleases();
    const QString clone = m_dir.filePath(QStringLiteral("shallow"));
    git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--depth"),
         QStringLiteral("1"), QStringLiteral("file://") + m_repo, clone},
        m_dir.path());
    const ReleaseMap map = read(clone + QStringLiteral("/db"));
    EXPECT_FALSE(map.available());
    EXPECT_TRUE(map.unavailable.contains(u"shallow")) << map.unavailable.toStdString();
    EXPECT_TRUE(map.origins.isEmpty());
    EXPECT_EQ(environmentRelease(map, {QStringLiteral("a1")}).describe(map), u"no release");
}

TEST_F(GitReleasesTest, NoCheckoutSaysSo)
{
    QTemporaryDir plain;
    writeFile(plain.filePath(QStringLiteral("retort.toml")),
              QStringLiteral("[project]\nname = \"r\"\nscripts = \"versions\"\n"));
    QDir(plain.path()).mkpath(QStringLiteral("versions"));
    const ReleaseMap map = read(plain.path());
    EXPECT_FALSE(map.available());
    EXPECT_EQ(map.unavailable, u"the project is not in a git checkout");
}

TEST_F(GitReleasesTest, NoTagsMeansEveryRevisionIsUnreleased)
{
    script(QStringLiteral("a1"), QString());
    commit(QStringLiteral("add a1"), QStringLiteral("2026-02-01T10:00:00Z"));
    const ReleaseMap map = read();
    ASSERT_TRUE(map.available());
    EXPECT_TRUE(map.tags.empty());
    ASSERT_NE(map.origin(QStringLiteral("a1")), nullptr);
    EXPECT_TRUE(map.origin(QStringLiteral("a1"))->release.isEmpty());
    EXPECT_EQ(environmentRelease(map, {QStringLiteral("a1")}).describe(map), u"no release");
}

} // namespace

namespace {

TEST_F(GitReleasesTest, TheProjectAtATagHasThatReleasesScriptsAndTheRealDatabases)
{
    threeReleases();
    auto at = loadProjectAt(m_project, QStringLiteral("v1.1"));
    ASSERT_TRUE(at.ok()) << at.error().message.toStdString();
    EXPECT_EQ(at->commit.size(), 40);
    QStringList ids;
    for (const Script &s : at->workspace->scripts())
        ids.append(s.revision);
    ids.sort();
    EXPECT_EQ(ids, (QStringList{QStringLiteral("a1"), QStringLiteral("b2")}));
    // The scripts are read from the copy; the SQLite database is the real project's.
    EXPECT_TRUE(at->workspace->scripts().front().path.startsWith(at->projectPath));
    ASSERT_EQ(at->workspace->project().environments.size(), 1u);
    EXPECT_EQ(at->workspace->project().environments.front().database,
              QDir(m_project).absoluteFilePath(QStringLiteral("r.db")));

    // The copy goes with the last reference to it.
    const QString folder = at->folder->path();
    EXPECT_TRUE(QFileInfo::exists(folder));
    at = Error(QStringLiteral("dropped"));
    EXPECT_FALSE(QFileInfo::exists(folder));
}

TEST_F(GitReleasesTest, AnUnknownRefOrAFolderMissingThereIsAClearError)
{
    threeReleases();
    auto unknown = loadProjectAt(m_project, QStringLiteral("v9.9"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_TRUE(unknown.error().message.contains(u"no such ref 'v9.9'"))
        << unknown.error().message.toStdString();
    auto option = loadProjectAt(m_project, QStringLiteral("--output=/tmp/x"));
    ASSERT_FALSE(option.ok());
    // A commit whose tree has no project folder (an empty tree).
    const QString tree = gitOut({QStringLiteral("mktree")});
    const QString empty = gitOut(
        {QStringLiteral("commit-tree"), tree, QStringLiteral("-m"), QStringLiteral("empty")});
    ASSERT_EQ(empty.size(), 40);
    git({QStringLiteral("tag"), QStringLiteral("first"), empty});
    auto before = loadProjectAt(m_project, QStringLiteral("first"));
    ASSERT_FALSE(before.ok());
    EXPECT_TRUE(before.error().message.contains(u"does not exist at first"))
        << before.error().message.toStdString();
}

} // namespace

namespace {

// A history long enough to be logged in slices (2,000 first-parent commits or more): every
// commit adds a script, one script is renamed in the newest slice, tags every 1,000 commits.
TEST_F(GitReleasesTest, ALongHistoryReadInSlicesGivesTheSameAnswers)
{
    constexpr int kCommits = 2500;
    QByteArray s;
    auto data = [&](const QByteArray &bytes) {
        s += "data " + QByteArray::number(bytes.size()) + "\n" + bytes + "\n";
    };
    auto id = [](int i) {
        return QStringLiteral("r%1").arg(i, 5, 10, QLatin1Char('0')).toLatin1();
    };
    for (int i = 1; i <= kCommits; ++i) {
        const QByteArray when = QByteArray::number(1767225600 + i * 60) + " +0000";
        s += "commit refs/heads/main\nmark :" + QByteArray::number(i) + "\n";
        s += "author Dev" + QByteArray::number(i % 7) + " <d@e> " + when +
             "\ncommitter Dev <d@e> " + when + "\n";
        data("add " + id(i));
        if (i == 1) {
            s += "M 100644 inline db/retort.toml\n";
            data("[project]\nname = \"long\"\nscripts = \"versions\"\n");
        } else {
            s += "from :" + QByteArray::number(i - 1) + "\n";
        }
        s += "M 100644 inline db/versions/" + id(i) + "_m.sql\n";
        data("-- m\n--\n-- Revision ID: " + id(i) + "\n-- Revises: " +
             (i == 1 ? QByteArray() : id(i - 1)) + "\n\n-- migrate:upgrade\nSELECT " +
             QByteArray::number(i) + ";\n\n-- migrate:downgrade\nSELECT 0;\n");
        if (i == kCommits) // the newest slice renames a script of the oldest
            s += "R db/versions/" + id(3) + "_m.sql db/versions/" + id(3) + "_renamed.sql\n";
        if (i % 1000 == 0) {
            s += "tag v" + QByteArray::number(i / 1000) + "\nfrom :" + QByteArray::number(i) +
                 "\ntagger Dev <d@e> " + when + "\n";
            data("release");
        }
    }
    const GitOutput imported = runGit(
        m_repo,
        {QStringLiteral("fast-import"), QStringLiteral("--force"), QStringLiteral("--quiet")},
        120000, s);
    ASSERT_TRUE(imported.ok()) << imported.err.toStdString();
    git({QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard"),
         QStringLiteral("main")});

    const ReleaseMap map = read();
    ASSERT_TRUE(map.available()) << map.unavailable.toStdString();
    ASSERT_EQ(map.origins.size(), kCommits);
    ASSERT_EQ(map.tags.size(), 2u);
    for (int i : {1, 3, 999, 1000, 1001, 1249, 1250, 1251, 2000, 2001, 2500}) {
        const RevisionOrigin *o = map.origin(QString::fromLatin1(id(i)));
        ASSERT_NE(o, nullptr) << i;
        EXPECT_EQ(o->subject, QStringLiteral("add ") + QString::fromLatin1(id(i))) << i;
        EXPECT_EQ(o->author, QStringLiteral("Dev%1").arg(i % 7)) << i;
        EXPECT_EQ(o->release, QString::fromLatin1(i <= 1000 ? "v1" : i <= 2000 ? "v2" : "")) << i;
    }
}

} // namespace
