// The pre-flight checklist (issue 12): each check's reason is shown in the dialog, wrapped, not
// only in a tooltip; the environments a migration succeeded on are each named once.

#include "PreflightDialog.h"

#include "GuiTestSupport.h"

#include "graph/RevisionGraph.h"
#include "safety/Preflight.h"

#include <QHeaderView>
#include <QProcess>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace guitest;
using retort::PreflightCheck;
using retort::PreflightReport;
using retort::gui::PreflightDialog;

namespace {

void write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

int cli(const QString &project, const QStringList &args)
{
    QProcess p;
    p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", project} + args);
    p.waitForFinished(60000);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// A project with local and staging (SQLite) and a protected production; one migration, applied
// twice on local (up, down, up again) and once on staging.
QString testedTwiceOnLocal(const QTemporaryDir &dir)
{
    const QString root = dir.path();
    QDir().mkpath(root + "/versions");
    write(root + "/retort.toml",
          "[project]\nname = \"p\"\nscripts = \"versions\"\n\n"
          "[environments.local]\ndriver = \"sqlite\"\ndatabase = \"local.db\"\n\n"
          "[environments.staging]\ndriver = \"sqlite\"\ndatabase = \"staging.db\"\n\n"
          "[environments.production]\ndriver = \"sqlite\"\ndatabase = \"prod.db\"\n"
          "protected = true\n");
    write(root + "/versions/aaaa00000001_one.sql",
          "-- One\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\n"
          "CREATE TABLE one (id INTEGER);\n\n-- migrate:downgrade\nDROP TABLE one;\n");
    for (const QStringList &args : {QStringList{"--env", "local", "upgrade", "heads"},
                                    QStringList{"--env", "local", "downgrade", "base"},
                                    QStringList{"--env", "local", "upgrade", "heads"},
                                    QStringList{"--env", "staging", "upgrade", "heads"}})
        EXPECT_EQ(cli(root, args), 0) << args.join(u' ').toStdString();
    return root;
}

TEST(PreflightDialog, ShowsEachReasonWrappedAndNamesEachEnvironmentOnce)
{
    ASSERT_TRUE(QFileInfo::exists(QString::fromUtf8(RETORT_CLI_PATH)))
        << "build the retort-cli target first: " << RETORT_CLI_PATH;
    QTemporaryDir dir;
    const QString root = testedTwiceOnLocal(dir);
    const auto ws = loadDirectly(root);
    ASSERT_TRUE(ws);
    const retort::Environment *production = ws->project().environment(QStringLiteral("production"));
    ASSERT_TRUE(production);
    auto plan = ws->graph().planUpgrade({}, QStringLiteral("heads"));
    ASSERT_TRUE(plan);

    PreflightReport report;
    report.checks.push_back(retort::checkTestedElsewhere(*ws, *production, *plan, {}));
    PreflightCheck dirty;
    dirty.id = PreflightCheck::Id::CleanWorkingTree;
    dirty.name = QStringLiteral("clean-working-tree");
    dirty.title = QStringLiteral("The project's working tree is clean and committed");
    dirty.state = PreflightCheck::State::Failed;
    dirty.detail = QStringLiteral("uncommitted changes:\n M versions/aaaa00000001_one.sql\n"
                                  "?? versions/bbbb00000002_two_with_a_rather_long_name.sql");
    report.checks.push_back(dirty);

    PreflightDialog dialog(QStringLiteral("production"), report, std::nullopt);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    if (const QString shots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR"); !shots.isEmpty())
        dialog.grab().save(shots + QStringLiteral("/preflight.png"));

    auto *view = dialog.findChild<QTreeWidget *>(QStringLiteral("checksView"));
    ASSERT_TRUE(view);
    ASSERT_EQ(view->topLevelItemCount(), 2);
    // Each environment once, in the order of the project.
    const QString tested = view->topLevelItem(0)->text(1);
    EXPECT_TRUE(tested.startsWith(QStringLiteral("passed"))) << tested.toStdString();
    EXPECT_TRUE(tested.contains(QStringLiteral("succeeded on local, staging")))
        << tested.toStdString();
    // Every line of the reason is in the dialog, not only in a tooltip.
    const QString unclean = view->topLevelItem(1)->text(1);
    EXPECT_TRUE(unclean.startsWith(QStringLiteral("FAILED"))) << unclean.toStdString();
    for (const QString &line : dirty.detail.split(u'\n'))
        EXPECT_TRUE(unclean.contains(line)) << line.toStdString();
    // The Result column fits the view, and each row is tall enough for its lines.
    EXPECT_LE(view->header()->sectionViewportPosition(1) + view->header()->sectionSize(1),
              view->viewport()->width());
    const QRect row = view->visualItemRect(view->topLevelItem(1));
    EXPECT_GE(row.height(), 3 * view->fontMetrics().lineSpacing()) << row.height();
}

} // namespace
