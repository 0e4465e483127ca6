// Production safety on SQLite and in pure functions: the run lock between two real retort-cli
// processes, the audit trail, a runner killed mid-migration, edited and missing scripts, backups
// and the protected pre-flight.
#include "audit/EditedScripts.h"
#include "db/AuditTrail.h"
#include "db/Dialect.h"
#include "db/Lock.h"
#include "project/Project.h"
#include "safety/Backup.h"
#include "safety/Preflight.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <thread>

using namespace retort;

namespace {

struct CliRun {
    int code = -1;
    QString out;
    QString err;
};

CliRun runCli(const QString &project, const QStringList &args)
{
    QProcess p;
    p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", project} + args);
    p.waitForFinished(120000);
    return CliRun{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                  QString::fromUtf8(p.readAllStandardError())};
}

void write(const QString &path, const QString &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

QString script(const QString &id, const QString &revises, const QString &up, const QString &down,
               bool transactional = true)
{
    return QStringLiteral("-- Step %1\n--\n-- Revision ID: %1\n-- Revises: %2\n-- Transactional: "
                          "%5\n\n-- migrate:upgrade\n%3\n\n-- migrate:downgrade\n%4\n")
        .arg(id, revises, up, down, transactional ? "true" : "false");
}

// ~2 s of SQLite work in one statement.
const QString kSlow = "CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT "
                      "x + 1 FROM c WHERE x < 12000000) SELECT count(*) AS n FROM c;";

// A project with `local` (sqlite) and `production` (sqlite, protected); the first migration is
// slow when `slow`.
QString makeProject(const QTemporaryDir &dir, bool slow = false)
{
    const QString root = dir.path() + "/proj";
    QDir().mkpath(root + "/versions");
    write(root + "/retort.toml", "[project]\nname = \"s\"\n\n[environments.local]\n"
                                 "driver = \"sqlite\"\ndatabase = \"local.db\"\n\n"
                                 "[environments.production]\ndriver = \"sqlite\"\n"
                                 "database = \"prod.db\"\nprotected = true\n");
    write(root + "/versions/aaaa00000001_one.sql",
          script("aaaa00000001", "",
                 (slow ? kSlow + "\n" : QString()) + "CREATE TABLE one (id INTEGER);",
                 "DROP TABLE one;"));
    write(root + "/versions/bbbb00000002_two.sql",
          script("bbbb00000002", "aaaa00000001", "CREATE TABLE two (id INTEGER);",
                 "DROP TABLE two;"));
    return root;
}

QList<QStringList> query(const QString &dbPath, const QString &sql)
{
    static int serial = 0;
    const QString name = QStringLiteral("safety-%1").arg(++serial);
    QList<QStringList> rows;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
        db.setDatabaseName(dbPath);
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << q.value(i).toString();
            rows << row;
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

} // namespace

TEST(UnifiedDiff, ShowsTheChangedLinesWithContext)
{
    const QString before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    const QString after = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
    const QString diff = unifiedDiff(before, after, "old", "new");
    EXPECT_EQ(diff.toStdString(), "--- old\n+++ new\n"
                                  "@@ -1,8 +1,9 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n+i\n");
    EXPECT_TRUE(unifiedDiff(before, before, "x", "y").isEmpty());
    // Far-apart changes make two hunks.
    const QString far = unifiedDiff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
                                    "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny\n", "a", "b");
    EXPECT_EQ(far.count("@@ -"), 2) << far.toStdString();
    EXPECT_TRUE(far.contains("@@ -1,4 +1,4 @@\n-1\n+x\n")) << far.toStdString();
}

TEST(Safety, TwoRunnersAtOnceApplyEachMigrationOnceAndTheSecondIsToldWhoHoldsTheLock)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, true);
    QProcess a, b;
    const QStringList args{"--project", root, "--env", "local", "upgrade", "heads"};
    a.start(QString::fromUtf8(RETORT_CLI_PATH), args);
    b.start(QString::fromUtf8(RETORT_CLI_PATH), args);
    ASSERT_TRUE(a.waitForFinished(120000));
    ASSERT_TRUE(b.waitForFinished(120000));
    const QString errA = QString::fromUtf8(a.readAllStandardError());
    const QString errB = QString::fromUtf8(b.readAllStandardError());
    const QString outA = QString::fromUtf8(a.readAllStandardOutput());
    const QString outB = QString::fromUtf8(b.readAllStandardOutput());
    EXPECT_EQ(a.exitCode(), 0) << errA.toStdString();
    EXPECT_EQ(b.exitCode(), 0) << errB.toStdString();

    // Each migration ran exactly once.
    const QString db = root + "/local.db";
    const auto rows =
        query(db, "SELECT revision, direction, outcome FROM retort_history ORDER BY id");
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[0], (QStringList{"aaaa00000001", "upgrade", "succeeded"}));
    EXPECT_EQ(rows[1], (QStringList{"bbbb00000002", "upgrade", "succeeded"}));
    EXPECT_EQ(outA.count("Running upgrade") + outB.count("Running upgrade"), 2);
    // The one that waited was told who held the lock (from the audit trail's running row).
    const QString waited = errA.contains("waiting for the run lock") ? errA : errB;
    const QRegularExpression holder("held by \\S+@\\S+ since \\S+, running upgrade");
    EXPECT_TRUE(holder.match(waited).hasMatch()) << errA.toStdString() << errB.toStdString();
    EXPECT_TRUE(waited.contains("planned again: 0 step(s)")) << waited.toStdString();
}

TEST(Safety, AKilledRunnerLeavesAnInterruptedRowAndAFreeLock)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, true);
    QProcess p;
    p.start(QString::fromUtf8(RETORT_CLI_PATH),
            {"--project", root, "--env", "local", "upgrade", "heads"});
    ASSERT_TRUE(p.waitForStarted());
    // Wait for the running row of the slow step, then kill the runner mid-statement.
    const QString db = root + "/local.db";
    QElapsedTimer t;
    t.start();
    bool running = false;
    while (!running && t.elapsed() < 20000) {
        QThread::msleep(50);
        if (QFile::exists(db) &&
            !query(db, "SELECT name FROM sqlite_master WHERE name = 'retort_history'").isEmpty())
            running =
                !query(db, "SELECT id FROM retort_history WHERE outcome = 'running'").isEmpty();
    }
    ASSERT_TRUE(running);
    QThread::msleep(200);
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished();
    ASSERT_EQ(p.exitStatus(), QProcess::CrashExit);

    // The step rolled back (transactional); the running row stays, reported as interrupted.
    EXPECT_TRUE(
        query(db, "SELECT name FROM sqlite_master WHERE name = 'alembic_version'").isEmpty());
    CliRun log = runCli(root, {"--env", "local", "log"});
    EXPECT_EQ(log.code, 0) << log.err.toStdString();
    EXPECT_TRUE(log.out.contains("upgrade <base> -> aaaa00000001 interrupted"))
        << log.out.toStdString();
    EXPECT_TRUE(log.out.contains("rolled back")) << log.out.toStdString();
    CliRun json = runCli(root, {"--env", "local", "--json", "log"});
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_FALSE(o["locked"].toBool());
    EXPECT_EQ(o["entries"].toArray().at(0).toObject()["outcome"].toString(), "interrupted");

    CliRun status = runCli(root, {"status"});
    EXPECT_TRUE(status.out.contains("interrupted run: #1")) << status.out.toStdString();

    // The next run: the lock is free (it died with the process), it sees the interrupted row.
    CliRun next = runCli(root, {"--env", "local", "--lock-timeout", "5", "upgrade", "heads"});
    EXPECT_EQ(next.code, 0) << next.err.toStdString();
    EXPECT_TRUE(next.err.contains("an earlier run was interrupted")) << next.err.toStdString();
    const auto rows = query(db, "SELECT outcome FROM retort_history ORDER BY id");
    ASSERT_EQ(rows.size(), 3);
    EXPECT_EQ(rows[0][0], "interrupted");
    EXPECT_EQ(rows[1][0], "succeeded");
    EXPECT_EQ(rows[2][0], "succeeded");
}

TEST(Safety, AnEditedAppliedScriptFailsCheckWithADiff)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(runCli(root, {"--env", "local", "upgrade", "heads"}).code, 0);
    EXPECT_EQ(runCli(root, {"--env", "local", "check"}).code, 0);
    // The audit trail has the text that was run.
    const auto applied = query(root + "/local.db",
                               "SELECT script FROM retort_history WHERE revision = 'aaaa00000001'");
    ASSERT_EQ(applied.size(), 1);
    EXPECT_TRUE(applied[0][0].contains("CREATE TABLE one (id INTEGER);"));

    const QString path = root + "/versions/aaaa00000001_one.sql";
    write(path, script("aaaa00000001", "", "CREATE TABLE one (id INTEGER, name TEXT);",
                       "DROP TABLE one;"));
    CliRun r = runCli(root, {"--env", "local", "check"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("versions/aaaa00000001_one.sql")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("edited after it was applied")) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("-CREATE TABLE one (id INTEGER);\n")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("+CREATE TABLE one (id INTEGER, name TEXT);\n"))
        << r.out.toStdString();
    // Without an environment, check looks at the files only (unchanged behaviour).
    EXPECT_EQ(runCli(root, {"check"}).code, 0);
}

TEST(Safety, AVersionRowWithoutAScriptIsFlagged)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(runCli(root, {"--env", "local", "upgrade", "heads"}).code, 0);
    ASSERT_TRUE(QFile::remove(root + "/versions/bbbb00000002_two.sql"));
    CliRun r = runCli(root, {"--env", "local", "check"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("bbbb00000002, which is not in the project")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("restore its script")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("stamp")) << r.err.toStdString();
}

TEST(Safety, SqliteBackupIsAConsistentRestorableCopy)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(runCli(root, {"--env", "local", "upgrade", "heads"}).code, 0);
    CliRun r = runCli(root, {"--env", "local", "--json", "backup"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    const QJsonObject b = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QString path = b["path"].toString();
    EXPECT_TRUE(path.startsWith(root + "/.retort/backups/local/local-")) << path.toStdString();
    EXPECT_GT(b["size"].toInteger(), 0);
    EXPECT_EQ(QFileInfo(path).size(), b["size"].toInteger());
    EXPECT_TRUE(b["restore_command"].toString().contains(".restore"));
    // Restorable: the copy has the same schema and rows.
    const QString schema = "SELECT name, sql FROM sqlite_master ORDER BY name";
    EXPECT_EQ(query(path, schema), query(root + "/local.db", schema));
    EXPECT_EQ(query(path, "SELECT version_num FROM alembic_version"),
              (QList<QStringList>{{"bbbb00000002"}}));
    CliRun list = runCli(root, {"--env", "local", "backup", "--list"});
    EXPECT_TRUE(list.out.contains(path)) << list.out.toStdString();
}

TEST(Safety, AProtectedRunWithoutABackupIsRefusedUnlessOverriddenAndRecorded)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(runCli(root, {"--env", "local", "upgrade", "heads"}).code, 0);
    // prod.db exists at the first revision, so there is something to back up.
    ASSERT_EQ(runCli(root, {"--env", "production", "--confirm", "production", "--no-backup",
                            "--override-preflight", "first", "stamp", "aaaa00000001"})
                  .code,
              0);
    const QString prod = root + "/prod.db";

    CliRun r = runCli(root, {"--env", "production", "--confirm", "production", "--no-backup",
                             "upgrade", "heads"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("pre-flight checks failed")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("fresh-backup")) << r.err.toStdString();
    EXPECT_EQ(query(prod, "SELECT version_num FROM alembic_version"),
              (QList<QStringList>{{"aaaa00000001"}}));

    // A backup that cannot be written stops the run too.
    r = runCli(root, {"--env", "production", "--confirm", "production", "--backup-dir",
                      "/proc/retort-no-such-dir", "upgrade", "heads"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("nothing was run")) << r.err.toStdString();
    EXPECT_EQ(query(prod, "SELECT version_num FROM alembic_version"),
              (QList<QStringList>{{"aaaa00000001"}}));

    // With the automatic backup every check passes (tested on local, not a git checkout).
    r = runCli(root, {"--env", "production", "--confirm", "production", "upgrade", "heads"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    // The backup is taken under the run lock right before the first step: the pre-flight
    // check says so, and the run prints where the backup went.
    EXPECT_TRUE(r.err.contains("[skipped] A fresh backup")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("Backup: ")) << r.err.toStdString();
    // The checks come first; the backup is the run session's, after them.
    EXPECT_LT(r.err.indexOf("Pre-flight checks for production"),
              r.err.indexOf("Backing up production"))
        << r.err.toStdString();
    Environment production;
    production.name = "production";
    production.driver = "sqlite";
    EXPECT_EQ(listBackups(production, root + "/.retort/backups/production").size(), 1u);
    EXPECT_EQ(query(prod, "SELECT version_num FROM alembic_version"),
              (QList<QStringList>{{"bbbb00000002"}}));

    // An override is recorded in the audit row (the downgrade never ran on local).
    r = runCli(root, {"--env", "production", "--confirm", "production", "--no-backup",
                      "--override-preflight", "hotfix, approved by Bob", "downgrade", "-1"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    const auto notes = query(prod, "SELECT note FROM retort_history ORDER BY id DESC LIMIT 1");
    ASSERT_EQ(notes.size(), 1);
    EXPECT_TRUE(notes[0][0].contains("pre-flight overridden by")) << notes[0][0].toStdString();
    EXPECT_TRUE(notes[0][0].contains("tested-elsewhere")) << notes[0][0].toStdString();
    EXPECT_TRUE(notes[0][0].contains("hotfix, approved by Bob")) << notes[0][0].toStdString();
}

TEST(Safety, ProtectedRunNeedsTheMigrationsTestedElsewhere)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    CliRun r = runCli(root, {"--env", "production", "--confirm", "production", "upgrade", "heads"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("[FAILED] Every migration of the plan already succeeded"))
        << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("upgrade aaaa00000001 has not succeeded")) << r.err.toStdString();
    EXPECT_FALSE(QFile::exists(root + "/prod.db"));

    // A database that exists is not backed up by a run the checks refused: the backup is taken
    // only for a confirmed run that passed them, right before its first step.
    ASSERT_EQ(runCli(root, {"--env", "production", "--confirm", "production", "--no-backup",
                            "--override-preflight", "first", "stamp", "aaaa00000001"})
                  .code,
              0);
    r = runCli(root, {"--env", "production", "--confirm", "production", "upgrade", "heads"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("pre-flight checks failed")) << r.err.toStdString();
    EXPECT_TRUE(QDir(root + "/.retort/backups/production")
                    .entryList(QDir::Files | QDir::NoDotAndDotDot)
                    .isEmpty());
}

TEST(Safety, CleanWorkingTreeCheckUsesGit)
{
    if (QStandardPaths::findExecutable("git").isEmpty())
        GTEST_SKIP() << "git is not installed";
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    EXPECT_EQ(checkCleanWorkingTree(root).state, PreflightCheck::State::Skipped);
    const auto git = [&](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(root);
        p.start("git", QStringList{"-c", "user.name=t", "-c", "user.email=t@e"} + args);
        p.waitForFinished();
        return p.exitCode();
    };
    ASSERT_EQ(git({"init", "-q"}), 0);
    EXPECT_EQ(checkCleanWorkingTree(root).state, PreflightCheck::State::Failed); // no commit
    ASSERT_EQ(git({"add", "."}), 0);
    ASSERT_EQ(git({"commit", "-q", "-m", "x"}), 0);
    EXPECT_EQ(checkCleanWorkingTree(root).state, PreflightCheck::State::Passed);
    // Backups (.retort) never make it dirty; an edited script does.
    ASSERT_EQ(runCli(root, {"--env", "local", "upgrade", "heads"}).code, 0);
    ASSERT_EQ(runCli(root, {"--env", "local", "backup"}).code, 0);
    // Run locks live in .retort too (db/Lock.h): ignoring the databases is enough.
    write(root + "/.gitignore", "*.db\n.gitignore\n");
    EXPECT_EQ(checkCleanWorkingTree(root).state, PreflightCheck::State::Passed)
        << checkCleanWorkingTree(root).detail.toStdString();
    write(root + "/versions/bbbb00000002_two.sql", "-- changed\n");
    const PreflightCheck dirty = checkCleanWorkingTree(root);
    EXPECT_EQ(dirty.state, PreflightCheck::State::Failed);
    EXPECT_TRUE(dirty.detail.contains("versions/bbbb00000002_two.sql"))
        << dirty.detail.toStdString();
}

namespace {

// An interrupted step in `dbPath`'s audit trail: a running row nobody is running.
void writeRunningRow(const QString &dbPath)
{
    const QString name = QStringLiteral("safety-running");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dbPath);
        ASSERT_TRUE(db.open());
        AuditTrail trail(*Dialect::forDriver(QStringLiteral("sqlite")));
        ASSERT_TRUE(trail.ensure(db).ok());
        AuditEntry e;
        e.runId = QStringLiteral("run-1");
        e.revision = QStringLiteral("aaaa00000001");
        e.direction = QStringLiteral("upgrade");
        e.toRevisions = {e.revision};
        e.runStartedAt = e.startedAt = QDateTime::currentDateTimeUtc();
        e.operatorName = QStringLiteral("ci@build");
        e.statement = 1;
        e.retortVersion = QStringLiteral("0.1.0");
        e.scriptSha256 = QStringLiteral("0");
        ASSERT_TRUE(trail.insertRunning(db, e).ok());
    }
    QSqlDatabase::removeDatabase(name);
}

// Holds the run lock of `dbPath` from another connection and thread for `ms`.
class LockHolderThread {
public:
    LockHolderThread(const QString &dbPath, int ms)
        : m_thread([dbPath, ms, this] {
              const QString name = QStringLiteral("safety-holder");
              {
                  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                  db.setDatabaseName(dbPath);
                  db.open();
                  DatabaseLock lock(db, *Dialect::forDriver(QStringLiteral("sqlite")),
                                    TableName{{}, QStringLiteral("alembic_version")});
                  const Result<bool> got = lock.tryAcquire();
                  m_took = got.ok() && *got;
                  m_ready.store(true);
                  QThread::msleep(static_cast<unsigned long>(ms));
                  (void)lock.release();
              }
              QSqlDatabase::removeDatabase(name);
          })
    {
        while (!m_ready.load())
            QThread::msleep(1);
    }
    ~LockHolderThread() { m_thread.join(); }
    bool took() const { return m_took; }

private:
    std::atomic<bool> m_ready{false};
    bool m_took = false;
    std::thread m_thread;
};

} // namespace

TEST(Safety, AReaderHoldingTheLockBrieflyDoesNotHideAnInterruptedRun)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    const QString db = root + "/local.db";
    writeRunningRow(db);
    Environment env;
    env.name = QStringLiteral("local");
    env.driver = QStringLiteral("sqlite");
    env.database = db;
    const TableName table{{}, QStringLiteral("alembic_version")};

    { // another reader (the GUI reads twice at once): holds the lock for a moment
        LockHolderThread reader(db, 150);
        ASSERT_TRUE(reader.took());
        bool held = true;
        auto rows = readHistory(env, table, {}, 0, false, &held);
        ASSERT_TRUE(rows.ok()) << rows.error().message.toStdString();
        ASSERT_EQ(rows->size(), 1u);
        EXPECT_EQ(rows->front().outcome, AuditOutcome::Interrupted);
        EXPECT_FALSE(held);
    }
    { // a runner: holds it for longer than a read, so the row is a live one
        LockHolderThread runner(db, 2500);
        ASSERT_TRUE(runner.took());
        bool held = false;
        auto rows = readHistory(env, table, {}, 0, false, &held);
        ASSERT_TRUE(rows.ok());
        ASSERT_EQ(rows->size(), 1u);
        EXPECT_EQ(rows->front().outcome, AuditOutcome::Running);
        EXPECT_TRUE(held);
    }
}

namespace {

// A connection to the SQLite file at `path` (as given: relative, through links) and its run lock.
struct Locker {
    QString name;
    QSqlDatabase db;
    std::unique_ptr<DatabaseLock> lock;

    explicit Locker(const QString &path) : name(QStringLiteral("locker-%1").arg(path))
    {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        EXPECT_TRUE(db.open()) << path.toStdString();
        lock = std::make_unique<DatabaseLock>(db, *Dialect::forDriver(QStringLiteral("sqlite")),
                                              TableName{{}, QStringLiteral("alembic_version")});
    }
    ~Locker()
    {
        lock.reset();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    bool take()
    {
        const Result<bool> got = lock->tryAcquire();
        EXPECT_TRUE(got.ok()) << got.error().message.toStdString();
        return got.ok() && *got;
    }
};

} // namespace

// One database reached by different paths — a linked file, a linked folder, a relative path — is
// one lock: its file is named from the canonical path, in .retort/locks of the database's folder
// (here outside any project), never beside the database.
TEST(Safety, TwoLockersOfOneDatabaseExcludeEachOtherWhateverPathTheyUse)
{
    QTemporaryDir dir;
    const QString data = dir.filePath("data");
    QDir().mkpath(data);
    const QString db = data + "/app.db";
    ASSERT_TRUE(QFile::link(db, dir.filePath("app-link.db")));
    ASSERT_TRUE(QFile::link(data, dir.filePath("alias")));
    const QString cwd = QDir::currentPath();
    ASSERT_TRUE(QDir::setCurrent(dir.path()));
    const auto restoreCwd = qScopeGuard([&] { QDir::setCurrent(cwd); });

    Locker holder(db);
    ASSERT_TRUE(holder.take());
    for (const QString &other : {dir.filePath("app-link.db"), dir.filePath("alias/app.db"),
                                 QString("data/../alias/./app.db"), QString("app-link.db")}) {
        Locker second(other);
        EXPECT_FALSE(second.take()) << other.toStdString() << " took a lock that is held";
        EXPECT_EQ(DatabaseLock::sqliteLockFile(other), DatabaseLock::sqliteLockFile(db));
    }
    ASSERT_TRUE(holder.lock->release().ok());
    Locker after(dir.filePath("app-link.db"));
    EXPECT_TRUE(after.take()) << "the lock is free once released";

    EXPECT_EQ(DatabaseLock::sqliteLockFile(db), data + "/.retort/locks/app.db.lock");
    EXPECT_TRUE(QFile::exists(data + "/.retort/locks/app.db.lock"));
    EXPECT_TRUE(QFile::exists(data + "/.retort/.gitignore"));
    const QStringList beside = QDir(dir.path()).entryList({"*-retort-lock"}, QDir::AllEntries) +
                               QDir(data).entryList({"*-retort-lock"}, QDir::AllEntries);
    EXPECT_TRUE(beside.isEmpty()) << beside.join(", ").toStdString();
}

// Anything in a .retort folder, at any depth and even without its .gitignore, is Retort's own
// (backups, run locks of a database in a subfolder): the clean-tree check ignores it.
TEST(Safety, CleanWorkingTreeCheckIgnoresRetortFoldersAtAnyDepth)
{
    if (QStandardPaths::findExecutable("git").isEmpty())
        GTEST_SKIP() << "git is not installed";
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    QProcess git;
    git.setWorkingDirectory(root);
    git.start("sh", {"-c", "git init -q && git add . && git -c user.name=t -c user.email=t@e "
                           "commit -q -m x"});
    ASSERT_TRUE(git.waitForFinished() && git.exitCode() == 0);
    QDir().mkpath(root + "/.retort/backups/production");
    write(root + "/.retort/backups/production/production-1.sqlite", "copy");
    QDir().mkpath(root + "/data/.retort/locks");
    write(root + "/data/.retort/locks/app.db.lock", "");
    const PreflightCheck check = checkCleanWorkingTree(root);
    EXPECT_EQ(check.state, PreflightCheck::State::Passed) << check.detail.toStdString();
    write(root + "/data/app.retort", "not Retort's");
    EXPECT_EQ(checkCleanWorkingTree(root).state, PreflightCheck::State::Failed);
}
