// SshTunnel against a real OpenSSH server on loopback (tests/services/start-sshd.sh: SSH_* in
// services.env). Forwarded connections go to an echo server in this process.

#include "ssh/SshTunnel.h"
#include "TestServices.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <dirent.h>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace std::chrono_literals;
using retort::ErrorKind;
using retort::HostKeyStatus;
using retort::SshConfig;
using retort::SshCredentials;
using retort::SshFailure;
using retort::SshOptions;
using retort::SshTunnel;
using Clock = std::chrono::steady_clock;

namespace {

QString svc(const char *key)
{
    return retort::test::requireService(key);
}

// An echo server on 127.0.0.1: one thread per connection, echoes until EOF, then closes.
class EchoServer {
public:
    EchoServer()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
        ::listen(m_fd, 128);
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&a), &len);
        m_port = ntohs(a.sin_port);
        m_acceptor = std::thread([this] { acceptLoop(); });
    }
    ~EchoServer()
    {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR);
        m_acceptor.join();
        ::close(m_fd);
        std::lock_guard lock(m_mutex);
        for (int fd : m_clients)
            ::shutdown(fd, SHUT_RDWR);
        for (auto &t : m_workers)
            t.join();
    }
    int port() const { return m_port; }
    int accepted() const { return m_accepted.load(); }

private:
    void acceptLoop()
    {
        while (!m_stop) {
            const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) {
                if (m_stop)
                    return;
                continue;
            }
            ++m_accepted;
            std::lock_guard lock(m_mutex);
            m_clients.push_back(c);
            m_workers.emplace_back([c] {
                char buf[65536];
                for (;;) {
                    const ssize_t n = ::recv(c, buf, sizeof buf, 0);
                    if (n <= 0)
                        break;
                    ssize_t off = 0;
                    while (off < n) {
                        const ssize_t w = ::send(c, buf + off, size_t(n - off), MSG_NOSIGNAL);
                        if (w <= 0)
                            goto done;
                        off += w;
                    }
                }
            done:
                ::shutdown(c, SHUT_RDWR);
            });
        }
    }

    int m_fd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_accepted{0};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<int> m_clients;
    std::vector<std::thread> m_workers;
};

// A connected client socket with receive/send timeouts (tests must not hang).
int connectLocal(int port, int timeoutS = 10)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(uint16_t(port));
    timeval tv{timeoutS, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool sendAll(int fd, const QByteArray &data)
{
    qsizetype off = 0;
    while (off < data.size()) {
        const ssize_t n =
            ::send(fd, data.constData() + off, size_t(data.size() - off), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        off += n;
    }
    return true;
}

// Reads exactly `size` bytes (or less on EOF/error/timeout).
QByteArray recvN(int fd, qsizetype size)
{
    QByteArray out;
    char buf[65536];
    while (out.size() < size) {
        const ssize_t n =
            ::recv(fd, buf, std::min<size_t>(sizeof buf, size_t(size - out.size())), 0);
        if (n <= 0)
            break;
        out.append(buf, n);
    }
    return out;
}

// 0: orderly EOF; -1: error (reset, timeout); 1: data.
int recvState(int fd)
{
    char c;
    const ssize_t n = ::recv(fd, &c, 1, 0);
    return n == 0 ? 0 : n < 0 ? -1 : 1;
}

QByteArray randomBytes(qsizetype n)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator gen(42);
    for (qsizetype i = 0; i < n; ++i)
        b[i] = char(gen.generate() & 0xff);
    return b;
}

SshConfig baseConfig()
{
    SshConfig c;
    c.host = svc("SSH_HOST");
    c.port = svc("SSH_PORT").toInt();
    c.user = svc("SSH_USER");
    c.key = svc("SSH_KEY");
    c.knownHosts = svc("SSH_KNOWN_HOSTS");
    return c;
}

SshOptions fastOptions()
{
    SshOptions o;
    o.connectTimeoutMs = 5000;
    o.handshakeTimeoutMs = 10000;
    o.authTimeoutMs = 10000;
    return o;
}

std::unique_ptr<SshTunnel> openOrFail(const SshConfig &config, int remotePort,
                                      const SshCredentials &creds = {})
{
    SshFailure failure = SshFailure::Other;
    auto r = SshTunnel::open(config, creds, QStringLiteral("127.0.0.1"), remotePort, fastOptions(),
                             &failure);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message.toStdString());
    if (!r.ok())
        return nullptr;
    EXPECT_EQ(failure, SshFailure::None);
    return std::move(*r);
}

SshFailure openFailure(const SshConfig &config, const SshCredentials &creds,
                       QString *message = nullptr)
{
    SshFailure failure = SshFailure::None;
    auto r =
        SshTunnel::open(config, creds, QStringLiteral("127.0.0.1"), 9, fastOptions(), &failure);
    EXPECT_FALSE(r.ok());
    if (!r.ok() && message)
        *message = r.error().message;
    if (!r.ok()) { // every SSH error carries the kind of its failure
        EXPECT_EQ(r.error().kind, retort::errorKindOf(failure)) << r.error().message.toStdString();
    }
    return failure;
}

// The kind of the Error a failing open() returns.
ErrorKind openKind(const SshConfig &config, const SshCredentials &creds)
{
    auto r = SshTunnel::open(config, creds, QStringLiteral("127.0.0.1"), 9, fastOptions());
    EXPECT_FALSE(r.ok());
    return r.ok() ? ErrorKind::Unspecified : r.error().kind;
}

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(15000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

// The "SHA256:…" field of `ssh-keygen -lf file.pub`.
QString keygenFingerprint(const QString &pubFile)
{
    const QStringList fields =
        run(QStringLiteral("ssh-keygen"), {QStringLiteral("-lf"), pubFile}).split(u' ');
    return fields.size() > 1 ? fields[1] : QString();
}

bool waitFor(const std::function<bool()> &cond, std::chrono::milliseconds limit)
{
    const auto end = Clock::now() + limit;
    while (Clock::now() < end) {
        if (cond())
            return true;
        std::this_thread::sleep_for(10ms);
    }
    return cond();
}

class SshTunnelTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_FALSE(svc("SSH_PORT").isEmpty());
        ASSERT_TRUE(m_tmp.isValid());
    }
    QTemporaryDir m_tmp;
};

} // namespace

// ---------------------------------------------------------------------------------------------
// Host keys

TEST_F(SshTunnelTest, KnownHostKeyIsKnown)
{
    SshFailure failure = SshFailure::Other;
    auto status = SshTunnel::checkHostKey(baseConfig(), fastOptions(), &failure);
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    EXPECT_EQ(failure, SshFailure::None);
    EXPECT_EQ(status->verdict, HostKeyStatus::Verdict::Known);
    EXPECT_EQ(status->keyType, QStringLiteral("ssh-ed25519"));
    EXPECT_EQ(status->fingerprint, keygenFingerprint(svc("SSH_HOST_KEY_PUB")));
}

TEST_F(SshTunnelTest, HashedKnownHostsEntryIsKnown)
{
    SshConfig config = baseConfig();
    config.knownHosts = svc("SSH_KNOWN_HOSTS_HASHED");
    QFile f(config.knownHosts);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    ASSERT_TRUE(f.readAll().startsWith("|1|")) << "ssh-keygen -H did not hash the file";
    auto status = SshTunnel::checkHostKey(config, fastOptions());
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    EXPECT_EQ(status->verdict, HostKeyStatus::Verdict::Known);
}

TEST_F(SshTunnelTest, BareHostEntryDoesNotCoverANonStandardPort)
{
    // OpenSSH keys non-22 ports as [host]:port; a bare "127.0.0.1" line (even with the right key)
    // is for port 22 only.
    SshConfig config = baseConfig();
    config.knownHosts = m_tmp.filePath(QStringLiteral("known_hosts"));
    QFile pub(svc("SSH_HOST_KEY_PUB"));
    ASSERT_TRUE(pub.open(QIODevice::ReadOnly));
    const QList<QByteArray> fields = pub.readAll().split(' ');
    QFile kh(config.knownHosts);
    ASSERT_TRUE(kh.open(QIODevice::WriteOnly));
    kh.write("127.0.0.1 " + fields[0] + ' ' + fields[1] + '\n');
    kh.close();
    auto status = SshTunnel::checkHostKey(config, fastOptions());
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    EXPECT_EQ(status->verdict, HostKeyStatus::Verdict::Unknown);
}

TEST_F(SshTunnelTest, UnknownHostKeyReportsFingerprintAndAcceptAppendsIt)
{
    // Default known_hosts (~/.ssh/known_hosts) in a fresh HOME: `~` expansion and folder creation.
    const QByteArray oldHome = qgetenv("HOME");
    qputenv("HOME", m_tmp.path().toUtf8());
    struct Restore {
        QByteArray home;
        ~Restore() { qputenv("HOME", home); }
    } restore{oldHome};

    SshConfig config = baseConfig();
    config.knownHosts.clear();
    const QString expectedFile = m_tmp.filePath(QStringLiteral(".ssh/known_hosts"));

    auto status = SshTunnel::checkHostKey(config, fastOptions());
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    EXPECT_EQ(status->verdict, HostKeyStatus::Verdict::Unknown);
    EXPECT_EQ(status->knownHostsFile, expectedFile);
    EXPECT_EQ(status->fingerprint, keygenFingerprint(svc("SSH_HOST_KEY_PUB")));
    EXPECT_TRUE(status->fingerprint.startsWith(QStringLiteral("SHA256:")));
    EXPECT_FALSE(status->fingerprint.endsWith(u'='));

    // open() refuses an unknown key.
    QString message;
    EXPECT_EQ(openFailure(config, {}, &message), SshFailure::HostKeyUnknown);
    EXPECT_TRUE(message.contains(status->fingerprint)) << message.toStdString();
    EXPECT_EQ(openKind(config, {}), ErrorKind::HostKeyUnknown);

    ASSERT_TRUE(SshTunnel::acceptHostKey(*status).ok());
    ASSERT_TRUE(QFile::exists(expectedFile));
    // OpenSSH finds the entry it would use for this port.
    const QString found =
        run(QStringLiteral("ssh-keygen"),
            {QStringLiteral("-F"), QStringLiteral("[%1]:%2").arg(config.host).arg(config.port),
             QStringLiteral("-f"), expectedFile});
    EXPECT_TRUE(found.contains(QStringLiteral("ssh-ed25519"))) << found.toStdString();

    auto again = SshTunnel::checkHostKey(config, fastOptions());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->verdict, HostKeyStatus::Verdict::Known);

    EchoServer echo;
    auto tunnel = openOrFail(config, echo.port());
    ASSERT_TRUE(tunnel);
}

TEST_F(SshTunnelTest, ChangedHostKeyIsRefusedLoudly)
{
    SshConfig config = baseConfig();
    config.knownHosts = svc("SSH_KNOWN_HOSTS_CHANGED");
    auto status = SshTunnel::checkHostKey(config, fastOptions());
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    EXPECT_EQ(status->verdict, HostKeyStatus::Verdict::Changed);
    EXPECT_EQ(status->fingerprint, keygenFingerprint(svc("SSH_HOST_KEY_PUB")));

    const retort::Status accepted = SshTunnel::acceptHostKey(*status);
    ASSERT_FALSE(accepted.ok()) << "a changed key must never be accepted";
    EXPECT_EQ(accepted.error().kind, ErrorKind::HostKeyChanged);

    QString message;
    EXPECT_EQ(openFailure(config, {}, &message), SshFailure::HostKeyChanged);
    EXPECT_TRUE(message.contains(QStringLiteral("CHANGED"))) << message.toStdString();
    EXPECT_TRUE(message.contains(QStringLiteral("attack"))) << message.toStdString();
    EXPECT_TRUE(message.contains(config.knownHosts)) << message.toStdString();
    EXPECT_EQ(openKind(config, {}), ErrorKind::HostKeyChanged);
}

// ---------------------------------------------------------------------------------------------
// Authentication

TEST_F(SshTunnelTest, KeyWithPassphrase)
{
    SshConfig config = baseConfig();
    config.key = svc("SSH_KEY_PASS");
    EchoServer echo;

    SshCredentials right;
    right.passphrase = svc("SSH_KEY_PASSPHRASE").toUtf8();
    auto tunnel = openOrFail(config, echo.port(), right);
    ASSERT_TRUE(tunnel);

    SshCredentials wrong;
    wrong.passphrase = "not-the-passphrase";
    QString message;
    EXPECT_EQ(openFailure(config, wrong, &message), SshFailure::WrongPassphrase);
    EXPECT_TRUE(message.contains(QStringLiteral("passphrase"))) << message.toStdString();
    EXPECT_FALSE(message.contains(QStringLiteral("not-the-passphrase")));

    EXPECT_EQ(openFailure(config, {}, &message), SshFailure::WrongPassphrase);
    EXPECT_EQ(openKind(config, wrong), ErrorKind::SshPassphrase);
    EXPECT_EQ(openKind(config, {}), ErrorKind::SshPassphrase);
}

TEST_F(SshTunnelTest, KeyNotAuthorizedIsRefused)
{
    SshConfig config = baseConfig();
    config.key = svc("SSH_KEY_REFUSED");
    QString message;
    EXPECT_EQ(openFailure(config, {}, &message), SshFailure::KeyRefused);
    EXPECT_TRUE(message.contains(QStringLiteral("refused"))) << message.toStdString();
    EXPECT_EQ(openKind(config, {}), ErrorKind::SshAuthFailed);
}

TEST_F(SshTunnelTest, MissingKeyFile)
{
    SshConfig config = baseConfig();
    config.key = m_tmp.filePath(QStringLiteral("no-such-key"));
    EXPECT_EQ(openFailure(config, {}), SshFailure::KeyFile);
    EXPECT_EQ(openKind(config, {}), ErrorKind::SshKeyFile);
}

TEST_F(SshTunnelTest, KeyPathWithTilde)
{
    ASSERT_TRUE(QDir(m_tmp.path()).mkpath(QStringLiteral(".ssh")));
    ASSERT_TRUE(QFile::copy(svc("SSH_KEY"), m_tmp.filePath(QStringLiteral(".ssh/id_test"))));
    const QByteArray oldHome = qgetenv("HOME");
    qputenv("HOME", m_tmp.path().toUtf8());
    struct Restore {
        QByteArray home;
        ~Restore() { qputenv("HOME", home); }
    } restore{oldHome};
    SshConfig config = baseConfig();
    config.key = QStringLiteral("~/.ssh/id_test");
    EchoServer echo;
    EXPECT_TRUE(openOrFail(config, echo.port()));
}

TEST_F(SshTunnelTest, Password)
{
    SshConfig config = baseConfig();
    config.key.clear();
    EchoServer echo;

    SshCredentials right;
    right.password = svc("SSH_PASSWORD").toUtf8();
    auto tunnel = openOrFail(config, echo.port(), right);
    ASSERT_TRUE(tunnel);
    const int fd = connectLocal(tunnel->localPort());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(sendAll(fd, "ping"));
    EXPECT_EQ(recvN(fd, 4), QByteArray("ping"));
    ::close(fd);

    SshCredentials wrong;
    wrong.password = "wrong-password-123";
    QString message;
    EXPECT_EQ(openFailure(config, wrong, &message), SshFailure::PasswordRefused);
    EXPECT_FALSE(message.contains(QStringLiteral("wrong-password-123")));

    EXPECT_EQ(openFailure(config, {}), SshFailure::PasswordRefused);
    EXPECT_EQ(openKind(config, wrong), ErrorKind::SshAuthFailed);
}

namespace {

// A private ssh-agent for one test; SSH_AUTH_SOCK points at it while it lives.
class Agent {
public:
    explicit Agent(const QString &dir)
    {
        m_socket = dir + QStringLiteral("/agent.sock");
        m_old = qgetenv("SSH_AUTH_SOCK");
        m_process.start(QStringLiteral("ssh-agent"),
                        {QStringLiteral("-D"), QStringLiteral("-a"), m_socket});
        m_process.waitForStarted(5000);
        waitFor([&] { return QFile::exists(m_socket); }, 5s);
        qputenv("SSH_AUTH_SOCK", m_socket.toUtf8());
    }
    ~Agent()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
        if (m_old.isEmpty())
            qunsetenv("SSH_AUTH_SOCK");
        else
            qputenv("SSH_AUTH_SOCK", m_old);
    }
    bool add(const QString &key)
    {
        QProcess add;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSH_AUTH_SOCK"), m_socket);
        add.setProcessEnvironment(env);
        add.start(QStringLiteral("ssh-add"), {key});
        return add.waitForFinished(10000) && add.exitCode() == 0;
    }

private:
    QString m_socket;
    QByteArray m_old;
    QProcess m_process;
};

} // namespace

TEST_F(SshTunnelTest, AgentWithAcceptedKey)
{
    Agent agent(m_tmp.path());
    ASSERT_TRUE(agent.add(svc("SSH_KEY_REFUSED")));
    ASSERT_TRUE(agent.add(svc("SSH_KEY")));
    SshConfig config = baseConfig();
    config.key.clear();
    config.agent = true;
    EchoServer echo;
    EXPECT_TRUE(openOrFail(config, echo.port()));
}

TEST_F(SshTunnelTest, AgentWithoutAcceptedKey)
{
    Agent agent(m_tmp.path());
    ASSERT_TRUE(agent.add(svc("SSH_KEY_REFUSED")));
    SshConfig config = baseConfig();
    config.key.clear();
    config.agent = true;
    QString message;
    EXPECT_EQ(openFailure(config, {}, &message), SshFailure::AgentNoAcceptedKey);
    EXPECT_TRUE(message.contains(QStringLiteral("accepted none"))) << message.toStdString();
    EXPECT_EQ(openKind(config, {}), ErrorKind::SshAgent);
}

TEST_F(SshTunnelTest, NoAgent)
{
    const QByteArray old = qgetenv("SSH_AUTH_SOCK");
    qunsetenv("SSH_AUTH_SOCK");
    SshConfig config = baseConfig();
    config.key.clear();
    config.agent = true;
    EXPECT_EQ(openFailure(config, {}), SshFailure::AgentUnavailable);
    qputenv("SSH_AUTH_SOCK", m_tmp.filePath(QStringLiteral("no-agent.sock")).toUtf8());
    EXPECT_EQ(openFailure(config, {}), SshFailure::AgentUnavailable);
    if (old.isEmpty())
        qunsetenv("SSH_AUTH_SOCK");
    else
        qputenv("SSH_AUTH_SOCK", old);
}

// ---------------------------------------------------------------------------------------------
// Connecting

TEST_F(SshTunnelTest, ConnectionRefused)
{
    SshConfig config = baseConfig();
    // A port that was free a moment ago.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
    config.port = ntohs(a.sin_port);
    ::close(fd);
    EXPECT_EQ(openFailure(config, {}), SshFailure::Connect);
    EXPECT_EQ(openKind(config, {}), ErrorKind::ConnectionRefused);
}

TEST_F(SshTunnelTest, SilentServerTimesOutInTheHandshake)
{
    // Accepts the TCP connection (the kernel does, from the backlog) and never says a word.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    ::listen(fd, 4);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
    SshConfig config = baseConfig();
    config.port = ntohs(a.sin_port);
    SshOptions options = fastOptions();
    options.handshakeTimeoutMs = 500;
    SshFailure failure = SshFailure::None;
    const auto start = Clock::now();
    auto r = SshTunnel::checkHostKey(config, options, &failure);
    const auto elapsed = Clock::now() - start;
    ::close(fd);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(failure, SshFailure::Timeout);
    EXPECT_EQ(r.error().kind, ErrorKind::Timeout);
    EXPECT_LT(elapsed, 3s);
}

// ---------------------------------------------------------------------------------------------
// Forwarding

TEST_F(SshTunnelTest, CarriesDataBothWays)
{
    EchoServer echo;
    auto tunnel = openOrFail(baseConfig(), echo.port());
    ASSERT_TRUE(tunnel);
    EXPECT_TRUE(tunnel->isAlive());
    EXPECT_GT(tunnel->localPort(), 0);
    const int fd = connectLocal(tunnel->localPort());
    ASSERT_GE(fd, 0);
    for (int i = 0; i < 5; ++i) {
        const QByteArray msg = "hello through the tunnel #" + QByteArray::number(i);
        ASSERT_TRUE(sendAll(fd, msg));
        EXPECT_EQ(recvN(fd, msg.size()), msg);
    }
    // Half-close: our EOF reaches the echo server, whose close comes back as EOF.
    ::shutdown(fd, SHUT_WR);
    EXPECT_EQ(recvState(fd), 0);
    ::close(fd);
    EXPECT_TRUE(tunnel->isAlive());
    EXPECT_TRUE(tunnel->lostReason().isEmpty());
}

TEST_F(SshTunnelTest, LargeTransferBothWaysAtOnce)
{
    EchoServer echo;
    auto tunnel = openOrFail(baseConfig(), echo.port());
    ASSERT_TRUE(tunnel);
    const int fd = connectLocal(tunnel->localPort(), 30);
    ASSERT_GE(fd, 0);
    const QByteArray data = randomBytes(8 * 1024 * 1024); // beyond every window and buffer
    const auto start = Clock::now();
    std::thread writer([&] {
        sendAll(fd, data);
        ::shutdown(fd, SHUT_WR);
    });
    const QByteArray back = recvN(fd, data.size());
    writer.join();
    // A missed wake-up in the tunnel loop shows as stalls until the next keepalive (30 s).
    EXPECT_LT(Clock::now() - start, 15s);
    EXPECT_EQ(back.size(), data.size());
    EXPECT_TRUE(back == data) << "data corrupted in transit";
    EXPECT_EQ(recvState(fd), 0);
    ::close(fd);
}

TEST_F(SshTunnelTest, TwentyConcurrentConnections)
{
    EchoServer echo;
    auto tunnel = openOrFail(baseConfig(), echo.port());
    ASSERT_TRUE(tunnel);
    constexpr int kConnections = 20;
    std::vector<int> fds;
    for (int i = 0; i < kConnections; ++i) {
        fds.push_back(connectLocal(tunnel->localPort(), 30));
        ASSERT_GE(fds.back(), 0);
    }
    // All open at once, each carrying its own data in both directions concurrently.
    std::vector<std::thread> threads;
    std::atomic<int> good{0};
    for (int i = 0; i < kConnections; ++i) {
        threads.emplace_back([&, i] {
            QByteArray data = randomBytes(256 * 1024);
            data.prepend(QByteArray::number(i).rightJustified(4, '0'));
            std::thread w([&] { sendAll(fds[size_t(i)], data); });
            const QByteArray back = recvN(fds[size_t(i)], data.size());
            w.join();
            if (back == data)
                ++good;
        });
    }
    for (auto &t : threads)
        t.join();
    EXPECT_EQ(good.load(), kConnections);
    EXPECT_EQ(echo.accepted(), kConnections);
    for (int fd : fds)
        ::close(fd);
    EXPECT_TRUE(tunnel->isAlive());
}

TEST_F(SshTunnelTest, UnreachableRemoteClosesTheClientOnly)
{
    // Forward to a port nobody listens on: the server refuses each channel.
    const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(probe, reinterpret_cast<sockaddr *>(&a), sizeof a);
    ::getsockname(probe, reinterpret_cast<sockaddr *>(&a), &len);
    const int deadPort = ntohs(a.sin_port);
    ::close(probe);

    auto tunnel = openOrFail(baseConfig(), deadPort);
    ASSERT_TRUE(tunnel);
    for (int i = 0; i < 3; ++i) {
        const int fd = connectLocal(tunnel->localPort());
        ASSERT_GE(fd, 0);
        EXPECT_EQ(recvState(fd), 0) << "client should see the connection closed";
        ::close(fd);
    }
    EXPECT_TRUE(tunnel->isAlive());
}

TEST_F(SshTunnelTest, IdleTunnelDoesNotBusyWait)
{
    EchoServer echo;
    SshOptions options = fastOptions();
    options.keepaliveIntervalS = 1; // keepalives on, too
    auto r = SshTunnel::open(baseConfig(), {}, QStringLiteral("127.0.0.1"), echo.port(), options);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    auto tunnel = std::move(*r);
    const int fd = connectLocal(tunnel->localPort());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(sendAll(fd, "x"));
    ASSERT_EQ(recvN(fd, 1), QByteArray("x"));

    rusage before{}, after{};
    ::getrusage(RUSAGE_SELF, &before);
    std::this_thread::sleep_for(1500ms);
    ::getrusage(RUSAGE_SELF, &after);
    const auto cpuUs = [](const rusage &u) {
        return qint64(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000 + u.ru_utime.tv_usec +
               u.ru_stime.tv_usec;
    };
    EXPECT_LT(cpuUs(after) - cpuUs(before), 100000) << "the tunnel thread spins while idle";
    ASSERT_TRUE(sendAll(fd, "y"));
    EXPECT_EQ(recvN(fd, 1), QByteArray("y"));
    ::close(fd);
    EXPECT_TRUE(tunnel->isAlive());
}

TEST_F(SshTunnelTest, CloseFromAnotherThreadEndsPromptly)
{
    EchoServer echo;
    auto tunnel = openOrFail(baseConfig(), echo.port());
    ASSERT_TRUE(tunnel);
    std::atomic<bool> lostEmitted{false};
    QObject::connect(
        tunnel.get(), &SshTunnel::lost, tunnel.get(), [&](const QString &) { lostEmitted = true; },
        Qt::DirectConnection);
    const int idle = connectLocal(tunnel->localPort());
    const int busy = connectLocal(tunnel->localPort());
    ASSERT_GE(idle, 0);
    ASSERT_GE(busy, 0);
    ASSERT_TRUE(sendAll(idle, "a"));
    ASSERT_EQ(recvN(idle, 1), QByteArray("a"));
    std::atomic<bool> stopWriting{false};
    std::thread writer([&] {
        const QByteArray chunk(64 * 1024, 'z');
        while (!stopWriting && sendAll(busy, chunk)) {
        }
    });
    std::this_thread::sleep_for(200ms);

    const auto start = Clock::now();
    std::thread closer([&] { tunnel->close(); });
    closer.join();
    const auto elapsed = Clock::now() - start;
    EXPECT_LT(elapsed, 2s);
    EXPECT_FALSE(tunnel->isAlive());
    EXPECT_TRUE(tunnel->lostReason().isEmpty());
    EXPECT_FALSE(lostEmitted.load());
    EXPECT_EQ(recvState(idle), 0) << "forwarded sockets are closed";
    stopWriting = true;
    ::shutdown(busy, SHUT_RDWR);
    writer.join();
    ::close(idle);
    ::close(busy);
    // Nobody listens any more.
    EXPECT_LT(connectLocal(tunnel->localPort(), 2), 0);
    tunnel->close(); // idempotent
}

namespace {

// A private sshd (same config and keys as the shared one) that a test may kill.
class PrivateSshd {
public:
    explicit PrivateSshd(const QString &dir)
    {
        const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        ::bind(probe, reinterpret_cast<sockaddr *>(&a), sizeof a);
        ::getsockname(probe, reinterpret_cast<sockaddr *>(&a), &len);
        m_port = ntohs(a.sin_port);
        ::close(probe);
        const QByteArray config = svc("SSH_CONFIG").toUtf8();
        const QByteArray port = QByteArray::number(m_port);
        const QByteArray log = (dir + QStringLiteral("/sshd.log")).toUtf8();
        std::vector<QByteArray> args = {"/usr/sbin/sshd", "-D", "-f", config, "-p", port, "-o",
                                        "PidFile=none",   "-E", log};
        std::vector<char *> argv;
        for (auto &s : args)
            argv.push_back(s.data());
        argv.push_back(nullptr);
        ::posix_spawn(&m_pid, argv[0], nullptr, nullptr, argv.data(), environ);
        waitFor(
            [&] {
                const int fd = connectLocal(m_port, 1);
                if (fd < 0)
                    return false;
                ::close(fd);
                return true;
            },
            10s);
        m_knownHosts = dir + QStringLiteral("/known_hosts_private");
        QFile pub(svc("SSH_HOST_KEY_PUB"));
        pub.open(QIODevice::ReadOnly);
        const QList<QByteArray> fields = pub.readAll().split(' ');
        QFile kh(m_knownHosts);
        kh.open(QIODevice::WriteOnly);
        kh.write("[127.0.0.1]:" + port + ' ' + fields.value(0) + ' ' + fields.value(1) + '\n');
    }
    ~PrivateSshd()
    {
        killConnections();
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    int port() const { return m_port; }
    QString knownHosts() const { return m_knownHosts; }

    // SIGKILLs every per-connection sshd process (all descendants of the listener).
    int killConnections()
    {
        std::vector<pid_t> victims;
        std::vector<pid_t> parents{m_pid};
        while (!parents.empty()) {
            const pid_t parent = parents.back();
            parents.pop_back();
            for (pid_t child : childrenOf(parent)) {
                victims.push_back(child);
                parents.push_back(child);
            }
        }
        for (pid_t p : victims)
            ::kill(p, SIGKILL);
        return int(victims.size());
    }

private:
    static std::vector<pid_t> childrenOf(pid_t parent)
    {
        std::vector<pid_t> out;
        DIR *d = ::opendir("/proc");
        if (!d)
            return out;
        while (dirent *e = ::readdir(d)) {
            const pid_t pid = pid_t(std::atoi(e->d_name));
            if (pid <= 0)
                continue;
            std::ifstream stat("/proc/" + std::string(e->d_name) + "/stat");
            std::string line;
            std::getline(stat, line);
            const auto close = line.rfind(')');
            if (close == std::string::npos)
                continue;
            char state = 0;
            int ppid = 0;
            if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 &&
                ppid == parent)
                out.push_back(pid);
        }
        ::closedir(d);
        return out;
    }

    pid_t m_pid = -1;
    int m_port = 0;
    QString m_knownHosts;
};

} // namespace

TEST_F(SshTunnelTest, ServerDeathIsReportedAndClosesClients)
{
    PrivateSshd sshd(m_tmp.path());
    SshConfig config = baseConfig();
    config.port = sshd.port();
    config.knownHosts = sshd.knownHosts();
    EchoServer echo;
    auto tunnel = openOrFail(config, echo.port());
    ASSERT_TRUE(tunnel);

    std::mutex mutex;
    QString lostReason;
    std::atomic<int> lostCount{0};
    QObject::connect(
        tunnel.get(), &SshTunnel::lost, tunnel.get(),
        [&](const QString &reason) {
            std::lock_guard lock(mutex);
            lostReason = reason;
            ++lostCount;
        },
        Qt::DirectConnection);

    // A slot in the tunnel thread may close() the tunnel it hears from (no deadlock, no self-join).
    SshTunnel *raw = tunnel.get();
    QObject::connect(
        raw, &SshTunnel::lost, raw, [raw](const QString &) { raw->close(); }, Qt::DirectConnection);

    const int idle = connectLocal(tunnel->localPort());
    const int busy = connectLocal(tunnel->localPort());
    ASSERT_GE(idle, 0);
    ASSERT_GE(busy, 0);
    ASSERT_TRUE(sendAll(idle, "a"));
    ASSERT_EQ(recvN(idle, 1), QByteArray("a"));
    // Mid-transfer: a writer keeps pushing, a reader keeps draining the echo.
    std::atomic<bool> stop{false};
    std::atomic<qint64> echoed{0};
    std::thread writer([&] {
        const QByteArray chunk(16 * 1024, 'q');
        while (!stop && sendAll(busy, chunk)) {
        }
    });
    std::thread reader([&] {
        char buf[65536];
        for (;;) {
            const ssize_t n = ::recv(busy, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            echoed += n;
        }
    });
    ASSERT_TRUE(waitFor([&] { return echoed.load() > 512 * 1024; }, 10s))
        << "no traffic through the tunnel";

    ASSERT_GT(sshd.killConnections(), 0);
    ASSERT_TRUE(waitFor([&] { return !tunnel->isAlive(); }, 10s)) << "loss not noticed";
    EXPECT_TRUE(waitFor([&] { return lostCount.load() == 1; }, 2s));
    const QString prefix = QStringLiteral("SSH tunnel to 127.0.0.1:%1 lost: ").arg(sshd.port());
    EXPECT_TRUE(tunnel->lostReason().startsWith(prefix)) << tunnel->lostReason().toStdString();
    {
        std::lock_guard lock(mutex);
        EXPECT_EQ(lostReason, tunnel->lostReason());
    }
    // Every forwarded socket is closed (EOF or reset, not a timeout), and nothing listens.
    char c;
    const ssize_t n = ::recv(idle, &c, 1, 0);
    EXPECT_TRUE(n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
        << n << " errno " << errno;
    reader.join(); // ends on EOF/reset from the tunnel
    stop = true;
    ::shutdown(busy, SHUT_RDWR);
    writer.join();
    ::close(idle);
    ::close(busy);
    EXPECT_LT(connectLocal(tunnel->localPort(), 2), 0);
    EXPECT_EQ(lostCount.load(), 1);
    tunnel.reset(); // joins cleanly after a loss
}
