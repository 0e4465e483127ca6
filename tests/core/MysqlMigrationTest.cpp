// The MariaDB/MySQL script writer (schema/SchemaMigration.h, MysqlMigration.cpp) on hand-built
// snapshot pairs, without a server: which statements come out, in which order, with which
// REVIEW notes. SchemaMigrationMariaDbTest runs the scripts on a real server.

#include "schema/SchemaMigration.h"

#include <gtest/gtest.h>

using namespace retort;

namespace {

SchemaColumn col(const QString &name, const QString &type, bool nullable = true,
                 std::optional<QString> def = std::nullopt, int pk = 0)
{
    SchemaColumn c;
    c.name = name;
    c.type = type;
    c.nullable = nullable;
    c.defaultValue = std::move(def);
    c.primaryKeyPosition = pk;
    return c;
}

SchemaIndex primaryKey(const QString &table, const QStringList &columns)
{
    SchemaIndex i;
    i.name = "PRIMARY";
    i.primary = true;
    i.unique = true;
    i.columns = columns;
    QStringList quoted;
    for (const QString &c : columns)
        quoted << "`" + c + "`";
    i.definition = "ALTER TABLE `" + table + "` ADD PRIMARY KEY (" + quoted.join(", ") + ")";
    return i;
}

SchemaIndex index(const QString &table, const QString &name, const QString &column,
                  bool unique = false)
{
    SchemaIndex i;
    i.name = name;
    i.unique = unique;
    i.columns = {column};
    i.method = "BTREE";
    i.definition = QString("CREATE %1INDEX `%2` ON `%3` (`%4`) USING BTREE")
                       .arg(unique ? "UNIQUE " : "", name, table, column);
    return i;
}

SchemaRelation table(const QString &name, std::vector<SchemaColumn> columns)
{
    SchemaRelation r;
    r.schema = "shop";
    r.name = name;
    r.engine = "InnoDB";
    r.columns = std::move(columns);
    QStringList pk;
    for (const SchemaColumn &c : r.columns)
        if (c.primaryKeyPosition > 0)
            pk << c.name;
    if (!pk.isEmpty())
        r.indexes.push_back(primaryKey(name, pk));
    return r;
}

SchemaForeignKey foreignKey(const QString &name, const QString &column, const QString &refTable)
{
    SchemaForeignKey k;
    k.name = name;
    k.columns = {column};
    k.refSchema = "shop";
    k.refTable = refTable;
    k.refColumns = {"id"};
    k.onDelete = "CASCADE";
    k.onUpdate = "RESTRICT";
    return k;
}

SchemaSnapshot snapshot(std::vector<SchemaRelation> relations)
{
    SchemaSnapshot s;
    s.driver = "mysql";
    s.serverVersion = "10.11.6-MariaDB";
    s.schemas = {"shop"};
    s.relations = std::move(relations);
    return s;
}

// customers(id, email) and orders(id, customer_id → customers, total).
SchemaSnapshot shop()
{
    SchemaRelation customers =
        table("customers", {col("id", "int(11)", false, {}, 1), col("email", "varchar(120)")});
    SchemaRelation orders =
        table("orders", {col("id", "int(11)", false, {}, 1), col("customer_id", "int(11)", false),
                         col("total", "decimal(10,2)", false, "0.00")});
    orders.indexes.push_back(index("orders", "fk_customer", "customer_id"));
    orders.foreignKeys.push_back(foreignKey("fk_customer", "customer_id", "customers"));
    return snapshot({customers, orders});
}

SchemaRelation &rel(SchemaSnapshot &s, const QString &name)
{
    for (SchemaRelation &r : s.relations)
        if (r.name == name)
            return r;
    throw std::runtime_error("no relation");
}

SchemaColumn &column(SchemaSnapshot &s, const QString &table, const QString &name)
{
    for (SchemaColumn &c : rel(s, table).columns)
        if (c.name == name)
            return c;
    throw std::runtime_error("no column");
}

// The statements without their REVIEW lines and final ';'.
QStringList sql(const MigrationScript &m)
{
    QStringList out;
    for (const QString &s : m.statements) {
        QStringList lines = s.split('\n');
        lines.removeIf([](const QString &l) { return l.startsWith("--"); });
        QString text = lines.join('\n');
        if (text.endsWith(';'))
            text.chop(1);
        if (!text.isEmpty())
            out << text;
    }
    return out;
}

qsizetype indexOf(const QStringList &statements, const QString &part)
{
    for (qsizetype i = 0; i < statements.size(); ++i)
        if (statements[i].contains(part))
            return i;
    return -1;
}

std::string show(const MigrationScript &m)
{
    return m.text().toStdString();
}

TEST(MysqlMigration, AChangedColumnIsModifiedWithItsFullDefinition)
{
    const SchemaSnapshot a = shop();
    SchemaSnapshot b = shop();
    SchemaColumn &email = column(b, "customers", "email");
    email.type = "varchar(200)";
    email.nullable = false;
    email.defaultValue = "'none'";
    email.comment = "where we write";
    email.collation = "utf8mb4_bin";
    const MigrationScript m = migrationScript(a, b);
    EXPECT_EQ(sql(m), QStringList{"ALTER TABLE `customers`\n  MODIFY COLUMN `email` varchar(200) "
                                  "COLLATE utf8mb4_bin NOT NULL DEFAULT 'none' COMMENT 'where "
                                  "we write'"})
        << show(m);
    // Widening is safe; NOT NULL is reviewed, with the query that finds the rows in the way.
    ASSERT_EQ(m.reviews.size(), 1) << show(m);
    EXPECT_TRUE(m.reviews[0].contains("NOT NULL")) << show(m);
    EXPECT_TRUE(m.reviews[0].contains("WHERE `email` IS NULL")) << show(m);
    EXPECT_TRUE(m.statements[0].startsWith("-- REVIEW: makes `customers.email` NOT NULL"));
}

TEST(MysqlMigration, TheInspectorsColumnLineIsTheDefinitionWhenThereIsOne)
{
    // ON UPDATE and the character set are not in the model: the CREATE TABLE text has them.
    SchemaSnapshot a = shop(), b = shop();
    column(b, "customers", "email").type = "varchar(150)";
    rel(b, "customers").ddl = "CREATE TABLE `customers` (\n  `id` int(11) NOT NULL,\n  `email` "
                              "varchar(150) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT "
                              "NULL ON UPDATE current_timestamp(),\n  PRIMARY KEY (`id`)\n) "
                              "ENGINE=InnoDB AUTO_INCREMENT=42";
    const MigrationScript m = migrationScript(a, b);
    EXPECT_EQ(sql(m), QStringList{"ALTER TABLE `customers`\n  MODIFY COLUMN `email` varchar(150) "
                                  "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL ON "
                                  "UPDATE current_timestamp()"})
        << show(m);
}

TEST(MysqlMigration, NarrowingTypesAreReviewedAndWideningOnesAreNot)
{
    struct Case {
        QString from, to;
        bool reviewed;
    } cases[] = {{"int(11)", "bigint(20)", false},
                 {"bigint(20)", "int(11)", true},
                 {"varchar(10)", "varchar(20)", false},
                 {"varchar(20)", "varchar(10)", true},
                 {"decimal(10,2)", "decimal(12,2)", false},
                 {"decimal(10,2)", "decimal(10,1)", true},
                 {"enum('a','b')", "enum('a','b','c')", false},
                 {"enum('a','b')", "enum('a','c')", true},
                 {"varchar(10)", "int(11)", true},
                 {"int(10) unsigned", "int(11)", true},
                 {"text", "longtext", false}};
    for (const Case &c : cases) {
        SchemaSnapshot a = shop(), b = shop();
        column(a, "customers", "email").type = c.from;
        column(b, "customers", "email").type = c.to;
        const MigrationScript m = migrationScript(a, b);
        EXPECT_EQ(m.reviews.size(), c.reviewed ? 1 : 0)
            << c.from.toStdString() << " → " << c.to.toStdString() << "\n"
            << show(m);
        EXPECT_EQ(indexOf(sql(m), "MODIFY COLUMN `email` " + c.to), 0) << show(m);
    }
}

TEST(MysqlMigration, ColumnsAreAddedAndMovedIntoTheTargetOrder)
{
    const SchemaSnapshot a = shop();
    SchemaSnapshot b = shop();
    // orders: (id, customer_id, total) → (id, note, total, customer_id)
    auto &cols = rel(b, "orders").columns;
    std::swap(cols[1], cols[2]);
    cols.insert(cols.begin() + 1, col("note", "text"));
    const MigrationScript m = migrationScript(a, b);
    const QStringList s = sql(m);
    const qsizetype alter = indexOf(s, "ALTER TABLE `orders`\n");
    ASSERT_GE(alter, 0) << show(m);
    EXPECT_TRUE(
        s[alter].contains("ADD COLUMN `note` text DEFAULT NULL AFTER `id`,\n  MODIFY "
                          "COLUMN `total` decimal(10,2) NOT NULL DEFAULT 0.00 AFTER `note`"))
        << show(m);
    EXPECT_FALSE(s[alter].contains("MODIFY COLUMN `customer_id`")) << show(m);
    // A first column goes FIRST.
    SchemaSnapshot c = shop();
    auto &ccols = rel(c, "customers").columns;
    std::swap(ccols[0], ccols[1]);
    EXPECT_TRUE(sql(migrationScript(shop(), c))
                    .join('\n')
                    .contains("MODIFY COLUMN `email` varchar(120) DEFAULT NULL FIRST"))
        << show(migrationScript(shop(), c));
}

TEST(MysqlMigration, ForeignKeysAreDroppedFirstAndAddedLast)
{
    // The referenced key widens: the key is dropped before both columns change and added after.
    const SchemaSnapshot a = shop();
    SchemaSnapshot b = shop();
    column(b, "customers", "id").type = "bigint(20)";
    column(b, "orders", "customer_id").type = "bigint(20)";
    const MigrationScript m = migrationScript(a, b);
    const QStringList s = sql(m);
    const qsizetype drop = indexOf(s, "DROP FOREIGN KEY `fk_customer`");
    const qsizetype customers = indexOf(s, "ALTER TABLE `customers`\n  MODIFY COLUMN `id` bigint");
    const qsizetype orders = indexOf(s, "MODIFY COLUMN `customer_id` bigint(20) NOT NULL");
    const qsizetype add = indexOf(s, "ADD CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) "
                                     "REFERENCES `customers` (`id`) ON DELETE CASCADE");
    ASSERT_TRUE(drop >= 0 && customers >= 0 && orders >= 0 && add >= 0) << show(m);
    EXPECT_LT(drop, customers);
    EXPECT_LT(drop, orders);
    EXPECT_GT(add, customers);
    EXPECT_GT(add, orders);
    EXPECT_EQ(s.size(), 4) << show(m);
    // The script mixes statements: one note at the top says each commits on its own.
    ASSERT_FALSE(m.reviews.isEmpty());
    EXPECT_TRUE(m.reviews.front().contains("commits on its own")) << show(m);
    EXPECT_TRUE(m.statements.front().startsWith("-- REVIEW: each statement commits"));
    EXPECT_EQ(m.reviews.filter("commits on its own").size(), 1);
}

TEST(MysqlMigration, UnrelatedChangesLeaveForeignKeysAlone)
{
    const SchemaSnapshot a = shop();
    SchemaSnapshot b = shop();
    rel(b, "orders").comment = "what we sold";
    const MigrationScript m = migrationScript(a, b);
    EXPECT_EQ(sql(m), QStringList{"ALTER TABLE `orders`\n  COMMENT = 'what we sold'"}) << show(m);
    EXPECT_TRUE(m.reviews.isEmpty()) << show(m); // one statement: no half-applied state
}

TEST(MysqlMigration, NewTablesAreCreatedBeforeTheirForeignKeys)
{
    const SchemaSnapshot a = snapshot({});
    const SchemaSnapshot b = shop();
    const MigrationScript m = migrationScript(a, b);
    const QStringList s = sql(m);
    const qsizetype customers = indexOf(s, "CREATE TABLE `customers`");
    const qsizetype orders = indexOf(s, "CREATE TABLE `orders`");
    const qsizetype key = indexOf(s, "ADD CONSTRAINT `fk_customer`");
    ASSERT_TRUE(customers >= 0 && orders >= 0 && key >= 0) << show(m);
    EXPECT_FALSE(s[orders].contains("FOREIGN KEY")) << show(m);
    EXPECT_TRUE(s[orders].contains("INDEX `fk_customer` (`customer_id`)")) << show(m);
    EXPECT_GT(key, customers);
    EXPECT_GT(key, orders);
}

TEST(MysqlMigration, CreateTableDropsTheAutoIncrementCounterAndForeignKeyLines)
{
    SchemaSnapshot b = shop();
    rel(b, "orders").ddl =
        "CREATE TABLE `orders` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  `customer_id` int(11) "
        "NOT NULL,\n  `total` decimal(10,2) NOT NULL DEFAULT 0.00,\n  PRIMARY KEY (`id`),\n  KEY "
        "`fk_customer` (`customer_id`),\n  CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) "
        "REFERENCES `customers` (`id`) ON DELETE CASCADE\n) ENGINE=InnoDB AUTO_INCREMENT=9000 "
        "DEFAULT CHARSET=utf8mb4";
    const QStringList s = sql(migrationScript(snapshot({rel(b, "customers")}), b));
    const qsizetype create = indexOf(s, "CREATE TABLE `orders`");
    ASSERT_GE(create, 0);
    EXPECT_EQ(s[create], "CREATE TABLE `orders` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  "
                         "`customer_id` int(11) NOT NULL,\n  `total` decimal(10,2) NOT NULL "
                         "DEFAULT 0.00,\n  PRIMARY KEY (`id`),\n  KEY `fk_customer` "
                         "(`customer_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
}

TEST(MysqlMigration, ConfirmedRenamesAreRenamesAndOthersAreReviewedDropsAndAdds)
{
    const SchemaSnapshot a = shop();
    SchemaSnapshot b = shop();
    column(b, "customers", "email").name = "mail";
    const SchemaDiff diff = diffSchemas(a, b);
    ASSERT_EQ(possibleRenames(diff).size(), 1u) << diff.toText().toStdString();

    MigrationScriptOptions confirmed;
    confirmed.renames = possibleRenames(diff);
    const MigrationScript renamed = migrationScript(a, b, confirmed);
    EXPECT_EQ(sql(renamed),
              QStringList{"ALTER TABLE `customers`\n  RENAME COLUMN `email` TO `mail`"})
        << show(renamed);
    EXPECT_TRUE(renamed.reviews.isEmpty()) << show(renamed);

    const MigrationScript unconfirmed = migrationScript(a, b);
    EXPECT_EQ(sql(unconfirmed),
              QStringList{"ALTER TABLE `customers`\n  DROP COLUMN `email`,\n  ADD COLUMN `mail` "
                          "varchar(120) DEFAULT NULL AFTER `id`"})
        << show(unconfirmed);
    ASSERT_EQ(unconfirmed.reviews.size(), 1) << show(unconfirmed);
    EXPECT_TRUE(unconfirmed.reviews[0].contains("possible rename"));
    EXPECT_TRUE(unconfirmed.reviews[0].contains("RENAME COLUMN `email` TO `mail`"));

    // A comment the diff does not compare for a rename still changes: CHANGE COLUMN.
    SchemaSnapshot commented = b;
    column(commented, "customers", "mail").comment = "where we write";
    EXPECT_EQ(sql(migrationScript(a, commented, confirmed)),
              QStringList{"ALTER TABLE `customers`\n  CHANGE COLUMN `email` `mail` varchar(120) "
                          "DEFAULT NULL COMMENT 'where we write'"});

    // Before MariaDB 10.5.2 there is no RENAME COLUMN: CHANGE COLUMN with the full definition.
    SchemaSnapshot old = b;
    old.serverVersion = "10.3.39-MariaDB";
    EXPECT_EQ(sql(migrationScript(a, old, confirmed)),
              QStringList{"ALTER TABLE `customers`\n  CHANGE COLUMN `email` `mail` varchar(120) "
                          "DEFAULT NULL"});
}

TEST(MysqlMigration, TableRenamesConfirmedOrNot)
{
    const SchemaSnapshot a = shop();
    SchemaSnapshot b = shop();
    rel(b, "customers").name = "clients";
    rel(b, "orders").foreignKeys[0].refTable = "clients";
    std::swap(b.relations[0], b.relations[1]); // sorted by name
    const SchemaDiff diff = diffSchemas(a, b);
    MigrationScriptOptions confirmed;
    confirmed.renames = possibleRenames(diff);
    ASSERT_EQ(confirmed.renames.size(), 1u) << diff.toText().toStdString();
    const QStringList renamed = sql(migrationScript(a, b, confirmed));
    EXPECT_GE(indexOf(renamed, "RENAME TABLE `customers` TO `clients`"), 0)
        << renamed.join("\n").toStdString();
    EXPECT_LT(indexOf(renamed, "DROP TABLE"), 0);
    EXPECT_LT(indexOf(renamed, "DROP FOREIGN KEY"), indexOf(renamed, "RENAME TABLE"));

    const MigrationScript dropped = migrationScript(a, b);
    const QStringList s = sql(dropped);
    const qsizetype create = indexOf(s, "CREATE TABLE `clients`");
    const qsizetype drop = indexOf(s, "DROP TABLE `customers`");
    ASSERT_TRUE(create >= 0 && drop >= 0) << show(dropped);
    EXPECT_LT(create, drop); // the replacement exists before anything is lost
    EXPECT_FALSE(dropped.reviews.filter("RENAME TABLE `customers` TO `clients`").isEmpty())
        << show(dropped);
}

TEST(MysqlMigration, PrimaryKeysAndIndexesChangeInTheTablesStatement)
{
    const SchemaSnapshot a = shop();
    SchemaSnapshot b = shop();
    SchemaRelation &customers = rel(b, "customers");
    column(b, "customers", "email").nullable = false;
    column(b, "customers", "email").primaryKeyPosition = 2;
    customers.indexes = {primaryKey("customers", {"id", "email"}),
                         index("customers", "email_ix", "email", true)};
    const MigrationScript m = migrationScript(a, b);
    const QStringList s = sql(m);
    const qsizetype alter = indexOf(s, "ALTER TABLE `customers`");
    ASSERT_GE(alter, 0) << show(m);
    EXPECT_EQ(s[alter], "ALTER TABLE `customers`\n  DROP PRIMARY KEY,\n  MODIFY COLUMN `email` "
                        "varchar(120) NOT NULL,\n  ADD PRIMARY KEY (`id`, `email`),\n  ADD UNIQUE "
                        "INDEX `email_ix` (`email`) USING BTREE");
    // A renamed index is RENAME INDEX.
    SchemaSnapshot c = shop();
    rel(c, "orders").indexes[1].name = "by_customer";
    rel(c, "orders").indexes[1].definition.replace("fk_customer", "by_customer");
    const QStringList r = sql(migrationScript(shop(), c));
    EXPECT_GE(indexOf(r, "RENAME INDEX `fk_customer` TO `by_customer`"), 0)
        << r.join("\n").toStdString();
}

TEST(MysqlMigration, ViewsReadingChangedTablesAreDroppedFirstAndRecreatedInOrder)
{
    auto withViews = [](SchemaSnapshot s) {
        SchemaRelation big;
        big.schema = "shop";
        big.name = "big_orders";
        big.kind = RelationKind::View;
        big.definition = "select `orders`.`id` AS `id` from `orders` where `orders`.`total` > 100";
        big.ddl = "CREATE ALGORITHM=UNDEFINED DEFINER=`app`@`%` SQL SECURITY DEFINER VIEW "
                  "`big_orders` AS " +
                  big.definition;
        SchemaRelation top = big;
        top.name = "a_top_orders"; // sorts first, reads big_orders
        top.definition = "select `big_orders`.`id` AS `id` from `big_orders` limit 10";
        top.ddl = "CREATE ALGORITHM=UNDEFINED DEFINER=`app`@`%` SQL SECURITY DEFINER VIEW "
                  "`a_top_orders` AS " +
                  top.definition;
        s.relations.insert(s.relations.begin(), top);
        s.relations.push_back(big);
        return s;
    };
    const SchemaSnapshot a = withViews(shop());
    SchemaSnapshot b = withViews(shop());
    column(b, "orders", "total").type = "decimal(12,2)";
    const MigrationScript m = migrationScript(a, b);
    const QStringList s = sql(m);
    ASSERT_EQ(s.size(), 4) << show(m);
    EXPECT_EQ(s[0], "DROP VIEW `a_top_orders`, `big_orders`");
    EXPECT_TRUE(s[1].startsWith("ALTER TABLE `orders`"));
    EXPECT_EQ(s[2], "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `big_orders` AS select "
                    "`orders`.`id` AS `id` from `orders` where `orders`.`total` > 100");
    EXPECT_TRUE(s[3].contains("VIEW `a_top_orders` AS")) << show(m);
    EXPECT_FALSE(m.text().contains("DEFINER=")) << show(m);
}

TEST(MysqlMigration, TriggersChecksAndSequences)
{
    SchemaSnapshot a = shop();
    SchemaTrigger t;
    t.name = "orders_total";
    t.definition = "CREATE DEFINER=`app`@`%` TRIGGER `orders_total` BEFORE INSERT ON `orders` FOR "
                   "EACH ROW SET NEW.total = 0";
    rel(a, "orders").triggers = {t};
    rel(a, "orders").checks = {{"positive", "CHECK (`total` >= 0)", true}};
    SchemaSequence seq;
    seq.schema = "shop";
    seq.name = "invoice_no";
    seq.start = 1000;
    seq.maxValue = 9999999;
    seq.cache = 1000;
    a.sequences = {seq};

    SchemaSnapshot b = a;
    rel(b, "orders").triggers[0].definition.replace("NEW.total = 0", "NEW.total = 1");
    rel(b, "orders").checks[0].definition = "CHECK (`total` > 0)";
    b.sequences[0].increment = 5;
    const MigrationScript m = migrationScript(a, b);
    const QStringList s = sql(m);
    EXPECT_EQ(s, (QStringList{"DROP TRIGGER `orders_total`",
                              "ALTER SEQUENCE `invoice_no` MINVALUE 1 MAXVALUE 9999999 START WITH "
                              "1000 INCREMENT BY 5 CACHE 1000 NOCYCLE",
                              "ALTER TABLE `orders`\n  DROP CONSTRAINT `positive`,\n  ADD "
                              "CONSTRAINT `positive` CHECK (`total` > 0)",
                              "CREATE TRIGGER `orders_total` BEFORE INSERT ON `orders` FOR EACH "
                              "ROW SET NEW.total = 1"}))
        << show(m);

    SchemaSnapshot c = a;
    c.sequences.clear();
    EXPECT_EQ(sql(migrationScript(a, c)), QStringList{"DROP SEQUENCE `invoice_no`"});
    EXPECT_EQ(sql(migrationScript(c, a)),
              QStringList{"CREATE SEQUENCE `invoice_no` START WITH 1000 MINVALUE 1 MAXVALUE "
                          "9999999 INCREMENT BY 1 CACHE 1000 NOCYCLE"});
}

TEST(MysqlMigration, DroppedTablesAndColumnsAreReviewed)
{
    const SchemaSnapshot a = shop();
    SchemaSnapshot b = shop();
    rel(b, "orders").columns.pop_back();    // total
    b.relations.erase(b.relations.begin()); // customers
    rel(b, "orders").foreignKeys.clear();
    const MigrationScript m = migrationScript(a, b);
    const QStringList s = sql(m);
    EXPECT_LT(indexOf(s, "DROP FOREIGN KEY `fk_customer`"), indexOf(s, "DROP TABLE `customers`"))
        << show(m);
    EXPECT_GE(indexOf(s, "DROP COLUMN `total`"), 0) << show(m);
    EXPECT_FALSE(m.reviews.filter("drops table `customers`").isEmpty()) << show(m);
    EXPECT_FALSE(m.reviews.filter("drops column `orders.total`").isEmpty()) << show(m);
}

TEST(MysqlMigration, GeneratedColumnsAreDroppedAndAddedNotModified)
{
    SchemaSnapshot a = shop();
    SchemaColumn g = col("double_total", "decimal(11,2)");
    g.generated = "virtual";
    g.defaultValue = "`total` * 2";
    rel(a, "orders").columns.push_back(g);
    SchemaSnapshot b = a;
    column(b, "orders", "double_total").generated = "stored";
    const MigrationScript m = migrationScript(a, b);
    EXPECT_EQ(sql(m), QStringList{"ALTER TABLE `orders`\n  DROP COLUMN `double_total`,\n  ADD "
                                  "COLUMN `double_total` decimal(11,2) GENERATED ALWAYS AS "
                                  "(`total` * 2) STORED AFTER `total`"})
        << show(m);
    EXPECT_TRUE(m.reviews.isEmpty()) << show(m); // no data of its own is lost
}

} // namespace
