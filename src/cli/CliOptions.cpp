#include "CliOptions.h"

#include <QRegularExpression>

#include <algorithm>

namespace retort {

namespace {

using Kind = OptionKind;
using Scope = OptionScope;

template <QString CliOptions::*field> Status storeText(CliOptions &o, const QString &v)
{
    o.*field = v;
    return {};
}

template <bool CliOptions::*field> Status setFlag(CliOptions &o, const QString &)
{
    o.*field = true;
    return {};
}

Status lockTimeout(CliOptions &o, const QString &v)
{
    bool ok = true;
    o.lockTimeoutS = v.toInt(&ok);
    if (!ok || o.lockTimeoutS < 0)
        return Error(QStringLiteral("--lock-timeout takes a number of seconds"));
    return {};
}

// clang-format off
const OptionSpec kOptions[] = {
    // Run options: anywhere on the line.
    {.names = "--lock-timeout", .kind = Kind::Value, .scope = Scope::Run, .value = "S",
     .apply = lockTimeout,
     .help = "runs wait this long for another runner's lock (default 60)"},
    {.names = "--override-preflight", .kind = Kind::Value, .scope = Scope::Run, .value = "REASON",
     .apply = storeText<&CliOptions::overrideReason>,
     .help = "run a protected environment despite failed pre-flight checks (recorded)"},
    {.names = "--backup-dir", .kind = Kind::Value, .scope = Scope::Run, .value = "DIR",
     .apply = storeText<&CliOptions::backupDir>,
     .help = "backups go here instead of <project>/.retort/backups/<env>"},
    {.names = "--no-backup", .scope = Scope::Run,
     .apply = setFlag<&CliOptions::noBackup>,
     .help = "no automatic backup before a run on a protected environment"},
    // Global options: before the command (shared ones also after it).
    {.names = "--project", .kind = Kind::Value, .scope = Scope::Global, .value = "DIR",
     .apply = storeText<&CliOptions::projectDir>,
     .help = "the project (else the nearest retort.toml or alembic.ini upward)"},
    {.names = "--env", .kind = Kind::Value, .scope = Scope::Global, .value = "NAME",
     .apply = storeText<&CliOptions::env>,
     .help = "the environment (else the only one, else 'local'); status, upgrade and "
             "downgrade also take a glob or @GROUP"},
    {.names = "--json", .scope = Scope::Shared,
     .apply = setFlag<&CliOptions::json>,
     .help = "machine-readable output"},
    {.names = "--accept-new-host-key", .scope = Scope::Shared,
     .apply = setFlag<&CliOptions::acceptNewHostKey>,
     .help = "trust an SSH host not yet in known_hosts"},
    {.names = "-h --help", .scope = Scope::Shared, .action = OptionAction::Help,
     .help = "this text"},
    {.names = "--confirm", .kind = Kind::Value, .scope = Scope::Shared, .value = "NAME",
     .apply = storeText<&CliOptions::confirm>,
     .help = "the protected environment this run may change (else asked on a terminal)"},
    {.names = "--at", .kind = Kind::Value, .scope = Scope::Shared, .value = "REF",
     .apply = storeText<&CliOptions::atRef>,
     .help = "read the project as it was at a git tag, branch or commit (no checkout; commands "
             "that write scripts are refused)"},
    {.names = "--version", .scope = Scope::Global, .action = OptionAction::Version,
     .help = "the program's version"},
    // Command options, in the order each command takes them.
    {.names = "--name", .kind = Kind::Value, .value = "NAME", .commands = "init",
     .help = "the project's name"},
    {.names = "-m --message", .kind = Kind::Value, .value = "MSG", .commands = "revision merge",
     .required = true, .help = "the revision's message"},
    {.names = "--head", .kind = Kind::Value, .value = "REV", .commands = "revision merge",
     .help = "the parent (default: the only head)"},
    {.names = "--branch-label", .kind = Kind::Values, .value = "L", .commands = "revision merge",
     .help = "a branch label of the new revision"},
    {.names = "--depends-on", .kind = Kind::Values, .value = "REV", .commands = "revision merge",
     .help = "a revision the new one depends on"},
    {.names = "--rev-id", .kind = Kind::Value, .value = "ID", .commands = "revision merge",
     .help = "the new revision's id (default: a random one)"},
    {.names = "--splice", .commands = "revision merge",
     .help = "allow a parent that is not a head (a new branch)"},
    {.names = "--autogenerate", .commands = "revision",
     .help = "write the SQL from a schema difference: the heads' schema (replayed) to --from's; "
             "Alembic projects: the project's own autogenerate against --env"},
    {.names = "--from", .kind = Kind::Value, .value = "SRC", .commands = "revision",
     .help = "with --autogenerate: the schema to reach (an environment, file.json or @REV); "
             "with --to, the one to start from"},
    {.names = "--to", .kind = Kind::Value, .value = "SRC", .commands = "revision",
     .help = "with --autogenerate and --from: the schema to reach"},
    {.names = "--rename", .kind = Kind::Values, .value = "OLD=NEW", .commands = "revision",
     .help = "with --autogenerate: confirm a possible rename (TABLE.OLD=NEW for a column)"},
    {.names = "--sql", .commands = "upgrade downgrade stamp",
     .help = "print the SQL instead of running it (offline; FROM:TO ranges)"},
    {.names = "--allow", .kind = Kind::Values, .value = "RULE", .commands = "upgrade downgrade",
     .help = "run a protected environment despite the plan's lint errors of RULE (each rule "
             "named; recorded in the audit trail)"},
    {.names = "--purge", .commands = "stamp", .help = "delete every version row first"},
    {.names = "--out -o", .kind = Kind::Value, .value = "DIR", .commands = "convert",
     .required = true, .help = "the folder of the native project to write"},
    {.names = "--alembic", .kind = Kind::Value, .value = "PATH",
     .commands = "upgrade downgrade convert schema revision lint",
     .help = "the project's alembic program (else $RETORT_ALEMBIC, else alembic on PATH)"},
    {.names = "--driver", .kind = Kind::Value, .value = "D", .commands = "convert lint",
     .help = "the SQL dialect: sqlite, postgresql or mysql (convert: default the first "
             "environment's; lint: default every environment's; not with --env)"},
    {.names = "--server-version", .kind = Kind::Value, .value = "V", .commands = "lint",
     .help = "the PostgreSQL version to judge against (15, 12.4 or 120004; default: the newest; "
             "not with --env, which reads the server's)"},
    {.names = "--no-replay", .commands = "lint",
     .help = "skip downgrade-does-not-restore, which replays the newest 100 revisions' upgrade and "
             "downgrade on a scratch database (SQLite: a temporary file; else the project's "
             "scratch server)"},
    {.names = "--lock-probe", .commands = "lint",
     .help = "with --env on PostgreSQL: run each statement on a scratch database (the project's "
             "scratch server) in a transaction rolled back, and show the locks it really takes"},
    {.names = "-r --rev-range", .kind = Kind::Value, .value = "RANGE", .commands = "history",
     .help = "[start]:[end] (revisions, current, heads, base)"},
    {.names = "-n --limit", .kind = Kind::Value, .value = "N", .commands = "log",
     .help = "the newest N entries only"},
    {.names = "-v --verbose", .commands = "current history heads branches log",
     .help = "every detail"},
    {.names = "-i --indicate-current", .commands = "history",
     .help = "mark the database's current revisions"},
    {.names = "--resolve-dependencies", .commands = "heads",
     .help = "heads counting dependencies as ancestry"},
    {.names = "--ssh", .commands = "password", .help = "the SSH secret, not the database's"},
    {.names = "--list", .commands = "backup", .help = "list the backups instead"},
    {.names = "--ddl", .commands = "schema", .help = "print the statements that create them"},
    {.names = "--detail", .commands = "schema", .help = "with --json: every relation in full"},
    {.names = "--owners", .commands = "diff", .help = "compare owners too"},
    {.names = "--effect", .commands = "show",
     .help = "what the upgrade changes in the schema and whether the downgrade restores it "
             "(replayed; --env picks the dialect)"},
    {.names = "--roundtrip", .commands = "check",
     .help = "replay every revision up and down; fail naming each downgrade that does not "
             "restore the schema"},
    {.names = "--drift", .commands = "check status",
     .help = "compare the live schema with the one its revisions produce (replayed; check: "
             "with --env; status: a DRIFT column)"},
    {.names = "--accept", .kind = Kind::Value, .value = "REASON", .commands = "check",
     .help = "with --drift: accept the drift as it is, REASON recorded in the audit trail (a "
             "later check says accepted until the schema changes again)"},
    {.names = "--revert", .commands = "check",
     .help = "with --drift: run SQL that turns the live schema back into the one its revisions "
             "produce (shown first; a run like any other)"},
    {.names = "--sql", .commands = "check", .help = "with --revert: print the SQL only"},
    {.names = "--force", .commands = "check",
     .help = "with --revert: run a script that has REVIEW notes"},
    {.names = "--jobs", .kind = Kind::Value, .value = "N", .commands = "status upgrade downgrade",
     .help = "with --env GLOB or @GROUP: at most N environments at once (default 8)"},
    {.names = "--canary", .kind = Kind::Value, .value = "N", .commands = "upgrade downgrade",
     .help = "with --env GLOB or @GROUP: the first N targets in name order first, alone; a "
             "canary's failure stops the rollout"},
    {.names = "--continue-on-error", .commands = "upgrade downgrade",
     .help = "with --env GLOB or @GROUP: keep starting targets after one failed"},
    {.names = "--snapshot", .commands = "schema",
     .help = "the whole schema as one JSON object (relations, sequences, types), for diff"},
    {.names = "--env", .kind = Kind::Value, .value = "ENV", .commands = "report",
     .help = "the environment reported on (as the global --env, also after the command)"},
    {.names = "--against", .kind = Kind::Value, .value = "ENV", .commands = "report",
     .help = "the environment the steps should already have run on (e.g. staging)"},
    {.names = "--target", .kind = Kind::Value, .value = "REV", .commands = "report",
     .help = "the release's target (default heads)"},
    {.names = "--format", .kind = Kind::Value, .value = "F", .commands = "report",
     .help = "md (default), html or json"},
    {.names = "--out -o", .kind = Kind::Value, .value = "FILE", .commands = "report",
     .help = "write the report to FILE instead of standard output"},
    {.names = "--migrations", .commands = "schema",
     .help = "with NAME: the revisions whose upgrade touched it, newest first (no connection)"},
};

const CommandSpec kCommands[] = {
    {"init", "DIR", "create a new project in DIR"},
    {"revision", "", "write a new revision script"},
    {"merge", "REV...", "write a revision merging REVs (e.g. heads)"},
    {"upgrade", "TARGET", "upgrade to TARGET (heads, REV, label@head, +N...)"},
    {"downgrade", "TARGET", "downgrade to TARGET (base, REV, -N...); offline (--sql) takes "
                            "FROM:TO"},
    {"stamp", "TARGET...", "set the version table without running SQL"},
    {"current", "", "the database's current revision(s)"},
    {"history", "", "revisions, newest first"},
    {"heads", "", "the head revisions"},
    {"branches", "", "the branch points"},
    {"show", "REV", "one revision in full"},
    {"check", "", "validate every script and the revision graph; with --env also the scripts "
                  "against the audit trail (edited migrations, with a diff) and the version rows"},
    {"status", "", "every environment: current, pending, at heads"},
    {"schema", "[NAME]", "the environment's relations (as psql's \\dt+), or one described (as "
                         "\\d+ NAME; on PostgreSQL NAME may name a sequence or a type too), "
                         "read-only; --ddl prints DDL, --migrations the revisions that "
                         "touched NAME"},
    {"diff", "A B", "the differences between two schemas, each an environment, a snapshot file "
                    "(NAME.json from schema --json --detail or --snapshot) or @REV / @heads (the "
                    "schema revisions produce); exit 0 equal, 1 different, 2 error"},
    {"password", "set|clear", "the environment's password in the OS keychain (set reads one "
                              "line from standard input)"},
    {"log", "", "the environment's audit trail (retort_history)"},
    {"backup", "", "back the environment up (or list its backups)"},
    {"lint", "[RANGE]", "destructive changes and lock hazards in the revisions' SQL, offline "
                        "([start]:[end] as history's; default every revision); with --env, the "
                        "environment's pending plan (to heads, or to the TARGET given) judged "
                        "against its live database (rows, size, sessions holding locks, NULLs "
                        "and duplicates); exit 1 on an error"},
    {"report", "", "the release report of --env for a change approval: its plan to the target "
                   "with authors and SQL, where each step already ran (--against), lint, drift, "
                   "the last backup, the git commit and a sign-off section"},
    {"convert", "", "write an Alembic project as a native Retort project (SQL rendered by the "
                    "project's alembic, offline)"},
};
// clang-format on

// What the table cannot say: where things are found.
const char kAbout[] =
    "Runs take a lock (one runner at a time) and are recorded in retort_history. A run on a\n"
    "protected environment is backed up first and pre-flight checked (tested elsewhere, clean\n"
    "git tree, fresh backup), and needs its name typed on a terminal or --confirm NAME.\n"
    "Passwords come from RETORT_DB_PASSWORD / RETORT_SSH_PASSPHRASE, else the OS keychain,\n"
    "else a prompt on a terminal. Alembic projects (a folder with alembic.ini) are read\n"
    "natively; applying their Python revisions, and convert, need the project's alembic.\n"
    "Exit status: 0 done, 1 failed, 2 a wrong command line, 3 the project is incomplete (a\n"
    "script unreadable or cut off from base): heads, history, current, branches and status\n"
    "printed only what could be placed in the graph.\n";

constexpr qsizetype kHelpColumn = 34;
constexpr qsizetype kWidth = 100;

QStringList namesOf(const OptionSpec &o)
{
    return QString::fromLatin1(o.names).split(QLatin1Char(' '));
}

QString keyOf(const OptionSpec &o)
{
    return namesOf(o).front();
}

bool takenBy(const OptionSpec &o, const QString &command)
{
    return o.scope == Scope::Command &&
           QString::fromLatin1(o.commands).split(QLatin1Char(' ')).contains(command);
}

// --- taking options out of an argument list -------------------------------------------------

// Takes a flag from args (the first of its names present, once); true if present.
bool takeFlag(QStringList &args, const QStringList &names)
{
    for (const QString &n : names) {
        const qsizetype i = args.indexOf(n);
        if (i >= 0) {
            args.removeAt(i);
            return true;
        }
    }
    return false;
}

// Takes every value of an option ("--opt V" or "--opt=V").
Result<QStringList> takeValues(QStringList &args, const QStringList &names)
{
    QStringList values;
    for (qsizetype i = 0; i < args.size();) {
        bool matched = false;
        for (const QString &name : names) {
            if (args[i] == name) {
                if (i + 1 >= args.size())
                    return Error(QStringLiteral("option %1 needs a value").arg(name));
                values.append(args[i + 1]);
                args.remove(i, 2);
                matched = true;
                break;
            }
            if (name.startsWith(QLatin1String("--")) &&
                args[i].startsWith(name + QLatin1Char('='))) {
                values.append(args[i].mid(name.size() + 1));
                args.removeAt(i);
                matched = true;
                break;
            }
        }
        if (!matched)
            ++i;
    }
    return values;
}

Result<QString> takeValue(QStringList &args, const QStringList &names)
{
    auto v = takeValues(args, names);
    if (!v)
        return v.error();
    if (v->size() > 1)
        return Error(QStringLiteral("option %1 given more than once").arg(names.front()));
    return v->isEmpty() ? QString() : v->front();
}

Status noMoreOptions(const QStringList &args)
{
    for (const QString &a : args)
        if (a.startsWith(QLatin1String("--")) ||
            (a.startsWith(QLatin1Char('-')) && a.size() > 1 && !a.at(1).isDigit()))
            return Error(QStringLiteral("unknown option %1").arg(a));
    return {};
}

// --- the three steps of parseCommandLine() --------------------------------------------------

CommandLine refuse(const QString &failure, bool withUsage = false)
{
    CommandLine line;
    line.action = CommandLine::Action::Refuse;
    line.failure = failure;
    line.withUsage = withUsage;
    return line;
}

// 1. Run options, from every argument: all are taken before any is applied.
Status takeRunOptions(QStringList &args, CliOptions &options)
{
    std::vector<std::pair<const OptionSpec *, QString>> given;
    for (const OptionSpec &o : kOptions) {
        if (o.scope != Scope::Run)
            continue;
        if (o.kind == Kind::Flag) {
            if (takeFlag(args, namesOf(o)))
                given.emplace_back(&o, QString());
            continue;
        }
        auto value = takeValue(args, namesOf(o));
        if (!value)
            return value.error();
        if (!value->isEmpty())
            given.emplace_back(&o, *value);
    }
    for (const auto &[o, value] : given)
        if (auto st = o->apply(options, value); !st)
            return st;
    return {};
}

const OptionSpec *globalOption(const QString &arg)
{
    for (const OptionSpec &o : kOptions) {
        if (o.scope != Scope::Global && o.scope != Scope::Shared)
            continue;
        for (const QString &name : namesOf(o))
            if (arg == name || (o.kind != Kind::Flag && arg.startsWith(name + QLatin1Char('='))))
                return &o;
    }
    return nullptr;
}

// 2. Global and shared options before the command. Returns the action that ends the parse, if
// any.
std::optional<CommandLine> takeLeadingOptions(QStringList &args, CliOptions &options)
{
    while (!args.isEmpty() && args.front().startsWith(QLatin1Char('-'))) {
        const QString a = args.takeFirst();
        const OptionSpec *o = globalOption(a);
        if (!o)
            return refuse(QStringLiteral("unknown option %1").arg(a), true);
        if (o->action != OptionAction::Store) {
            CommandLine line;
            line.action = o->action == OptionAction::Help ? CommandLine::Action::Help
                                                          : CommandLine::Action::Version;
            return line;
        }
        QString value;
        if (o->kind != Kind::Flag) {
            const QString name = keyOf(*o);
            if (a.startsWith(name + QLatin1Char('=')))
                value = a.mid(name.size() + 1);
            else if (args.isEmpty())
                return refuse(QStringLiteral("option %1 needs a value").arg(name));
            else
                value = args.takeFirst();
        }
        if (auto st = o->apply(options, value); !st)
            return refuse(st.error().message);
    }
    return std::nullopt;
}

// 3. Shared options after the command, anywhere among its arguments.
std::optional<CommandLine> takeTrailingOptions(QStringList &args, CliOptions &options)
{
    for (const OptionSpec &o : kOptions) {
        if (o.scope != Scope::Shared)
            continue;
        if (o.kind == Kind::Flag) {
            if (!takeFlag(args, namesOf(o)))
                continue;
            if (o.action == OptionAction::Help) {
                CommandLine line;
                line.action = CommandLine::Action::Help;
                return line;
            }
            if (auto st = o.apply(options, QString()); !st)
                return refuse(st.error().message);
            continue;
        }
        auto value = takeValue(args, namesOf(o));
        if (!value)
            return refuse(value.error().message);
        if (!value->isEmpty())
            if (auto st = o.apply(options, *value); !st)
                return refuse(st.error().message);
    }
    return std::nullopt;
}

// --- usage text ---------------------------------------------------------------------------

QString optionSynopsis(const OptionSpec &o)
{
    QString text = keyOf(o);
    if (o.kind != Kind::Flag)
        text += QLatin1Char(' ') + QLatin1String(o.value);
    if (!o.required)
        text = QLatin1Char('[') + text + QLatin1Char(']');
    if (o.kind == Kind::Values)
        text += QStringLiteral("...");
    return text;
}

// The command, its operands and its options, each option one unbreakable item.
QStringList commandSynopsis(const CommandSpec &c)
{
    QStringList parts{QLatin1String(c.name)};
    if (*c.operands)
        parts.append(QLatin1String(c.operands));
    for (const OptionSpec &o : kOptions)
        if (takenBy(o, parts.front()))
            parts.append(optionSynopsis(o));
    return parts;
}

// `items` joined by spaces, starting at `column`, each line at most kWidth long (unless one item
// is longer); continuation lines start at `indent`.
QString wrap(const QStringList &items, qsizetype column, qsizetype indent)
{
    QString text;
    for (const QString &item : items) {
        if (!text.isEmpty() && column + 1 + item.size() > kWidth) {
            text += QLatin1Char('\n') + QString(indent, QLatin1Char(' '));
            column = indent;
        } else if (!text.isEmpty()) {
            text += QLatin1Char(' ');
            ++column;
        }
        text += item;
        column += item.size();
    }
    return text;
}

// "  <left>  <help>", the help starting at kHelpColumn (on the next line when left is longer),
// both wrapped at kWidth.
QString helpLine(const QStringList &left, const QString &help)
{
    QString text = QStringLiteral("  ") + wrap(left, 2, 6);
    if (text.contains(QLatin1Char('\n')) || text.size() + 2 > kHelpColumn)
        text += QLatin1Char('\n') + QString(kHelpColumn, QLatin1Char(' '));
    else
        text = text.leftJustified(kHelpColumn);
    static const QRegularExpression space(QStringLiteral("\\s+"));
    return text + wrap(help.split(space, Qt::SkipEmptyParts), kHelpColumn, kHelpColumn) +
           QLatin1Char('\n');
}

QString optionsSection(Scope scope, const char *title)
{
    QString text = QLatin1String(title) + QStringLiteral(":\n");
    for (const OptionSpec &o : kOptions) {
        const bool shared = o.scope == Scope::Shared;
        if (o.scope != scope && !(scope == Scope::Global && shared))
            continue;
        QString left = namesOf(o).join(QStringLiteral(", "));
        if (o.kind != Kind::Flag)
            left += QLatin1Char(' ') + QLatin1String(o.value);
        QString help = QLatin1String(o.help);
        if (o.scope == Scope::Command)
            help += QStringLiteral(" (%1)").arg(
                QString::fromLatin1(o.commands).replace(QLatin1Char(' '), QStringLiteral(", ")));
        else if (shared)
            help += QStringLiteral(" (also after the command)");
        text += helpLine({left}, help);
    }
    return text;
}

} // namespace

std::span<const OptionSpec> optionTable()
{
    return kOptions;
}

std::span<const CommandSpec> commandTable()
{
    return kCommands;
}

const CommandSpec *findCommand(const QString &name)
{
    const auto it =
        std::find_if(std::begin(kCommands), std::end(kCommands),
                     [&](const CommandSpec &c) { return name == QLatin1String(c.name); });
    return it == std::end(kCommands) ? nullptr : it;
}

QString usageText()
{
    QString text = QStringLiteral("usage: retort-cli [OPTIONS] COMMAND [ARGS]\n\n"
                                  "Review and apply Alembic-style database migrations.\n\n"
                                  "commands:\n");
    for (const CommandSpec &c : kCommands)
        text += helpLine(commandSynopsis(c), QLatin1String(c.help));
    text += QLatin1Char('\n') + optionsSection(Scope::Global, "options (before the command)");
    text += QLatin1Char('\n') +
            optionsSection(Scope::Run, "run options (upgrade, downgrade, stamp, backup; anywhere)");
    text += QLatin1Char('\n') + optionsSection(Scope::Command, "command options (after it)");
    return text + QLatin1Char('\n') + QLatin1String(kAbout);
}

Error usageError(const QString &command)
{
    const CommandSpec *c = findCommand(command);
    return Error(QStringLiteral("usage: retort-cli %1")
                     .arg(c ? commandSynopsis(*c).join(QLatin1Char(' ')) : command));
}

CommandLine parseCommandLine(QStringList args, CliOptions &options)
{
    if (auto st = takeRunOptions(args, options); !st)
        return refuse(st.error().message);
    if (auto stop = takeLeadingOptions(args, options))
        return *stop;
    if (args.isEmpty())
        return refuse(QString(), true);
    const QString command = args.takeFirst();
    if (auto stop = takeTrailingOptions(args, options))
        return *stop;
    CommandLine line;
    line.command = command;
    line.args = std::move(args);
    return line;
}

QString CommandArgs::value(const char *key) const
{
    const QStringList v = m_values.value(QLatin1String(key));
    return v.isEmpty() ? QString() : v.front();
}

Result<CommandArgs> parseCommandArgs(const QString &command, QStringList args)
{
    CommandArgs parsed;
    for (const OptionSpec &o : kOptions) {
        if (!takenBy(o, command))
            continue;
        const QStringList names = namesOf(o);
        if (o.kind == Kind::Flag) {
            if (takeFlag(args, names))
                parsed.m_flags.append(names.front());
            continue;
        }
        if (o.kind == Kind::Values) {
            auto values = takeValues(args, names);
            if (!values)
                return values.error();
            parsed.m_values.insert(names.front(), *values);
            continue;
        }
        auto value = takeValue(args, names);
        if (!value)
            return value.error();
        if (!value->isEmpty())
            parsed.m_values.insert(names.front(), {*value});
    }
    if (auto st = noMoreOptions(args); !st)
        return st.error();
    parsed.m_operands = std::move(args);
    return parsed;
}

} // namespace retort
