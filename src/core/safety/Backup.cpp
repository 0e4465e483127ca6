#include "safety/Backup.h"

#include "base/PrivateFiles.h"
#include "db/Connection.h"
#include "db/Dialect.h"
#include "project/Project.h"
#include "ssh/SshTunnel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace retort {

namespace {

constexpr QStringView kTimeFormat = u"yyyyMMdd-HHmmss-zzz";

QString extensionFor(DialectKind kind)
{
    switch (kind) {
    case DialectKind::Sqlite:
        return QStringLiteral("sqlite");
    case DialectKind::Postgresql:
        return QStringLiteral("dump");
    case DialectKind::Mysql:
        return QStringLiteral("sql");
    }
    Q_UNREACHABLE();
}

QString formatFor(DialectKind kind)
{
    switch (kind) {
    case DialectKind::Sqlite:
        return QStringLiteral("sqlite");
    case DialectKind::Postgresql:
        return QStringLiteral("pg_dump -Fc");
    case DialectKind::Mysql:
        return QStringLiteral("sql");
    }
    Q_UNREACHABLE();
}

QString shellQuote(const QString &s)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (!s.isEmpty() && plain.match(s).hasMatch())
        return s;
    QString q = s;
    q.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + q + u'\'';
}

// Checks that a finished dump is complete; "" when it is, else why not.
QString validate(DialectKind kind, const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read the backup file: ") + f.errorString();
    if (f.size() == 0)
        return QStringLiteral("the backup is empty");
    switch (kind) {
    case DialectKind::Sqlite:
        if (!f.read(16).startsWith("SQLite format 3"))
            return QStringLiteral("the backup is not a SQLite database");
        return {};
    case DialectKind::Postgresql:
        if (f.read(5) != "PGDMP")
            return QStringLiteral("the backup is not a pg_dump custom-format archive");
        return {};
    case DialectKind::Mysql: {
        const qint64 tail = std::min<qint64>(f.size(), 512);
        f.seek(f.size() - tail);
        if (!f.read(tail).contains("-- Dump completed"))
            return QStringLiteral("the dump is truncated (no \"-- Dump completed\" trailer)");
        return {};
    }
    }
    Q_UNREACHABLE();
}

QString masked(QString text, const QString &password)
{
    if (!password.isEmpty())
        text.replace(password, QStringLiteral("****"));
    return text.trimmed();
}

// Where the dump tool reaches the server: directly, or the local end of a tunnel.
struct Endpoint {
    QString host;
    int port = 0;
};

// A dump tool's command line and environment (with the password); `program` is "" when the tool
// is not installed.
struct DumpCommand {
    QString program;
    QStringList args;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
};

// Step 1: creates `folder` and its missing parents 0700 (base/PrivateFiles.h), and keeps backups
// out of git: a folder under a `.retort` gets that folder made by retortFolder() (its .gitignore
// of "*"). "" when the folder exists, else why not.
QString prepareFolder(const QString &folder)
{
    const QString clean = QDir::cleanPath(QDir(folder).absolutePath());
    for (QString at = clean; QFileInfo(at).path() != at; at = QFileInfo(at).path()) {
        if (QFileInfo(at).fileName() == u".retort") {
            if (const Result<QString> made = retortFolder(QFileInfo(at).path()); !made)
                return made.error().message;
            break;
        }
    }
    if (const Status made = makePrivateDirs(clean); !made)
        return made.error().message;
    return {};
}

// SQLite: VACUUM INTO `partial` on a connection of its own. "" when done, else why not.
QString vacuumInto(const Environment &env, const Dialect &dialect, const ConnectionSecrets &secrets,
                   const QString &partial)
{
    ScopedConnection conn;
    if (Status st = conn.open(env, true, secrets); !st)
        return st.error().message;
    QSqlQuery query(conn.db());
    if (!query.exec(QStringLiteral("VACUUM INTO ") + dialect.quoteLiteral(partial))) {
        const QSqlError e = query.lastError();
        return e.databaseText().isEmpty() ? e.text() : e.databaseText();
    }
    return {};
}

// PostgreSQL: pg_dump -Fc into `partial`; the password in PGPASSWORD, never prompted for.
DumpCommand pgDumpCommand(const Environment &env, const ConnectionSecrets &secrets,
                          const Endpoint &at, const QString &partial)
{
    DumpCommand c;
    c.program = QStandardPaths::findExecutable(QStringLiteral("pg_dump"));
    c.args = {QStringLiteral("-Fc"), QStringLiteral("--no-password"),
              QStringLiteral("-h"),  at.host,
              QStringLiteral("-p"),  QString::number(at.port),
              QStringLiteral("-U"),  env.user,
              QStringLiteral("-f"),  partial,
              env.database};
    c.environment.insert(QStringLiteral("PGPASSWORD"), secrets.password);
    c.environment.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
    return c;
}

// MySQL/MariaDB: mariadb-dump (or mysqldump) into `partial`; the password in MYSQL_PWD.
DumpCommand mariadbDumpCommand(const Environment &env, const ConnectionSecrets &secrets,
                               const Endpoint &at, const QString &partial)
{
    DumpCommand c;
    c.program = QStandardPaths::findExecutable(QStringLiteral("mariadb-dump"));
    if (c.program.isEmpty())
        c.program = QStandardPaths::findExecutable(QStringLiteral("mysqldump"));
    c.args = {QStringLiteral("--no-defaults"),
              QStringLiteral("--protocol=TCP"),
              QStringLiteral("--host=") + at.host,
              QStringLiteral("--port=") + QString::number(at.port),
              QStringLiteral("--user=") + env.user,
              QStringLiteral("--single-transaction"),
              QStringLiteral("--routines"),
              QStringLiteral("--triggers"),
              QStringLiteral("--no-tablespaces"),
              QStringLiteral("--result-file=") + partial,
              env.database};
    c.environment.insert(QStringLiteral("MYSQL_PWD"), secrets.password);
    return c;
}

// Runs a dump tool to its end, polling `cancel`, the timeout and the tunnel (null: none) every
// 200 ms; the tool is killed when one of them says stop. "" when it exited with 0, else why not
// (its stderr with `password` masked).
QString runDump(const DumpCommand &command, const SshTunnel *tunnel,
                const std::atomic<bool> *cancel, int timeoutMs, const QString &password)
{
    QProcess process;
    process.setProcessEnvironment(command.environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(command.program, command.args);
    if (!process.waitForStarted())
        return QStringLiteral("cannot start %1: %2").arg(command.program, process.errorString());
    QElapsedTimer timer;
    timer.start();
    while (!process.waitForFinished(200)) {
        QString stop;
        if (cancel && cancel->load())
            stop = QStringLiteral("cancelled");
        else if (timer.elapsed() > timeoutMs)
            stop = QStringLiteral("timed out after %1 s").arg(timeoutMs / 1000);
        else if (tunnel && !tunnel->isAlive())
            stop = tunnel->lostReason();
        else
            continue;
        process.kill();
        process.waitForFinished();
        return stop;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("%1 exited with %2: %3")
            .arg(QFileInfo(command.program).fileName())
            .arg(process.exitCode())
            .arg(masked(QString::fromLocal8Bit(process.readAllStandardError()), password));
    return {};
}

// PostgreSQL and MySQL/MariaDB: the dump tool into `partial`, through an SshTunnel opened here
// when the environment has one (closed on return). "" when the tool succeeded, else why not.
QString dumpServer(const Environment &env, const Dialect &dialect, const ConnectionSecrets &secrets,
                   const QString &partial, const std::atomic<bool> *cancel, int timeoutMs)
{
    Endpoint at{env.host.isEmpty() ? QStringLiteral("127.0.0.1") : env.host,
                env.port > 0 ? env.port : dialect.defaultPort()};
    std::unique_ptr<SshTunnel> tunnel;
    if (env.ssh) {
        auto opened = SshTunnel::open(*env.ssh, secrets.ssh, at.host, at.port);
        if (!opened)
            return opened.error().message;
        tunnel = std::move(*opened);
        at = Endpoint{QStringLiteral("127.0.0.1"), tunnel->localPort()};
    }
    const bool postgres = dialect.kind() == DialectKind::Postgresql;
    const DumpCommand command = postgres ? pgDumpCommand(env, secrets, at, partial)
                                         : mariadbDumpCommand(env, secrets, at, partial);
    if (command.program.isEmpty())
        return postgres ? QStringLiteral("pg_dump is not installed (Debian: postgresql-client)")
                        : QStringLiteral("mariadb-dump is not installed (Debian: "
                                         "mariadb-client)");
    return runDump(command, tunnel.get(), cancel, timeoutMs, secrets.password);
}

} // namespace

QString defaultBackupFolder(const Project &project, const Environment &env)
{
    return QDir(project.root).filePath(QStringLiteral(".retort/backups/") + env.name);
}

QString restoreCommand(const Environment &env, const QString &backupPath)
{
    const Result<Dialect> dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return {};
    const QString host = env.ssh ? QStringLiteral("127.0.0.1")
                                 : (env.host.isEmpty() ? QStringLiteral("127.0.0.1") : env.host);
    const int port = env.ssh ? 0 : (env.port > 0 ? env.port : dialect->defaultPort());
    const QString portText = port > 0 ? QString::number(port) : QStringLiteral("LOCALPORT");
    QString tunnel;
    if (env.ssh) {
        tunnel =
            QStringLiteral("ssh -N -L LOCALPORT:%1:%2 -p %3 %4%5 &  # then: ")
                .arg(env.host.isEmpty() ? QStringLiteral("127.0.0.1") : env.host)
                .arg(env.port > 0 ? env.port : dialect->defaultPort())
                .arg(env.ssh->port)
                .arg(env.ssh->user.isEmpty() ? QString() : env.ssh->user + u'@', env.ssh->host);
    }
    switch (dialect->kind()) {
    case DialectKind::Sqlite:
        return QStringLiteral("sqlite3 %1 \".restore %2\"")
            .arg(shellQuote(env.database), shellQuote(backupPath));
    case DialectKind::Postgresql:
        return tunnel + QStringLiteral("pg_restore --clean --if-exists --no-owner -h %1 -p %2 "
                                       "-U %3 -d %4 %5")
                            .arg(host, portText, shellQuote(env.user), shellQuote(env.database),
                                 shellQuote(backupPath));
    case DialectKind::Mysql:
        return tunnel + QStringLiteral("mariadb --protocol=TCP -h %1 -P %2 -u %3 -p %4 < %5")
                            .arg(host, portText, shellQuote(env.user), shellQuote(env.database),
                                 shellQuote(backupPath));
    }
    Q_UNREACHABLE();
}

Result<BackupInfo> takeBackup(const Environment &env, const ConnectionSecrets &secrets,
                              const QString &folder, const std::atomic<bool> *cancel, int timeoutMs)
{
    const Result<Dialect> dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return dialect.error();
    const DialectKind kind = dialect->kind();
    if (kind == DialectKind::Sqlite && sqliteDatabaseMissing(env))
        return Error(QStringLiteral("cannot back up %1: database %2 does not exist")
                         .arg(env.name, env.database));
    const auto failure = [&](const QString &why) {
        return Error(QStringLiteral("backup of %1 failed: %2").arg(env.name, why));
    };
    if (const QString why = prepareFolder(folder); !why.isEmpty())
        return failure(why);

    // The dump goes to "<name>.partial", renamed once it is complete and valid.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString fileName =
        QStringLiteral("%1-%2Z.%3").arg(env.name, now.toString(kTimeFormat), extensionFor(kind));
    const QString path = QDir(folder).absoluteFilePath(fileName);
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);
    // Created 0600 here, before any byte of the copy exists; the tool writes into it by name and
    // keeps its mode (VACUUM INTO accepts an empty file).
    if (const Status created = createPrivateFile(partial); !created)
        return failure(created.error().message);
    QString why = kind == DialectKind::Sqlite
                      ? vacuumInto(env, *dialect, secrets, partial)
                      : dumpServer(env, *dialect, secrets, partial, cancel, timeoutMs);
    if (why.isEmpty())
        why = validate(kind, partial);
    if (why.isEmpty()) {
        QFile::remove(path);
        if (!QFile::rename(partial, path))
            why = QStringLiteral("cannot rename %1 to %2").arg(partial, path);
    }
    if (!why.isEmpty()) {
        QFile::remove(partial);
        return failure(why);
    }

    BackupInfo info;
    info.environment = env.name;
    info.path = path;
    info.createdAt = now;
    info.size = QFileInfo(path).size();
    info.format = formatFor(kind);
    info.restoreCommand = restoreCommand(env, path);
    return info;
}

std::vector<BackupInfo> listBackups(const Environment &env, const QString &folder)
{
    std::vector<BackupInfo> out;
    const Result<Dialect> dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return out;
    const QString ext = extensionFor(dialect->kind());
    const QRegularExpression name(
        QStringLiteral("^%1-(\\d{8}-\\d{6}-\\d{3})Z\\.%2$")
            .arg(QRegularExpression::escape(env.name), QRegularExpression::escape(ext)));
    const QDir dir(folder);
    for (const QFileInfo &fi : dir.entryInfoList(QDir::Files, QDir::Name | QDir::Reversed)) {
        const auto match = name.match(fi.fileName());
        if (!match.hasMatch())
            continue;
        BackupInfo info;
        info.environment = env.name;
        info.path = fi.absoluteFilePath();
        const QDateTime wall = QDateTime::fromString(match.captured(1), kTimeFormat.toString());
        info.createdAt = QDateTime(wall.date(), wall.time(), Qt::UTC);
        info.size = fi.size();
        info.format = formatFor(dialect->kind());
        info.restoreCommand = restoreCommand(env, info.path);
        out.push_back(std::move(info));
    }
    return out;
}

} // namespace retort
