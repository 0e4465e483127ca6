// The SQLite lint rules (lint/LintSqlite.cpp): a corpus with one section per rule that triggers
// exactly that rule, a clean corpus (comments, strings, the safe forms, the demo project) that
// triggers nothing, every alter-needs-rebuild case checked against the real SQLite the project
// links (the statement fails ⇔ the finding), the hand-written rebuild pattern, and the foreign
// keys pragma (a no-op inside a transaction, checked on SQLite too).

#include "lint/Lint.h"
#include "project/Workspace.h"
#include "scripts/ScriptParser.h"

#include <QJsonArray>
#include <QSet>

#include <gtest/gtest.h>
#include <sqlite3.h>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

// What earlier revisions created (also run on real SQLite, with a row in each table).
const QString kSchema =
    "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, code TEXT, "
    "qty INTEGER CHECK (qty >= 0), pid INTEGER REFERENCES parent (id), a INTEGER, b INTEGER, "
    "g INTEGER AS (a * 2), w TEXT, lim INTEGER, q INTEGER, CHECK (lim > a), "
    "FOREIGN KEY (q) REFERENCES parent (id));\n"
    "CREATE INDEX ix_code ON t (code);\n"
    "CREATE INDEX ix_part ON t (id) WHERE w IS NOT NULL;\n"
    "CREATE VIEW v AS SELECT b FROM t;\n"
    "CREATE TABLE child (id INTEGER PRIMARY KEY, tid INTEGER REFERENCES t (id));\n";
const char *kRows = "INSERT INTO parent VALUES (1);"
                    "INSERT INTO t (id, name, code, qty, pid, a, b, w, lim, q) "
                    "VALUES (1, 'x', 'c', 1, 1, 1, 2, 'w', 5, 1);"
                    "INSERT INTO child VALUES (1, 1);";

std::vector<LintFinding> lintSq(const QString &sql, LintSchemaState *schema = nullptr,
                                bool transactional = true, int version = 0)
{
    LintOptions options;
    options.driver = "sqlite";
    options.serverVersionNum = version;
    LintContext context;
    context.file = "/p/versions/x.sql";
    context.revision = "abc";
    context.transactional = transactional;
    context.schema = schema;
    return lintSection(sql, 10, context, options);
}

std::vector<LintFinding> lintAfterSchema(const QString &sql, bool transactional = true,
                                         int version = 0)
{
    LintSchemaState schema;
    lintSq(kSchema, &schema);
    return lintSq(sql, &schema, transactional, version);
}

QStringList rulesOf(const std::vector<LintFinding> &findings)
{
    QStringList rules;
    for (const LintFinding &f : findings)
        if (!f.allowed)
            rules.append(f.rule);
    return rules;
}

// Runs the schema, its rows and then `sql` on a fresh in-memory SQLite; "" or the error.
QString runOnSqlite(const QString &sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open(":memory:", &db);
    QString error;
    char *message = nullptr;
    const QByteArray setup = kSchema.toUtf8() + kRows;
    if (sqlite3_exec(db, setup.constData(), nullptr, nullptr, &message) != SQLITE_OK)
        error = "setup: " + QString::fromUtf8(message);
    else if (sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK)
        error = QString::fromUtf8(message);
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
}

struct Case {
    const char *rule;
    const char *sql;
    bool transactional = true;
};

const Case kCorpus[] = {
    {"drop-table", "DROP TABLE child;"},
    {"drop-column", "ALTER TABLE t DROP COLUMN qty;"},
    {"delete-or-update-without-where", "DELETE FROM t;"},
    {"rename-table", "ALTER TABLE t RENAME TO things;"},
    {"rename-column", "ALTER TABLE t RENAME COLUMN code TO sku;"},
    {"alter-needs-rebuild", "ALTER TABLE t ADD COLUMN created TEXT DEFAULT CURRENT_TIMESTAMP;"},
    {"foreign-keys-off-during-rebuild",
     "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, label TEXT NOT NULL DEFAULT '');\n"
     "INSERT INTO parent_new (id) SELECT id FROM parent;\n"
     "DROP TABLE parent;\n"
     "ALTER TABLE parent_new RENAME TO parent;"},
    {"non-transactional-mixed",
     "PRAGMA foreign_keys = OFF;\nALTER TABLE t ADD COLUMN x TEXT;\nUPDATE t SET x = 'a' WHERE "
     "id = 1;\nPRAGMA foreign_keys = ON;",
     false},
};

} // namespace

TEST(LintSqlite, EachCorpusSectionTriggersExactlyItsRule)
{
    for (const Case &c : kCorpus) {
        const auto findings = lintAfterSchema(QString::fromUtf8(c.sql), c.transactional);
        EXPECT_EQ(rulesOf(findings), QStringList{c.rule}) << c.rule;
    }
}

TEST(LintSqlite, TheCorpusCoversEverySqliteRule)
{
    QSet<QString> covered;
    for (const Case &c : kCorpus)
        covered.insert(c.rule);
    for (const LintRule &r : lintRules())
        if (r.dialects.contains("sqlite")) {
            EXPECT_TRUE(covered.contains(r.name)) << r.name.toStdString();
        }
}

TEST(LintSqlite, CommentsStringsAndQuotedNamesTriggerNothing)
{
    QString sql;
    for (const Case &c : kCorpus) {
        const QString stmt = QString::fromUtf8(c.sql);
        QString single = stmt;
        single.replace("'", "''");
        sql += "-- " + QString(stmt).replace("\n", "\n-- ") + "\n";
        sql += "/* " + stmt + " */\n";
        sql += "SELECT '" + single + "' AS text;\n";
        sql += "SELECT 1 AS \"DROP TABLE t\", 2 AS [DELETE FROM t], 3 AS `ALTER TABLE t`;\n";
    }
    const auto findings = lintAfterSchema(sql);
    EXPECT_TRUE(findings.empty()) << rulesOf(findings).join(", ").toStdString();
}

TEST(LintSqlite, SafeFormsTriggerNothing)
{
    const QString sql = "ALTER TABLE t ADD COLUMN note TEXT;\n"
                        "ALTER TABLE t ADD COLUMN flag INTEGER NOT NULL DEFAULT 0;\n"
                        "ALTER TABLE t ADD COLUMN ratio REAL DEFAULT (-1.5);\n"
                        "ALTER TABLE t ADD COLUMN doubled INTEGER AS (a * 2);\n"
                        "CREATE TABLE fresh (id INTEGER PRIMARY KEY);\n"
                        "ALTER TABLE fresh ADD COLUMN at TEXT DEFAULT CURRENT_TIMESTAMP;\n"
                        "CREATE INDEX ix_note ON t (note);\n"
                        "UPDATE t SET note = 'x' WHERE id = 1;\n"
                        "DELETE FROM t WHERE id > 100;\n";
    const auto findings = lintAfterSchema(sql);
    EXPECT_TRUE(findings.empty()) << rulesOf(findings).join(", ").toStdString();
    // And they run on SQLite.
    EXPECT_EQ(runOnSqlite(sql), "");
}

TEST(LintSqlite, AlterNeedsRebuildFiresExactlyWhenSqliteRefusesTheAlter)
{
    const char *alters[] = {
        "ALTER TABLE t ADD COLUMN x INTEGER",
        "ALTER TABLE t ADD x INTEGER",
        "ALTER TABLE t ADD COLUMN x INTEGER PRIMARY KEY",
        "ALTER TABLE t ADD COLUMN x INTEGER UNIQUE",
        "ALTER TABLE t ADD COLUMN x TEXT DEFAULT CURRENT_TIMESTAMP",
        "ALTER TABLE t ADD COLUMN x TEXT DEFAULT CURRENT_DATE",
        "ALTER TABLE t ADD COLUMN x TEXT DEFAULT (datetime('now'))",
        "ALTER TABLE t ADD COLUMN x INTEGER DEFAULT (1)",
        "ALTER TABLE t ADD COLUMN x INTEGER DEFAULT (1 + 2)",
        "ALTER TABLE t ADD COLUMN x INTEGER DEFAULT (abs(-1))",
        "ALTER TABLE t ADD COLUMN x INTEGER DEFAULT -1",
        "ALTER TABLE t ADD COLUMN x INTEGER DEFAULT TRUE",
        "ALTER TABLE t ADD COLUMN x BLOB DEFAULT X'00FF'",
        "ALTER TABLE t ADD COLUMN x TEXT DEFAULT 'it''s'",
        "ALTER TABLE t ADD COLUMN x INTEGER NOT NULL",
        "ALTER TABLE t ADD COLUMN x INTEGER NOT NULL DEFAULT NULL",
        "ALTER TABLE t ADD COLUMN x INTEGER NOT NULL DEFAULT (NULL)",
        "ALTER TABLE t ADD COLUMN x INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE t ADD COLUMN x INTEGER AS (a + 1) STORED",
        "ALTER TABLE t ADD COLUMN x INTEGER AS (a + 1)",
        "ALTER TABLE t ADD COLUMN x INTEGER GENERATED ALWAYS AS (a + 1) VIRTUAL NOT NULL",
        "ALTER TABLE t ADD COLUMN x INTEGER CHECK (x > 0)",
        "ALTER TABLE t ADD COLUMN x TEXT COLLATE NOCASE DEFAULT 'a'",
        "ALTER TABLE t ADD COLUMN x INTEGER REFERENCES parent (id)",
        "PRAGMA foreign_keys = ON; ALTER TABLE t ADD COLUMN x INTEGER REFERENCES parent (id) "
        "DEFAULT 1",
        "ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0)",
        "ALTER TABLE t DROP COLUMN w",
        "ALTER TABLE t DROP COLUMN id",
        "ALTER TABLE t DROP COLUMN name",
        "ALTER TABLE t DROP COLUMN code",
        "ALTER TABLE t DROP COLUMN qty",
        "ALTER TABLE t DROP COLUMN pid",
        "ALTER TABLE t DROP COLUMN q",
        "ALTER TABLE t DROP COLUMN a",
        "ALTER TABLE t DROP COLUMN b",
        "ALTER TABLE t DROP COLUMN g",
        "ALTER TABLE t DROP COLUMN lim",
        "ALTER TABLE t DROP CONSTRAINT ck",
        "ALTER TABLE t RENAME COLUMN code TO c2",
        "ALTER TABLE t RENAME TO t2",
        "ALTER TABLE t ALTER COLUMN code TYPE INTEGER",
    };
    int refused = 0, accepted = 0;
    for (const char *alter : alters) {
        const QString sql = QString::fromUtf8(alter) + ";";
        const QString error = runOnSqlite(sql);
        ASSERT_FALSE(error.startsWith("setup")) << error.toStdString();
        const auto findings = lintAfterSchema(sql);
        const bool fires = rulesOf(findings).contains("alter-needs-rebuild");
        EXPECT_EQ(fires, !error.isEmpty())
            << alter << "\n  sqlite: " << (error.isEmpty() ? "runs" : error.toStdString())
            << "\n  lint: " << rulesOf(findings).join(", ").toStdString();
        (error.isEmpty() ? accepted : refused) += 1;
    }
    EXPECT_GE(refused, 15);
    EXPECT_GE(accepted, 15);
}

TEST(LintSqlite, OldVersionsCannotDropOrRenameColumns)
{
    const QString drop = "ALTER TABLE t DROP COLUMN qty;";
    EXPECT_EQ(rulesOf(lintAfterSchema(drop, true, 3034001)),
              (QStringList{"alter-needs-rebuild", "drop-column"}));
    EXPECT_EQ(rulesOf(lintAfterSchema(drop, true, 3035000)), QStringList{"drop-column"});
    const QString rename = "ALTER TABLE t RENAME COLUMN code TO sku;";
    EXPECT_EQ(rulesOf(lintAfterSchema(rename, true, 3024000)),
              (QStringList{"alter-needs-rebuild", "rename-column"}));
    EXPECT_EQ(rulesOf(lintAfterSchema(rename, true, 3025000)), QStringList{"rename-column"});
}

TEST(LintSqlite, AHandWrittenRebuildIsNotADropTable)
{
    // The documented procedure, in a non-transactional script with its own transaction (the
    // view naming t goes first: SQLite's RENAME TO would find it broken).
    const QString documented = "PRAGMA foreign_keys = OFF;\n"
                               "BEGIN;\n"
                               "DROP VIEW v;\n"
                               "CREATE TABLE t_new (id INTEGER PRIMARY KEY, name TEXT);\n"
                               "INSERT INTO t_new (id, name) SELECT id, name FROM t;\n"
                               "DROP TABLE t;\n"
                               "ALTER TABLE t_new RENAME TO t;\n"
                               "CREATE VIEW v AS SELECT name FROM t;\n"
                               "PRAGMA foreign_key_check;\n"
                               "COMMIT;\n"
                               "PRAGMA foreign_keys = ON;";
    auto findings = lintAfterSchema(documented, false);
    EXPECT_TRUE(findings.empty()) << rulesOf(findings).join(", ").toStdString();
    EXPECT_EQ(runOnSqlite(documented), "");

    // Alembic's batch mode: the old table renamed away, a new one filled from it.
    const QString batch = "PRAGMA foreign_keys = OFF;\n"
                          "ALTER TABLE parent RENAME TO _alembic_tmp_parent;\n"
                          "CREATE TABLE parent (id INTEGER PRIMARY KEY, label TEXT);\n"
                          "INSERT INTO parent (id) SELECT id FROM _alembic_tmp_parent;\n"
                          "DROP TABLE _alembic_tmp_parent;\n"
                          "PRAGMA foreign_key_check;\n"
                          "PRAGMA foreign_keys = ON;";
    findings = lintAfterSchema(batch, false);
    EXPECT_EQ(rulesOf(findings), QStringList{"non-transactional-mixed"});

    // Without the pragma: the rule says what the DROP does to the children.
    findings = lintAfterSchema(QString::fromUtf8(kCorpus[6].sql));
    ASSERT_EQ(rulesOf(findings), QStringList{"foreign-keys-off-during-rebuild"});
    EXPECT_EQ(findings[0].line, 12); // the DROP TABLE
    EXPECT_TRUE(findings[0].message.contains("without PRAGMA foreign_keys = OFF"))
        << findings[0].message.toStdString();
    EXPECT_TRUE(findings[0].facts["rebuild"].toBool());

    // A transactional script that sets the pragma: it does nothing there.
    findings = lintAfterSchema("PRAGMA foreign_keys = OFF;\n" + QString::fromUtf8(kCorpus[6].sql) +
                               "\nPRAGMA foreign_keys = ON;");
    ASSERT_EQ(rulesOf(findings), QStringList{"foreign-keys-off-during-rebuild"});
    EXPECT_TRUE(findings[0].message.contains("no-op inside a transaction"));
    EXPECT_TRUE(findings[0].message.contains("-- Transactional: false"));

    // Switched off and never back on.
    findings =
        lintAfterSchema("PRAGMA foreign_keys = OFF;\n" + QString::fromUtf8(kCorpus[6].sql), false);
    EXPECT_TRUE(rulesOf(findings).contains("foreign-keys-off-during-rebuild"));
}

TEST(LintSqlite, ThePragmaIsANoOpInsideATransactionOnRealSqlite)
{
    // What the foreign-keys rule tells a transactional script, checked on SQLite itself.
    sqlite3 *db = nullptr;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON; BEGIN; PRAGMA foreign_keys = OFF;", nullptr,
                 nullptr, nullptr);
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(stmt, 0), 1);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

TEST(LintSqlite, DroppingAReferencedTableWantsForeignKeysOff)
{
    const auto findings = lintAfterSchema("DROP TABLE parent;");
    ASSERT_EQ(rulesOf(findings), (QStringList{"drop-table", "foreign-keys-off-during-rebuild"}));
    EXPECT_EQ(findings[1].facts["referenced_by"].toArray().first().toString(), "t");
}

TEST(LintSqlite, DowngradesAndTheDemoProjectAreClean)
{
    auto ws = Workspace::load(RETORT_SOURCE_DIR "/migrations");
    ASSERT_TRUE(ws) << ws.error().toString().toStdString();
    QStringList ids;
    for (const Script &s : (*ws)->scripts())
        ids.append(s.revision);
    LintOptions options;
    options.driver = "sqlite";
    const LintReport report = lintRevisions(**ws, ids, options);
    EXPECT_TRUE(report.findings.empty()) << rulesOf(report.findings).join(", ").toStdString();

    auto parsed = parseScript("/p/versions/r1_x.sql",
                              "-- x\n--\n-- Revision ID: r1\n-- Revises:\n\n-- migrate:upgrade\n"
                              "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
                              "ALTER TABLE u ADD COLUMN note TEXT;\n\n"
                              "-- migrate:downgrade\nALTER TABLE u DROP COLUMN note;\n"
                              "DROP TABLE t;\n");
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(lintScript(*parsed, LintDirection::Both, options).empty());
}
