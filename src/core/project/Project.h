#pragma once

#include "Error.h"

#include <QString>

#include <optional>
#include <vector>

namespace retort {

// `[environments.X.ssh]`: reach the database through an SSH tunnel. Paths are kept as written
// (`~` is expanded by the SSH layer). Passwords and passphrases live in the OS keychain only.
struct SshConfig {
    QString host; // required
    int port = 22;
    QString user;       // empty: the SSH layer decides (e.g. the local user name)
    QString key;        // private key file, as written; empty when `agent` or a keychain password
    bool agent = false; // authenticate with ssh-agent
    QString knownHosts; // known_hosts file, as written; empty: the SSH layer's default
};

// One `[environments.X]` table of retort.toml.
struct Environment {
    QString name;     // X
    QString driver;   // "sqlite" | "postgresql" | "mysql"
    QString database; // sqlite: absolute path (relative paths resolve against the project root;
                      // ":memory:" and "file:" URIs are kept); others: the database name
    QString host;     // empty: the driver's default
    int port = 0;     // 0: the driver's default
    QString user;
    QString options; // driver connect options, passed through (QSqlDatabase::setConnectOptions)
    bool isProtected = false;     // `protected = true`: typed confirmation, checklist, backup
    std::optional<SshConfig> ssh; // set when an `ssh` table is present
    int line = 0;                 // line of the environment's table in retort.toml (for messages)
};

// A Retort project: the parsed `retort.toml` (format in DESIGN.md). Plain data; loading validates
// everything, so a loaded Project is consistent: drivers known, databases set, no secrets.
struct Project {
    QString root;       // absolute folder of retort.toml
    QString file;       // absolute path of retort.toml
    QString name;       // [project] name; default: the folder's name
    QString scriptsDir; // absolute; [project] scripts (default "versions") or, with alembic_ini,
                        // the Alembic project's version location
    QString alembicIni; // absolute path of [project] alembic_ini; empty for a native project
    QString versionTable = QStringLiteral("alembic_version");
    std::vector<Environment> environments; // in file order

    // The environment called `name`, or null. The pointer lives as long as this Project.
    const Environment *environment(const QString &name) const;

    // Loads `dirOrFile` (a folder holding retort.toml, or the file itself). Any mistake — TOML
    // syntax, unknown key or table, wrong type, unknown driver, missing database, a password or
    // passphrase key — is an Error naming the file, the line and the key (the first by line).
    static Result<Project> load(const QString &dirOrFile);
    // As load(), from the text of the file at `path` (an absolute path to a retort.toml; only
    // its folder is used, to resolve relative paths). Reads nothing from disk.
    static Result<Project> parse(const QByteArray &text, const QString &path);

    // The nearest folder at or above `startDir` (a folder, or a file's folder) that holds a
    // retort.toml, as an absolute path; "" when there is none up to the root.
    static QString findUpwards(const QString &startDir);

    // Makes `dir` (created if needed) a new project: retort.toml with [project] `name` (empty:
    // the folder's name) and a `local` sqlite environment, and an empty `versions/` folder.
    // Refuses when `dir` already holds a retort.toml or a non-empty versions/ folder.
    static Status init(const QString &dir, const QString &name = {});

    static constexpr QStringView fileName = u"retort.toml";
};

} // namespace retort
