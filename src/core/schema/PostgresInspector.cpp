// The PostgreSQL inspector (PostgresInspector.h): one catalog query per kind of object, in one
// read-only snapshot, with the lock rules the header states.
#include "schema/PostgresInspector.h"

#include "db/ServerCanceller.h"
#include "schema/PostgresDdl.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace retort {

namespace {

// Lists travel inside one column joined by the unit separator (chr(31)).
constexpr QChar kSep = QChar(0x1f);

// The WHERE fragment that keeps user schemas; `ns` is the pg_namespace alias.
QString userSchema(const QString &ns)
{
    return QStringLiteral("%1.nspname NOT IN ('pg_catalog', 'information_schema') AND %1.nspname "
                          "!~ '^pg_(toast|temp_|toast_temp_)'")
        .arg(ns);
}

// The fragment that leaves out objects an extension owns; `oid` of catalog `catalog`.
QString notFromExtension(const QString &catalog, const QString &oid)
{
    return QStringLiteral("NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = "
                          "'%1'::pg_catalog.regclass AND e.objid = %2 AND e.deptype = 'e')")
        .arg(catalog, oid);
}

// Interrupts the running statement from a second connection when `cancel` is set (a watcher
// thread polls it), as the Migrator does (db/ServerCanceller.h).
class CancelWatch final {
public:
    CancelWatch(const QSqlDatabase &db, const CancelToken *cancel, qint64 backendPid)
    {
        if (!cancel || backendPid <= 0)
            return;
        detail::ServerCanceller::Target target;
        target.qtDriver = db.driverName();
        target.host = db.hostName();
        target.port = db.port();
        target.user = db.userName();
        target.password = db.password();
        target.database = db.databaseName();
        target.options = db.connectOptions();
        target.cancelSql = QStringLiteral("SELECT pg_cancel_backend(%1)").arg(backendPid);
        m_canceller = std::make_unique<detail::ServerCanceller>(std::move(target), &m_active);
        m_thread = std::thread([this, cancel] {
            std::unique_lock lock(m_mutex);
            while (!m_stop) {
                if (cancel->isCancelled()) {
                    m_canceller->trigger();
                    return;
                }
                m_wake.wait_for(lock, std::chrono::milliseconds(50));
            }
        });
    }
    ~CancelWatch()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
        m_canceller.reset();
    }
    CancelWatch(const CancelWatch &) = delete;
    CancelWatch &operator=(const CancelWatch &) = delete;

    std::atomic<bool> m_active{false}; // a statement is running

private:
    std::unique_ptr<detail::ServerCanceller> m_canceller;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false; // guarded by m_mutex
    std::thread m_thread;
};

struct Reader {
    const QSqlDatabase &db;
    const CancelToken *cancel;
    CancelWatch *watch = nullptr;

    // Runs one statement, `what` naming it in errors; `row` is called for each result row.
    template <typename Row> Status select(const char *what, const QString &sql, Row row) const
    {
        if (cancel && cancel->isCancelled())
            return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (watch)
            watch->m_active.store(true);
        const bool ok = q.exec(sql);
        if (watch)
            watch->m_active.store(false);
        if (!ok)
            return failure(what, q.lastError());
        while (q.next())
            row(q);
        if (q.lastError().isValid())
            return failure(what, q.lastError());
        return {};
    }

    Error failure(const char *what, const QSqlError &error) const
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
            message += QStringLiteral(" (another session, a migration perhaps, holds a lock "
                                      "longer than the inspector's lock_timeout)");
        return Error(message).as(ErrorKind::ServerError, code);
    }
};

QStringList split(const QVariant &value)
{
    const QString text = value.toString();
    return text.isEmpty() ? QStringList() : text.split(kSep);
}

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

// What the inspector keeps per relation while it reads: where it is in the snapshot, its columns
// by number, its own constraints for the DDL, its parent.
struct RelationInfo {
    size_t index = 0;
    QHash<int, QString> columns;
    QList<detail::PgConstraintText> ownConstraints;
    quint32 parent = 0;
    bool identitySequenceOwner = false;
};

struct State {
    SchemaSnapshot snapshot;
    QHash<quint32, RelationInfo> rels; // by pg_class oid
    qint64 blockSize = 8192;

    SchemaRelation *relation(quint32 oid)
    {
        const auto it = rels.find(oid);
        return it == rels.end() ? nullptr : &snapshot.relations[it->index];
    }
    QStringList columnNames(quint32 oid, const QStringList &numbers) const
    {
        QStringList out;
        const auto it = rels.constFind(oid);
        for (const QString &n : numbers)
            out.append(it == rels.constEnd() ? n : it->columns.value(n.toInt(), n));
        return out;
    }
};

// 1. The server, its block size and the user schemas.
Status readServer(const Reader &r, State &s)
{
    return r.select(
        "server",
        QStringLiteral("SELECT pg_catalog.current_setting('server_version'), "
                       "pg_catalog.current_setting('block_size')::int8, "
                       "(SELECT pg_catalog.string_agg(n.nspname, chr(31) ORDER BY "
                       "n.nspname COLLATE \"C\") FROM pg_catalog.pg_namespace n "
                       "WHERE %1 AND %2)")
            .arg(userSchema(QStringLiteral("n")),
                 notFromExtension(QStringLiteral("pg_namespace"), QStringLiteral("n.oid"))),
        [&](const QSqlQuery &q) {
            s.snapshot.serverVersion = q.value(0).toString();
            s.blockSize = q.value(1).toLongLong();
            s.snapshot.schemas = split(q.value(2));
        });
}

// 2. Relations: tables, partitioned tables, views, materialized views.
Status readRelations(const Reader &r, State &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT c.oid, n.nspname, c.relname, c.relkind, "
            "pg_catalog.pg_get_userbyid(c.relowner), pg_catalog.obj_description(c.oid, "
            "'pg_class'), CASE WHEN c.reltuples < 0 OR c.relkind IN ('v', 'p') THEN NULL ELSE "
            "c.reltuples::int8 END, CASE WHEN c.relkind = 'v' THEN NULL ELSE (c.relpages::int8 "
            "+ COALESCE((SELECT t.relpages FROM pg_catalog.pg_class t WHERE t.oid = "
            "c.reltoastrelid), 0) + COALESCE((SELECT sum(ic.relpages) FROM pg_catalog.pg_index "
            "i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid IN (c.oid, "
            "c.reltoastrelid)), 0)) * %3 END, CASE WHEN c.relkind = 'p' THEN "
            "pg_catalog.pg_get_partkeydef(c.oid) END, CASE WHEN c.relispartition THEN "
            "pg_catalog.pg_get_expr(c.relpartbound, c.oid, true) END, (SELECT i.inhparent FROM "
            "pg_catalog.pg_inherits i WHERE c.relispartition AND i.inhrelid = c.oid) FROM "
            "pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND %1 AND %2 ORDER BY n.nspname COLLATE "
            "\"C\", c.relname COLLATE \"C\"")
            .arg(userSchema(QStringLiteral("n")),
                 notFromExtension(QStringLiteral("pg_class"), QStringLiteral("c.oid")))
            .arg(s.blockSize);
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
        rel.partitionKey = q.value(8).toString();
        rel.partitionBound = q.value(9).toString();
        RelationInfo info;
        info.index = s.snapshot.relations.size();
        info.parent = q.value(10).toUInt();
        s.rels.insert(oid, info);
        s.snapshot.relations.push_back(std::move(rel));
    });
}

// 3. Columns of every relation.
Status readColumns(const Reader &r, State &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, "
            "a.atttypmod), a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid, true), "
            "(SELECT co.collname FROM pg_catalog.pg_collation co, pg_catalog.pg_type t WHERE "
            "co.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> "
            "t.typcollation), a.attidentity, a.attgenerated, "
            "pg_catalog.col_description(a.attrelid, a.attnum), a.attstorage FROM "
            "pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN "
            "pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN "
            "pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE "
            "a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND %1 "
            "ORDER BY a.attrelid, a.attnum")
            .arg(userSchema(QStringLiteral("n")));
    return r.select("columns", sql, [&](const QSqlQuery &q) {
        const quint32 oid = q.value(0).toUInt();
        SchemaRelation *rel = s.relation(oid);
        if (!rel)
            return;
        SchemaColumn c;
        c.name = q.value(2).toString();
        c.type = q.value(3).toString();
        c.nullable = !q.value(4).toBool();
        if (!q.value(5).isNull())
            c.defaultValue = q.value(5).toString();
        c.collation = q.value(6).toString();
        const QString identity = q.value(7).toString();
        c.identity = identity == u"a"   ? QStringLiteral("always")
                     : identity == u"d" ? QStringLiteral("by default")
                                        : QString();
        c.generated = q.value(8).toString() == u"s" ? QStringLiteral("stored") : QString();
        c.comment = q.value(9).toString();
        c.storage = storageName(q.value(10).toString());
        s.rels[oid].columns.insert(q.value(1).toInt(), c.name);
        rel->columns.push_back(std::move(c));
    });
}

// 4. Indexes, in psql's order: the primary key first, then by name.
Status readIndexes(const Reader &r, State &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT i.indrelid, ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), "
            "i.indisunique, i.indisprimary, i.indisvalid, am.amname, con.contype, "
            "i.indpred IS NOT NULL, ic.relpages::int8 * %2, (SELECT pg_catalog.string_agg(CASE "
            "WHEN i.indkey[k - 1] <> 0 THEN (SELECT a.attname FROM pg_catalog.pg_attribute a "
            "WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) ELSE "
            "pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END, chr(31) ORDER BY k) FROM "
            "generate_series(1, i.indnkeyatts) k) FROM pg_catalog.pg_index i JOIN "
            "pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_class c ON "
            "c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN "
            "pg_catalog.pg_am am ON am.oid = ic.relam LEFT JOIN pg_catalog.pg_constraint con ON "
            "con.conrelid = i.indrelid AND con.conindid = i.indexrelid AND con.contype IN ('p', "
            "'u', 'x') WHERE c.relkind IN ('r', 'p', 'm') AND %1 ORDER BY i.indrelid, "
            "i.indisprimary DESC, ic.relname COLLATE \"C\"")
            .arg(userSchema(QStringLiteral("n")))
            .arg(s.blockSize);
    return r.select("indexes", sql, [&](const QSqlQuery &q) {
        SchemaRelation *rel = s.relation(q.value(0).toUInt());
        if (!rel)
            return;
        SchemaIndex ix;
        ix.name = q.value(1).toString();
        ix.definition = q.value(2).toString();
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
        ix.columns = split(q.value(10));
        rel->indexes.push_back(std::move(ix));
    });
}

// 5. Constraints: checks and foreign keys into the model (with "referenced by"), and every
// constraint the table defines itself into its DDL. By name, as psql lists them.
Status readConstraints(const Reader &r, State &s)
{
    const QString sql =
        QStringLiteral(
            "SELECT con.conrelid, con.conname, con.contype, "
            "pg_catalog.pg_get_constraintdef(con.oid, true), con.convalidated, "
            "con.condeferrable, con.condeferred, con.confrelid, "
            "pg_catalog.array_to_string(con.conkey, chr(31)), "
            "pg_catalog.array_to_string(con.confkey, chr(31)), con.confupdtype, "
            "con.confdeltype, con.conislocal, con.conparentid <> 0 FROM "
            "pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE con.contype IN "
            "('p', 'u', 'c', 'f', 'x') AND c.relkind IN ('r', 'p') AND %1 ORDER BY con.conname "
            "COLLATE \"C\", con.conrelid")
            .arg(userSchema(QStringLiteral("n")));
    return r.select("constraints", sql, [&](const QSqlQuery &q) {
        const quint32 oid = q.value(0).toUInt();
        SchemaRelation *rel = s.relation(oid);
        if (!rel)
            return;
        const QString name = q.value(1).toString();
        const QString type = q.value(2).toString();
        const QString definition = q.value(3).toString();
        const bool local = q.value(12).toBool();
        const bool cloned = q.value(13).toBool(); // a partition's copy of its parent's key
        // psql's pretty form leaves NOT VALID out; a statement that creates it must say it.
        if (local && !cloned)
            s.rels[oid].ownConstraints.append(
                {name, q.value(4).toBool() || definition.endsWith(QStringLiteral(" NOT VALID"))
                           ? definition
                           : definition + QStringLiteral(" NOT VALID")});
        if (type == u"c") {
            rel->checks.push_back({name, definition, q.value(4).toBool()});
        } else if (type == u"f" && !cloned) {
            SchemaForeignKey key;
            key.name = name;
            key.definition = definition;
            key.validated = q.value(4).toBool();
            key.deferrable = q.value(5).toBool();
            key.initiallyDeferred = q.value(6).toBool();
            const quint32 target = q.value(7).toUInt();
            key.columns = s.columnNames(oid, split(q.value(8)));
            key.refColumns = s.columnNames(target, split(q.value(9)));
            key.onUpdate = actionName(q.value(10).toString());
            key.onDelete = actionName(q.value(11).toString());
            if (const SchemaRelation *ref = s.relation(target)) {
                key.refSchema = ref->schema;
                key.refTable = ref->name;
            }
            rel->foreignKeys.push_back(key);
            if (SchemaRelation *ref = s.relation(target))
                ref->referencedBy.push_back({rel->schema, rel->name, key});
        }
    });
}

// 6. Triggers (user triggers; not those the server makes for foreign keys).
Status readTriggers(const Reader &r, State &s)
{
    const QString sql =
        QStringLiteral("SELECT t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true) "
                       "FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = "
                       "t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
                       "NOT t.tgisinternal AND %1 ORDER BY t.tgrelid, t.tgname COLLATE \"C\"")
            .arg(userSchema(QStringLiteral("n")));
    return r.select("triggers", sql, [&](const QSqlQuery &q) {
        if (SchemaRelation *rel = s.relation(q.value(0).toUInt()))
            rel->triggers.push_back({q.value(1).toString(), q.value(2).toString()});
    });
}

// 7. Sequences, with the column that owns each (serial: OWNED BY; identity: its own).
Status readSequences(const Reader &r, State &s)
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
            .arg(userSchema(QStringLiteral("n")),
                 notFromExtension(QStringLiteral("pg_class"), QStringLiteral("c.oid")));
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
        seq.ddl = detail::pgSequenceDdl(seq, q.value(11).toBool());
        s.snapshot.sequences.push_back(std::move(seq));
    });
}

// 8. Enum and domain types.
Status readTypes(const Reader &r, State &s)
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
            .arg(userSchema(QStringLiteral("n")),
                 notFromExtension(QStringLiteral("pg_type"), QStringLiteral("t.oid")));
    return r.select("types", sql, [&](const QSqlQuery &q) {
        SchemaType t;
        t.schema = q.value(0).toString();
        t.name = q.value(1).toString();
        t.owner = q.value(2).toString();
        t.kind = q.value(3).toString() == u"e" ? QStringLiteral("enum") : QStringLiteral("domain");
        t.labels = split(q.value(4));
        t.baseType = q.value(5).toString();
        t.notNull = q.value(6).toBool();
        if (!q.value(7).isNull())
            t.defaultValue = q.value(7).toString();
        t.collation = q.value(8).toString();
        t.comment = q.value(9).toString();
        for (const QString &check : split(q.value(10))) {
            const QStringList parts = check.split(QChar(0x1e));
            t.checks.push_back({parts.value(0), parts.value(1), parts.value(2) == u"true"});
        }
        t.ddl = detail::pgTypeDdl(t);
        s.snapshot.types.push_back(std::move(t));
    });
}

// 9. View definitions, last: pg_get_viewdef() opens the view (ACCESS SHARE), so views that a
// session holds or awaits an ACCESS EXCLUSIVE lock on are skipped, and a lock taken in between
// ends the wait at lock_timeout. Either way those views keep no definition; `why` says so.
Status readViewDefinitions(const Reader &r, State &s, QHash<quint32, QString> &why)
{
    QHash<quint32, QString> definitions;
    const QString sql =
        QStringLiteral(
            "SELECT c.oid, pg_catalog.pg_get_viewdef(c.oid, true) FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', "
            "'m') AND %1 AND c.oid NOT IN (SELECT l.relation FROM pg_catalog.pg_locks l WHERE "
            "l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.database = (SELECT "
            "d.oid FROM pg_catalog.pg_database d WHERE d.datname = "
            "pg_catalog.current_database()))")
            .arg(userSchema(QStringLiteral("n")));
    const Status st = r.select("view definitions", sql, [&](const QSqlQuery &q) {
        definitions.insert(q.value(0).toUInt(), q.value(1).toString());
    });
    if (!st && st.error().is(ErrorKind::Cancelled))
        return st;
    for (auto it = s.rels.constBegin(); it != s.rels.constEnd(); ++it) {
        SchemaRelation &rel = s.snapshot.relations[it->index];
        if (rel.kind != RelationKind::View && rel.kind != RelationKind::MaterializedView)
            continue;
        const auto def = definitions.constFind(it.key());
        if (def != definitions.constEnd())
            rel.definition = *def;
        else
            why.insert(it.key(), !st ? st.error().message
                                     : QStringLiteral("its definition was not read: another "
                                                      "session holds an exclusive lock on it"));
    }
    return {};
}

void assembleDdl(State &s, const QHash<quint32, QString> &viewWhy)
{
    for (auto it = s.rels.constBegin(); it != s.rels.constEnd(); ++it) {
        SchemaRelation &rel = s.snapshot.relations[it->index];
        if (rel.kind == RelationKind::View || rel.kind == RelationKind::MaterializedView) {
            rel.ddl = detail::pgViewDdl(rel, viewWhy.value(it.key()));
            continue;
        }
        QString parent;
        if (const SchemaRelation *p = s.relation(it->parent)) {
            parent = detail::pgQualified(p->schema, p->name);
            rel.partitionOf = p->schema + u'.' + p->name;
        }
        rel.ddl = detail::pgTableDdl(rel, it->ownConstraints, parent);
    }
    // Each partitioned table's partitions, as psql lists them: the DEFAULT one last, else by name.
    for (auto it = s.rels.constBegin(); it != s.rels.constEnd(); ++it) {
        const SchemaRelation &child = s.snapshot.relations[it->index];
        if (SchemaRelation *p = s.relation(it->parent))
            p->partitions.append(child.schema + u'.' + child.name);
    }
    for (SchemaRelation &rel : s.snapshot.relations) {
        if (rel.partitions.size() < 2)
            continue;
        auto bound = [&](const QString &qualified) {
            const SchemaRelation *c = s.snapshot.find(qualified);
            return c && c->partitionBound == u"DEFAULT";
        };
        std::stable_sort(rel.partitions.begin(), rel.partitions.end(),
                         [&](const QString &a, const QString &b) {
                             const bool da = bound(a), db = bound(b);
                             return da != db ? db : a < b;
                         });
    }
}

} // namespace

Result<SchemaSnapshot> inspectPostgres(const QSqlDatabase &db, const CancelToken *cancel)
{
    Reader reader{db, cancel};
    State s;
    s.snapshot.driver = QStringLiteral("postgresql");
    qint64 pid = 0;
    // One statement sets the session up: read-only, bounded waits for locks and statements.
    if (Status st = reader.select(
            "session",
            QStringLiteral("SELECT pg_catalog.pg_backend_pid(), "
                           "pg_catalog.set_config('default_transaction_read_only', 'on', false), "
                           "pg_catalog.set_config('lock_timeout', '2s', false), "
                           "pg_catalog.set_config('statement_timeout', '60s', false)"),
            [&](const QSqlQuery &q) { pid = q.value(0).toLongLong(); });
        !st)
        return st.error();
    CancelWatch watch(db, cancel, pid);
    reader.watch = &watch;
    if (Status st = reader.select("transaction",
                                  QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
                                  [](const QSqlQuery &) {});
        !st)
        return st.error();
    Status st = readServer(reader, s);
    for (auto step : {readRelations, readColumns, readIndexes, readConstraints, readTriggers,
                      readSequences, readTypes}) {
        if (!st)
            break;
        st = step(reader, s);
    }
    QHash<quint32, QString> viewWhy;
    if (st)
        st = readViewDefinitions(reader, s, viewWhy);
    // Ends the transaction whatever happened (a failed read left it aborted).
    (void)Reader{db, nullptr, &watch}.select("transaction", QStringLiteral("ROLLBACK"),
                                             [](const QSqlQuery &) {});
    if (!st)
        return st.error();
    if (cancel && cancel->isCancelled())
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
    assembleDdl(s, viewWhy);
    return std::move(s.snapshot);
}

} // namespace retort
