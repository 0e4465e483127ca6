#include "audit/EditedScripts.h"

#include "db/Migrator.h"
#include "db/VersionTable.h"
#include "db/Connection.h"
#include "project/Workspace.h"

#include <QDir>

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

// A shortest edit script by dynamic programming on the longest common subsequence. Scripts are
// small; beyond a few million cells the middle is shown as one replacement.
std::vector<Edit> diffLines(const QStringList &a, const QStringList &b)
{
    // Common prefix and suffix first: edits are usually local.
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const qsizetype n = a.size() - prefix - suffix;
    const qsizetype m = b.size() - prefix - suffix;

    std::vector<Edit> edits;
    for (qsizetype i = 0; i < prefix; ++i)
        edits.push_back({' ', a[i], int(i + 1), int(i + 1)});

    if (n * m <= 4'000'000) {
        // lcs[i][j]: LCS length of a[prefix+i..] and b[prefix+j..]
        std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                lcs[size_t(i)][size_t(j)] =
                    a[prefix + i] == b[prefix + j]
                        ? lcs[size_t(i + 1)][size_t(j + 1)] + 1
                        : std::max(lcs[size_t(i + 1)][size_t(j)], lcs[size_t(i)][size_t(j + 1)]);
        qsizetype i = 0, j = 0;
        while (i < n || j < m) {
            const int ai = int(prefix + i + 1), bj = int(prefix + j + 1);
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                edits.push_back({' ', a[prefix + i], ai, bj});
                ++i;
                ++j;
            } else if (j < m &&
                       (i == n || lcs[size_t(i)][size_t(j + 1)] >= lcs[size_t(i + 1)][size_t(j)])) {
                edits.push_back({'+', b[prefix + j], ai, bj});
                ++j;
            } else {
                edits.push_back({'-', a[prefix + i], ai, bj});
                ++i;
            }
        }
        // Show removals before additions inside each changed run, as diff -u does.
        for (size_t k = 0; k < edits.size();) {
            if (edits[k].op == ' ') {
                ++k;
                continue;
            }
            size_t end = k;
            while (end < edits.size() && edits[end].op != ' ')
                ++end;
            std::stable_partition(edits.begin() + qsizetype(k), edits.begin() + qsizetype(end),
                                  [](const Edit &e) { return e.op == '-'; });
            k = end;
        }
    } else {
        for (qsizetype i = 0; i < n; ++i)
            edits.push_back({'-', a[prefix + i], int(prefix + i + 1), int(prefix + 1)});
        for (qsizetype j = 0; j < m; ++j)
            edits.push_back({'+', b[prefix + j], int(prefix + n + 1), int(prefix + j + 1)});
    }
    for (qsizetype k = 0; k < suffix; ++k)
        edits.push_back({' ', a[prefix + n + k], 0, 0});
    // Number the lines in the final order (removals were moved before additions).
    int ai = 1, bj = 1;
    for (Edit &e : edits) {
        e.beforeLine = ai;
        e.afterLine = bj;
        if (e.op != '+')
            ++ai;
        if (e.op != '-')
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
    if (sqliteDatabaseMissing(env))
        return std::vector<ScriptDrift>();
    const Result<Dialect> dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return dialect.error();
    ScopedConnection conn;
    if (Status st = conn.open(env, true, secrets); !st)
        return st.error();
    const QSqlDatabase db = conn.db();
    const TableName versionTable = workspace.project().versionTableName();
    auto applied = AuditTrail::besideVersionTable(*dialect, versionTable).appliedScripts(db);
    if (!applied)
        return applied.error();
    auto rows = VersionTable(*dialect, versionTable).currentHeads(db);
    if (!rows)
        return rows.error();
    return findScriptDrift(workspace, *applied, *rows);
}

} // namespace retort
