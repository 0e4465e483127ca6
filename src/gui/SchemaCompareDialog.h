#pragma once

#include "SchemaCompareModel.h"

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "schema/SchemaDiff.h"
#include "schema/SchemaMigration.h"
#include "schema/SchemaModel.h"

#include <QDialog>
#include <QHash>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QStackedWidget;
class QPushButton;
class QTabWidget;
class QTreeView;
class QVBoxLayout;

namespace retort {
class Workspace;
}

namespace retort::gui {

class CredentialBroker;
class SqlView;

// Schema ▸ Compare…: the differences between two schemas, each one of an environment's live
// schema, the schema revisions produce (`@REV`, `@heads`: replayed, workflows/ExpectedSchema.h)
// or a snapshot file (`schema --json`), as workflows/SchemaSource.h reads them — the window's
// `retort-cli diff A B`. Non-modal.
//
// Reading: Compare gathers the environments' passwords through the CredentialBroker (asking for
// what the session and the keychain lack; after a refused password, Retry forgets it and asks
// again), then reads both sides on one background task (Background::run), the non-@ side first
// so that a `@REV` side is replayed for its driver (both @: the default environment's driver),
// and diffs them there. A busy bar and Cancel show meanwhile; a later Compare or Cancel drops the
// earlier task's result. A side that cannot be read is named in the dialog with the error.
//
// Showing: SchemaCompareModel's tree (schema → object → changes, with marks), a summary line
// ("12 differences"), and for the current object its changes, a "Confirm rename" check box per
// possible rename, and its DDL on A and on B side by side ("(absent)" for a side without it).
// The "SQL (A → B)" tab shows migrationScript(A, B, confirmed renames), recomputed on the GUI
// thread (pure) whenever a rename is confirmed or unconfirmed.
//
// Create Revision… emits createRevisionRequested() with both snapshots and the confirmed
// renames; it is enabled only while a comparison with differences is shown.
//
// GUI thread only; the background task holds copies (the workspace is shared), never the dialog.
class SchemaCompareDialog final : public QDialog {
    Q_OBJECT

public:
    using Side = SchemaCompareModel::Side;

    // `workspace` may be null (only snapshot files can then be read); `credentials` (not owned)
    // may be null: no secrets.
    SchemaCompareDialog(std::shared_ptr<const Workspace> workspace, CredentialBroker *credentials,
                        QWidget *parent = nullptr);
    ~SchemaCompareDialog() override;

    // The project (reloaded): the pickers list its environments again; what is shown stays.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    // The environment whose driver a comparison of two `@REV` sides replays for (the window's
    // chosen environment); empty: the project's only environment, else "local", else SQLite.
    // The function form is asked at each Compare (the window's choice as it is then).
    void setDefaultEnvironment(const QString &name);
    void setDefaultEnvironment(std::function<QString()> name);
    // What the pickers hold (as typed: an environment, "@REV", a file path).
    void setSources(const QString &left, const QString &right);
    QString source(Side side) const;

    // Starts comparing the pickers' sources and returns at once; compared() follows.
    void compare();
    // Stops a comparison in progress (what was shown before stays cleared).
    void cancel();
    bool isComparing() const { return m_busy; }

    // For tests and the lead's wiring.
    SchemaCompareModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QComboBox *sourcePicker(Side side) const;
    QPushButton *compareButton() const { return m_compareButton; }
    QPushButton *createRevisionButton() const { return m_createButton; }
    // The summary line ("12 differences", "No differences"); the error shown ("" when none).
    QString summaryText() const;
    QString errorText() const;
    // Makes `object` ("schema.name" as the diff names it) current; false when it is not listed.
    bool selectObject(const QString &object);
    // The current object's change summaries, its DDL on each side, its rename check boxes.
    QString changesText() const;
    QString ddlText(Side side) const;
    std::vector<QCheckBox *> renameBoxes() const;
    // The SQL (A → B) tab's text.
    QString sqlText() const;

Q_SIGNALS:
    // Create Revision…: a migration from `from` (A) to `to` (B) with `renames` confirmed;
    // the labels are the sources as typed.
    void createRevisionRequested(const retort::SchemaSnapshot &from,
                                 const retort::SchemaSnapshot &to,
                                 const std::vector<retort::ConfirmedRename> &renames,
                                 const QString &fromLabel, const QString &toLabel);
    // A comparison ended: with a result, an error, or cancelled.
    void compared();

private:
    struct Outcome;
    void setupLayout();
    void fillPickers();
    void pickFile(Side side);
    QString defaultDriver() const;
    void start(const QHash<QString, ConnectionSecrets> &secrets, quint64 generation);
    void finish(Outcome outcome);
    void showError(const QString &title, const Error &error);
    void clearResult();
    void showEmpty(const QString &why); // the Differences tab says why it has no rows
    void retry();
    void setBusy(bool busy);
    void showCurrent();
    void updateRenameBoxes();
    void updateSql();
    void updateActions();

    std::shared_ptr<const Workspace> m_workspace;
    CredentialBroker *m_credentials;
    std::function<QString()> m_defaultEnvironment;
    DiffOptions m_diffOptions; // those of the comparison shown
    QString m_shownLabels[2];  // the sources of the comparison shown
    QString m_lastText[2];     // each picker's text before "Snapshot file…" was picked
    bool m_busy = false;
    quint64 m_generation = 0;
    std::optional<CancelToken> m_token;
    Error m_error;         // the last comparison's failure
    QString m_failedEnv;   // the environment whose secret or host key would fix it
    QString m_shownObject; // the object whose detail is shown

    SchemaCompareModel *m_model;
    QComboBox *m_pickers[2];
    QPushButton *m_compareButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QWidget *m_errorBox;
    QLabel *m_errorTitle;
    QLabel *m_errorMessage;
    QPushButton *m_retryButton;
    QTabWidget *m_tabs;
    QStackedWidget *m_differences; // the tree and detail, or m_emptyMessage
    QLabel *m_emptyMessage;
    QTreeView *m_tree;
    QLabel *m_objectTitle;
    QPlainTextEdit *m_changes;
    QWidget *m_renameArea;
    QVBoxLayout *m_renameLayout;
    std::vector<QCheckBox *> m_renameBoxes;
    QLabel *m_ddlTitles[2];
    SqlView *m_ddl[2];
    SqlView *m_sql;
    QPushButton *m_createButton;
};

} // namespace retort::gui
