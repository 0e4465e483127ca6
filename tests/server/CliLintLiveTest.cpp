// retort-cli lint --env on real PostgreSQL: the live facts on the compiler-like lines and in
// --json; upgrade prints the plan's findings, and on a protected environment refuses its lint
// errors unless --allow names each rule, recording the acknowledgement in retort_history.

#include "PostgresMariaDbSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace retort;
using namespace retort::test;

namespace {

// small: 10 rows, 3 of them with a NULL email. a1 indexes it and sets email NOT NULL.
class CliLintLive : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(db.ok());
        for (const char *sql :
             {"CREATE TABLE small (id int PRIMARY KEY, email text)",
              "INSERT INTO small SELECT g, CASE WHEN g IN (2, 5, 7) THEN NULL ELSE 'u' || g END "
              "FROM generate_series(1, 10) g",
              "ANALYZE small"})
            ASSERT_EQ(db.exec(sql), QString()) << sql;
    }

    void protect()
    {
        QFile toml(project.root() + "/retort.toml");
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write("protected = true\n");
    }

    AppScope app;
    ServerDb db{Server::Postgres};
    ServerProject project{db};
};

} // namespace

TEST_F(CliLintLive, LintEnvPrintsTheLiveFactsAndJsonHasThemAll)
{
    project.script("a1", "",
                   "SET lock_timeout = '1s';\nCREATE INDEX ix_small_email ON small (email);\n"
                   "ALTER TABLE small ALTER COLUMN email SET NOT NULL;",
                   "ALTER TABLE small ALTER COLUMN email DROP NOT NULL;\n"
                   "DROP INDEX ix_small_email;");
    // A second session holds a lock on small while lint looks.
    QSqlDatabase other = QSqlDatabase::addDatabase("QPSQL", "cli-lint-other");
    other.setHostName(db.host());
    other.setPort(db.port());
    other.setUserName(db.user());
    other.setPassword(db.password());
    other.setDatabaseName(db.name());
    ASSERT_TRUE(other.open());
    QString pid;
    {
        QSqlQuery q(other);
        ASSERT_TRUE(q.exec("SELECT pg_backend_pid()") && q.next());
        pid = q.value(0).toString();
        ASSERT_TRUE(q.exec("BEGIN"));
        ASSERT_TRUE(q.exec("LOCK TABLE small IN ACCESS SHARE MODE"));
    }

    CliRun r = cli(project.root(), {"--env", "test", "lint"}, db.password());
    EXPECT_EQ(r.code, 1) << r.err.toStdString(); // the NULLs make SET NOT NULL an error
    EXPECT_TRUE(r.err.contains("note: judged against test (postgresql ")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("1 pending step(s) to heads")) << r.err.toStdString();
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2) << r.out.toStdString();
    EXPECT_TRUE(
        lines[0].startsWith("versions/a1_x.sql:9: notice require-concurrent-index-creation: "
                            "CREATE INDEX ix_small_email on small without CONCURRENTLY"))
        << lines[0].toStdString();
    EXPECT_TRUE(lines[0].contains("[small: ~10 rows, ")) << lines[0].toStdString();
    EXPECT_TRUE(lines[0].contains("; 1 session holding a lock: pid " + pid + " " + db.user() +
                                  " 'LOCK TABLE small IN ACCESS SHARE MODE' since "))
        << lines[0].toStdString();
    EXPECT_TRUE(lines[1].startsWith("versions/a1_x.sql:10: error set-not-null-without-valid-check"))
        << lines[1].toStdString();
    EXPECT_TRUE(lines[1].contains("3 row(s) of small have NULL in email (id 2; 5; 7)"))
        << lines[1].toStdString();
    EXPECT_TRUE(lines[1].contains("3 NULL(s) in email]")) << lines[1].toStdString();

    r = cli(project.root(), {"--env", "test", "lint", "--json"}, db.password());
    EXPECT_EQ(r.code, 1);
    const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 2) << r.out.toStdString();
    const QJsonObject facts = arr[0]["facts"].toObject();
    EXPECT_EQ(facts["table"].toString(), "small");
    EXPECT_EQ(facts["rows"].toDouble(), 10);
    EXPECT_EQ(facts["rows_source"].toString(), "statistics");
    EXPECT_GT(facts["size_bytes"].toDouble(), 0);
    EXPECT_EQ(facts["offline_level"].toString(), "warning");
    ASSERT_EQ(facts["sessions"].toArray().size(), 1);
    EXPECT_EQ(facts["sessions"][0]["pid"].toVariant().toLongLong(), pid.toLongLong());
    EXPECT_EQ(facts["sessions"][0]["query"].toString(), "LOCK TABLE small IN ACCESS SHARE MODE");
    EXPECT_EQ(arr[1]["facts"]["nulls"]["count"].toDouble(), 3);
    EXPECT_EQ(arr[1]["level"].toString(), "error");

    // A range is offline lint's; --driver and --server-version do not go with --env.
    r = cli(project.root(), {"--env", "test", "lint", "base:a1"}, db.password());
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("give a target (default heads), not a range"))
        << r.err.toStdString();
    r = cli(project.root(), {"--env", "test", "lint", "--server-version", "12"}, db.password());
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("--driver and --server-version are for offline lint"))
        << r.err.toStdString();
    {
        QSqlQuery q(other);
        q.exec("ROLLBACK");
    }
    other.close();
    other = QSqlDatabase();
    QSqlDatabase::removeDatabase("cli-lint-other");
}

TEST_F(CliLintLive, AProtectedUpgradeRefusesLintErrorsUnlessAllowedAndRecordsThem)
{
    ASSERT_EQ(db.exec("CREATE TABLE legacy (id int)"), QString());
    project.script("a1", "", "SET lock_timeout = '1s';\nDROP TABLE legacy;",
                   "CREATE TABLE legacy (id int);");
    protect();
    const QStringList run{"--confirm",      "test",        "--override-preflight",
                          "tested by hand", "--no-backup", "upgrade",
                          "heads"};
    CliRun r = cli(project.root(), run, db.password());
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("Lint of the plan for test (1 error(s)):")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("versions/a1_x.sql:9: error drop-table: DROP TABLE legacy deletes "
                               "the table and all its rows"))
        << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("test is a protected environment and the plan has lint errors "
                               "(drop-table); nothing was run"))
        << r.err.toStdString();
    EXPECT_EQ(db.heads(), QStringList());
    EXPECT_TRUE(db.tables().contains("legacy"));

    // A rule that does not exist is refused; the right one lets the run go ahead, recorded.
    r = cli(project.root(), run + QStringList{"--allow", "drop-tables"}, db.password());
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("--allow drop-tables: no such lint rule")) << r.err.toStdString();
    r = cli(project.root(), run + QStringList{"--allow", "drop-table"}, db.password());
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(
        r.err.contains("warning: lint acknowledged: drop-table at versions/a1_x.sql:9 (a1)"))
        << r.err.toStdString();
    EXPECT_EQ(db.heads(), QStringList{"a1"});
    const QStringList notes = db.column("SELECT note FROM retort_history ORDER BY id");
    ASSERT_EQ(notes.size(), 1);
    EXPECT_TRUE(notes[0].contains("lint acknowledged: drop-table at versions/a1_x.sql:9 (a1)"))
        << notes[0].toStdString();
    EXPECT_TRUE(notes[0].contains("tested by hand")) << notes[0].toStdString();
}

TEST_F(CliLintLive, AnUnprotectedUpgradePrintsTheFindingsAndRuns)
{
    ASSERT_EQ(db.exec("CREATE TABLE legacy (id int)"), QString());
    project.script("a1", "", "SET lock_timeout = '1s';\nDROP TABLE legacy;",
                   "CREATE TABLE legacy (id int);");
    CliRun r = cli(project.root(), {"upgrade", "heads"}, db.password());
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("versions/a1_x.sql:9: error drop-table: DROP TABLE legacy deletes "
                               "the table and all its rows ["))
        << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("[legacy: 0 rows (never analyzed: counted)")) << r.err.toStdString();
    EXPECT_EQ(db.heads(), QStringList{"a1"});
    EXPECT_FALSE(db.tables().contains("legacy"));
    EXPECT_EQ(db.column("SELECT count(*) FROM retort_history WHERE note LIKE '%lint%'"),
              QStringList{"0"});
}

TEST_F(CliLintLive, LockProbeShowsTheLocksMeasuredOnTheScratchServer)
{
    ScratchLogin login(db, db.password()); // RETORT_DB_PASSWORD serves both environments
    {
        QFile toml(project.root() + "/retort.toml");
        ASSERT_TRUE(toml.open(QIODevice::ReadWrite));
        QString text = QString::fromUtf8(toml.readAll());
        text.replace("[project]\n", "[project]\nscratch = \"ci\"\n");
        text += QStringLiteral("\n[environments.ci]\ndriver = \"postgresql\"\nhost = \"%1\"\n"
                               "port = %2\nuser = \"%3\"\ndatabase = \"%4\"\n")
                    .arg(db.host())
                    .arg(db.port())
                    .arg(login.user(), db.name());
        toml.resize(0);
        toml.write(text.toUtf8());
    }
    project.script("a0", "", "SELECT 1;", "SELECT 1;");
    project.script(
        "a1", "a0",
        "SET lock_timeout = '1s';\nALTER TABLE small ALTER COLUMN email TYPE varchar(9);",
        "ALTER TABLE small ALTER COLUMN email TYPE text;");
    // small exists on the environment but no revision makes it: the replay cannot, and says so.
    CliRun r = cli(project.root(), {"--env", "test", "lint", "--lock-probe"}, db.password());
    EXPECT_TRUE(r.err.contains("note: lock probe: revision a1 failed at `ALTER TABLE small"))
        << r.err.toStdString();
    project.script("a0", "", "CREATE TABLE IF NOT EXISTS small (id int PRIMARY KEY, email text);",
                   "SELECT 1;");
    r = cli(project.root(), {"--env", "test", "lint", "--lock-probe"}, db.password());
    EXPECT_TRUE(r.out.contains("takes AccessExclusiveLock + ShareLock on small, "))
        << r.out.toStdString() << r.err.toStdString();
    r = cli(project.root(), {"lint", "--lock-probe"}, db.password());
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.err.contains("lint --lock-probe needs --env")) << r.err.toStdString();
}
