// Schema ▸ Compare…: two SQLite environments that differ in known ways are compared in the
// background; the tree lists exactly those differences with their marks, an object's DDLs show
// side by side, a possible rename is confirmed by a check box (and then reaches the SQL and the
// Create Revision signal), @heads is replayed against an environment, sources that cannot be read
// are named in the dialog, equal schemas say so and cannot become a revision.

#include "SchemaCompareDialog.h"
#include "Appearance.h"
#include "CredentialBroker.h"
#include "GuiTestSupport.h"
#include "PasswordDialog.h"
#include "PostgresMariaDbSupport.h"
#include "SchemaCompareModel.h"

#include "schema/SchemaJson.h"
#include "schema/SchemaMigration.h"
#include "secrets/SecretStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextStream>

#include <iostream>
#include <set>
#include <tuple>

// QString in gtest's messages.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace guitest;
using retort::ChangeKind;
using retort::ConfirmedRename;
using retort::SchemaSnapshot;
using retort::gui::SchemaCompareDialog;
using retort::gui::SchemaCompareModel;
using Side = SchemaCompareModel::Side;

namespace {

// The schema of "left" — also what the project's only revision creates (so @heads equals it).
const QStringList kLeftSchema{
    "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE books (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    title TEXT NOT NULL,\n"
    "    author_id INTEGER REFERENCES authors(id),\n"
    "    price NUMERIC\n"
    ")",
    "CREATE INDEX ix_books_title ON books (title)",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT)",
    "CREATE TABLE legacy (id INTEGER PRIMARY KEY, payload BLOB, kept_at TEXT)",
};

// "right": a column added (authors.born), a column of the same shape under another name
// (books.price → cost), an index dropped, a column's type changed (books.title), a table of the
// same shape under another name (notes → memos), columns reordered (tags), a table dropped
// (legacy) and one added (shelves).
const QStringList kRightSchema{
    "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER)",
    "CREATE TABLE books (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    title VARCHAR(200) NOT NULL,\n"
    "    author_id INTEGER REFERENCES authors(id),\n"
    "    cost NUMERIC\n"
    ")",
    "CREATE TABLE memos (id INTEGER PRIMARY KEY, body TEXT)",
    "CREATE TABLE tags (label TEXT, id INTEGER PRIMARY KEY)",
    "CREATE TABLE shelves (id INTEGER PRIMARY KEY, label TEXT NOT NULL)",
};

void exec(const QString &dbPath, const QStringList &statements)
{
    const QString name = "schema-compare-test";
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
        db.setDatabaseName(dbPath);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        for (const QString &sql : statements)
            ASSERT_TRUE(q.exec(sql)) << sql.toStdString();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QTextStream(&f) << text;
}

// A project with SQLite environments "left" and "right" (filled as above) and one revision whose
// upgrade creates left's schema.
class SchemaCompareTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        writeFile(m_dir.filePath("retort.toml"), "[project]\n"
                                                 "name = \"compare\"\n"
                                                 "scripts = \"versions\"\n"
                                                 "\n"
                                                 "[environments.left]\n"
                                                 "driver = \"sqlite\"\n"
                                                 "database = \"left.db\"\n"
                                                 "\n"
                                                 "[environments.right]\n"
                                                 "driver = \"sqlite\"\n"
                                                 "database = \"right.db\"\n");
        ASSERT_TRUE(QDir(m_dir.path()).mkpath("versions"));
        writeFile(m_dir.filePath("versions/a1b2c3d4e5f6_base.sql"),
                  "-- The bookshop's base\n"
                  "--\n"
                  "-- Revision ID: a1b2c3d4e5f6\n"
                  "-- Revises:\n"
                  "-- Create Date: 2026-12-01 10:00:00.000000\n"
                  "\n"
                  "-- migrate:upgrade\n" +
                      kLeftSchema.join(";\n") +
                      ";\n\n"
                      "-- migrate:downgrade\n"
                      "DROP TABLE legacy;\nDROP TABLE tags;\nDROP TABLE notes;\n"
                      "DROP TABLE books;\nDROP TABLE authors;\n");
        exec(m_dir.filePath("left.db"), kLeftSchema);
        exec(m_dir.filePath("right.db"), kRightSchema);
        m_workspace = loadDirectly(m_dir.path());
        ASSERT_TRUE(m_workspace);
    }

    // A dialog over the project comparing `left` with `right`, after the comparison ended.
    std::unique_ptr<SchemaCompareDialog> compared(const QString &left, const QString &right)
    {
        auto dialog = std::make_unique<SchemaCompareDialog>(m_workspace, nullptr);
        dialog->resize(1180, 760);
        dialog->show();
        dialog->setSources(left, right);
        QSignalSpy done(dialog.get(), &SchemaCompareDialog::compared);
        dialog->compare();
        EXPECT_TRUE(done.count() == 1 || done.wait(30000));
        EXPECT_FALSE(dialog->isComparing());
        return dialog;
    }

    QTemporaryDir m_dir;
    std::shared_ptr<const Workspace> m_workspace;
};

// Every row under the schemas: (object, its row's text, its mark), depth first.
using Row = std::tuple<QString, QString, QString>;
std::vector<Row> rowsOf(const SchemaCompareModel &model)
{
    std::vector<Row> rows;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < model.rowCount(parent); ++r) {
            const QModelIndex name = model.index(r, SchemaCompareModel::NameColumn, parent);
            const QModelIndex mark = model.index(r, SchemaCompareModel::ChangeColumn, parent);
            if (parent.isValid())
                rows.emplace_back(model.objectOf(name), name.data().toString(),
                                  mark.data().toString());
            walk(name);
        }
    };
    walk({});
    return rows;
}

} // namespace

TEST_F(SchemaCompareTest, TheTreeListsExactlyTheDifferencesWithTheirMarks)
{
    auto dialog = compared("left", "right");
    EXPECT_TRUE(dialog->errorText().isEmpty()) << dialog->errorText().toStdString();
    const SchemaCompareModel &model = *dialog->model();
    ASSERT_EQ(model.rowCount(), 1); // one schema
    EXPECT_EQ(model.index(0, 0).data().toString(), "main");

    const std::vector<Row> rows = rowsOf(model);
    const std::set<Row> got(rows.begin(), rows.end());
    const std::set<Row> expected{
        {"main.authors", "authors", "changed"},
        {"main.authors", "column born", "added"},
        {"main.books", "books", "changed"},
        {"main.books", "column title: type", "changed"},
        {"main.books", "column price → cost", "possible rename"},
        {"main.books", "index ix_books_title", "removed"},
        {"main.memos", "notes → memos", "possible rename"},
        {"main.tags", "tags", "order only"},
        {"main.tags", "column id", "order only"},
        {"main.legacy", "legacy", "removed"},
        {"main.shelves", "shelves", "added"},
    };
    EXPECT_EQ(got, expected) << [&] {
        std::string s;
        for (const auto &[o, n, m] : rows)
            s += (o + " | " + n + " | " + m + "\n").toStdString();
        return s;
    }();
    EXPECT_EQ(rows.size(), expected.size()); // nothing listed twice
    EXPECT_EQ(model.objectCount(), 6);
    EXPECT_EQ(dialog->summaryText().left(15), "8 differences —");
    EXPECT_EQ(model.diff().changes.size(), 8u);

    // Every mark has its badge; the possible renames (only they) have a check box, unchecked.
    for (const Row &row : rows) {
        const QModelIndex at = model.findObject(std::get<0>(row));
        ASSERT_TRUE(at.isValid()) << std::get<0>(row).toStdString();
        EXPECT_FALSE(model.index(at.row(), SchemaCompareModel::ChangeColumn, at.parent())
                         .data(Qt::DecorationRole)
                         .value<QIcon>()
                         .isNull());
    }
    ASSERT_EQ(model.renameCount(), 2);
    for (int r = 0; r < model.renameCount(); ++r) {
        const QModelIndex box = model.renameIndex(r);
        EXPECT_TRUE(model.flags(box) & Qt::ItemIsUserCheckable);
        EXPECT_EQ(box.data(Qt::CheckStateRole).toInt(), Qt::Unchecked);
    }
    EXPECT_FALSE(model.flags(model.findObject("main.shelves")) & Qt::ItemIsUserCheckable);
    EXPECT_FALSE(model.findObject("main.shelves").data(Qt::CheckStateRole).isValid());
    EXPECT_TRUE(dialog->createRevisionButton()->isEnabled());
}

TEST_F(SchemaCompareTest, TheSelectedObjectShowsItsChangesAndBothDdls)
{
    auto dialog = compared("left", "right");
    ASSERT_TRUE(dialog->selectObject("main.books"));
    EXPECT_TRUE(dialog->ddlText(Side::A).contains("CREATE TABLE books"));
    EXPECT_TRUE(dialog->ddlText(Side::A).contains("price NUMERIC"));
    EXPECT_FALSE(dialog->ddlText(Side::A).contains("cost"));
    EXPECT_TRUE(dialog->ddlText(Side::B).contains("cost NUMERIC"));
    EXPECT_TRUE(dialog->ddlText(Side::B).contains("VARCHAR(200)"));
    EXPECT_TRUE(dialog->changesText().contains("ix_books_title"))
        << dialog->changesText().toStdString();
    EXPECT_TRUE(dialog->changesText().contains("possible rename of column `books.price` → `cost`"))
        << dialog->changesText().toStdString();
    EXPECT_EQ(dialog->changesText().count('\n'), 2); // three changes, one a line

    // A side that lacks the object says so.
    ASSERT_TRUE(dialog->selectObject("main.shelves"));
    EXPECT_EQ(dialog->ddlText(Side::A), "(absent)");
    EXPECT_TRUE(dialog->ddlText(Side::B).contains("CREATE TABLE shelves"));
    ASSERT_TRUE(dialog->selectObject("main.legacy"));
    EXPECT_TRUE(dialog->ddlText(Side::A).contains("CREATE TABLE legacy"));
    EXPECT_EQ(dialog->ddlText(Side::B), "(absent)");
    // A renamed table: A's DDL under its old name, B's under the new one.
    ASSERT_TRUE(dialog->selectObject("main.memos"));
    EXPECT_TRUE(dialog->ddlText(Side::A).contains("CREATE TABLE notes"));
    EXPECT_TRUE(dialog->ddlText(Side::B).contains("CREATE TABLE memos"));
    EXPECT_FALSE(dialog->selectObject("main.nothing"));
}

TEST_F(SchemaCompareTest, ConfirmingAPossibleRenameReachesTheSqlAndTheSignal)
{
    auto dialog = compared("left", "right");
    const SchemaCompareModel &model = *dialog->model();
    qRegisterMetaType<std::vector<ConfirmedRename>>();
    QSignalSpy create(dialog.get(), &SchemaCompareDialog::createRevisionRequested);
    auto scriptFor = [&](std::vector<ConfirmedRename> renames) {
        retort::MigrationScriptOptions options;
        options.renames = std::move(renames);
        options.diff.ignoreTables.append("alembic_version");
        return retort::migrationScript(*model.snapshotA(), *model.snapshotB(), options).text();
    };
    EXPECT_EQ(dialog->sqlText(), scriptFor({}));

    dialog->createRevisionButton()->click();
    ASSERT_EQ(create.count(), 1);
    auto renamesOf = [&](int call) {
        return create.at(call).at(2).value<std::vector<ConfirmedRename>>();
    };
    EXPECT_TRUE(renamesOf(0).empty());
    EXPECT_EQ(create.at(0).at(3).toString(), "left");
    EXPECT_EQ(create.at(0).at(4).toString(), "right");
    EXPECT_EQ(create.at(0).at(0).value<SchemaSnapshot>().find("notes") != nullptr, true);
    EXPECT_EQ(create.at(0).at(1).value<SchemaSnapshot>().find("memos") != nullptr, true);

    // books: one check box, for price → cost; checking it checks the tree's box too.
    ASSERT_TRUE(dialog->selectObject("main.books"));
    std::vector<QCheckBox *> boxes = dialog->renameBoxes();
    ASSERT_EQ(boxes.size(), 1u);
    EXPECT_TRUE(boxes[0]->isVisible());
    EXPECT_EQ(boxes[0]->text(), "Confirm rename of column price → cost");
    EXPECT_FALSE(boxes[0]->isChecked());
    boxes[0]->click();
    int priceRename = -1;
    for (int r = 0; r < model.renameCount(); ++r)
        if (model.renameChange(r).before == "price")
            priceRename = r;
    ASSERT_GE(priceRename, 0);
    EXPECT_TRUE(model.isRenameConfirmed(priceRename));
    EXPECT_EQ(model.renameIndex(priceRename).data(Qt::CheckStateRole).toInt(), Qt::Checked);
    const std::vector<ConfirmedRename> column{{"column", "main.books", "price", "cost"}};
    EXPECT_EQ(dialog->sqlText(), scriptFor(column));
    EXPECT_NE(scriptFor(column), scriptFor({})); // the writer heard of it

    dialog->createRevisionButton()->click();
    ASSERT_EQ(create.count(), 2);
    ASSERT_EQ(renamesOf(1).size(), 1u);
    EXPECT_EQ(renamesOf(1)[0].objectKind, "column");
    EXPECT_EQ(renamesOf(1)[0].table, "main.books");
    EXPECT_EQ(renamesOf(1)[0].from, "price");
    EXPECT_EQ(renamesOf(1)[0].to, "cost");

    // The table rename, checked in the tree: its check box in the detail follows.
    const int tableRename = 1 - priceRename;
    EXPECT_EQ(model.renameChange(tableRename).before, "notes");
    QModelIndex treeBox = model.renameIndex(tableRename);
    ASSERT_TRUE(dialog->model()->setData(treeBox, Qt::Checked, Qt::CheckStateRole));
    ASSERT_TRUE(dialog->selectObject("main.memos"));
    boxes = dialog->renameBoxes();
    ASSERT_EQ(boxes.size(), 1u);
    EXPECT_TRUE(boxes[0]->isChecked());
    dialog->createRevisionButton()->click();
    ASSERT_EQ(create.count(), 3);
    ASSERT_EQ(renamesOf(2).size(), 2u);
    EXPECT_EQ(dialog->sqlText(), scriptFor(model.confirmedRenames()));

    // Unchecking takes it back out.
    boxes[0]->click();
    EXPECT_FALSE(model.isRenameConfirmed(tableRename));
    dialog->createRevisionButton()->click();
    ASSERT_EQ(create.count(), 4);
    ASSERT_EQ(renamesOf(3).size(), 1u);
    EXPECT_EQ(renamesOf(3)[0].from, "price");
    EXPECT_EQ(dialog->sqlText(), scriptFor(column));
}

TEST_F(SchemaCompareTest, HeadsAreReplayedAgainstAnEnvironment)
{
    // left holds exactly what the revision creates (no version table: it is not compared).
    auto same = compared("@heads", "left");
    EXPECT_TRUE(same->errorText().isEmpty()) << same->errorText().toStdString();
    EXPECT_TRUE(same->summaryText().startsWith("No differences."))
        << same->summaryText().toStdString();
    EXPECT_EQ(same->model()->rowCount(), 0);
    auto *empty = child<QLabel>(*same, "compareEmpty");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->isVisible());
    EXPECT_TRUE(empty->text().startsWith("No differences")) << empty->text().toStdString();
    EXPECT_FALSE(same->createRevisionButton()->isEnabled());
    EXPECT_TRUE(same->sqlText().contains("No differences"));
    ASSERT_TRUE(same->model()->snapshotA());
    EXPECT_EQ(same->model()->snapshotA()->driver, "sqlite");

    // right differs from the replay as it differs from left.
    auto other = compared("right", "@heads");
    EXPECT_TRUE(other->errorText().isEmpty()) << other->errorText().toStdString();
    EXPECT_EQ(other->model()->diff().changes.size(), 8u);
    EXPECT_TRUE(other->model()->findObject("main.legacy").isValid());
    EXPECT_EQ(other->model()->findObject("main.legacy").siblingAtColumn(1).data().toString(),
              "added"); // B (the replay) has it, A (right) does not

    // Two replays (for the default environment's driver): the same revision by two names.
    auto both = compared("@a1b2c3d4e5f6", "@heads");
    EXPECT_TRUE(both->errorText().isEmpty()) << both->errorText().toStdString();
    EXPECT_TRUE(both->summaryText().startsWith("No differences."));
    ASSERT_TRUE(both->model()->snapshotB());
    EXPECT_EQ(both->model()->snapshotB()->driver, "sqlite");
    EXPECT_TRUE(both->model()->snapshotB()->find("legacy"));
}

TEST_F(SchemaCompareTest, SourcesThatCannotBeReadAreNamedInTheDialog)
{
    auto unknown = compared("nosuch", "left");
    EXPECT_TRUE(unknown->errorText().contains("Left (A)")) << unknown->errorText().toStdString();
    EXPECT_TRUE(unknown->errorText().contains("nosuch"));
    EXPECT_TRUE(unknown->errorText().contains("neither an environment nor a snapshot file"));
    EXPECT_EQ(unknown->model()->rowCount(), 0);
    EXPECT_FALSE(unknown->createRevisionButton()->isEnabled());
    EXPECT_TRUE(unknown->compareButton()->isEnabled());

    auto missing = compared("left", m_dir.filePath("missing.json"));
    EXPECT_TRUE(missing->errorText().contains("Right (B)")) << missing->errorText().toStdString();
    EXPECT_TRUE(missing->errorText().contains("no such snapshot file"));
    EXPECT_FALSE(missing->createRevisionButton()->isEnabled());

    auto badRevision = compared("@nosuchrev", "left");
    EXPECT_TRUE(badRevision->errorText().contains("Left (A)"))
        << badRevision->errorText().toStdString();
    EXPECT_TRUE(badRevision->errorText().contains("nosuchrev"));

    // A later comparison that works clears the error.
    missing->setSources("left", "right");
    QSignalSpy done(missing.get(), &SchemaCompareDialog::compared);
    missing->compare();
    ASSERT_TRUE(done.wait(30000));
    EXPECT_TRUE(missing->errorText().isEmpty());
    EXPECT_EQ(missing->model()->diff().changes.size(), 8u);
}

TEST_F(SchemaCompareTest, ASnapshotFileComparesLikeTheEnvironmentItWasTakenFrom)
{
    auto first = compared("left", "right");
    ASSERT_TRUE(first->model()->snapshotB());
    const QString file = m_dir.filePath("right-snapshot.json");
    writeFile(file,
              QString::fromUtf8(
                  QJsonDocument(retort::snapshotToJson(*first->model()->snapshotB())).toJson()));
    auto same = compared("right", file);
    EXPECT_TRUE(same->errorText().isEmpty()) << same->errorText().toStdString();
    EXPECT_TRUE(same->summaryText().startsWith("No differences."));
    EXPECT_FALSE(same->createRevisionButton()->isEnabled());
    auto diff = compared(file, "left");
    EXPECT_EQ(diff->model()->diff().changes.size(), 8u);
}

TEST_F(SchemaCompareTest, TheSnapshotFileEntryFillsThePickerAndEnterCompares)
{
    auto first = compared("left", "right");
    const QString file = m_dir.filePath("left-snapshot.json");
    writeFile(file,
              QString::fromUtf8(
                  QJsonDocument(retort::snapshotToJson(*first->model()->snapshotA())).toJson()));

    SchemaCompareDialog dialog(m_workspace, nullptr);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    dialog.setSources("left", "right");
    QComboBox *right = dialog.sourcePicker(Side::B);
    const int entry = right->findText("Snapshot file…");
    ASSERT_GE(entry, 0);
    // Choosing the entry opens a file dialog (non-modal to the event loop) and keeps the text.
    right->setCurrentIndex(entry);
    Q_EMIT right->activated(entry);
    EXPECT_EQ(dialog.source(Side::B), "right");
    auto *files = dialog.findChild<QFileDialog *>("compareFileDialog");
    ASSERT_TRUE(files);
    EXPECT_TRUE(files->isVisible());
    Q_EMIT files->fileSelected(file);
    files->close();
    EXPECT_EQ(dialog.source(Side::B), QDir::toNativeSeparators(file));

    // Enter in a picker compares (once).
    QSignalSpy done(&dialog, &SchemaCompareDialog::compared);
    right->lineEdit()->setFocus();
    QTest::keyClick(right->lineEdit(), Qt::Key_Return);
    EXPECT_TRUE(dialog.isComparing());
    ASSERT_TRUE(done.wait(30000));
    QTest::qWait(100);
    EXPECT_EQ(done.count(), 1);
    EXPECT_TRUE(dialog.errorText().isEmpty()) << dialog.errorText().toStdString();
    EXPECT_TRUE(dialog.summaryText().startsWith("No differences."))
        << dialog.summaryText().toStdString();
}

// Two snapshot files of 1,000 tables, every table with a column added and one retyped: 2,000
// differences read, diffed and shown in the tree (the time is printed; the bound is generous).
TEST_F(SchemaCompareTest, AThousandTablesOfDifferencesAreShownPromptly)
{
    SchemaSnapshot a, b;
    a.driver = b.driver = "sqlite";
    a.schemas = b.schemas = QStringList{"main"};
    for (int i = 0; i < 1000; ++i) {
        retort::SchemaRelation r;
        r.schema = "main";
        r.name = QString("t%1").arg(i, 4, 10, QChar('0'));
        auto column = [](const char *name, const char *type) {
            retort::SchemaColumn c;
            c.name = name;
            c.type = type;
            return c;
        };
        r.columns = {column("id", "INTEGER"), column("name", "TEXT"), column("total", "NUMERIC")};
        r.columns[0].nullable = false;
        r.columns[0].primaryKeyPosition = 1;
        r.ddl = "CREATE TABLE " + r.name + " (id INTEGER PRIMARY KEY, name TEXT, total NUMERIC)";
        a.relations.push_back(r);
        r.columns[2].type = "INTEGER";
        r.columns.push_back(column("extra", "TEXT"));
        r.ddl = "CREATE TABLE " + r.name +
                " (id INTEGER PRIMARY KEY, name TEXT, total INTEGER, extra TEXT)";
        b.relations.push_back(r);
    }
    const QString fileA = m_dir.filePath("a.json"), fileB = m_dir.filePath("b.json");
    writeFile(fileA, QString::fromUtf8(QJsonDocument(retort::snapshotToJson(a)).toJson()));
    writeFile(fileB, QString::fromUtf8(QJsonDocument(retort::snapshotToJson(b)).toJson()));

    QElapsedTimer timer;
    timer.start();
    auto dialog = compared(fileA, fileB);
    const qint64 ms = timer.elapsed();
    std::cout << "[ TIMING   ] 1,000 tables, 2,000 differences: compared and shown in " << ms
              << " ms\n";
    EXPECT_TRUE(dialog->errorText().isEmpty()) << dialog->errorText().toStdString();
    EXPECT_EQ(dialog->model()->diff().changes.size(), 2000u);
    EXPECT_EQ(dialog->model()->objectCount(), 1000);
    EXPECT_LT(ms, 15000);
    timer.restart();
    ASSERT_TRUE(dialog->selectObject("main.t0999"));
    EXPECT_TRUE(dialog->ddlText(Side::B).contains("extra TEXT"));
    std::cout << "[ TIMING   ] selecting the last object: " << timer.elapsed() << " ms\n";
    // What confirming a rename recomputes on the GUI thread.
    timer.restart();
    retort::MigrationScriptOptions options;
    options.renames = dialog->model()->confirmedRenames();
    const QString sql = retort::migrationScript(a, b, options).text();
    std::cout << "[ TIMING   ] the SQL (A → B) for them: " << timer.elapsed() << " ms, "
              << sql.size() << " characters\n";
}

TEST_F(SchemaCompareTest, ComparingRunsInTheBackgroundAndCancelDropsIt)
{
    SchemaCompareDialog dialog(m_workspace, nullptr);
    dialog.show();
    dialog.setSources("@heads", "right");
    QSignalSpy done(&dialog, &SchemaCompareDialog::compared);
    dialog.compare();
    // compare() returned before anything was read.
    EXPECT_TRUE(dialog.isComparing());
    EXPECT_TRUE(child<QProgressBar>(dialog, "compareProgress")->isVisible());
    EXPECT_TRUE(child<QPushButton>(dialog, "compareCancel")->isVisible());
    EXPECT_FALSE(dialog.compareButton()->isEnabled());
    EXPECT_FALSE(dialog.createRevisionButton()->isEnabled());
    child<QPushButton>(dialog, "compareCancel")->click();
    EXPECT_FALSE(dialog.isComparing());
    EXPECT_EQ(done.count(), 1);
    EXPECT_EQ(dialog.summaryText(), "Cancelled.");
    QTest::qWait(1500); // the dropped task's result never shows
    EXPECT_EQ(dialog.model()->rowCount(), 0);
    EXPECT_EQ(done.count(), 1);
    EXPECT_TRUE(dialog.compareButton()->isEnabled());
    EXPECT_FALSE(child<QProgressBar>(dialog, "compareProgress")->isVisible());
}

TEST_F(SchemaCompareTest, TheSchemaMenuOpensOneNonModalCompareWindow)
{
    MainWindow window;
    window.show();
    window.openProject(m_dir.path());
    ASSERT_TRUE(waitLoaded(window));
    QMenu *schemaMenu = nullptr;
    for (QAction *a : window.menuBar()->actions())
        if (a->text() == "&Schema")
            schemaMenu = a->menu();
    ASSERT_TRUE(schemaMenu);
    auto *compare = child<QAction>(window, "actionCompareSchemas");
    ASSERT_TRUE(compare);
    EXPECT_TRUE(schemaMenu->actions().contains(compare));
    EXPECT_EQ(compare->text(), "&Compare…");
    EXPECT_FALSE(window.compareDialog());
    compare->trigger();
    SchemaCompareDialog *dialog = window.compareDialog();
    ASSERT_TRUE(dialog);
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_FALSE(dialog->isModal());
    EXPECT_EQ(dialog->source(Side::A), "@heads");
    EXPECT_EQ(dialog->source(Side::B), "left"); // the chosen environment
    // The pickers list the environments, @heads and a file entry.
    QStringList items;
    for (int i = 0; i < dialog->sourcePicker(Side::A)->count(); ++i)
        items << dialog->sourcePicker(Side::A)->itemText(i);
    items.removeAll(QString()); // separators
    EXPECT_EQ(items, (QStringList{"left", "right", "@heads", "Snapshot file…"}));
    // Once: triggering again raises the same window.
    compare->trigger();
    EXPECT_EQ(window.compareDialog(), dialog);
    EXPECT_EQ(window.findChildren<SchemaCompareDialog *>().size(), 1);

    // It works from the window too, and the main window stays usable meanwhile.
    dialog->setSources("left", "right");
    QSignalSpy done(dialog, &SchemaCompareDialog::compared);
    dialog->compare();
    ASSERT_TRUE(done.wait(30000));
    EXPECT_EQ(dialog->model()->diff().changes.size(), 8u);
    dialog->close();
    QTest::qWait(50); // deleted on close
    EXPECT_FALSE(window.compareDialog());
}

TEST_F(SchemaCompareTest, Screenshots)
{
    const QString shots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (shots.isEmpty())
        GTEST_SKIP() << "set RETORT_SCREENSHOT_DIR to save screenshots";
    for (auto [appearance, name] : {std::pair{retort::gui::Appearance::Light, "light"},
                                    std::pair{retort::gui::Appearance::Dark, "dark"}}) {
        retort::gui::applyAppearance(appearance);
        auto dialog = compared("left", "right");
        ASSERT_TRUE(dialog->selectObject("main.books"));
        QTest::qWait(200);
        EXPECT_TRUE(dialog->grab().save(shots + "/compare-" + name + ".png"));
        dialog->findChild<QTabWidget *>("compareTabs")->setCurrentIndex(1);
        QTest::qWait(200);
        EXPECT_TRUE(dialog->grab().save(shots + "/compare-sql-" + name + ".png"));
        dialog->sourcePicker(Side::A)->setEditText("nosuch");
        QSignalSpy done(dialog.get(), &SchemaCompareDialog::compared);
        dialog->compare();
        ASSERT_TRUE(done.count() == 1 || done.wait(30000));
        QTest::qWait(200);
        EXPECT_TRUE(dialog->grab().save(shots + "/compare-error-" + name + ".png"));
    }
    // Small: nothing clipped at 800×560, even with long snapshot paths.
    auto first = compared("left", "right");
    const QString file = m_dir.filePath("a-snapshot-file-with-a-rather-long-name-in-a-folder.json");
    writeFile(file,
              QString::fromUtf8(
                  QJsonDocument(retort::snapshotToJson(*first->model()->snapshotA())).toJson()));
    auto small = compared(file, "right");
    EXPECT_LE(small->minimumSizeHint().width(), 800);
    small->resize(800, 560);
    ASSERT_TRUE(small->selectObject("main.books"));
    QTest::qWait(200);
    EXPECT_TRUE(small->grab().save(shots + "/compare-small.png"));
    retort::gui::applyAppearance(retort::gui::Appearance::System);
}

// On the real PostgreSQL server: a password the server refuses names the side and its
// environment, Retry asks for it (once) and compares; @heads is replayed on the project's scratch
// server with the scratch login's password from the keychain.
TEST(SchemaCompareServer, ARefusedPasswordIsNamedAndRetryAsksForItWhileHeadsReplayOnTheScratch)
{
    using namespace retort::test;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db, "scratch-pw");
    ServerProject project(db, "scratch = \"scratch\"\n");
    {
        QFile toml(project.root() + "/retort.toml");
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write(QStringLiteral("\n[environments.scratch]\ndriver = \"%1\"\nhost = \"%2\"\n"
                                  "port = %3\nuser = \"%4\"\ndatabase = \"%5\"\n")
                       .arg(db.driver(), db.host())
                       .arg(db.port())
                       .arg(login.user(), db.name())
                       .toUtf8());
    }
    const QString table = "CREATE TABLE accounts (id integer PRIMARY KEY, email varchar(120) "
                          "NOT NULL)";
    project.script("a1", "", table + ";", "DROP TABLE accounts;");
    ASSERT_EQ(db.exec(table), "");
    std::shared_ptr<const Workspace> ws = project.load();
    ASSERT_TRUE(ws);

    retort::MemorySecretStore store;
    auto put = [&](const QString &env, const QString &secret) {
        store.write(retort::secretKey("srv", env, retort::SecretKind::Database), secret, nullptr,
                    [](auto) {});
    };
    put("test", "not-the-password");
    put("scratch", login.password());
    ASSERT_TRUE(QTest::qWaitFor([&] { return store.secrets().size() == 2; }, 5000));
    retort::gui::CredentialBroker broker(&store, nullptr);
    SchemaCompareDialog dialog(ws, &broker);
    dialog.show();
    dialog.setSources("@heads", "test");
    QSignalSpy done(&dialog, &SchemaCompareDialog::compared);
    dialog.compare();
    ASSERT_TRUE(done.wait(30000));
    EXPECT_TRUE(dialog.errorText().startsWith("Right (B) — test could not be read"))
        << dialog.errorText().toStdString();
    EXPECT_TRUE(dialog.errorText().contains("Retry asks for the database password"))
        << dialog.errorText().toStdString();
    auto *retry = child<QPushButton>(dialog, "compareRetry");
    ASSERT_TRUE(retry && retry->isVisible());

    int asked = 0;
    auto answer = answerModal([&](QDialog *d) {
        auto *prompt = qobject_cast<retort::gui::PasswordDialog *>(d);
        if (!prompt)
            return false;
        ++asked;
        prompt->findChild<QLineEdit *>("passwordEdit")->setText(db.password());
        prompt->accept();
        return true;
    });
    retry->click();
    ASSERT_TRUE(done.wait(60000));
    EXPECT_EQ(asked, 1);
    EXPECT_TRUE(dialog.errorText().isEmpty()) << dialog.errorText().toStdString();
    EXPECT_TRUE(dialog.summaryText().startsWith("No differences."))
        << dialog.summaryText().toStdString();
    ASSERT_TRUE(dialog.model()->snapshotA());
    EXPECT_EQ(dialog.model()->snapshotA()->driver, "postgresql"); // replayed for B's driver

    // A column added by hand: found, and the password is not asked for again.
    ASSERT_EQ(db.exec("ALTER TABLE accounts ADD COLUMN nickname varchar(40)"), "");
    dialog.compare();
    ASSERT_TRUE(done.wait(60000));
    EXPECT_EQ(asked, 1);
    ASSERT_EQ(dialog.model()->diff().changes.size(), 1u) << dialog.summaryText().toStdString();
    EXPECT_EQ(dialog.model()->diff().changes[0].name, "nickname");
    EXPECT_EQ(dialog.model()->diff().changes[0].change, ChangeKind::Added);
    EXPECT_TRUE(dialog.createRevisionButton()->isEnabled());
}
