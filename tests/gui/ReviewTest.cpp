// The review checklist belongs to the script's content: the list shows each revision's review
// state, and an edit of the script makes a review stale, visibly. Uses the QApplication created
// by the retort_gui_tests main() (tests/gui/MainWindowTest.cpp).

#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "ReviewChecklist.h"
#include "RevisionListModel.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using retort::gui::MainWindow;
using retort::gui::ReviewChecklist;
using retort::gui::ReviewState;
using retort::gui::RevisionListModel;

using namespace guitest;

namespace {

constexpr auto kReviewed = "2ce343b9cbed";

ReviewState listed(const MainWindow &window, const QString &id)
{
    const RevisionListModel *model = window.revisionModel();
    const int row = model->rowOf(id);
    if (row < 0)
        return ReviewState::None;
    return ReviewState(model->index(row, RevisionListModel::ReviewColumn)
                           .data(RevisionListModel::ReviewRole)
                           .toInt());
}

void tickAll(ReviewChecklist &checklist)
{
    for (const char *box : {"upgradeBox", "downgradeBox", "unintendedBox"})
        child<QCheckBox>(checklist, box)->setChecked(true);
}

TEST(Review, AnEditMakesAReviewStaleInTheChecklistAndTheList)
{
    QSettings().remove(QStringLiteral("reviews"));
    QTemporaryDir dir;
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    MainWindow window;
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    const QString id = QString::fromLatin1(kReviewed);
    ASSERT_TRUE(selectRevision(window, id));
    auto *checklist = child<ReviewChecklist>(window, "checklist");
    ASSERT_TRUE(checklist);
    EXPECT_EQ(listed(window, id), ReviewState::None);

    // One tick: partly reviewed; all three: reviewed, in the list at once.
    child<QCheckBox>(*checklist, "upgradeBox")->setChecked(true);
    EXPECT_EQ(listed(window, id), ReviewState::Partial);
    tickAll(*checklist);
    EXPECT_EQ(listed(window, id), ReviewState::Reviewed);
    const RevisionListModel *model = window.revisionModel();
    EXPECT_EQ(model->index(model->rowOf(id), RevisionListModel::ReviewColumn).data().toString(),
              QStringLiteral("\u2713"));
    EXPECT_FALSE(child<QLabel>(*checklist, "staleLabel")->isVisibleTo(checklist));

    // Edit the script on disk: the window reloads, and the review no longer holds.
    const QString path = dir.filePath(QStringLiteral("versions/2ce343b9cbed_add_book_reviews.sql"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::Append));
    file.write("-- one more line\n");
    file.close();
    ASSERT_TRUE(QTest::qWaitFor([&] { return listed(window, id) == ReviewState::Stale; }, 10000));
    ASSERT_TRUE(selectRevision(window, id));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return checklist->items() == ReviewChecklist::Items(); }, 5000));
    auto *stale = child<QLabel>(*checklist, "staleLabel");
    EXPECT_TRUE(stale->isVisibleTo(checklist));
    EXPECT_TRUE(stale->text().contains(QStringLiteral("before an edit")))
        << stale->text().toStdString();
    EXPECT_EQ(ReviewChecklist::savedItems(dir.path(), id, path), ReviewChecklist::Items());

    // Reviewing again gives the new content a review.
    tickAll(*checklist);
    EXPECT_EQ(listed(window, id), ReviewState::Reviewed);
    EXPECT_FALSE(stale->isVisibleTo(checklist));

    // A fresh window reads the states from the settings in the background.
    MainWindow second;
    second.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(second));
    EXPECT_TRUE(QTest::qWaitFor([&] { return listed(second, id) == ReviewState::Reviewed; }, 5000));
    EXPECT_EQ(listed(second, QStringLiteral("f883f1ce0eda")), ReviewState::None);

    const QString dirShot = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (!dirShot.isEmpty()) {
        ASSERT_TRUE(selectRevision(window, id));
        QFile again(path);
        ASSERT_TRUE(again.open(QIODevice::Append));
        again.write("-- and another\n");
        again.close();
        ASSERT_TRUE(
            QTest::qWaitFor([&] { return listed(window, id) == ReviewState::Stale; }, 10000));
        ASSERT_TRUE(selectRevision(window, id));
        window.resize(1280, 800);
        QTest::qWait(100);
        window.grab().save(dirShot + QStringLiteral("/review-stale.png"));
    }
    QSettings().remove(QStringLiteral("reviews"));
}

} // namespace
