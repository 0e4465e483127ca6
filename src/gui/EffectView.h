#pragma once

#include "base/Background.h"
#include "base/Error.h"

#include <QPointer>
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

class CredentialBroker;

// The Effect tab of the revision detail pane: what the revision's upgrade really changes in a
// schema and whether its downgrade restores it exactly, from replays into scratch databases
// (workflows/MigrationEffect.h: its parents, it, it and its downgrade):
//  - always on SQLite (a temporary file), for the script's SQLite sections;
//  - and, when the chosen environment is PostgreSQL or MySQL and the project names a scratch
//    server of that engine (`scratch = "ENV"`), on that server too (a temporary database), with
//    the scratch environment's password from the keychain (asked for with "Replay on …" when it
//    is not there).
// A verdict line per replay (✓ restores exactly / ✗ what stays) above the list of changes; a
// script whose SQL an engine cannot run says which statement failed.
//
// Loading: the SQLite replay starts as soon as a revision is shown (its verdict also feeds the
// review checklist's facts, see replayed()); the server replay only while the tab is visible.
// Both run on worker threads (Background::run); a newer revision or project drops an older
// result. Replays are cached per project content, so coming back to a revision is instant. GUI
// thread only.
class EffectView final : public QWidget {
    Q_OBJECT

public:
    explicit EffectView(QWidget *parent = nullptr);
    ~EffectView() override;

    // Shows the effect of revision `id` of `workspace` (null or empty: nothing).
    void setRevision(std::shared_ptr<const Workspace> workspace, const QString &id);
    // The chosen environment (its driver picks the server replay) and where its secrets come
    // from. Without credentials no server replay is made.
    void setEnvironment(const QString &name);
    void setCredentials(CredentialBroker *credentials);

    bool isLoading() const { return m_loading || m_serverLoading; }
    // The verdict and the changes as shown (tests).
    QString verdictText() const;
    QString changesText() const;
    // The last SQLite replay of the shown revision (null while loading or when it failed) and,
    // when made, the server replay's.
    const MigrationEffect *sqliteEffect() const;
    const MigrationEffect *serverEffect() const;
    QString sqliteError() const; // why the SQLite replay failed ("" when it did not)

Q_SIGNALS:
    // A load ended (with the effect or why it could not be read).
    void loaded();
    // The SQLite replay of the shown revision ended (sqliteEffect(), or sqliteError()).
    void replayed();

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct Replay;
    void load();
    void loadServer(bool mayAsk);
    void render();

    std::shared_ptr<const Workspace> m_workspace;
    QString m_revision;
    QString m_environment;
    QPointer<CredentialBroker> m_credentials;
    bool m_serverStale = true;
    bool m_loading = false;
    bool m_serverLoading = false;
    quint64 m_generation = 0;
    std::optional<CancelToken> m_token;
    std::optional<CancelToken> m_serverToken;
    std::unique_ptr<Replay> m_sqlite;
    std::unique_ptr<Replay> m_server;
    QString m_serverNote;         // why there is no server replay ("" when there is one)
    bool m_needsPassword = false; // the scratch server's password is missing: offer to ask
    QLabel *m_verdict;
    QLabel *m_where;
    QPushButton *m_serverButton;
    QPlainTextEdit *m_changes;
};

} // namespace retort::gui
