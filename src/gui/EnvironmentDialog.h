#pragma once

#include "db/Connection.h"
#include "project/ProjectWriter.h"

#include <QDialog>

#include <memory>

namespace Ui {
class EnvironmentDialog;
}

namespace retort {
struct ProbeResult;
class Workspace;
} // namespace retort

namespace retort::gui {

class CredentialBroker;

// Adds or edits one environment of the project: driver, database, server, options, the
// protected flag and an optional SSH tunnel. Save writes retort.toml through the core's
// ProjectWriter (the user's comments and layout kept); a mistake is shown in the dialog, which
// stays open with everything typed. Test Connection tries the environment as entered, in a
// worker thread, and says what happened (reached / not created yet / wrong password / unknown
// host key / timeout...). No secret is ever written: passwords live in the keychain.
//
// Usage:
//     EnvironmentDialog dialog(workspace, QStringLiteral("staging"), this); // "" = a new one
//     if (dialog.exec() == QDialog::Accepted) refresh(); // dialog.savedName() is the name
// GUI thread only; `workspace` must not be null.
class EnvironmentDialog final : public QDialog {
    Q_OBJECT

public:
    // `credentials` (optional, not owned) supplies and asks for passwords for Test Connection;
    // without it the test connects without any.
    EnvironmentDialog(std::shared_ptr<const Workspace> workspace, const QString &environment,
                      QWidget *parent = nullptr, CredentialBroker *credentials = nullptr);
    ~EnvironmentDialog() override;

    // The environment as entered.
    EnvironmentSpec spec() const;
    // After a successful save: the environment's (possibly new) name.
    QString savedName() const { return m_savedName; }

    void accept() override;

Q_SIGNALS:
    // A Test Connection finished (also shown in the dialog).
    void testFinished(const retort::ProbeResult &result);

private:
    void setSpec(const EnvironmentSpec &spec);
    void updateFields();
    void testConnection();
    void probe(const Environment &env, const ConnectionSecrets &secrets, bool mayRetry);
    void showTestResult(const ProbeResult &result);
    void browseDatabase();

    Ui::EnvironmentDialog *m_ui;
    std::shared_ptr<const Workspace> m_workspace;
    QString m_originalName; // empty for a new environment
    QString m_savedName;
    CredentialBroker *m_credentials = nullptr;
};

} // namespace retort::gui
