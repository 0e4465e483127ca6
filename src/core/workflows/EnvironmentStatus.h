#pragma once

#include "audit/EditedScripts.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Project.h"

#include <QHash>

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace retort {

class RevisionGraph;
class Workspace;

// Where one environment stands against the project's revisions: what its version table holds,
// which revisions that means are applied, and what an upgrade to heads would still run.
struct EnvironmentState {
    enum class Reach {
        Unknown,    // not checked yet (or being checked)
        Reached,    // the database answered; `rows` is what its version table holds
        Unreachable // the database could not be read: `error` says why
    };
    QString environment; // the environment's name
    Reach reach = Reach::Unknown;
    QStringList rows;    // alembic_version rows (empty: nothing applied, or no table yet)
    QStringList current; // the rows' branch heads, full ids, as `current` shows them
    // Per graph index: 1 when that revision is applied (at or below a row, depends_on included).
    std::vector<char> applied;
    int pending = 0;      // steps `upgrade heads` would run
    bool atHeads = false; // reached and nothing pending
    QString error;        // Unreachable: the database's error; Reached: a graph problem with
                          // the rows (e.g. a row naming a revision not in the project)
    QDateTime checkedAt;  // when the rows were read (local time)
    // Scripts edited after they were applied here, and version rows naming revisions the project
    // lacks (from the audit trail; empty when the database has none).
    std::vector<ScriptDrift> drift;

    bool isApplied(int revision) const
    {
        return revision >= 0 && size_t(revision) < applied.size() && applied[size_t(revision)];
    }
    bool isCurrent(const QString &id) const { return current.contains(id); }
};

// Fills `state`'s graph-derived fields (current, applied, pending, atHeads, error) from its rows.
// Pure and thread-safe: reads only `graph`.
void computeEnvironmentState(const RevisionGraph &graph, EnvironmentState &state);

// Reads `env`'s version rows (and, when it has some, its audit trail) and computes its state.
// Blocking, on a connection of its own opened and closed in the calling thread (any thread).
EnvironmentState readEnvironmentState(const Workspace &workspace, const Environment &env,
                                      const ConnectionSecrets &secret);

// Checks environments in the background: each one's version rows are read in a task of its own
// (Background::run, so a slow or unreachable server never holds up the others, nor the calling
// thread) and the state is computed there.
//
// Threading: create and use it in one thread (the owner, e.g. the GUI thread); stateReady() is
// emitted there, once per environment of each check(). The tasks own nothing of the checker:
// each holds its own copy of the environment and a shared_ptr to the workspace, and its result
// comes back in the checker's thread. If the checker is destroyed first, the tasks finish on their
// own (at most the connect timeout) and their results are dropped. A later check() supersedes
// earlier ones: results of older checks are dropped too.
class EnvironmentChecker final : public QObject {
    Q_OBJECT

public:
    explicit EnvironmentChecker(QObject *parent = nullptr);
    ~EnvironmentChecker() override;

    // Starts checking `environments` (all of the workspace's when empty) and returns at once.
    // `secrets` holds what each server environment needs to connect, by environment name.
    void check(std::shared_ptr<const Workspace> workspace, const QStringList &environments = {},
               const QHash<QString, ConnectionSecrets> &secrets = {});
    // Tasks of the latest check() still running.
    int pendingChecks() const { return m_running; }

Q_SIGNALS:
    void stateReady(const retort::EnvironmentState &state);
    // Every environment of the latest check() has reported.
    void allChecked();

private:
    quint64 m_generation = 0;
    int m_running = 0;
};

} // namespace retort

Q_DECLARE_METATYPE(retort::EnvironmentState)
