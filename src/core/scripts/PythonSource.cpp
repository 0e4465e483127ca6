#include "scripts/PythonSource.h"

#include <algorithm>
#include <array>

namespace retort::python {

namespace {

// Python's keywords: never a name that stands for a value.
bool isKeyword(std::string_view w)
{
    static constexpr std::array<std::string_view, 35> kKeywords = {
        "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
        "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
        "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
        "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
    return std::find(kKeywords.begin(), kKeywords.end(), w) != kKeywords.end();
}

QString qstring(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

std::optional<Failure> Source::read()
{
    m_tokens.reserve(size_t(m_bytes.size() / 6));
    if (auto f = tokenize(m_bytes, &m_tokens, &m_lineStarts))
        return f;
    bool firstLine = true;
    for (size_t i = 0; i < m_tokens.size();) {
        size_t end = i;
        while (m_tokens[end].kind != Token::Newline)
            ++end;
        if (m_tokens[i].column0) {
            size_t from = i;
            for (size_t k = i; k <= end; ++k) {
                if (k == end || (m_tokens[k].depth == 0 && isOp(k, ";"))) {
                    if (from < k)
                        m_statements.push_back({from, k});
                    from = k + 1;
                }
            }
        } else if (firstLine) {
            m_indentedStart = true;
        }
        firstLine = false;
        i = end + 1;
    }
    return std::nullopt;
}

std::vector<size_t> Source::equals(const Statement &s) const
{
    std::vector<size_t> out;
    for (size_t i = s.begin; i < s.end; ++i)
        if (m_tokens[i].depth == 0 && isOp(i, "="))
            out.push_back(i);
    return out;
}

std::optional<QString> Source::stringExpr(size_t b, size_t e) const
{
    if (b >= e)
        return std::nullopt;
    QString out;
    for (size_t i = b; i < e; ++i) {
        if (m_tokens[i].kind != Token::String)
            return std::nullopt;
        auto v = stringValue(m_bytes, m_tokens[i]);
        if (!v)
            return std::nullopt;
        out += *v;
    }
    return out;
}

std::optional<QString> Source::dottedName(size_t b, size_t e) const
{
    if (b >= e || (e - b) % 2 == 0)
        return std::nullopt;
    for (size_t i = b; i < e; ++i) {
        const bool nameSlot = (i - b) % 2 == 0;
        if (nameSlot ? (m_tokens[i].kind != Token::Name || isKeyword(text(i))) : !isOp(i, "."))
            return std::nullopt;
    }
    if (e - b == 1) // the usual case: one name
        return qstring(text(b));
    QByteArray name; // without the blanks Python allows around the dots
    for (size_t i = b; i < e; ++i)
        name.append(text(i).data(), qsizetype(text(i).size()));
    return QString::fromUtf8(name);
}

bool Source::item(size_t b, size_t e, Value *value) const
{
    if (auto s = stringExpr(b, e)) {
        value->items.append(*s);
        return true;
    }
    if (auto name = dottedName(b, e)) {
        value->refItems.push_back(int(value->items.size()));
        value->items.append(*name);
        return true;
    }
    return false;
}

// The value in tokens [b, e) at bracket depth `depth`.
std::optional<Value> Source::evaluate(size_t b, size_t e, int depth) const
{
    if (b >= e)
        return std::nullopt;
    Value v;
    v.line = m_tokens[b].line;
    // Items separated by commas at this depth: a bare tuple ("a", "b", a trailing comma allowed).
    std::vector<std::pair<size_t, size_t>> items;
    size_t from = b;
    for (size_t i = b; i < e; ++i) {
        if (m_tokens[i].depth == depth && isOp(i, ",")) {
            items.emplace_back(from, i);
            from = i + 1;
        }
    }
    if (!items.empty()) {
        if (from < e)
            items.emplace_back(from, e);
        v.kind = Value::Seq;
        for (auto [ib, ie] : items)
            if (!item(ib, ie, &v))
                return std::nullopt;
        return v;
    }
    if (e - b == 1 && isName(b, "None"))
        return v;
    if (auto s = stringExpr(b, e)) {
        v.kind = Value::Str;
        v.items.append(*s);
        return v;
    }
    if (auto name = dottedName(b, e)) {
        v.kind = Value::Ref;
        v.items.append(*name);
        return v;
    }
    return bracketed(b, e, depth, v.line);
}

// The value in tokens [b, e) when it is bracketed: `(x)`, `()`, `[]`, `(x, y)`, `[x, y]`, `[x]`;
// nullopt for anything else. `line` is the value's line.
std::optional<Value> Source::bracketed(size_t b, size_t e, int depth, int line) const
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
    v.kind = Value::Seq;
    if (ib == ie)
        return v;
    bool innerComma = false;
    for (size_t i = ib; i < ie; ++i)
        innerComma = innerComma || (m_tokens[i].depth == depth + 1 && isOp(i, ","));
    if (paren || innerComma) { // a parenthesised expression, or (x, y) / [x, y]
        auto inner = evaluate(ib, ie, depth + 1);
        if (inner)
            inner->line = line;
        return inner;
    }
    if (!item(ib, ie, &v)) // [x]
        return std::nullopt;
    return v;
}

std::optional<Binding> Source::binding(std::string_view name, size_t before) const
{
    for (size_t s = std::min(before, m_statements.size()); s-- > 0;) {
        const Statement &st = m_statements[s];
        std::optional<Binding> b;
        if (isName(st.begin, "import"))
            b = importBinding(name, s);
        else if (isName(st.begin, "from"))
            b = fromBinding(name, s);
        else
            b = assignBinding(name, s);
        if (!b && bindsOtherwise(name, s)) {
            b.emplace();
            b->kind = Binding::Other;
        }
        if (b) {
            b->statement = s;
            b->line = m_tokens[st.begin].line;
            return b;
        }
    }
    return std::nullopt;
}

// `import a.b.c [as x], ...`: binds `x` to module a.b.c, else `a` to module a.
std::optional<Binding> Source::importBinding(std::string_view name, size_t s) const
{
    const Statement &st = m_statements[s];
    std::optional<Binding> found;
    size_t i = st.begin + 1;
    while (i < st.end) {
        size_t j = i;
        while (j < st.end && !isOp(j, ",") && !isName(j, "as"))
            ++j;
        const std::optional<QString> module = dottedName(i, j);
        if (!module)
            return std::nullopt; // not an import statement Retort reads
        QString bound = module->section(u'.', 0, 0);
        QString target = bound;
        if (j < st.end && isName(j, "as") && j + 1 < st.end) {
            bound = qstring(text(j + 1));
            target = *module;
            j += 2;
        }
        if (bound == qstring(name)) {
            found.emplace();
            found->kind = Binding::Import;
            found->module = target;
        }
        i = j + 1; // past the comma
    }
    return found;
}

// `from [.]m import a [as x], ...` (or in parentheses): binds `x` (else `a`) to m's `a`.
std::optional<Binding> Source::fromBinding(std::string_view name, size_t s) const
{
    const Statement &st = m_statements[s];
    size_t i = st.begin + 1;
    int level = 0;
    for (; i < st.end && (isOp(i, ".") || isOp(i, "...")); ++i)
        level += int(text(i).size());
    size_t imp = i;
    while (imp < st.end && !isName(imp, "import"))
        ++imp;
    if (imp >= st.end)
        return std::nullopt;
    const std::optional<QString> module = imp > i ? dottedName(i, imp) : QString();
    if (!module)
        return std::nullopt;
    std::optional<Binding> found;
    for (size_t k = imp + 1; k < st.end; ++k) {
        if (m_tokens[k].kind != Token::Name || isName(k, "as"))
            continue;
        if (k > imp + 1 && isName(k - 1, "as"))
            continue; // an alias: read with its name
        const bool aliased = k + 2 < st.end && isName(k + 1, "as");
        const std::string_view bound = aliased ? text(k + 2) : text(k);
        if (bound == name) {
            found.emplace();
            found->kind = Binding::ImportFrom;
            found->module = *module;
            found->level = level;
            found->name = qstring(text(k));
        }
    }
    return found;
}

// `NAME = value`, `NAME: T = value`, `a = NAME = value`.
std::optional<Binding> Source::assignBinding(std::string_view name, size_t s) const
{
    const Statement &st = m_statements[s];
    const std::vector<size_t> eq = equals(st);
    if (eq.empty())
        return std::nullopt;
    size_t from = st.begin;
    for (size_t k = 0; k < eq.size(); ++k) {
        const size_t to = eq[k];
        const bool plain = to - from == 1 && m_tokens[from].kind == Token::Name;
        const bool annotated =
            k == 0 && to - from >= 3 && m_tokens[from].kind == Token::Name && isOp(from + 1, ":");
        if ((plain || annotated) && text(from) == name) {
            Binding b;
            b.kind = Binding::Assign;
            b.valueBegin = eq.back() + 1;
            b.valueEnd = st.end;
            return b;
        }
        from = to + 1;
    }
    return std::nullopt;
}

// Statements that bind `name` in a way Retort does not evaluate: def, class, for, with/except
// ... as, del, augmented or unpacking assignment, `:=`.
bool Source::bindsOtherwise(std::string_view name, size_t s) const
{
    const Statement &st = m_statements[s];
    size_t b = st.begin;
    if (isName(b, "async") && b + 1 < st.end)
        ++b;
    if ((isName(b, "def") || isName(b, "class")) && b + 1 < st.end)
        return text(b + 1) == name;
    const std::vector<size_t> eq = equals(st);
    // `name` itself as a target: not an attribute or an item of something, not inside a call or
    // a subscript (a bare `a, name`, or a parenthesised or bracketed target list).
    auto plainTarget = [&](size_t i) {
        if (i > b && isOp(i - 1, "."))
            return false;
        if (i + 1 < st.end && (isOp(i + 1, ".") || isOp(i + 1, "[") || isOp(i + 1, "(")))
            return false;
        size_t segment = b;
        for (size_t k : eq)
            if (k < i)
                segment = k + 1;
        return m_tokens[i].depth == 0 ||
               (m_tokens[i].depth == 1 && (isOp(segment, "(") || isOp(segment, "[")));
    };
    bool inFor = isName(b, "for");
    const bool del = isName(b, "del");
    const size_t lastEquals = eq.empty() ? b : eq.back();
    for (size_t i = b; i < st.end; ++i) {
        if (inFor && isName(i, "in"))
            inFor = false;
        if (m_tokens[i].kind != Token::Name || text(i) != name)
            continue;
        const bool next = i + 1 < st.end;
        const std::string_view op = next && m_tokens[i + 1].kind == Token::Op ? text(i + 1) : "";
        const bool augmented = i == b && op.size() >= 2 && op.back() == '=' && op != "==" &&
                               op != "<=" && op != ">=" && op != "!=" && op != ":=";
        const bool walrus = op == ":=";
        const bool alias = i > b && isName(i - 1, "as");
        const bool target = (inFor || del || i < lastEquals) && plainTarget(i);
        if (augmented || walrus || alias || target)
            return true;
    }
    return false;
}

std::vector<Binding> Source::starImports(size_t before) const
{
    std::vector<Binding> out;
    for (size_t s = std::min(before, m_statements.size()); s-- > 0;) {
        const Statement &st = m_statements[s];
        if (!isName(st.begin, "from") || !isOp(st.end - 1, "*"))
            continue;
        size_t i = st.begin + 1;
        Binding b;
        b.kind = Binding::ImportFrom;
        for (; i < st.end && (isOp(i, ".") || isOp(i, "...")); ++i)
            b.level += int(text(i).size());
        const size_t imp = st.end - 2;
        if (imp < i || !isName(imp, "import"))
            continue;
        const std::optional<QString> module = imp > i ? dottedName(i, imp) : QString();
        if (!module)
            continue;
        b.module = *module;
        b.statement = s;
        b.line = m_tokens[st.begin].line;
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace retort::python
