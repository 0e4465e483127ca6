#include "graph/RevisionGraph.h"

#include <QSet>

#include <algorithm>

namespace retort {

bool RevisionSet::intersects(const RevisionSet &o) const
{
    const size_t n = std::min(m_words.size(), o.m_words.size());
    for (size_t i = 0; i < n; ++i)
        if (m_words[i] & o.m_words[i])
            return true;
    return false;
}

bool RevisionSet::any() const
{
    return std::any_of(m_words.begin(), m_words.end(), [](std::uint64_t w) { return w != 0; });
}

// ---------------------------------------------------------------------------------------------
// The id table (the figures that keep it are next to its definition in RevisionGraph.h)

RevisionIdTable::RevisionIdTable(size_t expected)
{
    size_t size = 16;
    while (size < expected * 2)
        size *= 2;
    m_slots.assign(size, -1);
    m_mask = size - 1;
}

size_t RevisionIdTable::hash(QStringView key)
{
    // FNV-1a over the UTF-16 code units, then a final mix so that the low bits (the slot) depend
    // on every character.
    std::uint64_t h = 14695981039346656037ULL;
    for (QChar c : key) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return size_t(h);
}

// ---------------------------------------------------------------------------------------------
// Copies

RevisionGraph::RevisionGraph(const RevisionGraph &other)
    : m_revs(other.m_revs), m_down(other.m_down), m_deps(other.m_deps),
      m_normalizedDeps(other.m_normalizedDeps), m_allDown(other.m_allDown),
      m_normalizedDown(other.m_normalizedDown), m_next(other.m_next), m_allNext(other.m_allNext),
      m_byId(other.m_byId), m_byLabel(other.m_byLabel), m_excluded(other.m_excluded),
      m_leftOut(other.m_leftOut), m_leftOutChildren(other.m_leftOutChildren),
      m_namedByLeftOut(other.m_namedByLeftOut), m_headsKnown(other.m_headsKnown)
{
    bindEdges();
}

RevisionGraph &RevisionGraph::operator=(const RevisionGraph &other)
{
    if (this != &other) {
        RevisionGraph copy(other);
        *this = std::move(copy);
    }
    return *this;
}

void RevisionGraph::bindEdges()
{
    if (m_revs.empty())
        return;
    const bool normalized = m_normalizedDown.start.size() == m_revs.size() + 1;
    for (Revision &r : m_revs) {
        const int v = r.index;
        r.down = m_down.of(v);
        r.dependencies = m_deps.of(v);
        r.allDown = m_allDown.of(v);
        r.next = m_next.of(v);
        r.allNext = m_allNext.of(v);
        if (normalized) {
            r.normalizedDeps = m_normalizedDeps.of(v);
            r.normalizedDown = m_normalizedDown.of(v);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sets and simple queries

namespace {

// Everything reachable from `targets` (included) along `edges(revision)`: Alembic's
// _iterate_related_revisions as a set.
template <typename Edges> RevisionSet reach(int size, const std::vector<int> &targets, Edges edges)
{
    RevisionSet seen(size);
    std::vector<int> stack;
    for (int t : targets) {
        if (t < 0)
            continue;
        stack.push_back(t);
        while (!stack.empty()) {
            int v = stack.back();
            stack.pop_back();
            // Follow a chain of single edges without the stack (most of a graph is chains).
            while (!seen.test(v)) {
                seen.set(v);
                const std::span<const int> out = edges(v);
                if (out.size() == 1) {
                    v = out[0];
                    continue;
                }
                for (int next : out)
                    if (!seen.test(next))
                        stack.push_back(next);
                break;
            }
        }
    }
    return seen;
}

} // namespace

RevisionSet RevisionGraph::ancestors(const std::vector<int> &targets, bool includeDeps) const
{
    const Adjacency &a = includeDeps ? m_normalizedDown : m_down;
    return reach(size(), targets, [&](int v) { return a.of(v); });
}

RevisionSet RevisionGraph::descendants(const std::vector<int> &targets, bool includeDeps) const
{
    const Adjacency &a = includeDeps ? m_allNext : m_next;
    return reach(size(), targets, [&](int v) { return a.of(v); });
}

bool RevisionGraph::isAncestor(int a, const std::vector<int> &from) const
{
    const int floor = m_revs[a].level;
    std::vector<int> stack;
    for (int f : from)
        if (f >= 0 && m_revs[f].level >= floor)
            stack.push_back(f);
    QSet<int> seen;
    while (!stack.empty()) {
        const int v = stack.back();
        stack.pop_back();
        if (v == a)
            return true;
        if (seen.contains(v))
            continue;
        seen.insert(v);
        for (int p : m_revs[v].normalizedDown)
            if (m_revs[p].level >= floor && !seen.contains(p))
                stack.push_back(p);
    }
    return false;
}

// Alembic's `check=True`: a requested revision must not be an ancestor of another one.
Status RevisionGraph::checkOverlap(const std::vector<int> &targets, bool withDeps) const
{
    for (int t : targets) {
        if (t < 0)
            continue;
        const RevisionSet anc = ancestors({t}, withDeps);
        QStringList overlaps;
        for (int o : targets)
            if (o >= 0 && o != t && anc.test(o))
                overlaps.append(m_revs[o].id);
        if (!overlaps.isEmpty())
            return Error(QStringLiteral("Requested revision %1 overlaps with other requested "
                                        "revisions %2")
                             .arg(m_revs[t].id, overlaps.join(QStringLiteral(", "))));
    }
    return {};
}

namespace {

template <typename Pred> std::vector<int> select(const std::vector<Revision> &revs, Pred pred)
{
    std::vector<int> out;
    for (const Revision &r : revs)
        if (pred(r))
            out.push_back(r.index);
    return out;
}

} // namespace

std::vector<int> RevisionGraph::heads() const
{
    return select(m_revs, [](const Revision &r) { return r.isHead(); });
}

std::vector<int> RevisionGraph::realHeads() const
{
    return select(m_revs, [](const Revision &r) { return r.isRealHead(); });
}

std::vector<int> RevisionGraph::bases() const
{
    return select(m_revs, [](const Revision &r) { return r.isBase(); });
}

QStringList RevisionGraph::ids(std::span<const int> indices) const
{
    QStringList out;
    out.reserve(int(indices.size()));
    for (int i : indices)
        out.append(i >= 0 ? m_revs[i].id : QString());
    return out;
}
} // namespace retort
