// Secrets in the window: the CredentialBroker's order (session, keychain, the user) with a
// SecretStore that can fail on demand, and a real PostgreSQL environment behind a password —
// asked once, remembered in the keychain, and never written to retort.toml, the settings or the
// log.

#include "CredentialBroker.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "PasswordDialog.h"
#include "PostgresMariaDbSupport.h"

#include "secrets/SecretStore.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace guitest;
using retort::ConnectionSecrets;
using retort::Environment;
using retort::MemorySecretStore;
using retort::SecretKind;
using retort::SecretResult;
using retort::gui::CredentialBroker;
using retort::gui::PasswordDialog;

namespace {

Environment serverEnv(const char *name = "prod")
{
    Environment env;
    env.name = QString::fromLatin1(name);
    env.driver = QStringLiteral("postgresql");
    env.host = QStringLiteral("db.example.com");
    env.user = QStringLiteral("app");
    env.database = QStringLiteral("shop");
    return env;
}

// Runs obtain() to completion.
std::optional<ConnectionSecrets> obtain(CredentialBroker &broker, const Environment &env,
                                        CredentialBroker::Mode mode)
{
    std::optional<std::optional<ConnectionSecrets>> out;
    broker.obtain(QStringLiteral("shop"), env, mode, nullptr,
                  [&](std::optional<ConnectionSecrets> s) { out = s; });
    EXPECT_TRUE(QTest::qWaitFor([&] { return out.has_value(); }, 10000));
    return out ? *out : std::nullopt;
}

// Types `secret` into the next PasswordDialog; records what it offered.
struct Typist {
    bool rememberOffered = false;
    QString note;
    int asked = 0;
    std::shared_ptr<QTimer> timer;
    Typist(const QString &secret, bool remember, bool cancel = false)
    {
        timer = answerModal([this, secret, remember, cancel](QDialog *d) {
            auto *dialog = qobject_cast<PasswordDialog *>(d);
            if (!dialog)
                return false;
            ++asked;
            auto *box = dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"));
            rememberOffered = box->isEnabled();
            note = dialog->findChild<QLabel *>(QStringLiteral("keychainNote"))->text();
            box->setChecked(remember);
            dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(secret);
            cancel ? dialog->reject() : dialog->accept();
            return true;
        });
    }
};

} // namespace

TEST(CredentialBroker, SqliteNeedsNothingAndServersNeedAPassword)
{
    Environment sqlite;
    sqlite.driver = QStringLiteral("sqlite");
    EXPECT_FALSE(CredentialBroker::needsDatabasePassword(sqlite));
    EXPECT_TRUE(CredentialBroker::needsDatabasePassword(serverEnv()));
    Environment tunnel = serverEnv();
    tunnel.ssh = retort::SshConfig{};
    tunnel.ssh->host = QStringLiteral("bastion");
    tunnel.ssh->agent = true;
    EXPECT_FALSE(CredentialBroker::needsSshSecret(tunnel)); // the agent has the key
    tunnel.ssh->agent = false;
    EXPECT_TRUE(CredentialBroker::needsSshSecret(tunnel));
}

TEST(CredentialBroker, KeychainFirstThenTheUserWhoMayRememberIt)
{
    MemorySecretStore store;
    CredentialBroker broker(&store, nullptr);
    const QString key =
        retort::secretKey(QStringLiteral("shop"), QStringLiteral("prod"), SecretKind::Database);

    // Silent: nothing stored means no password, and nobody is asked.
    auto s = obtain(broker, serverEnv(), CredentialBroker::Mode::Silent);
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->password.isEmpty());

    // MayAsk: the user types it and ticks Remember: it lands in the keychain.
    Typist typist(QStringLiteral("tiger"), true);
    s = obtain(broker, serverEnv(), CredentialBroker::Mode::MayAsk);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->password, QStringLiteral("tiger"));
    EXPECT_EQ(typist.asked, 1);
    EXPECT_TRUE(typist.rememberOffered);
    ASSERT_TRUE(QTest::qWaitFor([&] { return store.secrets().contains(key); }, 5000));
    EXPECT_EQ(store.secrets().value(key), QStringLiteral("tiger"));

    // A fresh broker (a new session) finds it in the keychain without asking.
    CredentialBroker later(&store, nullptr);
    Typist none(QStringLiteral("never"), false);
    s = obtain(later, serverEnv(), CredentialBroker::Mode::MayAsk);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->password, QStringLiteral("tiger"));
    EXPECT_EQ(none.asked, 0);
    none.timer->stop();

    // Refused by the server: forgotten here and in the keychain, so it is asked again.
    later.forget(QStringLiteral("shop"), QStringLiteral("prod"), SecretKind::Database);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !store.secrets().contains(key); }, 5000));
    Typist again(QStringLiteral("lion"), false);
    s = obtain(later, serverEnv(), CredentialBroker::Mode::MayAsk);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->password, QStringLiteral("lion"));
    EXPECT_EQ(again.asked, 1);
    EXPECT_FALSE(store.secrets().contains(key)); // not ticked: not stored
}

TEST(CredentialBroker, NoKeychainMeansThisSessionOnly)
{
    for (auto failure : {SecretResult::Status::NoBackend, SecretResult::Status::AccessDenied}) {
        MemorySecretStore store;
        store.setFailure(failure);
        CredentialBroker broker(&store, nullptr);
        QStringList messages;
        QObject::connect(&broker, &CredentialBroker::message,
                         [&](const QString &m) { messages.append(m); });
        Typist typist(QStringLiteral("tiger"), true);
        auto s = obtain(broker, serverEnv(), CredentialBroker::Mode::MayAsk);
        ASSERT_TRUE(s);
        EXPECT_EQ(s->password, QStringLiteral("tiger"));
        EXPECT_FALSE(typist.rememberOffered); // nothing to remember it in
        EXPECT_TRUE(typist.note.contains(QStringLiteral("this session only")))
            << typist.note.toStdString();
        EXPECT_FALSE(messages.isEmpty());
        EXPECT_TRUE(store.secrets().isEmpty()); // never stored anywhere

        // Still known for the rest of the session.
        Typist none(QStringLiteral("x"), false);
        s = obtain(broker, serverEnv(), CredentialBroker::Mode::MayAsk);
        ASSERT_TRUE(s);
        EXPECT_EQ(s->password, QStringLiteral("tiger"));
        EXPECT_EQ(none.asked, 0);
    }
}

TEST(CredentialBroker, CancellingThePromptCancels)
{
    MemorySecretStore store;
    CredentialBroker broker(&store, nullptr);
    Typist typist(QStringLiteral("x"), false, true);
    EXPECT_FALSE(obtain(broker, serverEnv(), CredentialBroker::Mode::MayAsk).has_value());
}

TEST(CredentialsInTheWindow, APostgresRunAsksOnceAndTheSecretStaysInTheKeychain)
{
    using namespace retort::test;
    ServerDb db(Server::Postgres);
    ASSERT_TRUE(db.ok());
    ServerProject project(db);
    project.script(QStringLiteral("aaaa00000001"), {}, QStringLiteral("CREATE TABLE one (id int);"),
                   QStringLiteral("DROP TABLE one;"));
    MemorySecretStore store;
    MainWindow window(nullptr, &store);
    window.show();
    window.openProject(project.root());
    ASSERT_TRUE(waitLoaded(window));
    QAction *upgrade = actionNamed(window, QStringLiteral("Upgrade to Heads"));
    ASSERT_TRUE(upgrade);
    ASSERT_TRUE(QTest::qWaitFor([&] { return upgrade->isEnabled(); }, 5000));

    // First a wrong password: refused, forgotten, asked again; then the right one, remembered.
    QStringList typed{QStringLiteral("wrong-password-1"), db.password()};
    int asked = 0;
    auto answer = answerModal([&](QDialog *d) {
        if (auto *dialog = qobject_cast<PasswordDialog *>(d)) {
            dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))
                ->setText(typed.value(asked++));
            dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"))->setChecked(true);
            dialog->accept();
            return false; // keep answering
        }
        d->accept(); // the plan dialog: run it
        return false;
    });
    upgrade->trigger();
    auto *log = window.findChild<QPlainTextEdit *>(QStringLiteral("log"));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return log->toPlainText().contains(QStringLiteral("Done.")); }, 30000))
        << log->toPlainText().toStdString();
    answer->stop();
    EXPECT_EQ(asked, 2);
    EXPECT_TRUE(log->toPlainText().contains(QStringLiteral("refused the password")))
        << log->toPlainText().toStdString();
    EXPECT_EQ(db.heads(), QStringList{QStringLiteral("aaaa00000001")});
    const QString key =
        retort::secretKey(QStringLiteral("srv"), QStringLiteral("test"), SecretKind::Database);
    ASSERT_TRUE(QTest::qWaitFor([&] { return store.secrets().contains(key); }, 5000));
    EXPECT_EQ(store.secrets().value(key), db.password());

    // The password is nowhere else: not in the log, the project file or the settings.
    window.close(); // saves the settings
    QSettings().sync();
    for (const QString &secret : {db.password(), QStringLiteral("wrong-password-1")}) {
        EXPECT_FALSE(log->toPlainText().contains(secret));
        QFile toml(project.root() + QStringLiteral("/retort.toml"));
        ASSERT_TRUE(toml.open(QIODevice::ReadOnly));
        EXPECT_FALSE(toml.readAll().contains(secret.toUtf8()));
        QFile settings(QSettings().fileName());
        if (settings.open(QIODevice::ReadOnly)) {
            EXPECT_FALSE(settings.readAll().contains(secret.toUtf8()));
        }
    }
    EXPECT_TRUE(QFile::exists(QSettings().fileName()));
}

TEST(CredentialBroker, AnAlembicUrlPasswordMovesIntoTheKeychainOnFirstUse)
{
    QTemporaryDir dir;
    const QString ini = dir.filePath("alembic.ini");
    QFile f(ini);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("[alembic]\nscript_location = .\nsqlalchemy.url = postgresql://app:s%40cret@db/shop\n");
    f.close();
    MemorySecretStore store;
    CredentialBroker broker(&store, nullptr);
    broker.setAlembicIni(QStringLiteral("shop"), ini);
    Environment env = serverEnv("alembic");
    env.urlHadPassword = true;
    Typist none(QStringLiteral("never"), false);
    auto s = obtain(broker, env, CredentialBroker::Mode::Silent);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->password, QStringLiteral("s@cret")); // percent-decoded
    EXPECT_EQ(none.asked, 0);
    const QString key =
        retort::secretKey(QStringLiteral("shop"), QStringLiteral("alembic"), SecretKind::Database);
    ASSERT_TRUE(QTest::qWaitFor([&] { return store.secrets().contains(key); }, 5000));
    EXPECT_EQ(store.secrets().value(key), QStringLiteral("s@cret"));
}
