// retort-cli's commands that read the project or a database and change nothing: heads, history,
// current, branches, show, check, status, log.
#include "Cli.h"

#include "CliFormat.h"
#include "CliOptions.h"
#include "audit/EditedScripts.h"
#include "db/AuditTrail.h"
#include "project/Workspace.h"
#include "release/EnvironmentReleases.h"
#include "workflows/DriftTriage.h"
#include "workflows/EnvironmentStatus.h"
#include "workflows/SchemaDrift.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <array>
#include <map>

namespace retort {

namespace {

Error unexpectedArgument(const CommandArgs &args)
{
    return Error(QStringLiteral("unexpected argument '%1'").arg(args.operands().front()));
}

// `history -r [start]:[end]`: the two ends as written (trimmed; empty: base / heads).
Result<std::pair<QString, QString>> historyRange(const QString &range)
{
    if (range.isEmpty())
        return std::pair<QString, QString>();
    if (!range.contains(QLatin1Char(':')))
        return Error(QStringLiteral("History range requires [start]:[end], [start]:, or :[end]"));
    return std::pair(range.section(QLatin1Char(':'), 0, 0).trimmed(),
                     range.section(QLatin1Char(':'), 1).trimmed());
}

// The left-out revision (RevisionGraph::leftOut) with id `id`, or null.
const LeftOutRevision *leftOutWithId(const RevisionGraph &g, const QString &id)
{
    for (const LeftOutRevision &r : g.leftOut())
        if (r.id == id)
            return &r;
    return nullptr;
}

// --- status ----------------------------------------------------------------------------------

// Every environment read in its own thread, as the window does; waits for all of them.
std::map<QString, EnvironmentState>
checkEnvironments(const std::shared_ptr<const Workspace> &ws,
                  const QHash<QString, ConnectionSecrets> &secrets)
{
    std::map<QString, EnvironmentState> states;
    EnvironmentChecker checker;
    QEventLoop loop;
    QObject::connect(&checker, &EnvironmentChecker::stateReady,
                     [&](const EnvironmentState &s) { states[s.environment] = s; });
    QObject::connect(&checker, &EnvironmentChecker::allChecked, &loop, &QEventLoop::quit);
    checker.check(ws, {}, secrets);
    if (checker.pendingChecks() > 0)
        loop.exec();
    return states;
}

// An interrupted run nobody has run after (the newest audit row of the environment), by
// environment, for the environments reached.
QHash<QString, QString> interruptedRuns(const Workspace &ws,
                                        std::map<QString, EnvironmentState> &states,
                                        const QHash<QString, ConnectionSecrets> &secrets)
{
    QHash<QString, QString> interrupted;
    for (const Environment &env : ws.project().environments) {
        if (states[env.name].reach != EnvironmentState::Reach::Reached)
            continue;
        auto newest = readHistory(env, ws.project().versionTableName(), secrets.value(env.name), 1);
        if (newest && !newest->empty() && newest->front().outcome == AuditOutcome::Interrupted)
            interrupted.insert(env.name, newest->front().describe());
    }
    return interrupted;
}

// One line of the status table, and what is printed under it.
struct StatusRow {
    QString name, driver, current, pending, heads, checked, error;
    QString drift;   // status --drift: "none", "3 differences", why not; else empty (no column)
    QString release; // "v2.3.1", "before v1.0" (a column only when the project has releases)
};

QString currentText(const RevisionGraph &g, const EnvironmentState &s)
{
    if (s.reach != EnvironmentState::Reach::Reached)
        return QStringLiteral("(not reachable)");
    if (!s.error.isEmpty()) {
        // Rows of revisions left out of the graph say so; any other row is unknown.
        QStringList rows;
        bool unknown = false;
        for (const QString &row : s.rows) {
            const bool leftOut = g.indexOf(row) < 0 && leftOutWithId(g, row);
            rows.append(leftOut ? row + QStringLiteral(" (unreachable)") : row);
            unknown = unknown || (!leftOut && g.indexOf(row) < 0);
        }
        const bool explained = !unknown && rows != s.rows;
        return rows.join(QStringLiteral(", ")) +
               (explained ? QString() : QStringLiteral(" (unknown)"));
    }
    if (s.current.isEmpty())
        return QStringLiteral("(base)");
    QStringList ids;
    for (const QString &id : s.current) {
        const int i = g.indexOf(id);
        ids.append(i >= 0 && g.isCertainHead(i) ? id + QStringLiteral(" (head)") : id);
    }
    return ids.join(QStringLiteral(", "));
}

StatusRow statusRow(const RevisionGraph &g, const Environment &env, const EnvironmentState &s,
                    const QString &interrupted)
{
    const bool reached = s.reach == EnvironmentState::Reach::Reached;
    const bool known = reached && s.error.isEmpty() && g.isComplete(); // pending, at heads
    QString error = s.error;
    if (!interrupted.isEmpty())
        error = (s.error.isEmpty() ? QString() : s.error + QStringLiteral("\n    ")) +
                QStringLiteral("interrupted run: ") + interrupted;
    return {env.isProtected ? env.name + QStringLiteral(" *") : env.name,
            env.driver,
            currentText(g, s),
            known ? QString::number(s.pending) : QStringLiteral("?"),
            !g.isComplete() ? QStringLiteral("?")
            : s.atHeads     ? QStringLiteral("yes")
                            : QStringLiteral("no"),
            s.checkedAt.toString(QStringLiteral("HH:mm:ss")),
            error,
            {},
            {}};
}

// `complete`: the project's graph is whole; else pending and at_heads are unknown (null).
QJsonObject statusJson(const Environment &env, const EnvironmentState &s,
                       const QString &interrupted, bool complete)
{
    const bool reached = s.reach == EnvironmentState::Reach::Reached;
    QJsonObject o;
    o[QStringLiteral("environment")] = env.name;
    o[QStringLiteral("driver")] = env.driver;
    o[QStringLiteral("protected")] = env.isProtected;
    o[QStringLiteral("reachable")] = reached;
    o[QStringLiteral("rows")] = QJsonArray::fromStringList(s.rows);
    o[QStringLiteral("current")] = QJsonArray::fromStringList(s.current);
    o[QStringLiteral("pending")] =
        reached && s.error.isEmpty() && complete ? QJsonValue(s.pending) : QJsonValue();
    o[QStringLiteral("at_heads")] = complete ? QJsonValue(s.atHeads) : QJsonValue();
    o[QStringLiteral("checked_at")] = s.checkedAt.toString(Qt::ISODateWithMs);
    o[QStringLiteral("error")] = s.error.isEmpty() ? QJsonValue() : QJsonValue(s.error);
    o[QStringLiteral("interrupted")] =
        interrupted.isEmpty() ? QJsonValue() : QJsonValue(interrupted);
    return o;
}

// The table: columns as wide as their widest cell, the pending count right-aligned, each row's
// error indented under it.
void printStatusTable(QTextStream &out, const std::vector<StatusRow> &rows, bool withDrift,
                      bool withRelease)
{
    const StatusRow header{QStringLiteral("ENVIRONMENT"),
                           QStringLiteral("DRIVER"),
                           QStringLiteral("CURRENT"),
                           QStringLiteral("PENDING"),
                           QStringLiteral("AT HEADS"),
                           QStringLiteral("CHECKED"),
                           {},
                           QStringLiteral("DRIFT"),
                           QStringLiteral("RELEASE")};
    std::array<qsizetype, 7> width{};
    auto measure = [&](const StatusRow &r) {
        width[0] = std::max(width[0], r.name.size());
        width[1] = std::max(width[1], r.driver.size());
        width[2] = std::max(width[2], r.current.size());
        width[3] = std::max(width[3], r.pending.size());
        width[4] = std::max(width[4], r.heads.size());
        width[5] = std::max(width[5], r.checked.size());
        width[6] = std::max(width[6], r.release.size());
    };
    measure(header);
    for (const StatusRow &r : rows)
        measure(r);
    auto print = [&](const StatusRow &r) {
        out << r.name.leftJustified(width[0] + 2) << r.driver.leftJustified(width[1] + 2)
            << r.current.leftJustified(width[2] + 2);
        if (withRelease)
            out << r.release.leftJustified(width[6] + 2);
        out << r.pending.rightJustified(width[3]) << "  " << r.heads.leftJustified(width[4] + 2);
        if (withDrift)
            out << r.checked.leftJustified(width[5] + 2) << r.drift << "\n";
        else
            out << r.checked << "\n";
    };
    print(header);
    for (const StatusRow &r : rows) {
        print(r);
        if (!r.error.isEmpty())
            out << "    " << r.error << "\n";
    }
}

} // namespace

Status Cli::cmdCurrent(const CommandArgs &args)
{
    const bool verbose = args.flag("-v");
    if (!args.operands().isEmpty())
        return unexpectedArgument(args);
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    auto rows = readRows(**env);
    if (!rows)
        return rows.error();
    const RevisionGraph &g = m_ws->graph();
    // Rows naming revisions left out of the graph are shown as such, after the others.
    QStringList placed;
    std::vector<const LeftOutRevision *> outside;
    for (const QString &row : *rows) {
        const LeftOutRevision *r = g.indexOf(row) < 0 ? leftOutWithId(g, row) : nullptr;
        if (r)
            outside.push_back(r);
        else
            placed.append(row);
    }
    auto current = g.currentHeads(placed);
    if (!current)
        return current.error();
    noteIfIncomplete();
    if (m_opt->json) {
        QJsonArray revs;
        for (int i : *current)
            revs.append(revisionJson(g, g.at(i)));
        for (const LeftOutRevision *r : outside)
            revs.append(leftOutJson(*r));
        QJsonObject o;
        o[QStringLiteral("environment")] = (*env)->name;
        o[QStringLiteral("rows")] = QJsonArray::fromStringList(*rows);
        o[QStringLiteral("current")] = revs;
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return {};
    }
    if (verbose)
        m_out << "Current revision(s) for " << (*env)->driver << ":///" << (*env)->database
              << ":\n";
    for (int i : *current)
        m_out << (verbose ? logEntry(g, g.at(i)) : headOnly(g, g.at(i), false, false, false, true))
              << "\n";
    for (const LeftOutRevision *r : outside)
        m_out << (verbose ? leftOutEntry(*r) : leftOutLine(*r, false, false)) << "\n";
    return {};
}

Status Cli::cmdHistory(const CommandArgs &args)
{
    const bool verbose = args.flag("-v");
    const bool indicateCurrent = args.flag("-i");
    if (!args.operands().isEmpty())
        return unexpectedArgument(args);
    if (auto st = loadWorkspace(false); !st)
        return st;
    const RevisionGraph &g = m_ws->graph();
    const auto range = historyRange(args.value("-r"));
    if (!range)
        return range.error();
    const auto &[base, head] = *range;
    QStringList rowsNow;
    if (indicateCurrent || base == QLatin1String("current") || head == QLatin1String("current")) {
        auto rows = currentRows();
        if (!rows)
            return rows.error();
        rowsNow = *rows;
    }
    // "current" stands for the database's rows; with no rows Alembic falls back to base (lower
    // end) and heads (upper end).
    auto bound = [&](const QString &b) {
        if (b == QLatin1String("current"))
            return rowsNow;
        return b.isEmpty() ? QStringList{} : QStringList{b};
    };
    auto order = g.history(bound(base), bound(head));
    if (!order)
        return Error(QStringLiteral("%1 (range %2:%3)")
                         .arg(order.error().message, base.isEmpty() ? QStringLiteral("base") : base,
                              head.isEmpty() ? QStringLiteral("heads") : head));
    noteIfIncomplete();
    // The whole history starts with the readable revisions left out of the graph.
    std::vector<const LeftOutRevision *> outside;
    if (base.isEmpty() && head.isEmpty())
        for (int k : g.leftOutNewestFirst())
            if (g.leftOut()[size_t(k)].script)
                outside.push_back(&g.leftOut()[size_t(k)]);
    if (m_opt->json) {
        QJsonArray arr;
        for (const LeftOutRevision *r : outside)
            arr.append(leftOutJson(*r));
        for (int i : *order) {
            QJsonObject o = revisionJson(g, g.at(i));
            if (indicateCurrent)
                o[QStringLiteral("is_current")] = rowsNow.contains(g.at(i).id);
            arr.append(o);
        }
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return {};
    }
    for (const LeftOutRevision *r : outside)
        m_out << (verbose ? leftOutEntry(*r) : leftOutLine(*r, true, true)) << "\n";
    for (int i : *order) {
        const bool cur = indicateCurrent && rowsNow.contains(g.at(i).id);
        m_out << (verbose ? logEntry(g, g.at(i), cur)
                          : headOnly(g, g.at(i), true, true, true, true, cur))
              << "\n";
    }
    return {};
}

namespace {

// The readable revisions left out of the graph that are heads of the whole project: nothing else
// names them as a parent (or, with `withDeps`, depends on them by id). None when an unreadable
// script's parents are unknown: then no head is certain.
std::vector<const LeftOutRevision *> leftOutHeads(const RevisionGraph &g, bool withDeps)
{
    std::vector<const LeftOutRevision *> out;
    if (!g.headsKnown())
        return out;
    QSet<QString> named;
    for (const LeftOutRevision &r : g.leftOut()) {
        for (const QString &p : r.parents)
            named.insert(p);
        if (withDeps)
            for (const QString &d : r.dependsOn)
                named.insert(d);
    }
    for (int k : g.leftOutNewestFirst()) {
        const LeftOutRevision &r = g.leftOut()[size_t(k)];
        if (r.script && !r.unreadable() && !named.contains(r.id))
            out.push_back(&r);
    }
    return out;
}

} // namespace

Status Cli::cmdHeads(const CommandArgs &args)
{
    const bool verbose = args.flag("-v");
    const bool resolveDeps = args.flag("--resolve-dependencies");
    if (!args.operands().isEmpty())
        return unexpectedArgument(args);
    if (auto st = loadWorkspace(false); !st)
        return st;
    const RevisionGraph &g = m_ws->graph();
    // Only the heads of the whole project: none of a left-out revision's parents.
    const std::vector<int> heads = resolveDeps ? g.certainRealHeads() : g.certainHeads();
    const std::vector<const LeftOutRevision *> outside = leftOutHeads(g, resolveDeps);
    noteIfIncomplete();
    if (m_opt->json) {
        QJsonArray arr;
        for (const LeftOutRevision *r : outside)
            arr.append(leftOutJson(*r));
        for (int i : heads)
            arr.append(revisionJson(g, g.at(i)));
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return {};
    }
    for (const LeftOutRevision *r : outside)
        m_out << (verbose ? leftOutEntry(*r)
                          : leftOutLine(*r, false, false) + QStringLiteral(" (head)"))
              << "\n";
    for (int i : heads)
        m_out << (verbose ? logEntry(g, g.at(i)) : headOnly(g, g.at(i), true, false, false, false))
              << "\n";
    return {};
}

Status Cli::cmdBranches(const CommandArgs &args)
{
    const bool verbose = args.flag("-v");
    if (auto st = loadWorkspace(false); !st)
        return st;
    const RevisionGraph &g = m_ws->graph();
    auto order = g.history();
    if (!order)
        return order.error();
    noteIfIncomplete();
    for (int i : *order) {
        const Revision &r = g.at(i);
        // Children left out of the graph count: the branch point is one of the whole project.
        const std::span<const int> outside = g.leftOutChildren(i);
        if (r.next.size() + outside.size() < 2)
            continue;
        m_out << (verbose ? logEntry(g, r) : headOnly(g, r, true, false, false, true)) << "\n";
        const QString pad(r.id.size(), QLatin1Char(' '));
        QStringList lines;
        for (int c : r.next)
            lines.append(QStringLiteral("%1 -> %2")
                             .arg(pad, headOnly(g, g.at(c), true, verbose, false, true)));
        for (int k : outside)
            lines.append(QStringLiteral("%1 -> %2")
                             .arg(pad, leftOutLine(g.leftOut()[size_t(k)], false, verbose)));
        m_out << lines.join(QLatin1Char('\n')) << "\n\n";
    }
    return {};
}

Status Cli::cmdShow(const CommandArgs &args)
{
    if (args.operands().size() != 1)
        return usageError(QStringLiteral("show"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    const RevisionGraph &g = m_ws->graph();
    const QString rev = args.operands().front();
    std::vector<int> revs;
    if (rev == QLatin1String("current")) {
        auto rows = currentRows();
        if (!rows)
            return rows.error();
        for (const QString &row : *rows) {
            auto r = g.resolveOne(row);
            if (!r)
                return r.error();
            revs.push_back(*r);
        }
    } else {
        auto r = g.resolve(rev);
        if (!r)
            return r.error();
        revs = *r;
    }
    for (int i : revs)
        if (i >= 0)
            m_out << logEntry(g, g.at(i)) << "\n";
    if (args.flag("--effect")) {
        auto env = environment();
        if (!env)
            return env.error();
        for (int i : revs)
            if (i >= 0)
                if (Status st = showEffect(g.at(i).id, (*env)->driver); !st)
                    return st;
    }
    return {};
}

Status Cli::cmdCheck(const CommandArgs &args)
{
    if (args.flag("--drift") && m_opt->env.isEmpty())
        return Error(QStringLiteral("check --drift needs --env NAME: the environment whose schema "
                                    "to compare with what its revisions produce"));
    const bool accepting = !args.values("--accept").isEmpty();
    if ((accepting || args.flag("--revert")) && !args.flag("--drift"))
        return Error(QStringLiteral("--accept and --revert triage schema drift: use them with "
                                    "check --drift --env NAME"));
    if (accepting && args.flag("--revert"))
        return Error(QStringLiteral("check --drift takes --accept or --revert, not both"));
    if ((args.flag("--sql") || args.flag("--force")) && !args.flag("--revert"))
        return Error(QStringLiteral("--sql and --force go with check --drift --revert"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    m_err.flush();
    const auto &problems = m_ws->problems();
    const RevisionGraph &g = m_ws->graph();
    if (m_opt->json) {
        QJsonArray arr;
        for (const Error &e : problems)
            arr.append(errorJson(e));
        QJsonObject o;
        o[QStringLiteral("ok")] = problems.empty();
        o[QStringLiteral("revisions")] = g.size();
        o[QStringLiteral("heads")] = QJsonArray::fromStringList(g.ids(g.certainHeads()));
        o[QStringLiteral("problems")] = arr;
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else if (problems.empty()) {
        m_out << "OK: " << g.size() << " revision(s), " << g.heads().size() << " head(s), "
              << g.bases().size() << " base(s); no problems found\n";
    }
    // With an explicit --env: the scripts against that database's audit trail and version rows.
    Status drift;
    if (!m_opt->env.isEmpty()) {
        auto env = environment();
        if (!env)
            return env.error();
        drift = checkDrift(**env);
        if (drift && args.flag("--drift"))
            drift = checkSchemaDrift(**env, args);
    }
    if (drift && args.flag("--roundtrip") && problems.empty()) {
        auto env = environment(); // --env's driver, or the default environment's
        if (!env)
            return env.error();
        drift = checkRoundTrip((*env)->driver);
    }
    if (!problems.empty()) {
        QStringList lines;
        for (const Error &e : problems)
            lines.append(e.toString());
        if (!drift)
            lines.append(drift.error().message);
        return Error(QStringLiteral("%1 problem(s) found:\n  %2")
                         .arg(problems.size())
                         .arg(lines.join(QStringLiteral("\n  "))));
    }
    return drift;
}

Status Cli::checkDrift(const Environment &env)
{
    auto drift = checkScriptDrift(*m_ws, env, secretsFor(env));
    if (!drift)
        return drift.error();
    if (drift->empty()) {
        if (!m_opt->json)
            m_out << "OK: " << env.name
                  << ": every applied script matches its file; every version row is known\n";
        return {};
    }
    QStringList lines;
    for (const ScriptDrift &d : *drift) {
        lines.append(d.describe());
        if (!m_opt->json && !d.diff.isEmpty())
            m_out << d.diff;
    }
    return Error(QStringLiteral("%1: %2 script problem(s) against the database:\n  %3")
                     .arg(env.name)
                     .arg(drift->size())
                     .arg(lines.join(QStringLiteral("\n  "))));
}

Status Cli::cmdStatus(const CommandArgs &args)
{
    if (!args.operands().isEmpty())
        return usageError(QStringLiteral("status"));
    if (isFleetSelector(m_opt->env))
        return fleetStatus(args);
    if (auto st = loadWorkspace(false); !st)
        return st;
    QHash<QString, ConnectionSecrets> secrets;
    for (const Environment &env : m_ws->project().environments)
        secrets.insert(env.name, secretsFor(env));
    noteIfIncomplete();
    // --drift: each environment's live schema against what its version rows should give, one
    // after the other (each replay may take a scratch database), before the workspace is shared.
    const bool withDrift = args.flag("--drift");
    QHash<QString, QString> driftCell, driftError;
    QHash<QString, QJsonObject> driftJson;
    if (withDrift) {
        for (const Environment &env : m_ws->project().environments) {
            SchemaDriftStep step = SchemaDriftStep::Rows;
            Result<SchemaDriftReport> report = schemaDriftOf(env, &step);
            QJsonObject o;
            if (report) {
                driftCell.insert(env.name, driftSummary(*report));
                o[QStringLiteral("differences")] = int(report->diff.changes.size());
                if (report->acceptedDrift()) {
                    o[QStringLiteral("accepted")] =
                        QJsonObject{{QStringLiteral("reason"), report->accepted->reason},
                                    {QStringLiteral("by"), report->accepted->operatorName},
                                    {QStringLiteral("at"),
                                     report->accepted->at.toUTC().toString(Qt::ISODateWithMs)},
                                    {QStringLiteral("fingerprint"), report->accepted->fingerprint}};
                }
                o[QStringLiteral("changes")] = report->diff.toJson();
                o[QStringLiteral("error")] = QJsonValue();
            } else {
                const QString why = driftFailureSummary(step, report.error());
                driftCell.insert(env.name, why);
                driftError.insert(env.name, report.error().toString());
                o[QStringLiteral("differences")] = QJsonValue();
                o[QStringLiteral("unchecked")] = why;
                o[QStringLiteral("error")] = report.error().toString();
            }
            driftJson.insert(env.name, o);
        }
    }
    const std::shared_ptr<const Workspace> ws(std::move(m_ws));
    std::map<QString, EnvironmentState> states = checkEnvironments(ws, secrets);
    const QHash<QString, QString> interrupted = interruptedRuns(*ws, states, secrets);
    // Releases: the git history read once (a fixed number of git processes). A column only when
    // the project is in a checkout with tags; a checkout whose history cannot be read (shallow)
    // says why, a folder outside git prints as it always did.
    const ReleaseMap releases = readReleaseMap(*ws);
    const bool withRelease = releases.available() && !releases.tags.empty();
    const bool outsideGit = releases.unavailable == u"the project is not in a git checkout" ||
                            releases.unavailable == u"git is not installed";
    if (!releases.available() && !outsideGit) {
        m_err << "note: no releases: " << releases.unavailable << "\n";
        m_err.flush();
    }
    std::vector<EnvironmentPosition> positions;
    int unreachable = 0;
    bool anyProtected = false;
    QJsonArray arr;
    std::vector<StatusRow> rows;
    for (const Environment &env : ws->project().environments) {
        const EnvironmentState &s = states[env.name];
        unreachable += s.reach == EnvironmentState::Reach::Reached ? 0 : 1;
        anyProtected = anyProtected || env.isProtected;
        QJsonObject o = statusJson(env, s, interrupted.value(env.name), ws->graph().isComplete());
        StatusRow row = statusRow(ws->graph(), env, s, interrupted.value(env.name));
        EnvironmentPosition position;
        position.environment = env.name;
        position.isProtected = env.isProtected;
        position.known = s.reach == EnvironmentState::Reach::Reached && s.error.isEmpty();
        if (position.known) {
            position.applied = appliedRevisions(ws->graph(), s);
            position.release = environmentRelease(releases, position.applied);
        }
        row.release = position.known ? position.release.describe(releases) : QStringLiteral("?");
        o[QStringLiteral("release")] =
            withRelease && position.known ? QJsonValue(row.release) : QJsonValue();
        positions.push_back(std::move(position));
        if (withDrift) {
            o[QStringLiteral("drift")] = driftJson.value(env.name);
            row.drift = driftCell.value(env.name);
            // Why drift could not be checked, unless the row's own error already says it.
            if (driftError.contains(env.name) && s.reach == EnvironmentState::Reach::Reached)
                row.error += (row.error.isEmpty() ? QString() : QStringLiteral("\n    ")) +
                             QStringLiteral("drift: ") + driftError.value(env.name);
        }
        arr.append(o);
        rows.push_back(std::move(row));
    }
    if (m_opt->json) {
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
    } else {
        printStatusTable(m_out, rows, withDrift, withRelease);
        if (anyProtected)
            m_out << "(* protected)\n";
        for (const QString &line : compareEnvironments(releases, positions))
            m_out << line << "\n";
    }
    m_out.flush();
    if (unreachable > 0)
        return Error(QStringLiteral("%1 environment(s) could not be read").arg(unreachable));
    return {};
}

Status Cli::cmdLog(const CommandArgs &args)
{
    const bool verbose = args.flag("-v");
    if (!args.operands().isEmpty())
        return usageError(QStringLiteral("log"));
    const QString limitText = args.value("-n");
    bool okNumber = true;
    const int limit = limitText.isEmpty() ? 0 : limitText.toInt(&okNumber);
    if (!okNumber || limit < 0)
        return Error(QStringLiteral("--limit takes a number"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    bool lockHeld = false;
    auto rows = readHistory(**env, m_ws->project().versionTableName(), secretsFor(**env), limit,
                            verbose, &lockHeld);
    if (!rows)
        return rows.error();
    if (m_opt->json) {
        QJsonArray arr;
        for (const AuditEntry &e : *rows)
            arr.append(auditJson(e, verbose));
        QJsonObject out;
        out[QStringLiteral("environment")] = (*env)->name;
        out[QStringLiteral("locked")] = lockHeld;
        out[QStringLiteral("entries")] = arr;
        m_out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        return {};
    }
    if (rows->empty()) {
        m_out << "No audit trail on " << (*env)->name << " (no run by Retort recorded here yet)\n";
        return {};
    }
    if (lockHeld)
        m_out << "A run is in progress on " << (*env)->name << " (the run lock is held)\n";
    for (const AuditEntry &e : *rows) {
        m_out << e.describe();
        // A triage row's point is its note (the reason accepted, the drift reverted).
        if (!verbose && isDriftTriageEntry(e) && !e.note.isEmpty())
            m_out << " — " << e.note;
        m_out << "\n";
        if (verbose)
            printAuditDetails(m_out, e);
    }
    return {};
}

} // namespace retort
