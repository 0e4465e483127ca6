#pragma once

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace retort {

// Used by db/Migrator*.cpp and the schema inspectors (schema/PostgresInspector.cpp,
// schema/MysqlInspector.cpp); not a general API.
namespace detail {

// Interrupts a statement running on a PostgreSQL or MySQL connection from a second connection to
// the same server, in a thread of its own (std::thread: the QtSql connection it opens belongs to
// that thread and is removed there). Created in the run's thread (which reads the first
// connection's parameters and backend id); trigger() may be called from any thread and never
// blocks on the network; stop() (run's thread) joins the helper.
class ServerCanceller final {
public:
    struct Target {
        QString qtDriver, host, user, password, database, options;
        int port = -1;
        QString cancelSql; // SELECT pg_cancel_backend(pid) / KILL QUERY id
    };

    ServerCanceller(Target target, const std::atomic<bool> *statementActive)
        : m_target(std::move(target)), m_statementActive(statementActive)
    {
    }
    ~ServerCanceller() { stop(); }
    ServerCanceller(const ServerCanceller &) = delete;
    ServerCanceller &operator=(const ServerCanceller &) = delete;

    void trigger()
    {
        const std::lock_guard lock(m_mutex);
        if (m_started || m_stop)
            return;
        m_started = true;
        m_thread = std::thread([this] { loop(); });
    }

    void stop()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    void loop()
    {
        static QAtomicInt serial;
        const QString name = QStringLiteral("retort-cancel-%1").arg(serial.fetchAndAddRelaxed(1));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(m_target.qtDriver, name);
            db.setHostName(m_target.host);
            db.setPort(m_target.port);
            db.setUserName(m_target.user);
            db.setPassword(m_target.password);
            db.setDatabaseName(m_target.database);
            db.setConnectOptions(m_target.options);
            if (db.open()) {
                // Repeat while the statement still runs: a request that reached the server before
                // the statement did cancelled nothing.
                for (int attempt = 0; attempt < 40 && m_statementActive->load(); ++attempt) {
                    {
                        QSqlQuery query(db);
                        if (!query.exec(m_target.cancelSql))
                            break;
                    }
                    std::unique_lock lock(m_mutex);
                    if (m_wake.wait_for(lock, std::chrono::milliseconds(250),
                                        [this] { return m_stop; }))
                        break;
                }
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(name);
    }

    const Target m_target;
    const std::atomic<bool> *m_statementActive;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_started = false; // guarded by m_mutex
    bool m_stop = false;    // guarded by m_mutex
    std::thread m_thread;
};

} // namespace detail

} // namespace retort
