#pragma once

#include <QDialog>
#include <QString>

#include <vector>

namespace Ui {
class DriftDialog;
}

namespace retort::gui {

// What changed in a revision's script since it was applied (Revision ▸ Show Changes Since
// Applied): one section per environment where it was applied, titled with the environment's name
// and what the audit trail says (file, when, by whom, the SHA-256 then and now), above the
// unified diff in a monospace, highlighted SqlView. Layout: forms/DriftDialog.ui. GUI thread only;
// pure input (copies of the texts).
class DriftDialog final : public QDialog {
    Q_OBJECT

public:
    struct Section {
        QString environment;
        QString describe; // ScriptDrift::describe()
        QString diff;     // ScriptDrift::diff: the applied text against the file now
    };

    // `revision`: the short id shown in the summary.
    DriftDialog(const QString &revision, const std::vector<Section> &sections,
                QWidget *parent = nullptr);
    ~DriftDialog() override;

private:
    QWidget *makeSection(const Section &section);

    Ui::DriftDialog *m_ui;
};

} // namespace retort::gui
