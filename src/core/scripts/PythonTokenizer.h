#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

// The Python tokenizer behind parsePythonScript (PythonScript.h): internal to src/core/scripts.
namespace retort::python {

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

// A syntax error: its 1-based line and what is wrong.
struct Failure {
    int line = 0;
    QString message;
};

// Splits Python source (UTF-8; a BOM is skipped) into tokens in `out`. Comments, blank lines and
// continuation lines give none; a Newline token ends each logical line (a newline outside
// brackets after at least one token). `lineStarts` receives the byte offset of every line
// (index 0: line 1). Fails on an unterminated string, an unmatched or unclosed bracket, or text
// after a line continuation. Thread-safe (pure function).
std::optional<Failure> tokenize(const QByteArray &src, std::vector<Token> *out,
                                std::vector<int> *lineStarts);

// The value of a str literal token of `src` (escapes decoded, raw strings kept as written, "\r"
// dropped); nullopt for bytes and f-strings (not plain text).
std::optional<QString> stringValue(const QByteArray &src, const Token &t);

} // namespace retort::python
