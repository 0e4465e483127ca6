#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace retort {

// A snapshot of a database's schema, as its server describes it: plain data, filled by one
// inspector per dialect (SqliteInspector.h, ...) and read by the front ends and, later, by schema
// diffs. Strings are kept exactly as the server's catalog prints them (types, defaults, index and
// constraint definitions), so they compare equal to what the engine's own client shows.

struct SchemaColumn {
    QString name;
    QString type;         // as declared / as the server spells it ("varchar(120)", "INTEGER")
    bool nullable = true; // false: declared NOT NULL
    std::optional<QString> defaultValue; // the default expression as written; none: no default
    QString collation;                   // "" when the column has none of its own
    QString generated;                   // "stored", "virtual" or "" (not a generated column)
    QString identity;                    // "always", "by default" or ""
    QString comment;
    int primaryKeyPosition = 0; // 1-based position in the primary key; 0 when not part of it
};

struct SchemaIndex {
    QString name;
    QString definition;  // the full CREATE INDEX statement (or "" for an implicit one)
    QStringList columns; // column names, or the expression text for an expression column
    bool unique = false;
    bool primary = false; // the index that enforces the primary key
    bool partial = false; // it has a WHERE predicate
    QString origin;       // SQLite: "c" (CREATE INDEX), "u" (UNIQUE constraint), "pk"
};

struct SchemaForeignKey {
    QString name; // "" when the constraint is unnamed (SQLite)
    QStringList columns;
    QString refSchema;
    QString refTable;
    QStringList refColumns; // empty: the referenced table's primary key
    QString onDelete;       // "NO ACTION", "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"
    QString onUpdate;
    bool deferrable = false;
    bool initiallyDeferred = false;
};

struct SchemaCheck {
    QString name; // "" when unnamed
    QString definition;
};

struct SchemaTrigger {
    QString name;
    QString definition; // the full CREATE TRIGGER statement
};

// A foreign key of another relation that points at this one.
struct SchemaReference {
    QString schema;
    QString table;
    SchemaForeignKey key;
};

enum class RelationKind { Table, PartitionedTable, View, MaterializedView };

struct SchemaRelation {
    QString schema; // "main" on SQLite (or the attached database's name)
    QString name;
    RelationKind kind = RelationKind::Table;
    QString owner;
    QString comment;
    QString ddl;        // the statement that creates it, as the server gives it
    QString definition; // a view's query
    std::vector<SchemaColumn> columns;
    std::vector<SchemaIndex> indexes;
    std::vector<SchemaForeignKey> foreignKeys;
    std::vector<SchemaCheck> checks;
    std::vector<SchemaTrigger> triggers;
    std::vector<SchemaReference> referencedBy;
    std::optional<qint64> rowsEstimate; // none when the server keeps no estimate
    std::optional<qint64> sizeBytes;    // on-disk size of the table with its indexes
    bool withoutRowid = false;          // SQLite WITHOUT ROWID
    bool strict = false;                // SQLite STRICT
};

struct SchemaSnapshot {
    QString driver;        // the environment's driver ("sqlite", "postgresql", "mysql")
    QString serverVersion; // as the server reports it
    std::vector<SchemaRelation> relations; // sorted by schema, then name

    // The relation named `name` ("table" or "schema.table"); null when there is none.
    const SchemaRelation *find(const QString &name) const;
    // Relation names (qualified when `qualified`) that look like `name`: same text ignoring case,
    // a prefix, or a small edit distance; best first. For "did you mean".
    QStringList closeMatches(const QString &name, int limit = 5) const;
};

QString relationKindName(RelationKind kind); // "table", "partitioned table", "view", ...

} // namespace retort
