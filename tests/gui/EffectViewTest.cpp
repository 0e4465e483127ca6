// The Effect tab of the revision detail pane: what a demo migration's upgrade changes, replayed
// on SQLite in the background, and the downgrade verdict — right for a complete downgrade, and
// naming what stays for one made incomplete on purpose.

#include "EffectView.h"
#include "GuiTestSupport.h"
#include "RevisionDetail.h"

#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace guitest;
using retort::gui::EffectView;
using retort::gui::RevisionDetail;

namespace {

const QString kIndexRevision = "f883f1ce0eda";

// The Effect tab of `window` for revision `id`, shown and loaded.
EffectView *effectOf(MainWindow &window, const QString &id)
{
    EXPECT_TRUE(selectRevision(window, id));
    auto *detail = window.findChild<RevisionDetail *>();
    if (!detail)
        return nullptr;
    EffectView *effect = detail->effectView();
    QSignalSpy loaded(effect, &EffectView::loaded);
    detail->tabs()->setCurrentWidget(effect);
    EXPECT_TRUE(effect->isLoading()); // in the background: the window stays responsive
    EXPECT_TRUE(loaded.wait(20000));
    return effect;
}

} // namespace

TEST(EffectView, ShowsWhatAnUpgradeChangesAndThatItsDowngradeRestoresIt)
{
    QTemporaryDir dir;
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    MainWindow window;
    window.resize(1300, 850);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    EffectView *effect = effectOf(window, kIndexRevision);
    ASSERT_TRUE(effect);
    EXPECT_TRUE(effect->verdictText().contains("restores the schema exactly"))
        << effect->verdictText().toStdString();
    EXPECT_TRUE(effect->changesText().contains("adds index `books.ix_books_title`"))
        << effect->changesText().toStdString();
    EXPECT_FALSE(effect->changesText().contains("adds table"));

    // Another revision: its own effect (a new table), not the previous one's.
    QSignalSpy loaded(effect, &EffectView::loaded);
    ASSERT_TRUE(selectRevision(window, "2c80e1340ab4"));
    ASSERT_TRUE(loaded.wait(20000));
    EXPECT_TRUE(effect->changesText().contains("adds table `books`"))
        << effect->changesText().toStdString();

    if (const QString shots = qEnvironmentVariable("RETORT_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QTest::qWait(300); // the labels' new heights are laid out from the event loop
        window.grab().save(shots + "/effect-tab.png");
    }
}

TEST(EffectView, AnIncompleteDowngradeIsNamed)
{
    QTemporaryDir dir;
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    QFile f(dir.filePath("versions/f883f1ce0eda_index_books_by_title_and_author.sql"));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    QByteArray text = f.readAll();
    f.close();
    text.replace("DROP INDEX ix_books_title;", "");
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
    f.close();

    MainWindow window;
    window.resize(1300, 850);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    EffectView *effect = effectOf(window, kIndexRevision);
    ASSERT_TRUE(effect);
    EXPECT_TRUE(effect->verdictText().contains("leaves 1 difference"))
        << effect->verdictText().toStdString();
    EXPECT_TRUE(effect->changesText().contains("What stays after the downgrade"))
        << effect->changesText().toStdString();
    const QString stays = effect->changesText().section("What stays after the downgrade", 1);
    EXPECT_TRUE(stays.contains("ix_books_title")) << stays.toStdString();
    EXPECT_FALSE(stays.contains("ix_books_author_id")) << stays.toStdString();
}
