// Plans: the steps of an upgrade, downgrade or stamp and the version-table changes of each, as
// Alembic's HeadMaintainer makes them.
#include "graph/GraphDetail.h"
#include "graph/RevisionGraph.h"

#include "scripts/Script.h"

namespace retort {

using detail::appendUnique;
using detail::contains;
using detail::HeadTracker;

namespace detail {

// Simulates Alembic's HeadMaintainer: the version rows, changed step by step. Where Alembic 1.8
// would fail on an impossible change (its KeyError on some depends_on graphs), the tracker does
// the change that keeps the rows equal to the heads of what is applied: updating a row that is
// absent inserts the new one, inserting a present row or deleting an absent one does nothing.
class HeadTracker final {
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

} // namespace detail

namespace {

Plan newPlan(Direction direction, const QStringList &rows)
{
    Plan plan;
    plan.direction = direction;
    plan.headsBefore = rows;
    return plan;
}

// The step that runs the script of `r` in `direction`, without its version-table changes.
PlanStep migrationStep(const RevisionGraph &g, const Revision &r, Direction direction)
{
    PlanStep step;
    step.direction = direction;
    step.revision = r.id;
    step.message = r.script ? r.script->message : QString();
    step.script = r.script;
    const QStringList self{r.id};
    const QStringList parents = g.ids(r.down);
    step.fromRevisions = direction == Direction::Upgrade ? parents : self;
    step.toRevisions = direction == Direction::Upgrade ? self : parents;
    return step;
}

// `st`, or its message after "`what`: " when it failed.
Status withContext(Status st, const QString &what)
{
    if (!st)
        return Error(QStringLiteral("%1: %2").arg(what, st.error().message));
    return st;
}

// One stamp step from the rows `from` to `to`, with the version-table changes Alembic's
// HeadMaintainer makes for it (branchMove: a branch is created or deleted).
Status addStampStep(Plan &plan, HeadTracker &heads, const QStringList &from, const QStringList &to,
                    bool isUpgrade, bool branchMove)
{
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
    } else if (isUpgrade && (branchMove || !minus(from).isEmpty()) && !minus(to).isEmpty()) {
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
        return withContext(std::move(st), QStringLiteral("stamp"));
    plan.steps.push_back(std::move(step));
    return {};
}

} // namespace

// What an unmerge leaves, or which parents a merge replaces: the parents of `r` (normalized
// down revisions) that are not ancestors of the rows `others`; all of them when there are none.
Result<QStringList> RevisionGraph::parentsNotBelow(const Revision &r,
                                                   const QStringList &others) const
{
    if (others.isEmpty())
        return ids(r.normalizedDown);
    auto otherIdx = rowsToIndices(others);
    if (!otherIdx)
        return otherIdx.error();
    QStringList out;
    for (int d : r.normalizedDown)
        if (!isAncestor(d, *otherIdx))
            out.append(m_revs[d].id);
    return out;
}

Status RevisionGraph::upgradeOps(const Revision &r, HeadTracker &heads,
                                 std::vector<VersionOp> &ops) const
{
    const QString what = QStringLiteral("upgrade ") + r.id;
    const QStringList downs = ids(r.normalizedDown);
    int present = 0;
    for (const QString &d : downs)
        present += heads.has(d) ? 1 : 0;
    if (downs.isEmpty() || present == 0)
        return withContext(heads.insert(r.id, ops), what); // a new branch (or a base)
    if (downs.size() > 1 && present > 1) {
        // Merge: of the parents that are not ancestors of the other heads, delete all but the
        // last and update the last.
        QStringList others;
        for (const QString &h : heads.rows())
            if (!downs.contains(h))
                others.append(h);
        auto from = parentsNotBelow(r, others);
        if (!from)
            return from.error();
        Status st;
        for (qsizetype k = 0; k + 1 < from->size() && st.ok(); ++k)
            st = heads.remove((*from)[k], ops);
        if (st.ok() && !from->isEmpty())
            st = heads.update(from->back(), r.id, ops);
        return withContext(std::move(st), what);
    }
    return withContext(heads.update(heads.updateParent(downs), r.id, ops), what);
}

Status RevisionGraph::downgradeOps(const Revision &r, HeadTracker &heads,
                                   std::vector<VersionOp> &ops) const
{
    const QStringList downs = ids(r.normalizedDown);
    const bool isHeadRow = heads.has(r.id);
    QStringList others;
    for (const QString &h : heads.rows())
        if (h != r.id)
            others.append(h);
    auto to = parentsNotBelow(r, others);
    if (!to)
        return to.error();
    Status st;
    if (isHeadRow && (downs.isEmpty() || to->isEmpty())) {
        st = heads.remove(r.id, ops); // delete a branch
    } else if (isHeadRow && downs.size() > 1) {
        // Unmerge: insert all but the last remaining parent, update to the last.
        for (qsizetype k = 0; k + 1 < to->size() && st.ok(); ++k)
            st = heads.insert((*to)[k], ops);
        if (st.ok())
            st = heads.update(r.id, to->back(), ops);
    } else {
        st = heads.update(r.id, heads.updateParent(downs), ops);
    }
    return withContext(std::move(st), QStringLiteral("downgrade ") + r.id);
}

Result<Plan> RevisionGraph::planUpgrade(const QStringList &rows, const QString &target) const
{
    auto c = collectUpgrade(QStringList{target}, rows, false, true, true);
    if (!c)
        return c.error();
    auto order = topologicalSort(c->revisions, c->heads);
    if (!order)
        return order.error();
    Plan plan = newPlan(Direction::Upgrade, rows);
    HeadTracker heads(rows);
    for (auto it = order->rbegin(); it != order->rend(); ++it) {
        const Revision &r = m_revs[*it];
        PlanStep step = migrationStep(*this, r, Direction::Upgrade);
        if (auto st = upgradeOps(r, heads, step.versionOps); !st)
            return st.error();
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
    Plan plan = newPlan(Direction::Downgrade, rows);
    HeadTracker heads(rows);
    for (int i : *order) {
        const Revision &r = m_revs[i];
        PlanStep step = migrationStep(*this, r, Direction::Downgrade);
        if (auto st = downgradeOps(r, heads, step.versionOps); !st)
            return st.error();
        plan.steps.push_back(std::move(step));
    }
    plan.headsAfter = heads.rows();
    return plan;
}

// The stamp steps that move the rows `filtered` (the current heads in the targets' lineage) to
// `dest` (kBase: delete them).
Status RevisionGraph::stampTo(int dest, const std::vector<int> &filtered, Plan &plan,
                              HeadTracker &heads) const
{
    if (dest < 0) {
        for (int h : filtered)
            if (auto st = addStampStep(plan, heads, QStringList{m_revs[h].id}, {}, false, true);
                !st)
                return st;
        return {};
    }
    if (contains(filtered, dest))
        return {};
    const RevisionSet desc = descendants({dest}, true);
    const RevisionSet anc = ancestors({dest}, true);
    bool below = false, above = false;
    for (int h : filtered) {
        below = below || desc.test(h);
        above = above || anc.test(h);
    }
    const QStringList to{m_revs[dest].id};
    if (below)
        return addStampStep(plan, heads, ids(filtered), to, false, false);
    if (above)
        return addStampStep(plan, heads, ids(filtered), to, true, false);
    return addStampStep(plan, heads, {}, to, true, true);
}

Result<Plan> RevisionGraph::planStamp(const QStringList &rows, const QStringList &targetsIn,
                                      bool purge) const
{
    Plan plan = newPlan(Direction::Upgrade, rows);
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
    for (int dest : dests)
        if (auto st = stampTo(dest, filtered, plan, heads); !st)
            return st.error();
    plan.headsAfter = heads.rows();
    return plan;
}

} // namespace retort
