#pragma once

#include "base/Background.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

class Workspace;

// Releases: the project's git history read once, so that each revision is known by the commit
// that added its script and the first release (git tag) that contains it. Release managers think
// in releases, not revision ids: "production: v2.3.1; staging: v2.4.0-rc2, 2 ahead".
//
// A release is a tag. Tags are ordered by their date (an annotated tag's, else its commit's),
// oldest first; "the first tag containing a commit" is the oldest tag from which the commit is
// reachable.

// Where a revision's script came from.
struct RevisionOrigin {
    QString commit;  // the full hash of the commit that added the script (followed through
                     // renames: a moved script keeps the commit that first added it)
    QString author;  // that commit's author name
    QString email;   // and e-mail
    QDateTime date;  // its author date (UTC)
    QString subject; // its subject line
    QString release; // the oldest tag containing the commit; "" when no tag does (unreleased)
};

struct ReleaseTag {
    QString name;   // "v2.4.0"
    QString commit; // the commit it points at (peeled)
    QDateTime date; // the annotated tag's date, else the commit's
};

struct ReleaseMap {
    // Why there are no releases: "git is not installed", "the project is not in a git checkout",
    // "the checkout is shallow: ...", or git's own error. Empty when the history was read.
    // Without history everything else is empty and every revision is shown without release.
    QString unavailable;
    QString repositoryRoot;                 // the checkout's top folder
    std::vector<ReleaseTag> tags;           // oldest first
    QHash<QString, RevisionOrigin> origins; // revision id → origin, for revisions whose script
                                            // is committed (an uncommitted script has none)
    bool available() const { return unavailable.isEmpty(); }
    const RevisionOrigin *origin(const QString &revision) const;
    // The position of `tag` in `tags`, or -1.
    int tagIndex(const QString &tag) const;
};

// Reads the map for `ws`'s scripts: `git log` once over the scripts' folder (added and renamed
// files with their commits), the tags once, and the commit graph once (to find the oldest tag
// containing each commit) — a fixed number of git processes whatever the number of revisions.
// Never fails: what cannot be read is said in `unavailable`. Blocking (a worker thread or the
// CLI); `cancel` stops between the git runs.
ReleaseMap readReleaseMap(const Workspace &ws, const CancelToken *cancel = nullptr);

// Which release a database is on, from the revisions applied to it.
struct EnvironmentRelease {
    // The newest release all of whose revisions are applied ("" when not even the oldest
    // release's are, or the project has no releases).
    QString release;
    // Applied revisions that are in no release up to `release` (newer releases' or unreleased
    // ones): "v2.3.1 + 2".
    QStringList beyond;
    // "v2.3.1", "v2.3.1 + 2 unreleased", "before v1.0", "no release" ...
    QString describe(const ReleaseMap &map) const;
};

// `applied`: the revision ids applied (the current rows and all their ancestors, as
// RevisionGraph::ancestors gives them). Pure.
EnvironmentRelease environmentRelease(const ReleaseMap &map, const QSet<QString> &applied);

} // namespace retort
