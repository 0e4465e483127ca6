// EnvironmentState from version rows (pure), and EnvironmentChecker reading real SQLite databases
// in worker threads.

#include "workflows/EnvironmentStatus.h"
#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "scripts/ScriptWriter.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <map>
#include <memory>

using namespace retort;

namespace {

// A project on disk: a -> b -> {c, d} (two heads), and x, a second base that depends on c.
// Environments: `fresh` (no database file), `atc` (rows: c), `both` (rows: c, d),
// `broken` (a file that is not a database), `stray` (a row naming no revision).
class StatusProject {
public:
    StatusProject()
    {
        write("retort.toml",
              "[project]\nname = \"st\"\n"
              "[environments.fresh]\ndriver = \"sqlite\"\ndatabase = \"fresh.db\"\n"
              "[environments.atc]\ndriver = \"sqlite\"\ndatabase = \"atc.db\"\n"
              "[environments.both]\ndriver = \"sqlite\"\ndatabase = \"both.db\"\n"
              "[environments.broken]\ndriver = \"sqlite\"\ndatabase = \"broken.db\"\n"
              "[environments.stray]\ndriver = \"sqlite\"\ndatabase = \"stray.db\"\n");
        const QString versions = m_dir.filePath(QStringLiteral("versions"));
        add(versions, "aaaaaaaaaaaa", {}, {}, "a");
        add(versions, "bbbbbbbbbbbb", {"aaaaaaaaaaaa"}, {}, "b");
        add(versions, "cccccccccccc", {"bbbbbbbbbbbb"}, {}, "c");
        add(versions, "dddddddddddd", {"bbbbbbbbbbbb"}, {}, "d");
        add(versions, "eeeeeeeeeeee", {}, {"cccccccccccc"}, "x");
        versionRows("atc.db", {"cccccccccccc"});
        versionRows("both.db", {"cccccccccccc", "dddddddddddd"});
        versionRows("stray.db", {"ffffffffffff"});
        write("broken.db", QByteArray(4096, 'z'));
        auto ws = Workspace::load(m_dir.path());
        EXPECT_TRUE(ws.ok());
        if (ws.ok())
            workspace = std::shared_ptr<const Workspace>(std::move(*ws));
        EXPECT_TRUE(workspace && workspace->problems().empty());
    }

    int index(const char *id) const { return workspace->graph().indexOf(QString::fromLatin1(id)); }

    std::shared_ptr<const Workspace> workspace;

private:
    void write(const char *rel, const QByteArray &text)
    {
        QFile f(m_dir.filePath(QString::fromLatin1(rel)));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    void add(const QString &dir, const char *id, QStringList parents, QStringList deps,
             const char *message)
    {
        NewRevision r;
        r.id = QString::fromLatin1(id);
        r.parents = parents;
        r.dependsOn = deps;
        r.message = QString::fromLatin1(message);
        r.upgradeSql = QStringLiteral("SELECT 1;");
        r.downgradeSql = QStringLiteral("SELECT 1;");
        ASSERT_TRUE(writeRevision(dir, r).ok());
    }
    void versionRows(const char *file, const QStringList &rows)
    {
        const QString name = QStringLiteral("status-setup");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_dir.filePath(QString::fromLatin1(file)));
            ASSERT_TRUE(db.open());
            QSqlQuery q(db);
            ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE alembic_version (version_num "
                                              "VARCHAR(32) NOT NULL PRIMARY KEY)")));
            for (const QString &row : rows)
                ASSERT_TRUE(
                    q.exec(QStringLiteral("INSERT INTO alembic_version VALUES ('%1')").arg(row)));
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

    QTemporaryDir m_dir;
};

EnvironmentState stateFor(const RevisionGraph &graph, QStringList rows)
{
    EnvironmentState s;
    s.reach = EnvironmentState::Reach::Reached;
    s.rows = rows;
    computeEnvironmentState(graph, s);
    return s;
}

} // namespace

TEST(EnvironmentState, NothingAppliedMeansEverythingPending)
{
    StatusProject p;
    const EnvironmentState s = stateFor(p.workspace->graph(), {});
    EXPECT_TRUE(s.error.isEmpty()) << s.error.toStdString();
    EXPECT_EQ(s.pending, 5);
    EXPECT_FALSE(s.atHeads);
    EXPECT_TRUE(s.current.isEmpty());
    for (int i = 0; i < p.workspace->graph().size(); ++i)
        EXPECT_FALSE(s.isApplied(i));
}

TEST(EnvironmentState, AppliedIsTheLineageOfTheRows)
{
    StatusProject p;
    const EnvironmentState s = stateFor(p.workspace->graph(), {"cccccccccccc"});
    EXPECT_TRUE(s.error.isEmpty());
    EXPECT_EQ(s.current, QStringList{"cccccccccccc"});
    EXPECT_TRUE(s.isApplied(p.index("aaaaaaaaaaaa")));
    EXPECT_TRUE(s.isApplied(p.index("bbbbbbbbbbbb")));
    EXPECT_TRUE(s.isApplied(p.index("cccccccccccc")));
    EXPECT_FALSE(s.isApplied(p.index("dddddddddddd")));
    EXPECT_FALSE(s.isApplied(p.index("eeeeeeeeeeee")));
    EXPECT_EQ(s.pending, 2); // d, and x (which depends on c)
}

TEST(EnvironmentState, DependenciesCountAsApplied)
{
    StatusProject p;
    // A database at x alone has c (and its parents) applied through depends_on.
    const EnvironmentState s = stateFor(p.workspace->graph(), {"eeeeeeeeeeee"});
    EXPECT_TRUE(s.isApplied(p.index("cccccccccccc")));
    EXPECT_TRUE(s.isApplied(p.index("aaaaaaaaaaaa")));
    EXPECT_FALSE(s.isApplied(p.index("dddddddddddd")));
    EXPECT_EQ(s.pending, 1);
}

TEST(EnvironmentState, AllHeadsMeansNothingPending)
{
    StatusProject p;
    const EnvironmentState s = stateFor(p.workspace->graph(), {"dddddddddddd", "eeeeeeeeeeee"});
    EXPECT_TRUE(s.error.isEmpty()) << s.error.toStdString();
    EXPECT_EQ(s.pending, 0);
    EXPECT_TRUE(s.atHeads);
}

TEST(EnvironmentState, UnknownRowIsAnErrorNamingIt)
{
    StatusProject p;
    const EnvironmentState s = stateFor(p.workspace->graph(), {"ffffffffffff"});
    EXPECT_TRUE(s.error.contains("ffffffffffff")) << s.error.toStdString();
    EXPECT_FALSE(s.atHeads);
}

TEST(EnvironmentChecker, ChecksEveryEnvironmentInTheBackground)
{
    int argc = 1;
    char name[] = "retort_core_tests";
    char *argv[] = {name, nullptr};
    std::unique_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance())
        app = std::make_unique<QCoreApplication>(argc, argv);

    StatusProject p;
    EnvironmentChecker checker;
    std::map<QString, EnvironmentState> states;
    QEventLoop loop;
    QObject::connect(&checker, &EnvironmentChecker::stateReady,
                     [&](const EnvironmentState &s) { states[s.environment] = s; });
    QObject::connect(&checker, &EnvironmentChecker::allChecked, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    checker.check(p.workspace);
    EXPECT_EQ(checker.pendingChecks(), 5);
    loop.exec();

    ASSERT_EQ(states.size(), 5U);
    EXPECT_EQ(checker.pendingChecks(), 0);
    const EnvironmentState &fresh = states["fresh"];
    EXPECT_EQ(fresh.reach, EnvironmentState::Reach::Reached);
    EXPECT_EQ(fresh.pending, 5);
    EXPECT_TRUE(fresh.checkedAt.isValid());
    EXPECT_EQ(states["atc"].current, QStringList{"cccccccccccc"});
    EXPECT_EQ(states["atc"].pending, 2);
    EXPECT_EQ(states["both"].rows.size(), 2);
    EXPECT_EQ(states["both"].pending, 1);
    EXPECT_EQ(states["broken"].reach, EnvironmentState::Reach::Unreachable);
    EXPECT_FALSE(states["broken"].error.isEmpty());
    EXPECT_EQ(states["stray"].reach, EnvironmentState::Reach::Reached);
    EXPECT_TRUE(states["stray"].error.contains("ffffffffffff"));
    // Checking never creates a database.
    EXPECT_FALSE(QFile::exists(QFileInfo(p.workspace->project().file).dir().filePath("fresh.db")));
}

TEST(EnvironmentChecker, ANewerCheckSupersedesAnOlderOne)
{
    int argc = 1;
    char name[] = "retort_core_tests";
    char *argv[] = {name, nullptr};
    std::unique_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance())
        app = std::make_unique<QCoreApplication>(argc, argv);

    StatusProject p;
    EnvironmentChecker checker;
    QStringList seen;
    QEventLoop loop;
    QObject::connect(&checker, &EnvironmentChecker::stateReady,
                     [&](const EnvironmentState &s) { seen.append(s.environment); });
    QObject::connect(&checker, &EnvironmentChecker::allChecked, &loop, &QEventLoop::quit);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    checker.check(p.workspace);
    checker.check(p.workspace, {"atc"});
    loop.exec();
    EXPECT_EQ(seen, QStringList{"atc"});
    // Let the superseded threads end (their results are dropped) before the application goes.
    QEventLoop settle;
    QTimer::singleShot(500, &settle, &QEventLoop::quit);
    settle.exec();
    EXPECT_EQ(seen, QStringList{"atc"});
}
