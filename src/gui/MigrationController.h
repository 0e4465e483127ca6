#pragma once

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

// Drives one apply/revert/stamp from the GUI: plans it off the GUI thread (PlanJob), shows the
// plan (PlanDialog) and runs it only when the user confirms, in a worker thread (MigrationJob),
// reporting progress and log lines as signals. One run at a time. GUI thread only; the
// blocking work happens in the jobs' own threads.
class MigrationController final : public QObject {
    Q_OBJECT

public:
    // `credentials` (not owned, outlives the controller) supplies passwords and passphrases,
    // asking the user when the keychain has none.
    MigrationController(CredentialBroker *credentials, QWidget *dialogParent);
    ~MigrationController() override;

    // Starts `action` to `target` on `environment` of `workspace`. Ignored while busy.
    void request(std::shared_ptr<const Workspace> workspace, const Environment &environment,
                 MigrationAction action, const QString &target);
    // Cancels the running migration (between statements, or interrupting one).
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
        MigrationAction action = MigrationAction::Upgrade;
        QString target;
        ConnectionSecrets secrets;
        int retries = 0;            // after a refused secret or an accepted host key
        bool preflightDone = false; // protected: backup taken and checks accepted
        QString auditNote;          // a recorded pre-flight override
    };
    // Gathers the secrets (asking the user if needed), then plans.
    void obtainAndPlan(Attempt attempt, bool askSshPassphrase);
    void plan(Attempt attempt);
    // A connection failure the user can fix on the spot (a refused password or passphrase, an
    // unknown host key): fixes it and tries again once; false when it is not one of those.
    bool recover(const Attempt &attempt, const Status &status);
    void fail(const Status &status, bool ran);
    // Protected environments: a backup and the pre-flight checks in a worker thread, then the
    // checklist (an override needs a reason), then back to onPlanned().
    void preflight(const Attempt &attempt, const Plan &plan, bool versionTableExists);
    void onPlanned(const Attempt &attempt, const Status &status, const Plan &plan,
                   bool versionTableExists);

    CredentialBroker *m_credentials;
    QPointer<QWidget> m_dialogParent;
    QPointer<MigrationJob> m_job;
    bool m_busy = false;
};

} // namespace retort::gui
