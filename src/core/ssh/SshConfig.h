#pragma once

#include <QString>

namespace retort {

// `[environments.X.ssh]`: reach the database through an SSH tunnel. Paths are kept as written
// (`~` is expanded by the SSH layer). Passwords and passphrases live in the OS keychain only.
struct SshConfig {
    QString host; // required
    int port = 22;
    QString user;       // empty: the SSH layer decides (e.g. the local user name)
    QString key;        // private key file, as written; empty when `agent` or a keychain password
    bool agent = false; // authenticate with ssh-agent
    QString knownHosts; // known_hosts file, as written; empty: the SSH layer's default
};

} // namespace retort
