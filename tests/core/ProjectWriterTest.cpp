// Editing environments in retort.toml: only the edited environment's lines change; comments,
// blank lines, other tables and key order stay as written; everything is checked by reading the
// result back.

#include "project/ProjectWriter.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>

using namespace retort;

namespace {

const QString kPath = QStringLiteral("/work/p/retort.toml");

const QByteArray kToml = "# Bookshop project\n"
                         "[project]\n"
                         "name = \"bookshop\"   # shown in the title\n"
                         "\n"
                         "# The developer's own database.\n"
                         "[environments.local]\n"
                         "driver = \"sqlite\"\n"
                         "database = \"bookshop.db\"  # relative to this file\n"
                         "\n"
                         "# Shared staging server.\n"
                         "[environments.staging]\n"
                         "driver = \"postgresql\"\n"
                         "host = \"10.0.0.7\"\n"
                         "database = \"bookshop\"\n"
                         "user = \"app\"\n"
                         "\n"
                         "[environments.staging.ssh]\n"
                         "host = \"bastion\"\n"
                         "port = 22\n"
                         "user = \"deploy\"\n"
                         "\n"
                         "# Keep last.\n"
                         "[environments.production]\n"
                         "driver = \"postgresql\"\n"
                         "database = \"bookshop\"\n"
                         "protected = true\n";

EnvironmentSpec spec(const char *name)
{
    auto project = Project::parse(kToml, kPath);
    EXPECT_TRUE(project.ok());
    return specOf(*project->environment(QString::fromLatin1(name)), project->root);
}

} // namespace

TEST(ProjectWriter, SpecOfKeepsSqlitePathsRelative)
{
    EXPECT_EQ(spec("local").database, "bookshop.db");
    EXPECT_EQ(spec("staging").ssh->user, "deploy");
}

TEST(ProjectWriter, UnchangedSpecLeavesTheFileByteForByte)
{
    for (const char *name : {"local", "staging", "production"}) {
        auto out = withEnvironment(kToml, kPath, QString::fromLatin1(name), spec(name));
        ASSERT_TRUE(out.ok()) << out.error().toString().toStdString();
        EXPECT_EQ(*out, kToml) << name;
    }
}

TEST(ProjectWriter, ChangedValuesAreReplacedInPlaceKeepingComments)
{
    EnvironmentSpec s = spec("local");
    s.database = "other.db";
    s.isProtected = true;
    auto out = withEnvironment(kToml, kPath, "local", s);
    ASSERT_TRUE(out.ok()) << out.error().toString().toStdString();
    QByteArray expected = kToml;
    expected.replace("database = \"bookshop.db\"  # relative to this file\n",
                     "database = \"other.db\"  # relative to this file\nprotected = true\n");
    EXPECT_EQ(*out, expected);
}

TEST(ProjectWriter, DefaultsRemoveTheirLinesAndNewKeysFollowTheLastKey)
{
    EnvironmentSpec s = spec("staging");
    s.host.clear(); // back to the driver's default
    s.port = 6432;
    s.options = "sslmode=require";
    auto out = withEnvironment(kToml, kPath, "staging", s);
    ASSERT_TRUE(out.ok()) << out.error().toString().toStdString();
    EXPECT_FALSE(out->contains("10.0.0.7"));
    EXPECT_TRUE(out->contains("user = \"app\"\nport = 6432\noptions = \"sslmode=require\"\n\n"
                              "[environments.staging.ssh]"));
    auto back = Project::parse(*out, kPath);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->environment("staging")->port, 6432);
}

TEST(ProjectWriter, RenameRewritesBothHeaders)
{
    EnvironmentSpec s = spec("staging");
    s.name = "qa";
    auto out = withEnvironment(kToml, kPath, "staging", s);
    ASSERT_TRUE(out.ok()) << out.error().toString().toStdString();
    EXPECT_TRUE(out->contains("[environments.qa]\n"));
    EXPECT_TRUE(out->contains("[environments.qa.ssh]\n"));
    EXPECT_FALSE(out->contains("staging]"));
    EXPECT_TRUE(out->contains("# Shared staging server.\n[environments.qa]"));
}

TEST(ProjectWriter, SshTableIsAddedAfterItsEnvironmentAndRemovedWithIt)
{
    EnvironmentSpec s = spec("local");
    s.driver = "postgresql";
    s.database = "shop";
    s.ssh = SshConfig{};
    s.ssh->host = "jump.example.com";
    s.ssh->agent = true;
    auto out = withEnvironment(kToml, kPath, "local", s);
    ASSERT_TRUE(out.ok()) << out.error().toString().toStdString();
    EXPECT_TRUE(out->contains("database = \"shop\"  # relative to this file\n\n"
                              "[environments.local.ssh]\nhost = \"jump.example.com\"\n"
                              "agent = true\n\n# Shared staging server."));

    EnvironmentSpec st = spec("staging");
    st.ssh.reset();
    auto noSsh = withEnvironment(kToml, kPath, "staging", st);
    ASSERT_TRUE(noSsh.ok()) << noSsh.error().toString().toStdString();
    EXPECT_FALSE(noSsh->contains("bastion"));
    EXPECT_TRUE(noSsh->contains("user = \"app\"\n\n# Keep last.\n[environments.production]"));
}

TEST(ProjectWriter, AddAppendsAndRemoveTakesTheCommentAbove)
{
    EnvironmentSpec s;
    s.name = "ci";
    s.driver = "mysql";
    s.database = "shop";
    s.host = "127.0.0.1";
    s.port = 3306;
    s.user = "ci \"bot\"";
    auto out = withEnvironment(kToml, kPath, {}, s);
    ASSERT_TRUE(out.ok()) << out.error().toString().toStdString();
    EXPECT_TRUE(out->startsWith(kToml));
    EXPECT_EQ(out->mid(kToml.size()),
              "\n[environments.ci]\ndriver = \"mysql\"\ndatabase = \"shop\"\n"
              "host = \"127.0.0.1\"\nport = 3306\nuser = \"ci \\\"bot\\\"\"\n");

    auto removed = withoutEnvironment(kToml, kPath, "staging");
    ASSERT_TRUE(removed.ok()) << removed.error().toString().toStdString();
    EXPECT_FALSE(removed->contains("staging"));
    EXPECT_FALSE(removed->contains("Shared staging server"));
    EXPECT_FALSE(removed->contains("bastion"));
    EXPECT_TRUE(removed->contains("relative to this file\n\n# Keep last.\n"));
    auto back = Project::parse(*removed, kPath);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->environments.size(), 2U);
}

TEST(ProjectWriter, MistakesAreRefusedAndNothingIsReturned)
{
    EnvironmentSpec dup = spec("local");
    dup.name = "production";
    auto out = withEnvironment(kToml, kPath, "local", dup);
    ASSERT_FALSE(out.ok());
    EXPECT_TRUE(out.error().message.contains("already exists"));

    EnvironmentSpec bad = spec("local");
    bad.driver = "oracle";
    out = withEnvironment(kToml, kPath, "local", bad);
    ASSERT_FALSE(out.ok());
    EXPECT_TRUE(out.error().message.contains("oracle") || out.error().message.contains("driver"))
        << out.error().toString().toStdString();

    EXPECT_FALSE(withEnvironment(kToml, kPath, "nosuch", spec("local")).ok());
    EXPECT_FALSE(withoutEnvironment(kToml, kPath, "nosuch").ok());

    // Written some other way than a table: refused, not rewritten.
    const QByteArray inline_ = "[project]\nname = \"x\"\n[environments]\n"
                               "local = { driver = \"sqlite\", database = \"x.db\" }\n";
    auto p = Project::parse(inline_, kPath);
    if (p.ok()) {
        auto r =
            withEnvironment(inline_, kPath, "local", specOf(*p->environment("local"), p->root));
        ASSERT_FALSE(r.ok());
        EXPECT_TRUE(r.error().message.contains("by hand"));
    }
}

TEST(ProjectWriter, SaveReplacesTheFileAndAFailureLeavesItAlone)
{
    QTemporaryDir dir;
    const QString file = dir.filePath("retort.toml");
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(kToml);
    f.close();
    EnvironmentSpec s = spec("local");
    s.database = "moved.db";
    ASSERT_TRUE(saveEnvironment(file, "local", s).ok());
    auto loaded = Project::load(file);
    ASSERT_TRUE(loaded.ok());
    EXPECT_TRUE(loaded->environment("local")->database.endsWith("/moved.db"));

    s.name = "staging"; // taken
    EXPECT_FALSE(saveEnvironment(file, "local", s).ok());
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_TRUE(f.readAll().contains("moved.db"));
    f.close();
    ASSERT_TRUE(removeEnvironment(file, "production").ok());
    EXPECT_EQ(Project::load(file)->environments.size(), 2U);
}
