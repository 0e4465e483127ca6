// Autogenerate on MariaDB (schema/SchemaMigration.h, MysqlMigration.cpp) against the real server
// of tests/services. The round trip is the property: for schema pairs (A, B) generated from a
// seed, migrationScript(A, B) applied to a database holding A gives one diffSchemas() finds equal
// to B, and migrationScript(B, A) applied to B gives A. The pairs cover every object kind the
// writer handles (columns and each of their attributes, column order, primary keys, unique and
// plain indexes, foreign keys, checks, triggers, views, sequences, table comments and engines,
// renames confirmed or not). Hand-made pairs then take each kind one by one, and databases that
// differ only in their AUTO_INCREMENT counters give an empty script.
//
// ORACLE_SEED picks another seed and ORACLE_PAIRS another number of pairs (50); ORACLE_PAIR=N
// runs pair N alone. A failure prints the seed, both schemas' SQL and the script.

#include "PostgresMariaDbSupport.h"

#include "schema/SchemaDiff.h"
#include "schema/SchemaMigration.h"
#include "workflows/SchemaInspection.h"

#include <QElapsedTimer>

#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <random>

// QString in gtest's messages (the support header's PrintTo is not found for it by ADL here).
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;
using namespace retort::test;

namespace {

// ---------------------------------------------------------------------------------------------
// A schema as data, rendered to SQL: what is not valid at render time (an index on a column
// that is gone, a foreign key to a MyISAM table) is left out, so every mutation gives a schema.

struct Col {
    QString name, type;
    bool notNull = false;
    QString def; // SQL text of the default, "" for none
    QString comment;
    QString collation;
    QString gen; // generated expression, "" for a plain column
    bool stored = false;
    bool autoInc = false;
    QString check; // a column-level CHECK clause
};

struct Idx {
    QString name;
    QStringList cols;
    bool unique = false;
};

struct Fk {
    QString name, col, refTable, onDelete;
};

struct Chk {
    QString name, expr;
};

struct Trg {
    QString name, timing, event, col; // col: the column the body sets ("" for a variable)
};

struct Table {
    QString name;
    std::vector<Col> cols;
    QStringList pk;
    std::vector<Idx> idx;
    std::vector<Fk> fks;
    std::vector<Chk> checks;
    std::vector<Trg> triggers;
    QString comment;
    QString engine = "InnoDB";
};

struct View {
    QString name, from; // from: a table or an earlier view
    QStringList cols;
    QString where;
};

struct Seq {
    QString name;
    qint64 start = 1, inc = 1, min = 1, max = 1000000, cache = 1000;
    bool cycle = false;
};

struct Spec {
    std::vector<Table> tables;
    std::vector<View> views;
    std::vector<Seq> seqs;
};

QString q(const QString &name)
{
    return "`" + name + "`";
}

const Col *findCol(const Table &t, const QString &name)
{
    for (const Col &c : t.cols)
        if (c.name == name)
            return &c;
    return nullptr;
}

const Table *findTable(const Spec &s, const QString &name)
{
    for (const Table &t : s.tables)
        if (t.name == name)
            return &t;
    return nullptr;
}

bool isInt(const Col *c)
{
    return c && (c->type == "int" || c->type == "bigint" || c->type == "smallint") &&
           c->gen.isEmpty();
}

// The key a table's foreign keys point at: its single-column int primary key `id`.
bool referable(const Table *t)
{
    return t && t->engine == "InnoDB" && t->pk == QStringList{"id"} && isInt(findCol(*t, "id"));
}

QString colSql(const Table &t, const Col &c)
{
    QString s = q(c.name) + " " + c.type;
    if (!c.collation.isEmpty())
        s += " COLLATE " + c.collation;
    if (!c.gen.isEmpty()) {
        s += QString(" GENERATED ALWAYS AS (%1) %2").arg(c.gen, c.stored ? "STORED" : "VIRTUAL");
    } else {
        if (c.notNull || t.pk.contains(c.name))
            s += " NOT NULL";
        if (!c.def.isEmpty())
            s += " DEFAULT " + c.def;
        if (c.autoInc)
            s += " AUTO_INCREMENT";
    }
    if (!c.comment.isEmpty())
        s += " COMMENT '" + c.comment + "'";
    if (!c.check.isEmpty())
        s += " CHECK (" + c.check + ")";
    return s;
}

// Generated columns read `n` only; checks and triggers name one column each.
bool genValid(const Table &t, const Col &c)
{
    return c.gen.isEmpty() || isInt(findCol(t, "n"));
}

QStringList render(const Spec &s)
{
    QStringList out{"SET SESSION foreign_key_checks = 0"}; // keys inline, tables in any order
    for (const Seq &x : s.seqs)
        out << QString("CREATE SEQUENCE %1 START WITH %2 INCREMENT BY %3 MINVALUE %4 MAXVALUE %5 "
                       "CACHE %6 %7")
                   .arg(q(x.name))
                   .arg(x.start)
                   .arg(x.inc)
                   .arg(x.min)
                   .arg(x.max)
                   .arg(x.cache)
                   .arg(x.cycle ? "CYCLE" : "NOCYCLE");
    for (const Table &t : s.tables) {
        QStringList lines;
        for (const Col &c : t.cols)
            if (genValid(t, c))
                lines << colSql(t, c);
        if (!t.pk.isEmpty()) {
            QStringList cols;
            for (const QString &c : t.pk)
                cols << q(c);
            lines << "PRIMARY KEY (" + cols.join(", ") + ")";
        }
        for (const Idx &i : t.idx) {
            QStringList cols;
            for (const QString &c : i.cols)
                if (findCol(t, c) && genValid(t, *findCol(t, c)) &&
                    (t.engine == "InnoDB" || findCol(t, c)->gen.isEmpty()))
                    cols << q(c);
            if (!cols.isEmpty())
                lines << QString("%1KEY %2 (%3)")
                             .arg(i.unique ? "UNIQUE " : "", q(i.name), cols.join(", "));
        }
        for (const Chk &c : t.checks)
            if (isInt(findCol(t, c.expr.section(' ', 0, 0).remove('`'))))
                lines << QString("CONSTRAINT %1 CHECK (%2)").arg(q(c.name), c.expr);
        for (const Fk &k : t.fks) {
            const Col *c = findCol(t, k.col);
            const Table *ref = findTable(s, k.refTable);
            if (t.engine != "InnoDB" || !isInt(c) || !referable(ref) ||
                findCol(*ref, "id")->type != c->type || (k.onDelete == "SET NULL" && c->notNull))
                continue;
            lines << QString("CONSTRAINT %1 FOREIGN KEY (%2) REFERENCES %3 (`id`)%4")
                         .arg(q(k.name), q(k.col), q(k.refTable),
                              k.onDelete.isEmpty() ? QString() : " ON DELETE " + k.onDelete);
        }
        QString sql = QString("CREATE TABLE %1 (\n  %2\n) ENGINE=%3")
                          .arg(q(t.name), lines.join(",\n  "), t.engine);
        if (!t.comment.isEmpty())
            sql += " COMMENT='" + t.comment + "'";
        out << sql;
    }
    out << "SET SESSION foreign_key_checks = 1"; // the scripts run with the checks on
    for (const Table &t : s.tables)
        for (const Trg &g : t.triggers) {
            const Col *c = findCol(t, g.col);
            const QString body = isInt(c) && !t.pk.contains(g.col)
                                     ? QString("SET NEW.%1 = COALESCE(NEW.%1, 0) + 1").arg(q(g.col))
                                     : QString("SET @%1 = 1").arg(g.name);
            out << QString("CREATE TRIGGER %1 %2 %3 ON %4 FOR EACH ROW %5")
                       .arg(q(g.name), g.timing, g.event, q(t.name), body);
        }
    QHash<QString, QStringList> viewCols; // rendered views and their columns
    for (const View &v : s.views) {
        QStringList available;
        if (const Table *t = findTable(s, v.from)) {
            for (const Col &c : t->cols)
                if (genValid(*t, c))
                    available << c.name;
        } else {
            available = viewCols.value(v.from);
        }
        QStringList cols;
        for (const QString &c : v.cols)
            if (available.contains(c))
                cols << q(c);
        if (cols.isEmpty())
            continue;
        QString sql = QString("CREATE VIEW %1 AS SELECT %2 FROM %3")
                          .arg(q(v.name), cols.join(", "), q(v.from));
        if (!v.where.isEmpty() && available.contains(v.where))
            sql += QString(" WHERE %1 IS NOT NULL").arg(q(v.where));
        out << sql;
        QStringList names;
        for (const QString &c : cols)
            names << QString(c).remove('`');
        viewCols.insert(v.name, names);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Random schemas and mutations.

class Gen {
public:
    explicit Gen(unsigned seed) : m_rng(seed) {}

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_rng); }
    bool chance(int percent) { return pick(100) < percent; }
    template <typename T> T &any(std::vector<T> &v) { return v[size_t(pick(int(v.size())))]; }
    QString anyOf(const QStringList &l) { return l[pick(int(l.size()))]; }
    QString fresh(const QString &prefix) { return prefix + QString::number(++m_serial); }

    Col column()
    {
        Col c;
        c.name = fresh("c");
        switch (pick(8)) {
        case 0:
        case 1:
            c.type = anyOf({"int", "bigint", "smallint"});
            if (chance(40))
                c.def = QString::number(pick(50));
            if (chance(20))
                c.check = q(c.name) + " > -1000";
            break;
        case 2:
        case 3:
            c.type = QString("varchar(%1)").arg(10 + pick(60));
            if (chance(40))
                c.def = "'" + anyOf({"a", "x y", "it''s"}) + "'";
            if (chance(30))
                c.collation = anyOf({"utf8mb4_bin", "utf8mb4_unicode_ci", "latin1_bin"});
            break;
        case 4:
            c.type = anyOf({"decimal(10,2)", "decimal(8,3)"});
            if (chance(40))
                c.def = "0.00";
            break;
        case 5:
            c.type = anyOf({"datetime", "date"});
            if (chance(30) && c.type == "datetime")
                c.def = "current_timestamp()";
            break;
        case 6:
            c.type = anyOf({"enum('a','b')", "enum('a','b','c')"});
            if (chance(50))
                c.def = "'a'";
            break;
        default:
            c.type = "text";
            break;
        }
        c.notNull = chance(30);
        if (chance(25))
            c.comment = anyOf({"note", "the value", "x"});
        return c;
    }

    Table table()
    {
        Table t;
        t.name = fresh("t");
        if (chance(80)) {
            Col id;
            id.name = "id";
            id.type = "int";
            id.notNull = true;
            id.autoInc = chance(70);
            t.cols.push_back(id);
            t.pk = {"id"};
        }
        if (chance(70)) {
            Col n;
            n.name = "n";
            n.type = "int";
            t.cols.push_back(n);
        }
        const int extra = 1 + pick(3);
        for (int i = 0; i < extra; ++i)
            t.cols.push_back(column());
        if (t.pk.isEmpty() && chance(50)) {
            Col &c = t.cols.back();
            if (c.type != "text") {
                c.notNull = true;
                t.pk = {c.name};
            }
        }
        if (findCol(t, "n") && chance(40)) {
            Col g;
            g.name = fresh("g");
            g.type = "int";
            g.gen = QString("`n` * %1").arg(2 + pick(3));
            g.stored = chance(50);
            t.cols.push_back(g);
        }
        if (chance(60))
            addIndex(t);
        if (chance(40) && findCol(t, "n"))
            t.checks.push_back({fresh("chk"), QString("`n` >= %1").arg(-pick(100))});
        if (chance(30))
            t.triggers.push_back({fresh("trg"), "BEFORE", anyOf({"INSERT", "UPDATE"}), "n"});
        if (chance(30))
            t.comment = anyOf({"people", "things we keep"});
        return t;
    }

    void addIndex(Table &t)
    {
        QStringList candidates;
        for (const Col &c : t.cols)
            if (c.type != "text" && !t.pk.contains(c.name))
                candidates << c.name;
        if (candidates.isEmpty())
            return;
        Idx i;
        i.name = fresh("ix");
        i.cols << anyOf(candidates);
        if (candidates.size() > 1 && chance(30)) {
            const QString second = anyOf(candidates);
            if (!i.cols.contains(second))
                i.cols << second;
        }
        i.unique = chance(30);
        t.idx.push_back(i);
    }

    void addForeignKey(Spec &s, Table &t)
    {
        std::vector<const Table *> targets;
        for (const Table &x : s.tables)
            if (referable(&x) && x.name != t.name)
                targets.push_back(&x);
        if (targets.empty() || t.engine != "InnoDB")
            return;
        const Table *ref = targets[size_t(pick(int(targets.size())))];
        Col c = column();
        c.type = findCol(*ref, "id")->type;
        c.def.clear();
        c.check.clear();
        c.name = fresh("ref");
        t.cols.push_back(c);
        t.fks.push_back({fresh("fk"), c.name, ref->name,
                         anyOf({"", "CASCADE", c.notNull ? "CASCADE" : "SET NULL"})});
    }

    View view(const Spec &s)
    {
        View v;
        v.name = fresh("v");
        const Table &t = s.tables[size_t(pick(int(s.tables.size())))];
        v.from = t.name;
        for (const Col &c : t.cols)
            if (chance(60))
                v.cols << c.name;
        if (v.cols.isEmpty() && !t.cols.empty())
            v.cols << t.cols.front().name;
        if (chance(30) && !t.cols.empty())
            v.where = t.cols.back().name;
        // Sometimes a view over an earlier view of the same table.
        for (const View &earlier : s.views)
            if (earlier.from == t.name && chance(40)) {
                v.from = earlier.name;
                v.cols = earlier.cols.mid(0, 1);
                v.where.clear();
                break;
            }
        return v;
    }

    Seq sequence()
    {
        Seq x;
        x.name = fresh("seq");
        x.start = 1 + pick(100);
        x.inc = 1 + pick(5);
        x.max = 100000 + pick(1000);
        x.cache = anyOf({"0", "10", "1000"}).toInt();
        x.cycle = chance(30);
        return x;
    }

    Spec schema()
    {
        Spec s;
        const int tables = 2 + pick(2);
        for (int i = 0; i < tables; ++i)
            s.tables.push_back(table());
        for (Table &t : s.tables)
            if (chance(50))
                addForeignKey(s, t);
        const int views = pick(3);
        for (int i = 0; i < views; ++i)
            s.views.push_back(view(s));
        if (chance(50))
            s.seqs.push_back(sequence());
        return s;
    }

    // One random change; `what` says which (for the failure message).
    void mutate(Spec &s, QStringList &what)
    {
        Table &t = any(s.tables);
        std::vector<Col *> plain; // columns that are neither the key nor generated
        for (Col &c : t.cols)
            if (!t.pk.contains(c.name) && c.gen.isEmpty() && !c.name.startsWith("ref"))
                plain.push_back(&c);
        const int kind = pick(30);
        what << QString("%1:%2").arg(kind).arg(t.name);
        switch (kind) {
        case 0: { // add a column somewhere
            const auto at = t.cols.begin() + pick(int(t.cols.size()) + 1);
            t.cols.insert(at, column());
            break;
        }
        case 1: // drop a column (a table keeps one that is neither generated nor a key's)
            if (plain.size() > 1 || (!plain.empty() && findCol(t, "id"))) {
                const QString name = plain[size_t(pick(int(plain.size())))]->name;
                std::erase_if(t.cols, [&](const Col &c) { return c.name == name; });
            }
            break;
        case 2: // type: wider or narrower
            if (!plain.empty()) {
                Col &c = *plain[size_t(pick(int(plain.size())))];
                if (c.type.startsWith("varchar"))
                    c.type = QString("varchar(%1)").arg(10 + pick(80));
                else if (isInt(&c))
                    c.type = anyOf({"int", "bigint", "smallint"});
                else if (c.type.startsWith("decimal"))
                    c.type = anyOf({"decimal(12,2)", "decimal(10,2)", "decimal(8,3)"});
                else if (c.type.startsWith("enum"))
                    c.type = anyOf({"enum('a','b')", "enum('a','b','c')", "enum('a','b','d')"});
            }
            break;
        case 3: // nullable
            if (!plain.empty()) {
                Col &c = *plain[size_t(pick(int(plain.size())))];
                c.notNull = !c.notNull;
            }
            break;
        case 4: // default
            if (!plain.empty()) {
                Col &c = *plain[size_t(pick(int(plain.size())))];
                if (isInt(&c))
                    c.def = chance(30) ? QString() : QString::number(pick(99));
                else if (c.type.startsWith("varchar"))
                    c.def = chance(30) ? QString() : "'d" + QString::number(pick(9)) + "'";
                else if (c.type.startsWith("enum"))
                    c.def = c.def.isEmpty() ? "'b'" : QString();
            }
            break;
        case 5: // comment
            if (!t.cols.empty()) {
                Col &c = any(t.cols);
                c.comment = c.comment.isEmpty() ? "changed" : QString();
            }
            break;
        case 6: // collation
            for (Col *c : plain)
                if (c->type.startsWith("varchar")) {
                    c->collation = c->collation == "utf8mb4_bin" ? "" : "utf8mb4_bin";
                    break;
                }
            break;
        case 7: // move a column
            if (t.cols.size() > 1) {
                const size_t from = size_t(pick(int(t.cols.size())));
                Col c = t.cols[from];
                t.cols.erase(t.cols.begin() + long(from));
                t.cols.insert(t.cols.begin() + pick(int(t.cols.size()) + 1), c);
            }
            break;
        case 8: // rename a column (a possible rename)
            if (!plain.empty()) {
                Col &c = *plain[size_t(pick(int(plain.size())))];
                const QString old = c.name;
                c.name = fresh("r");
                if (chance(30)) // renamed and changed: CHANGE COLUMN
                    c.comment = "renamed";
                for (Idx &i : t.idx)
                    i.cols.replaceInStrings(QRegularExpression("^" + old + "$"), c.name);
                if (c.check.contains(q(old)))
                    c.check.replace(q(old), q(c.name));
                for (View &v : s.views)
                    v.cols.replaceInStrings(QRegularExpression("^" + old + "$"), c.name);
            }
            break;
        case 9: // add an index
            addIndex(t);
            break;
        case 10: // drop an index
            if (!t.idx.empty())
                t.idx.erase(t.idx.begin() + pick(int(t.idx.size())));
            break;
        case 11: // index: columns, uniqueness or name
            if (!t.idx.empty()) {
                Idx &i = any(t.idx);
                const int how = pick(3);
                if (how == 0)
                    i.unique = !i.unique;
                else if (how == 1)
                    i.name = fresh("ix");
                else if (!plain.empty())
                    i.cols = QStringList{plain[size_t(pick(int(plain.size())))]->name};
            }
            break;
        case 12: // primary key
            if (t.pk == QStringList{"id"} && findCol(t, "n") && findCol(t, "n")->gen.isEmpty()) {
                t.pk = chance(50) ? QStringList{"id", "n"} : QStringList{"n", "id"};
                if (t.pk.front() == "n") // AUTO_INCREMENT needs a key that starts with it
                    const_cast<Col *>(findCol(t, "id"))->autoInc = false;
            } else if (t.pk.size() == 2) {
                t.pk = {"id"};
            } else if (t.pk.isEmpty() && !plain.empty() && plain.front()->type != "text") {
                plain.front()->notNull = true;
                t.pk = {plain.front()->name};
            } else if (!t.pk.isEmpty() && t.pk != QStringList{"id"}) {
                t.pk.clear();
            }
            break;
        case 13: // auto_increment
            if (Col *id = const_cast<Col *>(findCol(t, "id")); id && t.pk.startsWith("id"))
                id->autoInc = t.pk.size() == 1 ? !id->autoInc : false;
            break;
        case 14: // add a foreign key
            addForeignKey(s, t);
            break;
        case 15: // drop a foreign key or change its action
            if (!t.fks.empty()) {
                if (chance(50))
                    t.fks.erase(t.fks.begin() + pick(int(t.fks.size())));
                else
                    any(t.fks).onDelete = any(t.fks).onDelete == "CASCADE" ? "" : "CASCADE";
            }
            break;
        case 16: // checks
            if (!t.checks.empty() && chance(50)) {
                if (chance(50))
                    t.checks.clear();
                else
                    t.checks.front().expr = QString("`n` >= %1").arg(-pick(100) - 200);
            } else if (findCol(t, "n")) {
                t.checks.push_back({fresh("chk"), QString("`n` <> %1").arg(pick(1000) + 5000)});
            }
            break;
        case 17: // a column check
            for (Col *c : plain)
                if (isInt(c)) {
                    c->check = c->check.isEmpty() ? q(c->name) + " <> 77" : QString();
                    break;
                }
            break;
        case 18: // triggers
            if (!t.triggers.empty() && chance(60)) {
                if (chance(50))
                    t.triggers.clear();
                else
                    t.triggers.front().event =
                        t.triggers.front().event == "INSERT" ? "UPDATE" : "INSERT";
            } else {
                t.triggers.push_back({fresh("trg"), "BEFORE", anyOf({"INSERT", "UPDATE"}), "n"});
            }
            break;
        case 19: // views
            if (!s.views.empty() && chance(50)) {
                if (chance(50))
                    s.views.erase(s.views.begin() + pick(int(s.views.size())));
                else
                    any(s.views).where.clear();
            } else {
                s.views.push_back(view(s));
            }
            break;
        case 20: // sequences
            if (!s.seqs.empty() && chance(60)) {
                Seq &x = any(s.seqs);
                if (chance(30))
                    s.seqs.clear();
                else if (chance(50))
                    x.inc += 1;
                else
                    x.max += 500, x.cycle = !x.cycle;
            } else {
                s.seqs.push_back(sequence());
            }
            break;
        case 21: // table comment
            t.comment = t.comment.isEmpty() ? "commented" : QString();
            break;
        case 22: // engine
            t.engine = t.engine == "InnoDB" ? anyOf({"Aria", "MyISAM"}) : "InnoDB";
            break;
        case 23: // add a table
            s.tables.push_back(table());
            break;
        case 24: // drop a table
            if (s.tables.size() > 1)
                s.tables.erase(s.tables.begin() + pick(int(s.tables.size())));
            break;
        case 25: // rename a table (a possible rename)
            for (View &v : s.views)
                if (v.from == t.name)
                    v.from = "t_renamed_" + t.name;
            for (Table &x : s.tables)
                for (Fk &k : x.fks)
                    if (k.refTable == t.name)
                        k.refTable = "t_renamed_" + t.name;
            t.name = "t_renamed_" + t.name;
            break;
        case 26: // generated columns
            for (Col &c : t.cols)
                if (!c.gen.isEmpty()) {
                    if (chance(50))
                        c.stored = !c.stored;
                    else
                        c.gen = "`n` + 1";
                    break;
                }
            break;
        case 27: { // a referenced key widens with the keys pointing at it
            Table *target = &t;
            for (Table &x : s.tables)
                for (const Fk &k : x.fks)
                    if (Table *r = const_cast<Table *>(findTable(s, k.refTable)); referable(r))
                        target = r;
            if (Table &r = *target; referable(&r)) {
                Col *id = const_cast<Col *>(findCol(r, "id"));
                const QString type = id->type == "int" ? "bigint" : "int";
                id->type = type;
                for (Table &x : s.tables)
                    for (const Fk &k : x.fks)
                        if (k.refTable == r.name)
                            for (Col &c : x.cols)
                                if (c.name == k.col)
                                    c.type = type;
            }
            break;
        }
        case 28: { // a column becomes generated or stops being
            Col *g = nullptr;
            {
                for (Col &c : t.cols)
                    if (!c.gen.isEmpty())
                        g = &c;
                if (g) {
                    g->gen.clear();
                } else if (findCol(t, "n")) {
                    Col c;
                    c.name = fresh("g");
                    c.type = "int";
                    c.gen = "`n` * 3";
                    t.cols.insert(t.cols.begin() + pick(int(t.cols.size()) + 1), c);
                }
            }
            break;
        }
        default: // several at once in one table
            if (!plain.empty()) {
                Col &c = *plain[size_t(pick(int(plain.size())))];
                c.comment = "both";
                c.notNull = !c.notNull;
            }
            addIndex(t);
            break;
        }
    }

private:
    std::mt19937 m_rng;
    int m_serial = 0;
};

// ---------------------------------------------------------------------------------------------
// The server side: a database per side, one connection each.

// The two sides of a pair work at once, each in a thread of its own: exec() opens a connection
// in the calling thread; the database is created and dropped by the test's thread.
class Side {
public:
    Side() : m_db(Server::MariaDb) {}

    bool ok() const { return m_db.ok(); }

    // Runs each statement on one connection; "" or the first failure with the statement.
    // Comment-only entries (a note without SQL) are skipped.
    QString exec(const QStringList &statements) const
    {
        static QAtomicInt serial;
        const QString name = QString("mig-%1").arg(serial.fetchAndAddRelaxed(1));
        QString error;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QMYSQL", name);
            db.setHostName(m_db.host());
            db.setPort(m_db.port());
            db.setUserName(m_db.user());
            db.setPassword(m_db.password());
            db.setDatabaseName(m_db.name());
            if (!db.open())
                error = db.lastError().text();
            for (const QString &sql : statements) {
                if (!error.isEmpty())
                    break;
                const QStringList lines = sql.split('\n');
                if (std::all_of(lines.begin(), lines.end(),
                                [](const QString &l) { return l.startsWith("--"); }))
                    continue;
                QSqlQuery query(db);
                if (!query.exec(sql))
                    error = sql + "\n  => " + query.lastError().text();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return error;
    }

    SchemaSnapshot inspect() const
    {
        Result<SchemaSnapshot> s = inspectEnvironment(m_db.env(), m_db.secrets());
        EXPECT_TRUE(s) << (s ? "" : s.error().toString().toStdString());
        return s ? *s : SchemaSnapshot{};
    }

private:
    ServerDb m_db;
};

// Applies migrationScript(from, to) to `side` (holding `from`) and returns what still differs
// from `to` afterwards, with the script, or "" when the round trip holds.
QString roundTrip(const Side &side, const SchemaSnapshot &from, const SchemaSnapshot &to,
                  const MigrationScriptOptions &options, MigrationScript *written = nullptr)
{
    const MigrationScript script = migrationScript(from, to, options);
    if (written)
        *written = script;
    if (const QString error = side.exec(script.statements); !error.isEmpty())
        return "the script failed at:\n" + error + "\n\nscript:\n" + script.text();
    const SchemaDiff left = diffSchemas(side.inspect(), to, options.diff);
    if (!left.empty())
        return "after the script, still:\n" + left.toText() + "\nscript:\n" + script.text();
    return {};
}

unsigned seedFromEnvironment()
{
    const QByteArray env = qgetenv("ORACLE_SEED");
    bool ok = false;
    const unsigned seed = env.toUInt(&ok);
    return ok ? seed : 20261207u;
}

TEST(SchemaMigrationMariaDb, RoundTripHoldsOnGeneratedSchemaPairs)
{
    AppScope app;
    const unsigned seed = seedFromEnvironment();
    std::cout << "ORACLE_SEED=" << seed << std::endl;
    Gen gen(seed);
    QElapsedTimer timer;
    timer.start();
    const int kPairs = qEnvironmentVariableIsSet("ORACLE_PAIRS")
                           ? qEnvironmentVariableIntValue("ORACLE_PAIRS")
                           : 50;
    int withRenames = 0, reviewed = 0;
    for (int pair = 0; pair < kPairs; ++pair) {
        Spec base = gen.schema();
        Spec specA = base, specB = base;
        QStringList what;
        const int changesA = gen.pick(2), changesB = 1 + gen.pick(4);
        for (int i = 0; i < changesA; ++i)
            gen.mutate(specA, what);
        what << "|";
        for (int i = 0; i < changesB; ++i)
            gen.mutate(specB, what);
        const bool confirm = gen.chance(50); // renames confirmed on about every other pair
        const QStringList sqlA = render(specA), sqlB = render(specB);
        if (const int only = qEnvironmentVariableIntValue("ORACLE_PAIR");
            qEnvironmentVariableIsSet("ORACLE_PAIR") && only != pair)
            continue;
        const std::string context =
            QString("seed %1, pair %2 (mutations %3)\n-- A:\n%4;\n-- B:\n%5;\n")
                .arg(seed)
                .arg(pair)
                .arg(what.join(' '), sqlA.join(";\n"), sqlB.join(";\n"))
                .toStdString();
        Side a, b;
        ASSERT_TRUE(a.ok() && b.ok());
        // Each side in a thread of its own: the server's commits overlap.
        auto build = [](const Side &side, const QStringList &sql) {
            return std::async(std::launch::async, [&side, sql] {
                const QString error = side.exec(sql);
                return std::make_pair(error, error.isEmpty() ? side.inspect() : SchemaSnapshot{});
            });
        };
        auto builtA = build(a, sqlA), builtB = build(b, sqlB);
        const auto [createdA, sa] = builtA.get();
        const auto [createdB, sb] = builtB.get();
        ASSERT_TRUE(createdA.isEmpty() && createdB.isEmpty())
            << (createdA + createdB).toStdString() << "\n"
            << context;
        MigrationScriptOptions up, down;
        if (confirm) {
            up.renames = possibleRenames(diffSchemas(sa, sb));
            down.renames = possibleRenames(diffSchemas(sb, sa));
            withRenames += up.renames.empty() ? 0 : 1;
        }
        MigrationScript script;
        auto forwardRun =
            std::async(std::launch::async, [&] { return roundTrip(a, sa, sb, up, &script); });
        auto backwardRun =
            std::async(std::launch::async, [&] { return roundTrip(b, sb, sa, down); });
        const QString forward = forwardRun.get(), backward = backwardRun.get();
        ASSERT_TRUE(forward.isEmpty()) << "A → B: " << forward.toStdString() << "\n" << context;
        ASSERT_TRUE(backward.isEmpty()) << "B → A: " << backward.toStdString() << "\n" << context;
        reviewed += script.reviews.isEmpty() ? 0 : 1;
    }
    std::cout << kPairs << " pairs (" << withRenames << " with confirmed renames, " << reviewed
              << " with review notes) in " << timer.elapsed() << " ms" << std::endl;
}

// ---------------------------------------------------------------------------------------------
// Hand-made pairs: one object kind or attribute each, both directions, with the statement the
// A → B script must hold.

struct HandMade {
    const char *name;
    QStringList a, b;
    QString expect;       // in the A → B script
    bool confirm = false; // confirm the possible renames
    QString review = {};  // a REVIEW note the A → B script must carry ("" for none expected)
};

const QString kParent = "CREATE TABLE p (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v int)";

const std::vector<HandMade> kHandMade = {
    {"ColumnType",
     {"CREATE TABLE t (id int PRIMARY KEY, v int)"},
     {"CREATE TABLE t (id int PRIMARY KEY, v bigint)"},
     "MODIFY COLUMN `v` bigint(20) DEFAULT NULL"},
    {"ColumnNotNull",
     {"CREATE TABLE t (id int PRIMARY KEY, v int)"},
     {"CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL)"},
     "MODIFY COLUMN `v` int(11) NOT NULL",
     false,
     "NOT NULL"},
    {"ColumnDefault",
     {"CREATE TABLE t (id int PRIMARY KEY, v varchar(10) DEFAULT 'a')"},
     {"CREATE TABLE t (id int PRIMARY KEY, v varchar(10) DEFAULT 'it''s')"},
     "MODIFY COLUMN `v` varchar(10) DEFAULT 'it''s'"},
    {"ColumnCollation",
     {"CREATE TABLE t (id int PRIMARY KEY, v varchar(10))"},
     {"CREATE TABLE t (id int PRIMARY KEY, v varchar(10) COLLATE utf8mb4_bin)"},
     "COLLATE utf8mb4_bin"},
    {"ColumnComment",
     {"CREATE TABLE t (id int PRIMARY KEY, v int)"},
     {"CREATE TABLE t (id int PRIMARY KEY, v int COMMENT 'the v')"},
     "COMMENT 'the v'"},
    {"ColumnAutoIncrement",
     {"CREATE TABLE t (id int NOT NULL PRIMARY KEY, v int)"},
     {"CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v int)"},
     "MODIFY COLUMN `id` int(11) NOT NULL AUTO_INCREMENT"},
    {"ColumnTimestampOnUpdate",
     {"CREATE TABLE t (id int PRIMARY KEY, at datetime)"},
     {"CREATE TABLE t (id int PRIMARY KEY, at timestamp NOT NULL DEFAULT current_timestamp() ON "
      "UPDATE current_timestamp())"},
     "ON UPDATE current_timestamp()",
     false,
     "changes the type"},
    {"GeneratedColumn",
     {"CREATE TABLE t (id int PRIMARY KEY, n int, g int AS (n * 2) VIRTUAL)"},
     {"CREATE TABLE t (id int PRIMARY KEY, n int, g int AS (n * 3) STORED)"},
     "ADD COLUMN `g` int(11) GENERATED ALWAYS AS (`n` * 3) STORED AFTER `n`"},
    {"ColumnOrder",
     {"CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int)"},
     {"CREATE TABLE t (c int, id int PRIMARY KEY, b int, a int)"},
     "MODIFY COLUMN `c` int(11) DEFAULT NULL FIRST"},
    {"ColumnAddedAfter",
     {"CREATE TABLE t (id int PRIMARY KEY, a int)"},
     {"CREATE TABLE t (id int PRIMARY KEY, x int, a int)"},
     "ADD COLUMN `x` int(11) DEFAULT NULL AFTER `id`"},
    {"ColumnDropped",
     {"CREATE TABLE t (id int PRIMARY KEY, a int, b date)"},
     {"CREATE TABLE t (id int PRIMARY KEY, a int)"},
     "DROP COLUMN `b`",
     false,
     "drops column"},
    {"ColumnRenameConfirmed",
     {"CREATE TABLE t (id int PRIMARY KEY, a int, KEY ia (a))"},
     {"CREATE TABLE t (id int PRIMARY KEY, b int, KEY ia (b))"},
     "RENAME COLUMN `a` TO `b`",
     true},
    {"ColumnRenameConfirmedChangedAndMoved",
     {"CREATE TABLE t (id int PRIMARY KEY, a int, b int)"},
     {"CREATE TABLE t (id int PRIMARY KEY, b int, z int COMMENT 'was a')"},
     "CHANGE COLUMN `a` `z` int(11) DEFAULT NULL COMMENT 'was a'",
     true},
    {"OddNames",
     {"CREATE TABLE `order items` (`it's` int PRIMARY KEY, `a``b` int)"},
     {"CREATE TABLE `order items` (`it's` int PRIMARY KEY, `a``b` bigint COMMENT 'x''y', "
      "KEY `by a``b` (`a``b`))"},
     "MODIFY COLUMN `a``b` bigint(20) DEFAULT NULL COMMENT 'x''y'"},
    {"FulltextIndex",
     {"CREATE TABLE t (id int PRIMARY KEY, body text)"},
     {"CREATE TABLE t (id int PRIMARY KEY, body text, FULLTEXT KEY body_ft (body))"},
     "ADD FULLTEXT INDEX `body_ft` (`body`)"},
    {"Partitioning",
     {"CREATE TABLE t (id int PRIMARY KEY, v int)"},
     {"CREATE TABLE t (id int PRIMARY KEY, v int) PARTITION BY HASH (id) PARTITIONS 3"},
     "ALTER TABLE `t` PARTITION BY HASH"},
    {"ColumnRenameUnconfirmed",
     {"CREATE TABLE t (id int PRIMARY KEY, a int)"},
     {"CREATE TABLE t (id int PRIMARY KEY, b int)"},
     "ADD COLUMN `b`",
     false,
     "possible rename"},
    {"PrimaryKey",
     {"CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, k int NOT NULL)"},
     {"CREATE TABLE t (id int NOT NULL, k int NOT NULL, PRIMARY KEY (k, id))"},
     "DROP PRIMARY KEY"},
    {"UniqueIndex",
     {"CREATE TABLE t (id int PRIMARY KEY, e varchar(20))"},
     {"CREATE TABLE t (id int PRIMARY KEY, e varchar(20), UNIQUE KEY e_u (e))"},
     "ADD UNIQUE INDEX `e_u` (`e`)"},
    {"IndexColumnsAndPrefix",
     {"CREATE TABLE t (id int PRIMARY KEY, e varchar(20), KEY ie (e))"},
     {"CREATE TABLE t (id int PRIMARY KEY, e varchar(20), KEY ie (e(5), id))"},
     "ADD INDEX `ie` (`e`(5), `id`)"},
    {"IndexRenamed",
     {"CREATE TABLE t (id int PRIMARY KEY, e int, KEY ie (e))"},
     {"CREATE TABLE t (id int PRIMARY KEY, e int, KEY e_idx (e))"},
     "RENAME INDEX `ie` TO `e_idx`"},
    {"ForeignKeyAction",
     {kParent, "CREATE TABLE c (id int PRIMARY KEY, p int, CONSTRAINT fk FOREIGN KEY (p) "
               "REFERENCES p (id))"},
     {kParent, "CREATE TABLE c (id int PRIMARY KEY, p int, CONSTRAINT fk FOREIGN KEY (p) "
               "REFERENCES p (id) ON DELETE SET NULL)"},
     "ADD CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `p` (`id`) ON DELETE SET NULL"},
    {"ForeignKeyWithItsIndex",
     {kParent, "CREATE TABLE c (id int PRIMARY KEY, p int)"},
     {kParent, "CREATE TABLE c (id int PRIMARY KEY, p int, CONSTRAINT fk FOREIGN KEY (p) "
               "REFERENCES p (id))"},
     "ADD INDEX `fk` (`p`)"},
    {"ReferencedKeyWidens",
     {kParent, "CREATE TABLE c (id int PRIMARY KEY, p int, CONSTRAINT fk FOREIGN KEY (p) "
               "REFERENCES p (id))"},
     {"CREATE TABLE p (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, v int)",
      "CREATE TABLE c (id int PRIMARY KEY, p bigint, CONSTRAINT fk FOREIGN KEY (p) REFERENCES p "
      "(id))"},
     "DROP FOREIGN KEY `fk`"},
    {"TableCheck",
     {"CREATE TABLE t (id int PRIMARY KEY, n int, CONSTRAINT pos CHECK (n > 0))"},
     {"CREATE TABLE t (id int PRIMARY KEY, n int, CONSTRAINT pos CHECK (n >= 0), CHECK (n < 9))"},
     "ADD CONSTRAINT `pos` CHECK (`n` >= 0)"},
    {"ColumnCheck",
     {"CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0))"},
     {"CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n <> 5))"},
     "MODIFY COLUMN `n` int(11) DEFAULT NULL CHECK (`n` <> 5)"},
    {"Trigger",
     {"CREATE TABLE t (id int PRIMARY KEY, n int)",
      "CREATE TRIGGER t_n BEFORE INSERT ON t FOR EACH ROW SET NEW.n = 1"},
     {"CREATE TABLE t (id int PRIMARY KEY, n int)",
      "CREATE TRIGGER t_n BEFORE UPDATE ON t FOR EACH ROW BEGIN\n  SET NEW.n = 2;\nEND"},
     "CREATE TRIGGER `t_n` BEFORE UPDATE ON `t` FOR EACH ROW BEGIN"},
    {"ViewsOverAChangedTable",
     {"CREATE TABLE t (id int PRIMARY KEY, n int)", "CREATE VIEW v1 AS SELECT id, n FROM t",
      "CREATE VIEW v2 AS SELECT n FROM v1 WHERE n > 1"},
     {"CREATE TABLE t (id int PRIMARY KEY, n bigint)", "CREATE VIEW v1 AS SELECT id, n FROM t",
      "CREATE VIEW v2 AS SELECT n FROM v1 WHERE n > 2"},
     "DROP VIEW `v2`, `v1`"},
    {"Sequence",
     {"CREATE SEQUENCE s START WITH 10 INCREMENT BY 2"},
     {"CREATE SEQUENCE s START WITH 10 INCREMENT BY 3 MAXVALUE 5000 CYCLE", "CREATE SEQUENCE s2"},
     "ALTER SEQUENCE `s`"},
    {"TableCommentAndEngine",
     {"CREATE TABLE t (id int PRIMARY KEY) ENGINE=InnoDB"},
     {"CREATE TABLE t (id int PRIMARY KEY) ENGINE=Aria COMMENT='kept'"},
     "ENGINE = Aria"},
    {"TableRenameConfirmed",
     {kParent, "CREATE TABLE c (id int PRIMARY KEY, p int, CONSTRAINT fk FOREIGN KEY (p) "
               "REFERENCES p (id))"},
     {"CREATE TABLE parent (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v int)",
      "CREATE TABLE c (id int PRIMARY KEY, p int, CONSTRAINT fk FOREIGN KEY (p) REFERENCES "
      "parent (id))"},
     "RENAME TABLE `p` TO `parent`",
     true},
    {"TablesAddedAndDropped",
     {kParent, "CREATE TABLE gone (id int PRIMARY KEY)"},
     {kParent, "CREATE TABLE c (id int PRIMARY KEY, p int, CONSTRAINT fk FOREIGN KEY (p) "
               "REFERENCES p (id))"},
     "CREATE TABLE `c`",
     false,
     "drops table `gone`"},
};

class SchemaMigrationMariaDbCase : public testing::TestWithParam<HandMade> {};

TEST_P(SchemaMigrationMariaDbCase, RoundTripHoldsBothWays)
{
    AppScope app;
    const HandMade &c = GetParam();
    Side a, b;
    ASSERT_TRUE(a.ok() && b.ok());
    const QString createdA = a.exec(c.a), createdB = b.exec(c.b);
    ASSERT_TRUE(createdA.isEmpty() && createdB.isEmpty()) << (createdA + createdB).toStdString();
    const SchemaSnapshot sa = a.inspect(), sb = b.inspect();
    ASSERT_FALSE(diffSchemas(sa, sb).empty());
    MigrationScriptOptions up, down;
    if (c.confirm) {
        up.renames = possibleRenames(diffSchemas(sa, sb));
        down.renames = reversedRenames(up.renames);
        ASSERT_FALSE(up.renames.empty());
    }
    MigrationScript script;
    const QString forward = roundTrip(a, sa, sb, up, &script);
    EXPECT_TRUE(forward.isEmpty()) << forward.toStdString();
    EXPECT_TRUE(script.text().contains(c.expect)) << script.text().toStdString();
    if (!c.review.isEmpty()) {
        EXPECT_FALSE(script.reviews.filter(c.review).isEmpty()) << script.text().toStdString();
    }
    if (c.review.isEmpty()) {
        for (const QString &note : script.reviews)
            EXPECT_TRUE(note.contains("commits on its own")) << script.text().toStdString();
    }
    const QString backward = roundTrip(b, sb, sa, down);
    EXPECT_TRUE(backward.isEmpty()) << backward.toStdString();
}

INSTANTIATE_TEST_SUITE_P(EachKind, SchemaMigrationMariaDbCase, testing::ValuesIn(kHandMade),
                         [](const testing::TestParamInfo<HandMade> &info) {
                             return std::string(info.param.name);
                         });

TEST(SchemaMigrationMariaDb, AutoIncrementCountersAloneGiveAnEmptyScript)
{
    AppScope app;
    const QStringList schema = {
        "CREATE TABLE customers (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(80))",
        "CREATE TABLE orders (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, customer int, "
        "CONSTRAINT oc FOREIGN KEY (customer) REFERENCES customers (id))"};
    Side a, b;
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_TRUE(a.exec(schema).isEmpty());
    ASSERT_TRUE(b.exec(schema + QStringList{"INSERT INTO customers (email) VALUES ('a'), ('b')",
                                            "INSERT INTO orders (customer) VALUES (2)",
                                            "ALTER TABLE orders AUTO_INCREMENT = 9000"})
                    .isEmpty());
    const SchemaSnapshot sa = a.inspect(), sb = b.inspect();
    ASSERT_NE(sa.relations[1].ddl, sb.relations[1].ddl); // the counters differ
    EXPECT_TRUE(migrationScript(sa, sb).empty()) << migrationScript(sa, sb).text().toStdString();
    EXPECT_TRUE(migrationScript(sb, sa).empty());
}

} // namespace
