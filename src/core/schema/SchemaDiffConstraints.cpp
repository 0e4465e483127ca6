// SchemaDiff's indexes, foreign keys, checks and triggers (SchemaDiffDetail.h): matched by name,
// then by what they do, so that a name the server generated is never a difference.

#include "schema/SchemaDiffDetail.h"

#include <QRegularExpression>

namespace retort::schema_diff {

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

} // namespace retort::schema_diff
