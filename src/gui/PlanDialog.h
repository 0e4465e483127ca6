#pragma once

#include "graph/Plan.h"
#include "lint/Lint.h"
#include "project/Project.h"
#include "safety/Preflight.h"
#include "workflows/MigrationJob.h"

#include <QDialog>
#include <QString>

#include <optional>
#include <utility>

namespace Ui {
class PlanDialog;
}

namespace retort::gui {

// Shows a plan before anything runs: the ordered steps, the exact SQL, a one-line summary, the
// plan's lint findings (under the steps and SQL: LintFindingsView; clicking one shows the SQL tab
// scrolled to its statement, highlighted) and, for a protected environment, the pre-flight
// result, the steps nobody reviewed and a typed confirmation. Seeing a plan is never gated: the
// dialog opens at once, and the pre-flight (run by the caller in the background, delivered by
// setPreflight()) stands only between the plan and the run. Accepting the dialog is the user's
// go-ahead; the dialog itself never touches a database (the caller runs a MigrationJob afterwards).
//
// The OK button is labelled with the action ("Upgrade", "Downgrade", "Stamp") and is enabled only
// when the plan does something and, for an environment with `isProtected`, the confirmation line
// holds exactly the environment's name and (when `awaitPreflight`) the pre-flight report has
// arrived. Pressing it with failed checks opens the PreflightDialog, where going on needs a
// reason (auditNote()); declining that keeps the plan open. The findings (computed by the caller
// in the background, delivered by setLint()) never block an unprotected run; on a protected
// environment OK also waits for them (`awaitLint`) and for a tick on every error finding not
// allowed in its script (lintErrorsToAcknowledge); the ticked findings join auditNote()
// (lintAcknowledgementNote).
//
// Threading: GUI thread only. Pure input: the plan and the environment are copied; the dialog
// keeps no pointer into a Workspace (the SQL is rendered once, in the constructor).
class PlanDialog final : public QDialog {
    Q_OBJECT

public:
    struct Input {
        Environment environment;
        Plan plan;
        MigrationAction action = MigrationAction::Upgrade;
        TableName versionTable = VersionTable::defaultTable(); // the project's versionTableName()
        // Whether the version table exists now (from PlanJob): decides whether the SQL shows
        // the table's CREATE before the first step, as the run will do.
        bool versionTableExists = true;
        // A protected run: OK waits for setPreflight().
        bool awaitPreflight = false;
        // Findings will come (setLint()): the findings pane says they are being checked; with
        // awaitPreflight, OK waits for them too.
        bool lintPending = false;
        QString projectRoot; // findings' paths (and the audit note's) are shown relative to it
    };

    // What the caller learnt about the plan's lint, for setLint().
    struct LintOutcome {
        LintReport report;
        bool live = false;     // judged against the environment (lintPlanLive)
        QString serverVersion; // when live, as the server says it
        QString offlineReason; // when not live: why (the connection's error, no secrets)
        QString error;         // lint could not run at all (retort.toml's [lint]); no findings
        QStringList notes;     // facts that could not be read, skipped Alembic steps...
    };

    // The scripts `input.plan` points to must be alive during the constructor only.
    explicit PlanDialog(const Input &input, QWidget *parent = nullptr);
    ~PlanDialog() override;

    // True when the plan has nothing to do (no step, no purge).
    bool isEmptyPlan() const;
    // True when OK may be pressed now.
    bool canAccept() const;
    // The summary line, e.g. "Upgrade local from 2a8091e12ecd to 1e2ba8818864: 3 migrations".
    QString summary() const;
    // The SQL shown in the SQL tab.
    QString sql() const;

    // The pre-flight checks of this plan (checkBeforeRun), shown above the confirmation.
    void setPreflight(const PreflightReport &report);
    // Steps whose script has no complete review of its current content (`edited`: reviewed
    // before an edit), shown as a warning; they do not block the run.
    void setUnreviewed(const QStringList &unreviewed, const QStringList &edited);
    // The plan's lint findings: shown, and on a protected environment each error waits for a
    // tick before OK enables.
    void setLint(const LintOutcome &outcome);
    // True once setLint() delivered (or when nothing is pending).
    bool lintDone() const { return !m_input.lintPending || m_lintDone; }
    // Shows the SQL tab with finding `index`'s statement made current and highlighted; the
    // character range it found in sql() (start, length), or {-1, 0} when the statement's step is
    // not in the SQL.
    std::pair<int, int> showFinding(int index);
    // Where finding `index` of `findings` is in `sql` (the plan's rendered SQL): its step's
    // "-- Running" chunk found by revision and direction, then the statement's text in it
    // (whitespace-insensitive; an identical statement earlier in that step counts); the step's
    // header line when the statement is not found (project rules on empty sections), {-1, 0}
    // when the step is not either.
    static std::pair<int, int> locateFinding(const QString &sql, const Plan &plan,
                                             const std::vector<LintFinding> &findings, int index);
    // After acceptance: the override note when a pre-flight check failed, then the acknowledged
    // lint errors ("" when neither).
    QString auditNote() const;

    // "<base>" for no revision, else the ids joined with ", ".
    static QString revisionsText(const QStringList &revisions);

public Q_SLOTS:
    void accept() override;

private:
    void fillSteps();
    void fillSql();
    void fillSummary();
    void setupConfirmation();
    void updateOkButton();
    void setupLint();

    Ui::PlanDialog *m_ui;
    Input m_input;
    std::optional<PreflightReport> m_preflight;
    QString m_auditNote;
    bool m_lintDone = false;
};

} // namespace retort::gui
