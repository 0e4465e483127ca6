// SchemaMigration's SQLite SQL: hand-made cases say which statements each change gets, and a
// property test over generated schema pairs (A, B) checks the round trip on real SQLite
// databases: migrationScript(A, B) applied to A gives exactly B, and migrationScript(B, A)
// applied then gives exactly A. The seed is $ORACLE_SEED when set (printed on failure).

#include "schema/SchemaDiff.h"
#include "schema/SchemaMigration.h"
#include "schema/SqliteInspector.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <algorithm>

using namespace retort;

namespace {

// An in-memory SQLite database holding `statements`.
class Db {
public:
    Db()
    {
        static int counter = 0;
        m_name = QStringLiteral("migration-%1").arg(++counter);
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(QStringLiteral(":memory:"));
        m_db.open();
    }
    ~Db()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    // Runs each statement in one transaction; the first failure as text ("" when all ran).
    QString run(const QStringList &statements)
    {
        QSqlQuery q(m_db);
        m_db.transaction();
        for (const QString &s : statements) {
            if (isCommentOnly(s))
                continue;
            if (!q.exec(s)) {
                const QString error = s + QStringLiteral("\n  → ") + q.lastError().text();
                m_db.rollback();
                return error;
            }
        }
        m_db.commit();
        return {};
    }
    SchemaSnapshot snapshot()
    {
        Result<SchemaSnapshot> s = inspectSqlite(m_db);
        EXPECT_TRUE(s.ok()) << (s.ok() ? std::string() : s.error().toString().toStdString());
        return s.ok() ? *s : SchemaSnapshot{};
    }
    QSqlDatabase &db() { return m_db; }

    static bool isCommentOnly(const QString &s)
    {
        for (const QString &line : s.split(u'\n'))
            if (!line.trimmed().isEmpty() && !line.trimmed().startsWith(QStringLiteral("--")))
                return false;
        return true;
    }

private:
    QString m_name;
    QSqlDatabase m_db;
};

SchemaSnapshot snapshotOf(const QStringList &ddl)
{
    Db db;
    const QString error = db.run(ddl);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    return db.snapshot();
}

MigrationScript scriptFor(const QStringList &a, const QStringList &b,
                          const MigrationScriptOptions &options = {})
{
    return migrationScript(snapshotOf(a), snapshotOf(b), options);
}

bool containsStatement(const MigrationScript &s, const QString &part)
{
    return std::any_of(s.statements.cbegin(), s.statements.cend(),
                       [&](const QString &x) { return x.contains(part, Qt::CaseInsensitive); });
}

TEST(SqliteMigration, EqualSchemasGiveAnEmptyScript)
{
    const QStringList a{QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT)"),
                        QStringLiteral("CREATE INDEX ix ON t (x)")};
    EXPECT_TRUE(scriptFor(a, a).empty());
}

TEST(SqliteMigration, AColumnAddedAtTheEndIsAnAddColumn)
{
    const MigrationScript s = scriptFor(
        {QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY)")},
        {QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'n')")});
    ASSERT_EQ(s.statements.size(), 1) << s.text().toStdString();
    EXPECT_EQ(s.statements[0], QStringLiteral("ALTER TABLE t ADD COLUMN note TEXT DEFAULT 'n';"));
}

TEST(SqliteMigration, ATypeChangeRebuildsTheTableKeepingRowsIndexesAndTriggers)
{
    const QStringList a{
        QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, price INTEGER, name TEXT)"),
        QStringLiteral("CREATE INDEX ix_name ON t (name)"),
        QStringLiteral("CREATE TABLE log (msg TEXT)"),
        QStringLiteral("CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES "
                       "(new.name); END"),
        QStringLiteral("CREATE VIEW cheap AS SELECT name FROM t WHERE price < 5")};
    QStringList b = a;
    b[0] =
        QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, price NUMERIC(10,2), name TEXT)");
    Db db;
    ASSERT_TRUE(db.run(a).isEmpty());
    QSqlQuery q(db.db());
    ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO t VALUES (1, 3, 'pen')")));
    const MigrationScript s = migrationScript(db.snapshot(), snapshotOf(b));
    EXPECT_TRUE(containsStatement(s, QStringLiteral("INSERT INTO _retort_new_t (id, price, name) "
                                                    "SELECT id, price, name FROM t")))
        << s.text().toStdString();
    EXPECT_TRUE(containsStatement(s, QStringLiteral("PRAGMA foreign_key_check")));
    EXPECT_TRUE(containsStatement(s, QStringLiteral("DROP VIEW IF EXISTS cheap")));
    ASSERT_TRUE(db.run(s.statements).isEmpty()) << s.text().toStdString();
    EXPECT_TRUE(diffSchemas(db.snapshot(), snapshotOf(b)).empty());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT name FROM cheap")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toString(), QStringLiteral("pen"));
    ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO t VALUES (2, 1, 'ink')")));
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM log")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toInt(), 2) << "one row before, one after: the trigger was recreated";
}

TEST(SqliteMigration, APossibleRenameIsARenameOnlyWhenConfirmed)
{
    const QStringList a{QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, nm TEXT)")};
    const QStringList b{QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")};
    const MigrationScript guessed = scriptFor(a, b);
    ASSERT_FALSE(guessed.reviews.isEmpty());
    EXPECT_TRUE(guessed.reviews[0].contains(QStringLiteral("may be a rename")))
        << guessed.text().toStdString();
    EXPECT_FALSE(containsStatement(guessed, QStringLiteral("RENAME COLUMN nm")) &&
                 !guessed.statements.join(u'\n').contains(QStringLiteral("-- REVIEW")));

    MigrationScriptOptions options;
    options.renames = possibleRenames(diffSchemas(snapshotOf(a), snapshotOf(b)));
    ASSERT_EQ(options.renames.size(), 1u);
    const MigrationScript confirmed = scriptFor(a, b, options);
    ASSERT_EQ(confirmed.statements.size(), 1) << confirmed.text().toStdString();
    EXPECT_EQ(confirmed.statements[0], QStringLiteral("ALTER TABLE t RENAME COLUMN nm TO name;"));
}

TEST(SqliteMigration, AConfirmedTableRenameKeepsTheRows)
{
    const QStringList a{QStringLiteral("CREATE TABLE old_items (id INTEGER PRIMARY KEY, x TEXT)")};
    const QStringList b{QStringLiteral("CREATE TABLE items (id INTEGER PRIMARY KEY, x TEXT)")};
    Db db;
    ASSERT_TRUE(db.run(a).isEmpty());
    QSqlQuery q(db.db());
    ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO old_items VALUES (7, 'kept')")));
    MigrationScriptOptions options;
    options.renames = possibleRenames(diffSchemas(db.snapshot(), snapshotOf(b)));
    const MigrationScript s = migrationScript(db.snapshot(), snapshotOf(b), options);
    EXPECT_EQ(s.statements, QStringList{QStringLiteral("ALTER TABLE old_items RENAME TO items;")});
    ASSERT_TRUE(db.run(s.statements).isEmpty());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT x FROM items WHERE id = 7")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toString(), QStringLiteral("kept"));
}

TEST(SqliteMigration, ADroppedTableAndANotNullColumnWithoutDefaultAreReviewed)
{
    const MigrationScript s = scriptFor(
        {QStringLiteral("CREATE TABLE gone (x)"), QStringLiteral("CREATE TABLE t (id INTEGER)")},
        {QStringLiteral("CREATE TABLE t (id INTEGER, code TEXT NOT NULL)")});
    const QString reviews = s.reviews.join(u'\n');
    EXPECT_TRUE(reviews.contains(QStringLiteral("drops table gone"))) << s.text().toStdString();
    EXPECT_TRUE(reviews.contains(QStringLiteral("t.code is NOT NULL without a default")))
        << s.text().toStdString();

    const MigrationScript notNull =
        scriptFor({QStringLiteral("CREATE TABLE t (id INTEGER, code TEXT)")},
                  {QStringLiteral("CREATE TABLE t (id INTEGER, code TEXT NOT NULL DEFAULT '')")});
    EXPECT_TRUE(notNull.reviews.join(u'\n').contains(
        QStringLiteral("t.code becomes NOT NULL: the copy fails if a row holds NULL there")))
        << notNull.text().toStdString();
}

// ---------------------------------------------------------------------------------------------
// The property test: random schemas, random changes.

struct Column {
    QString name;
    QString type;
    bool notNull = false;
    QString defaultValue; // "" none
    QString collate;
    QString check; // a column CHECK expression, or ""
};

struct ForeignKey {
    QString column;
    QString refTable;
    QString refColumn;
    QString onDelete;
};

struct Index {
    QString name;
    bool unique = false;
    QString what; // "a", "a, b", "lower(a)"
    QString where;
};

struct Table {
    QString name;
    std::vector<Column> columns;
    QStringList primaryKey;
    std::vector<QStringList> uniques;
    QStringList checks; // "CONSTRAINT n CHECK (...)" or "CHECK (...)"
    std::vector<ForeignKey> keys;
    std::vector<Index> indexes;
    QString trigger; // a trigger body writing into another table, or ""
    bool withoutRowid = false;
};

struct View {
    QString name;
    QString table;
    QStringList columns;
};

struct Schema {
    std::vector<Table> tables;
    std::vector<View> views;

    QStringList ddl() const
    {
        QStringList out;
        for (const Table &t : tables) {
            QStringList items;
            for (const Column &c : t.columns) {
                QString item = c.name + u' ' + c.type;
                if (c.notNull)
                    item += QStringLiteral(" NOT NULL");
                if (!c.defaultValue.isEmpty())
                    item += QStringLiteral(" DEFAULT ") + c.defaultValue;
                if (!c.collate.isEmpty())
                    item += QStringLiteral(" COLLATE ") + c.collate;
                if (!c.check.isEmpty())
                    item += QStringLiteral(" CHECK (") + c.check + u')';
                items.append(item);
            }
            if (!t.primaryKey.isEmpty())
                items.append(QStringLiteral("PRIMARY KEY (%1)").arg(t.primaryKey.join(u',')));
            for (const QStringList &u : t.uniques)
                items.append(QStringLiteral("UNIQUE (%1)").arg(u.join(u',')));
            items += t.checks;
            for (const ForeignKey &k : t.keys)
                items.append(QStringLiteral("FOREIGN KEY (%1) REFERENCES %2(%3)%4")
                                 .arg(k.column, k.refTable, k.refColumn,
                                      k.onDelete.isEmpty()
                                          ? QString()
                                          : QStringLiteral(" ON DELETE ") + k.onDelete));
            out.append(QStringLiteral("CREATE TABLE %1 (%2)%3")
                           .arg(t.name, items.join(QStringLiteral(", ")),
                                t.withoutRowid ? QStringLiteral(" WITHOUT ROWID") : QString()));
            for (const Index &i : t.indexes)
                out.append(
                    QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)%5")
                        .arg(i.unique ? QStringLiteral("UNIQUE ") : QString(), i.name, t.name,
                             i.what,
                             i.where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + i.where));
            if (!t.trigger.isEmpty())
                out.append(
                    QStringLiteral("CREATE TRIGGER %1_audit AFTER INSERT ON %1 BEGIN %2; END")
                        .arg(t.name, t.trigger));
        }
        for (const View &v : views)
            out.append(QStringLiteral("CREATE VIEW %1 AS SELECT %2 FROM %3")
                           .arg(v.name, v.columns.join(QStringLiteral(", ")), v.table));
        return out;
    }
};

class Generator {
public:
    explicit Generator(quint32 seed) : m_rng(seed) {}

    int below(int n) { return int(m_rng.bounded(quint32(n))); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T> const T &pick(const std::vector<T> &v)
    {
        return v[size_t(below(int(v.size())))];
    }
    QString fresh(const QString &prefix) { return prefix + QString::number(++m_names); }

    Column column()
    {
        static const std::vector<QString> types{
            QStringLiteral("INTEGER"),       QStringLiteral("TEXT"), QStringLiteral("REAL"),
            QStringLiteral("NUMERIC(10,2)"), QStringLiteral("BLOB"), QStringLiteral("VARCHAR(40)")};
        Column c;
        c.name = fresh(QStringLiteral("c"));
        c.type = pick(types);
        c.notNull = chance(30);
        if (chance(40) || c.notNull)
            c.defaultValue = defaultFor(c.type);
        if (c.type == u"TEXT" && chance(20))
            c.collate = QStringLiteral("NOCASE");
        if (chance(10))
            c.check = QStringLiteral("%1 IS NOT NULL OR 1").arg(c.name);
        return c;
    }
    QString defaultFor(const QString &type)
    {
        if (type == u"TEXT" || type.startsWith(u"VARCHAR"))
            return chance(50) ? QStringLiteral("'x'") : QStringLiteral("''");
        if (type == u"BLOB")
            return QStringLiteral("x'00'");
        return QString::number(below(100));
    }

    Table table(const Schema &s)
    {
        Table t;
        t.name = fresh(QStringLiteral("t"));
        const int n = 2 + below(4);
        for (int i = 0; i < n; ++i)
            t.columns.push_back(column());
        t.columns.front().type = QStringLiteral("INTEGER");
        t.columns.front().check.clear();
        if (chance(80))
            t.primaryKey = {t.columns.front().name};
        else if (chance(50))
            t.primaryKey = {t.columns[0].name, t.columns[1].name};
        t.withoutRowid = !t.primaryKey.isEmpty() && chance(10);
        if (chance(30))
            t.uniques.push_back({t.columns.back().name});
        if (chance(30))
            t.checks.append(chance(50) ? QStringLiteral("CONSTRAINT %1 CHECK (%2 >= 0)")
                                             .arg(fresh(QStringLiteral("ck")), t.columns[0].name)
                                       : QStringLiteral("CHECK (%1 <> -1)").arg(t.columns[0].name));
        if (!s.tables.empty() && chance(40))
            addKey(t, s);
        for (int i = below(3); i > 0; --i)
            t.indexes.push_back(index(t));
        return t;
    }
    void addKey(Table &t, const Schema &s)
    {
        const Table &ref = pick(s.tables);
        if (ref.primaryKey.size() != 1 || ref.name == t.name)
            return;
        static const std::vector<QString> actions{QString(), QStringLiteral("CASCADE"),
                                                  QStringLiteral("SET NULL")};
        t.keys.push_back({t.columns[size_t(1 + below(int(t.columns.size()) - 1))].name, ref.name,
                          ref.primaryKey.front(), pick(actions)});
    }
    Index index(const Table &t)
    {
        Index i;
        i.name = fresh(QStringLiteral("ix"));
        const Column &c = pick(t.columns);
        i.unique = chance(25);
        i.what = chance(20) && c.type == u"TEXT" ? QStringLiteral("lower(%1)").arg(c.name) : c.name;
        if (chance(25))
            i.where = c.name + QStringLiteral(" IS NOT NULL");
        return i;
    }

    Schema schema()
    {
        Schema s;
        const int n = 1 + below(4);
        for (int i = 0; i < n; ++i)
            s.tables.push_back(table(s));
        if (chance(50))
            addView(s);
        if (s.tables.size() > 1 && chance(40))
            addTrigger(s);
        return s;
    }
    void addView(Schema &s)
    {
        const Table &t = pick(s.tables);
        View v{fresh(QStringLiteral("v")), t.name, {}};
        for (const Column &c : t.columns)
            if (chance(60) || v.columns.isEmpty())
                v.columns.append(c.name);
        s.views.push_back(v);
    }
    void addTrigger(Schema &s)
    {
        Table &t = s.tables[size_t(below(int(s.tables.size())))];
        for (const Table &other : s.tables)
            if (other.name != t.name) {
                t.trigger = QStringLiteral("DELETE FROM %1 WHERE 0").arg(other.name);
                return;
            }
    }

    // Whether anything reads `table.column` (keys, views, indexes, triggers, the key itself).
    static bool used(const Schema &s, const Table &t, const QString &column)
    {
        if (t.primaryKey.contains(column))
            return true;
        for (const QStringList &u : t.uniques)
            if (u.contains(column))
                return true;
        for (const QString &c : t.checks)
            if (c.contains(column + u' '))
                return true;
        for (const Index &i : t.indexes)
            if (i.what.contains(column) || i.where.contains(column))
                return true;
        for (const Table &o : s.tables)
            for (const ForeignKey &k : o.keys)
                if ((o.name == t.name && k.column == column) ||
                    (k.refTable == t.name && k.refColumn == column))
                    return true;
        for (const View &v : s.views)
            if (v.table == t.name && v.columns.contains(column))
                return true;
        return false;
    }

    // B: A with 1-4 random changes. `renames` gets the column renames made on purpose.
    Schema mutate(Schema s)
    {
        const int n = 1 + below(4);
        for (int i = 0; i < n; ++i)
            mutateOnce(s);
        return s;
    }
    void mutateOnce(Schema &s)
    {
        if (s.tables.empty()) {
            s.tables.push_back(table(s));
            return;
        }
        Table &t = s.tables[size_t(below(int(s.tables.size())))];
        switch (below(17)) {
        case 0:
            s.tables.push_back(table(s));
            break;
        case 1: { // drop a table nothing references
            for (const Table &o : s.tables)
                for (const ForeignKey &k : o.keys)
                    if (k.refTable == t.name && o.name != t.name)
                        return;
            for (const View &v : s.views)
                if (v.table == t.name)
                    return;
            for (const Table &o : s.tables)
                if (o.trigger.contains(t.name))
                    return;
            const QString name = t.name;
            s.tables.erase(std::remove_if(s.tables.begin(), s.tables.end(),
                                          [&](const Table &x) { return x.name == name; }),
                           s.tables.end());
            break;
        }
        case 2: { // add a column, at the end or in the middle
            Column c = column();
            if (c.notNull && c.defaultValue.isEmpty())
                c.defaultValue = defaultFor(c.type);
            const size_t at =
                chance(50) ? t.columns.size() : size_t(1 + below(int(t.columns.size())));
            t.columns.insert(t.columns.begin() + std::ptrdiff_t(at), c);
            break;
        }
        case 3: { // drop a column nothing uses
            if (t.columns.size() < 2)
                return;
            const Column &c = t.columns[size_t(1 + below(int(t.columns.size()) - 1))];
            if (used(s, t, c.name) || (!t.trigger.isEmpty() && t.trigger.contains(c.name)))
                return;
            const QString name = c.name;
            t.columns.erase(std::remove_if(t.columns.begin(), t.columns.end(),
                                           [&](const Column &x) { return x.name == name; }),
                            t.columns.end());
            break;
        }
        case 4: { // change a column's type
            Column &c = t.columns.back();
            c.type = c.type == u"TEXT" ? QStringLiteral("VARCHAR(80)") : QStringLiteral("TEXT");
            if (!c.defaultValue.isEmpty())
                c.defaultValue = defaultFor(c.type);
            if (c.type != u"TEXT")
                c.collate.clear();
            break;
        }
        case 5: { // nullability
            Column &c = t.columns.back();
            c.notNull = !c.notNull;
            if (c.notNull && c.defaultValue.isEmpty())
                c.defaultValue = defaultFor(c.type);
            break;
        }
        case 6: { // default
            Column &c = t.columns[size_t(below(int(t.columns.size())))];
            if (c.notNull)
                c.defaultValue =
                    defaultFor(c.type) == c.defaultValue ? QStringLiteral("1") : defaultFor(c.type);
            else
                c.defaultValue = c.defaultValue.isEmpty() ? defaultFor(c.type) : QString();
            break;
        }
        case 7: { // rename a column nothing uses (a possible rename)
            Column &c = t.columns.back();
            if (used(s, t, c.name) || t.trigger.contains(c.name) || !c.check.isEmpty())
                return;
            c.name = fresh(QStringLiteral("r"));
            break;
        }
        case 8: // reorder columns
            if (t.columns.size() > 2)
                std::swap(t.columns[1], t.columns[2]);
            break;
        case 9:
            t.indexes.push_back(index(t));
            break;
        case 10:
            if (!t.indexes.empty())
                t.indexes.erase(t.indexes.begin() + below(int(t.indexes.size())));
            break;
        case 11: // an index changes what it does
            if (!t.indexes.empty()) {
                Index &i = t.indexes[size_t(below(int(t.indexes.size())))];
                i.unique = !i.unique;
            }
            break;
        case 12: // checks
            if (!t.checks.isEmpty() && chance(50))
                t.checks.removeLast();
            else
                t.checks.append(QStringLiteral("CONSTRAINT %1 CHECK (%2 < 1000000)")
                                    .arg(fresh(QStringLiteral("ck")), t.columns[0].name));
            break;
        case 13: // keys
            if (!t.keys.empty())
                t.keys.pop_back();
            else
                addKey(t, s);
            break;
        case 14: // views
            if (!s.views.empty() && chance(50)) {
                View &v = s.views[size_t(below(int(s.views.size())))];
                if (chance(50))
                    s.views.erase(s.views.begin() + std::ptrdiff_t(&v - s.views.data()));
                else if (v.columns.size() > 1)
                    v.columns.removeLast();
                else
                    v.columns.append(v.columns.front());
            } else {
                addView(s);
            }
            break;
        case 16: { // rename a table nothing names (a possible rename)
            for (const Table &o : s.tables)
                for (const ForeignKey &k : o.keys)
                    if (k.refTable == t.name)
                        return;
            for (const View &v : s.views)
                if (v.table == t.name)
                    return;
            for (const Table &o : s.tables)
                if (o.trigger.contains(t.name) || !t.trigger.isEmpty())
                    return;
            t.name = fresh(QStringLiteral("rt"));
            break;
        }
        case 15: // triggers
            if (!t.trigger.isEmpty())
                t.trigger.clear();
            else if (s.tables.size() > 1)
                addTrigger(s);
            break;
        }
    }

private:
    QRandomGenerator m_rng;
    int m_names = 0;
};

quint32 seed()
{
    const QByteArray env = qgetenv("ORACLE_SEED");
    return env.isEmpty() ? 20261207u : quint32(env.toULongLong());
}

std::string dump(const QString &title, const QStringList &lines)
{
    return (title + QStringLiteral(":\n  ") + lines.join(QStringLiteral(";\n  ")) + u'\n')
        .toStdString();
}

TEST(SqliteMigrationProperty, TwoHundredSchemaPairsRoundTripExactly)
{
    const quint32 base = seed();
    int renamesConfirmed = 0, statements = 0;
    for (int pair = 0; pair < 200; ++pair) {
        Generator gen(base + quint32(pair));
        const Schema a = gen.schema();
        const Schema b = gen.mutate(a);
        const SchemaSnapshot sa = snapshotOf(a.ddl());
        const SchemaSnapshot sb = snapshotOf(b.ddl());
        MigrationScriptOptions up;
        if (gen.chance(50)) // confirm the possible renames half the time
            up.renames = possibleRenames(diffSchemas(sa, sb));
        renamesConfirmed += int(up.renames.size());
        const MigrationScript upgrade = migrationScript(sa, sb, up);
        MigrationScriptOptions down;
        down.renames = reversedRenames(up.renames);
        const MigrationScript downgrade = migrationScript(sb, sa, down);
        statements += int(upgrade.statements.size() + downgrade.statements.size());

        const std::string context =
            "seed " + std::to_string(base) + " pair " + std::to_string(pair) + "\n" +
            dump(QStringLiteral("A"), a.ddl()) + dump(QStringLiteral("B"), b.ddl()) +
            dump(QStringLiteral("upgrade"), upgrade.statements) +
            dump(QStringLiteral("downgrade"), downgrade.statements);
        Db db;
        ASSERT_TRUE(db.run(a.ddl()).isEmpty()) << context;
        const QString upError = db.run(upgrade.statements);
        ASSERT_TRUE(upError.isEmpty()) << upError.toStdString() << "\n" << context;
        const SchemaDiff afterUp = diffSchemas(db.snapshot(), sb);
        ASSERT_TRUE(afterUp.empty()) << afterUp.toText().toStdString() << context;
        const QString downError = db.run(downgrade.statements);
        ASSERT_TRUE(downError.isEmpty()) << downError.toStdString() << "\n" << context;
        const SchemaDiff afterDown = diffSchemas(db.snapshot(), sa);
        ASSERT_TRUE(afterDown.empty()) << afterDown.toText().toStdString() << context;
    }
    EXPECT_GT(renamesConfirmed, 0) << "the generator made no possible rename to confirm";
    EXPECT_GT(statements, 400);
}

} // namespace
