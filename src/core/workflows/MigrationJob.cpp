#include "workflows/MigrationJob.h"

#include "db/VersionTable.h"
#include "project/Workspace.h"

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
        qRegisterMetaType<retort::BackupInfo>("retort::BackupInfo");
        return true;
    }();
    Q_UNUSED(done);
}

// How long the destructor waits for a cancelled run to return before abandoning it.
constexpr int kCancelledRunWaitMs = 30000;

} // namespace

namespace detail {

// Lives in the owner thread; the session's observer emits its signals from the worker thread, so
// the connections to the job are queued. Shared by the job and the worker (deleted later, in its
// own thread, once both let go), so a job destroyed mid-run never leaves the worker a dangling
// receiver.
class RunRelay final : public QObject, public RunObserver {
    Q_OBJECT

public:
    void lockWaiting(const LockHolder &holder, qint64 elapsedMs) override
    {
        Q_EMIT lockWaitingSignal(holder, elapsedMs);
    }
    void replanned(const QStringList &rows, const Plan &plan) override
    {
        Q_EMIT replannedSignal(rows, plan);
    }
    void backingUp(const Environment &) override { Q_EMIT backingUpSignal(); }
    void backedUp(const BackupInfo &backup) override { Q_EMIT backedUpSignal(backup); }
    void stepStarted(int step, int count, const PlanStep &planStep) override
    {
        Q_EMIT progress(step, count, planStep.describe());
    }
    void statementStarted(int step, int statement, const QString &text) override
    {
        Q_EMIT statementSignal(step, statement, text);
    }
    void stepFinished(int step, qint64 elapsedMs) override
    {
        Q_EMIT stepFinishedSignal(step, elapsedMs);
    }
    void message(const QString &line) override { Q_EMIT logLine(line); }

Q_SIGNALS:
    void lockWaitingSignal(const retort::LockHolder &holder, qint64 elapsedMs);
    void replannedSignal(const QStringList &rows, const retort::Plan &plan);
    void backingUpSignal();
    void backedUpSignal(const retort::BackupInfo &backup);
    void progress(int step, int count, const QString &description);
    void statementSignal(int step, int index, const QString &text);
    void stepFinishedSignal(int step, qint64 ms);
    void logLine(const QString &line);
};

} // namespace detail

MigratorOptions migratorOptionsFor(const Workspace &workspace)
{
    MigratorOptions options;
    options.versionTable = workspace.project().versionTableName();
    options.displayRoot = workspace.project().root;
    return options;
}

// ---------------------------------------------------------------------------------------------
// MigrationJob

namespace {

RunRequest requestFrom(std::shared_ptr<const Workspace> workspace, Environment environment,
                       ConnectionSecrets secrets, Plan plan, const MigratorOptions &options)
{
    RunRequest request;
    request.workspace = std::move(workspace);
    request.environment = std::move(environment);
    request.secrets = std::move(secrets);
    request.plan = std::move(plan);
    request.lockTimeoutMs = options.lockTimeoutMs;
    request.auditNote = options.auditNote;
    return request;
}

} // namespace

MigrationJob::MigrationJob(RunRequest request, QObject *parent)
    : QObject(parent), m_session(std::make_shared<RunSession>(std::move(request)))
{
    registerMetaTypes();
}

MigrationJob::MigrationJob(std::shared_ptr<const Workspace> workspace, Environment environment,
                           Plan plan, MigratorOptions options, QObject *parent)
    : MigrationJob(std::move(workspace), std::move(environment), ConnectionSecrets{},
                   std::move(plan), std::move(options), parent)
{
}

MigrationJob::MigrationJob(std::shared_ptr<const Workspace> workspace, Environment environment,
                           ConnectionSecrets secrets, Plan plan, MigratorOptions options,
                           QObject *parent)
    : MigrationJob(requestFrom(std::move(workspace), std::move(environment), std::move(secrets),
                               std::move(plan), options),
                   parent)
{
}

MigrationJob::~MigrationJob()
{
    if (m_task && m_running) {
        m_session->cancel();
        m_task->wait(kCancelledRunWaitMs);
    }
}

void MigrationJob::cancel()
{
    m_session->cancel();
}

void MigrationJob::start()
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    std::shared_ptr<detail::RunRelay> relay(new detail::RunRelay,
                                            [](detail::RunRelay *r) { r->deleteLater(); });
    connect(relay.get(), &detail::RunRelay::progress, this, &MigrationJob::progress);
    connect(relay.get(), &detail::RunRelay::statementSignal, this, &MigrationJob::statement);
    connect(relay.get(), &detail::RunRelay::stepFinishedSignal, this, &MigrationJob::stepFinished);
    connect(relay.get(), &detail::RunRelay::logLine, this, &MigrationJob::logLine);
    connect(relay.get(), &detail::RunRelay::lockWaitingSignal, this, &MigrationJob::lockWaiting);
    connect(relay.get(), &detail::RunRelay::replannedSignal, this, &MigrationJob::replanned);
    connect(relay.get(), &detail::RunRelay::backingUpSignal, this, &MigrationJob::backingUp);
    connect(relay.get(), &detail::RunRelay::backedUpSignal, this, &MigrationJob::backedUp);
    m_task = Background::run(
        this,
        [session = m_session, relay](const CancelToken &token) {
            if (token.isCancelled())
                session->cancel();
            return session->run(*relay);
        },
        [this](RunOutcome outcome) {
            m_running = false;
            m_outcome = std::move(outcome);
            Q_EMIT finished(m_outcome->status);
        });
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

void PlanJob::start()
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    Background::run(
        this,
        [workspace = m_workspace, env = m_environment, secrets = m_secrets,
         request = m_request](const CancelToken &) {
            Outcome out;
            auto state = readVersionState(env, workspace->project().versionTableName(), secrets);
            if (!state) {
                out.status = state.error();
                return out;
            }
            out.versionTableExists = state->versionTableExists;
            auto planned = makePlan(*workspace, env.driver, state->rows, request);
            if (planned)
                out.plan = std::move(planned->plan);
            else
                out.status = planned.error();
            return out;
        },
        [this](Outcome out) {
            m_running = false;
            Q_EMIT finished(out.status, out.plan, out.versionTableExists);
        });
}

} // namespace retort

#include "MigrationJob.moc"
