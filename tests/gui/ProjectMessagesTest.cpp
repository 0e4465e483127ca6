// What the window says instead of the revision list when there is nothing to list.

#include "GuiTestSupport.h"
#include "MainWindow.h"

#include <QLabel>
#include <QStackedWidget>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace guitest;

namespace {

QString shownMessage(const MainWindow &window)
{
    auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("stack"));
    if (!stack || stack->currentWidget()->objectName() != u"messagePage")
        return {};
    return stack->currentWidget()->findChild<QLabel *>(QStringLiteral("messageLabel"))->text();
}

void writeProject(const QTemporaryDir &dir, const QByteArray &scripts)
{
    QFile toml(dir.filePath(QStringLiteral("retort.toml")));
    ASSERT_TRUE(toml.open(QIODevice::WriteOnly));
    toml.write("[project]\nname = \"p\"\nscripts = \"" + scripts +
               "\"\n\n[environments.local]\ndriver = \"sqlite\"\ndatabase = \"p.db\"\n");
}

TEST(ProjectMessages, AMissingMigrationsFolderIsNamedNotCalledEmpty)
{
    QTemporaryDir dir;
    writeProject(dir, "no-such-folder");
    MainWindow window;
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    const QString text = shownMessage(window);
    EXPECT_FALSE(text.contains(QStringLiteral("No revisions yet"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("folder not found"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("no-such-folder"))) << text.toStdString();
}

TEST(ProjectMessages, AnEmptyMigrationsFolderHasNoRevisionsYet)
{
    QTemporaryDir dir;
    writeProject(dir, "versions");
    ASSERT_TRUE(QDir(dir.path()).mkdir(QStringLiteral("versions")));
    MainWindow window;
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    EXPECT_TRUE(shownMessage(window).contains(QStringLiteral("No revisions yet")));
}

} // namespace
