#include "project/AlembicIni.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QUrl>

namespace retort {

namespace {

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

// The sections of alembic.ini Retort reads, before interpolation.
struct IniSections {
    IniSection defaults; // [DEFAULT], with `here` (the ini's folder)
    IniSection alembic;  // [alembic]
};

// The ini's text, without a BOM.
Result<QString> readIniText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read alembic.ini: %1").arg(file.errorString()), path);
    QString text = QString::fromUtf8(file.readAll());
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    return text;
}

// Step 1 of AlembicIni::read: parses every section of `text` (only [DEFAULT] and [alembic] are
// kept) as configparser does: comment lines, continuation lines (blank lines inside a value
// kept), `key = value` or `key: value` with lower-cased keys.
Result<IniSections> parseSections(const QString &text, const QString &path, const QString &here)
{
    IniSections ini;
    ini.defaults.insert(QStringLiteral("here"), {here, 0});
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
            current = name == u"DEFAULT"   ? &ini.defaults
                      : name == u"alembic" ? &ini.alembic
                                           : nullptr;
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
    return ini;
}

// Step 2: the option `key` of [alembic] (else of [DEFAULT]; `here` is not an option),
// interpolated and trimmed, into `out` and its line into `line`; both untouched when absent.
Status option(const IniSections &ini, const QString &path, const char *key, QString *out,
              int *line = nullptr)
{
    const QString k = QLatin1String(key);
    auto it = ini.alembic.constFind(k);
    if (it == ini.alembic.constEnd()) {
        it = ini.defaults.constFind(k);
        if (it == ini.defaults.constEnd() || k == u"here")
            return {};
    }
    auto v = interpolate(it->raw, ini.alembic, ini.defaults, path, it->line, 0);
    if (!v)
        return v.error();
    *out = v->trimmed();
    if (line)
        *line = it->line;
    return {};
}

// The raw options AlembicIni::read interprets, with their lines (0: absent).
struct Options {
    QString scriptLocation, versionLocations, separator, url;
    int scriptLine = 0, locationsLine = 0, separatorLine = 0, urlLine = 0;
};

// Step 3: version_locations (not empty) split as version_path_separator says, each folder
// resolved against `base` (the ini's folder).
Result<QStringList> splitVersionLocations(const Options &o, const QDir &base, const QString &path)
{
    // Newer templates write `version_path_separator = os  # Use os.pathsep...`.
    const QString separator = o.separator.section(u'#', 0, 0).trimmed();
    QStringList parts;
    if (separator.isEmpty()) { // Alembic's legacy split: commas and spaces
        static const QRegularExpression legacy(QStringLiteral(", *| +"));
        parts = o.versionLocations.split(legacy);
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
                         path, o.separatorLine);
        parts = o.versionLocations.split(sep);
    }
    QStringList locations;
    for (const QString &part : parts) {
        const QString location = part.trimmed();
        if (location.isEmpty())
            continue;
        if (!QDir::isAbsolutePath(location) && location.contains(u':'))
            return Error(QStringLiteral("version location '%1' names a Python package; give "
                                        "a folder")
                             .arg(location),
                         path, o.locationsLine);
        locations.append(QDir::cleanPath(base.absoluteFilePath(location)));
    }
    return locations;
}

} // namespace

Result<AlembicIni> AlembicIni::read(const QString &iniPath)
{
    const QString path = QFileInfo(iniPath).absoluteFilePath();
    const Result<QString> text = readIniText(path);
    if (!text)
        return text.error();
    const QString here = QFileInfo(path).absolutePath();
    const Result<IniSections> sections = parseSections(*text, path, here);
    if (!sections)
        return sections.error();

    AlembicIni ini;
    ini.file = path;
    Options o;
    const IniSections &s = *sections;
    for (const Status &st :
         {option(s, path, "script_location", &o.scriptLocation, &o.scriptLine),
          option(s, path, "version_locations", &o.versionLocations, &o.locationsLine),
          option(s, path, "version_path_separator", &o.separator, &o.separatorLine),
          option(s, path, "version_table", &ini.versionTable),
          option(s, path, "version_table_schema", &ini.versionTableSchema),
          option(s, path, "sqlalchemy.url", &o.url, &o.urlLine)})
        if (!st)
            return st.error();
    if (s.alembic.isEmpty() && s.defaults.size() == 1)
        return Error(QStringLiteral("no [alembic] section"), path);
    if (o.scriptLocation.isEmpty())
        return Error(QStringLiteral("no script_location in the [alembic] section"), path);
    if (!QDir::isAbsolutePath(o.scriptLocation) && o.scriptLocation.contains(u':'))
        return Error(QStringLiteral("script_location '%1' names a Python package; give a folder")
                         .arg(o.scriptLocation),
                     path, o.scriptLine);
    const QDir base(here);
    ini.scriptLocation = QDir::cleanPath(base.absoluteFilePath(o.scriptLocation));
    if (!o.versionLocations.isEmpty()) {
        Result<QStringList> locations = splitVersionLocations(o, base, path);
        if (!locations)
            return locations.error();
        ini.versionLocations = std::move(*locations);
    }
    if (!o.url.isEmpty()) {
        Environment env = alembicUrlEnvironment(o.url, here, o.urlLine, &ini.urlNote);
        if (!env.driver.isEmpty())
            ini.url = std::move(env);
    }
    return ini;
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
