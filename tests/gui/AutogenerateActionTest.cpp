// Revision ▸ New Revision from Differences… (native projects: the Compare window from the heads
// to the chosen environment, then the new-revision form with the SQL) and Autogenerate Revision…
// (Alembic projects: the project's own alembic against the chosen environment, off the GUI
// thread).
#include "../cli/AlembicModelsProject.h"
#include "GuiTestSupport.h"
#include "NewRevisionDialog.h"
#include "RevisionListModel.h"
#include "SchemaCompareDialog.h"

#include "scripts/Script.h"
#include "workflows/AlembicSql.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTreeView>

#include <gtest/gtest.h>

using namespace guitest;
using retort::gui::NewRevisionDialog;
using retort::gui::SchemaCompareDialog;

namespace {

void exec(const QString &file, const QStringList &statements)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "autogen-gui");
        db.setDatabaseName(file);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        for (const QString &s : statements)
            ASSERT_TRUE(q.exec(s)) << s.toStdString();
    }
    QSqlDatabase::removeDatabase("autogen-gui");
}

QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QString selectedId(MainWindow &window)
{
    auto *view = window.findChild<QTreeView *>("revisionView");
    return view->currentIndex().data(retort::gui::RevisionListModel::RevisionIdRole).toString();
}

} // namespace

TEST(AutogenerateAction, ADifferenceFromTheHeadsBecomesARevision)
{
    QTemporaryDir dir;
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    // local at the heads, then changed by hand.
    ASSERT_EQ(QProcess::execute(RETORT_CLI_PATH, {"--project", dir.path(), "upgrade", "heads"}), 0);
    exec(dir.filePath("bookshop.db"), {"ALTER TABLE customers ADD COLUMN phone TEXT",
                                       "CREATE INDEX ix_customers_phone ON customers (phone)"});

    MainWindow window;
    window.resize(1300, 850);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *action = window.findChild<QAction *>("actionNewRevisionFromDifferences");
    ASSERT_TRUE(action);
    ASSERT_TRUE(QTest::qWaitFor([&] { return action->isEnabled(); }, 10000));
    EXPECT_EQ(action->text(), "New Revision from Differences…");
    action->trigger();
    SchemaCompareDialog *compare = window.compareDialog();
    ASSERT_TRUE(compare);
    EXPECT_EQ(compare->source(SchemaCompareDialog::Side::A), "@heads");
    EXPECT_EQ(compare->source(SchemaCompareDialog::Side::B), "local");
    ASSERT_TRUE(QTest::qWaitFor([&] { return !compare->isComparing(); }, 30000));
    EXPECT_TRUE(compare->summaryText().startsWith("2 differences"))
        << compare->summaryText().toStdString();
    ASSERT_TRUE(compare->createRevisionButton()->isEnabled());

    QString id, preview;
    auto answer = answerModal([&](QDialog *dialog) {
        auto *d = qobject_cast<NewRevisionDialog *>(dialog);
        if (!d)
            return false;
        id = d->revisionId();
        EXPECT_EQ(d->windowTitle(), "New Revision from Differences");
        d->findChild<QLineEdit *>("messageEdit")->setText("customer phone");
        preview = d->findChild<QPlainTextEdit *>("previewEdit")->toPlainText();
        d->accept();
        return true;
    });
    compare->createRevisionButton()->click();
    ASSERT_FALSE(id.isEmpty());
    EXPECT_TRUE(preview.contains("ALTER TABLE customers ADD COLUMN phone TEXT;"))
        << preview.toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return selectedId(window) == id; }, 15000));
    const auto ws = window.revisionModel()->workspace();
    const int index = ws->graph().indexOf(id);
    ASSERT_GE(index, 0);
    const QString text = readAll(ws->graph().at(index).script->path);
    EXPECT_TRUE(text.contains("CREATE INDEX ix_customers_phone ON customers (phone);"))
        << text.toStdString();
    EXPECT_TRUE(text.contains("ALTER TABLE customers DROP COLUMN phone;")) << text.toStdString();
}

TEST(AutogenerateAction, AnAlembicProjectRunsItsOwnAutogenerate)
{
    auto alembic = retort::findAlembic();
    if (!alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    QTemporaryDir dir;
    const QString root = dir.path();
    ASSERT_TRUE(testsupport::writeAlembicModelsProject(
        root, "Table('ledger', metadata, Column('id', Integer, primary_key=True), "
              "Column('memo', Text))\n"));
    ASSERT_EQ(QProcess::execute(RETORT_CLI_PATH, {"--project", root, "upgrade", "heads"}), 0);

    MainWindow window;
    window.resize(1300, 850);
    window.show();
    window.openProject(root);
    ASSERT_TRUE(waitLoaded(window));
    auto *action = window.findChild<QAction *>("actionNewRevisionFromDifferences");
    ASSERT_TRUE(action);
    ASSERT_TRUE(QTest::qWaitFor([&] { return action->isEnabled(); }, 10000));
    EXPECT_EQ(action->text(), "Autogenerate Revision…");
    const int before = window.revisionModel()->totalCount();
    auto answer = answerModal([&](QDialog *dialog) {
        auto *input = qobject_cast<QInputDialog *>(dialog);
        if (!input)
            return false;
        input->setTextValue("memo");
        input->accept();
        return true;
    });
    action->trigger();
    // Done when the window selects the new revision (after alembic wrote it and Retort removed
    // the audit table's operations from it; a file watcher may list it earlier).
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const QString id = selectedId(window);
            return window.revisionModel()->totalCount() == before + 1 && !id.isEmpty() &&
                   id != "b1";
        },
        60000));
    const auto ws = window.revisionModel()->workspace();
    QString written;
    for (const auto &rev : ws->graph().revisions())
        if (rev.id != "b1")
            written = readAll(rev.script->path);
    EXPECT_TRUE(written.contains("op.add_column('ledger'")) << written.toStdString();
    EXPECT_FALSE(written.contains("retort_history")) << written.toStdString();
}
