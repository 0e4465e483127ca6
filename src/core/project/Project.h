#pragma once

#include "base/Error.h"
#include "base/TableName.h"
#include "project/AlembicIni.h" // AlembicIni, alembicUrlPassword(), for this header's callers
#include "project/Environment.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace retort {

// A Retort project: the parsed `retort.toml` (format in docs/ARCHITECTURE.md). Plain data; loading
// validates everything, so a loaded Project is consistent: drivers known, databases set, no
// secrets.
struct Project {
    QString root;       // absolute folder of retort.toml
    QString file;       // absolute path of retort.toml
    QString name;       // [project] name; default: the folder's name
    QString scriptsDir; // absolute; [project] scripts (default "versions") or, with alembic_ini,
                        // the Alembic project's version location
    QString alembicIni; // absolute path of alembic.ini ([project] alembic_ini, or the folder's
                        // own when there is no retort.toml); empty for a native project
    QString alembicScriptLocation; // alembic.ini's script_location (absolute): revision files'
                                   // imports are looked for in the folders above it
    // The folders holding the scripts, in load order: {scriptsDir} for a native project; an
    // Alembic project's version locations (scriptsDir is then the first).
    QStringList versionDirs;
    // Alembic projects: version_locations was given, so missing folders are skipped as Alembic
    // does (else a missing versions folder is an error).
    bool skipMissingVersionDirs = false;
    // [project] version_table, or alembic.ini's version_table when given.
    QString versionTable = QStringLiteral("alembic_version");
    // [project] version_table_schema, or alembic.ini's version_table_schema when given; empty:
    // the connection's default schema. Retort's own audit table lives in the same schema.
    QString versionTableSchema;
    std::vector<Environment> environments; // in file order
    // [project] scratch: the environment whose server may host scratch databases
    // (workflows/ScratchDatabase.h); empty when not set. Loading checks that it names an
    // environment that exists, is not protected and is PostgreSQL or MySQL/MariaDB.
    QString scratch;
    int scratchLine = 0; // line of the `scratch` key (for messages); 0 when not set
    // [lint]: `rule-name = "off" | "notice" | "warning" | "error"`, in file order. Loading checks
    // the values; the rule names are checked by lint/Lint.h (projectLintLevels), which owns the
    // catalogue.
    struct LintLevelSetting {
        QString rule;
        QString level;
        int line = 0;
    };
    std::vector<LintLevelSetting> lintLevels;

    // The scratch environment (`scratch`), or null when none is set.
    const Environment *scratchEnvironment() const
    {
        return scratch.isEmpty() ? nullptr : environment(scratch);
    }

    bool isAlembic() const { return !alembicIni.isEmpty(); }
    // The version table as every statement on it must name it: versionTable in
    // versionTableSchema.
    TableName versionTableName() const { return {versionTableSchema, versionTable}; }

    // The environment called `name`, or null. The pointer lives as long as this Project.
    const Environment *environment(const QString &name) const;

    // [groups]: `NAME = ["glob", ...]` (or one string): the environments whose names match a
    // glob (`*`, `?`, `[...]`) belong to group NAME, besides those that name it in their own
    // `group` key. Fleets: `--env @NAME`.
    struct GroupSetting {
        QString name;
        QStringList patterns;
        int line = 0;
    };
    std::vector<GroupSetting> groups; // in file order
    // Every group name, from [groups] and the environments' `group` keys, sorted.
    QStringList groupNames() const;
    // The environments of group `name`, in file order (empty for an unknown or empty group).
    std::vector<const Environment *> groupMembers(const QString &name) const;
    // The environments a selector names, in file order: "@GROUP" (a group), a glob over the
    // names ("tenant-*"), or one name. Errors name what exists: an unknown group or name, a
    // glob or group that matches nothing.
    Result<std::vector<const Environment *>> selectEnvironments(const QString &selector) const;

    // Loads `dirOrFile`: a folder holding retort.toml, or the file itself; or an Alembic
    // project — a folder with alembic.ini and no retort.toml, or the .ini file itself. Any
    // mistake — TOML syntax, unknown key or table, wrong type, unknown driver, missing database,
    // a password or passphrase key, an unreadable alembic.ini — is an Error naming the file, the
    // line and the key (the first by line).
    // With alembic_ini (or a bare alembic.ini), the ini's sqlalchemy.url is offered as the
    // environment "alembic" when retort.toml defines no environment (a bare ini has none).
    static Result<Project> load(const QString &dirOrFile);
    // A project made from alembic.ini alone (name: the ini's folder name).
    static Result<Project> loadAlembic(const QString &iniPath);
    // As load(), from the text of the file at `path` (an absolute path to a retort.toml; only
    // its folder is used, to resolve relative paths). Reads nothing from disk.
    static Result<Project> parse(const QByteArray &text, const QString &path);

    // The nearest folder at or above `startDir` (a folder, or a file's folder) that holds a
    // retort.toml or an alembic.ini, as an absolute path; "" when there is none up to the root.
    static QString findUpwards(const QString &startDir);

    // Makes `dir` (created if needed) a new project: retort.toml with [project] `name` (empty:
    // the folder's name) and a `local` sqlite environment, and an empty `versions/` folder.
    // Refuses when `dir` already holds a retort.toml or a non-empty versions/ folder.
    static Status init(const QString &dir, const QString &name = {});

    static constexpr QStringView fileName = u"retort.toml";
    static constexpr QStringView alembicFileName = u"alembic.ini";
};

} // namespace retort
