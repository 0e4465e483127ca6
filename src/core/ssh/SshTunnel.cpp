#include "ssh/SshTunnel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>

#include <libssh2.h>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace retort {

namespace {

using Clock = std::chrono::steady_clock;

// libssh2_init() once per process, from whichever thread gets here first. libssh2_exit() is never
// called: tunnels may live until the process ends.
int initLibssh2()
{
    static std::once_flag once;
    static int rc = 0;
    std::call_once(once, [] { rc = libssh2_init(0); });
    return rc;
}

QString hostPort(const QString &host, int port)
{
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

int remainingMs(Clock::time_point deadline)
{
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return left.count() > 0 ? int(left.count()) : 0;
}

void setNoDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Session-level libssh2 errors end the SSH connection; channel-level ones end one forwarding.
bool isChannelError(int rc)
{
    switch (rc) {
    case LIBSSH2_ERROR_CHANNEL_OUTOFORDER:
    case LIBSSH2_ERROR_CHANNEL_FAILURE:
    case LIBSSH2_ERROR_CHANNEL_REQUEST_DENIED:
    case LIBSSH2_ERROR_CHANNEL_UNKNOWN:
    case LIBSSH2_ERROR_CHANNEL_WINDOW_EXCEEDED:
    case LIBSSH2_ERROR_CHANNEL_PACKET_EXCEEDED:
    case LIBSSH2_ERROR_CHANNEL_CLOSED:
    case LIBSSH2_ERROR_CHANNEL_EOF_SENT:
    case LIBSSH2_ERROR_CHANNEL_WINDOW_FULL:
    case LIBSSH2_ERROR_BAD_USE:
    case LIBSSH2_ERROR_INVAL:
    case LIBSSH2_ERROR_BUFFER_TOO_SMALL:
        return true;
    default:
        return false;
    }
}

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

// The name known_hosts uses for host:port (OpenSSH: bare for 22, bracketed otherwise).
QString knownHostsName(const QString &host, int port)
{
    return port == 22 ? host : QStringLiteral("[%1]:%2").arg(host).arg(port);
}

// Whether a private key file is encrypted (needs a passphrase): OpenSSH's own format names its
// cipher ("none" when not encrypted); PEM files say ENCRYPTED in their header.
bool isEncryptedKey(const QByteArray &content)
{
    static const QByteArray begin = QByteArrayLiteral("-----BEGIN OPENSSH PRIVATE KEY-----");
    static const QByteArray end = QByteArrayLiteral("-----END OPENSSH PRIVATE KEY-----");
    const qsizetype b = content.indexOf(begin);
    if (b >= 0) {
        const qsizetype e = content.indexOf(end, b);
        if (e < 0)
            return false;
        const QByteArray body = QByteArray::fromBase64(
            content.mid(b + begin.size(), e - b - begin.size()).simplified().replace(' ', ""));
        static const QByteArray magic("openssh-key-v1\0", 15);
        if (!body.startsWith(magic) || body.size() < magic.size() + 4)
            return false;
        const auto *p = reinterpret_cast<const unsigned char *>(body.constData() + magic.size());
        const quint32 len =
            (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | p[3];
        const QByteArray cipher = body.mid(magic.size() + 4, qsizetype(len));
        return cipher != "none";
    }
    return content.contains("ENCRYPTED");
}

QString localUserName()
{
    if (const passwd *pw = ::getpwuid(::geteuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
}

// A connected libssh2 session in non-blocking mode. libssh2 never sees a partial send: our send
// callback takes every packet whole and keeps what the socket does not accept yet in `out`, which
// the owner flushes when the socket is writable. That keeps several channels' writes from
// interleaving inside libssh2's single pending-packet buffer (a known libssh2 hazard with
// non-blocking multiplexing). Used by one thread at a time.
struct Session {
    int fd = -1;
    LIBSSH2_SESSION *ssh = nullptr;
    QByteArray out;    // bytes accepted from libssh2, not yet taken by the socket
    int sendError = 0; // errno of the first failed send; sends fail from then on
    bool dead = false; // the connection is gone: fail every send, never wait

    Session() = default;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
    ~Session() { destroy(false); }

    static LIBSSH2_SEND_FUNC(sendCallback)
    {
        auto *self = static_cast<Session *>(*abstract);
        if (socket != self->fd) {
            // libssh2 also sends through here to other sockets (the ssh-agent's): pass through.
            const ssize_t n = ::send(socket, buffer, length, flags | MSG_NOSIGNAL);
            return n < 0 ? -errno : n;
        }
        if (self->dead || self->sendError)
            return -(self->sendError ? self->sendError : EPIPE);
        const char *data = static_cast<const char *>(buffer);
        size_t done = 0;
        if (self->out.isEmpty()) {
            const ssize_t n = ::send(self->fd, data, length, flags | MSG_NOSIGNAL);
            if (n < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    self->sendError = errno;
                    return -errno;
                }
            } else {
                done = size_t(n);
            }
        }
        if (done < length)
            self->out.append(data + done, qsizetype(length - done));
        return ssize_t(length);
    }

    // Sends what the socket takes now. False when the connection failed.
    bool flush()
    {
        while (!out.isEmpty() && !sendError) {
            const ssize_t n = ::send(fd, out.constData(), size_t(out.size()), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    return true;
                if (errno == EINTR)
                    continue;
                sendError = errno;
                return false;
            }
            out.remove(0, qsizetype(n));
        }
        return !sendError;
    }

    // Waits (bounded by `deadline`) until the socket can move in the direction libssh2 is blocked
    // on. False on timeout or a dead socket.
    bool wait(Clock::time_point deadline)
    {
        if (!flush())
            return false;
        const int dirs = libssh2_session_block_directions(ssh);
        pollfd p{fd, 0, 0};
        if (dirs & LIBSSH2_SESSION_BLOCK_INBOUND)
            p.events |= POLLIN;
        if ((dirs & LIBSSH2_SESSION_BLOCK_OUTBOUND) || !out.isEmpty())
            p.events |= POLLOUT;
        if (p.events == 0)
            p.events = POLLIN;
        for (;;) {
            const int ms = remainingMs(deadline);
            if (ms == 0)
                return false;
            const int rc = ::poll(&p, 1, ms);
            if (rc < 0 && errno == EINTR)
                continue;
            return rc > 0;
        }
    }

    QString lastError() const
    {
        char *msg = nullptr;
        int len = 0;
        libssh2_session_last_error(ssh, &msg, &len, 0);
        return msg && len > 0 ? QString::fromUtf8(msg, len)
                              : QStringLiteral("unknown libssh2 error");
    }

    // Ends the session: optionally says goodbye, then frees libssh2's state without ever waiting.
    void destroy(bool polite)
    {
        if (ssh) {
            if (polite && !dead && !sendError) {
                libssh2_session_disconnect(ssh, "Retort closes the tunnel");
                pollfd p{fd, POLLOUT, 0};
                const auto deadline = Clock::now() + std::chrono::milliseconds(200);
                while (!out.isEmpty() && flush() && !out.isEmpty() &&
                       ::poll(&p, 1, remainingMs(deadline)) > 0) {
                }
            }
            dead = true;
            if (fd >= 0)
                ::shutdown(fd, SHUT_RDWR); // libssh2 now reads EOF instead of waiting
            for (int i = 0; i < 100 && libssh2_session_free(ssh) == LIBSSH2_ERROR_EAGAIN; ++i) {
            }
            ssh = nullptr;
        }
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
};

void setFailure(SshFailure *out, SshFailure value)
{
    if (out)
        *out = value;
}

// Calls `f` (a libssh2 call returning an int rc) until it does not answer EAGAIN, waiting on the
// socket in between. Returns the rc, or LIBSSH2_ERROR_TIMEOUT when `deadline` passed.
template <typename F> int drive(Session &s, Clock::time_point deadline, F f)
{
    for (;;) {
        const int rc = f();
        if (rc != LIBSSH2_ERROR_EAGAIN) {
            s.flush();
            return rc;
        }
        if (!s.wait(deadline))
            return remainingMs(deadline) == 0 ? LIBSSH2_ERROR_TIMEOUT : LIBSSH2_ERROR_SOCKET_RECV;
    }
}

// Resolves and connects (non-blocking connect bounded by the timeout), then runs the SSH
// handshake (bounded by its own timeout).
Result<std::unique_ptr<Session>> connectSession(const SshConfig &config, const SshOptions &options,
                                                SshFailure *failure)
{
    const QString where = hostPort(config.host, config.port);
    if (initLibssh2() != 0) {
        setFailure(failure, SshFailure::Other);
        return Error(QStringLiteral("Cannot initialise libssh2"));
    }
    if (config.host.isEmpty()) {
        setFailure(failure, SshFailure::Resolve);
        return Error(QStringLiteral("No SSH host given"));
    }

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *addrs = nullptr;
    const QByteArray host = config.host.toUtf8();
    const QByteArray port = QByteArray::number(config.port);
    if (const int rc = ::getaddrinfo(host.constData(), port.constData(), &hints, &addrs); rc != 0) {
        setFailure(failure, SshFailure::Resolve);
        return Error(QStringLiteral("Cannot resolve SSH host %1: %2")
                         .arg(config.host, QString::fromLocal8Bit(::gai_strerror(rc))));
    }
    const auto connectDeadline = Clock::now() + std::chrono::milliseconds(options.connectTimeoutMs);
    int fd = -1;
    int lastErr = 0;
    bool timedOut = false;
    for (addrinfo *a = addrs; a && fd < 0; a = a->ai_next) {
        const int s =
            ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (s < 0) {
            lastErr = errno;
            continue;
        }
        int rc = ::connect(s, a->ai_addr, a->ai_addrlen);
        if (rc < 0 && errno == EINPROGRESS) {
            pollfd p{s, POLLOUT, 0};
            do {
                rc = ::poll(&p, 1, remainingMs(connectDeadline));
            } while (rc < 0 && errno == EINTR);
            if (rc == 0) {
                timedOut = true;
                lastErr = ETIMEDOUT;
                ::close(s);
                break;
            }
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
            rc = err ? -1 : 0;
            errno = err;
        }
        if (rc == 0) {
            fd = s;
        } else {
            lastErr = errno;
            ::close(s);
        }
    }
    ::freeaddrinfo(addrs);
    if (fd < 0) {
        setFailure(failure, timedOut ? SshFailure::Timeout : SshFailure::Connect);
        if (timedOut)
            return Error(QStringLiteral("Cannot connect to SSH server %1: no answer within %2 ms")
                             .arg(where)
                             .arg(options.connectTimeoutMs));
        return Error(
            QStringLiteral("Cannot connect to SSH server %1: %2").arg(where, errnoText(lastErr)));
    }
    setNoDelay(fd);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    if (options.keepaliveIntervalS > 0) {
        // Unacknowledged data (our keepalives included) for this long means the peer is gone.
        const unsigned int userTimeoutMs = unsigned(options.keepaliveIntervalS) * 3000u + 10000u;
        ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &userTimeoutMs, sizeof userTimeoutMs);
    }

    auto session = std::make_unique<Session>();
    session->fd = fd;
    session->ssh = libssh2_session_init_ex(nullptr, nullptr, nullptr, session.get());
    if (!session->ssh) {
        setFailure(failure, SshFailure::Other);
        return Error(QStringLiteral("Cannot create an SSH session for %1").arg(where));
    }
    libssh2_session_callback_set(session->ssh, LIBSSH2_CALLBACK_SEND,
                                 reinterpret_cast<void *>(&Session::sendCallback));
    libssh2_session_set_blocking(session->ssh, 0);
    const auto deadline = Clock::now() + std::chrono::milliseconds(options.handshakeTimeoutMs);
    const int rc =
        drive(*session, deadline, [&] { return libssh2_session_handshake(session->ssh, fd); });
    if (rc == LIBSSH2_ERROR_TIMEOUT) {
        setFailure(failure, SshFailure::Timeout);
        return Error(QStringLiteral("SSH handshake with %1 did not finish within %2 ms")
                         .arg(where)
                         .arg(options.handshakeTimeoutMs));
    }
    if (rc != 0) {
        setFailure(failure, SshFailure::Handshake);
        return Error(
            QStringLiteral("SSH handshake with %1 failed: %2").arg(where, session->lastError()));
    }
    return session;
}

// Compares the session's host key with known_hosts.
Result<HostKeyStatus> verifyHostKey(Session &session, const SshConfig &config, SshFailure *failure)
{
    HostKeyStatus status;
    status.host = config.host;
    status.port = config.port;
    const QString configured =
        config.knownHosts.isEmpty() ? QStringLiteral("~/.ssh/known_hosts") : config.knownHosts;
    status.knownHostsFile = QFileInfo(SshTunnel::expandHome(configured)).absoluteFilePath();

    size_t len = 0;
    int type = 0;
    const char *key = libssh2_session_hostkey(session.ssh, &len, &type);
    if (!key || len == 0) {
        setFailure(failure, SshFailure::Handshake);
        return Error(QStringLiteral("SSH server %1 presented no host key")
                         .arg(hostPort(config.host, config.port)));
    }
    status.key = QByteArray(key, qsizetype(len));
    status.keyType = keyTypeOf(status.key);
    status.fingerprint = SshTunnel::fingerprint(status.key);

    QFile file(status.knownHostsFile);
    if (!file.exists()) {
        status.verdict = HostKeyStatus::Verdict::Unknown;
        return status;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        setFailure(failure, SshFailure::KnownHostsFile);
        return Error(QStringLiteral("Cannot read known_hosts file %1: %2")
                         .arg(status.knownHostsFile, file.errorString()));
    }
    LIBSSH2_KNOWNHOSTS *hosts = libssh2_knownhost_init(session.ssh);
    if (!hosts) {
        setFailure(failure, SshFailure::Other);
        return Error(QStringLiteral("Cannot check known_hosts: %1").arg(session.lastError()));
    }
    const QByteArray keyBase64 = status.key.toBase64();
    bool revoked = false;
    // Line by line, so that one line libssh2 cannot parse (an unsupported key type, a
    // @cert-authority marker) does not hide the others.
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (line.startsWith('@')) {
            // "@revoked hosts type key": a revoked key is refused wherever it shows up.
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() >= 4 && fields[0] == "@revoked" && fields[3] == keyBase64)
                revoked = true;
            continue;
        }
        libssh2_knownhost_readline(hosts, line.constData(), size_t(line.size()),
                                   LIBSSH2_KNOWNHOST_FILE_OPENSSH);
    }
    const QByteArray name = knownHostsName(config.host, config.port).toUtf8();
    // Port -1 with the name already in known_hosts form: libssh2 would otherwise also try the
    // bare host for a non-22 port, which OpenSSH does not.
    const int check = libssh2_knownhost_checkp(
        hosts, name.constData(), -1, key, len,
        LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | knownHostKeyMask(type),
        nullptr);
    libssh2_knownhost_free(hosts);
    switch (check) {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH:
        status.verdict = revoked ? HostKeyStatus::Verdict::Changed : HostKeyStatus::Verdict::Known;
        break;
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
        status.verdict = HostKeyStatus::Verdict::Changed;
        break;
    case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
        status.verdict =
            revoked ? HostKeyStatus::Verdict::Changed : HostKeyStatus::Verdict::Unknown;
        break;
    default:
        setFailure(failure, SshFailure::KnownHostsFile);
        return Error(QStringLiteral("Cannot check the host key of %1 against %2")
                         .arg(hostPort(config.host, config.port), status.knownHostsFile));
    }
    return status;
}

Error hostKeyError(const HostKeyStatus &status)
{
    const QString where = hostPort(status.host, status.port);
    if (status.verdict == HostKeyStatus::Verdict::Changed)
        return Error(QStringLiteral(
                         "WARNING: the SSH host key of %1 has CHANGED. Someone may be intercepting "
                         "the connection (a man-in-the-middle attack), or the server's key was "
                         "replaced. The server presented %2 %3, which does not match %4. "
                         "Connection refused; if the change is expected, remove the old key "
                         "from that file.")
                         .arg(where, status.keyType, status.fingerprint, status.knownHostsFile));
    return Error(
        QStringLiteral("The SSH host key of %1 is not known (%2 %3, not in %4): confirm it before "
                       "connecting.")
            .arg(where, status.keyType, status.fingerprint, status.knownHostsFile));
}

bool methodAllowed(const char *list, const char *method)
{
    if (!list)
        return true; // unknown: let the attempt decide
    const QList<QByteArray> methods = QByteArray(list).split(',');
    return methods.contains(QByteArray(method));
}

Status authenticate(Session &s, const SshConfig &config, const SshCredentials &credentials,
                    const SshOptions &options, SshFailure *failure)
{
    const auto deadline = Clock::now() + std::chrono::milliseconds(options.authTimeoutMs);
    const QString where = hostPort(config.host, config.port);
    const QString userName = config.user.isEmpty() ? localUserName() : config.user;
    const QByteArray user = userName.toUtf8();
    const auto timeout = [&] {
        setFailure(failure, SshFailure::Timeout);
        return Error(QStringLiteral("SSH authentication with %1 did not finish within %2 ms")
                         .arg(where)
                         .arg(options.authTimeoutMs));
    };

    const char *methods = nullptr;
    int rc = drive(s, deadline, [&] {
        methods = libssh2_userauth_list(s.ssh, user.constData(), unsigned(user.size()));
        return methods ? 0 : libssh2_session_last_errno(s.ssh);
    });
    if (rc == LIBSSH2_ERROR_TIMEOUT)
        return timeout();
    if (libssh2_userauth_authenticated(s.ssh))
        return Status::success(); // the server accepted "none"
    if (rc != 0)
        methods = nullptr;

    if (!config.key.isEmpty()) {
        const QString path = QFileInfo(SshTunnel::expandHome(config.key)).absoluteFilePath();
        QFile keyFile(path);
        if (!keyFile.open(QIODevice::ReadOnly)) {
            setFailure(failure, SshFailure::KeyFile);
            return Error(
                QStringLiteral("Cannot read SSH key file %1: %2").arg(path, keyFile.errorString()));
        }
        const bool encrypted = isEncryptedKey(keyFile.readAll());
        keyFile.close();
        if (encrypted && credentials.passphrase.isEmpty()) {
            setFailure(failure, SshFailure::WrongPassphrase);
            return Error(
                QStringLiteral("SSH key %1 is protected by a passphrase, and none was given")
                    .arg(path));
        }
        if (!methodAllowed(methods, "publickey")) {
            setFailure(failure, SshFailure::KeyRefused);
            return Error(QStringLiteral("SSH server %1 does not accept key logins (it offers: %2)")
                             .arg(where, QString::fromUtf8(methods)));
        }
        const QByteArray pathBytes = QFile::encodeName(path);
        const QByteArray passphrase = credentials.passphrase; // NUL-terminated by QByteArray
        rc = drive(s, deadline, [&] {
            return libssh2_userauth_publickey_fromfile_ex(
                s.ssh, user.constData(), unsigned(user.size()), nullptr, pathBytes.constData(),
                passphrase.constData());
        });
        if (rc == 0)
            return Status::success();
        if (rc == LIBSSH2_ERROR_TIMEOUT)
            return timeout();
        if (rc == LIBSSH2_ERROR_FILE || rc == LIBSSH2_ERROR_KEYFILE_AUTH_FAILED) {
            if (encrypted) {
                setFailure(failure, SshFailure::WrongPassphrase);
                return Error(QStringLiteral("Wrong passphrase for SSH key %1").arg(path));
            }
            setFailure(failure, SshFailure::KeyFile);
            return Error(
                QStringLiteral("Cannot use SSH key file %1: unsupported or damaged key").arg(path));
        }
        if (rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED) {
            setFailure(failure, SshFailure::KeyRefused);
            return Error(QStringLiteral("SSH server %1 refused key %2 for user %3")
                             .arg(where, path, userName));
        }
        setFailure(failure, SshFailure::Other);
        return Error(QStringLiteral("SSH key login to %1 failed: %2").arg(where, s.lastError()));
    }

    if (config.agent) {
        LIBSSH2_AGENT *agent = libssh2_agent_init(s.ssh);
        if (!agent) {
            setFailure(failure, SshFailure::Other);
            return Error(QStringLiteral("Cannot use ssh-agent: %1").arg(s.lastError()));
        }
        struct AgentGuard {
            LIBSSH2_AGENT *a;
            ~AgentGuard()
            {
                libssh2_agent_disconnect(a);
                libssh2_agent_free(a);
            }
        } guard{agent};
        if (qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK")) {
            setFailure(failure, SshFailure::AgentUnavailable);
            return Error(QStringLiteral("No ssh-agent: SSH_AUTH_SOCK is not set"));
        }
        if (libssh2_agent_connect(agent) != 0) {
            setFailure(failure, SshFailure::AgentUnavailable);
            return Error(QStringLiteral("Cannot reach ssh-agent at %1")
                             .arg(qEnvironmentVariable("SSH_AUTH_SOCK")));
        }
        if (libssh2_agent_list_identities(agent) != 0) {
            setFailure(failure, SshFailure::AgentUnavailable);
            return Error(QStringLiteral("ssh-agent did not list its keys: %1").arg(s.lastError()));
        }
        if (!methodAllowed(methods, "publickey")) {
            setFailure(failure, SshFailure::AgentNoAcceptedKey);
            return Error(QStringLiteral("SSH server %1 does not accept key logins (it offers: %2)")
                             .arg(where, QString::fromUtf8(methods)));
        }
        libssh2_agent_publickey *identity = nullptr;
        libssh2_agent_publickey *previous = nullptr;
        int tried = 0;
        while (libssh2_agent_get_identity(agent, &identity, previous) == 0) {
            previous = identity;
            ++tried;
            rc = drive(s, deadline,
                       [&] { return libssh2_agent_userauth(agent, user.constData(), identity); });
            if (rc == 0)
                return Status::success();
            if (rc == LIBSSH2_ERROR_TIMEOUT)
                return timeout();
            if (rc != LIBSSH2_ERROR_AUTHENTICATION_FAILED &&
                rc != LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED && rc != LIBSSH2_ERROR_AGENT_PROTOCOL) {
                setFailure(failure, SshFailure::Other);
                return Error(
                    QStringLiteral("SSH agent login to %1 failed: %2").arg(where, s.lastError()));
            }
        }
        setFailure(failure, SshFailure::AgentNoAcceptedKey);
        return Error(
            QStringLiteral("ssh-agent offered %1 key(s); SSH server %2 accepted none for user %3")
                .arg(tried)
                .arg(where, userName));
    }

    if (credentials.password.isEmpty()) {
        setFailure(failure, SshFailure::PasswordRefused);
        return Error(
            QStringLiteral("No way to log in to SSH server %1: no key, no agent and no password")
                .arg(where));
    }
    if (!methodAllowed(methods, "password")) {
        setFailure(failure, SshFailure::PasswordRefused);
        return Error(QStringLiteral("SSH server %1 does not accept password logins (it offers: %2)")
                         .arg(where, QString::fromUtf8(methods)));
    }
    const QByteArray password = credentials.password;
    rc = drive(s, deadline, [&] {
        return libssh2_userauth_password_ex(s.ssh, user.constData(), unsigned(user.size()),
                                            password.constData(), unsigned(password.size()),
                                            nullptr);
    });
    if (rc == 0)
        return Status::success();
    if (rc == LIBSSH2_ERROR_TIMEOUT)
        return timeout();
    if (rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PASSWORD_EXPIRED) {
        setFailure(failure, SshFailure::PasswordRefused);
        return Error(QStringLiteral("SSH server %1 refused the password for user %2%3")
                         .arg(where, userName,
                              rc == LIBSSH2_ERROR_PASSWORD_EXPIRED ? QStringLiteral(" (expired)")
                                                                   : QString()));
    }
    setFailure(failure, SshFailure::Other);
    return Error(QStringLiteral("SSH password login to %1 failed: %2").arg(where, s.lastError()));
}

constexpr qsizetype kBufferCap = 256 * 1024; // per direction per forwarded connection
constexpr size_t kChunk = 32 * 1024;

} // namespace

// ---------------------------------------------------------------------------------------------
// The tunnel thread.

struct SshTunnel::Impl {
    // One forwarded connection: a client socket and its direct-tcpip channel.
    struct Conn {
        int fd = -1;
        int clientPort = 0;
        LIBSSH2_CHANNEL *channel = nullptr;
        enum class State { Queued, Open, Closing } state = State::Queued;
        QByteArray toRemote;     // read from the client, not yet written to the channel
        QByteArray toClient;     // read from the channel, not yet written to the client
        bool clientEof = false;  // the client will send nothing more
        bool clientGone = false; // the client cannot take data any more (hang-up, error)
        bool eofSent = false;    // EOF sent on the channel
        bool remoteEof = false;  // the channel will deliver nothing more
        bool clientShut = false; // shutdown(SHUT_WR) done on the client socket
    };

    std::unique_ptr<Session> session;
    QString host; // SSH server, for messages
    int port = 0;
    QByteArray remoteHost;
    int remotePort = 0;
    int keepaliveIntervalS = 0;
    int listenFd = -1;
    int wakeFd = -1;
    int localPort = 0;

    std::thread thread;
    std::mutex closeMutex;                   // serialises close() (join) callers
    std::atomic<std::thread::id> threadId{}; // the tunnel thread, once it runs
    std::atomic<bool> stopRequested{false};
    std::atomic<bool> alive{true};
    mutable QMutex mutex; // guards lostReason
    QString lostReason;

    // Tunnel-thread state.
    std::vector<std::unique_ptr<Conn>> conns;
    std::deque<Conn *> openQueue; // libssh2 opens one channel at a time: the head is in progress
    bool listenerPaused = false;  // out of file descriptors: stop accepting until one closes
    QString sessionLoss;          // set when the SSH connection failed
    bool progress = false;        // pumpOpen() moved data or changed state

    ~Impl()
    {
        if (listenFd >= 0)
            ::close(listenFd);
        if (wakeFd >= 0)
            ::close(wakeFd);
        for (auto &c : conns)
            if (c->fd >= 0)
                ::close(c->fd);
    }

    void markLost(const QString &detail)
    {
        if (sessionLoss.isEmpty())
            sessionLoss = detail;
    }

    void failSession(int rc)
    {
        if (session->sendError)
            markLost(errnoText(session->sendError));
        else if (rc == LIBSSH2_ERROR_SOCKET_DISCONNECT || rc == LIBSSH2_ERROR_SOCKET_RECV)
            markLost(QStringLiteral("the server closed the connection"));
        else
            markLost(session->lastError());
    }

    void closeClient(Conn &c)
    {
        if (c.fd >= 0) {
            ::close(c.fd);
            c.fd = -1;
            listenerPaused = false;
        }
        c.clientGone = true;
        c.clientEof = true;
    }

    // The channel is finished with (or failed): close the client, free the channel.
    void startClosing(Conn &c)
    {
        closeClient(c);
        c.state = Conn::State::Closing;
    }

    void acceptClients()
    {
        for (;;) {
            sockaddr_in addr{};
            socklen_t len = sizeof addr;
            const int fd = ::accept4(listenFd, reinterpret_cast<sockaddr *>(&addr), &len,
                                     SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                    listenerPaused = true;
                return; // EAGAIN, or a connection that died before we took it
            }
            setNoDelay(fd);
            auto conn = std::make_unique<Conn>();
            conn->fd = fd;
            conn->clientPort = ntohs(addr.sin_port);
            openQueue.push_back(conn.get());
            conns.push_back(std::move(conn));
        }
    }

    // Client socket I/O after poll().
    void serviceClient(Conn &c, short revents)
    {
        if (c.fd < 0)
            return;
        if (revents & POLLERR) {
            closeClient(c);
            return;
        }
        if ((revents & (POLLIN | POLLHUP)) && !c.clientEof && c.toRemote.size() < kBufferCap) {
            char buf[kChunk];
            for (;;) {
                const qsizetype room = kBufferCap - c.toRemote.size();
                if (room <= 0)
                    break;
                const ssize_t n = ::recv(c.fd, buf, std::min<size_t>(sizeof buf, size_t(room)), 0);
                if (n > 0) {
                    c.toRemote.append(buf, qsizetype(n));
                    continue;
                }
                if (n == 0) {
                    c.clientEof = true;
                } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    closeClient(c);
                    return;
                }
                break;
            }
        }
        if (revents & POLLHUP)
            c.clientGone = true; // both directions are shut: nothing more can be written to it
        writeClient(c);
    }

    void writeClient(Conn &c)
    {
        if (c.fd < 0)
            return;
        if (c.clientGone) {
            c.toClient.clear();
            return;
        }
        while (!c.toClient.isEmpty()) {
            const ssize_t n =
                ::send(c.fd, c.toClient.constData(), size_t(c.toClient.size()), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    return;
                if (errno == EINTR)
                    continue;
                c.clientGone = true;
                c.toClient.clear();
                return;
            }
            c.toClient.remove(0, qsizetype(n));
            progress = true; // room for more channel data
        }
    }

    // Advances every channel as far as libssh2 lets it without blocking. Session failures go
    // to markLost(); channel failures close that one connection.
    void pumpChannels()
    {
        // Channel opens, one at a time.
        while (!openQueue.empty() && sessionLoss.isEmpty()) {
            Conn &c = *openQueue.front();
            LIBSSH2_CHANNEL *ch = libssh2_channel_direct_tcpip_ex(
                session->ssh, remoteHost.constData(), remotePort, "127.0.0.1", c.clientPort);
            if (!ch) {
                const int rc = libssh2_session_last_errno(session->ssh);
                if (rc == LIBSSH2_ERROR_EAGAIN)
                    break;
                openQueue.pop_front();
                if (isChannelError(rc)) {
                    closeClient(c); // the server could not reach remoteHost:remotePort
                    c.state = Conn::State::Closing;
                    continue;
                }
                failSession(rc);
                return;
            }
            openQueue.pop_front();
            progress = true;
            c.channel = ch;
            c.state = Conn::State::Open;
        }
        if (!sessionLoss.isEmpty())
            return;

        for (auto &cp : conns) {
            Conn &c = *cp;
            if (c.state == Conn::State::Open) {
                if (!pumpOpen(c))
                    return;
            }
        }
    }

    // False when the session failed.
    bool pumpOpen(Conn &c)
    {
        // client -> remote
        while (!c.toRemote.isEmpty()) {
            const ssize_t n =
                libssh2_channel_write(c.channel, c.toRemote.constData(),
                                      std::min<size_t>(size_t(c.toRemote.size()), kChunk));
            if (n > 0) {
                c.toRemote.remove(0, qsizetype(n));
                progress = true;
                continue;
            }
            if (n == LIBSSH2_ERROR_EAGAIN || n == 0)
                break;
            if (isChannelError(int(n))) {
                startClosing(c);
                return true;
            }
            failSession(int(n));
            return false;
        }
        if (c.clientEof && c.toRemote.isEmpty() && !c.eofSent) {
            const int rc = libssh2_channel_send_eof(c.channel);
            if (rc == 0) {
                c.eofSent = true;
                progress = true;
            } else if (rc != LIBSSH2_ERROR_EAGAIN) {
                if (!isChannelError(rc)) {
                    failSession(rc);
                    return false;
                }
                c.eofSent = true; // the channel is closed already
            }
        }
        // remote -> client
        char buf[kChunk];
        while (!c.remoteEof && c.toClient.size() < kBufferCap) {
            const qsizetype room = kBufferCap - c.toClient.size();
            const ssize_t n =
                libssh2_channel_read(c.channel, buf, std::min<size_t>(sizeof buf, size_t(room)));
            if (n > 0) {
                if (!c.clientGone)
                    c.toClient.append(buf, qsizetype(n));
                progress = true;
                continue;
            }
            if (n == LIBSSH2_ERROR_EAGAIN)
                break;
            if (n == 0 && !libssh2_channel_eof(c.channel))
                break;
            if (n == 0 || isChannelError(int(n))) {
                c.remoteEof = true;
                break;
            }
            failSession(int(n));
            return false;
        }
        writeClient(c);
        if (c.remoteEof && c.toClient.isEmpty() && !c.clientShut && c.fd >= 0) {
            ::shutdown(c.fd, SHUT_WR);
            c.clientShut = true;
        }
        // Done when the client's side is delivered (EOF sent on the channel) and the remote side is
        // delivered too, or nobody is left to deliver it to. A remote EOF alone is a half-close.
        const bool clientSideDone = c.clientEof && c.toRemote.isEmpty() && c.eofSent;
        const bool remoteDone = c.remoteEof && (c.toClient.isEmpty() || c.clientGone);
        if (clientSideDone && (remoteDone || c.clientGone))
            startClosing(c);
        return true;
    }

    // Frees closing channels; drops finished connections.
    bool reapClosed()
    {
        for (auto it = conns.begin(); it != conns.end();) {
            Conn &c = **it;
            if (c.state != Conn::State::Closing) {
                ++it;
                continue;
            }
            if (c.channel) {
                const int rc = libssh2_channel_free(c.channel);
                if (rc == LIBSSH2_ERROR_EAGAIN) {
                    ++it;
                    continue;
                }
                c.channel = nullptr;
                if (rc != 0 && !isChannelError(rc)) {
                    failSession(rc);
                    return false;
                }
            }
            closeClient(c);
            it = conns.erase(it);
            progress = true;
        }
        return true;
    }

    bool sessionWantsInput() const
    {
        if (!openQueue.empty())
            return true;
        for (const auto &c : conns) {
            if (c->state == Conn::State::Closing)
                return true;
            if (c->state == Conn::State::Open &&
                ((!c->remoteEof && c->toClient.size() < kBufferCap) || !c->toRemote.isEmpty() ||
                 (c->clientEof && !c->eofSent)))
                return true;
        }
        return false;
    }

    void run(SshTunnel *q)
    {
        threadId.store(std::this_thread::get_id());
        std::vector<pollfd> fds;
        std::vector<Conn *> fdConn;
        for (;;) {
            // 1. Let libssh2 do what it can; keepalive.
            // Repeat while anything moved: one channel's read may have brought in what another
            // waits for (a window adjustment, data, a close confirmation). That sits in libssh2's
            // queue, not in the socket, so poll() would not report it.
            do {
                progress = false;
                pumpChannels();
                if (sessionLoss.isEmpty())
                    reapClosed();
            } while (progress && sessionLoss.isEmpty());
            int nextKeepaliveS = 0;
            if (sessionLoss.isEmpty() && keepaliveIntervalS > 0) {
                const int rc = libssh2_keepalive_send(session->ssh, &nextKeepaliveS);
                if (rc != 0 && rc != LIBSSH2_ERROR_EAGAIN)
                    failSession(rc);
            }
            if (sessionLoss.isEmpty() && !session->flush())
                failSession(LIBSSH2_ERROR_SOCKET_SEND);
            if (!sessionLoss.isEmpty())
                break;

            // 2. Wait for anything to do.
            fds.clear();
            fdConn.clear();
            fds.push_back({wakeFd, POLLIN, 0});
            short sessionEvents = POLLRDHUP;
            if (sessionWantsInput())
                sessionEvents |= POLLIN;
            if (!session->out.isEmpty() ||
                (libssh2_session_block_directions(session->ssh) & LIBSSH2_SESSION_BLOCK_OUTBOUND))
                sessionEvents |= POLLOUT;
            fds.push_back({session->fd, sessionEvents, 0});
            fds.push_back({listenerPaused ? -1 : listenFd, POLLIN, 0});
            for (auto &c : conns) {
                if (c->fd < 0 || (c->clientGone && c->clientEof))
                    continue;
                short ev = 0;
                if (!c->clientEof && c->toRemote.size() < kBufferCap)
                    ev |= POLLIN;
                if (!c->toClient.isEmpty() && !c->clientGone)
                    ev |= POLLOUT;
                if (ev == 0 && c->clientGone)
                    continue; // POLLHUP would be reported forever
                fds.push_back({c->fd, ev, 0});
                fdConn.push_back(c.get());
            }
            const int timeoutMs = keepaliveIntervalS > 0 ? std::max(nextKeepaliveS, 1) * 1000 : -1;
            const int n = ::poll(fds.data(), nfds_t(fds.size()), timeoutMs);
            if (n < 0 && errno != EINTR) {
                markLost(QStringLiteral("poll failed: %1").arg(errnoText(errno)));
                break;
            }
            if (stopRequested.load())
                break;
            if (n <= 0)
                continue;

            // 3. Socket work.
            const short sre = fds[1].revents;
            if ((sre & POLLOUT) && !session->flush())
                failSession(LIBSSH2_ERROR_SOCKET_SEND);
            if (fds[2].revents & POLLIN)
                acceptClients();
            for (size_t i = 0; i < fdConn.size(); ++i)
                if (fds[i + 3].revents)
                    serviceClient(*fdConn[i], fds[i + 3].revents);
            if (sre & (POLLRDHUP | POLLHUP | POLLERR)) {
                // Deliver what arrived before the end, then report the loss.
                pumpChannels();
                int err = 0;
                socklen_t len = sizeof err;
                ::getsockopt(session->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                markLost(err ? errnoText(err) : QStringLiteral("the server closed the connection"));
                break;
            }
        }

        // Teardown, in this thread: libssh2 is only ever used here.
        const bool wasLost = !stopRequested.load() && !sessionLoss.isEmpty();
        for (auto &c : conns)
            closeClient(*c);
        conns.clear(); // channels are freed with the session
        openQueue.clear();
        if (listenFd >= 0) {
            ::close(listenFd);
            listenFd = -1;
        }
        session->destroy(!wasLost);
        if (wasLost) {
            const QString reason =
                QStringLiteral("SSH tunnel to %1 lost: %2").arg(hostPort(host, port), sessionLoss);
            {
                QMutexLocker lock(&mutex);
                lostReason = reason;
            }
            alive.store(false);
            Q_EMIT q->lost(reason);
        } else {
            alive.store(false);
        }
    }

    void wake() const
    {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = ::write(wakeFd, &one, sizeof one);
    }
};

SshTunnel::SshTunnel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

SshTunnel::~SshTunnel()
{
    close();
}

Result<std::unique_ptr<SshTunnel>> SshTunnel::open(const SshConfig &config,
                                                   const SshCredentials &credentials,
                                                   const QString &remoteHost, int remotePort,
                                                   const SshOptions &options, SshFailure *failure)
{
    setFailure(failure, SshFailure::None);
    auto session = connectSession(config, options, failure);
    if (!session)
        return session.error();
    auto status = verifyHostKey(**session, config, failure);
    if (!status)
        return status.error();
    if (status->verdict != HostKeyStatus::Verdict::Known) {
        setFailure(failure, status->verdict == HostKeyStatus::Verdict::Changed
                                ? SshFailure::HostKeyChanged
                                : SshFailure::HostKeyUnknown);
        return hostKeyError(*status);
    }
    if (Status auth = authenticate(**session, config, credentials, options, failure); !auth)
        return auth.error();

    auto impl = std::make_unique<Impl>();
    impl->host = config.host;
    impl->port = config.port;
    impl->remoteHost = remoteHost.toUtf8();
    impl->remotePort = remotePort;
    impl->keepaliveIntervalS = std::max(0, options.keepaliveIntervalS);
    if (impl->keepaliveIntervalS > 0)
        libssh2_keepalive_config((*session)->ssh, 0, unsigned(impl->keepaliveIntervalS));

    impl->listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (impl->listenFd < 0 ||
        ::bind(impl->listenFd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
        ::listen(impl->listenFd, SOMAXCONN) != 0 ||
        ::getsockname(impl->listenFd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        setFailure(failure, SshFailure::Listen);
        return Error(QStringLiteral("Cannot listen on 127.0.0.1 for the SSH tunnel: %1")
                         .arg(errnoText(errno)));
    }
    impl->localPort = ntohs(addr.sin_port);
    impl->wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (impl->wakeFd < 0) {
        setFailure(failure, SshFailure::Other);
        return Error(QStringLiteral("Cannot create the SSH tunnel's wake-up descriptor: %1")
                         .arg(errnoText(errno)));
    }
    impl->session = std::move(*session);

    std::unique_ptr<SshTunnel> tunnel(new SshTunnel(std::move(impl)));
    SshTunnel *q = tunnel.get();
    tunnel->m_impl->thread = std::thread([q] { q->m_impl->run(q); });
    return tunnel;
}

Result<HostKeyStatus> SshTunnel::checkHostKey(const SshConfig &config, const SshOptions &options,
                                              SshFailure *failure)
{
    setFailure(failure, SshFailure::None);
    auto session = connectSession(config, options, failure);
    if (!session)
        return session.error();
    auto status = verifyHostKey(**session, config, failure);
    (*session)->destroy(true);
    return status;
}

Status SshTunnel::acceptHostKey(const HostKeyStatus &status)
{
    static QMutex writeMutex;
    QMutexLocker lock(&writeMutex);
    if (status.verdict == HostKeyStatus::Verdict::Changed)
        return hostKeyError(status);
    if (status.key.isEmpty() || status.keyType.isEmpty() || status.knownHostsFile.isEmpty())
        return Error(QStringLiteral("No host key to accept"));
    const QFileInfo info(status.knownHostsFile);
    if (!info.dir().exists()) {
        if (!QDir().mkpath(info.absolutePath()))
            return Error(QStringLiteral("Cannot create folder %1").arg(info.absolutePath()));
        QFile::setPermissions(info.absolutePath(),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QFile file(status.knownHostsFile);
    const bool existed = file.exists();
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append))
        return Error(QStringLiteral("Cannot write known_hosts file %1: %2")
                         .arg(status.knownHostsFile, file.errorString()));
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
    line += knownHostsName(status.host, status.port).toUtf8() + ' ' + status.keyType.toLatin1() +
            ' ' + status.key.toBase64() + '\n';
    if (file.write(line) != line.size() || !file.flush())
        return Error(QStringLiteral("Cannot write known_hosts file %1: %2")
                         .arg(status.knownHostsFile, file.errorString()));
    return Status::success();
}

QString SshTunnel::fingerprint(const QByteArray &keyBlob)
{
    const QByteArray hash = QCryptographicHash::hash(keyBlob, QCryptographicHash::Sha256);
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(
               hash.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

QString SshTunnel::expandHome(const QString &path)
{
    if (path == u"~")
        return QDir::homePath();
    if (path.startsWith(u"~/"))
        return QDir::homePath() + path.mid(1);
    return path;
}

int SshTunnel::localPort() const
{
    return m_impl->localPort;
}

bool SshTunnel::isAlive() const
{
    return m_impl->alive.load();
}

QString SshTunnel::lostReason() const
{
    QMutexLocker lock(&m_impl->mutex);
    return m_impl->lostReason;
}

void SshTunnel::close()
{
    m_impl->stopRequested.store(true);
    if (m_impl->threadId.load() == std::this_thread::get_id()) {
        // From a slot running in the tunnel thread (lost() with a direct connection): the loop
        // is already ending; another thread (or the destructor) joins it. Taking closeMutex here
        // could deadlock with a thread joining us.
        return;
    }
    std::lock_guard lock(m_impl->closeMutex);
    if (!m_impl->thread.joinable())
        return;
    m_impl->wake();
    m_impl->thread.join();
}

} // namespace retort
