// The detail pane on its own: links that follow the palette, values that wrap in a narrow pane.

#include "RevisionDetail.h"
#include "Appearance.h"
#include "EditorLauncher.h"
#include "GuiTestSupport.h"

#include "graph/RevisionGraph.h"

#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPalette>
#include <QPushButton>
#include <QTemporaryDir>
#include <QToolButton>

#include <gtest/gtest.h>

using namespace guitest;
using retort::gui::Appearance;
using retort::gui::RevisionDetail;

namespace {

const QString kLoyalty = QStringLiteral("2a8091e12ecd"); // one parent, one child

// How many pixels of `widget` are within `tolerance` (per channel) of `color`.
int pixelsNear(QWidget &widget, const QColor &color, int tolerance = 24)
{
    const QImage image = widget.grab().toImage();
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) <= tolerance &&
                std::abs(c.green() - color.green()) <= tolerance &&
                std::abs(c.blue() - color.blue()) <= tolerance)
                ++count;
        }
    return count;
}

std::shared_ptr<const Workspace> demo()
{
    return std::shared_ptr<const Workspace>(loadDirectly(kDemo));
}

TEST(RevisionDetail, LinksTakeThePalettesLinkColourAndFollowAPaletteChange)
{
    retort::gui::applyAppearance(Appearance::Light);
    RevisionDetail detail;
    detail.resize(1000, 420);
    detail.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&detail));
    const auto ws = demo();
    ASSERT_TRUE(ws);
    detail.setRevision(ws, ws->graph().indexOf(kLoyalty));
    auto *parents = child<QLabel>(detail, "parentsLabel");
    auto *children = child<QLabel>(detail, "childrenLabel");
    ASSERT_TRUE(parents && children);

    // Switched to the dark palette while the revision is shown: the links are redrawn in the
    // dark palette's link colour (light blue), not the light palette's dark blue.
    const QColor lightLink = QApplication::palette().color(QPalette::Link);
    retort::gui::applyAppearance(Appearance::Dark);
    QApplication::processEvents();
    const QColor darkLink = QApplication::palette().color(QPalette::Link);
    ASSERT_NE(lightLink, darkLink);
    for (QLabel *label : {parents, children}) {
        EXPECT_GT(pixelsNear(*label, darkLink), 10) << label->objectName().toStdString();
        EXPECT_EQ(pixelsNear(*label, lightLink, 8), 0) << label->objectName().toStdString();
    }

    // And back.
    retort::gui::applyAppearance(Appearance::Light);
    QApplication::processEvents();
    EXPECT_GT(pixelsNear(*parents, lightLink), 10);
    EXPECT_EQ(pixelsNear(*parents, darkLink, 8), 0);
    retort::gui::applyAppearance(Appearance::System);
}

// Sets environment variables for the life of the object, then restores them.
class ScopedEnv {
public:
    void set(const char *name, const QString &value)
    {
        if (!m_saved.contains(name))
            m_saved.insert(name, qEnvironmentVariableIsSet(name)
                                     ? std::optional<QByteArray>(qgetenv(name))
                                     : std::nullopt);
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value.toLocal8Bit());
    }
    ~ScopedEnv()
    {
        for (auto it = m_saved.begin(); it != m_saved.end(); ++it) {
            if (it.value())
                qputenv(it.key(), *it.value());
            else
                qunsetenv(it.key());
        }
    }

private:
    QHash<const char *, std::optional<QByteArray>> m_saved;
};

// The detail pane showing the demo's loyalty revision, and a scratch folder for fake programs
// (on PATH only when a test puts it there). No editor is chosen, $VISUAL and $EDITOR are unset.
class OpenInEditorTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_bin.isValid());
        retort::gui::setChosenEditor({});
        m_env.set("VISUAL", QString());
        m_env.set("EDITOR", QString());
        m_workspace = demo();
        ASSERT_TRUE(m_workspace);
        m_detail.show();
        m_detail.setRevision(m_workspace, m_workspace->graph().indexOf(kLoyalty));
        m_script = m_workspace->script(kLoyalty)->path;
    }
    void TearDown() override { retort::gui::setChosenEditor({}); }

    // A program in the scratch folder that writes its arguments, one a line, to `marker()`.
    QString fakeProgram(const QString &name)
    {
        const QString path = m_bin.filePath(name);
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$@\" > '%1'\n")
                    .arg(marker())
                    .toLocal8Bit());
        f.close();
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        return path;
    }
    QString marker() const { return m_bin.filePath(QStringLiteral("marker")); }
    // The arguments the fake program was started with (waits for it).
    QStringList startedWith()
    {
        if (!QTest::qWaitFor([&] { return QFileInfo(marker()).size() > 0; }, 5000))
            return {};
        QFile f(marker());
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromLocal8Bit(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    }
    void clickOpen() { child<QToolButton>(m_detail, "openButton")->click(); }

    QTemporaryDir m_bin;
    ScopedEnv m_env;
    std::shared_ptr<const Workspace> m_workspace;
    RevisionDetail m_detail;
    QString m_script;
};

TEST_F(OpenInEditorTest, TheChosenEditorOpensTheScript)
{
    retort::gui::setChosenEditor(fakeProgram(QStringLiteral("my-editor")));
    m_env.set("EDITOR", fakeProgram(QStringLiteral("not-this-one")));
    clickOpen();
    EXPECT_EQ(startedWith(), QStringList{m_script});
}

TEST_F(OpenInEditorTest, VisualOrEditorIsHonouredWithItsArguments)
{
    m_env.set("EDITOR", fakeProgram(QStringLiteral("fake-editor")) + QStringLiteral(" --wait"));
    clickOpen();
    EXPECT_EQ(startedWith(), (QStringList{QStringLiteral("--wait"), m_script}));
}

TEST_F(OpenInEditorTest, ATerminalEditorRunsInATerminal)
{
    const QString nano = fakeProgram(QStringLiteral("nano"));
    fakeProgram(QStringLiteral("x-terminal-emulator"));
    m_env.set("PATH", m_bin.path());
    m_env.set("EDITOR", QStringLiteral("nano"));
    clickOpen();
    EXPECT_EQ(startedWith(), (QStringList{QStringLiteral("-e"), nano, m_script}));
}

// Answers the next message box: records its texts, then presses the button named `press`
// (empty: the Cancel button).
struct MessageAnswer {
    QString text, informative;
    std::shared_ptr<QTimer> timer;
    explicit MessageAnswer(const QString &press)
    {
        timer = answerModal([this, press](QDialog *d) {
            auto *box = qobject_cast<QMessageBox *>(d);
            if (!box)
                return false;
            text = box->text();
            informative = box->informativeText();
            for (QAbstractButton *b : box->buttons()) {
                const bool wanted = press.isEmpty() ? box->buttonRole(b) == QMessageBox::RejectRole
                                                    : b->text() == press;
                if (wanted) {
                    b->click();
                    return true;
                }
            }
            return false;
        });
    }
};

TEST_F(OpenInEditorTest, WhenNothingCanOpenItTheWindowSaysSoAndOffersToChoose)
{
    m_env.set("PATH", m_bin.path()); // no xdg-open, no editor
    m_env.set("EDITOR", QStringLiteral("vim"));
    MessageAnswer answer(QStringLiteral("Choose Editor…"));
    // Then the file dialog: the fake editor is chosen.
    const QString editor = fakeProgram(QStringLiteral("chosen-editor"));
    auto pick = answerModal([&](QDialog *d) {
        auto *dialog = qobject_cast<QFileDialog *>(d);
        if (!dialog || dialog->objectName() != u"editorChooser")
            return false;
        // Typed as a user would (selectFile() leaves a focused file name field alone).
        if (auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")))
            name->setText(editor);
        if (dialog->selectedFiles() != QStringList{editor})
            return false;
        static_cast<QDialog *>(dialog)->done(QDialog::Accepted);
        return true;
    });
    clickOpen();
    EXPECT_TRUE(answer.text.contains(QFileInfo(m_script).fileName())) << answer.text.toStdString();
    EXPECT_TRUE(answer.informative.contains(QStringLiteral("No program is associated with .sql")))
        << answer.informative.toStdString();
    EXPECT_TRUE(answer.informative.contains(QStringLiteral("$EDITOR names vim")))
        << answer.informative.toStdString();
    // The choice is remembered and used at once.
    EXPECT_EQ(retort::gui::chosenEditor(), editor);
    EXPECT_EQ(startedWith(), QStringList{m_script});
}

TEST_F(OpenInEditorTest, AnEditorThatFailsToStartIsReported)
{
    const QString broken = m_bin.filePath(QStringLiteral("broken-editor"));
    QFile f(broken);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("\x7f"
            "ELF this is not a program\n");
    f.close();
    f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    retort::gui::setChosenEditor(broken);
    MessageAnswer answer{QString()};
    clickOpen();
    EXPECT_TRUE(answer.informative.contains(QStringLiteral("could not be started")))
        << answer.informative.toStdString();
    EXPECT_TRUE(answer.informative.contains(broken)) << answer.informative.toStdString();
}

TEST(RevisionDetail, AnEmptyUpgradeSectionIsFlagged)
{
    QTemporaryDir dir;
    ASSERT_TRUE(QDir(dir.path()).mkdir(QStringLiteral("versions")));
    auto write = [&](const QString &name, const QByteArray &text) {
        QFile f(dir.filePath(name));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write(QStringLiteral("retort.toml"), "[project]\nname = \"p\"\nscripts = \"versions\"\n");
    write(QStringLiteral("versions/aaaa00000001_one.sql"),
          "-- One\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\n"
          "-- TODO: write it\n\n-- migrate:downgrade\nDROP TABLE one;\n");
    const std::shared_ptr<const Workspace> ws(loadDirectly(dir.path()));
    ASSERT_TRUE(ws);
    RevisionDetail detail;
    detail.show();
    detail.setRevision(ws, ws->graph().indexOf(QStringLiteral("aaaa00000001")));
    auto *upgrade = child<QLabel>(detail, "upgradeTitle");
    auto *downgrade = child<QLabel>(detail, "downgradeTitle");
    ASSERT_TRUE(upgrade && downgrade);
    EXPECT_TRUE(upgrade->text().contains(QStringLiteral("empty: applying it only moves the "
                                                        "version table")))
        << upgrade->text().toStdString();
    EXPECT_FALSE(downgrade->text().contains(QStringLiteral("empty")))
        << downgrade->text().toStdString();
}

} // namespace
