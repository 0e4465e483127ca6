// The release report's model (release/ReleaseReport.h): read from the environments, the audit
// trails, git and the backup folder. The renderers are in ReleaseReportFormat.cpp.

#include "release/ReleaseReport.h"

#include "base/Git.h"
#include "db/AuditTrail.h"
#include "db/OfflineRenderer.h"
#include "db/VersionTable.h"
#include "lint/Lint.h"
#include "project/Workspace.h"
#include "release/GitReleases.h"
#include "safety/Backup.h"
#include "workflows/LintLive.h"
#include "workflows/Planning.h"
#include "workflows/SchemaDrift.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>

#include <algorithm>

namespace retort {

namespace {

// Every secret the builder was given, to be replaced wherever outside text (errors, notes) enters
// the model.
class Scrubber {
public:
    void add(const ConnectionSecrets &s)
    {
        addText(s.password);
        addText(QString::fromUtf8(s.ssh.passphrase));
        addText(QString::fromUtf8(s.ssh.password));
    }
    QString operator()(QString text) const
    {
        for (const QString &secret : m_secrets)
            text.replace(secret, QStringLiteral("***"));
        return text;
    }
    QStringList operator()(const QStringList &texts) const
    {
        QStringList out;
        for (const QString &t : texts)
            out.append((*this)(t));
        return out;
    }

private:
    void addText(const QString &t)
    {
        if (!t.isEmpty() && !m_secrets.contains(t))
            m_secrets.append(t);
    }
    QStringList m_secrets;
};

bool cancelled(const CancelToken *cancel)
{
    return cancel && cancel->isCancelled();
}

QString serverVersionQuery(const QString &driver)
{
    if (driver == u"postgresql")
        return QStringLiteral("SELECT pg_catalog.current_setting('server_version')");
    if (driver == u"mysql")
        return QStringLiteral("SELECT VERSION()");
    return QStringLiteral("SELECT sqlite_version()");
}

// The environment's description, its version rows and server version (one connection).
ReportEnvironment describeEnvironment(const Workspace &ws, const Environment &env,
                                      const ConnectionSecrets &secrets, const ReleaseMap &releases,
                                      const Scrubber &scrub)
{
    ReportEnvironment out;
    out.name = env.name;
    out.driver = env.driver;
    out.database = env.driver == u"sqlite" ? QFileInfo(env.database).fileName() : env.database;
    if (env.driver != u"sqlite") {
        out.host = env.host;
        out.port = env.port;
    }
    if (env.ssh)
        out.tunnelHost = env.ssh->host;
    out.isProtected = env.isProtected;
    if (sqliteDatabaseMissing(env)) {
        out.error = QStringLiteral("the database file does not exist yet (nothing applied)");
    } else {
        ScopedConnection conn;
        if (Status st = conn.open(env, true, secrets); !st) {
            out.error = scrub(st.error().toString());
        } else {
            QSqlQuery q(conn.db());
            if (q.exec(serverVersionQuery(env.driver)) && q.next())
                out.serverVersion = q.value(0).toString();
            auto rows = currentHeads(conn.db(), ws.project().versionTableName());
            if (rows)
                out.currentRevisions = *rows;
            else
                out.error = scrub(rows.error().toString());
        }
    }
    out.currentRevisions.sort();
    if (out.error.isEmpty()) {
        std::vector<int> idx;
        for (const QString &r : out.currentRevisions)
            if (int i = ws.graph().indexOf(r); i >= 0)
                idx.push_back(i);
        const RevisionSet set = ws.graph().ancestors(idx, true);
        QSet<QString> applied;
        for (int i = 0; i < ws.graph().size(); ++i)
            if (set.test(i))
                applied.insert(ws.graph().at(i).id);
        out.release = environmentRelease(releases, applied).describe(releases);
    }
    return out;
}

QString relativeTo(const QString &root, const QString &path)
{
    return root.isEmpty() || path.isEmpty() ? path : QDir(root).relativeFilePath(path);
}

ReportGit readGit(const QString &root)
{
    ReportGit g;
    if (gitExecutable().isEmpty()) {
        g.unavailable = QStringLiteral("git is not installed");
        return g;
    }
    const GitOutput head = runGit(root, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    if (!head.ok()) {
        g.unavailable = head.err.trimmed().isEmpty()
                            ? QStringLiteral("the project is not in a git checkout")
                            : head.err.trimmed();
        return g;
    }
    g.commit = QString::fromUtf8(head.out).trimmed();
    const GitOutput describe = runGit(
        root, {QStringLiteral("describe"), QStringLiteral("--tags"), QStringLiteral("--always")});
    if (describe.ok())
        g.describe = QString::fromUtf8(describe.out).trimmed();
    const GitOutput status =
        runGit(root, {QStringLiteral("status"), QStringLiteral("--porcelain")});
    if (!status.ok()) {
        g.unavailable = status.err.trimmed();
        return g;
    }
    for (const QString &line : QString::fromUtf8(status.out).split(u'\n', Qt::SkipEmptyParts))
        g.changes.append(line);
    g.changes.sort();
    g.clean = g.changes.isEmpty();
    return g;
}

std::vector<AuditEntry> readTrail(const Workspace &ws, const Environment &env,
                                  const ConnectionSecrets &secrets, QStringList &notes,
                                  const Scrubber &scrub)
{
    if (sqliteDatabaseMissing(env))
        return {};
    auto rows = readHistory(env, ws.project().versionTableName(), secrets);
    if (!rows) {
        notes.append(QStringLiteral("%1: the audit trail could not be read: %2")
                         .arg(env.name, scrub(rows.error().toString())));
        return {};
    }
    return std::move(*rows);
}

void addRuns(ReportStep &step, const QString &envName, const std::vector<AuditEntry> &trail)
{
    for (const AuditEntry &e : trail) {
        if (e.revision != step.revision || e.direction != step.direction)
            continue;
        ReportRun run;
        run.environment = envName;
        run.startedAt = e.startedAt.toUTC();
        run.by = e.operatorName;
        run.durationMs = e.durationMs;
        run.outcome = auditOutcomeName(e.outcome);
        step.ranOn.push_back(run);
    }
}

} // namespace

Result<ReleaseReport> buildReleaseReport(const Workspace &ws, const Environment &env,
                                         const ConnectionSecrets &secrets,
                                         const ReleaseReportOptions &options,
                                         const CancelToken *cancel)
{
    Scrubber scrub;
    scrub.add(secrets);
    scrub.add(options.againstSecrets);
    scrub.add(options.scratchSecrets);
    const Project &project = ws.project();
    const auto stop = [] { return Error(QStringLiteral("cancelled")); };

    ReleaseReport report;
    report.project = project.name;
    report.generatedAt =
        (options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc()).toUTC();
    report.target = options.target.isEmpty() ? QStringLiteral("heads") : options.target;
    report.signOff = {QStringLiteral("Prepared by"), QStringLiteral("Reviewed by"),
                      QStringLiteral("Approved by")};

    const ReleaseMap releases = readReleaseMap(ws, cancel);
    if (cancelled(cancel))
        return stop();
    report.environment = describeEnvironment(ws, env, secrets, releases, scrub);
    if (options.against)
        report.against =
            describeEnvironment(ws, *options.against, options.againstSecrets, releases, scrub);
    if (cancelled(cancel))
        return stop();

    // The plan from the environment's rows (when they could be read).
    std::optional<Plan> plan;
    if (report.environment.error.isEmpty() || sqliteDatabaseMissing(env)) {
        PlanRequest request;
        request.action = MigrationAction::Upgrade;
        request.targets = {report.target};
        request.alembicProgram = options.alembicProgram;
        request.allowUnrenderedAlembic = true;
        auto planned = makePlan(ws, env.driver, report.environment.currentRevisions, request);
        if (!planned)
            return planned.error();
        report.planWarnings = scrub(planned->warnings);
        plan = planned->plan;
    } else {
        report.planError = QStringLiteral("%1 could not be read, so there is no plan: %2")
                               .arg(env.name, report.environment.error);
    }

    if (plan) {
        report.targetRevisions = plan->headsAfter;
        report.targetRevisions.sort();
        for (size_t i = 0; i < plan->steps.size(); ++i) {
            const PlanStep &s = plan->steps[i];
            ReportStep step;
            step.revision = s.revision;
            step.message = s.message;
            step.direction = s.direction == Direction::Upgrade ? QStringLiteral("upgrade")
                                                               : QStringLiteral("downgrade");
            step.shortLog = s.shortLog();
            if (const RevisionOrigin *o = releases.origin(s.revision)) {
                step.commit = o->commit;
                step.author = o->author;
                step.date = o->date.toUTC();
                step.release = o->release;
            }
            // The step alone, as `upgrade --sql` prints it (without the version table's CREATE).
            Plan one;
            one.direction = plan->direction;
            one.steps = {s};
            one.headsBefore = s.fromRevisions;
            one.headsAfter = s.toRevisions;
            one.scriptStorage = plan->scriptStorage;
            step.sql = renderOfflineSql(one, env.driver, project.versionTableName(), false);
            report.steps.push_back(std::move(step));
        }
    }
    if (cancelled(cancel))
        return stop();

    // Where each step already ran: the against environment first, then the target itself.
    {
        std::vector<std::pair<QString, std::vector<AuditEntry>>> trails;
        if (options.against && report.against && report.against->error.isEmpty())
            trails.emplace_back(options.against->name,
                                readTrail(ws, *options.against, options.againstSecrets,
                                          report.historyNotes, scrub));
        if (report.environment.error.isEmpty())
            trails.emplace_back(env.name, readTrail(ws, env, secrets, report.historyNotes, scrub));
        for (ReportStep &step : report.steps) {
            for (const auto &[name, trail] : trails)
                addRuns(step, name, trail);
            std::stable_sort(step.ranOn.begin(), step.ranOn.end(),
                             [](const ReportRun &a, const ReportRun &b) {
                                 if (a.startedAt != b.startedAt)
                                     return a.startedAt < b.startedAt;
                                 return a.environment < b.environment;
                             });
        }
    }
    if (cancelled(cancel))
        return stop();

    // Lint: live when the environment answers, else offline.
    if (plan) {
        LintReport lint;
        bool live = false;
        if (options.liveLint && report.environment.error.isEmpty()) {
            LiveLintOptions lo;
            lo.alembicProgram = options.alembicProgram;
            auto r = lintPlanLive(ws, env, secrets, *plan, lo, cancel);
            if (r) {
                live = true;
                lint = r->report;
                report.lintNotes = scrub(r->notes);
                report.lintSource =
                    r->serverVersion.isEmpty()
                        ? QStringLiteral("live")
                        : QStringLiteral("live (%1 %2)").arg(env.driver, r->serverVersion);
            } else {
                report.lintNotes.append(
                    QStringLiteral("live lint failed: %1").arg(scrub(r.error().toString())));
            }
        }
        if (!live) {
            LintOptions lo;
            lo.driver = env.driver;
            if (auto levels = projectLintLevels(project))
                lo.levels = *levels;
            lint = lintPlan(*plan, lo);
            report.lintSource = QStringLiteral("offline (%1)").arg(env.driver);
        }
        report.lintNotes += scrub(lint.notes);
        for (const LintFinding &f : lint.findings) {
            ReportFinding rf;
            rf.revision = f.revision;
            rf.level = lintLevelName(f.level);
            rf.rule = f.rule;
            rf.file = relativeTo(project.root, f.file);
            rf.line = f.line;
            rf.message = scrub(f.message);
            rf.live = scrub(liveFactsSummary(f));
            rf.allowed = f.allowed;
            report.findings.push_back(rf);
        }
    }
    if (cancelled(cancel))
        return stop();

    // Drift.
    if (!options.checkDrift) {
        report.drift.summary = QStringLiteral("not checked: not asked for");
    } else if (!report.environment.error.isEmpty()) {
        report.drift.summary = QStringLiteral("not checked: %1 could not be read").arg(env.name);
    } else if (env.driver != u"sqlite" && !project.scratchEnvironment()) {
        report.drift.summary =
            QStringLiteral("not checked: replaying the revisions on %1 needs a scratch server "
                           "(`scratch = \"ENV\"` in retort.toml)")
                .arg(env.driver);
    } else {
        const ExpectedSchemaOptions replay =
            schemaReplayOptions(project, env.driver, options.scratchSecrets);
        SchemaDriftStep failedAt{};
        auto drift = checkSchemaDrift(ws, env, secrets, replay, cancel, &failedAt);
        if (!drift) {
            report.drift.summary = QStringLiteral("not checked: %1 (%2)")
                                       .arg(driftFailureSummary(failedAt, drift.error()),
                                            scrub(drift.error().toString()));
        } else {
            report.drift.checked = true;
            report.drift.drifted = drift->drifted();
            if (!drift->drifted())
                report.drift.summary = QStringLiteral("no drift");
            else if (drift->accepted)
                report.drift.summary =
                    QStringLiteral("drifted, %1").arg(scrub(drift->accepted->describe()));
            else
                report.drift.summary = QStringLiteral("drifted");
            if (drift->drifted())
                report.drift.details = drift->diff.toText();
        }
    }
    if (cancelled(cancel))
        return stop();

    // The last backup.
    report.backup.folder =
        options.backupFolder.isEmpty() ? defaultBackupFolder(project, env) : options.backupFolder;
    const std::vector<BackupInfo> backups = listBackups(env, report.backup.folder);
    report.backup.folder = relativeTo(project.root, report.backup.folder);
    if (!backups.empty()) {
        const BackupInfo &b = backups.front();
        report.backup.found = true;
        report.backup.file = QFileInfo(b.path).fileName();
        report.backup.createdAt = b.createdAt.toUTC();
        report.backup.size = b.size;
        report.backup.format = b.format;
        report.backup.restoreCommand = scrub(b.restoreCommand);
    }

    report.git = readGit(project.root);
    report.git.unavailable = scrub(report.git.unavailable);
    return report;
}

std::optional<ReportFormat> reportFormatFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == u"md" || n == u"markdown")
        return ReportFormat::Markdown;
    if (n == u"html")
        return ReportFormat::Html;
    if (n == u"json")
        return ReportFormat::Json;
    return std::nullopt;
}

QByteArray renderReport(const ReleaseReport &report, ReportFormat format)
{
    switch (format) {
    case ReportFormat::Markdown:
        return renderReportMarkdown(report).toUtf8();
    case ReportFormat::Html:
        return renderReportHtml(report).toUtf8();
    case ReportFormat::Json:
        return renderReportJson(report);
    }
    return {};
}

} // namespace retort
