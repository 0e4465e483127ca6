#pragma once

#include "base/Error.h"
#include "graph/Plan.h"
#include "scripts/Script.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <deque>
#include <vector>

namespace retort {

struct Project;

// SQL for Alembic (Python) revisions, rendered by the project's own `alembic` command in offline
// mode (`alembic upgrade FROM:TO --sql`). Retort never runs Python in-process: it runs the
// alembic program, reads the SQL it prints, divides it at the `-- Running upgrade|downgrade
// X -> Y` comments, drops Alembic's version-table statements (Retort's runner makes its own) and
// its BEGIN/COMMIT wrapper, and runs or writes the rest itself.
//
// Threading: everything here that starts `alembic` blocks until it ends (seconds): call it from
// a worker thread or the CLI, never the GUI thread. Pure functions are marked so.

// The alembic program to use: `configured` if not empty (a path, or a name looked up on PATH),
// else $RETORT_ALEMBIC, else `alembic` on PATH. An Error says why none is usable (so a UI can
// explain why applying Alembic revisions is disabled).
Result<QString> findAlembic(const QString &configured = {});

// One `-- Running ...` step of alembic's offline output.
struct AlembicSqlStep {
    Direction direction = Direction::Upgrade;
    QStringList from; // the ids left of "->" (empty: <base>)
    QStringList to;   // the ids right of "->"
    QString sql;      // the step's statements, without version-table statements, BEGIN/COMMIT
    // The revision the step applies (upgrade: the single id on the right) or removes
    // (downgrade: the single id on the left).
    QString revision() const
    {
        const QStringList &side = direction == Direction::Upgrade ? to : from;
        return side.size() == 1 ? side.front() : QString();
    }
};

// Divides alembic's `--sql` output into its steps. Lines before the first step (the version
// table's CREATE, BEGIN) are dropped; in each step, single-line INSERT/UPDATE/DELETE statements on
// `versionTable` (optionally schema-qualified), `DROP TABLE versionTable;`, `BEGIN;` and
// `COMMIT;` lines are dropped. Pure.
std::vector<AlembicSqlStep> splitAlembicSql(const QString &output, const QString &versionTable);

// An alembic.ini's text with `%(here)s` made absolute (`here`: the ini's folder) and
// `[alembic] sqlalchemy.url` set to `url` (added when missing), as written (escape '%' as "%%"
// first: the ini interpolates). Pure.
QString alembicIniWithUrl(const QString &text, const QString &here, const QString &url);

// Runs `alembic -c <ini> <upgrade|downgrade> <range> --sql` for `project` (an Alembic project)
// in the ini's folder and returns its standard output. With `driver` (sqlite, postgresql,
// mysql) the SQL is rendered for that dialect: alembic reads a temporary copy of the ini whose
// sqlalchemy.url is `<driver>://` (offline mode never connects; no password is involved); the
// copy is a QTemporaryFile, created 0600 and removed on return, as it may hold the ini's other
// settings.
// Errors carry alembic's own message. Blocks.
Result<QString> runAlembicOffline(const QString &alembic, const Project &project,
                                  Direction direction, const QString &range,
                                  const QString &driver = {}, int timeoutMs = 600000);

// The upgrade and downgrade SQL of every revision: one run over the whole graph for upgrades
// (`upgrade base:heads`), one per head for downgrades (`downgrade HEAD:base`; offline, alembic
// starts from a single revision). `heads`: the graph's heads. When the whole-graph upgrade run
// fails (Alembic 1.8 crashes on some depends_on graphs), each revision in `revisions` is
// rendered on its own (`upgrade PARENT:REV`). Blocks.
struct AlembicRevision {
    QString id;
    QStringList parents;
};
struct RevisionSql {
    QString upgrade;
    QString downgrade;
    bool hasUpgrade = false;
    bool hasDowngrade = false;
};
// The upgrade SQL of every revision from one alembic run (`upgrade base:heads`), downgrades left
// out; an error when that run fails (no per-revision retry: callers that only read the SQL, such
// as SchemaHistory, then fall back to reading the scripts). Blocks.
Result<QHash<QString, RevisionSql>>
renderAllUpgrades(const QString &alembic, const Project &project, const QString &driver = {});

Result<QHash<QString, RevisionSql>>
renderAllRevisions(const QString &alembic, const Project &project, const QStringList &heads,
                   const std::vector<AlembicRevision> &revisions, const QString &driver = {});

// `plan` with each Alembic step's script replaced by a SQL script (in `storage`, which must
// outlive the plan's use) holding the SQL alembic renders for that step, so Retort's own runner
// (Migrator, OfflineRenderer) executes it: transactions, progress, cancel and version rows as
// for native scripts. First tries one alembic run over `rangeHint` ("FROM:TO" as alembic takes
// it; empty: skipped), then one run per step still missing (`upgrade PARENT:REV` /
// `downgrade REV:PARENT`). Stamp steps and SQL scripts are kept as they are. Blocks.
Result<Plan> withAlembicSql(const QString &alembic, const Project &project, const Plan &plan,
                            const QString &driver, const QString &rangeHint,
                            std::deque<Script> *storage);

} // namespace retort
