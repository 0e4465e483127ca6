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
    QString storage;            // PostgreSQL: "plain", "main", "external", "extended"; else ""
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
    QString method;       // "btree", "hash", "gin", ... ("" when the engine has one kind)
    QString constraint;   // the constraint it enforces: "primary key", "unique", "exclusion", ""
    bool valid = true;    // PostgreSQL: false while a CREATE INDEX CONCURRENTLY is unfinished
    std::optional<qint64> sizeBytes; // on-disk size, where the server reports it
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
    QString definition;    // as the server prints it (PostgreSQL pg_get_constraintdef); or ""
    bool validated = true; // PostgreSQL: false for a NOT VALID constraint
};

struct SchemaCheck {
    QString name; // "" when unnamed
    QString definition;
    bool validated = true; // PostgreSQL: false for a NOT VALID constraint
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
    QString incomplete; // why parts are missing (PostgreSQL: locked by a migration); "" if none
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
    // Partitioning (PostgreSQL): a partitioned table's key ("RANGE (created_at)") and its
    // partitions ("schema.name"); a partition's parent ("schema.name") and bound
    // ("FOR VALUES FROM (...) TO (...)").
    QString partitionKey;
    QStringList partitions;
    QString partitionOf;
    QString partitionBound;
    QString engine; // MySQL/MariaDB storage engine ("InnoDB"); else ""
};

// A sequence (PostgreSQL; MariaDB 10.3+ has them too).
struct SchemaSequence {
    QString schema;
    QString name;
    QString owner;
    QString type; // "bigint", "integer", ...
    qint64 start = 1;
    qint64 increment = 1;
    qint64 minValue = 1;
    qint64 maxValue = 0;
    qint64 cache = 1;
    bool cycle = false;
    QString ownedBy; // "schema.table.column" for a serial/identity column's sequence; else ""
    QString ddl;
};

// A user-defined type: an enum (its labels in order) or a domain (its base type and constraints).
struct SchemaType {
    QString schema;
    QString name;
    QString owner;
    QString kind;       // "enum", "domain", "composite", "range"
    QStringList labels; // enum: the values in order
    QString baseType;   // domain: the underlying type as format_type() prints it
    bool notNull = false;
    std::optional<QString> defaultValue;
    std::vector<SchemaCheck> checks; // domain CHECK constraints
    QString collation;
    QString comment;
    QString ddl;
};

struct SchemaSnapshot {
    QString driver;        // the environment's driver ("sqlite", "postgresql", "mysql")
    QString serverVersion; // as the server reports it
    QStringList schemas;   // the schemas inspected (user schemas; no pg_catalog et al.), sorted
    std::vector<SchemaRelation> relations; // sorted by schema, then name
    std::vector<SchemaSequence> sequences; // sorted by schema, then name
    std::vector<SchemaType> types;         // sorted by schema, then name

    // The relation named `name` ("table" or "schema.table"); null when there is none.
    const SchemaRelation *find(const QString &name) const;
    // Relation names (qualified when `qualified`) that look like `name`: same text ignoring case,
    // a prefix, or a small edit distance; best first. For "did you mean".
    QStringList closeMatches(const QString &name, int limit = 5) const;
};

QString relationKindName(RelationKind kind); // "table", "partitioned table", "view", ...

} // namespace retort
