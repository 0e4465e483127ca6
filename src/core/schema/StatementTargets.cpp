#include "schema/StatementTargets.h"

#include "db/StatementSplitter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pg_query.h>

#include <algorithm>
#include <optional>

namespace retort {

QString touchActionName(TouchAction action)
{
    switch (action) {
    case TouchAction::Create:
        return QStringLiteral("create");
    case TouchAction::Alter:
        return QStringLiteral("alter");
    case TouchAction::Drop:
        return QStringLiteral("drop");
    case TouchAction::Rename:
        return QStringLiteral("rename");
    case TouchAction::Comment:
        return QStringLiteral("comment");
    }
    Q_UNREACHABLE();
}

namespace {

// The statement's first line, shortened for display.
QString summaryOf(const QString &text)
{
    QString first = text.section(u'\n', 0, 0).trimmed();
    if (first.size() > 120)
        first = first.left(119) + QChar(0x2026);
    return first;
}

// Collects the targets of one statement, all with its line and summary.
struct Collector {
    std::vector<StatementTarget> &out;
    int line = 0;
    QString summary;

    void add(TouchAction action, const QString &kind, const QString &schema, const QString &name,
             const QString &table = {}, const QString &renamedTo = {})
    {
        out.push_back(StatementTarget{action, kind, schema, name, table, renamedTo, line, summary});
    }
};

// ---------------------------------------------------------------------------------------------
// PostgreSQL: libpg_query's parse tree as JSON

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

// ---------------------------------------------------------------------------------------------
// SQLite and MySQL/MariaDB: tokens

struct Token {
    enum Kind { Word, Quoted, String, Punct };
    Kind kind = Punct;
    QString text; // a word as written, a quoted identifier unquoted, a punctuation character
};

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$' || c.unicode() >= 0x80;
}

// The tokens of one statement: comments dropped, strings and quoted identifiers whole.
std::vector<Token> lexStatement(const QString &s, DialectKind dialect)
{
    const bool mysql = dialect == DialectKind::Mysql;
    std::vector<Token> tokens;
    const qsizetype n = s.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = s[i];
        const QChar next = i + 1 < n ? s[i + 1] : QChar();
        if (c.isSpace()) {
            ++i;
        } else if ((c == u'-' && next == u'-' &&
                    (!mysql || i + 2 == n || s[i + 2].unicode() <= u' ')) || // MySQL: "-- "
                   (mysql && c == u'#')) {
            while (i < n && s[i] != u'\n')
                ++i;
        } else if (c == u'/' && next == u'*') {
            if (mysql && i + 2 < n && s[i + 2] == u'!') { // executable comment: its text is code
                i += 3;
                while (i < n && s[i].isDigit())
                    ++i;
                continue;
            }
            const qsizetype close = s.indexOf(QStringLiteral("*/"), i + 2);
            i = close < 0 ? n : close + 2;
        } else if (mysql && c == u'*' && next == u'/') { // the end of an executable comment
            i += 2;
        } else if (c == u'\'' || c == u'"' || c == u'`' || (!mysql && c == u'[')) {
            const QChar close = c == u'[' ? QChar(u']') : c;
            const bool escapes = mysql && c != u'`';
            QString text;
            ++i;
            while (i < n) {
                if (escapes && s[i] == u'\\' && i + 1 < n) {
                    text += s[i + 1];
                    i += 2;
                } else if (s[i] == close) {
                    if (close != u']' && i + 1 < n && s[i + 1] == close) { // doubled quote
                        text += close;
                        i += 2;
                    } else {
                        ++i;
                        break;
                    }
                } else {
                    text += s[i++];
                }
            }
            tokens.push_back({c == u'\'' ? Token::String : Token::Quoted, text});
        } else if (isWordChar(c)) {
            const qsizetype start = i;
            while (i < n && isWordChar(s[i]))
                ++i;
            tokens.push_back({Token::Word, s.mid(start, i - start)});
        } else {
            tokens.push_back({Token::Punct, QString(c)});
            ++i;
        }
    }
    return tokens;
}

// Reads the statement's tokens for the objects it names.
class TokenReader {
public:
    TokenReader(std::vector<Token> tokens, Collector &c) : m_t(std::move(tokens)), m_c(c) {}

    void read()
    {
        if (isKw(0, u"CREATE"))
            create();
        else if (isKw(0, u"ALTER"))
            alter();
        else if (isKw(0, u"DROP"))
            drop();
        else if (isKw(0, u"RENAME") && (isKw(1, u"TABLE") || isKw(1, u"TABLES")))
            renameTables();
    }

private:
    struct Name {
        QString schema;
        QString name;
    };

    bool isKw(size_t i, QStringView kw) const
    {
        return i < m_t.size() && m_t[i].kind == Token::Word &&
               m_t[i].text.compare(kw, Qt::CaseInsensitive) == 0;
    }
    bool isPunct(size_t i, QChar p) const
    {
        return i < m_t.size() && m_t[i].kind == Token::Punct && m_t[i].text == p;
    }
    bool isIdent(size_t i) const
    {
        return i < m_t.size() && (m_t[i].kind == Token::Word || m_t[i].kind == Token::Quoted);
    }
    // Skips IF [NOT] EXISTS at i.
    void skipIfExists(size_t &i) const
    {
        if (isKw(i, u"IF") && isKw(i + 1, u"EXISTS"))
            i += 2;
        else if (isKw(i, u"IF") && isKw(i + 1, u"NOT") && isKw(i + 2, u"EXISTS"))
            i += 3;
    }
    // [schema.]name at i, advancing past it.
    std::optional<Name> name(size_t &i) const
    {
        if (!isIdent(i))
            return std::nullopt;
        if (isPunct(i + 1, u'.') && isIdent(i + 2)) {
            Name n{m_t[i].text, m_t[i + 2].text};
            i += 3;
            return n;
        }
        return Name{{}, m_t[i++].text};
    }
    // The object kind a keyword introduces, or empty.
    static QString kindOf(const Token &t)
    {
        if (t.kind != Token::Word)
            return {};
        static const QHash<QString, QString> kinds{
            {QStringLiteral("TABLE"), QStringLiteral("table")},
            {QStringLiteral("VIEW"), QStringLiteral("view")},
            {QStringLiteral("INDEX"), QStringLiteral("index")},
            {QStringLiteral("TRIGGER"), QStringLiteral("trigger")},
            {QStringLiteral("SEQUENCE"), QStringLiteral("sequence")},
            {QStringLiteral("DATABASE"), QStringLiteral("schema")},
            {QStringLiteral("SCHEMA"), QStringLiteral("schema")},
        };
        return kinds.value(t.text.toUpper());
    }
    // The position after the first kind keyword among the words that may come before it
    // (TEMP, UNIQUE, OR REPLACE, ALGORITHM=..., DEFINER=..., SQL SECURITY ...); `kind` gets it.
    // 0 when another kind of object (a function, a procedure, a user) or nothing is named.
    size_t findKind(size_t from, QString &kind) const
    {
        static const QStringList others{QStringLiteral("FUNCTION"),  QStringLiteral("PROCEDURE"),
                                        QStringLiteral("EVENT"),     QStringLiteral("USER"),
                                        QStringLiteral("ROLE"),      QStringLiteral("SERVER"),
                                        QStringLiteral("TABLESPACE")};
        for (size_t i = from; i < m_t.size() && i < from + 16; ++i) {
            if (isPunct(i, u'('))
                return 0;
            kind = kindOf(m_t[i]);
            if (!kind.isEmpty())
                return i + 1;
            if (m_t[i].kind == Token::Word && others.contains(m_t[i].text.toUpper()))
                return 0;
        }
        return 0;
    }
    // The position of the first ON keyword at bracket depth 0 from i, or m_t.size().
    size_t findOn(size_t i) const
    {
        int depth = 0;
        for (; i < m_t.size(); ++i) {
            if (isPunct(i, u'('))
                ++depth;
            else if (isPunct(i, u')'))
                --depth;
            else if (depth == 0 && isKw(i, u"ON"))
                return i;
        }
        return m_t.size();
    }

    void create()
    {
        QString kind;
        size_t i = findKind(1, kind);
        if (i == 0)
            return;
        skipIfExists(i);
        const auto n = name(i);
        if (!n)
            return;
        if (kind == u"index" || kind == u"trigger") {
            size_t on = findOn(i) + 1;
            const auto table = name(on);
            if (!table)
                return;
            m_c.add(TouchAction::Create, kind, n->schema.isEmpty() ? table->schema : n->schema,
                    n->name, table->name);
            return;
        }
        m_c.add(TouchAction::Create, kind, n->schema, n->name);
    }

    void drop()
    {
        QString kind;
        size_t i = findKind(1, kind);
        if (i == 0)
            return;
        skipIfExists(i);
        std::vector<Name> names;
        while (auto n = name(i)) {
            names.push_back(*n);
            if (!isPunct(i, u','))
                break;
            ++i;
        }
        std::optional<Name> table;
        if (isKw(i, u"ON")) { // MySQL: DROP INDEX ix ON t
            ++i;
            table = name(i);
        }
        for (const Name &n : names)
            m_c.add(TouchAction::Drop, kind, n.schema.isEmpty() && table ? table->schema : n.schema,
                    n.name, table ? table->name : QString());
    }

    void renameTables()
    {
        size_t i = 2;
        while (true) {
            const auto from = name(i);
            if (!from || !isKw(i, u"TO"))
                return;
            ++i;
            const auto to = name(i);
            if (!to)
                return;
            m_c.add(TouchAction::Rename, QStringLiteral("table"), from->schema, from->name, {},
                    to->name);
            if (!isPunct(i, u','))
                return;
            ++i;
        }
    }

    void alter()
    {
        QString kind;
        size_t i = findKind(1, kind);
        if (i == 0 || kind == u"index" || kind == u"trigger")
            return;
        skipIfExists(i);
        // MySQL's ALTER DATABASE may leave the name out (the current database): not a name.
        static const QStringList databaseOptions{
            QStringLiteral("CHARACTER"), QStringLiteral("CHARSET"),    QStringLiteral("DEFAULT"),
            QStringLiteral("COLLATE"),   QStringLiteral("ENCRYPTION"), QStringLiteral("READ"),
            QStringLiteral("COMMENT"),   QStringLiteral("UPGRADE")};
        if (kind == u"schema" && i < m_t.size() && m_t[i].kind == Token::Word &&
            databaseOptions.contains(m_t[i].text.toUpper()))
            return;
        const auto n = name(i);
        if (!n)
            return;
        if (kind != u"table") {
            m_c.add(TouchAction::Alter, kind, n->schema, n->name);
            return;
        }
        alterTableClauses(*n, i);
    }

    // ALTER TABLE's comma-separated clauses from i: the table is altered, renamed, and MySQL's
    // index clauses create, drop or rename its indexes.
    void alterTableClauses(const Name &table, size_t i)
    {
        std::vector<std::pair<size_t, size_t>> clauses; // [begin, end) token ranges
        int depth = 0;
        size_t begin = i;
        for (size_t k = i; k < m_t.size(); ++k) {
            if (isPunct(k, u'('))
                ++depth;
            else if (isPunct(k, u')'))
                --depth;
            else if (depth == 0 && isPunct(k, u',')) {
                clauses.emplace_back(begin, k);
                begin = k + 1;
            }
        }
        clauses.emplace_back(begin, m_t.size());

        bool altered = false;
        std::optional<QString> renamedTo;
        std::vector<StatementTarget> indexes;
        Collector indexCollector{indexes, m_c.line, m_c.summary};
        for (const auto &[b, e] : clauses) {
            if (b >= e)
                continue;
            if (isKw(b, u"RENAME")) {
                if (const auto to = tableRename(b, e)) {
                    renamedTo = *to;
                    continue;
                }
                if ((isKw(b + 1, u"INDEX") || isKw(b + 1, u"KEY")) && isIdent(b + 2) &&
                    isKw(b + 3, u"TO") && isIdent(b + 4))
                    indexCollector.add(TouchAction::Rename, QStringLiteral("index"), table.schema,
                                       m_t[b + 2].text, table.name, m_t[b + 4].text);
            } else if (isKw(b, u"ADD")) {
                if (const auto ix = addedIndexName(b + 1, e))
                    indexCollector.add(TouchAction::Create, QStringLiteral("index"), table.schema,
                                       *ix, table.name);
            } else if (isKw(b, u"DROP") && (isKw(b + 1, u"INDEX") || isKw(b + 1, u"KEY"))) {
                size_t k = b + 2;
                skipIfExists(k);
                if (isIdent(k))
                    indexCollector.add(TouchAction::Drop, QStringLiteral("index"), table.schema,
                                       m_t[k].text, table.name);
            }
            altered = true;
        }
        if (altered)
            m_c.add(TouchAction::Alter, QStringLiteral("table"), table.schema, table.name);
        m_c.out.insert(m_c.out.end(), indexes.begin(), indexes.end());
        if (renamedTo)
            m_c.add(TouchAction::Rename, QStringLiteral("table"), table.schema, table.name, {},
                    *renamedTo);
    }

    // The new name of a table-renaming clause RENAME [TO|AS] new (MySQL also RENAME new); not a
    // column (RENAME [COLUMN] a TO b) nor an index (RENAME INDEX|KEY a TO b).
    std::optional<QString> tableRename(size_t b, size_t e) const
    {
        size_t k = b + 1;
        if (isKw(k, u"COLUMN") || isKw(k, u"INDEX") || isKw(k, u"KEY") || isKw(k, u"CONSTRAINT"))
            return std::nullopt;
        if (isKw(k, u"TO") || isKw(k, u"AS")) {
            ++k;
        } else if (isKw(k + 1, u"TO")) {
            return std::nullopt; // SQLite: RENAME a TO b is a column
        }
        const auto n = name(k);
        if (!n || k > e)
            return std::nullopt;
        return n->name;
    }

    // ADD [CONSTRAINT [sym]] [UNIQUE|FULLTEXT|SPATIAL] {INDEX|KEY} [IF NOT EXISTS] name ...: the
    // index name, or nothing for another clause or an unnamed index.
    std::optional<QString> addedIndexName(size_t k, size_t e) const
    {
        if (isKw(k, u"CONSTRAINT")) {
            ++k;
            if (isIdent(k) && !isKw(k, u"UNIQUE") && !isKw(k, u"PRIMARY") && !isKw(k, u"FOREIGN") &&
                !isKw(k, u"CHECK"))
                ++k;
        }
        bool indexClause = false;
        if (isKw(k, u"UNIQUE") || isKw(k, u"FULLTEXT") || isKw(k, u"SPATIAL")) {
            indexClause = true;
            ++k;
        }
        if (isKw(k, u"INDEX") || isKw(k, u"KEY")) {
            indexClause = true;
            ++k;
        }
        if (!indexClause)
            return std::nullopt;
        skipIfExists(k);
        if (k >= e || !isIdent(k) || isKw(k, u"USING"))
            return std::nullopt;
        return m_t[k].text;
    }

    std::vector<Token> m_t;
    Collector &m_c;
};

} // namespace

std::vector<StatementTarget> statementTargets(const QString &sql, DialectKind dialect)
{
    std::vector<StatementTarget> out;
    if (dialect == DialectKind::Postgresql) {
        postgresqlTargets(sql, out);
        return out;
    }
    const Dialect d = dialect == DialectKind::Mysql ? Dialect::mysql() : Dialect::sqlite();
    for (const Statement &statement : splitStatements(sql, d)) {
        Collector c{out, statement.line, summaryOf(statement.text)};
        TokenReader(lexStatement(statement.text, dialect), c).read();
    }
    return out;
}

QString storedIdentifier(const QString &written, DialectKind dialect)
{
    const QString w = written.trimmed();
    if (w.size() >= 2) {
        const QChar open = w.front();
        const QChar close = open == u'[' ? QChar(u']') : open;
        const bool quote =
            open == u'"' || open == u'`' || (open == u'[' && dialect == DialectKind::Sqlite);
        if (quote && w.back() == close) {
            QString inner = w.mid(1, w.size() - 2);
            if (close != u']')
                inner.replace(QString(2, close), QString(close));
            return inner;
        }
    }
    if (dialect != DialectKind::Postgresql)
        return w;
    QString folded = w;
    for (QChar &c : folded)
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    return folded;
}

} // namespace retort
