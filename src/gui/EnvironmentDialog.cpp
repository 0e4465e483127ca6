#include "EnvironmentDialog.h"

#include "CredentialBroker.h"
#include "HostKeyPrompt.h"

#include "db/ConnectionProbe.h"
#include "project/Workspace.h"
#include "ui_EnvironmentDialog.h"

#include <QDir>
#include <QFileDialog>
#include <QPushButton>

namespace retort::gui {

namespace {

enum Auth { KeyFile, Agent, Password };

// The default port each server driver uses (shown when the port is left at "default").
int defaultPort(const QString &driver)
{
    if (driver == u"postgresql")
        return 5432;
    if (driver == u"mysql")
        return 3306;
    return 0;
}

} // namespace

EnvironmentDialog::EnvironmentDialog(std::shared_ptr<const Workspace> workspace,
                                     const QString &environment, QWidget *parent,
                                     CredentialBroker *credentials)
    : QDialog(parent), m_ui(new Ui::EnvironmentDialog), m_workspace(std::move(workspace)),
      m_originalName(environment), m_credentials(credentials)
{
    m_ui->setupUi(this);
    m_ui->driverCombo->addItem(tr("SQLite (a file)"), QStringLiteral("sqlite"));
    m_ui->driverCombo->addItem(tr("PostgreSQL"), QStringLiteral("postgresql"));
    m_ui->driverCombo->addItem(tr("MySQL / MariaDB"), QStringLiteral("mysql"));
    m_ui->authCombo->addItem(tr("Key file"), int(KeyFile));
    m_ui->authCombo->addItem(tr("ssh-agent"), int(Agent));
    m_ui->authCombo->addItem(tr("Password (asked, kept in the keychain)"), int(Password));
    m_ui->sshPortSpin->setValue(22);
    m_ui->errorLabel->setStyleSheet(QStringLiteral("color: #d03a3a;"));
    m_ui->errorLabel->hide();
    m_ui->testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ui->secretsNote->setEnabled(false); // secondary text

    const Project &project = m_workspace->project();
    if (const Environment *env = project.environment(environment)) {
        setWindowTitle(tr("Edit Environment %1 — %2").arg(env->name, project.name));
        setSpec(specOf(*env, project.root));
    } else {
        setWindowTitle(tr("Add Environment — %1").arg(project.name));
        EnvironmentSpec fresh;
        fresh.driver = QStringLiteral("sqlite");
        setSpec(fresh);
    }

    connect(m_ui->driverCombo, &QComboBox::currentIndexChanged, this,
            &EnvironmentDialog::updateFields);
    connect(m_ui->authCombo, &QComboBox::currentIndexChanged, this,
            &EnvironmentDialog::updateFields);
    connect(m_ui->sshGroup, &QGroupBox::toggled, this, &EnvironmentDialog::updateFields);
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &EnvironmentDialog::updateFields);
    connect(m_ui->databaseEdit, &QLineEdit::textChanged, this, &EnvironmentDialog::updateFields);
    connect(m_ui->testButton, &QPushButton::clicked, this, &EnvironmentDialog::testConnection);
    connect(m_ui->browseDatabaseButton, &QPushButton::clicked, this,
            &EnvironmentDialog::browseDatabase);
    connect(m_ui->browseKeyButton, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Private key"), QDir::home().filePath(QStringLiteral(".ssh")));
        if (!file.isEmpty())
            m_ui->keyEdit->setText(file);
    });
    connect(m_ui->browseKnownHostsButton, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("known_hosts file"), QDir::home().filePath(QStringLiteral(".ssh")));
        if (!file.isEmpty())
            m_ui->knownHostsEdit->setText(file);
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &EnvironmentDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateFields();
    resize(sizeHint().expandedTo(QSize(620, 0)));
}

EnvironmentDialog::~EnvironmentDialog()
{
    delete m_ui;
}

void EnvironmentDialog::setSpec(const EnvironmentSpec &s)
{
    m_ui->nameEdit->setText(s.name);
    m_ui->driverCombo->setCurrentIndex(std::max(0, m_ui->driverCombo->findData(s.driver)));
    m_ui->databaseEdit->setText(s.database);
    m_ui->hostEdit->setText(s.host);
    m_ui->portSpin->setValue(s.port);
    m_ui->userEdit->setText(s.user);
    m_ui->optionsEdit->setText(s.options);
    m_ui->protectedCheck->setChecked(s.isProtected);
    m_ui->sshGroup->setChecked(s.ssh.has_value());
    if (s.ssh) {
        m_ui->sshHostEdit->setText(s.ssh->host);
        m_ui->sshPortSpin->setValue(s.ssh->port);
        m_ui->sshUserEdit->setText(s.ssh->user);
        m_ui->keyEdit->setText(s.ssh->key);
        m_ui->knownHostsEdit->setText(s.ssh->knownHosts);
        m_ui->authCombo->setCurrentIndex(
            m_ui->authCombo->findData(int(s.ssh->agent           ? Agent
                                          : s.ssh->key.isEmpty() ? Password
                                                                 : KeyFile)));
    }
}

EnvironmentSpec EnvironmentDialog::spec() const
{
    EnvironmentSpec s;
    s.name = m_ui->nameEdit->text().trimmed();
    s.driver = m_ui->driverCombo->currentData().toString();
    s.database = m_ui->databaseEdit->text().trimmed();
    s.isProtected = m_ui->protectedCheck->isChecked();
    if (s.driver != u"sqlite") {
        s.host = m_ui->hostEdit->text().trimmed();
        s.port = m_ui->portSpin->value();
        s.user = m_ui->userEdit->text().trimmed();
        s.options = m_ui->optionsEdit->text().trimmed();
        if (m_ui->sshGroup->isChecked()) {
            SshConfig ssh;
            ssh.host = m_ui->sshHostEdit->text().trimmed();
            ssh.port = m_ui->sshPortSpin->value();
            ssh.user = m_ui->sshUserEdit->text().trimmed();
            const auto auth = Auth(m_ui->authCombo->currentData().toInt());
            ssh.agent = auth == Agent;
            if (auth == KeyFile)
                ssh.key = m_ui->keyEdit->text().trimmed();
            ssh.knownHosts = m_ui->knownHostsEdit->text().trimmed();
            s.ssh = ssh;
        }
    }
    return s;
}

void EnvironmentDialog::updateFields()
{
    const bool server = m_ui->driverCombo->currentData().toString() != u"sqlite";
    for (QWidget *w :
         {static_cast<QWidget *>(m_ui->hostLabel), static_cast<QWidget *>(m_ui->hostEdit),
          static_cast<QWidget *>(m_ui->portLabel), static_cast<QWidget *>(m_ui->portSpin),
          static_cast<QWidget *>(m_ui->userLabel), static_cast<QWidget *>(m_ui->userEdit),
          static_cast<QWidget *>(m_ui->optionsLabel), static_cast<QWidget *>(m_ui->optionsEdit)})
        w->setVisible(server);
    m_ui->sshGroup->setVisible(server);
    m_ui->browseDatabaseButton->setVisible(!server);
    m_ui->databaseEdit->setPlaceholderText(server ? tr("Database name")
                                                  : tr("File, relative to the project folder"));
    m_ui->portSpin->setSpecialValueText(
        server ? tr("default (%1)").arg(defaultPort(m_ui->driverCombo->currentData().toString()))
               : QString());
    const bool keyFile = Auth(m_ui->authCombo->currentData().toInt()) == KeyFile;
    m_ui->keyLabel->setEnabled(keyFile);
    m_ui->keyEdit->setEnabled(keyFile);
    m_ui->browseKeyButton->setEnabled(keyFile);

    const bool complete = !m_ui->nameEdit->text().trimmed().isEmpty() &&
                          !m_ui->databaseEdit->text().trimmed().isEmpty();
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(complete);
    m_ui->testButton->setEnabled(complete);
}

void EnvironmentDialog::browseDatabase()
{
    const QDir root(m_workspace->project().root);
    const QString file = QFileDialog::getSaveFileName(this, tr("SQLite database"),
                                                      root.filePath(m_ui->databaseEdit->text()), {},
                                                      nullptr, QFileDialog::DontConfirmOverwrite);
    if (file.isEmpty())
        return;
    const QString rel = root.relativeFilePath(file);
    m_ui->databaseEdit->setText(rel.startsWith(QStringLiteral("..")) ? file : rel);
}

void EnvironmentDialog::accept()
{
    const EnvironmentSpec s = spec();
    const Status st = saveEnvironment(m_workspace->project().file, m_originalName, s);
    if (!st) {
        m_ui->errorLabel->setText(tr("Not saved: %1").arg(st.error().toString()));
        m_ui->errorLabel->show();
        return;
    }
    m_savedName = s.name;
    QDialog::accept();
}

void EnvironmentDialog::testConnection()
{
    // The environment as entered, resolved as the project file would resolve it.
    const EnvironmentSpec s = spec();
    Environment env;
    env.name = s.name;
    env.driver = s.driver;
    env.database = s.database;
    if (s.driver == u"sqlite" && !s.database.startsWith(QStringLiteral("file:")) &&
        s.database != u":memory:")
        env.database =
            QDir::cleanPath(QDir(m_workspace->project().root).absoluteFilePath(s.database));
    env.host = s.host;
    env.port = s.port;
    env.user = s.user;
    env.options = s.options;
    env.isProtected = s.isProtected;
    env.ssh = s.ssh;

    m_ui->testButton->setEnabled(false);
    m_ui->testResult->setStyleSheet({});
    m_ui->testResult->setText(tr("Connecting…"));
    if (!m_credentials) {
        probe(env, {}, false);
        return;
    }
    m_credentials->obtain(m_workspace->project().name, env, CredentialBroker::Mode::MayAsk, this,
                          [this, env](std::optional<ConnectionSecrets> secrets) {
                              if (!secrets) {
                                  m_ui->testButton->setEnabled(true);
                                  m_ui->testResult->setText(tr("Not tested: no password given."));
                                  return;
                              }
                              probe(env, *secrets, true);
                          });
}

void EnvironmentDialog::probe(const Environment &env, const ConnectionSecrets &secrets,
                              bool mayRetry)
{
    auto *probe =
        new ConnectionProbe(env, m_workspace->project().versionTableName(), secrets, this);
    connect(probe, &ConnectionProbe::finished, this,
            [this, probe, env, secrets, mayRetry](const ProbeResult &result) {
                probe->deleteLater();
                // An unknown SSH host: ask to trust it, then test again.
                if (mayRetry && result.kind == ProbeResult::Kind::HostKeyUnknown && env.ssh) {
                    trustHostKey(this, *env.ssh, this,
                                 [this, env, secrets, result](bool trusted, const QString &) {
                                     if (trusted) {
                                         this->probe(env, secrets, false);
                                     } else {
                                         m_ui->testButton->setEnabled(true);
                                         showTestResult(result);
                                         Q_EMIT testFinished(result);
                                     }
                                 });
                    return;
                }
                // A refused password is forgotten, so the next test asks again.
                if (result.kind == ProbeResult::Kind::AuthFailed && m_credentials)
                    m_credentials->forget(m_workspace->project().name, env.name,
                                          result.errorKind == ErrorKind::SshAuthFailed
                                              ? SecretKind::Ssh
                                              : SecretKind::Database);
                m_ui->testButton->setEnabled(true);
                showTestResult(result);
                Q_EMIT testFinished(result);
            });
    probe->start();
}

void EnvironmentDialog::showTestResult(const ProbeResult &r)
{
    QString text;
    switch (r.kind) {
    case ProbeResult::Kind::Reached:
        text = r.rows.isEmpty() ? tr("Reached in %1 ms. No revision applied yet.").arg(r.elapsedMs)
                                : tr("Reached in %1 ms. Version table: %2.")
                                      .arg(r.elapsedMs)
                                      .arg(r.rows.join(QStringLiteral(", ")));
        break;
    case ProbeResult::Kind::NotCreatedYet:
        text = tr("The database file does not exist yet; the first upgrade creates it.");
        break;
    case ProbeResult::Kind::AuthFailed:
        text = tr("Reached the server, but it refused the user or password: %1").arg(r.message);
        break;
    case ProbeResult::Kind::HostKeyUnknown:
        text = tr("The SSH host is not in known_hosts yet (key %1).").arg(r.fingerprint);
        break;
    case ProbeResult::Kind::HostKeyChanged:
        text = tr("WARNING: the SSH host's key has CHANGED (now %1). This may be an attack; "
                  "nothing was sent.")
                   .arg(r.fingerprint);
        break;
    case ProbeResult::Kind::Timeout:
        text = tr("No answer in time: %1").arg(r.message);
        break;
    case ProbeResult::Kind::Unreachable:
        text = tr("Not reachable: %1").arg(r.message);
        break;
    case ProbeResult::Kind::Failed:
        text = tr("Failed: %1").arg(r.message);
        break;
    }
    const bool good =
        r.kind == ProbeResult::Kind::Reached || r.kind == ProbeResult::Kind::NotCreatedYet;
    m_ui->testResult->setStyleSheet(good ? QStringLiteral("color: #2e9d52;")
                                         : QStringLiteral("color: #d03a3a;"));
    m_ui->testResult->setText(text);
}

} // namespace retort::gui
