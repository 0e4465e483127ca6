#include "HistoryPanel.h"

#include "base/Background.h"
#include "project/Workspace.h"

#include <QHeaderView>
#include <QLocale>

namespace retort::gui {

namespace {

QString outcomeText(AuditOutcome outcome)
{
    switch (outcome) {
    case AuditOutcome::Running:
        return HistoryPanel::tr("running");
    case AuditOutcome::Succeeded:
        return HistoryPanel::tr("succeeded");
    case AuditOutcome::Failed:
        return HistoryPanel::tr("failed");
    case AuditOutcome::Interrupted:
        return HistoryPanel::tr("interrupted");
    }
    return {};
}

QString durationText(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 1000)
        return HistoryPanel::tr("%1 ms").arg(ms);
    return HistoryPanel::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
}

} // namespace

HistoryPanel::HistoryPanel(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(Count);
    setHeaderLabels(
        {tr("Started"), tr("Operator"), tr("Step"), tr("Outcome"), tr("Duration"), tr("Detail")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

void HistoryPanel::load(std::shared_ptr<const Workspace> workspace, const QString &environment,
                        const ConnectionSecrets &secrets)
{
    const quint64 generation = ++m_generation;
    m_environment = environment;
    const Environment *env = workspace ? workspace->project().environment(environment) : nullptr;
    if (!env) {
        show({}, {});
        return;
    }
    Background::run(
        this,
        [envCopy = *env, table = workspace->project().versionTableName(),
         secrets](const CancelToken &) { return readHistory(envCopy, table, secrets, maxRows); },
        [this, generation](Result<std::vector<AuditEntry>> rows) {
            if (generation != m_generation)
                return; // superseded by a newer load()
            if (rows)
                show(*rows, {});
            else
                show({}, rows.error().message);
        });
}

void HistoryPanel::show(const std::vector<AuditEntry> &entries, const QString &error)
{
    m_entries = entries;
    clear();
    const QColor red(0xd0, 0x3a, 0x3a), green(0x2e, 0x9d, 0x52), amber(0xd0, 0x7a, 0x12);
    if (!error.isEmpty()) {
        auto *item = new QTreeWidgetItem(this);
        item->setText(StepColumn, tr("The history could not be read"));
        item->setText(DetailColumn, error);
        item->setForeground(DetailColumn, red);
    } else if (entries.empty() && !m_environment.isEmpty()) {
        auto *item = new QTreeWidgetItem(this);
        item->setText(StepColumn, tr("Nothing run by Retort here yet"));
        item->setFlags(Qt::NoItemFlags);
    }
    for (const AuditEntry &e : entries) {
        auto *item = new QTreeWidgetItem(this);
        item->setText(StartedColumn,
                      QLocale().toString(e.startedAt.toLocalTime(), QLocale::ShortFormat));
        item->setToolTip(StartedColumn, e.startedAt.toString(Qt::ISODateWithMs));
        item->setText(OperatorColumn, e.operatorName);
        item->setText(StepColumn, e.step());
        item->setText(OutcomeColumn, outcomeText(e.outcome));
        item->setText(DurationColumn, durationText(e.durationMs));
        item->setTextAlignment(DurationColumn, Qt::AlignRight | Qt::AlignVCenter);
        QString detail = e.error.section(u'\n', 0, 0);
        if (e.outcome == AuditOutcome::Interrupted)
            detail = e.describe();
        if (!e.note.isEmpty())
            detail = detail.isEmpty() ? e.note : detail + QStringLiteral(" — ") + e.note;
        item->setText(DetailColumn, detail);
        item->setToolTip(DetailColumn, e.describe());
        switch (e.outcome) {
        case AuditOutcome::Succeeded:
            item->setForeground(OutcomeColumn, green);
            break;
        case AuditOutcome::Failed:
        case AuditOutcome::Interrupted:
            item->setForeground(OutcomeColumn, red);
            item->setForeground(DetailColumn, red);
            break;
        case AuditOutcome::Running:
            item->setForeground(OutcomeColumn, amber);
            break;
        }
    }
    Q_EMIT loaded(error);
}

} // namespace retort::gui
