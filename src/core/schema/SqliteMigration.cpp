// SQLite SQL for SchemaMigration.h. SQLite's ALTER TABLE can add, rename and drop columns and
// rename tables, nothing else; every other change to a table uses the rebuild procedure of
// https://www.sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema Changes"):
// create the new table under a temporary name from the target's own CREATE TABLE text, copy the
// rows of the columns both have, drop the old table, rename the new one, recreate its indexes and
// triggers, and run foreign_key_check. Views reading a rebuilt, renamed or dropped table, and
// triggers elsewhere naming it, are dropped first and recreated last: ALTER TABLE … RENAME checks
// that every view and trigger of the schema still resolves.
//
// The procedure assumes foreign keys are off on the connection (SQLite's default, and Retort's
// runner does not turn them on): with them on, DROP TABLE would run the ON DELETE actions of the
// tables that reference the rebuilt one.

#include "schema/SchemaMigrationDetail.h"

#include <QHash>
#include <QRegularExpression>

namespace retort::schema_migration {

namespace {

QString quoted(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    static const QStringList keywords{
        QStringLiteral("add"),        QStringLiteral("all"),     QStringLiteral("alter"),
        QStringLiteral("and"),        QStringLiteral("as"),      QStringLiteral("check"),
        QStringLiteral("collate"),    QStringLiteral("column"),  QStringLiteral("constraint"),
        QStringLiteral("create"),     QStringLiteral("default"), QStringLiteral("delete"),
        QStringLiteral("distinct"),   QStringLiteral("drop"),    QStringLiteral("else"),
        QStringLiteral("end"),        QStringLiteral("exists"),  QStringLiteral("foreign"),
        QStringLiteral("from"),       QStringLiteral("group"),   QStringLiteral("having"),
        QStringLiteral("in"),         QStringLiteral("index"),   QStringLiteral("insert"),
        QStringLiteral("into"),       QStringLiteral("is"),      QStringLiteral("join"),
        QStringLiteral("key"),        QStringLiteral("limit"),   QStringLiteral("not"),
        QStringLiteral("null"),       QStringLiteral("on"),      QStringLiteral("or"),
        QStringLiteral("order"),      QStringLiteral("primary"), QStringLiteral("references"),
        QStringLiteral("select"),     QStringLiteral("set"),     QStringLiteral("table"),
        QStringLiteral("then"),       QStringLiteral("to"),      QStringLiteral("transaction"),
        QStringLiteral("trigger"),    QStringLiteral("union"),   QStringLiteral("unique"),
        QStringLiteral("update"),     QStringLiteral("using"),   QStringLiteral("values"),
        QStringLiteral("view"),       QStringLiteral("when"),    QStringLiteral("where"),
        QStringLiteral("with"),       QStringLiteral("default"), QStringLiteral("generated"),
        QStringLiteral("references"), QStringLiteral("rowid"),   QStringLiteral("autoincrement"),
    };
    if (plain.match(name).hasMatch() && !keywords.contains(name.toLower()))
        return name;
    return u'"' + QString(name).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

// The top-level items of a CREATE TABLE's parenthesised body (column definitions and table
// constraints), each as written; empty when the text has no body (CREATE TABLE … AS SELECT).
QStringList tableItems(const QString &ddl)
{
    QStringList items;
    int depth = 0;
    qsizetype start = -1;
    const qsizetype n = ddl.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = ddl[i];
        if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            const QChar closing = c == u'[' ? QChar(u']') : c;
            for (++i; i < n; ++i)
                if (ddl[i] == closing) {
                    if (closing != u']' && i + 1 < n && ddl[i + 1] == closing) {
                        ++i;
                        continue;
                    }
                    break;
                }
            continue;
        }
        if (c == u'-' && i + 1 < n && ddl[i + 1] == u'-') {
            while (i < n && ddl[i] != u'\n')
                ++i;
            continue;
        }
        if (c == u'/' && i + 1 < n && ddl[i + 1] == u'*') {
            const qsizetype close = ddl.indexOf(QStringLiteral("*/"), i + 2);
            i = close < 0 ? n : close + 1;
            continue;
        }
        if (c == u'(') {
            if (depth++ == 0)
                start = i + 1;
        } else if (c == u')') {
            if (--depth == 0) {
                items.append(ddl.mid(start, i - start).trimmed());
                return items;
            }
        } else if (c == u',' && depth == 1) {
            items.append(ddl.mid(start, i - start).trimmed());
            start = i + 1;
        }
    }
    return {};
}

// The first identifier of a column definition, unquoted.
QString itemName(const QString &item)
{
    if (item.isEmpty())
        return {};
    const QChar q = item[0];
    if (q == u'"' || q == u'`' || q == u'[') {
        const QChar closing = q == u'[' ? QChar(u']') : q;
        const qsizetype close = item.indexOf(closing, 1);
        return item.mid(1, close < 0 ? -1 : close - 1);
    }
    qsizetype j = 0;
    while (j < item.size() && !item[j].isSpace() && item[j] != u'(')
        ++j;
    return item.left(j);
}

// B's CREATE TABLE text with the table's name replaced by `name`.
QString renamedCreate(const QString &ddl, const QString &name)
{
    static const QRegularExpression head(
        QStringLiteral("^\\s*CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?"
                       "((?:\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^\\]]*\\]|[^\\s(.\"`\\[]+)\\s*\\.\\s*)?"
                       "(\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^\\]]*\\]|[^\\s(\"`\\[]+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = head.match(ddl);
    if (!m.hasMatch())
        return {};
    return QStringLiteral("CREATE TABLE ") + quoted(name) + u' ' +
           ddl.mid(m.capturedEnd(3)).trimmed();
}

// What happens to one table the diff names.
struct TablePlan {
    const SchemaRelation *from = nullptr; // null: added
    const SchemaRelation *to = nullptr;   // null: removed
    bool renamed = false;                 // a confirmed rename from `from->name` to `to->name`
    bool unconfirmedRename = false;       // a possible rename the user did not confirm
    bool rebuild = false;
    QStringList addColumns;                 // ALTER TABLE … ADD COLUMN items (when not rebuilt)
    QHash<QString, QString> renamedColumns; // new name → old name (confirmed)
    QStringList renameColumns;              // confirmed column renames done by ALTER (not rebuilt)
    QStringList dropColumns;                // ALTER TABLE … DROP COLUMN (when not rebuilt)
    std::vector<const SchemaChange *> indexChanges, triggerChanges;
    QStringList notes; // REVIEW notes for the table's statements
    QString why;       // a rebuild: the first change that needs it
};

// An ADD COLUMN is allowed for `item` (https://www.sqlite.org/lang_altertable.html#altertabaddcol).
bool addable(const SchemaColumn &c, const QString &item)
{
    static const QRegularExpression forbidden(
        QStringLiteral("\\b(PRIMARY\\s+KEY|UNIQUE|CHECK|REFERENCES|STORED)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression timeDefault(
        QStringLiteral("^\\(*\\s*(CURRENT_TIME|CURRENT_DATE|CURRENT_TIMESTAMP)|^\\("),
        QRegularExpression::CaseInsensitiveOption);
    if (c.primaryKeyPosition != 0 || forbidden.match(item).hasMatch())
        return false;
    if (c.defaultValue && timeDefault.match(c.defaultValue->trimmed()).hasMatch())
        return false;
    if (!c.nullable && (!c.defaultValue || c.defaultValue->trimmed().compare(
                                               QStringLiteral("NULL"), Qt::CaseInsensitive) == 0))
        return false;
    return true;
}

// ALTER TABLE … DROP COLUMN can drop `column` of `r` (https://www.sqlite.org/lang_altertable.html
// #altertabdropcol): not in the primary key, a UNIQUE constraint, a foreign key, a check, a
// generated column's expression, nor an index that stays (one the diff drops goes first).
// Views and triggers naming it are dropped and recreated around the change anyway.
bool droppable(const SchemaRelation &r, const QString &column,
               const std::vector<const SchemaChange *> &indexChanges)
{
    for (const SchemaColumn &c : r.columns) {
        if (c.name == column && (c.primaryKeyPosition != 0 || !c.generated.isEmpty()))
            return false;
        if (!c.generated.isEmpty())
            return false; // its expression may read the column (the catalog does not say)
    }
    for (const SchemaIndex &i : r.indexes) {
        bool uses = i.columns.contains(column) || mentions(i.definition, column);
        if (!uses)
            continue;
        if (i.origin != u"c")
            return false; // a PRIMARY KEY or UNIQUE constraint
        bool dropped = false;
        for (const SchemaChange *c : indexChanges)
            dropped = dropped || (c->name == i.name && c->change != ChangeKind::Added);
        if (!dropped)
            return false;
    }
    for (const SchemaForeignKey &k : r.foreignKeys)
        if (k.columns.contains(column))
            return false;
    for (const SchemaCheck &c : r.checks)
        if (mentions(c.definition, column))
            return false;
    return true;
}

class SqliteWriter {
public:
    explicit SqliteWriter(const Input &in) : m_in(in) {}

    MigrationScript run()
    {
        planTables();
        dropDependents();
        for (const QString &object : m_order)
            dropIndexesAndTriggers(m_tables[object]);
        for (const QString &object : m_order)
            changeTable(m_tables[object]);
        for (const QString &object : m_order)
            createIndexesAndTriggers(m_tables[object]);
        recreateDependents();
        if (m_rebuilt)
            m_b.add(QStringLiteral("PRAGMA foreign_key_check"));
        return m_b.done();
    }

private:
    void planTables();
    void dropDependents();
    void recreateDependents();
    void dropIndexesAndTriggers(const TablePlan &t);
    void changeTable(const TablePlan &t);
    void rebuild(const TablePlan &t);
    void createIndexesAndTriggers(const TablePlan &t);
    void createAllIndexesAndTriggers(const SchemaRelation &r);

    const Input &m_in;
    ScriptBuilder m_b;
    QStringList m_order; // table objects in diff order
    QHash<QString, TablePlan> m_tables;
    QSet<QString> m_viewsChanged;   // view names (bare) added, removed or changed
    QSet<QString> m_tablesReplaced; // table names (bare, both sides) rebuilt, renamed, dropped
    std::vector<const SchemaRelation *> m_droppedViews;   // dropped first, A's dependency order
    std::vector<const SchemaTrigger *> m_droppedTriggers; // triggers elsewhere naming replaced ones
    QSet<QString> m_droppedTriggerNames;
    bool m_rebuilt = false;
};

void SqliteWriter::planTables()
{
    for (const QString &object : m_in.objects()) {
        const std::vector<const SchemaChange *> changes = m_in.changesOf(object);
        {
            // A view: dropped and created again as a whole (with its INSTEAD OF triggers).
            const SchemaRelation *ra = m_in.fromRelation(object);
            const SchemaRelation *rb = m_in.toRelation(object);
            const bool viewA = ra && (ra->kind == RelationKind::View);
            const bool viewB = rb && (rb->kind == RelationKind::View);
            if (viewA || viewB) {
                if (ra)
                    m_viewsChanged.insert(ra->name);
                if (rb)
                    m_viewsChanged.insert(rb->name);
                if ((ra && !viewA) || (rb && !viewB)) { // a table that becomes a view or back
                    TablePlan t;
                    t.from = viewA ? nullptr : ra;
                    t.to = viewB ? nullptr : rb;
                    m_order.append(object);
                    if (t.from)
                        m_tablesReplaced.insert(ra->name);
                    m_tables.insert(object, t);
                }
                continue;
            }
        }
        TablePlan t;
        t.to = m_in.toRelation(object);
        t.from = m_in.fromRelation(object);
        for (const SchemaChange *c : changes) {
            if (c->name.isEmpty() && c->change == ChangeKind::PossibleRename) {
                for (const SchemaRelation &r : m_in.from.relations)
                    if (r.name == c->before)
                        t.from = &r;
                if (m_in.confirmed(*c)) {
                    t.renamed = true;
                } else {
                    t.unconfirmedRename = true;
                    t.notes.append(
                        QStringLiteral("%1 → %2 may be a rename (same columns): this drops %1 "
                                       "with its rows and creates %2 empty. If it is a rename, "
                                       "write instead: ALTER TABLE %3 RENAME TO %4;")
                            .arg(c->before, c->after, quoted(c->before), quoted(c->after)));
                }
            }
        }
        if (t.from && t.to && t.from != t.to && !t.renamed && !t.unconfirmedRename)
            t.renamed = t.from->name != t.to->name;
        if (!t.from || !t.to || t.unconfirmedRename) {
            m_order.append(object);
            if (t.from)
                m_tablesReplaced.insert(t.from->name);
            m_tables.insert(object, t);
            continue;
        }
        // A table both sides have: what must change.
        bool onlyAddedAtEnd = true;
        QStringList added;
        for (const SchemaChange *c : changes) {
            if (c->objectKind == u"index")
                t.indexChanges.push_back(c);
            else if (c->objectKind == u"trigger")
                t.triggerChanges.push_back(c);
        }
        for (const SchemaChange *c : changes) {
            if (c->objectKind == u"index" || c->objectKind == u"trigger")
                continue;
            if (c->name.isEmpty() && c->change == ChangeKind::PossibleRename)
                continue; // the table's own rename, handled above
            if (c->objectKind == u"column" && c->change == ChangeKind::PossibleRename) {
                if (m_in.confirmed(*c)) {
                    t.renamedColumns.insert(c->after, c->before);
                    t.renameColumns.append(c->before + u'\x1f' + c->after);
                } else {
                    t.notes.append(
                        QStringLiteral("%1.%2 → %1.%3 may be a rename (same shape): the rebuild "
                                       "drops %2's values and leaves %3 at its default. If it is "
                                       "a rename, write instead: ALTER TABLE %4 RENAME COLUMN %5 "
                                       "TO %6;")
                            .arg(t.to->name, c->before, c->after, quoted(t.to->name),
                                 quoted(c->before), quoted(c->after)));
                    t.rebuild = true;
                }
                continue;
            }
            if (c->objectKind == u"column" && c->change == ChangeKind::Added) {
                added.append(c->name);
                continue;
            }
            if (c->objectKind == u"column" && c->change == ChangeKind::Removed &&
                droppable(*t.from, c->name, t.indexChanges)) {
                t.dropColumns.append(c->name);
                continue;
            }
            if (t.why.isEmpty())
                t.why = c->summary;
            if (c->objectKind == u"column" && c->attribute == u"nullable" && c->after == u"no")
                t.notes.append(QStringLiteral("%1.%2 becomes NOT NULL: the copy fails if a row "
                                              "holds NULL there; fill those rows first")
                                   .arg(t.to->name, c->name));
            if (c->objectKind == u"check" && c->change != ChangeKind::Removed)
                t.notes.append(QStringLiteral("a check is added to %1: the copy fails if a row "
                                              "breaks it")
                                   .arg(t.to->name));
            t.rebuild = true;
            onlyAddedAtEnd = false;
        }
        if (!t.rebuild && !added.isEmpty()) {
            // ADD COLUMN appends: the added columns must be B's last ones, each addable.
            const QStringList items = tableItems(t.to->ddl);
            const qsizetype n = qsizetype(t.to->columns.size());
            for (qsizetype i = 0; i < added.size() && onlyAddedAtEnd; ++i) {
                const SchemaColumn &c = t.to->columns[size_t(n - added.size() + i)];
                QString item;
                for (const QString &it : items)
                    if (itemName(it).compare(c.name, Qt::CaseInsensitive) == 0)
                        item = it;
                if (c.name != added[i] || item.isEmpty() || !addable(c, item))
                    onlyAddedAtEnd = false;
                else
                    t.addColumns.append(item);
            }
            if (!onlyAddedAtEnd) {
                t.addColumns.clear();
                t.rebuild = true;
            }
        }
        if (!t.rebuild) {
            // ALTER keeps A's order, renames in place and appends: B's order or a rebuild.
            QStringList order;
            for (const SchemaColumn &c : t.from->columns) {
                const QString renamedTo = t.renamedColumns.key(c.name);
                bool dropped = true;
                for (const SchemaColumn &cb : t.to->columns)
                    dropped = dropped && cb.name != (renamedTo.isEmpty() ? c.name : renamedTo);
                if (!dropped)
                    order.append(renamedTo.isEmpty() ? c.name : renamedTo);
            }
            order += added;
            QStringList wanted;
            for (const SchemaColumn &c : t.to->columns)
                wanted.append(c.name);
            if (order != wanted) {
                t.rebuild = true;
                t.addColumns.clear();
            }
        }
        if (t.rebuild) {
            t.dropColumns.clear();
            t.renameColumns.clear();
            m_tablesReplaced.insert(t.from->name);
            m_tablesReplaced.insert(t.to->name);
        } else if (t.renamed) {
            m_tablesReplaced.insert(t.from->name);
            m_tablesReplaced.insert(t.to->name);
        }
        if (!t.renameColumns.isEmpty() || !t.dropColumns.isEmpty())
            m_tablesReplaced.insert(t.from->name); // views and triggers may name the column
        m_order.append(object);
        m_tables.insert(object, t);
    }
}

void SqliteWriter::dropDependents()
{
    QSet<QString> names = m_tablesReplaced;
    names.unite(m_viewsChanged);
    m_droppedViews = viewsReading(m_in.from, names);
    // Triggers whose text names a replaced table or a dropped view (their own table's too: it may
    // be rebuilt after another is renamed): dropped first, recreated last.
    QSet<QString> dropped = m_tablesReplaced;
    for (const SchemaRelation *v : m_droppedViews)
        dropped.insert(v->name);
    for (const SchemaRelation &r : m_in.from.relations) {
        for (const SchemaTrigger &tr : r.triggers)
            for (const QString &name : std::as_const(dropped))
                if (name != r.name && mentions(tr.definition, name) &&
                    !m_droppedTriggerNames.contains(tr.name)) {
                    m_droppedTriggers.push_back(&tr);
                    m_droppedTriggerNames.insert(tr.name);
                }
    }
    for (const SchemaTrigger *tr : m_droppedTriggers)
        m_b.add(QStringLiteral("DROP TRIGGER IF EXISTS ") + quoted(tr->name));
    for (auto it = m_droppedViews.rbegin(); it != m_droppedViews.rend(); ++it)
        m_b.add(QStringLiteral("DROP VIEW IF EXISTS ") + quoted((*it)->name));
}

void SqliteWriter::recreateDependents()
{
    QSet<QString> recreate;
    for (const SchemaRelation *v : m_droppedViews)
        recreate.insert(v->name);
    for (const QString &v : std::as_const(m_viewsChanged))
        recreate.insert(v);
    for (const SchemaRelation *v : viewsInDependencyOrder(m_in.to))
        if (recreate.contains(v->name)) {
            m_b.add(v->ddl);
            for (const SchemaTrigger &tr : v->triggers)
                if (!m_droppedTriggerNames.contains(tr.name))
                    m_b.add(tr.definition);
        }
    for (const SchemaRelation &r : m_in.to.relations)
        for (const SchemaTrigger &tr : r.triggers)
            if (m_droppedTriggerNames.contains(tr.name))
                m_b.add(tr.definition);
}

const SchemaIndex *findIndex(const SchemaRelation *r, const QString &name)
{
    if (r)
        for (const SchemaIndex &i : r->indexes)
            if (i.name == name)
                return &i;
    return nullptr;
}

const SchemaTrigger *findTrigger(const SchemaRelation *r, const QString &name)
{
    if (r)
        for (const SchemaTrigger &t : r->triggers)
            if (t.name == name)
                return &t;
    return nullptr;
}

void SqliteWriter::dropIndexesAndTriggers(const TablePlan &t)
{
    if (!t.from || !t.to || t.rebuild || t.unconfirmedRename)
        return; // they go with the table
    for (const SchemaChange *c : t.triggerChanges)
        if (c->change != ChangeKind::Added && !m_droppedTriggerNames.contains(c->name))
            m_b.add(QStringLiteral("DROP TRIGGER IF EXISTS ") + quoted(c->name));
    for (const SchemaChange *c : t.indexChanges)
        if (c->change != ChangeKind::Added)
            m_b.add(QStringLiteral("DROP INDEX IF EXISTS ") + quoted(c->name));
}

void SqliteWriter::changeTable(const TablePlan &t)
{
    for (const QString &n : t.notes)
        m_b.review(n);
    if (!t.to) {
        m_b.review(QStringLiteral("drops table %1 with its rows").arg(t.from->name));
        m_b.add(QStringLiteral("DROP TABLE ") + quoted(t.from->name));
        return;
    }
    if (!t.from || t.unconfirmedRename) {
        if (t.from)
            m_b.add(QStringLiteral("DROP TABLE ") + quoted(t.from->name));
        m_b.add(t.to->ddl);
        return;
    }
    if (t.rebuild) {
        rebuild(t);
        return;
    }
    if (t.renamed)
        m_b.add(QStringLiteral("ALTER TABLE %1 RENAME TO %2")
                    .arg(quoted(t.from->name), quoted(t.to->name)));
    for (const QString &pair : t.renameColumns) {
        const QStringList names = pair.split(u'\x1f');
        m_b.add(QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3")
                    .arg(quoted(t.to->name), quoted(names[0]), quoted(names[1])));
    }
    for (const QString &column : t.dropColumns) {
        m_b.review(QStringLiteral("drops column %1.%2 with its values").arg(t.to->name, column));
        m_b.add(QStringLiteral("ALTER TABLE %1 DROP COLUMN %2")
                    .arg(quoted(t.to->name), quoted(column)));
    }
    for (const QString &item : t.addColumns)
        m_b.add(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2").arg(quoted(t.to->name), item));
}

void SqliteWriter::rebuild(const TablePlan &t)
{
    m_rebuilt = true;
    const QString temp = QStringLiteral("_retort_new_") + t.to->name;
    const QString create = renamedCreate(t.to->ddl, temp);
    if (create.isEmpty()) {
        m_b.noteOnly(QStringLiteral("cannot rebuild %1: its CREATE TABLE text is not one this "
                                    "procedure can rename; write the change by hand")
                         .arg(t.to->name));
        return;
    }
    // The rows of the columns both have (renamed ones under their old name); generated columns
    // compute themselves.
    QHash<QString, const SchemaColumn *> old;
    for (const SchemaColumn &c : t.from->columns)
        if (c.generated.isEmpty())
            old.insert(c.name.toLower(), &c);
    QStringList into, select;
    QStringList missing;
    for (const SchemaColumn &c : t.to->columns) {
        if (!c.generated.isEmpty())
            continue;
        const QString source = t.renamedColumns.value(c.name, c.name);
        if (old.contains(source.toLower())) {
            into.append(quoted(c.name));
            select.append(quoted(source));
        } else if (!c.nullable && !c.defaultValue) {
            missing.append(c.name);
        }
    }
    m_b.review(
        QStringLiteral("rebuilds table %1, as SQLite's ALTER TABLE cannot make this change%2: "
                       "its rows are copied into a new table")
            .arg(t.to->name, t.why.isEmpty() ? QString() : QStringLiteral(" (") + t.why + u')'));
    for (const QString &m : missing)
        m_b.review(QStringLiteral("%1.%2 is NOT NULL without a default: the copy fails if %3 has "
                                  "rows; give it a value in the SELECT below")
                       .arg(t.to->name, m, t.from->name));
    m_b.add(create);
    if (!into.isEmpty())
        m_b.add(QStringLiteral("INSERT INTO %1 (%2) SELECT %3 FROM %4")
                    .arg(quoted(temp), into.join(QStringLiteral(", ")),
                         select.join(QStringLiteral(", ")), quoted(t.from->name)));
    m_b.add(QStringLiteral("DROP TABLE ") + quoted(t.from->name));
    m_b.add(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(quoted(temp), quoted(t.to->name)));
}

void SqliteWriter::createAllIndexesAndTriggers(const SchemaRelation &r)
{
    for (const SchemaIndex &i : r.indexes)
        if (!i.definition.isEmpty())
            m_b.add(i.definition);
    for (const SchemaTrigger &tr : r.triggers)
        if (!m_droppedTriggerNames.contains(tr.name))
            m_b.add(tr.definition);
}

void SqliteWriter::createIndexesAndTriggers(const TablePlan &t)
{
    if (!t.to)
        return;
    if (!t.from || t.rebuild || t.unconfirmedRename) {
        // A new or rebuilt table: everything of B's; triggers named elsewhere come with the views.
        createAllIndexesAndTriggers(*t.to);
        return;
    }
    for (const SchemaChange *c : t.indexChanges) {
        if (c->change == ChangeKind::Removed)
            continue;
        // Changed: `name` is A's; B's index is the one with B's name (a rename) or the same.
        const QString name = c->attribute == u"name" ? c->after : c->name;
        if (const SchemaIndex *i = findIndex(t.to, name); i && !i->definition.isEmpty())
            m_b.add(i->definition);
    }
    for (const SchemaChange *c : t.triggerChanges) {
        if (c->change == ChangeKind::Removed)
            continue;
        const QString name = c->attribute == u"name" ? c->after : c->name;
        if (m_droppedTriggerNames.contains(name))
            continue; // recreated last
        if (const SchemaTrigger *tr = findTrigger(t.to, name))
            m_b.add(tr->definition);
    }
}

} // namespace

MigrationScript sqliteMigrationScript(const Input &in)
{
    return SqliteWriter(in).run();
}

} // namespace retort::schema_migration
