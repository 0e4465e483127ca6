#include "project/ProjectWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#include <utility>
#include <vector>

namespace retort {

namespace {

// A retort.toml as lines, each with its line ending, so untouched lines are written back
// byte for byte.
struct Lines {
    std::vector<QString> lines;
    QString eol = QStringLiteral("\n");

    explicit Lines(const QByteArray &text)
    {
        const QString s = QString::fromUtf8(text);
        if (s.contains(QStringLiteral("\r\n")))
            eol = QStringLiteral("\r\n");
        qsizetype start = 0;
        while (start < s.size()) {
            qsizetype end = s.indexOf(u'\n', start);
            end = end < 0 ? s.size() : end + 1;
            lines.push_back(s.mid(start, end - start));
            start = end;
        }
    }
    QByteArray text() const
    {
        QString s;
        for (const QString &l : lines)
            s += l;
        return s.toUtf8();
    }
    static QString body(const QString &line)
    {
        QString b = line;
        while (b.endsWith(u'\n') || b.endsWith(u'\r'))
            b.chop(1);
        return b;
    }
};

// The dotted key of a `[a.b."c d"]` header line, unquoted; empty when the line is no table
// header (array-of-tables headers `[[...]]` count as headers with an empty path... of their own).
std::optional<QStringList> headerPath(const QString &line)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*\[(?!\[)(.*)\]\s*(#.*)?$)"));
    static const QRegularExpression arrayRe(QStringLiteral(R"(^\s*\[\[)"));
    const QString b = Lines::body(line);
    if (arrayRe.match(b).hasMatch())
        return QStringList{}; // a header, but never one of ours
    const auto m = re.match(b);
    if (!m.hasMatch())
        return std::nullopt;
    const QString inner = m.captured(1);
    QStringList parts;
    QString cur;
    QChar quote;
    for (qsizetype i = 0; i < inner.size(); ++i) {
        const QChar c = inner[i];
        if (!quote.isNull()) {
            if (c == quote) {
                quote = QChar();
            } else if (c == u'\\' && quote == u'"' && i + 1 < inner.size()) {
                cur += inner[++i];
            } else {
                cur += c;
            }
        } else if (c == u'"' || c == u'\'') {
            quote = c;
        } else if (c == u'.') {
            parts.append(cur.trimmed());
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts.append(cur.trimmed());
    return parts;
}

QString tomlKey(const QString &name)
{
    static const QRegularExpression bare(QStringLiteral("^[A-Za-z0-9_-]+$"));
    return bare.match(name).hasMatch() ? name : tomlString(name);
}

// A `key = value  # comment` line split around its value.
struct KeyLine {
    QString key;
    QString prefix; // up to the value
    QString suffix; // after the value: spaces and comment, without the line ending
};

std::optional<KeyLine> keyLine(const QString &line)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^(\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*)(.*)$)"));
    const auto m = re.match(Lines::body(line));
    if (!m.hasMatch())
        return std::nullopt;
    KeyLine k;
    k.prefix = m.captured(1);
    k.key = m.captured(2);
    if (k.key.startsWith(u'"') || k.key.startsWith(u'\''))
        k.key = k.key.mid(1, k.key.size() - 2);
    // Where the value ends: after a closing quote, else at a comment.
    const QString rest = m.captured(3);
    qsizetype end = rest.size();
    if (rest.startsWith(u'"') || rest.startsWith(u'\'')) {
        const QChar q = rest[0];
        for (qsizetype i = 1; i < rest.size(); ++i) {
            if (q == u'"' && rest[i] == u'\\') {
                ++i;
            } else if (rest[i] == q) {
                end = i + 1;
                break;
            }
        }
    } else {
        const qsizetype hash = rest.indexOf(u'#');
        end = hash < 0 ? rest.size() : hash;
        while (end > 0 && rest[end - 1].isSpace())
            --end;
    }
    k.suffix = rest.mid(end);
    return k;
}

// Line ranges [begin, end) of a table's body: from after its header to the next header.
struct Table {
    int header = -1;
    int end = -1; // one past the last body line
    bool found() const { return header >= 0; }
};

Table findTable(const Lines &l, const QStringList &path)
{
    Table t;
    for (int i = 0; i < int(l.lines.size()); ++i) {
        const auto p = headerPath(l.lines[size_t(i)]);
        if (!p)
            continue;
        if (t.found()) {
            t.end = i;
            return t;
        }
        if (*p == path)
            t.header = i;
    }
    if (t.found())
        t.end = int(l.lines.size());
    return t;
}

// One past the table's last line of content: trailing blank and comment lines belong to what
// follows (a comment right above a header describes that header's table).
int contentEnd(const Lines &l, const Table &t)
{
    int end = t.end;
    while (end > t.header + 1) {
        const QString b = Lines::body(l.lines[size_t(end - 1)]).trimmed();
        if (!b.isEmpty() && !b.startsWith(u'#'))
            break;
        --end;
    }
    return end;
}

// The values to write, in Retort's key order; an empty value means "not written".
using Values = std::vector<std::pair<QString, QString>>;

Values envValues(const EnvironmentSpec &s)
{
    return {{QStringLiteral("driver"), tomlString(s.driver)},
            {QStringLiteral("database"), tomlString(s.database)},
            {QStringLiteral("host"), s.host.isEmpty() ? QString() : tomlString(s.host)},
            {QStringLiteral("port"), s.port ? QString::number(s.port) : QString()},
            {QStringLiteral("user"), s.user.isEmpty() ? QString() : tomlString(s.user)},
            {QStringLiteral("options"), s.options.isEmpty() ? QString() : tomlString(s.options)},
            {QStringLiteral("protected"), s.isProtected ? QStringLiteral("true") : QString()}};
}

Values sshValues(const SshConfig &c, bool keepPort)
{
    return {
        {QStringLiteral("host"), tomlString(c.host)},
        {QStringLiteral("port"), c.port != 22 || keepPort ? QString::number(c.port) : QString()},
        {QStringLiteral("user"), c.user.isEmpty() ? QString() : tomlString(c.user)},
        {QStringLiteral("key"), c.key.isEmpty() ? QString() : tomlString(c.key)},
        {QStringLiteral("agent"), c.agent ? QStringLiteral("true") : QString()},
        {QStringLiteral("known_hosts"),
         c.knownHosts.isEmpty() ? QString() : tomlString(c.knownHosts)}};
}

// Rewrites the body of table `t` to hold `values`, keeping unrelated lines. Returns the change in
// line count.
int updateBody(Lines &l, const Table &t, const Values &values)
{
    const int before = int(l.lines.size());
    std::vector<bool> done(values.size(), false);
    int lastKey = t.header;
    int end = t.end;
    for (int i = t.header + 1; i < end; ++i) {
        const auto k = keyLine(l.lines[size_t(i)]);
        if (!k)
            continue;
        size_t v = 0;
        while (v < values.size() && values[v].first != k->key)
            ++v;
        if (v == values.size()) {
            lastKey = i;
            continue; // not one of ours: keep (validation reports it if it is wrong)
        }
        done[v] = true;
        if (values[v].second.isEmpty()) {
            l.lines.erase(l.lines.begin() + i);
            --i;
            --end;
            continue;
        }
        l.lines[size_t(i)] = k->prefix + values[v].second + k->suffix + l.eol;
        lastKey = i;
    }
    int at = lastKey + 1;
    for (size_t v = 0; v < values.size(); ++v) {
        if (done[v] || values[v].second.isEmpty())
            continue;
        l.lines.insert(l.lines.begin() + at,
                       QStringLiteral("%1 = %2").arg(values[v].first, values[v].second) + l.eol);
        ++at;
    }
    return int(l.lines.size()) - before;
}

QStringList tableBlock(const QString &header, const Values &values, const QString &eol)
{
    QStringList out{header + eol};
    for (const auto &[key, value] : values)
        if (!value.isEmpty())
            out.append(QStringLiteral("%1 = %2").arg(key, value) + eol);
    return out;
}

void ensureTrailingNewline(Lines &l)
{
    if (!l.lines.empty() && !l.lines.back().endsWith(u'\n'))
        l.lines.back() += l.eol;
}

// Removes lines [begin, end) and the comment lines directly above `begin`; then a blank line
// left doubled.
void removeBlock(Lines &l, int begin, int end)
{
    while (begin > 0 && Lines::body(l.lines[size_t(begin - 1)]).trimmed().startsWith(u'#'))
        --begin;
    l.lines.erase(l.lines.begin() + begin, l.lines.begin() + end);
    if (begin > 0 && begin < int(l.lines.size()) &&
        Lines::body(l.lines[size_t(begin - 1)]).trimmed().isEmpty() &&
        Lines::body(l.lines[size_t(begin)]).trimmed().isEmpty())
        l.lines.erase(l.lines.begin() + begin);
    while (!l.lines.empty() && Lines::body(l.lines.back()).trimmed().isEmpty())
        l.lines.pop_back();
}

Status checkSpec(const EnvironmentSpec &s)
{
    if (s.name.trimmed().isEmpty())
        return Error(QStringLiteral("an environment needs a name"));
    if (s.name.contains(u'\n') || s.name.contains(u'.'))
        return Error(QStringLiteral("environment name '%1': no dots or line breaks").arg(s.name));
    if (s.ssh && s.ssh->host.trimmed().isEmpty())
        return Error(QStringLiteral("environment '%1': the SSH tunnel needs a host").arg(s.name));
    return {};
}

bool sameSsh(const std::optional<SshConfig> &a, const std::optional<SshConfig> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a || (a->host == b->host && a->port == b->port && a->user == b->user &&
                  a->key == b->key && a->agent == b->agent && a->knownHosts == b->knownHosts);
}

// Parses the result and checks it holds exactly `spec` (so a writer bug can never save a file
// that means something else).
Status verify(const QByteArray &text, const QString &path, const EnvironmentSpec *spec,
              const QString &gone)
{
    auto project = Project::parse(text, path);
    if (!project)
        return project.error();
    if (!gone.isEmpty() && project->environment(gone))
        return Error(QStringLiteral("environment '%1' could not be removed").arg(gone), path);
    if (!spec)
        return {};
    const Environment *env = project->environment(spec->name);
    if (!env)
        return Error(QStringLiteral("environment '%1' was not written").arg(spec->name), path);
    const EnvironmentSpec back = specOf(*env, project->root);
    if (back.driver != spec->driver || back.database != spec->database || back.host != spec->host ||
        back.port != spec->port || back.user != spec->user || back.options != spec->options ||
        back.isProtected != spec->isProtected || !sameSsh(back.ssh, spec->ssh))
        return Error(QStringLiteral("environment '%1' would not read back as entered; the file "
                                    "was left unchanged")
                         .arg(spec->name),
                     path, env->line);
    return {};
}

Result<QByteArray> readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read: %1").arg(f.errorString()), path);
    return f.readAll();
}

Status writeFile(const QString &path, const QByteArray &text)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit())
        return Error(QStringLiteral("cannot write: %1").arg(f.errorString()), path);
    return {};
}

} // namespace

QString tomlString(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (QChar c : s) {
        if (c == u'"' || c == u'\\') {
            out += u'\\';
            out += c;
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7F) {
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    return out + u'"';
}

EnvironmentSpec specOf(const Environment &env, const QString &projectRoot)
{
    EnvironmentSpec s;
    s.name = env.name;
    s.driver = env.driver;
    s.database = env.database;
    if (env.driver == u"sqlite" && QFileInfo(env.database).isAbsolute()) {
        const QString rel = QDir(projectRoot).relativeFilePath(env.database);
        if (!rel.startsWith(QStringLiteral("../")) && rel != u"..")
            s.database = rel;
    }
    s.host = env.host;
    s.port = env.port;
    s.user = env.user;
    s.options = env.options;
    s.isProtected = env.isProtected;
    s.ssh = env.ssh;
    return s;
}

namespace {

// A new environment's tables at the end of the file.
void appendEnvironment(Lines &l, const EnvironmentSpec &spec, const QString &envHeader,
                       const QString &sshHeader)
{
    ensureTrailingNewline(l);
    if (!l.lines.empty() && !Lines::body(l.lines.back()).trimmed().isEmpty())
        l.lines.push_back(l.eol);
    for (const QString &line : tableBlock(envHeader, envValues(spec), l.eol))
        l.lines.push_back(line);
    if (spec.ssh) {
        l.lines.push_back(l.eol);
        for (const QString &line : tableBlock(sshHeader, sshValues(*spec.ssh, false), l.eol))
            l.lines.push_back(line);
    }
}

// The ssh table of the environment once called `oldName` (its table `env` already rewritten):
// updated, renamed, removed or added after `env` as `spec` says.
void rewriteSsh(Lines &l, const Table &env, const QString &oldName, const EnvironmentSpec &spec,
                const QString &sshHeader)
{
    const Table ssh =
        findTable(l, {QStringLiteral("environments"), oldName, QStringLiteral("ssh")});
    if (ssh.found() && oldName != spec.name)
        l.lines[size_t(ssh.header)] = sshHeader + l.eol;
    if (ssh.found() && spec.ssh) {
        bool hadPort = false;
        for (int i = ssh.header + 1; i < ssh.end; ++i)
            if (auto k = keyLine(l.lines[size_t(i)]); k && k->key == u"port")
                hadPort = true;
        updateBody(l, ssh, sshValues(*spec.ssh, hadPort));
    } else if (ssh.found()) {
        removeBlock(l, ssh.header, contentEnd(l, ssh));
        ensureTrailingNewline(l);
    } else if (spec.ssh) {
        // Right after the environment's table, before what follows it.
        int at = contentEnd(l, env);
        if (at == int(l.lines.size()))
            ensureTrailingNewline(l);
        QStringList block{l.eol};
        block += tableBlock(sshHeader, sshValues(*spec.ssh, false), l.eol);
        for (const QString &line : block)
            l.lines.insert(l.lines.begin() + at++, line);
    }
}

// `[project] scratch = "OLD"` (on 1-based `line`) naming `newName` instead; the rest of the line
// (a comment) stays. A value written another way is left for verify() to report.
void renameScratch(Lines &l, int line, const QString &oldName, const QString &newName)
{
    if (line < 1 || size_t(line) > l.lines.size())
        return;
    QString &text = l.lines[size_t(line - 1)];
    const qsizetype eq = text.indexOf(u'=');
    if (eq < 0)
        return;
    for (const QString &written : {tomlString(oldName), u'\'' + oldName + u'\''}) {
        const qsizetype at = text.indexOf(written, eq);
        if (at >= 0) {
            text.replace(at, written.size(), tomlString(newName));
            return;
        }
    }
}

} // namespace

Result<QByteArray> withEnvironment(const QByteArray &toml, const QString &path,
                                   const QString &oldName, const EnvironmentSpec &spec)
{
    if (auto st = checkSpec(spec); !st)
        return st.error();
    auto before = Project::parse(toml, path);
    if (!before)
        return before.error();
    if ((oldName.isEmpty() || oldName != spec.name) && before->environment(spec.name))
        return Error(QStringLiteral("an environment named '%1' already exists").arg(spec.name),
                     path, before->environment(spec.name)->line);
    if (!oldName.isEmpty() && !before->environment(oldName))
        return Error(QStringLiteral("no environment named '%1'").arg(oldName), path);

    Lines l(toml);
    // First, while the file's line numbers still hold: a renamed scratch environment stays it.
    if (!oldName.isEmpty() && oldName != spec.name && before->scratch == oldName)
        renameScratch(l, before->scratchLine, oldName, spec.name);
    const QString envHeader = QStringLiteral("[environments.%1]").arg(tomlKey(spec.name));
    const QString sshHeader = QStringLiteral("[environments.%1.ssh]").arg(tomlKey(spec.name));
    if (oldName.isEmpty()) {
        appendEnvironment(l, spec, envHeader, sshHeader);
    } else {
        Table env = findTable(l, {QStringLiteral("environments"), oldName});
        if (!env.found())
            return Error(QStringLiteral("environment '%1' is not written as an "
                                        "[environments.%1] table; edit retort.toml by hand")
                             .arg(oldName),
                         path, before->environment(oldName)->line);
        if (oldName != spec.name)
            l.lines[size_t(env.header)] = envHeader + l.eol;
        updateBody(l, env, envValues(spec));
        env = findTable(l, {QStringLiteral("environments"), spec.name});
        rewriteSsh(l, env, oldName, spec, sshHeader);
    }
    const QByteArray out = l.text();
    if (auto st = verify(out, path, &spec, oldName != spec.name ? oldName : QString()); !st)
        return st.error();
    return out;
}

Result<QByteArray> withoutEnvironment(const QByteArray &toml, const QString &path,
                                      const QString &name)
{
    auto before = Project::parse(toml, path);
    if (!before)
        return before.error();
    if (!before->environment(name))
        return Error(QStringLiteral("no environment named '%1'").arg(name), path);
    Lines l(toml);
    const Table ssh = findTable(l, {QStringLiteral("environments"), name, QStringLiteral("ssh")});
    if (ssh.found())
        removeBlock(l, ssh.header, contentEnd(l, ssh));
    const Table env = findTable(l, {QStringLiteral("environments"), name});
    if (!env.found())
        return Error(QStringLiteral("environment '%1' is not written as an [environments.%1] "
                                    "table; edit retort.toml by hand")
                         .arg(name),
                     path, before->environment(name)->line);
    removeBlock(l, env.header, contentEnd(l, env));
    ensureTrailingNewline(l);
    const QByteArray out = l.text();
    if (auto st = verify(out, path, nullptr, name); !st)
        return st.error();
    return out;
}

Status saveEnvironment(const QString &projectFile, const QString &oldName,
                       const EnvironmentSpec &spec)
{
    auto text = readFile(projectFile);
    if (!text)
        return text.error();
    auto out = withEnvironment(*text, projectFile, oldName, spec);
    if (!out)
        return out.error();
    return writeFile(projectFile, *out);
}

Status removeEnvironment(const QString &projectFile, const QString &name)
{
    auto text = readFile(projectFile);
    if (!text)
        return text.error();
    auto out = withoutEnvironment(*text, projectFile, name);
    if (!out)
        return out.error();
    return writeFile(projectFile, *out);
}

} // namespace retort
