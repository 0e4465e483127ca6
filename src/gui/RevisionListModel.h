#pragma once

#include <QAbstractTableModel>

#include "graph/LaneLayout.h"

#include <memory>
#include <vector>

namespace retort {
class Workspace;
}

namespace retort::gui {

// The revisions of a Workspace as a flat table, newest first in Alembic's `history` order.
// Rows are computed once per setWorkspace(); data() only reads the immutable Workspace, so views
// over thousands of revisions stay cheap. GUI thread only (like every model).
class RevisionListModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        GraphColumn, // the lane graph, painted by LaneDelegate from laneRow()
        RevisionColumn,
        MessageColumn,
        ParentsColumn,
        LabelsColumn,
        CreatedColumn,
        ColumnCount
    };
    enum Role {
        RevisionIdRole = Qt::UserRole + 1, // QString: the full revision id
        MarkersRole, // Message column: QVariantList of Marker (as int), in display order
        IsHeadRole,  // bool
    };
    // What a revision is in the graph, shown as badges next to the message.
    enum Marker { HeadMarker, MergeMarker, BranchPointMarker };
    Q_ENUM(Column)
    Q_ENUM(Marker)

    // The translated badge text of a marker ("head", "merge", "branch point").
    static QString markerText(Marker marker);

    // Length of the short ids shown in the Revision and Parents columns (Alembic's default).
    static constexpr int shortIdLength = 12;

    explicit RevisionListModel(QObject *parent = nullptr);
    ~RevisionListModel() override;

    // Replaces the content (a model reset). Null clears the model.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    const std::shared_ptr<const Workspace> &workspace() const { return m_workspace; }

    // The graph index of a row, or -1.
    int revisionIndex(int row) const;
    // The lane layout of a row (null when out of range), and the most lanes any row uses.
    const LaneRow *laneRow(int row) const;
    int maxLanes() const { return m_maxLanes; }
    // The number of heads among the rows.
    int headCount() const { return m_headCount; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant displayData(int revision, int column) const;
    QVariant toolTipData(int revision) const;
    QVariantList markers(int revision) const;

    std::shared_ptr<const Workspace> m_workspace;
    std::vector<int> m_rows;      // graph indices, newest first
    std::vector<LaneRow> m_lanes; // one per row
    int m_maxLanes = 0;
    int m_headCount = 0;
};

} // namespace retort::gui
