// SchemaHistory: which revisions touched an object, newest first, following renames and an
// index's table, for native and Alembic projects; touchedBy for pending revisions.
#include "workflows/SchemaHistory.h"

#include "project/Workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <set>

using namespace retort;

namespace {

void write(const QDir &dir, const QString &rel, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(dir.filePath(rel)).absolutePath());
    QFile f(dir.filePath(rel));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QByteArray native(const QByteArray &id, const QByteArray &revises, const QByteArray &message,
                  const QByteArray &upgrade)
{
    return "-- " + message + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises +
           "\n\n-- migrate:upgrade\n" + upgrade + "\n-- migrate:downgrade\nSELECT 1;\n";
}

// A native project: a base, a branch (a rename on one side, an index on the other), and a merge
// that drops the renamed table's index and creates a new table under the old name.
//   r1 -- r2 --+-- r3 (rename customers -> clients) --+-- r5
//              +-- r4 (index on orders) --------------+
std::unique_ptr<Workspace> nativeProject(const QDir &dir)
{
    write(dir, "retort.toml",
          "[project]\nname = \"h\"\nscripts = \"versions\"\n\n[environments.local]\n"
          "driver = \"postgresql\"\nhost = \"127.0.0.1\"\ndatabase = \"h\"\nuser = \"h\"\n");
    write(dir, "versions/r1_customers.sql",
          native("r1", "", "Customers",
                 "CREATE TABLE customers (id int PRIMARY KEY, email text);\n"
                 "CREATE INDEX ix_customers_email ON customers (email);\n"));
    write(dir, "versions/r2_orders.sql",
          native("r2", "r1", "Orders",
                 "-- CREATE TABLE commented_out (id int);\n"
                 "CREATE TABLE orders (id int, customer_id int REFERENCES customers, total "
                 "numeric);\nCREATE TABLE shop.items (id int);\n"));
    write(dir, "versions/r3_rename.sql",
          native("r3", "r2", "Rename customers", "ALTER TABLE customers RENAME TO clients;\n"));
    write(dir, "versions/r4_index.sql",
          "-- Index orders\n--\n-- Revision ID: r4\n-- Revises: r2\n\n-- migrate:upgrade\n"
          "CREATE INDEX ix_plain ON orders (total);\n\n-- migrate:upgrade postgresql\n"
          "CREATE INDEX ix_orders_total ON orders USING brin (total);\n\n"
          "-- migrate:downgrade\nSELECT 1;\n");
    write(dir, "versions/r5_merge.sql",
          native("r5", "r3, r4", "Merge and clean up",
                 "DROP INDEX ix_customers_email;\nCOMMENT ON TABLE clients IS 'people';\n"
                 "CREATE TABLE customers (id int);\n"));
    auto ws = Workspace::load(dir.path());
    EXPECT_TRUE(ws.ok()) << ws.error().toString().toStdString();
    if (!ws)
        return nullptr;
    EXPECT_TRUE((*ws)->problems().empty());
    return std::move(*ws);
}

// "revision action kind object line" per touch.
std::vector<std::string> describe(const std::vector<ObjectTouch> &touches)
{
    std::vector<std::string> out;
    for (const ObjectTouch &t : touches)
        out.push_back(QStringLiteral("%1 %2 %3 %4 %5")
                          .arg(t.revision, touchActionName(t.action), t.kind, t.object)
                          .arg(t.line)
                          .toStdString());
    return out;
}

using V = std::vector<std::string>;

// The env.py alembic's offline mode needs (only the rendering test runs it).
const char *const kEnvPy = R"PY(from alembic import context
config = context.config
context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=None,
                  literal_binds=True, dialect_opts={"paramstyle": "named"})
with context.begin_transaction():
    context.run_migrations()
)PY";

// An Alembic project of three revisions: create users (and an index), rename it to accounts
// (and create audit by SQL), drop the index and add a column in a batch.
std::unique_ptr<Workspace> alembicProject(const QDir &dir)
{
    write(dir, "alembic.ini",
          "[alembic]\nscript_location = %(here)s/mig\nsqlalchemy.url = sqlite:///%(here)s/a.db\n");
    write(dir, "mig/env.py", kEnvPy);
    const auto py = [](const char *id, const char *down, const char *body) {
        return QByteArray("\"\"\"") + id + " message\n\nRevision ID: " + id +
               "\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '" + id +
               "'\ndown_revision = " + down +
               "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n" + body +
               "\n\ndef downgrade():\n    op.drop_table('never_counted')\n";
    };
    // def upgrade() is line 14 of each file.
    write(dir, "mig/versions/a1_users.py",
          py("a1", "None",
             "    op.create_table('users', sa.Column('id', sa.Integer()))\n"
             "    op.create_index(op.f('ix_users_id'), 'users', ['id'])"));
    write(dir, "mig/versions/b2_rename.py",
          py("b2", "'a1'",
             "    op.rename_table('users', 'accounts')\n"
             "    op.execute('CREATE TABLE audit (id INTEGER)')"));
    write(dir, "mig/versions/c3_drop_index.py",
          py("c3", "'b2'",
             "    op.drop_index('ix_users_id')\n"
             "    with op.batch_alter_table('accounts') as batch_op:\n"
             "        batch_op.add_column(sa.Column('email', sa.String()))"));
    auto ws = Workspace::load(dir.path());
    EXPECT_TRUE(ws.ok()) << ws.error().toString().toStdString();
    if (!ws)
        return nullptr;
    EXPECT_TRUE((*ws)->problems().empty());
    return std::move(*ws);
}

} // namespace

TEST(SchemaHistory, ListsTheTouchesNewestFirstWithFileAndLine)
{
    QTemporaryDir tmp;
    auto ws = nativeProject(QDir(tmp.path()));
    ASSERT_TRUE(ws);
    auto h = SchemaHistory::build(*ws, "postgresql");
    ASSERT_TRUE(h.ok()) << h.error().toString().toStdString();

    const auto orders = h->touchesOf({}, "orders");
    // r4's postgresql section, not its plain one; r2's commented statement does not count.
    EXPECT_EQ(describe(orders),
              (V{"r4 create index ix_orders_total 10", "r2 create table orders 8"}));
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_EQ(orders[0].message, "Index orders");
    EXPECT_EQ(orders[0].file, QDir(tmp.path()).filePath("versions/r4_index.sql"));
    EXPECT_EQ(orders[0].statement, "CREATE INDEX ix_orders_total ON orders USING brin (total)");

    auto sqlite = SchemaHistory::build(*ws, "sqlite");
    ASSERT_TRUE(sqlite.ok());
    EXPECT_EQ(describe(sqlite->touchesOf({}, "ORDERS")),
              (V{"r4 create index ix_plain 7", "r2 create table orders 8"}));
}

TEST(SchemaHistory, FollowsRenamesAndFindsAnIndexsTable)
{
    QTemporaryDir tmp;
    auto ws = nativeProject(QDir(tmp.path()));
    ASSERT_TRUE(ws);
    auto h = SchemaHistory::build(*ws, "postgresql");
    ASSERT_TRUE(h.ok());

    // clients was customers before r3: customers' history up to the rename is its own; the DROP
    // INDEX names no table, but the index was created on customers, now clients. The table r5
    // creates under the old name is another object.
    EXPECT_EQ(describe(h->touchesOf({}, "clients")),
              (V{"r5 drop index ix_customers_email 7", "r5 comment table clients 8",
                 "r3 rename table customers 7", "r1 create table customers 7",
                 "r1 create index ix_customers_email 8"}));
    // An index by its own name.
    EXPECT_EQ(describe(h->touchesOf({}, "ix_customers_email")),
              (V{"r5 drop index ix_customers_email 7", "r1 create index ix_customers_email 8"}));
}

TEST(SchemaHistory, MatchesSchemasAndPostgresqlCase)
{
    QTemporaryDir tmp;
    auto ws = nativeProject(QDir(tmp.path()));
    ASSERT_TRUE(ws);
    auto h = SchemaHistory::build(*ws, "postgresql");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->touchesOf("shop", "items").size(), 1u);
    EXPECT_EQ(h->touchesOf({}, "items").size(), 1u);
    EXPECT_TRUE(h->touchesOf("public", "items").empty());
    EXPECT_EQ(h->touchesOf("public", "orders").size(), 2u); // unqualified: any schema
    EXPECT_TRUE(h->touchesOf({}, "Orders").empty());        // PostgreSQL stores orders
    EXPECT_TRUE(h->touchesOf({}, "commented_out").empty());
}

TEST(SchemaHistory, TouchedByTellsWhatPendingRevisionsChange)
{
    QTemporaryDir tmp;
    auto ws = nativeProject(QDir(tmp.path()));
    ASSERT_TRUE(ws);
    auto h = SchemaHistory::build(*ws, "postgresql");
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->touchedBy({"r4"}, {}, "orders")); // through its index
    EXPECT_FALSE(h->touchedBy({"r4"}, {}, "customers"));
    EXPECT_TRUE(h->touchedBy({"r3"}, {}, "customers"));     // renamed away
    EXPECT_TRUE(h->touchedBy({"r3"}, {}, "clients"));       // renamed to
    EXPECT_TRUE(h->touchedBy({"r4", "r5"}, {}, "clients")); // r5's comment and index drop
    EXPECT_FALSE(h->touchedBy({"r3", "r4"}, "public", "items"));
    EXPECT_TRUE(h->touchedBy({"r2"}, "shop", "items"));
    EXPECT_FALSE(h->touchedBy({}, {}, "orders"));
    EXPECT_FALSE(h->touchedBy({"nope"}, {}, "orders"));
}

// What pending revisions will add to a database: their creations, oldest first, under their final
// names (r3 renames customers into clients), without what a later one of them drops again.
TEST(SchemaHistory, CreatedByListsWhatPendingRevisionsAdd)
{
    QTemporaryDir tmp;
    auto ws = nativeProject(QDir(tmp.path()));
    ASSERT_TRUE(ws);
    auto h = SchemaHistory::build(*ws, "postgresql");
    ASSERT_TRUE(h.ok());
    const auto names = [&](const QStringList &revisions) {
        std::vector<std::string> out;
        for (const SchemaHistory::Creation &c : h->createdBy(revisions))
            out.push_back(QStringLiteral("%1 %2 %3.%4")
                              .arg(c.touch.revision, c.touch.kind, c.schema, c.touch.object)
                              .toStdString());
        return out;
    };
    EXPECT_EQ(names({"r2"}), (V{"r2 table .orders", "r2 table shop.items"}));
    EXPECT_EQ(names({"r1", "r2", "r3"}),
              (V{"r1 table .clients", "r2 table .orders", "r2 table shop.items"}));
    EXPECT_EQ(names({"r5", "r3"}), (V{"r3 table .clients", "r5 table .customers"}));
    EXPECT_EQ(names({"r4"}), V{}); // an index is part of its table, not an object of its own
    EXPECT_EQ(names({}), V{});
    EXPECT_EQ(names({"nope"}), V{});
}

TEST(SchemaHistory, UnknownDriverAndCancelAreErrors)
{
    QTemporaryDir tmp;
    auto ws = nativeProject(QDir(tmp.path()));
    ASSERT_TRUE(ws);
    EXPECT_FALSE(SchemaHistory::build(*ws, "oracle").ok());
    CancelToken cancelled;
    cancelled.cancel();
    auto h = SchemaHistory::build(*ws, "postgresql", &cancelled);
    ASSERT_FALSE(h.ok());
    EXPECT_EQ(h.error().kind, ErrorKind::Cancelled);
}

// A project large enough to be read on several threads keeps the graph's order: a chain of 400
// revisions, each creating its own table and altering the first one.
TEST(SchemaHistory, ALargeProjectReadInParallelKeepsTheOrder)
{
    QTemporaryDir tmp;
    const QDir dir(tmp.path());
    write(dir, "retort.toml",
          "[project]\nname = \"big\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
          "database = \"b.db\"\n");
    const int n = 400;
    const auto id = [](int i) { return QStringLiteral("r%1").arg(i, 4, 10, QLatin1Char('0')); };
    for (int i = 1; i <= n; ++i)
        write(dir, "versions/" + id(i) + "_step.sql",
              native(
                  id(i).toUtf8(), i == 1 ? QByteArray() : id(i - 1).toUtf8(), "Step",
                  QStringLiteral("CREATE TABLE t%1 (id int);\nALTER TABLE t1 ADD COLUMN c%1 int;\n")
                      .arg(i)
                      .toUtf8()));
    auto ws = Workspace::load(tmp.path());
    ASSERT_TRUE(ws.ok());
    auto h = SchemaHistory::build(**ws, "sqlite");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->size(), 2 * n);
    const auto touches = h->touchesOf({}, "t1");
    ASSERT_EQ(touches.size(), size_t(n + 1)); // n alters and r0001's create
    for (int i = 0; i < n; ++i)
        EXPECT_EQ(touches[size_t(i)].revision, id(n - i)) << i;
    // r0001 creates t1, then alters it: listed in file order.
    EXPECT_EQ(touches[size_t(n - 1)].action, TouchAction::Create);
    EXPECT_EQ(touches[size_t(n - 1)].line, 7);
    EXPECT_EQ(touches.back().revision, "r0001");
    EXPECT_EQ(touches.back().line, 8);
    EXPECT_EQ(h->touchesOf({}, "t200").front().revision, "r0200");
}

TEST(SchemaHistory, ReadsAnAlembicProjectsOpCalls)
{
    QTemporaryDir tmp;
    auto ws = alembicProject(QDir(tmp.path()));
    ASSERT_TRUE(ws);
    auto h = SchemaHistory::build(*ws, "sqlite");
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->problems().empty());
    EXPECT_EQ(describe(h->touchesOf({}, "accounts")),
              (V{"c3 drop index ix_users_id 15", "c3 alter table accounts 16",
                 "c3 alter table accounts 17", "b2 rename table users 15",
                 "a1 create table users 15", "a1 create index ix_users_id 16"}));
    EXPECT_EQ(describe(h->touchesOf({}, "audit")), (V{"b2 create table audit 16"}));
    EXPECT_TRUE(h->touchesOf({}, "never_counted").empty());

    // SQL rendered by alembic, when the caller has it, replaces the op.* reading (no lines).
    QHash<QString, RevisionSql> rendered;
    rendered.insert("b2",
                    RevisionSql{"CREATE TABLE rendered_only (id INTEGER);\n", {}, true, false});
    auto withSql = SchemaHistory::build(*ws, "sqlite", nullptr, &rendered);
    ASSERT_TRUE(withSql.ok());
    EXPECT_EQ(describe(withSql->touchesOf({}, "rendered_only")),
              (V{"b2 create table rendered_only 0"}));
    EXPECT_TRUE(withSql->touchesOf({}, "audit").empty());
}

// With the real alembic (skipped without it): the SQL it renders for each revision names the
// same objects as the op.* calls read as text.
TEST(SchemaHistory, AlembicsRenderedSqlAgreesWithTheOpCalls)
{
    auto alembic = findAlembic();
    if (!alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    QTemporaryDir tmp;
    auto ws = alembicProject(QDir(tmp.path()));
    ASSERT_TRUE(ws);
    auto rendered = renderAllUpgrades(*alembic, ws->project(), "postgresql");
    ASSERT_TRUE(rendered.ok()) << rendered.error().toString().toStdString();
    auto fromSql = SchemaHistory::build(*ws, "postgresql", nullptr, &*rendered);
    auto fromOps = SchemaHistory::build(*ws, "postgresql");
    ASSERT_TRUE(fromSql.ok() && fromOps.ok());
    const auto objects = [](const std::vector<ObjectTouch> &touches) {
        std::set<std::string> out; // what, not how many statements or where
        for (const ObjectTouch &t : touches)
            out.insert(QStringLiteral("%1 %2 %3 %4")
                           .arg(t.revision, touchActionName(t.action), t.kind, t.object)
                           .toStdString());
        return out;
    };
    for (const char *name : {"accounts", "audit", "ix_users_id"})
        EXPECT_EQ(objects(fromSql->touchesOf({}, name)), objects(fromOps->touchesOf({}, name)))
            << name;
    EXPECT_EQ(objects(fromSql->touchesOf({}, "accounts")).size(), 5u);
}
