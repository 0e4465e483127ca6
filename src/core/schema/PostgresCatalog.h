#pragma once

// Private to schema/Postgres*.cpp: the PostgreSQL inspector's reads (PostgresInspector.h says
// what they return and which locks they take). Phase one (PostgresCatalog.cpp) reads catalog rows
// only, which takes no lock on any user relation; phase two (PostgresDeparse.cpp) calls the
// server's deparse functions, which open each relation (ACCESS SHARE), for every relation no
// session holds or awaits an ACCESS EXCLUSIVE lock on, and assembles the snapshot.

#include "base/Background.h"
#include "base/Error.h"
#include "schema/SchemaModel.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace retort::detail {

// Runs the inspector's statements on one connection; `active` (optional) is set while one runs,
// for the server-side cancel.
struct PgReader {
    const QSqlDatabase &db;
    const CancelToken *cancel = nullptr;
    std::atomic<bool> *active = nullptr;

    // Runs one statement, `what` naming it in errors; `row` is called for each result row.
    template <typename Row> Status select(const char *what, const QString &sql, Row row) const
    {
        if (cancel && cancel->isCancelled())
            return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
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
        if (q.lastError().isValid())
            return failure(what, q.lastError());
        return {};
    }
    Error failure(const char *what, const QSqlError &error) const;
};

// A constraint as phase one reads it; its text comes in phase two.
struct PgConstraint {
    quint32 oid = 0;
    quint32 relation = 0;
    quint32 target = 0; // a foreign key's referenced relation
    QString name;
    QChar type; // p, u, c, f, x
    bool validated = true, deferrable = false, deferred = false;
    bool local = true;   // defined on this table (not inherited from a partitioned parent)
    bool cloned = false; // a partition's copy of its parent's foreign key
    QStringList columns, refColumns;
    QString onUpdate, onDelete;
};

struct PgRelationInfo {
    size_t index = 0;            // in snapshot.relations
    quint32 parent = 0;          // a partition's parent
    bool locked = false;         // another session holds or awaits ACCESS EXCLUSIVE on it
    QHash<int, size_t> columnAt; // attnum -> index in the relation's columns
    QStringList storageSet;      // columns whose storage is not their type's default
};

struct PgState {
    SchemaSnapshot snapshot;
    QHash<quint32, PgRelationInfo> rels;            // by pg_class oid
    QHash<quint32, QPair<quint32, size_t>> indexAt; // index oid -> (relation oid, position)
    QHash<quint32, QStringList> inheritedIndexes;   // relation oid -> its indexes that a
                                                    // partitioned parent's index made
    QHash<quint32, QStringList> inheritedTriggers;  // … and its triggers a parent's made
    std::vector<PgConstraint> constraints;          // by name
    QHash<quint32, QString> constraintText;         // oid -> pg_get_constraintdef
    QHash<quint32, QString> viewWhy;                // a view without its definition: why
    QList<quint32> locked; // relations locked ACCESS EXCLUSIVE by another session
    qint64 blockSize = 8192;

    SchemaRelation *relation(quint32 oid)
    {
        const auto it = rels.find(oid);
        return it == rels.end() ? nullptr : &snapshot.relations[it->index];
    }
    // `oids <> ALL(locked)` as SQL: the relations phase two may open.
    QString notLocked(const QString &oid) const;
};

// Phase one: catalog rows.
Status pgReadServer(const PgReader &r, PgState &s);
Status pgReadRelations(const PgReader &r, PgState &s);
Status pgReadColumns(const PgReader &r, PgState &s);
Status pgReadIndexes(const PgReader &r, PgState &s);
Status pgReadConstraints(const PgReader &r, PgState &s);
Status pgReadTriggers(const PgReader &r, PgState &s);
Status pgReadSequences(const PgReader &r, PgState &s);
Status pgReadTypes(const PgReader &r, PgState &s);

// Phase two: the deparsed texts, for relations that are not locked.
Status pgReadDefaults(const PgReader &r, PgState &s);
Status pgReadPartitioning(const PgReader &r, PgState &s);
Status pgReadIndexDefinitions(const PgReader &r, PgState &s);
Status pgReadConstraintDefinitions(const PgReader &r, PgState &s);
Status pgReadViewDefinitions(const PgReader &r, PgState &s);

// After both: keys, checks, "referenced by", partitions, incompleteness notes and the DDL.
void pgAssemble(PgState &s);

// Shared SQL fragments.
QString pgUserSchema(const QString &ns);
QString pgNotFromExtension(const QString &catalog, const QString &oid);
QStringList pgSplit(const QVariant &value); // a list joined by chr(31)

} // namespace retort::detail
