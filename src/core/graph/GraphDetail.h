#pragma once

// Private to src/core/graph: helpers shared by the files that implement RevisionGraph. Not
// included outside this folder.

#include "graph/RevisionGraph.h"

#include <algorithm>
#include <span>
#include <vector>

namespace retort::detail {

// graph/GraphDerive.cpp: what a new graph derives from its edges (RevisionGraph::build's last
// steps). assignLevels sets each revision's level and returns the revisions parents first;
// normalizeDependencies fills the normalized dependencies and down + normalized dependencies of
// every revision from `down`, `deps` and that order; spreadLabels (graph/LabelSpread.cpp) fills
// Revision::labels from the versioned edges and that order (the revisions' edges bound).
std::vector<int> assignLevels(std::vector<Revision> &revs, const RevisionAdjacency &allDown,
                              const RevisionAdjacency &allNext);
void normalizeDependencies(const RevisionAdjacency &down, const RevisionAdjacency &deps,
                           const std::vector<int> &order, RevisionAdjacency &nDeps,
                           RevisionAdjacency &nDown);
void spreadLabels(std::vector<Revision> &revs, const RevisionAdjacency &next,
                  const RevisionAdjacency &down, const std::vector<int> &order);

// A revision GraphBuilder left out, before its reason is worded.
struct LeftOutDraft {
    LeftOutRevision revision; // why, id, script, file, parents and dependsOn set
    // An own problem's culprit: the missing parent or dependency, the cycle ("a -> b -> a"), the
    // self reference ("revises itself (a self-loop)"), or the file of a duplicate's first id.
    QString cause;
    int root = -1; // Why::BelowLeftOut: the draft whose own problem cuts this one off
};

// Records in a built graph what was left out of it (graph/LeftOut.cpp): words each reason,
// appends an error for every revision left out only because of an ancestor, adds the unreadable
// scripts, and indexes who names which revision (for the certain heads).
class LeftOutRecorder final {
public:
    static void record(RevisionGraph &g, std::vector<LeftOutDraft> drafts,
                       std::span<const SalvagedScript> unreadable, std::vector<Error> &errors);

private:
    static void indexNames(RevisionGraph &g);
};

// Appends x to v unless v already holds it (keeps first-seen order).
inline void appendUnique(std::vector<int> &v, int x)
{
    if (std::find(v.begin(), v.end(), x) == v.end())
        v.push_back(x);
}

inline bool contains(std::span<const int> v, int x)
{
    return std::find(v.begin(), v.end(), x) != v.end();
}

inline std::vector<int> toVector(std::span<const int> v)
{
    return {v.begin(), v.end()};
}

} // namespace retort::detail
