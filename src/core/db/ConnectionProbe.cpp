#include "db/ConnectionProbe.h"

#include "base/Background.h"
#include "db/Connection.h"
#include "db/VersionTable.h"

#include <QElapsedTimer>

namespace retort {

ProbeResult::Kind probeKindOf(const Error &error)
{
    switch (error.kind) {
    case ErrorKind::DatabaseAuthFailed:
    case ErrorKind::SshAuthFailed:
        return ProbeResult::Kind::AuthFailed;
    case ErrorKind::HostKeyUnknown:
        return ProbeResult::Kind::HostKeyUnknown;
    case ErrorKind::HostKeyChanged:
        return ProbeResult::Kind::HostKeyChanged;
    case ErrorKind::Timeout:
        return ProbeResult::Kind::Timeout;
    case ErrorKind::ConnectionRefused:
    case ErrorKind::HostUnresolved:
        return ProbeResult::Kind::Unreachable;
    default:
        return ProbeResult::Kind::Failed;
    }
}

ConnectionProbe::ConnectionProbe(Environment environment, TableName versionTable,
                                 ConnectionSecrets secrets, QObject *parent)
    : QObject(parent), m_environment(std::move(environment)),
      m_versionTable(std::move(versionTable)), m_secrets(std::move(secrets))
{
    qRegisterMetaType<ProbeResult>();
}

namespace {

// The probe's work, on a Background thread: only copies, never the probe object.
ProbeResult runProbe(const Environment &env, const TableName &table,
                     const ConnectionSecrets &secrets)
{
    ProbeResult result;
    QElapsedTimer timer;
    timer.start();
    if (sqliteDatabaseMissing(env)) {
        result.kind = ProbeResult::Kind::NotCreatedYet;
        result.message =
            QStringLiteral("%1 does not exist yet; the first upgrade creates it").arg(env.database);
    } else {
        auto rows = readHeads(env, table, secrets);
        if (rows) {
            result.kind = ProbeResult::Kind::Reached;
            result.rows = *rows;
        } else {
            result.kind = probeKindOf(rows.error());
            result.errorKind = rows.error().kind;
            result.message = rows.error().message;
        }
    }
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace

void ConnectionProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    Background::run(
        this,
        [env = m_environment, table = m_versionTable, secrets = m_secrets](const CancelToken &) {
            return runProbe(env, table, secrets);
        },
        [this](ProbeResult result) { Q_EMIT finished(result); });
}

} // namespace retort
