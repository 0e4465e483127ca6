#include "SchemaCompareDialog.h"

#include "CredentialBroker.h"
#include "HostKeyPrompt.h"
#include "SqlView.h"

#include "project/Workspace.h"
#include "workflows/ConnectionAdvice.h"
#include "workflows/SchemaDrift.h"
#include "workflows/SchemaSource.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace retort::gui {

namespace {

constexpr int kSideA = 0;
constexpr int kSideB = 1;
// A picker entry that opens a file dialog instead of being a source itself.
constexpr int kPickFileRole = Qt::UserRole + 1;
// Past this many rows the tree opens at its objects only.
constexpr int kExpandAllRows = 400;

int sideIndex(SchemaCompareDialog::Side side)
{
    return side == SchemaCompareDialog::Side::A ? kSideA : kSideB;
}

QString sideName(int side)
{
    return side == kSideA ? SchemaCompareDialog::tr("Left (A)")
                          : SchemaCompareDialog::tr("Right (B)");
}

// What the background task needs: copies only (it may outlive the dialog).
struct CompareRequest {
    std::shared_ptr<const Workspace> workspace;
    QString specs[2];
    QHash<QString, ConnectionSecrets> secrets; // by environment name
    QString defaultDriver;                     // for two @REV sides
    DiffOptions diff;
};

} // namespace

// What the background task brings back (Result has no empty state to start from).
struct SchemaCompareDialog::Outcome {
    std::shared_ptr<const SchemaSnapshot> snapshots[2];
    SchemaDiff diff;
    QString sql;
    Error error;
    int failedSide = -1; // the side that could not be read; -1: none
    bool failedInReplay = false;
};

namespace {

// One side, as `retort-cli diff` reads it (SchemaSource.h). Blocking: the worker only.
Result<SchemaSnapshot> readSide(const CompareRequest &request, const QString &spec,
                                const QString &otherDriver, const CancelToken &cancel,
                                bool *replayed)
{
    Result<SchemaSource> source = parseSchemaSource(spec);
    if (!source)
        return source.error();
    if (source->kind == SchemaSource::Kind::File)
        return readSnapshotSource(*source);
    if (!request.workspace)
        return Error(SchemaCompareDialog::tr("No project is open: only snapshot files (*.json) can "
                                             "be compared."));
    const Workspace &ws = *request.workspace;
    if (source->kind == SchemaSource::Kind::Revisions) {
        *replayed = true;
        QString driver = otherDriver.isEmpty() ? request.defaultDriver : otherDriver;
        if (driver.isEmpty())
            driver = QStringLiteral("sqlite");
        const Environment *scratch = ws.project().scratchEnvironment();
        const ExpectedSchemaOptions replay = schemaReplayOptions(
            ws.project(), driver,
            scratch ? request.secrets.value(scratch->name) : ConnectionSecrets{});
        return readSchemaSource(ws, *source, driver, {}, replay, &cancel);
    }
    return readSchemaSource(ws, *source, otherDriver, request.secrets.value(source->name), {},
                            &cancel);
}

} // namespace

SchemaCompareDialog::SchemaCompareDialog(std::shared_ptr<const Workspace> workspace,
                                         CredentialBroker *credentials, QWidget *parent)
    : QDialog(parent), m_workspace(std::move(workspace)), m_credentials(credentials),
      m_model(new SchemaCompareModel(this))
{
    setObjectName(QStringLiteral("schemaCompareDialog"));
    setWindowTitle(tr("Compare Schemas"));
    setModal(false);
    setSizeGripEnabled(true);
    setupLayout();
    fillPickers();
    // Default: what the revisions produce against the project's (chosen) environment.
    QString right;
    if (m_workspace && !m_workspace->project().environments.empty())
        right = m_workspace->project().environments.front().name;
    setSources(QStringLiteral("@heads"), right);
    clearResult();
    m_summary->setText(tr("Choose two schemas and press Compare."));
    resize(1180, 760);
}

SchemaCompareDialog::~SchemaCompareDialog()
{
    if (m_token)
        m_token->cancel();
}

void SchemaCompareDialog::setupLayout()
{
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(8);

    // The two pickers, Compare, the busy bar and Cancel.
    auto *sources = new QGridLayout;
    sources->setHorizontalSpacing(8);
    sources->setVerticalSpacing(4);
    for (int side : {kSideA, kSideB}) {
        auto *label = new QLabel(side == kSideA ? tr("&Left (A):") : tr("&Right (B):"), this);
        auto *picker = new QComboBox(this);
        picker->setObjectName(side == kSideA ? QStringLiteral("compareLeft")
                                             : QStringLiteral("compareRight"));
        picker->setEditable(true);
        picker->setInsertPolicy(QComboBox::NoInsert);
        picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        picker->setMinimumContentsLength(22);
        picker->setToolTip(tr("An environment, @heads or @REV (the schema those revisions "
                              "produce, replayed), or a snapshot file (*.json) saved by "
                              "retort-cli schema --json"));
        picker->lineEdit()->setPlaceholderText(tr("environment, @REV or file.json"));
        label->setBuddy(picker);
        sources->addWidget(label, 0, side * 2);
        sources->addWidget(picker, 0, side * 2 + 1);
        sources->setColumnStretch(side * 2 + 1, 1);
        m_pickers[side] = picker;
        connect(picker, &QComboBox::activated, this, [this, side](int row) {
            if (m_pickers[side]->itemData(row, kPickFileRole).toBool())
                pickFile(side == kSideA ? Side::A : Side::B);
        });
        connect(picker, &QComboBox::currentTextChanged, this, [this, side](const QString &text) {
            const int row = m_pickers[side]->currentIndex();
            if (row < 0 || m_pickers[side]->itemText(row) != text ||
                !m_pickers[side]->itemData(row, kPickFileRole).toBool())
                m_lastText[side] = text;
        });
    }
    m_compareButton = new QPushButton(tr("&Compare"), this);
    m_compareButton->setObjectName(QStringLiteral("compareButton"));
    m_compareButton->setDefault(true);
    m_compareButton->setToolTip(tr("Read both schemas (in the background) and list what differs"));
    sources->addWidget(m_compareButton, 0, 4);
    layout->addLayout(sources);

    auto *status = new QHBoxLayout;
    status->setSpacing(8);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true); // long paths must not widen the dialog
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("compareProgress"));
    m_progress->setRange(0, 0); // busy: the reads report no steps
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(16 * fontMetrics().averageCharWidth());
    m_progress->setMaximumHeight(fontMetrics().height());
    m_progress->hide();
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("compareCancel"));
    m_cancelButton->setAutoDefault(false);
    m_cancelButton->setToolTip(tr("Stop reading the schemas"));
    m_cancelButton->hide();
    status->addWidget(m_summary, 1);
    status->addWidget(m_progress);
    status->addWidget(m_cancelButton);
    layout->addLayout(status);

    // Why a side could not be read, and Retry when a password or a host key would fix it.
    auto *errorFrame = new QFrame(this);
    errorFrame->setObjectName(QStringLiteral("compareError"));
    errorFrame->setFrameShape(QFrame::StyledPanel);
    auto *errorLayout = new QHBoxLayout(errorFrame);
    auto *errorText = new QVBoxLayout;
    m_errorTitle = new QLabel(errorFrame);
    m_errorTitle->setObjectName(QStringLiteral("compareErrorTitle"));
    QFont bold = m_errorTitle->font();
    bold.setBold(true);
    m_errorTitle->setFont(bold);
    m_errorTitle->setWordWrap(true);
    m_errorMessage = new QLabel(errorFrame);
    m_errorMessage->setObjectName(QStringLiteral("compareErrorMessage"));
    m_errorMessage->setWordWrap(true);
    m_errorMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorText->addWidget(m_errorTitle);
    errorText->addWidget(m_errorMessage);
    m_retryButton = new QPushButton(tr("Retry"), errorFrame);
    m_retryButton->setObjectName(QStringLiteral("compareRetry"));
    m_retryButton->setAutoDefault(false);
    errorLayout->addLayout(errorText, 1);
    errorLayout->addWidget(m_retryButton, 0, Qt::AlignTop);
    m_errorBox = errorFrame;
    m_errorBox->hide();
    layout->addWidget(m_errorBox);

    // Differences: the tree above, the current object's changes and DDLs below.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    auto *differences = new QSplitter(Qt::Vertical, m_tabs);
    differences->setObjectName(QStringLiteral("compareSplitter"));
    differences->setChildrenCollapsible(false);
    m_tree = new QTreeView(differences);
    m_tree->setObjectName(QStringLiteral("compareTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);

    auto *detail = new QWidget(differences);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 6, 0, 0);
    detailLayout->setSpacing(6);
    m_objectTitle = new QLabel(detail);
    m_objectTitle->setObjectName(QStringLiteral("compareObjectTitle"));
    m_objectTitle->setFont(bold);
    m_objectTitle->setWordWrap(true);
    m_changes = new QPlainTextEdit(detail);
    m_changes->setObjectName(QStringLiteral("compareChanges"));
    m_changes->setReadOnly(true);
    m_changes->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_renameArea = new QWidget(detail);
    m_renameLayout = new QVBoxLayout(m_renameArea);
    m_renameLayout->setContentsMargins(0, 0, 0, 0);
    m_renameLayout->setSpacing(2);
    m_renameArea->hide();
    auto *ddls = new QSplitter(Qt::Horizontal, detail);
    ddls->setObjectName(QStringLiteral("compareDdlSplitter"));
    ddls->setChildrenCollapsible(false);
    for (int side : {kSideA, kSideB}) {
        auto *pane = new QWidget(ddls);
        auto *paneLayout = new QVBoxLayout(pane);
        paneLayout->setContentsMargins(0, 0, 0, 0);
        paneLayout->setSpacing(2);
        m_ddlTitles[side] = new QLabel(pane);
        m_ddlTitles[side]->setTextFormat(Qt::PlainText);
        m_ddlTitles[side]->setWordWrap(true);
        m_ddl[side] = new SqlView(pane);
        m_ddl[side]->setObjectName(side == kSideA ? QStringLiteral("compareDdlA")
                                                  : QStringLiteral("compareDdlB"));
        paneLayout->addWidget(m_ddlTitles[side]);
        paneLayout->addWidget(m_ddl[side], 1);
        ddls->addWidget(pane);
    }
    detailLayout->addWidget(m_objectTitle);
    detailLayout->addWidget(m_changes);
    detailLayout->addWidget(m_renameArea);
    detailLayout->addWidget(ddls, 1);
    differences->addWidget(m_tree);
    differences->addWidget(detail);
    differences->setStretchFactor(0, 2);
    differences->setStretchFactor(1, 3);
    // No rows: a line saying why (nothing compared yet, equal schemas, an error above).
    m_differences = new QStackedWidget(m_tabs);
    m_differences->addWidget(differences);
    m_emptyMessage = new QLabel(m_differences);
    m_emptyMessage->setObjectName(QStringLiteral("compareEmpty"));
    m_emptyMessage->setAlignment(Qt::AlignCenter);
    m_emptyMessage->setWordWrap(true);
    m_differences->addWidget(m_emptyMessage);
    m_tabs->addTab(m_differences, tr("&Differences"));

    m_sql = new SqlView(m_tabs);
    m_sql->setObjectName(QStringLiteral("compareSql"));
    m_tabs->addTab(m_sql, tr("&SQL (A → B)"));
    layout->addWidget(m_tabs, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_createButton = buttons->addButton(tr("Create &Revision…"), QDialogButtonBox::ActionRole);
    m_createButton->setObjectName(QStringLiteral("compareCreateRevision"));
    m_createButton->setAutoDefault(false);
    m_createButton->setToolTip(tr("A new revision whose upgrade turns A into B (the SQL tab) and "
                                  "whose downgrade turns B back into A"));
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    layout->addWidget(buttons);

    connect(m_compareButton, &QPushButton::clicked, this, &SchemaCompareDialog::compare);
    connect(m_cancelButton, &QPushButton::clicked, this, &SchemaCompareDialog::cancel);
    connect(m_retryButton, &QPushButton::clicked, this, &SchemaCompareDialog::retry);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SchemaCompareDialog::showCurrent);
    connect(m_model, &SchemaCompareModel::renamesChanged, this, [this] {
        updateRenameBoxes();
        updateSql();
    });
    connect(m_createButton, &QPushButton::clicked, this, [this] {
        const auto &a = m_model->snapshotA();
        const auto &b = m_model->snapshotB();
        if (!a || !b || m_model->diff().empty())
            return;
        Q_EMIT createRevisionRequested(*a, *b, m_model->confirmedRenames(), m_shownLabels[kSideA],
                                       m_shownLabels[kSideB]);
    });
}

void SchemaCompareDialog::fillPickers()
{
    for (int side : {kSideA, kSideB}) {
        QComboBox *picker = m_pickers[side];
        const QString text = picker->currentText();
        const QSignalBlocker block(picker);
        picker->clear();
        if (m_workspace) {
            for (const Environment &env : m_workspace->project().environments) {
                picker->addItem(env.name);
                picker->setItemData(
                    picker->count() - 1,
                    tr("The live schema of environment %1 (%2)").arg(env.name, env.driver),
                    Qt::ToolTipRole);
            }
            if (picker->count() > 0)
                picker->insertSeparator(picker->count());
            picker->addItem(QStringLiteral("@heads"));
            picker->setItemData(picker->count() - 1,
                                tr("The schema the project's heads produce (replayed in a "
                                   "scratch database); type @REV for another revision"),
                                Qt::ToolTipRole);
            picker->insertSeparator(picker->count());
        }
        picker->addItem(tr("Snapshot file…"));
        picker->setItemData(picker->count() - 1, true, kPickFileRole);
        picker->setItemData(picker->count() - 1,
                            tr("A schema saved by retort-cli schema --json --detail"),
                            Qt::ToolTipRole);
        picker->setCurrentIndex(-1);
        picker->setEditText(text);
        m_lastText[side] = text;
    }
}

void SchemaCompareDialog::pickFile(Side side)
{
    const int s = sideIndex(side);
    // The entry is not a source: the picker keeps what it had until a file is chosen.
    {
        const QSignalBlocker block(m_pickers[s]);
        m_pickers[s]->setCurrentIndex(-1);
        m_pickers[s]->setEditText(m_lastText[s]);
    }
    const QString start = m_workspace ? m_workspace->project().root : QString();
    auto *dialog = new QFileDialog(this, tr("Snapshot file for %1").arg(sideName(s)), start,
                                   tr("Schema snapshots (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("compareFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this, s](const QString &file) {
        if (!file.isEmpty())
            m_pickers[s]->setEditText(QDir::toNativeSeparators(file));
    });
    dialog->open(); // never blocks
}

void SchemaCompareDialog::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    m_workspace = std::move(workspace);
    fillPickers();
}

void SchemaCompareDialog::setDefaultEnvironment(const QString &name)
{
    m_defaultEnvironment = [name] { return name; };
}

void SchemaCompareDialog::setDefaultEnvironment(std::function<QString()> name)
{
    m_defaultEnvironment = std::move(name);
}

void SchemaCompareDialog::setSources(const QString &left, const QString &right)
{
    m_pickers[kSideA]->setEditText(left);
    m_pickers[kSideB]->setEditText(right);
}

QString SchemaCompareDialog::source(Side side) const
{
    return m_pickers[sideIndex(side)]->currentText().trimmed();
}

QComboBox *SchemaCompareDialog::sourcePicker(Side side) const
{
    return m_pickers[sideIndex(side)];
}

QString SchemaCompareDialog::defaultDriver() const
{
    if (!m_workspace)
        return {};
    auto env = m_workspace->environment(m_defaultEnvironment ? m_defaultEnvironment() : QString());
    return env ? (*env)->driver : QString();
}

void SchemaCompareDialog::compare()
{
    if (m_token)
        m_token->cancel();
    m_token.reset();
    const quint64 generation = ++m_generation;
    clearResult();
    m_errorBox->hide();
    m_error = Error();
    m_failedEnv.clear();
    const QString specs[2] = {source(Side::A), source(Side::B)};
    for (int side : {kSideA, kSideB})
        if (specs[side].isEmpty()) {
            showError(tr("%1 is empty").arg(sideName(side)),
                      Error(tr("Name a schema: an environment, @heads or @REV, or a snapshot "
                               "file (*.json).")));
            Q_EMIT compared();
            return;
        }
    m_shownLabels[kSideA] = specs[kSideA];
    m_shownLabels[kSideB] = specs[kSideB];
    setBusy(true);

    // The environments whose passwords the reads need: the sides that name one and, for a
    // replay that may need the scratch server, the scratch environment.
    std::vector<Environment> needed;
    if (m_workspace) {
        const Project &project = m_workspace->project();
        bool replay = false;
        bool sqliteOther = false;
        for (const QString &spec : specs) {
            if (spec.startsWith(u'@')) {
                replay = true;
                continue;
            }
            if (const Environment *env = project.environment(spec)) {
                sqliteOther = sqliteOther || env->driver == u"sqlite";
                if (std::none_of(needed.begin(), needed.end(),
                                 [&](const Environment &e) { return e.name == env->name; }))
                    needed.push_back(*env);
            }
        }
        const Environment *scratch = project.scratchEnvironment();
        const bool bothReplayed = specs[0].startsWith(u'@') && specs[1].startsWith(u'@');
        if (replay && scratch && !sqliteOther && !(bothReplayed && defaultDriver() == u"sqlite") &&
            std::none_of(needed.begin(), needed.end(),
                         [&](const Environment &e) { return e.name == scratch->name; }))
            needed.push_back(*scratch);
    }
    if (!m_credentials || needed.empty()) {
        start({}, generation);
        return;
    }
    m_credentials->obtainAll(
        m_workspace->project().name, needed, CredentialBroker::Mode::MayAsk, this,
        [this, needed, generation](QHash<QString, ConnectionSecrets> secrets) {
            if (generation != m_generation)
                return; // cancelled or superseded while the passwords were gathered
            for (const Environment &env : needed)
                if (!secrets.contains(env.name)) { // the user cancelled its prompt
                    setBusy(false);
                    m_failedEnv = env.name;
                    showError(tr("No password for %1").arg(env.name),
                              Error(tr("No password was given for %1.").arg(env.name))
                                  .as(ErrorKind::DatabaseAuthFailed));
                    Q_EMIT compared();
                    return;
                }
            start(secrets, generation);
        });
}

void SchemaCompareDialog::start(const QHash<QString, ConnectionSecrets> &secrets,
                                quint64 generation)
{
    CompareRequest request;
    request.workspace = m_workspace;
    request.specs[kSideA] = m_shownLabels[kSideA];
    request.specs[kSideB] = m_shownLabels[kSideB];
    request.secrets = secrets;
    request.defaultDriver = defaultDriver();
    if (m_workspace) // the project's own version table, when it has another name
        request.diff.ignoreTables.append(m_workspace->project().versionTableName().name);
    m_diffOptions = request.diff;
    m_token = Background::run(
        this,
        [request](const CancelToken &cancel) {
            Outcome out;
            // A replayed side (@REV) takes the other side's driver: read that one first.
            const bool replayFirst =
                request.specs[kSideA].startsWith(u'@') && !request.specs[kSideB].startsWith(u'@');
            const int order[2] = {replayFirst ? kSideB : kSideA, replayFirst ? kSideA : kSideB};
            QString driver;
            for (int side : order) {
                if (cancel.isCancelled()) {
                    out.error = Error(tr("Cancelled.")).as(ErrorKind::Cancelled);
                    out.failedSide = side;
                    return out;
                }
                bool replayed = false;
                Result<SchemaSnapshot> snapshot =
                    readSide(request, request.specs[side], driver, cancel, &replayed);
                if (!snapshot) {
                    out.error = snapshot.error();
                    out.failedSide = side;
                    out.failedInReplay = replayed;
                    return out;
                }
                driver = snapshot->driver;
                out.snapshots[side] = std::make_shared<const SchemaSnapshot>(std::move(*snapshot));
            }
            out.diff = diffSchemas(*out.snapshots[kSideA], *out.snapshots[kSideB], request.diff);
            MigrationScriptOptions options;
            options.diff = request.diff;
            out.sql =
                migrationScript(*out.snapshots[kSideA], *out.snapshots[kSideB], options).text();
            return out;
        },
        [this, generation](Outcome outcome) {
            if (generation != m_generation)
                return; // superseded (another Compare, Cancel)
            m_token.reset();
            finish(std::move(outcome));
        });
}

void SchemaCompareDialog::finish(Outcome outcome)
{
    setBusy(false);
    if (outcome.failedSide >= 0) {
        const int side = outcome.failedSide;
        const QString spec = m_shownLabels[side];
        // Whose password or host key would help: the side's environment, or the scratch
        // server a replay ran on.
        if (m_workspace) {
            const Project &project = m_workspace->project();
            if (!outcome.failedInReplay && project.environment(spec))
                m_failedEnv = spec;
            else if (outcome.failedInReplay && project.scratchEnvironment())
                m_failedEnv = project.scratchEnvironment()->name;
        }
        showError(tr("%1 — %2 could not be read").arg(sideName(side), spec), outcome.error);
        Q_EMIT compared();
        return;
    }
    m_model->setComparison(outcome.snapshots[kSideA], outcome.snapshots[kSideB],
                           std::move(outcome.diff));
    const qsizetype n = qsizetype(m_model->diff().changes.size());
    QString summary = n == 0   ? tr("No differences.")
                      : n == 1 ? tr("1 difference")
                               : tr("%1 differences").arg(n);
    const QString da = outcome.snapshots[kSideA]->driver;
    const QString db = outcome.snapshots[kSideB]->driver;
    summary += tr(" — A: %1, B: %2").arg(m_shownLabels[kSideA], m_shownLabels[kSideB]);
    if (!da.isEmpty() && !db.isEmpty() && da != db)
        summary += tr(" (a %1 schema against a %2 one: types and expressions are spelled "
                      "differently)")
                       .arg(da, db);
    if (m_model->renameCount() > 0)
        summary += tr("; possible renames are not confirmed until you check them");
    m_summary->setText(summary);
    if (n == 0)
        showEmpty(tr("No differences: A and B have the same schema."));
    else
        m_differences->setCurrentIndex(0);
    m_sql->setSql(n == 0 ? tr("-- No differences: nothing to migrate.") : outcome.sql, 0);
    for (int side : {kSideA, kSideB}) {
        // A file by its name (the path is in the tooltip and the summary): both titles one line.
        const QString label = m_shownLabels[side];
        const bool path = label.contains(u'/') || label.contains(QDir::separator());
        m_ddlTitles[side]->setText(
            tr("%1: %2").arg(side == kSideA ? QStringLiteral("A") : QStringLiteral("B"),
                             path ? QFileInfo(label).fileName() : label));
        m_ddlTitles[side]->setToolTip(label);
    }
    if (m_model->rowCount() > 0) {
        int rows = 0;
        for (const SchemaChange &c : m_model->diff().changes)
            rows += c.name.isEmpty() ? 1 : 2;
        if (rows <= kExpandAllRows)
            m_tree->expandAll();
        else
            m_tree->expandToDepth(0);
        for (int column = 0; column < SchemaCompareModel::SummaryColumn; ++column) {
            m_tree->resizeColumnToContents(column);
            m_tree->setColumnWidth(
                column, qMin(m_tree->columnWidth(column), 40 * fontMetrics().averageCharWidth()));
        }
        // The first object, so its DDLs are there at once.
        const QModelIndex first = m_model->index(0, 0, m_model->index(0, 0));
        m_tree->setCurrentIndex(first);
    }
    showCurrent();
    updateActions();
    Q_EMIT compared();
}

void SchemaCompareDialog::showEmpty(const QString &why)
{
    m_emptyMessage->setText(why);
    m_differences->setCurrentIndex(1);
}

void SchemaCompareDialog::cancel()
{
    if (!m_busy)
        return;
    if (m_token)
        m_token->cancel();
    m_token.reset();
    ++m_generation; // its result (and the passwords' callback) is dropped
    setBusy(false);
    m_summary->setText(tr("Cancelled."));
    showEmpty(tr("The comparison was cancelled."));
    Q_EMIT compared();
}

void SchemaCompareDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_compareButton->setEnabled(!busy);
    if (busy) {
        m_summary->setText(
            tr("Reading %1 and %2…").arg(m_shownLabels[kSideA], m_shownLabels[kSideB]));
        showEmpty(tr("Reading both schemas in the background…"));
    }
    updateActions();
}

void SchemaCompareDialog::clearResult()
{
    m_model->clear();
    m_shownObject.clear();
    m_sql->clear();
    m_ddlTitles[kSideA]->setText(QStringLiteral("A"));
    m_ddlTitles[kSideB]->setText(QStringLiteral("B"));
    showEmpty(tr("Choose two schemas and press Compare."));
    showCurrent();
    updateActions();
}

void SchemaCompareDialog::showError(const QString &title, const Error &error)
{
    m_error = error;
    m_errorTitle->setText(title);
    QString message = error.toString();
    switch (remedyFor(error)) {
    case ConnectionRemedy::DatabasePassword:
        message += u'\n' + tr("Retry asks for the database password again.");
        break;
    case ConnectionRemedy::SshSecret:
    case ConnectionRemedy::SshPassphrase:
        message += u'\n' + tr("Retry asks for the SSH secret again.");
        break;
    case ConnectionRemedy::TrustHostKey:
        message += u'\n' + tr("Retry shows the SSH server's host key fingerprint so that you can "
                              "check and trust it.");
        break;
    case ConnectionRemedy::None:
        break;
    }
    m_errorMessage->setText(message);
    m_retryButton->setVisible(!m_failedEnv.isEmpty() && remedyFor(error) != ConnectionRemedy::None);
    m_errorBox->show();
    m_summary->setText(tr("The comparison could not be made."));
    showEmpty(tr("No comparison: the error above says why."));
}

void SchemaCompareDialog::retry()
{
    const Environment *env =
        m_workspace ? m_workspace->project().environment(m_failedEnv) : nullptr;
    if (!env || !m_credentials) {
        compare();
        return;
    }
    const QString project = m_workspace->project().name;
    switch (remedyFor(m_error)) {
    case ConnectionRemedy::DatabasePassword:
        m_credentials->forget(project, env->name, SecretKind::Database);
        break;
    case ConnectionRemedy::SshSecret:
    case ConnectionRemedy::SshPassphrase:
        m_credentials->forget(project, env->name, SecretKind::Ssh);
        break;
    case ConnectionRemedy::TrustHostKey:
        if (env->ssh) {
            trustHostKey(this, *env->ssh, this, [this](bool trusted, const QString &note) {
                if (trusted)
                    compare();
                else
                    m_errorMessage->setText(note.isEmpty() ? tr("The host key was not trusted.")
                                                           : note);
            });
            return;
        }
        break;
    case ConnectionRemedy::None:
        break;
    }
    compare();
}

bool SchemaCompareDialog::selectObject(const QString &object)
{
    const QModelIndex index = m_model->findObject(object);
    if (!index.isValid())
        return false;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
    return true;
}

void SchemaCompareDialog::showCurrent()
{
    const QString object = m_model->objectOf(m_tree->currentIndex());
    m_shownObject = object;
    if (object.isEmpty()) {
        m_objectTitle->setText(m_model->objectCount() > 0
                                   ? tr("Select an object to see its DDL on both sides.")
                                   : QString());
        m_changes->clear();
        m_changes->setVisible(false);
        for (int side : {kSideA, kSideB})
            m_ddl[side]->clear();
        updateRenameBoxes();
        return;
    }
    const QString kind = m_model->objectKind(object);
    m_objectTitle->setText(tr("%1 %2").arg(kind, object));
    QStringList lines;
    for (const SchemaChange *c : m_model->changesOf(object))
        lines << SchemaCompareModel::markGlyph(c->change) + u' ' + c->summary;
    m_changes->setPlainText(lines.join(u'\n'));
    // As tall as its lines (up to five; it scrolls beyond).
    const int shown = int(qMin<qsizetype>(qMax<qsizetype>(lines.size(), 1), 5));
    m_changes->setFixedHeight(shown * m_changes->fontMetrics().lineSpacing() +
                              2 * m_changes->frameWidth() +
                              int(2 * m_changes->document()->documentMargin()) + 2);
    m_changes->setVisible(true);
    for (int side : {kSideA, kSideB}) {
        const std::optional<QString> ddl = m_model->ddl(object, side == kSideA ? Side::A : Side::B);
        if (!ddl)
            m_ddl[side]->setSql(tr("(absent)"), 0);
        else if (ddl->isEmpty())
            m_ddl[side]->setSql(tr("-- (this snapshot holds no DDL for it)"), 0);
        else
            m_ddl[side]->setSql(*ddl, 0);
    }
    updateRenameBoxes();
}

void SchemaCompareDialog::updateRenameBoxes()
{
    // One check box per possible rename of the current object, kept in step with the tree's.
    std::vector<int> renames;
    for (int r = 0; r < m_model->renameCount(); ++r)
        if (!m_shownObject.isEmpty() && m_model->renameChange(r).object == m_shownObject)
            renames.push_back(r);
    bool same = renames.size() == m_renameBoxes.size();
    for (size_t i = 0; same && i < renames.size(); ++i)
        same = m_renameBoxes[i]->property("rename").toInt() == renames[i];
    if (!same) {
        for (QCheckBox *box : m_renameBoxes)
            delete box;
        m_renameBoxes.clear();
        for (int r : renames) {
            const SchemaChange &c = m_model->renameChange(r);
            const QString what =
                c.objectKind == u"column"
                    ? tr("Confirm rename of column %1 → %2").arg(c.before, c.after)
                    : tr("Confirm rename of %1 %2 → %3").arg(c.objectKind, c.before, c.after);
            auto *box = new QCheckBox(what, m_renameArea);
            box->setObjectName(QStringLiteral("compareConfirmRename"));
            box->setProperty("rename", r);
            box->setToolTip(tr("Checked: the SQL renames it, keeping its data. Unchecked: it "
                               "drops one and adds the other."));
            connect(box, &QCheckBox::toggled, this,
                    [this, r](bool on) { m_model->setRenameConfirmed(r, on); });
            m_renameLayout->addWidget(box);
            m_renameBoxes.push_back(box);
        }
    }
    for (QCheckBox *box : m_renameBoxes) {
        const QSignalBlocker block(box);
        box->setChecked(m_model->isRenameConfirmed(box->property("rename").toInt()));
    }
    m_renameArea->setVisible(!m_renameBoxes.empty());
}

void SchemaCompareDialog::updateSql()
{
    const auto &a = m_model->snapshotA();
    const auto &b = m_model->snapshotB();
    if (!a || !b)
        return;
    if (m_model->diff().empty()) {
        m_sql->setSql(tr("-- No differences: nothing to migrate."), 0);
        return;
    }
    MigrationScriptOptions options;
    options.renames = m_model->confirmedRenames();
    options.diff = m_diffOptions;
    m_sql->setSql(migrationScript(*a, *b, options).text(), 0);
}

void SchemaCompareDialog::updateActions()
{
    const bool loaded = m_model->snapshotA() && m_model->snapshotB();
    m_createButton->setEnabled(!m_busy && loaded && !m_model->diff().empty());
}

QString SchemaCompareDialog::summaryText() const
{
    return m_summary->text();
}

QString SchemaCompareDialog::errorText() const
{
    if (m_errorBox->isHidden())
        return {};
    return m_errorTitle->text() + u'\n' + m_errorMessage->text();
}

QString SchemaCompareDialog::changesText() const
{
    return m_changes->toPlainText();
}

QString SchemaCompareDialog::ddlText(Side side) const
{
    return m_ddl[sideIndex(side)]->text();
}

std::vector<QCheckBox *> SchemaCompareDialog::renameBoxes() const
{
    return m_renameBoxes;
}

QString SchemaCompareDialog::sqlText() const
{
    return m_sql->text();
}

} // namespace retort::gui
