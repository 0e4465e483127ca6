#pragma once

#include "CredentialBroker.h"
#include "SchemaObjectDetail.h"
#include "SchemaTreeModel.h"

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Environment.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTreeView;

namespace retort {
class Workspace;
}

namespace retort::gui {

class SchemaFilterModel;

// The Schema view: the chosen environment's schema as a filterable tree (SchemaTreeModel), and
// the selected object's detail in tabs (SchemaObjectDetail).
//
// Loading: inspectEnvironment() (workflows/SchemaInspection.h) on a worker thread
// (Background::run), with the secrets the CredentialBroker finds — the keychain, silently; after a
// refused password the Retry button asks. A load starts when the view is shown with a new or stale
// environment (never for an environment nobody looks at), shows a busy bar with Cancel, and keeps
// the previous tree until the new snapshot arrives. An environment that cannot be read replaces
// the tree with why, what to do (workflows/ConnectionAdvice.h) and Retry. The Data tab's rows come
// from previewRows() on a worker thread, with the secrets the inspection used.
//
// Migrations: setMigrationsLookup() fills the Migrations tab of the selected object; its rows emit
// revisionActivated(). setPendingMarks() marks objects a pending migration changes.
//
// GUI thread only. Results of superseded loads (another environment, Reload, Cancel) are dropped;
// a destroyed view drops its tasks' results (Background::run's rule).
class SchemaView final : public QWidget {
    Q_OBJECT

public:
    using MigrationsLookup = std::function<std::vector<SchemaObjectMigration>(const QString &schema,
                                                                              const QString &name)>;
    using PendingMarks = SchemaTreeModel::PendingMarks;

    // `credentials` (not owned; may be null: no secrets) finds the passwords.
    explicit SchemaView(CredentialBroker *credentials, QWidget *parent = nullptr);
    ~SchemaView() override;

    // Follows environment `environment` of `workspace` (null: none). A change of environment (or
    // of its connection settings) loads again when the view is visible, else when it is shown.
    void setEnvironment(std::shared_ptr<const Workspace> workspace, const QString &environment);
    // The schema may have changed (a migration ran): load again now if visible, else when shown.
    void markStale();
    // Loads now (Reload, Retry without a remedy).
    void reload();
    // Stops a load in progress; the tree shown stays.
    void cancel();
    bool isLoading() const { return m_loading; }
    // Shows `snapshot` as if it had been loaded (benchmarks, tests).
    void setSnapshot(std::shared_ptr<const SchemaSnapshot> snapshot);

    void setMigrationsLookup(MigrationsLookup lookup);
    void setPendingMarks(PendingMarks marks);
    // Objects the database lacks that pending migrations create: listed, marked, in the tree.
    void setPlannedObjects(std::vector<SchemaTreeModel::PlannedObject> planned);

    // Makes `schema`.`name` the current object (clearing the filter if it hides it); false when
    // the tree has no such object.
    bool selectObject(const QString &schema, const QString &name);
    void focusFilter();

    SchemaTreeModel *model() const { return m_model; }
    SchemaObjectDetail *detail() const { return m_detail; }
    QTreeView *tree() const { return m_tree; }

Q_SIGNALS:
    // A row of the Migrations tab was clicked.
    void revisionActivated(const QString &revision);
    // A load ended: with a snapshot shown, or with the reason shown instead.
    void loaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    enum class Remedy { Reload, Ask, AskPassphrase, TrustHostKey };
    void setupLayout();
    const Environment *environment() const;
    void load(CredentialBroker::Mode mode, bool askSshPassphrase);
    void inspect(const Environment &env, const ConnectionSecrets &secrets, quint64 generation);
    void showError(const Error &error);
    void retry();
    void setBusy(bool busy, const QString &what = {});
    void applyFilter(const QString &text);
    void showCurrent();
    void loadRows(const QString &schema, const QString &name);
    void updateSummary();

    CredentialBroker *m_credentials;
    std::shared_ptr<const Workspace> m_workspace;
    QString m_environment;
    QString m_loadedKey; // the connection settings of the environment followed
    QString m_shownKey;  // those of the snapshot shown ("" when none)
    bool m_stale = true;
    bool m_loading = false;
    quint64 m_generation = 0;
    quint64 m_rowsGeneration = 0;
    std::optional<CancelToken> m_token;
    std::optional<CancelToken> m_rowsToken;
    std::optional<ConnectionSecrets> m_secrets; // those of the last successful load
    Error m_error;                              // the last load's failure
    MigrationsLookup m_migrationsLookup;

    SchemaTreeModel *m_model;
    SchemaFilterModel *m_filter;
    QLineEdit *m_filterEdit;
    QLabel *m_summary;
    QProgressBar *m_progress;
    QPushButton *m_reloadButton;
    QStackedWidget *m_stack;
    QSplitter *m_splitter;
    QTreeView *m_tree;
    SchemaObjectDetail *m_detail;
    QLabel *m_messageTitle;
    QLabel *m_message;
    QLabel *m_advice;
    QPushButton *m_retryButton;
};

} // namespace retort::gui
