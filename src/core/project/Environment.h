#pragma once

#include "ssh/SshConfig.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

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
    // `group = "tenants"` or `group = ["tenants", "eu"]`: the fleets it belongs to (besides
    // those whose [groups] globs match its name; Project::groupMembers).
    QStringList groups;
    // Offered from an Alembic project's `sqlalchemy.url` (then `line` is the ini's line): the
    // URL carried a password. It is never kept anywhere; the GUI may offer to put it in the
    // keychain.
    bool urlHadPassword = false;
};

} // namespace retort
