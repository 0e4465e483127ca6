#pragma once

#include "base/Error.h"
#include "db/Dialect.h"
#include "project/Project.h"
#include "ssh/SshTunnel.h"

#include <memory>
#include <optional>

#include <QSqlDatabase>
#include <QString>

namespace retort {

// Secrets needed to open one environment's database. They are supplied by the caller (the CLI
// reads RETORT_DB_PASSWORD, the GUI the keychain) and never come from retort.toml. They are never
// written to a log and never appear in an error message.
struct ConnectionSecrets {
    QString password;   // the database password; empty: none (SQLite ignores it)
    SshCredentials ssh; // for an environment with an `ssh` table: key passphrase or password
};

// Opening an environment's database with QtSql. A connection belongs to the thread that opens
// it: open, use and close it in one thread (a worker thread in the GUI).
//
// SQLite: `mustExist` refuses a database file that does not exist yet (read-only commands such as
// `current` must not create one); otherwise the file is created on first use.
// PostgreSQL (QPSQL) and MySQL/MariaDB (QMYSQL): host, port, database and user from the
// environment, the password from `secrets`; `mustExist` does not matter (a server database must
// exist). A connect timeout (PostgreSQL `connect_timeout=10`, MySQL `MYSQL_OPT_CONNECT_TIMEOUT=10`)
// is added to the environment's `options` unless they set one. Failures say which case it is —
// "cannot reach host:port", "authentication failed for user X", "database X does not exist" —
// followed by the server's own text, with any occurrence of the password masked. The Error's kind
// says the same for code (connectErrorKind()), and its code is the driver's native code; an SSH
// failure carries the SSH layer's kind.
// An environment with an `ssh` table is reached through an SshTunnel that the connection opens
// first (blocking, bounded by the SSH timeouts) and owns: the database connects to the tunnel's
// local port, and the tunnel closes with the connection. The server's host and port are then as
// seen from the SSH server (empty host: 127.0.0.1 there).
class ScopedConnection final {
public:
    ScopedConnection() = default;
    ScopedConnection(const ScopedConnection &) = delete;
    ScopedConnection &operator=(const ScopedConnection &) = delete;
    ~ScopedConnection();

    // Opens `env` under a unique connection name. On success, db() is open.
    Status open(const Environment &env, bool mustExist, const ConnectionSecrets &secrets = {});
    bool isOpen() const { return !m_name.isEmpty(); }
    // After a failed open(): the kind of SSH failure (None when the tunnel was not the problem).
    SshFailure sshFailure() const { return m_sshFailure; }
    // Whether the connection runs through a tunnel that has since been lost, and why.
    bool tunnelLost() const;
    QString tunnelLostReason() const;
    QSqlDatabase db() const;
    void close();

    // `status` (a failed run on this connection) saying first that the tunnel was lost, when it
    // was: the server's own error ("server closed the connection") is only the consequence. The
    // Error's kind is then TunnelLost (its code stays the server's).
    Status explainTunnelLoss(Status status) const;

private:
    Status openThroughTunnel(const Environment &env, bool mustExist,
                             const ConnectionSecrets &secrets, const Dialect &dialect);
    Status openDirect(const Environment &env, bool mustExist, const ConnectionSecrets &secrets,
                      const Dialect &dialect);
    void closeDatabase();

    QString m_name;
    std::unique_ptr<SshTunnel> m_tunnel; // closed after the database connection
    SshFailure m_sshFailure = SshFailure::None;
};

// What Retort itself knows about a failed server connect, beyond the driver's error.
struct ConnectFacts {
    bool hostUnresolved = false; // Retort's own lookup of the host name failed
    bool timedOut = false;       // the connect took (about) the whole connect timeout
};

// The kind of a failed server connect, from the driver's native code: MySQL/MariaDB's error
// number (1045, 1044 DatabaseAuthFailed; 1049 DatabaseMissing; 2002/2003 ConnectionRefused, or
// Timeout when `facts` say so; 2005 HostUnresolved; 2013 Timeout) or PostgreSQL's SQLSTATE (28P01,
// 28000 DatabaseAuthFailed; 3D000 DatabaseMissing; 08001, 08006 ConnectionRefused). libpq gives
// no SQLSTATE for a failed connect: then `facts` decide, and only then libpq's `text`.
// Unspecified when none of these tells. Pure.
ErrorKind connectErrorKind(DialectKind dialect, const QString &nativeCode, const QString &text,
                           const ConnectFacts &facts = {});

// True when `env` is SQLite and its database file does not exist (so it has no version table).
bool sqliteDatabaseMissing(const Environment &env);

// How readers open an environment (status, history, drift): never creating anything. Returns the
// dialect when `conn` is now open on `env`, nothing when `env` is SQLite and its file does not
// exist (there is nothing to read), or the connection's error. Blocking: the calling thread owns
// the connection.
Result<std::optional<Dialect>> openForReading(ScopedConnection &conn, const Environment &env,
                                              const ConnectionSecrets &secrets);

// The environment's connect options with the driver's connect timeout added (unless `options`
// already sets one). Pure.
QString connectOptionsWithTimeout(const QString &driver, const QString &options,
                                  int timeoutSeconds = 10);

} // namespace retort
