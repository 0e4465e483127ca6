#include "scripts/PythonScript.h"

#include "scripts/PythonTokenizer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <optional>
#include <string_view>
#include <vector>

namespace retort {

namespace {

using python::Failure;
using python::stringValue;
using python::Token;

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
    // A tuple of the string expressions in the token ranges `items`; nullopt if one is not.
    std::optional<Value> stringItems(const std::vector<std::pair<size_t, size_t>> &items,
                                     int line) const;
    // The literal in tokens [b, e) when it is bracketed: `(x)`, `()`, `[]`, `(x, y)`, `[x, y]`,
    // `[x]`; nullopt for anything else. `line` is the value's line.
    std::optional<Value> bracketed(size_t b, size_t e, int depth, int line) const;
    Script::TextRange functionRange(int firstLine, int nextTopLine) const;
    // The steps of read(), in order.
    std::optional<Failure> topLevel(std::vector<int> *topLines);
    std::optional<Error> takeRevision();
    std::optional<Error> takeLists();
    void takeDocstring();
    void takeFunctions(const std::vector<int> &topLines);

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
        return stringItems(items, v.line);
    }
    if (e - b == 1 && m_tokens[b].kind == Token::Name && text(m_tokens[b]) == "None")
        return v;
    if (auto s = stringExpr(b, e)) {
        v.kind = Value::Str;
        v.items.append(*s);
        return v;
    }
    return bracketed(b, e, depth, v.line);
}

std::optional<Value> Reader::stringItems(const std::vector<std::pair<size_t, size_t>> &items,
                                         int line) const
{
    Value v;
    v.line = line;
    v.kind = Value::Seq;
    for (auto [ib, ie] : items) {
        auto s = stringExpr(ib, ie);
        if (!s)
            return std::nullopt;
        v.items.append(*s);
    }
    return v;
}

std::optional<Value> Reader::bracketed(size_t b, size_t e, int depth, int line) const
{
    Value v;
    v.line = line;
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

// Reads the statements of every top-level logical line; `topLines` receives the first line of
// each (where a function's body ends).
std::optional<Failure> Reader::topLevel(std::vector<int> *topLines)
{
    bool first = true;
    for (size_t i = 0; i < m_tokens.size();) {
        size_t end = i;
        while (m_tokens[end].kind != Token::Newline)
            ++end;
        const bool topLevel = m_tokens[i].column0;
        if (topLevel) {
            topLines->push_back(m_tokens[i].line);
            size_t from = i;
            for (size_t k = i; k <= end; ++k) {
                if (k == end || (m_tokens[k].depth == 0 && isOp(k, ";"))) {
                    if (auto f = statement(from, k, first))
                        return f;
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
    return std::nullopt;
}

// Sets the script's revision from `revision = ...`, else from a legacy `<hex id>.py` file name.
std::optional<Error> Reader::takeRevision()
{
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
    return std::nullopt;
}

// Sets the down revisions (required), branch labels and depends_on, each item checked.
std::optional<Error> Reader::takeLists()
{
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
    return std::nullopt;
}

// The message and Create Date from the module docstring, as Alembic's Script.doc.
void Reader::takeDocstring()
{
    if (!m_docstring)
        return;
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

// The text and where `def upgrade` / `def downgrade` are in it; a body ends before the next
// top-level line.
void Reader::takeFunctions(const std::vector<int> &topLines)
{
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
}

Result<Script> Reader::read()
{
    m_script.path = m_path;
    m_script.fileName = m_path.sliced(m_path.lastIndexOf(u'/') + 1);
    m_script.language = ScriptLanguage::Python;

    m_tokens.reserve(size_t(m_src.size() / 6));
    if (auto f = python::tokenize(m_src, &m_tokens, &m_lineStarts))
        return error(f->line, QStringLiteral("Python syntax error: ") + f->message);
    std::vector<int> topLines; // first lines of the top-level logical lines
    if (auto f = topLevel(&topLines))
        return error(f->line, f->message);
    if (auto e = takeRevision())
        return *e;
    if (auto e = takeLists())
        return *e;
    takeDocstring();
    takeFunctions(topLines);
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
