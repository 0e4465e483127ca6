#include "PasswordDialog.h"

#include "ui_PasswordDialog.h"

#include <QPushButton>

namespace retort::gui {

PasswordDialog::PasswordDialog(const QString &title, const QString &prompt, bool canRemember,
                               const QString &keychainNote, QWidget *parent)
    : QDialog(parent), m_ui(new Ui::PasswordDialog)
{
    m_ui->setupUi(this);
    setWindowTitle(title);
    m_ui->promptLabel->setText(prompt);
    m_ui->rememberCheck->setChecked(canRemember);
    m_ui->rememberCheck->setEnabled(canRemember);
    m_ui->keychainNote->setText(keychainNote);
    m_ui->keychainNote->setVisible(!keychainNote.isEmpty());
    m_ui->passwordEdit->setFocus();
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(sizeHint().expandedTo(QSize(460, 0)));
}

PasswordDialog::~PasswordDialog()
{
    delete m_ui;
}

QString PasswordDialog::secret() const
{
    return m_ui->passwordEdit->text();
}

bool PasswordDialog::remember() const
{
    return m_ui->rememberCheck->isEnabled() && m_ui->rememberCheck->isChecked();
}

} // namespace retort::gui
