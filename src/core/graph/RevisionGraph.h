#pragma once

#include "base/Error.h"
#include "graph/Plan.h"
#include "scripts/ScriptSalvage.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <span>
#include <vector>

namespace retort {

struct Script;

namespace detail {
class GraphBuilder;
class HeadTracker;
class LeftOutRecorder;
} // namespace detail

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

// One kind of edge of every revision of a graph in compressed form (the edges of v are
// edges[start[v]..start[v+1]]): contiguous, so walks over tens of thousands of revisions stay in
// cache, and building a graph does not allocate per revision.
struct RevisionAdjacency {
    std::vector<int> start{0};
    std::vector<int> edges;
    std::span<const int> of(int v) const
    {
        return {edges.data() + start[size_t(v)], edges.data() + start[size_t(v) + 1]};
    }
};

// A flat open-addressing hash table (linear probing, at most half full) from ids to indices; the
// keys are not stored but read through `keyOf(index)` (e.g. the revisions' ids), so a slot is one
// int: 128 KiB for 10,000 ids, where QHash and tsl::robin_map also hold a QString per entry.
// Kept because it is the fastest where the graph uses it. Measured by tests/bench/core_bench.cpp
// (idTable*, CPU time, median of 5, 10,000 random 12-hex-character ids, Qt 6.4, -O2):
//   RevisionGraph::build's pattern (a duplicate check that misses and an insert per id, then a
//   parent lookup that hits): this table 0.49 ms, QHash<QString, int> 0.61 ms,
//   tsl::robin_map 0.84 ms (0.90 ms storing hashes);
//   filling the table alone: 0.14 ms, QHash 0.29 ms, robin_map 0.36 ms;
//   10,000 hits: 0.18 ms, QHash 0.18 ms, robin_map 0.31 ms (0.27 ms storing hashes);
//   10,000 misses: 0.23 ms, QHash 0.16 ms, robin_map 0.23 ms (0.16 ms storing hashes) -- the
//   one case it loses, as each probed slot compares a key; misses happen once per revision.
// QHash in Qt 6.4 cannot look up a QStringView (indexOf's argument) without a copy.
class RevisionIdTable {
public:
    RevisionIdTable() = default;
    explicit RevisionIdTable(size_t expected);

    template <typename KeyOf> int find(QStringView key, KeyOf keyOf) const
    {
        if (m_slots.empty())
            return -1;
        for (size_t i = hash(key) & m_mask;; i = (i + 1) & m_mask) {
            const int v = m_slots[i];
            if (v < 0)
                return -1;
            if (keyOf(v) == key)
                return v;
        }
    }
    // Adds `value` under `key`, which must not be present yet.
    template <typename KeyOf> void insert(QStringView key, int value, KeyOf keyOf)
    {
        if ((m_size + 1) * 2 > m_slots.size()) {
            std::vector<int> old(m_slots.size() < 8 ? 16 : m_slots.size() * 2, -1);
            old.swap(m_slots);
            m_mask = m_slots.size() - 1;
            for (int v : old)
                if (v >= 0)
                    place(hash(keyOf(v)), v);
        }
        place(hash(key), value);
        ++m_size;
    }

private:
    static size_t hash(QStringView key);
    void place(size_t h, int value)
    {
        size_t i = h & m_mask;
        while (m_slots[i] >= 0)
            i = (i + 1) & m_mask;
        m_slots[i] = value;
    }

    std::vector<int> m_slots; // -1 = empty
    size_t m_mask = 0;
    size_t m_size = 0;
};

// One revision of the graph. Indices refer to RevisionGraph::at(); lists keep the order the
// script gives (down revisions, dependencies) or load order (children). The index lists are
// views into the graph's own arrays: valid as long as the graph.
struct Revision {
    QString id;
    int index = 0;                       // load order (scripts sorted by file name)
    const Script *script = nullptr;      // owned by whoever owns the scripts
    std::span<const int> down;           // versioned parents ("Revises")
    QStringList dependsOnDeclared;       // "Depends On" as written (ids, partial ids or labels)
    std::span<const int> dependencies;   // depends_on resolved to revisions
    std::span<const int> normalizedDeps; // dependencies not already a dependency of an ancestor
    std::span<const int> allDown;        // down + dependencies (deduplicated)
    std::span<const int> normalizedDown; // down + normalizedDeps (deduplicated)
    std::span<const int> next;           // versioned children
    std::span<const int> allNext;        // children through down or depends_on
    QStringList ownLabels;               // branch labels the script declares
    QStringList labels;                  // labels after spreading (sorted)
    int level = 0; // longest path from a base (parents always have a lower level)

    bool isHead() const { return next.empty(); }        // no versioned child (Alembic is_head)
    bool isRealHead() const { return allNext.empty(); } // nothing depends on it either
    bool isEffectiveHead() const { return isHead() && !isRealHead(); }
    bool isBase() const { return down.empty(); }
    bool isRealBase() const { return down.empty() && dependsOnDeclared.isEmpty(); }
    bool isBranchPoint() const { return next.size() > 1; }
    bool isRealBranchPoint() const { return allNext.size() > 1; }
    bool isMergePoint() const { return down.size() > 1; }
};

// A revision of the project that is not in its graph: RevisionGraph::build left its script out
// (a structural error of its own or of an ancestor), or the script could not be read at all.
struct LeftOutRevision {
    enum class Why {
        Unreadable,        // the script could not be read (what could be is in `salvaged`)
        DuplicateId,       // another script has its id (the first one in load order is kept)
        SelfReference,     // it revises or depends on itself
        MissingParent,     // a down revision is not in the project (or could not be read)
        MissingDependency, // a depends_on item is neither a revision nor a label of the project
        Cycle,             // it lies on a cycle
        BelowLeftOut,      // an ancestor (through down revisions or depends_on) was left out
    };
    Why why = Why::Unreadable;
    QString id;                     // empty for an unreadable script whose id is unknown
    const Script *script = nullptr; // null for an unreadable script
    QString file;                   // the script's file
    int line = 0;                   // an unreadable script's error line, else 0
    bool parentsKnown = true;       // false: an unreadable script whose parents are unknown
    QStringList parents;            // the down revisions it declares (salvaged if unreadable)
    QStringList dependsOn;          // its depends_on as written
    // Why, in a user's words, naming the culprit (and its file:line when it could not be read):
    // "unreachable: parent 2c5300663497 could not be read (2c5300663497_stock.sql:1)",
    // "unreachable: ancestor 2c5300663497 could not be read (...)", "in a cycle: a -> b -> a".
    QString reason;
    bool unreadable() const { return why == Why::Unreadable; }
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
    // descendants, each with an error of its own naming the culprit) are left out, so the rest of
    // the project still works: the graph is its consistent part. `unreadable` are the project's
    // scripts that could not be read (their errors are the loader's): they are left out too, and
    // what they declare decides which heads are certain (isCertainHead).
    static RevisionGraph build(const std::vector<Script> &scripts, std::vector<Error> &errors,
                               std::span<const SalvagedScript> unreadable = {});

    RevisionGraph() = default;
    // Copies rebind the revisions' index lists to the copy's arrays; moves keep them.
    RevisionGraph(const RevisionGraph &other);
    RevisionGraph &operator=(const RevisionGraph &other);
    RevisionGraph(RevisionGraph &&) noexcept = default;
    RevisionGraph &operator=(RevisionGraph &&) noexcept = default;

    int size() const { return int(m_revs.size()); }
    bool isEmpty() const { return m_revs.empty(); }
    const Revision &at(int i) const { return m_revs[i]; }
    const std::vector<Revision> &revisions() const { return m_revs; }
    // Exact id lookup; -1 when absent.
    int indexOf(QStringView id) const
    {
        return m_byId.find(id, [this](int k) { return QStringView(m_revs[size_t(k)].id); });
    }
    // Revision ids whose scripts were left out because of structural errors.
    const QStringList &excluded() const { return m_excluded; }

    // The whole project, of which the graph is the consistent part.
    // True when the graph holds every revision of the project: nothing left out, nothing
    // unreadable. Only then do heads() and the plans speak for the whole project.
    bool isComplete() const { return m_leftOut.empty(); }
    // Every revision not in the graph, in load order (the unreadable scripts last).
    const std::vector<LeftOutRevision> &leftOut() const { return m_leftOut; }
    // leftOut() indices, newest first: children before the parents they name, else reverse load
    // order (as a view lists them above the graph's own history).
    std::vector<int> leftOutNewestFirst() const;
    // The left-out revisions that name revision `i` as a down revision (leftOut() indices).
    std::span<const int> leftOutChildren(int i) const;
    // False when an unreadable script's parents are unknown: then no head is certain.
    bool headsKnown() const { return m_headsKnown; }
    // Whether revision `i` is a head of the whole project (Alembic's is_head): a head of the
    // graph that no left-out or unreadable script names as a parent, and every script's parents
    // known. Equal to at(i).isHead() on a complete graph.
    bool isCertainHead(int i) const;
    // The same for isRealHead(): nothing left out depends on it either (by id or its labels).
    bool isCertainRealHead(int i) const;
    bool isCertainEffectiveHead(int i) const { return isCertainHead(i) && !isCertainRealHead(i); }
    // heads() / realHeads() of the whole project: those certain, in load order.
    std::vector<int> certainHeads() const;
    std::vector<int> certainRealHeads() const;

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
    QStringList ids(std::span<const int> indices) const;

    // `targets` and everything below them, through down revisions and, with `includeDeps`,
    // depends_on (what a database at `targets` has applied).
    RevisionSet ancestors(const std::vector<int> &targets, bool includeDeps) const;

private:
    friend class detail::GraphBuilder;    // graph/GraphBuild.cpp: fills a new graph
    friend class detail::LeftOutRecorder; // graph/LeftOut.cpp: what it left out

    // graph/Resolve.cpp: identifier resolution (Alembic's RevisionMap.get_revisions and friends).
    struct Resolved {
        std::vector<int> ids; // resolved revision indices (-1 never appears here)
        QStringList raw;      // or raw identifiers still to look up
        QString branch;       // "label@..." part, empty if none
    };

    Result<Resolved> resolveNumber(const QString &spec) const;
    Result<int> revisionForIdent(const QString &ident, const QString &checkBranch) const;
    Result<int> revisionForPrefix(const QString &ident, int branchRev) const;
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

    // graph/RevisionGraph.cpp: sets.
    // Whether `a` is an ancestor of (or one of) `from`, through down revisions and dependencies.
    // Prunes by level, so it only visits the part of the graph between them.
    bool isAncestor(int a, const std::vector<int> &from) const;
    RevisionSet descendants(const std::vector<int> &targets, bool includeDeps) const;
    Status checkOverlap(const std::vector<int> &targets, bool ancestorsWithDeps) const;

    // graph/Ordering.cpp: the revisions between two ends, in Alembic's order.
    struct Collected {
        RevisionSet revisions;
        std::vector<int> heads;
    };
    Result<Collected> collectUpgrade(const QStringList &upper, const QStringList &lower,
                                     bool inclusive, bool implicitBase, bool assertLength) const;
    Result<Collected> collectDowngrade(const QStringList &upper, const QString &target) const;
    std::vector<int> onLowerBranch(const std::vector<int> &targets, const QString &lower) const;
    void descend(int cand, const RevisionSet &todo, std::vector<int> &current,
                 std::vector<RevisionSet> &anc, size_t &idx) const;
    Result<std::vector<int>> topologicalSort(const RevisionSet &revisions,
                                             const std::vector<int> &heads) const;

    // graph/Resolve.cpp: version rows, and the relative targets of upgrade and downgrade.
    Result<std::vector<int>> rowsToIndices(const QStringList &rows) const;
    Result<std::vector<int>> upgradeStartRevisions(const QStringList &current,
                                                   const QString &branch) const;
    Result<QString> currentOnBranch(const QStringList &current, const QString &branch,
                                    const QString &relStr) const;
    Result<int> parseDowngradeTarget(const QStringList &current, const QString &target,
                                     bool assertLength, QString *branch) const;
    Result<std::vector<int>> parseUpgradeTarget(const QStringList &current, const QString &target,
                                                bool assertLength) const;

    // graph/Planning.cpp: a plan's version-table changes, step by step.
    Result<QStringList> parentsNotBelow(const Revision &r, const QStringList &others) const;
    Status upgradeOps(const Revision &r, detail::HeadTracker &heads,
                      std::vector<VersionOp> &ops) const;
    Status downgradeOps(const Revision &r, detail::HeadTracker &heads,
                        std::vector<VersionOp> &ops) const;
    Status stampTo(int dest, const std::vector<int> &filtered, Plan &plan,
                   detail::HeadTracker &heads) const;

    using Adjacency = RevisionAdjacency;
    using IdTable = RevisionIdTable;
    // Points every revision's index lists into the adjacency arrays.
    void bindEdges();

    std::vector<Revision> m_revs;
    Adjacency m_down, m_deps, m_normalizedDeps, m_allDown, m_normalizedDown, m_next, m_allNext;
    IdTable m_byId;
    QHash<QString, int> m_byLabel; // a declared label -> the revision that declares it
    QStringList m_excluded;
    // The rest of the project (empty when complete): left-out revisions; for each revision, the
    // left-out ones naming it as a parent; which revisions they name at all (as a parent: bit 1,
    // as a dependency: bit 2).
    std::vector<LeftOutRevision> m_leftOut;
    Adjacency m_leftOutChildren;
    std::vector<char> m_namedByLeftOut;
    bool m_headsKnown = true;
};

} // namespace retort
