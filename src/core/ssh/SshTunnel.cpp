#include "ssh/SshTunnel.h"

#include "ssh/KnownHosts.h"
#include "ssh/SshSession.h"

#include <QDir>
#include <QMutex>
#include <QMutexLocker>

#include <libssh2.h>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <deque>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace retort {

using namespace ssh;

namespace {

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

    std::unique_ptr<SshSession> session;
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

    enum class Pumped { Ok, Closing, SessionFailed };

    // Client → remote, then EOF on the channel once the client's side is all sent. A channel
    // error starts closing this connection (Closing); a session error is SessionFailed.
    Pumped pumpToRemote(Conn &c)
    {
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
                return Pumped::Closing;
            }
            failSession(int(n));
            return Pumped::SessionFailed;
        }
        if (c.clientEof && c.toRemote.isEmpty() && !c.eofSent) {
            const int rc = libssh2_channel_send_eof(c.channel);
            if (rc == 0) {
                c.eofSent = true;
                progress = true;
            } else if (rc != LIBSSH2_ERROR_EAGAIN) {
                if (!isChannelError(rc)) {
                    failSession(rc);
                    return Pumped::SessionFailed;
                }
                c.eofSent = true; // the channel is closed already
            }
        }
        return Pumped::Ok;
    }

    // Remote → client buffer (up to kBufferCap). False when the session failed.
    bool pumpToClient(Conn &c)
    {
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
        return true;
    }

    // Moves one open connection's data both ways. False when the session failed.
    bool pumpOpen(Conn &c)
    {
        switch (pumpToRemote(c)) {
        case Pumped::Closing:
            return true;
        case Pumped::SessionFailed:
            return false;
        case Pumped::Ok:
            break;
        }
        if (!pumpToClient(c))
            return false;
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

    // Step 1 of the loop: lets libssh2 do what it can, then sends a keepalive when due. Repeats
    // while anything moved: one channel's read may have brought in what another waits for (a
    // window adjustment, data, a close confirmation). That sits in libssh2's queue, not in the
    // socket, so poll() would not report it. Returns the seconds until the next keepalive.
    int pumpUntilIdle()
    {
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
        return nextKeepaliveS;
    }

    // Step 2: what to wait for. fds[0] is the wake-up eventfd, fds[1] the SSH socket, fds[2] the
    // listener (-1 while paused), then one entry per client socket, whose Conn is in fdConn.
    void buildPollSet(std::vector<pollfd> &fds, std::vector<Conn *> &fdConn) const
    {
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
        for (const auto &c : conns) {
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
    }

    // Step 3: socket work after poll(). False when the SSH connection ended (sessionLoss says
    // why).
    bool serviceSockets(const std::vector<pollfd> &fds, const std::vector<Conn *> &fdConn)
    {
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
            return false;
        }
        return true;
    }

    // The tunnel thread's body: the loop, then the teardown.
    void run(SshTunnel *q)
    {
        threadId.store(std::this_thread::get_id());
        std::vector<pollfd> fds;
        std::vector<Conn *> fdConn;
        for (;;) {
            const int nextKeepaliveS = pumpUntilIdle();
            if (!sessionLoss.isEmpty())
                break;
            buildPollSet(fds, fdConn);
            const int timeoutMs = keepaliveIntervalS > 0 ? std::max(nextKeepaliveS, 1) * 1000 : -1;
            const int n = ::poll(fds.data(), nfds_t(fds.size()), timeoutMs);
            if (n < 0 && errno != EINTR) {
                markLost(QStringLiteral("poll failed: %1").arg(errnoText(errno)));
                break;
            }
            if (stopRequested.load())
                break;
            if (n > 0 && !serviceSockets(fds, fdConn))
                break;
        }
        teardown(q);
    }

    // After the loop, in the tunnel thread (libssh2 is only ever used here): closes everything
    // and, when the connection was lost rather than closed, records why and emits lost() once.
    void teardown(SshTunnel *q)
    {
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
        if (!wasLost) {
            alive.store(false);
            return;
        }
        const QString reason =
            QStringLiteral("SSH tunnel to %1 lost: %2").arg(hostPort(host, port), sessionLoss);
        {
            QMutexLocker lock(&mutex);
            lostReason = reason;
        }
        alive.store(false);
        Q_EMIT q->lost(reason);
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

namespace {

// A listening socket on 127.0.0.1 at a free port: its fd and port.
Result<std::pair<int, int>> openListener(SshFailure *failure)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
        ::listen(fd, SOMAXCONN) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        return fail(failure, SshFailure::Listen,
                    QStringLiteral("Cannot listen on 127.0.0.1 for the SSH tunnel: %1")
                        .arg(errnoText(err)));
    }
    return std::pair<int, int>(fd, ntohs(addr.sin_port));
}

// A connected, host-checked and authenticated session.
Result<std::unique_ptr<SshSession>> loggedInSession(const SshConfig &config,
                                                    const SshCredentials &credentials,
                                                    const SshOptions &options, SshFailure *failure)
{
    auto session = SshSession::connect(config, options, failure);
    if (!session)
        return session.error();
    auto status = KnownHosts::check(**session, config, failure);
    if (!status)
        return status.error();
    if (status->verdict != HostKeyStatus::Verdict::Known) {
        const bool changed = status->verdict == HostKeyStatus::Verdict::Changed;
        if (failure)
            *failure = changed ? SshFailure::HostKeyChanged : SshFailure::HostKeyUnknown;
        return KnownHosts::refusal(*status);
    }
    if (Status auth = (*session)->authenticate(config, credentials, options, failure); !auth)
        return auth.error();
    return session;
}

} // namespace

Result<std::unique_ptr<SshTunnel>> SshTunnel::open(const SshConfig &config,
                                                   const SshCredentials &credentials,
                                                   const QString &remoteHost, int remotePort,
                                                   const SshOptions &options, SshFailure *failure)
{
    if (failure)
        *failure = SshFailure::None;
    auto session = loggedInSession(config, credentials, options, failure);
    if (!session)
        return session.error();

    auto impl = std::make_unique<Impl>();
    impl->host = config.host;
    impl->port = config.port;
    impl->remoteHost = remoteHost.toUtf8();
    impl->remotePort = remotePort;
    impl->keepaliveIntervalS = std::max(0, options.keepaliveIntervalS);
    if (impl->keepaliveIntervalS > 0)
        libssh2_keepalive_config((*session)->ssh, 0, unsigned(impl->keepaliveIntervalS));
    auto listener = openListener(failure);
    if (!listener)
        return listener.error();
    impl->listenFd = listener->first;
    impl->localPort = listener->second;
    impl->wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (impl->wakeFd < 0)
        return fail(failure, SshFailure::Other,
                    QStringLiteral("Cannot create the SSH tunnel's wake-up descriptor: %1")
                        .arg(errnoText(errno)));
    impl->session = std::move(*session);

    std::unique_ptr<SshTunnel> tunnel(new SshTunnel(std::move(impl)));
    SshTunnel *q = tunnel.get();
    tunnel->m_impl->thread = std::thread([q] { q->m_impl->run(q); });
    return tunnel;
}

Result<HostKeyStatus> SshTunnel::checkHostKey(const SshConfig &config, const SshOptions &options,
                                              SshFailure *failure)
{
    if (failure)
        *failure = SshFailure::None;
    auto session = SshSession::connect(config, options, failure);
    if (!session)
        return session.error();
    auto status = KnownHosts::check(**session, config, failure);
    (*session)->destroy(true);
    return status;
}

Status SshTunnel::acceptHostKey(const HostKeyStatus &status)
{
    return KnownHosts::accept(status);
}

QString SshTunnel::fingerprint(const QByteArray &keyBlob)
{
    return KnownHosts::fingerprint(keyBlob);
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
