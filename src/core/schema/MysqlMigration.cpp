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
#include <QRegularExpression>
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

bool generatedConstraintName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("(_chk_[0-9]+|^CONSTRAINT_[0-9]+)$"));
    return re.match(name).hasMatch();
}

// What one table present on both sides needs.
struct TablePlan {
    const SchemaRelation *a = nullptr; // its A side (under its old name when renamed)
    const SchemaRelation *b = nullptr;
    QStringList notes;
    QStringList clauses;
    QStringList extraStatements; // partitioning, which cannot share the ALTER
    QSet<QString> touched;       // A column names altered, dropped, renamed or losing an index
    bool keysChange = false;     // a foreign key of it is added, dropped or changed
};

class Writer {
public:
    explicit Writer(const Input &in) : m_in(in) {}
    MigrationScript run();

private:
    void classify();
    void planTable(TablePlan &plan, const QString &object);
    void planColumns(TablePlan &plan, const std::vector<const SchemaChange *> &changes,
                     QSet<QString> &forcedModify);
    bool rebuildsKeys(const TablePlan &plan) const;

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

void Writer::planColumns(TablePlan &plan, const std::vector<const SchemaChange *> &changes,
                         QSet<QString> &forcedModify)
{
    const SchemaRelation &ra = *plan.a, &rb = *plan.b;
    const QHash<QString, QString> linesA = columnLines(ra), linesB = columnLines(rb);
    const QString table = rb.name;
    QHash<QString, QString> renamedFrom;                // B name → A name (confirmed)
    QSet<QString> dropped, added, changed, regenerated; // A names / B names
    for (const SchemaChange *c : changes) {
        if (c->objectKind != u"column")
            continue;
        if (c->change == ChangeKind::Removed) {
            dropped.insert(c->name);
            const SchemaColumn *col = byName(ra.columns, c->name);
            if (col && col->generated.isEmpty())
                plan.notes.append(
                    QStringLiteral("drops column `%1.%2` and its data").arg(table, c->name));
        } else if (c->change == ChangeKind::Added) {
            added.insert(c->name);
        } else if (c->change == ChangeKind::PossibleRename) {
            if (m_in.confirmed(*c)) {
                renamedFrom.insert(c->after, c->before);
            } else {
                dropped.insert(c->before);
                added.insert(c->after);
                plan.notes.append(
                    QStringLiteral("possible rename of column `%1.%2` → `%3`, written as drop and "
                                   "add, which loses its data; if it is a rename, use RENAME "
                                   "COLUMN %4 TO %5 instead")
                        .arg(table, c->before, c->after, ident(c->before), ident(c->after)));
            }
        } else if (c->change == ChangeKind::Changed) {
            changed.insert(c->name);
            const SchemaColumn *ca = byName(ra.columns, c->name);
            const SchemaColumn *cb = byName(rb.columns, c->name);
            if (c->attribute == u"type" && !isWidening(c->before, c->after))
                plan.notes.append(QStringLiteral("changes the type of `%1.%2` %3 → %4: fails or "
                                                 "changes values that do not fit")
                                      .arg(table, c->name, c->before, c->after));
            if (c->attribute == u"nullable" && c->after == u"no" && cb && cb->generated.isEmpty())
                plan.notes.append(
                    QStringLiteral("makes `%1.%2` NOT NULL: fails where a row holds NULL (SELECT "
                                   "COUNT(*) FROM %3 WHERE %4 IS NULL)")
                        .arg(table, c->name, ident(table), ident(c->name)));
            if (ca && cb && (!ca->generated.isEmpty() || !cb->generated.isEmpty()))
                regenerated.insert(c->name);
        }
    }
    // MariaDB alters a generated column in place only in few cases: it is dropped and added.
    for (const QString &name : std::as_const(regenerated)) {
        const SchemaColumn *ca = byName(ra.columns, name);
        if (ca && !ca->generated.isEmpty() && byName(rb.columns, name)->generated.isEmpty())
            plan.notes.append(QStringLiteral("`%1.%2` stops being generated: it is dropped and "
                                             "added, so its values are not kept")
                                  .arg(table, name));
        dropped.insert(name);
        added.insert(name);
        changed.remove(name);
    }
    // An index or the primary key holding a dropped column loses it: dropped and added again.
    QSet<QString> indexDrops, indexAdds;
    bool primaryKeyRebuilt = false;
    for (const SchemaIndex &i : ra.indexes) {
        bool hit = false;
        for (const QString &part : i.columns)
            hit = hit || dropped.contains(part.section(u'(', 0, 0).section(u' ', 0, 0));
        if (!hit)
            continue;
        if (i.primary) {
            primaryKeyRebuilt = true;
        } else if (byName(rb.indexes, i.name)) {
            indexDrops.insert(i.name);
            indexAdds.insert(i.name);
        }
    }

    // The order walk: from A's columns (renamed, without the dropped) to B's order.
    QStringList current;
    for (const SchemaColumn &c : ra.columns) {
        if (dropped.contains(c.name))
            continue;
        const QString renamed = renamedFrom.key(c.name);
        current.append(renamed.isEmpty() ? c.name : renamed);
    }
    struct Step {
        QString name;
        bool add = false;
        QString position;
    };
    std::vector<Step> walk;
    QStringList deferred;
    QSet<QString> moved;
    qsizetype placed = 0;
    auto positionAt = [&](qsizetype k) {
        return k == 0 ? QStringLiteral(" FIRST")
                      : QStringLiteral(" AFTER ") + ident(current[k - 1]);
    };
    for (const SchemaColumn &c : rb.columns) {
        if (added.contains(c.name)) {
            bool waits = false; // a generated column reading a column not there yet
            if (!c.generated.isEmpty())
                for (const SchemaColumn &other : rb.columns)
                    waits = waits || (other.name != c.name && !current.contains(other.name) &&
                                      mentions(c.defaultValue.value_or(QString()), other.name));
            if (waits) {
                deferred.append(c.name);
                continue;
            }
            walk.push_back({c.name, true, positionAt(placed)});
            current.insert(placed++, c.name);
            continue;
        }
        const qsizetype at = current.indexOf(c.name);
        if (at < 0) { // not on A's side after all: added
            walk.push_back({c.name, true, positionAt(placed)});
            current.insert(placed++, c.name);
            continue;
        }
        if (at != placed) {
            walk.push_back({c.name, false, positionAt(placed)});
            moved.insert(c.name);
            current.remove(at);
            current.insert(placed, c.name);
        }
        ++placed;
    }
    for (const QString &name : std::as_const(deferred)) {
        qsizetype at = 0;
        for (const SchemaColumn &c : rb.columns) {
            if (c.name == name)
                break;
            at = current.indexOf(c.name) + 1;
        }
        walk.push_back({name, true, positionAt(at)});
        current.insert(at, name);
    }

    // The clauses, in the order MariaDB can apply them in one statement.
    const bool renameColumn = hasRenameColumn(m_in.to.serverVersion);
    auto definition = [&](const QString &name) {
        return columnDefinition(rb, *byName(rb.columns, name), linesB);
    };
    auto modifyClause = [&](const QString &name) {
        const QString from = renamedFrom.value(name);
        return from.isEmpty()
                   ? QStringLiteral("MODIFY COLUMN ") + definition(name)
                   : QStringLiteral("CHANGE COLUMN %1 %2").arg(ident(from), definition(name));
    };
    QStringList checkClauses, checkAdds;
    for (const SchemaChange *c : changes) {
        if (c->objectKind != u"check")
            continue;
        const bool renamed = c->change == ChangeKind::Changed && c->attribute == u"name";
        if (c->change == ChangeKind::Removed || c->change == ChangeKind::Changed) {
            const SchemaCheck *check = byName(ra.checks, c->name);
            if (check && isColumnCheck(*check, linesA)) {
                if (!dropped.contains(check->name) && byName(rb.columns, check->name))
                    forcedModify.insert(check->name);
            } else {
                checkClauses.append(QStringLiteral("DROP CONSTRAINT ") + ident(c->name));
            }
        }
        if (c->change == ChangeKind::Added || c->change == ChangeKind::Changed) {
            const SchemaCheck *check = byName(rb.checks, renamed ? c->after : c->name);
            if (!check)
                continue;
            if (isColumnCheck(*check, linesB)) {
                if (!added.contains(check->name))
                    forcedModify.insert(check->name);
            } else {
                checkAdds.append(generatedConstraintName(check->name)
                                     ? QStringLiteral("ADD ") + check->definition
                                     : QStringLiteral("ADD CONSTRAINT %1 %2")
                                           .arg(ident(check->name), check->definition));
            }
        }
    }
    plan.clauses += checkClauses;

    QStringList indexClauses, indexAddClauses;
    bool primaryKey = primaryKeyRebuilt;
    for (const SchemaChange *c : changes) {
        if (c->objectKind == u"primary key")
            primaryKey = true;
        if (c->objectKind != u"index" && c->objectKind != u"unique constraint")
            continue;
        if (c->change == ChangeKind::Changed && c->attribute == u"name" && renameColumn) {
            indexClauses.append(
                QStringLiteral("RENAME INDEX %1 TO %2").arg(ident(c->before), ident(c->after)));
            continue;
        }
        if (c->change != ChangeKind::Added)
            indexDrops.insert(c->name);
        const QString addName =
            c->change == ChangeKind::Changed && c->attribute == u"name" ? c->after : c->name;
        if (c->change != ChangeKind::Removed)
            indexAdds.insert(addName);
    }
    for (const SchemaIndex &i : ra.indexes)
        if (indexDrops.contains(i.name)) {
            plan.clauses.append(QStringLiteral("DROP INDEX ") + ident(i.name));
            for (const QString &part : i.columns)
                plan.touched.insert(part.section(u'(', 0, 0).section(u' ', 0, 0));
        }
    plan.clauses += indexClauses;
    if (primaryKey)
        for (const SchemaColumn &c : ra.columns)
            if (c.primaryKeyPosition > 0) {
                plan.touched.insert(c.name);
                if (!plan.clauses.contains(QStringLiteral("DROP PRIMARY KEY")))
                    plan.clauses.append(QStringLiteral("DROP PRIMARY KEY"));
            }
    // Generated columns first: they may read the others.
    for (int pass = 0; pass < 2; ++pass)
        for (const SchemaColumn &c : ra.columns)
            if (dropped.contains(c.name) && c.generated.isEmpty() == (pass == 1))
                plan.clauses.append(QStringLiteral("DROP COLUMN ") + ident(c.name));
    // A renamed column whose definition differs beyond its name (SchemaDiff compares only its
    // shape, not its comment) is a CHANGE COLUMN.
    for (auto it = renamedFrom.cbegin(); it != renamedFrom.cend(); ++it) {
        const QString a = columnDefinition(ra, *byName(ra.columns, it.value()), linesA);
        const QString b = columnDefinition(rb, *byName(rb.columns, it.key()), linesB);
        if (a.mid(ident(it.value()).size()) != b.mid(ident(it.key()).size()))
            changed.insert(it.key());
    }
    for (auto it = renamedFrom.cbegin(); it != renamedFrom.cend(); ++it) {
        if (moved.contains(it.key()))
            continue; // CHANGE COLUMN in the walk
        if (changed.contains(it.key()) || forcedModify.contains(it.key()) || !renameColumn)
            plan.clauses.append(modifyClause(it.key()));
        else
            plan.clauses.append(
                QStringLiteral("RENAME COLUMN %1 TO %2").arg(ident(it.value()), ident(it.key())));
    }
    for (const Step &s : walk)
        plan.clauses.append(s.add ? QStringLiteral("ADD COLUMN ") + definition(s.name) + s.position
                                  : modifyClause(s.name) + s.position);
    for (const SchemaColumn &c : rb.columns)
        if ((changed.contains(c.name) || forcedModify.contains(c.name)) &&
            !moved.contains(c.name) && !renamedFrom.contains(c.name) && !added.contains(c.name))
            plan.clauses.append(modifyClause(c.name));
    // An A column check kept as it is but lost by its column's MODIFY: added back.
    for (const SchemaCheck &check : ra.checks) {
        const bool modified = moved.contains(check.name) || changed.contains(check.name) ||
                              forcedModify.contains(check.name);
        const SchemaCheck *inB = byName(rb.checks, check.name);
        if (modified && isColumnCheck(check, linesA) && inB && !isColumnCheck(*inB, linesB) &&
            !checkAdds.contains(
                QStringLiteral("ADD CONSTRAINT %1 %2").arg(ident(inB->name), inB->definition)))
            checkAdds.append(
                QStringLiteral("ADD CONSTRAINT %1 %2").arg(ident(inB->name), inB->definition));
    }
    if (primaryKey) {
        const QString pk = addPrimaryKeyClause(rb);
        if (!pk.isEmpty())
            plan.clauses.append(pk);
    }
    for (const SchemaIndex &i : rb.indexes)
        if (!i.primary && indexAdds.contains(i.name))
            indexAddClauses.append(addIndexClause(i));
    plan.clauses += indexAddClauses;
    plan.clauses += checkAdds;

    // What foreign keys must not see while it changes (A names).
    for (const QString &name : std::as_const(dropped))
        plan.touched.insert(name);
    for (const QString &name : renamedFrom)
        plan.touched.insert(name);
    for (const QString &name : moved + changed + forcedModify)
        plan.touched.insert(renamedFrom.value(name, name));
}

void Writer::planTable(TablePlan &plan, const QString &object)
{
    const std::vector<const SchemaChange *> changes = m_in.changesOf(object);
    QSet<QString> forcedModify;
    planColumns(plan, changes, forcedModify);
    for (const SchemaChange *c : changes) {
        if (c->objectKind == u"foreign key")
            plan.keysChange = true;
        if (!c->name.isEmpty() || c->change != ChangeKind::Changed)
            continue;
        if (c->attribute == u"comment")
            plan.clauses.append(QStringLiteral("COMMENT = ") + mysqlQuoteString(c->after));
        else if (c->attribute == u"engine")
            plan.clauses.append(QStringLiteral("ENGINE = ") + c->after);
        else if (c->attribute == u"partition key" || c->attribute == u"partition bound") {
            const qsizetype at = plan.b->ddl.indexOf(QStringLiteral("PARTITION BY"));
            const QString alter = QStringLiteral("ALTER TABLE %1 ").arg(ident(plan.b->name));
            const QString sql = plan.b->partitionKey.isEmpty()
                                    ? alter + QStringLiteral("REMOVE "
                                                             "PARTITIONING")
                                : at >= 0 ? alter + plan.b->ddl.mid(at)
                                          : QString();
            if (!sql.isEmpty() && !plan.extraStatements.contains(sql))
                plan.extraStatements.append(sql);
        }
    }
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

MigrationScript Writer::run()
{
    classify();
    for (const QString &object : std::as_const(m_tables)) {
        TablePlan plan;
        plan.b = m_in.toRelation(object);
        plan.a = m_in.fromRelation(object);
        for (const auto &[from, to] : m_renames)
            if (to == bare(object))
                plan.a = m_in.fromRelation(from);
        if (!plan.a || !plan.b)
            continue;
        planTable(plan, object);
        m_plans.insert(object, plan);
    }
    QSet<QString> dropNames;
    for (const SchemaRelation *r : m_dropTables)
        dropNames.insert(r->name);

    // 1. Views that read anything changed go first.
    QSet<QString> changedNames = dropNames;
    changedNames += m_changedViews;
    for (const TablePlan &p : std::as_const(m_plans)) { // a set: the order does not matter
        changedNames.insert(p.a->name);
        changedNames.insert(p.b->name);
    }
    for (const QString &o : std::as_const(m_createTables))
        changedNames.insert(bare(o));
    const std::vector<const SchemaRelation *> dropViews = viewsReading(m_in.from, changedNames);
    QSet<QString> recreateViews = m_changedViews;
    QStringList dropViewNames;
    for (auto it = dropViews.rbegin(); it != dropViews.rend(); ++it) {
        if ((*it)->kind != RelationKind::View)
            continue;
        dropViewNames.append(ident((*it)->name));
        recreateViews.insert((*it)->name);
    }
    if (!dropViewNames.isEmpty())
        m_b.add(QStringLiteral("DROP VIEW ") + dropViewNames.join(QStringLiteral(", ")));

    // 2. Triggers changed or removed.
    std::vector<const SchemaTrigger *> createTriggers;
    for (const QString &object : std::as_const(m_tables)) {
        if (!m_plans.contains(object))
            continue;
        const TablePlan &p = m_plans[object];
        for (const SchemaChange *c : m_in.changesOf(object)) {
            if (c->objectKind != u"trigger")
                continue;
            if (c->change != ChangeKind::Added)
                m_b.add(QStringLiteral("DROP TRIGGER ") + ident(c->name));
            const bool renamed = c->change == ChangeKind::Changed && c->attribute == u"name";
            if (c->change != ChangeKind::Removed)
                if (const SchemaTrigger *t = byName(p.b->triggers, renamed ? c->after : c->name))
                    createTriggers.push_back(t);
        }
    }

    // 3. Foreign keys that must not be in the way.
    QStringList rebuilt; // B objects whose keys are all added back
    for (const QString &object : std::as_const(m_tables)) {
        if (!m_plans.contains(object))
            continue;
        const TablePlan &p = m_plans[object];
        if (!rebuildsKeys(p))
            continue;
        rebuilt.append(object);
        QStringList drops;
        for (const SchemaForeignKey &k : p.a->foreignKeys)
            drops.append(QStringLiteral("DROP FOREIGN KEY ") + ident(k.name));
        if (!drops.isEmpty())
            m_b.add(QStringLiteral("ALTER TABLE %1 %2")
                        .arg(ident(p.a->name), drops.join(QStringLiteral(", "))));
    }
    for (const SchemaRelation *r : m_dropTables) {
        QStringList drops;
        for (const SchemaForeignKey &k : r->foreignKeys)
            if (k.refTable != r->name) // else it holds the parent while another table changes
                drops.append(QStringLiteral("DROP FOREIGN KEY ") + ident(k.name));
        if (!drops.isEmpty())
            m_b.add(QStringLiteral("ALTER TABLE %1 %2")
                        .arg(ident(r->name), drops.join(QStringLiteral(", "))));
    }

    // 4. Sequences a default may use exist before the tables.
    for (const SchemaSequence &s : m_in.to.sequences) {
        if (m_sequenceAdds.contains(s.name))
            m_b.add(createSequence(s));
        else if (m_sequenceChanges.contains(s.name))
            m_b.add(alterSequence(s));
    }

    // 5. Confirmed renames.
    QStringList renames;
    for (const auto &[from, to] : m_renames)
        renames.append(QStringLiteral("%1 TO %2").arg(ident(from), ident(to)));
    if (!renames.isEmpty())
        m_b.add(QStringLiteral("RENAME TABLE ") + renames.join(QStringLiteral(", ")));

    // 6. New tables, without their foreign keys.
    std::vector<const SchemaRelation *> created;
    for (const QString &object : std::as_const(m_createTables))
        if (const SchemaRelation *r = m_in.toRelation(object); isTable(r)) {
            m_b.add(createTable(*r));
            created.push_back(r);
            for (const SchemaTrigger &t : r->triggers)
                createTriggers.push_back(&t);
        }

    // 7. Each changed table in one statement.
    for (const QString &object : std::as_const(m_tables)) {
        if (!m_plans.contains(object))
            continue;
        const TablePlan &p = m_plans[object];
        for (const QString &note : p.notes)
            m_b.review(note);
        if (!p.clauses.isEmpty())
            m_b.add(QStringLiteral("ALTER TABLE %1\n  %2")
                        .arg(ident(p.b->name), p.clauses.join(QStringLiteral(",\n  "))));
        for (const QString &sql : p.extraStatements)
            m_b.add(sql);
    }

    // 8, 9. What is dropped, once its replacements exist.
    for (const SchemaRelation *r : m_dropTables) {
        m_b.review(m_dropNotes.value(r->name));
        m_b.add(QStringLiteral("DROP TABLE ") + ident(r->name));
    }
    for (const QString &name : std::as_const(m_sequenceDrops))
        m_b.add(QStringLiteral("DROP SEQUENCE ") + ident(name));

    // 10. Foreign keys, once every table and index exists.
    auto addKeys = [&](const SchemaRelation &r) {
        QStringList adds;
        for (const SchemaForeignKey &k : r.foreignKeys)
            adds.append(addForeignKeyClause(k));
        if (!adds.isEmpty())
            m_b.add(QStringLiteral("ALTER TABLE %1 %2")
                        .arg(ident(r.name), adds.join(QStringLiteral(", "))));
    };
    for (const QString &object : std::as_const(rebuilt))
        addKeys(*m_plans[object].b);
    for (const SchemaRelation *r : created)
        addKeys(*r);

    // 11, 12. Triggers and views last.
    for (const SchemaTrigger *t : createTriggers)
        m_b.add(createTrigger(*t));
    for (const SchemaRelation *v : viewsInDependencyOrder(m_in.to)) {
        if (v->kind != RelationKind::View || !recreateViews.contains(v->name))
            continue;
        const QString sql = createView(*v);
        if (sql.isEmpty())
            m_b.noteOnly(QStringLiteral("cannot recreate view `%1`: its query is not visible to "
                                        "the user who inspected it (SHOW VIEW)")
                             .arg(v->name));
        else
            m_b.add(sql);
    }

    MigrationScript script = m_b.done();
    // Statements that do something, not notes alone.
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
