// expectedSchema (workflows/ExpectedSchema.h) on the demo project (migrations/, 12 revisions,
// SQLite): the whole call with the cache off — plan, a scratch file, the replay with Retort's
// runner, the inspection, the file removed — and, for comparison, a cache hit.
#include "project/Workspace.h"
#include "workflows/ExpectedSchema.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

using namespace retort;

namespace {

const Workspace &demo()
{
    static std::unique_ptr<Workspace> ws = [] {
        auto loaded = Workspace::load(QStringLiteral(RETORT_SOURCE_DIR "/migrations"));
        if (!loaded) {
            std::cerr << loaded.error().toString().toStdString() << '\n';
            std::exit(2);
        }
        return std::move(*loaded);
    }();
    return *ws;
}

void replay(benchmark::State &state, bool cache)
{
    const Workspace &ws = demo();
    ExpectedSchemaOptions opts;
    opts.useCache = cache;
    clearExpectedSchemaCache();
    for (auto _ : state) {
        auto s = expectedSchema(ws, {QStringLiteral("heads")}, QStringLiteral("sqlite"), opts);
        if (!s) {
            state.SkipWithError(s.error().toString().toStdString().c_str());
            return;
        }
        benchmark::DoNotOptimize(s->relations.size());
    }
}

void BM_ReplayDemoSqliteNoCache(benchmark::State &state)
{
    replay(state, false);
}
BENCHMARK(BM_ReplayDemoSqliteNoCache)->Unit(benchmark::kMillisecond);

void BM_ReplayDemoSqliteCacheHit(benchmark::State &state)
{
    replay(state, true);
}
BENCHMARK(BM_ReplayDemoSqliteCacheHit)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
