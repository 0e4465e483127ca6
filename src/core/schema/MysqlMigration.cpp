// Mysql SQL for SchemaMigration.h: to be written.

#include "schema/SchemaMigrationDetail.h"

namespace retort::schema_migration {

MigrationScript mysqlMigrationScript(const Input &in)
{
    ScriptBuilder b;
    b.noteOnly(QStringLiteral("writing mysql SQL is not available yet (%1 differences)")
                   .arg(in.diff.changes.size()));
    return b.done();
}

} // namespace retort::schema_migration
