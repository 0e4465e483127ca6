#pragma once

#include "schema/SchemaDiff.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QAction;
class QDialog;
class QWidget;

namespace retort::gui {

class CredentialBroker;
class EnvironmentPanel;

// Schema drift in the window: the Environments panel's Drift column, filled on request (Check
// Drift for the chosen environment, Check Drift of All). Each check gathers the secrets the way
// the panel's status checks do (CredentialBroker, silently: what the session or the keychain has;
// plus the scratch server's for PostgreSQL and MySQL), then runs checkSchemaDrift() on a
// background task (base/Background.h) and shows its answer in the panel; a later check of the same
// environment drops an earlier one's answer. Show Drift… (or a double-click on the Drift cell)
// opens the differences in a non-modal dialog. GUI thread only; owns nothing of the panel.
class DriftController final : public QObject {
    Q_OBJECT

public:
    DriftController(EnvironmentPanel *panel, CredentialBroker *credentials, QWidget *dialogParent);

    // Environment ▸ Check Drift / Check Drift of All / Show Drift… (also in the panel's menu).
    QAction *checkAction() const { return m_checkAction; }
    QAction *checkAllAction() const { return m_checkAllAction; }
    QAction *showAction() const { return m_showAction; }

    // Starts checking `names` (every environment of the panel's workspace when empty); returns
    // at once.
    void check(const QStringList &names = {});
    // Checks still running.
    int pendingChecks() const { return int(m_running.size()); }
    // The last answer for `name` when it drifted (null otherwise).
    const SchemaDiff *driftOf(const QString &name) const;
    // Opens the differences of `name` (non-modal, deleted on close); null when it has none.
    QDialog *showDrift(const QString &name);
    // Enables the actions for the panel's workspace and current row.
    void updateActions();

Q_SIGNALS:
    // One environment's answer is in the panel.
    void checked(const QString &name);

private:
    void start(const QString &name);

    QPointer<EnvironmentPanel> m_panel;
    CredentialBroker *m_credentials;
    QPointer<QWidget> m_dialogParent;
    QAction *m_checkAction;
    QAction *m_checkAllAction;
    QAction *m_showAction;
    QHash<QString, quint64> m_running; // environment -> generation of its latest check
    quint64 m_generation = 0;
    QHash<QString, SchemaDiff> m_drifted; // the last non-empty answers
};

} // namespace retort::gui
