#include "workflows/AlembicSql.h"

#include "project/Project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace retort {

namespace {

QStringList idList(QStringView side)
{
    QStringList ids;
    for (QStringView id : side.split(u',')) {
        const QStringView t = id.trimmed();
        if (!t.isEmpty())
            ids.append(t.toString());
    }
    return ids;
}

} // namespace

Result<QString> findAlembic(const QString &configured)
{
    QString program = configured;
    if (program.isEmpty())
        program = qEnvironmentVariable("RETORT_ALEMBIC");
    if (program.isEmpty())
        program = QStringLiteral("alembic");
    if (program.contains(u'/')) {
        const QFileInfo info(program);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
        return Error(QStringLiteral("the alembic program '%1' does not exist or is not "
                                    "executable; Alembic revisions need it to render their SQL")
                         .arg(program));
    }
    const QString found = QStandardPaths::findExecutable(program);
    if (found.isEmpty())
        return Error(QStringLiteral("'%1' is not on PATH: applying Alembic (Python) revisions "
                                    "needs the project's alembic command to render their SQL "
                                    "(give its path, e.g. the project's virtualenv "
                                    "bin/alembic, with --alembic PATH or RETORT_ALEMBIC)")
                         .arg(program));
    return found;
}

std::vector<AlembicSqlStep> splitAlembicSql(const QString &output, const QString &versionTable)
{
    static const QRegularExpression header(
        QStringLiteral("^-- Running (upgrade|downgrade) (.*?) -> (.*?)\\s*$"));
    // The version table's statements, its name bare or quoted ("x" or `x`), optionally after a
    // schema, itself bare or quoted, as SQLAlchemy prints them.
    const QString table = QRegularExpression::escape(versionTable);
    const QString part = QStringLiteral(R"((?:\w+|"(?:[^"]|"")+"|`(?:[^`]|``)+`))");
    const QRegularExpression versionStatement(
        QStringLiteral(R"(^(?:INSERT INTO|UPDATE|DELETE FROM|DROP TABLE) (?:%1\.)?)"
                       R"((?:%2|"%2"|`%2`)(?![\w"`]).*;\s*$)")
            .arg(part, table));
    std::vector<AlembicSqlStep> steps;
    QStringList lines;
    auto flush = [&] {
        if (steps.empty())
            return;
        while (!lines.isEmpty() && lines.back().trimmed().isEmpty())
            lines.removeLast();
        while (!lines.isEmpty() && lines.front().trimmed().isEmpty())
            lines.removeFirst();
        steps.back().sql = lines.join(u'\n');
        lines.clear();
    };
    for (QString line : output.split(u'\n')) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        const QRegularExpressionMatch m = header.match(line);
        if (m.hasMatch()) {
            flush();
            AlembicSqlStep step;
            step.direction =
                m.captured(1) == u"upgrade" ? Direction::Upgrade : Direction::Downgrade;
            step.from = idList(m.capturedView(2));
            step.to = idList(m.capturedView(3));
            steps.push_back(std::move(step));
            continue;
        }
        if (steps.empty())
            continue; // the version table's CREATE, BEGIN
        const QString t = line.trimmed();
        if (t == u"BEGIN;" || t == u"COMMIT;" || t == u"BEGIN TRANSACTION;" ||
            versionStatement.match(line).hasMatch())
            continue;
        lines.append(line);
    }
    flush();
    // Blank lines left where statements were dropped: at most one in a row.
    for (AlembicSqlStep &s : steps) {
        static const QRegularExpression blanks(QStringLiteral("\n{3,}"));
        s.sql.replace(blanks, QStringLiteral("\n\n"));
    }
    return steps;
}

QString alembicIniWithUrl(const QString &text, const QString &here, const QString &url)
{
    QStringList out;
    bool inAlembic = false;
    bool replaced = false;
    bool skipContinuation = false;
    for (const QString &raw : text.split(u'\n')) {
        const QString line = raw.trimmed();
        if (skipContinuation && !raw.isEmpty() && raw.front().isSpace() && !line.isEmpty())
            continue;
        skipContinuation = false;
        if (line.startsWith(u'[')) {
            if (inAlembic && !replaced) {
                out.append(QStringLiteral("sqlalchemy.url = ") + url);
                replaced = true;
            }
            inAlembic = line.startsWith(u"[alembic]");
        } else if (inAlembic && line.startsWith(u"sqlalchemy.url")) {
            out.append(QStringLiteral("sqlalchemy.url = ") + url);
            replaced = true;
            skipContinuation = true;
            continue;
        }
        QString copy = raw;
        copy.replace(QStringLiteral("%(here)s"), QString(here).replace(u'%', QStringLiteral("%%")));
        out.append(copy);
    }
    if (inAlembic && !replaced)
        out.append(QStringLiteral("sqlalchemy.url = ") + url);
    return out.join(u'\n');
}

Result<QString> runAlembicOffline(const QString &alembic, const Project &project,
                                  Direction direction, const QString &range, const QString &driver,
                                  int timeoutMs)
{
    if (!project.isAlembic())
        return Error(QStringLiteral("not an Alembic project"), project.file);
    QString ini = project.alembicIni;
    QTemporaryFile temp(QDir::tempPath() + QStringLiteral("/retort-alembic-XXXXXX.ini"));
    if (!driver.isEmpty()) {
        QFile in(project.alembicIni);
        if (!in.open(QIODevice::ReadOnly))
            return Error(QStringLiteral("cannot read: %1").arg(in.errorString()),
                         project.alembicIni);
        const QString url = driver == u"postgresql" ? QStringLiteral("postgresql://")
                            : driver == u"mysql"    ? QStringLiteral("mysql://")
                                                    : QStringLiteral("sqlite://");
        const QString text = alembicIniWithUrl(QString::fromUtf8(in.readAll()),
                                               QFileInfo(project.alembicIni).absolutePath(), url);
        if (!temp.open() || temp.write(text.toUtf8()) < 0 || !temp.flush())
            return Error(
                QStringLiteral("cannot write a temporary alembic.ini: %1").arg(temp.errorString()));
        ini = temp.fileName();
    }
    QProcess process;
    process.setWorkingDirectory(QFileInfo(project.alembicIni).absolutePath());
    const QStringList args{QStringLiteral("-c"), ini,
                           direction == Direction::Upgrade ? QStringLiteral("upgrade")
                                                           : QStringLiteral("downgrade"),
                           range, QStringLiteral("--sql")};
    process.start(alembic, args);
    if (!process.waitForStarted(30000))
        return Error(QStringLiteral("cannot start %1: %2").arg(alembic, process.errorString()));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return Error(
            QStringLiteral("%1 did not finish in %2 s").arg(alembic).arg(timeoutMs / 1000));
    }
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        QString err = QString::fromUtf8(process.readAllStandardError()).trimmed();
        static const QRegularExpression errorLine(QStringLiteral("^ERROR \\[[^\\]]*\\] (.*)$"),
                                                  QRegularExpression::MultilineOption);
        const qsizetype failed = err.lastIndexOf(QStringLiteral("FAILED: "));
        const QRegularExpressionMatch m = errorLine.match(err);
        err = failed >= 0    ? err.mid(failed + 8)
              : m.hasMatch() ? m.captured(1)
                             : err.section(u'\n', -3);
        return Error(QStringLiteral("alembic %1 %2 --sql failed: %3")
                         .arg(args[2], range, err.isEmpty() ? QStringLiteral("no message") : err));
    }
    return out;
}

namespace {

void absorbUpgrades(QHash<QString, RevisionSql> &sql, const QString &output,
                    const QString &versionTable)
{
    for (const AlembicSqlStep &s : splitAlembicSql(output, versionTable)) {
        RevisionSql &r = sql[s.revision()];
        r.upgrade = s.sql;
        r.hasUpgrade = true;
    }
}

} // namespace

Result<QHash<QString, RevisionSql>> renderAllUpgrades(const QString &alembic,
                                                      const Project &project, const QString &driver)
{
    auto up = runAlembicOffline(alembic, project, Direction::Upgrade, QStringLiteral("base:heads"),
                                driver);
    if (!up)
        return up.error();
    QHash<QString, RevisionSql> sql;
    absorbUpgrades(sql, *up, project.versionTable);
    return sql;
}

Result<QHash<QString, RevisionSql>>
renderAllRevisions(const QString &alembic, const Project &project, const QStringList &heads,
                   const std::vector<AlembicRevision> &revisions, const QString &driver)
{
    auto all = renderAllUpgrades(alembic, project, driver);
    QHash<QString, RevisionSql> sql = all ? std::move(*all) : QHash<QString, RevisionSql>();
    if (!all) {
        // Alembic 1.8 can fail on its own version-table upkeep over some graphs with
        // depends_on (SERVICES.md); the SQL of each revision does not depend on the range, so
        // render revision by revision what is still missing.
        for (const AlembicRevision &rev : revisions) {
            if (sql.value(rev.id).hasUpgrade)
                continue;
            const QString parent =
                rev.parents.isEmpty() ? QStringLiteral("base") : rev.parents.front();
            auto one = runAlembicOffline(alembic, project, Direction::Upgrade,
                                         parent + u':' + rev.id, driver);
            if (!one)
                return Error(one.error().message, {}, 0, rev.id);
            absorbUpgrades(sql, *one, project.versionTable);
        }
    }
    // Offline, alembic downgrades from one head at a time: each head's lineage in turn.
    for (const QString &head : heads.isEmpty() ? QStringList{QStringLiteral("heads")} : heads) {
        auto down = runAlembicOffline(alembic, project, Direction::Downgrade,
                                      head + QStringLiteral(":base"), driver);
        if (!down)
            return down.error();
        for (const AlembicSqlStep &s : splitAlembicSql(*down, project.versionTable)) {
            RevisionSql &r = sql[s.revision()];
            if (r.hasDowngrade)
                continue;
            r.downgrade = s.sql;
            r.hasDowngrade = true;
        }
    }
    return sql;
}

Result<Plan> withAlembicSql(const QString &alembic, const Project &project, const Plan &plan,
                            const QString &driver, const QString &rangeHint,
                            std::deque<Script> *storage)
{
    // SQL found so far, by (direction, revision).
    QHash<QString, QString> found;
    auto key = [](Direction d, const QString &rev) {
        return (d == Direction::Upgrade ? QStringLiteral("u:") : QStringLiteral("d:")) + rev;
    };
    auto absorb = [&](const QString &output) {
        for (const AlembicSqlStep &s : splitAlembicSql(output, project.versionTable))
            if (!s.revision().isEmpty())
                found.insert(key(s.direction, s.revision()), s.sql);
    };
    if (!rangeHint.isEmpty()) {
        auto out = runAlembicOffline(alembic, project, plan.direction, rangeHint, driver);
        if (out)
            absorb(*out); // else: fall back to one run per step
    }
    Plan result = plan;
    for (PlanStep &step : result.steps) {
        if (step.stamp || !step.script || !step.script->isPython())
            continue;
        const QString k = key(step.direction, step.revision);
        if (!found.contains(k)) {
            const QString parent = step.script->downRevisions.isEmpty()
                                       ? QStringLiteral("base")
                                       : step.script->downRevisions.front();
            const QString range = step.direction == Direction::Upgrade
                                      ? parent + u':' + step.revision
                                      : step.revision + u':' + parent;
            auto out = runAlembicOffline(alembic, project, step.direction, range, driver);
            if (!out)
                return Error(out.error().message, step.script->path, 0, step.revision);
            absorb(*out);
            if (!found.contains(k))
                return Error(QStringLiteral("alembic %1 %2 --sql printed no step for %3")
                                 .arg(step.direction == Direction::Upgrade
                                          ? QStringLiteral("upgrade")
                                          : QStringLiteral("downgrade"),
                                      range, step.revision),
                             step.script->path, 0, step.revision);
        }
        Script rendered = *step.script;
        rendered.language = ScriptLanguage::Sql;
        rendered.pythonText.clear();
        ScriptSection section;
        section.sql = found.value(k);
        section.firstLine = 1; // lines of the rendered SQL
        if (step.direction == Direction::Upgrade)
            rendered.upgrade = section;
        else
            rendered.downgrade = section;
        storage->push_back(std::move(rendered));
        step.script = &storage->back();
    }
    return result;
}

} // namespace retort
