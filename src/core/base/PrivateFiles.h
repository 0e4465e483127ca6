#pragma once

#include "base/Error.h"

#include <QByteArray>
#include <QString>

namespace retort {

// Files and folders that may hold a copy of a database (backups, the parse cache) or belong to
// Retort alone (`.retort`, run locks). Their permissions are set by the call that creates them —
// mkdir(0700), open(O_CREAT, 0600) — never by a chmod() afterwards, so there is no moment when
// another local account could open them. A umask only removes bits, so the result is 0700/0600
// (or narrower) whatever the process umask is. Folders and files that already exist keep their
// mode: these functions never widen or narrow what someone else made.
//
// Errors are ErrorKind::Io and name the path. Blocking file-system calls; thread-safe (no shared
// state).

// Creates `path` and every missing folder above it, each with mode 0700. Success when `path`
// already is a folder (also when another process creates it at the same moment).
Status makePrivateDirs(const QString &path);

// Creates the new, empty file `path` with mode 0600 and closes it; fails when anything (even a
// dangling symbolic link) is already there (O_CREAT | O_EXCL). For an output that another program
// then writes into by name and that keeps the mode (`pg_dump -f`, `mariadb-dump --result-file`,
// SQLite's VACUUM INTO, which accepts an empty file).
Status createPrivateFile(const QString &path);

// Opens `path` read-write, creating it with mode 0600 when it is missing; never follows a symbolic
// link (O_NOFOLLOW). Returns the descriptor (O_CLOEXEC), which the caller owns and closes.
Result<int> openPrivateFile(const QString &path);

// Replaces (or creates) `path` with `bytes` atomically: they are written to a new 0600 file beside
// it (mkostemp), synced, then renamed over `path`; readers see the old or the whole new content.
// The file's folder must exist (makePrivateDirs).
Status writePrivateFile(const QString &path, const QByteArray &bytes);

// `<dir>/.retort`, Retort's own folder beside a project's retort.toml or a SQLite database
// (backups, run locks): created 0700 when missing; its `.gitignore` of "*" (0600) is written when
// missing (never overwritten), so that git neither tracks nor lists anything in it. `dir` must
// exist. Returns the folder's path.
Result<QString> retortFolder(const QString &dir);

} // namespace retort
