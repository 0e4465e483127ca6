#include "audit/EditedScripts.h"

#include "db/Connection.h"
#include "db/Migrator.h"
#include "db/VersionTable.h"
#include "project/Workspace.h"

#include <QDir>

#include <dtl/dtl.hpp>

#include <algorithm>

namespace retort {

namespace {

QStringList linesOf(const QString &text)
{
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast(); // a final newline ends the last line; it is not another line
    return lines;
}

struct Edit {
    char op; // ' ', '-', '+'
    QString text;
    int beforeLine; // 1-based line in `before` (for ' ' and '-'); the next line for '+'
    int afterLine;  // 1-based line in `after` (for ' ' and '+'); the next line for '-'
};

// A shortest edit script from dtl (Wu, Manber and Myers' O(NP) algorithm: time and memory grow
// with the number of differences, not the product of the lengths, so a long script with a few
// edits is cheap and no size is refused). Within each changed run removals come before additions,
// as diff -u shows them; each edit carries its 1-based line numbers in both texts.
std::vector<Edit> diffLines(const QStringList &a, const QStringList &b)
{
    const std::vector<QString> before(a.begin(), a.end());
    const std::vector<QString> after(b.begin(), b.end());
    dtl::Diff<QString, std::vector<QString>> diff(before, after, /*deletesFirst=*/true);
    diff.compose();
    const auto ses = diff.getSes().getSequence();

    std::vector<Edit> edits;
    edits.reserve(ses.size());
    int ai = 1, bj = 1;
    for (const auto &[text, info] : ses) {
        const char op = info.type == dtl::SES_ADD ? '+' : info.type == dtl::SES_DELETE ? '-' : ' ';
        edits.push_back({op, text, ai, bj});
        if (op != '+')
            ++ai;
        if (op != '-')
            ++bj;
    }
    return edits;
}

QString range(int start, int count)
{
    if (count == 1)
        return QString::number(start);
    return QStringLiteral("%1,%2").arg(count == 0 ? start - 1 : start).arg(count);
}

} // namespace

QString unifiedDiff(const QString &before, const QString &after, const QString &beforeLabel,
                    const QString &afterLabel, int context)
{
    if (before == after)
        return {};
    const std::vector<Edit> edits = diffLines(linesOf(before), linesOf(after));
    QString out = QStringLiteral("--- %1\n+++ %2\n").arg(beforeLabel, afterLabel);
    const qsizetype total = qsizetype(edits.size());
    qsizetype k = 0;
    bool any = false;
    while (k < total) {
        // Find the next change.
        while (k < total && edits[size_t(k)].op == ' ')
            ++k;
        if (k >= total)
            break;
        any = true;
        qsizetype start = std::max<qsizetype>(0, k - context);
        // Extend the hunk while changes are within 2*context of each other.
        qsizetype end = k;
        for (;;) {
            while (end < total && edits[size_t(end)].op != ' ')
                ++end;
            qsizetype next = end;
            while (next < total && edits[size_t(next)].op == ' ')
                ++next;
            if (next < total && next - end <= 2 * context)
                end = next;
            else
                break;
        }
        const qsizetype stop = std::min(total, end + context);
        int beforeCount = 0, afterCount = 0;
        for (qsizetype i = start; i < stop; ++i) {
            if (edits[size_t(i)].op != '+')
                ++beforeCount;
            if (edits[size_t(i)].op != '-')
                ++afterCount;
        }
        const Edit &first = edits[size_t(start)];
        out += QStringLiteral("@@ -%1 +%2 @@\n")
                   .arg(range(first.beforeLine, beforeCount), range(first.afterLine, afterCount));
        for (qsizetype i = start; i < stop; ++i)
            out += QChar::fromLatin1(edits[size_t(i)].op) + edits[size_t(i)].text + u'\n';
        k = stop;
    }
    return any ? out : QString();
}

QString ScriptDrift::describe() const
{
    if (kind == Missing)
        return QStringLiteral("the version table names revision %1, which is not in the project: "
                              "restore its script (`retort-cli log -v` shows the applied text) "
                              "or stamp the database to a revision of the project")
            .arg(revision);
    return QStringLiteral("%1: revision %2 was edited after it was applied (%3 by %4; SHA-256 "
                          "then %5, now %6)")
        .arg(file, revision, applied.startedAt.toString(Qt::ISODate), applied.operatorName,
             appliedSha256.left(12), currentSha256.left(12));
}

std::vector<ScriptDrift> findScriptDrift(const Workspace &workspace,
                                         const std::vector<AuditEntry> &applied,
                                         const QStringList &versionRows)
{
    std::vector<ScriptDrift> out;
    const QDir root(workspace.project().root);
    for (const AuditEntry &e : applied) {
        const Script *script = workspace.script(e.revision);
        if (!script || e.scriptSha256.isEmpty())
            continue;
        const QByteArray bytes = Migrator::scriptBytes(*script);
        const QString now = sha256Hex(bytes);
        if (now == e.scriptSha256)
            continue;
        ScriptDrift d;
        d.kind = ScriptDrift::Edited;
        d.revision = e.revision;
        d.file = script->path.isEmpty() ? script->fileName : root.relativeFilePath(script->path);
        d.appliedSha256 = e.scriptSha256;
        d.currentSha256 = now;
        d.applied = e;
        d.diff = unifiedDiff(e.script, QString::fromUtf8(bytes),
                             QStringLiteral("%1 (applied %2, retort_history #%3)")
                                 .arg(d.file, e.startedAt.toString(Qt::ISODate))
                                 .arg(e.id),
                             QStringLiteral("%1 (now)").arg(d.file));
        out.push_back(std::move(d));
    }
    for (const QString &row : versionRows) {
        if (workspace.graph().indexOf(row) >= 0)
            continue;
        ScriptDrift d;
        d.kind = ScriptDrift::Missing;
        d.revision = row;
        for (const AuditEntry &e : applied)
            if (e.revision == row) {
                d.applied = e;
                d.appliedSha256 = e.scriptSha256;
            }
        out.push_back(std::move(d));
    }
    return out;
}

Result<std::vector<ScriptDrift>> checkScriptDrift(const Workspace &workspace,
                                                  const Environment &env,
                                                  const ConnectionSecrets &secrets)
{
    ScopedConnection conn;
    auto opened = openForReading(conn, env, secrets);
    if (!opened)
        return opened.error();
    if (!*opened)
        return std::vector<ScriptDrift>();
    const Dialect dialect = **opened;
    const QSqlDatabase db = conn.db();
    const TableName versionTable = workspace.project().versionTableName();
    auto applied = AuditTrail::besideVersionTable(dialect, versionTable).appliedScripts(db);
    if (!applied)
        return applied.error();
    auto rows = VersionTable(dialect, versionTable).currentHeads(db);
    if (!rows)
        return rows.error();
    return findScriptDrift(workspace, *applied, *rows);
}

} // namespace retort
