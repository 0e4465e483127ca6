// Step 7 of RevisionGraph::build: branch labels, exactly as Alembic's RevisionMap._add_branches
// spreads them, without walking the descendants of every labelled revision.
//
// Alembic, for each labelled revision i in load order: S = i's labels as they are now; a
// depth-first walk over i's versioned children (a stack, children pushed in order, a node marked
// when popped) adds S to every descendant and ends at some node `last`; then S goes down from
// `last`, parent by first parent, while the node is neither a real branch point nor a merge point.
// Done literally that is (labelled revisions) x (descendants): 200 labels on 10,000 revisions was
// half of the build. Here:
//  A. `last` comes from the walk's own rule (the child popped last is the first one in order not
//     reachable from the siblings popped before it, nor from those of the nodes above it), along
//     one path, with reachability checked backwards between levels, and memoized while no sibling
//     stands in the way (LastVisited);
//  B. what i spreads (S_i) is its own labels, what its labelled ancestors earlier in load order
//     spread, and what the back-walks of earlier revisions brought down to it; the final labels
//     of a revision are those of every labelled ancestor-or-self plus the back-walks that passed
//     over it: two sweeps in topological order (LabelSpreader).
#include "graph/GraphDetail.h"
#include "graph/RevisionGraph.h"

#include <QHash>

#include <algorithm>
#include <climits>
#include <cstdint>

namespace retort::detail {

namespace {

// The last node Alembic's walk from a revision visits.
class LastVisited final {
public:
    LastVisited(const std::vector<Revision> &revs, const RevisionAdjacency &next,
                const RevisionAdjacency &down)
        : m_revs(revs), m_next(next), m_down(down), m_memo(revs.size(), -1),
          m_blocker(revs.size(), 0), m_sibling(revs.size(), 0), m_seen(revs.size(), 0)
    {
    }

    int of(int i)
    {
        // While no sibling blocks anything, the answer depends on the node alone: memoized.
        m_path.clear();
        ++m_walk;
        m_minBlockerLevel = INT_MAX;
        int v = i, result = -1;
        while (result < 0) {
            if (m_memo[size_t(v)] >= 0) {
                result = m_memo[size_t(v)];
                break;
            }
            m_path.push_back(v);
            const std::span<const int> kids = m_next.of(v);
            const int j = kids.empty() ? -1 : choose(kids);
            if (j < 0)
                result = v;
            else if (j + 1 == int(kids.size()))
                v = kids[size_t(j)]; // popped first: no sibling before it
            else
                result = blockedWalk(kids, j);
        }
        for (int p : m_path)
            m_memo[size_t(p)] = result;
        return result;
    }

private:
    // Goes on from kids[j] with its later siblings (popped before it) as blockers.
    int blockedWalk(std::span<const int> kids, int j)
    {
        for (;;) {
            for (size_t l = size_t(j) + 1; l < kids.size(); ++l) {
                m_blocker[size_t(kids[l])] = m_walk;
                m_minBlockerLevel = std::min(m_minBlockerLevel, m_revs[size_t(kids[l])].level);
            }
            const int v = kids[size_t(j)];
            kids = m_next.of(v);
            j = kids.empty() ? -1 : choose(kids);
            if (j < 0)
                return v;
        }
    }

    // The child popped last among those still undiscovered when popped: the first, in order,
    // not reachable from a blocker or from a sibling after it. -1: none.
    int choose(std::span<const int> kids)
    {
        for (size_t j = 0; j < kids.size(); ++j) {
            ++m_token;
            int minLevel = m_minBlockerLevel;
            for (size_t l = j + 1; l < kids.size(); ++l) {
                m_sibling[size_t(kids[l])] = m_token;
                minLevel = std::min(minLevel, m_revs[size_t(kids[l])].level);
            }
            if (!reached(kids[j], minLevel, m_token))
                return int(j);
        }
        return -1;
    }

    // Whether a blocker or a sibling marked with `siblingToken` reaches `target`: a search of its
    // ancestors, none below `minLevel` (levels grow along every edge, so no path from a blocker
    // goes lower).
    bool reached(int target, int minLevel, int siblingToken)
    {
        if (minLevel == INT_MAX)
            return false;
        const int searchToken = ++m_token;
        m_stack.assign(1, target);
        while (!m_stack.empty()) {
            const int a = m_stack.back();
            m_stack.pop_back();
            if (m_seen[size_t(a)] == searchToken)
                continue;
            m_seen[size_t(a)] = searchToken;
            if (m_blocker[size_t(a)] == m_walk || m_sibling[size_t(a)] == siblingToken)
                return true;
            for (int p : m_down.of(a))
                if (m_revs[size_t(p)].level >= minLevel && m_seen[size_t(p)] != searchToken)
                    m_stack.push_back(p);
        }
        return false;
    }

    const std::vector<Revision> &m_revs;
    const RevisionAdjacency &m_next;
    const RevisionAdjacency &m_down;
    std::vector<int> m_memo;    // Last(v) with no blocker, or -1
    std::vector<int> m_blocker; // == m_walk: a blocker of the current walk
    std::vector<int> m_sibling; // == the token of choose(): a sibling popped before
    std::vector<int> m_seen;    // == the token of reached(): visited by the search
    std::vector<int> m_path, m_stack;
    int m_walk = 0, m_token = 0, m_minBlockerLevel = INT_MAX;
};

using Word = std::uint64_t;

// Part B, on bitsets over the sorted declared labels (`words` words a row).
class LabelSpreader final {
public:
    LabelSpreader(std::vector<Revision> &revs, const RevisionAdjacency &next,
                  const RevisionAdjacency &down, const std::vector<int> &order,
                  const QStringList &allLabels)
        : m_revs(revs), m_next(next), m_down(down), m_order(order), m_allLabels(allLabels),
          m_words(size_t(allLabels.size() + 63) / 64), m_rows(m_words * revs.size(), 0),
          m_back(m_words * revs.size(), 0)
    {
    }

    void run()
    {
        findLabelled();
        spreadValues();
        sweepDescendants();
        sweepBackWalks();
        assignLists();
    }

private:
    Word *row(std::vector<Word> &rows, size_t i) { return rows.data() + i * m_words; }
    void orInto(Word *dst, const Word *src) const
    {
        for (size_t w = 0; w < m_words; ++w)
            dst[w] |= src[w];
    }
    bool walkable(int v) const
    {
        return !m_revs[size_t(v)].isRealBranchPoint() && !m_revs[size_t(v)].isMergePoint();
    }

    // The labelled revisions in load order, their own labels, where their walks end, and the
    // chains the back-walks run down (walkable revisions linked by their parent).
    void findLabelled()
    {
        QHash<QString, int> labelIndex;
        for (int k = 0; k < m_allLabels.size(); ++k)
            labelIndex.insert(m_allLabels[k], k);
        m_slot.assign(m_revs.size(), -1);
        LastVisited last(m_revs, m_next, m_down);
        for (const Revision &r : m_revs) {
            if (r.ownLabels.isEmpty())
                continue;
            m_slot[size_t(r.index)] = int(m_labelled.size());
            m_labelled.push_back(r.index);
            m_last.push_back(last.of(r.index));
        }
        m_spread.assign(m_labelled.size() * m_words, 0);
        for (size_t k = 0; k < m_labelled.size(); ++k)
            for (const QString &l : m_revs[size_t(m_labelled[k])].ownLabels) {
                const int b = labelIndex.value(l);
                row(m_spread, k)[b / 64] |= Word(1) << (b % 64);
            }
        m_chain.assign(m_revs.size(), -1);
        m_height.assign(m_revs.size(), 0);
        for (int v : m_order) {
            if (!walkable(v))
                continue;
            const std::span<const int> down = m_down.of(v);
            const int p = down.empty() ? -1 : down.front();
            const bool linked = p >= 0 && walkable(p);
            m_chain[size_t(v)] = linked ? m_chain[size_t(p)] : v;
            m_height[size_t(v)] = linked ? m_height[size_t(p)] + 1 : 0;
        }
    }

    // S_k, in load order: own labels, those of labelled ancestors spread before, and those the
    // earlier back-walks brought down to it.
    void spreadValues()
    {
        const size_t lw = (m_labelled.size() + 63) / 64; // labelled ancestors, as bits
        std::vector<Word> ancestors(m_revs.size() * lw, 0);
        for (int v : m_order)
            for (int p : m_down.of(v)) {
                Word *a = ancestors.data() + size_t(v) * lw;
                const Word *pa = ancestors.data() + size_t(p) * lw;
                for (size_t w = 0; w < lw; ++w)
                    a[w] |= pa[w];
                if (const int s = m_slot[size_t(p)]; s >= 0)
                    a[size_t(s) / 64] |= Word(1) << (s % 64);
            }
        QHash<int, std::vector<int>> walksByChain; // chain -> labelled k whose walk ends on it
        for (size_t k = 0; k < m_labelled.size(); ++k) {
            const int i = m_labelled[k];
            const Word *a = ancestors.data() + size_t(i) * lw;
            for (size_t j = 0; j < k; ++j)
                if (a[j / 64] >> (j % 64) & 1U)
                    orInto(row(m_spread, k), row(m_spread, j));
            if (walkable(i))
                for (int j : walksByChain.value(m_chain[size_t(i)]))
                    if (m_height[size_t(m_last[size_t(j)])] >= m_height[size_t(i)])
                        orInto(row(m_spread, k), row(m_spread, size_t(j)));
            if (walkable(m_last[k]))
                walksByChain[m_chain[size_t(m_last[k])]].push_back(int(k));
        }
    }

    // A revision has what every labelled ancestor-or-self spread.
    void sweepDescendants()
    {
        for (int v : m_order) {
            Word *r = row(m_rows, size_t(v));
            if (const int s = m_slot[size_t(v)]; s >= 0)
                orInto(r, row(m_spread, size_t(s)));
            for (int p : m_down.of(v))
                orInto(r, row(m_rows, size_t(p)));
        }
    }

    // And what each back-walk brought down the chain from where it started.
    void sweepBackWalks()
    {
        for (size_t k = 0; k < m_labelled.size(); ++k)
            if (walkable(m_last[k]))
                orInto(row(m_back, size_t(m_last[k])), row(m_spread, k));
        for (auto it = m_order.rbegin(); it != m_order.rend(); ++it) {
            const int v = *it;
            if (!walkable(v))
                continue;
            orInto(row(m_rows, size_t(v)), row(m_back, size_t(v)));
            const std::span<const int> down = m_down.of(v);
            if (!down.empty() && walkable(down.front()))
                orInto(row(m_back, size_t(down.front())), row(m_back, size_t(v)));
        }
    }

    // Most revisions share their label set with many others: one shared list per distinct set.
    void assignLists()
    {
        QHash<QByteArray, QStringList> lists;
        for (Revision &r : m_revs) {
            const Word *b = row(m_rows, size_t(r.index));
            if (std::all_of(b, b + m_words, [](Word w) { return w == 0; }))
                continue;
            const QByteArray key(reinterpret_cast<const char *>(b),
                                 qsizetype(m_words * sizeof(Word)));
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
    const RevisionAdjacency &m_down;
    const std::vector<int> &m_order;
    const QStringList &m_allLabels;
    const size_t m_words;
    std::vector<Word> m_rows;   // the labels of each revision
    std::vector<Word> m_back;   // what the back-walks bring down to each revision
    std::vector<Word> m_spread; // S_k of each labelled revision
    std::vector<int> m_labelled, m_last, m_slot, m_chain, m_height;
};

} // namespace

void spreadLabels(std::vector<Revision> &revs, const RevisionAdjacency &next,
                  const RevisionAdjacency &down, const std::vector<int> &order)
{
    QStringList allLabels;
    for (const Revision &r : revs)
        allLabels.append(r.ownLabels);
    allLabels.sort();
    if (!allLabels.isEmpty())
        LabelSpreader(revs, next, down, order, allLabels).run();
}

} // namespace retort::detail
