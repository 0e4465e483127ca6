// The PostgreSQL migration script (schema/SchemaMigration.h) from hand-built snapshots, as the
// PostgreSQL inspector fills them: the statements and their order for the key cases (foreign
// keys and views around the tables they need, confirmed and unconfirmed renames, enum values
// added or removed, sequences, quoting) and the REVIEW notes. SchemaMigrationPostgresTest runs
// the same on the real server.

#include "schema/SchemaMigration.h"

#include <gtest/gtest.h>

using namespace retort;

namespace {

SchemaColumn col(const QString &name, const QString &type, bool nullable = true,
                 std::optional<QString> def = std::nullopt)
{
    SchemaColumn c;
    c.name = name;
    c.type = type;
    c.nullable = nullable;
    c.defaultValue = def;
    return c;
}

SchemaIndex primary(const QString &table, const QString &column)
{
    SchemaIndex i;
    i.name = table + "_pkey";
    i.definition =
        QString("CREATE UNIQUE INDEX %1_pkey ON public.%1 USING btree (%2)").arg(table, column);
    i.columns = {column};
    i.unique = i.primary = true;
    i.method = "btree";
    i.constraint = "primary key";
    return i;
}

SchemaRelation table(const QString &name, std::vector<SchemaColumn> columns, bool key = true)
{
    SchemaRelation r;
    r.schema = "public";
    r.name = name;
    r.columns = std::move(columns);
    if (key) {
        r.columns.front().nullable = false;
        r.indexes.push_back(primary(name, r.columns.front().name));
    }
    return r;
}

SchemaRelation view(const QString &name, const QString &query)
{
    SchemaRelation r;
    r.schema = "public";
    r.name = name;
    r.kind = RelationKind::View;
    r.definition = query;
    return r;
}

SchemaForeignKey fk(const QString &name, const QString &column, const QString &refTable)
{
    SchemaForeignKey k;
    k.name = name;
    k.columns = {column};
    k.refSchema = "public";
    k.refTable = refTable;
    k.refColumns = {"id"};
    k.onDelete = k.onUpdate = "NO ACTION";
    k.definition = QString("FOREIGN KEY (%1) REFERENCES %2(id)").arg(column, refTable);
    return k;
}

SchemaType enumType(const QString &name, const QStringList &labels)
{
    SchemaType t;
    t.schema = "public";
    t.name = name;
    t.kind = "enum";
    t.labels = labels;
    return t;
}

SchemaSnapshot snapshot(std::vector<SchemaRelation> relations, std::vector<SchemaType> types = {},
                        std::vector<SchemaSequence> sequences = {})
{
    SchemaSnapshot s;
    s.driver = "postgresql";
    s.schemas = {"public"};
    s.relations = std::move(relations);
    s.types = std::move(types);
    s.sequences = std::move(sequences);
    return s;
}

// The statements without their REVIEW lines.
QStringList code(const MigrationScript &m)
{
    QStringList out;
    for (const QString &s : m.statements) {
        QStringList lines;
        for (const QString &l : s.split('\n'))
            if (!l.startsWith("-- "))
                lines << l;
        if (!lines.isEmpty())
            out << lines.join('\n');
    }
    return out;
}

qsizetype indexOf(const QStringList &list, const QString &prefix)
{
    for (qsizetype i = 0; i < list.size(); ++i)
        if (list[i].startsWith(prefix))
            return i;
    return -1;
}

std::string shown(const MigrationScript &m)
{
    return m.text().toStdString();
}

const std::vector<SchemaColumn> kOrders = {col("id", "integer"), col("customer_id", "integer"),
                                           col("total", "numeric(10,2)")};

} // namespace

TEST(PostgresMigration, SameSchemasGiveAnEmptyScript)
{
    const SchemaSnapshot s = snapshot({table("orders", kOrders)});
    EXPECT_TRUE(migrationScript(s, s).empty());
}

TEST(PostgresMigration, NewTablesComeBeforeTheirForeignKeysAndDropsComeFirst)
{
    SchemaRelation orders = table("orders", kOrders);
    orders.foreignKeys = {fk("orders_customer_fk", "customer_id", "customers")};
    const SchemaSnapshot a = snapshot({table("legacy", {col("id", "integer")})});
    const SchemaSnapshot b =
        snapshot({table("customers", {col("id", "integer"), col("email", "text", false)}), orders});
    const MigrationScript m = migrationScript(a, b);
    const QStringList sql = code(m);
    ASSERT_EQ(sql.size(), 4) << shown(m);
    EXPECT_EQ(sql[0], "DROP TABLE public.legacy;");
    EXPECT_EQ(sql[1], "CREATE TABLE public.customers (\n    id integer NOT NULL,\n    email text "
                      "NOT NULL,\n    CONSTRAINT customers_pkey PRIMARY KEY (id)\n);");
    EXPECT_TRUE(sql[2].startsWith("CREATE TABLE public.orders (")) << shown(m);
    EXPECT_EQ(sql[3], "ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY "
                      "(customer_id) REFERENCES customers(id);");
    ASSERT_EQ(m.reviews.size(), 1);
    EXPECT_TRUE(m.reviews[0].startsWith("drops table public.legacy")) << shown(m);
    EXPECT_TRUE(m.transactional);
}

TEST(PostgresMigration, ForeignKeysGoBeforeTheTablesTheyJoinAndViewsComeBackLast)
{
    SchemaRelation orders = table("orders", kOrders);
    orders.foreignKeys = {fk("orders_customer_fk", "customer_id", "customers")};
    const SchemaRelation customers = table("customers", {col("id", "integer")});
    const SchemaRelation big = view("big", " SELECT orders.id, orders.total FROM orders;");
    const SchemaRelation bigger = view("bigger", " SELECT big.id FROM big;");
    SchemaRelation orders2 = table("orders", kOrders);
    orders2.columns[2].type = "numeric(12,2)";
    const SchemaSnapshot a = snapshot({big, bigger, customers, orders});
    const SchemaSnapshot b = snapshot({big, bigger, orders2});
    const MigrationScript m = migrationScript(a, b);
    const QStringList sql = code(m);
    ASSERT_EQ(sql.size(), 7) << shown(m);
    EXPECT_EQ(sql[0], "DROP VIEW public.bigger;"); // readers first
    EXPECT_EQ(sql[1], "DROP VIEW public.big;");
    EXPECT_EQ(sql[2], "ALTER TABLE public.orders DROP CONSTRAINT orders_customer_fk;");
    EXPECT_EQ(sql[3], "DROP TABLE public.customers;");
    EXPECT_EQ(sql[4], "ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(12,2) USING "
                      "total::numeric(12,2);");
    EXPECT_TRUE(sql[5].startsWith("CREATE VIEW public.big AS")) << shown(m);
    EXPECT_TRUE(sql[6].startsWith("CREATE VIEW public.bigger AS")) << shown(m);
    // A wider numeric needs no review; the drop does.
    EXPECT_EQ(m.reviews.size(), 1) << shown(m);
}

TEST(PostgresMigration, AConfirmedColumnRenameIsARenameAndAnUnconfirmedOneADropAndAnAdd)
{
    const SchemaSnapshot a = snapshot({table("orders", kOrders)});
    std::vector<SchemaColumn> renamed = kOrders;
    renamed[2].name = "amount";
    const SchemaSnapshot b = snapshot({table("orders", renamed)});

    const std::vector<ConfirmedRename> offered = possibleRenames(diffSchemas(a, b));
    ASSERT_EQ(offered.size(), 1u);
    MigrationScriptOptions confirmed;
    confirmed.renames = offered;
    const MigrationScript yes = migrationScript(a, b, confirmed);
    EXPECT_EQ(code(yes), QStringList{"ALTER TABLE public.orders RENAME COLUMN total TO amount;"})
        << shown(yes);
    EXPECT_TRUE(yes.reviews.isEmpty()) << shown(yes);

    const MigrationScript no = migrationScript(a, b);
    EXPECT_EQ(code(no), (QStringList{"ALTER TABLE public.orders DROP COLUMN total;",
                                     "ALTER TABLE public.orders ADD COLUMN amount numeric(10,2);"}))
        << shown(no);
    ASSERT_EQ(no.reviews.size(), 1) << shown(no);
    EXPECT_TRUE(no.reviews[0].contains("possible rename of column public.orders.total → amount "
                                       "not confirmed"))
        << shown(no);
    EXPECT_TRUE(no.statements[0].startsWith("-- REVIEW: possible rename")) << shown(no);

    // The downgrade renames back.
    MigrationScriptOptions back;
    back.renames = reversedRenames(offered);
    EXPECT_EQ(code(migrationScript(b, a, back)),
              QStringList{"ALTER TABLE public.orders RENAME COLUMN amount TO total;"});
}

TEST(PostgresMigration, AConfirmedTableRenameKeepsItsRows)
{
    const SchemaSnapshot a = snapshot({table("orders", kOrders)});
    SchemaRelation purchases = table("purchases", kOrders);
    purchases.comment = "what was bought";
    const SchemaSnapshot b = snapshot({purchases});
    MigrationScriptOptions o;
    o.renames = possibleRenames(diffSchemas(a, b));
    ASSERT_EQ(o.renames.size(), 1u);
    const MigrationScript m = migrationScript(a, b, o);
    // The key's generated name follows the table's, as the target has it.
    EXPECT_EQ(code(m), (QStringList{"ALTER TABLE public.orders RENAME TO purchases;",
                                    "COMMENT ON TABLE public.purchases IS 'what was bought';",
                                    "ALTER INDEX public.orders_pkey RENAME TO purchases_pkey;"}))
        << shown(m);
    const MigrationScript unconfirmed = migrationScript(a, b);
    EXPECT_EQ(indexOf(code(unconfirmed), "DROP TABLE public.orders;"), 0) << shown(unconfirmed);
    EXPECT_EQ(indexOf(code(unconfirmed), "CREATE TABLE public.purchases ("), 1)
        << shown(unconfirmed);
    EXPECT_TRUE(unconfirmed.reviews.first().contains("not confirmed")) << shown(unconfirmed);
}

TEST(PostgresMigration, EnumValuesAreAddedInPlace)
{
    SchemaRelation t = table("t", {col("id", "integer"), col("m", "mood")});
    const SchemaSnapshot a = snapshot({t}, {enumType("mood", {"sad", "happy"})});
    const SchemaSnapshot b =
        snapshot({t}, {enumType("mood", {"meh", "sad", "ok", "happy", "joy"})});
    const MigrationScript m = migrationScript(a, b);
    EXPECT_EQ(code(m), (QStringList{"ALTER TYPE public.mood ADD VALUE 'meh' BEFORE 'sad';",
                                    "ALTER TYPE public.mood ADD VALUE 'ok' AFTER 'sad';",
                                    "ALTER TYPE public.mood ADD VALUE 'joy' AFTER 'happy';"}))
        << shown(m);
    EXPECT_TRUE(m.reviews.isEmpty());
    EXPECT_TRUE(m.transactional); // nothing uses a new value

    // A default naming a new value cannot run in the transaction that added it.
    SchemaRelation withDefault = t;
    withDefault.columns[1].defaultValue = "'ok'::mood";
    const MigrationScript used =
        migrationScript(a, snapshot({withDefault}, {enumType("mood", {"sad", "ok", "happy"})}));
    EXPECT_EQ(code(used).last(), "ALTER TABLE public.t ALTER COLUMN m SET DEFAULT 'ok'::mood;")
        << shown(used);
    EXPECT_FALSE(used.transactional);
}

TEST(PostgresMigration, AnEnumLosingAValueIsCreatedAgainWithItsColumnsConverted)
{
    SchemaRelation t = table(
        "t", {col("id", "integer"), col("m", "mood", true, "'ok'::mood"), col("ms", "mood[]")});
    const SchemaRelation v = view("v", " SELECT t.m FROM t;");
    const SchemaSnapshot a = snapshot({t, v}, {enumType("mood", {"sad", "ok", "happy"})});
    const SchemaSnapshot b = snapshot({t, v}, {enumType("mood", {"happy", "ok"})});
    const MigrationScript m = migrationScript(a, b);
    const QStringList sql = code(m);
    EXPECT_EQ(sql, (QStringList{
                       "DROP VIEW public.v;",
                       "ALTER TABLE public.t ALTER COLUMN m DROP DEFAULT;",
                       "ALTER TYPE public.mood RENAME TO mood_old;",
                       "CREATE TYPE public.mood AS ENUM ('happy', 'ok');",
                       "ALTER TABLE public.t ALTER COLUMN m TYPE mood USING m::text::mood;",
                       "ALTER TABLE public.t ALTER COLUMN ms TYPE mood[] USING ms::text[]::mood[];",
                       "ALTER TABLE public.t ALTER COLUMN m SET DEFAULT 'ok'::mood;",
                       "DROP TYPE public.mood_old;",
                       "CREATE VIEW public.v AS\n SELECT t.m FROM t;",
                   }))
        << shown(m);
    ASSERT_EQ(m.reviews.size(), 1);
    EXPECT_TRUE(m.reviews[0].contains("enum public.mood loses or reorders values")) << shown(m);
    EXPECT_TRUE(m.transactional);
}

TEST(PostgresMigration, SerialColumnsGetTheirSequenceBeforeAndOwnershipAfter)
{
    const SchemaSnapshot a = snapshot({});
    SchemaRelation t = table(
        "t", {col("id", "integer", false, "nextval('t_id_seq'::regclass)"), col("n", "text")});
    SchemaSequence s;
    s.schema = "public";
    s.name = "t_id_seq";
    s.type = "integer";
    s.maxValue = 2147483647;
    s.ownedBy = "public.t.id";
    const SchemaSnapshot b = snapshot({t}, {}, {s});
    const MigrationScript m = migrationScript(a, b);
    const QStringList sql = code(m);
    ASSERT_EQ(sql.size(), 3) << shown(m);
    EXPECT_EQ(sql[0], "CREATE SEQUENCE public.t_id_seq AS integer START WITH 1 INCREMENT BY 1 "
                      "MINVALUE 1 MAXVALUE 2147483647 CACHE 1;");
    EXPECT_TRUE(sql[1].contains("id integer DEFAULT nextval('t_id_seq'::regclass) NOT NULL"))
        << shown(m);
    EXPECT_EQ(sql[2], "ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;");
}

TEST(PostgresMigration, IdentityColumnsCarryTheirSequenceOptions)
{
    const SchemaSnapshot a = snapshot({table("t", {col("id", "integer"), col("n", "text")})});
    SchemaRelation t = table("t", {col("id", "integer"), col("n", "text")});
    t.columns[0].identity = "by default";
    SchemaSequence s;
    s.schema = "public";
    s.name = "t_id_seq";
    s.type = "integer";
    s.start = 100;
    s.increment = 10;
    s.minValue = 1;
    s.maxValue = 2147483647;
    s.ownedBy = "public.t.id";
    const MigrationScript m = migrationScript(a, snapshot({t}, {}, {s}));
    EXPECT_EQ(code(m), QStringList{"ALTER TABLE public.t ALTER COLUMN id ADD GENERATED BY DEFAULT "
                                   "AS IDENTITY (INCREMENT BY 10 START WITH 100);"})
        << shown(m);
}

TEST(PostgresMigration, RiskyChangesCarryReviewNotes)
{
    const SchemaSnapshot a = snapshot({table(
        "t", {col("id", "integer"), col("code", "character varying(20)"), col("n", "bigint")})});
    const SchemaSnapshot b =
        snapshot({table("t", {col("id", "integer"), col("code", "character varying(5)", false),
                              col("n", "integer"), col("added", "text", false)})});
    const MigrationScript m = migrationScript(a, b);
    EXPECT_EQ(code(m),
              (QStringList{"ALTER TABLE public.t ALTER COLUMN code TYPE character varying(5) USING "
                           "code::character varying(5);",
                           "ALTER TABLE public.t ALTER COLUMN code SET NOT NULL;",
                           "ALTER TABLE public.t ALTER COLUMN n TYPE integer USING n::integer;",
                           "ALTER TABLE public.t ADD COLUMN added text NOT NULL;"}))
        << shown(m);
    ASSERT_EQ(m.reviews.size(), 4) << shown(m);
    EXPECT_TRUE(m.reviews[0].startsWith("changes the type of public.t.code")) << shown(m);
    EXPECT_TRUE(m.reviews[1].startsWith("makes public.t.code NOT NULL")) << shown(m);
    EXPECT_TRUE(m.reviews[2].startsWith("changes the type of public.t.n")) << shown(m);
    EXPECT_TRUE(m.reviews[3].contains("NOT NULL without a default")) << shown(m);
}

TEST(PostgresMigration, ColumnOrderIsANoteOnly)
{
    const SchemaSnapshot a =
        snapshot({table("t", {col("id", "integer"), col("a", "text"), col("b", "text")})});
    const SchemaSnapshot b =
        snapshot({table("t", {col("id", "integer"), col("b", "text"), col("a", "text")})});
    const MigrationScript m = migrationScript(a, b);
    ASSERT_EQ(m.statements.size(), 1) << shown(m);
    EXPECT_TRUE(code(m).isEmpty()) << shown(m);
    EXPECT_EQ(m.reviews, QStringList{"column order of public.t: PostgreSQL cannot move a column, "
                                     "so the table keeps (id, a, b) where the target has (id, b, "
                                     "a); recreate the table by hand if the order matters"});
}

TEST(PostgresMigration, NamesAreQuotedOnlyWhenNeeded)
{
    const SchemaSnapshot a = snapshot({table("Order Lines", {col("id", "integer")})});
    const SchemaSnapshot b = snapshot({table(
        "Order Lines", {col("id", "integer"), col("select", "text"), col("plain", "text")})});
    const MigrationScript m = migrationScript(a, b);
    EXPECT_EQ(code(m),
              (QStringList{"ALTER TABLE public.\"Order Lines\" ADD COLUMN \"select\" text;",
                           "ALTER TABLE public.\"Order Lines\" ADD COLUMN plain text;"}))
        << shown(m);
}

TEST(PostgresMigration, IndexesConstraintsAndTriggersAreDroppedBeforeAndAddedAfterColumns)
{
    SchemaRelation before = table("t", {col("id", "integer"), col("a", "integer")});
    SchemaIndex ix;
    ix.name = "t_a_ix";
    ix.definition = "CREATE INDEX t_a_ix ON public.t USING btree (a)";
    ix.columns = {"a"};
    ix.method = "btree";
    before.indexes.push_back(ix);
    before.checks = {{"t_a_check", "CHECK (a > 0)", true}};
    SchemaRelation after = table("t", {col("id", "integer"), col("b", "bigint")});
    ix.name = "t_b_ix";
    ix.definition = "CREATE INDEX t_b_ix ON public.t USING hash (b) WHERE b > 0";
    ix.columns = {"b"};
    ix.method = "hash";
    ix.partial = true;
    after.indexes.push_back(ix);
    after.checks = {{"t_b_check", "CHECK (b > 0)", false}};
    after.triggers = {{"t_touch", "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE "
                                  "FUNCTION touch()"}};
    const MigrationScript m = migrationScript(snapshot({before}), snapshot({after}));
    EXPECT_EQ(
        code(m),
        (QStringList{"DROP INDEX public.t_a_ix;", "ALTER TABLE public.t DROP CONSTRAINT t_a_check;",
                     "ALTER TABLE public.t DROP COLUMN a;",
                     "ALTER TABLE public.t ADD COLUMN b bigint;",
                     "CREATE INDEX t_b_ix ON public.t USING hash (b) WHERE b > 0;",
                     "ALTER TABLE public.t ADD CONSTRAINT t_b_check CHECK (b > 0) NOT VALID;",
                     "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE "
                     "FUNCTION touch();"}))
        << shown(m);
    EXPECT_TRUE(m.reviews.first().startsWith("drops column public.t.a integer")) << shown(m);
}
