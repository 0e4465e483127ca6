#include "schema/SchemaModel.h"

#include <algorithm>

namespace retort {

namespace {

// Levenshtein distance, case-insensitive, for "did you mean".
int distance(const QString &a, const QString &b)
{
    const QString x = a.toLower();
    const QString y = b.toLower();
    std::vector<int> row(size_t(y.size()) + 1);
    for (qsizetype j = 0; j <= y.size(); ++j)
        row[size_t(j)] = int(j);
    for (qsizetype i = 1; i <= x.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= y.size(); ++j) {
            const int above = row[size_t(j)];
            row[size_t(j)] = std::min(
                {above + 1, row[size_t(j) - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row.back();
}

} // namespace

const SchemaRelation *SchemaSnapshot::find(const QString &name) const
{
    const qsizetype dot = name.indexOf(u'.');
    const QString schema = dot < 0 ? QString() : name.left(dot);
    const QString table = dot < 0 ? name : name.mid(dot + 1);
    for (const SchemaRelation &r : relations)
        if (r.name == table && (schema.isEmpty() || r.schema == schema))
            return &r;
    // SQLite and MySQL (on most systems) match names case-insensitively; an exact match wins.
    for (const SchemaRelation &r : relations)
        if (r.name.compare(table, Qt::CaseInsensitive) == 0 &&
            (schema.isEmpty() || r.schema == schema))
            return &r;
    return nullptr;
}

QStringList SchemaSnapshot::closeMatches(const QString &name, int limit) const
{
    const QString table = name.section(u'.', -1);
    std::vector<std::pair<int, QString>> scored;
    for (const SchemaRelation &r : relations) {
        int score = distance(r.name, table);
        if (r.name.startsWith(table, Qt::CaseInsensitive) ||
            table.startsWith(r.name, Qt::CaseInsensitive))
            score = std::min(score, 1);
        if (score <= std::max(2, int(table.size()) / 3))
            scored.emplace_back(score, r.schema + u'.' + r.name);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList out;
    for (const auto &[score, qualified] : scored) {
        if (out.size() >= limit)
            break;
        out.append(qualified);
    }
    return out;
}

QString relationKindName(RelationKind kind)
{
    switch (kind) {
    case RelationKind::Table:
        return QStringLiteral("table");
    case RelationKind::PartitionedTable:
        return QStringLiteral("partitioned table");
    case RelationKind::View:
        return QStringLiteral("view");
    case RelationKind::MaterializedView:
        return QStringLiteral("materialized view");
    }
    return {};
}

} // namespace retort
