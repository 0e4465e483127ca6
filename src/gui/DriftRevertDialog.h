#pragma once

#include "workflows/DriftTriage.h"

#include <QDialog>
#include <QString>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace retort::gui {

class SqlView;

// The plan of a drift revert, shown before anything runs, in the manner of PlanDialog: a summary,
// the differences it undoes, the exact SQL (migrationScript(live, expected)), its REVIEW notes in a
// warning, and — for a protected environment — the typed confirmation. The Revert button is
// enabled only when the script has a statement to run, its REVIEW notes (if any) were
// acknowledged with "Run it with its REVIEW notes" (the CLI's --force), and a protected
// environment's name was typed. Accepting it is the go-ahead; the dialog never touches a database.
// GUI thread only; pure input.
class DriftRevertDialog final : public QDialog {
    Q_OBJECT

public:
    DriftRevertDialog(const Environment &environment, const DriftRevert &revert,
                      QWidget *parent = nullptr);

    bool canAccept() const;
    QString sql() const;

private:
    void update();

    Environment m_environment;
    bool m_hasStatements = false;
    bool m_needsReview = false;
    SqlView *m_sql;
    QCheckBox *m_force = nullptr;
    QLineEdit *m_confirm = nullptr;
    QPushButton *m_ok;
};

} // namespace retort::gui
