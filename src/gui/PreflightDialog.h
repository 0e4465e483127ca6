#pragma once

#include "safety/Backup.h"
#include "safety/Preflight.h"

#include <QColor>
#include <QDialog>

#include <optional>

namespace Ui {
class PreflightDialog;
}

namespace retort::gui {

// The pre-flight checklist before a run on a protected environment: each check (tested on a
// non-protected environment first, a clean committed working tree, a fresh backup) with its
// result and details, and the backup just taken. When a check failed, going ahead needs a reason,
// which becomes the override note recorded in the audit trail. GUI thread only.
class PreflightDialog final : public QDialog {
    Q_OBJECT

public:
    PreflightDialog(const QString &environment, const PreflightReport &report,
                    const std::optional<BackupInfo> &backup, QWidget *parent = nullptr);
    ~PreflightDialog() override;

    // After acceptance: the audit note ("" when every check passed).
    QString auditNote() const;

private:
    // One row per check: its title, and its result with every line of its detail, wrapped.
    void fillChecks(const PreflightReport &report);
    static QString stateText(PreflightCheck::State state);
    static QColor stateColor(PreflightCheck::State state);
    void updateButtons();

    Ui::PreflightDialog *m_ui;
    PreflightReport m_report;
};

} // namespace retort::gui
