#include "SchemaView.h"

#include "HostKeyPrompt.h"
#include "SchemaFilterModel.h"

#include "db/Dialect.h"
#include "project/Workspace.h"
#include "workflows/ConnectionAdvice.h"
#include "workflows/DataPreview.h"
#include "workflows/SchemaInspection.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

constexpr int kTreePage = 0;
constexpr int kMessagePage = 1;
constexpr int kPreviewRows = 200;

// What identifies the database an environment reaches: a change means another schema.
QString connectionKey(const Environment &env)
{
    QStringList parts{env.name, env.driver, env.database, env.host, QString::number(env.port),
                      env.user, env.options};
    if (env.ssh)
        parts << env.ssh->host << QString::number(env.ssh->port) << env.ssh->user;
    return parts.join(u'\x1f');
}

// What the user can do about a failed load, in the window's words: the remedies the rest of the
// window offers (ConnectionAdvice.h), and for the others a hint from the error's kind.
QString adviceFor(const Error &error, const Environment *env)
{
    switch (remedyFor(error)) {
    case ConnectionRemedy::DatabasePassword:
        return SchemaView::tr("The database refused the password. Retry asks for it (and can "
                              "remember it in the system keychain).");
    case ConnectionRemedy::SshSecret:
        return SchemaView::tr("The SSH server refused the login. Retry asks for the SSH "
                              "password.");
    case ConnectionRemedy::SshPassphrase:
        return SchemaView::tr("The SSH key needs its passphrase. Retry asks for it.");
    case ConnectionRemedy::TrustHostKey:
        return SchemaView::tr("The SSH server's host key is not known yet. Retry shows its "
                              "fingerprint so that you can check and trust it.");
    case ConnectionRemedy::None:
        break;
    }
    switch (error.kind) {
    case ErrorKind::ConnectionRefused:
        return SchemaView::tr("Nothing answered there. Is the server running, and are the host "
                              "and port right (Environment ▸ Edit Environment…)?");
    case ErrorKind::HostUnresolved:
        return SchemaView::tr("The host name does not resolve. Check it in Environment ▸ Edit "
                              "Environment…");
    case ErrorKind::Timeout:
        return SchemaView::tr("The server did not answer in time. Check the network (VPN, "
                              "firewall) and try again.");
    case ErrorKind::DatabaseMissing:
        return env && env->driver == u"sqlite"
                   ? SchemaView::tr("The database file does not exist yet. Upgrading the "
                                    "environment creates it.")
                   : SchemaView::tr("The server has no such database. Check its name in "
                                    "Environment ▸ Edit Environment…");
    case ErrorKind::HostKeyChanged:
        return SchemaView::tr("The SSH server's host key has changed. Retort will not connect "
                              "until its known_hosts entry is checked and fixed: this can be an "
                              "attack.");
    case ErrorKind::TunnelLost:
        return SchemaView::tr("The SSH tunnel was lost. Retry opens a new one.");
    case ErrorKind::Cancelled:
        return SchemaView::tr("Retry reads it again.");
    default:
        return {};
    }
}

} // namespace

SchemaView::SchemaView(CredentialBroker *credentials, QWidget *parent)
    : QWidget(parent), m_credentials(credentials), m_model(new SchemaTreeModel(this)),
      m_filter(new SchemaFilterModel(this))
{
    m_filter->setSourceModel(m_model);
    setupLayout();
    showError(Error(tr("No environment chosen.")));
    m_messageTitle->setText(tr("No schema to show"));
    m_advice->setText(tr("Open a project and choose an environment."));
    m_retryButton->hide();
}

SchemaView::~SchemaView()
{
    cancel();
}

void SchemaView::setupLayout()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // Filter, what is shown, the busy bar and Reload/Cancel.
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 6, 6, 6);
    bar->setSpacing(8);
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("schemaFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter objects by name"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMinimumWidth(24 * fontMetrics().averageCharWidth());
    m_filterEdit->setMaximumWidth(40 * fontMetrics().averageCharWidth());
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("schemaSummary"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("schemaProgress"));
    m_progress->setRange(0, 0); // busy: the inspectors report no steps
    m_progress->setMaximumWidth(14 * fontMetrics().averageCharWidth());
    m_progress->setMaximumHeight(fontMetrics().height());
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_reloadButton = new QPushButton(tr("Reload"), this);
    m_reloadButton->setObjectName(QStringLiteral("schemaReload"));
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_summary, 2);
    bar->addWidget(m_progress);
    bar->addWidget(m_reloadButton);
    layout->addLayout(bar);

    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack, 1);

    m_splitter = new QSplitter(Qt::Horizontal, m_stack);
    m_splitter->setObjectName(QStringLiteral("schemaSplitter"));
    m_tree = new QTreeView(m_splitter);
    m_tree->setObjectName(QStringLiteral("schemaTree"));
    m_tree->setModel(m_filter);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(true);
    m_detail = new SchemaObjectDetail(m_splitter);
    m_detail->setObjectName(QStringLiteral("schemaDetail"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setSizes(
        {28 * fontMetrics().averageCharWidth(), 90 * fontMetrics().averageCharWidth()});
    m_stack->addWidget(m_splitter);

    // Why there is no tree: the error, the advice, Retry.
    auto *messagePage = new QWidget(m_stack);
    auto *message = new QVBoxLayout(messagePage);
    message->setContentsMargins(24, 24, 24, 24);
    message->setSpacing(10);
    m_messageTitle = new QLabel(messagePage);
    m_messageTitle->setObjectName(QStringLiteral("schemaMessageTitle"));
    QFont big = m_messageTitle->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_messageTitle->setFont(big);
    m_message = new QLabel(messagePage);
    m_message->setObjectName(QStringLiteral("schemaMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_advice = new QLabel(messagePage);
    m_advice->setObjectName(QStringLiteral("schemaAdvice"));
    m_advice->setWordWrap(true);
    m_retryButton = new QPushButton(tr("Retry"), messagePage);
    m_retryButton->setObjectName(QStringLiteral("schemaRetry"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_retryButton);
    buttons->addStretch(1);
    message->addStretch(1);
    message->addWidget(m_messageTitle);
    message->addWidget(m_message);
    message->addWidget(m_advice);
    message->addLayout(buttons);
    message->addStretch(2);
    m_stack->addWidget(messagePage);

    connect(m_filterEdit, &QLineEdit::textChanged, this, &SchemaView::applyFilter);
    connect(m_reloadButton, &QPushButton::clicked, this, [this] {
        if (m_loading)
            cancel();
        else
            reload();
    });
    connect(m_retryButton, &QPushButton::clicked, this, &SchemaView::retry);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SchemaView::showCurrent);
    connect(m_detail, &SchemaObjectDetail::dataRequested, this, &SchemaView::loadRows);
    connect(m_detail, &SchemaObjectDetail::objectActivated, this,
            [this](const QString &schema, const QString &name) { selectObject(schema, name); });
    connect(m_detail, &SchemaObjectDetail::revisionActivated, this, &SchemaView::revisionActivated);
}

const Environment *SchemaView::environment() const
{
    return m_workspace ? m_workspace->project().environment(m_environment) : nullptr;
}

void SchemaView::setEnvironment(std::shared_ptr<const Workspace> workspace,
                                const QString &environment)
{
    m_workspace = std::move(workspace);
    m_environment = environment;
    const Environment *env = this->environment();
    if (env && connectionKey(*env) == m_loadedKey && (m_loading || !m_stale))
        return; // the same database: what is shown (or loading) stays
    m_loadedKey = env ? connectionKey(*env) : QString();
    markStale();
}

void SchemaView::markStale()
{
    m_stale = true;
    if (isVisible())
        reload();
}

void SchemaView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale && !m_loading)
        reload();
}

void SchemaView::reload()
{
    load(CredentialBroker::Mode::Silent, false);
}

void SchemaView::load(CredentialBroker::Mode mode, bool askSshPassphrase)
{
    cancel();
    const quint64 generation = ++m_generation;
    m_stale = false;
    const Environment *env = environment();
    if (!env) {
        m_model->setSnapshot(nullptr);
        m_detail->clear();
        showError(Error(tr("No environment chosen.")));
        m_messageTitle->setText(tr("No schema to show"));
        m_advice->setText(m_workspace ? tr("Choose an environment in the toolbar.")
                                      : tr("Open a project and choose an environment."));
        m_retryButton->hide();
        updateSummary();
        return;
    }
    m_loadedKey = connectionKey(*env);
    setBusy(true, tr("Reading the schema of %1…").arg(env->name));
    if (m_shownKey != m_loadedKey || !m_model->snapshot()) {
        // Another database's tree (or an error) must not pass for this one's while it loads.
        m_model->setSnapshot(nullptr);
        m_detail->clear();
        m_error = Error();
        m_messageTitle->setText(tr("Reading the schema of %1…").arg(env->name));
        m_message->setText(tr("On a read-only connection, in the background."));
        m_advice->hide();
        m_retryButton->hide();
        m_stack->setCurrentIndex(kMessagePage);
    }
    if (!m_credentials) {
        inspect(*env, {}, generation);
        return;
    }
    m_credentials->obtain(
        m_workspace->project().name, *env, mode, this,
        [this, env = *env, generation](std::optional<ConnectionSecrets> secrets) {
            if (generation != m_generation)
                return;
            if (!secrets) {
                setBusy(false);
                showError(Error(tr("No password was given for %1.").arg(env.name))
                              .as(ErrorKind::DatabaseAuthFailed));
                Q_EMIT loaded();
                return;
            }
            inspect(env, *secrets, generation);
        },
        askSshPassphrase);
}

void SchemaView::inspect(const Environment &env, const ConnectionSecrets &secrets,
                         quint64 generation)
{
    m_token = Background::run(
        this,
        [env, secrets](const CancelToken &cancel) {
            return inspectEnvironment(env, secrets, &cancel);
        },
        [this, secrets, generation](Result<SchemaSnapshot> result) {
            if (generation != m_generation)
                return; // superseded (another environment, Reload, Cancel)
            m_token.reset();
            setBusy(false);
            if (!result) {
                showError(result.error());
            } else {
                m_secrets = secrets;
                m_shownKey = m_loadedKey;
                setSnapshot(std::make_shared<const SchemaSnapshot>(std::move(*result)));
            }
            Q_EMIT loaded();
        });
}

void SchemaView::cancel()
{
    if (m_token)
        m_token->cancel();
    m_token.reset();
    if (m_rowsToken)
        m_rowsToken->cancel();
    m_rowsToken.reset();
    ++m_rowsGeneration;
    if (m_loading) {
        ++m_generation; // its result (and the secrets' callback) is dropped
        m_stale = true; // shown again: load again
        setBusy(false);
        m_summary->setText(tr("Loading cancelled."));
        if (!m_model->snapshot())
            showError(Error(tr("Reading the schema was cancelled.")).as(ErrorKind::Cancelled));
    }
}

void SchemaView::setBusy(bool busy, const QString &what)
{
    m_loading = busy;
    m_progress->setVisible(busy);
    m_reloadButton->setText(busy ? tr("Cancel") : tr("Reload"));
    m_reloadButton->setToolTip(busy ? tr("Stop reading the schema") : tr("Read the schema again"));
    if (busy)
        m_summary->setText(what);
    else
        updateSummary();
}

void SchemaView::setSnapshot(std::shared_ptr<const SchemaSnapshot> snapshot)
{
    // Keep the selected object selected across a reload.
    const QString schema = m_detail->objectSchema();
    const QString name = m_detail->objectName();
    m_model->setSnapshot(std::move(snapshot));
    m_stack->setCurrentIndex(kTreePage);
    applyFilter(m_filterEdit->text());
    if (name.isEmpty() || !selectObject(schema, name))
        m_detail->clear();
    updateSummary();
}

void SchemaView::updateSummary()
{
    if (m_loading)
        return;
    const auto &s = m_model->snapshot();
    if (!s) {
        m_summary->clear();
        return;
    }
    int tables = 0;
    int views = 0;
    for (const SchemaRelation &r : s->relations)
        (r.kind == RelationKind::View || r.kind == RelationKind::MaterializedView ? views
                                                                                  : tables)++;
    // Plurals spelled out: without a loaded English translation, "%n table(s)" would show.
    auto count = [](qsizetype n, const QString &one, const QString &many) {
        return n == 1 ? one : many.arg(n);
    };
    QStringList parts{count(tables, tr("1 table"), tr("%1 tables")),
                      count(views, tr("1 view"), tr("%1 views"))};
    if (!s->sequences.empty())
        parts << count(qsizetype(s->sequences.size()), tr("1 sequence"), tr("%1 sequences"));
    if (!s->types.empty())
        parts << count(qsizetype(s->types.size()), tr("1 type"), tr("%1 types"));
    const auto dialect = Dialect::forDriver(s->driver);
    const QString engine = dialect ? dialect->displayName() : s->driver;
    const QString server =
        s->serverVersion.isEmpty() ? engine : QStringLiteral("%1 %2").arg(engine, s->serverVersion);
    m_summary->setText(
        m_environment.isEmpty()
            ? parts.join(QStringLiteral(", "))
            : tr("%1: %2 (%3)").arg(m_environment, parts.join(QStringLiteral(", ")), server));
}

void SchemaView::showError(const Error &error)
{
    m_error = error;
    m_shownKey.clear();
    const Environment *env = environment();
    m_messageTitle->setText(env ? tr("The schema of %1 could not be read").arg(env->name)
                                : tr("No schema to show"));
    m_message->setText(error.toString());
    m_advice->setText(adviceFor(error, env));
    m_advice->setVisible(!m_advice->text().isEmpty());
    m_retryButton->setVisible(env != nullptr);
    m_stack->setCurrentIndex(kMessagePage);
}

void SchemaView::retry()
{
    const Environment *env = environment();
    if (!env) {
        reload();
        return;
    }
    const QString project = m_workspace->project().name;
    switch (remedyFor(m_error)) {
    case ConnectionRemedy::DatabasePassword:
        if (m_credentials)
            m_credentials->forget(project, env->name, SecretKind::Database);
        load(CredentialBroker::Mode::MayAsk, false);
        return;
    case ConnectionRemedy::SshSecret:
        if (m_credentials)
            m_credentials->forget(project, env->name, SecretKind::Ssh);
        load(CredentialBroker::Mode::MayAsk, false);
        return;
    case ConnectionRemedy::SshPassphrase:
        if (m_credentials)
            m_credentials->forget(project, env->name, SecretKind::Ssh);
        load(CredentialBroker::Mode::MayAsk, true);
        return;
    case ConnectionRemedy::TrustHostKey:
        if (env->ssh) {
            trustHostKey(this, *env->ssh, this, [this](bool trusted, const QString &note) {
                if (trusted)
                    reload();
                else
                    m_advice->setText(note.isEmpty() ? tr("The host key was not trusted.") : note);
            });
            return;
        }
        break;
    case ConnectionRemedy::None:
        break;
    }
    // A password the keychain lacks is asked for; nothing else changes.
    load(CredentialBroker::Mode::MayAsk, false);
}

void SchemaView::applyFilter(const QString &text)
{
    m_filter->setNameFilter(text);
    if (m_filter->nameFilter().isEmpty()) {
        m_tree->collapseAll();
        m_tree->expandToDepth(1); // schemas and their categories open
    } else {
        m_tree->expandAll(); // every match in sight, partitions included
    }
    const QModelIndex current = m_tree->currentIndex();
    if (current.isValid())
        m_tree->scrollTo(current);
}

bool SchemaView::selectObject(const QString &schema, const QString &name)
{
    const QModelIndex source = m_model->findObject(schema, name);
    if (!source.isValid())
        return false;
    QModelIndex index = m_filter->mapFromSource(source);
    if (!index.isValid()) {
        m_filterEdit->clear(); // applyFilter() at once
        index = m_filter->mapFromSource(source);
    }
    m_tree->scrollTo(index);
    m_tree->setCurrentIndex(index);
    showCurrent(); // also when it was current already (a reload)
    return true;
}

void SchemaView::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void SchemaView::showCurrent()
{
    const QModelIndex index = m_filter->mapToSource(m_tree->currentIndex());
    if (const SchemaRelation *r = m_model->relation(index))
        m_detail->showRelation(*r);
    else if (const SchemaSequence *q = m_model->sequence(index))
        m_detail->showSequence(*q);
    else if (const SchemaType *t = m_model->type(index))
        m_detail->showType(*t);
    else if (const SchemaTreeModel::PlannedObject *p = m_model->planned(index))
        m_detail->showPlanned(index.data(SchemaTreeModel::SchemaRole).toString(), p->name, p->kind,
                              p->revision, p->message);
    else {
        m_detail->clear();
        return;
    }
    m_detail->setMigrations(
        m_migrationsLookup ? m_migrationsLookup(m_detail->objectSchema(), m_detail->objectName())
                           : std::vector<SchemaObjectMigration>{});
}

void SchemaView::loadRows(const QString &schema, const QString &name)
{
    const Environment *env = environment();
    if (!env) {
        m_detail->setRowsError(schema, name, tr("no environment chosen"));
        return;
    }
    if (m_rowsToken)
        m_rowsToken->cancel();
    m_detail->setRowsLoading(schema, name);
    const quint64 request = ++m_rowsGeneration;
    // SQLite names its schemas too ("main"); servers' default schema needs no prefix either.
    m_rowsToken = Background::run(
        this,
        [env = *env, secrets = m_secrets.value_or(ConnectionSecrets{}), schema,
         name](const CancelToken &cancel) {
            return previewRows(env, secrets, schema, name, kPreviewRows, &cancel);
        },
        [this, schema, name, request](Result<RowPreview> rows) {
            if (request != m_rowsGeneration)
                return; // a newer request (another object, Reload) replaced it
            m_rowsToken.reset();
            if (rows)
                m_detail->setRows(schema, name, *rows);
            else
                m_detail->setRowsError(schema, name, rows.error().toString());
        });
}

void SchemaView::setMigrationsLookup(MigrationsLookup lookup)
{
    m_migrationsLookup = std::move(lookup);
    if (!m_detail->objectName().isEmpty())
        showCurrent();
}

void SchemaView::setPendingMarks(PendingMarks marks)
{
    m_model->setPendingMarks(std::move(marks));
}

void SchemaView::setPlannedObjects(std::vector<SchemaTreeModel::PlannedObject> planned)
{
    if (planned == m_model->plannedObjects())
        return;
    // A model reset: the tree opened and the object shown selected as after a reload.
    const QString schema = m_detail->objectSchema();
    const QString name = m_detail->objectName();
    m_model->setPlannedObjects(std::move(planned));
    applyFilter(m_filterEdit->text());
    if (name.isEmpty() || !selectObject(schema, name))
        m_detail->clear();
}

} // namespace retort::gui
