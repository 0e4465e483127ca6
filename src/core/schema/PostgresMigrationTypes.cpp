// PostgreSQL SQL for SchemaMigration.h, types and sequences (PostgresMigrationDetail.h): enum
// and domain types created, altered or created again (an enum losing or reordering values: the
// old one renamed, the new one created, its columns converted through text, the old dropped),
// sequences created, altered, renamed with their renamed column, and dropped.

#include "schema/PostgresMigrationDetail.h"

#include "schema/PostgresDdl.h"
#include "schema/PostgresInspector.h"

namespace retort::schema_migration::pg {

namespace {

QString typeKeyword(const SchemaType &t)
{
    return t.kind == u"domain" ? QStringLiteral("DOMAIN") : QStringLiteral("TYPE");
}

} // namespace

bool usesType(const QString &columnType, const SchemaType &t)
{
    QString base = columnType.trimmed();
    while (base.endsWith(QStringLiteral("[]")))
        base.chop(2);
    return base == pgQuoteIdent(t.name) || base == detail::pgQualified(t.schema, t.name);
}

bool isSubsequence(const QStringList &small, const QStringList &big)
{
    qsizetype j = 0;
    for (const QString &s : small) {
        while (j < big.size() && big[j] != s)
            ++j;
        if (j == big.size())
            return false;
        ++j;
    }
    return true;
}

void Writer::writeTypes()
{
    auto find = [&](const SchemaSnapshot &s, const SchemaType &t) -> const SchemaType * {
        for (const SchemaType &o : s.types)
            if (key(o.schema, o.name) == key(t.schema, t.name))
                return &o;
        return nullptr;
    };
    // New types: enums first (a domain may be over one).
    for (const bool enums : {true, false})
        for (const SchemaType &t : m_in.to.types)
            if ((t.kind == u"enum") == enums && !find(m_in.from, t))
                m_b.addAll(detail::pgTypeDdl(t));
    for (const SchemaType &ta : m_in.from.types) {
        const SchemaType *tb = find(m_in.to, ta);
        if (!tb)
            continue;
        const QString object = ta.schema + u'.' + ta.name;
        const QString self = detail::pgQualified(ta.schema, ta.name);
        if (m_recreatedTypes.contains(object)) {
            QString why;
            if (ta.kind != tb->kind || ta.baseType != tb->baseType || ta.collation != tb->collation)
                why =
                    QStringLiteral("type %1 changes its kind, base type or collation, which ALTER "
                                   "cannot do: it is created again and its columns converted "
                                   "through text; check that every value converts")
                        .arg(object);
            else
                why = QStringLiteral("enum %1 loses or reorders values (%2 → %3): it is created "
                                     "again and its columns converted through text; rows holding "
                                     "a removed value make the conversion fail")
                          .arg(object, ta.labels.join(QStringLiteral(", ")),
                               tb->labels.join(QStringLiteral(", ")));
            recreateType(ta, *tb, why);
            continue;
        }
        for (const SchemaChange *c : m_in.changesOf(object)) {
            const QString &a = c->attribute;
            if (c->objectKind == u"type" && a == u"values") {
                for (qsizetype i = 0; i < tb->labels.size(); ++i) {
                    const QString &label = tb->labels[i];
                    if (ta.labels.contains(label))
                        continue;
                    QString where;
                    if (i > 0)
                        where = QStringLiteral(" AFTER ") + pgQuoteLiteral(tb->labels[i - 1]);
                    else if (!ta.labels.isEmpty())
                        where = QStringLiteral(" BEFORE ") + pgQuoteLiteral(ta.labels.first());
                    m_b.add(QStringLiteral("ALTER TYPE %1 ADD VALUE %2%3")
                                .arg(self, pgQuoteLiteral(label), where));
                    m_addedLabels.append(pgQuoteLiteral(label));
                }
            } else if (c->objectKind == u"type" && a == u"not null") {
                if (tb->notNull)
                    m_b.review(QStringLiteral("domain %1 becomes NOT NULL: fails if a column of "
                                              "that type holds NULL")
                                   .arg(object));
                m_b.add(
                    QStringLiteral("ALTER DOMAIN %1 %2 NOT NULL")
                        .arg(self, tb->notNull ? QStringLiteral("SET") : QStringLiteral("DROP")));
            } else if (c->objectKind == u"type" && a == u"default") {
                m_b.add(tb->defaultValue
                            ? QStringLiteral("ALTER DOMAIN %1 SET DEFAULT %2")
                                  .arg(self, *tb->defaultValue)
                            : QStringLiteral("ALTER DOMAIN %1 DROP DEFAULT").arg(self));
            } else if (c->objectKind == u"type" && a == u"comment") {
                m_b.add(QStringLiteral("COMMENT ON %1 %2 IS %3")
                            .arg(typeKeyword(*tb), self,
                                 tb->comment.isEmpty() ? QStringLiteral("NULL")
                                                       : pgQuoteLiteral(tb->comment)));
            } else if (c->objectKind == u"check") {
                if (c->change == ChangeKind::Changed && a == u"name") {
                    m_b.add(QStringLiteral("ALTER DOMAIN %1 RENAME CONSTRAINT %2 TO %3")
                                .arg(self, pgQuoteIdent(c->before), pgQuoteIdent(c->after)));
                    continue;
                }
                if (c->change != ChangeKind::Added)
                    m_b.add(QStringLiteral("ALTER DOMAIN %1 DROP CONSTRAINT %2")
                                .arg(self, pgQuoteIdent(c->name)));
                if (c->change == ChangeKind::Removed)
                    continue;
                if (const SchemaCheck *k = check(tb->checks, c->name))
                    m_b.add(QStringLiteral("ALTER DOMAIN %1 ADD CONSTRAINT %2 %3")
                                .arg(self, pgQuoteIdent(k->name), checkClause(*k)));
            }
        }
    }
}

void Writer::recreateType(const SchemaType &ta, const SchemaType &tb, const QString &why)
{
    const QString self = detail::pgQualified(ta.schema, ta.name);
    const QString oldName = (ta.name + QStringLiteral("_old")).left(63);
    // The columns of the tables that stay, with their defaults (which name the old type).
    std::vector<std::pair<const SchemaRelation *, const SchemaColumn *>> columns;
    for (const SchemaRelation &r : m_in.from.relations) {
        const Plan *p = m_byFrom.value(&r);
        if (!isTable(r) || (p && p->mode != Mode::Alter) || !r.partitionOf.isEmpty())
            continue;
        for (const SchemaColumn &c : r.columns)
            if (usesType(c.type, ta))
                columns.emplace_back(&r, &c);
    }
    // Checks and index predicates that name the type name the old one once it is renamed, and
    // would stop the conversion ("operator does not exist: t = t_old"): out of the way first,
    // back (as they were) after. Those the diff changes are gone already and come back later.
    std::vector<std::pair<const SchemaRelation *, const SchemaCheck *>> checks;
    std::vector<std::pair<const SchemaRelation *, const SchemaIndex *>> indexes;
    for (const SchemaRelation &r : m_in.from.relations) {
        if (std::none_of(columns.begin(), columns.end(),
                         [&](const auto &rc) { return rc.first == &r; }))
            continue;
        QSet<QString> handled;
        if (const Plan *p = m_byFrom.value(&r))
            for (const SchemaChange *c : p->changes)
                if (c->change == ChangeKind::Removed ||
                    (c->change == ChangeKind::Changed && c->attribute != u"name"))
                    handled.insert(c->name);
        for (const SchemaCheck &k : r.checks)
            if (!handled.contains(k.name) && mentions(k.definition, ta.name))
                checks.emplace_back(&r, &k);
        for (const SchemaIndex &i : r.indexes)
            if (!handled.contains(i.name) && i.constraint.isEmpty() && !i.definition.isEmpty() &&
                mentions(i.definition, ta.name))
                indexes.emplace_back(&r, &i);
    }
    m_b.review(why);
    for (const SchemaType &d : m_in.from.types)
        if (d.kind == u"domain" && usesType(d.baseType, ta))
            m_b.review(QStringLiteral("domain %1 is over %2, which this does not carry over: "
                                      "the old type cannot be dropped until the domain is "
                                      "recreated over the new one by hand")
                           .arg(d.schema + u'.' + d.name, ta.schema + u'.' + ta.name));
    for (const auto &[r, k] : checks)
        m_b.add(QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2")
                    .arg(qualified(*r), pgQuoteIdent(k->name)));
    for (const auto &[r, i] : indexes)
        m_b.add(QStringLiteral("DROP INDEX ") + detail::pgQualified(r->schema, i->name));
    for (const auto &[r, c] : columns)
        if (c->defaultValue && c->generated.isEmpty())
            m_b.add(QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 DROP DEFAULT")
                        .arg(qualified(*r), pgQuoteIdent(c->name)));
    m_b.add(QStringLiteral("ALTER %1 %2 RENAME TO %3")
                .arg(typeKeyword(ta), self, pgQuoteIdent(oldName)));
    m_b.addAll(detail::pgTypeDdl(tb));
    for (const auto &[r, c] : columns) {
        QString viaText = QStringLiteral("text");
        for (QString t = c->type; t.endsWith(QStringLiteral("[]")); t.chop(2))
            viaText += QStringLiteral("[]");
        const QString name = pgQuoteIdent(c->name);
        m_b.add(QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 TYPE %3 USING %2::%4::%3")
                    .arg(qualified(*r), name, c->type, viaText));
    }
    for (const auto &[r, c] : columns) {
        const SchemaRelation *to = counterpartInTo(*r);
        const Plan *p = m_byFrom.value(r);
        const QString toName = p ? p->columnRenames.value(c->name, c->name) : c->name;
        const SchemaColumn *tc = column(to, toName);
        if (tc && tc->defaultValue && tc->generated.isEmpty() && usesType(tc->type, tb) &&
            c->type == tc->type)
            m_b.add(QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 SET DEFAULT %3")
                        .arg(qualified(*r), pgQuoteIdent(c->name), *tc->defaultValue));
    }
    for (const auto &[r, k] : checks)
        m_b.add(QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3")
                    .arg(qualified(*r), pgQuoteIdent(k->name), checkClause(*k)));
    for (const auto &[r, i] : indexes)
        m_b.add(
            QString(i->definition).replace(QStringLiteral(" ON ONLY "), QStringLiteral(" ON ")));
    m_b.add(
        QStringLiteral("DROP %1 %2").arg(typeKeyword(ta), detail::pgQualified(ta.schema, oldName)));
}

void Writer::writeSequences()
{
    // The column (in `to`) a sequence belongs to.
    auto ownerColumn = [&](const SchemaSequence &s) -> const SchemaColumn * {
        for (const SchemaRelation &r : m_in.to.relations)
            for (const SchemaColumn &c : r.columns)
                if (ownedByText(r, c) == s.ownedBy)
                    return &c;
        return nullptr;
    };
    auto findIn = [&](const SchemaSnapshot &s, const QString &object) -> const SchemaSequence * {
        for (const SchemaSequence &q : s.sequences)
            if (q.schema + u'.' + q.name == object)
                return &q;
        return nullptr;
    };
    auto alter = [&](const SchemaSequence &a, const SchemaSequence &b, const QString &name) {
        QStringList parts;
        if (a.type != b.type)
            parts << QStringLiteral("AS ") + b.type;
        if (a.start != b.start)
            parts << QStringLiteral("START WITH %1").arg(b.start);
        if (a.increment != b.increment)
            parts << QStringLiteral("INCREMENT BY %1").arg(b.increment);
        if (a.minValue != b.minValue || a.type != b.type)
            parts << QStringLiteral("MINVALUE %1").arg(b.minValue);
        if (a.maxValue != b.maxValue || a.type != b.type)
            parts << QStringLiteral("MAXVALUE %1").arg(b.maxValue);
        if (a.cache != b.cache)
            parts << QStringLiteral("CACHE %1").arg(b.cache);
        if (a.cycle != b.cycle)
            parts << (b.cycle ? QStringLiteral("CYCLE") : QStringLiteral("NO CYCLE"));
        if (!parts.isEmpty())
            m_b.add(QStringLiteral("ALTER SEQUENCE %1 %2")
                        .arg(detail::pgQualified(a.schema, name), parts.join(u' ')));
    };
    // Where a table or column is renamed, its old serial sequence is the new one's: renamed.
    auto ownedAfterRenames = [&](const SchemaSequence &s) -> QString {
        for (const Plan &p : m_plans) {
            if (p.mode != Mode::Alter || !isTable(*p.from))
                continue;
            for (const SchemaColumn &c : p.from->columns)
                if (ownedByText(*p.from, c) == s.ownedBy)
                    if (const SchemaColumn *tc =
                            column(p.to, p.columnRenames.value(c.name, c.name)))
                        return ownedByText(*p.to, *tc);
        }
        return {};
    };
    QSet<QString> paired; // objects handled by a rename
    for (const SchemaChange &c : m_in.diff.changes) {
        if (c.objectKind != u"sequence" || c.change != ChangeKind::Removed)
            continue;
        const SchemaSequence *a = findIn(m_in.from, c.object);
        if (!a || a->ownedBy.isEmpty())
            continue;
        const QString owned = ownedAfterRenames(*a);
        const SchemaSequence *b = owned.isEmpty() ? nullptr : sequenceOwnedBy(m_in.to, owned);
        if (!b || paired.contains(b->schema + u'.' + b->name))
            continue;
        paired << c.object << b->schema + u'.' + b->name;
        if (a->name != b->name)
            m_b.add(QStringLiteral("ALTER SEQUENCE %1 RENAME TO %2")
                        .arg(detail::pgQualified(a->schema, a->name), pgQuoteIdent(b->name)));
        alter(*a, *b, b->name);
    }
    auto create = [&](const SchemaSequence &s) {
        if (m_createdSequences.contains(s.schema + u'.' + s.name))
            return;
        m_createdSequences.insert(s.schema + u'.' + s.name);
        SchemaSequence bare = s;
        bare.ownedBy.clear();
        m_b.addAll(detail::pgSequenceDdl(bare, false));
        if (!s.ownedBy.isEmpty())
            m_ownedBy.append(QStringLiteral("ALTER SEQUENCE %1 OWNED BY %2")
                                 .arg(detail::pgQualified(s.schema, s.name), s.ownedBy));
    };
    for (const SchemaChange &c : m_in.diff.changes) {
        if (c.objectKind != u"sequence" || paired.contains(c.object))
            continue;
        if (c.change == ChangeKind::Added) {
            const SchemaSequence *s = findIn(m_in.to, c.object);
            const SchemaColumn *owner = s ? ownerColumn(*s) : nullptr;
            if (s && !(owner && !owner->identity.isEmpty()))
                create(*s); // an identity column makes its own
        } else if (c.change == ChangeKind::Changed) {
            const SchemaSequence *a = findIn(m_in.from, c.object);
            if (!a || m_alteredSequences.contains(c.object))
                continue;
            m_alteredSequences.insert(c.object);
            // A sequence of a table created again is created with it.
            bool goes = false;
            for (const Plan &p : m_plans)
                if (p.from && p.mode != Mode::Alter && isTable(*p.from))
                    for (const SchemaColumn &col : p.from->columns)
                        goes = goes || ownedByText(*p.from, col) == a->ownedBy;
            if (goes)
                continue;
            const SchemaSequence *b = nullptr;
            if (a->ownedBy.isEmpty()) {
                for (const SchemaSequence &q : m_in.to.sequences)
                    if (q.ownedBy.isEmpty() && key(q.schema, q.name) == key(a->schema, a->name))
                        b = &q;
            } else {
                const QString owned = ownedAfterRenames(*a);
                b = sequenceOwnedBy(m_in.to, owned.isEmpty() ? a->ownedBy : owned);
            }
            if (b)
                alter(*a, *b, a->name);
        }
    }
    m_pairedSequences = paired;
    // The serial sequences of tables created again: dropped with them, so made again.
    for (const Plan &p : m_plans) {
        if (p.mode != Mode::Recreate || !isTable(*p.to))
            continue;
        for (const SchemaColumn &c : p.to->columns)
            if (const SchemaSequence *s = sequenceOwnedBy(m_in.to, ownedByText(*p.to, c));
                s && c.identity.isEmpty())
                create(*s);
    }
}

void Writer::dropSequencesAndTypes()
{
    for (const SchemaChange &c : m_in.diff.changes) {
        if (c.objectKind != u"sequence" || c.change != ChangeKind::Removed ||
            m_pairedSequences.contains(c.object))
            continue;
        for (const SchemaSequence &s : m_in.from.sequences)
            if (s.schema + u'.' + s.name == c.object)
                // An owned one may have gone with its column or table.
                m_b.add(QStringLiteral("DROP SEQUENCE %1%2")
                            .arg(s.ownedBy.isEmpty() ? QString() : QStringLiteral("IF EXISTS "),
                                 detail::pgQualified(s.schema, s.name)));
    }
    for (const bool domains : {true, false})
        for (const SchemaChange &c : m_in.diff.changes) {
            if (c.objectKind != u"type" || c.change != ChangeKind::Removed)
                continue;
            for (const SchemaType &t : m_in.from.types)
                if (t.schema + u'.' + t.name == c.object && (t.kind == u"domain") == domains)
                    m_b.add(QStringLiteral("DROP %1 %2")
                                .arg(typeKeyword(t), detail::pgQualified(t.schema, t.name)));
        }
}

} // namespace retort::schema_migration::pg
