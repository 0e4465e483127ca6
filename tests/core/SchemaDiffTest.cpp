// SchemaDiff: one hand-made difference per object kind and attribute is found, and nothing
// else; what is not schema (sizes, owners, catalog order, AUTO_INCREMENT, whitespace, spelling of
// PostgreSQL expressions, generated names) is never reported.
#include "SchemaSamples.h"

#include "schema/SchemaDiff.h"

#include <gtest/gtest.h>

#include <functional>

using namespace retort;
using namespace schemasample;

namespace {

std::string describe(const SchemaDiff &d)
{
    return d.toText().toStdString();
}

struct Case {
    const char *what;
    std::function<void(SchemaSnapshot &)> change;
    ChangeKind kind;
    const char *objectKind;
    const char *attribute; // "" when the change has none
};

const Case kCases[] = {
    {"column type", [](SchemaSnapshot &s) { col(s, "orders", "total").type = "numeric(12,2)"; },
     ChangeKind::Changed, "column", "type"},
    {"column nullability", [](SchemaSnapshot &s) { col(s, "orders", "total").nullable = false; },
     ChangeKind::Changed, "column", "nullable"},
    {"column default", [](SchemaSnapshot &s) { col(s, "orders", "total").defaultValue = "1"; },
     ChangeKind::Changed, "column", "default"},
    {"column default removed",
     [](SchemaSnapshot &s) { col(s, "orders", "total").defaultValue.reset(); }, ChangeKind::Changed,
     "column", "default"},
    {"column identity", [](SchemaSnapshot &s) { col(s, "orders", "id").identity = "by default"; },
     ChangeKind::Changed, "column", "identity"},
    {"generated expression",
     [](SchemaSnapshot &s) { col(s, "orders", "doubled").defaultValue = "(total * (3)::numeric)"; },
     ChangeKind::Changed, "column", "expression"},
    {"generated kind", [](SchemaSnapshot &s) { col(s, "orders", "doubled").generated = "virtual"; },
     ChangeKind::Changed, "column", "generated"},
    {"column collation", [](SchemaSnapshot &s) { col(s, "customers", "note").collation = "POSIX"; },
     ChangeKind::Changed, "column", "collation"},
    {"column comment", [](SchemaSnapshot &s) { col(s, "customers", "note").comment = "notes"; },
     ChangeKind::Changed, "column", "comment"},
    {"column added",
     [](SchemaSnapshot &s) { relation(s, "orders").columns.push_back(column("paid_at", "date")); },
     ChangeKind::Added, "column", ""},
    {"column removed",
     [](SchemaSnapshot &s) {
         auto &c = relation(s, "customers").columns;
         c.erase(c.begin() + 2);
     },
     ChangeKind::Removed, "column", ""},
    {"primary key",
     [](SchemaSnapshot &s) { col(s, "orders", "customer_id").primaryKeyPosition = 2; },
     ChangeKind::Changed, "primary key", "columns"},
    {"unique constraint removed",
     [](SchemaSnapshot &s) { relation(s, "customers").indexes.pop_back(); }, ChangeKind::Removed,
     "unique constraint", ""},
    {"index method",
     [](SchemaSnapshot &s) {
         relation(s, "orders").indexes[2].definition =
             "CREATE INDEX ix_orders_customer ON public.orders USING hash (customer_id)";
     },
     ChangeKind::Changed, "index", "definition"},
    {"index predicate",
     [](SchemaSnapshot &s) {
         relation(s, "orders").indexes[1].definition =
             "CREATE INDEX ix_orders_big ON public.orders USING btree (total) WHERE (total > "
             "(500)::numeric)";
     },
     ChangeKind::Changed, "index", "definition"},
    {"index added",
     [](SchemaSnapshot &s) {
         relation(s, "orders")
             .indexes.push_back(
                 index("ix_orders_status",
                       "CREATE INDEX ix_orders_status ON public.orders USING btree (status)",
                       {"status"}));
     },
     ChangeKind::Added, "index", ""},
    {"index dropped", [](SchemaSnapshot &s) { relation(s, "orders").indexes.pop_back(); },
     ChangeKind::Removed, "index", ""},
    {"foreign key action",
     [](SchemaSnapshot &s) { relation(s, "orders").foreignKeys[0].onDelete = "SET NULL"; },
     ChangeKind::Changed, "foreign key", "definition"},
    {"foreign key removed", [](SchemaSnapshot &s) { relation(s, "orders").foreignKeys.clear(); },
     ChangeKind::Removed, "foreign key", ""},
    {"check changed",
     [](SchemaSnapshot &s) {
         relation(s, "orders").checks[0].definition = "CHECK ((total > (0)::numeric))";
     },
     ChangeKind::Changed, "check", "definition"},
    {"check added",
     [](SchemaSnapshot &s) {
         relation(s, "customers").checks.push_back({"email_at", "CHECK ((email ~~ '%@%'::text))"});
     },
     ChangeKind::Added, "check", ""},
    {"trigger changed",
     [](SchemaSnapshot &s) {
         relation(s, "orders").triggers[0].definition =
             "CREATE TRIGGER orders_audit AFTER UPDATE ON public.orders FOR EACH ROW EXECUTE "
             "FUNCTION audit()";
     },
     ChangeKind::Changed, "trigger", "definition"},
    {"trigger removed", [](SchemaSnapshot &s) { relation(s, "orders").triggers.clear(); },
     ChangeKind::Removed, "trigger", ""},
    {"view definition",
     [](SchemaSnapshot &s) {
         relation(s, "big_orders").definition =
             " SELECT orders.id\n   FROM orders\n  WHERE (orders.total > (1000)::numeric);";
     },
     ChangeKind::Changed, "view", "definition"},
    {"materialized view definition",
     [](SchemaSnapshot &s) {
         relation(s, "totals").definition = " SELECT max(orders.total) AS sum\n   FROM orders;";
     },
     ChangeKind::Changed, "materialized view", "definition"},
    {"table comment", [](SchemaSnapshot &s) { relation(s, "customers").comment = "buyers"; },
     ChangeKind::Changed, "table", "comment"},
    {"table added",
     [](SchemaSnapshot &s) {
         SchemaRelation r;
         r.schema = "public";
         r.name = "invoices";
         r.columns = {column("id", "integer", false, {}, 1), column("a", "text"),
                      column("b", "text"), column("c", "date")};
         s.relations.push_back(r);
     },
     ChangeKind::Added, "table", ""},
    {"view removed", [](SchemaSnapshot &s) { s.relations.erase(s.relations.begin() + 1); },
     ChangeKind::Removed, "view", ""},
    {"sequence increment", [](SchemaSnapshot &s) { s.sequences[1].increment = 2; },
     ChangeKind::Changed, "sequence", "increment"},
    {"sequence cycle", [](SchemaSnapshot &s) { s.sequences[1].cycle = true; }, ChangeKind::Changed,
     "sequence", "cycle"},
    {"sequence removed", [](SchemaSnapshot &s) { s.sequences.pop_back(); }, ChangeKind::Removed,
     "sequence", ""},
    {"enum value added", [](SchemaSnapshot &s) { s.types[0].labels.append("ecstatic"); },
     ChangeKind::Changed, "type", "values"},
    {"domain base type", [](SchemaSnapshot &s) { s.types[1].baseType = "bigint"; },
     ChangeKind::Changed, "type", "base type"},
    {"domain not null", [](SchemaSnapshot &s) { s.types[1].notNull = false; }, ChangeKind::Changed,
     "type", "not null"},
    {"domain default", [](SchemaSnapshot &s) { s.types[1].defaultValue = "2"; },
     ChangeKind::Changed, "type", "default"},
    {"domain check",
     [](SchemaSnapshot &s) { s.types[1].checks[0].definition = "CHECK ((VALUE > 1))"; },
     ChangeKind::Changed, "check", "definition"},
    {"type added",
     [](SchemaSnapshot &s) {
         SchemaType t;
         t.schema = "public";
         t.name = "colour";
         t.kind = "enum";
         t.labels = {"red"};
         s.types.push_back(t);
     },
     ChangeKind::Added, "type", ""},
};

} // namespace

TEST(SchemaDiff, ASnapshotComparedWithItselfHasNoDifference)
{
    const SchemaSnapshot s = rich();
    EXPECT_TRUE(diffSchemas(s, s).empty()) << describe(diffSchemas(s, s));
}

TEST(SchemaDiff, EachHandMadeDifferenceIsFoundAndNothingElse)
{
    for (const Case &c : kCases) {
        SCOPED_TRACE(c.what);
        SchemaSnapshot b = rich();
        c.change(b);
        const SchemaDiff d = diffSchemas(rich(), b);
        ASSERT_EQ(d.changes.size(), 1u) << describe(d);
        const SchemaChange &change = d.changes.front();
        EXPECT_EQ(changeKindName(change.change), changeKindName(c.kind)) << describe(d);
        EXPECT_EQ(change.objectKind, c.objectKind) << describe(d);
        EXPECT_EQ(change.attribute, c.attribute) << describe(d);
        EXPECT_FALSE(change.summary.isEmpty());
        // And the other way round: the opposite change, once.
        EXPECT_EQ(diffSchemas(b, rich()).changes.size(), 1u) << describe(diffSchemas(b, rich()));
    }
}

TEST(SchemaDiff, SummariesReadAsOneLine)
{
    SchemaSnapshot b = rich();
    col(b, "orders", "total").type = "numeric(12,2)";
    kCases[26].change(b); // table added
    const SchemaDiff d = diffSchemas(rich(), b);
    ASSERT_EQ(d.changes.size(), 2u) << describe(d);
    EXPECT_EQ(d.changes[0].summary, "alters `orders.total` type numeric(10,2) → numeric(12,2)");
    EXPECT_EQ(d.changes[0].before, "numeric(10,2)");
    EXPECT_EQ(d.changes[0].after, "numeric(12,2)");
    EXPECT_EQ(d.changes[1].summary, "adds table `invoices` (4 columns)");
    EXPECT_EQ(d.toText(), "public.orders:\n  alters `orders.total` type numeric(10,2) → "
                          "numeric(12,2)\npublic.invoices:\n  adds table `invoices` (4 columns)\n");
    const QJsonArray json = d.toJson();
    ASSERT_EQ(json.size(), 2);
    EXPECT_EQ(json[0]["change"].toString(), "changed");
    EXPECT_EQ(json[0]["object"].toString(), "public.orders");
    EXPECT_EQ(json[0]["name"].toString(), "total");
    EXPECT_EQ(json[0]["attribute"].toString(), "type");
    EXPECT_EQ(json[1]["change"].toString(), "added");
}

TEST(SchemaDiff, WhatIsNotSchemaIsIgnored)
{
    SchemaSnapshot b = rich();
    for (SchemaRelation &r : b.relations) {
        r.rowsEstimate = 1;
        r.sizeBytes = 2;
        r.owner = "someone_else";
        r.ddl += " -- other text";
        for (SchemaIndex &i : r.indexes)
            i.sizeBytes = 3;
        std::reverse(r.indexes.begin(), r.indexes.end()); // catalog order
        std::reverse(r.checks.begin(), r.checks.end());
    }
    relation(b, "big_orders").columns[0].defaultValue = "1"; // follows from the query (MariaDB)
    std::reverse(b.relations.begin(), b.relations.end());
    b.sequences[1].owner = "someone_else";
    b.types[0].owner = "someone_else";
    b.serverVersion = "PostgreSQL 16.1";
    relation(b, "alembic_version").columns.push_back(column("extra", "text")); // ignored table
    EXPECT_TRUE(diffSchemas(rich(), b).empty()) << describe(diffSchemas(rich(), b));

    DiffOptions owners;
    owners.owners = true;
    const SchemaDiff withOwners = diffSchemas(rich(), b, owners);
    int ownerChanges = 0;
    for (const SchemaChange &c : withOwners.changes)
        ownerChanges += c.attribute == "owner";
    EXPECT_EQ(ownerChanges, 6) << describe(withOwners); // 4 relations, a sequence, a type

    DiffOptions everything;
    everything.ignoreTables.clear();
    const SchemaDiff all = diffSchemas(rich(), b, everything);
    ASSERT_EQ(all.changes.size(), 1u) << describe(all);
    EXPECT_EQ(all.changes[0].object, "public.alembic_version");
}

TEST(SchemaDiff, PostgresExpressionsAreComparedAsParseTrees)
{
    SchemaSnapshot b = rich();
    relation(b, "orders").checks[0].definition = "CHECK (total >= 0::numeric)";
    col(b, "orders", "status").defaultValue = "CAST('ok' AS mood)";
    col(b, "orders", "doubled").defaultValue = "total * 2::numeric";
    relation(b, "big_orders").definition =
        "SELECT orders.id FROM orders WHERE orders.total > 100::numeric";
    relation(b, "orders").indexes[1].definition =
        "CREATE INDEX ix_orders_big ON public.orders USING btree (total) WHERE total > "
        "100::numeric";
    b.types[1].checks[0].definition = "CHECK (VALUE > 0)";
    EXPECT_TRUE(diffSchemas(rich(), b).empty()) << describe(diffSchemas(rich(), b));

    EXPECT_EQ(pgCanonical("(a > 0)", true), pgCanonical("a > 0", true));
    EXPECT_EQ(pgCanonical("'x'::text", true), pgCanonical("CAST('x' AS text)", true));
    EXPECT_EQ(pgCanonical("'x'::text", true), pgCanonical("'x'::TEXT", true));
    EXPECT_NE(pgCanonical("'x'::text", true), pgCanonical("'y'::text", true));
    EXPECT_NE(pgCanonical("a > 0", true), pgCanonical("a > 1", true)); // constants count
    EXPECT_NE(pgCanonical("'x'::text", true), pgCanonical("'x'::varchar", true));
}

TEST(SchemaDiff, SerialSequenceNamesAndGeneratedConstraintNamesAreNoDifference)
{
    SchemaSnapshot b = rich();
    b.sequences[0].name = "customers_id_seq1";
    col(b, "customers", "id").defaultValue = "nextval('customers_id_seq1'::regclass)";
    relation(b, "orders").checks[0].name = "orders_check"; // both generated by the server
    relation(b, "orders").foreignKeys[0].name = "orders_customer_fkey";
    relation(b, "customers").indexes[1].name = "customers_email_key1";
    relation(b, "customers").indexes[1].definition =
        "CREATE UNIQUE INDEX customers_email_key1 ON public.customers USING btree (email)";
    EXPECT_TRUE(diffSchemas(rich(), b).empty()) << describe(diffSchemas(rich(), b));

    // Two names a person gave: a rename of the constraint.
    relation(b, "orders").checks[1].name = "doubled_positive";
    const SchemaDiff d = diffSchemas(rich(), b);
    ASSERT_EQ(d.changes.size(), 1u) << describe(d);
    EXPECT_EQ(d.changes[0].attribute, "name");
    EXPECT_EQ(d.changes[0].before, "positive_doubled");
    EXPECT_EQ(d.changes[0].after, "doubled_positive");
}

TEST(SchemaDiff, AMovedColumnIsOneOrderOnlyChange)
{
    SchemaSnapshot b = rich();
    auto &columns = relation(b, "orders").columns;
    std::rotate(columns.begin() + 2, columns.begin() + 3, columns.end() - 1); // status before total
    const SchemaDiff d = diffSchemas(rich(), b);
    ASSERT_EQ(d.changes.size(), 1u) << describe(d);
    EXPECT_EQ(d.changes[0].change, ChangeKind::OrderOnly);
    EXPECT_TRUE(d.changes[0].name == "total" || d.changes[0].name == "status") << describe(d);
    EXPECT_TRUE(d.changes[0].summary.contains("(order only)"));
}

TEST(SchemaDiff, ASameShapeDropAndAddIsAPossibleRename)
{
    SchemaSnapshot b = rich();
    col(b, "customers", "note").name = "remarks";
    SchemaDiff d = diffSchemas(rich(), b);
    ASSERT_EQ(d.changes.size(), 1u) << describe(d);
    EXPECT_EQ(d.changes[0].change, ChangeKind::PossibleRename);
    EXPECT_EQ(d.changes[0].objectKind, "column");
    EXPECT_EQ(d.changes[0].before, "note");
    EXPECT_EQ(d.changes[0].after, "remarks");
    EXPECT_TRUE(d.changes[0].summary.contains("`customers.note` → `remarks`")) << describe(d);

    // Another shape: a drop and an add.
    col(b, "customers", "remarks").type = "varchar(10)";
    d = diffSchemas(rich(), b);
    ASSERT_EQ(d.changes.size(), 2u) << describe(d);
    EXPECT_EQ(d.changes[0].change, ChangeKind::Removed);
    EXPECT_EQ(d.changes[1].change, ChangeKind::Added);

    // A table.
    b = rich();
    relation(b, "totals").name = "order_totals";
    d = diffSchemas(rich(), b);
    ASSERT_EQ(d.changes.size(), 1u) << describe(d);
    EXPECT_EQ(d.changes[0].change, ChangeKind::PossibleRename);
    EXPECT_EQ(d.changes[0].before, "totals");
    EXPECT_EQ(d.changes[0].after, "order_totals");
}

TEST(SchemaDiff, MysqlAutoIncrementWhitespaceAndDatabaseNamesAreNoDifference)
{
    auto mysql = [](const QString &database, int counter, const QString &view) {
        SchemaSnapshot s;
        s.driver = "mysql";
        s.schemas = {database};
        SchemaRelation t;
        t.schema = database;
        t.name = "orders";
        t.engine = "InnoDB";
        t.ddl = QStringLiteral("CREATE TABLE `orders` (\n  `id` int NOT NULL AUTO_INCREMENT,\n"
                               "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=%1")
                    .arg(counter);
        t.columns = {column("id", "int", false, {}, 1)};
        t.columns[0].identity = "by default";
        t.indexes = {index("PRIMARY", "", {"id"}, true, true)};
        SchemaRelation v;
        v.schema = database;
        v.name = "ids";
        v.kind = RelationKind::View;
        v.definition = view;
        s.relations = {t, v};
        return s;
    };
    const SchemaSnapshot a = mysql("shop_a", 1, "select `orders`.`id` AS `id` from `orders`");
    const SchemaSnapshot b = mysql("shop_b", 5001, "select `orders`.`id` AS `id`\n  from `orders`");
    EXPECT_TRUE(diffSchemas(a, b).empty()) << describe(diffSchemas(a, b));
    const SchemaSnapshot c = mysql("shop_b", 1,
                                   "select `orders`.`id` AS `id` from `orders` "
                                   "where `orders`.`id` > 1");
    EXPECT_EQ(diffSchemas(a, c).changes.size(), 1u) << describe(diffSchemas(a, c));
}
