#include "schema/MysqlInspector.h"

#include "db/ServerCanceller.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace retort {

namespace {

// Polls the CancelToken while the inspection runs and, on a cancel during a statement, asks the
// server to stop it through a ServerCanceller (KILL QUERY from a second connection). Created and
// destroyed in the thread that owns the connection.
class CancelWatch final {
public:
    CancelWatch(const CancelToken *cancel, detail::ServerCanceller::Target target)
        : m_cancel(cancel), m_canceller(std::move(target), &m_active)
    {
        if (m_cancel)
            m_thread = std::thread([this] { loop(); });
    }
    ~CancelWatch()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
        m_canceller.stop();
    }
    CancelWatch(const CancelWatch &) = delete;
    CancelWatch &operator=(const CancelWatch &) = delete;

    std::atomic<bool> &active() { return m_active; }

private:
    void loop()
    {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, std::chrono::milliseconds(50), [this] { return m_stop; })) {
            if (m_cancel->isCancelled() && m_active.load()) {
                m_canceller.trigger();
                return;
            }
        }
    }

    const CancelToken *m_cancel;
    std::atomic<bool> m_active{false};
    detail::ServerCanceller m_canceller;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false; // guarded by m_mutex
    std::thread m_thread;
};

// `code`: the server's error for the interrupted statement (1317), when there was one.
Error cancelled(const QString &code = {})
{
    return Error(QStringLiteral("schema inspection cancelled")).as(ErrorKind::Cancelled, code);
}

// One inspection's connection: runs statements, with the cancel watch when there is one.
struct Session {
    const QSqlDatabase &db;
    const CancelToken *cancel;
    CancelWatch *watch = nullptr;

    // Runs one statement; `row` is called for each result row. `what` names it in errors.
    template <typename Row> Status run(const QString &what, const QString &sql, Row row)
    {
        if (cancel && cancel->isCancelled())
            return cancelled();
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (watch)
            watch->active().store(true);
        const bool ok = q.exec(sql);
        if (watch)
            watch->active().store(false);
        if (!ok) {
            const QSqlError e = q.lastError();
            if (cancel && cancel->isCancelled())
                return cancelled(e.nativeErrorCode());
            QString text = e.databaseText().isEmpty() ? e.text() : e.databaseText();
            if (e.nativeErrorCode() == u"1205")
                text += QStringLiteral(" (another session holds a lock on an object it reads; "
                                       "nothing was waited on longer than lock_wait_timeout)");
            return Error(QStringLiteral("reading the schema failed at %1: %2 (error %3)")
                             .arg(what, text, e.nativeErrorCode()))
                .as(ErrorKind::ServerError, e.nativeErrorCode());
        }
        while (q.next())
            row(q);
        return {};
    }
    Status run(const QString &what, const QString &sql)
    {
        return run(what, sql, [](const QSqlQuery &) {});
    }
};

QString str(const QSqlQuery &q, int i)
{
    return q.value(i).toString();
}

std::optional<qint64> number(const QSqlQuery &q, int i)
{
    const QVariant v = q.value(i);
    if (v.isNull())
        return std::nullopt;
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    return ok ? std::optional<qint64>(n) : std::nullopt;
}

// "user@host" (information_schema's DEFINER) as SHOW CREATE prints it: `user`@`host`.
QString definer(const QString &text)
{
    const qsizetype at = text.lastIndexOf(u'@');
    if (at < 0)
        return mysqlQuoteIdent(text);
    return mysqlQuoteIdent(text.left(at)) + u'@' + mysqlQuoteIdent(text.mid(at + 1));
}

// `text` without the qualifier "`db`." wherever it occurs outside string literals: information_
// schema's VIEW_DEFINITION qualifies every name, SHOW CREATE VIEW does not for its own database.
QString withoutQualifier(const QString &text, const QString &db)
{
    const QString qualifier = mysqlQuoteIdent(db) + u'.';
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size();) {
        const QChar c = text[i];
        if (c == u'\'' || c == u'"') { // a string literal: copied as is
            const qsizetype start = i++;
            while (i < text.size()) {
                if (text[i] == u'\\') {
                    i += 2;
                } else if (text[i] == c) {
                    ++i;
                    if (i < text.size() && text[i] == c)
                        ++i; // a doubled quote
                    else
                        break;
                } else {
                    ++i;
                }
            }
            out += QStringView(text).mid(start, std::min(i, text.size()) - start);
        } else if (c == u'`') {
            if (QStringView(text).mid(i).startsWith(qualifier)) {
                i += qualifier.size();
                continue;
            }
            const qsizetype start = i++;
            while (i < text.size()) { // a quoted name, `` inside it doubled
                if (text[i] == u'`' && i + 1 < text.size() && text[i + 1] == u'`')
                    i += 2;
                else if (text[i++] == u'`')
                    break;
            }
            out += QStringView(text).mid(start, i - start);
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

// A column as read, with what the DDL needs beyond the model.
struct ColumnRow {
    SchemaColumn column;
    int position = 0;
    QString rawDefault; // COLUMN_DEFAULT as the server printed it (null: none)
    bool rawDefaultNull = true;
    QString charset;
    QString onUpdate; // "current_timestamp()" for ON UPDATE current_timestamp()
    bool invisible = false;
    QString inlineCheck; // a column-level CHECK's clause
};

struct IndexRow {
    SchemaIndex index;
    QStringList quotedParts; // "`name`(10)", "`d` DESC"
    QString comment;
};

struct CheckRow {
    SchemaCheck check;
    bool columnLevel = false;
    QString column;
};

// Everything read about one table or view, kept while the statements are read.
struct RelationRow {
    SchemaRelation relation;
    QString collation;
    QString charset;
    QString createOptions;
    std::optional<qint64> autoIncrement;
    std::vector<ColumnRow> columns;
    std::vector<IndexRow> indexes; // in the server's key order
    std::vector<CheckRow> checks;  // in the server's order
    QString viewDefiner, viewSecurity, viewAlgorithm, viewCheckOption;
    struct Partition {
        QString name, description;
    };
    QString partitionMethod, partitionExpression;
    std::vector<Partition> partitions;
};

struct Catalog {
    QString database;
    bool mariadb = true;
    std::vector<RelationRow> relations;
    QHash<QString, size_t> byName;
    QStringList sequenceNames;
    QHash<QString, QString> sequenceEngine;
    bool anyPartitioned = false;

    RelationRow *find(const QString &name)
    {
        const auto it = byName.constFind(name);
        return it == byName.constEnd() ? nullptr : &relations[*it];
    }
};

bool isTimestamp(const QString &type)
{
    return type.startsWith(u"timestamp", Qt::CaseInsensitive);
}

QString normalizedDefault(const Catalog &cat, const QSqlQuery &q, int i, const QString &extra,
                          bool *isNull)
{
    const QVariant v = q.value(i);
    *isNull = v.isNull();
    if (*isNull)
        return {};
    const QString text = v.toString();
    if (cat.mariadb)
        return text;
    // MySQL: literals unquoted, expressions flagged DEFAULT_GENERATED.
    if (extra.contains(u"DEFAULT_GENERATED", Qt::CaseInsensitive)) {
        if (text.startsWith(u"CURRENT_TIMESTAMP", Qt::CaseInsensitive) ||
            text.startsWith(u"now(", Qt::CaseInsensitive))
            return text;
        return u'(' + text + u')';
    }
    return mysqlQuoteString(text);
}

Status readTables(Session &s, Catalog &cat)
{
    return s.run(
        QStringLiteral("information_schema.TABLES"),
        QStringLiteral("SELECT t.TABLE_NAME, t.TABLE_TYPE, t.ENGINE, t.TABLE_ROWS, t.DATA_LENGTH, "
                       "t.INDEX_LENGTH, t.TABLE_COLLATION, c.CHARACTER_SET_NAME, t.TABLE_COMMENT, "
                       "t.CREATE_OPTIONS, t.AUTO_INCREMENT FROM information_schema.TABLES t LEFT "
                       "JOIN information_schema.COLLATIONS c ON c.COLLATION_NAME = "
                       "t.TABLE_COLLATION WHERE t.TABLE_SCHEMA = DATABASE()"),
        [&](const QSqlQuery &q) {
            const QString name = str(q, 0);
            const QString type = str(q, 1);
            if (type == u"SEQUENCE") {
                cat.sequenceNames.append(name);
                cat.sequenceEngine.insert(name, str(q, 2));
                return;
            }
            RelationRow row;
            SchemaRelation &r = row.relation;
            r.schema = cat.database;
            r.name = name;
            r.kind = type == u"VIEW" ? RelationKind::View : RelationKind::Table;
            if (r.kind == RelationKind::Table) {
                r.engine = str(q, 2);
                r.rowsEstimate = number(q, 3);
                const auto data = number(q, 4);
                const auto index = number(q, 5);
                if (data || index)
                    r.sizeBytes = data.value_or(0) + index.value_or(0);
                row.collation = str(q, 6);
                row.charset = q.value(7).isNull() ? row.collation.section(u'_', 0, 0) : str(q, 7);
                r.comment = str(q, 8);
                row.createOptions = str(q, 9);
                if (row.createOptions.split(u' ').contains(u"partitioned")) {
                    r.kind = RelationKind::PartitionedTable;
                    cat.anyPartitioned = true;
                }
                row.autoIncrement = number(q, 10);
            }
            cat.byName.insert(name, cat.relations.size());
            cat.relations.push_back(std::move(row));
        });
}

Status readColumns(Session &s, Catalog &cat)
{
    return s.run(
        QStringLiteral("information_schema.COLUMNS"),
        QStringLiteral("SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, "
                       "IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, "
                       "GENERATION_EXPRESSION, COLUMN_COMMENT FROM information_schema.COLUMNS "
                       "WHERE TABLE_SCHEMA = DATABASE()"),
        [&](const QSqlQuery &q) {
            RelationRow *r = cat.find(str(q, 0));
            if (!r)
                return; // a sequence's columns
            ColumnRow row;
            SchemaColumn &c = row.column;
            c.name = str(q, 1);
            row.position = q.value(2).toInt();
            const QString extra = str(q, 8);
            row.rawDefault = normalizedDefault(cat, q, 3, extra, &row.rawDefaultNull);
            c.nullable = str(q, 4) == u"YES";
            c.type = str(q, 5);
            row.charset = str(q, 6);
            const QString collation = str(q, 7);
            if (r->relation.kind != RelationKind::View && !collation.isEmpty() &&
                collation != r->collation)
                c.collation = collation;
            if (extra.contains(u"VIRTUAL GENERATED", Qt::CaseInsensitive))
                c.generated = QStringLiteral("virtual");
            else if (extra.contains(u"STORED GENERATED", Qt::CaseInsensitive))
                c.generated = QStringLiteral("stored");
            if (extra.contains(u"auto_increment", Qt::CaseInsensitive))
                c.identity = QStringLiteral("by default");
            row.invisible = extra.contains(u"INVISIBLE", Qt::CaseInsensitive);
            const qsizetype onUpdate = extra.indexOf(u"on update ", 0, Qt::CaseInsensitive);
            if (onUpdate >= 0)
                row.onUpdate = extra.mid(onUpdate + 10).trimmed();
            c.comment = str(q, 10);
            if (!c.generated.isEmpty())
                c.defaultValue = str(q, 9);
            else if (!row.rawDefaultNull && !(cat.mariadb && row.rawDefault == u"NULL"))
                c.defaultValue = row.rawDefault;
            r->columns.push_back(std::move(row));
        });
}

Status readIndexes(Session &s, Catalog &cat)
{
    return s.run(
        QStringLiteral("information_schema.STATISTICS"),
        QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, "
                       "SUB_PART, INDEX_TYPE, COLLATION, INDEX_COMMENT FROM "
                       "information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"),
        [&](const QSqlQuery &q) {
            RelationRow *r = cat.find(str(q, 0));
            if (!r)
                return;
            const QString name = str(q, 1);
            auto it = std::find_if(r->indexes.begin(), r->indexes.end(),
                                   [&](const IndexRow &i) { return i.index.name == name; });
            if (it == r->indexes.end()) {
                IndexRow row;
                row.index.name = name;
                row.index.unique = q.value(2).toInt() == 0;
                row.index.primary = name == u"PRIMARY";
                row.index.method = str(q, 6);
                row.index.constraint = row.index.primary  ? QStringLiteral("primary key")
                                       : row.index.unique ? QStringLiteral("unique")
                                                          : QString();
                row.comment = str(q, 8);
                r->indexes.push_back(std::move(row));
                it = r->indexes.end() - 1;
            }
            const int seq = q.value(3).toInt();
            QString part = str(q, 4);
            QString quoted = mysqlQuoteIdent(part);
            if (!q.value(5).isNull()) {
                part += QStringLiteral("(%1)").arg(str(q, 5));
                quoted += QStringLiteral("(%1)").arg(str(q, 5));
            }
            if (str(q, 7) == u"D") {
                part += QStringLiteral(" DESC");
                quoted += QStringLiteral(" DESC");
            }
            // Rows come in key order; keep the order by SEQ_IN_INDEX all the same.
            const qsizetype at = std::min<qsizetype>(seq - 1, it->index.columns.size());
            it->index.columns.insert(std::max<qsizetype>(at, 0), part);
            it->quotedParts.insert(std::max<qsizetype>(at, 0), quoted);
        });
}

Status readForeignKeys(Session &s, Catalog &cat)
{
    // REFERENTIAL_CONSTRAINTS (the actions) shows nothing to a user with SELECT alone; the key
    // itself (KEY_COLUMN_USAGE) is visible to it, so the actions are then left empty.
    return s.run(
        QStringLiteral("information_schema.KEY_COLUMN_USAGE"),
        QStringLiteral("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, "
                       "k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, "
                       "k.REFERENCED_COLUMN_NAME, rc.UPDATE_RULE, rc.DELETE_RULE FROM "
                       "information_schema.KEY_COLUMN_USAGE k LEFT JOIN "
                       "information_schema.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = "
                       "k.CONSTRAINT_SCHEMA AND rc.TABLE_NAME = k.TABLE_NAME AND "
                       "rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = DATABASE() "
                       "AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_NAME, "
                       "k.CONSTRAINT_NAME, k.ORDINAL_POSITION"),
        [&](const QSqlQuery &q) {
            RelationRow *r = cat.find(str(q, 0));
            if (!r)
                return;
            std::vector<SchemaForeignKey> &keys = r->relation.foreignKeys;
            const QString name = str(q, 1);
            if (keys.empty() || keys.back().name != name) {
                SchemaForeignKey key;
                key.name = name;
                key.refSchema = str(q, 3);
                key.refTable = str(q, 4);
                key.onUpdate = str(q, 6);
                key.onDelete = str(q, 7);
                keys.push_back(std::move(key));
            }
            keys.back().columns.append(str(q, 2));
            keys.back().refColumns.append(str(q, 5));
        });
}

Status readChecks(Session &s, Catalog &cat)
{
    // MariaDB's CHECK_CONSTRAINTS has the table and the level (a column's own CHECK or the
    // table's); MySQL's (8.0.16+) has neither, so its table comes from TABLE_CONSTRAINTS.
    const QString sql =
        cat.mariadb
            ? QStringLiteral("SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL FROM "
                             "information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
                             "DATABASE()")
            : QStringLiteral("SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE, 'Table' "
                             "FROM information_schema.CHECK_CONSTRAINTS cc JOIN "
                             "information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = "
                             "cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME "
                             "AND tc.CONSTRAINT_TYPE = 'CHECK' WHERE cc.CONSTRAINT_SCHEMA = "
                             "DATABASE()");
    Status st =
        s.run(QStringLiteral("information_schema.CHECK_CONSTRAINTS"), sql, [&](const QSqlQuery &q) {
            RelationRow *r = cat.find(str(q, 0));
            if (!r)
                return;
            CheckRow row;
            row.check.name = str(q, 1);
            row.check.definition = QStringLiteral("CHECK (%1)").arg(str(q, 2));
            row.columnLevel = str(q, 3) == u"Column";
            row.column = row.check.name; // a column's CHECK is named after it
            if (row.columnLevel)
                for (ColumnRow &c : r->columns)
                    if (c.column.name == row.column)
                        c.inlineCheck = str(q, 2);
            r->checks.push_back(std::move(row));
        });
    // MySQL before 8.0.16 has no CHECK_CONSTRAINTS (and enforces no checks): none, then.
    if (!st && !cat.mariadb && !st.error().is(ErrorKind::Cancelled))
        return {};
    return st;
}

Status readTriggers(Session &s, Catalog &cat)
{
    return s.run(QStringLiteral("information_schema.TRIGGERS"),
                 QStringLiteral("SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, "
                                "EVENT_MANIPULATION, ACTION_STATEMENT, DEFINER FROM "
                                "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                                "AND EVENT_OBJECT_SCHEMA = DATABASE()"),
                 [&](const QSqlQuery &q) {
                     RelationRow *r = cat.find(str(q, 0));
                     if (!r)
                         return;
                     SchemaTrigger t;
                     t.name = str(q, 1);
                     t.definition =
                         QStringLiteral("CREATE DEFINER=%1 TRIGGER %2 %3 %4 ON %5 FOR EACH ROW %6")
                             .arg(definer(str(q, 5)), mysqlQuoteIdent(t.name), str(q, 2), str(q, 3),
                                  mysqlQuoteIdent(r->relation.name), str(q, 4));
                     r->relation.triggers.push_back(std::move(t));
                 });
}

Status readViews(Session &s, Catalog &cat)
{
    return s.run(
        QStringLiteral("information_schema.VIEWS"),
        QStringLiteral("SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, DEFINER, "
                       "SECURITY_TYPE, %1 FROM information_schema.VIEWS WHERE "
                       "TABLE_SCHEMA = DATABASE()")
            .arg(cat.mariadb ? QStringLiteral("ALGORITHM") : QStringLiteral("'UNDEFINED'")),
        [&](const QSqlQuery &q) {
            RelationRow *r = cat.find(str(q, 0));
            if (!r)
                return;
            r->relation.definition = withoutQualifier(str(q, 1), cat.database);
            r->viewCheckOption = str(q, 2);
            r->viewDefiner = str(q, 3);
            r->viewSecurity = str(q, 4);
            r->viewAlgorithm = str(q, 5);
        });
}

// The partitions of partitioned tables (only when there are some: this read opens every table).
// Subpartitions are listed under their partition's name only.
Status readPartitions(Session &s, Catalog &cat)
{
    if (!cat.anyPartitioned)
        return {};
    return s.run(QStringLiteral("information_schema.PARTITIONS"),
                 QStringLiteral("SELECT TABLE_NAME, PARTITION_NAME, PARTITION_METHOD, "
                                "PARTITION_EXPRESSION, PARTITION_DESCRIPTION FROM "
                                "information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() "
                                "AND PARTITION_NAME IS NOT NULL ORDER BY TABLE_NAME, "
                                "PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION"),
                 [&](const QSqlQuery &q) {
                     RelationRow *r = cat.find(str(q, 0));
                     if (!r)
                         return;
                     const QString name = str(q, 1);
                     if (!r->partitions.empty() && r->partitions.back().name == name)
                         return; // a subpartition
                     r->partitionMethod = str(q, 2);
                     r->partitionExpression = str(q, 3);
                     r->partitions.push_back({name, str(q, 4)});
                     r->relation.partitions.append(name);
                     r->relation.partitionKey =
                         QStringLiteral("%1 (%2)").arg(r->partitionMethod, r->partitionExpression);
                 });
}

// Index sizes from InnoDB's persistent statistics: optional (the user may not read the mysql
// schema, the table may use another engine), so a failure leaves them unknown.
void readIndexSizes(Session &s, Catalog &cat)
{
    (void)s.run(QStringLiteral("mysql.innodb_index_stats"),
                QStringLiteral("SELECT table_name, index_name, stat_value * @@innodb_page_size "
                               "FROM mysql.innodb_index_stats WHERE database_name = DATABASE() "
                               "AND stat_name = 'size'"),
                [&](const QSqlQuery &q) {
                    RelationRow *r = cat.find(str(q, 0));
                    if (!r)
                        return;
                    for (IndexRow &i : r->indexes)
                        if (i.index.name == str(q, 1))
                            i.index.sizeBytes = q.value(2).toLongLong();
                });
}

// Every sequence's parameters in one statement (a UNION over the sequences; MariaDB has no
// information_schema.SEQUENCES before 11.5). Runs last: it opens the sequences themselves.
Status readSequences(Session &s, Catalog &cat, std::vector<SchemaSequence> &out)
{
    if (cat.sequenceNames.isEmpty())
        return {};
    std::sort(cat.sequenceNames.begin(), cat.sequenceNames.end());
    QStringList parts;
    for (qsizetype i = 0; i < cat.sequenceNames.size(); ++i)
        parts.append(
            QStringLiteral("SELECT %1, start_value, minimum_value, maximum_value, "
                           "increment, cache_size, cycle_option FROM %2.%3")
                .arg(i)
                .arg(mysqlQuoteIdent(cat.database), mysqlQuoteIdent(cat.sequenceNames[i])));
    out.resize(size_t(cat.sequenceNames.size()));
    QStringList shown = cat.sequenceNames.mid(0, 5);
    for (QString &name : shown)
        name = mysqlQuoteIdent(name);
    if (cat.sequenceNames.size() > shown.size())
        shown.append(QStringLiteral("…"));
    return s.run(QStringLiteral("the sequences (%1)").arg(shown.join(QStringLiteral(", "))),
                 parts.join(QStringLiteral(" UNION ALL ")), [&](const QSqlQuery &q) {
                     const int i = q.value(0).toInt();
                     if (i < 0 || size_t(i) >= out.size())
                         return;
                     SchemaSequence &seq = out[size_t(i)];
                     seq.schema = cat.database;
                     seq.name = cat.sequenceNames[i];
                     seq.type = QStringLiteral("bigint");
                     seq.start = q.value(1).toLongLong();
                     seq.minValue = q.value(2).toLongLong();
                     seq.maxValue = q.value(3).toLongLong();
                     seq.increment = q.value(4).toLongLong();
                     seq.cache = q.value(5).toLongLong();
                     seq.cycle = q.value(6).toInt() != 0;
                     // As SHOW CREATE SEQUENCE prints it.
                     seq.ddl =
                         QStringLiteral("CREATE SEQUENCE %1 start with %2 minvalue %3 "
                                        "maxvalue %4 increment by %5 cache %6 %7")
                             .arg(mysqlQuoteIdent(seq.name))
                             .arg(seq.start)
                             .arg(seq.minValue)
                             .arg(seq.maxValue)
                             .arg(seq.increment)
                             .arg(seq.cache)
                             .arg(seq.cycle ? QStringLiteral("cycle") : QStringLiteral("nocycle"));
                     const QString engine = cat.sequenceEngine.value(seq.name);
                     if (!engine.isEmpty())
                         seq.ddl += QStringLiteral(" ENGINE=") + engine;
                 });
}

// The column's line of SHOW CREATE TABLE.
QString columnDdl(const ColumnRow &row)
{
    const SchemaColumn &c = row.column;
    QString s = mysqlQuoteIdent(c.name) + u' ' + c.type;
    if (!c.collation.isEmpty())
        s += QStringLiteral(" CHARACTER SET %1 COLLATE %2").arg(row.charset, c.collation);
    if (!c.generated.isEmpty()) {
        s += QStringLiteral(" GENERATED ALWAYS AS (%1) %2")
                 .arg(c.defaultValue.value_or(QString()), c.generated.toUpper());
        if (row.invisible)
            s += QStringLiteral(" INVISIBLE");
    } else {
        if (!c.nullable)
            s += QStringLiteral(" NOT NULL");
        else if (isTimestamp(c.type))
            s += QStringLiteral(" NULL");
        if (row.invisible)
            s += QStringLiteral(" INVISIBLE");
        if (!row.rawDefaultNull)
            s += QStringLiteral(" DEFAULT ") + row.rawDefault;
        else if (c.nullable)
            s += QStringLiteral(" DEFAULT NULL");
        if (!row.onUpdate.isEmpty())
            s += QStringLiteral(" ON UPDATE ") + row.onUpdate;
        if (!c.identity.isEmpty())
            s += QStringLiteral(" AUTO_INCREMENT");
    }
    if (!c.comment.isEmpty())
        s += QStringLiteral(" COMMENT ") + mysqlQuoteString(c.comment);
    if (!row.inlineCheck.isEmpty())
        s += QStringLiteral(" CHECK (%1)").arg(row.inlineCheck);
    return s;
}

// The method an engine uses when CREATE INDEX names none (SHOW CREATE TABLE then prints no
// USING clause).
QString defaultMethod(const QString &engine)
{
    return engine.compare(u"MEMORY", Qt::CaseInsensitive) == 0 ? QStringLiteral("HASH")
                                                               : QStringLiteral("BTREE");
}

bool methodIsKind(const QString &method)
{
    return method == u"FULLTEXT" || method == u"SPATIAL";
}

QString indexDdl(const RelationRow &r, const IndexRow &row)
{
    const SchemaIndex &i = row.index;
    const QString parts = u'(' + row.quotedParts.join(u',') + u')';
    QString s;
    if (i.primary)
        s = QStringLiteral("PRIMARY KEY ") + parts;
    else if (methodIsKind(i.method))
        s = QStringLiteral("%1 KEY %2 %3").arg(i.method, mysqlQuoteIdent(i.name), parts);
    else
        s = QStringLiteral("%1KEY %2 %3")
                .arg(i.unique ? QStringLiteral("UNIQUE ") : QString(), mysqlQuoteIdent(i.name),
                     parts);
    if (!methodIsKind(i.method) && !i.method.isEmpty() &&
        i.method != defaultMethod(r.relation.engine))
        s += QStringLiteral(" USING ") + i.method;
    if (!row.comment.isEmpty())
        s += QStringLiteral(" COMMENT ") + mysqlQuoteString(row.comment);
    return s;
}

// A statement that creates the index on its own.
QString indexDefinition(const RelationRow &r, const IndexRow &row)
{
    const SchemaIndex &i = row.index;
    const QString table = mysqlQuoteIdent(r.relation.name);
    const QString parts = u'(' + row.quotedParts.join(QStringLiteral(", ")) + u')';
    const QString method = i.method.isEmpty() || methodIsKind(i.method)
                               ? QString()
                               : QStringLiteral(" USING ") + i.method;
    if (i.primary)
        return QStringLiteral("ALTER TABLE %1 ADD PRIMARY KEY %2%3").arg(table, parts, method);
    const QString kind = methodIsKind(i.method) ? i.method + u' '
                         : i.unique             ? QStringLiteral("UNIQUE ")
                                                : QString();
    return QStringLiteral("CREATE %1INDEX %2 ON %3 %4%5")
        .arg(kind, mysqlQuoteIdent(i.name), table, parts, method);
}

QString foreignKeyDefinition(const Catalog &cat, const SchemaForeignKey &key)
{
    QStringList cols, refs;
    for (const QString &c : key.columns)
        cols.append(mysqlQuoteIdent(c));
    for (const QString &c : key.refColumns)
        refs.append(mysqlQuoteIdent(c));
    QString table = mysqlQuoteIdent(key.refTable);
    if (key.refSchema != cat.database)
        table = mysqlQuoteIdent(key.refSchema) + u'.' + table;
    QString s = QStringLiteral("FOREIGN KEY (%1) REFERENCES %2 (%3)")
                    .arg(cols.join(QStringLiteral(", ")), table, refs.join(QStringLiteral(", ")));
    if (!key.onDelete.isEmpty() && key.onDelete != u"RESTRICT")
        s += QStringLiteral(" ON DELETE ") + key.onDelete;
    if (!key.onUpdate.isEmpty() && key.onUpdate != u"RESTRICT")
        s += QStringLiteral(" ON UPDATE ") + key.onUpdate;
    return s;
}

// CREATE_OPTIONS ("row_format=DYNAMIC stats_persistent=1") as SHOW CREATE TABLE's options.
QString tableOptions(const QString &createOptions)
{
    QString out;
    for (const QString &option : createOptions.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype eq = option.indexOf(u'=');
        if (eq <= 0)
            continue; // "partitioned" and other flags
        out += u' ' + option.left(eq).toUpper() + option.mid(eq);
    }
    return out;
}

// SHOW CREATE TABLE's PARTITION BY clause (RANGE and LIST as the server prints them; HASH and
// KEY with their partitions' default names as "PARTITIONS n").
QString partitionDdl(const RelationRow &r)
{
    if (r.partitions.empty())
        return {};
    const QString method = r.partitionMethod;
    const bool columns = method.endsWith(u" COLUMNS");
    QString ddl =
        columns ? QStringLiteral("\n PARTITION BY %1  COLUMNS(%2)")
                      .arg(method.left(method.size() - 8), r.partitionExpression)
                : QStringLiteral("\n PARTITION BY %1 (%2)").arg(method, r.partitionExpression);
    const bool ranged = method.startsWith(u"RANGE");
    const bool listed = method.startsWith(u"LIST");
    if (!ranged && !listed) {
        bool defaultNames = true;
        for (size_t i = 0; i < r.partitions.size(); ++i)
            defaultNames = defaultNames && r.partitions[i].name == QStringLiteral("p%1").arg(i);
        if (defaultNames)
            return ddl + QStringLiteral("\nPARTITIONS %1").arg(r.partitions.size());
    }
    QStringList parts;
    for (const RelationRow::Partition &p : r.partitions) {
        QString part = QStringLiteral("PARTITION ") + mysqlQuoteIdent(p.name);
        if (ranged)
            part += p.description == u"MAXVALUE" && !columns
                        ? QStringLiteral(" VALUES LESS THAN MAXVALUE")
                        : QStringLiteral(" VALUES LESS THAN (%1)").arg(p.description);
        else if (listed)
            part += QStringLiteral(" VALUES IN (%1)").arg(p.description);
        if (!r.relation.engine.isEmpty())
            part += QStringLiteral(" ENGINE = ") + r.relation.engine;
        parts.append(part);
    }
    return ddl + QStringLiteral("\n(") + parts.join(QStringLiteral(",\n ")) + u')';
}

QString tableDdl(const Catalog &cat, const RelationRow &r)
{
    QStringList lines;
    for (const ColumnRow &c : r.columns)
        lines.append(columnDdl(c));
    for (const IndexRow &i : r.indexes)
        lines.append(indexDdl(r, i));
    for (const SchemaForeignKey &key : r.relation.foreignKeys)
        lines.append(QStringLiteral("CONSTRAINT %1 %2")
                         .arg(mysqlQuoteIdent(key.name), foreignKeyDefinition(cat, key)));
    for (const CheckRow &c : r.checks)
        if (!c.columnLevel)
            lines.append(QStringLiteral("CONSTRAINT %1 %2")
                             .arg(mysqlQuoteIdent(c.check.name), c.check.definition));
    QString ddl = QStringLiteral("CREATE TABLE %1 (\n  %2\n)")
                      .arg(mysqlQuoteIdent(r.relation.name), lines.join(QStringLiteral(",\n  ")));
    if (!r.relation.engine.isEmpty())
        ddl += QStringLiteral(" ENGINE=") + r.relation.engine;
    if (r.autoIncrement && *r.autoIncrement > 1)
        ddl += QStringLiteral(" AUTO_INCREMENT=%1").arg(*r.autoIncrement);
    if (!r.charset.isEmpty())
        ddl += QStringLiteral(" DEFAULT CHARSET=") + r.charset;
    if (!r.collation.isEmpty())
        ddl += QStringLiteral(" COLLATE=") + r.collation;
    ddl += tableOptions(r.createOptions);
    if (!r.relation.comment.isEmpty())
        ddl += QStringLiteral(" COMMENT=") + mysqlQuoteString(r.relation.comment);
    return ddl + partitionDdl(r);
}

QString viewDdl(const RelationRow &r)
{
    if (r.relation.definition.isEmpty()) // VIEW_DEFINITION is empty without SHOW VIEW
        return QStringLiteral("-- CREATE VIEW %1: its definition is not visible to this user "
                              "(it needs the SHOW VIEW privilege)")
            .arg(mysqlQuoteIdent(r.relation.name));
    QString ddl = QStringLiteral("CREATE ALGORITHM=%1 DEFINER=%2 SQL SECURITY %3 VIEW %4 AS %5")
                      .arg(r.viewAlgorithm, definer(r.viewDefiner), r.viewSecurity,
                           mysqlQuoteIdent(r.relation.name), r.relation.definition);
    if (!r.viewCheckOption.isEmpty() && r.viewCheckOption != u"NONE")
        ddl += QStringLiteral(" WITH %1 CHECK OPTION").arg(r.viewCheckOption);
    return ddl;
}

// The model's relations from what was read: DDL assembled (in the server's orders), lists sorted,
// "referenced by" linked.
std::vector<SchemaRelation> finish(Catalog &cat)
{
    std::vector<SchemaRelation> out;
    out.reserve(cat.relations.size());
    for (RelationRow &r : cat.relations) {
        std::sort(r.columns.begin(), r.columns.end(),
                  [](const ColumnRow &a, const ColumnRow &b) { return a.position < b.position; });
        SchemaRelation &rel = r.relation;
        for (IndexRow &i : r.indexes) {
            i.index.definition = indexDefinition(r, i);
            if (i.index.primary)
                for (qsizetype p = 0; p < i.index.columns.size(); ++p)
                    for (ColumnRow &c : r.columns)
                        if (c.column.name == i.index.columns[p])
                            c.column.primaryKeyPosition = int(p) + 1;
        }
        for (SchemaForeignKey &key : rel.foreignKeys)
            key.definition = foreignKeyDefinition(cat, key);
        rel.ddl = rel.kind == RelationKind::View ? viewDdl(r) : tableDdl(cat, r);
        for (ColumnRow &c : r.columns)
            rel.columns.push_back(std::move(c.column));
        for (IndexRow &i : r.indexes)
            rel.indexes.push_back(std::move(i.index));
        std::sort(rel.indexes.begin(), rel.indexes.end(),
                  [](const SchemaIndex &a, const SchemaIndex &b) {
                      if (a.primary != b.primary)
                          return a.primary;
                      return a.name < b.name;
                  });
        for (CheckRow &c : r.checks)
            rel.checks.push_back(std::move(c.check));
        const auto byName = [](const auto &a, const auto &b) { return a.name < b.name; };
        std::sort(rel.checks.begin(), rel.checks.end(), byName);
        std::sort(rel.foreignKeys.begin(), rel.foreignKeys.end(), byName);
        std::sort(rel.triggers.begin(), rel.triggers.end(), byName);
        out.push_back(std::move(rel));
    }
    std::sort(out.begin(), out.end(),
              [](const SchemaRelation &a, const SchemaRelation &b) { return a.name < b.name; });
    QHash<QString, size_t> index;
    for (size_t i = 0; i < out.size(); ++i)
        index.insert(out[i].name, i);
    for (const SchemaRelation &r : out)
        for (const SchemaForeignKey &key : r.foreignKeys) {
            if (key.refSchema != cat.database)
                continue;
            const auto it = index.constFind(key.refTable);
            if (it != index.constEnd())
                out[*it].referencedBy.push_back({r.schema, r.name, key});
        }
    return out;
}

// The reads inside the transaction, in order; the sequences last.
Status readAll(Session &s, Catalog &cat, SchemaSnapshot &snapshot)
{
    if (Status st = readTables(s, cat); !st)
        return st;
    if (Status st = readColumns(s, cat); !st)
        return st;
    if (Status st = readIndexes(s, cat); !st)
        return st;
    if (Status st = readForeignKeys(s, cat); !st)
        return st;
    if (Status st = readChecks(s, cat); !st)
        return st;
    if (Status st = readTriggers(s, cat); !st)
        return st;
    if (Status st = readViews(s, cat); !st)
        return st;
    if (Status st = readPartitions(s, cat); !st)
        return st;
    readIndexSizes(s, cat);
    return readSequences(s, cat, snapshot.sequences);
}

} // namespace

QString mysqlQuoteIdent(const QString &name)
{
    QString quoted = name;
    quoted.replace(u'`', QStringLiteral("``"));
    return u'`' + quoted + u'`';
}

QString mysqlQuoteString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'\'';
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'\'':
            out += QStringLiteral("''");
            break;
        case u'\\':
            out += QStringLiteral("\\\\");
            break;
        case u'\n':
            out += QStringLiteral("\\n");
            break;
        case u'\r':
            out += QStringLiteral("\\r");
            break;
        case 0:
            out += QStringLiteral("\\0");
            break;
        case 0x1a:
            out += QStringLiteral("\\Z");
            break;
        default:
            out += c;
        }
    }
    out += u'\'';
    return out;
}

Status beginMysqlReadOnly(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")))
        return Error(QStringLiteral("cannot start a read-only transaction: %1")
                         .arg(q.lastError().text()))
            .as(ErrorKind::ServerError, q.lastError().nativeErrorCode());
    return {};
}

Result<SchemaSnapshot> inspectMysql(const QSqlDatabase &db, const CancelToken *cancel,
                                    int lockWaitSeconds)
{
    SchemaSnapshot snapshot;
    snapshot.driver = QStringLiteral("mysql");
    Catalog cat;
    Session s{db, cancel};
    QString connectionId;
    QString oldLockWait;
    bool hasDatabase = false;
    if (Status st = s.run(QStringLiteral("the session's facts"),
                          QStringLiteral("SELECT DATABASE(), VERSION(), CONNECTION_ID(), "
                                         "@@SESSION.lock_wait_timeout"),
                          [&](const QSqlQuery &q) {
                              hasDatabase = !q.value(0).isNull();
                              cat.database = str(q, 0);
                              snapshot.serverVersion = str(q, 1);
                              connectionId = str(q, 2);
                              oldLockWait = str(q, 3);
                          });
        !st)
        return st.error();
    if (!hasDatabase)
        return Error(QStringLiteral("no database is selected on this connection: there is no "
                                    "schema to inspect"))
            .as(ErrorKind::DatabaseMissing);
    cat.mariadb = snapshot.serverVersion.contains(u"MariaDB", Qt::CaseInsensitive);
    snapshot.schemas = {cat.database};

    std::unique_ptr<CancelWatch> watch;
    if (cancel) {
        detail::ServerCanceller::Target target;
        target.qtDriver = db.driverName();
        target.host = db.hostName();
        target.port = db.port();
        target.user = db.userName();
        target.password = db.password();
        target.database = db.databaseName();
        target.options = db.connectOptions();
        target.cancelSql = QStringLiteral("KILL QUERY %1").arg(connectionId);
        watch = std::make_unique<CancelWatch>(cancel, std::move(target));
        s.watch = watch.get();
    }

    if (Status st = s.run(
            QStringLiteral("SET lock_wait_timeout"),
            QStringLiteral("SET SESSION lock_wait_timeout = %1").arg(std::max(1, lockWaitSeconds)));
        !st)
        return st.error();
    Status result = s.run(QStringLiteral("START TRANSACTION READ ONLY"),
                          QStringLiteral("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"));
    if (result) {
        result = readAll(s, cat, snapshot);
        QSqlQuery end(db);
        if (result) {
            if (!end.exec(QStringLiteral("COMMIT")))
                result = Error(QStringLiteral("ending the read-only transaction failed: %1")
                                   .arg(end.lastError().text()));
        } else {
            (void)end.exec(QStringLiteral("ROLLBACK"));
        }
    }
    {
        QSqlQuery restore(db);
        (void)restore.exec(QStringLiteral("SET SESSION lock_wait_timeout = %1").arg(oldLockWait));
    }
    if (!result)
        return result.error();
    snapshot.relations = finish(cat);
    return snapshot;
}

Result<QString> mysqlShowCreate(const QSqlDatabase &db, const SchemaRelation &relation)
{
    const bool view = relation.kind == RelationKind::View;
    QString name = mysqlQuoteIdent(relation.name);
    if (!relation.schema.isEmpty())
        name = mysqlQuoteIdent(relation.schema) + u'.' + name;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString sql =
        (view ? QStringLiteral("SHOW CREATE VIEW ") : QStringLiteral("SHOW CREATE TABLE ")) + name;
    if (!q.exec(sql) || !q.next())
        return Error(QStringLiteral("%1 failed: %2").arg(sql, q.lastError().text()))
            .as(ErrorKind::ServerError, q.lastError().nativeErrorCode());
    return q.value(1).toString();
}

} // namespace retort
