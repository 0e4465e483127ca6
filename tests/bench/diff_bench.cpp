// The schema diff (schema/SchemaDiff.h) of two synthetic PostgreSQL-flavoured snapshots of 1,000
// tables (10 columns, 2 indexes, 1 foreign key each) differing in a few places: a column type, an
// index, a default spelled differently (equal through the parse tree), a table added and one
// dropped. Also reading the snapshot form back from JSON (schema/SchemaJson.h). Target: the diff
// under 200 ms (issue 14).
#include "schema/SchemaDiff.h"
#include "schema/SchemaJson.h"

#include <QJsonDocument>

#include <benchmark/benchmark.h>

using namespace retort;

namespace {

SchemaSnapshot synthetic(int tables)
{
    SchemaSnapshot s;
    s.driver = QStringLiteral("postgresql");
    s.schemas = {QStringLiteral("public")};
    for (int t = 0; t < tables; ++t) {
        SchemaRelation r;
        r.schema = QStringLiteral("public");
        r.name = QStringLiteral("table_%1").arg(t, 4, 10, QLatin1Char('0'));
        r.rowsEstimate = t * 10;
        for (int c = 0; c < 10; ++c) {
            SchemaColumn col;
            col.name = c == 0 ? QStringLiteral("id") : QStringLiteral("col_%1").arg(c);
            col.type =
                c == 0 ? QStringLiteral("integer")
                       : (c % 3 == 0 ? QStringLiteral("text") : QStringLiteral("numeric(10,2)"));
            col.nullable = c != 0;
            if (c % 4 == 1)
                col.defaultValue = QStringLiteral("'none'::text");
            col.primaryKeyPosition = c == 0 ? 1 : 0;
            r.columns.push_back(col);
        }
        auto index = [&](const QString &name, const QString &columns, bool primary) {
            SchemaIndex i;
            i.name = name;
            i.primary = i.unique = primary;
            i.definition =
                QStringLiteral("CREATE %1INDEX %2 ON public.%3 USING btree (%4)")
                    .arg(primary ? QStringLiteral("UNIQUE ") : QString(), name, r.name, columns);
            i.columns = {columns};
            i.method = QStringLiteral("btree");
            r.indexes.push_back(i);
        };
        index(r.name + QStringLiteral("_pkey"), QStringLiteral("id"), true);
        index(QStringLiteral("ix_") + r.name + QStringLiteral("_col_1"), QStringLiteral("col_1"),
              false);
        SchemaForeignKey key;
        key.name = r.name + QStringLiteral("_col_2_fkey");
        key.columns = {QStringLiteral("col_2")};
        key.refSchema = QStringLiteral("public");
        key.refTable = QStringLiteral("table_%1").arg((t + 1) % tables, 4, 10, QLatin1Char('0'));
        key.refColumns = {QStringLiteral("id")};
        key.onDelete = key.onUpdate = QStringLiteral("NO ACTION");
        r.foreignKeys.push_back(key);
        s.relations.push_back(r);
    }
    return s;
}

SchemaSnapshot changed(SchemaSnapshot s)
{
    s.relations[10].columns[3].type = QStringLiteral("varchar(20)");
    s.relations[20].indexes[1].definition.replace(QStringLiteral("btree"), QStringLiteral("hash"));
    s.relations[30].columns[1].defaultValue = QStringLiteral("CAST('none' AS text)"); // equal
    s.relations[40].columns.pop_back();
    s.relations.erase(s.relations.begin() + 500);
    SchemaRelation added = s.relations[0];
    added.name = QStringLiteral("zz_new");
    added.columns.pop_back();
    s.relations.push_back(added);
    return s;
}

void BM_DiffThousandTables(benchmark::State &state)
{
    const SchemaSnapshot a = synthetic(int(state.range(0)));
    const SchemaSnapshot b = changed(a);
    size_t changes = 0;
    for (auto _ : state) {
        const SchemaDiff d = diffSchemas(a, b);
        changes = d.changes.size();
        benchmark::DoNotOptimize(changes);
    }
    state.counters["changes"] = double(changes);
}
BENCHMARK(BM_DiffThousandTables)->Arg(1000)->Unit(benchmark::kMillisecond);

// The worst case for the parser: every default (3,000) and every index (2,000) spelled otherwise
// on one side, equal through libpg_query's parse tree.
void BM_DiffThousandTablesAllRespelled(benchmark::State &state)
{
    const SchemaSnapshot a = synthetic(int(state.range(0)));
    SchemaSnapshot b = a;
    for (SchemaRelation &r : b.relations) {
        for (SchemaColumn &c : r.columns)
            if (c.defaultValue)
                c.defaultValue = QStringLiteral("CAST('none' AS text)");
        for (SchemaIndex &i : r.indexes)
            i.definition.replace(QStringLiteral(" USING btree"), QStringLiteral(" USING  btree"));
    }
    size_t changes = 0;
    for (auto _ : state) {
        changes = diffSchemas(a, b).changes.size();
        benchmark::DoNotOptimize(changes);
    }
    state.counters["changes"] = double(changes);
}
BENCHMARK(BM_DiffThousandTablesAllRespelled)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_ReadSnapshotJson(benchmark::State &state)
{
    const QByteArray json = QJsonDocument(snapshotToJson(synthetic(int(state.range(0))))).toJson();
    for (auto _ : state) {
        Result<SchemaSnapshot> s = snapshotFromJson(json);
        benchmark::DoNotOptimize(s.ok());
    }
    state.counters["bytes"] = double(json.size());
}
BENCHMARK(BM_ReadSnapshotJson)->Arg(1000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
