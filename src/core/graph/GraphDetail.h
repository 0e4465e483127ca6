#pragma once

// Private to src/core/graph: helpers shared by the files that implement RevisionGraph. Not
// included outside this folder.

#include <algorithm>
#include <span>
#include <vector>

namespace retort::detail {

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
