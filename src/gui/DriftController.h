#pragma once

#include "schema/SchemaDiff.h"
#include "workflows/MigrationJob.h" // Q_DECLARE_METATYPE(retort::Status)
#include "workflows/SchemaDrift.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>

class QAction;
class QDialog;
class QProgressDialog;
class QWidget;

namespace retort {
class Project;
class Workspace;
struct DriftRevert;
} // namespace retort

namespace retort::gui {

class CredentialBroker;
class EnvironmentPanel;
class SchemaDriftDialog;

// Schema drift in the window: the Environments panel's Drift column, filled on request (Check
// Drift for the chosen environment, Check Drift of All) and, while "Check Drift with Status" is on,
// after each status check of an environment that is cheap to check (isCheapToCheck). Each check
// gathers the secrets the way the panel's status checks do (CredentialBroker, silently: what the
// session or the keychain has; plus the scratch server's for PostgreSQL and MySQL), then runs
// checkSchemaDrift() on a background task (base/Background.h) and shows its answer in the panel; a
// later check of the same environment drops an earlier one's answer. Show Drift… (or a
// double-click on the Drift cell) opens the differences in a non-modal SchemaDriftDialog with the
// triage (workflows/DriftTriage.h):
//  - Accept: acceptDrift() on a background task with the reason and the fingerprint shown;
//  - Revert: the plan (planDriftRevert, pure, from the last check) in a DriftRevertDialog; once
//    confirmed, the drift is checked again on a worker and, if it is still the difference planned
//    for (same fingerprint), a MigrationJob runs it (lock, protected backup, audit) with a
//    progress dialog and Cancel; then the drift is checked again;
//  - Adopt: adoptRequested(), for the window to wire to autogenerate.
// GUI thread only; owns nothing of the panel.
class DriftController final : public QObject {
    Q_OBJECT

public:
    DriftController(EnvironmentPanel *panel, CredentialBroker *credentials, QWidget *dialogParent);
    ~DriftController() override;

    // Environment ▸ Check Drift / Check Drift of All / Show Drift… (also in the panel's menu), and
    // the Check Drift with Status toggle (kept in QSettings, on by default).
    QAction *checkAction() const { return m_checkAction; }
    QAction *checkAllAction() const { return m_checkAllAction; }
    QAction *showAction() const { return m_showAction; }
    QAction *withStatusAction() const { return m_withStatusAction; }

    // Whether `env`'s drift is cheap enough to check with every status refresh: SQLite (a replay
    // in a temporary file), or a server driver when the project has a scratch server. Pure.
    static bool isCheapToCheck(const Project &project, const Environment &env);
    // After a status check of `name` reached it: checks its drift too when the toggle is on, it is
    // cheap to check and no check of it is running. Returns at once.
    void checkWithStatus(const QString &name);

    // Starts checking `names` (every environment of the panel's workspace when empty); returns
    // at once.
    void check(const QStringList &names = {});
    // Checks still running (accepts and reverts included).
    int pendingChecks() const { return int(m_running.size()) + m_busy; }
    // The last answer for `name` when it drifted (null otherwise).
    const SchemaDiff *driftOf(const QString &name) const;
    // The last answer for `name` (null when none or when it could not be checked).
    const SchemaDriftReport *reportOf(const QString &name) const;
    // Opens the differences of `name` with the triage buttons (non-modal, deleted on close); null
    // when it has none.
    QDialog *showDrift(const QString &name);
    // Enables the actions for the panel's workspace and current row.
    void updateActions();

    // The triage, as the dialog's buttons do it (public for the window and tests): accept with
    // `reason` the difference of fingerprint `seen` (empty: whatever is there), and revert
    // (the plan dialog first).
    void accept(const QString &name, const QString &reason, const QString &seen = {});
    QDialog *revert(const QString &name);

Q_SIGNALS:
    // One environment's answer is in the panel (a check, an accept, or the check after a revert).
    void checked(const QString &name);
    // Adopt… in the drift dialog: make a revision from `name`'s live schema (autogenerate).
    void adoptRequested(const QString &name);
    // A line for the window's log.
    void logLine(const QString &line);
    // A revert run ended (`status`), before the drift is checked again.
    void revertFinished(const QString &name, const retort::Status &status);

private:
    void start(const QString &name);
    void showReport(const QString &name, const SchemaDriftReport &report);
    // Checks the drift again (the plan is for the fingerprint it was made from), then runs it.
    void runRevert(const QString &name, const DriftRevert &revert);
    void startRevertJob(const std::shared_ptr<const Workspace> &ws, const Environment &env,
                        const ConnectionSecrets &secrets, const DriftRevert &revert);
    void finishRevert(const QString &name, const Status &status);

    QPointer<EnvironmentPanel> m_panel;
    CredentialBroker *m_credentials;
    QPointer<QWidget> m_dialogParent;
    QAction *m_checkAction;
    QAction *m_checkAllAction;
    QAction *m_showAction;
    QAction *m_withStatusAction;
    QHash<QString, quint64> m_running; // environment -> generation of its latest check
    quint64 m_generation = 0;
    QHash<QString, SchemaDriftReport> m_reports;           // the last answers that could be given
    QHash<QString, QPointer<SchemaDriftDialog>> m_dialogs; // open drift dialogs
    int m_busy = 0;                                        // accepts and reverts running
    QPointer<MigrationJob> m_job;                          // the revert running, if any
};

} // namespace retort::gui
