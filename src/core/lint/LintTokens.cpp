// The parsing helpers of the MySQL/MariaDB and SQLite rules, and the destructive rules they share.

#include "lint/LintTokens.h"

namespace retort::lint_detail {

using namespace Qt::Literals::StringLiterals;

const SqlToken &TokenCursor::at(size_t i) const
{
    static const SqlToken none{SqlToken::Punct, QString(), 0};
    return i < m_t.size() ? m_t[i] : none;
}

bool TokenCursor::accept(QStringView kw)
{
    if (!is(kw))
        return false;
    ++pos;
    return true;
}

bool TokenCursor::accept(std::initializer_list<QStringView> kws)
{
    size_t k = 0;
    for (QStringView kw : kws) {
        if (!is(kw, k))
            return false;
        ++k;
    }
    pos += k;
    return true;
}

bool TokenCursor::acceptPunct(QChar c)
{
    if (!isPunct(c))
        return false;
    ++pos;
    return true;
}

void TokenCursor::skipIfExists()
{
    if (!accept({u"IF", u"EXISTS"}))
        accept({u"IF", u"NOT", u"EXISTS"});
}

QString TokenCursor::ident()
{
    if (atEnd() || !peek().isIdent())
        return {};
    return m_t[pos++].text;
}

TokenCursor::Name TokenCursor::qualifiedName()
{
    Name n;
    QString part = ident();
    if (part.isEmpty())
        return n;
    n.display = part;
    while (isPunct(u'.') && peek(1).isIdent()) {
        pos += 1;
        part = ident();
        n.display += u'.' + part;
    }
    n.name = part.toLower();
    return n;
}

size_t TokenCursor::skipParens()
{
    if (!isPunct(u'('))
        return size_t(-1);
    const size_t open = pos;
    int depth = 0;
    for (; pos < m_t.size(); ++pos) {
        if (m_t[pos].isPunct(u'('))
            ++depth;
        else if (m_t[pos].isPunct(u')') && --depth == 0) {
            ++pos;
            break;
        }
    }
    return open;
}

void TokenCursor::skipToComma()
{
    int depth = 0;
    for (; pos < m_t.size(); ++pos) {
        if (m_t[pos].isPunct(u'('))
            ++depth;
        else if (m_t[pos].isPunct(u')') && --depth < 0)
            return;
        else if (depth == 0 && m_t[pos].isPunct(u','))
            return;
    }
}

QString TokenCursor::firstWord() const
{
    return m_t.empty() || m_t[0].kind != SqlToken::Word ? QString() : m_t[0].text.toUpper();
}

bool TokenCursor::hasKeywordAtDepth0(QStringView kw, size_t from) const
{
    int depth = 0;
    for (size_t i = from; i < m_t.size(); ++i) {
        if (m_t[i].isPunct(u'('))
            ++depth;
        else if (m_t[i].isPunct(u')'))
            --depth;
        else if (depth == 0 && m_t[i].is(kw))
            return true;
    }
    return false;
}

QString TokenCursor::textBetween(const QString &source, size_t from, size_t to) const
{
    if (from >= m_t.size())
        return {};
    const int start = m_t[from].offset;
    const int end = to < m_t.size() ? m_t[to].offset : int(source.size());
    return source.mid(start, end - start).trimmed();
}

QString firstWords(const QString &statement, int words)
{
    const QStringList parts = statement.simplified().split(u' ', Qt::SkipEmptyParts);
    QString out = parts.mid(0, words).join(u' ');
    if (out.size() > 60)
        out = out.left(57) + u"..."_s;
    return out;
}

void TokenLinter::add(int statement, const QString &rule, const QString &message, QJsonObject facts)
{
    if (collectOnly)
        return;
    m_out.findings.push_back({statement, rule, message, std::move(facts)});
}

void TokenLinter::dropTable(int statement, const QString &table, const QString &display,
                            bool cascade)
{
    if (exempt(u"table:"_s + table))
        return;
    add(statement, u"drop-table"_s,
        QStringLiteral("DROP TABLE %1 deletes the table and all its rows%2")
            .arg(display, cascade ? u" (CASCADE: and what depends on it)"_s : QString()));
}

void TokenLinter::dropDatabase(int statement, const QString &name, const QString &keyword)
{
    if (exempt(u"schema:"_s + name.toLower()))
        return;
    const bool schema = keyword.compare(u"SCHEMA"_s, Qt::CaseInsensitive) == 0;
    add(statement, schema ? u"drop-schema"_s : u"drop-database"_s,
        QStringLiteral("DROP %1 %2 deletes the whole database and every table in it")
            .arg(keyword.toUpper(), name));
}

void TokenLinter::dropColumn(int statement, const QString &table, const QString &display,
                             const QString &column)
{
    if (createdHere(table) || exempt(u"column:"_s + table + u'.' + column.toLower()))
        return;
    add(statement, u"drop-column"_s,
        QStringLiteral("DROP COLUMN %1.%2 deletes the column's data; the running application may "
                       "still use it")
            .arg(display, column));
}

void TokenLinter::truncateTable(int statement, const QString &table, const QString &display)
{
    if (createdHere(table))
        return;
    add(statement, u"truncate"_s,
        QStringLiteral("TRUNCATE %1 deletes every row of %1").arg(display));
}

void TokenLinter::deleteOrUpdate(int statement, bool isDelete, const QString &table,
                                 const QString &display, bool hasWhere)
{
    if (hasWhere || createdHere(table))
        return;
    add(statement, u"delete-or-update-without-where"_s,
        QStringLiteral("%1 %2 without WHERE changes every row of %2")
            .arg(isDelete ? u"DELETE FROM"_s : u"UPDATE"_s, display));
}

void TokenLinter::renameTable(int statement, const QString &table, const QString &display,
                              const QString &newName)
{
    if (!createdHere(table))
        add(statement, u"rename-table"_s,
            QStringLiteral("RENAME TABLE %1 TO %2 breaks the running application, which still "
                           "uses %1")
                .arg(display, newName));
    created.insert(u"table:"_s + newName.toLower());
}

void TokenLinter::renameColumn(int statement, const QString &table, const QString &display,
                               const QString &column, const QString &newName)
{
    if (createdHere(table) || exempt(u"column:"_s + table + u'.' + column.toLower()))
        return;
    add(statement, u"rename-column"_s,
        QStringLiteral("RENAME COLUMN %1.%2 TO %3 breaks the running application, which still "
                       "uses %2")
            .arg(display, column, newName));
}

} // namespace retort::lint_detail
