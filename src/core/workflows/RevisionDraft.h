#pragma once

#include "base/Error.h"
#include "scripts/ScriptWriter.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

class RevisionGraph;

// What a "new revision" form holds, as typed: the rules that turn it into a NewRevision are those
// of `alembic revision` / `alembic merge` (retort-cli revision and merge use them), checked against
// a graph without touching the disk. Pure functions; thread-safe as long as the graph is (it is
// immutable).

struct RevisionDraft {
    QString id;           // required; the caller generates it (generateRevisionId())
    QString message;      // required; trimmed; one line
    QStringList parents;  // exact revision ids; empty = a new base, several = a merge
    bool splice = false;  // allow parents that are not heads (`--splice`)
    QString branchLabels; // comma-separated, as typed; blanks around items are ignored
    QString dependsOn;    // comma-separated ids, unique partial ids or branch labels, as typed
    bool transactional = true;
    QDateTime created; // passed through to NewRevision::created
};

// The form field a problem is about, so a dialog can show it next to that field.
enum class DraftField { Id, Message, Parents, BranchLabels, DependsOn };

// One reason a draft cannot be written. `kind` and `item` let a GUI word it in its own (translated)
// terms; `message` is the English sentence for everyone else (CLI, logs, tests).
struct DraftProblem {
    enum class Kind {
        IdInvalid,            // item: the id
        IdTaken,              // item: the id
        MessageEmpty,         //
        MessageMultiline,     //
        MessageReadsAsHeader, // item: the message
        ParentUnknown,        // item: the id
        ParentRepeated,       // item: the id
        ParentNotHead,        // item: the id (splice not allowed)
        LabelInvalid,         // item: the label
        LabelRepeated,        // item: the label
        LabelTaken,           // item: the label; other: the revision declaring it or with that id
        DependencyUnresolved, // item: as typed; other: the resolver's reason
        DependencyRepeated,   // item: as typed; other: the revision it resolves to
    };
    DraftField field;
    Kind kind;
    QString item;
    QString other;
    QString message;
};

// Every problem of `draft` against `graph`, in field order (Id, Message, Parents, BranchLabels,
// DependsOn); empty when checkDraft() would succeed. The rules:
//  - id: a valid revision id not used by the graph;
//  - message: not blank, a single line, not read back as a header line or section marker;
//  - parents: in the graph, no repeats, heads only unless `splice`
//    ("Revision X is not a head revision; please specify --splice ..." as Alembic says);
//  - branch labels: valid `\w+` items, no repeats, not a label any revision declares nor a
//    revision id (the new one included);
//  - depends on: each item resolves to exactly one revision (RevisionGraph::resolveOne), no two
//    items to the same revision.
std::vector<DraftProblem> draftProblems(const RevisionGraph &graph, const RevisionDraft &draft);

// The NewRevision to write for `draft`, or the first of draftProblems() as an Error. As Alembic
// does, a depends-on item that is a branch label of the revision it resolves to is kept as
// written; any other item (partial id, `head`, ...) becomes the full revision id. Upgrade and
// downgrade SQL stay empty (writeRevision() puts placeholders there).
Result<NewRevision> buildRevision(const RevisionGraph &graph, const RevisionDraft &draft);

// The parents that revision specs name, as `alembic revision --head` / `alembic merge` read them:
// each spec (an id, a unique partial id, `head`, `heads`, `label@head`, `base`...) resolved by
// RevisionGraph::resolve(), in order, base left out. Repeats are kept (draftProblems() reports
// them). An ambiguous `head` is Alembic's "Multiple heads are present; ... perform a merge." Pure.
Result<QStringList> resolveParents(const RevisionGraph &graph, const QStringList &specs);

// buildRevision(), dated now, written by writeRevision() into `scriptsDir`: the file's path, or
// why it was not written. Writes a file.
Result<QString> writeDraft(const RevisionGraph &graph, const QString &scriptsDir,
                           const RevisionDraft &draft);

// Splits a comma-separated field into trimmed, non-empty items ("a, b,,c " -> a, b, c).
QStringList splitCommaList(const QString &text);

} // namespace retort
