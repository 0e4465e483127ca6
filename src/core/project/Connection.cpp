#include "Connection.h"

#include <QAtomicInt>
#include <QFileInfo>
#include <QSqlError>

namespace retort {

namespace {
QAtomicInt g_connectionSerial;
}

bool sqliteDatabaseMissing(const Environment &env)
{
    return env.driver == QLatin1String("sqlite") && env.database != QLatin1String(":memory:") &&
           !env.database.startsWith(QLatin1String("file:")) && !QFileInfo::exists(env.database);
}

ScopedConnection::~ScopedConnection()
{
    close();
}

Status ScopedConnection::open(const Environment &env, bool mustExist)
{
    close();
    if (env.driver != QLatin1String("sqlite"))
        return Error(QStringLiteral("environment '%1': the %2 driver is not supported yet; only "
                                    "sqlite environments can be opened in this version")
                         .arg(env.name, env.driver));
    if (mustExist && sqliteDatabaseMissing(env))
        return Error(QStringLiteral("environment '%1': database %2 does not exist")
                         .arg(env.name, env.database));
    const QString name =
        QStringLiteral("retort-%1-%2").arg(env.name).arg(g_connectionSerial.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(env.database);
        if (!env.options.isEmpty())
            db.setConnectOptions(env.options);
        if (!db.open()) {
            const QString msg = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return Error(QStringLiteral("environment '%1': cannot open %2: %3")
                             .arg(env.name, env.database, msg));
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
