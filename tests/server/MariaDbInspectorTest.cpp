// The MariaDB schema inspector (schema/MysqlInspector.h) against the real MariaDB 10.11 of
// tests/services: a schema with every kind of object is created, inspected, and compared field
// by field with what was created and with what the server itself prints (SHOW CREATE TABLE,
// DESCRIBE); the statement count is read from the server's general log; read-only, lock and
// cancel behaviour with a second session; the CLI on top.

#include "PostgresMariaDbSupport.h"

#include "schema/MysqlInspector.h"
#include "workflows/SchemaInspection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlRecord>

#include <thread>

// QString in gtest's messages (the support header's PrintTo is not found for it by ADL here).
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;
using namespace retort::test;

namespace {

// The schema every test inspects: names with spaces, mixed case and Unicode; composite and
// self-referencing foreign keys with actions; checks (table and column level); unique, prefix,
// fulltext and long-unique (HASH) indexes; a MEMORY table (HASH by default); generated columns;
// auto_increment; enum/set; a trigger; comments; a view with CHECK OPTION; a sequence.
const QStringList kSchema = {
    "CREATE TABLE `Customer Accounts` ("
    " id INT AUTO_INCREMENT PRIMARY KEY,"
    " email VARCHAR(120) NOT NULL COMMENT 'login, it''s unique',"
    " display_name VARCHAR(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT 'it''s',"
    " balance DECIMAL(10,2) NOT NULL DEFAULT 0.00,"
    " status ENUM('active','closed') NOT NULL DEFAULT 'active',"
    " flags SET('a','b','c') DEFAULT 'a,b',"
    " created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
    " token CHAR(36) DEFAULT uuid(),"
    " note TEXT,"
    " literal_null VARCHAR(4) DEFAULT 'NULL',"
    " balance_cents BIGINT AS (balance * 100) STORED,"
    " email_domain VARCHAR(120) AS (substring_index(email, '@', -1)) VIRTUAL,"
    " `Größe` INT DEFAULT NULL,"
    " UNIQUE KEY uq_email (email),"
    " KEY ix_prefix (display_name(10), status),"
    " FULLTEXT KEY ft_note (note),"
    " CONSTRAINT chk_balance CHECK (balance >= 0)"
    ") ENGINE=InnoDB COMMENT='customers'",
    "CREATE TABLE orders ("
    " region CHAR(2) NOT NULL, number INT NOT NULL, customer_id INT NOT NULL,"
    " parent_region CHAR(2), parent_number INT, qty INT CHECK (qty > 0),"
    " PRIMARY KEY (region, number),"
    " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES `Customer Accounts` (id)"
    "  ON DELETE CASCADE ON UPDATE NO ACTION,"
    " CONSTRAINT fk_parent FOREIGN KEY (parent_region, parent_number)"
    "  REFERENCES orders (region, number) ON DELETE SET NULL"
    ") ENGINE=InnoDB",
    "CREATE TABLE MixedCase (Id INT NOT NULL PRIMARY KEY, body TEXT, UNIQUE KEY uq_body (body))",
    "CREATE TABLE `café` (k INT, KEY k (k)) ENGINE=MEMORY",
    "CREATE TABLE edge (id INT NOT NULL, b VARCHAR(10) DEFAULT 'a\\\\b''c' COMMENT 'line1\\nline2 "
    "\\\\ end', h INT INVISIBLE DEFAULT 3, d DATETIME(3) DEFAULT '2020-01-01 00:00:00.000', "
    "bi BIT(1) DEFAULT b'1', f FLOAT DEFAULT -1.5e3, j JSON, KEY ix_desc (id DESC, b) COMMENT "
    "'descending', PRIMARY KEY (id)) ENGINE=InnoDB ROW_FORMAT=DYNAMIC STATS_PERSISTENT=1 "
    "DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE part (id INT NOT NULL, y INT NOT NULL, PRIMARY KEY (id, y)) PARTITION BY "
    "RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE)",
    "CREATE TABLE listed (id INT NOT NULL, r INT NOT NULL) PARTITION BY LIST (r) (PARTITION "
    "a VALUES IN (1,2), PARTITION b VALUES IN (3))",
    "CREATE TABLE hashed (id INT NOT NULL) PARTITION BY HASH (id) PARTITIONS 3",
    "CREATE VIEW `big orders` AS SELECT region, number, qty FROM orders WHERE qty > 10 "
    "WITH CHECK OPTION",
    "CREATE SEQUENCE invoice_numbers START WITH 1000 INCREMENT BY 5 CACHE 10",
    "CREATE TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW "
    "SET NEW.qty = COALESCE(NEW.qty, 1)",
    "INSERT INTO `Customer Accounts` (email) VALUES ('a@x.org'), ('b@y.org')",
    "INSERT INTO orders (region, number, customer_id, qty) VALUES ('eu', 1, 1, 5), ('eu', 2, 2, "
    "20)",
    "ANALYZE TABLE `Customer Accounts`, orders",
};

// A connection of the test's own to `db` (as `user`), opened in the calling thread and closed
// with the object.
class Connection {
public:
    Connection(const ServerDb &db, const QString &user = {}, const QString &password = {})
    {
        static QAtomicInt serial;
        m_name = QStringLiteral("inspector-test-%1").arg(serial.fetchAndAddRelaxed(1));
        QSqlDatabase c = QSqlDatabase::addDatabase(db.qtDriver(), m_name);
        c.setHostName(db.host());
        c.setPort(db.port());
        c.setUserName(user.isEmpty() ? db.user() : user);
        c.setPassword(user.isEmpty() ? db.password() : password);
        c.setDatabaseName(db.name());
        m_open = c.open();
        EXPECT_TRUE(m_open) << c.lastError().text().toStdString();
    }
    ~Connection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool ok() const { return m_open; }
    // Runs `sql`; "" or its error.
    QString exec(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql) ? QString() : q.lastError().text();
    }
    // The rows of `sql`, each as its columns.
    std::vector<QStringList> rows(const QString &sql) const
    {
        std::vector<QStringList> out;
        QSqlQuery q(db());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString() << ": " << q.lastError().text().toStdString();
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < q.record().count(); ++i)
                row.append(q.value(i).isNull() ? QStringLiteral("<null>") : q.value(i).toString());
            out.push_back(row);
        }
        return out;
    }

private:
    QString m_name;
    bool m_open = false;
};

// As the superuser, on the test's database (or none).
QString superExec(const ServerDb &db, const QStringList &statements, QStringList *first = nullptr,
                  const QString &database = {})
{
    return execOn(db.qtDriver(), db.host(), db.port(), requireService("MYSQL_SUPERUSER"),
                  requireService("MYSQL_SUPERPASSWORD"), database, statements, first);
}

// A MariaDB string literal's value ('it''s', 'a\\b'); anything else as it is.
QString unquoted(const QString &literal)
{
    if (literal.size() < 2 || !literal.startsWith('\'') || !literal.endsWith('\''))
        return literal;
    QString out;
    for (qsizetype i = 1; i + 1 < literal.size(); ++i) {
        if (literal[i] == '\\' || (literal[i] == '\'' && literal[i + 1] == '\''))
            ++i;
        out += literal[i];
    }
    return out;
}

bool createSchema(const ServerDb &db)
{
    for (const QString &sql : kSchema) {
        const QString error = db.exec(sql);
        EXPECT_TRUE(error.isEmpty()) << sql.toStdString() << ": " << error.toStdString();
        if (!error.isEmpty())
            return false;
    }
    return true;
}

const SchemaColumn *column(const SchemaRelation &r, const QString &name)
{
    for (const SchemaColumn &c : r.columns)
        if (c.name == name)
            return &c;
    return nullptr;
}

const SchemaIndex *index(const SchemaRelation &r, const QString &name)
{
    for (const SchemaIndex &i : r.indexes)
        if (i.name == name)
            return &i;
    return nullptr;
}

QStringList names(const SchemaRelation &r)
{
    QStringList out;
    for (const SchemaColumn &c : r.columns)
        out.append(c.name);
    return out;
}

// A user with SELECT only on the test's database; dropped with the object.
class ReadOnlyUser {
public:
    explicit ReadOnlyUser(const ServerDb &db) : m_db(db)
    {
        m_name = QStringLiteral("ro_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        const QString error = superExec(
            db,
            {QStringLiteral("CREATE USER '%1'@'127.0.0.1' IDENTIFIED BY 'ro-pw'").arg(m_name),
             QStringLiteral("GRANT SELECT ON %1.* TO '%2'@'127.0.0.1'").arg(db.name(), m_name)});
        EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    }
    ~ReadOnlyUser() { superExec(m_db, {QStringLiteral("DROP USER '%1'@'127.0.0.1'").arg(m_name)}); }
    const QString &name() const { return m_name; }
    QString password() const { return QStringLiteral("ro-pw"); }
    Environment env() const
    {
        Environment e = m_db.env();
        e.user = m_name;
        return e;
    }

private:
    const ServerDb &m_db;
    QString m_name;
};

// The statements the server logged for `user` (general log, as a table), oldest first.
QStringList loggedStatements(const ServerDb &db, const QString &user)
{
    QStringList out;
    const QString error = superExec(
        db,
        {QStringLiteral("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE "
                        "command_type = 'Query' AND user_host LIKE '%1[%' ORDER BY event_time")
             .arg(user)},
        &out);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    return out;
}

} // namespace

TEST(MariaDbInspector, TheModelEqualsWhatWasCreatedFieldByField)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    Connection conn(db);
    ASSERT_TRUE(conn.ok());
    auto snap = inspectMysql(conn.db());
    ASSERT_TRUE(snap.ok()) << snap.error().message.toStdString();

    EXPECT_EQ(snap->driver, "mysql");
    EXPECT_TRUE(snap->serverVersion.contains("MariaDB"));
    EXPECT_EQ(snap->schemas, QStringList{db.name()});
    QStringList relations;
    for (const SchemaRelation &r : snap->relations)
        relations.append(r.name);
    EXPECT_EQ(relations, (QStringList{"Customer Accounts", "MixedCase", "big orders", "café",
                                      "edge", "hashed", "listed", "orders", "part"}));

    // Columns: type, nullability, default, collation, generated, identity, comment.
    const SchemaRelation *c = snap->find("Customer Accounts");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->schema, db.name());
    EXPECT_EQ(c->kind, RelationKind::Table);
    EXPECT_EQ(c->engine, "InnoDB");
    EXPECT_EQ(c->comment, "customers");
    EXPECT_EQ(names(*c), (QStringList{"id", "email", "display_name", "balance", "status", "flags",
                                      "created", "token", "note", "literal_null", "balance_cents",
                                      "email_domain", "Größe"}));
    const SchemaColumn *id = column(*c, "id");
    EXPECT_EQ(id->type, "int(11)");
    EXPECT_FALSE(id->nullable);
    EXPECT_EQ(id->identity, "by default");
    EXPECT_EQ(id->primaryKeyPosition, 1);
    EXPECT_FALSE(id->defaultValue.has_value());
    const SchemaColumn *email = column(*c, "email");
    EXPECT_EQ(email->type, "varchar(120)");
    EXPECT_FALSE(email->nullable);
    EXPECT_FALSE(email->defaultValue.has_value());
    EXPECT_EQ(email->comment, "login, it's unique");
    EXPECT_EQ(email->collation, ""); // the table's own
    EXPECT_EQ(email->primaryKeyPosition, 0);
    const SchemaColumn *display = column(*c, "display_name");
    EXPECT_EQ(display->collation, "utf8mb4_bin");
    EXPECT_EQ(display->defaultValue, QString("'it''s'"));
    EXPECT_TRUE(display->nullable);
    EXPECT_EQ(column(*c, "balance")->type, "decimal(10,2)");
    EXPECT_EQ(column(*c, "balance")->defaultValue, QString("0.00"));
    EXPECT_EQ(column(*c, "status")->type, "enum('active','closed')");
    EXPECT_EQ(column(*c, "status")->defaultValue, QString("'active'"));
    EXPECT_EQ(column(*c, "flags")->type, "set('a','b','c')");
    EXPECT_EQ(column(*c, "flags")->defaultValue, QString("'a,b'"));
    EXPECT_EQ(column(*c, "created")->defaultValue, QString("current_timestamp()"));
    EXPECT_EQ(column(*c, "token")->defaultValue, QString("uuid()"));
    EXPECT_FALSE(column(*c, "note")->defaultValue.has_value());             // implicit DEFAULT NULL
    EXPECT_EQ(column(*c, "literal_null")->defaultValue, QString("'NULL'")); // a string, kept
    EXPECT_FALSE(column(*c, "Größe")->defaultValue.has_value());            // DEFAULT NULL
    EXPECT_EQ(column(*c, "balance_cents")->generated, "stored");
    EXPECT_EQ(column(*c, "balance_cents")->defaultValue, QString("`balance` * 100"));
    EXPECT_EQ(column(*c, "email_domain")->generated, "virtual");
    EXPECT_EQ(column(*c, "email_domain")->defaultValue, QString("substring_index(`email`,'@',-1)"));
    EXPECT_EQ(column(*c, "id")->generated, "");

    // Indexes: primary first, then by name; prefix lengths, methods, definitions.
    QStringList indexNames;
    for (const SchemaIndex &i : c->indexes)
        indexNames.append(i.name);
    EXPECT_EQ(indexNames, (QStringList{"PRIMARY", "ft_note", "ix_prefix", "uq_email"}));
    const SchemaIndex *pk = index(*c, "PRIMARY");
    EXPECT_TRUE(pk->primary && pk->unique);
    EXPECT_EQ(pk->constraint, "primary key");
    EXPECT_EQ(pk->definition, "ALTER TABLE `Customer Accounts` ADD PRIMARY KEY (`id`) USING BTREE");
    const SchemaIndex *prefix = index(*c, "ix_prefix");
    EXPECT_EQ(prefix->columns, (QStringList{"display_name(10)", "status"}));
    EXPECT_FALSE(prefix->unique);
    EXPECT_EQ(prefix->method, "BTREE");
    EXPECT_EQ(prefix->definition, "CREATE INDEX `ix_prefix` ON `Customer Accounts` "
                                  "(`display_name`(10), `status`) USING BTREE");
    const SchemaIndex *uq = index(*c, "uq_email");
    EXPECT_TRUE(uq->unique);
    EXPECT_EQ(uq->constraint, "unique");
    EXPECT_EQ(uq->definition,
              "CREATE UNIQUE INDEX `uq_email` ON `Customer Accounts` (`email`) USING BTREE");
    const SchemaIndex *ft = index(*c, "ft_note");
    EXPECT_EQ(ft->method, "FULLTEXT");
    EXPECT_EQ(ft->definition, "CREATE FULLTEXT INDEX `ft_note` ON `Customer Accounts` (`note`)");
    const SchemaRelation *mixed = snap->find("MixedCase");
    ASSERT_TRUE(mixed);
    EXPECT_EQ(index(*mixed, "uq_body")->method, "HASH"); // MariaDB's long unique index
    EXPECT_EQ(index(*snap->find("café"), "k")->method, "HASH");
    EXPECT_EQ(snap->find("café")->engine, "MEMORY");
    const SchemaRelation *edge = snap->find("edge");
    ASSERT_TRUE(edge);
    EXPECT_EQ(index(*edge, "ix_desc")->columns, (QStringList{"id DESC", "b"}));
    EXPECT_EQ(column(*edge, "b")->defaultValue, QString("'a\\\\b''c'"));
    EXPECT_EQ(column(*edge, "b")->comment, "line1\nline2 \\ end");
    EXPECT_EQ(column(*edge, "h")->defaultValue, QString("3"));
    EXPECT_EQ(column(*edge, "bi")->defaultValue, QString("b'1'"));
    EXPECT_EQ(column(*edge, "j")->type, "longtext");
    EXPECT_EQ(column(*edge, "j")->collation, "utf8mb4_bin");
    ASSERT_EQ(edge->checks.size(), 1u); // JSON's own CHECK (json_valid(...))
    EXPECT_EQ(edge->checks[0].definition, "CHECK (json_valid(`j`))");

    // Partitioned tables: the key and the partitions' names.
    const SchemaRelation *part = snap->find("part");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->kind, RelationKind::PartitionedTable);
    EXPECT_EQ(part->partitionKey, "RANGE (`y`)");
    EXPECT_EQ(part->partitions, (QStringList{"p0", "p1"}));
    EXPECT_EQ(snap->find("hashed")->partitions, (QStringList{"p0", "p1", "p2"}));
    EXPECT_EQ(snap->find("listed")->partitionKey, "LIST (`r`)");
    EXPECT_EQ(c->kind, RelationKind::Table);
    EXPECT_TRUE(c->partitions.isEmpty());

    // Checks: table-level and a column's own.
    ASSERT_EQ(c->checks.size(), 1u);
    EXPECT_EQ(c->checks[0].name, "chk_balance");
    EXPECT_EQ(c->checks[0].definition, "CHECK (`balance` >= 0)");
    const SchemaRelation *o = snap->find("orders");
    ASSERT_TRUE(o);
    ASSERT_EQ(o->checks.size(), 1u);
    EXPECT_EQ(o->checks[0].name, "qty");
    EXPECT_EQ(o->checks[0].definition, "CHECK (`qty` > 0)");

    // Foreign keys: composite, self-referencing, actions; and "referenced by".
    EXPECT_EQ(column(*o, "region")->primaryKeyPosition, 1);
    EXPECT_EQ(column(*o, "number")->primaryKeyPosition, 2);
    ASSERT_EQ(o->foreignKeys.size(), 2u);
    const SchemaForeignKey &fkc = o->foreignKeys[0];
    EXPECT_EQ(fkc.name, "fk_customer");
    EXPECT_EQ(fkc.columns, QStringList{"customer_id"});
    EXPECT_EQ(fkc.refSchema, db.name());
    EXPECT_EQ(fkc.refTable, "Customer Accounts");
    EXPECT_EQ(fkc.refColumns, QStringList{"id"});
    EXPECT_EQ(fkc.onDelete, "CASCADE");
    EXPECT_EQ(fkc.onUpdate, "NO ACTION");
    EXPECT_EQ(fkc.definition, "FOREIGN KEY (`customer_id`) REFERENCES `Customer Accounts` (`id`) "
                              "ON DELETE CASCADE ON UPDATE NO ACTION");
    const SchemaForeignKey &fkp = o->foreignKeys[1];
    EXPECT_EQ(fkp.name, "fk_parent");
    EXPECT_EQ(fkp.columns, (QStringList{"parent_region", "parent_number"}));
    EXPECT_EQ(fkp.refTable, "orders");
    EXPECT_EQ(fkp.refColumns, (QStringList{"region", "number"}));
    EXPECT_EQ(fkp.onDelete, "SET NULL");
    EXPECT_EQ(fkp.onUpdate, "RESTRICT"); // none given: InnoDB's
    ASSERT_EQ(c->referencedBy.size(), 1u);
    EXPECT_EQ(c->referencedBy[0].table, "orders");
    EXPECT_EQ(c->referencedBy[0].key.name, "fk_customer");
    ASSERT_EQ(o->referencedBy.size(), 1u);
    EXPECT_EQ(o->referencedBy[0].key.name, "fk_parent");

    // Triggers.
    ASSERT_EQ(o->triggers.size(), 1u);
    EXPECT_EQ(o->triggers[0].name, "orders_bi");
    EXPECT_TRUE(o->triggers[0].definition.startsWith("CREATE DEFINER=`app`@`127.0.0.1` TRIGGER "
                                                     "`orders_bi` BEFORE INSERT ON `orders` FOR "
                                                     "EACH ROW SET NEW.qty = COALESCE(NEW.qty, 1)"))
        << o->triggers[0].definition.toStdString();

    // Views, with SHOW CREATE VIEW's query text.
    const SchemaRelation *v = snap->find("big orders");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->kind, RelationKind::View);
    EXPECT_EQ(v->definition, "select `orders`.`region` AS `region`,`orders`.`number` AS "
                             "`number`,`orders`.`qty` AS `qty` from `orders` where `orders`.`qty` "
                             "> 10");
    EXPECT_EQ(names(*v), (QStringList{"region", "number", "qty"}));
    EXPECT_FALSE(v->rowsEstimate.has_value());
    EXPECT_FALSE(v->sizeBytes.has_value());

    // Statistics.
    EXPECT_EQ(c->rowsEstimate, 2);
    ASSERT_TRUE(c->sizeBytes.has_value());
    EXPECT_GT(*c->sizeBytes, 0);

    // Sequences.
    ASSERT_EQ(snap->sequences.size(), 1u);
    const SchemaSequence &s = snap->sequences[0];
    EXPECT_EQ(s.name, "invoice_numbers");
    EXPECT_EQ(s.schema, db.name());
    EXPECT_EQ(s.start, 1000);
    EXPECT_EQ(s.increment, 5);
    EXPECT_EQ(s.cache, 10);
    EXPECT_EQ(s.minValue, 1);
    EXPECT_FALSE(s.cycle);
    EXPECT_EQ(conn.rows("SHOW CREATE SEQUENCE invoice_numbers").at(0).at(1), s.ddl);
}

TEST(MariaDbInspector, TypesDefaultsAndNullabilityAreWhatDescribeAndShowCreatePrint)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    Connection conn(db);
    ASSERT_TRUE(conn.ok());
    auto snap = inspectMysql(conn.db());
    ASSERT_TRUE(snap.ok()) << snap.error().message.toStdString();
    int compared = 0;
    for (const SchemaRelation &r : snap->relations) {
        // DESCRIBE: Field | Type | Null | Key | Default | Extra. Its Default is the value
        // unquoted (NULL for none); a generated column shows NULL and says so in Extra.
        const auto rows = conn.rows("DESCRIBE " + mysqlQuoteIdent(r.name));
        ASSERT_EQ(rows.size(), r.columns.size()) << r.name.toStdString();
        for (size_t i = 0; i < rows.size(); ++i) {
            const SchemaColumn &col = r.columns[i];
            const QStringList &d = rows[i];
            SCOPED_TRACE((r.name + "." + col.name).toStdString());
            EXPECT_EQ(d[0], col.name);
            EXPECT_EQ(d[1], col.type);
            EXPECT_EQ(d[2], col.nullable ? "YES" : "NO");
            if (!col.generated.isEmpty()) {
                EXPECT_EQ(d[5], col.generated.toUpper() + " GENERATED");
                continue;
            }
            EXPECT_EQ(d[4], unquoted(col.defaultValue.value_or("<null>")));
            ++compared;
        }
        // SHOW CREATE TABLE: the assembled DDL is the server's text, and mysqlShowCreate gives it.
        auto exact = mysqlShowCreate(conn.db(), r);
        ASSERT_TRUE(exact.ok()) << exact.error().message.toStdString();
        EXPECT_EQ(*exact, conn.rows("SHOW CREATE TABLE " + mysqlQuoteIdent(r.name)).at(0).at(1));
        if (r.kind != RelationKind::View) {
            EXPECT_EQ(r.ddl.toStdString(), exact->toStdString());
        } else {
            EXPECT_TRUE(exact->endsWith(" AS " + r.definition + " WITH CASCADED CHECK OPTION"))
                << exact->toStdString();
            EXPECT_EQ(r.ddl.toStdString(), exact->toStdString());
        }
    }
    EXPECT_GT(compared, 20);
}

TEST(MariaDbInspector, AFocusedRelationGetsShowCreateAsItsDdl)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    // InnoDB builds a BTREE for USING HASH and information_schema says BTREE, but SHOW CREATE
    // TABLE repeats what was written: only the exact form has it.
    ASSERT_EQ(db.exec("CREATE TABLE hinted (id INT, KEY h (id) USING HASH) ENGINE=InnoDB"), "");
    Connection conn(db);
    ASSERT_TRUE(conn.ok());
    const QString show = conn.rows("SHOW CREATE TABLE hinted").at(0).at(1);
    ASSERT_TRUE(show.contains("USING HASH"));
    const QString showView = conn.rows("SHOW CREATE VIEW `big orders`").at(0).at(1);

    auto plain = inspectEnvironment(db.env(), db.secrets());
    ASSERT_TRUE(plain.ok()) << plain.error().message.toStdString();
    EXPECT_NE(plain->find("hinted")->ddl, show);
    auto focused = inspectEnvironment(db.env(), db.secrets(), nullptr, "hinted");
    ASSERT_TRUE(focused.ok()) << focused.error().message.toStdString();
    EXPECT_EQ(focused->find("hinted")->ddl.toStdString(), show.toStdString());
    EXPECT_EQ(focused->find("orders")->ddl, plain->find("orders")->ddl);
    EXPECT_EQ(focused->driver, "mysql");
    // A view through SHOW CREATE VIEW; an unknown name changes nothing.
    auto view = inspectEnvironment(db.env(), db.secrets(), nullptr, "big orders");
    ASSERT_TRUE(view.ok()) << view.error().message.toStdString();
    EXPECT_EQ(view->find("big orders")->ddl.toStdString(), showView.toStdString());
    auto unknown = inspectEnvironment(db.env(), db.secrets(), nullptr, "nothing here");
    ASSERT_TRUE(unknown.ok()) << unknown.error().message.toStdString();
    EXPECT_EQ(unknown->find("hinted")->ddl, plain->find("hinted")->ddl);
}

TEST(MariaDbInspector, TheStatementCountIsTheSameForTenAndAHundredTables)
{
    // Counted server-side in the general log (as a table): it records every statement of every
    // session with its user, which SHOW SESSION STATUS cannot (it sees only its own session),
    // and performance_schema is off in this server (it can only be enabled at startup). The log
    // is switched on and left on: another test may be reading it at the same time.
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_EQ(superExec(db, {"SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = ON"}),
              "");
    ReadOnlyUser user(db);
    auto makeTables = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            const QString error = db.exec(
                QStringLiteral("CREATE TABLE t%1 (id INT PRIMARY KEY, ref INT, v VARCHAR(20) "
                               "DEFAULT 'x', KEY ix_v (v), CONSTRAINT fk_%1 FOREIGN KEY (ref) "
                               "REFERENCES t0 (id), CONSTRAINT chk_%1 CHECK (id > 0))")
                    .arg(i));
            ASSERT_TRUE(error.isEmpty()) << error.toStdString();
        }
    };
    ASSERT_EQ(db.exec("CREATE TABLE t0 (id INT PRIMARY KEY)"), "");
    makeTables(1, 10);
    ASSERT_EQ(db.exec("CREATE SEQUENCE s1"), "");
    auto ten = inspectEnvironment(user.env(), {user.password(), {}});
    ASSERT_TRUE(ten.ok()) << ten.error().message.toStdString();
    EXPECT_EQ(ten->relations.size(), 10u);
    const QStringList first = loggedStatements(db, user.name());

    makeTables(10, 100);
    auto hundred = inspectEnvironment(user.env(), {user.password(), {}});
    ASSERT_TRUE(hundred.ok()) << hundred.error().message.toStdString();
    EXPECT_EQ(hundred->relations.size(), 100u);
    const QStringList both = loggedStatements(db, user.name());
    const QStringList second = both.mid(first.size());

    EXPECT_EQ(second.size(), first.size()) << second.join("\n").toStdString();
    EXPECT_GE(first.size(), 12);
    EXPECT_LE(first.size(), 16) << first.join("\n").toStdString();
    // Reads only, inside one read-only transaction.
    EXPECT_TRUE(first.contains("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"));
    for (const QString &sql : first)
        EXPECT_TRUE(sql.startsWith("SELECT") || sql.startsWith("SET ") ||
                    sql.startsWith("START TRANSACTION") || sql == "COMMIT" ||
                    sql.startsWith("SHOW "))
            << sql.toStdString();
}

TEST(MariaDbInspector, AUserWithOnlySelectInspectsAndTheTransactionRefusesWrites)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    ReadOnlyUser user(db);
    auto snap = inspectEnvironment(user.env(), {user.password(), {}});
    ASSERT_TRUE(snap.ok()) << snap.error().message.toStdString();
    EXPECT_EQ(snap->relations.size(), 9u);
    const SchemaRelation *o = snap->find("orders");
    ASSERT_TRUE(o);
    EXPECT_EQ(column(*o, "region")->type, "char(2)");
    EXPECT_EQ(o->checks.size(), 1u);
    EXPECT_EQ(snap->find("Customer Accounts")->indexes.size(), 4u);
    EXPECT_EQ(snap->sequences.size(), 1u);
    EXPECT_EQ(snap->sequences[0].start, 1000);
    // What the server hides from SELECT alone: a key's actions (REFERENTIAL_CONSTRAINTS), a
    // view's query (SHOW VIEW), triggers (TRIGGER). The keys themselves are there.
    ASSERT_EQ(o->foreignKeys.size(), 2u);
    EXPECT_EQ(o->foreignKeys[1].refColumns, (QStringList{"region", "number"}));
    EXPECT_EQ(o->foreignKeys[0].onDelete, "");
    EXPECT_EQ(o->triggers.size(), 0u);
    const SchemaRelation *v = snap->find("big orders");
    EXPECT_EQ(v->definition, "");
    EXPECT_TRUE(v->ddl.contains("SHOW VIEW privilege")) << v->ddl.toStdString();

    // The transaction the inspector starts refuses a write.
    Connection conn(db); // the app user, who may write outside it
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(beginMysqlReadOnly(conn.db()).ok());
    const QString error = conn.exec("INSERT INTO orders (region, number, customer_id) VALUES "
                                    "('us', 9, 1)");
    EXPECT_TRUE(error.contains("READ ONLY")) << error.toStdString();
    EXPECT_EQ(conn.exec("ROLLBACK"), "");
    EXPECT_EQ(db.column("SELECT count(*) FROM orders WHERE region = 'us'"), QStringList{"0"});
}

TEST(MariaDbInspector, ALockedTableNeitherBlocksInspectionNorIsBlockedByIt)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    Connection holder(db);
    Connection inspector(db);
    ASSERT_TRUE(holder.ok() && inspector.ok());

    // A table under LOCK TABLES ... WRITE (what a migration's ALTER holds): information_schema
    // reads are not blocked, and the snapshot is complete.
    ASSERT_EQ(holder.exec("LOCK TABLES orders WRITE"), "");
    auto snap = inspectMysql(inspector.db(), nullptr, 1);
    ASSERT_TRUE(snap.ok()) << snap.error().message.toStdString();
    EXPECT_EQ(snap->find("orders")->columns.size(), 6u);
    // ... and the lock holder is not blocked by what the inspection did: it alters at once.
    EXPECT_EQ(holder.exec("SET SESSION lock_wait_timeout = 1"), "");
    EXPECT_EQ(holder.exec("ALTER TABLE orders ADD COLUMN extra INT"), "");
    EXPECT_EQ(holder.exec("UNLOCK TABLES"), "");

    // A locked sequence (whose values are read from the sequence itself): the inspection fails
    // after lock_wait_timeout, saying so, instead of waiting.
    ASSERT_EQ(holder.exec("LOCK TABLES invoice_numbers WRITE"), "");
    auto locked = inspectMysql(inspector.db(), nullptr, 1);
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.error().kind, ErrorKind::ServerError);
    EXPECT_EQ(locked.error().code, "1205");
    EXPECT_TRUE(locked.error().message.contains("the sequences (`invoice_numbers`)"))
        << locked.error().message.toStdString();
    EXPECT_TRUE(locked.error().message.contains("lock_wait_timeout"));
    EXPECT_EQ(holder.exec("ALTER SEQUENCE invoice_numbers RESTART 5000"), "");
    EXPECT_EQ(holder.exec("UNLOCK TABLES"), "");

    // The inspector's session is as it was, and holds nothing: another session alters at once.
    EXPECT_EQ(inspector.rows("SELECT @@SESSION.lock_wait_timeout, @@in_transaction").at(0),
              (QStringList{"86400", "0"}));
    EXPECT_EQ(holder.exec("ALTER SEQUENCE invoice_numbers RESTART 6000"), "");
    EXPECT_EQ(holder.exec("ALTER TABLE orders DROP COLUMN extra"), "");
    auto after = inspectMysql(inspector.db());
    ASSERT_TRUE(after.ok()) << after.error().message.toStdString();
}

// Polls the server until a session of the test's database waits for a metadata lock.
bool someoneWaitsForAMetadataLock(const ServerDb &db)
{
    for (int i = 0; i < 400; ++i) {
        QStringList count;
        superExec(db,
                  {QStringLiteral("SELECT count(*) FROM information_schema.PROCESSLIST WHERE "
                                  "DB = '%1' AND STATE = 'Waiting for table metadata lock'")
                       .arg(db.name())},
                  &count);
        if (count.value(0) != "0")
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

TEST(MariaDbInspector, AnAlterWaitingForItsLockIsNeitherInTheWayNorHeldUp)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    // A long transaction has read `orders`; a migration's ALTER queues behind it for its
    // exclusive metadata lock (and everything after it that needs the table queues behind the
    // ALTER). The inspection reads the catalog all the same, and once the transaction ends the
    // ALTER goes through: the inspector took nothing it would have had to wait for.
    Connection reader(db);
    ASSERT_TRUE(reader.ok());
    ASSERT_EQ(reader.exec("START TRANSACTION"), "");
    ASSERT_EQ(reader.rows("SELECT count(*) FROM orders").size(), 1u);
    QString alterError = "not run";
    std::thread migration([&] {
        Connection conn(db);
        conn.exec("SET SESSION lock_wait_timeout = 60");
        alterError = conn.exec("ALTER TABLE orders ADD COLUMN shipped DATE");
    });
    EXPECT_TRUE(someoneWaitsForAMetadataLock(db));
    Connection inspector(db);
    auto snap = inspectMysql(inspector.db(), nullptr, 2);
    EXPECT_TRUE(snap.ok()) << snap.error().message.toStdString();
    if (snap.ok()) {
        EXPECT_EQ(snap->find("orders")->columns.size(), 6u); // not altered yet
    }
    EXPECT_EQ(reader.exec("COMMIT"), "");
    migration.join();
    EXPECT_EQ(alterError, "");
    auto after = inspectMysql(inspector.db());
    ASSERT_TRUE(after.ok()) << after.error().message.toStdString();
    EXPECT_EQ(after->find("orders")->columns.size(), 7u);
}

TEST(MariaDbInspector, ACancelInterruptsAStatementOnTheServer)
{
    AppScope app;
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    Connection holder(db);
    ASSERT_TRUE(holder.ok());
    ASSERT_EQ(holder.exec("LOCK TABLES invoice_numbers WRITE"), "");

    // The inspection waits for the locked sequence (lock_wait_timeout 60 s) in a thread of its
    // own; once the server shows it waiting, a cancel must stop the statement on the server
    // (error 1317, "query execution was interrupted"), not wait for the timeout (1205).
    CancelToken token;
    std::optional<Result<SchemaSnapshot>> outcome;
    std::thread worker([&] {
        Connection conn(db);
        outcome.emplace(inspectMysql(conn.db(), &token, 60));
    });
    EXPECT_TRUE(someoneWaitsForAMetadataLock(db));
    token.cancel();
    worker.join();
    holder.exec("UNLOCK TABLES");
    ASSERT_TRUE(outcome.has_value());
    ASSERT_FALSE(outcome->ok());
    EXPECT_EQ(outcome->error().kind, ErrorKind::Cancelled);
    EXPECT_EQ(outcome->error().code, "1317") << outcome->error().message.toStdString();
}

TEST(MariaDbInspector, TheCliListsAndDescribesAsJson)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    ServerProject project(db);

    const CliRun list = cli(project.root(), {"--env", "test", "schema"}, db.password());
    ASSERT_EQ(list.code, 0) << list.err.toStdString();
    for (const char *name : {"Customer Accounts", "MixedCase", "big orders", "café", "edge",
                             "hashed", "listed", "orders", "part"})
        EXPECT_TRUE(list.out.contains(name)) << name << "\n" << list.out.toStdString();
    EXPECT_TRUE(list.out.contains("(9 rows)")) << list.out.toStdString();

    const CliRun one = cli(
        project.root(), {"--env", "test", "schema", "Customer Accounts", "--json"}, db.password());
    ASSERT_EQ(one.code, 0) << one.err.toStdString();
    const QJsonArray arr = QJsonDocument::fromJson(one.out.toUtf8()).array();
    ASSERT_EQ(arr.size(), 1) << one.out.toStdString();
    const QJsonObject r = arr.at(0).toObject();
    EXPECT_EQ(r["name"].toString(), "Customer Accounts");
    EXPECT_EQ(r["schema"].toString(), db.name());
    const QJsonArray cols = r["columns"].toArray();
    ASSERT_EQ(cols.size(), 13);
    EXPECT_EQ(cols.at(1).toObject()["type"].toString(), "varchar(120)");
    EXPECT_EQ(cols.at(1).toObject()["nullable"].toBool(), false);
    EXPECT_EQ(cols.at(2).toObject()["default"].toString(), "'it''s'");
    EXPECT_EQ(cols.at(2).toObject()["collation"].toString(), "utf8mb4_bin");
    EXPECT_EQ(r["indexes"].toArray().size(), 4);
    EXPECT_EQ(r["referenced_by"].toArray().size(), 1);

    const CliRun missing = cli(project.root(), {"--env", "test", "schema", "order"}, db.password());
    EXPECT_NE(missing.code, 0);
    EXPECT_TRUE(missing.err.contains("orders")) << missing.err.toStdString();
}

// `schema NAME` on MariaDB: psql's \d+ layout in MariaDB's words — backquoted names, index lines
// with their method, the default key action (RESTRICT) left out, generated and auto_increment
// columns said as such, partitions and the engine; `--ddl NAME` is SHOW CREATE TABLE's text.
TEST(MariaDbInspector, TheCliDescribesARelationInMariaDbsWords)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(createSchema(db));
    ServerProject project(db);

    const CliRun accounts =
        cli(project.root(), {"--env", "test", "schema", "Customer Accounts"}, db.password());
    ASSERT_EQ(accounts.code, 0) << accounts.err.toStdString();
    const QString a = accounts.out;
    EXPECT_TRUE(a.contains(QString("Table \"%1.Customer Accounts\"\n").arg(db.name())))
        << a.toStdString();
    EXPECT_TRUE(a.contains("`PRIMARY` PRIMARY KEY, btree (id)")) << a.toStdString();
    EXPECT_TRUE(a.contains("`uq_email` UNIQUE, btree (email)")) << a.toStdString();
    EXPECT_TRUE(a.contains("`ft_note` fulltext (note)")) << a.toStdString();
    EXPECT_TRUE(a.contains("generated always as (`balance` * 100) stored") ||
                a.contains("generated always as (balance * 100) stored"))
        << a.toStdString();
    EXPECT_TRUE(a.contains("auto_increment")) << a.toStdString();
    EXPECT_TRUE(a.contains("Check constraints:\n    `chk_balance` ")) << a.toStdString();
    EXPECT_TRUE(a.contains("Referenced by:\n    TABLE `orders` CONSTRAINT `fk_customer` FOREIGN "
                           "KEY (customer_id) REFERENCES `Customer Accounts`(id) ON DELETE "
                           "CASCADE\n"))
        << a.toStdString();
    EXPECT_TRUE(a.contains("Engine: InnoDB\n")) << a.toStdString();
    EXPECT_FALSE(a.contains("RESTRICT")) << a.toStdString();

    const CliRun orders = cli(project.root(), {"--env", "test", "schema", "orders"}, db.password());
    ASSERT_EQ(orders.code, 0) << orders.err.toStdString();
    EXPECT_TRUE(orders.out.contains("`fk_parent` FOREIGN KEY (parent_region, parent_number) "
                                    "REFERENCES orders(region, number) ON DELETE SET NULL\n"))
        << orders.out.toStdString();

    const CliRun part = cli(project.root(), {"--env", "test", "schema", "part"}, db.password());
    ASSERT_EQ(part.code, 0) << part.err.toStdString();
    EXPECT_TRUE(part.out.contains("Partitioned table")) << part.out.toStdString();
    EXPECT_TRUE(part.out.contains("Partition key: ")) << part.out.toStdString();
    EXPECT_TRUE(part.out.contains("Partitions: p0,\n            p1\n")) << part.out.toStdString();

    const CliRun ddl =
        cli(project.root(), {"--env", "test", "schema", "orders", "--ddl"}, db.password());
    ASSERT_EQ(ddl.code, 0) << ddl.err.toStdString();
    const QStringList rows = [&] {
        QStringList out;
        const QString name = "show-create-orders";
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(db.qtDriver(), name);
            c.setHostName(db.host());
            c.setPort(db.port());
            c.setUserName(db.user());
            c.setPassword(db.password());
            c.setDatabaseName(db.name());
            if (c.open()) {
                QSqlQuery q(c);
                if (q.exec("SHOW CREATE TABLE orders") && q.next())
                    out << q.value(1).toString();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return out;
    }();
    ASSERT_EQ(rows.size(), 1);
    EXPECT_EQ(ddl.out, rows.first() + ";\n");
}
