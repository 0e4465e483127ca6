#include "MarkerBadgeDelegate.h"

#include "RevisionListModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

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
    case RevisionListModel::LintMarker:
        return QColor(0xb7, 0x1c, 0x1c); // deep red: an error
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

// The drift mark at the end of an environment's badge (RevisionListModel::schemaDriftTip).
enum class DriftMark { None, Drifted, Accepted };

struct Badge {
    QString text;
    QColor fill;
    DriftMark drift = DriftMark::None;
    QString tip; // the badge's own tooltip (a drift mark's); empty: the cell's
};

// The mark: a cap at the badge's right end holding "≠".
const QString kDriftGlyph = QStringLiteral("≠");

int capWidth(const QFontMetrics &fm)
{
    return fm.horizontalAdvance(kDriftGlyph) + kPadding + 4;
}

int badgeWidth(const Badge &b, const QFontMetrics &fm, int height)
{
    Q_UNUSED(height);
    int width = fm.horizontalAdvance(b.text) + 2 * kPadding;
    if (b.drift != DriftMark::None)
        width += capWidth(fm) - kPadding / 2;
    return width;
}

int badgeHeight(const QRect &textRect, const QFontMetrics &fm)
{
    return qMin(textRect.height() - 2, fm.height() + 2);
}

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
        const int drift = env.value(QStringLiteral("drift")).toInt();
        const DriftMark mark = drift <= 0 ? DriftMark::None
                               : env.value(QStringLiteral("driftAccepted")).toBool()
                                   ? DriftMark::Accepted
                                   : DriftMark::Drifted;
        badges.append({env.value(QStringLiteral("name")).toString(),
                       isProtected ? QColor(0xc6, 0x28, 0x28) : QColor(0x00, 0x79, 0x6b), mark,
                       env.value(QStringLiteral("driftTip")).toString()});
    }
    const QVariantList markers = index.data(RevisionListModel::MarkersRole).toList();
    for (const QVariant &m : markers) {
        const auto marker = RevisionListModel::Marker(m.toInt());
        // The lint mark names its rules when hovered.
        const QString tip = marker == RevisionListModel::LintMarker
                                ? RevisionListModel::lintTip(
                                      index.data(RevisionListModel::LintErrorsRole).toStringList())
                                : QString();
        badges.append(
            {RevisionListModel::markerText(marker), markerColor(marker), DriftMark::None, tip});
    }
    // Releases last, in a neutral grey: the newest revision of each git tag.
    const QStringList tags = index.data(RevisionListModel::ReleaseTagsRole).toStringList();
    for (const QString &tag : tags)
        badges.append({tag, QColor(0x75, 0x75, 0x75), DriftMark::None,
                       MarkerBadgeDelegate::tr("The newest revision of release %1").arg(tag)});
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
        width += badgeWidth(b, fm, fm.height() + 2) + kSpacing;
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
    const int height = badgeHeight(textRect, fm);
    int x = textRect.left() + 2;
    for (const Badge &b : badges) {
        const int width = badgeWidth(b, fm, height);
        if (x + width > textRect.right())
            break;
        const QRectF badge(x, textRect.center().y() - height / 2.0 + 0.5, width, height);
        QPainterPath path;
        path.addRoundedRect(badge, height / 2.0, height / 2.0);
        painter->fillPath(path, b.fill);
        painter->setPen(Qt::white);
        if (b.drift == DriftMark::None) {
            painter->drawText(badge, Qt::AlignCenter, b.text);
        } else {
            // The name, then the mark in a cap of its own: amber when drifted, a neutral grey
            // once the drift was accepted.
            const int cap = capWidth(fm);
            painter->drawText(badge.adjusted(kPadding, 0, -cap, 0),
                              Qt::AlignVCenter | Qt::AlignLeft, b.text);
            const QRectF capRect(badge.right() - cap, badge.top(), cap, badge.height());
            painter->save();
            painter->setClipRect(capRect);
            painter->fillPath(path, b.drift == DriftMark::Drifted ? QColor(0xff, 0xb3, 0x00)
                                                                  : QColor(0xcf, 0xd8, 0xdc));
            painter->restore();
            painter->setPen(b.drift == DriftMark::Drifted ? QColor(0x21, 0x21, 0x21)
                                                          : QColor(0x54, 0x6e, 0x7a));
            painter->drawText(capRect.adjusted(0, 0, -2, 0), Qt::AlignCenter, kDriftGlyph);
        }
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

bool MarkerBadgeDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    // Over a badge with a drift mark: its own tooltip; elsewhere the cell's.
    if (event && event->type() == QEvent::ToolTip) {
        const QList<Badge> badges = badgesOf(index);
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
        const QFontMetrics fm(badgeFont(opt.font));
        const int height = badgeHeight(textRect, fm);
        int x = textRect.left() + 2;
        for (const Badge &b : badges) {
            const int width = badgeWidth(b, fm, height);
            if (x + width > textRect.right())
                break;
            if (!b.tip.isEmpty() && event->pos().x() >= x && event->pos().x() < x + width) {
                QToolTip::showText(event->globalPos(), b.tip, view);
                return true;
            }
            x += width + kSpacing;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
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
