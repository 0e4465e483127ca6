// PostgreSQL SQL for SchemaMigration.h, a table's own part (PostgresMigrationDetail.h): CREATE
// TABLE, its columns' ALTERs, and its keys, constraints, indexes and triggers. What a partitioned
// parent's statement already does to its partitions (indexes, triggers, checks, keys, columns)
// is not written again for them.

#include "schema/PostgresMigrationDetail.h"

#include "schema/PostgresDdl.h"
#include "schema/PostgresInspector.h"

#include <QRegularExpression>

namespace retort::schema_migration::pg {

namespace {

QString literalOrNull(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("NULL") : pgQuoteLiteral(text);
}

// The integer bounds of a sequence type; 0 when unknown.
qint64 typeMax(const QString &type)
{
    if (type == u"smallint")
        return 32767;
    if (type == u"integer")
        return 2147483647;
    if (type == u"bigint")
        return 9223372036854775807LL;
    return 0;
}

// A type change that keeps every value: a wider integer, a longer varchar, text, a numeric
// with room for as many digits before and after the point.
bool widens(const QString &fromType, const QString &toType)
{
    const QString a = fromType.toLower().simplified(), b = toType.toLower().simplified();
    static const QStringList ints{QStringLiteral("smallint"), QStringLiteral("integer"),
                                  QStringLiteral("bigint")};
    if (ints.contains(a) && ints.contains(b))
        return ints.indexOf(a) <= ints.indexOf(b);
    if (ints.contains(a) && (b == u"numeric" || b == u"double precision"))
        return true;
    if (b == u"text")
        return true;
    static const QRegularExpression varchar(
        QStringLiteral("^(character varying|character|varchar)\\((\\d+)\\)$"));
    const auto va = varchar.match(a), vb = varchar.match(b);
    if (va.hasMatch() && b == u"character varying")
        return true;
    if (va.hasMatch() && vb.hasMatch() && vb.captured(1) == u"character varying")
        return vb.captured(2).toInt() >= va.captured(2).toInt();
    static const QRegularExpression numeric(QStringLiteral("^numeric\\((\\d+),(\\d+)\\)$"));
    const auto na = numeric.match(a), nb = numeric.match(b);
    if (na.hasMatch() && b == u"numeric")
        return true;
    if (na.hasMatch() && nb.hasMatch()) {
        const int pa = na.captured(1).toInt(), sa = na.captured(2).toInt();
        const int pb = nb.captured(1).toInt(), sb = nb.captured(2).toInt();
        return sb >= sa && pb - sb >= pa - sa;
    }
    return false;
}

// The family of a built-in type, for casts: "number", "string", "time", "boolean", else itself.
QString typeFamily(const QString &type)
{
    const QString t = type.toLower().simplified();
    static const QRegularExpression number(
        QStringLiteral("^(smallint|integer|bigint|numeric|real|double precision)\\b"));
    static const QRegularExpression string(QStringLiteral("^(text|character|varchar|char)\\b"));
    static const QRegularExpression time(QStringLiteral("^(date|timestamp)\\b"));
    if (number.match(t).hasMatch())
        return QStringLiteral("number");
    if (string.match(t).hasMatch())
        return QStringLiteral("string");
    if (time.match(t).hasMatch())
        return QStringLiteral("time");
    return t;
}

// `value::to` works for a value of type `from`: within a family, or to or from a string (every
// type has text input and output). Else the conversion goes through text.
bool castsDirectly(const QString &from, const QString &to)
{
    const QString a = typeFamily(from), b = typeFamily(to);
    return a == b || a == u"string" || b == u"string" || (a == u"boolean" && b == u"number") ||
           (a == u"number" && b == u"boolean");
}

QString createIndexText(const SchemaIndex &i, bool ifNotExists)
{
    QString text =
        QString(i.definition).replace(QStringLiteral(" ON ONLY "), QStringLiteral(" ON "));
    if (ifNotExists) {
        static const QRegularExpression head(QStringLiteral("^(CREATE (UNIQUE )?INDEX) "));
        text.replace(head, QStringLiteral("\\1 IF NOT EXISTS "));
    }
    return text;
}

// "CONSTRAINT t_pkey PRIMARY KEY (a, b)"; "" when `r` has none.
QString primaryKeyClause(const SchemaRelation &r)
{
    const QStringList columns = Writer::primaryKeyColumns(r);
    if (columns.isEmpty())
        return {};
    QStringList names;
    for (const QString &c : columns)
        names.append(pgQuoteIdent(c));
    const QString name = Writer::primaryKeyName(r);
    return (name.isEmpty() ? QString()
                           : QStringLiteral("CONSTRAINT ") + pgQuoteIdent(name) + u' ') +
           QStringLiteral("PRIMARY KEY (%1)").arg(names.join(QStringLiteral(", ")));
}

} // namespace

const SchemaRelation *Writer::parentOf(const SchemaSnapshot &s, const SchemaRelation &r) const
{
    return r.partitionOf.isEmpty() ? nullptr : byShownName(s, r.partitionOf);
}

// What a partitioned parent's own object makes on its partition: a trigger or check of the same
// name, a primary key, a constraint or index of the same kind on the same columns (a partition's
// own index just like its parent's is taken for the parent's).
bool Writer::inheritedFromParent(const SchemaSnapshot &s, const SchemaRelation &r,
                                 const QString &objectKind, const QString &name) const
{
    const SchemaRelation *parent = parentOf(s, r);
    if (!parent)
        return false;
    if (objectKind == u"trigger")
        return trigger(parent, name) != nullptr;
    if (objectKind == u"check")
        return check(parent->checks, name) != nullptr;
    if (objectKind == u"primary key")
        return std::any_of(parent->indexes.begin(), parent->indexes.end(),
                           [](const SchemaIndex &i) { return i.primary; });
    if (objectKind == u"unique constraint" || objectKind == u"index") {
        const SchemaIndex *own = index(&r, name);
        if (!own)
            return false;
        for (const SchemaIndex &i : parent->indexes)
            if (i.constraint == own->constraint && i.columns == own->columns &&
                i.unique == own->unique && i.method == own->method && i.partial == own->partial)
                return true;
    }
    return false;
}

QString Writer::checkClause(const SchemaCheck &c) const
{
    QString text = c.definition.trimmed();
    if (!text.startsWith(QStringLiteral("CHECK"), Qt::CaseInsensitive))
        text = QStringLiteral("CHECK (%1)").arg(text);
    if (!c.validated && !text.endsWith(QStringLiteral(" NOT VALID")))
        text += QStringLiteral(" NOT VALID");
    return text;
}

QString Writer::foreignKeyClause(const SchemaForeignKey &k) const
{
    QString text = k.definition.trimmed();
    if (text.isEmpty()) {
        auto names = [](const QStringList &list) {
            QStringList out;
            for (const QString &n : list)
                out.append(pgQuoteIdent(n));
            return out.join(QStringLiteral(", "));
        };
        text = QStringLiteral("FOREIGN KEY (%1) REFERENCES %2")
                   .arg(names(k.columns), k.refSchema.isEmpty()
                                              ? pgQuoteIdent(k.refTable)
                                              : detail::pgQualified(k.refSchema, k.refTable));
        if (!k.refColumns.isEmpty())
            text += u'(' + names(k.refColumns) + u')';
        if (!k.onUpdate.isEmpty() && k.onUpdate != u"NO ACTION")
            text += QStringLiteral(" ON UPDATE ") + k.onUpdate;
        if (!k.onDelete.isEmpty() && k.onDelete != u"NO ACTION")
            text += QStringLiteral(" ON DELETE ") + k.onDelete;
        if (k.deferrable)
            text += k.initiallyDeferred ? QStringLiteral(" DEFERRABLE INITIALLY DEFERRED")
                                        : QStringLiteral(" DEFERRABLE");
    }
    if (!k.validated && !text.endsWith(QStringLiteral(" NOT VALID")))
        text += QStringLiteral(" NOT VALID");
    return text;
}

// A unique or exclusion constraint's text as pg_get_constraintdef printed it into the table's
// DDL; else a unique constraint on the index's columns.
QString Writer::constraintText(const SchemaRelation &r, const SchemaIndex &i) const
{
    const QString marker = QStringLiteral("CONSTRAINT ") + pgQuoteIdent(i.name) + u' ';
    for (const QString &line : r.ddl.split(u'\n')) {
        const qsizetype at = line.indexOf(marker);
        if (at < 0)
            continue;
        QString text = line.mid(at + marker.size()).trimmed();
        while (text.endsWith(u',') || text.endsWith(u';'))
            text.chop(1);
        return text;
    }
    if (i.constraint != u"unique")
        return {};
    QStringList names;
    for (const QString &c : i.columns)
        names.append(pgQuoteIdent(c));
    return QStringLiteral("UNIQUE (%1)").arg(names.join(QStringLiteral(", ")));
}

// Non-default options of an identity column's sequence: " (START WITH 10 INCREMENT BY 5)".
QString Writer::identityOptions(const SchemaRelation &r, const SchemaColumn &c) const
{
    const SchemaSequence *s = sequenceOwnedBy(m_in.to, ownedByText(r, c));
    if (!s)
        return {};
    const qint64 top = typeMax(c.type);
    const bool up = s->increment > 0;
    const qint64 min = up ? 1 : (top ? -top - 1 : s->minValue);
    const qint64 max = up ? (top ? top : s->maxValue) : -1;
    QStringList parts;
    if (s->increment != 1)
        parts << QStringLiteral("INCREMENT BY %1").arg(s->increment);
    if (s->minValue != min)
        parts << QStringLiteral("MINVALUE %1").arg(s->minValue);
    if (s->maxValue != max)
        parts << QStringLiteral("MAXVALUE %1").arg(s->maxValue);
    if (s->start != (up ? s->minValue : s->maxValue))
        parts << QStringLiteral("START WITH %1").arg(s->start);
    if (s->cache != 1)
        parts << QStringLiteral("CACHE %1").arg(s->cache);
    if (s->cycle)
        parts << QStringLiteral("CYCLE");
    return parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(u' '));
}

QString Writer::columnDefinition(const SchemaRelation &r, const SchemaColumn &c) const
{
    QString text = pgQuoteIdent(c.name) + u' ' + c.type;
    if (!c.collation.isEmpty())
        text += QStringLiteral(" COLLATE ") + pgQuoteIdent(c.collation);
    if (!c.generated.isEmpty())
        text += QStringLiteral(" GENERATED ALWAYS AS (%1) STORED")
                    .arg(c.defaultValue.value_or(QString()));
    else if (!c.identity.isEmpty())
        text += QStringLiteral(" GENERATED %1 AS IDENTITY%2")
                    .arg(c.identity.toUpper(), identityOptions(r, c));
    else if (c.defaultValue)
        text += QStringLiteral(" DEFAULT ") + *c.defaultValue;
    if (!c.nullable)
        text += QStringLiteral(" NOT NULL");
    return text;
}

bool Writer::regenerates(const Plan &p, const QString &name) const
{
    const SchemaColumn *ca = column(p.from, name), *cb = column(p.to, name);
    if (!ca || !cb || cb->generated.isEmpty())
        return false; // to a plain column: DROP EXPRESSION keeps the values
    for (const SchemaChange *c : p.changes)
        if (c->objectKind == u"column" && c->name == name &&
            (c->attribute == u"generated" || c->attribute == u"expression"))
            return true;
    return false;
}

void Writer::renameRelation(const Plan &p)
{
    if (!p.renamed)
        return;
    const QString what = p.from->kind == RelationKind::MaterializedView
                             ? QStringLiteral("MATERIALIZED VIEW")
                         : p.from->kind == RelationKind::View ? QStringLiteral("VIEW")
                                                              : QStringLiteral("TABLE");
    if (p.from->name != p.to->name)
        m_b.add(QStringLiteral("ALTER %1 %2 RENAME TO %3")
                    .arg(what, qualified(*p.from), pgQuoteIdent(p.to->name)));
    if (!m_in.oneSchema && p.from->schema != p.to->schema)
        m_b.add(QStringLiteral("ALTER %1 %2 SET SCHEMA %3")
                    .arg(what, detail::pgQualified(p.from->schema, p.to->name),
                         pgQuoteIdent(p.to->schema)));
}

void Writer::dropTableParts(const Plan &p)
{
    const SchemaRelation &r = *p.from;
    const QString self = qualified(r);
    auto dropConstraint = [&](const QString &name) {
        m_b.add(QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(self, pgQuoteIdent(name)));
    };
    for (const SchemaChange *c : p.changes) {
        const bool goes = c->change == ChangeKind::Removed ||
                          (c->change == ChangeKind::Changed && c->attribute != u"name");
        if (!goes || inheritedFromParent(m_in.from, r, c->objectKind, c->name))
            continue;
        if (c->objectKind == u"trigger") {
            m_b.add(QStringLiteral("DROP TRIGGER %1 ON %2").arg(pgQuoteIdent(c->name), self));
        } else if (c->objectKind == u"index") {
            const SchemaIndex *i = index(&r, c->name);
            if (i && !i->constraint.isEmpty())
                dropConstraint(c->name);
            else
                m_b.add(QStringLiteral("DROP INDEX %1%2")
                            .arg(r.partitionOf.isEmpty() ? QString() : QStringLiteral("IF EXISTS "),
                                 detail::pgQualified(r.schema, c->name)));
        } else if (c->objectKind == u"unique constraint" || c->objectKind == u"check") {
            dropConstraint(c->name);
        } else if (c->objectKind == u"primary key") {
            const QString name = primaryKeyName(r);
            dropConstraint(name.isEmpty() ? r.name + QStringLiteral("_pkey") : name);
        }
    }
}

// A partition's new bound: detached and attached again, once its parent has its final columns
// (a detached partition would miss those the parent gains).
void Writer::rebindPartition(const Plan &p)
{
    const SchemaRelation *parent = parentOf(m_in.to, *p.to);
    for (const SchemaChange *c : p.changes)
        if (c->attribute == u"partition bound" && c->name.isEmpty() && parent) {
            m_b.add(QStringLiteral("ALTER TABLE %1 DETACH PARTITION %2")
                        .arg(qualified(*parent), qualified(*p.to)));
            m_b.add(QStringLiteral("ALTER TABLE %1 ATTACH PARTITION %2 %3")
                        .arg(qualified(*parent), qualified(*p.to), p.to->partitionBound));
        }
}

void Writer::createTable(const SchemaRelation &r, const QString &why)
{
    const QString self = qualified(r);
    const SchemaRelation *parent = parentOf(m_in.to, r);
    if (!why.isEmpty())
        m_b.review(why);
    QStringList parts;
    QStringList after; // statements once the table exists
    if (!parent) {
        for (const SchemaColumn &c : r.columns)
            parts.append(columnDefinition(r, c));
        if (const QString key = primaryKeyClause(r); !key.isEmpty())
            parts.append(key);
    }
    for (const SchemaIndex &i : r.indexes) {
        if (i.constraint != u"unique" && i.constraint != u"exclusion")
            continue;
        if (parent && inheritedFromParent(m_in.to, r, QStringLiteral("unique constraint"), i.name))
            continue;
        const QString text = constraintText(r, i);
        if (text.isEmpty())
            m_b.noteOnly(QStringLiteral("cannot write the %1 constraint %2 of %3: its text is "
                                        "unknown")
                             .arg(i.constraint, i.name, self));
        else
            parts.append(QStringLiteral("CONSTRAINT %1 %2").arg(pgQuoteIdent(i.name), text));
    }
    for (const SchemaCheck &c : r.checks) {
        if (parent && check(parent->checks, c.name))
            continue; // the parent's, inherited
        const QString text =
            QStringLiteral("CONSTRAINT %1 %2").arg(pgQuoteIdent(c.name), checkClause(c));
        if (c.validated && !parent)
            parts.append(text);
        else
            after.append(QStringLiteral("ALTER TABLE %1 ADD %2").arg(self, text));
    }
    QString create = QStringLiteral("CREATE TABLE ") + self;
    if (parent)
        create += QStringLiteral(" PARTITION OF ") + qualified(*parent);
    if (!parent || !parts.isEmpty())
        create += QStringLiteral(" (\n    ") + parts.join(QStringLiteral(",\n    ")) +
                  QStringLiteral("\n)");
    if (parent)
        create += u' ' + r.partitionBound;
    if (!r.partitionKey.isEmpty())
        create += QStringLiteral(" PARTITION BY ") + r.partitionKey;
    m_b.add(create);
    for (const QString &s : std::as_const(after))
        m_b.add(s);
    for (const SchemaIndex &i : r.indexes)
        if (i.constraint.isEmpty() && !i.definition.isEmpty() &&
            !(parent && inheritedFromParent(m_in.to, r, QStringLiteral("index"), i.name)))
            m_b.add(createIndexText(i, parent != nullptr));
    for (const SchemaTrigger &t : r.triggers)
        if (!parent || !trigger(parent, t.name))
            m_b.add(t.definition);
    if (!r.comment.isEmpty())
        m_b.add(QStringLiteral("COMMENT ON TABLE %1 IS %2").arg(self, pgQuoteLiteral(r.comment)));
    for (const SchemaColumn &c : r.columns)
        if (!c.comment.isEmpty())
            m_b.add(QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3")
                        .arg(self, pgQuoteIdent(c.name), pgQuoteLiteral(c.comment)));
}

void Writer::alterColumns(const Plan &p)
{
    const SchemaRelation &ra = *p.from, &rb = *p.to;
    const QString self = qualified(rb); // renamed already
    const QString label = rb.schema + u'.' + rb.name;
    const Plan *parentPlan = nullptr;
    if (const SchemaRelation *parent = parentOf(m_in.to, rb))
        parentPlan = m_byTo.value(parent);
    // A partition follows its parent's column changes: only its own are written.
    auto parentDoes = [&](const SchemaChange &c) {
        if (rb.partitionOf.isEmpty() || c.attribute == u"comment") // a comment is its own
            return false;
        if (!parentPlan)
            return c.attribute != u"comment" && c.attribute != u"default";
        for (const SchemaChange *o : parentPlan->changes)
            if (o->objectKind == u"column" && o->name == c.name && o->change == c.change &&
                o->attribute == c.attribute)
                return true;
        return false;
    };
    auto alter = [&](const QString &name, const QString &what) {
        m_b.add(QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 %3")
                    .arg(self, pgQuoteIdent(name), what));
    };
    QSet<QString> comments; // columns whose comment is written below
    // 1. Renames the user confirmed.
    for (const SchemaChange *c : p.changes)
        if (c->objectKind == u"column" && c->change == ChangeKind::PossibleRename &&
            m_in.confirmed(*c) && !parentDoes(*c)) {
            m_b.add(QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3")
                        .arg(self, pgQuoteIdent(c->before), pgQuoteIdent(c->after)));
            const SchemaColumn *a = column(&ra, c->before), *b = column(&rb, c->after);
            if (a && b && a->comment != b->comment)
                comments.insert(c->after);
        }
    // 2. Drops: generated columns first (they read the others).
    QStringList drops;
    for (const SchemaColumn &c : ra.columns)
        if (p.droppedColumns.contains(c.name) && !c.generated.isEmpty())
            drops.append(c.name);
    for (const SchemaColumn &c : ra.columns)
        if (p.droppedColumns.contains(c.name) && c.generated.isEmpty())
            drops.append(c.name);
    for (const QString &name : std::as_const(drops)) {
        const SchemaColumn *c = column(&ra, name);
        const SchemaChange *why = nullptr;
        for (const SchemaChange *ch : p.changes)
            if (ch->objectKind == u"column" &&
                (ch->name == name ||
                 (ch->change == ChangeKind::PossibleRename && ch->before == name)))
                why = ch;
        if (why && parentDoes(*why))
            continue;
        if (why && why->change == ChangeKind::PossibleRename)
            m_b.review(QStringLiteral("possible rename of column %1.%2 → %3 not confirmed: drops "
                                      "%2 and adds %3, and the values of %2 are lost; to keep "
                                      "them, confirm the rename (ALTER TABLE … RENAME COLUMN)")
                           .arg(label, name, why->after));
        else if (column(&rb, name))
            m_b.review(QStringLiteral("column %1.%2 becomes generated or changes its expression, "
                                      "which ALTER cannot do: drops it and adds it again (at the "
                                      "end of the table)")
                           .arg(label, name));
        else
            m_b.review(QStringLiteral("drops column %1.%2 %3: its values are lost")
                           .arg(label, name, c->type));
        m_b.add(QStringLiteral("ALTER TABLE %1 DROP COLUMN %2").arg(self, pgQuoteIdent(name)));
    }
    // 3. Each changed column: expression, identity and default out of the way, type,
    //    nullability, then identity and default back.
    QStringList changed;
    for (const SchemaChange *c : p.changes)
        if (c->objectKind == u"column" && c->change == ChangeKind::Changed &&
            !changed.contains(c->name) && !p.droppedColumns.contains(c->name))
            changed.append(c->name);
    for (const QString &name : std::as_const(changed)) {
        const SchemaColumn *a = column(&ra, name), *b = column(&rb, name);
        if (!a || !b)
            continue;
        QSet<QString> attrs;
        for (const SchemaChange *c : p.changes)
            if (c->objectKind == u"column" && c->name == name && c->change == ChangeKind::Changed &&
                !parentDoes(*c))
                attrs.insert(c->attribute);
        if (attrs.remove(QStringLiteral("comment")))
            comments.insert(name);
        if (attrs.isEmpty())
            continue;
        const bool retype =
            attrs.contains(QStringLiteral("type")) || attrs.contains(QStringLiteral("collation"));
        const bool unGenerate = !a->generated.isEmpty() && b->generated.isEmpty();
        const bool addIdentity = a->identity.isEmpty() && !b->identity.isEmpty();
        if (unGenerate)
            alter(name, QStringLiteral("DROP EXPRESSION"));
        if (!a->identity.isEmpty() && b->identity.isEmpty())
            alter(name, QStringLiteral("DROP IDENTITY"));
        const bool hadDefault = a->defaultValue && a->generated.isEmpty() && a->identity.isEmpty();
        const bool defaultChanges = attrs.contains(QStringLiteral("default"));
        if (hadDefault && (defaultChanges || retype || addIdentity))
            alter(name, QStringLiteral("DROP DEFAULT"));
        if (retype) {
            QString what = QStringLiteral("TYPE ") + b->type;
            // A new type brings its own default collation; an unchanged one is reset explicitly.
            if (!b->collation.isEmpty())
                what += QStringLiteral(" COLLATE ") + pgQuoteIdent(b->collation);
            else if (attrs.contains(QStringLiteral("collation")) &&
                     !attrs.contains(QStringLiteral("type")))
                what += QStringLiteral(" COLLATE \"default\"");
            if (attrs.contains(QStringLiteral("type"))) {
                // An enum casts to and from text only.
                auto isEnum = [](const SchemaSnapshot &s, const QString &type) {
                    return std::any_of(s.types.begin(), s.types.end(), [&](const SchemaType &t) {
                        return t.kind == u"enum" && usesType(type, t);
                    });
                };
                const bool viaText = isEnum(m_in.from, a->type) || isEnum(m_in.to, b->type) ||
                                     !castsDirectly(a->type, b->type);
                what += QStringLiteral(" USING %1::%2%3")
                            .arg(pgQuoteIdent(name), viaText ? QStringLiteral("text::") : QString(),
                                 b->type);
                if (!widens(a->type, b->type))
                    m_b.review(QStringLiteral("changes the type of %1.%2 %3 → %4: check that "
                                              "every value converts (and fits)")
                                   .arg(label, name, a->type, b->type));
            }
            alter(name, what);
        }
        if (attrs.contains(QStringLiteral("nullable"))) {
            if (!b->nullable)
                m_b.review(QStringLiteral("makes %1.%2 NOT NULL: fails if a row holds NULL there; "
                                          "fill those rows first")
                               .arg(label, name));
            alter(name,
                  b->nullable ? QStringLiteral("DROP NOT NULL") : QStringLiteral("SET NOT NULL"));
        }
        if (addIdentity)
            alter(name, QStringLiteral("ADD GENERATED %1 AS IDENTITY%2")
                            .arg(b->identity.toUpper(), identityOptions(rb, *b)));
        else if (!a->identity.isEmpty() && !b->identity.isEmpty() && a->identity != b->identity)
            alter(name, QStringLiteral("SET GENERATED ") + b->identity.toUpper());
        const bool wantsDefault =
            b->defaultValue && b->generated.isEmpty() && b->identity.isEmpty();
        if (wantsDefault && (defaultChanges || (retype && hadDefault) || unGenerate))
            alter(name, QStringLiteral("SET DEFAULT ") + *b->defaultValue);
    }
    // 4. Adds, in the target's order (PostgreSQL adds at the end).
    for (const SchemaColumn &c : rb.columns) {
        const bool isNew = !column(&ra, c.name) || p.droppedColumns.contains(c.name);
        bool renamedHere = false;
        for (auto it = p.columnRenames.cbegin(); it != p.columnRenames.cend(); ++it)
            renamedHere = renamedHere || it.value() == c.name;
        if (!isNew || renamedHere)
            continue;
        SchemaChange probe;
        probe.change = ChangeKind::Added;
        probe.name = c.name;
        probe.objectKind = QStringLiteral("column");
        if (parentPlan && parentDoes(probe))
            continue;
        if (!rb.partitionOf.isEmpty() && !parentPlan)
            continue;
        if (!c.nullable && !c.defaultValue && c.identity.isEmpty())
            m_b.review(QStringLiteral("adds %1.%2 NOT NULL without a default: fails if the table "
                                      "has rows")
                           .arg(label, c.name));
        m_b.add(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2").arg(self, columnDefinition(rb, c)));
        if (!c.comment.isEmpty())
            comments.insert(c.name);
    }
    // 5. Comments; the table's own attributes.
    for (const SchemaColumn &c : rb.columns)
        if (comments.contains(c.name))
            m_b.add(QStringLiteral("COMMENT ON COLUMN %1.%2 IS %3")
                        .arg(self, pgQuoteIdent(c.name), literalOrNull(c.comment)));
    for (const SchemaChange *c : p.changes) {
        if (c->objectKind == u"column" || !c->name.isEmpty())
            continue;
        if (c->attribute == u"comment")
            m_b.add(
                QStringLiteral("COMMENT ON TABLE %1 IS %2").arg(self, literalOrNull(rb.comment)));
        else if (c->attribute == u"owner")
            m_b.add(QStringLiteral("ALTER TABLE %1 OWNER TO %2").arg(self, pgQuoteIdent(rb.owner)));
    }
}

// After a table or column rename, the names the server generated from the old ones (t_pkey,
// t_a_key, t_a_check, t_a_fkey) are the target's, so that a later script written from the target
// finds them. The diff sees no difference in them; it is only the database that would.
void Writer::alignGeneratedNames(const Plan &p)
{
    if (!p.renamed && p.columnRenames.isEmpty())
        return;
    const SchemaRelation &ra = *p.from, &rb = *p.to;
    QSet<QString> mentioned; // names a change of the diff already handles
    for (const SchemaChange *c : p.changes)
        mentioned << c->name << c->before << c->after;
    auto renamedColumns = [&](QStringList columns) {
        for (QString &c : columns)
            c = p.columnRenames.value(c, c);
        return columns;
    };
    for (const SchemaIndex &ia : ra.indexes) {
        if (mentioned.contains(ia.name) || index(&rb, ia.name))
            continue;
        for (const SchemaIndex &ib : rb.indexes)
            if (!mentioned.contains(ib.name) && !index(&ra, ib.name) && ib.primary == ia.primary &&
                ib.constraint == ia.constraint && ib.unique == ia.unique &&
                ib.method == ia.method && ib.partial == ia.partial &&
                ib.columns == renamedColumns(ia.columns)) {
                m_b.add(QStringLiteral("ALTER INDEX %1 RENAME TO %2")
                            .arg(detail::pgQualified(rb.schema, ia.name), pgQuoteIdent(ib.name)));
                mentioned << ib.name;
                break;
            }
    }
    auto renameConstraint = [&](const QString &from, const QString &to) {
        m_b.add(QStringLiteral("ALTER TABLE %1 RENAME CONSTRAINT %2 TO %3")
                    .arg(qualified(rb), pgQuoteIdent(from), pgQuoteIdent(to)));
        mentioned << to;
    };
    for (const SchemaForeignKey &ka : ra.foreignKeys) {
        if (mentioned.contains(ka.name) || foreignKey(&rb, ka.name))
            continue;
        for (const SchemaForeignKey &kb : rb.foreignKeys)
            if (!mentioned.contains(kb.name) && !foreignKey(&ra, kb.name) &&
                kb.columns == renamedColumns(ka.columns) && kb.refTable == ka.refTable &&
                kb.refColumns == ka.refColumns) {
                renameConstraint(ka.name, kb.name);
                break;
            }
    }
    for (const SchemaCheck &ca : ra.checks) {
        if (mentioned.contains(ca.name) || check(rb.checks, ca.name))
            continue;
        // The check's text follows a column rename: compare with the renames applied.
        QString text = ca.definition;
        for (auto it = p.columnRenames.cbegin(); it != p.columnRenames.cend(); ++it)
            text.replace(QRegularExpression(
                             QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(it.key()))),
                         it.value());
        for (const SchemaCheck &cb : rb.checks)
            if (!mentioned.contains(cb.name) && !check(ra.checks, cb.name) &&
                cb.definition == text) {
                renameConstraint(ca.name, cb.name);
                break;
            }
    }
}

void Writer::addTableParts(const Plan &p)
{
    const SchemaRelation &rb = *p.to;
    const QString self = qualified(rb);
    const bool partition = !rb.partitionOf.isEmpty();
    alignGeneratedNames(p);
    for (const SchemaChange *c : p.changes) {
        const bool renames = c->change == ChangeKind::Changed && c->attribute == u"name";
        const bool comes =
            c->change == ChangeKind::Added || (c->change == ChangeKind::Changed && !renames);
        const QString &kind = c->objectKind;
        if (renames) {
            if (kind == u"index" || kind == u"unique constraint")
                m_b.add(
                    QStringLiteral("ALTER INDEX %1 RENAME TO %2")
                        .arg(detail::pgQualified(rb.schema, c->before), pgQuoteIdent(c->after)));
            else if (kind == u"foreign key" &&
                     std::any_of(m_fkDrops.begin(), m_fkDrops.end(), [&](const auto &d) {
                         return d.first == p.from && d.second == c->before;
                     }))
                continue; // dropped, and added again under its new name
            else if (kind == u"check" || kind == u"foreign key")
                m_b.add(QStringLiteral("ALTER TABLE %1 RENAME CONSTRAINT %2 TO %3")
                            .arg(self, pgQuoteIdent(c->before), pgQuoteIdent(c->after)));
            else if (kind == u"trigger")
                m_b.add(QStringLiteral("ALTER TRIGGER %1 ON %2 RENAME TO %3")
                            .arg(pgQuoteIdent(c->before), self, pgQuoteIdent(c->after)));
            continue;
        }
        if (!comes || (partition && inheritedFromParent(m_in.to, rb, kind, c->name)))
            continue;
        if (kind == u"primary key") {
            if (const QString key = primaryKeyClause(rb); !key.isEmpty())
                m_b.add(QStringLiteral("ALTER TABLE %1 ADD %2").arg(self, key));
        } else if (kind == u"unique constraint" || kind == u"index") {
            const SchemaIndex *i = index(&rb, c->name);
            if (!i)
                continue;
            if (!i->constraint.isEmpty()) {
                const QString text = constraintText(rb, *i);
                if (text.isEmpty())
                    m_b.noteOnly(QStringLiteral("cannot write the %1 constraint %2 of %3: its "
                                                "text is unknown")
                                     .arg(i->constraint, i->name, self));
                else
                    m_b.add(QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3")
                                .arg(self, pgQuoteIdent(i->name), text));
            } else if (!i->definition.isEmpty()) {
                m_b.add(createIndexText(*i, partition));
            }
        } else if (kind == u"check") {
            if (const SchemaCheck *k = check(rb.checks, c->name))
                m_b.add(QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3")
                            .arg(self, pgQuoteIdent(k->name), checkClause(*k)));
        } else if (kind == u"trigger") {
            if (const SchemaTrigger *t = trigger(&rb, c->name))
                m_b.add(t->definition);
        }
    }
}

} // namespace retort::schema_migration::pg
