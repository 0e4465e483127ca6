#pragma once
// A rich PostgreSQL-flavoured snapshot for SchemaDiffTest and SchemaJsonTest: every object kind
// and most attributes are set, as PostgresInspector would fill them.

#include "schema/SchemaModel.h"

namespace schemasample {

inline retort::SchemaColumn column(const QString &name, const QString &type, bool nullable = true,
                                   std::optional<QString> def = std::nullopt, int pk = 0)
{
    retort::SchemaColumn c;
    c.name = name;
    c.type = type;
    c.nullable = nullable;
    c.defaultValue = def;
    c.primaryKeyPosition = pk;
    c.storage = "plain";
    return c;
}

inline retort::SchemaIndex index(const QString &name, const QString &definition,
                                 const QStringList &columns, bool unique = false,
                                 bool primary = false, const QString &constraint = {})
{
    retort::SchemaIndex i;
    i.name = name;
    i.definition = definition;
    i.columns = columns;
    i.unique = unique;
    i.primary = primary;
    i.constraint = constraint;
    i.method = "btree";
    i.sizeBytes = 8192;
    return i;
}

inline retort::SchemaSnapshot rich()
{
    using namespace retort;
    SchemaSnapshot s;
    s.driver = "postgresql";
    s.serverVersion = "PostgreSQL 15.4";
    s.schemas = {"public"};

    SchemaRelation alembic;
    alembic.schema = "public";
    alembic.name = "alembic_version";
    alembic.columns = {column("version_num", "character varying(32)", false, {}, 1)};
    alembic.indexes = {index("alembic_version_pkc",
                             "CREATE UNIQUE INDEX alembic_version_pkc ON public.alembic_version "
                             "USING btree (version_num)",
                             {"version_num"}, true, true, "primary key")};

    SchemaRelation big;
    big.schema = "public";
    big.name = "big_orders";
    big.kind = RelationKind::View;
    big.owner = "app";
    big.definition = " SELECT orders.id\n   FROM orders\n  WHERE (orders.total > (100)::numeric);";
    big.columns = {column("id", "integer")};

    SchemaRelation customers;
    customers.schema = "public";
    customers.name = "customers";
    customers.owner = "app";
    customers.comment = "who buys";
    customers.rowsEstimate = 1200;
    customers.sizeBytes = 65536;
    customers.ddl = "CREATE TABLE public.customers (...)";
    customers.columns = {column("id", "integer", false, "nextval('customers_id_seq'::regclass)", 1),
                         column("email", "character varying(120)", false), column("note", "text")};
    customers.columns[2].collation = "C";
    customers.columns[2].comment = "free text";
    customers.indexes = {
        index("customers_pkey",
              "CREATE UNIQUE INDEX customers_pkey ON public.customers USING btree (id)", {"id"},
              true, true, "primary key"),
        index("customers_email_key",
              "CREATE UNIQUE INDEX customers_email_key ON public.customers USING btree (email)",
              {"email"}, true, false, "unique")};

    SchemaRelation orders;
    orders.schema = "public";
    orders.name = "orders";
    orders.owner = "app";
    orders.rowsEstimate = 5000;
    orders.columns = {
        column("id", "integer", false, {}, 1), column("customer_id", "integer", false),
        column("total", "numeric(10,2)", true, "0"), column("status", "mood", false, "'ok'::mood"),
        column("doubled", "numeric", true, "(total * (2)::numeric)")};
    orders.columns[0].identity = "always";
    orders.columns[4].generated = "stored";
    orders.indexes = {
        index("orders_pkey", "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)",
              {"id"}, true, true, "primary key"),
        index("ix_orders_big",
              "CREATE INDEX ix_orders_big ON public.orders USING btree (total) WHERE (total > "
              "(100)::numeric)",
              {"total"}),
        index("ix_orders_customer",
              "CREATE INDEX ix_orders_customer ON public.orders USING btree (customer_id)",
              {"customer_id"})};
    orders.indexes[1].partial = true;
    SchemaForeignKey key;
    key.name = "orders_customer_id_fkey";
    key.columns = {"customer_id"};
    key.refSchema = "public";
    key.refTable = "customers";
    key.refColumns = {"id"};
    key.onDelete = "CASCADE";
    key.onUpdate = "NO ACTION";
    key.definition = "FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE";
    orders.foreignKeys = {key};
    customers.referencedBy = {{"public", "orders", key}};
    orders.checks = {{"orders_total_check", "CHECK ((total >= (0)::numeric))", true},
                     {"positive_doubled", "CHECK ((doubled >= (0)::numeric)) NOT VALID", false}};
    orders.triggers = {{"orders_audit", "CREATE TRIGGER orders_audit AFTER INSERT ON "
                                        "public.orders FOR EACH ROW EXECUTE FUNCTION audit()"}};

    SchemaRelation totals;
    totals.schema = "public";
    totals.name = "totals";
    totals.kind = RelationKind::MaterializedView;
    totals.definition = " SELECT sum(orders.total) AS sum\n   FROM orders;";
    totals.columns = {column("sum", "numeric")};

    s.relations = {alembic, big, customers, orders, totals};

    SchemaSequence serial;
    serial.schema = "public";
    serial.name = "customers_id_seq";
    serial.type = "integer";
    serial.maxValue = 2147483647;
    serial.ownedBy = "public.customers.id";
    serial.ddl = "CREATE SEQUENCE public.customers_id_seq AS integer";
    SchemaSequence invoice;
    invoice.schema = "public";
    invoice.name = "invoice_no";
    invoice.owner = "app";
    invoice.type = "bigint";
    invoice.start = 1000;
    invoice.maxValue = 9223372036854775807LL;
    invoice.cache = 10;
    invoice.ddl = "CREATE SEQUENCE public.invoice_no START WITH 1000 CACHE 10";
    s.sequences = {serial, invoice};

    SchemaType mood;
    mood.schema = "public";
    mood.name = "mood";
    mood.kind = "enum";
    mood.owner = "app";
    mood.labels = {"sad", "ok", "happy"};
    mood.ddl = "CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy')";
    SchemaType posint;
    posint.schema = "public";
    posint.name = "posint";
    posint.kind = "domain";
    posint.baseType = "integer";
    posint.notNull = true;
    posint.defaultValue = "1";
    posint.checks = {{"posint_check", "CHECK ((VALUE > 0))", true}};
    posint.collation = "";
    posint.comment = "positive";
    posint.ddl = "CREATE DOMAIN public.posint AS integer";
    s.types = {mood, posint};
    return s;
}

inline retort::SchemaRelation &relation(retort::SchemaSnapshot &s, const QString &name)
{
    for (retort::SchemaRelation &r : s.relations)
        if (r.name == name)
            return r;
    return s.relations.front();
}

inline retort::SchemaColumn &col(retort::SchemaSnapshot &s, const QString &table,
                                 const QString &name)
{
    for (retort::SchemaColumn &c : relation(s, table).columns)
        if (c.name == name)
            return c;
    return relation(s, table).columns.front();
}

} // namespace schemasample
