// Identifier resolution (Alembic's RevisionMap.get_revisions and friends) and the relative
// targets of upgrade and downgrade (+N, -N, label@+N...).
#include "graph/GraphDetail.h"
#include "graph/RevisionGraph.h"

#include <QRegularExpression>

namespace retort {

using detail::toVector;

namespace {

// Alembic's _relative_destination: "(?:(.+?)@)?(\w+)?((?:\+|-)\d+)", matched at the start.
const QRegularExpression &relativeRe()
{
    static const QRegularExpression re(QStringLiteral("^(?:(.+?)@)?(\\w+)?((?:\\+|-)\\d+)"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

} // namespace

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

// A partial identifier: a unique prefix of a revision id or branch label of more than three
// characters (Alembic also matches branch labels this way), on the lineage of branchRev when
// that is not -1.
Result<int> RevisionGraph::revisionForPrefix(const QString &ident, int branchRev) const
{
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
    return candidates.front();
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
        auto partial = revisionForPrefix(ident, branchRev);
        if (!partial)
            return partial.error();
        rev = *partial;
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

// Where `+N` (or `branch@+N`) walks up from: the current revisions (kNone for none), those on
// `branch`, or when the branch is not current, the tips of its active part.
Result<std::vector<int>> RevisionGraph::upgradeStartRevisions(const QStringList &current,
                                                              const QString &branch) const
{
    auto cur = rowsToIndices(current);
    if (!cur)
        return cur.error();
    if (branch.isEmpty())
        return cur->empty() ? std::vector<int>{kNone} : *cur;
    auto f = filterForLineage(*cur, branch, false);
    if (!f)
        return f.error();
    if (!f->empty())
        return f;
    // The branch is not current: start from the tips of its active part.
    const RevisionSet active = ancestors(*cur, true);
    std::vector<int> activeList;
    for (int i = 0; i < size(); ++i)
        if (active.test(i))
            activeList.push_back(i);
    auto onBranch = filterForLineage(activeList, branch, false);
    if (!onBranch)
        return onBranch.error();
    RevisionSet downs(size());
    for (int i : *onBranch)
        for (int d : m_revs[i].normalizedDown)
            downs.set(d);
    std::vector<int> startRevs;
    for (int i : *onBranch)
        if (!downs.test(i))
            startRevs.push_back(i);
    if (startRevs.empty())
        startRevs.push_back(kNone);
    return startRevs;
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
            auto startRevs = upgradeStartRevisions(current, branch);
            if (!startRevs)
                return startRevs.error();
            if (startRevs->size() > 1)
                return Error(QStringLiteral("Ambiguous upgrade from multiple current revisions"));
            auto w = walk(startRevs->front(), relative, branch, assertLength);
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

// The one current revision on `branch` that `branch@-N` walks down from: a row, or else a
// current head (relStr is the "-N", for the error).
Result<QString> RevisionGraph::currentOnBranch(const QStringList &current, const QString &branch,
                                               const QString &relStr) const
{
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
        return Error(
            QStringLiteral("Relative revision %1 is ambiguous on branch '%2'").arg(relStr, branch));
    return m_revs[symbols.front()].id;
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
                auto onBranch = currentOnBranch(current, branch, relStr);
                if (!onBranch)
                    return onBranch.error();
                symbol = *onBranch;
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

} // namespace retort
