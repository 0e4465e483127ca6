// Collecting the revisions between two ends of the graph and ordering them as Alembic does:
// what `history`, `current`, upgrade and downgrade plans are made of.
#include "graph/GraphDetail.h"
#include "graph/RevisionGraph.h"

#include <algorithm>

namespace retort {

using detail::appendUnique;
using detail::contains;
using detail::toVector;

// A named lower bound (branch@...) keeps only the targets on that branch.
std::vector<int> RevisionGraph::onLowerBranch(const std::vector<int> &targets,
                                              const QString &lower) const
{
    QString branch = lower.section(QLatin1Char('@'), 0, 0);
    auto br = getRevision(branch);
    if (br && *br >= 0 && m_revs[*br].id == branch && m_revs[*br].labels.size() == 1)
        branch = m_revs[*br].labels.front();
    std::vector<int> kept;
    for (int t : targets)
        if (m_revs[t].labels.contains(branch))
            kept.push_back(t);
    return kept;
}

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

    if (lower.size() == 1 && lower.front().contains(QLatin1Char('@')))
        targets = onLowerBranch(targets, lower.front());

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

// One step of topologicalSort past `cand`, the head being walked (current[idx], with its
// ancestors anc[idx]): the walk goes on to cand's parents still to do, the first in its place
// and the others as new heads, or the head is dropped when it has none.
void RevisionGraph::descend(int cand, const RevisionSet &todo, std::vector<int> &current,
                            std::vector<RevisionSet> &anc, size_t &idx) const
{
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
        descend(cand, todo, current, anc, idx);
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

} // namespace retort
