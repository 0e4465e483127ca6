#include "schema/SqliteInspector.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace retort {

namespace {

// Runs one read-only statement; `row` is called for each result row.
template <typename Row>
Status select(const QSqlDatabase &db, const QString &sql, const CancelToken *cancel, Row row)
{
    if (cancel && cancel->isCancelled())
        return Error(QStringLiteral("cancelled")).as(ErrorKind::Cancelled);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(sql))
        return Error(QStringLiteral("reading the schema failed: %1").arg(q.lastError().text()));
    while (q.next())
        row(q);
    return {};
}

QString actionName(const QString &action)
{
    return action.isEmpty() ? QStringLiteral("NO ACTION") : action.toUpper();
}

// The index of each relation by name, kept while the snapshot's vector is filled.
struct Relations {
    std::vector<SchemaRelation> list;
    QHash<QString, size_t> byName;
    SchemaRelation *find(const QString &name)
    {
        const auto it = byName.constFind(name);
        return it == byName.constEnd() ? nullptr : &list[*it];
    }
};

Status readObjects(const QSqlDatabase &db, const CancelToken *cancel, Relations &rels,
                   QHash<QString, QString> &indexSql, QHash<QString, QString> &indexTable,
                   bool *hasStat1)
{
    return select(
        db,
        QStringLiteral("SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY name"),
        cancel, [&](const QSqlQuery &q) {
            const QString type = q.value(0).toString();
            const QString name = q.value(1).toString();
            const QString table = q.value(2).toString();
            const QString sql = q.value(3).toString();
            if (name == u"sqlite_stat1")
                *hasStat1 = true;
            if (type == u"index") {
                indexSql.insert(name, sql);
                indexTable.insert(name, table);
            } else if (type == u"trigger") {
                if (SchemaRelation *r = rels.find(table))
                    r->triggers.push_back({name, sql});
            } else if ((type == u"table" || type == u"view") && !name.startsWith(u"sqlite_")) {
                SchemaRelation r;
                r.schema = QStringLiteral("main");
                r.name = name;
                r.kind = type == u"view" ? RelationKind::View : RelationKind::Table;
                r.ddl = sql;
                if (r.kind == RelationKind::View) {
                    const qsizetype as =
                        sql.indexOf(QStringLiteral(" AS "), 0, Qt::CaseInsensitive);
                    r.definition = as < 0 ? sql : sql.mid(as + 4).trimmed();
                } else {
                    r.checks = sqliteChecks(sql);
                }
                rels.byName.insert(name, rels.list.size());
                rels.list.push_back(std::move(r));
            }
        });
}

Status readColumns(const QSqlDatabase &db, const CancelToken *cancel, Relations &rels)
{
    return select(
        db,
        QStringLiteral("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, "
                       "p.hidden FROM main.sqlite_schema m JOIN "
                       "pragma_table_xinfo(m.name, 'main') p WHERE m.type IN "
                       "('table', 'view') ORDER BY m.name, p.cid"),
        cancel, [&](const QSqlQuery &q) {
            SchemaRelation *r = rels.find(q.value(0).toString());
            if (!r)
                return;
            SchemaColumn c;
            c.name = q.value(1).toString();
            c.type = q.value(2).toString();
            c.nullable = q.value(3).toInt() == 0;
            if (!q.value(4).isNull())
                c.defaultValue = q.value(4).toString();
            c.primaryKeyPosition = q.value(5).toInt();
            const int hidden = q.value(6).toInt();
            c.generated = hidden == 2   ? QStringLiteral("virtual")
                          : hidden == 3 ? QStringLiteral("stored")
                                        : QString();
            if (hidden == 1)
                return; // a hidden column of a virtual table
            r->columns.push_back(std::move(c));
        });
}

Status readIndexes(const QSqlDatabase &db, const CancelToken *cancel, Relations &rels,
                   const QHash<QString, QString> &indexSql)
{
    QHash<QString, QStringList> columns; // index name -> key columns in order
    Status st = select(db,
                       QStringLiteral("SELECT il.name, ix.name, ix.cid FROM main.sqlite_schema m "
                                      "JOIN pragma_index_list(m.name, 'main') il JOIN "
                                      "pragma_index_xinfo(il.name, 'main') ix WHERE m.type = "
                                      "'table' AND ix.key = 1 ORDER BY il.name, ix.seqno"),
                       cancel, [&](const QSqlQuery &q) {
                           const int cid = q.value(2).toInt();
                           columns[q.value(0).toString()].append(
                               cid == -2 ? QStringLiteral("<expression>") : q.value(1).toString());
                       });
    if (!st)
        return st;
    return select(db,
                  QStringLiteral("SELECT m.name, il.name, il.\"unique\", il.origin, il.partial "
                                 "FROM main.sqlite_schema m JOIN pragma_index_list(m.name, 'main') "
                                 "il WHERE m.type = 'table' ORDER BY m.name, il.name"),
                  cancel, [&](const QSqlQuery &q) {
                      SchemaRelation *r = rels.find(q.value(0).toString());
                      if (!r)
                          return;
                      SchemaIndex ix;
                      ix.name = q.value(1).toString();
                      ix.unique = q.value(2).toInt() != 0;
                      ix.origin = q.value(3).toString();
                      ix.primary = ix.origin == u"pk";
                      ix.partial = q.value(4).toInt() != 0;
                      ix.definition = indexSql.value(ix.name);
                      ix.columns = columns.value(ix.name);
                      r->indexes.push_back(std::move(ix));
                  });
}

Status readForeignKeys(const QSqlDatabase &db, const CancelToken *cancel, Relations &rels)
{
    // One row per column of each key; consecutive rows of one (table, id) form one key.
    QString lastTable;
    int lastId = -1;
    return select(db,
                  QStringLiteral("SELECT m.name, fk.id, fk.\"table\", fk.\"from\", fk.\"to\", "
                                 "fk.on_update, fk.on_delete FROM main.sqlite_schema m JOIN "
                                 "pragma_foreign_key_list(m.name, 'main') fk WHERE m.type = "
                                 "'table' ORDER BY m.name, fk.id, fk.seq"),
                  cancel, [&](const QSqlQuery &q) {
                      SchemaRelation *r = rels.find(q.value(0).toString());
                      if (!r)
                          return;
                      const int id = q.value(1).toInt();
                      if (r->name != lastTable || id != lastId || r->foreignKeys.empty()) {
                          SchemaForeignKey key;
                          key.refSchema = QStringLiteral("main");
                          key.refTable = q.value(2).toString();
                          key.onUpdate = actionName(q.value(5).toString());
                          key.onDelete = actionName(q.value(6).toString());
                          r->foreignKeys.push_back(std::move(key));
                          lastTable = r->name;
                          lastId = id;
                      }
                      SchemaForeignKey &key = r->foreignKeys.back();
                      key.columns.append(q.value(3).toString());
                      if (!q.value(4).isNull())
                          key.refColumns.append(q.value(4).toString());
                  });
}

// Row estimates (ANALYZE's sqlite_stat1: the first number of a table's row) and sizes (dbstat,
// where SQLite was built with it): optional, so a failure leaves them unknown.
void readStatistics(const QSqlDatabase &db, const CancelToken *cancel, Relations &rels,
                    const QHash<QString, QString> &indexTable, bool hasStat1)
{
    if (hasStat1)
        (void)select(db, QStringLiteral("SELECT tbl, stat FROM main.sqlite_stat1"), cancel,
                     [&](const QSqlQuery &q) {
                         SchemaRelation *r = rels.find(q.value(0).toString());
                         bool ok = false;
                         const qint64 rows =
                             q.value(1).toString().section(u' ', 0, 0).toLongLong(&ok);
                         if (r && ok)
                             r->rowsEstimate = std::max(r->rowsEstimate.value_or(0), rows);
                     });
    (void)select(db, QStringLiteral("SELECT name, SUM(pgsize) FROM dbstat('main') GROUP BY name"),
                 cancel, [&](const QSqlQuery &q) {
                     const QString name = q.value(0).toString();
                     SchemaRelation *r = rels.find(indexTable.value(name, name));
                     if (r && r->kind == RelationKind::Table)
                         r->sizeBytes = r->sizeBytes.value_or(0) + q.value(1).toLongLong();
                 });
}

// WITHOUT ROWID and STRICT tables (pragma table_list, SQLite 3.37+; older ones leave both false).
void readTableFlags(const QSqlDatabase &db, const CancelToken *cancel, Relations &rels)
{
    (void)select(db,
                 QStringLiteral("SELECT name, wr, strict FROM pragma_table_list WHERE schema = "
                                "'main' AND type = 'table'"),
                 cancel, [&](const QSqlQuery &q) {
                     if (SchemaRelation *r = rels.find(q.value(0).toString())) {
                         r->withoutRowid = q.value(1).toInt() != 0;
                         r->strict = q.value(2).toInt() != 0;
                     }
                 });
}

void linkReferences(std::vector<SchemaRelation> &relations)
{
    QHash<QString, size_t> byName;
    for (size_t i = 0; i < relations.size(); ++i)
        byName.insert(relations[i].name.toLower(), i); // SQLite names are case-insensitive
    for (const SchemaRelation &r : relations)
        for (const SchemaForeignKey &key : r.foreignKeys) {
            const auto it = byName.constFind(key.refTable.toLower());
            if (it != byName.constEnd())
                relations[*it].referencedBy.push_back({r.schema, r.name, key});
        }
}

} // namespace

Result<SchemaSnapshot> inspectSqlite(const QSqlDatabase &db, const CancelToken *cancel)
{
    SchemaSnapshot snapshot;
    snapshot.driver = QStringLiteral("sqlite");
    snapshot.schemas = {QStringLiteral("main")};
    Relations rels;
    QHash<QString, QString> indexSql;
    QHash<QString, QString> indexTable;
    bool hasStat1 = false;
    if (Status st =
            select(db, QStringLiteral("SELECT sqlite_version()"), cancel,
                   [&](const QSqlQuery &q) { snapshot.serverVersion = q.value(0).toString(); });
        !st)
        return st.error();
    if (Status st = readObjects(db, cancel, rels, indexSql, indexTable, &hasStat1); !st)
        return st.error();
    if (Status st = readColumns(db, cancel, rels); !st)
        return st.error();
    if (Status st = readIndexes(db, cancel, rels, indexSql); !st)
        return st.error();
    if (Status st = readForeignKeys(db, cancel, rels); !st)
        return st.error();
    readStatistics(db, cancel, rels, indexTable, hasStat1);
    readTableFlags(db, cancel, rels);
    linkReferences(rels.list);
    snapshot.relations = std::move(rels.list);
    return snapshot;
}

} // namespace retort

namespace retort {

namespace {

// SQL text as tokens good enough to find constraints: words, quoted names, punctuation; strings
// and comments are skipped (their text never looks like a keyword).
struct SqlCursor {
    const QString &s;
    qsizetype i = 0;

    void skipSpaceAndComments()
    {
        while (i < s.size()) {
            if (s[i].isSpace()) {
                ++i;
            } else if (s.mid(i, 2) == u"--") {
                const qsizetype end = s.indexOf(u'\n', i);
                i = end < 0 ? s.size() : end + 1;
            } else if (s.mid(i, 2) == u"/*") {
                const qsizetype end = s.indexOf(QStringLiteral("*/"), i + 2);
                i = end < 0 ? s.size() : end + 2;
            } else {
                return;
            }
        }
    }
    // Skips a quoted token starting at i ('...', "...", `...`, [...]); returns its unquoted text.
    QString quoted()
    {
        const QChar open = s[i];
        const QChar close = open == u'[' ? QChar(u']') : open;
        QString text;
        for (++i; i < s.size(); ++i) {
            if (s[i] == close) {
                if (close != u']' && i + 1 < s.size() && s[i + 1] == close) {
                    text += close; // a doubled quote
                    ++i;
                    continue;
                }
                ++i;
                break;
            }
            text += s[i];
        }
        return text;
    }
    // The next token: a word or quoted name (unquoted), or one punctuation character. Empty at
    // the end.
    QString next(bool *isName = nullptr)
    {
        skipSpaceAndComments();
        if (isName)
            *isName = false;
        if (i >= s.size())
            return {};
        const QChar c = s[i];
        if (c == u'"' || c == u'`' || c == u'[' || c == u'\'') {
            if (isName)
                *isName = c != u'\'';
            return quoted();
        }
        if (c.isLetterOrNumber() || c == u'_') {
            const qsizetype start = i;
            while (i < s.size() && (s[i].isLetterOrNumber() || s[i] == u'_' || s[i] == u'$'))
                ++i;
            if (isName)
                *isName = true;
            return s.mid(start, i - start);
        }
        ++i;
        return QString(c);
    }
    // From an opening parenthesis at the current position: the text up to its matching one,
    // strings and comments included as written.
    QString balanced()
    {
        skipSpaceAndComments();
        if (i >= s.size() || s[i] != u'(')
            return {};
        const qsizetype start = i;
        int depth = 0;
        while (i < s.size()) {
            const QChar c = s[i];
            if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
                quoted();
                continue;
            }
            if (s.mid(i, 2) == u"--" || s.mid(i, 2) == u"/*") {
                skipSpaceAndComments();
                continue;
            }
            ++i;
            if (c == u'(')
                ++depth;
            else if (c == u')' && --depth == 0)
                break;
        }
        return s.mid(start, i - start);
    }
};

} // namespace

std::vector<SchemaCheck> sqliteChecks(const QString &createTable)
{
    std::vector<SchemaCheck> checks;
    SqlCursor cur{createTable};
    QString previous;
    QString beforePrevious;
    for (;;) {
        bool name = false;
        const QString token = cur.next(&name);
        if (token.isEmpty())
            break;
        if (name && token.compare(u"CHECK", Qt::CaseInsensitive) == 0) {
            const QString expr = cur.balanced();
            if (!expr.isEmpty()) {
                SchemaCheck check;
                check.definition = QStringLiteral("CHECK ") + expr;
                if (beforePrevious.compare(u"CONSTRAINT", Qt::CaseInsensitive) == 0)
                    check.name = previous;
                checks.push_back(std::move(check));
            }
        }
        beforePrevious = previous;
        previous = token;
    }
    return checks;
}

} // namespace retort
