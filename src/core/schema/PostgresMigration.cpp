// PostgreSQL SQL for SchemaMigration.h: the plan per relation and the phases, in this order —
//  1. CREATE SCHEMA for schemas only `to` has;
//  2. drop the views that change or read a relation whose columns change (readers first);
//  3. drop the foreign keys that change or rest on a changed key, unique index or column type;
//  4. drop the tables that go or are created again (partitions and referencing tables first);
//  5. drop the triggers, indexes and constraints that go or change (partitioned parents first);
//  6. types: create, add enum values, alter domains, or recreate one (rename the old, create,
//     convert its columns through text, drop the old) when values go or move;
//  7. sequences: create (not identity ones: their column makes them), alter, rename;
//  8. rename confirmed tables, create new ones (parents before partitions, no foreign keys);
//  9. columns: rename, drop, alter (type, nullability, default, identity, generated, collation),
//     add, comments; table comments;
// 10. add the primary keys, constraints, indexes and triggers; rename those renamed (and the
//     names the server generated from a renamed table or column);
// 11. partitions with a new bound detached and attached; new partitions of staying tables;
// 12. ALTER SEQUENCE … OWNED BY, once the columns exist; add the foreign keys;
// 13. drop the sequences and types that go; create the views in dependency order; notes on
//     column order, which PostgreSQL cannot change, and on schemas the target lacks.
// Views and foreign keys are written in PostgresMigrationViews.cpp, types and sequences in
// PostgresMigrationTypes.cpp, a table's own statements in PostgresMigrationTables.cpp.

#include "schema/PostgresMigrationDetail.h"

#include "schema/PostgresDdl.h"
#include "schema/PostgresInspector.h"

#include <algorithm>

namespace retort::schema_migration {

namespace pg {

namespace {

bool isRelationKind(const QString &kind)
{
    return kind == u"table" || kind == u"partitioned table" || isViewKind(kind);
}

bool isView(const SchemaRelation &r)
{
    return r.kind == RelationKind::View || r.kind == RelationKind::MaterializedView;
}

} // namespace

QString Writer::qualified(const SchemaRelation &r)
{
    return detail::pgQualified(r.schema, r.name);
}

QStringList Writer::primaryKeyColumns(const SchemaRelation &r)
{
    std::vector<std::pair<int, QString>> parts;
    for (const SchemaColumn &c : r.columns)
        if (c.primaryKeyPosition > 0)
            parts.emplace_back(c.primaryKeyPosition, c.name);
    std::sort(parts.begin(), parts.end());
    QStringList out;
    for (const auto &p : parts)
        out.append(p.second);
    if (out.isEmpty())
        for (const SchemaIndex &i : r.indexes)
            if (i.primary)
                return i.columns;
    return out;
}

QString Writer::primaryKeyName(const SchemaRelation &r)
{
    for (const SchemaIndex &i : r.indexes)
        if (i.primary)
            return i.name;
    return {};
}

QString Writer::ownedByText(const SchemaRelation &r, const SchemaColumn &c)
{
    return qualified(r) + u'.' + pgQuoteIdent(c.name);
}

const SchemaColumn *Writer::column(const SchemaRelation *r, const QString &name)
{
    if (r)
        for (const SchemaColumn &c : r->columns)
            if (c.name == name)
                return &c;
    return nullptr;
}

const SchemaIndex *Writer::index(const SchemaRelation *r, const QString &name)
{
    if (r)
        for (const SchemaIndex &i : r->indexes)
            if (i.name == name)
                return &i;
    return nullptr;
}

const SchemaCheck *Writer::check(const std::vector<SchemaCheck> &checks, const QString &name)
{
    for (const SchemaCheck &c : checks)
        if (c.name == name)
            return &c;
    return nullptr;
}

const SchemaForeignKey *Writer::foreignKey(const SchemaRelation *r, const QString &name)
{
    if (r)
        for (const SchemaForeignKey &k : r->foreignKeys)
            if (k.name == name)
                return &k;
    return nullptr;
}

const SchemaTrigger *Writer::trigger(const SchemaRelation *r, const QString &name)
{
    if (r)
        for (const SchemaTrigger &t : r->triggers)
            if (t.name == name)
                return &t;
    return nullptr;
}

const SchemaSequence *Writer::sequenceOwnedBy(const SchemaSnapshot &s, const QString &ownedBy) const
{
    for (const SchemaSequence &q : s.sequences)
        if (!q.ownedBy.isEmpty() && q.ownedBy == ownedBy)
            return &q;
    return nullptr;
}

const SchemaRelation *Writer::byShownName(const SchemaSnapshot &s, const QString &shown) const
{
    for (const SchemaRelation &r : s.relations)
        if (r.schema + u'.' + r.name == shown)
            return &r;
    for (const SchemaRelation &r : s.relations)
        if (r.name == shown && (m_in.oneSchema || r.schema == u"public" || r.schema.isEmpty()))
            return &r;
    return nullptr;
}

const SchemaRelation *Writer::counterpartInTo(const SchemaRelation &from) const
{
    if (const Plan *p = m_byFrom.value(&from))
        return p->mode == Mode::Drop ? nullptr : p->to;
    for (const SchemaRelation &r : m_in.to.relations)
        if (key(r.schema, r.name) == key(from.schema, from.name))
            return m_byTo.contains(&r) ? nullptr : &r; // `r` belongs to another plan
    return nullptr;
}

const SchemaRelation *Writer::counterpartInFrom(const SchemaRelation &to) const
{
    if (const Plan *p = m_byTo.value(&to))
        return p->mode == Mode::Create ? nullptr : p->from;
    for (const SchemaRelation &r : m_in.from.relations)
        if (key(r.schema, r.name) == key(to.schema, to.name))
            return m_byFrom.contains(&r) ? nullptr : &r;
    return nullptr;
}

const SchemaRelation *Writer::referenced(const SchemaSnapshot &s, const SchemaForeignKey &k,
                                         const SchemaRelation &owner) const
{
    const QString schema = k.refSchema.isEmpty() ? owner.schema : k.refSchema;
    for (const SchemaRelation &r : s.relations)
        if (r.name == k.refTable && (m_in.oneSchema || r.schema == schema))
            return &r;
    return nullptr;
}

bool Writer::touched(const Plan &p) const
{
    if (p.mode != Mode::Alter)
        return true;
    for (const SchemaChange *c : p.changes) {
        if (c->objectKind == u"column" &&
            (c->change == ChangeKind::Removed ||
             (c->change == ChangeKind::PossibleRename && !m_in.confirmed(*c)) ||
             c->attribute == u"type" || c->attribute == u"collation" ||
             c->attribute == u"generated" || c->attribute == u"expression"))
            return true;
        // A view's own change (but its comment) recreates it.
        if (p.from && isView(*p.from) &&
            !(isRelationKind(c->objectKind) && c->attribute == u"comment"))
            return true;
    }
    return false;
}

Plan &Writer::planFor(const QString &object)
{
    if (Plan *p = m_byObject.value(object))
        return *p;
    m_plans.emplace_back();
    Plan &p = m_plans.back();
    p.object = object;
    m_byObject.insert(object, &p);
    return p;
}

void Writer::planRelations()
{
    QSet<QString> typeObjects;
    for (const SchemaType &t : m_in.from.types)
        typeObjects.insert(t.schema + u'.' + t.name);
    for (const SchemaType &t : m_in.to.types)
        typeObjects.insert(t.schema + u'.' + t.name);
    for (const SchemaChange &c : m_in.diff.changes) {
        if (c.objectKind == u"sequence" || c.objectKind == u"type" ||
            typeObjects.contains(c.object))
            continue;
        const bool relationKind = isRelationKind(c.objectKind);
        if (relationKind && c.change == ChangeKind::PossibleRename) {
            const SchemaRelation *ra = byShownName(m_in.from, c.before);
            const SchemaRelation *rb = m_in.toRelation(c.object);
            if (!ra || !rb)
                continue;
            Plan &p = planFor(c.object);
            p.to = rb;
            if (m_in.confirmed(c)) {
                p.mode = Mode::Alter;
                p.from = ra;
                p.renamed = true;
                continue;
            }
            p.mode = Mode::Create;
            p.why = QStringLiteral("possible rename of %1 %2 → %3 not confirmed: drops %2 and "
                                   "creates %3, and the rows of %2 are lost; to keep them, "
                                   "confirm the rename (ALTER … RENAME TO %4)")
                        .arg(c.objectKind, c.before, c.after, pgQuoteIdent(rb->name));
            Plan &d = planFor(ra->schema + u'.' + ra->name);
            d.mode = Mode::Drop;
            d.from = ra;
            d.why = p.why;
            continue;
        }
        Plan &p = planFor(c.object);
        if (relationKind && c.change == ChangeKind::Added) {
            p.mode = Mode::Create;
            p.to = m_in.toRelation(c.object);
            continue;
        }
        if (relationKind && c.change == ChangeKind::Removed) {
            p.mode = Mode::Drop;
            p.from = m_in.fromRelation(c.object);
            continue;
        }
        if (p.mode == Mode::Create)
            continue; // created whole (an unconfirmed rename): its differences do not matter
        if (!p.from && !p.to) {
            p.from = m_in.fromRelation(c.object);
            p.to = m_in.toRelation(c.object);
        }
        p.changes.push_back(&c);
        if (relationKind && (c.attribute == u"kind" || c.attribute == u"partition key")) {
            p.mode = Mode::Recreate;
            if (p.from && isTable(*p.from))
                p.why = QStringLiteral("%1 of %2 changes (%3 → %4), which ALTER TABLE cannot do: "
                                       "drops and creates the table again, and its rows are lost; "
                                       "copy them first if they matter")
                            .arg(c.attribute, c.object, c.before, c.after);
        }
    }
    addPrimaryKeyChanges();
    // Plans without their relations (a hand-made snapshot without them) are left out.
    for (auto it = m_plans.begin(); it != m_plans.end();) {
        const bool ok = (it->mode == Mode::Create) ? it->to != nullptr
                        : (it->mode == Mode::Drop) ? it->from != nullptr
                                                   : it->from && it->to;
        if (ok) {
            ++it;
            continue;
        }
        m_byObject.remove(it->object);
        it = m_plans.erase(it);
    }
    // deque::erase invalidated pointers: index again.
    m_byObject.clear();
    for (Plan &p : m_plans) {
        m_byObject.insert(p.object, &p);
        if (p.from)
            m_byFrom.insert(p.from, &p);
        if (p.to)
            m_byTo.insert(p.to, &p);
    }
}

void Writer::addPrimaryKeyChanges()
{
    for (const SchemaRelation &rb : m_in.to.relations) {
        if (!isTable(rb))
            continue;
        const SchemaRelation *ra = nullptr;
        Plan *plan = nullptr;
        for (Plan &p : m_plans)
            if (p.to == &rb)
                plan = &p;
        if (plan) {
            if (plan->mode != Mode::Alter || !plan->from || !isTable(*plan->from))
                continue;
            ra = plan->from;
        } else {
            for (const SchemaRelation &r : m_in.from.relations)
                if (isTable(r) && key(r.schema, r.name) == key(rb.schema, rb.name))
                    ra = &r;
            if (!ra)
                continue;
        }
        const QString object = rb.schema + u'.' + rb.name;
        if (plan &&
            std::any_of(plan->changes.begin(), plan->changes.end(),
                        [](const SchemaChange *c) { return c->objectKind == u"primary key"; }))
            continue;
        QStringList before = primaryKeyColumns(*ra);
        const QStringList after = primaryKeyColumns(rb);
        if (plan)
            for (QString &c : before)
                for (const SchemaChange *ch : plan->changes)
                    if (ch->objectKind == u"column" && ch->change == ChangeKind::PossibleRename &&
                        ch->before == c && m_in.confirmed(*ch))
                        c = ch->after;
        if (before == after)
            continue;
        SchemaChange c;
        c.change = before.isEmpty()  ? ChangeKind::Added
                   : after.isEmpty() ? ChangeKind::Removed
                                     : ChangeKind::Changed;
        c.objectKind = QStringLiteral("primary key");
        c.object = object;
        c.attribute = QStringLiteral("columns");
        c.before = before.join(QStringLiteral(", "));
        c.after = after.join(QStringLiteral(", "));
        m_extraChanges.push_back(c);
        Plan &p = plan ? *plan : planFor(object);
        p.from = ra;
        p.to = &rb;
        p.changes.push_back(&m_extraChanges.back());
    }
}

// A partitioned table dropped and created again takes its partitions with it: they are created
// again too.
void Writer::propagateToPartitions()
{
    for (size_t i = 0; i < m_plans.size(); ++i) {
        const Plan &p = m_plans[i];
        if ((p.mode != Mode::Drop && p.mode != Mode::Recreate) || !p.from)
            continue;
        for (const QString &name : p.from->partitions) {
            const SchemaRelation *part = byShownName(m_in.from, name);
            if (!part)
                continue;
            Plan *existing = m_byFrom.value(part);
            if (existing && existing->mode != Mode::Alter)
                continue;
            const SchemaRelation *to = existing ? existing->to : counterpartInTo(*part);
            if (!to)
                continue;
            Plan &q = existing ? *existing : planFor(to->schema + u'.' + to->name);
            q.mode = Mode::Recreate;
            q.from = part;
            q.to = to;
            q.why =
                QStringLiteral("its partitioned table %1 is created again: the partition's rows "
                               "are lost")
                    .arg(p.from->schema + u'.' + p.from->name);
            m_byFrom.insert(part, &q);
            m_byTo.insert(to, &q);
        }
    }
}

void Writer::createSchemas()
{
    if (m_in.oneSchema)
        return;
    for (const QString &s : m_in.to.schemas)
        if (!m_in.from.schemas.contains(s))
            m_b.add(QStringLiteral("CREATE SCHEMA ") + pgQuoteIdent(s));
}

void Writer::dropTables()
{
    std::vector<const Plan *> remaining;
    for (const Plan &p : m_plans)
        if ((p.mode == Mode::Drop || p.mode == Mode::Recreate) && isTable(*p.from))
            remaining.push_back(&p);
    auto names = [](const SchemaRelation *r) { return r->schema + u'.' + r->name; };
    // A table goes after its partitions and after the tables whose keys reference it; in a
    // cycle of references, those keys are dropped first.
    while (!remaining.empty()) {
        auto blocks = [&](const Plan *other, const SchemaRelation *r) {
            if (other->from == r)
                return false;
            if (other->from->partitionOf == names(r))
                return true;
            for (const SchemaForeignKey &k : other->from->foreignKeys)
                if (referenced(m_in.from, k, *other->from) == r)
                    return true;
            return false;
        };
        auto free = std::find_if(remaining.begin(), remaining.end(), [&](const Plan *p) {
            return std::none_of(remaining.begin(), remaining.end(),
                                [&](const Plan *o) { return blocks(o, p->from); });
        });
        if (free == remaining.end()) {
            free = remaining.begin();
            for (const Plan *o : remaining)
                if (o != *free)
                    for (const SchemaForeignKey &k : o->from->foreignKeys)
                        if (referenced(m_in.from, k, *o->from) == (*free)->from)
                            m_b.add(QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2")
                                        .arg(qualified(*o->from), pgQuoteIdent(k.name)));
        }
        const Plan *p = *free;
        remaining.erase(free);
        if (!p->why.isEmpty())
            m_b.review(p->why);
        else
            m_b.review(QStringLiteral("drops %1 %2 (%3 columns): its rows are lost")
                           .arg(relationKindName(p->from->kind), names(p->from))
                           .arg(p->from->columns.size()));
        m_b.add(QStringLiteral("DROP TABLE ") + qualified(*p->from));
    }
}

void Writer::ownSequences()
{
    for (const QString &s : std::as_const(m_ownedBy))
        m_b.add(s);
}

void Writer::noteColumnOrder()
{
    for (const Plan &p : m_plans) {
        if (p.mode != Mode::Alter || !isTable(*p.from) || !p.to->partitionOf.isEmpty())
            continue;
        QStringList result;
        for (const SchemaColumn &c : p.from->columns)
            if (!p.droppedColumns.contains(c.name))
                result.append(p.columnRenames.value(c.name, c.name));
        QStringList target;
        for (const SchemaColumn &c : p.to->columns)
            target.append(c.name);
        for (const QString &c : target)
            if (!result.contains(c))
                result.append(c); // added at the end
        QStringList common;
        for (const QString &c : result)
            if (target.contains(c))
                common.append(c);
        QStringList wanted;
        for (const QString &c : target)
            if (common.contains(c))
                wanted.append(c);
        if (common != wanted)
            m_b.noteOnly(QStringLiteral("column order of %1: PostgreSQL cannot move a column, so "
                                        "the table keeps (%2) where the target has (%3); recreate "
                                        "the table by hand if the order matters")
                             .arg(p.to->schema + u'.' + p.to->name,
                                  common.join(QStringLiteral(", ")),
                                  wanted.join(QStringLiteral(", "))));
    }
}

MigrationScript Writer::run()
{
    planRelations();
    propagateToPartitions();
    // Per table: the columns renamed (confirmed), dropped, or dropped and added again.
    for (Plan &p : m_plans)
        for (const SchemaChange *c : p.changes) {
            if (c->objectKind != u"column")
                continue;
            if (c->change == ChangeKind::PossibleRename) {
                if (m_in.confirmed(*c))
                    p.columnRenames.insert(c->before, c->after);
                else
                    p.droppedColumns.insert(c->before);
            } else if (c->change == ChangeKind::Removed) {
                p.droppedColumns.insert(c->name);
            } else if (regenerates(p, c->name)) {
                p.droppedColumns.insert(c->name);
            }
        }
    // Types created again: an enum losing or moving a value, a changed kind, base or collation.
    for (const SchemaType &ta : m_in.from.types)
        for (const SchemaType &tb : m_in.to.types)
            if (key(ta.schema, ta.name) == key(tb.schema, tb.name) &&
                (ta.kind != tb.kind || ta.baseType != tb.baseType || ta.collation != tb.collation ||
                 (ta.kind == u"enum" && !isSubsequence(ta.labels, tb.labels))))
                m_recreatedTypes.insert(ta.schema + u'.' + ta.name);

    // Parents before partitions, each side in its snapshot's order.
    auto depth = [&](const SchemaSnapshot &s, const SchemaRelation *r) {
        int d = 0;
        for (const SchemaRelation *q = r; q && !q->partitionOf.isEmpty() && d < 8; ++d)
            q = byShownName(s, q->partitionOf);
        return d;
    };
    std::vector<Plan *> ordered;
    for (Plan &p : m_plans)
        ordered.push_back(&p);
    std::stable_sort(ordered.begin(), ordered.end(), [&](const Plan *a, const Plan *b) {
        const int da = a->to ? depth(m_in.to, a->to) : depth(m_in.from, a->from);
        const int db = b->to ? depth(m_in.to, b->to) : depth(m_in.from, b->from);
        return da < db;
    });
    auto alterTables = [&](auto step) {
        for (Plan *p : ordered)
            if (p->mode == Mode::Alter && isTable(*p->from) && isTable(*p->to))
                (this->*step)(*p);
    };

    createSchemas();
    dropViews();
    planForeignKeys();
    dropForeignKeys();
    dropTables(); // first: their foreign keys may rest on keys dropped below
    alterTables(&Writer::dropTableParts);
    writeTypes();
    writeSequences();
    alterTables(&Writer::renameRelation);
    // A new partition of a table that stays comes once that table has its final columns,
    // indexes and partition bounds.
    auto createTables = [&](bool ofStayingTables) {
        for (int d = 0; d < 8; ++d)
            for (const SchemaRelation &r : m_in.to.relations) {
                const Plan *p = m_byTo.value(&r);
                if (!p || (p->mode != Mode::Create && p->mode != Mode::Recreate) || !isTable(r) ||
                    depth(m_in.to, &r) != d)
                    continue;
                const SchemaRelation *parent = parentOf(m_in.to, r);
                const Plan *pp = parent ? m_byTo.value(parent) : nullptr;
                const bool stays = parent && (!pp || pp->mode == Mode::Alter);
                if (stays == ofStayingTables)
                    createTable(r, p->why);
            }
    };
    createTables(false);
    alterTables(&Writer::alterColumns);
    alterTables(&Writer::addTableParts);
    alterTables(&Writer::rebindPartition);
    createTables(true);
    ownSequences();
    addForeignKeys();
    dropSequencesAndTypes();
    createViews();
    noteColumnOrder();
    // A schema only `from` has may hold what no snapshot shows (functions): a person drops it.
    if (!m_in.oneSchema)
        for (const QString &schema : m_in.from.schemas)
            if (!m_in.to.schemas.contains(schema))
                m_b.noteOnly(QStringLiteral("schema %1 is not in the target: drop it by hand "
                                            "(DROP SCHEMA %2) once nothing else is in it")
                                 .arg(schema, pgQuoteIdent(schema)));
    MigrationScript script = m_b.done();
    // A value ALTER TYPE … ADD VALUE adds cannot be used in the transaction that added it: a
    // script that uses one (a default, a check, a conversion) runs statement by statement.
    for (const QString &statement : std::as_const(script.statements))
        if (!statement.contains(QStringLiteral(" ADD VALUE ")))
            for (const QString &label : std::as_const(m_addedLabels))
                if (statement.contains(label))
                    script.transactional = false;
    return script;
}

} // namespace pg

MigrationScript postgresMigrationScript(const Input &in)
{
    return pg::Writer(in).run();
}

} // namespace retort::schema_migration
