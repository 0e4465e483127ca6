// SqlView: file line numbers, and colours that follow the palette (light and dark themes).

#include "SqlView.h"

#include <QImage>
#include <QPalette>
#include <QTest>

#include <gtest/gtest.h>

using retort::gui::SqlView;

namespace {

// The colour in the middle of the (mostly empty) text area.
QColor paperColor(SqlView &view)
{
    const QImage image = view.grab().toImage();
    return image.pixelColor(image.width() / 2, image.height() * 3 / 4);
}

TEST(SqlView, NumbersLinesFromTheFileAndFollowsThePalette)
{
    SqlView view;
    view.resize(400, 200);
    view.setSql(QStringLiteral("SELECT 1;\nSELECT 2;\n"), 17);
    EXPECT_EQ(view.text(), QStringLiteral("SELECT 1;\nSELECT 2;\n"));
    EXPECT_EQ(view.fileLineNumber(0), 17);
    EXPECT_EQ(view.fileLineNumber(1), 18);
    EXPECT_EQ(view.fileLineNumber(99), 0);

    QPalette light = view.palette();
    light.setColor(QPalette::Base, QColor(0xfa, 0xfa, 0xfa));
    light.setColor(QPalette::Text, QColor(0x20, 0x20, 0x20));
    view.setPalette(light);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    EXPECT_GT(paperColor(view).lightnessF(), 0.8);

    QPalette dark = light;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    view.setPalette(dark);
    EXPECT_LT(paperColor(view).lightnessF(), 0.2);

    view.clear();
    EXPECT_TRUE(view.text().isEmpty());
    EXPECT_EQ(view.fileLineNumber(0), 0);
}

} // namespace
