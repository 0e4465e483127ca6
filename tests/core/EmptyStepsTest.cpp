// Steps whose section holds no statement: found, named with file:line, merges left out.

#include "workflows/EmptySteps.h"

#include "graph/RevisionGraph.h"
#include "scripts/Script.h"

#include <gtest/gtest.h>

using namespace retort;

namespace {

Script script(const QString &id, const QStringList &parents, const QString &up, const QString &down)
{
    Script s;
    s.revision = id;
    s.downRevisions = parents;
    s.path = QStringLiteral("/p/versions/%1_x.sql").arg(id);
    s.upgrade = {up, 10};
    s.downgrade = {down, 20};
    return s;
}

TEST(EmptySteps, ASectionOfOnlyCommentsIsEmptyAndAMergeIsNot)
{
    EXPECT_TRUE(hasEmptySection(script("a", {}, "", "DROP TABLE t;"), Direction::Upgrade, {}));
    EXPECT_TRUE(hasEmptySection(script("a", {}, "\n-- nothing yet\n/* later */\n", "x;"),
                                Direction::Upgrade, QStringLiteral("postgresql")));
    EXPECT_FALSE(
        hasEmptySection(script("a", {}, "CREATE TABLE t (id INT);", ""), Direction::Upgrade, {}));
    EXPECT_TRUE(hasEmptySection(script("a", {}, "CREATE TABLE t (id INT);", " \n"),
                                Direction::Downgrade, QStringLiteral("mysql")));
    // A merge revision has nothing to do by nature.
    EXPECT_FALSE(hasEmptySection(script("m", {"a", "b"}, "", ""), Direction::Upgrade, {}));
}

TEST(EmptySteps, EachEmptyStepOfAPlanIsNamedWithItsFileAndLine)
{
    const std::vector<Script> scripts{
        script("aaaa", {}, "CREATE TABLE t (id INT);", "DROP TABLE t;"),
        script("bbbb", {"aaaa"}, "-- TODO\n", "SELECT 1;")};
    std::vector<Error> problems;
    const RevisionGraph graph = RevisionGraph::build(scripts, problems);
    ASSERT_TRUE(problems.empty());
    auto up = graph.planUpgrade({}, QStringLiteral("heads"));
    ASSERT_TRUE(up);
    EXPECT_EQ(emptyStepWarnings(*up, QStringLiteral("sqlite")),
              QStringList{QStringLiteral("upgrade bbbb (/p/versions/bbbb_x.sql:10): the upgrade "
                                         "section is empty: applying it only moves the version "
                                         "table")});
    auto down = graph.planDowngrade({QStringLiteral("bbbb")}, QStringLiteral("base"));
    ASSERT_TRUE(down);
    EXPECT_TRUE(emptyStepWarnings(*down, QStringLiteral("sqlite")).isEmpty());
}

} // namespace
