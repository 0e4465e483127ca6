// The Migrator and the version table against real SQLite files.

#include "db/Migrator.h"
#include "db/VersionTable.h"
#include "graph/Plan.h"
#include "scripts/Script.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>
#include <chrono>
#include <deque>
#include <thread>

using namespace retort;

// Readable QStrings in gtest failure messages.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

namespace {

// A fresh SQLite file in a temporary directory, with its own connection name.
class TempDb {
public:
    TempDb()
    {
        static std::atomic<int> counter{0};
        m_connection = QStringLiteral("migrator-test-%1").arg(++counter);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(path());
        m_opened = db.open();
    }
    ~TempDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    TempDb(const TempDb &) = delete;
    TempDb &operator=(const TempDb &) = delete;

    bool opened() const { return m_opened; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_connection, false); }
    QString path() const { return m_dir.filePath(QStringLiteral("test.db")); }
    QString root() const { return m_dir.path(); }

    QStringList tables() const
    {
        QSqlQuery q(db());
        q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> "
                              "'retort_history' ORDER BY name"));
        QStringList names;
        while (q.next())
            names.append(q.value(0).toString());
        return names;
    }
    QStringList heads(const TableName &table = VersionTable::defaultTable()) const
    {
        Result<QStringList> rows = currentHeads(db(), table);
        EXPECT_TRUE(rows.ok()) << rows.error().message.toStdString();
        if (!rows.ok())
            return {QStringLiteral("<error>")};
        rows->sort();
        return *rows;
    }
    QString tableSql(const QString &table) const
    {
        QSqlQuery q(db());
        q.prepare(QStringLiteral("SELECT sql FROM sqlite_master WHERE name = ?"));
        q.addBindValue(table);
        q.exec();
        return q.next() ? q.value(0).toString() : QString();
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql);
    }

private:
    QTemporaryDir m_dir;
    QString m_connection;
    bool m_opened = false;
};

class Scripts {
public:
    explicit Scripts(QString root) : m_root(std::move(root)) {}
    Script *add(const char *rev, const char *message, const QString &up, const QString &down = {},
                int upLine = 10, int downLine = 30)
    {
        Script s;
        s.revision = QString::fromUtf8(rev);
        s.message = QString::fromUtf8(message);
        s.upgrade = ScriptSection{up, upLine};
        s.downgrade = ScriptSection{down, down.isEmpty() ? 0 : downLine};
        s.fileName = s.revision + QStringLiteral("_") + s.message + QStringLiteral(".sql");
        s.path = m_root + QStringLiteral("/versions/") + s.fileName;
        m_scripts.push_back(std::move(s));
        return &m_scripts.back();
    }

private:
    QString m_root;
    std::deque<Script> m_scripts;
};

QStringList revs(std::initializer_list<const char *> ids)
{
    QStringList out;
    for (const char *id : ids)
        out.append(QString::fromUtf8(id));
    return out;
}

VersionOp ins(const char *to)
{
    return {VersionOp::Insert, {}, QString::fromUtf8(to)};
}
VersionOp upd(const char *from, const char *to)
{
    return {VersionOp::Update, QString::fromUtf8(from), QString::fromUtf8(to)};
}
VersionOp del(const char *from)
{
    return {VersionOp::Delete, QString::fromUtf8(from), {}};
}

PlanStep up(const Script *script, QStringList from, std::vector<VersionOp> ops)
{
    PlanStep s;
    s.direction = Direction::Upgrade;
    s.script = script;
    s.revision = script->revision;
    s.message = script->message;
    s.fromRevisions = std::move(from);
    s.toRevisions = QStringList{script->revision};
    s.versionOps = std::move(ops);
    return s;
}

PlanStep down(const Script *script, QStringList to, std::vector<VersionOp> ops)
{
    PlanStep s;
    s.direction = Direction::Downgrade;
    s.script = script;
    s.revision = script->revision;
    s.message = script->message;
    s.fromRevisions = QStringList{script->revision};
    s.toRevisions = std::move(to);
    s.versionOps = std::move(ops);
    return s;
}

PlanStep stamp(QStringList from, QStringList to, std::vector<VersionOp> ops)
{
    PlanStep s;
    s.stamp = true;
    s.revision = to.value(0, from.value(0));
    s.fromRevisions = std::move(from);
    s.toRevisions = std::move(to);
    s.versionOps = std::move(ops);
    return s;
}

Plan plan(QStringList before, std::vector<PlanStep> steps, QStringList after = {})
{
    Plan p;
    p.headsBefore = std::move(before);
    p.headsAfter = std::move(after);
    p.steps = std::move(steps);
    p.direction = p.steps.empty() ? Direction::Upgrade : p.steps.front().direction;
    return p;
}

// A linear history a -> b -> c.
class MigratorLinear : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(db.opened());
        a = scripts.add("aaaa00000001", "first",
                        QStringLiteral("CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
                                       "INSERT INTO a VALUES (1);\n"),
                        QStringLiteral("DROP TABLE a;"));
        b = scripts.add("bbbb00000002", "second",
                        QStringLiteral("CREATE TABLE b (id INTEGER);\n"
                                       "CREATE INDEX ix_b ON b (id);\n"),
                        QStringLiteral("DROP INDEX ix_b;\nDROP TABLE b;"));
        c = scripts.add("cccc00000003", "third",
                        QStringLiteral("-- a comment; with a semicolon\n"
                                       "CREATE TABLE c (v TEXT DEFAULT 'x;y');\n"
                                       "CREATE TRIGGER c_ins AFTER INSERT ON c BEGIN\n"
                                       "  UPDATE a SET id = id + 1;\n"
                                       "  INSERT INTO b VALUES (1);\n"
                                       "END;\n"),
                        QStringLiteral("DROP TABLE c;"));
    }

    Plan upgradeAll() const
    {
        return plan({},
                    {up(a, {}, {ins("aaaa00000001")}),
                     up(b, revs({"aaaa00000001"}), {upd("aaaa00000001", "bbbb00000002")}),
                     up(c, revs({"bbbb00000002"}), {upd("bbbb00000002", "cccc00000003")})},
                    revs({"cccc00000003"}));
    }

    Migrator migrator(MigratorOptions options = {})
    {
        if (options.displayRoot.isEmpty())
            options.displayRoot = db.root();
        return Migrator(db.db(), Dialect::sqlite(), options);
    }

    TempDb db;
    Scripts scripts{db.root()};
    const Script *a = nullptr;
    const Script *b = nullptr;
    const Script *c = nullptr;
};

} // namespace

TEST_F(MigratorLinear, UpgradeAppliesEveryStepAndMovesTheVersionRow)
{
    Migrator m(db.db(), Dialect::sqlite());
    std::vector<std::pair<int, int>> started;
    QStringList messages;
    std::vector<int> finished;
    std::vector<std::pair<int, int>> statements;
    QObject::connect(&m, &Migrator::stepStarted, [&](int k, int n, const PlanStep &step) {
        started.emplace_back(k, n);
        EXPECT_FALSE(step.revision.isEmpty());
    });
    QObject::connect(&m, &Migrator::message, [&](const QString &line) { messages.append(line); });
    QObject::connect(&m, &Migrator::stepFinished, [&](int k, qint64 ms) {
        finished.push_back(k);
        EXPECT_GE(ms, 0);
    });
    QObject::connect(&m, &Migrator::statementStarted,
                     [&](int k, int i, const QString &) { statements.emplace_back(k, i); });

    const Status status = m.run(upgradeAll());
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();

    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("a"), QStringLiteral("alembic_version"),
                                        QStringLiteral("b"), QStringLiteral("c")}));
    EXPECT_EQ(db.heads(), revs({"cccc00000003"}));
    EXPECT_EQ(db.tableSql(QStringLiteral("alembic_version")),
              QStringLiteral("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                             "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"));
    // The trigger (with its inner `;`s) was created whole and works.
    ASSERT_TRUE(db.exec(QStringLiteral("INSERT INTO c VALUES ('z')")));
    QSqlQuery q(db.db());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT id FROM a")) && q.next());
    EXPECT_EQ(q.value(0).toInt(), 2);

    EXPECT_EQ(started, (std::vector<std::pair<int, int>>{{1, 3}, {2, 3}, {3, 3}}));
    EXPECT_EQ(finished, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(statements,
              (std::vector<std::pair<int, int>>{{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}}));
    EXPECT_EQ(messages,
              (QStringList{QStringLiteral("Running upgrade  -> aaaa00000001, first"),
                           QStringLiteral("Running upgrade aaaa00000001 -> bbbb00000002, second"),
                           QStringLiteral("Running upgrade bbbb00000002 -> cccc00000003, third")}));
}

TEST_F(MigratorLinear, FailureRollsBackTheWholeStepAndNamesTheStatement)
{
    Script *broken = scripts.add("bbbb00000002", "second",
                                 QStringLiteral("CREATE TABLE b (id INTEGER);\n"
                                                "\n"
                                                "  -- the next one fails\n"
                                                "INSERT INTO x VALUES (1);\n"
                                                "CREATE TABLE never (id INTEGER);\n"),
                                 {}, 12);
    Plan p = upgradeAll();
    p.steps[1].script = broken;

    auto m = migrator();
    int finished = 0;
    QObject::connect(&m, &Migrator::stepFinished, [&](int, qint64) { ++finished; });
    const Status status = m.run(p);
    ASSERT_FALSE(status.ok());
    const Error &error = status.error();
    EXPECT_EQ(error.message,
              QStringLiteral("upgrade bbbb00000002 failed at statement 2 "
                             "(versions/bbbb00000002_second.sql:15): no such table: x"));
    EXPECT_EQ(error.file, QStringLiteral("versions/bbbb00000002_second.sql"));
    EXPECT_EQ(error.line, 15); // section starts at line 12; the statement is its 4th line
    EXPECT_EQ(error.revision, QStringLiteral("bbbb00000002"));
    EXPECT_EQ(finished, 1);

    // Step 1 applied; nothing of step 2 (its first statement's table rolled back); no step 3.
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("a"), QStringLiteral("alembic_version")}));
    EXPECT_EQ(db.heads(), revs({"aaaa00000001"}));
}

TEST_F(MigratorLinear, FailureInTheFirstStepLeavesNoVersionTable)
{
    Script *broken = scripts.add("aaaa00000001", "first",
                                 QStringLiteral("CREATE TABLE a (id INTEGER);\nSELEC 1;\n"));
    Plan p = upgradeAll();
    p.steps[0].script = broken;
    auto m = migrator();
    const Status status = m.run(p);
    ASSERT_FALSE(status.ok());
    EXPECT_TRUE(status.error().message.startsWith(
        QStringLiteral("upgrade aaaa00000001 failed at statement 2 "
                       "(versions/aaaa00000001_first.sql:11): ")))
        << status.error().message.toStdString();
    EXPECT_TRUE(db.tables().isEmpty()) << db.tables().join(u',').toStdString();
    // The next run creates the table itself and works.
    auto again = migrator();
    const Status ok = again.run(upgradeAll());
    EXPECT_TRUE(ok.ok()) << ok.error().message.toStdString();
}

TEST_F(MigratorLinear, DowngradeRemovesStepsAndRows)
{
    {
        auto m = migrator();
        ASSERT_TRUE(m.run(upgradeAll()).ok());
    }
    auto m = migrator();
    QStringList messages;
    QObject::connect(&m, &Migrator::message, [&](const QString &line) { messages.append(line); });
    const Status status =
        m.run(plan(revs({"cccc00000003"}),
                   {down(c, revs({"bbbb00000002"}), {upd("cccc00000003", "bbbb00000002")}),
                    down(b, revs({"aaaa00000001"}), {upd("bbbb00000002", "aaaa00000001")})}));
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("a"), QStringLiteral("alembic_version")}));
    EXPECT_EQ(db.heads(), revs({"aaaa00000001"}));
    EXPECT_EQ(messages.value(0),
              QStringLiteral("Running downgrade cccc00000003 -> bbbb00000002, third"));

    // To base: the row goes, the (empty) table stays, as with Alembic online.
    auto toBase = migrator();
    ASSERT_TRUE(
        toBase.run(plan(revs({"aaaa00000001"}), {down(a, {}, {del("aaaa00000001")})})).ok());
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("alembic_version")}));
    EXPECT_TRUE(db.heads().isEmpty());
}

TEST_F(MigratorLinear, UpdateMustMatchExactlyOneRow)
{
    ASSERT_TRUE(db.exec(VersionTable(Dialect::sqlite()).createSql()));
    ASSERT_TRUE(db.exec(QStringLiteral("INSERT INTO alembic_version VALUES ('zzzz')")));
    MigratorOptions options;
    options.checkHeadsBefore = false; // pretend the plan was made for another database state
    auto m = migrator(options);
    const Status status =
        m.run(plan(revs({"aaaa00000001"}),
                   {up(b, revs({"aaaa00000001"}), {upd("aaaa00000001", "bbbb00000002")})}));
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message,
              QStringLiteral("upgrade bbbb00000002 failed: Online migration expected to match one "
                             "row when updating 'aaaa00000001' to 'bbbb00000002' in "
                             "'alembic_version'; 0 found"));
    EXPECT_EQ(status.error().revision, QStringLiteral("bbbb00000002"));
    // The step's statements were rolled back with it.
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("alembic_version")}));
    EXPECT_EQ(db.heads(), revs({"zzzz"}));
}

TEST_F(MigratorLinear, RefusesAPlanMadeForAnotherState)
{
    auto m = migrator();
    const Status status =
        m.run(plan(revs({"aaaa00000001"}),
                   {up(b, revs({"aaaa00000001"}), {upd("aaaa00000001", "bbbb00000002")})}));
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message,
              QStringLiteral("the database is at <base>, but the plan starts from aaaa00000001; "
                             "make the plan again"));
    EXPECT_TRUE(db.tables().isEmpty());
}

TEST_F(MigratorLinear, CustomVersionTableName)
{
    MigratorOptions options;
    options.versionTable = {{}, QStringLiteral("MyVersions")};
    auto m = migrator(options);
    ASSERT_TRUE(m.run(upgradeAll()).ok());
    EXPECT_EQ(db.heads({{}, QStringLiteral("MyVersions")}), revs({"cccc00000003"}));
    EXPECT_EQ(db.tableSql(QStringLiteral("MyVersions")),
              QStringLiteral("CREATE TABLE \"MyVersions\" (version_num VARCHAR(32) NOT NULL, "
                             "CONSTRAINT \"MyVersions_pkc\" PRIMARY KEY (version_num))"));
    EXPECT_FALSE(db.tables().contains(QStringLiteral("alembic_version")));
}

// version_table_schema on SQLite names an attached database: the version table and the audit
// trail live there, the migrations' own tables where their SQL puts them (main).
TEST_F(MigratorLinear, VersionTableInAnAttachedDatabase)
{
    ASSERT_TRUE(db.exec(QStringLiteral("ATTACH DATABASE '%1/ops.db' AS ops").arg(db.root())));
    const TableName table{QStringLiteral("ops"), VersionTable::defaultName()};
    MigratorOptions options;
    options.versionTable = table;
    auto m = migrator(options);
    const Status upgraded = m.run(upgradeAll());
    ASSERT_TRUE(upgraded.ok()) << upgraded.error().message.toStdString();
    EXPECT_EQ(db.heads(table), revs({"cccc00000003"}));
    EXPECT_EQ(db.tables(),
              (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    EXPECT_TRUE(db.heads().isEmpty()); // main.alembic_version does not exist
    QSqlQuery q(db.db());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT name FROM ops.sqlite_master WHERE type = 'table' "
                                      "ORDER BY name")));
    QStringList opsTables;
    while (q.next())
        opsTables.append(q.value(0).toString());
    EXPECT_EQ(opsTables,
              (QStringList{QStringLiteral("alembic_version"), QStringLiteral("retort_history")}));
    auto audit = AuditTrail(Dialect::sqlite(), QStringLiteral("ops")).read(db.db());
    ASSERT_TRUE(audit.ok()) << audit.error().message.toStdString();
    EXPECT_EQ(audit->size(), 3u);
    EXPECT_FALSE(AuditTrail(Dialect::sqlite()).exists(db.db()).value());

    // A downgrade moves the row in ops; the plan's heads are checked against ops too.
    auto back = migrator(options);
    const Status downgraded =
        back.run(plan(revs({"cccc00000003"}),
                      {down(c, revs({"bbbb00000002"}), {upd("cccc00000003", "bbbb00000002")})},
                      revs({"bbbb00000002"})));
    ASSERT_TRUE(downgraded.ok()) << downgraded.error().message.toStdString();
    EXPECT_EQ(db.heads(table), revs({"bbbb00000002"}));

    // A schema that is not attached is an error, not an empty database.
    const Result<bool> missing =
        VersionTable(Dialect::sqlite(), {QStringLiteral("nowhere"), VersionTable::defaultName()})
            .exists(db.db());
    ASSERT_FALSE(missing.ok());
    EXPECT_TRUE(
        missing.error().message.contains(QStringLiteral("no database 'nowhere' is attached")))
        << missing.error().message.toStdString();
}

TEST_F(MigratorLinear, DriverQualifiedSectionIsUsed)
{
    Script *qualified =
        scripts.add("aaaa00000001", "first", QStringLiteral("CREATE TABLE plain (id INTEGER);"));
    qualified->upgradeByDriver.insert(
        QStringLiteral("sqlite"), ScriptSection{QStringLiteral("CREATE TABLE lite (id INT);"), 40});
    auto m = migrator();
    ASSERT_TRUE(m.run(plan({}, {up(qualified, {}, {ins("aaaa00000001")})})).ok());
    EXPECT_EQ(db.tables(),
              (QStringList{QStringLiteral("alembic_version"), QStringLiteral("lite")}));
}

// a -> b1, a -> b2 (a fork), m merges b1 and b2; the ops are Alembic's (see OfflineRendererTest).
TEST(MigratorBranches, ForkGivesTwoRowsAndMergeCollapsesThem)
{
    TempDb db;
    ASSERT_TRUE(db.opened());
    Scripts scripts(db.root());
    const Script *a = scripts.add("a1", "base", QStringLiteral("CREATE TABLE a (id INT);"),
                                  QStringLiteral("DROP TABLE a;"));
    const Script *b1 = scripts.add("b1", "one", QStringLiteral("CREATE TABLE b1 (id INT);"),
                                   QStringLiteral("DROP TABLE b1;"));
    const Script *b2 = scripts.add("b2", "two", QStringLiteral("CREATE TABLE b2 (id INT);"),
                                   QStringLiteral("DROP TABLE b2;"));
    const Script *m1 = scripts.add("m1", "merge", QString(), QString());

    {
        Migrator m(db.db(), Dialect::sqlite());
        const Status status =
            m.run(plan({}, {up(a, {}, {ins("a1")}), up(b2, revs({"a1"}), {upd("a1", "b2")}),
                            up(b1, revs({"a1"}), {ins("b1")})}));
        ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    }
    EXPECT_EQ(db.heads(), revs({"b1", "b2"}));

    {
        Migrator m(db.db(), Dialect::sqlite());
        const Status status = m.run(
            plan(revs({"b2", "b1"}), {up(m1, revs({"b1", "b2"}), {del("b1"), upd("b2", "m1")})}));
        ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    }
    EXPECT_EQ(db.heads(), revs({"m1"}));

    {
        Migrator m(db.db(), Dialect::sqlite());
        const Status status =
            m.run(plan(revs({"m1"}), {down(m1, revs({"b1", "b2"}), {ins("b1"), upd("m1", "b2")}),
                                      down(b1, revs({"a1"}), {del("b1")})}));
        ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    }
    EXPECT_EQ(db.heads(), revs({"b2"}));
    EXPECT_FALSE(db.tables().contains(QStringLiteral("b1")));
    EXPECT_TRUE(db.tables().contains(QStringLiteral("b2")));

    // A Delete that matches nothing fails like Alembic and changes nothing.
    Migrator m(db.db(), Dialect::sqlite());
    const Status status = m.run(plan(revs({"b2"}), {stamp(revs({"b1"}), {}, {del("b1")})}));
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message,
              QStringLiteral("stamp b1 failed: Online migration expected to match one row "
                             "when deleting 'b1' in 'alembic_version'; 0 found"));
    EXPECT_EQ(db.heads(), revs({"b2"}));
}

TEST(MigratorNonTransactional, RunsOutsideATransaction)
{
    TempDb db;
    ASSERT_TRUE(db.opened());
    Scripts scripts(db.root());
    // PRAGMA foreign_keys only takes effect outside a transaction: proof that there was none.
    Script *s = scripts.add("nt01", "pragma",
                            QStringLiteral("CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
                                           "PRAGMA foreign_keys = ON;\n"
                                           "CREATE TABLE ch (p INTEGER REFERENCES p(id));\n"));
    s->transactional = false;
    Migrator m(db.db(), Dialect::sqlite());
    const Status status = m.run(plan({}, {up(s, {}, {ins("nt01")})}));
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    QSqlQuery q(db.db());
    ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
    EXPECT_EQ(q.value(0).toInt(), 1);
    EXPECT_EQ(db.heads(), revs({"nt01"}));
    EXPECT_FALSE(db.exec(QStringLiteral("INSERT INTO ch VALUES (42)"))); // enforced
}

TEST(MigratorNonTransactional, FailureKeepsEarlierStatementsAndTheOldVersion)
{
    TempDb db;
    ASSERT_TRUE(db.opened());
    Scripts scripts(db.root());
    const Script *first = scripts.add("nt01", "first", QStringLiteral("CREATE TABLE t1 (id INT);"));
    Script *s = scripts.add("nt02", "second",
                            QStringLiteral("CREATE TABLE t2 (id INT);\nDROP TABLE missing;\n"
                                           "CREATE TABLE t3 (id INT);"),
                            {}, 7);
    s->transactional = false;
    Migrator m(db.db(), Dialect::sqlite());
    const Status status = m.run(
        plan({}, {up(first, {}, {ins("nt01")}), up(s, revs({"nt01"}), {upd("nt01", "nt02")})}));
    ASSERT_FALSE(status.ok());
    EXPECT_TRUE(status.error().message.startsWith(
        QStringLiteral("upgrade nt02 failed at statement 2 (%1:8): no such table: missing")
            .arg(s->path)))
        << status.error().message.toStdString();
    EXPECT_TRUE(status.error().message.contains(QStringLiteral("not transactional")));
    EXPECT_EQ(status.error().line, 8);
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("alembic_version"), QStringLiteral("t1"),
                                        QStringLiteral("t2")}));
    EXPECT_EQ(db.heads(), revs({"nt01"}));
}

TEST(MigratorStamp, StampChangesOnlyTheVersionTable)
{
    TempDb db;
    ASSERT_TRUE(db.opened());
    Migrator m(db.db(), Dialect::sqlite());
    int statements = 0;
    QStringList messages;
    QObject::connect(&m, &Migrator::statementStarted,
                     [&](int, int, const QString &) { ++statements; });
    QObject::connect(&m, &Migrator::message, [&](const QString &line) { messages.append(line); });
    const Status status = m.run(plan({}, {stamp({}, revs({"ccc333"}), {ins("ccc333")})}));
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    EXPECT_EQ(statements, 0);
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("alembic_version")}));
    EXPECT_EQ(db.heads(), revs({"ccc333"}));
    EXPECT_EQ(messages, QStringList{QStringLiteral("Running stamp_revision  -> ccc333")});

    Migrator again(db.db(), Dialect::sqlite());
    ASSERT_TRUE(again
                    .run(plan(revs({"ccc333"}), {stamp(revs({"ccc333"}), revs({"aaa111"}),
                                                       {upd("ccc333", "aaa111")})}))
                    .ok());
    EXPECT_EQ(db.heads(), revs({"aaa111"}));
}

TEST(MigratorStamp, PurgeEmptiesTheTableFirst)
{
    TempDb db;
    ASSERT_TRUE(db.opened());
    ASSERT_TRUE(db.exec(VersionTable(Dialect::sqlite()).createSql()));
    ASSERT_TRUE(db.exec(QStringLiteral("INSERT INTO alembic_version VALUES ('junk1'), ('junk2')")));
    Plan p = plan({}, {stamp({}, revs({"aaa111"}), {ins("aaa111")})});
    p.purge = true;
    Migrator m(db.db(), Dialect::sqlite());
    const Status status = m.run(p);
    ASSERT_TRUE(status.ok()) << status.error().message.toStdString();
    EXPECT_EQ(db.heads(), revs({"aaa111"}));

    Plan onlyPurge;
    onlyPurge.purge = true;
    Migrator m2(db.db(), Dialect::sqlite());
    ASSERT_TRUE(m2.run(onlyPurge).ok());
    EXPECT_TRUE(db.heads().isEmpty());
}

TEST(MigratorVersionTable, CurrentHeadsNeverCreatesTheTable)
{
    TempDb db;
    ASSERT_TRUE(db.opened());
    const Result<QStringList> none = currentHeads(db.db());
    ASSERT_TRUE(none.ok()) << none.error().message.toStdString();
    EXPECT_TRUE(none->isEmpty());
    const Result<QStringList> custom =
        currentHeads(db.db(), {{}, QStringLiteral("other_versions")});
    ASSERT_TRUE(custom.ok());
    EXPECT_TRUE(db.tables().isEmpty());

    const VersionTable table(Dialect::sqlite());
    EXPECT_FALSE(table.exists(db.db()).value());
    ASSERT_TRUE(table.create(db.db()).ok());
    ASSERT_TRUE(table.apply(db.db(), ins("x1")).ok());
    ASSERT_TRUE(table.apply(db.db(), ins("x2")).ok());
    EXPECT_EQ(db.heads(), revs({"x1", "x2"}));
    // Table names are case-insensitive in SQLite.
    EXPECT_EQ(VersionTable(Dialect::sqlite(), {{}, QStringLiteral("ALEMBIC_VERSION")})
                  .currentHeads(db.db())
                  ->size(),
              2);
}

TEST(MigratorVersionTable, ReportsAClosedConnection)
{
    TempDb db;
    QSqlDatabase closed = db.db();
    closed.close();
    EXPECT_FALSE(currentHeads(closed).ok());
    Migrator m(closed, Dialect::sqlite());
    EXPECT_FALSE(m.run(Plan{}).ok());
}

// Cancel between statements: requested from a statementStarted receiver (as a GUI's Cancel lands
// between two statements), the current step is rolled back, the earlier ones stay.
TEST_F(MigratorLinear, CancelBetweenStatementsRollsBackTheCurrentStep)
{
    auto m = migrator();
    QObject::connect(&m, &Migrator::statementStarted, [&](int k, int i, const QString &) {
        if (k == 2 && i == 2)
            m.cancel();
    });
    const Status status = m.run(upgradeAll());
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, QStringLiteral("cancelled"));
    EXPECT_EQ(status.error().revision, QStringLiteral("bbbb00000002"));
    EXPECT_TRUE(m.isCancelled());
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("a"), QStringLiteral("alembic_version")}));
    EXPECT_EQ(db.heads(), revs({"aaaa00000001"}));
}

TEST_F(MigratorLinear, CancelBeforeRunDoesNothing)
{
    auto m = migrator();
    m.cancel();
    const Status status = m.run(upgradeAll());
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, QStringLiteral("cancelled"));
    EXPECT_TRUE(db.tables().isEmpty());
}

namespace {

// Runs `plan` while another thread cancels ~100 ms after statement `target` of step 2 starts;
// returns the status and how long the run took after the cancel.
struct CancelOutcome {
    Status status;
    qint64 msAfterCancel = 0;
};

CancelOutcome runAndCancelDuringLongStatement(Migrator &m, const Plan &p)
{
    std::atomic<bool> longStarted{false};
    QObject::connect(&m, &Migrator::statementStarted, [&](int k, int i, const QString &) {
        if (k == 2 && i == 2)
            longStarted.store(true);
    });
    std::atomic<qint64> cancelledAt{0};
    QElapsedTimer clock;
    clock.start();
    std::thread canceller([&] {
        while (!longStarted.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancelledAt.store(clock.elapsed());
        m.cancel();
    });
    CancelOutcome outcome{m.run(p), 0};
    const qint64 end = clock.elapsed();
    canceller.join();
    outcome.msAfterCancel = end - cancelledAt.load();
    return outcome;
}

const char *const kCountToABillion =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
    "SELECT count(*) FROM c";

} // namespace

TEST_F(MigratorLinear, CancelInterruptsALongStatement)
{
    Script *slow = scripts.add("bbbb00000002", "second",
                               QStringLiteral("CREATE TABLE b (id INTEGER);\n") +
                                   QString::fromUtf8(kCountToABillion) + u';');
    Plan p = upgradeAll();
    p.steps[1].script = slow;
    auto m = migrator();
    const CancelOutcome outcome = runAndCancelDuringLongStatement(m, p);
    ASSERT_FALSE(outcome.status.ok());
    EXPECT_EQ(outcome.status.error().message, QStringLiteral("cancelled"));
    EXPECT_EQ(outcome.status.error().revision, QStringLiteral("bbbb00000002"));
    EXPECT_LT(outcome.msAfterCancel, 2000);
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("a"), QStringLiteral("alembic_version")}));
    EXPECT_EQ(db.heads(), revs({"aaaa00000001"}));
    // The connection is usable afterwards (no interrupt left pending).
    EXPECT_TRUE(db.exec(QStringLiteral("CREATE TABLE later (id INT)")));
}

// An interrupted write makes SQLite roll the transaction back by itself; the Migrator must cope.
TEST_F(MigratorLinear, CancelInterruptsALongWrite)
{
    Script *slow = scripts.add(
        "bbbb00000002", "second",
        QStringLiteral("CREATE TABLE b (id INTEGER);\n"
                       "INSERT INTO b WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                       "FROM c WHERE x < 1000000000) SELECT x FROM c;\n"));
    Plan p = upgradeAll();
    p.steps[1].script = slow;
    auto m = migrator();
    const CancelOutcome outcome = runAndCancelDuringLongStatement(m, p);
    ASSERT_FALSE(outcome.status.ok());
    EXPECT_EQ(outcome.status.error().message, QStringLiteral("cancelled"));
    EXPECT_LT(outcome.msAfterCancel, 2000);
    EXPECT_EQ(db.tables(), (QStringList{QStringLiteral("a"), QStringLiteral("alembic_version")}));
    EXPECT_EQ(db.heads(), revs({"aaaa00000001"}));
}

// The GUI's arrangement: the run happens in a worker QThread with its own connection; progress
// reaches the main thread through queued connections (PlanStep travels by value).
TEST(MigratorThreads, WorkerThreadWithQueuedSignals)
{
    std::unique_ptr<QCoreApplication> app;
    if (!QCoreApplication::instance()) {
        static int argc = 1;
        static char name[] = "retort_core_tests";
        static char *argv[] = {name, nullptr};
        app = std::make_unique<QCoreApplication>(argc, argv);
    }

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("worker.db"));
    Scripts scripts(dir.path());
    const Script *a = scripts.add("a1", "first", QStringLiteral("CREATE TABLE a (id INT);"));
    const Script *b = scripts.add("b1", "second", QStringLiteral("CREATE TABLE b (id INT);"));
    const Plan p = plan({}, {up(a, {}, {ins("a1")}), up(b, revs({"a1"}), {upd("a1", "b1")})});

    QObject receiver; // lives in the main thread
    QStringList seen;
    QThread *mainThread = QThread::currentThread();
    bool allInMainThread = true;
    QString result = QStringLiteral("<not run>");
    QEventLoop loop;

    QThread *worker = QThread::create([&] {
        const QString name = QStringLiteral("migrator-worker");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            if (db.open()) {
                Migrator m(db, Dialect::sqlite());
                QObject::connect(
                    &m, &Migrator::stepStarted, &receiver, [&](int k, int n, const PlanStep &step) {
                        allInMainThread &= QThread::currentThread() == mainThread;
                        seen.append(QStringLiteral("%1/%2 %3").arg(k).arg(n).arg(step.revision));
                    });
                QObject::connect(&m, &Migrator::message, &receiver, [&](const QString &line) {
                    allInMainThread &= QThread::currentThread() == mainThread;
                    seen.append(line);
                });
                const Status status = m.run(p);
                QMetaObject::invokeMethod(&receiver, [&, status] {
                    result = status.ok() ? QStringLiteral("ok") : status.error().message;
                });
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    });
    QObject::connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    loop.exec();
    worker->wait();
    delete worker;
    QCoreApplication::processEvents(); // deliver anything still queued

    EXPECT_EQ(result, QStringLiteral("ok"));
    EXPECT_TRUE(allInMainThread);
    EXPECT_EQ(seen, (QStringList{QStringLiteral("1/2 a1"),
                                 QStringLiteral("Running upgrade  -> a1, first"),
                                 QStringLiteral("2/2 b1"),
                                 QStringLiteral("Running upgrade a1 -> b1, second")}));
}
