#pragma once

#include "ReviewStore.h"

#include <QString>
#include <QWidget>

class QLabel;

namespace Ui {
class ReviewChecklist;
}

namespace retort::gui {

// The reviewer's checklist for one revision: "Upgrade contains the expected changes", "Downgrade
// reverses it", "No unintended changes". A review belongs to the script's content: ticks are
// saved at once (ReviewStore: QSettings per project root and revision) with the SHA-256 of the
// script file, and shown again only while the file still has that content. After an edit the
// boxes are cleared and the checklist says "reviewed before an edit" until they are ticked again.
// GUI thread only (reads the one shown script file to hash it).
class ReviewChecklist final : public QWidget {
    Q_OBJECT

public:
    // The items, as bits of the stored value.
    enum Item { UpgradeChecked = 0x1, DowngradeChecked = 0x2, NoUnintendedChanges = 0x4 };
    Q_DECLARE_FLAGS(Items, Item)

    explicit ReviewChecklist(QWidget *parent = nullptr);
    ~ReviewChecklist() override;

    // Shows the review of `revision` (script file `scriptPath`) in the project at `projectRoot`;
    // an empty revision clears and disables the list.
    void setRevision(const QString &projectRoot, const QString &revision,
                     const QString &scriptPath = {});
    Items items() const;
    ReviewState state() const { return m_state; }

    // Checked facts shown under each item, next to the human tick (rich text; "" hides one):
    // what a replay found (RevisionDetail fills them from the Effect tab's SQLite replay).
    void setFacts(const QString &upgrade, const QString &downgrade, const QString &unintended);
    QString facts() const; // the three facts' plain text, one per line (tests)

    // The ticks saved for a revision's current content (none when it changed since), without a
    // widget.
    static Items savedItems(const QString &projectRoot, const QString &revision,
                            const QString &scriptPath);

Q_SIGNALS:
    void itemsChanged(retort::gui::ReviewChecklist::Items items);
    // The shown revision's review state changed (a tick, or an edit noticed).
    void stateChanged(const QString &revision, retort::gui::ReviewState state);

private:
    void save();
    void showItems(Items items);
    void showState();

    Ui::ReviewChecklist *m_ui;
    QString m_projectRoot;
    QString m_revision;
    QString m_scriptPath;
    QString m_hash; // the shown script's SHA-256 when shown
    ReviewRecord m_record;
    ReviewState m_state = ReviewState::None;
    bool m_updating = false; // true while showItems() sets the boxes
    QLabel *m_facts[3] = {};
};

} // namespace retort::gui

Q_DECLARE_OPERATORS_FOR_FLAGS(retort::gui::ReviewChecklist::Items)
