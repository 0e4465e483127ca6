#pragma once

#include <vector>

namespace retort {

class RevisionGraph;

// The lane layout of a revision graph view, computed as a pure function so it can be tested
// without a window: rows in display order (newest first), per row the lane of the revision's node
// and the line segments to draw in that row, like the graph column of a git GUI.
//
// Geometry of one row: lanes are columns 0..laneCount-1; a segment runs either in the top half
// (from the row's top edge at `fromLane` to the node), in the bottom half (from the node to the
// row's bottom edge at `toLane`), or through the whole row (a line passing by from `fromLane` at
// the top to `toLane` at the bottom; equal lanes are a straight line).
struct LaneSegment {
    enum Part { Top, Bottom, Through };
    enum Kind { Parent, Dependency }; // Dependency: a depends_on edge, drawn dashed
    Part part = Through;
    Kind kind = Parent;
    int fromLane = 0; // Top/Through: lane at the row's top edge; Bottom: the node's lane
    int toLane = 0;   // Bottom/Through: lane at the row's bottom edge; Top: the node's lane
    int color = 0;    // colour index of the line (stable along a line of descent)
    bool operator==(const LaneSegment &) const = default;
};

struct LaneRow {
    int revision = -1; // index into the graph
    int lane = 0;      // the node's lane
    int color = 0;     // the node's colour index
    int laneCount = 0; // lanes used in this row (for the column width)
    std::vector<LaneSegment> segments;
};

// Lays out `rows` (revision indices of `graph`, newest first: children before parents, as
// RevisionGraph::history() gives them; a filtered subset works too — edges to revisions not in
// `rows` run on to the bottom). Parents follow down revisions, then normalized dependencies as
// Dependency segments. Colours are small integers reused as lines end; the view maps them to a
// palette. O(rows × lanes). Thread-safe (pure).
std::vector<LaneRow> layoutLanes(const RevisionGraph &graph, const std::vector<int> &rows);

} // namespace retort
