// retort-cli lint: the compiler-like lines, exit codes, --json, RANGE and the project's levels.

#include "CliTestSupport.h"
#include "workflows/AlembicSql.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using clitest::cli;

namespace {

void writeFile(const QString &path, const QString &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly)) << path.toStdString();
    f.write(content.toUtf8());
}

QString script(const QString &id, const QString &revises, const QString &upgrade,
               const QString &downgrade)
{
    return "-- " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises +
           "\n-- Create Date: 2026-01-01\n-- Transactional: true\n\n-- migrate:upgrade\n" +
           upgrade + "\n\n-- migrate:downgrade\n" + downgrade + "\n";
}

// Three revisions on a SQLite environment, linted as PostgreSQL with --driver:
//   aaa111 creates orders (clean); bbb222 indexes it (a warning; its downgrade's warning is
//   allowed); ccc333 drops a table (an error).
class CliLint : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        writeToml({});
        writeFile(path("versions/aaa111_orders.sql"),
                  script("aaa111", "", "CREATE TABLE orders (id bigint, total numeric);",
                         "DROP TABLE orders;"));
        writeFile(
            path("versions/bbb222_index.sql"),
            script("bbb222", "aaa111",
                   "SET lock_timeout = '1s';\nCREATE INDEX ix_orders_total ON orders (total);",
                   "SET lock_timeout = '1s';\n-- retort:allow "
                   "require-concurrent-index-deletion small index\nDROP INDEX "
                   "ix_orders_total;"));
        writeFile(path("versions/ccc333_drop.sql"),
                  script("ccc333", "bbb222", "SET lock_timeout = '1s';\nDROP TABLE legacy;",
                         "CREATE TABLE legacy (id bigint);"));
    }
    void writeToml(const QString &lint)
    {
        writeFile(path("retort.toml"), "[project]\nname = \"t\"\n\n[environments.local]\ndriver = "
                                       "\"sqlite\"\ndatabase = \"t.db\"\n" +
                                           lint);
    }
    QString path(const QString &rel) const { return m_dir.filePath(rel); }
    QString project() const { return m_dir.path(); }

    QTemporaryDir m_dir;
};

} // namespace

TEST_F(CliLint, PrintsFindingsLikeACompilerAndFailsOnAnError)
{
    const auto r = cli(project(), {"lint", "--driver", "postgresql"});
    EXPECT_EQ(r.code, 1) << r.err.toStdString();
    EXPECT_EQ(r.out,
              "versions/bbb222_index.sql:10: warning require-concurrent-index-creation: CREATE "
              "INDEX ix_orders_total on orders without CONCURRENTLY blocks writes to orders while "
              "it builds\n"
              "versions/bbb222_index.sql:15: warning require-concurrent-index-deletion: DROP INDEX "
              "ix_orders_total without CONCURRENTLY locks its table against reads and writes until "
              "it is done (allowed: small index)\n"
              "versions/ccc333_drop.sql:10: error drop-table: DROP TABLE legacy deletes the table "
              "and all its rows\n");
    EXPECT_TRUE(r.err.contains("1 error(s), 1 warning(s), 0 notice(s) in 3 revision(s)"))
        << r.err.toStdString();
}

TEST_F(CliLint, TheProjectsOwnDriverAndNoErrorsExitZero)
{
    // The environment is SQLite: its rules find nothing in the first two revisions (an index is
    // no hazard there), while ccc333's DROP TABLE is an error for SQLite too.
    const auto r = cli(project(), {"lint", "aaa111:bbb222"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_EQ(r.out, "");
    const auto all = cli(project(), {"lint"});
    EXPECT_EQ(all.code, 1) << all.err.toStdString();
    EXPECT_EQ(all.out, "versions/ccc333_drop.sql:10: error drop-table: DROP TABLE legacy deletes "
                       "the table and all its rows\n");
}

TEST_F(CliLint, ARangeLintsOnlyItsRevisions)
{
    const auto upToIndex = cli(project(), {"lint", "aaa111:bbb222", "--driver", "postgresql"});
    EXPECT_EQ(upToIndex.code, 0) << upToIndex.err.toStdString();
    EXPECT_TRUE(upToIndex.out.contains("bbb222_index.sql"));
    EXPECT_FALSE(upToIndex.out.contains("ccc333"));
    const auto last = cli(project(), {"lint", "ccc333:", "--driver", "postgresql"});
    EXPECT_EQ(last.code, 1);
    EXPECT_FALSE(last.out.contains("bbb222"));
    EXPECT_TRUE(last.out.contains("ccc333_drop.sql:10: error drop-table"));
    const auto bad = cli(project(), {"lint", "nope:", "--driver", "postgresql"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_TRUE(bad.err.startsWith("FAILED: Can't locate revision identified by 'nope'"))
        << bad.err.toStdString();
}

TEST_F(CliLint, JsonGivesEveryFieldOfEachFinding)
{
    const auto r = cli(project(), {"lint", "--driver", "postgresql", "--json"});
    EXPECT_EQ(r.code, 1);
    const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 3) << r.out.toStdString();
    const QJsonObject allowed = arr[1].toObject();
    for (const char *key : {"rule", "level", "file", "line", "revision", "section", "message",
                            "statement", "facts", "allowed", "allow_reason"})
        EXPECT_TRUE(allowed.contains(key)) << key;
    EXPECT_EQ(allowed["rule"].toString(), "require-concurrent-index-deletion");
    EXPECT_EQ(allowed["file"].toString(), "versions/bbb222_index.sql");
    EXPECT_EQ(allowed["line"].toInt(), 15);
    EXPECT_EQ(allowed["revision"].toString(), "bbb222");
    EXPECT_EQ(allowed["section"].toString(), "downgrade");
    EXPECT_EQ(allowed["statement"].toString(), "DROP INDEX ix_orders_total");
    EXPECT_TRUE(allowed["allowed"].toBool());
    EXPECT_EQ(allowed["allow_reason"].toString(), "small index");
    EXPECT_EQ(arr[2].toObject()["level"].toString(), "error");
}

TEST_F(CliLint, ProjectLevelsApplyAndUnknownRulesAreRefused)
{
    writeToml("\n[lint]\ndrop-table = \"warning\"\n");
    const auto relaxed = cli(project(), {"lint", "--driver", "postgresql"});
    EXPECT_EQ(relaxed.code, 0) << relaxed.err.toStdString();
    EXPECT_TRUE(relaxed.out.contains("ccc333_drop.sql:10: warning drop-table"));

    writeToml("\n[lint]\ndrop-tables = \"warning\"\n");
    const auto unknown = cli(project(), {"lint", "--driver", "postgresql"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_TRUE(unknown.err.contains("retort.toml:9: lint.drop-tables: unknown lint rule"))
        << unknown.err.toStdString();
}

TEST_F(CliLint, ServerVersionAndEnvironmentOptions)
{
    writeFile(path("versions/ddd444_enum.sql"),
              script("ddd444", "ccc333", "ALTER TYPE mood ADD VALUE 'meh';", "SELECT 1;"));
    const auto pg11 =
        cli(project(), {"lint", "ddd444", "--driver", "postgresql", "--server-version", "11"});
    EXPECT_TRUE(pg11.out.contains("error enum-value-in-transaction")) << pg11.out.toStdString();
    const auto pg12 =
        cli(project(), {"lint", "ddd444", "--driver", "postgresql", "--server-version", "12.4"});
    EXPECT_EQ(pg12.code, 0) << pg12.out.toStdString();
    EXPECT_FALSE(pg12.out.contains("enum-value-in-transaction"));
    const auto bad = cli(project(), {"lint", "--server-version", "eleven"});
    EXPECT_NE(bad.code, 0);
    EXPECT_TRUE(bad.err.contains("--server-version")) << bad.err.toStdString();

    // With --env: the environment's pending plan, judged against its database (a SQLite file
    // that does not exist yet: every table is new); the version and driver are the database's.
    const auto env = cli(project(), {"--env", "local", "lint"});
    EXPECT_EQ(env.code, 1) << env.err.toStdString(); // ccc333's DROP TABLE
    EXPECT_TRUE(env.out.contains("versions/ccc333_drop.sql:10: error drop-table"))
        << env.out.toStdString();
    EXPECT_TRUE(env.err.contains("note: judged against local (sqlite): 4 pending step(s) to heads"))
        << env.err.toStdString();
    EXPECT_FALSE(QFile::exists(path("t.db"))); // nothing created
    const auto withDriver = cli(project(), {"--env", "local", "lint", "--driver", "postgresql"});
    EXPECT_EQ(withDriver.code, 1);
    EXPECT_TRUE(withDriver.err.contains("--driver and --server-version are for offline lint"))
        << withDriver.err.toStdString();
    const auto range = cli(project(), {"--env", "local", "lint", "aaa111:bbb222"});
    EXPECT_EQ(range.code, 1);
    EXPECT_TRUE(range.err.contains("give a target (default heads), not a range"))
        << range.err.toStdString();
}

// Live facts on SQLite: rows counted and the file's (or dbstat's) size, driven by the findings'
// facts. non-transactional-mixed raised to an error by [lint] gives the protected-run checks
// below an error that no other rule decides.
class CliLintRun : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        writeFile(m_dir.filePath("retort.toml"),
                  "[project]\nname = \"t\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
                  "database = \"t.db\"\nprotected = true\n\n[lint]\n"
                  "non-transactional-mixed = \"error\"\n");
        writeFile(
            m_dir.filePath("versions/aaa111_two.sql"),
            "-- two\n--\n-- Revision ID: aaa111\n-- Revises: \n-- Create Date: 2026-01-01\n"
            "-- Transactional: false\n\n-- migrate:upgrade\nCREATE TABLE a (id int);\n"
            "CREATE TABLE b (id int);\n\n-- migrate:downgrade\nDROP TABLE b;\nDROP TABLE a;\n");
    }
    QString root() const { return m_dir.path(); }
    QStringList auditNotes(const QString &file = "t.db") const
    {
        QStringList notes;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "lint-audit");
            db.setDatabaseName(m_dir.filePath(file));
            EXPECT_TRUE(db.open());
            QSqlQuery q(db);
            EXPECT_TRUE(q.exec("SELECT note FROM retort_history ORDER BY id"));
            while (q.next())
                notes.append(q.value(0).toString());
        }
        QSqlDatabase::removeDatabase("lint-audit");
        return notes;
    }
    QTemporaryDir m_dir;
};

TEST_F(CliLintRun, AProtectedRunRefusesLintErrorsUnlessEachRuleIsAllowed)
{
    const QStringList run{"--confirm", "local", "--override-preflight", "checked", "--no-backup",
                          "upgrade",   "heads"};
    auto r = cli(root(), run);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("Lint of the plan for local (1 error(s)):\n"
                               "versions/aaa111_two.sql:9: error non-transactional-mixed: "))
        << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("FAILED: local is a protected environment and the plan has lint "
                               "errors (non-transactional-mixed); nothing was run"))
        << r.err.toStdString();
    EXPECT_FALSE(QFile::exists(m_dir.filePath("t.db")));

    r = cli(root(), run + QStringList{"--allow", "no-such-rule"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("--allow no-such-rule: no such lint rule")) << r.err.toStdString();
    // Another rule's --allow is no acknowledgement of this one.
    r = cli(root(), run + QStringList{"--allow", "drop-table"});
    EXPECT_EQ(r.code, 1);
    EXPECT_FALSE(QFile::exists(m_dir.filePath("t.db")));

    r = cli(root(),
            run + QStringList{"--allow", "drop-table", "--allow", "non-transactional-mixed"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("warning: lint acknowledged: non-transactional-mixed at "
                               "versions/aaa111_two.sql:9 (aaa111)"))
        << r.err.toStdString();
    const QStringList notes = auditNotes();
    ASSERT_EQ(notes.size(), 1);
    EXPECT_TRUE(notes[0].contains(
        "lint acknowledged: non-transactional-mixed at versions/aaa111_two.sql:9 (aaa111)"))
        << notes[0].toStdString();
    EXPECT_TRUE(notes[0].contains("checked")) << notes[0].toStdString(); // the override's note too
}

// A fleet's protected members are linted like one protected environment: errors refused unless
// --allow names their rules, the acknowledgement in each member's audit trail.
TEST_F(CliLintRun, AFleetRefusesLintErrorsOnItsProtectedMembersUnlessAllowed)
{
    writeFile(m_dir.filePath("retort.toml"),
              "[project]\nname = \"t\"\n\n[environments.t-1]\ndriver = \"sqlite\"\n"
              "database = \"t1.db\"\nprotected = true\n\n[environments.t-2]\n"
              "driver = \"sqlite\"\ndatabase = \"t2.db\"\nprotected = true\n\n[lint]\n"
              "non-transactional-mixed = \"error\"\n");
    const QStringList run{"--env",   "t-*",         "--confirm", "t-*",  "--override-preflight",
                          "checked", "--no-backup", "upgrade",   "heads"};
    auto r = cli(root(), run);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("t-1 is a protected environment and the plan has lint errors "
                               "(non-transactional-mixed); nothing was run"))
        << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("t-2 is a protected environment")) << r.err.toStdString();
    EXPECT_FALSE(QFile::exists(m_dir.filePath("t1.db")));
    EXPECT_FALSE(QFile::exists(m_dir.filePath("t2.db")));

    r = cli(root(), run + QStringList{"--allow", "non-transactional-mixed"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    for (const QString &file : {QStringLiteral("t1.db"), QStringLiteral("t2.db")}) {
        const QStringList notes = auditNotes(file);
        ASSERT_EQ(notes.size(), 1) << file.toStdString();
        EXPECT_TRUE(notes[0].contains("lint acknowledged: non-transactional-mixed at "
                                      "versions/aaa111_two.sql:9 (aaa111)"))
            << notes[0].toStdString();
        EXPECT_TRUE(notes[0].contains("checked")) << notes[0].toStdString();
    }
}

TEST_F(CliLintRun, UnprotectedRunsAndDryRunsPrintTheFindingsAndRun)
{
    writeFile(m_dir.filePath("retort.toml"),
              "[project]\nname = \"t\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
              "database = \"t.db\"\n\n[lint]\nnon-transactional-mixed = \"error\"\n");
    auto sql = cli(root(), {"upgrade", "heads", "--sql"});
    EXPECT_EQ(sql.code, 0) << sql.err.toStdString();
    EXPECT_TRUE(sql.err.contains("versions/aaa111_two.sql:9: error non-transactional-mixed"))
        << sql.err.toStdString();
    EXPECT_TRUE(sql.out.contains("CREATE TABLE a (id int);")); // stdout: the SQL only
    EXPECT_FALSE(sql.out.contains("non-transactional-mixed"));
    EXPECT_FALSE(QFile::exists(m_dir.filePath("t.db"))); // --sql connects to nothing

    auto r = cli(root(), {"upgrade", "heads"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("versions/aaa111_two.sql:9: error non-transactional-mixed"))
        << r.err.toStdString();
    EXPECT_EQ(auditNotes(), QStringList{""});
}

TEST_F(CliLint, ServerVersionsOfMariaDbAndSqlite)
{
    // VARCHAR(100) in latin1 to VARCHAR(300): a copy before MariaDB 10.4.3, in place from it.
    writeFile(path("versions/ddd444_wide.sql"),
              script("ddd444", "ccc333",
                     "ALTER TABLE names MODIFY name VARCHAR(300) CHARACTER SET latin1;",
                     "ALTER TABLE names MODIFY name VARCHAR(100) CHARACTER SET latin1;"));
    writeFile(path("versions/ccc333_drop.sql"),
              script("ccc333", "bbb222",
                     "CREATE TABLE names (name VARCHAR(100) CHARACTER SET latin1);",
                     "DROP TABLE names;"));
    const auto old =
        cli(project(), {"lint", "ccc333:ddd444", "--driver", "mysql", "--server-version", "10.3"});
    EXPECT_TRUE(old.out.contains("ddd444_wide.sql:9: warning alter-needs-copy: ALTER TABLE "
                                 "names needs ALGORITHM=COPY on MariaDB 10.3.0"))
        << old.out.toStdString() << old.err.toStdString();
    const auto newer = cli(project(), {"lint", "ccc333:ddd444", "--driver", "mysql",
                                       "--server-version", "10.11.6-MariaDB"});
    EXPECT_FALSE(newer.out.contains("ddd444_wide.sql:9")) << newer.out.toStdString();
    const auto numeric = cli(
        project(), {"lint", "ccc333:ddd444", "--driver", "mysql", "--server-version", "100300"});
    EXPECT_EQ(numeric.out, old.out);
    const auto bad = cli(project(), {"lint", "--driver", "mysql", "--server-version", "ten"});
    EXPECT_NE(bad.code, 0);
    EXPECT_TRUE(bad.err.contains("MariaDB/MySQL version")) << bad.err.toStdString();

    // SQLite before 3.35 has no DROP COLUMN.
    writeFile(path("versions/ddd444_wide.sql"),
              script("ddd444", "ccc333", "ALTER TABLE names DROP COLUMN name;", ""));
    const auto sqlite =
        cli(project(), {"lint", "ddd444", "--driver", "sqlite", "--server-version", "3.31"});
    EXPECT_TRUE(sqlite.out.contains("error alter-needs-rebuild: ALTER TABLE names DROP COLUMN "
                                    "needs SQLite 3.35.0"))
        << sqlite.out.toStdString() << sqlite.err.toStdString();
    EXPECT_FALSE(
        cli(project(), {"lint", "ddd444", "--driver", "sqlite", "--server-version", "3.40.1"})
            .out.contains("alter-needs-rebuild"));
}

TEST_F(CliLint, UsageNamesTheOptions)
{
    const auto r = cli(project(), {"lint", "a:b", "c:d"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains(
        "usage: retort-cli lint [RANGE] [--alembic PATH] [--driver D] [--server-version V]"))
        << r.err.toStdString();
}

// Alembic revisions are linted from the SQL the project's alembic renders for the driver (their
// findings point at line 1 of the .py file); without a usable alembic they are skipped, said.
TEST(CliLintAlembic, PythonRevisionsAreLintedFromTheSqlAlembicRenders)
{
    auto alembic = retort::findAlembic();
    if (!alembic)
        GTEST_SKIP() << alembic.error().message.toStdString();
    QTemporaryDir dir;
    const QString root = dir.path();
    QDir().mkpath(root + "/mig/versions");
    writeFile(root + "/alembic.ini", "[alembic]\nscript_location = %(here)s/mig\n"
                                     "sqlalchemy.url = sqlite:///%(here)s/a.db\n");
    writeFile(root + "/mig/env.py",
              "from alembic import context\nconfig = context.config\n"
              "context.configure(url=config.get_main_option('sqlalchemy.url'), "
              "target_metadata=None, literal_binds=True)\n"
              "with context.begin_transaction():\n    context.run_migrations()\n");
    writeFile(
        root + "/mig/versions/b1_ledger.py",
        "\"\"\"ledger\n\nRevision ID: b1\n\"\"\"\nfrom alembic import op\n"
        "import sqlalchemy as sa\n\nrevision = 'b1'\ndown_revision = None\n"
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n    op.create_table('ledger', sa.Column('id', sa.BigInteger()))\n\n\n"
        "def downgrade():\n    op.drop_table('ledger')\n");
    writeFile(root + "/mig/versions/b2_index.py",
              "\"\"\"index\n\nRevision ID: b2\n\"\"\"\nfrom alembic import op\n\n"
              "revision = 'b2'\ndown_revision = 'b1'\nbranch_labels = None\ndepends_on = None\n\n\n"
              "def upgrade():\n    op.create_index('ix_ledger_id', 'ledger', ['id'])\n\n\n"
              "def downgrade():\n    op.drop_index('ix_ledger_id', table_name='ledger')\n");

    const auto r = cli(root, {"lint", "--driver", "postgresql"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("mig/versions/b2_index.py:1: warning "
                               "require-concurrent-index-creation: CREATE INDEX ix_ledger_id on "
                               "ledger"))
        << r.out.toStdString() << r.err.toStdString();
    EXPECT_FALSE(r.out.contains("b1_ledger.py:1: error")) << r.out.toStdString();

    const auto skipped =
        cli(root, {"lint", "--driver", "postgresql", "--alembic", root + "/no-such-alembic"});
    EXPECT_EQ(skipped.code, 0);
    EXPECT_EQ(skipped.out, "");
    EXPECT_TRUE(skipped.err.contains("revision b2 (b2_index.py) is an Alembic revision and its "
                                     "SQL was not rendered: not linted"))
        << skipped.err.toStdString();
}

// downgrade-does-not-restore: the newest revisions replayed up and down on a SQLite scratch
// file; --no-replay skips it.
TEST_F(CliLint, ADowngradeThatLeavesATableBehindIsReported)
{
    QTemporaryDir dir;
    auto at = [&](const QString &rel) { return dir.filePath(rel); };
    writeFile(at("retort.toml"), "[project]\nname = \"rt\"\n\n[environments.local]\n"
                                 "driver = \"sqlite\"\ndatabase = \"rt.db\"\n");
    writeFile(at("versions/aaa111_a.sql"),
              script("aaa111", "", "CREATE TABLE a (id int);", "DROP TABLE a;"));
    writeFile(at("versions/bbb222_log.sql"),
              script("bbb222", "aaa111", "CREATE TABLE log (id int);\nCREATE TABLE keep (id int);",
                     "DROP TABLE keep;"));
    writeFile(at("versions/ccc333_bad.sql"),
              script("ccc333", "bbb222", "CREATE TABLE c (id int);", "DROP TABLE nobody_made;"));
    const auto r = cli(dir.path(), {"lint"});
    EXPECT_TRUE(r.out.contains("versions/bbb222_log.sql:12: warning downgrade-does-not-restore: "
                               "after bbb222's upgrade and downgrade the schema still differs"))
        << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("adds table `log`")) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains("aaa111_a.sql")) << r.out.toStdString();
    // A replay that fails is a note, not a finding nor a failure of lint.
    EXPECT_TRUE(r.err.contains("note: downgrade-does-not-restore not checked for ccc333"))
        << r.err.toStdString();
    EXPECT_FALSE(QFile::exists(at("rt.db"))); // the environment's database is never touched
    const auto skipped = cli(dir.path(), {"lint", "--no-replay"});
    EXPECT_FALSE(skipped.out.contains("downgrade-does-not-restore")) << skipped.out.toStdString();
    EXPECT_FALSE(skipped.err.contains("downgrade-does-not-restore")) << skipped.err.toStdString();
}
