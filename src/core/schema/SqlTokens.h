#pragma once

// The tokenizer for MySQL/MariaDB and SQLite statements, shared by the readers that must not be
// fooled by comments and string literals: schema/TokenStatementTargets.cpp (which objects a
// statement touches) and lint's MySQL and SQLite rules (lint/LintTokens.h). PostgreSQL
// statements are never read with it: they are parsed by libpg_query.
//
// It recognises, for both dialects:
// - words: keywords and bare identifiers, [A-Za-z_$] or any non-ASCII character, then those and
//   digits; a run that starts with a digit but is not a number is a word too (MySQL's `1abc`);
// - numbers: 12, 3.5, .5, 1e5, 1.5E-3, 0x1F, 0b101;
// - quoted text, unquoted and with its escapes resolved: '...' is a string; `...` an identifier;
//   "..." an identifier in SQLite but a string in MySQL (its default sql_mode has no
//   ANSI_QUOTES), so nothing inside is read as a keyword; [...] an identifier in SQLite only.
//   Doubled quotes stand for one; MySQL also resolves backslash escapes in '...' and "...". An
//   unterminated quote runs to the end of the text;
// - comments, dropped: `/* */`, `--` (MySQL only when a space or the end follows) and, in MySQL,
//   `#`. MySQL's executable comments `/*!NNNNN ... */` are code: their text is read. MySQL's
//   optimizer hints `/*+ ... */` and MariaDB's `/*M!NNNNNN ... */` are dropped like comments;
// - anything else as one punctuation character: ( ) , . ; = and the rest.
// It never fails.

#include "db/Dialect.h"

#include <QString>
#include <QStringView>

#include <vector>

namespace retort {

struct SqlToken {
    enum Kind {
        Word,   // keyword or bare identifier, as written
        Quoted, // a quoted identifier: `ident`, SQLite's "ident" and [ident]
        String, // '...', MySQL's "..."
        Number, // 12, 3.5, 1e5, 0x1F: as written
        Punct,  // one character
    };
    Kind kind = Punct;
    QString text;          // unquoted for Quoted and String
    int offset = 0;        // of the token's first character in the statement text
    QChar quote = QChar(); // Quoted and String: the opening quote character (' " ` [)

    // Whether the token is the keyword `keyword` (a word, any case).
    bool is(QStringView keyword) const
    {
        return kind == Word && text.compare(keyword, Qt::CaseInsensitive) == 0;
    }
    bool isPunct(QChar c) const { return kind == Punct && text.size() == 1 && text.front() == c; }
    bool isIdent() const { return kind == Word || kind == Quoted; }
};

// The tokens of one statement (or of any run of SQL text) as `dialect` reads it: Mysql for
// MySQL and MariaDB, Sqlite for SQLite; Postgresql is read like Sqlite.
std::vector<SqlToken> sqlTokens(const QString &statement, DialectKind dialect);

} // namespace retort
