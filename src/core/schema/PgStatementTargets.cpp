// The objects PostgreSQL statements touch, from libpg_query's parse tree (as JSON).

#include "db/StatementSplitter.h"
#include "schema/StatementTargetsDetail.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

#include <algorithm>
#include <optional>

namespace retort::statement_targets {

namespace {

// The kind of object an ObjectType names, or empty for one we do not track (functions, roles...).
QString pgKind(const QString &objtype)
{
    static const QHash<QString, QString> kinds{
        {QStringLiteral("OBJECT_TABLE"), QStringLiteral("table")},
        {QStringLiteral("OBJECT_VIEW"), QStringLiteral("view")},
        {QStringLiteral("OBJECT_MATVIEW"), QStringLiteral("materialized view")},
        {QStringLiteral("OBJECT_INDEX"), QStringLiteral("index")},
        {QStringLiteral("OBJECT_SEQUENCE"), QStringLiteral("sequence")},
        {QStringLiteral("OBJECT_TYPE"), QStringLiteral("type")},
        {QStringLiteral("OBJECT_DOMAIN"), QStringLiteral("domain")},
        {QStringLiteral("OBJECT_TRIGGER"), QStringLiteral("trigger")},
        {QStringLiteral("OBJECT_SCHEMA"), QStringLiteral("schema")},
        {QStringLiteral("OBJECT_FOREIGN_TABLE"), QStringLiteral("foreign table")},
    };
    return kinds.value(objtype);
}

// The names of a list of String nodes ([{"String":{"sval":"s"}}, ...]).
QStringList pgStrings(const QJsonArray &items)
{
    QStringList names;
    for (const QJsonValue &item : items)
        names.append(item[QLatin1String("String")][QLatin1String("sval")].toString());
    return names;
}

// The names of an object reference: a List of Strings, a TypeName, or a lone String.
QStringList pgObjectNames(const QJsonObject &node)
{
    if (node.contains(QLatin1String("List")))
        return pgStrings(node[QLatin1String("List")][QLatin1String("items")].toArray());
    if (node.contains(QLatin1String("TypeName")))
        return pgStrings(node[QLatin1String("TypeName")][QLatin1String("names")].toArray());
    if (node.contains(QLatin1String("String")))
        return {node[QLatin1String("String")][QLatin1String("sval")].toString()};
    return {};
}

struct PgName {
    QString schema;
    QString name;
};

PgName pgRangeVar(const QJsonValue &rv)
{
    return {rv[QLatin1String("schemaname")].toString(), rv[QLatin1String("relname")].toString()};
}

// [catalog.][schema.]name as a schema and a name.
PgName pgQualified(const QStringList &names)
{
    if (names.isEmpty())
        return {};
    return {names.size() >= 2 ? names.at(names.size() - 2) : QString(), names.last()};
}

class PgStatementReader {
public:
    explicit PgStatementReader(Collector &c) : m_c(c) {}

    void read(const QString &node, const QJsonObject &s)
    {
        using Handler = void (PgStatementReader::*)(const QJsonObject &);
        static const QHash<QString, Handler> handlers{
            {QStringLiteral("CreateStmt"), &PgStatementReader::createTable},
            {QStringLiteral("CreateForeignTableStmt"), &PgStatementReader::createForeignTable},
            {QStringLiteral("CreateTableAsStmt"), &PgStatementReader::createTableAs},
            {QStringLiteral("ViewStmt"), &PgStatementReader::createView},
            {QStringLiteral("IndexStmt"), &PgStatementReader::createIndex},
            {QStringLiteral("AlterTableStmt"), &PgStatementReader::alterTable},
            {QStringLiteral("AlterObjectSchemaStmt"), &PgStatementReader::alterObjectSchema},
            {QStringLiteral("DropStmt"), &PgStatementReader::drop},
            {QStringLiteral("RenameStmt"), &PgStatementReader::rename},
            {QStringLiteral("CreateSeqStmt"), &PgStatementReader::createSequence},
            {QStringLiteral("AlterSeqStmt"), &PgStatementReader::alterSequence},
            {QStringLiteral("CreateEnumStmt"), &PgStatementReader::createEnum},
            {QStringLiteral("AlterEnumStmt"), &PgStatementReader::alterEnum},
            {QStringLiteral("CompositeTypeStmt"), &PgStatementReader::createCompositeType},
            {QStringLiteral("CreateDomainStmt"), &PgStatementReader::createDomain},
            {QStringLiteral("AlterDomainStmt"), &PgStatementReader::alterDomain},
            {QStringLiteral("CreateTrigStmt"), &PgStatementReader::createTrigger},
            {QStringLiteral("CreateSchemaStmt"), &PgStatementReader::createSchema},
            {QStringLiteral("CommentStmt"), &PgStatementReader::comment},
        };
        if (const auto it = handlers.constFind(node); it != handlers.constEnd())
            (this->*(*it))(s);
    }

private:
    void relation(TouchAction action, const QString &kind, const QJsonValue &rv)
    {
        const PgName n = pgRangeVar(rv);
        m_c.add(action, kind, n.schema, n.name);
    }

    void createTable(const QJsonObject &s)
    {
        relation(TouchAction::Create, QStringLiteral("table"), s[QLatin1String("relation")]);
    }
    void createForeignTable(const QJsonObject &s)
    {
        relation(TouchAction::Create, QStringLiteral("foreign table"),
                 s[QLatin1String("base")][QLatin1String("relation")]);
    }
    void createTableAs(const QJsonObject &s)
    {
        const bool matview = s[QLatin1String("objtype")].toString() == u"OBJECT_MATVIEW";
        relation(TouchAction::Create,
                 matview ? QStringLiteral("materialized view") : QStringLiteral("table"),
                 s[QLatin1String("into")][QLatin1String("rel")]);
    }
    void createView(const QJsonObject &s)
    {
        relation(TouchAction::Create, QStringLiteral("view"), s[QLatin1String("view")]);
    }
    void createIndex(const QJsonObject &s)
    {
        // An index lives in its table's schema.
        const PgName table = pgRangeVar(s[QLatin1String("relation")]);
        m_c.add(TouchAction::Create, QStringLiteral("index"), table.schema,
                s[QLatin1String("idxname")].toString(), table.name);
    }
    void alterTable(const QJsonObject &s)
    {
        const QString kind = pgKind(s[QLatin1String("objtype")].toString());
        if (!kind.isEmpty())
            relation(TouchAction::Alter, kind, s[QLatin1String("relation")]);
    }
    void alterObjectSchema(const QJsonObject &s)
    {
        const QString kind = pgKind(s[QLatin1String("objectType")].toString());
        if (kind.isEmpty())
            return;
        if (s.contains(QLatin1String("relation"))) {
            relation(TouchAction::Alter, kind, s[QLatin1String("relation")]);
        } else {
            const PgName n = pgQualified(pgObjectNames(s[QLatin1String("object")].toObject()));
            m_c.add(TouchAction::Alter, kind, n.schema, n.name);
        }
    }
    void drop(const QJsonObject &s)
    {
        const QString kind = pgKind(s[QLatin1String("removeType")].toString());
        if (kind.isEmpty())
            return;
        for (const QJsonValue &object : s[QLatin1String("objects")].toArray()) {
            const QStringList names = pgObjectNames(object.toObject());
            if (names.isEmpty())
                continue;
            if (kind == u"trigger") { // [schema.]table.trigger
                const PgName table = pgQualified(names.mid(0, names.size() - 1));
                m_c.add(TouchAction::Drop, kind, table.schema, names.last(), table.name);
            } else {
                const PgName n = pgQualified(names);
                m_c.add(TouchAction::Drop, kind, n.schema, n.name);
            }
        }
    }
    void rename(const QJsonObject &s)
    {
        const QString renameType = s[QLatin1String("renameType")].toString();
        const QString newName = s[QLatin1String("newname")].toString();
        const PgName rel = pgRangeVar(s[QLatin1String("relation")]);
        if (renameType == u"OBJECT_COLUMN" || renameType == u"OBJECT_TABCONSTRAINT" ||
            renameType == u"OBJECT_ATTRIBUTE") {
            // The relation keeps its name: an Alter of it.
            QString kind = pgKind(s[QLatin1String("relationType")].toString());
            if (renameType == u"OBJECT_ATTRIBUTE")
                kind = QStringLiteral("type");
            if (kind.isEmpty())
                kind = QStringLiteral("table");
            m_c.add(TouchAction::Alter, kind, rel.schema, rel.name);
            return;
        }
        const QString kind = pgKind(renameType);
        if (kind.isEmpty())
            return;
        if (kind == u"trigger") {
            m_c.add(TouchAction::Rename, kind, rel.schema, s[QLatin1String("subname")].toString(),
                    rel.name, newName);
        } else if (kind == u"schema") {
            m_c.add(TouchAction::Rename, kind, {}, s[QLatin1String("subname")].toString(), {},
                    newName);
        } else if (s.contains(QLatin1String("relation"))) {
            m_c.add(TouchAction::Rename, kind, rel.schema, rel.name, {}, newName);
        } else {
            const PgName n = pgQualified(pgObjectNames(s[QLatin1String("object")].toObject()));
            m_c.add(TouchAction::Rename, kind, n.schema, n.name, {}, newName);
        }
    }
    void createSequence(const QJsonObject &s)
    {
        relation(TouchAction::Create, QStringLiteral("sequence"), s[QLatin1String("sequence")]);
    }
    void alterSequence(const QJsonObject &s)
    {
        relation(TouchAction::Alter, QStringLiteral("sequence"), s[QLatin1String("sequence")]);
    }
    void typeNamed(TouchAction action, const QString &kind, const QJsonValue &names)
    {
        const PgName n = pgQualified(pgStrings(names.toArray()));
        m_c.add(action, kind, n.schema, n.name);
    }
    void createEnum(const QJsonObject &s)
    {
        typeNamed(TouchAction::Create, QStringLiteral("type"), s[QLatin1String("typeName")]);
    }
    void alterEnum(const QJsonObject &s)
    {
        typeNamed(TouchAction::Alter, QStringLiteral("type"), s[QLatin1String("typeName")]);
    }
    void createCompositeType(const QJsonObject &s)
    {
        relation(TouchAction::Create, QStringLiteral("type"), s[QLatin1String("typevar")]);
    }
    void createDomain(const QJsonObject &s)
    {
        typeNamed(TouchAction::Create, QStringLiteral("domain"), s[QLatin1String("domainname")]);
    }
    void alterDomain(const QJsonObject &s)
    {
        typeNamed(TouchAction::Alter, QStringLiteral("domain"), s[QLatin1String("typeName")]);
    }
    void createTrigger(const QJsonObject &s)
    {
        const PgName table = pgRangeVar(s[QLatin1String("relation")]);
        m_c.add(TouchAction::Create, QStringLiteral("trigger"), table.schema,
                s[QLatin1String("trigname")].toString(), table.name);
    }
    void createSchema(const QJsonObject &s)
    {
        const QString name = s[QLatin1String("schemaname")].toString();
        if (!name.isEmpty()) // CREATE SCHEMA AUTHORIZATION role names none
            m_c.add(TouchAction::Create, QStringLiteral("schema"), {}, name);
    }
    void comment(const QJsonObject &s)
    {
        const QString objtype = s[QLatin1String("objtype")].toString();
        const QStringList names = pgObjectNames(s[QLatin1String("object")].toObject());
        if (names.isEmpty())
            return;
        if (objtype == u"OBJECT_COLUMN" || objtype == u"OBJECT_TABCONSTRAINT") {
            // [schema.]table.column / table.constraint: a comment on the table's part.
            const PgName table = pgQualified(names.mid(0, names.size() - 1));
            m_c.add(TouchAction::Comment, QStringLiteral("table"), table.schema, table.name);
            return;
        }
        const QString kind = pgKind(objtype);
        if (kind.isEmpty())
            return;
        if (kind == u"trigger") {
            const PgName table = pgQualified(names.mid(0, names.size() - 1));
            m_c.add(TouchAction::Comment, kind, table.schema, names.last(), table.name);
        } else {
            const PgName n = pgQualified(names);
            m_c.add(TouchAction::Comment, kind, n.schema, n.name);
        }
    }

    Collector &m_c;
};

// First byte at or after `i` (before `end`) that is neither whitespace nor in a comment.
qsizetype skipInsignificant(const QByteArray &u, qsizetype i, qsizetype end)
{
    while (i < end) {
        const char c = u[i];
        const char next = i + 1 < end ? u[i + 1] : '\0';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            ++i;
        } else if (c == '-' && next == '-') {
            while (i < end && u[i] != '\n')
                ++i;
        } else if (c == '/' && next == '*') {
            int depth = 0;
            while (i < end) {
                if (u[i] == '/' && i + 1 < end && u[i + 1] == '*') {
                    ++depth;
                    i += 2;
                } else if (u[i] == '*' && i + 1 < end && u[i + 1] == '/') {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    ++i;
                }
            }
        } else {
            break;
        }
    }
    return i;
}

// The targets of `stmts` (libpg_query's parse tree of `utf8`, as JSON); a statement's line is
// `firstLine` plus the line breaks before its first significant byte.
void readPgStatements(const QJsonArray &stmts, const QByteArray &utf8, int firstLine,
                      std::vector<StatementTarget> &out)
{
    int line = firstLine;
    qsizetype counted = 0;
    for (const QJsonValue &raw : stmts) {
        const qsizetype location = raw[QLatin1String("stmt_location")].toInteger();
        const qsizetype length = raw[QLatin1String("stmt_len")].toInteger();
        const qsizetype end = length > 0 ? std::min(location + length, utf8.size()) : utf8.size();
        const qsizetype start = skipInsignificant(utf8, location, end);
        line += int(QByteArrayView(utf8).sliced(counted, start - counted).count('\n'));
        counted = start;
        qsizetype eol = utf8.indexOf('\n', start);
        if (eol < 0 || eol > end)
            eol = end;
        Collector c{out, line, summaryOf(QString::fromUtf8(utf8.mid(start, eol - start)))};
        PgStatementReader reader(c);
        const QJsonObject stmt = raw[QLatin1String("stmt")].toObject();
        for (auto it = stmt.constBegin(); it != stmt.constEnd(); ++it)
            reader.read(it.key(), it.value().toObject());
    }
}

// Parses `utf8` with libpg_query: the statements of its tree, or nothing when it is rejected.
std::optional<QJsonArray> pgParse(const QByteArray &utf8)
{
    PgQueryParseResult result = pg_query_parse(utf8.constData());
    std::optional<QJsonArray> stmts;
    if (!result.error)
        stmts = QJsonDocument::fromJson(QByteArray(result.parse_tree))[QLatin1String("stmts")]
                    .toArray();
    pg_query_free_parse_result(result);
    return stmts;
}

} // namespace

// The whole section is parsed at once (one parse, the usual case); when PostgreSQL 15's grammar
// rejects it, each statement splitStatements finds is parsed alone and those rejected are
// skipped (the server will judge them).
void postgresqlTargets(const QString &sql, std::vector<StatementTarget> &out)
{
    const QByteArray utf8 = sql.toUtf8();
    if (const auto stmts = pgParse(utf8)) {
        readPgStatements(*stmts, utf8, 1, out);
        return;
    }
    for (const Statement &statement : splitStatements(sql, Dialect::postgresql())) {
        const QByteArray one = statement.text.toUtf8();
        if (const auto stmts = pgParse(one))
            readPgStatements(*stmts, one, statement.line, out);
    }
}

} // namespace retort::statement_targets
