#include "ssh/SshSession.h"

#include "ssh/SshTunnel.h"

#include <QFile>
#include <QFileInfo>
#include <QList>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace retort {

namespace ssh {

int remainingMs(Clock::time_point deadline)
{
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return left.count() > 0 ? int(left.count()) : 0;
}

QString hostPort(const QString &host, int port)
{
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

void setNoDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Error fail(SshFailure *out, SshFailure value, const QString &message)
{
    if (out)
        *out = value;
    return Error(message).as(errorKindOf(value));
}

} // namespace ssh

using namespace ssh;

namespace {

// libssh2_init() once per process, from whichever thread gets here first. libssh2_exit() is never
// called: tunnels may live until the process ends.
int initLibssh2()
{
    static std::once_flag once;
    static int rc = 0;
    std::call_once(once, [] { rc = libssh2_init(0); });
    return rc;
}

// ---------------------------------------------------------------------------------------------
// Connecting.

struct AddrInfoFree {
    void operator()(addrinfo *a) const { ::freeaddrinfo(a); }
};
using AddrList = std::unique_ptr<addrinfo, AddrInfoFree>;

Result<AddrList> resolve(const SshConfig &config, SshFailure *failure)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *addrs = nullptr;
    const QByteArray host = config.host.toUtf8();
    const QByteArray port = QByteArray::number(config.port);
    if (const int rc = ::getaddrinfo(host.constData(), port.constData(), &hints, &addrs); rc != 0)
        return fail(failure, SshFailure::Resolve,
                    QStringLiteral("Cannot resolve SSH host %1: %2")
                        .arg(config.host, QString::fromLocal8Bit(::gai_strerror(rc))));
    return AddrList(addrs);
}

// How connecting to the addresses of one host went.
struct ConnectAttempt {
    int fd = -1;
    int lastErr = 0;
    bool timedOut = false;
};

// One non-blocking connect to `a`, bounded by `deadline`. Sets attempt.fd on success.
void connectOne(const addrinfo *a, Clock::time_point deadline, ConnectAttempt &attempt)
{
    const int s =
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (s < 0) {
        attempt.lastErr = errno;
        return;
    }
    int rc = ::connect(s, a->ai_addr, a->ai_addrlen);
    if (rc < 0 && errno == EINPROGRESS) {
        pollfd p{s, POLLOUT, 0};
        do {
            rc = ::poll(&p, 1, remainingMs(deadline));
        } while (rc < 0 && errno == EINTR);
        if (rc == 0) {
            attempt.timedOut = true;
            attempt.lastErr = ETIMEDOUT;
            ::close(s);
            return;
        }
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
        rc = err ? -1 : 0;
        errno = err;
    }
    if (rc == 0) {
        attempt.fd = s;
    } else {
        attempt.lastErr = errno;
        ::close(s);
    }
}

// Keepalive settings of the SSH socket: a peer that stops acknowledging is noticed.
void configureSocket(int fd, const SshOptions &options)
{
    setNoDelay(fd);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    if (options.keepaliveIntervalS > 0) {
        // Unacknowledged data (our keepalives included) for this long means the peer is gone.
        const unsigned int userTimeoutMs = unsigned(options.keepaliveIntervalS) * 3000u + 10000u;
        ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &userTimeoutMs, sizeof userTimeoutMs);
    }
}

// A connected TCP socket to the SSH server (every resolved address in turn, all within the
// connect timeout).
Result<int> connectSocket(const SshConfig &config, const SshOptions &options, SshFailure *failure)
{
    auto addrs = resolve(config, failure);
    if (!addrs)
        return addrs.error();
    const auto deadline = Clock::now() + std::chrono::milliseconds(options.connectTimeoutMs);
    ConnectAttempt attempt;
    for (const addrinfo *a = addrs->get(); a && attempt.fd < 0 && !attempt.timedOut; a = a->ai_next)
        connectOne(a, deadline, attempt);
    const QString where = hostPort(config.host, config.port);
    if (attempt.timedOut)
        return fail(failure, SshFailure::Timeout,
                    QStringLiteral("Cannot connect to SSH server %1: no answer within %2 ms")
                        .arg(where)
                        .arg(options.connectTimeoutMs));
    if (attempt.fd < 0)
        return fail(failure, SshFailure::Connect,
                    QStringLiteral("Cannot connect to SSH server %1: %2")
                        .arg(where, errnoText(attempt.lastErr)));
    configureSocket(attempt.fd, options);
    return attempt.fd;
}

// ---------------------------------------------------------------------------------------------
// Authenticating.

QString localUserName()
{
    if (const passwd *pw = ::getpwuid(::geteuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
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

bool methodAllowed(const char *list, const char *method)
{
    if (!list)
        return true; // unknown: let the attempt decide
    const QList<QByteArray> methods = QByteArray(list).split(',');
    return methods.contains(QByteArray(method));
}

enum class AuthMethod { KeyFile, Agent, Password };

// The shared failure mapping: what a libssh2 status from one login attempt means. `encryptedKey`
// matters for KeyFile only (a key libssh2 cannot load is then taken as a wrong passphrase).
// LIBSSH2_ERROR_AGENT_PROTOCOL from one agent key is a refusal of that key.
SshFailure authFailureOf(AuthMethod method, int rc, bool encryptedKey = false)
{
    if (rc == LIBSSH2_ERROR_TIMEOUT)
        return SshFailure::Timeout;
    const bool refused =
        rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED;
    switch (method) {
    case AuthMethod::KeyFile:
        if (rc == LIBSSH2_ERROR_FILE || rc == LIBSSH2_ERROR_KEYFILE_AUTH_FAILED)
            return encryptedKey ? SshFailure::WrongPassphrase : SshFailure::KeyFile;
        return refused ? SshFailure::KeyRefused : SshFailure::Other;
    case AuthMethod::Agent:
        return refused || rc == LIBSSH2_ERROR_AGENT_PROTOCOL ? SshFailure::AgentNoAcceptedKey
                                                             : SshFailure::Other;
    case AuthMethod::Password:
        return rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PASSWORD_EXPIRED
                   ? SshFailure::PasswordRefused
                   : SshFailure::Other;
    }
    return SshFailure::Other;
}

// One authentication: what every method needs to try and to report.
struct Login {
    SshSession &s;
    Clock::time_point deadline;
    QString where;                 // host:port, for messages
    QString userName;              // for messages
    QByteArray user;               // for libssh2
    const char *methods = nullptr; // the server's comma-separated list; null when unknown
    int authTimeoutMs = 0;
    SshFailure *failure = nullptr;

    Error fail(SshFailure value, const QString &message) const
    {
        return ssh::fail(failure, value, message);
    }
    Error timeout() const
    {
        return fail(SshFailure::Timeout,
                    QStringLiteral("SSH authentication with %1 did not finish within %2 ms")
                        .arg(where)
                        .arg(authTimeoutMs));
    }
    Error keyLoginsRefused(SshFailure value) const
    {
        return fail(value,
                    QStringLiteral("SSH server %1 does not accept key logins (it offers: %2)")
                        .arg(where, QString::fromUtf8(methods)));
    }
};

// Key file login: the file must be readable, an encrypted key needs a passphrase, and the server
// must offer publickey.
Status loginWithKeyFile(const Login &login, const QString &keyPath, const QByteArray &passphrase)
{
    const QString path = QFileInfo(SshTunnel::expandHome(keyPath)).absoluteFilePath();
    QFile keyFile(path);
    if (!keyFile.open(QIODevice::ReadOnly))
        return login.fail(
            SshFailure::KeyFile,
            QStringLiteral("Cannot read SSH key file %1: %2").arg(path, keyFile.errorString()));
    const bool encrypted = isEncryptedKey(keyFile.readAll());
    keyFile.close();
    if (encrypted && passphrase.isEmpty())
        return login.fail(
            SshFailure::WrongPassphrase,
            QStringLiteral("SSH key %1 is protected by a passphrase, and none was given")
                .arg(path));
    if (!methodAllowed(login.methods, "publickey"))
        return login.keyLoginsRefused(SshFailure::KeyRefused);
    const QByteArray pathBytes = QFile::encodeName(path);
    SshSession &s = login.s;
    const int rc = s.drive(login.deadline, [&] {
        // passphrase is NUL-terminated by QByteArray
        return libssh2_userauth_publickey_fromfile_ex(
            s.ssh, login.user.constData(), unsigned(login.user.size()), nullptr,
            pathBytes.constData(), passphrase.constData());
    });
    if (rc == 0)
        return Status::success();
    switch (authFailureOf(AuthMethod::KeyFile, rc, encrypted)) {
    case SshFailure::Timeout:
        return login.timeout();
    case SshFailure::WrongPassphrase:
        return login.fail(SshFailure::WrongPassphrase,
                          QStringLiteral("Wrong passphrase for SSH key %1").arg(path));
    case SshFailure::KeyFile:
        return login.fail(
            SshFailure::KeyFile,
            QStringLiteral("Cannot use SSH key file %1: unsupported or damaged key").arg(path));
    case SshFailure::KeyRefused:
        return login.fail(SshFailure::KeyRefused,
                          QStringLiteral("SSH server %1 refused key %2 for user %3")
                              .arg(login.where, path, login.userName));
    default:
        return login.fail(
            SshFailure::Other,
            QStringLiteral("SSH key login to %1 failed: %2").arg(login.where, s.lastError()));
    }
}

// Frees an ssh-agent handle (disconnecting it) when the login is over.
struct AgentGuard {
    LIBSSH2_AGENT *a;
    explicit AgentGuard(LIBSSH2_AGENT *agent) : a(agent) {}
    AgentGuard(const AgentGuard &) = delete;
    AgentGuard &operator=(const AgentGuard &) = delete;
    ~AgentGuard()
    {
        libssh2_agent_disconnect(a);
        libssh2_agent_free(a);
    }
};

// Reaches ssh-agent at $SSH_AUTH_SOCK and has it list its keys.
Status connectAgent(const Login &login, LIBSSH2_AGENT *agent)
{
    if (qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK"))
        return login.fail(SshFailure::AgentUnavailable,
                          QStringLiteral("No ssh-agent: SSH_AUTH_SOCK is not set"));
    if (libssh2_agent_connect(agent) != 0)
        return login.fail(SshFailure::AgentUnavailable,
                          QStringLiteral("Cannot reach ssh-agent at %1")
                              .arg(qEnvironmentVariable("SSH_AUTH_SOCK")));
    if (libssh2_agent_list_identities(agent) != 0)
        return login.fail(
            SshFailure::AgentUnavailable,
            QStringLiteral("ssh-agent did not list its keys: %1").arg(login.s.lastError()));
    return Status::success();
}

// ssh-agent login: every key the agent holds, in its order, until the server accepts one.
Status loginWithAgent(const Login &login)
{
    SshSession &s = login.s;
    LIBSSH2_AGENT *agent = libssh2_agent_init(s.ssh);
    if (!agent)
        return login.fail(SshFailure::Other,
                          QStringLiteral("Cannot use ssh-agent: %1").arg(s.lastError()));
    const AgentGuard guard(agent);
    if (Status reached = connectAgent(login, agent); !reached)
        return reached;
    if (!methodAllowed(login.methods, "publickey"))
        return login.keyLoginsRefused(SshFailure::AgentNoAcceptedKey);
    libssh2_agent_publickey *identity = nullptr;
    libssh2_agent_publickey *previous = nullptr;
    int tried = 0;
    while (libssh2_agent_get_identity(agent, &identity, previous) == 0) {
        previous = identity;
        ++tried;
        const int rc = s.drive(login.deadline, [&] {
            return libssh2_agent_userauth(agent, login.user.constData(), identity);
        });
        if (rc == 0)
            return Status::success();
        const SshFailure failure = authFailureOf(AuthMethod::Agent, rc);
        if (failure == SshFailure::Timeout)
            return login.timeout();
        if (failure != SshFailure::AgentNoAcceptedKey)
            return login.fail(
                failure,
                QStringLiteral("SSH agent login to %1 failed: %2").arg(login.where, s.lastError()));
    }
    return login.fail(
        SshFailure::AgentNoAcceptedKey,
        QStringLiteral("ssh-agent offered %1 key(s); SSH server %2 accepted none for user %3")
            .arg(tried)
            .arg(login.where, login.userName));
}

// Password login (also the answer when no key, no agent and no password are configured).
Status loginWithPassword(const Login &login, const QByteArray &password)
{
    if (password.isEmpty())
        return login.fail(
            SshFailure::PasswordRefused,
            QStringLiteral("No way to log in to SSH server %1: no key, no agent and no password")
                .arg(login.where));
    if (!methodAllowed(login.methods, "password"))
        return login.fail(
            SshFailure::PasswordRefused,
            QStringLiteral("SSH server %1 does not accept password logins (it offers: %2)")
                .arg(login.where, QString::fromUtf8(login.methods)));
    SshSession &s = login.s;
    const int rc = s.drive(login.deadline, [&] {
        return libssh2_userauth_password_ex(s.ssh, login.user.constData(),
                                            unsigned(login.user.size()), password.constData(),
                                            unsigned(password.size()), nullptr);
    });
    if (rc == 0)
        return Status::success();
    switch (authFailureOf(AuthMethod::Password, rc)) {
    case SshFailure::Timeout:
        return login.timeout();
    case SshFailure::PasswordRefused:
        return login.fail(SshFailure::PasswordRefused,
                          QStringLiteral("SSH server %1 refused the password for user %2%3")
                              .arg(login.where, login.userName,
                                   rc == LIBSSH2_ERROR_PASSWORD_EXPIRED
                                       ? QStringLiteral(" (expired)")
                                       : QString()));
    default:
        return login.fail(
            SshFailure::Other,
            QStringLiteral("SSH password login to %1 failed: %2").arg(login.where, s.lastError()));
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------
// SshSession.

Result<std::unique_ptr<SshSession>>
SshSession::connect(const SshConfig &config, const SshOptions &options, SshFailure *failure)
{
    const QString where = hostPort(config.host, config.port);
    if (initLibssh2() != 0)
        return fail(failure, SshFailure::Other, QStringLiteral("Cannot initialise libssh2"));
    if (config.host.isEmpty())
        return fail(failure, SshFailure::Resolve, QStringLiteral("No SSH host given"));
    auto fd = connectSocket(config, options, failure);
    if (!fd)
        return fd.error();

    auto session = std::make_unique<SshSession>();
    session->fd = *fd;
    session->ssh = libssh2_session_init_ex(nullptr, nullptr, nullptr, session.get());
    if (!session->ssh)
        return fail(failure, SshFailure::Other,
                    QStringLiteral("Cannot create an SSH session for %1").arg(where));
    libssh2_session_callback_set(session->ssh, LIBSSH2_CALLBACK_SEND,
                                 reinterpret_cast<void *>(&SshSession::sendCallback));
    libssh2_session_set_blocking(session->ssh, 0);
    const auto deadline = Clock::now() + std::chrono::milliseconds(options.handshakeTimeoutMs);
    SshSession &s = *session;
    const int rc = s.drive(deadline, [&] { return libssh2_session_handshake(s.ssh, s.fd); });
    if (rc == LIBSSH2_ERROR_TIMEOUT)
        return fail(failure, SshFailure::Timeout,
                    QStringLiteral("SSH handshake with %1 did not finish within %2 ms")
                        .arg(where)
                        .arg(options.handshakeTimeoutMs));
    if (rc != 0)
        return fail(failure, SshFailure::Handshake,
                    QStringLiteral("SSH handshake with %1 failed: %2").arg(where, s.lastError()));
    return session;
}

Status SshSession::authenticate(const SshConfig &config, const SshCredentials &credentials,
                                const SshOptions &options, SshFailure *failure)
{
    Login login{*this,
                Clock::now() + std::chrono::milliseconds(options.authTimeoutMs),
                hostPort(config.host, config.port),
                config.user.isEmpty() ? localUserName() : config.user,
                {},
                nullptr,
                options.authTimeoutMs,
                failure};
    login.user = login.userName.toUtf8();

    const char *methods = nullptr;
    const int rc = drive(login.deadline, [&] {
        methods = libssh2_userauth_list(ssh, login.user.constData(), unsigned(login.user.size()));
        return methods ? 0 : libssh2_session_last_errno(ssh);
    });
    if (rc == LIBSSH2_ERROR_TIMEOUT)
        return login.timeout();
    if (libssh2_userauth_authenticated(ssh))
        return Status::success(); // the server accepted "none"
    login.methods = rc == 0 ? methods : nullptr;

    if (!config.key.isEmpty())
        return loginWithKeyFile(login, config.key, credentials.passphrase);
    if (config.agent)
        return loginWithAgent(login);
    return loginWithPassword(login, credentials.password);
}

LIBSSH2_SEND_FUNC(SshSession::sendCallback)
{
    auto *self = static_cast<SshSession *>(*abstract);
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

bool SshSession::flush()
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

bool SshSession::wait(Clock::time_point deadline)
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

QString SshSession::lastError() const
{
    char *msg = nullptr;
    int len = 0;
    libssh2_session_last_error(ssh, &msg, &len, 0);
    return msg && len > 0 ? QString::fromUtf8(msg, len) : QStringLiteral("unknown libssh2 error");
}

void SshSession::destroy(bool polite)
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

} // namespace retort
