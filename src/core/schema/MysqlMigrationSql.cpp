// The DDL pieces of the MariaDB/MySQL script writer (MysqlMigrationDetail.h).
#include "schema/MysqlMigrationDetail.h"

#include "schema/MysqlInspector.h"

#include <QRegularExpression>

#include <algorithm>

namespace retort::schema_migration::mysql {

namespace {

// A backticked identifier at the start of `text` (`a``b`): its unquoted name and length.
QString leadingIdent(QStringView text, qsizetype *length)
{
    *length = 0;
    if (!text.startsWith(u'`'))
        return {};
    QString name;
    for (qsizetype i = 1; i < text.size(); ++i) {
        if (text[i] == u'`') {
            if (i + 1 < text.size() && text[i + 1] == u'`') {
                name += u'`';
                ++i;
                continue;
            }
            *length = i + 1;
            return name;
        }
        name += text[i];
    }
    return {};
}

bool isTimestamp(const QString &type)
{
    return type.startsWith(u"timestamp", Qt::CaseInsensitive);
}

// An index or key part as written in the model ("name(10)", "d DESC"), quoted.
QString quotedPart(const QString &part)
{
    const qsizetype cut = part.indexOf(QRegularExpression(QStringLiteral("[( ]")));
    return cut < 0 ? ident(part) : ident(part.left(cut)) + part.mid(cut);
}

QString quotedList(const QStringList &names)
{
    QStringList out;
    for (const QString &n : names)
        out.append(quotedPart(n));
    return out.join(QStringLiteral(", "));
}

// "CREATE … DEFINER=`u`@`h` …" without the DEFINER clause.
QString withoutDefiner(const QString &ddl)
{
    static const QRegularExpression definer(
        QStringLiteral("\\s+DEFINER\\s*=\\s*(`(?:[^`]|``)*`|'[^']*'|[^\\s@]+)@(`(?:[^`]|``)*`|'[^']"
                       "*'|\\S+)"),
        QRegularExpression::CaseInsensitiveOption);
    // The clause comes before VIEW / TRIGGER; a body is never searched.
    QString out = ddl;
    const QRegularExpressionMatch m = definer.match(out);
    static const QRegularExpression object(QStringLiteral("\\s(VIEW|TRIGGER)\\s"),
                                           QRegularExpression::CaseInsensitiveOption);
    const qsizetype objectAt = object.match(out).capturedStart();
    if (m.hasMatch() && (objectAt < 0 || m.capturedStart() < objectAt))
        out.remove(m.capturedStart(), m.capturedLength());
    return out;
}

struct Version {
    int major = 0, minor = 0, patch = 0;
    bool mariadb = false;
};

Version parseVersion(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)\\.(\\d+)\\.(\\d+)"));
    const QRegularExpressionMatch m = re.match(text);
    Version v;
    if (m.hasMatch()) {
        v.major = m.captured(1).toInt();
        v.minor = m.captured(2).toInt();
        v.patch = m.captured(3).toInt();
    }
    v.mariadb = text.contains(u"MariaDB", Qt::CaseInsensitive) || v.major >= 10;
    return v;
}

} // namespace

QString ident(const QString &name)
{
    return mysqlQuoteIdent(name);
}

QHash<QString, QString> columnLines(const SchemaRelation &r)
{
    QHash<QString, QString> out;
    if (!r.ddl.startsWith(u"CREATE TABLE", Qt::CaseInsensitive))
        return out;
    const QStringList lines = r.ddl.split(u'\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QString line = lines[i].trimmed();
        if (line.startsWith(u')'))
            break;
        if (line.endsWith(u','))
            line.chop(1);
        qsizetype length = 0;
        const QString name = leadingIdent(line, &length);
        if (length > 0)
            out.insert(name, line);
    }
    return out;
}

QString columnDefinition(const SchemaColumn &c, const QHash<QString, QString> &lines)
{
    const auto it = lines.constFind(c.name);
    if (it != lines.constEnd())
        return *it;
    QString s = ident(c.name) + u' ' + c.type;
    if (!c.collation.isEmpty())
        s += QStringLiteral(" COLLATE ") + c.collation;
    if (!c.generated.isEmpty()) {
        s += QStringLiteral(" GENERATED ALWAYS AS (%1) %2")
                 .arg(c.defaultValue.value_or(QString()), c.generated.toUpper());
    } else {
        if (!c.nullable)
            s += QStringLiteral(" NOT NULL");
        else if (isTimestamp(c.type))
            s += QStringLiteral(" NULL");
        if (c.defaultValue)
            s += QStringLiteral(" DEFAULT ") + *c.defaultValue;
        else if (c.nullable)
            s += QStringLiteral(" DEFAULT NULL");
        if (!c.identity.isEmpty())
            s += QStringLiteral(" AUTO_INCREMENT");
    }
    if (!c.comment.isEmpty())
        s += QStringLiteral(" COMMENT ") + mysqlQuoteString(c.comment);
    return s;
}

bool isColumnCheck(const SchemaCheck &check, const QHash<QString, QString> &lines)
{
    const auto it = lines.constFind(check.name);
    return it != lines.constEnd() && it->endsWith(u' ' + check.definition);
}

QString createTable(const SchemaRelation &r)
{
    static const QRegularExpression foreignKey(
        QStringLiteral("^CONSTRAINT `(?:[^`]|``)*` FOREIGN KEY "));
    static const QRegularExpression counter(QStringLiteral(" AUTO_INCREMENT=\\d+"));
    QStringList body;
    QString tail;
    if (r.ddl.startsWith(u"CREATE TABLE", Qt::CaseInsensitive)) {
        const QStringList lines = r.ddl.split(u'\n');
        qsizetype i = 1;
        for (; i < lines.size(); ++i) {
            QString line = lines[i].trimmed();
            if (line.startsWith(u')'))
                break;
            if (line.endsWith(u','))
                line.chop(1);
            if (!foreignKey.match(line).hasMatch())
                body.append(line);
        }
        tail = QStringList(lines.mid(i)).join(u'\n');
        tail.remove(counter);
    } else {
        const QHash<QString, QString> none;
        for (const SchemaColumn &c : r.columns)
            body.append(columnDefinition(c, none));
        const QString pk = addPrimaryKeyClause(r);
        if (!pk.isEmpty())
            body.append(pk.mid(4)); // without "ADD "
        for (const SchemaIndex &i : r.indexes)
            if (!i.primary)
                body.append(addIndexClause(i).mid(4));
        for (const SchemaCheck &c : r.checks)
            body.append(QStringLiteral("CONSTRAINT %1 %2").arg(ident(c.name), c.definition));
        tail = QStringLiteral(")");
        if (!r.engine.isEmpty())
            tail += QStringLiteral(" ENGINE=") + r.engine;
        if (!r.comment.isEmpty())
            tail += QStringLiteral(" COMMENT=") + mysqlQuoteString(r.comment);
    }
    return QStringLiteral("CREATE TABLE %1 (\n  %2\n%3")
        .arg(ident(r.name), body.join(QStringLiteral(",\n  ")), tail);
}

QString addIndexClause(const SchemaIndex &i)
{
    static const QRegularExpression create(
        QStringLiteral("^CREATE ((?:UNIQUE |FULLTEXT |SPATIAL )?)INDEX (`(?:[^`]|``)*`) ON "
                       "`(?:[^`]|``)*` (.*)$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = create.match(i.definition);
    if (m.hasMatch())
        return QStringLiteral("ADD %1INDEX %2 %3").arg(m.captured(1), m.captured(2), m.captured(3));
    QString kind = i.unique ? QStringLiteral("UNIQUE ") : QString();
    if (i.method == u"FULLTEXT" || i.method == u"SPATIAL")
        kind = i.method + u' ';
    return QStringLiteral("ADD %1INDEX %2 (%3)").arg(kind, ident(i.name), quotedList(i.columns));
}

QString addPrimaryKeyClause(const SchemaRelation &r)
{
    for (const SchemaIndex &i : r.indexes) {
        if (!i.primary)
            continue;
        const qsizetype at = i.definition.indexOf(QStringLiteral("ADD PRIMARY KEY"));
        if (at >= 0)
            return i.definition.mid(at);
        return QStringLiteral("ADD PRIMARY KEY (%1)").arg(quotedList(i.columns));
    }
    std::vector<std::pair<int, QString>> parts;
    for (const SchemaColumn &c : r.columns)
        if (c.primaryKeyPosition > 0)
            parts.emplace_back(c.primaryKeyPosition, c.name);
    if (parts.empty())
        return {};
    std::sort(parts.begin(), parts.end());
    QStringList names;
    for (const auto &p : parts)
        names.append(p.second);
    return QStringLiteral("ADD PRIMARY KEY (%1)").arg(quotedList(names));
}

QString addForeignKeyClause(const SchemaForeignKey &k)
{
    QString definition = k.definition;
    if (definition.isEmpty()) {
        definition = QStringLiteral("FOREIGN KEY (%1) REFERENCES %2 (%3)")
                         .arg(quotedList(k.columns), ident(k.refTable), quotedList(k.refColumns));
        if (!k.onDelete.isEmpty() && k.onDelete != u"RESTRICT")
            definition += QStringLiteral(" ON DELETE ") + k.onDelete;
        if (!k.onUpdate.isEmpty() && k.onUpdate != u"RESTRICT")
            definition += QStringLiteral(" ON UPDATE ") + k.onUpdate;
    }
    return k.name.isEmpty() ? QStringLiteral("ADD ") + definition
                            : QStringLiteral("ADD CONSTRAINT %1 %2").arg(ident(k.name), definition);
}

QString createView(const SchemaRelation &v)
{
    if (v.ddl.startsWith(u"CREATE ", Qt::CaseInsensitive) && !v.definition.isEmpty())
        return withoutDefiner(v.ddl);
    if (v.definition.isEmpty())
        return {};
    return QStringLiteral("CREATE VIEW %1 AS %2").arg(ident(v.name), v.definition);
}

QString createTrigger(const SchemaTrigger &t)
{
    return withoutDefiner(t.definition);
}

QString createSequence(const SchemaSequence &s)
{
    return QStringLiteral(
               "CREATE SEQUENCE %1 START WITH %2 MINVALUE %3 MAXVALUE %4 INCREMENT BY %5 "
               "CACHE %6 %7")
        .arg(ident(s.name))
        .arg(s.start)
        .arg(s.minValue)
        .arg(s.maxValue)
        .arg(s.increment)
        .arg(s.cache)
        .arg(s.cycle ? QStringLiteral("CYCLE") : QStringLiteral("NOCYCLE"));
}

QString alterSequence(const SchemaSequence &s)
{
    // No RESTART: the next value stays where it is (a restart could hand out used values).
    return QStringLiteral("ALTER SEQUENCE %1 MINVALUE %2 MAXVALUE %3 START WITH %4 INCREMENT BY %5 "
                          "CACHE %6 %7")
        .arg(ident(s.name))
        .arg(s.minValue)
        .arg(s.maxValue)
        .arg(s.start)
        .arg(s.increment)
        .arg(s.cache)
        .arg(s.cycle ? QStringLiteral("CYCLE") : QStringLiteral("NOCYCLE"));
}

namespace {

struct ParsedType {
    QString base;     // "int", "varchar", "decimal", "enum"
    QStringList args; // the parenthesised arguments
    bool isUnsigned = false;
};

ParsedType parseType(const QString &type)
{
    ParsedType t;
    const QString text = type.trimmed().toLower();
    const qsizetype open = text.indexOf(u'(');
    const qsizetype close = text.lastIndexOf(u')');
    t.base = (open < 0 ? text.section(u' ', 0, 0) : text.left(open)).trimmed();
    if (open >= 0 && close > open) {
        // Arguments split at commas outside quotes (enum values may hold commas).
        QString current;
        bool quoted = false;
        for (const QChar c : QStringView(text).mid(open + 1, close - open - 1)) {
            if (c == u'\'')
                quoted = !quoted;
            if (c == u',' && !quoted) {
                t.args.append(current.trimmed());
                current.clear();
            } else {
                current += c;
            }
        }
        t.args.append(current.trimmed());
    }
    t.isUnsigned = text.contains(u" unsigned");
    return t;
}

int rankIn(const QStringList &family, const QString &base)
{
    return int(family.indexOf(base));
}

} // namespace

bool isWidening(const QString &from, const QString &to)
{
    const ParsedType a = parseType(from), b = parseType(to);
    static const QStringList ints{QStringLiteral("tinyint"), QStringLiteral("smallint"),
                                  QStringLiteral("mediumint"), QStringLiteral("int"),
                                  QStringLiteral("bigint")};
    static const QStringList texts{QStringLiteral("tinytext"), QStringLiteral("text"),
                                   QStringLiteral("mediumtext"), QStringLiteral("longtext")};
    static const QStringList blobs{QStringLiteral("tinyblob"), QStringLiteral("blob"),
                                   QStringLiteral("mediumblob"), QStringLiteral("longblob")};
    const auto base = [](const QString &s) { return s == u"integer" ? QStringLiteral("int") : s; };
    const QString ba = base(a.base), bb = base(b.base);
    const int ia = rankIn(ints, ba), ib = rankIn(ints, bb);
    if (ia >= 0 && ib >= 0)
        return a.isUnsigned == b.isUnsigned ? ib >= ia : (!b.isUnsigned && ib > ia);
    if (a.isUnsigned != b.isUnsigned)
        return false;
    if ((ba == u"decimal" || ba == u"numeric") && (bb == u"decimal" || bb == u"numeric")) {
        const int pa = a.args.value(0, QStringLiteral("10")).toInt(),
                  sa = a.args.value(1, QStringLiteral("0")).toInt();
        const int pb = b.args.value(0, QStringLiteral("10")).toInt(),
                  sb = b.args.value(1, QStringLiteral("0")).toInt();
        return sb >= sa && pb - sb >= pa - sa;
    }
    const bool charA = ba == u"char" || ba == u"varchar", charB = bb == u"char" || bb == u"varchar";
    const bool binA = ba == u"binary" || ba == u"varbinary",
               binB = bb == u"binary" || bb == u"varbinary";
    if ((charA && charB && bb == u"varchar") || (binA && binB && bb == u"varbinary"))
        return b.args.value(0).toInt() >= a.args.value(0).toInt();
    if ((charA && rankIn(texts, bb) >= 1) || (binA && rankIn(blobs, bb) >= 1))
        return true;
    if (rankIn(texts, ba) >= 0 && rankIn(texts, bb) >= rankIn(texts, ba))
        return true;
    if (rankIn(blobs, ba) >= 0 && rankIn(blobs, bb) >= rankIn(blobs, ba))
        return true;
    if (ba == u"float" && bb == u"double")
        return true;
    if ((ba == u"enum" || ba == u"set") && bb == ba)
        return b.args.mid(0, a.args.size()) == a.args;
    if ((ba == u"datetime" || ba == u"timestamp" || ba == u"time") && bb == ba)
        return b.args.value(0, QStringLiteral("0")).toInt() >=
               a.args.value(0, QStringLiteral("0")).toInt();
    return false;
}

bool hasRenameColumn(const QString &serverVersion)
{
    if (serverVersion.isEmpty())
        return true;
    const Version v = parseVersion(serverVersion);
    if (v.mariadb)
        return v.major > 10 || (v.major == 10 && (v.minor > 5 || (v.minor == 5 && v.patch >= 2)));
    return v.major >= 8;
}

} // namespace retort::schema_migration::mysql
