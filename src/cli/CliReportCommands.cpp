// retort-cli report: the release report of an environment (release/ReleaseReport.h) as Markdown,
// HTML or JSON, on standard output or into a file.

#include "Cli.h"
#include "CliOptions.h"
#include "project/Workspace.h"
#include "release/ReleaseReport.h"

#include <QDir>
#include <QSaveFile>

namespace retort {

Status Cli::cmdReport(const CommandArgs &args)
{
    if (!args.operands().isEmpty())
        return Error(QStringLiteral("report takes no operand: give the target as --target REV"));
    const QString formatName = args.value("--format");
    const auto format =
        reportFormatFromName(formatName.isEmpty() ? QStringLiteral("md") : formatName);
    if (!format)
        return Error(QStringLiteral("--format takes md, html or json, not '%1'").arg(formatName));
    // `report --env production` reads as the issue writes it; the global --env works too.
    if (const QString env = args.value("--env"); !env.isEmpty())
        m_opt->env = env;
    if (auto st = loadWorkspace(true); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();

    ReleaseReportOptions options;
    const QString target = args.value("--target");
    if (!target.isEmpty())
        options.target = target;
    if (const QString against = args.value("--against"); !against.isEmpty()) {
        auto other = m_ws->environment(against);
        if (!other)
            return other.error();
        if ((*other)->name == (*env)->name)
            return Error(
                QStringLiteral("--against names %1 itself: give another environment").arg(against));
        options.against = **other;
        options.againstSecrets = secretsFor(**other);
    }
    if (const Environment *scratch = m_ws->project().scratchEnvironment();
        scratch && (*env)->driver != u"sqlite")
        options.scratchSecrets = secretsFor(*scratch);
    if (!m_opt->backupDir.isEmpty())
        options.backupFolder = QDir(m_opt->backupDir).absolutePath();
    options.alembicProgram = args.value("--alembic");

    auto report = buildReleaseReport(*m_ws, **env, secretsFor(**env), options);
    if (!report)
        return report.error();
    const QByteArray bytes = renderReport(*report, *format);
    const QString file = args.value("--out");
    if (file.isEmpty()) {
        m_out << QString::fromUtf8(bytes);
        return {};
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Error(QStringLiteral("cannot write %1: %2").arg(file, out.errorString()));
    m_err << "Wrote the release report of " << (*env)->name << " to " << file << "\n";
    return {};
}

} // namespace retort
