#pragma once

#include "base/Error.h"
#include "db/Connection.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace retort {

class Workspace;

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
    Status cmdPassword(QStringList args);
    Status cmdLog(QStringList args);
    Status cmdBackup(QStringList args);
    // convert --out DIR [--alembic PATH] [--driver D]: an Alembic project as a native one.
    Status cmdConvert(QStringList args);

    Status loadWorkspace(bool requireValidGraph);
    Result<const Environment *> environment() const;
    // The secrets for `env`'s connection. Today: the password from the RETORT_DB_PASSWORD
    // environment variable for a server environment (none for SQLite). The one place to change
    // when the keychain takes over.
    // The secrets `env` needs, in this order: RETORT_DB_PASSWORD / RETORT_SSH_PASSPHRASE, the OS
    // keychain, then (on a terminal, without echo) the user. Read once per environment. With
    // --accept-new-host-key, an SSH host not yet in known_hosts is added first.
    ConnectionSecrets secretsFor(const Environment &env) const;
    // Appends advice to a connection failure (how to give a password, trust a host key).
    Status withAdvice(const Environment &env, Status status) const;
    Result<QStringList> readRows(const Environment &env) const;
    // The version rows of the selected environment.
    Result<QStringList> currentRows() const;
    // Offline (--sql) mode: the rows a "FROM:" prefix stands for (comma-separated, or base).
    Result<QStringList> offlineStartRows(const QString &from) const;
    Status printOffline(const Environment &env, const Plan &plan);
    // A run that changes a protected environment needs --confirm NAME, or the name typed on a
    // terminal; otherwise it is refused before anything is opened.
    Status confirmRun(const Environment &env, const Plan &plan);
    // Takes the run lock on the run's connection (waiting up to --lock-timeout, saying who holds
    // it), re-plans when the database moved meanwhile (absolute targets only), runs the protected
    // pre-flight, then the plan with the audit trail on.
    Status runPlan(const Environment &env, const Plan &plan);
    // Protected environments: the pre-flight checks, with a backup taken first (unless
    // --no-backup). Returns the note to record (an override), or the refusal.
    Result<QString> protectedPreflight(const Environment &env, const Plan &plan);
    // `check` with --env: edited scripts and unknown version rows on that database.
    Status checkDrift(const Environment &env);
    void printUsage(QTextStream &s) const;

    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<Options> m_opt;
    std::unique_ptr<Workspace> m_ws;
    mutable QHash<QString, ConnectionSecrets> m_secrets; // by environment name, this run only
};

} // namespace retort
