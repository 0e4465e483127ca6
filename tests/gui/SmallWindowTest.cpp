// The window at 800×600 (issue 12): what must stay visible and readable on a small screen.

#include "Appearance.h"
#include "GuiTestSupport.h"
#include "RevisionListModel.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>

#include <gtest/gtest.h>

using namespace guitest;
using retort::gui::Appearance;
using retort::gui::RevisionListModel;

namespace {

const QString kLoyalty = QStringLiteral("2a8091e12ecd"); // "Add customer loyalty points"

class SmallWindowTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_copy.isValid());
        ASSERT_TRUE(copyTree(kDemo, m_copy.path()));
        m_window.resize(800, 600);
        m_window.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_window));
        m_window.openProject(m_copy.path());
        ASSERT_TRUE(waitLoaded(m_window));
        ASSERT_TRUE(selectRevision(m_window, kLoyalty));
        QApplication::processEvents();
    }
    QTemporaryDir m_copy;
    MainWindow m_window;
};

TEST_F(SmallWindowTest, TheMessageColumnHasTheRoomAndTheOthersGiveWay)
{
    auto *view = child<QTreeView>(m_window, "revisionView");
    QHeaderView *header = view->header();
    const int message = header->sectionSize(RevisionListModel::MessageColumn);
    // The loyalty revision's message is shown whole.
    EXPECT_GE(message,
              view->fontMetrics().horizontalAdvance(QStringLiteral("Add customer loyalty points")))
        << message;
    EXPECT_GE(message, 30 * view->fontMetrics().averageCharWidth()) << message;
    // Nothing needs the horizontal scroll bar.
    EXPECT_LE(header->length(), view->viewport()->width() + 1);

    // Wider again, the other columns get their widths back.
    const int parents = header->sectionSize(RevisionListModel::ParentsColumn);
    m_window.resize(1400, 800);
    QApplication::processEvents();
    EXPECT_GT(header->sectionSize(RevisionListModel::ParentsColumn), parents);
}

TEST_F(SmallWindowTest, TheMainActionsStayOnTheToolbar)
{
    auto *bar = child<QToolBar>(m_window, "mainToolBar");
    for (const char *name : {"Upgrade to Heads", "Downgrade One Step", "New Revision…"}) {
        QAction *a = actionNamed(m_window, QString::fromUtf8(name));
        ASSERT_TRUE(a) << name;
        QWidget *button = bar->widgetForAction(a);
        ASSERT_TRUE(button) << name;
        EXPECT_TRUE(button->isVisible()) << name << " is in the toolbar's overflow menu";
        EXPECT_LE(button->mapTo(bar, QPoint(button->width(), 0)).x(), bar->width()) << name;
    }
}

TEST_F(SmallWindowTest, TheDetailPaneWrapsItsValuesInsteadOfCuttingThem)
{
    auto *scroll = child<QScrollArea>(m_window, "infoScroll");
    ASSERT_TRUE(scroll);
    QWidget *viewport = scroll->viewport();
    for (const char *name : {"messageLabel", "idLabel", "parentsLabel", "childrenLabel",
                             "createdLabel", "fileLabel"}) {
        auto *label = child<QLabel>(*scroll, name);
        ASSERT_TRUE(label) << name;
        const int right = label->mapTo(viewport, QPoint(label->width(), 0)).x();
        EXPECT_LE(right, viewport->width()) << name << " is cut at the pane's edge";
        EXPECT_GE(label->width(), label->minimumSizeHint().width()) << name;
    }
    // Every review box can be reached, whole.
    for (QCheckBox *box : child<QWidget>(m_window, "checklist")->findChildren<QCheckBox *>()) {
        ASSERT_TRUE(viewport->isAncestorOf(box)) << box->text().toStdString();
        EXPECT_LE(box->mapTo(viewport, QPoint(box->width(), 0)).x(), viewport->width())
            << box->text().toStdString();
    }
}

// Saves the window at 800×600, light and dark, to $RETORT_SCREENSHOT_DIR (skipped without it):
// the revisions, the scripts' editor not found, the pre-flight dialog, and a missing folder.
TEST(SmallWindow, Screenshots)
{
    const QString dir = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (dir.isEmpty())
        GTEST_SKIP() << "set RETORT_SCREENSHOT_DIR to save screenshots";
    QTemporaryDir copy;
    ASSERT_TRUE(copyTree(kDemo, copy.path()));
    const QByteArray path = qgetenv("PATH"), editor = qgetenv("EDITOR"), visual = qgetenv("VISUAL");
    for (const auto &[appearance, name] :
         {std::pair{Appearance::Light, "light"}, std::pair{Appearance::Dark, "dark"}}) {
        retort::gui::applyAppearance(appearance);
        MainWindow window;
        window.resize(800, 600);
        window.show();
        window.openProject(copy.path());
        ASSERT_TRUE(waitLoaded(window));
        ASSERT_TRUE(selectRevision(window, kLoyalty));
        QTest::qWait(1500); // the environment checks
        EXPECT_TRUE(window.grab().save(dir + QStringLiteral("/small-%1.png").arg(name)));

        // Open in Editor with nothing to open the script.
        qputenv("PATH", copy.path().toLocal8Bit());
        qunsetenv("EDITOR");
        qunsetenv("VISUAL");
        auto grabBox = answerModal([&, name = name](QDialog *d) {
            d->grab().save(dir + QStringLiteral("/no-editor-%1.png").arg(name));
            d->reject();
            return true;
        });
        child<QToolButton>(*child<QWidget>(window, "detail"), "openButton")->click();
        qputenv("PATH", path);
        qputenv("EDITOR", editor);
        qputenv("VISUAL", visual);

        // Upgrade to Heads disabled, with its tooltip.
        window.resize(1200, 800);
        QTest::qWait(200);
        EXPECT_TRUE(window.grab().save(dir + QStringLiteral("/wide-%1.png").arg(name)));
    }
    retort::gui::applyAppearance(Appearance::System);
}

} // namespace
