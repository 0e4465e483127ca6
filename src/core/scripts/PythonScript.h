#pragma once

#include "base/Error.h"
#include "scripts/Script.h"
#include "scripts/ScriptLoader.h" // loadPythonScripts(), startCachedPythonLoad()
#include "scripts/ScriptParser.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace retort {

class PythonModules;

// Reading Alembic revision files (`versions/*.py`) without running Python.
//
// The file is tokenized as Python (strings with any prefix and quote style, comments, brackets
// across lines, backslash continuations, `;`) and only the module's top level (statements that
// start in column 0) is read:
//  - the module docstring (the first statement, if it is a string literal): the message is its
//    first paragraph after strip(), as Alembic's Script.doc; `Create Date:` is taken from its
//    lines as written;
//  - assignments, plain (`revision = 'abc'`), annotated (`down_revision: Union[str, None] = None`,
//    `branch_labels: str | Sequence[str] | None = None`) or chained (`a = b = None`), to
//    `revision`, `down_revision`, `branch_labels`, `depends_on`. A value is None, a string
//    (adjacent literals concatenate), or a tuple or list of strings (parenthesised or bare,
//    across lines, trailing comma allowed), where a name may stand for a string or for the whole
//    value: a constant of the file itself or one imported from the project's own modules
//    (`branch_labels = (cli.EXPAND_BRANCH,)`; how names are followed: PythonModules.h). The
//    last assignment wins, as in Python. Statements inside blocks (`if`, `try`, functions) are
//    not read;
//  - `def upgrade` and `def downgrade`: their source from the `def` line to the end of the body
//    (trailing blank lines and column-0 comments excluded), kept for display.
// Semantics follow Alembic: `revision` is required (a file without it may still be named
// `<hex id>.py`, Alembic's legacy form) and `down_revision` too (None = a base, a tuple = a
// merge); `branch_labels` and `depends_on` default to none; a string is a one-item list.
// Ids, labels and depends_on items must be `\w+` (isValidRevisionId), as in native scripts.
//
// Errors name the file (absolute path) and the 1-based line: a tokenizer error (unterminated
// string or bracket), a value that is not such a literal (e.g. a call or `+`: reading it would
// need Python), a name that cannot be resolved (the message says which, and where it was looked
// for), an invalid id, a missing revision or down_revision.
// Names are followed through `modules` (the project's import path, shared by a load); without
// it only the file's own constants resolve. The other files the result depends on are appended
// to `deps` (when given) with their stamps. Thread-safe; the file itself is not read.
Result<Script> parsePythonScript(const QString &path, const QByteArray &content,
                                 PythonModules *modules = nullptr,
                                 std::vector<FileDependency> *deps = nullptr);

// True for the file names Alembic's ScriptDirectory loads as revisions (source files only):
// names ending in `.py` that do not start with `.#` or `__init__`.
bool isAlembicScriptFileName(QStringView name);
bool isAlembicScriptFileName(QByteArrayView utf8Name);

// An Alembic script's `def upgrade` / `def downgrade` source, for display.
struct PythonFunctions {
    ScriptSection upgrade;
    ScriptSection downgrade;
};
// From `script`'s text when it holds it (parsePythonScript), else read from its file now (a
// loaded project keeps metadata only): the file as it is on disk. An error if the file cannot be
// read or no longer tokenizes (its metadata is not read again: names are not resolved).
Result<PythonFunctions> readPythonFunctions(const Script &script);

} // namespace retort
