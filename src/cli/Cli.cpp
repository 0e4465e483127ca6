#include "Cli.h"

#include "CliOptions.h"
#include "project/Workspace.h"
#include "release/ProjectAtRef.h"

#include <QDir>
#include <QFileInfo>

namespace retort {

Cli::Cli(QTextStream &out, QTextStream &err) : m_out(out), m_err(err), m_opt(new CliOptions) {}

Cli::~Cli() = default;

int Cli::run(const QStringList &args)
{
    const CommandLine line = parseCommandLine(args, *m_opt);
    switch (line.action) {
    case CommandLine::Action::Help:
        m_out << usageText();
        return 0;
    case CommandLine::Action::Version:
        m_out << "retort-cli " << RETORT_VERSION << "\n";
        return 0;
    case CommandLine::Action::Refuse:
        if (!line.failure.isEmpty())
            m_err << "FAILED: " << line.failure << "\n";
        if (line.withUsage)
            m_err << usageText();
        return 2;
    case CommandLine::Action::Run:
        break;
    }
    const Status st = dispatch(line.command, line.args);
    m_out.flush();
    if (!st) {
        // Messages that already name their file (statement errors) are printed as they are.
        const Error &e = st.error();
        const bool named = !e.file.isEmpty() && e.message.contains(QFileInfo(e.file).fileName());
        m_err << "FAILED: " << (named ? e.message : e.toString()) << "\n";
        m_err.flush();
        return m_failureCode;
    }
    if (!m_incomplete.isEmpty()) {
        m_err << "INCOMPLETE: the project is incomplete (" << m_incomplete
              << "): only what could be placed in the graph is shown; see 'retort-cli check'\n";
        m_err.flush();
        return kExitIncomplete;
    }
    return m_exitCode;
}

void Cli::noteIfIncomplete()
{
    if (m_ws && !m_ws->isComplete())
        m_incomplete = m_ws->incompleteSummary();
}

Status Cli::dispatch(const QString &command, QStringList args)
{
    // The code of each command of commandTable(); the table says what it accepts.
    using Handler = Status (*)(Cli &, const CommandArgs &);
    static const std::pair<const char *, Handler> handlers[] = {
        {"init", [](Cli &c, const CommandArgs &a) { return c.cmdInit(a); }},
        {"revision", [](Cli &c, const CommandArgs &a) { return c.cmdRevision(a, false); }},
        {"merge", [](Cli &c, const CommandArgs &a) { return c.cmdRevision(a, true); }},
        {"upgrade", [](Cli &c, const CommandArgs &a) { return c.cmdUpgradeDowngrade(a, true); }},
        {"downgrade", [](Cli &c, const CommandArgs &a) { return c.cmdUpgradeDowngrade(a, false); }},
        {"stamp", [](Cli &c, const CommandArgs &a) { return c.cmdStamp(a); }},
        {"current", [](Cli &c, const CommandArgs &a) { return c.cmdCurrent(a); }},
        {"history", [](Cli &c, const CommandArgs &a) { return c.cmdHistory(a); }},
        {"heads", [](Cli &c, const CommandArgs &a) { return c.cmdHeads(a); }},
        {"branches", [](Cli &c, const CommandArgs &a) { return c.cmdBranches(a); }},
        {"show", [](Cli &c, const CommandArgs &a) { return c.cmdShow(a); }},
        {"check", [](Cli &c, const CommandArgs &a) { return c.cmdCheck(a); }},
        {"status", [](Cli &c, const CommandArgs &a) { return c.cmdStatus(a); }},
        {"schema", [](Cli &c, const CommandArgs &a) { return c.cmdSchema(a); }},
        {"diff", [](Cli &c, const CommandArgs &a) { return c.cmdDiff(a); }},
        {"password", [](Cli &c, const CommandArgs &a) { return c.cmdPassword(a); }},
        {"log", [](Cli &c, const CommandArgs &a) { return c.cmdLog(a); }},
        {"report", [](Cli &c, const CommandArgs &a) { return c.cmdReport(a); }},
        {"backup", [](Cli &c, const CommandArgs &a) { return c.cmdBackup(a); }},
        {"convert", [](Cli &c, const CommandArgs &a) { return c.cmdConvert(a); }},
        {"lint", [](Cli &c, const CommandArgs &a) { return c.cmdLint(a); }},
    };
    if (command == u"diff")
        m_failureCode = 2; // as diff(1): 1 means "different"
    // --at reads the project from git: a command that writes scripts has nowhere to write.
    static const char *const writesScripts[] = {"init", "revision", "merge", "convert"};
    if (!m_opt->atRef.isEmpty())
        for (const char *name : writesScripts)
            if (command == QLatin1String(name))
                return Error(QStringLiteral("%1: --at reads an older version; nothing can be "
                                            "written to it")
                                 .arg(command));
    if (findCommand(command))
        for (const auto &[name, handler] : handlers)
            if (command == QLatin1String(name)) {
                auto parsed = parseCommandArgs(command, std::move(args));
                if (!parsed)
                    return parsed.error();
                return handler(*this, *parsed);
            }
    return Error(QStringLiteral("unknown command '%1' (see retort-cli --help)").arg(command));
}

Status Cli::loadWorkspace(bool requireValidGraph)
{
    QString dir = m_opt->projectDir;
    if (dir.isEmpty()) {
        dir = Project::findUpwards(QDir::currentPath());
        if (dir.isEmpty())
            return Error(QStringLiteral("no retort.toml or alembic.ini here or in any parent "
                                        "folder; give --project DIR or create one with "
                                        "'retort-cli init DIR'"));
    }
    if (!m_opt->atRef.isEmpty()) {
        // The project as it was at the ref; the real folder is where its SQLite files are.
        const QFileInfo info(dir);
        auto at = loadProjectAt(info.isDir() ? info.absoluteFilePath() : info.absolutePath(),
                                m_opt->atRef);
        if (!at)
            return at.error();
        m_atRef = std::make_unique<ProjectAtRef>(std::move(*at));
        // Workspaces are immutable after load; the non-const pointer is what run sessions share.
        m_ws = std::const_pointer_cast<Workspace>(m_atRef->workspace);
    } else {
        auto ws = Workspace::load(dir);
        if (!ws)
            return ws.error();
        m_ws = std::move(*ws);
    }
    const auto &problems = m_ws->problems();
    if (!problems.empty()) {
        if (requireValidGraph) {
            QStringList lines;
            for (const Error &e : problems)
                lines.append(e.toString());
            return Error(QStringLiteral("the project has %1 problem(s); fix them first (see "
                                        "'retort-cli check'):\n  %2")
                             .arg(problems.size())
                             .arg(lines.join(QStringLiteral("\n  "))));
        }
        for (const Error &e : problems)
            m_err << "warning: " << e.toString() << "\n";
        m_err.flush();
    }
    return {};
}

Result<const Environment *> Cli::environment() const
{
    if (isFleetSelector(m_opt->env)) {
        auto selected = m_ws->project().selectEnvironments(m_opt->env);
        if (!selected)
            return selected.error();
        if (selected->size() != 1)
            return Error(QStringLiteral("--env %1 selects %2 environments; only status, upgrade "
                                        "and downgrade run on more than one: name one "
                                        "environment")
                             .arg(m_opt->env)
                             .arg(selected->size()));
        return selected->front();
    }
    return m_ws->environment(m_opt->env);
}

} // namespace retort
