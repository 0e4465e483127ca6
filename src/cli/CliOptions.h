#pragma once

#include "base/Error.h"
#include "graph/Plan.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <span>

namespace retort {

// retort-cli's syntax as data: every command and option, from which the parser takes its rules and
// the usage text (--help, and the "usage:" of a command given wrong operands) is generated.

// The settings of one run that come from options outside a command's own (the global and run
// options of the table).
struct CliOptions {
    QString projectDir;
    QString env;
    QString confirm; // --confirm NAME: the protected environment a run may change
    QString atRef;   // --at REF: the project as it was at that git ref (read-only)
    bool acceptNewHostKey = false;
    bool json = false;
    // Runs (upgrade, downgrade, stamp):
    int lockTimeoutS = 60;  // --lock-timeout S: how long to wait for another runner
    bool noBackup = false;  // --no-backup: no automatic backup before a protected run
    QString overrideReason; // --override-preflight REASON: run despite failed checks
    QString backupDir;      // --backup-dir DIR: instead of <project>/.retort/backups/<env>
};

enum class OptionKind {
    Flag,   // present or not
    Value,  // "--opt V" or "--opt=V" (the '=' form for "--" names only); at most once
    Values, // as Value, any number of times
};

// Where an option may stand, which also decides when it is taken from the arguments.
enum class OptionScope {
    Run,     // anywhere on the line; taken first, from every argument
    Global,  // before the command only
    Shared,  // before the command, or anywhere after it
    Command, // anywhere after one of its commands
};

// What a global option does beyond storing its value.
enum class OptionAction { Store, Help, Version };

struct OptionSpec {
    const char *names; // space-separated, e.g. "-m --message"; the first is the option's key
    OptionKind kind = OptionKind::Flag;
    OptionScope scope = OptionScope::Command;
    const char *value = nullptr;    // the value's name in the usage text ("MSG")
    const char *commands = nullptr; // Command scope: the commands taking it, space-separated
    bool required = false;          // shown without brackets in the usage text
    // Global options: stores the value (empty for a flag); an Error refuses the command line.
    Status (*apply)(CliOptions &, const QString &) = nullptr;
    OptionAction action = OptionAction::Store;
    const char *help = "";
};

struct CommandSpec {
    const char *name;
    const char *operands; // as shown in the usage ("DIR", "TARGET...")
    const char *help;
};

// The tables, in order. Options of one command are taken in table order (a value option takes
// the next argument whatever it looks like, so the order is part of the syntax).
std::span<const OptionSpec> optionTable();
std::span<const CommandSpec> commandTable();
const CommandSpec *findCommand(const QString &name);

// The whole --help text.
QString usageText();
// "usage: retort-cli <command> <operands> <options>", as an Error for a command given the wrong
// operands.
Error usageError(const QString &command);

// What the command line asks for once the run, global and shared options are taken.
struct CommandLine {
    enum class Action {
        Run,     // run `command` with `args`
        Help,    // print the usage text on standard output; exit 0
        Version, // print the version; exit 0
        Refuse,  // print "FAILED: <failure>" (if any) and the usage if `withUsage`; exit 2
    };
    Action action = Action::Run;
    QString failure;
    bool withUsage = false;
    QString command;
    QStringList args; // the command's own arguments
};
// Takes the run options (anywhere), the global ones (before the command) and the shared ones
// (before or after it) into `options`.
CommandLine parseCommandLine(QStringList args, CliOptions &options);

// A command's own options, taken from its arguments as the table says; what is left (no option
// among it) are the operands.
class CommandArgs final {
public:
    bool flag(const char *key) const { return m_flags.contains(QLatin1String(key)); }
    // The value of a Value option; empty when not given.
    QString value(const char *key) const;
    QStringList values(const char *key) const { return m_values.value(QLatin1String(key)); }
    const QStringList &operands() const { return m_operands; }

private:
    friend Result<CommandArgs> parseCommandArgs(const QString &command, QStringList args);
    QStringList m_flags;
    QHash<QString, QStringList> m_values;
    QStringList m_operands;
};
// Errors: a value missing or given twice, an unknown option ("unknown option X").
Result<CommandArgs> parseCommandArgs(const QString &command, QStringList args);

} // namespace retort
