// NewRevisionDialog and MergeHeadsDialog against scratch projects in temporary folders. Uses the
// QApplication created by the retort_gui_tests main() (tests/gui/MainWindowTest.cpp).

#include "MergeHeadsDialog.h"
#include "NewRevisionDialog.h"

#include "project/Project.h"
#include "project/Workspace.h"
#include "scripts/ScriptParser.h"
#include "scripts/ScriptWriter.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

// gtest prints QStrings (and QStringLists) readably. Internal linkage: each test file has one.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;
using retort::gui::MergeHeadsDialog;
using retort::gui::NewRevisionDialog;

namespace {

const QString A = QStringLiteral("aaaaaaaaaaaa");
const QString B = QStringLiteral("bbbbbbbbbbbb");
const QString C = QStringLiteral("cccccccccccc");
const QString D = QStringLiteral("dddddddddddd");
const QString E = QStringLiteral("eeeeeeeeeeee");

struct Rev {
    QString id;
    QStringList parents;
    QString message;
    QStringList labels = {};
};

// A project (retort.toml, versions/) in a temporary folder with the given revisions.
class ScratchProject {
public:
    explicit ScratchProject(const std::vector<Rev> &revisions)
    {
        EXPECT_TRUE(m_dir.isValid());
        const Status init = Project::init(m_dir.path(), QStringLiteral("scratch"));
        EXPECT_TRUE(init.ok()) << init.error().toString().toStdString();
        for (const Rev &r : revisions) {
            NewRevision nr;
            nr.id = r.id;
            nr.parents = r.parents;
            nr.message = r.message;
            nr.branchLabels = r.labels;
            const Result<QString> path = writeRevision(scriptsDir(), nr);
            EXPECT_TRUE(path.ok()) << path.error().toString().toStdString();
        }
    }

    QString scriptsDir() const { return m_dir.filePath(QStringLiteral("versions")); }

    std::shared_ptr<const Workspace> load() const
    {
        auto ws = Workspace::load(m_dir.path());
        EXPECT_TRUE(ws.ok());
        if (!ws)
            return nullptr;
        EXPECT_TRUE((*ws)->problems().empty());
        return std::shared_ptr<const Workspace>(std::move(*ws));
    }

private:
    QTemporaryDir m_dir;
};

// A -> B -> C
const std::vector<Rev> kLinear = {
    {A, {}, QStringLiteral("create authors"), {QStringLiteral("core")}},
    {B, {A}, QStringLiteral("create books")},
    {C, {B}, QStringLiteral("add isbn")}};
// A -> B -> C, B -> D: two heads (C, D); B is not a head.
const std::vector<Rev> kForked = {
    {A, {}, QStringLiteral("create authors"), {QStringLiteral("core")}},
    {B, {A}, QStringLiteral("create books")},
    {C, {B}, QStringLiteral("add isbn")},
    {D, {B}, QStringLiteral("add prices")}};

template <typename T> T *child(const QObject &parent, const char *name)
{
    T *w = parent.findChild<T *>(QString::fromLatin1(name));
    EXPECT_NE(w, nullptr) << name;
    return w;
}

QPushButton *okButton(const QDialog &d)
{
    return child<QDialogButtonBox>(d, "buttonBox")->button(QDialogButtonBox::Ok);
}

// The label's text when it is shown to the user, else "".
QString shownText(const QDialog &d, const char *name)
{
    const auto *label = child<QLabel>(d, name);
    return label && label->isVisibleTo(&d) ? label->text() : QString();
}

void setChecked(QTreeWidget *view, const QString &id, bool checked)
{
    for (int i = 0; i < view->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = view->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == id)
            item->setCheckState(0, checked ? Qt::Checked : Qt::Unchecked);
    }
}

QStringList listedIds(const QTreeWidget *view)
{
    QStringList ids;
    for (int i = 0; i < view->topLevelItemCount(); ++i)
        ids.append(view->topLevelItem(i)->data(0, Qt::UserRole).toString());
    return ids;
}

Script readBack(const QString &path)
{
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
    Result<Script> s = parseScript(path, f.readAll());
    EXPECT_TRUE(s.ok()) << (s ? std::string() : s.error().toString().toStdString());
    return s ? *s : Script{};
}

void typeInto(const QDialog &d, const char *name, const QString &text)
{
    auto *edit = child<QLineEdit>(d, name);
    edit->clear();
    QTest::keyClicks(edit, text);
}

} // namespace

TEST(NewRevisionDialog, OkIsDisabledWhileTheMessageIsEmpty)
{
    ScratchProject project(kLinear);
    NewRevisionDialog dialog(project.load());
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_FALSE(dialog.canAccept());
    EXPECT_EQ(shownText(dialog, "messageError"), QStringLiteral("A message is required."));

    typeInto(dialog, "messageEdit", QStringLiteral("Add invoices"));
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(shownText(dialog, "messageError").isEmpty());

    typeInto(dialog, "messageEdit", QStringLiteral("   "));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    // A message the parser would take for a header line is refused too.
    typeInto(dialog, "messageEdit", QStringLiteral("Revision ID: x"));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_FALSE(shownText(dialog, "messageError").isEmpty());
}

TEST(NewRevisionDialog, TheSingleHeadIsPreselectedAndListedFirst)
{
    ScratchProject project(kLinear);
    NewRevisionDialog dialog(project.load());
    EXPECT_EQ(dialog.parents(), QStringList{C});
    EXPECT_EQ(listedIds(child<QTreeWidget>(dialog, "parentsView")), (QStringList{C, B, A}));
    EXPECT_FALSE(child<QCheckBox>(dialog, "newBaseCheck")->isChecked());
    EXPECT_TRUE(shownText(dialog, "parentsError").isEmpty());
    EXPECT_TRUE(dialog.revisionId().size() == 12);
}

TEST(NewRevisionDialog, WithTwoHeadsTheUserMustChoose)
{
    ScratchProject project(kForked);
    NewRevisionDialog dialog(project.load());
    typeInto(dialog, "messageEdit", QStringLiteral("Add invoices"));
    auto *view = child<QTreeWidget>(dialog, "parentsView");
    EXPECT_EQ(listedIds(view).mid(0, 2), (QStringList{C, D})); // heads first
    EXPECT_TRUE(dialog.parents().isEmpty());
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_FALSE(shownText(dialog, "parentsError").isEmpty());

    setChecked(view, D, true);
    EXPECT_EQ(dialog.parents(), QStringList{D});
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(shownText(dialog, "parentsError").isEmpty());

    // Choosing "new base" unticks the parents and is a valid choice.
    child<QCheckBox>(dialog, "newBaseCheck")->setChecked(true);
    EXPECT_TRUE(dialog.parents().isEmpty());
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    // Ticking a parent again leaves "new base".
    setChecked(view, C, true);
    EXPECT_FALSE(child<QCheckBox>(dialog, "newBaseCheck")->isChecked());
}

TEST(NewRevisionDialog, ANonHeadParentNeedsTheSpliceTick)
{
    ScratchProject project(kForked);
    NewRevisionDialog dialog(project.load());
    typeInto(dialog, "messageEdit", QStringLiteral("Fix books"));
    setChecked(child<QTreeWidget>(dialog, "parentsView"), B, true);
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(shownText(dialog, "parentsError").contains(QStringLiteral("not a head revision")))
        << shownText(dialog, "parentsError").toStdString();

    child<QCheckBox>(dialog, "spliceCheck")->setChecked(true);
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(shownText(dialog, "parentsError").isEmpty());
    dialog.show();
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    ASSERT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_EQ(readBack(dialog.writtenPath()).downRevisions, QStringList{B});
}

TEST(NewRevisionDialog, UnknownDependsOnIsRejectedInline)
{
    ScratchProject project(kLinear);
    NewRevisionDialog dialog(project.load());
    typeInto(dialog, "messageEdit", QStringLiteral("Add invoices"));
    typeInto(dialog, "dependsEdit", QStringLiteral("nosuch"));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(shownText(dialog, "dependsError").contains(QStringLiteral("nosuch")));

    typeInto(dialog, "dependsEdit", QStringLiteral("core"));
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(shownText(dialog, "dependsError").isEmpty());
}

TEST(NewRevisionDialog, TakenBranchLabelIsRejectedInline)
{
    ScratchProject project(kLinear);
    NewRevisionDialog dialog(project.load());
    typeInto(dialog, "messageEdit", QStringLiteral("Add invoices"));
    typeInto(dialog, "labelsEdit", QStringLiteral("billing, core"));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(shownText(dialog, "labelsError").contains(QStringLiteral("core")));
}

TEST(NewRevisionDialog, PreviewShowsTheFileNameAndText)
{
    ScratchProject project(kLinear);
    NewRevisionDialog dialog(project.load());
    typeInto(dialog, "messageEdit", QStringLiteral("Add invoices table"));
    typeInto(dialog, "labelsEdit", QStringLiteral("billing"));
    child<QCheckBox>(dialog, "transactionalCheck")->setChecked(false);

    const QString expectedName = dialog.revisionId() + QStringLiteral("_add_invoices_table.sql");
    EXPECT_EQ(child<QLineEdit>(dialog, "fileNameEdit")->text(),
              QDir::toNativeSeparators(QStringLiteral("versions/") + expectedName));
    auto *preview = child<QPlainTextEdit>(dialog, "previewEdit");
    EXPECT_TRUE(preview->isReadOnly());
    EXPECT_EQ(preview->font().family(),
              QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    const QString text = preview->toPlainText();
    EXPECT_TRUE(text.startsWith(QStringLiteral("-- Add invoices table\n"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("-- Revision ID: ") + dialog.revisionId()));
    EXPECT_TRUE(text.contains(QStringLiteral("-- Revises: ") + C));
    EXPECT_TRUE(text.contains(QStringLiteral("-- Branch Labels: billing")));
    EXPECT_TRUE(text.contains(QStringLiteral("-- Transactional: false")));
}

TEST(NewRevisionDialog, AcceptingWritesAScriptThatParsesBack)
{
    ScratchProject project(kForked);
    NewRevisionDialog dialog(project.load());
    const QString id = dialog.revisionId();
    QString signalled;
    QObject::connect(&dialog, &NewRevisionDialog::revisionWritten,
                     [&](const QString &path) { signalled = path; });
    typeInto(dialog, "messageEdit", QStringLiteral("Add invoices"));
    auto *view = child<QTreeWidget>(dialog, "parentsView");
    setChecked(view, C, true);
    setChecked(view, D, true); // two parents: a merge through the general dialog
    typeInto(dialog, "labelsEdit", QStringLiteral("billing, invoices"));
    typeInto(dialog, "dependsEdit", QStringLiteral("core, bbbb")); // label kept, prefix resolved
    child<QCheckBox>(dialog, "transactionalCheck")->setChecked(false);
    ASSERT_TRUE(okButton(dialog)->isEnabled());
    dialog.show();
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);

    ASSERT_EQ(dialog.result(), QDialog::Accepted) << shownText(dialog, "writeError").toStdString();
    EXPECT_FALSE(dialog.isVisible());
    const QString path = dialog.writtenPath();
    EXPECT_EQ(signalled, path);
    EXPECT_EQ(QFileInfo(path).fileName(), id + QStringLiteral("_add_invoices.sql"));
    EXPECT_EQ(QFileInfo(path).absolutePath(), QFileInfo(project.scriptsDir()).absoluteFilePath());

    const Script s = readBack(path);
    EXPECT_EQ(s.revision, id);
    EXPECT_EQ(s.message, QStringLiteral("Add invoices"));
    EXPECT_EQ(s.downRevisions, (QStringList{C, D}));
    EXPECT_EQ(s.branchLabels, (QStringList{QStringLiteral("billing"), QStringLiteral("invoices")}));
    EXPECT_EQ(s.dependsOn, (QStringList{QStringLiteral("core"), B}));
    EXPECT_FALSE(s.transactional);

    // The project loads cleanly with the new revision as its only head.
    auto ws = project.load();
    ASSERT_TRUE(ws);
    ASSERT_EQ(ws->graph().heads().size(), 1u);
    EXPECT_EQ(ws->graph().at(ws->graph().heads().front()).id, id);
}

TEST(NewRevisionDialog, InAnEmptyProjectTheRevisionIsTheFirstBase)
{
    ScratchProject project({});
    NewRevisionDialog dialog(project.load());
    auto *newBase = child<QCheckBox>(dialog, "newBaseCheck");
    EXPECT_TRUE(newBase->isChecked());
    EXPECT_FALSE(newBase->isEnabled());
    typeInto(dialog, "messageEdit", QStringLiteral("Initial schema"));
    dialog.show();
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    ASSERT_EQ(dialog.result(), QDialog::Accepted);
    EXPECT_TRUE(readBack(dialog.writtenPath()).downRevisions.isEmpty());
}

TEST(NewRevisionDialog, TheFilterHidesOtherRevisionsButNotTickedOnes)
{
    ScratchProject project(kForked);
    NewRevisionDialog dialog(project.load());
    auto *view = child<QTreeWidget>(dialog, "parentsView");
    setChecked(view, C, true);
    typeInto(dialog, "parentsFilter", QStringLiteral("BOOKS"));
    QStringList shown;
    for (int i = 0; i < view->topLevelItemCount(); ++i)
        if (!view->topLevelItem(i)->isHidden())
            shown.append(view->topLevelItem(i)->data(0, Qt::UserRole).toString());
    EXPECT_EQ(shown, (QStringList{C, B}));
    EXPECT_EQ(dialog.parents(), QStringList{C});
}

TEST(NewRevisionDialog, SetParentsTicksTheGivenRevisions)
{
    ScratchProject project(kForked);
    NewRevisionDialog dialog(project.load());
    dialog.setParents({D});
    EXPECT_EQ(dialog.parents(), QStringList{D});
    dialog.setParents({});
    EXPECT_TRUE(dialog.parents().isEmpty());
    EXPECT_TRUE(child<QCheckBox>(dialog, "newBaseCheck")->isChecked());
}

TEST(NewRevisionDialog, AWriteErrorKeepsTheDialogOpenWithTheFormIntact)
{
    ScratchProject project(kLinear);
    NewRevisionDialog dialog(project.load());
    typeInto(dialog, "messageEdit", QStringLiteral("Add invoices"));
    // Someone else used the id meanwhile: writeRevision() refuses to reuse it.
    QFile clash(
        QDir(project.scriptsDir()).filePath(dialog.revisionId() + QStringLiteral("_x.sql")));
    ASSERT_TRUE(clash.open(QIODevice::WriteOnly));
    clash.close();

    dialog.show();
    ASSERT_TRUE(okButton(dialog)->isEnabled());
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    EXPECT_NE(dialog.result(), QDialog::Accepted);
    EXPECT_TRUE(dialog.isVisible());
    EXPECT_TRUE(dialog.writtenPath().isEmpty());
    const QString error = shownText(dialog, "writeError");
    EXPECT_TRUE(error.contains(dialog.revisionId())) << error.toStdString();
    EXPECT_EQ(child<QLineEdit>(dialog, "messageEdit")->text(), QStringLiteral("Add invoices"));
    EXPECT_EQ(QDir(project.scriptsDir()).entryList({QStringLiteral("*.sql")}).size(), 4);
    dialog.reject();
}

TEST(MergeHeadsDialog, ListsTheHeadsAllTickedWithADefaultMessage)
{
    ScratchProject project(kForked);
    MergeHeadsDialog dialog(project.load());
    EXPECT_TRUE(dialog.hasSomethingToMerge());
    EXPECT_EQ(listedIds(child<QTreeWidget>(dialog, "headsView")), (QStringList{C, D}));
    EXPECT_EQ(dialog.ticked(), (QStringList{C, D}));
    EXPECT_EQ(child<QLineEdit>(dialog, "messageEdit")->text(),
              QStringLiteral("merge ") + C + u' ' + D);
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_TRUE(child<QPlainTextEdit>(dialog, "previewEdit")
                    ->toPlainText()
                    .contains(QStringLiteral("-- Revises: ") + C + QStringLiteral(", ") + D));
}

TEST(MergeHeadsDialog, NeedsAtLeastTwoHeadsTicked)
{
    ScratchProject project(kForked);
    MergeHeadsDialog dialog(project.load());
    setChecked(child<QTreeWidget>(dialog, "headsView"), D, false);
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    EXPECT_FALSE(shownText(dialog, "headsError").isEmpty());
    EXPECT_EQ(child<QLineEdit>(dialog, "messageEdit")->text(), QStringLiteral("merge ") + C);
}

TEST(MergeHeadsDialog, WritesAMergeOfTheTickedHeads)
{
    // Three heads: C, D and E (a second base); merge only D and E.
    std::vector<Rev> revs = kForked;
    revs.push_back({E, {}, QStringLiteral("audit log"), {QStringLiteral("audit")}});
    ScratchProject project(revs);
    MergeHeadsDialog dialog(project.load());
    EXPECT_EQ(dialog.ticked(), (QStringList{C, D, E}));
    setChecked(child<QTreeWidget>(dialog, "headsView"), C, false);
    EXPECT_EQ(child<QLineEdit>(dialog, "messageEdit")->text(),
              QStringLiteral("merge ") + D + u' ' + E);
    typeInto(dialog, "messageEdit", QStringLiteral("Merge prices and audit"));
    setChecked(child<QTreeWidget>(dialog, "headsView"), C, true);
    setChecked(child<QTreeWidget>(dialog, "headsView"), C, false);
    // A message the user typed is kept when the ticks change.
    EXPECT_EQ(child<QLineEdit>(dialog, "messageEdit")->text(),
              QStringLiteral("Merge prices and audit"));
    dialog.show();
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    ASSERT_EQ(dialog.result(), QDialog::Accepted) << shownText(dialog, "writeError").toStdString();

    const Script s = readBack(dialog.writtenPath());
    EXPECT_EQ(s.revision, dialog.revisionId());
    EXPECT_EQ(s.downRevisions, (QStringList{D, E}));
    EXPECT_EQ(s.message, QStringLiteral("Merge prices and audit"));
    auto ws = project.load();
    ASSERT_TRUE(ws);
    QStringList heads = ws->graph().ids(ws->graph().heads());
    heads.sort();
    QStringList expected{C, dialog.revisionId()};
    expected.sort();
    EXPECT_EQ(heads, expected);
}

TEST(MergeHeadsDialog, WithOneHeadThereIsNothingToMerge)
{
    ScratchProject project(kLinear);
    MergeHeadsDialog dialog(project.load());
    EXPECT_FALSE(dialog.hasSomethingToMerge());
    EXPECT_FALSE(dialog.canAccept());
    EXPECT_FALSE(okButton(dialog)->isVisibleTo(&dialog));
    EXPECT_TRUE(shownText(dialog, "summaryLabel").contains(QStringLiteral("Nothing to merge")));
    dialog.accept(); // ignored
    EXPECT_TRUE(dialog.writtenPath().isEmpty());
    EXPECT_EQ(QDir(project.scriptsDir()).entryList({QStringLiteral("*.sql")}).size(), 3);
}

TEST(MergeHeadsDialog, AWriteErrorKeepsTheDialogOpen)
{
    ScratchProject project(kForked);
    MergeHeadsDialog dialog(project.load());
    QFile clash(QDir(project.scriptsDir()).filePath(dialog.revisionId() + QStringLiteral(".sql")));
    ASSERT_TRUE(clash.open(QIODevice::WriteOnly));
    clash.close();
    dialog.show();
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    EXPECT_NE(dialog.result(), QDialog::Accepted);
    EXPECT_TRUE(dialog.isVisible());
    EXPECT_TRUE(shownText(dialog, "writeError").contains(dialog.revisionId()));
    EXPECT_TRUE(dialog.writtenPath().isEmpty());
    dialog.reject();
}

// Saves pictures of both dialogs, filled with sample data, for a person to look at. Runs only when
// RETORT_SCREENSHOT_DIR names a folder.
TEST(RevisionDialogs, Screenshots)
{
    const QString dir = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (dir.isEmpty())
        GTEST_SKIP() << "set RETORT_SCREENSHOT_DIR to save screenshots";
    std::vector<Rev> revs = kForked;
    revs.push_back({E, {}, QStringLiteral("audit log"), {QStringLiteral("audit")}});
    ScratchProject project(revs);

    NewRevisionDialog newRevision(project.load());
    newRevision.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&newRevision));
    typeInto(newRevision, "messageEdit", QStringLiteral("Add invoices table"));
    setChecked(child<QTreeWidget>(newRevision, "parentsView"), C, true);
    typeInto(newRevision, "labelsEdit", QStringLiteral("billing"));
    typeInto(newRevision, "dependsEdit", QStringLiteral("audit, nosuch"));
    QTest::qWait(50); // let the layouts settle
    EXPECT_TRUE(newRevision.grab().save(dir + QStringLiteral("/new-revision.png")));
    setChecked(child<QTreeWidget>(newRevision, "parentsView"), C, false);
    typeInto(newRevision, "messageEdit", QString());
    typeInto(newRevision, "dependsEdit", QString());
    QTest::qWait(50); // let the layouts settle
    EXPECT_TRUE(newRevision.grab().save(dir + QStringLiteral("/new-revision-empty.png")));

    MergeHeadsDialog merge(project.load());
    merge.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&merge));
    EXPECT_TRUE(merge.grab().save(dir + QStringLiteral("/merge-heads.png")));

    ScratchProject single(kLinear);
    MergeHeadsDialog nothing(single.load());
    nothing.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&nothing));
    EXPECT_TRUE(nothing.grab().save(dir + QStringLiteral("/merge-heads-nothing.png")));
}
