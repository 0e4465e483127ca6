#pragma once

#include "Error.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace retort {

class Workspace;
struct ConnectionSecrets;
struct Environment;
struct Plan;

// retort-cli: parses the command line and runs one command. Output mirrors Alembic's line
// formats; errors print "FAILED: <message>" and give a non-zero exit code.
class Cli final {
public:
    Cli(QTextStream &out, QTextStream &err);
    ~Cli();
    // `args` without the program name. Returns the process exit code.
    int run(const QStringList &args);

private:
    struct Options;
    Status dispatch(const QString &command, QStringList args);

    Status cmdInit(QStringList args);
    Status cmdRevision(QStringList args, bool merge);
    Status cmdUpgradeDowngrade(QStringList args, bool upgrade);
    Status cmdStamp(QStringList args);
    Status cmdCurrent(QStringList args);
    Status cmdHistory(QStringList args);
    Status cmdHeads(QStringList args);
    Status cmdBranches(QStringList args);
    Status cmdShow(QStringList args);
    Status cmdCheck(QStringList args);
    Status cmdStatus(QStringList args);
    // convert --out DIR [--alembic PATH] [--driver D]: an Alembic project as a native one.
    Status cmdConvert(QStringList args);

    Status loadWorkspace(bool requireValidGraph);
    Result<const Environment *> environment() const;
    // The secrets for `env`'s connection. Today: the password from the RETORT_DB_PASSWORD
    // environment variable for a server environment (none for SQLite). The one place to change
    // when the keychain takes over.
    static ConnectionSecrets secretsFor(const Environment &env);
    Result<QStringList> readRows(const Environment &env) const;
    // The version rows of the selected environment.
    Result<QStringList> currentRows() const;
    // Offline (--sql) mode: the rows a "FROM:" prefix stands for (comma-separated, or base).
    Result<QStringList> offlineStartRows(const QString &from) const;
    Status printOffline(const Environment &env, const Plan &plan);
    // A run that changes a protected environment needs --confirm NAME, or the name typed on a
    // terminal; otherwise it is refused before anything is opened.
    Status confirmRun(const Environment &env, const Plan &plan);
    Status runPlan(const Environment &env, const Plan &plan);
    void printUsage(QTextStream &s) const;

    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<Options> m_opt;
    std::unique_ptr<Workspace> m_ws;
};

} // namespace retort
