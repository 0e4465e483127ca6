// The DDL the MariaDB/MySQL inspector assembles (schema/MysqlDdl.h), in SHOW CREATE's layout.
#include "schema/MysqlDdl.h"

#include "schema/MysqlInspector.h"

namespace retort::detail {

namespace {

bool isTimestamp(const QString &type)
{
    return type.startsWith(u"timestamp", Qt::CaseInsensitive);
}

// The column's line of SHOW CREATE TABLE.
QString columnDdl(const MysqlColumnRow &row)
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

QString indexDdl(const MysqlRelationRow &r, const MysqlIndexRow &row)
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
QString partitionDdl(const MysqlRelationRow &r)
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
    for (const MysqlRelationRow::Partition &p : r.partitions) {
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

} // namespace

QStringList mysqlQuoteIdents(const QStringList &names)
{
    QStringList out;
    out.reserve(names.size());
    for (const QString &name : names)
        out.append(mysqlQuoteIdent(name));
    return out;
}

QString mysqlDefiner(const QString &text)
{
    const qsizetype at = text.lastIndexOf(u'@');
    if (at < 0)
        return mysqlQuoteIdent(text);
    return mysqlQuoteIdent(text.left(at)) + u'@' + mysqlQuoteIdent(text.mid(at + 1));
}

QString mysqlTriggerDdl(const QString &definer, const QString &name, const QString &timing,
                        const QString &event, const QString &table, const QString &body)
{
    return QStringLiteral("CREATE DEFINER=%1 TRIGGER %2 %3 %4 ON %5 FOR EACH ROW %6")
        .arg(mysqlDefiner(definer), mysqlQuoteIdent(name), timing, event, mysqlQuoteIdent(table),
             body);
}

QString mysqlSequenceDdl(const SchemaSequence &seq, const QString &engine)
{
    QString ddl = QStringLiteral("CREATE SEQUENCE %1 start with %2 minvalue %3 "
                                 "maxvalue %4 increment by %5 cache %6 %7")
                      .arg(mysqlQuoteIdent(seq.name))
                      .arg(seq.start)
                      .arg(seq.minValue)
                      .arg(seq.maxValue)
                      .arg(seq.increment)
                      .arg(seq.cache)
                      .arg(seq.cycle ? QStringLiteral("cycle") : QStringLiteral("nocycle"));
    if (!engine.isEmpty())
        ddl += QStringLiteral(" ENGINE=") + engine;
    return ddl;
}

QString mysqlIndexDefinition(const MysqlRelationRow &r, const MysqlIndexRow &row)
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

QString mysqlForeignKeyDefinition(const QString &database, const SchemaForeignKey &key)
{
    QString table = mysqlQuoteIdent(key.refTable);
    if (key.refSchema != database)
        table = mysqlQuoteIdent(key.refSchema) + u'.' + table;
    QString s = QStringLiteral("FOREIGN KEY (%1) REFERENCES %2 (%3)")
                    .arg(mysqlQuoteIdents(key.columns).join(QStringLiteral(", ")), table,
                         mysqlQuoteIdents(key.refColumns).join(QStringLiteral(", ")));
    if (!key.onDelete.isEmpty() && key.onDelete != u"RESTRICT")
        s += QStringLiteral(" ON DELETE ") + key.onDelete;
    if (!key.onUpdate.isEmpty() && key.onUpdate != u"RESTRICT")
        s += QStringLiteral(" ON UPDATE ") + key.onUpdate;
    return s;
}

QString mysqlTableDdl(const QString &database, const MysqlRelationRow &r)
{
    QStringList lines;
    for (const MysqlColumnRow &c : r.columns)
        lines.append(columnDdl(c));
    for (const MysqlIndexRow &i : r.indexes)
        lines.append(indexDdl(r, i));
    for (const SchemaForeignKey &key : r.relation.foreignKeys)
        lines.append(QStringLiteral("CONSTRAINT %1 %2")
                         .arg(mysqlQuoteIdent(key.name), mysqlForeignKeyDefinition(database, key)));
    for (const MysqlCheckRow &c : r.checks)
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

QString mysqlViewDdl(const MysqlRelationRow &r)
{
    if (r.relation.definition.isEmpty()) // VIEW_DEFINITION is empty without SHOW VIEW
        return QStringLiteral("-- CREATE VIEW %1: its definition is not visible to this user "
                              "(it needs the SHOW VIEW privilege)")
            .arg(mysqlQuoteIdent(r.relation.name));
    QString ddl = QStringLiteral("CREATE ALGORITHM=%1 DEFINER=%2 SQL SECURITY %3 VIEW %4 AS %5")
                      .arg(r.viewAlgorithm, mysqlDefiner(r.viewDefiner), r.viewSecurity,
                           mysqlQuoteIdent(r.relation.name), r.relation.definition);
    if (!r.viewCheckOption.isEmpty() && r.viewCheckOption != u"NONE")
        ddl += QStringLiteral(" WITH %1 CHECK OPTION").arg(r.viewCheckOption);
    return ddl;
}

} // namespace retort::detail
