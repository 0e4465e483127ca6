// The parts of a new RevisionGraph derived from its edges (steps 5-6 of RevisionGraph::build,
// graph/GraphBuild.cpp; step 7, the branch labels, is graph/LabelSpread.cpp): levels and a
// topological order, normalized dependencies. Each is linear in the edges (times a small bitset
// width), allocates its buffers once, and never walks the ancestors of one revision at a time: on
// 10,000 revisions with a thousand depends_on that walk was most of the build
// (tests/bench/core_bench.cpp, buildGraph).
#include "graph/GraphDetail.h"
#include "graph/RevisionGraph.h"

#include <QHash>

#include <algorithm>
#include <cstdint>

namespace retort::detail {

// Levels need a topological order (load order is not one): Kahn's, over down + deps.
std::vector<int> assignLevels(std::vector<Revision> &revs, const RevisionAdjacency &allDown,
                              const RevisionAdjacency &allNext)
{
    const int m = int(revs.size());
    std::vector<int> pendingParents(static_cast<size_t>(m));
    std::vector<int> order;
    order.reserve(size_t(m));
    for (int v = 0; v < m; ++v) {
        pendingParents[size_t(v)] = int(allDown.of(v).size());
        if (pendingParents[size_t(v)] == 0)
            order.push_back(v);
    }
    for (size_t q = 0; q < order.size(); ++q) {
        Revision &r = revs[size_t(order[q])];
        for (int p : allDown.of(r.index))
            r.level = std::max(r.level, revs[size_t(p)].level + 1);
        for (int c : allNext.of(r.index))
            if (--pendingParents[size_t(c)] == 0)
                order.push_back(c);
    }
    return order;
}

// Alembic's _normalize_depends_on: a revision's dependencies less those that one of its
// ancestors through down revisions already declares. Rather than walk each revision's ancestors
// (quadratic on large projects), the dependencies inherited from ancestors travel down the graph
// in topological order as bitsets over the distinct dependency targets, a block of at most
// kBlock targets at a time so that the rows stay small (rows × kBlock / 8 bytes).
void normalizeDependencies(const RevisionAdjacency &down, const RevisionAdjacency &deps,
                           const std::vector<int> &order, RevisionAdjacency &nDeps,
                           RevisionAdjacency &nDown)
{
    const size_t m = down.start.size() - 1;
    std::vector<char> inherited(deps.edges.size(), 0); // per dependency edge
    std::vector<int> slot(m, -1);                      // dependency target -> bit
    int targets = 0;
    for (int d : deps.edges)
        if (slot[size_t(d)] < 0)
            slot[size_t(d)] = targets++;
    constexpr int kBlock = 4096;
    const size_t words = size_t(std::min(targets, kBlock) + 63) / 64;
    std::vector<std::uint64_t> rows(targets > 0 ? m * words : 0);
    for (int first = 0; first < targets; first += kBlock) {
        std::fill(rows.begin(), rows.end(), 0);
        auto row = [&](int v) { return rows.data() + size_t(v) * words; };
        auto inBlock = [&](int d) {
            return slot[size_t(d)] >= first && slot[size_t(d)] < first + kBlock;
        };
        for (int v : order) { // parents first: a parent's row is complete
            std::uint64_t *r = row(v);
            for (int p : down.of(v)) {
                const std::uint64_t *pr = row(p);
                for (size_t w = 0; w < words; ++w)
                    r[w] |= pr[w];
                for (int d : deps.of(p))
                    if (inBlock(d))
                        r[size_t(slot[size_t(d)] - first) / 64] |=
                            std::uint64_t(1) << ((slot[size_t(d)] - first) % 64);
            }
            for (int e = deps.start[size_t(v)]; e < deps.start[size_t(v) + 1]; ++e) {
                const int d = deps.edges[size_t(e)];
                if (inBlock(d) &&
                    (r[size_t(slot[size_t(d)] - first) / 64] >> ((slot[size_t(d)] - first) % 64)) &
                        1U)
                    inherited[size_t(e)] = 1;
            }
        }
    }
    nDeps.start.assign(1, 0);
    nDeps.start.reserve(m + 1);
    nDeps.edges.reserve(deps.edges.size());
    nDown.start.assign(1, 0);
    nDown.start.reserve(m + 1);
    nDown.edges.reserve(down.edges.size() + deps.edges.size());
    for (size_t v = 0; v < m; ++v) {
        const size_t depsFrom = nDeps.edges.size();
        for (int e = deps.start[v]; e < deps.start[v + 1]; ++e)
            if (!inherited[size_t(e)])
                nDeps.edges.push_back(deps.edges[size_t(e)]);
        nDeps.start.push_back(int(nDeps.edges.size()));
        const size_t downFrom = nDown.edges.size();
        for (int p : down.of(int(v)))
            nDown.edges.push_back(p);
        for (size_t k = depsFrom; k < nDeps.edges.size(); ++k)
            if (std::find(nDown.edges.begin() + qsizetype(downFrom), nDown.edges.end(),
                          nDeps.edges[k]) == nDown.edges.end())
                nDown.edges.push_back(nDeps.edges[k]);
        nDown.start.push_back(int(nDown.edges.size()));
    }
}

} // namespace retort::detail
