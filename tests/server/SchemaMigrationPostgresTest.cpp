// The PostgreSQL migration script (schema/SchemaMigration.h) on the real server of
// tests/services: for generated schema pairs (A, B) and for hand-made ones, one per object kind
// and attribute, migrationScript(A, B) applied to a database holding A gives one whose schema
// diffSchemas() finds equal to B, and migrationScript(B, A) applied after it gives A back. The
// only difference allowed to remain is a column order the script's REVIEW note names (PostgreSQL
// cannot move a column). ORACLE_SEED picks the generator's seed; a failure prints it with both
// schemas and the scripts.

#include "PostgresMariaDbSupport.h"
#include "TestServices.h"

#include "schema/PostgresInspector.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaMigration.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <map>
#include <random>

using namespace retort;
using namespace retort::test;

namespace {

const QString kTouch = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN "
                       "RETURN NEW; END$$";

// A database of the test's own, emptied and filled again for each schema.
class Scratch {
public:
    Scratch() : m_db(Server::Postgres)
    {
        m_name = "mig-" + m_db.name();
        QSqlDatabase c = QSqlDatabase::addDatabase("QPSQL", m_name);
        c.setHostName(m_db.host());
        c.setPort(m_db.port());
        c.setUserName(m_db.user());
        c.setPassword(m_db.password());
        c.setDatabaseName(m_db.name());
        EXPECT_TRUE(c.open()) << c.lastError().text().toStdString();
        QSqlQuery(c).exec("SET client_min_messages = warning");
        // The inspector's session is read-only from then on: a connection of its own.
        QSqlDatabase i = QSqlDatabase::cloneDatabase(c, m_name + "-inspect");
        EXPECT_TRUE(i.open()) << i.lastError().text().toStdString();
    }
    ~Scratch()
    {
        for (const QString &n : {m_name, m_name + "-inspect"}) {
            QSqlDatabase::database(n, false).close();
            QSqlDatabase::removeDatabase(n);
        }
    }
    bool ok() const { return m_db.ok(); }
    const QString &connectionName() const { return m_name; }

    // Runs each statement; "" or the first error (with its statement).
    QString run(const QStringList &statements, bool transaction = false)
    {
        QSqlDatabase c = QSqlDatabase::database(m_name);
        QSqlQuery q(c);
        if (transaction)
            q.exec("BEGIN");
        for (const QString &sql : statements) {
            QString code;
            for (const QString &line : sql.split('\n'))
                if (!line.trimmed().startsWith("--"))
                    code += line + '\n';
            if (code.trimmed().isEmpty())
                continue; // a note only
            if (!q.exec(sql)) {
                const QString error = sql + "\n  => " + q.lastError().databaseText();
                if (transaction)
                    q.exec("ROLLBACK");
                return error;
            }
        }
        if (transaction && !q.exec("COMMIT"))
            return "COMMIT: " + q.lastError().databaseText();
        return {};
    }
    QString reset(const QStringList &schema)
    {
        return run(QStringList{"DROP SCHEMA IF EXISTS billing CASCADE",
                               "DROP SCHEMA public CASCADE", "CREATE SCHEMA public", kTouch} +
                   schema);
    }
    // The primary keys ("t PRIMARY KEY (id)") read from the catalog directly: a check of the
    // inspector's SchemaColumn::primaryKeyPosition, which SchemaDiff compares.
    QString primaryKeys() const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        q.exec("SELECT c.conrelid::regclass::text || ' ' || pg_get_constraintdef(c.oid) FROM "
               "pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = "
               "'p' AND n.nspname = 'public' ORDER BY 1");
        QStringList out;
        while (q.next())
            out << q.value(0).toString();
        return out.join(", ");
    }
    SchemaSnapshot inspect() const
    {
        Result<SchemaSnapshot> s = inspectPostgres(QSqlDatabase::database(m_name + "-inspect"));
        EXPECT_TRUE(s) << (s ? "" : s.error().toString().toStdString());
        return s ? *s : SchemaSnapshot{};
    }

private:
    ServerDb m_db;
    QString m_name;
};

// What is left between `got` and `want`: nothing, or only column orders `notes` name (the
// upgrade's stay after the downgrade).
QString leftover(const SchemaSnapshot &got, const SchemaSnapshot &want, const QStringList &notes)
{
    const SchemaDiff d = diffSchemas(got, want);
    QStringList out;
    for (const SchemaChange &c : d.changes) {
        if (c.change == ChangeKind::OrderOnly) {
            const bool noted = std::any_of(notes.begin(), notes.end(), [&](const QString &r) {
                return r.startsWith("column order of " + c.object);
            });
            if (noted)
                continue;
        }
        out.append(c.object + ": " + c.summary);
    }
    return out.join('\n');
}

struct RoundTrip {
    QString error; // "" when both directions hold
    MigrationScript up, down;
};

std::vector<ConfirmedRename> confirmAll(const SchemaDiff &d)
{
    return possibleRenames(d);
}

// A → B on `db` and back; `confirm` chooses the renames the user confirms.
// `loaded`: both already hold their schema.
RoundTrip roundTrip(
    Scratch &a, Scratch &b, const QStringList &schemaA, const QStringList &schemaB,
    const std::function<std::vector<ConfirmedRename>(const SchemaDiff &)> &confirm = confirmAll,
    bool loaded = false)
{
    RoundTrip out;
    if (QString e = loaded ? QString() : a.reset(schemaA); !e.isEmpty())
        return {"schema A: " + e, {}, {}};
    if (QString e = loaded ? QString() : b.reset(schemaB); !e.isEmpty())
        return {"schema B: " + e, {}, {}};
    const SchemaSnapshot sa = a.inspect(), sb = b.inspect();
    const QString keysA = a.primaryKeys();
    MigrationScriptOptions up;
    up.renames = confirm(diffSchemas(sa, sb));
    out.up = migrationScript(sa, sb, up);
    if (QString e = a.run(out.up.statements, out.up.transactional); !e.isEmpty())
        return {"upgrade failed: " + e, out.up, {}};
    if (QString left = leftover(a.inspect(), sb, out.up.reviews); !left.isEmpty())
        return {"upgrade leaves differences:\n" + left, out.up, {}};
    // A primary key change alone is no difference to the diff (see primaryKeys()): no script.
    const bool blind = diffSchemas(sa, sb).empty();
    if (!blind && a.primaryKeys() != b.primaryKeys())
        return {"upgrade leaves primary keys " + a.primaryKeys() + " for " + b.primaryKeys(),
                out.up,
                {}};
    MigrationScriptOptions down;
    down.renames = reversedRenames(up.renames);
    out.down = migrationScript(sb, sa, down);
    if (QString e = a.run(out.down.statements, out.down.transactional); !e.isEmpty())
        return {"downgrade failed: " + e, out.up, out.down};
    if (QString left = leftover(a.inspect(), sa, out.up.reviews + out.down.reviews);
        !left.isEmpty())
        return {"downgrade leaves differences:\n" + left, out.up, out.down};
    if (!blind && a.primaryKeys() != keysA)
        return {"downgrade leaves primary keys " + a.primaryKeys() + " for " + keysA, out.up,
                out.down};
    return out;
}

std::string report(const RoundTrip &r, const QStringList &a, const QStringList &b)
{
    return ("\n" + r.error + "\n--- A:\n" + a.join(";\n") + "\n--- B:\n" + b.join(";\n") +
            "\n--- upgrade:\n" + r.up.text() + "\n--- downgrade:\n" + r.down.text())
        .toStdString();
}

// ---------------------------------------------------------------------------------------------
// The generator: a small model of a schema, rendered as SQL, and mutations of it.

struct Col {
    QString name, type;
    bool notNull = false;
    QString def, collation, comment, identity, generated;
};

struct Table {
    QString name;
    std::vector<Col> cols;
    QStringList pk;
    std::vector<std::pair<QString, QString>> uniques, checks, indexes, fks, triggers;
    QString comment;
};

struct View {
    QString name, query;
    bool materialized = false;
};

struct Model {
    std::vector<std::pair<QString, QStringList>> enums;
    bool domain = false, domainNotNull = false;
    QString domainDefault, domainCheck = "VALUE > 0";
    std::vector<std::pair<QString, int>> sequences; // name, increment
    std::vector<Table> tables;
    std::vector<View> views;
    bool partitioned = false;
    QString partitionBound = "FROM (0) TO (100)";
    QString comment;              // the partitioned table's
    bool partitionColumn = false; // it has one more column (with a default)
    bool partitionCheck = false;  // and a check
};

QStringList render(const Model &m)
{
    QStringList out;
    for (const auto &[name, labels] : m.enums)
        out << "CREATE TYPE " + name + " AS ENUM ('" + labels.join("', '") + "')";
    if (m.domain)
        out << "CREATE DOMAIN positive AS integer" +
                   (m.domainDefault.isEmpty() ? QString() : " DEFAULT " + m.domainDefault) +
                   (m.domainNotNull ? " NOT NULL" : "") + " CONSTRAINT positive_check CHECK (" +
                   m.domainCheck + ")";
    for (const auto &[name, inc] : m.sequences)
        out << QString("CREATE SEQUENCE %1 INCREMENT BY %2").arg(name).arg(inc);
    for (const Table &t : m.tables) {
        QStringList parts;
        for (const Col &c : t.cols) {
            QString s = c.name + " " + c.type;
            if (!c.collation.isEmpty())
                s += " COLLATE \"" + c.collation + "\"";
            if (!c.generated.isEmpty())
                s += " GENERATED ALWAYS AS (" + c.generated + ") STORED";
            else if (!c.identity.isEmpty())
                s += " GENERATED " + c.identity + " AS IDENTITY";
            else if (!c.def.isEmpty())
                s += " DEFAULT " + c.def;
            if (c.notNull)
                s += " NOT NULL";
            parts << s;
        }
        if (!t.pk.isEmpty())
            parts << "PRIMARY KEY (" + t.pk.join(", ") + ")";
        for (const auto &[n, cols] : t.uniques)
            parts << "CONSTRAINT " + n + " UNIQUE (" + cols + ")";
        for (const auto &[n, e] : t.checks)
            parts << "CONSTRAINT " + n + " CHECK (" + e + ")";
        out << "CREATE TABLE " + t.name + " (" + parts.join(", ") + ")";
        if (!t.comment.isEmpty())
            out << "COMMENT ON TABLE " + t.name + " IS '" + t.comment + "'";
        for (const Col &c : t.cols)
            if (!c.comment.isEmpty())
                out << "COMMENT ON COLUMN " + t.name + "." + c.name + " IS '" + c.comment + "'";
        for (const auto &[n, body] : t.indexes)
            out << "CREATE INDEX " + n + " ON " + t.name + " " + body;
        for (const auto &[n, when] : t.triggers)
            out << "CREATE TRIGGER " + n + " " + when + " ON " + t.name +
                       " FOR EACH ROW EXECUTE FUNCTION touch()";
    }
    for (const Table &t : m.tables)
        for (const auto &[n, body] : t.fks)
            out << "ALTER TABLE " + t.name + " ADD CONSTRAINT " + n + " FOREIGN KEY " + body;
    if (m.partitioned) {
        out << "CREATE TABLE events (id integer NOT NULL, k integer NOT NULL, note text) "
               "PARTITION BY RANGE (k)";
        out << "CREATE TABLE events_a PARTITION OF events FOR VALUES " + m.partitionBound;
        out << "CREATE TABLE events_b PARTITION OF events FOR VALUES FROM (1000) TO (2000)";
        out << "CREATE INDEX events_k ON events (k)";
        if (m.partitionColumn)
            out << "ALTER TABLE events ADD COLUMN extra integer DEFAULT 0 NOT NULL";
        if (m.partitionCheck)
            out << "ALTER TABLE events ADD CONSTRAINT events_k_check CHECK (k >= 0)";
        if (!m.comment.isEmpty())
            out << "COMMENT ON TABLE events IS '" + m.comment + "'";
    }
    for (const View &v : m.views)
        out << QString("CREATE %1VIEW %2 AS %3")
                   .arg(v.materialized ? "MATERIALIZED " : "", v.name, v.query);
    return out;
}

class Generator {
public:
    explicit Generator(quint32 seed) : m_rng(seed) {}

    int pick(int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(m_rng)); }
    bool chance(int percent) { return pick(100) < percent; }
    template <typename T> T &any(std::vector<T> &v) { return v[size_t(pick(int(v.size())))]; }

    QString defaultFor(const QString &type, const Model &m)
    {
        if (type == "integer" || type == "bigint" || type == "smallint")
            return QString::number(pick(9));
        if (type.startsWith("numeric"))
            return pick(2) ? "0" : "1.5";
        if (type == "text" || type.startsWith("character varying"))
            return pick(2) ? "'x'::text" : "'yy'::text";
        if (type == "boolean")
            return pick(2) ? "true" : "false";
        if (type == "timestamp with time zone")
            return "now()";
        if (type == "date")
            return "CURRENT_DATE";
        for (const auto &[name, labels] : m.enums)
            if (type == name)
                return "'" + labels.first() + "'::" + name;
        return {};
    }

    Col column(const Model &m, const QString &name)
    {
        QStringList types{"integer",
                          "bigint",
                          "text",
                          "character varying(20)",
                          "numeric(10,2)",
                          "boolean",
                          "timestamp with time zone",
                          "date"};
        for (const auto &e : m.enums)
            types << e.first;
        if (m.domain)
            types << "positive";
        Col c;
        c.name = name;
        c.type = types[pick(int(types.size()))];
        c.notNull = chance(30);
        if (chance(40))
            c.def = defaultFor(c.type, m);
        if (c.type == "text" && chance(30))
            c.collation = "C";
        if (chance(15))
            c.comment = "about " + name;
        return c;
    }

    Table table(const Model &m, const QString &name)
    {
        Table t;
        t.name = name;
        Col id;
        id.name = "id";
        id.type = "integer";
        id.notNull = true;
        const int idKind = pick(3);
        if (idKind == 1)
            id.identity = pick(2) ? "ALWAYS" : "BY DEFAULT";
        t.cols.push_back(id);
        if (idKind == 2)
            t.cols.back().type = "serial"; // rendered as serial: a sequence of its own
        t.pk = {"id"};
        const int n = 2 + pick(4);
        for (int i = 0; i < n; ++i)
            t.cols.push_back(column(m, QString("c%1").arg(i + 1)));
        if (chance(30))
            t.uniques.push_back({name + "_u", t.cols[1].name});
        if (chance(30))
            t.checks.push_back({name + "_chk", "id > 0"});
        if (chance(50))
            t.indexes.push_back({name + "_ix", "(" + t.cols[2].name + ")"});
        if (chance(20))
            t.triggers.push_back({name + "_touch", "BEFORE UPDATE"});
        if (chance(20))
            t.comment = "table " + name;
        if (chance(20)) {
            Col g;
            g.name = "g";
            g.type = "bigint";
            g.generated = "id * 2";
            t.cols.push_back(g);
        }
        return t;
    }

    Model base()
    {
        Model m;
        static const QStringList labels{"red", "green", "blue", "cyan", "pink"};
        for (int i = pick(3); i > 0; --i)
            m.enums.push_back({QString("e%1").arg(m.enums.size() + 1), labels.mid(0, 2 + pick(3))});
        m.domain = chance(60);
        if (chance(50))
            m.domainDefault = "1";
        if (chance(40))
            m.sequences.push_back({"counter", 1});
        const int n = 2 + pick(3);
        for (int i = 0; i < n; ++i)
            m.tables.push_back(table(m, QString("t%1").arg(i + 1)));
        for (size_t i = 1; i < m.tables.size(); ++i)
            if (chance(50)) {
                Col &c1 = m.tables[i].cols[1];
                c1.type = "integer";
                c1.def.clear();
                c1.collation.clear();
                m.tables[i].fks.push_back(
                    {m.tables[i].name + "_fk",
                     "(c1) REFERENCES " + m.tables[i - 1].name + "(id) ON DELETE CASCADE"});
            }
        if (chance(40))
            m.views.push_back({"v1", "SELECT id, c1 FROM t1 WHERE id > 10", false});
        if (chance(25))
            m.views.push_back({"mv1", "SELECT count(*) AS n FROM t2", true});
        m.partitioned = chance(50);
        return m;
    }

    static constexpr int kMutations = 31;

    // One change of kind `kind` (0 … kKinds - 1; -1: any); false when it does not apply to `m`.
    bool mutate(Model &m, int kind = -1)
    {
        const int serial = ++m_serial;
        Table &t = any(m.tables);
        const QString fresh = QString("n%1").arg(serial);
        m_kind = kind < 0 ? pick(kMutations) : kind;
        switch (m_kind) {
        case 0:
            m.tables.push_back(table(m, "t_" + fresh));
            return true;
        case 1: { // drop a table nothing reads
            for (size_t i = 0; i < m.tables.size(); ++i) {
                bool used = false;
                for (const Table &o : m.tables)
                    for (const auto &fk : o.fks)
                        used = used || fk.second.contains("REFERENCES " + m.tables[i].name + "(");
                for (const View &v : m.views)
                    used = used || v.query.contains(m.tables[i].name);
                if (!used && m.tables.size() > 1) {
                    m.tables.erase(m.tables.begin() + qsizetype(i));
                    return true;
                }
            }
            return false;
        }
        case 2: { // the same table under another name: a possible rename
            for (const View &v : m.views)
                if (v.query.contains(t.name))
                    return false;
            for (const Table &o : m.tables)
                for (const auto &fk : o.fks)
                    if (fk.second.contains("REFERENCES " + t.name + "("))
                        return false;
            t.name = "r_" + fresh;
            for (auto &u : t.uniques)
                u.first = t.name + "_u";
            for (auto &c : t.checks)
                c.first = t.name + "_chk";
            for (auto &i : t.indexes)
                i.first = t.name + "_ix";
            for (auto &tr : t.triggers)
                tr.first = t.name + "_touch";
            for (auto &fk : t.fks)
                fk.first = t.name + "_fk";
            return true;
        }
        case 3: // add a column, at the end or in the middle
            t.cols.insert(chance(80) ? t.cols.end() : t.cols.begin() + 1, column(m, "a_" + fresh));
            return true;
        case 4:
        case 5: { // drop or rename a column nothing else names
            const Col &c = t.cols.back();
            if (t.cols.size() < 4 || c.name == "id")
                return false;
            for (const auto &list : {t.uniques, t.checks, t.indexes, t.fks})
                for (const auto &[n, body] : list)
                    if (body.contains(c.name))
                        return false;
            for (const View &v : m.views)
                if (v.query.contains(c.name))
                    return false;
            for (const Col &o : t.cols)
                if (o.generated.contains(c.name))
                    return false;
            if (pick(2))
                t.cols.pop_back();
            else
                t.cols.back().name = "rn_" + fresh;
            return true;
        }
        case 6: { // change a type
            Col &c = t.cols[size_t(1 + pick(int(t.cols.size()) - 1))];
            static const QHash<QString, QString> next{
                {"integer", "bigint"},
                {"bigint", "integer"},
                {"character varying(20)", "character varying(50)"},
                {"text", "character varying(30)"},
                {"numeric(10,2)", "numeric(12,3)"},
                {"date", "timestamp with time zone"}};
            if (!next.contains(c.type) || !c.generated.isEmpty())
                return false; // (a view reading it is dropped and created again)
            c.type = next.value(c.type);
            c.collation.clear();
            if (!c.def.isEmpty())
                c.def = defaultFor(c.type, m);
            return true;
        }
        case 7: {
            Col &c = t.cols[size_t(1 + pick(int(t.cols.size()) - 1))];
            if (!c.generated.isEmpty())
                return false;
            c.notNull = !c.notNull;
            return true;
        }
        case 8: {
            Col &c = t.cols[size_t(1 + pick(int(t.cols.size()) - 1))];
            if (!c.generated.isEmpty())
                return false;
            c.def = c.def.isEmpty() || turn() ? defaultFor(c.type, m) : QString();
            return true;
        }
        case 9: { // identity on, off, or the other kind
            Col &id = t.cols.front();
            if (id.type == "serial")
                return false;
            id.identity = id.identity.isEmpty()               ? "BY DEFAULT"
                          : id.identity == "ALWAYS" && turn() ? "BY DEFAULT"
                          : turn()                            ? "ALWAYS"
                                                              : QString();
            return true;
        }
        case 10: {
            for (Col &c : t.cols)
                if (c.type == "text" && c.generated.isEmpty()) {
                    c.collation = c.collation.isEmpty() ? "POSIX" : QString();
                    return true;
                }
            return false;
        }
        case 11: {
            if (turn())
                t.comment = t.comment.isEmpty() ? "now " + fresh : QString();
            else
                t.cols.back().comment = "c " + fresh;
            return true;
        }
        case 12: { // a generated column: new, another expression, plain again, or made so
            for (Col &c : t.cols)
                if (!c.generated.isEmpty()) {
                    if (turn()) {
                        c.generated = c.generated.contains("* 2") ? "id * 3" : "id * 2";
                    } else {
                        c.generated.clear(); // DROP EXPRESSION
                    }
                    return true;
                }
            if (turn()) {
                for (Col &c : t.cols)
                    if (c.type == "integer" && c.name != "id" && c.def.isEmpty()) {
                        for (const auto &list : {t.uniques, t.checks, t.indexes, t.fks})
                            for (const auto &[n, body] : list)
                                if (body.contains(c.name))
                                    return false;
                        for (const View &v : m.views)
                            if (v.query.contains(c.name))
                                return false;
                        c.generated = "id * 4";
                        c.notNull = false;
                        return true;
                    }
            }
            Col g;
            g.name = "g_" + fresh;
            g.type = "integer";
            g.generated = "id * 2";
            t.cols.push_back(g);
            return true;
        }
        case 13: { // primary key off or on (not when a foreign key rests on it)
            for (const Table &o : m.tables)
                for (const auto &fk : o.fks)
                    if (fk.second.contains("REFERENCES " + t.name + "("))
                        return false;
            t.pk = t.pk.isEmpty() ? QStringList{"id"} : QStringList{};
            return true;
        }
        case 14:
            if (t.uniques.empty())
                t.uniques.push_back({t.name + "_u", t.cols[1].name});
            else
                t.uniques.clear();
            return true;
        case 15:
            if (t.checks.empty())
                t.checks.push_back({t.name + "_chk", "id > 0"});
            else if (turn())
                t.checks.front().second = "id < 1000000";
            else
                t.checks.clear();
            return true;
        case 16: { // a foreign key on, off or changed
            for (Table &x : m.tables)
                if (!x.fks.empty()) {
                    if (turn())
                        x.fks.front().second.replace("ON DELETE CASCADE", "ON DELETE SET NULL");
                    else
                        x.fks.clear();
                    return true;
                }
            if (!t.fks.empty()) {
                if (turn())
                    t.fks.front().second.replace("ON DELETE CASCADE", "ON DELETE SET NULL");
                else
                    t.fks.clear();
                return true;
            }
            for (const Table &o : m.tables)
                if (&o != &t && o.pk == QStringList{"id"}) {
                    Col &c = t.cols[1];
                    if (!c.generated.isEmpty())
                        return false;
                    c.type = "integer";
                    c.def.clear();
                    c.collation.clear();
                    t.fks.push_back(
                        {t.name + "_fk", "(" + c.name + ") REFERENCES " + o.name + "(id)"});
                    return true;
                }
            return false;
        }
        case 17: { // an index: partial, by expression, another method, or gone
            const int k = pick(4);
            const QString col = t.cols[1].name;
            if (k == 0)
                t.indexes.clear();
            else if (k == 1)
                t.indexes = {{t.name + "_ix", "(" + col + ") WHERE id > 5"}};
            else if (k == 2)
                t.indexes = {{t.name + "_ix", "USING hash (" + col + ")"}};
            else
                t.indexes = {{t.name + "_ix", "((id + 1))"}};
            return true;
        }
        case 18:
            if (t.triggers.empty())
                t.triggers.push_back({t.name + "_touch", "BEFORE INSERT"});
            else if (turn())
                t.triggers.front().second = "AFTER UPDATE";
            else
                t.triggers.clear();
            return true;
        case 19: { // an enum value added
            if (m.enums.empty())
                return false;
            QStringList &labels = any(m.enums).second;
            labels.insert(pick(int(labels.size()) + 1), "v_" + fresh);
            return true;
        }
        case 20: { // an enum value removed, or two swapped
            if (m.enums.empty())
                return false;
            auto &[name, labels] = any(m.enums);
            if (labels.size() < 3)
                return false;
            if (turn()) {
                // not the first: the defaults name it
                labels.removeAt(1 + pick(int(labels.size()) - 1));
            } else {
                labels.swapItemsAt(1, 2);
            }
            return true;
        }
        case 21: {
            if (!m.domain)
                return false;
            const int k = serial % 3;
            if (k == 0)
                m.domainNotNull = !m.domainNotNull;
            else if (k == 1)
                m.domainDefault = m.domainDefault.isEmpty() ? "1" : QString();
            else
                m.domainCheck = m.domainCheck == "VALUE > 0" ? "VALUE >= 1" : "VALUE > 0";
            return true;
        }
        case 22:
            if (m.sequences.empty())
                m.sequences.push_back({"counter", 1});
            else if (turn())
                m.sequences.front().second += 4;
            else
                m.sequences.clear();
            return true;
        case 23: { // a view changed, added or dropped
            for (View &v : m.views)
                if (!v.materialized) {
                    if (turn())
                        v.query.replace("id > 10", "id > 20");
                    else
                        std::erase_if(m.views, [](const View &x) { return x.name == "v1"; });
                    return true;
                }
            if (m.tables.front().name != "t1")
                return false;
            m.views.push_back({"v1", "SELECT id FROM t1", false});
            return true;
        }
        case 24: { // a materialized view, and a view over a view
            if (std::any_of(m.views.begin(), m.views.end(),
                            [](const View &v) { return v.name == "v2"; }))
                return false;
            if (std::none_of(m.tables.begin(), m.tables.end(),
                             [](const Table &x) { return x.name == "t1"; }))
                return false;
            m.views.push_back({"mv2", "SELECT id FROM t1", true});
            m.views.push_back({"v2", "SELECT id FROM mv2", false});
            return true;
        }
        case 25: // an enum type added or dropped when unused
            if (m.enums.empty() || turn()) {
                m.enums.push_back({"e_" + fresh, {"a", "b"}});
                return true;
            }
            for (const Table &x : m.tables)
                for (const Col &c : x.cols)
                    if (c.type == m.enums.back().first)
                        return false;
            m.enums.pop_back();
            return true;
        case 26: { // a partitioned table; another bound, a comment, a column, a check for it
            if (!m.partitioned) {
                m.partitioned = true;
                return true;
            }
            const int k = m_turns[m_kind]++ % 4;
            if (k == 0)
                m.partitionBound = "FROM (0) TO (500)";
            else if (k == 1)
                m.comment = "events " + fresh;
            else if (k == 2)
                m.partitionColumn = !m.partitionColumn;
            else
                m.partitionCheck = !m.partitionCheck;
            return true;
        }
        case 27: { // a column of a type that changes: to text
            for (Col &c : t.cols)
                if ((c.type.startsWith('e') || c.type == "positive") && c.generated.isEmpty()) {
                    c.type = "text";
                    c.def.clear();
                    return true;
                }
            return false;
        }
        case 28: { // the columns of a unique constraint change
            if (t.uniques.empty() || t.cols.size() < 3)
                return false;
            t.uniques.front().second = t.cols[1].name + ", " + t.cols[2].name;
            return true;
        }
        case 29: { // two columns swap places: an order-only difference
            if (t.cols.size() < 4)
                return false;
            std::swap(t.cols[t.cols.size() - 1], t.cols[t.cols.size() - 2]);
            return true;
        }
        default: { // a domain added or removed when unused
            if (m.domain)
                for (const Table &x : m.tables)
                    for (const Col &c : x.cols)
                        if (c.type == "positive")
                            return false;
            m.domain = !m.domain;
            return true;
        }
        }
    }

private:
    // Which of two ways a change goes: alternating per kind of change, so that a kind tried
    // twice goes both ways.
    bool turn() { return m_turns[m_kind]++ % 2 == 0; }

    std::mt19937 m_rng;
    int m_kind = 0;
    std::map<int, int> m_turns;
    int m_serial = 0; // fresh names
};

constexpr int kPairs = 80;

quint32 seed()
{
    const QByteArray env = qgetenv("ORACLE_SEED");
    return env.isEmpty() ? 20261207u : env.toUInt();
}

} // namespace

// Both tests share two databases (creating one costs about a second on a busy machine).
class SchemaMigrationPostgres : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_a = new Scratch;
        s_b = new Scratch;
    }
    static void TearDownTestSuite()
    {
        delete s_a;
        delete s_b;
        s_a = s_b = nullptr;
    }
    void SetUp() override { ASSERT_TRUE(s_a->ok() && s_b->ok()); }
    static Scratch *s_a, *s_b;
};
Scratch *SchemaMigrationPostgres::s_a = nullptr;
Scratch *SchemaMigrationPostgres::s_b = nullptr;

TEST_F(SchemaMigrationPostgres, GeneratedPairsRoundTrip)
{
    Scratch &a = *s_a, &b = *s_b;
    const quint32 s = seed();
    std::cout << "ORACLE_SEED=" << s << std::endl;
    Generator gen(s);
    QElapsedTimer timer;
    timer.start();
    int tried = 0, skipped = 0, confirmedRenames = 0, reviews = 0;
    std::map<std::string, int> kinds; // what the pairs' diffs held: "column: type", …
    while (tried < kPairs && skipped < 200) {
        const Model ma = gen.base();
        Model mb = ma;
        // Each pair's first change is of the next kind in turn (when it applies), so that every
        // seed reaches them all; then up to five of any kind.
        bool first = gen.mutate(mb, tried % Generator::kMutations);
        for (int n = gen.pick(6) + (first ? 0 : 1); n > 0;)
            n -= gen.mutate(mb) ? 1 : 0;
        const QStringList sa = render(ma), sb = render(mb);
        // A pair whose B the generator made invalid (a view on a dropped column…) is no pair.
        if (const QString e = a.reset(sa) + b.reset(sb); !e.isEmpty()) {
            if (qEnvironmentVariableIsSet("MIGRATION_TEST_VERBOSE"))
                std::cout << "skipped: " << e.toStdString() << std::endl;
            ++skipped;
            continue;
        }
        ++tried;
        const bool confirm = gen.chance(50);
        const RoundTrip r = roundTrip(
            a, b, sa, sb,
            [&](const SchemaDiff &d) {
                for (const SchemaChange &c : d.changes)
                    ++kinds[(c.objectKind + ": " +
                             (c.change == ChangeKind::Changed ? c.attribute
                                                              : changeKindName(c.change)))
                                .toStdString()];
                std::vector<ConfirmedRename> out;
                if (confirm)
                    out = possibleRenames(d);
                confirmedRenames += int(out.size());
                return out;
            },
            true);
        ASSERT_TRUE(r.error.isEmpty())
            << "ORACLE_SEED=" << s << " pair " << tried << report(r, sa, sb);
        reviews += int(r.up.reviews.size() + r.down.reviews.size());
    }
    std::cout << "pairs " << tried << " (skipped " << skipped << "), confirmed renames "
              << confirmedRenames << ", review notes " << reviews << ", " << timer.elapsed()
              << " ms" << std::endl;
    EXPECT_EQ(tried, kPairs);
    std::string seen;
    for (const auto &[k, n] : kinds)
        seen += k + " ×" + std::to_string(n) + "; ";
    std::cout << "differences: " << seen << std::endl;
    // The generator reaches every kind of object and attribute the writer handles (checked with
    // the default seed; another seed only prints what it reached).
    if (qEnvironmentVariableIsSet("ORACLE_SEED"))
        return;
    for (const char *k : {"table: added",
                          "table: removed",
                          "table: possible rename",
                          "table: comment",
                          "partitioned table: added",
                          "table: partition bound",
                          "column: added",
                          "column: removed",
                          "column: possible rename",
                          "column: order only",
                          "column: type",
                          "column: nullable",
                          "column: default",
                          "column: identity",
                          "column: generated",
                          "column: expression",
                          "column: collation",
                          "column: comment",
                          "unique constraint: added",
                          "unique constraint: definition",
                          "check: added",
                          "check: definition",
                          "foreign key: added",
                          "foreign key: removed",
                          "foreign key: definition",
                          "index: added",
                          "index: definition",
                          "trigger: added",
                          "trigger: definition",
                          "view: added",
                          "view: definition",
                          "materialized view: added",
                          "sequence: added",
                          "sequence: increment",
                          "type: values",
                          "type: added",
                          "type: not null",
                          "type: default"})
        EXPECT_TRUE(kinds.count(k)) << "no pair had " << k << "; seen: " << seen;
}

namespace {

struct HandMade {
    const char *name;
    QStringList a, b;
    QString upgradeHas;  // a statement of the upgrade contains this
    QString reviewHas;   // a REVIEW note of the upgrade contains this ("" : none expected)
    bool confirm = true; // confirm the possible renames
};

const QString kBase = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b text)";

std::vector<HandMade> handMade()
{
    return {
        {"table added", {}, {kBase}, "CREATE TABLE public.t", ""},
        {"table dropped", {kBase}, {}, "DROP TABLE public.t", "drops table public.t"},
        {"table comment", {kBase}, {kBase, "COMMENT ON TABLE t IS 'x'"}, "COMMENT ON TABLE", ""},
        {"column added",
         {kBase},
         {kBase, "ALTER TABLE t ADD COLUMN c date"},
         "ADD COLUMN c date",
         ""},
        {"column dropped",
         {kBase, "ALTER TABLE t ADD COLUMN c date"},
         {kBase},
         "DROP COLUMN c",
         "drops column public.t.c"},
        {"column widened",
         {kBase},
         {"CREATE TABLE t (id integer PRIMARY KEY, a bigint, b text)"},
         "TYPE bigint USING a::bigint",
         ""},
        {"column narrowed",
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, b varchar(50))"},
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, b varchar(10))"},
         "TYPE character varying(10)",
         "changes the type of public.t.b"},
        {"not null",
         {kBase},
         {kBase, "ALTER TABLE t ALTER a SET NOT NULL"},
         "SET NOT NULL",
         "makes public.t.a NOT NULL"},
        {"nullable", {kBase, "ALTER TABLE t ALTER a SET NOT NULL"}, {kBase}, "DROP NOT NULL", ""},
        {"default",
         {kBase},
         {kBase, "ALTER TABLE t ALTER b SET DEFAULT 'x'"},
         "SET DEFAULT 'x'::text",
         ""},
        {"default with a type change",
         {"CREATE TABLE t (id integer PRIMARY KEY, a text DEFAULT 'x')"},
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer DEFAULT 0)"},
         "DROP DEFAULT",
         "changes the type"},
        {"identity added",
         {kBase},
         {"CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY (START WITH 5) PRIMARY KEY, "
          "a integer, b text)"},
         "ADD GENERATED ALWAYS AS IDENTITY (START WITH 5)",
         ""},
        {"identity kind",
         {"CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a integer)"},
         {"CREATE TABLE t (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, a integer)"},
         "SET GENERATED BY DEFAULT",
         ""},
        {"identity sequence options",
         {"CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a integer)"},
         {"CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY (INCREMENT BY 10) PRIMARY "
          "KEY, a integer)"},
         "INCREMENT BY 10",
         ""},
        {"identity column widened",
         {"CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a integer)"},
         {"CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a integer)"},
         "TYPE bigint USING id::bigint",
         ""},
        {"serial becomes bigserial",
         {"CREATE TABLE t (id serial PRIMARY KEY, a integer)"},
         {"CREATE TABLE t (id bigserial PRIMARY KEY, a integer)"},
         "AS bigint",
         ""},
        {"serial column added",
         {kBase},
         {kBase, "ALTER TABLE t ADD COLUMN n serial"},
         "OWNED BY public.t.n",
         ""},
        {"generated expression",
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, g integer GENERATED ALWAYS AS (a * "
          "2) STORED)"},
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, g integer GENERATED ALWAYS AS (a * "
          "3) STORED)"},
         "GENERATED ALWAYS AS (a * 3) STORED",
         "becomes generated or changes its expression"},
        {"generated dropped",
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, g integer GENERATED ALWAYS AS (a * "
          "2) STORED)"},
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, g integer)"},
         "DROP EXPRESSION",
         ""},
        {"collation",
         {kBase},
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, b text COLLATE \"C\")"},
         "COLLATE \"C\"",
         ""},
        {"column comment",
         {kBase},
         {kBase, "COMMENT ON COLUMN t.a IS 'it''s a'"},
         "IS 'it''s a'",
         ""},
        {"primary key changed",
         {kBase},
         {"CREATE TABLE t (id integer, a integer NOT NULL, b text, PRIMARY KEY (id, a))"},
         "PRIMARY KEY (id, a)",
         "makes public.t.a NOT NULL"},
        // A primary key change alone is a difference (the inspector sets primaryKeyPosition).
        {"primary key dropped",
         {kBase},
         {"CREATE TABLE t (id integer NOT NULL, a integer, b text)"},
         "DROP CONSTRAINT t_pkey",
         ""},
        {"unique constraint",
         {kBase},
         {kBase, "ALTER TABLE t ADD CONSTRAINT t_ab UNIQUE (a, b)"},
         "ADD CONSTRAINT t_ab UNIQUE (a, b)",
         ""},
        {"unique nulls not distinct",
         {kBase},
         {kBase, "ALTER TABLE t ADD CONSTRAINT t_a UNIQUE NULLS NOT DISTINCT (a)"},
         "UNIQUE NULLS NOT DISTINCT (a)",
         ""},
        {"check changed",
         {kBase, "ALTER TABLE t ADD CONSTRAINT t_a CHECK (a > 0)"},
         {kBase, "ALTER TABLE t ADD CONSTRAINT t_a CHECK (a > 1)"},
         "CHECK (a > 1)",
         ""},
        {"check not valid",
         {kBase},
         {kBase, "ALTER TABLE t ADD CONSTRAINT t_a CHECK (a > 0) NOT VALID"},
         "NOT VALID",
         ""},
        {"check renamed",
         {kBase, "ALTER TABLE t ADD CONSTRAINT c1 CHECK (a > 0)"},
         {kBase, "ALTER TABLE t ADD CONSTRAINT c2 CHECK (a > 0)"},
         "RENAME CONSTRAINT c1 TO c2",
         ""},
        {"foreign key added",
         {kBase, "CREATE TABLE u (id integer PRIMARY KEY, t_id integer)"},
         {kBase, "CREATE TABLE u (id integer PRIMARY KEY, t_id integer REFERENCES t)"},
         "FOREIGN KEY (t_id) REFERENCES t(id)",
         ""},
        {"foreign key action",
         {kBase, "CREATE TABLE u (id integer PRIMARY KEY, t_id integer REFERENCES t)"},
         {kBase, "CREATE TABLE u (id integer PRIMARY KEY, t_id integer REFERENCES t ON DELETE "
                 "CASCADE DEFERRABLE)"},
         "ON DELETE CASCADE DEFERRABLE",
         ""},
        {"foreign key over a changed key",
         {"CREATE TABLE t (id integer, a integer, CONSTRAINT t_u UNIQUE (id))",
          "CREATE TABLE u (id integer PRIMARY KEY, t_id integer REFERENCES t(id))"},
         {"CREATE TABLE t (id integer, a integer, CONSTRAINT t_u UNIQUE (id) INCLUDE (a))",
          "CREATE TABLE u (id integer PRIMARY KEY, t_id integer REFERENCES t(id))"},
         "DROP CONSTRAINT u_t_id_fkey",
         ""},
        {"foreign key between new tables",
         {},
         {"CREATE TABLE u (id integer PRIMARY KEY, t_id integer)", kBase,
          "ALTER TABLE u ADD FOREIGN KEY (t_id) REFERENCES t",
          "ALTER TABLE t ADD FOREIGN KEY (a) "
          "REFERENCES u"},
         "ADD CONSTRAINT t_a_fkey",
         ""},
        {"index partial and by expression",
         {kBase, "CREATE INDEX t_ix ON t (a)"},
         {kBase, "CREATE INDEX t_ix ON t (lower(b)) WHERE a > 0"},
         "WHERE a > 0",
         ""},
        {"index method",
         {kBase, "CREATE INDEX t_ix ON t (a)"},
         {kBase, "CREATE INDEX t_ix ON t USING hash (a)"},
         "USING hash (a)",
         ""},
        {"index renamed",
         {kBase, "CREATE INDEX t_ix ON t (a)"},
         {kBase, "CREATE INDEX t_jx ON t (a)"},
         "ALTER INDEX public.t_ix RENAME TO t_jx",
         ""},
        {"trigger",
         {kBase},
         {kBase, "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION "
                 "touch()"},
         "CREATE TRIGGER t_touch",
         ""},
        {"trigger changed",
         {kBase, "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION "
                 "touch()"},
         {kBase, "CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION "
                 "touch()"},
         "DROP TRIGGER t_touch",
         ""},
        {"trigger renamed",
         {kBase, "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION "
                 "touch()"},
         {kBase, "CREATE TRIGGER t_touched BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION "
                 "touch()"},
         // The diff compares a trigger's whole statement, name included: a drop and an add.
         "CREATE TRIGGER t_touched",
         ""},
        {"exclusion constraint",
         {"CREATE TABLE t (id integer, r int4range)"},
         {"CREATE TABLE t (id integer, r int4range, CONSTRAINT t_r_excl EXCLUDE USING gist (r "
          "WITH &&))"},
         "ADD CONSTRAINT t_r_excl EXCLUDE USING gist (r WITH &&)",
         ""},
        {"another schema",
         {kBase},
         {kBase, "CREATE SCHEMA billing", "CREATE TYPE billing.level AS ENUM ('low', 'high')",
          "CREATE TABLE billing.jobs (id integer PRIMARY KEY, t_id integer REFERENCES public.t, "
          "lvl "
          "billing.level)",
          "CREATE VIEW billing.recent AS SELECT id FROM billing.jobs"},
         "CREATE SCHEMA billing",
         ""},
        {"names that need quotes",
         {"CREATE TABLE \"Order Lines\" (id integer PRIMARY KEY)"},
         {"CREATE TABLE \"Order Lines\" (id integer PRIMARY KEY, \"select\" text, \"Qty\" "
          "integer CHECK (\"Qty\" > 0))",
          "CREATE INDEX \"Lines by Qty\" ON \"Order Lines\" (\"Qty\")"},
         "ADD COLUMN \"select\" text",
         ""},
        {"view comment",
         {kBase, "CREATE VIEW v AS SELECT id FROM t"},
         {kBase, "CREATE VIEW v AS SELECT id FROM t", "COMMENT ON VIEW v IS 'ids'"},
         "COMMENT ON VIEW public.v IS 'ids'",
         ""},
        {"views over a retyped column",
         {kBase, "CREATE VIEW v AS SELECT id, a FROM t", "CREATE VIEW w AS SELECT a FROM v",
          "CREATE VIEW other AS SELECT 1 AS one"},
         {"CREATE TABLE t (id integer PRIMARY KEY, a bigint, b text)",
          "CREATE VIEW v AS SELECT id, a FROM t", "CREATE VIEW w AS SELECT a FROM v",
          "CREATE VIEW other AS SELECT 1 AS one"},
         "DROP VIEW public.w",
         ""},
        {"view definition",
         {kBase, "CREATE VIEW v AS SELECT id FROM t"},
         {kBase, "CREATE VIEW v AS SELECT id, a FROM t WHERE a > 0"},
         "CREATE VIEW public.v",
         ""},
        {"materialized view with an index",
         {kBase},
         {kBase, "CREATE MATERIALIZED VIEW mv AS SELECT a, count(*) AS n FROM t GROUP BY a",
          "CREATE UNIQUE INDEX mv_a ON mv (a)", "COMMENT ON MATERIALIZED VIEW mv IS 'counts'"},
         "CREATE UNIQUE INDEX mv_a",
         ""},
        {"sequence",
         {"CREATE SEQUENCE s"},
         {"CREATE SEQUENCE s INCREMENT BY 5 MAXVALUE 1000 CYCLE"},
         "ALTER SEQUENCE public.s",
         ""},
        {"sequence added and used",
         {kBase},
         {"CREATE SEQUENCE s START 100", "CREATE TABLE t (id integer PRIMARY KEY, a integer "
                                         "DEFAULT nextval('s'), b text)"},
         "CREATE SEQUENCE public.s",
         ""},
        {"enum value added",
         {"CREATE TYPE mood AS ENUM ('sad', 'happy')", "CREATE TABLE t (m mood DEFAULT 'sad')"},
         {"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')", "CREATE TABLE t (m mood DEFAULT "
                                                             "'ok')"},
         "ADD VALUE 'ok' AFTER 'sad'",
         ""},
        {"enum value removed",
         {"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
          "CREATE TABLE t (m mood DEFAULT 'ok', ms mood[])", "CREATE VIEW v AS SELECT m FROM t"},
         {"CREATE TYPE mood AS ENUM ('happy', 'ok')",
          "CREATE TABLE t (m mood DEFAULT 'ok', ms mood[])", "CREATE VIEW v AS SELECT m FROM t"},
         "USING m::text::mood",
         "loses or reorders values"},
        {"enum value removed under a check and a partial index",
         {"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
          "CREATE TABLE t (m mood CONSTRAINT t_m_check CHECK (m <> 'ok'))",
          "CREATE INDEX t_sad ON t (m) WHERE m = 'sad'"},
         {"CREATE TYPE mood AS ENUM ('sad', 'ok')",
          "CREATE TABLE t (m mood CONSTRAINT t_m_check CHECK (m <> 'ok'))",
          "CREATE INDEX t_sad ON t (m) WHERE m = 'sad'"},
         "DROP INDEX public.t_sad",
         "loses or reorders values"},
        {"enum type added and dropped",
         {"CREATE TYPE gone AS ENUM ('x')"},
         {"CREATE TYPE mood AS ENUM ('a')", "CREATE TABLE t (m mood)"},
         "DROP TYPE public.gone",
         ""},
        {"domain",
         {"CREATE DOMAIN pos AS integer CONSTRAINT pos_check CHECK (VALUE > 0)",
          "CREATE TABLE t (p pos)"},
         {"CREATE DOMAIN pos AS integer DEFAULT 1 NOT NULL CONSTRAINT pos_check CHECK (VALUE >= "
          "1)",
          "COMMENT ON DOMAIN pos IS 'positive'", "CREATE TABLE t (p pos)"},
         "ALTER DOMAIN public.pos ADD CONSTRAINT pos_check CHECK (VALUE >= 1)",
         "domain "},
        {"domain base type",
         {"CREATE DOMAIN code AS varchar(5)", "CREATE TABLE t (c code)"},
         {"CREATE DOMAIN code AS varchar(9)", "CREATE TABLE t (c code)"},
         "USING c::text::code",
         "changes its kind, base type or collation"},
        {"column rename confirmed",
         {kBase},
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, c text)"},
         "RENAME COLUMN b TO c",
         ""},
        {"column rename not confirmed",
         {kBase},
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer, c text)"},
         "DROP COLUMN b",
         "possible rename of column public.t.b → c not confirmed",
         false},
        {"table rename confirmed",
         {"CREATE TABLE t (id serial PRIMARY KEY, a integer, b text)", "CREATE INDEX t_a ON t (a)"},
         {"CREATE TABLE s (id serial PRIMARY KEY, a integer, b text)", "CREATE INDEX s_a ON s (a)"},
         "ALTER TABLE public.t RENAME TO s",
         ""},
        {"generated names follow a rename",
         {"CREATE TABLE t (id integer PRIMARY KEY, a integer UNIQUE CHECK (a > 0), b integer)",
          "CREATE TABLE u (id integer PRIMARY KEY, t_id integer REFERENCES t)"},
         {"CREATE TABLE s (id integer PRIMARY KEY, a integer UNIQUE CHECK (a > 0), b integer)",
          "CREATE TABLE u (id integer PRIMARY KEY, s_id integer REFERENCES s)"},
         "ALTER TABLE public.s RENAME CONSTRAINT t_a_check TO s_a_check",
         ""},
        {"table rename not confirmed",
         {kBase},
         {"CREATE TABLE s (id integer PRIMARY KEY, a integer, b text)"},
         "CREATE TABLE public.s",
         "not confirmed",
         false},
        {"column added in the middle",
         {"CREATE TABLE t (id integer, b text)"},
         {"CREATE TABLE t (id integer, a integer, b text)"},
         "ADD COLUMN a integer",
         "column order of public.t"},
        {"partitions",
         {"CREATE TABLE e (id integer, k integer NOT NULL) PARTITION BY RANGE (k)",
          "CREATE TABLE e1 PARTITION OF e FOR VALUES FROM (0) TO (10)",
          "CREATE INDEX e_k ON e (k)"},
         {"CREATE TABLE e (id integer, k integer NOT NULL, note text) PARTITION BY RANGE (k)",
          "CREATE TABLE e1 PARTITION OF e FOR VALUES FROM (0) TO (20)",
          "CREATE TABLE e2 PARTITION OF e FOR VALUES FROM (20) TO (30)",
          "CREATE INDEX e_k ON e (k, id)", "ALTER TABLE e ADD CONSTRAINT e_k_pos CHECK (k >= 0)",
          "CREATE TRIGGER e_touch BEFORE UPDATE ON e FOR EACH ROW EXECUTE FUNCTION touch()",
          "COMMENT ON COLUMN e.k IS 'key'", "COMMENT ON COLUMN e1.k IS 'key'"},
         "ATTACH PARTITION public.e1 FOR VALUES FROM (0) TO (20)",
         ""},
        {"partition key",
         {"CREATE TABLE e (id integer, k integer) PARTITION BY RANGE (k)",
          "CREATE TABLE e1 PARTITION OF e FOR VALUES FROM (0) TO (10)"},
         {"CREATE TABLE e (id integer, k integer) PARTITION BY RANGE (id)",
          "CREATE TABLE e1 PARTITION OF e FOR VALUES FROM (0) TO (10)"},
         "PARTITION BY RANGE (id)",
         "partition key of public.e changes"},
        {"table becomes a view",
         {kBase},
         {"CREATE VIEW t AS SELECT 1 AS id"},
         "CREATE VIEW public.t",
         "drops and creates the table again"},
    };
}

} // namespace

TEST_F(SchemaMigrationPostgres, EachObjectKindAndAttributeRoundTrips)
{
    Scratch &a = *s_a, &b = *s_b;
    for (const HandMade &h : handMade()) {
        SCOPED_TRACE(h.name);
        const RoundTrip r = roundTrip(a, b, h.a, h.b, [&](const SchemaDiff &d) {
            return h.confirm ? possibleRenames(d) : std::vector<ConfirmedRename>{};
        });
        ASSERT_TRUE(r.error.isEmpty()) << report(r, h.a, h.b);
        if (qEnvironmentVariableIsSet("MIGRATION_TEST_VERBOSE"))
            std::cout << "== " << h.name << report(r, h.a, h.b) << std::endl;
        EXPECT_TRUE(r.up.text().contains(h.upgradeHas)) << report(r, h.a, h.b);
        if (QString(h.name) == "another schema") {
            EXPECT_TRUE(r.down.text().contains("-- REVIEW: schema billing is not in the target"))
                << report(r, h.a, h.b);
        }
        if (h.reviewHas.isEmpty())
            EXPECT_TRUE(r.up.reviews.isEmpty()) << report(r, h.a, h.b);
        else
            EXPECT_TRUE(std::any_of(r.up.reviews.begin(), r.up.reviews.end(),
                                    [&](const QString &n) { return n.contains(h.reviewHas); }))
                << report(r, h.a, h.b);
    }
}

// The round trips above run on empty tables; here rows are in them: a confirmed rename, a wider
// type, an enum created again and a new partition bound keep every row.
TEST_F(SchemaMigrationPostgres, RowsSurviveRenamesWideningAndRecreatedEnums)
{
    Scratch &a = *s_a, &b = *s_b;
    const QStringList before = {
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b text, m mood)",
        "CREATE TABLE e (k integer NOT NULL, v text) PARTITION BY RANGE (k)",
        "CREATE TABLE e1 PARTITION OF e FOR VALUES FROM (0) TO (10)"};
    const QStringList after = {"CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad', 'meh')",
                               "CREATE TABLE t (id integer PRIMARY KEY, a bigint, c text, m mood)",
                               "CREATE TABLE e (k integer NOT NULL, v text) PARTITION BY RANGE (k)",
                               "CREATE TABLE e1 PARTITION OF e FOR VALUES FROM (0) TO (20)"};
    ASSERT_EQ(a.reset(before), "");
    ASSERT_EQ(a.run({"INSERT INTO t VALUES (1, 10, 'x', 'sad'), (2, 2147483647, 'y', 'happy')",
                     "INSERT INTO e VALUES (5, 'five')"}),
              "");
    ASSERT_EQ(b.reset(after), "");
    const SchemaSnapshot sa = a.inspect(), sb = b.inspect();
    MigrationScriptOptions o;
    o.renames = possibleRenames(diffSchemas(sa, sb));
    ASSERT_EQ(o.renames.size(), 1u); // b → c
    const MigrationScript up = migrationScript(sa, sb, o);
    ASSERT_EQ(a.run(up.statements, up.transactional), "") << up.text().toStdString();
    EXPECT_EQ(leftover(a.inspect(), sb, up.reviews), "") << up.text().toStdString();
    QStringList rows;
    QSqlQuery q(QSqlDatabase::database(a.connectionName()));
    ASSERT_TRUE(q.exec("SELECT id || ':' || a || ':' || c || ':' || m FROM t ORDER BY id"));
    while (q.next())
        rows << q.value(0).toString();
    EXPECT_EQ(rows, (QStringList{"1:10:x:sad", "2:2147483647:y:happy"})) << up.text().toStdString();
    ASSERT_TRUE(q.exec("UPDATE t SET a = a + 1 WHERE id = 2")) // bigint now
        << q.lastError().text().toStdString();
    ASSERT_TRUE(q.exec("SELECT v FROM e WHERE k = 5") && q.next());
    EXPECT_EQ(q.value(0).toString(), "five");
}
