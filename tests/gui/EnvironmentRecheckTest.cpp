// The Environments panel follows changes made outside the window (another process, the CLI):
// environments are checked again when the window regains focus (throttled) and after a run.

#include "EnvironmentPanel.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"

#include "workflows/EnvironmentStatus.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace guitest;
using retort::EnvironmentState;
using retort::gui::EnvironmentPanel;

namespace {

const QString kHead = QStringLiteral("1e2ba8818864");

class EnvironmentRecheckTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(QFileInfo::exists(QString::fromUtf8(RETORT_CLI_PATH)))
            << "build the retort-cli target first: " << RETORT_CLI_PATH;
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(copyTree(kDemo, m_dir.path()));
        for (const QString &db : QDir(m_dir.path()).entryList({QStringLiteral("*.db")}))
            QFile::remove(m_dir.filePath(db));
        m_window.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_window));
        activate(m_window);
        m_window.openProject(m_dir.path());
        ASSERT_TRUE(waitLoaded(m_window));
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return current(QStringLiteral("local")) == u"(nothing applied)"; }, 15000));
    }
    // What the Environments panel says `environment` stands at.
    QString current(const QString &environment) const
    {
        auto *panel = m_window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
        QTreeWidgetItem *item = panel ? panel->itemFor(environment) : nullptr;
        return item ? item->text(EnvironmentPanel::CurrentColumn) : QString();
    }
    // Another program changes local: retort-cli upgrades it to the heads.
    void upgradeLocalFromTheCommandLine()
    {
        QProcess cli;
        cli.start(QString::fromUtf8(RETORT_CLI_PATH),
                  {"--project", m_dir.path(), "--env", "local", "upgrade", "heads"});
        ASSERT_TRUE(cli.waitForFinished(60000));
        ASSERT_EQ(cli.exitCode(), 0) << cli.readAllStandardError().toStdString();
    }
    static void activate(QWidget &window)
    {
        window.activateWindow();
        ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    }
    // The user goes to another window (the terminal) and comes back.
    void leaveAndComeBack()
    {
        QWidget elsewhere;
        elsewhere.show();
        activate(elsewhere);
        activate(m_window);
    }

    QTemporaryDir m_dir;
    MainWindow m_window;
};

TEST_F(EnvironmentRecheckTest, ComingBackToTheWindowChecksTheEnvironmentsAgain)
{
    m_window.setFocusRecheckInterval(0);
    upgradeLocalFromTheCommandLine();
    leaveAndComeBack();
    EXPECT_TRUE(QTest::qWaitFor([&] { return current(QStringLiteral("local")) == kHead; }, 15000))
        << current(QStringLiteral("local")).toStdString();
}

TEST_F(EnvironmentRecheckTest, ComingBackSoonAfterACheckDoesNotCheckAgain)
{
    m_window.setFocusRecheckInterval(60 * 1000);
    upgradeLocalFromTheCommandLine();
    leaveAndComeBack();
    QTest::qWait(1500);
    EXPECT_EQ(current(QStringLiteral("local")), QStringLiteral("(nothing applied)"));
    // Once the interval has passed, coming back checks.
    m_window.setFocusRecheckInterval(0);
    leaveAndComeBack();
    EXPECT_TRUE(QTest::qWaitFor([&] { return current(QStringLiteral("local")) == kHead; }, 15000));
}

TEST_F(EnvironmentRecheckTest, ARunFromTheWindowChecksTheEnvironmentsAgain)
{
    QAction *upgrade = actionNamed(m_window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(upgrade);
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));
    auto answer = answerModal([](QDialog *d) {
        d->accept();
        return true;
    });
    upgrade->trigger();
    EXPECT_TRUE(QTest::qWaitFor([&] { return current(QStringLiteral("local")) == kHead; }, 20000));
}

} // namespace
