#pragma once

#include "base/Error.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace retort {

// Writing new native migration scripts (format in docs/ARCHITECTURE.md, grammar in ScriptParser.h).

// A random revision id: 12 lower-case hex characters, like Alembic's `uuid4().hex[-12:]`.
QString generateRevisionId();

// The `<slug>` of Alembic's default file template `%(rev)s_%(slug)s`, by Alembic's own rule
// (alembic/script/base.py, ScriptDirectory._rev_path): the runs of word characters (`\w+`: letters,
// digits, '_') joined by '_' and lower-cased; if that is longer than 40 characters (code points),
// it is cut to 40, then back to its last '_', and a '_' is appended.
QString slugify(const QString &message);

struct NewRevision {
    QString id;          // empty: writeRevision() generates one
    QString message;     // one line
    QStringList parents; // "Revises": empty = a new base, several = a merge
    QStringList branchLabels;
    QStringList dependsOn;
    QDateTime created; // invalid: now (local time)
    bool transactional = true;
    QString upgradeSql; // empty: a comment saying where the SQL goes
    QString downgradeSql;
};

// Writes `<scriptsDir>/<id>_<slug>.sql` (creating the folder if needed) and returns its absolute
// path. Refuses to overwrite a file, or to reuse an id that another `<id>_*.sql`/`<id>.sql` has.
// The text is checked by parseScript() before it is written, so whatever is written parses back
// to the same metadata and SQL (SQL minus trailing whitespace). Errors: a multi-line message or one
// that reads as a header line, invalid ids/labels, SQL containing a `-- migrate:` marker line.
Result<QString> writeRevision(const QString &scriptsDir, const NewRevision &revision);

// The file text writeRevision() would write for `revision` (whose id must be set). Pure.
QString renderRevision(const NewRevision &revision);

} // namespace retort
