// Core benchmarks on a generated project (tests/bench/gen_project.py): loading and validating
// the scripts, building the graph, planning `upgrade heads` from base, and `history`.
// The project folder comes from RETORT_BENCH_PROJECT (run_bench.sh sets it).
// The idTable* benchmarks need no project: they weigh the graph's id table (RevisionIdTable)
// against QHash<QString, int> and tsl::robin_map on 10,000 generated 12-hex-character ids.
#include "graph/LaneLayout.h"
#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "scripts/ScriptParser.h"

#include <QCoreApplication>

#include <QHash>

#include <benchmark/benchmark.h>
#include <tsl/robin_map.h>

#include <cstdlib>
#include <iostream>
#include <random>
#include <unordered_set>

using namespace retort;

namespace {

QString projectDir()
{
    const char *p = std::getenv("RETORT_BENCH_PROJECT");
    return p ? QString::fromLocal8Bit(p) : QString();
}

const Workspace &workspace()
{
    static std::unique_ptr<Workspace> ws = [] {
        auto r = Workspace::load(projectDir());
        if (!r) {
            std::cerr << "cannot load " << qPrintable(projectDir()) << ": "
                      << qPrintable(r.error().toString()) << "\n";
            std::exit(2);
        }
        return std::move(*r);
    }();
    return *ws;
}

void loadScriptsOnly(benchmark::State &state)
{
    const QString dir = workspace().project().scriptsDir;
    for (auto _ : state) {
        ScriptLoad load = loadScripts(dir);
        benchmark::DoNotOptimize(load.scripts.data());
    }
    state.counters["revisions"] = double(workspace().scripts().size());
}

void buildGraph(benchmark::State &state)
{
    const auto &scripts = workspace().scripts();
    for (auto _ : state) {
        std::vector<Error> errors;
        RevisionGraph g = RevisionGraph::build(scripts, errors);
        benchmark::DoNotOptimize(g.size());
    }
}

// Load and validate: retort.toml, every script, the graph.
void loadAndValidate(benchmark::State &state)
{
    for (auto _ : state) {
        auto ws = Workspace::load(projectDir());
        benchmark::DoNotOptimize(ws.ok());
    }
}

void planUpgradeHeadsFromBase(benchmark::State &state)
{
    const RevisionGraph &g = workspace().graph();
    for (auto _ : state) {
        auto plan = g.planUpgrade({}, QStringLiteral("heads"));
        if (!plan.ok())
            state.SkipWithError("plan failed");
        benchmark::DoNotOptimize(plan->steps.size());
    }
}

void planDowngradeBaseFromHeads(benchmark::State &state)
{
    const RevisionGraph &g = workspace().graph();
    const QStringList heads = g.ids(g.realHeads());
    for (auto _ : state) {
        auto plan = g.planDowngrade(heads, QStringLiteral("base"));
        if (!plan.ok())
            state.SkipWithError("plan failed");
        benchmark::DoNotOptimize(plan->steps.size());
    }
}

void historyAll(benchmark::State &state)
{
    const RevisionGraph &g = workspace().graph();
    for (auto _ : state) {
        auto h = g.history();
        benchmark::DoNotOptimize(h->size());
    }
}

// The graph view's lane column for every row.
void laneLayoutAll(benchmark::State &state)
{
    const RevisionGraph &g = workspace().graph();
    const std::vector<int> rows = *g.history();
    for (auto _ : state) {
        auto lanes = layoutLanes(g, rows);
        benchmark::DoNotOptimize(lanes.data());
    }
}

// ---------------------------------------------------------------------------------------------
// Id tables: revision id -> index, as RevisionGraph::build fills and queries it.

constexpr int kIdCount = 10000;

// 2 * kIdCount distinct random 12-hex-character ids (Alembic's id format), fixed seed: the first
// half is stored, the second half is only looked up (misses). Each query is a deep copy, as the
// scripts' "Revises" strings are not the ids' own storage.
struct IdSample {
    std::vector<QString> stored, hits, misses;
};

const IdSample &idSample()
{
    static const IdSample sample = [] {
        IdSample s;
        std::mt19937_64 rng(20240601);
        std::unordered_set<std::uint64_t> seen;
        while (seen.size() < size_t(2 * kIdCount)) {
            const std::uint64_t v = rng() & 0xffffffffffffULL; // 48 bits = 12 hex digits
            if (!seen.insert(v).second)
                continue;
            const QString id = QStringLiteral("%1").arg(v, 12, 16, QLatin1Char('0'));
            if (s.stored.size() < size_t(kIdCount)) {
                s.stored.push_back(id);
                s.hits.push_back(QString(id.constData(), id.size()));
            } else {
                s.misses.push_back(id);
            }
        }
        return s;
    }();
    return sample;
}

// The graph's own table: keys are not stored but read back from the ids (here `keys`).
struct CustomIdTable {
    const std::vector<QString> *keys = nullptr;
    RevisionIdTable table;
    // Sizes the table for `ids`, which later inserts take their keys from.
    void start(const std::vector<QString> &ids)
    {
        keys = &ids;
        table = RevisionIdTable(ids.size());
    }
    void insert(const QString &id, int i)
    {
        table.insert(id, i, [this](int k) { return QStringView((*keys)[size_t(k)]); });
    }
    void build(const std::vector<QString> &ids)
    {
        start(ids);
        for (size_t i = 0; i < ids.size(); ++i)
            insert(ids[i], int(i));
    }
    int find(const QString &id) const
    {
        return table.find(id, [this](int k) { return QStringView((*keys)[size_t(k)]); });
    }
};

struct QHashIdTable {
    QHash<QString, int> table;
    void start(const std::vector<QString> &ids)
    {
        table = {};
        table.reserve(qsizetype(ids.size()));
    }
    void insert(const QString &id, int i) { table.insert(id, i); }
    void build(const std::vector<QString> &ids)
    {
        start(ids);
        for (size_t i = 0; i < ids.size(); ++i)
            insert(ids[i], int(i));
    }
    // Qt 6.4's QHash has no lookup by QStringView: the queries are QStrings (as in build()).
    int find(const QString &id) const { return table.value(id, -1); }
};

// Heterogeneous (QStringView) lookup, as the graph's indexOf takes a view.
struct IdViewHash {
    using is_transparent = void;
    size_t operator()(QStringView s) const { return qHash(s); }
};
struct IdViewEqual {
    using is_transparent = void;
    bool operator()(QStringView a, QStringView b) const { return a == b; }
};

template <bool StoreHash> struct RobinIdTable {
    tsl::robin_map<QString, int, IdViewHash, IdViewEqual, std::allocator<std::pair<QString, int>>,
                   StoreHash>
        table;
    void start(const std::vector<QString> &ids)
    {
        table = {};
        table.reserve(ids.size());
    }
    void insert(const QString &id, int i) { table.emplace(id, i); }
    void build(const std::vector<QString> &ids)
    {
        start(ids);
        for (size_t i = 0; i < ids.size(); ++i)
            insert(ids[i], int(i));
    }
    int find(const QString &id) const
    {
        const auto it = table.find(QStringView(id));
        return it == table.end() ? -1 : it->second;
    }
};

template <typename Table> void idTableBuild(benchmark::State &state)
{
    const IdSample &s = idSample();
    for (auto _ : state) {
        Table t;
        t.build(s.stored);
        benchmark::DoNotOptimize(t.find(s.hits.front()));
    }
    state.SetItemsProcessed(state.iterations() * kIdCount);
}

template <typename Table>
void idTableLookups(benchmark::State &state, const std::vector<QString> &queries, bool hits)
{
    Table t;
    t.build(idSample().stored);
    for (auto _ : state) {
        int found = 0;
        for (const QString &q : queries)
            found += t.find(q) >= 0 ? 1 : 0;
        if (found != (hits ? kIdCount : 0))
            state.SkipWithError("wrong lookup result");
        benchmark::DoNotOptimize(found);
    }
    state.SetItemsProcessed(state.iterations() * qint64(queries.size()));
}

template <typename Table> void idTableHits(benchmark::State &state)
{
    idTableLookups<Table>(state, idSample().hits, true);
}

template <typename Table> void idTableMisses(benchmark::State &state)
{
    idTableLookups<Table>(state, idSample().misses, false);
}

// The pattern of RevisionGraph::build: each id is looked up (a miss: the duplicate check) and
// inserted, then each revision's parent (the previous id) is looked up (a hit).
template <typename Table> void idTableGraphPattern(benchmark::State &state)
{
    const IdSample &s = idSample();
    for (auto _ : state) {
        Table t;
        t.start(s.stored);
        for (size_t i = 0; i < s.stored.size(); ++i)
            if (t.find(s.stored[i]) < 0)
                t.insert(s.stored[i], int(i));
        int found = 0;
        for (size_t i = 1; i < s.hits.size(); ++i)
            found += t.find(s.hits[i - 1]) >= 0 ? 1 : 0;
        if (found != kIdCount - 1)
            state.SkipWithError("wrong lookup result");
        benchmark::DoNotOptimize(found);
    }
    state.SetItemsProcessed(state.iterations() * kIdCount);
}

} // namespace

BENCHMARK_TEMPLATE(idTableGraphPattern, CustomIdTable);
BENCHMARK_TEMPLATE(idTableGraphPattern, QHashIdTable);
BENCHMARK_TEMPLATE(idTableGraphPattern, RobinIdTable<false>);
BENCHMARK_TEMPLATE(idTableGraphPattern, RobinIdTable<true>);
BENCHMARK_TEMPLATE(idTableBuild, CustomIdTable);
BENCHMARK_TEMPLATE(idTableBuild, QHashIdTable);
BENCHMARK_TEMPLATE(idTableBuild, RobinIdTable<false>);
BENCHMARK_TEMPLATE(idTableBuild, RobinIdTable<true>);
BENCHMARK_TEMPLATE(idTableHits, CustomIdTable);
BENCHMARK_TEMPLATE(idTableHits, QHashIdTable);
BENCHMARK_TEMPLATE(idTableHits, RobinIdTable<false>);
BENCHMARK_TEMPLATE(idTableHits, RobinIdTable<true>);
BENCHMARK_TEMPLATE(idTableMisses, CustomIdTable);
BENCHMARK_TEMPLATE(idTableMisses, QHashIdTable);
BENCHMARK_TEMPLATE(idTableMisses, RobinIdTable<false>);
BENCHMARK_TEMPLATE(idTableMisses, RobinIdTable<true>);

BENCHMARK(loadScriptsOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(buildGraph)->Unit(benchmark::kMillisecond);
BENCHMARK(loadAndValidate)->Unit(benchmark::kMillisecond);
BENCHMARK(planUpgradeHeadsFromBase)->Unit(benchmark::kMillisecond);
BENCHMARK(planDowngradeBaseFromHeads)->Unit(benchmark::kMillisecond);
BENCHMARK(historyAll)->Unit(benchmark::kMillisecond);
BENCHMARK(laneLayoutAll)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (projectDir().isEmpty()) {
        std::cerr << "set RETORT_BENCH_PROJECT to a project folder (see run_bench.sh)\n";
        return 2;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
