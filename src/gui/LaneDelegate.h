#pragma once

#include <QStyledItemDelegate>

namespace retort::gui {

// Paints the Graph column of RevisionListModel: the lanes of LaneRow as lines (parents solid,
// depends_on dashed), bends for forks and merges, and the revision's node (a ring for heads).
// Colours come from a palette readable on light and dark backgrounds. GUI thread only.
class LaneDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit LaneDelegate(QObject *parent = nullptr);

    // Horizontal space per lane for a font, so the graph scales with the font and the DPI.
    static int laneWidth(const QFontMetrics &metrics);
    // The palette colour for a lane colour index.
    static QColor laneColor(int index);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace retort::gui
