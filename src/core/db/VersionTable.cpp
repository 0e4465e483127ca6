#include "db/VersionTable.h"

#include "db/Connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace retort {

namespace {

QString databaseMessage(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

} // namespace

VersionTable::VersionTable(Dialect dialect, TableName table)
    : m_dialect(dialect), m_table(std::move(table))
{
}

QString VersionTable::sqlName() const
{
    return m_dialect.formatTable(m_table);
}

QString VersionTable::createSql() const
{
    return QStringLiteral("CREATE TABLE %1 (version_num VARCHAR(32) NOT NULL, CONSTRAINT %2 "
                          "PRIMARY KEY (version_num))")
        .arg(sqlName(), m_dialect.formatIdentifier(m_table.name + QStringLiteral("_pkc")));
}

QString VersionTable::createSqlOffline() const
{
    // SQLAlchemy's CreateTable layout: a space after each column's comma, before the newline.
    return QStringLiteral("CREATE TABLE %1 (\n"
                          "    version_num VARCHAR(32) NOT NULL, \n"
                          "    CONSTRAINT %2 PRIMARY KEY (version_num)\n"
                          ")")
        .arg(sqlName(), m_dialect.formatIdentifier(m_table.name + QStringLiteral("_pkc")));
}

QString VersionTable::dropSql() const
{
    return QStringLiteral("DROP TABLE ") + sqlName();
}

QString VersionTable::insertSql(const QString &revision) const
{
    QString sql = QStringLiteral("INSERT INTO %1 (version_num) VALUES (%2)")
                      .arg(sqlName(), m_dialect.quoteLiteral(revision));
    // SQLAlchemy's implicit RETURNING of the primary key on PostgreSQL, as Alembic prints it.
    if (m_dialect.kind() == DialectKind::Postgresql)
        sql += QStringLiteral(" RETURNING %1.version_num").arg(sqlName());
    return sql;
}

QString VersionTable::updateSql(const QString &from, const QString &to) const
{
    const QString t = sqlName();
    return QStringLiteral("UPDATE %1 SET version_num=%2 WHERE %1.version_num = %3")
        .arg(t, m_dialect.quoteLiteral(to), m_dialect.quoteLiteral(from));
}

QString VersionTable::deleteSql(const QString &from) const
{
    return QStringLiteral("DELETE FROM %1 WHERE %1.version_num = %2")
        .arg(sqlName(), m_dialect.quoteLiteral(from));
}

QString VersionTable::deleteAllSql() const
{
    return QStringLiteral("DELETE FROM ") + sqlName();
}

QString VersionTable::sqlFor(const VersionOp &op) const
{
    switch (op.kind) {
    case VersionOp::Insert:
        return insertSql(op.to);
    case VersionOp::Update:
        return updateSql(op.from, op.to);
    case VersionOp::Delete:
        return deleteSql(op.from);
    }
    Q_UNREACHABLE();
}

Result<bool> VersionTable::exists(const QSqlDatabase &db) const
{
    return m_dialect.tableExists(db, m_table);
}

Result<QStringList> VersionTable::currentHeads(const QSqlDatabase &db) const
{
    const Result<bool> present = exists(db);
    if (!present.ok())
        return present.error();
    if (!present.value())
        return QStringList();

    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT version_num FROM ") + sqlName())) {
        return Error(QStringLiteral("cannot read version table %1: %2")
                         .arg(m_table.toString(), databaseMessage(query.lastError())));
    }
    QStringList heads;
    while (query.next())
        heads.append(query.value(0).toString());
    return heads;
}

Status VersionTable::create(const QSqlDatabase &db) const
{
    QSqlQuery query(db);
    if (!query.exec(createSql())) {
        return Error(QStringLiteral("cannot create version table %1: %2")
                         .arg(m_table.toString(), databaseMessage(query.lastError())));
    }
    return Status::success();
}

Status VersionTable::purge(const QSqlDatabase &db) const
{
    QSqlQuery query(db);
    if (!query.exec(deleteAllSql())) {
        return Error(QStringLiteral("cannot empty version table %1: %2")
                         .arg(m_table.toString(), databaseMessage(query.lastError())));
    }
    return Status::success();
}

Status VersionTable::apply(const QSqlDatabase &db, const VersionOp &op) const
{
    QSqlQuery query(db);
    if (!query.exec(sqlFor(op))) {
        return Error(QStringLiteral("cannot change version table %1: %2")
                         .arg(m_table.toString(), databaseMessage(query.lastError())));
    }
    const int rows = query.numRowsAffected();
    switch (op.kind) {
    case VersionOp::Insert:
        return Status::success();
    case VersionOp::Update:
        if (rows != 1) {
            return Error(QStringLiteral("Online migration expected to match one row when updating "
                                        "'%1' to '%2' in '%3'; %4 found")
                             .arg(op.from, op.to, m_table.name, QString::number(rows)));
        }
        return Status::success();
    case VersionOp::Delete:
        if (rows != 1) {
            return Error(QStringLiteral("Online migration expected to match one row when deleting "
                                        "'%1' in '%2'; %3 found")
                             .arg(op.from, m_table.name, QString::number(rows)));
        }
        return Status::success();
    }
    Q_UNREACHABLE();
}

Result<QStringList> currentHeads(const QSqlDatabase &db, const TableName &table)
{
    const Result<Dialect> dialect = Dialect::forQtDriver(db.driverName());
    if (!dialect.ok())
        return dialect.error();
    return VersionTable(dialect.value(), table).currentHeads(db);
}

Result<VersionState> readVersionState(const Environment &env, const TableName &versionTable,
                                      const ConnectionSecrets &secrets)
{
    ScopedConnection conn;
    auto dialect = openForReading(conn, env, secrets);
    if (!dialect)
        return dialect.error();
    if (!*dialect)
        return VersionState{};
    const VersionTable table(**dialect, versionTable);
    VersionState state;
    {
        const QSqlDatabase db = conn.db();
        auto exists = table.exists(db);
        if (!exists)
            return exists.error();
        state.versionTableExists = *exists;
        if (state.versionTableExists) {
            auto rows = table.currentHeads(db);
            if (!rows)
                return rows.error();
            state.rows = *rows;
        }
    }
    return state;
}

Result<QStringList> readHeads(const Environment &env, const TableName &versionTable,
                              const ConnectionSecrets &secrets)
{
    auto state = readVersionState(env, versionTable, secrets);
    if (!state)
        return state.error();
    return state->rows;
}

} // namespace retort
