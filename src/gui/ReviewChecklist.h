#pragma once

#include <QString>
#include <QWidget>

namespace Ui {
class ReviewChecklist;
}

namespace retort::gui {

// The reviewer's checklist for one revision: "Upgrade contains the expected changes", "Downgrade
// reverses it", "No unintended changes". Ticks are saved in QSettings at once, per project root
// and revision id, and restored by setRevision(). GUI thread only.
class ReviewChecklist final : public QWidget {
    Q_OBJECT

public:
    // The items, as bits of the stored value.
    enum Item { UpgradeChecked = 0x1, DowngradeChecked = 0x2, NoUnintendedChanges = 0x4 };
    Q_DECLARE_FLAGS(Items, Item)

    explicit ReviewChecklist(QWidget *parent = nullptr);
    ~ReviewChecklist() override;

    // Shows the saved ticks of `revision` in the project at `projectRoot`; an empty revision
    // clears and disables the list.
    void setRevision(const QString &projectRoot, const QString &revision);
    Items items() const;

    // The ticks saved for a revision (QSettings), without a widget.
    static Items savedItems(const QString &projectRoot, const QString &revision);

Q_SIGNALS:
    void itemsChanged(retort::gui::ReviewChecklist::Items items);

private:
    void save();
    void showItems(Items items);
    static QString settingsKey(const QString &projectRoot, const QString &revision);

    Ui::ReviewChecklist *m_ui;
    QString m_projectRoot;
    QString m_revision;
    bool m_updating = false; // true while showItems() sets the boxes
};

} // namespace retort::gui

Q_DECLARE_OPERATORS_FOR_FLAGS(retort::gui::ReviewChecklist::Items)
