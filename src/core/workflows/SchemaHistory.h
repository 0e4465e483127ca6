#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Dialect.h"
#include "schema/StatementTargets.h"
#include "workflows/AlembicSql.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

class Workspace;

// One statement of a revision's upgrade that touched an object.
struct ObjectTouch {
    QString revision; // full id
    QString message;  // the revision's message
    TouchAction action = TouchAction::Alter;
    QString kind;      // the kind of what the statement names: "table", "index", "view", ...
    QString object;    // what it names: the object itself, or its index / trigger
    QString renamedTo; // a rename's new name
    QString statement; // the statement's first line, or the op.* call, for display
    QString file;      // the script's path
    int line = 0;      // 1-based line in `file`; 0 when unknown (SQL rendered by alembic)

    bool operator==(const ObjectTouch &) const = default;
};

// Which migrations touched which objects: every revision's upgrade for one driver, read once
// (build) and then asked many times (touchesOf, touchedBy) without reading the disk again.
//
// Native scripts: the upgrade section for the driver (Script::upgradeFor), through
// statementTargets. Alembic scripts: the SQL `alembic --sql` rendered for the revision when the
// caller has it (`alembicSql`, e.g. from renderAllRevisions: build never starts alembic itself,
// which takes seconds), else the `op.*` calls of `def upgrade()` read as text (alembicOpTargets;
// the file is read again, as a loaded project keeps metadata only).
//
// Name matching: an unqualified name in a statement matches the object in any schema (the search
// path decides), and an unqualified question matches any schema too; PostgreSQL compares names
// exactly (they are stored folded, see storedIdentifier), SQLite and MySQL ignore case.
//
// Immutable after build; safe to read from any thread (the window asks from a worker).
class SchemaHistory final {
public:
    // Reads the upgrade of every revision of `ws`'s graph for `driver` ("sqlite", "postgresql",
    // "mysql"), newest first (the graph's history order). An Alembic script that cannot be read
    // any more is skipped and listed in problems(). Errors: an unknown driver; cancelled
    // (ErrorKind::Cancelled). Blocking (reads scripts): a worker thread or the CLI. A project of
    // 256 revisions or more is read on up to four threads of its own, joined before it returns.
    static Result<SchemaHistory> build(const Workspace &ws, const QString &driver,
                                       const CancelToken *cancel = nullptr,
                                       const QHash<QString, RevisionSql> *alembicSql = nullptr);

    // The statements that touched `schema`.`name` (schema empty: any), newest first, one entry
    // per statement: those naming it, and for a table those naming its indexes and triggers
    // (an index's table is taken from its CREATE when a later DROP INDEX does not name it).
    // Renames are followed back in time: a table renamed from `old` keeps `old`'s history from
    // before the rename (and the rename itself is listed); a later object that reuses the old
    // name does not join it.
    std::vector<ObjectTouch> touchesOf(const QString &schema, const QString &name) const;

    // Whether the upgrade of any of `revisions` (full ids) touches `schema`.`name` (schema
    // empty: any) — directly, through one of its indexes or triggers, or as a rename's source or
    // target — for marking the objects pending migrations will change. Costs the statements of
    // those revisions only.
    bool touchedBy(const QStringList &revisions, const QString &schema, const QString &name) const;

    // The tables, views, materialized views, sequences and types the upgrades of `revisions`
    // (full ids) create, or rename into being — what they will add to a database they have not
    // run on yet — oldest statement first, each name once; one a later statement of those
    // revisions drops or renames away again is left out. `touch.object` is the name, `touch.kind`
    // its kind.
    struct Creation {
        QString schema; // "" when the statement does not qualify the name
        ObjectTouch touch;
    };
    std::vector<Creation> createdBy(const QStringList &revisions) const;

    // Every object name the upgrades mention (objects, their tables, rename targets), each once,
    // sorted: for "did you mean" when a name has no touches.
    QStringList objectNames() const;

    // Alembic scripts that could not be read (skipped).
    const std::vector<Error> &problems() const { return m_problems; }
    // The number of statements' targets read.
    int size() const { return int(m_entries.size()); }

private:
    struct RevisionInfo {
        QString id;
        QString message;
        QString file;
    };
    struct Entry {
        int revision = 0; // index into m_revisions
        StatementTarget target;
        QString table; // the table of an index or trigger: named or found from its creation
        int fileLine = 0;
    };

    bool sameName(const QString &a, const QString &b) const;
    bool schemaMatches(const QString &entrySchema, const QString &schema) const;
    // Resolves the tables of indexes and triggers, oldest statement first.
    void resolveTables();
    ObjectTouch touchOf(const Entry &e) const;

    DialectKind m_dialect = DialectKind::Sqlite;
    std::vector<RevisionInfo> m_revisions; // newest first
    std::vector<Entry> m_entries;          // newest revision first, statements in file order
    QHash<QString, std::vector<int>> m_byRevision; // id -> m_entries indices
    std::vector<Error> m_problems;
};

} // namespace retort
