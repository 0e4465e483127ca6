// How environments compare by release (release/EnvironmentReleases.h): the reference environment,
// "ahead", "behind" and both, and no line without releases.

#include "release/EnvironmentReleases.h"

#include <gtest/gtest.h>

using namespace retort;

namespace {

ReleaseMap twoReleases()
{
    ReleaseMap map;
    map.tags = {{QStringLiteral("v1.0"), QStringLiteral("c1"), {}},
                {QStringLiteral("v2.0"), QStringLiteral("c2"), {}}};
    auto released = [](const char *tag) {
        RevisionOrigin o;
        o.release = QString::fromLatin1(tag);
        return o;
    };
    map.origins.insert(QStringLiteral("a"), released("v1.0"));
    map.origins.insert(QStringLiteral("b"), released("v2.0"));
    map.origins.insert(QStringLiteral("c"), released(""));
    map.origins.insert(QStringLiteral("x"), released(""));
    return map;
}

EnvironmentPosition at(const ReleaseMap &map, const char *name, QSet<QString> applied,
                       bool isProtected = false, bool known = true)
{
    EnvironmentPosition p;
    p.environment = QString::fromLatin1(name);
    p.isProtected = isProtected;
    p.known = known;
    p.applied = std::move(applied);
    p.release = environmentRelease(map, p.applied);
    return p;
}

} // namespace

TEST(EnvironmentReleases, ComparesWithTheFirstProtectedEnvironment)
{
    const ReleaseMap map = twoReleases();
    const std::vector<EnvironmentPosition> positions{
        at(map, "dev", {QStringLiteral("a")}),
        at(map, "staging", {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}),
        at(map, "production", {QStringLiteral("a"), QStringLiteral("b")}, true),
        at(map, "hotfix", {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("x")}),
        at(map, "down", {}, false, false),
        at(map, "same", {QStringLiteral("a"), QStringLiteral("b")})};
    EXPECT_EQ(referenceEnvironment(positions), QStringLiteral("production"));
    const QStringList lines = compareEnvironments(map, positions);
    EXPECT_EQ(lines, (QStringList{QStringLiteral("dev: v1.0, 1 behind production"),
                                  QStringLiteral("staging: v2.0 + 1, 1 ahead of production"),
                                  QStringLiteral("hotfix: v2.0 + 1, 1 ahead of production")}));
    // Against each other: ahead and behind at once.
    const std::vector<EnvironmentPosition> two{
        at(map, "staging", {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, true),
        at(map, "hotfix", {QStringLiteral("a"), QStringLiteral("x")})};
    EXPECT_EQ(compareEnvironments(map, two),
              QStringList{QStringLiteral("hotfix: v1.0 + 1, 1 ahead of and 2 behind staging")});
}

TEST(EnvironmentReleases, WithoutProtectionTheFurthestBehindIsTheReference)
{
    const ReleaseMap map = twoReleases();
    const std::vector<EnvironmentPosition> positions{
        at(map, "b", {QStringLiteral("a"), QStringLiteral("b")}),
        at(map, "a", {QStringLiteral("a")}), at(map, "down", {}, true, false)};
    EXPECT_EQ(referenceEnvironment(positions), QStringLiteral("a"));
    EXPECT_EQ(compareEnvironments(map, positions),
              QStringList{QStringLiteral("b: v2.0, 1 ahead of a")});
}

TEST(EnvironmentReleases, NoLinesWithoutReleases)
{
    ReleaseMap map = twoReleases();
    std::vector<EnvironmentPosition> positions{at(map, "a", {QStringLiteral("a")}),
                                               at(map, "b", {})};
    map.tags.clear();
    EXPECT_TRUE(compareEnvironments(map, positions).isEmpty());
    map = twoReleases();
    map.unavailable = QStringLiteral("the checkout is shallow");
    EXPECT_TRUE(compareEnvironments(map, positions).isEmpty());
    // One known environment: nothing to compare.
    map = twoReleases();
    positions[1].known = false;
    EXPECT_TRUE(compareEnvironments(map, positions).isEmpty());
}
