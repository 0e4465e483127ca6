#pragma once

#include "workflows/RevisionDraft.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QLabel;
class QTreeWidget;

namespace retort::gui {

// The words the revision dialogs (NewRevisionDialog, MergeHeadsDialog) share: translated texts for
// the core's DraftProblems and the inline error labels under form fields. GUI thread only.
class DraftText final {
    Q_DECLARE_TR_FUNCTIONS(DraftText)

public:
    DraftText() = delete;

    // One translated sentence for `problem` (the core's English text is not shown).
    static QString problem(const DraftProblem &problem);
    // The translated texts of the problems about `field`, in order.
    static QStringList problems(const std::vector<DraftProblem> &all, DraftField field);

    // Shows `lines` (one per line) in `label` coloured as an error, or hides the label when there
    // are none. The label should be PlainText with word wrap.
    static void showInlineError(QLabel *label, const QStringList &lines);
    // Gives `label` the error colour of its palette (a red readable on the window background).
    static void styleAsError(QLabel *label);

    // The id as the revision list shows it (RevisionListModel::shortIdLength characters).
    static QString shortId(const QString &id);
    // The ids (item data `role` in `column`) of the top-level items whose `column` is checked,
    // in list order: the parents or heads a revision dialog's list has ticked.
    static QStringList checkedIds(const QTreeWidget *view, int column, int role);
};

} // namespace retort::gui
