#pragma once

#include "base/Background.h"
#include "db/Connection.h"
#include "safety/Backup.h"

#include <QDialog>

#include <memory>

namespace Ui {
class BackupsDialog;
}

namespace retort {
class Workspace;
}

namespace retort::gui {

// An environment's backups (in its backup folder, newest first) with the command that restores
// the selected one, and Back Up Now — taken off the GUI thread through Background::run (pg_dump,
// mariadb-dump or SQLite's VACUUM INTO, through the tunnel when there is one). Closing the dialog
// cancels a backup still running (the dump tool is killed, its partial file removed; no
// backupFinished() follows). GUI thread only.
class BackupsDialog final : public QDialog {
    Q_OBJECT

public:
    BackupsDialog(std::shared_ptr<const Workspace> workspace, const Environment &environment,
                  const ConnectionSecrets &secrets, QWidget *parent = nullptr);
    ~BackupsDialog() override;

    const std::vector<BackupInfo> &backups() const { return m_backups; }

Q_SIGNALS:
    // Back Up Now ended: `error` is empty on success.
    void backupFinished(const QString &error);

private:
    void reload();
    void backUpNow();
    void showBackupResult(const Result<BackupInfo> &result);

    Ui::BackupsDialog *m_ui;
    std::shared_ptr<const Workspace> m_workspace;
    Environment m_environment;
    ConnectionSecrets m_secrets;
    QString m_folder;
    std::vector<BackupInfo> m_backups;
    CancelToken m_backup; // the running Back Up Now, cancelled by the destructor
};

} // namespace retort::gui
