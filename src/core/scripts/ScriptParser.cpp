#include "scripts/ScriptParser.h"

#include <QDir>
#include <QStringDecoder>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace retort {

namespace {

enum class Key { RevisionId, Revises, BranchLabels, DependsOn, CreateDate, Transactional };

struct KeyName {
    Key key;
    QStringView name;
};

constexpr std::array<KeyName, 6> kKeys = {{
    {Key::RevisionId, u"Revision ID"},
    {Key::Revises, u"Revises"},
    {Key::BranchLabels, u"Branch Labels"},
    {Key::DependsOn, u"Depends On"},
    {Key::CreateDate, u"Create Date"},
    {Key::Transactional, u"Transactional"},
}};

constexpr std::array<QStringView, 3> kDrivers = {u"sqlite", u"postgresql", u"mysql"};

bool isWordChar(QChar c)
{
    return c == u'_' || c.isLetterOrNumber();
}

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

// `Key` part of a `Key: value` comment: ASCII letters and spaces, starting and ending with a
// letter, followed by ':' and then a space or the end of the text. Returns the colon's index or -1.
qsizetype headerColon(QStringView text)
{
    if (text.isEmpty() || !isAsciiLetter(text.front()))
        return -1;
    for (qsizetype i = 1; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u':') {
            if (!isAsciiLetter(text[i - 1]))
                return -1;
            if (i + 1 < text.size() && !text[i + 1].isSpace())
                return -1;
            return i;
        }
        if (!isAsciiLetter(c) && c != u' ')
            return -1;
    }
    return -1;
}

const KeyName *findKey(QStringView name, Qt::CaseSensitivity cs)
{
    for (const KeyName &k : kKeys) {
        if (name.compare(k.name, cs) == 0)
            return &k;
    }
    return nullptr;
}

QString knownKeyList()
{
    QStringList names;
    for (const KeyName &k : kKeys)
        names << k.name.toString();
    return names.join(QStringLiteral(", "));
}

// 1-based line of the first byte that is not valid UTF-8 (or 1 if none is found).
int firstInvalidUtf8Line(const QByteArray &bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    int line = 1;
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c == '\n') {
            ++line;
            ++i;
            continue;
        }
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return line;
        }
        if (i + extra >= n)
            return line;
        for (int k = 1; k <= extra; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return line;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return line;
        i += extra + 1;
    }
    return 1;
}

QString absolutePath(const QString &path)
{
    if (QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QDir::current().absoluteFilePath(path));
}

QString sectionName(bool upgrade, QStringView driver)
{
    QString s =
        upgrade ? QStringLiteral("-- migrate:upgrade") : QStringLiteral("-- migrate:downgrade");
    if (!driver.isEmpty()) {
        s += u' ';
        s += driver;
    }
    return s;
}

// Parses one file. Holds the state of the line scan; used once.
class Parser {
public:
    Parser(const QString &path, QStringView text) : m_path(path), m_text(text) {}

    Result<Script> run();

private:
    Error error(const QString &message, int line) const
    {
        return Error(message, m_path, line, m_script.revision);
    }
    // Handles a `-- migrate:` marker whose text after `migrate:` is `spec`. Returns false with
    // m_error set on a bad marker.
    bool openSection(QStringView spec, qsizetype nextLineStart);
    void closeSection(qsizetype end);
    bool headerLine(QStringView comment);
    // The value of a known header key (checked and stored); false with m_error set when bad.
    bool headerValue(Key key, QStringView name, QStringView value);
    bool parseList(QStringView value, QStringView key, QStringView kind, QStringList *out);

    QString m_path;
    QStringView m_text;
    Script m_script;
    int m_line = 0;
    std::optional<Error> m_error;

    bool m_messageDecided = false;
    unsigned m_seenKeys = 0;
    std::array<int, 6> m_keyLines{};

    ScriptSection *m_open = nullptr; // the section whose text is being collected
    qsizetype m_openBegin = 0;       // index in m_text of its first character
};

Result<Script> Parser::run()
{
    m_script.path = m_path;
    m_script.fileName = m_path.mid(m_path.lastIndexOf(u'/') + 1);

    const qsizetype n = m_text.size();
    qsizetype pos = 0;
    bool sawAnything = false;
    while (pos < n) {
        qsizetype eol = m_text.indexOf(u'\n', pos);
        if (eol < 0)
            eol = n;
        const qsizetype next = eol < n ? eol + 1 : n;
        QStringView line = m_text.sliced(pos, eol - pos);
        if (line.endsWith(u'\r'))
            line.chop(1);
        ++m_line;

        if (line.startsWith(u"--")) {
            const QStringView rest = line.sliced(2).trimmed();
            if (rest.startsWith(u"migrate:")) {
                closeSection(pos);
                if (!openSection(rest.sliced(8), next))
                    return *m_error;
                sawAnything = true;
                pos = next;
                continue;
            }
        }

        if (!m_open) {
            const QStringView t = line.trimmed();
            if (!t.isEmpty()) {
                sawAnything = true;
                if (!t.startsWith(u"--"))
                    return error(QStringLiteral("unexpected text before the first section; only "
                                                "'--' comments may precede '-- migrate:upgrade'"),
                                 m_line);
                if (!headerLine(t.sliced(2).trimmed()))
                    return *m_error;
            }
        }
        pos = next;
    }
    closeSection(n);

    if (!sawAnything)
        return error(QStringLiteral("empty file: a migration needs a 'Revision ID' header and a "
                                    "'-- migrate:upgrade' section"),
                     1);
    if (m_script.revision.isEmpty())
        return error(QStringLiteral("missing '-- Revision ID:' header"), 1);
    if (!m_script.upgrade.present())
        return error(QStringLiteral("missing '-- migrate:upgrade' section"), std::max(m_line, 1));
    return std::move(m_script);
}

bool Parser::openSection(QStringView spec, qsizetype nextLineStart)
{
    // spec: "upgrade", "downgrade postgresql", ...
    qsizetype i = 0;
    while (i < spec.size() && !spec[i].isSpace())
        ++i;
    const QStringView direction = spec.first(i);
    const QStringView qualifiers = spec.sliced(i).trimmed();
    QStringView driver;
    if (!qualifiers.isEmpty()) {
        qsizetype j = 0;
        while (j < qualifiers.size() && !qualifiers[j].isSpace())
            ++j;
        driver = qualifiers.first(j);
        if (j < qualifiers.size()) {
            m_error = error(QStringLiteral("unexpected text '%1' after the section marker")
                                .arg(qualifiers.sliced(j).trimmed()),
                            m_line);
            return false;
        }
    }

    bool upgrade;
    if (direction == u"upgrade") {
        upgrade = true;
    } else if (direction == u"downgrade") {
        upgrade = false;
    } else {
        m_error = error(QStringLiteral("unknown section '-- migrate:%1'; expected "
                                       "'-- migrate:upgrade' or '-- migrate:downgrade'")
                            .arg(direction),
                        m_line);
        return false;
    }

    ScriptSection *target = nullptr;
    if (driver.isEmpty()) {
        target = upgrade ? &m_script.upgrade : &m_script.downgrade;
    } else {
        if (std::find(kDrivers.begin(), kDrivers.end(), driver) == kDrivers.end()) {
            m_error = error(QStringLiteral("unknown driver '%1' in section marker; expected "
                                           "sqlite, postgresql or mysql")
                                .arg(driver),
                            m_line);
            return false;
        }
        auto &byDriver = upgrade ? m_script.upgradeByDriver : m_script.downgradeByDriver;
        target = &byDriver[driver.toString()];
    }
    if (target->present()) {
        m_error = error(QStringLiteral("duplicate section '%1' (first at line %2)")
                            .arg(sectionName(upgrade, driver))
                            .arg(target->firstLine - 1),
                        m_line);
        return false;
    }
    target->firstLine = m_line + 1;
    m_open = target;
    m_openBegin = nextLineStart;
    return true;
}

void Parser::closeSection(qsizetype end)
{
    if (!m_open)
        return;
    qsizetype begin = std::min(m_openBegin, end);
    while (end > begin && m_text[end - 1].isSpace())
        --end;
    QString sql = m_text.sliced(begin, end - begin).toString();
    if (sql.contains(u'\r'))
        sql.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    m_open->sql = std::move(sql);
    m_open = nullptr;
}

bool Parser::headerLine(QStringView comment)
{
    if (comment.isEmpty())
        return true;
    const qsizetype colon = headerColon(comment);
    const KeyName *key = colon > 0 ? findKey(comment.first(colon), Qt::CaseSensitive) : nullptr;
    if (!m_messageDecided) {
        m_messageDecided = true;
        if (!key) {
            m_script.message = comment.toString();
            return true;
        }
    }
    if (colon < 0)
        return true; // free comment
    const QStringView name = comment.first(colon);
    if (!key) {
        if (const KeyName *near = findKey(name, Qt::CaseInsensitive)) {
            m_error =
                error(QStringLiteral("header key '%1' must be written '%2'").arg(name, near->name),
                      m_line);
        } else {
            m_error = error(QStringLiteral("unknown header key '%1'; expected one of: %2")
                                .arg(name, knownKeyList()),
                            m_line);
        }
        return false;
    }
    const unsigned bit = 1u << unsigned(key->key);
    if (m_seenKeys & bit) {
        m_error = error(QStringLiteral("duplicate header key '%1' (first at line %2)")
                            .arg(key->name)
                            .arg(m_keyLines[size_t(key->key)]),
                        m_line);
        return false;
    }
    m_seenKeys |= bit;
    m_keyLines[size_t(key->key)] = m_line;

    return headerValue(key->key, key->name, comment.sliced(colon + 1).trimmed());
}

bool Parser::headerValue(Key key, QStringView name, QStringView value)
{
    switch (key) {
    case Key::RevisionId:
        if (!isValidRevisionId(value)) {
            m_error = error(value.isEmpty()
                                ? QStringLiteral("empty 'Revision ID'")
                                : QStringLiteral("invalid revision id '%1': use letters, digits "
                                                 "and '_' only (no spaces, no @ - + :)")
                                      .arg(value),
                            m_line);
            return false;
        }
        m_script.revision = value.toString();
        return true;
    case Key::Revises:
        return parseList(value, name, u"revision id", &m_script.downRevisions);
    case Key::BranchLabels:
        return parseList(value, name, u"branch label", &m_script.branchLabels);
    case Key::DependsOn:
        return parseList(value, name, u"revision or label", &m_script.dependsOn);
    case Key::CreateDate:
        m_script.createDate = value.toString();
        return true;
    case Key::Transactional:
        if (value.compare(u"true", Qt::CaseInsensitive) == 0) {
            m_script.transactional = true;
        } else if (value.compare(u"false", Qt::CaseInsensitive) == 0) {
            m_script.transactional = false;
        } else {
            m_error =
                error(QStringLiteral("'Transactional' must be true or false, not '%1'").arg(value),
                      m_line);
            return false;
        }
        return true;
    }
    return true;
}

bool Parser::parseList(QStringView value, QStringView key, QStringView kind, QStringList *out)
{
    out->clear();
    if (value.isEmpty())
        return true;
    for (QStringView item : value.tokenize(u',')) {
        item = item.trimmed();
        if (item.isEmpty()) {
            m_error = error(QStringLiteral("'%1': empty item (stray comma?)").arg(key), m_line);
            return false;
        }
        if (!isValidRevisionId(item)) {
            m_error = error(QStringLiteral("'%1': invalid %2 '%3': use letters, digits and '_' "
                                           "only (no spaces, no @ - + :)")
                                .arg(key, kind, item),
                            m_line);
            return false;
        }
        if (out->contains(item)) {
            m_error = error(QStringLiteral("'%1': '%2' is listed twice").arg(key, item), m_line);
            return false;
        }
        out->append(item.toString());
    }
    return true;
}

} // namespace

bool isValidRevisionId(QStringView id)
{
    if (id.isEmpty())
        return false;
    for (QChar c : id) {
        if (!isWordChar(c))
            return false;
    }
    return true;
}

Result<Script> parseScript(const QString &path, const QByteArray &content)
{
    const QString absPath = absolutePath(path);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(content);
    if (decoder.hasError())
        return Error(QStringLiteral("not valid UTF-8 text"), absPath,
                     firstInvalidUtf8Line(content));
    Parser parser(absPath, text);
    return parser.run();
}

} // namespace retort
