#include "schema/StatementTargets.h"

#include "db/StatementSplitter.h"
#include "schema/StatementTargetsDetail.h"

namespace retort {

QString touchActionName(TouchAction action)
{
    switch (action) {
    case TouchAction::Create:
        return QStringLiteral("create");
    case TouchAction::Alter:
        return QStringLiteral("alter");
    case TouchAction::Drop:
        return QStringLiteral("drop");
    case TouchAction::Rename:
        return QStringLiteral("rename");
    case TouchAction::Comment:
        return QStringLiteral("comment");
    }
    Q_UNREACHABLE();
}

namespace statement_targets {

// The statement's first line, shortened for display.
QString summaryOf(const QString &text)
{
    QString first = text.section(u'\n', 0, 0).trimmed();
    if (first.size() > 120)
        first = first.left(119) + QChar(0x2026);
    return first;
}

} // namespace statement_targets

std::vector<StatementTarget> statementTargets(const QString &sql, DialectKind dialect)
{
    std::vector<StatementTarget> out;
    if (dialect == DialectKind::Postgresql) {
        statement_targets::postgresqlTargets(sql, out);
        return out;
    }
    const Dialect d = dialect == DialectKind::Mysql ? Dialect::mysql() : Dialect::sqlite();
    for (const Statement &statement : splitStatements(sql, d)) {
        statement_targets::Collector c{out, statement.line,
                                       statement_targets::summaryOf(statement.text)};
        statement_targets::tokenizedTargets(statement.text, dialect, c);
    }
    return out;
}

QString storedIdentifier(const QString &written, DialectKind dialect)
{
    const QString w = written.trimmed();
    if (w.size() >= 2) {
        const QChar open = w.front();
        const QChar close = open == u'[' ? QChar(u']') : open;
        const bool quote =
            open == u'"' || open == u'`' || (open == u'[' && dialect == DialectKind::Sqlite);
        if (quote && w.back() == close) {
            QString inner = w.mid(1, w.size() - 2);
            if (close != u']')
                inner.replace(QString(2, close), QString(close));
            return inner;
        }
    }
    if (dialect != DialectKind::Postgresql)
        return w;
    QString folded = w;
    for (QChar &c : folded)
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    return folded;
}

} // namespace retort
