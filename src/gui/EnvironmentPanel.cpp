#include "EnvironmentPanel.h"

#include "Icons.h"
#include "project/Workspace.h"
#include "release/EnvironmentReleases.h"
#include "schema/SchemaDiff.h"
#include "workflows/EnvironmentStatus.h"
#include "workflows/SchemaDrift.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QPixmap>
#include <QScopedValueRollback>
#include <QStyledItemDelegate>
#include <QTimer>

namespace retort::gui {

namespace {

constexpr int kNameRole = Qt::UserRole + 1;
constexpr int kShortId = 12;

QString driverText(const Environment &env)
{
    if (env.driver == u"sqlite")
        return EnvironmentPanel::tr("SQLite");
    if (env.driver == u"postgresql")
        return EnvironmentPanel::tr("PostgreSQL");
    if (env.driver == u"mysql")
        return EnvironmentPanel::tr("MySQL/MariaDB");
    return env.driver;
}

QString where(const Environment &env)
{
    QString text =
        env.driver == u"sqlite"
            ? env.database
            : QStringLiteral("%1@%2%3/%4")
                  .arg(env.user, env.host.isEmpty() ? QStringLiteral("localhost") : env.host,
                       env.port ? QStringLiteral(":%1").arg(env.port) : QString(), env.database);
    if (env.ssh)
        text += EnvironmentPanel::tr(" via SSH %1").arg(env.ssh->host);
    return text;
}

// Room between columns (sized to their contents) and rows.
class PaddedDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return QStyledItemDelegate::sizeHint(option, index) + QSize(16, 4);
    }
};

// Keeps names aligned whether or not a row has the lock.
QIcon blankIcon()
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    return QIcon(pixmap);
}

} // namespace

EnvironmentPanel::EnvironmentPanel(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(Count);
    setHeaderLabels({tr("Environment"), tr("Driver"), tr("Current"), tr("Release"), tr("Pending"),
                     tr("At heads"), tr("Checked"), tr("Drift"), tr("Problem")});
    headerItem()->setToolTip(ReleaseColumn,
                             tr("The newest release (git tag) whose revisions are all applied, "
                                "and how many applied revisions are beyond it"));
    setColumnHidden(ReleaseColumn, true);
    headerItem()->setToolTip(DriftColumn,
                             tr("Whether the live schema is what the environment's revisions "
                                "produce (Environment ▸ Check Drift)"));
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    header()->setMinimumSectionSize(6 * fontMetrics().averageCharWidth());
    setItemDelegate(new PaddedDelegate(this));
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (current && !m_selecting)
            Q_EMIT environmentActivated(current->data(NameColumn, kNameRole).toString());
    });
}

void EnvironmentPanel::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    m_workspace = std::move(workspace);
    const QString current =
        currentItem() ? currentItem()->data(NameColumn, kNameRole).toString() : QString();
    // Rebuilding moves the current item around: that is not the user picking an environment.
    const QScopedValueRollback quiet(m_selecting, true);
    // Keep the rows of environments still there (their last state stays until the next check).
    QHash<QString, QTreeWidgetItem *> old;
    while (topLevelItemCount() > 0) {
        QTreeWidgetItem *item = takeTopLevelItem(0);
        old.insert(item->data(NameColumn, kNameRole).toString(), item);
    }
    if (m_workspace) {
        for (const Environment &env : m_workspace->project().environments) {
            QTreeWidgetItem *item = old.take(env.name);
            if (!item) {
                item = new QTreeWidgetItem;
                item->setText(CurrentColumn, tr("checking…"));
            }
            item->setData(NameColumn, kNameRole, env.name);
            item->setText(NameColumn, env.name);
            item->setIcon(NameColumn, env.isProtected ? themedIcon(QStringLiteral("object-locked"))
                                                      : blankIcon());
            item->setText(DriverColumn, driverText(env));
            item->setToolTip(DriverColumn, where(env));
            item->setToolTip(NameColumn, env.isProtected
                                             ? tr("%1 is protected: runs need the environment's "
                                                  "name typed to confirm")
                                                   .arg(env.name)
                                             : where(env));
            item->setTextAlignment(PendingColumn, Qt::AlignRight | Qt::AlignVCenter);
            addTopLevelItem(item);
        }
    }
    qDeleteAll(old);
    if (itemFor(current))
        selectEnvironment(current);
    else if (topLevelItemCount() > 0)
        selectEnvironment(topLevelItem(0)->data(NameColumn, kNameRole).toString());
}

void EnvironmentPanel::setChecking()
{
    for (int i = 0; i < topLevelItemCount(); ++i)
        topLevelItem(i)->setText(CheckedColumn, tr("checking…"));
    readReleases();
}

void EnvironmentPanel::readReleases()
{
    m_releaseRead.cancel();
    if (!m_workspace)
        return;
    // A fixed number of git processes: off the GUI thread, the workspace shared with the task.
    m_releaseRead = Background::run(
        this,
        [ws = m_workspace](const CancelToken &cancel) {
            return std::make_shared<const ReleaseMap>(readReleaseMap(*ws, &cancel));
        },
        [this, ws = m_workspace](std::shared_ptr<const ReleaseMap> map) {
            if (ws != m_workspace)
                return; // a newer project was loaded meanwhile
            m_releases = std::move(map);
            showReleases();
            Q_EMIT releasesRead();
        });
}

void EnvironmentPanel::scheduleShowReleases()
{
    if (m_releasesScheduled || !m_releases)
        return;
    m_releasesScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_releasesScheduled = false;
        showReleases();
    });
}

void EnvironmentPanel::showReleases()
{
    const bool shown = m_releases && m_releases->available() && !m_releases->tags.empty();
    setColumnHidden(ReleaseColumn, !shown);
    if (!shown || !m_workspace)
        return;
    std::vector<EnvironmentPosition> positions;
    for (const Environment &env : m_workspace->project().environments) {
        EnvironmentPosition p;
        p.environment = env.name;
        p.isProtected = env.isProtected;
        p.known = m_applied.contains(env.name);
        if (p.known) {
            p.applied = m_applied.value(env.name);
            p.release = environmentRelease(*m_releases, p.applied);
        }
        positions.push_back(std::move(p));
    }
    // Each comparison line starts with its environment's name.
    const QStringList comparisons = compareEnvironments(*m_releases, positions);
    for (const EnvironmentPosition &p : positions) {
        QTreeWidgetItem *item = itemFor(p.environment);
        if (!item)
            continue;
        if (!p.known) {
            item->setText(ReleaseColumn, {});
            item->setToolTip(ReleaseColumn, {});
            continue;
        }
        item->setText(ReleaseColumn, p.release.describe(*m_releases));
        QString tip = p.release.release.isEmpty()
                          ? tr("Not every revision of the first release is applied.")
                          : tr("Every revision of %1 is applied.").arg(p.release.release);
        if (!p.release.beyond.isEmpty())
            tip += u'\n' +
                   tr("Applied beyond it: %1").arg(p.release.beyond.join(QStringLiteral(", ")));
        const QString prefix = p.environment + QStringLiteral(": ");
        for (const QString &line : comparisons)
            if (line.startsWith(prefix))
                tip += u'\n' + line;
        item->setToolTip(ReleaseColumn, tip);
    }
}

void EnvironmentPanel::setState(const EnvironmentState &state)
{
    QTreeWidgetItem *item = itemFor(state.environment);
    if (!item)
        return;
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    item->setFont(CurrentColumn, font());
    // The palette's text colour (followed if the palette changes), unless a state sets one.
    item->setData(CurrentColumn, Qt::ForegroundRole, QVariant());
    item->setData(PendingColumn, Qt::ForegroundRole, QVariant());
    item->setText(CheckedColumn, state.checkedAt.time().toString(QStringLiteral("HH:mm:ss")));
    item->setText(AtHeadsColumn, {});
    item->setText(ProblemColumn, state.error.section(u'\n', 0, 0));
    item->setToolTip(ProblemColumn, state.error);
    item->setForeground(ProblemColumn, QColor(0xd0, 0x3a, 0x3a));
    item->setToolTip(CheckedColumn, QLocale().toString(state.checkedAt, QLocale::LongFormat));
    if (state.reach == EnvironmentState::Reach::Reached && state.error.isEmpty() && m_workspace)
        m_applied.insert(state.environment, appliedRevisions(m_workspace->graph(), state));
    else
        m_applied.remove(state.environment);
    scheduleShowReleases();
    switch (state.reach) {
    case EnvironmentState::Reach::Unknown:
        item->setText(CurrentColumn, tr("checking…"));
        item->setText(PendingColumn, {});
        return;
    case EnvironmentState::Reach::Unreachable:
        item->setText(CurrentColumn, tr("not reachable"));
        item->setForeground(CurrentColumn, QColor(0xd0, 0x3a, 0x3a));
        item->setToolTip(CurrentColumn, state.error);
        item->setText(PendingColumn, {});
        return;
    case EnvironmentState::Reach::Reached:
        break;
    }
    QStringList ids;
    for (const QString &id : state.current)
        ids.append(id.left(kShortId));
    if (!state.error.isEmpty()) {
        item->setText(CurrentColumn, state.rows.join(QStringLiteral(", ")));
        item->setForeground(CurrentColumn, QColor(0xd0, 0x3a, 0x3a));
        item->setToolTip(CurrentColumn, state.error);
        item->setText(PendingColumn, tr("?"));
        return;
    }
    if (ids.isEmpty()) {
        item->setText(CurrentColumn, tr("(nothing applied)"));
        item->setToolTip(CurrentColumn, tr("The database has no version rows yet."));
    } else {
        item->setText(CurrentColumn, ids.join(QStringLiteral(", ")));
        item->setFont(CurrentColumn, fixed);
        item->setToolTip(CurrentColumn, state.current.join(u'\n'));
    }
    // An incomplete project: the graph's count is a lower bound, and whether the database is
    // at the whole project's heads is unknown (as the status bar and `retort-cli status` say).
    if (m_workspace && !m_workspace->isComplete()) {
        item->setText(PendingColumn, tr("≥ %1").arg(state.pending));
        item->setToolTip(PendingColumn, tr("At least %1: the project is incomplete, so revisions "
                                           "left out of the graph are not counted.")
                                            .arg(state.pending));
        item->setText(AtHeadsColumn, tr("?"));
        item->setForeground(PendingColumn, QColor(0xd0, 0x7a, 0x12));
        return;
    }
    item->setText(PendingColumn,
                  state.pending == 0 ? tr("up to date") : QString::number(state.pending));
    item->setText(AtHeadsColumn, state.atHeads ? tr("yes") : tr("no"));
    if (state.pending > 0)
        item->setForeground(PendingColumn, QColor(0xd0, 0x7a, 0x12));
    else
        item->setForeground(PendingColumn, QColor(0x2e, 0x9d, 0x52));
}

void EnvironmentPanel::setDriftChecking(const QString &name)
{
    if (QTreeWidgetItem *item = itemFor(name)) {
        item->setText(DriftColumn, tr("checking…"));
        item->setData(DriftColumn, Qt::ForegroundRole, QVariant());
    }
}

void EnvironmentPanel::setDrift(const QString &name, const SchemaDriftReport &report)
{
    QTreeWidgetItem *item = itemFor(name);
    if (!item)
        return;
    const SchemaDiff &diff = report.diff;
    // Plurals spelled out: "1 difference"; an accepted drift: "accepted (REASON)".
    item->setText(DriftColumn, driftSummary(report));
    const QString against = report.rows.isEmpty()
                                ? tr("no revisions applied")
                                : tr("revisions %1").arg(report.rows.join(QStringLiteral(", ")));
    if (diff.empty()) {
        item->setForeground(DriftColumn, QColor(0x2e, 0x9d, 0x52));
        item->setToolTip(DriftColumn,
                         tr("The live schema is what its revisions produce (%1).").arg(against));
        return;
    }
    constexpr int kShown = 5;
    QStringList lines;
    for (size_t i = 0; i < diff.changes.size() && i < size_t(kShown); ++i)
        lines.append(QStringLiteral("• ") + diff.changes[i].summary);
    if (diff.changes.size() > size_t(kShown))
        lines.append(tr("… and %1 more").arg(diff.changes.size() - size_t(kShown)));
    if (report.acceptedDrift()) {
        item->setForeground(DriftColumn, QColor(0x75, 0x75, 0x75));
        item->setToolTip(DriftColumn,
                         tr("The live schema differs from what its revisions produce (%1), and "
                            "this difference was %2:\n%3\n\nA further change shows as drift "
                            "again. Double-click to see every difference.")
                             .arg(against, report.accepted->describe(), lines.join(u'\n')));
        return;
    }
    item->setForeground(DriftColumn, QColor(0xd0, 0x7a, 0x12));
    item->setToolTip(DriftColumn, tr("The live schema differs from what its revisions produce "
                                     "(%1):\n%2\n\nDouble-click to see every difference.")
                                      .arg(against, lines.join(u'\n')));
}

void EnvironmentPanel::setDriftUnchecked(const QString &name, const QString &why,
                                         const QString &error)
{
    QTreeWidgetItem *item = itemFor(name);
    if (!item)
        return;
    item->setText(DriftColumn, why);
    item->setForeground(DriftColumn, QColor(0xd0, 0x3a, 0x3a));
    item->setToolTip(DriftColumn, error);
}

QString EnvironmentPanel::currentEnvironment() const
{
    return currentItem() ? currentItem()->data(NameColumn, kNameRole).toString() : QString();
}

void EnvironmentPanel::selectEnvironment(const QString &name)
{
    QTreeWidgetItem *item = itemFor(name);
    if (!item || item == currentItem())
        return;
    const QScopedValueRollback quiet(m_selecting, true);
    setCurrentItem(item);
}

QTreeWidgetItem *EnvironmentPanel::itemFor(const QString &name) const
{
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (topLevelItem(i)->data(NameColumn, kNameRole).toString() == name)
            return topLevelItem(i);
    return nullptr;
}

} // namespace retort::gui
