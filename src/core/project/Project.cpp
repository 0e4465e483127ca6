#include "project/Project.h"

#include "project/ProjectWriter.h"

#include "scripts/ScriptParser.h"
#include "scripts/ScriptWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QUrl>

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
            } else if (!isSecretKey(key)) {
                fail(line, path,
                     QStringLiteral("unknown key; expected name, scripts, alembic_ini, "
                                    "version_table or version_table_schema"));
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
                                    "options, protected or ssh"));
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

    QString m_file;
    std::vector<Error> m_errors;
};

// One `key = value` of an ini section, before interpolation.
struct IniValue {
    QString raw;
    int line = 0;
};
using IniSection = QHash<QString, IniValue>;

// configparser's BasicInterpolation: `%(name)s` from `section` (then `defaults`), `%%` -> `%`.
Result<QString> interpolate(const QString &raw, const IniSection &section,
                            const IniSection &defaults, const QString &file, int line, int depth)
{
    if (depth > 10)
        return Error(QStringLiteral("interpolation is nested too deeply"), file, line);
    QString out;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw[i];
        if (c != u'%') {
            out += c;
            continue;
        }
        if (i + 1 < raw.size() && raw[i + 1] == u'%') {
            out += u'%';
            ++i;
            continue;
        }
        const qsizetype close = raw.indexOf(QStringLiteral(")s"), i);
        if (i + 1 >= raw.size() || raw[i + 1] != u'(' || close < 0)
            return Error(QStringLiteral("'%' must be followed by '%' or '(' (write %% for a "
                                        "literal %)"),
                         file, line);
        const QString name = raw.mid(i + 2, close - i - 2).toLower();
        auto it = section.constFind(name);
        if (it == section.constEnd()) {
            it = defaults.constFind(name);
            if (it == defaults.constEnd())
                return Error(QStringLiteral("bad interpolation: no option '%1'").arg(name), file,
                             line);
        }
        auto value = interpolate(it->raw, section, defaults, file, it->line, depth + 1);
        if (!value)
            return value.error();
        out += *value;
        i = close + 1;
    }
    return out;
}

// SQLAlchemy's URL form: dialect[+driver]://[user[:password]@][host][:port][/database][?query]
Environment alembicUrlEnvironment(const QString &url, const QString &here, int line, QString *note)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^(?<name>[\w+]+)://(?:(?<user>[^:/]*)(?::(?<password>[^@]*))?@)?)"
                       R"((?:(?:\[(?<ipv6>[^/?]+)\]|(?<host>[^/:?]+))?(?::(?<port>[^/?]*))?)?)"
                       R"((?:/(?<database>[^?]*))?(?:\?(?<query>.*))?$)"));
    Environment env;
    env.name = QStringLiteral("alembic");
    env.line = line;
    const QRegularExpressionMatch m = re.match(url);
    if (!m.hasMatch()) {
        *note = QStringLiteral("sqlalchemy.url is not a URL Retort can read; no environment "
                               "offered");
        return {};
    }
    const QString scheme = m.captured(u"name").toLower();
    const QString dialect = scheme.section(u'+', 0, 0);
    if (dialect == u"sqlite")
        env.driver = QStringLiteral("sqlite");
    else if (dialect == u"postgresql" || dialect == u"postgres")
        env.driver = QStringLiteral("postgresql");
    else if (dialect == u"mysql" || dialect == u"mariadb")
        env.driver = QStringLiteral("mysql");
    else {
        *note = QStringLiteral("sqlalchemy.url: '%1' is not a database Retort supports (sqlite, "
                               "postgresql, mysql, mariadb); no environment offered")
                    .arg(scheme);
        return {};
    }
    env.urlHadPassword = m.hasCaptured(u"password") && !m.captured(u"password").isEmpty();
    env.user = QUrl::fromPercentEncoding(m.captured(u"user").toUtf8());
    env.host = m.hasCaptured(u"ipv6") ? m.captured(u"ipv6") : m.captured(u"host");
    if (const QString port = m.captured(u"port"); !port.isEmpty()) {
        bool ok = false;
        env.port = port.toInt(&ok);
        if (!ok || env.port < 1 || env.port > 65535) {
            *note = QStringLiteral("sqlalchemy.url: port '%1' is not a number from 1 to 65535; "
                                   "no environment offered")
                        .arg(port);
            return {};
        }
    }
    env.database = m.captured(u"database");
    if (env.driver == u"sqlite") {
        if (env.database.isEmpty())
            env.database = QStringLiteral(":memory:");
        else if (env.database != u":memory:" && !env.database.startsWith(u"file:"))
            env.database = QDir::cleanPath(QDir(here).absoluteFilePath(env.database));
    } else if (env.database.isEmpty()) {
        *note = QStringLiteral("sqlalchemy.url names no database; no environment offered");
        return {};
    }
    return env;
}

} // namespace

Result<AlembicIni> AlembicIni::read(const QString &iniPath)
{
    const QString path = QFileInfo(iniPath).absoluteFilePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read alembic.ini: %1").arg(file.errorString()), path);
    const QString here = QFileInfo(path).absolutePath();
    QString text = QString::fromUtf8(file.readAll());
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);

    // Parse every section (only [DEFAULT] and [alembic] are used).
    IniSection defaults;
    IniSection alembic;
    defaults.insert(QStringLiteral("here"), {here, 0});
    IniSection *current = nullptr; // null: outside [DEFAULT] / [alembic]
    bool inSection = false;
    IniValue *last = nullptr; // the value continuation lines extend
    int blanks = 0;           // blank lines since `last`'s last line
    int lineNo = 0;
    for (QStringView raw : QStringView(text).tokenize(u'\n')) {
        ++lineNo;
        if (raw.endsWith(u'\r'))
            raw.chop(1);
        const QStringView line = raw.trimmed();
        if (line.isEmpty()) {
            ++blanks;
            continue;
        }
        if (line.startsWith(u'#') || line.startsWith(u';'))
            continue;
        if (raw.front().isSpace() && last) { // a continuation line
            last->raw += QString(blanks + 1, u'\n') + line.toString();
            blanks = 0;
            continue;
        }
        blanks = 0;
        if (line.startsWith(u'[')) {
            const qsizetype close = line.indexOf(u']');
            if (close < 0)
                return Error(QStringLiteral("malformed section header"), path, lineNo);
            const QStringView name = line.sliced(1, close - 1);
            inSection = true;
            current = name == u"DEFAULT" ? &defaults : name == u"alembic" ? &alembic : nullptr;
            last = nullptr;
            continue;
        }
        if (!inSection)
            return Error(QStringLiteral("a key before any [section]"), path, lineNo);
        qsizetype sep = line.indexOf(u'=');
        const qsizetype colon = line.indexOf(u':');
        if (sep < 0 || (colon >= 0 && colon < sep))
            sep = colon;
        if (sep <= 0)
            return Error(QStringLiteral("expected 'key = value'"), path, lineNo);
        if (!current) {
            last = nullptr;
            continue;
        }
        const QString key = line.first(sep).trimmed().toString().toLower();
        IniValue &v = (*current)[key];
        v = {line.sliced(sep + 1).trimmed().toString(), lineNo};
        last = &v;
    }

    AlembicIni ini;
    ini.file = path;
    auto value = [&](const char *key, QString *out, int *line = nullptr) -> Status {
        const QString k = QLatin1String(key);
        auto it = alembic.constFind(k);
        if (it == alembic.constEnd()) {
            it = defaults.constFind(k);
            if (it == defaults.constEnd() || k == u"here")
                return {};
        }
        auto v = interpolate(it->raw, alembic, defaults, path, it->line, 0);
        if (!v)
            return v.error();
        *out = v->trimmed();
        if (line)
            *line = it->line;
        return {};
    };
    QString scriptLocation, versionLocations, separator, url;
    int scriptLine = 0, locationsLine = 0, separatorLine = 0, urlLine = 0;
    for (const Status &st : {value("script_location", &scriptLocation, &scriptLine),
                             value("version_locations", &versionLocations, &locationsLine),
                             value("version_path_separator", &separator, &separatorLine),
                             value("version_table", &ini.versionTable),
                             value("version_table_schema", &ini.versionTableSchema),
                             value("sqlalchemy.url", &url, &urlLine)})
        if (!st)
            return st.error();
    if (alembic.isEmpty() && defaults.size() == 1)
        return Error(QStringLiteral("no [alembic] section"), path);
    if (scriptLocation.isEmpty())
        return Error(QStringLiteral("no script_location in the [alembic] section"), path);
    if (!QDir::isAbsolutePath(scriptLocation) && scriptLocation.contains(u':'))
        return Error(QStringLiteral("script_location '%1' names a Python package; give a folder")
                         .arg(scriptLocation),
                     path, scriptLine);
    const QDir base(here);
    ini.scriptLocation = QDir::cleanPath(base.absoluteFilePath(scriptLocation));

    if (!versionLocations.isEmpty()) {
        // Newer templates write `version_path_separator = os  # Use os.pathsep...`.
        separator = separator.section(u'#', 0, 0).trimmed();
        QStringList parts;
        if (separator.isEmpty()) { // Alembic's legacy split: commas and spaces
            static const QRegularExpression legacy(QStringLiteral(", *| +"));
            parts = versionLocations.split(legacy);
        } else {
            QString sep;
            if (separator == u"os" || separator == u":" || separator == u"colon")
                sep = QStringLiteral(":");
            else if (separator == u";" || separator == u"semicolon")
                sep = QStringLiteral(";");
            else if (separator == u"space")
                sep = QStringLiteral(" ");
            else if (separator == u"newline")
                sep = QStringLiteral("\n");
            else
                return Error(QStringLiteral("'%1' is not a valid version_path_separator; expected "
                                            "os, space, newline, colon (':') or semicolon (';')")
                                 .arg(separator),
                             path, separatorLine);
            parts = versionLocations.split(sep);
        }
        for (const QString &part : parts) {
            const QString location = part.trimmed();
            if (location.isEmpty())
                continue;
            if (!QDir::isAbsolutePath(location) && location.contains(u':'))
                return Error(QStringLiteral("version location '%1' names a Python package; give "
                                            "a folder")
                                 .arg(location),
                             path, locationsLine);
            ini.versionLocations.append(QDir::cleanPath(base.absoluteFilePath(location)));
        }
    }
    if (!url.isEmpty()) {
        Environment env = alembicUrlEnvironment(url, here, urlLine, &ini.urlNote);
        if (!env.driver.isEmpty())
            ini.url = std::move(env);
    }
    return ini;
}

namespace {

// Fills `p`'s Alembic fields from the ini at `iniPath`.
Status applyAlembicIni(Project &p, const QString &iniPath)
{
    auto ini = AlembicIni::read(iniPath);
    if (!ini)
        return ini.error();
    p.alembicIni = ini->file;
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
            const toml::table *envs = v.as_table();
            if (!envs) {
                loader.fail(line, key,
                            QStringLiteral("expected tables [environments.NAME], got %1")
                                .arg(typeName(v.type())));
                continue;
            }
            for (auto &&[ek, ev] : *envs) {
                const QString name = qs(ek.str());
                const QString envPath = QStringLiteral("environments.") + name;
                const int envLine = lineOf(ek.source());
                if (isSecretKey(name))
                    continue; // reported by checkSecrets
                const toml::table *et = ev.as_table();
                if (!et) {
                    loader.fail(envLine, envPath,
                                QStringLiteral("expected a table [%1], got %2")
                                    .arg(envPath, typeName(ev.type())));
                    continue;
                }
                if (name.trimmed() != name || name.isEmpty() || name.contains(u'/')) {
                    loader.fail(envLine, envPath,
                                QStringLiteral("an environment name must be non-empty, without "
                                               "'/' or surrounding spaces"));
                    continue;
                }
                Environment env;
                loader.environment(name, *et, p.root, &env);
                p.environments.push_back(std::move(env));
            }
        } else if (!isSecretKey(key)) {
            loader.fail(line, key,
                        QStringLiteral("unknown key or table; expected [project] or "
                                       "[environments.NAME]"));
        }
    }
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

Result<QString> alembicUrlPassword(const QString &iniPath)
{
    QFile file(iniPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error(QStringLiteral("cannot read: %1").arg(file.errorString()), iniPath);
    static const QRegularExpression key(QStringLiteral(R"(^\s*sqlalchemy\.url\s*[=:]\s*(\S+)\s*$)"),
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression password(QStringLiteral(R"(^[\w+]+://[^:/@]*:([^@]*)@)"));
    bool inAlembic = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(u'[') && line.endsWith(u']')) {
            inAlembic = line.sliced(1, line.size() - 2).trimmed() == u"alembic";
            continue;
        }
        if (!inAlembic)
            continue;
        const auto m = key.match(line);
        if (!m.hasMatch())
            continue;
        const auto p = password.match(m.captured(1));
        return p.hasMatch() ? QUrl::fromPercentEncoding(p.captured(1).toUtf8()) : QString();
    }
    return QString();
}

} // namespace retort
