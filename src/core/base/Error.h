#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace retort {

// What went wrong, as far as the code that saw it knows: set where the failure is known (a libssh2
// status, a driver's native error code, a refused lock), so that callers decide what to do — ask
// for a password again, offer to trust a host key, give advice — without ever reading the message
// text (which may be in the server's language). Unspecified: nothing more precise is known.
enum class ErrorKind {
    Unspecified,
    // Reaching a database or an SSH server
    HostUnresolved,     // the host name does not resolve
    ConnectionRefused,  // nothing listens there, or the network is unreachable
    Timeout,            // no answer in time (connect, handshake, login)
    DatabaseAuthFailed, // the database refused the user or password
    DatabaseMissing,    // the server has no such database
    SshAuthFailed,      // the SSH server refused the password or the key
    SshPassphrase,      // the SSH key is encrypted and its passphrase is missing or wrong
    SshKeyFile,         // the SSH key file is missing, unreadable or of an unknown format
    SshAgent,           // no ssh-agent, or none of its keys is accepted
    HostKeyUnknown,     // the SSH host is not in known_hosts (ask the user to trust it)
    HostKeyChanged,     // known_hosts has another key for this host: refused, maybe an attack
    KnownHostsFile,     // the known_hosts file cannot be read or written
    SshProtocol,        // the SSH handshake or channel failed
    TunnelLost,         // an open SSH tunnel went away under a connection
    // Running
    LockTimeout,   // another runner held the run lock for longer than the wait allowed
    Cancelled,     // the user cancelled
    ScriptProblem, // a migration script is malformed or cannot run (file:line says where)
    GraphProblem,  // the revision graph or a target is invalid (unknown revision, cycle...)
    ServerError,   // the database server refused a statement: Error::code is its
                   // SQLSTATE (PostgreSQL) or error number (MySQL/MariaDB), SQLite's code
    ProjectFile,   // retort.toml or alembic.ini is malformed
    Refused,       // a safety rule refused the run (confirmation, pre-flight, moved database)
    Io,            // a file or a program (git, pg_dump, alembic) failed
};

// An error that travels as a value. Where it is known, it says where: the file and 1-based line,
// the revision, the statement, and what kind of failure it is. toString() gives the one-line form
// users see.
struct Error {
    QString message;
    QString file;     // path as the user knows it; empty when not about a file
    int line = 0;     // 1-based; 0 when unknown
    QString revision; // revision id the error is about, if any
    ErrorKind kind = ErrorKind::Unspecified;
    QString code; // ServerError: the server's SQLSTATE / error number, as text; else empty

    Error() = default;
    explicit Error(QString msg, QString f = {}, int l = 0, QString rev = {})
        : message(std::move(msg)), file(std::move(f)), line(l), revision(std::move(rev))
    {
    }

    // The same error with its kind (and the server's code) set; for `return Error(...).as(...)`.
    Error as(ErrorKind k, QString serverCode = {}) &&
    {
        kind = k;
        if (!serverCode.isEmpty())
            code = std::move(serverCode);
        return std::move(*this);
    }
    Error as(ErrorKind k, QString serverCode = {}) const &
    {
        Error copy = *this;
        return std::move(copy).as(k, std::move(serverCode));
    }
    bool is(ErrorKind k) const { return kind == k; }

    // "file:line: message" (or "file: message", or just "message").
    QString toString() const
    {
        if (file.isEmpty())
            return message;
        if (line > 0)
            return QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message);
        return QStringLiteral("%1: %2").arg(file, message);
    }
};

// Either a value or an Error (a small stand-in for C++23 std::expected).
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() { return std::get<0>(m_v); }
    const T &value() const { return std::get<0>(m_v); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Success or an Error, for operations without a value.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return {}; }
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace retort
