#pragma once

#include "ReviewStore.h"

#include "lint/Lint.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <span>

namespace Ui {
class RevisionDetail;
}

namespace retort {
class Workspace;
struct Revision;
struct Script;
} // namespace retort

class QTabWidget;

namespace retort {
struct MigrationEffect;
}

namespace retort::gui {

class EffectView;
class LintFindingsView;

// The detail pane of one revision: its full id, parents, children, branch labels, depends_on,
// create date and file (with "Open in Editor"), the review checklist, and the upgrade and
// downgrade SQL side by side, numbered with the file's lines. When the script has
// driver-qualified sections, a combo picks the driver whose SQL is shown (the plain section is
// the default). Layout lives in forms/RevisionDetail.ui; the SQL panes share a tab with the
// Effect tab (EffectView: what the upgrade changes, replayed, and whether the downgrade undoes it)
// and the Lint tab (LintFindingsView: the revision's findings, set by the window with
// setLintFindings() once its offline lint is in; the tab's title counts them).
//
// Threading: GUI thread only. It reads only the immutable, already loaded Workspace it shares
// (script text is in memory), so showing a revision never touches the disk.
class RevisionDetail final : public QWidget {
    Q_OBJECT

public:
    explicit RevisionDetail(QWidget *parent = nullptr);
    ~RevisionDetail() override;

    // Shows revision `revision` (a graph index) of `workspace`; null or -1 clears the pane.
    void setRevision(std::shared_ptr<const Workspace> workspace, int revision);
    // The full id shown, or empty.
    QString revisionId() const { return m_revisionId; }
    // The driver whose sections are shown; empty for the plain sections.
    QString driver() const;

    // The shown revision's lint findings (the window's offline lint of the project); cleared by
    // setRevision(). `linted` false: not computed yet.
    void setLintFindings(const std::vector<LintFinding> &findings, bool linted = true);

    EffectView *effectView() const { return m_effect; }
    LintFindingsView *lintView() const { return m_lint; }
    QTabWidget *tabs() const { return m_tabs; }

    // Splitter sizes, for QSettings.
    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

Q_SIGNALS:
    // A parent, child or dependency link was clicked: the full id of that revision.
    void revisionActivated(const QString &id);
    // The user changed the review of the shown revision (ReviewChecklist::stateChanged).
    void reviewStateChanged(const QString &id, retort::gui::ReviewState state);

protected:
    void changeEvent(QEvent *event) override;

private:
    // The review checklist's facts from the Effect tab's SQLite replay (`effect` null: it failed).
    void showReplayFacts(const retort::MigrationEffect *effect, const QString &error);
    // The empty state: no revision selected.
    void showNothing();
    // Parents, children and depends_on: links to those revisions, in the palette's link colour.
    void showLinks(const Revision &rev);
    // depends_on: the resolved revisions, and the declaration when it used labels or partial ids.
    void showDependencies(const Revision &rev);
    // The Children value of a revision without children in the graph.
    QString childlessText(const Revision &rev) const;
    // The driver picker: the drivers with qualified sections, sorted, after the plain sections.
    void fillDrivers();
    void showSections();
    // Wrapping facts, the review checklist as a column, the facts pane's minimum width.
    void setupNarrowLayout();
    // "Open in Editor" (EditorLauncher) and its menu: choose the editor, or forget the choice.
    void setupOpenButton();
    QString revisionLinks(std::span<const int> revisions, const QString &none) const;

    Ui::RevisionDetail *m_ui;
    QTabWidget *m_tabs;
    EffectView *m_effect;
    LintFindingsView *m_lint;
    std::shared_ptr<const Workspace> m_workspace;
    const Script *m_script = nullptr; // in m_workspace, or null
    QString m_revisionId;
    int m_revision = -1;       // the graph index shown, or -1
    QString m_preferredDriver; // the driver last picked, kept across revisions that have it
};

} // namespace retort::gui
