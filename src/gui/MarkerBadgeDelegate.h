#pragma once

#include <QStyledItemDelegate>

namespace retort::gui {

// Paints a cell's text preceded by small rounded badges: one per environment in
// RevisionListModel::EnvironmentBadgesRole (red when protected), then one per marker in
// RevisionListModel::MarkersRole ("head", "merge", "branch point", "edited", and the red "! lint"
// of a revision with lint errors, whose own tooltip names the rules), then a grey one per release
// in RevisionListModel::ReleaseTagsRole ("v2.3.1", on the newest revision of that git tag). Cells
// without badges are painted as QStyledItemDelegate does. An environment whose last schema drift
// check found differences ends its badge in a "≠" cap — amber, or a neutral grey once the drift was
// accepted — and hovering that badge shows its drift tooltip (the map's driftTip). Every row gets a
// little vertical breathing room, so set it on the whole view. GUI thread only.
class MarkerBadgeDelegate final : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit MarkerBadgeDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

private:
    // Total width the badges of `index` take, spacing after them included; 0 when none.
    int badgesWidth(const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

} // namespace retort::gui
