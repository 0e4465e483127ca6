#pragma once

#include "base/Error.h"
#include "scripts/Script.h"
#include "scripts/ScriptCache.h" // FileDependency

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace retort {

class ScriptCache;

// Loading a project's migration scripts from its folders: the listing (POSIX readdir, sorted by
// file name bytes), the parse on a pool of threads for large folders, and the parse cache
// (ScriptCache.h) with its background check. The file formats are parsed elsewhere: native
// `.sql` scripts by parseScript (ScriptParser.h), Alembic `.py` revisions by parsePythonScript
// (PythonScript.h); ScriptParser.h and PythonScript.h include this header.

struct ScriptLoad {
    std::vector<Script> scripts; // in load order: file names sorted by their UTF-8 bytes
    std::vector<Error> errors;   // one per bad file (or one for a missing folder)
};

// Reads `dir/*.sql` (lower-case extension, not recursive, hidden files skipped) in file-name byte
// order. A bad file gives an error and is skipped; the others still load. A missing or unreadable
// folder is an error. Does not check the graph (duplicate ids, unknown parents): RevisionGraph
// does. Parsed scripts are cached between runs as Alembic ones are (ScriptCache.h).
ScriptLoad loadScripts(const QString &dir);

// Reads the revision files of `dirs` (an Alembic project's version locations, in order) as
// Alembic lists them: folder by folder, each sorted by file name; a folder that does not exist
// is skipped when `skipMissing` (Alembic's behaviour for version_locations), else an error.
// Bad files are errors and skipped; the rest load. The scripts hold metadata only, not their
// text (see readPythonFunctions). Names in their values are followed into the project's own
// modules, found in the folders above `scriptLocation` (PythonModules.h; empty: the first
// folder's parent, Alembic's default layout `<script_location>/versions`); each module is read
// once per load. Parsed scripts are cached between runs (ScriptCache.h): an unchanged file whose
// modules are unchanged is not read again.
ScriptLoad loadPythonScripts(const QStringList &dirs, bool skipMissing,
                             const QString &scriptLocation = {});

// Parses one file (its path and content), appending to `deps` the other files its result
// depends on (with their stamps). Must be thread-safe: large folders are parsed on several
// threads.
using ScriptParseFunction = std::function<Result<Script>(
    const QString &path, const QByteArray &content, std::vector<FileDependency> *deps)>;

// The loader behind loadScripts() and loadPythonScripts(): the files of `dirs` whose names
// `accept` takes (UTF-8; hidden files are offered too), folder by folder in the order given, each
// folder's files in name byte order; a file reached twice through overlapping folders loads
// once. Each file goes to `parse`. A missing folder is an error unless `skipMissing`; an
// unreadable one always is. With `cache`, a file whose stamp (and whose dependencies' stamps)
// the cache knows is not read; the cache is then updated.
ScriptLoad loadScriptFiles(const QStringList &dirs, bool (*accept)(QByteArrayView fileName),
                           const ScriptParseFunction &parse, bool skipMissing = false,
                           ScriptCache *cache = nullptr);

// A load from the cache alone, checked in the background. The scripts come from `cache` at once,
// without touching the folders; meanwhile a thread lists the folders and stats every file, as
// loadScriptFiles() would, to confirm that they hold exactly the cached files, unchanged. The
// caller can use the scripts (build the graph) during the check, which on a large project is
// mostly file-system time, and must fall back to loadScriptFiles() when confirm() is false (a
// file added, removed, changed or unreadable, a module a parse depended on changed, a bad file,
// a folder missing). The result is then what loadScriptFiles() would have returned.
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

// The same load as loadPythonScripts() from the parse cache alone, checked in the background
// (CachedLoad): null when there is no usable cache. When its confirm() is false, use
// loadPythonScripts().
std::unique_ptr<CachedLoad> startCachedPythonLoad(const QStringList &dirs, bool skipMissing,
                                                  const QString &scriptLocation = {});
// The same for loadScripts(): when its confirm() is false, use loadScripts().
std::unique_ptr<CachedLoad> startCachedLoad(const QString &dir);

} // namespace retort
