// The run session: the one run path of the window and the command line, on real SQLite files.
#include "workflows/RunSession.h"
#include "db/Dialect.h"
#include "db/Lock.h"
#include "db/VersionTable.h"
#include "project/Workspace.h"
#include "safety/ProtectedRun.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <thread>

using namespace retort;

namespace {

// Records what the session reported.
struct Recorder final : RunObserver {
    QStringList events;
    std::function<void()> onLockWait;
    void lockWaiting(const LockHolder &, qint64) override
    {
        events << QStringLiteral("lock-wait");
        if (onLockWait)
            onLockWait();
    }
    void replanned(const QStringList &rows, const Plan &plan) override
    {
        events << QStringLiteral("replanned %1 -> %2 steps")
                      .arg(rows.join(u','))
                      .arg(plan.steps.size());
    }
    void backingUp(const Environment &) override { events << QStringLiteral("backing-up"); }
    void backedUp(const BackupInfo &) override { events << QStringLiteral("backed-up"); }
    void stepStarted(int step, int, const PlanStep &s) override
    {
        events << QStringLiteral("step %1 %2").arg(step).arg(s.revision);
    }
};

// A native project: `local` (SQLite) and `production` (SQLite, protected); a1 -> b2 -> c3.
class SessionProject final {
public:
    SessionProject()
    {
        write("retort.toml", "[project]\nname = \"sessiontest\"\n\n[environments.local]\n"
                             "driver = \"sqlite\"\ndatabase = \"local.db\"\n\n"
                             "[environments.production]\ndriver = \"sqlite\"\n"
                             "database = \"prod.db\"\nprotected = true\n");
        script("aaaa00000001", "", "CREATE TABLE a (id INT);", "DROP TABLE a;");
        script("bbbb00000002", "aaaa00000001", "CREATE TABLE b (id INT);", "DROP TABLE b;");
        script("cccc00000003", "bbbb00000002", "CREATE TABLE c (id INT);", "DROP TABLE c;");
        auto ws = Workspace::load(m_dir.path());
        EXPECT_TRUE(ws.ok());
        if (ws.ok())
            workspace = std::shared_ptr<const Workspace>(std::move(*ws));
    }

    const Environment &env(const char *name) const
    {
        return *workspace->project().environment(QString::fromUtf8(name));
    }
    QString path(const char *rel) const { return m_dir.filePath(QString::fromUtf8(rel)); }
    QString root() const { return m_dir.path(); }

    RunRequest request(const char *envName, const QStringList &rows, const QString &target,
                       MigrationAction action = MigrationAction::Upgrade) const
    {
        RunRequest r;
        r.workspace = workspace;
        r.environment = env(envName);
        PlanRequest pr;
        pr.action = action;
        pr.targets = {target};
        auto planned = makePlan(*workspace, QStringLiteral("sqlite"), rows, pr);
        EXPECT_TRUE(planned.ok()) << (planned ? "" : planned.error().message.toStdString());
        if (planned)
            r.plan = planned->plan;
        if (isReplannable(pr))
            r.replan = pr;
        r.lockTimeoutMs = 5000;
        return r;
    }
    QStringList heads(const char *envName) const
    {
        auto rows = readHeads(env(envName), workspace->project().versionTableName());
        EXPECT_TRUE(rows.ok());
        return rows.ok() ? *rows : QStringList{};
    }
    QStringList backups() const
    {
        return QDir(path(".retort/backups/production"))
            .entryList(QDir::Files | QDir::NoDotAndDotDot);
    }
    // Applies `target` to `envName` directly, as another runner would have.
    void upgrade(const char *envName, const QString &target) const
    {
        RunSession session(request(envName, heads(envName), target));
        Recorder r;
        ASSERT_TRUE(session.run(r).status.ok());
    }

    std::shared_ptr<const Workspace> workspace;

private:
    void write(const char *rel, const QByteArray &text)
    {
        QFile f(m_dir.filePath(QString::fromUtf8(rel)));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    void script(const char *rev, const char *down, const char *up, const char *downSql)
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("versions"));
        const QByteArray text = QByteArray("-- step ") + rev + "\n--\n-- Revision ID: " + rev +
                                "\n-- Revises: " + down +
                                "\n-- Create Date: 2026-01-01 00:00:00\n\n-- migrate:upgrade\n" +
                                up + "\n\n-- migrate:downgrade\n" + downSql + "\n";
        write((QByteArray("versions/") + rev + "_step.sql").constData(), text);
    }
    QTemporaryDir m_dir;
};

} // namespace

TEST(RunSession, RunsTheConfirmedPlanUnderTheLockAndReportsEachStep)
{
    SessionProject p;
    RunSession session(p.request("local", {}, QStringLiteral("heads")));
    Recorder r;
    const RunOutcome out = session.run(r);
    ASSERT_TRUE(out.status.ok()) << out.status.error().message.toStdString();
    EXPECT_TRUE(out.ran);
    EXPECT_FALSE(out.replanned);
    EXPECT_FALSE(out.backup.has_value()); // not protected
    EXPECT_EQ(r.events,
              (QStringList{"step 1 aaaa00000001", "step 2 bbbb00000002", "step 3 cccc00000003"}));
    EXPECT_EQ(p.heads("local"), QStringList{"cccc00000003"});
}

TEST(RunSession, AnAbsoluteTargetIsPlannedAgainWhenTheDatabaseMovedMeanwhile)
{
    SessionProject p;
    RunRequest request = p.request("local", {}, QStringLiteral("heads")); // planned at base
    p.upgrade("local", QStringLiteral("aaaa00000001"));                   // then it moved
    RunSession session(request);
    Recorder r;
    const RunOutcome out = session.run(r);
    ASSERT_TRUE(out.status.ok()) << out.status.error().message.toStdString();
    EXPECT_TRUE(out.replanned);
    EXPECT_EQ(out.plan.steps.size(), 2u);
    EXPECT_EQ(r.events.front(), QStringLiteral("replanned aaaa00000001 -> 2 steps"));
    EXPECT_EQ(p.heads("local"), QStringList{"cccc00000003"});
}

TEST(RunSession, ARelativeTargetIsNotReappliedWhenTheDatabaseMoved)
{
    SessionProject p;
    p.upgrade("local", QStringLiteral("heads"));
    RunRequest request =
        p.request("local", p.heads("local"), QStringLiteral("-1"), MigrationAction::Downgrade);
    EXPECT_FALSE(request.replan.has_value());
    p.upgrade("local", QStringLiteral("cccc00000003")); // no move: still at c3
    {
        RunSession once(request);
        Recorder r;
        ASSERT_TRUE(once.run(r).status.ok());
    }
    EXPECT_EQ(p.heads("local"), QStringList{"bbbb00000002"});
    // The same request again: the database is no longer where the plan started.
    RunSession again(request);
    Recorder r;
    const RunOutcome out = again.run(r);
    ASSERT_FALSE(out.status.ok());
    EXPECT_EQ(out.status.error().kind, ErrorKind::Refused);
    EXPECT_TRUE(out.status.error().message.contains("make the plan again"));
    EXPECT_FALSE(out.ran);
    EXPECT_EQ(p.heads("local"), QStringList{"bbbb00000002"});
}

TEST(RunSession, AProtectedEnvironmentIsBackedUpRightBeforeTheFirstStep)
{
    SessionProject p;
    p.upgrade("production", QStringLiteral("aaaa00000001")); // the file exists: back it up
    RunRequest request = p.request("production", p.heads("production"), QStringLiteral("heads"));
    RunSession session(request);
    Recorder r;
    const RunOutcome out = session.run(r);
    ASSERT_TRUE(out.status.ok()) << out.status.error().message.toStdString();
    ASSERT_TRUE(out.backup.has_value());
    EXPECT_TRUE(QFile::exists(out.backup->path));
    EXPECT_EQ(r.events, (QStringList{"backing-up", "backed-up", "step 1 bbbb00000002",
                                     "step 2 cccc00000003"}));
    EXPECT_EQ(p.backups().size(), 1);
}

TEST(RunSession, AProtectedEnvironmentThatMovedIsRefusedAndNotBackedUp)
{
    SessionProject p;
    p.upgrade("production", QStringLiteral("aaaa00000001"));
    RunRequest request = p.request("production", {}, QStringLiteral("heads")); // stale rows
    RunSession session(request);
    Recorder r;
    const RunOutcome out = session.run(r);
    ASSERT_FALSE(out.status.ok());
    EXPECT_EQ(out.status.error().kind, ErrorKind::Refused);
    EXPECT_TRUE(out.status.error().message.contains("protected"))
        << out.status.error().message.toStdString();
    EXPECT_FALSE(out.ran);
    EXPECT_TRUE(p.backups().isEmpty());
    EXPECT_EQ(p.heads("production"), QStringList{"aaaa00000001"});
}

TEST(RunSession, NoBackupWhenThePolicySaysSoOrNothingRuns)
{
    SessionProject p;
    p.upgrade("production", QStringLiteral("heads"));
    {
        RunRequest request = p.request("production", p.heads("production"), "heads");
        RunSession session(request); // already at heads: nothing to run, nothing to back up
        Recorder r;
        ASSERT_TRUE(session.run(r).status.ok());
    }
    {
        RunRequest request =
            p.request("production", p.heads("production"), "base", MigrationAction::Downgrade);
        RunSession session(request);
        Recorder r;
        ASSERT_TRUE(session.run(r).status.ok()); // downgrade to base: backed up
    }
    EXPECT_EQ(p.backups().size(), 1);
    {
        RunRequest request = p.request("production", p.heads("production"), "heads");
        request.protection.takeBackup = false; // --no-backup
        RunSession session(request);
        Recorder r;
        ASSERT_TRUE(session.run(r).status.ok());
    }
    EXPECT_EQ(p.backups().size(), 1);
}

TEST(RunSession, AnotherRunnersLockTimesOutWithItsKindAndCreatesNoDatabase)
{
    SessionProject p;
    p.upgrade("local", QStringLiteral("aaaa00000001"));
    // Another runner holds the lock on the same database file.
    const QString name = QStringLiteral("other-runner");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(p.path("local.db"));
        ASSERT_TRUE(db.open());
        DatabaseLock lock(db, *Dialect::forDriver(QStringLiteral("sqlite")),
                          p.workspace->project().versionTableName());
        ASSERT_TRUE(lock.acquire(0).ok());
        RunRequest request = p.request("local", p.heads("local"), "heads");
        request.lockTimeoutMs = 600;
        RunSession session(request);
        Recorder r;
        const RunOutcome out = session.run(r);
        ASSERT_FALSE(out.status.ok());
        EXPECT_EQ(out.status.error().kind, ErrorKind::LockTimeout);
        EXPECT_TRUE(r.events.contains("lock-wait"));
        EXPECT_FALSE(out.ran);
        // Cancelled while waiting: its own kind.
        request.lockTimeoutMs = -1;
        RunSession cancelled(request);
        Recorder c;
        c.onLockWait = [&] { cancelled.cancel(); };
        const RunOutcome stopped = cancelled.run(c);
        ASSERT_FALSE(stopped.status.ok());
        EXPECT_EQ(stopped.status.error().kind, ErrorKind::Cancelled);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    EXPECT_EQ(p.heads("local"), QStringList{"aaaa00000001"});
}

TEST(RunSession, ARunThatNeverStartedLeavesNoNewSqliteFile)
{
    SessionProject p;
    RunRequest request = p.request("local", {}, "heads");
    request.plan.headsBefore = {QStringLiteral("bbbb00000002")}; // as if it had moved
    request.replan.reset();
    RunSession session(request);
    Recorder r;
    const RunOutcome out = session.run(r);
    ASSERT_FALSE(out.status.ok());
    EXPECT_FALSE(QFile::exists(p.path("local.db")));
}

TEST(ProtectedRun, TheFreshBackupCheckIsSkippedWhenTheRunBacksUpAndMadeWhenItDoesNot)
{
    SessionProject p;
    p.upgrade("production", QStringLiteral("aaaa00000001"));
    const Environment &prod = p.env("production");
    RunRequest request = p.request("production", p.heads("production"), "heads");
    const SecretsProvider none = [](const Environment &) { return ConnectionSecrets{}; };
    ProtectedRunPolicy policy;
    policy.backupFolder = p.path(".retort/backups/production");
    PreflightReport report = checkBeforeRun(*p.workspace, prod, request.plan, none, policy);
    ASSERT_EQ(report.checks.size(), 3u);
    EXPECT_EQ(report.checks[2].state, PreflightCheck::State::Skipped);
    EXPECT_TRUE(p.backups().isEmpty()); // checking never writes a backup
    policy.takeBackup = false;
    report = checkBeforeRun(*p.workspace, prod, request.plan, none, policy);
    EXPECT_EQ(report.checks[2].state, PreflightCheck::State::Failed); // none exists
    EXPECT_EQ(report.checks[2].name, QStringLiteral("fresh-backup"));
}

TEST(Workspace, ProblemsCarryTheKindOfWhereTheyCameFrom)
{
    QTemporaryDir dir;
    QDir(dir.path()).mkpath("versions");
    auto write = [&](const QString &rel, const QByteArray &text) {
        QFile f(dir.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write("retort.toml", "[project]\nname = \"kinds\"\n");
    // A malformed script (no Revision ID) and a graph problem (a parent that does not exist).
    write("versions/bad.sql", "-- broken\n\n-- migrate:upgrade\nSELECT 1;\n");
    write("versions/aaaa00000001_x.sql", "-- x\n--\n-- Revision ID: aaaa00000001\n"
                                         "-- Revises: ffff00000009\n\n-- migrate:upgrade\n"
                                         "SELECT 1;\n\n-- migrate:downgrade\nSELECT 1;\n");
    auto ws = Workspace::load(dir.path());
    ASSERT_TRUE(ws.ok());
    bool script = false, graph = false;
    for (const Error &e : (*ws)->problems()) {
        script = script || e.kind == ErrorKind::ScriptProblem;
        graph = graph || e.kind == ErrorKind::GraphProblem;
        EXPECT_NE(e.kind, ErrorKind::Unspecified) << e.toString().toStdString();
    }
    EXPECT_TRUE(script);
    EXPECT_TRUE(graph);
    write("retort.toml", "[project]\nname = \"kinds\"\nunknown_key = 1\n");
    auto broken = Workspace::load(dir.path());
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.error().kind, ErrorKind::ProjectFile);
}
