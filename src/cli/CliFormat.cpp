#include "CliFormat.h"

#include "db/AuditTrail.h"
#include "graph/RevisionGraph.h"
#include "safety/Backup.h"
#include "scripts/Script.h"

#include <QJsonArray>

namespace retort {

namespace {

QString commaJoin(const QStringList &l)
{
    return l.join(QStringLiteral(", "));
}

QString docOf(const Revision &r)
{
    return r.script ? r.script->message : QString();
}

// A branch point of the whole project: children left out of the graph count.
bool isBranchPoint(const RevisionGraph &g, const Revision &r)
{
    return r.next.size() + g.leftOutChildren(r.index).size() > 1;
}

QString downFormat(const RevisionGraph &g, const Revision &r)
{
    return r.down.empty() ? QStringLiteral("<base>") : commaJoin(g.ids(r.down));
}

} // namespace

QString headOnly(const RevisionGraph &g, const Revision &r, bool includeBranches, bool includeDoc,
                 bool includeParents, bool treeIndicators, bool current)
{
    QString text = r.id;
    if (includeParents) {
        if (!r.dependsOnDeclared.isEmpty())
            text = QStringLiteral("%1 (%2) -> %3")
                       .arg(downFormat(g, r), commaJoin(r.dependsOnDeclared), text);
        else
            text = QStringLiteral("%1 -> %2").arg(downFormat(g, r), text);
    }
    if (includeBranches && !r.labels.isEmpty())
        text += QStringLiteral(" (%1)").arg(commaJoin(r.labels));
    if (g.isCertainRealHead(r.index))
        text += QStringLiteral(" (head)");
    if (g.isCertainEffectiveHead(r.index))
        text += QStringLiteral(" (effective head)");
    if (current)
        text += QStringLiteral(" (current)");
    if (treeIndicators) {
        if (isBranchPoint(g, r))
            text += QStringLiteral(" (branchpoint)");
        if (r.isMergePoint())
            text += QStringLiteral(" (mergepoint)");
    }
    if (includeDoc)
        text += QStringLiteral(", ") + docOf(r);
    return text;
}

QString logEntry(const RevisionGraph &g, const Revision &r, bool current)
{
    QString e = QStringLiteral("Rev: %1%2%3%4%5\n")
                    .arg(r.id, g.isCertainHead(r.index) ? QStringLiteral(" (head)") : QString(),
                         isBranchPoint(g, r) ? QStringLiteral(" (branchpoint)") : QString(),
                         r.isMergePoint() ? QStringLiteral(" (mergepoint)") : QString(),
                         current ? QStringLiteral(" (current)") : QString());
    e += (r.isMergePoint() ? QStringLiteral("Merges: %1\n") : QStringLiteral("Parent: %1\n"))
             .arg(downFormat(g, r));
    if (!r.dependsOnDeclared.isEmpty())
        e += QStringLiteral("Also depends on: %1\n").arg(commaJoin(r.dependsOnDeclared));
    if (r.isBranchPoint())
        e += QStringLiteral("Branches into: %1\n").arg(commaJoin(g.ids(r.next)));
    if (!r.labels.isEmpty())
        e += QStringLiteral("Branch names: %1\n").arg(commaJoin(r.labels));
    e += QStringLiteral("Path: %1\n").arg(r.script ? r.script->path : QString());
    QStringList doc;
    const QString message = docOf(r);
    for (const QString &line : message.split(QLatin1Char('\n')))
        doc.append(QStringLiteral("    ") + line);
    e += QStringLiteral("\n%1\n").arg(message.isEmpty() ? QString() : doc.join(QLatin1Char('\n')));
    return e;
}

QJsonObject revisionJson(const RevisionGraph &g, const Revision &r)
{
    QJsonObject o;
    o[QStringLiteral("revision")] = r.id;
    o[QStringLiteral("down_revisions")] = QJsonArray::fromStringList(g.ids(r.down));
    o[QStringLiteral("depends_on")] = QJsonArray::fromStringList(r.dependsOnDeclared);
    o[QStringLiteral("branch_labels")] = QJsonArray::fromStringList(r.labels);
    o[QStringLiteral("message")] = docOf(r);
    o[QStringLiteral("create_date")] = r.script ? r.script->createDate : QString();
    o[QStringLiteral("path")] = r.script ? r.script->path : QString();
    o[QStringLiteral("is_head")] = g.isCertainRealHead(r.index);
    o[QStringLiteral("is_effective_head")] = g.isCertainEffectiveHead(r.index);
    o[QStringLiteral("is_base")] = r.isBase();
    o[QStringLiteral("is_branch_point")] = r.isBranchPoint();
    o[QStringLiteral("is_merge_point")] = r.isMergePoint();
    return o;
}

QString leftOutMark(const LeftOutRevision &r)
{
    switch (r.why) {
    case LeftOutRevision::Why::Unreadable:
        return QStringLiteral("(unreadable)");
    case LeftOutRevision::Why::DuplicateId:
        return QStringLiteral("(duplicate)");
    default:
        return QStringLiteral("(unreachable)");
    }
}

QString leftOutLine(const LeftOutRevision &r, bool includeParents, bool includeDoc)
{
    QString text = r.id + u' ' + leftOutMark(r);
    if (includeParents) {
        const QString down = !r.parentsKnown       ? QStringLiteral("?")
                             : r.parents.isEmpty() ? QStringLiteral("<base>")
                                                   : commaJoin(r.parents);
        text = r.dependsOn.isEmpty()
                   ? QStringLiteral("%1 -> %2").arg(down, text)
                   : QStringLiteral("%1 (%2) -> %3").arg(down, commaJoin(r.dependsOn), text);
    }
    if (includeDoc)
        text += QStringLiteral(", ") + (r.script ? r.script->message : QString());
    return text;
}

QString leftOutEntry(const LeftOutRevision &r)
{
    QString e = QStringLiteral("Rev: %1 %2\n").arg(r.id, leftOutMark(r));
    e += QStringLiteral("Parent: %1\n")
             .arg(!r.parentsKnown       ? QStringLiteral("?")
                  : r.parents.isEmpty() ? QStringLiteral("<base>")
                                        : commaJoin(r.parents));
    if (!r.dependsOn.isEmpty())
        e += QStringLiteral("Also depends on: %1\n").arg(commaJoin(r.dependsOn));
    e += QStringLiteral("Reason: %1\n").arg(r.reason);
    e += QStringLiteral("Path: %1\n").arg(r.file);
    const QString message = r.script ? r.script->message : QString();
    QStringList doc;
    for (const QString &line : message.split(QLatin1Char('\n')))
        doc.append(QStringLiteral("    ") + line);
    e += QStringLiteral("\n%1\n").arg(message.isEmpty() ? QString() : doc.join(QLatin1Char('\n')));
    return e;
}

QJsonObject leftOutJson(const LeftOutRevision &r)
{
    QJsonObject o;
    o[QStringLiteral("revision")] = r.id;
    o[QStringLiteral("down_revisions")] =
        r.parentsKnown ? QJsonValue(QJsonArray::fromStringList(r.parents)) : QJsonValue();
    o[QStringLiteral("depends_on")] = QJsonArray::fromStringList(r.dependsOn);
    o[QStringLiteral("branch_labels")] =
        QJsonArray::fromStringList(r.script ? r.script->branchLabels : QStringList());
    o[QStringLiteral("message")] = r.script ? r.script->message : QString();
    o[QStringLiteral("create_date")] = r.script ? r.script->createDate : QString();
    o[QStringLiteral("path")] = r.file;
    o[QStringLiteral("is_head")] = false;
    o[QStringLiteral("unreachable")] = true;
    o[QStringLiteral("reason")] = r.reason;
    return o;
}

QJsonObject errorJson(const Error &e)
{
    QJsonObject o;
    o[QStringLiteral("message")] = e.message;
    o[QStringLiteral("file")] = e.file;
    o[QStringLiteral("line")] = e.line;
    o[QStringLiteral("revision")] = e.revision;
    return o;
}

QJsonObject auditJson(const AuditEntry &e, bool withScript)
{
    QJsonObject o;
    o[QStringLiteral("id")] = e.id;
    o[QStringLiteral("run_id")] = e.runId;
    o[QStringLiteral("revision")] = e.revision;
    o[QStringLiteral("direction")] = e.direction;
    o[QStringLiteral("from")] = QJsonArray::fromStringList(e.fromRevisions);
    o[QStringLiteral("to")] = QJsonArray::fromStringList(e.toRevisions);
    o[QStringLiteral("run_started_at")] = e.runStartedAt.toString(Qt::ISODateWithMs);
    o[QStringLiteral("started_at")] = e.startedAt.toString(Qt::ISODateWithMs);
    o[QStringLiteral("finished_at")] = e.finishedAt.isValid()
                                           ? QJsonValue(e.finishedAt.toString(Qt::ISODateWithMs))
                                           : QJsonValue();
    o[QStringLiteral("duration_ms")] = e.durationMs >= 0 ? QJsonValue(e.durationMs) : QJsonValue();
    o[QStringLiteral("outcome")] = auditOutcomeName(e.outcome);
    o[QStringLiteral("statement")] = e.statement;
    o[QStringLiteral("transactional")] = e.transactional;
    o[QStringLiteral("error")] = e.error.isEmpty() ? QJsonValue() : QJsonValue(e.error);
    o[QStringLiteral("operator")] = e.operatorName;
    o[QStringLiteral("retort_version")] = e.retortVersion;
    o[QStringLiteral("script_sha256")] = e.scriptSha256;
    o[QStringLiteral("note")] = e.note.isEmpty() ? QJsonValue() : QJsonValue(e.note);
    if (withScript)
        o[QStringLiteral("script")] = e.script;
    return o;
}

QJsonObject backupJson(const BackupInfo &b)
{
    QJsonObject o;
    o[QStringLiteral("environment")] = b.environment;
    o[QStringLiteral("path")] = b.path;
    o[QStringLiteral("created_at")] = b.createdAt.toString(Qt::ISODateWithMs);
    o[QStringLiteral("size")] = b.size;
    o[QStringLiteral("format")] = b.format;
    o[QStringLiteral("restore_command")] = b.restoreCommand;
    return o;
}

void printAuditDetails(QTextStream &out, const AuditEntry &e)
{
    out << "    run " << e.runId << " started " << e.runStartedAt.toString(Qt::ISODate)
        << ", Retort " << e.retortVersion << "\n";
    if (!e.scriptSha256.isEmpty())
        out << "    script SHA-256 " << e.scriptSha256 << "\n";
    if (!e.note.isEmpty())
        out << "    note: " << e.note << "\n";
    if (!e.error.isEmpty())
        out << "    error: " << QString(e.error).replace(u'\n', QStringLiteral("\n    ")) << "\n";
    if (!e.script.isEmpty())
        out << "    script:\n        "
            << QString(e.script).trimmed().replace(u'\n', QStringLiteral("\n        ")) << "\n";
}

} // namespace retort
