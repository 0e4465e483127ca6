#include "workflows/Convert.h"

#include "project/ProjectWriter.h"
#include "project/Workspace.h"
#include "scripts/ScriptParser.h"
#include "scripts/ScriptWriter.h"
#include "workflows/AlembicSql.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace retort {

namespace {

// The script's create date as Alembic writes it, else the file's time.
QDateTime createdOf(const Script &py)
{
    QDateTime created =
        QDateTime::fromString(py.createDate.left(23), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    if (!created.isValid())
        created =
            QDateTime::fromString(py.createDate.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!created.isValid())
        created = QFileInfo(py.path).lastModified();
    return created;
}

NewRevision nativeRevision(const Revision &r, const RevisionSql &rs)
{
    const Script &py = *r.script;
    NewRevision nr;
    nr.id = r.id;
    nr.message = py.message.simplified();
    nr.parents = py.downRevisions;
    nr.branchLabels = py.branchLabels;
    nr.dependsOn = py.dependsOn;
    nr.created = createdOf(py);
    nr.upgradeSql = rs.upgrade.isEmpty()
                        ? QStringLiteral("-- (alembic rendered no SQL for this upgrade)")
                        : rs.upgrade;
    nr.downgradeSql = !rs.hasDowngrade ? QStringLiteral("-- (alembic rendered no downgrade)")
                      : rs.downgrade.isEmpty()
                          ? QStringLiteral("-- (alembic rendered no SQL for this downgrade)")
                          : rs.downgrade;
    return nr;
}

Status writeNew(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) || f.write(bytes) != bytes.size())
        return Error(QStringLiteral("cannot write: %1").arg(f.errorString()), path);
    return {};
}

// One .sql per revision, named as its .py (the load order stays the same). Returns how many.
Result<int> writeScripts(const RevisionGraph &g, const QHash<QString, RevisionSql> &sql,
                         const QString &versions)
{
    int written = 0;
    for (const Revision &r : g.revisions()) {
        const Script &py = *r.script;
        const RevisionSql rs = sql.value(r.id);
        if (!rs.hasUpgrade)
            return Error(QStringLiteral("alembic rendered no upgrade step for %1").arg(r.id),
                         py.path, 0, r.id);
        QString name = py.fileName;
        name.chop(3);
        const QString path = QDir(versions).absoluteFilePath(name + QStringLiteral(".sql"));
        const QByteArray bytes = renderRevision(nativeRevision(r, rs)).toUtf8();
        if (auto parsed = parseScript(path, bytes); !parsed)
            return Error(QStringLiteral("cannot convert: %1").arg(parsed.error().message), py.path,
                         0, r.id);
        if (auto st = writeNew(path, bytes); !st)
            return st.error();
        ++written;
    }
    return written;
}

// retort.toml: the project's name, version table (and its schema) and environments (no
// secrets).
Status writeProjectFile(const Project &project, const QDir &outDir)
{
    QString toml =
        QStringLiteral("# Converted from %1 by retort-cli convert.\n"
                       "# No secrets here: Retort keeps passwords in the OS keychain.\n\n"
                       "[project]\nname = %2\nscripts = \"versions\"\n"
                       "version_table = %3\n")
            .arg(project.alembicIni, tomlString(project.name), tomlString(project.versionTable));
    if (!project.versionTableSchema.isEmpty())
        toml += QStringLiteral("version_table_schema = %1\n")
                    .arg(tomlString(project.versionTableSchema));
    QByteArray tomlBytes = toml.toUtf8();
    const QString tomlPath = outDir.absoluteFilePath(Project::fileName.toString());
    for (const Environment &env : project.environments) {
        auto next = withEnvironment(tomlBytes, tomlPath, {}, specOf(env, outDir.absolutePath()));
        if (!next)
            return next.error();
        tomlBytes = *next;
    }
    return writeNew(tomlPath, tomlBytes);
}

} // namespace

Result<ConvertOutcome> convertAlembicProject(const Workspace &workspace,
                                             const ConvertRequest &request)
{
    const Project &project = workspace.project();
    const RevisionGraph &g = workspace.graph();
    if (!project.isAlembic())
        return Error(QStringLiteral("%1 is already a native Retort project").arg(project.file));
    const QDir outDir(QDir(request.outDir).absolutePath());
    const QString versions = outDir.absoluteFilePath(QStringLiteral("versions"));
    if (QFileInfo::exists(outDir.absoluteFilePath(Project::fileName.toString())) ||
        (QFileInfo(versions).isDir() && !QDir(versions).isEmpty()))
        return Error(QStringLiteral("%1 already holds a project; give an empty folder")
                         .arg(outDir.absolutePath()));
    auto alembic = findAlembic(request.alembicProgram);
    if (!alembic)
        return alembic.error();
    QString dialect = request.driver;
    if (dialect.isEmpty())
        dialect = project.environments.empty() ? QString() : project.environments.front().driver;
    std::vector<AlembicRevision> revisions;
    for (const Revision &r : g.revisions())
        revisions.push_back({r.id, r.script->downRevisions});
    auto sql = renderAllRevisions(*alembic, project, g.ids(g.heads()), revisions, dialect);
    if (!sql)
        return sql.error();
    if (!outDir.mkpath(QStringLiteral("versions")))
        return Error(QStringLiteral("cannot create the folder"), versions);
    auto written = writeScripts(g, *sql, versions);
    if (!written)
        return written.error();
    if (auto st = writeProjectFile(project, outDir); !st)
        return st.error();
    if (auto check = Workspace::load(outDir.absolutePath());
        !check || !(*check)->problems().empty())
        return Error(
            QStringLiteral("the converted project does not load cleanly: %1")
                .arg(check ? (*check)->problems().front().toString() : check.error().toString()));
    return ConvertOutcome{outDir.absolutePath(), *written};
}

} // namespace retort
