#include "scripts/ScriptCache.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

#include <sys/stat.h>

namespace retort {

namespace {

constexpr quint32 kMagic = 0x52435943; // "RCYC"
constexpr quint32 kVersion = 1;

QString cacheFolder()
{
    if (qEnvironmentVariable("RETORT_NO_CACHE") == u"1")
        return {};
    QString dir = qEnvironmentVariable("RETORT_CACHE_DIR");
    if (dir.isEmpty()) {
        const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
        if (base.isEmpty())
            return {};
        dir = base + QStringLiteral("/retort");
    }
    return dir;
}

QDataStream &operator<<(QDataStream &s, const FileStamp &st)
{
    return s << qint64(st.size) << qint64(st.mtimeNs) << qint64(st.ctimeNs) << quint64(st.inode);
}

QDataStream &operator>>(QDataStream &s, FileStamp &st)
{
    qint64 size = 0, mtime = 0, ctime = 0;
    quint64 inode = 0;
    s >> size >> mtime >> ctime >> inode;
    st = {size, mtime, ctime, inode};
    return s;
}

} // namespace

FileStamp FileStamp::of(const QString &path)
{
    struct stat st;
    const QByteArray native = QFile::encodeName(path);
    if (::stat(native.constData(), &st) != 0)
        return {};
    FileStamp s;
    s.size = std::int64_t(st.st_size);
    s.mtimeNs = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    s.ctimeNs = std::int64_t(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    s.inode = std::uint64_t(st.st_ino);
    return s;
}

ScriptCache::ScriptCache(const QStringList &dirs)
{
    const QString folder = cacheFolder();
    if (folder.isEmpty())
        return;
    const QByteArray key =
        QCryptographicHash::hash(dirs.join(u'\n').toUtf8(), QCryptographicHash::Sha1).toHex();
    m_file =
        folder + QStringLiteral("/alembic-") + QString::fromLatin1(key) + QStringLiteral(".cache");

    QFile f(m_file);
    if (!f.open(QIODevice::ReadOnly))
        return;
    QDataStream in(&f);
    in.setVersion(QDataStream::Qt_6_0);
    quint32 magic = 0, version = 0;
    qint32 count = 0;
    in >> magic >> version >> count;
    if (magic != kMagic || version != kVersion || count < 0)
        return;
    m_entries.reserve(count);
    for (qint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        QString path;
        Entry e;
        Script &s = e.script;
        QByteArray upgrade, downgrade;
        qint32 upLine = 0, downLine = 0;
        in >> path >> e.stamp >> s.revision >> s.downRevisions >> s.branchLabels >> s.dependsOn >>
            s.message >> s.createDate >> upgrade >> upLine >> downgrade >> downLine;
        s.language = ScriptLanguage::Python;
        s.path = path;
        s.fileName = path.sliced(path.lastIndexOf(u'/') + 1);
        s.pythonText = upgrade + downgrade;
        s.pythonUpgradeRange = {0, int(upgrade.size()), upLine};
        s.pythonDowngradeRange = {int(upgrade.size()), int(upgrade.size() + downgrade.size()),
                                  downLine};
        m_entries.insert(path, std::move(e));
    }
    if (in.status() != QDataStream::Ok)
        m_entries.clear(); // truncated or corrupt: start over
}

std::optional<Script> ScriptCache::lookup(const QString &path, const FileStamp &stamp) const
{
    auto it = m_entries.constFind(path);
    if (it == m_entries.constEnd() || !(it->stamp == stamp) || !stamp.valid())
        return std::nullopt;
    return it->script;
}

void ScriptCache::store(const std::vector<std::pair<FileStamp, const Script *>> &entries)
{
    if (!enabled())
        return;
    bool same = qsizetype(entries.size()) == m_entries.size();
    for (size_t i = 0; same && i < entries.size(); ++i) {
        auto it = m_entries.constFind(entries[i].second->path);
        same = it != m_entries.constEnd() && it->stamp == entries[i].first;
    }
    if (same)
        return;
    if (!QDir().mkpath(QFileInfo(m_file).absolutePath()))
        return;
    QSaveFile f(m_file);
    if (!f.open(QIODevice::WriteOnly))
        return;
    QDataStream out(&f);
    out.setVersion(QDataStream::Qt_6_0);
    out << kMagic << kVersion << qint32(entries.size());
    for (const auto &[stamp, script] : entries) {
        const Script &s = *script;
        const auto slice = [&](const Script::TextRange &r) {
            return r.firstLine > 0 ? s.pythonText.sliced(r.begin, r.end - r.begin) : QByteArray();
        };
        out << s.path << stamp << s.revision << s.downRevisions << s.branchLabels << s.dependsOn
            << s.message << s.createDate << slice(s.pythonUpgradeRange)
            << qint32(s.pythonUpgradeRange.firstLine) << slice(s.pythonDowngradeRange)
            << qint32(s.pythonDowngradeRange.firstLine);
    }
    f.commit();
}

} // namespace retort
