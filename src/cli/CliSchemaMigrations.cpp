// retort-cli schema NAME --migrations: the revisions whose upgrade touched an object, newest
// first, from the project's scripts alone (no connection: the environment gives only its
// driver). The history comes from the core (workflows/SchemaHistory.h), as the window's
// Migrations tab does.

#include "Cli.h"
#include "CliOptions.h"

#include "project/Workspace.h"
#include "workflows/SchemaHistory.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <optional>

namespace retort {

namespace {

// NAME as `schema.name` or `name`, each part quoted or not ("My Schema"."Orders", `db`.`t`),
// split at the first dot outside quotes and stored as the engine stores names.
std::pair<QString, QString> splitName(const QString &written, DialectKind dialect)
{
    QChar quote;
    for (qsizetype i = 0; i < written.size(); ++i) {
        const QChar c = written[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'"' || c == u'`') {
            quote = c;
        } else if (c == u'[') {
            quote = QChar(u']');
        } else if (c == u'.') {
            return {storedIdentifier(written.left(i), dialect),
                    storedIdentifier(written.mid(i + 1), dialect)};
        }
    }
    return {QString(), storedIdentifier(written, dialect)};
}

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(size_t(b.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[size_t(j)];
            row[size_t(j)] = std::min(
                {above + 1, row[size_t(j - 1)] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row.back();
}

// Names that look like `name`: equal ignoring case, one containing the other, or a small edit
// distance; best first, at most five.
QStringList closeNames(const QStringList &names, const QString &name)
{
    const QString wanted = name.toLower();
    std::vector<std::pair<int, QString>> scored;
    for (const QString &candidate : names) {
        const QString c = candidate.toLower();
        int score = -1;
        if (c == wanted)
            score = 0;
        else if (c.contains(wanted) || wanted.contains(c))
            score = 1;
        else if (const int d = editDistance(c, wanted);
                 d <= std::max<qsizetype>(2, wanted.size() / 3))
            score = 1 + d;
        if (score >= 0)
            scored.emplace_back(score, candidate);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList out;
    for (size_t i = 0; i < scored.size() && i < 5; ++i)
        out.append(scored[i].second);
    return out;
}

// Aligned columns, psql-like: a header, a rule, the rows and "(N rows)".
QString table(const QStringList &header, const std::vector<QStringList> &rows)
{
    std::vector<qsizetype> width;
    for (const QString &h : header)
        width.push_back(h.size());
    for (const QStringList &row : rows)
        for (qsizetype c = 0; c < row.size(); ++c)
            width[size_t(c)] = std::max(width[size_t(c)], row[c].size());
    const auto line = [&](const QStringList &cells) {
        QStringList padded;
        for (qsizetype c = 0; c < cells.size(); ++c)
            padded.append(c + 1 == cells.size() ? cells[c]
                                                : cells[c].leftJustified(width[size_t(c)]));
        return (u' ' + padded.join(QStringLiteral(" | "))).trimmed().prepend(u' ') + u'\n';
    };
    QString out = line(header);
    QStringList rule;
    for (qsizetype w : width)
        rule.append(QString(w + 2, u'-'));
    out += rule.join(u'+') + u'\n';
    for (const QStringList &row : rows)
        out += line(row);
    out += rows.size() == 1 ? QStringLiteral("(1 row)\n")
                            : QStringLiteral("(%1 rows)\n").arg(rows.size());
    return out;
}

QJsonObject touchJson(const ObjectTouch &t)
{
    return {{QStringLiteral("revision"), t.revision},
            {QStringLiteral("message"), t.message},
            {QStringLiteral("action"), touchActionName(t.action)},
            {QStringLiteral("kind"), t.kind},
            {QStringLiteral("object"), t.object},
            {QStringLiteral("renamed_to"),
             t.renamedTo.isEmpty() ? QJsonValue() : QJsonValue(t.renamedTo)},
            {QStringLiteral("file"), t.file},
            {QStringLiteral("line"), t.line > 0 ? QJsonValue(t.line) : QJsonValue()},
            {QStringLiteral("statement"), t.statement}};
}

} // namespace

Status Cli::cmdSchemaMigrations(const CommandArgs &args)
{
    const QStringList names = args.operands();
    if (names.size() != 1)
        return Error(QStringLiteral("schema --migrations takes one NAME: the table, view, index, "
                                    "sequence or type whose migrations to list"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    const QString driver = (*env)->driver;
    const Result<Dialect> dialect = Dialect::forDriver(driver);
    if (!dialect)
        return dialect.error();
    const auto [schema, name] = splitName(names.first(), dialect->kind());
    // The name as the engine stores it, for the title and errors.
    const QString shown = schema.isEmpty() ? name : schema + u'.' + name;

    // Alembic revisions: the SQL their alembic renders for the driver when it can (one offline
    // run), which sees what the op.* calls hide (names in variables, helpers); else the calls.
    std::optional<QHash<QString, RevisionSql>> rendered;
    const auto &scripts = m_ws->scripts();
    if (std::any_of(scripts.begin(), scripts.end(), [](const Script &s) { return s.isPython(); })) {
        if (auto alembic = findAlembic(args.value("--alembic")); !alembic) {
            m_err << "note: " << alembic.error().message
                  << "; reading the revisions' op.* calls instead\n";
        } else if (auto sql = renderAllUpgrades(*alembic, m_ws->project(), driver); !sql) {
            m_err << "note: alembic could not render the SQL ("
                  << sql.error().message.trimmed().section(u'\n', -1)
                  << "); reading the revisions' op.* calls instead\n";
        } else {
            rendered = std::move(*sql);
        }
    }
    Result<SchemaHistory> history =
        SchemaHistory::build(*m_ws, driver, nullptr, rendered ? &*rendered : nullptr);
    if (!history)
        return history.error();
    for (const Error &e : history->problems())
        m_err << "warning: " << e.toString() << "\n";
    const std::vector<ObjectTouch> touches = history->touchesOf(schema, name);
    noteIfIncomplete();
    if (touches.empty()) {
        QStringList close = closeNames(history->objectNames(), name);
        for (QString &c : close) // as the user would type it: "Users" on PostgreSQL
            c = dialect->formatIdentifier(c);
        return Error(
            QStringLiteral("no migration touches \"%1\"%2 (the upgrades for %3, "
                           "environment %4)%5")
                .arg(shown,
                     shown == names.first() ? QString()
                                            : QStringLiteral(" (%1 as %2 stores it)")
                                                  .arg(names.first(), dialect->displayName()),
                     dialect->displayName(), (*env)->name,
                     close.isEmpty()
                         ? QString()
                         : QStringLiteral("; did you mean: ") + close.join(QStringLiteral(", "))));
    }
    if (m_opt->json) {
        QJsonArray arr;
        for (const ObjectTouch &t : touches)
            arr.append(touchJson(t));
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return {};
    }
    const QDir root(m_ws->project().root);
    std::vector<QStringList> rows;
    for (const ObjectTouch &t : touches) {
        QString what = t.object;
        if (!t.renamedTo.isEmpty())
            what += QStringLiteral(" -> ") + t.renamedTo;
        const QString file =
            m_ws->project().root.isEmpty() ? t.file : root.relativeFilePath(t.file);
        rows.push_back({t.revision, touchActionName(t.action), t.kind, what,
                        t.line > 0 ? QStringLiteral("%1:%2").arg(file).arg(t.line) : file,
                        t.statement});
    }
    m_out << QStringLiteral("Migrations that touched \"%1\", newest first\n").arg(shown);
    m_out << table({QStringLiteral("Revision"), QStringLiteral("Action"), QStringLiteral("Kind"),
                    QStringLiteral("Object"), QStringLiteral("Where"), QStringLiteral("Statement")},
                   rows);
    return {};
}

} // namespace retort
