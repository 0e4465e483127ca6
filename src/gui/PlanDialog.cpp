#include "PlanDialog.h"

#include "PreflightDialog.h"

#include "ui_PlanDialog.h"

#include "db/Dialect.h"
#include "db/Migrator.h"
#include "db/OfflineRenderer.h"
#include "db/VersionTable.h"
#include "scripts/Script.h"
#include "workflows/EmptySteps.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidgetItem>

namespace retort::gui {

namespace {

enum Column { NumberColumn, ActionColumn, RevisionColumn, FromToColumn, MessageColumn };

// Ids longer than this are elided in the table (the full id is in the tooltip); Alembic's own ids
// are 12 characters and always fit.
constexpr int kMaxShownIdLength = 20;

QString shortId(const QString &id)
{
    return id.size() > kMaxShownIdLength ? id.left(kMaxShownIdLength - 1) + QChar(0x2026) : id;
}

} // namespace

PlanDialog::PlanDialog(const Input &input, QWidget *parent)
    : QDialog(parent), m_ui(new Ui::PlanDialog), m_input(input)
{
    m_ui->setupUi(this);
    // The fills read the scripts (SQL, transactional flags) while the caller keeps them alive.
    fillSummary();
    fillSteps();
    fillSql();
    setupConfirmation();
    m_ui->reviewLabel->hide();
    if (m_input.awaitPreflight && !isEmptyPlan())
        m_ui->preflightLabel->setText(tr("Running the pre-flight checks of %1…")
                                          .arg(m_input.environment.name.toHtmlEscaped()));
    else
        m_ui->preflightLabel->hide();
    updateOkButton();
    m_ui->tabs->setCurrentWidget(m_ui->stepsTab);
    // Nothing here may point into a Workspace after the constructor.
    for (PlanStep &step : m_input.plan.steps)
        step.script = nullptr;
}

PlanDialog::~PlanDialog()
{
    delete m_ui;
}

QString PlanDialog::revisionsText(const QStringList &revisions)
{
    return revisions.isEmpty() ? QStringLiteral("<base>") : revisions.join(QStringLiteral(", "));
}

bool PlanDialog::isEmptyPlan() const
{
    return m_input.plan.steps.empty() && !m_input.plan.purge;
}

bool PlanDialog::canAccept() const
{
    if (isEmptyPlan())
        return false;
    if (m_input.awaitPreflight && !m_preflight)
        return false;
    return !m_input.environment.isProtected ||
           m_ui->confirmEdit->text() == m_input.environment.name;
}

void PlanDialog::setPreflight(const PreflightReport &report)
{
    m_preflight = report;
    QStringList lines;
    const QStringList failed = report.failedNames();
    if (failed.isEmpty()) {
        lines.append(tr("<b>Pre-flight:</b> every check passed."));
    } else {
        lines.append(tr("<b>Pre-flight:</b> <span style=\"color:#d03a3a\">%1 of %2 checks "
                        "failed</span> — pressing %3 asks for a reason to override them.")
                         .arg(failed.size())
                         .arg(report.checks.size())
                         .arg(m_ui->buttonBox->button(QDialogButtonBox::Ok)->text()));
    }
    for (const PreflightCheck &check : report.checks) {
        if (check.state == PreflightCheck::State::Passed)
            continue;
        const QString state =
            check.state == PreflightCheck::State::Failed ? tr("failed") : tr("skipped");
        lines.append(QStringLiteral("• %1 (%2): %3")
                         .arg(check.title.toHtmlEscaped(), state,
                              check.detail.section(u'\n', 0, 0).toHtmlEscaped()));
    }
    m_ui->preflightLabel->setText(lines.join(QStringLiteral("<br>")));
    m_ui->preflightLabel->setVisible(!isEmptyPlan());
    updateOkButton();
}

void PlanDialog::setUnreviewed(const QStringList &unreviewed, const QStringList &edited)
{
    QStringList parts;
    if (!unreviewed.isEmpty())
        parts.append(tr("not reviewed: %1").arg(unreviewed.join(QStringLiteral(", "))));
    if (!edited.isEmpty())
        parts.append(tr("reviewed before an edit: %1").arg(edited.join(QStringLiteral(", "))));
    if (parts.isEmpty()) {
        m_ui->reviewLabel->setText(tr("<b>Review:</b> every step has been reviewed."));
    } else {
        m_ui->reviewLabel->setText(tr("<b>Review:</b> <span style=\"color:#c77700\">%1</span>.")
                                       .arg(parts.join(QStringLiteral("; ")).toHtmlEscaped()));
    }
    m_ui->reviewLabel->setVisible(!isEmptyPlan());
}

void PlanDialog::accept()
{
    if (!canAccept())
        return;
    if (m_preflight && !m_preflight->ok()) {
        PreflightDialog checks(m_input.environment.name, *m_preflight, std::nullopt, this);
        if (checks.exec() != QDialog::Accepted)
            return; // the plan stays open: the user may still cancel it
        m_auditNote = checks.auditNote();
    }
    QDialog::accept();
}

QString PlanDialog::summary() const
{
    return m_ui->summaryLabel->text();
}

QString PlanDialog::sql() const
{
    return m_ui->sqlEdit->toPlainText();
}

void PlanDialog::fillSummary()
{
    const Plan &plan = m_input.plan;
    const QString env = m_input.environment.name;
    const QString from = revisionsText(plan.headsBefore);
    const QString to = revisionsText(plan.headsAfter);
    const int count = int(plan.steps.size());

    // Plurals spelled out: without a loaded English translation, "%n migration(s)" would show.
    const QString migrations = count == 1 ? tr("1 migration") : tr("%1 migrations").arg(count);
    QString actionName;
    QString summary;
    switch (m_input.action) {
    case MigrationAction::Upgrade:
        actionName = tr("Upgrade");
        summary = tr("Upgrade %1 from %2 to %3: %4").arg(env, from, to, migrations);
        break;
    case MigrationAction::Downgrade:
        actionName = tr("Downgrade");
        summary = tr("Downgrade %1 from %2 to %3: %4").arg(env, from, to, migrations);
        break;
    case MigrationAction::Stamp:
        actionName = tr("Stamp");
        summary = tr("Stamp %1 from %2 to %3: only the version table changes").arg(env, from, to);
        break;
    }
    setWindowTitle(tr("%1 %2 — Review Plan").arg(actionName, env));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(actionName);

    if (isEmptyPlan()) {
        m_ui->summaryLabel->setText(tr("Nothing to do: %1 is already at %2.").arg(env, from));
        m_ui->detailLabel->hide();
        m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    } else {
        m_ui->summaryLabel->setText(summary);
        QStringList details;
        if (plan.purge)
            details.append(tr("Every row of the version table is deleted first (purge)."));
        int nonTransactional = 0;
        for (const PlanStep &step : plan.steps)
            if (step.script && !step.script->transactional)
                ++nonTransactional;
        if (nonTransactional > 0)
            details.append(nonTransactional == 1
                               ? tr("1 step runs outside a transaction: a failure part-way "
                                    "leaves its earlier statements applied.")
                               : tr("%1 steps run outside a transaction: a failure part-way "
                                    "leaves their earlier statements applied.")
                                     .arg(nonTransactional));
        // MySQL/MariaDB commit each DDL statement at once: say so before anything runs.
        if (auto dialect = Dialect::forDriver(m_input.environment.driver); dialect) {
            if (const QString warning = Migrator::preRunWarning(*dialect, plan); !warning.isEmpty())
                details.append(warning);
            // A script with nothing to run: the version table moves, the schema does not.
            for (const QString &empty : emptyStepWarnings(plan, m_input.environment.driver))
                details.append(tr("Warning: %1.").arg(empty));
        }
        if (m_input.environment.isProtected)
            details.append(tr("%1 is a protected environment.").arg(env));
        m_ui->detailLabel->setText(details.join(u' '));
        m_ui->detailLabel->setVisible(!details.isEmpty());
    }
    QFont bold = m_ui->summaryLabel->font();
    bold.setBold(true);
    m_ui->summaryLabel->setFont(bold);
}

void PlanDialog::fillSteps()
{
    QTreeWidget *view = m_ui->stepsView;
    int number = 0;
    for (const PlanStep &step : m_input.plan.steps) {
        auto *item = new QTreeWidgetItem(view);
        item->setText(NumberColumn, QString::number(++number));

        QString action = step.stamp                             ? tr("stamp")
                         : step.direction == Direction::Upgrade ? tr("upgrade")
                                                                : tr("downgrade");
        QString actionTip;
        if (step.stamp) {
            actionTip = tr("Stamp: only the version table changes; no migration SQL runs.");
            QFont italic = item->font(ActionColumn);
            italic.setItalic(true);
            item->setFont(ActionColumn, italic);
        } else if (step.script && !step.script->transactional) {
            action = tr("%1 (no transaction)").arg(action);
            actionTip = tr("Transactional: false. The statements run one by one; a failure "
                           "part-way leaves the earlier ones applied.");
        }
        item->setText(ActionColumn, action);
        item->setToolTip(ActionColumn, actionTip);

        item->setText(RevisionColumn, shortId(step.revision));
        item->setToolTip(RevisionColumn, step.script ? QStringLiteral("%1\n%2").arg(
                                                           step.revision, step.script->path)
                                                     : step.revision);

        const QString fromTo =
            QStringLiteral("%1 \u2192 %2")
                .arg(revisionsText(step.fromRevisions), revisionsText(step.toRevisions));
        item->setText(FromToColumn, fromTo);
        item->setToolTip(FromToColumn, fromTo);
        item->setText(MessageColumn, step.message);
        item->setToolTip(MessageColumn, step.message);
    }
    QHeaderView *header = view->header();
    header->setStretchLastSection(true);
    // Contents plus some air: the columns would otherwise touch each other.
    const int padding = view->fontMetrics().horizontalAdvance(QStringLiteral("MM"));
    for (int c = NumberColumn; c < MessageColumn; ++c) {
        view->resizeColumnToContents(c);
        view->setColumnWidth(c, view->columnWidth(c) + padding);
    }
    if (m_input.plan.steps.empty())
        view->setEnabled(false);
}

void PlanDialog::fillSql()
{
    const Plan &plan = m_input.plan;
    QString text;
    if (!isEmptyPlan()) {
        text = renderOfflineSql(plan, m_input.environment.driver, m_input.versionTable,
                                !m_input.versionTableExists);
        // Offline, Alembic drops the version table when no row is left; an online run keeps the
        // (empty) table, so that last chunk is not part of what will run.
        if (plan.headsAfter.isEmpty()) {
            if (auto dialect = Dialect::forDriver(m_input.environment.driver)) {
                const QString drop = VersionTable(*dialect, m_input.versionTable).dropSql() +
                                     QStringLiteral(";\n\n");
                if (text.endsWith(drop))
                    text.chop(drop.size());
            }
        }
    }
    QPlainTextEdit *edit = m_ui->sqlEdit;
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setPlainText(text.trimmed() + u'\n');
    if (isEmptyPlan())
        edit->setPlainText(tr("-- Nothing to do.\n"));
}

void PlanDialog::setupConfirmation()
{
    const Environment &env = m_input.environment;
    if (!env.isProtected || isEmptyPlan()) {
        m_ui->confirmPanel->hide();
        return;
    }
    m_ui->confirmLabel->setText(tr("Type <b>%1</b> to confirm:").arg(env.name.toHtmlEscaped()));
    m_ui->confirmEdit->setFocus();
    connect(m_ui->confirmEdit, &QLineEdit::textChanged, this, &PlanDialog::updateOkButton);
}

void PlanDialog::updateOkButton()
{
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(canAccept());
    ok->setToolTip(m_input.awaitPreflight && !m_preflight && !isEmptyPlan()
                       ? tr("Waiting for the pre-flight checks.")
                       : QString());
    ok->setDefault(canAccept());
    if (!canAccept())
        m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setDefault(true);
}

} // namespace retort::gui
