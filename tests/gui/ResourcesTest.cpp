// The resources compiled into retort_gui: icon fallbacks and the embedded translations.

#include "Icons.h"

#include <QFile>
#include <QImage>
#include <QLocale>
#include <QPixmap>
#include <QTranslator>

#include <gtest/gtest.h>

namespace {

TEST(ResourcesTest, IconsFallBackToBundledSvgs)
{
    EXPECT_FALSE(retort::gui::appIcon().isNull());
    EXPECT_FALSE(retort::gui::themedIcon(QStringLiteral("document-open")).isNull());
    EXPECT_FALSE(retort::gui::themedIcon(QStringLiteral("view-refresh")).isNull());
    EXPECT_TRUE(QFile::exists(QStringLiteral(":/icons/retort.svg")));
}

// Every icon the window asks the theme for has a bundled fallback that renders (the test runs
// without an icon theme, so a missing SVG would leave the action as text only).
TEST(ResourcesTest, EveryActionIconHasABundledFallback)
{
    for (const char *name : {"application-exit", "bookmark-new", "dialog-warning", "document-new",
                             "document-open", "edit-find", "go-down", "go-top", "go-up",
                             "object-locked", "retort-merge", "view-refresh"}) {
        const QString icon = QString::fromLatin1(name);
        EXPECT_TRUE(QFile::exists(QStringLiteral(":/icons/%1.svg").arg(icon))) << name;
        const QPixmap pixmap = retort::gui::themedIcon(icon).pixmap(16, 16);
        EXPECT_FALSE(pixmap.isNull()) << name;
        EXPECT_FALSE(pixmap.toImage().allGray() && pixmap.toImage().pixel(8, 8) == 0) << name;
    }
}

TEST(ResourcesTest, GermanTranslationIsEmbeddedAndLoadsForTheLocale)
{
    QTranslator translator;
    ASSERT_TRUE(translator.load(QLocale(QLocale::German, QLocale::Germany),
                                QStringLiteral("retort"), QStringLiteral("_"),
                                QStringLiteral(":/i18n")));
    // Strings of forms/MainWindow.ui live in the "MainWindow" context.
    EXPECT_EQ(translator.translate("MainWindow", "&Refresh"), QStringLiteral("&Aktualisieren"));
    EXPECT_EQ(translator.translate("retort::gui::RevisionListModel", "Message"),
              QStringLiteral("Nachricht"));
}

} // namespace
