#pragma once

#include <QJsonObject>
#include <QString>
#include <QTextStream>

namespace retort {

class RevisionGraph;

struct AuditEntry;
struct BackupInfo;
struct Error;
struct LeftOutRevision;
struct Revision;

// retort-cli's output formats: Alembic's line formats for revisions, and the JSON objects of
// --json. Pure functions.

// Alembic's Script._head_only: "down -> id (labels) (head)..., doc" as the flags ask.
QString headOnly(const RevisionGraph &g, const Revision &r, bool includeBranches, bool includeDoc,
                 bool includeParents, bool treeIndicators, bool current = false);
// Alembic's Script.log_entry (the verbose form), ending with an empty line.
QString logEntry(const RevisionGraph &g, const Revision &r, bool current = false);

QJsonObject revisionJson(const RevisionGraph &g, const Revision &r);

// A revision left out of the graph (RevisionGraph::leftOut): "(unreachable)", "(unreadable)" or
// "(duplicate)"; its line in the form of headOnly ("down -> id (unreachable), doc", the down
// revisions as declared, "?" when unknown); its verbose entry (with the reason); its JSON object
// (revisionJson's keys with is_head false, plus "unreachable": true and "reason").
QString leftOutMark(const LeftOutRevision &r);
QString leftOutLine(const LeftOutRevision &r, bool includeParents, bool includeDoc);
QString leftOutEntry(const LeftOutRevision &r);
QJsonObject leftOutJson(const LeftOutRevision &r);
QJsonObject errorJson(const Error &e);
// One audit-trail row; with `withScript` also the script text as run.
QJsonObject auditJson(const AuditEntry &e, bool withScript);
QJsonObject backupJson(const BackupInfo &b);
// `log -v`: the lines under an entry (run, script hash, note, error, script text).
void printAuditDetails(QTextStream &out, const AuditEntry &e);

} // namespace retort
