#include "schema/SchemaDiff.h"

#include "schema/SchemaJson.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace retort {

namespace {

QString ticked(const QString &name)
{
    return u'`' + name + u'`';
}

QString orNone(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("(none)") : text;
}

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

class Differ {
public:
    Differ(const SchemaSnapshot &a, const SchemaSnapshot &b, const DiffOptions &options)
        : m_a(a), m_b(b), m_opt(options)
    {
        const QString driver = a.driver.isEmpty() ? b.driver : a.driver;
        m_pg = driver == u"postgresql";
        m_mysql = driver == u"mysql";
        m_oneSchema = schemasOf(a).size() <= 1 && schemasOf(b).size() <= 1;
    }

    SchemaDiff run();

private:
    static QStringList schemasOf(const SchemaSnapshot &s)
    {
        QStringList out = s.schemas;
        for (const SchemaRelation &r : s.relations)
            if (!out.contains(r.schema))
                out.append(r.schema);
        return out;
    }
    // How objects are matched: by name alone when each side has one schema.
    QString key(const QString &schema, const QString &name) const
    {
        return m_oneSchema ? name : schema + u'.' + name;
    }
    QString shown(const QString &schema, const QString &name) const
    {
        return m_oneSchema || schema == u"public" || schema == u"main" || schema.isEmpty()
                   ? name
                   : schema + u'.' + name;
    }
    bool ignored(const QString &schema, const QString &name) const
    {
        return m_opt.ignoreTables.contains(name) ||
               m_opt.ignoreTables.contains(schema + u'.' + name);
    }
    bool generatedName(const QString &name) const
    {
        static const QRegularExpression pg(
            QStringLiteral("_(pkey|key|check|fkey|idx|excl)[0-9]*$"));
        static const QRegularExpression mysql(
            QStringLiteral("(_ibfk_[0-9]+|_chk_[0-9]+|^CONSTRAINT_[0-9]+)$"));
        static const QRegularExpression sqlite(QStringLiteral("^sqlite_autoindex_"));
        return name.isEmpty() || (m_pg && pg.match(name).hasMatch()) ||
               (m_mysql && mysql.match(name).hasMatch()) || sqlite.match(name).hasMatch();
    }
    // Two expressions (defaults, checks) are the same: as text, or as parse trees (PostgreSQL).
    bool sameExpression(const QString &x, const QString &y) const
    {
        if (x == y)
            return true;
        if (m_pg)
            return pgCanonical(x, true) == pgCanonical(y, true);
        return x.simplified() == y.simplified();
    }
    bool sameStatement(const QString &x, const QString &y) const
    {
        if (x == y)
            return true;
        if (m_pg)
            return pgCanonical(x, false) == pgCanonical(y, false);
        return x.simplified() == y.simplified();
    }
    QString columnDefault(const SchemaSnapshot &s, const SchemaRelation &r,
                          const SchemaColumn &c) const;
    QString columnShape(const SchemaSnapshot &s, const SchemaRelation &r,
                        const SchemaColumn &c) const;

    void add(ChangeKind change, const QString &objectKind, const QString &object,
             const QString &name, QString summary, const QString &attribute = {},
             const QString &before = {}, const QString &after = {})
    {
        m_out.push_back(
            {change, objectKind, object, name, attribute, before, after, std::move(summary)});
    }
    void changed(const QString &objectKind, const QString &object, const QString &name,
                 const QString &label, const QString &attribute, const QString &before,
                 const QString &after)
    {
        add(ChangeKind::Changed, objectKind, object, name,
            QStringLiteral("alters %1%2 %3 %4 → %5")
                .arg(objectKind == u"column" ? QString() : objectKind + u' ', ticked(label),
                     attribute, orNone(before), orNone(after)),
            attribute, before, after);
    }

    void compareRelation(const SchemaRelation &ra, const SchemaRelation &rb);
    void compareColumns(const SchemaRelation &ra, const SchemaRelation &rb, const QString &object,
                        const QString &table);
    void comparePrimaryKey(const SchemaRelation &ra, const SchemaRelation &rb,
                           const QString &object, const QString &table);
    void compareIndexes(const SchemaRelation &ra, const SchemaRelation &rb, const QString &object,
                        const QString &table);
    void compareKeys(const SchemaRelation &ra, const SchemaRelation &rb, const QString &object,
                     const QString &table);
    void compareChecks(const std::vector<SchemaCheck> &ca, const std::vector<SchemaCheck> &cb,
                       const QString &object, const QString &owner);
    void compareTriggers(const SchemaRelation &ra, const SchemaRelation &rb, const QString &object,
                         const QString &table);
    void compareSequences();
    void compareTypes();
    QString relationSummary(const SchemaRelation &r) const;

    // Items of one kind on each side, matched: same name (and same thing, or a changed
    // definition), then same thing under another name, then added and removed.
    struct Item {
        QString name;
        QString raw;   // compared first, as is
        QString shown; // for people
        QString objectKind;
    };
    template <typename Canon>
    void matchItems(const std::vector<Item> &ia, const std::vector<Item> &ib, const QString &object,
                    const QString &owner, Canon canon);

    const SchemaSnapshot &m_a;
    const SchemaSnapshot &m_b;
    const DiffOptions &m_opt;
    bool m_pg = false;
    bool m_mysql = false;
    bool m_oneSchema = false;
    std::vector<SchemaChange> m_out;
};

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

template <typename Canon>
void Differ::matchItems(const std::vector<Item> &ia, const std::vector<Item> &ib,
                        const QString &object, const QString &owner, Canon canon)
{
    std::vector<bool> usedA(ia.size()), usedB(ib.size());
    auto label = [&](const Item &i) {
        return i.name.isEmpty() ? owner + QStringLiteral(" (unnamed)") : owner + u'.' + i.name;
    };
    for (size_t i = 0; i < ia.size(); ++i) {
        if (ia[i].name.isEmpty())
            continue;
        for (size_t j = 0; j < ib.size(); ++j) {
            if (usedB[j] || ib[j].name != ia[i].name)
                continue;
            usedA[i] = usedB[j] = true;
            if (ia[i].raw != ib[j].raw && canon(ia[i]) != canon(ib[j]))
                changed(ia[i].objectKind, object, ia[i].name, label(ia[i]),
                        QStringLiteral("definition"), ia[i].shown, ib[j].shown);
            break;
        }
    }
    for (size_t i = 0; i < ia.size(); ++i) {
        if (usedA[i])
            continue;
        const QString ca = canon(ia[i]);
        for (size_t j = 0; j < ib.size(); ++j) {
            if (usedB[j] || ib[j].objectKind != ia[i].objectKind ||
                (ia[i].raw != ib[j].raw && ca != canon(ib[j])))
                continue;
            usedA[i] = usedB[j] = true;
            if (!generatedName(ia[i].name) && !generatedName(ib[j].name))
                add(ChangeKind::Changed, ia[i].objectKind, object, ia[i].name,
                    QStringLiteral("renames %1 %2 → %3")
                        .arg(ia[i].objectKind, ticked(label(ia[i])), ticked(ib[j].name)),
                    QStringLiteral("name"), ia[i].name, ib[j].name);
            break;
        }
    }
    for (size_t i = 0; i < ia.size(); ++i)
        if (!usedA[i])
            add(ChangeKind::Removed, ia[i].objectKind, object, ia[i].name,
                QStringLiteral("drops %1 %2 (%3)")
                    .arg(ia[i].objectKind, ticked(label(ia[i])), ia[i].shown));
    for (size_t j = 0; j < ib.size(); ++j)
        if (!usedB[j])
            add(ChangeKind::Added, ib[j].objectKind, object, ib[j].name,
                QStringLiteral("adds %1 %2 (%3)")
                    .arg(ib[j].objectKind, ticked(label(ib[j])), ib[j].shown));
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

void Differ::compareIndexes(const SchemaRelation &ra, const SchemaRelation &rb,
                            const QString &object, const QString &table)
{
    auto items = [&](const SchemaRelation &r) {
        std::vector<Item> out;
        for (const SchemaIndex &i : r.indexes) {
            if (i.primary || i.origin == u"pk")
                continue; // the primary key is compared by its columns
            const bool constraint = i.constraint == u"unique" || i.origin == u"u";
            const QString what = QStringList{i.unique ? QStringLiteral("unique") : QString(),
                                             i.method.toLower(), i.columns.join(u',')}
                                     .join(u' ');
            out.push_back(
                {i.name, i.definition.isEmpty() ? what : i.definition,
                 i.definition.isEmpty() ? what : i.definition.simplified(),
                 constraint ? QStringLiteral("unique constraint") : QStringLiteral("index")});
        }
        return out;
    };
    static const QRegularExpression named(
        QStringLiteral("^(CREATE (UNIQUE )?INDEX (IF NOT EXISTS )?)(\"[^\"]+\"|`[^`]+`|\\S+)"),
        QRegularExpression::CaseInsensitiveOption);
    matchItems(items(ra), items(rb), object, table, [&](const Item &i) {
        QString text = i.raw;
        text.replace(named, QStringLiteral("\\1x")); // what it does, not what it is called
        return m_pg ? pgCanonical(text, false) : text.simplified();
    });
}

void Differ::compareKeys(const SchemaRelation &ra, const SchemaRelation &rb, const QString &object,
                         const QString &table)
{
    auto action = [&](const QString &a) {
        return a.isEmpty() || a == u"RESTRICT" || a == u"NO ACTION" ? QStringLiteral("NO ACTION")
                                                                    : a;
    };
    auto items = [&](const SchemaRelation &r) {
        std::vector<Item> out;
        for (const SchemaForeignKey &k : r.foreignKeys) {
            const QString refSchema =
                m_oneSchema || k.refSchema.isEmpty() || k.refSchema == r.schema ? QString()
                                                                                : k.refSchema;
            QString text =
                QStringLiteral("(%1) REFERENCES %2(%3) ON DELETE %4 ON UPDATE %5")
                    .arg(k.columns.join(QStringLiteral(", ")), shown(refSchema, k.refTable),
                         k.refColumns.join(QStringLiteral(", ")), action(k.onDelete),
                         action(k.onUpdate));
            if (k.deferrable)
                text += k.initiallyDeferred ? QStringLiteral(" DEFERRABLE INITIALLY DEFERRED")
                                            : QStringLiteral(" DEFERRABLE");
            out.push_back({k.name, text, text, QStringLiteral("foreign key")});
        }
        return out;
    };
    matchItems(items(ra), items(rb), object, table, [](const Item &i) { return i.raw; });
}

void Differ::compareChecks(const std::vector<SchemaCheck> &ca, const std::vector<SchemaCheck> &cb,
                           const QString &object, const QString &owner)
{
    auto items = [](const std::vector<SchemaCheck> &checks) {
        std::vector<Item> out;
        for (const SchemaCheck &c : checks)
            out.push_back({c.name, c.definition, c.definition, QStringLiteral("check")});
        return out;
    };
    static const QRegularExpression wrapper(QStringLiteral("^\\s*CHECK\\s*|\\s*NOT VALID\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    matchItems(items(ca), items(cb), object, owner, [&](const Item &i) {
        const QString expression = QString(i.raw).remove(wrapper);
        return m_pg ? pgCanonical(expression, true) : expression.simplified();
    });
}

void Differ::compareTriggers(const SchemaRelation &ra, const SchemaRelation &rb,
                             const QString &object, const QString &table)
{
    auto items = [](const SchemaRelation &r) {
        std::vector<Item> out;
        for (const SchemaTrigger &t : r.triggers)
            out.push_back(
                {t.name, t.definition, t.definition.simplified(), QStringLiteral("trigger")});
        return out;
    };
    matchItems(items(ra), items(rb), object, table, [&](const Item &i) {
        return m_pg ? pgCanonical(i.raw, false) : i.raw.simplified();
    });
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

} // namespace

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
    return Differ(a, b, options).run();
}

} // namespace retort
