#include "project/Project.h"
#include "scripts/ScriptParser.h"
#include "scripts/ScriptWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

#include <gtest/gtest.h>

// gtest prints QStrings (and QStringLists) readably. Internal linkage: each test file has one.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly)) << path.toStdString();
    f.write(content);
}

// The retort.toml example from the design brief (docs/ARCHITECTURE.md), with the production
// environment first so that file order differs from key order.
const char *const kFullExample = R"(# Bookshop
[project]
name = "bookshop"
scripts = "versions"
version_table = "alembic_version"

[environments.production]
driver = "postgresql"
host = "10.0.0.5"
port = 5432
database = "bookshop"
user = "bookshop"
protected = true                   # typed confirmation, checklist, backup
options = "connect_timeout=5"
[environments.production.ssh]
host = "bastion.example.com"
port = 2222
user = "deploy"
key = "~/.ssh/id_ed25519"
known_hosts = "~/.ssh/known_hosts"

[environments.local]
driver = "sqlite"
database = "data/bookshop.db"
)";

// Writes `toml` as retort.toml in a fresh folder and loads it; the error (if any) is returned.
struct Loaded {
    QTemporaryDir dir;
    std::optional<Result<Project>> result;
    QString file() const
    {
        return QDir(dir.path()).absoluteFilePath(QStringLiteral("retort.toml"));
    }
};

std::unique_ptr<Loaded> loadToml(const char *toml)
{
    auto l = std::make_unique<Loaded>();
    writeFile(l->file(), QByteArray(toml));
    l->result.emplace(Project::load(l->dir.path()));
    return l;
}

} // namespace

TEST(Project, LoadsTheDesignExample)
{
    auto l = loadToml(kFullExample);
    const Result<Project> &r = *l->result;
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    const QString root = QDir(l->dir.path()).absolutePath();
    EXPECT_EQ(r->root, root);
    EXPECT_EQ(r->file, l->file());
    EXPECT_EQ(r->name, QStringLiteral("bookshop"));
    EXPECT_EQ(r->scriptsDir, root + QStringLiteral("/versions"));
    EXPECT_EQ(r->versionTable, QStringLiteral("alembic_version"));
    EXPECT_TRUE(r->alembicIni.isEmpty());
    ASSERT_EQ(r->environments.size(), 2u);

    const Environment &prod = r->environments[0]; // file order, not key order
    EXPECT_EQ(prod.name, QStringLiteral("production"));
    EXPECT_EQ(prod.driver, QStringLiteral("postgresql"));
    EXPECT_EQ(prod.host, QStringLiteral("10.0.0.5"));
    EXPECT_EQ(prod.port, 5432);
    EXPECT_EQ(prod.database, QStringLiteral("bookshop"));
    EXPECT_EQ(prod.user, QStringLiteral("bookshop"));
    EXPECT_EQ(prod.options, QStringLiteral("connect_timeout=5"));
    EXPECT_TRUE(prod.isProtected);
    EXPECT_EQ(prod.line, 7);
    ASSERT_TRUE(prod.ssh.has_value());
    EXPECT_EQ(prod.ssh->host, QStringLiteral("bastion.example.com"));
    EXPECT_EQ(prod.ssh->port, 2222);
    EXPECT_EQ(prod.ssh->user, QStringLiteral("deploy"));
    EXPECT_EQ(prod.ssh->key, QStringLiteral("~/.ssh/id_ed25519"));
    EXPECT_EQ(prod.ssh->knownHosts, QStringLiteral("~/.ssh/known_hosts"));
    EXPECT_FALSE(prod.ssh->agent);

    const Environment &local = r->environments[1];
    EXPECT_EQ(local.name, QStringLiteral("local"));
    EXPECT_EQ(local.driver, QStringLiteral("sqlite"));
    EXPECT_EQ(local.database, root + QStringLiteral("/data/bookshop.db"));
    EXPECT_EQ(local.port, 0);
    EXPECT_FALSE(local.isProtected);
    EXPECT_FALSE(local.ssh.has_value());

    EXPECT_EQ(r->environment(QStringLiteral("local")), &r->environments[1]);
    EXPECT_EQ(r->environment(QStringLiteral("staging")), nullptr);
}

TEST(Project, LoadsFromTheFilePathToo)
{
    auto l = loadToml(kFullExample);
    Result<Project> r = Project::load(l->file());
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->file, l->file());
}

TEST(Project, DefaultsAndSqliteSpecialDatabases)
{
    auto l = loadToml("[environments.mem]\ndriver = \"sqlite\"\ndatabase = \":memory:\"\n"
                      "[environments.abs]\ndriver = \"sqlite\"\ndatabase = \"/var/db/x.db\"\n"
                      "[environments.agent]\ndriver = \"mysql\"\ndatabase = \"shop\"\n"
                      "ssh = { host = \"b\", agent = true }\n");
    const Result<Project> &r = *l->result;
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    const QString root = QDir(l->dir.path()).absolutePath();
    EXPECT_EQ(r->name, QFileInfo(root).fileName());
    EXPECT_EQ(r->scriptsDir, root + QStringLiteral("/versions"));
    EXPECT_EQ(r->versionTable, QStringLiteral("alembic_version"));
    ASSERT_EQ(r->environments.size(), 3u);
    EXPECT_EQ(r->environment(QStringLiteral("mem"))->database, QStringLiteral(":memory:"));
    EXPECT_EQ(r->environment(QStringLiteral("abs"))->database, QStringLiteral("/var/db/x.db"));
    const Environment *agent = r->environment(QStringLiteral("agent"));
    ASSERT_TRUE(agent && agent->ssh);
    EXPECT_TRUE(agent->ssh->agent);
    EXPECT_EQ(agent->ssh->port, 22);
    EXPECT_EQ(agent->database, QStringLiteral("shop")); // not a path for server databases
}

TEST(Project, CustomScriptsFolderAndVersionTable)
{
    auto l = loadToml("[project]\nscripts = \"db/migrations\"\nversion_table = \"schema_rev\"\n");
    const Result<Project> &r = *l->result;
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->scriptsDir, QDir(l->dir.path()).absolutePath() + QStringLiteral("/db/migrations"));
    EXPECT_EQ(r->versionTable, QStringLiteral("schema_rev"));
    EXPECT_TRUE(r->environments.empty());
}

TEST(Project, VersionTableSchema)
{
    auto l = loadToml("[project]\nversion_table = \"schema_rev\"\n"
                      "version_table_schema = \"Ops_2\"\n");
    const Result<Project> &r = *l->result;
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->versionTable, QStringLiteral("schema_rev"));
    EXPECT_EQ(r->versionTableSchema, QStringLiteral("Ops_2"));
    EXPECT_EQ(r->versionTableName(),
              (TableName{QStringLiteral("Ops_2"), QStringLiteral("schema_rev")}));
    EXPECT_EQ(r->versionTableName().toString(), QStringLiteral("Ops_2.schema_rev"));

    // Absent: no schema (the connection's default), the table bare.
    auto plain = loadToml("[project]\nname = \"x\"\n");
    ASSERT_TRUE(plain->result->ok());
    EXPECT_EQ((*plain->result)->versionTableName(),
              (TableName{QString(), QStringLiteral("alembic_version")}));
    EXPECT_EQ((*plain->result)->versionTableName().toString(), QStringLiteral("alembic_version"));
}

// An Alembic project's ini gives the schema; retort.toml's own is the fallback, as for the table.
TEST(Project, AlembicIniVersionTableSchemaWinsOverRetortToml)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("retort.toml")),
              "[project]\nalembic_ini = \"alembic.ini\"\nversion_table_schema = \"from_toml\"\n");
    writeFile(dir.filePath(QStringLiteral("alembic.ini")),
              "[alembic]\nscript_location = alembic\nversion_table_schema = from_ini\n");
    Result<Project> r = Project::load(tmp.path());
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->versionTableName(),
              (TableName{QStringLiteral("from_ini"), QStringLiteral("alembic_version")}));

    writeFile(dir.filePath(QStringLiteral("alembic.ini")),
              "[alembic]\nscript_location = alembic\n");
    r = Project::load(tmp.path());
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->versionTableSchema, QStringLiteral("from_toml"));
}

TEST(Project, AlembicIniScriptLocation)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("retort.toml")),
              "[project]\nalembic_ini = \"alembic.ini\"\n");
    writeFile(dir.filePath(QStringLiteral("alembic.ini")),
              "[alembic]\n# comment\nscript_location = %(here)s/alembic\n"
              "sqlalchemy.url = sqlite:///x.db\n\n[loggers]\nkeys = root\n");
    Result<Project> r = Project::load(tmp.path());
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->alembicIni, dir.absoluteFilePath(QStringLiteral("alembic.ini")));
    EXPECT_EQ(r->scriptsDir, dir.absoluteFilePath(QStringLiteral("alembic/versions")));
}

namespace {
struct BadToml {
    const char *name;
    const char *toml;
    int line;
    const char *messagePart;
};
} // namespace

class ProjectErrors : public ::testing::TestWithParam<BadToml> {};

TEST_P(ProjectErrors, NameFileLineAndKey)
{
    const BadToml &c = GetParam();
    auto l = loadToml(c.toml);
    const Result<Project> &r = *l->result;
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().file, l->file()) << c.name;
    EXPECT_EQ(r.error().line, c.line) << c.name << ": " << r.error().toString().toStdString();
    EXPECT_TRUE(r.error().message.contains(QString::fromUtf8(c.messagePart)))
        << c.name << ": " << r.error().message.toStdString();
}

INSTANTIATE_TEST_SUITE_P(
    Project, ProjectErrors,
    ::testing::Values(
        BadToml{"syntax", "[project]\nname = \"x\"\nscripts = versions\n", 3, "TOML syntax error"},
        BadToml{"unknownProjectKey", "[project]\nname = \"x\"\nscript = \"v\"\n", 3,
                "project.script: unknown key"},
        BadToml{"unknownTopLevel", "[project]\nname = \"x\"\n\n[database]\nurl = \"x\"\n", 4,
                "database: unknown key or table"},
        BadToml{"unknownEnvKey",
                "[environments.local]\ndriver = \"sqlite\"\ndatabase = \"a.db\"\nhots = \"x\"\n", 4,
                "environments.local.hots: unknown key"},
        BadToml{"unknownSshKey",
                "[environments.p]\ndriver = \"mysql\"\ndatabase = \"a\"\n[environments.p.ssh]\n"
                "host = \"b\"\nidentity = \"k\"\n",
                6, "environments.p.ssh.identity: unknown key"},
        BadToml{"wrongTypeName", "[project]\nname = 42\n", 2,
                "project.name: expected a string, got an integer"},
        BadToml{"wrongTypePort",
                "[environments.p]\ndriver = \"postgresql\"\ndatabase = \"a\"\nport = \"5432\"\n", 4,
                "environments.p.port: expected an integer port, got a string"},
        BadToml{"portRange",
                "[environments.p]\ndriver = \"postgresql\"\ndatabase = \"a\"\nport = 70000\n", 4,
                "environments.p.port: port 70000 is out of range"},
        BadToml{
            "wrongTypeProtected",
            "[environments.p]\ndriver = \"postgresql\"\ndatabase = \"a\"\nprotected = \"yes\"\n", 4,
            "environments.p.protected: expected true or false, got a string"},
        BadToml{"unknownDriver", "[environments.p]\ndriver = \"oracle\"\ndatabase = \"a\"\n", 2,
                "environments.p.driver: unknown driver 'oracle'"},
        BadToml{"missingDriver", "\n[environments.p]\ndatabase = \"a\"\n", 2,
                "environments.p: missing 'driver'"},
        BadToml{"missingDatabase",
                "[project]\nname = \"x\"\n\n[environments.local]\ndriver = \"sqlite\"\n", 4,
                "environments.local: missing 'database'"},
        BadToml{"emptyDatabase", "[environments.local]\ndriver = \"sqlite\"\ndatabase = \"\"\n", 3,
                "environments.local.database: must not be empty"},
        BadToml{"envNotATable", "[environments]\nlocal = \"sqlite\"\n", 2,
                "environments.local: expected a table"},
        BadToml{"sshMissingHost",
                "[environments.p]\ndriver = \"mysql\"\ndatabase = \"a\"\n\n[environments.p.ssh]\n"
                "user = \"u\"\n",
                5, "environments.p.ssh: missing 'host'"},
        BadToml{
            "password",
            "[environments.p]\ndriver = \"postgresql\"\ndatabase = \"a\"\npassword = \"hunter2\"\n",
            4, "environments.p.password: secrets belong in the OS keychain"},
        BadToml{"passphrase",
                "[environments.p]\ndriver = \"mysql\"\ndatabase = \"a\"\n[environments.p.ssh]\n"
                "host = \"b\"\npassphrase = \"x\"\n",
                6, "environments.p.ssh.passphrase: secrets belong in the OS keychain"},
        BadToml{"topLevelPassword", "db_password = \"x\"\n", 1,
                "db_password: secrets belong in the OS keychain"},
        BadToml{"badVersionTable", "[project]\nversion_table = \"my-versions\"\n", 2,
                "project.version_table: 'my-versions' is not a plain table name"},
        BadToml{"badVersionTableSchema",
                "[project]\nname = \"x\"\nversion_table_schema = \"ops.v2\"\n", 3,
                "project.version_table_schema: 'ops.v2' is not a plain schema name"},
        BadToml{"emptyVersionTableSchema", "[project]\nversion_table_schema = \"\"\n", 2,
                "project.version_table_schema: must not be empty"},
        BadToml{"wrongTypeVersionTableSchema", "[project]\nversion_table_schema = 1\n", 2,
                "project.version_table_schema: expected a string"},
        BadToml{"scriptsAndAlembic", "[project]\nscripts = \"v\"\nalembic_ini = \"alembic.ini\"\n",
                1, "either 'scripts' or 'alembic_ini'"},
        BadToml{"firstErrorByLine",
                "[environments.b]\ndriver = \"sqlite\"\ndatabase = \"a\"\nzzz = 1\n"
                "[environments.a]\ndriver = \"nope\"\ndatabase = \"a\"\n",
                4, "environments.b.zzz"}),
    [](const ::testing::TestParamInfo<BadToml> &info) { return std::string(info.param.name); });

TEST(Project, MissingFileIsAnError)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    Result<Project> r = Project::load(tmp.path());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().file, QDir(tmp.path()).absoluteFilePath(QStringLiteral("retort.toml")));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("no retort.toml")));
}

TEST(Project, FindUpwards)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("shop/retort.toml")), "");
    writeFile(dir.filePath(QStringLiteral("shop/versions/x.sql")), "");
    ASSERT_TRUE(dir.mkpath(QStringLiteral("shop/versions/deep/er")));
    ASSERT_TRUE(dir.mkpath(QStringLiteral("elsewhere")));
    const QString shop = dir.absoluteFilePath(QStringLiteral("shop"));
    EXPECT_EQ(Project::findUpwards(dir.filePath(QStringLiteral("shop/versions/deep/er"))), shop);
    EXPECT_EQ(Project::findUpwards(dir.filePath(QStringLiteral("shop"))), shop);
    EXPECT_EQ(Project::findUpwards(dir.filePath(QStringLiteral("shop/versions/x.sql"))), shop);
    // Nested projects: the nearest wins.
    writeFile(dir.filePath(QStringLiteral("shop/versions/deep/retort.toml")), "");
    EXPECT_EQ(Project::findUpwards(dir.filePath(QStringLiteral("shop/versions/deep/er"))),
              dir.absoluteFilePath(QStringLiteral("shop/versions/deep")));
    EXPECT_EQ(Project::findUpwards(dir.filePath(QStringLiteral("elsewhere"))), QString());
}

TEST(Project, InitWritesALoadableProject)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QString root = QDir(tmp.path()).absoluteFilePath(QStringLiteral("new shop"));
    Status s = Project::init(root, QStringLiteral("Book \"Shop\""));
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_TRUE(QFileInfo(root + QStringLiteral("/versions")).isDir());

    Result<Project> p = Project::load(root);
    ASSERT_TRUE(p.ok()) << p.error().toString().toStdString();
    EXPECT_EQ(p->name, QStringLiteral("Book \"Shop\""));
    EXPECT_EQ(p->scriptsDir, root + QStringLiteral("/versions"));
    ASSERT_EQ(p->environments.size(), 1u);
    EXPECT_EQ(p->environments[0].name, QStringLiteral("local"));
    EXPECT_EQ(p->environments[0].driver, QStringLiteral("sqlite"));
    EXPECT_EQ(p->environments[0].database, root + QStringLiteral("/book_shop.db"));
    const ScriptLoad scripts = loadScripts(p->scriptsDir);
    EXPECT_TRUE(scripts.scripts.empty());
    EXPECT_TRUE(scripts.errors.empty());

    // A second init refuses and leaves the file alone.
    QFile f(p->file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    f.close();
    Status again = Project::init(root, QStringLiteral("Other"));
    ASSERT_FALSE(again.ok());
    EXPECT_TRUE(again.error().message.contains(QStringLiteral("already a Retort project")));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), before);
}

TEST(Project, InitDefaultsTheNameToTheFolder)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QString root = QDir(tmp.path()).absoluteFilePath(QStringLiteral("inventory"));
    ASSERT_TRUE(Project::init(root).ok());
    Result<Project> p = Project::load(root);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->name, QStringLiteral("inventory"));
    EXPECT_EQ(p->environments[0].database, root + QStringLiteral("/inventory.db"));
}

TEST(Project, InitRefusesExistingScripts)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("versions/abc_first.sql")), "x");
    Status s = Project::init(tmp.path(), QStringLiteral("x"));
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("not empty")));
    EXPECT_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("retort.toml"))));

    // An existing but empty versions/ folder is fine.
    QTemporaryDir tmp2;
    ASSERT_TRUE(QDir(tmp2.path()).mkpath(QStringLiteral("versions")));
    EXPECT_TRUE(Project::init(tmp2.path(), QStringLiteral("y")).ok());
}

// The demo project in migrations/ must load cleanly and show off the graph features.
TEST(Project, DemoProjectLoadsWithoutErrors)
{
    const QString root = QStringLiteral(RETORT_SOURCE_DIR "/migrations");
    Result<Project> p = Project::load(root);
    ASSERT_TRUE(p.ok()) << p.error().toString().toStdString();
    EXPECT_EQ(p->name, QStringLiteral("bookshop"));
    const Environment *local = p->environment(QStringLiteral("local"));
    ASSERT_NE(local, nullptr);
    EXPECT_EQ(local->driver, QStringLiteral("sqlite"));
    EXPECT_EQ(local->database, QDir(root).absoluteFilePath(QStringLiteral("bookshop.db")));

    const ScriptLoad load = loadScripts(p->scriptsDir);
    for (const Error &e : load.errors)
        ADD_FAILURE() << e.toString().toStdString();
    EXPECT_GE(load.scripts.size(), 8u);
    EXPECT_LE(load.scripts.size(), 12u);

    const QRegularExpression hex12(QStringLiteral("^[0-9a-f]{12}$"));
    QSet<QString> ids;
    QHash<QString, int> children;
    int bases = 0, merges = 0;
    bool label = false, dependsOn = false, trigger = false, semicolonInString = false;
    for (const Script &s : load.scripts) {
        EXPECT_TRUE(hex12.match(s.revision).hasMatch()) << s.fileName.toStdString();
        EXPECT_EQ(s.fileName, s.revision + u'_' + slugify(s.message) + QStringLiteral(".sql"));
        EXPECT_FALSE(s.message.isEmpty());
        EXPECT_FALSE(s.createDate.isEmpty());
        EXPECT_FALSE(s.upgrade.sql.trimmed().isEmpty()) << s.fileName.toStdString();
        EXPECT_FALSE(s.downgrade.sql.trimmed().isEmpty()) << s.fileName.toStdString();
        ids.insert(s.revision);
        for (const QString &parent : s.downRevisions)
            ++children[parent];
        bases += s.downRevisions.isEmpty();
        merges += s.downRevisions.size() > 1;
        label = label || !s.branchLabels.isEmpty();
        dependsOn = dependsOn || !s.dependsOn.isEmpty();
        trigger = trigger || s.upgrade.sql.contains(QStringLiteral("CREATE TRIGGER"));
        semicolonInString =
            semicolonInString || QRegularExpression(QStringLiteral("'[^'\\n]*;[^'\\n]*'"))
                                     .match(s.upgrade.sql)
                                     .hasMatch();
    }
    EXPECT_EQ(ids.size(), qsizetype(load.scripts.size())) << "duplicate revision ids";
    for (const Script &s : load.scripts) {
        for (const QString &parent : s.downRevisions)
            EXPECT_TRUE(ids.contains(parent)) << s.fileName.toStdString();
    }
    EXPECT_EQ(bases, 1);
    EXPECT_EQ(merges, 1);
    EXPECT_TRUE(std::any_of(children.begin(), children.end(), [](int n) { return n >= 2; }))
        << "no branch point";
    EXPECT_TRUE(label);
    EXPECT_TRUE(dependsOn);
    EXPECT_TRUE(trigger);
    EXPECT_TRUE(semicolonInString);
}

namespace {

TEST(AlembicIni, BareAlembicProjectFolder)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("alembic.ini")),
              "[DEFAULT]\nbase = migrations\n\n"
              "[alembic]\nscript_location = %(here)s/%(base)s\n"
              "version_table = my_versions\nversion_table_schema = ops\n"
              "sqlalchemy.url = postgresql+psycopg2://app:s%%40cret@db.example.com:6543/shop\n");
    Result<Project> r = Project::load(tmp.path());
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_TRUE(r->isAlembic());
    EXPECT_EQ(r->name, QFileInfo(tmp.path()).fileName());
    EXPECT_EQ(r->file, dir.absoluteFilePath(QStringLiteral("alembic.ini")));
    EXPECT_EQ(r->scriptsDir, dir.absoluteFilePath(QStringLiteral("migrations/versions")));
    EXPECT_EQ(r->versionDirs, QStringList{r->scriptsDir});
    EXPECT_FALSE(r->skipMissingVersionDirs);
    EXPECT_EQ(r->versionTable, QStringLiteral("my_versions"));
    EXPECT_EQ(r->versionTableSchema, QStringLiteral("ops"));
    ASSERT_EQ(r->environments.size(), 1u);
    const Environment &e = r->environments.front();
    EXPECT_EQ(e.name, QStringLiteral("alembic"));
    EXPECT_EQ(e.driver, QStringLiteral("postgresql"));
    EXPECT_EQ(e.host, QStringLiteral("db.example.com"));
    EXPECT_EQ(e.port, 6543);
    EXPECT_EQ(e.user, QStringLiteral("app"));
    EXPECT_EQ(e.database, QStringLiteral("shop"));
    EXPECT_TRUE(e.urlHadPassword);
    EXPECT_EQ(e.line, 8);
    // The password is nowhere in the project.
    EXPECT_FALSE(e.options.contains(QStringLiteral("cret")));
    EXPECT_EQ(Project::findUpwards(tmp.path()), QDir::cleanPath(dir.absolutePath()));
    // The .ini file itself loads the same project.
    Result<Project> byFile = Project::load(dir.filePath(QStringLiteral("alembic.ini")));
    ASSERT_TRUE(byFile.ok());
    EXPECT_EQ(byFile->scriptsDir, r->scriptsDir);
}

struct Separator {
    const char *name;
    const char *ini;
    QStringList expected; // relative to the ini's folder
};

class AlembicIniSeparators : public ::testing::TestWithParam<Separator> {};

TEST_P(AlembicIniSeparators, SplitVersionLocations)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("alembic.ini")), GetParam().ini);
    Result<AlembicIni> r = AlembicIni::read(dir.filePath(QStringLiteral("alembic.ini")));
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    QStringList expected;
    for (const QString &e : GetParam().expected)
        expected.append(QDir::cleanPath(dir.absoluteFilePath(e)));
    EXPECT_EQ(r->versionLocations, expected);
    Result<Project> p = Project::load(tmp.path());
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->versionDirs, expected);
    EXPECT_TRUE(p->skipMissingVersionDirs);
}

INSTANTIATE_TEST_SUITE_P(
    All, AlembicIniSeparators,
    ::testing::Values(
        Separator{"legacy",
                  "[alembic]\nscript_location = a\nversion_locations = x, y z\n",
                  {"x", "y", "z"}},
        Separator{"os",
                  "[alembic]\nscript_location = a\nversion_path_separator = os  # os.pathsep\n"
                  "version_locations = %(here)s/x:%(here)s/y\n",
                  {"x", "y"}},
        Separator{"space",
                  "[alembic]\nscript_location = a\nversion_path_separator = space\n"
                  "version_locations = x,1 y\n",
                  {"x,1", "y"}},
        Separator{"colon",
                  "[alembic]\nscript_location = a\nversion_path_separator = :\n"
                  "version_locations = x:y\n",
                  {"x", "y"}},
        Separator{"semicolon",
                  "[alembic]\nscript_location = a\nversion_path_separator = ;\n"
                  "version_locations = x;y y\n",
                  {"x", "y y"}},
        Separator{"newline",
                  "[alembic]\nscript_location = a\nversion_path_separator = newline\n"
                  "version_locations =\n    x\n    y z\n",
                  {"x", "y z"}}),
    [](const auto &info) { return std::string(info.param.name); });

TEST(AlembicIni, UrlsToEnvironments)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    const QString ini = dir.filePath(QStringLiteral("alembic.ini"));
    auto envFor = [&](const QByteArray &url) {
        writeFile(ini, "[alembic]\nscript_location = a\nsqlalchemy.url = " + url + "\n");
        return AlembicIni::read(ini);
    };
    auto sqlite = envFor("sqlite:///data/app.db");
    ASSERT_TRUE(sqlite.ok() && sqlite->url);
    EXPECT_EQ(sqlite->url->driver, QStringLiteral("sqlite"));
    EXPECT_EQ(sqlite->url->database, dir.absoluteFilePath(QStringLiteral("data/app.db")));
    EXPECT_FALSE(sqlite->url->urlHadPassword);
    auto abs = envFor("sqlite:////var/db/app.db");
    ASSERT_TRUE(abs.ok() && abs->url);
    EXPECT_EQ(abs->url->database, QStringLiteral("/var/db/app.db"));
    auto mem = envFor("sqlite://");
    ASSERT_TRUE(mem.ok() && mem->url);
    EXPECT_EQ(mem->url->database, QStringLiteral(":memory:"));
    auto maria = envFor("mariadb+pymysql://root@localhost/shop?charset=utf8mb4");
    ASSERT_TRUE(maria.ok() && maria->url);
    EXPECT_EQ(maria->url->driver, QStringLiteral("mysql"));
    EXPECT_EQ(maria->url->user, QStringLiteral("root"));
    EXPECT_EQ(maria->url->database, QStringLiteral("shop"));
    EXPECT_FALSE(maria->url->urlHadPassword);
    auto my = envFor("mysql://u:pw@[::1]:3307/db");
    ASSERT_TRUE(my.ok() && my->url);
    EXPECT_EQ(my->url->host, QStringLiteral("::1"));
    EXPECT_EQ(my->url->port, 3307);
    EXPECT_TRUE(my->url->urlHadPassword);
    auto placeholder = envFor("driver://user:pass@localhost/dbname");
    ASSERT_TRUE(placeholder.ok());
    EXPECT_FALSE(placeholder->url);
    EXPECT_TRUE(placeholder->urlNote.contains(QStringLiteral("driver")));
}

TEST(AlembicIni, ErrorsNameFileAndLine)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QString ini = QDir(tmp.path()).filePath(QStringLiteral("alembic.ini"));
    writeFile(ini, "[alembic]\nscript_location = a\nversion_path_separator = comma\n"
                   "version_locations = x,y\n");
    auto bad = AlembicIni::read(ini);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().file, ini);
    EXPECT_EQ(bad.error().line, 3);
    writeFile(ini, "[alembic]\nscript_location = %(nowhere)s/a\n");
    auto interp = AlembicIni::read(ini);
    ASSERT_FALSE(interp.ok());
    EXPECT_EQ(interp.error().line, 2);
    writeFile(ini, "[alembic]\nsqlalchemy.url = sqlite://\n");
    auto noLocation = AlembicIni::read(ini);
    ASSERT_FALSE(noLocation.ok());
    EXPECT_TRUE(noLocation.error().message.contains(QStringLiteral("script_location")));
    writeFile(ini, "[alembic]\nscript_location = myapp:migrations\n");
    auto package = AlembicIni::read(ini);
    ASSERT_FALSE(package.ok());
    EXPECT_EQ(package.error().line, 2);
}

TEST(AlembicIni, RetortTomlEnvironmentsWinOverTheUrl)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    writeFile(dir.filePath(QStringLiteral("retort.toml")),
              "[project]\nalembic_ini = \"alembic.ini\"\n\n"
              "[environments.local]\ndriver = \"sqlite\"\ndatabase = \"l.db\"\n");
    writeFile(dir.filePath(QStringLiteral("alembic.ini")),
              "[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite:///x.db\n");
    Result<Project> r = Project::load(tmp.path());
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    ASSERT_EQ(r->environments.size(), 1u);
    EXPECT_EQ(r->environments.front().name, QStringLiteral("local"));
    EXPECT_TRUE(r->isAlembic());
}

} // namespace

// Fleets: [groups] globs and `group` keys; --env selectors.
namespace {

const char *kFleet = R"(
[project]
name = "fleet"

[groups]
tenants = ["t-*", "legacy"]
eu = "t-eu-?"

[environments.t-eu-1]
driver = "sqlite"
database = "a.db"

[environments.t-us-1]
driver = "sqlite"
database = "b.db"
group = "us"

[environments.legacy]
driver = "sqlite"
database = "c.db"

[environments.staging]
driver = "sqlite"
database = "d.db"
group = ["canary", "us"]
)";

QStringList names(const std::vector<const Environment *> &envs)
{
    QStringList out;
    for (const Environment *e : envs)
        out.append(e->name);
    return out;
}

} // namespace

TEST(Project, GroupsComeFromGlobsAndFromTheEnvironmentsThemselves)
{
    auto l = loadToml(kFleet);
    ASSERT_TRUE(l->result->ok()) << l->result->error().toString().toStdString();
    const Project &p = **l->result;
    EXPECT_EQ(p.groupNames(), (QStringList{QStringLiteral("canary"), QStringLiteral("eu"),
                                           QStringLiteral("tenants"), QStringLiteral("us")}));
    EXPECT_EQ(names(p.groupMembers(QStringLiteral("tenants"))),
              (QStringList{QStringLiteral("t-eu-1"), QStringLiteral("t-us-1"),
                           QStringLiteral("legacy")}));
    EXPECT_EQ(names(p.groupMembers(QStringLiteral("eu"))), QStringList{QStringLiteral("t-eu-1")});
    EXPECT_EQ(names(p.groupMembers(QStringLiteral("us"))),
              (QStringList{QStringLiteral("t-us-1"), QStringLiteral("staging")}));
    EXPECT_TRUE(p.groupMembers(QStringLiteral("nope")).empty());
}

TEST(Project, SelectorsNameAGroupAGlobOrOneEnvironment)
{
    auto l = loadToml(kFleet);
    ASSERT_TRUE(l->result->ok());
    const Project &p = **l->result;
    auto group = p.selectEnvironments(QStringLiteral("@us"));
    ASSERT_TRUE(group.ok());
    EXPECT_EQ(names(*group), (QStringList{QStringLiteral("t-us-1"), QStringLiteral("staging")}));
    auto glob = p.selectEnvironments(QStringLiteral("t-*-1"));
    ASSERT_TRUE(glob.ok());
    EXPECT_EQ(names(*glob), (QStringList{QStringLiteral("t-eu-1"), QStringLiteral("t-us-1")}));
    auto one = p.selectEnvironments(QStringLiteral("legacy"));
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(names(*one), QStringList{QStringLiteral("legacy")});

    auto unknownGroup = p.selectEnvironments(QStringLiteral("@apac"));
    ASSERT_FALSE(unknownGroup.ok());
    EXPECT_TRUE(unknownGroup.error().message.contains(u"no group 'apac'"));
    EXPECT_TRUE(unknownGroup.error().message.contains(u"canary, eu, tenants, us"));
    auto noMatch = p.selectEnvironments(QStringLiteral("prod-*"));
    ASSERT_FALSE(noMatch.ok());
    EXPECT_TRUE(noMatch.error().message.contains(u"matches no environment"));
    auto unknown = p.selectEnvironments(QStringLiteral("prod"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_TRUE(unknown.error().message.contains(u"t-eu-1, t-us-1, legacy, staging"));
}

TEST(Project, GroupsOfTheWrongTypeAreErrorsWithTheirLine)
{
    auto l = loadToml("[groups]\ntenants = 3\n");
    ASSERT_FALSE(l->result->ok());
    EXPECT_EQ(l->result->error().line, 2);
    EXPECT_TRUE(l->result->error().message.contains(u"groups.tenants"))
        << l->result->error().message.toStdString();
    auto e = loadToml("[environments.a]\ndriver = \"sqlite\"\ndatabase = \"a.db\"\n"
                      "group = [\"x\", 1]\n");
    ASSERT_FALSE(e->result->ok());
    EXPECT_EQ(e->result->error().line, 4);
    auto empty = loadToml("[groups]\nx = [\"\"]\n");
    ASSERT_FALSE(empty->result->ok());
}
