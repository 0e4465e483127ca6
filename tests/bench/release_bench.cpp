// The release map (release/GitReleases.h) of a project with 10,000 revisions in a git repository
// of 10,000 commits and 20 tags (one every 500 commits); target under 2 s. The repository is
// made with `git fast-import` (seconds, not minutes) in a temporary folder and the project
// loaded once, outside the timing; each iteration runs readReleaseMap from scratch (its three
// git runs and the parsing).
#include "base/Git.h"
#include "project/Workspace.h"
#include "release/GitReleases.h"

#include <QDir>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>

using namespace retort;

namespace {

constexpr int kRevisions = 10000;
constexpr int kTagEvery = 500;

QString revId(int i)
{
    return QStringLiteral("r%1").arg(i, 6, 10, QLatin1Char('0'));
}

// The fast-import stream: commit i adds db/versions/<rev>_m.sql revising the one before.
QByteArray stream()
{
    QByteArray s;
    auto data = [&](const QByteArray &bytes) {
        s += "data " + QByteArray::number(bytes.size()) + "\n" + bytes + "\n";
    };
    const QByteArray toml = "[project]\nname = \"bench\"\nscripts = \"versions\"\n";
    for (int i = 1; i <= kRevisions; ++i) {
        const QByteArray id = revId(i).toLatin1();
        const QByteArray down = i == 1 ? QByteArray() : revId(i - 1).toLatin1();
        const QByteArray script =
            "-- m " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + down +
            "\n\n-- migrate:upgrade\nCREATE TABLE t_" + id +
            " (id INTEGER);\n\n-- migrate:downgrade\nDROP TABLE t_" + id + ";\n";
        const QByteArray when = QByteArray::number(1767225600 + i * 60) + " +0000";
        s += "commit refs/heads/main\nmark :" + QByteArray::number(i) + "\n";
        s += "author Dev <dev@example.com> " + when + "\ncommitter Dev <dev@example.com> " + when +
             "\n";
        data("add " + id);
        if (i > 1)
            s += "from :" + QByteArray::number(i - 1) + "\n";
        else {
            s += "M 100644 inline db/retort.toml\n";
            data(toml);
        }
        s += "M 100644 inline db/versions/" + id + "_m.sql\n";
        data(script);
        if (i % kTagEvery == 0) {
            s += "tag v" + QByteArray::number(i / kTagEvery) +
                 ".0\nfrom :" + QByteArray::number(i) + "\ntagger Dev <dev@example.com> " + when +
                 "\n";
            data("release");
        }
    }
    return s;
}

std::unique_ptr<Workspace> g_ws;

void BM_ReleaseMap10k(benchmark::State &state)
{
    for (auto _ : state) {
        ReleaseMap map = readReleaseMap(*g_ws);
        if (!map.available() || map.origins.size() != kRevisions) {
            state.SkipWithError("the map is incomplete");
            return;
        }
        benchmark::DoNotOptimize(map);
    }
}
BENCHMARK(BM_ReleaseMap10k)->Unit(benchmark::kMillisecond)->Iterations(5);

} // namespace

int main(int argc, char **argv)
{
    QTemporaryDir dir;
    const QString repo = dir.filePath(QStringLiteral("repo"));
    QDir().mkpath(repo);
    if (!runGit(repo, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                       QStringLiteral("main")})
             .ok())
        return 2;
    const GitOutput imported =
        runGit(repo, {QStringLiteral("fast-import"), QStringLiteral("--quiet")}, 300000, stream());
    if (!imported.ok()) {
        std::cerr << "fast-import failed: " << imported.err.toStdString() << "\n";
        return 2;
    }
    runGit(repo, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    auto ws = Workspace::load(repo + QStringLiteral("/db"));
    if (!ws || (*ws)->scripts().size() != size_t(kRevisions)) {
        std::cerr << "the generated project did not load\n";
        return 2;
    }
    g_ws = std::move(*ws);
    const ReleaseMap map = readReleaseMap(*g_ws);
    std::cerr << "revisions: " << map.origins.size() << ", tags: " << map.tags.size()
              << ", r000001 in " << map.origin(revId(1))->release.toStdString() << ", r010000 "
              << (map.origin(revId(kRevisions))->release.isEmpty() ? "unreleased" : "released")
              << "\n";
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    g_ws.reset();
    return 0;
}
