#include "LaneDelegate.h"

#include "RevisionListModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace retort::gui {

namespace {

const RevisionListModel *laneModel(const QModelIndex &index)
{
    return qobject_cast<const RevisionListModel *>(index.model());
}

// One segment's line in a row: from `top` or `mid` to `mid` or `bottom` (by its part), from
// the centre of lane column `fromX` to that of `toX`.
QPainterPath segmentPath(const LaneSegment &s, qreal fromX, qreal toX, qreal top, qreal mid,
                         qreal bottom)
{
    QPointF from, to;
    switch (s.part) {
    case LaneSegment::Top:
        from = {fromX, top};
        to = {toX, mid};
        break;
    case LaneSegment::Bottom:
        from = {fromX, mid};
        to = {toX, bottom};
        break;
    case LaneSegment::Through:
        from = {fromX, top};
        to = {toX, bottom};
        break;
    }
    QPainterPath path;
    path.moveTo(from);
    if (from.x() == to.x()) {
        path.lineTo(to);
    } else {
        // A smooth bend: vertical at both ends, like the curves of git GUIs.
        const qreal my = (from.y() + to.y()) / 2;
        path.cubicTo(QPointF(from.x(), my), QPointF(to.x(), my), to);
    }
    return path;
}

} // namespace

LaneDelegate::LaneDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

int LaneDelegate::laneWidth(const QFontMetrics &metrics)
{
    return std::max(14, metrics.height() * 5 / 4);
}

QColor LaneDelegate::laneColor(int index)
{
    // Mid-saturation hues that keep contrast on both white and near-black bases.
    static const QColor palette[] = {
        QColor(0x3b, 0x82, 0xf6), // blue
        QColor(0x16, 0xa3, 0x4a), // green
        QColor(0xe1, 0x4d, 0x2a), // vermilion
        QColor(0x9b, 0x59, 0xd0), // violet
        QColor(0xd9, 0x77, 0x06), // amber
        QColor(0x08, 0x91, 0xb2), // cyan
        QColor(0xdb, 0x27, 0x77), // pink
        QColor(0x65, 0xa3, 0x0d), // lime
    };
    constexpr int n = int(sizeof(palette) / sizeof(palette[0]));
    return palette[((index % n) + n) % n];
}

void LaneDelegate::paint(QPainter *painter, const QStyleOptionViewItem &optionIn,
                         const QModelIndex &index) const
{
    QStyleOptionViewItem option = optionIn;
    initStyleOption(&option, index);
    option.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &option, painter, widget);

    const RevisionListModel *model = laneModel(index);
    const LaneRow *row = model ? model->laneRow(index.row()) : nullptr;
    if (!row)
        return;

    const QRectF r = option.rect;
    const qreal w = laneWidth(option.fontMetrics);
    const qreal top = r.top();
    const qreal bottom = r.bottom() + 1;
    const qreal mid = r.center().y();
    auto x = [&](int lane) { return r.left() + 4 + w * (lane + 0.5); };

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setClipRect(option.rect);
    const qreal penWidth = std::max<qreal>(1.6, option.fontMetrics.height() / 9.0);
    for (const LaneSegment &s : row->segments) {
        QPen pen(laneColor(s.color), penWidth);
        pen.setCapStyle(Qt::FlatCap);
        if (s.kind == LaneSegment::Dependency)
            pen.setDashPattern({2.5, 2.0});
        painter->setPen(pen);
        painter->drawPath(segmentPath(s, x(s.fromLane), x(s.toLane), top, mid, bottom));
    }

    // The node: a filled dot, a ring for a head so tips stand out, a dashed grey ring for a
    // revision left out of the graph (it has no lane and no line).
    const bool head = index.data(RevisionListModel::IsHeadRole).toBool();
    const qreal radius = std::max<qreal>(4.0, option.fontMetrics.height() / 3.6);
    const QPointF centre(x(row->lane), mid);
    const QColor color = laneColor(row->color);
    if (row->revision < 0) {
        QPen pen(option.palette.color(QPalette::Disabled, QPalette::Text), penWidth);
        pen.setDashPattern({1.5, 1.5});
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
    } else if (head) {
        painter->setPen(QPen(color, penWidth));
        painter->setBrush(option.palette.color(QPalette::Base));
    } else {
        painter->setPen(QPen(option.palette.color(QPalette::Base), 1.0));
        painter->setBrush(color);
    }
    painter->drawEllipse(centre, radius, radius);
    painter->restore();
}

QSize LaneDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const RevisionListModel *model = laneModel(index);
    const int lanes = model ? std::max(1, model->maxLanes()) : 1;
    size.setWidth(8 + lanes * laneWidth(option.fontMetrics));
    return size;
}

} // namespace retort::gui
