#pragma once

// Internal to src/core/lint: the parsing helpers the MySQL/MariaDB and SQLite rules read
// statements with (LintMysql.cpp, LintSqlite.cpp), over schema/SqlTokens.h's tokens, and the
// destructive rules both dialects share.

#include "lint/LintDetail.h"
#include "schema/SqlTokens.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

namespace retort::lint_detail {

// A read position over one statement's tokens, with the helpers the rules parse with.
class TokenCursor {
public:
    explicit TokenCursor(const std::vector<SqlToken> &tokens) : m_t(tokens) {}

    size_t pos = 0;

    bool atEnd() const { return pos >= m_t.size(); }
    const SqlToken &at(size_t i) const;
    const SqlToken &peek(size_t ahead = 0) const { return at(pos + ahead); }
    size_t size() const { return m_t.size(); }

    bool is(QStringView kw, size_t ahead = 0) const { return peek(ahead).is(kw); }
    bool isPunct(QChar c, size_t ahead = 0) const { return peek(ahead).isPunct(c); }
    // Consumes `kw` (or the keywords in order) when they are next.
    bool accept(QStringView kw);
    bool accept(std::initializer_list<QStringView> kws);
    bool acceptPunct(QChar c);
    // Skips IF [NOT] EXISTS.
    void skipIfExists();
    // An identifier (word or quoted), consumed; empty when none is next.
    QString ident();
    // [schema.]name, consumed: the last part (what the rules key tables by) and the display form.
    struct Name {
        QString name;
        QString display;
        bool valid() const { return !name.isEmpty(); }
    };
    Name qualifiedName();
    // When `(` is next: consumes up to its matching `)` and returns the index of the `(`;
    // otherwise returns npos and consumes nothing.
    size_t skipParens();
    // Advances to the next `,` at depth 0, or the `)` closing the current list (neither is
    // consumed), or the end.
    void skipToComma();
    // The first word of the statement, upper case.
    QString firstWord() const;
    // Whether a keyword occurs anywhere at bracket depth 0 from `from` on.
    bool hasKeywordAtDepth0(QStringView kw, size_t from = 0) const;
    // The text between token indexes [from, to) of `source` (to = npos: the end), trimmed.
    QString textBetween(const QString &source, size_t from, size_t to) const;

private:
    const std::vector<SqlToken> &m_t;
};

// The destructive rules and the object bookkeeping the token-read dialects share. A dialect
// reads each statement into a TokStatement (its own parser), then calls these.
class TokenLinter {
public:
    TokenLinter(const LintContext &c, const LintOptions &o) : m_ctx(c), m_opt(o) {}
    virtual ~TokenLinter() = default;

    // Only the creations, for LintContext::createdByUpgrade ("table:x", "column:x.c", ...).
    bool collectOnly = false;
    QSet<QString> created;

protected:
    void add(int statement, const QString &rule, const QString &message, QJsonObject facts = {});
    // Whether a destructive rule stays quiet about `object`: created in this section, or this is
    // a downgrade undoing what its upgrade created.
    bool exempt(const QString &object) const
    {
        return created.contains(object) || m_ctx.createdByUpgrade.contains(object);
    }
    bool createdHere(const QString &table) const
    {
        return created.contains(QStringLiteral("table:") + table);
    }

    // The shared rules. `table` keys are lower case; `display` as written.
    void dropTable(int statement, const QString &table, const QString &display, bool cascade);
    void dropDatabase(int statement, const QString &name, const QString &keyword);
    void dropColumn(int statement, const QString &table, const QString &display,
                    const QString &column);
    void truncateTable(int statement, const QString &table, const QString &display);
    void deleteOrUpdate(int statement, bool isDelete, const QString &table, const QString &display,
                        bool hasWhere);
    void renameTable(int statement, const QString &table, const QString &display,
                     const QString &newName);
    void renameColumn(int statement, const QString &table, const QString &display,
                      const QString &column, const QString &newName);

    const LintContext &m_ctx;
    const LintOptions &m_opt;
    SectionResult m_out;
};

// The first words of a statement for messages ("ALTER TABLE orders ADD"), at most `words`.
QString firstWords(const QString &statement, int words = 4);

} // namespace retort::lint_detail
