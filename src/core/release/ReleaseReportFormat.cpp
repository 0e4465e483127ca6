// The release report's renderers (release/ReleaseReport.h): Markdown, HTML (self-contained: inline
// CSS in the app's colours and an inline SVG of the plan) and JSON. Pure; everything is printed in
// the model's order, so the same model gives the same bytes.

#include "release/ReleaseReport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace retort {

namespace {

QString utc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                       : QStringLiteral("-");
}

QString duration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("-");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString orDash(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("-") : s;
}

QString revisions(const QStringList &rows)
{
    return rows.isEmpty() ? QStringLiteral("base") : rows.join(QStringLiteral(", "));
}

QString environmentLine(const ReportEnvironment &e)
{
    QString where = e.driver;
    if (!e.serverVersion.isEmpty())
        where += u' ' + e.serverVersion;
    QString at = e.database;
    if (!e.host.isEmpty())
        at = e.host + (e.port ? QStringLiteral(":%1").arg(e.port) : QString()) + u'/' + at;
    return QStringLiteral("%1, %2").arg(where, at);
}

QString runLine(const ReportRun &r)
{
    return QStringLiteral("%1 on %2 by %3 (%4, %5)")
        .arg(r.environment, utc(r.startedAt), orDash(r.by), duration(r.durationMs), r.outcome);
}

QString commitLine(const ReportStep &s)
{
    if (s.commit.isEmpty())
        return QStringLiteral("not committed");
    return QStringLiteral("%1, %2, commit %3%4")
        .arg(s.author, utc(s.date), s.commit.left(12),
             s.release.isEmpty() ? QStringLiteral(", unreleased")
                                 : QStringLiteral(", release ") + s.release);
}

QString gitLine(const ReportGit &g)
{
    if (g.commit.isEmpty())
        return QStringLiteral("unknown: ") + g.unavailable;
    return QStringLiteral("%1%2, %3")
        .arg(g.commit, g.describe.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(g.describe),
             g.clean ? QStringLiteral("clean tree")
                     : QStringLiteral("uncommitted changes (%1)").arg(g.changes.size()));
}

QString backupLine(const ReportBackup &b)
{
    if (!b.found)
        return QStringLiteral("none in %1").arg(b.folder);
    return QStringLiteral("%1 (%2, %3, %4 bytes) in %5")
        .arg(b.file, utc(b.createdAt), b.format)
        .arg(b.size)
        .arg(b.folder);
}

QString findingLine(const ReportFinding &f)
{
    QString s =
        QStringLiteral("%1 %2 %3:%4: %5").arg(f.level, f.rule, f.file).arg(f.line).arg(f.message);
    if (f.allowed)
        s += QStringLiteral(" (allowed in the script)");
    if (!f.live.isEmpty())
        s += QStringLiteral(" [%1]").arg(f.live);
    return s;
}

// --- Markdown -----------------------------------------------------------------------------------

QString mdEscape(QString s)
{
    s.replace(u'|', QStringLiteral("\\|"));
    return s;
}

void mdEnvironment(QString &md, const QString &title, const ReportEnvironment &e)
{
    md += QStringLiteral("## %1: %2\n\n").arg(title, e.name);
    md += QStringLiteral("- Database: %1\n").arg(environmentLine(e));
    md += QStringLiteral("- Tunnel: %1\n")
              .arg(e.tunnelHost.isEmpty() ? QStringLiteral("none")
                                          : QStringLiteral("SSH through ") + e.tunnelHost);
    md += QStringLiteral("- Protected: %1\n")
              .arg(e.isProtected ? QStringLiteral("yes") : QStringLiteral("no"));
    if (!e.error.isEmpty())
        md += QStringLiteral("- Not read: %1\n").arg(e.error);
    else
        md += QStringLiteral("- Current revisions: %1\n- Release: %2\n")
                  .arg(revisions(e.currentRevisions), e.release);
    md += u'\n';
}

// --- HTML ---------------------------------------------------------------------------------------

QString h(const QString &s)
{
    return s.toHtmlEscaped();
}

// The app's look (gui/Appearance.cpp): its window and text colours for the header band, its
// highlight for the plan, on a light page that prints.
const char kCss[] =
    R"(body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;font-size:10pt;color:#1f2124;background:#ffffff;margin:0}
table.band{width:100%;margin:0;border-collapse:collapse}
table.band td{background:#2b2d31;color:#e6e6e6;border:none;padding:14px 22px}
.band h1{margin:0;font-size:16pt;font-weight:600;color:#e6e6e6}
.band p{margin:4px 0 0 0;color:#b8bcc4}
main{padding:8px 22px 22px 22px}
h2{font-size:12pt;color:#2f6fd0;border-bottom:1px solid #d0d3d8;padding-bottom:3px;margin-top:20px}
h3{font-size:10.5pt;margin:14px 0 4px 0}
table{border-collapse:collapse;margin:6px 0}
th,td{border:1px solid #d0d3d8;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#35383d;color:#e6e6e6;font-weight:600}
tr:nth-child(even) td{background:#f3f4f6}
pre{background:#1f2124;color:#e6e6e6;padding:8px 10px;font-family:"DejaVu Sans Mono",monospace;font-size:9pt;white-space:pre-wrap}
.error{color:#c62828;font-weight:600}.warning{color:#b26a00;font-weight:600}.notice{color:#7f848c}
.ok{color:#2e7d32;font-weight:600}.bad{color:#c62828;font-weight:600}
.sign td{height:34px;min-width:160px}
)";

QString levelClass(const QString &level)
{
    if (level == u"error" || level == u"warning" || level == u"notice")
        return level;
    return QStringLiteral("notice");
}

void htmlEnvironment(QString &out, const QString &title, const ReportEnvironment &e)
{
    out += QStringLiteral("<h2>%1: %2</h2>\n<table>\n").arg(h(title), h(e.name));
    const auto row = [&out](const QString &k, const QString &v) {
        out += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>\n").arg(h(k), v);
    };
    row(QStringLiteral("Database"), h(environmentLine(e)));
    row(QStringLiteral("Tunnel"), e.tunnelHost.isEmpty()
                                      ? QStringLiteral("none")
                                      : QStringLiteral("SSH through ") + h(e.tunnelHost));
    row(QStringLiteral("Protected"),
        e.isProtected ? QStringLiteral("<span class=\"bad\">yes</span>") : QStringLiteral("no"));
    if (!e.error.isEmpty()) {
        row(QStringLiteral("Not read"),
            QStringLiteral("<span class=\"bad\">%1</span>").arg(h(e.error)));
    } else {
        row(QStringLiteral("Current revisions"), h(revisions(e.currentRevisions)));
        row(QStringLiteral("Release"), h(e.release));
    }
    out += QStringLiteral("</table>\n");
}

// --- JSON ---------------------------------------------------------------------------------------

QJsonValue jsonTime(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

QJsonObject environmentJson(const ReportEnvironment &e)
{
    QJsonObject o;
    o[QStringLiteral("name")] = e.name;
    o[QStringLiteral("driver")] = e.driver;
    o[QStringLiteral("server_version")] = e.serverVersion;
    o[QStringLiteral("database")] = e.database;
    o[QStringLiteral("host")] = e.host;
    o[QStringLiteral("port")] = e.port;
    o[QStringLiteral("tunnel_host")] = e.tunnelHost;
    o[QStringLiteral("protected")] = e.isProtected;
    o[QStringLiteral("current_revisions")] = QJsonArray::fromStringList(e.currentRevisions);
    o[QStringLiteral("release")] = e.release;
    o[QStringLiteral("error")] = e.error;
    return o;
}

} // namespace

QString renderPlanSvg(const ReleaseReport &report)
{
    // A chain: the current rows, one node per step, the target. Fixed geometry; the labels are
    // the revision ids (escaped).
    const int n = int(report.steps.size());
    const int gap = 120, x0 = 60, y = 40;
    const int width = x0 * 2 + gap * std::max(n, 1);
    QString s = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" "
                               "height=\"90\" viewBox=\"0 0 %1 90\" font-family=\"sans-serif\" "
                               "font-size=\"11\">\n")
                    .arg(width);
    s += QStringLiteral("<rect width=\"%1\" height=\"90\" fill=\"#1f2124\"/>\n").arg(width);
    s += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#7f848c\" "
                        "stroke-width=\"2\"/>\n")
             .arg(x0)
             .arg(y)
             .arg(x0 + gap * std::max(n, 1));
    const auto node = [&s, y](int x, const QString &fill, const QString &label,
                              const QString &caption) {
        s += QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"8\" fill=\"%3\" stroke=\"#e6e6e6\" "
                            "stroke-width=\"1.5\"/>\n")
                 .arg(x)
                 .arg(y)
                 .arg(fill);
        s += QStringLiteral("<text x=\"%1\" y=\"%2\" fill=\"#e6e6e6\" text-anchor=\"middle\">%3"
                            "</text>\n")
                 .arg(x)
                 .arg(y + 26)
                 .arg(label.toHtmlEscaped());
        s += QStringLiteral("<text x=\"%1\" y=\"%2\" fill=\"#7f848c\" text-anchor=\"middle\">%3"
                            "</text>\n")
                 .arg(x)
                 .arg(y - 16)
                 .arg(caption.toHtmlEscaped());
    };
    node(x0, QStringLiteral("#35383d"), revisions(report.environment.currentRevisions).left(16),
         QStringLiteral("now"));
    for (int i = 0; i < n; ++i) {
        const ReportStep &st = report.steps[size_t(i)];
        const bool ran = std::any_of(st.ranOn.begin(), st.ranOn.end(),
                                     [](const ReportRun &r) { return r.outcome == u"succeeded"; });
        node(x0 + gap * (i + 1), ran ? QStringLiteral("#2e7d32") : QStringLiteral("#2f6fd0"),
             st.revision.left(16), QStringLiteral("step %1").arg(i + 1));
    }
    if (n == 0)
        node(x0 + gap, QStringLiteral("#35383d"), report.target, QStringLiteral("nothing to run"));
    s += QStringLiteral("</svg>\n");
    return s;
}

QString renderReportMarkdown(const ReleaseReport &r)
{
    QString md;
    md += QStringLiteral("# Release report: %1 → %2\n\n").arg(r.environment.name, r.target);
    md += QStringLiteral("Project: %1\n\n").arg(r.project);
    md += QStringLiteral("Generated: %1\n\n").arg(utc(r.generatedAt));
    mdEnvironment(md, QStringLiteral("Environment"), r.environment);
    if (r.against)
        mdEnvironment(md, QStringLiteral("Compared with"), *r.against);

    if (!r.planError.isEmpty())
        md += QStringLiteral("## Plan: none\n\n%1\n\n").arg(r.planError);
    else
        md += QStringLiteral("## Plan: %1 → %2 (%3 step(s))\n\n")
                  .arg(revisions(r.environment.currentRevisions), revisions(r.targetRevisions))
                  .arg(r.steps.size());
    for (const QString &w : r.planWarnings)
        md += QStringLiteral("Warning: %1\n\n").arg(w);
    if (!r.steps.empty()) {
        md +=
            QStringLiteral("| # | Revision | Message | Author | Ran on |\n|---|---|---|---|---|\n");
        for (size_t i = 0; i < r.steps.size(); ++i) {
            const ReportStep &s = r.steps[i];
            QStringList ran;
            for (const ReportRun &run : s.ranOn)
                ran.append(runLine(run));
            md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
                      .arg(i + 1)
                      .arg(s.revision, mdEscape(s.message), mdEscape(commitLine(s)),
                           mdEscape(ran.isEmpty() ? QStringLiteral("nowhere yet")
                                                  : ran.join(QStringLiteral("; "))));
        }
        md += u'\n';
    }
    for (size_t i = 0; i < r.steps.size(); ++i) {
        const ReportStep &s = r.steps[i];
        md += QStringLiteral("### Step %1: %2 %3\n\n").arg(i + 1).arg(s.revision, s.message);
        md += QStringLiteral("- %1\n- Author: %2\n").arg(s.shortLog, commitLine(s));
        if (s.ranOn.empty())
            md += QStringLiteral("- Ran: nowhere yet\n");
        for (const ReportRun &run : s.ranOn)
            md += QStringLiteral("- Ran: %1\n").arg(runLine(run));
        md += QStringLiteral("\n```sql\n%1```\n\n").arg(s.sql);
    }
    for (const QString &n : r.historyNotes)
        md += QStringLiteral("Note: %1\n\n").arg(n);

    md += QStringLiteral("## Lint: %1\n\n").arg(orDash(r.lintSource));
    if (r.findings.empty())
        md += QStringLiteral("No findings.\n");
    for (const ReportFinding &f : r.findings)
        md += QStringLiteral("- %1\n").arg(findingLine(f));
    for (const QString &n : r.lintNotes)
        md += QStringLiteral("- Note: %1\n").arg(n);
    md += u'\n';

    md += QStringLiteral("## Drift\n\n%1\n\n").arg(r.drift.summary);
    if (!r.drift.details.isEmpty())
        md += QStringLiteral("```\n%1```\n\n").arg(r.drift.details);

    md += QStringLiteral("## Last backup\n\n%1\n\n").arg(backupLine(r.backup));
    if (r.backup.found)
        md += QStringLiteral("Restore:\n\n```sh\n%1\n```\n\n").arg(r.backup.restoreCommand);

    md += QStringLiteral("## Project\n\nCommit: %1\n\n").arg(gitLine(r.git));
    for (const QString &c : r.git.changes)
        md += QStringLiteral("    %1\n").arg(c);
    if (!r.git.changes.isEmpty())
        md += u'\n';

    md += QStringLiteral("## Sign-off\n\n| Role | Name | Date | Signature |\n|---|---|---|---|\n");
    for (const QString &role : r.signOff)
        md += QStringLiteral("| %1 | | | |\n").arg(role);
    return md;
}

QString renderReportHtml(const ReleaseReport &r)
{
    QString out;
    out +=
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out += QStringLiteral("<title>Release report: %1 → %2</title>\n")
               .arg(h(r.environment.name), h(r.target));
    out += QStringLiteral("<style>\n%1</style>\n</head>\n<body>\n").arg(QString::fromUtf8(kCss));
    // The band is a table: Qt's rich text (the window's preview and print) colours table cells.
    out += QStringLiteral("<table class=\"band\" width=\"100%\"><tr><td bgcolor=\"#2b2d31\">"
                          "<h1 style=\"color:#e6e6e6\">Release report: %1 → %2</h1>\n"
                          "<p style=\"color:#b8bcc4\">Project %3</p>\n")
               .arg(h(r.environment.name), h(r.target), h(r.project));
    out += QStringLiteral("<p style=\"color:#b8bcc4\">Generated %1</p>\n").arg(utc(r.generatedAt));
    out += QStringLiteral("</td></tr></table>\n<main>\n");
    htmlEnvironment(out, QStringLiteral("Environment"), r.environment);
    if (r.against)
        htmlEnvironment(out, QStringLiteral("Compared with"), *r.against);

    if (!r.planError.isEmpty())
        out += QStringLiteral("<h2>Plan: none</h2>\n<p class=\"bad\">%1</p>\n").arg(h(r.planError));
    else
        out +=
            QStringLiteral("<h2>Plan: %1 → %2 (%3 step(s))</h2>\n")
                .arg(h(revisions(r.environment.currentRevisions)), h(revisions(r.targetRevisions)))
                .arg(r.steps.size());
    for (const QString &w : r.planWarnings)
        out += QStringLiteral("<p class=\"warning\">Warning: %1</p>\n").arg(h(w));
    out +=
        QStringLiteral("<div class=\"graph\">\n") + renderPlanSvg(r) + QStringLiteral("</div>\n");
    if (!r.steps.empty()) {
        out += QStringLiteral("<table>\n<tr><th>#</th><th>Revision</th><th>Message</th>"
                              "<th>Author</th><th>Ran on</th></tr>\n");
        for (size_t i = 0; i < r.steps.size(); ++i) {
            const ReportStep &s = r.steps[i];
            QStringList ran;
            for (const ReportRun &run : s.ranOn)
                ran.append(h(runLine(run)));
            out += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td>"
                                  "</tr>\n")
                       .arg(i + 1)
                       .arg(h(s.revision), h(s.message), h(commitLine(s)),
                            ran.isEmpty() ? QStringLiteral("<span class=\"warning\">nowhere yet"
                                                           "</span>")
                                          : ran.join(QStringLiteral("<br>")));
        }
        out += QStringLiteral("</table>\n");
    }
    for (size_t i = 0; i < r.steps.size(); ++i) {
        const ReportStep &s = r.steps[i];
        out +=
            QStringLiteral("<h3>Step %1: %2 %3</h3>\n").arg(i + 1).arg(h(s.revision), h(s.message));
        out += QStringLiteral("<p>%1<br>Author: %2</p>\n").arg(h(s.shortLog), h(commitLine(s)));
        out += QStringLiteral("<pre>%1</pre>\n").arg(h(s.sql));
    }
    for (const QString &n : r.historyNotes)
        out += QStringLiteral("<p class=\"warning\">%1</p>\n").arg(h(n));

    out += QStringLiteral("<h2>Lint: %1</h2>\n").arg(h(orDash(r.lintSource)));
    if (r.findings.empty()) {
        out += QStringLiteral("<p class=\"ok\">No findings.</p>\n");
    } else {
        out += QStringLiteral("<table>\n<tr><th>Level</th><th>Rule</th><th>Where</th>"
                              "<th>Finding</th></tr>\n");
        for (const ReportFinding &f : r.findings)
            out += QStringLiteral("<tr><td class=\"%1\">%2</td><td>%3</td><td>%4:%5</td>"
                                  "<td>%6%7</td></tr>\n")
                       .arg(levelClass(f.level), h(f.level), h(f.rule), h(f.file))
                       .arg(f.line)
                       .arg(h(f.message) + (f.allowed ? QStringLiteral(" (allowed in the script)")
                                                      : QString()),
                            f.live.isEmpty() ? QString() : QStringLiteral("<br>") + h(f.live));
        out += QStringLiteral("</table>\n");
    }
    for (const QString &n : r.lintNotes)
        out += QStringLiteral("<p class=\"notice\">Note: %1</p>\n").arg(h(n));

    out += QStringLiteral("<h2>Drift</h2>\n<p class=\"%1\">%2</p>\n")
               .arg(!r.drift.checked  ? QStringLiteral("warning")
                    : r.drift.drifted ? QStringLiteral("bad")
                                      : QStringLiteral("ok"),
                    h(r.drift.summary));
    if (!r.drift.details.isEmpty())
        out += QStringLiteral("<pre>%1</pre>\n").arg(h(r.drift.details));

    out += QStringLiteral("<h2>Last backup</h2>\n<p>%1</p>\n").arg(h(backupLine(r.backup)));
    if (r.backup.found)
        out += QStringLiteral("<p>Restore:</p>\n<pre>%1</pre>\n").arg(h(r.backup.restoreCommand));

    out += QStringLiteral("<h2>Project</h2>\n<p>Commit: %1</p>\n").arg(h(gitLine(r.git)));
    if (!r.git.changes.isEmpty())
        out += QStringLiteral("<pre>%1</pre>\n").arg(h(r.git.changes.join(u'\n')));

    out += QStringLiteral("<h2>Sign-off</h2>\n<table class=\"sign\">\n<tr><th>Role</th>"
                          "<th>Name</th><th>Date</th><th>Signature</th></tr>\n");
    for (const QString &role : r.signOff)
        out += QStringLiteral("<tr><td>%1</td><td></td><td></td><td></td></tr>\n").arg(h(role));
    out += QStringLiteral("</table>\n</main>\n</body>\n</html>\n");
    return out;
}

QByteArray renderReportJson(const ReleaseReport &r)
{
    QJsonObject o;
    o[QStringLiteral("project")] = r.project;
    o[QStringLiteral("target")] = r.target;
    o[QStringLiteral("target_revisions")] = QJsonArray::fromStringList(r.targetRevisions);
    o[QStringLiteral("environment")] = environmentJson(r.environment);
    o[QStringLiteral("against")] =
        r.against ? QJsonValue(environmentJson(*r.against)) : QJsonValue();
    QJsonArray steps;
    for (const ReportStep &s : r.steps) {
        QJsonObject so;
        so[QStringLiteral("revision")] = s.revision;
        so[QStringLiteral("message")] = s.message;
        so[QStringLiteral("direction")] = s.direction;
        so[QStringLiteral("log")] = s.shortLog;
        so[QStringLiteral("commit")] = s.commit;
        so[QStringLiteral("author")] = s.author;
        so[QStringLiteral("date")] = jsonTime(s.date);
        so[QStringLiteral("release")] = s.release;
        so[QStringLiteral("sql")] = s.sql;
        QJsonArray ran;
        for (const ReportRun &run : s.ranOn) {
            QJsonObject ro;
            ro[QStringLiteral("environment")] = run.environment;
            ro[QStringLiteral("started_at")] = jsonTime(run.startedAt);
            ro[QStringLiteral("by")] = run.by;
            ro[QStringLiteral("duration_ms")] = run.durationMs;
            ro[QStringLiteral("outcome")] = run.outcome;
            ran.append(ro);
        }
        so[QStringLiteral("ran_on")] = ran;
        steps.append(so);
    }
    o[QStringLiteral("steps")] = steps;
    o[QStringLiteral("plan_warnings")] = QJsonArray::fromStringList(r.planWarnings);
    o[QStringLiteral("plan_error")] = r.planError;
    QJsonObject lint;
    lint[QStringLiteral("source")] = r.lintSource;
    QJsonArray findings;
    for (const ReportFinding &f : r.findings) {
        QJsonObject fo;
        fo[QStringLiteral("revision")] = f.revision;
        fo[QStringLiteral("level")] = f.level;
        fo[QStringLiteral("rule")] = f.rule;
        fo[QStringLiteral("file")] = f.file;
        fo[QStringLiteral("line")] = f.line;
        fo[QStringLiteral("message")] = f.message;
        fo[QStringLiteral("live")] = f.live;
        fo[QStringLiteral("allowed")] = f.allowed;
        findings.append(fo);
    }
    lint[QStringLiteral("findings")] = findings;
    lint[QStringLiteral("notes")] = QJsonArray::fromStringList(r.lintNotes);
    o[QStringLiteral("lint")] = lint;
    o[QStringLiteral("history_notes")] = QJsonArray::fromStringList(r.historyNotes);
    QJsonObject drift;
    drift[QStringLiteral("checked")] = r.drift.checked;
    drift[QStringLiteral("drifted")] = r.drift.drifted;
    drift[QStringLiteral("summary")] = r.drift.summary;
    drift[QStringLiteral("details")] = r.drift.details;
    o[QStringLiteral("drift")] = drift;
    QJsonObject backup;
    backup[QStringLiteral("found")] = r.backup.found;
    backup[QStringLiteral("folder")] = r.backup.folder;
    backup[QStringLiteral("file")] = r.backup.file;
    backup[QStringLiteral("created_at")] = jsonTime(r.backup.createdAt);
    backup[QStringLiteral("size")] = r.backup.size;
    backup[QStringLiteral("format")] = r.backup.format;
    backup[QStringLiteral("restore_command")] = r.backup.restoreCommand;
    o[QStringLiteral("backup")] = backup;
    QJsonObject git;
    git[QStringLiteral("commit")] = r.git.commit;
    git[QStringLiteral("describe")] = r.git.describe;
    git[QStringLiteral("clean")] = r.git.clean;
    git[QStringLiteral("changes")] = QJsonArray::fromStringList(r.git.changes);
    git[QStringLiteral("unavailable")] = r.git.unavailable;
    o[QStringLiteral("git")] = git;
    o[QStringLiteral("sign_off")] = QJsonArray::fromStringList(r.signOff);
    // QJsonObject keeps its keys sorted and the indented form puts each scalar on a line of its
    // own: the bytes depend on the model only, and the timestamp is one line.
    o[QStringLiteral("generated_at")] = jsonTime(r.generatedAt);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

} // namespace retort
