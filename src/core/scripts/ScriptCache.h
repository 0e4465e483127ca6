#pragma once

// The cache's hand-made binary format is kept because it loads faster than a SQLite table of the
// same fields (tests/bench/cache_bench.cpp, 10,000 Alembic scripts, median of 7 runs, CPU time on
// a loaded 2-core machine): loading the whole cache (read + decode every entry, the hot path of
// a cached `heads`) 10.5 ms binary vs 16.7 ms SQLite (one SELECT in load order); storing it
// 15.7 ms vs 27.6 ms. SQLite's file is 9% smaller (1.91 MB vs 2.09 MB: varint integers), which
// does not pay for the slower load.

#include "scripts/Script.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace retort {

// What identifies one version of a file on disk without reading it.
struct FileStamp {
    std::int64_t size = -1;
    std::int64_t mtimeNs = 0;
    std::int64_t ctimeNs = 0;
    std::uint64_t inode = 0;
    bool valid() const { return size >= 0; }
    bool operator==(const FileStamp &) const = default;
    // fstatat() of `name` in the open folder `dirFd` (following symbolic links; AT_FDCWD for a
    // path); invalid when it fails. `isDir` (if given) says whether it is a folder.
    static FileStamp at(int dirFd, const char *name, bool *isDir = nullptr);
};

// Another file a script's parse read or looked for (a Python module its names come from:
// PythonModules.h), with its stamp from before it was read; invalid: it did not exist. While
// each is unchanged, the parse is too.
struct FileDependency {
    QString path; // absolute
    FileStamp stamp;
    bool operator==(const FileDependency &) const = default;
};

// A cache of parsed scripts, so that opening a large project does not read and parse every file
// again: Alembic (.py) scripts' metadata, or native (.sql) scripts whole, their SQL sections
// included (one cache holds one language). An entry is used only while the file's size, mtime,
// ctime (ns) and inode are unchanged (a rewrite changes ctime even when mtime is restored), and so
// are the stamps of the other files its parse depended on (the modules its names were imported
// from, and the places looked at before them: FileDependency). Bad files are never cached (their
// errors are recomputed). Of a Python script only what the graph needs is kept (ids, parents,
// labels, dependencies, message, date), not the functions' source: that is read from the file when
// it is shown (readPythonFunctions).
//
// The cache is one file per set of version folders and import roots under $RETORT_CACHE_DIR, else
// <generic cache>/retort (e.g. ~/.cache/retort); RETORT_NO_CACHE=1 turns it off. It is written
// atomically, 0600 in folders made 0700 (base/PrivateFiles.h), so concurrent processes at worst
// redo work and no other account reads the projects' metadata. The file is a fixed-size
// index (folder, file name, stamp, where the entry's data is) followed by the names and data,
// read with one read() and decoded lazily, entry by entry, when a file's stamp matches; the
// dependencies are a table of paths and stamps that entries refer to by index. A truncated,
// corrupt or foreign file is ignored; an entry whose data does not decode is a miss.
//
// Entries are kept in load order (folder by folder, each sorted by the file name's bytes), so a
// loader finds them with one merged walk. Not thread-safe while loading or storing; the const
// accessors may be called from several threads at once.
class ScriptCache final {
public:
    // The cache of `language` scripts for `dirs` (absolute folders) whose scripts import from
    // `importRoots` (PythonModules::importRoots; Python only); reads it (empty when absent,
    // corrupt or off).
    explicit ScriptCache(const QStringList &dirs, const QStringList &importRoots = {},
                         ScriptLanguage language = ScriptLanguage::Python);

    bool enabled() const { return !m_file.isEmpty(); }
    QString fileName() const { return m_file; }

    // The stamp of folder `dir` (index in `dirs`) when the cache was written: while it is
    // unchanged, the folder holds the same names (adding, removing or renaming an entry changes
    // a folder's mtime). Invalid when not known.
    FileStamp dirStamp(int dir) const;

    // Cached entries, in load order.
    int size() const { return int(m_index.size()); }
    int dir(int entry) const { return int(m_index[entry].dir); }
    QByteArrayView name(int entry) const;
    const char *cName(int entry) const; // the same, NUL-terminated
    FileStamp stamp(int entry) const { return m_index[entry].stamp; }
    // Fills `out` (a default Script) with the entry's script: a Python script with its metadata,
    // `fileName`, and `path` = `folder` (with its trailing '/') + fileName. False if the data does
    // not decode. `deps` (if given) receives the indexes of the entry's dependencies.
    bool decode(int entry, const QString &folder, Script *out,
                std::vector<int> *deps = nullptr) const;

    // The files the cached parses depended on (entries refer to them by index).
    int dependencyCount() const { return int(m_deps.size()); }
    FileDependency dependency(int k) const;
    // For each dependency, whether its stamp is still the cached one (one stat each).
    std::vector<bool> unchangedDependencies() const;

    // One script to store: its folder (index in `dirs`), file name (UTF-8), stamp, script and
    // the other files its parse depended on.
    struct Item {
        int dir = 0;
        QByteArray name;
        FileStamp stamp;
        const Script *script = nullptr;
        std::vector<FileDependency> deps;
    };
    // Replaces the cache's content with `items` (in load order) and the folders' stamps (taken
    // before listing them; invalid = unknown); errors writing are ignored (the cache is an
    // optimisation). A file, dependency or folder changed in the last two seconds is not recorded
    // (nor, for a folder holding such a file or a bad file, the folder's stamp), since
    // it could change again within the same timestamp tick without its stamp changing.
    void store(const std::vector<Item> &items, const std::vector<FileStamp> &dirStamps);

    // How recent a stamp is too recent to be recorded (see store()); tests that write files and
    // load them at once set 0 and wait for the file system's clock between edits.
    static constexpr std::int64_t kDefaultRacyWindowNs = 2'000'000'000;
    static void setRacyWindow(std::int64_t ns);

private:
    struct IndexEntry {
        std::uint32_t dir = 0;
        std::uint32_t nameOffset = 0; // into m_blob
        std::uint32_t nameSize = 0;
        std::uint32_t dataOffset = 0;
        std::uint32_t dataSize = 0;
        FileStamp stamp;
    };
    struct DependencyEntry {
        std::uint32_t pathOffset = 0; // into m_blob, NUL-terminated
        std::uint32_t pathSize = 0;
        FileStamp stamp;
    };
    bool read(const QByteArray &bytes);
    bool readDependencies(const char *p, std::uint32_t count, std::uint32_t blobSize);
    // True when the cache already holds exactly `items` (names, stamps and dependencies) and
    // `dirs`.
    bool holds(const std::vector<Item> &items, const std::vector<FileStamp> &dirs) const;
    bool sameDependencies(int entry, const std::vector<FileDependency> &deps) const;

    QString m_file;
    ScriptLanguage m_language = ScriptLanguage::Python;
    std::vector<IndexEntry> m_index;
    std::vector<FileStamp> m_dirStamps;
    std::vector<DependencyEntry> m_deps;
    QByteArray m_bytes; // the whole file as read
    const char *m_blob = nullptr;
};

} // namespace retort
