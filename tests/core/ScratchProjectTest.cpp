// `[project] scratch = "ENV"` in retort.toml: parsed, validated with file:line, kept by edits.

#include "project/Project.h"
#include "project/ProjectWriter.h"
#include "workflows/ScratchDatabase.h"

#include <QFileInfo>

#include <gtest/gtest.h>

using namespace retort;

namespace {

const QString kPath = QStringLiteral("/tmp/p/retort.toml");

QByteArray toml(const char *scratch, const char *ciExtra = "")
{
    return QByteArray("[project]\nname = \"p\"\n") + scratch +
           "\n\n[environments.local]\ndriver = \"sqlite\"\ndatabase = \"x.db\"\n\n"
           "[environments.ci]\ndriver = \"postgresql\"\ndatabase = \"app\"\nuser = \"ci\"\n" +
           ciExtra +
           "\n[environments.prod]\ndriver = \"postgresql\"\ndatabase = \"app\"\nprotected = "
           "true\n";
}

} // namespace

TEST(ScratchProject, ScratchNamesAnUnprotectedServerEnvironment)
{
    const auto p = Project::parse(toml("scratch = \"ci\""), kPath);
    ASSERT_TRUE(p.ok()) << p.error().toString().toStdString();
    EXPECT_EQ(p->scratch, QStringLiteral("ci"));
    ASSERT_TRUE(p->scratchEnvironment());
    EXPECT_EQ(p->scratchEnvironment()->driver, QStringLiteral("postgresql"));
    const auto server = scratchServerOf(*p, ConnectionSecrets{QStringLiteral("pw"), {}});
    ASSERT_TRUE(server);
    EXPECT_EQ(server->environment.name, QStringLiteral("ci"));
    EXPECT_EQ(server->secrets.password, QStringLiteral("pw"));

    const auto none = Project::parse(toml(""), kPath);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->scratch.isEmpty());
    EXPECT_FALSE(scratchServerOf(*none, {}));
}

TEST(ScratchProject, AnUnknownEnvironmentIsRefusedWithItsLine)
{
    const auto p = Project::parse(toml("scratch = \"nope\""), kPath);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().file, kPath);
    EXPECT_EQ(p.error().line, 3);
    EXPECT_TRUE(p.error().message.contains(QStringLiteral("project.scratch")));
    EXPECT_TRUE(p.error().message.contains(QStringLiteral("no environment 'nope'")))
        << p.error().toString().toStdString();
}

TEST(ScratchProject, AProtectedEnvironmentIsRefused)
{
    const auto p = Project::parse(toml("scratch = \"prod\""), kPath);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().line, 3);
    EXPECT_TRUE(p.error().message.contains(QStringLiteral("protected")))
        << p.error().toString().toStdString();
}

TEST(ScratchProject, ASqliteEnvironmentIsRefused)
{
    const auto p = Project::parse(toml("scratch = \"local\""), kPath);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().line, 3);
    EXPECT_TRUE(p.error().message.contains(QStringLiteral("postgresql or mysql")))
        << p.error().toString().toStdString();
}

TEST(ScratchProject, ANonStringIsRefused)
{
    const auto p = Project::parse(toml("scratch = 3"), kPath);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().line, 3);
    EXPECT_TRUE(p.error().message.contains(QStringLiteral("expected a string")));
}

TEST(ScratchProject, EditingAnotherEnvironmentKeepsTheScratchKey)
{
    const QByteArray text = toml("scratch = \"ci\"  # the CI server");
    const auto p = Project::parse(text, kPath);
    ASSERT_TRUE(p.ok());
    EnvironmentSpec spec = specOf(*p->environment(QStringLiteral("local")), p->root);
    spec.database = QStringLiteral("y.db");
    const auto edited = withEnvironment(text, kPath, QStringLiteral("local"), spec);
    ASSERT_TRUE(edited.ok()) << edited.error().toString().toStdString();
    EXPECT_TRUE(edited->contains("scratch = \"ci\"  # the CI server"));
    const auto again = Project::parse(*edited, kPath);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->scratch, QStringLiteral("ci"));

    // Renaming the scratch environment renames it in `scratch` too, comment kept.
    EnvironmentSpec renamed = specOf(*p->environment(QStringLiteral("ci")), p->root);
    renamed.name = QStringLiteral("build");
    const auto afterRename = withEnvironment(text, kPath, QStringLiteral("ci"), renamed);
    ASSERT_TRUE(afterRename.ok()) << afterRename.error().toString().toStdString();
    EXPECT_TRUE(afterRename->contains("scratch = \"build\"  # the CI server"))
        << afterRename->toStdString();
    const auto renamedProject = Project::parse(*afterRename, kPath);
    ASSERT_TRUE(renamedProject.ok());
    EXPECT_EQ(renamedProject->scratch, QStringLiteral("build"));

    // Making the scratch environment protected would break the project: refused, file unchanged.
    EnvironmentSpec ci = specOf(*p->environment(QStringLiteral("ci")), p->root);
    ci.isProtected = true;
    const auto refused = withEnvironment(text, kPath, QStringLiteral("ci"), ci);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().message.contains(QStringLiteral("protected")));
    // Removing it too.
    EXPECT_FALSE(withoutEnvironment(text, kPath, QStringLiteral("ci")).ok());
}

TEST(ScratchProject, ScratchNamesCarryTheirTime)
{
    EXPECT_EQ(scratchDatabaseName(1700000000, QStringLiteral("ab12")),
              QStringLiteral("retort_scratch_1700000000_ab12"));
    EXPECT_EQ(scratchDatabaseTime(QStringLiteral("retort_scratch_1700000000_ab12")), 1700000000);
    EXPECT_FALSE(scratchDatabaseTime(QStringLiteral("retort_scratch_x_1")));
    EXPECT_FALSE(scratchDatabaseTime(QStringLiteral("app")));
    const qint64 now = 1700000000 + kScratchMaxAgeSeconds;
    EXPECT_FALSE(isStaleScratchDatabase(QStringLiteral("retort_scratch_1700000000_a"), now));
    EXPECT_TRUE(isStaleScratchDatabase(QStringLiteral("retort_scratch_1699999999_a"), now));
    EXPECT_FALSE(isStaleScratchDatabase(QStringLiteral("retort_other_1_a"), now));
}

TEST(ScratchProject, ASqliteScratchFileIsPrivateAndGoneAfterwards)
{
    QString path;
    QString folder;
    {
        auto s = ScratchDatabase::createSqlite();
        ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
        path = (*s)->environment().database;
        folder = QFileInfo(path).absolutePath();
        EXPECT_EQ((*s)->environment().driver, QStringLiteral("sqlite"));
        EXPECT_TRUE(QFileInfo::exists(path));
        EXPECT_EQ(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther), 0);
        EXPECT_EQ(QFileInfo(folder).permissions() & (QFile::ExeOther | QFile::ReadOther), 0);
    }
    EXPECT_FALSE(QFileInfo::exists(path));
    EXPECT_FALSE(QFileInfo::exists(folder));
}
