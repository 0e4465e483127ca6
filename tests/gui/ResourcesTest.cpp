// The resources compiled into retort_gui: icon fallbacks and the embedded translations.

#include "Icons.h"

#include <QFile>
#include <QLocale>
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
