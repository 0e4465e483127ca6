#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace retort {

// Running the `git` command: pre-flight's clean-tree check and the release map
// (release/GitReleases.h) read the project's repository through it. Retort never writes to a
// repository.

struct GitOutput {
    bool started = false;  // false: git is not installed, or could not be started
    bool timedOut = false; // killed after the timeout
    int exitCode = -1;     // -1 when it did not finish normally
    QByteArray out;        // stdout, as bytes (paths and messages are UTF-8 in git's output)
    QString err;           // stderr, for messages
    bool ok() const { return started && !timedOut && exitCode == 0; }
};

// The git executable on PATH, or "" when there is none.
QString gitExecutable();

// Runs `git ARGS` in `dir` (blocking: a worker thread or the CLI), waiting at most `timeoutMs`.
// `input`, when not empty, is written to its stdin. The environment is the process's own plus
// GIT_TERMINAL_PROMPT=0 and LC_ALL=C (git never asks, and its messages are in one language).
GitOutput runGit(const QString &dir, const QStringList &args, int timeoutMs = 30000,
                 const QByteArray &input = {});

} // namespace retort
