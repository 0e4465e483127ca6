// SQLite SQL for SchemaMigration.h: to be written.

#include "schema/SchemaMigrationDetail.h"

namespace retort::schema_migration {

MigrationScript sqliteMigrationScript(const Input &in)
{
    ScriptBuilder b;
    b.noteOnly(QStringLiteral("%1 differences").arg(in.diff.changes.size()));
    return b.done();
}

} // namespace retort::schema_migration
