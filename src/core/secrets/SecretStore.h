#pragma once

#include "base/Error.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace retort {

// What a keychain operation came to. Every outcome the caller may have to handle differently is
// its own value; `message` says it for users and never contains a secret.
struct SecretResult {
    enum class Status {
        Ok,        // done; for read(): `secret` holds the value
        NotFound,  // no secret under this key
        NoBackend, // no keychain at all (no Secret Service / D-Bus session, unsupported platform)
        AccessDenied, // the keychain is locked, or the user or system refused access
        Failed,       // anything else; see `message`
    };
    Status status = Status::Failed;
    QString secret;  // read() with Ok only
    QString message; // empty for Ok

    bool ok() const { return status == Status::Ok; }
    Error error() const { return Error(message); }
};

// Which secret of an environment a key names.
enum class SecretKind { Database, Ssh };

// The keychain key for one secret: `<project>/<environment>/database` or `.../ssh`.
QString secretKey(const QString &project, const QString &environment, SecretKind kind);

// Asynchronous access to secrets by key (docs/ARCHITECTURE.md: service "retort", keys from secretKey()).
//
// Threading: a SecretStore belongs to the thread it was created in, which must run a Qt event
// loop (normally the GUI thread); call it from that thread only. No call blocks: each returns at
// once and `done` runs later in that same thread, from the event loop — never inside the call.
// If `context` is given and destroyed first, `done` is not called. Exactly one call of `done`
// per operation otherwise.
class SecretStore : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(const SecretResult &)>;

    using QObject::QObject;
    ~SecretStore() override = default;

    virtual void read(const QString &key, const QObject *context, Callback done) = 0;
    // Creates or replaces the secret under `key`.
    virtual void write(const QString &key, const QString &secret, const QObject *context,
                       Callback done) = 0;
    // Removes the secret under `key`; NotFound when there was none (where the backend tells).
    virtual void remove(const QString &key, const QObject *context, Callback done) = 0;

protected:
    // Runs `done(result)` from the event loop of this store's thread, unless `context` died.
    void deliverLater(const QObject *context, Callback done, SecretResult result);
};

// The OS keychain through QtKeychain (Secret Service on Linux, Keychain on macOS, Credential Store
// on Windows), under service `service`. Never falls back to storing secrets in plain files
// (QtKeychain's insecure fallback stays off).
class KeychainSecretStore final : public SecretStore {
    Q_OBJECT

public:
    explicit KeychainSecretStore(QString service = QStringLiteral("retort"),
                                 QObject *parent = nullptr);

    void read(const QString &key, const QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, const QObject *context,
               Callback done) override;
    void remove(const QString &key, const QObject *context, Callback done) override;

    QString service() const { return m_service; }

private:
    QString m_service;
};

// Secrets in memory, for tests and for sessions that must not touch the keychain. Same contract
// as any SecretStore (results are delivered later, never inside the call). setFailure() makes
// every following operation end with that outcome, to test how callers handle it.
class MemorySecretStore final : public SecretStore {
    Q_OBJECT

public:
    using SecretStore::SecretStore;

    void read(const QString &key, const QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, const QObject *context,
               Callback done) override;
    void remove(const QString &key, const QObject *context, Callback done) override;

    // Status::Ok (or std::nullopt) restores normal behaviour.
    void setFailure(std::optional<SecretResult::Status> status) { m_failure = status; }
    const QHash<QString, QString> &secrets() const { return m_secrets; }

private:
    QHash<QString, QString> m_secrets;
    std::optional<SecretResult::Status> m_failure;
};

} // namespace retort
