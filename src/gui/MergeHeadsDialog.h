#pragma once

#include "workflows/RevisionDraft.h"

#include <QDateTime>
#include <QDialog>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace Ui {
class MergeHeadsDialog;
}

class QTreeWidgetItem;

namespace retort {
class Workspace;
}

namespace retort::gui {

// "Merge heads…": `alembic merge` for the project's heads. Lists the heads (RevisionGraph::heads(),
// all ticked at the start) and a message (default "merge <short ids>", following the ticks until
// the user edits it), with a live preview of the file name and text. OK needs at least two heads
// ticked and a valid message. Accepting writes the merge revision (Revises = the ticked heads, in
// list order) through writeRevision() into the project's scripts folder; the dialog closes only
// when that succeeded, otherwise the error is shown and the dialog stays open.
//
// With fewer than two heads there is nothing to merge: the dialog says so, and only Close works
// (hasSomethingToMerge() is false — the caller may also disable its action instead).
//
// Usage (MainWindow):
//     MergeHeadsDialog dialog(workspace, this);
//     if (dialog.exec() == QDialog::Accepted)
//         refresh(), select(dialog.revisionId()); // file at dialog.writtenPath()
//
// The revision id is generated once, when the dialog is constructed.
//
// Threading: GUI thread only. The workspace is immutable and shared; the only disk access is the
// one small write on accept.
class MergeHeadsDialog final : public QDialog {
    Q_OBJECT

public:
    // `workspace` must not be null; the dialog keeps it for its lifetime (it is never modified).
    explicit MergeHeadsDialog(std::shared_ptr<const Workspace> workspace,
                              QWidget *parent = nullptr);
    ~MergeHeadsDialog() override;

    // True when the project has at least two heads.
    bool hasSomethingToMerge() const { return m_headCount >= 2; }
    // The id the merge revision will have (fixed for the dialog's lifetime).
    QString revisionId() const { return m_id; }
    // The ticked heads, in list order.
    QStringList ticked() const;
    // The form as a draft (what the preview and the checks use).
    RevisionDraft draft() const;
    // True when OK may be pressed now.
    bool canAccept() const;
    // Absolute path of the written file; empty until the dialog was accepted.
    QString writtenPath() const { return m_writtenPath; }

    // Writes the file; closes the dialog only on success.
    void accept() override;

    // "merge <short id> <short id> ..." for `heads`.
    static QString defaultMessage(const QStringList &heads);

Q_SIGNALS:
    // Emitted once, when the file has been written (before the dialog closes).
    void revisionWritten(const QString &path);

private:
    void fillHeads();
    void onHeadChanged(QTreeWidgetItem *item, int column);
    void updateState();

    Ui::MergeHeadsDialog *m_ui;
    std::shared_ptr<const Workspace> m_workspace;
    QString m_id;
    QDateTime m_opened;
    int m_headCount = 0;
    bool m_messageEdited = false; // the user typed a message: ticks no longer rewrite it
    std::vector<DraftProblem> m_problems;
    QString m_writtenPath;
};

} // namespace retort::gui
