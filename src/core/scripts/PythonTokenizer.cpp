#include "scripts/PythonTokenizer.h"

#include <string_view>
#include <utility>

namespace retort::python {

namespace {

bool isIdentStart(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

bool isIdentChar(unsigned char c)
{
    return isIdentStart(c) || (c >= '0' && c <= '9');
}

bool isStringPrefix(std::string_view p)
{
    if (p.size() > 2)
        return false;
    bool r = false, b = false, u = false, f = false;
    for (char c : p) {
        switch (c | 0x20) {
        case 'r':
            if (r)
                return false;
            r = true;
            break;
        case 'b':
            if (b)
                return false;
            b = true;
            break;
        case 'u':
            if (u)
                return false;
            u = true;
            break;
        case 'f':
            if (f)
                return false;
            f = true;
            break;
        default:
            return false;
        }
    }
    return !(u && (r || b || f)) && !(b && f);
}

// The tokenizer's state over one source; used once.
class Tokenizer {
public:
    Tokenizer(const QByteArray &src, std::vector<Token> *out, std::vector<int> *lineStarts)
        : m_s(src.constData()), m_n(int(src.size())), m_out(out), m_lineStarts(lineStarts)
    {
    }

    std::optional<Failure> run()
    {
        if (m_n >= 3 && std::string_view(m_s, 3) == "\xEF\xBB\xBF")
            m_i = 3;
        m_lineBegin = m_i;
        m_tokenLineBegin = m_i;
        m_lineStarts->push_back(m_i);
        while (m_i < m_n) {
            bool skipped = false;
            if (auto f = skipNonToken(&skipped))
                return f;
            if (skipped)
                continue;
            if (auto f = token())
                return f;
        }
        if (!m_open.empty())
            return Failure{
                m_open.back().second,
                QStringLiteral("'%1' was never closed").arg(QLatin1Char(m_open.back().first))};
        if (m_pendingLine)
            push(Token::Newline, m_n, m_n, m_line, 0);
        return std::nullopt;
    }

private:
    void push(Token::Kind kind, int b, int e, int tokLine, int tokDepth)
    {
        Token t;
        t.kind = kind;
        t.begin = b;
        t.end = e;
        t.line = tokLine;
        t.depth = tokDepth;
        t.lineStart = !m_pendingLine;
        t.column0 = b == m_tokenLineBegin;
        m_out->push_back(t);
        m_pendingLine = true;
    }

    // A new physical line starts at byte `at`.
    void newLine(int at)
    {
        ++m_line;
        m_lineBegin = at;
        m_lineStarts->push_back(at);
    }

    // Skips what gives no token at m_i: a newline (which may end a logical line), blanks, a
    // comment, a line continuation. *skipped is false when a token starts at m_i.
    std::optional<Failure> skipNonToken(bool *skipped)
    {
        const char c = m_s[m_i];
        *skipped = true;
        if (c == '\n') {
            if (m_depth == 0 && m_pendingLine) {
                push(Token::Newline, m_i, m_i, m_line, 0);
                m_pendingLine = false;
            }
            newLine(++m_i);
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            ++m_i;
        } else if (c == '#') {
            while (m_i < m_n && m_s[m_i] != '\n')
                ++m_i;
        } else if (c == '\\') {
            int j = m_i + 1;
            if (j < m_n && m_s[j] == '\r')
                ++j;
            if (j >= m_n || m_s[j] != '\n')
                return Failure{m_line, QStringLiteral("unexpected character after line "
                                                      "continuation character")};
            m_i = j + 1;
            newLine(m_i);
        } else {
            *skipped = false;
        }
        return std::nullopt;
    }

    // Scans the token starting at m_i.
    std::optional<Failure> token()
    {
        const unsigned char c = static_cast<unsigned char>(m_s[m_i]);
        const int start = m_i;
        const int startLine = m_line;
        m_tokenLineBegin = m_lineBegin;
        if (isIdentStart(c)) {
            while (m_i < m_n && isIdentChar(static_cast<unsigned char>(m_s[m_i])))
                ++m_i;
            if (m_i < m_n && (m_s[m_i] == '\'' || m_s[m_i] == '"') &&
                isStringPrefix(std::string_view(m_s + start, size_t(m_i - start)))) {
                if (auto f = scanString())
                    return f;
                push(Token::String, start, m_i, startLine, m_depth);
            } else {
                push(Token::Name, start, m_i, startLine, m_depth);
            }
        } else if (c == '\'' || c == '"') {
            if (auto f = scanString())
                return f;
            push(Token::String, start, m_i, startLine, m_depth);
        } else if ((c >= '0' && c <= '9') ||
                   (c == '.' && m_i + 1 < m_n && m_s[m_i + 1] >= '0' && m_s[m_i + 1] <= '9')) {
            while (m_i < m_n &&
                   (isIdentChar(static_cast<unsigned char>(m_s[m_i])) || m_s[m_i] == '.'))
                ++m_i;
            push(Token::Number, start, m_i, startLine, m_depth);
        } else if (c == '(' || c == '[' || c == '{' || c == ')' || c == ']' || c == '}') {
            return bracket(char(c));
        } else {
            m_i += opLength(m_s + m_i, m_n - m_i);
            push(Token::Op, start, m_i, m_line, m_depth);
        }
        return std::nullopt;
    }

    // An opening or closing bracket at m_i; a closing one must match the last one open.
    std::optional<Failure> bracket(char c)
    {
        if (c == '(' || c == '[' || c == '{') {
            push(Token::Op, m_i, m_i + 1, m_line, m_depth);
            m_open.emplace_back(c, m_line);
            ++m_depth;
            ++m_i;
            return std::nullopt;
        }
        const char want = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (m_open.empty() || m_open.back().first != want)
            return Failure{m_line, QStringLiteral("unmatched '%1'").arg(QLatin1Char(c))};
        m_open.pop_back();
        --m_depth;
        push(Token::Op, m_i, m_i + 1, m_line, m_depth);
        ++m_i;
        return std::nullopt;
    }

    // The length of the operator at `p` (1 to 3 characters; Python's operator set).
    static int opLength(const char *p, int left)
    {
        const char a = p[0];
        const char b = left > 1 ? p[1] : '\0';
        const char c = left > 2 ? p[2] : '\0';
        switch (a) {
        case '*':
        case '/':
        case '<':
        case '>':
            if (b == a) // ** // << >>, and their augmented forms
                return c == '=' ? 3 : 2;
            return b == '=' ? 2 : 1;
        case '-':
            return b == '>' || b == '=' ? 2 : 1;
        case '.':
            return b == '.' && c == '.' ? 3 : 1;
        case '=':
        case '!':
        case ':':
        case '+':
        case '%':
        case '&':
        case '|':
        case '^':
        case '@':
            return b == '=' ? 2 : 1;
        default:
            return 1;
        }
    }

    // Scans a string literal whose quote is at m_i (any prefix already consumed).
    std::optional<Failure> scanString()
    {
        const char q = m_s[m_i];
        const int startLine = m_line;
        const bool triple = m_i + 2 < m_n && m_s[m_i + 1] == q && m_s[m_i + 2] == q;
        int j = m_i + (triple ? 3 : 1);
        while (j < m_n) {
            const char c = m_s[j];
            if (c == '\\') {
                if (j + 2 < m_n && m_s[j + 1] == '\r' && m_s[j + 2] == '\n')
                    ++j; // a CRLF continuation: skip the CR, then as LF
                if (j + 1 < m_n && m_s[j + 1] == '\n')
                    newLine(j + 2);
                j += 2;
                continue;
            }
            if (c == '\n') {
                if (!triple)
                    return Failure{startLine, QStringLiteral("unterminated string literal")};
                newLine(j + 1);
                ++j;
                continue;
            }
            if (c == q) {
                if (!triple) {
                    m_i = j + 1;
                    return std::nullopt;
                }
                if (j + 2 < m_n && m_s[j + 1] == q && m_s[j + 2] == q) {
                    m_i = j + 3;
                    return std::nullopt;
                }
            }
            ++j;
        }
        return Failure{startLine, triple ? QStringLiteral("unterminated triple-quoted string")
                                         : QStringLiteral("unterminated string literal")};
    }

    const char *m_s;
    const int m_n;
    std::vector<Token> *m_out;
    std::vector<int> *m_lineStarts;
    int m_i = 0;
    int m_line = 1;
    int m_lineBegin = 0;                      // where the current physical line begins
    int m_tokenLineBegin = 0;                 // where the current token's first line begins
    int m_depth = 0;                          // brackets open
    bool m_pendingLine = false;               // the logical line has tokens
    std::vector<std::pair<char, int>> m_open; // brackets still open: char and line
};

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

// The character a one-letter escape (`\n`, `\'`...) stands for; '\0' when `x` is not one.
char simpleEscape(char x)
{
    switch (x) {
    case '\\':
    case '\'':
    case '"':
        return x;
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case 'a':
        return '\a';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'v':
        return '\v';
    default:
        return '\0';
    }
}

// A decoded string literal: UTF-8 bytes gathered in `chunk`, moved to `out` before a code point
// from an escape is appended.
struct Decoded {
    QString out;
    QByteArray chunk;

    void flush()
    {
        out += QString::fromUtf8(chunk);
        chunk.clear();
    }
    void append(char32_t code)
    {
        flush();
        out += QString::fromUcs4(&code, 1);
    }
};

// Decodes the escape sequence whose letter `x` is s[i] (after a backslash) into `d`: its
// characters run up to `e`. Returns the index of its last character. An unknown escape, or `\x`,
// `\u`, `\U` without all their hex digits, is kept as written, as Python does.
int decodeEscape(const char *s, int i, int e, Decoded *d)
{
    const char x = s[i];
    if (const char simple = simpleEscape(x)) {
        d->chunk += simple;
        return i;
    }
    if (x == '\n')
        return i; // a line continuation
    if (x == '\r')
        return i + 1 < e && s[i + 1] == '\n' ? i + 1 : i;
    if (x == 'x' || x == 'u' || x == 'U') {
        const int digits = x == 'x' ? 2 : x == 'u' ? 4 : 8;
        char32_t code = 0;
        int k = 0;
        for (; k < digits && i + 1 + k < e && hexValue(s[i + 1 + k]) >= 0; ++k)
            code = code * 16 + char32_t(hexValue(s[i + 1 + k]));
        if (k == digits) {
            d->append(code);
            return i + digits;
        }
    } else if (x >= '0' && x <= '7') {
        char32_t code = char32_t(x - '0');
        for (int k = 0; k < 2 && i + 1 < e && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k)
            code = code * 8 + char32_t(s[++i] - '0');
        d->append(code);
        return i;
    }
    d->chunk += '\\';
    d->chunk += x;
    return i;
}

} // namespace

std::optional<Failure> tokenize(const QByteArray &src, std::vector<Token> *out,
                                std::vector<int> *lineStarts)
{
    return Tokenizer(src, out, lineStarts).run();
}

std::optional<QString> stringValue(const QByteArray &src, const Token &t)
{
    const char *s = src.constData();
    int b = t.begin;
    bool raw = false;
    while (s[b] != '\'' && s[b] != '"') {
        const char p = char(s[b] | 0x20);
        if (p == 'b' || p == 'f')
            return std::nullopt;
        raw = raw || p == 'r';
        ++b;
    }
    const char q = s[b];
    const bool triple = b + 2 < t.end && s[b + 1] == q && s[b + 2] == q && t.end - b >= 6;
    const int quote = triple ? 3 : 1;
    const int e = t.end - quote;
    b += quote;
    if (raw)
        return QString::fromUtf8(s + b, e - b).remove(u'\r');

    Decoded d;
    for (int i = b; i < e; ++i) {
        const char c = s[i];
        if (c == '\r')
            continue;
        if (c != '\\' || i + 1 >= e)
            d.chunk += c;
        else
            i = decodeEscape(s, i + 1, e, &d);
    }
    d.flush();
    return d.out;
}

} // namespace retort::python
