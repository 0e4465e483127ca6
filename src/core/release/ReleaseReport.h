#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Environment.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace retort {

class Workspace;

// The release report: one document for a change approval board — what an environment is, where
// it stands, what the next release runs on it (each step with its author from git and its SQL),
// where those steps already ran (the audit trail of the --against environment), what lint and
// the drift check say, the last backup and how to restore it, the project's commit, and lines to
// sign.
//
// The model is free of secrets by construction: it holds names, versions, revision ids, SQL from
// the project's scripts, audit rows (which never hold a secret) and error texts with every secret
// the builder was given replaced by "***". ConnectionSecrets never enter it. The renderers print
// the model only, in a fixed order (nothing from a hash's iteration order), so the same inputs
// give the same bytes apart from the "generated" line (ReleaseReport::generatedAt).

// An environment as the report shows it.
struct ReportEnvironment {
    QString name;
    QString driver;        // sqlite | postgresql | mysql
    QString serverVersion; // as the server says it; "" when it could not be read
    QString database;      // the database's name (SQLite: the file's name, without folders)
    QString host;          // "" for SQLite (and the driver's default host)
    int port = 0;
    QString tunnelHost; // the SSH host the connection goes through; "" for none
    bool isProtected = false;
    QStringList currentRevisions; // the version rows, sorted
    QString release;              // EnvironmentRelease::describe ("v2.0 + 1", "no release")
    QString error;                // why it could not be read ("" when it was)
};

// One time a step ran somewhere (one audit row).
struct ReportRun {
    QString environment;
    QDateTime startedAt; // UTC
    QString by;          // user@host
    qint64 durationMs = -1;
    QString outcome; // succeeded, failed, interrupted, running
};

// One step of the plan.
struct ReportStep {
    QString revision;
    QString message;
    QString direction; // upgrade | downgrade
    QString shortLog;  // "upgrade a -> b"
    // From git (release/GitReleases.h): empty when the script is not committed.
    QString commit;
    QString author;
    QDateTime date;
    QString release;              // the first tag containing it; "" unreleased
    QString sql;                  // the step as `upgrade --sql` prints it (renderOfflineSql)
    std::vector<ReportRun> ranOn; // oldest first
};

struct ReportFinding {
    QString revision;
    QString level; // error | warning | notice
    QString rule;
    QString file; // relative to the project
    int line = 0;
    QString message;
    QString live; // liveFactsSummary: "" offline
    bool allowed = false;
};

struct ReportDrift {
    bool checked = false;
    bool drifted = false;
    QString summary; // "no drift", "drifted (accepted ...)", "not checked: why"
    QString details; // SchemaDiff::toText() when drifted
};

struct ReportBackup {
    bool found = false;
    QString folder; // where backups are looked for
    QString file;   // the newest backup's file name
    QDateTime createdAt;
    qint64 size = 0;
    QString format;
    QString restoreCommand; // never holds a password (safety/Backup.h)
};

struct ReportGit {
    QString unavailable; // why there is no commit ("" when read)
    QString commit;
    QString describe; // `git describe --tags --always`
    bool clean = false;
    QStringList changes; // `git status --porcelain` lines, sorted
};

struct ReleaseReport {
    QString project;
    QDateTime generatedAt;       // the only line that differs between two runs with the same inputs
    QString target;              // as asked ("heads")
    QStringList targetRevisions; // the version rows after the plan, sorted
    ReportEnvironment environment;
    std::optional<ReportEnvironment> against;
    std::vector<ReportStep> steps; // in plan order
    QStringList planWarnings;
    QString planError;  // why there is no plan ("" when there is one)
    QString lintSource; // "live (16.4)", "offline (…why)"
    std::vector<ReportFinding> findings;
    QStringList lintNotes;
    QStringList historyNotes; // audit trails that could not be read
    ReportDrift drift;
    ReportBackup backup;
    ReportGit git;
    QStringList signOff; // the roles to sign: "Author", "Reviewer", "Approver"
};

struct ReleaseReportOptions {
    // The environment the steps should already have run on (staging), with its secrets.
    std::optional<Environment> against;
    ConnectionSecrets againstSecrets;
    QString target = QStringLiteral("heads");
    QDateTime now; // the report's time (injected for reproducibility; invalid: the current time)
    // The drift check's replay on a server driver: the project's scratch server with these.
    bool checkDrift = true;
    ConnectionSecrets scratchSecrets;
    bool liveLint = true;
    QString backupFolder;   // empty: defaultBackupFolder
    QString alembicProgram; // PlanRequest::alembicProgram
};

// Builds the report of `env` (reached with `secrets`). Only a plan that cannot be made from rows
// that were read is an error; everything else that cannot be read is said in the report (an
// unreachable environment, no git, no backup). Blocking (a worker thread or the CLI): it connects
// to the environments, runs git, may replay on a scratch database. `cancel` stops between parts.
Result<ReleaseReport> buildReleaseReport(const Workspace &ws, const Environment &env,
                                         const ConnectionSecrets &secrets,
                                         const ReleaseReportOptions &options = {},
                                         const CancelToken *cancel = nullptr);

enum class ReportFormat { Markdown, Html, Json };
// "md" / "markdown", "html", "json"; nothing for anything else.
std::optional<ReportFormat> reportFormatFromName(const QString &name);

// The renderers (pure). Each prints ReleaseReport::generatedAt on one line of its own and
// nowhere else.
QString renderReportMarkdown(const ReleaseReport &report);
QString renderReportHtml(const ReleaseReport &report);
QByteArray renderReportJson(const ReleaseReport &report);
QByteArray renderReport(const ReleaseReport &report, ReportFormat format);

// The plan's picture for the HTML: an SVG chain of the steps from the current rows to the target.
QString renderPlanSvg(const ReleaseReport &report);

} // namespace retort
