#include "BackupsDialog.h"

#include "ui_BackupsDialog.h"

#include "base/Background.h"
#include "project/Workspace.h"

#include <QDir>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>

namespace retort::gui {

BackupsDialog::BackupsDialog(std::shared_ptr<const Workspace> workspace,
                             const Environment &environment, const ConnectionSecrets &secrets,
                             QWidget *parent)
    : QDialog(parent), m_ui(new Ui::BackupsDialog), m_workspace(std::move(workspace)),
      m_environment(environment), m_secrets(secrets),
      m_folder(defaultBackupFolder(m_workspace->project(), environment))
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Backups of %1").arg(environment.name));
    m_ui->backupsView->setHeaderLabels({tr("Taken"), tr("Size"), tr("File")});
    m_ui->backupsView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->folderLabel->setText(tr("Folder: %1").arg(QDir::toNativeSeparators(m_folder)));
    m_ui->folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ui->restoreLabel->setText(tr("To restore the selected backup, run:"));
    m_ui->restoreEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->restoreEdit->setMaximumHeight(4 * m_ui->restoreEdit->fontMetrics().height());
    connect(m_ui->backupsView, &QTreeWidget::currentItemChanged, this, [this] {
        const int i = m_ui->backupsView->indexOfTopLevelItem(m_ui->backupsView->currentItem());
        m_ui->restoreEdit->setPlainText(i >= 0 && size_t(i) < m_backups.size()
                                            ? m_backups[size_t(i)].restoreCommand
                                            : QString());
    });
    connect(m_ui->backupButton, &QPushButton::clicked, this, &BackupsDialog::backUpNow);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    reload();
    resize(sizeHint().expandedTo(QSize(760, 420)));
}

BackupsDialog::~BackupsDialog()
{
    m_backup.cancel(); // a dump still running is killed and its partial file removed
    delete m_ui;
}

void BackupsDialog::reload()
{
    m_backups = listBackups(m_environment, m_folder);
    m_ui->backupsView->clear();
    for (const BackupInfo &b : m_backups) {
        auto *item = new QTreeWidgetItem(m_ui->backupsView);
        item->setText(0, QLocale().toString(b.createdAt.toLocalTime(), QLocale::ShortFormat));
        item->setText(1, QLocale().formattedDataSize(b.size));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(2, QFileInfo(b.path).fileName());
        item->setToolTip(2, b.path);
    }
    if (m_ui->backupsView->topLevelItemCount() > 0)
        m_ui->backupsView->setCurrentItem(m_ui->backupsView->topLevelItem(0));
    else
        m_ui->restoreEdit->setPlainText({});
}

void BackupsDialog::backUpNow()
{
    m_ui->backupButton->setEnabled(false);
    m_ui->statusLabel->setText(tr("Backing up…"));
    m_backup = Background::run(
        this,
        [env = m_environment, secrets = m_secrets, folder = m_folder](const CancelToken &cancel) {
            return takeBackup(env, secrets, folder, cancel.flag());
        },
        [this](const Result<BackupInfo> &result) { showBackupResult(result); });
}

void BackupsDialog::showBackupResult(const Result<BackupInfo> &result)
{
    m_ui->backupButton->setEnabled(true);
    if (result) {
        m_ui->statusLabel->setText(
            tr("Backed up (%1).").arg(QLocale().formattedDataSize(result->size)));
        reload();
        Q_EMIT backupFinished({});
    } else {
        m_ui->statusLabel->setText(tr("Backup failed: %1").arg(result.error().message));
        Q_EMIT backupFinished(result.error().message);
    }
}

} // namespace retort::gui
