#pragma once

#include "db/Connection.h"
#include "secrets/SecretStore.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QWidget;

namespace retort::gui {

// Finds the secrets an environment needs before Retort connects to it: the database password of
// a server environment and, through an SSH tunnel, the key passphrase or SSH password. In order:
// this session's memory, then the OS keychain (SecretStore, asynchronous), then — when allowed —
// the user (PasswordDialog, with "Remember in the system keychain"). When the keychain is
// missing or locked, the user is told so and the secret is kept for this session only; it is
// never written anywhere else (no file, no settings, no log).
//
// A key passphrase is only asked for when the caller says the key needs one (after a
// WrongPassphrase failure): most keys are not encrypted, or live in an agent.
//
// GUI thread only. `done` is always called exactly once, later, from the event loop (unless
// `context` is destroyed first); it receives nullopt when the user cancelled a prompt.
class CredentialBroker final : public QObject {
    Q_OBJECT

public:
    enum class Mode {
        Silent, // never prompt: what the session or the keychain has, else empty
        MayAsk, // prompt for what is missing
    };
    using Done = std::function<void(std::optional<ConnectionSecrets>)>;

    CredentialBroker(SecretStore *store, QWidget *dialogParent, QObject *parent = nullptr);

    // Gathers the secrets `env` of project `project` needs. `askSshPassphrase`: the key file is
    // known to be encrypted (prompt for its passphrase when none is stored).
    void obtain(const QString &project, const Environment &env, Mode mode, const QObject *context,
                Done done, bool askSshPassphrase = false);
    // obtain() for every environment of `environments`, one after the other; `done` gets what was
    // found by environment name (an environment whose prompt was cancelled is left out).
    void obtainAll(const QString &project, const std::vector<Environment> &environments, Mode mode,
                   const QObject *context,
                   std::function<void(QHash<QString, ConnectionSecrets>)> done);
    // Forgets this session's copy and the keychain's copy of one secret (after the server refused
    // it), so that the next obtain() asks again.
    void forget(const QString &project, const QString &environment, SecretKind kind);

    // For project `project`, an Alembic project: where its alembic.ini is. A database password
    // that sqlalchemy.url carries is then copied into the keychain the first time it is needed
    // (Retort itself never keeps it anywhere else).
    void setAlembicIni(const QString &project, const QString &iniPath);

    static bool needsDatabasePassword(const Environment &env);
    // The SSH login needs a secret from us: a password (no key, no agent) or a key passphrase.
    static bool needsSshSecret(const Environment &env);

Q_SIGNALS:
    // Something worth a log line ("Saved the password of production in the keychain", "The
    // keychain is locked: ..."). Never contains a secret.
    void message(const QString &line);

private:
    struct Request;
    void next(std::shared_ptr<Request> request);
    void resolve(std::shared_ptr<Request> request, SecretKind kind, bool prompt);
    // The database password of an Alembic project's sqlalchemy.url, into the session and the
    // keychain; false when there is none to take.
    bool moveUrlPassword(const Request &request, const QString &key);
    std::optional<QString> ask(const Request &request, SecretKind kind, bool canRemember,
                               const QString &note, bool *remember);

    SecretStore *m_store;
    QPointer<QWidget> m_dialogParent;
    QHash<QString, QString> m_session;    // secretKey() -> secret, for this run of Retort only
    QHash<QString, QString> m_alembicIni; // project -> its alembic.ini
};

} // namespace retort::gui
