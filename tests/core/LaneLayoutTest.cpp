// Lane layout of the graph view: a pure function of the graph and the row order.
#include "graph/LaneLayout.h"
#include "graph/RevisionGraph.h"
#include "scripts/Script.h"

#include <gtest/gtest.h>

using namespace retort;

namespace {

struct Graph {
    std::vector<Script> scripts;
    std::vector<Error> errors;
    RevisionGraph g;
    Graph(std::initializer_list<std::tuple<const char *, QStringList, QStringList>> specs)
    {
        for (const auto &[id, down, deps] : specs) {
            Script s;
            s.revision = QString::fromUtf8(id);
            s.downRevisions = down;
            s.dependsOn = deps;
            scripts.push_back(s);
        }
        g = RevisionGraph::build(scripts, errors);
    }
    std::vector<LaneRow> layout() const { return layoutLanes(g, *g.history()); }
    int row(const std::vector<LaneRow> &rows, const char *id) const
    {
        for (size_t i = 0; i < rows.size(); ++i)
            if (g.at(rows[i].revision).id == QString::fromUtf8(id))
                return int(i);
        return -1;
    }
};

int count(const LaneRow &r, LaneSegment::Part part)
{
    return int(std::count_if(r.segments.begin(), r.segments.end(),
                             [part](const LaneSegment &s) { return s.part == part; }));
}

} // namespace

TEST(LaneLayout, LinearHistoryIsOneStraightLane)
{
    Graph g{{"a", {}, {}}, {"b", {"a"}, {}}, {"c", {"b"}, {}}};
    const auto rows = g.layout();
    ASSERT_EQ(rows.size(), 3U);
    for (const LaneRow &r : rows) {
        EXPECT_EQ(r.lane, 0);
        EXPECT_EQ(r.laneCount, 1);
        EXPECT_EQ(r.color, rows.front().color);
    }
    // Head: no line from above; base: no line below.
    EXPECT_EQ(count(rows[0], LaneSegment::Top), 0);
    EXPECT_EQ(count(rows[0], LaneSegment::Bottom), 1);
    EXPECT_EQ(count(rows[1], LaneSegment::Top), 1);
    EXPECT_EQ(count(rows[2], LaneSegment::Bottom), 0);
}

TEST(LaneLayout, BranchAndMergeUseTwoLanesAndJoin)
{
    // a -> b, a -> c, m merges b and c.
    Graph g{{"a", {}, {}}, {"b", {"a"}, {}}, {"c", {"a"}, {}}, {"m", {"b", "c"}, {}}};
    const auto rows = g.layout();
    const LaneRow &m = rows[size_t(g.row(rows, "m"))];
    EXPECT_EQ(m.lane, 0);
    ASSERT_EQ(count(m, LaneSegment::Bottom), 2); // a merge leaves on two lines
    const LaneRow &a = rows[size_t(g.row(rows, "a"))];
    EXPECT_EQ(a.lane, 0);
    // The two branch rows sit on different lanes with different colours, and each has the other
    // line passing by.
    const LaneRow &b = rows[size_t(g.row(rows, "b"))];
    const LaneRow &c = rows[size_t(g.row(rows, "c"))];
    EXPECT_NE(b.lane, c.lane);
    EXPECT_NE(b.color, c.color);
    EXPECT_EQ(count(rows[1], LaneSegment::Through), 1);
    EXPECT_EQ(count(rows[2], LaneSegment::Through), 1);
    // The fork: the second branch's line bends into the lane of the branch point.
    bool bends = false;
    for (const LaneSegment &s : c.segments)
        bends =
            bends || (s.part == LaneSegment::Bottom && s.fromLane == c.lane && s.toLane == a.lane);
    EXPECT_TRUE(bends);
    EXPECT_EQ(a.laneCount, 1);
}

TEST(LaneLayout, ForestAndDependenciesAreDrawnDistinctly)
{
    // Two bases; d2 depends on x1 of the other tree.
    Graph g{{"x1", {}, {}}, {"d1", {}, {}}, {"d2", {"d1"}, {"x1"}}};
    ASSERT_TRUE(g.errors.empty());
    const auto rows = g.layout();
    const LaneRow &d2 = rows[size_t(g.row(rows, "d2"))];
    int deps = 0;
    for (const LaneSegment &s : d2.segments)
        deps += s.part == LaneSegment::Bottom && s.kind == LaneSegment::Dependency;
    EXPECT_EQ(deps, 1);
    const LaneRow &x1 = rows[size_t(g.row(rows, "x1"))];
    ASSERT_EQ(count(x1, LaneSegment::Top), 1);
    for (const LaneSegment &s : x1.segments) {
        if (s.part == LaneSegment::Top) {
            EXPECT_EQ(s.kind, LaneSegment::Dependency);
        }
    }
    // Both bases end their lines: the last row has nothing below.
    EXPECT_EQ(count(rows.back(), LaneSegment::Bottom), 0);
}

TEST(LaneLayout, EverySegmentConnectsToTheNextRow)
{
    // Property on a bigger graph: what leaves a row at its bottom edge arrives at the next row's
    // top edge on the same lane (as a Top segment or a Through line), and lanes stay in range.
    Graph g{{"r0", {}, {}},          {"r1", {"r0"}, {}},     {"r2", {"r0"}, {}},
            {"r3", {"r1"}, {}},      {"r4", {"r2"}, {"r1"}}, {"r5", {"r3", "r4"}, {}},
            {"r6", {"r2"}, {}},      {"r7", {}, {}},         {"r8", {"r7"}, {"r6"}},
            {"r9", {"r5", "r8"}, {}}};
    ASSERT_TRUE(g.errors.empty());
    const auto rows = g.layout();
    ASSERT_EQ(rows.size(), 10U);
    for (size_t i = 0; i + 1 < rows.size(); ++i) {
        std::vector<int> leaving, arriving;
        for (const LaneSegment &s : rows[i].segments) {
            EXPECT_LT(s.fromLane, rows[i].laneCount);
            EXPECT_LT(s.toLane, rows[i].laneCount);
            if (s.part != LaneSegment::Top)
                leaving.push_back(s.toLane);
        }
        for (const LaneSegment &s : rows[i + 1].segments)
            if (s.part != LaneSegment::Bottom)
                arriving.push_back(s.fromLane);
        std::sort(leaving.begin(), leaving.end());
        leaving.erase(std::unique(leaving.begin(), leaving.end()), leaving.end());
        std::sort(arriving.begin(), arriving.end());
        arriving.erase(std::unique(arriving.begin(), arriving.end()), arriving.end());
        EXPECT_EQ(leaving, arriving) << "between rows " << i << " and " << i + 1;
    }
}
