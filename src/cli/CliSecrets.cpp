// Secrets for retort-cli: environment variables, the OS keychain (waited for with a local event
// loop) and a prompt without echo on a terminal; and the `password` command.
#include "Cli.h"

#include "CliOptions.h"
#include "project/Workspace.h"
#include "secrets/SecretStore.h"
#include "ssh/SshTunnel.h"

#include <QEventLoop>
#include <QTimer>

#include <termios.h>
#include <unistd.h>

#include <functional>
#include <optional>

namespace retort {

namespace {

// One keychain operation, waited for with a local event loop (the CLI has no other work).
SecretResult keychainCall(const std::function<void(SecretStore &, SecretStore::Callback)> &call)
{
    KeychainSecretStore store;
    std::optional<SecretResult> result;
    QEventLoop loop;
    call(store, [&](const SecretResult &r) {
        result = r;
        loop.quit();
    });
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    if (!result)
        loop.exec();
    if (!result) {
        SecretResult timeout;
        timeout.status = SecretResult::Status::Failed;
        timeout.message = QStringLiteral("the keychain did not answer within 15 s");
        return timeout;
    }
    return *result;
}

QString readKeychain(const QString &key)
{
    const SecretResult r = keychainCall([&](SecretStore &store, SecretStore::Callback done) {
        store.read(key, nullptr, std::move(done));
    });
    return r.ok() ? r.secret : QString();
}

// One line from the terminal without echo; nullopt when stdin is not a terminal.
std::optional<QString> readHidden(QTextStream &err, const QString &prompt)
{
    if (!isatty(STDIN_FILENO))
        return std::nullopt;
    err << prompt;
    err.flush();
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    QTextStream in(stdin);
    const QString line = in.readLine();
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
    err.flush();
    return line;
}

bool needsSshSecret(const Environment &env)
{
    return env.ssh && env.driver != u"sqlite" && !env.ssh->agent;
}

// An Alembic project's sqlalchemy.url password, copied into the keychain on first use; empty
// when the URL has none.
QString passwordFromAlembicUrl(const Project &project, const Environment &env, QTextStream &err)
{
    if (!env.urlHadPassword || !project.isAlembic())
        return {};
    auto url = alembicUrlPassword(project.alembicIni);
    if (!url || url->isEmpty())
        return {};
    const SecretResult r = keychainCall([&](SecretStore &store, SecretStore::Callback done) {
        store.write(secretKey(project.name, env.name, SecretKind::Database), *url, nullptr,
                    std::move(done));
    });
    err << (r.ok() ? "note: copied the password of sqlalchemy.url into the system "
                     "keychain; you may now remove it from alembic.ini\n"
                   : "note: the password of sqlalchemy.url is used for this run "
                     "(the keychain cannot be used)\n");
    err.flush();
    return *url;
}

// With --accept-new-host-key: an SSH host not yet in known_hosts is added (and said so).
void acceptUnknownHostKey(const SshConfig &ssh, QTextStream &err)
{
    auto status = SshTunnel::checkHostKey(ssh);
    if (!status || status->verdict != HostKeyStatus::Verdict::Unknown)
        return;
    if (const Status st = SshTunnel::acceptHostKey(*status); st)
        err << "Added the " << status->keyType << " host key of " << ssh.host << " ("
            << status->fingerprint << ") to " << status->knownHostsFile << "\n";
    else
        err << "warning: " << st.error().message << "\n";
    err.flush();
}

} // namespace

ConnectionSecrets Cli::secretsFor(const Environment &env) const
{
    if (auto it = m_secrets.constFind(env.name); it != m_secrets.cend())
        return *it;
    ConnectionSecrets secrets;
    if (env.driver == u"sqlite")
        return secrets;
    const QString project = m_ws ? m_ws->project().name : QString();
    if (qEnvironmentVariableIsSet("RETORT_DB_PASSWORD")) {
        secrets.password = qEnvironmentVariable("RETORT_DB_PASSWORD");
    } else {
        secrets.password = readKeychain(secretKey(project, env.name, SecretKind::Database));
        if (secrets.password.isEmpty() && m_ws)
            secrets.password = passwordFromAlembicUrl(m_ws->project(), env, m_err);
        if (secrets.password.isEmpty())
            secrets.password =
                readHidden(m_err,
                           QStringLiteral("Password for %1@%2 (%3): ")
                               .arg(env.user,
                                    env.host.isEmpty() ? QStringLiteral("localhost") : env.host,
                                    env.name))
                    .value_or(QString());
    }
    if (needsSshSecret(env)) {
        const QString ssh = qEnvironmentVariableIsSet("RETORT_SSH_PASSPHRASE")
                                ? qEnvironmentVariable("RETORT_SSH_PASSPHRASE")
                                : readKeychain(secretKey(project, env.name, SecretKind::Ssh));
        if (env.ssh->key.isEmpty())
            secrets.ssh.password = ssh.toUtf8();
        else
            secrets.ssh.passphrase = ssh.toUtf8();
    }
    if (env.ssh && m_opt->acceptNewHostKey)
        acceptUnknownHostKey(*env.ssh, m_err);
    m_secrets.insert(env.name, secrets);
    return secrets;
}

Status Cli::cmdPassword(const CommandArgs &args)
{
    const bool ssh = args.flag("--ssh");
    const QStringList &operands = args.operands();
    if (operands.size() != 1 || (operands.front() != u"set" && operands.front() != u"clear"))
        return usageError(QStringLiteral("password"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    const QString key =
        secretKey(m_ws->project().name, (*env)->name, ssh ? SecretKind::Ssh : SecretKind::Database);
    const QString what = ssh ? QStringLiteral("SSH secret") : QStringLiteral("database password");
    auto noKeychain = [&](const SecretResult &r) {
        return Error(QStringLiteral("the system keychain cannot be used: %1. Retort never stores "
                                    "passwords in files; set %2 for this shell instead.")
                         .arg(r.message, ssh ? QStringLiteral("RETORT_SSH_PASSPHRASE")
                                             : QStringLiteral("RETORT_DB_PASSWORD")));
    };
    if (operands.front() == u"clear") {
        const SecretResult r = keychainCall([&](SecretStore &store, SecretStore::Callback done) {
            store.remove(key, nullptr, std::move(done));
        });
        if (r.ok() || r.status == SecretResult::Status::NotFound) {
            m_out << "Removed the " << what << " of " << (*env)->name << " from the keychain.\n";
            return {};
        }
        return noKeychain(r);
    }
    // One line from stdin (without echo on a terminal).
    QString secret;
    if (auto typed = readHidden(m_err, QStringLiteral("%1 for %2: ").arg(what, (*env)->name))) {
        secret = *typed;
    } else {
        QTextStream in(stdin);
        secret = in.readLine();
    }
    if (secret.isEmpty())
        return Error(QStringLiteral("no %1 given on standard input").arg(what));
    const SecretResult r = keychainCall([&](SecretStore &store, SecretStore::Callback done) {
        store.write(key, secret, nullptr, std::move(done));
    });
    if (!r.ok())
        return noKeychain(r);
    m_out << "Saved the " << what << " of " << (*env)->name << " in the system keychain.\n";
    return {};
}

} // namespace retort
