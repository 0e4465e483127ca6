#include "workflows/ScratchDatabase.h"

#include "base/PrivateFiles.h"
#include "project/Project.h"

#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace retort {

namespace {

constexpr QStringView kPrefix = u"retort_scratch_";

Error queryError(const QSqlError &e, const QString &what)
{
    return Error(QStringLiteral("%1: %2 (%3)")
                     .arg(what, e.databaseText().isEmpty() ? e.text() : e.databaseText(),
                          e.nativeErrorCode()))
        .as(ErrorKind::ServerError, e.nativeErrorCode());
}

QString quoted(const Dialect &dialect, const QString &name)
{
    return dialect.quoteIdentifier(name);
}

QString dropStatement(const Dialect &dialect, const QString &name)
{
    if (dialect.kind() == DialectKind::Postgresql)
        return QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoted(dialect, name));
    return QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted(dialect, name));
}

// Whether the server refused CREATE DATABASE for lack of the privilege.
bool isPrivilegeError(const Dialect &dialect, const QString &code)
{
    if (dialect.kind() == DialectKind::Postgresql)
        return code == u"42501";
    return code == u"1044" || code == u"1045" || code == u"1227";
}

} // namespace

std::optional<ScratchServer> scratchServerOf(const Project &project,
                                             const ConnectionSecrets &secrets)
{
    const Environment *env = project.scratchEnvironment();
    if (!env)
        return std::nullopt;
    return ScratchServer{*env, secrets};
}

QString scratchDatabaseName(qint64 unixTime, const QString &suffix)
{
    return kPrefix.toString() + QString::number(unixTime) + u'_' + suffix;
}

std::optional<qint64> scratchDatabaseTime(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^retort_scratch_([0-9]{1,18})_"));
    const QRegularExpressionMatch m = re.match(name);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 t = m.captured(1).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return t;
}

bool isStaleScratchDatabase(const QString &name, qint64 now)
{
    const std::optional<qint64> t = scratchDatabaseTime(name);
    return t && now - *t > kScratchMaxAgeSeconds;
}

ScratchDatabase::~ScratchDatabase()
{
    (void)drop();
}

Result<std::unique_ptr<ScratchDatabase>> ScratchDatabase::createSqlite(const QString &tempDir)
{
    const QString base = tempDir.isEmpty() ? QDir::tempPath() : tempDir;
    std::unique_ptr<ScratchDatabase> s(new ScratchDatabase);
    // mkdtemp: a new folder, mode 0700, that nobody else can have prepared.
    s->m_dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/retort-scratch-XXXXXX"));
    if (!s->m_dir->isValid())
        return Error(QStringLiteral("cannot create a scratch folder: %1")
                         .arg(s->m_dir->errorString()),
                     base)
            .as(ErrorKind::Io);
    const QString file = s->m_dir->filePath(QStringLiteral("scratch.db"));
    if (Status st = createPrivateFile(file); !st)
        return st.error();
    s->m_env.name = QStringLiteral("scratch");
    s->m_env.driver = QStringLiteral("sqlite");
    s->m_env.database = file;
    s->m_created = true;
    return s;
}

Result<std::unique_ptr<ScratchDatabase>>
ScratchDatabase::createOnServer(const ScratchServer &server, const CancelToken *cancel)
{
    const Environment &env = server.environment;
    if (env.isProtected)
        return Error(QStringLiteral("environment '%1' is protected: it never hosts scratch "
                                    "databases")
                         .arg(env.name))
            .as(ErrorKind::Refused);
    if (env.driver != u"postgresql" && env.driver != u"mysql")
        return Error(QStringLiteral("environment '%1' is %2: a scratch server must be postgresql "
                                    "or mysql")
                         .arg(env.name, env.driver))
            .as(ErrorKind::Refused);
    std::unique_ptr<ScratchDatabase> s(new ScratchDatabase);
    s->m_env = env;
    s->m_secrets = server.secrets;
    s->m_admin = std::make_unique<ScopedConnection>();
    if (cancel && cancel->isCancelled())
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
    if (Status st = s->m_admin->open(env, true, server.secrets); !st)
        return st.error();
    if (Status st = s->sweepAndCreate(cancel); !st)
        return st.error();
    return s;
}

Status ScratchDatabase::sweepAndCreate(const CancelToken *cancel)
{
    const Environment server = m_env;
    const Dialect dialect = *Dialect::forDriver(server.driver);
    QSqlDatabase db = m_admin->db();
    const qint64 now = QDateTime::currentSecsSinceEpoch();

    // 1. Sweep what killed processes left (errors ignored: another user's, or still in use).
    {
        QSqlQuery list(db);
        const QString sql = dialect.kind() == DialectKind::Postgresql
                                ? QStringLiteral("SELECT datname FROM pg_database")
                                : QStringLiteral("SELECT schema_name FROM "
                                                 "information_schema.schemata");
        if (list.exec(sql)) {
            QStringList stale;
            while (list.next()) {
                const QString name = list.value(0).toString();
                if (isStaleScratchDatabase(name, now))
                    stale << name;
            }
            list.finish();
            for (const QString &name : stale) {
                QSqlQuery drop(db);
                if (drop.exec(dropStatement(dialect, name)))
                    m_swept << name;
            }
        }
    }

    // 2. Create ours.
    if (cancel && cancel->isCancelled())
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
    const QString suffix =
        QString::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, u'0');
    const QString name = scratchDatabaseName(now, suffix);
    QSqlQuery create(db);
    if (!create.exec(QStringLiteral("CREATE DATABASE %1").arg(quoted(dialect, name)))) {
        const QSqlError e = create.lastError();
        if (isPrivilegeError(dialect, e.nativeErrorCode()))
            return Error(QStringLiteral("scratch server '%1': the login '%2' may not create "
                                        "databases (%3); give it that right or name another "
                                        "environment in `scratch`: %4")
                             .arg(server.name, server.user,
                                  dialect.kind() == DialectKind::Postgresql
                                      ? QStringLiteral("PostgreSQL: ALTER ROLE … CREATEDB")
                                      : QStringLiteral("MariaDB: GRANT ALL ON "
                                                       "`retort\\_scratch\\_%`.* TO …"),
                                  e.databaseText().isEmpty() ? e.text() : e.databaseText()),
                         server.name)
                .as(ErrorKind::ServerError, e.nativeErrorCode());
        return queryError(e, QStringLiteral("scratch server '%1': cannot create database %2")
                                 .arg(server.name, name));
    }
    m_adminDatabase = m_env.database;
    m_env.name = QStringLiteral("scratch");
    m_env.database = name;
    m_created = true;
    return {};
}

Status ScratchDatabase::drop()
{
    if (!m_created)
        return {};
    m_created = false;
    if (m_dir) {
        const QString path = m_dir->path();
        const bool removed = m_dir->remove();
        m_dir.reset();
        if (!removed)
            return Error(QStringLiteral("cannot remove the scratch folder"), path)
                .as(ErrorKind::Io);
        return {};
    }
    const Dialect dialect = *Dialect::forDriver(m_env.driver);
    const QString statement = dropStatement(dialect, m_env.database);
    QSqlError error;
    bool ok = false;
    {
        QSqlQuery drop(m_admin->db());
        ok = drop.exec(statement);
        error = drop.lastError();
    }
    m_admin->close();
    if (!ok) {
        // The administrative connection may have been lost (a dropped tunnel): once more on a
        // fresh one.
        Environment server = m_env;
        server.database = m_adminDatabase;
        ScopedConnection again;
        if (again.open(server, true, m_secrets)) {
            QSqlQuery drop(again.db());
            ok = drop.exec(statement);
            if (!ok)
                error = drop.lastError();
        }
    }
    if (!ok)
        return queryError(error,
                          QStringLiteral("cannot drop scratch database %1").arg(m_env.database));
    return {};
}

} // namespace retort
