#include "MainWindow.h"

#include "ActionAvailability.h"
#include "ColumnFit.h"
#include "CredentialBroker.h"
#include "DriftDialog.h"
#include "Icons.h"
#include "LaneDelegate.h"
#include "MarkerBadgeDelegate.h"
#include "MergeHeadsDialog.h"
#include "MigrationController.h"
#include "NewRevisionDialog.h"
#include "ReviewStore.h"
#include "RevisionDetail.h"
#include "RevisionListModel.h"
#include "SchemaCompareDialog.h"
#include "SchemaView.h"
#include "ui_MainWindow.h"

#include "base/Background.h"
#include "lint/Lint.h"
#include "project/Workspace.h"
#include "scripts/ScriptWriter.h"
#include "workflows/AlembicSql.h"
#include "workflows/Autogenerate.h"
#include "workflows/SchemaDrift.h"

#include <QComboBox>
#include <QDir>
#include <QFontDatabase>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QProgressDialog>
#include <QSet>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

// MainWindow, part 2: the revision list and the actions on revisions — writing them (New
// Revision, Merge Heads), what changed since one was applied, and migrating the chosen
// environment (toolbar, Revision and Migrate menus, the list's context menu, the progress
// indicator).

namespace retort::gui {

void MainWindow::setupRevisionActions()
{
    // Writing revisions: the dialogs write through the core; the list then reloads.
    m_newRevision =
        makeProjectAction(tr("New Revision…"), QKeySequence::New, QStringLiteral("document-new"));
    m_mergeHeads = makeProjectAction(tr("Merge Heads…"), QKeySequence(tr("Ctrl+M")),
                                     QStringLiteral("retort-merge"));
    m_newRevision->setObjectName(QStringLiteral("actionNewRevision"));
    m_mergeHeads->setObjectName(QStringLiteral("actionMergeHeads"));
    // A script edited after it was applied somewhere: what changed since (from the audit trail).
    m_showDrift = new QAction(tr("Show Changes Since Applied…"), this);
    m_showDrift->setObjectName(QStringLiteral("actionShowDrift"));
    m_showDrift->setEnabled(false);
    connect(m_showDrift, &QAction::triggered, this, &MainWindow::showDrift);
    connect(m_newRevision, &QAction::triggered, this, [this] {
        if (const auto &ws = m_model->workspace()) {
            NewRevisionDialog dialog(ws, this);
            if (dialog.exec() == QDialog::Accepted)
                revisionWritten(dialog.revisionId(), dialog.writtenPath());
        }
    });
    m_newFromDifferences =
        makeProjectAction(tr("New Revision from Differences…"), QKeySequence(tr("Ctrl+Shift+N")),
                          QStringLiteral("document-new"));
    m_newFromDifferences->setObjectName(QStringLiteral("actionNewRevisionFromDifferences"));
    connect(m_newFromDifferences, &QAction::triggered, this,
            [this] { newRevisionFromDifferences(); });
    connect(m_mergeHeads, &QAction::triggered, this, [this] {
        if (const auto &ws = m_model->workspace()) {
            MergeHeadsDialog dialog(ws, this);
            if (dialog.exec() == QDialog::Accepted)
                revisionWritten(dialog.revisionId(), dialog.writtenPath());
        }
    });
}

void MainWindow::setupMigrationActions()
{
    m_upgradeHeads = makeProjectAction(tr("Upgrade to Heads"), QKeySequence(tr("Ctrl+Shift+U")),
                                       QStringLiteral("go-top"));
    m_downgradeOne = makeProjectAction(tr("Downgrade One Step"), QKeySequence(tr("Ctrl+Shift+D")),
                                       QStringLiteral("go-down"));
    m_upgradeHere = makeProjectAction(tr("Upgrade to Here"), QKeySequence(tr("Ctrl+U")),
                                      QStringLiteral("go-up"));
    m_downgradeHere = makeProjectAction(tr("Downgrade to Here"), QKeySequence(tr("Ctrl+D")),
                                        QStringLiteral("go-down"));
    m_stampHere = makeProjectAction(tr("Stamp Here"), QKeySequence(tr("Ctrl+T")),
                                    QStringLiteral("bookmark-new"));

    const auto upgrade = int(MigrationAction::Upgrade);
    const auto downgrade = int(MigrationAction::Downgrade);
    const auto stamp = int(MigrationAction::Stamp);
    connect(m_upgradeHeads, &QAction::triggered, this,
            [=, this] { startMigration(upgrade, QStringLiteral("heads")); });
    connect(m_downgradeOne, &QAction::triggered, this,
            [=, this] { startMigration(downgrade, QStringLiteral("-1")); });
    connect(m_upgradeHere, &QAction::triggered, this,
            [=, this] { startMigration(upgrade, m_selectedRevision); });
    connect(m_downgradeHere, &QAction::triggered, this,
            [=, this] { startMigration(downgrade, m_selectedRevision); });
    connect(m_stampHere, &QAction::triggered, this,
            [=, this] { startMigration(stamp, m_selectedRevision); });
}

QAction *MainWindow::makeProjectAction(const QString &text, const QKeySequence &keys,
                                       const QString &icon)
{
    auto *a = new QAction(themedIcon(icon), text, this);
    a->setShortcut(keys);
    a->setEnabled(false);
    return a;
}

void MainWindow::setupToolBar()
{
    m_environmentCombo = new QComboBox(this);
    m_environmentCombo->setObjectName(QStringLiteral("environmentCombo"));
    m_environmentCombo->setToolTip(tr("The environment the migration actions apply to"));
    m_environmentCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *envLabel = new QLabel(tr("Environment:"), this);
    envLabel->setContentsMargins(8, 0, 4, 0);

    // By priority: what a window too narrow for the toolbar moves to its "»" menu comes last.
    // Opening and refreshing (also in File, with shortcuts) and merging (rare) show icons only.
    QToolBar *bar = m_ui->mainToolBar;
    bar->addSeparator();
    bar->addWidget(envLabel);
    bar->addWidget(m_environmentCombo);
    bar->addAction(m_upgradeHeads);
    bar->addAction(m_downgradeOne);
    bar->addSeparator();
    bar->addAction(m_newRevision);
    bar->addAction(m_mergeHeads);
    for (QAction *a : {m_ui->actionOpenProject, m_ui->actionRefresh, m_mergeHeads})
        if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(a)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
}

void MainWindow::setupRevisionMenus()
{
    // Revision and Migrate go before View (the Environment menu follows them there).
    QMenu *revisionMenu = menuBar()->addMenu(tr("&Revision"));
    menuBar()->insertMenu(m_ui->menuView->menuAction(), revisionMenu);
    revisionMenu->addAction(m_newRevision);
    revisionMenu->addAction(m_newFromDifferences);
    revisionMenu->addAction(m_mergeHeads);
    revisionMenu->addSeparator();
    revisionMenu->addAction(m_showDrift);
    m_ui->revisionView->addAction(m_showDrift);

    QMenu *menu = menuBar()->addMenu(tr("&Migrate"));
    menuBar()->insertMenu(m_ui->menuView->menuAction(), menu);
    for (QAction *a : {m_upgradeHeads, m_downgradeOne})
        menu->addAction(a);
    menu->addSeparator();
    for (QAction *a : {m_upgradeHere, m_downgradeHere, m_stampHere}) {
        menu->addAction(a);
        m_ui->revisionView->addAction(a);
    }
    m_ui->revisionView->setContextMenuPolicy(Qt::ActionsContextMenu);
}

void MainWindow::setupProgress()
{
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setVisible(false);
    statusBar()->addWidget(m_progress);
    statusBar()->addWidget(m_cancelButton);
    connect(m_cancelButton, &QToolButton::clicked, m_migrations, [this] {
        appendLog(tr("Cancelling…"));
        m_migrations->cancel();
    });
}

void MainWindow::connectMigrations()
{
    connect(m_migrations, &MigrationController::logLine, this, &MainWindow::appendLog);
    connect(m_migrations, &MigrationController::progress, this,
            [this](int step, int count, const QString &description) {
                m_progress->setRange(0, count);
                m_progress->setValue(step - 1);
                m_progress->setFormat(tr("Step %1 of %2").arg(step).arg(count));
                statusBar()->showMessage(description);
            });
    connect(m_migrations, &MigrationController::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_progress->setRange(0, 0); // busy indicator until the first step
        m_cancelButton->setVisible(busy);
        if (!busy)
            statusBar()->clearMessage();
        updateMigrationActions();
    });
    connect(m_migrations, &MigrationController::finished, this, &MainWindow::migrationFinished);
}

void MainWindow::migrationFinished(const Status &status, bool ran)
{
    if (!status) {
        const Error &e = status.error();
        QMessageBox box(QMessageBox::Warning, tr("Migration failed"),
                        ran ? tr("The migration stopped. The database is at the last "
                                 "step that completed.")
                            : tr("The plan could not be made."),
                        QMessageBox::Ok, this);
        box.setInformativeText(e.message);
        if (!e.file.isEmpty())
            box.setDetailedText(
                tr("Revision: %1\nFile: %2\nLine: %3").arg(e.revision, e.file).arg(e.line));
        box.exec();
    }
    if (ran) {
        m_schemaView->markStale(); // the run changed the schema
        refresh();
    }
}

void MainWindow::setupRevisionView()
{
    QTreeView *view = m_ui->revisionView;
    view->setModel(m_model);
    view->setItemDelegate(new MarkerBadgeDelegate(view));
    view->setItemDelegateForColumn(RevisionListModel::GraphColumn, new LaneDelegate(view));

    // Widths from the fonts actually used, so nothing is clipped at any DPI or font size.
    const QFontMetrics fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const QFontMetrics normal(view->font());
    const int padding = 3 * view->style()->pixelMetric(QStyle::PM_HeaderMargin) + 8;
    const int idWidth = fixed.horizontalAdvance(QString(RevisionListModel::shortIdLength, u'0'));
    QHeaderView *header = view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(RevisionListModel::MessageColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(8 * normal.averageCharWidth());
    header->resizeSection(RevisionListModel::GraphColumn,
                          8 + 4 * LaneDelegate::laneWidth(normal)); // fitted when a project loads
    header->resizeSection(RevisionListModel::RevisionColumn, idWidth + padding);
    header->resizeSection(RevisionListModel::ParentsColumn,
                          fixed.horizontalAdvance(QStringLiteral("000000000000, 000000000000")) +
                              padding);
    header->resizeSection(RevisionListModel::LabelsColumn,
                          normal.horizontalAdvance(QStringLiteral("inventory, reviews")) + padding);
    header->resizeSection(RevisionListModel::CreatedColumn,
                          normal.horizontalAdvance(QStringLiteral("0000-00-00 00:00")) +
                              2 * padding);

    header->resizeSection(RevisionListModel::StateColumn,
                          normal.horizontalAdvance(QStringLiteral("State in production")) +
                              padding);
    header->resizeSection(RevisionListModel::ReviewColumn,
                          normal.horizontalAdvance(tr("Review")) + padding);
    connect(m_ui->detail, &RevisionDetail::reviewStateChanged, m_model,
            &RevisionListModel::setReviewState);
    // A narrow window: the message keeps room for about 36 characters; the other columns give way
    // first, down to what still identifies a row (one parent, the date, the state).
    m_columnFitter =
        new ColumnFitter(view, RevisionListModel::MessageColumn, 36 * normal.averageCharWidth());
    m_columnFitter->setFloor(RevisionListModel::ParentsColumn,
                             fixed.horizontalAdvance(QStringLiteral("000000000000…")) + padding);
    m_columnFitter->setFloor(RevisionListModel::LabelsColumn, 8 * normal.averageCharWidth());
    m_columnFitter->setFloor(RevisionListModel::CreatedColumn,
                             normal.horizontalAdvance(QStringLiteral("0000-00-00")) + padding);
    m_columnFitter->setFloor(RevisionListModel::StateColumn,
                             normal.horizontalAdvance(QStringLiteral("pending")) + padding);

    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_selectedRevision = current.data(RevisionListModel::RevisionIdRole).toString();
                updateMigrationActions();
                updateDetail();
            });
}

void MainWindow::showDrift()
{
    const int row = m_model->rowOf(m_selectedRevision);
    const QVariantList drift =
        row < 0 ? QVariantList()
                : m_model->index(row, 0).data(RevisionListModel::DriftRole).toList();
    if (drift.isEmpty())
        return;
    std::vector<DriftDialog::Section> sections;
    for (const QVariant &v : drift) {
        const QVariantMap d = v.toMap();
        sections.push_back({d.value(QStringLiteral("environment")).toString(),
                            d.value(QStringLiteral("describe")).toString(),
                            d.value(QStringLiteral("diff")).toString()});
    }
    DriftDialog dialog(m_selectedRevision.left(RevisionListModel::shortIdLength), sections, this);
    dialog.exec();
}

void MainWindow::updateMigrationActions()
{
    const std::shared_ptr<const Workspace> &ws = m_model->workspace();
    const int selectedRow = m_model->rowOf(m_selectedRevision);
    m_showDrift->setEnabled(
        selectedRow >= 0 &&
        !m_model->index(selectedRow, 0).data(RevisionListModel::DriftRole).toList().isEmpty());
    // A release (openRelease) is read-only: no script and no retort.toml to write.
    const bool writable = ws && ws->problems().empty() && m_releaseRef.isEmpty();
    const bool hasEnvironment = ws && m_environmentCombo->count() > 0;
    m_addEnvironment->setEnabled(ws != nullptr && m_releaseRef.isEmpty());
    m_editEnvironment->setEnabled(hasEnvironment && m_releaseRef.isEmpty());
    m_removeEnvironment->setEnabled(hasEnvironment && m_releaseRef.isEmpty());
    m_backups->setEnabled(hasEnvironment);
    m_releaseReport->setEnabled(hasEnvironment);
    m_newRevision->setEnabled(writable);
    // Native projects: Retort's SQL from a comparison; Alembic projects: their own autogenerate.
    const bool alembicProject = ws && ws->project().isAlembic();
    m_newFromDifferences->setText(alembicProject ? tr("Autogenerate Revision…")
                                                 : tr("New Revision from Differences…"));
    m_newFromDifferences->setStatusTip(
        alembicProject ? tr("Run the project's alembic revision --autogenerate against the chosen "
                            "environment, then replay the heads to check it")
                       : tr("Compare the heads' schema with the chosen environment's and write "
                            "the difference as a revision"));
    m_newFromDifferences->setEnabled(writable && hasEnvironment);
    m_mergeHeads->setEnabled(writable && ws->graph().heads().size() > 1);
    m_mergeHeads->setStatusTip(writable && !m_mergeHeads->isEnabled()
                                   ? tr("There is only one head: nothing to merge.")
                                   : QString());

    MigrationFacts facts;
    facts.hasProject = ws != nullptr;
    facts.projectHasProblems = ws && !ws->problems().empty();
    facts.environment = hasEnvironment ? m_environmentCombo->currentData().toString() : QString();
    facts.busy = m_migrations->isBusy();
    facts.alembicProblem = m_alembicProblem;
    facts.hasSelection = !m_selectedRevision.isEmpty();
    facts.state = m_model->environmentState(facts.environment);
    const std::pair<QAction *, MigrationCommand> commands[] = {
        {m_upgradeHeads, MigrationCommand::UpgradeToHeads},
        {m_downgradeOne, MigrationCommand::DowngradeOneStep},
        {m_upgradeHere, MigrationCommand::UpgradeToHere},
        {m_downgradeHere, MigrationCommand::DowngradeToHere},
        {m_stampHere, MigrationCommand::StampHere}};
    for (const auto &[action, command] : commands) {
        // A disabled command says why: in its tooltip, and in the status bar when hovered.
        const QString why = whyDisabled(command, facts);
        action->setEnabled(why.isEmpty());
        action->setStatusTip(why);
        const QString name = action->text().remove(u'&');
        action->setToolTip(why.isEmpty() ? name : tr("%1 — not now: %2").arg(name, why));
    }
}

void MainWindow::startMigration(int action, const QString &target)
{
    const auto &ws = m_model->workspace();
    if (!ws || target.isEmpty())
        return;
    const Environment *env =
        ws->project().environment(m_environmentCombo->currentData().toString());
    if (!env)
        return;
    m_migrations->request(ws, *env, MigrationAction(action), target, alembicProgram());
}

void MainWindow::revisionWritten(const QString &id, const QString &path)
{
    appendLog(tr("Wrote %1").arg(QDir::toNativeSeparators(path)));
    m_selectedRevision = id; // selected once the list has reloaded
    refresh();
}

void MainWindow::newRevisionFromDifferences(const QString &environment)
{
    const std::shared_ptr<const Workspace> ws = m_model->workspace();
    if (!ws)
        return;
    const QString chosen = environment.isEmpty() ? m_model->selectedEnvironment() : environment;
    if (ws->project().isAlembic()) {
        alembicAutogenerate(chosen);
        return;
    }
    SchemaCompareDialog *dialog = showCompare();
    if (!chosen.isEmpty())
        dialog->setSources(QStringLiteral("@heads"), chosen);
    dialog->compare();
}

void MainWindow::createRevisionFromDiff(const SchemaSnapshot &from, const SchemaSnapshot &to,
                                        const std::vector<ConfirmedRename> &renames,
                                        const QString &fromLabel, const QString &toLabel)
{
    const std::shared_ptr<const Workspace> ws = m_model->workspace();
    if (!ws || ws->project().isAlembic()) {
        QMessageBox::information(
            m_compare ? static_cast<QWidget *>(m_compare) : this, tr("New Revision"),
            tr("An Alembic project's revisions are Python: use Revision ▸ Autogenerate Revision… "
               "(the project's own alembic) instead."));
        return;
    }
    DiffOptions diffOptions;
    diffOptions.ignoreTables.append(ws->project().versionTableName().name);
    NewRevisionDialog dialog(ws, m_compare ? static_cast<QWidget *>(m_compare) : this);
    dialog.setAutogenerated(autogenerateSql(from, to, renames, diffOptions), fromLabel, toLabel);
    if (dialog.exec() == QDialog::Accepted)
        revisionWritten(dialog.revisionId(), dialog.writtenPath());
}

void MainWindow::alembicAutogenerate(const QString &envName)
{
    const std::shared_ptr<const Workspace> ws = m_model->workspace();
    auto env = ws ? ws->environment(envName) : Result<const Environment *>(Error(QString()));
    if (!ws || !env)
        return;
    auto alembic = findAlembic(alembicProgram());
    if (!alembic) {
        QMessageBox::warning(this, tr("Autogenerate Revision"), alembic.error().message);
        return;
    }
    bool ok = false;
    const QString message = QInputDialog::getText(
        this, tr("Autogenerate Revision"),
        tr("The project's alembic compares its models with the database of %1 and writes a "
           "revision.\nMessage:")
            .arg(envName),
        QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    if (message.trimmed().isEmpty()) {
        QMessageBox::warning(this, tr("Autogenerate Revision"), tr("A message is required."));
        return;
    }
    const Environment target = **env;
    m_credentials->obtain(
        ws->project().name, target, CredentialBroker::Mode::MayAsk, this,
        [this, ws, target, message, program = *alembic](std::optional<ConnectionSecrets> secrets) {
            if (!secrets)
                return;
            ExpectedSchemaOptions replay = schemaReplayOptions(ws->project(), target.driver);
            replay.alembicProgram = program;
            const QString id = generateRevisionId();
            auto *progress = new QProgressDialog(
                tr("Running alembic revision --autogenerate against %1…").arg(target.name),
                tr("Cancel"), 0, 0, this);
            progress->setWindowTitle(tr("Autogenerate Revision"));
            progress->setMinimumDuration(0);
            progress->setAttribute(Qt::WA_DeleteOnClose);
            appendLog(tr("Autogenerating a revision against %1 with %2").arg(target.name, program));
            const CancelToken token = Background::run(
                this,
                [ws, target, secrets = *secrets, replay, message, id](const CancelToken &cancel) {
                    return autogenerateAlembicRevision(*ws, target, secrets, replay, message, id,
                                                       &cancel);
                },
                [this, progress, id, target](Result<AlembicAutogenerateOutcome> outcome) {
                    progress->close();
                    if (!outcome) {
                        if (outcome.error().kind == ErrorKind::Cancelled)
                            return;
                        appendLog(tr("Autogenerate failed: %1").arg(outcome.error().toString()));
                        QMessageBox::warning(this, tr("Autogenerate Revision"),
                                             outcome.error().toString());
                        return;
                    }
                    showAutogenerateOutcome(*outcome, target.name);
                    revisionWritten(id, outcome->path);
                });
            connect(progress, &QProgressDialog::canceled, this, [token] { token.cancel(); });
        });
}

void MainWindow::showAutogenerateOutcome(const AlembicAutogenerateOutcome &outcome,
                                         const QString &environment)
{
    QStringList lines{tr("alembic wrote %1.").arg(QDir::toNativeSeparators(outcome.path))};
    if (outcome.leftOut > 0)
        lines.append(tr("Left out %1 operation(s) alembic proposed on Retort's audit table "
                        "(retort_history), which no model declares.")
                         .arg(outcome.leftOut));
    if (!outcome.replayError.isEmpty())
        lines.append(
            tr("The revisions could not be replayed to check it: %1").arg(outcome.replayError));
    else
        lines.append(outcome.effect.empty()
                         ? tr("Replayed, the new revision changes nothing in the schema.")
                         : tr("Replayed, the new revision:\n%1").arg(outcome.effect.toText()));
    for (const QString &l : lines)
        appendLog(l);
    if (outcome.changedByHand && !outcome.missed.empty()) {
        const QString missed = outcome.missed.toText();
        appendLog(tr("REVIEW: %1 was changed by hand; the heads with the new revision still "
                     "differ from it there:\n%2")
                      .arg(environment, missed));
        QMessageBox box(QMessageBox::Warning, tr("Autogenerate Revision"),
                        tr("The database of %1 was changed by hand, and the heads with the new "
                           "revision still differ from it there in %n way(s): alembic's "
                           "autogenerate does not see renames, server defaults, anonymous "
                           "constraints or enum changes. Add them to the revision by hand.",
                           nullptr, int(outcome.missed.changes.size()))
                            .arg(environment),
                        QMessageBox::Ok, this);
        box.setDetailedText(missed);
        box.exec();
    }
}

namespace {

// Every revision's findings, offline, for each driver the project's environments use (PostgreSQL
// without any); a finding two drivers share is kept once. Alembic revisions are not linted here
// (that needs their SQL rendered by alembic: the plan dialog does it). Thread-safe.
struct ProjectLint {
    QHash<QString, std::vector<LintFinding>> byRevision;
    QString error; // retort.toml's [lint] is wrong: linted with the default levels
};

ProjectLint lintProject(const Workspace &workspace)
{
    ProjectLint out;
    const Project &project = workspace.project();
    LintOptions options;
    if (auto levels = projectLintLevels(project))
        options.levels = *levels;
    else
        out.error = levels.error().toString();
    QStringList drivers;
    for (const Environment &e : project.environments)
        if (!drivers.contains(e.driver))
            drivers.append(e.driver);
    if (drivers.isEmpty())
        drivers.append(QStringLiteral("postgresql"));
    const RevisionGraph &graph = workspace.graph();
    QStringList oldestFirst;
    if (auto order = graph.history(); order)
        for (auto it = order->rbegin(); it != order->rend(); ++it)
            oldestFirst.append(graph.at(*it).id);
    QSet<QString> seen;
    for (const QString &driver : drivers) {
        options.driver = driver;
        for (LintFinding &f : lintRevisions(workspace, oldestFirst, options).findings) {
            const QString key =
                QStringLiteral("%1\x1f%2\x1f%3\x1f%4\x1f%5")
                    .arg(f.rule, f.file, QString::number(f.line), f.section, f.message);
            if (seen.contains(key))
                continue;
            seen.insert(key);
            out.byRevision[f.revision].push_back(std::move(f));
        }
    }
    return out;
}

} // namespace

void MainWindow::refreshLint()
{
    const std::shared_ptr<const Workspace> workspace = m_model->workspace();
    if (!workspace)
        return;
    Background::run(
        this, [workspace](const CancelToken &) { return lintProject(*workspace); },
        [this, workspace](ProjectLint lint) {
            if (m_model->workspace() != workspace)
                return; // a newer load lints its own
            if (!lint.error.isEmpty())
                appendLog(tr("Lint: %1 (linted with the default levels)").arg(lint.error));
            m_model->setLintFindings(std::move(lint.byRevision));
            m_lintedWorkspace = workspace;
            const QString id = m_ui->detail->revisionId();
            if (!id.isEmpty())
                m_ui->detail->setLintFindings(m_model->lintFindings(id), true);
        });
}

void MainWindow::refreshReviews()
{
    const std::shared_ptr<const Workspace> workspace = m_model->workspace();
    if (!workspace)
        return;
    std::vector<std::pair<QString, QString>> revisions;
    revisions.reserve(size_t(workspace->graph().size()));
    for (const Revision &rev : workspace->graph().revisions())
        revisions.emplace_back(rev.id, rev.script ? rev.script->path : QString());
    // Hashing the reviewed scripts reads files: off the GUI thread.
    Background::run(
        this,
        [root = workspace->project().root, revisions](const CancelToken &) {
            return ReviewStore::states(root, revisions);
        },
        [this, workspace](const QHash<QString, ReviewState> &states) {
            if (m_model->workspace() == workspace)
                m_model->setReviewStates(states);
        });
}

} // namespace retort::gui
