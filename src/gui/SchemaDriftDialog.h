#pragma once

#include "workflows/SchemaDrift.h"

#include <QDialog>
#include <QPointer>
#include <QString>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace retort::gui {

// One environment's schema drift (Environment ▸ Show Drift…): the differences (left: expected,
// right: live) and the triage buttons —
//  - Adopt…: the drift becomes a new revision (autogenerate; adoptRequested(), wired by the
//    window);
//  - Revert…: revertRequested(); the controller shows the SQL and runs it (DriftController);
//  - Accept…: asks for a reason (an empty one is refused; a protected environment's name must be
//    typed too), then acceptRequested() with the fingerprint of the difference shown, so that a
//    schema changed since is not accepted unseen.
// An accepted drift says so (who, when, why) and offers Accept no more. The dialog never touches a
// database; the controller tells it what happened (setReport, setBusy, setMessage). Non-modal.
// GUI thread only.
class SchemaDriftDialog final : public QDialog {
    Q_OBJECT

public:
    SchemaDriftDialog(const QString &environment, bool isProtected, const SchemaDriftReport &report,
                      QWidget *parent = nullptr);

    const QString &environment() const { return m_environment; }
    // Shows a newer answer of the same environment.
    void setReport(const SchemaDriftReport &report);
    // While an accept or a revert runs: the buttons are off and `what` is shown.
    void setBusy(bool busy, const QString &what = {});
    // A line under the differences: what the last action did, or why it failed (`error`: red).
    void setMessage(const QString &text, bool error = false);
    QString message() const;

    // The Accept button's reason prompt while it is open (null otherwise); for tests.
    QDialog *reasonPrompt() const { return m_prompt; }

Q_SIGNALS:
    void adoptRequested(const QString &environment);
    void revertRequested(const QString &environment);
    void acceptRequested(const QString &environment, const QString &reason,
                         const QString &fingerprint);

private:
    void promptReason();
    void updateButtons();

    QString m_environment;
    bool m_protected = false;
    SchemaDriftReport m_report;
    bool m_busy = false;
    QLabel *m_summary;
    QPlainTextEdit *m_text;
    QLabel *m_message;
    QPushButton *m_adopt;
    QPushButton *m_revert;
    QPushButton *m_accept;
    QPointer<QDialog> m_prompt;
};

} // namespace retort::gui
