#pragma once

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
// Pure function; thread-safe.
std::vector<Statement> splitStatements(const QString &sql, const Dialect &dialect);

} // namespace retort
