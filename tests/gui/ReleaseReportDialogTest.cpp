// Environment ▸ Release Report…: the dialog builds the report on a worker, shows it as HTML (the
// plan's picture as an image Qt's rich text can draw), and saves it as HTML and as a PDF.

#include "ReleaseReportDialog.h"
#include "GuiTestSupport.h"

#include "base/Git.h"

#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace guitest;

namespace {

void writeText(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

bool run(const QString &program, const QStringList &args, const QString &dir,
         const QString &author = "Ann Archer")
{
    QProcess p;
    p.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *k : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
        env.insert(QString::fromLatin1(k), author);
    for (const char *k : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
        env.insert(QString::fromLatin1(k), "dev@example.com");
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.closeWriteChannel();
    return p.waitForFinished(60000) && p.exitCode() == 0;
}

void script(const QString &project, const QString &id, const QString &down, const QString &msg,
            const QString &up)
{
    writeText(project + "/versions/" + id + "_x.sql",
              QStringLiteral("-- %1\n--\n-- Revision ID: %2\n-- Revises: %3\n\n"
                             "-- migrate:upgrade\n%4\n\n-- migrate:downgrade\nSELECT 1;\n")
                  .arg(msg, id, down, up));
}

} // namespace

TEST(ReleaseReportDialog, BuildsShowsAndSavesHtmlAndPdf)
{
    if (retort::gitExecutable().isEmpty())
        GTEST_SKIP() << "git is not installed";
    QTemporaryDir dir;
    const QString repo = dir.filePath("repo"), project = repo + "/db";
    writeText(project + "/retort.toml",
              "[project]\nname = \"shop\"\nscripts = \"versions\"\n\n"
              "[environments.production]\ndriver = \"sqlite\"\ndatabase = \"prod.db\"\n"
              "protected = true\n\n"
              "[environments.staging]\ndriver = \"sqlite\"\ndatabase = \"staging.db\"\n");
    writeText(repo + "/.gitignore", "*.db\n");
    ASSERT_TRUE(run("git", {"init", "-q", "-b", "main"}, repo));
    script(project, "a1", "", "create customers", "CREATE TABLE customers (id INTEGER);");
    ASSERT_TRUE(run("git", {"add", "-A"}, repo));
    ASSERT_TRUE(run("git", {"commit", "-q", "-m", "a1"}, repo));
    ASSERT_TRUE(run("git", {"tag", "v1.0"}, repo));
    script(project, "b2", "a1", "create orders", "CREATE TABLE orders (id INTEGER);");
    ASSERT_TRUE(run("git", {"add", "-A"}, repo, "Bob Baker"));
    ASSERT_TRUE(run("git", {"commit", "-q", "-m", "b2"}, repo, "Bob Baker"));
    script(project, "c3", "b2", "drop customers", "DROP TABLE customers;");
    ASSERT_TRUE(run("git", {"add", "-A"}, repo, "Cleo Clark"));
    ASSERT_TRUE(run("git", {"commit", "-q", "-m", "c3"}, repo, "Cleo Clark"));
    ASSERT_TRUE(run("git", {"tag", "v2.0"}, repo));
    const QString cli = QString::fromUtf8(RETORT_CLI_PATH);
    ASSERT_TRUE(run(cli, {"--project", project, "--env", "staging", "upgrade", "heads"}, repo));
    ASSERT_TRUE(run(cli,
                    {"--project", project, "--env", "production", "upgrade", "a1", "--confirm",
                     "production", "--override-preflight", "test"},
                    repo));

    auto loaded = Workspace::load(project);
    ASSERT_TRUE(loaded) << loaded.error().message.toStdString();
    const std::shared_ptr<const Workspace> ws(std::move(*loaded));
    retort::gui::ReleaseReportDialog dialog(ws, "production", {});
    dialog.setAgainst("staging");
    dialog.setNow(QDateTime(QDate(2026, 12, 8), QTime(9, 30), QTimeZone::utc()));
    dialog.resize(1000, 760);
    dialog.show();
    QSignalSpy built(&dialog, &retort::gui::ReleaseReportDialog::built);
    auto *buildButton = dialog.findChild<QPushButton *>("buildButton");
    ASSERT_NE(buildButton, nullptr);
    buildButton->click();
    EXPECT_TRUE(dialog.isBuilding());
    EXPECT_FALSE(buildButton->isEnabled());
    ASSERT_TRUE(built.wait(60000));
    EXPECT_EQ(built.front().front().toString(), QString());
    ASSERT_TRUE(dialog.report().has_value());
    EXPECT_EQ(dialog.report()->steps.size(), 2u);

    // The HTML is shown, with the plan's picture as an image resource.
    const QString shown = dialog.browser()->toPlainText();
    for (const char *text : {"Release report: production", "b2", "c3", "create orders", "Bob Baker",
                             "Cleo Clark", "staging on", "drop-table", "Sign-off"})
        EXPECT_TRUE(shown.contains(QString::fromUtf8(text))) << text;
    const QVariant picture = dialog.browser()->document()->resource(QTextDocument::ImageResource,
                                                                    QUrl("retort-report:plan.png"));
    EXPECT_FALSE(picture.value<QImage>().isNull());

    const QString html = dir.filePath("report.html");
    EXPECT_EQ(dialog.saveTo(html), QString());
    QFile h(html);
    ASSERT_TRUE(h.open(QIODevice::ReadOnly));
    const QByteArray htmlBytes = h.readAll();
    EXPECT_TRUE(htmlBytes.startsWith("<!DOCTYPE html>"));
    EXPECT_TRUE(htmlBytes.contains("<svg"));
    EXPECT_EQ(htmlBytes, renderReport(*dialog.report(), retort::ReportFormat::Html));

    const QString pdf = dir.filePath("report.pdf");
    EXPECT_EQ(dialog.saveTo(pdf), QString());
    QFile p(pdf);
    ASSERT_TRUE(p.open(QIODevice::ReadOnly));
    const QByteArray pdfBytes = p.readAll();
    EXPECT_TRUE(pdfBytes.startsWith("%PDF"));
    EXPECT_GT(pdfBytes.size(), 2000);

    if (const QString shots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR"); !shots.isEmpty())
        dialog.grab().save(QDir(shots).filePath("release-report.png"));
}
