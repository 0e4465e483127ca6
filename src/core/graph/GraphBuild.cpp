// RevisionGraph::build: scripts in load order to an immutable graph, one function per step.
// Large projects have tens of thousands of revisions: the edges live in flat arrays
// (RevisionAdjacency) and ids in a flat hash table (RevisionIdTable), not in per-revision
// containers.
#include "graph/GraphDetail.h"
#include "graph/RevisionGraph.h"

#include "scripts/Script.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace retort {

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

// Appends x to v unless it is among v[from..].
void appendUniqueFrom(std::vector<int> &v, size_t from, int x)
{
    if (std::find(v.begin() + qsizetype(from), v.end(), x) == v.end())
        v.push_back(x);
}

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

// a + b per node, deduplicated, in that order.
RevisionAdjacency joined(const RevisionAdjacency &a, const RevisionAdjacency &b, int count)
{
    RevisionAdjacency all;
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
}

} // namespace

namespace detail {

// The state of one RevisionGraph::build between its steps. Steps 1-4 work on `nodes` (the
// scripts with a unique id, in load order); step 5 keeps the sound ones in the graph, and steps
// 6-7 complete it. Errors are appended to `errors` in the order the steps find them.
class GraphBuilder final {
public:
    GraphBuilder(const std::vector<Script> &scripts, std::vector<Error> &errors,
                 std::span<const SalvagedScript> unreadable)
        : m_scripts(scripts), m_errors(errors), m_unreadable(unreadable), m_byId(scripts.size())
    {
        for (const SalvagedScript &u : unreadable)
            if (!u.revision.isEmpty())
                m_unreadableById.insert(u.revision, &u);
    }

    RevisionGraph run()
    {
        indexNodes();
        checkSelfReferences();
        indexLabels();
        resolveEdges();
        sortNodes();
        reportCycles();
        RevisionGraph g = keptGraph();
        normalizeDependencies(g.m_down, g.m_deps, m_order, g.m_normalizedDeps, g.m_normalizedDown);
        g.bindEdges();
        spreadLabels(g.m_revs, g.m_next, g.m_down, m_order);
        if (!m_duplicates.empty() || int(m_kept.size()) < m_n || !m_unreadable.empty())
            LeftOutRecorder::record(g, leftOutDrafts(), m_unreadable, m_errors);
        return g;
    }

private:
    using Adjacency = RevisionAdjacency;

    int find(QStringView id) const
    {
        return m_byId.find(id, [this](int k) { return QStringView(m_nodes[size_t(k)]->revision); });
    }
    const Script &node(int i) const { return *m_nodes[size_t(i)]; }
    // Marks node i as having a structural error of its own (the first one names the reason).
    void markBad(int i, LeftOutRevision::Why why, const QString &cause)
    {
        if (!m_bad[size_t(i)]) {
            m_why[size_t(i)] = why;
            m_cause[size_t(i)] = cause;
        }
        m_bad[size_t(i)] = 1;
    }
    // " which could not be read (file:line)" for an unreadable script's id, else " which is not
    // in the project".
    QString missingText(const QString &id) const;

    void indexNodes();
    void checkSelfReferences();
    void indexLabels();
    void resolveEdges();
    void resolveDown(int i);
    void resolveDeps(int i);
    void sortNodes();
    void reportCycles();
    void reportCycleFrom(int start, std::vector<char> &inCycleReport);
    RevisionGraph keptGraph();
    std::vector<LeftOutDraft> leftOutDrafts() const;
    Adjacency remap(const Adjacency &a) const;
    void fillRevisions(RevisionGraph &g) const;

    const std::vector<Script> &m_scripts;
    std::vector<Error> &m_errors;
    std::span<const SalvagedScript> m_unreadable;
    QHash<QString, const SalvagedScript *> m_unreadableById;
    std::vector<const Script *> m_nodes;
    int m_n = 0;                             // m_nodes.size()
    RevisionIdTable m_byId;                  // id -> node
    std::vector<char> m_bad;                 // a node with a structural error of its own (markBad)
    std::vector<LeftOutRevision::Why> m_why; // a bad node's first error
    std::vector<QString> m_cause;            // and its culprit (LeftOutDraft::cause)
    std::vector<int> m_root; // a left-out node: the bad node that cuts it off (itself if bad)
    std::vector<std::pair<const Script *, QString>> m_duplicates; // and the first id's file
    QHash<QString, int> m_byLabel;
    std::vector<QStringList> m_ownLabels;
    Adjacency m_down, m_deps, m_allDown; // indices into m_nodes
    std::vector<char> m_processed;
    std::vector<int> m_kept, m_newIndex; // node of each kept revision; revision of each node
    std::vector<int> m_order;            // the kept revisions, parents first (assignLevels)
};

// 1. Unique ids.
void GraphBuilder::indexNodes()
{
    m_nodes.reserve(m_scripts.size());
    for (const Script &s : m_scripts) {
        if (const int other = find(s.revision); other >= 0) {
            m_errors.push_back(
                scriptError(s, QStringLiteral("Revision ID"),
                            QStringLiteral("duplicate revision id %1 (already defined in %2)")
                                .arg(s.revision, node(other).path)));
            m_duplicates.emplace_back(&s, node(other).path);
            continue;
        }
        m_byId.insert(s.revision, int(m_nodes.size()),
                      [this](int k) { return QStringView(m_nodes[size_t(k)]->revision); });
        m_nodes.push_back(&s);
    }
    m_n = int(m_nodes.size());
}

// 1. Self references.
void GraphBuilder::checkSelfReferences()
{
    m_bad.assign(size_t(m_n), 0);
    m_why.assign(size_t(m_n), LeftOutRevision::Why::BelowLeftOut);
    m_cause.resize(size_t(m_n));
    for (int i = 0; i < m_n; ++i) {
        const Script &s = node(i);
        if (s.downRevisions.contains(s.revision)) {
            m_errors.push_back(scriptError(
                s, QStringLiteral("Revises"),
                QStringLiteral("revision %1 revises itself (a self-loop)").arg(s.revision)));
            markBad(i, LeftOutRevision::Why::SelfReference,
                    QStringLiteral("revises itself (a self-loop)"));
        }
        if (s.dependsOn.contains(s.revision)) {
            m_errors.push_back(
                scriptError(s, QStringLiteral("Depends On"),
                            QStringLiteral("revision %1 depends on itself").arg(s.revision)));
            markBad(i, LeftOutRevision::Why::SelfReference, QStringLiteral("depends on itself"));
        }
    }
}

// 2. Branch labels: unique among themselves and the ids.
void GraphBuilder::indexLabels()
{
    m_ownLabels.resize(size_t(m_n));
    for (int i = 0; i < m_n; ++i) {
        const Script &s = node(i);
        for (const QString &label : s.branchLabels) {
            int other = find(label);
            if (other < 0)
                other = m_byLabel.value(label, -1);
            if (other >= 0) {
                m_errors.push_back(scriptError(
                    s, QStringLiteral("Branch Labels"),
                    QStringLiteral(
                        "branch label '%1' in revision %2 is already used by revision %3")
                        .arg(label, s.revision, node(other).revision)));
                continue;
            }
            m_byLabel.insert(label, i);
            m_ownLabels[size_t(i)].append(label);
        }
    }
}

// 3. Parents and dependencies must exist.
void GraphBuilder::resolveEdges()
{
    m_down.start.reserve(size_t(m_n) + 1);
    m_down.edges.reserve(size_t(m_n) + 64);
    m_deps.start.reserve(size_t(m_n) + 1);
    for (int i = 0; i < m_n; ++i) {
        resolveDown(i);
        resolveDeps(i);
    }
    m_allDown = joined(m_down, m_deps, m_n);
}

void GraphBuilder::resolveDown(int i)
{
    const Script &s = node(i);
    const size_t downFrom = m_down.edges.size();
    for (const QString &d : s.downRevisions) {
        const int p = find(d);
        if (p < 0) {
            m_errors.push_back(scriptError(
                s, QStringLiteral("Revises"),
                QStringLiteral("revision %1 revises %2,%3").arg(s.revision, d, missingText(d))));
            markBad(i, LeftOutRevision::Why::MissingParent, d);
        } else if (p != i) { // a self-loop is reported above
            appendUniqueFrom(m_down.edges, downFrom, p);
        }
    }
    m_down.start.push_back(int(m_down.edges.size()));
}

void GraphBuilder::resolveDeps(int i)
{
    const Script &s = node(i);
    const size_t depsFrom = m_deps.edges.size();
    for (const QString &d : s.dependsOn) {
        int p = find(d);
        if (p < 0)
            p = m_byLabel.value(d, -1);
        if (p < 0) {
            m_errors.push_back(scriptError(
                s, QStringLiteral("Depends On"),
                m_unreadableById.contains(d)
                    ? QStringLiteral("revision %1 depends on %2,%3")
                          .arg(s.revision, d, missingText(d))
                    : QStringLiteral("revision %1 depends on %2, which is neither a revision nor "
                                     "a branch label of the project")
                          .arg(s.revision, d)));
            markBad(i, LeftOutRevision::Why::MissingDependency, d);
        } else if (p == i) {
            if (s.dependsOn.contains(s.revision))
                continue; // reported above
            markBad(i, LeftOutRevision::Why::SelfReference,
                    QStringLiteral("depends on itself (through its branch label %1)").arg(d));
            m_errors.push_back(scriptError(s, QStringLiteral("Depends On"),
                                           QStringLiteral("revision %1 depends on itself (through "
                                                          "its branch label %2)")
                                               .arg(s.revision, d)));
        } else {
            appendUniqueFrom(m_deps.edges, depsFrom, p);
        }
    }
    m_deps.start.push_back(int(m_deps.edges.size()));
}

// 4. Kahn's algorithm over down + deps: finds cycles; bad nodes poison their descendants.
void GraphBuilder::sortNodes()
{
    const Adjacency children = reversed(m_allDown, m_n);
    std::vector<int> pending(size_t(m_n), 0);
    for (int i = 0; i < m_n; ++i)
        pending[size_t(i)] = int(m_allDown.of(i).size());
    m_processed.assign(size_t(m_n), 0);
    m_root.assign(size_t(m_n), -1);
    std::vector<int> queue;
    queue.reserve(size_t(m_n));
    for (int i = 0; i < m_n; ++i)
        if (pending[size_t(i)] == 0)
            queue.push_back(i);
    for (size_t q = 0; q < queue.size(); ++q) {
        const int i = queue[q];
        m_processed[size_t(i)] = 1;
        if (m_bad[size_t(i)])
            m_root[size_t(i)] = i; // its own error wins over an ancestor's
        for (int c : children.of(i)) {
            if (m_root[size_t(i)] >= 0 && m_root[size_t(c)] < 0)
                m_root[size_t(c)] = m_root[size_t(i)];
            if (--pending[size_t(c)] == 0)
                queue.push_back(c);
        }
    }
}

// 4. Nodes never processed lie on a cycle or below one. Every such node has a parent that is
// also unprocessed, so following parents from any of them finds a cycle.
void GraphBuilder::reportCycles()
{
    std::vector<char> inCycleReport(size_t(m_n), 0);
    for (int start = 0; start < m_n; ++start)
        if (!m_processed[size_t(start)] && !inCycleReport[size_t(start)])
            reportCycleFrom(start, inCycleReport);
}

void GraphBuilder::reportCycleFrom(int start, std::vector<char> &inCycleReport)
{
    std::vector<int> path;
    QHash<int, int> posInPath;
    int cur = start;
    while (!posInPath.contains(cur) && !inCycleReport[size_t(cur)]) {
        posInPath.insert(cur, int(path.size()));
        path.push_back(cur);
        int next = -1;
        for (int p : m_allDown.of(cur)) // down first, then deps
            if (!m_processed[size_t(p)]) {
                next = p;
                break;
            }
        if (next < 0)
            break; // cannot happen; be safe rather than loop
        cur = next;
    }
    for (int v : path)
        inCycleReport[size_t(v)] = 1;
    // The nodes before the cycle (or before an already reported one) only descend from it.
    const size_t cycleFrom = posInPath.contains(cur) ? size_t(posInPath.value(cur)) : path.size();
    const int root = m_bad[size_t(cur)] || cycleFrom < path.size() ? cur : m_root[size_t(cur)];
    for (size_t k = 0; k < cycleFrom; ++k) {
        const int v = path[k];
        if (m_bad[size_t(v)])
            m_root[size_t(v)] = v;
        else if (m_root[size_t(v)] < 0)
            m_root[size_t(v)] = root;
    }
    if (cycleFrom == path.size())
        return;
    QStringList cycle;
    for (size_t k = cycleFrom; k < path.size(); ++k)
        cycle.prepend(node(path[k]).revision);
    cycle.append(cycle.first());
    const QString text = cycle.join(QStringLiteral(" -> "));
    for (size_t k = cycleFrom; k < path.size(); ++k) {
        markBad(path[k], LeftOutRevision::Why::Cycle, text);
        m_root[size_t(path[k])] = path[k];
    }
    m_errors.push_back(scriptError(node(cur), QStringLiteral("Revises"),
                                   QStringLiteral("cycle detected in revisions: %1").arg(text)));
}

// 5. The final graph: every processed, unpoisoned node, in load order. A kept node's parents
// and dependencies are kept too (bad ones poison their descendants). Leaves the revisions'
// edges unbound and the normalized edges empty.
RevisionGraph GraphBuilder::keptGraph()
{
    RevisionGraph g;
    m_newIndex.assign(size_t(m_n), -1);
    m_kept.reserve(size_t(m_n));
    for (int i = 0; i < m_n; ++i) {
        if (!m_processed[size_t(i)] || m_root[size_t(i)] >= 0) {
            g.m_excluded.append(node(i).revision);
            continue;
        }
        m_newIndex[size_t(i)] = int(m_kept.size());
        m_kept.push_back(i);
    }
    const int m = int(m_kept.size());
    g.m_down = remap(m_down);
    g.m_deps = remap(m_deps);
    g.m_allDown = remap(m_allDown);
    fillRevisions(g);
    if (m == m_n) {
        g.m_byId = std::move(m_byId); // the same indices
    } else {
        g.m_byId = RevisionIdTable(size_t(m));
        for (const Revision &r : g.m_revs)
            g.m_byId.insert(r.id, r.index,
                            [&](int k) -> QStringView { return g.m_revs[size_t(k)].id; });
    }
    for (const Revision &r : g.m_revs)
        for (const QString &l : r.ownLabels)
            g.m_byLabel.insert(l, r.index);
    // Children, in load order: through down or depends_on (allNext), and versioned (next).
    g.m_allNext = reversed(g.m_allDown, m);
    g.m_next = reversed(g.m_down, m);
    m_order = detail::assignLevels(g.m_revs, g.m_allDown, g.m_allNext);
    return g;
}

QString GraphBuilder::missingText(const QString &id) const
{
    const SalvagedScript *u = m_unreadableById.value(id);
    if (!u)
        return QStringLiteral(" which is not in the project");
    const QString where = QFileInfo(u->path).fileName();
    return QStringLiteral(" which could not be read (%1)")
        .arg(u->line > 0 ? QStringLiteral("%1:%2").arg(where).arg(u->line) : where);
}

// 5. The scripts left out, in load order: the duplicates, and the nodes not kept.
std::vector<LeftOutDraft> GraphBuilder::leftOutDrafts() const
{
    std::vector<LeftOutDraft> drafts;
    std::vector<int> draftOf(size_t(m_n), -1);
    size_t nextNode = 0, nextDuplicate = 0;
    for (const Script &s : m_scripts) {
        LeftOutDraft d;
        d.revision.id = s.revision;
        d.revision.script = &s;
        d.revision.file = s.path;
        d.revision.parents = s.downRevisions;
        d.revision.dependsOn = s.dependsOn;
        if (nextNode < m_nodes.size() && m_nodes[nextNode] == &s) {
            const int i = int(nextNode++);
            if (m_newIndex[size_t(i)] >= 0)
                continue; // kept
            d.revision.why =
                m_bad[size_t(i)] ? m_why[size_t(i)] : LeftOutRevision::Why::BelowLeftOut;
            d.cause = m_cause[size_t(i)];
            d.root = m_root[size_t(i)]; // a node for now
            draftOf[size_t(i)] = int(drafts.size());
        } else { // duplicates are in load order too
            d.revision.why = LeftOutRevision::Why::DuplicateId;
            d.cause = m_duplicates[nextDuplicate++].second;
        }
        drafts.push_back(std::move(d));
    }
    for (LeftOutDraft &d : drafts)
        if (d.revision.why == LeftOutRevision::Why::BelowLeftOut)
            d.root = d.root >= 0 ? draftOf[size_t(d.root)] : -1;
        else
            d.root = -1;
    return drafts;
}

// `a` (over nodes) over the kept revisions.
RevisionAdjacency GraphBuilder::remap(const Adjacency &a) const
{
    if (m_kept.size() == size_t(m_n))
        return a; // nothing left out: the same indices
    Adjacency out;
    out.start.reserve(m_kept.size() + 1);
    for (int i : m_kept) {
        for (int p : a.of(i))
            out.edges.push_back(m_newIndex[size_t(p)]);
        out.start.push_back(int(out.edges.size()));
    }
    return out;
}

void GraphBuilder::fillRevisions(RevisionGraph &g) const
{
    g.m_revs.resize(m_kept.size());
    for (size_t k = 0; k < m_kept.size(); ++k) {
        Revision &r = g.m_revs[k];
        const Script *script = m_nodes[size_t(m_kept[k])];
        r.id = script->revision;
        r.index = int(k);
        r.script = script;
        r.ownLabels = m_ownLabels[size_t(m_kept[k])];
        r.dependsOnDeclared = script->dependsOn;
    }
}

} // namespace detail

RevisionGraph RevisionGraph::build(const std::vector<Script> &scripts, std::vector<Error> &errors,
                                   std::span<const SalvagedScript> unreadable)
{
    return detail::GraphBuilder(scripts, errors, unreadable).run();
}

} // namespace retort
