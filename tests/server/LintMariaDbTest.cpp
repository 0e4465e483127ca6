// alter-needs-copy (lint/LintMysql.cpp) against the real MariaDB of tests/services: for each
// ALTER TABLE of a list, on a fresh copy of a table with most kinds of column, the server is
// asked to run it with ALGORITHM=INPLACE; the rule must fire exactly for the statements the
// server refuses (and never for one it runs with ALGORITHM=INSTANT), judged for the server's own
// version with the table's definition known from an earlier migration.

#include "PostgresMariaDbSupport.h"

#include "lint/Lint.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace retort;
using namespace retort::test;

namespace {

// The schema an earlier revision created (and the test creates again before each statement).
const QStringList kSetup = {
    "CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB",
    "CREATE TABLE t (id INT PRIMARY KEY, total DECIMAL(10,2), note VARCHAR(50), "
    "v127 VARCHAR(127), v200 VARCHAR(200), u VARCHAR(40) CHARACTER SET utf8mb4, "
    "status ENUM('new','paid','sent'), tags SET('a','b'), n INT, pid INT, c CHAR(10), "
    "big BIGINT, nn VARCHAR(20) NOT NULL DEFAULT '', CONSTRAINT ck CHECK (total >= 0), "
    "KEY ix_n (n)) ENGINE=InnoDB DEFAULT CHARSET=latin1",
};

struct AlterCase {
    const char *sql;
    const char *prelude = nullptr; // a statement before it in the same section and session
};

// At least 25 statements, both kinds: what InnoDB does in place and what it copies.
const AlterCase kAlters[] = {
    {"ALTER TABLE t ADD COLUMN x INT"},
    {"ALTER TABLE t ADD COLUMN x INT NOT NULL"},
    {"ALTER TABLE t ADD COLUMN x INT AUTO_INCREMENT UNIQUE"},
    {"ALTER TABLE t ADD COLUMN x INT AS (n + 1) VIRTUAL"},
    {"ALTER TABLE t ADD COLUMN x INT AS (n + 1) STORED"},
    {"ALTER TABLE t ADD COLUMN x DATETIME DEFAULT CURRENT_TIMESTAMP"},
    {"ALTER TABLE t ADD COLUMN x DOUBLE DEFAULT (rand() * 2)"},
    {"ALTER TABLE t ADD COLUMN x INT DEFAULT (1 + 1)"},
    {"ALTER TABLE t ADD COLUMN x CHAR(36) DEFAULT (uuid())"},
    {"ALTER TABLE t ADD COLUMN x BIGINT DEFAULT uuid_short()"},
    {"ALTER TABLE t ADD COLUMN x INT DEFAULT (n + 1)"},
    {"ALTER TABLE t ADD COLUMN x INT REFERENCES parent (id)"},
    {"ALTER TABLE t DROP COLUMN note"},
    {"ALTER TABLE t MODIFY note VARCHAR(100)"},
    {"ALTER TABLE t MODIFY note VARCHAR(300)"},
    {"ALTER TABLE t MODIFY v127 VARCHAR(300)"},
    {"ALTER TABLE t MODIFY v200 VARCHAR(300)"},
    {"ALTER TABLE t MODIFY note VARCHAR(20)"},
    {"ALTER TABLE t MODIFY u VARCHAR(60) CHARACTER SET utf8mb4"},
    {"ALTER TABLE t MODIFY u VARCHAR(70) CHARACTER SET utf8mb4"},
    {"ALTER TABLE t MODIFY note VARCHAR(50) CHARACTER SET utf8mb4"},
    {"ALTER TABLE t MODIFY note VARCHAR(50) COLLATE latin1_bin"},
    {"ALTER TABLE t MODIFY note TEXT"},
    {"ALTER TABLE t MODIFY n BIGINT"},
    {"ALTER TABLE t MODIFY n MEDIUMINT"},
    {"ALTER TABLE t MODIFY n INT UNSIGNED"},
    {"ALTER TABLE t MODIFY n INT NOT NULL"},
    {"ALTER TABLE t MODIFY nn VARCHAR(20) NULL"},
    {"ALTER TABLE t MODIFY n INT FIRST"},
    {"ALTER TABLE t MODIFY n INT DEFAULT 3 COMMENT 'x'"},
    {"ALTER TABLE t MODIFY total DECIMAL(12,2)"},
    {"ALTER TABLE t MODIFY c VARCHAR(10)"},
    {"ALTER TABLE t MODIFY c CHAR(20)"},
    {"ALTER TABLE t MODIFY status ENUM('new','paid','sent','x')"},
    {"ALTER TABLE t MODIFY status ENUM('paid','new','sent')"},
    {"ALTER TABLE t MODIFY status ENUM('new','sent')"},
    {"ALTER TABLE t MODIFY tags SET('a','b','c')"},
    {"ALTER TABLE t MODIFY tags SET('a','b','c','d','e','f','g','h','i')"},
    {"ALTER TABLE t CHANGE note remark VARCHAR(50)"},
    {"ALTER TABLE t CHANGE note remark VARCHAR(80)"},
    {"ALTER TABLE t RENAME COLUMN note TO remark"},
    {"ALTER TABLE t MODIFY big BIGINT AUTO_INCREMENT UNIQUE"},
    {"ALTER TABLE t ALTER COLUMN n SET DEFAULT 5"},
    {"ALTER TABLE t DROP PRIMARY KEY"},
    {"ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, n)"},
    {"ALTER TABLE t ADD INDEX ix_note (note)"},
    {"ALTER TABLE t ADD UNIQUE KEY uq (big)"},
    {"ALTER TABLE t ADD FULLTEXT INDEX ft (note)"},
    {"ALTER TABLE t ADD FULLTEXT INDEX ft (note), ADD FULLTEXT INDEX ft2 (c)"},
    {"ALTER TABLE t DROP INDEX ix_n"},
    {"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (pid) REFERENCES parent (id)"},
    {"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (pid) REFERENCES parent (id)",
     "SET foreign_key_checks = 0"},
    {"ALTER TABLE t ADD CONSTRAINT ck2 CHECK (n > 0)"},
    {"ALTER TABLE t DROP CONSTRAINT ck"},
    {"ALTER TABLE t ENGINE=InnoDB"},
    {"ALTER TABLE t ENGINE=Aria"},
    {"ALTER TABLE t FORCE"},
    {"ALTER TABLE t ROW_FORMAT=COMPACT"},
    {"ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4"},
    {"ALTER TABLE t DEFAULT CHARSET=utf8mb4"},
    {"ALTER TABLE t COMMENT='x'"},
    {"ALTER TABLE t AUTO_INCREMENT=100"},
    {"ALTER TABLE t RENAME TO t2"},
    {"ALTER TABLE t ADD SYSTEM VERSIONING"},
};

// "10.11.6-MariaDB-0+deb12u1" -> 101106.
int versionNum(const QString &version)
{
    const auto m = QRegularExpression("^(\\d+)\\.(\\d+)\\.(\\d+)").match(version);
    return m.hasMatch()
               ? m.captured(1).toInt() * 10000 + m.captured(2).toInt() * 100 + m.captured(3).toInt()
               : 0;
}

std::vector<LintFinding> lint(const QString &sql, int version, LintSchemaState *schema)
{
    LintOptions options;
    options.driver = "mysql";
    options.serverVersionNum = version;
    LintContext context;
    context.schema = schema;
    return lintSection(sql, 1, context, options);
}

bool firesCopy(const std::vector<LintFinding> &findings, QString *message)
{
    for (const LintFinding &f : findings)
        if (f.rule == "alter-needs-copy") {
            *message = f.message;
            return true;
        }
    return false;
}

} // namespace

TEST(LintMariaDb, AlterNeedsCopyFiresExactlyWhenTheServerRefusesInplace)
{
    ServerDb db(Server::MariaDb);
    ASSERT_TRUE(db.ok());
    const QStringList version = db.column("SELECT VERSION()");
    ASSERT_EQ(version.size(), 1);
    const int num = versionNum(version.first());
    ASSERT_GE(num, 100000) << version.first().toStdString();

    // What an earlier revision created, as the rule knows it.
    LintSchemaState created;
    lint(kSetup.join(";\n") + ";", num, &created);
    ASSERT_TRUE(created.tables.contains("t"));

    int refusedCount = 0, inplaceCount = 0;
    for (const AlterCase &c : kAlters) {
        const QString sql = QString::fromUtf8(c.sql);
        auto run = [&](const QString &algorithm) {
            QStringList statements = {"DROP TABLE IF EXISTS t2", "DROP TABLE IF EXISTS t",
                                      "DROP TABLE IF EXISTS parent"};
            statements += kSetup;
            statements << "INSERT INTO parent VALUES (1)"
                       << "INSERT INTO t (id, total, note, n, pid) VALUES (1, 1, 'x', 1, 1)";
            if (c.prelude)
                statements << QString::fromUtf8(c.prelude);
            statements << sql + ", ALGORITHM=" + algorithm;
            return execOn(db.qtDriver(), db.host(), db.port(), db.user(), db.password(), db.name(),
                          statements);
        };
        const QString inplace = run("INPLACE");
        const bool refused = inplace.contains("ALGORITHM=INPLACE is not supported");
        EXPECT_TRUE(inplace.isEmpty() || refused)
            << sql.toStdString() << ": " << inplace.toStdString();
        const QString instant = run("INSTANT");
        const bool instantOk = instant.isEmpty();

        LintSchemaState schema = created;
        QString section = sql + ";";
        if (c.prelude)
            section = QString::fromUtf8(c.prelude) + ";\n" + section;
        QString message;
        const bool fires = firesCopy(lint(section, num, &schema), &message);
        EXPECT_EQ(fires, refused) << sql.toStdString() << "\n  server: "
                                  << (refused ? inplace.toStdString() : "runs in place")
                                  << "\n  lint: "
                                  << (fires ? message.toStdString() : "no alter-needs-copy");
        // MariaDB 10.11 accepts ALGORITHM=INSTANT for a change of storage engine and copies the
        // rows anyway ("2 rows affected"): INSTANT says nothing there.
        if (instantOk && !sql.contains("ENGINE=Aria")) {
            EXPECT_FALSE(fires) << sql.toStdString() << " runs with ALGORITHM=INSTANT";
        }
        (refused ? refusedCount : inplaceCount) += 1;
    }
    EXPECT_GE(refusedCount + inplaceCount, 25);
    EXPECT_GE(refusedCount, 10);
    EXPECT_GE(inplaceCount, 10);
}

TEST(LintMariaDb, AnExplicitAlgorithmCopyIsReportedAndInplaceIsNot)
{
    LintSchemaState schema;
    lint(kSetup.join(";\n") + ";", 101106, &schema);
    QString message;
    LintSchemaState s1 = schema;
    EXPECT_TRUE(
        firesCopy(lint("ALTER TABLE t ADD COLUMN x INT, ALGORITHM=COPY;", 101106, &s1), &message));
    EXPECT_TRUE(message.contains("ALGORITHM=COPY is asked for")) << message.toStdString();
    LintSchemaState s2 = schema;
    EXPECT_FALSE(firesCopy(lint("ALTER TABLE t MODIFY n BIGINT, ALGORITHM=INPLACE;", 101106, &s2),
                           &message));
}
