#pragma once

// Internal to src/core/ssh: host keys against an OpenSSH known_hosts file. Other folders use
// SshTunnel::checkHostKey / acceptHostKey / fingerprint.

#include "base/Error.h"
#include "ssh/SshConfig.h"
#include "ssh/SshTypes.h"

#include <QByteArray>
#include <QString>

namespace retort {

struct SshSession;

class KnownHosts final {
public:
    // Compares the host key `session` received in its handshake with known_hosts
    // (config.knownHosts, `~` expanded; empty: ~/.ssh/known_hosts). A missing file means Unknown;
    // a key listed under @revoked means Changed. An Error (with `*failure` and the Error's kind
    // set: Handshake, KnownHostsFile, Other) only when the check could not be made. Reads the
    // file; call from the thread that uses `session`.
    static Result<HostKeyStatus> check(SshSession &session, const SshConfig &config,
                                       SshFailure *failure);

    // The refusal for an Unknown or Changed verdict, for users (kind HostKeyUnknown or
    // HostKeyChanged).
    static Error refusal(const HostKeyStatus &status);

    // Appends status.key to status.knownHostsFile (see SshTunnel::acceptHostKey). Refuses a
    // Changed verdict. Serialised within this process.
    static Status accept(const HostKeyStatus &status);

    // OpenSSH's fingerprint of a raw public key blob: "SHA256:" + base64 without padding.
    static QString fingerprint(const QByteArray &keyBlob);

    // The name known_hosts uses for host:port (OpenSSH: bare for 22, "[host]:port" otherwise).
    static QString nameOf(const QString &host, int port);
};

} // namespace retort
