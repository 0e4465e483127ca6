// retort-cli lint: the revisions' findings, offline (lint/Lint.h), or an environment's pending
// plan judged against its live database (workflows/LintLive.h), printed like a compiler's.

#include "Cli.h"
#include "CliOptions.h"
#include "lint/Lint.h"
#include "project/Workspace.h"
#include "workflows/AlembicSql.h"
#include "workflows/ExpectedSchema.h"
#include "workflows/LintLive.h"
#include "workflows/LintRoundTrip.h"
#include "workflows/Planning.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace retort {

namespace {

// --server-version, by driver (lint/Lint.h's LintOptions::serverVersionNum):
//  - postgresql (and no driver): "15", "12.4", "9.6" or a server_version_num ("120004");
//  - mysql: "10.11", "10.11.6", "8.0.32", "10.11.6-MariaDB" or MYSQL_VERSION_ID ("101106");
//  - sqlite: "3.35", "3.35.5" or SQLITE_VERSION_NUMBER ("3035005").
Result<int> serverVersionNum(const QString &text, const QString &driver)
{
    if (text.isEmpty())
        return 0;
    bool ok = false;
    const int whole = text.toInt(&ok);
    if (driver == u"mysql" || driver == u"sqlite") {
        const bool mysql = driver == u"mysql";
        if (ok && whole >= (mysql ? 10000 : 3000000))
            return whole;
        const QStringList parts = text.section(u'-', 0, 0).split(u'.');
        QList<int> n;
        for (const QString &p : parts) {
            bool okPart = false;
            n.append(p.toInt(&okPart));
            if (!okPart)
                n.clear();
            if (!okPart)
                break;
        }
        if (!n.isEmpty() && n.size() <= 3 && (mysql ? n[0] >= 3 : n[0] == 3) &&
            n.value(1) < (mysql ? 100 : 1000) && n.value(2) < (mysql ? 100 : 1000))
            return mysql ? n[0] * 10000 + n.value(1) * 100 + n.value(2)
                         : n[0] * 1000000 + n.value(1) * 1000 + n.value(2);
        return Error(mysql
                         ? QStringLiteral("--server-version takes a MariaDB/MySQL version (10.11, "
                                          "10.11.6, 8.0.32 or 101106), not '%1'")
                               .arg(text)
                         : QStringLiteral("--server-version takes an SQLite version (3.35, "
                                          "3.35.5 or 3035005), not '%1'")
                               .arg(text));
    }
    if (ok && whole >= 10000)
        return whole;
    if (ok && whole >= 10)
        return whole * 10000;
    const QStringList parts = text.split(u'.');
    bool okMajor = false, okMinor = false;
    const int major = parts.value(0).toInt(&okMajor);
    const int minor = parts.size() == 2 ? parts.value(1).toInt(&okMinor) : 0;
    if (okMajor && parts.size() == 2 && okMinor && major >= 10)
        return major * 10000 + minor;
    if (okMajor && parts.size() == 2 && okMinor && major >= 7)
        return major * 10000 + minor * 100;
    return Error(QStringLiteral("--server-version takes a PostgreSQL version (15, 12.4, 9.6 or "
                                "120004), not '%1'")
                     .arg(text));
}

QJsonObject findingJson(const LintFinding &f, const QString &file)
{
    QJsonObject o;
    o[QStringLiteral("rule")] = f.rule;
    o[QStringLiteral("level")] = lintLevelName(f.level);
    o[QStringLiteral("file")] = file;
    o[QStringLiteral("line")] = f.line;
    o[QStringLiteral("revision")] = f.revision;
    o[QStringLiteral("section")] = f.section;
    o[QStringLiteral("message")] = f.message;
    o[QStringLiteral("statement")] = f.statement;
    o[QStringLiteral("facts")] = f.facts;
    o[QStringLiteral("allowed")] = f.allowed;
    o[QStringLiteral("allow_reason")] = f.allowReason;
    return o;
}

} // namespace

// Alembic (Python) revisions: the SQL the project's alembic renders offline for `driver`, when
// it can (one run for the upgrades, one per head for the downgrades); else none, and lint notes
// each revision it skips.
QHash<QString, RenderedRevisionSql> Cli::renderAlembic(const CommandArgs &args,
                                                       const QString &driver)
{
    QHash<QString, RenderedRevisionSql> out;
    const auto &scripts = m_ws->scripts();
    if (std::none_of(scripts.begin(), scripts.end(), [](const Script &s) { return s.isPython(); }))
        return out;
    auto alembic = findAlembic(args.value("--alembic"));
    if (!alembic) {
        m_err << "note: " << alembic.error().message << "\n";
        return out;
    }
    const RevisionGraph &g = m_ws->graph();
    std::vector<AlembicRevision> revisions;
    for (const Revision &r : g.revisions())
        revisions.push_back({r.id, r.script->downRevisions});
    auto sql = renderAllRevisions(*alembic, m_ws->project(), g.ids(g.heads()), revisions, driver);
    if (!sql) {
        m_err << "note: alembic could not render the SQL ("
              << sql.error().message.trimmed().section(u'\n', -1) << ")\n";
        return out;
    }
    for (auto it = sql->constBegin(); it != sql->constEnd(); ++it)
        out.insert(it.key(), {it->upgrade, it->downgrade});
    return out;
}

Status Cli::cmdLint(const CommandArgs &args)
{
    if (args.operands().size() > 1)
        return usageError(QStringLiteral("lint"));
    const auto version = serverVersionNum(args.value("--server-version"), args.value("--driver"));
    if (!version)
        return version.error();
    QString driver = args.value("--driver");
    if (!driver.isEmpty() && !Dialect::forDriver(driver))
        return Dialect::forDriver(driver).error();
    if (m_opt->env.isEmpty() && args.flag("--lock-probe"))
        return Error(QStringLiteral("lint --lock-probe needs --env: it probes that environment's "
                                    "pending plan"));
    if (!m_opt->env.isEmpty() && (!driver.isEmpty() || *version != 0))
        return Error(QStringLiteral("lint --env judges by the environment's own driver and server "
                                    "version: --driver and --server-version are for offline lint"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    if (!m_opt->env.isEmpty()) {
        auto env = environment();
        if (!env)
            return env.error();
        return lintEnvironment(args, **env);
    }
    const Project &project = m_ws->project();
    auto levels = projectLintLevels(project);
    if (!levels)
        return levels.error();

    // The drivers to lint for: --driver, else every environment's.
    QStringList drivers;
    if (!driver.isEmpty()) {
        drivers = {driver};
    } else {
        for (const Environment &e : project.environments)
            if (!drivers.contains(e.driver))
                drivers.append(e.driver);
        if (drivers.isEmpty())
            drivers = {QStringLiteral("postgresql")};
    }

    // The revisions, oldest first: the range as history's ([start]:[end]; a lone REV is itself).
    const QString range = args.operands().value(0);
    QString base, head;
    if (!range.isEmpty()) {
        if (range.contains(u':')) {
            base = range.section(u':', 0, 0).trimmed();
            head = range.section(u':', 1).trimmed();
        } else {
            base = head = range.trimmed();
        }
    }
    const RevisionGraph &g = m_ws->graph();
    auto order = g.history(base, head);
    if (!order)
        return Error(QStringLiteral("%1 (range %2:%3)")
                         .arg(order.error().message, base.isEmpty() ? QStringLiteral("base") : base,
                              head.isEmpty() ? QStringLiteral("heads") : head));
    noteIfIncomplete();
    QStringList revisions;
    for (auto it = order->rbegin(); it != order->rend(); ++it)
        revisions.append(g.at(*it).id);

    LintReport all;
    for (const QString &d : drivers) {
        LintOptions options;
        options.driver = d;
        options.serverVersionNum = *version;
        options.levels = *levels;
        LintReport r = lintRevisions(*m_ws, revisions, options, renderAlembic(args, d));
        all.findings.insert(all.findings.end(), r.findings.begin(), r.findings.end());
        for (const QString &n : r.notes)
            if (!all.notes.contains(n))
                all.notes.append(n);
        // downgrade-does-not-restore: a replay per revision, so the newest ones only.
        if (args.flag("--no-replay"))
            continue;
        const ExpectedSchemaOptions replay = replayOptions(d);
        if (!canLintRoundTrips(d, replay))
            continue; // no scratch server for this driver: nothing to replay on, nothing to say
        constexpr int kReplayed = 100;
        const QStringList newest = revisions.mid(std::max(0, int(revisions.size()) - kReplayed));
        if (newest.size() < revisions.size() && drivers.indexOf(d) == 0)
            all.notes.append(QStringLiteral("downgrade-does-not-restore checked for the newest %1 "
                                            "of %2 revisions (a RANGE checks others)")
                                 .arg(newest.size())
                                 .arg(revisions.size()));
        RoundTripLint trips = lintRoundTrips(*m_ws, newest, options, replay);
        all.findings.insert(all.findings.end(), trips.findings.begin(), trips.findings.end());
        for (const QString &n : trips.notes)
            if (!all.notes.contains(n))
                all.notes.append(n);
    }
    const QDir root(project.root);
    auto rel = [&](const QString &file) {
        return project.root.isEmpty() ? file : root.relativeFilePath(file);
    };
    std::stable_sort(all.findings.begin(), all.findings.end(),
                     [&](const LintFinding &a, const LintFinding &b) {
                         const QString fa = rel(a.file), fb = rel(b.file);
                         return fa != fb ? fa < fb : a.line < b.line;
                     });

    if (*version == 0 && drivers.contains(u"postgresql"))
        m_err << "note: PostgreSQL version not given: judged by the newest semantics "
                 "(--server-version V for an older server)\n";
    for (const QString &n : all.notes)
        m_err << "note: " << n << "\n";
    if (m_opt->json) {
        QJsonArray arr;
        for (const LintFinding &f : all.findings)
            arr.append(findingJson(f, rel(f.file)));
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
    } else {
        printFindings(all.findings, m_out);
        m_err << findingCounts(all) << " in " << revisions.size() << " revision(s)\n";
    }
    m_exitCode = all.errorCount() > 0 ? 1 : 0;
    return {};
}

Status Cli::lintEnvironment(const CommandArgs &args, const Environment &env)
{
    // The operand is the target, as `upgrade TARGET` takes it (default heads): a range belongs to
    // offline lint, whose revisions need no database.
    const QString target = args.operands().value(0, QStringLiteral("heads"));
    if (target.contains(u':'))
        return Error(QStringLiteral("lint --env lints what `upgrade TARGET` would run on %1: give "
                                    "a target (default heads), not a range '%2'")
                         .arg(env.name, target));
    auto rows = readRows(env);
    if (!rows)
        return rows.error();
    PlanRequest request;
    request.action = MigrationAction::Upgrade;
    request.targets = {target};
    request.alembicProgram = args.value("--alembic");
    auto planned = makePlan(*m_ws, env.driver, *rows, request);
    if (!planned)
        return planned.error();
    for (const QString &warning : planned->warnings)
        m_err << "warning: " << warning << "\n";
    LiveLintOptions options;
    options.alembicProgram = request.alembicProgram;
    if (args.flag("--lock-probe")) {
        options.lockProbe = true;
        options.scratch = replayOptions(env.driver).scratch;
    }
    auto live = lintPlanLive(*m_ws, env, secretsFor(env), planned->plan, options);
    if (!live)
        return withAdvice(env, Status(live.error()));
    m_err << "note: judged against " << env.name << " ("
          << (live->serverVersion.isEmpty() ? env.driver : env.driver + u' ' + live->serverVersion)
          << "): " << planned->plan.steps.size() << " pending step(s) to " << target << "\n";
    for (const QString &n : live->report.notes + live->notes)
        m_err << "note: " << n << "\n";
    const LintReport &report = live->report;
    if (m_opt->json) {
        const QDir root(m_ws->project().root);
        QJsonArray arr;
        for (const LintFinding &f : report.findings)
            arr.append(findingJson(
                f, m_ws->project().root.isEmpty() ? f.file : root.relativeFilePath(f.file)));
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
    } else {
        printFindings(report.findings, m_out);
        m_err << findingCounts(report) << " in " << planned->plan.steps.size()
              << " pending step(s)\n";
    }
    m_exitCode = report.errorCount() > 0 ? 1 : 0;
    return {};
}

void Cli::printFindings(const std::vector<LintFinding> &findings, QTextStream &to) const
{
    const QString root = m_ws ? m_ws->project().root : QString();
    const QDir dir(root);
    for (const LintFinding &f : findings) {
        to << (root.isEmpty() ? f.file : dir.relativeFilePath(f.file)) << ":" << f.line << ": "
           << lintLevelName(f.level) << " " << f.rule << ": " << f.message;
        if (f.allowed)
            to << " (allowed: " << f.allowReason << ")";
        if (const QString live = liveFactsSummary(f); !live.isEmpty())
            to << " [" << live << "]";
        to << "\n";
    }
}

QString Cli::findingCounts(const LintReport &report)
{
    const int notices =
        int(std::count_if(report.findings.begin(), report.findings.end(), [](const LintFinding &f) {
            return !f.allowed && f.level == LintLevel::Notice;
        }));
    return QStringLiteral("%1 error(s), %2 warning(s), %3 notice(s)")
        .arg(report.errorCount())
        .arg(report.warningCount())
        .arg(notices);
}

} // namespace retort
