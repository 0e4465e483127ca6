#pragma once

#include "scripts/PythonTokenizer.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <string_view>
#include <vector>

// A Python file read without running it: its top-level statements, the values Retort evaluates
// (literals and the names standing for them) and what binds a name at the top level. Internal to
// src/core/scripts: used by the revision reader (PythonScript.h) and the import resolver
// (PythonModules.h).
namespace retort::python {

// A value as written: None, a str, or a tuple or list of strs, where a dotted name
// (`EXPAND`, `cli.EXPAND_BRANCH`) may stand for a str (as an item) or for any value (as the
// whole value) until it is resolved.
struct Value {
    enum Kind { None, Str, Seq, Ref };
    Kind kind = None;
    QStringList items;         // Str: the string; Seq: the items; Ref: the dotted name
    std::vector<int> refItems; // Seq: the indexes of the items that are dotted names
    int line = 0;              // line of the value's first token
    bool resolved() const { return kind != Ref && refItems.empty(); }
};

// One top-level simple statement: tokens [begin, end) (a logical line that starts in column 0,
// split at `;`).
struct Statement {
    size_t begin = 0;
    size_t end = 0;
};

// What binds a name at the top level of a module (the last such statement wins, as in Python).
struct Binding {
    enum Kind {
        Assign,     // `NAME = value` (plain, annotated or chained): the value is tokens [b, e)
        Import,     // `import a.b.c` (binds `a`: module = "a") or `import a.b.c as NAME`
        ImportFrom, // `from [.]module import name [as NAME]`
        Other,      // anything else (def, class, for, with, augmented or unpacking assignment,
                    // del, global...): Retort does not evaluate it
    };
    Kind kind = Other;
    size_t statement = 0; // index in Source::statements()
    int line = 0;
    size_t valueBegin = 0, valueEnd = 0; // Assign
    QString module;                      // Import, ImportFrom: the dotted module name as written
    int level = 0;                       // ImportFrom: leading dots (0: absolute)
    QString name;                        // ImportFrom: the name imported from the module
};

// A tokenized Python file. Not thread-safe to build; const access from several threads is.
class Source final {
public:
    Source(QString path, QByteArray bytes) : m_path(std::move(path)), m_bytes(std::move(bytes)) {}

    // Tokenizes the file and splits its top level into statements; a syntax error if the
    // tokenizer fails (PythonTokenizer.h).
    std::optional<Failure> read();

    const QString &path() const { return m_path; }
    const QByteArray &bytes() const { return m_bytes; }
    const std::vector<Token> &tokens() const { return m_tokens; }
    const std::vector<int> &lineStarts() const { return m_lineStarts; }
    const std::vector<Statement> &statements() const { return m_statements; }
    // True when the file's first logical line is indented (then it has no docstring).
    bool indentedStart() const { return m_indentedStart; }

    std::string_view text(const Token &t) const
    {
        return std::string_view(m_bytes.constData() + t.begin, size_t(t.end - t.begin));
    }
    std::string_view text(size_t i) const { return text(m_tokens[i]); }
    bool isOp(size_t i, std::string_view op) const
    {
        return m_tokens[i].kind == Token::Op && text(m_tokens[i]) == op;
    }
    bool isName(size_t i, std::string_view name) const
    {
        return m_tokens[i].kind == Token::Name && text(m_tokens[i]) == name;
    }

    // The '=' tokens of statement `s` outside brackets (several for `a = b = value`).
    std::vector<size_t> equals(const Statement &s) const;
    // The concatenated str literals in tokens [b, e); nullopt if any token is not one.
    std::optional<QString> stringExpr(size_t b, size_t e) const;
    // The value in tokens [b, e): None, a str, a dotted name, or a tuple or list of strs and
    // dotted names (parenthesised or bare, trailing comma allowed); nullopt for anything else
    // (a call, an operator, a number, an f-string...).
    std::optional<Value> evaluate(size_t b, size_t e) const { return evaluate(b, e, 0); }

    // The binding of `name` by the last top-level statement before statement `before` that
    // binds it (before = statements().size(): the whole module); nullopt when none does. A
    // `from m import *` before it is not looked through (see starImports()).
    std::optional<Binding> binding(std::string_view name, size_t before) const;
    // The modules of `from [.]module import *` statements before statement `before`, last
    // first, as Bindings of kind ImportFrom with an empty name.
    std::vector<Binding> starImports(size_t before) const;

private:
    std::optional<Value> evaluate(size_t b, size_t e, int depth) const;
    // A str literal or a dotted name in tokens [b, e) into `value` (an item).
    bool item(size_t b, size_t e, Value *value) const;
    std::optional<Value> bracketed(size_t b, size_t e, int depth, int line) const;
    std::optional<QString> dottedName(size_t b, size_t e) const;
    std::optional<Binding> importBinding(std::string_view name, size_t s) const;
    std::optional<Binding> fromBinding(std::string_view name, size_t s) const;
    std::optional<Binding> assignBinding(std::string_view name, size_t s) const;
    bool bindsOtherwise(std::string_view name, size_t s) const;

    QString m_path;
    QByteArray m_bytes;
    std::vector<Token> m_tokens;
    std::vector<int> m_lineStarts;
    std::vector<Statement> m_statements;
    bool m_indentedStart = false;
};

} // namespace retort::python
