#include "db/StatementSplitter.h"

#include <QStringView>

#include <sqlite3.h>

namespace retort {

namespace {

// Whether sql[begin, end) — which ends with a `;` outside quotes and comments — is a complete
// statement in SQLite's eyes (false inside a trigger body).
bool sqliteComplete(const QString &sql, qsizetype begin, qsizetype end)
{
    const QByteArray utf8 = QStringView(sql).mid(begin, end - begin).toUtf8();
    return sqlite3_complete(utf8.constData()) != 0;
}

// The lexer follows sqlite3_complete()'s own tokens (complete.c): the same quote characters, the
// same comment forms and the same whitespace, so a `;` we offer it is never one it would see as
// quoted. Only such `;`s are offered, which keeps an unterminated quote from making every later
// `;` a candidate (that would be quadratic).
std::vector<Statement> splitSqlite(const QString &sql)
{
    std::vector<Statement> statements;
    const QChar *d = sql.constData();
    const qsizetype n = sql.size();

    int line = 1;             // current line, 1-based
    qsizetype stmtStart = -1; // first significant character of the current statement, or -1
    int stmtLine = 0;         // its line
    qsizetype stmtEnd = 0;    // one past its last significant character so far

    const auto finishStatement = [&] {
        statements.push_back(Statement{sql.mid(stmtStart, stmtEnd - stmtStart), stmtLine,
                                       static_cast<int>(statements.size()) + 1});
        stmtStart = -1;
    };

    qsizetype i = 0;
    while (i < n) {
        const char16_t c = d[i].unicode();
        const char16_t next = i + 1 < n ? d[i + 1].unicode() : u'\0';

        if (c == u'\n') {
            ++line;
            ++i;
            continue;
        }
        if (c == u' ' || c == u'\t' || c == u'\r' || c == u'\f') {
            ++i;
            continue;
        }
        if (c == u'-' && next == u'-') { // line comment; its '\n' is counted above
            while (i < n && d[i] != u'\n')
                ++i;
            continue;
        }
        if (c == u'/' && next == u'*') { // block comment, possibly unterminated
            const qsizetype close = sql.indexOf(QStringLiteral("*/"), i + 2);
            const qsizetype stop = close < 0 ? n : close + 2;
            for (; i < stop; ++i) {
                if (d[i] == u'\n')
                    ++line;
            }
            continue;
        }

        const qsizetype tokenStart = i;
        const int tokenLine = line;
        if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            // A quoted token. A doubled quote ('it''s') simply closes and reopens one.
            const char16_t close = c == u'[' ? u']' : c;
            ++i;
            while (i < n && d[i] != close) {
                if (d[i] == u'\n')
                    ++line;
                ++i;
            }
            if (i < n)
                ++i;
        } else if (c == u';') {
            ++i;
            if (stmtStart < 0) // an empty or comment-only piece
                continue;
            if (sqliteComplete(sql, stmtStart, i)) {
                finishStatement();
                continue;
            }
            // A `;` inside a trigger body: part of the statement.
        } else {
            ++i;
        }

        if (stmtStart < 0) {
            stmtStart = tokenStart;
            stmtLine = tokenLine;
        }
        stmtEnd = i;
    }
    if (stmtStart >= 0)
        finishStatement();
    return statements;
}

} // namespace

std::vector<Statement> splitStatements(const QString &sql, const Dialect &dialect)
{
    switch (dialect.kind()) {
    case DialectKind::Sqlite:
        return splitSqlite(sql);
    }
    Q_UNREACHABLE();
}

} // namespace retort
