#include "schema/AlembicOpTargets.h"

#include "scripts/PythonTokenizer.h"

#include <QHash>

#include <optional>

namespace retort {

namespace {

using python::Token;

// One argument of a call: `keyword=` (empty when positional) and its tokens [begin, end).
struct Arg {
    QString keyword;
    size_t begin = 0;
    size_t end = 0;
};

class OpReader {
public:
    OpReader(const QByteArray &src, std::vector<Token> tokens, DialectKind dialect,
             std::vector<StatementTarget> &out)
        : m_src(src), m_t(std::move(tokens)), m_dialect(dialect), m_out(out)
    {
    }

    void read()
    {
        for (size_t k = 0; k + 3 < m_t.size(); ++k) {
            if (m_t[k].kind != Token::Name || !isOp(k + 1, ".") || m_t[k + 2].kind != Token::Name ||
                !isOp(k + 3, "("))
                continue;
            if (k > 0 && isOp(k - 1, ".")) // a.op.x(...): not Alembic's op
                continue;
            const QString receiver = text(k);
            const QString fn = text(k + 2);
            size_t close = k + 3;
            const std::vector<Arg> args = arguments(k + 3, close);
            m_line = m_t[k].line;
            m_summary = summary(k, close);
            if (receiver == u"op") {
                opCall(fn, args, close);
            } else if (const auto it = m_batch.constFind(receiver); it != m_batch.constEnd()) {
                batchCall(fn, args, it->first, it->second);
            }
            k = k + 3; // arguments may hold further calls (op.execute(sa.text(...)))
        }
    }

private:
    bool isOp(size_t i, const char *op) const
    {
        return i < m_t.size() && m_t[i].kind == Token::Op &&
               QByteArrayView(m_src).sliced(m_t[i].begin, m_t[i].end - m_t[i].begin) ==
                   QByteArrayView(op);
    }
    QString text(size_t i) const
    {
        return QString::fromUtf8(m_src.mid(m_t[i].begin, m_t[i].end - m_t[i].begin));
    }
    // The call from `from` to `close`, on one line, shortened.
    QString summary(size_t from, size_t close) const
    {
        QString s = QString::fromUtf8(m_src.mid(m_t[from].begin, m_t[close].end - m_t[from].begin))
                        .simplified();
        if (s.size() > 120)
            s = s.left(119) + QChar(0x2026);
        return s;
    }

    // The arguments of the call whose "(" is at `open`; `close` gets the ")".
    std::vector<Arg> arguments(size_t open, size_t &close) const
    {
        const int depth = m_t[open].depth;
        std::vector<Arg> args;
        size_t begin = open + 1;
        size_t i = open + 1;
        const auto finish = [&](size_t end) {
            if (begin >= end)
                return;
            Arg a{{}, begin, end};
            if (end - begin >= 2 && m_t[begin].kind == Token::Name && isOp(begin + 1, "=")) {
                a.keyword = text(begin);
                a.begin = begin + 2;
            }
            args.push_back(a);
        };
        for (; i < m_t.size(); ++i) {
            if (m_t[i].depth == depth && isOp(i, ")"))
                break;
            if (m_t[i].depth == depth + 1 && isOp(i, ",")) {
                finish(i);
                begin = i + 1;
            }
        }
        finish(i);
        close = std::min(i, m_t.size() - 1);
        return args;
    }

    // The value of an argument that is a string literal (adjacent literals concatenated).
    std::optional<QString> stringOf(const Arg &a) const
    {
        if (a.begin >= a.end)
            return std::nullopt;
        // op.f('name'): a name given as final (not run through the naming convention).
        if (a.end - a.begin >= 5 && m_t[a.begin].kind == Token::Name && text(a.begin) == u"op" &&
            isOp(a.begin + 1, ".") && text(a.begin + 2) == u"f" && isOp(a.begin + 3, "(") &&
            isOp(a.end - 1, ")"))
            return stringOf(Arg{{}, a.begin + 4, a.end - 1});
        QString value;
        for (size_t i = a.begin; i < a.end; ++i) {
            if (m_t[i].kind != Token::String)
                return std::nullopt;
            const auto s = python::stringValue(m_src, m_t[i]);
            if (!s)
                return std::nullopt;
            value += *s;
        }
        return value;
    }
    // The argument named `keyword`, else the `position`-th positional one (0-based; -1: none).
    std::optional<QString> arg(const std::vector<Arg> &args, int position,
                               QLatin1StringView keyword) const
    {
        for (const Arg &a : args)
            if (a.keyword == keyword)
                return stringOf(a);
        int p = 0;
        for (const Arg &a : args) {
            if (!a.keyword.isEmpty())
                break; // positional arguments come first
            if (p++ == position)
                return stringOf(a);
        }
        return std::nullopt;
    }

    void add(TouchAction action, const QString &kind, const QString &schema, const QString &name,
             const QString &table = {}, const QString &renamedTo = {})
    {
        m_out.push_back(
            StatementTarget{action, kind, schema, name, table, renamedTo, m_line, m_summary});
    }

    void opCall(const QString &fn, const std::vector<Arg> &args, size_t close)
    {
        const QString table = QStringLiteral("table");
        const QString schema = arg(args, -1, QLatin1StringView("schema")).value_or(QString());
        const auto tableArg = [&](int position, QLatin1StringView keyword) {
            return arg(args, position, keyword);
        };
        if (fn == u"create_table") {
            if (const auto t = tableArg(0, QLatin1StringView("table_name")))
                add(TouchAction::Create, table, schema, *t);
        } else if (fn == u"drop_table") {
            if (const auto t = tableArg(0, QLatin1StringView("table_name")))
                add(TouchAction::Drop, table, schema, *t);
        } else if (fn == u"rename_table") {
            const auto from = tableArg(0, QLatin1StringView("old_table_name"));
            const auto to = tableArg(1, QLatin1StringView("new_table_name"));
            if (from && to)
                add(TouchAction::Rename, table, schema, *from, {}, *to);
        } else if (fn == u"add_column" || fn == u"drop_column" || fn == u"alter_column") {
            if (const auto t = tableArg(0, QLatin1StringView("table_name")))
                add(TouchAction::Alter, table, schema, *t);
        } else if (fn == u"create_unique_constraint" || fn == u"create_check_constraint" ||
                   fn == u"create_primary_key" || fn == u"drop_constraint" ||
                   fn == u"create_exclude_constraint") {
            if (const auto t = tableArg(1, QLatin1StringView("table_name")))
                add(TouchAction::Alter, table, schema, *t);
        } else if (fn == u"create_foreign_key") {
            const QString sourceSchema =
                arg(args, -1, QLatin1StringView("source_schema")).value_or(QString());
            if (const auto t = tableArg(1, QLatin1StringView("source_table")))
                add(TouchAction::Alter, table, sourceSchema, *t);
        } else if (fn == u"create_table_comment" || fn == u"drop_table_comment") {
            if (const auto t = tableArg(0, QLatin1StringView("table_name")))
                add(TouchAction::Comment, table, schema, *t);
        } else if (fn == u"create_index") {
            const auto ix = tableArg(0, QLatin1StringView("index_name"));
            const auto t = tableArg(1, QLatin1StringView("table_name"));
            if (ix && t)
                add(TouchAction::Create, QStringLiteral("index"), schema, *ix, *t);
        } else if (fn == u"drop_index") {
            const auto ix = tableArg(0, QLatin1StringView("index_name"));
            const auto t = tableArg(1, QLatin1StringView("table_name"));
            if (ix)
                add(TouchAction::Drop, QStringLiteral("index"), schema, *ix, t.value_or(QString()));
        } else if (fn == u"execute") {
            execute(args);
        } else if (fn == u"batch_alter_table") {
            const auto t = tableArg(0, QLatin1StringView("table_name"));
            if (!t)
                return;
            add(TouchAction::Alter, table, schema, *t);
            // with op.batch_alter_table('t') as batch_op:
            if (close + 2 < m_t.size() && m_t[close + 1].kind == Token::Name &&
                text(close + 1) == u"as" && m_t[close + 2].kind == Token::Name)
                m_batch.insert(text(close + 2), {schema, *t});
        }
    }

    void batchCall(const QString &fn, const std::vector<Arg> &args, const QString &schema,
                   const QString &table)
    {
        if (fn == u"create_index") {
            if (const auto ix = arg(args, 0, QLatin1StringView("index_name")))
                add(TouchAction::Create, QStringLiteral("index"), schema, *ix, table);
        } else if (fn == u"drop_index") {
            if (const auto ix = arg(args, 0, QLatin1StringView("index_name")))
                add(TouchAction::Drop, QStringLiteral("index"), schema, *ix, table);
        } else if (fn == u"execute") {
            execute(args);
        } else {
            add(TouchAction::Alter, QStringLiteral("table"), schema, table);
        }
    }

    // op.execute("SQL") or op.execute(sa.text("SQL")): the first string literals of the argument.
    void execute(const std::vector<Arg> &args)
    {
        if (args.empty())
            return;
        const Arg &a = args.front();
        size_t i = a.begin;
        while (i < a.end && m_t[i].kind != Token::String)
            ++i;
        QString sql;
        const int firstLine = i < a.end ? m_t[i].line : 0;
        for (; i < a.end && m_t[i].kind == Token::String; ++i) {
            const auto s = python::stringValue(m_src, m_t[i]);
            if (!s)
                return; // an f-string or bytes: not plain SQL
            sql += *s;
        }
        if (sql.isEmpty())
            return;
        for (StatementTarget t : statementTargets(sql, m_dialect)) {
            t.line += firstLine - 1;
            m_out.push_back(std::move(t));
        }
    }

    const QByteArray &m_src;
    std::vector<Token> m_t;
    DialectKind m_dialect;
    std::vector<StatementTarget> &m_out;
    int m_line = 0;
    QString m_summary;
    QHash<QString, std::pair<QString, QString>> m_batch; // batch alias -> (schema, table)
};

} // namespace

std::vector<StatementTarget> alembicOpTargets(const QString &python, DialectKind dialect)
{
    std::vector<StatementTarget> out;
    const QByteArray src = python.toUtf8();
    std::vector<Token> tokens;
    std::vector<int> lineStarts;
    if (python::tokenize(src, &tokens, &lineStarts))
        return out; // does not tokenize: nothing can be read
    OpReader(src, std::move(tokens), dialect, out).read();
    return out;
}

} // namespace retort
