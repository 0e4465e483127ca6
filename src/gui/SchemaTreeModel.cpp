#include "SchemaTreeModel.h"

#include <QColor>
#include <QFont>
#include <QHash>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <array>

namespace retort::gui {

namespace {

// The colour of "pending" everywhere in the window (the Environments panel's pending count).
const QColor kPendingColor(0xd0, 0x7a, 0x12);

QIcon pendingDot()
{
    static const QIcon icon = [] {
        QPixmap pixmap(16, 16);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(kPendingColor);
        p.drawEllipse(QRectF(4, 4, 8, 8));
        return QIcon(pixmap);
    }();
    return icon;
}

QIcon blankIcon()
{
    static const QIcon icon = [] {
        QPixmap pixmap(16, 16);
        pixmap.fill(Qt::transparent);
        return QIcon(pixmap);
    }();
    return icon;
}

// Where relations of each kind are listed.
enum Category { Tables, Views, MaterializedViews, Sequences, Types, CategoryCount };

QString categoryName(int category)
{
    switch (category) {
    case Tables:
        return SchemaTreeModel::tr("Tables");
    case Views:
        return SchemaTreeModel::tr("Views");
    case MaterializedViews:
        return SchemaTreeModel::tr("Materialized views");
    case Sequences:
        return SchemaTreeModel::tr("Sequences");
    case Types:
        return SchemaTreeModel::tr("Types");
    }
    return {};
}

int categoryOf(RelationKind kind)
{
    switch (kind) {
    case RelationKind::Table:
    case RelationKind::PartitionedTable:
        return Tables;
    case RelationKind::View:
        return Views;
    case RelationKind::MaterializedView:
        return MaterializedViews;
    }
    return Tables;
}

int categoryOf(const QString &plannedKind)
{
    if (plannedKind == u"view")
        return Views;
    if (plannedKind == u"materialized view")
        return MaterializedViews;
    if (plannedKind == u"sequence")
        return Sequences;
    if (plannedKind == u"type" || plannedKind == u"domain")
        return Types;
    return Tables;
}

} // namespace

SchemaTreeModel::SchemaTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

void SchemaTreeModel::setSnapshot(std::shared_ptr<const SchemaSnapshot> snapshot)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    build();
    endResetModel();
}

void SchemaTreeModel::setPendingMarks(PendingMarks marks)
{
    m_marks = std::move(marks);
    updateMarks();
    if (!m_nodes.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0)); // views repaint all rows
}

void SchemaTreeModel::setPlannedObjects(std::vector<PlannedObject> planned)
{
    beginResetModel();
    m_planned = std::move(planned);
    build();
    endResetModel();
}

const SchemaTreeModel::PlannedObject *SchemaTreeModel::planned(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return n && n->kind == NodeKind::Planned ? &m_planned[size_t(n->object)] : nullptr;
}

int SchemaTreeModel::addNode(Node node, int parent)
{
    const int id = int(m_nodes.size());
    node.parent = parent;
    std::vector<int> &siblings = parent < 0 ? m_roots : m_nodes[size_t(parent)].children;
    node.row = int(siblings.size());
    siblings.push_back(id);
    m_nodes.push_back(std::move(node));
    return id;
}

void SchemaTreeModel::build()
{
    m_nodes.clear();
    m_roots.clear();
    m_objectCount = 0;
    if (!m_snapshot)
        return;
    const SchemaSnapshot &s = *m_snapshot;

    // Schemas: the snapshot's list, plus any an object names that it lacks; in the snapshot's
    // (sorted) order.
    QStringList schemas = s.schemas;
    auto note = [&](const QString &schema) {
        if (!schemas.contains(schema))
            schemas.append(schema);
    };
    for (const SchemaRelation &r : s.relations)
        note(r.schema);
    for (const SchemaSequence &q : s.sequences)
        note(q.schema);
    for (const SchemaType &t : s.types)
        note(t.schema);

    // Planned objects the database lacks: unqualified ones in its default schema (PostgreSQL's
    // public, else the first: SQLite's main, MySQL's database). Names compare as the engine does
    // closely enough for a mark: ignoring case.
    const QString defaultSchema = schemas.contains(QStringLiteral("public"))
                                      ? QStringLiteral("public")
                                      : schemas.value(0, QStringLiteral("main"));
    const auto exists = [&](const QString &schema, const QString &name) {
        const auto same = [&](const auto &o) {
            return o.schema.compare(schema, Qt::CaseInsensitive) == 0 &&
                   o.name.compare(name, Qt::CaseInsensitive) == 0;
        };
        return std::any_of(s.relations.begin(), s.relations.end(), same) ||
               std::any_of(s.sequences.begin(), s.sequences.end(), same) ||
               std::any_of(s.types.begin(), s.types.end(), same);
    };
    std::vector<std::pair<int, QString>> planned; // index in m_planned, schema
    for (size_t i = 0; i < m_planned.size(); ++i) {
        const QString schema = m_planned[i].schema.isEmpty() ? defaultSchema : m_planned[i].schema;
        if (!exists(schema, m_planned[i].name)) {
            planned.emplace_back(int(i), schema);
            note(schema);
        }
    }

    // Count what each category of each schema holds, so empty ones are never added.
    QHash<QString, std::array<int, CategoryCount>> counts;
    QHash<QString, std::array<int, CategoryCount>> plannedCounts; // objects to be created
    for (const QString &schema : schemas)
        counts.insert(schema, {0, 0, 0, 0, 0});
    for (const SchemaRelation &r : s.relations)
        ++counts[r.schema][size_t(categoryOf(r.kind))];
    for (const SchemaSequence &q : s.sequences)
        ++counts[q.schema][Sequences];
    for (const SchemaType &t : s.types)
        ++counts[t.schema][Types];
    for (const auto &[i, schema] : planned)
        ++plannedCounts[schema][size_t(categoryOf(m_planned[size_t(i)].kind))];

    m_nodes.reserve(s.relations.size() + s.sequences.size() + s.types.size() +
                    size_t(schemas.size()) * (CategoryCount + 1));
    QHash<QString, std::array<int, CategoryCount>> categoryNode;
    for (const QString &schema : schemas) {
        Node n;
        n.kind = NodeKind::Schema;
        n.text = schema;
        n.schema = schema;
        n.name = schema;
        const int schemaNode = addNode(std::move(n), -1);
        std::array<int, CategoryCount> nodes{-1, -1, -1, -1, -1};
        for (int c = 0; c < CategoryCount; ++c) {
            const int count = counts[schema][size_t(c)]; // what the database has
            if (count == 0 && plannedCounts.value(schema)[size_t(c)] == 0)
                continue;
            Node cat;
            cat.kind = NodeKind::Category;
            cat.text = QStringLiteral("%1 (%2)").arg(categoryName(c)).arg(count);
            cat.schema = schema;
            nodes[size_t(c)] = addNode(std::move(cat), schemaNode);
        }
        categoryNode.insert(schema, nodes);
    }

    // Relations: partitions go under their parent, which may come later in the (sorted) list,
    // so every relation's node is made first and attached in a second pass.
    QHash<QString, int> relationNode; // "schema.name" -> node
    for (size_t i = 0; i < s.relations.size(); ++i)
        relationNode.insert(s.relations[i].schema + u'.' + s.relations[i].name, int(i));
    // Attach in an order where each parent precedes its partitions: depth first from the roots.
    std::vector<std::vector<int>> partitionsOf(s.relations.size());
    std::vector<int> topLevel;
    for (size_t i = 0; i < s.relations.size(); ++i) {
        const SchemaRelation &r = s.relations[i];
        const auto parent = r.partitionOf.isEmpty() ? relationNode.constEnd()
                                                    : relationNode.constFind(r.partitionOf);
        if (parent != relationNode.constEnd() && *parent != int(i))
            partitionsOf[size_t(*parent)].push_back(int(i));
        else
            topLevel.push_back(int(i));
    }
    std::vector<char> placed(s.relations.size(), 0);
    auto place = [&](auto &&self, int rel, int parentNode) -> void {
        if (placed[size_t(rel)])
            return; // a cycle in partitionOf: each relation once
        placed[size_t(rel)] = 1;
        const SchemaRelation &r = s.relations[size_t(rel)];
        Node n;
        n.kind = NodeKind::Relation;
        n.text = r.name;
        n.schema = r.schema;
        n.name = r.name;
        n.object = rel;
        const int id = addNode(std::move(n), parentNode);
        ++m_objectCount;
        for (int child : partitionsOf[size_t(rel)])
            self(self, child, id);
    };
    for (int rel : topLevel) {
        const SchemaRelation &r = s.relations[size_t(rel)];
        place(place, rel, categoryNode[r.schema][size_t(categoryOf(r.kind))]);
    }
    for (size_t i = 0; i < s.relations.size(); ++i) // only relations in a partitionOf cycle
        if (!placed[i])
            place(place, int(i),
                  categoryNode[s.relations[i].schema][size_t(categoryOf(s.relations[i].kind))]);

    for (size_t i = 0; i < s.sequences.size(); ++i) {
        Node n;
        n.kind = NodeKind::Sequence;
        n.text = n.name = s.sequences[i].name;
        n.schema = s.sequences[i].schema;
        n.object = int(i);
        addNode(std::move(n), categoryNode[n.schema][Sequences]);
        ++m_objectCount;
    }
    for (size_t i = 0; i < s.types.size(); ++i) {
        Node n;
        n.kind = NodeKind::Type;
        n.text = n.name = s.types[i].name;
        n.schema = s.types[i].schema;
        n.object = int(i);
        addNode(std::move(n), categoryNode[n.schema][Types]);
        ++m_objectCount;
    }
    for (const auto &[i, schema] : planned) {
        const PlannedObject &p = m_planned[size_t(i)];
        Node n;
        n.kind = NodeKind::Planned;
        n.text = tr("%1 (to be created)").arg(p.name);
        n.name = p.name;
        n.schema = schema;
        n.object = i;
        addNode(std::move(n), categoryNode[schema][size_t(categoryOf(p.kind))]);
    }
    updateMarks();
}

void SchemaTreeModel::updateMarks()
{
    for (Node &n : m_nodes) {
        const bool object = n.kind == NodeKind::Relation || n.kind == NodeKind::Sequence ||
                            n.kind == NodeKind::Type;
        n.pending = n.kind == NodeKind::Planned || (object && m_marks && m_marks(n.schema, n.name));
    }
}

QModelIndex SchemaTreeModel::findObject(const QString &schema, const QString &name) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        const Node &n = m_nodes[i];
        if (n.object >= 0 && n.schema == schema && n.name == name)
            return createIndex(n.row, 0, quintptr(i));
    }
    return {};
}

const SchemaTreeModel::Node *SchemaTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() >= m_nodes.size())
        return nullptr;
    return &m_nodes[size_t(index.internalId())];
}

const SchemaRelation *SchemaTreeModel::relation(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return n && n->kind == NodeKind::Relation ? &m_snapshot->relations[size_t(n->object)] : nullptr;
}

const SchemaSequence *SchemaTreeModel::sequence(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return n && n->kind == NodeKind::Sequence ? &m_snapshot->sequences[size_t(n->object)] : nullptr;
}

const SchemaType *SchemaTreeModel::type(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return n && n->kind == NodeKind::Type ? &m_snapshot->types[size_t(n->object)] : nullptr;
}

QModelIndex SchemaTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
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
    return createIndex(row, 0, quintptr((*children)[size_t(row)]));
}

QModelIndex SchemaTreeModel::parent(const QModelIndex &child) const
{
    const Node *n = nodeOf(child);
    if (!n || n->parent < 0)
        return {};
    return createIndex(m_nodes[size_t(n->parent)].row, 0, quintptr(n->parent));
}

int SchemaTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    const Node *n = nodeOf(parent);
    return n ? int(n->children.size()) : 0;
}

int SchemaTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

Qt::ItemFlags SchemaTreeModel::flags(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    if (!n)
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QString SchemaTreeModel::toolTip(const Node &n) const
{
    const QLocale locale;
    QStringList lines;
    switch (n.kind) {
    case NodeKind::Schema:
        return tr("schema %1").arg(n.schema);
    case NodeKind::Category:
        return {};
    case NodeKind::Relation: {
        const SchemaRelation &r = m_snapshot->relations[size_t(n.object)];
        lines << QStringLiteral("%1 %2.%3").arg(relationKindName(r.kind), r.schema, r.name);
        if (!r.partitionOf.isEmpty())
            lines << tr("partition of %1 %2").arg(r.partitionOf, r.partitionBound);
        if (r.rowsEstimate)
            lines << tr("%1 rows (estimated)").arg(locale.toString(*r.rowsEstimate));
        if (r.sizeBytes)
            lines << locale.formattedDataSize(*r.sizeBytes);
        if (!r.comment.isEmpty())
            lines << r.comment;
        break;
    }
    case NodeKind::Sequence:
        lines << tr("sequence %1.%2").arg(n.schema, n.name);
        break;
    case NodeKind::Type:
        lines
            << tr("%1 type %2.%3").arg(m_snapshot->types[size_t(n.object)].kind, n.schema, n.name);
        break;
    case NodeKind::Planned: {
        const PlannedObject &p = m_planned[size_t(n.object)];
        return tr("%1 %2.%3 is not in the database yet:\npending revision %4 (%5) creates it")
            .arg(p.kind, n.schema, n.name, p.revision.left(12), p.message);
    }
    }
    if (n.pending)
        lines << tr("a pending migration changes this");
    return lines.join(u'\n');
}

QVariant SchemaTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *n = nodeOf(index);
    if (!n)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return n->text;
    case Qt::ToolTipRole:
        return toolTip(*n);
    case Qt::DecorationRole:
        if (n->pending)
            return pendingDot();
        // Marked and unmarked objects keep their names aligned.
        return (m_marks || !m_planned.empty()) && n->object >= 0 ? QVariant(blankIcon())
                                                                 : QVariant();
    case Qt::FontRole:
        if (n->kind == NodeKind::Planned) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        return n->pending ? QVariant(kPendingColor) : QVariant();
    case KindRole:
        return int(n->kind);
    case NameRole:
        return n->name;
    case SchemaRole:
        return n->schema;
    case ObjectRole:
        return n->object;
    case PendingRole:
        return n->pending;
    default:
        return {};
    }
}

} // namespace retort::gui
