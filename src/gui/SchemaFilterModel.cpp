#include "SchemaFilterModel.h"

#include "SchemaTreeModel.h"

namespace retort::gui {

SchemaFilterModel::SchemaFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setDynamicSortFilter(false); // the source only resets; nothing to follow between resets
}

void SchemaFilterModel::setNameFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

bool SchemaFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto kind = SchemaTreeModel::NodeKind(index.data(SchemaTreeModel::KindRole).toInt());
    if (kind == SchemaTreeModel::NodeKind::Schema || kind == SchemaTreeModel::NodeKind::Category)
        return false; // kept only for what they hold (recursive filtering)
    return index.data(SchemaTreeModel::NameRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace retort::gui
