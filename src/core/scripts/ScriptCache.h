#pragma once

#include "scripts/Script.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
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
    // stat() of `path`; invalid when it fails.
    static FileStamp of(const QString &path);
};

// A cache of parsed Alembic (.py) scripts, so that opening a large Alembic project does not read
// and tokenize every file again: an entry is used only while the file's size, mtime, ctime (ns)
// and inode are unchanged (a rewrite changes ctime even when mtime is restored). Bad files are
// never cached (their errors are recomputed).
//
// The cache is one file per set of version folders under $RETORT_CACHE_DIR, else
// <generic cache>/retort (e.g. ~/.cache/retort); RETORT_NO_CACHE=1 turns it off. It is written
// atomically (QSaveFile), so concurrent processes at worst redo work; a corrupt or foreign file
// is ignored. Not thread-safe: one loader uses one instance; lookup() is const and may be called
// from several threads at once once load() has returned.
class ScriptCache final {
public:
    // The cache for `dirs` (absolute folders); reads it (empty when absent, corrupt or off).
    explicit ScriptCache(const QStringList &dirs);

    bool enabled() const { return !m_file.isEmpty(); }
    // The cached script for `path` if its stamp matches.
    std::optional<Script> lookup(const QString &path, const FileStamp &stamp) const;
    // Replaces the cache's content with `entries` (path, stamp, script) when it differs from what
    // was read; errors writing are ignored (the cache is an optimisation).
    void store(const std::vector<std::pair<FileStamp, const Script *>> &entries);

    QString fileName() const { return m_file; }

private:
    struct Entry {
        FileStamp stamp;
        Script script;
    };
    QString m_file;
    QHash<QString, Entry> m_entries; // by absolute path
};

} // namespace retort
