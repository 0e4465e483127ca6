// The PostgreSQL inspector's second phase (PostgresCatalog.h): the server's own texts for
// defaults, partitioning, indexes, constraints and views — functions that open the relation
// (ACCESS SHARE), so relations another session holds or awaits ACCESS EXCLUSIVE on are left
// out — and the assembly of the snapshot.
#include "schema/PostgresCatalog.h"

#include "schema/PostgresDdl.h"

#include <QSet>

#include <algorithm>

namespace retort::detail {

Status pgReadDefaults(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral("SELECT d.adrelid, d.adnum, pg_catalog.pg_get_expr(d.adbin, d.adrelid, "
                       "true) FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_class c ON c.oid = "
                       "d.adrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
                       "c.relkind IN ('r', 'p', 'v', 'm') AND %1 AND %2")
            .arg(pgUserSchema(QStringLiteral("n")), s.notLocked(QStringLiteral("c.oid")));
    return r.select("defaults", sql, [&](const QSqlQuery &q) {
        const auto rel = s.rels.constFind(q.value(0).toUInt());
        if (rel == s.rels.constEnd())
            return;
        const auto at = rel->columnAt.constFind(q.value(1).toInt());
        if (at != rel->columnAt.constEnd())
            s.snapshot.relations[rel->index].columns[*at].defaultValue = q.value(2).toString();
    });
}

Status pgReadPartitioning(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral("SELECT c.oid, CASE WHEN c.relkind = 'p' THEN "
                       "pg_catalog.pg_get_partkeydef(c.oid) END, CASE WHEN c.relispartition THEN "
                       "pg_catalog.pg_get_expr(c.relpartbound, c.oid, true) END FROM "
                       "pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
                       "c.relnamespace WHERE (c.relkind = 'p' OR c.relispartition) AND %1 AND %2")
            .arg(pgUserSchema(QStringLiteral("n")), s.notLocked(QStringLiteral("c.oid")));
    return r.select("partitioning", sql, [&](const QSqlQuery &q) {
        if (SchemaRelation *rel = s.relation(q.value(0).toUInt())) {
            rel->partitionKey = q.value(1).toString();
            rel->partitionBound = q.value(2).toString();
        }
    });
}

Status pgReadIndexDefinitions(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT i.indexrelid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), (SELECT "
            "pg_catalog.string_agg(CASE WHEN i.indkey[k - 1] = 0 THEN "
            "pg_catalog.pg_get_indexdef(i.indexrelid, k, true) ELSE '' END, chr(31) ORDER BY k) "
            "FROM pg_catalog.generate_series(1, i.indnkeyatts) k) FROM pg_catalog.pg_index i "
            "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON "
            "n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm') AND %1 AND %2 AND %3")
            .arg(pgUserSchema(QStringLiteral("n")), s.notLocked(QStringLiteral("i.indrelid")),
                 s.notLocked(QStringLiteral("i.indexrelid")));
    return r.select("index definitions", sql, [&](const QSqlQuery &q) {
        const auto at = s.indexAt.constFind(q.value(0).toUInt());
        if (at == s.indexAt.constEnd())
            return;
        SchemaRelation *rel = s.relation(at->first);
        if (!rel)
            return;
        SchemaIndex &ix = rel->indexes[at->second];
        ix.definition = q.value(1).toString();
        const QStringList expressions = pgSplit(q.value(2));
        for (qsizetype k = 0; k < ix.columns.size() && k < expressions.size(); ++k)
            if (ix.columns[k].isEmpty())
                ix.columns[k] = expressions[k];
    });
}

Status pgReadConstraintDefinitions(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral("SELECT con.oid, pg_catalog.pg_get_constraintdef(con.oid, true) FROM "
                       "pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = "
                       "con.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') AND c.relkind IN ('r', "
                       "'p') AND %1 AND %2")
            .arg(pgUserSchema(QStringLiteral("n")), s.notLocked(QStringLiteral("c.oid")));
    return r.select("constraint definitions", sql, [&](const QSqlQuery &q) {
        s.constraintText.insert(q.value(0).toUInt(), q.value(1).toString());
    });
}

// pg_get_viewdef() also locks every relation the view reads: a view is left out when it or one of
// those is locked.
Status pgReadViewDefinitions(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT c.oid, pg_catalog.pg_get_viewdef(c.oid, true) FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', "
            "'m') AND %1 AND %2 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite w JOIN "
            "pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
            "AND d.objid = w.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
            "WHERE w.ev_class = c.oid AND NOT (%3))")
            .arg(pgUserSchema(QStringLiteral("n")), s.notLocked(QStringLiteral("c.oid")),
                 s.notLocked(QStringLiteral("d.refobjid")));
    QHash<quint32, QString> definitions;
    Status st = r.select("view definitions", sql, [&](const QSqlQuery &q) {
        definitions.insert(q.value(0).toUInt(), q.value(1).toString());
    });
    if (!st)
        return st;
    for (auto it = s.rels.constBegin(); it != s.rels.constEnd(); ++it) {
        SchemaRelation &rel = s.snapshot.relations[it->index];
        if (rel.kind != RelationKind::View && rel.kind != RelationKind::MaterializedView)
            continue;
        const auto def = definitions.constFind(it.key());
        if (def != definitions.constEnd())
            rel.definition = *def;
        else
            s.viewWhy.insert(it.key(), QStringLiteral("its definition was not read: it, or a "
                                                      "relation it reads, was locked by another "
                                                      "session (an exclusive lock: a migration?)"));
    }
    return {};
}

namespace {

SchemaForeignKey foreignKeyOf(PgState &s, const PgConstraint &c, const QString &text)
{
    SchemaForeignKey key;
    key.name = c.name;
    key.definition = text;
    key.validated = c.validated;
    key.deferrable = c.deferrable;
    key.initiallyDeferred = c.deferred;
    key.columns = c.columns;
    key.refColumns = c.refColumns;
    key.onUpdate = c.onUpdate;
    key.onDelete = c.onDelete;
    if (const SchemaRelation *ref = s.relation(c.target)) {
        key.refSchema = ref->schema;
        key.refTable = ref->name;
    }
    return key;
}

void assembleConstraints(PgState &s, QHash<quint32, QList<PgConstraintText>> &own)
{
    for (const PgConstraint &c : s.constraints) {
        SchemaRelation *rel = s.relation(c.relation);
        if (!rel)
            continue;
        const QString text = s.constraintText.value(c.oid);
        // psql's pretty form leaves NOT VALID out; a statement that creates it must say it.
        if (c.local && !c.cloned && !text.isEmpty())
            own[c.relation].append(
                {c.name, c.validated || text.endsWith(QStringLiteral(" NOT VALID"))
                             ? text
                             : text + QStringLiteral(" NOT VALID")});
        if (c.type == u'p') {
            // The key's columns in key order (conkey): what SchemaDiff compares as the key.
            for (qsizetype i = 0; i < c.columns.size(); ++i)
                for (SchemaColumn &col : rel->columns)
                    if (col.name == c.columns[i])
                        col.primaryKeyPosition = int(i) + 1;
        } else if (c.type == u'c') {
            rel->checks.push_back({c.name, text, c.validated});
        } else if (c.type == u'f' && !c.cloned) {
            const SchemaForeignKey key = foreignKeyOf(s, c, text);
            rel->foreignKeys.push_back(key);
            if (SchemaRelation *ref = s.relation(c.target))
                ref->referencedBy.push_back({rel->schema, rel->name, key});
        }
    }
}

// Each partitioned table's partitions ("schema.name"), the DEFAULT one last, else by name.
void assemblePartitions(PgState &s)
{
    QSet<QString> defaults;
    for (auto it = s.rels.constBegin(); it != s.rels.constEnd(); ++it) {
        const SchemaRelation &child = s.snapshot.relations[it->index];
        if (SchemaRelation *p = s.relation(it->parent)) {
            p->partitions.append(child.schema + u'.' + child.name);
            if (child.partitionBound == u"DEFAULT")
                defaults.insert(p->partitions.back());
        }
    }
    for (SchemaRelation &rel : s.snapshot.relations)
        std::stable_sort(rel.partitions.begin(), rel.partitions.end(),
                         [&](const QString &a, const QString &b) {
                             const bool da = defaults.contains(a), db = defaults.contains(b);
                             return da != db ? db : a < b;
                         });
}

} // namespace

void pgAssemble(PgState &s)
{
    QHash<quint32, QList<PgConstraintText>> own;
    assembleConstraints(s, own);
    assemblePartitions(s);
    for (auto it = s.rels.constBegin(); it != s.rels.constEnd(); ++it) {
        SchemaRelation &rel = s.snapshot.relations[it->index];
        if (it->locked)
            rel.incomplete =
                QStringLiteral("another session (a migration?) held an exclusive lock on it: "
                               "defaults, index, constraint and partition texts were not read");
        if (rel.kind == RelationKind::View || rel.kind == RelationKind::MaterializedView) {
            if (s.viewWhy.contains(it.key()) && rel.incomplete.isEmpty())
                rel.incomplete = s.viewWhy.value(it.key());
            rel.ddl = pgViewDdl(rel, s.viewWhy.value(it.key()));
            continue;
        }
        PgTableParts parts;
        parts.constraints = own.value(it.key());
        if (const SchemaRelation *p = s.relation(it->parent)) {
            parts.parentQualified = pgQualified(p->schema, p->name);
            rel.partitionOf = p->schema + u'.' + p->name;
        }
        parts.inheritedIndexes = s.inheritedIndexes.value(it.key());
        parts.inheritedTriggers = s.inheritedTriggers.value(it.key());
        parts.storageSet = it->storageSet;
        rel.ddl = pgTableDdl(rel, parts);
        if (!rel.incomplete.isEmpty())
            rel.ddl.prepend(QStringLiteral("-- incomplete: %1\n").arg(rel.incomplete));
    }
}

} // namespace retort::detail
