#include "EffectView.h"

#include "CredentialBroker.h"

#include "project/Workspace.h"
#include "workflows/MigrationEffect.h"
#include "workflows/SchemaDrift.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace retort::gui {

// One replay's answer: the effect, or why there is none.
struct EffectView::Replay {
    QString engine; // "SQLite", "PostgreSQL (scratch server ci)"
    std::optional<MigrationEffect> effect;
    Error error;
};

namespace {

QString engineName(const QString &driver)
{
    return driver == u"postgresql" ? QStringLiteral("PostgreSQL")
           : driver == u"mysql"    ? QStringLiteral("MariaDB/MySQL")
                                   : QStringLiteral("SQLite");
}

} // namespace

EffectView::EffectView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("effectVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    m_where = new QLabel(this);
    m_where->setObjectName(QStringLiteral("effectWhere"));
    m_where->setWordWrap(true);
    m_serverButton = new QPushButton(this);
    m_serverButton->setObjectName(QStringLiteral("effectServerButton"));
    m_serverButton->hide();
    connect(m_serverButton, &QPushButton::clicked, this, [this] { loadServer(true); });
    auto *whereRow = new QHBoxLayout;
    whereRow->addWidget(m_where, 1);
    whereRow->addWidget(m_serverButton, 0, Qt::AlignTop);
    m_changes = new QPlainTextEdit(this);
    m_changes->setObjectName(QStringLiteral("effectChanges"));
    m_changes->setReadOnly(true);
    m_changes->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_changes->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_verdict);
    layout->addLayout(whereRow);
    layout->addWidget(m_changes, 1);
}

EffectView::~EffectView()
{
    if (m_token)
        m_token->cancel();
    if (m_serverToken)
        m_serverToken->cancel();
}

void EffectView::setRevision(std::shared_ptr<const Workspace> workspace, const QString &id)
{
    if (workspace == m_workspace && id == m_revision)
        return;
    m_workspace = std::move(workspace);
    m_revision = id;
    ++m_generation; // an older replay's answer is dropped
    for (auto *token : {&m_token, &m_serverToken}) {
        if (*token)
            (*token)->cancel();
        token->reset();
    }
    m_loading = m_serverLoading = false;
    m_sqlite.reset();
    m_server.reset();
    m_serverStale = true;
    m_verdict->clear();
    m_where->clear();
    m_changes->clear();
    m_serverButton->hide();
    load();
}

void EffectView::setCredentials(CredentialBroker *credentials)
{
    m_credentials = credentials;
}

void EffectView::setEnvironment(const QString &name)
{
    if (name == m_environment)
        return;
    m_environment = name;
    if (m_serverToken)
        m_serverToken->cancel();
    m_serverToken.reset();
    m_serverLoading = false;
    m_server.reset();
    m_serverStale = true;
    ++m_generation;
    // The SQLite replay stays valid; restart it only if it was dropped with the generation.
    if (m_loading) {
        if (m_token)
            m_token->cancel();
        m_token.reset();
        m_loading = false;
        load();
    } else {
        render();
        if (isVisible())
            loadServer(false);
    }
}

void EffectView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_serverStale)
        loadServer(false);
}

void EffectView::load()
{
    if (!m_workspace || m_revision.isEmpty())
        return;
    m_loading = true;
    render();
    const quint64 generation = m_generation;
    m_token = Background::run(
        this,
        [ws = m_workspace, id = m_revision](const CancelToken &cancel) {
            return migrationEffect(*ws, id, QStringLiteral("sqlite"), {}, &cancel);
        },
        [this, generation](Result<MigrationEffect> effect) {
            if (generation != m_generation)
                return;
            m_token.reset();
            m_loading = false;
            m_sqlite = std::make_unique<Replay>();
            m_sqlite->engine = QStringLiteral("SQLite");
            if (effect)
                m_sqlite->effect = std::move(*effect);
            else
                m_sqlite->error = effect.error();
            render();
            Q_EMIT replayed();
            if (isVisible() && m_serverStale)
                loadServer(false);
            if (!m_serverLoading)
                Q_EMIT loaded();
        });
}

void EffectView::loadServer(bool mayAsk)
{
    if (m_loading)
        return; // started when the SQLite replay ends
    m_serverStale = false;
    m_serverNote.clear();
    m_needsPassword = false;
    if (!m_workspace || m_revision.isEmpty())
        return;
    const Project &project = m_workspace->project();
    auto env = m_workspace->environment(m_environment);
    const QString driver = env ? (*env)->driver : QString();
    if (driver != u"postgresql" && driver != u"mysql")
        return; // SQLite environments: the SQLite replay is theirs
    const Environment *scratch = project.scratchEnvironment();
    if (!scratch || scratch->driver != driver) {
        m_serverNote =
            tr("%1 has no scratch server of its engine: add scratch = \"ENV\" (a %2 environment "
               "whose login may create databases) to retort.toml to replay on %2 too.")
                .arg(project.name, engineName(driver));
        render();
        return;
    }
    if (!m_credentials) {
        m_serverNote = tr("Replaying on %1 needs its password.").arg(scratch->name);
        render();
        return;
    }
    m_serverLoading = true;
    render();
    const quint64 generation = m_generation;
    m_credentials->obtain(
        project.name, *scratch,
        mayAsk ? CredentialBroker::Mode::MayAsk : CredentialBroker::Mode::Silent, this,
        [this, generation, driver, name = scratch->name](std::optional<ConnectionSecrets> secrets) {
            if (generation != m_generation)
                return;
            const bool missing =
                !secrets || (secrets->password.isEmpty() && CredentialBroker::needsDatabasePassword(
                                                                **m_workspace->environment(name)));
            if (missing) {
                m_serverLoading = false;
                m_serverNote = tr("The scratch server %1 needs a password.").arg(name);
                m_needsPassword = true;
                m_serverButton->setText(tr("Replay on %1…").arg(name));
                render();
                Q_EMIT loaded();
                return;
            }
            const ExpectedSchemaOptions options =
                schemaReplayOptions(m_workspace->project(), driver, *secrets);
            m_serverToken = Background::run(
                this,
                [ws = m_workspace, id = m_revision, driver, options](const CancelToken &cancel) {
                    return migrationEffect(*ws, id, driver, options, &cancel);
                },
                [this, generation, driver, name](Result<MigrationEffect> effect) {
                    if (generation != m_generation)
                        return;
                    m_serverToken.reset();
                    m_serverLoading = false;
                    m_server = std::make_unique<Replay>();
                    m_server->engine = tr("%1 (scratch server %2)").arg(engineName(driver), name);
                    if (effect)
                        m_server->effect = std::move(*effect);
                    else
                        m_server->error = effect.error();
                    render();
                    Q_EMIT loaded();
                });
        });
}

void EffectView::render()
{
    QStringList verdicts, sections;
    auto add = [&](const Replay &r) {
        if (!r.effect) {
            verdicts.append(QStringLiteral("<span style=\"color:#c0392b\">✗</span> %1")
                                .arg(tr("<b>%1:</b> the effect could not be replayed.")
                                         .arg(r.engine.toHtmlEscaped())));
            sections.append(tr("On %1 the SQL (its own or a parent's) does not run; the "
                               "statement and why:\n")
                                .arg(r.engine) +
                            r.error.toString());
            return;
        }
        const MigrationEffect &e = *r.effect;
        const bool ok = e.downgradeRestores();
        verdicts.append(ok ? QStringLiteral("<span style=\"color:#2e8b57\">✓</span> %1")
                                 .arg(tr("<b>%1:</b> the downgrade restores the schema exactly.")
                                          .arg(r.engine.toHtmlEscaped()))
                           : QStringLiteral("<span style=\"color:#c0392b\">✗</span> %1")
                                 .arg((e.leftover.changes.size() == 1
                                           ? tr("<b>%1:</b> the downgrade leaves 1 difference.")
                                           : tr("<b>%1:</b> the downgrade leaves %2 differences.")
                                                 .arg(QStringLiteral("%1"))
                                                 .arg(e.leftover.changes.size()))
                                          .arg(r.engine.toHtmlEscaped())));
        QString text = tr("What the upgrade changes (%1):\n").arg(r.engine);
        text += e.upgrade.empty() ? tr("  no schema change\n") : e.upgrade.toText();
        if (!ok)
            text += tr("\nWhat stays after the downgrade (compared with before the upgrade):\n") +
                    e.leftover.toText();
        sections.append(text);
    };
    if (m_loading)
        verdicts.append(tr("Replaying %1 on an empty SQLite database…").arg(m_revision.left(12)));
    else if (m_sqlite)
        add(*m_sqlite);
    if (m_serverLoading)
        verdicts.append(tr("Replaying on the scratch server…"));
    else if (m_server)
        add(*m_server);
    m_verdict->setText(verdicts.join(QStringLiteral("<br>")));
    QString where;
    if (m_sqlite || m_server)
        where = tr("Replayed on empty databases: its parents, then its upgrade, then its "
                   "downgrade.");
    if (!m_serverNote.isEmpty())
        where += (where.isEmpty() ? QString() : QStringLiteral(" ")) + m_serverNote;
    m_where->setText(where);
    m_serverButton->setVisible(m_needsPassword);
    m_changes->setPlainText(sections.join(QStringLiteral("\n")));
}

QString EffectView::verdictText() const
{
    return m_verdict->text();
}

QString EffectView::changesText() const
{
    return m_changes->toPlainText();
}

const MigrationEffect *EffectView::sqliteEffect() const
{
    return m_sqlite && m_sqlite->effect ? &*m_sqlite->effect : nullptr;
}

QString EffectView::sqliteError() const
{
    return m_sqlite && !m_sqlite->effect ? m_sqlite->error.toString() : QString();
}

const MigrationEffect *EffectView::serverEffect() const
{
    return m_server && m_server->effect ? &*m_server->effect : nullptr;
}

} // namespace retort::gui
