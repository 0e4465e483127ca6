#include "MarkerBadgeDelegate.h"

#include "RevisionListModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace retort::gui {

namespace {

constexpr int kPadding = 6;    // horizontal padding inside a badge
constexpr int kSpacing = 4;    // between badges, and between the last badge and the text
constexpr int kRowPadding = 8; // extra row height over the style's, for readability

QColor markerColor(RevisionListModel::Marker marker)
{
    // Saturated enough for white text on both light and dark palettes.
    switch (marker) {
    case RevisionListModel::HeadMarker:
        return QColor(0x2e, 0x7d, 0x32); // green
    case RevisionListModel::MergeMarker:
        return QColor(0x6a, 0x1b, 0x9a); // purple
    case RevisionListModel::BranchPointMarker:
        return QColor(0x1d, 0x5f, 0xb8); // blue
    case RevisionListModel::EditedMarker:
        return QColor(0xc4, 0x5a, 0x00); // dark orange: a warning
    }
    return QColor(Qt::darkGray);
}

QFont badgeFont(const QFont &base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.85);
    font.setBold(true);
    return font;
}

struct Badge {
    QString text;
    QColor fill;
};

// Environment badges first (where each environment stands, as branch names in a git GUI), then
// the graph markers.
QList<Badge> badgesOf(const QModelIndex &index)
{
    QList<Badge> badges;
    const QVariantList envs = index.data(RevisionListModel::EnvironmentBadgesRole).toList();
    for (const QVariant &v : envs) {
        const QVariantMap env = v.toMap();
        const bool isProtected = env.value(QStringLiteral("protected")).toBool();
        // Teal for ordinary environments, red for protected ones (production...).
        badges.append({env.value(QStringLiteral("name")).toString(),
                       isProtected ? QColor(0xc6, 0x28, 0x28) : QColor(0x00, 0x79, 0x6b)});
    }
    const QVariantList markers = index.data(RevisionListModel::MarkersRole).toList();
    for (const QVariant &m : markers) {
        const auto marker = RevisionListModel::Marker(m.toInt());
        badges.append({RevisionListModel::markerText(marker), markerColor(marker)});
    }
    return badges;
}

} // namespace

MarkerBadgeDelegate::MarkerBadgeDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

int MarkerBadgeDelegate::badgesWidth(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    const QList<Badge> badges = badgesOf(index);
    const QFontMetrics fm(badgeFont(option.font));
    int width = 0;
    for (const Badge &b : badges)
        width += fm.horizontalAdvance(b.text) + 2 * kPadding + kSpacing;
    return width;
}

void MarkerBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    const QList<Badge> badges = badgesOf(index);
    if (badges.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // Background, selection and focus as the style draws them, then badges and text ourselves.
    const QString text = opt.text;
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QFont font = badgeFont(opt.font);
    const QFontMetrics fm(font);
    painter->setFont(font);
    const int height = qMin(textRect.height() - 2, fm.height() + 2);
    int x = textRect.left() + 2;
    for (const Badge &b : badges) {
        const int width = fm.horizontalAdvance(b.text) + 2 * kPadding;
        if (x + width > textRect.right())
            break;
        const QRectF badge(x, textRect.center().y() - height / 2.0 + 0.5, width, height);
        QPainterPath path;
        path.addRoundedRect(badge, height / 2.0, height / 2.0);
        painter->fillPath(path, b.fill);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, b.text);
        x += width + kSpacing;
    }
    painter->restore();

    textRect.setLeft(x + 2);
    if (textRect.width() <= 0)
        return;
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Active
                                                                            : QPalette::Inactive;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(
        group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    const QString elided = opt.fontMetrics.elidedText(text, opt.textElideMode, textRect.width());
    painter->drawText(textRect, int(Qt::AlignVCenter | Qt::AlignLeft) | Qt::TextSingleLine, elided);
    painter->restore();
}

QSize MarkerBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += badgesWidth(option, index);
    size.rheight() += kRowPadding;
    return size;
}

} // namespace retort::gui
