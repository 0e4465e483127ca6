// Revision ▸ New Revision… and Merge Heads… in the main window: the dialogs write the script, the
// list reloads and selects it.

#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MergeHeadsDialog.h"
#include "NewRevisionDialog.h"
#include "RevisionListModel.h"

#include "graph/RevisionGraph.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace guitest;
using retort::gui::MergeHeadsDialog;
using retort::gui::NewRevisionDialog;
using retort::gui::RevisionListModel;

namespace {

class RevisionActionsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(copyTree(kDemo, m_dir.path()));
        m_window.show();
        m_window.openProject(m_dir.path());
        ASSERT_TRUE(waitLoaded(m_window));
    }
    QString selectedId() const
    {
        auto *view = m_window.findChild<QTreeView *>(QStringLiteral("revisionView"));
        return view->currentIndex().data(RevisionListModel::RevisionIdRole).toString();
    }

    QTemporaryDir m_dir;
    MainWindow m_window;
};

TEST_F(RevisionActionsTest, NewRevisionIsWrittenListedAndSelected)
{
    auto *action = m_window.findChild<QAction *>(QStringLiteral("actionNewRevision"));
    ASSERT_TRUE(action);
    EXPECT_TRUE(action->isEnabled());
    EXPECT_EQ(action->shortcut(), QKeySequence(QKeySequence::New));
    const int before = m_window.revisionModel()->totalCount();
    const QString oldHead = m_window.revisionModel()->workspace()->graph().ids(
        m_window.revisionModel()->workspace()->graph().heads())[0];

    QString id;
    auto answer = answerModal([&](QDialog *dialog) {
        auto *d = qobject_cast<NewRevisionDialog *>(dialog);
        if (!d)
            return false;
        id = d->revisionId();
        d->findChild<QLineEdit *>(QStringLiteral("messageEdit"))
            ->setText(QStringLiteral("add gift cards"));
        d->accept();
        return true;
    });
    action->trigger();
    ASSERT_FALSE(id.isEmpty());
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return m_window.revisionModel()->totalCount() == before + 1 && selectedId() == id; },
        15000));
    const auto &graph = m_window.revisionModel()->workspace()->graph();
    const int index = graph.indexOf(id);
    ASSERT_GE(index, 0);
    EXPECT_EQ(graph.at(index).script->message, QStringLiteral("add gift cards"));
    EXPECT_EQ(graph.ids(graph.at(index).down), QStringList{oldHead});
    EXPECT_TRUE(QFile::exists(graph.at(index).script->path));
}

TEST_F(RevisionActionsTest, MergeHeadsIsOnlyOfferedWithTwoHeadsAndMergesThem)
{
    auto *merge = m_window.findChild<QAction *>(QStringLiteral("actionMergeHeads"));
    ASSERT_TRUE(merge);
    EXPECT_FALSE(merge->isEnabled()); // the demo has one head

    // A second head: a new base written beside the demo's graph.
    auto *newRevision = m_window.findChild<QAction *>(QStringLiteral("actionNewRevision"));
    auto answer = answerModal([&](QDialog *dialog) {
        auto *d = qobject_cast<NewRevisionDialog *>(dialog);
        if (!d)
            return false;
        d->findChild<QLineEdit *>(QStringLiteral("messageEdit"))
            ->setText(QStringLiteral("audit schema"));
        d->setParents({});
        d->findChild<QCheckBox *>(QStringLiteral("newBaseCheck"))->setChecked(true);
        d->accept();
        return true;
    });
    newRevision->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return merge->isEnabled(); }, 15000));

    QString id;
    answer = answerModal([&](QDialog *dialog) {
        auto *d = qobject_cast<MergeHeadsDialog *>(dialog);
        if (!d)
            return false;
        id = d->revisionId();
        d->accept();
        return true;
    });
    merge->trigger();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !merge->isEnabled() && selectedId() == id; }, 15000));
    const auto &graph = m_window.revisionModel()->workspace()->graph();
    EXPECT_EQ(graph.heads().size(), 1U);
    EXPECT_EQ(graph.at(graph.indexOf(id)).down.size(), 2U);
}

} // namespace
