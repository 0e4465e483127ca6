#pragma once

#include "base/Error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace retort {

// What can still be read of a script the loader could not parse (a missing or misspelt header,
// a Python value that needs Python...): its revision id and the parents it declares, from the
// lines that declare them. The graph uses it to say which of its revisions this script makes
// uncertain (RevisionGraph::build): a revision it names as a parent is no head.
struct SalvagedScript {
    QString path;    // the file (or folder) the load error is about
    int line = 0;    // the load error's line (0: none)
    QString problem; // the load error's message
    // The id from a readable `-- Revision ID:` / `revision = '...'` line, else the `<rev>` of a
    // `<rev>_<slug>` or `<rev>.py` file name when it is a valid id, else empty.
    QString revision;
    bool revisionFromFileName = false;
    // A readable `-- Revises:` / `down_revision = ...` line: its revisions (empty: a base).
    // False when there is none or it cannot be read: the script's parents are unknown.
    bool parentsKnown = false;
    QStringList downRevisions;
};

// Salvages the script of `loadError` (an error of loadScripts / loadPythonScripts about one
// file): reads the file again and takes what the lines declaring the id and the parents say,
// leniently (the first such line; a value that is not plain ids leaves it unknown). A folder, or
// a file that cannot be read, salvages nothing but the error itself. Thread-safe.
SalvagedScript salvageScript(const Error &loadError);

// The same on `content` (the file's bytes), for `.py` files as Alembic revisions and any other
// file as a native `.sql` script.
SalvagedScript salvageScript(const Error &loadError, const QByteArray &content);

} // namespace retort
