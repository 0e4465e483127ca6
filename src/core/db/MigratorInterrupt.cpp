// Migrator's interruption of a running statement (Migrator.h, cancel()): sqlite3_interrupt on
// SQLite, a ServerCanceller's second connection on PostgreSQL and MySQL.
#include "db/Migrator.h"

#include "db/ServerCanceller.h"

#include <QMutexLocker>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

namespace retort {

namespace {

// The sqlite3* behind a QSQLITE connection, or null for any other driver.
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    if (!db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

} // namespace

void Migrator::cancel()
{
    const QMutexLocker lock(&m_interruptMutex);
    m_cancelled.store(true);
    if (m_statementActive.load() && m_interrupt)
        m_interrupt();
}

void Migrator::installInterrupt()
{
    const QMutexLocker lock(&m_interruptMutex);
    switch (m_dialect.kind()) {
    case DialectKind::Sqlite: {
        sqlite3 *handle = sqliteHandle(m_db);
        m_nativeHandle = handle;
        if (!handle)
            break;
        // sqlite3_interrupt only affects statements already running. A cancel that lands between
        // our check and the statement's first step would be lost, so a progress handler also
        // polls the flag while a migration statement runs (never during ROLLBACK).
        sqlite3_progress_handler(
            handle, 1000,
            [](void *context) -> int {
                const auto *self = static_cast<const Migrator *>(context);
                return self->m_cancelled.load() && self->m_statementActive.load() ? 1 : 0;
            },
            this);
        // Safe from any thread while the connection is open; the connection outlives run(), and
        // m_interrupt is cleared (under the mutex) before run() returns.
        m_interrupt = [handle] { sqlite3_interrupt(handle); };
        break;
    }
    case DialectKind::Postgresql:
    case DialectKind::Mysql: {
        // QSqlDriver::cancelQuery() is declared in Qt 6.4, but QPSQL and QMYSQL do not override
        // it (the base returns false; the plugins import no PQcancel), and the driver object
        // belongs to the run's thread anyway. Ask the server from a second connection instead.
        const bool pg = m_dialect.kind() == DialectKind::Postgresql;
        QSqlQuery query(m_db);
        if (!query.exec(pg ? QStringLiteral("SELECT pg_backend_pid()")
                           : QStringLiteral("SELECT CONNECTION_ID()")) ||
            !query.next())
            break; // no interrupt: a cancel still stops the run after the current statement
        const qint64 id = query.value(0).toLongLong();
        detail::ServerCanceller::Target target;
        target.qtDriver = m_db.driverName();
        target.host = m_db.hostName();
        target.port = m_db.port();
        target.user = m_db.userName();
        target.password = m_db.password();
        target.database = m_db.databaseName();
        target.options = m_db.connectOptions();
        target.cancelSql = pg ? QStringLiteral("SELECT pg_cancel_backend(%1)").arg(id)
                              : QStringLiteral("KILL QUERY %1").arg(id);
        m_serverCanceller =
            std::make_unique<detail::ServerCanceller>(std::move(target), &m_statementActive);
        detail::ServerCanceller *canceller = m_serverCanceller.get();
        m_interrupt = [canceller] { canceller->trigger(); };
        break;
    }
    }
}

void Migrator::removeInterrupt()
{
    std::unique_ptr<detail::ServerCanceller> canceller;
    {
        const QMutexLocker lock(&m_interruptMutex);
        switch (m_dialect.kind()) {
        case DialectKind::Sqlite:
            if (m_nativeHandle)
                sqlite3_progress_handler(static_cast<sqlite3 *>(m_nativeHandle), 0, nullptr,
                                         nullptr);
            break;
        case DialectKind::Postgresql:
        case DialectKind::Mysql:
            canceller = std::move(m_serverCanceller);
            break;
        }
        m_interrupt = nullptr;
        m_nativeHandle = nullptr;
    }
    // Joined outside the mutex: no cancel() can reach it any more.
    canceller.reset();
}

} // namespace retort
