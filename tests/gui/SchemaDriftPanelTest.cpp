// The Environments panel's Drift column: checked on request in the background (Environment ▸
// Check Drift of All), "none" for a database its revisions explain, "1 difference" after a column
// added by hand (the tooltip names it), why not for one that cannot be read; Show Drift… lists the
// differences in a non-modal dialog.

#include "DriftController.h"
#include "EnvironmentPanel.h"
#include "GuiTestSupport.h"

#include "db/Connection.h"
#include "db/Migrator.h"
#include "workflows/Planning.h"

#include <QPlainTextEdit>
#include <QTemporaryDir>
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
