#include "base/Error.h"

#include <gtest/gtest.h>

TEST(Error, FormatsFileAndLine)
{
    EXPECT_EQ(retort::Error(QStringLiteral("bad"), QStringLiteral("a.sql"), 3).toString(),
              QStringLiteral("a.sql:3: bad"));
    EXPECT_EQ(retort::Error(QStringLiteral("bad")).toString(), QStringLiteral("bad"));
}
