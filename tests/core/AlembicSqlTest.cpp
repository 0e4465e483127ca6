#include "scripts/AlembicSql.h"

#include <gtest/gtest.h>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

// What `alembic upgrade base:heads --sql` prints for PostgreSQL (transactional DDL).
const char *const kOutput = R"(BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> aaa

CREATE TABLE users (
    id SERIAL NOT NULL, 
    PRIMARY KEY (id)
);

INSERT INTO alembic_version (version_num) VALUES ('aaa') RETURNING alembic_version.version_num;

-- Running upgrade aaa -> bbb

UPDATE alembic_version SET version_num='bbb' WHERE alembic_version.version_num = 'aaa';

-- Running upgrade aaa -> ccc

INSERT INTO users (name) VALUES ('a;b');

INSERT INTO alembic_version (version_num) VALUES ('ccc') RETURNING alembic_version.version_num;

-- Running upgrade bbb, ccc -> ddd

DELETE FROM alembic_version WHERE alembic_version.version_num = 'bbb';

UPDATE alembic_version SET version_num='ddd' WHERE alembic_version.version_num = 'ccc';

COMMIT;
)";

TEST(AlembicSql, SplitsStepsAndDropsVersionTableStatements)
{
    const auto steps =
        splitAlembicSql(QString::fromUtf8(kOutput), QStringLiteral("alembic_version"));
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].direction, Direction::Upgrade);
    EXPECT_TRUE(steps[0].from.isEmpty());
    EXPECT_EQ(steps[0].to, QStringList{"aaa"});
    EXPECT_EQ(steps[0].revision(), "aaa");
    EXPECT_EQ(steps[0].sql,
              "CREATE TABLE users (\n    id SERIAL NOT NULL, \n    PRIMARY KEY (id)\n);");
    EXPECT_EQ(steps[1].revision(), "bbb");
    EXPECT_TRUE(steps[1].sql.isEmpty());
    EXPECT_EQ(steps[2].sql, "INSERT INTO users (name) VALUES ('a;b');");
    EXPECT_EQ(steps[3].from, (QStringList{"bbb", "ccc"}));
    EXPECT_EQ(steps[3].revision(), "ddd");
    EXPECT_TRUE(steps[3].sql.isEmpty()); // DELETE/UPDATE of the version table and COMMIT dropped
}

TEST(AlembicSql, DowngradesNameTheRevisionOnTheLeftAndSchemaQualifiedTables)
{
    const auto steps = splitAlembicSql(
        QStringLiteral("-- Running downgrade ddd -> bbb, ccc\n\nDROP TABLE t;\n\n"
                       "UPDATE ops.my_versions SET version_num='bbb' WHERE "
                       "ops.my_versions.version_num = 'ddd';\n\n"
                       "-- Running downgrade aaa -> \n\nDROP TABLE users;\n\n"
                       "DELETE FROM ops.my_versions WHERE ops.my_versions.version_num = 'aaa';\n\n"
                       "DROP TABLE ops.my_versions;\n"),
        QStringLiteral("my_versions"));
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps[0].direction, Direction::Downgrade);
    EXPECT_EQ(steps[0].revision(), "ddd");
    EXPECT_EQ(steps[0].to, (QStringList{"bbb", "ccc"}));
    EXPECT_EQ(steps[0].sql, "DROP TABLE t;");
    EXPECT_EQ(steps[1].revision(), "aaa");
    EXPECT_TRUE(steps[1].to.isEmpty());
    EXPECT_EQ(steps[1].sql, "DROP TABLE users;");
}

TEST(AlembicSql, MissingAlembicIsExplained)
{
    auto r = findAlembic(QStringLiteral("/nonexistent/bin/alembic"));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains("/nonexistent/bin/alembic"));
    auto n = findAlembic(QStringLiteral("no-such-alembic-program"));
    ASSERT_FALSE(n.ok());
    EXPECT_TRUE(n.error().message.contains("not on PATH"));
}

} // namespace
