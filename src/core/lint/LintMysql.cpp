// MySQL/MariaDB's lint rules, read from schema/SqlTokens.h's tokens, one statement at a time.
// Comments and string literals are never looked at as code: they are single tokens (or gone).
//
// alter-needs-copy follows the InnoDB online DDL documentation of MariaDB ("InnoDB Online DDL
// Operations with the INPLACE / INSTANT Alter Algorithm") and MySQL 8.0 ("Online DDL
// Operations"), checked against a real MariaDB by tests/server/LintMariaDbTest.cpp: what an
// `ALTER TABLE ..., ALGORITHM=INPLACE` refuses is what this rule reports.

#include "lint/LintTokens.h"

#include <QJsonArray>

#include <optional>

namespace retort::lint_detail {

using namespace Qt::Literals::StringLiterals;

namespace {

// ---- versions -------------------------------------------------------------------------------

bool isMariaDb(int v)
{
    return v == 0 || v >= 100000;
}

QString productVersion(int v)
{
    if (v == 0)
        return u"the newest MariaDB (server version unknown)"_s;
    return QStringLiteral("%1 %2.%3.%4")
        .arg(isMariaDb(v) ? u"MariaDB"_s : u"MySQL"_s)
        .arg(v / 10000)
        .arg(v / 100 % 100)
        .arg(v % 100);
}

QJsonObject versionFacts(int v)
{
    QJsonObject f;
    f["server_version_num"_L1] = v;
    f["server"_L1] = productVersion(v);
    if (v == 0)
        f["assumed"_L1] = u"the newest MariaDB semantics (server version unknown)"_s;
    return f;
}

// ---- types ----------------------------------------------------------------------------------

// Bytes per character of a character set (its mbmaxlen); unknown sets count as 4 (the worst).
int charsetBytes(const QString &charset)
{
    static const QHash<QString, int> bytes{
        {u"latin1"_s, 1},   {u"ascii"_s, 1},   {u"binary"_s, 1},  {u"latin2"_s, 1},
        {u"latin5"_s, 1},   {u"latin7"_s, 1},  {u"cp1250"_s, 1},  {u"cp1251"_s, 1},
        {u"cp1256"_s, 1},   {u"cp1257"_s, 1},  {u"cp850"_s, 1},   {u"cp852"_s, 1},
        {u"cp866"_s, 1},    {u"greek"_s, 1},   {u"hebrew"_s, 1},  {u"koi8r"_s, 1},
        {u"koi8u"_s, 1},    {u"swe7"_s, 1},    {u"dec8"_s, 1},    {u"hp8"_s, 1},
        {u"armscii8"_s, 1}, {u"geostd8"_s, 1}, {u"keybcs2"_s, 1}, {u"macce"_s, 1},
        {u"macroman"_s, 1}, {u"tis620"_s, 1},  {u"ucs2"_s, 2},    {u"gbk"_s, 2},
        {u"big5"_s, 2},     {u"sjis"_s, 2},    {u"cp932"_s, 2},   {u"euckr"_s, 2},
        {u"gb2312"_s, 2},   {u"ujis"_s, 3},    {u"eucjpms"_s, 3}, {u"utf8"_s, 3},
        {u"utf8mb3"_s, 3},  {u"utf8mb4"_s, 4}, {u"utf16"_s, 4},   {u"utf16le"_s, 4},
        {u"utf32"_s, 4},    {u"gb18030"_s, 4},
    };
    return bytes.value(charset, 4);
}

// A column definition as read from CREATE TABLE, ADD, MODIFY or CHANGE.
struct ColumnDef {
    QString name;
    LintColumnInfo info;
    bool hasDefault = false;
    QStringList defaultFunctions; // functions called in the DEFAULT expression, lower case
    QStringList defaultWords;     // other words in it (column names, NULL, CURRENT_TIMESTAMP...)
    bool position = false;        // FIRST / AFTER
    bool references = false;      // an inline REFERENCES
    bool check = false;
    QString refTable;
};

QString normalizedBase(const QString &word)
{
    const QString w = word.toLower();
    if (w == u"integer")
        return u"int"_s;
    if (w == u"int4")
        return u"int"_s;
    if (w == u"int8")
        return u"bigint"_s;
    if (w == u"int2")
        return u"smallint"_s;
    if (w == u"int1" || w == u"bool" || w == u"boolean")
        return u"tinyint"_s;
    if (w == u"int3" || w == u"middleint")
        return u"mediumint"_s;
    if (w == u"dec" || w == u"numeric" || w == u"fixed")
        return u"decimal"_s;
    if (w == u"character")
        return u"char"_s;
    if (w == u"real" || w == u"float8")
        return u"double"_s;
    if (w == u"float4")
        return u"float"_s;
    return w;
}

int intBytes(const QString &base)
{
    if (base == u"tinyint")
        return 1;
    if (base == u"smallint")
        return 2;
    if (base == u"mediumint")
        return 3;
    if (base == u"int")
        return 4;
    if (base == u"bigint")
        return 8;
    return 0;
}

// The parsed type: base, arguments and flags, plus the text stored in LintColumnInfo::type.
struct MyType {
    QString base;
    QList<int> args;
    bool isUnsigned = false;
    bool zerofill = false;

    QString text() const
    {
        QString t = base;
        if (!args.isEmpty() && intBytes(base) == 0 && base != u"enum" && base != u"set") {
            QStringList a;
            for (int x : args)
                a.append(QString::number(x));
            t += u'(' + a.join(u',') + u')';
        }
        if (isUnsigned)
            t += u" unsigned"_s;
        if (zerofill)
            t += u" zerofill"_s;
        return t;
    }
};

MyType typeFromText(const QString &text)
{
    MyType t;
    QString s = text;
    if (s.endsWith(u" zerofill"_s)) {
        t.zerofill = true;
        s.chop(9);
    }
    if (s.endsWith(u" unsigned"_s)) {
        t.isUnsigned = true;
        s.chop(9);
    }
    const qsizetype open = s.indexOf(u'(');
    t.base = open < 0 ? s : s.left(open);
    if (open >= 0)
        for (const QString &a : s.mid(open + 1).chopped(1).split(u','))
            t.args.append(a.toInt());
    return t;
}

bool isVarLength(const QString &base)
{
    return base == u"varchar" || base == u"varbinary";
}

// How many bytes ENUM/SET values take.
int enumSetBytes(const QString &base, int members)
{
    if (base == u"enum")
        return members <= 255 ? 1 : 2;
    const int b = (members + 7) / 8;
    return b > 4 ? 8 : b;
}

bool startsWith(const QStringList &list, const QStringList &prefix)
{
    if (prefix.size() > list.size())
        return false;
    for (qsizetype i = 0; i < prefix.size(); ++i)
        if (list[i] != prefix[i])
            return false;
    return true;
}

// ---- the linter -----------------------------------------------------------------------------

enum class Class { Ddl, Dml, Setting, Other };

class MyLinter : public TokenLinter {
public:
    MyLinter(const LintContext &c, const LintOptions &o, int firstLine)
        : TokenLinter(c, o), m_firstLine(std::max(firstLine, 1))
    {
        m_schema = c.schema ? c.schema : &m_local;
    }

    SectionResult run(const std::vector<Statement> &statements)
    {
        m_statements = &statements;
        for (const Statement &s : statements) {
            m_text = s.text;
            m_tokens = sqlTokens(s.text, DialectKind::Mysql);
            m_classes.push_back(statement());
            m_out.kinds.push_back(m_classes.back() == Class::Setting ? StatementKind::Setting
                                                                     : StatementKind::Other);
            ++m_index;
        }
        implicitCommit();
        return std::move(m_out);
    }

private:
    using Cur = TokenCursor;

    LintTableInfo *table(const QString &name)
    {
        const auto it = m_schema->tables.find(name);
        return it == m_schema->tables.end() ? nullptr : &*it;
    }

    Class statement()
    {
        Cur c(m_tokens);
        const QString first = c.firstWord();
        if (first == u"CREATE")
            return create(c);
        if (first == u"ALTER") {
            c.pos = 1;
            c.accept(u"ONLINE");
            c.accept(u"IGNORE");
            if (c.accept(u"TABLE"))
                alterTable(c);
            return Class::Ddl;
        }
        if (first == u"DROP")
            return drop(c);
        if (first == u"RENAME") {
            c.pos = 1;
            if (c.accept(u"TABLE") || c.accept(u"TABLES"))
                renameTables(c);
            return Class::Ddl;
        }
        if (first == u"TRUNCATE") {
            c.pos = 1;
            c.accept(u"TABLE");
            const Cur::Name n = c.qualifiedName();
            if (n.valid())
                truncateTable(m_index, n.name, n.display);
            return Class::Ddl;
        }
        if (first == u"DELETE" || first == u"UPDATE") {
            deleteOrUpdate(c, first == u"DELETE");
            return Class::Dml;
        }
        if (first == u"INSERT" || first == u"REPLACE" || first == u"LOAD" || first == u"CALL")
            return Class::Dml;
        if (first == u"SET") {
            setVariable(c);
            return Class::Setting;
        }
        if (first == u"SELECT" || first == u"SHOW" || first == u"USE" || first == u"DO" ||
            first == u"START" || first == u"BEGIN" || first == u"COMMIT" || first == u"ROLLBACK" ||
            first == u"ANALYZE" || first == u"EXPLAIN")
            return Class::Setting;
        return Class::Other;
    }

    // SET [SESSION|GLOBAL] foreign_key_checks = 0, SET @@foreign_key_checks = OFF, ...
    void setVariable(Cur &c)
    {
        bool global = false; // SET GLOBAL / PERSIST x = ..., @@global.x: not this session
        for (size_t i = 1; i < c.size(); ++i) {
            if (c.at(i).isPunct(u','))
                global = false;
            if (c.at(i).is(u"GLOBAL") || c.at(i).is(u"PERSIST") || c.at(i).is(u"PERSIST_ONLY"))
                global = true;
            else if (c.at(i).is(u"SESSION") || c.at(i).is(u"LOCAL"))
                global = false;
            if (!c.at(i).is(u"foreign_key_checks") || global)
                continue;
            size_t v = i + 1;
            if (c.at(v).isPunct(u'=') || c.at(v).isPunct(u':'))
                ++v;
            if (c.at(v).isPunct(u'='))
                ++v;
            const QString value = c.at(v).text.toLower();
            if (value == u"0" || value == u"off" || value == u"false")
                m_fkChecksOff = true;
            else if (value == u"1" || value == u"on" || value == u"true" || value == u"default")
                m_fkChecksOff = false;
        }
    }

    Class create(Cur &c)
    {
        c.pos = 1;
        c.accept({u"OR", u"REPLACE"});
        c.accept(u"TEMPORARY");
        if (c.accept(u"TABLE")) {
            createTable(c);
            return Class::Ddl;
        }
        if (c.accept(u"DATABASE") || c.accept(u"SCHEMA")) {
            c.skipIfExists();
            const QString name = c.ident();
            if (!name.isEmpty())
                created.insert(u"schema:"_s + name.toLower());
            return Class::Ddl;
        }
        // CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON table: no copy (INPLACE), but the
        // index makes a later DROP COLUMN's bookkeeping right.
        c.accept(u"UNIQUE");
        const bool fulltext = c.accept(u"FULLTEXT");
        c.accept(u"SPATIAL");
        if (c.accept(u"INDEX")) {
            c.skipIfExists();
            const QString name = c.ident();
            if (!name.isEmpty())
                created.insert(u"index:"_s + name.toLower());
            while (!c.atEnd() && !c.is(u"ON"))
                ++c.pos;
            if (c.accept(u"ON")) {
                const Cur::Name t = c.qualifiedName();
                if (LintTableInfo *info = table(t.name)) {
                    if (fulltext)
                        ++info->fulltextIndexes;
                    for (const QString &col : columnList(c))
                        info->indexed.insert(col);
                }
            }
        }
        return Class::Ddl;
    }

    // The column names of a `(a, b(10), c DESC)` list at the cursor, consumed.
    QStringList columnList(Cur &c)
    {
        QStringList out;
        if (!c.isPunct(u'('))
            return out;
        const size_t open = c.skipParens();
        const size_t end = c.pos;
        bool expectName = true;
        int depth = 0;
        for (size_t i = open + 1; i + 1 < end; ++i) {
            const SqlToken &t = c.at(i);
            if (t.isPunct(u'('))
                ++depth;
            else if (t.isPunct(u')'))
                --depth;
            else if (depth == 0 && t.isPunct(u','))
                expectName = true;
            else if (depth == 0 && expectName && t.isIdent()) {
                out.append(t.text.toLower());
                expectName = false;
            }
        }
        return out;
    }

    // A column definition from the cursor (just after the column's name) to the end of its
    // element (`,` at depth 0, or the `)` closing a CREATE TABLE list).
    ColumnDef columnDef(Cur &c, const QString &name)
    {
        ColumnDef d;
        d.name = name;
        MyType type;
        type.base = normalizedBase(c.peek().text);
        ++c.pos;
        if (type.base == u"double" && c.is(u"PRECISION"))
            ++c.pos;
        if (type.base == u"char" && c.accept(u"VARYING"))
            type.base = u"varchar"_s;
        if (type.base == u"national" || type.base == u"long") {
            type.base = normalizedBase(c.peek().text);
            ++c.pos;
        }
        if (c.isPunct(u'(')) {
            const size_t open = c.skipParens();
            for (size_t i = open + 1; i + 1 < c.pos; ++i) {
                const SqlToken &t = c.at(i);
                if (t.kind == SqlToken::String)
                    d.info.values.append(t.text);
                else if (t.kind == SqlToken::Number)
                    type.args.append(t.text.toInt());
            }
        }
        int depth = 0;
        while (!c.atEnd()) {
            const SqlToken &t = c.peek();
            if (t.isPunct(u'('))
                ++depth;
            else if (t.isPunct(u')')) {
                if (depth == 0)
                    break;
                --depth;
            } else if (depth == 0 && t.isPunct(u','))
                break;
            if (depth > 0) {
                ++c.pos;
                continue;
            }
            if (c.accept(u"UNSIGNED"))
                type.isUnsigned = true;
            else if (c.accept(u"ZEROFILL"))
                type.zerofill = true;
            else if (c.accept({u"CHARACTER", u"SET"}) || c.accept(u"CHARSET")) {
                c.acceptPunct(u'=');
                d.info.charset = c.peek().text.toLower();
                ++c.pos;
            } else if (c.accept(u"COLLATE")) {
                c.acceptPunct(u'=');
                d.info.collation = c.peek().text.toLower();
                ++c.pos;
            } else if (c.accept({u"NOT", u"NULL"}))
                d.info.notNull = true;
            else if (c.accept(u"NULL"))
                d.info.notNull = false;
            else if (c.accept(u"DEFAULT")) {
                d.hasDefault = true;
                // The default's expression: a literal, a function call, or (expr).
                size_t from = c.pos, to = c.pos;
                if (c.isPunct(u'(')) {
                    c.skipParens();
                    to = c.pos;
                } else {
                    if (c.isPunct(u'-') || c.isPunct(u'+'))
                        ++c.pos;
                    ++c.pos;
                    if (c.isPunct(u'('))
                        c.skipParens();
                    to = c.pos;
                }
                for (size_t i = from; i < to; ++i) {
                    const SqlToken &t = c.at(i);
                    // b'01', x'1F', _utf8mb4'...': prefixes of a literal, not names
                    if (t.kind != SqlToken::Word || c.at(i + 1).kind == SqlToken::String)
                        continue;
                    if (c.at(i + 1).isPunct(u'('))
                        d.defaultFunctions.append(t.text.toLower());
                    else
                        d.defaultWords.append(t.text.toLower());
                }
            } else if (c.accept(u"AUTO_INCREMENT"))
                d.info.autoIncrement = true;
            else if (c.accept({u"PRIMARY", u"KEY"}))
                d.info.primaryKey = true;
            else if (c.accept(u"UNIQUE")) {
                d.info.unique = true;
                c.accept(u"KEY");
            } else if (c.accept(u"KEY"))
                d.info.primaryKey = true;
            else if (c.accept(u"GENERATED")) {
                c.accept(u"ALWAYS");
            } else if (c.accept(u"AS")) {
                d.info.generated = true;
                c.skipParens();
            } else if (c.accept(u"STORED") || c.accept(u"PERSISTENT"))
                d.info.stored = true;
            else if (c.accept(u"VIRTUAL"))
                d.info.stored = false;
            else if (c.accept(u"REFERENCES")) {
                d.references = true;
                d.refTable = c.qualifiedName().name;
            } else if (c.accept(u"CHECK")) {
                d.check = true;
                c.skipParens();
            } else if (c.accept(u"FIRST"))
                d.position = true;
            else if (c.accept(u"AFTER")) {
                d.position = true;
                c.ident();
            } else if (c.accept(u"SERIAL")) {
                c.accept({u"DEFAULT", u"VALUE"});
                d.info.autoIncrement = d.info.notNull = d.info.unique = true;
            } else
                ++c.pos;
        }
        if (type.base == u"serial") {
            type.base = u"bigint"_s;
            type.isUnsigned = true;
            d.info.autoIncrement = d.info.notNull = d.info.unique = true;
        }
        if (type.base == u"enum" || type.base == u"set")
            type.args.clear();
        d.info.type = type.text();
        return d;
    }

    // ---- CREATE TABLE --------------------------------------------------------------------

    void createTable(Cur &c)
    {
        c.skipIfExists();
        const Cur::Name n = c.qualifiedName();
        if (!n.valid())
            return;
        created.insert(u"table:"_s + n.name);
        LintTableInfo info;
        if (c.accept(u"LIKE") || (c.isPunct(u'(') && c.is(u"LIKE", 1))) {
            c.acceptPunct(u'(');
            c.accept(u"LIKE");
            if (const LintTableInfo *other = table(c.qualifiedName().name))
                info = *other;
            m_schema->tables.insert(n.name, info);
            return;
        }
        if (c.isPunct(u'(')) {
            ++c.pos;
            while (!c.atEnd() && !c.isPunct(u')')) {
                element(c, n.name, info);
                c.skipToComma();
                if (!c.acceptPunct(u','))
                    break;
            }
            c.acceptPunct(u')');
        }
        tableOptions(c, info);
        for (auto it = info.columns.constBegin(); it != info.columns.constEnd(); ++it)
            m_schema->columnTypes.insert(n.name + u'.' + it.key(), it->type);
        m_schema->tables.insert(n.name, info);
    }

    // One element of CREATE TABLE's list: a column or a constraint/index.
    void element(Cur &c, const QString &tableName, LintTableInfo &info)
    {
        if (c.accept(u"CONSTRAINT") && !c.is(u"PRIMARY") && !c.is(u"UNIQUE") && !c.is(u"FOREIGN") &&
            !c.is(u"CHECK"))
            c.ident();
        if (c.accept({u"PRIMARY", u"KEY"})) {
            skipIndexNameAndType(c);
            for (const QString &col : columnList(c))
                if (info.columns.contains(col))
                    info.columns[col].primaryKey = true;
        } else if (c.accept(u"UNIQUE")) {
            if (!c.accept(u"KEY"))
                c.accept(u"INDEX");
            skipIndexNameAndType(c);
            for (const QString &col : columnList(c))
                info.indexed.insert(col);
        } else if (c.accept(u"KEY") || c.accept(u"INDEX")) {
            skipIndexNameAndType(c);
            for (const QString &col : columnList(c))
                info.indexed.insert(col);
        } else if (c.accept(u"FULLTEXT") || c.accept(u"SPATIAL")) {
            if (c.at(c.pos - 1).is(u"FULLTEXT"))
                ++info.fulltextIndexes;
            if (!c.accept(u"KEY"))
                c.accept(u"INDEX");
            skipIndexNameAndType(c);
            for (const QString &col : columnList(c))
                info.indexed.insert(col);
        } else if (c.accept({u"FOREIGN", u"KEY"})) {
            skipIndexNameAndType(c);
            for (const QString &col : columnList(c))
                info.constrained.insert(col);
            if (c.accept(u"REFERENCES"))
                info.references.insert(c.qualifiedName().name);
        } else if (c.accept(u"CHECK") || c.accept(u"PERIOD")) {
            // checks are not read further
        } else if (c.peek().isIdent()) {
            const QString name = c.ident();
            if (c.atEnd() || c.isPunct(u',') || c.isPunct(u')'))
                return;
            const ColumnDef d = columnDef(c, name);
            const QString key = name.toLower();
            info.columns.insert(key, d.info);
            if (d.info.unique)
                info.indexed.insert(key);
            if (d.references) {
                info.constrained.insert(key);
                info.references.insert(d.refTable);
            }
            created.insert(u"column:"_s + tableName + u'.' + key);
        }
    }

    void skipIndexNameAndType(Cur &c)
    {
        while (!c.atEnd() && !c.isPunct(u'(') && !c.isPunct(u',') && !c.isPunct(u')'))
            ++c.pos;
    }

    // ENGINE=, [DEFAULT] CHARSET=, ROW_FORMAT= after a CREATE TABLE list or in ALTER TABLE.
    // Returns the option it read ("engine", "charset", "row_format", "other") or empty.
    QString tableOption(Cur &c, LintTableInfo &info)
    {
        c.accept(u"DEFAULT");
        if (c.accept(u"ENGINE") || c.accept(u"TYPE")) {
            c.acceptPunct(u'=');
            info.engine = c.peek().text.toLower();
            ++c.pos;
            return u"engine"_s;
        }
        if (c.accept({u"CHARACTER", u"SET"}) || c.accept(u"CHARSET")) {
            c.acceptPunct(u'=');
            info.charset = c.peek().text.toLower();
            ++c.pos;
            return u"charset"_s;
        }
        if (c.accept(u"ROW_FORMAT")) {
            c.acceptPunct(u'=');
            info.rowFormat = c.peek().text.toUpper();
            ++c.pos;
            return u"row_format"_s;
        }
        return {};
    }

    void tableOptions(Cur &c, LintTableInfo &info)
    {
        while (!c.atEnd() && !c.is(u"AS") && !c.is(u"SELECT") && !c.is(u"PARTITION")) {
            if (tableOption(c, info).isEmpty())
                ++c.pos;
        }
    }

    // ---- ALTER TABLE ---------------------------------------------------------------------

    struct AlterState {
        QString table, display;
        LintTableInfo *info = nullptr;
        bool existing = true;
        QStringList copyReasons;
        QString algorithm; // as written, upper case
        bool addsPrimaryKey = false;
        bool dropsPrimaryKey = false;
        int fulltextAdds = 0;
        QJsonArray unknown; // changed columns whose old definition is unknown
        QJsonObject facts;
    };

    void alterTable(Cur &c)
    {
        c.skipIfExists();
        const Cur::Name n = c.qualifiedName();
        if (!n.valid())
            return;
        if (c.accept(u"WAIT"))
            ++c.pos;
        c.accept(u"NOWAIT");
        AlterState a;
        a.table = n.name;
        a.display = n.display;
        a.existing = !createdHere(n.name) && !m_ctx.createdByUpgrade.contains(u"table:"_s + n.name);
        a.info = table(n.name);
        while (!c.atEnd()) {
            const size_t start = c.pos;
            alterSpec(c, a);
            c.skipToComma();
            if (c.pos == start && !c.atEnd())
                ++c.pos;
            if (!c.acceptPunct(u','))
                break;
        }
        if (a.dropsPrimaryKey && !a.addsPrimaryKey)
            a.copyReasons.append(u"DROP PRIMARY KEY without adding a new one"_s);
        if (a.fulltextAdds > 1)
            a.copyReasons.append(u"more than one FULLTEXT index added at once"_s);
        if (a.algorithm == u"COPY")
            a.copyReasons.prepend(u"ALGORITHM=COPY is asked for"_s);
        else if (!a.algorithm.isEmpty() && a.algorithm != u"DEFAULT")
            return; // INPLACE/INSTANT/NOCOPY: the server refuses rather than copies
        if (a.copyReasons.isEmpty() || !a.existing)
            return;
        QJsonObject facts = versionFacts(m_opt.serverVersionNum);
        for (auto it = a.facts.constBegin(); it != a.facts.constEnd(); ++it)
            facts[it.key()] = it.value();
        facts["reasons"_L1] = QJsonArray::fromStringList(a.copyReasons);
        if (!a.unknown.isEmpty())
            facts["unknown_old_definition"_L1] = a.unknown;
        add(m_index, u"alter-needs-copy"_s,
            QStringLiteral("ALTER TABLE %1 needs ALGORITHM=COPY on %2 (%3): the table is copied "
                           "row by row and writes to %1 are blocked until it is done")
                .arg(a.display, productVersion(m_opt.serverVersionNum),
                     a.copyReasons.join(u"; "_s)),
            facts);
    }

    bool online() const
    {
        // Online DDL came with MySQL 5.6 and MariaDB 10.0 (MariaDB 5.5 is 50500 and older).
        const int v = m_opt.serverVersionNum;
        return v == 0 || v >= 50600;
    }

    void alterSpec(Cur &c, AlterState &a)
    {
        if (!online() && !c.is(u"RENAME") && !c.is(u"ALTER") && !c.is(u"ALGORITHM") &&
            !c.is(u"LOCK"))
            a.copyReasons.append(
                u"%1 before online DDL (MySQL 5.6 / MariaDB 10.0)"_s.arg(c.peek().text.toUpper()));
        if (c.accept(u"ALGORITHM")) {
            c.acceptPunct(u'=');
            a.algorithm = c.peek().text.toUpper();
            ++c.pos;
            return;
        }
        if (c.accept(u"LOCK")) {
            c.acceptPunct(u'=');
            ++c.pos;
            return;
        }
        if (c.accept(u"ADD")) {
            addSpec(c, a);
            return;
        }
        if (c.accept(u"DROP")) {
            dropSpec(c, a);
            return;
        }
        if (c.accept(u"MODIFY")) {
            c.accept(u"COLUMN");
            c.skipIfExists();
            const QString col = c.ident();
            changeColumn(c, a, col, col);
            return;
        }
        if (c.accept(u"CHANGE")) {
            c.accept(u"COLUMN");
            c.skipIfExists();
            const QString from = c.ident();
            const QString to = c.ident();
            changeColumn(c, a, from, to);
            return;
        }
        if (c.accept(u"RENAME")) {
            if (c.accept(u"COLUMN")) {
                const QString from = c.ident();
                c.accept(u"TO");
                const QString to = c.ident();
                renameColumn(m_index, a.table, a.display, from, to);
                moveColumn(a, from, to);
            } else if (c.accept(u"INDEX") || c.accept(u"KEY")) {
                // metadata only
            } else {
                if (!c.accept(u"TO"))
                    c.accept(u"AS");
                const Cur::Name to = c.qualifiedName();
                if (to.valid()) {
                    renameTable(m_index, a.table, a.display, to.display);
                    moveTable(a.table, to.name);
                }
            }
            return;
        }
        if (c.accept(u"ALTER")) {
            c.accept(u"COLUMN");
            return; // SET/DROP DEFAULT, [IN]VISIBLE, ALTER INDEX: metadata only
        }
        if (c.accept({u"ORDER", u"BY"})) {
            a.copyReasons.append(u"ORDER BY sorts the rows into a copy"_s);
            return;
        }
        if (c.accept(u"CONVERT")) {
            a.copyReasons.append(u"CONVERT TO CHARACTER SET re-encodes every string column"_s);
            c.accept(u"TO");
            LintTableInfo scratch;
            if (a.info && !tableOption(c, *a.info).isEmpty())
                for (LintColumnInfo &col : a.info->columns)
                    col.charset.clear();
            else
                tableOption(c, scratch);
            return;
        }
        if (c.accept({u"PARTITION", u"BY"}) || c.accept({u"REMOVE", u"PARTITIONING"})) {
            a.copyReasons.append(u"repartitioning moves every row"_s);
            return;
        }
        if (c.is(u"ENGINE") || c.is(u"TYPE")) {
            LintTableInfo scratch;
            LintTableInfo &target = a.info ? *a.info : scratch;
            const QString before = target.engine.isEmpty() ? u"innodb"_s : target.engine;
            tableOption(c, target);
            if (target.engine != before)
                a.copyReasons.append(
                    u"ENGINE=%1 moves the table to another storage engine"_s.arg(target.engine));
            return;
        }
        if (c.is(u"DEFAULT") || c.is(u"CHARACTER") || c.is(u"CHARSET") || c.is(u"ROW_FORMAT")) {
            LintTableInfo scratch;
            tableOption(c, a.info ? *a.info : scratch);
            return;
        }
        // FORCE, COMMENT=, AUTO_INCREMENT=, KEY_BLOCK_SIZE=, ENABLE/DISABLE KEYS ...: in place.
    }

    void addSpec(Cur &c, AlterState &a)
    {
        if (c.accept(u"CONSTRAINT")) {
            if (!c.is(u"PRIMARY") && !c.is(u"UNIQUE") && !c.is(u"FOREIGN") && !c.is(u"CHECK"))
                c.ident(); // the constraint's name
            c.skipIfExists();
        }
        if (c.accept({u"PRIMARY", u"KEY"})) {
            a.addsPrimaryKey = true;
            return;
        }
        if (c.accept(u"UNIQUE") || c.accept(u"INDEX") || c.accept(u"KEY") || c.accept(u"SPATIAL")) {
            skipIndexNameAndType(c);
            const QStringList cols = columnList(c);
            if (a.info)
                for (const QString &col : cols)
                    a.info->indexed.insert(col);
            return;
        }
        if (c.accept(u"FULLTEXT")) {
            ++a.fulltextAdds;
            if (a.info)
                ++a.info->fulltextIndexes;
            return;
        }
        if (c.accept({u"FOREIGN", u"KEY"})) {
            if (!m_fkChecksOff)
                a.copyReasons.append(
                    u"ADD FOREIGN KEY with foreign_key_checks on (InnoDB adds a foreign key in "
                    "place only after SET foreign_key_checks = 0)"_s);
            skipIndexNameAndType(c);
            const QStringList cols = columnList(c);
            if (a.info) {
                for (const QString &col : cols)
                    a.info->constrained.insert(col);
                if (c.accept(u"REFERENCES"))
                    a.info->references.insert(c.qualifiedName().name);
            }
            return;
        }
        if (c.accept(u"CHECK")) {
            a.copyReasons.append(u"ADD CHECK validates every row in a copy"_s);
            return;
        }
        if (c.is(u"PERIOD") || c.is(u"PARTITION"))
            return;
        if (c.accept({u"SYSTEM", u"VERSIONING"})) {
            a.copyReasons.append(u"ADD SYSTEM VERSIONING adds the row_start/row_end columns in a "
                                 "copy"_s);
            return;
        }
        c.accept(u"COLUMN");
        c.skipIfExists();
        if (c.isPunct(u'(')) { // ADD (a int, b int)
            ++c.pos;
            while (!c.atEnd() && !c.isPunct(u')')) {
                const QString name = c.ident();
                if (name.isEmpty())
                    break;
                addColumn(a, columnDef(c, name));
                if (!c.acceptPunct(u','))
                    break;
            }
            c.acceptPunct(u')');
            return;
        }
        const QString name = c.ident();
        if (!name.isEmpty())
            addColumn(a, columnDef(c, name));
    }

    // What makes an added column's default a copy (InnoDB fills it in place when it is a
    // constant or a time/session function, even rand()): a reference to another column, or a
    // function InnoDB evaluates per row (uuid(), uuid_short(), sysdate(), a sequence).
    static QString rowByRowDefault(const AlterState &a, const ColumnDef &d)
    {
        static const QStringList perRow{u"uuid"_s,    u"uuid_short"_s, u"sys_guid"_s, u"sysdate"_s,
                                        u"nextval"_s, u"lastval"_s,    u"setval"_s};
        for (const QString &f : d.defaultFunctions)
            if (perRow.contains(f))
                return f + u"()"_s;
        if (d.defaultWords.contains(u"next"_s) && d.defaultWords.contains(u"value"_s))
            return u"NEXT VALUE FOR"_s;
        static const QStringList constants{
            u"null"_s,         u"true"_s,         u"false"_s,     u"current_timestamp"_s,
            u"current_date"_s, u"current_time"_s, u"localtime"_s, u"localtimestamp"_s,
            u"current_user"_s, u"current_role"_s, u"interval"_s,  u"day"_s,
            u"hour"_s,         u"minute"_s,       u"second"_s,    u"month"_s,
            u"year"_s,         u"week"_s,         u"and"_s,       u"or"_s,
            u"not"_s,          u"div"_s,          u"mod"_s,       u"is"_s,
            u"binary"_s,       u"as"_s,           u"char"_s,      u"signed"_s,
            u"unsigned"_s,     u"date"_s,         u"datetime"_s,  u"time"_s,
            u"decimal"_s,      u"case"_s,         u"when"_s,      u"then"_s,
            u"else"_s,         u"end"_s};
        for (const QString &w : d.defaultWords) {
            const bool column = a.info ? a.info->columns.contains(w) : !constants.contains(w);
            if (column)
                return u"(... %1 ...) naming a column"_s.arg(w);
        }
        return {};
    }

    void addColumn(AlterState &a, const ColumnDef &d)
    {
        const QString key = d.name.toLower();
        if (d.info.generated && d.info.stored)
            a.copyReasons.append(
                u"ADD COLUMN %1 ... STORED computes a stored generated column"_s.arg(d.name));
        else if (const QString why = rowByRowDefault(a, d); !why.isEmpty())
            a.copyReasons.append(
                u"ADD COLUMN %1 has DEFAULT %2, evaluated row by row"_s.arg(d.name, why));
        if (d.info.primaryKey)
            a.addsPrimaryKey = true;
        if (d.references && !m_fkChecksOff)
            a.copyReasons.append(u"ADD COLUMN %1 REFERENCES adds a foreign key with "
                                 "foreign_key_checks on"_s.arg(d.name));
        created.insert(u"column:"_s + a.table + u'.' + key);
        if (a.info) {
            a.info->columns.insert(key, d.info);
            if (d.info.unique)
                a.info->indexed.insert(key);
        }
        m_schema->columnTypes.insert(a.table + u'.' + key, d.info.type);
    }

    void dropSpec(Cur &c, AlterState &a)
    {
        const int v = m_opt.serverVersionNum;
        if (c.accept({u"PRIMARY", u"KEY"})) {
            a.dropsPrimaryKey = true;
            return;
        }
        if (c.accept(u"INDEX") || c.accept(u"KEY") || c.accept({u"FOREIGN", u"KEY"}))
            return;
        if (c.accept(u"CONSTRAINT") || c.accept(u"CHECK")) {
            if (isMariaDb(v) && v != 0 && v < 100306)
                a.copyReasons.append(u"DROP CONSTRAINT before MariaDB 10.3.6"_s);
            return;
        }
        if (c.accept({u"SYSTEM", u"VERSIONING"}) || c.is(u"PARTITION") || c.is(u"PERIOD"))
            return;
        c.accept(u"COLUMN");
        c.skipIfExists();
        const QString col = c.ident();
        if (col.isEmpty())
            return;
        dropColumn(m_index, a.table, a.display, col);
        if (a.info) {
            const LintColumnInfo old = a.info->columns.take(col.toLower());
            if (old.primaryKey)
                a.dropsPrimaryKey = true;
        }
        m_schema->columnTypes.remove(a.table + u'.' + col.toLower());
    }

    void moveColumn(AlterState &a, const QString &from, const QString &to)
    {
        if (!a.info || from.compare(to, Qt::CaseInsensitive) == 0)
            return;
        if (a.info->columns.contains(from.toLower()))
            a.info->columns.insert(to.toLower(), a.info->columns.take(from.toLower()));
        const QString oldKey = a.table + u'.' + from.toLower();
        if (m_schema->columnTypes.contains(oldKey))
            m_schema->columnTypes.insert(a.table + u'.' + to.toLower(),
                                         m_schema->columnTypes.take(oldKey));
    }

    void moveTable(const QString &from, const QString &to)
    {
        if (m_schema->tables.contains(from))
            m_schema->tables.insert(to, m_schema->tables.take(from));
    }

    // MODIFY col def / CHANGE old new def.
    void changeColumn(Cur &c, AlterState &a, const QString &from, const QString &to)
    {
        if (from.isEmpty() || to.isEmpty() || c.atEnd() || c.isPunct(u','))
            return;
        const ColumnDef d = columnDef(c, to);
        const QString oldKey = from.toLower();
        const std::optional<LintColumnInfo> old = a.info && a.info->columns.contains(oldKey)
                                                      ? std::optional(a.info->columns.value(oldKey))
                                                      : std::nullopt;
        if (from.compare(to, Qt::CaseInsensitive) != 0)
            renameColumn(m_index, a.table, a.display, from, to);
        if (!old) {
            QJsonObject u;
            u["column"_L1] = from;
            u["new_type"_L1] = d.info.type;
            a.unknown.append(u);
            if (d.info.type.startsWith(u"enum"_s) || d.info.type.startsWith(u"set"_s))
                a.facts["enum_set_old_values"_L1] =
                    u"unknown: %1 is not created by an earlier migration"_s.arg(from);
        } else {
            judgeChange(a, from, *old, d);
        }
        if (a.info) {
            a.info->columns.remove(oldKey);
            LintColumnInfo next = d.info;
            if (old && !d.info.primaryKey)
                next.primaryKey = old->primaryKey;
            a.info->columns.insert(to.toLower(), next);
        }
        m_schema->columnTypes.remove(a.table + u'.' + oldKey);
        m_schema->columnTypes.insert(a.table + u'.' + to.toLower(), d.info.type);
    }

    // Whether a type change keeps the data in place, per version and row format; `why` gets
    // what makes it a copy.
    bool inPlaceTypeChange(const AlterState &a, const LintColumnInfo &old,
                           const LintColumnInfo &now, QString &why)
    {
        const int v = m_opt.serverVersionNum;
        const bool maria = isMariaDb(v);
        const MyType from = typeFromText(old.type), to = typeFromText(now.type);
        const QString tableCharset = a.info ? a.info->charset : QString();
        const QString oldCharset = old.charset.isEmpty() ? tableCharset : old.charset;
        const QString newCharset = now.charset.isEmpty() ? oldCharset : now.charset;
        const bool redundant =
            a.info && a.info->rowFormat == u"REDUNDANT" && maria && (v == 0 || v >= 100403);
        if (!now.charset.isEmpty() && newCharset != oldCharset) {
            why = u"the character set changes from %1 to %2"_s.arg(
                oldCharset.isEmpty() ? u"the table's"_s : oldCharset, newCharset);
            return false;
        }
        if (from.base == to.base && (from.base == u"enum" || from.base == u"set")) {
            if (!startsWith(now.values, old.values)) {
                why = u"%1 is not the old list with values appended"_s.arg(from.base.toUpper());
                return false;
            }
            if (enumSetBytes(from.base, int(old.values.size())) !=
                enumSetBytes(to.base, int(now.values.size()))) {
                why = u"the %1 needs more bytes per row for %2 members"_s.arg(from.base.toUpper())
                          .arg(now.values.size());
                return false;
            }
            return true;
        }
        if (from.base == to.base && isVarLength(from.base) && from.isUnsigned == to.isUnsigned &&
            !from.args.isEmpty() && !to.args.isEmpty()) {
            const int perChar = from.base == u"varbinary" ? 1 : charsetBytes(oldCharset);
            const int oldBytes = from.args[0] * perChar, newBytes = to.args[0] * perChar;
            if (newBytes < oldBytes) {
                why = u"%1 shrinks to %2"_s.arg(old.type, now.type);
                return false;
            }
            if (newBytes == oldBytes)
                return true;
            const bool sameClass = (oldBytes <= 255) == (newBytes <= 255);
            const bool extendOk = maria ? (v == 0 || v >= 100202) : v >= 50700;
            QString charsetNote;
            if (from.base == u"varchar")
                charsetNote =
                    oldCharset.isEmpty()
                        ? u", counting 4 bytes a character (the character set is not "
                          "known)"_s
                        : u", at %1 byte(s) a character in %2"_s.arg(perChar).arg(oldCharset);
            if (!extendOk) {
                why = u"%1 to %2: extending VARCHAR in place needs %3"_s.arg(
                    old.type, now.type, maria ? u"MariaDB 10.2.2"_s : u"MySQL 5.7"_s);
                return false;
            }
            if (sameClass || redundant)
                return true;
            // MariaDB 10.4.3+: from at most 127 bytes to 256 or more is instant too.
            if (maria && (v == 0 || v >= 100403) && oldBytes <= 127)
                return true;
            why = u"%1 (%2 bytes) to %3 (%4 bytes) needs a second length byte%5"_s.arg(old.type)
                      .arg(oldBytes)
                      .arg(now.type)
                      .arg(newBytes)
                      .arg(charsetNote);
            return false;
        }
        if (from.text() == to.text())
            return true;
        if (redundant && intBytes(from.base) > 0 && intBytes(to.base) >= intBytes(from.base) &&
            from.isUnsigned == to.isUnsigned)
            return true;
        why = u"%1 becomes %2"_s.arg(old.type, now.type);
        return false;
    }

    static bool isWidening(const LintColumnInfo &old, const LintColumnInfo &now)
    {
        const MyType from = typeFromText(old.type), to = typeFromText(now.type);
        if (from.text() == to.text())
            return true;
        if (from.isUnsigned != to.isUnsigned)
            return false;
        if (intBytes(from.base) > 0 && intBytes(to.base) >= intBytes(from.base))
            return true;
        static const QStringList strings{u"char"_s, u"varchar"_s,    u"tinytext"_s,
                                         u"text"_s, u"mediumtext"_s, u"longtext"_s};
        const qsizetype fs = strings.indexOf(from.base), ts = strings.indexOf(to.base);
        if (fs >= 0 && ts >= 0) {
            if (ts > fs && ts >= 2)
                return true;
            if (fs == ts)
                return to.args.value(0) >= from.args.value(0);
            return fs == 0 && ts == 1 && to.args.value(0) >= from.args.value(0);
        }
        if (from.base == to.base && (from.base == u"varbinary" || from.base == u"binary"))
            return to.args.value(0) >= from.args.value(0);
        if (from.base == u"decimal" && to.base == u"decimal")
            return to.args.value(1) == from.args.value(1) && to.args.value(0) >= from.args.value(0);
        if ((from.base == u"enum" || from.base == u"set") && from.base == to.base)
            return startsWith(now.values, old.values);
        return false;
    }

    void judgeChange(AlterState &a, const QString &from, const LintColumnInfo &old,
                     const ColumnDef &d)
    {
        const LintColumnInfo &now = d.info;
        const QString col = a.display + u'.' + from;
        QString why;
        if (old.generated != now.generated || (now.generated && old.stored != now.stored))
            a.copyReasons.append(u"%1 turns %2 a generated column"_s.arg(
                d.name, now.generated ? u"into"_s : u"from"_s));
        else if (now.autoIncrement && !old.autoIncrement)
            a.copyReasons.append(u"%1 becomes AUTO_INCREMENT"_s.arg(d.name));
        else if (!inPlaceTypeChange(a, old, now, why))
            a.copyReasons.append(u"%1: %2"_s.arg(d.name, why));
        const MyType ft = typeFromText(old.type), tt = typeFromText(now.type);
        const bool enumSet = (ft.base == u"enum" || ft.base == u"set") && ft.base == tt.base;
        if (enumSet && !startsWith(now.values, old.values)) {
            QStringList removed, moved;
            for (qsizetype i = 0; i < old.values.size(); ++i) {
                const qsizetype at = now.values.indexOf(old.values[i]);
                if (at < 0)
                    removed.append(old.values[i]);
                else if (at != i)
                    moved.append(old.values[i]);
            }
            QJsonObject facts;
            facts["old_values"_L1] = QJsonArray::fromStringList(old.values);
            facts["new_values"_L1] = QJsonArray::fromStringList(now.values);
            facts["removed"_L1] = QJsonArray::fromStringList(removed);
            facts["moved"_L1] = QJsonArray::fromStringList(moved);
            QStringList what;
            if (!removed.isEmpty())
                what.append(u"removes '%1'"_s.arg(removed.join(u"', '"_s)));
            if (!moved.isEmpty())
                what.append(u"moves '%1'"_s.arg(moved.join(u"', '"_s)));
            if (what.isEmpty())
                what.append(u"inserts values before existing ones"_s);
            if (a.existing)
                add(m_index, u"enum-set-reorder"_s,
                    QStringLiteral("%1 %2 %3: %4 stores members by position, so the table is "
                                   "rewritten and stored values can change%5")
                        .arg(ft.base.toUpper(), col, what.join(u" and "_s), ft.base.toUpper(),
                             removed.isEmpty() ? QString()
                                               : u" (rows holding a removed value become '')"_s),
                    facts);
            return;
        }
        if (!enumSet && !isWidening(old, now) && a.existing) {
            QJsonObject facts;
            facts["old_type"_L1] = old.type;
            facts["new_type"_L1] = now.type;
            add(m_index, u"changing-column-type"_s,
                QStringLiteral("%1 changes type from %2 to %3: the table is rewritten and the "
                               "running application may not read the new type")
                    .arg(col, old.type, now.type),
                facts);
        }
    }

    // ---- DROP, RENAME, DELETE/UPDATE -----------------------------------------------------

    Class drop(Cur &c)
    {
        c.pos = 1;
        c.accept(u"TEMPORARY");
        if (c.accept(u"TABLE") || c.accept(u"TABLES")) {
            c.skipIfExists();
            const bool cascade = c.hasKeywordAtDepth0(u"CASCADE");
            while (!c.atEnd()) {
                const Cur::Name n = c.qualifiedName();
                if (!n.valid())
                    break;
                dropTable(m_index, n.name, n.display, cascade);
                m_schema->tables.remove(n.name);
                if (!c.acceptPunct(u','))
                    break;
            }
        } else if (c.is(u"DATABASE") || c.is(u"SCHEMA")) {
            const QString keyword = c.peek().text;
            ++c.pos;
            c.skipIfExists();
            const QString name = c.ident();
            if (!name.isEmpty())
                dropDatabase(m_index, name, keyword);
        }
        return Class::Ddl;
    }

    // RENAME TABLE a TO b [, c TO d]...; in a swap (orders TO orders_old, orders_new TO orders)
    // the old name is there again when the statement ends: nothing breaks for the application.
    void renameTables(Cur &c)
    {
        QSet<QString> targets;
        for (size_t i = c.pos; i + 1 < c.size(); ++i)
            if (c.at(i).is(u"TO") && c.at(i + 1).isIdent()) {
                size_t k = i + 1;
                while (c.at(k + 1).isPunct(u'.') && c.at(k + 2).isIdent())
                    k += 2;
                targets.insert(c.at(k).text.toLower());
            }
        while (!c.atEnd()) {
            const Cur::Name from = c.qualifiedName();
            if (c.accept(u"WAIT"))
                ++c.pos;
            c.accept(u"NOWAIT");
            if (!c.accept(u"TO"))
                break;
            const Cur::Name to = c.qualifiedName();
            if (!from.valid() || !to.valid())
                break;
            if (targets.contains(from.name))
                created.insert(u"table:"_s + to.name);
            else
                renameTable(m_index, from.name, from.display, to.display);
            moveTable(from.name, to.name);
            if (!c.acceptPunct(u','))
                break;
        }
    }

    void deleteOrUpdate(Cur &c, bool isDelete)
    {
        c.pos = 1;
        while (c.accept(u"LOW_PRIORITY") || c.accept(u"QUICK") || c.accept(u"IGNORE"))
            ;
        if (isDelete) {
            // DELETE FROM t ...; DELETE t1 FROM t1 JOIN ... (multi-table: the first name).
            c.accept(u"FROM");
        }
        const Cur::Name n = c.qualifiedName();
        if (!n.valid())
            return;
        const bool where = c.hasKeywordAtDepth0(u"WHERE", c.pos);
        TokenLinter::deleteOrUpdate(m_index, isDelete, n.name, n.display, where);
    }

    // ---- implicit-commit -----------------------------------------------------------------

    void implicitCommit()
    {
        bool ddl = false, dml = false;
        for (size_t i = 0; i < m_classes.size(); ++i) {
            ddl = ddl || m_classes[i] == Class::Ddl;
            dml = dml || m_classes[i] == Class::Dml;
            if (!(ddl && dml))
                continue;
            QStringList before;
            QJsonArray applied;
            for (size_t j = 0; j < i; ++j) {
                if (m_classes[j] != Class::Ddl && m_classes[j] != Class::Dml)
                    continue;
                const Statement &s = (*m_statements)[j];
                const int line = m_firstLine + s.line - 1;
                before.append(u"`%1` (line %2)"_s.arg(firstWords(s.text)).arg(line));
                QJsonObject o;
                o["statement"_L1] = firstWords(s.text);
                o["line"_L1] = line;
                applied.append(o);
            }
            const Statement &here = (*m_statements)[i];
            QJsonObject facts;
            facts["applied_before"_L1] = applied;
            add(int(i), u"implicit-commit"_s,
                QStringLiteral("this section mixes DDL and data changes, and MySQL/MariaDB "
                               "commits at every DDL statement: if `%1` (line %2) or a later "
                               "statement fails, %3 stay%4 applied and the revision is not "
                               "recorded")
                    .arg(firstWords(here.text))
                    .arg(m_firstLine + here.line - 1)
                    .arg(before.join(u", "_s), before.size() == 1 ? u"s"_s : QString()),
                facts);
            return;
        }
    }

    int m_firstLine = 1;
    int m_index = 0;
    const std::vector<Statement> *m_statements = nullptr;
    QString m_text;
    std::vector<SqlToken> m_tokens;
    std::vector<Class> m_classes;
    LintSchemaState m_local;
    LintSchemaState *m_schema = nullptr;
    bool m_fkChecksOff = false;
};

} // namespace

SectionResult lintMysql(const std::vector<Statement> &statements, int firstLineInFile,
                        const LintContext &context, const LintOptions &options)
{
    return MyLinter(context, options, firstLineInFile).run(statements);
}

QSet<QString> mysqlCreatedObjects(const std::vector<Statement> &statements)
{
    const LintContext context;
    const LintOptions options;
    MyLinter linter(context, options, 1);
    linter.collectOnly = true;
    linter.run(statements);
    return linter.created;
}

} // namespace retort::lint_detail
