// The DDL the PostgreSQL inspector assembles (schema/PostgresDdl.h), and quote_ident /
// quote_literal as the server spells them.
#include "schema/PostgresDdl.h"
#include "schema/PostgresInspector.h"

#include <QSet>

namespace retort {

namespace {

// PostgreSQL 15's keywords that quote_ident() quotes: every category but UNRESERVED_KEYWORD
// (reserved, column-name and type-or-function-name keywords; src/include/parser/kwlist.h).
const QSet<QString> &quotedKeywords()
{
    static const QSet<QString> words = [] {
        QSet<QString> out;
        const char *list[] = {"all",
                              "analyse",
                              "analyze",
                              "and",
                              "any",
                              "array",
                              "as",
                              "asc",
                              "asymmetric",
                              "authorization",
                              "between",
                              "bigint",
                              "binary",
                              "bit",
                              "boolean",
                              "both",
                              "case",
                              "cast",
                              "char",
                              "character",
                              "check",
                              "coalesce",
                              "collate",
                              "collation",
                              "column",
                              "concurrently",
                              "constraint",
                              "create",
                              "cross",
                              "current_catalog",
                              "current_date",
                              "current_role",
                              "current_schema",
                              "current_time",
                              "current_timestamp",
                              "current_user",
                              "dec",
                              "decimal",
                              "default",
                              "deferrable",
                              "desc",
                              "distinct",
                              "do",
                              "else",
                              "end",
                              "except",
                              "exists",
                              "extract",
                              "false",
                              "fetch",
                              "float",
                              "for",
                              "foreign",
                              "freeze",
                              "from",
                              "full",
                              "grant",
                              "greatest",
                              "group",
                              "grouping",
                              "having",
                              "ilike",
                              "in",
                              "initially",
                              "inner",
                              "inout",
                              "int",
                              "integer",
                              "intersect",
                              "interval",
                              "into",
                              "is",
                              "isnull",
                              "join",
                              "lateral",
                              "leading",
                              "least",
                              "left",
                              "like",
                              "limit",
                              "localtime",
                              "localtimestamp",
                              "national",
                              "natural",
                              "nchar",
                              "none",
                              "normalize",
                              "not",
                              "notnull",
                              "null",
                              "nullif",
                              "numeric",
                              "offset",
                              "on",
                              "only",
                              "or",
                              "order",
                              "out",
                              "outer",
                              "overlaps",
                              "overlay",
                              "placing",
                              "position",
                              "precision",
                              "primary",
                              "real",
                              "references",
                              "returning",
                              "right",
                              "row",
                              "select",
                              "session_user",
                              "setof",
                              "similar",
                              "smallint",
                              "some",
                              "substring",
                              "symmetric",
                              "table",
                              "tablesample",
                              "then",
                              "time",
                              "timestamp",
                              "to",
                              "trailing",
                              "treat",
                              "trim",
                              "true",
                              "union",
                              "unique",
                              "user",
                              "using",
                              "values",
                              "varchar",
                              "variadic",
                              "verbose",
                              "when",
                              "where",
                              "window",
                              "with",
                              "xmlattributes",
                              "xmlconcat",
                              "xmlelement",
                              "xmlexists",
                              "xmlforest",
                              "xmlnamespaces",
                              "xmlparse",
                              "xmlpi",
                              "xmlroot",
                              "xmlserialize",
                              "xmltable"};
        for (const char *w : list)
            out.insert(QString::fromLatin1(w));
        return out;
    }();
    return words;
}

QString commentOn(const QString &what, const QString &object, const QString &comment)
{
    return QStringLiteral("COMMENT ON %1 %2 IS %3").arg(what, object, pgQuoteLiteral(comment));
}

// The statements that follow a relation's CREATE: indexes no constraint owns (but those a
// partitioned parent's index makes, `inherited`), triggers, comments. A partitioned table's
// index is created for its partitions too (pg_get_indexdef's "ON ONLY" dropped).
QStringList afterCreate(const SchemaRelation &r, const QString &objectKind,
                        const detail::PgTableParts &parts = {})
{
    const QString self = detail::pgQualified(r.schema, r.name);
    QStringList out;
    for (const SchemaIndex &i : r.indexes)
        if (i.constraint.isEmpty() && !i.definition.isEmpty() &&
            !parts.inheritedIndexes.contains(i.name))
            out.append(
                QString(i.definition).replace(QStringLiteral(" ON ONLY "), QStringLiteral(" ON ")));
    for (const SchemaTrigger &t : r.triggers)
        if (!parts.inheritedTriggers.contains(t.name))
            out.append(t.definition);
    if (!r.comment.isEmpty())
        out.append(commentOn(objectKind, self, r.comment));
    for (const SchemaColumn &c : r.columns)
        if (!c.comment.isEmpty())
            out.append(
                commentOn(QStringLiteral("COLUMN"), self + u'.' + pgQuoteIdent(c.name), c.comment));
    return out;
}

QString columnDdl(const SchemaColumn &c)
{
    QString line = QStringLiteral("    ") + pgQuoteIdent(c.name) + u' ' + c.type;
    if (!c.collation.isEmpty())
        line += QStringLiteral(" COLLATE ") + pgQuoteIdent(c.collation);
    if (!c.generated.isEmpty())
        line += QStringLiteral(" GENERATED ALWAYS AS (%1) STORED")
                    .arg(c.defaultValue.value_or(QString()));
    else if (!c.identity.isEmpty())
        line += QStringLiteral(" GENERATED %1 AS IDENTITY").arg(c.identity.toUpper());
    else if (c.defaultValue)
        line += QStringLiteral(" DEFAULT ") + *c.defaultValue;
    if (!c.nullable)
        line += QStringLiteral(" NOT NULL");
    return line;
}

} // namespace

QString pgQuoteIdent(const QString &name)
{
    bool safe = !name.isEmpty() && (name[0] == u'_' || (name[0] >= u'a' && name[0] <= u'z'));
    for (qsizetype i = 0; safe && i < name.size(); ++i) {
        const QChar ch = name[i];
        safe = (ch >= u'a' && ch <= u'z') || (ch >= u'0' && ch <= u'9') || ch == u'_';
    }
    if (safe && !quotedKeywords().contains(name))
        return name;
    return u'"' + QString(name).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

QString pgQuoteLiteral(const QString &text)
{
    QString body = text;
    body.replace(u'\'', QStringLiteral("''"));
    if (!body.contains(u'\\'))
        return u'\'' + body + u'\'';
    body.replace(u'\\', QStringLiteral("\\\\"));
    return QStringLiteral("E'") + body + u'\'';
}

namespace detail {

QString pgQualified(const QString &schema, const QString &name)
{
    return pgQuoteIdent(schema) + u'.' + pgQuoteIdent(name);
}

QString pgTableDdl(const SchemaRelation &r, const PgTableParts &table)
{
    const QString self = pgQualified(r.schema, r.name);
    const QString &parentQualified = table.parentQualified;
    QStringList parts;
    if (parentQualified.isEmpty())
        for (const SchemaColumn &c : r.columns)
            parts.append(columnDdl(c));
    // CREATE TABLE validates its constraints: a NOT VALID one is added afterwards.
    QStringList notValid;
    for (const PgConstraintText &c : table.constraints) {
        const QString text =
            QStringLiteral("CONSTRAINT %1 %2").arg(pgQuoteIdent(c.first), c.second);
        if (c.second.endsWith(QStringLiteral(" NOT VALID")))
            notValid.append(QStringLiteral("ALTER TABLE %1 ADD %2").arg(self, text));
        else
            parts.append(QStringLiteral("    ") + text);
    }
    QString create = QStringLiteral("CREATE TABLE ") + self;
    if (!parentQualified.isEmpty())
        create += QStringLiteral(" PARTITION OF ") + parentQualified;
    if (!parts.isEmpty() || parentQualified.isEmpty())
        create +=
            QStringLiteral(" (\n") + parts.join(QStringLiteral(",\n")) + QStringLiteral("\n)");
    if (!parentQualified.isEmpty())
        create += u' ' + r.partitionBound;
    if (!r.partitionKey.isEmpty())
        create += QStringLiteral(" PARTITION BY ") + r.partitionKey;
    QStringList statements{create};
    statements += notValid;
    for (const SchemaColumn &c : r.columns)
        if (table.storageSet.contains(c.name))
            statements.append(QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 SET STORAGE %3")
                                  .arg(self, pgQuoteIdent(c.name), c.storage.toUpper()));
    statements += afterCreate(r, QStringLiteral("TABLE"), table);
    return statements.join(QStringLiteral(";\n"));
}

QString pgViewDdl(const SchemaRelation &r, const QString &why)
{
    const bool materialized = r.kind == RelationKind::MaterializedView;
    const QString kind =
        materialized ? QStringLiteral("MATERIALIZED VIEW") : QStringLiteral("VIEW");
    QString definition = r.definition.trimmed();
    if (definition.endsWith(u';'))
        definition.chop(1);
    QStringList statements;
    if (definition.isEmpty())
        statements.append(
            QStringLiteral("-- %1 %2: %3").arg(kind, pgQualified(r.schema, r.name), why));
    else
        statements.append(QStringLiteral("CREATE %1 %2 AS\n %3")
                              .arg(kind, pgQualified(r.schema, r.name), definition));
    statements += afterCreate(r, kind);
    return statements.join(QStringLiteral(";\n"));
}

QString pgSequenceDdl(const SchemaSequence &s, bool identity)
{
    if (identity)
        return {};
    QString ddl = QStringLiteral("CREATE SEQUENCE %1 AS %2 START WITH %3 INCREMENT BY %4 MINVALUE "
                                 "%5 MAXVALUE %6 CACHE %7%8")
                      .arg(pgQualified(s.schema, s.name), s.type)
                      .arg(s.start)
                      .arg(s.increment)
                      .arg(s.minValue)
                      .arg(s.maxValue)
                      .arg(s.cache)
                      .arg(s.cycle ? QStringLiteral(" CYCLE") : QString());
    if (!s.ownedBy.isEmpty())
        ddl += QStringLiteral(";\nALTER SEQUENCE %1 OWNED BY %2")
                   .arg(pgQualified(s.schema, s.name), s.ownedBy);
    return ddl;
}

QString pgTypeDdl(const SchemaType &t)
{
    const QString self = pgQualified(t.schema, t.name);
    QString ddl;
    if (t.kind == u"enum") {
        QStringList labels;
        for (const QString &l : t.labels)
            labels.append(pgQuoteLiteral(l));
        ddl = QStringLiteral("CREATE TYPE %1 AS ENUM (%2)")
                  .arg(self, labels.join(QStringLiteral(", ")));
    } else {
        ddl = QStringLiteral("CREATE DOMAIN %1 AS %2").arg(self, t.baseType);
        if (!t.collation.isEmpty())
            ddl += QStringLiteral(" COLLATE ") + pgQuoteIdent(t.collation);
        if (t.defaultValue)
            ddl += QStringLiteral(" DEFAULT ") + *t.defaultValue;
        if (t.notNull)
            ddl += QStringLiteral(" NOT NULL");
        for (const SchemaCheck &c : t.checks)
            ddl += QStringLiteral(" CONSTRAINT %1 %2").arg(pgQuoteIdent(c.name), c.definition);
    }
    if (!t.comment.isEmpty())
        ddl += QStringLiteral(";\n") +
               commentOn(t.kind == u"enum" ? QStringLiteral("TYPE") : QStringLiteral("DOMAIN"),
                         self, t.comment);
    return ddl;
}

} // namespace detail

} // namespace retort
