// retort-cli schema: the relations of an environment as psql's \dt+ lists them, one relation as
// \d+ describes it, its DDL, or all of it as JSON. Formatting only: the snapshot comes from the
// core (workflows/SchemaInspection.h), as the window's will.

#include "Cli.h"
#include "CliOptions.h"
#include "CliSchemaFormat.h"

#include "schema/SchemaJson.h"
#include "workflows/SchemaInspection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace retort {

// An aligned table in psql's style: a centred title, " a | b " rows, a rule of dashes and "+",
// and "(N rows)".
QString psqlTable(const QString &title, const QStringList &header,
                  const std::vector<QStringList> &rows, const std::vector<bool> &rightAligned)
{
    std::vector<qsizetype> width(size_t(header.size()));
    for (qsizetype c = 0; c < header.size(); ++c)
        width[size_t(c)] = header[c].size();
    for (const QStringList &row : rows)
        for (qsizetype c = 0; c < row.size() && c < header.size(); ++c)
            width[size_t(c)] = std::max(width[size_t(c)], row[c].size());
    qsizetype total = 0;
    for (qsizetype w : width)
        total += w + 3;
    total = std::max<qsizetype>(total - 1, 0);
    QString out = QString((std::max<qsizetype>(total - title.size(), 0)) / 2, u' ') + title + u'\n';
    QStringList cells;
    QStringList rule;
    for (qsizetype c = 0; c < header.size(); ++c) {
        const qsizetype pad = width[size_t(c)] - header[c].size();
        cells.append(QString(pad / 2, u' ') + header[c] + QString(pad - pad / 2, u' '));
        rule.append(QString(width[size_t(c)] + 2, u'-'));
    }
    out += u' ' + cells.join(QStringLiteral(" | ")) + u'\n' + rule.join(u'+') + u'\n';
    for (const QStringList &row : rows) {
        QStringList line;
        for (qsizetype c = 0; c < header.size(); ++c)
            line.append(size_t(c) < rightAligned.size() && rightAligned[size_t(c)]
                            ? row.value(c).rightJustified(width[size_t(c)])
                            : row.value(c).leftJustified(width[size_t(c)]));
        out += (u' ' + line.join(QStringLiteral(" | "))).trimmed().prepend(u' ') + u'\n';
    }
    out += rows.size() == 1 ? QStringLiteral("(1 row)\n")
                            : QStringLiteral("(%1 rows)\n").arg(rows.size());
    return out;
}

QString psqlTableNoCount(const QString &title, const QStringList &header,
                         const std::vector<QStringList> &rows,
                         const std::vector<bool> &rightAligned)
{
    QString out = psqlTable(title, header, rows, rightAligned);
    out.chop(1); // the "(N rows)" line is the last one
    out.truncate(out.lastIndexOf(u'\n') + 1);
    return out;
}

namespace {

// MySQL/MariaDB quote names with backquotes; SQLite (and psql's wording) with double quotes.
bool g_backquotes = false;

QString quoted(const QString &name)
{
    const QChar q = g_backquotes ? u'`' : u'"';
    return q + QString(name).replace(q, QString(2, q)) + q;
}

// A name as the engine's own client would print it inside a definition: bare when plain.
QString nameInText(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return plain.match(name).hasMatch() ? name : quoted(name);
}

QStringList namesInText(const QStringList &names)
{
    QStringList out;
    for (const QString &n : names)
        out.append(nameInText(n));
    return out;
}

// The action a key takes by default is left out: NO ACTION, and on MySQL/MariaDB its synonym
// RESTRICT (what InnoDB reports for a key declared without one); "" when the server hid it.
bool defaultAction(const QString &action)
{
    return action.isEmpty() || action == u"NO ACTION" || (g_backquotes && action == u"RESTRICT");
}

QString keyText(const SchemaForeignKey &key)
{
    QString text =
        QStringLiteral("FOREIGN KEY (%1) REFERENCES %2")
            .arg(namesInText(key.columns).join(QStringLiteral(", ")), nameInText(key.refTable));
    if (!key.refColumns.isEmpty())
        text += u'(' + namesInText(key.refColumns).join(QStringLiteral(", ")) + u')';
    if (!defaultAction(key.onUpdate))
        text += QStringLiteral(" ON UPDATE ") + key.onUpdate;
    if (!defaultAction(key.onDelete))
        text += QStringLiteral(" ON DELETE ") + key.onDelete;
    if (key.deferrable)
        text += key.initiallyDeferred ? QStringLiteral(" DEFERRABLE INITIALLY DEFERRED")
                                      : QStringLiteral(" DEFERRABLE");
    return text;
}

QString sizeText(const std::optional<qint64> &bytes)
{
    if (!bytes)
        return {};
    if (*bytes < 10 * 1024)
        return QStringLiteral("%1 bytes").arg(*bytes);
    if (*bytes < 10 * 1024 * 1024)
        return QStringLiteral("%1 kB").arg((*bytes + 512) / 1024);
    return QStringLiteral("%1 MB").arg((*bytes + 512 * 1024) / (1024 * 1024));
}

// The Default cell: a generated column's expression, an auto-increment column, or the default.
QString defaultText(const SchemaColumn &c)
{
    if (!c.generated.isEmpty())
        return QStringLiteral("generated always as (%1) %2")
            .arg(c.defaultValue.value_or(QStringLiteral("…")), c.generated);
    if (!c.identity.isEmpty() && !c.defaultValue)
        return g_backquotes ? QStringLiteral("auto_increment")
                            : QStringLiteral("generated %1 as identity").arg(c.identity);
    return c.defaultValue.value_or(QString());
}

// An index line: psql's form ("PRIMARY KEY, btree (id)") when the engine names its method
// (MySQL/MariaDB), else the CREATE INDEX statement (SQLite), or the constraint it stands for.
QString indexText(const SchemaIndex &i)
{
    if (!i.method.isEmpty()) {
        QString text = i.primary ? QStringLiteral("PRIMARY KEY, ")
                                 : (i.unique ? QStringLiteral("UNIQUE, ") : QString());
        return text + QStringLiteral("%1 (%2)").arg(
                          i.method.toLower(), namesInText(i.columns).join(QStringLiteral(", ")));
    }
    if (!i.definition.isEmpty())
        return i.definition;
    return (i.primary ? QStringLiteral("PRIMARY KEY (") : QStringLiteral("UNIQUE (")) +
           i.columns.join(QStringLiteral(", ")) + u')';
}

QString describe(const SchemaRelation &r)
{
    const QString kind = r.kind == RelationKind::View ? QStringLiteral("View")
                         : r.kind == RelationKind::PartitionedTable
                             ? QStringLiteral("Partitioned table")
                             : QStringLiteral("Table");
    std::vector<QStringList> rows;
    for (const SchemaColumn &c : r.columns)
        rows.push_back({c.name, c.type, c.collation,
                        c.nullable ? QString() : QStringLiteral("not null"), defaultText(c),
                        c.storage, c.comment});
    QString out =
        psqlTable(QStringLiteral("%1 \"%2.%3\"").arg(kind, r.schema, r.name),
                  {QStringLiteral("Column"), QStringLiteral("Type"), QStringLiteral("Collation"),
                   QStringLiteral("Nullable"), QStringLiteral("Default"), QStringLiteral("Storage"),
                   QStringLiteral("Description")},
                  rows);
    out.chop(out.size() - out.lastIndexOf(QStringLiteral("\n("), -2) - 1); // psql: no row count
    // A primary key no index enforces (SQLite's INTEGER PRIMARY KEY is the rowid itself).
    QStringList keyColumns;
    for (int position = 1;; ++position) {
        const auto it =
            std::find_if(r.columns.begin(), r.columns.end(),
                         [&](const SchemaColumn &c) { return c.primaryKeyPosition == position; });
        if (it == r.columns.end())
            break;
        keyColumns.append(it->name);
    }
    const bool keyIndexed = std::any_of(r.indexes.begin(), r.indexes.end(),
                                        [](const SchemaIndex &i) { return i.primary; });
    if (!r.indexes.empty() || (!keyColumns.isEmpty() && !keyIndexed)) {
        out += QStringLiteral("Indexes:\n");
        if (!keyColumns.isEmpty() && !keyIndexed)
            out +=
                QStringLiteral("    PRIMARY KEY (%1)\n").arg(keyColumns.join(QStringLiteral(", ")));
        for (const SchemaIndex &i : r.indexes)
            out += QStringLiteral("    %1 %2\n").arg(quoted(i.name), indexText(i));
    }
    if (!r.partitionKey.isEmpty())
        out += QStringLiteral("Partition key: %1\n").arg(r.partitionKey);
    if (!r.checks.empty()) {
        out += QStringLiteral("Check constraints:\n");
        for (const SchemaCheck &c : r.checks)
            out += QStringLiteral("    %1%2\n")
                       .arg(c.name.isEmpty() ? QString() : quoted(c.name) + u' ', c.definition);
    }
    if (!r.foreignKeys.empty()) {
        out += QStringLiteral("Foreign-key constraints:\n");
        for (const SchemaForeignKey &k : r.foreignKeys)
            out += QStringLiteral("    %1%2\n")
                       .arg(k.name.isEmpty() ? QString() : quoted(k.name) + u' ', keyText(k));
    }
    if (!r.referencedBy.empty()) {
        out += QStringLiteral("Referenced by:\n");
        for (const SchemaReference &ref : r.referencedBy)
            out += QStringLiteral("    TABLE %1%2 %3\n")
                       .arg(quoted(ref.table),
                            ref.key.name.isEmpty()
                                ? QString()
                                : QStringLiteral(" CONSTRAINT ") + quoted(ref.key.name),
                            keyText(ref.key));
    }
    if (!r.triggers.empty()) {
        out += QStringLiteral("Triggers:\n");
        for (const SchemaTrigger &t : r.triggers)
            out += QStringLiteral("    %1\n").arg(t.definition.simplified());
    }
    if (!r.partitions.isEmpty())
        out += QStringLiteral("Partitions: %1\n")
                   .arg(r.partitions.join(QStringLiteral(",\n            ")));
    if (r.kind == RelationKind::View)
        out += QStringLiteral("View definition:\n %1\n").arg(r.definition);
    if (!r.engine.isEmpty())
        out += QStringLiteral("Engine: %1\n").arg(r.engine);
    if (!r.incomplete.isEmpty())
        out += QStringLiteral("Incomplete: %1\n").arg(r.incomplete);
    return out;
}

// The sequence or type named `name` ("name" or "schema.name"); null when there is none.
template <typename T> const T *findNamed(const std::vector<T> &items, const QString &name)
{
    const qsizetype dot = name.indexOf(u'.');
    const QString schema = dot < 0 ? QString() : name.left(dot);
    const QString object = dot < 0 ? name : name.mid(dot + 1);
    for (const T &item : items)
        if (item.name == object && (schema.isEmpty() || item.schema == schema))
            return &item;
    return nullptr;
}

} // namespace

Status Cli::cmdSchema(const CommandArgs &args)
{
    if (args.flag("--migrations")) // offline, from the scripts: CliSchemaMigrations.cpp
        return cmdSchemaMigrations(args);
    const QStringList names = args.operands();
    if (names.size() > 1)
        return Error(QStringLiteral("unexpected argument '%1'").arg(names.at(1)));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    Result<SchemaSnapshot> snapshot =
        inspectEnvironment(**env, secretsFor(**env), nullptr, names.value(0));
    if (!snapshot)
        return withAdvice(**env, snapshot.error());
    const bool postgres = snapshot->driver == u"postgresql";
    g_backquotes = snapshot->driver == u"mysql";
    std::vector<const SchemaRelation *> shown;
    if (names.isEmpty()) {
        for (const SchemaRelation &r : snapshot->relations)
            shown.push_back(&r);
    } else if (const SchemaRelation *r = snapshot->find(names.first())) {
        shown.push_back(r);
    } else if (const SchemaSequence *seq = findNamed(snapshot->sequences, names.first())) {
        if (m_opt->json)
            m_out
                << QJsonDocument(QJsonArray{sequenceToJson(*seq)}).toJson(QJsonDocument::Indented);
        else if (args.flag("--ddl"))
            m_out << (seq->ddl.isEmpty()
                          ? QStringLiteral("-- made by the identity column %1\n").arg(seq->ownedBy)
                          : seq->ddl + QStringLiteral(";\n"));
        else
            m_out << describePostgresSequence(*seq);
        return {};
    } else if (const SchemaType *type = findNamed(snapshot->types, names.first())) {
        if (m_opt->json)
            m_out << QJsonDocument(QJsonArray{typeToJson(*type)}).toJson(QJsonDocument::Indented);
        else if (args.flag("--ddl"))
            m_out << type->ddl << ";\n";
        else
            m_out << describePostgresType(*type);
        return {};
    } else {
        const QStringList close = snapshot->closeMatches(names.first());
        return Error(QStringLiteral("%1: no relation named \"%2\"%3")
                         .arg((*env)->name, names.first(),
                              close.isEmpty() ? QString()
                                              : QStringLiteral("; did you mean: ") +
                                                    close.join(QStringLiteral(", "))));
    }
    const bool detail = args.flag("--detail") || !names.isEmpty();
    if (args.flag("--snapshot")) {
        if (!names.isEmpty())
            return Error(QStringLiteral("--snapshot prints the whole schema: give no NAME"));
        m_out << QJsonDocument(snapshotToJson(*snapshot)).toJson(QJsonDocument::Indented);
        return {};
    }
    if (m_opt->json) {
        QJsonArray arr;
        for (const SchemaRelation *r : shown)
            arr.append(relationToJson(*r, detail));
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return {};
    }
    if (args.flag("--ddl")) {
        // Everything: types and sequences first, so the tables' statements can use them.
        if (names.isEmpty()) {
            for (const SchemaType &t : snapshot->types)
                m_out << t.ddl << ";\n";
            for (const SchemaSequence &seq : snapshot->sequences)
                if (!seq.ddl.isEmpty())
                    m_out << seq.ddl << ";\n";
        }
        for (const SchemaRelation *r : shown)
            m_out << r->ddl << ";\n";
        return {};
    }
    if (!names.isEmpty()) {
        m_out << (postgres ? describePostgres(*snapshot, *shown.front())
                           : describe(*shown.front()));
        return {};
    }
    std::vector<QStringList> rows;
    for (const SchemaRelation *r : shown)
        rows.push_back({r->schema, r->name, relationKindName(r->kind), r->owner,
                        r->rowsEstimate ? QString::number(*r->rowsEstimate) : QString(),
                        sizeText(r->sizeBytes)});
    m_out << psqlTable(QStringLiteral("List of relations"),
                       {QStringLiteral("Schema"), QStringLiteral("Name"), QStringLiteral("Type"),
                        QStringLiteral("Owner"), QStringLiteral("Rows (estimated)"),
                        QStringLiteral("Size")},
                       rows);
    return {};
}

} // namespace retort
