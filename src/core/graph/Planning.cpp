// Plans: the steps of an upgrade, downgrade or stamp and the version-table changes of each, as
// Alembic's HeadMaintainer makes them.
#include "graph/GraphDetail.h"
#include "graph/RevisionGraph.h"

#include "scripts/Script.h"

namespace retort {

using detail::appendUnique;
using detail::contains;

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
