#include "workflows/SchemaInspection.h"

#include "schema/PostgresInspector.h"
#include "schema/SqliteInspector.h"

namespace retort {

Result<SchemaSnapshot> inspectEnvironment(const Environment &env, const ConnectionSecrets &secrets,
                                          const CancelToken *cancel)
{
    ScopedConnection conn;
    auto dialect = openForReading(conn, env, secrets);
    if (!dialect)
        return dialect.error();
    if (!*dialect)
        return Error(QStringLiteral("%1: the SQLite database %2 does not exist")
                         .arg(env.name, env.database))
            .as(ErrorKind::DatabaseMissing);
    if ((*dialect)->kind() == DialectKind::Postgresql) {
        Result<SchemaSnapshot> snapshot = inspectPostgres(conn.db(), cancel);
        if (!snapshot)
            return conn.explainTunnelLoss(Status(snapshot.error())).error();
        snapshot->driver = env.driver;
        return snapshot;
    }
    if ((*dialect)->kind() != DialectKind::Sqlite)
        return Error(QStringLiteral("%1: inspecting a %2 schema is not available yet (SQLite "
                                    "and PostgreSQL so far)")
                         .arg(env.name, (*dialect)->name()));
    Result<SchemaSnapshot> snapshot = inspectSqlite(conn.db(), cancel);
    if (snapshot)
        snapshot->driver = env.driver;
    return snapshot;
}

} // namespace retort
