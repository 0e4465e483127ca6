// The Environments panel's Drift column: checked on request in the background (Environment ▸
// Check Drift of All), "none" for a database its revisions explain, "1 difference" after a column
// added by hand (the tooltip names it), why not for one that cannot be read; Show Drift… lists the
// differences in a non-modal dialog.

#include "DriftController.h"
#include "EnvironmentPanel.h"
#include "GuiTestSupport.h"
#include "SchemaDriftDialog.h"
#include "SqlView.h"

#include "db/AuditTrail.h"
#include "db/Connection.h"
#include "db/Migrator.h"
#include "workflows/Planning.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHelpEvent>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolTip>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace guitest;
using retort::gui::EnvironmentPanel;

namespace {

// Upgrades the SQLite database of `env` to heads with the runner's defaults.
void upgradeToHeads(const Workspace &ws, const retort::Environment &env)
{
    using namespace retort;
    auto planned = makePlan(ws, env.driver, {},
                            PlanRequest{MigrationAction::Upgrade, {QStringLiteral("heads")}});
    ASSERT_TRUE(planned.ok()) << planned.error().toString().toStdString();
    ScopedConnection conn;
    ASSERT_TRUE(conn.open(env, false).ok());
    MigratorOptions options;
    options.versionTable = ws.project().versionTableName();
    options.lock = MigratorOptions::LockMode::None;
    Migrator migrator(conn.db(), Dialect::sqlite(), options);
    const Status ran = migrator.run(planned->plan);
    ASSERT_TRUE(ran.ok()) << ran.error().toString().toStdString();
}

void execOn(const QString &dbPath, const QString &sql)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                    QStringLiteral("gui-drift-by-hand"));
        db.setDatabaseName(dbPath);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(sql)) << sql.toStdString();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("gui-drift-by-hand"));
}

QAction *action(const MainWindow &window, const char *name)
{
    return window.findChild<QAction *>(QString::fromLatin1(name));
}

} // namespace

TEST(SchemaDriftPanel, DriftColumnShowsNoneThenTheHandMadeDifference)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    for (const QString &db : QDir(dir.path()).entryList({QStringLiteral("*.db")}))
        QFile::remove(dir.filePath(db));
    {
        auto ws = Workspace::load(dir.path());
        ASSERT_TRUE(ws.ok());
        const retort::Environment *local = (*ws)->project().environment(QStringLiteral("local"));
        ASSERT_TRUE(local);
        upgradeToHeads(**ws, *local);
    }
    // production cannot be read: not a database.
    QFile junk(dir.filePath(QStringLiteral("bookshop-production.db")));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(8192, 'x'));
    junk.close();

    MainWindow window;
    // On request only here: drift with status is the next tests' subject.
    ASSERT_TRUE(action(window, "actionCheckDriftWithStatus"));
    action(window, "actionCheckDriftWithStatus")->setChecked(false);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *panel = window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    ASSERT_TRUE(panel);
    auto *drift = panel->findChild<retort::gui::DriftController *>();
    ASSERT_TRUE(drift);
    QTreeWidgetItem *local = panel->itemFor(QStringLiteral("local"));
    QTreeWidgetItem *production = panel->itemFor(QStringLiteral("production"));
    ASSERT_TRUE(local && production);
    EXPECT_TRUE(local->text(EnvironmentPanel::DriftColumn).isEmpty()); // only on request
    EXPECT_EQ(panel->headerItem()->text(EnvironmentPanel::DriftColumn), QStringLiteral("Drift"));

    QAction *checkAll = action(window, "actionCheckSchemaDriftAll");
    ASSERT_TRUE(checkAll);
    ASSERT_TRUE(checkAll->isEnabled());
    checkAll->trigger();
    // The check runs in the background: trigger() returned before any answer came.
    EXPECT_EQ(local->text(EnvironmentPanel::DriftColumn), QStringLiteral("checking…"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return drift->pendingChecks() == 0; }, 30000));
    EXPECT_EQ(local->text(EnvironmentPanel::DriftColumn), QStringLiteral("none"));
    EXPECT_EQ(production->text(EnvironmentPanel::DriftColumn), QStringLiteral("not reachable"));
    EXPECT_FALSE(production->toolTip(EnvironmentPanel::DriftColumn).isEmpty());
    panel->selectEnvironment(QStringLiteral("local"));
    EXPECT_FALSE(action(window, "actionShowSchemaDrift")->isEnabled());

    // A column added by hand: Check Drift of the chosen environment finds it.
    execOn(dir.filePath(QStringLiteral("bookshop.db")),
           QStringLiteral("ALTER TABLE books ADD COLUMN shelf TEXT"));
    panel->setCurrentItem(local);
    QAction *checkOne = action(window, "actionCheckSchemaDrift");
    ASSERT_TRUE(checkOne && checkOne->isEnabled());
    checkOne->trigger();
    EXPECT_EQ(local->text(EnvironmentPanel::DriftColumn), QStringLiteral("checking…"));
    EXPECT_EQ(production->text(EnvironmentPanel::DriftColumn), QStringLiteral("not reachable"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return drift->pendingChecks() == 0; }, 30000));
    EXPECT_EQ(local->text(EnvironmentPanel::DriftColumn), QStringLiteral("1 difference"));
    EXPECT_TRUE(local->toolTip(EnvironmentPanel::DriftColumn).contains(QStringLiteral("shelf")))
        << local->toolTip(EnvironmentPanel::DriftColumn).toStdString();

    // Show Drift…: the differences in a dialog that does not block.
    QAction *show = action(window, "actionShowSchemaDrift");
    ASSERT_TRUE(drift->driftOf(QStringLiteral("local")));
    EXPECT_EQ(panel->currentEnvironment(), QStringLiteral("local"));
    EXPECT_EQ(show, drift->showAction());
    ASSERT_TRUE(show->isEnabled());
    show->trigger();
    auto *dialog = window.findChild<QDialog *>(QStringLiteral("schemaDriftDialog"));
    ASSERT_TRUE(dialog);
    EXPECT_TRUE(dialog->isVisible());
    auto *text = dialog->findChild<QPlainTextEdit *>(QStringLiteral("driftText"));
    ASSERT_TRUE(text);
    EXPECT_TRUE(text->toPlainText().contains(QStringLiteral("books.shelf")))
        << text->toPlainText().toStdString();

    if (qEnvironmentVariableIsSet("RETORT_DRIFT_SCREENSHOT")) {
        dialog->close();
        window.resize(1100, 700);
        QTest::qWait(100);
        panel->window()->grab().save(qEnvironmentVariable("RETORT_DRIFT_SCREENSHOT"));
    } else {
        dialog->close();
    }
}

namespace {

// A copy of the demo with `local` upgraded to heads and a column added to it by hand; the other
// environments have no database.
bool demoWithDrift(const QTemporaryDir &dir)
{
    if (!copyTree(kDemo, dir.path()))
        return false;
    for (const QString &db : QDir(dir.path()).entryList({QStringLiteral("*.db")}))
        QFile::remove(dir.filePath(db));
    auto ws = Workspace::load(dir.path());
    if (!ws.ok())
        return false;
    const retort::Environment *local = (*ws)->project().environment(QStringLiteral("local"));
    if (!local)
        return false;
    upgradeToHeads(**ws, *local);
    execOn(dir.filePath(QStringLiteral("bookshop.db")),
           QStringLiteral("ALTER TABLE books ADD COLUMN shelf TEXT"));
    return !::testing::Test::HasFatalFailure();
}

// The badge map of `env` on the revision list's row where it stands (empty when none).
QVariantMap badgeOf(const MainWindow &window, const QString &env)
{
    const auto *model = window.revisionModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row, retort::gui::RevisionListModel::MessageColumn);
        for (const QVariant &v :
             i.data(retort::gui::RevisionListModel::EnvironmentBadgesRole).toList())
            if (v.toMap().value(QStringLiteral("name")).toString() == env)
                return v.toMap();
    }
    return {};
}

// Pixels of `image` of the drift mark's amber (hue 38-50°, saturated, bright): a hue, not an
// exact colour, as the selected row blends its highlight into what is painted on it.
int amberPixels(const QImage &image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y).toHsv();
            if (c.hsvHue() >= 38 && c.hsvHue() <= 50 && c.hsvSaturation() > 180 && c.value() > 150)
                ++n;
        }
    return n;
}

} // namespace

// Drift with status: once the window has the status of `local`, its drift is checked too (on a
// worker), and its badge on the revision graph carries an amber drift mark with a tooltip. Accept…
// in the drift dialog asks for a reason (none: refused), records it in the audit trail, and turns
// the mark neutral and the Drift cell to "accepted (REASON)". Adopt… is offered (for autogenerate).
TEST(SchemaDriftPanel, BadgeMarksDriftAndAcceptRecordsTheReason)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(demoWithDrift(dir));

    MainWindow window;
    // On by default (a QSetting); set here as another test of this process may have turned it off.
    action(window, "actionCheckDriftWithStatus")->setChecked(true);
    window.resize(1200, 720);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *panel = window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    auto *drift = panel->findChild<retort::gui::DriftController *>();
    ASSERT_TRUE(drift);
    // Nobody asked: the status check brings the drift check along.
    ASSERT_TRUE(QTest::qWaitFor([&] { return drift->driftOf(QStringLiteral("local")); }, 30000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return drift->pendingChecks() == 0; }, 30000));
    QTreeWidgetItem *local = panel->itemFor(QStringLiteral("local"));
    EXPECT_EQ(local->text(EnvironmentPanel::DriftColumn), QStringLiteral("1 difference"));

    QVariantMap badge = badgeOf(window, QStringLiteral("local"));
    ASSERT_FALSE(badge.isEmpty());
    EXPECT_EQ(badge.value(QStringLiteral("drift")).toInt(), 1);
    EXPECT_FALSE(badge.value(QStringLiteral("driftAccepted")).toBool());
    EXPECT_TRUE(badge.value(QStringLiteral("driftTip"))
                    .toString()
                    .startsWith(QStringLiteral("schema drifted: 1 difference")))
        << badge.value(QStringLiteral("driftTip")).toString().toStdString();
    // The mark is painted: amber on the graph.
    auto *view = window.findChild<QTreeView *>(QStringLiteral("revisionView"));
    ASSERT_TRUE(view);
    QTest::qWait(50);
    EXPECT_GT(amberPixels(view->viewport()->grab().toImage()), 40);
    // Hovering the badge shows its drift tooltip.
    {
        const auto *model = window.revisionModel();
        QModelIndex where;
        for (int row = 0; row < model->rowCount() && !where.isValid(); ++row) {
            const QModelIndex i = model->index(row, retort::gui::RevisionListModel::MessageColumn);
            if (!i.data(retort::gui::RevisionListModel::EnvironmentBadgesRole).toList().isEmpty())
                where = i;
        }
        ASSERT_TRUE(where.isValid());
        const QRect cell = view->visualRect(view->model()->index(where.row(), where.column()));
        const QPoint at(cell.left() + 14, cell.center().y());
        QHelpEvent help(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &help);
        EXPECT_TRUE(QToolTip::text().startsWith(QStringLiteral("schema drifted: 1 difference")))
            << QToolTip::text().toStdString();
        QToolTip::hideText();
    }
    const QImage drifted = window.grab().toImage();
    if (qEnvironmentVariableIsSet("RETORT_TRIAGE_SCREENSHOT_DIR"))
        drifted.save(qEnvironmentVariable("RETORT_TRIAGE_SCREENSHOT_DIR") +
                     QStringLiteral("/badge.png"));

    // The drift dialog with its triage buttons.
    auto *dialog =
        qobject_cast<retort::gui::SchemaDriftDialog *>(drift->showDrift(QStringLiteral("local")));
    ASSERT_TRUE(dialog);
    auto *adopt = dialog->findChild<QPushButton *>(QStringLiteral("adoptButton"));
    auto *revert = dialog->findChild<QPushButton *>(QStringLiteral("revertButton"));
    auto *accept = dialog->findChild<QPushButton *>(QStringLiteral("acceptButton"));
    ASSERT_TRUE(adopt && revert && accept);
    EXPECT_TRUE(adopt->isEnabled());
    EXPECT_TRUE(revert->isEnabled());
    EXPECT_TRUE(accept->isEnabled());
    QSignalSpy adopted(drift, &retort::gui::DriftController::adoptRequested);
    adopt->click();
    ASSERT_EQ(adopted.size(), 1);
    EXPECT_EQ(adopted.at(0).at(0).toString(), QStringLiteral("local"));
    if (qEnvironmentVariableIsSet("RETORT_TRIAGE_SCREENSHOT_DIR")) {
        QTest::qWait(50);
        dialog->grab().save(qEnvironmentVariable("RETORT_TRIAGE_SCREENSHOT_DIR") +
                            QStringLiteral("/dialog.png"));
    }

    // Accept…: a reason is required.
    accept->click();
    QDialog *prompt = dialog->reasonPrompt();
    ASSERT_TRUE(prompt);
    auto *reason = prompt->findChild<QLineEdit *>(QStringLiteral("reasonEdit"));
    auto *ok = prompt->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    ASSERT_TRUE(reason && ok);
    EXPECT_FALSE(ok->isEnabled());
    QTest::keyClicks(reason, QStringLiteral("   "));
    EXPECT_FALSE(ok->isEnabled());
    ok->click(); // disabled: nothing happens
    EXPECT_TRUE(dialog->reasonPrompt());
    reason->clear();
    QTest::keyClicks(reason, QStringLiteral("shelf is for the inventory pilot"));
    ASSERT_TRUE(ok->isEnabled());
    ok->click();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto *r = drift->reportOf(QStringLiteral("local"));
            return drift->pendingChecks() == 0 && r && r->acceptedDrift();
        },
        30000));
    EXPECT_EQ(local->text(EnvironmentPanel::DriftColumn),
              QStringLiteral("accepted (shelf is for the inventory pilot)"));
    EXPECT_FALSE(accept->isEnabled()); // accepted already
    EXPECT_TRUE(dialog->findChild<QLabel *>(QStringLiteral("driftSummary"))
                    ->text()
                    .contains(QStringLiteral("shelf is for the inventory pilot")));
    badge = badgeOf(window, QStringLiteral("local"));
    EXPECT_EQ(badge.value(QStringLiteral("drift")).toInt(), 1);
    EXPECT_TRUE(badge.value(QStringLiteral("driftAccepted")).toBool());
    QTest::qWait(50);
    EXPECT_EQ(amberPixels(view->viewport()->grab().toImage()), 0); // neutral now
    const QImage accepted = window.grab().toImage();
    if (qEnvironmentVariableIsSet("RETORT_TRIAGE_SCREENSHOT_DIR"))
        accepted.save(qEnvironmentVariable("RETORT_TRIAGE_SCREENSHOT_DIR") +
                      QStringLiteral("/accepted.png"));

    // The audit trail has the row, with the reason in its note.
    auto ws = Workspace::load(dir.path());
    ASSERT_TRUE(ws.ok());
    auto rows = retort::readHistory(*(*ws)->project().environment(QStringLiteral("local")),
                                    (*ws)->project().versionTableName(), {});
    ASSERT_TRUE(rows.ok() && !rows->empty());
    EXPECT_EQ(rows->front().direction, QStringLiteral("accept-drift"));
    EXPECT_EQ(rows->front().note, QStringLiteral("shelf is for the inventory pilot"));
    dialog->close();
}

// Revert… shows the SQL that undoes the drift (REVIEW notes acknowledged first), runs it on a
// worker with a progress dialog, and the drift check after it finds none.
TEST(SchemaDriftPanel, RevertFromTheDialogRunsTheShownSql)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(demoWithDrift(dir));
    MainWindow window;
    action(window, "actionCheckDriftWithStatus")->setChecked(true);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *panel = window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    auto *drift = panel->findChild<retort::gui::DriftController *>();
    ASSERT_TRUE(QTest::qWaitFor([&] { return drift->driftOf(QStringLiteral("local")); }, 30000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return drift->pendingChecks() == 0; }, 30000));

    auto *plan = drift->revert(QStringLiteral("local"));
    ASSERT_TRUE(plan);
    auto *sqlView = plan->findChild<retort::gui::SqlView *>(QStringLiteral("sqlView"));
    ASSERT_TRUE(sqlView);
    EXPECT_TRUE(sqlView->text().contains(QStringLiteral("shelf"))) << sqlView->text().toStdString();
    auto *ok = plan->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    if (auto *force = plan->findChild<QCheckBox *>(QStringLiteral("forceCheck"))) {
        EXPECT_FALSE(ok->isEnabled()); // REVIEW notes first
        force->setChecked(true);
    }
    if (qEnvironmentVariableIsSet("RETORT_TRIAGE_SCREENSHOT_DIR"))
        plan->grab().save(qEnvironmentVariable("RETORT_TRIAGE_SCREENSHOT_DIR") +
                          QStringLiteral("/revert.png"));
    ASSERT_TRUE(ok->isEnabled()) << sqlView->text().toStdString();
    ok->click();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto *r = drift->reportOf(QStringLiteral("local"));
            return drift->pendingChecks() == 0 && r && !r->drifted();
        },
        30000));
    EXPECT_EQ(panel->itemFor(QStringLiteral("local"))->text(EnvironmentPanel::DriftColumn),
              QStringLiteral("none"));
    EXPECT_EQ(badgeOf(window, QStringLiteral("local")).value(QStringLiteral("drift")).toInt(), 0);
    auto ws = Workspace::load(dir.path());
    ASSERT_TRUE(ws.ok());
    auto rows = retort::readHistory(*(*ws)->project().environment(QStringLiteral("local")),
                                    (*ws)->project().versionTableName(), {});
    ASSERT_TRUE(rows.ok() && !rows->empty());
    EXPECT_EQ(rows->front().direction, QStringLiteral("revert-drift"));
    EXPECT_EQ(rows->front().outcome, retort::AuditOutcome::Succeeded);
}

// A revert is planned from the last check: when the schema changed meanwhile, confirming it runs
// nothing, says why, and the new drift is shown.
TEST(SchemaDriftPanel, ARevertPlannedBeforeAFurtherChangeIsRefused)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(demoWithDrift(dir));
    MainWindow window;
    action(window, "actionCheckDriftWithStatus")->setChecked(true);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *panel = window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    auto *drift = panel->findChild<retort::gui::DriftController *>();
    ASSERT_TRUE(QTest::qWaitFor([&] { return drift->driftOf(QStringLiteral("local")); }, 30000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return drift->pendingChecks() == 0; }, 30000));
    auto *dialog =
        qobject_cast<retort::gui::SchemaDriftDialog *>(drift->showDrift(QStringLiteral("local")));
    ASSERT_TRUE(dialog);

    auto *plan = drift->revert(QStringLiteral("local"));
    ASSERT_TRUE(plan);
    if (auto *force = plan->findChild<QCheckBox *>(QStringLiteral("forceCheck")))
        force->setChecked(true);
    execOn(dir.filePath(QStringLiteral("bookshop.db")),
           QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY)"));
    plan->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto *r = drift->reportOf(QStringLiteral("local"));
            return drift->pendingChecks() == 0 && r && r->diff.changes.size() == 2;
        },
        30000));
    EXPECT_TRUE(dialog->message().contains(QStringLiteral("changed since the revert was planned")))
        << dialog->message().toStdString();
    EXPECT_EQ(panel->itemFor(QStringLiteral("local"))->text(EnvironmentPanel::DriftColumn),
              QStringLiteral("2 differences"));
    auto ws = Workspace::load(dir.path());
    ASSERT_TRUE(ws.ok());
    auto rows = retort::readHistory(*(*ws)->project().environment(QStringLiteral("local")),
                                    (*ws)->project().versionTableName(), {});
    ASSERT_TRUE(rows.ok() && !rows->empty());
    EXPECT_NE(rows->front().direction, QStringLiteral("revert-drift")); // nothing ran
    dialog->close();
}

// Accept… on a protected environment: the reason and the environment's typed name are both
// needed; the request carries the fingerprint of the difference shown.
TEST(SchemaDriftPanel, AcceptingOnAProtectedEnvironmentNeedsItsName)
{
    retort::SchemaDriftReport report;
    retort::SchemaChange change;
    change.change = retort::ChangeKind::Added;
    change.objectKind = QStringLiteral("column");
    change.object = QStringLiteral("main.books");
    change.name = QStringLiteral("shelf");
    change.summary = QStringLiteral("adds column `books.shelf` TEXT");
    report.diff.changes.push_back(change);
    report.fingerprint = QStringLiteral("f00d");
    retort::gui::SchemaDriftDialog dialog(QStringLiteral("production"), true, report);
    dialog.show();
    QSignalSpy requested(&dialog, &retort::gui::SchemaDriftDialog::acceptRequested);
    dialog.findChild<QPushButton *>(QStringLiteral("acceptButton"))->click();
    QDialog *prompt = dialog.reasonPrompt();
    ASSERT_TRUE(prompt);
    auto *reason = prompt->findChild<QLineEdit *>(QStringLiteral("reasonEdit"));
    auto *confirm = prompt->findChild<QLineEdit *>(QStringLiteral("confirmEdit"));
    auto *ok = prompt->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    ASSERT_TRUE(reason && confirm && ok);
    QTest::keyClicks(reason, QStringLiteral("DBA hotfix"));
    EXPECT_FALSE(ok->isEnabled());
    QTest::keyClicks(confirm, QStringLiteral("prod"));
    EXPECT_FALSE(ok->isEnabled());
    confirm->clear();
    QTest::keyClicks(confirm, QStringLiteral("production"));
    ASSERT_TRUE(ok->isEnabled());
    ok->click();
    ASSERT_EQ(requested.size(), 1);
    EXPECT_EQ(requested.at(0).at(0).toString(), QStringLiteral("production"));
    EXPECT_EQ(requested.at(0).at(1).toString(), QStringLiteral("DBA hotfix"));
    EXPECT_EQ(requested.at(0).at(2).toString(), QStringLiteral("f00d"));
}
