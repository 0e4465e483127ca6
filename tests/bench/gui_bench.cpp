// GUI benchmarks on a generated project (tests/bench/gen_project.py), offscreen: building the
// revision model (history order + lane layout) and painting one screen of the revision view.
// The project folder comes from RETORT_BENCH_PROJECT (run_bench.sh sets it).
#include "LaneDelegate.h"
#include "MainWindow.h"
#include "MarkerBadgeDelegate.h"
#include "RevisionListModel.h"
#include "project/Workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

using namespace retort;

namespace {

std::shared_ptr<const Workspace> workspace()
{
    static std::shared_ptr<const Workspace> ws = [] {
        const char *p = std::getenv("RETORT_BENCH_PROJECT");
        auto r = Workspace::load(p ? QString::fromLocal8Bit(p) : QString());
        if (!r) {
            std::cerr << "cannot load the project: " << qPrintable(r.error().toString()) << "\n";
            std::exit(2);
        }
        return std::shared_ptr<const Workspace>(std::move(*r));
    }();
    return ws;
}

void modelBuild(benchmark::State &state)
{
    gui::RevisionListModel model;
    for (auto _ : state) {
        model.setWorkspace(workspace());
        benchmark::DoNotOptimize(model.rowCount());
    }
    state.counters["rows"] = model.rowCount();
}

// One screen (1200×800) of the revision view painted, scrolled to the middle of the history.
void paintOneScreen(benchmark::State &state)
{
    gui::RevisionListModel model;
    model.setWorkspace(workspace());
    QTreeView view;
    view.setRootIsDecorated(false);
    view.setUniformRowHeights(true);
    view.setModel(&model);
    view.setItemDelegate(new gui::MarkerBadgeDelegate(&view));
    view.setItemDelegateForColumn(gui::RevisionListModel::GraphColumn,
                                  new gui::LaneDelegate(&view));
    view.resize(1200, 800);
    view.scrollTo(model.index(model.rowCount() / 2, 0));
    for (auto _ : state) {
        QPixmap pixmap = view.grab();
        benchmark::DoNotOptimize(pixmap.cacheKey());
    }
}

// The whole window: from openProject() (the window is already shown) until the revisions are
// listed — loading in the worker thread, the model, the lanes and the first paint.
void openProjectUntilListed(benchmark::State &state)
{
    const char *p = std::getenv("RETORT_BENCH_PROJECT");
    const QString dir = p ? QString::fromLocal8Bit(p) : QString();
    for (auto _ : state) {
        gui::MainWindow window;
        window.resize(1200, 800);
        window.show();
        QElapsedTimer timer;
        timer.start();
        window.openProject(dir);
        while (window.isLoading())
            QTest::qWait(1);
        window.repaint();
        state.SetIterationTime(double(timer.nsecsElapsed()) / 1e9);
        if (window.revisionModel()->rowCount() == 0)
            state.SkipWithError("nothing listed");
    }
}

} // namespace

BENCHMARK(openProjectUntilListed)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(5);
BENCHMARK(modelBuild)->Unit(benchmark::kMillisecond);
BENCHMARK(paintOneScreen)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true); // keep the user's settings out of it
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
