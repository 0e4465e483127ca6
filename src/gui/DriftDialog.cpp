#include "DriftDialog.h"

#include "SqlView.h"
#include "ui_DriftDialog.h"

#include <QLabel>
#include <QVBoxLayout>

namespace retort::gui {

DriftDialog::DriftDialog(const QString &revision, const std::vector<Section> &sections,
                         QWidget *parent)
    : QDialog(parent), m_ui(new Ui::DriftDialog)
{
    m_ui->setupUi(this);
    m_ui->summaryLabel->setText(
        tr("Revision %1 was changed after it was applied. The databases below still have what "
           "ran then; the file now says something else.")
            .arg(revision));
    for (const Section &section : sections)
        m_ui->sectionsSplitter->addWidget(makeSection(section));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

DriftDialog::~DriftDialog()
{
    delete m_ui;
}

QWidget *DriftDialog::makeSection(const Section &section)
{
    auto *widget = new QWidget;
    widget->setObjectName(QStringLiteral("section_%1").arg(section.environment));
    auto *layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *title = new QLabel(widget);
    title->setObjectName(QStringLiteral("title"));
    title->setTextFormat(Qt::RichText);
    title->setWordWrap(true);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title->setText(QStringLiteral("<b>%1</b><br>%2")
                       .arg(section.environment.toHtmlEscaped(), section.describe.toHtmlEscaped()));
    auto *diff = new SqlView(widget);
    diff->setObjectName(QStringLiteral("diff"));
    diff->setSyntax(SqlView::Syntax::Diff);
    diff->setSql(section.diff, 0);
    diff->setMinimumHeight(6 * fontMetrics().lineSpacing());
    layout->addWidget(title);
    layout->addWidget(diff, 1);
    return widget;
}

} // namespace retort::gui
