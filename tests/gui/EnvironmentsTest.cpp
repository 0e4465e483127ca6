// Environments in the main window: each one checked in the background, its standing shown in the
// State column, as badges on the revisions where it stands, in the Environments panel and the
// status bar; and what the user sees when a run fails.

#include "BackupsDialog.h"
#include "DriftDialog.h"
#include "EnvironmentPanel.h"
#include "GuiTestSupport.h"
#include "HistoryPanel.h"
#include "MainWindow.h"
#include "PlanDialog.h"
#include "PreflightDialog.h"
#include "RevisionListModel.h"
#include "SqlView.h"

#include "db/AuditTrail.h"
#include "db/Dialect.h"
#include "graph/RevisionGraph.h"
#include "workflows/MigrationJob.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace guitest;
using retort::EnvironmentState;
using retort::gui::EnvironmentPanel;
using retort::gui::HistoryPanel;
using retort::gui::RevisionListModel;

namespace {

const QString kMerge = QStringLiteral("5ea58ce1dd20");   // local stands here
const QString kHead = QStringLiteral("1e2ba8818864");    // staging stands here (the head)
const QString kBelow = QStringLiteral("7e7d8ca52273");   // below the merge
const QString kLoyalty = QStringLiteral("2a8091e12ecd"); // between the merge and the head

class EnvironmentsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(copyTree(kDemo, m_dir.path()));
        for (const QString &db : QDir(m_dir.path()).entryList({QStringLiteral("*.db")}))
            QFile::remove(m_dir.filePath(db));
        m_window.show();
    }

    // Opens the copy and waits until every environment has reported.
    void openAndCheck()
    {
        m_window.openProject(m_dir.path());
        ASSERT_TRUE(waitLoaded(m_window));
        const auto &envs = m_window.revisionModel()->workspace()->project().environments;
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

    const RevisionListModel *model() const { return m_window.revisionModel(); }
    QString stateText(const QString &id) const
    {
        return model()->index(model()->rowOf(id), RevisionListModel::StateColumn).data().toString();
    }
    QStringList badges(const QString &id) const
    {
        QStringList names;
        const QVariantList list = model()
                                      ->index(model()->rowOf(id), RevisionListModel::MessageColumn)
                                      .data(RevisionListModel::EnvironmentBadgesRole)
                                      .toList();
        for (const QVariant &v : list)
            names.append(v.toMap().value(QStringLiteral("name")).toString());
        return names;
    }
    int expectedPending(const QStringList &rows) const
    {
        auto plan = model()->workspace()->graph().planUpgrade(rows, QStringLiteral("heads"));
        return plan ? int(plan->steps.size()) : -1;
    }
    QString path(const char *file) const { return m_dir.filePath(QString::fromLatin1(file)); }

    QTemporaryDir m_dir;
    MainWindow m_window;
};

TEST_F(EnvironmentsTest, EachEnvironmentIsCheckedAndShownWhereItStands)
{
    writeVersionRows(path("bookshop.db"), {kMerge});
    writeVersionRows(path("bookshop-staging.db"), {kHead});
    QFile junk(path("bookshop-production.db"));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(8192, 'x')); // not a database: production cannot be read
    junk.close();
    openAndCheck();

    // The State column follows the chosen environment (the first, local).
    EXPECT_EQ(model()->headerData(RevisionListModel::StateColumn, Qt::Horizontal).toString(),
              QStringLiteral("State in local"));
    EXPECT_EQ(stateText(kMerge), QStringLiteral("current"));
    EXPECT_EQ(stateText(kBelow), QStringLiteral("applied"));
    EXPECT_EQ(stateText(kHead), QStringLiteral("pending"));
    EXPECT_EQ(stateText(kLoyalty), QStringLiteral("pending"));

    // Badges: each environment on the revision it stands at; none where nobody stands.
    EXPECT_EQ(badges(kMerge), QStringList{QStringLiteral("local")});
    EXPECT_EQ(badges(kHead), QStringList{QStringLiteral("staging")});
    EXPECT_TRUE(badges(kBelow).isEmpty());

    // The panel: current revision, pending count, unreachable production with its reason.
    auto *panel = m_window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    ASSERT_TRUE(panel);
    QTreeWidgetItem *local = panel->itemFor(QStringLiteral("local"));
    QTreeWidgetItem *staging = panel->itemFor(QStringLiteral("staging"));
    QTreeWidgetItem *production = panel->itemFor(QStringLiteral("production"));
    ASSERT_TRUE(local && staging && production);
    const int localPending = expectedPending({kMerge});
    ASSERT_GT(localPending, 0);
    EXPECT_EQ(local->text(EnvironmentPanel::CurrentColumn), kMerge);
    EXPECT_EQ(local->text(EnvironmentPanel::PendingColumn), QString::number(localPending));
    EXPECT_EQ(local->text(EnvironmentPanel::DriverColumn), QStringLiteral("SQLite"));
    EXPECT_EQ(staging->text(EnvironmentPanel::PendingColumn), QStringLiteral("up to date"));
    EXPECT_EQ(staging->text(EnvironmentPanel::AtHeadsColumn), QStringLiteral("yes"));
    EXPECT_EQ(local->text(EnvironmentPanel::AtHeadsColumn), QStringLiteral("no"));
    EXPECT_TRUE(local->text(EnvironmentPanel::ProblemColumn).isEmpty());
    EXPECT_FALSE(production->text(EnvironmentPanel::ProblemColumn).isEmpty());
    EXPECT_EQ(production->text(EnvironmentPanel::CurrentColumn), QStringLiteral("not reachable"));
    EXPECT_FALSE(production->toolTip(EnvironmentPanel::CurrentColumn).isEmpty());
    EXPECT_FALSE(production->icon(EnvironmentPanel::NameColumn).isNull()); // the lock
    auto *status = m_window.findChild<QLabel *>(QStringLiteral("environmentStatus"));
    ASSERT_TRUE(status);
    EXPECT_EQ(status->text(), QStringLiteral("local: %1 pending").arg(localPending));

    // Picking staging in the panel switches the environment everything else shows.
    panel->setCurrentItem(staging);
    auto *combo = m_window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
    ASSERT_TRUE(combo);
    EXPECT_EQ(combo->currentData().toString(), QStringLiteral("staging"));
    EXPECT_EQ(model()->headerData(RevisionListModel::StateColumn, Qt::Horizontal).toString(),
              QStringLiteral("State in staging"));
    EXPECT_EQ(stateText(kHead), QStringLiteral("current"));
    EXPECT_EQ(stateText(kMerge), QStringLiteral("applied"));
    EXPECT_EQ(status->text(), QStringLiteral("staging: up to date"));

    // And the combo drives the panel: production cannot be read, so nothing is claimed.
    combo->setCurrentIndex(combo->findData(QStringLiteral("production")));
    EXPECT_EQ(panel->currentItem(), production);
    EXPECT_EQ(stateText(kHead), QStringLiteral("not reachable"));
    EXPECT_EQ(status->text(), QStringLiteral("production: not reachable"));
}

TEST_F(EnvironmentsTest, AFailedRunShowsWhereAndWhyAndTheEnvironmentStaysConsistent)
{
    // The newest revision's upgrade fails on its second statement.
    const QStringList scripts = QDir(path("versions")).entryList({kHead + QStringLiteral("_*")});
    ASSERT_EQ(scripts.size(), 1);
    const QString script = path("versions") + u'/' + scripts.first();
    QFile file(script);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(file.readAll());
    file.close();
    const qsizetype down = text.indexOf(QStringLiteral("-- migrate:downgrade"));
    ASSERT_GT(down, 0);
    text.insert(down, QStringLiteral("INSERT INTO no_such_table VALUES (1);\n\n"));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
    file.close();
    openAndCheck();

    QAction *upgrade = actionNamed(m_window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(upgrade);
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));
    QString title, informative, detailed;
    auto answer = answerModal([&](QDialog *dialog) {
        if (auto *box = qobject_cast<QMessageBox *>(dialog)) {
            title = box->text();
            informative = box->informativeText();
            detailed = box->detailedText();
            box->accept();
            return true;
        }
        dialog->accept(); // the plan dialog: run it
        return false;
    });
    upgrade->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !title.isEmpty(); }, 20000));

    EXPECT_TRUE(title.contains(QStringLiteral("last step that completed"))) << title.toStdString();
    EXPECT_TRUE(informative.contains(QStringLiteral("no_such_table"))) << informative.toStdString();
    EXPECT_TRUE(detailed.contains(kHead)) << detailed.toStdString();
    EXPECT_TRUE(detailed.contains(scripts.first())) << detailed.toStdString();

    // The database stands at the last good revision, and the window says so after its refresh.
    auto rows = retort::readHeads(*loadDirectly(m_dir.path())->environment({}).value(),
                                  retort::VersionTable::defaultTable());
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(*rows, QStringList{kLoyalty});
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const EnvironmentState *s = model()->environmentState(QStringLiteral("local"));
            return s && s->current == QStringList{kLoyalty};
        },
        15000));
    EXPECT_EQ(stateText(kLoyalty), QStringLiteral("current"));
    EXPECT_EQ(stateText(kHead), QStringLiteral("pending"));
    EXPECT_EQ(badges(kLoyalty), QStringList{QStringLiteral("local")});

    // The History panel shows the run: every step that succeeded, and the failed one last.
    auto *history = m_window.findChild<HistoryPanel *>(QStringLiteral("history"));
    ASSERT_TRUE(history);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return !history->entries().empty() &&
                   history->entries().front().outcome == retort::AuditOutcome::Failed;
        },
        15000));
    const retort::AuditEntry &failed = history->entries().front(); // newest first
    EXPECT_EQ(failed.revision, kHead);
    EXPECT_TRUE(failed.error.contains(QStringLiteral("no_such_table")));
    EXPECT_EQ(history->topLevelItem(0)->text(HistoryPanel::OutcomeColumn),
              QStringLiteral("failed"));
    EXPECT_GT(history->entries().size(), 5U);
    for (size_t i = 1; i < history->entries().size(); ++i)
        EXPECT_EQ(history->entries()[i].outcome, retort::AuditOutcome::Succeeded);
}

} // namespace

namespace {

TEST_F(EnvironmentsTest, AScriptEditedAfterItWasAppliedIsFlaggedWithItsDiff)
{
    openAndCheck();
    QAction *upgrade = actionNamed(m_window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));
    auto answer = answerModal([](QDialog *d) {
        d->accept();
        return true;
    });
    upgrade->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const EnvironmentState *s = model()->environmentState(QStringLiteral("local"));
            return s && s->current == QStringList{kHead};
        },
        20000));
    EXPECT_TRUE(badges(kBelow).isEmpty());

    // Someone edits an applied migration.
    const QStringList scripts = QDir(path("versions")).entryList({kBelow + QStringLiteral("_*")});
    ASSERT_EQ(scripts.size(), 1);
    QFile file(path("versions") + u'/' + scripts.first());
    ASSERT_TRUE(file.open(QIODevice::ReadWrite));
    QString text = QString::fromUtf8(file.readAll());
    text.replace(QStringLiteral("-- migrate:downgrade"),
                 QStringLiteral("CREATE INDEX edited_later ON book_ratings (book_id);\n\n"
                                "-- migrate:downgrade"));
    file.resize(0);
    file.write(text.toUtf8());
    file.close();
    m_window.refresh();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return !model()
                        ->index(model()->rowOf(kBelow), 0)
                        .data(RevisionListModel::DriftRole)
                        .toList()
                        .isEmpty();
        },
        20000));
    const QVariantList markers =
        model()
            ->index(model()->rowOf(kBelow), RevisionListModel::MessageColumn)
            .data(RevisionListModel::MarkersRole)
            .toList();
    EXPECT_TRUE(markers.contains(int(RevisionListModel::EditedMarker)));
    // Revisions nobody edited are not flagged.
    EXPECT_TRUE(model()
                    ->index(model()->rowOf(kHead), 0)
                    .data(RevisionListModel::DriftRole)
                    .toList()
                    .isEmpty());

    // The action shows what changed: one section per environment, named, with the diff in the
    // monospace SQL viewer.
    ASSERT_TRUE(selectRevision(m_window, kBelow));
    auto *show = m_window.findChild<QAction *>(QStringLiteral("actionShowDrift"));
    ASSERT_TRUE(show);
    ASSERT_TRUE(QTest::qWaitFor([&] { return show->isEnabled(); }, 5000));
    QStringList titles, diffs;
    answer = answerModal([&](QDialog *d) {
        auto *drift = qobject_cast<retort::gui::DriftDialog *>(d);
        if (!drift)
            return false;
        if (const QString shots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR"); !shots.isEmpty())
            drift->grab().save(shots + QStringLiteral("/drift.png"));
        for (auto *title : drift->findChildren<QLabel *>(QStringLiteral("title")))
            titles.append(title->text());
        for (auto *diff : drift->findChildren<retort::gui::SqlView *>(QStringLiteral("diff")))
            diffs.append(diff->text());
        drift->reject();
        return true;
    });
    show->trigger();
    ASSERT_EQ(titles.size(), 1); // only local ran it
    EXPECT_TRUE(titles[0].contains(QStringLiteral("<b>local</b>"))) << titles[0].toStdString();
    EXPECT_TRUE(titles[0].contains(scripts.first())) << titles[0].toStdString();
    ASSERT_EQ(diffs.size(), 1);
    EXPECT_TRUE(diffs[0].contains(QStringLiteral("+CREATE INDEX edited_later")))
        << diffs[0].toStdString();
}

} // namespace

namespace {

// Answers the protected-run dialogs: the plan (typing the environment's name, recording the
// pre-flight and review lines it shows once the checks are in) and, when a check failed, the
// pre-flight checklist it opens (recording what it showed, giving `reason`).
struct ProtectedRunAnswers {
    QStringList checks;    // the checklist's Result column, when it was shown
    QString planPreflight; // the plan dialog's pre-flight line
    QString planReview;    // the plan dialog's review line
    bool continueEnabledBeforeReason = false;
    QSet<QDialog *> planAccepted;
    std::shared_ptr<QTimer> timer;
    explicit ProtectedRunAnswers(const QString &reason)
    {
        timer = answerModal([this, reason](QDialog *d) {
            if (auto *pre = qobject_cast<retort::gui::PreflightDialog *>(d)) {
                auto *view = pre->findChild<QTreeWidget *>(QStringLiteral("checksView"));
                for (int i = 0; i < view->topLevelItemCount(); ++i)
                    checks.append(view->topLevelItem(i)->text(1));
                auto *ok = pre->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
                continueEnabledBeforeReason = ok->isEnabled();
                if (!ok->isEnabled())
                    pre->findChild<QLineEdit *>(QStringLiteral("reasonEdit"))->setText(reason);
                ok->click();
                return false;
            }
            if (auto *plan = qobject_cast<retort::gui::PlanDialog *>(d)) {
                plan->findChild<QLineEdit *>(QStringLiteral("confirmEdit"))
                    ->setText(QStringLiteral("production"));
                if (!plan->canAccept())
                    return false; // the pre-flight is still running
                planPreflight = plan->findChild<QLabel *>(QStringLiteral("preflightLabel"))->text();
                planReview = plan->findChild<QLabel *>(QStringLiteral("reviewLabel"))->text();
                // Accepted from the event loop, once: a failed check opens the checklist as a
                // nested modal, which this (non-reentrant) timer must still be able to answer.
                if (!planAccepted.contains(plan)) {
                    planAccepted.insert(plan);
                    QMetaObject::invokeMethod(plan, &QDialog::accept, Qt::QueuedConnection);
                }
                return false;
            }
            d->accept();
            return false;
        });
    }
};

TEST_F(EnvironmentsTest, AProtectedRunIsPreflightedAndAnOverrideIsRecorded)
{
    openAndCheck();
    auto *combo = m_window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("production")));
    QAction *upgrade = actionNamed(m_window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));

    // Nothing was ever run elsewhere: the check fails, and going on needs a reason.
    ProtectedRunAnswers answers(QStringLiteral("hotfix approved by the release manager"));
    upgrade->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const EnvironmentState *s = model()->environmentState(QStringLiteral("production"));
            return s && s->current == QStringList{kHead};
        },
        30000));
    answers.timer->stop();
    ASSERT_EQ(answers.checks.size(), 3);
    EXPECT_TRUE(answers.checks[0].startsWith(QStringLiteral("FAILED")))
        << answers.checks[0].toStdString();
    EXPECT_FALSE(answers.continueEnabledBeforeReason);

    // The override is in the audit trail of every step of the run.
    auto *history = m_window.findChild<HistoryPanel *>(QStringLiteral("history"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !history->entries().empty(); }, 15000))
        << history->environment().toStdString() << ": "
        << (history->topLevelItemCount() ? history->topLevelItem(0)->text(2).toStdString() + " " +
                                               history->topLevelItem(0)->text(5).toStdString()
                                         : std::string("(no rows)"));
    for (const retort::AuditEntry &e : history->entries())
        EXPECT_TRUE(e.note.contains(QStringLiteral("hotfix approved by the release manager")))
            << e.note.toStdString();
}

TEST_F(EnvironmentsTest, AProtectedRunIsBackedUpFirst)
{
    // production exists (so there is something to back up) and local ran everything first.
    writeVersionRows(path("bookshop-production.db"), {});
    openAndCheck();
    QAction *upgrade = actionNamed(m_window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));
    {
        auto plain = answerModal([](QDialog *d) {
            d->accept();
            return false;
        });
        upgrade->trigger();
        ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                const EnvironmentState *s = model()->environmentState(QStringLiteral("local"));
                return s && s->current == QStringList{kHead};
            },
            30000));
        plain->stop();
    }
    auto *combo = m_window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("production")));
    ProtectedRunAnswers answers(QStringLiteral("unused"));
    upgrade->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const EnvironmentState *s = model()->environmentState(QStringLiteral("production"));
            return s && s->current == QStringList{kHead};
        },
        30000));
    answers.timer->stop();
    // Every check passed or was skipped: the plan says so and no checklist asks for a reason.
    EXPECT_TRUE(answers.checks.isEmpty()) << answers.checks.join(u'|').toStdString();
    EXPECT_TRUE(answers.planPreflight.contains(QStringLiteral("every check passed")))
        << answers.planPreflight.toStdString();
    // The backup is taken under the run lock right before the first step, not before the
    // checks: the plan's pre-flight line says the fresh-backup check was skipped.
    EXPECT_TRUE(answers.planPreflight.contains(QStringLiteral("(skipped)")))
        << answers.planPreflight.toStdString();
    // Nobody reviewed these scripts: the plan names them.
    EXPECT_TRUE(answers.planReview.contains(QStringLiteral("not reviewed: ")))
        << answers.planReview.toStdString();
    // The window ran the core's run session: it reported the backup (taken under the run lock),
    // and only then the first step.
    const QString log = m_window.findChild<QPlainTextEdit *>(QStringLiteral("log"))->toPlainText();
    const qsizetype backedUp = log.indexOf(QStringLiteral("Backup: "));
    const qsizetype firstStep = log.indexOf(QStringLiteral("Running upgrade"), backedUp);
    EXPECT_GE(backedUp, 0) << log.toStdString();
    EXPECT_GT(firstStep, backedUp) << log.toStdString();
    EXPECT_LT(log.indexOf(QStringLiteral("Backing up")), backedUp) << log.toStdString();
    const QStringList backups =
        QDir(path(".retort/backups/production")).entryList(QDir::Files | QDir::NoDotAndDotDot);
    ASSERT_FALSE(backups.isEmpty());
    EXPECT_GT(QFileInfo(path(".retort/backups/production") + u'/' + backups.first()).size(), 0);
}

TEST_F(EnvironmentsTest, AProtectedPlanIsShownBeforeItsChecksAndCancellingWritesNoBackup)
{
    writeVersionRows(path("bookshop-production.db"), {});
    openAndCheck();
    auto *combo = m_window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("production")));
    QAction *upgrade = actionNamed(m_window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));
    // The plan (with its SQL) comes first, although a check fails (nothing ran elsewhere): no
    // checklist or reason stands between the user and reading the plan. Cancel it once the
    // pre-flight result is in.
    bool checklistShown = false;
    bool planShown = false;
    QString sql;
    QString preflight;
    auto answer = answerModal([&](QDialog *d) {
        if (qobject_cast<retort::gui::PreflightDialog *>(d)) {
            checklistShown = true;
            d->reject();
            return false;
        }
        auto *plan = qobject_cast<retort::gui::PlanDialog *>(d);
        if (!plan)
            return false;
        planShown = true;
        sql = plan->sql();
        preflight = plan->findChild<QLabel *>(QStringLiteral("preflightLabel"))->text();
        if (preflight.contains(QStringLiteral("Running")))
            return false;
        d->reject();
        return true;
    });
    upgrade->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return planShown && !answer->isActive(); }, 30000));
    EXPECT_FALSE(checklistShown);
    EXPECT_TRUE(sql.contains(QStringLiteral("CREATE TABLE"))) << sql.toStdString();
    EXPECT_TRUE(preflight.contains(QStringLiteral("checks failed"))) << preflight.toStdString();
    QTest::qWait(200);
    EXPECT_TRUE(QDir(path(".retort/backups/production"))
                    .entryList(QDir::Files | QDir::NoDotAndDotDot)
                    .isEmpty());
}

} // namespace

namespace {

TEST_F(EnvironmentsTest, AnInterruptedRunIsOfferedRetryOrStamp)
{
    // local stands at the merge; a runner died in the middle of the next step (its audit row
    // still says running, and nobody holds the lock).
    writeVersionRows(path("bookshop.db"), {kMerge});
    {
        const QString name = QStringLiteral("gui-interrupted");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path("bookshop.db"));
            ASSERT_TRUE(db.open());
            retort::AuditTrail trail(*retort::Dialect::forDriver(QStringLiteral("sqlite")));
            ASSERT_TRUE(trail.ensure(db).ok());
            retort::AuditEntry e;
            e.runId = QStringLiteral("run-1");
            e.revision = kLoyalty;
            e.direction = QStringLiteral("upgrade");
            e.fromRevisions = {kMerge};
            e.toRevisions = {kLoyalty};
            e.runStartedAt = e.startedAt = QDateTime::currentDateTimeUtc();
            e.operatorName = QStringLiteral("ci@build");
            e.statement = 1;
            e.retortVersion = QStringLiteral("0.1.0");
            e.scriptSha256 = QStringLiteral("0");
            auto inserted = trail.insertRunning(db, e);
            ASSERT_TRUE(inserted.ok()) << inserted.error().message.toStdString();
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    QString text;
    bool planSeen = false;
    auto answer = answerModal([&](QDialog *d) {
        if (auto *box = qobject_cast<QMessageBox *>(d)) {
            text = box->text() + u'\n' + box->informativeText();
            for (QAbstractButton *b : box->buttons())
                if (b->text() == QStringLiteral("Stamp as Done…"))
                    b->click();
            return false;
        }
        planSeen = true;
        d->accept(); // the stamp's plan
        return true;
    });
    openAndCheck();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const EnvironmentState *s = model()->environmentState(QStringLiteral("local"));
            return planSeen && s && s->current == QStringList{kLoyalty};
        },
        20000))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("interrupted"))) << text.toStdString();
    EXPECT_TRUE(text.contains(kLoyalty.left(12))) << text.toStdString();
}

} // namespace

namespace {

TEST_F(EnvironmentsTest, BackupsAreListedWithTheirRestoreCommandAndTakenOnRequest)
{
    writeVersionRows(path("bookshop.db"), {kMerge});
    openAndCheck();
    QAction *backups = m_window.findChild<QAction *>(QStringLiteral("actionBackups"));
    ASSERT_TRUE(backups && backups->isEnabled());
    int listedBefore = -1, listedAfter = -1;
    QString restore;
    auto answer = answerModal([&](QDialog *d) {
        auto *dialog = qobject_cast<retort::gui::BackupsDialog *>(d);
        if (!dialog)
            return false;
        listedBefore = int(dialog->backups().size());
        QObject::connect(dialog, &retort::gui::BackupsDialog::backupFinished, dialog,
                         [&, dialog](const QString &error) {
                             EXPECT_TRUE(error.isEmpty()) << error.toStdString();
                             listedAfter = int(dialog->backups().size());
                             restore =
                                 dialog->findChild<QPlainTextEdit *>(QStringLiteral("restoreEdit"))
                                     ->toPlainText();
                             dialog->reject();
                         });
        dialog->findChild<QPushButton *>(QStringLiteral("backupButton"))->click();
        return true;
    });
    backups->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return listedAfter >= 0; }, 20000));
    EXPECT_EQ(listedBefore, 0);
    EXPECT_EQ(listedAfter, 1);
    EXPECT_TRUE(restore.contains(QStringLiteral("bookshop.db"))) << restore.toStdString();
    const QStringList files =
        QDir(path(".retort/backups/local")).entryList(QDir::Files | QDir::NoDotAndDotDot);
    ASSERT_EQ(files.size(), 1);
}

} // namespace
