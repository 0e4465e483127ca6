#include "CredentialBroker.h"

#include "PasswordDialog.h"

#include <QTimer>
#include <QWidget>

namespace retort::gui {

struct CredentialBroker::Request {
    QString project;
    Environment env;
    Mode mode = Mode::Silent;
    bool askSshPassphrase = false;
    QPointer<const QObject> context;
    bool hasContext = false;
    Done done;
    ConnectionSecrets secrets;
    std::vector<SecretKind> todo; // still to resolve, in order
    QString keychainProblem;      // why the keychain could not be read (empty: it could)
};

CredentialBroker::CredentialBroker(SecretStore *store, QWidget *dialogParent, QObject *parent)
    : QObject(parent), m_store(store), m_dialogParent(dialogParent)
{
}

bool CredentialBroker::needsDatabasePassword(const Environment &env)
{
    return env.driver != u"sqlite";
}

bool CredentialBroker::needsSshSecret(const Environment &env)
{
    return env.ssh.has_value() && env.driver != u"sqlite" && !env.ssh->agent;
}

void CredentialBroker::obtain(const QString &project, const Environment &env, Mode mode,
                              const QObject *context, Done done, bool askSshPassphrase)
{
    auto request = std::make_shared<Request>();
    request->project = project;
    request->env = env;
    request->mode = mode;
    request->askSshPassphrase = askSshPassphrase;
    request->context = context;
    request->hasContext = context != nullptr;
    request->done = std::move(done);
    if (needsDatabasePassword(env))
        request->todo.push_back(SecretKind::Database);
    if (needsSshSecret(env))
        request->todo.push_back(SecretKind::Ssh);
    // Always answer from the event loop, never inside the call.
    QTimer::singleShot(0, this, [this, request] { next(request); });
}

void CredentialBroker::next(std::shared_ptr<Request> request)
{
    if (request->hasContext && !request->context)
        return; // the caller is gone
    if (request->todo.empty()) {
        request->done(request->secrets);
        return;
    }
    const SecretKind kind = request->todo.front();
    const QString key = secretKey(request->project, request->env.name, kind);
    if (m_session.contains(key)) {
        resolve(request, kind, false);
        return;
    }
    m_store->read(key, this, [this, request, kind, key](const SecretResult &r) {
        switch (r.status) {
        case SecretResult::Status::Ok:
            m_session.insert(key, r.secret);
            resolve(request, kind, false);
            return;
        case SecretResult::Status::NotFound:
            if (kind == SecretKind::Database && request->env.urlHadPassword &&
                moveUrlPassword(*request, key))
                resolve(request, kind, false);
            else
                resolve(request, kind, true);
            return;
        case SecretResult::Status::NoBackend:
        case SecretResult::Status::AccessDenied:
        case SecretResult::Status::Failed:
            Q_EMIT message(tr("The system keychain cannot be used: %1").arg(r.message));
            request->keychainProblem = r.message;
            resolve(request, kind, true);
            return;
        }
    });
}

void CredentialBroker::resolve(std::shared_ptr<Request> request, SecretKind kind, bool prompt)
{
    const QString key = secretKey(request->project, request->env.name, kind);
    // A key file's passphrase is only asked for when the key is known to need one.
    const bool keyPassphrase =
        kind == SecretKind::Ssh && request->env.ssh && !request->env.ssh->key.isEmpty();
    if (prompt && keyPassphrase && !request->askSshPassphrase)
        prompt = false;
    if (prompt && request->mode == Mode::MayAsk && !m_session.contains(key)) {
        // The keychain is offered when it could be read; a later write failure is reported.
        bool remember = false;
        const bool keychain = request->keychainProblem.isEmpty();
        const QString note =
            keychain ? QString()
                     : tr("The system keychain cannot be used (%1). What you type is kept in "
                          "memory for this session only, never written to disk.")
                           .arg(request->keychainProblem);
        const auto typed = ask(*request, kind, keychain, note, &remember);
        if (!typed) {
            request->done(std::nullopt);
            return;
        }
        m_session.insert(key, *typed);
        if (remember) {
            const QString envName = request->env.name;
            m_store->write(key, *typed, this, [this, envName, kind](const SecretResult &r) {
                const QString what =
                    kind == SecretKind::Database ? tr("database password") : tr("SSH secret");
                Q_EMIT message(
                    r.ok() ? tr("Saved the %1 of %2 in the system keychain.").arg(what, envName)
                           : tr("The %1 of %2 could not be saved in the system "
                                "keychain (%3); it is kept for this session only.")
                                 .arg(what, envName, r.message));
            });
        }
    }
    const QString secret = m_session.value(key);
    if (kind == SecretKind::Database) {
        request->secrets.password = secret;
    } else if (keyPassphrase) {
        request->secrets.ssh.passphrase = secret.toUtf8();
    } else {
        request->secrets.ssh.password = secret.toUtf8();
    }
    request->todo.erase(request->todo.begin());
    next(request);
}

std::optional<QString> CredentialBroker::ask(const Request &request, SecretKind kind,
                                             bool canRemember, const QString &note, bool *remember)
{
    const Environment &env = request.env;
    QString title, prompt;
    if (kind == SecretKind::Database) {
        title = tr("Database Password");
        prompt = tr("Password for %1@%2 (environment %3):")
                     .arg(env.user.isEmpty() ? tr("(default user)") : env.user,
                          env.host.isEmpty() ? QStringLiteral("localhost") : env.host, env.name);
    } else if (env.ssh && !env.ssh->key.isEmpty()) {
        title = tr("SSH Key Passphrase");
        prompt = tr("Passphrase for the SSH key %1 (environment %2):").arg(env.ssh->key, env.name);
    } else {
        title = tr("SSH Password");
        prompt = tr("SSH password for %1@%2 (environment %3):")
                     .arg(env.ssh ? env.ssh->user : QString(), env.ssh ? env.ssh->host : QString(),
                          env.name);
    }
    PasswordDialog dialog(title, prompt, canRemember, note, m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    *remember = dialog.remember();
    return dialog.secret();
}

void CredentialBroker::obtainAll(const QString &project,
                                 const std::vector<Environment> &environments, Mode mode,
                                 const QObject *context,
                                 std::function<void(QHash<QString, ConnectionSecrets>)> done)
{
    struct Gather {
        std::vector<Environment> envs;
        size_t next = 0;
        QHash<QString, ConnectionSecrets> secrets;
        std::function<void(QHash<QString, ConnectionSecrets>)> done;
    };
    auto gather = std::make_shared<Gather>();
    gather->envs = environments;
    gather->done = std::move(done);
    auto step = std::make_shared<std::function<void()>>();
    QPointer<const QObject> guard = context;
    const bool hasContext = context != nullptr;
    *step = [this, gather, step, project, mode, guard, hasContext] {
        if (hasContext && !guard) {
            *step = nullptr;
            return;
        }
        if (gather->next == gather->envs.size()) {
            auto finish = gather->done;
            auto secrets = gather->secrets;
            *step = nullptr; // breaks the cycle
            finish(secrets);
            return;
        }
        const Environment env = gather->envs[gather->next++];
        obtain(project, env, mode, guard.data(),
               [gather, env, step](std::optional<ConnectionSecrets> s) {
                   if (s)
                       gather->secrets.insert(env.name, *s);
                   if (*step)
                       (*step)();
               });
    };
    QTimer::singleShot(0, this, [step] {
        if (*step)
            (*step)();
    });
}

void CredentialBroker::setAlembicIni(const QString &project, const QString &iniPath)
{
    m_alembicIni.insert(project, iniPath);
}

bool CredentialBroker::moveUrlPassword(const Request &request, const QString &key)
{
    const QString ini = m_alembicIni.value(request.project);
    if (ini.isEmpty())
        return false;
    const auto password = alembicUrlPassword(ini);
    if (!password || password->isEmpty())
        return false;
    m_session.insert(key, *password);
    const QString envName = request.env.name;
    m_store->write(key, *password, this, [this, envName, ini](const SecretResult &r) {
        Q_EMIT message(r.ok() ? tr("Copied the database password of %1 from %2 into the system "
                                   "keychain; you may now remove it from that file.")
                                    .arg(envName, ini)
                              : tr("The password in %1 could not be saved in the system keychain "
                                   "(%2); it is used for this session only.")
                                    .arg(ini, r.message));
    });
    return true;
}

void CredentialBroker::forget(const QString &project, const QString &environment, SecretKind kind)
{
    const QString key = secretKey(project, environment, kind);
    m_session.remove(key);
    m_store->remove(key, this, [](const SecretResult &) {});
}

} // namespace retort::gui
