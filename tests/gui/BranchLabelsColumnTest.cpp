// The Branch labels column (issue 12, item 12): each revision shows the labels it declares; the
// labels it inherits (every label of the branch below it, a hundred on a deep branch) are only in
// the detail pane.

#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "RevisionDetail.h"
#include "RevisionListModel.h"

#include <QLabel>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using retort::gui::MainWindow;
using retort::gui::RevisionDetail;
using retort::gui::RevisionListModel;

using namespace guitest;

namespace {

QString labelsCell(const MainWindow &window, const QString &id)
{
    const RevisionListModel &model = *window.revisionModel();
    return model.index(model.rowOf(id), RevisionListModel::LabelsColumn).data().toString();
}

QString detailLabels(MainWindow &window, const QString &id)
{
    EXPECT_TRUE(selectRevision(window, id));
    const auto *detail = child<RevisionDetail>(window, "detail");
    return detail ? child<QLabel>(*detail, "labelsLabel")->text() : QString();
}

TEST(BranchLabelsColumn, ShowsTheDeclaredLabelsAndTheDetailTheInheritedOnes)
{
    MainWindow window;
    window.show();
    window.openProject(kDemo);
    ASSERT_TRUE(waitLoaded(window));
    // 2ce343b9cbed declares "reviews"; 7e7d8ca52273 above it inherits it.
    EXPECT_EQ(labelsCell(window, "2ce343b9cbed"), "reviews");
    EXPECT_EQ(labelsCell(window, "7e7d8ca52273"), "");
    EXPECT_EQ(detailLabels(window, "2ce343b9cbed"), "reviews");
    EXPECT_EQ(detailLabels(window, "7e7d8ca52273"), "inherited: reviews");
    EXPECT_EQ(detailLabels(window, "9a5b6b2126cd"), "none");
}

TEST(BranchLabelsColumn, ADeepBranchOfLabelledRevisionsShowsOneLabelPerRow)
{
    // 120 revisions in a line, each declaring a label: the tip inherits 119 of them.
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QDir().mkpath(dir.filePath("versions"));
    QFile toml(dir.filePath("retort.toml"));
    ASSERT_TRUE(toml.open(QIODevice::WriteOnly));
    toml.write("[project]\nname = \"deep\"\nscripts = \"versions\"\n\n"
               "[environments.local]\ndriver = \"sqlite\"\ndatabase = \"deep.db\"\n");
    toml.close();
    auto id = [](int i) { return QStringLiteral("r%1").arg(i, 11, 10, QLatin1Char('0')); };
    for (int i = 0; i < 120; ++i) {
        QFile f(dir.filePath("versions/" + id(i) + "_step.sql"));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("-- Step %1\n-- Revision ID: %2\n-- Revises: %3\n"
                               "-- Branch Labels: label%1\n\n-- migrate:upgrade\nSELECT 1;\n")
                    .arg(i)
                    .arg(id(i), i > 0 ? id(i - 1) : QString())
                    .toUtf8());
    }
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    ASSERT_EQ(window.revisionModel()->rowCount(), 120);
    EXPECT_EQ(labelsCell(window, id(119)), "label119");
    EXPECT_EQ(labelsCell(window, id(0)), "label0");
    const QString detail = detailLabels(window, id(119));
    EXPECT_TRUE(detail.startsWith("label119; inherited: label0, label1, ")) << detail.toStdString();
    EXPECT_EQ(detail.count(u','), 118);

    const QString shots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::qWait(200);
        EXPECT_TRUE(window.grab().save(shots + "/branch-labels.png"));
    }
}

} // namespace
