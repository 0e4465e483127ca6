// Lint with live facts: the offline findings of the plan, then what the database says about the
// tables they concern (LintLive.h's fact keys), read on a read-only connection of its own.

#include "workflows/LintLive.h"

#include "db/Migrator.h"
#include "db/StatementSplitter.h"
#include "graph/Plan.h"
#include "project/Workspace.h"
#include "scripts/Script.h"
#include "workflows/Planning.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>

namespace retort {

using namespace Qt::Literals::StringLiterals;

const QStringList &sizeScaledRules()
{
    static const QStringList rules{u"require-concurrent-index-creation"_s,
                                   u"require-concurrent-index-deletion"_s,
                                   u"changing-column-type"_s,
                                   u"set-not-null-without-valid-check"_s,
                                   u"adding-not-nullable-field"_s,
                                   u"constraint-missing-not-valid"_s,
                                   u"adding-unique-constraint"_s,
                                   u"adding-field-with-volatile-default"_s,
                                   u"adding-serial-primary-key"_s,
                                   u"alter-needs-copy"_s,
                                   u"alter-needs-rebuild"_s};
    return rules;
}

QString humanCount(qint64 n)
{
    const double v = double(n);
    if (n < 10000)
        return QString::number(n);
    if (n < 1000000)
        return QString::number(qRound64(v / 1000)) + u'k';
    if (n < 1000000000)
        return QString::number(v / 1e6, 'f', n < 10000000 ? 1 : 0) + u'M';
    return QString::number(v / 1e9, 'f', 1) + u'G';
}

QString humanBytes(qint64 bytes)
{
    // pg_size_pretty: a unit goes up once the number reaches 10240 of it.
    static const char *units[] = {"kB", "MB", "GB", "TB"};
    if (bytes < 10240)
        return QStringLiteral("%1 bytes").arg(bytes);
    double v = double(bytes) / 1024;
    int unit = 0;
    while (v >= 10240 && unit < 3) {
        v /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(qRound64(v)).arg(QLatin1String(units[unit]));
}

namespace {

// A table as a finding names it: [schema.]name, quotes and backticks taken off.
struct TableRef {
    QString schema;
    QString name;
    QString display() const { return schema.isEmpty() ? name : schema + u'.' + name; }
    QString key() const { return display().toLower(); }
};

QString unquoted(QString s)
{
    s = s.trimmed();
    if (s.size() >= 2 && (s.front() == u'"' || s.front() == u'`' || s.front() == u'[') &&
        (s.back() == u'"' || s.back() == u'`' || s.back() == u']'))
        s = s.mid(1, s.size() - 2);
    return s;
}

TableRef tableRef(const QString &text)
{
    const qsizetype dot = text.indexOf(u'.');
    if (dot < 0)
        return {{}, unquoted(text)};
    return {unquoted(text.left(dot)), unquoted(text.mid(dot + 1))};
}

// What is known about one table (read once per lint).
struct TableFacts {
    bool read = false;
    bool exists = false;
    TableRef ref;                // as the database names it when it exists
    qint64 oid = 0;              // PostgreSQL
    std::optional<qint64> rows;  // estimate or count
    QString rowsSource;          // "statistics", "count", "count_bound"
    QString rowsNote;            // why counted: "never analyzed", "no estimate"; SQLite: none
    std::optional<qint64> bytes; // table + indexes (SQLite: the database file without dbstat)
    QString sizeWhat;            // "" or "database file"
    std::optional<QJsonArray> sessions;
    QString sessionsSource;
    QStringList notes; // facts about this table that could not be read
};

// The failure of one fact query, in words: a timeout, a lock wait, or the server's text.
QString failureText(const Error &e, int timeoutMs)
{
    const QString code = e.code;
    if (code == u"57014" || code == u"1969" || code == u"3024")
        return QStringLiteral("timed out after %1 ms").arg(timeoutMs);
    if (code == u"55P03" || code == u"1205")
        return QStringLiteral("another session holds a conflicting lock");
    return e.message;
}

using Rows = std::vector<QVariantList>;

// One dialect's fact queries. Each runs on its own (autocommit, read-only session), so one that
// fails or times out leaves the next ones unharmed.
class FactReader {
public:
    FactReader(QSqlDatabase db, const LiveLintOptions &o) : m_db(std::move(db)), m_opt(o) {}
    virtual ~FactReader() = default;

    // Read-only session and timeouts; the server's version.
    virtual Status begin(LiveLintReport &report) = 0;
    virtual void table(TableFacts &t) = 0;
    virtual void sessions(TableFacts &t) = 0;
    // The table an index belongs to, or nothing.
    virtual std::optional<TableRef> indexTable(const QString &) { return std::nullopt; }
    // Its primary key's columns (empty: none); SQLite and PostgreSQL fall back to rowid / ctid.
    virtual Result<QStringList> primaryKey(const TableFacts &t) = 0;
    virtual QString rowLocator() const { return {}; }
    virtual QString quote(const QString &identifier) const = 0;

    QString qualified(const TableRef &r) const
    {
        return r.schema.isEmpty() ? quote(r.name) : quote(r.schema) + u'.' + quote(r.name);
    }

    // The first column of every row of `sql` as text (a primary key's columns, in order).
    Result<QStringList> firstColumn(const QString &sql, const QVariantList &binds) const
    {
        auto rows = query(sql, binds);
        if (!rows)
            return rows.error();
        QStringList out;
        for (const QVariantList &r : *rows)
            out.append(r.value(0).toString());
        return out;
    }

    Result<Rows> query(const QString &sql, const QVariantList &binds = {}) const
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        bool ok = false;
        if (binds.isEmpty()) {
            ok = q.exec(sql);
        } else {
            ok = q.prepare(sql);
            if (ok) {
                for (const QVariant &b : binds)
                    q.addBindValue(b);
                ok = q.exec();
            }
        }
        if (!ok) {
            const QSqlError e = q.lastError();
            return Error(e.databaseText().isEmpty() ? e.text() : e.databaseText().trimmed())
                .as(ErrorKind::ServerError, e.nativeErrorCode());
        }
        Rows out;
        const int columns = q.record().count();
        while (q.next()) {
            QVariantList row;
            for (int c = 0; c < columns; ++c)
                row.append(q.value(c));
            out.push_back(std::move(row));
        }
        return out;
    }

    // A bounded count: rows up to `bound`, and whether the bound was reached.
    Result<std::pair<qint64, bool>> boundedCount(const TableRef &r, qint64 bound) const
    {
        auto rows = query(QStringLiteral("SELECT count(*) FROM (SELECT 1 AS x FROM %1 LIMIT %2) b")
                              .arg(qualified(r))
                              .arg(bound));
        if (!rows)
            return rows.error();
        const qint64 n = rows->empty() ? 0 : rows->front().value(0).toLongLong();
        return std::pair{n, n >= bound};
    }

protected:
    QSqlDatabase m_db;
    const LiveLintOptions &m_opt;
};

// ---- PostgreSQL ----------------------------------------------------------------------------

class PgFacts final : public FactReader {
public:
    using FactReader::FactReader;

    QString quote(const QString &identifier) const override
    {
        return u'"' + QString(identifier).replace(u'"', u"\"\""_s) + u'"';
    }
    QString rowLocator() const override { return u"ctid"_s; }

    Status begin(LiveLintReport &report) override
    {
        // One statement: read-only, bounded statements and lock waits, the version.
        // A wait for a lock ends sooner than a statement's run (then the fact says so), unless
        // the statement timeout is that short already (0: no lock_timeout of its own).
        const int lockMs = m_opt.statementTimeoutMs > 2000 ? 2000 : 0;
        auto rows = query(
            QStringLiteral("SELECT pg_catalog.current_setting('server_version_num')::int, "
                           "pg_catalog.current_setting('server_version'), "
                           "pg_catalog.set_config('default_transaction_read_only', 'on', false), "
                           "pg_catalog.set_config('statement_timeout', '%1', false), "
                           "pg_catalog.set_config('lock_timeout', '%2', false), "
                           "pg_catalog.set_config('application_name', 'retort lint', false)")
                .arg(m_opt.statementTimeoutMs)
                .arg(lockMs));
        if (!rows)
            return Error(QStringLiteral("making the lint connection read-only failed: %1")
                             .arg(rows.error().message))
                .as(ErrorKind::ServerError, rows.error().code);
        report.serverVersionNum = rows->front().value(0).toInt();
        report.serverVersion = rows->front().value(1).toString().section(u' ', 0, 0);
        return {};
    }

    void table(TableFacts &t) override
    {
        const QString regclass = qualified(t.ref);
        auto rows = query(u"SELECT c.oid::bigint, c.reltuples::float8, c.relpages, n.nspname, "
                          "c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
                          "n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass(?)"_s,
                          {regclass});
        if (!rows) {
            t.notes.append(QStringLiteral("%1: not looked up (%2)")
                               .arg(t.ref.display(), failureText(rows.error(), timeout())));
            return;
        }
        t.read = true;
        if (rows->empty())
            return;
        const QVariantList &r = rows->front();
        t.exists = true;
        t.oid = r.value(0).toLongLong();
        const double reltuples = r.value(1).toDouble();
        if (reltuples > 0) {
            t.rows = qint64(reltuples);
            t.rowsSource = u"statistics"_s;
        } else {
            // -1 (PostgreSQL 14+) or 0 (before): never analyzed, or empty. Count, bounded.
            t.rowsNote = u"never analyzed"_s;
            auto counted = boundedCount(t.ref, m_opt.countBound);
            if (counted) {
                t.rows = counted->first;
                t.rowsSource = counted->second ? u"count_bound"_s : u"count"_s;
            } else {
                t.notes.append(QStringLiteral("%1: never analyzed, and counting its rows failed "
                                              "(%2)")
                                   .arg(t.ref.display(), failureText(counted.error(), timeout())));
            }
        }
        // Opening the relation for its size waits for locks: its own query.
        auto size = query(u"SELECT pg_catalog.pg_total_relation_size(?::bigint::oid)"_s, {t.oid});
        if (size && !size->empty())
            t.bytes = size->front().value(0).toLongLong();
        else if (!size)
            t.notes.append(QStringLiteral("%1: size not read (%2)")
                               .arg(t.ref.display(), failureText(size.error(), timeout())));
    }

    void sessions(TableFacts &t) override
    {
        t.sessions = QJsonArray();
        if (!t.exists)
            return;
        auto rows =
            query(QStringLiteral(
                      "SELECT l.pid, max(a.usename::text), max(a.application_name), max(a.state), "
                      "max(a.xact_start), max(a.query_start), "
                      "max(a.wait_event_type || ': ' || a.wait_event), "
                      "string_agg(l.mode, ', ' ORDER BY l.mode) FILTER (WHERE l.granted), "
                      "string_agg(l.mode, ', ' ORDER BY l.mode) FILTER (WHERE NOT l.granted), "
                      "max(pg_catalog.left(a.query, %1)) "
                      "FROM pg_catalog.pg_locks l "
                      "LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
                      "WHERE l.locktype = 'relation' AND l.relation = ?::bigint::oid "
                      "AND l.database = (SELECT oid FROM pg_catalog.pg_database "
                      "WHERE datname = pg_catalog.current_database()) "
                      "AND l.pid IS DISTINCT FROM pg_catalog.pg_backend_pid() "
                      "GROUP BY l.pid ORDER BY bool_or(NOT l.granted), min(a.xact_start), l.pid")
                      .arg(m_opt.queryChars),
                  {t.oid});
        if (!rows) {
            t.notes.append(QStringLiteral("%1: sessions holding locks not read (%2)")
                               .arg(t.ref.display(), failureText(rows.error(), timeout())));
            t.sessions.reset();
            return;
        }
        for (const QVariantList &r : *rows) {
            QJsonObject s;
            s["table"_L1] = t.ref.display();
            s["pid"_L1] = r.value(0).isNull() ? QJsonValue() : QJsonValue(r.value(0).toLongLong());
            s["user"_L1] = r.value(1).toString();
            s["application"_L1] = r.value(2).toString();
            s["state"_L1] = r.value(3).toString();
            const QDateTime xact = r.value(4).toDateTime(), started = r.value(5).toDateTime();
            s["xact_start"_L1] = xact.isValid() ? xact.toString(Qt::ISODateWithMs) : QString();
            s["query_start"_L1] =
                started.isValid() ? started.toString(Qt::ISODateWithMs) : QString();
            const QString held = r.value(7).toString(), waiting = r.value(8).toString();
            // A holder since its transaction began; a waiter since its statement began.
            const QDateTime since = waiting.isEmpty() && xact.isValid() ? xact : started;
            s["since"_L1] = since.isValid() ? since.toString(Qt::ISODateWithMs) : QString();
            s["wait"_L1] = r.value(6).toString();
            s["held"_L1] = held;
            s["waiting"_L1] = waiting;
            s["granted"_L1] = waiting.isEmpty();
            s["query"_L1] = r.value(9).toString();
            t.sessions->append(s);
        }
    }

    std::optional<TableRef> indexTable(const QString &index) override
    {
        const TableRef ref = tableRef(index);
        auto rows = query(u"SELECT n.nspname, c.relname FROM pg_catalog.pg_index i "
                          "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
                          "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE i.indexrelid = pg_catalog.to_regclass(?)"_s,
                          {qualified(ref)});
        if (!rows || rows->empty())
            return std::nullopt;
        return TableRef{rows->front().value(0).toString(), rows->front().value(1).toString()};
    }

    Result<QStringList> primaryKey(const TableFacts &t) override
    {
        return firstColumn(
            u"SELECT a.attname FROM pg_catalog.pg_index i "
            "CROSS JOIN LATERAL pg_catalog.unnest(i.indkey) WITH ORDINALITY k(att, n) "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = k.att WHERE i.indrelid = ?::bigint::oid "
            "AND i.indisprimary ORDER BY k.n"_s,
            {t.oid});
    }

private:
    int timeout() const { return m_opt.statementTimeoutMs; }
};

// ---- MariaDB / MySQL -----------------------------------------------------------------------

class MysqlFacts final : public FactReader {
public:
    using FactReader::FactReader;

    QString quote(const QString &identifier) const override
    {
        return u'`' + QString(identifier).replace(u'`', u"``"_s) + u'`';
    }

    Status begin(LiveLintReport &report) override
    {
        auto version = query(u"SELECT VERSION(), DATABASE()"_s);
        if (!version)
            return Error(QStringLiteral("reading the server's version failed: %1")
                             .arg(version.error().message))
                .as(ErrorKind::ServerError, version.error().code);
        report.serverVersion = version->front().value(0).toString();
        m_database = version->front().value(1).toString();
        m_mariadb = report.serverVersion.contains(u"mariadb"_s, Qt::CaseInsensitive);
        const QStringList parts = report.serverVersion.section(u'-', 0, 0).split(u'.');
        report.serverVersionNum =
            parts.value(0).toInt() * 10000 + parts.value(1).toInt() * 100 + parts.value(2).toInt();
        const int seconds = std::max(1, (m_opt.statementTimeoutMs + 999) / 1000);
        QStringList setup{u"SET SESSION TRANSACTION READ ONLY"_s,
                          QStringLiteral("SET SESSION lock_wait_timeout = %1").arg(seconds)};
        setup.append(m_mariadb ? QStringLiteral("SET SESSION max_statement_time = %1")
                                     .arg(double(m_opt.statementTimeoutMs) / 1000.0)
                               : QStringLiteral("SET SESSION max_execution_time = %1")
                                     .arg(m_opt.statementTimeoutMs));
        for (const QString &sql : setup)
            if (auto r = query(sql); !r)
                return Error(QStringLiteral("making the lint connection read-only failed (%1): %2")
                                 .arg(sql, r.error().message))
                    .as(ErrorKind::ServerError, r.error().code);
        return {};
    }

    void table(TableFacts &t) override
    {
        const QString schema = t.ref.schema.isEmpty() ? m_database : t.ref.schema;
        auto rows = query(u"SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, "
                          "DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES "
                          "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"_s,
                          {schema, t.ref.name});
        if (!rows) {
            t.notes.append(
                QStringLiteral("%1: not looked up (%2)")
                    .arg(t.ref.display(), failureText(rows.error(), m_opt.statementTimeoutMs)));
            return;
        }
        t.read = true;
        if (rows->empty())
            return;
        const QVariantList &r = rows->front();
        t.exists = true;
        t.ref = {r.value(0).toString(), r.value(1).toString()};
        if (!r.value(3).isNull())
            t.bytes = r.value(3).toLongLong();
        const qint64 estimate = r.value(2).isNull() ? -1 : r.value(2).toLongLong();
        if (estimate > 0) {
            t.rows = estimate;
            t.rowsSource = u"statistics"_s;
            return;
        }
        // InnoDB's estimate lags behind fresh tables: count, bounded.
        t.rowsNote = u"no estimate"_s;
        auto counted = boundedCount(t.ref, m_opt.countBound);
        if (counted) {
            t.rows = counted->first;
            t.rowsSource = counted->second ? u"count_bound"_s : u"count"_s;
        } else {
            t.notes.append(
                QStringLiteral("%1: no row estimate, and counting its rows failed (%2)")
                    .arg(t.ref.display(), failureText(counted.error(), m_opt.statementTimeoutMs)));
        }
    }

    void sessions(TableFacts &t) override
    {
        t.sessions = QJsonArray();
        if (!t.exists)
            return;
        if (metadataLocks()) {
            auto rows = query(u"SELECT t.PROCESSLIST_ID, t.PROCESSLIST_USER, t.PROCESSLIST_HOST, "
                              "t.PROCESSLIST_COMMAND, t.PROCESSLIST_TIME, t.PROCESSLIST_STATE, "
                              "t.PROCESSLIST_INFO, m.LOCK_TYPE, m.LOCK_STATUS "
                              "FROM performance_schema.metadata_locks m "
                              "JOIN performance_schema.threads t ON t.THREAD_ID = "
                              "m.OWNER_THREAD_ID WHERE m.OBJECT_TYPE = 'TABLE' AND "
                              "m.OBJECT_SCHEMA = ? AND m.OBJECT_NAME = ? AND "
                              "t.PROCESSLIST_ID <> CONNECTION_ID()"_s,
                              {t.ref.schema, t.ref.name});
            if (rows) {
                t.sessionsSource = u"performance_schema.metadata_locks"_s;
                for (const QVariantList &r : *rows) {
                    const bool granted = r.value(8).toString() == u"GRANTED";
                    QJsonObject s = session(t, r.value(0), r.value(1), r.value(2),
                                            r.value(3).toString() + u' ' + r.value(5).toString(),
                                            r.value(4).toLongLong(), r.value(6));
                    s[granted ? "held"_L1 : "waiting"_L1] = r.value(7).toString();
                    s["granted"_L1] = granted;
                    t.sessions->append(s);
                }
                return;
            }
        }
        // Without metadata locks: the sessions on this database that wait for one, name the
        // table in their statement, or have a transaction open (which may hold one). Reading
        // INNODB_TRX needs the PROCESS privilege: without it, open transactions are not known.
        const QString select = QStringLiteral(
            "SELECT p.ID, p.USER, p.HOST, p.COMMAND, p.TIME, p.STATE, LEFT(p.INFO, %1), %2 "
            "FROM information_schema.PROCESSLIST p %3 WHERE p.ID <> CONNECTION_ID() AND "
            "p.DB = ? AND (p.STATE LIKE '%metadata lock%' OR p.INFO LIKE ?%4) ORDER BY p.ID");
        const QVariantList binds{t.ref.schema, u'%' + t.ref.name + u'%'};
        bool transactions = true;
        auto rows = query(select.arg(m_opt.queryChars)
                              .arg(u"x.trx_started"_s,
                                   u"LEFT JOIN information_schema.INNODB_TRX x ON "
                                   "x.trx_mysql_thread_id = p.ID"_s,
                                   u" OR x.trx_id IS NOT NULL"_s),
                          binds);
        if (!rows) {
            transactions = false;
            rows = query(select.arg(m_opt.queryChars).arg(u"NULL"_s, QString(), QString()), binds);
        }
        if (!rows) {
            t.notes.append(
                QStringLiteral("%1: sessions not read (%2)")
                    .arg(t.ref.display(), failureText(rows.error(), m_opt.statementTimeoutMs)));
            t.sessions.reset();
            return;
        }
        t.sessionsSource =
            transactions
                ? u"information_schema.PROCESSLIST and INNODB_TRX (performance_schema's "
                  "metadata_locks are not available: a session with an open transaction may or "
                  "may not hold a lock on the table)"_s
                : u"information_schema.PROCESSLIST (performance_schema's metadata_locks are not "
                  "available, and INNODB_TRX needs the PROCESS privilege: sessions that only "
                  "hold a lock in an open transaction are not seen)"_s;
        for (const QVariantList &r : *rows) {
            const QString state = r.value(5).toString();
            QJsonObject s =
                session(t, r.value(0), r.value(1), r.value(2), r.value(3).toString() + u' ' + state,
                        r.value(4).toLongLong(), r.value(6));
            const bool waiting = state.contains(u"metadata lock"_s);
            s["granted"_L1] = !waiting;
            s[waiting ? "waiting"_L1 : "held"_L1] = waiting ? state : u"open transaction"_s;
            if (!r.value(7).isNull())
                s["xact_start"_L1] = r.value(7).toDateTime().toString(Qt::ISODateWithMs);
            t.sessions->append(s);
        }
    }

    Result<QStringList> primaryKey(const TableFacts &t) override
    {
        return firstColumn(u"SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                           "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = "
                           "'PRIMARY' ORDER BY ORDINAL_POSITION"_s,
                           {t.ref.schema, t.ref.name});
    }

private:
    bool metadataLocks()
    {
        if (!m_metadataLocks) {
            auto on = query(u"SELECT @@performance_schema"_s);
            m_metadataLocks = on && !on->empty() && on->front().value(0).toInt() == 1;
        }
        return *m_metadataLocks;
    }
    QJsonObject session(const TableFacts &t, const QVariant &id, const QVariant &user,
                        const QVariant &host, const QString &state, qint64 seconds,
                        const QVariant &info) const
    {
        QJsonObject s;
        s["table"_L1] = t.ref.display();
        s["pid"_L1] = id.toLongLong();
        s["user"_L1] = user.toString();
        s["application"_L1] = host.toString();
        s["state"_L1] = state.trimmed();
        const QString since =
            QDateTime::currentDateTime().addSecs(-seconds).toString(Qt::ISODateWithMs);
        s["query_start"_L1] = since;
        s["since"_L1] = since;
        s["query"_L1] = info.toString().left(m_opt.queryChars);
        return s;
    }

    QString m_database;
    bool m_mariadb = false;
    std::optional<bool> m_metadataLocks;
};

// ---- SQLite --------------------------------------------------------------------------------

class SqliteFacts final : public FactReader {
public:
    SqliteFacts(QSqlDatabase db, const LiveLintOptions &o, QString file)
        : FactReader(std::move(db), o), m_file(std::move(file))
    {
    }

    QString quote(const QString &identifier) const override
    {
        return u'"' + QString(identifier).replace(u'"', u"\"\""_s) + u'"';
    }
    QString rowLocator() const override { return u"rowid"_s; }

    Status begin(LiveLintReport &report) override
    {
        if (auto r = query(u"PRAGMA query_only = 1"_s); !r)
            return Error(QStringLiteral("making the lint connection read-only failed: %1")
                             .arg(r.error().message))
                .as(ErrorKind::ServerError, r.error().code);
        auto version = query(u"SELECT sqlite_version()"_s);
        if (version && !version->empty()) {
            report.serverVersion = version->front().value(0).toString();
            const QStringList p = report.serverVersion.split(u'.');
            report.serverVersionNum =
                p.value(0).toInt() * 1000000 + p.value(1).toInt() * 1000 + p.value(2).toInt();
        }
        return {};
    }

    void table(TableFacts &t) override
    {
        const QString master =
            t.ref.schema.isEmpty() ? u"sqlite_master"_s : quote(t.ref.schema) + u".sqlite_master"_s;
        auto rows = query(
            QStringLiteral("SELECT name FROM %1 WHERE type = 'table' AND lower(name) = lower(?)")
                .arg(master),
            {t.ref.name});
        if (!rows) {
            t.notes.append(QStringLiteral("%1: not looked up (%2)")
                               .arg(t.ref.display(), rows.error().message));
            return;
        }
        t.read = true;
        if (rows->empty())
            return;
        t.exists = true;
        t.ref.name = rows->front().value(0).toString();
        auto counted = boundedCount(t.ref, m_opt.countBound);
        if (counted) {
            t.rows = counted->first;
            t.rowsSource = counted->second ? u"count_bound"_s : u"count"_s;
        } else {
            t.notes.append(QStringLiteral("%1: counting its rows failed (%2)")
                               .arg(t.ref.display(), counted.error().message));
        }
        // dbstat (when SQLite was built with it) knows the table's pages; else the whole file.
        auto pages = query(u"SELECT sum(pgsize) FROM dbstat WHERE name = ?"_s, {t.ref.name});
        if (pages && !pages->empty() && !pages->front().value(0).isNull()) {
            t.bytes = pages->front().value(0).toLongLong();
        } else if (QFileInfo info(m_file); info.exists()) {
            t.bytes = info.size();
            t.sizeWhat = u"database file"_s;
        }
    }

    void sessions(TableFacts &t) override { t.sessions = QJsonArray(); }

    Result<QStringList> primaryKey(const TableFacts &t) override
    {
        return firstColumn(QStringLiteral("SELECT name FROM pragma_table_info(?) WHERE pk > 0 "
                                          "ORDER BY pk"),
                           {t.ref.name});
    }

private:
    QString m_file;
};

// ---- The facts of the findings -------------------------------------------------------------

class LiveLinter {
public:
    LiveLinter(FactReader *reader, const LiveLintOptions &o, const QHash<QString, LintLevel> &lv,
               const CancelToken *cancel, LiveLintReport &report)
        : m_reader(reader), m_opt(o), m_levels(lv), m_cancel(cancel), m_report(report)
    {
    }

    Status run()
    {
        for (LintFinding &f : m_report.report.findings) {
            if (cancelled())
                return Error(QStringLiteral("lint cancelled")).as(ErrorKind::Cancelled);
            finding(f);
        }
        if (cancelled())
            return Error(QStringLiteral("lint cancelled")).as(ErrorKind::Cancelled);
        for (const QString &n : m_notes)
            if (!m_report.notes.contains(n))
                m_report.notes.append(n);
        return {};
    }

private:
    bool cancelled() const { return m_cancel && m_cancel->isCancelled(); }

    TableFacts &table(const TableRef &ref)
    {
        auto it = m_tables.find(ref.key());
        if (it != m_tables.end())
            return *it;
        TableFacts &t = m_tables[ref.key()];
        t.ref = ref;
        if (!m_reader) { // a SQLite file that does not exist yet: every table is new
            t.read = true;
            return t;
        }
        m_reader->table(t);
        if (!cancelled())
            m_reader->sessions(t);
        for (const QString &n : std::as_const(t.notes))
            m_notes.append(n);
        return t;
    }

    // A fact of this finding that could not be read: in its facts, and (`report`) the report's.
    void note(LintFinding &f, const QString &text, bool report = true)
    {
        QJsonArray notes = f.facts["live_notes"_L1].toArray();
        notes.append(text);
        f.facts["live_notes"_L1] = notes;
        if (report)
            m_notes.append(text);
    }

    void setLevel(LintFinding &f, LintLevel level, const QString &reason)
    {
        if (!f.facts.contains("offline_level"_L1))
            f.facts["offline_level"_L1] = lintLevelName(f.level);
        f.facts["level_reason"_L1] = reason;
        f.level = level;
    }

    void finding(LintFinding &f)
    {
        // The tables: "tables" (all locked), else "table"; "index": its table, looked up.
        QStringList names;
        for (const QJsonValue &v : f.facts["tables"_L1].toArray())
            names.append(v.toString());
        const QString main = f.facts["table"_L1].toString();
        if (!main.isEmpty() && !names.contains(main))
            names.prepend(main);
        if (names.isEmpty() && f.facts.contains("index"_L1) && m_reader) {
            if (auto owner = m_reader->indexTable(f.facts["index"_L1].toString())) {
                names.append(owner->display());
                f.facts["table"_L1] = owner->display();
            }
        }
        if (names.isEmpty())
            return;
        QStringList sentences;
        QJsonArray sessions;
        for (const QString &name : std::as_const(names)) {
            if (cancelled())
                return;
            const TableFacts &t = table(tableRef(name)); // valid until the next insertion
            if (t.sessions)
                for (const QJsonValue &s : *t.sessions)
                    sessions.append(s);
            for (const QString &n : t.notes)
                note(f, n, false); // the report has them once, from table()
            if (!t.sessionsSource.isEmpty())
                f.facts["sessions_source"_L1] = t.sessionsSource;
        }
        // The first table is the one the statement works on (its size, its data).
        const TableFacts t = m_tables.value(tableRef(names.first()).key());
        if (t.read && !t.exists) {
            f.facts["new_table"_L1] = true;
        } else if (t.exists) {
            if (t.rows) {
                f.facts["rows"_L1] = double(*t.rows);
                f.facts["rows_source"_L1] = t.rowsSource;
                if (!t.rowsNote.isEmpty())
                    f.facts["rows_note"_L1] = t.rowsNote;
            }
            if (t.bytes) {
                f.facts["size_bytes"_L1] = double(*t.bytes);
                f.facts["size"_L1] = humanBytes(*t.bytes);
                if (!t.sizeWhat.isEmpty())
                    f.facts["size_of"_L1] = t.sizeWhat;
            }
        }
        if (t.read)
            f.facts["sessions"_L1] = sessions;

        sizeLevel(f, t, sentences);
        // A statement the data makes fail is an error whatever the size: that is all it says.
        QStringList failure;
        dataCheck(f, t, failure);
        if (!failure.isEmpty())
            sentences = failure;
        if (!sessions.isEmpty())
            sentences.append(sessionSentence(sessions));
        if (!sentences.isEmpty())
            f.message += u"; "_s + sentences.join(u"; "_s);
    }

    void sizeLevel(LintFinding &f, const TableFacts &t, QStringList &sentences)
    {
        if (!sizeScaledRules().contains(f.rule) || m_levels.contains(f.rule))
            return;
        const QString name = t.ref.display();
        if (t.read && !t.exists) {
            const QString why =
                QStringLiteral("%1 does not exist yet (created earlier in the plan): new, empty")
                    .arg(name);
            setLevel(f, LintLevel::Notice, why);
            sentences.append(why + u": a notice"_s);
            return;
        }
        if (!t.rows)
            return;
        const qint64 rows = *t.rows;
        const QString counted =
            t.rowsSource == u"statistics"
                ? QStringLiteral("~%1 rows").arg(humanCount(rows))
                : QStringLiteral("%1%2 rows (%3counted)")
                      .arg(t.rowsSource == u"count_bound" ? u"at least "_s : QString(),
                           humanCount(rows),
                           t.rowsNote.isEmpty() ? QString() : t.rowsNote + u": "_s);
        if (rows >= m_opt.bigRows) {
            const QString why = QStringLiteral("%1 has %2 (%3 or more)")
                                    .arg(name, counted, humanCount(m_opt.bigRows));
            setLevel(f, LintLevel::Error, why);
            sentences.append(why + u": an error"_s);
        } else if (rows < m_opt.smallRows) {
            const QString why = QStringLiteral("%1 has %2 (under %3)")
                                    .arg(name, counted, humanCount(m_opt.smallRows));
            setLevel(f, LintLevel::Notice, why);
            sentences.append(why + u": a notice"_s);
        }
    }

    // Example values of a row: "id 3" / "(1, 'x')".
    static QString valueText(const QVariant &v) { return v.isNull() ? u"NULL"_s : v.toString(); }

    void dataCheck(LintFinding &f, const TableFacts &t, QStringList &sentences)
    {
        const QString check = f.facts["data_check"_L1].toString();
        if (check.isEmpty() || !t.exists || !m_reader || cancelled())
            return;
        if (check == u"not_null")
            nulls(f, t, sentences);
        else if (check == u"unique")
            duplicates(f, t, sentences);
        else if (check == u"has_rows")
            hasRows(f, t, sentences);
    }

    void nulls(LintFinding &f, const TableFacts &t, QStringList &sentences)
    {
        const QString column = f.facts["column"_L1].toString();
        if (column.isEmpty())
            return;
        const QString table = m_reader->qualified(t.ref);
        const QString col = m_reader->quote(unquoted(column));
        auto count = m_reader->query(
            QStringLiteral("SELECT count(*) FROM %1 WHERE %2 IS NULL").arg(table, col));
        if (!count) {
            note(f, QStringLiteral("%1.%2: NULLs not counted (%3)")
                        .arg(t.ref.display(), column,
                             failureText(count.error(), m_opt.statementTimeoutMs)));
            return;
        }
        const qint64 n = count->front().value(0).toLongLong();
        QJsonObject nulls{{"count"_L1, double(n)}};
        if (n > 0 && !cancelled()) {
            // Examples by primary key, else by the row's physical locator (ctid, rowid).
            auto pk = m_reader->primaryKey(t);
            QStringList key = pk ? *pk : QStringList();
            QStringList select;
            for (const QString &k : std::as_const(key))
                select.append(m_reader->quote(k));
            if (select.isEmpty() && !m_reader->rowLocator().isEmpty()) {
                key = {m_reader->rowLocator()};
                select = {m_reader->rowLocator() +
                          (m_reader->rowLocator() == u"ctid" ? u"::text"_s : QString())};
            }
            if (!select.isEmpty()) {
                auto examples = m_reader->query(
                    QStringLiteral("SELECT %1 FROM %2 WHERE %3 IS NULL ORDER BY %1 LIMIT %4")
                        .arg(select.join(u", "_s), table, col)
                        .arg(m_opt.examples));
                QJsonArray list;
                if (examples)
                    for (const QVariantList &r : *examples) {
                        QStringList values;
                        for (const QVariant &v : r)
                            values.append(valueText(v));
                        list.append(values.join(u", "_s));
                    }
                nulls["key"_L1] = QJsonArray::fromStringList(key);
                nulls["examples"_L1] = list;
            }
        }
        f.facts["nulls"_L1] = nulls;
        if (n == 0)
            return;
        QStringList shown;
        for (const QJsonValue &v : nulls["examples"_L1].toArray())
            shown.append(v.toString());
        const QString why =
            QStringLiteral("%1 row(s) of %2 have NULL in %3%4: the statement will fail")
                .arg(n)
                .arg(t.ref.display(), column,
                     shown.isEmpty()
                         ? QString()
                         : QStringLiteral(" (%1 %2)")
                               .arg(nulls["key"_L1].toVariant().toStringList().join(u", "_s),
                                    shown.join(u"; "_s)));
        setLevel(f, LintLevel::Error, why);
        sentences.append(why);
    }

    void duplicates(LintFinding &f, const TableFacts &t, QStringList &sentences)
    {
        QStringList columns;
        for (const QJsonValue &v : f.facts["columns"_L1].toArray())
            columns.append(unquoted(v.toString()));
        if (columns.isEmpty())
            return;
        QStringList quoted, notNull;
        for (const QString &c : std::as_const(columns)) {
            quoted.append(m_reader->quote(c));
            notNull.append(m_reader->quote(c) + u" IS NOT NULL"_s);
        }
        // NULLs are never equal: they are no duplicates for UNIQUE.
        const QString groups =
            QStringLiteral("SELECT %1, count(*) AS n FROM %2 WHERE %3 GROUP BY "
                           "%1 HAVING count(*) > 1")
                .arg(quoted.join(u", "_s), m_reader->qualified(t.ref), notNull.join(u" AND "_s));
        auto count = m_reader->query(QStringLiteral("SELECT count(*) FROM (%1) d").arg(groups));
        if (!count) {
            note(f, QStringLiteral("%1 (%2): duplicates not counted (%3)")
                        .arg(t.ref.display(), columns.join(u", "_s),
                             failureText(count.error(), m_opt.statementTimeoutMs)));
            return;
        }
        const qint64 n = count->front().value(0).toLongLong();
        QJsonObject dup{{"groups"_L1, double(n)},
                        {"columns"_L1, QJsonArray::fromStringList(columns)}};
        QStringList shown;
        if (n > 0 && !cancelled()) {
            auto examples = m_reader->query(
                QStringLiteral("%1 ORDER BY n DESC, 1 LIMIT %2").arg(groups).arg(m_opt.examples));
            QJsonArray list;
            if (examples)
                for (const QVariantList &r : *examples) {
                    QJsonArray values;
                    QStringList text;
                    for (int i = 0; i < columns.size(); ++i) {
                        values.append(valueText(r.value(i)));
                        text.append(valueText(r.value(i)));
                    }
                    const qint64 times = r.value(columns.size()).toLongLong();
                    list.append(QJsonObject{{"values"_L1, values}, {"count"_L1, double(times)}});
                    shown.append(QStringLiteral("%1 ×%2").arg(text.join(u", "_s)).arg(times));
                }
            dup["examples"_L1] = list;
        }
        f.facts["duplicates"_L1] = dup;
        if (n == 0)
            return;
        const QString why =
            QStringLiteral("%1 value(s) of %2 (%3) occur more than once%4: the statement will fail")
                .arg(n)
                .arg(t.ref.display(), columns.join(u", "_s),
                     shown.isEmpty() ? QString() : u" ("_s + shown.join(u"; "_s) + u')');
        setLevel(f, LintLevel::Error, why);
        sentences.append(why);
    }

    void hasRows(LintFinding &f, const TableFacts &t, QStringList &sentences)
    {
        bool any = t.rows && *t.rows > 0 && t.rowsSource != u"statistics";
        if (!any) {
            auto counted = m_reader->boundedCount(t.ref, 1);
            if (!counted) {
                note(f, QStringLiteral("%1: whether it has rows was not read (%2)")
                            .arg(t.ref.display(),
                                 failureText(counted.error(), m_opt.statementTimeoutMs)));
                return;
            }
            any = counted->first > 0;
        }
        f.facts["has_rows"_L1] = any;
        if (!any || m_levels.contains(f.rule))
            return;
        const QString why =
            QStringLiteral("%1 has rows: the statement will fail").arg(t.ref.display());
        setLevel(f, LintLevel::Error, why);
        sentences.append(why);
    }

    static QString sessionSentence(const QJsonArray &sessions)
    {
        QStringList pids;
        for (const QJsonValue &s : sessions)
            pids.append(QStringLiteral("pid %1").arg(s["pid"_L1].toVariant().toLongLong()));
        return QStringLiteral("%1 session(s) hold or wait for a lock on %2 (%3): the statement "
                              "waits for them, and what comes after waits for it")
            .arg(sessions.size())
            .arg(sessions.first()["table"_L1].toString(), pids.join(u", "_s));
    }

    FactReader *m_reader; // null: a SQLite database that does not exist yet
    const LiveLintOptions &m_opt;
    const QHash<QString, LintLevel> &m_levels;
    const CancelToken *m_cancel;
    LiveLintReport &m_report;
    QHash<QString, TableFacts> m_tables;
    QStringList m_notes;
};

} // namespace

QString liveFactsSummary(const LintFinding &f)
{
    QStringList parts;
    const QString table = f.facts["table"_L1].toString();
    if (f.facts["new_table"_L1].toBool()) {
        parts.append(QStringLiteral("%1: new, empty").arg(table));
    } else if (f.facts.contains("rows"_L1) || f.facts.contains("size"_L1)) {
        QStringList what;
        if (f.facts.contains("rows"_L1)) {
            const qint64 rows = qint64(f.facts["rows"_L1].toDouble());
            const QString source = f.facts["rows_source"_L1].toString();
            const QString note = f.facts["rows_note"_L1].toString();
            what.append(source == u"statistics"
                            ? QStringLiteral("~%1 rows").arg(humanCount(rows))
                            : QStringLiteral("%1%2 rows (%3counted)")
                                  .arg(humanCount(rows),
                                       source == u"count_bound" ? u"+"_s : QString(),
                                       note.isEmpty() ? QString() : note + u": "_s));
        }
        if (f.facts.contains("size"_L1))
            what.append(f.facts.contains("size_of"_L1)
                            ? QStringLiteral("%1 %2").arg(f.facts["size"_L1].toString(),
                                                          f.facts["size_of"_L1].toString())
                            : f.facts["size"_L1].toString());
        parts.append(table + u": "_s + what.join(u", "_s));
    }
    const QJsonArray sessions = f.facts["sessions"_L1].toArray();
    if (!sessions.isEmpty()) {
        QStringList each;
        bool waiting = false;
        for (const QJsonValue &s : sessions) {
            waiting = waiting || !s["granted"_L1].toBool(true);
            QString line = QStringLiteral("pid %1").arg(s["pid"_L1].toVariant().toLongLong());
            if (!s["user"_L1].toString().isEmpty())
                line += u' ' + s["user"_L1].toString();
            const QString query = s["query"_L1].toString().simplified();
            if (!query.isEmpty())
                line += QStringLiteral(" '%1'").arg(query.size() > 40 ? query.left(37) + u"..."_s
                                                                      : query);
            const QDateTime since = QDateTime::fromString(s["since"_L1].toString(), Qt::ISODate);
            if (since.isValid())
                line += u" since "_s + since.toLocalTime().toString(u"HH:mm"_s);
            each.append(line);
        }
        parts.append(QStringLiteral("%1 session%2 %3: %4")
                         .arg(sessions.size())
                         .arg(sessions.size() == 1 ? QString() : u"s"_s,
                              waiting ? u"holding or waiting for a lock"_s : u"holding a lock"_s,
                              each.join(u", "_s)));
    }
    if (const QJsonArray locks = f.facts["locks_taken"_L1].toArray(); !locks.isEmpty()) {
        // Grouped by relation, in the probe's order: "AccessExclusiveLock + ShareLock on t".
        QStringList relations;
        QHash<QString, QStringList> modes;
        for (const QJsonValue &l : locks) {
            const QString relation = l["relation"_L1].toString();
            if (!relations.contains(relation))
                relations.append(relation);
            modes[relation].append(l["mode"_L1].toString());
        }
        QStringList each;
        for (const QString &relation : std::as_const(relations))
            each.append(modes.value(relation).join(u" + "_s) + u" on "_s + relation);
        parts.append(u"takes "_s + each.join(u", "_s) + u" (probed)"_s);
    }
    if (f.facts.contains("nulls"_L1)) {
        const QJsonObject n = f.facts["nulls"_L1].toObject();
        parts.append(QStringLiteral("%1 NULL(s) in %2")
                         .arg(qint64(n["count"_L1].toDouble()))
                         .arg(f.facts["column"_L1].toString()));
    }
    if (f.facts.contains("duplicates"_L1)) {
        const QJsonObject d = f.facts["duplicates"_L1].toObject();
        parts.append(
            QStringLiteral("%1 duplicated value(s)").arg(qint64(d["groups"_L1].toDouble())));
    }
    return parts.join(u"; "_s);
}

namespace {

// Opens `env`, reads its version, makes the report for that version (`lint`), adds the facts.
Result<LiveLintReport> lintLive(const Environment &env, const ConnectionSecrets &secrets,
                                const QHash<QString, LintLevel> &levels,
                                const LiveLintOptions &options, const CancelToken *cancel,
                                const std::function<LintReport(int)> &lint)
{
    if (cancel && cancel->isCancelled())
        return Error(QStringLiteral("lint cancelled")).as(ErrorKind::Cancelled);
    ScopedConnection conn;
    auto dialect = openForReading(conn, env, secrets);
    if (!dialect)
        return dialect.error();
    LiveLintReport out;
    std::unique_ptr<FactReader> reader;
    if (*dialect) {
        switch ((*dialect)->kind()) {
        case DialectKind::Postgresql:
            reader = std::make_unique<PgFacts>(conn.db(), options);
            break;
        case DialectKind::Mysql:
            reader = std::make_unique<MysqlFacts>(conn.db(), options);
            break;
        case DialectKind::Sqlite:
            reader = std::make_unique<SqliteFacts>(conn.db(), options, env.database);
            break;
        }
        if (auto st = reader->begin(out); !st)
            return conn.explainTunnelLoss(st).error();
    } // else a SQLite file that does not exist yet: every table is new (LiveLinter)
    // The version-aware rules judge by the server's version (PostgreSQL's server_version_num;
    // the MySQL rules read theirs from the same field). SQLite's version is no server's.
    out.report = lint(env.driver == u"sqlite" ? 0 : out.serverVersionNum);
    LiveLinter linter(reader.get(), options, levels, cancel, out);
    if (auto st = linter.run(); !st)
        return st.error();
    if (conn.tunnelLost())
        out.notes.append(
            QStringLiteral("the tunnel to %1 was lost: %2").arg(env.name, conn.tunnelLostReason()));
    return out;
}

// ---- The measured lock probe ---------------------------------------------------------------

// Runs `sql` on `db`; the error, if any, with the server's code.
Status execOn(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return {};
    const QSqlError e = q.lastError();
    return Error(e.databaseText().isEmpty() ? e.text() : e.databaseText().trimmed())
        .as(ErrorKind::ServerError, e.nativeErrorCode());
}

QString probeKey(const QString &revision, const QString &section, const QString &statement)
{
    return revision + u'\x1f' + section + u'\x1f' + statement.trimmed();
}

// What the probe found for one statement: its locks, or why it has none.
struct ProbedStatement {
    QJsonArray locks;
    QString note;
};

// Replays the plan's earlier revisions into `db` (up to the rows the plan starts from).
Status replayTo(const Workspace &ws, const QSqlDatabase &db, const QStringList &rowsBefore,
                const LiveLintOptions &options)
{
    MigratorOptions mo;
    mo.versionTable = ws.project().versionTableName();
    mo.displayRoot = ws.project().root;
    mo.lock = MigratorOptions::LockMode::None;
    mo.auditTrail = false;
    QStringList rows;
    for (const QString &target : rowsBefore) {
        PlanRequest request;
        request.action = MigrationAction::Upgrade;
        request.targets = {target};
        request.alembicProgram = options.alembicProgram;
        Result<PlannedRun> planned = makePlan(ws, u"postgresql"_s, rows, request);
        if (!planned)
            return planned.error();
        if (!planned->plan.steps.empty()) {
            Migrator migrator(db, Dialect::postgresql(), mo);
            if (Status st = migrator.run(planned->plan); !st)
                return st;
        }
        rows = planned->plan.headsAfter;
    }
    return {};
}

// Probes every statement of `plan` on `db` (already at the plan's starting point).
QHash<QString, ProbedStatement> probeStatements(const QSqlDatabase &db, const Plan &plan,
                                                const CancelToken *cancel, QStringList &notes)
{
    QHash<QString, ProbedStatement> out;
    const QString locksSql =
        u"SELECT n.nspname, c.relname, l.mode, c.oid::bigint FROM pg_catalog.pg_locks l "
        "JOIN pg_catalog.pg_class c ON c.oid = l.relation "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted "
        "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1, 2, 3"_s;
    for (const PlanStep &step : plan.steps) {
        if (step.stamp || !step.script || step.script->isPython())
            continue;
        const bool up = step.direction == Direction::Upgrade;
        const QString section = up ? u"upgrade"_s : u"downgrade"_s;
        const ScriptSection sql = up ? step.script->upgradeFor(u"postgresql"_s)
                                     : step.script->downgradeFor(u"postgresql"_s);
        for (const Statement &st : splitStatements(sql.sql, Dialect::postgresql())) {
            if (cancel && cancel->isCancelled())
                return out;
            ProbedStatement probed;
            // The relations before the statement: locks on what it creates concern nobody else.
            QSet<qint64> existing;
            {
                QSqlQuery q(db);
                if (q.exec(u"SELECT oid::bigint FROM pg_catalog.pg_class"_s))
                    while (q.next())
                        existing.insert(q.value(0).toLongLong());
            }
            Status ran = execOn(db, u"BEGIN"_s);
            if (ran)
                ran = execOn(db, st.text);
            if (ran) {
                QSqlQuery q(db);
                if (q.exec(locksSql))
                    while (q.next()) {
                        if (!existing.contains(q.value(3).toLongLong()))
                            continue;
                        const QString schema = q.value(0).toString();
                        probed.locks.append(QJsonObject{
                            {"relation"_L1, schema == u"public"
                                                ? q.value(1).toString()
                                                : schema + u'.' + q.value(1).toString()},
                            {"mode"_L1, q.value(2).toString()}});
                    }
            } else if (ran.error().code == u"25001") {
                probed.note = u"runs outside a transaction: run, not probed"_s;
            }
            (void)execOn(db, u"ROLLBACK"_s);
            if (!ran && ran.error().code != u"25001") {
                notes.append(
                    QStringLiteral("lock probe: revision %1 failed at `%2` on the scratch "
                                   "database (%3); the statements after it are not "
                                   "probed")
                        .arg(step.revision, st.text.simplified().left(60), ran.error().message));
                return out;
            }
            // For real, so that the next statement finds what this one made.
            if (Status real = execOn(db, st.text); !real) {
                notes.append(
                    QStringLiteral("lock probe: revision %1: `%2` failed on the scratch "
                                   "database (%3); the statements after it are not "
                                   "probed")
                        .arg(step.revision, st.text.simplified().left(60), real.error().message));
                out.insert(probeKey(step.revision, section, st.text), probed);
                return out;
            }
            out.insert(probeKey(step.revision, section, st.text), probed);
        }
    }
    return out;
}

// The lock probe (LiveLintOptions::lockProbe) for `report`'s findings.
void probeLocks(const Workspace &ws, const Environment &env, const Plan &plan,
                const LiveLintOptions &options, const CancelToken *cancel, LiveLintReport &report)
{
    auto note = [&](const QString &text) { report.notes.append(u"lock probe: "_s + text); };
    if (env.driver != u"postgresql")
        return note(u"PostgreSQL only"_s);
    if (!options.scratch)
        return note(u"the project names no scratch server (`scratch` in retort.toml)"_s);
    if (options.scratch->environment.driver != u"postgresql")
        return note(QStringLiteral("the scratch server %1 is no PostgreSQL server")
                        .arg(options.scratch->environment.name));
    auto scratch = ScratchDatabase::createOnServer(*options.scratch, cancel);
    if (!scratch)
        return note(scratch.error().message);
    QHash<QString, ProbedStatement> probed;
    {
        ScopedConnection conn;
        if (Status st = conn.open((*scratch)->environment(), false, (*scratch)->secrets()); !st)
            return note(st.error().message);
        if (Status st = replayTo(ws, conn.db(), plan.headsBefore, options); !st)
            return note(QStringLiteral("replaying the revisions before the plan failed: %1")
                            .arg(st.error().message));
        QStringList notes;
        probed = probeStatements(conn.db(), plan, cancel, notes);
        report.notes += notes;
    }
    (void)(*scratch)->drop();
    for (LintFinding &f : report.report.findings) {
        const auto it = probed.constFind(probeKey(f.revision, f.section, f.statement));
        if (it == probed.constEnd())
            continue;
        if (!it->note.isEmpty())
            f.facts["locks_taken_note"_L1] = it->note;
        else
            f.facts["locks_taken"_L1] = it->locks;
    }
}

} // namespace

Result<LiveLintReport> lintPlanLive(const Workspace &ws, const Environment &env,
                                    const ConnectionSecrets &secrets, const Plan &plan,
                                    const LiveLintOptions &options, const CancelToken *cancel)
{
    auto levels = projectLintLevels(ws.project());
    if (!levels)
        return levels.error();
    auto out = lintLive(env, secrets, *levels, options, cancel, [&](int version) {
        LintOptions lint;
        lint.driver = env.driver;
        lint.levels = *levels;
        lint.serverVersionNum = version;
        return lintPlan(plan, lint);
    });
    if (out && options.lockProbe && !(cancel && cancel->isCancelled()))
        probeLocks(ws, env, plan, options, cancel, *out);
    return out;
}

Result<LiveLintReport> lintFindingsLive(const Environment &env, const ConnectionSecrets &secrets,
                                        const LintReport &report,
                                        const QHash<QString, LintLevel> &levels,
                                        const LiveLintOptions &options, const CancelToken *cancel)
{
    return lintLive(env, secrets, levels, options, cancel, [&](int) { return report; });
}

} // namespace retort
