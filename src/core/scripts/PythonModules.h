#pragma once

#include "base/Error.h"
#include "scripts/PythonSource.h"
#include "scripts/ScriptCache.h" // FileStamp, FileDependency

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace retort {

// The module-level constants a revision file imports from the project's own packages, read
// without running Python: `branch_labels = (cli.EXPAND_BRANCH,)` after
// `from neutron.db.migration import cli`.
//
// A dotted name in a revision variable's value is looked up as Python would: first among the
// revision file's own top-level statements before the assignment (`EXPAND = 'expand'`, an
// `import`, a `from ... import`), then through imported modules, whose last top-level binding
// of a name counts (a module has run to its end when it is imported). Modules are found in the
// `roots` as Python's import path finds them: a regular package (`name/__init__.py`) or a module
// (`name.py`) in the first root that has one, else a namespace package made of every root's
// `name/` folder; submodules within their package's folders; `from pkg import name` takes
// pkg's own `name` if its `__init__.py` binds one, else the submodule. Supported in modules:
// `import a.b.c` (then `a.b.c.NAME`), `import a.b as m`, `from a.b import c [as d]`, relative
// imports (`from . import x`, `from ..cli import NAME`), `from m import *` (public names).
// Supported values: None, strs (adjacent literals concatenate), tuples or lists of strs, and
// names of such constants. Anything else a name is bound to — a call, `+`, an f-string, a
// `def`, a binding inside `if`/`try` (not read) — cannot be resolved: the error names the name,
// the file and line where it is bound or where it was looked for. Revision files themselves
// are top-level modules outside any package (as Alembic loads them): a relative import there
// is an error, as it is for Alembic.
//
// One object per load, shared by the parsing threads: each file is looked for (stat) and read
// at most once, however many revision files use it. Thread-safe.
class PythonModules final {
public:
    // `roots`: the folders to find top-level modules in, first first (see importRoots()).
    explicit PythonModules(QStringList roots);
    ~PythonModules();
    PythonModules(const PythonModules &) = delete;
    PythonModules &operator=(const PythonModules &) = delete;

    // The import path of an Alembic project whose script_location is `scriptLocation`: the
    // folders above it, nearest first, up to the repository root (the first folder that holds
    // `.git`), or up to the file system's root when there is none. Empty for an empty path.
    static QStringList importRoots(const QString &scriptLocation);

    const QStringList &roots() const;

    // `value`, read from revision file `source` in its top-level statement `statement`, with
    // every dotted name in it resolved (value.resolved() afterwards). Every file looked at
    // (found or not) is appended to `deps` with its stamp: while they are all unchanged, the
    // result is too. An Error with a message only (the caller knows the file and line) when a
    // name cannot be resolved.
    Result<python::Value> resolve(const python::Source &source, size_t statement,
                                  const python::Value &value, std::vector<FileDependency> *deps);

    // How many files have been read so far (each at most once per object), for tests.
    int filesRead() const;

    class State; // internal

private:
    std::unique_ptr<State> m_state;
};

} // namespace retort
