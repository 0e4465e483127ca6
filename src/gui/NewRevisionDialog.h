#pragma once

#include "workflows/RevisionDraft.h"

#include <QDateTime>
#include <QDialog>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace Ui {
class NewRevisionDialog;
}

class QTreeWidgetItem;

namespace retort {
struct Revision;
class Workspace;
} // namespace retort

namespace retort::gui {

// "New revision…": the form of `alembic revision` (message, parents, --splice, branch labels,
// depends-on, Transactional) with a live preview of the file name and text. Accepting writes
// `<scriptsDir>/<id>_<slug>.sql` through writeRevision(); the dialog closes only when that
// succeeded. A write error (e.g. the id or file already exists) is shown in the dialog, which stays
// open with everything the user typed.
//
// Usage (MainWindow):
//     NewRevisionDialog dialog(workspace, this);
//     dialog.setParents({selectedId});           // optional, e.g. "New revision from here"
//     if (dialog.exec() == QDialog::Accepted)
//         refresh(), select(dialog.revisionId()); // file at dialog.writtenPath()
//
// Rules (RevisionDraft): the message is required; the parents are ticked in a list of every
// revision, heads first. With exactly one head it is ticked at the start; with several heads (or
// after unticking) the user must tick one or more, or tick "No parent: start a new base" — an
// empty project has only that choice. A parent that is not a head needs the splice tick. The OK
// button is disabled while anything is wrong, with the reason under the field concerned.
//
// The revision id is generated once, when the dialog is constructed. The Create Date in the
// preview is the opening time; the file gets the time it is written.
//
// Threading: GUI thread only. The workspace is immutable and shared; the only disk access is the
// one small write on accept.
class NewRevisionDialog final : public QDialog {
    Q_OBJECT

public:
    // `workspace` must not be null; the dialog keeps it for its lifetime (it is never modified).
    explicit NewRevisionDialog(std::shared_ptr<const Workspace> workspace,
                               QWidget *parent = nullptr);
    ~NewRevisionDialog() override;

    // The id the new revision will have (fixed for the dialog's lifetime).
    QString revisionId() const { return m_id; }
    // Ticks exactly these revisions as parents (unknown ids are ignored), e.g. the revision
    // selected in the main window. An empty list ticks "No parent: start a new base".
    void setParents(const QStringList &revisionIds);
    // The ticked parents, heads first, in list order.
    QStringList parents() const;
    // The form as a draft (what the preview and the checks use).
    RevisionDraft draft() const;
    // True when OK may be pressed now (no problem with the form).
    bool canAccept() const;
    // Absolute path of the written file; empty until the dialog was accepted.
    QString writtenPath() const { return m_writtenPath; }

    // Writes the file; closes the dialog only on success.
    void accept() override;

Q_SIGNALS:
    // Emitted once, when the file has been written (before the dialog closes).
    void revisionWritten(const QString &path);

private:
    void fillParents();
    // One row of the parents list: unticked, the id (bold for a head), labels and message.
    QTreeWidgetItem *parentItem(const Revision &rev) const;
    void onParentChanged(QTreeWidgetItem *item, int column);
    void onNewBaseToggled(bool checked);
    void applyFilter(const QString &text);
    void updateState();
    void showPreview(const NewRevision &revision);

    Ui::NewRevisionDialog *m_ui;
    std::shared_ptr<const Workspace> m_workspace;
    QString m_id;
    QDateTime m_opened;
    std::vector<DraftProblem> m_problems;
    QString m_writtenPath;
};

} // namespace retort::gui
