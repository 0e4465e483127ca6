#pragma once

#include "base/Background.h"
#include "workflows/MigrationJob.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QWidget;

namespace retort {
struct Environment;
class Workspace;
} // namespace retort

namespace retort::gui {

class CredentialBroker;
class PlanDialog;

// Drives one apply/revert/stamp from the GUI, through the same core calls as retort-cli and in
// the order of safety/ProtectedRun.h: plan it off the GUI thread (PlanJob: makePlan) and show the
// plan at once (PlanDialog: seeing a plan is never gated). For a protected environment the
// pre-flight checks (checkBeforeRun) and the steps' review states are computed in the background
// meanwhile and shown in the dialog; its Run button waits for them, a failed check needs an
// override reason, and the environment's name must be typed. Every plan's lint findings
// (lintPlanLive, judged against the environment) are computed meanwhile too; on a protected
// environment each error must be acknowledged, and the acknowledgements join the audit note. Once
// confirmed, the plan runs (MigrationJob: a RunSession — lock, re-plan of an absolute target on a
// non-protected environment, the protected backup right before the first step, the steps with the
// audit trail), reporting progress and log lines as signals. One run at a time. GUI thread only;
// the blocking work happens on Background's workers.
class MigrationController final : public QObject {
    Q_OBJECT

public:
    // `credentials` (not owned, outlives the controller) supplies passwords and passphrases,
    // asking the user when the keychain has none.
    MigrationController(CredentialBroker *credentials, QWidget *dialogParent);
    ~MigrationController() override;

    // Starts `action` to `target` on `environment` of `workspace`; Alembic revisions get their
    // SQL from `alembicProgram` (empty: $RETORT_ALEMBIC or alembic on PATH). Ignored while busy.
    void request(std::shared_ptr<const Workspace> workspace, const Environment &environment,
                 MigrationAction action, const QString &target, const QString &alembicProgram = {});
    // Cancels the running migration (a lock wait, the backup, between statements or
    // interrupting one).
    void cancel();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void busyChanged(bool busy);
    // Step `step` of `count` is starting: Alembic's "upgrade a -> b, message".
    void progress(int step, int count, const QString &description);
    // A line for the log (without a time stamp; the log adds it).
    void logLine(const QString &line);
    // The request ended: ran, failed, was cancelled or the user declined the plan (`ran` false).
    void finished(const retort::Status &status, bool ran);

private:
    void setBusy(bool busy);
    // What one request carries through its stages.
    struct Attempt {
        std::shared_ptr<const Workspace> workspace;
        Environment environment;
        PlanRequest request;
        ConnectionSecrets secrets;
        int retries = 0;   // after a refused secret or an accepted host key
        QString auditNote; // a recorded pre-flight override
    };
    // Gathers the secrets (asking the user if needed), then plans.
    void obtainAndPlan(Attempt attempt, bool askSshPassphrase);
    void plan(Attempt attempt);
    // A connection failure the user can fix on the spot (a refused password or passphrase, an
    // unknown host key; remedyFor()): fixes it and tries again once; false when it is not one.
    bool recover(const Attempt &attempt, const Status &status);
    void fail(const Status &status, bool ran);
    void declined();
    // The plan dialog, at once; on confirmation, run().
    void onPlanned(const Attempt &attempt, const Plan &plan, bool versionTableExists);
    // The plan's lint findings, live from the environment (offline when it cannot be reached),
    // computed in the background while `dialog` shows the plan; delivered to it unless it
    // closed first. The returned token cancels the work.
    CancelToken lint(const Attempt &attempt, const Plan &plan, PlanDialog *dialog);
    // Protected environments: the pre-flight checks and the steps' review states, in the
    // background while `dialog` shows the plan; delivered to it unless it closed first.
    void preflight(const Attempt &attempt, const Plan &plan, PlanDialog *dialog);
    void run(const Attempt &attempt, const Plan &plan);
    void connectJob(MigrationJob *job);

    CredentialBroker *m_credentials;
    QPointer<QWidget> m_dialogParent;
    QPointer<MigrationJob> m_job;
    bool m_busy = false;
};

} // namespace retort::gui
