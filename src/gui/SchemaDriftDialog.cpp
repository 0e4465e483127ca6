#include "SchemaDriftDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace retort::gui {

SchemaDriftDialog::SchemaDriftDialog(const QString &environment, bool isProtected,
                                     const SchemaDriftReport &report, QWidget *parent)
    : QDialog(parent), m_environment(environment), m_protected(isProtected)
{
    setObjectName(QStringLiteral("schemaDriftDialog"));
    setWindowTitle(tr("Schema Drift of %1").arg(environment));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("driftSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("driftText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_text, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("driftMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_adopt = buttons->addButton(tr("&Adopt as Revision…"), QDialogButtonBox::ActionRole);
    m_adopt->setObjectName(QStringLiteral("adoptButton"));
    m_adopt->setToolTip(tr("Write a new revision whose upgrade makes the schema the revisions "
                           "produce into this live one (autogenerate)"));
    m_revert = buttons->addButton(tr("&Revert…"), QDialogButtonBox::ActionRole);
    m_revert->setObjectName(QStringLiteral("revertButton"));
    m_revert->setToolTip(tr("Show, then run, the SQL that turns the live schema back into the one "
                            "its revisions produce"));
    m_accept = buttons->addButton(tr("A&ccept…"), QDialogButtonBox::ActionRole);
    m_accept->setObjectName(QStringLiteral("acceptButton"));
    m_accept->setToolTip(tr("Keep the schema as it is and record why in the environment's audit "
                            "trail; a further change shows as drift again"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_adopt, &QPushButton::clicked, this, [this] { Q_EMIT adoptRequested(m_environment); });
    connect(m_revert, &QPushButton::clicked, this,
            [this] { Q_EMIT revertRequested(m_environment); });
    connect(m_accept, &QPushButton::clicked, this, &SchemaDriftDialog::promptReason);
    layout->addWidget(buttons);
    resize(720, 420);
    setReport(report);
}

void SchemaDriftDialog::setReport(const SchemaDriftReport &report)
{
    m_report = report;
    const QString against = report.rows.isEmpty()
                                ? tr("no revisions applied")
                                : tr("revisions %1").arg(report.rows.join(QStringLiteral(", ")));
    if (!report.drifted())
        m_summary->setText(tr("The live schema of %1 is what its revisions (%2) produce: no drift.")
                               .arg(m_environment, against));
    else if (report.acceptedDrift())
        m_summary->setText(tr("The live schema of %1 differs from what its revisions (%2) "
                              "produce: %3. This drift was %4. A further change shows as drift "
                              "again. Left: expected (replayed), right: live.")
                               .arg(m_environment, against, driftSummary(report.diff),
                                    report.accepted->describe()));
    else
        m_summary->setText(tr("The live schema of %1 differs from what its revisions (%2) "
                              "produce: %3. Left: expected (replayed), right: live.")
                               .arg(m_environment, against, driftSummary(report.diff)));
    m_text->setPlainText(report.diff.toText());
    updateButtons();
}

void SchemaDriftDialog::setBusy(bool busy, const QString &what)
{
    m_busy = busy;
    if (busy && !what.isEmpty())
        setMessage(what);
    updateButtons();
}

void SchemaDriftDialog::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_message->setVisible(!text.isEmpty());
}

QString SchemaDriftDialog::message() const
{
    return m_message->text();
}

void SchemaDriftDialog::updateButtons()
{
    const bool drifted = m_report.drifted();
    m_adopt->setEnabled(drifted && !m_busy);
    m_revert->setEnabled(drifted && !m_busy);
    m_accept->setEnabled(drifted && !m_report.acceptedDrift() && !m_busy);
}

void SchemaDriftDialog::promptReason()
{
    if (m_prompt) {
        m_prompt->raise();
        return;
    }
    auto *prompt = new QDialog(this);
    prompt->setObjectName(QStringLiteral("acceptDriftPrompt"));
    prompt->setAttribute(Qt::WA_DeleteOnClose);
    prompt->setWindowTitle(tr("Accept Drift of %1").arg(m_environment));
    auto *layout = new QVBoxLayout(prompt);
    auto *explain = new QLabel(
        tr("Accepting keeps the schema of %1 as it is (%2). Why, who and when are recorded in its "
           "audit trail; a later check shows the drift as accepted until the schema changes "
           "again.")
            .arg(m_environment, driftSummary(m_report.diff)),
        prompt);
    explain->setWordWrap(true);
    layout->addWidget(explain);
    auto *form = new QFormLayout;
    auto *reason = new QLineEdit(prompt);
    reason->setObjectName(QStringLiteral("reasonEdit"));
    reason->setPlaceholderText(tr("e.g. index added by the DBA for the nightly report"));
    form->addRow(tr("&Reason:"), reason);
    QLineEdit *confirm = nullptr;
    if (m_protected) {
        confirm = new QLineEdit(prompt);
        confirm->setObjectName(QStringLiteral("confirmEdit"));
        confirm->setPlaceholderText(m_environment);
        form->addRow(tr("%1 is protected; type its name:").arg(m_environment), confirm);
    }
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, prompt);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Accept"));
    ok->setEnabled(false);
    layout->addWidget(buttons);
    auto valid = [this, reason, confirm] {
        return !reason->text().trimmed().isEmpty() &&
               (!confirm || confirm->text() == m_environment);
    };
    auto update = [ok, valid] { ok->setEnabled(valid()); };
    connect(reason, &QLineEdit::textChanged, prompt, update);
    if (confirm)
        connect(confirm, &QLineEdit::textChanged, prompt, update);
    connect(buttons, &QDialogButtonBox::rejected, prompt, &QDialog::reject);
    const QString fingerprint = m_report.fingerprint;
    connect(buttons, &QDialogButtonBox::accepted, prompt,
            [this, prompt, reason, valid, fingerprint] {
                if (!valid())
                    return; // an empty reason is never accepted
                Q_EMIT acceptRequested(m_environment, reason->text().trimmed(), fingerprint);
                prompt->accept();
            });
    prompt->resize(520, prompt->sizeHint().height());
    m_prompt = prompt;
    prompt->open();
}

} // namespace retort::gui
