// fitColumns(): the other columns give way to the stretching one on a narrow view.

#include "ColumnFit.h"

#include <gtest/gtest.h>

using retort::gui::fitColumns;

namespace {

TEST(ColumnFit, WideEnoughEveryColumnKeepsItsWidth)
{
    const std::vector<int> wanted{50, 100, 0, 200, 100};
    EXPECT_EQ(fitColumns(wanted, {50, 100, 0, 100, 60}, 2, 300, 800), wanted);
}

TEST(ColumnFit, NarrowTheOthersGiveUpWidthInProportionToWhatTheyCanGive)
{
    // 450 for the others leaves 150 of the 300 wanted: 150 is taken, 100 : 50 from the columns
    // with 100 and 50 to spare; the ones at their floor keep it.
    const std::vector<int> widths =
        fitColumns({50, 100, 0, 200, 100}, {50, 100, 0, 100, 50}, 2, 300, 600);
    EXPECT_EQ(widths, (std::vector<int>{50, 100, 0, 100, 50}));

    const std::vector<int> some =
        fitColumns({50, 100, 0, 200, 100}, {50, 100, 0, 100, 50}, 2, 300, 690);
    EXPECT_EQ(some[0] + some[1] + some[3] + some[4], 690 - 300);
    EXPECT_EQ(some[0], 50);
    EXPECT_EQ(some[1], 100);
    EXPECT_EQ(200 - some[3], 2 * (100 - some[4])); // in proportion to 100 : 50
}

TEST(ColumnFit, NeverBelowAFloor)
{
    const std::vector<int> widths = fitColumns({80, 0, 120}, {60, 0, 100}, 1, 500, 300);
    EXPECT_EQ(widths, (std::vector<int>{60, 0, 100}));
}

} // namespace
