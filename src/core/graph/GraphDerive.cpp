// The parts of a new RevisionGraph derived from its edges (steps 5-7 of RevisionGraph::build,
// graph/GraphBuild.cpp): levels and a topological order, normalized dependencies, spread branch
// labels. Each is linear in the edges (times a small bitset width), allocates its buffers once,
// and never walks the ancestors of one revision at a time: on 10,000 revisions with a thousand
// depends_on that walk was most of the build (tests/bench/core_bench.cpp, buildGraph).
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

namespace {

// Branch labels spread to every descendant, and from the last descendant Alembic visits back up
// to the previous branch or merge point, in load order (a revision spreads what it has when its
// turn comes, as Alembic's RevisionMap._add_branches). Labels travel as bitsets over the declared
// labels (one row of `words` words per revision); the walk's stack and the row being spread are
// allocated once. Needs the revisions' edges bound.
class LabelSpreader final {
public:
    LabelSpreader(std::vector<Revision> &revs, const RevisionAdjacency &next,
                  const QStringList &allLabels)
        : m_revs(revs), m_next(next), m_allLabels(allLabels),
          m_words(size_t(allLabels.size() + 63) / 64), m_bits(m_words * revs.size(), 0),
          m_spreading(m_words, 0)
    {
        m_stack.reserve(revs.size());
    }

    void run()
    {
        setOwnLabels();
        std::vector<int> seenStamp(m_revs.size(), -1);
        for (int i = 0; i < int(m_revs.size()); ++i)
            if (!m_revs[size_t(i)].ownLabels.isEmpty())
                spreadFrom(i, seenStamp);
        assignLists();
    }

private:
    std::uint64_t *row(int rev) { return m_bits.data() + size_t(rev) * m_words; }

    void setOwnLabels()
    {
        // `allLabels` is sorted, so that each revision's labels come out sorted.
        QHash<QString, int> labelIndex;
        for (int k = 0; k < m_allLabels.size(); ++k)
            labelIndex.insert(m_allLabels[k], k);
        for (const Revision &r : m_revs)
            for (const QString &l : r.ownLabels) {
                const int k = labelIndex.value(l);
                row(r.index)[k / 64] |= std::uint64_t(1) << (k % 64);
            }
    }

    // Spreads the labels of revision i (its own and those already spread to it).
    void spreadFrom(int i, std::vector<int> &seenStamp)
    {
        std::copy(row(i), row(i) + m_words, m_spreading.begin());
        const std::uint64_t *labels = m_spreading.data();
        auto addLabels = [&](int rev) {
            std::uint64_t *dst = row(rev);
            for (size_t w = 0; w < m_words; ++w)
                dst[w] |= labels[w];
        };
        // Depth-first over versioned children in the same stack discipline as Alembic's
        // _iterate_related_revisions; remember the last node visited.
        std::vector<int> &stack = m_stack;
        stack.assign(1, i);
        int last = i;
        while (!stack.empty()) {
            const int v = stack.back();
            stack.pop_back();
            if (seenStamp[size_t(v)] == i)
                continue;
            seenStamp[size_t(v)] = i;
            // The children from the compact arrays: the walk touches no Revision.
            for (int k = m_next.start[size_t(v)]; k < m_next.start[size_t(v) + 1]; ++k)
                stack.push_back(m_next.edges[size_t(k)]);
            addLabels(v);
            last = v;
        }
        int p = last;
        while (p >= 0 && !m_revs[size_t(p)].isRealBranchPoint() &&
               !m_revs[size_t(p)].isMergePoint()) {
            addLabels(p);
            p = m_revs[size_t(p)].down.empty() ? -1 : m_revs[size_t(p)].down.front();
        }
    }

    // Most revisions share their label set with many others (every descendant of a labelled
    // revision has its label): one shared list per distinct set.
    void assignLists()
    {
        QHash<QByteArray, QStringList> lists;
        for (Revision &r : m_revs) {
            const std::uint64_t *b = row(r.index);
            if (std::all_of(b, b + m_words, [](std::uint64_t w) { return w == 0; }))
                continue;
            const QByteArray key(reinterpret_cast<const char *>(b),
                                 qsizetype(m_words * sizeof(std::uint64_t)));
            auto it = lists.find(key);
            if (it == lists.end()) {
                QStringList list;
                for (int k = 0; k < m_allLabels.size(); ++k)
                    if (b[k / 64] >> (k % 64) & 1U)
                        list.append(m_allLabels[k]);
                it = lists.insert(key, list);
            }
            r.labels = *it;
        }
    }

    std::vector<Revision> &m_revs;
    const RevisionAdjacency &m_next;
    const QStringList &m_allLabels;
    const size_t m_words;
    std::vector<std::uint64_t> m_bits;
    std::vector<std::uint64_t> m_spreading; // the row being spread
    std::vector<int> m_stack;
};

} // namespace

void spreadLabels(std::vector<Revision> &revs, const RevisionAdjacency &next)
{
    QStringList allLabels;
    for (const Revision &r : revs)
        allLabels.append(r.ownLabels);
    allLabels.sort();
    if (!allLabels.isEmpty())
        LabelSpreader(revs, next, allLabels).run();
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
