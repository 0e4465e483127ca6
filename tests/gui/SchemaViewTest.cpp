// The Schema view: the demo project's schema (SQLite, created by upgrading to heads) as a tree
// with a filter, the tabs of a selected table, the Data tab's rows with NULL shown apart, the
// Migrations tab through its lookup seam, and environments that cannot be read.

#include "SchemaView.h"
#include "Appearance.h"
#include "CredentialBroker.h"
#include "GuiTestSupport.h"
#include "PasswordDialog.h"
#include "PostgresMariaDbSupport.h"
#include "SchemaFilterModel.h"
#include "SchemaMigrations.h"
#include "SchemaObjectDetail.h"
#include "SchemaTreeModel.h"
#include "SqlView.h"

#include "secrets/SecretStore.h"
#include "workflows/AlembicSql.h"
#include "workflows/Planning.h"
#include "workflows/RunSession.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace guitest;
using retort::Environment;
using retort::gui::SchemaObjectDetail;
using retort::gui::SchemaObjectMigration;
using retort::gui::SchemaTreeModel;
using retort::gui::SchemaView;
using retort::gui::SqlView;

namespace {

// Upgrades environment `env` of the project in `dir` to heads (the demo's schema).
bool upgradeToHeads(const QString &dir, const QString &env)
{
    std::shared_ptr<const Workspace> ws = loadDirectly(dir);
    if (!ws)
        return false;
    const Environment *e = ws->project().environment(env);
    retort::PlanRequest request;
    request.targets = QStringList{"heads"};
    auto planned = retort::makePlan(*ws, e->driver, {}, request);
    if (!planned)
        return false;
    retort::RunRequest run;
    run.workspace = ws;
    run.environment = *e;
    run.plan = planned->plan;
    run.replan = request;
    retort::RunSession session(std::move(run));
    retort::RunObserver quiet;
    return session.run(quiet).status.ok();
}

void exec(const QString &dbPath, const QStringList &statements)
{
    const QString name = "schema-view-test";
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

// The visible tree's object names (not schemas or categories), depth first.
QStringList visibleObjects(const QTreeView &tree, const QModelIndex &parent = {})
{
    QStringList names;
    const QAbstractItemModel *model = tree.model();
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        const auto kind = SchemaTreeModel::NodeKind(i.data(SchemaTreeModel::KindRole).toInt());
        if (kind != SchemaTreeModel::NodeKind::Schema &&
            kind != SchemaTreeModel::NodeKind::Category)
            names << i.data(SchemaTreeModel::NameRole).toString();
        names << visibleObjects(tree, i);
    }
    return names;
}

QStringList columnTexts(const QTreeWidget &list, int column)
{
    QStringList texts;
    for (int i = 0; i < list.topLevelItemCount(); ++i)
        texts << list.topLevelItem(i)->text(column);
    return texts;
}

class SchemaViewTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(copyTree(kDemo, m_dir.path()));
        QFile::remove(m_dir.filePath("bookshop.db"));
        ASSERT_TRUE(upgradeToHeads(m_dir.path(), "local"));
        exec(m_dir.filePath("bookshop.db"),
             {"INSERT INTO authors (id, name, born, country) VALUES (1, 'Ann', 1950, NULL)",
              "INSERT INTO authors (id, name, born, country) VALUES (2, 'Bob', NULL, '')"});
        m_ws = loadDirectly(m_dir.path());
        ASSERT_TRUE(m_ws);
    }

    // A shown view on environment `env`, loaded.
    void load(SchemaView &view, const QString &env = "local")
    {
        QSignalSpy loaded(&view, &SchemaView::loaded);
        view.resize(1100, 700);
        view.setEnvironment(m_ws, env);
        view.show();
        ASSERT_TRUE(loaded.count() > 0 || loaded.wait(15000));
    }

    QTemporaryDir m_dir;
    std::shared_ptr<const Workspace> m_ws;
};

TEST_F(SchemaViewTest, ListsTheDemoTablesAndViewsUnderTheirSchema)
{
    SchemaView view(nullptr);
    load(view);
    QTreeView *tree = view.tree();
    const QStringList names = visibleObjects(*tree);
    for (const char *name : {"authors", "books", "customers", "orders", "order_items", "reviews",
                             "stock", "book_ratings", "promotions", "bestsellers"})
        EXPECT_TRUE(names.contains(name)) << name << " in " << names.join(", ").toStdString();
    // main → Tables (n) / Views (1), both open.
    const QModelIndex main = tree->model()->index(0, 0);
    EXPECT_EQ(main.data().toString(), "main");
    EXPECT_EQ(tree->model()->rowCount(main), 2);
    EXPECT_TRUE(tree->model()->index(0, 0, main).data().toString().startsWith("Tables ("));
    EXPECT_EQ(tree->model()->index(1, 0, main).data().toString(), "Views (1)");
    EXPECT_TRUE(tree->isExpanded(tree->model()->index(0, 0, main)));
    EXPECT_FALSE(view.isLoading());
    EXPECT_TRUE(child<QLabel>(view, "schemaSummary")->text().contains("1 view"));
}

TEST_F(SchemaViewTest, TheFilterNarrowsByNameIgnoringCaseAndKeepsParents)
{
    SchemaView view(nullptr);
    load(view);
    auto *filter = child<QLineEdit>(view, "schemaFilter");
    ASSERT_TRUE(filter);
    QTest::keyClicks(filter, "BOOK");
    QStringList names = visibleObjects(*view.tree());
    names.sort();
    EXPECT_EQ(names, (QStringList{"book_ratings", "books"}));
    const QAbstractItemModel *model = view.tree()->model();
    const QModelIndex main = model->index(0, 0);
    EXPECT_EQ(main.data().toString(), "main");
    ASSERT_EQ(model->rowCount(main), 1); // the Views category has no match
    const QModelIndex tables = model->index(0, 0, main);
    EXPECT_TRUE(view.tree()->isExpanded(tables));
    // Category labels never match by themselves.
    filter->setText("tables");
    EXPECT_TRUE(visibleObjects(*view.tree()).isEmpty());
    EXPECT_EQ(model->rowCount(), 0);
    filter->clear();
    EXPECT_GE(visibleObjects(*view.tree()).size(), 10);
}

TEST_F(SchemaViewTest, SelectingATableFillsColumnsIndexesConstraintsAndDdl)
{
    SchemaView view(nullptr);
    load(view);
    ASSERT_TRUE(view.selectObject("main", "books"));
    SchemaObjectDetail *detail = view.detail();
    EXPECT_TRUE(child<QLabel>(*detail, "objectTitle")->text().contains("main.books"));

    auto *columns = child<QTreeWidget>(*detail, "columnsTable");
    ASSERT_TRUE(columns);
    EXPECT_EQ(columnTexts(*columns, 1),
              (QStringList{"id", "author_id", "title", "isbn", "published", "price_cents"}));
    EXPECT_EQ(columns->topLevelItem(0)->text(0), "PK");   // primary key
    EXPECT_EQ(columns->topLevelItem(1)->text(0), "FK");   // author_id references authors
    EXPECT_EQ(columns->topLevelItem(2)->text(2), "TEXT"); // type
    EXPECT_EQ(columns->topLevelItem(2)->text(4), "not null");
    EXPECT_EQ(columns->topLevelItem(3)->text(4), "");
    EXPECT_TRUE(columns->isColumnHidden(6)); // SQLite has no storage kinds

    auto *indexes = child<QTreeWidget>(*detail, "indexesTable");
    const QStringList indexNames = columnTexts(*indexes, 0);
    EXPECT_TRUE(indexNames.contains("ix_books_title")) << indexNames.join(", ").toStdString();
    EXPECT_TRUE(detail->tabs()->isTabEnabled(SchemaObjectDetail::IndexesTab));

    auto *constraints = child<QTreeWidget>(*detail, "constraintsTable");
    QStringList groups = columnTexts(*constraints, 0);
    EXPECT_TRUE(groups.filter("Check constraints").size() == 1) << groups.join(", ").toStdString();
    EXPECT_TRUE(groups.filter("Foreign keys (1)").size() == 1);
    EXPECT_TRUE(groups.filter("Referenced by").size() == 1);
    QTreeWidgetItem *keys = constraints->findItems("Foreign keys (1)", Qt::MatchExactly).value(0);
    ASSERT_TRUE(keys && keys->childCount() == 1);
    EXPECT_EQ(keys->child(0)->text(1), "authors");
    EXPECT_TRUE(keys->child(0)->text(2).contains("REFERENCES authors"));
    QTreeWidgetItem *checks =
        constraints->findItems("Check constraints", Qt::MatchStartsWith).value(0);
    ASSERT_TRUE(checks && checks->childCount() >= 1);
    EXPECT_TRUE(checks->child(0)->text(2).contains("price_cents >= 0"));

    auto *ddl = child<SqlView>(*detail, "ddlView");
    EXPECT_TRUE(ddl->text().startsWith("CREATE TABLE books")) << ddl->text().toStdString();
    EXPECT_TRUE(detail->tabs()->isTabEnabled(SchemaObjectDetail::DdlTab));

    // A view: no indexes, its query in the DDL; the Data tab applies.
    ASSERT_TRUE(view.selectObject("main", "bestsellers"));
    EXPECT_FALSE(detail->tabs()->isTabEnabled(SchemaObjectDetail::IndexesTab));
    EXPECT_TRUE(ddl->text().contains("CREATE VIEW bestsellers"));
    EXPECT_TRUE(detail->tabs()->isTabEnabled(SchemaObjectDetail::DataTab));
}

TEST_F(SchemaViewTest, TheDataTabReadsRowsWhenOpenedAndShowsNullApart)
{
    SchemaView view(nullptr);
    load(view);
    ASSERT_TRUE(view.selectObject("main", "authors"));
    SchemaObjectDetail *detail = view.detail();
    auto *data = child<QTableWidget>(*detail, "dataTable");
    ASSERT_TRUE(data);
    EXPECT_EQ(data->rowCount(), 0); // nothing read before the tab is opened
    detail->tabs()->setCurrentIndex(SchemaObjectDetail::DataTab);
    ASSERT_TRUE(QTest::qWaitFor([&] { return data->rowCount() == 2; }, 10000))
        << child<QLabel>(*detail, "dataStatus")->text().toStdString();
    QStringList headers;
    for (int c = 0; c < data->columnCount(); ++c)
        headers << data->horizontalHeaderItem(c)->text();
    EXPECT_EQ(headers, (QStringList{"id", "name", "born", "country"}));
    EXPECT_EQ(data->item(0, 1)->text(), "Ann");
    // NULL is not an empty string: marked, italic, worded.
    QTableWidgetItem *null = data->item(0, 3);
    EXPECT_EQ(null->text(), "NULL");
    EXPECT_TRUE(null->font().italic());
    EXPECT_TRUE(null->data(Qt::UserRole + 2).toBool());
    QTableWidgetItem *empty = data->item(1, 3);
    EXPECT_EQ(empty->text(), "");
    EXPECT_FALSE(empty->data(Qt::UserRole + 2).toBool());
    EXPECT_FALSE(empty->font().italic());
    EXPECT_EQ(data->item(1, 2)->text(), "NULL");
    EXPECT_TRUE(child<QLabel>(*detail, "dataStatus")->text().contains("2 rows"));
    EXPECT_EQ(data->editTriggers(), QAbstractItemView::NoEditTriggers);

    // Another table while the Data tab stays open: its rows are read in turn.
    ASSERT_TRUE(view.selectObject("main", "promotions"));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return data->columnCount() > 0 && data->rowCount() > 0; }, 10000));
    EXPECT_EQ(data->horizontalHeaderItem(0)->text(), "code");
}

TEST_F(SchemaViewTest, TheMigrationsTabListsTheLookupsRevisionsAndClickingOneEmitsIt)
{
    SchemaView view(nullptr);
    QStringList asked;
    view.setMigrationsLookup([&](const QString &schema, const QString &name) {
        asked << schema + "." + name;
        std::vector<SchemaObjectMigration> rows;
        if (name == "books")
            rows.push_back({"2c80e1340ab4", "Create books table", "create",
                            "CREATE TABLE books (...)", "versions/2c80e1340ab4.sql:10"});
        return rows;
    });
    load(view);
    ASSERT_TRUE(view.selectObject("main", "books"));
    EXPECT_EQ(asked.value(asked.size() - 1), "main.books");
    SchemaObjectDetail *detail = view.detail();
    EXPECT_TRUE(detail->tabs()->isTabEnabled(SchemaObjectDetail::MigrationsTab));
    detail->tabs()->setCurrentIndex(SchemaObjectDetail::MigrationsTab);
    auto *list = child<QTreeWidget>(*detail, "migrationsTable");
    ASSERT_EQ(list->topLevelItemCount(), 1);
    EXPECT_EQ(list->topLevelItem(0)->text(1), "create");
    EXPECT_EQ(list->topLevelItem(0)->text(2), "Create books table");
    QSignalSpy activated(&view, &SchemaView::revisionActivated);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->topLevelItem(0)).center());
    ASSERT_EQ(activated.count(), 1);
    EXPECT_EQ(activated.at(0).at(0).toString(), "2c80e1340ab4");

    // An object no migration touched: the tab is disabled.
    ASSERT_TRUE(view.selectObject("main", "authors"));
    EXPECT_FALSE(detail->tabs()->isTabEnabled(SchemaObjectDetail::MigrationsTab));
}

TEST_F(SchemaViewTest, PendingMarksShowOnTheirObjects)
{
    SchemaView view(nullptr);
    load(view);
    view.setPendingMarks([](const QString &, const QString &name) { return name == "stock"; });
    const QModelIndex stock = view.model()->findObject("main", "stock");
    const QModelIndex books = view.model()->findObject("main", "books");
    ASSERT_TRUE(stock.isValid() && books.isValid());
    EXPECT_TRUE(stock.data(SchemaTreeModel::PendingRole).toBool());
    EXPECT_FALSE(books.data(SchemaTreeModel::PendingRole).toBool());
    EXPECT_TRUE(
        stock.data(Qt::ToolTipRole).toString().contains("a pending migration changes this"));
    EXPECT_FALSE(books.data(Qt::ToolTipRole).toString().contains("pending"));
    EXPECT_TRUE(stock.data(Qt::ForegroundRole).isValid());
}

TEST_F(SchemaViewTest, AMissingSqliteFileSaysWhyAndOffersRetry)
{
    SchemaView view(nullptr);
    load(view, "staging"); // bookshop-staging.db was never created
    auto *stack = view.findChild<QStackedWidget *>();
    ASSERT_TRUE(stack);
    auto *message = child<QLabel>(view, "schemaMessage");
    EXPECT_EQ(stack->currentWidget(), message->parentWidget());
    EXPECT_TRUE(message->text().contains("does not exist")) << message->text().toStdString();
    EXPECT_TRUE(child<QLabel>(view, "schemaAdvice")->text().contains("Upgrading"));
    auto *retry = child<QPushButton>(view, "schemaRetry");
    EXPECT_TRUE(retry->isVisibleTo(&view));
    EXPECT_FALSE(QFile::exists(m_dir.filePath("bookshop-staging.db"))); // nothing created

    // Once the database exists, Retry shows its schema.
    ASSERT_TRUE(upgradeToHeads(m_dir.path(), "staging"));
    QSignalSpy loaded(&view, &SchemaView::loaded);
    retry->click();
    ASSERT_TRUE(loaded.wait(15000));
    EXPECT_EQ(stack->currentWidget(), view.tree()->parentWidget());
    EXPECT_TRUE(view.model()->findObject("main", "books").isValid());
}

TEST_F(SchemaViewTest, AServerOnAClosedPortSaysWhyWithoutBlocking)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    {
        QFile toml(dir.filePath("retort.toml"));
        ASSERT_TRUE(toml.open(QIODevice::WriteOnly));
        toml.write("[project]\nname = \"closed\"\nscripts = \"versions\"\n\n"
                   "[environments.db]\ndriver = \"postgresql\"\nhost = \"127.0.0.1\"\n"
                   "port = 1\ndatabase = \"app\"\nuser = \"app\"\n");
    }
    QDir(dir.path()).mkdir("versions");
    std::shared_ptr<const Workspace> ws = loadDirectly(dir.path());
    ASSERT_TRUE(ws);
    SchemaView view(nullptr);
    QSignalSpy loaded(&view, &SchemaView::loaded);
    view.setEnvironment(ws, "db");
    view.show();
    // The load runs in the background: the view is busy, with Cancel, and the event loop runs.
    EXPECT_TRUE(view.isLoading());
    EXPECT_TRUE(child<QProgressBar>(view, "schemaProgress")->isVisible());
    EXPECT_EQ(child<QPushButton>(view, "schemaReload")->text(), "Cancel");
    EXPECT_EQ(child<QLabel>(view, "schemaMessageTitle")->text(), "Reading the schema of db…");
    EXPECT_FALSE(child<QPushButton>(view, "schemaRetry")->isVisible());
    ASSERT_TRUE(loaded.wait(20000));
    EXPECT_FALSE(view.isLoading());
    auto *message = child<QLabel>(view, "schemaMessage");
    EXPECT_TRUE(message->isVisible());
    EXPECT_TRUE(message->text().contains("127.0.0.1:1")) << message->text().toStdString();
    EXPECT_TRUE(child<QLabel>(view, "schemaAdvice")->text().contains("Nothing answered"))
        << child<QLabel>(view, "schemaAdvice")->text().toStdString();
    EXPECT_TRUE(child<QPushButton>(view, "schemaRetry")->isVisible());
}

TEST_F(SchemaViewTest, CancelStopsALoadAndKeepsTheView)
{
    SchemaView view(nullptr);
    view.setEnvironment(m_ws, "local");
    view.show();
    ASSERT_TRUE(view.isLoading());
    child<QPushButton>(view, "schemaReload")->click(); // Cancel
    EXPECT_FALSE(view.isLoading());
    EXPECT_EQ(child<QPushButton>(view, "schemaReload")->text(), "Reload");
    EXPECT_TRUE(child<QLabel>(view, "schemaMessage")->text().contains("cancelled"));
    EXPECT_TRUE(child<QPushButton>(view, "schemaRetry")->isVisible());
    QTest::qWait(200); // a result that still arrives is dropped
    EXPECT_FALSE(view.model()->snapshot());
    EXPECT_FALSE(view.isLoading());
    QSignalSpy loaded(&view, &SchemaView::loaded);
    child<QPushButton>(view, "schemaReload")->click(); // Reload
    ASSERT_TRUE(loaded.wait(15000));
    EXPECT_TRUE(view.model()->findObject("main", "books").isValid());
}

// What a server's snapshot holds beyond SQLite's — schemas, partitions, materialized views,
// sequences, types, storage, index methods and sizes — is shown too.
std::shared_ptr<const retort::SchemaSnapshot> serverLikeSnapshot()
{
    using namespace retort;
    auto s = std::make_shared<SchemaSnapshot>();
    s->driver = "postgresql";
    s->serverVersion = "15.5";
    s->schemas = QStringList{"app", "public"};
    auto relation = [&](const QString &schema, const QString &name, RelationKind kind) {
        SchemaRelation r;
        r.schema = schema;
        r.name = name;
        r.kind = kind;
        r.ddl = "CREATE ... " + name;
        s->relations.push_back(r);
        return &s->relations.back();
    };
    relation("app", "events", RelationKind::PartitionedTable)->partitionKey = "RANGE (at)";
    s->relations.back().partitions = QStringList{"app.events_2025", "app.events_2026"};
    for (const char *year : {"2025", "2026"}) {
        SchemaRelation *p = relation("app", QString("events_") + year, RelationKind::Table);
        p->partitionOf = "app.events";
        p->partitionBound = QString("FOR VALUES FROM ('%1-01-01') TO ('%2-01-01')")
                                .arg(year)
                                .arg(QString(year).toInt() + 1);
    }
    SchemaRelation *orders = relation("app", "orders", RelationKind::Table);
    orders->columns = {{"id", "bigint", false, std::nullopt, "", "", "always", "", "plain", 1},
                       {"note", "text", true, "''::text", "C", "", "", "free text", "extended", 0},
                       {"customer_id", "integer", false, {}, "", "", "", "", "plain", 0}};
    orders->indexes.push_back({"orders_pkey",
                               "CREATE UNIQUE INDEX orders_pkey ON app.orders "
                               "USING btree (id)",
                               {"id"},
                               true,
                               true,
                               false,
                               "",
                               "btree",
                               "primary key",
                               true,
                               8192});
    retort::SchemaForeignKey fk;
    fk.name = "orders_customer_id_fkey";
    fk.columns = QStringList{"customer_id"};
    fk.refSchema = "public";
    fk.refTable = "customers";
    fk.refColumns = QStringList{"id"};
    fk.definition = "FOREIGN KEY (customer_id) REFERENCES customers(id)";
    orders->foreignKeys.push_back(fk);
    orders->rowsEstimate = 1234;
    orders->sizeBytes = 65536;
    orders->owner = "app";
    SchemaRelation *customers = relation("public", "customers", RelationKind::Table);
    customers->referencedBy.push_back({"app", "orders", fk});
    relation("public", "order_totals", RelationKind::MaterializedView);
    relation("public", "recent", RelationKind::View);
    std::sort(s->relations.begin(), s->relations.end(), [](const auto &a, const auto &b) {
        return std::pair(a.schema, a.name) < std::pair(b.schema, b.name);
    });
    SchemaSequence seq;
    seq.schema = "app";
    seq.name = "orders_id_seq";
    seq.type = "bigint";
    seq.ownedBy = "app.orders.id";
    seq.ddl = "CREATE SEQUENCE app.orders_id_seq";
    s->sequences.push_back(seq);
    SchemaType mood;
    mood.schema = "app";
    mood.name = "mood";
    mood.kind = "enum";
    mood.labels = QStringList{"happy", "sad"};
    mood.ddl = "CREATE TYPE app.mood AS ENUM ('happy', 'sad')";
    s->types.push_back(mood);
    return s;
}

QStringList childTexts(const QAbstractItemModel *model, const QModelIndex &parent)
{
    QStringList texts;
    for (int r = 0; r < model->rowCount(parent); ++r)
        texts << model->index(r, 0, parent).data().toString();
    return texts;
}

TEST(SchemaViewSnapshot, ShowsPartitionsSequencesTypesAndServerColumns)
{
    SchemaView view(nullptr);
    view.resize(1100, 700);
    view.show();
    view.setSnapshot(serverLikeSnapshot());
    const QAbstractItemModel *m = view.tree()->model();
    EXPECT_EQ(childTexts(m, {}), (QStringList{"app", "public"}));
    const QModelIndex app = m->index(0, 0);
    EXPECT_EQ(childTexts(m, app), (QStringList{"Tables (4)", "Sequences (1)", "Types (1)"}));
    const QModelIndex appTables = m->index(0, 0, app);
    EXPECT_EQ(childTexts(m, appTables), (QStringList{"events", "orders"}));
    EXPECT_EQ(childTexts(m, m->index(0, 0, appTables)),
              (QStringList{"events_2025", "events_2026"}));
    EXPECT_EQ(childTexts(m, m->index(1, 0)),
              (QStringList{"Tables (1)", "Views (1)", "Materialized views (1)"}));

    // A partition matches: its parent table, category and schema stay; the other schema goes.
    child<QLineEdit>(view, "schemaFilter")->setText("2026");
    EXPECT_EQ(visibleObjects(*view.tree()), (QStringList{"events", "events_2026"}));
    EXPECT_EQ(childTexts(m, {}), QStringList{"app"});
    child<QLineEdit>(view, "schemaFilter")->clear();

    ASSERT_TRUE(view.selectObject("app", "orders"));
    SchemaObjectDetail *detail = view.detail();
    auto *columns = child<QTreeWidget>(*detail, "columnsTable");
    EXPECT_FALSE(columns->isColumnHidden(6)); // Storage
    EXPECT_EQ(columns->topLevelItem(0)->text(5), "generated always as identity");
    EXPECT_EQ(columns->topLevelItem(1)->text(3), "C");
    EXPECT_EQ(columns->topLevelItem(1)->text(6), "extended");
    EXPECT_EQ(columns->topLevelItem(1)->text(7), "free text");
    auto *indexes = child<QTreeWidget>(*detail, "indexesTable");
    EXPECT_FALSE(indexes->isColumnHidden(3));
    EXPECT_EQ(indexes->topLevelItem(0)->text(3), "btree");
    EXPECT_FALSE(indexes->topLevelItem(0)->text(4).isEmpty()); // size
    EXPECT_EQ(indexes->topLevelItem(0)->text(2), "primary key");
    const QString facts = child<QLabel>(*detail, "objectFacts")->text();
    EXPECT_TRUE(facts.contains("1,234") || facts.contains("1234")) << facts.toStdString();

    // A foreign key leads to the table it references (double-click / Enter).
    auto *constraints = child<QTreeWidget>(*detail, "constraintsTable");
    QTreeWidgetItem *keys = constraints->findItems("Foreign keys (1)", Qt::MatchExactly).value(0);
    ASSERT_TRUE(keys);
    EXPECT_EQ(keys->child(0)->text(1), "public.customers");
    Q_EMIT constraints->itemActivated(keys->child(0), 0);
    EXPECT_EQ(detail->objectSchema(), "public");
    EXPECT_EQ(detail->objectName(), "customers");
    QTreeWidgetItem *refs = constraints->findItems("Referenced by (1)", Qt::MatchExactly).value(0);
    ASSERT_TRUE(refs);
    EXPECT_EQ(refs->child(0)->text(1), "app.orders");

    ASSERT_TRUE(view.selectObject("app", "events_2026"));
    EXPECT_TRUE(child<QLabel>(*detail, "objectFacts")->text().contains("Partition of"));

    ASSERT_TRUE(view.selectObject("app", "orders_id_seq"));
    EXPECT_FALSE(detail->tabs()->isTabEnabled(SchemaObjectDetail::ColumnsTab));
    EXPECT_FALSE(detail->tabs()->isTabEnabled(SchemaObjectDetail::DataTab));
    EXPECT_EQ(detail->tabs()->currentIndex(), SchemaObjectDetail::DdlTab);
    EXPECT_TRUE(child<QLabel>(*detail, "objectFacts")->text().contains("app.orders.id"));

    ASSERT_TRUE(view.selectObject("app", "mood"));
    EXPECT_TRUE(child<QLabel>(*detail, "objectFacts")->text().contains("'happy', 'sad'"));
    EXPECT_TRUE(child<SqlView>(*detail, "ddlView")->text().contains("ENUM"));
}

// A PostgreSQL environment whose password the keychain lacks: the load says the server refused
// it, Retry asks for it (the CredentialBroker's dialog, remembered in the keychain), and the
// next load gets past the login.
// Through the test sshd, the database password in the real keychain (gnome-keyring on its own
// D-Bus): the view reads the schema the same way, off the GUI thread.
TEST(SchemaViewServer, ReadsThroughTheTunnelWithAKeychainPassword)
{
    using namespace retort::test;
    // QtDBus reads the session bus address once, at its first use in this process.
    qputenv("DBUS_SESSION_BUS_ADDRESS", requireService("KEYRING_DBUS_ADDRESS").toUtf8());
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ASSERT_EQ(db.exec("CREATE TABLE \"Through Tunnel\" (id int PRIMARY KEY, note text)"), "");
    ServerProject project(db);
    project.addTunnelEnvironment("schema-tunnel");
    std::shared_ptr<const Workspace> ws = project.load();
    ASSERT_TRUE(ws);

    retort::KeychainSecretStore store;
    const QString key = retort::secretKey("srv", "schema-tunnel", retort::SecretKind::Database);
    std::optional<retort::SecretResult> written;
    store.write(key, db.password(), nullptr, [&](const retort::SecretResult &r) { written = r; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return written.has_value(); }, 20000));
    ASSERT_EQ(written->status, retort::SecretResult::Status::Ok) << written->message.toStdString();

    retort::gui::CredentialBroker broker(&store, nullptr);
    SchemaView view(&broker);
    QSignalSpy loaded(&view, &SchemaView::loaded);
    view.setEnvironment(ws, "schema-tunnel");
    view.show();
    ASSERT_TRUE(view.isLoading());
    ASSERT_TRUE(loaded.wait(30000));
    auto *advice = child<QLabel>(view, "schemaAdvice");
    EXPECT_FALSE(advice->isVisible()) << advice->text().toStdString();
    ASSERT_TRUE(view.selectObject("public", "Through Tunnel"));
    auto *columns = child<QTreeWidget>(*view.detail(), "columnsTable");
    EXPECT_EQ(columnTexts(*columns, 1), QStringList({"id", "note"}));

    bool removed = false;
    store.remove(key, nullptr, [&](const retort::SecretResult &) { removed = true; });
    EXPECT_TRUE(QTest::qWaitFor([&] { return removed; }, 20000));
}

TEST(SchemaViewServer, ARefusedPasswordIsAskedForOnRetryAndKept)
{
    using namespace retort::test;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ASSERT_EQ(db.exec("CREATE TABLE retort_probe (id int PRIMARY KEY)"), "");
    ServerProject project(db);
    std::shared_ptr<const Workspace> ws = project.load();
    ASSERT_TRUE(ws);
    retort::MemorySecretStore store;
    retort::gui::CredentialBroker broker(&store, nullptr);
    SchemaView withBroker(&broker);
    QSignalSpy loaded(&withBroker, &SchemaView::loaded);
    withBroker.setEnvironment(ws, "test");
    withBroker.show();
    ASSERT_TRUE(loaded.wait(20000));
    auto *advice = child<QLabel>(withBroker, "schemaAdvice");
    EXPECT_TRUE(advice->text().contains("refused the password")) << advice->text().toStdString();

    int asked = 0;
    auto answer = answerModal([&](QDialog *d) {
        auto *dialog = qobject_cast<retort::gui::PasswordDialog *>(d);
        if (!dialog)
            return false;
        ++asked;
        dialog->findChild<QLineEdit *>("passwordEdit")->setText(db.password());
        dialog->findChild<QCheckBox *>("rememberCheck")->setChecked(true);
        dialog->accept();
        return true;
    });
    child<QPushButton>(withBroker, "schemaRetry")->click();
    ASSERT_TRUE(loaded.wait(20000));
    EXPECT_EQ(asked, 1);
    // Past the login: the schema, never the password again.
    EXPECT_FALSE(advice->isVisible() && advice->text().contains("password"))
        << advice->text().toStdString();
    EXPECT_TRUE(withBroker.model()->findObject("public", "retort_probe").isValid());
    const QString key = retort::secretKey("srv", "test", retort::SecretKind::Database);
    ASSERT_TRUE(QTest::qWaitFor([&] { return store.secrets().contains(key); }, 5000));
    EXPECT_EQ(store.secrets().value(key), db.password());
}

// The window: View ▸ Schema shows the chosen environment's schema; a revision of the Migrations
// tab is selected in the revision list.
TEST_F(SchemaViewTest, TheWindowShowsTheSchemaAndSelectsAMigrationsRevision)
{
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    window.openProject(m_dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *view = window.findChild<SchemaView *>("schemaView");
    auto *tabs = window.findChild<QTabWidget *>("centralTabs");
    ASSERT_TRUE(view && tabs);
    EXPECT_FALSE(view->isVisible());
    QAction *showSchema = window.findChild<QAction *>("actionShowSchema");
    ASSERT_TRUE(showSchema);
    EXPECT_EQ(showSchema->shortcut(), QKeySequence("Ctrl+2"));
    QSignalSpy loaded(view, &SchemaView::loaded);
    showSchema->trigger();
    EXPECT_EQ(tabs->currentWidget(), view);
    ASSERT_TRUE(loaded.wait(15000));
    auto *migrations = window.findChild<retort::gui::SchemaMigrations *>();
    ASSERT_TRUE(migrations);
    if (!migrations->hasHistory()) {
        QSignalSpy ready(migrations, &retort::gui::SchemaMigrations::historyReady);
        ASSERT_TRUE(ready.wait(15000));
    }
    ASSERT_TRUE(view->selectObject("main", "books"));
    auto *list = child<QTreeWidget>(*view->detail(), "migrationsTable");
    view->detail()->tabs()->setCurrentIndex(SchemaObjectDetail::MigrationsTab);
    // The project's own history: books was created by 2c80e1340ab4 and indexed by f883f1ce0eda
    // (newest first), and stock's foreign key does not make 2c5300663497 a books migration.
    ASSERT_GE(list->topLevelItemCount(), 2);
    const QStringList texts = columnTexts(*list, 0);
    EXPECT_TRUE(texts.first().startsWith("f883f1ce0eda")) << texts.join(",").toStdString();
    EXPECT_TRUE(texts.last().startsWith("2c80e1340ab4")) << texts.join(",").toStdString();
    QTest::mouseClick(
        list->viewport(), Qt::LeftButton, {},
        list->visualItemRect(list->topLevelItem(list->topLevelItemCount() - 1)).center());
    EXPECT_NE(tabs->currentWidget(), view); // back to the revisions
    auto *revisions = window.findChild<QTreeView *>("revisionView");
    const QModelIndex current = revisions->currentIndex();
    ASSERT_TRUE(current.isValid());
    EXPECT_EQ(current.row(), window.revisionModel()->rowOf("2c80e1340ab4"));
}

// In the window, the objects the chosen environment's pending revisions change are marked, from
// the project's own scripts: with local at the merge 5ea58ce1dd20, 2a8091e12ecd (customers'
// loyalty points) and 1e2ba8818864 (promotions) are pending; books is not touched by either.
TEST_F(SchemaViewTest, TheWindowMarksWhatTheEnvironmentsPendingRevisionsChange)
{
    exec(m_dir.filePath("bookshop.db"),
         {"UPDATE alembic_version SET version_num = '5ea58ce1dd20'"});
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    window.openProject(m_dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *view = window.findChild<SchemaView *>("schemaView");
    auto *migrations = window.findChild<retort::gui::SchemaMigrations *>();
    ASSERT_TRUE(view && migrations);
    // Nobody looks at the schema yet: the scripts are not read for it.
    QTest::qWait(300);
    EXPECT_FALSE(migrations->hasHistory());
    QSignalSpy loaded(view, &SchemaView::loaded);
    window.findChild<QAction *>("actionShowSchema")->trigger();
    ASSERT_TRUE(loaded.wait(15000));
    const auto marked = [&](const char *name) {
        return view->model()->findObject("main", name).data(SchemaTreeModel::PendingRole).toBool();
    };
    // The history and the environment's state arrive in the background, in either order.
    ASSERT_TRUE(QTest::qWaitFor([&] { return marked("promotions"); }, 15000))
        << migrations->hasHistory() << " " << migrations->pending().join(",").toStdString();
    EXPECT_TRUE(marked("customers"));
    EXPECT_FALSE(marked("books"));
    EXPECT_FALSE(marked("authors"));
    QStringList pending = migrations->pending();
    pending.sort();
    EXPECT_EQ(pending, QStringList({"1e2ba8818864", "2a8091e12ecd"}))
        << pending.join(",").toStdString();
}

// A table the chosen environment lacks and a pending revision creates is listed as to be
// created: marked, its detail naming the revision, its Migrations tab that revision.
TEST_F(SchemaViewTest, TheWindowListsWhatAPendingRevisionWillCreate)
{
    exec(m_dir.filePath("bookshop.db"),
         {"UPDATE alembic_version SET version_num = '5ea58ce1dd20'", "DROP TABLE promotions"});
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    window.openProject(m_dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *view = window.findChild<SchemaView *>("schemaView");
    ASSERT_TRUE(view);
    QSignalSpy loaded(view, &SchemaView::loaded);
    window.findChild<QAction *>("actionShowSchema")->trigger();
    ASSERT_TRUE(loaded.wait(15000));
    QModelIndex planned;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            planned = view->model()->findObject("main", "promotions");
            return planned.isValid();
        },
        15000));
    EXPECT_EQ(SchemaTreeModel::NodeKind(planned.data(SchemaTreeModel::KindRole).toInt()),
              SchemaTreeModel::NodeKind::Planned);
    EXPECT_TRUE(planned.data(SchemaTreeModel::PendingRole).toBool());
    EXPECT_TRUE(planned.data(Qt::DisplayRole).toString().contains("to be created"));
    EXPECT_TRUE(planned.data(Qt::ToolTipRole).toString().contains("1e2ba8818864"))
        << planned.data(Qt::ToolTipRole).toString().toStdString();
    // Under Tables, with the real tables; an existing table is never listed twice.
    EXPECT_EQ(planned.parent().data(SchemaTreeModel::KindRole).toInt(),
              int(SchemaTreeModel::NodeKind::Category));
    EXPECT_EQ(
        SchemaTreeModel::NodeKind(
            view->model()->findObject("main", "customers").data(SchemaTreeModel::KindRole).toInt()),
        SchemaTreeModel::NodeKind::Relation);

    ASSERT_TRUE(view->selectObject("main", "promotions"));
    EXPECT_EQ(view->detail()->tabs()->currentIndex(), int(SchemaObjectDetail::MigrationsTab));
    auto *list = child<QTreeWidget>(*view->detail(), "migrationsTable");
    ASSERT_GE(list->topLevelItemCount(), 1);
    EXPECT_TRUE(columnTexts(*list, 0).first().startsWith("1e2ba8818864"));
    EXPECT_FALSE(view->detail()->tabs()->isTabEnabled(SchemaObjectDetail::DataTab));
}

// An Alembic project whose table name is a module constant: the window first reads the op.* calls
// (which cannot name it), then the SQL the real alembic renders, and the Migrations tab lists the
// revision that created the table.
TEST(SchemaViewAlembic, TheMigrationsTabUsesTheSqlAlembicRenders)
{
    if (auto alembic = retort::findAlembic(); !alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    QTemporaryDir dir;
    const QString root = dir.path();
    QDir().mkpath(root + "/mig/versions");
    const auto write = [&](const QString &rel, const QByteArray &text) {
        QFile f(root + "/" + rel);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write("alembic.ini",
          "[alembic]\nscript_location = %(here)s/mig\nsqlalchemy.url = sqlite:///%(here)s/a.db\n");
    write("mig/env.py", "from alembic import context\nconfig = context.config\n"
                        "context.configure(url=config.get_main_option('sqlalchemy.url'), "
                        "target_metadata=None, literal_binds=True)\n"
                        "with context.begin_transaction():\n    context.run_migrations()\n");
    write("mig/versions/b1_ledger.py",
          "\"\"\"ledger\n\nRevision ID: b1\n\"\"\"\nfrom alembic import op\n"
          "import sqlalchemy as sa\n\nrevision = 'b1'\ndown_revision = None\n"
          "branch_labels = None\ndepends_on = None\n\nTABLE = 'ledger'\n\n\n"
          "def upgrade():\n    op.create_table(TABLE, sa.Column('id', sa.Integer()))\n\n\n"
          "def downgrade():\n    op.drop_table(TABLE)\n");
    exec(root + "/a.db", {"CREATE TABLE ledger (id INTEGER)"});

    MainWindow window;
    window.resize(1200, 800);
    window.show();
    window.openProject(root);
    ASSERT_TRUE(waitLoaded(window));
    auto *view = window.findChild<SchemaView *>("schemaView");
    auto *migrations = window.findChild<retort::gui::SchemaMigrations *>();
    ASSERT_TRUE(view && migrations);
    QSignalSpy ready(migrations, &retort::gui::SchemaMigrations::historyReady);
    QSignalSpy loaded(view, &SchemaView::loaded);
    window.findChild<QAction *>("actionShowSchema")->trigger();
    ASSERT_TRUE(loaded.wait(15000));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return !ready.isEmpty() && ready.last().at(0).toBool(); }, 60000));
    ASSERT_TRUE(view->selectObject("main", "ledger"));
    auto *list = child<QTreeWidget>(*view->detail(), "migrationsTable");
    ASSERT_EQ(list->topLevelItemCount(), 1);
    EXPECT_EQ(columnTexts(*list, 0), QStringList{"b1"});
}

// Saves the Schema view of the demo project, light and dark, to $RETORT_SCREENSHOT_DIR
// (schema-view.png, schema-view-dark.png; skipped without it), for docs/.
TEST_F(SchemaViewTest, Screenshot)
{
    const QString dir = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (dir.isEmpty())
        GTEST_SKIP() << "set RETORT_SCREENSHOT_DIR to save screenshots";
    exec(m_dir.filePath("bookshop.db"),
         {"UPDATE alembic_version SET version_num = '5ea58ce1dd20'", "DROP TABLE promotions"});
    for (const auto &[appearance, file] :
         {std::pair{retort::gui::Appearance::Light, QString("schema-view.png")},
          std::pair{retort::gui::Appearance::Dark, QString("schema-view-dark.png")}}) {
        retort::gui::applyAppearance(appearance);
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        window.openProject(m_dir.path());
        ASSERT_TRUE(waitLoaded(window));
        auto *view = window.findChild<SchemaView *>("schemaView");
        QSignalSpy loaded(view, &SchemaView::loaded);
        window.findChild<QAction *>("actionShowSchema")->trigger();
        ASSERT_TRUE(loaded.wait(15000));
        // Real migrations and marks: local one merge behind (customers altered and promotions
        // created by pending revisions).
        ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                return view->model()
                    ->findObject("main", "promotions")
                    .data(SchemaTreeModel::PendingRole)
                    .toBool();
            },
            15000));
        ASSERT_TRUE(view->selectObject("main", "books"));
        view->detail()->tabs()->setCurrentIndex(SchemaObjectDetail::ColumnsTab);
        QTest::qWait(500);
        EXPECT_TRUE(window.grab().save(dir + "/" + file));
    }
    retort::gui::applyAppearance(retort::gui::Appearance::System);
}

} // namespace
