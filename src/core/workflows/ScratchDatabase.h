#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Environment.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace retort {

struct Project;

// The server that may host scratch databases: the environment named by `[project] scratch`
// (postgresql or mysql, never protected) and the secrets to log in with.
struct ScratchServer {
    Environment environment;
    ConnectionSecrets secrets; // never logged
};

// The project's scratch server (`scratch = "ENV"` in retort.toml) with `secrets`, or nothing when
// the project names none. Pure.
std::optional<ScratchServer> scratchServerOf(const Project &project,
                                             const ConnectionSecrets &secrets);

// Scratch databases older than this (by the time in their name) are dropped at the next creation
// on the same server.
inline constexpr qint64 kScratchMaxAgeSeconds = 24 * 60 * 60;

// "retort_scratch_<unixTime>_<suffix>". Pure.
QString scratchDatabaseName(qint64 unixTime, const QString &suffix);
// The unix time in a scratch database's name; nothing for a name that is not one. Pure.
std::optional<qint64> scratchDatabaseTime(const QString &name);
// Whether `name` is a scratch database created more than kScratchMaxAgeSeconds before `now`. Pure.
bool isStaleScratchDatabase(const QString &name, qint64 now);

// An empty database to replay migrations into (what Atlas calls a dev database, Prisma a shadow
// database), gone when this object is destroyed:
//  - SQLite: a new 0600 file in a new 0700 folder (mkdtemp) under the temp folder; destruction
//    removes the folder with everything SQLite put there.
//  - PostgreSQL / MariaDB: `CREATE DATABASE retort_scratch_<unix time>_<random>` on the scratch
//    server, through its tunnel, with its secrets; destruction drops it (PostgreSQL: `DROP
//    DATABASE … WITH (FORCE)`, so sessions left on it do not keep it). Before creating, scratch
//    databases on that server whose name's time is older than a day (left by a killed process)
//    are dropped (swept()). A login that may not create databases gets a ServerError naming the
//    environment and the login, with the server's code (42501 / 1044).
// environment() points at the scratch database: open it as any environment (ScopedConnection,
// inspectEnvironment); close those connections before destruction (PostgreSQL forces them).
//
// Threading: blocking calls (worker thread or CLI). A server scratch database keeps an
// administrative connection open from creation to drop, so create, drop and destroy it in one
// thread. `cancel` stops the creation before its CREATE DATABASE (Cancelled); nothing is left.
class ScratchDatabase final {
public:
    ScratchDatabase(const ScratchDatabase &) = delete;
    ScratchDatabase &operator=(const ScratchDatabase &) = delete;
    ~ScratchDatabase();

    // A SQLite scratch file under `tempDir` (empty: QDir::tempPath()).
    static Result<std::unique_ptr<ScratchDatabase>> createSqlite(const QString &tempDir = {});
    // A scratch database on `server` (postgresql or mysql; a protected environment is refused).
    static Result<std::unique_ptr<ScratchDatabase>>
    createOnServer(const ScratchServer &server, const CancelToken *cancel = nullptr);

    // The scratch database as an environment (name "scratch"; a server's host, port, user, ssh).
    const Environment &environment() const { return m_env; }
    const ConnectionSecrets &secrets() const { return m_secrets; }
    // The database's name (server) or file path (SQLite).
    QString name() const { return m_env.database; }
    // The stale scratch databases dropped before this one was created.
    const QStringList &swept() const { return m_swept; }

    // Drops it now (the destructor does the same, ignoring errors). Idempotent.
    Status drop();

private:
    ScratchDatabase() = default;
    Status sweepAndCreate(const CancelToken *cancel);

    Environment m_env;
    ConnectionSecrets m_secrets;
    QStringList m_swept;
    std::unique_ptr<QTemporaryDir> m_dir;      // SQLite
    std::unique_ptr<ScopedConnection> m_admin; // server: to the scratch server's own database
    QString m_adminDatabase;                   // server: the scratch environment's own database
    bool m_created = false;
};

} // namespace retort
