// The migration commands say why they are disabled (issue 12): in the tooltip, and in the
// status bar when the pointer is on them.

#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "RevisionListModel.h"

#include "workflows/EnvironmentStatus.h"

#include <QComboBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>

#include <gtest/gtest.h>

using namespace guitest;
using retort::EnvironmentState;

namespace {

const QString kHead = QStringLiteral("1e2ba8818864");

class MigrationActionsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(copyTree(kDemo, m_dir.path()));
        for (const QString &db : QDir(m_dir.path()).entryList({QStringLiteral("*.db")}))
            QFile::remove(m_dir.filePath(db));
        m_window.resize(1000, 700);
        m_window.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_window));
    }
    void openAndCheck()
    {
        m_window.openProject(m_dir.path());
        ASSERT_TRUE(waitLoaded(m_window));
        ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                for (const auto &env :
                     m_window.revisionModel()->workspace()->project().environments) {
                    const EnvironmentState *s =
                        m_window.revisionModel()->environmentState(env.name);
                    if (!s || s->reach == EnvironmentState::Reach::Unknown)
                        return false;
                }
                return true;
            },
            15000));
    }
    void choose(const QString &environment)
    {
        auto *combo = child<QComboBox>(m_window, "environmentCombo");
        combo->setCurrentIndex(combo->findData(environment));
    }
    QAction *action(const char *text) { return actionNamed(m_window, QString::fromUtf8(text)); }

    QTemporaryDir m_dir;
    MainWindow m_window;
};

TEST_F(MigrationActionsTest, ADisabledCommandSaysWhyInItsTooltipAndTheStatusBar)
{
    writeVersionRows(m_dir.filePath(QStringLiteral("bookshop.db")), {kHead});
    writeVersionRows(m_dir.filePath(QStringLiteral("bookshop-staging.db")), {});
    openAndCheck();
    QAction *upgrade = action("Upgrade to Heads");
    QAction *downgrade = action("Downgrade One Step");
    ASSERT_TRUE(upgrade && downgrade);

    // local stands at the head: nothing to upgrade, one step to go down.
    choose(QStringLiteral("local"));
    EXPECT_FALSE(upgrade->isEnabled());
    EXPECT_TRUE(upgrade->toolTip().contains(QStringLiteral("local is already at the heads")))
        << upgrade->toolTip().toStdString();
    EXPECT_EQ(upgrade->statusTip().toStdString(),
              "local is already at the heads: there is nothing to upgrade.");
    EXPECT_TRUE(downgrade->isEnabled());
    EXPECT_TRUE(downgrade->statusTip().isEmpty());

    // The pointer on the disabled toolbar button puts the reason in the status bar.
    auto *bar = child<QToolBar>(m_window, "mainToolBar");
    auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(upgrade));
    ASSERT_TRUE(button);
    ASSERT_TRUE(button->isVisible()) << "Upgrade to Heads is hidden in the toolbar's overflow";
    QTest::mouseMove(button);
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return m_window.statusBar()->currentMessage() == upgrade->statusTip(); }, 2000))
        << m_window.statusBar()->currentMessage().toStdString();

    // staging has nothing applied: the other way round.
    choose(QStringLiteral("staging"));
    EXPECT_TRUE(upgrade->isEnabled());
    EXPECT_FALSE(downgrade->isEnabled());
    EXPECT_EQ(downgrade->statusTip().toStdString(),
              "staging has no migration applied: there is nothing to downgrade.");

    // The commands on the selected revision need one.
    QAction *upgradeHere = action("Upgrade to Here");
    ASSERT_TRUE(upgradeHere);
    auto *view = child<QTreeView>(m_window, "revisionView");
    view->setCurrentIndex({});
    EXPECT_FALSE(upgradeHere->isEnabled());
    EXPECT_EQ(upgradeHere->statusTip().toStdString(), "Select a revision in the list first.");
}

TEST_F(MigrationActionsTest, WithoutAnEnvironmentTheCommandsSaySo)
{
    QFile toml(m_dir.filePath(QStringLiteral("retort.toml")));
    ASSERT_TRUE(toml.open(QIODevice::WriteOnly | QIODevice::Truncate));
    toml.write("[project]\nname = \"bookshop\"\nscripts = \"versions\"\n");
    toml.close();
    m_window.openProject(m_dir.path());
    ASSERT_TRUE(waitLoaded(m_window));
    for (const char *name : {"Upgrade to Heads", "Downgrade One Step", "Stamp Here"}) {
        QAction *a = action(name);
        ASSERT_TRUE(a) << name;
        EXPECT_FALSE(a->isEnabled()) << name;
        EXPECT_TRUE(a->statusTip().contains(QStringLiteral("no environment"))) << name;
        EXPECT_TRUE(a->toolTip().contains(QStringLiteral("Add Environment"))) << name;
    }
}

} // namespace
