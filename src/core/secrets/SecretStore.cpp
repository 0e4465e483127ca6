#include "SecretStore.h"

#include <QMetaObject>
#include <QPointer>

#include <qt6keychain/keychain.h>

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

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : SecretStore(parent), m_service(std::move(service))
{
}

void KeychainSecretStore::read(const QString &key, const QObject *context, Callback done)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, this,
            [this, key, context, done = std::move(done)](QKeychain::Job *j) {
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
                SecretResult r = resultOf(*readJob, QStringLiteral("Reading secret %1").arg(key));
                if (r.ok())
                    r.secret = readJob->textData();
                deliverLater(context, done, std::move(r));
            });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QString &secret, const QObject *context,
                                Callback done)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(m_service, key, this);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this,
            [this, key, secret, context, done = std::move(done)](QKeychain::Job *j) {
                deliverLater(context, done,
                             resultOf(*j, QStringLiteral("Storing secret %1").arg(key), secret));
            });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, const QObject *context, Callback done)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, this,
            [this, key, context, done = std::move(done)](QKeychain::Job *j) {
                deliverLater(context, done,
                             resultOf(*j, QStringLiteral("Removing secret %1").arg(key)));
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
