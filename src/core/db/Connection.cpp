#include "db/Connection.h"

#include "db/Dialect.h"

#include <QAtomicInt>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QThread>

#include <algorithm>
#include <netdb.h>
#include <sys/socket.h>

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

// Classifies a failed server connect for users. `text` is serverText(); `kind` is
// connectErrorKind() of the same failure.
QString describeConnectFailure(const Environment &env, const QString &text, ErrorKind kind,
                               const QString &nativeCode, DialectKind dialect)
{
    const QString where = QStringLiteral("%1:%2").arg(
        env.host.isEmpty() ? QStringLiteral("localhost") : env.host,
        env.port > 0
            ? QString::number(env.port)
            : (dialect == DialectKind::Mysql ? QStringLiteral("3306") : QStringLiteral("5432")));
    QString summary;
    switch (kind) {
    case ErrorKind::DatabaseAuthFailed:
        // MySQL 1044: the password was right but the database is not visible to the user (MySQL
        // says this, not "unknown database", when the user has no rights on a missing database).
        if (dialect == DialectKind::Mysql && nativeCode == u"1044")
            summary = QStringLiteral("database %1 does not exist on %2, or user %3 may not use it")
                          .arg(env.database, where, env.user);
        else
            summary = QStringLiteral("authentication failed for user %1 at %2 (wrong or missing "
                                     "password?)")
                          .arg(env.user, where);
        break;
    case ErrorKind::DatabaseMissing:
        summary = QStringLiteral("database %1 does not exist on %2").arg(env.database, where);
        break;
    case ErrorKind::ConnectionRefused:
    case ErrorKind::HostUnresolved:
    case ErrorKind::Timeout:
        summary = QStringLiteral("cannot reach the database server at %1").arg(where);
        break;
    default:
        summary = QStringLiteral("cannot connect to %1 at %2").arg(env.database, where);
        break;
    }
    return QStringLiteral("environment '%1': %2: %3").arg(env.name, summary, text);
}

// MySQL/MariaDB: the client library's error number (QMYSQL's nativeErrorCode()).
ErrorKind mysqlConnectKind(const QString &code, const ConnectFacts &facts)
{
    // 1045: access denied for the user; 1044: access denied to the database (the user was
    // refused that database, which is also what it is told when the database is missing).
    if (code == u"1045" || code == u"1044")
        return ErrorKind::DatabaseAuthFailed;
    if (code == u"1049") // unknown database
        return ErrorKind::DatabaseMissing;
    if (code == u"2005") // unknown server host
        return ErrorKind::HostUnresolved;
    if (code == u"2013") // lost the connection while reading the greeting: no answer in time
        return ErrorKind::Timeout;
    if (code == u"2002" || code == u"2003") // can't connect (socket / TCP)
        return facts.timedOut ? ErrorKind::Timeout : ErrorKind::ConnectionRefused;
    return ErrorKind::Unspecified;
}

// PostgreSQL: a SQLSTATE, when QPSQL has one.
ErrorKind postgresStateKind(const QString &sqlState)
{
    if (sqlState == u"28P01" || sqlState == u"28000") // invalid password / authorization
        return ErrorKind::DatabaseAuthFailed;
    if (sqlState == u"3D000") // invalid catalog name
        return ErrorKind::DatabaseMissing;
    if (sqlState == u"08001" || sqlState == u"08006") // cannot establish / connection failure
        return ErrorKind::ConnectionRefused;
    return ErrorKind::Unspecified;
}

// The one place Retort reads a connect failure's text. libpq reports a failed connect through
// PQerrorMessage() only — no PGresult, so no SQLSTATE, and QPSQL's nativeErrorCode() is empty —
// so after what Retort knows itself (ConnectFacts), only the words are left: the server's
// ("password authentication failed", "database \"x\" does not exist") and libpq's own
// ("Connection refused", "could not translate host name", "timeout expired"), in English unless
// a translation is installed.
ErrorKind libpqConnectKindFromText(const QString &text)
{
    const QString lower = text.toLower();
    if (lower.contains(u"password authentication failed") ||
        lower.contains(u"no password supplied") || lower.contains(u"authentication failed"))
        return ErrorKind::DatabaseAuthFailed;
    if (lower.contains(u"database \"") && lower.contains(u"does not exist"))
        return ErrorKind::DatabaseMissing;
    if (lower.contains(u"could not translate host name"))
        return ErrorKind::HostUnresolved;
    if (lower.contains(u"timeout expired"))
        return ErrorKind::Timeout;
    if (lower.contains(u"connection refused") || lower.contains(u"no route to host") ||
        lower.contains(u"network is unreachable"))
        return ErrorKind::ConnectionRefused;
    return ErrorKind::Unspecified;
}

ErrorKind postgresConnectKind(const QString &sqlState, const QString &text,
                              const ConnectFacts &facts)
{
    if (const ErrorKind kind = postgresStateKind(sqlState); kind != ErrorKind::Unspecified)
        return kind;
    if (facts.hostUnresolved)
        return ErrorKind::HostUnresolved;
    if (facts.timedOut)
        return ErrorKind::Timeout;
    return libpqConnectKindFromText(text);
}

// Whether a host name given to the driver resolves (a path or an empty host — a Unix socket —
// always "resolves"). Only asked after a connect failed.
bool hostResolves(const QString &host)
{
    if (host.isEmpty() || host.startsWith(u'/'))
        return true;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *addrs = nullptr;
    const int rc = ::getaddrinfo(host.toUtf8().constData(), nullptr, &hints, &addrs);
    if (addrs)
        ::freeaddrinfo(addrs);
    return rc != EAI_NONAME && rc != EAI_FAIL
#ifdef EAI_NODATA
           && rc != EAI_NODATA
#endif
        ;
}

bool hasOption(const QString &options, QLatin1String key)
{
    for (const QString &part : options.split(u';', Qt::SkipEmptyParts)) {
        if (part.section(u'=', 0, 0).trimmed().compare(key, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The connect timeout in effect for `options` (as connectOptionsWithTimeout() left them), in
// seconds; 0 when none.
int connectTimeoutSeconds(const QString &driver, const QString &options)
{
    const QLatin1String key = driver == QLatin1String("mysql")
                                  ? QLatin1String("MYSQL_OPT_CONNECT_TIMEOUT")
                                  : QLatin1String("connect_timeout");
    for (const QString &part : options.split(u';', Qt::SkipEmptyParts)) {
        if (part.section(u'=', 0, 0).trimmed().compare(key, Qt::CaseInsensitive) == 0)
            return part.section(u'=', 1).trimmed().toInt();
    }
    return 0;
}

// What Retort knows itself about a failed connect to `env` that took `elapsedMs`.
// The host is looked up again only for PostgreSQL, whose libpq gives no code for it.
ConnectFacts connectFacts(const Environment &env, DialectKind kind, const QString &options,
                          qint64 elapsedMs)
{
    ConnectFacts facts;
    const int timeoutS = connectTimeoutSeconds(env.driver, options);
    // libpq counts its deadline in whole seconds, so it may give up up to a second early.
    facts.timedOut = timeoutS > 0 && elapsedMs >= qint64(std::max(1, timeoutS - 1)) * 1000;
    facts.hostUnresolved = kind == DialectKind::Postgresql && !hostResolves(env.host);
    return facts;
}

// The driver settings of a server or SQLite connection.
void configure(QSqlDatabase &db, const Environment &env, DialectKind kind,
               const ConnectionSecrets &secrets)
{
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
}

} // namespace

bool sqliteDatabaseMissing(const Environment &env)
{
    return env.driver == QLatin1String("sqlite") && env.database != QLatin1String(":memory:") &&
           !env.database.startsWith(QLatin1String("file:")) && !QFileInfo::exists(env.database);
}

Result<std::optional<Dialect>> openForReading(ScopedConnection &conn, const Environment &env,
                                              const ConnectionSecrets &secrets)
{
    if (sqliteDatabaseMissing(env))
        return std::optional<Dialect>();
    auto dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return dialect.error();
    if (Status st = conn.open(env, true, secrets); !st)
        return st.error();
    return std::optional<Dialect>(*dialect);
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

ErrorKind connectErrorKind(DialectKind dialect, const QString &nativeCode, const QString &text,
                           const ConnectFacts &facts)
{
    switch (dialect) {
    case DialectKind::Mysql:
        return mysqlConnectKind(nativeCode, facts);
    case DialectKind::Postgresql:
        return postgresConnectKind(nativeCode, text, facts);
    case DialectKind::Sqlite:
        break;
    }
    return ErrorKind::Unspecified;
}

namespace {

// The Error for a failed server connect: its kind from the driver's code (and ConnectFacts), the
// native code kept, the message for users.
Error connectFailure(const Environment &env, DialectKind kind, const QSqlError &error,
                     const QString &password, const ConnectFacts &facts)
{
    const QString text = serverText(error, password);
    const QString code = error.nativeErrorCode();
    const ErrorKind errorKind = connectErrorKind(kind, code, text, facts);
    return Error(describeConnectFailure(env, text, errorKind, code, kind)).as(errorKind, code);
}

} // namespace

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
    if (dialect->kind() != DialectKind::Sqlite && env.ssh)
        return openThroughTunnel(env, mustExist, secrets, *dialect);
    return openDirect(env, mustExist, secrets, *dialect);
}

Status ScopedConnection::openThroughTunnel(const Environment &env, bool mustExist,
                                           const ConnectionSecrets &secrets, const Dialect &dialect)
{
    // The tunnel first; then the same connection to its local end.
    const QString remoteHost = env.host.isEmpty() ? QStringLiteral("127.0.0.1") : env.host;
    const int remotePort = env.port > 0 ? env.port : dialect.defaultPort();
    auto tunnel = SshTunnel::open(*env.ssh, secrets.ssh, remoteHost, remotePort, {}, &m_sshFailure);
    if (!tunnel)
        return Error(QStringLiteral("environment '%1': %2").arg(env.name, tunnel.error().message))
            .as(tunnel.error().kind);
    Environment direct = env;
    direct.ssh.reset();
    direct.host = QStringLiteral("127.0.0.1");
    direct.port = (*tunnel)->localPort();
    m_tunnel = std::move(*tunnel);
    const Status st = openDirect(direct, mustExist, secrets, dialect);
    if (!st) {
        m_tunnel.reset();
        Error error = st.error(); // keeps the kind and the server's code
        error.message.replace(
            QStringLiteral("127.0.0.1:%1").arg(direct.port),
            QStringLiteral("%1:%2 via SSH %3").arg(remoteHost).arg(remotePort).arg(env.ssh->host));
        return error;
    }
    return {};
}

Status ScopedConnection::openDirect(const Environment &env, bool mustExist,
                                    const ConnectionSecrets &secrets, const Dialect &dialect)
{
    const DialectKind kind = dialect.kind();
    if (kind == DialectKind::Sqlite && mustExist && sqliteDatabaseMissing(env))
        return Error(QStringLiteral("environment '%1': database %2 does not exist")
                         .arg(env.name, env.database))
            .as(ErrorKind::DatabaseMissing);
    if (!QSqlDatabase::isDriverAvailable(dialect.qtDriverName())) {
        return Error(QStringLiteral("environment '%1': the Qt SQL driver %2 for %3 is not "
                                    "installed")
                         .arg(env.name, dialect.qtDriverName(), dialect.displayName()));
    }

    const QString name =
        QStringLiteral("retort-%1-%2").arg(env.name).arg(g_connectionSerial.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(dialect.qtDriverName(), name);
        configure(db, env, kind, secrets);
        QElapsedTimer timer;
        timer.start();
        if (!db.open()) {
            const qint64 elapsedMs = timer.elapsed();
            const QSqlError error = db.lastError();
            const QString options = db.connectOptions();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            if (kind == DialectKind::Sqlite)
                return Error(QStringLiteral("environment '%1': cannot open %2: %3")
                                 .arg(env.name, env.database, error.text()));
            return connectFailure(env, kind, error, secrets.password,
                                  connectFacts(env, kind, options, elapsedMs));
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
    return std::move(e).as(ErrorKind::TunnelLost);
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
