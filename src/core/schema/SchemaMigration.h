#pragma once

// SQL that turns one schema into another: the heart of autogenerate (`retort-cli revision
// --autogenerate`, drift "adopt" and "revert"). Pure: no database, any thread.
//
// Contract: applying migrationScript(a, b) to a database whose schema is `a` gives one whose
// schema diffSchemas() finds equal to `b` (the round trip the property tests check), for every
// difference diffSchemas(a, b) reports, except where a statement needs a person's decision:
//  - a possible rename (SchemaDiff's PossibleRename) not in `renames` is a drop and an add (data
//    is lost) with a `-- REVIEW:` note above saying how to rename instead; a confirmed one is a
//    RENAME;
//  - statements that can fail on the data or lose it (a narrowing type change, NOT NULL on a
//    column, a removed enum value, a dropped column or table) are written, each with a
//    `-- REVIEW:` note above saying what to check;
//  - what the dialect cannot do at all (PostgreSQL column order) is a `-- REVIEW:` note alone.
//
// Ordering keeps dependencies: views that read changed objects are dropped first and recreated
// last (in dependency order), foreign keys are dropped before and added after the tables they
// join, types and sequences exist before the columns that use them and go after them. Each
// dialect writes its own SQL:
//  - SQLite: what ALTER TABLE cannot do uses the documented 12-step table rebuild (new table, copy
//    the rows, drop, rename, recreate indexes and triggers, foreign_key_check);
//  - PostgreSQL: ALTER TABLE … ALTER COLUMN, constraints by name, ALTER TYPE … ADD VALUE;
//  - MariaDB/MySQL: MODIFY COLUMN with the full column definition, … AFTER for order.

#include "schema/SchemaDiff.h"
#include "schema/SchemaModel.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

// A possible rename (SchemaDiff) the user confirmed: then a RENAME, not a drop and an add.
struct ConfirmedRename {
    QString objectKind; // "table" (any relation kind) or "column"
    QString table;      // column: its table as SchemaChange::object names it ("public.orders")
    QString from;       // the old name (a table: as SchemaChange::before shows it)
    QString to;         // the new name (a table: as SchemaChange::after shows it)
};

struct MigrationScriptOptions {
    std::vector<ConfirmedRename> renames;
    DiffOptions diff; // what is compared (ignored tables, owners)
};

struct MigrationScript {
    // Complete statements, each ending in ';', in order. A statement may start with `-- REVIEW:`
    // comment lines; one made of comments only is a note the dialect cannot act on.
    QStringList statements;
    QStringList reviews; // the REVIEW notes, in order, without the "-- REVIEW: " prefix
    // False when the script must not run in one transaction (PostgreSQL: it uses an enum value
    // it adds, which a transaction cannot before commit); then write `Transactional: false`.
    bool transactional = true;
    bool empty() const { return statements.isEmpty(); }
    // The statements separated by blank lines: a script section.
    QString text() const;
};

// The SQL that turns a database of schema `from` into one of schema `to` (both snapshots of the
// same driver; `to.driver` picks the dialect, else `from.driver`). An unknown driver gives an
// empty script with one review note saying so.
MigrationScript migrationScript(const SchemaSnapshot &from, const SchemaSnapshot &to,
                                const MigrationScriptOptions &options = {});

// The renames a diff offers to confirm (its PossibleRename changes), as ConfirmedRename values
// for the opposite direction too: `reversed` swaps from and to (for a downgrade).
std::vector<ConfirmedRename> possibleRenames(const SchemaDiff &diff);
std::vector<ConfirmedRename> reversedRenames(const std::vector<ConfirmedRename> &renames);

} // namespace retort
