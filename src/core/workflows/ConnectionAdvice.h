#pragma once

#include "base/Error.h"

namespace retort {

// What the user can do about a failed connection, decided from the error's kind alone (never
// from its text, which may be in the server's language). Each front end words it: the window
// asks on the spot, the command line names the flag or command.
enum class ConnectionRemedy {
    None,             // nothing the user can fix by giving something
    DatabasePassword, // give (again) the database password
    SshSecret,        // give (again) the SSH password (or key passphrase) the login uses
    SshPassphrase,    // give (again) the SSH key's passphrase
    TrustHostKey,     // check the SSH host key's fingerprint and trust it
};

// Pure.
ConnectionRemedy remedyFor(const Error &error);

} // namespace retort
