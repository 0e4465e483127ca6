#include "scripts/PythonScript.h"

#include "scripts/ScriptCache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <optional>
#include <string_view>
#include <vector>

namespace retort {

namespace {

// One Python token, as offsets into the source (no copies: a file has hundreds of tokens).
struct Token {
    enum Kind { Name, String, Number, Op, Newline };
    Kind kind = Op;
    int begin = 0; // byte offsets in the source
    int end = 0;
    int line = 0;           // 1-based line of the first byte
    int depth = 0;          // bracket nesting the token is in (brackets count as the outer level)
    bool lineStart = false; // first token of a logical line
    bool column0 = false;   // starts at the beginning of its physical line
};

struct Failure {
    int line = 0;
    QString message;
};

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

// Splits Python source into tokens. Comments, blank lines and continuation lines give none; a
// Newline token ends each logical line (a newline outside brackets after at least one token).
class Tokenizer {
public:
    explicit Tokenizer(const QByteArray &src) : m_src(src) {}

    // Tokenizes the source into `out`; `lineStarts` receives the byte offset of every line
    // (index 0: line 1).
    std::optional<Failure> run(std::vector<Token> *out, std::vector<int> *lineStarts)
    {
        const char *s = m_src.constData();
        const int n = int(m_src.size());
        int i = 0;
        if (n >= 3 && std::string_view(s, 3) == "\xEF\xBB\xBF")
            i = 3;
        int line = 1;
        int lineBegin = i;
        lineStarts->push_back(i);
        int depth = 0;
        bool pendingLine = false;               // the logical line has tokens
        std::vector<std::pair<char, int>> open; // brackets still open: char and line
        int tokenLineBegin = lineBegin;         // where the current token's first line begins
        auto push = [&](Token::Kind kind, int b, int e, int tokLine, int tokDepth) {
            Token t;
            t.kind = kind;
            t.begin = b;
            t.end = e;
            t.line = tokLine;
            t.depth = tokDepth;
            t.lineStart = !pendingLine;
            t.column0 = b == tokenLineBegin;
            out->push_back(t);
            pendingLine = true;
        };
        while (i < n) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            if (c == '\n') {
                if (depth == 0 && pendingLine) {
                    push(Token::Newline, i, i, line, 0);
                    pendingLine = false;
                }
                ++i;
                ++line;
                lineBegin = i;
                lineStarts->push_back(i);
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                ++i;
                continue;
            }
            if (c == '#') {
                while (i < n && s[i] != '\n')
                    ++i;
                continue;
            }
            if (c == '\\') {
                int j = i + 1;
                if (j < n && s[j] == '\r')
                    ++j;
                if (j < n && s[j] == '\n') {
                    i = j + 1;
                    ++line;
                    lineBegin = i;
                    lineStarts->push_back(i);
                    continue;
                }
                return Failure{line, QStringLiteral("unexpected character after line "
                                                    "continuation character")};
            }
            const int start = i;
            const int startLine = line;
            tokenLineBegin = lineBegin;
            if (isIdentStart(c)) {
                while (i < n && isIdentChar(static_cast<unsigned char>(s[i])))
                    ++i;
                if (i < n && (s[i] == '\'' || s[i] == '"') &&
                    isStringPrefix(std::string_view(s + start, size_t(i - start)))) {
                    if (auto f = scanString(s, n, &i, &line, &lineBegin, lineStarts))
                        return f;
                    push(Token::String, start, i, startLine, depth);
                } else {
                    push(Token::Name, start, i, startLine, depth);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                if (auto f = scanString(s, n, &i, &line, &lineBegin, lineStarts))
                    return f;
                push(Token::String, start, i, startLine, depth);
                continue;
            }
            if ((c >= '0' && c <= '9') ||
                (c == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')) {
                while (i < n && (isIdentChar(static_cast<unsigned char>(s[i])) || s[i] == '.'))
                    ++i;
                push(Token::Number, start, i, startLine, depth);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                push(Token::Op, i, i + 1, line, depth);
                open.emplace_back(char(c), line);
                ++depth;
                ++i;
                continue;
            }
            if (c == ')' || c == ']' || c == '}') {
                const char want = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (open.empty() || open.back().first != want)
                    return Failure{line,
                                   QStringLiteral("unmatched '%1'").arg(QLatin1Char(char(c)))};
                open.pop_back();
                --depth;
                push(Token::Op, i, i + 1, line, depth);
                ++i;
                continue;
            }
            i += opLength(s + i, n - i);
            push(Token::Op, start, i, line, depth);
        }
        if (!open.empty())
            return Failure{
                open.back().second,
                QStringLiteral("'%1' was never closed").arg(QLatin1Char(open.back().first))};
        if (pendingLine)
            push(Token::Newline, n, n, line, 0);
        return std::nullopt;
    }

private:
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

    // Scans a string literal whose quote is at *i (any prefix already consumed).
    static std::optional<Failure> scanString(const char *s, int n, int *i, int *line,
                                             int *lineBegin, std::vector<int> *lineStarts)
    {
        const char q = s[*i];
        const int startLine = *line;
        const bool triple = *i + 2 < n && s[*i + 1] == q && s[*i + 2] == q;
        int j = *i + (triple ? 3 : 1);
        while (j < n) {
            const char c = s[j];
            if (c == '\\') {
                if (j + 2 < n && s[j + 1] == '\r' && s[j + 2] == '\n')
                    ++j; // a CRLF continuation: skip the CR, then as LF
                if (j + 1 < n && s[j + 1] == '\n') {
                    ++*line;
                    *lineBegin = j + 2;
                    lineStarts->push_back(j + 2);
                }
                j += 2;
                continue;
            }
            if (c == '\n') {
                if (!triple)
                    return Failure{startLine, QStringLiteral("unterminated string literal")};
                ++*line;
                *lineBegin = j + 1;
                lineStarts->push_back(j + 1);
                ++j;
                continue;
            }
            if (c == q) {
                if (!triple) {
                    *i = j + 1;
                    return std::nullopt;
                }
                if (j + 2 < n && s[j + 1] == q && s[j + 2] == q) {
                    *i = j + 3;
                    return std::nullopt;
                }
            }
            ++j;
        }
        return Failure{startLine, triple ? QStringLiteral("unterminated triple-quoted string")
                                         : QStringLiteral("unterminated string literal")};
    }

    const QByteArray &m_src;
};

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

// The value of a str literal token; nullopt for bytes and f-strings (not plain text).
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

    QString out;
    QByteArray chunk;
    auto flush = [&] {
        out += QString::fromUtf8(chunk);
        chunk.clear();
    };
    for (int i = b; i < e; ++i) {
        const char c = s[i];
        if (c == '\r')
            continue;
        if (c != '\\' || i + 1 >= e) {
            chunk += c;
            continue;
        }
        const char x = s[++i];
        switch (x) {
        case '\n':
            break;
        case '\r':
            if (i + 1 < e && s[i + 1] == '\n')
                ++i;
            break;
        case '\\':
        case '\'':
        case '"':
            chunk += x;
            break;
        case 'n':
            chunk += '\n';
            break;
        case 't':
            chunk += '\t';
            break;
        case 'r':
            chunk += '\r';
            break;
        case 'a':
            chunk += '\a';
            break;
        case 'b':
            chunk += '\b';
            break;
        case 'f':
            chunk += '\f';
            break;
        case 'v':
            chunk += '\v';
            break;
        case 'x':
        case 'u':
        case 'U': {
            const int digits = x == 'x' ? 2 : x == 'u' ? 4 : 8;
            char32_t code = 0;
            int k = 0;
            for (; k < digits && i + 1 + k < e && hexValue(s[i + 1 + k]) >= 0; ++k)
                code = code * 16 + char32_t(hexValue(s[i + 1 + k]));
            if (k != digits) {
                chunk += '\\';
                chunk += x;
                break;
            }
            i += digits;
            flush();
            out += QString::fromUcs4(&code, 1);
            break;
        }
        default:
            if (x >= '0' && x <= '7') {
                char32_t code = char32_t(x - '0');
                for (int k = 0; k < 2 && i + 1 < e && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k)
                    code = code * 8 + char32_t(s[++i] - '0');
                flush();
                out += QString::fromUcs4(&code, 1);
            } else {
                chunk += '\\';
                chunk += x;
            }
        }
    }
    flush();
    return out;
}

// A literal value of one of the revision variables.
struct Value {
    enum Kind { None, Str, Seq } kind = None;
    QStringList items; // Str: one item; Seq: the items
    int line = 0;      // line of the value's first token
};

class Reader {
public:
    Reader(const QString &path, const QByteArray &src) : m_path(path), m_src(src) {}

    Result<Script> read();

private:
    std::string_view text(const Token &t) const
    {
        return std::string_view(m_src.constData() + t.begin, size_t(t.end - t.begin));
    }
    bool isOp(size_t i, std::string_view op) const
    {
        return m_tokens[i].kind == Token::Op && text(m_tokens[i]) == op;
    }
    Error error(int line, const QString &message) const
    {
        return Error(message, m_path, line, m_script.revision);
    }

    std::optional<Failure> statement(size_t b, size_t e, bool first);
    std::optional<Failure> assignment(size_t b, size_t e, const std::vector<size_t> &equals);
    std::optional<QString> stringExpr(size_t b, size_t e) const;
    std::optional<Value> evaluate(size_t b, size_t e, int depth) const;
    Script::TextRange functionRange(int firstLine, int nextTopLine) const;

    const QString &m_path;
    const QByteArray &m_src;
    std::vector<Token> m_tokens;
    std::vector<int> m_lineStarts; // byte offset of each line (index 0: line 1)
    Script m_script;
    std::optional<Value> m_values[4]; // revision, down_revision, branch_labels, depends_on
    std::optional<QString> m_docstring;
    int m_upgradeLine = 0;
    int m_downgradeLine = 0;
};

constexpr std::string_view kVariables[4] = {"revision", "down_revision", "branch_labels",
                                            "depends_on"};

int variableIndex(std::string_view name)
{
    for (int i = 0; i < 4; ++i)
        if (kVariables[i] == name)
            return i;
    return -1;
}

std::optional<QString> Reader::stringExpr(size_t b, size_t e) const
{
    if (b >= e)
        return std::nullopt;
    QString out;
    for (size_t i = b; i < e; ++i) {
        if (m_tokens[i].kind != Token::String)
            return std::nullopt;
        auto v = stringValue(m_src, m_tokens[i]);
        if (!v)
            return std::nullopt;
        out += *v;
    }
    return out;
}

// The literal in tokens [b, e) at bracket depth `depth`: None, a string, or a tuple or list of
// strings; nullopt for anything else.
std::optional<Value> Reader::evaluate(size_t b, size_t e, int depth) const
{
    if (b >= e)
        return std::nullopt;
    Value v;
    v.line = m_tokens[b].line;
    // Items separated by commas at this depth.
    std::vector<std::pair<size_t, size_t>> items;
    size_t from = b;
    bool comma = false;
    for (size_t i = b; i < e; ++i) {
        if (m_tokens[i].depth == depth && isOp(i, ",")) {
            items.emplace_back(from, i);
            from = i + 1;
            comma = true;
        }
    }
    if (comma) { // a bare tuple: "a", "b" (a trailing comma allowed)
        if (from < e)
            items.emplace_back(from, e);
        v.kind = Value::Seq;
        for (auto [ib, ie] : items) {
            auto s = stringExpr(ib, ie);
            if (!s)
                return std::nullopt;
            v.items.append(*s);
        }
        return v;
    }
    if (e - b == 1 && m_tokens[b].kind == Token::Name && text(m_tokens[b]) == "None")
        return v;
    if (auto s = stringExpr(b, e)) {
        v.kind = Value::Str;
        v.items.append(*s);
        return v;
    }
    const bool paren = isOp(b, "(") && isOp(e - 1, ")");
    const bool bracket = isOp(b, "[") && isOp(e - 1, "]");
    if ((!paren && !bracket) || m_tokens[e - 1].depth != depth)
        return std::nullopt;
    // The closing bracket must close the opening one (not "(a) + (b)").
    for (size_t i = b + 1; i + 1 < e; ++i)
        if (m_tokens[i].depth == depth)
            return std::nullopt;
    const size_t ib = b + 1, ie = e - 1;
    if (ib == ie) {
        v.kind = Value::Seq;
        return v;
    }
    bool innerComma = false;
    for (size_t i = ib; i < ie; ++i)
        innerComma = innerComma || (m_tokens[i].depth == depth + 1 && isOp(i, ","));
    if (paren && !innerComma) { // a parenthesised expression
        auto inner = evaluate(ib, ie, depth + 1);
        if (inner)
            inner->line = v.line;
        return inner;
    }
    v.kind = Value::Seq;
    if (innerComma) { // (x, y) or [x, y]: the bare-tuple rule inside
        auto inner = evaluate(ib, ie, depth + 1);
        if (!inner)
            return std::nullopt;
        v.items = inner->items;
        return v;
    }
    auto item = stringExpr(ib, ie); // [x]
    if (!item)
        return std::nullopt;
    v.items.append(*item);
    return v;
}

std::optional<Failure> Reader::assignment(size_t b, size_t e, const std::vector<size_t> &equals)
{
    // Targets: every segment before the last '='. Only plain names (the first may be annotated)
    // can bind a revision variable.
    std::vector<int> targets;
    size_t from = b;
    for (size_t k = 0; k < equals.size(); ++k) {
        const size_t to = equals[k];
        const bool plain = to - from == 1 && m_tokens[from].kind == Token::Name;
        const bool annotated =
            k == 0 && to - from >= 3 && m_tokens[from].kind == Token::Name && isOp(from + 1, ":");
        if (plain || annotated) {
            const int var = variableIndex(text(m_tokens[from]));
            if (var >= 0)
                targets.push_back(var);
        }
        from = to + 1;
    }
    if (targets.empty())
        return std::nullopt;
    const size_t vb = equals.back() + 1;
    if (vb >= e)
        return Failure{m_tokens[equals.back()].line, QStringLiteral("missing value")};
    auto value = evaluate(vb, e, 0);
    if (!value) {
        return Failure{
            m_tokens[vb].line,
            QStringLiteral("cannot read %1 without running Python: expected None, a string, or a "
                           "tuple or list of strings")
                .arg(QString::fromLatin1(kVariables[targets.front()].data(),
                                         qsizetype(kVariables[targets.front()].size())))};
    }
    for (int var : targets)
        m_values[var] = *value;
    return std::nullopt;
}

std::optional<Failure> Reader::statement(size_t b, size_t e, bool first)
{
    if (b >= e)
        return std::nullopt;
    if (first && m_tokens[b].kind == Token::String) {
        if (auto doc = stringExpr(b, e)) {
            m_docstring = *doc;
            return std::nullopt;
        }
    }
    const Token &t0 = m_tokens[b];
    if (t0.kind == Token::Name) {
        size_t d = b;
        if (text(t0) == "async" && b + 1 < e)
            ++d;
        if (text(m_tokens[d]) == "def" && d + 1 < e && m_tokens[d + 1].kind == Token::Name) {
            const std::string_view name = text(m_tokens[d + 1]);
            if (name == "upgrade")
                m_upgradeLine = t0.line;
            else if (name == "downgrade")
                m_downgradeLine = t0.line;
            return std::nullopt;
        }
    }
    std::vector<size_t> equals;
    for (size_t i = b; i < e; ++i) {
        if (m_tokens[i].depth == 0 && m_tokens[i].kind == Token::Op) {
            const std::string_view op = text(m_tokens[i]);
            if (op == "=") {
                equals.push_back(i);
            } else if (equals.empty() && i == b + 1 && op.size() >= 2 && op.back() == '=' &&
                       op != "==" && op != "<=" && op != ">=" && op != "!=" && op != ":=" &&
                       t0.kind == Token::Name && variableIndex(text(t0)) >= 0) {
                return Failure{
                    t0.line,
                    QStringLiteral("cannot read %1 without running Python: augmented "
                                   "assignment")
                        .arg(QString::fromUtf8(text(t0).data(), qsizetype(text(t0).size())))};
            }
        }
    }
    if (!equals.empty())
        return assignment(b, e, equals);
    return std::nullopt;
}

// Lines [firstLine, nextTopLine) of the file (1-based; nextTopLine 0 = to the end), without
// trailing blank lines and column-0 comments, as a byte range.
Script::TextRange Reader::functionRange(int firstLine, int nextTopLine) const
{
    const int lineCount = int(m_lineStarts.size());
    int last = (nextTopLine == 0 ? lineCount : nextTopLine - 1); // 1-based, inclusive
    const QByteArrayView all(m_src);
    auto lineEnd = [&](int line) { // end of the line's text, before "\n" or "\r\n"
        int e = line < lineCount ? m_lineStarts[size_t(line)] - 1 : int(all.size());
        if (e > m_lineStarts[size_t(line - 1)] && all[e - 1] == '\r')
            --e;
        return e;
    };
    auto lineText = [&](int line) {
        const int b = m_lineStarts[size_t(line - 1)];
        return all.sliced(b, lineEnd(line) - b);
    };
    while (last > firstLine &&
           (lineText(last).trimmed().isEmpty() || lineText(last).startsWith('#')))
        --last;
    return {m_lineStarts[size_t(firstLine - 1)], lineEnd(last), firstLine};
}

Result<Script> Reader::read()
{
    m_script.path = m_path;
    m_script.fileName = m_path.sliced(m_path.lastIndexOf(u'/') + 1);
    m_script.language = ScriptLanguage::Python;

    m_tokens.reserve(size_t(m_src.size() / 6));
    if (auto f = Tokenizer(m_src).run(&m_tokens, &m_lineStarts))
        return error(f->line, QStringLiteral("Python syntax error: ") + f->message);

    // Top-level logical lines and their statements.
    std::vector<int> topLines; // first lines of the top-level logical lines
    bool first = true;
    for (size_t i = 0; i < m_tokens.size();) {
        size_t end = i;
        while (m_tokens[end].kind != Token::Newline)
            ++end;
        const bool topLevel = m_tokens[i].column0;
        if (topLevel) {
            topLines.push_back(m_tokens[i].line);
            size_t from = i;
            for (size_t k = i; k <= end; ++k) {
                if (k == end || (m_tokens[k].depth == 0 && isOp(k, ";"))) {
                    if (auto f = statement(from, k, first))
                        return error(f->line, f->message);
                    first = false;
                    from = k + 1;
                }
            }
        } else if (first) {
            // An indented first line is a syntax error in Python; a docstring cannot follow.
            first = false;
        }
        i = end + 1;
    }

    const std::optional<Value> &rev = m_values[0];
    if (!rev) {
        // Alembic's legacy form: the id is the file name.
        const QString name = m_script.fileName;
        const QString stem = name.chopped(3);
        bool hex = name.endsWith(u".py") && !stem.isEmpty();
        for (QChar c : stem)
            hex = hex && ((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'));
        if (!hex)
            return error(1, QStringLiteral("no top-level `revision = \"...\"` (and the file "
                                           "name is not a revision id)"));
        m_script.revision = stem;
    } else {
        if (rev->kind != Value::Str)
            return error(rev->line, QStringLiteral("revision must be a string"));
        m_script.revision = rev->items.front();
    }
    if (!isValidRevisionId(m_script.revision))
        return error(rev ? rev->line : 1,
                     QStringLiteral("invalid revision id '%1' (letters, digits and '_' only)")
                         .arg(m_script.revision));
    if (!m_values[1])
        return error(1, QStringLiteral("no top-level `down_revision = ...` (None for a base)"));
    const char *what[4] = {"revision", "down revision", "branch label", "depends_on item"};
    QStringList *lists[4] = {nullptr, &m_script.downRevisions, &m_script.branchLabels,
                             &m_script.dependsOn};
    for (int k = 1; k < 4; ++k) {
        if (!m_values[k])
            continue;
        for (const QString &item : m_values[k]->items) {
            if (!isValidRevisionId(item))
                return error(m_values[k]->line,
                             QStringLiteral("invalid %1 '%2' (letters, digits and '_' only)")
                                 .arg(QLatin1String(what[k]), item));
        }
        *lists[k] = m_values[k]->items;
    }

    if (m_docstring) {
        const QString doc = m_docstring->trimmed();
        m_script.message = doc.section(QStringLiteral("\n\n"), 0, 0);
        for (QStringView l : QStringView(doc).tokenize(u'\n')) {
            const QStringView t = l.trimmed();
            if (t.startsWith(u"Create Date:")) {
                m_script.createDate = t.sliced(12).trimmed().toString();
                break;
            }
        }
    }

    auto nextTop = [&](int line) {
        for (int l : topLines)
            if (l > line)
                return l;
        return 0;
    };
    m_script.pythonText = m_src;
    if (m_upgradeLine > 0)
        m_script.pythonUpgradeRange = functionRange(m_upgradeLine, nextTop(m_upgradeLine));
    if (m_downgradeLine > 0)
        m_script.pythonDowngradeRange = functionRange(m_downgradeLine, nextTop(m_downgradeLine));
    return std::move(m_script);
}

} // namespace

Result<Script> parsePythonScript(const QString &path, const QByteArray &content)
{
    const QString abs = QDir::isAbsolutePath(path) ? path : QFileInfo(path).absoluteFilePath();
    return Reader(abs, content).read();
}

bool isAlembicScriptFileName(QByteArrayView utf8Name)
{
    return utf8Name.endsWith(".py") && !utf8Name.startsWith(".#") &&
           !utf8Name.startsWith("__init__");
}

bool isAlembicScriptFileName(QStringView name)
{
    return isAlembicScriptFileName(QByteArrayView(name.toUtf8()));
}

namespace {

QStringList absoluteDirs(const QStringList &dirs)
{
    QStringList absolute;
    for (const QString &d : dirs)
        absolute.append(QDir(d).absolutePath());
    return absolute;
}

} // namespace

ScriptLoad loadPythonScripts(const QStringList &dirs, bool skipMissing)
{
    const QStringList absolute = absoluteDirs(dirs);
    ScriptCache cache(absolute);
    // Metadata only: a project's scripts do not keep their text (readPythonFunctions reads it
    // when it is shown), as when they come from the cache.
    auto parseMetadata = [](const QString &path, const QByteArray &content) {
        Result<Script> s = parsePythonScript(path, content);
        if (s) {
            s->pythonText = QByteArray();
            s->pythonUpgradeRange = {};
            s->pythonDowngradeRange = {};
        }
        return s;
    };
    return loadScriptFiles(absolute, &isAlembicScriptFileName, parseMetadata, skipMissing,
                           cache.enabled() ? &cache : nullptr);
}

std::unique_ptr<CachedLoad> startCachedPythonLoad(const QStringList &dirs, bool skipMissing)
{
    const QStringList absolute = absoluteDirs(dirs);
    return CachedLoad::start(absolute, &isAlembicScriptFileName, skipMissing,
                             std::make_unique<ScriptCache>(absolute));
}

Result<PythonFunctions> readPythonFunctions(const Script &script)
{
    Script parsed;
    const Script *from = &script;
    if (script.pythonText.isEmpty()) {
        QFile f(script.path);
        if (!f.open(QIODevice::ReadOnly))
            return Error(QStringLiteral("cannot read: %1").arg(f.errorString()), script.path);
        auto r = parsePythonScript(script.path, f.readAll());
        if (!r)
            return r.error();
        parsed = std::move(*r);
        from = &parsed;
    }
    return PythonFunctions{from->pythonUpgrade(), from->pythonDowngrade()};
}

} // namespace retort
