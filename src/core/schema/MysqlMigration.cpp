// MariaDB/MySQL SQL for SchemaMigration.h.
//
// Every DDL statement commits on its own, so the script is ordered to leave as little half-done
// as possible when one fails: what only adds (sequences, renames, new tables) comes early, each
// table's own changes are one ALTER TABLE (atomic on InnoDB), what destroys data (DROP TABLE,
// DROP SEQUENCE) comes after the tables that replace it exist, and what only links (foreign keys,
// triggers, views) comes last. The phases:
//   1. DROP VIEW: changed views and every view reading a changed table or view;
//   2. DROP TRIGGER: changed and removed triggers;
//   3. DROP FOREIGN KEY: every key of a table whose keys change or whose key columns (on either
//      side) are altered, dropped or lose an index: MariaDB refuses to alter a column or drop an
//      index a key uses, so such keys are dropped and added back whole;
//   4. CREATE / ALTER SEQUENCE;  5. RENAME TABLE (confirmed renames);
//   6. CREATE TABLE without foreign keys;
//   7. one ALTER TABLE per changed table: drop checks, indexes, primary key and columns; renames;
//      ADD COLUMN … AFTER / MODIFY COLUMN … AFTER in the target column order; the other MODIFYs
//      (full definitions); add primary key, indexes (the inspector's definitions, so a foreign
//      key's index exists before the key and MariaDB creates none of its own), checks; options;
//   8. DROP TABLE;  9. DROP SEQUENCE;  10. ADD FOREIGN KEY;  11. CREATE TRIGGER;
//   12. CREATE VIEW, in dependency order.
#include "schema/MysqlInspector.h"
#include "schema/MysqlMigrationDetail.h"
#include "schema/SchemaMigrationDetail.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace retort::schema_migration {

namespace {

using namespace mysql;

QString bare(const QString &object)
{
    const qsizetype dot = object.indexOf(u'.');
    return dot < 0 ? object : object.mid(dot + 1);
}

bool isTableKind(const QString &objectKind)
{
    return objectKind == u"table" || objectKind == u"partitioned table";
}

bool isTable(const SchemaRelation *r)
{
    return r && (r->kind == RelationKind::Table || r->kind == RelationKind::PartitionedTable);
}

template <typename T> const T *byName(const std::vector<T> &items, const QString &name)
{
    for (const T &i : items)
        if (i.name == name)
            return &i;
    return nullptr;
}

class Writer {
public:
    explicit Writer(const Input &in) : m_in(in) {}
    MigrationScript run();

private:
    void classify();
    void planTables();
    bool rebuildsKeys(const TablePlan &plan) const;
    void dropViews();
    void dropTriggers();
    void dropKeys();
    void createObjects();
    void alterAndDrop();
    void link();

    const Input &m_in;
    ScriptBuilder m_b;
    // Objects (SchemaChange::object) of tables on both sides, in diff order.
    QStringList m_tables;
    QHash<QString, TablePlan> m_plans;
    QStringList m_createTables;                         // B objects
    std::vector<const SchemaRelation *> m_dropTables;   // A relations
    QHash<QString, QString> m_dropNotes;                // A name → the note above its DROP TABLE
    std::vector<std::pair<QString, QString>> m_renames; // A name → B name
    QSet<QString> m_recreated;                          // B objects dropped and created anew
    QSet<QString> m_changedViews; // bare names: views (or kinds) changed on either side
    QStringList m_sequenceAdds, m_sequenceChanges, m_sequenceDrops; // bare names
    QStringList m_planned;                               // objects of m_plans, in diff order
    QSet<QString> m_recreateViews;                       // bare names
    std::vector<const SchemaTrigger *> m_createTriggers; // B's
    QStringList m_rebuilt;                         // objects whose keys are dropped and added back
    std::vector<const SchemaRelation *> m_created; // B's new tables
};

void Writer::classify()
{
    for (const SchemaChange &c : m_in.diff.changes) {
        const bool relationLevel =
            c.name.isEmpty() && (isTableKind(c.objectKind) || isViewKind(c.objectKind));
        if (c.objectKind == u"sequence") {
            QStringList &list = c.change == ChangeKind::Added     ? m_sequenceAdds
                                : c.change == ChangeKind::Removed ? m_sequenceDrops
                                                                  : m_sequenceChanges;
            if (!list.contains(bare(c.object)))
                list.append(bare(c.object));
            continue;
        }
        if (!relationLevel) {
            if (!m_tables.contains(c.object))
                m_tables.append(c.object);
            continue;
        }
        const SchemaRelation *ra = m_in.fromRelation(c.object);
        const SchemaRelation *rb = m_in.toRelation(c.object);
        if (isViewKind(c.objectKind) || (c.attribute == u"kind" && !isTable(ra)))
            m_changedViews.insert(bare(c.object));
        if (c.change == ChangeKind::PossibleRename) {
            const SchemaRelation *from = m_in.fromRelation(c.before);
            if (m_in.confirmed(c)) {
                m_renames.emplace_back(bare(c.before), bare(c.object));
                if (!m_tables.contains(c.object))
                    m_tables.append(c.object);
            } else {
                m_recreated.insert(c.object);
                m_createTables.append(c.object);
                if (from) {
                    m_dropTables.push_back(from);
                    m_dropNotes.insert(
                        from->name,
                        QStringLiteral("possible rename of table `%1` → `%2`, written as drop and "
                                       "create, which loses its rows; if it is a rename, replace "
                                       "this and the CREATE TABLE with RENAME TABLE %3 TO %4")
                            .arg(from->name, bare(c.object), ident(from->name),
                                 ident(bare(c.object))));
                }
            }
            continue;
        }
        if (c.change == ChangeKind::Added && isTable(rb)) {
            m_createTables.append(c.object);
        } else if (c.change == ChangeKind::Removed && isTable(ra)) {
            m_dropTables.push_back(ra);
        } else if (c.change == ChangeKind::Changed && c.attribute == u"kind" && isTable(ra) &&
                   isTable(rb)) {
            // Partitioned or not: ALTER TABLE … PARTITION BY / REMOVE PARTITIONING (planTable).
            if (!m_tables.contains(c.object))
                m_tables.append(c.object);
        } else if (c.change == ChangeKind::Changed && c.attribute == u"kind") {
            m_recreated.insert(c.object);
            if (isTable(ra))
                m_dropTables.push_back(ra);
            if (isTable(rb))
                m_createTables.append(c.object);
        } else if (c.change == ChangeKind::Changed && isTable(rb) && !m_tables.contains(c.object)) {
            m_tables.append(c.object);
        }
    }
    for (const SchemaRelation *r : m_dropTables)
        if (!m_dropNotes.contains(r->name))
            m_dropNotes.insert(r->name,
                               QStringLiteral("drops table `%1` and its rows").arg(r->name));
    m_tables.removeIf(
        [&](const QString &o) { return m_recreated.contains(o) || !isTable(m_in.toRelation(o)); });
}

bool Writer::rebuildsKeys(const TablePlan &plan) const
{
    if (plan.keysChange)
        return true;
    for (const SchemaForeignKey &k : plan.a->foreignKeys) {
        for (const QString &c : k.columns)
            if (plan.touched.contains(c))
                return true;
        for (const SchemaRelation *dropped : m_dropTables)
            if (dropped->name == k.refTable)
                return true;
        for (const TablePlan &other : m_plans)
            if (other.a->name == k.refTable)
                for (const QString &c : k.refColumns)
                    if (other.touched.contains(c))
                        return true;
    }
    return false;
}

void Writer::planTables()
{
    for (const QString &object : std::as_const(m_tables)) {
        TablePlan plan;
        plan.b = m_in.toRelation(object);
        plan.a = m_in.fromRelation(object);
        for (const auto &[from, to] : m_renames)
            if (to == bare(object))
                plan.a = m_in.fromRelation(from);
        if (!plan.a || !plan.b)
            continue;
        planTable(m_in, plan, object);
        m_plans.insert(object, plan);
        m_planned.append(object);
    }
}

// 1. Views that read anything changed go first.
void Writer::dropViews()
{
    QSet<QString> changedNames = m_changedViews;
    for (const SchemaRelation *r : m_dropTables)
        changedNames.insert(r->name);
    for (const QString &object : std::as_const(m_planned)) {
        changedNames.insert(m_plans[object].a->name);
        changedNames.insert(m_plans[object].b->name);
    }
    for (const QString &o : std::as_const(m_createTables))
        changedNames.insert(bare(o));
    const std::vector<const SchemaRelation *> views = viewsReading(m_in.from, changedNames);
    m_recreateViews = m_changedViews;
    QStringList names;
    for (auto it = views.rbegin(); it != views.rend(); ++it) {
        if ((*it)->kind != RelationKind::View)
            continue;
        names.append(ident((*it)->name));
        m_recreateViews.insert((*it)->name);
    }
    if (!names.isEmpty())
        m_b.add(QStringLiteral("DROP VIEW ") + names.join(QStringLiteral(", ")));
}

// 2. Triggers changed or removed; the changed and added are created again in step 11.
void Writer::dropTriggers()
{
    for (const QString &object : std::as_const(m_planned)) {
        const TablePlan &p = m_plans[object];
        for (const SchemaChange *c : m_in.changesOf(object)) {
            if (c->objectKind != u"trigger")
                continue;
            if (c->change != ChangeKind::Added)
                m_b.add(QStringLiteral("DROP TRIGGER ") + ident(c->name));
            const bool renamed = c->change == ChangeKind::Changed && c->attribute == u"name";
            if (c->change != ChangeKind::Removed)
                if (const SchemaTrigger *t = byName(p.b->triggers, renamed ? c->after : c->name))
                    m_createTriggers.push_back(t);
        }
    }
}

// 3. Foreign keys that must not be in the way: every key of a table rebuildsKeys() names, and
// the keys of dropped tables (they hold their parents while those change).
void Writer::dropKeys()
{
    auto drop = [&](const SchemaRelation &r, bool selfToo) {
        QStringList drops;
        for (const SchemaForeignKey &k : r.foreignKeys)
            if (selfToo || k.refTable != r.name)
                drops.append(QStringLiteral("DROP FOREIGN KEY ") + ident(k.name));
        if (!drops.isEmpty())
            m_b.add(QStringLiteral("ALTER TABLE %1 %2")
                        .arg(ident(r.name), drops.join(QStringLiteral(", "))));
    };
    for (const QString &object : std::as_const(m_planned))
        if (rebuildsKeys(m_plans[object])) {
            m_rebuilt.append(object);
            drop(*m_plans[object].a, true);
        }
    for (const SchemaRelation *r : m_dropTables)
        drop(*r, false);
}

// 4–6. Sequences (a default may use one), confirmed renames, new tables without their keys.
void Writer::createObjects()
{
    for (const SchemaSequence &s : m_in.to.sequences) {
        if (m_sequenceAdds.contains(s.name))
            m_b.add(createSequence(s));
        else if (m_sequenceChanges.contains(s.name))
            m_b.add(alterSequence(s));
    }
    QStringList renames;
    for (const auto &[from, to] : m_renames)
        renames.append(QStringLiteral("%1 TO %2").arg(ident(from), ident(to)));
    if (!renames.isEmpty())
        m_b.add(QStringLiteral("RENAME TABLE ") + renames.join(QStringLiteral(", ")));
    for (const QString &object : std::as_const(m_createTables))
        if (const SchemaRelation *r = m_in.toRelation(object); isTable(r)) {
            m_b.add(createTable(*r));
            m_created.push_back(r);
            for (const SchemaTrigger &t : r->triggers)
                m_createTriggers.push_back(&t);
        }
}

// 7. Each changed table in one statement; 8, 9. what is dropped, once its replacements exist.
void Writer::alterAndDrop()
{
    for (const QString &object : std::as_const(m_planned)) {
        const TablePlan &p = m_plans[object];
        for (const QString &note : p.notes)
            m_b.review(note);
        if (!p.clauses.isEmpty())
            m_b.add(QStringLiteral("ALTER TABLE %1\n  %2")
                        .arg(ident(p.b->name), p.clauses.join(QStringLiteral(",\n  "))));
        for (const QString &sql : p.extraStatements)
            m_b.add(sql);
    }
    for (const SchemaRelation *r : m_dropTables) {
        m_b.review(m_dropNotes.value(r->name));
        m_b.add(QStringLiteral("DROP TABLE ") + ident(r->name));
    }
    for (const QString &name : std::as_const(m_sequenceDrops))
        m_b.add(QStringLiteral("DROP SEQUENCE ") + ident(name));
}

// 10. Foreign keys, once every table and index exists; 11, 12. triggers and views last.
void Writer::link()
{
    auto addKeys = [&](const SchemaRelation &r) {
        QStringList adds;
        for (const SchemaForeignKey &k : r.foreignKeys)
            adds.append(addForeignKeyClause(k));
        if (!adds.isEmpty())
            m_b.add(QStringLiteral("ALTER TABLE %1 %2")
                        .arg(ident(r.name), adds.join(QStringLiteral(", "))));
    };
    for (const QString &object : std::as_const(m_rebuilt))
        addKeys(*m_plans[object].b);
    for (const SchemaRelation *r : m_created)
        addKeys(*r);
    for (const SchemaTrigger *t : m_createTriggers)
        m_b.add(createTrigger(*t));
    for (const SchemaRelation *v : viewsInDependencyOrder(m_in.to)) {
        if (v->kind != RelationKind::View || !m_recreateViews.contains(v->name))
            continue;
        const QString sql = createView(*v);
        if (sql.isEmpty())
            m_b.noteOnly(QStringLiteral("cannot recreate view `%1`: its query is not visible to "
                                        "the user who inspected it (SHOW VIEW)")
                             .arg(v->name));
        else
            m_b.add(sql);
    }
}

MigrationScript Writer::run()
{
    classify();
    planTables();
    dropViews();
    dropTriggers();
    dropKeys();
    createObjects();
    alterAndDrop();
    link();
    MigrationScript script = m_b.done();
    // More than one statement that does something (not a note alone): say what a failure leaves.
    const auto acting =
        std::count_if(script.statements.cbegin(), script.statements.cend(), [](const QString &s) {
            const QStringList lines = s.split(u'\n');
            return std::any_of(lines.cbegin(), lines.cend(),
                               [](const QString &l) { return !l.startsWith(u"--"); });
        });
    if (acting > 1) {
        const QString note = QStringLiteral(
            "each statement commits on its own (MariaDB/MySQL DDL): if one fails, the ones before "
            "it stay applied; fix the cause and run the rest");
        script.reviews.prepend(note);
        script.statements[0] = QStringLiteral("-- REVIEW: ") + note + u'\n' + script.statements[0];
    }
    return script;
}

} // namespace

MigrationScript mysqlMigrationScript(const Input &in)
{
    return Writer(in).run();
}

} // namespace retort::schema_migration
