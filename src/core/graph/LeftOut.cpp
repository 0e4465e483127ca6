// The part of a project that is not in its graph: the revisions RevisionGraph::build left out and
// the scripts that could not be read, why, and which heads of the graph they make uncertain.
#include "graph/GraphDetail.h"
#include "graph/RevisionGraph.h"

#include "scripts/Script.h"

#include <QFileInfo>

#include <queue>

namespace retort {

namespace detail {

namespace {

using Why = LeftOutRevision::Why;

// "file:line" (the file name only: the reason is read next to the full path).
QString where(const QString &file, int line)
{
    const QString name = QFileInfo(file).fileName();
    return line > 0 ? QStringLiteral("%1:%2").arg(name).arg(line) : name;
}

} // namespace

// Words the reasons. A draft with an own problem names its culprit; one below it names the
// culprit of its root the same way ("parent X ..." / "ancestor X ...").
class ReasonWriter final {
public:
    ReasonWriter(const std::vector<LeftOutDraft> &drafts,
                 std::span<const SalvagedScript> unreadable)
        : m_drafts(drafts)
    {
        for (const SalvagedScript &u : unreadable)
            if (!u.revision.isEmpty() && !m_unreadable.contains(u.revision))
                m_unreadable.insert(u.revision, &u);
    }

    // The culprit of draft `k`'s own problem and what is wrong with it: "X could not be read
    // (file:line)", "X is not in the project", "X is in a cycle", "X revises itself ...".
    QString culprit(int k) const
    {
        const LeftOutDraft &d = m_drafts[size_t(k)];
        switch (d.revision.why) {
        case Why::MissingParent:
        case Why::MissingDependency:
            if (const SalvagedScript *u = m_unreadable.value(d.cause))
                return QStringLiteral("%1 could not be read (%2)")
                    .arg(d.cause, where(u->path, u->line));
            return QStringLiteral("%1 is not in the project").arg(d.cause);
        case Why::Cycle:
            return QStringLiteral("%1 is in a cycle").arg(d.revision.id);
        case Why::SelfReference:
            return QStringLiteral("%1 %2").arg(d.revision.id, d.cause);
        case Why::DuplicateId:
        case Why::Unreadable:
        case Why::BelowLeftOut:
            break;
        }
        return d.revision.id;
    }

    QString reason(int k) const
    {
        const LeftOutDraft &d = m_drafts[size_t(k)];
        switch (d.revision.why) {
        case Why::MissingParent:
            return QStringLiteral("unreachable: parent ") + culprit(k);
        case Why::MissingDependency:
            return QStringLiteral("unreachable: dependency ") + culprit(k);
        case Why::Cycle:
            return QStringLiteral("in a cycle: ") + d.cause;
        case Why::SelfReference:
            return d.cause;
        case Why::DuplicateId:
            return QStringLiteral("duplicate revision id (already defined in %1)")
                .arg(where(d.cause, 0));
        case Why::BelowLeftOut:
            if (d.root >= 0)
                return QStringLiteral("unreachable: ancestor ") + culprit(d.root);
            return QStringLiteral("unreachable: an ancestor was left out");
        case Why::Unreadable:
            break;
        }
        return {};
    }

private:
    const std::vector<LeftOutDraft> &m_drafts;
    QHash<QString, const SalvagedScript *> m_unreadable;
};

void LeftOutRecorder::record(RevisionGraph &g, std::vector<LeftOutDraft> drafts,
                             std::span<const SalvagedScript> unreadable, std::vector<Error> &errors)
{
    std::vector<QString> reasons; // all worded before any draft moves: reasons name other drafts
    const ReasonWriter words(drafts, unreadable);
    for (int k = 0; k < int(drafts.size()); ++k)
        reasons.push_back(words.reason(k));
    g.m_leftOut.reserve(drafts.size() + unreadable.size());
    for (size_t k = 0; k < drafts.size(); ++k) {
        LeftOutRevision r = std::move(drafts[k].revision);
        r.reason = std::move(reasons[k]);
        if (r.why == Why::BelowLeftOut) // the others have their own error already
            errors.push_back(
                Error(QStringLiteral("revision %1 is %2").arg(r.id, r.reason), r.file, 0, r.id)
                    .as(ErrorKind::GraphProblem));
        g.m_leftOut.push_back(std::move(r));
    }
    for (const SalvagedScript &u : unreadable) {
        LeftOutRevision r;
        r.why = Why::Unreadable;
        r.id = u.revision;
        r.file = u.path;
        r.line = u.line;
        r.parentsKnown = u.parentsKnown;
        r.parents = u.downRevisions;
        r.reason = QStringLiteral("could not be read: ") + u.problem;
        g.m_headsKnown = g.m_headsKnown && u.parentsKnown;
        g.m_leftOut.push_back(std::move(r));
    }
    indexNames(g);
}

// Who names whom: the revisions of the graph that left-out ones name as parents or dependencies.
void LeftOutRecorder::indexNames(RevisionGraph &g)
{
    g.m_namedByLeftOut.assign(static_cast<size_t>(g.size()), 0);
    std::vector<std::vector<int>> children(static_cast<size_t>(g.size()));
    for (int k = 0; k < int(g.m_leftOut.size()); ++k) {
        const LeftOutRevision &r = g.m_leftOut[size_t(k)];
        for (const QString &p : r.parents)
            if (const int i = g.indexOf(p); i >= 0) {
                g.m_namedByLeftOut[size_t(i)] |= 1;
                children[size_t(i)].push_back(k);
            }
        for (const QString &d : r.dependsOn) {
            const int i = g.indexOf(d) >= 0 ? g.indexOf(d) : g.m_byLabel.value(d, -1);
            if (i >= 0)
                g.m_namedByLeftOut[size_t(i)] |= 2;
        }
    }
    RevisionAdjacency &a = g.m_leftOutChildren;
    a.start.assign(1, 0);
    for (const std::vector<int> &c : children) {
        a.edges.insert(a.edges.end(), c.begin(), c.end());
        a.start.push_back(int(a.edges.size()));
    }
}

} // namespace detail

std::span<const int> RevisionGraph::leftOutChildren(int i) const
{
    if (size_t(i) + 1 >= m_leftOutChildren.start.size())
        return {};
    return m_leftOutChildren.of(i);
}

bool RevisionGraph::isCertainHead(int i) const
{
    const bool named = size_t(i) < m_namedByLeftOut.size() && (m_namedByLeftOut[size_t(i)] & 1);
    return m_revs[size_t(i)].isHead() && m_headsKnown && !named;
}

bool RevisionGraph::isCertainRealHead(int i) const
{
    const bool named = size_t(i) < m_namedByLeftOut.size() && m_namedByLeftOut[size_t(i)] != 0;
    return m_revs[size_t(i)].isRealHead() && m_headsKnown && !named;
}

std::vector<int> RevisionGraph::certainHeads() const
{
    std::vector<int> out;
    for (int i = 0; i < size(); ++i)
        if (isCertainHead(i))
            out.push_back(i);
    return out;
}

std::vector<int> RevisionGraph::certainRealHeads() const
{
    std::vector<int> out;
    for (int i = 0; i < size(); ++i)
        if (isCertainRealHead(i))
            out.push_back(i);
    return out;
}

// Kahn's order over the left-out revisions from their tips (named by no other left-out one), the
// latest in load order first; those on a cycle follow, in reverse load order.
std::vector<int> RevisionGraph::leftOutNewestFirst() const
{
    const int n = int(m_leftOut.size());
    QHash<QString, int> byId;
    for (int k = 0; k < n; ++k)
        if (!m_leftOut[size_t(k)].id.isEmpty() && !byId.contains(m_leftOut[size_t(k)].id))
            byId.insert(m_leftOut[size_t(k)].id, k);
    std::vector<std::vector<int>> parents(static_cast<size_t>(n));
    std::vector<int> children(size_t(n), 0);
    for (int k = 0; k < n; ++k) {
        const LeftOutRevision &r = m_leftOut[size_t(k)];
        for (const QStringList *names : {&r.parents, &r.dependsOn})
            for (const QString &p : *names)
                if (const int j = byId.value(p, -1); j >= 0 && j != k) {
                    parents[size_t(k)].push_back(j);
                    ++children[size_t(j)];
                }
    }
    std::priority_queue<int> ready; // the latest in load order first
    for (int k = 0; k < n; ++k)
        if (children[size_t(k)] == 0)
            ready.push(k);
    std::vector<int> order;
    std::vector<char> placed(size_t(n), 0);
    while (!ready.empty()) {
        const int k = ready.top();
        ready.pop();
        order.push_back(k);
        placed[size_t(k)] = 1;
        for (int j : parents[size_t(k)])
            if (--children[size_t(j)] == 0)
                ready.push(j);
    }
    for (int k = n - 1; k >= 0; --k)
        if (!placed[size_t(k)])
            order.push_back(k);
    return order;
}

} // namespace retort
