#include "Cli.h"

#include "safety/Backup.h"
#include "db/Dialect.h"
#include "db/Lock.h"
#include "db/Migrator.h"
#include "db/OfflineRenderer.h"
#include "db/VersionTable.h"
#include "db/AuditTrail.h"
#include "audit/EditedScripts.h"
#include "safety/Preflight.h"
#include "db/Connection.h"
#include "workflows/EnvironmentStatus.h"
#include "project/ProjectWriter.h"
#include "project/Workspace.h"
#include "workflows/AlembicSql.h"
#include "scripts/PythonScript.h"
#include "scripts/ScriptParser.h"
#include "scripts/ScriptWriter.h"
#include "secrets/SecretStore.h"
#include "ssh/SshTunnel.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTimer>

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <map>
#include <optional>

namespace retort {

struct Cli::Options {
    QString projectDir;
    QString env;
    QString confirm; // --confirm NAME: the protected environment a run may change
    bool acceptNewHostKey = false;
    bool json = false;
    // Runs (upgrade, downgrade, stamp):
    int lockTimeoutS = 60;  // --lock-timeout S: how long to wait for another runner
    bool noBackup = false;  // --no-backup: no automatic backup before a protected run
    QString overrideReason; // --override-preflight REASON: run despite failed checks
    QString backupDir;      // --backup-dir DIR: instead of <project>/.retort/backups/<env>
    // Re-plans from the rows found once the lock is held; unset for relative targets (+N, -N),
    // which must not be re-applied from a moved database.
    std::function<Result<Plan>(const QStringList &rows)> replan;
};

namespace {

// Takes a flag from args; true if present.
bool takeFlag(QStringList &args, std::initializer_list<const char *> names)
{
    for (const char *n : names) {
        const qsizetype i = args.indexOf(QLatin1String(n));
        if (i >= 0) {
            args.removeAt(i);
            return true;
        }
    }
    return false;
}

// Takes every value of an option ("--opt V" or "--opt=V").
Result<QStringList> takeValues(QStringList &args, std::initializer_list<const char *> names)
{
    QStringList values;
    for (qsizetype i = 0; i < args.size();) {
        bool matched = false;
        for (const char *n : names) {
            const QLatin1String name(n);
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

Result<QString> takeValue(QStringList &args, std::initializer_list<const char *> names)
{
    auto v = takeValues(args, names);
    if (!v)
        return v.error();
    if (v->size() > 1)
        return Error(
            QStringLiteral("option %1 given more than once").arg(QLatin1String(*names.begin())));
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

QString commaJoin(const QStringList &l)
{
    return l.join(QStringLiteral(", "));
}

QString docOf(const Revision &r)
{
    return r.script ? r.script->message : QString();
}

QString downFormat(const RevisionGraph &g, const Revision &r)
{
    return r.down.empty() ? QStringLiteral("<base>") : commaJoin(g.ids(r.down));
}

// Alembic's Script._head_only.
QString headOnly(const RevisionGraph &g, const Revision &r, bool includeBranches, bool includeDoc,
                 bool includeParents, bool treeIndicators, bool current = false)
{
    QString text = r.id;
    if (includeParents) {
        if (!r.dependsOnDeclared.isEmpty())
            text = QStringLiteral("%1 (%2) -> %3")
                       .arg(downFormat(g, r), commaJoin(r.dependsOnDeclared), text);
        else
            text = QStringLiteral("%1 -> %2").arg(downFormat(g, r), text);
    }
    if (includeBranches && !r.labels.isEmpty())
        text += QStringLiteral(" (%1)").arg(commaJoin(r.labels));
    if (r.isRealHead())
        text += QStringLiteral(" (head)");
    if (r.isEffectiveHead())
        text += QStringLiteral(" (effective head)");
    if (current)
        text += QStringLiteral(" (current)");
    if (treeIndicators) {
        if (r.isBranchPoint())
            text += QStringLiteral(" (branchpoint)");
        if (r.isMergePoint())
            text += QStringLiteral(" (mergepoint)");
    }
    if (includeDoc)
        text += QStringLiteral(", ") + docOf(r);
    return text;
}

// Alembic's Script.log_entry (the verbose form).
QString logEntry(const RevisionGraph &g, const Revision &r, bool current = false)
{
    QString e = QStringLiteral("Rev: %1%2%3%4%5\n")
                    .arg(r.id, r.isHead() ? QStringLiteral(" (head)") : QString(),
                         r.isBranchPoint() ? QStringLiteral(" (branchpoint)") : QString(),
                         r.isMergePoint() ? QStringLiteral(" (mergepoint)") : QString(),
                         current ? QStringLiteral(" (current)") : QString());
    e += (r.isMergePoint() ? QStringLiteral("Merges: %1\n") : QStringLiteral("Parent: %1\n"))
             .arg(downFormat(g, r));
    if (!r.dependsOnDeclared.isEmpty())
        e += QStringLiteral("Also depends on: %1\n").arg(commaJoin(r.dependsOnDeclared));
    if (r.isBranchPoint())
        e += QStringLiteral("Branches into: %1\n").arg(commaJoin(g.ids(r.next)));
    if (!r.labels.isEmpty())
        e += QStringLiteral("Branch names: %1\n").arg(commaJoin(r.labels));
    e += QStringLiteral("Path: %1\n").arg(r.script ? r.script->path : QString());
    QStringList doc;
    const QString message = docOf(r);
    for (const QString &line : message.split(QLatin1Char('\n')))
        doc.append(QStringLiteral("    ") + line);
    e += QStringLiteral("\n%1\n").arg(message.isEmpty() ? QString() : doc.join(QLatin1Char('\n')));
    return e;
}

QJsonObject revisionJson(const RevisionGraph &g, const Revision &r)
{
    QJsonObject o;
    o[QStringLiteral("revision")] = r.id;
    o[QStringLiteral("down_revisions")] = QJsonArray::fromStringList(g.ids(r.down));
    o[QStringLiteral("depends_on")] = QJsonArray::fromStringList(r.dependsOnDeclared);
    o[QStringLiteral("branch_labels")] = QJsonArray::fromStringList(r.labels);
    o[QStringLiteral("message")] = docOf(r);
    o[QStringLiteral("create_date")] = r.script ? r.script->createDate : QString();
    o[QStringLiteral("path")] = r.script ? r.script->path : QString();
    o[QStringLiteral("is_head")] = r.isRealHead();
    o[QStringLiteral("is_effective_head")] = r.isEffectiveHead();
    o[QStringLiteral("is_base")] = r.isBase();
    o[QStringLiteral("is_branch_point")] = r.isBranchPoint();
    o[QStringLiteral("is_merge_point")] = r.isMergePoint();
    return o;
}

QJsonObject errorJson(const Error &e)
{
    QJsonObject o;
    o[QStringLiteral("message")] = e.message;
    o[QStringLiteral("file")] = e.file;
    o[QStringLiteral("line")] = e.line;
    o[QStringLiteral("revision")] = e.revision;
    return o;
}

} // namespace

Cli::Cli(QTextStream &out, QTextStream &err) : m_out(out), m_err(err), m_opt(new Options) {}

Cli::~Cli() = default;

void Cli::printUsage(QTextStream &s) const
{
    s << "usage: retort-cli [--project DIR] [--env NAME] [--json] COMMAND [ARGS]\n"
         "\n"
         "Review and apply Alembic-style database migrations.\n"
         "\n"
         "commands:\n"
         "  init DIR [--name NAME]          create a new project in DIR\n"
         "  revision -m MSG [--head REV] [--splice] [--branch-label L] [--depends-on REV]...\n"
         "           [--rev-id ID]          write a new revision script\n"
         "  merge -m MSG REV...             write a revision merging REVs (e.g. heads)\n"
         "  upgrade TARGET [--sql]          upgrade to TARGET (heads, REV, label@head, +N...)\n"
         "  downgrade TARGET [--sql]        downgrade to TARGET (base, REV, -N...);\n"
         "                                  offline (--sql) takes FROM:TO\n"
         "  stamp TARGET... [--purge] [--sql]  set the version table without running SQL\n"
         "  current [-v]                    the database's current revision(s)\n"
         "  history [-r RANGE] [-v] [-i]    revisions, newest first (RANGE: [start]:[end])\n"
         "  heads [-v]                      the head revisions\n"
         "  branches [-v]                   the branch points\n"
         "  show REV                        one revision in full\n"
         "  check                           validate every script and the revision graph\n"
         "  status                          every environment: current, pending, at heads\n"
         "  password set|clear [--ssh]      the environment's password in the OS keychain\n"
         "                                  (set reads one line from standard input)\n"
         "  log [--limit N] [-v]            the environment's audit trail (retort_history)\n"
         "  backup [--list]                 back the environment up (or list its backups)\n"
         "\n"
         "check with --env also compares the scripts with the audit trail (edited migrations,\n"
         "with a diff) and the version rows with the project. Runs take a lock (one runner at a\n"
         "time; --lock-timeout S, default 60) and are recorded in retort_history. A run on a\n"
         "protected environment is backed up first (--backup-dir DIR, --no-backup) and\n"
         "pre-flight checked: tested elsewhere, clean git tree, fresh backup;\n"
         "--override-preflight REASON records an override.\n"
         "  convert --out DIR [--driver D]  write an Alembic project as a native Retort project\n"
         "                                  (SQL rendered by the project's alembic, offline)\n"
         "\n"
         "The project is --project DIR, else the nearest retort.toml from the working directory\n"
         "upward. The environment is --env NAME, else the only one, else 'local'. A run that\n"
         "changes a protected environment asks for its name on a terminal; scripts pass\n"
         "--confirm NAME. Passwords come from RETORT_DB_PASSWORD / RETORT_SSH_PASSPHRASE, else\n"
         "the OS keychain, else a prompt on a terminal. --accept-new-host-key trusts an SSH\n"
         "host not yet in known_hosts.\n"
         "Alembic projects (a folder with alembic.ini) are read natively. Applying their\n"
         "Python revisions, and convert, need the project's alembic program: --alembic PATH\n"
         "(after the command), else $RETORT_ALEMBIC, else alembic on PATH.\n";
}

int Cli::run(const QStringList &argsIn)
{
    QStringList args = argsIn;
    // Run options (upgrade, downgrade, stamp, backup), before or after the command.
    {
        auto timeout = takeValue(args, {"--lock-timeout"});
        auto reason = takeValue(args, {"--override-preflight"});
        auto backupDir = takeValue(args, {"--backup-dir"});
        for (const Error *e :
             {timeout ? nullptr : &timeout.error(), reason ? nullptr : &reason.error(),
              backupDir ? nullptr : &backupDir.error()})
            if (e) {
                m_err << "FAILED: " << e->message << "\n";
                return 2;
            }
        bool okNumber = true;
        if (!timeout->isEmpty())
            m_opt->lockTimeoutS = timeout->toInt(&okNumber);
        if (!okNumber || m_opt->lockTimeoutS < 0) {
            m_err << "FAILED: --lock-timeout takes a number of seconds\n";
            return 2;
        }
        m_opt->overrideReason = *reason;
        m_opt->backupDir = *backupDir;
        m_opt->noBackup = takeFlag(args, {"--no-backup"});
    }
    // Global options come before the command.
    while (!args.isEmpty() && args.front().startsWith(QLatin1Char('-'))) {
        const QString a = args.takeFirst();
        auto value = [&](const QString &name) -> Result<QString> {
            if (a.startsWith(name + QLatin1Char('=')))
                return a.mid(name.size() + 1);
            if (args.isEmpty())
                return Error(QStringLiteral("option %1 needs a value").arg(name));
            return args.takeFirst();
        };
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            printUsage(m_out);
            return 0;
        }
        if (a == QLatin1String("--version")) {
            m_out << "retort-cli " << RETORT_VERSION << "\n";
            return 0;
        }
        if (a == QLatin1String("--json")) {
            m_opt->json = true;
            continue;
        }
        if (a == QLatin1String("--accept-new-host-key")) {
            m_opt->acceptNewHostKey = true;
            continue;
        }
        Result<QString> v = Error();
        if (a == QLatin1String("--project") || a.startsWith(QLatin1String("--project=")))
            v = value(QStringLiteral("--project"));
        else if (a == QLatin1String("--env") || a.startsWith(QLatin1String("--env=")))
            v = value(QStringLiteral("--env"));
        else if (a == QLatin1String("--confirm") || a.startsWith(QLatin1String("--confirm=")))
            v = value(QStringLiteral("--confirm"));
        else {
            m_err << "FAILED: unknown option " << a << "\n";
            printUsage(m_err);
            return 2;
        }
        if (!v) {
            m_err << "FAILED: " << v.error().message << "\n";
            return 2;
        }
        if (a.startsWith(QLatin1String("--project")))
            m_opt->projectDir = *v;
        else if (a.startsWith(QLatin1String("--confirm")))
            m_opt->confirm = *v;
        else
            m_opt->env = *v;
    }
    if (args.isEmpty()) {
        printUsage(m_err);
        return 2;
    }
    const QString command = args.takeFirst();
    // --json may also follow the command.
    if (takeFlag(args, {"--json"}))
        m_opt->json = true;
    if (takeFlag(args, {"--accept-new-host-key"}))
        m_opt->acceptNewHostKey = true;
    if (takeFlag(args, {"-h", "--help"})) {
        printUsage(m_out);
        return 0;
    }
    // --confirm NAME may also follow the command.
    if (auto confirm = takeValue(args, {"--confirm"}); !confirm) {
        m_err << "FAILED: " << confirm.error().message << "\n";
        return 2;
    } else if (!confirm->isEmpty()) {
        m_opt->confirm = *confirm;
    }
    const Status st = dispatch(command, args);
    m_out.flush();
    if (!st) {
        // Messages that already name their file (statement errors) are printed as they are.
        const Error &e = st.error();
        const bool named = !e.file.isEmpty() && e.message.contains(QFileInfo(e.file).fileName());
        m_err << "FAILED: " << (named ? e.message : e.toString()) << "\n";
        m_err.flush();
        return 1;
    }
    return 0;
}

Status Cli::dispatch(const QString &command, QStringList args)
{
    using Handler = Status (*)(Cli &, QStringList);
    static const std::pair<const char *, Handler> commands[] = {
        {"init", [](Cli &c, QStringList a) { return c.cmdInit(a); }},
        {"revision", [](Cli &c, QStringList a) { return c.cmdRevision(a, false); }},
        {"merge", [](Cli &c, QStringList a) { return c.cmdRevision(a, true); }},
        {"upgrade", [](Cli &c, QStringList a) { return c.cmdUpgradeDowngrade(a, true); }},
        {"downgrade", [](Cli &c, QStringList a) { return c.cmdUpgradeDowngrade(a, false); }},
        {"stamp", [](Cli &c, QStringList a) { return c.cmdStamp(a); }},
        {"current", [](Cli &c, QStringList a) { return c.cmdCurrent(a); }},
        {"history", [](Cli &c, QStringList a) { return c.cmdHistory(a); }},
        {"heads", [](Cli &c, QStringList a) { return c.cmdHeads(a); }},
        {"branches", [](Cli &c, QStringList a) { return c.cmdBranches(a); }},
        {"show", [](Cli &c, QStringList a) { return c.cmdShow(a); }},
        {"check", [](Cli &c, QStringList a) { return c.cmdCheck(a); }},
        {"status", [](Cli &c, QStringList a) { return c.cmdStatus(a); }},
        {"password", [](Cli &c, QStringList a) { return c.cmdPassword(a); }},
        {"log", [](Cli &c, QStringList a) { return c.cmdLog(a); }},
        {"backup", [](Cli &c, QStringList a) { return c.cmdBackup(a); }},
        {"convert", [](Cli &c, QStringList a) { return c.cmdConvert(a); }},
    };
    for (const auto &[name, handler] : commands)
        if (command == QLatin1String(name))
            return handler(*this, std::move(args));
    return Error(QStringLiteral("unknown command '%1' (see retort-cli --help)").arg(command));
}

// ---------------------------------------------------------------------------------------------

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
    auto ws = Workspace::load(dir);
    if (!ws)
        return ws.error();
    m_ws = std::move(*ws);
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
    return m_ws->environment(m_opt->env);
}

namespace {

// One keychain operation, waited for with a local event loop (the CLI has no other work).
SecretResult keychainCall(const std::function<void(SecretStore &, SecretStore::Callback)> &call)
{
    KeychainSecretStore store;
    std::optional<SecretResult> result;
    QEventLoop loop;
    call(store, [&](const SecretResult &r) {
        result = r;
        loop.quit();
    });
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    if (!result)
        loop.exec();
    if (!result) {
        SecretResult timeout;
        timeout.status = SecretResult::Status::Failed;
        timeout.message = QStringLiteral("the keychain did not answer within 15 s");
        return timeout;
    }
    return *result;
}

// One line from the terminal without echo; nullopt when stdin is not a terminal.
std::optional<QString> readHidden(QTextStream &err, const QString &prompt)
{
    if (!isatty(STDIN_FILENO))
        return std::nullopt;
    err << prompt;
    err.flush();
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    QTextStream in(stdin);
    const QString line = in.readLine();
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
    err.flush();
    return line;
}

bool needsSshSecret(const Environment &env)
{
    return env.ssh && env.driver != u"sqlite" && !env.ssh->agent;
}

} // namespace

ConnectionSecrets Cli::secretsFor(const Environment &env) const
{
    if (auto it = m_secrets.constFind(env.name); it != m_secrets.cend())
        return *it;
    ConnectionSecrets secrets;
    if (env.driver == u"sqlite")
        return secrets;
    const QString project = m_ws ? m_ws->project().name : QString();
    auto fromKeychain = [&](SecretKind kind) -> QString {
        const QString key = secretKey(project, env.name, kind);
        const SecretResult r = keychainCall([&](SecretStore &store, SecretStore::Callback done) {
            store.read(key, nullptr, std::move(done));
        });
        return r.ok() ? r.secret : QString();
    };
    if (qEnvironmentVariableIsSet("RETORT_DB_PASSWORD")) {
        secrets.password = qEnvironmentVariable("RETORT_DB_PASSWORD");
    } else {
        secrets.password = fromKeychain(SecretKind::Database);
        // An Alembic project's sqlalchemy.url password: copied into the keychain on first use.
        if (secrets.password.isEmpty() && env.urlHadPassword && m_ws &&
            m_ws->project().isAlembic()) {
            if (auto url = alembicUrlPassword(m_ws->project().alembicIni); url && !url->isEmpty()) {
                secrets.password = *url;
                const SecretResult r =
                    keychainCall([&](SecretStore &store, SecretStore::Callback done) {
                        store.write(secretKey(project, env.name, SecretKind::Database), *url,
                                    nullptr, std::move(done));
                    });
                m_err << (r.ok() ? "note: copied the password of sqlalchemy.url into the system "
                                   "keychain; you may now remove it from alembic.ini\n"
                                 : "note: the password of sqlalchemy.url is used for this run "
                                   "(the keychain cannot be used)\n");
                m_err.flush();
            }
        }
        if (secrets.password.isEmpty())
            secrets.password =
                readHidden(m_err,
                           QStringLiteral("Password for %1@%2 (%3): ")
                               .arg(env.user,
                                    env.host.isEmpty() ? QStringLiteral("localhost") : env.host,
                                    env.name))
                    .value_or(QString());
    }
    if (needsSshSecret(env)) {
        const QString ssh = qEnvironmentVariableIsSet("RETORT_SSH_PASSPHRASE")
                                ? qEnvironmentVariable("RETORT_SSH_PASSPHRASE")
                                : fromKeychain(SecretKind::Ssh);
        if (env.ssh->key.isEmpty())
            secrets.ssh.password = ssh.toUtf8();
        else
            secrets.ssh.passphrase = ssh.toUtf8();
    }
    if (env.ssh && m_opt->acceptNewHostKey) {
        auto status = SshTunnel::checkHostKey(*env.ssh);
        if (status && status->verdict == HostKeyStatus::Verdict::Unknown) {
            if (const Status st = SshTunnel::acceptHostKey(*status); st)
                m_err << "Added the " << status->keyType << " host key of " << env.ssh->host << " ("
                      << status->fingerprint << ") to " << status->knownHostsFile << "\n";
            else
                m_err << "warning: " << st.error().message << "\n";
            m_err.flush();
        }
    }
    m_secrets.insert(env.name, secrets);
    return secrets;
}

Status Cli::withAdvice(const Environment &env, Status status) const
{
    if (status)
        return status;
    Error e = status.error();
    const QString m = e.message;
    if (m.contains(QLatin1String("host key"), Qt::CaseInsensitive) &&
        m.contains(QLatin1String("not known")))
        e.message += QStringLiteral(
            "\n  Check the fingerprint, then pass --accept-new-host-key to trust it.");
    else if (m.contains(QLatin1String("authentication failed"), Qt::CaseInsensitive) ||
             m.contains(QLatin1String("Access denied"), Qt::CaseInsensitive))
        e.message += QStringLiteral("\n  Store the password with 'retort-cli --env %1 password "
                                    "set', or set RETORT_DB_PASSWORD.")
                         .arg(env.name);
    else if (m.contains(QLatin1String("passphrase"), Qt::CaseInsensitive))
        e.message += QStringLiteral("\n  Store it with 'retort-cli --env %1 password set --ssh', "
                                    "or set RETORT_SSH_PASSPHRASE.")
                         .arg(env.name);
    return e;
}

Result<QStringList> Cli::readRows(const Environment &env) const
{
    if (sqliteDatabaseMissing(env))
        return QStringList{};
    ScopedConnection conn;
    if (auto st = withAdvice(env, conn.open(env, true, secretsFor(env))); !st)
        return st.error();
    return currentHeads(conn.db(), m_ws->project().versionTableName());
}

Result<QStringList> Cli::currentRows() const
{
    auto env = environment();
    if (!env)
        return env.error();
    return readRows(**env);
}

Result<QStringList> Cli::offlineStartRows(const QString &from) const
{
    QStringList rows;
    if (from.isEmpty() || from == QLatin1String("base"))
        return rows;
    const RevisionGraph &g = m_ws->graph();
    for (const QString &f : from.split(QLatin1Char(','))) {
        auto r = g.resolveOne(f.trimmed());
        if (!r)
            return r.error();
        if (*r >= 0)
            rows.append(g.at(*r).id);
    }
    return rows;
}

Status Cli::printOffline(const Environment &env, const Plan &plan)
{
    m_out << renderOfflineSql(plan, env.driver, m_ws->project().versionTableName(), true);
    return {};
}

Status Cli::confirmRun(const Environment &env, const Plan &plan)
{
    if (!env.isProtected || plan.steps.empty())
        return {};
    if (!m_opt->confirm.isEmpty()) {
        if (m_opt->confirm == env.name)
            return {};
        return Error(QStringLiteral("--confirm %1 does not name the environment this run changes "
                                    "(%2); nothing was run")
                         .arg(m_opt->confirm, env.name));
    }
    if (!isatty(STDIN_FILENO))
        return Error(QStringLiteral("%1 is a protected environment: pass --confirm %1 to run "
                                    "this plan (%2 step(s)) from a script; nothing was run")
                         .arg(env.name)
                         .arg(plan.steps.size()));
    m_err << env.name << " is a protected environment. This run makes " << plan.steps.size()
          << " change(s) to it.\nType the environment's name to confirm: ";
    m_err.flush();
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed();
    if (answer != env.name)
        return Error(QStringLiteral("not confirmed; nothing was run on %1").arg(env.name));
    return {};
}

Status Cli::runPlan(const Environment &env, const Plan &planIn)
{
    if (auto st = confirmRun(env, planIn); !st)
        return st;
    auto dialect = Dialect::forDriver(env.driver);
    if (!dialect)
        return dialect.error();
    // A SQLite file that opening creates is removed again when the run stops before running
    // anything (refused pre-flight, lock timeout): a refused run leaves no trace.
    const bool createsFile = sqliteDatabaseMissing(env);
    bool ran = false;
    ScopedConnection conn;
    const auto removeCreated = qScopeGuard([&] {
        if (createsFile && !ran) {
            conn.close();
            if (QFileInfo(env.database).size() == 0)
                QFile::remove(env.database);
        }
    });
    if (auto st = withAdvice(env, conn.open(env, false, secretsFor(env))); !st)
        return st;
    const TableName versionTable = m_ws->project().versionTableName();

    // One runner at a time: wait for the lock, saying who holds it.
    DatabaseLock lock(conn.db(), *dialect, versionTable);
    qint64 lastReport = -1;
    QString lastHolder;
    const Status locked =
        lock.acquire(m_opt->lockTimeoutS * 1000, [&](const LockHolder &holder, qint64 elapsedMs) {
            const QString who = holder.describe();
            if (lastReport < 0 || elapsedMs - lastReport >= 5000 || who != lastHolder) {
                lastReport = elapsedMs;
                lastHolder = who;
                m_err << "waiting for the run lock on " << env.name << " (" << elapsedMs / 1000
                      << " s of " << m_opt->lockTimeoutS << " s): held by " << who << "\n";
                m_err.flush();
            }
            return true;
        });
    if (!locked)
        return conn.explainTunnelLoss(locked);

    // The database may have moved while we waited: plan again from what it is now.
    Plan plan = planIn;
    const Result<QStringList> rows = currentHeads(conn.db(), versionTable);
    if (!rows)
        return rows.error();
    QStringList now = *rows, before = plan.headsBefore;
    now.sort();
    before.sort();
    if (now != before && !plan.purge) {
        const QString at =
            now.isEmpty() ? QStringLiteral("<base>") : now.join(QStringLiteral(", "));
        if (!m_opt->replan)
            return Error(QStringLiteral("%1 moved to %2 while this run waited; a relative target "
                                        "is not re-applied: run the command again")
                             .arg(env.name, at));
        auto again = m_opt->replan(*rows);
        if (!again)
            return again.error();
        plan = *again;
        m_err << "note: " << env.name << " moved to " << at
              << " while this run waited for the lock; planned again: " << plan.steps.size()
              << " step(s)\n";
        m_err.flush();
        if (plan.steps.empty()) {
            m_out << "Nothing to do: " << env.name << " is already at the target\n";
            return {};
        }
    }

    MigratorOptions options;
    options.versionTable = versionTable;
    options.displayRoot = m_ws->project().root;
    options.lock = MigratorOptions::LockMode::HeldByCaller;
    if (env.isProtected && !plan.steps.empty()) {
        auto note = protectedPreflight(env, plan);
        if (!note)
            return note.error();
        options.auditNote = *note;
    }
    if (const QString warning = Migrator::preRunWarning(*dialect, plan); !warning.isEmpty()) {
        m_err << "warning: " << warning << "\n";
        m_err.flush();
    }
    Migrator migrator(conn.db(), *dialect, options);
    QObject::connect(&migrator, &Migrator::message, &migrator, [this](const QString &line) {
        QTextStream &s = line.startsWith(QLatin1String("warning:")) ? m_err : m_out;
        s << line << "\n";
        s.flush();
    });
    ran = true;
    return conn.explainTunnelLoss(migrator.run(plan));
}

Result<QString> Cli::protectedPreflight(const Environment &env, const Plan &plan)
{
    const QString folder =
        m_opt->backupDir.isEmpty() ? defaultBackupFolder(m_ws->project(), env) : m_opt->backupDir;
    PreflightReport report;
    report.checks.push_back(checkTestedElsewhere(
        *m_ws, env, plan, [this](const Environment &e) { return secretsFor(e); }));
    report.checks.push_back(checkCleanWorkingTree(m_ws->project().root));
    if (!m_opt->noBackup) {
        if (sqliteDatabaseMissing(env)) {
            m_err << "note: " << env.name << " has no database file yet; nothing to back up\n";
        } else {
            m_err << "Backing up " << env.name << " ...\n";
            m_err.flush();
            auto backup = takeBackup(env, secretsFor(env), folder);
            if (!backup)
                return Error(backup.error().message +
                             QStringLiteral("; the run was stopped, nothing was run"));
            m_err << "Backup: " << backup->path << " (" << backup->size << " bytes)\n"
                  << "  restore with: " << backup->restoreCommand << "\n";
        }
    }
    PreflightCheck fresh = checkFreshBackup(env, folder);
    if (sqliteDatabaseMissing(env) && fresh.state == PreflightCheck::State::Failed) {
        fresh.state = PreflightCheck::State::Skipped;
        fresh.detail = QStringLiteral("the database does not exist yet");
    }
    report.checks.push_back(fresh);
    m_err << "Pre-flight checks for " << env.name << ":\n" << report.toText();
    m_err.flush();
    if (report.ok())
        return QString();
    if (m_opt->overrideReason.isEmpty())
        return Error(QStringLiteral("pre-flight checks failed on protected environment %1: %2; "
                                    "nothing was run. Fix them, or pass --override-preflight "
                                    "REASON (recorded in the audit trail)")
                         .arg(env.name, report.failedNames().join(QStringLiteral(", "))));
    const QString note = report.overrideNote(m_opt->overrideReason);
    m_err << "warning: " << note << "\n";
    m_err.flush();
    return note;
}

// ---------------------------------------------------------------------------------------------

Status Cli::cmdInit(QStringList args)
{
    auto name = takeValue(args, {"--name"});
    if (!name)
        return name.error();
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (args.size() != 1)
        return Error(QStringLiteral("usage: retort-cli init DIR [--name NAME]"));
    const QString dir = QDir(args.front()).absolutePath();
    if (auto st = Project::init(dir, *name); !st)
        return st;
    m_out << "Created project " << QDir::toNativeSeparators(dir) << " (retort.toml, versions/)\n";
    return {};
}

Status Cli::cmdRevision(QStringList args, bool merge)
{
    auto message = takeValue(args, {"-m", "--message"});
    auto head = takeValue(args, {"--head"});
    auto labels = takeValues(args, {"--branch-label"});
    auto depends = takeValues(args, {"--depends-on"});
    auto revId = takeValue(args, {"--rev-id"});
    for (const Status &s :
         {Status(message ? Status() : message.error()), Status(head ? Status() : head.error()),
          Status(labels ? Status() : labels.error()), Status(depends ? Status() : depends.error()),
          Status(revId ? Status() : revId.error())})
        if (!s)
            return s;
    const bool splice = takeFlag(args, {"--splice"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (auto st = loadWorkspace(true); !st)
        return st;
    if (m_ws->project().isAlembic())
        return Error(QStringLiteral("%1 is an Alembic project: write its revisions with 'alembic "
                                    "%2' (Retort writes native .sql scripts only)")
                         .arg(m_ws->project().file,
                              merge ? QStringLiteral("merge") : QStringLiteral("revision")));
    const RevisionGraph &g = m_ws->graph();

    QStringList headSpecs;
    if (merge) {
        if (args.isEmpty())
            return Error(QStringLiteral("usage: retort-cli merge -m MSG REV... (e.g. heads)"));
        headSpecs = args;
    } else {
        if (!args.isEmpty())
            return Error(QStringLiteral("unexpected argument '%1'").arg(args.front()));
        headSpecs = QStringList{head->isEmpty() ? QStringLiteral("head") : *head};
    }
    std::vector<int> parents;
    for (const QString &spec : headSpecs) {
        auto r = g.resolve(spec);
        if (!r) {
            if (r.error().message.startsWith(QLatin1String("Multiple head revisions")))
                return Error(QStringLiteral("Multiple heads are present; please specify the head "
                                            "revision on which the new revision should be based, "
                                            "or perform a merge."));
            return r.error();
        }
        for (int i : *r)
            if (i >= 0)
                parents.push_back(i);
    }
    for (size_t i = 0; i < parents.size(); ++i)
        for (size_t j = i + 1; j < parents.size(); ++j)
            if (parents[i] == parents[j])
                return Error(QStringLiteral("Duplicate head revisions specified"));
    if (!splice)
        for (int p : parents)
            if (!g.at(p).isHead())
                return Error(QStringLiteral("Revision %1 is not a head revision; please specify "
                                            "--splice to create a new branch from this revision")
                                 .arg(g.at(p).id));
    QStringList resolvedDeps;
    for (const QString &d : *depends) {
        auto r = g.resolveOne(d);
        if (!r)
            return r.error();
        if (*r < 0)
            return Error(QStringLiteral("--depends-on %1 does not name a revision").arg(d));
        // A branch label is kept as written; a partial id becomes the full id.
        resolvedDeps.append(g.at(*r).labels.contains(d) ? d : g.at(*r).id);
    }
    NewRevision nr;
    nr.id = *revId;
    nr.message = message->isEmpty() ? QStringLiteral("empty message") : *message;
    nr.parents = g.ids(parents);
    nr.branchLabels = *labels;
    nr.dependsOn = resolvedDeps;
    auto path = writeRevision(m_ws->project().scriptsDir, nr);
    if (!path)
        return path.error();
    m_out << "Generating " << QDir::toNativeSeparators(*path) << " ...  done\n";
    return {};
}

Status Cli::cmdUpgradeDowngrade(QStringList args, bool upgrade)
{
    const bool sql = takeFlag(args, {"--sql"});
    auto alembicProgram = takeValue(args, {"--alembic"});
    if (!alembicProgram)
        return alembicProgram.error();
    if (auto st = noMoreOptions(args); !st)
        return st;
    const QString cmd = upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
    if (args.size() != 1)
        return Error(QStringLiteral("usage: retort-cli %1 TARGET [--sql]").arg(cmd));
    QString target = args.front();
    const QString originalTarget = target;
    if (auto st = loadWorkspace(true); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    const RevisionGraph &g = m_ws->graph();

    QStringList rows;
    if (sql) {
        if (target.contains(QLatin1Char(':'))) {
            auto start = offlineStartRows(target.section(QLatin1Char(':'), 0, 0));
            if (!start)
                return start.error();
            rows = *start;
            target = target.section(QLatin1Char(':'), 1);
        } else if (!upgrade) {
            return Error(QStringLiteral("downgrade with --sql requires <fromrev>:<torev>"));
        }
    } else {
        if (target.contains(QLatin1Char(':')))
            return Error(QStringLiteral("Range revision not allowed"));
        auto r = readRows(**env);
        if (!r)
            return r.error();
        rows = *r;
    }
    auto plan = upgrade ? g.planUpgrade(rows, target) : g.planDowngrade(rows, target);
    if (!plan)
        return plan.error();
    // Alembic (Python) revisions: their SQL comes from the project's own alembic (offline),
    // then runs or prints through Retort's runner like native SQL.
    std::deque<Script> rendered; // the plan's rendered scripts; outlive the run below
    if (const PlanStep *python = firstPythonStep(*plan)) {
        auto alembic = findAlembic(*alembicProgram);
        if (!alembic) {
            if (!sql)
                return Error(pythonStepError(*python).message + QStringLiteral("; ") +
                             alembic.error().message);
            // Without alembic: the steps and version table changes only.
            m_err << "warning: " << alembic.error().message
                  << "\nwarning: Alembic (Python) revisions: only the steps and the version table "
                     "changes are rendered, not the operations of their upgrade()/downgrade()\n";
            m_err.flush();
        } else {
            QString hint;
            if (sql)
                hint = originalTarget.contains(QLatin1Char(':'))
                           ? originalTarget
                           : QStringLiteral("base:") + originalTarget;
            else if (rows.size() <= 1)
                hint = (rows.isEmpty() ? QStringLiteral("base") : rows.front()) + QLatin1Char(':') +
                       target;
            auto withSql =
                withAlembicSql(*alembic, m_ws->project(), *plan, (*env)->driver, hint, &rendered);
            if (!withSql)
                return withSql.error();
            plan = std::move(*withSql);
        }
    }
    // Absolute targets may be planned again once the lock is held; relative ones may not.
    static const QRegularExpression relative(QStringLiteral("[+-]\\d"));
    if (!relative.match(target).hasMatch())
        m_opt->replan = [&g, target, upgrade](const QStringList &now) {
            return upgrade ? g.planUpgrade(now, target) : g.planDowngrade(now, target);
        };
    return sql ? printOffline(**env, *plan) : runPlan(**env, *plan);
}

Status Cli::cmdStamp(QStringList args)
{
    const bool sql = takeFlag(args, {"--sql"});
    const bool purge = takeFlag(args, {"--purge"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (args.isEmpty())
        return Error(QStringLiteral("usage: retort-cli stamp TARGET... [--purge] [--sql]"));
    if (sql && purge)
        return Error(QStringLiteral("Can't use --purge with --sql mode"));
    if (auto st = loadWorkspace(true); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    const RevisionGraph &g = m_ws->graph();
    QStringList rows;
    QStringList targets;
    if (sql) {
        QString start;
        for (QString t : args) {
            if (t.contains(QLatin1Char(':'))) {
                const QString s = t.section(QLatin1Char(':'), 0, 0);
                if (!start.isNull() && start != s)
                    return Error(QStringLiteral("Stamp operation with --sql only supports a single "
                                                "starting revision at a time"));
                start = s;
                t = t.section(QLatin1Char(':'), 1);
            }
            targets.append(t);
        }
        auto startRows = offlineStartRows(start);
        if (!startRows)
            return startRows.error();
        rows = *startRows;
    } else {
        targets = args;
        auto r = readRows(**env);
        if (!r)
            return r.error();
        rows = *r;
    }
    auto plan = g.planStamp(rows, targets, purge);
    if (!plan)
        return plan.error();
    static const QRegularExpression relative(QStringLiteral("[+-]\\d"));
    if (!relative.match(targets.join(u' ')).hasMatch())
        m_opt->replan = [&g, targets, purge](const QStringList &now) {
            return g.planStamp(now, targets, purge);
        };
    return sql ? printOffline(**env, *plan) : runPlan(**env, *plan);
}

Status Cli::cmdCurrent(QStringList args)
{
    const bool verbose = takeFlag(args, {"-v", "--verbose"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (!args.isEmpty())
        return Error(QStringLiteral("unexpected argument '%1'").arg(args.front()));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    auto rows = readRows(**env);
    if (!rows)
        return rows.error();
    const RevisionGraph &g = m_ws->graph();
    auto current = g.currentHeads(*rows);
    if (!current)
        return current.error();
    if (m_opt->json) {
        QJsonArray revs;
        for (int i : *current)
            revs.append(revisionJson(g, g.at(i)));
        QJsonObject o;
        o[QStringLiteral("environment")] = (*env)->name;
        o[QStringLiteral("rows")] = QJsonArray::fromStringList(*rows);
        o[QStringLiteral("current")] = revs;
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return {};
    }
    if (verbose)
        m_out << "Current revision(s) for " << (*env)->driver << ":///" << (*env)->database
              << ":\n";
    for (int i : *current)
        m_out << (verbose ? logEntry(g, g.at(i)) : headOnly(g, g.at(i), false, false, false, true))
              << "\n";
    return {};
}

Status Cli::cmdHistory(QStringList args)
{
    auto range = takeValue(args, {"-r", "--rev-range"});
    if (!range)
        return range.error();
    const bool verbose = takeFlag(args, {"-v", "--verbose"});
    const bool indicateCurrent = takeFlag(args, {"-i", "--indicate-current"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (!args.isEmpty())
        return Error(QStringLiteral("unexpected argument '%1'").arg(args.front()));
    if (auto st = loadWorkspace(false); !st)
        return st;
    const RevisionGraph &g = m_ws->graph();
    QString base, head;
    if (!range->isEmpty()) {
        if (!range->contains(QLatin1Char(':')))
            return Error(
                QStringLiteral("History range requires [start]:[end], [start]:, or :[end]"));
        base = range->section(QLatin1Char(':'), 0, 0).trimmed();
        head = range->section(QLatin1Char(':'), 1).trimmed();
    }
    QStringList rowsNow;
    if (indicateCurrent || base == QLatin1String("current") || head == QLatin1String("current")) {
        auto rows = currentRows();
        if (!rows)
            return rows.error();
        rowsNow = *rows;
    }
    // "current" stands for the database's rows; with no rows Alembic falls back to base (lower
    // end) and heads (upper end).
    auto bound = [&](const QString &b) {
        if (b == QLatin1String("current"))
            return rowsNow;
        return b.isEmpty() ? QStringList{} : QStringList{b};
    };
    auto order = g.history(bound(base), bound(head));
    if (!order)
        return Error(QStringLiteral("%1 (range %2:%3)")
                         .arg(order.error().message, base.isEmpty() ? QStringLiteral("base") : base,
                              head.isEmpty() ? QStringLiteral("heads") : head));
    if (m_opt->json) {
        QJsonArray arr;
        for (int i : *order) {
            QJsonObject o = revisionJson(g, g.at(i));
            if (indicateCurrent)
                o[QStringLiteral("is_current")] = rowsNow.contains(g.at(i).id);
            arr.append(o);
        }
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return {};
    }
    for (int i : *order) {
        const bool cur = indicateCurrent && rowsNow.contains(g.at(i).id);
        m_out << (verbose ? logEntry(g, g.at(i), cur)
                          : headOnly(g, g.at(i), true, true, true, true, cur))
              << "\n";
    }
    return {};
}

Status Cli::cmdHeads(QStringList args)
{
    const bool verbose = takeFlag(args, {"-v", "--verbose"});
    const bool resolveDeps = takeFlag(args, {"--resolve-dependencies"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (!args.isEmpty())
        return Error(QStringLiteral("unexpected argument '%1'").arg(args.front()));
    if (auto st = loadWorkspace(false); !st)
        return st;
    const RevisionGraph &g = m_ws->graph();
    const std::vector<int> heads = resolveDeps ? g.realHeads() : g.heads();
    if (m_opt->json) {
        QJsonArray arr;
        for (int i : heads)
            arr.append(revisionJson(g, g.at(i)));
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return {};
    }
    for (int i : heads)
        m_out << (verbose ? logEntry(g, g.at(i)) : headOnly(g, g.at(i), true, false, false, false))
              << "\n";
    return {};
}

Status Cli::cmdBranches(QStringList args)
{
    const bool verbose = takeFlag(args, {"-v", "--verbose"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (auto st = loadWorkspace(false); !st)
        return st;
    const RevisionGraph &g = m_ws->graph();
    auto order = g.history();
    if (!order)
        return order.error();
    for (int i : *order) {
        const Revision &r = g.at(i);
        if (!r.isBranchPoint())
            continue;
        m_out << (verbose ? logEntry(g, r) : headOnly(g, r, true, false, false, true)) << "\n";
        const QString pad(r.id.size(), QLatin1Char(' '));
        QStringList lines;
        for (int c : r.next)
            lines.append(QStringLiteral("%1 -> %2")
                             .arg(pad, headOnly(g, g.at(c), true, verbose, false, true)));
        m_out << lines.join(QLatin1Char('\n')) << "\n\n";
    }
    return {};
}

Status Cli::cmdShow(QStringList args)
{
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (args.size() != 1)
        return Error(QStringLiteral("usage: retort-cli show REV"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    const RevisionGraph &g = m_ws->graph();
    std::vector<int> revs;
    if (args.front() == QLatin1String("current")) {
        auto rows = currentRows();
        if (!rows)
            return rows.error();
        for (const QString &row : *rows) {
            auto r = g.resolveOne(row);
            if (!r)
                return r.error();
            revs.push_back(*r);
        }
    } else {
        auto r = g.resolve(args.front());
        if (!r)
            return r.error();
        revs = *r;
    }
    for (int i : revs)
        if (i >= 0)
            m_out << logEntry(g, g.at(i)) << "\n";
    return {};
}

Status Cli::cmdCheck(QStringList args)
{
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (auto st = loadWorkspace(false); !st)
        return st;
    m_err.flush();
    const auto &problems = m_ws->problems();
    const RevisionGraph &g = m_ws->graph();
    if (m_opt->json) {
        QJsonArray arr;
        for (const Error &e : problems)
            arr.append(errorJson(e));
        QJsonObject o;
        o[QStringLiteral("ok")] = problems.empty();
        o[QStringLiteral("revisions")] = g.size();
        o[QStringLiteral("heads")] = QJsonArray::fromStringList(g.ids(g.heads()));
        o[QStringLiteral("problems")] = arr;
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else if (problems.empty()) {
        m_out << "OK: " << g.size() << " revision(s), " << g.heads().size() << " head(s), "
              << g.bases().size() << " base(s); no problems found\n";
    }
    // With an explicit --env: the scripts against that database's audit trail and version rows.
    Status drift;
    if (!m_opt->env.isEmpty()) {
        auto env = environment();
        if (!env)
            return env.error();
        drift = checkDrift(**env);
    }
    if (!problems.empty()) {
        QStringList lines;
        for (const Error &e : problems)
            lines.append(e.toString());
        if (!drift)
            lines.append(drift.error().message);
        return Error(QStringLiteral("%1 problem(s) found:\n  %2")
                         .arg(problems.size())
                         .arg(lines.join(QStringLiteral("\n  "))));
    }
    return drift;
}

Status Cli::checkDrift(const Environment &env)
{
    auto drift = checkScriptDrift(*m_ws, env, secretsFor(env));
    if (!drift)
        return drift.error();
    if (drift->empty()) {
        if (!m_opt->json)
            m_out << "OK: " << env.name
                  << ": every applied script matches its file; every version row is known\n";
        return {};
    }
    QStringList lines;
    for (const ScriptDrift &d : *drift) {
        lines.append(d.describe());
        if (!m_opt->json && !d.diff.isEmpty())
            m_out << d.diff;
    }
    return Error(QStringLiteral("%1: %2 script problem(s) against the database:\n  %3")
                     .arg(env.name)
                     .arg(drift->size())
                     .arg(lines.join(QStringLiteral("\n  "))));
}

Status Cli::cmdStatus(QStringList args)
{
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (!args.isEmpty())
        return Error(QStringLiteral("usage: retort-cli status"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    // Every environment is read in its own thread, as the window does.
    QHash<QString, ConnectionSecrets> secrets;
    for (const Environment &env : m_ws->project().environments)
        secrets.insert(env.name, secretsFor(env));
    std::shared_ptr<const Workspace> ws(std::move(m_ws));
    std::map<QString, EnvironmentState> states;
    EnvironmentChecker checker;
    QEventLoop loop;
    QObject::connect(&checker, &EnvironmentChecker::stateReady,
                     [&](const EnvironmentState &s) { states[s.environment] = s; });
    QObject::connect(&checker, &EnvironmentChecker::allChecked, &loop, &QEventLoop::quit);
    checker.check(ws, {}, secrets);
    if (checker.pendingChecks() > 0)
        loop.exec();

    // An interrupted run nobody has run after (the newest audit row of the environment).
    QHash<QString, QString> interrupted;
    for (const Environment &env : ws->project().environments) {
        if (states[env.name].reach != EnvironmentState::Reach::Reached)
            continue;
        auto newest = readHistory(env, ws->project().versionTableName(), secretsFor(env), 1);
        if (newest && !newest->empty() && newest->front().outcome == AuditOutcome::Interrupted)
            interrupted.insert(env.name, newest->front().describe());
    }
    const RevisionGraph &g = ws->graph();
    int unreachable = 0;
    auto currentText = [&](const EnvironmentState &s) {
        if (s.reach != EnvironmentState::Reach::Reached)
            return QStringLiteral("(not reachable)");
        if (!s.error.isEmpty())
            return s.rows.join(QStringLiteral(", ")) + QStringLiteral(" (unknown)");
        if (s.current.isEmpty())
            return QStringLiteral("(base)");
        QStringList ids;
        for (const QString &id : s.current) {
            const int i = g.indexOf(id);
            ids.append(i >= 0 && g.at(i).isHead() ? id + QStringLiteral(" (head)") : id);
        }
        return ids.join(QStringLiteral(", "));
    };
    QJsonArray arr;
    struct Row {
        QString name, driver, current, pending, heads, checked, error;
    };
    std::vector<Row> rows;
    for (const Environment &env : ws->project().environments) {
        const EnvironmentState &s = states[env.name];
        const bool reached = s.reach == EnvironmentState::Reach::Reached;
        unreachable += reached ? 0 : 1;
        QJsonObject o;
        o[QStringLiteral("environment")] = env.name;
        o[QStringLiteral("driver")] = env.driver;
        o[QStringLiteral("protected")] = env.isProtected;
        o[QStringLiteral("reachable")] = reached;
        o[QStringLiteral("rows")] = QJsonArray::fromStringList(s.rows);
        o[QStringLiteral("current")] = QJsonArray::fromStringList(s.current);
        o[QStringLiteral("pending")] =
            reached && s.error.isEmpty() ? QJsonValue(s.pending) : QJsonValue();
        o[QStringLiteral("at_heads")] = s.atHeads;
        o[QStringLiteral("checked_at")] = s.checkedAt.toString(Qt::ISODateWithMs);
        o[QStringLiteral("error")] = s.error.isEmpty() ? QJsonValue() : QJsonValue(s.error);
        o[QStringLiteral("interrupted")] =
            interrupted.contains(env.name) ? QJsonValue(interrupted.value(env.name)) : QJsonValue();
        arr.append(o);
        rows.push_back(
            {env.isProtected ? env.name + QStringLiteral(" *") : env.name, env.driver,
             currentText(s),
             reached && s.error.isEmpty() ? QString::number(s.pending) : QStringLiteral("?"),
             s.atHeads ? QStringLiteral("yes") : QStringLiteral("no"),
             s.checkedAt.toString(QStringLiteral("HH:mm:ss")),
             interrupted.contains(env.name)
                 ? (s.error.isEmpty() ? QString() : s.error + QStringLiteral("\n    ")) +
                       QStringLiteral("interrupted run: ") + interrupted.value(env.name)
                 : s.error});
    }
    if (m_opt->json) {
        m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
    } else {
        const Row header{QStringLiteral("ENVIRONMENT"),
                         QStringLiteral("DRIVER"),
                         QStringLiteral("CURRENT"),
                         QStringLiteral("PENDING"),
                         QStringLiteral("AT HEADS"),
                         QStringLiteral("CHECKED"),
                         {}};
        std::array<qsizetype, 5> width{};
        auto measure = [&](const Row &r) {
            width[0] = std::max(width[0], r.name.size());
            width[1] = std::max(width[1], r.driver.size());
            width[2] = std::max(width[2], r.current.size());
            width[3] = std::max(width[3], r.pending.size());
            width[4] = std::max(width[4], r.heads.size());
        };
        measure(header);
        for (const Row &r : rows)
            measure(r);
        auto print = [&](const Row &r) {
            m_out << r.name.leftJustified(width[0] + 2) << r.driver.leftJustified(width[1] + 2)
                  << r.current.leftJustified(width[2] + 2) << r.pending.rightJustified(width[3])
                  << "  " << r.heads.leftJustified(width[4] + 2) << r.checked << "\n";
        };
        print(header);
        for (const Row &r : rows) {
            print(r);
            if (!r.error.isEmpty())
                m_out << "    " << r.error << "\n";
        }
        if (std::any_of(ws->project().environments.begin(), ws->project().environments.end(),
                        [](const Environment &e) { return e.isProtected; }))
            m_out << "(* protected)\n";
    }
    m_out.flush();
    if (unreachable > 0)
        return Error(QStringLiteral("%1 environment(s) could not be read").arg(unreachable));
    return {};
}

Status Cli::cmdLog(QStringList args)
{
    auto limitText = takeValue(args, {"-n", "--limit"});
    if (!limitText)
        return limitText.error();
    const bool verbose = takeFlag(args, {"-v", "--verbose"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (!args.isEmpty())
        return Error(QStringLiteral("usage: retort-cli log [--limit N] [-v]"));
    bool okNumber = true;
    const int limit = limitText->isEmpty() ? 0 : limitText->toInt(&okNumber);
    if (!okNumber || limit < 0)
        return Error(QStringLiteral("--limit takes a number"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    bool lockHeld = false;
    auto rows = readHistory(**env, m_ws->project().versionTableName(), secretsFor(**env), limit,
                            verbose, &lockHeld);
    if (!rows)
        return rows.error();
    if (m_opt->json) {
        QJsonArray arr;
        for (const AuditEntry &e : *rows) {
            QJsonObject o;
            o[QStringLiteral("id")] = e.id;
            o[QStringLiteral("run_id")] = e.runId;
            o[QStringLiteral("revision")] = e.revision;
            o[QStringLiteral("direction")] = e.direction;
            o[QStringLiteral("from")] = QJsonArray::fromStringList(e.fromRevisions);
            o[QStringLiteral("to")] = QJsonArray::fromStringList(e.toRevisions);
            o[QStringLiteral("run_started_at")] = e.runStartedAt.toString(Qt::ISODateWithMs);
            o[QStringLiteral("started_at")] = e.startedAt.toString(Qt::ISODateWithMs);
            o[QStringLiteral("finished_at")] =
                e.finishedAt.isValid() ? QJsonValue(e.finishedAt.toString(Qt::ISODateWithMs))
                                       : QJsonValue();
            o[QStringLiteral("duration_ms")] =
                e.durationMs >= 0 ? QJsonValue(e.durationMs) : QJsonValue();
            o[QStringLiteral("outcome")] = auditOutcomeName(e.outcome);
            o[QStringLiteral("statement")] = e.statement;
            o[QStringLiteral("transactional")] = e.transactional;
            o[QStringLiteral("error")] = e.error.isEmpty() ? QJsonValue() : QJsonValue(e.error);
            o[QStringLiteral("operator")] = e.operatorName;
            o[QStringLiteral("retort_version")] = e.retortVersion;
            o[QStringLiteral("script_sha256")] = e.scriptSha256;
            o[QStringLiteral("note")] = e.note.isEmpty() ? QJsonValue() : QJsonValue(e.note);
            if (verbose)
                o[QStringLiteral("script")] = e.script;
            arr.append(o);
        }
        QJsonObject out;
        out[QStringLiteral("environment")] = (*env)->name;
        out[QStringLiteral("locked")] = lockHeld;
        out[QStringLiteral("entries")] = arr;
        m_out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        return {};
    }
    if (rows->empty()) {
        m_out << "No audit trail on " << (*env)->name << " (no run by Retort recorded here yet)\n";
        return {};
    }
    if (lockHeld)
        m_out << "A run is in progress on " << (*env)->name << " (the run lock is held)\n";
    for (const AuditEntry &e : *rows) {
        m_out << e.describe() << "\n";
        if (!verbose)
            continue;
        m_out << "    run " << e.runId << " started " << e.runStartedAt.toString(Qt::ISODate)
              << ", Retort " << e.retortVersion << "\n";
        if (!e.scriptSha256.isEmpty())
            m_out << "    script SHA-256 " << e.scriptSha256 << "\n";
        if (!e.note.isEmpty())
            m_out << "    note: " << e.note << "\n";
        if (!e.error.isEmpty())
            m_out << "    error: " << QString(e.error).replace(u'\n', QStringLiteral("\n    "))
                  << "\n";
        if (!e.script.isEmpty())
            m_out << "    script:\n        "
                  << e.script.trimmed().replace(u'\n', QStringLiteral("\n        ")) << "\n";
    }
    return {};
}

Status Cli::cmdBackup(QStringList args)
{
    const bool list = takeFlag(args, {"--list"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (!args.isEmpty())
        return Error(QStringLiteral("usage: retort-cli backup [--list] [--backup-dir DIR]"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    const QString folder = m_opt->backupDir.isEmpty() ? defaultBackupFolder(m_ws->project(), **env)
                                                      : QDir(m_opt->backupDir).absolutePath();
    const auto json = [](const BackupInfo &b) {
        QJsonObject o;
        o[QStringLiteral("environment")] = b.environment;
        o[QStringLiteral("path")] = b.path;
        o[QStringLiteral("created_at")] = b.createdAt.toString(Qt::ISODateWithMs);
        o[QStringLiteral("size")] = b.size;
        o[QStringLiteral("format")] = b.format;
        o[QStringLiteral("restore_command")] = b.restoreCommand;
        return o;
    };
    if (list) {
        const std::vector<BackupInfo> backups = listBackups(**env, folder);
        if (m_opt->json) {
            QJsonArray arr;
            for (const BackupInfo &b : backups)
                arr.append(json(b));
            m_out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
            return {};
        }
        if (backups.empty())
            m_out << "No backups of " << (*env)->name << " in " << folder << "\n";
        for (const BackupInfo &b : backups)
            m_out << b.createdAt.toString(Qt::ISODate) << "  " << b.size << " bytes  " << b.path
                  << "\n    restore with: " << b.restoreCommand << "\n";
        return {};
    }
    auto backup = takeBackup(**env, secretsFor(**env), folder);
    if (!backup)
        return backup.error();
    if (m_opt->json) {
        m_out << QJsonDocument(json(*backup)).toJson(QJsonDocument::Indented);
        return {};
    }
    m_out << "Backup of " << (*env)->name << ": " << backup->path << " (" << backup->size
          << " bytes, " << backup->createdAt.toString(Qt::ISODate) << ")\n"
          << "Restore with: " << backup->restoreCommand << "\n";
    return {};
}

Status Cli::cmdPassword(QStringList args)
{
    const bool ssh = takeFlag(args, {"--ssh"});
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (args.size() != 1 || (args.front() != u"set" && args.front() != u"clear"))
        return Error(QStringLiteral("usage: retort-cli --env NAME password set|clear [--ssh]"));
    if (auto st = loadWorkspace(false); !st)
        return st;
    auto env = environment();
    if (!env)
        return env.error();
    const QString key =
        secretKey(m_ws->project().name, (*env)->name, ssh ? SecretKind::Ssh : SecretKind::Database);
    const QString what = ssh ? QStringLiteral("SSH secret") : QStringLiteral("database password");
    auto noKeychain = [&](const SecretResult &r) {
        return Error(QStringLiteral("the system keychain cannot be used: %1. Retort never stores "
                                    "passwords in files; set %2 for this shell instead.")
                         .arg(r.message, ssh ? QStringLiteral("RETORT_SSH_PASSPHRASE")
                                             : QStringLiteral("RETORT_DB_PASSWORD")));
    };
    if (args.front() == u"clear") {
        const SecretResult r = keychainCall([&](SecretStore &store, SecretStore::Callback done) {
            store.remove(key, nullptr, std::move(done));
        });
        if (r.ok() || r.status == SecretResult::Status::NotFound) {
            m_out << "Removed the " << what << " of " << (*env)->name << " from the keychain.\n";
            return {};
        }
        return noKeychain(r);
    }
    // One line from stdin (without echo on a terminal).
    QString secret;
    if (auto typed = readHidden(m_err, QStringLiteral("%1 for %2: ").arg(what, (*env)->name))) {
        secret = *typed;
    } else {
        QTextStream in(stdin);
        secret = in.readLine();
    }
    if (secret.isEmpty())
        return Error(QStringLiteral("no %1 given on standard input").arg(what));
    const SecretResult r = keychainCall([&](SecretStore &store, SecretStore::Callback done) {
        store.write(key, secret, nullptr, std::move(done));
    });
    if (!r.ok())
        return noKeychain(r);
    m_out << "Saved the " << what << " of " << (*env)->name << " in the system keychain.\n";
    return {};
}

Status Cli::cmdConvert(QStringList args)
{
    auto out = takeValue(args, {"--out", "-o"});
    auto alembicProgram = takeValue(args, {"--alembic"});
    auto driver = takeValue(args, {"--driver"});
    for (const Status &s : {Status(out ? Status() : out.error()),
                            Status(alembicProgram ? Status() : alembicProgram.error()),
                            Status(driver ? Status() : driver.error())})
        if (!s)
            return s;
    if (auto st = noMoreOptions(args); !st)
        return st;
    if (out->isEmpty() || !args.isEmpty())
        return Error(QStringLiteral("usage: retort-cli convert --out DIR [--alembic PATH] "
                                    "[--driver sqlite|postgresql|mysql]"));
    if (auto st = loadWorkspace(true); !st)
        return st;
    const Project &project = m_ws->project();
    if (!project.isAlembic())
        return Error(QStringLiteral("%1 is already a native Retort project").arg(project.file));
    const QDir outDir(QDir(*out).absolutePath());
    const QString versions = outDir.absoluteFilePath(QStringLiteral("versions"));
    if (QFileInfo::exists(outDir.absoluteFilePath(Project::fileName.toString())) ||
        (QFileInfo(versions).isDir() && !QDir(versions).isEmpty()))
        return Error(QStringLiteral("%1 already holds a project; give an empty folder")
                         .arg(outDir.absolutePath()));
    auto alembic = findAlembic(*alembicProgram);
    if (!alembic)
        return alembic.error();
    QString dialect = *driver;
    if (dialect.isEmpty())
        dialect = project.environments.empty() ? QString() : project.environments.front().driver;
    std::vector<AlembicRevision> revisions;
    for (const Revision &r : m_ws->graph().revisions())
        revisions.push_back({r.id, r.script->downRevisions});
    auto sql = renderAllRevisions(*alembic, project, m_ws->graph().ids(m_ws->graph().heads()),
                                  revisions, dialect);
    if (!sql)
        return sql.error();
    if (!outDir.mkpath(QStringLiteral("versions")))
        return Error(QStringLiteral("cannot create the folder"), versions);

    // One .sql per revision, named as its .py (the load order stays the same).
    const RevisionGraph &g = m_ws->graph();
    int written = 0;
    for (const Revision &r : g.revisions()) {
        const Script &py = *r.script;
        const RevisionSql rs = sql->value(r.id);
        if (!rs.hasUpgrade)
            return Error(QStringLiteral("alembic rendered no upgrade step for %1").arg(r.id),
                         py.path, 0, r.id);
        NewRevision nr;
        nr.id = r.id;
        nr.message = py.message.simplified();
        nr.parents = py.downRevisions;
        nr.branchLabels = py.branchLabels;
        nr.dependsOn = py.dependsOn;
        nr.created = QDateTime::fromString(py.createDate.left(23),
                                           QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        if (!nr.created.isValid())
            nr.created = QDateTime::fromString(py.createDate.left(19),
                                               QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (!nr.created.isValid())
            nr.created = QFileInfo(py.path).lastModified();
        nr.upgradeSql = rs.upgrade.isEmpty()
                            ? QStringLiteral("-- (alembic rendered no SQL for this upgrade)")
                            : rs.upgrade;
        nr.downgradeSql = !rs.hasDowngrade ? QStringLiteral("-- (alembic rendered no downgrade)")
                          : rs.downgrade.isEmpty()
                              ? QStringLiteral("-- (alembic rendered no SQL for this downgrade)")
                              : rs.downgrade;
        QString name = py.fileName;
        name.chop(3);
        const QString path = QDir(versions).absoluteFilePath(name + QStringLiteral(".sql"));
        const QByteArray bytes = renderRevision(nr).toUtf8();
        if (auto parsed = parseScript(path, bytes); !parsed)
            return Error(QStringLiteral("cannot convert: %1").arg(parsed.error().message), py.path,
                         0, r.id);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) || f.write(bytes) != bytes.size())
            return Error(QStringLiteral("cannot write: %1").arg(f.errorString()), path);
        ++written;
    }

    // retort.toml: the project's name, version table (and its schema) and environments (no
    // secrets).
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
    QFile tf(tomlPath);
    if (!tf.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        tf.write(tomlBytes) != tomlBytes.size())
        return Error(QStringLiteral("cannot write: %1").arg(tf.errorString()), tomlPath);
    tf.close();
    if (auto check = Workspace::load(outDir.absolutePath());
        !check || !(*check)->problems().empty())
        return Error(
            QStringLiteral("the converted project does not load cleanly: %1")
                .arg(check ? (*check)->problems().front().toString() : check.error().toString()));
    m_out << "Converted " << written << " revision(s) into "
          << QDir::toNativeSeparators(outDir.absolutePath()) << " (retort.toml, versions/)\n";
    return {};
}

} // namespace retort
