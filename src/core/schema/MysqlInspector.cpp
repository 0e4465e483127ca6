// The MariaDB/MySQL inspector (MysqlInspector.h): the session set-up, the information_schema
// reads (MysqlCatalog.h) in one read-only transaction, the server-side cancel, and the snapshot
// assembled from the rows with their DDL (MysqlDdl.h); plus SHOW CREATE and the quoting.
#include "schema/MysqlInspector.h"

#include "db/ServerCanceller.h"
#include "schema/MysqlCatalog.h"
#include "schema/MysqlDdl.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace retort {

using namespace detail;

namespace {

// The inspector's transaction (beginMysqlReadOnly says what it is for).
QString startReadOnlySql()
{
    return QStringLiteral("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
}

// Polls the CancelToken while the inspection runs and, on a cancel during a statement, asks the
// server to stop it through a ServerCanceller (KILL QUERY from a second connection). Created and
// destroyed in the thread that owns the connection.
class CancelWatch final {
public:
    CancelWatch(const CancelToken *cancel, ServerCanceller::Target target)
        : m_cancel(cancel), m_canceller(std::move(target), &m_active)
    {
        if (m_cancel)
            m_thread = std::thread([this] { loop(); });
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
        m_canceller.stop();
    }
    CancelWatch(const CancelWatch &) = delete;
    CancelWatch &operator=(const CancelWatch &) = delete;

    std::atomic<bool> &active() { return m_active; }

private:
    void loop()
    {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, std::chrono::milliseconds(50), [this] { return m_stop; })) {
            if (m_cancel->isCancelled() && m_active.load()) {
                m_canceller.trigger();
                return;
            }
        }
    }

    const CancelToken *m_cancel;
    std::atomic<bool> m_active{false};
    ServerCanceller m_canceller;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false; // guarded by m_mutex
    std::thread m_thread;
};

// The model's relations from what was read: DDL assembled (in the server's orders), lists sorted,
// "referenced by" linked.
std::vector<SchemaRelation> finish(MysqlCatalog &cat)
{
    std::vector<SchemaRelation> out;
    out.reserve(cat.relations.size());
    for (MysqlRelationRow &r : cat.relations) {
        std::sort(r.columns.begin(), r.columns.end(),
                  [](const MysqlColumnRow &a, const MysqlColumnRow &b) {
                      return a.position < b.position;
                  });
        SchemaRelation &rel = r.relation;
        for (MysqlIndexRow &i : r.indexes) {
            i.index.definition = mysqlIndexDefinition(r, i);
            if (i.index.primary)
                for (qsizetype p = 0; p < i.index.columns.size(); ++p)
                    for (MysqlColumnRow &c : r.columns)
                        if (c.column.name == i.index.columns[p])
                            c.column.primaryKeyPosition = int(p) + 1;
        }
        for (SchemaForeignKey &key : rel.foreignKeys)
            key.definition = mysqlForeignKeyDefinition(cat.database, key);
        rel.ddl = rel.kind == RelationKind::View ? mysqlViewDdl(r) : mysqlTableDdl(cat.database, r);
        for (MysqlColumnRow &c : r.columns)
            rel.columns.push_back(std::move(c.column));
        for (MysqlIndexRow &i : r.indexes)
            rel.indexes.push_back(std::move(i.index));
        std::sort(rel.indexes.begin(), rel.indexes.end(),
                  [](const SchemaIndex &a, const SchemaIndex &b) {
                      if (a.primary != b.primary)
                          return a.primary;
                      return a.name < b.name;
                  });
        for (MysqlCheckRow &c : r.checks)
            rel.checks.push_back(std::move(c.check));
        const auto byName = [](const auto &a, const auto &b) { return a.name < b.name; };
        std::sort(rel.checks.begin(), rel.checks.end(), byName);
        std::sort(rel.foreignKeys.begin(), rel.foreignKeys.end(), byName);
        std::sort(rel.triggers.begin(), rel.triggers.end(), byName);
        out.push_back(std::move(rel));
    }
    std::sort(out.begin(), out.end(),
              [](const SchemaRelation &a, const SchemaRelation &b) { return a.name < b.name; });
    QHash<QString, size_t> index;
    for (size_t i = 0; i < out.size(); ++i)
        index.insert(out[i].name, i);
    for (const SchemaRelation &r : out)
        for (const SchemaForeignKey &key : r.foreignKeys) {
            if (key.refSchema != cat.database)
                continue;
            const auto it = index.constFind(key.refTable);
            if (it != index.constEnd())
                out[*it].referencedBy.push_back({r.schema, r.name, key});
        }
    return out;
}

// The reads inside the transaction, in order; the sequences last.
Status readAll(const MysqlReader &s, MysqlCatalog &cat, SchemaSnapshot &snapshot)
{
    for (auto read : {mysqlReadTables, mysqlReadColumns, mysqlReadIndexes, mysqlReadForeignKeys,
                      mysqlReadChecks, mysqlReadTriggers, mysqlReadViews, mysqlReadPartitions})
        if (Status st = read(s, cat); !st)
            return st;
    mysqlReadIndexSizes(s, cat);
    return mysqlReadSequences(s, cat, snapshot.sequences);
}

} // namespace

QString mysqlQuoteIdent(const QString &name)
{
    QString quoted = name;
    quoted.replace(u'`', QStringLiteral("``"));
    return u'`' + quoted + u'`';
}

QString mysqlQuoteString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'\'';
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'\'':
            out += QStringLiteral("''");
            break;
        case u'\\':
            out += QStringLiteral("\\\\");
            break;
        case u'\n':
            out += QStringLiteral("\\n");
            break;
        case u'\r':
            out += QStringLiteral("\\r");
            break;
        case 0:
            out += QStringLiteral("\\0");
            break;
        case 0x1a:
            out += QStringLiteral("\\Z");
            break;
        default:
            out += c;
        }
    }
    out += u'\'';
    return out;
}

Status beginMysqlReadOnly(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(startReadOnlySql()))
        return Error(QStringLiteral("cannot start a read-only transaction: %1")
                         .arg(q.lastError().text()))
            .as(ErrorKind::ServerError, q.lastError().nativeErrorCode());
    return {};
}

Result<SchemaSnapshot> inspectMysql(const QSqlDatabase &db, const CancelToken *cancel,
                                    int lockWaitSeconds)
{
    SchemaSnapshot snapshot;
    snapshot.driver = QStringLiteral("mysql");
    MysqlCatalog cat;
    MysqlReader s{db, cancel};
    QString connectionId;
    QString oldLockWait;
    bool hasDatabase = false;
    if (Status st = s.run(QStringLiteral("the session's facts"),
                          QStringLiteral("SELECT DATABASE(), VERSION(), CONNECTION_ID(), "
                                         "@@SESSION.lock_wait_timeout"),
                          [&](const QSqlQuery &q) {
                              hasDatabase = !q.value(0).isNull();
                              cat.database = q.value(0).toString();
                              snapshot.serverVersion = q.value(1).toString();
                              connectionId = q.value(2).toString();
                              oldLockWait = q.value(3).toString();
                          });
        !st)
        return st.error();
    if (!hasDatabase)
        return Error(QStringLiteral("no database is selected on this connection: there is no "
                                    "schema to inspect"))
            .as(ErrorKind::DatabaseMissing);
    cat.mariadb = snapshot.serverVersion.contains(u"MariaDB", Qt::CaseInsensitive);
    snapshot.schemas = {cat.database};

    std::unique_ptr<CancelWatch> watch;
    if (cancel) {
        ServerCanceller::Target target;
        target.qtDriver = db.driverName();
        target.host = db.hostName();
        target.port = db.port();
        target.user = db.userName();
        target.password = db.password();
        target.database = db.databaseName();
        target.options = db.connectOptions();
        target.cancelSql = QStringLiteral("KILL QUERY %1").arg(connectionId);
        watch = std::make_unique<CancelWatch>(cancel, std::move(target));
        s.active = &watch->active();
    }

    if (Status st = s.run(
            QStringLiteral("SET lock_wait_timeout"),
            QStringLiteral("SET SESSION lock_wait_timeout = %1").arg(std::max(1, lockWaitSeconds)));
        !st)
        return st.error();
    Status result = s.run(QStringLiteral("START TRANSACTION READ ONLY"), startReadOnlySql());
    if (result) {
        result = readAll(s, cat, snapshot);
        QSqlQuery end(db);
        if (result) {
            if (!end.exec(QStringLiteral("COMMIT")))
                result = Error(QStringLiteral("ending the read-only transaction failed: %1")
                                   .arg(end.lastError().text()));
        } else {
            (void)end.exec(QStringLiteral("ROLLBACK"));
        }
    }
    {
        QSqlQuery restore(db);
        (void)restore.exec(QStringLiteral("SET SESSION lock_wait_timeout = %1").arg(oldLockWait));
    }
    if (!result)
        return result.error();
    snapshot.relations = finish(cat);
    return snapshot;
}

Result<QString> mysqlShowCreate(const QSqlDatabase &db, const SchemaRelation &relation)
{
    const bool view = relation.kind == RelationKind::View;
    QString name = mysqlQuoteIdent(relation.name);
    if (!relation.schema.isEmpty())
        name = mysqlQuoteIdent(relation.schema) + u'.' + name;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString sql =
        (view ? QStringLiteral("SHOW CREATE VIEW ") : QStringLiteral("SHOW CREATE TABLE ")) + name;
    if (!q.exec(sql) || !q.next())
        return Error(QStringLiteral("%1 failed: %2").arg(sql, q.lastError().text()))
            .as(ErrorKind::ServerError, q.lastError().nativeErrorCode());
    return q.value(1).toString();
}

} // namespace retort
