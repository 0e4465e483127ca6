// retort-cli's read commands on an incomplete project (a script that cannot be read, a cycle):
// they print what they can, never call a revision a head unless it is one in the whole project,
// say so on stderr and exit with status 3, so that a script cannot take a partial answer for a
// whole one.
#include "CliTestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace clitest;

namespace {

constexpr int kIncomplete = 3; // retort-cli's documented exit status (Cli::kExitIncomplete)

void writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

QString script(const QString &id, const QString &revises, bool withId = true)
{
    return QStringLiteral("-- Step %1\n--\n%2-- Revises: %3\n\n-- migrate:upgrade\nCREATE TABLE "
                          "t%1 (id INTEGER);\n\n-- migrate:downgrade\nDROP TABLE t%1;\n")
        .arg(id, withId ? QStringLiteral("-- Revision ID: %1\n").arg(id) : QString(), revises);
}

// The shape of the demo project, small:
//   a1 - b2 - c3 ---------- f6
//          \- d4 - e5 ----- m7 (merge of e5, f6) - h8
const QStringList kIds = {"aaaa00000001", "bbbb00000002", "cccc00000003", "dddd00000004",
                          "eeee00000005", "ffff00000006", "mmmm00000007", "hhhh00000008"};
const QStringList kRevises = {"",
                              "aaaa00000001",
                              "bbbb00000002",
                              "bbbb00000002",
                              "dddd00000004",
                              "cccc00000003",
                              "eeee00000005, ffff00000006",
                              "mmmm00000007"};

QString makeProject(const QTemporaryDir &dir)
{
    const QString root = dir.path() + "/proj";
    QDir().mkpath(root + "/versions");
    writeFile(root + "/retort.toml", "[project]\nname = \"t\"\n\n[environments.local]\n"
                                     "driver = \"sqlite\"\ndatabase = \"t.db\"\n");
    for (qsizetype i = 0; i < kIds.size(); ++i)
        writeFile(root + "/versions/" + kIds[i] + "_step.sql", script(kIds[i], kRevises[i]));
    return root;
}

} // namespace

TEST(CliIncomplete, ReadCommandsPrintWhatTheyCanSaySoAndExitThree)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    ASSERT_EQ(cli(root, {"upgrade", "heads"}).code, 0);
    CliRun whole = cli(root, {"heads"});
    EXPECT_EQ(whole.code, 0);
    EXPECT_EQ(whole.out, "hhhh00000008 (head)\n");
    EXPECT_FALSE(whole.err.contains("INCOMPLETE"));

    // c3 loses its Revision ID line: f6, m7 and h8 are cut off from base.
    writeFile(root + "/versions/cccc00000003_step.sql",
              script("cccc00000003", "bbbb00000002", false));

    // heads: e5 is the graph's head, but the merge m7 revises it: not printed. h8, cut off
    // from base, is the head of the whole project (c3's Revises line is still read): printed,
    // marked.
    CliRun heads = cli(root, {"heads"});
    EXPECT_EQ(heads.code, kIncomplete);
    EXPECT_EQ(heads.out, "hhhh00000008 (unreachable) (head)\n");
    EXPECT_TRUE(heads.err.contains("INCOMPLETE: the project is incomplete (3 revision(s) left out "
                                   "of the graph, 1 script(s) could not be read)"))
        << heads.err.toStdString();
    // The problems name the culprit and the file.
    EXPECT_TRUE(heads.err.contains("revision hhhh00000008 is unreachable: ancestor cccc00000003 "
                                   "could not be read (cccc00000003_step.sql:1)"))
        << heads.err.toStdString();
    CliRun headsJson = cli(root, {"--json", "heads"});
    EXPECT_EQ(headsJson.code, kIncomplete);
    const QJsonArray headsArray = QJsonDocument::fromJson(headsJson.out.toUtf8()).array();
    ASSERT_EQ(headsArray.size(), 1);
    EXPECT_EQ(headsArray[0].toObject()["revision"].toString(), "hhhh00000008");

    // history: every readable revision, the left-out ones first and marked; no head.
    CliRun history = cli(root, {"history"});
    EXPECT_EQ(history.code, kIncomplete);
    const QStringList lines = history.out.trimmed().split('\n');
    EXPECT_EQ(lines.size(), 7) << history.out.toStdString();
    EXPECT_EQ(lines.value(0), "mmmm00000007 -> hhhh00000008 (unreachable), Step hhhh00000008");
    EXPECT_EQ(lines.value(1), "eeee00000005, ffff00000006 -> mmmm00000007 (unreachable), Step "
                              "mmmm00000007");
    EXPECT_EQ(lines.value(2), "cccc00000003 -> ffff00000006 (unreachable), Step ffff00000006");
    EXPECT_EQ(lines.value(3), "dddd00000004 -> eeee00000005, Step eeee00000005");
    EXPECT_FALSE(history.out.contains("(head)"));

    // current: the database's row is a left-out revision.
    CliRun current = cli(root, {"current"});
    EXPECT_EQ(current.code, kIncomplete) << current.err.toStdString();
    EXPECT_EQ(current.out, "hhhh00000008 (unreachable)\n");

    // branches: b2 branches into d4 and the unreadable c3.
    CliRun branches = cli(root, {"branches"});
    EXPECT_EQ(branches.code, kIncomplete);
    EXPECT_TRUE(branches.out.startsWith("bbbb00000002 (branchpoint)\n"))
        << branches.out.toStdString();
    EXPECT_TRUE(branches.out.contains("-> dddd00000004\n"));
    EXPECT_TRUE(branches.out.contains("-> cccc00000003 (unreadable)\n"));

    // status: pending and at heads are unknown.
    CliRun status = cli(root, {"status"});
    EXPECT_EQ(status.code, kIncomplete) << status.err.toStdString();
    const QString row = status.out.split('\n').value(1);
    EXPECT_TRUE(row.startsWith("local")) << status.out.toStdString();
    EXPECT_TRUE(row.contains("hhhh00000008 (unreachable)  ")) << row.toStdString();
    EXPECT_FALSE(row.contains("(head)"));
    EXPECT_EQ(row.count('?'), 2) << row.toStdString();

    // Runs stay refused.
    EXPECT_EQ(cli(root, {"upgrade", "heads"}).code, 1);

    // The real program exits with the status too.
    QProcess p;
    p.start(QString::fromUtf8(RETORT_CLI_PATH), {"--project", root, "heads"});
    p.closeWriteChannel();
    ASSERT_TRUE(p.waitForFinished(60000));
    EXPECT_EQ(p.exitCode(), 3);
}

TEST(CliIncomplete, ATwoRevisionCycleStillListsEveryRevision)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    // b2 revises a1 and d4, d4 revises b2: a cycle; everything above a1 is cut off.
    writeFile(root + "/versions/bbbb00000002_step.sql",
              script("bbbb00000002", "aaaa00000001, dddd00000004"));
    CliRun history = cli(root, {"history"});
    EXPECT_EQ(history.code, kIncomplete);
    EXPECT_EQ(history.out.trimmed().split('\n').size(), 8) << history.out.toStdString();
    EXPECT_TRUE(history.out.contains("-> bbbb00000002 (unreachable)"));
    EXPECT_TRUE(history.out.endsWith("<base> -> aaaa00000001, Step aaaa00000001\n"));
    EXPECT_FALSE(history.out.contains("(head)"));
    CliRun verbose = cli(root, {"history", "-v"});
    EXPECT_TRUE(verbose.out.contains("Reason: in a cycle: ")) << verbose.out.toStdString();
    // a1 is the only revision of the graph, but b2 revises it; h8, above the cycle, is the
    // whole project's head.
    CliRun heads = cli(root, {"heads"});
    EXPECT_EQ(heads.code, kIncomplete);
    EXPECT_EQ(heads.out, "hhhh00000008 (unreachable) (head)\n");
}

TEST(CliIncomplete, HelpListsTheExitStatuses)
{
    CliRun help = cli(QDir::tempPath(), {"--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_TRUE(help.out.contains("3 the project is incomplete")) << help.out.toStdString();
}
