#pragma once

#include "ReviewStore.h"

#include <QAbstractTableModel>

#include "graph/LaneLayout.h"
#include "lint/Lint.h"
#include "workflows/EnvironmentStatus.h"

#include <QHash>

#include <memory>
#include <vector>

namespace retort {
class Workspace;
struct LeftOutRevision;
} // namespace retort

namespace retort::gui {

// The revisions of a Workspace as a flat table, newest first in Alembic's `history` order,
// optionally filtered (setFilter). An incomplete project's revisions left out of the graph
// (RevisionGraph::leftOut: cut off from base, in a cycle, duplicates, unreadable scripts) come
// first, greyed, their State cell saying so and their tooltip why (LeftOutReasonRole); they have
// no lane, no marker and no graph index (revisionIndex() is -1). Only a head of the whole project
// (RevisionGraph::isCertainHead) is marked as one. Rows and their lane layout are computed once per
// setWorkspace()/setFilter(); data() only reads the immutable Workspace, so views over thousands
// of revisions stay cheap. The filter lives here rather than in a proxy model because the lanes of
// a filtered list must be laid out for the rows actually shown (LaneDelegate reads laneRow()
// from this model). GUI thread only (like every model).
class RevisionListModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        GraphColumn, // the lane graph, painted by LaneDelegate from laneRow()
        RevisionColumn,
        MessageColumn,
        ParentsColumn,
        LabelsColumn, // the labels the revision declares (not those it inherits)
        CreatedColumn,
        StateColumn,  // the revision's state in the selected environment (RevisionState)
        ReviewColumn, // the user's review of the script as it is now (ReviewState)
        ColumnCount
    };
    enum Role {
        RevisionIdRole = Qt::UserRole + 1, // QString: the full revision id
        MarkersRole, // Message column: QVariantList of Marker (as int), in display order
        IsHeadRole,  // bool
        // Message column: QVariantList of QVariantMap {name: QString, protected: bool,
        // selected: bool, drift: int (differences its last drift check found; 0: none or not
        // checked), driftAccepted: bool (those differences were accepted), driftTip: QString
        // (the badge's tooltip when it drifted)}, one per environment whose current revisions
        // include this one, in project order.
        EnvironmentBadgesRole,
        StateRole, // int (RevisionState) in the selected environment, every column
        // QVariantList of QVariantMap {environment, describe, diff}: where this revision's script
        // was edited after being applied; empty when nowhere.
        DriftRole,
        ReviewRole, // int (ReviewState): the review of the revision's script as it is now
        // QString: why the revision is not in the graph (LeftOutRevision::reason); empty for the
        // graph's own revisions.
        LeftOutReasonRole,
        // QStringList: the rules of the revision's lint errors (not allowed in the script), in
        // finding order, without repeats; empty when it has none (setLintFindings).
        LintErrorsRole,
        // Message column: QStringList of the releases (git tags) whose newest revision this is,
        // oldest first; empty when none (setReleases).
        ReleaseTagsRole,
    };
    // What a revision is in the graph, shown as badges next to the message.
    // EditedMarker: the script changed after it was applied to some environment (see DriftRole).
    // LintMarker: the script has lint errors (see LintErrorsRole; lintTip() is its tooltip).
    enum Marker { HeadMarker, MergeMarker, BranchPointMarker, EditedMarker, LintMarker };
    // A revision in one environment: not checked yet, applied (below the current revisions),
    // current (a current revision), pending (an upgrade to heads would run it), or unknown
    // because the database could not be read. LeftOutState: the revision is not in the graph (its
    // row's StateRole in every environment).
    enum RevisionState {
        UnknownState,
        AppliedState,
        CurrentState,
        PendingState,
        UnreachableState,
        LeftOutState
    };
    Q_ENUM(Column)
    Q_ENUM(Marker)
    Q_ENUM(RevisionState)

    // The translated badge text of a marker ("head", "merge", "branch point").
    static QString markerText(Marker marker);
    // The translated text of a state ("applied", "current", "pending", "not reachable"; "" for
    // unknown).
    static QString stateText(RevisionState state);

    // Length of the short ids shown in the Revision and Parents columns (Alembic's default).
    static constexpr int shortIdLength = 12;

    explicit RevisionListModel(QObject *parent = nullptr);
    ~RevisionListModel() override;

    // Replaces the content (a model reset), keeping the filter. Null clears the model.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    // Shows only the revisions matching `filter` (a model reset; empty shows all): an id starting
    // with it, or a message or branch label containing it, case-insensitively. Surrounding
    // spaces are ignored.
    void setFilter(const QString &filter);
    QString filter() const { return m_filter; }
    // Whether revision `revision` (a graph index) matches `filter` as setFilter() defines it.
    bool matches(int revision, const QString &filter) const;
    // The row of a revision id, or -1 when it is not shown.
    int rowOf(const QString &id) const;
    // Replaces the known environment states (one per environment, any order; an environment
    // without one is unknown). States are kept across setWorkspace(): their rows are re-read
    // against the new graph. Emits dataChanged, not a reset, so the selection and scroll stay.
    void setEnvironmentStates(std::vector<EnvironmentState> states);
    // Updates (or adds) the state of one environment.
    void setEnvironmentState(const EnvironmentState &state);
    // The environment whose state the State column shows ("" for none).
    void setSelectedEnvironment(const QString &name);
    QString selectedEnvironment() const { return m_selectedEnvironment; }
    // The state known for `name`, or null.
    const EnvironmentState *environmentState(const QString &name) const;
    // The state of graph revision `revision` in environment `name`.
    RevisionState revisionState(int revision, const QString &name) const;

    // The outcome of `environment`'s last schema drift check, shown as a mark on its badges:
    // `differences` found (0: no mark) and whether they were accepted (a neutral mark). Kept
    // across setWorkspace() (by name) until replaced. dataChanged on the Message column.
    void setSchemaDrift(const QString &environment, int differences, bool accepted);
    // The badge's tooltip for a drift mark: "schema drifted: 3 differences — …".
    static QString schemaDriftTip(int differences, bool accepted);

    // Replaces the review states (by revision id; a missing id is not reviewed). Kept across
    // setWorkspace() until replaced (an edit is noticed by the next computation). dataChanged.
    void setReviewStates(QHash<QString, ReviewState> states);
    void setReviewState(const QString &id, ReviewState state);
    ReviewState reviewState(const QString &id) const { return m_reviews.value(id); }
    // The translated text of a review state for a tooltip.
    static QString reviewText(ReviewState state);

    // Replaces the lint findings (by revision id; offline, for the project's drivers). Kept
    // across setWorkspace() until replaced (the window lints again after each load).
    // dataChanged on the Message column: revisions with errors get a LintMarker.
    void setLintFindings(QHash<QString, std::vector<LintFinding>> findings);
    // The findings of revision `id` (empty when none or not linted yet).
    const std::vector<LintFinding> &lintFindings(const QString &id) const;
    // The lint badge's tooltip: "lint errors: drop-table, missing-downgrade — …".
    static QString lintTip(const QStringList &rules);

    // Which release each revision is in (revision id → tag, from the release map's origins,
    // tags oldest first); kept across setWorkspace() until replaced. dataChanged on the Message
    // column: the newest revision of each release gets its tag (ReleaseTagsRole).
    void setReleases(QHash<QString, QString> releaseOf, QStringList tags);

    // The number of revisions before filtering.
    int totalCount() const { return int(m_history.size()); }
    const std::shared_ptr<const Workspace> &workspace() const { return m_workspace; }

    // The graph index of a row, or -1 (also for a row of a revision left out of the graph).
    int revisionIndex(int row) const;
    // The left-out revision of a row, or null.
    const LeftOutRevision *leftOutRevision(int row) const;
    // The lane layout of a row (null when out of range), and the most lanes any row uses.
    const LaneRow *laneRow(int row) const;
    int maxLanes() const { return m_maxLanes; }
    // The number of heads (of the whole project) among the rows.
    int headCount() const { return m_headCount; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // A row's entry: a graph index (>= 0), or leftOutEntry(k) for the left-out revision k.
    static int leftOutEntry(int k) { return -2 - k; }
    const LeftOutRevision *leftOutOf(int entry) const;
    bool entryMatches(int entry, const QString &filter) const;
    void rebuildRows();
    QVariant leftOutData(const LeftOutRevision &r, int column, int role) const;
    QVariant leftOutDisplay(const LeftOutRevision &r, int column) const;
    QVariant displayData(int revision, int column) const;
    QVariant toolTipData(int revision) const;
    QVariantList markers(int revision) const;
    QVariantList environmentBadges(int revision) const;
    void sortStates(); // into the project's environment order
    void rebuildBadges();
    void rebuildReleaseTags(); // m_tagsAt from m_releaseOf, newest revision of each release
    // Recomputes m_badges from m_states, and signals that the state and badge cells changed.
    void statesChanged();

    std::shared_ptr<const Workspace> m_workspace;
    QString m_filter;             // trimmed
    std::vector<int> m_history;   // every entry: the left-out ones, then the graph newest first
    std::vector<int> m_rows;      // the entries shown: m_history filtered
    std::vector<LaneRow> m_lanes; // one per row
    int m_maxLanes = 0;
    int m_headCount = 0;
    std::vector<EnvironmentState> m_states; // project order once a workspace is set
    QString m_selectedEnvironment;
    QHash<QString, ReviewState> m_reviews; // by revision id
    QHash<int, QStringList> m_badges;      // graph index -> environments currently there
    QHash<int, QVariantList> m_drift;      // graph index -> DriftRole entries
    struct SchemaDriftMark {
        int differences = 0;
        bool accepted = false;
    };
    QHash<QString, SchemaDriftMark> m_schemaDrift;   // environment -> its last drift check
    QHash<QString, std::vector<LintFinding>> m_lint; // revision id -> its findings
    QHash<QString, QString> m_releaseOf;             // revision id -> its release (setReleases)
    QStringList m_tags;                              // every release, oldest first
    QHash<int, QStringList> m_tagsAt; // graph index -> the releases it is the newest of
    QStringList lintErrors(const QString &id) const;
};

} // namespace retort::gui
