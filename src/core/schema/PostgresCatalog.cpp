// The PostgreSQL inspector's first phase (PostgresCatalog.h): catalog rows only — names, types,
// flags, numbers — one query per kind of object, none of which opens a user relation.
#include "schema/PostgresCatalog.h"

#include "schema/PostgresDdl.h"

namespace retort::detail {

namespace {

QString actionName(const QString &code)
{
    switch (code.isEmpty() ? 'a' : code[0].toLatin1()) {
    case 'r':
        return QStringLiteral("RESTRICT");
    case 'c':
        return QStringLiteral("CASCADE");
    case 'n':
        return QStringLiteral("SET NULL");
    case 'd':
        return QStringLiteral("SET DEFAULT");
    default:
        return QStringLiteral("NO ACTION");
    }
}

QString storageName(const QString &code)
{
    switch (code.isEmpty() ? ' ' : code[0].toLatin1()) {
    case 'p':
        return QStringLiteral("plain");
    case 'm':
        return QStringLiteral("main");
    case 'e':
        return QStringLiteral("external");
    case 'x':
        return QStringLiteral("extended");
    default:
        return {};
    }
}

QStringList columnNames(const PgState &s, quint32 oid, const QStringList &numbers)
{
    QStringList out;
    const auto rel = s.rels.constFind(oid);
    for (const QString &n : numbers) {
        if (rel == s.rels.constEnd()) {
            out.append(n);
            continue;
        }
        const auto at = rel->columnAt.constFind(n.toInt());
        out.append(at == rel->columnAt.constEnd()
                       ? n
                       : s.snapshot.relations[rel->index].columns[*at].name);
    }
    return out;
}

} // namespace

QString pgUserSchema(const QString &ns)
{
    return QStringLiteral("%1.nspname NOT IN ('pg_catalog', 'information_schema') AND %1.nspname "
                          "!~ '^pg_(toast|temp_|toast_temp_)'")
        .arg(ns);
}

QString pgNotFromExtension(const QString &catalog, const QString &oid)
{
    return QStringLiteral("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = "
                          "'pg_catalog.%1'::pg_catalog.regclass AND e.objid = %2 AND e.deptype = "
                          "'e')")
        .arg(catalog, oid);
}

QStringList pgSplit(const QVariant &value)
{
    const QString text = value.toString();
    return text.isEmpty() ? QStringList() : text.split(QChar(0x1f));
}

QString PgState::notLocked(const QString &oid) const
{
    QStringList oids;
    for (quint32 o : locked)
        oids.append(QString::number(o));
    return QStringLiteral("%1 <> ALL ('{%2}'::pg_catalog.oid[])").arg(oid, oids.join(u','));
}

Error PgReader::failure(const char *what, const QSqlError &error) const
{
    const QString code = error.nativeErrorCode();
    if (cancel && cancel->isCancelled())
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled, code);
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.text();
    QString message =
        QStringLiteral("reading the schema (%1) failed: %2").arg(QLatin1String(what), text);
    if (code == u"55P03")
        message += QStringLiteral(" (another session, a migration perhaps, took an exclusive lock "
                                  "while the inspector read)");
    return Error(message).as(ErrorKind::ServerError, code);
}

// The server, its block size, the user schemas, and the relations another session holds or
// awaits an ACCESS EXCLUSIVE lock on (phase two leaves those alone).
Status pgReadServer(const PgReader &r, PgState &s)
{
    return r.select(
        "server",
        QStringLiteral(
            "SELECT pg_catalog.current_setting('server_version'), "
            "pg_catalog.current_setting('block_size')::int8, (SELECT "
            "pg_catalog.string_agg(n.nspname, chr(31) ORDER BY n.nspname COLLATE \"C\") FROM "
            "pg_catalog.pg_namespace n WHERE %1 AND %2), (SELECT "
            "pg_catalog.string_agg(DISTINCT l.relation::text, chr(31)) FROM pg_catalog.pg_locks "
            "l WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.pid <> "
            "pg_catalog.pg_backend_pid() AND l.database = (SELECT d.oid FROM "
            "pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()))")
            .arg(pgUserSchema(QStringLiteral("n")),
                 pgNotFromExtension(QStringLiteral("pg_namespace"), QStringLiteral("n.oid"))),
        [&](const QSqlQuery &q) {
            s.snapshot.serverVersion = q.value(0).toString();
            s.blockSize = q.value(1).toLongLong();
            s.snapshot.schemas = pgSplit(q.value(2));
            s.locked.clear();
            for (const QString &oid : pgSplit(q.value(3)))
                s.locked.append(oid.toUInt());
        });
}

// Tables, partitioned tables, views, materialized views; sizes from relpages (no lock).
Status pgReadRelations(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "WITH ip AS (SELECT i.indrelid, sum(ic.relpages)::int8 AS pages FROM "
            "pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid GROUP BY "
            "i.indrelid) SELECT c.oid, n.nspname, c.relname, c.relkind, "
            "pg_catalog.pg_get_userbyid(c.relowner), ds.description, CASE WHEN c.reltuples < 0 "
            "OR c.relkind IN ('v', 'p') THEN NULL ELSE c.reltuples::int8 END, CASE WHEN "
            "c.relkind = 'v' THEN NULL ELSE (c.relpages::int8 + COALESCE(t.relpages, 0) + "
            "COALESCE(ip.pages, 0) + COALESCE(tip.pages, 0)) * %3 END, inh.inhparent, NOT (%4) "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
            "c.relnamespace LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid LEFT JOIN "
            "ip ON ip.indrelid = c.oid LEFT JOIN ip tip ON tip.indrelid = c.reltoastrelid LEFT "
            "JOIN pg_catalog.pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid LEFT "
            "JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid AND ds.classoid = "
            "'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0 WHERE c.relkind IN "
            "('r', 'p', 'v', 'm') AND %1 AND %2 ORDER BY n.nspname COLLATE \"C\", c.relname "
            "COLLATE \"C\"")
            .arg(pgUserSchema(QStringLiteral("n")),
                 pgNotFromExtension(QStringLiteral("pg_class"), QStringLiteral("c.oid")))
            .arg(s.blockSize)
            .arg(s.notLocked(QStringLiteral("c.oid")));
    return r.select("relations", sql, [&](const QSqlQuery &q) {
        SchemaRelation rel;
        const quint32 oid = q.value(0).toUInt();
        rel.schema = q.value(1).toString();
        rel.name = q.value(2).toString();
        const QString kind = q.value(3).toString();
        rel.kind = kind == u"p"   ? RelationKind::PartitionedTable
                   : kind == u"v" ? RelationKind::View
                   : kind == u"m" ? RelationKind::MaterializedView
                                  : RelationKind::Table;
        rel.owner = q.value(4).toString();
        rel.comment = q.value(5).toString();
        if (!q.value(6).isNull())
            rel.rowsEstimate = q.value(6).toLongLong();
        if (!q.value(7).isNull())
            rel.sizeBytes = q.value(7).toLongLong();
        PgRelationInfo info;
        info.index = s.snapshot.relations.size();
        info.parent = q.value(8).toUInt();
        info.locked = q.value(9).toBool();
        s.rels.insert(oid, info);
        s.snapshot.relations.push_back(std::move(rel));
    });
}

// Columns: name, format_type(), NOT NULL, collation (when not the type's), identity, generated,
// comment, storage. Defaults come in phase two.
Status pgReadColumns(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, "
            "a.atttypmod), a.attnotnull, co.collname, a.attidentity, a.attgenerated, "
            "ds.description, a.attstorage, a.attstorage <> t.typstorage FROM "
            "pg_catalog.pg_attribute a JOIN "
            "pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid "
            "= c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid LEFT JOIN "
            "pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> "
            "t.typcollation LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid AND "
            "ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = "
            "a.attnum WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', "
            "'m') AND %1 ORDER BY a.attrelid, a.attnum")
            .arg(pgUserSchema(QStringLiteral("n")));
    return r.select("columns", sql, [&](const QSqlQuery &q) {
        const quint32 oid = q.value(0).toUInt();
        SchemaRelation *rel = s.relation(oid);
        if (!rel)
            return;
        SchemaColumn c;
        c.name = q.value(2).toString();
        c.type = q.value(3).toString();
        c.nullable = !q.value(4).toBool();
        c.collation = q.value(5).toString();
        const QString identity = q.value(6).toString();
        c.identity = identity == u"a"   ? QStringLiteral("always")
                     : identity == u"d" ? QStringLiteral("by default")
                                        : QString();
        c.generated = q.value(7).toString() == u"s" ? QStringLiteral("stored") : QString();
        c.comment = q.value(8).toString();
        c.storage = storageName(q.value(9).toString());
        PgRelationInfo &info = s.rels[oid];
        if (q.value(10).toBool() && rel->kind != RelationKind::View)
            info.storageSet.append(c.name);
        info.columnAt.insert(q.value(1).toInt(), rel->columns.size());
        rel->columns.push_back(std::move(c));
    });
}

// Indexes, in psql's order (the primary key first, then by name): flags, method, the constraint
// each enforces, size; key columns by name ("" for an expression, filled in phase two).
Status pgReadIndexes(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT i.indrelid, i.indexrelid, ic.relname, i.indisunique, i.indisprimary, "
            "i.indisvalid, am.amname, con.contype, i.indpred IS NOT NULL, ic.relpages::int8 * "
            "%2, i.indkey::text, i.indnkeyatts, EXISTS (SELECT 1 FROM pg_catalog.pg_inherits x "
            "WHERE x.inhrelid = i.indexrelid) FROM pg_catalog.pg_index i JOIN "
            "pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_class c ON "
            "c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN "
            "pg_catalog.pg_am am ON am.oid = ic.relam LEFT JOIN pg_catalog.pg_constraint con ON "
            "con.conrelid = i.indrelid AND con.conindid = i.indexrelid AND con.contype IN ('p', "
            "'u', 'x') WHERE c.relkind IN ('r', 'p', 'm') AND %1 ORDER BY i.indrelid, "
            "i.indisprimary DESC, ic.relname COLLATE \"C\"")
            .arg(pgUserSchema(QStringLiteral("n")))
            .arg(s.blockSize);
    return r.select("indexes", sql, [&](const QSqlQuery &q) {
        const quint32 relOid = q.value(0).toUInt();
        SchemaRelation *rel = s.relation(relOid);
        if (!rel)
            return;
        SchemaIndex ix;
        ix.name = q.value(2).toString();
        ix.unique = q.value(3).toBool();
        ix.primary = q.value(4).toBool();
        ix.valid = q.value(5).toBool();
        ix.method = q.value(6).toString();
        const QString contype = q.value(7).toString();
        ix.constraint = contype == u"p"   ? QStringLiteral("primary key")
                        : contype == u"u" ? QStringLiteral("unique")
                        : contype == u"x" ? QStringLiteral("exclusion")
                                          : QString();
        ix.partial = q.value(8).toBool();
        if (rel->kind != RelationKind::PartitionedTable)
            ix.sizeBytes = q.value(9).toLongLong();
        // Key columns by name; an expression's text ("" here) comes in phase two.
        const QStringList numbers = q.value(10).toString().split(u' ', Qt::SkipEmptyParts);
        const int keys = q.value(11).toInt();
        const PgRelationInfo &info = s.rels[relOid];
        for (qsizetype k = 0; k < numbers.size() && k < keys; ++k) {
            const auto at = info.columnAt.constFind(numbers[k].toInt());
            ix.columns.append(at == info.columnAt.constEnd() ? QString() : rel->columns[*at].name);
        }
        if (q.value(12).toBool())
            s.inheritedIndexes[relOid].append(ix.name);
        s.indexAt.insert(q.value(1).toUInt(), {relOid, rel->indexes.size()});
        rel->indexes.push_back(std::move(ix));
    });
}

// Constraints of tables (primary keys, unique, checks, foreign keys, exclusions), by name; their
// text comes in phase two.
Status pgReadConstraints(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT con.oid, con.conrelid, con.conname, con.contype, con.convalidated, "
            "con.condeferrable, con.condeferred, con.confrelid, "
            "pg_catalog.array_to_string(con.conkey, chr(31)), "
            "pg_catalog.array_to_string(con.confkey, chr(31)), con.confupdtype, "
            "con.confdeltype, con.conislocal, con.conparentid <> 0 FROM "
            "pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE con.contype IN "
            "('p', 'u', 'c', 'f', 'x') AND c.relkind IN ('r', 'p') AND %1 ORDER BY con.conname "
            "COLLATE \"C\", con.conrelid")
            .arg(pgUserSchema(QStringLiteral("n")));
    return r.select("constraints", sql, [&](const QSqlQuery &q) {
        PgConstraint c;
        c.oid = q.value(0).toUInt();
        c.relation = q.value(1).toUInt();
        if (!s.rels.contains(c.relation))
            return;
        c.name = q.value(2).toString();
        const QString type = q.value(3).toString();
        c.type = type.isEmpty() ? QChar() : type.front();
        c.validated = q.value(4).toBool();
        c.deferrable = q.value(5).toBool();
        c.deferred = q.value(6).toBool();
        c.target = q.value(7).toUInt();
        c.columns = columnNames(s, c.relation, pgSplit(q.value(8)));
        c.refColumns = columnNames(s, c.target, pgSplit(q.value(9)));
        c.onUpdate = actionName(q.value(10).toString());
        c.onDelete = actionName(q.value(11).toString());
        c.local = q.value(12).toBool();
        c.cloned = q.value(13).toBool();
        s.constraints.push_back(std::move(c));
    });
}

// User triggers (not the server's own for foreign keys). pg_get_triggerdef takes no lock.
Status pgReadTriggers(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), "
            "t.tgparentid <> 0 FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = "
            "t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
            "NOT t.tgisinternal AND %1 ORDER BY t.tgrelid, t.tgname COLLATE \"C\"")
            .arg(pgUserSchema(QStringLiteral("n")));
    return r.select("triggers", sql, [&](const QSqlQuery &q) {
        const quint32 oid = q.value(0).toUInt();
        if (SchemaRelation *rel = s.relation(oid)) {
            rel->triggers.push_back({q.value(1).toString(), q.value(2).toString()});
            if (q.value(3).toBool())
                s.inheritedTriggers[oid].append(rel->triggers.back().name);
        }
    });
}

// Sequences, with the column that owns each (serial: OWNED BY; identity: its own).
Status pgReadSequences(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), "
            "pg_catalog.format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin, "
            "q.seqmax, q.seqcache, q.seqcycle, (SELECT pg_catalog.quote_ident(dn.nspname) || "
            "'.' || pg_catalog.quote_ident(dc.relname) || '.' || "
            "pg_catalog.quote_ident(da.attname) FROM pg_catalog.pg_depend d JOIN "
            "pg_catalog.pg_class dc ON dc.oid = d.refobjid JOIN pg_catalog.pg_namespace dn ON "
            "dn.oid = dc.relnamespace JOIN pg_catalog.pg_attribute da ON da.attrelid = "
            "d.refobjid AND da.attnum = d.refobjsubid WHERE d.classid = "
            "'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = "
            "'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype IN "
            "('a', 'i') LIMIT 1), EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid "
            "= 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = "
            "'i') FROM pg_catalog.pg_sequence q JOIN pg_catalog.pg_class c ON c.oid = "
            "q.seqrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE %1 AND "
            "%2 ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"")
            .arg(pgUserSchema(QStringLiteral("n")),
                 pgNotFromExtension(QStringLiteral("pg_class"), QStringLiteral("c.oid")));
    return r.select("sequences", sql, [&](const QSqlQuery &q) {
        SchemaSequence seq;
        seq.schema = q.value(0).toString();
        seq.name = q.value(1).toString();
        seq.owner = q.value(2).toString();
        seq.type = q.value(3).toString();
        seq.start = q.value(4).toLongLong();
        seq.increment = q.value(5).toLongLong();
        seq.minValue = q.value(6).toLongLong();
        seq.maxValue = q.value(7).toLongLong();
        seq.cache = q.value(8).toLongLong();
        seq.cycle = q.value(9).toBool();
        seq.ownedBy = q.value(10).toString();
        seq.ddl = pgSequenceDdl(seq, q.value(11).toBool());
        s.snapshot.sequences.push_back(std::move(seq));
    });
}

// Enum and domain types (a domain's constraints are no relation's: their text takes no lock).
Status pgReadTypes(const PgReader &r, PgState &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT n.nspname, t.typname, pg_catalog.pg_get_userbyid(t.typowner), t.typtype, "
            "(SELECT pg_catalog.string_agg(e.enumlabel, chr(31) ORDER BY e.enumsortorder) FROM "
            "pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), CASE WHEN t.typtype = 'd' THEN "
            "pg_catalog.format_type(t.typbasetype, t.typtypmod) END, t.typnotnull, "
            "t.typdefault, (SELECT co.collname FROM pg_catalog.pg_collation co, "
            "pg_catalog.pg_type bt WHERE co.oid = t.typcollation AND bt.oid = t.typbasetype AND "
            "t.typcollation <> bt.typcollation), pg_catalog.obj_description(t.oid, 'pg_type'), "
            "(SELECT pg_catalog.string_agg(k.conname || chr(30) || "
            "pg_catalog.pg_get_constraintdef(k.oid, true) || chr(30) || k.convalidated, chr(31) "
            "ORDER BY k.conname COLLATE \"C\") FROM pg_catalog.pg_constraint k WHERE "
            "k.contypid = t.oid AND k.contype = 'c') FROM pg_catalog.pg_type t JOIN "
            "pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype IN ('e', 'd') "
            "AND %1 AND %2 ORDER BY n.nspname COLLATE \"C\", t.typname COLLATE \"C\"")
            .arg(pgUserSchema(QStringLiteral("n")),
                 pgNotFromExtension(QStringLiteral("pg_type"), QStringLiteral("t.oid")));
    return r.select("types", sql, [&](const QSqlQuery &q) {
        SchemaType t;
        t.schema = q.value(0).toString();
        t.name = q.value(1).toString();
        t.owner = q.value(2).toString();
        t.kind = q.value(3).toString() == u"e" ? QStringLiteral("enum") : QStringLiteral("domain");
        t.labels = pgSplit(q.value(4));
        t.baseType = q.value(5).toString();
        t.notNull = q.value(6).toBool();
        if (!q.value(7).isNull())
            t.defaultValue = q.value(7).toString();
        t.collation = q.value(8).toString();
        t.comment = q.value(9).toString();
        for (const QString &check : pgSplit(q.value(10))) {
            const QStringList parts = check.split(QChar(0x1e));
            t.checks.push_back({parts.value(0), parts.value(1), parts.value(2) == u"true"});
        }
        t.ddl = pgTypeDdl(t);
        s.snapshot.types.push_back(std::move(t));
    });
}

} // namespace retort::detail
