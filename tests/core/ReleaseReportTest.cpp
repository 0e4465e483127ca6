// The release report (release/ReleaseReport.h) of a SQLite project in a git repository made here:
// three tagged releases, staging has run every step (retort-cli upgrade: audit rows), production
// is at v1.0. The report for production against staging has every pending step with its author,
// where it ran, lint, the commit; no secret; the same bytes for the same inputs.

#include "release/ReleaseReport.h"

#include "base/Git.h"
#include "db/AuditTrail.h"
#include "project/Workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace retort;

namespace {

const QString kDbPassword = QStringLiteral("Db-Secret-4711");
const QString kPassphrase = QStringLiteral("Key-Passphrase-0815");
const QString kScratchPassword = QStringLiteral("Scratch-Secret-2342");

void writeFile(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

class ReleaseReportTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        if (gitExecutable().isEmpty())
            GTEST_SKIP() << "git is not installed";
        m_repo = m_dir.filePath("repo");
        m_project = m_repo + "/db";
        QDir().mkpath(m_project);
        git({"init", "-q", "-b", "main"});
        writeFile(m_project + "/retort.toml",
                  "[project]\nname = \"shop\"\nscripts = \"versions\"\n\n"
                  "[environments.production]\ndriver = \"sqlite\"\ndatabase = \"prod.db\"\n"
                  "protected = true\n\n"
                  "[environments.staging]\ndriver = \"sqlite\"\ndatabase = \"staging.db\"\n");
        writeFile(m_repo + "/.gitignore", "*.db\n");
        commit("start", "2026-01-01T10:00:00Z");
        m_author = "Ann Archer";
        script("a1", "", "create customers", "CREATE TABLE customers (id INTEGER);",
               "DROP TABLE customers;");
        commit("add a1", "2026-02-01T10:00:00Z");
        git({"tag", "-a", "v1.0", "-m", "v1.0"});
        m_author = "Bob Baker";
        script("b2", "a1", "create orders", "CREATE TABLE orders (id INTEGER, total INTEGER);",
               "DROP TABLE orders;");
        commit("add b2", "2026-03-01T10:00:00Z");
        git({"tag", "-a", "v1.1", "-m", "v1.1"});
        m_author = "Cleo Clark";
        script("c3", "b2", "drop legacy customers", "DROP TABLE customers;",
               "CREATE TABLE customers (id INTEGER);");
        commit("add c3", "2026-04-01T10:00:00Z");
        git({"tag", "-a", "v2.0", "-m", "v2.0"});

        // Staging runs everything; production is at v1.0, then backed up.
        cli({"--env", "staging", "upgrade", "heads"});
        cli({"--env", "production", "upgrade", "a1", "--confirm", "production",
             "--override-preflight", "test"});
        cli({"--env", "production", "backup"});
    }
    void git(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_repo);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *k : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
            env.insert(QString::fromLatin1(k), m_author);
        for (const char *k : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
            env.insert(QString::fromLatin1(k), "dev@example.com");
        for (const char *k : {"GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"})
            env.insert(QString::fromLatin1(k), m_date);
        p.setProcessEnvironment(env);
        p.start("git", args);
        ASSERT_TRUE(p.waitForFinished(30000));
        ASSERT_EQ(p.exitCode(), 0)
            << args.join(u' ').toStdString() << ": " << p.readAllStandardError().toStdString();
    }
    QString gitOut(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_repo);
        p.start("git", args);
        p.closeWriteChannel();
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }
    void commit(const QString &message, const QString &date)
    {
        m_date = date;
        git({"add", "-A"});
        git({"commit", "-q", "-m", message});
    }
    void script(const QString &id, const QString &down, const QString &message, const QString &up,
                const QString &downSql)
    {
        writeFile(m_project + "/versions/" + id + "_x.sql",
                  QStringLiteral("-- %1\n--\n-- Revision ID: %2\n-- Revises: %3\n\n"
                                 "-- migrate:upgrade\n%4\n\n-- migrate:downgrade\n%5\n")
                      .arg(message, id, down, up, downSql));
    }
    // retort-cli in this project; stdout (fails the test on a non-zero exit).
    QByteArray cli(const QStringList &args, const QProcessEnvironment &extra = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &k : extra.keys())
            env.insert(k, extra.value(k));
        p.setProcessEnvironment(env);
        p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", m_project} + args);
        p.closeWriteChannel();
        EXPECT_TRUE(p.waitForFinished(60000));
        const QByteArray out = p.readAllStandardOutput();
        EXPECT_EQ(p.exitCode(), 0)
            << args.join(u' ').toStdString() << ": " << p.readAllStandardError().toStdString();
        return out;
    }
    std::unique_ptr<Workspace> workspace()
    {
        auto ws = Workspace::load(m_project);
        EXPECT_TRUE(ws.ok()) << (ws ? "" : ws.error().toString().toStdString());
        return ws ? std::move(*ws) : nullptr;
    }
    ReleaseReport build(const QDateTime &now)
    {
        auto ws = workspace();
        if (!ws)
            return {};
        ConnectionSecrets secrets;
        secrets.password = kDbPassword;
        secrets.ssh.passphrase = kPassphrase.toUtf8();
        ReleaseReportOptions options;
        options.against = **ws->environment("staging");
        options.againstSecrets = secrets;
        options.scratchSecrets.password = kScratchPassword;
        options.now = now;
        auto r = buildReleaseReport(*ws, **ws->environment("production"), secrets, options);
        EXPECT_TRUE(r.ok()) << (r ? "" : r.error().toString().toStdString());
        return r ? *r : ReleaseReport{};
    }
    QTemporaryDir m_dir;
    QString m_repo, m_project;
    QString m_author = "Ann Archer";
    QString m_date = "2026-01-01T10:00:00Z";
};

const QDateTime kNow(QDate(2026, 12, 8), QTime(9, 30), QTimeZone::utc());

TEST_F(ReleaseReportTest, ModelHasThePendingStepsWhereTheyRanLintAndCommit)
{
    const ReleaseReport r = build(kNow);
    EXPECT_EQ(r.project, "shop");
    EXPECT_EQ(r.environment.name, "production");
    EXPECT_EQ(r.environment.driver, "sqlite");
    EXPECT_FALSE(r.environment.serverVersion.isEmpty()); // read on the connection
    EXPECT_TRUE(r.environment.isProtected);
    EXPECT_EQ(r.environment.currentRevisions, QStringList{"a1"});
    EXPECT_EQ(r.environment.release, "v1.0");
    ASSERT_TRUE(r.against.has_value());
    EXPECT_EQ(r.against->currentRevisions, QStringList{"c3"});
    EXPECT_EQ(r.against->release, "v2.0");
    EXPECT_EQ(r.targetRevisions, QStringList{"c3"});

    ASSERT_EQ(r.steps.size(), 2u);
    EXPECT_EQ(r.steps[0].revision, "b2");
    EXPECT_EQ(r.steps[0].message, "create orders");
    EXPECT_EQ(r.steps[0].author, "Bob Baker");
    EXPECT_EQ(r.steps[0].release, "v1.1");
    EXPECT_EQ(r.steps[0].date, QDateTime(QDate(2026, 3, 1), QTime(10, 0), QTimeZone::utc()));
    EXPECT_TRUE(r.steps[0].sql.contains("CREATE TABLE orders (id INTEGER, total INTEGER);"));
    EXPECT_TRUE(r.steps[0].sql.contains("-- Running upgrade a1 -> b2"));
    EXPECT_EQ(r.steps[1].revision, "c3");
    EXPECT_EQ(r.steps[1].author, "Cleo Clark");
    EXPECT_TRUE(r.steps[1].sql.contains("DROP TABLE customers;"));

    // Where they ran: staging's audit trail, by this user, succeeded.
    auto ws = workspace();
    auto trail = readHistory(**ws->environment("staging"), ws->project().versionTableName(), {});
    ASSERT_TRUE(trail.ok());
    for (const ReportStep &s : r.steps) {
        ASSERT_EQ(s.ranOn.size(), 1u) << s.revision.toStdString();
        EXPECT_EQ(s.ranOn[0].environment, "staging");
        EXPECT_EQ(s.ranOn[0].by, operatorIdentity());
        EXPECT_EQ(s.ranOn[0].outcome, "succeeded");
        EXPECT_GE(s.ranOn[0].durationMs, 0);
        const auto row = std::find_if(trail->begin(), trail->end(), [&](const AuditEntry &e) {
            return e.revision == s.revision;
        });
        ASSERT_NE(row, trail->end());
        EXPECT_EQ(s.ranOn[0].startedAt, row->startedAt.toUTC());
    }

    // Lint: the DROP TABLE of c3 is an error.
    const auto drop = std::find_if(r.findings.begin(), r.findings.end(),
                                   [](const ReportFinding &f) { return f.rule == "drop-table"; });
    ASSERT_NE(drop, r.findings.end());
    EXPECT_EQ(drop->revision, "c3");
    EXPECT_EQ(drop->level, "error");
    EXPECT_EQ(drop->file, "versions/c3_x.sql");
    EXPECT_TRUE(r.lintSource.startsWith("live")) << r.lintSource.toStdString();

    EXPECT_TRUE(r.drift.checked) << r.drift.summary.toStdString();
    EXPECT_EQ(r.drift.summary, "no drift");

    // The newest backup of production and how to restore it.
    EXPECT_TRUE(r.backup.found);
    EXPECT_TRUE(r.backup.file.startsWith("production-"));
    EXPECT_TRUE(r.backup.restoreCommand.contains(r.backup.file));

    EXPECT_EQ(r.git.commit, gitOut({"rev-parse", "HEAD"}));
    EXPECT_TRUE(r.git.clean) << r.git.changes.join(u'\n').toStdString();
    EXPECT_EQ(r.git.describe, "v2.0");
}

TEST_F(ReleaseReportTest, EveryFormatSaysItAndHoldsNoSecret)
{
    const ReleaseReport r = build(kNow);
    const QString commit = gitOut({"rev-parse", "HEAD"});
    for (ReportFormat format : {ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Json}) {
        const QString text = QString::fromUtf8(renderReport(r, format));
        SCOPED_TRACE(int(format));
        for (const char *expected : {"b2", "c3", "create orders", "drop legacy customers",
                                     "Bob Baker", "Cleo Clark", "staging", "drop-table", "v1.0"})
            EXPECT_TRUE(text.contains(QString::fromUtf8(expected))) << expected;
        EXPECT_TRUE(text.contains(commit));
        EXPECT_TRUE(text.contains(operatorIdentity()));
        EXPECT_TRUE(text.contains(
            r.steps[0]
                .ranOn[0]
                .startedAt.toString(format == ReportFormat::Json ? Qt::ISODate : Qt::ISODate)
                .left(10)));
        for (const QString &secret : {kDbPassword, kPassphrase, kScratchPassword})
            EXPECT_FALSE(text.contains(secret)) << secret.toStdString();
    }
    const QString html = QString::fromUtf8(renderReport(r, ReportFormat::Html));
    EXPECT_TRUE(html.contains("<svg"));
    EXPECT_TRUE(html.contains("<style>"));
    EXPECT_FALSE(html.contains("http://") && html.contains("<link")); // no external resource
    EXPECT_FALSE(html.contains("src=\"http"));
    EXPECT_TRUE(html.contains("Sign-off"));
}

TEST_F(ReleaseReportTest, SameInputsSameBytesApartFromTheTimestamp)
{
    const ReleaseReport a = build(kNow);
    const ReleaseReport b = build(kNow);
    const ReleaseReport c = build(kNow.addSecs(3600 * 5 + 17));
    for (ReportFormat format : {ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Json}) {
        SCOPED_TRACE(int(format));
        const QByteArray ba = renderReport(a, format);
        EXPECT_EQ(ba, renderReport(b, format));
        const QList<QByteArray> la = ba.split('\n');
        const QList<QByteArray> lc = renderReport(c, format).split('\n');
        ASSERT_EQ(la.size(), lc.size());
        int differing = 0;
        for (qsizetype i = 0; i < la.size(); ++i)
            if (la[i] != lc[i]) {
                ++differing;
                EXPECT_TRUE(la[i].contains("2026-12-08")) << la[i].toStdString();
            }
        EXPECT_EQ(differing, 1);
    }
}

TEST_F(ReleaseReportTest, CliPrintsEachFormatWithoutTheSecretsItWasGiven)
{
    QProcessEnvironment secrets;
    secrets.insert("RETORT_DB_PASSWORD", kDbPassword);
    secrets.insert("RETORT_SSH_PASSPHRASE", kPassphrase);
    const QString commit = gitOut({"rev-parse", "HEAD"});
    // As the issue spells it (--env after the command), and as the other commands take it.
    const QByteArray md = cli({"report", "--env", "production", "--against", "staging"}, secrets);
    EXPECT_TRUE(md.startsWith("# Release report: production"));
    EXPECT_TRUE(cli({"--env", "production", "report", "--against", "staging"}, secrets)
                    .startsWith("# Release report: production"));
    const QString out = m_dir.filePath("report.html");
    cli({"--env", "production", "report", "--against", "staging", "--format", "html", "-o", out},
        secrets);
    QFile f(out);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray html = f.readAll();
    EXPECT_TRUE(html.startsWith("<!DOCTYPE html>"));
    const QByteArray json = cli({"--env", "production", "report", "--against", "staging",
                                 "--format", "json", "--target", "b2"},
                                secrets);
    EXPECT_TRUE(json.contains("\"target\": \"b2\""));
    EXPECT_FALSE(json.contains("\"revision\": \"c3\""));
    for (const QByteArray &text : {md, html, json}) {
        EXPECT_TRUE(text.contains(commit.toUtf8()));
        EXPECT_TRUE(text.contains("Bob Baker"));
        EXPECT_FALSE(text.contains(kDbPassword.toUtf8()));
        EXPECT_FALSE(text.contains(kPassphrase.toUtf8()));
    }
}

} // namespace

TEST_F(ReleaseReportTest, AnUnreachableEnvironmentIsReportedWithoutItsPassword)
{
    auto ws = workspace();
    ASSERT_TRUE(ws);
    Environment dead;
    dead.name = "dead";
    dead.driver = "postgresql";
    dead.host = "127.0.0.1";
    dead.port = 1; // nothing listens there
    dead.user = "app";
    dead.database = "shop";
    ConnectionSecrets secrets;
    secrets.password = kDbPassword;
    ReleaseReportOptions options;
    options.now = kNow;
    auto r = buildReleaseReport(*ws, dead, secrets, options);
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_FALSE(r->environment.error.isEmpty());
    EXPECT_TRUE(r->steps.empty());
    EXPECT_FALSE(r->planError.isEmpty());
    EXPECT_TRUE(r->drift.summary.startsWith("not checked")) << r->drift.summary.toStdString();
    const QString md = renderReportMarkdown(*r);
    EXPECT_TRUE(md.contains("## Plan: none")) << md.toStdString();
    EXPECT_TRUE(md.contains("127.0.0.1:1")) << md.toStdString();
    for (ReportFormat format : {ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Json})
        EXPECT_FALSE(renderReport(*r, format).contains(kDbPassword.toUtf8()));
}
