// An Alembic project without a usable alembic program: the upgrade and downgrade actions are
// disabled and say why; stamping (no migration runs) stays available.

#include "GuiTestSupport.h"
#include "MainWindow.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace guitest;

TEST(AlembicActions, WithoutAlembicApplyingIsDisabledAndSaysWhy)
{
    QTemporaryDir dir;
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("versions")));
    auto write = [&](const QString &rel, const QByteArray &text) {
        QFile f(dir.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write(QStringLiteral("alembic.ini"),
          "[alembic]\nscript_location = %(here)s\nversion_locations = %(here)s/versions\n"
          "sqlalchemy.url = sqlite:///app.db\n");
    write(QStringLiteral("versions/1a2b3c4d5e6f_create_users.py"),
          "\"\"\"create users\n\nRevision ID: 1a2b3c4d5e6f\nRevises:\nCreate Date: 2026-01-01 "
          "00:00:00\n\n\"\"\"\nfrom alembic import op\n\nrevision = '1a2b3c4d5e6f'\n"
          "down_revision = None\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n"
          "    op.create_table('users')\n\n\ndef downgrade():\n    op.drop_table('users')\n");
    const QByteArray saved = qgetenv("RETORT_ALEMBIC");
    qputenv("RETORT_ALEMBIC", dir.filePath(QStringLiteral("no-such-alembic")).toLocal8Bit());

    MainWindow window;
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    ASSERT_EQ(window.revisionModel()->totalCount(), 1);
    QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade to Heads"));
    QAction *stamp = actionNamed(window, QStringLiteral("Stamp Here"));
    ASSERT_TRUE(upgrade && stamp);
    ASSERT_TRUE(selectRevision(window, QStringLiteral("1a2b3c4d5e6f")));
    QTest::qWait(100);
    EXPECT_FALSE(upgrade->isEnabled());
    EXPECT_TRUE(upgrade->toolTip().contains(QStringLiteral("Alembic")))
        << upgrade->toolTip().toStdString();
    EXPECT_TRUE(upgrade->toolTip().contains(QStringLiteral("no-such-alembic")));
    EXPECT_TRUE(stamp->isEnabled());

    if (saved.isNull())
        qunsetenv("RETORT_ALEMBIC");
    else
        qputenv("RETORT_ALEMBIC", saved);
}
