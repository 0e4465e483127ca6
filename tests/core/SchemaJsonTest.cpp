// SchemaJson: the snapshot form reads back to the very snapshot it was written from, field by
// field; the array form (schema --json --detail) reads too; malformed documents name where.
#include "SchemaSamples.h"

#include "schema/SchemaJson.h"

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace retort;
using namespace schemasample;

namespace {

void expectSameKey(const SchemaForeignKey &a, const SchemaForeignKey &b)
{
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.columns, b.columns);
    EXPECT_EQ(a.refSchema, b.refSchema);
    EXPECT_EQ(a.refTable, b.refTable);
    EXPECT_EQ(a.refColumns, b.refColumns);
    EXPECT_EQ(a.onDelete, b.onDelete);
    EXPECT_EQ(a.onUpdate, b.onUpdate);
    EXPECT_EQ(a.deferrable, b.deferrable);
    EXPECT_EQ(a.initiallyDeferred, b.initiallyDeferred);
    EXPECT_EQ(a.definition, b.definition);
    EXPECT_EQ(a.validated, b.validated);
}

void expectSameChecks(const std::vector<SchemaCheck> &a, const std::vector<SchemaCheck> &b)
{
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].name, b[i].name);
        EXPECT_EQ(a[i].definition, b[i].definition);
        EXPECT_EQ(a[i].validated, b[i].validated);
    }
}

void expectSame(const SchemaSnapshot &a, const SchemaSnapshot &b)
{
    EXPECT_EQ(a.driver, b.driver);
    EXPECT_EQ(a.serverVersion, b.serverVersion);
    EXPECT_EQ(a.schemas, b.schemas);
    ASSERT_EQ(a.relations.size(), b.relations.size());
    for (size_t n = 0; n < a.relations.size(); ++n) {
        const SchemaRelation &x = a.relations[n], &y = b.relations[n];
        SCOPED_TRACE(x.name.toStdString());
        EXPECT_EQ(x.schema, y.schema);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.kind, y.kind);
        EXPECT_EQ(x.owner, y.owner);
        EXPECT_EQ(x.comment, y.comment);
        EXPECT_EQ(x.ddl, y.ddl);
        EXPECT_EQ(x.definition, y.definition);
        EXPECT_EQ(x.incomplete, y.incomplete);
        EXPECT_EQ(x.rowsEstimate, y.rowsEstimate);
        EXPECT_EQ(x.sizeBytes, y.sizeBytes);
        EXPECT_EQ(x.withoutRowid, y.withoutRowid);
        EXPECT_EQ(x.strict, y.strict);
        EXPECT_EQ(x.partitionKey, y.partitionKey);
        EXPECT_EQ(x.partitions, y.partitions);
        EXPECT_EQ(x.partitionOf, y.partitionOf);
        EXPECT_EQ(x.partitionBound, y.partitionBound);
        EXPECT_EQ(x.engine, y.engine);
        ASSERT_EQ(x.columns.size(), y.columns.size());
        for (size_t i = 0; i < x.columns.size(); ++i) {
            const SchemaColumn &c = x.columns[i], &d = y.columns[i];
            EXPECT_EQ(c.name, d.name);
            EXPECT_EQ(c.type, d.type);
            EXPECT_EQ(c.nullable, d.nullable);
            EXPECT_EQ(c.defaultValue, d.defaultValue);
            EXPECT_EQ(c.collation, d.collation);
            EXPECT_EQ(c.generated, d.generated);
            EXPECT_EQ(c.identity, d.identity);
            EXPECT_EQ(c.comment, d.comment);
            EXPECT_EQ(c.storage, d.storage);
            EXPECT_EQ(c.primaryKeyPosition, d.primaryKeyPosition);
        }
        ASSERT_EQ(x.indexes.size(), y.indexes.size());
        for (size_t i = 0; i < x.indexes.size(); ++i) {
            const SchemaIndex &c = x.indexes[i], &d = y.indexes[i];
            EXPECT_EQ(c.name, d.name);
            EXPECT_EQ(c.definition, d.definition);
            EXPECT_EQ(c.columns, d.columns);
            EXPECT_EQ(c.unique, d.unique);
            EXPECT_EQ(c.primary, d.primary);
            EXPECT_EQ(c.partial, d.partial);
            EXPECT_EQ(c.origin, d.origin);
            EXPECT_EQ(c.method, d.method);
            EXPECT_EQ(c.constraint, d.constraint);
            EXPECT_EQ(c.valid, d.valid);
            EXPECT_EQ(c.sizeBytes, d.sizeBytes);
        }
        ASSERT_EQ(x.foreignKeys.size(), y.foreignKeys.size());
        for (size_t i = 0; i < x.foreignKeys.size(); ++i)
            expectSameKey(x.foreignKeys[i], y.foreignKeys[i]);
        expectSameChecks(x.checks, y.checks);
        ASSERT_EQ(x.triggers.size(), y.triggers.size());
        for (size_t i = 0; i < x.triggers.size(); ++i) {
            EXPECT_EQ(x.triggers[i].name, y.triggers[i].name);
            EXPECT_EQ(x.triggers[i].definition, y.triggers[i].definition);
        }
        ASSERT_EQ(x.referencedBy.size(), y.referencedBy.size());
        for (size_t i = 0; i < x.referencedBy.size(); ++i) {
            EXPECT_EQ(x.referencedBy[i].schema, y.referencedBy[i].schema);
            EXPECT_EQ(x.referencedBy[i].table, y.referencedBy[i].table);
            expectSameKey(x.referencedBy[i].key, y.referencedBy[i].key);
        }
    }
    ASSERT_EQ(a.sequences.size(), b.sequences.size());
    for (size_t i = 0; i < a.sequences.size(); ++i) {
        const SchemaSequence &x = a.sequences[i], &y = b.sequences[i];
        EXPECT_EQ(x.schema, y.schema);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.owner, y.owner);
        EXPECT_EQ(x.type, y.type);
        EXPECT_EQ(x.start, y.start);
        EXPECT_EQ(x.increment, y.increment);
        EXPECT_EQ(x.minValue, y.minValue);
        EXPECT_EQ(x.maxValue, y.maxValue);
        EXPECT_EQ(x.cache, y.cache);
        EXPECT_EQ(x.cycle, y.cycle);
        EXPECT_EQ(x.ownedBy, y.ownedBy);
        EXPECT_EQ(x.ddl, y.ddl);
    }
    ASSERT_EQ(a.types.size(), b.types.size());
    for (size_t i = 0; i < a.types.size(); ++i) {
        const SchemaType &x = a.types[i], &y = b.types[i];
        EXPECT_EQ(x.schema, y.schema);
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.owner, y.owner);
        EXPECT_EQ(x.kind, y.kind);
        EXPECT_EQ(x.labels, y.labels);
        EXPECT_EQ(x.baseType, y.baseType);
        EXPECT_EQ(x.notNull, y.notNull);
        EXPECT_EQ(x.defaultValue, y.defaultValue);
        expectSameChecks(x.checks, y.checks);
        EXPECT_EQ(x.collation, y.collation);
        EXPECT_EQ(x.comment, y.comment);
        EXPECT_EQ(x.ddl, y.ddl);
    }
}

// The sample with the fields only SQLite, MySQL or partitions set.
SchemaSnapshot richer()
{
    SchemaSnapshot s = rich();
    SchemaRelation &customers = relation(s, "customers");
    customers.withoutRowid = true;
    customers.strict = true;
    customers.engine = "InnoDB";
    customers.incomplete = "locked by a migration";
    customers.partitionKey = "RANGE (id)";
    customers.partitions = {"public.customers_2026"};
    customers.indexes[1].origin = "u";
    customers.indexes[1].valid = false;
    relation(s, "orders").partitionOf = "public.all_orders";
    relation(s, "orders").partitionBound = "FOR VALUES FROM (1) TO (100)";
    relation(s, "orders").foreignKeys[0].deferrable = true;
    relation(s, "orders").foreignKeys[0].initiallyDeferred = true;
    relation(s, "orders").foreignKeys[0].validated = false;
    col(s, "orders", "status").collation = "C";
    s.sequences[1].cycle = true;
    s.sequences[1].minValue = -5;
    return s;
}

QByteArray bytes(const QJsonDocument &doc)
{
    return doc.toJson(QJsonDocument::Compact);
}

} // namespace

TEST(SchemaJson, TheSnapshotFormRoundTripsFieldByField)
{
    const SchemaSnapshot original = richer();
    const Result<SchemaSnapshot> back =
        snapshotFromJson(QJsonDocument(snapshotToJson(original)).toJson());
    ASSERT_TRUE(back) << back.error().toString().toStdString();
    expectSame(original, *back);
    // 2^63 - 1 is written as text: doubles would round it.
    EXPECT_EQ(back->sequences[1].maxValue, 9223372036854775807LL);
}

TEST(SchemaJson, TheArrayFormReadsItsRelations)
{
    const SchemaSnapshot original = rich();
    const Result<SchemaSnapshot> back =
        snapshotFromJson(bytes(QJsonDocument(relationsToJson(original))));
    ASSERT_TRUE(back) << back.error().toString().toStdString();
    EXPECT_EQ(back->schemas, QStringList{"public"});
    EXPECT_TRUE(back->sequences.empty());
    SchemaSnapshot relationsOnly = original;
    relationsOnly.driver.clear();
    relationsOnly.serverVersion.clear();
    relationsOnly.sequences.clear();
    relationsOnly.types.clear();
    expectSame(relationsOnly, *back); // key positions come back from the primary indexes
}

TEST(SchemaJson, MalformedInputNamesWhere)
{
    auto error = [](const QByteArray &json) {
        const Result<SchemaSnapshot> r = snapshotFromJson(json, "prod.json");
        return r ? QString() : r.error().toString();
    };
    EXPECT_EQ(error("{\"relations\": [{\"name\": \"a\"}, {\"name\": \"b\", \"columns\": "
                    "[{\"name\": \"x\", \"type\": \"int\"}, {\"name\": \"y\", \"type\": 3}]}]}"),
              "prod.json: relations[1].columns[1].type: expected a non-empty string");
    EXPECT_EQ(error("[{\"name\": \"a\", \"kind\": \"index\"}]"),
              "prod.json: relations[0].kind: unknown relation kind \"index\" (table, partitioned "
              "table, view, materialized view)");
    EXPECT_EQ(error("[{\"name\": \"a\", \"indexes\": [{\"name\": \"i\", \"unique\": \"yes\"}]}]"),
              "prod.json: relations[0].indexes[0].unique: expected true or false");
    EXPECT_EQ(error("{\"relations\": [], \"sequences\": [{\"name\": \"s\", \"start\": \"x\"}]}"),
              "prod.json: sequences[0].start: expected a whole number");
    EXPECT_EQ(error("{\"driver\": \"sqlite\"}"),
              "prod.json: relations: expected an array (a snapshot object has driver, "
              "server_version, schemas, relations, sequences, types)");
    EXPECT_EQ(error("[1]"), "prod.json: relations[0]: expected an object");
    EXPECT_TRUE(error("\"text\"").startsWith("prod.json: not JSON: ")); // Qt wants a container
    EXPECT_TRUE(error("[{\"name\": ").startsWith("prod.json: not JSON: "))
        << error("[{").toStdString();
}
