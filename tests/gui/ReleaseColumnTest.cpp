// Releases in the window: the Environments panel's Release column (read in the background after
// a refresh) and the graph's tag badges, on a git repository made here with three tagged
// releases; a project outside git shows no Release column.

#include "EnvironmentPanel.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "RevisionListModel.h"

#include "release/GitReleases.h"

#include <QHeaderView>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace guitest;
using retort::gui::EnvironmentPanel;
using retort::gui::RevisionListModel;

namespace {

void writeText(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

class ReleaseColumnTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty())
            GTEST_SKIP() << "git is not installed";
        m_repo = m_dir.path() + QStringLiteral("/repo");
        m_project = m_repo + QStringLiteral("/db");
        git({"init", "-q", "-b", "main"});
        writeText(m_repo + "/.gitignore", "*.db\n");
        writeText(m_project + "/retort.toml",
                  "[project]\nname = \"bookshop\"\nscripts = \"versions\"\n\n"
                  "[environments.production]\ndriver = \"sqlite\"\ndatabase = \"prod.db\"\n\n"
                  "[environments.staging]\ndriver = \"sqlite\"\ndatabase = \"staging.db\"\n\n"
                  "[environments.local]\ndriver = \"sqlite\"\ndatabase = \"local.db\"\n");
        commit("start", "2026-01-01T10:00:00Z");
        const char *ids[] = {"aaaa00000001", "bbbb00000002", "cccc00000003", "dddd00000004"};
        const char *tags[] = {"v1.0", "v1.1", "v2.0", nullptr};
        const char *messages[] = {"Create books", "Add authors", "Index titles", "Add prices"};
        for (int i = 0; i < 4; ++i) {
            const QString id = QString::fromLatin1(ids[i]);
            writeText(m_project + "/versions/" + id + "_x.sql",
                      QStringLiteral("-- %1\n--\n-- Revision ID: %2\n-- Revises: %3\n\n"
                                     "-- migrate:upgrade\nCREATE TABLE t_%2 (id INTEGER);\n\n"
                                     "-- migrate:downgrade\nDROP TABLE t_%2;\n")
                          .arg(QString::fromLatin1(messages[i]), id,
                               i > 0 ? QString::fromLatin1(ids[i - 1]) : QString()));
            commit(QStringLiteral("add ") + id, QStringLiteral("2026-0%1-01T10:00:00Z").arg(i + 2));
            if (tags[i])
                git({"tag", "-a", tags[i], "-m", tags[i]});
        }
        // production on v1.1, staging on v2.0 and the unreleased dddd, local on nothing.
        cli({"--env", "production", "upgrade", "bbbb00000002"});
        cli({"--env", "staging", "upgrade", "heads"});
    }
    void git(const QStringList &args)
    {
        QDir().mkpath(m_repo);
        QProcess p;
        p.setWorkingDirectory(m_repo);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *k : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
            env.insert(QString::fromLatin1(k), QStringLiteral("Ann"));
        for (const char *k : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
            env.insert(QString::fromLatin1(k), QStringLiteral("ann@example.com"));
        env.insert(QStringLiteral("GIT_AUTHOR_DATE"), m_date);
        env.insert(QStringLiteral("GIT_COMMITTER_DATE"), m_date);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("git"), args);
        p.closeWriteChannel();
        ASSERT_TRUE(p.waitForFinished(30000));
        ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    }
    void commit(const QString &message, const QString &date)
    {
        m_date = date;
        git({"add", "-A"});
        git({"commit", "-q", "-m", message});
    }
    void cli(const QStringList &args)
    {
        QProcess p;
        p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", m_project} + args);
        p.closeWriteChannel();
        ASSERT_TRUE(p.waitForFinished(60000));
        ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    }
    static QStringList tagsOf(const MainWindow &window, const QString &id)
    {
        const RevisionListModel *model = window.revisionModel();
        return model->index(model->rowOf(id), RevisionListModel::MessageColumn)
            .data(RevisionListModel::ReleaseTagsRole)
            .toStringList();
    }

    QTemporaryDir m_dir;
    QString m_repo, m_project, m_date;
};

} // namespace

TEST_F(ReleaseColumnTest, EachEnvironmentSaysItsReleaseAndTheGraphMarksTags)
{
    MainWindow window;
    window.resize(1200, 760);
    window.show();
    window.openProject(m_project);
    ASSERT_TRUE(waitLoaded(window));
    auto *panel = window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    ASSERT_TRUE(panel);
    // The map comes from a background read; the states from the environment checks.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            QTreeWidgetItem *staging = panel->itemFor(QStringLiteral("staging"));
            return panel->releases() && staging &&
                   !staging->text(EnvironmentPanel::ReleaseColumn).isEmpty() &&
                   !panel->itemFor(QStringLiteral("local"))
                        ->text(EnvironmentPanel::ReleaseColumn)
                        .isEmpty();
        },
        20000));
    EXPECT_FALSE(panel->isColumnHidden(EnvironmentPanel::ReleaseColumn));
    EXPECT_EQ(panel->headerItem()->text(EnvironmentPanel::ReleaseColumn),
              QStringLiteral("Release"));
    QTreeWidgetItem *production = panel->itemFor(QStringLiteral("production"));
    QTreeWidgetItem *staging = panel->itemFor(QStringLiteral("staging"));
    QTreeWidgetItem *local = panel->itemFor(QStringLiteral("local"));
    EXPECT_EQ(production->text(EnvironmentPanel::ReleaseColumn), QStringLiteral("v1.1"));
    EXPECT_EQ(staging->text(EnvironmentPanel::ReleaseColumn), QStringLiteral("v2.0 + 1"));
    EXPECT_EQ(local->text(EnvironmentPanel::ReleaseColumn), QStringLiteral("before v1.0"));
    // Compared with the environment furthest behind (local: nothing applied).
    const QString tip = staging->toolTip(EnvironmentPanel::ReleaseColumn);
    EXPECT_TRUE(tip.contains(QStringLiteral("Applied beyond it: dddd00000004")))
        << tip.toStdString();
    EXPECT_TRUE(tip.contains(QStringLiteral("staging: v2.0 + 1, 4 ahead of local")))
        << tip.toStdString();

    // The graph: a grey tag on the newest revision of each release, none on the unreleased one.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !tagsOf(window, QStringLiteral("cccc00000003")).isEmpty(); }, 5000));
    EXPECT_EQ(tagsOf(window, QStringLiteral("aaaa00000001")), QStringList{"v1.0"});
    EXPECT_EQ(tagsOf(window, QStringLiteral("bbbb00000002")), QStringList{"v1.1"});
    EXPECT_EQ(tagsOf(window, QStringLiteral("cccc00000003")), QStringList{"v2.0"});
    EXPECT_TRUE(tagsOf(window, QStringLiteral("dddd00000004")).isEmpty());

    const QString shots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::qWait(300);
        EXPECT_TRUE(window.grab().save(shots + QStringLiteral("/releases.png")));
    }
}

TEST(ReleaseColumn, AProjectOutsideGitHasNoReleaseColumn)
{
    QTemporaryDir dir;
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    MainWindow window;
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *panel = window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    ASSERT_TRUE(panel);
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel->releases() != nullptr; }, 20000));
    EXPECT_FALSE(panel->releases()->available());
    EXPECT_TRUE(panel->isColumnHidden(EnvironmentPanel::ReleaseColumn));
}

TEST_F(ReleaseColumnTest, OpenReleaseShowsThatReleaseReadOnly)
{
    MainWindow window;
    window.resize(1200, 760);
    window.show();
    window.openProject(m_project);
    ASSERT_TRUE(waitLoaded(window));
    auto *newRevision = window.findChild<QAction *>(QStringLiteral("actionNewRevision"));
    auto *addEnvironment = window.findChild<QAction *>(QStringLiteral("actionAddEnvironment"));
    ASSERT_TRUE(newRevision && addEnvironment);
    EXPECT_TRUE(newRevision->isEnabled());

    window.openRelease(QStringLiteral("v1.1"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.releaseRef() == u"v1.1"; }, 20000));
    EXPECT_EQ(window.windowTitle(), QStringLiteral("bookshop @ v1.1 — Retort"));
    EXPECT_EQ(window.revisionModel()->rowCount(), 2); // aaaa and bbbb only
    EXPECT_GE(window.revisionModel()->rowOf(QStringLiteral("bbbb00000002")), 0);
    EXPECT_LT(window.revisionModel()->rowOf(QStringLiteral("cccc00000003")), 0);
    EXPECT_FALSE(newRevision->isEnabled());
    EXPECT_FALSE(addEnvironment->isEnabled());
    // The environments are the real ones: production is at v1.1's head, so at heads here.
    auto *panel = window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            QTreeWidgetItem *p = panel->itemFor(QStringLiteral("production"));
            return p && p->text(EnvironmentPanel::AtHeadsColumn) == u"yes";
        },
        20000));

    // Refresh: the working tree again, writable.
    window.openProject(m_project);
    ASSERT_TRUE(waitLoaded(window));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window.revisionModel()->rowCount() == 4; }, 20000));
    EXPECT_TRUE(window.releaseRef().isEmpty());
    EXPECT_TRUE(newRevision->isEnabled());
    EXPECT_EQ(window.windowTitle(), QStringLiteral("bookshop — Retort"));
}
