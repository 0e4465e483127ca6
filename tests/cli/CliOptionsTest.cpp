// The command-line table: the usage text and the parser come from it, and the syntax it encodes
// is the one retort-cli has always accepted.
#include "CliOptions.h"
#include "Cli.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;

namespace {

struct Outcome {
    int code = -1;
    QString out;
    QString err;
};

Outcome run(const QStringList &args)
{
    QString out;
    QString err;
    QTextStream o(&out);
    QTextStream e(&err);
    Outcome r;
    {
        Cli cli(o, e);
        r.code = cli.run(args);
    }
    o.flush();
    e.flush();
    r.out = out;
    r.err = err;
    return r;
}

// A project with one revision and a SQLite environment.
QString makeProject(const QTemporaryDir &dir)
{
    const QString root = dir.path() + "/p";
    QDir().mkpath(root + "/versions");
    QFile toml(root + "/retort.toml");
    EXPECT_TRUE(toml.open(QIODevice::WriteOnly));
    toml.write("[project]\nname = \"t\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
               "database = \"t.db\"\n");
    QFile script(root + "/versions/aaaa00000001_one.sql");
    EXPECT_TRUE(script.open(QIODevice::WriteOnly));
    script.write("-- One\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\n"
                 "CREATE TABLE one (id INTEGER);\n\n-- migrate:downgrade\nDROP TABLE one;\n");
    return root;
}

} // namespace

TEST(CliOptions, HelpIsGeneratedFromTheTable)
{
    const Outcome help = run({"--help"});
    ASSERT_EQ(help.code, 0);
    EXPECT_TRUE(help.err.isEmpty());
    EXPECT_TRUE(help.out.startsWith("usage: retort-cli")) << help.out.toStdString();
    for (const CommandSpec &c : commandTable())
        EXPECT_TRUE(help.out.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(c.name))) ||
                    help.out.contains(QStringLiteral("\n  %1\n").arg(QLatin1String(c.name))))
            << c.name;
    for (const OptionSpec &o : optionTable())
        for (const QString &name : QString::fromLatin1(o.names).split(' '))
            EXPECT_TRUE(help.out.contains(name)) << name.toStdString();
    EXPECT_TRUE(help.out.contains("revision [-m MSG] [--head REV] [--branch-label L]... "
                                  "[--depends-on REV]... [--rev-id ID] [--splice]") ||
                help.out.contains("revision -m MSG [--head REV] [--branch-label L]... "
                                  "[--depends-on REV]... [--rev-id ID] [--splice]"))
        << help.out.toStdString();
    // After the command too, on standard output.
    EXPECT_EQ(run({"heads", "-h"}).out, help.out);
}

TEST(CliOptions, EveryCommandOfTheTableIsDispatched)
{
    for (const CommandSpec &c : commandTable()) {
        const Outcome r = run({QLatin1String(c.name), "--no-such-option"});
        // diff exits as diff(1) does: 1 means "different", a failure is 2.
        EXPECT_EQ(r.code, QLatin1String(c.name) == "diff" ? 2 : 1) << c.name;
        EXPECT_EQ(r.err, "FAILED: unknown option --no-such-option\n") << c.name;
    }
    const Outcome unknown = run({"frobnicate"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_EQ(unknown.err, "FAILED: unknown command 'frobnicate' (see retort-cli --help)\n");
}

TEST(CliOptions, UsageLinesComeFromTheTable)
{
    Outcome r = run({"init"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "FAILED: usage: retort-cli init DIR [--name NAME]\n");
    r = run({"convert"});
    EXPECT_EQ(r.err, "FAILED: usage: retort-cli convert --out DIR [--alembic PATH] [--driver D]\n");
    EXPECT_EQ(usageError("stamp").message, "usage: retort-cli stamp TARGET... [--sql] [--purge]");
}

TEST(CliOptions, CommandLineErrorsExitWithTwo)
{
    Outcome r = run({});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.err.startsWith("usage: retort-cli")) << r.err.toStdString();
    r = run({"--bogus", "heads"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.err.startsWith("FAILED: unknown option --bogus\nusage: retort-cli"));
    r = run({"--project"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "FAILED: option --project needs a value\n");
    r = run({"--lock-timeout", "soon", "heads"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "FAILED: --lock-timeout takes a number of seconds\n");
    r = run({"heads", "--backup-dir"});
    EXPECT_EQ(r.err, "FAILED: option --backup-dir needs a value\n");
    r = run({"heads", "--confirm", "a", "--confirm=b"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "FAILED: option --confirm given more than once\n");
    // --version before the command only.
    r = run({"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, QStringLiteral("retort-cli %1\n").arg(RETORT_VERSION));
    EXPECT_EQ(run({"heads", "--version"}).err, "FAILED: unknown option --version\n");
}

TEST(CliOptions, OptionSyntaxIsUnchanged)
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    // --opt=V and --opt V; shared options after the command; run options anywhere.
    EXPECT_EQ(run({"--project=" + root, "heads"}).out, "aaaa00000001 (head)\n");
    EXPECT_EQ(run({"--lock-timeout", "5", "--project", root, "heads", "--no-backup"}).out,
              "aaaa00000001 (head)\n");
    EXPECT_TRUE(run({"--project", root, "heads", "--json"}).out.startsWith("["));
    // A flag is taken once: given twice, the second is unknown.
    EXPECT_EQ(run({"--project", root, "heads", "-v", "--verbose"}).err,
              "FAILED: unknown option --verbose\n");
    // A value option takes the next argument whatever it is; twice is refused.
    EXPECT_EQ(run({"--project", root, "revision", "-m"}).err, "FAILED: option -m needs a value\n");
    EXPECT_EQ(run({"--project", root, "revision", "-m", "a", "--message", "b"}).err,
              "FAILED: option -m given more than once\n");
    // The '=' form is for "--" names only; "-1" is an operand, not an option.
    EXPECT_EQ(run({"--project", root, "convert", "-o=x"}).err, "FAILED: unknown option -o=x\n");
    const Outcome down = run({"--project", root, "downgrade", "-1", "--sql"});
    EXPECT_EQ(down.code, 1);
    EXPECT_TRUE(down.err.contains("FROM:TO") || down.err.contains("<fromrev>:<torev>"))
        << down.err.toStdString();
    EXPECT_EQ(run({"--project", root, "show"}).err,
              "FAILED: usage: retort-cli show REV [--effect]\n");
    EXPECT_EQ(run({"--project", root, "current", "extra"}).err,
              "FAILED: unexpected argument 'extra'\n");
}

TEST(CliOptions, CommandArgsFromTheTable)
{
    auto parsed = parseCommandArgs(
        "revision", {"-m", "--splice", "--branch-label=a", "--branch-label", "b", "--splice"});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message.toStdString();
    EXPECT_EQ(parsed->value("-m"), "--splice"); // -m is taken first
    EXPECT_EQ(parsed->values("--branch-label"), (QStringList{"a", "b"}));
    EXPECT_TRUE(parsed->flag("--splice"));
    EXPECT_TRUE(parsed->operands().isEmpty());
    parsed = parseCommandArgs("convert", {"-o", "out", "extra"});
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->value("--out"), "out");
    EXPECT_EQ(parsed->operands(), QStringList{"extra"});
    EXPECT_FALSE(parseCommandArgs("heads", {"--splice"}).ok()); // not an option of heads
}

// main(): the exit code of run() is the process's.
TEST(CliOptions, ProcessExitCodes)
{
    QProcess p;
    p.start(QString::fromUtf8(RETORT_CLI_PATH), {"--no-such-option"});
    p.waitForFinished(60000);
    EXPECT_EQ(p.exitCode(), 2);
    p.start(QString::fromUtf8(RETORT_CLI_PATH), {"frobnicate"});
    p.waitForFinished(60000);
    EXPECT_EQ(p.exitCode(), 1);
    p.start(QString::fromUtf8(RETORT_CLI_PATH), {"--version"});
    p.waitForFinished(60000);
    EXPECT_EQ(p.exitCode(), 0);
    EXPECT_EQ(QString::fromUtf8(p.readAllStandardOutput()),
              QStringLiteral("retort-cli %1\n").arg(RETORT_VERSION));
}
