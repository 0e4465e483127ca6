#pragma once

#include "base/Error.h"

#include <QDateTime>
#include <QString>

#include <atomic>
#include <vector>

namespace retort {

struct Environment;
struct Project;
struct ConnectionSecrets;

// One backup file of one environment.
struct BackupInfo {
    QString environment;
    QString path;           // absolute
    QDateTime createdAt;    // UTC, from the file name
    qint64 size = 0;        // bytes
    QString format;         // "sqlite" (a database file), "pg_dump -Fc", "sql" (mariadb-dump)
    QString restoreCommand; // a shell command that restores it (asks for or reads the password
                            // itself: PGPASSWORD / MYSQL_PWD; never contains one)
};

// <project root>/.retort/backups/<environment>. The .retort folder gets a .gitignore of "*"
// (base/PrivateFiles.h: retortFolder), so backups never dirty a git checkout.
QString defaultBackupFolder(const Project &project, const Environment &env);

// Backs `env` up into `folder` as "<env>-<yyyyMMdd-HHmmss-zzz>Z.<ext>". A backup is a copy of
// the database: its file is created 0600 before the tool writes a byte, and `folder` and its
// missing parents 0700, whatever the umask (base/PrivateFiles.h; existing folders keep their mode).
//  - SQLite: VACUUM INTO on a connection of its own (a consistent online copy) -> .sqlite
//  - PostgreSQL: `pg_dump -Fc` -> .dump
//  - MySQL/MariaDB: `mariadb-dump --single-transaction --routines --triggers` (or mysqldump)
//    -> .sql
// Server environments with an `ssh` table are dumped through an SshTunnel opened here (the dump
// tool connects to its local port). The password goes to the tool in PGPASSWORD / MYSQL_PWD, never
// on its command line; the tools never prompt. The file is written under a temporary name and
// renamed once complete; a failed, cancelled, empty or truncated dump (no "PGDMP" header / no
// "-- Dump completed" trailer / no SQLite header) is removed and returned as an Error, so a caller
// that backs up before a run stops there.
// Blocking (the tool's run time; up to `timeoutMs`): call from a worker thread, never the GUI
// thread. `cancel` (optional) is polled; set it from any thread.
Result<BackupInfo> takeBackup(const Environment &env, const ConnectionSecrets &secrets,
                              const QString &folder, const std::atomic<bool> *cancel = nullptr,
                              int timeoutMs = 3600 * 1000);

// The backups of `env` in `folder`, newest first (by the time in the name). Reads the folder only.
std::vector<BackupInfo> listBackups(const Environment &env, const QString &folder);

// The shell command that restores `backupPath` into `env` (see BackupInfo::restoreCommand). Pure.
QString restoreCommand(const Environment &env, const QString &backupPath);

} // namespace retort
