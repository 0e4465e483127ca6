// GUI tests: an Alembic project (alembic.ini and .py revisions) opens in the window like a native
// one; the detail pane shows the Python upgrade()/downgrade() source with Python highlighting.

#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "RevisionDetail.h"
#include "RevisionListModel.h"
#include "SqlView.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using retort::gui::MainWindow;
using retort::gui::RevisionDetail;
using retort::gui::SqlView;

using namespace guitest;

namespace {

void write(const QDir &dir, const QString &rel, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(dir.filePath(rel)).absolutePath());
    QFile f(dir.filePath(rel));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
}

TEST(AlembicProject, OpensAndShowsThePythonSource)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QDir dir(tmp.path());
    write(dir, QStringLiteral("alembic.ini"),
          "[alembic]\nscript_location = %(here)s/alembic\nsqlalchemy.url = sqlite:///app.db\n");
    write(dir, QStringLiteral("alembic/versions/aaa111_first.py"),
          "\"\"\"create users\n\nRevision ID: aaa111\n\"\"\"\n"
          "revision = 'aaa111'\ndown_revision = None\n\n\n"
          "def upgrade():\n    op.create_table('users')\n\n\n"
          "def downgrade():\n    op.drop_table('users')\n");
    write(dir, QStringLiteral("alembic/versions/bbb222_second.py"),
          "\"\"\"add email\"\"\"\nrevision: str = 'bbb222'\n"
          "down_revision: Union[str, None] = 'aaa111'\n"
          "def upgrade() -> None:\n    op.add_column('users', sa.Column('email'))\n");
    write(dir, QStringLiteral("alembic/versions/broken.py"),
          "revision = 'ccc'\ndown_revision = (\n");

    MainWindow window;
    window.show();
    window.openProject(tmp.path());
    ASSERT_TRUE(waitLoaded(window));
    // The unreadable script first (marked so), then the revisions.
    EXPECT_EQ(window.revisionModel()->rowOf(QStringLiteral("ccc")), 0);
    EXPECT_EQ(window.revisionModel()->rowOf(QStringLiteral("bbb222")), 1);
    EXPECT_EQ(window.revisionModel()->rowOf(QStringLiteral("aaa111")), 2);
    const QStringList problems = problemTexts(window);
    ASSERT_EQ(problems.size(), 1);
    EXPECT_TRUE(problems.front().contains(QStringLiteral("broken.py")));

    ASSERT_TRUE(selectRevision(window, QStringLiteral("aaa111")));
    const auto *detail = child<RevisionDetail>(window, "detail");
    ASSERT_TRUE(detail);
    EXPECT_EQ(child<QLabel>(*detail, "messageLabel")->text(), QStringLiteral("create users"));
    const auto *upgrade = child<SqlView>(*detail, "upgradeView");
    const auto *downgrade = child<SqlView>(*detail, "downgradeView");
    ASSERT_TRUE(upgrade && downgrade);
    EXPECT_EQ(upgrade->syntax(), SqlView::Syntax::Python);
    EXPECT_EQ(upgrade->text(), QStringLiteral("def upgrade():\n    op.create_table('users')"));
    EXPECT_EQ(upgrade->fileLineNumber(0), 9);
    EXPECT_EQ(downgrade->text(), QStringLiteral("def downgrade():\n    op.drop_table('users')"));
    EXPECT_EQ(downgrade->fileLineNumber(0), 13);
    EXPECT_TRUE(child<QLabel>(*detail, "upgradeTitle")->text().contains(QStringLiteral("Python")));

    // A revision without downgrade(): the pane says so.
    ASSERT_TRUE(selectRevision(window, QStringLiteral("bbb222")));
    EXPECT_TRUE(downgrade->text().isEmpty());
    EXPECT_TRUE(
        child<QLabel>(*detail, "downgradeTitle")->text().contains(QStringLiteral("not in")));

    // The source is read from the file when shown: a file deleted since the load says so.
    ASSERT_TRUE(QFile::remove(dir.filePath(QStringLiteral("alembic/versions/aaa111_first.py"))));
    ASSERT_TRUE(selectRevision(window, QStringLiteral("aaa111")));
    EXPECT_TRUE(upgrade->text().contains(QStringLiteral("cannot read")))
        << upgrade->text().toStdString();
    EXPECT_TRUE(upgrade->text().contains(QStringLiteral("aaa111_first.py")));
    EXPECT_TRUE(downgrade->text().isEmpty());
}

TEST(AlembicProject, SqlViewSwitchesBackToSql)
{
    SqlView view;
    view.setSyntax(SqlView::Syntax::Python);
    view.setSql(QStringLiteral("def upgrade():\n    pass\n"), 3);
    EXPECT_EQ(view.fileLineNumber(0), 3);
    view.setSyntax(SqlView::Syntax::Sql);
    EXPECT_EQ(view.syntax(), SqlView::Syntax::Sql);
    EXPECT_EQ(view.text(), QStringLiteral("def upgrade():\n    pass\n"));
}

} // namespace
