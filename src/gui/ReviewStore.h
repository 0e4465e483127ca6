#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

#include <utility>
#include <vector>

namespace retort::gui {

// A reviewer's ticks on one revision, and what they were given to: the SHA-256 of the script
// file when the boxes were ticked. A review belongs to that content: after an edit it is stale.
struct ReviewRecord {
    int items = 0;  // ReviewChecklist::Items bits (0: nothing ticked)
    QString sha256; // lower-case hex of the script file when ticked ("" : unknown, legacy)
    QDateTime when; // when the ticks last changed (UTC); invalid when unknown
};

enum class ReviewState {
    None,     // nothing ticked
    Partial,  // some items ticked, on the script as it is now
    Reviewed, // every item ticked, on the script as it is now
    Stale,    // ticked on other content: reviewed before an edit
};

// Where reviews live: the user's QSettings, one group per project root and revision ("reviews/
// <root>/<revision>": items, sha256, when). Reviews written before they carried a hash (a bare
// "review/<root>/<revision>" number) read as Stale: nobody knows what was reviewed.
//
// Threading: any thread (each call opens its own QSettings; QSettings is reentrant). Reading a
// script's hash reads the file: small, local, but states() over many revisions belongs on a
// worker.
class ReviewStore final {
public:
    static constexpr int kAllItems = 0x7;

    static ReviewRecord load(const QString &projectRoot, const QString &revision);
    // Saves `record` (a record with no item ticked is removed).
    static void save(const QString &projectRoot, const QString &revision,
                     const ReviewRecord &record);
    // The SHA-256 of the file at `path` (lower-case hex); "" when it cannot be read.
    static QString contentHash(const QString &path);
    static ReviewState stateOf(const ReviewRecord &record, const QString &currentHash);

    // The state of each of `revisions` (id, script path). Only revisions with a saved review
    // have their file read; the others are None.
    static QHash<QString, ReviewState>
    states(const QString &projectRoot, const std::vector<std::pair<QString, QString>> &revisions);
};

} // namespace retort::gui
