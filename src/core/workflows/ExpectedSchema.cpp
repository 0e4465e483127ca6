#include "workflows/ExpectedSchema.h"

#include "db/Migrator.h"
#include "project/Workspace.h"
#include "workflows/Planning.h"
#include "workflows/SchemaInspection.h"

#include <QCryptographicHash>
#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <QSqlQuery>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace retort {

namespace {

constexpr size_t kCacheEntries = 64;

struct Cache {
    QMutex mutex;
    std::map<QByteArray, SchemaSnapshot> entries;
    std::deque<QByteArray> order; // oldest first, for the bound
    std::atomic<qint64> hits{0};
    std::atomic<qint64> replays{0};
};

Cache &cache()
{
    static Cache c;
    return c;
}

void addField(QCryptographicHash &h, const QByteArray &field)
{
    const qint64 n = field.size();
    h.addData(QByteArrayView(reinterpret_cast<const char *>(&n), sizeof n));
    h.addData(field);
}

// The cache key; an error when a target does not resolve.
Result<QByteArray> cacheKey(const Workspace &ws, const QStringList &targets, const QString &driver,
                            const ExpectedSchemaOptions &opts)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    addField(h, driver.toUtf8());
    if (opts.scratch && driver != u"sqlite")
        addField(h, (opts.scratch->environment.host + u':' +
                     QString::number(opts.scratch->environment.port))
                        .toUtf8());
    QStringList resolved;
    for (const QString &target : targets) {
        auto ids = ws.graph().resolve(target);
        if (!ids)
            return ids.error();
        QStringList these;
        for (int i : *ids)
            these << (i < 0 ? QStringLiteral("<base>") : ws.graph().at(i).id);
        these.sort();
        resolved << these.join(u',');
    }
    addField(h, resolved.join(u';').toUtf8());
    addField(h, (opts.thenDowngrade + u'|' + opts.thenUpgrade.join(u',')).toUtf8());
    const Project &p = ws.project();
    addField(h, p.versionTable.toUtf8());
    addField(h, p.versionTableSchema.toUtf8());
    if (p.isAlembic()) {
        QFile ini(p.alembicIni);
        addField(h, ini.open(QIODevice::ReadOnly) ? ini.readAll() : QByteArray());
    }
    std::vector<const Script *> scripts;
    for (const Script &s : ws.scripts())
        scripts.push_back(&s);
    std::sort(scripts.begin(), scripts.end(),
              [](const Script *a, const Script *b) { return a->path < b->path; });
    for (const Script *s : scripts) {
        addField(h, s->path.toUtf8());
        addField(h, Migrator::scriptBytes(*s));
    }
    return h.result();
}

// Calls migrator.cancel() as soon as `cancel` is set, while it lives.
class CancelRelay final {
public:
    CancelRelay(const CancelToken *cancel, Migrator &migrator)
    {
        if (!cancel)
            return;
        if (cancel->isCancelled())
            migrator.cancel(); // sticky: run() stops before its first statement
        m_thread = std::thread([this, cancel, &migrator] {
            std::unique_lock lock(m_mutex);
            while (!m_done) {
                if (cancel->isCancelled()) {
                    migrator.cancel();
                    return;
                }
                m_wake.wait_for(lock, std::chrono::milliseconds(20));
            }
        });
    }
    ~CancelRelay()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }
    CancelRelay(const CancelRelay &) = delete;
    CancelRelay &operator=(const CancelRelay &) = delete;

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_done = false;
    std::thread m_thread;
};

// Plans and runs every target into the open scratch database.
Status replay(const Workspace &ws, const QStringList &targets, const QString &driver,
              const ExpectedSchemaOptions &opts, const ScratchDatabase &scratch,
              const CancelToken *cancel)
{
    ScopedConnection conn;
    if (Status st = conn.open(scratch.environment(), false, scratch.secrets()); !st)
        return st;
    const Dialect dialect = *Dialect::forDriver(driver);
    if (dialect.kind() == DialectKind::Sqlite) {
        // A scratch file outlives nothing: no syncs, the rollback journal in memory.
        QSqlQuery pragma(conn.db());
        (void)pragma.exec(QStringLiteral("PRAGMA synchronous = OFF"));
        (void)pragma.exec(QStringLiteral("PRAGMA journal_mode = MEMORY"));
    }
    MigratorOptions options;
    options.versionTable = ws.project().versionTableName();
    options.displayRoot = ws.project().root;
    options.lock = MigratorOptions::LockMode::None;
    options.auditTrail = false;
    QStringList rows;
    for (const QString &target : targets) {
        if (cancel && cancel->isCancelled())
            return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
        PlanRequest request;
        request.action = MigrationAction::Upgrade;
        request.targets = QStringList{target};
        request.alembicProgram = opts.alembicProgram;
        Result<PlannedRun> planned = makePlan(ws, driver, rows, request);
        if (!planned)
            return planned.error();
        if (planned->plan.steps.empty())
            continue;
        Migrator migrator(conn.db(), dialect, options);
        Status status;
        {
            const CancelRelay relay(cancel, migrator);
            status = migrator.run(planned->plan);
        }
        if (!status)
            return conn.explainTunnelLoss(status);
        rows = planned->plan.headsAfter;
    }
    if (opts.thenDowngrade.isEmpty())
        return {};
    if (cancel && cancel->isCancelled())
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
    PlanRequest request;
    request.action = MigrationAction::Downgrade;
    request.targets = QStringList{opts.thenDowngrade};
    request.alembicProgram = opts.alembicProgram;
    Result<PlannedRun> planned = makePlan(ws, driver, rows, request);
    if (!planned)
        return planned.error();
    Migrator migrator(conn.db(), dialect, options);
    Status status;
    {
        const CancelRelay relay(cancel, migrator);
        status = migrator.run(planned->plan);
    }
    if (!status)
        return conn.explainTunnelLoss(status);
    rows = planned->plan.headsAfter;
    for (const QString &target : opts.thenUpgrade) {
        PlanRequest up;
        up.action = MigrationAction::Upgrade;
        up.targets = QStringList{target};
        up.alembicProgram = opts.alembicProgram;
        Result<PlannedRun> again = makePlan(ws, driver, rows, up);
        if (!again)
            return again.error();
        Migrator upgrader(conn.db(), dialect, options);
        const CancelRelay relay(cancel, upgrader);
        if (Status st = upgrader.run(again->plan); !st)
            return conn.explainTunnelLoss(st);
        rows = again->plan.headsAfter;
    }
    return {};
}

} // namespace

Result<SchemaSnapshot> expectedSchema(const Workspace &ws, const QStringList &targets,
                                      const QString &driver, const ExpectedSchemaOptions &opts,
                                      const CancelToken *cancel)
{
    if (!Dialect::forDriver(driver))
        return Dialect::forDriver(driver).error();
    const bool onServer = driver != u"sqlite";
    if (onServer && !opts.scratch)
        return Error(QStringLiteral("the %1 schema of %2 needs a scratch server (set scratch = "
                                    "\"ENV\" in retort.toml); its SQL is not replayed on SQLite")
                         .arg(driver, targets.join(QStringLiteral(", "))),
                     ws.project().file)
            .as(ErrorKind::Refused);
    if (onServer && opts.scratch->environment.driver != driver)
        return Error(QStringLiteral("the scratch server '%1' is %2, not %3")
                         .arg(opts.scratch->environment.name, opts.scratch->environment.driver,
                              driver),
                     ws.project().file)
            .as(ErrorKind::Refused);

    Cache &c = cache();
    QByteArray key;
    if (opts.useCache) {
        Result<QByteArray> k = cacheKey(ws, targets, driver, opts);
        if (!k)
            return k.error();
        key = *k;
        const QMutexLocker lock(&c.mutex);
        if (auto it = c.entries.find(key); it != c.entries.end()) {
            c.hits.fetch_add(1);
            return it->second;
        }
    }

    if (cancel && cancel->isCancelled())
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
    Result<std::unique_ptr<ScratchDatabase>> scratch =
        onServer ? ScratchDatabase::createOnServer(*opts.scratch, cancel)
                 : ScratchDatabase::createSqlite(opts.tempDir);
    if (!scratch)
        return scratch.error();
    c.replays.fetch_add(1);
    if (Status st = replay(ws, targets, driver, opts, **scratch, cancel); !st)
        return st.error();
    Result<SchemaSnapshot> snapshot =
        inspectEnvironment((*scratch)->environment(), (*scratch)->secrets(), cancel);
    if (!snapshot)
        return snapshot.error();
    if (Status st = (*scratch)->drop(); !st)
        return st.error();
    snapshot->driver = driver;

    if (opts.useCache) {
        const QMutexLocker lock(&c.mutex);
        if (c.entries.emplace(key, *snapshot).second) {
            c.order.push_back(key);
            while (c.order.size() > kCacheEntries) {
                c.entries.erase(c.order.front());
                c.order.pop_front();
            }
        }
    }
    return snapshot;
}

void clearExpectedSchemaCache()
{
    Cache &c = cache();
    const QMutexLocker lock(&c.mutex);
    c.entries.clear();
    c.order.clear();
}

ExpectedSchemaStats expectedSchemaStats()
{
    return {cache().hits.load(), cache().replays.load()};
}

} // namespace retort
