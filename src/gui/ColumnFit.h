#pragma once

#include <QObject>

#include <vector>

class QTreeView;

namespace retort::gui {

// The widths of a header's sections when the view is `available` pixels wide, so that the
// stretching section (`stretch`, QHeaderView::Stretch) keeps at least `stretchMinimum`: every
// other section gets its `wanted` width when there is room; otherwise the sections wider than
// their `floors` give up width, in proportion to what they can give, until the stretching section
// has its minimum or every section is at its floor. The stretching section's own entry is left
// as wanted (the header sizes it). Pure.
std::vector<int> fitColumns(const std::vector<int> &wanted, const std::vector<int> &floors,
                            int stretch, int stretchMinimum, int available);

// Keeps a tree view's columns fitted (fitColumns) to the view's width: on a narrow window the
// other columns shrink towards their floors before the stretching one does. A width set on a
// column (by the user dragging it, restoreState or resizeSection) becomes its wanted width, used
// again when the view is wide enough. GUI thread only; owned by (a child of) the view.
class ColumnFitter final : public QObject {
    Q_OBJECT

public:
    ColumnFitter(QTreeView *view, int stretchColumn, int stretchMinimum);

    // The narrowest `column` becomes when room is short (default: its wanted width, no shrinking).
    void setFloor(int column, int width);
    // Takes every column's current width as its wanted width (after QHeaderView::restoreState,
    // which does not report the widths it sets), then fits.
    void takeCurrentWidths();
    // Fits the columns to the view's width now.
    void fit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void ensureColumns();

    QTreeView *m_view;
    int m_stretch;
    int m_stretchMinimum;
    std::vector<int> m_wanted;
    std::vector<int> m_floors; // -1: the wanted width
    bool m_fitting = false;    // our own resizes are not the user's
};

} // namespace retort::gui
