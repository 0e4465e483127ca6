#include "workflows/SchemaHistory.h"

#include "project/Workspace.h"
#include "schema/AlembicOpTargets.h"
#include "scripts/PythonScript.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

namespace retort {

namespace {

// The graph's revisions newest first: history order, or reverse load order if it has none.
std::vector<int> newestFirst(const RevisionGraph &graph)
{
    if (auto order = graph.history(); order)
        return *order;
    std::vector<int> order(size_t(graph.size()));
    for (int i = 0; i < graph.size(); ++i)
        order[size_t(i)] = graph.size() - 1 - i;
    return order;
}

bool isPartOfTable(const QString &kind)
{
    return kind == u"index" || kind == u"trigger";
}

} // namespace

namespace {

// What one revision's upgrade touches, with file lines (0: unknown), or why it could not be read.
struct RevisionTargets {
    std::vector<StatementTarget> targets; // line: the line in the script file, or 0
    std::optional<Error> problem;
};

RevisionTargets readRevision(const Revision &r, const QString &driver, DialectKind dialect,
                             const QHash<QString, RevisionSql> *alembicSql)
{
    const Script &script = *r.script;
    RevisionTargets out;
    int offset = 0; // file line of the text's line 1, minus one; -1: lines unknown
    if (!script.isPython()) {
        const ScriptSection &section = script.upgradeFor(driver);
        if (!section.present())
            return out;
        out.targets = statementTargets(section.sql, dialect);
        offset = section.firstLine - 1;
    } else if (const auto it = alembicSql ? alembicSql->constFind(r.id)
                                          : QHash<QString, RevisionSql>::const_iterator();
               alembicSql && it != alembicSql->constEnd() && it->hasUpgrade) {
        out.targets = statementTargets(it->upgrade, dialect);
        offset = -1;
    } else {
        ScriptSection section = script.pythonUpgrade();
        if (!section.present()) {
            Result<PythonFunctions> functions = readPythonFunctions(script);
            if (!functions) {
                out.problem = functions.error();
                return out;
            }
            section = functions->upgrade;
        }
        if (!section.present())
            return out;
        out.targets = alembicOpTargets(section.sql, dialect);
        offset = section.firstLine - 1;
    }
    for (StatementTarget &t : out.targets)
        t.line = offset < 0 ? 0 : t.line + offset;
    return out;
}

// readRevision for every revision of `order`, on up to four threads when there are many (the
// parse is pure and libpg_query keeps its memory per thread). False when cancelled.
bool readAll(const RevisionGraph &graph, const std::vector<int> &order, const QString &driver,
             DialectKind dialect, const QHash<QString, RevisionSql> *alembicSql,
             const CancelToken *cancel, std::vector<RevisionTargets> &out)
{
    out.resize(order.size());
    std::atomic<size_t> next{0};
    std::atomic<bool> cancelled{false};
    const auto work = [&] {
        for (size_t i = next++; i < order.size(); i = next++) {
            if (cancel && cancel->isCancelled()) {
                cancelled = true;
                return;
            }
            out[i] = readRevision(graph.at(order[i]), driver, dialect, alembicSql);
        }
    };
    const unsigned threads =
        order.size() < 256 ? 1U : std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t)
        helpers.emplace_back(work);
    work();
    for (std::thread &t : helpers)
        t.join();
    return !cancelled;
}

} // namespace

Result<SchemaHistory> SchemaHistory::build(const Workspace &ws, const QString &driver,
                                           const CancelToken *cancel,
                                           const QHash<QString, RevisionSql> *alembicSql)
{
    const Result<Dialect> dialect = Dialect::forDriver(driver);
    if (!dialect)
        return dialect.error();
    SchemaHistory h;
    h.m_dialect = dialect->kind();
    const RevisionGraph &graph = ws.graph();
    const std::vector<int> order = newestFirst(graph);
    std::vector<RevisionTargets> read;
    if (!readAll(graph, order, driver, h.m_dialect, alembicSql, cancel, read))
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
    for (size_t k = 0; k < order.size(); ++k) {
        const Revision &r = graph.at(order[k]);
        const int rev = int(h.m_revisions.size());
        h.m_revisions.push_back({r.id, r.script->message, r.script->path});
        if (read[k].problem)
            h.m_problems.push_back(*read[k].problem);
        for (StatementTarget &t : read[k].targets) {
            const int fileLine = t.line;
            h.m_byRevision[r.id].push_back(int(h.m_entries.size()));
            h.m_entries.push_back(Entry{rev, std::move(t), {}, fileLine});
        }
    }
    h.resolveTables();
    return h;
}

bool SchemaHistory::sameName(const QString &a, const QString &b) const
{
    return m_dialect == DialectKind::Postgresql ? a == b : a.compare(b, Qt::CaseInsensitive) == 0;
}

bool SchemaHistory::schemaMatches(const QString &entrySchema, const QString &schema) const
{
    return schema.isEmpty() || entrySchema.isEmpty() || sameName(entrySchema, schema);
}

void SchemaHistory::resolveTables()
{
    // Oldest statement first: the last revision's statements in file order, then the one before.
    const auto key = [this](const QString &kind, const QString &name) {
        return kind + u'\x1f' + (m_dialect == DialectKind::Postgresql ? name : name.toLower());
    };
    QHash<QString, QString> tableOf; // kind + name of an index or trigger -> its table
    size_t groupEnd = m_entries.size();
    while (groupEnd > 0) {
        size_t groupBegin = groupEnd;
        while (groupBegin > 0 &&
               m_entries[groupBegin - 1].revision == m_entries[groupEnd - 1].revision)
            --groupBegin;
        for (size_t i = groupBegin; i < groupEnd; ++i) {
            Entry &e = m_entries[i];
            const StatementTarget &t = e.target;
            if (isPartOfTable(t.kind)) {
                const QString k = key(t.kind, t.name);
                e.table = t.table.isEmpty() ? tableOf.value(k) : t.table;
                if (t.action == TouchAction::Create && !t.table.isEmpty())
                    tableOf.insert(k, t.table);
                else if (t.action == TouchAction::Rename)
                    tableOf.insert(key(t.kind, t.renamedTo), e.table);
            } else if (t.kind == u"table" && t.action == TouchAction::Rename) {
                for (QString &table : tableOf)
                    if (sameName(table, t.name))
                        table = t.renamedTo;
            }
        }
        groupEnd = groupBegin;
    }
}

ObjectTouch SchemaHistory::touchOf(const Entry &e) const
{
    const RevisionInfo &r = m_revisions[size_t(e.revision)];
    return ObjectTouch{r.id,          r.message,          e.target.action,    e.target.kind,
                       e.target.name, e.target.renamedTo, e.target.statement, r.file,
                       e.fileLine};
}

std::vector<ObjectTouch> SchemaHistory::touchesOf(const QString &schema, const QString &name) const
{
    QStringList names{name}; // the object's names, growing with renames as we go back in time
    const auto named = [&](const QString &n) {
        return !n.isEmpty() && std::any_of(names.cbegin(), names.cend(),
                                           [&](const QString &x) { return sameName(x, n); });
    };
    std::vector<ObjectTouch> out;
    size_t groupBegin = 0;
    while (groupBegin < m_entries.size()) {
        size_t groupEnd = groupBegin;
        while (groupEnd < m_entries.size() &&
               m_entries[groupEnd].revision == m_entries[groupBegin].revision)
            ++groupEnd;
        // Newest statement first, to follow renames; listed in file order.
        std::vector<bool> hit(groupEnd - groupBegin, false);
        for (size_t i = groupEnd; i-- > groupBegin;) {
            const Entry &e = m_entries[i];
            const StatementTarget &t = e.target;
            if (!schemaMatches(t.schema, schema))
                continue;
            const bool renamedToIt = t.action == TouchAction::Rename && named(t.renamedTo);
            if (named(t.name) || renamedToIt || named(e.table)) {
                hit[i - groupBegin] = true;
                if (renamedToIt && !named(t.name))
                    names.append(t.name);
            }
        }
        for (size_t i = groupBegin; i < groupEnd; ++i)
            if (hit[i - groupBegin])
                out.push_back(touchOf(m_entries[i]));
        groupBegin = groupEnd;
    }
    return out;
}

bool SchemaHistory::touchedBy(const QStringList &revisions, const QString &schema,
                              const QString &name) const
{
    for (const QString &revision : revisions) {
        const auto it = m_byRevision.constFind(revision);
        if (it == m_byRevision.constEnd())
            continue;
        for (int i : *it) {
            const Entry &e = m_entries[size_t(i)];
            const StatementTarget &t = e.target;
            if (!schemaMatches(t.schema, schema))
                continue;
            if (sameName(t.name, name) || (!e.table.isEmpty() && sameName(e.table, name)) ||
                (!t.renamedTo.isEmpty() && sameName(t.renamedTo, name)))
                return true;
        }
    }
    return false;
}

std::vector<SchemaHistory::Creation> SchemaHistory::createdBy(const QStringList &revisions) const
{
    static const QStringList kinds = {
        QStringLiteral("table"),    QStringLiteral("view"), QStringLiteral("materialized view"),
        QStringLiteral("sequence"), QStringLiteral("type"), QStringLiteral("domain")};
    // The revisions' statements, oldest first: m_entries is newest revision first, statements in
    // file order within one.
    std::vector<int> order;
    for (const QString &revision : revisions) {
        const auto it = m_byRevision.constFind(revision);
        if (it != m_byRevision.constEnd())
            order.insert(order.end(), it->begin(), it->end());
    }
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        const Entry &x = m_entries[size_t(a)];
        const Entry &y = m_entries[size_t(b)];
        return x.revision != y.revision ? x.revision > y.revision : a < b;
    });
    std::vector<Creation> out;
    const auto find = [&](const QString &schema, const QString &name) {
        return std::find_if(out.begin(), out.end(), [&](const Creation &c) {
            return sameName(c.touch.object, name) &&
                   (c.schema.isEmpty() || schema.isEmpty() || sameName(c.schema, schema));
        });
    };
    for (int i : order) {
        const Entry &e = m_entries[size_t(i)];
        const StatementTarget &t = e.target;
        if (!kinds.contains(t.kind) || t.name.isEmpty())
            continue;
        if (t.action == TouchAction::Create && find(t.schema, t.name) == out.end()) {
            out.push_back({t.schema, touchOf(e)});
        } else if (t.action == TouchAction::Drop) {
            if (auto it = find(t.schema, t.name); it != out.end())
                out.erase(it);
        } else if (t.action == TouchAction::Rename && !t.renamedTo.isEmpty()) {
            auto it = find(t.schema, t.name); // created here, then renamed: its final name
            if (it == out.end())
                it = out.insert(out.end(), {t.schema, touchOf(e)});
            it->touch.object = t.renamedTo;
        }
    }
    return out;
}

QStringList SchemaHistory::objectNames() const
{
    QStringList names;
    for (const Entry &e : m_entries)
        names << e.target.name << e.table << e.target.renamedTo;
    names.removeAll(QString());
    names.sort();
    names.removeDuplicates();
    return names;
}

} // namespace retort
