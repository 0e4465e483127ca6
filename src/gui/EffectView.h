#pragma once

#include "base/Background.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace retort {
class Workspace;
struct MigrationEffect;
} // namespace retort

namespace retort::gui {

// The Effect tab of the revision detail pane: what the revision's upgrade really changes in a
// schema and whether its downgrade restores it exactly, from replays into a scratch SQLite
// database (workflows/MigrationEffect.h: its parents, it, it and its downgrade), for the
// script's SQLite sections. A verdict line (✓ restores exactly / ✗ what stays) above the list of
// changes; a script whose SQL SQLite cannot run says which statement failed.
//
// Loading: only while the tab is visible, on a worker thread (Background::run); a newer revision
// or project drops an older result. Replays are cached per project content, so coming back to a
// revision is instant. GUI thread only.
class EffectView final : public QWidget {
    Q_OBJECT

public:
    explicit EffectView(QWidget *parent = nullptr);
    ~EffectView() override;

    // Shows the effect of revision `id` of `workspace` (null or empty: nothing), read when shown.
    void setRevision(std::shared_ptr<const Workspace> workspace, const QString &id);

    bool isLoading() const { return m_loading; }
    // The verdict and the changes as shown (tests).
    QString verdictText() const;
    QString changesText() const;

Q_SIGNALS:
    // A load ended (with the effect or why it could not be read).
    void loaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void load();
    void showEffect(const MigrationEffect &effect);

    std::shared_ptr<const Workspace> m_workspace;
    QString m_revision;
    bool m_stale = true;
    bool m_loading = false;
    quint64 m_generation = 0;
    std::optional<CancelToken> m_token;
    QLabel *m_verdict;
    QLabel *m_where;
    QPlainTextEdit *m_changes;
};

} // namespace retort::gui
