#pragma once

// Helpers shared by PostgresTest.cpp and MariaDbTest.cpp: a fresh database per test on the real
// servers of tests/services (created with the superuser, dropped afterwards, so tests may run in
// parallel), a native project on disk pointing at it, synchronous and threaded runs, and the CLI.
// Header-only; each test executable includes it once per file (inline functions).

#include "TestServices.h"

#include "db/Connection.h"
#include "db/Migrator.h"
#include "project/Workspace.h"
#include "workflows/MigrationJob.h"
#include "workflows/ScratchDatabase.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>

#include <utility>

#include <memory>
#include <optional>

namespace retort::test {

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

enum class Server { Postgres, MariaDb };

// gtest_main provides no QCoreApplication; queued signals need one. One per test.
class AppScope {
public:
    AppScope()
    {
        if (!QCoreApplication::instance()) {
            static int argc = 1;
            static char name[] = "retort_server_tests";
            static char *argv[] = {name, nullptr};
            m_app = std::make_unique<QCoreApplication>(argc, argv);
        }
    }

private:
    std::unique_ptr<QCoreApplication> m_app;
};

inline const char *key(Server s, const char *pg, const char *my)
{
    return s == Server::Postgres ? pg : my;
}

// Runs `statements` on a fresh connection of the test thread; returns "" or the first error.
inline QString execOn(const QString &driver, const QString &host, int port, const QString &user,
                      const QString &password, const QString &database,
                      const QStringList &statements, QStringList *firstColumn = nullptr)
{
    static QAtomicInt serial;
    const QString name = QStringLiteral("test-%1").arg(serial.fetchAndAddRelaxed(1));
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
        db.setHostName(host);
        db.setPort(port);
        db.setUserName(user);
        db.setPassword(password);
        db.setDatabaseName(database);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            for (const QString &sql : statements) {
                QSqlQuery q(db);
                if (!q.exec(sql)) {
                    error = sql + ": " + q.lastError().text();
                    break;
                }
                if (firstColumn) {
                    while (q.next())
                        firstColumn->append(q.value(0).toString());
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

// A database of the test's own, owned by (PostgreSQL) or granted to (MariaDB) the app user.
class ServerDb {
public:
    explicit ServerDb(Server server) : m_server(server)
    {
        m_host = requireService(key(server, "PG_HOST", "MYSQL_HOST"));
        m_port = requireService(key(server, "PG_PORT", "MYSQL_PORT")).toInt();
        m_user = requireService(key(server, "PG_USER", "MYSQL_USER"));
        m_password = requireService(key(server, "PG_PASSWORD", "MYSQL_PASSWORD"));
        m_name =
            QStringLiteral("rt_") + QUuid::createUuid().toString(QUuid::Id128).left(16).toLower();
        const QString error =
            server == Server::Postgres
                ? superExec({"CREATE DATABASE " + m_name + " OWNER " + m_user})
                : superExec({"CREATE DATABASE " + m_name,
                             "GRANT ALL ON " + m_name + ".* TO '" + m_user + "'@'127.0.0.1'"});
        m_ok = error.isEmpty() && m_port > 0;
        EXPECT_TRUE(m_ok) << "cannot create the test database: " << error.toStdString();
    }
    ~ServerDb()
    {
        if (!m_ok)
            return;
        const QString error =
            m_server == Server::Postgres
                ? superExec({"DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)"})
                : superExec({"DROP DATABASE IF EXISTS " + m_name});
        EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    }
    ServerDb(const ServerDb &) = delete;
    ServerDb &operator=(const ServerDb &) = delete;

    bool ok() const { return m_ok; }
    Server server() const { return m_server; }
    QString driver() const
    {
        return m_server == Server::Postgres ? QStringLiteral("postgresql")
                                            : QStringLiteral("mysql");
    }
    QString qtDriver() const
    {
        return m_server == Server::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL");
    }
    const QString &name() const { return m_name; }
    const QString &host() const { return m_host; }
    int port() const { return m_port; }
    const QString &user() const { return m_user; }
    const QString &password() const { return m_password; }
    ConnectionSecrets secrets() const { return ConnectionSecrets{m_password, {}}; }

    Environment env() const
    {
        Environment e;
        e.name = QStringLiteral("test");
        e.driver = driver();
        e.host = m_host;
        e.port = m_port;
        e.user = m_user;
        e.database = m_name;
        return e;
    }

    // As the app user, on a connection of the test's own.
    QString exec(const QString &sql) const
    {
        return execOn(qtDriver(), m_host, m_port, m_user, m_password, m_name, {sql});
    }
    QStringList column(const QString &sql) const
    {
        QStringList out;
        const QString error =
            execOn(qtDriver(), m_host, m_port, m_user, m_password, m_name, {sql}, &out);
        EXPECT_TRUE(error.isEmpty()) << error.toStdString();
        return out;
    }
    // The user's tables (Retort's audit table retort_history excluded; see allTables()).
    QStringList tables() const
    {
        QStringList names = allTables();
        names.removeAll(QStringLiteral("retort_history"));
        return names;
    }
    QStringList allTables() const
    {
        return column(m_server == Server::Postgres
                          ? QStringLiteral("SELECT tablename FROM pg_tables WHERE schemaname = "
                                           "current_schema() ORDER BY 1")
                          : QStringLiteral("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = DATABASE() ORDER BY 1"));
    }
    // The version rows, sorted; empty when the version table does not exist.
    QStringList heads() const
    {
        if (!tables().contains(QStringLiteral("alembic_version")))
            return {};
        return column(QStringLiteral("SELECT version_num FROM alembic_version ORDER BY 1"));
    }

private:
    QString superExec(const QStringList &statements) const
    {
        const Server s = m_server;
        return execOn(s == Server::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL"),
                      m_host, m_port, requireService(key(s, "PG_SUPERUSER", "MYSQL_SUPERUSER")),
                      requireService(key(s, "PG_SUPERPASSWORD", "MYSQL_SUPERPASSWORD")),
                      s == Server::Postgres ? QStringLiteral("postgres") : QString(), statements);
    }

    Server m_server;
    QString m_host, m_user, m_password, m_name;
    int m_port = 0;
    bool m_ok = false;
};

// A native project on disk whose environment `test` is `db`. `projectKeys` (whole lines) are
// added to its [project] table, e.g. version_table_schema = "ops".
class ServerProject {
public:
    explicit ServerProject(const ServerDb &db, const QString &projectKeys = {}) : m_db(db)
    {
        QDir().mkpath(root() + QStringLiteral("/versions"));
        write(QStringLiteral("retort.toml"),
              QStringLiteral("[project]\nname = \"srv\"\n%6\n[environments.test]\ndriver = \"%1\"\n"
                             "host = \"%2\"\nport = %3\nuser = \"%4\"\ndatabase = \"%5\"\n")
                  .arg(db.driver(), db.host(), QString::number(db.port()), db.user(), db.name(),
                       projectKeys));
    }

    QString root() const { return m_dir.path(); }
    // versions/<rev>_x.sql; returns its path relative to the project root.
    QString script(const QString &rev, const QString &revises, const QString &up,
                   const QString &down, bool transactional = true)
    {
        const QString rel = QStringLiteral("versions/%1_x.sql").arg(rev);
        write(rel,
              QStringLiteral("-- Step %1\n--\n-- Revision ID: %1\n-- Revises: %2\n"
                             "-- Transactional: %3\n\n-- migrate:upgrade\n%4\n\n"
                             "-- migrate:downgrade\n%5\n")
                  .arg(rev, revises,
                       transactional ? QStringLiteral("true") : QStringLiteral("false"), up, down));
        return rel;
    }
    // Appends environment `name`: the same database, reached through the test sshd (key login),
    // trusting the hosts in `knownHosts` (default: the services' known_hosts, which knows it).
    void addTunnelEnvironment(const QString &name, const QString &knownHosts = {}) const
    {
        QFile toml(root() + QStringLiteral("/retort.toml"));
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write(QStringLiteral("\n[environments.%1]\ndriver = \"%2\"\nhost = \"127.0.0.1\"\n"
                                  "port = %3\nuser = \"%4\"\ndatabase = \"%5\"\n"
                                  "[environments.%1.ssh]\nhost = \"127.0.0.1\"\nport = %6\n"
                                  "user = \"%7\"\nkey = \"%8\"\nknown_hosts = \"%9\"\n")
                       .arg(name, m_db.driver())
                       .arg(m_db.port())
                       .arg(m_db.user(), m_db.name(), requireService("SSH_PORT"),
                            requireService("SSH_USER"), requireService("SSH_KEY"),
                            knownHosts.isEmpty() ? requireService("SSH_KNOWN_HOSTS") : knownHosts)
                       .toUtf8());
    }

    // The script's first upgrade line is line 8 (see script()).
    static constexpr int kFirstUpgradeLine = 8;

    std::shared_ptr<const Workspace> load() const
    {
        auto ws = Workspace::load(root());
        EXPECT_TRUE(ws.ok());
        if (!ws.ok())
            return {};
        std::shared_ptr<const Workspace> out(std::move(*ws));
        for (const Error &e : out->problems())
            ADD_FAILURE() << e.toString().toStdString();
        return out;
    }

private:
    void write(const QString &rel, const QString &text)
    {
        QFile f(m_dir.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.toUtf8());
    }

    const ServerDb &m_db;
    QTemporaryDir m_dir;
};

enum class Action { Upgrade, Downgrade, Stamp };

// Plans `action` to `target` from the database's current rows (read with readHeads and the
// secrets, as the GUI's PlanJob does) and runs it with a Migrator on the test thread.
struct ServerRun {
    Status status;
    std::vector<int> applied; // Migrator::appliedStatementsOfFailedStep()
};

inline ServerRun migrate(const Workspace &ws, const Environment &env,
                         const ConnectionSecrets &secrets, Action action, const QString &target)
{
    auto rows = readHeads(env, ws.project().versionTableName(), secrets);
    if (!rows)
        return {Status(rows.error()), {}};
    Result<Plan> plan = action == Action::Upgrade ? ws.graph().planUpgrade(*rows, target)
                        : action == Action::Downgrade
                            ? ws.graph().planDowngrade(*rows, target)
                            : ws.graph().planStamp(*rows, {target}, false);
    if (!plan)
        return {Status(plan.error()), {}};
    ScopedConnection conn;
    if (auto st = conn.open(env, false, secrets); !st)
        return {st, {}};
    auto dialect = Dialect::forDriver(env.driver);
    Migrator migrator(conn.db(), *dialect, migratorOptionsFor(ws));
    ServerRun out{migrator.run(*plan), migrator.appliedStatementsOfFailedStep()};
    return out;
}

inline ServerRun migrate(const Workspace &ws, const ServerDb &db, Action action,
                         const QString &target)
{
    return migrate(ws, db.env(), db.secrets(), action, target);
}

// Runs an upgrade to heads in a MigrationJob (worker thread, its own connection opened with the
// secrets) and cancels it `cancelAfterMs` after statement `cancelAtStatement` of step
// `cancelAtStep` began. Returns the final status and how long the cancel took to land.
struct JobOutcome {
    std::optional<Status> status;
    qint64 cancelToFinishMs = -1;
};

inline JobOutcome runJobAndCancel(const std::shared_ptr<const Workspace> &ws, const ServerDb &db,
                                  int cancelAtStep, int cancelAtStatement, int cancelAfterMs)
{
    AppScope app;
    JobOutcome out;
    auto rows = readHeads(db.env(), ws->project().versionTableName(), db.secrets());
    EXPECT_TRUE(rows.ok()) << (rows ? "" : rows.error().message.toStdString());
    auto plan = ws->graph().planUpgrade(rows ? *rows : QStringList(), QStringLiteral("heads"));
    EXPECT_TRUE(plan.ok());
    if (!plan)
        return out;
    MigrationJob job(ws, db.env(), db.secrets(), *plan, migratorOptionsFor(*ws));
    QEventLoop loop;
    QElapsedTimer sinceCancel;
    QObject::connect(&job, &MigrationJob::statement, &loop, [&](int step, int index) {
        if (step == cancelAtStep && index == cancelAtStatement) {
            QTimer::singleShot(cancelAfterMs, &loop, [&] {
                sinceCancel.start();
                job.cancel();
            });
        }
    });
    QObject::connect(&job, &MigrationJob::finished, &loop, [&](const Status &status) {
        out.status = status;
        if (sinceCancel.isValid())
            out.cancelToFinishMs = sinceCancel.elapsed();
        loop.quit();
    });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit); // a hang fails, not blocks
    job.start();
    loop.exec();
    return out;
}

struct CliRun {
    int code = -1;
    QString out;
    QString err;
};

// retort-cli with RETORT_DB_PASSWORD set to `password` (unset when null).
inline CliRun cli(const QString &project, const QStringList &args, const QString &password)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RETORT_DB_PASSWORD"));
    if (!password.isNull())
        env.insert(QStringLiteral("RETORT_DB_PASSWORD"), password);
    p.setProcessEnvironment(env);
    p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", project} + args);
    p.waitForFinished(120000);
    return CliRun{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                  QString::fromUtf8(p.readAllStandardError())};
}

// Runs `statements` as the server's superuser (PostgreSQL: on database postgres).
inline QString superExecOn(Server s, const QStringList &statements, QStringList *out = nullptr)
{
    return execOn(s == Server::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL"),
                  requireService(key(s, "PG_HOST", "MYSQL_HOST")),
                  requireService(key(s, "PG_PORT", "MYSQL_PORT")).toInt(),
                  requireService(key(s, "PG_SUPERUSER", "MYSQL_SUPERUSER")),
                  requireService(key(s, "PG_SUPERPASSWORD", "MYSQL_SUPERPASSWORD")),
                  s == Server::Postgres ? QStringLiteral("postgres") : QString(), statements, out);
}

// A login of the test's own that may create (PostgreSQL CREATEDB) or create and drop (MariaDB,
// on retort\_scratch\_%) databases, and connect to `db`.
class ScratchLogin {
public:
    explicit ScratchLogin(const ServerDb &db, QString password = QStringLiteral("scratch-pw"))
        : m_db(db), m_password(std::move(password))
    {
        m_user = QStringLiteral("rt_scr_") +
                 QUuid::createUuid().toString(QUuid::Id128).left(10).toLower();
        const QString error =
            db.server() == Server::Postgres
                ? superExecOn(db.server(), {QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2' "
                                                           "CREATEDB")
                                                .arg(m_user, m_password)})
                : superExecOn(db.server(),
                              {QStringLiteral("CREATE USER '%1'@'127.0.0.1' IDENTIFIED BY '%2'")
                                   .arg(m_user, m_password),
                               QStringLiteral("GRANT ALL ON `retort\\_scratch\\_%`.* TO "
                                              "'%1'@'127.0.0.1'")
                                   .arg(m_user),
                               QStringLiteral("GRANT ALL ON %1.* TO '%2'@'127.0.0.1'")
                                   .arg(db.name(), m_user)});
        EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    }
    ~ScratchLogin()
    {
        superExecOn(m_db.server(),
                    {m_db.server() == Server::Postgres
                         ? QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_user)
                         : QStringLiteral("DROP USER IF EXISTS '%1'@'127.0.0.1'").arg(m_user)});
    }
    const QString &user() const { return m_user; }

    const QString &password() const { return m_password; }

    ScratchServer server() const
    {
        Environment env = m_db.env();
        env.name = QStringLiteral("ci");
        env.user = m_user;
        return ScratchServer{env, ConnectionSecrets{m_password, {}}};
    }

private:
    const ServerDb &m_db;
    QString m_user;
    QString m_password;
};

} // namespace retort::test
