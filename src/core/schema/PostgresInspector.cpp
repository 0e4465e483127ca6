// The PostgreSQL inspector (PostgresInspector.h): the session set-up, the two phases of reads
// (PostgresCatalog.h) in one read-only snapshot, and the server-side cancel.
#include "schema/PostgresInspector.h"

#include "db/ServerCanceller.h"
#include "schema/PostgresCatalog.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace retort {

namespace {

// Interrupts the running statement from a second connection once `cancel` is set (a watcher
// thread polls it every 50 ms), as the Migrator does (db/ServerCanceller.h). Lives in the thread
// that owns the connection; the destructor joins the watcher.
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
        m_canceller = std::make_unique<detail::ServerCanceller>(std::move(target), &active);
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
        m_canceller.reset(); // joins the canceller's own thread
    }
    CancelWatch(const CancelWatch &) = delete;
    CancelWatch &operator=(const CancelWatch &) = delete;

    std::atomic<bool> active{false}; // a statement is running

private:
    std::unique_ptr<detail::ServerCanceller> m_canceller;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false; // guarded by m_mutex
    std::thread m_thread;
};

// One attempt: BEGIN, both phases, ROLLBACK (whatever happened).
Result<SchemaSnapshot> readOnce(const detail::PgReader &reader)
{
    using namespace detail;
    if (Status st = reader.select("transaction",
                                  QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
                                  [](const QSqlQuery &) {});
        !st)
        return st.error();
    PgState s;
    s.snapshot.driver = QStringLiteral("postgresql");
    Status st;
    // Phase one reads catalog rows; phase two, last and short, opens relations.
    for (auto step :
         {pgReadServer, pgReadRelations, pgReadColumns, pgReadIndexes, pgReadConstraints,
          pgReadTriggers, pgReadSequences, pgReadTypes, pgReadDefaults, pgReadPartitioning,
          pgReadIndexDefinitions, pgReadConstraintDefinitions, pgReadViewDefinitions}) {
        st = step(reader, s);
        if (!st)
            break;
    }
    // Ends the transaction (and its ACCESS SHARE locks) at once; a failed read left it aborted.
    (void)PgReader{reader.db, nullptr, reader.active}.select(
        "transaction", QStringLiteral("ROLLBACK"), [](const QSqlQuery &) {});
    if (!st)
        return st.error();
    pgAssemble(s);
    return std::move(s.snapshot);
}

} // namespace

Result<SchemaSnapshot> inspectPostgres(const QSqlDatabase &db, const CancelToken *cancel)
{
    detail::PgReader reader{db, cancel, nullptr};
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
    reader.active = &watch.active;
    Result<SchemaSnapshot> snapshot = readOnce(reader);
    // A relation locked exclusively between the lock check and phase two ended its wait at
    // lock_timeout: once more, with the locks as they are now.
    if (!snapshot && snapshot.error().code == u"55P03" && !(cancel && cancel->isCancelled()))
        snapshot = readOnce(reader);
    if (cancel && cancel->isCancelled() && snapshot)
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
    return snapshot; // a statement the cancel stopped: Cancelled, with the server's 57014
}

} // namespace retort
