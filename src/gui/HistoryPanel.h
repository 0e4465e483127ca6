#pragma once

#include "db/AuditTrail.h"
#include "db/Connection.h"

#include <QTreeWidget>

#include <memory>
#include <vector>

namespace retort {
class Workspace;
}

namespace retort::gui {

// One environment's audit trail (retort_history): who applied what, when, how long it took, and
// how it ended — newest first; an interrupted step in red with where it stopped. The rows are
// read off the GUI thread (readHistory, through Background::run); the panel only shows them. GUI
// thread only.
class HistoryPanel final : public QTreeWidget {
    Q_OBJECT

public:
    enum Column {
        StartedColumn,
        OperatorColumn,
        StepColumn,
        OutcomeColumn,
        DurationColumn,
        DetailColumn,
        Count
    };
    static constexpr int maxRows = 500;

    explicit HistoryPanel(QWidget *parent = nullptr);

    // Reads `environment`'s trail again in the background (null workspace or "" clears).
    void load(std::shared_ptr<const Workspace> workspace, const QString &environment,
              const ConnectionSecrets &secrets);
    QString environment() const { return m_environment; }
    const std::vector<AuditEntry> &entries() const { return m_entries; }

Q_SIGNALS:
    // The rows of the latest load() are shown (or `error` says why not).
    void loaded(const QString &error);

private:
    void show(const std::vector<AuditEntry> &entries, const QString &error);

    QString m_environment;
    quint64 m_generation = 0;
    std::vector<AuditEntry> m_entries;
};

} // namespace retort::gui
