#include "scripts/ScriptCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

namespace retort {

namespace {

// File layout (native byte order; the magic is written as a number, so a file from a machine of
// the other byte order does not match):
//   header   magic u32, version u32, entry count u32, blob size u32
//   index    per entry: folder, name offset, name size, data offset, data size (u32 each),
//            size, mtime ns, ctime ns (i64 each), inode (u64)
//   blob     names and data; data = revision, message, create date (strings), then the down
//            revisions, branch labels and depends_on (u32 count, then strings); a string is a
//            u32 byte count and UTF-8 bytes.
constexpr std::uint32_t kMagic = 0x52435943; // "RCYC"
constexpr std::uint32_t kVersion = 2;
constexpr size_t kHeaderSize = 4 * sizeof(std::uint32_t);
constexpr size_t kIndexEntrySize = 5 * sizeof(std::uint32_t) + 4 * sizeof(std::int64_t);

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

FileStamp fromStat(const struct stat &st)
{
    FileStamp s;
    s.size = std::int64_t(st.st_size);
    s.mtimeNs = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    s.ctimeNs = std::int64_t(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    s.inode = std::uint64_t(st.st_ino);
    return s;
}

template <typename T> void put(QByteArray &out, T value)
{
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

template <typename T> T get(const char *p)
{
    T value;
    std::memcpy(&value, p, sizeof value);
    return value;
}

void putString(QByteArray &out, const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    put(out, std::uint32_t(utf8.size()));
    out.append(utf8);
}

void putList(QByteArray &out, const QStringList &list)
{
    put(out, std::uint32_t(list.size()));
    for (const QString &s : list)
        putString(out, s);
}

// Reads the data of one entry; every read is bounds-checked.
class DataReader {
public:
    DataReader(const char *p, size_t size) : m_p(p), m_end(p + size) {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }

    std::uint32_t count()
    {
        if (!m_ok || size_t(m_end - m_p) < sizeof(std::uint32_t)) {
            m_ok = false;
            return 0;
        }
        const auto n = get<std::uint32_t>(m_p);
        m_p += sizeof n;
        return n;
    }
    QString string()
    {
        const std::uint32_t n = count();
        if (!m_ok || size_t(m_end - m_p) < n) {
            m_ok = false;
            return {};
        }
        QString s = QString::fromUtf8(m_p, qsizetype(n));
        m_p += n;
        return s;
    }
    QStringList list()
    {
        const std::uint32_t n = count();
        QStringList out;
        if (!m_ok || n > size_t(m_end - m_p) / sizeof(std::uint32_t)) { // each needs a length
            m_ok = false;
            return out;
        }
        out.reserve(qsizetype(n));
        for (std::uint32_t k = 0; k < n && m_ok; ++k)
            out.append(string());
        return out;
    }

private:
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

} // namespace

FileStamp FileStamp::of(const QString &path)
{
    struct stat st;
    const QByteArray native = QFile::encodeName(path);
    if (::stat(native.constData(), &st) != 0)
        return {};
    return fromStat(st);
}

FileStamp FileStamp::at(int dirFd, const char *name)
{
    struct stat st;
    if (::fstatat(dirFd, name, &st, 0) != 0)
        return {};
    return fromStat(st);
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
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return;
    const qint64 size = f.size();
    if (size < qint64(kHeaderSize) || size > (qint64(1) << 31))
        return;
    QByteArray bytes(qsizetype(size), Qt::Uninitialized);
    if (f.read(bytes.data(), size) != size)
        return;
    if (!read(bytes))
        m_index.clear(); // truncated, corrupt or foreign: start over
}

bool ScriptCache::read(const QByteArray &bytes)
{
    const char *p = bytes.constData();
    const size_t size = size_t(bytes.size());
    const auto magic = get<std::uint32_t>(p);
    const auto version = get<std::uint32_t>(p + 4);
    const auto count = get<std::uint32_t>(p + 8);
    const auto blobSize = get<std::uint32_t>(p + 12);
    if (magic != kMagic || version != kVersion)
        return false;
    if ((size - kHeaderSize) / kIndexEntrySize < count ||
        size != kHeaderSize + size_t(count) * kIndexEntrySize + blobSize)
        return false;
    m_bytes = bytes;
    m_blob = m_bytes.constData() + kHeaderSize + size_t(count) * kIndexEntrySize;
    m_index.resize(count);
    const char *e = m_bytes.constData() + kHeaderSize;
    for (std::uint32_t i = 0; i < count; ++i, e += kIndexEntrySize) {
        IndexEntry &x = m_index[i];
        x.dir = get<std::uint32_t>(e);
        x.nameOffset = get<std::uint32_t>(e + 4);
        x.nameSize = get<std::uint32_t>(e + 8);
        x.dataOffset = get<std::uint32_t>(e + 12);
        x.dataSize = get<std::uint32_t>(e + 16);
        x.stamp.size = get<std::int64_t>(e + 20);
        x.stamp.mtimeNs = get<std::int64_t>(e + 28);
        x.stamp.ctimeNs = get<std::int64_t>(e + 36);
        x.stamp.inode = get<std::uint64_t>(e + 44);
        if (std::uint64_t(x.nameOffset) + x.nameSize > blobSize ||
            std::uint64_t(x.dataOffset) + x.dataSize > blobSize || x.nameSize == 0)
            return false;
        // Load order, which the loader's merged walk relies on.
        if (i > 0) {
            const IndexEntry &prev = m_index[i - 1];
            if (prev.dir > x.dir || (prev.dir == x.dir && name(int(i - 1)) >= name(int(i))))
                return false;
        }
    }
    return true;
}

QByteArrayView ScriptCache::name(int entry) const
{
    const IndexEntry &x = m_index[entry];
    return QByteArrayView(m_blob + x.nameOffset, qsizetype(x.nameSize));
}

bool ScriptCache::decode(int entry, const QString &folder, Script *out) const
{
    const IndexEntry &x = m_index[entry];
    DataReader in(m_blob + x.dataOffset, x.dataSize);
    Script &s = *out;
    s.revision = in.string();
    s.message = in.string();
    s.createDate = in.string();
    s.downRevisions = in.list();
    s.branchLabels = in.list();
    s.dependsOn = in.list();
    if (!in.ok() || !in.atEnd() || s.revision.isEmpty())
        return false;
    s.language = ScriptLanguage::Python;
    s.fileName = QString::fromUtf8(name(entry));
    s.path.reserve(folder.size() + s.fileName.size());
    s.path.append(folder).append(s.fileName);
    return true;
}

void ScriptCache::store(const std::vector<Item> &items)
{
    if (!enabled())
        return;
    // Unchanged (the same files with the same stamps): nothing to write.
    bool same = items.size() == m_index.size();
    for (size_t i = 0; same && i < items.size(); ++i)
        same = items[i].dir == int(m_index[i].dir) && items[i].name == name(int(i)) &&
               items[i].stamp == m_index[i].stamp;
    if (same)
        return;

    QByteArray blob;
    std::vector<IndexEntry> index;
    index.reserve(items.size());
    for (const Item &item : items) {
        const Script &s = *item.script;
        IndexEntry x;
        x.dir = std::uint32_t(item.dir);
        x.nameOffset = std::uint32_t(blob.size());
        x.nameSize = std::uint32_t(item.name.size());
        blob.append(item.name);
        x.dataOffset = std::uint32_t(blob.size());
        putString(blob, s.revision);
        putString(blob, s.message);
        putString(blob, s.createDate);
        putList(blob, s.downRevisions);
        putList(blob, s.branchLabels);
        putList(blob, s.dependsOn);
        x.dataSize = std::uint32_t(blob.size()) - x.dataOffset;
        x.stamp = item.stamp;
        index.push_back(x);
    }
    QByteArray out;
    out.reserve(qsizetype(kHeaderSize + index.size() * kIndexEntrySize) + blob.size());
    put(out, kMagic);
    put(out, kVersion);
    put(out, std::uint32_t(index.size()));
    put(out, std::uint32_t(blob.size()));
    for (const IndexEntry &x : index) {
        put(out, x.dir);
        put(out, x.nameOffset);
        put(out, x.nameSize);
        put(out, x.dataOffset);
        put(out, x.dataSize);
        put(out, std::int64_t(x.stamp.size));
        put(out, std::int64_t(x.stamp.mtimeNs));
        put(out, std::int64_t(x.stamp.ctimeNs));
        put(out, std::uint64_t(x.stamp.inode));
    }
    out.append(blob);

    if (!QDir().mkpath(QFileInfo(m_file).absolutePath()))
        return;
    QSaveFile f(m_file);
    if (!f.open(QIODevice::WriteOnly))
        return;
    f.write(out);
    f.commit();
}

} // namespace retort
