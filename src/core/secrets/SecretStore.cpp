#include "secrets/SecretStore.h"

#include <QMetaObject>
#include <QPointer>

#include <qt6keychain/keychain.h>

#ifdef RETORT_HAVE_QTDBUS
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

namespace retort {

QString secretKey(const QString &project, const QString &environment, SecretKind kind)
{
    return QStringLiteral("%1/%2/%3")
        .arg(project, environment,
             kind == SecretKind::Database ? QStringLiteral("database") : QStringLiteral("ssh"));
}

void SecretStore::deliverLater(const QObject *context, Callback done, SecretResult result)
{
    const bool guarded = context != nullptr;
    QPointer<const QObject> guard(context);
    QMetaObject::invokeMethod(
        this,
        [guarded, guard, done = std::move(done), result = std::move(result)] {
            if (guarded && !guard)
                return;
            if (done)
                done(result);
        },
        Qt::QueuedConnection);
}

namespace {

// Whether QtKeychain's OtherError means there is no keychain service to talk to at all. On Linux
// QtKeychain reports a missing or unreachable D-Bus session bus / Secret Service as OtherError
// (error 7) with D-Bus's own message, not as NoBackendAvailable.
bool looksLikeNoBackend(const QString &text)
{
    static const QStringList markers = {
        QStringLiteral("D-Bus"),
        QStringLiteral("DBus"),
        QStringLiteral("dbus"),
        QStringLiteral("autolaunch"),
        QStringLiteral("org.freedesktop.secrets"),
        QStringLiteral("Could not connect"),
        QStringLiteral("ServiceUnknown"),
        QStringLiteral("was not provided by any .service files"),
    };
    for (const QString &marker : markers)
        if (text.contains(marker, Qt::CaseInsensitive))
            return true;
    return false;
}

QString redacted(QString text, const QString &secret)
{
    if (!secret.isEmpty())
        text.replace(secret, QStringLiteral("***"));
    return text;
}

SecretResult resultOf(const QKeychain::Job &job, const QString &what, const QString &secret = {})
{
    SecretResult r;
    const QString detail = redacted(job.errorString(), secret);
    switch (job.error()) {
    case QKeychain::NoError:
        r.status = SecretResult::Status::Ok;
        return r;
    case QKeychain::EntryNotFound:
        r.status = SecretResult::Status::NotFound;
        r.message = QStringLiteral("%1: no secret stored in the keychain").arg(what);
        return r;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        r.status = SecretResult::Status::AccessDenied;
        r.message =
            QStringLiteral("%1: the keychain is locked or refused access (%2)").arg(what, detail);
        return r;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        r.status = SecretResult::Status::NoBackend;
        r.message = QStringLiteral("%1: no keychain is available (%2)").arg(what, detail);
        return r;
    case QKeychain::OtherError:
        if (looksLikeNoBackend(detail)) {
            r.status = SecretResult::Status::NoBackend;
            r.message = QStringLiteral("%1: no keychain is available (%2)").arg(what, detail);
            return r;
        }
        break;
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    r.status = SecretResult::Status::Failed;
    r.message =
        QStringLiteral("%1: keychain error %2 (%3)").arg(what).arg(int(job.error())).arg(detail);
    return r;
}

template <typename JobT> JobT *newJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new JobT(service, parent);
    job->setAutoDelete(true); // deleted after finished()
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

// Who gets a result: the callback, unless its context died meanwhile. Built when the operation
// starts (the context pointer may dangle by the time the result comes).
struct Recipient {
    QPointer<const QObject> context;
    bool guarded = false;
    SecretStore::Callback done;

    Recipient(const QObject *ctx, SecretStore::Callback cb)
        : context(ctx), guarded(ctx != nullptr), done(std::move(cb))
    {
    }
    void operator()(const SecretResult &r) const
    {
        if (guarded && !context)
            return;
        if (done)
            done(r);
    }
};

// Hands `r` to `to` from `owner`'s event loop: QtKeychain may report some errors from inside
// start(), and callers are promised never to be called back inside their own call.
void handOn(QObject *owner, const Recipient &to, const SecretResult &r)
{
    QMetaObject::invokeMethod(
        owner, [to, r] { to(r); }, Qt::QueuedConnection);
}

// Calls `then(locked)` once it is known whether the Secret Service's default collection is locked
// (false when that cannot be told: no Secret Service, another platform). Asynchronous.
void whenLockKnown(QObject *parent, std::function<void(bool)> then)
{
#ifdef RETORT_HAVE_QTDBUS
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        QDBusMessage msg = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.secrets"),
            QStringLiteral("/org/freedesktop/secrets/aliases/default"),
            QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
        msg << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(msg, 5000), parent);
        QObject::connect(watcher, &QDBusPendingCallWatcher::finished, parent,
                         [watcher, then = std::move(then)] {
                             const QDBusPendingReply<QDBusVariant> reply = *watcher;
                             watcher->deleteLater();
                             then(reply.isValid() && reply.value().variant().toBool());
                         });
        return;
    }
#endif
    QMetaObject::invokeMethod(
        parent, [then = std::move(then)] { then(false); }, Qt::QueuedConnection);
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : SecretStore(parent), m_service(std::move(service))
{
}

void KeychainSecretStore::read(const QString &key, const QObject *context, Callback done)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, key, this);
    Recipient to(context, std::move(done));
    connect(job, &QKeychain::Job::finished, this, [this, key, to](QKeychain::Job *j) {
        auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
        SecretResult r = resultOf(*readJob, QStringLiteral("Reading secret %1").arg(key));
        if (r.ok())
            r.secret = readJob->textData();
        if (r.status != SecretResult::Status::NotFound) {
            handOn(this, to, r);
            return;
        }
        // The Secret Service answers "not found" for a secret in a locked keychain: tell which.
        whenLockKnown(this, [key, to, r](bool locked) mutable {
            if (locked) {
                r.status = SecretResult::Status::AccessDenied;
                r.message = QStringLiteral("Reading secret %1: the keychain is locked").arg(key);
            }
            to(r);
        });
    });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QString &secret, const QObject *context,
                                Callback done)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(m_service, key, this);
    job->setTextData(secret);
    Recipient to(context, std::move(done));
    connect(job, &QKeychain::Job::finished, this, [this, key, secret, to](QKeychain::Job *j) {
        handOn(this, to, resultOf(*j, QStringLiteral("Storing secret %1").arg(key), secret));
    });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, const QObject *context, Callback done)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, key, this);
    Recipient to(context, std::move(done));
    connect(job, &QKeychain::Job::finished, this, [this, key, to](QKeychain::Job *j) {
        handOn(this, to, resultOf(*j, QStringLiteral("Removing secret %1").arg(key)));
    });
    job->start();
}

namespace {

SecretResult failureResult(SecretResult::Status status, const QString &key)
{
    SecretResult r;
    r.status = status;
    switch (status) {
    case SecretResult::Status::Ok:
        break;
    case SecretResult::Status::NotFound:
        r.message = QStringLiteral("%1: no secret stored").arg(key);
        break;
    case SecretResult::Status::NoBackend:
        r.message = QStringLiteral("%1: no keychain is available").arg(key);
        break;
    case SecretResult::Status::AccessDenied:
        r.message = QStringLiteral("%1: the keychain is locked or refused access").arg(key);
        break;
    case SecretResult::Status::Failed:
        r.message = QStringLiteral("%1: keychain error").arg(key);
        break;
    }
    return r;
}

} // namespace

void MemorySecretStore::read(const QString &key, const QObject *context, Callback done)
{
    SecretResult r;
    if (m_failure && *m_failure != SecretResult::Status::Ok)
        r = failureResult(*m_failure, key);
    else if (const auto it = m_secrets.constFind(key); it != m_secrets.cend()) {
        r.status = SecretResult::Status::Ok;
        r.secret = *it;
    } else
        r = failureResult(SecretResult::Status::NotFound, key);
    deliverLater(context, std::move(done), std::move(r));
}

void MemorySecretStore::write(const QString &key, const QString &secret, const QObject *context,
                              Callback done)
{
    SecretResult r;
    if (m_failure && *m_failure != SecretResult::Status::Ok) {
        r = failureResult(*m_failure, key);
    } else {
        m_secrets.insert(key, secret);
        r.status = SecretResult::Status::Ok;
    }
    deliverLater(context, std::move(done), std::move(r));
}

void MemorySecretStore::remove(const QString &key, const QObject *context, Callback done)
{
    SecretResult r;
    if (m_failure && *m_failure != SecretResult::Status::Ok)
        r = failureResult(*m_failure, key);
    else if (m_secrets.remove(key) > 0)
        r.status = SecretResult::Status::Ok;
    else
        r = failureResult(SecretResult::Status::NotFound, key);
    deliverLater(context, std::move(done), std::move(r));
}

} // namespace retort
