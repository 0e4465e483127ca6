// retort-cli end to end on real SQLite files in temporary projects: Cli in process, and the real
// binary where a process matters (no terminal on standard input, a terminal, exit codes of main).
#include "Cli.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "CliTestSupport.h"

#include <gtest/gtest.h>

using namespace clitest;

namespace {

// The real retort-cli, with standard input a pipe (never a terminal).
CliRun cliProcess(const QString &project, const QStringList &args)
{
    QProcess p;
    p.start(QString::fromUtf8(RETORT_CLI_PATH), withProject(project, args));
    p.closeWriteChannel();
    p.waitForFinished(60000);
    return CliRun{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                  QString::fromUtf8(p.readAllStandardError())};
}

void writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

QString script(const QString &id, const QString &revises, const QString &up, const QString &down,
               const QString &message = QString())
{
    return QStringLiteral(
               "-- %1\n--\n-- Revision ID: %2\n-- Revises: %3\n\n-- migrate:upgrade\n%4\n\n"
               "-- migrate:downgrade\n%5\n")
        .arg(message.isEmpty() ? "Step " + id : message, id, revises, up, down);
}

// A project with three linear revisions; the second one's second statement can be made to fail.
QString makeProject(const QTemporaryDir &dir, bool failInSecond)
{
    const QString root = dir.path() + "/proj";
    QDir().mkpath(root + "/versions");
    writeFile(root + "/retort.toml", "[project]\nname = \"t\"\n\n[environments.local]\n"
                                     "driver = \"sqlite\"\ndatabase = \"t.db\"\n");
    writeFile(root + "/versions/aaaa00000001_one.sql",
              script("aaaa00000001", "", "CREATE TABLE one (id INTEGER);", "DROP TABLE one;"));
    writeFile(root + "/versions/bbbb00000002_two.sql",
              script("bbbb00000002", "aaaa00000001",
                     failInSecond
                         ? "CREATE TABLE two (id INTEGER);\nINSERT INTO missing VALUES (1);"
                         : "CREATE TABLE two (id INTEGER);\nINSERT INTO two VALUES (1);",
                     "DROP TABLE two;"));
    writeFile(root + "/versions/cccc00000003_three.sql",
              script("cccc00000003", "bbbb00000002", "CREATE TABLE three (id INTEGER);",
                     "DROP TABLE three;"));
    return root;
}

// The first column of `sql`'s rows on the SQLite file `dbPath`, read on a connection of its own.
QStringList column(const QString &dbPath, const char *sql)
{
    QStringList out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "clitest");
        db.setDatabaseName(dbPath);
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        q.exec(sql);
        while (q.next())
            out << q.value(0).toString();
    }
    QSqlDatabase::removeDatabase("clitest");
    return out;
}

QStringList tables(const QString &dbPath)
{
    return column(dbPath, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> "
                          "'retort_history' ORDER BY name");
}

QStringList versionRows(const QString &dbPath)
{
    return column(dbPath, "SELECT version_num FROM alembic_version ORDER BY version_num");
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

} // namespace

TEST(Cli, UpgradeCurrentDowngradeRoundTrip)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, false);
    const QString db = root + "/t.db";

    CliRun current = cli(root, {"current"});
    EXPECT_EQ(current.code, 0) << current.err.toStdString();
    EXPECT_TRUE(current.out.trimmed().isEmpty());
    EXPECT_FALSE(QFile::exists(db)) << "current must not create the database";

    CliRun up = cli(root, {"upgrade", "heads"});
    ASSERT_EQ(up.code, 0) << up.err.toStdString();
    EXPECT_EQ(up.out, "Running upgrade  -> aaaa00000001, Step aaaa00000001\n"
                      "Running upgrade aaaa00000001 -> bbbb00000002, Step bbbb00000002\n"
                      "Running upgrade bbbb00000002 -> cccc00000003, Step cccc00000003\n");
    EXPECT_EQ(versionRows(db), QStringList{"cccc00000003"});
    EXPECT_EQ(cli(root, {"current"}).out, "cccc00000003 (head)\n");

    CliRun down = cli(root, {"downgrade", "-1"});
    ASSERT_EQ(down.code, 0) << down.err.toStdString();
    EXPECT_EQ(down.out, "Running downgrade cccc00000003 -> bbbb00000002, Step cccc00000003\n");
    EXPECT_EQ(versionRows(db), QStringList{"bbbb00000002"});

    CliRun base = cli(root, {"downgrade", "base"});
    ASSERT_EQ(base.code, 0) << base.err.toStdString();
    EXPECT_TRUE(versionRows(db).isEmpty());
    EXPECT_EQ(tables(db), QStringList{"alembic_version"});

    CliRun json = cli(root, {"--json", "current"});
    ASSERT_EQ(json.code, 0);
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    EXPECT_EQ(o["environment"].toString(), "local");
    EXPECT_TRUE(o["rows"].toArray().isEmpty());
}

TEST(Cli, FailingStatementLeavesTheLastGoodRevision)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, true);
    const QString db = root + "/t.db";
    CliRun up = cli(root, {"upgrade", "heads"});
    EXPECT_EQ(up.code, 1);
    EXPECT_TRUE(up.out.contains("Running upgrade  -> aaaa00000001"));
    // The error names the revision, the statement number and the file line.
    EXPECT_TRUE(up.err.startsWith("FAILED: ")) << up.err.toStdString();
    EXPECT_TRUE(up.err.contains("bbbb00000002")) << up.err.toStdString();
    EXPECT_TRUE(up.err.contains("statement 2")) << up.err.toStdString();
    EXPECT_TRUE(up.err.contains("bbbb00000002_two.sql:8")) << up.err.toStdString();
    EXPECT_TRUE(up.err.contains("missing")) << up.err.toStdString();
    // The first migration stays, the second left nothing behind, the third never ran.
    EXPECT_EQ(versionRows(db), QStringList{"aaaa00000001"});
    EXPECT_EQ(tables(db), (QStringList{"alembic_version", "one"}));
}

TEST(Cli, OfflineSqlTouchesNothing)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, false);
    const QString db = root + "/t.db";
    CliRun sql = cli(root, {"upgrade", "heads", "--sql"});
    ASSERT_EQ(sql.code, 0) << sql.err.toStdString();
    EXPECT_TRUE(sql.out.startsWith("CREATE TABLE alembic_version"));
    EXPECT_TRUE(sql.out.contains("-- Running upgrade  -> aaaa00000001\n"));
    EXPECT_TRUE(sql.out.contains("-- Running upgrade aaaa00000001 -> bbbb00000002\n"));
    EXPECT_TRUE(sql.out.contains("INSERT INTO two VALUES (1);"));
    EXPECT_FALSE(QFile::exists(db)) << "offline mode must not create the database";

    ASSERT_EQ(cli(root, {"upgrade", "aaaa00000001"}).code, 0);
    const QByteArray before = fileHash(db);
    CliRun range = cli(root, {"upgrade", "aaaa00000001:heads", "--sql"});
    ASSERT_EQ(range.code, 0) << range.err.toStdString();
    EXPECT_FALSE(range.out.contains("CREATE TABLE alembic_version"));
    EXPECT_TRUE(range.out.contains("UPDATE alembic_version SET version_num='bbbb00000002'"));
    CliRun downSql = cli(root, {"downgrade", "cccc00000003:base", "--sql"});
    ASSERT_EQ(downSql.code, 0) << downSql.err.toStdString();
    EXPECT_TRUE(downSql.out.contains("-- Running downgrade cccc00000003 -> bbbb00000002"));
    EXPECT_EQ(fileHash(db), before);
    EXPECT_EQ(versionRows(db), QStringList{"aaaa00000001"});
    // Offline downgrade needs FROM:TO.
    EXPECT_EQ(cli(root, {"downgrade", "base", "--sql"}).code, 1);
}

TEST(Cli, RevisionAndMergeWriteScripts)
{
    QTemporaryDir dir;
    const QString root = dir.path() + "/new";
    CliRun init = cli({}, {"init", root});
    ASSERT_EQ(init.code, 0) << init.err.toStdString();
    ASSERT_TRUE(QFile::exists(root + "/retort.toml"));

    ASSERT_EQ(cli(root, {"revision", "-m", "create users", "--rev-id", "aaaa00000001"}).code, 0);
    CliRun second = cli(root, {"revision", "-m", "add email", "--rev-id", "bbbb00000002"});
    ASSERT_EQ(second.code, 0) << second.err.toStdString();
    EXPECT_TRUE(second.out.contains("bbbb00000002_add_email.sql"));
    QFile f(root + "/versions/bbbb00000002_add_email.sql");
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    EXPECT_TRUE(text.contains("-- Revises: aaaa00000001")) << text.toStdString();
    EXPECT_TRUE(text.startsWith("-- add email"));

    // A second branch from the first revision needs --splice.
    CliRun noSplice =
        cli(root, {"revision", "-m", "side", "--head", "aaaa", "--rev-id", "cccc00000003"});
    EXPECT_EQ(noSplice.code, 1);
    EXPECT_TRUE(noSplice.err.contains("--splice"));
    ASSERT_EQ(cli(root, {"revision", "-m", "side", "--head", "aaaa", "--splice", "--branch-label",
                         "side", "--rev-id", "cccc00000003"})
                  .code,
              0);
    // Two heads now: a plain revision is ambiguous, a merge joins them.
    CliRun ambiguous = cli(root, {"revision", "-m", "next"});
    EXPECT_EQ(ambiguous.code, 1);
    EXPECT_TRUE(ambiguous.err.contains("Multiple heads"));
    CliRun merge = cli(root, {"merge", "-m", "join", "heads", "--rev-id", "dddd00000004"});
    ASSERT_EQ(merge.code, 0) << merge.err.toStdString();
    CliRun heads = cli(root, {"heads"});
    EXPECT_EQ(heads.out, "dddd00000004 (side) (head)\n");
    CliRun history = cli(root, {"history"});
    EXPECT_TRUE(history.out.startsWith(
        "bbbb00000002, cccc00000003 -> dddd00000004 (side) (head) (mergepoint), join\n"))
        << history.out.toStdString();

    CliRun json = cli(root, {"--json", "heads"});
    const QJsonArray arr = QJsonDocument::fromJson(json.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 1);
    EXPECT_EQ(arr[0].toObject()["revision"].toString(), "dddd00000004");
    EXPECT_EQ(arr[0].toObject()["down_revisions"].toArray().size(), 2);
}

TEST(Cli, CheckReportsBrokenFilesAndTheRestStillLoads)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, false);
    EXPECT_EQ(cli(root, {"check"}).code, 0);
    writeFile(
        root + "/versions/dddd_broken.sql",
        "-- Broken\n-- Revision ID: dddd00000004\n-- Revises: cccc00000003\n-- Colour: red\n");
    CliRun check = cli(root, {"check"});
    EXPECT_EQ(check.code, 1);
    EXPECT_TRUE(check.err.contains("dddd_broken.sql:4")) << check.err.toStdString();
    // The unreadable script revises cccc00000003: no longer a head, and the answer is partial.
    CliRun heads = cli(root, {"heads"});
    EXPECT_EQ(heads.code, 3);
    EXPECT_EQ(heads.out, "");
    EXPECT_TRUE(heads.err.contains("warning:"));
    EXPECT_TRUE(heads.err.contains("INCOMPLETE:"));
    // Changing the database is refused while the project has problems.
    CliRun up = cli(root, {"upgrade", "heads"});
    EXPECT_EQ(up.code, 1);
    EXPECT_TRUE(up.err.contains("dddd_broken.sql:4"));
    EXPECT_FALSE(QFile::exists(root + "/t.db"));
}

TEST(Cli, UnknownRevisionsAndCommandsFailCleanly)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, false);
    CliRun bad = cli(root, {"upgrade", "nosuchrev"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_TRUE(bad.err.contains("nosuchrev"));
    EXPECT_EQ(cli(root, {"frobnicate"}).code, 1);
    CliRun noProject = cli(dir.path() + "/nowhere", {"heads"});
    EXPECT_NE(noProject.code, 0);
    EXPECT_TRUE(noProject.err.startsWith("FAILED:"));
}

namespace {

// makeProject() plus a protected `production` (another SQLite file) and an unreadable `broken`.
QString makeEnvironmentsProject(const QTemporaryDir &dir)
{
    const QString root = makeProject(dir, false);
    QFile toml(root + "/retort.toml");
    EXPECT_TRUE(toml.open(QIODevice::Append));
    toml.write("\n[environments.production]\ndriver = \"sqlite\"\ndatabase = \"prod.db\"\n"
               "protected = true\n");
    toml.close();
    return root;
}

// Runs retort-cli on a pseudo-terminal (util-linux `script`), typing `typed` at its prompt.
CliRun cliOnTerminal(const QString &project, const QStringList &args, const QByteArray &typed)
{
    QStringList quoted{QString::fromUtf8(RETORT_CLI_PATH), "--project", project};
    quoted << args;
    for (QString &a : quoted)
        a = "'" + a + "'";
    QProcess p;
    p.start("script", {"-q", "-e", "-c", quoted.join(' '), "/dev/null"});
    p.waitForStarted();
    p.write(typed);
    p.waitForFinished(60000);
    return CliRun{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                  QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

TEST(Cli, ProtectedEnvironmentNeedsItsNameConfirmed)
{
    QTemporaryDir dir;
    const QString root = makeEnvironmentsProject(dir);
    // From a script (no terminal): refused, nothing created. (A process: this test's own standard
    // input may be a terminal.)
    CliRun r = cliProcess(root, {"--env", "production", "upgrade", "heads"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("protected")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("--confirm production")) << r.err.toStdString();
    EXPECT_FALSE(QFile::exists(root + "/prod.db"));

    // The wrong name is refused too.
    r = cli(root, {"--env", "production", "--confirm", "staging", "upgrade", "heads"});
    EXPECT_EQ(r.code, 1);
    EXPECT_FALSE(QFile::exists(root + "/prod.db"));

    // Dry runs and unprotected environments need nothing.
    EXPECT_EQ(cli(root, {"--env", "production", "upgrade", "heads", "--sql"}).code, 0);
    EXPECT_EQ(cli(root, {"--env", "local", "upgrade", "aaaa00000001"}).code, 0);
    // (The protected run's pre-flight wants its migrations tested on a non-protected environment.)
    EXPECT_EQ(cli(root, {"--env", "local", "upgrade", "bbbb00000002"}).code, 0);

    // --confirm NAME, before or after the command.
    r = cli(root, {"--env", "production", "upgrade", "bbbb00000002", "--confirm", "production"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_EQ(cli(root, {"--env", "production", "current"}).out.trimmed(), "bbbb00000002");
}

TEST(Cli, ProtectedEnvironmentAsksOnATerminal)
{
    if (QStandardPaths::findExecutable("script").isEmpty())
        GTEST_SKIP() << "util-linux 'script' is not installed";
    QTemporaryDir dir;
    const QString root = makeEnvironmentsProject(dir);
    // The protected run's pre-flight wants its migrations tested on a non-protected environment.
    ASSERT_EQ(cli(root, {"--env", "local", "upgrade", "heads"}).code, 0);
    CliRun r = cliOnTerminal(root, {"--env", "production", "upgrade", "heads"}, "prod\n");
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(r.out.contains("Type the environment's name")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("not confirmed")) << r.out.toStdString();
    EXPECT_FALSE(QFile::exists(root + "/prod.db"));

    r = cliOnTerminal(root, {"--env", "production", "upgrade", "heads"}, "production\n");
    EXPECT_EQ(r.code, 0) << r.out.toStdString();
    EXPECT_EQ(cli(root, {"--env", "production", "current"}).out.trimmed(), "cccc00000003 (head)");
}

TEST(Cli, StatusShowsEveryEnvironment)
{
    QTemporaryDir dir;
    const QString root = makeEnvironmentsProject(dir);
    ASSERT_EQ(cli(root, {"--env", "local", "upgrade", "bbbb00000002"}).code, 0);
    CliRun r = cli(root, {"status"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    ASSERT_GE(lines.size(), 3);
    EXPECT_TRUE(lines[0].startsWith("ENVIRONMENT"));
    EXPECT_TRUE(
        lines[1].contains(QRegularExpression("^local\\s+sqlite\\s+bbbb00000002\\s+1\\s+no")))
        << lines[1].toStdString();
    EXPECT_TRUE(
        lines[2].contains(QRegularExpression("^production \\*\\s+sqlite\\s+\\(base\\)\\s+3\\s+no")))
        << lines[2].toStdString();
    EXPECT_FALSE(QFile::exists(root + "/prod.db")); // status never creates a database

    r = cli(root, {"status", "--json"});
    ASSERT_EQ(r.code, 0);
    const QJsonArray arr = QJsonDocument::fromJson(r.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 2);
    EXPECT_EQ(arr[0]["environment"].toString(), "local");
    EXPECT_EQ(arr[0]["pending"].toInt(), 1);
    EXPECT_EQ(arr[0]["current"].toArray().at(0).toString(), "bbbb00000002");
    EXPECT_FALSE(arr[0]["at_heads"].toBool());
    EXPECT_TRUE(arr[1]["protected"].toBool());
    EXPECT_EQ(arr[1]["pending"].toInt(), 3);

    // An environment that cannot be read is reported, with a non-zero exit.
    writeFile(root + "/prod.db", QString(5000, 'x'));
    r = cli(root, {"status"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.out.contains("(not reachable)")) << r.out.toStdString();
    EXPECT_TRUE(r.err.contains("1 environment(s) could not be read")) << r.err.toStdString();
}

// version_table_schema on SQLite ("main" is always attached): set in retort.toml, every statement
// on the version table names main.alembic_version; convert carries the schema over from an
// Alembic project (whose env.py passes it to context.configure), and alembic's schema-qualified
// version statements stay out of the converted scripts.
TEST(Cli, VersionTableSchemaOnSqliteAndThroughConvert)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir, false);
    writeFile(root + "/retort.toml", "[project]\nname = \"t\"\nversion_table_schema = \"main\"\n\n"
                                     "[environments.local]\ndriver = \"sqlite\"\n"
                                     "database = \"t.db\"\n");
    CliRun up = cli(root, {"upgrade", "heads"});
    ASSERT_EQ(up.code, 0) << up.err.toStdString();
    EXPECT_EQ(cli(root, {"current"}).out, "cccc00000003 (head)\n");
    CliRun sql = cli(root, {"downgrade", "cccc00000003:bbbb00000002", "--sql"});
    ASSERT_EQ(sql.code, 0) << sql.err.toStdString();
    EXPECT_TRUE(sql.out.contains("UPDATE main.alembic_version SET version_num='bbbb00000002' "
                                 "WHERE main.alembic_version.version_num = 'cccc00000003';"))
        << sql.out.toStdString();
    // A schema that is not attached is SQLite's error.
    writeFile(root + "/retort.toml", "[project]\nname = \"t\"\nversion_table_schema = \"ops\"\n\n"
                                     "[environments.local]\ndriver = \"sqlite\"\n"
                                     "database = \"t.db\"\n");
    CliRun missing = cli(root, {"current"});
    EXPECT_NE(missing.code, 0);
    EXPECT_TRUE(missing.err.contains("no database 'ops' is attached")) << missing.err.toStdString();

    if (QStandardPaths::findExecutable("alembic").isEmpty())
        GTEST_SKIP() << "alembic is not installed";
    const QString alembicDir = dir.path() + "/alembic";
    QDir().mkpath(alembicDir + "/mig/versions");
    writeFile(alembicDir + "/alembic.ini",
              "[alembic]\nscript_location = %(here)s/mig\n"
              "sqlalchemy.url = sqlite:///%(here)s/app.db\nversion_table_schema = main\n");
    writeFile(alembicDir + "/mig/env.py",
              "from alembic import context\n"
              "config = context.config\n"
              "context.configure(url=config.get_main_option(\"sqlalchemy.url\"),\n"
              "                  version_table_schema=config.get_main_option("
              "\"version_table_schema\"),\n"
              "                  literal_binds=True)\n"
              "with context.begin_transaction():\n"
              "    context.run_migrations()\n");
    const auto revision = [](const QString &id, const QString &down, const QString &table) {
        return QStringLiteral("\"\"\"%1\"\"\"\nfrom alembic import op\nrevision = '%1'\n"
                              "down_revision = %2\n\ndef upgrade():\n"
                              "    op.execute(\"CREATE TABLE %3 (id INTEGER)\")\n\n"
                              "def downgrade():\n    op.execute(\"DROP TABLE %3\")\n")
            .arg(id, down, table);
    };
    writeFile(alembicDir + "/mig/versions/a1_first.py", revision("a1", "None", "one"));
    writeFile(alembicDir + "/mig/versions/b2_second.py", revision("b2", "'a1'", "two"));
    const QString out = dir.path() + "/converted";
    CliRun convert = cli(alembicDir, {"convert", "--out", out});
    ASSERT_EQ(convert.code, 0) << convert.err.toStdString();
    QFile toml(out + "/retort.toml");
    ASSERT_TRUE(toml.open(QIODevice::ReadOnly));
    EXPECT_TRUE(toml.readAll().contains("\nversion_table_schema = \"main\"\n"));
    for (const QString &name : QDir(out + "/versions").entryList(QDir::Files)) {
        QFile f(out + "/versions/" + name);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        EXPECT_FALSE(f.readAll().contains("alembic_version")) << name.toStdString();
    }
    CliRun converted = cli(out, {"upgrade", "heads", "--sql"});
    ASSERT_EQ(converted.code, 0) << converted.err.toStdString();
    EXPECT_TRUE(
        converted.out.contains("INSERT INTO main.alembic_version (version_num) VALUES ('a1');\n\n"))
        << converted.out.toStdString();
}

// ---------------------------------------------------------------------------------------------
// Issue 12, items 2 and 3: Retort's own files never fail its clean-tree pre-flight, and nothing
// but a confirmed run that passed the checks writes a backup.
// ---------------------------------------------------------------------------------------------

namespace {

// Runs git in `dir` with a fixed identity; its exit code.
int git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start("git", QStringList{"-c", "user.name=t", "-c", "user.email=t@e"} + args);
    p.waitForFinished(60000);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// `root` as a git checkout with one commit of everything in it and `ignored` in its .gitignore.
void commitAll(const QString &root, const QString &ignored)
{
    writeFile(root + "/.gitignore", ignored);
    ASSERT_EQ(git(root, {"init", "-q"}), 0);
    ASSERT_EQ(git(root, {"add", "."}), 0);
    ASSERT_EQ(git(root, {"commit", "-q", "-m", "project"}), 0);
}

// A copy of the demo project (migrations/: local, staging, protected production; SQLite files
// beside retort.toml).
QString copyDemo(const QTemporaryDir &dir)
{
    const QString from = QStringLiteral(RETORT_SOURCE_DIR) + "/migrations";
    const QString root = dir.path() + "/demo";
    QDir().mkpath(root + "/versions");
    EXPECT_TRUE(QFile::copy(from + "/retort.toml", root + "/retort.toml"));
    for (const QString &name : QDir(from + "/versions").entryList({"*.sql"}, QDir::Files))
        EXPECT_TRUE(QFile::copy(from + "/versions/" + name, root + "/versions/" + name));
    return root;
}

// The files anywhere under `root` whose names match `pattern`, relative to it.
QStringList filesUnder(const QString &root, const QString &pattern)
{
    QStringList found;
    QDirIterator it(root, {pattern}, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        found << QDir(root).relativeFilePath(it.next());
    return found;
}

QStringList backupsOf(const QString &root, const QString &env)
{
    return QDir(root + "/.retort/backups/" + env).entryList(QDir::Files | QDir::Hidden);
}

} // namespace

// The demo in a git checkout that ignores *.db: runs leave their run locks in .retort (ignored),
// so the next protected run still finds the working tree clean.
TEST(CliRetortFiles, ProtectedRunsInAGitCheckoutOfTheDemoStayClean)
{
    if (QStandardPaths::findExecutable("git").isEmpty())
        GTEST_SKIP() << "git is not installed";
    QTemporaryDir dir;
    const QString root = copyDemo(dir);
    commitAll(root, "*.db\n");
    CliRun r = cli(root, {"--env", "staging", "upgrade", "heads"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    for (const QString &target : {QString("ead8626530e3"), QString("heads")}) {
        r = cli(root, {"--env", "production", "--confirm", "production", "upgrade", target});
        ASSERT_EQ(r.code, 0) << target.toStdString() << "\n" << r.err.toStdString();
        EXPECT_TRUE(r.err.contains("[ok] The project's working tree is clean"))
            << r.err.toStdString();
    }
    EXPECT_EQ(cli(root, {"--env", "production", "current"}).out, "1e2ba8818864 (head)\n");
    EXPECT_EQ(backupsOf(root, "production").size(), 1); // the second run's, in .retort
    EXPECT_EQ(filesUnder(root, "*-retort-lock"), QStringList());
    EXPECT_EQ(filesUnder(root + "/.retort/locks", "*.lock"),
              (QStringList{"bookshop-production.db.lock", "bookshop-staging.db.lock"}));
}

// With uncommitted changes a protected run is refused by the clean-tree check before anything is
// backed up; a dry run (--sql) and a refused confirmation write no backup either.
TEST(CliRetortFiles, OnlyAConfirmedRunThatPassedTheChecksWritesABackup)
{
    if (QStandardPaths::findExecutable("git").isEmpty())
        GTEST_SKIP() << "git is not installed";
    QTemporaryDir dir;
    const QString root = makeEnvironmentsProject(dir);
    commitAll(root, "*.db\n");
    ASSERT_EQ(cli(root, {"--env", "local", "upgrade", "heads"}).code, 0);
    // production exists (at the first revision), so a backup would have something to copy.
    CliRun r = cli(root, {"--env", "production", "--confirm", "production", "--no-backup",
                          "--override-preflight", "set up", "stamp", "aaaa00000001"});
    ASSERT_EQ(r.code, 0) << r.err.toStdString();
    ASSERT_TRUE(backupsOf(root, "production").isEmpty());

    // A dry run.
    r = cli(root, {"--env", "production", "--confirm", "production", "upgrade", "heads", "--sql"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(backupsOf(root, "production").isEmpty()) << "--sql wrote a backup";
    // A refused confirmation: the wrong name, and none from a script.
    r = cli(root, {"--env", "production", "--confirm", "staging", "upgrade", "heads"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(backupsOf(root, "production").isEmpty()) << "a wrong --confirm wrote a backup";
    r = cliProcess(root, {"--env", "production", "upgrade", "heads"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(backupsOf(root, "production").isEmpty()) << "no --confirm wrote a backup";

    // Uncommitted changes: the clean-tree check refuses the run, before any backup.
    writeFile(root + "/notes.txt", "not committed\n");
    r = cli(root, {"--env", "production", "--confirm", "production", "upgrade", "heads"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains("[FAILED] The project's working tree is clean"))
        << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("notes.txt")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("nothing was run")) << r.err.toStdString();
    EXPECT_TRUE(backupsOf(root, "production").isEmpty()) << "a refused pre-flight wrote a backup";
    EXPECT_EQ(versionRows(root + "/prod.db"), QStringList{"aaaa00000001"});

    // Committed, the same run passes, and its backup is the only one.
    ASSERT_EQ(git(root, {"add", "notes.txt"}), 0);
    ASSERT_EQ(git(root, {"commit", "-q", "-m", "notes"}), 0);
    r = cli(root, {"--env", "production", "--confirm", "production", "upgrade", "heads"});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_EQ(backupsOf(root, "production").size(), 1);
    EXPECT_EQ(versionRows(root + "/prod.db"), QStringList{"cccc00000003"});
}
