#pragma once

#include "lint/Lint.h"

#include <QIcon>
#include <QJsonObject>
#include <QWidget>

#include <vector>

class QLabel;
class QSplitter;
class QTextBrowser;
class QTreeWidget;

namespace retort::gui {

// Lint findings (lint/Lint.h) as a list and the selected one's explanation: a status line, then
// one row per finding — level (icon and colour), rule, message, revision, file:line — and beside
// it the rule's explanation, the safer form, the finding's facts (live facts included: rows, size,
// sessions holding locks, then any other key as "key: value") and the statement. A finding
// allowed in the script (`-- retort:allow RULE reason`) is greyed, its reason shown.
//
// With acknowledgement on (a protected environment's plan), each error that is not allowed gets
// a check box: allAcknowledged() says whether every one is ticked, acknowledged() lists the
// ticked ones for the audit trail. Used by the plan dialog and the revision detail pane.
// GUI thread only; the findings are copied in.
class LintFindingsView final : public QWidget {
    Q_OBJECT

public:
    enum Column { LevelColumn, RuleColumn, MessageColumn, RevisionColumn, LocationColumn };

    explicit LintFindingsView(QWidget *parent = nullptr);

    // The line above the list (rich text).
    void setStatus(const QString &html);
    QString status() const;
    // Replaces the findings (shown in the given order). File paths are shown relative to
    // `projectRoot` when under it. `acknowledge`: errors not allowed get a check box, unticked.
    // With no findings the list and the explanation are hidden (the status line stays).
    void setFindings(std::vector<LintFinding> findings, const QString &projectRoot,
                     bool acknowledge);
    const std::vector<LintFinding> &findings() const { return m_findings; }

    // Errors awaiting a tick (0 without acknowledgement), and whether every one is ticked.
    int toAcknowledgeCount() const;
    bool allAcknowledged() const;
    // Ticks or clears the check box of finding `index` (no-op when it has none).
    void setAcknowledged(int index, bool acknowledged);
    // The ticked findings, in list order.
    std::vector<LintFinding> acknowledged() const;

    // The finding shown in the explanation, or -1; making one current selects its row.
    int currentFinding() const;
    void setCurrentFinding(int index);
    // The explanation pane's text (plain), for tests.
    QString explanationText() const;

    // `file` relative to `projectRoot` when under it, with ":line".
    static QString location(const LintFinding &finding, const QString &projectRoot);
    // The facts as readable lines: rows, size and sessions first, then every other key.
    static QStringList factLines(const QJsonObject &facts);
    // A small round icon for a level ("!" red, "!" amber, "i" blue; grey when allowed).
    static QIcon levelIcon(LintLevel level, bool allowed);
    static QColor levelColor(LintLevel level);
    // "3 errors, 1 warning, 2 notices" (allowed ones not counted; "" when none).
    static QString countsText(const std::vector<LintFinding> &findings);

Q_SIGNALS:
    // A row was made current (by the user or setCurrentFinding): its index in findings().
    void findingActivated(int index);
    void acknowledgementsChanged();

private:
    void showExplanation(int index);
    QString explanationHtml(const LintFinding &finding) const;

    QLabel *m_status;
    QSplitter *m_splitter;
    QTreeWidget *m_list;
    QTextBrowser *m_explanation;
    std::vector<LintFinding> m_findings;
    QString m_projectRoot;
    bool m_acknowledge = false;
};

} // namespace retort::gui
