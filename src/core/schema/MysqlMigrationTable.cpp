// One table's ALTER TABLE for the MariaDB/MySQL script writer (MysqlMigrationDetail.h): its
// clauses in the order MariaDB applies them within one statement.
#include "schema/MysqlInspector.h"
#include "schema/MysqlMigrationDetail.h"

#include <QRegularExpression>

namespace retort::schema_migration::mysql {

namespace {

template <typename T> const T *byName(const std::vector<T> &items, const QString &name)
{
    for (const T &i : items)
        if (i.name == name)
            return &i;
    return nullptr;
}

// An index part ("name(10)", "d DESC") without its prefix length and direction.
QString partColumn(const QString &part)
{
    return part.section(u'(', 0, 0).section(u' ', 0, 0);
}

bool generatedConstraintName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("(_chk_[0-9]+|^CONSTRAINT_[0-9]+)$"));
    return re.match(name).hasMatch();
}

QString addCheck(const SchemaCheck &check)
{
    return generatedConstraintName(check.name) // let the server name it: no clash
               ? QStringLiteral("ADD ") + check.definition
               : QStringLiteral("ADD CONSTRAINT %1 %2").arg(ident(check.name), check.definition);
}

class TablePlanner {
public:
    TablePlanner(const Input &in, TablePlan &plan, const std::vector<const SchemaChange *> &changes)
        : m_in(in), m_plan(plan), m_changes(changes), m_a(*plan.a), m_b(*plan.b),
          m_linesA(columnLines(m_a)), m_linesB(columnLines(m_b)),
          m_renameClauses(hasRenameColumn(in.to.serverVersion))
    {
    }

    void run()
    {
        readColumnChanges();
        regenerateGeneratedColumns();
        rebuildIndexesOnDroppedColumns();
        walkColumnOrder();
        planChecks();
        planIndexes();
        compareRenamedColumns();
        writeClauses();
        writeOptions();
        noteTouchedColumns();
    }

private:
    struct Step { // one ADD COLUMN or MODIFY COLUMN … FIRST|AFTER of the order walk
        QString name;
        bool add = false;
        QString position;
    };

    void readColumnChanges();
    void regenerateGeneratedColumns();
    void rebuildIndexesOnDroppedColumns();
    void walkColumnOrder();
    void planChecks();
    void planIndexes();
    void compareRenamedColumns();
    void writeClauses();
    void writeOptions();
    void noteTouchedColumns();

    QString definition(const QString &name) const
    {
        return columnDefinition(*byName(m_b.columns, name), m_linesB);
    }
    QString modifyClause(const QString &name) const
    {
        const QString from = m_renamedFrom.value(name);
        return from.isEmpty()
                   ? QStringLiteral("MODIFY COLUMN ") + definition(name)
                   : QStringLiteral("CHANGE COLUMN %1 %2").arg(ident(from), definition(name));
    }
    bool modified(const QString &name) const
    {
        return m_moved.contains(name) || m_changed.contains(name) || m_forcedModify.contains(name);
    }

    const Input &m_in;
    TablePlan &m_plan;
    const std::vector<const SchemaChange *> &m_changes;
    const SchemaRelation &m_a, &m_b;
    const QHash<QString, QString> m_linesA, m_linesB;
    const bool m_renameClauses; // RENAME COLUMN and RENAME INDEX exist

    QHash<QString, QString> m_renamedFrom; // confirmed: B name → A name
    QSet<QString> m_dropped;               // A names
    QSet<QString> m_added, m_changed, m_regenerated, m_forcedModify, m_moved; // B names
    std::vector<Step> m_walk;
    QStringList m_checkDrops, m_checkAdds, m_indexRenames;
    QSet<QString> m_indexDrops, m_indexAdds;
    bool m_primaryKey = false; // dropped (when A has one) and added (when B has one)
};

// 1. What the diff says about columns, with the REVIEW notes it calls for.
void TablePlanner::readColumnChanges()
{
    const QString table = m_b.name;
    for (const SchemaChange *c : m_changes) {
        if (c->objectKind != u"column")
            continue;
        if (c->change == ChangeKind::Removed) {
            m_dropped.insert(c->name);
            const SchemaColumn *col = byName(m_a.columns, c->name);
            if (col && col->generated.isEmpty())
                m_plan.notes.append(
                    QStringLiteral("drops column `%1.%2` and its data").arg(table, c->name));
        } else if (c->change == ChangeKind::Added) {
            m_added.insert(c->name);
        } else if (c->change == ChangeKind::PossibleRename && m_in.confirmed(*c)) {
            m_renamedFrom.insert(c->after, c->before);
        } else if (c->change == ChangeKind::PossibleRename) {
            m_dropped.insert(c->before);
            m_added.insert(c->after);
            m_plan.notes.append(
                QStringLiteral("possible rename of column `%1.%2` → `%3`, written as drop and add, "
                               "which loses its data; if it is a rename, use RENAME COLUMN %4 TO "
                               "%5 instead")
                    .arg(table, c->before, c->after, ident(c->before), ident(c->after)));
        } else if (c->change == ChangeKind::Changed) {
            m_changed.insert(c->name);
            const SchemaColumn *ca = byName(m_a.columns, c->name);
            const SchemaColumn *cb = byName(m_b.columns, c->name);
            if (c->attribute == u"type" && !isWidening(c->before, c->after))
                m_plan.notes.append(QStringLiteral("changes the type of `%1.%2` %3 → %4: fails or "
                                                   "changes values that do not fit")
                                        .arg(table, c->name, c->before, c->after));
            if (c->attribute == u"nullable" && c->after == u"no" && cb && cb->generated.isEmpty())
                m_plan.notes.append(
                    QStringLiteral("makes `%1.%2` NOT NULL: fails where a row holds NULL (SELECT "
                                   "COUNT(*) FROM %3 WHERE %4 IS NULL)")
                        .arg(table, c->name, ident(table), ident(c->name)));
            if (ca && cb && (!ca->generated.isEmpty() || !cb->generated.isEmpty()))
                m_regenerated.insert(c->name);
        }
    }
}

// 2. MariaDB alters a generated column in place only in few cases: it is dropped and added.
void TablePlanner::regenerateGeneratedColumns()
{
    for (const QString &name : std::as_const(m_regenerated)) {
        const SchemaColumn *ca = byName(m_a.columns, name);
        if (ca && !ca->generated.isEmpty() && byName(m_b.columns, name)->generated.isEmpty())
            m_plan.notes.append(QStringLiteral("`%1.%2` stops being generated: it is dropped and "
                                               "added, so its values are not kept")
                                    .arg(m_b.name, name));
        m_dropped.insert(name);
        m_added.insert(name);
        m_changed.remove(name);
    }
}

// 3. An index or the primary key holding a dropped column loses it: dropped and added again.
void TablePlanner::rebuildIndexesOnDroppedColumns()
{
    for (const SchemaIndex &i : m_a.indexes) {
        const bool hit = std::any_of(i.columns.cbegin(), i.columns.cend(), [&](const QString &p) {
            return m_dropped.contains(partColumn(p));
        });
        if (hit && i.primary) {
            m_primaryKey = true;
        } else if (hit && byName(m_b.indexes, i.name)) {
            m_indexDrops.insert(i.name);
            m_indexAdds.insert(i.name);
        }
    }
}

// 4. From A's columns (renamed, without the dropped) to B's order: each B column in turn is
// added or moved to its place when it is not there already. A new generated column reading a
// column that does not exist yet waits for the end.
void TablePlanner::walkColumnOrder()
{
    QStringList current;
    for (const SchemaColumn &c : m_a.columns)
        if (!m_dropped.contains(c.name))
            current.append(m_renamedFrom.key(c.name, c.name));
    auto positionAt = [&](qsizetype k) {
        return k == 0 ? QStringLiteral(" FIRST")
                      : QStringLiteral(" AFTER ") + ident(current[k - 1]);
    };
    QStringList deferred;
    qsizetype placed = 0;
    for (const SchemaColumn &c : m_b.columns) {
        const qsizetype at = current.indexOf(c.name);
        if (m_added.contains(c.name) || at < 0) {
            const bool waits =
                !c.generated.isEmpty() &&
                std::any_of(m_b.columns.cbegin(), m_b.columns.cend(), [&](const SchemaColumn &o) {
                    return o.name != c.name && !current.contains(o.name) &&
                           mentions(c.defaultValue.value_or(QString()), o.name);
                });
            if (waits) {
                deferred.append(c.name);
                continue;
            }
            m_walk.push_back({c.name, true, positionAt(placed)});
            current.insert(placed++, c.name);
            continue;
        }
        if (at != placed) {
            m_walk.push_back({c.name, false, positionAt(placed)});
            m_moved.insert(c.name);
            current.move(at, placed);
        }
        ++placed;
    }
    for (const QString &name : std::as_const(deferred)) {
        qsizetype at = 0;
        for (const SchemaColumn &c : m_b.columns) {
            if (c.name == name)
                break;
            at = current.indexOf(c.name) + 1;
        }
        m_walk.push_back({name, true, positionAt(at)});
        current.insert(at, name);
    }
}

// 5. Checks. A column-level CHECK (MariaDB names it after its column) lives in the column's
// definition: DROP CONSTRAINT cannot remove it, its column's MODIFY does.
void TablePlanner::planChecks()
{
    for (const SchemaChange *c : m_changes) {
        if (c->objectKind != u"check")
            continue;
        if (c->change == ChangeKind::Removed || c->change == ChangeKind::Changed) {
            const SchemaCheck *check = byName(m_a.checks, c->name);
            if (!check || !isColumnCheck(*check, m_linesA))
                m_checkDrops.append(QStringLiteral("DROP CONSTRAINT ") + ident(c->name));
            else if (!m_dropped.contains(check->name) && byName(m_b.columns, check->name))
                m_forcedModify.insert(check->name);
        }
        if (c->change == ChangeKind::Added || c->change == ChangeKind::Changed) {
            const bool renamed = c->change == ChangeKind::Changed && c->attribute == u"name";
            const SchemaCheck *check = byName(m_b.checks, renamed ? c->after : c->name);
            if (check && !isColumnCheck(*check, m_linesB))
                m_checkAdds.append(addCheck(*check));
            else if (check && !m_added.contains(check->name))
                m_forcedModify.insert(check->name);
        }
    }
}

// 6. Indexes by name (RENAME INDEX where the server has it); the primary key whole.
void TablePlanner::planIndexes()
{
    for (const SchemaChange *c : m_changes) {
        if (c->objectKind == u"primary key")
            m_primaryKey = true;
        if (c->objectKind != u"index" && c->objectKind != u"unique constraint")
            continue;
        const bool renamed = c->change == ChangeKind::Changed && c->attribute == u"name";
        if (renamed && m_renameClauses) {
            m_indexRenames.append(
                QStringLiteral("RENAME INDEX %1 TO %2").arg(ident(c->before), ident(c->after)));
            continue;
        }
        if (c->change != ChangeKind::Added)
            m_indexDrops.insert(c->name);
        if (c->change != ChangeKind::Removed)
            m_indexAdds.insert(renamed ? c->after : c->name);
    }
}

// 7. A renamed column whose definition differs beyond its name (SchemaDiff pairs a rename by
// shape, which leaves the comment out) is a CHANGE COLUMN.
void TablePlanner::compareRenamedColumns()
{
    for (auto it = m_renamedFrom.cbegin(); it != m_renamedFrom.cend(); ++it) {
        const QString a = columnDefinition(*byName(m_a.columns, it.value()), m_linesA);
        if (a.mid(ident(it.value()).size()) != definition(it.key()).mid(ident(it.key()).size()))
            m_changed.insert(it.key());
    }
}

// 8. The clauses: drops, renames, the order walk, the other MODIFYs, then what is added.
void TablePlanner::writeClauses()
{
    QStringList &out = m_plan.clauses;
    out += m_checkDrops;
    for (const SchemaIndex &i : m_a.indexes)
        if (m_indexDrops.contains(i.name))
            out.append(QStringLiteral("DROP INDEX ") + ident(i.name));
    out += m_indexRenames;
    const bool hadKey = std::any_of(m_a.columns.cbegin(), m_a.columns.cend(),
                                    [](const SchemaColumn &c) { return c.primaryKeyPosition > 0; });
    if (m_primaryKey && hadKey)
        out.append(QStringLiteral("DROP PRIMARY KEY"));
    for (int pass = 0; pass < 2; ++pass) // generated columns first: they may read the others
        for (const SchemaColumn &c : m_a.columns)
            if (m_dropped.contains(c.name) && c.generated.isEmpty() == (pass == 1))
                out.append(QStringLiteral("DROP COLUMN ") + ident(c.name));
    for (auto it = m_renamedFrom.cbegin(); it != m_renamedFrom.cend(); ++it) {
        if (m_moved.contains(it.key()))
            continue; // a CHANGE COLUMN of the walk
        if (m_changed.contains(it.key()) || m_forcedModify.contains(it.key()) || !m_renameClauses)
            out.append(modifyClause(it.key()));
        else
            out.append(
                QStringLiteral("RENAME COLUMN %1 TO %2").arg(ident(it.value()), ident(it.key())));
    }
    for (const Step &s : m_walk)
        out.append(s.add ? QStringLiteral("ADD COLUMN ") + definition(s.name) + s.position
                         : modifyClause(s.name) + s.position);
    for (const SchemaColumn &c : m_b.columns)
        if (modified(c.name) && !m_moved.contains(c.name) && !m_renamedFrom.contains(c.name) &&
            !m_added.contains(c.name))
            out.append(modifyClause(c.name));
    // A column check kept as it is but lost by its column's MODIFY: added back.
    for (const SchemaCheck &check : m_a.checks) {
        const SchemaCheck *inB = byName(m_b.checks, check.name);
        if (modified(check.name) && isColumnCheck(check, m_linesA) && inB &&
            !isColumnCheck(*inB, m_linesB) && !m_checkAdds.contains(addCheck(*inB)))
            m_checkAdds.append(addCheck(*inB));
    }
    if (m_primaryKey)
        if (const QString pk = addPrimaryKeyClause(m_b); !pk.isEmpty())
            out.append(pk);
    for (const SchemaIndex &i : m_b.indexes)
        if (!i.primary && m_indexAdds.contains(i.name))
            out.append(addIndexClause(i));
    out += m_checkAdds;
}

// 9. Table options; partitioning is a statement of its own.
void TablePlanner::writeOptions()
{
    for (const SchemaChange *c : m_changes) {
        if (c->objectKind == u"foreign key")
            m_plan.keysChange = true;
        if (!c->name.isEmpty() || c->change != ChangeKind::Changed)
            continue;
        if (c->attribute == u"comment") {
            m_plan.clauses.append(QStringLiteral("COMMENT = ") + mysqlQuoteString(c->after));
        } else if (c->attribute == u"engine") {
            m_plan.clauses.append(QStringLiteral("ENGINE = ") + c->after);
        } else if (c->attribute == u"partition key" || c->attribute == u"partition bound" ||
                   c->attribute == u"kind") {
            const QString alter = QStringLiteral("ALTER TABLE %1 ").arg(ident(m_b.name));
            const qsizetype at = m_b.ddl.indexOf(QStringLiteral("PARTITION BY"));
            const QString sql = m_b.partitionKey.isEmpty()
                                    ? alter + QStringLiteral("REMOVE PARTITIONING")
                                : at >= 0 ? alter + m_b.ddl.mid(at)
                                          : QString();
            if (!sql.isEmpty() && !m_plan.extraStatements.contains(sql))
                m_plan.extraStatements.append(sql);
        }
    }
}

// 10. The A columns foreign keys must not hold while the table changes.
void TablePlanner::noteTouchedColumns()
{
    for (const QString &name : std::as_const(m_dropped))
        m_plan.touched.insert(name);
    for (const QString &name : std::as_const(m_renamedFrom))
        m_plan.touched.insert(name);
    for (const QString &name : m_moved + m_changed + m_forcedModify)
        m_plan.touched.insert(m_renamedFrom.value(name, name));
    for (const SchemaIndex &i : m_a.indexes)
        if (m_indexDrops.contains(i.name))
            for (const QString &part : i.columns)
                m_plan.touched.insert(partColumn(part));
    if (m_primaryKey)
        for (const SchemaColumn &c : m_a.columns)
            if (c.primaryKeyPosition > 0)
                m_plan.touched.insert(c.name);
}

} // namespace

void planTable(const Input &in, TablePlan &plan, const QString &object)
{
    const std::vector<const SchemaChange *> changes = in.changesOf(object);
    TablePlanner(in, plan, changes).run();
}

} // namespace retort::schema_migration::mysql
