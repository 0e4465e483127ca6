#pragma once

#include "base/Error.h"

#include <QByteArray>
#include <QString>

namespace retort {

// Secrets for one SSH login, supplied by the caller (from the keychain or a prompt). They are
// used for the login only, never logged, never put in an error message.
struct SshCredentials {
    QByteArray passphrase; // for SshConfig::key; empty when the key file is not encrypted
    QByteArray password;   // password authentication: used when SshConfig has neither key nor agent
};

// Why an SSH operation failed, for callers that react differently (ask for a passphrase again,
// offer to trust a host key, …). The Error's message is the text for users.
enum class SshFailure {
    None,
    Resolve,          // the host name does not resolve
    Connect,          // TCP connect refused/unreachable
    Timeout,          // connect, handshake or authentication took longer than allowed
    Handshake,        // SSH protocol/handshake failure (not an SSH server, no common algorithms…)
    KnownHostsFile,   // the known_hosts file exists but cannot be read, or cannot be written
    HostKeyUnknown,   // the host key is not in known_hosts: ask the user (checkHostKey)
    HostKeyChanged,   // known_hosts has another key for this host: refused, maybe an attack
    KeyFile,          // the private key file is missing, unreadable or in an unknown format
    WrongPassphrase,  // the key file is encrypted and the passphrase is missing or wrong
    KeyRefused,       // the server does not accept this key for this user
    PasswordRefused,  // the server refused the password (or does not allow password logins)
    AgentUnavailable, // no ssh-agent to talk to (SSH_AUTH_SOCK unset or dead)
    AgentNoAcceptedKey, // the agent has no key the server accepts for this user
    Listen,             // the local listener could not be created
    Other,
};

// The result of checking a server's host key against an OpenSSH known_hosts file.
struct HostKeyStatus {
    enum class Verdict {
        Known,   // known_hosts has this very key for this host: go ahead
        Unknown, // no key for this host (of this key type): ask the user, then acceptHostKey()
        Changed, // known_hosts has a different key for this host: refuse, never offer to accept
    };
    Verdict verdict = Verdict::Unknown;
    QString host;           // as in SshConfig (not resolved)
    int port = 22;          //
    QString knownHostsFile; // absolute path that was checked (and that acceptHostKey appends to)
    QString keyType;        // e.g. "ssh-ed25519"
    QString fingerprint;    // OpenSSH's form: "SHA256:" + base64 without padding of SHA-256(key)
    QByteArray key;         // the raw public host key blob the server presented
};

// Tunable limits. All durations in milliseconds.
struct SshOptions {
    int connectTimeoutMs = 10000;   // TCP connect
    int handshakeTimeoutMs = 15000; // SSH banner + key exchange + host key check
    int authTimeoutMs = 30000;      // all authentication round trips
    int keepaliveIntervalS = 30;    // SSH keepalive interval in seconds; 0: none
};

// The ErrorKind every Error of the SSH layer carries for its SshFailure: Resolve → HostUnresolved,
// Connect → ConnectionRefused, Timeout → Timeout, the host-key and key-file failures → their own
// kinds, KeyRefused/PasswordRefused → SshAuthFailed, Agent* → SshAgent, Handshake/Listen/Other →
// SshProtocol; None → Unspecified. Pure.
ErrorKind errorKindOf(SshFailure failure);

} // namespace retort
