// The run lock's fallback for PostgreSQL-wire servers without advisory locks (CockroachDB,
// YugabyteDB): on the real PostgreSQL of tests/services with the capability pretended missing
// (DatabaseLock::pretendNoAdvisoryLocks), two runners contend through the `retort_lock` table.

#include "PostgresMariaDbSupport.h"

#include "db/Lock.h"

#include <QSysInfo>
#include <QThread>

using namespace retort;
using namespace retort::test;

namespace {

// Advisory locks pretended absent for one test.
struct NoAdvisoryLocks {
    NoAdvisoryLocks() { DatabaseLock::pretendNoAdvisoryLocks(true); }
    ~NoAdvisoryLocks() { DatabaseLock::pretendNoAdvisoryLocks(false); }
};

const TableName kVersionTable{QString(), QStringLiteral("alembic_version")};

} // namespace

TEST(LockFallback, TwoRunnersContendThroughTheLockTable)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    NoAdvisoryLocks pretend;
    const Dialect dialect = *Dialect::forDriver(QStringLiteral("postgresql"));

    ScopedConnection a;
    ASSERT_TRUE(a.open(db.env(), true, db.secrets()).ok());
    DatabaseLock first(a.db(), dialect, kVersionTable);
    auto got = first.tryAcquire();
    ASSERT_TRUE(got.ok()) << got.error().toString().toStdString();
    ASSERT_TRUE(*got);
    EXPECT_TRUE(first.usesLockTable());
    // A row names the holder; no advisory lock was taken.
    EXPECT_EQ(db.column("SELECT count(*) FROM retort_lock"), QStringList{"1"});
    EXPECT_EQ(db.column("SELECT pid FROM retort_lock"),
              QStringList{QString::number(QCoreApplication::applicationPid())});
    EXPECT_EQ(db.column("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"),
              QStringList{"0"});

    // A second runner (its own connection, in its own thread) waits, told who holds it, and
    // gets the lock once the first releases it.
    std::atomic<bool> secondHeld{false};
    QString waitedFor;
    Status secondStatus;
    std::unique_ptr<QThread> second(QThread::create([&] {
        ScopedConnection b;
        secondStatus = b.open(db.env(), true, db.secrets());
        if (!secondStatus)
            return;
        DatabaseLock lock(b.db(), dialect, kVersionTable);
        secondStatus = lock.acquire(
            10000,
            [&](const LockHolder &holder, qint64) {
                if (waitedFor.isEmpty())
                    waitedFor = holder.describe();
                return true;
            },
            nullptr, 50);
        secondHeld = secondStatus.ok() && lock.isHeld();
    }));
    second->start();
    QThread::msleep(600);
    EXPECT_FALSE(secondHeld.load());
    ASSERT_TRUE(first.release().ok());
    ASSERT_TRUE(second->wait(15000));
    EXPECT_TRUE(secondStatus.ok()) << secondStatus.error().toString().toStdString();
    EXPECT_TRUE(secondHeld.load());
    EXPECT_TRUE(waitedFor.contains("lock table retort_lock")) << waitedFor.toStdString();
    EXPECT_TRUE(waitedFor.contains(QString::number(QCoreApplication::applicationPid())))
        << waitedFor.toStdString();
    // The second runner's lock object released its row when it went away.
    EXPECT_EQ(db.column("SELECT count(*) FROM retort_lock"), QStringList{"0"});

    // While one holds it, a second attempt fails at once and a timeout names the holder.
    ASSERT_TRUE(*first.tryAcquire());
    ScopedConnection c;
    ASSERT_TRUE(c.open(db.env(), true, db.secrets()).ok());
    DatabaseLock third(c.db(), dialect, kVersionTable);
    EXPECT_FALSE(*third.tryAcquire());
    const Status timedOut = third.acquire(200, {}, nullptr, 50);
    ASSERT_FALSE(timedOut.ok());
    EXPECT_TRUE(timedOut.error().is(ErrorKind::LockTimeout));
    EXPECT_TRUE(timedOut.error().message.contains("retort_lock"))
        << timedOut.error().message.toStdString();
}

TEST(LockFallback, RowOfADeadProcessOnThisHostIsStale)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    NoAdvisoryLocks pretend;
    const Dialect dialect = *Dialect::forDriver(QStringLiteral("postgresql"));
    ScopedConnection a;
    ASSERT_TRUE(a.open(db.env(), true, db.secrets()).ok());
    {
        DatabaseLock lock(a.db(), dialect, kVersionTable);
        ASSERT_TRUE(*lock.tryAcquire()); // creates the table
    }
    // A runner that was killed: its process is gone (a shell that printed its pid and ended),
    // its row stays.
    QProcess gone;
    gone.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo $$")});
    ASSERT_TRUE(gone.waitForFinished());
    const qint64 pid = gone.readAllStandardOutput().trimmed().toLongLong();
    ASSERT_GT(pid, 0);
    ASSERT_EQ(db.exec(QStringLiteral("INSERT INTO retort_lock VALUES ('alembic_version', "
                                     "'someone@here', '%1', %2, now(), 'old')")
                          .arg(QSysInfo::machineHostName())
                          .arg(pid)),
              QString());
    DatabaseLock lock(a.db(), dialect, kVersionTable);
    auto got = lock.tryAcquire();
    ASSERT_TRUE(got.ok());
    EXPECT_TRUE(*got) << "a dead runner's row of this host is taken over";

    // A row of another host is never taken over.
    ASSERT_TRUE(lock.release().ok());
    ASSERT_EQ(db.exec("INSERT INTO retort_lock VALUES ('alembic_version', 'bob@elsewhere', "
                      "'elsewhere', 1, now(), 'other')"),
              QString());
    DatabaseLock other(a.db(), dialect, kVersionTable);
    EXPECT_FALSE(*other.tryAcquire());
    EXPECT_TRUE(other.holder().describe().contains("bob@elsewhere"));
}
