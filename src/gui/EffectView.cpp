#include "EffectView.h"

#include "project/Workspace.h"
#include "workflows/MigrationEffect.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

const QString kDriver = QStringLiteral("sqlite"); // replays need no server

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
    m_changes = new QPlainTextEdit(this);
    m_changes->setObjectName(QStringLiteral("effectChanges"));
    m_changes->setReadOnly(true);
    m_changes->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_changes->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_verdict);
    layout->addWidget(m_where);
    layout->addWidget(m_changes, 1);
}

EffectView::~EffectView()
{
    if (m_token)
        m_token->cancel();
}

void EffectView::setRevision(std::shared_ptr<const Workspace> workspace, const QString &id)
{
    if (workspace == m_workspace && id == m_revision)
        return;
    m_workspace = std::move(workspace);
    m_revision = id;
    m_stale = true;
    ++m_generation; // an older replay's answer is dropped
    if (m_token)
        m_token->cancel();
    m_token.reset();
    m_loading = false;
    m_verdict->clear();
    m_where->clear();
    m_changes->clear();
    if (isVisible())
        load();
}

void EffectView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        load();
}

void EffectView::load()
{
    m_stale = false;
    if (!m_workspace || m_revision.isEmpty())
        return;
    m_loading = true;
    m_verdict->setText(tr("Replaying %1 on an empty SQLite database…").arg(m_revision.left(12)));
    const quint64 generation = m_generation;
    m_token = Background::run(
        this,
        [ws = m_workspace, id = m_revision](const CancelToken &cancel) {
            return migrationEffect(*ws, id, kDriver, {}, &cancel);
        },
        [this, generation](Result<MigrationEffect> effect) {
            if (generation != m_generation)
                return;
            m_token.reset();
            m_loading = false;
            if (effect) {
                showEffect(*effect);
            } else {
                m_verdict->setText(tr("<b>The effect could not be replayed on SQLite.</b>"));
                m_where->setText(tr("Its SQL (or a parent's) does not run on SQLite; the "
                                    "statement and why:"));
                m_changes->setPlainText(effect.error().toString());
            }
            Q_EMIT loaded();
        });
}

void EffectView::showEffect(const MigrationEffect &effect)
{
    const bool ok = effect.downgradeRestores();
    const QString colour = ok ? QStringLiteral("#2e8b57") : QStringLiteral("#c0392b");
    m_verdict->setText(ok ? QStringLiteral("<span style=\"color:%1\">✓</span> <b>%2</b>")
                                .arg(colour, tr("The downgrade restores the schema exactly."))
                          : QStringLiteral("<span style=\"color:%1\">✗</span> <b>%2</b>")
                                .arg(colour, tr("The downgrade leaves %n difference(s).", nullptr,
                                                int(effect.leftover.changes.size()))));
    m_where->setText(tr("Replayed on an empty SQLite database: its parents, then its upgrade, "
                        "then its downgrade."));
    QString text = tr("What the upgrade changes:\n");
    text += effect.upgrade.empty() ? tr("  no schema change\n") : effect.upgrade.toText();
    if (!ok)
        text += tr("\nWhat stays after the downgrade (compared with before the upgrade):\n") +
                effect.leftover.toText();
    m_changes->setPlainText(text);
}

QString EffectView::verdictText() const
{
    return m_verdict->text();
}

QString EffectView::changesText() const
{
    return m_changes->toPlainText();
}

} // namespace retort::gui
