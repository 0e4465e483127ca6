// retort-cli diff A B: the differences between two schemas (schema/SchemaDiff.h), each read from
// an environment, a snapshot file or the revisions that produce it (replayed into a scratch
// database, workflows/ExpectedSchema.h). Formatting only.

#include "Cli.h"
#include "CliOptions.h"

#include "project/Workspace.h"
#include "safety/Backup.h"
#include "safety/ProtectedRun.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaJson.h"
#include "workflows/DriftTriage.h"
#include "workflows/ExpectedSchema.h"
#include "workflows/MigrationEffect.h"
#include "workflows/SchemaDrift.h"
#include "workflows/SchemaInspection.h"
#include "workflows/SchemaSource.h"

#include <QDir>
#include <QJsonDocument>

#include <algorithm>

#include <unistd.h>

namespace retort {

ExpectedSchemaOptions Cli::replayOptions(const QString &driver)
{
    const Environment *scratch = m_ws->project().scratchEnvironment();
    return schemaReplayOptions(m_ws->project(), driver,
                               scratch && driver != u"sqlite" ? secretsFor(*scratch)
                                                              : ConnectionSecrets{});
}

Result<SchemaSnapshot> Cli::replaySchema(const QStringList &targets, const QString &driver)
{
    if (!m_ws)
        if (auto st = loadWorkspace(false); !st)
            return st.error();
    const ExpectedSchemaOptions options = replayOptions(driver);
    Result<SchemaSnapshot> snapshot = expectedSchema(*m_ws, targets, driver, options);
    if (!snapshot && options.scratch)
        return withAdvice(options.scratch->environment, snapshot.error()).error();
    return snapshot;
}

Result<SchemaSnapshot> Cli::resolveSchemaSource(const QString &spec, const QString &driver)
{
    Result<SchemaSource> source = parseSchemaSource(spec);
    if (!source)
        return source.error();
    if (source->kind == SchemaSource::Kind::File) // no project needed
        return readSnapshotSource(*source);
    if (!m_ws)
        if (auto st = loadWorkspace(false); !st)
            return st.error();
    switch (source->kind) {
    case SchemaSource::Kind::Revisions: {
        // @REV, @heads, @a,b: the schema upgrading an empty database to them produces, for the
        // driver of the other side (or of --env / the default environment).
        QString replayDriver = driver;
        if (replayDriver.isEmpty()) {
            auto env = environment();
            if (!env)
                return env.error();
            replayDriver = (*env)->driver;
        }
        return replaySchema(source->targets, replayDriver);
    }
    case SchemaSource::Kind::File:
    case SchemaSource::Kind::Environment:
        break;
    }
    auto env = m_ws->environment(source->name);
    if (!env) // readSchemaSource words it
        return readSchemaSource(*m_ws, *source, driver, {}, {});
    Result<SchemaSnapshot> snapshot =
        readSchemaSource(*m_ws, *source, driver, secretsFor(**env), {});
    if (!snapshot)
        return withAdvice(**env, snapshot.error()).error();
    return snapshot;
}

Result<SchemaDriftReport> Cli::schemaDriftOf(const Environment &env, SchemaDriftStep *step)
{
    const ExpectedSchemaOptions options = replayOptions(env.driver);
    SchemaDriftStep failedAt = SchemaDriftStep::Rows;
    Result<SchemaDriftReport> report =
        retort::checkSchemaDrift(*m_ws, env, secretsFor(env), options, nullptr, &failedAt);
    if (step)
        *step = failedAt;
    if (report)
        return report;
    if (failedAt == SchemaDriftStep::Expected && options.scratch)
        return withAdvice(options.scratch->environment, report.error()).error();
    if (failedAt == SchemaDriftStep::Expected)
        return report;
    return withAdvice(env, report.error()).error();
}

Status Cli::checkSchemaDrift(const Environment &env, const CommandArgs &args)
{
    if (!args.values("--accept").isEmpty())
        return acceptSchemaDrift(env, args.value("--accept"));
    if (args.flag("--revert"))
        return revertSchemaDrift(env, args.flag("--sql"), args.flag("--force"));
    Result<SchemaDriftReport> report = schemaDriftOf(env);
    if (!report)
        return report.error();
    const QString rows =
        report->rows.isEmpty() ? QStringLiteral("none") : report->rows.join(QStringLiteral(", "));
    const SchemaDiff &diff = report->diff;
    if (diff.empty()) {
        if (!m_opt->json)
            m_out << "OK: " << env.name << ": the schema is what its revisions (" << rows
                  << ") produce\n";
        return {};
    }
    if (m_opt->json)
        m_out << QJsonDocument(diff.toJson()).toJson(QJsonDocument::Indented);
    else
        m_out << diff.toText();
    if (report->acceptedDrift()) {
        // Known and accepted: an answer, not a failure, until the schema changes again.
        if (!m_opt->json)
            m_out << "OK: " << env.name << ": drift " << driftSummary(*report) << ": "
                  << driftSummary(diff) << " from what its revisions (" << rows
                  << ") produce; accepted by " << report->accepted->operatorName << " on "
                  << report->accepted->at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                  << " UTC\n";
        return {};
    }
    return Error(QStringLiteral("%1: the schema drifted from what its revisions (%2) produce: %3 "
                                "difference(s) (left: expected, right: live)")
                     .arg(env.name, rows)
                     .arg(diff.changes.size()));
}

Status Cli::confirmProtectedWrite(const Environment &env, const QString &what)
{
    if (!env.isProtected)
        return {};
    if (!m_opt->confirm.isEmpty()) {
        if (m_opt->confirm == env.name)
            return {};
        return Error(QStringLiteral("--confirm %1 does not name the environment this changes "
                                    "(%2); nothing was written")
                         .arg(m_opt->confirm, env.name))
            .as(ErrorKind::Refused);
    }
    if (!isatty(STDIN_FILENO))
        return Error(QStringLiteral("%1 is a protected environment: pass --confirm %1 to %2 from "
                                    "a script; nothing was written")
                         .arg(env.name, what))
            .as(ErrorKind::Refused);
    m_err << env.name << " is a protected environment. You are about to " << what
          << ".\nType the environment's name to confirm: ";
    m_err.flush();
    QTextStream in(stdin);
    if (in.readLine().trimmed() != env.name)
        return Error(QStringLiteral("not confirmed; nothing was written to %1").arg(env.name))
            .as(ErrorKind::Refused);
    return {};
}

Status Cli::acceptSchemaDrift(const Environment &env, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return Error(QStringLiteral("--accept needs a reason: it is recorded in the audit trail"))
            .as(ErrorKind::Refused);
    if (auto st = confirmProtectedWrite(
            env, QStringLiteral("accept its schema drift (recorded in its audit trail)"));
        !st)
        return st;
    Result<SchemaDriftReport> report =
        acceptDrift(*m_ws, env, secretsFor(env), replayOptions(env.driver), reason);
    if (!report)
        return withAdvice(env, report.error());
    if (m_opt->json)
        m_out << QJsonDocument(report->diff.toJson()).toJson(QJsonDocument::Indented);
    else
        m_out << report->diff.toText() << "Accepted: " << env.name << ": "
              << driftSummary(report->diff) << ", recorded in the audit trail (#"
              << report->accepted->auditId << ", fingerprint " << report->fingerprint.left(12)
              << "): " << report->accepted->reason << "\n";
    return {};
}

namespace {

// Prints what the revert's run session reports: the runner's lines, the lock wait, the backup.
class RevertPrinter final : public RunObserver {
public:
    RevertPrinter(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}
    void lockWaiting(const LockHolder &holder, qint64 elapsedMs) override
    {
        if (elapsedMs - m_lastReport < 5000 && m_lastReport >= 0)
            return;
        m_lastReport = elapsedMs;
        m_err << "waiting for the run lock (" << elapsedMs / 1000 << " s): held by "
              << holder.describe() << "\n";
        m_err.flush();
    }
    void backingUp(const Environment &env) override
    {
        m_err << "Backing up " << env.name << " ...\n";
        m_err.flush();
    }
    void backedUp(const BackupInfo &backup) override
    {
        m_err << "Backup: " << backup.path << "\n  restore with: " << backup.restoreCommand << "\n";
        m_err.flush();
    }
    void message(const QString &line) override
    {
        (line.startsWith(QLatin1String("warning:")) ? m_err : m_out) << line << "\n";
        m_out.flush();
        m_err.flush();
    }

private:
    QTextStream &m_out;
    QTextStream &m_err;
    qint64 m_lastReport = -1;
};

} // namespace

Status Cli::revertSchemaDrift(const Environment &env, bool sqlOnly, bool force)
{
    Result<SchemaDriftReport> report = schemaDriftOf(env);
    if (!report)
        return report.error();
    if (!report->drifted()) {
        m_out << "OK: " << env.name << ": no drift to revert\n";
        return {};
    }
    const DriftRevert revert =
        planDriftRevert(*report, env.driver, m_ws->project().versionTableName().name);
    // The plan, as a dry run shows it: the differences, then the SQL that undoes them.
    m_out << "-- Revert the schema drift of " << env.name << " (" << driftSummary(report->diff)
          << "; version rows unchanged):\n";
    for (const SchemaChange &c : report->diff.changes)
        m_out << "--   " << c.summary << "\n";
    m_out << revert.script.text() << (revert.script.empty() ? "" : "\n");
    m_out.flush();
    for (const QString &note : revert.script.reviews)
        m_err << "REVIEW: " << note << "\n";
    m_err.flush();
    if (sqlOnly)
        return {};
    if (auto st = driftRevertRunnable(revert, force); !st) {
        Error e = st.error();
        if (revert.needsReview() && revert.hasStatements() && !force)
            e.message += QStringLiteral("; read them, then pass --force to run it as it is (or "
                                        "--sql to print it for editing)");
        e.message =
            env.name + QStringLiteral(": ") + e.message + QStringLiteral("; nothing was run");
        return e;
    }
    if (auto st = checkConfirmation(env, revert.plan); !st)
        return st;
    RunRequest request = driftRevertRequest(m_ws, env, secretsFor(env), revert);
    request.lockTimeoutMs = m_opt->lockTimeoutS * 1000;
    request.protection.takeBackup = !m_opt->noBackup;
    request.protection.backupFolder = m_opt->backupDir.isEmpty()
                                          ? defaultBackupFolder(m_ws->project(), env)
                                          : QDir(m_opt->backupDir).absolutePath();
    if (env.isProtected) {
        auto note = protectedPreflight(env, revert.plan, request.protection);
        if (!note)
            return note.error();
        if (!note->isEmpty())
            request.auditNote += QStringLiteral("; ") + *note;
    }
    if (auto st = askConfirmation(env, revert.plan); !st)
        return st;
    RevertPrinter printer(m_out, m_err);
    RunSession session(std::move(request));
    if (Status st = withAdvice(env, session.run(printer).status); !st)
        return st;
    // Checked again: the revert is done only when the difference is gone.
    Result<SchemaDriftReport> after = schemaDriftOf(env);
    if (!after)
        return after.error();
    if (after->drifted()) {
        m_out << after->diff.toText();
        return Error(QStringLiteral("%1: the revert ran, but the schema still differs from what "
                                    "its revisions produce: %2")
                         .arg(env.name, driftSummary(after->diff)));
    }
    m_out << "OK: " << env.name << ": drift reverted; the schema is what its revisions produce\n";
    return {};
}

Status Cli::showEffect(const QString &revision, const QString &driver)
{
    Result<MigrationEffect> effect =
        migrationEffect(*m_ws, revision, driver, replayOptions(driver));
    if (!effect)
        return effect.error();
    m_out << "Effect on an empty " << driver << " database (replayed):\n";
    m_out << (effect->upgrade.empty() ? QStringLiteral("  no schema change\n")
                                      : effect->upgrade.toText());
    if (effect->downgradeRestores())
        m_out << "Downgrade restores the schema exactly: yes\n";
    else
        m_out << "Downgrade restores the schema exactly: no; it leaves "
              << effect->leftover.changes.size() << " difference(s):\n"
              << effect->leftover.toText();
    return {};
}

Status Cli::checkRoundTrip(const QString &driver)
{
    const RevisionGraph &g = m_ws->graph();
    QStringList failing;
    int checked = 0;
    // Oldest first: a revision's "before" is its parents' "after", already replayed (cached).
    std::vector<int> order(size_t(g.size()));
    for (int i = 0; i < g.size(); ++i)
        order[size_t(i)] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return g.at(a).level < g.at(b).level; });
    for (int i : order) {
        const QString id = g.at(i).id;
        Result<MigrationEffect> effect = migrationEffect(*m_ws, id, driver, replayOptions(driver));
        ++checked;
        if (!effect) {
            failing << QStringLiteral("%1: %2").arg(id, effect.error().toString());
            continue;
        }
        if (!effect->downgradeRestores()) {
            QStringList what;
            for (const SchemaChange &c : effect->leftover.changes)
                what << c.summary;
            failing << QStringLiteral(
                           "%1: after its upgrade and downgrade the schema still differs: %2")
                           .arg(id, what.join(QStringLiteral("; ")));
        }
    }
    if (failing.isEmpty()) {
        m_out << "OK: every downgrade of the " << checked << " revision(s) restores the " << driver
              << " schema its upgrade started from\n";
        return {};
    }
    return Error(QStringLiteral("%1 of %2 revision(s) do not round-trip on %3:\n  %4")
                     .arg(failing.size())
                     .arg(checked)
                     .arg(driver, failing.join(QStringLiteral("\n  "))));
}

Status Cli::cmdDiff(const CommandArgs &args)
{
    const QStringList sources = args.operands();
    if (sources.size() != 2)
        return Error(QStringLiteral("diff takes two schemas, A and B (an environment, a "
                                    "snapshot file or @REV); got %1")
                         .arg(sources.size()));
    // A replayed side (@REV) takes the other side's driver: read that one first.
    const bool replayFirst = sources[0].startsWith(u'@') && !sources[1].startsWith(u'@');
    Result<SchemaSnapshot> b =
        replayFirst ? resolveSchemaSource(sources[1]) : Result<SchemaSnapshot>(SchemaSnapshot());
    if (!b)
        return b.error();
    Result<SchemaSnapshot> a = resolveSchemaSource(sources[0], replayFirst ? b->driver : QString());
    if (!a)
        return a.error();
    if (!replayFirst)
        b = resolveSchemaSource(sources[1], a->driver);
    if (!b)
        return b.error();
    if (!a->driver.isEmpty() && !b->driver.isEmpty() && a->driver != b->driver)
        m_err << "WARNING: comparing a " << a->driver << " schema with a " << b->driver
              << " one: types and expressions are spelled differently\n";
    DiffOptions options;
    options.owners = args.flag("--owners");
    if (m_ws) // the project's own version table, when it has another name
        options.ignoreTables.append(m_ws->project().versionTableName().name);
    const SchemaDiff diff = diffSchemas(*a, *b, options);
    if (m_opt->json)
        m_out << QJsonDocument(diff.toJson()).toJson(QJsonDocument::Indented);
    else if (diff.empty())
        m_out << "No differences.\n";
    else
        m_out << diff.toText()
              << QStringLiteral("%1 difference%2.\n")
                     .arg(diff.changes.size())
                     .arg(diff.changes.size() == 1 ? QString() : QStringLiteral("s"));
    m_exitCode = diff.empty() ? 0 : 1;
    return {};
}

} // namespace retort
