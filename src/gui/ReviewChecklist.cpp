#include "ReviewChecklist.h"

#include "ui_ReviewChecklist.h"

#include <QBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QTextDocument>

namespace retort::gui {

ReviewChecklist::ReviewChecklist(QWidget *parent) : QWidget(parent), m_ui(new Ui::ReviewChecklist)
{
    m_ui->setupUi(this);
    for (QCheckBox *box : {m_ui->upgradeBox, m_ui->downgradeBox, m_ui->unintendedBox})
        connect(box, &QCheckBox::toggled, this, [this] {
            if (!m_updating)
                save();
        });
    m_ui->staleLabel->setStyleSheet(QStringLiteral("color: #c77700;"));
    // A fact label after each box (under it in the narrow column layout), indented to its text.
    const QCheckBox *boxes[3] = {m_ui->upgradeBox, m_ui->downgradeBox, m_ui->unintendedBox};
    auto *layout = qobject_cast<QBoxLayout *>(this->layout());
    const int indent = style()->pixelMetric(QStyle::PM_IndicatorWidth) +
                       style()->pixelMetric(QStyle::PM_CheckBoxLabelSpacing);
    for (int i = 0; i < 3; ++i) {
        m_facts[i] = new QLabel(this);
        m_facts[i]->setObjectName(QStringLiteral("reviewFact%1").arg(i));
        m_facts[i]->setTextFormat(Qt::RichText);
        m_facts[i]->setWordWrap(true);
        m_facts[i]->setContentsMargins(indent, 0, 0, 0);
        m_facts[i]->setToolTip(tr("Found by replaying the revision on an empty database "
                                  "(the Effect tab has the details)"));
        m_facts[i]->hide();
        if (layout)
            layout->insertWidget(layout->indexOf(const_cast<QCheckBox *>(boxes[i])) + 1,
                                 m_facts[i]);
    }
    setRevision({}, {});
}

ReviewChecklist::~ReviewChecklist()
{
    delete m_ui;
}

ReviewChecklist::Items ReviewChecklist::savedItems(const QString &projectRoot,
                                                   const QString &revision,
                                                   const QString &scriptPath)
{
    const ReviewRecord record = ReviewStore::load(projectRoot, revision);
    const ReviewState state = ReviewStore::stateOf(record, ReviewStore::contentHash(scriptPath));
    if (state == ReviewState::None || state == ReviewState::Stale)
        return {};
    return Items::fromInt(record.items);
}

void ReviewChecklist::setRevision(const QString &projectRoot, const QString &revision,
                                  const QString &scriptPath)
{
    m_projectRoot = projectRoot;
    m_revision = revision;
    m_scriptPath = scriptPath;
    const bool shown = !projectRoot.isEmpty() && !revision.isEmpty();
    setEnabled(shown);
    m_record = shown ? ReviewStore::load(projectRoot, revision) : ReviewRecord{};
    m_hash = shown ? ReviewStore::contentHash(scriptPath) : QString();
    m_state = ReviewStore::stateOf(m_record, m_hash);
    showItems(m_state == ReviewState::Stale ? Items() : Items::fromInt(m_record.items));
    showState();
}

void ReviewChecklist::setFacts(const QString &upgrade, const QString &downgrade,
                               const QString &unintended)
{
    const QString texts[3] = {upgrade, downgrade, unintended};
    for (int i = 0; i < 3; ++i) {
        m_facts[i]->setText(texts[i]);
        m_facts[i]->setVisible(!texts[i].isEmpty());
    }
}

QString ReviewChecklist::facts() const
{
    QStringList out;
    for (const QLabel *l : m_facts) {
        QTextDocument doc;
        doc.setHtml(l->text());
        out.append(doc.toPlainText());
    }
    return out.join(u'\n');
}

ReviewChecklist::Items ReviewChecklist::items() const
{
    Items result;
    result.setFlag(UpgradeChecked, m_ui->upgradeBox->isChecked());
    result.setFlag(DowngradeChecked, m_ui->downgradeBox->isChecked());
    result.setFlag(NoUnintendedChanges, m_ui->unintendedBox->isChecked());
    return result;
}

void ReviewChecklist::showItems(Items items)
{
    m_updating = true;
    m_ui->upgradeBox->setChecked(items.testFlag(UpgradeChecked));
    m_ui->downgradeBox->setChecked(items.testFlag(DowngradeChecked));
    m_ui->unintendedBox->setChecked(items.testFlag(NoUnintendedChanges));
    m_updating = false;
}

void ReviewChecklist::showState()
{
    if (m_state != ReviewState::Stale) {
        m_ui->staleLabel->hide();
        return;
    }
    const QString when = m_record.when.isValid()
                             ? QLocale().toString(m_record.when.toLocalTime(), QLocale::ShortFormat)
                             : QString();
    m_ui->staleLabel->setText(
        when.isEmpty() ? tr("Reviewed before an edit: review it again.")
                       : tr("Reviewed on %1, before an edit: review it again.").arg(when));
    m_ui->staleLabel->setToolTip(
        tr("The script changed since the boxes were ticked, so that review no longer holds."));
    m_ui->staleLabel->show();
}

void ReviewChecklist::save()
{
    if (m_projectRoot.isEmpty() || m_revision.isEmpty())
        return;
    const Items current = items();
    // The ticks are given to the content as it is now (read again: it may have changed since the
    // revision was shown).
    m_hash = ReviewStore::contentHash(m_scriptPath);
    m_record = ReviewRecord{int(current.toInt()), m_hash, QDateTime::currentDateTimeUtc()};
    ReviewStore::save(m_projectRoot, m_revision, m_record);
    m_state = ReviewStore::stateOf(m_record, m_hash);
    showState();
    Q_EMIT itemsChanged(current);
    Q_EMIT stateChanged(m_revision, m_state);
}

} // namespace retort::gui
