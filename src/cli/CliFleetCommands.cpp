// retort-cli over a fleet: `status` and `upgrade` / `downgrade` with --env GLOB or @GROUP. The
// environments are checked and run at most --jobs at once (release/Fleet.h); a rollout runs each
// target through the normal run path (RunSession: its own lock, audit rows and protected backup).
#include "Cli.h"

#include "CliOptions.h"
#include "project/Workspace.h"
#include "release/Fleet.h"
#include "safety/Backup.h"
#include "safety/ProtectedRun.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace retort {

namespace {

// Ctrl+C during a rollout: the first stops scheduling (running targets finish their steps), a
// second one cancels the running sessions too. The handler only stores atomics.
std::atomic<FleetRollout *> g_rollout{nullptr};
std::atomic<int> g_interrupts{0};

extern "C" void onFleetInterrupt(int)
{
    g_interrupts.fetch_add(1);
    if (FleetRollout *r = g_rollout.load())
        r->stopScheduling();
}

// Installs onFleetInterrupt for the lifetime of a rollout, then puts the previous one back.
class InterruptGuard final {
public:
    explicit InterruptGuard(FleetRollout &rollout)
    {
        g_interrupts.store(0);
        g_rollout.store(&rollout);
        struct sigaction sa = {};
        sa.sa_handler = onFleetInterrupt;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &m_previous);
    }
    ~InterruptGuard()
    {
        sigaction(SIGINT, &m_previous, nullptr);
        g_rollout.store(nullptr);
    }
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

private:
    struct sigaction m_previous = {};
};

Result<int> countOption(const CommandArgs &args, const char *key, int fallback, int minimum)
{
    const QString text = args.value(key);
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < minimum)
        return Error(QStringLiteral("%1 takes a number of at least %2")
                         .arg(QLatin1String(key))
                         .arg(minimum));
    return n;
}

QString shortIds(const QStringList &ids)
{
    QStringList out;
    for (const QString &id : ids)
        out.append(id.left(12));
    return out.isEmpty() ? QStringLiteral("<base>") : out.join(QStringLiteral(", "));
}

QString stateText(const EnvironmentState &s)
{
    switch (s.reach) {
    case EnvironmentState::Reach::Unknown:
        return QStringLiteral("not checked");
    case EnvironmentState::Reach::Unreachable:
        return QStringLiteral("unreachable: ") + s.error.section(QLatin1Char('\n'), 0, 0);
    case EnvironmentState::Reach::Reached:
        break;
    }
    if (!s.error.isEmpty())
        return QStringLiteral("error: ") + s.error;
    return s.atHeads ? QStringLiteral("at heads") : QStringLiteral("behind");
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
}

// Rows of cells as aligned columns (the last one unpadded).
void printTable(QTextStream &out, const std::vector<QStringList> &rows)
{
    std::vector<qsizetype> widths;
    for (const QStringList &r : rows)
        for (qsizetype c = 0; c < r.size(); ++c) {
            if (size_t(c) >= widths.size())
                widths.push_back(0);
            widths[size_t(c)] = std::max(widths[size_t(c)], r[c].size());
        }
    for (const QStringList &r : rows) {
        QString line;
        for (qsizetype c = 0; c < r.size(); ++c)
            line += c + 1 < r.size() ? r[c].leftJustified(widths[size_t(c)] + 2) : r[c];
        out << line.trimmed() << "\n";
    }
}

// Progress lines of a rollout, from the targets' threads.
class FleetPrinter final : public FleetObserver {
public:
    explicit FleetPrinter(QTextStream &out) : m_out(out) {}
    void targetStarted(const QString &env, int steps, bool canary) override
    {
        say(QStringLiteral("[%1] started%2: %3 step(s)")
                .arg(env, canary ? QStringLiteral(" (canary)") : QString())
                .arg(steps));
    }
    void stepStarted(const QString &env, int step, int count, const PlanStep &planStep) override
    {
        // `step` counts from 1 (Migrator's signals).
        say(QStringLiteral("[%1] step %2/%3: %4 %5")
                .arg(env)
                .arg(step)
                .arg(count)
                .arg(planStep.revision, planStep.message)
                .trimmed());
    }
    void targetFinished(const FleetTargetResult &r) override
    {
        QString line = QStringLiteral("[%1] %2 after %3 (%4 of %5 step(s))")
                           .arg(r.environment, fleetOutcomeName(r.outcome), seconds(r.elapsedMs))
                           .arg(r.stepsRun)
                           .arg(r.steps);
        if (r.outcome != FleetOutcome::Ok)
            line += QStringLiteral(": ") + r.reason.section(QLatin1Char('\n'), 0, 0);
        say(line);
    }

private:
    void say(const QString &line)
    {
        QMutexLocker lock(&m_mutex);
        m_out << line << "\n";
        m_out.flush();
    }
    QTextStream &m_out;
    QMutex m_mutex;
};

QJsonObject resultJson(const FleetTargetResult &r)
{
    QJsonObject o;
    o[QStringLiteral("environment")] = r.environment;
    o[QStringLiteral("outcome")] = fleetOutcomeName(r.outcome);
    o[QStringLiteral("canary")] = r.canary;
    o[QStringLiteral("steps")] = r.steps;
    o[QStringLiteral("stepsRun")] = r.stepsRun;
    o[QStringLiteral("elapsedMs")] = r.elapsedMs;
    o[QStringLiteral("reason")] = r.reason.isEmpty() ? QJsonValue() : QJsonValue(r.reason);
    o[QStringLiteral("revision")] = r.revision.isEmpty() ? QJsonValue() : QJsonValue(r.revision);
    o[QStringLiteral("statement")] = r.statement.isEmpty() ? QJsonValue() : QJsonValue(r.statement);
    return o;
}

} // namespace

bool Cli::isFleetSelector(const QString &selector)
{
    return selector.startsWith(QLatin1Char('@')) || selector.contains(QLatin1Char('*')) ||
           selector.contains(QLatin1Char('?')) || selector.contains(QLatin1Char('['));
}

Result<std::vector<Environment>> Cli::fleetTargets() const
{
    auto selected = m_ws->project().selectEnvironments(m_opt->env);
    if (!selected)
        return selected.error();
    std::vector<Environment> targets;
    for (const Environment *env : *selected)
        targets.push_back(*env);
    std::sort(targets.begin(), targets.end(),
              [](const Environment &a, const Environment &b) { return a.name < b.name; });
    return targets;
}

Status Cli::fleetStatus(const CommandArgs &args)
{
    if (args.flag("--drift"))
        return Error(QStringLiteral("status --drift takes no --env; it checks every environment"));
    auto jobs = countOption(args, "--jobs", 8, 1);
    if (!jobs)
        return jobs.error();
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto targets = fleetTargets();
    if (!targets)
        return targets.error();
    QHash<QString, ConnectionSecrets> secrets;
    for (const Environment &env : *targets)
        secrets.insert(env.name, secretsFor(env));
    noteIfIncomplete();
    const std::atomic<bool> never{false};
    const std::vector<EnvironmentState> states = checkFleet(*m_ws, *targets, secrets, *jobs, never);
    int unreachable = 0;
    if (m_opt->json) {
        QJsonArray arr;
        for (const EnvironmentState &s : states) {
            QJsonObject o;
            o[QStringLiteral("environment")] = s.environment;
            o[QStringLiteral("reachable")] = s.reach == EnvironmentState::Reach::Reached;
            o[QStringLiteral("rows")] = QJsonArray::fromStringList(s.rows);
            o[QStringLiteral("current")] = QJsonArray::fromStringList(s.current);
            o[QStringLiteral("pending")] = s.pending;
            o[QStringLiteral("atHeads")] = s.atHeads;
            o[QStringLiteral("error")] = s.error.isEmpty() ? QJsonValue() : QJsonValue(s.error);
            arr.append(o);
        }
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
    }
    std::vector<QStringList> rows{{QStringLiteral("ENVIRONMENT"), QStringLiteral("CURRENT"),
                                   QStringLiteral("PENDING"), QStringLiteral("STATE")}};
    for (const EnvironmentState &s : states) {
        const bool reached = s.reach == EnvironmentState::Reach::Reached;
        unreachable += reached ? 0 : 1;
        rows.push_back(
            {s.environment, reached ? shortIds(s.current) : QStringLiteral("-"),
             reached && s.error.isEmpty() ? QString::number(s.pending) : QStringLiteral("-"),
             stateText(s)});
    }
    if (!m_opt->json) {
        printTable(m_out, rows);
        m_out << fleetSummary(states) << "\n";
    }
    m_out.flush();
    if (unreachable > 0)
        return Error(QStringLiteral("%1 of %2 environment(s) could not be read")
                         .arg(unreachable)
                         .arg(states.size()));
    return {};
}

Status Cli::fleetRollout(const CommandArgs &args, bool upgrade)
{
    const QString command = upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
    if (args.operands().size() != 1)
        return usageError(command);
    if (args.flag("--sql"))
        return Error(QStringLiteral("--sql prints one environment's plan: give --env one "
                                    "environment, not %1")
                         .arg(m_opt->env));
    const QString target = args.operands().front();
    if (target.contains(QLatin1Char(':')))
        return Error(QStringLiteral("Range revision not allowed"));
    FleetRolloutOptions options;
    auto jobs = countOption(args, "--jobs", 8, 1);
    if (!jobs)
        return jobs.error();
    auto canary = countOption(args, "--canary", 0, 0);
    if (!canary)
        return canary.error();
    options.jobs = *jobs;
    options.canary = *canary;
    options.continueOnError = args.flag("--continue-on-error");
    if (auto st = loadWorkspace(true); !st)
        return st;
    auto targets = fleetTargets();
    if (!targets)
        return targets.error();
    QHash<QString, ConnectionSecrets> secrets;
    for (const Environment &env : *targets)
        secrets.insert(env.name, secretsFor(env));

    // Where each target is (in parallel), then its plan.
    const std::atomic<bool> never{false};
    const std::vector<EnvironmentState> states = checkFleet(*m_ws, *targets, secrets, *jobs, never);
    PlanRequest request;
    request.action = upgrade ? MigrationAction::Upgrade : MigrationAction::Downgrade;
    request.alembicProgram = args.value("--alembic");
    request.targets = QStringList{target};
    std::vector<FleetTarget> fleet;
    std::vector<std::optional<Plan>> plans;
    QStringList protectedTargets;
    for (size_t i = 0; i < targets->size(); ++i) {
        const Environment &env = (*targets)[i];
        const EnvironmentState &s = states[i];
        FleetTarget t;
        t.request.workspace = m_ws;
        t.request.environment = env;
        t.request.secrets = secrets.value(env.name);
        t.request.lockTimeoutMs = m_opt->lockTimeoutS * 1000;
        t.request.protection.takeBackup = !m_opt->noBackup;
        t.request.protection.backupFolder =
            m_opt->backupDir.isEmpty()
                ? defaultBackupFolder(m_ws->project(), env)
                : QDir(m_opt->backupDir).filePath(env.name); // one folder per target
        if (s.reach != EnvironmentState::Reach::Reached) {
            t.planError = Error(QStringLiteral("unreachable: ") + s.error);
            plans.emplace_back();
        } else if (auto planned = makePlan(*m_ws, env.driver, s.rows, request); !planned) {
            t.planError = planned.error();
            plans.emplace_back();
        } else {
            t.request.plan = planned->plan;
            if (isReplannable(request) && !env.isProtected)
                t.request.replan = request;
            if (env.isProtected && !planned->plan.steps.empty())
                protectedTargets.append(env.name);
            plans.emplace_back(planned->plan);
        }
        fleet.push_back(std::move(t));
    }
    for (const FleetPlanGroup &g : groupPlans(states, plans, target))
        m_err << "Plan: " << g.describe() << "\n";
    m_err.flush();

    // Protected targets: one confirmation naming the selection, and each one's pre-flight.
    if (!protectedTargets.isEmpty()) {
        const QString selector = m_opt->env;
        const QString list = protectedTargets.join(QStringLiteral(", "));
        if (!m_opt->confirm.isEmpty() && m_opt->confirm != selector)
            return Error(QStringLiteral("--confirm %1 does not name the selection this rollout "
                                        "changes (%2, with protected %3); nothing was run")
                             .arg(m_opt->confirm, selector, list))
                .as(ErrorKind::Refused);
        if (m_opt->confirm.isEmpty() && !isatty(STDIN_FILENO))
            return Error(QStringLiteral("%1 includes protected environments (%2): pass --confirm "
                                        "%1 to run this rollout from a script; nothing was run")
                             .arg(selector, list))
                .as(ErrorKind::Refused);
        // Each protected target: its plan's lint (errors refused unless --allow names their
        // rules, as for one environment), then its pre-flight.
        QStringList refused;
        for (FleetTarget &t : fleet) {
            if (!protectedTargets.contains(t.request.environment.name))
                continue;
            auto lintNote = lintBeforeRun(t.request.environment, t.request.plan, true);
            if (!lintNote) {
                refused.append(lintNote.error().message);
                continue;
            }
            auto note =
                protectedPreflight(t.request.environment, t.request.plan, t.request.protection);
            if (!note) {
                refused.append(note.error().message);
                continue;
            }
            QStringList parts{*note, *lintNote};
            parts.removeAll(QString());
            t.request.auditNote = parts.join(QStringLiteral("; "));
        }
        if (!refused.isEmpty())
            return Error(refused.join(QStringLiteral("\n"))).as(ErrorKind::Refused);
        if (m_opt->confirm.isEmpty()) {
            m_err << selector << " includes protected environments (" << list << ").\nType "
                  << selector << " to confirm the rollout: ";
            m_err.flush();
            QTextStream in(stdin);
            if (in.readLine().trimmed() != selector)
                return Error(QStringLiteral("not confirmed; nothing was run on %1").arg(selector))
                    .as(ErrorKind::Refused);
        }
    }

    FleetRollout rollout(std::move(fleet), options);
    FleetPrinter printer(m_opt->json ? m_err : m_out); // --json: stdout holds the JSON only
    std::vector<FleetTargetResult> results;
    {
        InterruptGuard guard(rollout);
        bool announced = false;
        results = rollout.run(printer, [&] {
            const int n = g_interrupts.load();
            if (n >= 1 && !announced) {
                announced = true;
                m_err << "Interrupted: no new target starts; running steps finish (Ctrl+C again "
                         "cancels them)\n";
                m_err.flush();
            }
            if (n >= 2)
                rollout.cancel();
        });
    }

    int failed = 0, ok = 0, skipped = 0, cancelled = 0;
    for (const FleetTargetResult &r : results) {
        failed += r.outcome == FleetOutcome::Failed ? 1 : 0;
        ok += r.outcome == FleetOutcome::Ok ? 1 : 0;
        skipped += r.outcome == FleetOutcome::Skipped ? 1 : 0;
        cancelled += r.outcome == FleetOutcome::Cancelled ? 1 : 0;
    }
    if (m_opt->json) {
        QJsonArray arr;
        for (const FleetTargetResult &r : results)
            arr.append(resultJson(r));
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
    } else {
        std::vector<QStringList> rows{{QStringLiteral("ENVIRONMENT"), QStringLiteral("OUTCOME"),
                                       QStringLiteral("STEPS"), QStringLiteral("ELAPSED"),
                                       QStringLiteral("DETAIL")}};
        for (const FleetTargetResult &r : results) {
            QString detail = r.reason.section(QLatin1Char('\n'), 0, 0);
            if (!r.statement.isEmpty())
                detail +=
                    QStringLiteral(" [statement: %1]").arg(r.statement.simplified().left(120));
            rows.push_back({r.environment + (r.canary ? QStringLiteral(" (canary)") : QString()),
                            fleetOutcomeName(r.outcome),
                            QStringLiteral("%1/%2").arg(r.stepsRun).arg(r.steps),
                            seconds(r.elapsedMs), detail});
        }
        printTable(m_out, rows);
        m_out << QStringLiteral("%1 ok, %2 failed, %3 skipped, %4 cancelled")
                     .arg(ok)
                     .arg(failed)
                     .arg(skipped)
                     .arg(cancelled)
              << "\n";
    }
    m_out.flush();
    if (failed > 0 || cancelled > 0 || skipped > 0)
        return Error(QStringLiteral("%1 of %2 target(s) failed, %3 skipped, %4 cancelled")
                         .arg(failed)
                         .arg(results.size())
                         .arg(skipped)
                         .arg(cancelled));
    return {};
}

} // namespace retort
