#pragma once

#include "schema/SchemaDiff.h"
#include "schema/SchemaMigration.h"
#include "schema/SchemaModel.h"

#include <QAbstractItemModel>
#include <QIcon>

#include <memory>
#include <optional>
#include <vector>

namespace retort::gui {

// The differences between two schema snapshots (A, B) as a tree for the Compare window:
// schema → object → its changes (SchemaDiff's SchemaChange rows). Each row has a mark — a
// coloured badge with a glyph (+ − ~ ↕ ?) and the change's name: "added", "removed", "changed",
// "order only", "possible rename" — and the change's one-line summary. An object's own mark
// is its added / removed / possible-rename change when it has one, "order only" when all its
// changes are, else "changed".
//
// Possible renames (a table's on its object row, a column's on its change row) are checkable:
// a checked one is confirmed, and confirmedRenames() hands it to migrationScript() as a RENAME.
// Confirmation starts unchecked for every new diff (a rename is never guessed).
//
// The model keeps both snapshots alive (shared) and never changes them; it finds each object's
// DDL on either side (ddl()). Building is linear in the number of changes. GUI thread only.
class SchemaCompareModel final : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, ChangeColumn, SummaryColumn, ColumnCount };
    enum class NodeKind { Schema, Object, Change };
    enum Role {
        KindRole = Qt::UserRole + 1, // NodeKind as int
        ChangeKindRole,              // the row's mark as int (ChangeKind); -1 for a schema row
        ObjectRole, // the object a row belongs to, as SchemaChange::object names it; "" for a
                    // schema row
        RenameRole, // index of the possible rename the row carries (renameCount()); -1
    };
    enum class Side { A, B };

    explicit SchemaCompareModel(QObject *parent = nullptr);

    // Replaces the tree (a model reset): `diff` is diffSchemas(*a, *b). Null snapshots empty it.
    void setComparison(std::shared_ptr<const SchemaSnapshot> a,
                       std::shared_ptr<const SchemaSnapshot> b, SchemaDiff diff);
    void clear();
    const std::shared_ptr<const SchemaSnapshot> &snapshotA() const { return m_a; }
    const std::shared_ptr<const SchemaSnapshot> &snapshotB() const { return m_b; }
    const SchemaDiff &diff() const { return m_diff; }
    // Object rows (top-level objects that differ).
    int objectCount() const { return int(m_objects.size()); }

    // The possible renames, in the diff's order, and their confirmation.
    int renameCount() const { return int(m_renames.size()); }
    const SchemaChange &renameChange(int rename) const;
    bool isRenameConfirmed(int rename) const;
    void setRenameConfirmed(int rename, bool confirmed);
    // The confirmed ones, as migrationScript() takes them.
    std::vector<ConfirmedRename> confirmedRenames() const;
    // The row of possible rename `rename` (its column NameColumn holds the check box).
    QModelIndex renameIndex(int rename) const;

    // The row of top-level object `object` ("schema.name" as SchemaChange::object names it), or
    // an invalid index.
    QModelIndex findObject(const QString &object) const;
    // The object a row belongs to (its own object for a change row); "" for a schema row.
    QString objectOf(const QModelIndex &index) const;
    // What the object is ("table", "view", "sequence", ...) and its name on each side ("" on the
    // side that lacks it; a renamed table's two names).
    QString objectKind(const QString &object) const;
    QString objectName(const QString &object, Side side) const;
    // The changes of `object`, in the diff's order.
    std::vector<const SchemaChange *> changesOf(const QString &object) const;
    // The statement that creates `object` on `side` (a relation's, sequence's or type's ddl);
    // nullopt when that side has no such object.
    std::optional<QString> ddl(const QString &object, Side side) const;

    // The badge of a change kind (a coloured square with its glyph in white: readable on light
    // and dark palettes), the glyph ("+", "−", "~", "↕", "?") and the name the tree shows beside
    // the badge ("added", "removed", "changed", "order only", "possible rename").
    static QIcon markIcon(ChangeKind kind);
    static QString markGlyph(ChangeKind kind);
    static QString markText(ChangeKind kind);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A possible rename was confirmed or unconfirmed.
    void renamesChanged();

private:
    struct ObjectInfo {
        QString object; // as the diff names it (B's name for a renamed table)
        QString schema;
        QString name;
        QString kind;
        QString nameA;            // qualified on A ("" when A lacks it)
        QString nameB;            // qualified on B ("" when B lacks it)
        int own = -1;             // index in the diff of its own added/removed/rename change; -1
        std::vector<int> changes; // the other changes (the object's rows), diff indices
    };
    struct Node {
        NodeKind kind = NodeKind::Schema;
        int parent = -1; // node index; -1: top level
        int row = 0;
        int object = -1; // index in m_objects (Object and Change rows)
        int change = -1; // diff index (Change rows; Object rows: their own change or -1)
        QString schema;  // Schema rows
        std::vector<int> children;
    };
    void build();
    int addNode(Node node);
    const Node *nodeOf(const QModelIndex &index) const;
    ChangeKind markOf(const Node &node) const;
    QString nameText(const Node &node) const;
    QString summaryText(const Node &node) const;
    int renameOf(const Node &node) const; // index in m_renames, or -1
    // The relation/sequence/type `qualified` names on snapshot `s` (the one-schema rule: by name
    // alone when each side has at most one schema).
    std::optional<QString> findDdl(const SchemaSnapshot &s, const QString &qualified) const;
    QString qualify(const SchemaSnapshot &s, const QString &shown, const QString &schema) const;

    std::shared_ptr<const SchemaSnapshot> m_a;
    std::shared_ptr<const SchemaSnapshot> m_b;
    SchemaDiff m_diff;
    bool m_oneSchema = false;
    std::vector<ObjectInfo> m_objects;
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
    std::vector<int> m_renames;            // diff indices of the PossibleRename changes
    std::vector<ConfirmedRename> m_offers; // possibleRenames(m_diff), same order
    std::vector<bool> m_confirmed;
};

} // namespace retort::gui
