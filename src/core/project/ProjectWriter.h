#pragma once

#include "base/Error.h"
#include "project/Project.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace retort {

// Editing the environments of a retort.toml while keeping everything else as the user wrote it:
// comments (also those at the end of a changed line), blank lines, key order, other tables. Only
// the lines of the edited environment change: changed values are replaced in place, new keys
// are added after the table's last key, keys set back to their default are removed.
//
// Environments must be written as `[environments.NAME]` tables (and `[environments.NAME.ssh]`),
// as Retort itself writes them; an environment written another way (an inline table, dotted keys)
// is refused with an error rather than rewritten.

// One `[environments.NAME]` as written in the file (paths as the user gives them: a SQLite
// database relative to the project folder stays relative).
struct EnvironmentSpec {
    QString name;
    QString driver; // "sqlite" | "postgresql" | "mysql"
    QString database;
    QString host;
    int port = 0; // 0: not written (the driver's default)
    QString user;
    QString options;
    bool isProtected = false;
    std::optional<SshConfig> ssh; // SshConfig::port 22 is not written unless already there
};

// The spec of a loaded environment, with a SQLite database inside `projectRoot` made relative.
EnvironmentSpec specOf(const Environment &env, const QString &projectRoot);

// `toml` (the text of the retort.toml at absolute path `path`) with environment `oldName`
// replaced by `spec` (renamed if the names differ), or `spec` appended when `oldName` is empty.
// The result is checked by parsing it as load() would; any problem is an Error and nothing is
// returned. Pure.
Result<QByteArray> withEnvironment(const QByteArray &toml, const QString &path,
                                   const QString &oldName, const EnvironmentSpec &spec);
// `toml` without environment `name` (its tables, and the comment lines right above them).
Result<QByteArray> withoutEnvironment(const QByteArray &toml, const QString &path,
                                      const QString &name);

// The same on the file itself: read, edit, check, and replace it atomically (QSaveFile), so a
// failure leaves the file as it was. Blocks on the disk briefly.
Status saveEnvironment(const QString &projectFile, const QString &oldName,
                       const EnvironmentSpec &spec);
Status removeEnvironment(const QString &projectFile, const QString &name);

// `s` as a TOML basic string, quotes included.
QString tomlString(const QString &s);

} // namespace retort
