#include "db/Connection.h"

#include "db/Dialect.h"

#include <QAtomicInt>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QThread>

namespace retort {

namespace {

QAtomicInt g_connectionSerial;

// The server's message, first line only, without libpq's "FATAL:  " prefix and with the password
// masked (no driver puts it there today; this keeps it so).
QString serverText(const QSqlError &error, const QString &password)
{
    QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    text = text.trimmed();
    text.replace(QStringLiteral("\n"), QStringLiteral(" "));
    text = text.simplified();
    if (!password.isEmpty())
        text.replace(password, QStringLiteral("****"));
    return text;
}

// Classifies a failed server connect. `text` is serverText().
QString describeConnectFailure(const Environment &env, const QString &text,
                               const QString &nativeCode, DialectKind kind)
{
    const QString where = QStringLiteral("%1:%2").arg(
        env.host.isEmpty() ? QStringLiteral("localhost") : env.host,
        env.port > 0
            ? QString::number(env.port)
            : (kind == DialectKind::Mysql ? QStringLiteral("3306") : QStringLiteral("5432")));
    const QString lower = text.toLower();
    bool auth = false;
    bool noDatabase = false;
    bool noAccess = false;
    bool unreachable = false;
    if (kind == DialectKind::Mysql) {
        // 1044: the password was right but the database is not visible to the user (MySQL says
        // this, not "unknown database", when the user has no rights on a missing database).
        noAccess = nativeCode == u"1044" || lower.contains(u"to database '");
        auth = !noAccess && (nativeCode == u"1045" || lower.contains(u"access denied for user"));
        noDatabase = nativeCode == u"1049" || lower.contains(u"unknown database");
        unreachable = nativeCode == u"2002" || nativeCode == u"2003" || nativeCode == u"2005" ||
                      nativeCode == u"2013" || lower.contains(u"can't connect");
    } else {
        auth = lower.contains(u"password authentication failed") ||
               lower.contains(u"no password supplied") || lower.contains(u"authentication failed");
        noDatabase = lower.contains(u"database \"") && lower.contains(u"does not exist");
        unreachable = lower.contains(u"connection refused") || lower.contains(u"timeout expired") ||
                      lower.contains(u"could not translate host name") ||
                      lower.contains(u"no route to host") ||
                      lower.contains(u"network is unreachable");
    }
    QString summary;
    if (auth)
        summary = QStringLiteral("authentication failed for user %1 at %2 (wrong or missing "
                                 "password?)")
                      .arg(env.user, where);
    else if (noDatabase)
        summary = QStringLiteral("database %1 does not exist on %2").arg(env.database, where);
    else if (noAccess)
        summary = QStringLiteral("database %1 does not exist on %2, or user %3 may not use it")
                      .arg(env.database, where, env.user);
    else if (unreachable)
        summary = QStringLiteral("cannot reach the database server at %1").arg(where);
    else
        summary = QStringLiteral("cannot connect to %1 at %2").arg(env.database, where);
    return QStringLiteral("environment '%1': %2: %3").arg(env.name, summary, text);
}

bool hasOption(const QString &options, QLatin1String key)
{
    for (const QString &part : options.split(u';', Qt::SkipEmptyParts)) {
        if (part.section(u'=', 0, 0).trimmed().compare(key, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

bool sqliteDatabaseMissing(const Environment &env)
{
    return env.driver == QLatin1String("sqlite") && env.database != QLatin1String(":memory:") &&
           !env.database.startsWith(QLatin1String("file:")) && !QFileInfo::exists(env.database);
}

QString connectOptionsWithTimeout(const QString &driver, const QString &options, int timeoutSeconds)
{
    QLatin1String key;
    if (driver == QLatin1String("postgresql"))
        key = QLatin1String("connect_timeout");
    else if (driver == QLatin1String("mysql"))
        key = QLatin1String("MYSQL_OPT_CONNECT_TIMEOUT");
    else
        return options;
    if (hasOption(options, key))
        return options;
    const QString timeout = QStringLiteral("%1=%2").arg(key).arg(timeoutSeconds);
    const QString trimmed = options.trimmed();
    if (trimmed.isEmpty())
        return timeout;
    return trimmed.endsWith(u';') ? trimmed + timeout : trimmed + u';' + timeout;
}

ScopedConnection::~ScopedConnection()
{
    close();
}

Status ScopedConnection::open(const Environment &env, bool mustExist,
                              const ConnectionSecrets &secrets)
{
    if (!env.ssh)
        m_sshFailure = SshFailure::None;
    if (!env.ssh || env.driver == u"sqlite")
        closeDatabase();
    else
        close();
    const Result<Dialect> dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return Error(QStringLiteral("environment '%1': %2").arg(env.name, dialect.error().message));
    const DialectKind kind = dialect->kind();
    if (kind != DialectKind::Sqlite && env.ssh) {
        // The tunnel first; then the same connection to its local end.
        const QString remoteHost = env.host.isEmpty() ? QStringLiteral("127.0.0.1") : env.host;
        const int remotePort = env.port > 0 ? env.port : dialect->defaultPort();
        auto tunnel =
            SshTunnel::open(*env.ssh, secrets.ssh, remoteHost, remotePort, {}, &m_sshFailure);
        if (!tunnel)
            return Error(
                QStringLiteral("environment '%1': %2").arg(env.name, tunnel.error().message));
        Environment direct = env;
        direct.ssh.reset();
        direct.host = QStringLiteral("127.0.0.1");
        direct.port = (*tunnel)->localPort();
        m_tunnel = std::move(*tunnel);
        const Status st = open(direct, mustExist, secrets);
        if (!st) {
            m_tunnel.reset();
            QString message = st.error().message;
            message.replace(QStringLiteral("127.0.0.1:%1").arg(direct.port),
                            QStringLiteral("%1:%2 via SSH %3")
                                .arg(remoteHost)
                                .arg(remotePort)
                                .arg(env.ssh->host));
            return Error(message);
        }
        return {};
    }
    if (kind == DialectKind::Sqlite && mustExist && sqliteDatabaseMissing(env))
        return Error(QStringLiteral("environment '%1': database %2 does not exist")
                         .arg(env.name, env.database));
    if (!QSqlDatabase::isDriverAvailable(dialect->qtDriverName())) {
        return Error(QStringLiteral("environment '%1': the Qt SQL driver %2 for %3 is not "
                                    "installed")
                         .arg(env.name, dialect->qtDriverName(), dialect->displayName()));
    }

    const QString name =
        QStringLiteral("retort-%1-%2").arg(env.name).arg(g_connectionSerial.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(dialect->qtDriverName(), name);
        db.setDatabaseName(env.database);
        switch (kind) {
        case DialectKind::Sqlite:
            if (!env.options.isEmpty())
                db.setConnectOptions(env.options);
            break;
        case DialectKind::Postgresql:
        case DialectKind::Mysql:
            if (!env.host.isEmpty())
                db.setHostName(env.host);
            if (env.port > 0)
                db.setPort(env.port);
            db.setUserName(env.user);
            db.setPassword(secrets.password);
            db.setConnectOptions(connectOptionsWithTimeout(env.driver, env.options));
            break;
        }
        if (!db.open()) {
            const QSqlError error = db.lastError();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            if (kind == DialectKind::Sqlite)
                return Error(QStringLiteral("environment '%1': cannot open %2: %3")
                                 .arg(env.name, env.database, error.text()));
            return Error(describeConnectFailure(env, serverText(error, secrets.password),
                                                error.nativeErrorCode(), kind));
        }
    }
    m_name = name;
    return {};
}

QSqlDatabase ScopedConnection::db() const
{
    return QSqlDatabase::database(m_name, false);
}

void ScopedConnection::close()
{
    closeDatabase();
    if (m_tunnel) {
        m_tunnel->close();
        m_tunnel.reset();
    }
}

bool ScopedConnection::tunnelLost() const
{
    return m_tunnel && !m_tunnel->isAlive();
}

QString ScopedConnection::tunnelLostReason() const
{
    return m_tunnel ? m_tunnel->lostReason() : QString();
}

Status ScopedConnection::explainTunnelLoss(Status status) const
{
    if (status || !m_tunnel)
        return status;
    // The client library may see its socket close a moment before the tunnel thread has recorded
    // why: when the error reads like a dropped connection, give the tunnel a moment to say so.
    static const QRegularExpression dropped(
        QStringLiteral("closed the connection|connection (was )?(lost|closed|reset)|lost "
                       "connection|gone away|no connection|could not (send|receive)|eof"),
        QRegularExpression::CaseInsensitiveOption);
    if (m_tunnel->isAlive() && dropped.match(status.error().message).hasMatch()) {
        for (int i = 0; i < 100 && m_tunnel->isAlive(); ++i)
            QThread::msleep(20);
    }
    if (!tunnelLost())
        return status;
    Error e = status.error();
    e.message = QStringLiteral("%1. The run stopped there: %2").arg(tunnelLostReason(), e.message);
    return e;
}

void ScopedConnection::closeDatabase()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

} // namespace retort
