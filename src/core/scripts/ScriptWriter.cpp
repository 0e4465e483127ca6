#include "scripts/ScriptWriter.h"

#include "scripts/ScriptParser.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

namespace retort {

namespace {

// Alembic's ScriptDirectory.truncate_slug_length default.
constexpr qsizetype kTruncateSlugLength = 40;

// Python's `\w` for str patterns: str.isalnum() or '_'.
bool isPythonWordChar(char32_t c)
{
    return c == U'_' || QChar::isLetterOrNumber(c);
}

QString header(QStringView key, const QString &value)
{
    QString line = QStringLiteral("-- ") + key.toString() + u':';
    if (!value.isEmpty())
        line += u' ' + value;
    return line + u'\n';
}

QString sectionBody(const QString &sql, const QString &placeholder)
{
    QString body = sql;
    while (!body.isEmpty() && body.back().isSpace())
        body.chop(1);
    if (body.trimmed().isEmpty())
        body = placeholder;
    return body + u'\n';
}

QString createDate(const QDateTime &created)
{
    const QDateTime when = created.isValid() ? created : QDateTime::currentDateTime();
    // Python's str(datetime) with microseconds; QDateTime keeps milliseconds.
    return when.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral("000");
}

} // namespace

QString generateRevisionId()
{
    const quint64 bits = QRandomGenerator::system()->generate64() & 0xFFFFFFFFFFFFull;
    return QStringLiteral("%1").arg(bits, 12, 16, QLatin1Char('0'));
}

QString slugify(const QString &message)
{
    // "_".join(re.findall(r"\w+", message)).lower()
    QString joined;
    joined.reserve(message.size());
    bool inWord = false;
    for (char32_t c : message.toUcs4()) {
        if (isPythonWordChar(c)) {
            if (!inWord && !joined.isEmpty())
                joined += u'_';
            inWord = true;
            if (QChar::requiresSurrogates(c)) {
                joined += QChar(QChar::highSurrogate(c));
                joined += QChar(QChar::lowSurrogate(c));
            } else {
                joined += QChar(char16_t(c));
            }
        } else {
            inWord = false;
        }
    }
    const QString lower = joined.toLower();

    // if len(slug) > 40: slug = slug[:40].rsplit("_", 1)[0] + "_"   (lengths in code points)
    QList<uint> points = lower.toUcs4();
    if (points.size() <= kTruncateSlugLength)
        return lower;
    points.resize(kTruncateSlugLength);
    const qsizetype lastUnderscore = points.lastIndexOf(uint(u'_'));
    if (lastUnderscore >= 0)
        points.resize(lastUnderscore);
    points.append(uint(u'_'));
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(points.constData()), points.size());
}

QString renderRevision(const NewRevision &r)
{
    const QString sep = QStringLiteral(", ");
    QString text;
    const QString message = r.message.trimmed();
    text += message.isEmpty() ? QStringLiteral("--\n") : QStringLiteral("-- ") + message + u'\n';
    text += QStringLiteral("--\n");
    text += header(u"Revision ID", r.id);
    text += header(u"Revises", r.parents.join(sep));
    text += header(u"Branch Labels", r.branchLabels.join(sep));
    text += header(u"Depends On", r.dependsOn.join(sep));
    text += header(u"Create Date", createDate(r.created));
    text += header(u"Transactional",
                   r.transactional ? QStringLiteral("true") : QStringLiteral("false"));
    text += QStringLiteral("\n-- migrate:upgrade\n");
    text +=
        sectionBody(r.upgradeSql,
                    QStringLiteral("-- Write the upgrade SQL here; end each statement with ';'."));
    text += QStringLiteral("\n-- migrate:downgrade\n");
    text += sectionBody(r.downgradeSql,
                        QStringLiteral("-- Write the SQL that exactly reverses the upgrade."));
    return text;
}

namespace {

// The revision's fields as a script can hold them: valid ids and labels, a one-line message that
// reads back as the message, no section marker in the SQL. Errors carry the revision id.
Status checkRevision(const NewRevision &r)
{
    if (!isValidRevisionId(r.id))
        return Error(
            QStringLiteral("invalid revision id '%1': use letters, digits and '_' only").arg(r.id));
    if (r.message.contains(u'\n') || r.message.contains(u'\r'))
        return Error(QStringLiteral("the message must be a single line"), {}, 0, r.id);
    const std::pair<const QStringList *, const char16_t *> lists[] = {
        {&r.parents, u"parent revision id"},
        {&r.branchLabels, u"branch label"},
        {&r.dependsOn, u"depends-on item"}};
    for (const auto &[list, kind] : lists) {
        for (const QString &item : *list) {
            if (!isValidRevisionId(item))
                return Error(QStringLiteral("invalid %1 '%2': use letters, digits and '_' only")
                                 .arg(QStringView(kind), item),
                             {}, 0, r.id);
        }
    }
    if (const QString message = r.message.trimmed(); !message.isEmpty()) {
        // The first comment is the message only if it is not itself a header line or marker.
        const QString probe =
            QStringLiteral("-- %1\n-- Revision ID: x\n-- migrate:upgrade\n").arg(message);
        Result<Script> s = parseScript(QStringLiteral("/probe.sql"), probe.toUtf8());
        if (!s || s->message != message)
            return Error(QStringLiteral("the message '%1' reads as a header line or section "
                                        "marker; reword it")
                             .arg(message),
                         {}, 0, r.id);
    }
    for (const QString *sql : {&r.upgradeSql, &r.downgradeSql}) {
        for (QStringView line : QStringView(*sql).tokenize(u'\n')) {
            if (line.startsWith(u"--") && line.sliced(2).trimmed().startsWith(u"migrate:"))
                return Error(QStringLiteral("the SQL must not contain a '-- migrate:' line: '%1'")
                                 .arg(line.trimmed()),
                             {}, 0, r.id);
        }
    }
    return {};
}

} // namespace

Result<QString> writeRevision(const QString &scriptsDir, const NewRevision &revision)
{
    NewRevision r = revision;
    if (r.id.isEmpty())
        r.id = generateRevisionId();
    if (Status st = checkRevision(r); !st)
        return st.error();

    QDir dir(scriptsDir);
    const QString fileName = r.id + u'_' + slugify(r.message) + QStringLiteral(".sql");
    const QString path = QDir::cleanPath(dir.absoluteFilePath(fileName));

    // Check the text by reading it back before anything touches the disk.
    const QString text = renderRevision(r);
    const QByteArray bytes = text.toUtf8();
    Result<Script> check = parseScript(path, bytes);
    if (!check)
        return Error(QStringLiteral("cannot write this revision: %1").arg(check.error().message),
                     {}, 0, r.id);
    if (check->revision != r.id || check->downRevisions != r.parents ||
        check->branchLabels != r.branchLabels || check->dependsOn != r.dependsOn ||
        check->transactional != r.transactional)
        return Error(QStringLiteral("cannot write this revision: its header would not read back "
                                    "the same (a list item repeated?)"),
                     {}, 0, r.id);

    if (!dir.exists() && !dir.mkpath(QStringLiteral(".")))
        return Error(QStringLiteral("cannot create the scripts folder"), dir.absolutePath());
    const QStringList clashes =
        dir.entryList({r.id + QStringLiteral("_*.sql"), r.id + QStringLiteral(".sql")},
                      QDir::Files | QDir::CaseSensitive);
    if (!clashes.isEmpty())
        return Error(
            QStringLiteral("revision id %1 is already used by %2").arg(r.id, clashes.first()),
            dir.absoluteFilePath(clashes.first()), 0, r.id);

    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return Error(file.exists() ? QStringLiteral("file already exists; not overwriting it")
                                   : QStringLiteral("cannot create: %1").arg(file.errorString()),
                     path, 0, r.id);
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        const QString why = file.errorString();
        file.close();
        file.remove();
        return Error(QStringLiteral("cannot write: %1").arg(why), path, 0, r.id);
    }
    file.close();
    return path;
}

} // namespace retort
