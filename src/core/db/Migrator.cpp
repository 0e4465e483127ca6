#include "db/Migrator.h"

#include "db/ServerCanceller.h"
#include "db/StatementSplitter.h"
#include "scripts/Script.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMutexLocker>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace retort {

namespace {

QString databaseMessage(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

// "statements 1-3" / "statement 1"
QString statementRange(int count)
{
    return count == 1 ? QStringLiteral("statement 1")
                      : QStringLiteral("statements 1-%1").arg(count);
}

QString stepKind(const PlanStep &step)
{
    if (step.stamp)
        return QStringLiteral("stamp");
    return step.direction == Direction::Upgrade ? QStringLiteral("upgrade")
                                                : QStringLiteral("downgrade");
}

QString headsText(QStringList heads)
{
    if (heads.isEmpty())
        return QStringLiteral("<base>");
    heads.sort();
    return heads.join(QStringLiteral(", "));
}

} // namespace

Migrator::Migrator(QSqlDatabase db, Dialect dialect, MigratorOptions options, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_dialect(dialect), m_options(std::move(options)),
      m_versionTable(dialect, m_options.versionTable),
      m_audit(AuditTrail::besideVersionTable(dialect, m_options.versionTable))
{
}

QByteArray Migrator::scriptBytes(const Script &script)
{
    if (!script.path.isEmpty()) {
        QFile file(script.path);
        if (file.open(QIODevice::ReadOnly))
            return file.readAll();
    }
    // An in-memory script (tests, generated plans): the sections as parsed.
    QString text =
        script.upgrade.sql + QStringLiteral("\n-- migrate:downgrade\n") + script.downgrade.sql;
    return text.toUtf8();
}

Status Migrator::acquireLock()
{
    if (m_options.lock != MigratorOptions::LockMode::Acquire)
        return {};
    m_lock = std::make_unique<DatabaseLock>(m_db, m_dialect, m_options.versionTable);
    return m_lock->acquire(
        m_options.lockTimeoutMs,
        [this](const LockHolder &holder, qint64 elapsedMs) {
            Q_EMIT lockWaiting(holder, elapsedMs);
            return !m_cancelled.load();
        },
        &m_cancelled);
}

Status Migrator::auditBegin(const PlanStep &step, bool transactional, qint64 *id)
{
    *id = 0;
    if (!m_options.auditTrail)
        return {};
    if (!m_auditReady) {
        if (Status st = m_audit.ensure(m_db); !st)
            return stepError(step, st.error().message);
        m_auditReady = true;
    }
    AuditEntry entry;
    entry.runId = m_runId;
    entry.revision = step.revision;
    entry.direction = !m_options.auditDirection.isEmpty()    ? m_options.auditDirection
                      : step.stamp                           ? QStringLiteral("stamp")
                      : step.direction == Direction::Upgrade ? QStringLiteral("upgrade")
                                                             : QStringLiteral("downgrade");
    entry.fromRevisions = step.fromRevisions;
    entry.toRevisions = step.toRevisions;
    entry.runStartedAt = m_runStartedAt;
    entry.startedAt = QDateTime::currentDateTimeUtc();
    entry.transactional = transactional;
    entry.operatorName = operatorIdentity();
    entry.retortVersion = QStringLiteral(RETORT_VERSION);
    entry.note = m_options.auditNote;
    if (step.script) {
        const QByteArray bytes = scriptBytes(*step.script);
        entry.scriptSha256 = sha256Hex(bytes);
        entry.script = QString::fromUtf8(bytes);
    }
    const Result<qint64> written = m_audit.insertRunning(m_db, entry);
    if (!written)
        return stepError(step, written.error().message);
    *id = *written;
    m_auditIds.push_back(*written);
    return {};
}

void Migrator::auditStatement(qint64 id, int statement)
{
    if (id <= 0)
        return;
    // Best effort: a failure here shows up again at the statement itself.
    const Status st = m_audit.setStatement(m_db, id, statement);
    Q_UNUSED(st);
}

Status Migrator::auditEnd(qint64 id, const Status &outcome, qint64 elapsedMs)
{
    if (id <= 0)
        return {};
    return m_audit.finish(m_db, id, outcome.ok() ? AuditOutcome::Succeeded : AuditOutcome::Failed,
                          outcome.ok() ? QString() : outcome.error().message,
                          outcome.ok() ? 0 : m_currentStatement, QDateTime::currentDateTimeUtc(),
                          elapsedMs);
}

Migrator::~Migrator() = default;

QString Migrator::preRunWarning(const Dialect &dialect, const Plan &plan)
{
    if (dialect.transactionalDdl())
        return {};
    for (const PlanStep &step : plan.steps) {
        if (step.script)
            return dialect.nonTransactionalWarning();
    }
    return {};
}

Status Migrator::run(const Plan &plan)
{
    if (!m_db.isOpen())
        return Error(QStringLiteral("the database connection is not open"));

    installInterrupt();
    const auto cleanup = qScopeGuard([this] { removeInterrupt(); });

    if (m_cancelled.load())
        return cancelledError(nullptr);

    if (Status locked = acquireLock(); !locked) {
        m_lock.reset();
        return locked;
    }
    const auto unlock = qScopeGuard([this] { m_lock.reset(); });
    m_runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_runStartedAt = QDateTime::currentDateTimeUtc();
    if (m_options.auditTrail && m_options.lock != MigratorOptions::LockMode::None) {
        // We hold the lock: a Running row now belongs to a runner that died.
        auto interrupted = m_audit.markInterrupted(m_db);
        if (!interrupted)
            return interrupted.error();
        m_interrupted = std::move(*interrupted);
        for (const AuditEntry &e : m_interrupted)
            Q_EMIT message(QStringLiteral("warning: an earlier run was interrupted: ") +
                           e.describe());
    }

    const Result<bool> exists = m_versionTable.exists(m_db);
    if (!exists.ok())
        return exists.error();
    m_versionTableExists = exists.value();

    m_purgePending = plan.purge;
    if (m_options.checkHeadsBefore && !plan.purge) {
        const Status status = checkHeadsBefore(plan);
        if (!status.ok())
            return status;
    }

    if (plan.purge && plan.steps.empty()) {
        // Alembic's stamp --purge with nothing to stamp still empties the table.
        if (!m_db.transaction())
            return Error(QStringLiteral("cannot begin a transaction: ") +
                         serverMessage(m_db.lastError()));
        Status status = applyVersionOps(PlanStep{});
        if (status.ok() && !m_db.commit())
            status = Error(QStringLiteral("cannot commit: ") + serverMessage(m_db.lastError()));
        if (!status.ok()) {
            const Status rolledBack = rollback();
            Q_UNUSED(rolledBack);
        }
        return status;
    }

    const int count = static_cast<int>(plan.steps.size());
    for (int k = 0; k < count; ++k) {
        const Status status = runStep(k + 1, count, plan.steps[static_cast<size_t>(k)]);
        if (!status.ok())
            return status;
    }
    return Status::success();
}

Status Migrator::checkHeadsBefore(const Plan &plan)
{
    const Result<QStringList> heads = m_versionTable.currentHeads(m_db);
    if (!heads.ok())
        return heads.error();
    const QSet<QString> actual(heads->cbegin(), heads->cend());
    const QSet<QString> expected(plan.headsBefore.cbegin(), plan.headsBefore.cend());
    if (actual != expected) {
        return Error(QStringLiteral("the database is at %1, but the plan starts from %2; "
                                    "make the plan again")
                         .arg(headsText(heads.value()), headsText(plan.headsBefore)));
    }
    return Status::success();
}

// One step in flight: what runStep's parts share.
struct Migrator::StepRun {
    int index = 0;
    const PlanStep &step;
    std::vector<Statement> statements;
    int firstLine = 0;
    bool transactional = true;
    QElapsedTimer timer;
    qint64 auditId = 0;
    // Restored when the step's transaction rolls back.
    bool versionTableExisted = false;
    bool purgePending = false;
};

Status Migrator::runStep(int index, int count, const PlanStep &step)
{
    Q_EMIT stepStarted(index, count, step);
    // A plan that is no revision's (auditDirection) says what it is: "Running revert-drift a -> a".
    Q_EMIT message(QStringLiteral("Running ") +
                   (m_options.auditDirection.isEmpty()
                        ? step.describe()
                        : m_options.auditDirection + u' ' + step.describe().section(u' ', 1)));
    StepRun run{index, step, {}, 0, true, {}, 0, m_versionTableExists, m_purgePending};
    run.timer.start();

    if (m_cancelled.load())
        return cancelledError(&step);

    if (step.script) {
        const ScriptSection &sql = step.direction == Direction::Upgrade
                                       ? step.script->upgradeFor(m_dialect.name())
                                       : step.script->downgradeFor(m_dialect.name());
        run.statements = splitStatements(sql.sql, m_dialect);
        run.firstLine = sql.firstLine;
    }
    run.transactional =
        m_dialect.transactionalDdl() && (!step.script || step.script->transactional);

    if (Status st = auditBegin(step, run.transactional, &run.auditId); !st)
        return st;
    m_auditId = run.auditId;
    m_currentStatement = 0;
    const Status status = run.transactional ? runTransactionalStep(run) : runAutocommitStep(run);
    if (!status.ok())
        return failStep(run, status);
    m_auditId = 0;

    Q_EMIT stepFinished(index, run.timer.elapsed());
    return Status::success();
}

Status Migrator::beginStep(const StepRun &run)
{
    if (!m_db.transaction())
        return stepError(run.step, QStringLiteral("cannot begin a transaction: ") +
                                       serverMessage(m_db.lastError()));
    return Status::success();
}

// Ends the transaction begun by beginStep(): COMMIT when `status` is a success (and no cancel
// came meanwhile), else ROLLBACK. Returns the step's outcome.
Status Migrator::endStep(const StepRun &run, Status status)
{
    if (status.ok() && m_cancelled.load())
        status = cancelledError(&run.step);
    if (status.ok() && !m_db.commit())
        status = stepError(run.step,
                           QStringLiteral("cannot commit: ") + serverMessage(m_db.lastError()));
    if (!status.ok()) {
        m_versionTableExists = run.versionTableExisted;
        m_purgePending = run.purgePending;
        const Status rolledBack = rollback();
        if (!rolledBack.ok()) {
            Error error = status.error();
            error.message +=
                QStringLiteral(" (and the rollback failed: %1)").arg(rolledBack.error().message);
            return error;
        }
    }
    return status;
}

// After a failure (the step's transaction, if any, rolled back): the row becomes Failed in
// autocommit. If the connection is gone this fails too and the row stays Running: the next run
// reports it as interrupted.
Status Migrator::failStep(const StepRun &run, Status status)
{
    const Status recorded = auditEnd(run.auditId, status, run.timer.elapsed());
    Q_UNUSED(recorded);
    m_auditId = 0;
    return status;
}

// Writes the Succeeded state of the step's audit row (inside the step's transaction, so it
// commits with the step).
Status Migrator::recordSuccess(const StepRun &run, Status status)
{
    if (status.ok())
        if (Status recorded = auditEnd(run.auditId, status, run.timer.elapsed()); !recorded)
            status = stepError(run.step, recorded.error().message);
    return status;
}

// BEGIN; the statements; the version change; the audit row's end; COMMIT (or ROLLBACK).
Status Migrator::runTransactionalStep(StepRun &run)
{
    Status status = beginStep(run);
    if (!status.ok())
        return status;
    status = runStatements(run.index, run.step, run.statements, run.firstLine, true);
    if (status.ok())
        status = applyVersionOps(run.step);
    if (!m_cancelled.load())
        status = recordSuccess(run, std::move(status));
    return endStep(run, std::move(status));
}

// Autocommit: each statement stands alone. The version change still commits atomically (a merge
// is an Update plus Deletes) where the driver has transactions.
Status Migrator::runAutocommitStep(StepRun &run)
{
    Status status = runStatements(run.index, run.step, run.statements, run.firstLine, false);
    if (!status.ok())
        return status;
    if (m_cancelled.load())
        return m_appliedInStep.empty() ? cancelledError(&run.step)
                                       : cancelledInStep(run.step, run.statements, run.firstLine);
    m_currentStatement = 0;
    const bool hasTransactions = m_db.driver()->hasFeature(QSqlDriver::Transactions);
    if (hasTransactions) {
        status = beginStep(run);
        if (!status.ok())
            return status;
    }
    status = recordSuccess(run, applyVersionOps(run.step));
    if (hasTransactions)
        status = endStep(run, std::move(status));
    return status;
}

Status Migrator::runStatements(int index, const PlanStep &step,
                               const std::vector<Statement> &statements, int firstLine,
                               bool transactional)
{
    m_appliedInStep.clear();
    // In a transactional step nothing stays applied after a failure (the step rolls back).
    const auto fail = [&](Error error) -> Status {
        if (transactional)
            m_appliedInStep.clear();
        return error;
    };
    const auto cancelled = [&]() -> Status {
        if (!transactional && !m_appliedInStep.empty())
            return fail(cancelledInStep(step, statements, firstLine));
        return fail(cancelledError(&step));
    };

    for (const Statement &statement : statements) {
        if (m_cancelled.load())
            return cancelled();
        Q_EMIT statementStarted(index, statement.index, statement.text);
        m_currentStatement = statement.index;
        // Outside a transaction the audit row says which statement is in flight (committed at
        // once), so a runner killed here is reported as interrupted at this statement.
        if (!transactional)
            auditStatement(m_auditId, statement.index);
        {
            const QMutexLocker lock(&m_interruptMutex);
            if (m_cancelled.load())
                return cancelled();
            m_statementActive.store(true);
        }

        bool ok = false;
        QSqlError error;
        {
            QSqlQuery query(m_db);
            ok = query.exec(statement.text);
            if (!ok)
                error = query.lastError();
        } // the query is finalized here, before any COMMIT or ROLLBACK
        {
            const QMutexLocker lock(&m_interruptMutex);
            m_statementActive.store(false);
        }

        if (!ok) {
            if (m_cancelled.load())
                return cancelled();
            const QString path = displayPath(step);
            int line = firstLine > 0 ? firstLine + statement.line - 1 : statement.line;
            // PostgreSQL: a syntax error (SQLSTATE 42601) points at its own line in the statement.
            if (m_dialect.kind() == DialectKind::Postgresql &&
                error.nativeErrorCode() == u"42601") {
                const int within = syntaxErrorLine(statement.text, m_dialect);
                if (within > 1)
                    line += within - 1;
            }
            QString where = path.isEmpty() ? QStringLiteral("line %1").arg(line)
                                           : QStringLiteral("%1:%2").arg(path).arg(line);
            QString text = QStringLiteral("%1 %2 failed at statement %3 (%4): %5")
                               .arg(stepKind(step), step.revision, QString::number(statement.index),
                                    where, serverMessage(error));
            if (!transactional) {
                if (m_appliedInStep.empty()) {
                    text += QStringLiteral(" [not transactional: nothing of this migration was "
                                           "applied; the version table was not changed]");
                } else {
                    text += QStringLiteral(" [not transactional: %1 stay applied; the version "
                                           "table was not changed]%2")
                                .arg(statementRange(static_cast<int>(m_appliedInStep.size())),
                                     appliedText(step, statements, firstLine));
                }
            }
            return fail(Error(text, path, line, step.revision)
                            .as(ErrorKind::ServerError, error.nativeErrorCode()));
        }
        m_appliedInStep.push_back(statement.index);
    }
    if (transactional)
        m_appliedInStep.clear(); // committed or rolled back together with the version change
    return Status::success();
}

QString Migrator::appliedText(const PlanStep &step, const std::vector<Statement> &statements,
                              int firstLine) const
{
    if (m_appliedInStep.empty())
        return {};
    const QString path = displayPath(step);
    QStringList lines;
    for (const int k : m_appliedInStep) {
        const Statement &statement = statements[static_cast<size_t>(k - 1)];
        const int line = firstLine > 0 ? firstLine + statement.line - 1 : statement.line;
        QString head = statement.text.section(u'\n', 0, 0).simplified();
        if (head.size() > 60)
            head = head.left(57) + QStringLiteral("...");
        lines.append(QStringLiteral("  statement %1 (%2): %3")
                         .arg(QString::number(k),
                              path.isEmpty() ? QStringLiteral("line %1").arg(line)
                                             : QStringLiteral("%1:%2").arg(path).arg(line),
                              head));
    }
    return QStringLiteral("\nApplied before the failure (%1 commits each at once; repair the "
                          "database, or finish the migration by hand and `stamp` %2):\n")
               .arg(m_dialect.transactionalDdl() ? QStringLiteral("`Transactional: false`")
                                                 : m_dialect.displayName(),
                    step.revision) +
           lines.join(u'\n');
}

Error Migrator::cancelledInStep(const PlanStep &step, const std::vector<Statement> &statements,
                                int firstLine) const
{
    return Error(QStringLiteral("cancelled; %1 of %2 %3 stay applied and the version table was "
                                "not changed")
                         .arg(statementRange(static_cast<int>(m_appliedInStep.size())),
                              stepKind(step), step.revision) +
                     appliedText(step, statements, firstLine),
                 {}, 0, step.revision)
        .as(ErrorKind::Cancelled);
}

QString Migrator::serverMessage(const QSqlError &error) const
{
    switch (m_dialect.kind()) {
    case DialectKind::Sqlite:
        break;
    case DialectKind::Postgresql: {
        // QPSQL: "ERROR:  <message>\nLINE 1: ...\n   ^\n(SQLSTATE)"; keep the message and the code.
        QString text = error.databaseText().section(u'\n', 0, 0).trimmed();
        for (const QLatin1String prefix : {QLatin1String("ERROR:"), QLatin1String("FATAL:")}) {
            if (text.startsWith(prefix))
                text = text.mid(prefix.size()).trimmed();
        }
        if (text.isEmpty())
            text = error.text();
        if (!error.nativeErrorCode().isEmpty())
            text += QStringLiteral(" (SQLSTATE %1)").arg(error.nativeErrorCode());
        return text;
    }
    case DialectKind::Mysql: {
        QString text = error.databaseText().trimmed();
        if (text.isEmpty())
            text = error.text();
        if (!error.nativeErrorCode().isEmpty())
            text += QStringLiteral(" (error %1)").arg(error.nativeErrorCode());
        return text;
    }
    }
    return databaseMessage(error);
}

Status Migrator::applyVersionOps(const PlanStep &step)
{
    if (step.versionOps.empty() && !m_purgePending)
        return Status::success();
    if (!m_versionTableExists) {
        const Status created = m_versionTable.create(m_db);
        if (!created.ok())
            return stepError(step, created.error().message);
        m_versionTableExists = true;
    }
    if (m_purgePending) {
        const Status purged = m_versionTable.purge(m_db);
        if (!purged.ok())
            return stepError(step, purged.error().message);
        m_purgePending = false;
    }
    for (const VersionOp &op : step.versionOps) {
        const Status applied = m_versionTable.apply(m_db, op);
        if (!applied.ok())
            return stepError(step, applied.error().message);
    }
    return Status::success();
}

Status Migrator::rollback()
{
    switch (m_dialect.kind()) {
    case DialectKind::Sqlite:
        // Some errors (an interrupt during a write, SQLITE_FULL, ...) make SQLite roll the
        // transaction back by itself; a ROLLBACK then would fail for nothing.
        if (m_nativeHandle && sqlite3_get_autocommit(static_cast<sqlite3 *>(m_nativeHandle)))
            return Status::success();
        break;
    case DialectKind::Postgresql:
    case DialectKind::Mysql:
        // A late cancel request may hit the ROLLBACK itself; one retry covers it.
        if (m_db.rollback())
            return Status::success();
        break;
    }
    if (!m_db.rollback())
        return Error(serverMessage(m_db.lastError()));
    return Status::success();
}

Error Migrator::stepError(const PlanStep &step, const QString &what) const
{
    return Error(QStringLiteral("%1 %2 failed: %3").arg(stepKind(step), step.revision, what), {}, 0,
                 step.revision);
}

Error Migrator::cancelledError(const PlanStep *step) const
{
    return Error(QStringLiteral("cancelled"), {}, 0, step ? step->revision : QString())
        .as(ErrorKind::Cancelled);
}

QString Migrator::displayPath(const PlanStep &step) const
{
    if (!step.script)
        return {};
    if (step.script->path.isEmpty())
        return step.script->fileName;
    if (m_options.displayRoot.isEmpty())
        return step.script->path;
    return QDir(m_options.displayRoot).relativeFilePath(step.script->path);
}

} // namespace retort
