#include "scripts/PythonScript.h"

#include "scripts/PythonModules.h"
#include "scripts/PythonSource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <optional>
#include <string_view>
#include <vector>

namespace retort {

namespace {

using python::Failure;
using python::Source;
using python::Token;
using python::Value;

class Reader {
public:
    // `metadata` false: only the functions are read (readPythonFunctions), no name is resolved.
    Reader(const QString &path, const QByteArray &src, PythonModules *modules,
           std::vector<FileDependency> *deps, bool metadata)
        : m_path(path), m_source(path, src), m_modules(modules), m_deps(deps), m_metadata(metadata)
    {
    }

    Result<Script> read();

private:
    Error error(int line, const QString &message) const
    {
        return Error(message, m_path, line, m_script.revision);
    }

    std::optional<Failure> statement(size_t index, bool first);
    std::optional<Failure> assignment(size_t index, const std::vector<size_t> &equals);
    Script::TextRange functionRange(int firstLine, int nextTopLine) const;
    // The steps of read(), in order.
    std::optional<Failure> topLevel(std::vector<int> *topLines);
    std::optional<Error> resolve(int var);
    std::optional<Error> takeRevision();
    std::optional<Error> takeLists();
    void takeDocstring();
    void takeFunctions(const std::vector<int> &topLines);

    const QString &m_path;
    Source m_source;
    PythonModules *m_modules;            // null: imports are not followed
    std::vector<FileDependency> *m_deps; // may be null
    const bool m_metadata;
    Script m_script;
    std::optional<Value> m_values[4]; // revision, down_revision, branch_labels, depends_on
    size_t m_assignedIn[4] = {};      // the statement each value was assigned in
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

QString variableName(int var)
{
    return QString::fromLatin1(kVariables[var].data(), qsizetype(kVariables[var].size()));
}

std::optional<Failure> Reader::assignment(size_t index, const std::vector<size_t> &equals)
{
    const std::vector<Token> &tokens = m_source.tokens();
    const python::Statement &st = m_source.statements()[index];
    // Targets: every segment before the last '='. Only plain names (the first may be annotated)
    // can bind a revision variable.
    std::vector<int> targets;
    size_t from = st.begin;
    for (size_t k = 0; k < equals.size(); ++k) {
        const size_t to = equals[k];
        const bool plain = to - from == 1 && tokens[from].kind == Token::Name;
        const bool annotated = k == 0 && to - from >= 3 && tokens[from].kind == Token::Name &&
                               m_source.isOp(from + 1, ":");
        if (plain || annotated) {
            const int var = variableIndex(m_source.text(from));
            if (var >= 0)
                targets.push_back(var);
        }
        from = to + 1;
    }
    if (targets.empty() || !m_metadata)
        return std::nullopt;
    const size_t vb = equals.back() + 1;
    if (vb >= st.end)
        return Failure{tokens[equals.back()].line, QStringLiteral("missing value")};
    auto value = m_source.evaluate(vb, st.end);
    if (!value) {
        return Failure{tokens[vb].line,
                       QStringLiteral("cannot read %1 without running Python: expected None, a "
                                      "string, a name of a constant, or a tuple or list of them")
                           .arg(variableName(targets.front()))};
    }
    for (int var : targets) {
        m_values[var] = *value;
        m_assignedIn[var] = index;
    }
    return std::nullopt;
}

std::optional<Failure> Reader::statement(size_t index, bool first)
{
    const python::Statement &st = m_source.statements()[index];
    const size_t b = st.begin, e = st.end;
    const Token &t0 = m_source.tokens()[b];
    if (first && t0.kind == Token::String) {
        if (auto doc = m_source.stringExpr(b, e)) {
            m_docstring = *doc;
            return std::nullopt;
        }
    }
    if (t0.kind == Token::Name) {
        size_t d = b;
        if (m_source.text(t0) == "async" && b + 1 < e)
            ++d;
        if (m_source.isName(d, "def") && d + 1 < e &&
            m_source.tokens()[d + 1].kind == Token::Name) {
            const std::string_view name = m_source.text(d + 1);
            if (name == "upgrade")
                m_upgradeLine = t0.line;
            else if (name == "downgrade")
                m_downgradeLine = t0.line;
            return std::nullopt;
        }
    }
    const std::vector<size_t> equals = m_source.equals(st);
    if (equals.empty() && t0.kind == Token::Name && b + 1 < e &&
        variableIndex(m_source.text(t0)) >= 0 && m_metadata) {
        const std::string_view op = m_source.text(b + 1);
        if (m_source.tokens()[b + 1].kind == Token::Op && op.size() >= 2 && op.back() == '=' &&
            op != "==" && op != "<=" && op != ">=" && op != "!=" && op != ":=")
            return Failure{t0.line,
                           QStringLiteral("cannot read %1 without running Python: augmented "
                                          "assignment")
                               .arg(variableName(variableIndex(m_source.text(t0))))};
    }
    if (!equals.empty())
        return assignment(index, equals);
    return std::nullopt;
}

// Lines [firstLine, nextTopLine) of the file (1-based; nextTopLine 0 = to the end), without
// trailing blank lines and column-0 comments, as a byte range.
Script::TextRange Reader::functionRange(int firstLine, int nextTopLine) const
{
    const std::vector<int> &m_lineStarts = m_source.lineStarts();
    const int lineCount = int(m_lineStarts.size());
    int last = (nextTopLine == 0 ? lineCount : nextTopLine - 1); // 1-based, inclusive
    const QByteArrayView all(m_source.bytes());
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

// Reads every top-level statement; `topLines` receives the first line of each top-level logical
// line (where a function's body ends).
std::optional<Failure> Reader::topLevel(std::vector<int> *topLines)
{
    const std::vector<python::Statement> &statements = m_source.statements();
    // An indented first line is a syntax error in Python; a docstring cannot follow.
    const bool docstring = !m_source.indentedStart();
    for (size_t k = 0; k < statements.size(); ++k) {
        const int line = m_source.tokens()[statements[k].begin].line;
        if (topLines->empty() || topLines->back() != line)
            topLines->push_back(line);
        if (auto f = statement(k, docstring && k == 0))
            return f;
    }
    return std::nullopt;
}

// Resolves the names in the value of revision variable `var` (PythonModules.h).
std::optional<Error> Reader::resolve(int var)
{
    std::optional<Value> &value = m_values[var];
    if (!value || value->resolved())
        return std::nullopt;
    std::optional<PythonModules> none; // no project around: only the file's own names
    PythonModules *modules = m_modules;
    if (!modules)
        modules = &none.emplace(QStringList());
    std::vector<FileDependency> ignored;
    Result<Value> r =
        modules->resolve(m_source, m_assignedIn[var], *value, m_deps ? m_deps : &ignored);
    if (!r)
        return error(value->line,
                     QStringLiteral("%1: %2").arg(variableName(var), r.error().message));
    value = std::move(*r);
    return std::nullopt;
}

// Sets the script's revision from `revision = ...`, else from a legacy `<hex id>.py` file name.
std::optional<Error> Reader::takeRevision()
{
    if (auto e = resolve(0))
        return e;
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
        if (auto e = resolve(k))
            return e;
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
    m_script.pythonText = m_source.bytes();
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

    if (auto f = m_source.read())
        return error(f->line, QStringLiteral("Python syntax error: ") + f->message);
    std::vector<int> topLines; // first lines of the top-level logical lines
    if (auto f = topLevel(&topLines))
        return error(f->line, f->message);
    if (!m_metadata) {
        takeFunctions(topLines);
        return std::move(m_script);
    }
    if (auto e = takeRevision())
        return *e;
    if (auto e = takeLists())
        return *e;
    takeDocstring();
    takeFunctions(topLines);
    return std::move(m_script);
}

} // namespace

Result<Script> parsePythonScript(const QString &path, const QByteArray &content,
                                 PythonModules *modules, std::vector<FileDependency> *deps)
{
    const QString abs = QDir::isAbsolutePath(path) ? path : QFileInfo(path).absoluteFilePath();
    return Reader(abs, content, modules, deps, true).read();
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
        // Only the functions: the metadata was read when the project loaded (with its imports).
        auto r = Reader(script.path, f.readAll(), nullptr, nullptr, false).read();
        if (!r)
            return r.error();
        parsed = std::move(*r);
        from = &parsed;
    }
    return PythonFunctions{from->pythonUpgrade(), from->pythonDowngrade()};
}

} // namespace retort
