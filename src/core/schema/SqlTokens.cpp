// The MySQL/MariaDB and SQLite tokenizer (what it recognises: SqlTokens.h).

#include "schema/SqlTokens.h"

namespace retort {

namespace {

bool isWordStart(QChar c)
{
    return c.isLetter() || c == u'_' || c == u'$' || c.unicode() >= 0x80;
}

bool isWordChar(QChar c)
{
    return isWordStart(c) || c.isDigit();
}

bool isHexDigit(QChar c)
{
    return c.isDigit() || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

template <typename Accepts> qsizetype runEnd(const QString &s, qsizetype i, Accepts accepts)
{
    while (i < s.size() && accepts(s[i]))
        ++i;
    return i;
}

qsizetype digitsEnd(const QString &s, qsizetype i)
{
    return runEnd(s, i, [](QChar c) { return c.isDigit(); });
}

// The number or digit-led word at s[i] (a digit, or a '.' before one): its end, and whether it
// is a word. MySQL's identifiers may start with digits (1abc, 2fa_codes), so digits glued to
// letters are a word, but 0x1F, 0b101 and 1e5 are numbers.
qsizetype numberEnd(const QString &s, qsizetype i, bool &word)
{
    const qsizetype n = s.size();
    word = false;
    if (s[i] == u'0' && i + 1 < n) { // 0x1F, 0b101
        const QChar prefix = s[i + 1].toLower();
        qsizetype end = i + 2;
        if (prefix == u'x')
            end = runEnd(s, end, isHexDigit);
        else if (prefix == u'b')
            end = runEnd(s, end, [](QChar c) { return c == u'0' || c == u'1'; });
        if (end > i + 2 && (end == n || !isWordChar(s[end])))
            return end;
    }
    qsizetype k = digitsEnd(s, i);
    if (k < n && s[k] == u'.')
        k = digitsEnd(s, k + 1);
    if (k < n && (s[k] == u'e' || s[k] == u'E')) {
        qsizetype e = k + 1;
        if (e < n && (s[e] == u'+' || s[e] == u'-'))
            ++e;
        if (e < n && s[e].isDigit())
            k = digitsEnd(s, e);
    }
    if (k < n && isWordChar(s[k])) {
        const qsizetype wordEnd = runEnd(s, i, isWordChar);
        if (wordEnd > digitsEnd(s, i)) {
            word = true;
            return wordEnd;
        }
    }
    return k;
}

} // namespace

std::vector<SqlToken> sqlTokens(const QString &s, DialectKind dialect)
{
    const bool mysql = dialect == DialectKind::Mysql;
    std::vector<SqlToken> out;
    const qsizetype n = s.size();
    qsizetype i = 0;
    qsizetype lastEnd = -1; // where the last token ended
    auto push = [&](SqlToken::Kind kind, QString text, qsizetype start, QChar quote = QChar()) {
        out.push_back({kind, std::move(text), int(start), quote});
        lastEnd = i;
    };
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
            const qsizetype start = i;
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
            push(string ? SqlToken::String : SqlToken::Quoted, text, start, c);
        } else if (c.isDigit() ||
                   // .5, but not the `.` of a qualified name before a digit-led one (db.2fa)
                   (c == u'.' && next.isDigit() &&
                    !(lastEnd == i && !out.empty() && out.back().isIdent()))) {
            const qsizetype start = i;
            bool word = false;
            i = numberEnd(s, i, word);
            push(word ? SqlToken::Word : SqlToken::Number, s.mid(start, i - start), start);
        } else if (isWordStart(c)) {
            const qsizetype start = i;
            i = runEnd(s, i, isWordChar);
            push(SqlToken::Word, s.mid(start, i - start), start);
        } else {
            ++i;
            push(SqlToken::Punct, QString(c), i - 1);
        }
    }
    return out;
}

} // namespace retort
