#include "workflows/RevisionDraft.h"

#include "graph/RevisionGraph.h"
#include "scripts/ScriptParser.h"

#include <QSet>

namespace retort {

namespace {

using Kind = DraftProblem::Kind;

struct Checker {
    const RevisionGraph &graph;
    std::vector<DraftProblem> problems;

    void add(DraftField field, Kind kind, QString message, QString item = {}, QString other = {})
    {
        problems.push_back({field, kind, std::move(item), std::move(other), std::move(message)});
    }

    void checkId(const QString &id)
    {
        if (!isValidRevisionId(id))
            add(DraftField::Id, Kind::IdInvalid,
                QStringLiteral("invalid revision id '%1': use letters, digits and '_' only")
                    .arg(id),
                id);
        else if (graph.indexOf(id) >= 0)
            add(DraftField::Id, Kind::IdTaken,
                QStringLiteral("revision id %1 is already in the project").arg(id), id);
    }

    void checkMessage(const QString &raw)
    {
        const QString message = raw.trimmed();
        if (message.isEmpty()) {
            add(DraftField::Message, Kind::MessageEmpty, QStringLiteral("a message is required"));
            return;
        }
        if (message.contains(u'\n') || message.contains(u'\r')) {
            add(DraftField::Message, Kind::MessageMultiline,
                QStringLiteral("the message must be a single line"));
            return;
        }
        // The parser decides what a first comment line means: render a minimal script around the
        // message and see whether it reads back as the message.
        NewRevision probe;
        probe.id = QStringLiteral("probe");
        probe.message = message;
        const Result<Script> s =
            parseScript(QStringLiteral("/probe.sql"), renderRevision(probe).toUtf8());
        if (!s || s->message != message)
            add(DraftField::Message, Kind::MessageReadsAsHeader,
                QStringLiteral("the message '%1' reads as a header line or section marker; "
                               "reword it")
                    .arg(message),
                message);
    }

    void checkParents(const QStringList &parents, bool splice)
    {
        QSet<QString> seen;
        for (const QString &p : parents) {
            const int i = graph.indexOf(p);
            if (i < 0) {
                add(DraftField::Parents, Kind::ParentUnknown,
                    QStringLiteral("revision %1 is not in the project").arg(p), p);
            } else if (seen.contains(p)) {
                add(DraftField::Parents, Kind::ParentRepeated,
                    QStringLiteral("Duplicate head revisions specified (%1)").arg(p), p);
            } else if (!splice && !graph.at(i).isHead()) {
                add(DraftField::Parents, Kind::ParentNotHead,
                    QStringLiteral("Revision %1 is not a head revision; please specify "
                                   "--splice to create a new branch from this revision")
                        .arg(p),
                    p);
            }
            seen.insert(p);
        }
    }

    void checkLabels(const QStringList &labels, const QString &newId)
    {
        QHash<QString, QString> declaredBy; // label -> revision id
        for (const Revision &r : graph.revisions())
            for (const QString &l : r.ownLabels)
                declaredBy.insert(l, r.id);
        QSet<QString> seen;
        for (const QString &l : labels) {
            if (!isValidRevisionId(l)) {
                add(DraftField::BranchLabels, Kind::LabelInvalid,
                    QStringLiteral("invalid branch label '%1': use letters, digits and '_' only")
                        .arg(l),
                    l);
            } else if (seen.contains(l)) {
                add(DraftField::BranchLabels, Kind::LabelRepeated,
                    QStringLiteral("branch label '%1' is listed twice").arg(l), l);
            } else if (const QString other = declaredBy.value(l); !other.isEmpty()) {
                add(DraftField::BranchLabels, Kind::LabelTaken,
                    QStringLiteral("branch label '%1' is already used by revision %2")
                        .arg(l, other),
                    l, other);
            } else if (graph.indexOf(l) >= 0 || l == newId) {
                add(DraftField::BranchLabels, Kind::LabelTaken,
                    QStringLiteral("branch label '%1' is the id of a revision").arg(l), l, l);
            }
            seen.insert(l);
        }
    }

    // Returns the items as they go into the file.
    QStringList checkDependencies(const QStringList &items)
    {
        QStringList resolved;
        QHash<int, QString> seen; // revision index -> item that named it
        for (const QString &d : items) {
            const Result<int> r = graph.resolveOne(d);
            if (!r) {
                add(DraftField::DependsOn, Kind::DependencyUnresolved,
                    QStringLiteral("depends on '%1': %2").arg(d, r.error().message), d,
                    r.error().message);
                continue;
            }
            if (*r < 0) {
                const QString why = QStringLiteral("it does not name a revision");
                add(DraftField::DependsOn, Kind::DependencyUnresolved,
                    QStringLiteral("depends on '%1': %2").arg(d, why), d, why);
                continue;
            }
            const Revision &rev = graph.at(*r);
            if (seen.contains(*r)) {
                add(DraftField::DependsOn, Kind::DependencyRepeated,
                    QStringLiteral("depends on '%1' names revision %2 again").arg(d, rev.id), d,
                    rev.id);
                continue;
            }
            seen.insert(*r, d);
            resolved.append(rev.labels.contains(d) ? d : rev.id);
        }
        return resolved;
    }
};

} // namespace

QStringList splitCommaList(const QString &text)
{
    QStringList items;
    for (QStringView item : QStringView(text).tokenize(u',')) {
        const QStringView trimmed = item.trimmed();
        if (!trimmed.isEmpty())
            items.append(trimmed.toString());
    }
    return items;
}

namespace {

std::pair<std::vector<DraftProblem>, NewRevision> check(const RevisionGraph &graph,
                                                        const RevisionDraft &draft)
{
    Checker c{graph, {}};
    const QStringList labels = splitCommaList(draft.branchLabels);
    c.checkId(draft.id);
    c.checkMessage(draft.message);
    c.checkParents(draft.parents, draft.splice);
    c.checkLabels(labels, draft.id);
    NewRevision r;
    r.dependsOn = c.checkDependencies(splitCommaList(draft.dependsOn));
    r.id = draft.id;
    r.message = draft.message.trimmed();
    r.parents = draft.parents;
    r.branchLabels = labels;
    r.created = draft.created;
    r.transactional = draft.transactional;
    return {std::move(c.problems), std::move(r)};
}

} // namespace

std::vector<DraftProblem> draftProblems(const RevisionGraph &graph, const RevisionDraft &draft)
{
    return check(graph, draft).first;
}

Result<NewRevision> buildRevision(const RevisionGraph &graph, const RevisionDraft &draft)
{
    auto [problems, revision] = check(graph, draft);
    if (!problems.empty())
        return Error(problems.front().message, {}, 0, draft.id);
    return revision;
}

Result<QStringList> resolveParents(const RevisionGraph &graph, const QStringList &specs)
{
    QStringList parents;
    for (const QString &spec : specs) {
        auto r = graph.resolve(spec);
        if (!r) {
            if (r.error().message.startsWith(QLatin1String("Multiple head revisions")))
                return Error(QStringLiteral("Multiple heads are present; please specify the head "
                                            "revision on which the new revision should be based, "
                                            "or perform a merge."));
            return r.error();
        }
        for (int i : *r)
            if (i >= 0)
                parents.append(graph.at(i).id);
    }
    return parents;
}

Result<QString> writeDraft(const RevisionGraph &graph, const QString &scriptsDir,
                           const RevisionDraft &draft)
{
    Result<NewRevision> revision = buildRevision(graph, draft);
    if (!revision)
        return revision.error();
    revision->created = QDateTime(); // the time of writing
    return writeRevision(scriptsDir, *revision);
}

} // namespace retort
