#pragma once

#include "base/Error.h"
#include "db/Dialect.h"

#include <QString>

#include <vector>

namespace retort {

// One SQL statement cut out of a script section.
struct Statement {
    // The statement from its first significant character to its last one, verbatim (line breaks,
    // inner comments and any CRLF kept). Leading and trailing whitespace and comments are dropped,
    // and so is the terminating `;`. A trigger's inner `;`s and its final END stay.
    QString text;
    // 1-based line, within the section, of the statement's first character that is neither
    // whitespace nor part of a comment. Lines end at '\n' (a CRLF counts once). The line in the
    // script file is `section.firstLine + line - 1`.
    int line = 0;
    // 1-based position of the statement in the section.
    int index = 0;

    bool operator==(const Statement &) const = default;
};

// Splits a script section into statements, the way the database will see them.
//
// SQLite: a `;` outside string literals ('...'), quoted identifiers ("...", `...`, [...]) and
// comments (-- to end of line, /* ... */) ends a statement when sqlite3_complete() says the text
// so far is complete, so `CREATE TRIGGER ... BEGIN ...; ...; END;` stays whole. Pieces holding
// only whitespace, comments or a bare `;` are dropped. Text after the last `;` is still a
// statement if it holds anything but comments. Known limitation, shared with the sqlite3 shell
// (both rely on sqlite3_complete): inside a trigger body, `CASE ... END;` ends the trigger early.
//
// Cost: one linear scan; sqlite3_complete runs once per candidate `;` over the current statement
// only, so only a trigger body with many statements costs more than linear (in its own size).
//
// PostgreSQL: libpg_query (PostgreSQL 15's own lexer and grammar) finds the boundaries, so
// dollar-quoted bodies ($$...$$, $fn$...$fn$), E'...' strings with backslash escapes, nested
// /* */ comments and `CREATE RULE ... (a; b)` stay whole. The parser is tried first; when it
// rejects the section (a syntax error, or syntax newer than PostgreSQL 15), the scanner-only split
// is used, so the server still sees each statement and reports its own error; when even the
// scanner fails (an unterminated quote), everything from the first significant character on is
// one statement. checkSyntax() reports such an error with its line.
//
// MySQL/MariaDB: a hand-written lexer following the mysql client: '...' and "..." strings with
// backslash escapes and doubled quotes, `...` identifiers, `-- ` (two dashes and a space or
// control character), `#` and /* */ comments (`/*!...*/` and `/*+...*/` are code, kept in the
// statement), and the client command `DELIMITER xx` (case-insensitive, at the start of a
// statement, up to the end of its line), which changes what ends a statement until the next
// DELIMITER, so `CREATE TRIGGER ... BEGIN ...; ...; END$$` stays whole. DELIMITER lines are not
// statements. Linear.
//
// Pure function; thread-safe (libpg_query keeps its memory per thread).
std::vector<Statement> splitStatements(const QString &sql, const Dialect &dialect);

// A syntax check of a whole section before it runs, where Retort has the dialect's parser:
// PostgreSQL (libpg_query, PostgreSQL 15 grammar). Returns the parser's message with Error::line
// set to the 1-based line within the section ("syntax error at or near \"TABLEX\" (line 3)").
// SQLite and MySQL: always success. Note that a newer server may accept syntax PostgreSQL 15
// rejects, so callers should treat a failure as a diagnosis, not as a reason to refuse a run.
// Pure; thread-safe.
Status checkSyntax(const QString &sql, const Dialect &dialect);

// For an error the server reported against `statement`: the 1-based line within the statement
// where PostgreSQL 15's parser sees a syntax error, or 0 when it sees none (or for other
// dialects). Lets an error point at file:line inside a long statement.
int syntaxErrorLine(const QString &statement, const Dialect &dialect);

} // namespace retort
