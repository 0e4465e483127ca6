#include "project/Project.h"

#include "project/ProjectWriter.h"

#include "scripts/ScriptParser.h"
#include "scripts/ScriptWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace retort {

namespace {

constexpr std::array<QStringView, 3> kDrivers = {u"sqlite", u"postgresql", u"mysql"};

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

int lineOf(const toml::source_region &r)
{
    return int(r.begin.line);
}

QString typeName(toml::node_type t)
{
    switch (t) {
    case toml::node_type::table:
        return QStringLiteral("a table");
    case toml::node_type::array:
        return QStringLiteral("an array");
    case toml::node_type::string:
        return QStringLiteral("a string");
    case toml::node_type::integer:
        return QStringLiteral("an integer");
    case toml::node_type::floating_point:
        return QStringLiteral("a float");
    case toml::node_type::boolean:
        return QStringLiteral("a boolean");
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
        return QStringLiteral("a date/time");
    case toml::node_type::none:
        break;
    }
    return QStringLiteral("nothing");
}

bool isSecretKey(const QString &key)
{
    return key.contains(u"password", Qt::CaseInsensitive) ||
           key.contains(u"passphrase", Qt::CaseInsensitive);
}

// Reads one retort.toml document. Collects every mistake; the caller reports the first by line.
class Loader {
public:
    explicit Loader(QString file) : m_file(std::move(file)) {}

    void fail(int line, const QString &keyPath, const QString &message)
    {
        m_errors.emplace_back(
            keyPath.isEmpty() ? message : keyPath + QStringLiteral(": ") + message, m_file, line);
    }

    bool hasErrors() const { return !m_errors.empty(); }
    Error firstError() const
    {
        return *std::min_element(m_errors.begin(), m_errors.end(),
                                 [](const Error &a, const Error &b) { return a.line < b.line; });
    }

    // Every key named like a password or passphrase, at any depth, is an error.
    void checkSecrets(const toml::node &node, const QString &prefix)
    {
        if (const toml::table *t = node.as_table()) {
            for (auto &&[k, v] : *t) {
                const QString key = qs(k.str());
                const QString path = prefix.isEmpty() ? key : prefix + u'.' + key;
                if (isSecretKey(key))
                    fail(lineOf(k.source()), path,
                         QStringLiteral("secrets belong in the OS keychain, not in retort.toml; "
                                        "remove this key (Retort asks for it and keeps it in the "
                                        "keychain)"));
                checkSecrets(v, path);
            }
        } else if (const toml::array *a = node.as_array()) {
            for (const toml::node &v : *a)
                checkSecrets(v, prefix);
        }
    }

    bool string(const toml::node &v, int line, const QString &path, QString *out,
                bool allowEmpty = false)
    {
        const auto *s = v.as_string();
        if (!s) {
            fail(line, path, QStringLiteral("expected a string, got %1").arg(typeName(v.type())));
            return false;
        }
        QString value = qs(s->get());
        if (!allowEmpty && value.trimmed().isEmpty()) {
            fail(line, path, QStringLiteral("must not be empty"));
            return false;
        }
        *out = std::move(value);
        return true;
    }

    bool boolean(const toml::node &v, int line, const QString &path, bool *out)
    {
        const auto *b = v.as_boolean();
        if (!b) {
            fail(line, path,
                 QStringLiteral("expected true or false, got %1").arg(typeName(v.type())));
            return false;
        }
        *out = b->get();
        return true;
    }

    bool port(const toml::node &v, int line, const QString &path, int *out)
    {
        const auto *i = v.as_integer();
        if (!i) {
            fail(line, path,
                 QStringLiteral("expected an integer port, got %1").arg(typeName(v.type())));
            return false;
        }
        if (i->get() < 1 || i->get() > 65535) {
            fail(line, path, QStringLiteral("port %1 is out of range (1-65535)").arg(i->get()));
            return false;
        }
        *out = int(i->get());
        return true;
    }

    // [lint]: each key a rule name, each value a level name.
    // A string or an array of non-empty strings, into `out`.
    bool stringOrStrings(const toml::node &v, int line, const QString &path, QStringList *out)
    {
        if (const auto *one = v.as_string()) {
            out->append(qs(one->get()));
        } else if (const toml::array *many = v.as_array()) {
            for (const toml::node &item : *many) {
                const auto *text = item.as_string();
                if (!text) {
                    fail(line, path,
                         QStringLiteral("expected strings, got %1").arg(typeName(item.type())));
                    return false;
                }
                out->append(qs(text->get()));
            }
        } else {
            fail(line, path,
                 QStringLiteral("expected a string or an array of strings, got %1")
                     .arg(typeName(v.type())));
            return false;
        }
        for (const QString &item : std::as_const(*out))
            if (item.trimmed().isEmpty()) {
                fail(line, path, QStringLiteral("an empty name"));
                return false;
            }
        return true;
    }

    void groups(const toml::table &t, std::vector<Project::GroupSetting> *out)
    {
        for (auto &&[k, v] : t) {
            Project::GroupSetting g;
            g.name = qs(k.str());
            g.line = lineOf(k.source());
            if (stringOrStrings(v, g.line, QStringLiteral("groups.") + g.name, &g.patterns))
                out->push_back(g);
        }
    }

    void lint(const toml::table &t, std::vector<Project::LintLevelSetting> *out)
    {
        for (auto &&[k, v] : t) {
            const QString key = qs(k.str());
            const int line = lineOf(k.source());
            const QString path = QStringLiteral("lint.") + key;
            const auto *s = v.as_string();
            const QString value = s ? qs(s->get()) : QString();
            if (value != u"off" && value != u"notice" && value != u"warning" && value != u"error") {
                fail(line, path,
                     QStringLiteral("expected \"off\", \"notice\", \"warning\" or \"error\", "
                                    "got %1")
                         .arg(s ? QStringLiteral("\"%1\"").arg(value) : typeName(v.type())));
                continue;
            }
            out->push_back({key, value, line});
        }
    }

    void project(const toml::table &t, Project *p, QString *scripts, QString *alembicIni)
    {
        for (auto &&[k, v] : t) {
            const QString key = qs(k.str());
            const QString path = QStringLiteral("project.") + key;
            const int line = lineOf(k.source());
            if (key == u"name") {
                if (string(v, line, path, &p->name) && p->name.contains(u'/'))
                    fail(line, path, QStringLiteral("the name must not contain '/'"));
            } else if (key == u"scripts") {
                string(v, line, path, scripts);
            } else if (key == u"alembic_ini") {
                string(v, line, path, alembicIni);
            } else if (key == u"version_table") {
                if (string(v, line, path, &p->versionTable) && !isValidRevisionId(p->versionTable))
                    fail(line, path,
                         QStringLiteral("'%1' is not a plain table name (letters, digits, '_')")
                             .arg(p->versionTable));
            } else if (key == u"version_table_schema") {
                if (string(v, line, path, &p->versionTableSchema) &&
                    !isValidRevisionId(p->versionTableSchema))
                    fail(line, path,
                         QStringLiteral("'%1' is not a plain schema name (letters, digits, '_')")
                             .arg(p->versionTableSchema));
            } else if (key == u"scratch") {
                if (string(v, line, path, &p->scratch))
                    p->scratchLine = line;
            } else if (!isSecretKey(key)) {
                fail(line, path,
                     QStringLiteral("unknown key; expected name, scripts, alembic_ini, "
                                    "version_table, version_table_schema or scratch"));
            }
        }
        if (!scripts->isEmpty() && !alembicIni->isEmpty())
            fail(lineOf(t.source()), QStringLiteral("project"),
                 QStringLiteral("give either 'scripts' or 'alembic_ini', not both"));
    }

    void ssh(const toml::table &t, const QString &prefix, SshConfig *ssh)
    {
        bool hasHost = false;
        for (auto &&[k, v] : t) {
            const QString key = qs(k.str());
            const QString path = prefix + u'.' + key;
            const int line = lineOf(k.source());
            if (key == u"host") {
                hasHost = string(v, line, path, &ssh->host);
            } else if (key == u"port") {
                port(v, line, path, &ssh->port);
            } else if (key == u"user") {
                string(v, line, path, &ssh->user);
            } else if (key == u"key") {
                string(v, line, path, &ssh->key);
            } else if (key == u"agent") {
                boolean(v, line, path, &ssh->agent);
            } else if (key == u"known_hosts") {
                string(v, line, path, &ssh->knownHosts);
            } else if (!isSecretKey(key)) {
                fail(line, path,
                     QStringLiteral("unknown key; expected host, port, user, key, agent or "
                                    "known_hosts"));
            }
        }
        if (!hasHost)
            fail(lineOf(t.source()), prefix, QStringLiteral("missing 'host'"));
    }

    void environment(const QString &name, const toml::table &t, const QString &root,
                     Environment *env)
    {
        const QString prefix = QStringLiteral("environments.") + name;
        env->name = name;
        env->line = lineOf(t.source());
        bool hasDriver = false;
        bool hasDatabase = false;
        for (auto &&[k, v] : t) {
            const QString key = qs(k.str());
            const QString path = prefix + u'.' + key;
            const int line = lineOf(k.source());
            if (key == u"driver") {
                hasDriver = true; // a bad value is reported here, not as a missing key
                if (string(v, line, path, &env->driver) &&
                    std::find(kDrivers.begin(), kDrivers.end(), env->driver) == kDrivers.end())
                    fail(line, path,
                         QStringLiteral("unknown driver '%1'; expected sqlite, postgresql or mysql")
                             .arg(env->driver));
            } else if (key == u"database") {
                string(v, line, path, &env->database);
                hasDatabase = true;
            } else if (key == u"host") {
                string(v, line, path, &env->host);
            } else if (key == u"port") {
                port(v, line, path, &env->port);
            } else if (key == u"user") {
                string(v, line, path, &env->user);
            } else if (key == u"options") {
                string(v, line, path, &env->options, true);
            } else if (key == u"protected") {
                boolean(v, line, path, &env->isProtected);
            } else if (key == u"group") {
                stringOrStrings(v, line, path, &env->groups);
            } else if (key == u"ssh") {
                if (const toml::table *st = v.as_table()) {
                    env->ssh.emplace();
                    ssh(*st, path, &*env->ssh);
                } else {
                    fail(line, path,
                         QStringLiteral("expected a table [%1], got %2")
                             .arg(path, typeName(v.type())));
                }
            } else if (!isSecretKey(key)) {
                fail(line, path,
                     QStringLiteral("unknown key; expected driver, database, host, port, user, "
                                    "options, protected, group or ssh"));
            }
        }
        if (!hasDriver)
            fail(env->line, prefix,
                 QStringLiteral("missing 'driver' (sqlite, postgresql or mysql)"));
        if (!hasDatabase)
            fail(env->line, prefix, QStringLiteral("missing 'database'"));

        if (env->driver == u"sqlite" && !env->database.isEmpty() && env->database != u":memory:" &&
            !env->database.startsWith(u"file:")) {
            QString db = env->database;
            if (db == u"~" || db.startsWith(u"~/"))
                db = QDir::homePath() + db.mid(1);
            env->database = QDir::cleanPath(QDir(root).absoluteFilePath(db));
        }
    }

    // Every [environments.NAME] table of `envs`, in file order, into `out`.
    void environments(const toml::table &envs, const QString &root, std::vector<Environment> *out)
    {
        for (auto &&[ek, ev] : envs) {
            const QString name = qs(ek.str());
            const QString envPath = QStringLiteral("environments.") + name;
            const int envLine = lineOf(ek.source());
            if (isSecretKey(name))
                continue; // reported by checkSecrets
            const toml::table *et = ev.as_table();
            if (!et) {
                fail(envLine, envPath,
                     QStringLiteral("expected a table [%1], got %2")
                         .arg(envPath, typeName(ev.type())));
                continue;
            }
            if (name.trimmed() != name || name.isEmpty() || name.contains(u'/')) {
                fail(envLine, envPath,
                     QStringLiteral("an environment name must be non-empty, without "
                                    "'/' or surrounding spaces"));
                continue;
            }
            Environment env;
            environment(name, *et, root, &env);
            out->push_back(std::move(env));
        }
    }

    // `scratch = "ENV"` must name an environment that may host scratch databases.
    void checkScratch(const Project &p)
    {
        if (p.scratch.isEmpty())
            return;
        const QString path = QStringLiteral("project.scratch");
        const Environment *env = p.environment(p.scratch);
        if (!env) {
            QStringList names;
            for (const Environment &e : p.environments)
                names << e.name;
            fail(p.scratchLine, path,
                 QStringLiteral("no environment '%1'; expected one of: %2")
                     .arg(p.scratch, names.isEmpty() ? QStringLiteral("(none defined)")
                                                     : names.join(QStringLiteral(", "))));
        } else if (env->isProtected) {
            fail(p.scratchLine, path,
                 QStringLiteral("environment '%1' is protected; scratch databases are created "
                                "and dropped on the scratch server, so name an unprotected "
                                "(local or CI) environment")
                     .arg(p.scratch));
        } else if (env->driver != u"postgresql" && env->driver != u"mysql") {
            fail(p.scratchLine, path,
                 QStringLiteral("environment '%1' is %2; a scratch server must be postgresql or "
                                "mysql (SQLite replays need none)")
                     .arg(p.scratch, env->driver));
        }
    }

    QString m_file;
    std::vector<Error> m_errors;
};

// Fills `p`'s Alembic fields from the ini at `iniPath`.
Status applyAlembicIni(Project &p, const QString &iniPath)
{
    auto ini = AlembicIni::read(iniPath);
    if (!ini)
        return ini.error();
    p.alembicIni = ini->file;
    p.alembicScriptLocation = ini->scriptLocation;
    p.versionDirs = ini->versionLocations.isEmpty()
                        ? QStringList{ini->scriptLocation + QStringLiteral("/versions")}
                        : ini->versionLocations;
    p.skipMissingVersionDirs = !ini->versionLocations.isEmpty();
    p.scriptsDir = p.versionDirs.front();
    if (!ini->versionTable.isEmpty())
        p.versionTable = ini->versionTable;
    if (!ini->versionTableSchema.isEmpty())
        p.versionTableSchema = ini->versionTableSchema;
    if (p.environments.empty() && ini->url)
        p.environments.push_back(*ini->url);
    return {};
}

} // namespace

const Environment *Project::environment(const QString &name) const
{
    for (const Environment &e : environments) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

namespace {

bool isGlob(const QString &text)
{
    return text.contains(u'*') || text.contains(u'?') || text.contains(u'[');
}

bool globMatches(const QString &glob, const QString &name)
{
    // Names hold no '/', so the path form of the conversion (Qt 6.4) is the plain glob.
    const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(glob));
    return re.match(name).hasMatch();
}

} // namespace

QStringList Project::groupNames() const
{
    QStringList names;
    for (const GroupSetting &g : groups)
        names.append(g.name);
    for (const Environment &e : environments)
        names.append(e.groups);
    names.removeDuplicates();
    names.sort();
    return names;
}

std::vector<const Environment *> Project::groupMembers(const QString &name) const
{
    std::vector<const Environment *> out;
    const GroupSetting *setting = nullptr;
    for (const GroupSetting &g : groups)
        if (g.name == name)
            setting = &g;
    for (const Environment &e : environments) {
        bool member = e.groups.contains(name);
        if (!member && setting)
            for (const QString &pattern : setting->patterns)
                if (globMatches(pattern, e.name)) {
                    member = true;
                    break;
                }
        if (member)
            out.push_back(&e);
    }
    return out;
}

Result<std::vector<const Environment *>> Project::selectEnvironments(const QString &selector) const
{
    QStringList names;
    for (const Environment &e : environments)
        names.append(e.name);
    const QString known =
        names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
    if (selector.startsWith(u'@')) {
        const QString group = selector.mid(1);
        const QStringList groupsKnown = groupNames();
        if (!groupsKnown.contains(group))
            return Error(QStringLiteral("no group '%1' in %2 (groups: %3)")
                             .arg(group, file,
                                  groupsKnown.isEmpty() ? QStringLiteral("none")
                                                        : groupsKnown.join(QStringLiteral(", "))));
        auto members = groupMembers(group);
        if (members.empty())
            return Error(QStringLiteral("group '%1' has no environment (environments: %2)")
                             .arg(group, known));
        return members;
    }
    std::vector<const Environment *> out;
    if (isGlob(selector)) {
        for (const Environment &e : environments)
            if (globMatches(selector, e.name))
                out.push_back(&e);
        if (out.empty())
            return Error(QStringLiteral("'%1' matches no environment in %2 (environments: %3)")
                             .arg(selector, file, known));
        return out;
    }
    if (const Environment *e = environment(selector))
        return std::vector<const Environment *>{e};
    return Error(
        QStringLiteral("no environment '%1' in %2 (environments: %3)").arg(selector, file, known));
}

Result<Project> Project::load(const QString &dirOrFile)
{
    // A folder (existing, or any path not naming a .toml or .ini file) means its retort.toml, or
    // its alembic.ini when it has no retort.toml.
    const QFileInfo given(dirOrFile);
    if (given.isFile() && given.suffix() == u"ini")
        return loadAlembic(given.absoluteFilePath());
    const bool isDir =
        given.isDir() || (!given.exists() && given.suffix() != u"toml" && given.suffix() != u"ini");
    const QString path =
        QDir::cleanPath(isDir ? QDir(given.absoluteFilePath()).absoluteFilePath(fileName.toString())
                              : given.absoluteFilePath());
    QFile file(path);
    if (!file.exists()) {
        if (isDir) {
            const QString ini =
                QDir(given.absoluteFilePath()).absoluteFilePath(alembicFileName.toString());
            if (QFileInfo(ini).isFile())
                return loadAlembic(ini);
            return Error(QStringLiteral("no %1 or %2 found").arg(fileName, alembicFileName), path);
        }
        return Error(QStringLiteral("no %1 found").arg(fileName), path);
    }
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read: %1").arg(file.errorString()), path);
    return parse(file.readAll(), path);
}

Result<Project> Project::loadAlembic(const QString &iniPath)
{
    Project p;
    p.file = QDir::cleanPath(QFileInfo(iniPath).absoluteFilePath());
    p.root = QFileInfo(p.file).absolutePath();
    p.name = QFileInfo(p.root).fileName();
    if (auto st = applyAlembicIni(p, p.file); !st)
        return st.error();
    return p;
}

Result<Project> Project::parse(const QByteArray &bytes, const QString &path)
{
    Project p;
    p.file = path;
    p.root = QFileInfo(path).absolutePath();
    p.name = QFileInfo(p.root).fileName();

    toml::table doc;
    try {
        const QByteArray source = path.toUtf8();
        doc = toml::parse(std::string_view(bytes.constData(), size_t(bytes.size())),
                          std::string_view(source.constData(), size_t(source.size())));
    } catch (const toml::parse_error &e) {
        return Error(QStringLiteral("TOML syntax error: %1").arg(qs(e.description())), path,
                     lineOf(e.source()));
    }

    Loader loader(path);
    loader.checkSecrets(doc, {});
    QString scripts;
    QString alembicIni;
    for (auto &&[k, v] : doc) {
        const QString key = qs(k.str());
        const int line = lineOf(k.source());
        if (key == u"project") {
            if (const toml::table *t = v.as_table())
                loader.project(*t, &p, &scripts, &alembicIni);
            else
                loader.fail(
                    line, key,
                    QStringLiteral("expected a table [project], got %1").arg(typeName(v.type())));
        } else if (key == u"environments") {
            if (const toml::table *envs = v.as_table())
                loader.environments(*envs, p.root, &p.environments);
            else
                loader.fail(line, key,
                            QStringLiteral("expected tables [environments.NAME], got %1")
                                .arg(typeName(v.type())));
        } else if (key == u"lint") {
            if (const toml::table *t = v.as_table())
                loader.lint(*t, &p.lintLevels);
            else
                loader.fail(
                    line, key,
                    QStringLiteral("expected a table [lint], got %1").arg(typeName(v.type())));
        } else if (key == u"groups") {
            if (const toml::table *t = v.as_table())
                loader.groups(*t, &p.groups);
            else
                loader.fail(
                    line, key,
                    QStringLiteral("expected a table [groups], got %1").arg(typeName(v.type())));
        } else if (!isSecretKey(key)) {
            loader.fail(line, key,
                        QStringLiteral("unknown key or table; expected [project], "
                                       "[environments.NAME], [groups] or [lint]"));
        }
    }
    if (!loader.hasErrors())
        loader.checkScratch(p);
    if (loader.hasErrors())
        return loader.firstError();

    std::stable_sort(p.environments.begin(), p.environments.end(),
                     [](const Environment &a, const Environment &b) { return a.line < b.line; });

    if (!alembicIni.isEmpty()) {
        if (auto st =
                applyAlembicIni(p, QDir::cleanPath(QDir(p.root).absoluteFilePath(alembicIni)));
            !st)
            return st.error();
    } else {
        p.scriptsDir = QDir::cleanPath(QDir(p.root).absoluteFilePath(
            scripts.isEmpty() ? QStringLiteral("versions") : scripts));
        p.versionDirs = QStringList{p.scriptsDir};
    }
    return p;
}

QString Project::findUpwards(const QString &startDir)
{
    const QFileInfo start(startDir);
    QDir dir(start.isDir() || !start.exists() ? start.absoluteFilePath() : start.absolutePath());
    while (true) {
        if (QFileInfo(dir.filePath(fileName.toString())).isFile() ||
            QFileInfo(dir.filePath(alembicFileName.toString())).isFile())
            return QDir::cleanPath(dir.absolutePath());
        if (!dir.cdUp())
            return {};
    }
}

Status Project::init(const QString &dir, const QString &name)
{
    QDir root(dir);
    if (!root.exists() && !root.mkpath(QStringLiteral(".")))
        return Error(QStringLiteral("cannot create the project folder"), root.absolutePath());
    const QString rootPath = QDir::cleanPath(root.absolutePath());
    const QString file = root.absoluteFilePath(fileName.toString());
    if (QFileInfo::exists(file))
        return Error(QStringLiteral("already a Retort project; not overwriting %1").arg(fileName),
                     file);
    const QString versions = root.absoluteFilePath(QStringLiteral("versions"));
    if (QFileInfo(versions).exists()) {
        const QDir v(versions);
        if (!QFileInfo(versions).isDir())
            return Error(QStringLiteral("'versions' exists and is not a folder"), versions);
        if (!v.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
            return Error(QStringLiteral("the versions folder is not empty; not starting a new "
                                        "project over existing scripts"),
                         versions);
    }

    const QString projectName =
        name.trimmed().isEmpty() ? QFileInfo(rootPath).fileName() : name.trimmed();
    if (projectName.isEmpty() || projectName.contains(u'/'))
        return Error(QStringLiteral("invalid project name '%1'").arg(projectName));
    QString dbBase = slugify(projectName);
    if (dbBase.isEmpty() || dbBase == u"_")
        dbBase = QStringLiteral("local");

    QString text;
    text += QStringLiteral("# Retort project file. Paths are relative to this file.\n"
                           "# No secrets here: Retort keeps passwords in the OS keychain.\n\n");
    text += QStringLiteral("[project]\n");
    text += QStringLiteral("name = %1\n").arg(tomlString(projectName));
    text += QStringLiteral("scripts = \"versions\"\n");
    text += QStringLiteral("version_table = \"alembic_version\"\n\n");
    text += QStringLiteral("[environments.local]\n");
    text += QStringLiteral("driver = \"sqlite\"\n");
    text += QStringLiteral("database = %1\n").arg(tomlString(dbBase + QStringLiteral(".db")));

    if (!root.mkpath(QStringLiteral("versions")))
        return Error(QStringLiteral("cannot create the versions folder"), versions);
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return Error(QStringLiteral("cannot create: %1").arg(out.errorString()), file);
    const QByteArray bytes = text.toUtf8();
    if (out.write(bytes) != bytes.size() || !out.flush()) {
        const QString why = out.errorString();
        out.close();
        out.remove();
        return Error(QStringLiteral("cannot write: %1").arg(why), file);
    }
    out.close();

    Result<Project> check = load(file);
    if (!check)
        return check.error();
    return Status::success();
}

} // namespace retort
