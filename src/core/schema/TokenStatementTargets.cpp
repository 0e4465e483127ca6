// The objects SQLite and MySQL/MariaDB statements touch, read from schema/SqlTokens.h's tokens.

#include "schema/SqlTokens.h"
#include "schema/StatementTargetsDetail.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace retort::statement_targets {

namespace {

// Reads the statement's tokens for the objects it names.
class TokenReader {
public:
    TokenReader(std::vector<SqlToken> tokens, Collector &c) : m_t(std::move(tokens)), m_c(c) {}

    void read()
    {
        if (isKw(0, u"CREATE"))
            create();
        else if (isKw(0, u"ALTER"))
            alter();
        else if (isKw(0, u"DROP"))
            drop();
        else if (isKw(0, u"RENAME") && (isKw(1, u"TABLE") || isKw(1, u"TABLES")))
            renameTables();
    }

private:
    struct Name {
        QString schema;
        QString name;
    };

    bool isKw(size_t i, QStringView kw) const { return i < m_t.size() && m_t[i].is(kw); }
    bool isPunct(size_t i, QChar p) const { return i < m_t.size() && m_t[i].isPunct(p); }
    bool isIdent(size_t i) const { return i < m_t.size() && m_t[i].isIdent(); }
    // Skips IF [NOT] EXISTS at i.
    void skipIfExists(size_t &i) const
    {
        if (isKw(i, u"IF") && isKw(i + 1, u"EXISTS"))
            i += 2;
        else if (isKw(i, u"IF") && isKw(i + 1, u"NOT") && isKw(i + 2, u"EXISTS"))
            i += 3;
    }
    // [schema.]name at i, advancing past it.
    std::optional<Name> name(size_t &i) const
    {
        if (!isIdent(i))
            return std::nullopt;
        if (isPunct(i + 1, u'.') && isIdent(i + 2)) {
            Name n{m_t[i].text, m_t[i + 2].text};
            i += 3;
            return n;
        }
        return Name{{}, m_t[i++].text};
    }
    // The object kind a keyword introduces, or empty.
    static QString kindOf(const SqlToken &t)
    {
        if (t.kind != SqlToken::Word)
            return {};
        static const QHash<QString, QString> kinds{
            {QStringLiteral("TABLE"), QStringLiteral("table")},
            {QStringLiteral("VIEW"), QStringLiteral("view")},
            {QStringLiteral("INDEX"), QStringLiteral("index")},
            {QStringLiteral("TRIGGER"), QStringLiteral("trigger")},
            {QStringLiteral("SEQUENCE"), QStringLiteral("sequence")},
            {QStringLiteral("DATABASE"), QStringLiteral("schema")},
            {QStringLiteral("SCHEMA"), QStringLiteral("schema")},
        };
        return kinds.value(t.text.toUpper());
    }
    // The position after the first kind keyword among the words that may come before it
    // (TEMP, UNIQUE, OR REPLACE, ALGORITHM=..., DEFINER=..., SQL SECURITY ...); `kind` gets it.
    // 0 when another kind of object (a function, a procedure, a user) or nothing is named.
    size_t findKind(size_t from, QString &kind) const
    {
        static const QStringList others{QStringLiteral("FUNCTION"),  QStringLiteral("PROCEDURE"),
                                        QStringLiteral("EVENT"),     QStringLiteral("USER"),
                                        QStringLiteral("ROLE"),      QStringLiteral("SERVER"),
                                        QStringLiteral("TABLESPACE")};
        for (size_t i = from; i < m_t.size() && i < from + 16; ++i) {
            if (isPunct(i, u'('))
                return 0;
            kind = kindOf(m_t[i]);
            if (!kind.isEmpty())
                return i + 1;
            if (m_t[i].kind == SqlToken::Word && others.contains(m_t[i].text.toUpper()))
                return 0;
        }
        return 0;
    }
    // The position of the first ON keyword at bracket depth 0 from i, or m_t.size().
    size_t findOn(size_t i) const
    {
        int depth = 0;
        for (; i < m_t.size(); ++i) {
            if (isPunct(i, u'('))
                ++depth;
            else if (isPunct(i, u')'))
                --depth;
            else if (depth == 0 && isKw(i, u"ON"))
                return i;
        }
        return m_t.size();
    }

    void create()
    {
        QString kind;
        size_t i = findKind(1, kind);
        if (i == 0)
            return;
        skipIfExists(i);
        const auto n = name(i);
        if (!n)
            return;
        if (kind == u"index" || kind == u"trigger") {
            size_t on = findOn(i) + 1;
            const auto table = name(on);
            if (!table)
                return;
            m_c.add(TouchAction::Create, kind, n->schema.isEmpty() ? table->schema : n->schema,
                    n->name, table->name);
            return;
        }
        m_c.add(TouchAction::Create, kind, n->schema, n->name);
    }

    void drop()
    {
        QString kind;
        size_t i = findKind(1, kind);
        if (i == 0)
            return;
        skipIfExists(i);
        std::vector<Name> names;
        while (auto n = name(i)) {
            names.push_back(*n);
            if (!isPunct(i, u','))
                break;
            ++i;
        }
        std::optional<Name> table;
        if (isKw(i, u"ON")) { // MySQL: DROP INDEX ix ON t
            ++i;
            table = name(i);
        }
        for (const Name &n : names)
            m_c.add(TouchAction::Drop, kind, n.schema.isEmpty() && table ? table->schema : n.schema,
                    n.name, table ? table->name : QString());
    }

    void renameTables()
    {
        size_t i = 2;
        while (true) {
            const auto from = name(i);
            if (!from || !isKw(i, u"TO"))
                return;
            ++i;
            const auto to = name(i);
            if (!to)
                return;
            m_c.add(TouchAction::Rename, QStringLiteral("table"), from->schema, from->name, {},
                    to->name);
            if (!isPunct(i, u','))
                return;
            ++i;
        }
    }

    void alter()
    {
        QString kind;
        size_t i = findKind(1, kind);
        if (i == 0 || kind == u"index" || kind == u"trigger")
            return;
        skipIfExists(i);
        // MySQL's ALTER DATABASE may leave the name out (the current database): not a name.
        static const QStringList databaseOptions{
            QStringLiteral("CHARACTER"), QStringLiteral("CHARSET"),    QStringLiteral("DEFAULT"),
            QStringLiteral("COLLATE"),   QStringLiteral("ENCRYPTION"), QStringLiteral("READ"),
            QStringLiteral("COMMENT"),   QStringLiteral("UPGRADE")};
        if (kind == u"schema" && i < m_t.size() && m_t[i].kind == SqlToken::Word &&
            databaseOptions.contains(m_t[i].text.toUpper()))
            return;
        const auto n = name(i);
        if (!n)
            return;
        if (kind != u"table") {
            m_c.add(TouchAction::Alter, kind, n->schema, n->name);
            return;
        }
        alterTableClauses(*n, i);
    }

    // ALTER TABLE's comma-separated clauses from i: the table is altered, renamed, and MySQL's
    // index clauses create, drop or rename its indexes.
    void alterTableClauses(const Name &table, size_t i)
    {
        std::vector<std::pair<size_t, size_t>> clauses; // [begin, end) token ranges
        int depth = 0;
        size_t begin = i;
        for (size_t k = i; k < m_t.size(); ++k) {
            if (isPunct(k, u'('))
                ++depth;
            else if (isPunct(k, u')'))
                --depth;
            else if (depth == 0 && isPunct(k, u',')) {
                clauses.emplace_back(begin, k);
                begin = k + 1;
            }
        }
        clauses.emplace_back(begin, m_t.size());

        bool altered = false;
        std::optional<QString> renamedTo;
        std::vector<StatementTarget> indexes;
        Collector indexCollector{indexes, m_c.line, m_c.summary};
        for (const auto &[b, e] : clauses) {
            if (b >= e)
                continue;
            if (isKw(b, u"RENAME")) {
                if (const auto to = tableRename(b, e)) {
                    renamedTo = *to;
                    continue;
                }
                if ((isKw(b + 1, u"INDEX") || isKw(b + 1, u"KEY")) && isIdent(b + 2) &&
                    isKw(b + 3, u"TO") && isIdent(b + 4))
                    indexCollector.add(TouchAction::Rename, QStringLiteral("index"), table.schema,
                                       m_t[b + 2].text, table.name, m_t[b + 4].text);
            } else if (isKw(b, u"ADD")) {
                if (const auto ix = addedIndexName(b + 1, e))
                    indexCollector.add(TouchAction::Create, QStringLiteral("index"), table.schema,
                                       *ix, table.name);
            } else if (isKw(b, u"DROP") && (isKw(b + 1, u"INDEX") || isKw(b + 1, u"KEY"))) {
                size_t k = b + 2;
                skipIfExists(k);
                if (isIdent(k))
                    indexCollector.add(TouchAction::Drop, QStringLiteral("index"), table.schema,
                                       m_t[k].text, table.name);
            }
            altered = true;
        }
        if (altered)
            m_c.add(TouchAction::Alter, QStringLiteral("table"), table.schema, table.name);
        m_c.out.insert(m_c.out.end(), indexes.begin(), indexes.end());
        if (renamedTo)
            m_c.add(TouchAction::Rename, QStringLiteral("table"), table.schema, table.name, {},
                    *renamedTo);
    }

    // The new name of a table-renaming clause RENAME [TO|AS] new (MySQL also RENAME new); not a
    // column (RENAME [COLUMN] a TO b) nor an index (RENAME INDEX|KEY a TO b).
    std::optional<QString> tableRename(size_t b, size_t e) const
    {
        size_t k = b + 1;
        if (isKw(k, u"COLUMN") || isKw(k, u"INDEX") || isKw(k, u"KEY") || isKw(k, u"CONSTRAINT"))
            return std::nullopt;
        if (isKw(k, u"TO") || isKw(k, u"AS")) {
            ++k;
        } else if (isKw(k + 1, u"TO")) {
            return std::nullopt; // SQLite: RENAME a TO b is a column
        }
        const auto n = name(k);
        if (!n || k > e)
            return std::nullopt;
        return n->name;
    }

    // ADD [CONSTRAINT [sym]] [UNIQUE|FULLTEXT|SPATIAL] {INDEX|KEY} [IF NOT EXISTS] name ...: the
    // index name, or nothing for another clause or an unnamed index.
    std::optional<QString> addedIndexName(size_t k, size_t e) const
    {
        if (isKw(k, u"CONSTRAINT")) {
            ++k;
            if (isIdent(k) && !isKw(k, u"UNIQUE") && !isKw(k, u"PRIMARY") && !isKw(k, u"FOREIGN") &&
                !isKw(k, u"CHECK"))
                ++k;
        }
        bool indexClause = false;
        if (isKw(k, u"UNIQUE") || isKw(k, u"FULLTEXT") || isKw(k, u"SPATIAL")) {
            indexClause = true;
            ++k;
        }
        if (isKw(k, u"INDEX") || isKw(k, u"KEY")) {
            indexClause = true;
            ++k;
        }
        if (!indexClause)
            return std::nullopt;
        skipIfExists(k);
        if (k >= e || !isIdent(k) || isKw(k, u"USING"))
            return std::nullopt;
        return m_t[k].text;
    }

    std::vector<SqlToken> m_t;
    Collector &m_c;
};

} // namespace

void tokenizedTargets(const QString &statement, DialectKind dialect, Collector &c)
{
    std::vector<SqlToken> tokens = sqlTokens(statement, dialect);
    // MySQL's "..." is a string unless sql_mode has ANSI_QUOTES; where a name must stand, the
    // statement can only have run with ANSI_QUOTES, so it is the name.
    for (SqlToken &t : tokens) {
        if (t.kind == SqlToken::String && t.quote == u'"')
            t.kind = SqlToken::Quoted;
    }
    TokenReader(std::move(tokens), c).read();
}

} // namespace retort::statement_targets
