#include "schema/SchemaMigration.h"

#include "schema/SchemaMigrationDetail.h"

#include <QHash>
#include <QRegularExpression>

#include <functional>

namespace retort {

namespace schema_migration {

namespace {

QString bareName(const QString &object)
{
    const qsizetype dot = object.indexOf(u'.');
    return dot < 0 ? object : object.mid(dot + 1);
}

const SchemaRelation *findRelation(const SchemaSnapshot &s, const QString &object, bool oneSchema)
{
    for (const SchemaRelation &r : s.relations)
        if ((oneSchema ? r.name == bareName(object) : r.schema + u'.' + r.name == object))
            return &r;
    return nullptr;
}

} // namespace

const SchemaRelation *Input::fromRelation(const QString &object) const
{
    return findRelation(from, object, oneSchema);
}

const SchemaRelation *Input::toRelation(const QString &object) const
{
    return findRelation(to, object, oneSchema);
}

const ConfirmedRename *Input::confirmed(const SchemaChange &change) const
{
    if (change.change != ChangeKind::PossibleRename)
        return nullptr;
    const bool column = change.objectKind == u"column";
    for (const ConfirmedRename &r : options.renames) {
        if ((r.objectKind == u"column") != column)
            continue;
        if (column && (bareName(r.table) != bareName(change.object) || r.from != change.before ||
                       r.to != change.after))
            continue;
        if (!column && (bareName(r.from) != bareName(change.before) ||
                        bareName(r.to) != bareName(change.after)))
            continue;
        return &r;
    }
    return nullptr;
}

std::vector<const SchemaChange *> Input::changesOf(const QString &object) const
{
    std::vector<const SchemaChange *> out;
    for (const SchemaChange &c : diff.changes)
        if (c.object == object)
            out.push_back(&c);
    return out;
}

QStringList Input::objects() const
{
    QStringList out;
    for (const SchemaChange &c : diff.changes)
        if (!out.contains(c.object))
            out.append(c.object);
    return out;
}

void ScriptBuilder::review(const QString &note)
{
    m_pending.append(note);
}

void ScriptBuilder::add(const QString &statement)
{
    QString text = statement.trimmed();
    if (!text.endsWith(u';'))
        text += u';';
    QString notes;
    for (const QString &n : std::as_const(m_pending)) {
        notes += QStringLiteral("-- REVIEW: ") +
                 QString(n).replace(u'\n', QStringLiteral("\n-- ")) + u'\n';
        m_script.reviews.append(n);
    }
    m_pending.clear();
    m_script.statements.append(notes + text);
}

void ScriptBuilder::noteOnly(const QString &note)
{
    m_script.statements.append(QStringLiteral("-- REVIEW: ") +
                               QString(note).replace(u'\n', QStringLiteral("\n-- ")));
    m_script.reviews.append(note);
}

void ScriptBuilder::addAll(const QString &ddl)
{
    static const QRegularExpression begin(QStringLiteral("\\bBEGIN\\s*$"),
                                          QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression end(QStringLiteral("^\\s*END\\s*;\\s*$"),
                                        QRegularExpression::CaseInsensitiveOption);
    QString current;
    bool inBlock = false;
    for (const QString &line : ddl.split(u'\n')) {
        current += line + u'\n';
        if (!inBlock && begin.match(line).hasMatch())
            inBlock = true;
        if (inBlock) {
            if (end.match(line).hasMatch()) {
                inBlock = false;
                add(current);
                current.clear();
            }
            continue;
        }
        if (line.trimmed().endsWith(u';')) {
            add(current);
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        add(current);
}

MigrationScript ScriptBuilder::done()
{
    for (const QString &n : std::as_const(m_pending))
        noteOnly(n);
    m_pending.clear();
    return std::move(m_script);
}

bool mentions(const QString &sql, const QString &name)
{
    // Walk the text outside strings and comments, comparing each identifier.
    const qsizetype n = sql.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = sql[i];
        if (c == u'\'') {
            for (++i; i < n; ++i)
                if (sql[i] == u'\'') {
                    if (i + 1 < n && sql[i + 1] == u'\'') {
                        ++i;
                        continue;
                    }
                    break;
                }
            ++i;
            continue;
        }
        if (c == u'-' && i + 1 < n && sql[i + 1] == u'-') {
            while (i < n && sql[i] != u'\n')
                ++i;
            continue;
        }
        if (c == u'/' && i + 1 < n && sql[i + 1] == u'*') {
            const qsizetype close = sql.indexOf(QStringLiteral("*/"), i + 2);
            i = close < 0 ? n : close + 2;
            continue;
        }
        if (c == u'"' || c == u'`' || c == u'[') {
            const QChar closing = c == u'[' ? QChar(u']') : c;
            const qsizetype close = sql.indexOf(closing, i + 1);
            const qsizetype stop = close < 0 ? n : close;
            if (sql.mid(i + 1, stop - i - 1).compare(name, Qt::CaseInsensitive) == 0)
                return true;
            i = stop + 1;
            continue;
        }
        if (c.isLetter() || c == u'_') {
            qsizetype j = i;
            while (j < n && (sql[j].isLetterOrNumber() || sql[j] == u'_' || sql[j] == u'$'))
                ++j;
            if (QStringView(sql).mid(i, j - i).compare(name, Qt::CaseInsensitive) == 0)
                return true;
            i = j;
            continue;
        }
        ++i;
    }
    return false;
}

namespace {

bool isView(const SchemaRelation &r)
{
    return r.kind == RelationKind::View || r.kind == RelationKind::MaterializedView;
}

QString viewText(const SchemaRelation &r)
{
    return r.definition.isEmpty() ? r.ddl : r.definition;
}

} // namespace

std::vector<const SchemaRelation *> viewsInDependencyOrder(const SchemaSnapshot &s)
{
    std::vector<const SchemaRelation *> views;
    for (const SchemaRelation &r : s.relations)
        if (isView(r))
            views.push_back(&r);
    std::vector<const SchemaRelation *> out;
    QSet<const SchemaRelation *> placed, visiting;
    std::function<void(const SchemaRelation *)> place = [&](const SchemaRelation *v) {
        if (placed.contains(v) || visiting.contains(v))
            return; // a cycle cannot exist in a real schema; stop rather than loop
        visiting.insert(v);
        for (const SchemaRelation *other : views)
            if (other != v && mentions(viewText(*v), other->name))
                place(other);
        visiting.remove(v);
        placed.insert(v);
        out.push_back(v);
    };
    for (const SchemaRelation *v : views)
        place(v);
    return out;
}

std::vector<const SchemaRelation *> viewsReading(const SchemaSnapshot &s,
                                                 const QSet<QString> &names)
{
    QSet<QString> reached = names;
    std::vector<const SchemaRelation *> ordered = viewsInDependencyOrder(s);
    std::vector<const SchemaRelation *> out;
    // In dependency order a view's sources come first, so one pass sees every transitive reader.
    for (const SchemaRelation *v : ordered) {
        bool reads = reached.contains(v->name);
        for (auto it = reached.cbegin(); !reads && it != reached.cend(); ++it)
            reads = mentions(viewText(*v), *it);
        if (reads) {
            reached.insert(v->name);
            out.push_back(v);
        }
    }
    return out;
}

bool isViewKind(const QString &objectKind)
{
    return objectKind == u"view" || objectKind == u"materialized view";
}

} // namespace schema_migration

QString MigrationScript::text() const
{
    return statements.join(QStringLiteral("\n\n"));
}

MigrationScript migrationScript(const SchemaSnapshot &from, const SchemaSnapshot &to,
                                const MigrationScriptOptions &options)
{
    const SchemaDiff diff = diffSchemas(from, to, options.diff);
    auto schemasOf = [](const SchemaSnapshot &s) {
        QSet<QString> out(s.schemas.cbegin(), s.schemas.cend());
        for (const SchemaRelation &r : s.relations)
            out.insert(r.schema);
        return out;
    };
    schema_migration::Input in{from, to, diff, options,
                               schemasOf(from).size() <= 1 && schemasOf(to).size() <= 1};
    const QString driver = to.driver.isEmpty() ? from.driver : to.driver;
    if (diff.empty())
        return {};
    if (driver == u"sqlite")
        return schema_migration::sqliteMigrationScript(in);
    if (driver == u"postgresql")
        return schema_migration::postgresMigrationScript(in);
    if (driver == u"mysql")
        return schema_migration::mysqlMigrationScript(in);
    schema_migration::ScriptBuilder b;
    b.noteOnly(QStringLiteral("cannot write SQL for driver '%1'").arg(driver));
    return b.done();
}

std::vector<ConfirmedRename> possibleRenames(const SchemaDiff &diff)
{
    std::vector<ConfirmedRename> out;
    for (const SchemaChange &c : diff.changes)
        if (c.change == ChangeKind::PossibleRename)
            out.push_back(
                {c.objectKind == u"column" ? QStringLiteral("column") : QStringLiteral("table"),
                 c.objectKind == u"column" ? c.object : QString(), c.before, c.after});
    return out;
}

std::vector<ConfirmedRename> reversedRenames(const std::vector<ConfirmedRename> &renames)
{
    std::vector<ConfirmedRename> out;
    for (const ConfirmedRename &r : renames)
        out.push_back({r.objectKind, r.table, r.to, r.from});
    return out;
}

} // namespace retort
