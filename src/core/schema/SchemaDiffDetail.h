#pragma once

// The inside of SchemaDiff (SchemaDiff.h), shared by its two files: SchemaDiff.cpp (relations,
// columns, keys, sequences, types) and SchemaDiffConstraints.cpp (indexes, foreign keys, checks
// and triggers, matched by what they do before their names). Not for other modules.

#include "schema/SchemaDiff.h"

#include <QRegularExpression>

#include <vector>

namespace retort::schema_diff {

inline QString ticked(const QString &name)
{
    return u'`' + name + u'`';
}

inline QString orNone(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("(none)") : text;
}

inline QString yesNo(bool b)
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

} // namespace retort::schema_diff
