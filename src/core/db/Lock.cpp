#include "db/Lock.h"

#include "base/PrivateFiles.h"
#include "db/AuditTrail.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QThread>
#include <QUuid>

#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace retort {

namespace {

QString databaseMessage(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

// Opens (creating them 0700/0600 when missing) the lock file `path` that sqliteLockFile() named:
// <database folder>/.retort/locks/<name>.lock.
Result<int> openLockFile(const QString &path)
{
    const QString locks = QFileInfo(path).path();
    const QString databaseFolder = QFileInfo(QFileInfo(locks).path()).path();
    Status made = Status::success();
    if (const Result<QString> folder = retortFolder(databaseFolder); !folder)
        made = folder.error();
    else
        made = makePrivateDirs(locks);
    if (!made)
        return Error(QStringLiteral("cannot take the run lock: %1").arg(made.error().message))
            .as(ErrorKind::Io);
    Result<int> fd = openPrivateFile(path);
    if (!fd)
        return Error(QStringLiteral("cannot take the run lock: %1").arg(fd.error().message))
            .as(ErrorKind::Io);
    return fd;
}

std::atomic<bool> g_pretendNoAdvisoryLocks{false};

} // namespace

void DatabaseLock::pretendNoAdvisoryLocks(bool pretend)
{
    g_pretendNoAdvisoryLocks.store(pretend);
}

QString DatabaseLock::lockTable() const
{
    return m_versionTable.schema.isEmpty()
               ? QStringLiteral("retort_lock")
               : m_dialect.quoteIdentifier(m_versionTable.schema) + QStringLiteral(".retort_lock");
}

Result<bool> DatabaseLock::tryAcquireRow()
{
    const QString table = lockTable();
    // Created when missing (checked first: CREATE ... IF NOT EXISTS would print a notice on
    // every attempt).
    QSqlQuery exists(m_db);
    exists.prepare(QStringLiteral("SELECT 1 FROM information_schema.tables WHERE table_name = "
                                  "'retort_lock' AND table_schema = COALESCE(?, "
                                  "current_schema())"));
    exists.addBindValue(m_versionTable.schema.isEmpty() ? QVariant()
                                                        : QVariant(m_versionTable.schema));
    QSqlQuery create(m_db);
    if ((!exists.exec() || !exists.next()) &&
        !create.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (lock_key VARCHAR(255) NOT "
                                    "NULL PRIMARY KEY, holder VARCHAR(255) NOT NULL, host "
                                    "VARCHAR(255) NOT NULL, pid INTEGER NOT NULL, since "
                                    "TIMESTAMPTZ NOT NULL, token VARCHAR(64) NOT NULL)")
                         .arg(table)))
        return Error(QStringLiteral("cannot take the run lock (lock table %1): %2")
                         .arg(table, databaseMessage(create.lastError())));
    const QString key = m_versionTable.toString();
    const QString host = QSysInfo::machineHostName();
    // A row of this host whose process is gone is stale: a killed runner's.
    QSqlQuery stale(m_db);
    stale.prepare(
        QStringLiteral("SELECT pid, token FROM %1 WHERE lock_key = ? AND host = ?").arg(table));
    stale.addBindValue(key);
    stale.addBindValue(host);
    if (stale.exec() && stale.next()) {
        const pid_t pid = pid_t(stale.value(0).toLongLong());
        if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) {
            QSqlQuery drop(m_db);
            drop.prepare(
                QStringLiteral("DELETE FROM %1 WHERE lock_key = ? AND token = ?").arg(table));
            drop.addBindValue(key);
            drop.addBindValue(stale.value(1).toString());
            const bool dropped = drop.exec();
            Q_UNUSED(dropped); // a failure leaves the row: the insert below says it is held
        }
    }
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO %1 (lock_key, holder, host, pid, since, token) "
                                  "VALUES (?, ?, ?, ?, now(), ?) ON CONFLICT (lock_key) DO "
                                  "NOTHING")
                       .arg(table));
    insert.addBindValue(key);
    insert.addBindValue(operatorIdentity());
    insert.addBindValue(host);
    insert.addBindValue(int(::getpid()));
    insert.addBindValue(token);
    if (!insert.exec())
        return Error(QStringLiteral("cannot take the run lock (lock table %1): %2")
                         .arg(table, databaseMessage(insert.lastError())));
    m_held = insert.numRowsAffected() == 1;
    if (m_held)
        m_token = token;
    return m_held;
}

Status DatabaseLock::releaseRow()
{
    QSqlQuery query(m_db);
    query.prepare(
        QStringLiteral("DELETE FROM %1 WHERE lock_key = ? AND token = ?").arg(lockTable()));
    query.addBindValue(m_versionTable.toString());
    query.addBindValue(m_token);
    m_token.clear();
    if (!query.exec())
        return Error(QStringLiteral("cannot release the run lock (lock table %1): %2")
                         .arg(lockTable(), databaseMessage(query.lastError())));
    return {};
}

QString DatabaseLock::sqliteLockFile(const QString &database)
{
    if (database.isEmpty() || database == u":memory:" || database.startsWith(u"file:"))
        return {};
    const QFileInfo file(database);
    QString canonical = file.canonicalFilePath(); // empty while the file does not exist
    if (canonical.isEmpty()) {
        const QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
        canonical = (folder.isEmpty() ? file.absolutePath() : folder) + u'/' + file.fileName();
    }
    const QFileInfo real(canonical);
    return real.path() + QStringLiteral("/.retort/locks/") + real.fileName() +
           QStringLiteral(".lock");
}

QString LockHolder::describe() const
{
    QString text;
    if (fromAuditTrail && !operatorName.isEmpty()) {
        text = operatorName;
        if (since.isValid())
            text += QStringLiteral(" since ") + since.toString(Qt::ISODate);
        if (!activity.isEmpty())
            text += QStringLiteral(", ") + activity;
    } else {
        text = QStringLiteral("another runner (not in the audit trail yet)");
    }
    if (!session.isEmpty())
        text += QStringLiteral(" [%1]").arg(session);
    return text;
}

DatabaseLock::DatabaseLock(QSqlDatabase db, Dialect dialect, TableName versionTable)
    : m_db(std::move(db)), m_dialect(dialect), m_versionTable(std::move(versionTable))
{
}

DatabaseLock::~DatabaseLock()
{
    const Status released = release();
    Q_UNUSED(released);
}

qint64 DatabaseLock::postgresKey(const TableName &versionTable)
{
    // Without a schema the key is the one Retort always used ("retort:alembic_version").
    const QByteArray hash = QCryptographicHash::hash(
        (QStringLiteral("retort:") + versionTable.toString()).toUtf8(), QCryptographicHash::Sha256);
    quint64 key = 0;
    for (int i = 0; i < 8; ++i)
        key = (key << 8) | static_cast<unsigned char>(hash[i]);
    return static_cast<qint64>(key);
}

QString DatabaseLock::mysqlName(const QString &database, const TableName &versionTable)
{
    // GET_LOCK names are server-wide and at most 64 characters. A schema is a database: the
    // version table's own database decides, whichever database the connection uses.
    const QString holder = versionTable.schema.isEmpty() ? database : versionTable.schema;
    const QByteArray hash = QCryptographicHash::hash((holder + u'.' + versionTable.name).toUtf8(),
                                                     QCryptographicHash::Sha256)
                                .toHex()
                                .left(40);
    return QStringLiteral("retort:") + QString::fromLatin1(hash);
}

Result<bool> DatabaseLock::tryAcquire()
{
    if (m_held)
        return true;
    switch (m_dialect.kind()) {
    case DialectKind::Sqlite: {
        const QString path = sqliteLockFile(m_db.databaseName());
        if (path.isEmpty()) {
            m_held = true;
            return true;
        }
        if (m_fd < 0) {
            const Result<int> fd = openLockFile(path);
            if (!fd)
                return fd.error();
            m_fd = *fd;
        }
        if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) {
            m_held = true;
            return true;
        }
        if (errno == EWOULDBLOCK)
            return false;
        return Error(QStringLiteral("cannot lock %1: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    case DialectKind::Postgresql: {
        if (m_mode == Mode::Unknown) {
            // CockroachDB answers pg_try_advisory_lock() with a stub that always succeeds.
            QSqlQuery version(m_db);
            const bool cockroach = version.exec(QStringLiteral("SELECT version()")) &&
                                   version.next() &&
                                   version.value(0).toString().contains(u"CockroachDB");
            m_mode = cockroach || g_pretendNoAdvisoryLocks.load() ? Mode::Table : Mode::Advisory;
        }
        if (m_mode == Mode::Table)
            return tryAcquireRow();
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("SELECT pg_try_advisory_lock(?)"));
        query.addBindValue(postgresKey(m_versionTable));
        if (!query.exec() || !query.next()) {
            // A server without advisory locks (YugabyteDB before them): the lock table.
            const QString why = databaseMessage(query.lastError());
            if (why.contains(u"advisory", Qt::CaseInsensitive) ||
                query.lastError().nativeErrorCode() == u"42883" ||
                query.lastError().nativeErrorCode() == u"0A000") {
                m_mode = Mode::Table;
                return tryAcquireRow();
            }
            return Error(QStringLiteral("cannot take the run lock: %1").arg(why));
        }
        m_held = query.value(0).toBool();
        if (m_held) {
            // PostgreSQL 14+: notice a vanished client (a killed runner) within a second even
            // while a long statement runs, so its backend ends and the lock dies with it.
            QSqlQuery check(m_db);
            const bool set =
                check.exec(QStringLiteral("SET client_connection_check_interval = '1s'"));
            Q_UNUSED(set); // older servers: the lock still dies once the backend notices
        }
        return m_held;
    }
    case DialectKind::Mysql: {
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("SELECT GET_LOCK(?, 0)"));
        query.addBindValue(mysqlName(m_db.databaseName(), m_versionTable));
        if (!query.exec() || !query.next())
            return Error(QStringLiteral("cannot take the run lock: %1")
                             .arg(databaseMessage(query.lastError())));
        m_held = query.value(0).toInt() == 1;
        return m_held;
    }
    }
    Q_UNREACHABLE();
}

Status DatabaseLock::acquire(int timeoutMs,
                             const std::function<bool(const LockHolder &, qint64)> &onWait,
                             const std::atomic<bool> *cancel, int pollMs)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        const Result<bool> got = tryAcquire();
        if (!got)
            return got.error();
        if (*got)
            return {};
        const LockHolder who = holder();
        if (timeoutMs >= 0 && timer.elapsed() >= timeoutMs)
            return Error(QStringLiteral("timed out after %1 s waiting for the run lock, held by %2")
                             .arg(QString::number(timer.elapsed() / 1000), who.describe()))
                .as(ErrorKind::LockTimeout);
        if ((cancel && cancel->load()) || (onWait && !onWait(who, timer.elapsed())))
            return Error(QStringLiteral("cancelled while waiting for the run lock (held by %1)")
                             .arg(who.describe()))
                .as(ErrorKind::Cancelled);
        // Sleep in small slices so a cancel lands quickly.
        for (int slept = 0; slept < pollMs; slept += 50) {
            if (cancel && cancel->load())
                break;
            QThread::msleep(50);
        }
    }
}

Status DatabaseLock::release()
{
    if (!m_held) {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        return {};
    }
    m_held = false;
    switch (m_dialect.kind()) {
    case DialectKind::Sqlite:
        if (m_fd >= 0) {
            ::flock(m_fd, LOCK_UN);
            ::close(m_fd);
            m_fd = -1;
        }
        return {};
    case DialectKind::Postgresql:
    case DialectKind::Mysql: {
        if (m_mode == Mode::Table) {
            if (!m_db.isOpen())
                return Error(QStringLiteral("cannot release the run lock: the connection is "
                                            "closed; its row in %1 stays until deleted")
                                 .arg(lockTable()));
            return releaseRow();
        }
        if (!m_db.isOpen())
            return {}; // the lock died with the connection
        QSqlQuery query(m_db);
        if (m_dialect.kind() == DialectKind::Postgresql) {
            query.prepare(QStringLiteral("SELECT pg_advisory_unlock(?)"));
            query.addBindValue(postgresKey(m_versionTable));
        } else {
            query.prepare(QStringLiteral("SELECT RELEASE_LOCK(?)"));
            query.addBindValue(mysqlName(m_db.databaseName(), m_versionTable));
        }
        if (!query.exec())
            return Error(QStringLiteral("cannot release the run lock: %1")
                             .arg(databaseMessage(query.lastError())));
        return {};
    }
    }
    Q_UNREACHABLE();
}

LockHolder DatabaseLock::holder() const
{
    LockHolder who;
    if (m_dialect.kind() == DialectKind::Mysql) {
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("SELECT IS_USED_LOCK(?)"));
        query.addBindValue(mysqlName(m_db.databaseName(), m_versionTable));
        if (query.exec() && query.next() && !query.value(0).isNull())
            who.session = QStringLiteral("MySQL connection %1").arg(query.value(0).toString());
    } else if (m_mode == Mode::Table) {
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("SELECT holder, host, pid, since FROM %1 WHERE lock_key = ?")
                          .arg(lockTable()));
        query.addBindValue(m_versionTable.toString());
        if (query.exec() && query.next())
            who.session = QStringLiteral("lock table %1: %2, pid %3 on %4 since %5; delete the "
                                         "row if that runner is gone")
                              .arg(lockTable(), query.value(0).toString(),
                                   query.value(2).toString(), query.value(1).toString(),
                                   query.value(3).toDateTime().toUTC().toString(Qt::ISODate));
    } else if (m_dialect.kind() == DialectKind::Postgresql) {
        const quint64 key = static_cast<quint64>(postgresKey(m_versionTable));
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral(
            "SELECT pid FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted AND "
            "database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
            "current_database()) AND classid::text::bigint = ? AND objid::text::bigint = ? AND "
            "objsubid = 1"));
        query.addBindValue(static_cast<qint64>(key >> 32));
        query.addBindValue(static_cast<qint64>(key & 0xffffffffu));
        if (query.exec() && query.next())
            who.session = QStringLiteral("PostgreSQL backend %1").arg(query.value(0).toString());
    }
    const auto newest = AuditTrail::besideVersionTable(m_dialect, m_versionTable).latest(m_db);
    if (newest && newest->has_value()) {
        const AuditEntry &e = **newest;
        who.fromAuditTrail = true;
        who.operatorName = e.operatorName;
        who.since = e.runStartedAt;
        who.activity =
            e.outcome == AuditOutcome::Running
                ? QStringLiteral("running %1 since %2")
                      .arg(e.step(), e.startedAt.toString(Qt::ISODate))
                : QStringLiteral("last step %1 %2").arg(e.step(), auditOutcomeName(e.outcome));
    }
    return who;
}

} // namespace retort
