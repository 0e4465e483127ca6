// The revision ↔ commit ↔ release map: three git runs, whatever the number of revisions.

#include "release/GitReleases.h"

#include "base/Git.h"
#include "project/Workspace.h"

#include <QCollator>
#include <QDir>
#include <QFileInfo>
#include <QFuture>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace retort {

namespace {

constexpr char kRecord = '\x1e';
constexpr char kField = '\x1f';

// git's error, in one line, for `unavailable`.
QString gitError(const GitOutput &out, const QString &what)
{
    if (!out.started)
        return QStringLiteral("git is not installed");
    if (out.timedOut)
        return QStringLiteral("git %1 took too long").arg(what);
    const QString first = out.err.trimmed().section(u'\n', 0, 0);
    return QStringLiteral("git %1 failed: %2")
        .arg(what, first.isEmpty() ? QStringLiteral("?") : first);
}

// A path as git prints it: "dir/file", or C-quoted ("dir/\"odd\".sql") for unusual names.
QString unquotePath(const QByteArray &raw)
{
    if (raw.size() < 2 || !raw.startsWith('"') || !raw.endsWith('"'))
        return QString::fromUtf8(raw);
    QByteArray out;
    for (qsizetype i = 1; i + 1 < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\\' && i + 2 < raw.size()) {
            const char n = raw[++i];
            if (n >= '0' && n <= '7' && i + 2 < raw.size()) { // \ooo: a byte in octal
                out.append(char(raw.mid(i, 3).toInt(nullptr, 8)));
                i += 2;
                continue;
            }
            c = n == 'n' ? '\n' : n == 't' ? '\t' : n;
        }
        out.append(c);
    }
    return QString::fromUtf8(out);
}

struct Added {
    QString commit;
    QString author;
    QString email;
    QDateTime date;
    QString subject;
};

// Reads one `git log --name-status` output (records: \x1e then the format's fields, then the
// A/R lines) into `addedBy`, oldest commit first: a path keeps its first adding commit, and a
// rename carries it to the new path. Paths are relative to the checkout (`relativeTo` is put
// back in front when the log ran with --relative).
void readAdded(const QByteArray &out, const QString &relativeTo, QHash<QString, Added> &addedBy)
{
    for (const QByteArray &record : out.split(kRecord)) {
        if (record.trimmed().isEmpty())
            continue;
        const qsizetype eol = record.indexOf('\n');
        if (eol < 0)
            continue; // a commit that adds nothing here
        const QList<QByteArray> fields = record.left(eol).split(kField);
        if (fields.size() < 5)
            continue;
        const Added a{QString::fromLatin1(fields[0]), QString::fromUtf8(fields[1]),
                      QString::fromUtf8(fields[2]),
                      QDateTime::fromString(QString::fromLatin1(fields[3]), Qt::ISODate).toUTC(),
                      QString::fromUtf8(fields[4])};
        for (const QByteArray &line : record.mid(eol + 1).split('\n')) {
            const QList<QByteArray> parts = line.split('\t');
            if (parts.size() < 2)
                continue;
            if (parts[0] == "A") {
                const QString path = relativeTo + unquotePath(parts[1]);
                if (!addedBy.contains(path))
                    addedBy.insert(path, a);
            } else if (parts[0].startsWith('R') && parts.size() >= 3) {
                const QString from = relativeTo + unquotePath(parts[1]);
                const QString to = relativeTo + unquotePath(parts[2]);
                addedBy.insert(to, addedBy.contains(from) ? addedBy.take(from) : a);
            }
        }
    }
}

} // namespace

const RevisionOrigin *ReleaseMap::origin(const QString &revision) const
{
    const auto it = origins.constFind(revision);
    return it == origins.constEnd() ? nullptr : &*it;
}

int ReleaseMap::tagIndex(const QString &tag) const
{
    for (size_t i = 0; i < tags.size(); ++i)
        if (tags[i].name == tag)
            return int(i);
    return -1;
}

ReleaseMap readReleaseMap(const Workspace &ws, const CancelToken *cancel)
{
    ReleaseMap map;
    const QString projectRoot = ws.project().root;
    if (gitExecutable().isEmpty()) {
        map.unavailable = QStringLiteral("git is not installed");
        return map;
    }
    const GitOutput top =
        runGit(projectRoot, {QStringLiteral("rev-parse"), QStringLiteral("--show-toplevel"),
                             QStringLiteral("--is-shallow-repository")});
    if (!top.ok()) {
        map.unavailable = top.err.contains(u"not a git repository")
                              ? QStringLiteral("the project is not in a git checkout")
                              : gitError(top, QStringLiteral("rev-parse"));
        return map;
    }
    const QList<QByteArray> lines = top.out.trimmed().split('\n');
    map.repositoryRoot = QString::fromUtf8(lines.value(0)).trimmed();
    if (lines.value(1).trimmed() == "true") {
        map.unavailable = QStringLiteral("the checkout is shallow, so the commits and tags "
                                         "before its cut are unknown (git fetch --unshallow "
                                         "reads them)");
        map.repositoryRoot.clear();
        return map;
    }

    // The scripts, by their path relative to the checkout (as git log prints them).
    const QDir root(map.repositoryRoot);
    QHash<QString, QString> revisionOfPath;
    QStringList folders;
    for (const Script &s : ws.scripts()) {
        QString canonical = QFileInfo(s.path).canonicalFilePath();
        if (canonical.isEmpty())
            canonical = s.path;
        const QString rel = root.relativeFilePath(canonical);
        if (rel.startsWith(QLatin1String("../")))
            continue; // outside the checkout (a symlinked folder): no history here
        revisionOfPath.insert(rel, s.revision);
        const QString folder = QFileInfo(rel).path();
        if (!folders.contains(folder))
            folders.append(folder);
    }
    if (revisionOfPath.isEmpty())
        return map;
    if (cancel && cancel->isCancelled())
        return map;

    // 1. Which commit added each script: git log over the scripts' folders, oldest first, with
    //    renames followed so that a moved script keeps its first commit. Most of its time is the
    //    diff of each commit's scripts folder (a flat folder of N scripts costs O(N) per
    //    commit), so a long history is cut into slices along the first-parent chain, logged in
    //    parallel and read back oldest slice first: slice i is ancestors(C_i) minus
    //    ancestors(C_i-1), so no commit of a slice descends from a commit of a later one.
    QStringList ranges{QStringLiteral("HEAD")};
    const GitOutput chain = runGit(
        map.repositoryRoot,
        {QStringLiteral("rev-list"), QStringLiteral("--first-parent"), QStringLiteral("HEAD")},
        120000);
    if (!chain.ok()) {
        // A repository without any commit yet is a checkout with no history: nothing is known.
        if (chain.err.contains(u"does not have any commits") ||
            chain.err.contains(u"bad revision") || chain.err.contains(u"unknown revision"))
            return map;
        map.unavailable = gitError(chain, QStringLiteral("rev-list"));
        return map;
    }
    {
        const QList<QByteArray> firstParents = chain.out.trimmed().split('\n'); // newest first
        const int slices =
            firstParents.size() < 2000 ? 1 : std::clamp(QThread::idealThreadCount(), 1, 4);
        QStringList cuts; // oldest first
        for (int j = 1; j < slices; ++j)
            cuts.append(QString::fromLatin1(
                firstParents[qsizetype(firstParents.size()) * (slices - j) / slices]));
        ranges.clear();
        for (int j = 0; j <= cuts.size(); ++j) {
            QString tip = j < cuts.size() ? cuts[j] : QStringLiteral("HEAD");
            ranges.append(j == 0 ? tip : tip + QStringLiteral(" ^") + cuts[j - 1]);
        }
    }
    // One folder (the usual case): --relative limits the diff to it without the pathspec's
    // per-commit history simplification, which doubles the cost. Several: a pathspec.
    QStringList logArgs{QStringLiteral("-c"),
                        QStringLiteral("core.quotePath=false"),
                        QStringLiteral("log"),
                        QStringLiteral("--reverse"),
                        QStringLiteral("--no-merges"),
                        QStringLiteral("--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s"),
                        QStringLiteral("--name-status"),
                        QStringLiteral("-M"),
                        QStringLiteral("--diff-filter=AR")};
    const bool oneFolder = folders.size() == 1 && folders.front() != u".";
    if (oneFolder)
        logArgs.append(QStringLiteral("--relative=") + folders.front() + u'/');
    std::vector<QFuture<GitOutput>> logs;
    for (const QString &range : ranges) {
        QStringList args = logArgs;
        args.append(range.split(u' '));
        if (!oneFolder) {
            args.append(QStringLiteral("--"));
            for (const QString &f : folders)
                args.append(QStringLiteral(":(literal)") + f);
        }
        const QString dir = map.repositoryRoot;
        logs.push_back(QtConcurrent::run([dir, args] { return runGit(dir, args, 120000); }));
    }
    const QString relativeTo = oneFolder ? folders.front() + u'/' : QString();
    QHash<QString, Added> addedBy; // path → its first commit
    for (QFuture<GitOutput> &future : logs) {
        const GitOutput log = future.result();
        if (!log.ok()) {
            map.unavailable = gitError(log, QStringLiteral("log"));
            return map;
        }
        readAdded(log.out, relativeTo, addedBy);
    }
    if (cancel && cancel->isCancelled())
        return map;

    // 2. The tags, with the commits they point at, oldest first.
    const GitOutput refs =
        runGit(map.repositoryRoot,
               {QStringLiteral("for-each-ref"),
                QStringLiteral("--format=%(refname:short)%1f%(objecttype)%1f%(objectname)%1f"
                               "%(*objecttype)%1f%(*objectname)%1f%(creatordate:iso-strict)"),
                QStringLiteral("refs/tags")});
    if (!refs.ok()) {
        map.unavailable = gitError(refs, QStringLiteral("for-each-ref"));
        return map;
    }
    for (const QByteArray &line : refs.out.split('\n')) {
        const QList<QByteArray> f = line.split(kField);
        if (f.size() < 6)
            continue;
        ReleaseTag t;
        t.name = QString::fromUtf8(f[0]);
        if (f[1] == "commit")
            t.commit = QString::fromLatin1(f[2]);
        else if (f[1] == "tag" && f[3] == "commit")
            t.commit = QString::fromLatin1(f[4]);
        else
            continue; // a tag of a tree or a blob is no release
        t.date = QDateTime::fromString(QString::fromLatin1(f[5]), Qt::ISODate).toUTC();
        map.tags.push_back(t);
    }
    QCollator numeric;
    numeric.setNumericMode(true);
    std::stable_sort(map.tags.begin(), map.tags.end(),
                     [&](const ReleaseTag &a, const ReleaseTag &b) {
                         if (a.date != b.date)
                             return a.date < b.date;
                         return numeric.compare(a.name, b.name) < 0;
                     });

    // 3. The oldest tag containing each commit: the commit graph under the tags, once, then each
    //    tag in order marks the commits it reaches that no older tag reached.
    QHash<QString, int> firstTag; // commit → index into map.tags
    if (!map.tags.empty()) {
        QStringList revListArgs{QStringLiteral("rev-list"), QStringLiteral("--parents")};
        QSet<QString> seen;
        for (const ReleaseTag &t : map.tags)
            if (!seen.contains(t.commit)) {
                seen.insert(t.commit);
                revListArgs.append(t.commit);
            }
        if (cancel && cancel->isCancelled())
            return map;
        const GitOutput revs = runGit(map.repositoryRoot, revListArgs, 120000);
        if (!revs.ok()) {
            map.unavailable = gitError(revs, QStringLiteral("rev-list"));
            return map;
        }
        QHash<QByteArray, int> index;
        std::vector<std::vector<int>> parents;
        std::vector<QByteArray> hashes;
        auto idOf = [&](const QByteArray &h) {
            auto it = index.constFind(h);
            if (it != index.constEnd())
                return *it;
            const int i = int(hashes.size());
            index.insert(h, i);
            hashes.push_back(h);
            parents.emplace_back();
            return i;
        };
        for (const QByteArray &line : revs.out.split('\n')) {
            const QList<QByteArray> h = line.trimmed().split(' ');
            if (h.isEmpty() || h[0].isEmpty())
                continue;
            const int c = idOf(h[0]);
            for (qsizetype i = 1; i < h.size(); ++i) {
                const int p = idOf(h[i]);
                parents[size_t(c)].push_back(p);
            }
        }
        std::vector<int> mark(hashes.size(), -1);
        std::vector<int> stack;
        for (size_t t = 0; t < map.tags.size(); ++t) {
            const auto start = index.constFind(map.tags[t].commit.toLatin1());
            if (start == index.constEnd() || mark[size_t(*start)] >= 0)
                continue;
            stack.assign(1, *start);
            mark[size_t(*start)] = int(t);
            while (!stack.empty()) {
                const int c = stack.back();
                stack.pop_back();
                for (int p : parents[size_t(c)])
                    if (mark[size_t(p)] < 0) {
                        mark[size_t(p)] = int(t);
                        stack.push_back(p);
                    }
            }
        }
        for (size_t i = 0; i < hashes.size(); ++i)
            if (mark[i] >= 0)
                firstTag.insert(QString::fromLatin1(hashes[i]), mark[i]);
    }

    for (auto it = revisionOfPath.constBegin(); it != revisionOfPath.constEnd(); ++it) {
        const auto added = addedBy.constFind(it.key());
        if (added == addedBy.constEnd())
            continue; // not committed
        RevisionOrigin o;
        o.commit = added->commit;
        o.author = added->author;
        o.email = added->email;
        o.date = added->date;
        o.subject = added->subject;
        const int t = firstTag.value(o.commit, -1);
        if (t >= 0)
            o.release = map.tags[size_t(t)].name;
        map.origins.insert(it.value(), o);
    }
    return map;
}

EnvironmentRelease environmentRelease(const ReleaseMap &map, const QSet<QString> &applied)
{
    EnvironmentRelease out;
    if (map.tags.empty())
        return out;
    // The oldest release with a revision not applied: every release before it is complete.
    int blocked = int(map.tags.size());
    for (auto it = map.origins.constBegin(); it != map.origins.constEnd(); ++it) {
        if (it->release.isEmpty() || applied.contains(it.key()))
            continue;
        blocked = std::min(blocked, map.tagIndex(it->release));
    }
    // Nothing of the project applied at all, and the oldest release has revisions: before it.
    const int at = blocked - 1;
    if (at >= 0)
        out.release = map.tags[size_t(at)].name;
    for (auto it = map.origins.constBegin(); it != map.origins.constEnd(); ++it) {
        const int r = it->release.isEmpty() ? int(map.tags.size()) : map.tagIndex(it->release);
        if (applied.contains(it.key()) && r > at)
            out.beyond.append(it.key());
    }
    // Applied revisions git does not know (uncommitted scripts) are beyond any release too.
    for (const QString &id : applied)
        if (!map.origins.contains(id))
            out.beyond.append(id);
    out.beyond.sort();
    return out;
}

QString EnvironmentRelease::describe(const ReleaseMap &map) const
{
    if (!map.available() || map.tags.empty())
        return QStringLiteral("no release");
    QString text =
        release.isEmpty() ? QStringLiteral("before %1").arg(map.tags.front().name) : release;
    if (!beyond.isEmpty())
        text += QStringLiteral(" + %1").arg(beyond.size());
    return text;
}

} // namespace retort
