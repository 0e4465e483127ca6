#pragma once

// Private to PostgresMigration*.cpp: the PostgreSQL writer of SchemaMigration.h. The diff's
// changes are grouped into one plan per relation (alter it, create it, drop it, or drop and
// create it again), then written in phases so that dependencies hold (PostgresMigration.cpp lists
// them); PostgresMigrationTables.cpp writes a table's own SQL (columns, keys, indexes, triggers),
// PostgresMigrationTypes.cpp types and sequences, PostgresMigrationViews.cpp views and foreign
// keys.

#include "schema/SchemaMigrationDetail.h"

#include <QHash>
#include <QSet>

#include <deque>

namespace retort::schema_migration::pg {

// The type a column's format_type() names, without array brackets, is `t`.
bool usesType(const QString &columnType, const SchemaType &t);
// Every item of `small` is in `big`, in the same order.
bool isSubsequence(const QStringList &small, const QStringList &big);

enum class Mode { Alter, Create, Drop, Recreate };

struct Plan {
    Mode mode = Mode::Alter;
    const SchemaRelation *from = nullptr;      // null for Create
    const SchemaRelation *to = nullptr;        // null for Drop
    QString object;                            // the diff's object
    std::vector<const SchemaChange *> changes; // Alter: the changes about it
    bool renamed = false;                      // a confirmed rename: ALTER … RENAME first
    QString why; // Recreate / Drop of an unconfirmed rename: the REVIEW reason
    QHash<QString, QString> columnRenames; // confirmed: old name -> new name
    QSet<QString> droppedColumns; // dropped (and maybe added again: unconfirmed renames, generated)
};

class Writer {
public:
    explicit Writer(const Input &in) : m_in(in) {}
    MigrationScript run();

    // The primary key's columns in key order: from primaryKeyPosition, else from the index that
    // enforces it (the PostgreSQL inspector fills only the index).
    static QStringList primaryKeyColumns(const SchemaRelation &r);
    static QString primaryKeyName(const SchemaRelation &r);

private:
    // Planning (PostgresMigration.cpp).
    void planRelations();
    Plan &planFor(const QString &object);
    void propagateToPartitions();
    const SchemaRelation *byShownName(const SchemaSnapshot &s, const QString &shown) const;
    const SchemaRelation *counterpartInTo(const SchemaRelation &from) const;
    const SchemaRelation *counterpartInFrom(const SchemaRelation &to) const;
    const SchemaRelation *referenced(const SchemaSnapshot &s, const SchemaForeignKey &k,
                                     const SchemaRelation &owner) const;
    bool isTable(const SchemaRelation &r) const
    {
        return r.kind == RelationKind::Table || r.kind == RelationKind::PartitionedTable;
    }

    // Phases (PostgresMigration.cpp).
    void createSchemas();
    void dropViews();
    void planForeignKeys();
    void dropForeignKeys();
    void dropTables();
    void writeTypes();
    void recreateType(const SchemaType &from, const SchemaType &to, const QString &why);
    void writeSequences();
    void ownSequences();
    void addForeignKeys();
    void dropSequencesAndTypes();
    void createViews();
    void noteColumnOrder();

    // A table's own SQL (PostgresMigrationTables.cpp).
    void dropTableParts(const Plan &p);
    void createTable(const SchemaRelation &r, const QString &why);
    void alterColumns(const Plan &p);
    void addTableParts(const Plan &p);
    void alignGeneratedNames(const Plan &p);
    void rebindPartition(const Plan &p);
    void renameRelation(const Plan &p);
    QString columnDefinition(const SchemaRelation &r, const SchemaColumn &c) const;
    QString identityOptions(const SchemaRelation &r, const SchemaColumn &c) const;
    QString constraintText(const SchemaRelation &r, const SchemaIndex &i) const;
    QString checkClause(const SchemaCheck &c) const;
    QString foreignKeyClause(const SchemaForeignKey &k) const;
    bool inheritedFromParent(const SchemaSnapshot &s, const SchemaRelation &r,
                             const QString &objectKind, const QString &name) const;
    const SchemaRelation *parentOf(const SchemaSnapshot &s, const SchemaRelation &r) const;

    // Helpers.
    QString key(const QString &schema, const QString &name) const
    {
        return m_in.oneSchema ? name : schema + u'.' + name;
    }
    static QString qualified(const SchemaRelation &r);
    // The diff compares primary keys by primaryKeyPosition: where the snapshots carry only the
    // index, a primary key that changes is found here, as a change of its own.
    void addPrimaryKeyChanges();
    static QString ownedByText(const SchemaRelation &r, const SchemaColumn &c);
    static const SchemaColumn *column(const SchemaRelation *r, const QString &name);
    static const SchemaIndex *index(const SchemaRelation *r, const QString &name);
    static const SchemaCheck *check(const std::vector<SchemaCheck> &checks, const QString &name);
    static const SchemaForeignKey *foreignKey(const SchemaRelation *r, const QString &name);
    static const SchemaTrigger *trigger(const SchemaRelation *r, const QString &name);
    const SchemaSequence *sequenceOwnedBy(const SchemaSnapshot &s, const QString &ownedBy) const;
    bool touched(const Plan &p) const; // changes a view reading it could notice
    // A column that becomes generated or changes its expression: dropped and added again.
    bool regenerates(const Plan &p, const QString &name) const;

    const Input &m_in;
    ScriptBuilder m_b;
    std::deque<Plan> m_plans; // stable addresses
    QHash<QString, Plan *> m_byObject;
    QHash<const SchemaRelation *, Plan *> m_byFrom, m_byTo;
    // Foreign keys to drop (owner in `from`, name) and to add (owner in `to`, key).
    std::vector<std::pair<const SchemaRelation *, QString>> m_fkDrops;
    std::vector<std::pair<const SchemaRelation *, const SchemaForeignKey *>> m_fkAdds;
    QSet<QString> m_recreatedTypes;   // "schema.name" of types dropped and created again
    QSet<QString> m_droppedViews;     // key() of views dropped (to create again if `to` has them)
    QStringList m_ownedBy;            // ALTER SEQUENCE … OWNED BY, once the columns exist
    QSet<QString> m_createdSequences; // "schema.name" created in this script
    QSet<QString> m_alteredSequences; // "schema.name" altered (one statement each)
    QSet<QString> m_pairedSequences;  // removed + added serial sequences written as a rename
    std::deque<SchemaChange> m_extraChanges; // addPrimaryKeyChanges()'s
    // Labels ALTER TYPE … ADD VALUE adds (quoted): a statement using one cannot run in the
    // transaction that added it.
    QStringList m_addedLabels;
};

} // namespace retort::schema_migration::pg
