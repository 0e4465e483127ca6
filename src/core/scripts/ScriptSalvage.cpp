// Salvaging a script that failed to parse: a lenient second look at the lines that declare its
// id and its parents. Only ever called on files the parsers refused.
#include "scripts/ScriptSalvage.h"

#include "scripts/ScriptParser.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <optional>

namespace retort {

namespace {

// A comma-separated list of ids (empty: none); nullopt when an item is not an id.
std::optional<QStringList> idList(QStringView value)
{
    QStringList out;
    if (value.trimmed().isEmpty())
        return out;
    for (QStringView item : value.tokenize(u',')) {
        item = item.trimmed();
        if (!isValidRevisionId(item))
            return std::nullopt;
        out.append(item.toString());
    }
    return out;
}

// Native scripts: the first `-- Revision ID:` and `-- Revises:` comments of the preamble.
void salvageSql(QStringView text, SalvagedScript &s)
{
    bool haveId = false;
    for (QStringView line : text.tokenize(u'\n')) {
        const QStringView t = line.trimmed();
        if (!t.startsWith(u"--"))
            continue;
        const QStringView comment = t.sliced(2).trimmed();
        if (comment.startsWith(u"migrate:"))
            break; // the preamble ends at the first section
        if (!haveId && comment.startsWith(u"Revision ID:")) {
            haveId = true;
            if (const QStringView id = comment.sliced(12).trimmed(); isValidRevisionId(id))
                s.revision = id.toString();
        } else if (!s.parentsKnown && comment.startsWith(u"Revises:")) {
            if (auto parents = idList(comment.sliced(8))) {
                s.parentsKnown = true;
                s.downRevisions = *parents;
            }
        }
    }
}

// A Python literal of string ids: None, 'a', ("a", "b"), ['a'] (any quote, across lines, a
// trailing comma or comment allowed); nullopt for anything else.
std::optional<QStringList> pythonIds(QStringView value)
{
    QStringList out;
    for (qsizetype i = 0; i < value.size();) {
        const QChar c = value[i];
        if (c.isSpace() || c == u',' || c == u'(' || c == u')' || c == u'[' || c == u']') {
            ++i;
        } else if (c == u'#') {
            while (i < value.size() && value[i] != u'\n')
                ++i;
        } else if (value.sliced(i).startsWith(u"None")) {
            i += 4;
        } else if (c == u'\'' || c == u'"') {
            const qsizetype end = value.indexOf(c, i + 1);
            if (end < 0 || !isValidRevisionId(value.sliced(i + 1, end - i - 1)))
                return std::nullopt;
            out.append(value.sliced(i + 1, end - i - 1).toString());
            i = end + 1;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

// The value of a top-level `name = ...` or `name: Annotation = ...` starting at `lines[k]`,
// continued over the following lines while a bracket is open; nullopt if `lines[k]` is not one.
std::optional<QString> pythonAssignment(const QList<QStringView> &lines, qsizetype k,
                                        QStringView name)
{
    const QStringView line = lines[k];
    if (!line.startsWith(name) || line.size() == name.size())
        return std::nullopt;
    const QChar after = line[name.size()];
    if (after != u' ' && after != u'=' && after != u':')
        return std::nullopt;
    const qsizetype eq = line.indexOf(u'=', name.size());
    if (eq < 0 || (eq + 1 < line.size() && line[eq + 1] == u'='))
        return std::nullopt;
    QString value = line.sliced(eq + 1).toString();
    for (qsizetype next = k + 1;
         next < lines.size() && next < k + 50 &&
         value.count(u'(') + value.count(u'[') > value.count(u')') + value.count(u']');
         ++next)
        value += u'\n' + lines[next].toString();
    return value;
}

// Alembic revisions: the first top-level `revision` and `down_revision` assignments.
void salvagePython(QStringView text, SalvagedScript &s)
{
    const QList<QStringView> lines = text.split(u'\n');
    bool haveId = false;
    for (qsizetype k = 0; k < lines.size(); ++k) {
        if (!haveId) {
            if (auto v = pythonAssignment(lines, k, u"revision")) {
                haveId = true;
                if (auto ids = pythonIds(*v); ids && ids->size() == 1)
                    s.revision = ids->front();
                continue;
            }
        }
        if (!s.parentsKnown) {
            if (auto v = pythonAssignment(lines, k, u"down_revision")) {
                if (auto ids = pythonIds(*v)) {
                    s.parentsKnown = true;
                    s.downRevisions = *ids;
                }
            }
        }
    }
}

// `<rev>_<slug>.sql` / `<rev>_<slug>.py` / `<rev>.py`: the `<rev>` when it is a valid id.
QString idFromFileName(const QString &path)
{
    const QString name = QFileInfo(path).completeBaseName();
    const qsizetype underscore = name.indexOf(u'_');
    const QString id = underscore > 0 ? name.first(underscore) : name;
    return isValidRevisionId(id) ? id : QString();
}

} // namespace

SalvagedScript salvageScript(const Error &loadError, const QByteArray &content)
{
    SalvagedScript s;
    s.path = loadError.file;
    s.line = loadError.line;
    s.problem = loadError.message;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = QString(decoder.decode(content)).remove(u'\r');
    if (loadError.file.endsWith(u".py"))
        salvagePython(text, s);
    else
        salvageSql(text, s);
    if (s.revision.isEmpty() && !loadError.revision.isEmpty())
        s.revision = loadError.revision;
    if (s.revision.isEmpty()) {
        s.revision = idFromFileName(loadError.file);
        s.revisionFromFileName = !s.revision.isEmpty();
    }
    return s;
}

SalvagedScript salvageScript(const Error &loadError)
{
    QFile f(loadError.file);
    if (loadError.file.isEmpty() || !QFileInfo(loadError.file).isFile() ||
        !f.open(QIODevice::ReadOnly)) {
        SalvagedScript s;
        s.path = loadError.file;
        s.line = loadError.line;
        s.problem = loadError.message;
        if (QFileInfo(loadError.file).isFile()) { // exists but unreadable: the name may tell
            s.revision = idFromFileName(loadError.file);
            s.revisionFromFileName = !s.revision.isEmpty();
        }
        return s;
    }
    return salvageScript(loadError, f.readAll());
}

} // namespace retort
