#include "DriftController.h"

#include "CredentialBroker.h"
#include "EnvironmentPanel.h"

#include "base/Background.h"
#include "project/Workspace.h"
#include "workflows/SchemaDrift.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTreeWidgetItem>
#include <QVBoxLayout>

#include <optional>

namespace retort::gui {

namespace {

// What one background check brings back (Result has no empty state to start from).
struct DriftOutcome {
    std::optional<SchemaDriftReport> report;
    Error error;
    SchemaDriftStep step = SchemaDriftStep::Rows;
};

} // namespace

DriftController::DriftController(EnvironmentPanel *panel, CredentialBroker *credentials,
                                 QWidget *dialogParent)
    : QObject(panel), m_panel(panel), m_credentials(credentials), m_dialogParent(dialogParent)
{
    m_checkAction = new QAction(tr("Check &Drift"), this);
    m_checkAction->setObjectName(QStringLiteral("actionCheckSchemaDrift"));
    m_checkAction->setToolTip(tr("Compare the chosen environment's live schema with the one its "
                                 "revisions produce (replayed in a scratch database)"));
    m_checkAllAction = new QAction(tr("Check Drift of &All"), this);
    m_checkAllAction->setObjectName(QStringLiteral("actionCheckSchemaDriftAll"));
    m_showAction = new QAction(tr("Show Dri&ft…"), this);
    m_showAction->setObjectName(QStringLiteral("actionShowSchemaDrift"));
    connect(m_checkAction, &QAction::triggered, this, [this] {
        if (m_panel && !m_panel->currentEnvironment().isEmpty())
            check({m_panel->currentEnvironment()});
    });
    connect(m_checkAllAction, &QAction::triggered, this, [this] { check(); });
    connect(m_showAction, &QAction::triggered, this, [this] {
        if (m_panel)
            showDrift(m_panel->currentEnvironment());
    });
    connect(panel, &QTreeWidget::currentItemChanged, this, &DriftController::updateActions);
    updateActions();
}

void DriftController::updateActions()
{
    const bool any = m_panel && m_panel->workspace();
    const QString current = m_panel ? m_panel->currentEnvironment() : QString();
    m_checkAction->setEnabled(any && !current.isEmpty());
    m_checkAllAction->setEnabled(any);
    m_showAction->setEnabled(any && m_drifted.contains(current));
}

void DriftController::check(const QStringList &names)
{
    if (!m_panel || !m_panel->workspace())
        return;
    const auto &ws = m_panel->workspace();
    QStringList todo = names;
    if (todo.isEmpty())
        for (const Environment &env : ws->project().environments)
            todo.append(env.name);
    for (const QString &name : std::as_const(todo))
        if (ws->project().environment(name))
            start(name);
}

void DriftController::start(const QString &name)
{
    const std::shared_ptr<const Workspace> ws = m_panel->workspace();
    const Environment *found = ws->project().environment(name);
    if (!found)
        return;
    const Environment env = *found;
    const quint64 generation = ++m_generation;
    m_running.insert(name, generation);
    m_panel->setDriftChecking(name);

    // The environment's secrets and, for a server driver, the scratch server's: the same silent
    // path as the status checks (never a prompt behind the user's back).
    std::vector<Environment> needed{env};
    const Environment *scratch = ws->project().scratchEnvironment();
    if (env.driver != u"sqlite" && scratch && scratch->name != env.name)
        needed.push_back(*scratch);
    m_credentials->obtainAll(
        ws->project().name, needed, CredentialBroker::Mode::Silent, this,
        [this, ws, env, generation](QHash<QString, ConnectionSecrets> secrets) {
            if (m_running.value(env.name) != generation)
                return; // a later check of the same environment took over
            const Environment *scratchEnv = ws->project().scratchEnvironment();
            const ExpectedSchemaOptions replay = schemaReplayOptions(
                ws->project(), env.driver,
                scratchEnv ? secrets.value(scratchEnv->name) : ConnectionSecrets{});
            Background::run(
                this,
                [ws, env, replay, secrets = secrets.value(env.name)](const CancelToken &cancel) {
                    DriftOutcome outcome;
                    Result<SchemaDriftReport> r =
                        checkSchemaDrift(*ws, env, secrets, replay, &cancel, &outcome.step);
                    if (r)
                        outcome.report = std::move(*r);
                    else
                        outcome.error = r.error();
                    return outcome;
                },
                [this, name = env.name, generation](DriftOutcome outcome) {
                    if (m_running.value(name) != generation)
                        return;
                    m_running.remove(name);
                    if (!m_panel)
                        return;
                    if (outcome.report) {
                        if (outcome.report->diff.empty())
                            m_drifted.remove(name);
                        else
                            m_drifted.insert(name, outcome.report->diff);
                        m_panel->setDrift(name, outcome.report->diff, outcome.report->rows);
                    } else {
                        m_drifted.remove(name);
                        m_panel->setDriftUnchecked(name,
                                                   driftFailureSummary(outcome.step, outcome.error),
                                                   outcome.error.toString());
                    }
                    updateActions();
                    Q_EMIT checked(name);
                });
        });
}

const SchemaDiff *DriftController::driftOf(const QString &name) const
{
    auto it = m_drifted.constFind(name);
    return it == m_drifted.constEnd() ? nullptr : &*it;
}

QDialog *DriftController::showDrift(const QString &name)
{
    const SchemaDiff *diff = driftOf(name);
    if (!diff)
        return nullptr;
    auto *dialog = new QDialog(m_dialogParent);
    dialog->setObjectName(QStringLiteral("schemaDriftDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Schema Drift of %1").arg(name));
    auto *layout = new QVBoxLayout(dialog);
    auto *summary = new QLabel(
        tr("The live schema of %1 differs from what its revisions produce: %2. Left: expected "
           "(replayed), right: live.")
            .arg(name, driftSummary(*diff)),
        dialog);
    summary->setWordWrap(true);
    layout->addWidget(summary);
    auto *text = new QPlainTextEdit(diff->toText(), dialog);
    text->setObjectName(QStringLiteral("driftText"));
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(640, 360);
    dialog->open(); // never blocks
    return dialog;
}

} // namespace retort::gui
