#pragma once

#include "Error.h"
#include "project/Project.h"

#include <QSqlDatabase>
#include <QString>

namespace retort {

// Opening an environment's database with QtSql. A connection belongs to the thread that opens
// it: open, use and close it in one thread (a worker thread in the GUI).
//
// SQLite: `mustExist` refuses a database file that does not exist yet (read-only commands such as
// `current` must not create one); otherwise the file is created on first use.
// Other drivers come with the environments issue and are refused with a clear message for now.
class ScopedConnection final {
public:
    ScopedConnection() = default;
    ScopedConnection(const ScopedConnection &) = delete;
    ScopedConnection &operator=(const ScopedConnection &) = delete;
    ~ScopedConnection();

    // Opens `env` under a unique connection name. On success, db() is open.
    Status open(const Environment &env, bool mustExist);
    bool isOpen() const { return !m_name.isEmpty(); }
    QSqlDatabase db() const;
    void close();

private:
    QString m_name;
};

// True when `env` is SQLite and its database file does not exist (so it has no version table).
bool sqliteDatabaseMissing(const Environment &env);

} // namespace retort
