#include "PreflightDialog.h"

#include "ui_PreflightDialog.h"

#include <QDir>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>

namespace retort::gui {

PreflightDialog::PreflightDialog(const QString &environment, const PreflightReport &report,
                                 const std::optional<BackupInfo> &backup, QWidget *parent)
    : QDialog(parent), m_ui(new Ui::PreflightDialog), m_report(report)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Pre-flight Checks — %1").arg(environment));
    m_ui->summaryLabel->setText(
        report.ok() ? tr("%1 is protected. Every pre-flight check passed.").arg(environment)
                    : tr("%1 is protected, and %n pre-flight check(s) failed.", nullptr,
                         int(report.failedNames().size()))
                          .arg(environment));
    m_ui->checksView->setHeaderLabels({tr("Check"), tr("Result")});
    m_ui->checksView->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->checksView->header()->setStretchLastSection(true);
    for (const PreflightCheck &check : report.checks) {
        auto *item = new QTreeWidgetItem(m_ui->checksView);
        item->setText(0, check.title);
        QString state;
        QColor color;
        switch (check.state) {
        case PreflightCheck::State::Passed:
            state = tr("passed");
            color = QColor(0x2e, 0x9d, 0x52);
            break;
        case PreflightCheck::State::Failed:
            state = tr("FAILED");
            color = QColor(0xd0, 0x3a, 0x3a);
            break;
        case PreflightCheck::State::Skipped:
            state = tr("skipped");
            color = QColor(0x80, 0x80, 0x80);
            break;
        }
        item->setText(1, QStringLiteral("%1 — %2").arg(state, check.detail.section(u'\n', 0, 0)));
        item->setToolTip(1, check.detail);
        item->setForeground(1, color);
    }
    if (backup) {
        m_ui->backupLabel->setText(tr("Backup taken: %1 (%2). Restore with:\n%3")
                                       .arg(QDir::toNativeSeparators(backup->path),
                                            QLocale().formattedDataSize(backup->size),
                                            backup->restoreCommand));
        m_ui->backupLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    } else {
        m_ui->backupLabel->hide();
    }
    const bool needsReason = !report.ok();
    m_ui->overrideLabel->setVisible(needsReason);
    m_ui->reasonEdit->setVisible(needsReason);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)
        ->setText(needsReason ? tr("Override and Continue") : tr("Continue"));
    connect(m_ui->reasonEdit, &QLineEdit::textChanged, this, &PreflightDialog::updateButtons);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
    resize(sizeHint().expandedTo(QSize(720, 360)));
}

PreflightDialog::~PreflightDialog()
{
    delete m_ui;
}

void PreflightDialog::updateButtons()
{
    m_ui->buttonBox->button(QDialogButtonBox::Ok)
        ->setEnabled(m_report.ok() || !m_ui->reasonEdit->text().trimmed().isEmpty());
}

QString PreflightDialog::auditNote() const
{
    return m_report.ok() ? QString() : m_report.overrideNote(m_ui->reasonEdit->text().trimmed());
}

} // namespace retort::gui
