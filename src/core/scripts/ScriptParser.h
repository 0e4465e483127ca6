#pragma once

#include "base/Error.h"
#include "scripts/Script.h"
#include "scripts/ScriptLoader.h" // loadScripts() and the loader, for this header's callers

#include <QByteArray>
#include <QString>

namespace retort {

// Reading native migration scripts (`versions/<rev>_<slug>.sql`, format in docs/ARCHITECTURE.md).
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

// True when `id` is a valid revision id, branch label or depends-on item (`\w+`, see above).
bool isValidRevisionId(QStringView id);

} // namespace retort
