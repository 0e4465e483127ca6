// View ▸ Appearance: Retort's dark and light palettes, and back to the desktop's.

#include "Appearance.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>

#include <gtest/gtest.h>

using retort::gui::Appearance;

TEST(Appearance, DarkAndLightPalettesApplyAndSystemRestoresTheDesktop)
{
    const QString desktopStyle = QApplication::style()->name();
    const QColor desktopWindow = QApplication::palette().color(QPalette::Window);

    retort::gui::applyAppearance(Appearance::Dark);
    const QPalette dark = QApplication::palette();
    EXPECT_LT(dark.color(QPalette::Window).lightness(), 80);
    EXPECT_LT(dark.color(QPalette::Base).lightness(), 80);
    EXPECT_GT(dark.color(QPalette::Text).lightness(), 180);
    EXPECT_EQ(QApplication::style()->name(), QStringLiteral("fusion"));

    retort::gui::applyAppearance(Appearance::Light);
    EXPECT_GT(QApplication::palette().color(QPalette::Window).lightness(), 180);
    EXPECT_LT(QApplication::palette().color(QPalette::Text).lightness(), 80);

    retort::gui::applyAppearance(Appearance::System);
    EXPECT_EQ(QApplication::style()->name(), desktopStyle);
    EXPECT_EQ(QApplication::palette().color(QPalette::Window), desktopWindow);
}

TEST(Appearance, TheChoiceIsSaved)
{
    retort::gui::saveAppearance(Appearance::Dark);
    EXPECT_EQ(retort::gui::savedAppearance(), Appearance::Dark);
    retort::gui::saveAppearance(Appearance::System);
    EXPECT_EQ(retort::gui::savedAppearance(), Appearance::System);
    QSettings().setValue(QStringLiteral("appearance"), QStringLiteral("nonsense"));
    EXPECT_EQ(retort::gui::savedAppearance(), Appearance::System);
}
