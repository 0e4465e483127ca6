#include "scripts/ScriptCache.h"

#include "base/PrivateFiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStandardPaths>

#include <atomic>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

namespace retort {

namespace {

// File layout (native byte order; the magic is written as a number, so a file from a machine of
// the other byte order does not match):
//   header   magic u32, version u32, entry count u32, blob size u32, folder count u32,
//            dependency count u32
//   folders  per folder: size, mtime ns, ctime ns (i64 each), inode (u64); size -1 = not known
//   deps     per dependency: path offset, path size (u32 each), then its stamp as a folder's
//            (size -1: the file did not exist)
//   index    per entry: folder, name offset, name size, data offset, data size (u32 each),
//            size, mtime ns, ctime ns (i64 each), inode (u64)
//   blob     names and dependency paths (each followed by a NUL) and data; data = revision,
//            message, create date (strings), then the down revisions, branch labels and
//            depends_on (u32 count, then strings); a native script's data goes on: transactional
//            (u32), the plain upgrade and downgrade sections, then the driver-qualified upgrade
//            and downgrade sections (u32 count, then driver and section each), a section being
//            its SQL (string) and first line (u32); then, only for an entry that has
//            dependencies, their count and indexes (u32 each); a string is a u32 byte count and
//            UTF-8 bytes.
constexpr std::uint32_t kMagic = 0x52435943; // "RCYC"
constexpr std::uint32_t kVersion = 5;
constexpr size_t kHeaderSize = 6 * sizeof(std::uint32_t);
constexpr size_t kStampSize = 4 * sizeof(std::int64_t);
constexpr size_t kDependencySize = 2 * sizeof(std::uint32_t) + kStampSize;
constexpr size_t kIndexEntrySize = 5 * sizeof(std::uint32_t) + kStampSize;

// A stamp this close to now may still change within the same timestamp tick (file systems keep
// coarse clocks) without its stamp changing: such a file or folder is not trusted from the cache
// (Git's "racy" rule).
std::atomic<std::int64_t> racyNs{ScriptCache::kDefaultRacyWindowNs};

bool racy(const FileStamp &s)
{
    timespec now;
    ::clock_gettime(CLOCK_REALTIME, &now);
    const std::int64_t nowNs = std::int64_t(now.tv_sec) * 1000000000 + now.tv_nsec;
    const std::int64_t window = racyNs.load();
    return s.mtimeNs > nowNs - window || s.ctimeNs > nowNs - window;
}

void putStamp(QByteArray &out, const FileStamp &s);
FileStamp getStamp(const char *p);

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

void putStamp(QByteArray &out, const FileStamp &s)
{
    put(out, std::int64_t(s.size));
    put(out, std::int64_t(s.mtimeNs));
    put(out, std::int64_t(s.ctimeNs));
    put(out, std::uint64_t(s.inode));
}

FileStamp getStamp(const char *p)
{
    FileStamp s;
    s.size = get<std::int64_t>(p);
    s.mtimeNs = get<std::int64_t>(p + 8);
    s.ctimeNs = get<std::int64_t>(p + 16);
    s.inode = get<std::uint64_t>(p + 24);
    return s;
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

void putSection(QByteArray &out, const ScriptSection &section)
{
    putString(out, section.sql);
    put(out, std::uint32_t(section.firstLine));
}

void putSections(QByteArray &out, const QHash<QString, ScriptSection> &sections)
{
    put(out, std::uint32_t(sections.size()));
    for (auto it = sections.cbegin(); it != sections.cend(); ++it) {
        putString(out, it.key());
        putSection(out, it.value());
    }
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
    // The dependency indexes at the end of an entry's data (none when it ends here), each
    // below `limit`.
    std::vector<int> dependencies(std::uint32_t limit)
    {
        std::vector<int> out;
        if (atEnd())
            return out;
        const std::uint32_t n = count();
        if (!m_ok || n == 0 || n > size_t(m_end - m_p) / sizeof(std::uint32_t)) {
            m_ok = false;
            return out;
        }
        out.reserve(n);
        for (std::uint32_t k = 0; k < n && m_ok; ++k) {
            const std::uint32_t d = count();
            m_ok = m_ok && d < limit;
            out.push_back(int(d));
        }
        return out;
    }
    // Skips `n` strings without decoding them.
    void skipStrings(std::uint32_t n)
    {
        for (std::uint32_t k = 0; k < n && m_ok; ++k) {
            const std::uint32_t size = count();
            if (!m_ok || size_t(m_end - m_p) < size)
                m_ok = false;
            else
                m_p += size;
        }
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
    ScriptSection section()
    {
        ScriptSection s;
        s.sql = string();
        s.firstLine = int(count());
        return s;
    }
    QHash<QString, ScriptSection> sections()
    {
        QHash<QString, ScriptSection> out;
        const std::uint32_t n = count();
        for (std::uint32_t k = 0; k < n && m_ok; ++k) {
            const QString driver = string();
            out.insert(driver, section());
        }
        return out;
    }

private:
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

// The items worth recording: racy stamps are left out (such files are read again, such folders
// listed again). A folder with a file left out, or with a racy stamp, loses its stamp in `dirs`:
// it must be listed again, not trusted by its stamp.
std::vector<ScriptCache::Item> trustedItems(const std::vector<ScriptCache::Item> &itemsIn,
                                            std::vector<FileStamp> *dirs)
{
    std::vector<ScriptCache::Item> items;
    items.reserve(itemsIn.size());
    for (const ScriptCache::Item &item : itemsIn) {
        bool trusted = item.stamp.valid() && !racy(item.stamp);
        for (const FileDependency &d : item.deps)
            trusted = trusted && !racy(d.stamp);
        if (trusted)
            items.push_back(item);
        else if (item.dir >= 0 && size_t(item.dir) < dirs->size())
            (*dirs)[size_t(item.dir)] = FileStamp();
    }
    for (FileStamp &d : *dirs)
        if (d.valid() && racy(d))
            d = FileStamp();
    return items;
}

// The dependencies of `items` as one table (a path with one stamp once) and each item's indexes
// in it.
struct DependencyTable {
    std::vector<const FileDependency *> files;
    std::vector<std::vector<std::uint32_t>> ofItem;

    explicit DependencyTable(const std::vector<ScriptCache::Item> &items)
    {
        QHash<QByteArray, std::uint32_t> index; // path and stamp
        ofItem.resize(items.size());
        for (size_t i = 0; i < items.size(); ++i) {
            for (const FileDependency &d : items[i].deps) {
                QByteArray key = d.path.toUtf8();
                putStamp(key, d.stamp);
                auto it = index.constFind(key);
                if (it == index.constEnd()) {
                    it = index.insert(key, std::uint32_t(files.size()));
                    files.push_back(&d);
                }
                ofItem[i].push_back(*it);
            }
        }
    }
};

// The file's bytes for `items` (in load order) and the folders' stamps (layout above).
QByteArray encode(const std::vector<ScriptCache::Item> &items, const std::vector<FileStamp> &dirs)
{
    const DependencyTable deps(items);
    QByteArray blob;
    QByteArray depTable;
    for (const FileDependency *d : deps.files) {
        const QByteArray path = QFile::encodeName(d->path);
        put(depTable, std::uint32_t(blob.size()));
        put(depTable, std::uint32_t(path.size()));
        putStamp(depTable, d->stamp);
        blob.append(path);
        blob.append('\0');
    }
    QByteArray index;
    index.reserve(qsizetype(items.size() * kIndexEntrySize));
    for (size_t i = 0; i < items.size(); ++i) {
        const ScriptCache::Item &item = items[i];
        const Script &s = *item.script;
        put(index, std::uint32_t(item.dir));
        put(index, std::uint32_t(blob.size())); // name offset
        put(index, std::uint32_t(item.name.size()));
        blob.append(item.name);
        blob.append('\0');
        const auto dataOffset = std::uint32_t(blob.size());
        putString(blob, s.revision);
        putString(blob, s.message);
        putString(blob, s.createDate);
        putList(blob, s.downRevisions);
        putList(blob, s.branchLabels);
        putList(blob, s.dependsOn);
        if (!s.isPython()) {
            put(blob, std::uint32_t(s.transactional ? 1 : 0));
            putSection(blob, s.upgrade);
            putSection(blob, s.downgrade);
            putSections(blob, s.upgradeByDriver);
            putSections(blob, s.downgradeByDriver);
        }
        if (!deps.ofItem[i].empty()) {
            put(blob, std::uint32_t(deps.ofItem[i].size()));
            for (std::uint32_t d : deps.ofItem[i])
                put(blob, d);
        }
        put(index, dataOffset);
        put(index, std::uint32_t(blob.size()) - dataOffset); // data size
        putStamp(index, item.stamp);
    }
    QByteArray out;
    out.reserve(qsizetype(kHeaderSize + dirs.size() * kStampSize) + depTable.size() + index.size() +
                blob.size());
    put(out, kMagic);
    put(out, kVersion);
    put(out, std::uint32_t(items.size()));
    put(out, std::uint32_t(blob.size()));
    put(out, std::uint32_t(dirs.size()));
    put(out, std::uint32_t(deps.files.size()));
    for (const FileStamp &d : dirs)
        putStamp(out, d);
    out.append(depTable);
    out.append(index);
    out.append(blob);
    return out;
}

} // namespace

FileStamp FileStamp::at(int dirFd, const char *name, bool *isDir)
{
    struct stat st;
    if (::fstatat(dirFd, name, &st, 0) != 0)
        return {};
    if (isDir)
        *isDir = S_ISDIR(st.st_mode);
    return fromStat(st);
}

ScriptCache::ScriptCache(const QStringList &dirs, const QStringList &importRoots,
                         ScriptLanguage language)
    : m_language(language)
{
    const QString folder = cacheFolder();
    if (folder.isEmpty())
        return;
    // The import roots are part of the key: other roots may resolve the same names elsewhere.
    QString keyText = dirs.join(u'\n');
    if (!importRoots.isEmpty())
        keyText += QStringLiteral("\n\nimport:\n") + importRoots.join(u'\n');
    const QByteArray key =
        QCryptographicHash::hash(keyText.toUtf8(), QCryptographicHash::Sha1).toHex();
    const QString kind = language == ScriptLanguage::Python ? QStringLiteral("/alembic-")
                                                            : QStringLiteral("/native-");
    m_file = folder + kind + QString::fromLatin1(key) + QStringLiteral(".cache");

    QFile f(m_file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return;
    const qint64 size = f.size();
    if (size < qint64(kHeaderSize) || size > (qint64(1) << 31))
        return;
    QByteArray bytes(qsizetype(size), Qt::Uninitialized);
    if (f.read(bytes.data(), size) != size)
        return;
    if (!read(bytes)) { // truncated, corrupt or foreign: start over
        m_index.clear();
        m_dirStamps.clear();
        m_deps.clear();
    }
}

bool ScriptCache::read(const QByteArray &bytes)
{
    const char *p = bytes.constData();
    const size_t size = size_t(bytes.size());
    const auto magic = get<std::uint32_t>(p);
    const auto version = get<std::uint32_t>(p + 4);
    const auto count = get<std::uint32_t>(p + 8);
    const auto blobSize = get<std::uint32_t>(p + 12);
    const auto dirCount = get<std::uint32_t>(p + 16);
    const auto depCount = get<std::uint32_t>(p + 20);
    if (magic != kMagic || version != kVersion)
        return false;
    const size_t dirsSize = size_t(dirCount) * kStampSize;
    const size_t depsSize = size_t(depCount) * kDependencySize;
    const size_t indexSize = size_t(count) * kIndexEntrySize;
    if (dirCount > 4096 || (size - kHeaderSize) / kIndexEntrySize < count ||
        (size - kHeaderSize) / kDependencySize < depCount ||
        size != kHeaderSize + dirsSize + depsSize + indexSize + blobSize)
        return false;
    m_bytes = bytes;
    const char *d = m_bytes.constData() + kHeaderSize;
    for (std::uint32_t k = 0; k < dirCount; ++k, d += kStampSize)
        m_dirStamps.push_back(getStamp(d));
    m_blob = m_bytes.constData() + kHeaderSize + dirsSize + depsSize + indexSize;
    if (!readDependencies(d, depCount, blobSize))
        return false;
    m_index.resize(count);
    const char *e = m_bytes.constData() + kHeaderSize + dirsSize + depsSize;
    for (std::uint32_t i = 0; i < count; ++i, e += kIndexEntrySize) {
        IndexEntry &x = m_index[i];
        x.dir = get<std::uint32_t>(e);
        x.nameOffset = get<std::uint32_t>(e + 4);
        x.nameSize = get<std::uint32_t>(e + 8);
        x.dataOffset = get<std::uint32_t>(e + 12);
        x.dataSize = get<std::uint32_t>(e + 16);
        x.stamp = getStamp(e + 20);
        if (std::uint64_t(x.nameOffset) + x.nameSize >= blobSize ||
            std::uint64_t(x.dataOffset) + x.dataSize > blobSize || x.nameSize == 0 ||
            x.dir >= dirCount || m_blob[x.nameOffset + x.nameSize] != '\0' ||
            name(int(i)).contains('\0'))
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

bool ScriptCache::readDependencies(const char *p, std::uint32_t count, std::uint32_t blobSize)
{
    m_deps.resize(count);
    for (std::uint32_t k = 0; k < count; ++k, p += kDependencySize) {
        DependencyEntry &x = m_deps[k];
        x.pathOffset = get<std::uint32_t>(p);
        x.pathSize = get<std::uint32_t>(p + 4);
        x.stamp = getStamp(p + 8);
        if (std::uint64_t(x.pathOffset) + x.pathSize >= blobSize || x.pathSize == 0 ||
            m_blob[x.pathOffset + x.pathSize] != '\0' ||
            QByteArrayView(m_blob + x.pathOffset, qsizetype(x.pathSize)).contains('\0'))
            return false;
    }
    return true;
}

FileDependency ScriptCache::dependency(int k) const
{
    const DependencyEntry &x = m_deps[size_t(k)];
    return {QFile::decodeName(QByteArray(m_blob + x.pathOffset, qsizetype(x.pathSize))), x.stamp};
}

std::vector<bool> ScriptCache::unchangedDependencies() const
{
    std::vector<bool> out(m_deps.size());
    for (size_t k = 0; k < m_deps.size(); ++k)
        out[k] = FileStamp::at(AT_FDCWD, m_blob + m_deps[k].pathOffset) == m_deps[k].stamp;
    return out;
}

void ScriptCache::setRacyWindow(std::int64_t ns)
{
    racyNs.store(ns);
}

FileStamp ScriptCache::dirStamp(int dir) const
{
    return dir >= 0 && size_t(dir) < m_dirStamps.size() ? m_dirStamps[size_t(dir)] : FileStamp();
}

const char *ScriptCache::cName(int entry) const
{
    return m_blob + m_index[entry].nameOffset;
}

QByteArrayView ScriptCache::name(int entry) const
{
    const IndexEntry &x = m_index[entry];
    return QByteArrayView(m_blob + x.nameOffset, qsizetype(x.nameSize));
}

bool ScriptCache::decode(int entry, const QString &folder, Script *out,
                         std::vector<int> *deps) const
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
    s.language = m_language;
    if (m_language == ScriptLanguage::Sql) {
        s.transactional = in.count() != 0;
        s.upgrade = in.section();
        s.downgrade = in.section();
        s.upgradeByDriver = in.sections();
        s.downgradeByDriver = in.sections();
    }
    std::vector<int> dependencies = in.dependencies(std::uint32_t(m_deps.size()));
    if (!in.ok() || !in.atEnd() || s.revision.isEmpty())
        return false;
    s.fileName = QString::fromUtf8(name(entry));
    s.path.reserve(folder.size() + s.fileName.size());
    s.path.append(folder).append(s.fileName);
    if (deps)
        *deps = std::move(dependencies);
    return true;
}

bool ScriptCache::holds(const std::vector<Item> &items, const std::vector<FileStamp> &dirs) const
{
    bool same = items.size() == m_index.size() && dirs == m_dirStamps;
    for (size_t i = 0; same && i < items.size(); ++i)
        same = items[i].dir == int(m_index[i].dir) && items[i].name == name(int(i)) &&
               items[i].stamp == m_index[i].stamp && sameDependencies(int(i), items[i].deps);
    return same;
}

bool ScriptCache::sameDependencies(int entry, const std::vector<FileDependency> &deps) const
{
    if (deps.empty() && m_deps.empty())
        return true;
    const IndexEntry &x = m_index[size_t(entry)];
    DataReader in(m_blob + x.dataOffset, x.dataSize);
    in.skipStrings(3);          // revision, message, create date
    for (int k = 0; k < 3; ++k) // down revisions, branch labels, depends_on
        in.skipStrings(in.count());
    const std::vector<int> cached = in.dependencies(std::uint32_t(m_deps.size()));
    if (!in.ok() || cached.size() != deps.size())
        return false;
    for (size_t k = 0; k < deps.size(); ++k)
        if (!(dependency(cached[k]) == deps[k]))
            return false;
    return true;
}

void ScriptCache::store(const std::vector<Item> &itemsIn, const std::vector<FileStamp> &dirsIn)
{
    if (!enabled())
        return;
    std::vector<FileStamp> dirs = dirsIn;
    const std::vector<Item> items = trustedItems(itemsIn, &dirs);
    if (holds(items, dirs)) // unchanged (the same files with the same stamps): nothing to write
        return;
    const QByteArray out = encode(items, dirs);
    // The cache holds the projects' revision metadata: its folder is made 0700, the file 0600.
    if (!makePrivateDirs(QFileInfo(m_file).absolutePath()))
        return;
    const Status written = writePrivateFile(m_file, out);
    Q_UNUSED(written); // best effort: a cache that cannot be written is only slower next time
}

} // namespace retort
