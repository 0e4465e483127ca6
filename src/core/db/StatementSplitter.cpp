#include "db/StatementSplitter.h"

#include <QStringView>

#include <pg_query.h>
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

// ---------------------------------------------------------------------------------------------
// PostgreSQL

bool isPgIdentStart(QChar c)
{
    return c.isLetter() || c == u'_' || c.unicode() >= 0x80;
}

bool isPgIdentChar(QChar c)
{
    return isPgIdentStart(c) || c.isDigit() || c == u'$';
}

// The significant part of sql[begin, end) by PostgreSQL's lexical rules: [first, last) without
// leading/trailing whitespace and comments, or first == -1 when there is none. Handles '...',
// E'...' (backslash escapes), "...", $tag$...$tag$ and nested /* */ comments; an unterminated
// token runs to `end`.
std::pair<qsizetype, qsizetype> pgSignificantRange(const QString &sql, qsizetype begin,
                                                   qsizetype end)
{
    const QChar *d = sql.constData();
    qsizetype first = -1;
    qsizetype last = begin;
    qsizetype i = begin;
    const auto mark = [&](qsizetype from, qsizetype to) {
        if (first < 0)
            first = from;
        last = to;
    };
    while (i < end) {
        const QChar c = d[i];
        const QChar next = i + 1 < end ? d[i + 1] : QChar();
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && next == u'-') {
            while (i < end && d[i] != u'\n')
                ++i;
        } else if (c == u'/' && next == u'*') {
            int depth = 0;
            while (i < end) {
                if (d[i] == u'/' && i + 1 < end && d[i + 1] == u'*') {
                    ++depth;
                    i += 2;
                } else if (d[i] == u'*' && i + 1 < end && d[i + 1] == u'/') {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    ++i;
                }
            }
        } else if (c == u'\'' || c == u'"') {
            const qsizetype start = i;
            // E'...' (the E already consumed as a word below) allows backslash escapes.
            const bool escapes = c == u'\'' && i > begin &&
                                 (d[i - 1] == u'E' || d[i - 1] == u'e') &&
                                 (i - 1 == begin || !isPgIdentChar(d[i - 2]));
            ++i;
            while (i < end) {
                if (escapes && d[i] == u'\\') {
                    i += 2;
                    continue;
                }
                if (d[i] == c) {
                    ++i;
                    break; // a doubled quote closes and reopens
                }
                ++i;
            }
            mark(start, qMin(i, end));
        } else if (c == u'$' && (next == u'$' || isPgIdentStart(next)) &&
                   (i == begin || !isPgIdentChar(d[i - 1]))) {
            // A dollar quote $tag$...$tag$, or a parameter / operator if no closing `$` follows.
            qsizetype j = i + 1;
            while (j < end && d[j] != u'$' && (isPgIdentChar(d[j])))
                ++j;
            if (j < end && d[j] == u'$') {
                const QStringView tag(d + i, j - i + 1);
                const qsizetype close = QStringView(d, end).indexOf(tag, j + 1);
                const qsizetype stop = close < 0 ? end : close + tag.size();
                mark(i, stop);
                i = stop;
            } else {
                mark(i, j);
                i = j;
            }
        } else if (isPgIdentStart(c)) {
            const qsizetype start = i;
            while (i < end && isPgIdentChar(d[i]))
                ++i;
            mark(start, i);
        } else {
            mark(i, i + 1);
            ++i;
        }
    }
    return {first, first < 0 ? -1 : last};
}

// QString index of every UTF-8 byte offset of `utf8` (the encoding of `sql`), plus one past the
// end. libpg_query speaks byte offsets.
std::vector<qsizetype> utf8ToIndex(const QString &sql, const QByteArray &utf8)
{
    std::vector<qsizetype> map(static_cast<size_t>(utf8.size()) + 1, sql.size());
    qsizetype byte = 0;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const char16_t u = sql[i].unicode();
        int len = 1;
        if (QChar::isHighSurrogate(u) && i + 1 < sql.size() &&
            QChar::isLowSurrogate(sql[i + 1].unicode())) {
            for (int k = 0; k < 4 && byte + k < utf8.size(); ++k)
                map[static_cast<size_t>(byte + k)] = i;
            byte += 4;
            ++i;
            continue;
        }
        if (u >= 0x800)
            len = 3;
        else if (u >= 0x80)
            len = 2;
        for (int k = 0; k < len && byte + k < utf8.size(); ++k)
            map[static_cast<size_t>(byte + k)] = i;
        byte += len;
    }
    return map;
}

// The 1-based line of character position `cursorpos` (1-based, in characters — code points —
// as PostgreSQL reports it) within `sql`.
int lineOfCursor(const QString &sql, int cursorpos)
{
    int line = 1;
    int chars = 0;
    for (qsizetype i = 0; i < sql.size() && chars < cursorpos - 1; ++i) {
        if (sql[i].isHighSurrogate())
            continue; // counted with its low surrogate
        if (sql[i] == u'\n')
            ++line;
        ++chars;
    }
    return line;
}

struct PgSplit {
    std::vector<std::pair<qsizetype, qsizetype>> pieces; // QString index ranges
    QString error;                                       // the parser's message, if it failed
    int errorCursor = 0;                                 // 1-based character position
};

PgSplit pgSplit(const QString &sql, bool withParser)
{
    PgSplit out;
    const QByteArray utf8 = sql.toUtf8();
    PgQuerySplitResult result = withParser ? pg_query_split_with_parser(utf8.constData())
                                           : pg_query_split_with_scanner(utf8.constData());
    if (result.error) {
        out.error = QString::fromUtf8(result.error->message);
        out.errorCursor = result.error->cursorpos;
    } else {
        const std::vector<qsizetype> index = utf8ToIndex(sql, utf8);
        for (int k = 0; k < result.n_stmts; ++k) {
            const PgQuerySplitStmt *stmt = result.stmts[k];
            const auto from = static_cast<size_t>(stmt->stmt_location);
            const auto to = static_cast<size_t>(stmt->stmt_location + stmt->stmt_len);
            if (to >= index.size())
                continue;
            out.pieces.emplace_back(index[from], index[to]);
        }
    }
    pg_query_free_split_result(result);
    return out;
}

std::vector<Statement> splitPostgresql(const QString &sql)
{
    PgSplit split = pgSplit(sql, true);
    if (!split.error.isEmpty())
        split = pgSplit(sql, false);
    if (!split.error.isEmpty()) // even the lexer gave up: let the server judge the whole text
        split.pieces = {{0, sql.size()}};

    std::vector<Statement> statements;
    int line = 1;
    qsizetype counted = 0; // sql[0, counted) has been scanned for line breaks
    for (const auto &[begin, end] : split.pieces) {
        const auto [first, last] = pgSignificantRange(sql, begin, end);
        if (first < 0)
            continue;
        line += static_cast<int>(QStringView(sql).mid(counted, first - counted).count(u'\n'));
        counted = first;
        statements.push_back(
            Statement{sql.mid(first, last - first), line, static_cast<int>(statements.size()) + 1});
    }
    return statements;
}

// ---------------------------------------------------------------------------------------------
// MySQL / MariaDB

bool isMysqlSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n' || c == u'\f' || c == u'\v';
}

std::vector<Statement> splitMysql(const QString &sql)
{
    std::vector<Statement> statements;
    const QChar *d = sql.constData();
    const qsizetype n = sql.size();
    QString delimiter = QStringLiteral(";");

    int line = 1;
    qsizetype stmtStart = -1;
    int stmtLine = 0;
    qsizetype stmtEnd = 0;

    const auto finishStatement = [&] {
        statements.push_back(Statement{sql.mid(stmtStart, stmtEnd - stmtStart), stmtLine,
                                       static_cast<int>(statements.size()) + 1});
        stmtStart = -1;
    };
    // Advances i to `stop`, counting line breaks.
    qsizetype i = 0;
    const auto advanceTo = [&](qsizetype stop) {
        for (; i < stop; ++i) {
            if (d[i] == u'\n')
                ++line;
        }
    };

    while (i < n) {
        const QChar c = d[i];
        const QChar next = i + 1 < n ? d[i + 1] : QChar();

        if (isMysqlSpace(c)) {
            advanceTo(i + 1);
            continue;
        }
        // The client command DELIMITER, only where a statement may begin.
        if (stmtStart < 0 && (c == u'd' || c == u'D') &&
            QStringView(d + i, n - i).startsWith(u"delimiter", Qt::CaseInsensitive) &&
            (i + 9 == n || d[i + 9] == u' ' || d[i + 9] == u'\t')) {
            qsizetype eol = sql.indexOf(u'\n', i);
            if (eol < 0)
                eol = n;
            const QString rest = sql.mid(i + 9, eol - i - 9).trimmed();
            qsizetype space = 0;
            while (space < rest.size() && !isMysqlSpace(rest[space]))
                ++space;
            const QString newDelimiter = rest.left(space);
            if (!newDelimiter.isEmpty())
                delimiter = newDelimiter;
            advanceTo(eol);
            continue;
        }
        if (QStringView(d + i, n - i).startsWith(delimiter)) {
            advanceTo(i + delimiter.size());
            if (stmtStart >= 0)
                finishStatement();
            continue;
        }
        if (c == u'#' || (c == u'-' && next == u'-' &&
                          (i + 2 == n || d[i + 2].unicode() <= u' '))) { // comment to end of line
            while (i < n && d[i] != u'\n')
                ++i;
            continue;
        }
        const qsizetype tokenStart = i;
        const int tokenLine = line;
        if (c == u'/' && next == u'*') {
            const bool code = i + 2 < n && (d[i + 2] == u'!' || d[i + 2] == u'+');
            const qsizetype close = sql.indexOf(QStringLiteral("*/"), i + 2);
            advanceTo(close < 0 ? n : close + 2);
            if (!code)
                continue; // a plain comment
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            ++i;
            while (i < n && d[i] != c) {
                if (d[i] == u'\\' && c != u'`' && i + 1 < n)
                    advanceTo(i + 1); // the escaped character is skipped below
                advanceTo(i + 1);
            }
            if (i < n)
                ++i; // the closing quote; a doubled quote closes and reopens
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
    case DialectKind::Postgresql:
        return splitPostgresql(sql);
    case DialectKind::Mysql:
        return splitMysql(sql);
    }
    Q_UNREACHABLE();
}

Status checkSyntax(const QString &sql, const Dialect &dialect)
{
    switch (dialect.kind()) {
    case DialectKind::Sqlite:
    case DialectKind::Mysql:
        return Status::success();
    case DialectKind::Postgresql: {
        const PgSplit split = pgSplit(sql, true);
        if (split.error.isEmpty())
            return Status::success();
        const int line = lineOfCursor(sql, split.errorCursor);
        return Error(QStringLiteral("%1 (line %2)").arg(split.error).arg(line), {}, line);
    }
    }
    Q_UNREACHABLE();
}

int syntaxErrorLine(const QString &statement, const Dialect &dialect)
{
    switch (dialect.kind()) {
    case DialectKind::Sqlite:
    case DialectKind::Mysql:
        return 0;
    case DialectKind::Postgresql: {
        const PgSplit split = pgSplit(statement, true);
        return split.error.isEmpty() ? 0 : lineOfCursor(statement, split.errorCursor);
    }
    }
    Q_UNREACHABLE();
}

} // namespace retort
