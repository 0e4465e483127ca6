#pragma once

// Internal to src/core/ssh: the libssh2 session under SshTunnel (connect, handshake,
// authentication). Other folders use SshTunnel.h.

#include "base/Error.h"
#include "ssh/SshConfig.h"
#include "ssh/SshTypes.h"

#include <QByteArray>
#include <QString>

#include <libssh2.h>

#include <chrono>
#include <memory>

namespace retort {

namespace ssh {

using Clock = std::chrono::steady_clock;

// Milliseconds left until `deadline`; 0 once it passed.
int remainingMs(Clock::time_point deadline);
// "host:port", for messages.
QString hostPort(const QString &host, int port);
// strerror(err) as text.
QString errnoText(int err);
// TCP_NODELAY on a connected socket.
void setNoDelay(int fd);

// Stores `value` in `*out` (when given) and returns an Error with `message` whose kind is
// errorKindOf(value): the one place an SSH failure becomes an Error.
Error fail(SshFailure *out, SshFailure value, const QString &message);

} // namespace ssh

// A connected libssh2 session in non-blocking mode. libssh2 never sees a partial send: our send
// callback takes every packet whole and keeps what the socket does not accept yet in `out`, which
// the owner flushes when the socket is writable. That keeps several channels' writes from
// interleaving inside libssh2's single pending-packet buffer (a known libssh2 hazard with
// non-blocking multiplexing). Used by one thread at a time: the opener's until SshTunnel hands it
// to its tunnel thread, then that thread only.
struct SshSession {
    int fd = -1;
    LIBSSH2_SESSION *ssh = nullptr;
    QByteArray out;    // bytes accepted from libssh2, not yet taken by the socket
    int sendError = 0; // errno of the first failed send; sends fail from then on
    bool dead = false; // the connection is gone: fail every send, never wait

    SshSession() = default;
    SshSession(const SshSession &) = delete;
    SshSession &operator=(const SshSession &) = delete;
    ~SshSession() { destroy(false); }

    // Resolves and connects (non-blocking connect bounded by options.connectTimeoutMs), then runs
    // the SSH handshake (bounded by options.handshakeTimeoutMs). Blocking. On failure `*failure`
    // says why (Resolve, Connect, Timeout, Handshake, Other).
    static Result<std::unique_ptr<SshSession>>
    connect(const SshConfig &config, const SshOptions &options, SshFailure *failure);

    // Logs in: config.key (with credentials.passphrase), else ssh-agent when config.agent, else
    // credentials.password; all round trips bounded by options.authTimeoutMs. Blocking. On
    // failure `*failure` says why (Timeout, KeyFile, WrongPassphrase, KeyRefused,
    // PasswordRefused, AgentUnavailable, AgentNoAcceptedKey, Other).
    Status authenticate(const SshConfig &config, const SshCredentials &credentials,
                        const SshOptions &options, SshFailure *failure);

    // Sends what the socket takes now. False when the connection failed.
    bool flush();

    // Waits (bounded by `deadline`) until the socket can move in the direction libssh2 is blocked
    // on. False on timeout or a dead socket.
    bool wait(ssh::Clock::time_point deadline);

    // Calls `f` (a libssh2 call returning an int rc) until it does not answer EAGAIN, waiting on
    // the socket in between. Returns the rc, or LIBSSH2_ERROR_TIMEOUT when `deadline` passed.
    template <typename F> int drive(ssh::Clock::time_point deadline, F f)
    {
        for (;;) {
            const int rc = f();
            if (rc != LIBSSH2_ERROR_EAGAIN) {
                flush();
                return rc;
            }
            if (!wait(deadline))
                return ssh::remainingMs(deadline) == 0 ? LIBSSH2_ERROR_TIMEOUT
                                                       : LIBSSH2_ERROR_SOCKET_RECV;
        }
    }

    // libssh2's text for the last error of this session.
    QString lastError() const;

    // Ends the session: optionally says goodbye, then frees libssh2's state without ever waiting.
    void destroy(bool polite);

private:
    static LIBSSH2_SEND_FUNC(sendCallback);
};

} // namespace retort
