#include "DriftRevertDialog.h"

#include "SqlView.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace retort::gui {

DriftRevertDialog::DriftRevertDialog(const Environment &environment, const DriftRevert &revert,
                                     QWidget *parent)
    : QDialog(parent), m_environment(environment), m_hasStatements(revert.hasStatements()),
      m_needsReview(revert.needsReview())
{
    setObjectName(QStringLiteral("driftRevertDialog"));
    setWindowTitle(tr("Revert Drift of %1 — Review Plan").arg(environment.name));
    auto *layout = new QVBoxLayout(this);
    const SchemaDriftReport &report = revert.report;
    const QString rows =
        report.rows.isEmpty() ? tr("<base>") : report.rows.join(QStringLiteral(", "));
    auto *summary = new QLabel(
        m_hasStatements
            ? tr("Revert %1 to what its revisions (%2) produce: %3 undone by one script; the "
                 "version table does not change. The run takes the lock and is recorded in the "
                 "audit trail as revert-drift.")
                  .arg(environment.name, rows, driftSummary(report.diff))
            : tr("No SQL can revert the drift of %1 (%2): revert it by hand, adopt it as a "
                 "revision, or accept it.")
                  .arg(environment.name, driftSummary(report.diff)),
        this);
    summary->setObjectName(QStringLiteral("summaryLabel"));
    summary->setWordWrap(true);
    layout->addWidget(summary);

    m_sql = new SqlView(this);
    m_sql->setObjectName(QStringLiteral("sqlView"));
    QString text;
    for (const SchemaChange &c : report.diff.changes)
        text += QStringLiteral("-- undoes: ") + c.summary + u'\n';
    text += u'\n' + revert.script.text() + u'\n';
    m_sql->setSql(text, 0);
    layout->addWidget(m_sql, 1);

    if (m_needsReview) {
        QStringList notes;
        for (const QString &n : revert.script.reviews)
            notes.append(QStringLiteral("• ") + n.toHtmlEscaped());
        auto *review = new QLabel(tr("<b>%1 REVIEW note(s) need a person's decision:</b><br>%2")
                                      .arg(revert.script.reviews.size())
                                      .arg(notes.join(QStringLiteral("<br>"))),
                                  this);
        review->setObjectName(QStringLiteral("reviewLabel"));
        review->setWordWrap(true);
        review->setStyleSheet(QStringLiteral("color: #b35c00;"));
        layout->addWidget(review);
        if (m_hasStatements) {
            m_force = new QCheckBox(tr("Run it with its REVIEW notes (I have read them)"), this);
            m_force->setObjectName(QStringLiteral("forceCheck"));
            layout->addWidget(m_force);
            connect(m_force, &QCheckBox::toggled, this, &DriftRevertDialog::update);
        }
    }
    if (environment.isProtected && m_hasStatements) {
        auto *form = new QFormLayout;
        m_confirm = new QLineEdit(this);
        m_confirm->setObjectName(QStringLiteral("confirmEdit"));
        m_confirm->setPlaceholderText(environment.name);
        form->addRow(tr("%1 is protected (backed up first); type its name:").arg(environment.name),
                     m_confirm);
        layout->addLayout(form);
        connect(m_confirm, &QLineEdit::textChanged, this, &DriftRevertDialog::update);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Revert"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canAccept())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 520);
    update();
}

bool DriftRevertDialog::canAccept() const
{
    return m_hasStatements && (!m_needsReview || (m_force && m_force->isChecked())) &&
           (!m_confirm || m_confirm->text() == m_environment.name);
}

QString DriftRevertDialog::sql() const
{
    return m_sql->text();
}

void DriftRevertDialog::update()
{
    m_ok->setEnabled(canAccept());
}

} // namespace retort::gui
