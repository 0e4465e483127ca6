#include "HostKeyPrompt.h"

#include "base/Background.h"
#include "ssh/SshTunnel.h"

#include <QMessageBox>
#include <QPointer>

namespace retort::gui {

namespace {

using Done = std::function<void(bool trusted, const QString &note)>;

QString hostText(const HostKeyStatus &status)
{
    return status.port == 22 ? status.host
                             : QStringLiteral("%1:%2").arg(status.host).arg(status.port);
}

// A changed key: warned about, never offered.
void refuseChangedKey(QWidget *parent, const HostKeyStatus &status, const Done &done)
{
    const QString where = hostText(status);
    QMessageBox::critical(
        parent, QObject::tr("SSH Host Key Changed"),
        QObject::tr("The SSH host key of %1 has CHANGED.\n\nSomeone may be intercepting "
                    "the connection, or the server's key was replaced. Retort will not "
                    "connect. If the change is expected, remove the old key from %2.")
            .arg(where, status.knownHostsFile));
    done(false, QObject::tr("Refused: the SSH host key of %1 has changed (%2).")
                    .arg(where, status.fingerprint));
}

// An unknown key: the user compares the fingerprint and decides; yes appends it to known_hosts.
void offerUnknownKey(QWidget *parent, const HostKeyStatus &status, const Done &done)
{
    const QString where = hostText(status);
    QMessageBox box(QMessageBox::Question, QObject::tr("Unknown SSH Host"),
                    QObject::tr("The authenticity of %1 cannot be established.").arg(where),
                    QMessageBox::Yes | QMessageBox::No, parent);
    box.setInformativeText(
        QObject::tr("Its %1 key fingerprint is\n%2\n\nCompare it with the one your server "
                    "administrator gave you. Trust this host and add its key to %3?")
            .arg(status.keyType, status.fingerprint, status.knownHostsFile));
    box.setDefaultButton(QMessageBox::No);
    if (box.exec() != QMessageBox::Yes) {
        done(false, {});
        return;
    }
    if (const Status st = SshTunnel::acceptHostKey(status); !st) {
        done(false, st.error().message);
        return;
    }
    done(true, QObject::tr("Added the %1 host key of %2 (%3) to %4.")
                   .arg(status.keyType, where, status.fingerprint, status.knownHostsFile));
}

void decide(QWidget *parent, const Result<HostKeyStatus> &result, const Done &done)
{
    if (!result) {
        done(false,
             QObject::tr("Could not check the SSH host key: %1").arg(result.error().message));
        return;
    }
    switch (result->verdict) {
    case HostKeyStatus::Verdict::Known:
        done(true, {});
        return;
    case HostKeyStatus::Verdict::Changed:
        refuseChangedKey(parent, *result, done);
        return;
    case HostKeyStatus::Verdict::Unknown:
        offerUnknownKey(parent, *result, done);
        return;
    }
}

} // namespace

void trustHostKey(QWidget *dialogParent, const SshConfig &ssh, QObject *context,
                  std::function<void(bool trusted, const QString &note)> done)
{
    QPointer<QWidget> parent = dialogParent;
    Background::run(
        context, [ssh](const CancelToken &) { return SshTunnel::checkHostKey(ssh); },
        [parent, done = std::move(done)](const Result<HostKeyStatus> &result) {
            decide(parent, result, done);
        });
}

} // namespace retort::gui
