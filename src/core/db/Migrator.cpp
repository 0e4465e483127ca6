#include "db/Migrator.h"

#include "db/StatementSplitter.h"
#include "scripts/Script.h"

#include <QDir>
#include <QElapsedTimer>
#include <QMutexLocker>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

namespace retort {

namespace {

QString databaseMessage(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

QString stepKind(const PlanStep &step)
{
    if (step.stamp)
        return QStringLiteral("stamp");
    return step.direction == Direction::Upgrade ? QStringLiteral("upgrade")
                                                : QStringLiteral("downgrade");
}

// The sqlite3* behind a QSQLITE connection, or null for any other driver.
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    if (!db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
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
      m_versionTable(dialect, m_options.versionTable)
{
}

Migrator::~Migrator() = default;

void Migrator::cancel()
{
    const QMutexLocker lock(&m_interruptMutex);
    m_cancelled.store(true);
    if (m_statementActive.load() && m_interrupt)
        m_interrupt();
}

void Migrator::installInterrupt()
{
    const QMutexLocker lock(&m_interruptMutex);
    switch (m_dialect.kind()) {
    case DialectKind::Sqlite: {
        sqlite3 *handle = sqliteHandle(m_db);
        m_nativeHandle = handle;
        if (!handle)
            break;
        // sqlite3_interrupt only affects statements already running. A cancel that lands between
        // our check and the statement's first step would be lost, so a progress handler also
        // polls the flag while a migration statement runs (never during ROLLBACK).
        sqlite3_progress_handler(
            handle, 1000,
            [](void *context) -> int {
                const auto *self = static_cast<const Migrator *>(context);
                return self->m_cancelled.load() && self->m_statementActive.load() ? 1 : 0;
            },
            this);
        // Safe from any thread while the connection is open; the connection outlives run(), and
        // m_interrupt is cleared (under the mutex) before run() returns.
        m_interrupt = [handle] { sqlite3_interrupt(handle); };
        break;
    }
    }
}

void Migrator::removeInterrupt()
{
    const QMutexLocker lock(&m_interruptMutex);
    switch (m_dialect.kind()) {
    case DialectKind::Sqlite:
        if (m_nativeHandle)
            sqlite3_progress_handler(static_cast<sqlite3 *>(m_nativeHandle), 0, nullptr, nullptr);
        break;
    }
    m_interrupt = nullptr;
    m_nativeHandle = nullptr;
}

Status Migrator::run(const Plan &plan)
{
    if (!m_db.isOpen())
        return Error(QStringLiteral("the database connection is not open"));

    installInterrupt();
    const auto cleanup = qScopeGuard([this] { removeInterrupt(); });

    if (m_cancelled.load())
        return cancelledError(nullptr);

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
                         databaseMessage(m_db.lastError()));
        Status status = applyVersionOps(PlanStep{});
        if (status.ok() && !m_db.commit())
            status = Error(QStringLiteral("cannot commit: ") + databaseMessage(m_db.lastError()));
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

Status Migrator::runStep(int index, int count, const PlanStep &step)
{
    Q_EMIT stepStarted(index, count, step);
    Q_EMIT message(QStringLiteral("Running ") + step.describe());
    QElapsedTimer timer;
    timer.start();

    if (m_cancelled.load())
        return cancelledError(&step);

    std::vector<Statement> statements;
    int firstLine = 0;
    if (step.script) {
        const ScriptSection &sql = step.direction == Direction::Upgrade
                                       ? step.script->upgradeFor(m_dialect.name())
                                       : step.script->downgradeFor(m_dialect.name());
        statements = splitStatements(sql.sql, m_dialect);
        firstLine = sql.firstLine;
    }
    const bool transactional =
        m_dialect.transactionalDdl() && (!step.script || step.script->transactional);
    const bool versionTableExisted = m_versionTableExists;
    const bool purgePending = m_purgePending;

    const auto begin = [&]() -> Status {
        if (!m_db.transaction()) {
            return stepError(step, QStringLiteral("cannot begin a transaction: ") +
                                       databaseMessage(m_db.lastError()));
        }
        return Status::success();
    };
    // Ends the transaction begun by begin(): COMMIT when `status` is a success (and no cancel
    // came meanwhile), else ROLLBACK. Returns the step's outcome.
    const auto finish = [&](Status status) -> Status {
        if (status.ok() && m_cancelled.load())
            status = cancelledError(&step);
        if (status.ok() && !m_db.commit()) {
            status = stepError(step, QStringLiteral("cannot commit: ") +
                                         databaseMessage(m_db.lastError()));
        }
        if (!status.ok()) {
            m_versionTableExists = versionTableExisted;
            m_purgePending = purgePending;
            const Status rolledBack = rollback();
            if (!rolledBack.ok()) {
                Error error = status.error();
                error.message += QStringLiteral(" (and the rollback failed: %1)")
                                     .arg(rolledBack.error().message);
                return error;
            }
        }
        return status;
    };

    if (transactional) {
        Status status = begin();
        if (!status.ok())
            return status;
        status = runStatements(index, step, statements, firstLine, transactional);
        if (status.ok())
            status = applyVersionOps(step);
        status = finish(std::move(status));
        if (!status.ok())
            return status;
    } else {
        // Autocommit: each statement stands alone. The version change still commits atomically
        // (a merge is an Update plus Deletes) where the driver has transactions.
        Status status = runStatements(index, step, statements, firstLine, transactional);
        if (!status.ok())
            return status;
        if (m_cancelled.load())
            return cancelledError(&step);
        const bool hasTransactions = m_db.driver()->hasFeature(QSqlDriver::Transactions);
        if (hasTransactions) {
            status = begin();
            if (!status.ok())
                return status;
        }
        status = applyVersionOps(step);
        if (hasTransactions)
            status = finish(std::move(status));
        if (!status.ok())
            return status;
    }

    Q_EMIT stepFinished(index, timer.elapsed());
    return Status::success();
}

Status Migrator::runStatements(int index, const PlanStep &step,
                               const std::vector<Statement> &statements, int firstLine,
                               bool transactional)
{

    for (const Statement &statement : statements) {
        if (m_cancelled.load())
            return cancelledError(&step);
        Q_EMIT statementStarted(index, statement.index, statement.text);
        {
            const QMutexLocker lock(&m_interruptMutex);
            if (m_cancelled.load())
                return cancelledError(&step);
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
                return cancelledError(&step);
            const QString path = displayPath(step);
            const int line = firstLine > 0 ? firstLine + statement.line - 1 : statement.line;
            QString where = path.isEmpty() ? QStringLiteral("line %1").arg(line)
                                           : QStringLiteral("%1:%2").arg(path).arg(line);
            QString text = QStringLiteral("%1 %2 failed at statement %3 (%4): %5")
                               .arg(stepKind(step), step.revision, QString::number(statement.index),
                                    where, databaseMessage(error));
            if (!transactional && statement.index > 1) {
                text += QStringLiteral(" [not transactional: statements 1-%1 stay applied; the "
                                       "version table was not changed]")
                            .arg(statement.index - 1);
            }
            return Error(text, path, line, step.revision);
        }
    }
    return Status::success();
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
    }
    if (!m_db.rollback())
        return Error(databaseMessage(m_db.lastError()));
    return Status::success();
}

Error Migrator::stepError(const PlanStep &step, const QString &what) const
{
    return Error(QStringLiteral("%1 %2 failed: %3").arg(stepKind(step), step.revision, what), {}, 0,
                 step.revision);
}

Error Migrator::cancelledError(const PlanStep *step) const
{
    return Error(QStringLiteral("cancelled"), {}, 0, step ? step->revision : QString());
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
