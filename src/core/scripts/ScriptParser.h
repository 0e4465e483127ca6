#pragma once

#include "base/Error.h"
#include "scripts/Script.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <thread>
#include <vector>

namespace retort {

class ScriptCache;

// Reading native migration scripts (`versions/<rev>_<slug>.sql`, format in DESIGN.md).
//
// Grammar, line by line (lines end in "\n" or "\r\n"; a UTF-8 BOM is skipped):
//  - The preamble runs up to the first section marker. It holds only blank lines and `--` comments.
//    The first non-empty comment is the message, unless it is a known header line (then the
//    message is empty). Later comments of the form `-- Key: value` (Key = ASCII letters and spaces)
//    are header lines; any other comment is free text and ignored.
//  - Header keys: `Revision ID` (required), `Revises`, `Branch Labels`, `Depends On`
//    (comma-separated lists; each item trimmed; an empty value is an empty list), `Create Date`
//    (kept as written), `Transactional` (true/false, case-insensitive; default true).
//    Unknown, misspelt or repeated keys are errors.
//  - Ids, labels and depends-on items match `\w+` (letters, digits, '_'): no spaces, no @ - + :.
//  - A line starting (at column 0) with `--`, optional spaces, `migrate:` is a section marker:
//    `-- migrate:upgrade` or `-- migrate:downgrade`, optionally followed by one driver qualifier
//    (sqlite, postgresql, mysql). The section's text runs from the next line to the next marker or
//    the end of the file; trailing whitespace is dropped and "\r\n" becomes "\n".
//  - The plain `-- migrate:upgrade` section is required; the downgrade is optional (absent = not
//    reversible). A section of the same direction and qualifier may appear only once.
//
// Error lines (1-based): the offending line; line 1 for a missing Revision ID or an empty file;
// the last line of the file for a missing upgrade section; for non-UTF-8 input, the line of the
// first invalid byte. Error::file is the absolute path; Error::revision is set once known.

// Parses one script. `path` names the file (made absolute for Script::path and errors); the file
// is not read. Thread-safe (pure function).
Result<Script> parseScript(const QString &path, const QByteArray &content);

struct ScriptLoad {
    std::vector<Script> scripts; // in load order: file names sorted by their UTF-8 bytes
    std::vector<Error> errors;   // one per bad file (or one for a missing folder)
};

// Reads `dir/*.sql` (lower-case extension, not recursive, hidden files skipped) in file-name byte
// order. A bad file gives an error and is skipped; the others still load. A missing or unreadable
// folder is an error. Does not check the graph (duplicate ids, unknown parents): RevisionGraph
// does.
ScriptLoad loadScripts(const QString &dir);

// The loader behind loadScripts() and loadPythonScripts(): the files of `dirs` whose names
// `accept` takes (UTF-8; hidden files are offered too), folder by folder in the order given, each
// folder's files in name byte order; a file reached twice through overlapping folders loads
// once. Each file goes to `parse` (which must be thread-safe: large folders are parsed on several
// threads). A missing folder is an error unless `skipMissing`; an unreadable one always is.
// With `cache`, a file whose stamp the cache knows is not read; the cache is then updated.
ScriptLoad loadScriptFiles(const QStringList &dirs, bool (*accept)(QByteArrayView fileName),
                           Result<Script> (*parse)(const QString &path, const QByteArray &content),
                           bool skipMissing = false, ScriptCache *cache = nullptr);

// A load from the cache alone, checked in the background. The scripts come from `cache` at once,
// without touching the folders; meanwhile a thread lists the folders and stats every file, as
// loadScriptFiles() would, to confirm that they hold exactly the cached files, unchanged. The
// caller can use the scripts (build the graph) during the check, which on a large project is
// mostly file-system time, and must fall back to loadScriptFiles() when confirm() is false (a
// file added, removed, changed or unreadable, a bad file, a folder missing). The result is then
// what loadScriptFiles() would have returned.
class CachedLoad final {
public:
    // Null when the cache is off or empty or an entry does not decode. Takes the cache: it is
    // read by the check.
    static std::unique_ptr<CachedLoad> start(const QStringList &dirs,
                                             bool (*accept)(QByteArrayView fileName),
                                             bool skipMissing, std::unique_ptr<ScriptCache> cache);
    ~CachedLoad(); // waits for the check
    CachedLoad(const CachedLoad &) = delete;
    CachedLoad &operator=(const CachedLoad &) = delete;

    // The cached scripts, in load order (once).
    std::vector<Script> takeScripts() { return std::move(m_scripts); }
    // Waits for the check: true when the folders hold exactly the cached files, unchanged.
    bool confirm();

private:
    CachedLoad() = default;
    bool check() const;

    QStringList m_dirs;
    bool (*m_accept)(QByteArrayView) = nullptr;
    bool m_skipMissing = false;
    std::unique_ptr<ScriptCache> m_cache;
    std::vector<Script> m_scripts;
    std::thread m_thread;
    bool m_confirmed = false;
};

// True when `id` is a valid revision id, branch label or depends-on item (`\w+`, see above).
bool isValidRevisionId(QStringView id);

} // namespace retort
