#include "PreflightDialog.h"

#include "ui_PreflightDialog.h"

#include <QDir>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QStyledItemDelegate>

namespace retort::gui {

namespace {

// Rows as tall as their wrapped text in the column's current width (QTreeView alone measures
// wrapped text as one line).
class WrappingDelegate final : public QStyledItemDelegate {
public:
    explicit WrappingDelegate(QTreeView *view) : QStyledItemDelegate(view), m_view(view) {}
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const int margin = 2 * (m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1);
        const int width = m_view->header()->sectionSize(index.column()) - margin;
        const QRect text = opt.fontMetrics.boundingRect(QRect(0, 0, std::max(width, 1), 100000),
                                                        Qt::TextWordWrap, opt.text);
        const QSize hint = QStyledItemDelegate::sizeHint(option, index);
        return {hint.width(), std::max(hint.height(), text.height() + margin)};
    }

private:
    QTreeView *m_view;
};

} // namespace

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
    fillChecks(report);
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
    resize(sizeHint().expandedTo(QSize(760, 420)));
}

void PreflightDialog::fillChecks(const PreflightReport &report)
{
    // The check's title in the first column; its result and every line of why in the second,
    // wrapped: rows are as tall as their text.
    QTreeWidget *view = m_ui->checksView;
    view->setHeaderLabels({tr("Check"), tr("Result")});
    view->setWordWrap(true);
    view->setUniformRowHeights(false);
    view->setTextElideMode(Qt::ElideNone);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setFocusPolicy(Qt::NoFocus); // read-only: no focus frame on a cell
    view->header()->setStretchLastSection(true);
    view->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    view->header()->resizeSection(0, 30 * fontMetrics().averageCharWidth());
    view->setItemDelegate(new WrappingDelegate(view));
    // Wrapped heights change with the columns' widths.
    connect(view->header(), &QHeaderView::sectionResized, view, &QTreeView::doItemsLayout);
    for (const PreflightCheck &check : report.checks) {
        auto *item = new QTreeWidgetItem(view);
        item->setText(0, check.title);
        item->setToolTip(0, check.title);
        item->setText(1, QStringLiteral("%1 — %2").arg(stateText(check.state), check.detail));
        item->setToolTip(1, check.detail);
        item->setForeground(1, stateColor(check.state));
        item->setTextAlignment(0, Qt::AlignLeft | Qt::AlignTop);
        item->setTextAlignment(1, Qt::AlignLeft | Qt::AlignTop);
    }
}

QString PreflightDialog::stateText(PreflightCheck::State state)
{
    switch (state) {
    case PreflightCheck::State::Passed:
        return tr("passed");
    case PreflightCheck::State::Failed:
        return tr("FAILED");
    case PreflightCheck::State::Skipped:
        return tr("skipped");
    }
    Q_UNREACHABLE();
}

QColor PreflightDialog::stateColor(PreflightCheck::State state)
{
    switch (state) {
    case PreflightCheck::State::Passed:
        return QColor(0x2e, 0x9d, 0x52);
    case PreflightCheck::State::Failed:
        return QColor(0xd0, 0x3a, 0x3a);
    case PreflightCheck::State::Skipped:
        return QColor(0x80, 0x80, 0x80);
    }
    Q_UNREACHABLE();
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
