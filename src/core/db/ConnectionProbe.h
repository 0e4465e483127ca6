#pragma once

#include "db/Connection.h"
#include "project/Project.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace retort {

// What "Test connection" found for an environment.
struct ProbeResult {
    enum class Kind {
        Reached,        // connected; `rows` holds the version table's rows (if the table exists)
        NotCreatedYet,  // SQLite: the file does not exist yet (the first run creates it)
        AuthFailed,     // the server refused the user or password
        HostKeyUnknown, // SSH: the host is not in known_hosts (`fingerprint` says which key)
        HostKeyChanged, // SSH: the host's key differs from known_hosts — possibly an attack
        Timeout,        // no answer in time
        Unreachable,    // nothing listens there, or the name does not resolve
        Failed          // anything else; `message` says what
    };
    Kind kind = Kind::Failed;
    QString message; // the driver's or SSH layer's words, never a secret
    ErrorKind errorKind = ErrorKind::Unspecified; // a failure's own kind (e.g. which login failed)
    QStringList rows;                             // Reached: the version rows
    QString fingerprint; // HostKey*: SHA256:... of the key the server offered
    qint64 elapsedMs = 0;
};

// The probe's Kind for a failed connection's Error, from its ErrorKind: database or SSH login
// refused → AuthFailed (a wrong SSH key passphrase is Failed: no server refused anything); host key
// unknown / changed → HostKey*; Timeout → Timeout; refused or unresolved → Unreachable; anything
// else → Failed. Pure.
ProbeResult::Kind probeKindOf(const Error &error);

// Tries to reach one environment on a Background thread and reports what happened.
//
// Threading: create it in the owner thread; finished() is emitted there (after the work's
// connection is closed). The work keeps its own copies; if the probe object is destroyed first,
// the work ends on its own (at most the connect timeout) and the result is dropped (Background's
// lifetime rule). One start() per probe.
class ConnectionProbe final : public QObject {
    Q_OBJECT

public:
    ConnectionProbe(Environment environment, TableName versionTable, ConnectionSecrets secrets = {},
                    QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(const retort::ProbeResult &result);

private:
    Environment m_environment;
    TableName m_versionTable;
    ConnectionSecrets m_secrets;
    bool m_started = false;
};

} // namespace retort

Q_DECLARE_METATYPE(retort::ProbeResult)
