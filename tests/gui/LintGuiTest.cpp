// Lint in the window: the plan dialog lists the plan's findings beside its SQL (a click scrolls
// the SQL to the statement), a protected environment's run waits until every error is
// acknowledged and the audit trail records the acknowledgements; the revision list marks
// revisions with lint errors and the detail pane lists their findings. Uses the QApplication of
// the retort_gui_tests main() (tests/gui/MainWindowTest.cpp).

#include "Appearance.h"
#include "GuiTestSupport.h"
#include "LintFindingsView.h"
#include "MainWindow.h"
#include "MarkerBadgeDelegate.h"
#include "PasswordDialog.h"
#include "PlanDialog.h"
#include "PostgresMariaDbSupport.h"
#include "PreflightDialog.h"
#include "RevisionDetail.h"
#include "RevisionListModel.h"

#include "graph/RevisionGraph.h"
#include "lint/Lint.h"
#include "scripts/Script.h"
#include "secrets/SecretStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace guitest;
using namespace retort;
using retort::MemorySecretStore;
using retort::gui::LintFindingsView;
using retort::gui::PlanDialog;
using retort::gui::RevisionListModel;

namespace {

// --- The plan dialog on its own, over an in-memory PostgreSQL plan -----------------------------

// Two revisions: the first creates many tables (so the second's statements are far down the
// SQL), the second has statements lint judges: a NOT NULL column without a default (error), an
// index built without CONCURRENTLY (warning), a drop of a table it did not create (error) and a
// column drop allowed in the script.
struct PostgresPlan {
    std::vector<Script> scripts;
    std::vector<Error> errors;
    RevisionGraph graph;
    Plan plan;

    PostgresPlan()
    {
        Script first;
        first.revision = QStringLiteral("3c1f0a9e2b7d");
        first.message = QStringLiteral("create orders");
        first.fileName = QStringLiteral("3c1f0a9e2b7d_create_orders.sql");
        first.path = QStringLiteral("/project/versions/") + first.fileName;
        QString up = QStringLiteral("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id "
                                    "bigint NOT NULL, total numeric(10,2));\n");
        for (int i = 0; i < 40; ++i)
            up += QStringLiteral("CREATE TABLE audit_%1 (id bigint PRIMARY KEY, note text);\n")
                      .arg(i);
        first.upgrade = {up, 10};
        first.downgrade = {QStringLiteral("DROP TABLE orders;"), 60};
        scripts.push_back(first);

        Script second;
        second.revision = QStringLiteral("8d2e4b6a1f90");
        second.downRevisions = {first.revision};
        second.message = QStringLiteral("order status and customer index");
        second.fileName = QStringLiteral("8d2e4b6a1f90_order_status.sql");
        second.path = QStringLiteral("/project/versions/") + second.fileName;
        second.upgrade = {QStringLiteral("SET lock_timeout = '2s';\n"
                                         "ALTER TABLE orders ADD COLUMN status text NOT NULL;\n"
                                         "CREATE INDEX ix_orders_customer ON orders "
                                         "(customer_id);\n"
                                         "DROP TABLE legacy_orders;\n"
                                         "-- retort:allow drop-column replaced by total in 3c1f\n"
                                         "ALTER TABLE audit_1 DROP COLUMN note;\n"),
                          10};
        second.downgrade = {QStringLiteral("DROP INDEX ix_orders_customer;\n"
                                           "ALTER TABLE orders DROP COLUMN status;"),
                            18};
        scripts.push_back(second);
        graph = RevisionGraph::build(scripts, errors);
        auto p = graph.planUpgrade({}, QStringLiteral("heads"));
        EXPECT_TRUE(p.ok());
        if (p)
            plan = *p;
    }

    PlanDialog::Input input(bool isProtected) const
    {
        PlanDialog::Input in;
        in.environment.name = QStringLiteral("production");
        in.environment.driver = QStringLiteral("postgresql");
        in.environment.database = QStringLiteral("shop");
        in.environment.isProtected = isProtected;
        in.plan = plan;
        in.versionTableExists = false;
        in.awaitPreflight = isProtected;
        in.lintPending = true;
        in.projectRoot = QStringLiteral("/project");
        return in;
    }

    PlanDialog::LintOutcome lint() const
    {
        LintOptions options;
        options.driver = QStringLiteral("postgresql");
        PlanDialog::LintOutcome outcome;
        outcome.report = lintPlan(plan, options);
        return outcome;
    }
};

QPushButton *okButton(QDialog &d)
{
    return d.findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
        ->button(QDialogButtonBox::Ok);
}

int findingIndex(const LintFindingsView &view, const QString &rule)
{
    for (int i = 0; i < int(view.findings().size()); ++i)
        if (view.findings()[size_t(i)].rule == rule)
            return i;
    return -1;
}

QStringList rules(const LintFindingsView &view)
{
    QStringList out;
    for (const LintFinding &f : view.findings())
        out.append(f.rule);
    return out;
}

PreflightReport passedPreflight()
{
    PreflightReport report;
    PreflightCheck check;
    check.name = QStringLiteral("tested-elsewhere");
    check.title = QStringLiteral("Tested on a non-protected environment");
    check.state = PreflightCheck::State::Passed;
    report.checks.push_back(check);
    return report;
}

} // namespace

// The findings come in after the dialog opened ("checking…" meanwhile), one row each, with the
// explanation and safer form of the selected one; clicking one shows the SQL tab scrolled to its
// statement, highlighted.
TEST(LintGui, ThePlanDialogListsTheFindingsAndAClickScrollsTheSqlToTheStatement)
{
    PostgresPlan pg;
    PlanDialog dialog(pg.input(false));
    dialog.resize(960, 700);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    auto *view = dialog.findChild<LintFindingsView *>(QStringLiteral("lintView"));
    ASSERT_TRUE(view);
    EXPECT_TRUE(view->isVisible());
    EXPECT_TRUE(view->status().contains(QStringLiteral("checking against production")))
        << view->status().toStdString();
    EXPECT_TRUE(okButton(dialog)->isEnabled()); // unprotected: lint never holds the run

    dialog.setLint(pg.lint());
    const QStringList found = rules(*view);
    EXPECT_TRUE(found.contains(QStringLiteral("adding-not-nullable-field")))
        << found.join(u' ').toStdString();
    EXPECT_TRUE(found.contains(QStringLiteral("require-concurrent-index-creation")));
    EXPECT_TRUE(found.contains(QStringLiteral("drop-table")));
    EXPECT_TRUE(view->status().contains(QStringLiteral("offline"))) << view->status().toStdString();
    EXPECT_EQ(view->toAcknowledgeCount(), 0); // nothing to tick on an unprotected environment
    EXPECT_TRUE(dialog.canAccept());

    // One row per finding: level, rule, message, revision, file:line.
    auto *list = view->findChild<QTreeWidget *>(QStringLiteral("lintFindings"));
    ASSERT_TRUE(list);
    ASSERT_EQ(list->topLevelItemCount(), int(view->findings().size()));
    const int index = findingIndex(*view, QStringLiteral("require-concurrent-index-creation"));
    ASSERT_GE(index, 0);
    QTreeWidgetItem *row = list->topLevelItem(index);
    EXPECT_EQ(row->text(LintFindingsView::LevelColumn), QStringLiteral("warning"));
    EXPECT_EQ(row->text(LintFindingsView::RevisionColumn), QStringLiteral("8d2e4b6a1f90"));
    EXPECT_TRUE(row->text(LintFindingsView::LocationColumn)
                    .startsWith(QStringLiteral("8d2e4b6a1f90_order_status.sql:12")))
        << row->text(LintFindingsView::LocationColumn).toStdString();

    // The allowed drop is greyed, its reason shown.
    const int allowed = findingIndex(*view, QStringLiteral("drop-column"));
    ASSERT_GE(allowed, 0);
    EXPECT_TRUE(view->findings()[size_t(allowed)].allowed);
    EXPECT_EQ(list->topLevelItem(allowed)->text(LintFindingsView::LevelColumn),
              QStringLiteral("allowed"));
    EXPECT_TRUE(list->topLevelItem(allowed)
                    ->text(LintFindingsView::MessageColumn)
                    .contains(QStringLiteral("replaced by total in 3c1f")));

    // A click: the SQL tab, its cursor on the CREATE INDEX, scrolled down to it, highlighted.
    auto *sqlEdit = dialog.findChild<QPlainTextEdit *>(QStringLiteral("sqlEdit"));
    auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("tabs"));
    tabs->setCurrentIndex(0);
    const QRect rect = list->visualItemRect(row);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    EXPECT_EQ(view->currentFinding(), index);
    EXPECT_EQ(tabs->currentWidget()->objectName(), QStringLiteral("sqlTab"));
    const int statement = int(dialog.sql().indexOf(QStringLiteral("CREATE INDEX ix_orders")));
    ASSERT_GT(statement, 0);
    EXPECT_EQ(sqlEdit->textCursor().position(), statement);
    EXPECT_GT(sqlEdit->verticalScrollBar()->value(), 0); // 40 tables above it
    const QList<QTextEdit::ExtraSelection> marks = sqlEdit->extraSelections();
    ASSERT_EQ(marks.size(), 1);
    EXPECT_EQ(marks[0].cursor.selectedText(),
              QStringLiteral("CREATE INDEX ix_orders_customer ON orders (customer_id);"));
    // The explanation pane: the rule's explanation and its safer form.
    const QString explanation = view->explanationText();
    EXPECT_TRUE(explanation.contains(QStringLiteral("CONCURRENTLY"))) << explanation.toStdString();
    EXPECT_TRUE(explanation.contains(QStringLiteral("Safer:")));

    // Another one: the cursor follows.
    const int drop = findingIndex(*view, QStringLiteral("drop-table"));
    view->setCurrentFinding(drop);
    EXPECT_EQ(sqlEdit->textCursor().position(),
              int(dialog.sql().indexOf(QStringLiteral("DROP TABLE legacy_orders"))));
}

// Locating a finding survives what rendering does to a statement (tabs, CRLF, spacing) and
// tells two identical statements of a section apart by their lines; a finding without a
// statement goes to its step's header.
TEST(LintGui, AFindingIsLocatedByItsStepAndStatementText)
{
    Script s;
    s.revision = QStringLiteral("aa11");
    s.fileName = QStringLiteral("aa11.sql");
    s.path = QStringLiteral("/p/aa11.sql");
    s.upgrade = {QStringLiteral("DELETE FROM t;\r\nUPDATE\tt SET a = 1;\r\nDELETE FROM t;\r\n"), 5};
    std::vector<Script> scripts{s};
    std::vector<Error> errors;
    const RevisionGraph graph = RevisionGraph::build(scripts, errors);
    const Plan plan = *graph.planUpgrade({}, QStringLiteral("heads"));
    const QString sql = QStringLiteral("-- Running upgrade  -> aa11\n\nDELETE FROM t;\n\n"
                                       "UPDATE    t SET a = 1;\n\nDELETE FROM t;\n\n"
                                       "INSERT INTO alembic_version (version_num) VALUES "
                                       "('aa11');\n\n");
    std::vector<LintFinding> findings(4);
    for (LintFinding &f : findings) {
        f.revision = QStringLiteral("aa11");
        f.section = QStringLiteral("upgrade");
    }
    findings[0].statement = QStringLiteral("DELETE FROM t;");
    findings[0].line = 5;
    findings[1].statement = QStringLiteral("UPDATE\tt SET a = 1;");
    findings[1].line = 6;
    findings[2].statement = QStringLiteral("DELETE FROM t;");
    findings[2].line = 7;
    findings[3].rule = QStringLiteral("missing-downgrade"); // no statement
    const auto at = [&](int i) { return PlanDialog::locateFinding(sql, plan, findings, i); };
    EXPECT_EQ(at(0).first, int(sql.indexOf(QStringLiteral("DELETE FROM t;"))));
    EXPECT_EQ(at(1).first, int(sql.indexOf(QStringLiteral("UPDATE"))));
    EXPECT_EQ(sql.mid(at(1).first, at(1).second), QStringLiteral("UPDATE    t SET a = 1;"));
    EXPECT_EQ(at(2).first, int(sql.lastIndexOf(QStringLiteral("DELETE FROM t;"))));
    EXPECT_EQ(at(3).first, 0);
    findings[0].revision = QStringLiteral("bb22"); // not in the plan
    EXPECT_EQ(at(0).first, -1);
}

// Live facts are shown generically, with rows, size and sessions spelled out.
TEST(LintGui, FactsAreShownAsReadableLines)
{
    QJsonObject facts;
    facts.insert(QStringLiteral("rows"), 40000000);
    facts.insert(QStringLiteral("size"), 3 * 1024.0 * 1024 * 1024);
    QJsonObject session;
    session.insert(QStringLiteral("pid"), 4242);
    session.insert(QStringLiteral("query"), QStringLiteral("SELECT * FROM orders FOR UPDATE"));
    facts.insert(QStringLiteral("sessions"), QJsonArray{session});
    facts.insert(QStringLiteral("server_version_assumed"), QStringLiteral("newest"));
    const QStringList lines = LintFindingsView::factLines(facts);
    ASSERT_EQ(lines.size(), 5) << lines.join(u'|').toStdString();
    EXPECT_TRUE(lines[0].contains(QStringLiteral("rows"))) << lines[0].toStdString();
    EXPECT_TRUE(lines[0].contains(QLocale().toString(qint64(40000000))));
    EXPECT_TRUE(lines[1].contains(QStringLiteral("3"))) << lines[1].toStdString();
    EXPECT_TRUE(lines[2].contains(QStringLiteral("1"))) << lines[2].toStdString();
    EXPECT_TRUE(lines[3].contains(QStringLiteral("4242")));
    EXPECT_TRUE(lines[3].contains(QStringLiteral("SELECT * FROM orders FOR UPDATE")));
    EXPECT_EQ(lines[4], QStringLiteral("server_version_assumed: newest"));
}

// On a protected environment the run waits for the findings, then for a tick on every error;
// the ticks become the audit note.
TEST(LintGui, AProtectedPlanRunsOnlyOnceEveryErrorIsAcknowledged)
{
    PostgresPlan pg;
    PlanDialog dialog(pg.input(true));
    dialog.setPreflight(passedPreflight());
    dialog.findChild<QLineEdit *>(QStringLiteral("confirmEdit"))
        ->setText(QStringLiteral("production"));
    EXPECT_FALSE(dialog.canAccept()); // the findings are not in yet
    EXPECT_TRUE(okButton(dialog)->toolTip().contains(QStringLiteral("lint")));

    dialog.setLint(pg.lint());
    auto *view = dialog.findChild<LintFindingsView *>(QStringLiteral("lintView"));
    const auto errors = lintErrorsToAcknowledge(pg.lint().report);
    ASSERT_GE(errors.size(), 2u);
    EXPECT_EQ(view->toAcknowledgeCount(), int(errors.size()));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    // A warning and an allowed error have no check box.
    auto *list = view->findChild<QTreeWidget *>(QStringLiteral("lintFindings"));
    const int warning = findingIndex(*view, QStringLiteral("require-concurrent-index-creation"));
    EXPECT_FALSE(list->topLevelItem(warning)->flags() & Qt::ItemIsUserCheckable);
    const int allowed = findingIndex(*view, QStringLiteral("drop-column"));
    EXPECT_FALSE(list->topLevelItem(allowed)->flags() & Qt::ItemIsUserCheckable);

    // Ticking all but one: still disabled; the last one enables Run.
    std::vector<int> boxes;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        if (list->topLevelItem(i)->flags() & Qt::ItemIsUserCheckable)
            boxes.push_back(i);
    ASSERT_EQ(boxes.size(), errors.size());
    for (size_t k = 0; k + 1 < boxes.size(); ++k)
        list->topLevelItem(boxes[k])->setCheckState(LintFindingsView::LevelColumn, Qt::Checked);
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(okButton(dialog)->toolTip().contains(QStringLiteral("Acknowledge")));
    list->topLevelItem(boxes.back())->setCheckState(LintFindingsView::LevelColumn, Qt::Checked);
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    okButton(dialog)->click();
    EXPECT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_EQ(dialog.auditNote(), lintAcknowledgementNote(errors, QStringLiteral("/project")));
    EXPECT_TRUE(dialog.auditNote().contains(
        QStringLiteral("drop-table at versions/8d2e4b6a1f90_order_status.sql:")))
        << dialog.auditNote().toStdString();
}

// Not a check: the plan dialog with findings on a protected environment, for docs/
// (RETORT_SCREENSHOT_DIR=... saves lint-plan-dialog.png there).
TEST(LintGui, Screenshot)
{
    const QString dir = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (dir.isEmpty())
        GTEST_SKIP() << "set RETORT_SCREENSHOT_DIR to save screenshots";
    PostgresPlan pg;
    PlanDialog dialog(pg.input(true));
    dialog.resize(1000, 760);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    dialog.setPreflight(passedPreflight());
    dialog.setUnreviewed({}, {});
    dialog.setLint(pg.lint());
    dialog.findChild<QLineEdit *>(QStringLiteral("confirmEdit"))
        ->setText(QStringLiteral("production"));
    auto *view = dialog.findChild<LintFindingsView *>(QStringLiteral("lintView"));
    auto *list = view->findChild<QTreeWidget *>(QStringLiteral("lintFindings"));
    const int first = findingIndex(*view, QStringLiteral("adding-not-nullable-field"));
    list->topLevelItem(first)->setCheckState(LintFindingsView::LevelColumn, Qt::Checked);
    view->setCurrentFinding(
        findingIndex(*view, QStringLiteral("require-concurrent-index-creation")));
    QTest::qWait(50);
    EXPECT_TRUE(dialog.grab().save(dir + QStringLiteral("/lint-plan-dialog.png")));
    // The same on the dark palette (for checking the colours; not in docs/).
    retort::gui::applyAppearance(retort::gui::Appearance::Dark);
    view->setCurrentFinding(findingIndex(*view, QStringLiteral("drop-table")));
    QTest::qWait(50);
    EXPECT_TRUE(dialog.grab().save(dir + QStringLiteral("/lint-plan-dialog-dark.png")));
    retort::gui::applyAppearance(retort::gui::Appearance::System);
}

// --- The window: the demo project with a lint error ---------------------------------------------

namespace {

const QString kHead = QStringLiteral("1e2ba8818864"); // the demo's head: made to have an error

// The demo project, its head made `Transactional: false` (its CREATE TABLE and INSERT would run
// one by one: non-transactional-mixed) and that rule raised to an error in retort.toml.
class LintWindowTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(copyTree(kDemo, m_dir.path()));
        for (const QString &db : QDir(m_dir.path()).entryList({QStringLiteral("*.db")}))
            QFile::remove(m_dir.filePath(db));
        QFile toml(m_dir.filePath(QStringLiteral("retort.toml")));
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write("\n[lint]\nnon-transactional-mixed = \"error\"\n");
        toml.close();
        QFile script(scriptPath());
        ASSERT_TRUE(script.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(script.readAll());
        script.close();
        ASSERT_TRUE(text.contains(QStringLiteral("-- Transactional: true")));
        text.replace(QStringLiteral("-- Transactional: true"),
                     QStringLiteral("-- Transactional: false"));
        ASSERT_TRUE(script.open(QIODevice::WriteOnly | QIODevice::Truncate));
        script.write(text.toUtf8());
        script.close();
        m_window.resize(1400, 900);
        m_window.show();
    }

    QString scriptPath() const
    {
        return m_dir.filePath(
            QStringLiteral("versions/1e2ba8818864_add_promotions_with_seed_data.sql"));
    }

    void openAndCheck()
    {
        m_window.openProject(m_dir.path());
        ASSERT_TRUE(waitLoaded(m_window));
        const auto &envs = model()->workspace()->project().environments;
        ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                for (const auto &env : envs) {
                    const EnvironmentState *s = model()->environmentState(env.name);
                    if (!s || s->reach == EnvironmentState::Reach::Unknown)
                        return false;
                }
                return true;
            },
            15000));
    }

    void chooseEnvironment(const QString &name)
    {
        auto *combo = m_window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
        combo->setCurrentIndex(combo->findData(name));
    }

    QStringList notesIn(const QString &db) const
    {
        QStringList notes;
        const QString name = QStringLiteral("lint-gui-test-history");
        {
            QSqlDatabase conn = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            conn.setDatabaseName(m_dir.filePath(db));
            EXPECT_TRUE(conn.open());
            QSqlQuery q(conn);
            EXPECT_TRUE(q.exec(QStringLiteral("SELECT note FROM retort_history ORDER BY id")));
            while (q.next())
                notes.append(q.value(0).toString());
        }
        QSqlDatabase::removeDatabase(name);
        return notes;
    }

    const RevisionListModel *model() const { return m_window.revisionModel(); }

    QTemporaryDir m_dir;
    MainWindow m_window;
};

// What the plan dialog showed, recorded while answering it.
struct PlanSeen {
    QStringList rules;
    QString status;
    int toAcknowledge = -1;
    bool runEnabledBeforeTicks = true;
    bool canAcceptBeforeTicks = true;
    int cursor = -1;
    QString cursorLine;
    QString sqlTab;
};

} // namespace

// A protected run: the findings appear in the plan, a click shows the statement, Run waits for
// every error to be ticked (after the name and the pre-flight), and the audit trail of each step
// records the acknowledgement.
TEST_F(LintWindowTest, AProtectedRunRecordsTheAcknowledgedErrorsInTheAuditTrail)
{
    openAndCheck();
    chooseEnvironment(QStringLiteral("production"));
    QAction *upgrade = actionNamed(m_window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));

    PlanSeen seen;
    QSet<QDialog *> accepted;
    const QString screenshots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    auto answer = answerModal([&](QDialog *d) {
        if (auto *pre = qobject_cast<retort::gui::PreflightDialog *>(d)) {
            // Nothing ran elsewhere first: the override needs a reason.
            pre->findChild<QLineEdit *>(QStringLiteral("reasonEdit"))
                ->setText(QStringLiteral("release 4.2 approved"));
            pre->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
            return false;
        }
        auto *plan = qobject_cast<PlanDialog *>(d);
        if (!plan || accepted.contains(plan))
            return false;
        auto *view = plan->findChild<LintFindingsView *>(QStringLiteral("lintView"));
        plan->findChild<QLineEdit *>(QStringLiteral("confirmEdit"))
            ->setText(QStringLiteral("production"));
        if (!plan->lintDone() || plan->findChild<QLabel *>(QStringLiteral("preflightLabel"))
                                     ->text()
                                     .contains(QStringLiteral("Running")))
            return false; // the findings or the pre-flight are still on their way
        seen.rules = rules(*view);
        seen.status = view->status();
        seen.toAcknowledge = view->toAcknowledgeCount();
        seen.runEnabledBeforeTicks = okButton(*plan)->isEnabled();
        seen.canAcceptBeforeTicks = plan->canAccept();
        const int index = findingIndex(*view, QStringLiteral("non-transactional-mixed"));
        if (index >= 0) {
            view->setCurrentFinding(index);
            auto *sqlEdit = plan->findChild<QPlainTextEdit *>(QStringLiteral("sqlEdit"));
            seen.cursor = sqlEdit->textCursor().position();
            seen.cursorLine = sqlEdit->textCursor().block().text();
            seen.sqlTab = plan->findChild<QTabWidget *>(QStringLiteral("tabs"))
                              ->currentWidget()
                              ->objectName();
        }
        if (!screenshots.isEmpty())
            plan->grab().save(screenshots + QStringLiteral("/lint-plan-sqlite.png"));
        for (int i = 0; i < int(view->findings().size()); ++i)
            view->setAcknowledged(i, true);
        accepted.insert(plan);
        // From the event loop: a failed pre-flight opens its checklist as a nested modal.
        QMetaObject::invokeMethod(plan, &QDialog::accept, Qt::QueuedConnection);
        return false;
    });
    upgrade->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const EnvironmentState *s = model()->environmentState(QStringLiteral("production"));
            return s && s->current == QStringList{kHead};
        },
        30000))
        << seen.status.toStdString();
    answer->stop();

    EXPECT_TRUE(seen.rules.contains(QStringLiteral("non-transactional-mixed")))
        << seen.rules.join(u' ').toStdString();
    EXPECT_TRUE(seen.status.contains(QStringLiteral("tick"))) << seen.status.toStdString();
    EXPECT_GE(seen.toAcknowledge, 1);
    EXPECT_FALSE(seen.runEnabledBeforeTicks);
    EXPECT_FALSE(seen.canAcceptBeforeTicks);
    EXPECT_EQ(seen.sqlTab, QStringLiteral("sqlTab"));
    EXPECT_TRUE(seen.cursorLine.startsWith(QStringLiteral("CREATE TABLE promotions")))
        << seen.cursorLine.toStdString();

    // Every step's audit row carries the override and the acknowledgement.
    const QStringList notes = notesIn(QStringLiteral("bookshop-production.db"));
    ASSERT_FALSE(notes.isEmpty());
    for (const QString &note : notes) {
        EXPECT_TRUE(note.contains(QStringLiteral("release 4.2 approved"))) << note.toStdString();
        EXPECT_TRUE(note.contains(
            QStringLiteral("lint acknowledged: non-transactional-mixed at "
                           "versions/1e2ba8818864_add_promotions_with_seed_data.sql:")))
            << note.toStdString();
        EXPECT_TRUE(note.contains(QStringLiteral("(1e2ba8818864)"))) << note.toStdString();
    }
}

// An unprotected environment: the findings are shown, nothing is ticked, and Run is enabled.
TEST_F(LintWindowTest, AnUnprotectedRunShowsTheFindingsAndNeedsNoAcknowledgement)
{
    openAndCheck();
    chooseEnvironment(QStringLiteral("local"));
    QAction *upgrade = actionNamed(m_window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));
    PlanSeen seen;
    auto answer = answerModal([&](QDialog *d) {
        auto *plan = qobject_cast<PlanDialog *>(d);
        if (!plan)
            return false;
        seen.runEnabledBeforeTicks = okButton(*plan)->isEnabled();
        if (!plan->lintDone())
            return false;
        auto *view = plan->findChild<LintFindingsView *>(QStringLiteral("lintView"));
        seen.rules = rules(*view);
        seen.toAcknowledge = view->toAcknowledgeCount();
        seen.canAcceptBeforeTicks = plan->canAccept();
        plan->accept();
        return true;
    });
    upgrade->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const EnvironmentState *s = model()->environmentState(QStringLiteral("local"));
            return s && s->current == QStringList{kHead};
        },
        30000));
    EXPECT_TRUE(seen.rules.contains(QStringLiteral("non-transactional-mixed")))
        << seen.rules.join(u' ').toStdString();
    EXPECT_EQ(seen.toAcknowledge, 0);
    EXPECT_TRUE(seen.runEnabledBeforeTicks);
    EXPECT_TRUE(seen.canAcceptBeforeTicks);
    for (const QString &note : notesIn(QStringLiteral("bookshop.db")))
        EXPECT_FALSE(note.contains(QStringLiteral("lint acknowledged"))) << note.toStdString();
}

// The revision list marks the revision with a lint error (a badge whose tooltip names the rule)
// and the detail pane lists its findings, with the explanation of the selected one.
TEST_F(LintWindowTest, TheGraphMarksRevisionsWithErrorsAndTheDetailPaneListsTheirFindings)
{
    openAndCheck();
    const auto errorsOf = [&](const QString &id) {
        return model()
            ->index(model()->rowOf(id), RevisionListModel::MessageColumn)
            .data(RevisionListModel::LintErrorsRole)
            .toStringList();
    };
    ASSERT_TRUE(QTest::qWaitFor([&] { return !errorsOf(kHead).isEmpty(); }, 10000));
    EXPECT_EQ(errorsOf(kHead), QStringList{QStringLiteral("non-transactional-mixed")});
    const QModelIndex message =
        model()->index(model()->rowOf(kHead), RevisionListModel::MessageColumn);
    EXPECT_TRUE(message.data(RevisionListModel::MarkersRole)
                    .toList()
                    .contains(int(RevisionListModel::LintMarker)));
    EXPECT_TRUE(message.data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("non-transactional-mixed")));
    // A clean revision has no mark.
    const QString clean = QStringLiteral("9a5b6b2126cd");
    EXPECT_TRUE(errorsOf(clean).isEmpty());
    EXPECT_FALSE(model()
                     ->index(model()->rowOf(clean), RevisionListModel::MessageColumn)
                     .data(RevisionListModel::MarkersRole)
                     .toList()
                     .contains(int(RevisionListModel::LintMarker)));

    ASSERT_TRUE(selectRevision(m_window, kHead));
    auto *detail = m_window.findChild<retort::gui::RevisionDetail *>();
    ASSERT_TRUE(detail);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !detail->lintView()->findings().empty(); }, 5000));
    const LintFinding &f = detail->lintView()->findings().front();
    EXPECT_EQ(f.rule, QStringLiteral("non-transactional-mixed"));
    EXPECT_EQ(f.level, LintLevel::Error);
    auto *list = detail->lintView()->findChild<QTreeWidget *>(QStringLiteral("lintFindings"));
    ASSERT_GE(list->topLevelItemCount(), 1);
    EXPECT_EQ(list->topLevelItem(0)->text(LintFindingsView::LevelColumn), QStringLiteral("error"));
    EXPECT_TRUE(list->topLevelItem(0)
                    ->text(LintFindingsView::LocationColumn)
                    .startsWith(QStringLiteral("1e2ba8818864_add_promotions_with_seed_data.sql:")));
    EXPECT_FALSE(detail->lintView()->explanationText().isEmpty());
    QTabWidget *tabs = detail->tabs();
    const int lintTab = tabs->indexOf(detail->lintView());
    ASSERT_GE(lintTab, 0);
    EXPECT_TRUE(tabs->tabText(lintTab).startsWith(QStringLiteral("Lint (")))
        << tabs->tabText(lintTab).toStdString();

    // Another revision: its own (no) findings.
    ASSERT_TRUE(selectRevision(m_window, clean));
    EXPECT_TRUE(detail->lintView()->findings().empty());
    EXPECT_EQ(tabs->tabText(lintTab), QStringLiteral("Lint"));

    const QString screenshots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (!screenshots.isEmpty()) {
        ASSERT_TRUE(selectRevision(m_window, kHead));
        tabs->setCurrentIndex(lintTab);
        QTest::qWait(100);
        EXPECT_TRUE(m_window.grab().save(screenshots + QStringLiteral("/lint-graph.png")));
    }
}

// --- Against the test PostgreSQL server ----------------------------------------------------------

// A protected PostgreSQL environment: the plan's findings are judged against the server
// (lintPlanLive), the drop of a table the script did not create is an error to acknowledge, and
// the acknowledgement is in the server's audit rows; the graph marks that revision.
TEST(LintGuiServer, AProtectedPostgresRunRecordsTheAcknowledgedDropInTheAuditTrail)
{
    using namespace retort::test;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.exec(QStringLiteral("CREATE TABLE legacy_orders (id int)")).isEmpty());
    ServerProject project(db);
    {
        QFile toml(project.root() + QStringLiteral("/retort.toml"));
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write("protected = true\n"); // still in [environments.test]
    }
    const QString first = QStringLiteral("aaaa00000001");
    const QString second = QStringLiteral("bbbb00000002");
    project.script(first, {},
                   QStringLiteral("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id "
                                  "bigint);"),
                   QStringLiteral("DROP TABLE orders;"));
    project.script(second, first,
                   QStringLiteral("SET lock_timeout = '2s';\n"
                                  "CREATE INDEX ix_orders_customer ON orders (customer_id);\n"
                                  "DROP TABLE legacy_orders;"),
                   QStringLiteral("CREATE TABLE legacy_orders (id int);\n"
                                  "DROP INDEX ix_orders_customer;"));
    MemorySecretStore store;
    MainWindow window(nullptr, &store);
    window.show();
    window.openProject(project.root());
    ASSERT_TRUE(waitLoaded(window));

    // The graph: offline, for the project's driver.
    const RevisionListModel *model = window.revisionModel();
    const auto errorsOf = [&](const QString &id) {
        return model->index(model->rowOf(id), RevisionListModel::MessageColumn)
            .data(RevisionListModel::LintErrorsRole)
            .toStringList();
    };
    ASSERT_TRUE(QTest::qWaitFor([&] { return !errorsOf(second).isEmpty(); }, 10000));
    EXPECT_EQ(errorsOf(second), QStringList{QStringLiteral("drop-table")});
    EXPECT_TRUE(errorsOf(first).isEmpty());

    QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));
    PlanSeen seen;
    QSet<QDialog *> accepted;
    auto answer = answerModal([&](QDialog *d) {
        if (auto *password = qobject_cast<retort::gui::PasswordDialog *>(d)) {
            password->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))
                ->setText(db.password());
            password->accept();
            return false;
        }
        if (auto *pre = qobject_cast<retort::gui::PreflightDialog *>(d)) {
            pre->findChild<QLineEdit *>(QStringLiteral("reasonEdit"))
                ->setText(QStringLiteral("first deploy"));
            pre->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
            return false;
        }
        auto *plan = qobject_cast<PlanDialog *>(d);
        if (!plan || accepted.contains(plan))
            return false;
        plan->findChild<QLineEdit *>(QStringLiteral("confirmEdit"))
            ->setText(QStringLiteral("test"));
        if (!plan->lintDone() || plan->findChild<QLabel *>(QStringLiteral("preflightLabel"))
                                     ->text()
                                     .contains(QStringLiteral("Running")))
            return false;
        auto *view = plan->findChild<LintFindingsView *>(QStringLiteral("lintView"));
        seen.rules = rules(*view);
        seen.status = view->status();
        seen.toAcknowledge = view->toAcknowledgeCount();
        seen.runEnabledBeforeTicks = okButton(*plan)->isEnabled();
        const int drop = findingIndex(*view, QStringLiteral("drop-table"));
        if (drop >= 0) {
            view->setCurrentFinding(drop);
            seen.cursorLine = plan->findChild<QPlainTextEdit *>(QStringLiteral("sqlEdit"))
                                  ->textCursor()
                                  .block()
                                  .text();
        }
        for (int i = 0; i < int(view->findings().size()); ++i)
            view->setAcknowledged(i, true);
        accepted.insert(plan);
        QMetaObject::invokeMethod(plan, &QDialog::accept, Qt::QueuedConnection);
        return false;
    });
    upgrade->trigger();
    auto *log = window.findChild<QPlainTextEdit *>(QStringLiteral("log"));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return log->toPlainText().contains(QStringLiteral("Done.")) ||
                   log->toPlainText().contains(QStringLiteral("FAILED"));
        },
        60000))
        << log->toPlainText().toStdString();
    answer->stop();
    ASSERT_EQ(db.heads(), QStringList{second}) << log->toPlainText().toStdString();

    EXPECT_TRUE(seen.rules.contains(QStringLiteral("drop-table")))
        << seen.rules.join(u' ').toStdString();
    EXPECT_TRUE(seen.status.contains(QStringLiteral("test"))) << seen.status.toStdString();
    EXPECT_EQ(seen.toAcknowledge, 1) << seen.rules.join(u' ').toStdString();
    EXPECT_FALSE(seen.runEnabledBeforeTicks);
    EXPECT_EQ(seen.cursorLine, QStringLiteral("DROP TABLE legacy_orders;"));
    const QStringList notes =
        db.column(QStringLiteral("SELECT note FROM retort_history ORDER BY id"));
    ASSERT_EQ(notes.size(), 2);
    for (const QString &note : notes) {
        EXPECT_TRUE(note.contains(QStringLiteral("first deploy"))) << note.toStdString();
        EXPECT_TRUE(note.contains(QStringLiteral("lint acknowledged: drop-table at "
                                                 "versions/bbbb00000002_x.sql:10 (bbbb00000002)")))
            << note.toStdString();
    }
}
