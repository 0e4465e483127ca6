// Show Changes Since Applied: one section per environment, named, with the diff in the
// monospace SQL viewer.

#include "DriftDialog.h"

#include "SqlView.h"

#include <QFontInfo>
#include <QLabel>
#include <QTest>

#include <gtest/gtest.h>

using retort::gui::DriftDialog;
using retort::gui::SqlView;

namespace {

TEST(DriftDialog, OneNamedSectionPerEnvironmentWithItsDiffInMonospace)
{
    const QString diff = QStringLiteral("--- a.sql (applied)\n+++ a.sql (now)\n@@ -1 +1,2 @@\n"
                                        " CREATE TABLE t (id INT);\n+CREATE INDEX i ON t (id);\n");
    DriftDialog dialog(
        QStringLiteral("7e7d8ca52273"),
        {{QStringLiteral("local"), QStringLiteral("a.sql: edited (local row)"), diff},
         {QStringLiteral("staging"), QStringLiteral("a.sql: edited (staging row)"),
          diff + QStringLiteral("+-- staging saw another text\n")}});
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));

    ASSERT_EQ(dialog.findChildren<SqlView *>(QStringLiteral("diff")).size(), 2);
    // Each section: the environment's name, what the audit trail says, and its own diff.
    const QStringList names{QStringLiteral("local"), QStringLiteral("staging")};
    for (const QString &name : names) {
        auto *section = dialog.findChild<QWidget *>(QStringLiteral("section_") + name);
        ASSERT_TRUE(section) << name.toStdString();
        auto *title = section->findChild<QLabel *>(QStringLiteral("title"));
        auto *view = section->findChild<SqlView *>(QStringLiteral("diff"));
        ASSERT_TRUE(title && view) << name.toStdString();
        EXPECT_TRUE(title->text().contains(QStringLiteral("<b>%1</b>").arg(name)));
        EXPECT_TRUE(title->text().contains(QStringLiteral("(%1 row)").arg(name)));
        EXPECT_EQ(view->syntax(), SqlView::Syntax::Diff);
        EXPECT_TRUE(view->text().startsWith(diff)) << view->text().toStdString();
        EXPECT_TRUE(view->isVisible());
        EXPECT_GE(view->height(), 5 * view->fontMetrics().lineSpacing());
    }
    auto *staging = dialog.findChild<QWidget *>(QStringLiteral("section_staging"));
    EXPECT_TRUE(staging->findChild<SqlView *>()->text().endsWith(
        QStringLiteral("+-- staging saw another text\n")));
}

} // namespace
