#pragma once

#include "base/Error.h"
#include "ssh/SshConfig.h"
#include "ssh/SshTypes.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

namespace retort {

// One SSH connection forwarding a local port to (remoteHost, remotePort) as seen from the SSH
// server — the way `ssh -L 127.0.0.1:0:remoteHost:remotePort` does.
//
// Ownership and threads:
// - open() blocks (DNS, connect, handshake, authentication; bounded by SshOptions) and must not be
//   called on the GUI thread: call it from a worker (the migration thread, QtConcurrent…).
// - Once open() returns, the tunnel owns ONE thread of its own that runs the libssh2 session and a
//   poll() loop over the listener, the SSH socket and every forwarded socket. The libssh2 session
//   is touched by that thread only. The listener is on 127.0.0.1 at localPort().
// - The SshTunnel object itself may be used from any thread: localPort(), isAlive(), lostReason()
//   and close() are thread-safe. Destroying it closes it (joins the tunnel thread).
// - If the SSH connection drops, every forwarded socket is closed, the listener is closed,
//   isAlive() turns false, lostReason() says why ("SSH tunnel to host:port lost: …") and lost()
//   is emitted ONCE, from the tunnel thread (so a receiver in another thread gets it queued).
//   lost() is not emitted for close(). A slot connected with Qt::DirectConnection runs in the
//   tunnel thread and may call close(), but must not destroy the tunnel.
// - A forwarded connection whose remote end cannot be reached (the server refuses the
//   direct-tcpip channel) is closed; the tunnel stays up.
//
// Limitation (libssh2): while no forwarded connection is open, the tunnel does not process what
// the server sends (e.g. server-side keepalive requests); it still notices the server closing the
// connection. Each new forwarded connection processes whatever arrived meanwhile.
class SshTunnel final : public QObject {
    Q_OBJECT

public:
    using Options = SshOptions;

    ~SshTunnel() override;
    SshTunnel(const SshTunnel &) = delete;
    SshTunnel &operator=(const SshTunnel &) = delete;

    // Connects to config.host:config.port, checks the host key (refuses Unknown and Changed:
    // call checkHostKey()/acceptHostKey() first to let the user decide), authenticates, and starts
    // listening. Authentication: config.key (a private key file, `~` expanded, with
    // credentials.passphrase), else config.agent (ssh-agent at $SSH_AUTH_SOCK), else
    // credentials.password. config.user empty: the local user name. config.knownHosts empty:
    // ~/.ssh/known_hosts. `failure`, when given, receives the kind of failure (None on success);
    // the Error's kind is errorKindOf() of that failure. Blocking; see the class comment.
    static Result<std::unique_ptr<SshTunnel>>
    open(const SshConfig &config, const SshCredentials &credentials, const QString &remoteHost,
         int remotePort, const SshOptions &options = {}, SshFailure *failure = nullptr);

    // Connects, performs the key exchange and checks the server's host key against known_hosts;
    // does not authenticate. An Error (with `failure` and the Error's kind set) only when the
    // check could not be made (connection, handshake, unreadable known_hosts). Blocking, like
    // open().
    static Result<HostKeyStatus> checkHostKey(const SshConfig &config,
                                              const SshOptions &options = {},
                                              SshFailure *failure = nullptr);

    // Appends `status.key` for status.host/port to status.knownHostsFile in OpenSSH's format
    // (`host` for port 22, `[host]:port` otherwise), creating the file (and its folder, mode 0700)
    // when missing. Only for an Unknown verdict: a Changed one is refused. Thread-safe as far as
    // this process goes; does not lock against other programs writing the same file. Errors:
    // kind HostKeyChanged (refused verdict) or KnownHostsFile (cannot write).
    static Status acceptHostKey(const HostKeyStatus &status);

    // The OpenSSH fingerprint ("SHA256:…", base64 without padding) of a raw public key blob.
    static QString fingerprint(const QByteArray &keyBlob);

    // "~" and "~/…" expanded against the home folder; other paths unchanged.
    static QString expandHome(const QString &path);

    int localPort() const;      // the 127.0.0.1 port forwarded connections come in on
    bool isAlive() const;       // false once lost or closed
    QString lostReason() const; // empty unless lost

    // Stops forwarding: closes every forwarded socket and the listener, disconnects the SSH
    // session and joins the tunnel thread (when called from another thread). Returns promptly
    // (the tunnel thread is woken through an eventfd). Idempotent; any thread.
    void close();

Q_SIGNALS:
    // The SSH connection dropped; `reason` is lostReason(). Emitted from the tunnel thread, once.
    void lost(const QString &reason);

private:
    struct Impl;
    explicit SshTunnel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace retort
