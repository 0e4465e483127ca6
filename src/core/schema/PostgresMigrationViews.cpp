// PostgreSQL SQL for SchemaMigration.h, views and foreign keys (PostgresMigrationDetail.h): the
// views to drop (those that change, and every view reading a relation whose columns change,
// readers first) and to create again last in dependency order, and the foreign keys to drop
// first and add last (those that change, and those resting on a changed key, unique index or
// column type, or on a table created again).

#include "schema/PostgresMigrationDetail.h"

#include "schema/PostgresDdl.h"
#include "schema/PostgresInspector.h"

#include <algorithm>

namespace retort::schema_migration::pg {

namespace {

bool isRelationKind(const QString &kind)
{
    return kind == u"table" || kind == u"partitioned table" || isViewKind(kind);
}

bool isView(const SchemaRelation &r)
{
    return r.kind == RelationKind::View || r.kind == RelationKind::MaterializedView;
}

QString viewKeyword(const SchemaRelation &r)
{
    return r.kind == RelationKind::MaterializedView ? QStringLiteral("MATERIALIZED VIEW")
                                                    : QStringLiteral("VIEW");
}

} // namespace

void Writer::dropViews()
{
    QSet<QString> names;
    for (const Plan &p : m_plans)
        if (p.from && touched(p))
            names.insert(p.from->name);
    // Tables whose columns use a type that is created again.
    for (const SchemaType &t : m_in.from.types) {
        if (!m_recreatedTypes.contains(t.schema + u'.' + t.name))
            continue;
        names.insert(t.name);
        for (const SchemaRelation &r : m_in.from.relations)
            for (const SchemaColumn &c : r.columns)
                if (usesType(c.type, t))
                    names.insert(r.name);
    }
    if (names.isEmpty())
        return;
    std::vector<const SchemaRelation *> views = viewsReading(m_in.from, names);
    std::reverse(views.begin(), views.end());
    for (const SchemaRelation *v : views) {
        m_b.add(QStringLiteral("DROP %1 %2").arg(viewKeyword(*v), qualified(*v)));
        m_droppedViews.insert(key(v->schema, v->name));
    }
}

void Writer::planForeignKeys()
{
    auto drop = [&](const SchemaRelation *owner, const QString &name) {
        for (const auto &d : m_fkDrops)
            if (d.first == owner && d.second == name)
                return;
        m_fkDrops.emplace_back(owner, name);
    };
    auto add = [&](const SchemaRelation *owner, const SchemaForeignKey *k) {
        if (!k)
            return;
        for (const auto &a : m_fkAdds)
            if (a.second == k)
                return;
        m_fkAdds.emplace_back(owner, k);
    };
    // Tables whose keys or indexes change, and columns whose type changes: the foreign keys
    // that rest on them are dropped first and added again last.
    QSet<const SchemaRelation *> keysChange;
    QHash<const SchemaRelation *, QSet<QString>> retyped;
    for (const Plan &p : m_plans) {
        if (p.mode == Mode::Create || p.mode == Mode::Drop || !p.from)
            continue;
        for (const SchemaChange *c : p.changes) {
            const QString &k = c->objectKind;
            // A foreign key rests on a unique index (a key, a constraint or a plain one).
            const SchemaIndex *ix = index(p.from, c->name);
            if ((k == u"primary key" || k == u"unique constraint" ||
                 (k == u"index" && ix && ix->unique)) &&
                (c->change == ChangeKind::Removed ||
                 (c->change == ChangeKind::Changed && c->attribute != u"name")))
                keysChange.insert(p.from);
            if (k == u"column" && (c->attribute == u"type" || c->attribute == u"collation"))
                retyped[p.from].insert(c->name);
            if (k != u"foreign key" || p.mode != Mode::Alter)
                continue;
            if (c->change == ChangeKind::Removed ||
                (c->change == ChangeKind::Changed && c->attribute != u"name"))
                drop(p.from, c->name);
            if (c->change == ChangeKind::Added ||
                (c->change == ChangeKind::Changed && c->attribute != u"name"))
                add(p.to, foreignKey(p.to, c->name));
        }
    }
    for (const Plan &p : m_plans)
        if ((p.mode == Mode::Create || p.mode == Mode::Recreate) && isTable(*p.to))
            for (const SchemaForeignKey &k : p.to->foreignKeys)
                add(p.to, &k);
    auto intersects = [](const QSet<QString> &a, const QStringList &b) {
        return std::any_of(b.begin(), b.end(), [&](const QString &x) { return a.contains(x); });
    };
    for (const SchemaRelation &r : m_in.from.relations) {
        const Plan *own = m_byFrom.value(&r);
        if (!isTable(r) || (own && own->mode != Mode::Alter))
            continue;
        for (const SchemaForeignKey &k : r.foreignKeys) {
            const SchemaRelation *target = referenced(m_in.from, k, r);
            const Plan *tp = target ? m_byFrom.value(target) : nullptr;
            const bool rests = (tp && (tp->mode == Mode::Drop || tp->mode == Mode::Recreate)) ||
                               keysChange.contains(target) ||
                               intersects(retyped.value(target), k.refColumns) ||
                               intersects(retyped.value(&r), k.columns);
            if (!rests)
                continue;
            drop(&r, k.name);
            const SchemaRelation *to = counterpartInTo(r);
            const SchemaForeignKey *same = foreignKey(to, k.name);
            if (!same && to)
                for (const SchemaForeignKey &other : to->foreignKeys)
                    if (other.columns == k.columns && other.refTable == k.refTable)
                        same = &other;
            add(to, same);
        }
    }
}

void Writer::dropForeignKeys()
{
    for (const auto &[owner, name] : m_fkDrops)
        m_b.add(QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2")
                    .arg(qualified(*owner), pgQuoteIdent(name)));
}

void Writer::addForeignKeys()
{
    for (const auto &[owner, k] : m_fkAdds)
        m_b.add(QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3")
                    .arg(qualified(*owner), pgQuoteIdent(k->name), foreignKeyClause(*k)));
}

void Writer::createViews()
{
    // Views that stay: only their comments (what else changes recreates them).
    for (const Plan &p : m_plans) {
        if (p.mode != Mode::Alter || !isView(*p.from) ||
            m_droppedViews.contains(key(p.from->schema, p.from->name)))
            continue;
        if (p.renamed)
            renameRelation(p);
        for (const SchemaChange *c : p.changes)
            if (c->attribute == u"comment" && isRelationKind(c->objectKind))
                m_b.add(QStringLiteral("COMMENT ON %1 %2 IS %3")
                            .arg(viewKeyword(*p.to), qualified(*p.to),
                                 p.to->comment.isEmpty() ? QStringLiteral("NULL")
                                                         : pgQuoteLiteral(p.to->comment)));
    }
    for (const SchemaRelation *v : viewsInDependencyOrder(m_in.to)) {
        const SchemaRelation *was = counterpartInFrom(*v);
        if (was && isView(*was) && !m_droppedViews.contains(key(was->schema, was->name)))
            continue;
        if (v->definition.trimmed().isEmpty()) {
            m_b.noteOnly(QStringLiteral("cannot create %1 %2: its definition was not read")
                             .arg(relationKindName(v->kind), qualified(*v)));
            continue;
        }
        m_b.addAll(detail::pgViewDdl(*v, {}));
    }
}

} // namespace retort::schema_migration::pg
