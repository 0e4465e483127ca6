#pragma once

// The inside of SchemaMigration (SchemaMigration.h), shared by its dialect files
// (SqliteMigration.cpp, PostgresMigration.cpp, MysqlMigration.cpp) and SchemaMigration.cpp, which
// dispatches and holds these helpers. Not for other modules.

#include "schema/SchemaMigration.h"

#include <QSet>

#include <vector>

namespace retort::schema_migration {

// What each dialect writer receives: both snapshots, the diff between them (with the options'
// DiffOptions) and the confirmed renames.
struct Input {
    const SchemaSnapshot &from;
    const SchemaSnapshot &to;
    const SchemaDiff &diff;
    const MigrationScriptOptions &options;
    bool oneSchema = false; // each side has a single schema: objects match by name alone

    // The relation a change's `object` ("schema.name") names on either side; null when none.
    const SchemaRelation *fromRelation(const QString &object) const;
    const SchemaRelation *toRelation(const QString &object) const;
    // The confirmed rename matching a PossibleRename change; null when the user did not confirm.
    const ConfirmedRename *confirmed(const SchemaChange &change) const;
    // The changes about `object`, in diff order.
    std::vector<const SchemaChange *> changesOf(const QString &object) const;
    // Every object (SchemaChange::object) the diff names, in first-seen order.
    QStringList objects() const;
};

// Builds a MigrationScript: review notes gather until the next statement and are written above it.
class ScriptBuilder {
public:
    // A note for the next statement ("narrows orders.total numeric(12,2) → numeric(10,2): …").
    void review(const QString &note);
    // A statement; ';' is added when missing. Pending notes go above it as `-- REVIEW:` lines.
    void add(const QString &statement);
    // A note with no statement of its own (what the dialect cannot do): a comment-only entry.
    void noteOnly(const QString &note);
    // Several statements at once (a DDL text holding "…;\n…;"), split where a line ends in ';'
    // outside a BEGIN … END block.
    void addAll(const QString &ddl);
    MigrationScript done();

private:
    QStringList m_pending;
    MigrationScript m_script;
};

// `sql` mentions the identifier `name` (any case; bare, "quoted", `quoted` or [quoted]) as a
// whole word outside string literals and comments.
bool mentions(const QString &sql, const QString &name);

// The views and materialized views of `s` that read (directly or through other such views) any
// relation named in `names` (bare names), or are themselves named there; ordered so each comes
// after the views it reads. `oneSchema` as in Input.
std::vector<const SchemaRelation *> viewsReading(const SchemaSnapshot &s,
                                                 const QSet<QString> &names);

// All views and materialized views of `s` ordered so each comes after the views it reads.
std::vector<const SchemaRelation *> viewsInDependencyOrder(const SchemaSnapshot &s);

// A change is about a view or materialized view.
bool isViewKind(const QString &objectKind);

// The dialect writers.
MigrationScript sqliteMigrationScript(const Input &in);
MigrationScript postgresMigrationScript(const Input &in);
MigrationScript mysqlMigrationScript(const Input &in);

} // namespace retort::schema_migration
