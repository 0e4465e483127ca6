#pragma once

#include "project/Project.h"

#include <QString>

#include <functional>

class QObject;
class QWidget;

namespace retort::gui {

// Asks the user whether to trust an SSH server whose host key is not in known_hosts yet.
// The server's key is fetched off the GUI thread (Background::run of SshTunnel::checkHostKey:
// connect and key exchange, no login); the user sees its SHA256 fingerprint and decides; on yes
// the key is appended to the known_hosts file. A CHANGED key is never offered: the user is warned
// loudly and `done(false)` follows.
//
// GUI thread only. `done(trusted, note)` is called once, later, unless `context` is destroyed
// first; `note` is a line for the log (what was checked or written), possibly empty.
void trustHostKey(QWidget *dialogParent, const SshConfig &ssh, QObject *context,
                  std::function<void(bool trusted, const QString &note)> done);

} // namespace retort::gui
