#include "ColumnFit.h"

#include <QEvent>
#include <QHeaderView>
#include <QTreeView>

#include <algorithm>

namespace retort::gui {

std::vector<int> fitColumns(const std::vector<int> &wanted, const std::vector<int> &floors,
                            int stretch, int stretchMinimum, int available)
{
    std::vector<int> widths = wanted;
    int others = 0;
    int slack = 0; // what the other sections could give up
    for (size_t i = 0; i < wanted.size(); ++i) {
        if (int(i) == stretch)
            continue;
        others += wanted[i];
        slack += std::max(0, wanted[i] - std::min(wanted[i], floors[i]));
    }
    const int missing = stretchMinimum - (available - others);
    if (missing <= 0 || slack == 0)
        return widths;
    const int give = std::min(missing, slack);
    int given = 0;
    for (size_t i = 0; i < wanted.size(); ++i) {
        if (int(i) == stretch)
            continue;
        const int canGive = std::max(0, wanted[i] - std::min(wanted[i], floors[i]));
        // Rounded up, so the total reaches `give`; capped at what the section can give.
        const int share = std::min(canGive, int((qint64(give) * canGive + slack - 1) / slack));
        const int take = std::min(share, give - given);
        widths[i] -= take;
        given += take;
    }
    return widths;
}

ColumnFitter::ColumnFitter(QTreeView *view, int stretchColumn, int stretchMinimum)
    : QObject(view), m_view(view), m_stretch(stretchColumn), m_stretchMinimum(stretchMinimum)
{
    view->viewport()->installEventFilter(this);
    connect(view->header(), &QHeaderView::sectionResized, this, [this](int column, int, int width) {
        ensureColumns();
        if (!m_fitting && column != m_stretch && size_t(column) < m_wanted.size())
            m_wanted[size_t(column)] = width;
    });
}

void ColumnFitter::ensureColumns()
{
    const QHeaderView *header = m_view->header();
    for (int i = int(m_wanted.size()); i < header->count(); ++i) {
        m_wanted.push_back(header->sectionSize(i));
        m_floors.push_back(-1);
    }
}

void ColumnFitter::setFloor(int column, int width)
{
    ensureColumns();
    if (column >= 0 && size_t(column) < m_floors.size())
        m_floors[size_t(column)] = width;
}

void ColumnFitter::takeCurrentWidths()
{
    ensureColumns();
    for (size_t i = 0; i < m_wanted.size(); ++i)
        if (int(i) != m_stretch)
            m_wanted[i] = m_view->header()->sectionSize(int(i));
    fit();
}

void ColumnFitter::fit()
{
    ensureColumns();
    QHeaderView *header = m_view->header();
    std::vector<int> wanted = m_wanted, floors = m_floors;
    for (size_t i = 0; i < wanted.size(); ++i) {
        if (header->isSectionHidden(int(i)))
            wanted[i] = floors[i] = 0;
        else if (floors[i] < 0)
            floors[i] = wanted[i];
    }
    const std::vector<int> widths =
        fitColumns(wanted, floors, m_stretch, m_stretchMinimum, m_view->viewport()->width());
    m_fitting = true;
    for (size_t i = 0; i < widths.size(); ++i)
        if (int(i) != m_stretch && !header->isSectionHidden(int(i)) &&
            header->sectionSize(int(i)) != widths[i])
            header->resizeSection(int(i), widths[i]);
    m_fitting = false;
}

bool ColumnFitter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fit();
    return QObject::eventFilter(watched, event);
}

} // namespace retort::gui
