#include "schema/SchemaDiff.h"

#include "schema/SchemaDiffDetail.h"
#include "schema/SchemaJson.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace retort {

namespace schema_diff {

// A serial column's default names its sequence: compared as "its own sequence".
QString Differ::columnDefault(const SchemaSnapshot &s, const SchemaRelation &r,
                              const SchemaColumn &c) const
{
    if (!c.defaultValue)
        return {};
    const QString d = *c.defaultValue;
    if (m_pg && d.startsWith(QStringLiteral("nextval("))) {
        const QString column = r.schema + u'.' + r.name + u'.' + c.name;
        for (const SchemaSequence &seq : s.sequences)
            if (seq.ownedBy == column && d.contains(seq.name))
                return QStringLiteral("nextval(<its own sequence>)");
    }
    return d;
}

QString Differ::columnShape(const SchemaSnapshot &s, const SchemaRelation &r,
                            const SchemaColumn &c) const
{
    const QString d = columnDefault(s, r, c);
    return QStringList{c.type.toLower().simplified(),
                       yesNo(c.nullable),
                       m_pg && !d.isEmpty() ? pgCanonical(d, true) : d.simplified(),
                       c.identity,
                       c.generated,
                       c.collation}
        .join(u'\x1f');
}

QString Differ::relationSummary(const SchemaRelation &r) const
{
    if (r.kind == RelationKind::View || r.kind == RelationKind::MaterializedView)
        return QStringLiteral("%1 %2").arg(relationKindName(r.kind),
                                           ticked(shown(r.schema, r.name)));
    return QStringLiteral("%1 %2 (%3 column%4)")
        .arg(relationKindName(r.kind), ticked(shown(r.schema, r.name)))
        .arg(r.columns.size())
        .arg(r.columns.size() == 1 ? QString() : QStringLiteral("s"));
}

void Differ::compareColumns(const SchemaRelation &ra, const SchemaRelation &rb,
                            const QString &object, const QString &table)
{
    QHash<QString, const SchemaColumn *> inB;
    for (const SchemaColumn &c : rb.columns)
        inB.insert(c.name, &c);
    QHash<QString, const SchemaColumn *> inA;
    for (const SchemaColumn &c : ra.columns)
        inA.insert(c.name, &c);
    std::vector<const SchemaColumn *> removed, added;
    for (const SchemaColumn &ca : ra.columns) {
        const SchemaColumn *cb = inB.value(ca.name);
        if (!cb) {
            removed.push_back(&ca);
            continue;
        }
        const QString label = table + u'.' + ca.name;
        auto attr = [&](const QString &attribute, const QString &x, const QString &y, bool same) {
            if (!same)
                changed(QStringLiteral("column"), object, ca.name, label, attribute, x, y);
        };
        attr(QStringLiteral("type"), ca.type, cb->type,
             ca.type.simplified().compare(cb->type.simplified(), Qt::CaseInsensitive) == 0);
        attr(QStringLiteral("nullable"), yesNo(ca.nullable), yesNo(cb->nullable),
             ca.nullable == cb->nullable);
        const QString da = columnDefault(m_a, ra, ca), db = columnDefault(m_b, rb, *cb);
        attr(ca.generated.isEmpty() ? QStringLiteral("default") : QStringLiteral("expression"), da,
             db, sameExpression(da, db));
        attr(QStringLiteral("identity"), ca.identity, cb->identity, ca.identity == cb->identity);
        attr(QStringLiteral("generated"), ca.generated, cb->generated,
             ca.generated == cb->generated);
        attr(QStringLiteral("collation"), ca.collation, cb->collation,
             ca.collation == cb->collation);
        attr(QStringLiteral("comment"), ca.comment, cb->comment, ca.comment == cb->comment);
    }
    for (const SchemaColumn &cb : rb.columns)
        if (!inA.contains(cb.name))
            added.push_back(&cb);
    // Order: the columns both have, outside their longest common order, moved.
    QStringList orderA, orderB;
    for (const SchemaColumn &c : ra.columns)
        if (inB.contains(c.name))
            orderA.append(c.name);
    for (const SchemaColumn &c : rb.columns)
        if (inA.contains(c.name))
            orderB.append(c.name);
    if (orderA != orderB) {
        const size_t n = size_t(orderA.size()), m = size_t(orderB.size());
        std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1));
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                lcs[i][j] = orderA[qsizetype(i)] == orderB[qsizetype(j)]
                                ? lcs[i + 1][j + 1] + 1
                                : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        QStringList kept;
        for (size_t i = 0, j = 0; i < n && j < m;) {
            if (orderA[qsizetype(i)] == orderB[qsizetype(j)]) {
                kept.append(orderA[qsizetype(i)]);
                ++i, ++j;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                ++i;
            } else {
                ++j;
            }
        }
        for (qsizetype j = 0; j < orderB.size(); ++j)
            if (!kept.contains(orderB[j]))
                add(ChangeKind::OrderOnly, QStringLiteral("column"), object, orderB[j],
                    QStringLiteral("moves column %1 to position %2 (order only)")
                        .arg(ticked(table + u'.' + orderB[j]))
                        .arg(j + 1),
                    QStringLiteral("position"), QString::number(orderA.indexOf(orderB[j]) + 1),
                    QString::number(j + 1));
    }
    // A removed and an added column of the same shape: a possible rename.
    std::vector<bool> paired(added.size());
    for (const SchemaColumn *r : removed) {
        const QString shape = columnShape(m_a, ra, *r);
        bool found = false;
        for (size_t j = 0; j < added.size() && !found; ++j)
            if (!paired[j] && columnShape(m_b, rb, *added[j]) == shape) {
                paired[j] = found = true;
                add(ChangeKind::PossibleRename, QStringLiteral("column"), object, r->name,
                    QStringLiteral("possible rename of column %1 → %2 (same shape: %3); "
                                   "else drops one and adds the other")
                        .arg(ticked(table + u'.' + r->name), ticked(added[j]->name), r->type),
                    QStringLiteral("name"), r->name, added[j]->name);
            }
        if (!found)
            add(ChangeKind::Removed, QStringLiteral("column"), object, r->name,
                QStringLiteral("drops column %1 %2").arg(ticked(table + u'.' + r->name), r->type));
    }
    for (size_t j = 0; j < added.size(); ++j)
        if (!paired[j])
            add(ChangeKind::Added, QStringLiteral("column"), object, added[j]->name,
                QStringLiteral("adds column %1 %2%3")
                    .arg(ticked(table + u'.' + added[j]->name), added[j]->type,
                         added[j]->nullable ? QString() : QStringLiteral(" not null")));
}

void Differ::comparePrimaryKey(const SchemaRelation &ra, const SchemaRelation &rb,
                               const QString &object, const QString &table)
{
    auto keyOf = [](const SchemaRelation &r) {
        std::vector<std::pair<int, QString>> parts;
        for (const SchemaColumn &c : r.columns)
            if (c.primaryKeyPosition > 0)
                parts.emplace_back(c.primaryKeyPosition, c.name);
        std::sort(parts.begin(), parts.end());
        QStringList names;
        for (const auto &p : parts)
            names.append(p.second);
        return names.join(QStringLiteral(", "));
    };
    // Read from the array form of schema --json, a rowid key is unknown (SchemaJson.h).
    auto unknown = [](const SchemaRelation &r) {
        return std::any_of(r.columns.begin(), r.columns.end(), [](const SchemaColumn &c) {
            return c.primaryKeyPosition == kPrimaryKeyUnknown;
        });
    };
    if (unknown(ra) || unknown(rb))
        return;
    const QString ka = keyOf(ra), kb = keyOf(rb);
    if (ka == kb)
        return;
    if (ka.isEmpty())
        add(ChangeKind::Added, QStringLiteral("primary key"), object, {},
            QStringLiteral("adds primary key (%1) to %2").arg(kb, ticked(table)));
    else if (kb.isEmpty())
        add(ChangeKind::Removed, QStringLiteral("primary key"), object, {},
            QStringLiteral("drops primary key (%1) of %2").arg(ka, ticked(table)));
    else
        add(ChangeKind::Changed, QStringLiteral("primary key"), object, {},
            QStringLiteral("alters primary key of %1 (%2) → (%3)").arg(ticked(table), ka, kb),
            QStringLiteral("columns"), ka, kb);
}

void Differ::compareRelation(const SchemaRelation &ra, const SchemaRelation &rb)
{
    const QString object = rb.schema + u'.' + rb.name;
    const QString table = shown(rb.schema, rb.name);
    auto attr = [&](const QString &attribute, const QString &x, const QString &y) {
        if (x != y)
            changed(relationKindName(rb.kind), object, {}, table, attribute, x, y);
    };
    attr(QStringLiteral("kind"), relationKindName(ra.kind), relationKindName(rb.kind));
    if (m_opt.owners)
        attr(QStringLiteral("owner"), ra.owner, rb.owner);
    attr(QStringLiteral("comment"), ra.comment, rb.comment);
    attr(QStringLiteral("engine"), ra.engine, rb.engine);
    attr(QStringLiteral("partition key"), ra.partitionKey, rb.partitionKey);
    attr(QStringLiteral("partition bound"), ra.partitionBound, rb.partitionBound);
    attr(QStringLiteral("without rowid"), yesNo(ra.withoutRowid), yesNo(rb.withoutRowid));
    attr(QStringLiteral("strict"), yesNo(ra.strict), yesNo(rb.strict));
    if (ra.kind == RelationKind::View || ra.kind == RelationKind::MaterializedView) {
        // SQLite keeps no query apart from its CREATE VIEW statement.
        const QString da = ra.definition.isEmpty() ? ra.ddl : ra.definition;
        const QString db = rb.definition.isEmpty() ? rb.ddl : rb.definition;
        if (!sameStatement(da, db))
            changed(relationKindName(rb.kind), object, {}, table, QStringLiteral("definition"),
                    da.simplified(), db.simplified());
    }
    // A view's columns follow from its query and the tables it reads (MariaDB even reports
    // their defaults): only the definition is compared.
    const bool view = ra.kind == RelationKind::View || ra.kind == RelationKind::MaterializedView;
    if (!view || rb.kind != ra.kind)
        compareColumns(ra, rb, object, table);
    comparePrimaryKey(ra, rb, object, table);
    compareIndexes(ra, rb, object, table);
    compareKeys(ra, rb, object, table);
    compareChecks(ra.checks, rb.checks, object, table);
    compareTriggers(ra, rb, object, table);
}

void Differ::compareSequences()
{
    // A serial or identity column's sequence is known by its column, not by its name.
    auto keyOf = [&](const SchemaSequence &s) {
        if (s.ownedBy.isEmpty())
            return key(s.schema, s.name);
        const QStringList parts = s.ownedBy.split(u'.');
        return QStringLiteral("owned:") +
               (m_oneSchema && parts.size() == 3 ? parts.mid(1).join(u'.') : s.ownedBy);
    };
    auto skip = [&](const SchemaSequence &s) {
        const QStringList parts = s.ownedBy.split(u'.');
        return parts.size() == 3 && ignored(parts[0], parts[1]);
    };
    QHash<QString, const SchemaSequence *> inB;
    for (const SchemaSequence &s : m_b.sequences)
        inB.insert(keyOf(s), &s);
    QSet<QString> seen;
    for (const SchemaSequence &sa : m_a.sequences) {
        if (skip(sa))
            continue;
        const QString k = keyOf(sa);
        seen.insert(k);
        const SchemaSequence *sb = inB.value(k);
        const QString label = sa.ownedBy.isEmpty()
                                  ? shown(sa.schema, sa.name)
                                  : QStringLiteral("%1 (of %2)").arg(sa.name, sa.ownedBy);
        const QString object = sa.schema + u'.' + sa.name;
        if (!sb) {
            add(ChangeKind::Removed, QStringLiteral("sequence"), object, {},
                QStringLiteral("drops sequence %1").arg(ticked(label)));
            continue;
        }
        auto attr = [&](const QString &attribute, const QString &x, const QString &y) {
            if (x != y)
                changed(QStringLiteral("sequence"), object, {}, label, attribute, x, y);
        };
        attr(QStringLiteral("type"), sa.type, sb->type);
        attr(QStringLiteral("start"), QString::number(sa.start), QString::number(sb->start));
        attr(QStringLiteral("increment"), QString::number(sa.increment),
             QString::number(sb->increment));
        attr(QStringLiteral("minimum"), QString::number(sa.minValue),
             QString::number(sb->minValue));
        attr(QStringLiteral("maximum"), QString::number(sa.maxValue),
             QString::number(sb->maxValue));
        attr(QStringLiteral("cache"), QString::number(sa.cache), QString::number(sb->cache));
        attr(QStringLiteral("cycle"), yesNo(sa.cycle), yesNo(sb->cycle));
        if (m_opt.owners)
            attr(QStringLiteral("owner"), sa.owner, sb->owner);
    }
    for (const SchemaSequence &sb : m_b.sequences)
        if (!skip(sb) && !seen.contains(keyOf(sb)))
            add(ChangeKind::Added, QStringLiteral("sequence"), sb.schema + u'.' + sb.name, {},
                QStringLiteral("adds sequence %1").arg(ticked(shown(sb.schema, sb.name))));
}

void Differ::compareTypes()
{
    QHash<QString, const SchemaType *> inB;
    for (const SchemaType &t : m_b.types)
        inB.insert(key(t.schema, t.name), &t);
    QSet<QString> seen;
    auto what = [](const SchemaType &t) {
        return t.kind == u"enum" ? QStringLiteral("enum type") : t.kind;
    };
    for (const SchemaType &ta : m_a.types) {
        const QString k = key(ta.schema, ta.name);
        seen.insert(k);
        const QString object = ta.schema + u'.' + ta.name;
        const QString label = shown(ta.schema, ta.name);
        const SchemaType *tb = inB.value(k);
        if (!tb) {
            add(ChangeKind::Removed, QStringLiteral("type"), object, {},
                QStringLiteral("drops %1 %2").arg(what(ta), ticked(label)));
            continue;
        }
        auto attr = [&](const QString &attribute, const QString &x, const QString &y, bool same) {
            if (!same)
                changed(QStringLiteral("type"), object, {}, label, attribute, x, y);
        };
        auto plain = [&](const QString &attribute, const QString &x, const QString &y) {
            attr(attribute, x, y, x == y);
        };
        plain(QStringLiteral("kind"), ta.kind, tb->kind);
        const QString la = ta.labels.join(QStringLiteral(", ")),
                      lb = tb->labels.join(QStringLiteral(", "));
        plain(QStringLiteral("values"), la, lb);
        plain(QStringLiteral("base type"), ta.baseType, tb->baseType);
        plain(QStringLiteral("not null"), yesNo(ta.notNull), yesNo(tb->notNull));
        const QString da = ta.defaultValue.value_or(QString()),
                      db = tb->defaultValue.value_or(QString());
        attr(QStringLiteral("default"), da, db, sameExpression(da, db));
        plain(QStringLiteral("collation"), ta.collation, tb->collation);
        plain(QStringLiteral("comment"), ta.comment, tb->comment);
        if (m_opt.owners)
            plain(QStringLiteral("owner"), ta.owner, tb->owner);
        compareChecks(ta.checks, tb->checks, object, label);
    }
    for (const SchemaType &tb : m_b.types)
        if (!seen.contains(key(tb.schema, tb.name)))
            add(ChangeKind::Added, QStringLiteral("type"), tb.schema + u'.' + tb.name, {},
                QStringLiteral("adds %1 %2%3")
                    .arg(what(tb), ticked(shown(tb.schema, tb.name)),
                         tb.labels.isEmpty()
                             ? QString()
                             : QStringLiteral(" (%1)").arg(tb.labels.join(QStringLiteral(", ")))));
}

SchemaDiff Differ::run()
{
    QHash<QString, const SchemaRelation *> inB;
    for (const SchemaRelation &r : m_b.relations)
        if (!ignored(r.schema, r.name))
            inB.insert(key(r.schema, r.name), &r);
    QSet<QString> seen;
    std::vector<const SchemaRelation *> removed, added;
    for (const SchemaRelation &ra : m_a.relations) {
        if (ignored(ra.schema, ra.name))
            continue;
        const QString k = key(ra.schema, ra.name);
        seen.insert(k);
        if (const SchemaRelation *rb = inB.value(k))
            compareRelation(ra, *rb);
        else
            removed.push_back(&ra);
    }
    for (const SchemaRelation &rb : m_b.relations)
        if (!ignored(rb.schema, rb.name) && !seen.contains(key(rb.schema, rb.name)))
            added.push_back(&rb);
    // A removed and an added table of the same shape (kind, columns): a possible rename, and
    // what else differs between them.
    auto shape = [&](const SchemaSnapshot &s, const SchemaRelation &r) {
        QStringList parts{relationKindName(r.kind)};
        for (const SchemaColumn &c : r.columns)
            parts.append(c.name + u' ' + columnShape(s, r, c));
        return parts.join(u'\x1e');
    };
    std::vector<bool> paired(added.size());
    for (const SchemaRelation *ra : removed) {
        const QString sa = shape(m_a, *ra);
        bool found = false;
        for (size_t j = 0; j < added.size() && !found; ++j) {
            if (paired[j] || ra->kind == RelationKind::View || shape(m_b, *added[j]) != sa)
                continue;
            paired[j] = found = true;
            add(ChangeKind::PossibleRename, relationKindName(ra->kind),
                added[j]->schema + u'.' + added[j]->name, {},
                QStringLiteral("possible rename of %1 %2 → %3 (same columns); else drops one "
                               "and adds the other")
                    .arg(relationKindName(ra->kind), ticked(shown(ra->schema, ra->name)),
                         ticked(shown(added[j]->schema, added[j]->name))),
                QStringLiteral("name"), shown(ra->schema, ra->name),
                shown(added[j]->schema, added[j]->name));
            compareRelation(*ra, *added[j]);
        }
        if (!found)
            add(ChangeKind::Removed, relationKindName(ra->kind), ra->schema + u'.' + ra->name, {},
                QStringLiteral("drops ") + relationSummary(*ra));
    }
    for (size_t j = 0; j < added.size(); ++j)
        if (!paired[j])
            add(ChangeKind::Added, relationKindName(added[j]->kind),
                added[j]->schema + u'.' + added[j]->name, {},
                QStringLiteral("adds ") + relationSummary(*added[j]));
    compareSequences();
    compareTypes();
    return SchemaDiff{std::move(m_out)};
}

} // namespace schema_diff

QString changeKindName(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return QStringLiteral("added");
    case ChangeKind::Removed:
        return QStringLiteral("removed");
    case ChangeKind::Changed:
        return QStringLiteral("changed");
    case ChangeKind::OrderOnly:
        return QStringLiteral("order only");
    case ChangeKind::PossibleRename:
        return QStringLiteral("possible rename");
    }
    return {};
}

QJsonArray SchemaDiff::toJson() const
{
    QJsonArray out;
    for (const SchemaChange &c : changes)
        out.append(QJsonObject{{QStringLiteral("change"), changeKindName(c.change)},
                               {QStringLiteral("object_kind"), c.objectKind},
                               {QStringLiteral("object"), c.object},
                               {QStringLiteral("name"), c.name},
                               {QStringLiteral("attribute"), c.attribute},
                               {QStringLiteral("before"), c.before},
                               {QStringLiteral("after"), c.after},
                               {QStringLiteral("summary"), c.summary}});
    return out;
}

QString SchemaDiff::toText() const
{
    // Grouped per object, in the order objects first appear.
    QStringList objects;
    QHash<QString, QStringList> lines;
    for (const SchemaChange &c : changes) {
        if (!lines.contains(c.object))
            objects.append(c.object);
        lines[c.object].append(c.summary);
    }
    QString out;
    for (const QString &o : objects)
        out += o + QStringLiteral(":\n  ") + lines.value(o).join(QStringLiteral("\n  ")) + u'\n';
    return out;
}

SchemaDiff diffSchemas(const SchemaSnapshot &a, const SchemaSnapshot &b, const DiffOptions &options)
{
    return schema_diff::Differ(a, b, options).run();
}

} // namespace retort