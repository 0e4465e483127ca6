#include "PlanDialog.h"

#include "LintFindingsView.h"
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
#include <QTextBlock>
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

// `text` with every run of white space made one space, and for each character of the result
// the index in `text` it came from (so a match in the result maps back to `text`).
struct Collapsed {
    QString text;
    std::vector<int> origin;
};

Collapsed collapseSpace(QStringView text, int offset = 0)
{
    Collapsed out;
    out.text.reserve(text.size());
    out.origin.reserve(size_t(text.size()));
    bool space = false;
    for (int i = 0; i < int(text.size()); ++i) {
        if (text[i].isSpace()) {
            space = true;
            continue;
        }
        if (space && !out.text.isEmpty()) {
            out.text.append(u' ');
            out.origin.push_back(offset + i - 1);
        }
        space = false;
        out.text.append(text[i]);
        out.origin.push_back(offset + i);
    }
    return out;
}

// The statement as searched for: white space collapsed, no trailing semicolon.
QString statementKey(const QString &statement)
{
    QString key = collapseSpace(statement).text;
    while (key.endsWith(u';') || key.endsWith(u' '))
        key.chop(1);
    return key;
}

bool sameStep(const PlanStep &step, const LintFinding &finding)
{
    const bool upgrade = finding.section != QLatin1String("downgrade");
    return !step.stamp && step.revision == finding.revision &&
           (step.direction == Direction::Upgrade) == upgrade;
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
    setupLint();
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
    if (m_input.environment.isProtected) {
        if (m_input.awaitPreflight && !lintDone())
            return false;
        if (!m_ui->lintView->allAcknowledged())
            return false;
    }
    return !m_input.environment.isProtected ||
           m_ui->confirmEdit->text() == m_input.environment.name;
}

QString PlanDialog::auditNote() const
{
    QStringList notes;
    if (!m_auditNote.isEmpty())
        notes.append(m_auditNote);
    const QString lint =
        lintAcknowledgementNote(m_ui->lintView->acknowledged(), m_input.projectRoot);
    if (!lint.isEmpty())
        notes.append(lint);
    return notes.join(QStringLiteral("; "));
}

void PlanDialog::setupLint()
{
    LintFindingsView *view = m_ui->lintView;
    view->setVisible(m_input.lintPending && !isEmptyPlan());
    view->setStatus(
        tr("<b>Lint:</b> checking against %1…").arg(m_input.environment.name.toHtmlEscaped()));
    connect(view, &LintFindingsView::findingActivated, this,
            [this](int index) { showFinding(index); });
    connect(view, &LintFindingsView::acknowledgementsChanged, this, &PlanDialog::updateOkButton);
    // The steps and SQL get the larger share; the findings what is left.
    m_ui->planSplitter->setStretchFactor(0, 3);
    m_ui->planSplitter->setStretchFactor(1, 2);
}

void PlanDialog::setLint(const LintOutcome &outcome)
{
    m_lintDone = true;
    LintFindingsView *view = m_ui->lintView;
    if (isEmptyPlan()) {
        updateOkButton();
        return;
    }
    view->show();
    const QString env = m_input.environment.name.toHtmlEscaped();
    QString source;
    if (outcome.live && !outcome.serverVersion.isEmpty())
        source =
            tr("checked against %1, server %2").arg(env, outcome.serverVersion.toHtmlEscaped());
    else if (outcome.live)
        source = tr("checked against %1").arg(env);
    else if (!outcome.offlineReason.isEmpty())
        source = tr("offline: %1").arg(outcome.offlineReason.toHtmlEscaped());
    else
        source = tr("offline");
    const bool acknowledge = m_input.environment.isProtected;
    QString status;
    if (!outcome.error.isEmpty()) {
        status = tr("<b>Lint</b> could not run: <span style=\"color:#d03a3a\">%1</span>")
                     .arg(outcome.error.toHtmlEscaped());
    } else if (outcome.report.findings.empty()) {
        status = tr("<b>Lint</b> (%1): no findings.").arg(source);
    } else {
        status = tr("<b>Lint</b> (%1): %2.")
                     .arg(source, LintFindingsView::countsText(outcome.report.findings));
        const int errors = int(lintErrorsToAcknowledge(outcome.report).size());
        if (acknowledge && errors > 0)
            status +=
                QStringLiteral(" <span style=\"color:#d03a3a\">%1</span>")
                    .arg(errors == 1 ? tr("%1 is protected: tick the error to acknowledge it "
                                          "before running; the acknowledgement is recorded in "
                                          "the audit trail.")
                                           .arg(env)
                                     : tr("%1 is protected: tick each of the %2 errors to "
                                          "acknowledge it before running; the acknowledgements "
                                          "are recorded in the audit trail.")
                                           .arg(env)
                                           .arg(errors));
    }
    QStringList notes = outcome.notes;
    notes.append(outcome.report.notes);
    notes.removeDuplicates();
    if (!notes.isEmpty())
        status +=
            QStringLiteral("<br><i>%1</i>").arg(notes.join(QStringLiteral("; ")).toHtmlEscaped());
    view->setStatus(status);
    view->setFindings(outcome.report.findings, m_input.projectRoot, acknowledge);
    // Findings to read get about half the height; without any, the status line is enough.
    const int total = m_ui->planSplitter->height();
    if (!outcome.report.findings.empty())
        m_ui->planSplitter->setSizes({total / 2, total - total / 2});
    else
        m_ui->planSplitter->setSizes({total, view->sizeHint().height()});
    updateOkButton();
}

std::pair<int, int> PlanDialog::locateFinding(const QString &sql, const Plan &plan,
                                              const std::vector<LintFinding> &findings, int index)
{
    if (index < 0 || index >= int(findings.size()))
        return {-1, 0};
    const LintFinding &finding = findings[size_t(index)];
    // Each step's chunk: from its "-- Running" line to the next step's.
    std::vector<int> starts;
    int from = 0;
    for (const PlanStep &step : plan.steps) {
        const int at =
            int(sql.indexOf(QStringLiteral("-- Running ") + step.shortLog() + u'\n', from));
        starts.push_back(at);
        if (at >= 0)
            from = at + 1;
    }
    int step = -1;
    for (int i = 0; i < int(plan.steps.size()); ++i)
        if (starts[size_t(i)] >= 0 && sameStep(plan.steps[size_t(i)], finding)) {
            step = i;
            break;
        }
    if (step < 0)
        return {-1, 0};
    const int begin = starts[size_t(step)];
    int end = int(sql.size());
    for (int i = step + 1; i < int(starts.size()); ++i)
        if (starts[size_t(i)] > begin) {
            end = starts[size_t(i)];
            break;
        }
    const int headerEnd = int(sql.indexOf(u'\n', begin));
    const std::pair<int, int> header{begin, (headerEnd < 0 ? end : headerEnd) - begin};

    const QString key = statementKey(finding.statement);
    if (key.isEmpty())
        return header;
    // An identical statement earlier in the same section: this finding is about a later copy.
    int occurrence = 0;
    for (const LintFinding &other : findings)
        if (other.revision == finding.revision && other.section == finding.section &&
            other.line < finding.line && statementKey(other.statement) == key)
            ++occurrence;
    const Collapsed chunk = collapseSpace(QStringView(sql).mid(begin, end - begin), begin);
    const auto find = [&](const QString &needle, int nth) -> std::pair<int, int> {
        qsizetype at = -1;
        for (int k = 0; k <= nth; ++k) {
            at = chunk.text.indexOf(needle, at + 1);
            if (at < 0)
                return {-1, 0};
        }
        const int first = chunk.origin[size_t(at)];
        int last = chunk.origin[size_t(at + needle.size() - 1)];
        if (last + 1 < end && sql[last + 1] == u';') // the key leaves the semicolon out
            ++last;
        return {first, last - first + 1};
    };
    for (const QString &needle :
         {key, statementKey(finding.statement.trimmed().section(u'\n', 0, 0))}) {
        if (needle.isEmpty())
            continue;
        auto found = find(needle, occurrence);
        if (found.first < 0 && occurrence > 0)
            found = find(needle, 0);
        if (found.first >= 0)
            return found;
    }
    return header;
}

std::pair<int, int> PlanDialog::showFinding(int index)
{
    const auto range = locateFinding(sql(), m_input.plan, m_ui->lintView->findings(), index);
    QPlainTextEdit *edit = m_ui->sqlEdit;
    QList<QTextEdit::ExtraSelection> selections;
    if (range.first >= 0) {
        m_ui->tabs->setCurrentWidget(m_ui->sqlTab);
        const LintFinding &finding = m_ui->lintView->findings()[size_t(index)];
        QTextEdit::ExtraSelection mark;
        QColor colour = finding.allowed ? QColor(0x9e, 0x9e, 0x9e)
                                        : LintFindingsView::levelColor(finding.level);
        colour.setAlpha(70); // the text stays readable on light and dark palettes
        mark.format.setBackground(colour);
        mark.cursor = QTextCursor(edit->document());
        mark.cursor.setPosition(range.first);
        mark.cursor.setPosition(range.first + range.second, QTextCursor::KeepAnchor);
        selections.append(mark);
        QTextCursor cursor(edit->document());
        cursor.setPosition(range.first);
        edit->setTextCursor(cursor);
        edit->centerCursor();
    }
    edit->setExtraSelections(selections);
    return range;
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
    QString tip;
    if (!isEmptyPlan()) {
        const int unacknowledged = m_ui->lintView->toAcknowledgeCount();
        if (m_input.awaitPreflight && !m_preflight)
            tip = tr("Waiting for the pre-flight checks.");
        else if (m_input.environment.isProtected && m_input.awaitPreflight && !lintDone())
            tip = tr("Waiting for the lint findings.");
        else if (m_input.environment.isProtected && unacknowledged > 0)
            tip = unacknowledged == 1
                      ? tr("Acknowledge the lint error first (tick it in the findings).")
                      : tr("Acknowledge the %1 lint errors first (tick each in the findings).")
                            .arg(unacknowledged);
    }
    ok->setToolTip(tip);
    ok->setDefault(canAccept());
    if (!canAccept())
        m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setDefault(true);
}

} // namespace retort::gui
