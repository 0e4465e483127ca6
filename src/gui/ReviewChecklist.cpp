#include "ReviewChecklist.h"

#include "ui_ReviewChecklist.h"

#include <QSettings>
#include <QUrl>

namespace retort::gui {

ReviewChecklist::ReviewChecklist(QWidget *parent) : QWidget(parent), m_ui(new Ui::ReviewChecklist)
{
    m_ui->setupUi(this);
    for (QCheckBox *box : {m_ui->upgradeBox, m_ui->downgradeBox, m_ui->unintendedBox})
        connect(box, &QCheckBox::toggled, this, [this] {
            if (!m_updating)
                save();
        });
    setRevision({}, {});
}

ReviewChecklist::~ReviewChecklist()
{
    delete m_ui;
}

QString ReviewChecklist::settingsKey(const QString &projectRoot, const QString &revision)
{
    // One group per project: the root, percent-encoded so its slashes do not nest groups.
    return QStringLiteral("review/%1/%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(projectRoot)),
             QString::fromLatin1(QUrl::toPercentEncoding(revision)));
}

ReviewChecklist::Items ReviewChecklist::savedItems(const QString &projectRoot,
                                                   const QString &revision)
{
    if (projectRoot.isEmpty() || revision.isEmpty())
        return {};
    return Items::fromInt(QSettings().value(settingsKey(projectRoot, revision), 0).toInt());
}

void ReviewChecklist::setRevision(const QString &projectRoot, const QString &revision)
{
    m_projectRoot = projectRoot;
    m_revision = revision;
    setEnabled(!projectRoot.isEmpty() && !revision.isEmpty());
    showItems(savedItems(projectRoot, revision));
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

void ReviewChecklist::save()
{
    if (m_projectRoot.isEmpty() || m_revision.isEmpty())
        return;
    const Items current = items();
    QSettings settings;
    const QString key = settingsKey(m_projectRoot, m_revision);
    if (current)
        settings.setValue(key, current.toInt());
    else
        settings.remove(key); // nothing ticked: keep the settings file small
    Q_EMIT itemsChanged(current);
}

} // namespace retort::gui
