#pragma once

#include <QDialog>

namespace Ui {
class PasswordDialog;
}

namespace retort::gui {

// Asks for one secret (a database password, an SSH key passphrase or password) with an optional
// "Remember in the system keychain" box. When the keychain cannot be used, the box is disabled
// and `keychainNote` says why and that the secret is kept for this session only. The typed text
// is never logged or stored by the dialog itself. GUI thread only.
class PasswordDialog final : public QDialog {
    Q_OBJECT

public:
    // `prompt`: what is asked for ("Password for app@db.example.com (production)").
    // `canRemember`: offer the keychain box (ticked by default); `keychainNote`: why not, if not.
    PasswordDialog(const QString &title, const QString &prompt, bool canRemember,
                   const QString &keychainNote, QWidget *parent = nullptr);
    ~PasswordDialog() override;

    QString secret() const;
    bool remember() const;

private:
    Ui::PasswordDialog *m_ui;
};

} // namespace retort::gui
