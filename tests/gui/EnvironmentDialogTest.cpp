// Environment ▸ Add / Edit / Remove: the dialog writes retort.toml through the core (comments
// kept), Test Connection reports what it found, and the window reloads with the result.

#include "EnvironmentDialog.h"
#include "EnvironmentPanel.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "PasswordDialog.h"

#include "db/ConnectionProbe.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace guitest;
using retort::ProbeResult;
using retort::gui::EnvironmentDialog;
using retort::gui::EnvironmentPanel;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

class EnvironmentDialogTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(copyTree(kDemo, m_dir.path()));
        for (const QString &db : QDir(m_dir.path()).entryList({QStringLiteral("*.db")}))
            QFile::remove(m_dir.filePath(db));
        m_window.show();
        m_window.openProject(m_dir.path());
        ASSERT_TRUE(waitLoaded(m_window));
    }
    QString toml() const { return m_dir.filePath(QStringLiteral("retort.toml")); }
    QTemporaryDir m_dir;
    MainWindow m_window;
};

TEST_F(EnvironmentDialogTest, FieldsFollowTheDriverAndSaveNeedsNameAndDatabase)
{
    EnvironmentDialog dialog(m_window.revisionModel()->workspace(), {});
    dialog.show();
    auto *save = dialog.findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))
                     ->button(QDialogButtonBox::Save);
    auto *host = child<QLineEdit>(dialog, "hostEdit");
    auto *ssh = child<QGroupBox>(dialog, "sshGroup");
    EXPECT_FALSE(save->isEnabled());
    EXPECT_FALSE(host->isVisible()); // SQLite has no server
    EXPECT_FALSE(ssh->isVisible());
    child<QLineEdit>(dialog, "nameEdit")->setText(QStringLiteral("qa"));
    EXPECT_FALSE(save->isEnabled());
    child<QLineEdit>(dialog, "databaseEdit")->setText(QStringLiteral("qa.db"));
    EXPECT_TRUE(save->isEnabled());
    auto *driver = child<QComboBox>(dialog, "driverCombo");
    driver->setCurrentIndex(driver->findData(QStringLiteral("postgresql")));
    EXPECT_TRUE(host->isVisible());
    EXPECT_TRUE(ssh->isVisible());
    ssh->setChecked(true);
    child<QLineEdit>(dialog, "sshHostEdit")->setText(QStringLiteral("bastion"));
    const retort::EnvironmentSpec spec = dialog.spec();
    EXPECT_EQ(spec.driver, QStringLiteral("postgresql"));
    ASSERT_TRUE(spec.ssh.has_value());
    EXPECT_EQ(spec.ssh->host, QStringLiteral("bastion"));
    EXPECT_EQ(spec.ssh->port, 22);
}

TEST_F(EnvironmentDialogTest, AddEditAndRemoveAnEnvironment)
{
    const QByteArray before = readAll(toml());
    ASSERT_TRUE(before.contains("# Two more SQLite files")); // a comment that must survive

    // Add "qa".
    auto *add = m_window.findChild<QAction *>(QStringLiteral("actionAddEnvironment"));
    ASSERT_TRUE(add && add->isEnabled());
    auto answer = answerModal([](QDialog *d) {
        auto *dialog = qobject_cast<EnvironmentDialog *>(d);
        if (!dialog)
            return false;
        child<QLineEdit>(*dialog, "nameEdit")->setText(QStringLiteral("qa"));
        child<QLineEdit>(*dialog, "databaseEdit")->setText(QStringLiteral("qa.db"));
        dialog->accept();
        return true;
    });
    add->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto &ws = m_window.revisionModel()->workspace();
            return ws && ws->project().environment(QStringLiteral("qa"));
        },
        15000));
    QByteArray after = readAll(toml());
    EXPECT_TRUE(after.startsWith(before)); // appended; nothing else touched
    EXPECT_TRUE(after.endsWith("[environments.qa]\ndriver = \"sqlite\"\ndatabase = \"qa.db\"\n"));
    auto *combo = m_window.findChild<QComboBox *>(QStringLiteral("environmentCombo"));
    EXPECT_EQ(combo->currentData().toString(), QStringLiteral("qa")); // the new one is chosen
    auto *panel = m_window.findChild<EnvironmentPanel *>(QStringLiteral("environments"));
    EXPECT_TRUE(panel->itemFor(QStringLiteral("qa")));

    // Edit it: protected, and a name already taken is refused inside the dialog.
    auto *edit = m_window.findChild<QAction *>(QStringLiteral("actionEditEnvironment"));
    QString refusal;
    answer = answerModal([&](QDialog *d) {
        auto *dialog = qobject_cast<EnvironmentDialog *>(d);
        if (!dialog)
            return false;
        child<QLineEdit>(*dialog, "nameEdit")->setText(QStringLiteral("staging"));
        dialog->accept(); // refused: stays open
        refusal = child<QLabel>(*dialog, "errorLabel")->text();
        child<QLineEdit>(*dialog, "nameEdit")->setText(QStringLiteral("qa"));
        child<QCheckBox>(*dialog, "protectedCheck")->setChecked(true);
        dialog->accept();
        return true;
    });
    edit->trigger();
    EXPECT_TRUE(refusal.contains(QStringLiteral("already exists"))) << refusal.toStdString();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto *env =
                m_window.revisionModel()->workspace()->project().environment(QStringLiteral("qa"));
            return env && env->isProtected;
        },
        15000));
    EXPECT_TRUE(readAll(toml()).endsWith("database = \"qa.db\"\nprotected = true\n"));

    // Remove it, after saying yes.
    auto *remove = m_window.findChild<QAction *>(QStringLiteral("actionRemoveEnvironment"));
    answer = answerModal([](QDialog *d) {
        auto *box = qobject_cast<QMessageBox *>(d);
        if (!box)
            return false;
        box->button(QMessageBox::Yes)->click();
        return true;
    });
    remove->trigger();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return !m_window.revisionModel()->workspace()->project().environment(
                QStringLiteral("qa"));
        },
        15000));
    EXPECT_EQ(readAll(toml()), before);
}

TEST_F(EnvironmentDialogTest, TestConnectionSaysWhatItFound)
{
    EnvironmentDialog dialog(m_window.revisionModel()->workspace(), QStringLiteral("local"));
    dialog.show();
    std::vector<ProbeResult> results;
    QObject::connect(&dialog, &EnvironmentDialog::testFinished,
                     [&](const ProbeResult &r) { results.push_back(r); });
    auto waitResult = [&](size_t n) {
        return QTest::qWaitFor([&] { return results.size() >= n; }, 10000);
    };
    auto *test = child<QPushButton>(dialog, "testButton");
    auto *result = child<QLabel>(dialog, "testResult");

    test->click(); // bookshop.db does not exist yet
    ASSERT_TRUE(waitResult(1));
    EXPECT_EQ(results.back().kind, ProbeResult::Kind::NotCreatedYet)
        << result->text().toStdString();
    EXPECT_TRUE(result->text().contains(QStringLiteral("does not exist yet")));
    EXPECT_FALSE(QFile::exists(m_dir.filePath(QStringLiteral("bookshop.db"))));

    // Not a database at all: a failure with the driver's words.
    QFile junk(m_dir.filePath(QStringLiteral("bookshop.db")));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(8192, 'x'));
    junk.close();
    test->click();
    ASSERT_TRUE(waitResult(2));
    EXPECT_EQ(results.back().kind, ProbeResult::Kind::Failed);
    EXPECT_FALSE(results.back().message.isEmpty());
    EXPECT_TRUE(result->text().startsWith(QStringLiteral("Failed:")))
        << result->text().toStdString();
}

TEST(ConnectionProbe, ErrorsAreClassifiedByTheirKindNotTheirText)
{
    using K = ProbeResult::Kind;
    // The same English text with another kind is classified by the kind: a server answering in
    // German still gets the right result.
    const retort::Error german(QStringLiteral("Passwort-Authentifizierung fehlgeschlagen"));
    EXPECT_EQ(retort::probeKindOf(german), K::Failed);
    EXPECT_EQ(retort::probeKindOf(german.as(retort::ErrorKind::DatabaseAuthFailed, "28P01")),
              K::AuthFailed);
    EXPECT_EQ(retort::probeKindOf(retort::Error("x").as(retort::ErrorKind::SshAuthFailed)),
              K::AuthFailed);
    EXPECT_EQ(retort::probeKindOf(retort::Error("x").as(retort::ErrorKind::ConnectionRefused)),
              K::Unreachable);
    EXPECT_EQ(retort::probeKindOf(retort::Error("timeout expired").as(retort::ErrorKind::Timeout)),
              K::Timeout);
    EXPECT_EQ(retort::probeKindOf(retort::Error("file is not a database")), K::Failed);
}

} // namespace

TEST(EnvironmentDialogScreens, Screenshot)
{
    const QString dir = qEnvironmentVariable("RETORT_SCREENSHOT_DIR");
    if (dir.isEmpty())
        GTEST_SKIP() << "set RETORT_SCREENSHOT_DIR to save screenshots";
    auto ws = loadDirectly(kDemo);
    EnvironmentDialog dialog(std::shared_ptr<const retort::Workspace>(std::move(ws)), {});
    child<QLineEdit>(dialog, "nameEdit")->setText(QStringLiteral("production"));
    auto *driver = child<QComboBox>(dialog, "driverCombo");
    driver->setCurrentIndex(driver->findData(QStringLiteral("postgresql")));
    child<QLineEdit>(dialog, "databaseEdit")->setText(QStringLiteral("bookshop"));
    child<QLineEdit>(dialog, "hostEdit")->setText(QStringLiteral("10.0.0.5"));
    child<QLineEdit>(dialog, "userEdit")->setText(QStringLiteral("bookshop"));
    child<QGroupBox>(dialog, "sshGroup")->setChecked(true);
    child<QLineEdit>(dialog, "sshHostEdit")->setText(QStringLiteral("bastion.example.com"));
    child<QLineEdit>(dialog, "sshUserEdit")->setText(QStringLiteral("deploy"));
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    EXPECT_TRUE(dialog.grab().save(dir + QStringLiteral("/environment.png")));
    retort::gui::PasswordDialog pw(QStringLiteral("Database Password"),
                                   QStringLiteral("Password for bookshop@10.0.0.5 (environment "
                                                  "production):"),
                                   false,
                                   QStringLiteral("The system keychain cannot be used (no D-Bus "
                                                  "session). What you type is kept in memory for "
                                                  "this session only, never written to disk."));
    pw.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&pw));
    EXPECT_TRUE(pw.grab().save(dir + QStringLiteral("/password.png")));
}
