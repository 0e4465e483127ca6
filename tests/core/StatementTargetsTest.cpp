// statementTargets: the objects a migration's SQL creates, alters, drops, renames or comments
// on, per dialect (PostgreSQL from libpg_query's parse tree, SQLite and MySQL from a tokenizer),
// and alembicOpTargets for Alembic's op.* calls.
#include "schema/StatementTargets.h"
#include "schema/AlembicOpTargets.h"

#include <QStringList>

#include <gtest/gtest.h>

using namespace retort;

namespace {

// "action kind schema.name [on table] [-> new] @line" for compact comparisons.
std::string describe(const StatementTarget &t)
{
    QString s = touchActionName(t.action) + u' ' + t.kind + u' ';
    if (!t.schema.isEmpty())
        s += t.schema + u'.';
    s += t.name;
    if (!t.table.isEmpty())
        s += QStringLiteral(" on ") + t.table;
    if (!t.renamedTo.isEmpty())
        s += QStringLiteral(" -> ") + t.renamedTo;
    s += QStringLiteral(" @%1").arg(t.line);
    return s.toStdString();
}

std::vector<std::string> targets(const QString &sql, DialectKind dialect)
{
    std::vector<std::string> out;
    for (const StatementTarget &t : statementTargets(sql, dialect))
        out.push_back(describe(t));
    return out;
}

std::vector<std::string> opTargets(const QString &python, DialectKind dialect)
{
    std::vector<std::string> out;
    for (const StatementTarget &t : alembicOpTargets(python, dialect))
        out.push_back(describe(t));
    return out;
}

using V = std::vector<std::string>;

} // namespace

TEST(StatementTargetsPostgresql, CreateStatementsOfEveryKind)
{
    const QString sql = "CREATE TABLE IF NOT EXISTS shop.Orders (id int);\n"
                        "CREATE TABLE \"MixedCase\" (id int);\n"
                        "CREATE TABLE totals AS SELECT 1;\n"
                        "CREATE MATERIALIZED VIEW mv AS SELECT 1;\n"
                        "CREATE OR REPLACE VIEW v AS SELECT 1;\n"
                        "CREATE UNIQUE INDEX ix_orders ON shop.orders (id);\n"
                        "CREATE INDEX ON orders (id);\n"
                        "CREATE SEQUENCE seq;\n"
                        "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
                        "CREATE TYPE pair AS (a int, b int);\n"
                        "CREATE DOMAIN posint AS int CHECK (VALUE > 0);\n"
                        "CREATE TRIGGER trg BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION "
                        "f();\n"
                        "CREATE SCHEMA billing;\n";
    EXPECT_EQ(targets(sql, DialectKind::Postgresql),
              (V{"create table shop.orders @1", "create table MixedCase @2",
                 "create table totals @3", "create materialized view mv @4", "create view v @5",
                 "create index shop.ix_orders on orders @6", "create index  on orders @7",
                 "create sequence seq @8", "create type mood @9", "create type pair @10",
                 "create domain posint @11", "create trigger trg on orders @12",
                 "create schema billing @13"}));
}

TEST(StatementTargetsPostgresql, AlterDropRenameAndComment)
{
    const QString sql = "ALTER TABLE orders ADD COLUMN note text;\n"
                        "ALTER INDEX ix SET (fillfactor = 50);\n"
                        "ALTER VIEW v OWNER TO bob;\n"
                        "ALTER SEQUENCE seq RESTART;\n"
                        "ALTER TYPE mood ADD VALUE 'ok';\n"
                        "ALTER DOMAIN posint SET NOT NULL;\n"
                        "DROP TABLE a, s.b CASCADE;\n"
                        "DROP INDEX IF EXISTS ix;\n"
                        "DROP TRIGGER trg ON s.orders;\n"
                        "DROP TYPE mood;\n"
                        "DROP MATERIALIZED VIEW mv;\n"
                        "ALTER TABLE a RENAME TO \"B\";\n"
                        "ALTER TABLE a RENAME COLUMN x TO y;\n"
                        "ALTER INDEX i RENAME TO j;\n"
                        "ALTER TRIGGER trg ON orders RENAME TO trg2;\n"
                        "ALTER TYPE mood RENAME TO feeling;\n"
                        "ALTER TABLE t SET SCHEMA other;\n"
                        "COMMENT ON TABLE orders IS 'x';\n"
                        "COMMENT ON COLUMN s.orders.note IS 'x';\n"
                        "COMMENT ON INDEX ix IS 'x';\n";
    EXPECT_EQ(targets(sql, DialectKind::Postgresql), (V{"alter table orders @1",
                                                        "alter index ix @2",
                                                        "alter view v @3",
                                                        "alter sequence seq @4",
                                                        "alter type mood @5",
                                                        "alter domain posint @6",
                                                        "drop table a @7",
                                                        "drop table s.b @7",
                                                        "drop index ix @8",
                                                        "drop trigger s.trg on orders @9",
                                                        "drop type mood @10",
                                                        "drop materialized view mv @11",
                                                        "rename table a -> B @12",
                                                        "alter table a @13",
                                                        "rename index i -> j @14",
                                                        "rename trigger trg on orders -> trg2 @15",
                                                        "rename type mood -> feeling @16",
                                                        "alter table t @17",
                                                        "comment table orders @18",
                                                        "comment table s.orders @19",
                                                        "comment index ix @20"}));
}

TEST(StatementTargetsPostgresql, NamesInStringsCommentsAndDoBlocksNeverCount)
{
    const QString sql = "-- DROP TABLE commented;\n"
                        "/* CREATE TABLE blocked (id int); */\n"
                        "INSERT INTO log VALUES ('DROP TABLE quoted');\n"
                        "DO $$ BEGIN EXECUTE 'DROP TABLE dynamic'; END $$;\n"
                        "UPDATE t SET a = 1;\n"
                        "CREATE TABLE real_one (note text DEFAULT 'CREATE TABLE x');\n";
    EXPECT_EQ(targets(sql, DialectKind::Postgresql), (V{"create table real_one @6"}));
}

TEST(StatementTargetsPostgresql, QuotedMixedCaseAndUnicodeNames)
{
    const QString sql = "CREATE TABLE Plain (id int);\n"
                        "CREATE TABLE \"Quoted Name\" (id int);\n"
                        "CREATE TABLE \"Ünïcödé\" (id int);\n"
                        "CREATE TABLE bücher (id int);\n";
    EXPECT_EQ(targets(sql, DialectKind::Postgresql),
              (V{"create table plain @1", "create table Quoted Name @2", "create table Ünïcödé @3",
                 "create table bücher @4"}));
}

TEST(StatementTargetsPostgresql, AnUnparsableStatementIsSkippedAndTheRestCount)
{
    const QString sql = "CREATE TABLE before_it (id int);\n"
                        "CREATE TABLEX broken (id int);\n"
                        "CREATE TABLE after_it (id int);\n";
    EXPECT_EQ(targets(sql, DialectKind::Postgresql),
              (V{"create table before_it @1", "create table after_it @3"}));
}

TEST(StatementTargetsPostgresql, KeepsTheStatementsFirstLineForDisplay)
{
    const auto t =
        statementTargets("\n\nCREATE TABLE orders (\n  id int\n);", DialectKind::Postgresql);
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].line, 3);
    EXPECT_EQ(t[0].statement, "CREATE TABLE orders (");
}

TEST(StatementTargetsSqlite, CreateAlterDropAndRename)
{
    const QString sql = "CREATE TABLE IF NOT EXISTS \"Orders\" (id INTEGER PRIMARY KEY);\n"
                        "CREATE TEMP TABLE scratch (x);\n"
                        "CREATE UNIQUE INDEX IF NOT EXISTS main.ix_orders ON Orders (id);\n"
                        "CREATE VIEW [big orders] AS SELECT * FROM Orders;\n"
                        "CREATE TRIGGER trg AFTER INSERT ON `Orders` BEGIN\n"
                        "  INSERT INTO log VALUES ('DROP TABLE x'); DELETE FROM y;\n"
                        "END;\n"
                        "ALTER TABLE Orders ADD COLUMN note TEXT;\n"
                        "ALTER TABLE Orders RENAME COLUMN note TO memo;\n"
                        "ALTER TABLE Orders RENAME note2 TO memo2;\n"
                        "ALTER TABLE Orders RENAME TO purchases;\n"
                        "DROP INDEX IF EXISTS ix_orders;\n"
                        "DROP VIEW \"big orders\";\n"
                        "DROP TRIGGER trg;\n"
                        "DROP TABLE IF EXISTS scratch;\n";
    EXPECT_EQ(targets(sql, DialectKind::Sqlite),
              (V{"create table Orders @1", "create table scratch @2",
                 "create index main.ix_orders on Orders @3", "create view big orders @4",
                 "create trigger trg on Orders @5", "alter table Orders @8",
                 "alter table Orders @9", "alter table Orders @10",
                 "rename table Orders -> purchases @11", "drop index ix_orders @12",
                 "drop view big orders @13", "drop trigger trg @14", "drop table scratch @15"}));
}

TEST(StatementTargetsSqlite, NamesInStringsAndCommentsNeverCount)
{
    const QString sql = "-- CREATE TABLE commented (x);\n"
                        "/* DROP TABLE blocked; */\n"
                        "INSERT INTO t VALUES ('CREATE TABLE quoted (x)');\n"
                        "SELECT 'DROP TABLE y';\n"
                        "CREATE TABLE \"real\" (x DEFAULT 'DROP TABLE z'); -- DROP TABLE w\n";
    EXPECT_EQ(targets(sql, DialectKind::Sqlite), (V{"create table real @5"}));
}

TEST(StatementTargetsSqlite, QuotedNamesKeepTheirCaseAndDoubledQuotes)
{
    EXPECT_EQ(targets("CREATE TABLE \"a\"\"b\" (x); CREATE TABLE Ünï (x);", DialectKind::Sqlite),
              (V{"create table a\"b @1", "create table Ünï @1"}));
}

TEST(StatementTargetsMysql, CreateAlterDropAndRename)
{
    const QString sql =
        "CREATE TABLE IF NOT EXISTS `shop`.`Orders` (id INT PRIMARY KEY);\n"
        "CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY DEFINER "
        "VIEW v AS SELECT 1;\n"
        "CREATE INDEX ix USING BTREE ON Orders (id);\n"
        "CREATE DEFINER=`root`@`%` TRIGGER trg BEFORE INSERT ON Orders FOR EACH ROW SET @a = 1;\n"
        "ALTER TABLE Orders ADD COLUMN note TEXT, ADD INDEX ix_note (note(10)), "
        "ADD UNIQUE KEY uq (id), ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES x (id), "
        "DROP INDEX old_ix, RENAME INDEX a TO b;\n"
        "ALTER TABLE Orders RENAME TO purchases;\n"
        "ALTER TABLE t RENAME AS u;\n"
        "ALTER TABLE t RENAME COLUMN a TO b;\n"
        "ALTER VIEW v AS SELECT 2;\n"
        "RENAME TABLE a TO b, c TO d;\n"
        "DROP TABLE IF EXISTS a, b;\n"
        "DROP INDEX ix ON purchases;\n"
        "DROP TRIGGER IF EXISTS shop.trg;\n"
        "CREATE PROCEDURE p() BEGIN END;\n";
    EXPECT_EQ(targets(sql, DialectKind::Mysql),
              (V{"create table shop.Orders @1", "create view v @2", "create index ix on Orders @3",
                 "create trigger trg on Orders @4", "alter table Orders @5",
                 "create index ix_note on Orders @5", "create index uq on Orders @5",
                 "drop index old_ix on Orders @5", "rename index a on Orders -> b @5",
                 "rename table Orders -> purchases @6", "rename table t -> u @7",
                 "alter table t @8", "alter view v @9", "rename table a -> b @10",
                 "rename table c -> d @10", "drop table a @11", "drop table b @11",
                 "drop index ix on purchases @12", "drop trigger shop.trg @13"}));
}

TEST(StatementTargetsMysql, NamesInStringsAndCommentsNeverCount)
{
    const QString sql = "# DROP TABLE hashed;\n"
                        "-- DROP TABLE dashed;\n"
                        "INSERT INTO t VALUES ('it\\'s DROP TABLE x', \"CREATE TABLE y\");\n"
                        "DELIMITER $$\n"
                        "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW BEGIN\n"
                        "  SET NEW.a = 'DROP TABLE q';\n"
                        "END$$\n"
                        "DELIMITER ;\n"
                        "CREATE TABLE `real` (a TEXT DEFAULT 'CREATE TABLE z');\n";
    EXPECT_EQ(targets(sql, DialectKind::Mysql),
              (V{"create trigger trg on t @5", "create table real @9"}));
}

TEST(StatementTargetsMysql, QuotedUnicodeAndMixedCaseNamesAreKept)
{
    EXPECT_EQ(targets("CREATE TABLE `Bücher` (x INT);\nDROP TABLE ünï, `a``b`;\n"
                      "ALTER TABLE MixedCase ADD COLUMN y INT DEFAULT 5--1, ADD INDEX ix (y);",
                      DialectKind::Mysql),
              (V{"create table Bücher @1", "drop table ünï @2", "drop table a`b @2",
                 "alter table MixedCase @3", "create index ix on MixedCase @3"}));
}

TEST(StoredIdentifier, FoldsAsTheEngineStoresNames)
{
    EXPECT_EQ(storedIdentifier("Orders", DialectKind::Postgresql), "orders");
    EXPECT_EQ(storedIdentifier("\"Orders\"", DialectKind::Postgresql), "Orders");
    EXPECT_EQ(storedIdentifier("\"a\"\"b\"", DialectKind::Postgresql), "a\"b");
    EXPECT_EQ(storedIdentifier("Orders", DialectKind::Sqlite), "Orders");
    EXPECT_EQ(storedIdentifier("[big orders]", DialectKind::Sqlite), "big orders");
    EXPECT_EQ(storedIdentifier("`Orders`", DialectKind::Mysql), "Orders");
    EXPECT_EQ(storedIdentifier("ÜBER", DialectKind::Postgresql), "Über");
}

TEST(AlembicOpTargets, ReadsOpCallsAsText)
{
    const QString py = "def upgrade():\n"
                       "    op.create_table(\n"
                       "        'orders',\n"
                       "        sa.Column('id', sa.Integer(), nullable=False),\n"
                       "        schema='shop',\n"
                       "    )\n"
                       "    op.add_column('orders', sa.Column('note', sa.Text()))\n"
                       "    op.drop_column('orders', 'old')\n"
                       "    op.alter_column('orders', 'note', new_column_name='memo')\n"
                       "    op.create_index('ix_orders_note', 'orders', ['note'], unique=False)\n"
                       "    op.drop_index('ix_old', table_name='orders')\n"
                       "    op.drop_index(op.f('ix_anon'))\n"
                       "    op.create_foreign_key('fk', 'orders', 'customers', ['c'], ['id'])\n"
                       "    op.create_unique_constraint('uq', 'customers', ['email'])\n"
                       "    op.create_check_constraint('ck', table_name='customers', "
                       "condition='a > 0')\n"
                       "    op.rename_table('customers', 'clients')\n"
                       "    op.drop_table('legacy')\n"
                       "    # op.drop_table('commented')\n"
                       "    print('op.drop_table(\"quoted\")')\n"
                       "    op.execute(\"CREATE VIEW v AS SELECT 1\")\n"
                       "    op.execute(sa.text('''\n"
                       "        DROP VIEW v;\n"
                       "        CREATE INDEX ix_sql ON orders (id)\n"
                       "    '''))\n"
                       "    with op.batch_alter_table('items', schema=None) as batch_op:\n"
                       "        batch_op.add_column(sa.Column('x', sa.Integer()))\n"
                       "        batch_op.create_index('ix_items_x', ['x'])\n";
    EXPECT_EQ(
        opTargets(py, DialectKind::Postgresql),
        (V{"create table shop.orders @2", "alter table orders @7", "alter table orders @8",
           "alter table orders @9", "create index ix_orders_note on orders @10",
           "drop index ix_old on orders @11", "drop index ix_anon @12", "alter table orders @13",
           "alter table customers @14", "alter table customers @15",
           "rename table customers -> clients @16", "drop table legacy @17", "create view v @20",
           "drop view v @22", "create index ix_sql on orders @23", "alter table items @25",
           "alter table items @26", "create index ix_items_x on items @27"}));
}

TEST(AlembicOpTargets, SourceThatDoesNotTokenizeGivesNothing)
{
    EXPECT_TRUE(
        alembicOpTargets("def upgrade():\n    op.create_table('t'\n", DialectKind::Sqlite).empty());
}

TEST(StatementTargets, TruncatedAndMalformedStatementsNeverCrashAndNameNothingFalse)
{
    const QStringList fragments{"CREATE",
                                "CREATE TABLE",
                                "CREATE TABLE (",
                                "CREATE INDEX ix ON",
                                "CREATE TRIGGER tr",
                                "DROP TABLE IF EXISTS",
                                "DROP TABLE a,",
                                "ALTER TABLE",
                                "ALTER TABLE t RENAME",
                                "ALTER TABLE t RENAME TO",
                                "ALTER TABLE t ADD",
                                "ALTER TABLE t DROP INDEX",
                                "RENAME TABLE a",
                                "RENAME TABLE a TO",
                                "CREATE TABLE 'x' (id int)",
                                "CREATE TABLE \"unterminated (id int)",
                                "CREATE TABLE `unterminated",
                                "CREATE TABLE [unterminated",
                                "/* unterminated comment CREATE TABLE x (",
                                ")))(((",
                                ""};
    for (const DialectKind d : {DialectKind::Sqlite, DialectKind::Mysql, DialectKind::Postgresql}) {
        for (const QString &f : fragments) {
            for (const StatementTarget &t : statementTargets(f, d))
                EXPECT_FALSE(t.name.isEmpty() && t.table.isEmpty()) << f.toStdString();
            EXPECT_TRUE(statementTargets("SELECT '" + f + "'", d).empty()) << f.toStdString();
        }
    }
    // A string where a name belongs is not a name.
    EXPECT_TRUE(statementTargets("CREATE TABLE 'x' (id int)", DialectKind::Mysql).empty());
    // MySQL's ALTER DATABASE without a name names none.
    EXPECT_TRUE(
        statementTargets("ALTER DATABASE CHARACTER SET utf8mb4", DialectKind::Mysql).empty());
    EXPECT_EQ(targets("ALTER DATABASE shop CHARACTER SET utf8mb4", DialectKind::Mysql),
              (V{"alter schema shop @1"}));
}

TEST(AlembicOpTargets, MalformedCallsNameNothing)
{
    const QString py = "def upgrade():\n"
                       "    op.create_table()\n"
                       "    op.rename_table('only_one')\n"
                       "    op.execute()\n"
                       "    op.execute(f'CREATE TABLE {name} (id int)')\n"
                       "    op.create_index('ix')\n"
                       "    op.drop_table(name)\n"
                       "    other.op.drop_table('not_alembic')\n"
                       "    op.add_column(table_name='kw_only', column=sa.Column('x'))\n";
    EXPECT_EQ(opTargets(py, DialectKind::Sqlite), (V{"alter table kw_only @9"}));
}
