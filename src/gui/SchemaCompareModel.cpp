#include "SchemaCompareModel.h"

#include <QColor>
#include <QFont>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSet>

namespace retort::gui {

namespace {

// The kinds of a top-level object (as SchemaChange::objectKind names them); the rest are parts.
bool isObjectKind(const QString &kind)
{
    return kind == u"table" || kind == u"partitioned table" || kind == u"view" ||
           kind == u"materialized view" || kind == u"sequence" || kind == u"type";
}

// "schema.name" → {schema, name}; no dot: {"", name}.
std::pair<QString, QString> splitQualified(const QString &qualified)
{
    const qsizetype dot = qualified.indexOf(u'.');
    if (dot < 0)
        return {QString(), qualified};
    return {qualified.left(dot), qualified.mid(dot + 1)};
}

QString bare(const QString &qualified)
{
    return splitQualified(qualified).second;
}

QSet<QString> schemasOf(const SchemaSnapshot &s)
{
    QSet<QString> out;
    for (const SchemaRelation &r : s.relations)
        out.insert(r.schema);
    for (const SchemaSequence &q : s.sequences)
        out.insert(q.schema);
    for (const SchemaType &t : s.types)
        out.insert(t.schema);
    return out;
}

// Saturated enough for a white glyph, and visible on light and dark backgrounds alike.
QColor markColor(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return QColor(0x2e, 0x7d, 0x32); // green
    case ChangeKind::Removed:
        return QColor(0xc6, 0x28, 0x28); // red
    case ChangeKind::Changed:
        return QColor(0x1d, 0x5f, 0xb8); // blue
    case ChangeKind::OrderOnly:
        return QColor(0x5f, 0x6b, 0x7a); // slate
    case ChangeKind::PossibleRename:
        return QColor(0x8e, 0x24, 0xaa); // purple
    }
    return QColor(Qt::darkGray);
}

} // namespace

QString SchemaCompareModel::markGlyph(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return QStringLiteral("+");
    case ChangeKind::Removed:
        return QStringLiteral("−");
    case ChangeKind::Changed:
        return QStringLiteral("~");
    case ChangeKind::OrderOnly:
        return QStringLiteral("↕");
    case ChangeKind::PossibleRename:
        return QStringLiteral("?");
    }
    return {};
}

namespace {

QPixmap badge(ChangeKind kind, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(markColor(kind));
    const QRectF box(0.5, 0.5, size - 1.0, size - 1.0);
    p.drawRoundedRect(box, size / 5.0, size / 5.0);
    QFont font;
    font.setBold(true);
    font.setPixelSize(qRound(size * 0.8));
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(box, Qt::AlignCenter, SchemaCompareModel::markGlyph(kind));
    return pixmap;
}

} // namespace

SchemaCompareModel::SchemaCompareModel(QObject *parent) : QAbstractItemModel(parent) {}

void SchemaCompareModel::setComparison(std::shared_ptr<const SchemaSnapshot> a,
                                       std::shared_ptr<const SchemaSnapshot> b, SchemaDiff diff)
{
    beginResetModel();
    m_a = std::move(a);
    m_b = std::move(b);
    m_diff = m_a && m_b ? std::move(diff) : SchemaDiff();
    build();
    endResetModel();
}

void SchemaCompareModel::clear()
{
    setComparison(nullptr, nullptr, {});
}

void SchemaCompareModel::build()
{
    m_objects.clear();
    m_nodes.clear();
    m_roots.clear();
    m_renames.clear();
    m_offers = possibleRenames(m_diff);
    m_confirmed.assign(m_offers.size(), false);
    if (!m_a || !m_b)
        return;
    m_oneSchema = schemasOf(*m_a).size() <= 1 && schemasOf(*m_b).size() <= 1;

    // Objects in the order the diff first names them; each one's own change and its parts.
    QHash<QString, int> objectIndex;
    const auto &changes = m_diff.changes;
    for (int i = 0; i < int(changes.size()); ++i) {
        const SchemaChange &c = changes[size_t(i)];
        if (c.change == ChangeKind::PossibleRename)
            m_renames.push_back(i);
        int o = objectIndex.value(c.object, -1);
        if (o < 0) {
            o = int(m_objects.size());
            objectIndex.insert(c.object, o);
            ObjectInfo info;
            info.object = c.object;
            std::tie(info.schema, info.name) = splitQualified(c.object);
            info.nameA = info.nameB = c.object;
            m_objects.push_back(std::move(info));
        }
        ObjectInfo &info = m_objects[size_t(o)];
        const bool own = c.name.isEmpty() && isObjectKind(c.objectKind) &&
                         (c.change == ChangeKind::Added || c.change == ChangeKind::Removed ||
                          c.change == ChangeKind::PossibleRename);
        if (isObjectKind(c.objectKind) && c.name.isEmpty())
            info.kind = c.objectKind;
        if (!own || info.own >= 0) {
            info.changes.push_back(i);
            continue;
        }
        info.own = i;
        if (c.change == ChangeKind::Added)
            info.nameA.clear();
        else if (c.change == ChangeKind::Removed)
            info.nameB.clear();
        else // a renamed table: the diff names it by B's name; A's is `before`
            info.nameA = qualify(*m_a, c.before, info.schema);
    }
    for (ObjectInfo &info : m_objects) {
        if (!info.kind.isEmpty())
            continue;
        // Only its parts changed: what it is, from either side.
        const SchemaSnapshot &s = info.nameB.isEmpty() ? *m_a : *m_b;
        const QString &name = info.nameB.isEmpty() ? info.nameA : info.nameB;
        const auto [schema, bareName] = splitQualified(name);
        info.kind = QStringLiteral("table");
        for (const SchemaRelation &r : s.relations)
            if (r.name == bareName && (m_oneSchema || r.schema == schema))
                info.kind = relationKindName(r.kind);
        for (const SchemaType &t : s.types)
            if (t.name == bareName && (m_oneSchema || t.schema == schema))
                info.kind = QStringLiteral("type");
    }

    // The tree: schemas in first-seen order, their objects, the objects' changes.
    QHash<QString, int> schemaNode;
    for (int o = 0; o < int(m_objects.size()); ++o) {
        const ObjectInfo &info = m_objects[size_t(o)];
        int parent = schemaNode.value(info.schema, -1);
        if (parent < 0) {
            Node schema;
            schema.kind = NodeKind::Schema;
            schema.schema = info.schema;
            parent = addNode(std::move(schema));
            schemaNode.insert(info.schema, parent);
        }
        Node object;
        object.kind = NodeKind::Object;
        object.parent = parent;
        object.object = o;
        object.change = info.own;
        const int objectNode = addNode(std::move(object));
        for (int change : info.changes) {
            Node part;
            part.kind = NodeKind::Change;
            part.parent = objectNode;
            part.object = o;
            part.change = change;
            addNode(std::move(part));
        }
    }
}

int SchemaCompareModel::addNode(Node node)
{
    const int id = int(m_nodes.size());
    std::vector<int> &siblings = node.parent < 0 ? m_roots : m_nodes[size_t(node.parent)].children;
    node.row = int(siblings.size());
    siblings.push_back(id);
    m_nodes.push_back(std::move(node));
    return id;
}

QString SchemaCompareModel::qualify(const SchemaSnapshot &s, const QString &shown,
                                    const QString &schema) const
{
    if (shown.contains(u'.'))
        return shown;
    // The diff leaves out "public", "main" and a lone schema's name.
    for (const SchemaRelation &r : s.relations)
        if (r.name == shown &&
            (m_oneSchema || r.schema == u"public" || r.schema == u"main" || r.schema.isEmpty()))
            return r.schema + u'.' + r.name;
    return schema + u'.' + shown;
}

std::optional<QString> SchemaCompareModel::findDdl(const SchemaSnapshot &s,
                                                   const QString &qualified) const
{
    const auto [schema, name] = splitQualified(qualified);
    auto matches = [&](const QString &objectSchema, const QString &objectName) {
        return objectName == name && (m_oneSchema || objectSchema == schema);
    };
    for (const SchemaRelation &r : s.relations)
        if (matches(r.schema, r.name))
            return r.ddl.isEmpty() && !r.definition.isEmpty() ? r.definition : r.ddl;
    for (const SchemaSequence &q : s.sequences)
        if (matches(q.schema, q.name))
            return q.ddl;
    for (const SchemaType &t : s.types)
        if (matches(t.schema, t.name))
            return t.ddl;
    return std::nullopt;
}

const SchemaChange &SchemaCompareModel::renameChange(int rename) const
{
    return m_diff.changes[size_t(m_renames[size_t(rename)])];
}

bool SchemaCompareModel::isRenameConfirmed(int rename) const
{
    return rename >= 0 && rename < renameCount() && m_confirmed[size_t(rename)];
}

void SchemaCompareModel::setRenameConfirmed(int rename, bool confirmed)
{
    if (rename < 0 || rename >= renameCount() || m_confirmed[size_t(rename)] == confirmed)
        return;
    m_confirmed[size_t(rename)] = confirmed;
    const QModelIndex at = renameIndex(rename);
    Q_EMIT dataChanged(at, at, {Qt::CheckStateRole});
    Q_EMIT renamesChanged();
}

std::vector<ConfirmedRename> SchemaCompareModel::confirmedRenames() const
{
    std::vector<ConfirmedRename> out;
    for (size_t i = 0; i < m_offers.size() && i < m_confirmed.size(); ++i)
        if (m_confirmed[i])
            out.push_back(m_offers[i]);
    return out;
}

QModelIndex SchemaCompareModel::renameIndex(int rename) const
{
    if (rename < 0 || rename >= renameCount())
        return {};
    const int change = m_renames[size_t(rename)];
    for (int n = 0; n < int(m_nodes.size()); ++n)
        if (m_nodes[size_t(n)].kind != NodeKind::Schema && m_nodes[size_t(n)].change == change)
            return createIndex(m_nodes[size_t(n)].row, NameColumn, quintptr(n));
    return {};
}

QModelIndex SchemaCompareModel::findObject(const QString &object) const
{
    for (int n = 0; n < int(m_nodes.size()); ++n) {
        const Node &node = m_nodes[size_t(n)];
        if (node.kind == NodeKind::Object && m_objects[size_t(node.object)].object == object)
            return createIndex(node.row, NameColumn, quintptr(n));
    }
    return {};
}

QString SchemaCompareModel::objectOf(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    return node && node->object >= 0 ? m_objects[size_t(node->object)].object : QString();
}

QString SchemaCompareModel::objectKind(const QString &object) const
{
    for (const ObjectInfo &info : m_objects)
        if (info.object == object)
            return info.kind;
    return {};
}

QString SchemaCompareModel::objectName(const QString &object, Side side) const
{
    for (const ObjectInfo &info : m_objects)
        if (info.object == object)
            return side == Side::A ? info.nameA : info.nameB;
    return {};
}

std::vector<const SchemaChange *> SchemaCompareModel::changesOf(const QString &object) const
{
    std::vector<const SchemaChange *> out;
    for (const SchemaChange &c : m_diff.changes)
        if (c.object == object)
            out.push_back(&c);
    return out;
}

std::optional<QString> SchemaCompareModel::ddl(const QString &object, Side side) const
{
    const std::shared_ptr<const SchemaSnapshot> &s = side == Side::A ? m_a : m_b;
    const QString name = objectName(object, side);
    if (!s || name.isEmpty())
        return std::nullopt;
    return findDdl(*s, name);
}

QIcon SchemaCompareModel::markIcon(ChangeKind kind)
{
    static QHash<int, QIcon> icons;
    auto it = icons.find(int(kind));
    if (it == icons.end()) {
        QIcon icon;
        icon.addPixmap(badge(kind, 16));
        icon.addPixmap(badge(kind, 32));
        it = icons.insert(int(kind), icon);
    }
    return *it;
}

QString SchemaCompareModel::markText(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return tr("added");
    case ChangeKind::Removed:
        return tr("removed");
    case ChangeKind::Changed:
        return tr("changed");
    case ChangeKind::OrderOnly:
        return tr("order only");
    case ChangeKind::PossibleRename:
        return tr("possible rename");
    }
    return {};
}

const SchemaCompareModel::Node *SchemaCompareModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() >= m_nodes.size())
        return nullptr;
    return &m_nodes[size_t(index.internalId())];
}

ChangeKind SchemaCompareModel::markOf(const Node &node) const
{
    if (node.change >= 0)
        return m_diff.changes[size_t(node.change)].change;
    // An object without a change of its own: order only when all its changes are.
    const ObjectInfo &info = m_objects[size_t(node.object)];
    bool orderOnly = !info.changes.empty();
    for (int c : info.changes)
        orderOnly = orderOnly && m_diff.changes[size_t(c)].change == ChangeKind::OrderOnly;
    return orderOnly ? ChangeKind::OrderOnly : ChangeKind::Changed;
}

int SchemaCompareModel::renameOf(const Node &node) const
{
    if (node.kind == NodeKind::Schema || node.change < 0)
        return -1;
    for (int r = 0; r < int(m_renames.size()); ++r)
        if (m_renames[size_t(r)] == node.change)
            return r;
    return -1;
}

QString SchemaCompareModel::nameText(const Node &node) const
{
    if (node.kind == NodeKind::Schema)
        return node.schema.isEmpty() ? tr("(default schema)") : node.schema;
    const ObjectInfo &info = m_objects[size_t(node.object)];
    if (node.kind == NodeKind::Object) {
        if (node.change >= 0 && m_diff.changes[size_t(node.change)].change ==
                                    ChangeKind::PossibleRename) // A's name → B's
            return QStringLiteral("%1 → %2").arg(bare(info.nameA), info.name);
        return info.name;
    }
    const SchemaChange &c = m_diff.changes[size_t(node.change)];
    if (c.change == ChangeKind::PossibleRename && !c.name.isEmpty())
        return QStringLiteral("%1 %2 → %3").arg(c.objectKind, c.before, c.after);
    QString text = c.name.isEmpty() ? c.objectKind : c.objectKind + u' ' + c.name;
    if (c.change == ChangeKind::Changed && !c.attribute.isEmpty())
        text += QStringLiteral(": ") + c.attribute;
    return text;
}

QString SchemaCompareModel::summaryText(const Node &node) const
{
    // Plurals spelled out: without a loaded English translation, "%n change(s)" would show.
    if (node.kind == NodeKind::Schema) {
        const qsizetype n = qsizetype(node.children.size());
        return n == 1 ? tr("1 object differs") : tr("%1 objects differ").arg(n);
    }
    if (node.change >= 0)
        return m_diff.changes[size_t(node.change)].summary;
    const qsizetype n = qsizetype(m_objects[size_t(node.object)].changes.size());
    return n == 1 ? tr("1 change") : tr("%1 changes").arg(n);
}

QModelIndex SchemaCompareModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const std::vector<int> *children = &m_roots;
    if (parent.isValid()) {
        const Node *p = nodeOf(parent);
        if (!p)
            return {};
        children = &p->children;
    }
    if (row >= int(children->size()))
        return {};
    return createIndex(row, column, quintptr((*children)[size_t(row)]));
}

QModelIndex SchemaCompareModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeOf(child);
    if (!node || node->parent < 0)
        return {};
    return createIndex(m_nodes[size_t(node->parent)].row, 0, quintptr(node->parent));
}

int SchemaCompareModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    const Node *node = nodeOf(parent);
    return node ? int(node->children.size()) : 0;
}

int SchemaCompareModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant SchemaCompareModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeOf(index);
    if (!node)
        return {};
    switch (role) {
    case KindRole:
        return int(node->kind);
    case ChangeKindRole:
        return node->kind == NodeKind::Schema ? -1 : int(markOf(*node));
    case ObjectRole:
        return node->object >= 0 ? m_objects[size_t(node->object)].object : QString();
    case RenameRole:
        return renameOf(*node);
    default:
        break;
    }
    const int rename = renameOf(*node);
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return nameText(*node);
        if (role == Qt::CheckStateRole && rename >= 0)
            return isRenameConfirmed(rename) ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole && rename >= 0)
            return tr("Confirm rename: checked, the SQL renames it (keeping its data) instead of "
                      "dropping one and adding the other.");
        if (role == Qt::FontRole && node->kind != NodeKind::Change) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case ChangeColumn:
        if (node->kind == NodeKind::Schema)
            break;
        if (role == Qt::DisplayRole)
            return markText(markOf(*node));
        if (role == Qt::DecorationRole)
            return markIcon(markOf(*node));
        break;
    case SummaryColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return summaryText(*node);
        break;
    default:
        break;
    }
    return {};
}

bool SchemaCompareModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const Node *node = nodeOf(index);
    if (!node || role != Qt::CheckStateRole || index.column() != NameColumn)
        return false;
    const int rename = renameOf(*node);
    if (rename < 0)
        return false;
    setRenameConfirmed(rename, value.toInt() == Qt::Checked);
    return true;
}

Qt::ItemFlags SchemaCompareModel::flags(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    if (!node)
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn && renameOf(*node) >= 0)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant SchemaCompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Object");
    case ChangeColumn:
        return tr("Difference");
    case SummaryColumn:
        return tr("Summary");
    default:
        return {};
    }
}

} // namespace retort::gui
