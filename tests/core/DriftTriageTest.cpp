// Drift triage on SQLite (workflows/DriftTriage.h): an accepted drift is reported as accepted by
// later checks until the schema changes again, with the acceptance in the audit trail; a revert
// runs migrationScript(live, expected) as a plan under the run lock, leaves no drift and writes a
// "revert-drift" audit row that readers of applied revisions ignore.

#include "workflows/DriftTriage.h"

#include "db/AuditTrail.h"
#include "db/Connection.h"
#include "db/Migrator.h"
#include "project/Workspace.h"
#include "workflows/Planning.h"
#include "workflows/RunSession.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;

namespace {

bool copyDemo(const QString &to)
{
    const QString from = QStringLiteral(RETORT_SOURCE_DIR "/migrations");
    QDirIterator it(from, {QStringLiteral("*.sql"), QStringLiteral("*.toml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + u'/' + QDir(from).relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

class DriftTriageTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(m_temp.isValid());
        ASSERT_TRUE(copyDemo(m_dir.path()));
        auto ws = Workspace::load(m_dir.path());
        ASSERT_TRUE(ws.ok()) << ws.error().toString().toStdString();
        m_ws = std::shared_ptr<Workspace>(std::move(*ws));
        m_env.name = QStringLiteral("real");
        m_env.driver = QStringLiteral("sqlite");
        m_env.database = m_dir.filePath(QStringLiteral("real.db"));
        m_replay.tempDir = m_temp.path();
        clearExpectedSchemaCache();
    }

    void upgrade(const QString &target)
    {
        auto planned =
            makePlan(*m_ws, m_env.driver, {}, PlanRequest{MigrationAction::Upgrade, {target}});
        ASSERT_TRUE(planned.ok()) << planned.error().toString().toStdString();
        ScopedConnection conn;
        ASSERT_TRUE(conn.open(m_env, false).ok());
        MigratorOptions options;
        options.versionTable = m_ws->project().versionTableName();
        Migrator migrator(conn.db(), Dialect::sqlite(), options);
        const Status ran = migrator.run(planned->plan);
        ASSERT_TRUE(ran.ok()) << ran.error().toString().toStdString();
    }

    void exec(const QString &sql)
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                        QStringLiteral("drift-by-hand"));
            db.setDatabaseName(m_env.database);
            ASSERT_TRUE(db.open());
            QSqlQuery q(db);
            ASSERT_TRUE(q.exec(sql)) << sql.toStdString();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("drift-by-hand"));
    }

    SchemaDriftReport check()
    {
        Result<SchemaDriftReport> r = checkSchemaDrift(*m_ws, m_env, {}, m_replay);
        EXPECT_TRUE(r.ok()) << r.error().toString().toStdString();
        return r ? *r : SchemaDriftReport{};
    }

    std::vector<AuditEntry> history()
    {
        auto rows = readHistory(m_env, m_ws->project().versionTableName(), {}, 0, true);
        EXPECT_TRUE(rows.ok()) << rows.error().toString().toStdString();
        return rows ? *rows : std::vector<AuditEntry>{};
    }

    size_t appliedCount()
    {
        ScopedConnection conn;
        EXPECT_TRUE(conn.open(m_env, true).ok());
        auto applied =
            AuditTrail::besideVersionTable(Dialect::sqlite(), m_ws->project().versionTableName())
                .appliedScripts(conn.db());
        EXPECT_TRUE(applied.ok());
        return applied ? applied->size() : 0;
    }

    QTemporaryDir m_dir;
    QTemporaryDir m_temp;
    std::shared_ptr<Workspace> m_ws;
    Environment m_env;
    ExpectedSchemaOptions m_replay;
};

} // namespace

TEST(DriftFingerprint, IsTheSha256OfTheCanonicalJsonAndEmptyWithoutDrift)
{
    EXPECT_TRUE(driftFingerprint(SchemaDiff{}).isEmpty());
    SchemaDiff diff;
    SchemaChange c;
    c.change = ChangeKind::Added;
    c.objectKind = QStringLiteral("column");
    c.object = QStringLiteral("main.books");
    c.name = QStringLiteral("shelf");
    c.summary = QStringLiteral("adds column books.shelf");
    diff.changes.push_back(c);
    const QString fp = driftFingerprint(diff);
    EXPECT_EQ(fp.size(), 64);
    EXPECT_EQ(fp, sha256Hex(driftCanonicalJson(diff)));
    EXPECT_FALSE(driftCanonicalJson(diff).contains('\n'));
    diff.changes[0].name = QStringLiteral("shelf2");
    EXPECT_NE(driftFingerprint(diff), fp);
}

TEST_F(DriftTriageTest, AcceptedDriftIsReportedAsAcceptedUntilTheSchemaChangesAgain)
{
    upgrade(QStringLiteral("heads"));
    const size_t applied = appliedCount();
    exec(QStringLiteral("ALTER TABLE books ADD COLUMN shelf TEXT"));
    const SchemaDriftReport drifted = check();
    ASSERT_TRUE(drifted.drifted());
    EXPECT_FALSE(drifted.accepted.has_value());
    EXPECT_EQ(drifted.fingerprint, driftFingerprint(drifted.diff));

    // A reason is required; nothing is written without one.
    const size_t rowsBefore = history().size();
    auto refused = acceptDrift(*m_ws, m_env, {}, m_replay, QStringLiteral("  "));
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().is(ErrorKind::Refused));
    EXPECT_EQ(history().size(), rowsBefore);

    auto accepted = acceptDrift(*m_ws, m_env, {}, m_replay,
                                QStringLiteral("shelf added by the DBA for the inventory job"),
                                drifted.fingerprint);
    ASSERT_TRUE(accepted.ok()) << accepted.error().toString().toStdString();
    ASSERT_TRUE(accepted->acceptedDrift());
    EXPECT_EQ(accepted->accepted->reason,
              QStringLiteral("shelf added by the DBA for the inventory job"));

    // The audit row: readable by every reader, never an applied revision.
    const std::vector<AuditEntry> rows = history();
    ASSERT_EQ(rows.size(), rowsBefore + 1);
    const AuditEntry &row = rows.front();
    EXPECT_EQ(row.direction, QStringLiteral("accept-drift"));
    EXPECT_EQ(row.outcome, AuditOutcome::Succeeded);
    EXPECT_EQ(row.note, QStringLiteral("shelf added by the DBA for the inventory job"));
    EXPECT_EQ(row.scriptSha256, drifted.fingerprint);
    EXPECT_EQ(sha256Hex(row.script.toUtf8()), row.scriptSha256);
    EXPECT_EQ(row.fromRevisions, drifted.rows);
    EXPECT_EQ(row.toRevisions, drifted.rows);
    EXPECT_TRUE(isDriftTriageEntry(row));
    EXPECT_TRUE(row.describe().contains(QStringLiteral("accept-drift")))
        << row.describe().toStdString();
    EXPECT_EQ(appliedCount(), applied);

    // A later check: accepted, with who, when and why.
    const SchemaDriftReport later = check();
    ASSERT_TRUE(later.acceptedDrift());
    EXPECT_EQ(later.accepted->auditId, row.id);
    EXPECT_EQ(later.accepted->operatorName, operatorIdentity());
    EXPECT_TRUE(later.accepted->at.isValid());
    EXPECT_EQ(driftSummary(later),
              QStringLiteral("accepted (shelf added by the DBA for the inventory job)"));

    // The schema changes again: drift again, not covered by the acceptance.
    exec(QStringLiteral("CREATE INDEX ix_books_shelf ON books (shelf)"));
    const SchemaDriftReport again = check();
    ASSERT_TRUE(again.drifted());
    EXPECT_FALSE(again.accepted.has_value());
    EXPECT_NE(again.fingerprint, drifted.fingerprint);
    EXPECT_EQ(driftSummary(again), QStringLiteral("2 differences"));

    // Accepting what was seen before refuses: the difference is not that one any more.
    auto stale =
        acceptDrift(*m_ws, m_env, {}, m_replay, QStringLiteral("again"), drifted.fingerprint);
    ASSERT_FALSE(stale.ok());
    EXPECT_TRUE(stale.error().is(ErrorKind::Refused));

    // Back to the accepted difference: accepted again.
    exec(QStringLiteral("DROP INDEX ix_books_shelf"));
    EXPECT_TRUE(check().acceptedDrift());
}

TEST_F(DriftTriageTest, NoDriftHasNothingToAcceptOrRevert)
{
    upgrade(QStringLiteral("heads"));
    auto accepted = acceptDrift(*m_ws, m_env, {}, m_replay, QStringLiteral("why not"));
    ASSERT_FALSE(accepted.ok());
    EXPECT_TRUE(accepted.error().is(ErrorKind::Refused));
    const DriftRevert revert = planDriftRevert(check(), m_env.driver);
    EXPECT_FALSE(revert.hasStatements());
    EXPECT_TRUE(revert.plan.steps.empty());
    EXPECT_FALSE(driftRevertRunnable(revert, true).ok());
}

TEST_F(DriftTriageTest, RevertRestoresTheExpectedSchemaAndIsAudited)
{
    upgrade(QStringLiteral("heads"));
    const size_t applied = appliedCount();
    // Drift by hand: a column added, an index added, an index dropped.
    exec(QStringLiteral("ALTER TABLE books ADD COLUMN shelf TEXT"));
    exec(QStringLiteral("CREATE INDEX ix_books_shelf ON books (shelf)"));
    exec(QStringLiteral("DROP INDEX ix_orders_customer_id"));
    const SchemaDriftReport drifted = check();
    ASSERT_EQ(drifted.diff.changes.size(), 3u) << drifted.diff.toText().toStdString();

    const DriftRevert revert =
        planDriftRevert(drifted, m_env.driver, m_ws->project().versionTableName().name);
    ASSERT_TRUE(revert.hasStatements()) << revert.script.text().toStdString();
    ASSERT_EQ(revert.plan.steps.size(), 1u);
    EXPECT_TRUE(revert.plan.steps[0].versionOps.empty());
    EXPECT_EQ(revert.plan.headsBefore, drifted.rows);
    // A dropped column loses data: a REVIEW note, and the run refuses unless forced.
    if (revert.needsReview()) {
        EXPECT_FALSE(driftRevertRunnable(revert, false).ok());
    }
    ASSERT_TRUE(driftRevertRunnable(revert, true).ok());

    const size_t rowsBefore = history().size();
    RunSession session(driftRevertRequest(m_ws, m_env, {}, revert));
    RunObserver quiet;
    const RunOutcome outcome = session.run(quiet);
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.error().toString().toStdString() << "\n"
                                     << revert.script.text().toStdString();

    const SchemaDriftReport after = check();
    EXPECT_FALSE(after.drifted()) << after.diff.toText().toStdString();
    EXPECT_EQ(after.rows, drifted.rows); // the version rows did not move

    const std::vector<AuditEntry> rows = history();
    ASSERT_EQ(rows.size(), rowsBefore + 1);
    const AuditEntry &row = rows.front();
    EXPECT_EQ(row.direction, QStringLiteral("revert-drift"));
    EXPECT_EQ(row.outcome, AuditOutcome::Succeeded);
    EXPECT_TRUE(row.note.contains(drifted.fingerprint)) << row.note.toStdString();
    EXPECT_TRUE(row.script.contains(revert.script.statements.front().section(u'\n', -1)))
        << row.script.toStdString();
    EXPECT_EQ(appliedCount(), applied); // not taken for an applied revision
}

TEST_F(DriftTriageTest, ARevertRefusesWhenTheDatabaseMovedSinceItWasPlanned)
{
    upgrade(QStringLiteral("heads"));
    exec(QStringLiteral("CREATE TABLE stray (id INTEGER PRIMARY KEY)"));
    const SchemaDriftReport drifted = check();
    ASSERT_TRUE(drifted.drifted());
    DriftRevert revert = planDriftRevert(drifted, m_env.driver);
    ASSERT_TRUE(revert.hasStatements()) << revert.script.text().toStdString();
    revert.plan.headsBefore = QStringList{QStringLiteral("somewhere-else")};
    RunSession session(driftRevertRequest(m_ws, m_env, {}, revert));
    RunObserver quiet;
    EXPECT_FALSE(session.run(quiet).status.ok());
    EXPECT_TRUE(check().drifted()); // nothing ran
}
