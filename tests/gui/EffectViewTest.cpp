// The Effect tab of the revision detail pane: what a demo migration's upgrade changes, replayed
// on SQLite in the background, and the downgrade verdict — right for a complete downgrade, and
// naming what stays for one made incomplete on purpose.

#include "EffectView.h"
#include "CredentialBroker.h"
#include "GuiTestSupport.h"
#include "PasswordDialog.h"
#include "PostgresMariaDbSupport.h"
#include "ReviewChecklist.h"
#include "RevisionDetail.h"

#include "secrets/SecretStore.h"
#include "workflows/MigrationEffect.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>

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

// The review checklist shows the SQLite replay's findings next to the human ticks, as soon as a
// revision is selected (the Effect tab need not be open).
TEST(EffectView, TheReviewChecklistShowsTheReplaysFacts)
{
    QTemporaryDir dir;
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    MainWindow window;
    window.resize(1300, 850);
    window.show();
    window.openProject(dir.path());
    ASSERT_TRUE(waitLoaded(window));
    auto *detail = window.findChild<RevisionDetail *>();
    ASSERT_TRUE(detail);
    auto *checklist = window.findChild<retort::gui::ReviewChecklist *>();
    ASSERT_TRUE(checklist);
    QSignalSpy replayed(detail->effectView(), &EffectView::replayed);
    ASSERT_TRUE(selectRevision(window, kIndexRevision));
    ASSERT_TRUE(replayed.wait(20000));
    const QStringList facts = checklist->facts().split('\n');
    ASSERT_EQ(facts.size(), 3);
    EXPECT_TRUE(facts[0].contains("replay: 3 changes: adds index `books.ix_books_author_id`"))
        << facts[0].toStdString();
    EXPECT_TRUE(facts[1].contains("✓ replay: the downgrade restores the schema exactly"))
        << facts[1].toStdString();
    EXPECT_TRUE(facts[2].contains("replay: touches books")) << facts[2].toStdString();
    EXPECT_NE(detail->tabs()->currentWidget(), detail->effectView());
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
    auto *checklist = window.findChild<retort::gui::ReviewChecklist *>();
    EXPECT_TRUE(checklist->facts().contains("✗ replay: the downgrade leaves 1 difference"))
        << checklist->facts().toStdString();
}

// A PostgreSQL environment with a scratch server: the Effect tab also replays there (the
// revision's SQL is PostgreSQL's own, which SQLite cannot run), with the scratch login's password
// from the keychain; without it, "Replay on scratch…" asks for it.
TEST(EffectViewServer, ReplaysOnTheScratchServerOfTheEnvironmentsEngine)
{
    using namespace retort::test;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ScratchLogin login(db, "scratch-secret");
    ServerProject project(db, "scratch = \"scratch\"\n");
    {
        QFile toml(project.root() + "/retort.toml");
        ASSERT_TRUE(toml.open(QIODevice::Append));
        toml.write(QStringLiteral("\n[environments.scratch]\ndriver = \"%1\"\nhost = \"%2\"\n"
                                  "port = %3\nuser = \"%4\"\ndatabase = \"%5\"\n")
                       .arg(db.driver(), db.host())
                       .arg(db.port())
                       .arg(login.user(), db.name())
                       .toUtf8());
    }
    project.script("a1", "",
                   "CREATE TABLE tagged (id serial PRIMARY KEY, tags text[]);\n"
                   "COMMENT ON TABLE tagged IS 'PostgreSQL only';",
                   "DROP TABLE tagged;");
    std::shared_ptr<const retort::Workspace> ws = project.load();
    ASSERT_TRUE(ws);

    retort::MemorySecretStore store;
    retort::gui::CredentialBroker broker(&store, nullptr);
    EffectView view;
    view.setCredentials(&broker);
    view.setEnvironment("test");
    QSignalSpy loaded(&view, &EffectView::loaded);
    view.show();
    view.setRevision(ws, "a1");
    ASSERT_TRUE(loaded.wait(30000));
    // No password for the scratch login yet: said, and offered.
    auto *button = view.findChild<QPushButton *>("effectServerButton");
    ASSERT_TRUE(button);
    EXPECT_TRUE(button->isVisible());
    EXPECT_EQ(button->text(), "Replay on scratch…");
    EXPECT_TRUE(view.verdictText().contains("SQLite:</b> the effect could not be replayed"))
        << view.verdictText().toStdString();

    int asked = 0;
    auto answer = answerModal([&](QDialog *d) {
        auto *dialog = qobject_cast<retort::gui::PasswordDialog *>(d);
        if (!dialog)
            return false;
        ++asked;
        dialog->findChild<QLineEdit *>("passwordEdit")->setText(login.password());
        dialog->findChild<QCheckBox *>("rememberCheck")->setChecked(true);
        dialog->accept();
        return true;
    });
    button->click();
    ASSERT_TRUE(loaded.wait(60000));
    EXPECT_EQ(asked, 1);
    ASSERT_TRUE(view.serverEffect()) << view.changesText().toStdString();
    EXPECT_TRUE(view.serverEffect()->downgradeRestores());
    EXPECT_TRUE(view.verdictText().contains(
        "PostgreSQL (scratch server scratch):</b> the downgrade restores the schema exactly"))
        << view.verdictText().toStdString();
    EXPECT_TRUE(view.changesText().contains("adds table `tagged` (2 columns)"))
        << view.changesText().toStdString();
    EXPECT_FALSE(button->isVisible());

    // The next revision shown replays there at once: the password is remembered.
    view.setRevision(nullptr, {});
    view.setRevision(ws, "a1");
    ASSERT_TRUE(loaded.wait(60000));
    EXPECT_TRUE(view.serverEffect());
    EXPECT_EQ(asked, 1);
}
