// GUI tests: drive the real MainWindow (offscreen) against the demo project and scratch copies.

#include "MainWindow.h"
#include "GuiTestSupport.h"

#include "ReviewChecklist.h"
#include "RevisionDetail.h"
#include "RevisionListModel.h"
#include "SqlView.h"
#include "base/Background.h"

#include "project/Workspace.h"
#include "workflows/MigrationJob.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDirIterator>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

#include <gtest/gtest.h>

using retort::Workspace;
using retort::gui::MainWindow;
using retort::gui::ReviewChecklist;
using retort::gui::RevisionDetail;
using retort::gui::RevisionListModel;
using retort::gui::SqlView;

using namespace guitest;

namespace {

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

    // Every revision, and the unreadable script as a row of its own (marked "unreadable").
    EXPECT_EQ(m_window.revisionModel()->rowCount(), demoRevisions + 1);
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

TEST_F(MainWindowTest, SelectingARevisionShowsItsDetailAndSql)
{
    auto expected = loadDirectly(kDemo);
    ASSERT_TRUE(expected);
    const retort::Script *reviews = expected->script(QStringLiteral("2ce343b9cbed"));
    ASSERT_TRUE(reviews);
    ASSERT_TRUE(reviews->upgrade.present());

    m_window.openProject(kDemo);
    ASSERT_TRUE(waitLoaded(m_window));
    ASSERT_TRUE(selectRevision(m_window, reviews->revision));

    const auto *detail = child<RevisionDetail>(m_window, "detail");
    ASSERT_TRUE(detail);
    EXPECT_EQ(detail->revisionId(), reviews->revision);
    EXPECT_EQ(child<QLabel>(*detail, "idLabel")->text(), reviews->revision);
    EXPECT_EQ(child<QLabel>(*detail, "messageLabel")->text(), reviews->message);
    EXPECT_TRUE(child<QLabel>(*detail, "labelsLabel")->text().contains(QStringLiteral("reviews")));
    EXPECT_TRUE(
        child<QLabel>(*detail, "parentsLabel")->text().contains(QStringLiteral("f883f1ce0eda")));

    // Both sections side by side, numbered with the lines of the file.
    const auto *upgrade = child<SqlView>(*detail, "upgradeView");
    const auto *downgrade = child<SqlView>(*detail, "downgradeView");
    ASSERT_TRUE(upgrade && downgrade);
    EXPECT_EQ(upgrade->text(), reviews->upgrade.sql);
    EXPECT_TRUE(upgrade->text().contains(QStringLiteral("CREATE TABLE reviews")));
    EXPECT_EQ(upgrade->fileLineNumber(0), reviews->upgrade.firstLine);
    EXPECT_EQ(upgrade->fileLineNumber(1), reviews->upgrade.firstLine + 1);
    EXPECT_EQ(downgrade->text(), reviews->downgrade.sql);
    EXPECT_EQ(downgrade->fileLineNumber(0), reviews->downgrade.firstLine);
    // No driver-qualified sections: no driver choice.
    EXPECT_FALSE(child<QWidget>(*detail, "driverRow")->isVisibleTo(detail));

    // A script with a postgresql section offers it; picking it shows that section.
    const retort::Script *loyalty = expected->script(QStringLiteral("2a8091e12ecd"));
    ASSERT_TRUE(loyalty);
    ASSERT_TRUE(loyalty->upgradeByDriver.contains(QStringLiteral("postgresql")));
    ASSERT_TRUE(selectRevision(m_window, loyalty->revision));
    EXPECT_TRUE(child<QWidget>(*detail, "driverRow")->isVisibleTo(detail));
    EXPECT_EQ(upgrade->text(), loyalty->upgrade.sql);
    auto *driver = child<QComboBox>(*detail, "driverCombo");
    const int postgres = driver->findData(QStringLiteral("postgresql"));
    ASSERT_GE(postgres, 0);
    driver->setCurrentIndex(postgres);
    Q_EMIT driver->activated(postgres);
    const retort::ScriptSection &pg = loyalty->upgradeByDriver.value(QStringLiteral("postgresql"));
    EXPECT_EQ(upgrade->text(), pg.sql);
    EXPECT_EQ(upgrade->fileLineNumber(0), pg.firstLine);
    EXPECT_EQ(downgrade->text(), loyalty->downgrade.sql); // no qualified downgrade: the plain one
}

TEST_F(MainWindowTest, ReviewChecklistPersistsPerRevision)
{
    const QString id = QStringLiteral("2ce343b9cbed");
    const QString other = QStringLiteral("f883f1ce0eda");
    QSettings().remove(QStringLiteral("reviews"));
    m_window.openProject(kDemo);
    ASSERT_TRUE(waitLoaded(m_window));
    ASSERT_TRUE(selectRevision(m_window, id));
    auto *checklist = child<ReviewChecklist>(m_window, "checklist");
    ASSERT_TRUE(checklist);
    EXPECT_TRUE(checklist->isEnabled());
    EXPECT_EQ(checklist->items(), ReviewChecklist::Items());
    child<QCheckBox>(*checklist, "upgradeBox")->setChecked(true);
    child<QCheckBox>(*checklist, "unintendedBox")->setChecked(true);

    // Another revision has its own (empty) list; coming back restores the ticks.
    ASSERT_TRUE(selectRevision(m_window, other));
    EXPECT_EQ(checklist->items(), ReviewChecklist::Items());
    ASSERT_TRUE(selectRevision(m_window, id));
    EXPECT_EQ(checklist->items(),
              ReviewChecklist::UpgradeChecked | ReviewChecklist::NoUnintendedChanges);

    // A new window (as after a restart) shows them too.
    MainWindow second;
    second.openProject(kDemo);
    ASSERT_TRUE(waitLoaded(second));
    ASSERT_TRUE(selectRevision(second, id));
    const auto *restored = child<ReviewChecklist>(second, "checklist");
    EXPECT_TRUE(child<QCheckBox>(*restored, "upgradeBox")->isChecked());
    EXPECT_FALSE(child<QCheckBox>(*restored, "downgradeBox")->isChecked());
    EXPECT_TRUE(child<QCheckBox>(*restored, "unintendedBox")->isChecked());
    // Keyed by project: the same id in another project is unreviewed.
    const QString script = m_window.revisionModel()
                               ->workspace()
                               ->graph()
                               .at(m_window.revisionModel()->workspace()->graph().indexOf(id))
                               .script->path;
    EXPECT_EQ(ReviewChecklist::savedItems(QStringLiteral("/elsewhere"), id, script),
              ReviewChecklist::Items());
    QSettings().remove(QStringLiteral("reviews"));
}

TEST_F(MainWindowTest, FilterReducesTheRowsAndClearingRestoresThem)
{
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_window));
    m_window.openProject(kDemo);
    ASSERT_TRUE(waitLoaded(m_window));
    const RevisionListModel *model = m_window.revisionModel();
    const int all = model->rowCount();
    auto *filter = child<QLineEdit>(m_window, "filterEdit");
    ASSERT_TRUE(filter);
    EXPECT_EQ(filter->placeholderText(), QStringLiteral("Filter by id, message or label"));

    // Ctrl+F focuses the filter.
    m_window.activateWindow();
    if (QTest::qWaitForWindowActive(&m_window)) {
        QTest::keyClick(&m_window, Qt::Key_F, Qt::ControlModifier);
        EXPECT_TRUE(filter->hasFocus());
    }

    filter->setText(QStringLiteral("REVIEW"));
    const int shown = model->rowCount();
    EXPECT_GT(shown, 0);
    EXPECT_LT(shown, all);
    for (int row = 0; row < shown; ++row) {
        const QString message =
            model->index(row, RevisionListModel::MessageColumn).data().toString();
        // The filter matches inherited labels too (the column shows the declared ones).
        const QString labels =
            model->workspace()->graph().at(model->revisionIndex(row)).labels.join(u',');
        EXPECT_TRUE(message.contains(QStringLiteral("review"), Qt::CaseInsensitive) ||
                    labels.contains(QStringLiteral("review")))
            << message.toStdString();
        ASSERT_NE(model->laneRow(row), nullptr); // lanes laid out for the filtered rows
        EXPECT_EQ(model->laneRow(row)->revision, model->revisionIndex(row));
    }
    // The detail follows a row that is still listed.
    const auto *detail = child<RevisionDetail>(m_window, "detail");
    EXPECT_GE(model->rowOf(detail->revisionId()), 0);

    // An id prefix.
    filter->setText(QStringLiteral("2c53"));
    ASSERT_EQ(model->rowCount(), 1);
    EXPECT_EQ(model->index(0, 0).data(RevisionListModel::RevisionIdRole).toString(),
              QStringLiteral("2c5300663497"));
    EXPECT_EQ(detail->revisionId(), QStringLiteral("2c5300663497"));

    filter->setText(QStringLiteral("no such thing"));
    EXPECT_EQ(model->rowCount(), 0);
    EXPECT_TRUE(detail->revisionId().isEmpty());

    filter->clear();
    EXPECT_EQ(model->rowCount(), all);
}

TEST_F(MainWindowTest, EditingAScriptOnDiskRefreshes)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    m_window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(m_window));
    const RevisionListModel *model = m_window.revisionModel();
    const int row = model->rowOf(QStringLiteral("2ce343b9cbed"));
    ASSERT_GE(row, 0);
    EXPECT_EQ(model->index(row, RevisionListModel::MessageColumn).data().toString(),
              QStringLiteral("Add book reviews"));

    const QString path = dir.filePath(QStringLiteral("versions/2ce343b9cbed_add_book_reviews.sql"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QByteArray text = file.readAll();
    file.close();
    text.replace("-- Add book reviews\n", "-- Add book reviews and ratings\n");
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
    file.close();

    // No explicit refresh: the watcher notices, waits for the writes to settle, and reloads.
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            const int r = model->rowOf(QStringLiteral("2ce343b9cbed"));
            return r >= 0 && model->index(r, RevisionListModel::MessageColumn).data().toString() ==
                                 QStringLiteral("Add book reviews and ratings");
        },
        10000));

    // A new script is noticed through the folder.
    QFile added(dir.filePath(QStringLiteral("versions/bbbbbbbbbbbb_added.sql")));
    ASSERT_TRUE(added.open(QIODevice::WriteOnly));
    added.write("-- Added while open\n--\n-- Revision ID: bbbbbbbbbbbb\n-- Revises: 1e2ba8818864\n"
                "\n-- migrate:upgrade\nSELECT 1;\n\n-- migrate:downgrade\nSELECT 2;\n");
    added.close();
    EXPECT_TRUE(
        QTest::qWaitFor([&] { return model->rowOf(QStringLiteral("bbbbbbbbbbbb")) == 0; }, 10000));
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
    // CTest runs each test in its own process, two at a time: give every process its own
    // settings folder so one test's "last project" never leaks into another's.
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    QApplication::setOrganizationName(QStringLiteral("RetortTest"));
    QApplication::setApplicationName(QStringLiteral("RetortGuiTests"));
    ::testing::InitGoogleTest(&argc, argv);
    const int result = RUN_ALL_TESTS();
    // As the application's main() does: background tasks a test left running (a replay started
    // when a revision was shown) are cancelled and waited for before QApplication goes away.
    retort::Background::shutdown(30000);
    return result;
}

// The whole apply flow from the window: Upgrade to Heads plans in a worker, shows the plan,
// runs only when confirmed, logs each step, and the database ends at the head; then Downgrade to
// Here, declined in the plan dialog, changes nothing.
TEST_F(MainWindowTest, UpgradeToHeadsRunsThePlanAfterConfirmation)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    QFile::remove(dir.filePath(QStringLiteral("bookshop.db")));
    m_window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(m_window));

    QAction *upgrade = nullptr;
    QAction *downgradeHere = nullptr;
    for (QAction *a : m_window.findChildren<QAction *>()) {
        if (a->text() == QStringLiteral("Upgrade to Heads"))
            upgrade = a;
        if (a->text() == QStringLiteral("Downgrade to Here"))
            downgradeHere = a;
    }
    ASSERT_TRUE(upgrade && downgradeHere);
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));

    // Answer the plan dialog (modal, opened once the plan is made in the worker thread).
    auto answerPlan = [](bool accept, QString *sql) {
        auto timer = std::make_shared<QTimer>();
        timer->setInterval(20);
        QObject::connect(timer.get(), &QTimer::timeout, [timer, accept, sql] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            timer->stop();
            if (auto *edit = dialog->findChild<QPlainTextEdit *>())
                *sql = edit->toPlainText();
            accept ? dialog->accept() : dialog->reject();
        });
        timer->start();
        return timer;
    };

    QString sql;
    auto answer = answerPlan(true, &sql);
    upgrade->trigger();
    auto *log = m_window.findChild<QPlainTextEdit *>(QStringLiteral("log"));
    ASSERT_TRUE(log);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return log->toPlainText().contains(QStringLiteral("Done.")); }, 20000))
        << log->toPlainText().toStdString();
    EXPECT_TRUE(sql.contains(QStringLiteral("-- Running upgrade  -> 9a5b6b2126cd")));
    EXPECT_TRUE(log->toPlainText().contains(
        QStringLiteral("Running upgrade 2a8091e12ecd -> 1e2ba8818864, Add promotions")));
    auto rows = retort::readHeads(*loadDirectly(dir.path())->environment({}).value(),
                                  retort::VersionTable::defaultTable());
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(*rows, QStringList{QStringLiteral("1e2ba8818864")});

    // Declining a plan runs nothing.
    ASSERT_TRUE(waitLoaded(m_window)); // the refresh after the run
    ASSERT_TRUE(selectRevision(m_window, QStringLiteral("9a5b6b2126cd")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return downgradeHere->isEnabled(); }, 5000));
    answer = answerPlan(false, &sql);
    downgradeHere->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return log->toPlainText().contains(QStringLiteral("Plan not run.")); }, 20000));
    rows = retort::readHeads(*loadDirectly(dir.path())->environment({}).value(),
                             retort::VersionTable::defaultTable());
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(*rows, QStringList{QStringLiteral("1e2ba8818864")});
}

TEST_F(MainWindowTest, RecentProjectsListTheLastOpenedFirst)
{
    QTemporaryDir a, b;
    ASSERT_TRUE(copyTree(kDemo, a.path()) && copyTree(kDemo, b.path()));
    m_window.openProject(a.path());
    ASSERT_TRUE(waitLoaded(m_window));
    m_window.openProject(b.path());
    ASSERT_TRUE(waitLoaded(m_window));
    m_window.openProject(a.path());
    ASSERT_TRUE(waitLoaded(m_window));
    const QStringList recent = MainWindow::recentProjects();
    ASSERT_GE(recent.size(), 2);
    EXPECT_EQ(recent[0], m_window.projectDir());
    EXPECT_EQ(recent.count(m_window.projectDir()), 1); // no duplicates
    EXPECT_TRUE(recent[1].endsWith(QDir(b.path()).dirName()));
    // The menu offers them, and choosing one opens it.
    auto *menu = m_window.findChild<QMenu *>(QStringLiteral("recentMenu"));
    ASSERT_TRUE(menu);
    ASSERT_GE(menu->actions().size(), 2);
    EXPECT_TRUE(menu->actions()[1]->text().contains(QDir(b.path()).dirName()));
    menu->actions()[1]->trigger();
    ASSERT_TRUE(waitLoaded(m_window));
    EXPECT_EQ(m_window.projectDir(), recent[1]);
}

namespace {

// The texts of `actions` without their mnemonics; "-" for a separator, "[w]" for a widget.
QStringList texts(const QList<QAction *> &actions)
{
    QStringList out;
    for (QAction *a : actions) {
        if (a->isSeparator())
            out.append(QStringLiteral("-"));
        else if (a->text().isEmpty())
            out.append(QStringLiteral("[w]"));
        else
            out.append(a->text().remove(u'&'));
    }
    return out;
}

QStringList menuTexts(const MainWindow &window, const QString &title)
{
    for (QAction *a : window.menuBar()->actions())
        if (a->menu() && a->text().remove(u'&') == title)
            return texts(a->menu()->actions());
    return {};
}

} // namespace

TEST_F(MainWindowTest, MenusToolbarAndDocksAreInTheirPlaces)
{
    EXPECT_EQ(
        texts(m_window.menuBar()->actions()),
        (QStringList{"File", "Revision", "Migrate", "Environment", "Schema", "View", "Help"}));
    EXPECT_EQ(menuTexts(m_window, "File"),
              (QStringList{"Open Project…", "Open Recent", "Open Release…", "Refresh", "-",
                           "Alembic Program…", "Quit"}));
    EXPECT_EQ(menuTexts(m_window, "Revision"),
              (QStringList{"New Revision…", "New Revision from Differences…", "Merge Heads…", "-",
                           "Show Changes Since Applied…"}));
    EXPECT_EQ(menuTexts(m_window, "Migrate"),
              (QStringList{"Upgrade to Heads", "Downgrade One Step", "-", "Upgrade to Here",
                           "Downgrade to Here", "Stamp Here"}));
    EXPECT_EQ(
        menuTexts(m_window, "Environment"),
        (QStringList{"Add Environment…", "Edit Environment…", "Remove Environment…", "Backups…",
                     "Release Report…", "-", "Check Drift", "Check Drift of All", "Show Drift…"}));
    EXPECT_EQ(menuTexts(m_window, "View"),
              (QStringList{"Revisions", "Schema", "-", "Filter Revisions", "-", "Main Toolbar",
                           "Problems", "Appearance", "Log", "Environments", "History"}));
    EXPECT_EQ(menuTexts(m_window, "Schema"), (QStringList{"Compare…"}));
    EXPECT_EQ(menuTexts(m_window, "Help"), (QStringList{"About Retort"}));

    const auto *toolBar = m_window.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    ASSERT_TRUE(toolBar);
    EXPECT_EQ(texts(toolBar->actions()),
              (QStringList{"Open Project…", "Refresh", "-", "[w]", "[w]", "Upgrade to Heads",
                           "Downgrade One Step", "-", "New Revision…", "Merge Heads…"}));
    const auto *view = m_window.findChild<QTreeView *>(QStringLiteral("revisionView"));
    ASSERT_TRUE(view);
    EXPECT_EQ(texts(view->actions()), (QStringList{"Show Changes Since Applied…", "Upgrade to Here",
                                                   "Downgrade to Here", "Stamp Here"}));

    // Problems, Log, Environments and History share the bottom area as tabs.
    auto *problems = m_window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
    ASSERT_TRUE(problems);
    QStringList tabbed;
    for (QDockWidget *d : m_window.tabifiedDockWidgets(problems))
        tabbed.append(d->objectName());
    tabbed.sort();
    EXPECT_EQ(tabbed, (QStringList{"environmentsDock", "historyDock", "logDock"}));
    for (const char *name : {"problemsDock", "logDock", "environmentsDock", "historyDock"})
        EXPECT_EQ(m_window.dockWidgetArea(m_window.findChild<QDockWidget *>(name)),
                  Qt::BottomDockWidgetArea)
            << name;
}

// Saves the main window on the demo project to $RETORT_SCREENSHOT_DIR/main-window.png (skipped
// without it), for comparing with docs/screenshot.png.
TEST_F(MainWindowTest, Screenshot)
{
    const QString dir = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (dir.isEmpty())
        GTEST_SKIP() << "set RETORT_SCREENSHOT_DIR to save screenshots";
    QTemporaryDir copy;
    ASSERT_TRUE(copyTree(kDemo, copy.path()));
    m_window.resize(1400, 900);
    m_window.openProject(copy.path());
    ASSERT_TRUE(waitLoaded(m_window));
    QTest::qWait(1500); // the environment checks
    EXPECT_TRUE(m_window.grab().save(dir + QStringLiteral("/main-window.png")));
}
