#pragma once

#include "schema/SchemaModel.h"

#include <QAbstractItemModel>

#include <functional>
#include <memory>
#include <vector>

namespace retort::gui {

// The objects of a SchemaSnapshot as a tree: schema → Tables / Views / Materialized views /
// Sequences / Types → objects, partitions under their parent table (at any depth). Categories
// without objects are left out. Objects that a pending migration changes (setPendingMarks) are
// marked: a coloured dot and "a pending migration changes this" in their tooltip.
//
// The model keeps the snapshot alive (shared) and never changes it. Building is linear in the
// number of objects. GUI thread only.
class SchemaTreeModel final : public QAbstractItemModel {
    Q_OBJECT

public:
    // Planned: an object the database lacks that a pending migration creates (setPlannedObjects).
    enum class NodeKind { Schema, Category, Relation, Sequence, Type, Planned };
    enum Role {
        KindRole = Qt::UserRole + 1, // NodeKind as int
        NameRole,                    // the object's (or schema's) name; "" for a category
        SchemaRole,                  // the schema the node belongs to
        ObjectRole,                  // index into the snapshot's relations/sequences/types; -1
        PendingRole,                 // bool: a pending migration changes this object
    };
    using PendingMarks = std::function<bool(const QString &schema, const QString &name)>;
    // An object a pending migration creates.
    struct PlannedObject {
        QString schema; // "" when the migration does not qualify it: the default schema
        QString name;
        QString kind; // "table", "view", "materialized view", "sequence", "type", "domain"
        QString revision;
        QString message; // the revision's
        QString statement;
        bool operator==(const PlannedObject &) const = default;
    };

    explicit SchemaTreeModel(QObject *parent = nullptr);

    // Replaces the tree (a model reset); null empties it.
    void setSnapshot(std::shared_ptr<const SchemaSnapshot> snapshot);
    const std::shared_ptr<const SchemaSnapshot> &snapshot() const { return m_snapshot; }
    // Marks the objects `marks` says yes to (asked once per object, now and at each
    // setSnapshot()); an empty function marks nothing.
    void setPendingMarks(PendingMarks marks);
    // Lists `planned` objects the snapshot lacks under their schema and category, marked as not
    // created yet (a model reset; those the snapshot has are left out: the marks cover them).
    void setPlannedObjects(std::vector<PlannedObject> planned);
    const PlannedObject *planned(const QModelIndex &index) const;
    const std::vector<PlannedObject> &plannedObjects() const { return m_planned; }

    // The object node for `schema`.`name` (relation, sequence or type), or an invalid index.
    QModelIndex findObject(const QString &schema, const QString &name) const;
    // The relation / sequence / type an index stands for, or null.
    const SchemaRelation *relation(const QModelIndex &index) const;
    const SchemaSequence *sequence(const QModelIndex &index) const;
    const SchemaType *type(const QModelIndex &index) const;
    // Object nodes in the tree (relations, sequences and types).
    int objectCount() const { return m_objectCount; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Node {
        NodeKind kind = NodeKind::Schema;
        QString text; // what the tree shows
        QString schema;
        QString name;
        int object = -1; // Relation/Sequence/Type: index in the snapshot; Planned: in m_planned
        int parent = -1; // node index; -1: top level
        int row = 0;     // position under the parent
        bool pending = false;
        std::vector<int> children;
    };
    void build();
    int addNode(Node node, int parent);
    void updateMarks();
    QString toolTip(const Node &node) const;
    const Node *nodeOf(const QModelIndex &index) const;

    std::shared_ptr<const SchemaSnapshot> m_snapshot;
    PendingMarks m_marks;
    std::vector<PlannedObject> m_planned;
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
    int m_objectCount = 0;
};

} // namespace retort::gui
