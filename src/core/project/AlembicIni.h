#pragma once

#include "base/Error.h"
#include "project/Environment.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

// Reading an Alembic project's alembic.ini (Project::load reads a project made from one).

// The password in `iniPath`'s `[alembic] sqlalchemy.url` (percent-decoded), read from the file
// now and returned to the caller only — for moving it into the keychain. "" when there is none.
// Reads a file: quick, but not on a hot path.
Result<QString> alembicUrlPassword(const QString &iniPath);

// What Retort reads from an Alembic project's alembic.ini (its `[alembic]` section).
struct AlembicIni {
    QString file;                   // absolute path of alembic.ini
    QString scriptLocation;         // absolute folder (script_location, `%(here)s` expanded)
    QStringList versionLocations;   // absolute folders; empty when not given (then
                                    // <script_location>/versions)
    QString versionTable;           // `version_table` if given (env.py usually sets it)
    QString versionTableSchema;     // `version_table_schema` if given
    std::optional<Environment> url; // `sqlalchemy.url` as an environment named "alembic", when
                                    // its scheme is sqlite, postgresql[+x], mysql[+x] or
                                    // mariadb[+x]; never holds the password
    QString urlNote;                // why a present URL was not offered (e.g. a placeholder)

    // Reads `path`. INI rules as Python's configparser: `key = value` or `key: value`, keys
    // case-insensitive, indented lines continue a value, `#`/`;` comment lines, `%(name)s`
    // interpolation from the section, [DEFAULT] and `here` (the ini's folder), `%%` for `%`.
    // version_locations splits as Alembic's `version_path_separator` says (os, space, colon,
    // semicolon, newline, ":" or ";"; absent: on spaces and commas); relative folders resolve
    // against the ini's folder. Errors name the file and line.
    static Result<AlembicIni> read(const QString &path);
};

} // namespace retort
