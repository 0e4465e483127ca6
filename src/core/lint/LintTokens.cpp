// The tokenizer of the MySQL/MariaDB and SQLite rules, and the destructive rules they share.

#include "lint/LintTokens.h"

namespace retort::lint_detail {

using namespace Qt::Literals::StringLiterals;

namespace {

bool isWordStart(QChar c)
{
    return c.isLetter() || c == u'_' || c == u'$' || c.unicode() >= 0x80;
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$' || c.unicode() >= 0x80;
}

} // namespace

std::vector<LintToken> lintTokens(const QString &s, TokenDialect dialect)
{
    const bool mysql = dialect == TokenDialect::Mysql;
    std::vector<LintToken> out;
    const qsizetype n = s.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = s[i];
        const QChar next = i + 1 < n ? s[i + 1] : QChar();
        if (c.isSpace()) {
            ++i;
        } else if ((c == u'-' && next == u'-' &&
                    (!mysql || i + 2 == n || s[i + 2].unicode() <= u' ')) ||
                   (mysql && c == u'#')) {
            while (i < n && s[i] != u'\n')
                ++i;
        } else if (c == u'/' && next == u'*') {
            if (mysql && i + 2 < n && (s[i + 2] == u'!' || s[i + 2] == u'+')) {
                // Executable comment (/*!50100 ...*/, MariaDB's /*M!...*/ is rare): its text is
                // code. Optimizer hints (/*+ ... */) are not: skip them.
                if (s[i + 2] == u'+') {
                    const qsizetype close = s.indexOf(u"*/"_s, i + 3);
                    i = close < 0 ? n : close + 2;
                    continue;
                }
                i += 3;
                while (i < n && s[i].isDigit())
                    ++i;
                continue;
            }
            const qsizetype close = s.indexOf(u"*/"_s, i + 2);
            i = close < 0 ? n : close + 2;
        } else if (mysql && c == u'*' && next == u'/') { // the end of an executable comment
            i += 2;
        } else if (c == u'\'' || c == u'"' || c == u'`' || (!mysql && c == u'[')) {
            const QChar close = c == u'[' ? QChar(u']') : c;
            const bool escapes = mysql && c != u'`';
            const int start = int(i);
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
            const bool string = c == u'\'' || (mysql && c == u'"');
            out.push_back({string ? LintToken::String : LintToken::Quoted, text, start});
        } else if (c.isDigit() || (c == u'.' && next.isDigit())) {
            const qsizetype start = i;
            const bool prefixed =
                c == u'0' && (next == u'x' || next == u'X' || next == u'b' || next == u'B');
            if (prefixed)
                i += 2;
            while (i < n && (s[i].isLetterOrNumber() || s[i] == u'.' || s[i] == u'_'))
                ++i;
            // A number glued to letters is an identifier (MySQL allows `1abc`); 0x1F and 0b101
            // are numbers, and so is 1e5.
            const QString text = s.mid(start, i - start);
            bool letters = false;
            for (qsizetype k = prefixed ? 2 : 0; k < text.size(); ++k) {
                const QChar ch = text[k];
                const bool hexDigit = prefixed && (next == u'x' || next == u'X') &&
                                      QStringLiteral("abcdefABCDEF").contains(ch);
                if (ch.isLetter() && !hexDigit && ch != u'e' && ch != u'E')
                    letters = true;
            }
            out.push_back({letters ? LintToken::Word : LintToken::Number, text, int(start)});
        } else if (isWordStart(c)) {
            const qsizetype start = i;
            while (i < n && isWordChar(s[i]))
                ++i;
            out.push_back({LintToken::Word, s.mid(start, i - start), int(start)});
        } else {
            out.push_back({LintToken::Punct, QString(c), int(i)});
            ++i;
        }
    }
    return out;
}

const LintToken &TokenCursor::at(size_t i) const
{
    static const LintToken none{LintToken::Punct, QString(), 0};
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
    return m_t.empty() || m_t[0].kind != LintToken::Word ? QString() : m_t[0].text.toUpper();
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
