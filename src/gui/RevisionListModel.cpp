#include "RevisionListModel.h"

#include "project/Workspace.h"

#include <QColor>
#include <QDateTime>

#include <algorithm>

#include <QFileInfo>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>
#include <QSet>

namespace retort::gui {

namespace {

QString shortId(const QString &id)
{
    return id.left(RevisionListModel::shortIdLength);
}

// Alembic writes "YYYY-MM-DD HH:MM:SS.ffffff"; show it to the minute. Anything else is shown as
// written, so a hand-edited date is never hidden.
QString displayDate(const QString &written)
{
    const QString trimmed = written.trimmed();
    QDateTime dt = QDateTime::fromString(trimmed.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!dt.isValid())
        return trimmed;
    return dt.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

// Readable on light and dark backgrounds alike (mid-luminance hues).
QVariant reviewColor(ReviewState state)
{
    switch (state) {
    case ReviewState::Reviewed:
        return QColor(0x2e, 0x9d, 0x52);
    case ReviewState::Stale:
        return QColor(0xd0, 0x80, 0x10);
    case ReviewState::Partial:
    case ReviewState::None:
        return {};
    }
    return {};
}

// Readable on light and dark backgrounds alike (mid-luminance hues).
QVariant stateColor(RevisionListModel::RevisionState state)
{
    switch (state) {
    case RevisionListModel::PendingState:
        return QColor(0xd0, 0x7a, 0x12); // amber
    case RevisionListModel::CurrentState:
        return QColor(0x2e, 0x9d, 0x52); // green
    case RevisionListModel::UnreachableState:
        return QColor(0xd0, 0x3a, 0x3a); // red
    case RevisionListModel::LeftOutState:
    case RevisionListModel::AppliedState:
    case RevisionListModel::UnknownState:
        break;
    }
    return {};
}

// The text of a left-out revision's row: mid-grey, readable on light and dark bases alike.
const QColor kLeftOutText(0x8a, 0x8a, 0x8a);

QString leftOutStateText(const LeftOutRevision &r)
{
    switch (r.why) {
    case LeftOutRevision::Why::Unreadable:
        return RevisionListModel::tr("unreadable");
    case LeftOutRevision::Why::DuplicateId:
        return RevisionListModel::tr("duplicate");
    default:
        return RevisionListModel::stateText(RevisionListModel::LeftOutState);
    }
}

} // namespace

RevisionListModel::RevisionListModel(QObject *parent) : QAbstractTableModel(parent) {}

RevisionListModel::~RevisionListModel() = default;

void RevisionListModel::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    beginResetModel();
    m_workspace = std::move(workspace);
    m_history.clear();
    if (m_workspace) {
        const RevisionGraph &graph = m_workspace->graph();
        // Revisions left out of the graph come first: most descend from the graph's part.
        for (int k : graph.leftOutNewestFirst())
            m_history.push_back(leftOutEntry(k));
        auto history = graph.history();
        if (history) {
            m_history.insert(m_history.end(), history->begin(), history->end());
        } else {
            // history() refuses only graphs the loader already reported as broken; still list
            // every revision rather than nothing.
            m_history.reserve(graph.size());
            for (int i = graph.size() - 1; i >= 0; --i)
                m_history.push_back(i);
        }
    }
    if (m_workspace) {
        // States of environments the project no longer has go; graph indices change with the
        // graph, so the others are derived again from their rows.
        std::erase_if(m_states, [&](const EnvironmentState &s) {
            return !m_workspace->project().environment(s.environment);
        });
        for (EnvironmentState &state : m_states)
            if (state.reach == EnvironmentState::Reach::Reached)
                computeEnvironmentState(m_workspace->graph(), state);
        sortStates();
    }
    rebuildRows();
    rebuildBadges();
    rebuildReleaseTags();
    endResetModel();
}

void RevisionListModel::setFilter(const QString &filter)
{
    const QString trimmed = filter.trimmed();
    if (trimmed == m_filter)
        return;
    beginResetModel();
    m_filter = trimmed;
    rebuildRows();
    endResetModel();
}

const LeftOutRevision *RevisionListModel::leftOutOf(int entry) const
{
    const int k = -2 - entry;
    if (entry >= -1 || !m_workspace || k >= int(m_workspace->graph().leftOut().size()))
        return nullptr;
    return &m_workspace->graph().leftOut()[size_t(k)];
}

bool RevisionListModel::entryMatches(int entry, const QString &filter) const
{
    const LeftOutRevision *r = leftOutOf(entry);
    if (!r)
        return matches(entry, filter);
    auto contains = [&](const QString &text) { return text.contains(filter, Qt::CaseInsensitive); };
    return filter.isEmpty() || r->id.startsWith(filter, Qt::CaseInsensitive) ||
           (r->script &&
            (contains(r->script->message) || std::any_of(r->script->branchLabels.begin(),
                                                         r->script->branchLabels.end(), contains)));
}

bool RevisionListModel::matches(int revision, const QString &filter) const
{
    if (filter.isEmpty())
        return true;
    const Revision &rev = m_workspace->graph().at(revision);
    if (rev.id.startsWith(filter, Qt::CaseInsensitive))
        return true;
    if (rev.script && rev.script->message.contains(filter, Qt::CaseInsensitive))
        return true;
    return std::any_of(rev.labels.begin(), rev.labels.end(), [&](const QString &label) {
        return label.contains(filter, Qt::CaseInsensitive);
    });
}

void RevisionListModel::rebuildRows()
{
    m_rows.clear();
    m_lanes.clear();
    m_maxLanes = 0;
    m_headCount = 0;
    if (!m_workspace)
        return;
    const RevisionGraph &graph = m_workspace->graph();
    if (m_filter.isEmpty()) {
        m_rows = m_history;
    } else {
        for (int e : m_history)
            if (entryMatches(e, m_filter))
                m_rows.push_back(e);
    }
    // The left-out rows (all before the graph's) have no lane: an empty layout each.
    std::vector<int> graphRows;
    graphRows.reserve(m_rows.size());
    for (int e : m_rows)
        if (e >= 0)
            graphRows.push_back(e);
    for (int i : graphRows)
        m_headCount += graph.isCertainHead(i) ? 1 : 0;
    LaneRow noLane;
    noLane.laneCount = 1;
    m_lanes.assign(m_rows.size() - graphRows.size(), noLane);
    std::vector<LaneRow> lanes = layoutLanes(graph, graphRows);
    m_lanes.insert(m_lanes.end(), std::make_move_iterator(lanes.begin()),
                   std::make_move_iterator(lanes.end()));
    for (const LaneRow &lane : m_lanes)
        m_maxLanes = std::max(m_maxLanes, lane.laneCount);
}

void RevisionListModel::setEnvironmentStates(std::vector<EnvironmentState> states)
{
    m_states = std::move(states);
    sortStates();
    statesChanged();
}

void RevisionListModel::setEnvironmentState(const EnvironmentState &state)
{
    auto it = std::find_if(m_states.begin(), m_states.end(), [&](const EnvironmentState &s) {
        return s.environment == state.environment;
    });
    if (it != m_states.end())
        *it = state;
    else
        m_states.push_back(state);
    sortStates();
    statesChanged();
}

void RevisionListModel::setSelectedEnvironment(const QString &name)
{
    if (name == m_selectedEnvironment)
        return;
    m_selectedEnvironment = name;
    statesChanged();
}

const EnvironmentState *RevisionListModel::environmentState(const QString &name) const
{
    for (const EnvironmentState &s : m_states)
        if (s.environment == name)
            return &s;
    return nullptr;
}

RevisionListModel::RevisionState RevisionListModel::revisionState(int revision,
                                                                  const QString &name) const
{
    const EnvironmentState *state = environmentState(name);
    if (!state || !m_workspace || revision < 0)
        return UnknownState;
    switch (state->reach) {
    case EnvironmentState::Reach::Unknown:
        return UnknownState;
    case EnvironmentState::Reach::Unreachable:
        return UnreachableState;
    case EnvironmentState::Reach::Reached:
        break;
    }
    if (state->applied.size() != size_t(m_workspace->graph().size()))
        return UnknownState; // rows naming revisions the project lacks: nothing is certain
    if (state->isCurrent(m_workspace->graph().at(revision).id))
        return CurrentState;
    return state->isApplied(revision) ? AppliedState : PendingState;
}

void RevisionListModel::sortStates()
{
    if (!m_workspace)
        return;
    const auto &envs = m_workspace->project().environments;
    auto rank = [&](const EnvironmentState &s) {
        for (size_t i = 0; i < envs.size(); ++i)
            if (envs[i].name == s.environment)
                return int(i);
        return int(envs.size());
    };
    std::stable_sort(
        m_states.begin(), m_states.end(),
        [&](const EnvironmentState &a, const EnvironmentState &b) { return rank(a) < rank(b); });
}

void RevisionListModel::rebuildBadges()
{
    m_badges.clear();
    m_drift.clear();
    if (!m_workspace)
        return;
    for (const EnvironmentState &s : m_states) {
        if (s.reach != EnvironmentState::Reach::Reached)
            continue;
        for (const ScriptDrift &d : s.drift) {
            const int i = m_workspace->graph().indexOf(d.revision);
            if (d.kind == ScriptDrift::Edited && i >= 0)
                m_drift[i].append(QVariantMap{{QStringLiteral("environment"), s.environment},
                                              {QStringLiteral("describe"), d.describe()},
                                              {QStringLiteral("diff"), d.diff}});
        }
        for (const QString &id : s.current) {
            const int i = m_workspace->graph().indexOf(id);
            if (i >= 0)
                m_badges[i].append(s.environment);
        }
    }
}

void RevisionListModel::statesChanged()
{
    rebuildBadges();
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    Q_EMIT headerDataChanged(Qt::Horizontal, StateColumn, StateColumn);
}

int RevisionListModel::rowOf(const QString &id) const
{
    if (!m_workspace || id.isEmpty())
        return -1;
    const int index = m_workspace->graph().indexOf(id);
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](int e) {
        const LeftOutRevision *r = index < 0 ? leftOutOf(e) : nullptr;
        return index >= 0 ? e == index : r && r->id == id;
    });
    return it == m_rows.end() ? -1 : int(it - m_rows.begin());
}

const LaneRow *RevisionListModel::laneRow(int row) const
{
    return row >= 0 && row < int(m_lanes.size()) ? &m_lanes[size_t(row)] : nullptr;
}

int RevisionListModel::revisionIndex(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? std::max(m_rows[row], -1) : -1;
}

const LeftOutRevision *RevisionListModel::leftOutRevision(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? leftOutOf(m_rows[row]) : nullptr;
}

int RevisionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RevisionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RevisionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int revision = m_rows[index.row()];
    if (const LeftOutRevision *r = leftOutOf(revision))
        return leftOutData(*r, index.column(), role);
    switch (role) {
    case Qt::DisplayRole:
        return displayData(revision, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ReviewColumn)
            return reviewText(m_reviews.value(m_workspace->graph().at(revision).id));
        return toolTipData(revision);
    case Qt::FontRole:
        if (index.column() == RevisionColumn || index.column() == ParentsColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (index.column() == StateColumn &&
            revisionState(revision, m_selectedEnvironment) == CurrentState) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case RevisionIdRole:
        return m_workspace->graph().at(revision).id;
    case MarkersRole:
        return index.column() == MessageColumn ? markers(revision) : QVariant();
    case IsHeadRole:
        return m_workspace->graph().isCertainHead(revision);
    case EnvironmentBadgesRole:
        return index.column() == MessageColumn ? environmentBadges(revision) : QVariant();
    case StateRole:
        return int(revisionState(revision, m_selectedEnvironment));
    case DriftRole:
        return m_drift.value(revision);
    case ReviewRole:
        return int(m_reviews.value(m_workspace->graph().at(revision).id));
    case LintErrorsRole:
        return lintErrors(m_workspace->graph().at(revision).id);
    case ReleaseTagsRole:
        return index.column() == MessageColumn ? m_tagsAt.value(revision) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            return stateColor(revisionState(revision, m_selectedEnvironment));
        if (index.column() == ReviewColumn)
            return reviewColor(m_reviews.value(m_workspace->graph().at(revision).id));
        return {};
    default:
        return {};
    }
}

QVariant RevisionListModel::leftOutData(const LeftOutRevision &r, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return leftOutDisplay(r, column);
    case Qt::ToolTipRole:
        return QStringLiteral("<b>%1</b> (%2)<br>%3<br><i>%4</i>")
            .arg(r.id.toHtmlEscaped(), leftOutStateText(r).toHtmlEscaped(),
                 r.reason.toHtmlEscaped(), QFileInfo(r.file).fileName().toHtmlEscaped());
    case Qt::FontRole:
        if (column == RevisionColumn || column == ParentsColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::ForegroundRole:
        return column == StateColumn ? stateColor(UnreachableState) : QVariant(kLeftOutText);
    case RevisionIdRole:
        return r.id;
    case IsHeadRole:
        return false;
    case StateRole:
        return int(LeftOutState);
    case LeftOutReasonRole:
        return r.reason;
    case LintErrorsRole:
        return lintErrors(r.id);
    default:
        return {};
    }
}

QVariant RevisionListModel::leftOutDisplay(const LeftOutRevision &r, int column) const
{
    switch (column) {
    case RevisionColumn:
        return shortId(r.id);
    case MessageColumn:
        return r.script ? r.script->message : QFileInfo(r.file).fileName();
    case ParentsColumn: {
        if (!r.parentsKnown)
            return QStringLiteral("?");
        if (r.parents.isEmpty())
            return tr("(base)");
        QStringList parents;
        for (const QString &p : r.parents)
            parents.append(shortId(p));
        return parents.join(QStringLiteral(", "));
    }
    case LabelsColumn:
        return r.script ? r.script->branchLabels.join(QStringLiteral(", ")) : QString();
    case CreatedColumn:
        return r.script ? displayDate(r.script->createDate) : QString();
    case StateColumn:
        return leftOutStateText(r);
    default:
        return {};
    }
}

QVariant RevisionListModel::displayData(int revision, int column) const
{
    const RevisionGraph &graph = m_workspace->graph();
    const Revision &rev = graph.at(revision);
    switch (column) {
    case RevisionColumn:
        return shortId(rev.id);
    case MessageColumn:
        return rev.script ? rev.script->message : QString();
    case ParentsColumn: {
        if (rev.down.empty())
            return tr("(base)");
        QStringList parents;
        for (int p : rev.down)
            parents.append(shortId(graph.at(p).id));
        return parents.join(QStringLiteral(", "));
    }
    case LabelsColumn: // declared here; the inherited ones are in the detail pane
        return rev.ownLabels.join(QStringLiteral(", "));
    case CreatedColumn:
        return rev.script ? displayDate(rev.script->createDate) : QString();
    case StateColumn:
        return stateText(revisionState(revision, m_selectedEnvironment));
    case ReviewColumn:
        switch (m_reviews.value(rev.id)) {
        case ReviewState::Reviewed:
            return QStringLiteral("\u2713"); // ✓
        case ReviewState::Partial:
            return QStringLiteral("\u25d0"); // ◐
        case ReviewState::Stale:
            return QStringLiteral("\u26a0"); // ⚠
        case ReviewState::None:
            return QString();
        }
        return {};
    default:
        return {};
    }
}

QString RevisionListModel::reviewText(ReviewState state)
{
    switch (state) {
    case ReviewState::Reviewed:
        return tr("Reviewed");
    case ReviewState::Partial:
        return tr("Partly reviewed");
    case ReviewState::Stale:
        return tr("Reviewed before an edit: review it again");
    case ReviewState::None:
        return tr("Not reviewed");
    }
    return {};
}

void RevisionListModel::setReviewStates(QHash<QString, ReviewState> states)
{
    m_reviews = std::move(states);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, ReviewColumn), index(int(m_rows.size()) - 1, ReviewColumn));
}

void RevisionListModel::setReviewState(const QString &id, ReviewState state)
{
    m_reviews.insert(id, state);
    const int row = rowOf(id);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, ReviewColumn), index(row, ReviewColumn));
}

void RevisionListModel::setLintFindings(QHash<QString, std::vector<LintFinding>> findings)
{
    m_lint = std::move(findings);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1),
                           {MarkersRole, LintErrorsRole, Qt::ToolTipRole});
}

void RevisionListModel::setReleases(QHash<QString, QString> releaseOf, QStringList tags)
{
    m_releaseOf = std::move(releaseOf);
    m_tags = std::move(tags);
    rebuildReleaseTags();
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, MessageColumn), index(int(m_rows.size()) - 1, MessageColumn),
                           {ReleaseTagsRole});
}

void RevisionListModel::rebuildReleaseTags()
{
    m_tagsAt.clear();
    if (!m_workspace)
        return;
    // m_history lists the graph newest first: the first revision met of a release is its newest.
    QSet<QString> placed;
    QHash<int, QSet<QString>> found;
    for (int entry : m_history) {
        if (entry < 0)
            continue;
        const QString release = m_releaseOf.value(m_workspace->graph().at(entry).id);
        if (release.isEmpty() || placed.contains(release))
            continue;
        placed.insert(release);
        found[entry].insert(release);
    }
    for (auto it = found.cbegin(); it != found.cend(); ++it)
        for (const QString &tag : m_tags) // oldest first
            if (it.value().contains(tag))
                m_tagsAt[it.key()].append(tag);
}

const std::vector<LintFinding> &RevisionListModel::lintFindings(const QString &id) const
{
    static const std::vector<LintFinding> none;
    const auto it = m_lint.constFind(id);
    return it == m_lint.cend() ? none : *it;
}

QStringList RevisionListModel::lintErrors(const QString &id) const
{
    QStringList rules;
    for (const LintFinding &f : lintFindings(id))
        if (!f.allowed && f.level == LintLevel::Error && !rules.contains(f.rule))
            rules.append(f.rule);
    return rules;
}

QString RevisionListModel::lintTip(const QStringList &rules)
{
    return tr("lint %1: %2 — see the Lint tab of the detail pane")
        .arg(rules.size() == 1 ? tr("error") : tr("errors"), rules.join(QStringLiteral(", ")));
}

QVariant RevisionListModel::toolTipData(int revision) const
{
    const RevisionGraph &graph = m_workspace->graph();
    const Revision &rev = graph.at(revision);
    QString tip = QStringLiteral("<b>%1</b>").arg(rev.id.toHtmlEscaped());
    QStringList kinds;
    for (const QVariant &m : markers(revision))
        kinds.append(markerText(Marker(m.toInt())));
    if (!kinds.isEmpty())
        tip += QStringLiteral(" (%1)").arg(kinds.join(QStringLiteral(", ")).toHtmlEscaped());
    if (rev.script) {
        tip += QStringLiteral("<br>%1").arg(rev.script->message.toHtmlEscaped());
        tip += QStringLiteral("<br><i>%1</i>")
                   .arg(QFileInfo(rev.script->path).fileName().toHtmlEscaped());
        if (!rev.script->createDate.isEmpty())
            tip += QStringLiteral("<br>") + tr("Created %1").arg(rev.script->createDate);
    }
    for (const QVariant &d : m_drift.value(revision))
        tip += QStringLiteral("<br><b>%1</b>")
                   .arg(tr("Edited after it was applied to %1")
                            .arg(d.toMap().value(QStringLiteral("environment")).toString())
                            .toHtmlEscaped());
    if (const QStringList rules = lintErrors(rev.id); !rules.isEmpty())
        tip += QStringLiteral("<br><b>%1</b>").arg(lintTip(rules).toHtmlEscaped());
    if (!rev.dependencies.empty()) {
        QStringList deps;
        for (int d : rev.dependencies)
            deps.append(shortId(graph.at(d).id));
        tip += QStringLiteral("<br>") + tr("Depends on %1").arg(deps.join(QStringLiteral(", ")));
    }
    return tip;
}

QString RevisionListModel::markerText(Marker marker)
{
    switch (marker) {
    case HeadMarker:
        return tr("head");
    case MergeMarker:
        return tr("merge");
    case BranchPointMarker:
        return tr("branch point");
    case EditedMarker:
        return tr("edited");
    case LintMarker:
        return tr("! lint");
    }
    return {};
}

QString RevisionListModel::stateText(RevisionState state)
{
    switch (state) {
    case UnknownState:
        return {};
    case AppliedState:
        return tr("applied");
    case CurrentState:
        return tr("current");
    case PendingState:
        return tr("pending");
    case UnreachableState:
        return tr("not reachable");
    case LeftOutState:
        return tr("unreachable");
    }
    return {};
}

QVariantList RevisionListModel::environmentBadges(int revision) const
{
    QVariantList result;
    const auto it = m_badges.constFind(revision);
    if (it == m_badges.cend())
        return result;
    for (const QString &name : *it) {
        const Environment *env = m_workspace->project().environment(name);
        const SchemaDriftMark mark = m_schemaDrift.value(name);
        result.append(QVariantMap{
            {QStringLiteral("name"), name},
            {QStringLiteral("protected"), env && env->isProtected},
            {QStringLiteral("selected"), name == m_selectedEnvironment},
            {QStringLiteral("drift"), mark.differences},
            {QStringLiteral("driftAccepted"), mark.accepted},
            {QStringLiteral("driftTip"),
             mark.differences > 0 ? schemaDriftTip(mark.differences, mark.accepted) : QString()}});
    }
    return result;
}

void RevisionListModel::setSchemaDrift(const QString &environment, int differences, bool accepted)
{
    const SchemaDriftMark mark{qMax(0, differences), differences > 0 && accepted};
    const SchemaDriftMark old = m_schemaDrift.value(environment);
    if (old.differences == mark.differences && old.accepted == mark.accepted)
        return;
    if (mark.differences == 0)
        m_schemaDrift.remove(environment);
    else
        m_schemaDrift.insert(environment, mark);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, MessageColumn), index(int(m_rows.size()) - 1, MessageColumn),
                           {EnvironmentBadgesRole});
}

QString RevisionListModel::schemaDriftTip(int differences, bool accepted)
{
    const QString count =
        differences == 1 ? tr("1 difference") : tr("%1 differences").arg(differences);
    if (accepted)
        return tr("schema drift accepted: %1 — see Environment ▸ Show Drift…").arg(count);
    return tr("schema drifted: %1 — click Environment ▸ Show Drift…").arg(count);
}

QVariantList RevisionListModel::markers(int revision) const
{
    const RevisionGraph &graph = m_workspace->graph();
    const Revision &rev = graph.at(revision);
    QVariantList result;
    if (graph.isCertainHead(revision))
        result.append(int(HeadMarker));
    if (rev.isMergePoint())
        result.append(int(MergeMarker));
    if (rev.next.size() + graph.leftOutChildren(revision).size() > 1) // of the whole project
        result.append(int(BranchPointMarker));
    if (m_drift.contains(revision))
        result.append(int(EditedMarker));
    if (!lintErrors(rev.id).isEmpty())
        result.append(int(LintMarker));
    return result;
}

QVariant RevisionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case GraphColumn:
        return tr("Graph");
    case RevisionColumn:
        return tr("Revision");
    case MessageColumn:
        return tr("Message");
    case ParentsColumn:
        return tr("Parents");
    case LabelsColumn:
        return tr("Branch labels");
    case CreatedColumn:
        return tr("Created");
    case StateColumn:
        return m_selectedEnvironment.isEmpty() ? tr("State")
                                               : tr("State in %1").arg(m_selectedEnvironment);
    case ReviewColumn:
        return tr("Review");
    default:
        return {};
    }
}

} // namespace retort::gui
