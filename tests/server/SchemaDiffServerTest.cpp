// The schema diff (schema/SchemaDiff.h) on the real servers of tests/services: a PostgreSQL
// database compared with itself and with its `pg_dump --schema-only` copy restored elsewhere has
// no difference; MariaDB databases differing only in their AUTO_INCREMENT counters have none; and
// on each engine a column added, an index dropped and a default changed by hand are the three
// differences found.

#include "PostgresMariaDbSupport.h"
#include "TestServices.h"

#include "schema/SchemaDiff.h"
#include "workflows/SchemaInspection.h"

#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;
using namespace retort::test;

namespace {

QString execAll(const ServerDb &db, const QStringList &statements)
{
    for (const QString &sql : statements)
        if (const QString error = db.exec(sql); !error.isEmpty())
            return sql + ": " + error;
    return {};
}

SchemaSnapshot inspect(const ServerDb &db)
{
    Result<SchemaSnapshot> s = inspectEnvironment(db.env(), db.secrets());
    EXPECT_TRUE(s) << (s ? "" : s.error().toString().toStdString());
    return s ? *s : SchemaSnapshot{};
}

std::string text(const SchemaDiff &d)
{
    return d.toText().toStdString();
}

// Runs a PostgreSQL client program as the app user; its standard output.
QString pgTool(const ServerDb &db, const QString &program, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PGPASSWORD", db.password());
    p.setProcessEnvironment(env);
    p.start(program,
            QStringList{"-h", db.host(), "-p", QString::number(db.port()), "-U", db.user()} + args);
    p.waitForFinished(120000);
    EXPECT_EQ(p.exitCode(), 0) << program.toStdString() << ": "
                               << p.readAllStandardError().toStdString();
    return QString::fromUtf8(p.readAllStandardOutput());
}

const QStringList kPostgres = {
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
    "CREATE DOMAIN positive_int AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0)",
    "CREATE SEQUENCE invoice_no START 1000 INCREMENT 5",
    "CREATE TABLE customers (id serial PRIMARY KEY, email varchar(120) NOT NULL UNIQUE, name text "
    "COLLATE \"C\", created timestamptz DEFAULT now() NOT NULL, feeling mood DEFAULT 'ok', "
    "score positive_int, label text DEFAULT 'x'::text)",
    "COMMENT ON TABLE customers IS 'people who buy'",
    "COMMENT ON COLUMN customers.email IS 'where we write'",
    "CREATE UNIQUE INDEX customers_lower_email ON customers (lower(email)) WHERE created > "
    "'2020-01-01'",
    "CREATE INDEX customers_name_ix ON customers (name) WHERE name IS NOT NULL",
    "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id integer "
    "NOT NULL REFERENCES customers(id) ON DELETE CASCADE, total numeric(10,2) DEFAULT 0 NOT NULL, "
    "doubled numeric GENERATED ALWAYS AS (total * 2) STORED, note text, CHECK (total >= 0))",
    "ALTER TABLE orders ADD CONSTRAINT orders_note_check CHECK (length(note) < 100) NOT VALID",
    "CREATE INDEX orders_customer_ix ON orders (customer_id) INCLUDE (total)",
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
    "CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION "
    "touch()",
    "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100",
    "CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(total) AS total FROM orders "
    "GROUP BY customer_id",
    "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)",
    "INSERT INTO alembic_version VALUES ('abc')",
};

const QStringList kHandMade = {
    "ALTER TABLE customers ADD COLUMN phone text",
    "DROP INDEX customers_name_ix",
    "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 1",
};

// The three hand-made changes, and only them.
void expectHandMade(const SchemaDiff &d)
{
    ASSERT_EQ(d.changes.size(), 3u) << text(d);
    int added = 0, dropped = 0, defaults = 0;
    for (const SchemaChange &c : d.changes) {
        added += c.change == ChangeKind::Added && c.objectKind == "column" && c.name == "phone";
        dropped += c.change == ChangeKind::Removed && c.objectKind == "index" &&
                   c.name == "customers_name_ix";
        defaults +=
            c.change == ChangeKind::Changed && c.attribute == "default" && c.name == "total";
    }
    EXPECT_EQ(added, 1) << text(d);
    EXPECT_EQ(dropped, 1) << text(d);
    EXPECT_EQ(defaults, 1) << text(d);
}

} // namespace

TEST(SchemaDiffServer, PostgresItselfAndItsPgDumpCopyHaveNoDifference)
{
    ServerDb a(Server::Postgres);
    ASSERT_TRUE(a.ok());
    ASSERT_EQ(execAll(a, kPostgres), "");
    const SchemaSnapshot first = inspect(a);
    ASSERT_GE(first.relations.size(), 5u);
    const SchemaDiff self = diffSchemas(first, inspect(a));
    EXPECT_TRUE(self.empty()) << text(self);

    // The schema-only dump, restored into another database.
    ServerDb b(Server::Postgres);
    ASSERT_TRUE(b.ok());
    QTemporaryDir dir;
    const QString dump = dir.filePath("schema.sql");
    pgTool(a, "pg_dump", {"--schema-only", "-d", a.name(), "-f", dump});
    pgTool(b, "psql", {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", b.name(), "-f", dump});
    const SchemaSnapshot copy = inspect(b);
    const SchemaDiff restored = diffSchemas(first, copy);
    EXPECT_TRUE(restored.empty()) << text(restored);

    // Changes made by hand on the copy.
    ASSERT_EQ(execAll(b, kHandMade), "");
    expectHandMade(diffSchemas(first, inspect(b)));
}

TEST(SchemaDiffServer, MariaDbAutoIncrementIsNoDifferenceAndHandMadeChangesAre)
{
    const QStringList schema = {
        "CREATE TABLE customers (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(120) "
        "NOT NULL UNIQUE, name varchar(50) COLLATE utf8mb4_bin, created timestamp NOT NULL "
        "DEFAULT CURRENT_TIMESTAMP, feeling enum('sad','ok','happy') DEFAULT 'ok') ENGINE=InnoDB",
        "CREATE INDEX customers_name_ix ON customers (name)",
        "CREATE TABLE orders (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id int NOT "
        "NULL, total decimal(10,2) NOT NULL DEFAULT 0, CONSTRAINT orders_customer FOREIGN KEY "
        "(customer_id) REFERENCES customers(id) ON DELETE CASCADE, CHECK (total >= 0)) "
        "ENGINE=InnoDB",
        "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100",
        "CREATE TRIGGER customers_lower BEFORE INSERT ON customers FOR EACH ROW SET NEW.email = "
        "LOWER(NEW.email)",
    };
    ServerDb a(Server::MariaDb), b(Server::MariaDb);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(execAll(a, schema), "");
    ASSERT_EQ(execAll(b, schema), "");
    // Only b's counters move.
    ASSERT_EQ(execAll(b, {"INSERT INTO customers (email) VALUES ('a@x'), ('b@x'), ('c@x')",
                          "INSERT INTO orders (customer_id, total) VALUES (1, 5), (2, 500)",
                          "ALTER TABLE orders AUTO_INCREMENT = 9000"}),
              "");
    const SchemaSnapshot sa = inspect(a);
    const SchemaSnapshot sb = inspect(b);
    ASSERT_GE(sa.relations.size(), 3u);
    ASSERT_NE(sa.schemas, sb.schemas); // two databases: their names differ
    const SchemaDiff same = diffSchemas(sa, sb);
    EXPECT_TRUE(same.empty()) << text(same);

    ASSERT_EQ(execAll(b, {"ALTER TABLE customers ADD COLUMN phone varchar(20)",
                          "DROP INDEX customers_name_ix ON customers",
                          "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 1"}),
              "");
    expectHandMade(diffSchemas(sa, inspect(b)));
}
