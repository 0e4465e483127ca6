#include "graph/LaneLayout.h"

#include "graph/RevisionGraph.h"

#include <algorithm>

namespace retort {

namespace {

struct Slot {
    int target = -1; // the revision this line is heading to; -1: the lane is free
    LaneSegment::Kind kind = LaneSegment::Parent;
    int color = 0;
};

class Lanes {
public:
    int findTarget(int rev) const
    {
        for (size_t j = 0; j < m_slots.size(); ++j)
            if (m_slots[j].target == rev)
                return int(j);
        return -1;
    }
    int firstFree(int except = -1)
    {
        for (size_t j = 0; j < m_slots.size(); ++j)
            if (m_slots[j].target < 0 && int(j) != except)
                return int(j);
        m_slots.emplace_back();
        return int(m_slots.size()) - 1;
    }
    // The smallest colour no active line uses, so colours stay few and distinct side by side.
    int freeColor() const
    {
        for (int c = 0;; ++c)
            if (std::none_of(m_slots.begin(), m_slots.end(),
                             [c](const Slot &s) { return s.target >= 0 && s.color == c; }))
                return c;
    }
    Slot &operator[](int j) { return m_slots[size_t(j)]; }
    int size() const { return int(m_slots.size()); }
    void trim()
    {
        while (!m_slots.empty() && m_slots.back().target < 0)
            m_slots.pop_back();
    }

private:
    std::vector<Slot> m_slots;
};

// The lines coming in from above end at the node (`incoming`: their lanes). The node sits on
// the lane of its first child's parent line (a plain line of descent stays straight), else on a
// new lane.
void enterNode(Lanes &lanes, LaneRow &row, std::vector<int> &incoming)
{
    incoming.clear();
    for (int j = 0; j < lanes.size(); ++j)
        if (lanes[j].target == row.revision)
            incoming.push_back(j);
    auto parentLine = std::find_if(incoming.begin(), incoming.end(),
                                   [&](int j) { return lanes[j].kind == LaneSegment::Parent; });
    if (incoming.empty()) {
        row.lane = lanes.firstFree();
        row.color = lanes.freeColor();
    } else {
        row.lane = parentLine != incoming.end() ? *parentLine : incoming.front();
        row.color = lanes[row.lane].color;
    }
    for (int j : incoming) {
        row.segments.push_back({LaneSegment::Top, lanes[j].kind, j, row.lane, lanes[j].color});
        lanes[j].target = -1;
    }
}

// Lines leaving the node, to its parents and then its dependencies.
void leaveNode(const Revision &r, Lanes &lanes, LaneRow &row)
{
    bool nodeLaneTaken = false;
    auto leave = [&](int parent, LaneSegment::Kind kind) {
        int lane = lanes.findTarget(parent);
        if (lane < 0) {
            if (!nodeLaneTaken && kind == LaneSegment::Parent) {
                lane = row.lane;
                nodeLaneTaken = true;
                lanes[lane].color = row.color;
            } else {
                lane = lanes.firstFree(nodeLaneTaken ? -1 : row.lane);
                lanes[lane].color = lanes.freeColor();
            }
            lanes[lane].target = parent;
            lanes[lane].kind = kind;
        }
        row.segments.push_back({LaneSegment::Bottom, kind, row.lane, lane, lanes[lane].color});
    };
    for (int p : r.down)
        leave(p, LaneSegment::Parent);
    for (int d : r.normalizedDeps)
        leave(d, LaneSegment::Dependency);
}

} // namespace

std::vector<LaneRow> layoutLanes(const RevisionGraph &graph, const std::vector<int> &rows)
{
    std::vector<LaneRow> out;
    out.reserve(rows.size());
    Lanes lanes;
    std::vector<int> incoming;
    std::vector<char> before;
    for (int rev : rows) {
        LaneRow row;
        row.revision = rev;
        before.assign(size_t(lanes.size()), 0);
        for (int j = 0; j < lanes.size(); ++j)
            before[size_t(j)] = lanes[j].target >= 0;
        enterNode(lanes, row, incoming);
        leaveNode(graph.at(rev), lanes, row);

        // Every other line passes by.
        for (int j = 0; j < int(before.size()); ++j) {
            const bool isIncoming =
                std::find(incoming.begin(), incoming.end(), j) != incoming.end();
            if (before[size_t(j)] && !isIncoming)
                row.segments.push_back({LaneSegment::Through, lanes[j].kind, j, j, lanes[j].color});
        }
        lanes.trim();
        int count = std::max(lanes.size(), row.lane + 1);
        for (const LaneSegment &s : row.segments)
            count = std::max({count, s.fromLane + 1, s.toLane + 1});
        row.laneCount = count;
        out.push_back(std::move(row));
    }
    return out;
}

} // namespace retort
