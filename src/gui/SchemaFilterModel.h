#pragma once

#include <QSortFilterProxyModel>

namespace retort::gui {

// The schema tree filtered by name: an object (relation, sequence, type) is kept when its name
// contains the filter text, ignoring case; schemas, categories and parent tables are kept when
// something below them is (recursive filtering), and never match by their own label. An empty
// filter keeps everything. Linear in the number of nodes per change. GUI thread only.
class SchemaFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit SchemaFilterModel(QObject *parent = nullptr);

    void setNameFilter(const QString &text);
    QString nameFilter() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
};

} // namespace retort::gui
