#include "safety/Backup.h"

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

struct Endpoint {
    QString host;
    int port = 0;
};

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

    if (!QDir().mkpath(folder))
        return Error(QStringLiteral("backup of %1 failed: cannot create the backup folder %2")
                         .arg(env.name, folder));
    // Keep backups out of git: .retort/.gitignore = "*" (when the folder is under a .retort).
    for (QDir d(folder); !d.isRoot(); d.cdUp()) {
        if (d.dirName() == u".retort") {
            QFile ignore(d.filePath(QStringLiteral(".gitignore")));
            if (!ignore.exists() && ignore.open(QIODevice::WriteOnly))
                ignore.write("*\n");
            break;
        }
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString fileName =
        QStringLiteral("%1-%2Z.%3").arg(env.name, now.toString(kTimeFormat), extensionFor(kind));
    const QString path = QDir(folder).absoluteFilePath(fileName);
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);
    const auto fail = [&](const QString &why) -> Result<BackupInfo> {
        QFile::remove(partial);
        return Error(QStringLiteral("backup of %1 failed: %2").arg(env.name, why));
    };

    if (kind == DialectKind::Sqlite) {
        ScopedConnection conn;
        if (Status st = conn.open(env, true, secrets); !st)
            return fail(st.error().message);
        QSqlQuery query(conn.db());
        if (!query.exec(QStringLiteral("VACUUM INTO ") + dialect->quoteLiteral(partial))) {
            const QSqlError e = query.lastError();
            return fail(e.databaseText().isEmpty() ? e.text() : e.databaseText());
        }
    } else {
        // The server as the dump tool reaches it: directly, or the local end of a tunnel.
        Endpoint at{env.host.isEmpty() ? QStringLiteral("127.0.0.1") : env.host,
                    env.port > 0 ? env.port : dialect->defaultPort()};
        std::unique_ptr<SshTunnel> tunnel;
        if (env.ssh) {
            auto opened = SshTunnel::open(*env.ssh, secrets.ssh, at.host, at.port);
            if (!opened)
                return fail(opened.error().message);
            tunnel = std::move(*opened);
            at = Endpoint{QStringLiteral("127.0.0.1"), tunnel->localPort()};
        }
        QString program;
        QStringList args;
        QProcessEnvironment penv = QProcessEnvironment::systemEnvironment();
        if (kind == DialectKind::Postgresql) {
            program = QStandardPaths::findExecutable(QStringLiteral("pg_dump"));
            args = {QStringLiteral("-Fc"), QStringLiteral("--no-password"),
                    QStringLiteral("-h"),  at.host,
                    QStringLiteral("-p"),  QString::number(at.port),
                    QStringLiteral("-U"),  env.user,
                    QStringLiteral("-f"),  partial,
                    env.database};
            penv.insert(QStringLiteral("PGPASSWORD"), secrets.password);
            penv.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
        } else {
            program = QStandardPaths::findExecutable(QStringLiteral("mariadb-dump"));
            if (program.isEmpty())
                program = QStandardPaths::findExecutable(QStringLiteral("mysqldump"));
            args = {QStringLiteral("--no-defaults"),
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
            penv.insert(QStringLiteral("MYSQL_PWD"), secrets.password);
        }
        if (program.isEmpty())
            return fail(kind == DialectKind::Postgresql
                            ? QStringLiteral("pg_dump is not installed (Debian: postgresql-client)")
                            : QStringLiteral("mariadb-dump is not installed (Debian: "
                                             "mariadb-client)"));
        QProcess process;
        process.setProcessEnvironment(penv);
        process.setStandardInputFile(QProcess::nullDevice());
        process.start(program, args);
        if (!process.waitForStarted())
            return fail(QStringLiteral("cannot start %1: %2").arg(program, process.errorString()));
        QElapsedTimer timer;
        timer.start();
        while (!process.waitForFinished(200)) {
            if ((cancel && cancel->load()) || timer.elapsed() > timeoutMs) {
                process.kill();
                process.waitForFinished();
                return fail(cancel && cancel->load()
                                ? QStringLiteral("cancelled")
                                : QStringLiteral("timed out after %1 s").arg(timeoutMs / 1000));
            }
            if (tunnel && !tunnel->isAlive()) {
                process.kill();
                process.waitForFinished();
                return fail(tunnel->lostReason());
            }
        }
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            return fail(QStringLiteral("%1 exited with %2: %3")
                            .arg(QFileInfo(program).fileName())
                            .arg(process.exitCode())
                            .arg(masked(QString::fromLocal8Bit(process.readAllStandardError()),
                                        secrets.password)));
    }

    if (const QString why = validate(kind, partial); !why.isEmpty())
        return fail(why);
    QFile::remove(path);
    if (!QFile::rename(partial, path))
        return fail(QStringLiteral("cannot rename %1 to %2").arg(partial, path));

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
