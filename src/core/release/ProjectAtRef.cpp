// A project's folder at a git ref, extracted with git archive and loaded from the copy.

#include "release/ProjectAtRef.h"

#include "base/Git.h"
#include "project/Project.h"
#include "project/Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

namespace retort {

namespace {

QString firstLine(const QString &text)
{
    return text.trimmed().section(u'\n', 0, 0);
}

} // namespace

Result<ProjectAtRef> loadProjectAt(const QString &projectRoot, const QString &ref)
{
    if (gitExecutable().isEmpty())
        return Error(QStringLiteral("--at %1 needs git, which is not installed").arg(ref));
    if (ref.isEmpty() || ref.startsWith(u'-'))
        return Error(QStringLiteral("'%1' is not a git ref").arg(ref));
    const GitOutput where =
        runGit(projectRoot, {QStringLiteral("rev-parse"), QStringLiteral("--show-toplevel"),
                             QStringLiteral("--show-prefix")});
    if (!where.ok())
        return Error(QStringLiteral("--at %1: the project at %2 is not in a git checkout")
                         .arg(ref, projectRoot));
    const QList<QByteArray> lines = where.out.split('\n');
    const QString top = QString::fromUtf8(lines.value(0)).trimmed();
    const QString prefix = QString::fromUtf8(lines.value(1)).trimmed(); // "db/" or ""

    const GitOutput resolved =
        runGit(projectRoot,
               {QStringLiteral("rev-parse"), QStringLiteral("--verify"), QStringLiteral("--quiet"),
                QStringLiteral("--end-of-options"), ref + QStringLiteral("^{commit}")});
    if (!resolved.ok())
        return Error(
            QStringLiteral("no such ref '%1' in %2 (a tag, a branch or a commit)").arg(ref, top));
    ProjectAtRef out;
    out.ref = ref;
    out.commit = QString::fromLatin1(resolved.out.trimmed());

    const QString treeish =
        prefix.isEmpty() ? out.commit + QStringLiteral("^{tree}")
                         : out.commit + u':' + (prefix.endsWith(u'/') ? prefix.chopped(1) : prefix);
    // From the checkout's top: git archive in a subfolder archives paths relative to it.
    const GitOutput archive =
        runGit(top, {QStringLiteral("archive"), QStringLiteral("--format=tar"), treeish}, 120000);
    if (!archive.ok())
        return Error(
            QStringLiteral("the project folder %1 does not exist at %2 (%3)")
                .arg(prefix.isEmpty() ? QStringLiteral("/") : prefix, ref, firstLine(archive.err)));

    out.folder =
        std::make_shared<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/retort-at-XXXXXX"));
    if (!out.folder->isValid())
        return Error(QStringLiteral("cannot create a temporary folder for %1").arg(ref));
    QProcess tar;
    tar.start(QStringLiteral("tar"),
              {QStringLiteral("-x"), QStringLiteral("-f"), QStringLiteral("-"),
               QStringLiteral("-C"), out.folder->path()});
    if (!tar.waitForStarted())
        return Error(QStringLiteral("cannot run tar to unpack %1").arg(ref));
    tar.write(archive.out);
    tar.closeWriteChannel();
    tar.waitForFinished(120000);
    if (tar.exitStatus() != QProcess::NormalExit || tar.exitCode() != 0)
        return Error(QStringLiteral("cannot unpack the project at %1: %2")
                         .arg(ref, firstLine(QString::fromLocal8Bit(tar.readAllStandardError()))));
    out.projectPath = out.folder->path();

    auto ws = Workspace::load(out.projectPath, projectRoot);
    if (!ws) {
        Error e = ws.error();
        e.message = QStringLiteral("the project at %1: %2").arg(ref, e.message);
        return e;
    }
    out.workspace = std::shared_ptr<const Workspace>(std::move(*ws));
    return out;
}

} // namespace retort
