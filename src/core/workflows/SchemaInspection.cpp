#include "workflows/SchemaInspection.h"

#include "schema/MysqlInspector.h"
#include "schema/PostgresInspector.h"
#include "schema/SqliteInspector.h"

namespace retort {

Result<SchemaSnapshot> inspectEnvironment(const Environment &env, const ConnectionSecrets &secrets,
                                          const CancelToken *cancel, const QString &focus)
{
    ScopedConnection conn;
    auto dialect = openForReading(conn, env, secrets);
    if (!dialect)
        return dialect.error();
    if (!*dialect)
        return Error(QStringLiteral("%1: the SQLite database %2 does not exist")
                         .arg(env.name, env.database))
            .as(ErrorKind::DatabaseMissing);
    if ((*dialect)->kind() == DialectKind::Mysql) {
        Result<SchemaSnapshot> snapshot = inspectMysql(conn.db(), cancel);
        if (!snapshot)
            return conn.explainTunnelLoss(Status(snapshot.error())).error();
        snapshot->driver = env.driver;
        // The focused relation's exact DDL (one more statement); the assembled one stays when the
        // server refuses (SHOW CREATE VIEW needs the SHOW VIEW privilege).
        if (const SchemaRelation *r = focus.isEmpty() ? nullptr : snapshot->find(focus)) {
            SchemaRelation &target = snapshot->relations[size_t(r - snapshot->relations.data())];
            if (Result<QString> ddl = mysqlShowCreate(conn.db(), target))
                target.ddl = *ddl;
        }
        return snapshot;
    }
    if ((*dialect)->kind() == DialectKind::Postgresql) {
        Result<SchemaSnapshot> snapshot = inspectPostgres(conn.db(), cancel);
        if (!snapshot)
            return conn.explainTunnelLoss(Status(snapshot.error())).error();
        snapshot->driver = env.driver;
        return snapshot;
    }
    Result<SchemaSnapshot> snapshot = inspectSqlite(conn.db(), cancel);
    if (snapshot)
        snapshot->driver = env.driver;
    return snapshot;
}

} // namespace retort
