#pragma once

// A schema snapshot as JSON and back: the format `retort-cli schema --json --detail` prints (an
// array of relation objects), and the snapshot form `schema --json --snapshot` prints for `diff`
// (an object {"driver", "server_version", "schemas", "relations", "sequences", "types"}) that
// holds everything a SchemaSnapshot does. Reading accepts both; a malformed document is an error
// naming where (`relations[3].columns[1].type`).

#include "base/Error.h"
#include "schema/SchemaModel.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

namespace retort {

// One relation's object: the common keys (schema, name, kind, owner, rows_estimate, size_bytes);
// with `detail` also columns, indexes, keys, checks, references, triggers and the PostgreSQL keys.
QJsonObject relationToJson(const SchemaRelation &r, bool detail);
// A sequence's or a type's object (the describe form of `schema --json NAME`).
QJsonObject sequenceToJson(const SchemaSequence &s);
QJsonObject typeToJson(const SchemaType &t);
// Every relation in detail: what `schema --json --detail` prints.
QJsonArray relationsToJson(const SchemaSnapshot &snapshot);
// The snapshot form: every field of the snapshot (also those the array form leaves out, such as
// a column's primary_key_position), for a faithful round trip.
QJsonObject snapshotToJson(const SchemaSnapshot &snapshot);

// A column's primaryKeyPosition read from the array form when the key cannot be known (no index
// enforces it: SQLite's INTEGER PRIMARY KEY); SchemaDiff then does not compare that table's key.
constexpr int kPrimaryKeyUnknown = -1;

// Reads either form. `source` names the document in errors ("prod.json"). From the array form,
// driver, server version, sequences and types are empty and the schemas are those the relations
// name; a primary key is taken from the primary index's columns (else kPrimaryKeyUnknown).
Result<SchemaSnapshot> snapshotFromJson(const QByteArray &json, const QString &source = {});
// Reads a file holding either form.
Result<SchemaSnapshot> readSnapshotFile(const QString &path);

} // namespace retort
