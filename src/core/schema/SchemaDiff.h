#pragma once

// The differences between two schema snapshots (SchemaModel.h), as a list of changes a person
// can read ("alters `orders.total` type numeric(10,2) → numeric(12,2)") and a program can walk
// (--json). Pure: no database, any thread.
//
// Low noise — a difference is never invented:
// - not compared: row estimates, sizes, DDL text as a whole (MySQL's AUTO_INCREMENT counter lives
//   there), catalog row order (only the order of a table's columns counts), owners (unless
//   DiffOptions::owners), a view's columns (they follow from its query), references from other
//   tables (each key is compared where it is declared), the tables of DiffOptions::ignoreTables;
// - PostgreSQL expressions (defaults, checks, index definitions, triggers, view queries, domain
//   checks) are compared as libpg_query parse trees without their location fields, so
//   `(a > 0)` equals `a > 0` and `'x'::text` equals `CAST('x' AS text)`; other engines' text is
//   compared with its whitespace collapsed;
// - a serial column's sequence is known by the column it belongs to, never by its name, and a
//   `nextval('…'::regclass)` default on such a column is compared as "its own sequence";
// - constraints and indexes are matched by what they do before their names: a name the server
//   generated (PostgreSQL `t_pkey`, `t_a_key`, `t_a_check`, `t_a_fkey`, `t_a_idx`; MySQL
//   `t_ibfk_N`, `t_chk_N`, `CONSTRAINT_N`; SQLite's unnamed ones and `sqlite_autoindex_*`)
//   against any other name is no difference; two user-given names that differ are a "name"
//   change;
// - when each side has a single schema (MySQL databases, SQLite's main) their names may differ.
// A column moved within its table is one order-only change; a removed and an added column (or
// table) of the same shape are one "possible rename", naming both, never a silent rename.

#include "schema/SchemaModel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

struct DiffOptions {
    bool owners = false; // compare owners too
    // Tables left out ("name" or "schema.name"): the version tables a replayed database and a
    // live one both have, with different rows.
    QStringList ignoreTables{QStringLiteral("alembic_version"), QStringLiteral("retort_history")};
};

enum class ChangeKind { Added, Removed, Changed, OrderOnly, PossibleRename };

struct SchemaChange {
    ChangeKind change = ChangeKind::Changed;
    QString objectKind; // "table", "view", "materialized view", "sequence", "type", "column",
                        // "primary key", "index", "unique constraint", "foreign key", "check",
                        // "trigger"
    QString object;     // the top-level object, "schema.name" ("public.orders")
    QString name;       // the part of it ("total" for a column); "" for the object itself
    QString attribute;  // Changed: what differs ("type", "nullable", "default", "definition"...)
    QString before;     // Changed: A's value; PossibleRename: A's name
    QString after;      // Changed: B's value; PossibleRename: B's name
    QString summary;    // one line for a person
};

struct SchemaDiff {
    std::vector<SchemaChange> changes; // grouped by object, in A's then B's order
    bool empty() const { return changes.empty(); }
    QJsonArray toJson() const;
    // The summaries grouped per top-level object: "public.orders:\n  alters …\n".
    QString toText() const;
};

// What changes turn `a` into `b`.
SchemaDiff diffSchemas(const SchemaSnapshot &a, const SchemaSnapshot &b,
                       const DiffOptions &options = {});

QString changeKindName(ChangeKind kind); // "added", "removed", "changed", "order only", ...

// A PostgreSQL expression ("(a > 0)", "'x'::text") or statement as a canonical text: its
// libpg_query parse tree without location fields; `expression` wraps it in SELECT first. Text
// the parser rejects comes back with its whitespace collapsed.
QString pgCanonical(const QString &text, bool expression);

} // namespace retort
