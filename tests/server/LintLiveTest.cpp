// Lint judged against the live database (workflows/LintLive.h) on the real servers: a big table
// makes an index build an error and a small one a notice; a table made earlier in the plan is
// new; a second session holding a lock shows with its pid and query; NULLs and duplicates are
// counted with examples; a fact query that times out is a note; the same through the tunnel; on
// MariaDB the rows, the size and the NULLs.

#include "PostgresMariaDbSupport.h"

#include "graph/RevisionGraph.h"
#include "lint/Lint.h"
#include "workflows/LintLive.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace retort;
using namespace retort::test;

// Messages of failed expectations may stream QStrings.
[[maybe_unused]] static std::ostream &operator<<(std::ostream &os, const QString &s)
{
    return os << s.toStdString();
}

namespace {

const LintFinding *findingFor(const LiveLintReport &r, const QString &rule, const QString &in)
{
    for (const LintFinding &f : r.report.findings)
        if (f.rule == rule && f.statement.contains(in))
            return &f;
    return nullptr;
}

Plan planToHeads(const Workspace &ws)
{
    auto plan = ws.graph().planUpgrade({}, QStringLiteral("heads"));
    EXPECT_TRUE(plan.ok());
    return plan ? *plan : Plan{};
}

// A connection of the test's own, kept open (a second session), on `db`.
class Session {
public:
    explicit Session(const ServerDb &db)
    {
        static int serial = 0;
        m_name = QStringLiteral("lint-session-%1").arg(++serial);
        QSqlDatabase c = QSqlDatabase::addDatabase(db.qtDriver(), m_name);
        c.setHostName(db.host());
        c.setPort(db.port());
        c.setUserName(db.user());
        c.setPassword(db.password());
        c.setDatabaseName(db.name());
        EXPECT_TRUE(c.open()) << c.lastError().text().toStdString();
    }
    ~Session()
    {
        {
            QSqlDatabase c = QSqlDatabase::database(m_name);
            c.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QString exec(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (!q.exec(sql))
            return q.lastError().text();
        return q.next() ? q.value(0).toString() : QString();
    }

private:
    QString m_name;
};

// big: 1,050,000 rows, analyzed; small: 10 rows (3 NULL emails, codes 'a' x3 and 'b' x2).
class LintLivePg : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(db.ok());
        for (const char *sql :
             {"CREATE TABLE big (id bigint PRIMARY KEY, v int)",
              "INSERT INTO big SELECT g, g FROM generate_series(1, 1050000) g", "ANALYZE big",
              "CREATE TABLE small (id int PRIMARY KEY, email text, code text)",
              "INSERT INTO small SELECT g, CASE WHEN g IN (2, 5, 7) THEN NULL ELSE 'u' || g END, "
              "CASE WHEN g <= 3 THEN 'a' WHEN g <= 5 THEN 'b' ELSE 'c' || g END "
              "FROM generate_series(1, 10) g",
              "ANALYZE small"})
            ASSERT_EQ(db.exec(sql), QString()) << sql;
        project.script("a1", "",
                       "SET lock_timeout = '1s';\n"
                       "CREATE INDEX ix_big_v ON big (v);\n"
                       "CREATE INDEX ix_small_email ON small (email);\n"
                       "ALTER TABLE small ALTER COLUMN email SET NOT NULL;\n"
                       "CREATE UNIQUE INDEX ux_small_code ON small (code);\n"
                       "CREATE TABLE fresh (id int);",
                       "DROP TABLE fresh;\nDROP INDEX ux_small_code;\n"
                       "ALTER TABLE small ALTER COLUMN email DROP NOT NULL;\n"
                       "DROP INDEX ix_small_email;\nDROP INDEX ix_big_v;");
        project.script("a2", "a1", "SET lock_timeout = '1s';\nCREATE INDEX ix_fresh ON fresh (id);",
                       "DROP INDEX ix_fresh;");
        ws = project.load();
        ASSERT_TRUE(ws);
    }

    Result<LiveLintReport> lint(const LiveLintOptions &options = {})
    {
        return lintPlanLive(*ws, db.env(), db.secrets(), planToHeads(*ws), options);
    }

    AppScope app;
    ServerDb db{Server::Postgres};
    ServerProject project{db};
    std::shared_ptr<const Workspace> ws;
};

} // namespace

TEST_F(LintLivePg, ABigTableMakesAnIndexBuildAnErrorAndASmallOneANotice)
{
    auto r = lint();
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_GE(r->serverVersionNum, 100000);
    EXPECT_FALSE(r->serverVersion.isEmpty());

    const LintFinding *big = findingFor(*r, "require-concurrent-index-creation", "ix_big_v");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->level, LintLevel::Error);
    EXPECT_GE(big->facts["rows"].toDouble(), 1000000);
    EXPECT_EQ(big->facts["rows_source"].toString(), "statistics");
    EXPECT_GT(big->facts["size_bytes"].toDouble(), 10e6);
    EXPECT_TRUE(big->facts["size"].toString().endsWith("MB")) << big->facts["size"].toString();
    EXPECT_EQ(big->facts["offline_level"].toString(), "warning");
    EXPECT_TRUE(big->message.contains("big has ~1.")) << big->message;
    EXPECT_TRUE(liveFactsSummary(*big).startsWith("big: ~1.")) << liveFactsSummary(*big);

    const LintFinding *small =
        findingFor(*r, "require-concurrent-index-creation", "ix_small_email");
    ASSERT_TRUE(small);
    EXPECT_EQ(small->level, LintLevel::Notice);
    EXPECT_EQ(small->facts["rows"].toDouble(), 10);
    EXPECT_TRUE(small->facts["level_reason"].toString().contains("small has ~10 rows"))
        << small->facts["level_reason"].toString();

    // fresh is created by a1, earlier in the plan: a2's index is built on an empty table.
    const LintFinding *fresh = findingFor(*r, "require-concurrent-index-creation", "ix_fresh");
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->level, LintLevel::Notice);
    EXPECT_TRUE(fresh->facts["new_table"].toBool());
    EXPECT_TRUE(fresh->message.contains("new, empty")) << fresh->message;
}

TEST_F(LintLivePg, NullsAndDuplicatesAreCountedWithExamples)
{
    auto r = lint();
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    const LintFinding *notNull = findingFor(*r, "set-not-null-without-valid-check", "email");
    ASSERT_TRUE(notNull);
    const QJsonObject nulls = notNull->facts["nulls"].toObject();
    EXPECT_EQ(nulls["count"].toDouble(), 3);
    EXPECT_EQ(nulls["key"].toArray(), QJsonArray{"id"});
    EXPECT_EQ(nulls["examples"].toArray(), (QJsonArray{"2", "5", "7"}));
    EXPECT_EQ(notNull->level, LintLevel::Error); // it would fail, small table or not
    EXPECT_TRUE(notNull->message.contains("3 row(s) of small have NULL in email (id 2; 5; 7)"))
        << notNull->message;

    const LintFinding *unique = findingFor(*r, "require-concurrent-index-creation", "ux_small");
    ASSERT_TRUE(unique);
    const QJsonObject dup = unique->facts["duplicates"].toObject();
    EXPECT_EQ(dup["groups"].toDouble(), 2);
    const QJsonArray examples = dup["examples"].toArray();
    ASSERT_EQ(examples.size(), 2);
    EXPECT_EQ(examples[0]["values"].toArray(), QJsonArray{"a"});
    EXPECT_EQ(examples[0]["count"].toDouble(), 3);
    EXPECT_EQ(examples[1]["values"].toArray(), QJsonArray{"b"});
    EXPECT_EQ(unique->level, LintLevel::Error);
    EXPECT_TRUE(unique->message.contains("a ×3")) << unique->message;

    // The index on email has no data check: NULLs are fine in an index.
    EXPECT_FALSE(findingFor(*r, "require-concurrent-index-creation", "ix_small_email")
                     ->facts.contains("nulls"));
}

TEST_F(LintLivePg, ASessionHoldingALockShowsWithItsPidAndQuery)
{
    Session other(db);
    const QString pid = other.exec("SELECT pg_backend_pid()");
    ASSERT_FALSE(pid.isEmpty());
    ASSERT_EQ(other.exec("BEGIN"), QString());
    ASSERT_EQ(other.exec("LOCK TABLE small IN ACCESS SHARE MODE"), QString());

    auto r = lint();
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    const LintFinding *f = findingFor(*r, "require-concurrent-index-creation", "ix_small_email");
    ASSERT_TRUE(f);
    const QJsonArray sessions = f->facts["sessions"].toArray();
    ASSERT_EQ(sessions.size(), 1) << QJsonDocument(f->facts).toJson().toStdString();
    const QJsonObject s = sessions[0].toObject();
    EXPECT_EQ(s["pid"].toVariant().toLongLong(), pid.toLongLong());
    EXPECT_EQ(s["query"].toString(), "LOCK TABLE small IN ACCESS SHARE MODE");
    EXPECT_EQ(s["held"].toString(), "AccessShareLock");
    EXPECT_EQ(s["state"].toString(), "idle in transaction");
    EXPECT_EQ(s["user"].toString(), db.user());
    EXPECT_FALSE(s["since"].toString().isEmpty());
    EXPECT_TRUE(f->message.contains("1 session(s) hold or wait for a lock on small (pid " + pid))
        << f->message;
    EXPECT_TRUE(liveFactsSummary(*f).contains("1 session holding a lock: pid " + pid + " " +
                                              db.user() + " 'LOCK TABLE small IN"))
        << liveFactsSummary(*f);
    // The other tables have nobody on them; our own connection is never listed.
    EXPECT_EQ(findingFor(*r, "require-concurrent-index-creation", "ix_big_v")
                  ->facts["sessions"]
                  .toArray()
                  .size(),
              0);
    other.exec("ROLLBACK");
}

TEST_F(LintLivePg, AFactQueryThatTimesOutIsANoteNotAFailure)
{
    // Another session holds small exclusively: reading its size and its NULLs must wait, and the
    // wait ends at the timeout.
    Session other(db);
    ASSERT_EQ(other.exec("BEGIN"), QString());
    ASSERT_EQ(other.exec("LOCK TABLE small IN ACCESS EXCLUSIVE MODE"), QString());
    LiveLintOptions options;
    options.statementTimeoutMs = 300;
    QElapsedTimer timer;
    timer.start();
    auto r = lint(options);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_LT(timer.elapsed(), 20000);
    const QString notes = r->notes.join("\n");
    EXPECT_TRUE(notes.contains("small: size not read (")) << notes.toStdString();
    EXPECT_TRUE(notes.contains("small.email: NULLs not counted (")) << notes.toStdString();
    EXPECT_TRUE(notes.contains("timed out after 300 ms")) << notes.toStdString();
    const LintFinding *f = findingFor(*r, "set-not-null-without-valid-check", "email");
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->facts.contains("nulls"));
    EXPECT_FALSE(f->facts["live_notes"].toArray().isEmpty());
    // What needed no lock is there: the estimate, and the session that holds the lock.
    EXPECT_EQ(f->facts["rows"].toDouble(), 10);
    EXPECT_EQ(f->facts["sessions"].toArray().size(), 1);
    EXPECT_EQ(f->facts["sessions"].toArray()[0].toObject()["held"].toString(),
              "AccessExclusiveLock");
    other.exec("ROLLBACK");
}

TEST_F(LintLivePg, ANeverAnalyzedTableIsCountedAndTheConnectionIsReadOnly)
{
    ASSERT_EQ(db.exec("CREATE TABLE fresh (id int) WITH (autovacuum_enabled = false)"), QString());
    ASSERT_EQ(db.exec("INSERT INTO fresh SELECT generate_series(1, 20000)"), QString());
    auto r = lint();
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    const LintFinding *f = findingFor(*r, "require-concurrent-index-creation", "ix_fresh");
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->facts["new_table"].toBool());
    EXPECT_EQ(f->facts["rows"].toDouble(), 20000);
    EXPECT_EQ(f->facts["rows_source"].toString(), "count");
    EXPECT_EQ(f->level, LintLevel::Warning); // between small and big: the rule's own level
    EXPECT_TRUE(liveFactsSummary(*f).startsWith("fresh: 20k rows (never analyzed: counted)"))
        << liveFactsSummary(*f);
    EXPECT_EQ(db.tables(), (QStringList{"big", "fresh", "small"})); // nothing written
}

TEST_F(LintLivePg, TheProjectsLevelWinsOverTheSize)
{
    QFile toml(project.root() + "/retort.toml");
    ASSERT_TRUE(toml.open(QIODevice::Append));
    toml.write("\n[lint]\nrequire-concurrent-index-creation = \"warning\"\n");
    toml.close();
    ws = project.load();
    auto r = lint();
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    const LintFinding *big = findingFor(*r, "require-concurrent-index-creation", "ix_big_v");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->level, LintLevel::Warning);
    EXPECT_GE(big->facts["rows"].toDouble(), 1000000); // the facts are there all the same
}

TEST_F(LintLivePg, ThroughTheTunnel)
{
    project.addTunnelEnvironment("bastion");
    ws = project.load();
    ASSERT_TRUE(ws);
    const Environment *env = nullptr;
    for (const Environment &e : ws->project().environments)
        if (e.name == "bastion")
            env = &e;
    ASSERT_TRUE(env);
    ConnectionSecrets secrets = db.secrets();
    auto r = lintPlanLive(*ws, *env, secrets, planToHeads(*ws));
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    const LintFinding *big = findingFor(*r, "require-concurrent-index-creation", "ix_big_v");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->level, LintLevel::Error);
    EXPECT_GE(big->facts["rows"].toDouble(), 1000000);
}

TEST_F(LintLivePg, AnUnreachableServerIsAnErrorAndCancelStops)
{
    Environment env = db.env();
    env.port = 1; // nothing listens there
    auto r = lintPlanLive(*ws, env, db.secrets(), planToHeads(*ws));
    ASSERT_FALSE(r.ok());
    CancelToken cancel;
    cancel.cancel();
    auto c = lintPlanLive(*ws, db.env(), db.secrets(), planToHeads(*ws), {}, &cancel);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().kind, ErrorKind::Cancelled);
}

// MariaDB: the facts come from the findings' keys, whatever rule made them.
TEST(LintLiveMariaDb, RowsSizeAndNullsOfTheTablesFindingsName)
{
    AppScope app;
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    for (const char *sql :
         {"CREATE TABLE people (id int PRIMARY KEY, email varchar(50), code varchar(10)) "
          "ENGINE=InnoDB",
          "INSERT INTO people VALUES (1, 'a', 'x'), (2, NULL, 'x'), (3, 'c', 'y'), (4, NULL, 'z'), "
          "(5, 'e', 'y'), (6, 'f', 'x')",
          "ANALYZE TABLE people"})
        ASSERT_EQ(db.exec(sql), QString()) << sql;

    LintReport offline;
    LintFinding notNull;
    notNull.rule = "set-not-null-without-valid-check";
    notNull.level = LintLevel::Warning;
    notNull.message = "MODIFY email NOT NULL";
    notNull.facts = {{"table", "people"}, {"column", "email"}, {"data_check", "not_null"}};
    offline.findings.push_back(notNull);
    LintFinding unique;
    unique.rule = "adding-unique-constraint";
    unique.level = LintLevel::Warning;
    unique.facts = {{"table", "people"}, {"columns", QJsonArray{"code"}}, {"data_check", "unique"}};
    offline.findings.push_back(unique);
    LintFinding missing;
    missing.rule = "alter-needs-copy";
    missing.level = LintLevel::Warning;
    missing.facts = {{"table", "not_there"}};
    offline.findings.push_back(missing);

    auto r = lintFindingsLive(db.env(), db.secrets(), offline);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_TRUE(r->serverVersion.contains("MariaDB")) << r->serverVersion.toStdString();
    EXPECT_GE(r->serverVersionNum, 100000);
    ASSERT_EQ(r->report.findings.size(), 3u);
    const LintFinding &n = r->report.findings[0];
    EXPECT_EQ(n.facts["rows"].toDouble(), 6) << QJsonDocument(n.facts).toJson().toStdString();
    EXPECT_GT(n.facts["size_bytes"].toDouble(), 0);
    EXPECT_EQ(n.facts["nulls"]["count"].toDouble(), 2);
    EXPECT_EQ(n.facts["nulls"]["examples"].toArray(), (QJsonArray{"2", "4"}));
    EXPECT_EQ(n.level, LintLevel::Error);
    EXPECT_TRUE(n.facts.contains("sessions"));
    EXPECT_FALSE(n.facts["sessions_source"].toString().isEmpty());
    const LintFinding &u = r->report.findings[1];
    EXPECT_EQ(u.facts["duplicates"]["groups"].toDouble(), 2);
    EXPECT_EQ(u.facts["duplicates"]["examples"][0]["values"].toArray(), QJsonArray{"x"});
    EXPECT_EQ(u.facts["duplicates"]["examples"][0]["count"].toDouble(), 3);
    const LintFinding &m = r->report.findings[2];
    EXPECT_TRUE(m.facts["new_table"].toBool());
    EXPECT_EQ(m.level, LintLevel::Notice);
}

// The measured lock probe: the revisions before the plan replayed on a scratch database, each
// statement of the plan run in a transaction that is rolled back, pg_locks read in between.
TEST(LintLiveProbe, TheLocksEachStatementTakesAreMeasuredOnAScratchDatabase)
{
    AppScope app;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db);
    ServerProject project(db);
    project.script("a0", "", "CREATE TABLE small (id int PRIMARY KEY, email text);",
                   "DROP TABLE small;");
    project.script("a1", "a0",
                   "SET lock_timeout = '1s';\nCREATE INDEX ix_small_email ON small (email);\n"
                   "ALTER TABLE small ALTER COLUMN email TYPE varchar(10);",
                   "ALTER TABLE small ALTER COLUMN email TYPE text;\nDROP INDEX ix_small_email;");
    project.script("a2", "a1", "CREATE INDEX CONCURRENTLY ix_small_id ON small (id, email);",
                   "DROP INDEX CONCURRENTLY ix_small_id;", false);
    auto ws = project.load();
    ASSERT_TRUE(ws);
    ASSERT_TRUE(migrate(*ws, db, Action::Upgrade, "a0").status.ok());
    auto plan = ws->graph().planUpgrade({"a0"}, "heads");
    ASSERT_TRUE(plan.ok());

    LiveLintOptions options;
    options.lockProbe = true;
    options.scratch = login.server();
    auto r = lintPlanLive(*ws, db.env(), db.secrets(), *plan, options);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_TRUE(r->notes.filter("lock probe").isEmpty()) << r->notes.join("\n").toStdString();

    const LintFinding *index =
        findingFor(*r, "require-concurrent-index-creation", "ix_small_email");
    ASSERT_TRUE(index);
    const QJsonArray indexLocks = index->facts["locks_taken"].toArray();
    EXPECT_TRUE(indexLocks.contains(QJsonObject{{"relation", "small"}, {"mode", "ShareLock"}}))
        << QJsonDocument(indexLocks).toJson().toStdString();
    EXPECT_FALSE(
        indexLocks.contains(QJsonObject{{"relation", "small"}, {"mode", "AccessExclusiveLock"}}));
    for (const QJsonValue &l : indexLocks) // the index it creates concerns nobody else
        EXPECT_NE(l["relation"].toString(), "ix_small_email");
    EXPECT_TRUE(liveFactsSummary(*index).contains("takes ShareLock on small (probed)"))
        << liveFactsSummary(*index);

    const LintFinding *type = findingFor(*r, "changing-column-type", "varchar(10)");
    ASSERT_TRUE(type);
    EXPECT_TRUE(type->facts["locks_taken"].toArray().contains(
        QJsonObject{{"relation", "small"}, {"mode", "AccessExclusiveLock"}}))
        << QJsonDocument(type->facts).toJson().toStdString();

    // CONCURRENTLY cannot run in the probe's transaction: run, not probed.
    const LintFinding *mixed = nullptr;
    for (const LintFinding &f : r->report.findings)
        if (f.statement.contains("CONCURRENTLY"))
            mixed = &f;
    ASSERT_TRUE(mixed); // require-lock-timeout
    EXPECT_EQ(mixed->facts["locks_taken_note"].toString(),
              "runs outside a transaction: run, not probed");
    // The environment itself is untouched, and no scratch database is left.
    EXPECT_EQ(db.heads(), QStringList{"a0"});
    QStringList left;
    superExecOn(Server::Postgres,
                {"SELECT datname FROM pg_database WHERE datname LIKE 'retort_scratch_%' AND "
                 "pg_catalog.pg_get_userbyid(datdba) = '" +
                 login.user() + "'"},
                &left);
    EXPECT_TRUE(left.isEmpty()) << left.join(' ').toStdString();
}
