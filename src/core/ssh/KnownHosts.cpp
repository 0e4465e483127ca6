#include "ssh/KnownHosts.h"

#include "ssh/SshSession.h"
#include "ssh/SshTunnel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QMutex>
#include <QMutexLocker>

#include <libssh2.h>

namespace retort {

using namespace ssh;

namespace {

// The first string of an SSH public key blob is its type name ("ssh-ed25519").
QString keyTypeOf(const QByteArray &blob)
{
    if (blob.size() < 4)
        return {};
    const auto *p = reinterpret_cast<const unsigned char *>(blob.constData());
    const quint32 len = (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | p[3];
    if (len == 0 || len > quint32(blob.size() - 4) || len > 64)
        return {};
    return QString::fromLatin1(blob.constData() + 4, qsizetype(len));
}

int knownHostKeyMask(int hostkeyType)
{
    switch (hostkeyType) {
    case LIBSSH2_HOSTKEY_TYPE_RSA:
        return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
    case LIBSSH2_HOSTKEY_TYPE_DSS:
        return LIBSSH2_KNOWNHOST_KEY_SSHDSS;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256:
        return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384:
        return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521:
        return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
    case LIBSSH2_HOSTKEY_TYPE_ED25519:
        return LIBSSH2_KNOWNHOST_KEY_ED25519;
    default:
        return LIBSSH2_KNOWNHOST_KEY_UNKNOWN;
    }
}

// Feeds `file` to libssh2 line by line, so that one line libssh2 cannot parse (an unsupported key
// type, a @cert-authority marker) does not hide the others. True when a "@revoked" line lists
// `keyBase64`: a revoked key is refused wherever it shows up.
bool readKnownHosts(QFile &file, LIBSSH2_KNOWNHOSTS *hosts, const QByteArray &keyBase64)
{
    bool revoked = false;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (line.startsWith('@')) {
            // "@revoked hosts type key"
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() >= 4 && fields[0] == "@revoked" && fields[3] == keyBase64)
                revoked = true;
            continue;
        }
        libssh2_knownhost_readline(hosts, line.constData(), size_t(line.size()),
                                   LIBSSH2_KNOWNHOST_FILE_OPENSSH);
    }
    return revoked;
}

// The status of the session's host key before known_hosts is read: host, file, key, fingerprint.
Result<HostKeyStatus> presentedKey(SshSession &session, const SshConfig &config, int *type,
                                   SshFailure *failure)
{
    HostKeyStatus status;
    status.host = config.host;
    status.port = config.port;
    const QString configured =
        config.knownHosts.isEmpty() ? QStringLiteral("~/.ssh/known_hosts") : config.knownHosts;
    status.knownHostsFile = QFileInfo(SshTunnel::expandHome(configured)).absoluteFilePath();
    size_t len = 0;
    const char *key = libssh2_session_hostkey(session.ssh, &len, type);
    if (!key || len == 0)
        return fail(failure, SshFailure::Handshake,
                    QStringLiteral("SSH server %1 presented no host key")
                        .arg(hostPort(config.host, config.port)));
    status.key = QByteArray(key, qsizetype(len));
    status.keyType = keyTypeOf(status.key);
    status.fingerprint = KnownHosts::fingerprint(status.key);
    return status;
}

} // namespace

Result<HostKeyStatus> KnownHosts::check(SshSession &session, const SshConfig &config,
                                        SshFailure *failure)
{
    int type = 0;
    auto presented = presentedKey(session, config, &type, failure);
    if (!presented)
        return presented;
    HostKeyStatus status = std::move(*presented);
    QFile file(status.knownHostsFile);
    if (!file.exists()) {
        status.verdict = HostKeyStatus::Verdict::Unknown;
        return status;
    }
    if (!file.open(QIODevice::ReadOnly))
        return fail(failure, SshFailure::KnownHostsFile,
                    QStringLiteral("Cannot read known_hosts file %1: %2")
                        .arg(status.knownHostsFile, file.errorString()));
    LIBSSH2_KNOWNHOSTS *hosts = libssh2_knownhost_init(session.ssh);
    if (!hosts)
        return fail(failure, SshFailure::Other,
                    QStringLiteral("Cannot check known_hosts: %1").arg(session.lastError()));
    const bool revoked = readKnownHosts(file, hosts, status.key.toBase64());
    const QByteArray name = nameOf(config.host, config.port).toUtf8();
    // Port -1 with the name already in known_hosts form: libssh2 would otherwise also try the
    // bare host for a non-22 port, which OpenSSH does not.
    const int check = libssh2_knownhost_checkp(
        hosts, name.constData(), -1, status.key.constData(), size_t(status.key.size()),
        LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | knownHostKeyMask(type),
        nullptr);
    libssh2_knownhost_free(hosts);
    switch (check) {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH:
        status.verdict = revoked ? HostKeyStatus::Verdict::Changed : HostKeyStatus::Verdict::Known;
        return status;
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
        status.verdict = HostKeyStatus::Verdict::Changed;
        return status;
    case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
        status.verdict =
            revoked ? HostKeyStatus::Verdict::Changed : HostKeyStatus::Verdict::Unknown;
        return status;
    default:
        return fail(failure, SshFailure::KnownHostsFile,
                    QStringLiteral("Cannot check the host key of %1 against %2")
                        .arg(hostPort(config.host, config.port), status.knownHostsFile));
    }
}

Error KnownHosts::refusal(const HostKeyStatus &status)
{
    const QString where = hostPort(status.host, status.port);
    if (status.verdict == HostKeyStatus::Verdict::Changed)
        return Error(QStringLiteral(
                         "WARNING: the SSH host key of %1 has CHANGED. Someone may be intercepting "
                         "the connection (a man-in-the-middle attack), or the server's key was "
                         "replaced. The server presented %2 %3, which does not match %4. "
                         "Connection refused; if the change is expected, remove the old key "
                         "from that file.")
                         .arg(where, status.keyType, status.fingerprint, status.knownHostsFile))
            .as(ErrorKind::HostKeyChanged);
    return Error(QStringLiteral(
                     "The SSH host key of %1 is not known (%2 %3, not in %4): confirm it before "
                     "connecting.")
                     .arg(where, status.keyType, status.fingerprint, status.knownHostsFile))
        .as(ErrorKind::HostKeyUnknown);
}

Status KnownHosts::accept(const HostKeyStatus &status)
{
    static QMutex writeMutex;
    QMutexLocker lock(&writeMutex);
    if (status.verdict == HostKeyStatus::Verdict::Changed)
        return refusal(status);
    if (status.key.isEmpty() || status.keyType.isEmpty() || status.knownHostsFile.isEmpty())
        return Error(QStringLiteral("No host key to accept")); // a caller's mistake: no kind
    const QFileInfo info(status.knownHostsFile);
    if (!info.dir().exists()) {
        if (!QDir().mkpath(info.absolutePath()))
            return Error(QStringLiteral("Cannot create folder %1").arg(info.absolutePath()))
                .as(ErrorKind::KnownHostsFile);
        QFile::setPermissions(info.absolutePath(),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QFile file(status.knownHostsFile);
    const bool existed = file.exists();
    const auto writeError = [&] {
        return Error(QStringLiteral("Cannot write known_hosts file %1: %2")
                         .arg(status.knownHostsFile, file.errorString()))
            .as(ErrorKind::KnownHostsFile);
    };
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append))
        return writeError();
    if (!existed)
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                            QFile::ReadOther);
    QByteArray line;
    // Start on a new line if the file does not end with one.
    if (file.size() > 0) {
        file.seek(file.size() - 1);
        if (file.read(1) != "\n")
            line += '\n';
    }
    line += nameOf(status.host, status.port).toUtf8() + ' ' + status.keyType.toLatin1() + ' ' +
            status.key.toBase64() + '\n';
    if (file.write(line) != line.size() || !file.flush())
        return writeError();
    return Status::success();
}

QString KnownHosts::fingerprint(const QByteArray &keyBlob)
{
    const QByteArray hash = QCryptographicHash::hash(keyBlob, QCryptographicHash::Sha256);
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(
               hash.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

QString KnownHosts::nameOf(const QString &host, int port)
{
    return port == 22 ? host : QStringLiteral("[%1]:%2").arg(host).arg(port);
}

} // namespace retort
