#include "graph/RevisionGraph.h"

#include "scripts/Script.h"

#include <QFile>
#include <QRegularExpression>
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

namespace {

// The line of a header key ("-- Revises: ...") in a script file, for error messages. Only called
// on error paths, so re-reading the file is fine.
int headerLine(const Script &s, const QString &key)
{
    QFile f(s.path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray needle = key.toUtf8() + ':';
    int line = 0;
    while (!f.atEnd()) {
        ++line;
        const QByteArray l = f.readLine().trimmed();
        if (l.startsWith("--") && l.mid(2).trimmed().startsWith(needle))
            return line;
    }
    return 0;
}

Error scriptError(const Script &s, const QString &key, const QString &message)
{
    return Error(message, s.path, headerLine(s, key), s.revision);
}

void appendUnique(std::vector<int> &v, int x)
{
    if (std::find(v.begin(), v.end(), x) == v.end())
        v.push_back(x);
}

bool contains(std::span<const int> v, int x)
{
    return std::find(v.begin(), v.end(), x) != v.end();
}

std::vector<int> toVector(std::span<const int> v)
{
    return {v.begin(), v.end()};
}

// Appends x to v unless it is among v[from..].
void appendUniqueFrom(std::vector<int> &v, size_t from, int x)
{
    if (std::find(v.begin() + qsizetype(from), v.end(), x) == v.end())
        v.push_back(x);
}

// Alembic's _relative_destination: "(?:(.+?)@)?(\w+)?((?:\+|-)\d+)", matched at the start.
const QRegularExpression &relativeRe()
{
    static const QRegularExpression re(QStringLiteral("^(?:(.+?)@)?(\\w+)?((?:\\+|-)\\d+)"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Building

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

RevisionGraph::RevisionGraph(const RevisionGraph &other)
    : m_revs(other.m_revs), m_down(other.m_down), m_deps(other.m_deps),
      m_normalizedDeps(other.m_normalizedDeps), m_allDown(other.m_allDown),
      m_normalizedDown(other.m_normalizedDown), m_next(other.m_next), m_allNext(other.m_allNext),
      m_byId(other.m_byId), m_byLabel(other.m_byLabel), m_excluded(other.m_excluded)
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

namespace {

// The reverse of `a` over `count` nodes: for each node, the nodes that have it as an edge, in
// increasing order.
RevisionAdjacency reversed(const RevisionAdjacency &a, int count)
{
    RevisionAdjacency r;
    r.start.assign(size_t(count) + 1, 0);
    for (int v : a.edges)
        ++r.start[size_t(v) + 1];
    for (int v = 0; v < count; ++v)
        r.start[size_t(v) + 1] += r.start[size_t(v)];
    r.edges.resize(a.edges.size());
    std::vector<int> fill(r.start.begin(), r.start.end() - 1);
    for (int c = 0; c < count; ++c)
        for (int p : a.of(c))
            r.edges[size_t(fill[size_t(p)]++)] = c;
    return r;
}

} // namespace

RevisionGraph RevisionGraph::build(const std::vector<Script> &scripts, std::vector<Error> &errors)
{
    // Large projects have tens of thousands of revisions: the edges live in flat arrays
    // (Adjacency) and ids in a flat hash table, not in per-revision containers.

    // 1. Unique ids; self references.
    std::vector<const Script *> nodes;
    nodes.reserve(scripts.size());
    std::vector<char> bad;
    IdTable byId(scripts.size());
    auto nodeId = [&](int k) -> QStringView { return nodes[size_t(k)]->revision; };
    for (const Script &s : scripts) {
        if (const int other = byId.find(s.revision, nodeId); other >= 0) {
            errors.push_back(
                scriptError(s, QStringLiteral("Revision ID"),
                            QStringLiteral("duplicate revision id %1 (already defined in %2)")
                                .arg(s.revision, nodes[size_t(other)]->path)));
            continue;
        }
        byId.insert(s.revision, int(nodes.size()), nodeId);
        nodes.push_back(&s);
    }
    const int n = int(nodes.size());
    bad.assign(size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        const Script &s = *nodes[size_t(i)];
        if (s.downRevisions.contains(s.revision)) {
            errors.push_back(scriptError(
                s, QStringLiteral("Revises"),
                QStringLiteral("revision %1 revises itself (a self-loop)").arg(s.revision)));
            bad[size_t(i)] = 1;
        }
        if (s.dependsOn.contains(s.revision)) {
            errors.push_back(
                scriptError(s, QStringLiteral("Depends On"),
                            QStringLiteral("revision %1 depends on itself").arg(s.revision)));
            bad[size_t(i)] = 1;
        }
    }

    // 2. Branch labels: unique among themselves and the ids.
    QHash<QString, int> byLabel;
    std::vector<QStringList> ownLabels(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const Script &s = *nodes[size_t(i)];
        for (const QString &label : s.branchLabels) {
            int other = byId.find(label, nodeId);
            if (other < 0)
                other = byLabel.value(label, -1);
            if (other >= 0) {
                errors.push_back(scriptError(
                    s, QStringLiteral("Branch Labels"),
                    QStringLiteral(
                        "branch label '%1' in revision %2 is already used by revision %3")
                        .arg(label, s.revision, nodes[size_t(other)]->revision)));
                continue;
            }
            byLabel.insert(label, i);
            ownLabels[size_t(i)].append(label);
        }
    }

    // 3. Parents and dependencies must exist.
    Adjacency down, deps; // indices into `nodes`
    down.start.reserve(size_t(n) + 1);
    down.edges.reserve(size_t(n) + 64);
    deps.start.reserve(size_t(n) + 1);
    for (int i = 0; i < n; ++i) {
        const Script &s = *nodes[size_t(i)];
        const size_t downFrom = down.edges.size();
        for (const QString &d : s.downRevisions) {
            const int p = byId.find(d, nodeId);
            if (p < 0) {
                errors.push_back(scriptError(
                    s, QStringLiteral("Revises"),
                    QStringLiteral("revision %1 revises %2, which is not in the project")
                        .arg(s.revision, d)));
                bad[size_t(i)] = 1;
            } else if (p != i) { // a self-loop is reported above
                appendUniqueFrom(down.edges, downFrom, p);
            }
        }
        down.start.push_back(int(down.edges.size()));
        const size_t depsFrom = deps.edges.size();
        for (const QString &d : s.dependsOn) {
            int p = byId.find(d, nodeId);
            if (p < 0)
                p = byLabel.value(d, -1);
            if (p < 0) {
                errors.push_back(scriptError(
                    s, QStringLiteral("Depends On"),
                    QStringLiteral("revision %1 depends on %2, which is neither a revision nor a "
                                   "branch label of the project")
                        .arg(s.revision, d)));
                bad[size_t(i)] = 1;
            } else if (p == i) {
                if (s.dependsOn.contains(s.revision))
                    continue;       // reported above
                bad[size_t(i)] = 1; // depends on its own label
                errors.push_back(
                    scriptError(s, QStringLiteral("Depends On"),
                                QStringLiteral("revision %1 depends on itself (through "
                                               "its branch label %2)")
                                    .arg(s.revision, d)));
            } else {
                appendUniqueFrom(deps.edges, depsFrom, p);
            }
        }
        deps.start.push_back(int(deps.edges.size()));
    }
    // down + deps, deduplicated, in that order.
    auto joined = [](const Adjacency &a, const Adjacency &b, int count) {
        Adjacency all;
        all.start.reserve(size_t(count) + 1);
        all.edges.reserve(a.edges.size() + b.edges.size());
        for (int i = 0; i < count; ++i) {
            const size_t from = all.edges.size();
            for (int p : a.of(i))
                all.edges.push_back(p);
            for (int p : b.of(i))
                appendUniqueFrom(all.edges, from, p);
            all.start.push_back(int(all.edges.size()));
        }
        return all;
    };
    const Adjacency allDown = joined(down, deps, n);

    // 4. Kahn's algorithm over down + deps: finds cycles; bad nodes poison their descendants.
    const Adjacency children = reversed(allDown, n);
    std::vector<int> pending(size_t(n), 0);
    for (int i = 0; i < n; ++i)
        pending[size_t(i)] = int(allDown.of(i).size());
    std::vector<char> processed(size_t(n), 0), poisoned(size_t(n), 0);
    std::vector<int> queue;
    queue.reserve(size_t(n));
    for (int i = 0; i < n; ++i)
        if (pending[size_t(i)] == 0)
            queue.push_back(i);
    for (size_t q = 0; q < queue.size(); ++q) {
        const int i = queue[q];
        processed[size_t(i)] = 1;
        if (bad[size_t(i)])
            poisoned[size_t(i)] = 1;
        for (int c : children.of(i)) {
            if (poisoned[size_t(i)])
                poisoned[size_t(c)] = 1;
            if (--pending[size_t(c)] == 0)
                queue.push_back(c);
        }
    }
    // Nodes never processed lie on a cycle or below one. Every such node has a parent that is
    // also unprocessed, so following parents from any of them finds a cycle.
    std::vector<char> inCycleReport(size_t(n), 0);
    for (int start = 0; start < n; ++start) {
        if (processed[size_t(start)] || inCycleReport[size_t(start)])
            continue;
        std::vector<int> path;
        QHash<int, int> posInPath;
        int cur = start;
        while (!posInPath.contains(cur) && !inCycleReport[size_t(cur)]) {
            posInPath.insert(cur, int(path.size()));
            path.push_back(cur);
            int next = -1;
            for (int p : allDown.of(cur)) // down first, then deps
                if (!processed[size_t(p)]) {
                    next = p;
                    break;
                }
            if (next < 0)
                break; // cannot happen; be safe rather than loop
            cur = next;
        }
        for (int v : path)
            inCycleReport[size_t(v)] = 1;
        if (!posInPath.contains(cur))
            continue; // reached an already reported cycle: this node only descends from it
        QStringList cycle;
        for (size_t k = size_t(posInPath.value(cur)); k < path.size(); ++k)
            cycle.prepend(nodes[size_t(path[k])]->revision);
        cycle.append(cycle.first());
        const Script &s = *nodes[size_t(cur)];
        errors.push_back(scriptError(s, QStringLiteral("Revises"),
                                     QStringLiteral("cycle detected in revisions: %1")
                                         .arg(cycle.join(QStringLiteral(" -> ")))));
    }

    // 5. The final graph: every processed, unpoisoned node, in load order. A kept node's parents
    // and dependencies are kept too (bad ones poison their descendants).
    RevisionGraph g;
    std::vector<int> newIndex(size_t(n), -1);
    std::vector<int> kept;
    kept.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        if (!processed[size_t(i)] || poisoned[size_t(i)]) {
            g.m_excluded.append(nodes[size_t(i)]->revision);
            continue;
        }
        newIndex[size_t(i)] = int(kept.size());
        kept.push_back(i);
    }
    const int m = int(kept.size());
    g.m_revs.resize(size_t(m));
    auto remap = [&](const Adjacency &a) {
        if (m == n)
            return a; // nothing left out: the same indices
        Adjacency out;
        out.start.reserve(size_t(m) + 1);
        for (int i : kept) {
            for (int p : a.of(i))
                out.edges.push_back(newIndex[size_t(p)]);
            out.start.push_back(int(out.edges.size()));
        }
        return out;
    };
    g.m_down = remap(down);
    g.m_deps = remap(deps);
    g.m_allDown = remap(allDown);
    for (int k = 0; k < m; ++k) {
        Revision &r = g.m_revs[size_t(k)];
        const Script *script = nodes[size_t(kept[size_t(k)])];
        r.id = script->revision;
        r.index = k;
        r.script = script;
        r.ownLabels = ownLabels[size_t(kept[size_t(k)])];
        r.dependsOnDeclared = script->dependsOn;
    }
    if (m == n) {
        g.m_byId = std::move(byId); // the same indices
    } else {
        g.m_byId = IdTable(size_t(m));
        for (const Revision &r : g.m_revs)
            g.m_byId.insert(r.id, r.index, [&](int k) -> QStringView { return g.m_revs[k].id; });
    }
    for (const Revision &r : g.m_revs)
        for (const QString &l : r.ownLabels)
            g.m_byLabel.insert(l, r.index);
    // Children, in load order: through down or depends_on (allNext), and versioned (next).
    g.m_allNext = reversed(g.m_allDown, m);
    g.m_next = reversed(g.m_down, m);

    // Levels, in load order is not enough: walk the (acyclic) graph in Kahn order.
    {
        std::vector<int> pendingParents(static_cast<size_t>(m));
        std::vector<int> order;
        order.reserve(size_t(m));
        for (int v = 0; v < m; ++v) {
            pendingParents[size_t(v)] = int(g.m_allDown.of(v).size());
            if (pendingParents[size_t(v)] == 0)
                order.push_back(v);
        }
        for (size_t q = 0; q < order.size(); ++q) {
            Revision &r = g.m_revs[size_t(order[q])];
            for (int p : g.m_allDown.of(r.index))
                r.level = std::max(r.level, g.m_revs[size_t(p)].level + 1);
            for (int c : g.m_allNext.of(r.index))
                if (--pendingParents[size_t(c)] == 0)
                    order.push_back(c);
        }
    }

    // 6. Normalized dependencies: drop those already a dependency of an ancestor.
    std::vector<int> withDeps; // the revisions that declare dependencies
    for (int v = 0; v < m; ++v)
        if (!g.m_deps.of(v).empty())
            withDeps.push_back(v);
    g.m_normalizedDeps.start.reserve(size_t(m) + 1);
    g.m_normalizedDown.start.reserve(size_t(m) + 1);
    g.m_normalizedDown.edges.reserve(g.m_allDown.edges.size());
    std::vector<int> inherited;
    for (int v = 0; v < m; ++v) {
        const std::span<const int> ownDeps = g.m_deps.of(v);
        const size_t depsFrom = g.m_normalizedDeps.edges.size();
        if (!ownDeps.empty()) {
            const RevisionSet anc = g.ancestors({v}, false);
            inherited.clear();
            for (int a : withDeps)
                if (a != v && anc.test(a))
                    for (int d : g.m_deps.of(a))
                        inherited.push_back(d);
            for (int d : ownDeps)
                if (std::find(inherited.begin(), inherited.end(), d) == inherited.end())
                    g.m_normalizedDeps.edges.push_back(d);
        }
        g.m_normalizedDeps.start.push_back(int(g.m_normalizedDeps.edges.size()));
        const size_t downFrom = g.m_normalizedDown.edges.size();
        for (int p : g.m_down.of(v))
            g.m_normalizedDown.edges.push_back(p);
        for (size_t k = depsFrom; k < g.m_normalizedDeps.edges.size(); ++k)
            appendUniqueFrom(g.m_normalizedDown.edges, downFrom, g.m_normalizedDeps.edges[k]);
        g.m_normalizedDown.start.push_back(int(g.m_normalizedDown.edges.size()));
    }
    g.bindEdges();

    // 7. Branch labels spread to every descendant, and from the last descendant Alembic visits
    // back up to the previous branch or merge point.
    // Labels travel as bitsets over the declared labels, so projects with hundreds of labels
    // stay linear in practice.
    QStringList allLabels;
    for (const Revision &r : g.m_revs)
        allLabels.append(r.ownLabels);
    allLabels.sort(); // so that each revision's labels come out sorted
    if (!allLabels.isEmpty()) {
        QHash<QString, int> labelIndex;
        for (int k = 0; k < allLabels.size(); ++k)
            labelIndex.insert(allLabels[k], k);
        const size_t words = size_t(allLabels.size() + 63) / 64;
        std::vector<std::uint64_t> bits(words * g.m_revs.size(), 0);
        auto row = [&](int rev) { return bits.data() + size_t(rev) * words; };
        for (const Revision &r : g.m_revs)
            for (const QString &l : r.ownLabels) {
                const int k = labelIndex.value(l);
                row(r.index)[k / 64] |= std::uint64_t(1) << (k % 64);
            }
        std::vector<std::uint64_t> labels(words);
        std::vector<int> seenStamp(g.m_revs.size(), -1);
        std::vector<int> stack;
        for (int i = 0; i < g.size(); ++i) {
            if (g.m_revs[i].ownLabels.isEmpty())
                continue;
            std::copy(row(i), row(i) + words, labels.begin());
            auto addLabels = [&](int rev) {
                std::uint64_t *dst = row(rev);
                for (size_t w = 0; w < words; ++w)
                    dst[w] |= labels[w];
            };
            // Depth-first over versioned children in the same stack discipline as Alembic's
            // _iterate_related_revisions; remember the last node visited.
            stack.assign(1, i);
            int last = i;
            while (!stack.empty()) {
                const int v = stack.back();
                stack.pop_back();
                if (seenStamp[v] == i)
                    continue;
                seenStamp[v] = i;
                for (int c : g.m_revs[v].next)
                    stack.push_back(c);
                addLabels(v);
                last = v;
            }
            int p = last;
            while (p >= 0 && !g.m_revs[p].isRealBranchPoint() && !g.m_revs[p].isMergePoint()) {
                addLabels(p);
                p = g.m_revs[p].down.empty() ? -1 : g.m_revs[p].down.front();
            }
        }
        // Most revisions share their label set with many others (every descendant of a labelled
        // revision has its label): one shared list per distinct set.
        QHash<QByteArray, QStringList> lists;
        for (Revision &r : g.m_revs) {
            const std::uint64_t *b = row(r.index);
            if (std::all_of(b, b + words, [](std::uint64_t w) { return w == 0; }))
                continue;
            const QByteArray key(reinterpret_cast<const char *>(b),
                                 qsizetype(words * sizeof(std::uint64_t)));
            auto it = lists.find(key);
            if (it == lists.end()) {
                QStringList list;
                for (int k = 0; k < allLabels.size(); ++k)
                    if (b[k / 64] >> (k % 64) & 1U)
                        list.append(allLabels[k]);
                it = lists.insert(key, list);
            }
            r.labels = *it;
        }
    }
    return g;
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

// ---------------------------------------------------------------------------------------------
// Identifier resolution (Alembic's RevisionMap.get_revisions and friends)

bool RevisionGraph::sharesLineage(int target, const std::vector<int> &against,
                                  bool includeDeps) const
{
    if (against.empty())
        return true;
    const RevisionSet desc = descendants({target}, includeDeps);
    const RevisionSet anc = ancestors({target}, includeDeps);
    for (int a : against)
        if (a >= 0 && (desc.test(a) || anc.test(a)))
            return true;
    return false;
}

Result<int> RevisionGraph::resolveBranch(const QString &label) const
{
    auto it = m_byLabel.constFind(label);
    if (it != m_byLabel.constEnd())
        return *it;
    auto rev = revisionForIdent(label, {});
    if (!rev)
        return Error(QStringLiteral("No such branch: '%1'").arg(label));
    return rev;
}

Result<int> RevisionGraph::revisionForIdent(const QString &ident, const QString &checkBranch) const
{
    int branchRev = -1;
    if (!checkBranch.isEmpty()) {
        auto b = resolveBranch(checkBranch);
        if (!b)
            return b.error();
        branchRev = *b;
    }
    int rev = indexOf(ident);
    if (rev < 0)
        rev = m_byLabel.value(ident, -1);
    if (rev < 0) {
        // Partial identifier: a unique prefix of more than three characters (Alembic also
        // matches branch labels this way).
        std::vector<int> candidates;
        QStringList names;
        if (!ident.isEmpty()) {
            for (const Revision &r : m_revs)
                if (r.id.size() > 3 && r.id.startsWith(ident)) {
                    candidates.push_back(r.index);
                    names.append(r.id);
                }
            for (auto it = m_byLabel.constBegin(); it != m_byLabel.constEnd(); ++it)
                if (it.key().size() > 3 && it.key().startsWith(ident)) {
                    candidates.push_back(it.value());
                    names.append(it.key());
                }
        }
        if (branchRev >= 0) {
            std::vector<int> kept;
            QStringList keptNames;
            for (size_t k = 0; k < candidates.size(); ++k)
                if (sharesLineage(candidates[k], {branchRev}, false)) {
                    kept.push_back(candidates[k]);
                    keptNames.append(names[int(k)]);
                }
            candidates.swap(kept);
            names = keptNames;
        }
        if (candidates.empty())
            return Error(QStringLiteral("Can't locate revision identified by '%1'%2")
                             .arg(ident, ident.size() < 4
                                             ? QStringLiteral("; partial revision identifiers "
                                                              "need at least four characters")
                                             : QString()));
        if (candidates.size() > 1) {
            QStringList quoted;
            for (const QString &c : names)
                quoted.append(QLatin1Char('\'') + c + QLatin1Char('\''));
            return Error(QStringLiteral("Multiple revisions start with '%1': %2")
                             .arg(ident, quoted.join(QStringLiteral(", "))));
        }
        rev = candidates.front();
    }
    if (branchRev >= 0 && !sharesLineage(rev, {branchRev}, false))
        return Error(QStringLiteral("Revision %1 is not a member of branch '%2'")
                         .arg(m_revs[rev].id, checkBranch));
    return rev;
}

Result<std::vector<int>> RevisionGraph::filterForLineage(const std::vector<int> &targets,
                                                         const QString &checkAgainst,
                                                         bool includeDependencies) const
{
    auto resolved = resolveNumber(checkAgainst);
    if (!resolved)
        return resolved.error();
    std::vector<int> shares;
    if (!resolved->branch.isEmpty()) {
        auto b = revisionForIdent(resolved->branch, {});
        if (!b)
            return b.error();
        shares.push_back(*b);
    }
    for (int i : resolved->ids)
        shares.push_back(i);
    for (const QString &raw : resolved->raw) {
        auto r = revisionForIdent(raw, {});
        if (!r)
            return r.error();
        shares.push_back(*r);
    }
    std::vector<int> out;
    for (int t : targets)
        if (t >= 0 && sharesLineage(t, shares, includeDependencies))
            out.push_back(t);
    return out;
}

Result<int> RevisionGraph::currentHead(const QString &branch) const
{
    std::vector<int> hs = heads();
    if (!branch.isEmpty()) {
        auto f = filterForLineage(hs, branch, false);
        if (!f)
            return f.error();
        hs = *f;
    }
    if (hs.size() > 1) {
        const QString arg =
            branch.isEmpty() ? QStringLiteral("head") : branch + QStringLiteral("@head");
        return Error(QStringLiteral("Multiple head revisions are present for given argument '%1'; "
                                    "please specify a specific target revision, "
                                    "'<branchname>@%1' to narrow to a specific head, or 'heads' "
                                    "for all heads")
                         .arg(arg));
    }
    return hs.empty() ? kBase : hs.front();
}

Result<RevisionGraph::Resolved> RevisionGraph::resolveNumber(const QString &spec) const
{
    Resolved out;
    QString id = spec;
    const qsizetype at = spec.indexOf(QLatin1Char('@'));
    if (at >= 0) {
        out.branch = spec.left(at);
        id = spec.mid(at + 1);
    }
    if (id == QLatin1String("heads")) {
        if (!out.branch.isEmpty()) {
            auto f = filterForLineage(heads(), out.branch, false);
            if (!f)
                return f.error();
            out.ids = *f;
        } else {
            out.ids = realHeads();
        }
    } else if (id == QLatin1String("head")) {
        auto h = currentHead(out.branch);
        if (!h)
            return h.error();
        if (*h >= 0)
            out.ids.push_back(*h);
    } else if (id == QLatin1String("base") || id.isEmpty()) {
        // base: nothing
    } else {
        out.raw.append(id);
    }
    return out;
}

Result<std::vector<int>> RevisionGraph::getRevisions(const QString &spec) const
{
    auto r = resolveNumber(spec);
    if (!r)
        return r.error();
    if (r->raw.size() == 1 && r->ids.empty()) {
        bool isInt = false;
        const int n = r->raw.front().toInt(&isInt);
        if (isInt && n < 0) {
            // branch@-n: walk down from the heads.
            std::vector<int> selectHeads;
            auto hs = getRevisions(QStringLiteral("heads"));
            if (!hs)
                return hs.error();
            for (int h : *hs)
                if (r->branch.isEmpty() || m_revs[h].labels.contains(r->branch))
                    selectHeads.push_back(h);
            std::vector<int> out;
            for (int h : selectHeads) {
                auto w = walk(h, n, {}, true);
                if (!w)
                    return w.error();
                if (*w == kNone)
                    return Error(QStringLiteral("Relative revision %1 didn't produce %2 migrations")
                                     .arg(r->raw.front())
                                     .arg(-n));
                // Alembic's walk yields the string 'base' here, which no later step accepts
                // (a range error or an assertion); say so instead.
                if (*w == kBase)
                    return Error(QStringLiteral("Relative revision %1 from head %2 reaches <base>, "
                                                "which is not a revision")
                                     .arg(spec, m_revs[h].id));
                out.push_back(*w);
            }
            return out;
        }
    }
    std::vector<int> out;
    for (int i : r->ids) {
        auto x = revisionForIdent(m_revs[i].id, r->branch);
        if (!x)
            return x.error();
        out.push_back(*x);
    }
    for (const QString &raw : r->raw) {
        auto x = revisionForIdent(raw, r->branch);
        if (!x)
            return x.error();
        out.push_back(*x);
    }
    return out;
}

Result<std::vector<int>> RevisionGraph::getRevisions(const QStringList &specs) const
{
    std::vector<int> out;
    for (const QString &s : specs) {
        auto r = getRevisions(s);
        if (!r)
            return r.error();
        out.insert(out.end(), r->begin(), r->end());
    }
    return out;
}

Result<int> RevisionGraph::getRevision(const QString &spec) const
{
    auto r = resolveNumber(spec);
    if (!r)
        return r.error();
    if (r->ids.size() + size_t(r->raw.size()) > 1)
        return Error(QStringLiteral("Multiple head revisions are present for given argument "
                                    "'%1'; please specify a specific target revision, "
                                    "'<branchname>@%1' to narrow to a specific head, or 'heads' "
                                    "for all heads")
                         .arg(spec));
    if (!r->ids.empty())
        return revisionForIdent(m_revs[r->ids.front()].id, r->branch);
    if (!r->raw.isEmpty())
        return revisionForIdent(r->raw.front(), r->branch);
    return kBase;
}

Result<std::vector<int>> RevisionGraph::resolve(const QString &spec) const
{
    auto r = getRevisions(spec);
    if (!r)
        return r.error();
    if (r->empty())
        return std::vector<int>{kBase};
    return r;
}

Result<int> RevisionGraph::resolveOne(const QString &spec) const
{
    return getRevision(spec);
}

// Alembic's _walk: `steps` up (> 0) or down (< 0) from `start` (kBase/None = below the bases).
Result<int> RevisionGraph::walk(int start, int steps, const QString &branch, bool noOverwalk) const
{
    int initial = start; // kNone stands for Python's None (start from nothing)
    const int count = steps < 0 ? -steps : steps;
    for (int k = 0; k < count; ++k) {
        std::vector<int> children;
        bool toBase = false;
        if (steps > 0) {
            std::vector<int> up =
                initial == kNone || initial == kBase ? bases() : toVector(m_revs[initial].next);
            if (!branch.isEmpty()) {
                auto f = filterForLineage(up, branch, false);
                if (!f)
                    return f.error();
                up = *f;
            }
            children = up;
        } else {
            if (initial == kBase) {
                // nothing below base
            } else {
                children = initial == kNone ? heads() : toVector(m_revs[initial].down);
                if (children.empty())
                    toBase = true;
            }
        }
        if (toBase) {
            initial = kBase;
            continue;
        }
        if (children.empty())
            return noOverwalk ? kNone : initial;
        if (children.size() > 1)
            return Error(QStringLiteral("Ambiguous walk"));
        initial = children.front();
    }
    return initial;
}

// ---------------------------------------------------------------------------------------------
// Targets

Result<std::vector<int>> RevisionGraph::rowsToIndices(const QStringList &rows) const
{
    std::vector<int> out;
    for (const QString &row : rows) {
        auto r = revisionForIdent(row, {});
        if (!r)
            return Error(QStringLiteral("Can't locate revision identified by '%1' (a row of the "
                                        "version table; restore its script or stamp)")
                             .arg(row));
        out.push_back(*r);
    }
    return out;
}

Result<std::vector<int>> RevisionGraph::parseUpgradeTarget(const QStringList &current,
                                                           const QString &target,
                                                           bool assertLength) const
{
    const auto m = relativeRe().match(target);
    if (!m.hasMatch())
        return getRevisions(target);
    const QString branch = m.captured(1);
    const QString symbol = m.captured(2);
    const QString relStr = m.captured(3);
    const int relative = relStr.toInt();
    auto didntProduce = [&] {
        return Error(QStringLiteral("Relative revision %1 didn't produce %2 migrations")
                         .arg(relStr)
                         .arg(relative < 0 ? -relative : relative));
    };
    if (relative > 0) {
        if (symbol.isEmpty()) {
            std::vector<int> startRevs;
            auto cur = rowsToIndices(current);
            if (!cur)
                return cur.error();
            if (cur->empty())
                startRevs.push_back(kNone);
            else
                startRevs = *cur;
            if (!branch.isEmpty()) {
                auto f = filterForLineage(*cur, branch, false);
                if (!f)
                    return f.error();
                startRevs = *f;
                if (startRevs.empty()) {
                    // The branch is not current: start from the tips of its active part.
                    const RevisionSet active = ancestors(*cur, true);
                    std::vector<int> activeList;
                    for (int i = 0; i < size(); ++i)
                        if (active.test(i))
                            activeList.push_back(i);
                    auto onBranch = filterForLineage(activeList, branch, false);
                    if (!onBranch)
                        return onBranch.error();
                    RevisionSet inSet(size()), downs(size());
                    for (int i : *onBranch) {
                        inSet.set(i);
                        for (int d : m_revs[i].normalizedDown)
                            downs.set(d);
                    }
                    for (int i : *onBranch)
                        if (!downs.test(i))
                            startRevs.push_back(i);
                    if (startRevs.empty())
                        startRevs.push_back(kNone);
                }
            }
            if (startRevs.size() > 1)
                return Error(QStringLiteral("Ambiguous upgrade from multiple current revisions"));
            auto w = walk(startRevs.front(), relative, branch, assertLength);
            if (!w)
                return w.error();
            if (*w == kNone || *w == kBase)
                return didntProduce();
            return std::vector<int>{*w};
        }
        auto s = getRevision(symbol);
        if (!s)
            return s.error();
        auto w = walk(*s == kBase ? kNone : *s, relative, branch, assertLength);
        if (!w)
            return w.error();
        if (*w == kNone || *w == kBase)
            return didntProduce();
        return std::vector<int>{*w};
    }
    if (symbol.isEmpty())
        return didntProduce();
    auto s = getRevision(branch.isEmpty() ? symbol : branch + QLatin1Char('@') + symbol);
    if (!s)
        return s.error();
    auto w = walk(*s == kBase ? kNone : *s, relative, {}, assertLength);
    if (!w)
        return w.error();
    if (*w == kNone)
        return didntProduce();
    if (*w == kBase)
        return std::vector<int>{};
    return std::vector<int>{*w};
}

// Returns the downgrade target (kBase for base) and sets *branch to the label that narrows it.
Result<int> RevisionGraph::parseDowngradeTarget(const QStringList &current, const QString &target,
                                                bool assertLength, QString *branchOut) const
{
    const auto m = relativeRe().match(target);
    if (m.hasMatch()) {
        QString branch = m.captured(1);
        QString symbol = m.captured(2);
        const QString relStr = m.captured(3);
        const int rel = relStr.toInt();
        auto didntProduce = [&] {
            return Error(QStringLiteral("Relative revision %1 didn't produce %2 migrations")
                             .arg(relStr)
                             .arg(rel < 0 ? -rel : rel));
        };
        if (rel >= 0) {
            if (symbol.isEmpty())
                return didntProduce();
            auto s = getRevision(symbol);
            if (!s)
                return s.error();
            auto w = walk(*s == kBase ? kNone : *s, rel, branch, assertLength);
            if (!w)
                return w.error();
            if (*w == kNone)
                return Error(QStringLiteral("Walked too far"));
            *branchOut = branch;
            return *w;
        }
        const bool relativeToCurrent = symbol.isEmpty();
        if (relativeToCurrent) {
            if (!branch.isEmpty()) {
                auto cur = rowsToIndices(current);
                if (!cur)
                    return cur.error();
                auto f = filterForLineage(*cur, branch, false);
                if (!f)
                    return f.error();
                std::vector<int> symbols = *f;
                if (symbols.empty()) {
                    auto all = currentHeads(current);
                    if (!all)
                        return all.error();
                    auto f2 = filterForLineage(*all, branch, false);
                    if (!f2)
                        return f2.error();
                    symbols = *f2;
                }
                if (symbols.size() != 1)
                    return Error(QStringLiteral("Relative revision %1 is ambiguous on branch '%2'")
                                     .arg(relStr, branch));
                symbol = m_revs[symbols.front()].id;
            } else {
                if (current.isEmpty())
                    return didntProduce();
                symbol = current.front();
                branch = symbol;
            }
        }
        auto s = getRevision(branch.isEmpty() ? symbol : branch + QLatin1Char('@') + symbol);
        if (!s)
            return s.error();
        auto w = walk(*s == kBase ? kNone : *s, rel, {}, assertLength);
        if (!w)
            return w.error();
        if (*w == kNone)
            return relativeToCurrent ? didntProduce() : Error(QStringLiteral("Walked too far"));
        *branchOut = branch;
        return *w;
    }
    const qsizetype at = target.lastIndexOf(QLatin1Char('@'));
    *branchOut = at >= 0 ? target.left(at) : QString();
    return getRevision(at >= 0 ? target.mid(at + 1) : target);
}

// ---------------------------------------------------------------------------------------------
// Collecting and ordering

Result<RevisionGraph::Collected> RevisionGraph::collectUpgrade(const QStringList &upper,
                                                               const QStringList &lower,
                                                               bool inclusive, bool implicitBase,
                                                               bool assertLength) const
{
    // One target may be relative (+N, rev-N...); several (the rows of `history -r :current`)
    // are plain identifiers.
    auto targetsR = upper.size() == 1 ? parseUpgradeTarget(lower, upper.front(), assertLength)
                                      : getRevisions(upper);
    if (!targetsR)
        return targetsR.error();
    std::vector<int> targets;
    for (int t : *targetsR)
        if (t >= 0)
            appendUnique(targets, t);

    // A named lower bound (branch@...) keeps only targets on that branch.
    if (lower.size() == 1 && lower.front().contains(QLatin1Char('@'))) {
        QString branch = lower.front().section(QLatin1Char('@'), 0, 0);
        auto br = getRevision(branch);
        if (br && *br >= 0 && m_revs[*br].id == branch && m_revs[*br].labels.size() == 1)
            branch = m_revs[*br].labels.front();
        std::vector<int> kept;
        for (int t : targets)
            if (m_revs[t].labels.contains(branch))
                kept.push_back(t);
        targets.swap(kept);
    }

    if (auto st = checkOverlap(targets, true); !st)
        return st.error();
    RevisionSet required = ancestors(targets, true);

    // Current revisions: the rows, or a symbolic lower bound (history ranges).
    std::vector<int> current;
    for (const QString &l : lower) {
        auto r = getRevisions(l);
        if (!r)
            return r.error();
        for (int i : *r)
            if (i >= 0)
                current.push_back(i);
    }
    if (!implicitBase)
        for (int c : current)
            if (!required.test(c))
                return Error(
                    QStringLiteral("Requested range %1:%2 does not refer to "
                                   "ancestor/descendant revisions along the same branch")
                        .arg(lower.join(QStringLiteral(",")), upper.join(QStringLiteral(","))));
    if (auto st = checkOverlap(current, true); !st)
        return st.error();
    const RevisionSet currentSet = ancestors(current, true);

    Collected out{RevisionSet(size()), targets};
    RevisionSet lowerDesc;
    const bool restrict = !current.empty() && !implicitBase;
    if (restrict)
        lowerDesc = descendants(current, false);
    for (int i = 0; i < size(); ++i) {
        bool need = required.test(i) && !currentSet.test(i);
        if (inclusive && contains(current, i))
            need = true;
        if (need &&restrict && !lowerDesc.test(i))
            need = false;
        if (need)
            out.revisions.set(i);
    }
    return out;
}

Result<RevisionGraph::Collected> RevisionGraph::collectDowngrade(const QStringList &upper,
                                                                 const QString &target) const
{
    QString branch;
    auto targetR = parseDowngradeTarget(upper, target, true, &branch);
    if (!targetR)
        return targetR.error();
    const int targetRev = *targetR;

    std::vector<int> roots;
    if (targetRev < 0)
        roots = bases();
    else
        roots = toVector(m_revs[targetRev].next);

    if (!branch.isEmpty() && roots.size() > 1) {
        auto br = resolveBranch(branch);
        if (!br)
            return br.error();
        const RevisionSet anc = ancestors({*br}, false);
        std::vector<int> kept;
        for (int r : roots)
            if (anc.test(r))
                kept.push_back(r);
        roots.swap(kept);
        if (roots.empty())
            return Error(QStringLiteral("Not a valid downgrade target from current heads"));
    }

    auto headsR = rowsToIndices(upper);
    if (!headsR)
        return headsR.error();
    const RevisionSet down = descendants(roots, true);
    const RevisionSet active = ancestors(*headsR, true);
    Collected out{RevisionSet(size()), *headsR};
    bool any = false;
    for (int i = 0; i < size(); ++i)
        if (down.test(i) && active.test(i)) {
            out.revisions.set(i);
            any = true;
        }
    if (targetRev >= 0 && !any && !contains(*headsR, targetRev))
        return Error(QStringLiteral("Destination %1 is not a valid downgrade target from current "
                                    "head(s)")
                         .arg(target));
    return out;
}

// Alembic's _topological_sort: walk down from the heads (in load order), switching to another
// head whenever the candidate is still an ancestor of it, so each branch is emitted as a run.
// Returns revisions newest first.
Result<std::vector<int>> RevisionGraph::topologicalSort(const RevisionSet &revisions,
                                                        const std::vector<int> &headsIn) const
{
    RevisionSet todo = revisions;
    int remaining = 0;
    for (int i = 0; i < size(); ++i)
        if (todo.test(i))
            ++remaining;
    std::vector<int> current;
    for (int h : headsIn)
        if (h >= 0 && todo.test(h))
            appendUnique(current, h);
    std::sort(current.begin(), current.end()); // indices are load order
    std::vector<RevisionSet> anc;
    anc.reserve(current.size());
    for (int h : current)
        anc.push_back(ancestors({h}, true));

    std::vector<int> output;
    output.reserve(size_t(remaining));
    size_t idx = 0;
    // The walk always terminates on a well-formed graph; the bound turns a bug into an error
    // instead of a hang.
    long long budget = 16LL * (size() + 16) * (long long)(current.size() + 16);
    while (!current.empty()) {
        if (--budget < 0)
            return Error(QStringLiteral("internal error: revision ordering did not converge"));
        const int cand = current[idx];
        bool switched = false;
        for (size_t j = 0; j < anc.size(); ++j) {
            if (j != idx && anc[j].test(cand)) {
                idx = j;
                switched = true;
                break;
            }
        }
        if (switched)
            continue;
        if (todo.test(cand)) {
            output.push_back(cand);
            todo.reset(cand);
            --remaining;
        }
        const Revision &r = m_revs[cand];
        std::vector<int> toAdd;
        for (int d : r.normalizedDown)
            if (todo.test(d) && !contains(current, d))
                toAdd.push_back(d);
        if (toAdd.empty()) {
            current.erase(current.begin() + long(idx));
            anc.erase(anc.begin() + long(idx));
            idx = idx > 0 ? idx - 1 : 0;
        } else if (r.normalizedDeps.empty() && r.down.size() == 1) {
            current[idx] = toAdd.front();
            anc[idx].reset(cand);
        } else {
            current[idx] = toAdd.front();
            anc[idx] = ancestors({toAdd.front()}, true);
            for (size_t k = 1; k < toAdd.size(); ++k) {
                current.push_back(toAdd[k]);
                anc.push_back(ancestors({toAdd[k]}, true));
            }
        }
    }
    if (remaining != 0)
        return Error(
            QStringLiteral("internal error: %1 revisions could not be ordered").arg(remaining));
    return output;
}

// ---------------------------------------------------------------------------------------------
// Public commands

Result<std::vector<int>> RevisionGraph::history(const QString &base, const QString &head) const
{
    return history(base.isEmpty() ? QStringList{} : QStringList{base},
                   head.isEmpty() ? QStringList{} : QStringList{head});
}

Result<std::vector<int>> RevisionGraph::history(const QStringList &base,
                                                const QStringList &head) const
{
    const QStringList lower = base.isEmpty() ? QStringList{QStringLiteral("base")} : base;
    const QStringList upper = head.isEmpty() ? QStringList{QStringLiteral("heads")} : head;
    auto c = collectUpgrade(upper, lower, true, false, false);
    if (!c)
        return c.error();
    return topologicalSort(c->revisions, c->heads);
}

Result<std::vector<int>> RevisionGraph::currentHeads(const QStringList &rows) const
{
    auto top = rowsToIndices(rows);
    if (!top)
        return top.error();
    const RevisionSet all = ancestors(*top, true);
    // `all` is closed under parents, so a revision has a descendant in it exactly when one of its
    // versioned children is in it.
    std::vector<int> out;
    for (int i = 0; i < size(); ++i) {
        if (!all.test(i))
            continue;
        const auto &kids = m_revs[i].next;
        if (std::none_of(kids.begin(), kids.end(), [&](int c) { return all.test(c); }))
            out.push_back(i);
    }
    return out;
}

namespace {

// Simulates Alembic's HeadMaintainer: the version rows, changed step by step. Where Alembic 1.8
// would fail on an impossible change (its KeyError on some depends_on graphs), the tracker does
// the change that keeps the rows equal to the heads of what is applied: updating a row that is
// absent inserts the new one, inserting a present row or deleting an absent one does nothing.
class HeadTracker {
public:
    explicit HeadTracker(const QStringList &rows) : m_rows(rows) {}
    const QStringList &rows() const { return m_rows; }
    bool has(const QString &r) const { return m_rows.contains(r); }

    Status insert(const QString &v, std::vector<VersionOp> &ops)
    {
        if (has(v))
            return {};
        m_rows.append(v);
        ops.push_back({VersionOp::Insert, {}, v});
        return {};
    }
    Status remove(const QString &v, std::vector<VersionOp> &ops)
    {
        if (!m_rows.removeOne(v))
            return {};
        ops.push_back({VersionOp::Delete, v, {}});
        return {};
    }
    // Alembic's update_version_num: the single parent, or the one parent that is a row.
    QString updateParent(const QStringList &parents) const
    {
        if (parents.size() == 1)
            return parents.front();
        QString found;
        for (const QString &p : parents)
            if (has(p))
                found = p;
        return found;
    }
    Status update(const QString &from, const QString &to, std::vector<VersionOp> &ops)
    {
        if (from.isEmpty() || !has(from))
            return insert(to, ops);
        if (has(to))
            return remove(from, ops);
        m_rows[m_rows.indexOf(from)] = to;
        ops.push_back({VersionOp::Update, from, to});
        return {};
    }

private:
    QStringList m_rows;
};

} // namespace

Result<Plan> RevisionGraph::planUpgrade(const QStringList &rows, const QString &target) const
{
    auto c = collectUpgrade(QStringList{target}, rows, false, true, true);
    if (!c)
        return c.error();
    auto order = topologicalSort(c->revisions, c->heads);
    if (!order)
        return order.error();
    Plan plan;
    plan.direction = Direction::Upgrade;
    plan.headsBefore = rows;
    HeadTracker heads(rows);
    for (auto it = order->rbegin(); it != order->rend(); ++it) {
        const Revision &r = m_revs[*it];
        PlanStep step;
        step.direction = Direction::Upgrade;
        step.revision = r.id;
        step.message = r.script ? r.script->message : QString();
        step.script = r.script;
        step.fromRevisions = ids(r.down);
        step.toRevisions = QStringList{r.id};
        const QStringList downs = ids(r.normalizedDown);
        int present = 0;
        for (const QString &d : downs)
            present += heads.has(d) ? 1 : 0;
        Status st;
        if (downs.isEmpty() || present == 0) {
            st = heads.insert(r.id, step.versionOps); // a new branch (or a base)
        } else if (downs.size() > 1 && present > 1) {
            // Merge: of the parents that are not ancestors of the other heads, delete all but the
            // last and update the last.
            QStringList others;
            for (const QString &h : heads.rows())
                if (!downs.contains(h))
                    others.append(h);
            QStringList from;
            if (!others.isEmpty()) {
                auto otherIdx = rowsToIndices(others);
                if (!otherIdx)
                    return otherIdx.error();
                for (int d : r.normalizedDown)
                    if (!isAncestor(d, *otherIdx))
                        from.append(m_revs[d].id);
            } else {
                from = downs;
            }
            for (qsizetype k = 0; k + 1 < from.size() && st.ok(); ++k)
                st = heads.remove(from[k], step.versionOps);
            if (st.ok() && !from.isEmpty())
                st = heads.update(from.back(), r.id, step.versionOps);
        } else {
            const QString down = heads.updateParent(downs);
            st = heads.update(down, r.id, step.versionOps);
        }
        if (!st)
            return Error(QStringLiteral("upgrade %1: %2").arg(r.id, st.error().message));
        plan.steps.push_back(std::move(step));
    }
    plan.headsAfter = heads.rows();
    return plan;
}

Result<Plan> RevisionGraph::planDowngrade(const QStringList &rows, const QString &target) const
{
    auto c = collectDowngrade(rows, target);
    if (!c)
        return c.error();
    auto order = topologicalSort(c->revisions, c->heads);
    if (!order)
        return order.error();
    Plan plan;
    plan.direction = Direction::Downgrade;
    plan.headsBefore = rows;
    HeadTracker heads(rows);
    for (int i : *order) {
        const Revision &r = m_revs[i];
        PlanStep step;
        step.direction = Direction::Downgrade;
        step.revision = r.id;
        step.message = r.script ? r.script->message : QString();
        step.script = r.script;
        step.fromRevisions = QStringList{r.id};
        step.toRevisions = ids(r.down);
        const QStringList downs = ids(r.normalizedDown);

        // What an unmerge leaves: the parents that are not ancestors of the other heads.
        auto unmergeTo = [&]() -> Result<QStringList> {
            QStringList others;
            for (const QString &h : heads.rows())
                if (h != r.id)
                    others.append(h);
            if (others.isEmpty())
                return downs;
            auto otherIdx = rowsToIndices(others);
            if (!otherIdx)
                return otherIdx.error();
            QStringList out;
            for (int d : r.normalizedDown)
                if (!isAncestor(d, *otherIdx))
                    out.append(m_revs[d].id);
            return out;
        };

        Status st;
        const bool isHeadRow = heads.has(r.id);
        auto to = unmergeTo();
        if (!to)
            return to.error();
        if (isHeadRow && (downs.isEmpty() || to->isEmpty())) {
            st = heads.remove(r.id, step.versionOps); // delete a branch
        } else if (isHeadRow && downs.size() > 1) {
            // Unmerge: insert all but the last remaining parent, update to the last.
            for (qsizetype k = 0; k + 1 < to->size() && st.ok(); ++k)
                st = heads.insert((*to)[k], step.versionOps);
            if (st.ok())
                st = heads.update(r.id, to->back(), step.versionOps);
        } else {
            const QString down = heads.updateParent(downs);
            st = heads.update(r.id, down, step.versionOps);
        }
        if (!st)
            return Error(QStringLiteral("downgrade %1: %2").arg(r.id, st.error().message));
        plan.steps.push_back(std::move(step));
    }
    plan.headsAfter = heads.rows();
    return plan;
}

Result<Plan> RevisionGraph::planStamp(const QStringList &rows, const QStringList &targetsIn,
                                      bool purge) const
{
    Plan plan;
    plan.direction = Direction::Upgrade;
    plan.headsBefore = rows;
    plan.purge = purge;
    const QStringList startRows = purge ? QStringList{} : rows;
    auto headRevs = rowsToIndices(startRows);
    if (!headRevs)
        return headRevs.error();
    QStringList targets = targetsIn;
    if (targets.isEmpty())
        targets.append(QStringLiteral("base"));

    std::vector<int> filtered;
    for (const QString &t : targets) {
        auto f = filterForLineage(*headRevs, t, true);
        if (!f)
            return f.error();
        for (int i : *f)
            appendUnique(filtered, i);
    }
    auto destsR = getRevisions(targets);
    if (!destsR)
        return destsR.error();
    std::vector<int> dests = *destsR;
    if (dests.empty())
        dests.push_back(kBase);

    HeadTracker heads(startRows);
    for (int dest : dests) {
        auto addStep = [&](QStringList from, QStringList to, bool isUpgrade,
                           bool branchMove) -> Status {
            PlanStep step;
            step.direction = isUpgrade ? Direction::Upgrade : Direction::Downgrade;
            step.stamp = true;
            step.revision = to.isEmpty() ? (from.isEmpty() ? QString() : from.front()) : to.front();
            step.fromRevisions = from;
            step.toRevisions = to;
            Status st;
            auto minus = [&](const QStringList &a) {
                QStringList out;
                for (const QString &x : a)
                    if (!heads.has(x))
                        out.append(x);
                return out;
            };
            if (!isUpgrade && branchMove) {
                st = heads.remove(from.front(), step.versionOps);
            } else if (isUpgrade && (branchMove || !minus(from).isEmpty()) &&
                       !minus(to).isEmpty()) {
                st = heads.insert(to.front(), step.versionOps);
            } else if (from.size() > 1) {
                for (qsizetype k = 0; k + 1 < from.size() && st.ok(); ++k)
                    st = heads.remove(from[k], step.versionOps);
                if (st.ok())
                    st = heads.update(from.back(), to.front(), step.versionOps);
            } else {
                st = heads.update(from.front(), to.front(), step.versionOps);
            }
            if (!st)
                return Error(QStringLiteral("stamp: %1").arg(st.error().message));
            plan.steps.push_back(std::move(step));
            return {};
        };
        Status st;
        if (dest < 0) {
            for (int h : filtered) {
                st = addStep(QStringList{m_revs[h].id}, {}, false, true);
                if (!st)
                    return st.error();
            }
            continue;
        }
        if (contains(filtered, dest))
            continue;
        const RevisionSet desc = descendants({dest}, true);
        const RevisionSet anc = ancestors({dest}, true);
        bool below = false, above = false;
        for (int h : filtered) {
            below = below || desc.test(h);
            above = above || anc.test(h);
        }
        if (below)
            st = addStep(ids(filtered), QStringList{m_revs[dest].id}, false, false);
        else if (above)
            st = addStep(ids(filtered), QStringList{m_revs[dest].id}, true, false);
        else
            st = addStep({}, QStringList{m_revs[dest].id}, true, true);
        if (!st)
            return st.error();
    }
    plan.headsAfter = heads.rows();
    return plan;
}

} // namespace retort
