#pragma once

// Private to schema/Mysql*.cpp: the MariaDB/MySQL inspector's information_schema reads
// (MysqlInspector.h says what they return and which locks they take). Each read is one statement
// whatever the number of tables; it fills the rows below, which keep what the DDL
// (MysqlDdl.h) needs beyond the model until MysqlInspector.cpp assembles the snapshot.

#include "base/Background.h"
#include "base/Error.h"
#include "schema/SchemaModel.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <optional>
#include <vector>

namespace retort::detail {

// One inspection's connection: runs statements; `active` (optional) is set while one runs, for
// the server-side cancel (KILL QUERY). Used in the thread that owns `db`.
struct MysqlReader {
    const QSqlDatabase &db;
    const CancelToken *cancel = nullptr;
    std::atomic<bool> *active = nullptr;

    // Runs one statement; `row` is called for each result row. `what` names it in errors.
    template <typename Row> Status run(const QString &what, const QString &sql, Row row) const
    {
        if (cancel && cancel->isCancelled())
            return cancelled();
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (active)
            active->store(true);
        const bool ok = q.exec(sql);
        if (active)
            active->store(false);
        if (!ok)
            return failure(what, q.lastError());
        while (q.next())
            row(q);
        return {};
    }
    Status run(const QString &what, const QString &sql) const
    {
        return run(what, sql, [](const QSqlQuery &) {});
    }
    // A statement's error: Cancelled when the cancel was asked for (the statement was then
    // interrupted), else ServerError with the server's code, naming `what`.
    Error failure(const QString &what, const QSqlError &error) const;

    // `code`: the server's error for the interrupted statement (1317), when there was one.
    static Error cancelled(const QString &code = {});
};

// A column as read, with what the DDL needs beyond the model.
struct MysqlColumnRow {
    SchemaColumn column;
    int position = 0;
    QString rawDefault; // COLUMN_DEFAULT as the server printed it (null: none)
    bool rawDefaultNull = true;
    QString charset;
    QString onUpdate; // "current_timestamp()" for ON UPDATE current_timestamp()
    bool invisible = false;
    QString inlineCheck; // a column-level CHECK's clause
};

struct MysqlIndexRow {
    SchemaIndex index;
    QStringList quotedParts; // "`name`(10)", "`d` DESC"
    QString comment;
};

struct MysqlCheckRow {
    SchemaCheck check;
    bool columnLevel = false;
    QString column;
};

// Everything read about one table or view, kept while the statements are read.
struct MysqlRelationRow {
    SchemaRelation relation;
    QString collation;
    QString charset;
    QString createOptions;
    std::optional<qint64> autoIncrement;
    std::vector<MysqlColumnRow> columns;
    std::vector<MysqlIndexRow> indexes; // in the server's key order
    std::vector<MysqlCheckRow> checks;  // in the server's order
    QString viewDefiner, viewSecurity, viewAlgorithm, viewCheckOption;
    struct Partition {
        QString name, description;
    };
    QString partitionMethod, partitionExpression;
    std::vector<Partition> partitions;
};

struct MysqlCatalog {
    QString database;
    bool mariadb = true;
    std::vector<MysqlRelationRow> relations;
    QHash<QString, size_t> byName;
    QStringList sequenceNames;
    QHash<QString, QString> sequenceEngine;
    bool anyPartitioned = false;

    MysqlRelationRow *find(const QString &name)
    {
        const auto it = byName.constFind(name);
        return it == byName.constEnd() ? nullptr : &relations[*it];
    }
};

// The reads inside the transaction, in this order; each fails with the reader's error.
Status mysqlReadTables(const MysqlReader &r, MysqlCatalog &cat);
Status mysqlReadColumns(const MysqlReader &r, MysqlCatalog &cat);
Status mysqlReadIndexes(const MysqlReader &r, MysqlCatalog &cat);
Status mysqlReadForeignKeys(const MysqlReader &r, MysqlCatalog &cat);
// MySQL before 8.0.16 has no CHECK_CONSTRAINTS: no checks then, not an error.
Status mysqlReadChecks(const MysqlReader &r, MysqlCatalog &cat);
Status mysqlReadTriggers(const MysqlReader &r, MysqlCatalog &cat);
Status mysqlReadViews(const MysqlReader &r, MysqlCatalog &cat);
// Only when a table is partitioned (this read opens every table).
Status mysqlReadPartitions(const MysqlReader &r, MysqlCatalog &cat);
// Optional: a failure (no access to the mysql schema) leaves the index sizes unknown.
void mysqlReadIndexSizes(const MysqlReader &r, MysqlCatalog &cat);
// Runs last, just before COMMIT: it opens the sequences themselves. Sorts cat.sequenceNames.
Status mysqlReadSequences(const MysqlReader &r, MysqlCatalog &cat,
                          std::vector<SchemaSequence> &out);

} // namespace retort::detail
