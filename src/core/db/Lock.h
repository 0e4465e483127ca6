#pragma once

#include "base/Error.h"
#include "base/TableName.h"
#include "db/Dialect.h"

#include <QDateTime>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>

namespace retort {

// Who holds a run lock, as far as Retort can tell: from the newest row of the holder's audit trail
// (`retort_history`) and, where the server says, its session.
struct LockHolder {
    bool fromAuditTrail = false; // operatorName..activity come from the newest audit row
    QString operatorName;        // OS user@host of the runner
    QDateTime since;             // UTC: when its run started (took the lock)
    QString activity;            // "upgrade a -> b (running since ...)" or the last step done
    QString session;             // "PostgreSQL backend 1234" / "MySQL connection 56"; may be ""

    // "alice@box since 2026-...Z, running upgrade a -> b" or "another runner (...)".
    QString describe() const;
};

// One runner at a time per database and version table (schema and name).
//
//  - PostgreSQL: a session-level advisory lock, pg_try_advisory_lock(key) with key = postgresKey()
//    (the first 8 bytes of SHA-256("retort:" + version table), the table written
//    "schema.name" when it has a schema); advisory locks are per database.
//  - MySQL/MariaDB: GET_LOCK(mysqlName(), 0) — names are server-wide, so the name hashes the
//    database holding the version table (its schema, else the connection's database) with the
//    table's name.
//  - SQLite: an exclusive flock() on sqliteLockFile(): "<folder>/.retort/locks/<name>.lock",
//    where folder and name are those of the database file's canonical path (symbolic links, "."
//    and ".." resolved), so every path to one database — relative, absolute, through a linked
//    folder or a linked file, from any project or from none — names one lock file, and a project
//    whose database sits beside its retort.toml keeps its locks in its own `.retort`. That folder
//    is Retort's (base/PrivateFiles.h: created 0700 with a .gitignore of "*"; the lock files
//    0600), so a lock never shows in `git status` and the clean-tree pre-flight ignores it.
//    A lock on the database itself would not do: a SQLite lock cannot be held across the run's
//    own per-step transactions (an immediate transaction on a second connection would block the
//    run's writes), and a flock() on the database file from a second descriptor risks SQLite's
//    own POSIX locks (closing any descriptor of a file drops them, and NFS emulates flock with
//    them). A lock file has the advisory locks' property that matters: it dies with the process.
//    The lock file is never removed. Unlinking a flock()ed file is racy: a process that opened it
//    before the unlink would lock the orphaned inode while a third creates and locks a new file
//    under the same name — two runners at once. An empty file in an ignored folder costs nothing.
//    Another account cannot take the lock in a 0700 folder it cannot enter: it gets an error,
//    never a run without the lock. In-memory databases need no lock (one connection only).
//  - PostgreSQL-wire servers without advisory locks (CockroachDB, whose pg_try_advisory_lock is a
//    stub that always succeeds; YugabyteDB before advisory locks, where the call fails): a row
//    in the table `retort_lock` beside the version table (created if missing), keyed by the
//    version table, naming the holder (OS user@host), host, pid, when it was taken and a token
//    of the lock object. Taken by an insert that does nothing when the key exists, released by
//    deleting the own row (by token). Chosen when version() names CockroachDB or the advisory
//    call fails (or forced by pretendNoAdvisoryLocks()). Unlike an advisory lock the row outlives
//    a killed runner: a row of this host whose pid no longer runs is stale and taken over; any
//    other row is reported by holder() (its session names the row, to delete by hand when that
//    runner is gone).
// Session-level on `db`: the run's own connection, whose per-step transactions do not touch it.
// The lock dies with the connection (a killed process, a dropped tunnel) and is released by
// release() or the destructor on every other path.
//
// Threading: call every member in the thread that owns `db` (the run's worker thread).
// acquire() blocks that thread while it polls; it is cancelled through `cancel` (an atomic the GUI
// thread may set) or its callback's return value.
class DatabaseLock final {
public:
    DatabaseLock(QSqlDatabase db, Dialect dialect, TableName versionTable);
    ~DatabaseLock(); // releases
    DatabaseLock(const DatabaseLock &) = delete;
    DatabaseLock &operator=(const DatabaseLock &) = delete;

    static qint64 postgresKey(const TableName &versionTable);
    static QString mysqlName(const QString &database, const TableName &versionTable);
    // The lock file for the SQLite database `database` (as QSqlDatabase::databaseName() has it;
    // relative to the working folder); empty for an in-memory one. Reads the file system (the
    // canonical path), creates nothing.
    static QString sqliteLockFile(const QString &database);

    // One attempt, never waits: true when taken now (or already held by this object).
    Result<bool> tryAcquire();
    // Polls tryAcquire() every `pollMs` until it succeeds, `timeoutMs` passed (< 0: forever), or a
    // cancel. Before each wait `onWait(holder, elapsedMs)` is called (in this thread); returning
    // false cancels. Errors: "timed out after N s waiting for the run lock, held by <holder>",
    // "cancelled while waiting for the run lock (held by <holder>)", or a database error.
    Status acquire(int timeoutMs,
                   const std::function<bool(const LockHolder &, qint64 elapsedMs)> &onWait = {},
                   const std::atomic<bool> *cancel = nullptr, int pollMs = 250);
    Status release();
    bool isHeld() const { return m_held; }

    // Test hook: PostgreSQL servers are treated as lacking advisory locks (the lock table is
    // used) while set. Process-wide.
    static void pretendNoAdvisoryLocks(bool pretend);
    // Whether this lock uses the lock table (known after the first tryAcquire()).
    bool usesLockTable() const { return m_mode == Mode::Table; }

    // Who holds the lock now (reads the audit trail beside the version table; best effort, never
    // fails).
    LockHolder holder() const;

private:
    QSqlDatabase m_db;
    Dialect m_dialect;
    TableName m_versionTable;
    Result<bool> tryAcquireRow();
    Status releaseRow();
    QString lockTable() const;

    enum class Mode { Unknown, Advisory, Table }; // PostgreSQL: which lock
    bool m_held = false;
    int m_fd = -1; // SQLite: the lock file
    Mode m_mode = Mode::Unknown;
    QString m_token; // the lock table row's token, while held
};

} // namespace retort

Q_DECLARE_METATYPE(retort::LockHolder)
