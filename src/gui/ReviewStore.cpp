#include "ReviewStore.h"

#include "db/AuditTrail.h"

#include <QFile>
#include <QSet>
#include <QSettings>
#include <QUrl>

namespace retort::gui {

namespace {

QString encoded(const QString &text)
{
    // Percent-encoded so that a root's slashes do not nest groups.
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

QString projectGroup(const QString &projectRoot)
{
    return QStringLiteral("reviews/") + encoded(projectRoot);
}

QString legacyKey(const QString &projectRoot, const QString &revision)
{
    return QStringLiteral("review/%1/%2").arg(encoded(projectRoot), encoded(revision));
}

} // namespace

ReviewRecord ReviewStore::load(const QString &projectRoot, const QString &revision)
{
    ReviewRecord record;
    if (projectRoot.isEmpty() || revision.isEmpty())
        return record;
    QSettings settings;
    settings.beginGroup(projectGroup(projectRoot));
    settings.beginGroup(encoded(revision));
    if (settings.contains(QStringLiteral("items"))) {
        record.items = settings.value(QStringLiteral("items")).toInt();
        record.sha256 = settings.value(QStringLiteral("sha256")).toString();
        record.when = settings.value(QStringLiteral("when")).toDateTime();
        return record;
    }
    settings.endGroup();
    settings.endGroup();
    record.items = settings.value(legacyKey(projectRoot, revision), 0).toInt();
    return record;
}

void ReviewStore::save(const QString &projectRoot, const QString &revision,
                       const ReviewRecord &record)
{
    if (projectRoot.isEmpty() || revision.isEmpty())
        return;
    QSettings settings;
    settings.remove(legacyKey(projectRoot, revision));
    settings.beginGroup(projectGroup(projectRoot));
    if (record.items == 0) {
        settings.remove(encoded(revision)); // nothing ticked: keep the settings file small
        return;
    }
    settings.beginGroup(encoded(revision));
    settings.setValue(QStringLiteral("items"), record.items);
    settings.setValue(QStringLiteral("sha256"), record.sha256);
    settings.setValue(QStringLiteral("when"), record.when);
}

QString ReviewStore::contentHash(const QString &path)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return sha256Hex(file.readAll());
}

ReviewState ReviewStore::stateOf(const ReviewRecord &record, const QString &currentHash)
{
    if (record.items == 0)
        return ReviewState::None;
    if (record.sha256.isEmpty() || record.sha256 != currentHash)
        return ReviewState::Stale;
    return (record.items & kAllItems) == kAllItems ? ReviewState::Reviewed : ReviewState::Partial;
}

QHash<QString, ReviewState>
ReviewStore::states(const QString &projectRoot,
                    const std::vector<std::pair<QString, QString>> &revisions)
{
    QHash<QString, ReviewState> result;
    if (projectRoot.isEmpty())
        return result;
    // The revisions that have any saved review, from the two groups, without a lookup per id.
    QSet<QString> saved;
    {
        QSettings settings;
        settings.beginGroup(projectGroup(projectRoot));
        for (const QString &key : settings.childGroups())
            saved.insert(QUrl::fromPercentEncoding(key.toLatin1()));
        settings.endGroup();
        settings.beginGroup(QStringLiteral("review/") + encoded(projectRoot));
        for (const QString &key : settings.childKeys())
            saved.insert(QUrl::fromPercentEncoding(key.toLatin1()));
    }
    result.reserve(qsizetype(revisions.size()));
    for (const auto &[id, path] : revisions) {
        if (!saved.contains(id)) {
            result.insert(id, ReviewState::None);
            continue;
        }
        result.insert(id, stateOf(load(projectRoot, id), contentHash(path)));
    }
    return result;
}

} // namespace retort::gui
