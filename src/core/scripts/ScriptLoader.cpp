#include "scripts/ScriptLoader.h"

#include "scripts/PythonModules.h"
#include "scripts/PythonScript.h"
#include "scripts/ScriptCache.h"
#include "scripts/ScriptParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retort {

namespace {

// Owns a file descriptor: closed when it goes.
class UniqueFd {
public:
    explicit UniqueFd(int fd = -1) : m_fd(fd) {}
    UniqueFd(UniqueFd &&o) noexcept : m_fd(std::exchange(o.m_fd, -1)) {}
    UniqueFd &operator=(UniqueFd &&o) noexcept
    {
        std::swap(m_fd, o.m_fd);
        return *this;
    }
    ~UniqueFd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }

private:
    int m_fd;
};

// Opens a scripts folder (errno tells why when the result is not valid).
UniqueFd openFolder(const QString &absDir)
{
    return UniqueFd(
        ::open(QFile::encodeName(absDir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

// Reads a whole (small, regular) file `name` of the open folder `dirFd` with as few system
// calls as possible: open, fstat, one read of the size known at open (measured ~25% faster than
// QFile::readAll for 10,000 files).
bool readFileAt(int dirFd, const char *name, QByteArray *content, QString *error)
{
    const UniqueFd file(::openat(dirFd, name, O_RDONLY | O_CLOEXEC));
    if (!file.valid()) {
        *error = qt_error_string(errno);
        return false;
    }
    const int fd = file.get();
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        *error = qt_error_string(errno);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        *error = qt_error_string(EISDIR);
        return false;
    }
    if (st.st_size > (off_t(1) << 30)) {
        *error = QStringLiteral("file is too large for a migration script");
        return false;
    }
    content->resize(qsizetype(st.st_size));
    qsizetype got = 0;
    while (got < content->size()) {
        const ssize_t n = ::read(fd, content->data() + got, size_t(content->size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = qt_error_string(errno);
            return false;
        }
        if (n == 0)
            break; // truncated while reading
        got += n;
    }
    content->resize(got);
    return true;
}

// One accepted file of a scripts folder.
struct Entry {
    int dir = 0;     // index in the folder list
    QByteArray name; // UTF-8 file name: the sort key within its folder
};

// The names `accept` takes in the open folder `dirFd`, sorted by their bytes: regular files and
// links to them, as QDir::Files lists them. Read with readdir() (QDirIterator stats every entry)
// into one buffer: no allocation per name.
class FolderNames {
public:
    void list(int dirFd, bool (*accept)(QByteArrayView))
    {
        m_bytes.clear();
        m_ranges.clear();
        const int fd = ::dup(dirFd); // closedir() closes the descriptor it is given
        DIR *d = fd >= 0 ? ::fdopendir(fd) : nullptr;
        if (!d) {
            if (fd >= 0)
                ::close(fd);
            return;
        }
        while (const dirent *e = ::readdir(d)) {
            const QByteArrayView name(e->d_name);
            if (name == "." || name == ".." || !accept(name))
                continue;
            if (e->d_type == DT_DIR)
                continue;
            if (e->d_type != DT_REG) { // a link or a file system without types: follow it
                struct stat st;
                if (::fstatat(dirFd, e->d_name, &st, 0) != 0 || S_ISDIR(st.st_mode))
                    continue;
            }
            m_ranges.push_back({std::uint32_t(m_bytes.size()), std::uint32_t(name.size())});
            m_bytes.append(name.data(), size_t(name.size()) + 1); // with its NUL, for the calls
        }
        ::closedir(d);
        std::sort(m_ranges.begin(), m_ranges.end(),
                  [this](Range a, Range b) { return view(a) < view(b); });
    }
    size_t size() const { return m_ranges.size(); }
    QByteArrayView name(size_t i) const { return view(m_ranges[i]); }
    const char *cName(size_t i) const { return m_bytes.data() + m_ranges[i].offset; }

private:
    struct Range {
        std::uint32_t offset;
        std::uint32_t size;
    };
    QByteArrayView view(Range r) const
    {
        return QByteArrayView(m_bytes.data() + r.offset, qsizetype(r.size));
    }
    std::string m_bytes;
    std::vector<Range> m_ranges;
};

// Each folder's absolute path with a trailing '/': the prefix of its files' paths.
QStringList folderPrefixes(const QStringList &dirs)
{
    QStringList prefixes;
    for (const QString &d : dirs) {
        const QString abs = QDir(d).absolutePath();
        prefixes.append(abs.endsWith(u'/') ? abs : abs + u'/');
    }
    return prefixes;
}

// The folders of one load, open, and their accepted files. Index k of every list is folder k of
// the load.
struct Listing {
    std::vector<UniqueFd> dirFds;     // invalid for a folder that could not be opened
    std::vector<FileStamp> dirStamps; // taken before listing (see ScriptCache::store)
    QStringList prefixes;             // see folderPrefixes()
    std::vector<Entry> entries;       // every accepted file: folder by folder, each sorted by name
};

// Drops the entries from `first` on that an earlier folder already listed (overlapping folders):
// `seen` holds the canonical paths listed so far.
void dropListedTwice(std::vector<Entry> *entries, size_t first, const QString &prefix,
                     QSet<QString> *seen)
{
    for (size_t i = first; i < entries->size();) {
        const QString canonical =
            QFileInfo(prefix + QString::fromUtf8((*entries)[i].name)).canonicalFilePath();
        if (seen->contains(canonical)) {
            entries->erase(entries->begin() + qsizetype(i));
        } else {
            seen->insert(canonical);
            ++i;
        }
    }
}

// Step 1 of a load: opens and lists every folder. A folder that cannot be opened is an error in
// `errors` (a missing one only unless `skipMissing`) and lists nothing.
Listing listFolders(const QStringList &dirs, bool (*accept)(QByteArrayView), bool skipMissing,
                    std::vector<Error> *errors)
{
    Listing l;
    l.dirFds.resize(size_t(dirs.size()));
    l.dirStamps.resize(size_t(dirs.size()));
    l.prefixes = folderPrefixes(dirs);
    QSet<QString> seen; // canonical paths: a file listed twice (overlapping folders) loads once
    FolderNames names;
    for (qsizetype k = 0; k < dirs.size(); ++k) {
        const QString absDir = QDir(dirs[k]).absolutePath();
        UniqueFd folder = openFolder(absDir);
        if (!folder.valid()) {
            if (errno != ENOENT && errno != ENOTDIR)
                errors->emplace_back(QStringLiteral("scripts folder is not readable"), absDir);
            else if (!skipMissing)
                errors->emplace_back(QStringLiteral("scripts folder not found"), absDir);
            continue;
        }
        const int fd = folder.get();
        l.dirFds[size_t(k)] = std::move(folder);
        l.dirStamps[size_t(k)] = FileStamp::at(fd, "."); // before listing: see ScriptCache::store
        const size_t first = l.entries.size();
        names.list(fd, accept);
        for (size_t i = 0; i < names.size(); ++i)
            l.entries.push_back({int(k), names.name(i).toByteArray()});
        if (dirs.size() > 1)
            dropListedTwice(&l.entries, first, l.prefixes[k], &seen);
    }
    return l;
}

// Step 2: the cache entry of each file (-1: none), by one walk over both lists (both are in load
// order).
std::vector<int> cacheEntries(const std::vector<Entry> &entries, const ScriptCache *cache)
{
    std::vector<int> cached(entries.size(), -1);
    if (!cache)
        return cached;
    int c = 0;
    for (size_t i = 0; i < entries.size() && c < cache->size(); ++i) {
        const Entry &e = entries[i];
        while (c < cache->size() &&
               (cache->dir(c) < e.dir || (cache->dir(c) == e.dir && cache->name(c) < e.name)))
            ++c;
        if (c < cache->size() && cache->dir(c) == e.dir && cache->name(c) == e.name)
            cached[i] = c++;
    }
    return cached;
}

// Step 3: each file's outcome, in load order. run() fills a slice of `results` (and `stamps`);
// several threads may run disjoint slices at once (the cache is only read).
struct ParseJob {
    const Listing &listing;
    const std::vector<int> &cached;
    const ScriptCache *cache; // null: no cache (and no stamps)
    const ScriptParseFunction &parse;
    std::vector<bool> unchangedDeps; // per cache dependency: its stamp is the cached one
    std::vector<std::optional<Result<Script>>> results;
    std::vector<FileStamp> stamps;
    std::vector<std::vector<FileDependency>> deps; // with a cache: each file's dependencies

    void run(size_t from, size_t to)
    {
        QByteArray content;
        for (size_t i = from; i < to; ++i) {
            const Entry &e = listing.entries[i];
            const int dirFd = listing.dirFds[size_t(e.dir)].get();
            if (cache) { // stamp first: a file changed while read is parsed again next time
                stamps[i] = FileStamp::at(dirFd, e.name.constData());
                if (fromCache(i, e))
                    continue;
            }
            const QString path = listing.prefixes[e.dir] + QString::fromUtf8(e.name);
            std::vector<FileDependency> ignored;
            if (QString why; !readFileAt(dirFd, e.name.constData(), &content, &why))
                results[i].emplace(Error(QStringLiteral("cannot read: %1").arg(why), path));
            else
                results[i].emplace(parse(path, content, cache ? &deps[i] : &ignored));
        }
    }

    // The file's script from the cache when its stamp is the cached one, so are its
    // dependencies', and the entry decodes.
    bool fromCache(size_t i, const Entry &e)
    {
        if (cached[i] < 0 || !stamps[i].valid() || !(stamps[i] == cache->stamp(cached[i])))
            return false;
        Script hit;
        std::vector<int> hitDeps;
        if (!cache->decode(cached[i], listing.prefixes[e.dir], &hit, &hitDeps))
            return false;
        for (int d : hitDeps)
            if (!unchangedDeps[size_t(d)])
                return false;
        for (int d : hitDeps)
            deps[i].push_back(cache->dependency(d));
        results[i].emplace(std::move(hit));
        return true;
    }
};

// Runs job.run over [0, count): small loads on this thread; large ones split across the cores.
void runSplit(ParseJob &job, size_t count)
{
    const size_t threads =
        count < 512 ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    if (threads <= 1) {
        job.run(0, count);
        return;
    }
    std::vector<std::thread> pool;
    const size_t chunk = (count + threads - 1) / threads;
    for (size_t t = 1; t < threads; ++t) {
        const size_t from = std::min(count, t * chunk);
        const size_t to = std::min(count, from + chunk);
        pool.emplace_back([&job, from, to] { job.run(from, to); });
    }
    job.run(0, std::min(count, chunk));
    for (std::thread &th : pool)
        th.join();
}

// Step 4: the outcomes into `load`, in load order, and, with a cache, what it is to store. A
// folder holding a file the cache will not hold loses its stamp: it must be listed next time.
std::vector<ScriptCache::Item> collect(ParseJob &job, std::vector<FileStamp> *dirStamps,
                                       ScriptLoad *load)
{
    const std::vector<Entry> &entries = job.listing.entries;
    load->scripts.reserve(entries.size()); // no reallocation below: the items point into it
    std::vector<ScriptCache::Item> items;
    if (job.cache)
        items.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        auto &r = job.results[i];
        const Entry &e = entries[i];
        if (!r->ok()) {
            load->errors.push_back(r->error());
            (*dirStamps)[size_t(e.dir)] = FileStamp();
            continue;
        }
        load->scripts.push_back(std::move(r->value()));
        if (job.cache && job.stamps[i].valid())
            items.push_back(
                {e.dir, e.name, job.stamps[i], &load->scripts.back(), std::move(job.deps[i])});
        else
            (*dirStamps)[size_t(e.dir)] = FileStamp();
    }
    return items;
}

QStringList absoluteDirs(const QStringList &dirs)
{
    QStringList absolute;
    for (const QString &d : dirs)
        absolute.append(QDir(d).absolutePath());
    return absolute;
}

// Python scripts with their metadata only: a project's scripts do not keep their text
// (readPythonFunctions reads it when it is shown), as when they come from the cache.
Result<Script> parsePythonMetadata(const QString &path, const QByteArray &content,
                                   PythonModules *modules, std::vector<FileDependency> *deps)
{
    Result<Script> s = parsePythonScript(path, content, modules, deps);
    if (s) {
        s->pythonText = QByteArray();
        s->pythonUpgradeRange = {};
        s->pythonDowngradeRange = {};
    }
    return s;
}

// The import roots of a project whose version folders are `absoluteDirs` (see
// loadPythonScripts()).
QStringList importRootsFor(const QStringList &absoluteDirs, const QString &scriptLocation)
{
    if (!scriptLocation.isEmpty() || absoluteDirs.isEmpty())
        return PythonModules::importRoots(scriptLocation);
    return PythonModules::importRoots(QFileInfo(absoluteDirs.front()).absolutePath());
}

} // namespace

static bool isNativeScriptFileName(QByteArrayView name)
{
    return name.endsWith(".sql") && !name.startsWith('.');
}

ScriptLoad loadScripts(const QString &dir)
{
    const QStringList absolute = absoluteDirs({dir});
    ScriptCache cache(absolute, {}, ScriptLanguage::Sql);
    return loadScriptFiles(
        absolute, &isNativeScriptFileName,
        [](const QString &path, const QByteArray &content, std::vector<FileDependency> *) {
            return parseScript(path, content);
        },
        false, cache.enabled() ? &cache : nullptr);
}

std::unique_ptr<CachedLoad> startCachedLoad(const QString &dir)
{
    const QStringList absolute = absoluteDirs({dir});
    return CachedLoad::start(
        absolute, &isNativeScriptFileName, false,
        std::make_unique<ScriptCache>(absolute, QStringList(), ScriptLanguage::Sql));
}

ScriptLoad loadScriptFiles(const QStringList &dirs, bool (*accept)(QByteArrayView fileName),
                           const ScriptParseFunction &parse, bool skipMissing, ScriptCache *cache)
{
    ScriptLoad load;
    Listing listing = listFolders(dirs, accept, skipMissing, &load.errors);
    const size_t count = listing.entries.size();
    const std::vector<int> cached = cacheEntries(listing.entries, cache);
    ParseJob job{listing, cached, cache, parse, {}, {}, {}, {}};
    job.results.resize(count);
    if (cache) {
        job.stamps.resize(count);
        job.deps.resize(count);
        job.unchangedDeps = cache->unchangedDependencies();
    }
    runSplit(job, count);
    const std::vector<ScriptCache::Item> items = collect(job, &listing.dirStamps, &load);
    if (cache)
        cache->store(items, listing.dirStamps);
    return load;
}

ScriptLoad loadPythonScripts(const QStringList &dirs, bool skipMissing,
                             const QString &scriptLocation)
{
    const QStringList absolute = absoluteDirs(dirs);
    PythonModules modules(importRootsFor(absolute, scriptLocation));
    ScriptCache cache(absolute, modules.roots());
    return loadScriptFiles(
        absolute, &isAlembicScriptFileName,
        [&modules](const QString &path, const QByteArray &content,
                   std::vector<FileDependency> *deps) {
            return parsePythonMetadata(path, content, &modules, deps);
        },
        skipMissing, cache.enabled() ? &cache : nullptr);
}

std::unique_ptr<CachedLoad> startCachedPythonLoad(const QStringList &dirs, bool skipMissing,
                                                  const QString &scriptLocation)
{
    const QStringList absolute = absoluteDirs(dirs);
    return CachedLoad::start(
        absolute, &isAlembicScriptFileName, skipMissing,
        std::make_unique<ScriptCache>(absolute, importRootsFor(absolute, scriptLocation)));
}

std::unique_ptr<CachedLoad> CachedLoad::start(const QStringList &dirs,
                                              bool (*accept)(QByteArrayView fileName),
                                              bool skipMissing, std::unique_ptr<ScriptCache> cache)
{
    if (!cache || !cache->enabled() || cache->size() == 0)
        return nullptr;
    std::unique_ptr<CachedLoad> load(new CachedLoad);
    load->m_dirs = dirs;
    load->m_accept = accept;
    load->m_skipMissing = skipMissing;
    load->m_cache = std::move(cache);
    const ScriptCache &c = *load->m_cache;
    for (int i = 0; i < c.size(); ++i)
        if (c.dir(i) < 0 || c.dir(i) >= dirs.size())
            return nullptr;
    // The check starts first: it is the longer part.
    load->m_thread = std::thread([l = load.get()] { l->m_confirmed = l->check(); });
    const QStringList prefixes = folderPrefixes(dirs);
    load->m_scripts.resize(size_t(c.size()));
    for (int i = 0; i < c.size(); ++i)
        if (!c.decode(i, prefixes[c.dir(i)], &load->m_scripts[size_t(i)]))
            return nullptr; // the destructor waits for the check
    return load;
}

CachedLoad::~CachedLoad()
{
    if (m_thread.joinable())
        m_thread.join();
}

bool CachedLoad::confirm()
{
    if (m_thread.joinable())
        m_thread.join();
    return m_confirmed;
}

bool CachedLoad::check() const
{
    const ScriptCache &c = *m_cache;
    int next = 0; // the cache entry the next listed file must be
    FolderNames names;
    for (qsizetype k = 0; k < m_dirs.size(); ++k) {
        const UniqueFd folder = openFolder(QDir(m_dirs[k]).absolutePath());
        if (!folder.valid()) {
            // A folder loadScriptFiles() skips quietly is fine; any other outcome is an error
            // it reports.
            if (!m_skipMissing || (errno != ENOENT && errno != ENOTDIR))
                return false;
            continue;
        }
        const int fd = folder.get();
        // Unchanged folder stamp: the same names as when the cache was written (and no racy
        // stamp was recorded), so only the files need a stat; else list the folder.
        const FileStamp dirStamp = FileStamp::at(fd, ".");
        if (dirStamp.valid() && dirStamp == c.dirStamp(int(k))) {
            for (; next < c.size() && c.dir(next) == int(k); ++next) {
                const FileStamp stamp = FileStamp::at(fd, c.cName(next));
                if (!stamp.valid() || !(stamp == c.stamp(next)))
                    return false;
            }
            continue;
        }
        names.list(fd, m_accept);
        for (size_t i = 0; i < names.size(); ++i) {
            if (next >= c.size() || c.dir(next) != int(k) || c.name(next) != names.name(i))
                return false;
            const FileStamp stamp = FileStamp::at(fd, names.cName(i));
            if (!stamp.valid() || !(stamp == c.stamp(next)))
                return false;
            ++next;
        }
    }
    if (next != c.size())
        return false;
    for (bool unchanged : c.unchangedDependencies())
        if (!unchanged)
            return false;
    return true;
}

} // namespace retort
