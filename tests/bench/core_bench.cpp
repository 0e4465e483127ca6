// Core benchmarks on a generated project (tests/bench/gen_project.py): loading and validating
// the scripts, building the graph, planning `upgrade heads` from base, and `history`.
// The project folder comes from RETORT_BENCH_PROJECT (run_bench.sh sets it).
#include "graph/LaneLayout.h"
#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "scripts/ScriptParser.h"

#include <QCoreApplication>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

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

} // namespace

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
