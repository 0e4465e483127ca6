// GUI tests: drive the real MainWindow (offscreen) against the demo project and scratch copies.

#include "MainWindow.h"
#include "RevisionListModel.h"

#include "project/Workspace.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <gtest/gtest.h>

using retort::Workspace;
using retort::gui::MainWindow;
using retort::gui::RevisionListModel;

namespace {

const QString kDemo = QStringLiteral(RETORT_SOURCE_DIR "/migrations");

// Copies the files of `from` (recursively) into `to`.
bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + u'/' + QDir(from).relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

bool waitLoaded(const MainWindow &window)
{
    return QTest::qWaitFor([&] { return !window.isLoading(); }, 15000);
}

QStringList problemTexts(const MainWindow &window)
{
    QStringList texts;
    const auto *list = window.findChild<QListWidget *>(QStringLiteral("problemList"));
    for (int i = 0; list && i < list->count(); ++i) {
        if (list->item(i)->flags() != Qt::NoItemFlags) // skip the "No problems" placeholder
            texts.append(list->item(i)->text());
    }
    return texts;
}

std::unique_ptr<Workspace> loadDirectly(const QString &dir)
{
    auto result = Workspace::load(dir);
    return result ? std::move(*result) : nullptr;
}

class MainWindowTest : public ::testing::Test {
protected:
    void SetUp() override { m_window.show(); }
    MainWindow m_window;
};

TEST_F(MainWindowTest, ListsTheDemoProjectNewestFirst)
{
    auto expected = loadDirectly(kDemo);
    ASSERT_TRUE(expected);
    const auto history = expected->graph().history();
    ASSERT_TRUE(history.ok());
    ASSERT_FALSE(history->empty());

    ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_window));
    m_window.openProject(kDemo);
    // openProject() returns at once; the load runs in a worker thread.
    const auto *stack = m_window.findChild<QStackedWidget *>(QStringLiteral("stack"));
    ASSERT_TRUE(stack);
    EXPECT_EQ(stack->currentWidget()->objectName(), QStringLiteral("messagePage"));

    ASSERT_TRUE(waitLoaded(m_window));
    const RevisionListModel *model = m_window.revisionModel();
    ASSERT_EQ(model->rowCount(), expected->graph().size());
    EXPECT_EQ(model->columnCount(), int(RevisionListModel::ColumnCount));
    EXPECT_EQ(stack->currentWidget()->objectName(), QStringLiteral("revisionsPage"));

    // The first row is the newest revision, and it is a head.
    const QString newest = expected->graph().at(history->front()).id;
    const QModelIndex first = model->index(0, RevisionListModel::MessageColumn);
    EXPECT_EQ(first.data(RevisionListModel::RevisionIdRole).toString(), newest);
    EXPECT_TRUE(first.data(RevisionListModel::IsHeadRole).toBool());
    EXPECT_TRUE(first.data(RevisionListModel::MarkersRole)
                    .toList()
                    .contains(int(RevisionListModel::HeadMarker)));
    EXPECT_EQ(model->index(0, RevisionListModel::RevisionColumn).data().toString(),
              newest.left(RevisionListModel::shortIdLength));
    const auto &heads = expected->graph().heads();
    EXPECT_NE(std::find_if(heads.begin(), heads.end(),
                           [&](int h) { return expected->graph().at(h).id == newest; }),
              heads.end());

    // The merge revision carries its marker; the base lists no parent.
    int merges = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QVariantList markers = model->index(row, RevisionListModel::MessageColumn)
                                         .data(RevisionListModel::MarkersRole)
                                         .toList();
        merges += markers.contains(int(RevisionListModel::MergeMarker)) ? 1 : 0;
    }
    EXPECT_GE(merges, 1);

    // The graph column: the demo's branch needs two lanes; every row has a layout, and the
    // Graph column is painted by the lane delegate (one row grabbed: no crash, not blank).
    EXPECT_EQ(model->maxLanes(), 2);
    for (int row = 0; row < model->rowCount(); ++row) {
        ASSERT_NE(model->laneRow(row), nullptr);
        EXPECT_EQ(model->laneRow(row)->revision, model->revisionIndex(row));
    }
    const auto *view = m_window.findChild<QTreeView *>(QStringLiteral("revisionView"));
    ASSERT_TRUE(view);
    const QRect cell = view->visualRect(model->index(1, RevisionListModel::GraphColumn));
    ASSERT_TRUE(cell.isValid());
    const QImage graph = view->viewport()->grab(cell).toImage();
    bool coloured = false;
    for (int y = 0; y < graph.height() && !coloured; ++y)
        for (int x = 0; x < graph.width() && !coloured; ++x) {
            const QColor c = graph.pixelColor(x, y);
            coloured = c.saturation() > 80 && c.value() > 60;
        }
    EXPECT_TRUE(coloured) << "the lane line of row 1 is not painted";

    EXPECT_EQ(m_window.windowTitle(), QStringLiteral("bookshop — Retort"));
    EXPECT_TRUE(problemTexts(m_window).isEmpty());
    EXPECT_EQ(MainWindow::lastProject(), QFileInfo(kDemo).absoluteFilePath());
}

TEST_F(MainWindowTest, BrokenScriptIsAProblemAndTheRestIsStillListed)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    const int demoRevisions = loadDirectly(kDemo)->graph().size();

    QFile broken(dir.filePath(QStringLiteral("versions/aaaaaaaaaaaa_broken.sql")));
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write("-- Broken on purpose\n"
                 "--\n"
                 "-- Revision ID: aaaaaaaaaaaa\n"
                 "-- Revises: 1e2ba8818864\n"
                 "-- Bogus Key: x\n"
                 "\n"
                 "-- migrate:upgrade\n"
                 "SELECT 1;\n");
    broken.close();

    m_window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(m_window));

    EXPECT_EQ(m_window.revisionModel()->rowCount(), demoRevisions);
    const QStringList problems = problemTexts(m_window);
    ASSERT_EQ(problems.size(), 1) << problems.join(u'\n').toStdString();
    // "file:line: message", the file relative to the project.
    EXPECT_TRUE(problems.first().startsWith(
        QDir::toNativeSeparators(QStringLiteral("versions/aaaaaaaaaaaa_broken.sql:5: "))))
        << problems.first().toStdString();
    EXPECT_TRUE(problems.first().contains(QStringLiteral("Bogus Key")));
}

TEST_F(MainWindowTest, FolderWithoutProjectShowsTheError)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    m_window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(m_window));

    EXPECT_EQ(m_window.revisionModel()->rowCount(), 0);
    EXPECT_EQ(problemTexts(m_window).size(), 1);
    const auto *stack = m_window.findChild<QStackedWidget *>(QStringLiteral("stack"));
    EXPECT_EQ(stack->currentWidget()->objectName(), QStringLiteral("messagePage"));
}

TEST_F(MainWindowTest, RefreshKeepsTheCurrentRevision)
{
    m_window.openProject(kDemo);
    ASSERT_TRUE(waitLoaded(m_window));
    auto *view = m_window.findChild<QTreeView *>(QStringLiteral("revisionView"));
    ASSERT_TRUE(view);
    const QModelIndex third = m_window.revisionModel()->index(2, 0);
    view->setCurrentIndex(third);
    const QString id = third.data(RevisionListModel::RevisionIdRole).toString();

    m_window.refresh();
    EXPECT_TRUE(m_window.isLoading());
    ASSERT_TRUE(waitLoaded(m_window));
    EXPECT_EQ(view->currentIndex().data(RevisionListModel::RevisionIdRole).toString(), id);
}

} // namespace

int main(int argc, char **argv)
{
    // Keep the user's real settings out of reach (QSettings honours the test mode).
    QStandardPaths::setTestModeEnabled(true);
    // Offscreen unless told otherwise: CTest sets it, but gtest_discover_tests runs this binary
    // at build time without the test environment, and there may be no display at all.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RetortTest"));
    QApplication::setApplicationName(QStringLiteral("RetortGuiTests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
