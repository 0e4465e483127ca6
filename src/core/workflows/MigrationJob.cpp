#include "workflows/MigrationJob.h"

#include "db/Connection.h"
#include "db/Dialect.h"
#include "db/VersionTable.h"
#include "project/Workspace.h"
#include "scripts/PythonScript.h"
#include "workflows/AlembicSql.h"

#include <QMutexLocker>
#include <QThread>

#include <deque>
#include <optional>

namespace retort {

namespace {

// Registers the metatypes once, before any queued connection needs them.
void registerMetaTypes()
{
    static const bool done = [] {
        qRegisterMetaType<retort::Status>("retort::Status");
        qRegisterMetaType<retort::Plan>("retort::Plan");
        qRegisterMetaType<retort::PlanStep>("retort::PlanStep");
        qRegisterMetaType<retort::LockHolder>("retort::LockHolder");
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace

MigratorOptions migratorOptionsFor(const Workspace &workspace)
{
    MigratorOptions options;
    options.versionTable = workspace.project().versionTableName();
    options.displayRoot = workspace.project().root;
    return options;
}

// ---------------------------------------------------------------------------------------------
// MigrationJob

// Shared between the job (owner thread, cancel() from anywhere) and the worker thread. `migrator`
// is set only while the worker's Migrator exists; the mutex keeps it alive during a cancel().
namespace detail {
struct MigrationJobShared {
    QMutex mutex;
    Migrator *migrator = nullptr; // guarded by mutex
    bool cancelRequested = false; // guarded by mutex
    // Written by the worker before its thread finishes, read by the owner after QThread::finished
    // (the thread's end orders the two).
    std::optional<Status> status;
};
} // namespace detail

namespace {

// Lives in the worker thread; runs the plan once when the thread starts.
class MigrationWorker final : public QObject {
    Q_OBJECT

public:
    MigrationWorker(std::shared_ptr<const Workspace> workspace, Environment environment,
                    ConnectionSecrets secrets, Plan plan, MigratorOptions options,
                    std::shared_ptr<void> shared)
        : m_workspace(std::move(workspace)), m_environment(std::move(environment)),
          m_secrets(std::move(secrets)), m_plan(std::move(plan)), m_options(std::move(options)),
          m_sharedKeep(std::move(shared))
    {
    }

Q_SIGNALS:
    void progress(int step, int count, const QString &description);
    void statement(int step, int index, const QString &text);
    void stepFinished(int step, qint64 ms);
    void logLine(const QString &line);
    void lockWaiting(const retort::LockHolder &holder, qint64 elapsedMs);

public:
    // Runs the plan; call in the worker thread (the connection is opened and closed here).
    Status run(detail::MigrationJobShared *shared);

private:
    std::shared_ptr<const Workspace> m_workspace;
    Environment m_environment;
    ConnectionSecrets m_secrets;
    Plan m_plan;
    MigratorOptions m_options;
    std::shared_ptr<void> m_sharedKeep; // keeps the job's Shared alive while the worker exists
};

} // namespace

MigrationJob::MigrationJob(std::shared_ptr<const Workspace> workspace, Environment environment,
                           Plan plan, MigratorOptions options, QObject *parent)
    : MigrationJob(std::move(workspace), std::move(environment), ConnectionSecrets{},
                   std::move(plan), std::move(options), parent)
{
}

MigrationJob::MigrationJob(std::shared_ptr<const Workspace> workspace, Environment environment,
                           ConnectionSecrets secrets, Plan plan, MigratorOptions options,
                           QObject *parent)
    : QObject(parent), m_workspace(std::move(workspace)), m_environment(std::move(environment)),
      m_secrets(std::move(secrets)), m_plan(std::move(plan)), m_options(std::move(options)),
      m_shared(std::make_shared<detail::MigrationJobShared>())
{
    registerMetaTypes();
}

MigrationJob::~MigrationJob()
{
    if (m_thread) {
        cancel();
        m_thread->quit();
        m_thread->wait();
        delete m_thread;
    }
}

void MigrationJob::cancel()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->cancelRequested = true;
    if (m_shared->migrator)
        m_shared->migrator->cancel();
}

void MigrationJob::start()
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;

    m_thread = new QThread; // not a child: deleted in the destructor, after wait()
    m_thread->setObjectName(QStringLiteral("MigrationJob"));
    auto *worker =
        new MigrationWorker(m_workspace, m_environment, m_secrets, m_plan, m_options, m_shared);
    worker->moveToThread(m_thread);

    // Worker -> job: `this` lives in the owner thread, so these are queued there.
    connect(worker, &MigrationWorker::progress, this, &MigrationJob::progress);
    connect(worker, &MigrationWorker::statement, this, &MigrationJob::statement);
    connect(worker, &MigrationWorker::stepFinished, this, &MigrationJob::stepFinished);
    connect(worker, &MigrationWorker::logLine, this, &MigrationJob::logLine);
    connect(worker, &MigrationWorker::lockWaiting, this, &MigrationJob::lockWaiting);

    // The run itself: `worker` is the context, so this lambda runs in the worker thread. It
    // touches only the worker and the shared state.
    std::shared_ptr<detail::MigrationJobShared> shared = m_shared;
    connect(m_thread, &QThread::started, worker, [worker, shared] {
        shared->status = worker->run(shared.get());
        QThread::currentThread()->quit();
    });
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    // Queued into the owner thread after every relayed signal (same sender thread, same receiver
    // thread: posted events keep their order).
    connect(m_thread, &QThread::finished, this, [this] {
        m_running = false;
        const Status status =
            m_shared->status.value_or(Status(Error(tr("the migration stopped unexpectedly"))));
        Q_EMIT finished(status);
    });
    m_thread->start();
}

Status MigrationWorker::run(detail::MigrationJobShared *shared)
{
    if (const PlanStep *python = firstPythonStep(m_plan)) // never record what did not run
        return pythonStepError(*python);
    auto dialect = Dialect::forDriver(m_environment.driver);
    if (!dialect)
        return dialect.error();
    ScopedConnection conn;
    if (auto st = conn.open(m_environment, false, m_secrets); !st)
        return st;
    Status status;
    {
        Migrator migrator(conn.db(), *dialect, m_options);
        connect(&migrator, &Migrator::stepStarted, this,
                [this](int step, int count, const PlanStep &planStep) {
                    Q_EMIT progress(step, count, planStep.describe());
                });
        connect(&migrator, &Migrator::statementStarted, this, &MigrationWorker::statement);
        connect(&migrator, &Migrator::stepFinished, this, &MigrationWorker::stepFinished);
        connect(&migrator, &Migrator::message, this, &MigrationWorker::logLine);
        connect(&migrator, &Migrator::lockWaiting, this, &MigrationWorker::lockWaiting);
        {
            QMutexLocker lock(&shared->mutex);
            if (shared->cancelRequested)
                migrator.cancel(); // sticky: run() stops before its first statement
            shared->migrator = &migrator;
        }
        status = conn.explainTunnelLoss(migrator.run(m_plan));
        QMutexLocker lock(&shared->mutex);
        shared->migrator = nullptr;
    }
    conn.close();
    return status;
}

// ---------------------------------------------------------------------------------------------
// PlanJob

struct PlanJob::Outcome {
    Status status;
    Plan plan;
    bool versionTableExists = false;
};

PlanJob::PlanJob(std::shared_ptr<const Workspace> workspace, Environment environment,
                 Request request, QObject *parent)
    : PlanJob(std::move(workspace), std::move(environment), ConnectionSecrets{}, std::move(request),
              parent)
{
}

PlanJob::PlanJob(std::shared_ptr<const Workspace> workspace, Environment environment,
                 ConnectionSecrets secrets, Request request, QObject *parent)
    : QObject(parent), m_workspace(std::move(workspace)), m_environment(std::move(environment)),
      m_secrets(std::move(secrets)), m_request(std::move(request))
{
    registerMetaTypes();
}

PlanJob::~PlanJob()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void PlanJob::start()
{
    if (m_thread)
        return;
    m_running = true;
    // Written by the worker, read after QThread::finished (ordered by the thread's end).
    auto outcome = std::make_shared<std::optional<Outcome>>();
    m_thread = QThread::create([workspace = m_workspace, env = m_environment, secrets = m_secrets,
                                request = m_request, outcome] {
        Outcome out;
        auto state = readVersionState(env, workspace->project().versionTableName(), secrets);
        if (!state) {
            out.status = state.error();
            outcome->emplace(std::move(out));
            return;
        }
        out.versionTableExists = state->versionTableExists;
        const RevisionGraph &graph = workspace->graph();
        Result<Plan> plan = Error();
        switch (request.action) {
        case MigrationAction::Upgrade:
        case MigrationAction::Downgrade:
            if (request.targets.size() != 1) {
                plan = Error(QStringLiteral("%1 needs exactly one target")
                                 .arg(request.action == MigrationAction::Upgrade
                                          ? QStringLiteral("upgrade")
                                          : QStringLiteral("downgrade")));
                break;
            }
            plan = request.action == MigrationAction::Upgrade
                       ? graph.planUpgrade(state->rows, request.targets.front())
                       : graph.planDowngrade(state->rows, request.targets.front());
            break;
        case MigrationAction::Stamp:
            plan = graph.planStamp(state->rows, request.targets, request.purge);
            break;
        }
        if (plan && firstPythonStep(*plan)) {
            // Alembic revisions: their SQL comes from the project's own alembic, offline.
            auto alembic = findAlembic();
            if (!alembic) {
                plan = Error(QStringLiteral("cannot apply Alembic revisions here: %1")
                                 .arg(alembic.error().message));
            } else {
                auto storage = std::make_shared<std::deque<Script>>();
                const QString hint =
                    request.action != MigrationAction::Stamp && state->rows.size() <= 1
                        ? (state->rows.isEmpty() ? QStringLiteral("base") : state->rows.front()) +
                              u':' + request.targets.front()
                        : QString();
                plan = withAlembicSql(*alembic, workspace->project(), *plan, env.driver, hint,
                                      storage.get());
                if (plan)
                    plan->scriptStorage = std::move(storage);
            }
        }
        if (plan)
            out.plan = std::move(*plan);
        else
            out.status = plan.error();
        outcome->emplace(std::move(out));
    });
    m_thread->setObjectName(QStringLiteral("PlanJob"));
    connect(m_thread, &QThread::finished, this, [this, outcome] {
        m_running = false;
        if (!outcome->has_value()) {
            Q_EMIT finished(Status(Error(tr("planning stopped unexpectedly"))), Plan{}, false);
            return;
        }
        Outcome &out = **outcome;
        Q_EMIT finished(out.status, out.plan, out.versionTableExists);
    });
    m_thread->start();
}

} // namespace retort

#include "MigrationJob.moc"
