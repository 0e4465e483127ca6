// PlanDialog against plans from a small in-memory graph. Uses the QApplication created by the
// retort_gui_tests main() (tests/gui/MainWindowTest.cpp); this file holds TEST()s only.

#include "PlanDialog.h"

#include "graph/RevisionGraph.h"
#include "scripts/Script.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace retort;
using retort::gui::PlanDialog;

namespace {

// a1 -> b2 -> c3, each with an upgrade and a downgrade section.
struct Graph {
    std::vector<Script> scripts;
    std::vector<Error> errors;
    RevisionGraph g;

    Graph()
    {
        const char *ids[] = {"2a8091e12ecd", "5f1c0b7a9d21", "1e2ba8818864"};
        const char *messages[] = {"create authors", "create books", "add isbn"};
        for (int i = 0; i < 3; ++i) {
            Script s;
            s.revision = QString::fromUtf8(ids[i]);
            if (i > 0)
                s.downRevisions = QStringList{QString::fromUtf8(ids[i - 1])};
            s.message = QString::fromUtf8(messages[i]);
            s.fileName = QStringLiteral("%1_%2.sql").arg(i).arg(s.revision);
            s.path = QStringLiteral("/project/versions/") + s.fileName;
            s.upgrade = {QStringLiteral("CREATE TABLE t%1 (id INTEGER PRIMARY KEY);").arg(i), 10};
            s.downgrade = {QStringLiteral("DROP TABLE t%1;").arg(i), 13};
            scripts.push_back(s);
        }
        g = RevisionGraph::build(scripts, errors);
    }

    Plan upgrade(const QStringList &rows, const QString &target) const
    {
        auto p = g.planUpgrade(rows, target);
        EXPECT_TRUE(p.ok());
        return p.ok() ? *p : Plan{};
    }
};

Environment env(const QString &name, bool isProtected = false)
{
    Environment e;
    e.name = name;
    e.driver = QStringLiteral("sqlite");
    e.database = QStringLiteral("/tmp/x.db");
    e.isProtected = isProtected;
    return e;
}

QPushButton *okButton(PlanDialog &d)
{
    return d.findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
        ->button(QDialogButtonBox::Ok);
}

} // namespace

TEST(PlanDialog, ShowsOneRowPerStepTheSummaryAndTheSql)
{
    Graph graph;
    ASSERT_TRUE(graph.errors.empty());
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("local"));
    input.plan = graph.upgrade({QStringLiteral("2a8091e12ecd")}, QStringLiteral("heads"));
    input.action = MigrationAction::Upgrade;
    PlanDialog dialog(input);

    auto *steps = dialog.findChild<QTreeWidget *>(QStringLiteral("stepsView"));
    ASSERT_NE(steps, nullptr);
    ASSERT_EQ(steps->topLevelItemCount(), 2);
    EXPECT_EQ(steps->topLevelItem(0)->text(2), QStringLiteral("5f1c0b7a9d21"));
    EXPECT_EQ(steps->topLevelItem(0)->text(3), QStringLiteral("2a8091e12ecd \u2192 5f1c0b7a9d21"));
    EXPECT_EQ(steps->topLevelItem(1)->text(4), QStringLiteral("add isbn"));

    EXPECT_EQ(dialog.summary(),
              QStringLiteral("Upgrade local from 2a8091e12ecd to 1e2ba8818864: 2 migrations"));
    auto *sql = dialog.findChild<QPlainTextEdit *>(QStringLiteral("sqlEdit"));
    ASSERT_NE(sql, nullptr);
    EXPECT_TRUE(sql->isReadOnly());
    EXPECT_TRUE(sql->toPlainText().contains(
        QStringLiteral("-- Running upgrade 2a8091e12ecd -> 5f1c0b7a9d21")));
    EXPECT_TRUE(sql->toPlainText().contains(QStringLiteral("CREATE TABLE t2")));
    EXPECT_FALSE(sql->toPlainText().contains(QStringLiteral("CREATE TABLE alembic_version")));
    EXPECT_EQ(okButton(dialog)->text(), QStringLiteral("Upgrade"));
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_FALSE(dialog.findChild<QWidget *>(QStringLiteral("confirmPanel"))->isVisibleTo(&dialog));
}

TEST(PlanDialog, FromBaseTheSqlCreatesTheVersionTable)
{
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("local"));
    input.plan = graph.upgrade({}, QStringLiteral("heads"));
    input.versionTableExists = false;
    PlanDialog dialog(input);
    EXPECT_EQ(dialog.findChild<QTreeWidget *>(QStringLiteral("stepsView"))->topLevelItemCount(), 3);
    EXPECT_TRUE(dialog.sql().startsWith(QStringLiteral("CREATE TABLE alembic_version")));
    EXPECT_EQ(dialog.summary(),
              QStringLiteral("Upgrade local from <base> to 1e2ba8818864: 3 migrations"));
}

TEST(PlanDialog, DowngradeToBaseKeepsTheVersionTableInTheSql)
{
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("local"));
    auto plan = graph.g.planDowngrade({QStringLiteral("1e2ba8818864")}, QStringLiteral("base"));
    ASSERT_TRUE(plan.ok());
    input.plan = *plan;
    input.action = MigrationAction::Downgrade;
    PlanDialog dialog(input);
    EXPECT_EQ(okButton(dialog)->text(), QStringLiteral("Downgrade"));
    EXPECT_TRUE(dialog.sql().contains(QStringLiteral("DROP TABLE t0")));
    EXPECT_FALSE(dialog.sql().contains(QStringLiteral("DROP TABLE alembic_version")));
}

TEST(PlanDialog, StampStepsAreMarked)
{
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("local"));
    auto plan = graph.g.planStamp({QStringLiteral("2a8091e12ecd")},
                                  {QStringLiteral("1e2ba8818864")}, false);
    ASSERT_TRUE(plan.ok());
    input.plan = *plan;
    input.action = MigrationAction::Stamp;
    PlanDialog dialog(input);
    auto *steps = dialog.findChild<QTreeWidget *>(QStringLiteral("stepsView"));
    ASSERT_EQ(steps->topLevelItemCount(), 1);
    EXPECT_EQ(steps->topLevelItem(0)->text(1), QStringLiteral("stamp"));
    EXPECT_EQ(okButton(dialog)->text(), QStringLiteral("Stamp"));
    EXPECT_TRUE(dialog.sql().contains(QStringLiteral("-- Running stamp_revision")));
}

TEST(PlanDialog, ProtectedEnvironmentNeedsTheExactNameTyped)
{
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("production"), true);
    input.plan = graph.upgrade({QStringLiteral("2a8091e12ecd")}, QStringLiteral("heads"));
    PlanDialog dialog(input);
    auto *confirm = dialog.findChild<QLineEdit *>(QStringLiteral("confirmEdit"));
    ASSERT_NE(confirm, nullptr);
    EXPECT_TRUE(confirm->isVisibleTo(&dialog));
    EXPECT_TRUE(dialog.findChild<QLabel *>(QStringLiteral("confirmLabel"))
                    ->text()
                    .contains(QStringLiteral("<b>production</b>")));
    EXPECT_FALSE(okButton(dialog)->isEnabled());

    QTest::keyClicks(confirm, QStringLiteral("Production"));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    confirm->clear();
    QTest::keyClicks(confirm, QStringLiteral("producti"));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    QTest::keyClicks(confirm, QStringLiteral("on"));
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(dialog.canAccept());
    QTest::keyClicks(confirm, QStringLiteral(" "));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
}

namespace {

PreflightReport reportWith(PreflightCheck::State testedElsewhere)
{
    PreflightReport report;
    PreflightCheck check;
    check.name = QStringLiteral("tested-elsewhere");
    check.title = QStringLiteral("Every migration already succeeded elsewhere");
    check.state = testedElsewhere;
    check.detail = QStringLiteral("2a8091e12ecd never ran on a non-protected environment");
    report.checks.push_back(check);
    return report;
}

} // namespace

// Seeing a protected plan is not gated by its pre-flight: the steps and SQL are there at once;
// only the run waits for the checks.
TEST(PlanDialog, AProtectedPlanIsShownAtOnceAndItsRunWaitsForThePreflight)
{
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("production"), true);
    input.plan = graph.upgrade({}, QStringLiteral("heads"));
    input.awaitPreflight = true;
    PlanDialog dialog(input);
    EXPECT_TRUE(dialog.sql().contains(QStringLiteral("CREATE TABLE t0")));
    auto *preflight = dialog.findChild<QLabel *>(QStringLiteral("preflightLabel"));
    ASSERT_TRUE(preflight);
    EXPECT_TRUE(preflight->isVisibleTo(&dialog));
    EXPECT_TRUE(preflight->text().contains(QStringLiteral("Running the pre-flight checks")));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("confirmEdit")),
                     QStringLiteral("production"));
    EXPECT_FALSE(okButton(dialog)->isEnabled()); // the name is typed, the checks are not in
    EXPECT_FALSE(dialog.canAccept());

    dialog.setPreflight(reportWith(PreflightCheck::State::Passed));
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(preflight->text().contains(QStringLiteral("every check passed")));
    okButton(dialog)->click();
    EXPECT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_TRUE(dialog.auditNote().isEmpty());
}

// A failed check does not hide the plan; going ahead asks for a reason, which becomes the audit
// note; declining the checklist keeps the plan open.
TEST(PlanDialog, AFailedPreflightNeedsAReasonWhenRunIsPressed)
{
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("production"), true);
    input.plan = graph.upgrade({}, QStringLiteral("heads"));
    input.awaitPreflight = true;
    PlanDialog dialog(input);
    dialog.setPreflight(reportWith(PreflightCheck::State::Failed));
    const QString shown = dialog.findChild<QLabel *>(QStringLiteral("preflightLabel"))->text();
    EXPECT_TRUE(shown.contains(QStringLiteral("1 of 1 checks failed"))) << shown.toStdString();
    EXPECT_TRUE(shown.contains(QStringLiteral("never ran on a non-protected")))
        << shown.toStdString();
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("confirmEdit")),
                     QStringLiteral("production"));
    ASSERT_TRUE(okButton(dialog)->isEnabled());

    // Declined: the plan stays open (not accepted).
    QTimer::singleShot(0, [] {
        if (auto *d = qobject_cast<QDialog *>(QApplication::activeModalWidget()))
            d->reject();
    });
    dialog.accept();
    EXPECT_NE(dialog.result(), QDialog::Accepted);

    // With a reason: accepted, and the reason is in the audit note.
    QTimer::singleShot(0, [] {
        auto *d = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        ASSERT_TRUE(d);
        d->findChild<QLineEdit *>(QStringLiteral("reasonEdit"))->setText(QStringLiteral("hotfix"));
        d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    dialog.accept();
    EXPECT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_TRUE(dialog.auditNote().contains(QStringLiteral("hotfix")))
        << dialog.auditNote().toStdString();
    EXPECT_TRUE(dialog.auditNote().contains(QStringLiteral("tested-elsewhere")));
}

TEST(PlanDialog, NamesTheStepsNobodyReviewed)
{
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("production"), true);
    input.plan = graph.upgrade({}, QStringLiteral("heads"));
    input.awaitPreflight = true;
    PlanDialog dialog(input);
    auto *review = dialog.findChild<QLabel *>(QStringLiteral("reviewLabel"));
    ASSERT_TRUE(review);
    EXPECT_FALSE(review->isVisibleTo(&dialog)); // not known yet
    dialog.setUnreviewed({QStringLiteral("5f1c0b7a9d21")}, {QStringLiteral("1e2ba8818864")});
    EXPECT_TRUE(review->isVisibleTo(&dialog));
    EXPECT_TRUE(review->text().contains(QStringLiteral("not reviewed: 5f1c0b7a9d21")))
        << review->text().toStdString();
    EXPECT_TRUE(review->text().contains(QStringLiteral("reviewed before an edit: 1e2ba8818864")));
    dialog.setUnreviewed({}, {});
    EXPECT_TRUE(review->text().contains(QStringLiteral("every step has been reviewed")));
}

TEST(PlanDialog, WarnsAboutAStepWithAnEmptyUpgradeSection)
{
    Graph graph;
    graph.scripts[1].upgrade = {QStringLiteral("-- TODO\n"), 10};
    std::vector<Error> errors;
    graph.g = RevisionGraph::build(graph.scripts, errors);
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("local"));
    input.plan = graph.upgrade({}, QStringLiteral("heads"));
    PlanDialog dialog(input);
    const QString details = dialog.findChild<QLabel *>(QStringLiteral("detailLabel"))->text();
    EXPECT_TRUE(details.contains(QStringLiteral("upgrade 5f1c0b7a9d21")) &&
                details.contains(QStringLiteral("the upgrade section is empty")))
        << details.toStdString();
    EXPECT_FALSE(details.contains(QStringLiteral("2a8091e12ecd")));
}

TEST(PlanDialog, AnEmptyPlanHasNothingToDo)
{
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("local"));
    input.plan = graph.upgrade({QStringLiteral("1e2ba8818864")}, QStringLiteral("heads"));
    ASSERT_TRUE(input.plan.steps.empty());
    PlanDialog dialog(input);
    EXPECT_TRUE(dialog.isEmptyPlan());
    EXPECT_TRUE(dialog.summary().startsWith(QStringLiteral("Nothing to do")));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_EQ(dialog.findChild<QTreeWidget *>(QStringLiteral("stepsView"))->topLevelItemCount(), 0);
}

// Not a check: renders the dialog for a visual review (RETORT_SCREENSHOT_DIR=/tmp).
TEST(PlanDialog, Screenshot)
{
    const QString dir = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (dir.isEmpty())
        GTEST_SKIP() << "set RETORT_SCREENSHOT_DIR to save screenshots";
    Graph graph;
    PlanDialog::Input input;
    input.environment = env(QStringLiteral("production"), true);
    input.plan = graph.upgrade({QStringLiteral("2a8091e12ecd")}, QStringLiteral("heads"));
    input.awaitPreflight = true;
    PlanDialog dialog(input);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    EXPECT_TRUE(dialog.grab().save(dir + QStringLiteral("/plan-checking.png")));
    dialog.setPreflight(reportWith(PreflightCheck::State::Failed));
    dialog.setUnreviewed({QStringLiteral("5f1c0b7a9d21")}, {QStringLiteral("1e2ba8818864")});
    QTest::qWait(50);
    EXPECT_TRUE(dialog.grab().save(dir + QStringLiteral("/plan.png")));
    dialog.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
    EXPECT_TRUE(dialog.grab().save(dir + QStringLiteral("/plan-sql.png")));
}
