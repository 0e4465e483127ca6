#pragma once

#include "Error.h"
#include "Plan.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <span>
#include <vector>

namespace retort {

struct Script;

// A set of revisions as a bitset over revision indices (the graphs are dense and small enough
// that a bitset beats a hash set for the ancestor/descendant sets the algorithms build).
class RevisionSet {
public:
    RevisionSet() = default;
    explicit RevisionSet(int size) : m_words((size + 63) / 64, 0) {}
    bool test(int i) const { return (m_words[i >> 6] >> (i & 63)) & 1U; }
    void set(int i) { m_words[i >> 6] |= std::uint64_t(1) << (i & 63); }
    void reset(int i) { m_words[i >> 6] &= ~(std::uint64_t(1) << (i & 63)); }
    bool intersects(const RevisionSet &o) const;
    bool any() const;

private:
    std::vector<std::uint64_t> m_words;
};

// One revision of the graph. Indices refer to RevisionGraph::at(); lists keep the order the
// script gives (down revisions, dependencies) or load order (children).
struct Revision {
    QString id;
    int index = 0;                   // load order (scripts sorted by file name)
    const Script *script = nullptr;  // owned by whoever owns the scripts
    std::vector<int> down;           // versioned parents ("Revises")
    QStringList dependsOnDeclared;   // "Depends On" as written (ids, partial ids or labels)
    std::vector<int> dependencies;   // depends_on resolved to revisions
    std::vector<int> normalizedDeps; // dependencies not already a dependency of an ancestor
    std::vector<int> allDown;        // down + dependencies (deduplicated)
    std::vector<int> normalizedDown; // down + normalizedDeps (deduplicated)
    std::vector<int> next;           // versioned children
    std::vector<int> allNext;        // children through down or depends_on
    QStringList ownLabels;           // branch labels the script declares
    QStringList labels;              // labels after spreading (sorted)
    int level = 0;                   // longest path from a base (parents always have a lower level)

    bool isHead() const { return next.empty(); }        // no versioned child (Alembic is_head)
    bool isRealHead() const { return allNext.empty(); } // nothing depends on it either
    bool isEffectiveHead() const { return isHead() && !isRealHead(); }
    bool isBase() const { return down.empty(); }
    bool isRealBase() const { return down.empty() && dependsOnDeclared.isEmpty(); }
    bool isBranchPoint() const { return next.size() > 1; }
    bool isRealBranchPoint() const { return allNext.size() > 1; }
    bool isMergePoint() const { return down.size() > 1; }
};

// The revision graph with Alembic's semantics: heads, bases, branch labels, depends_on, identifier
// resolution (partial ids, head/heads/base, label@head, +N/-N...), and the exact order of upgrade
// and downgrade steps and version-table changes. Immutable after build(); safe to read from any
// thread. The algorithms follow alembic/script/revision.py and alembic/runtime/migration.py
// (Alembic 1.8), including their tie-breaks, so that Retort and Alembic agree step for step.
class RevisionGraph {
public:
    // Builds the graph from scripts (in load order: sorted by file name). Every problem —
    // duplicate ids or labels, self-loops, missing parents or dependencies, cycles — is appended
    // to `errors` with the file and line; revisions involved in a structural error (and their
    // descendants) are left out, so the rest of the project still works.
    static RevisionGraph build(const std::vector<Script> &scripts, std::vector<Error> &errors);

    int size() const { return int(m_revs.size()); }
    bool isEmpty() const { return m_revs.empty(); }
    const Revision &at(int i) const { return m_revs[i]; }
    const std::vector<Revision> &revisions() const { return m_revs; }
    // Exact id lookup; -1 when absent.
    int indexOf(const QString &id) const { return m_byId.value(id, -1); }
    // Revision ids whose scripts were left out because of structural errors.
    const QStringList &excluded() const { return m_excluded; }

    // Alembic's `heads` (versioned heads, including "effective heads" only depended on), in load
    // order.
    std::vector<int> heads() const;
    // Heads that nothing depends on (what `heads` as a target means).
    std::vector<int> realHeads() const;
    std::vector<int> bases() const;

    // Resolves an identifier as Alembic's get_revisions(): ids, unique prefixes (>3 chars),
    // labels, head, heads, base, label@head, rev@head, label@base, and -N from heads. -1 in the
    // result stands for base.
    Result<std::vector<int>> resolve(const QString &spec) const;
    // As Alembic's get_revision(): exactly one revision, or -1 for base; several is an error.
    Result<int> resolveOne(const QString &spec) const;

    // `history -r BASE:HEAD` order: newest first (empty strings mean base and heads).
    Result<std::vector<int>> history(const QString &base = {}, const QString &head = {}) const;
    // The same with several revisions at either end (e.g. a database's rows for `current`);
    // an empty list means base (lower end) or heads (upper end), as in Alembic.
    Result<std::vector<int>> history(const QStringList &base, const QStringList &head) const;
    // What `current` shows for the given version rows: the rows' branch heads.
    Result<std::vector<int>> currentHeads(const QStringList &rows) const;

    Result<Plan> planUpgrade(const QStringList &rows, const QString &target) const;
    Result<Plan> planDowngrade(const QStringList &rows, const QString &target) const;
    Result<Plan> planStamp(const QStringList &rows, const QStringList &targets, bool purge) const;

    // Ids of the given indices.
    QStringList ids(const std::vector<int> &indices) const;

    // `targets` and everything below them, through down revisions and, with `includeDeps`,
    // depends_on (what a database at `targets` has applied).
    RevisionSet ancestors(const std::vector<int> &targets, bool includeDeps) const;

private:
    struct Resolved {
        std::vector<int> ids; // resolved revision indices (-1 never appears here)
        QStringList raw;      // or raw identifiers still to look up
        QString branch;       // "label@..." part, empty if none
    };

    Result<Resolved> resolveNumber(const QString &spec) const;
    Result<int> revisionForIdent(const QString &ident, const QString &checkBranch) const;
    Result<int> resolveBranch(const QString &label) const;
    Result<std::vector<int>> getRevisions(const QString &spec) const;
    Result<std::vector<int>> getRevisions(const QStringList &specs) const;
    Result<int> getRevision(const QString &spec) const;
    Result<int> currentHead(const QString &branch) const;
    Result<std::vector<int>> filterForLineage(const std::vector<int> &targets,
                                              const QString &checkAgainst,
                                              bool includeDependencies) const;
    bool sharesLineage(int target, const std::vector<int> &against, bool includeDeps) const;

    // Walk result: a revision index, kBase for "base", or kNone when walked past the end.
    static constexpr int kBase = -1;
    static constexpr int kNone = -2;
    Result<int> walk(int start, int steps, const QString &branch, bool noOverwalk) const;

    // Whether `a` is an ancestor of (or one of) `from`, through down revisions and dependencies.
    // Prunes by level, so it only visits the part of the graph between them.
    bool isAncestor(int a, const std::vector<int> &from) const;
    RevisionSet descendants(const std::vector<int> &targets, bool includeDeps) const;
    Status checkOverlap(const std::vector<int> &targets, bool ancestorsWithDeps) const;

    struct Collected {
        RevisionSet revisions;
        std::vector<int> heads;
    };
    Result<Collected> collectUpgrade(const QStringList &upper, const QStringList &lower,
                                     bool inclusive, bool implicitBase, bool assertLength) const;
    Result<Collected> collectDowngrade(const QStringList &upper, const QString &target) const;
    Result<std::vector<int>> topologicalSort(const RevisionSet &revisions,
                                             const std::vector<int> &heads) const;
    Result<std::vector<int>> rowsToIndices(const QStringList &rows) const;
    Result<int> parseDowngradeTarget(const QStringList &current, const QString &target,
                                     bool assertLength, QString *branch) const;
    Result<std::vector<int>> parseUpgradeTarget(const QStringList &current, const QString &target,
                                                bool assertLength) const;

    // One kind of edge of every revision in compressed form (edges of v: start[v]..start[v+1]),
    // for the walks: contiguous, so a walk over 10,000 revisions stays in cache.
    struct Adjacency {
        std::vector<int> start;
        std::vector<int> edges;
        std::span<const int> of(int v) const
        {
            return {edges.data() + start[size_t(v)], edges.data() + start[size_t(v) + 1]};
        }
    };
    template <typename Member>
    static Adjacency adjacency(const std::vector<Revision> &revs, Member member);

    std::vector<Revision> m_revs;
    Adjacency m_down, m_normalizedDown, m_next, m_allNext;
    QHash<QString, int> m_byId;
    QHash<QString, int> m_byLabel; // a declared label -> the revision that declares it
    QStringList m_excluded;
};

} // namespace retort
