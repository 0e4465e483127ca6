#include "HostKeyPrompt.h"

#include "ssh/SshTunnel.h"

#include <QMessageBox>
#include <QPointer>
#include <QThread>

#include <memory>

namespace retort::gui {

void trustHostKey(QWidget *dialogParent, const SshConfig &ssh, const QObject *context,
                  std::function<void(bool trusted, const QString &note)> done)
{
    auto result = std::make_shared<Result<HostKeyStatus>>(Error());
    QThread *thread = QThread::create([ssh, result] { *result = SshTunnel::checkHostKey(ssh); });
    QPointer<QWidget> parent = dialogParent;
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    QObject::connect(thread, &QThread::finished, context, [parent, result, done] {
        if (!*result) {
            done(false,
                 QObject::tr("Could not check the SSH host key: %1").arg(result->error().message));
            return;
        }
        const HostKeyStatus &status = **result;
        const QString where = status.port == 22
                                  ? status.host
                                  : QStringLiteral("%1:%2").arg(status.host).arg(status.port);
        switch (status.verdict) {
        case HostKeyStatus::Verdict::Known:
            done(true, {});
            return;
        case HostKeyStatus::Verdict::Changed:
            QMessageBox::critical(
                parent, QObject::tr("SSH Host Key Changed"),
                QObject::tr("The SSH host key of %1 has CHANGED.\n\nSomeone may be intercepting "
                            "the connection, or the server's key was replaced. Retort will not "
                            "connect. If the change is expected, remove the old key from %2.")
                    .arg(where, status.knownHostsFile));
            done(false, QObject::tr("Refused: the SSH host key of %1 has changed (%2).")
                            .arg(where, status.fingerprint));
            return;
        case HostKeyStatus::Verdict::Unknown:
            break;
        }
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
    });
    thread->start();
}

} // namespace retort::gui
