#pragma once

#include "base/Error.h"
#include "db/Connection.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <vector>

namespace retort {

class CommandArgs;
class Workspace;

struct CliOptions;
struct ProjectAtRef;
struct Environment;
struct Plan;
struct PlanRequest;
struct ProtectedRunPolicy;
struct SchemaSnapshot;
struct ExpectedSchemaOptions;
struct SchemaDriftReport;
struct RevisionDraft;
struct RenderedRevisionSql;
struct LintFinding;
struct LintReport;
enum class SchemaDriftStep;

// retort-cli: parses the command line and runs one command. Output mirrors Alembic's line
// formats; errors print "FAILED: <message>" and give a non-zero exit code. The syntax (commands,
// options, usage text) is the table of CliOptions.h; the commands live in one file per group:
// CliReadCommands.cpp, CliProjectCommands.cpp, CliRunCommands.cpp, CliSecrets.cpp.
//
// Threading: one Cli runs on the thread of a QCoreApplication (status, the keychain and runs wait
// with local event loops). One instance runs one command line: make a new one per run().
class Cli final {
public:
    Cli(QTextStream &out, QTextStream &err);
    ~Cli();
    // `args` without the program name. Returns the process exit code: 0 done, 1 the command
    // failed, 2 the command line itself is wrong, 3 (kExitIncomplete) the project is incomplete
    // (scripts unreadable or left out of the graph): a read command (heads, history, current,
    // branches, status) printed what it could and said so on stderr, so that a script never takes
    // a partial answer for a whole one. A failure (1) wins over 3.
    int run(const QStringList &args);
    static constexpr int kExitIncomplete = 3;

private:
    Status dispatch(const QString &command, QStringList args);

    // CliProjectCommands.cpp
    Status cmdInit(const CommandArgs &args);
    Status cmdRevision(const CommandArgs &args, bool merge);
    // The draft `revision` / `merge` describe (-m, --head or the operands, --rev-id, ...).
    Result<RevisionDraft> revisionDraft(const CommandArgs &args, bool merge);
    // CliAutogenerate.cpp: revision --autogenerate, native (Retort's SQL from a schema diff) and
    // Alembic (the project's own `alembic revision --autogenerate` against --env).
    Status autogenerate(const CommandArgs &args);
    Status alembicAutogenerate(const CommandArgs &args);
    // convert --out DIR [--alembic PATH] [--driver D]: an Alembic project as a native one.
    Status cmdConvert(const CommandArgs &args);

    // CliRunCommands.cpp
    Status cmdUpgradeDowngrade(const CommandArgs &args, bool upgrade);
    Status cmdStamp(const CommandArgs &args);
    Status cmdBackup(const CommandArgs &args);

    // CliReadCommands.cpp
    Status cmdCurrent(const CommandArgs &args);
    Status cmdHistory(const CommandArgs &args);
    Status cmdHeads(const CommandArgs &args);
    Status cmdBranches(const CommandArgs &args);
    Status cmdShow(const CommandArgs &args);
    Status cmdCheck(const CommandArgs &args);
    Status cmdStatus(const CommandArgs &args);
    Status cmdLog(const CommandArgs &args);

    // CliSchemaCommands.cpp
    Status cmdSchema(const CommandArgs &args);
    // CliSchemaMigrations.cpp: schema NAME --migrations, offline (the environment's driver only).
    Status cmdSchemaMigrations(const CommandArgs &args);

    // CliDiffCommands.cpp: diff A B; exit 0 equal, 1 different (m_exitCode), 2 error.
    Status cmdDiff(const CommandArgs &args);
    // A schema to compare: an environment's name, a snapshot file (*.json, either form of
    // schema/SchemaJson.h), or "@REV" / "@heads" (the schema those revisions produce).
    // `driver`: for @REV, the dialect to replay in (empty: --env's or the default environment's).
    Result<SchemaSnapshot> resolveSchemaSource(const QString &source, const QString &driver = {});
    // The schema upgrading an empty `driver` database to `targets` produces (a scratch replay on
    // SQLite, or on the project's scratch server).
    Result<SchemaSnapshot> replaySchema(const QStringList &targets, const QString &driver);
    // check --drift: the live schema of `env` against what its version rows should give; with
    // --accept REASON or --revert [--sql] [--force], the triage (workflows/DriftTriage.h).
    Status checkSchemaDrift(const Environment &env, const CommandArgs &args);
    // check --drift --accept REASON: the acceptance recorded, the drift printed.
    Status acceptSchemaDrift(const Environment &env, const QString &reason);
    // check --drift --revert: the revert SQL printed (with its REVIEW notes); unless `sqlOnly`,
    // run as a plan (the protected checks and confirmation of runConfirmed) and checked again.
    Status revertSchemaDrift(const Environment &env, bool sqlOnly, bool force);
    // A protected environment's confirmation for a write that is no plan (accepting drift):
    // --confirm NAME, or the name typed on a terminal; refused otherwise.
    Status confirmProtectedWrite(const Environment &env, const QString &what);
    // The drift report of `env` (workflows/SchemaDrift.h), its error with the CLI's advice.
    Result<SchemaDriftReport> schemaDriftOf(const Environment &env,
                                            SchemaDriftStep *failedAt = nullptr);
    // Where `driver` replays run: nothing for sqlite, else the project's scratch server.
    ExpectedSchemaOptions replayOptions(const QString &driver);
    // show REV --effect; check --roundtrip (every revision, oldest first).
    Status showEffect(const QString &revision, const QString &driver);
    Status checkRoundTrip(const QString &driver);

    // CliLintCommands.cpp: lint [RANGE] [--driver D] [--server-version V], offline (lint/Lint.h);
    // with --env E, E's pending plan (to heads, or to the one TARGET operand) with live facts
    // (workflows/LintLive.h).
    Status cmdLint(const CommandArgs &args);
    Status lintEnvironment(const CommandArgs &args, const Environment &env);
    // Findings as a compiler's lines ("file:line: level rule: message [live facts]"), paths
    // relative to the project.
    void printFindings(const std::vector<LintFinding> &findings, QTextStream &to) const;
    // "N error(s), N warning(s), N notice(s)".
    static QString findingCounts(const LintReport &report);
    // Before an upgrade or downgrade runs: the plan's findings on stderr (live when `live` and
    // the environment answers, offline otherwise). On a protected environment, errors not named
    // by --allow refuse the run; returns the audit note of those acknowledged ("" for none).
    Result<QString> lintBeforeRun(const Environment &env, const Plan &plan, bool live);
    // Alembic revisions' SQL for lint, rendered by the project's alembic (empty when it cannot).
    QHash<QString, RenderedRevisionSql> renderAlembic(const CommandArgs &args,
                                                      const QString &driver);

    // CliSecrets.cpp
    Status cmdPassword(const CommandArgs &args);
    // CliReportCommands.cpp: report --env ENV [--against ENV] [--target REV] [--format F] [-o
    // FILE].
    Status cmdReport(const CommandArgs &args);

    // CliFleetCommands.cpp: status / upgrade / downgrade with --env GLOB or @GROUP (release/
    // Fleet.h): --jobs N at once; a rollout's canaries, stop on failure, outcome table.
    static bool isFleetSelector(const QString &selector);
    Result<std::vector<Environment>> fleetTargets() const;
    Status fleetStatus(const CommandArgs &args);
    Status fleetRollout(const CommandArgs &args, bool upgrade);

    // Loads the project (--project DIR, else the nearest one upward) into m_ws. Its problems are
    // an error when `requireValidGraph`, else printed as warnings.
    Status loadWorkspace(bool requireValidGraph);
    // A read command's answer covers only the consistent part of an incomplete project: run()
    // says so and exits with kExitIncomplete. No-op on a complete project.
    void noteIfIncomplete();
    Result<const Environment *> environment() const;
    // The secrets `env` needs, in this order: RETORT_DB_PASSWORD / RETORT_SSH_PASSPHRASE, the OS
    // keychain, then (on a terminal, without echo) the user. Read once per environment. With
    // --accept-new-host-key, an SSH host not yet in known_hosts is added first.
    ConnectionSecrets secretsFor(const Environment &env) const;
    // Appends advice to a connection failure (how to give a password, trust a host key).
    Status withAdvice(const Environment &env, Status status) const;
    Result<QStringList> readRows(const Environment &env) const;
    // The version rows of the selected environment.
    Result<QStringList> currentRows() const;
    // Offline (--sql) mode: the rows a "FROM:" prefix stands for (comma-separated, or base).
    Result<QStringList> offlineStartRows(const QString &from) const;
    Status printOffline(const Environment &env, const Plan &plan);
    // A run that changes a protected environment needs --confirm NAME, or the name typed on a
    // terminal. checkConfirmation() refuses at once what can never be confirmed (a wrong
    // --confirm, no terminal); askConfirmation() asks on the terminal, after the checks.
    Status checkConfirmation(const Environment &env, const Plan &plan) const;
    Status askConfirmation(const Environment &env, const Plan &plan);
    // makePlan for `request` from `rows`; prints it (--sql) or runs it (runConfirmed).
    Status planAndRun(const Environment &env, const QStringList &rows, const PlanRequest &request,
                      bool sql);
    // The one run path (workflows/RunSession.h, in the order of safety/ProtectedRun.h):
    // confirmation arguments, the protected checks, the typed confirmation, then the session —
    // lock, re-plan of an absolute target, the protected backup, the steps — printed as it goes.
    // `lintNote`: acknowledged lint errors (lintBeforeRun), appended to the audit note.
    Status runConfirmed(const Environment &env, const Plan &plan, const PlanRequest &request,
                        const QString &lintNote = {});
    // Protected environments: the checks that need no backup (checkBeforeRun), printed. Returns
    // the note to record (an override), or the refusal.
    Result<QString> protectedPreflight(const Environment &env, const Plan &plan,
                                       const ProtectedRunPolicy &policy);
    // `check` with --env: edited scripts and unknown version rows on that database.
    Status checkDrift(const Environment &env);

    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<CliOptions> m_opt;
    std::shared_ptr<Workspace> m_ws; // shared with a run session
    // --at REF: the project extracted from git; its temporary folder lives as long as the run.
    std::unique_ptr<ProjectAtRef> m_atRef;
    int m_exitCode = 0;    // a command's answer when it succeeded (diff: 1 when different)
    int m_failureCode = 1; // the exit code of a failure (diff: 2)
    QString m_incomplete;  // noteIfIncomplete(): the workspace's incompleteSummary()
    mutable QHash<QString, ConnectionSecrets> m_secrets; // by environment name, this run only
    QStringList m_lintAllow;      // upgrade/downgrade --allow RULE: lint errors acknowledged
    bool m_lintBeforeRun = false; // planAndRun lints (upgrade, downgrade; not stamp)
};

} // namespace retort
