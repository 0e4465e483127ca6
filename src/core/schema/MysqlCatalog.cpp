// The MariaDB/MySQL inspector's reads (schema/MysqlCatalog.h): one information_schema statement
// per kind of object, each filling the catalog's rows.
#include "schema/MysqlCatalog.h"

#include "schema/MysqlDdl.h"
#include "schema/MysqlInspector.h"

#include <QVariant>

#include <algorithm>

namespace retort::detail {

namespace {

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

QString normalizedDefault(const MysqlCatalog &cat, const QSqlQuery &q, int i, const QString &extra,
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

// Runs one read whose rows start with a TABLE_NAME: `row` gets each row of a relation the
// catalog holds, with it; other rows (a sequence's, a table created since TABLES was read) are
// skipped.
template <typename Row>
Status readPerRelation(const MysqlReader &s, MysqlCatalog &cat, const QString &what,
                       const QString &sql, Row row)
{
    return s.run(what, sql, [&](const QSqlQuery &q) {
        if (MysqlRelationRow *r = cat.find(str(q, 0)))
            row(*r, q);
    });
}

} // namespace

Error MysqlReader::cancelled(const QString &code)
{
    return Error(QStringLiteral("schema inspection cancelled")).as(ErrorKind::Cancelled, code);
}

Error MysqlReader::failure(const QString &what, const QSqlError &e) const
{
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

Status mysqlReadTables(const MysqlReader &s, MysqlCatalog &cat)
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
            MysqlRelationRow row;
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

Status mysqlReadColumns(const MysqlReader &s, MysqlCatalog &cat)
{
    return readPerRelation(
        s, cat, QStringLiteral("information_schema.COLUMNS"),
        QStringLiteral("SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, "
                       "IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, "
                       "GENERATION_EXPRESSION, COLUMN_COMMENT FROM information_schema.COLUMNS "
                       "WHERE TABLE_SCHEMA = DATABASE()"),
        [&](MysqlRelationRow &r, const QSqlQuery &q) {
            MysqlColumnRow row;
            SchemaColumn &c = row.column;
            c.name = str(q, 1);
            row.position = q.value(2).toInt();
            const QString extra = str(q, 8);
            row.rawDefault = normalizedDefault(cat, q, 3, extra, &row.rawDefaultNull);
            c.nullable = str(q, 4) == u"YES";
            c.type = str(q, 5);
            row.charset = str(q, 6);
            const QString collation = str(q, 7);
            if (r.relation.kind != RelationKind::View && !collation.isEmpty() &&
                collation != r.collation)
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
            r.columns.push_back(std::move(row));
        });
}

Status mysqlReadIndexes(const MysqlReader &s, MysqlCatalog &cat)
{
    return readPerRelation(
        s, cat, QStringLiteral("information_schema.STATISTICS"),
        QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, "
                       "SUB_PART, INDEX_TYPE, COLLATION, INDEX_COMMENT FROM "
                       "information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"),
        [&](MysqlRelationRow &r, const QSqlQuery &q) {
            const QString name = str(q, 1);
            auto it = std::find_if(r.indexes.begin(), r.indexes.end(),
                                   [&](const MysqlIndexRow &i) { return i.index.name == name; });
            if (it == r.indexes.end()) {
                MysqlIndexRow row;
                row.index.name = name;
                row.index.unique = q.value(2).toInt() == 0;
                row.index.primary = name == u"PRIMARY";
                row.index.method = str(q, 6);
                row.index.constraint = row.index.primary  ? QStringLiteral("primary key")
                                       : row.index.unique ? QStringLiteral("unique")
                                                          : QString();
                row.comment = str(q, 8);
                r.indexes.push_back(std::move(row));
                it = r.indexes.end() - 1;
            }
            const int seq = q.value(3).toInt();
            QString suffix; // the prefix length and the direction
            if (!q.value(5).isNull())
                suffix += QStringLiteral("(%1)").arg(str(q, 5));
            if (str(q, 7) == u"D")
                suffix += QStringLiteral(" DESC");
            const QString part = str(q, 4) + suffix;
            const QString quoted = mysqlQuoteIdent(str(q, 4)) + suffix;
            // Rows come in key order; keep the order by SEQ_IN_INDEX all the same.
            const qsizetype at = std::min<qsizetype>(seq - 1, it->index.columns.size());
            it->index.columns.insert(std::max<qsizetype>(at, 0), part);
            it->quotedParts.insert(std::max<qsizetype>(at, 0), quoted);
        });
}

Status mysqlReadForeignKeys(const MysqlReader &s, MysqlCatalog &cat)
{
    // REFERENTIAL_CONSTRAINTS (the actions) shows nothing to a user with SELECT alone; the key
    // itself (KEY_COLUMN_USAGE) is visible to it, so the actions are then left empty.
    return readPerRelation(
        s, cat, QStringLiteral("information_schema.KEY_COLUMN_USAGE"),
        QStringLiteral("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, "
                       "k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, "
                       "k.REFERENCED_COLUMN_NAME, rc.UPDATE_RULE, rc.DELETE_RULE FROM "
                       "information_schema.KEY_COLUMN_USAGE k LEFT JOIN "
                       "information_schema.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = "
                       "k.CONSTRAINT_SCHEMA AND rc.TABLE_NAME = k.TABLE_NAME AND "
                       "rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = DATABASE() "
                       "AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_NAME, "
                       "k.CONSTRAINT_NAME, k.ORDINAL_POSITION"),
        [&](MysqlRelationRow &r, const QSqlQuery &q) {
            std::vector<SchemaForeignKey> &keys = r.relation.foreignKeys;
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

Status mysqlReadChecks(const MysqlReader &s, MysqlCatalog &cat)
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
        readPerRelation(s, cat, QStringLiteral("information_schema.CHECK_CONSTRAINTS"), sql,
                        [&](MysqlRelationRow &r, const QSqlQuery &q) {
                            MysqlCheckRow row;
                            row.check.name = str(q, 1);
                            row.check.definition = QStringLiteral("CHECK (%1)").arg(str(q, 2));
                            row.columnLevel = str(q, 3) == u"Column";
                            row.column = row.check.name; // a column's CHECK is named after it
                            if (row.columnLevel)
                                for (MysqlColumnRow &c : r.columns)
                                    if (c.column.name == row.column)
                                        c.inlineCheck = str(q, 2);
                            r.checks.push_back(std::move(row));
                        });
    // MySQL before 8.0.16 has no CHECK_CONSTRAINTS (and enforces no checks): none, then.
    if (!st && !cat.mariadb && !st.error().is(ErrorKind::Cancelled))
        return {};
    return st;
}

Status mysqlReadTriggers(const MysqlReader &s, MysqlCatalog &cat)
{
    return readPerRelation(
        s, cat, QStringLiteral("information_schema.TRIGGERS"),
        QStringLiteral("SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, "
                       "EVENT_MANIPULATION, ACTION_STATEMENT, DEFINER FROM "
                       "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                       "AND EVENT_OBJECT_SCHEMA = DATABASE()"),
        [&](MysqlRelationRow &r, const QSqlQuery &q) {
            SchemaTrigger t;
            t.name = str(q, 1);
            t.definition = mysqlTriggerDdl(str(q, 5), t.name, str(q, 2), str(q, 3), r.relation.name,
                                           str(q, 4));
            r.relation.triggers.push_back(std::move(t));
        });
}

Status mysqlReadViews(const MysqlReader &s, MysqlCatalog &cat)
{
    return readPerRelation(
        s, cat, QStringLiteral("information_schema.VIEWS"),
        QStringLiteral("SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, DEFINER, "
                       "SECURITY_TYPE, %1 FROM information_schema.VIEWS WHERE "
                       "TABLE_SCHEMA = DATABASE()")
            .arg(cat.mariadb ? QStringLiteral("ALGORITHM") : QStringLiteral("'UNDEFINED'")),
        [&](MysqlRelationRow &r, const QSqlQuery &q) {
            r.relation.definition = withoutQualifier(str(q, 1), cat.database);
            r.viewCheckOption = str(q, 2);
            r.viewDefiner = str(q, 3);
            r.viewSecurity = str(q, 4);
            r.viewAlgorithm = str(q, 5);
        });
}

// The partitions of partitioned tables (only when there are some: this read opens every table).
// Subpartitions are listed under their partition's name only.
Status mysqlReadPartitions(const MysqlReader &s, MysqlCatalog &cat)
{
    if (!cat.anyPartitioned)
        return {};
    return readPerRelation(
        s, cat, QStringLiteral("information_schema.PARTITIONS"),
        QStringLiteral("SELECT TABLE_NAME, PARTITION_NAME, PARTITION_METHOD, "
                       "PARTITION_EXPRESSION, PARTITION_DESCRIPTION FROM "
                       "information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() "
                       "AND PARTITION_NAME IS NOT NULL ORDER BY TABLE_NAME, "
                       "PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION"),
        [&](MysqlRelationRow &r, const QSqlQuery &q) {
            const QString name = str(q, 1);
            if (!r.partitions.empty() && r.partitions.back().name == name)
                return; // a subpartition
            r.partitionMethod = str(q, 2);
            r.partitionExpression = str(q, 3);
            r.partitions.push_back({name, str(q, 4)});
            r.relation.partitions.append(name);
            r.relation.partitionKey =
                QStringLiteral("%1 (%2)").arg(r.partitionMethod, r.partitionExpression);
        });
}

// Index sizes from InnoDB's persistent statistics: optional (the user may not read the mysql
// schema, the table may use another engine), so a failure leaves them unknown.
void mysqlReadIndexSizes(const MysqlReader &s, MysqlCatalog &cat)
{
    (void)readPerRelation(
        s, cat, QStringLiteral("mysql.innodb_index_stats"),
        QStringLiteral("SELECT table_name, index_name, stat_value * @@innodb_page_size "
                       "FROM mysql.innodb_index_stats WHERE database_name = DATABASE() "
                       "AND stat_name = 'size'"),
        [&](MysqlRelationRow &r, const QSqlQuery &q) {
            for (MysqlIndexRow &i : r.indexes)
                if (i.index.name == str(q, 1))
                    i.index.sizeBytes = q.value(2).toLongLong();
        });
}

// Every sequence's parameters in one statement (a UNION over the sequences; MariaDB has no
// information_schema.SEQUENCES before 11.5). Runs last: it opens the sequences themselves.
Status mysqlReadSequences(const MysqlReader &s, MysqlCatalog &cat, std::vector<SchemaSequence> &out)
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
    QStringList shown = mysqlQuoteIdents(cat.sequenceNames.mid(0, 5));
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
                     seq.ddl = mysqlSequenceDdl(seq, cat.sequenceEngine.value(seq.name));
                 });
}

} // namespace retort::detail
