#include "scripts/PythonScript.h"

#include "project/Workspace.h"
#include "scripts/PythonTokenizer.h"
#include "scripts/ScriptCache.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

const QString kPath = QStringLiteral("/proj/alembic/versions/3f2a9c1b7d40_add_invoices.py");

Result<Script> parse(const char *utf8, const QString &path = kPath)
{
    return parsePythonScript(path, QByteArray(utf8));
}

// What `alembic revision -m "add invoices"` (1.8) writes.
const char *const kAlembic18 = R"PY("""add invoices

Revision ID: 3f2a9c1b7d40
Revises: 1b2c3d4e5f60
Create Date: 2026-11-20 10:00:00.123456

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f2a9c1b7d40'
down_revision = '1b2c3d4e5f60'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("invoices")
)PY";

// Newer templates (Alembic 1.13+): annotated assignments.
const char *const kAlembic113 = R"PY("""add invoices

Revision ID: 3f2a9c1b7d40
Revises: 1b2c3d4e5f60
Create Date: 2026-11-20 10:00:00.123456

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "3f2a9c1b7d40"
down_revision: Union[str, None] = "1b2c3d4e5f60"
branch_labels: str | Sequence[str] | None = None
depends_on: Union[str, Sequence[str], None] = ("a1", 'b2')


def upgrade() -> None:
    """Upgrade schema."""
    pass


# a comment between the functions
def downgrade() -> None:
    """Downgrade schema."""
    pass
)PY";

TEST(PythonScript, ReadsAlembic18Template)
{
    auto s = parse(kAlembic18);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->revision, "3f2a9c1b7d40");
    EXPECT_EQ(s->downRevisions, QStringList{"1b2c3d4e5f60"});
    EXPECT_TRUE(s->branchLabels.isEmpty());
    EXPECT_TRUE(s->dependsOn.isEmpty());
    EXPECT_EQ(s->message, "add invoices");
    EXPECT_EQ(s->createDate, "2026-11-20 10:00:00.123456");
    EXPECT_EQ(s->language, ScriptLanguage::Python);
    EXPECT_TRUE(s->isPython());
    EXPECT_FALSE(s->upgrade.present()); // never any SQL to run
    EXPECT_FALSE(s->downgrade.present());
    EXPECT_EQ(s->pythonUpgrade().firstLine, 19);
    EXPECT_EQ(s->pythonUpgrade().sql, "def upgrade() -> None:\n    op.create_table(\n        "
                                      "\"invoices\",\n        sa.Column(\"id\", sa.Integer, "
                                      "primary_key=True),\n    )");
    EXPECT_EQ(s->pythonDowngrade().firstLine, 26);
    EXPECT_EQ(s->pythonDowngrade().sql,
              "def downgrade() -> None:\n    op.drop_table(\"invoices\")");
    EXPECT_EQ(s->fileName, "3f2a9c1b7d40_add_invoices.py");
    EXPECT_EQ(s->path, kPath);
}

TEST(PythonScript, ReadsAnnotatedAssignments)
{
    auto s = parse(kAlembic113);
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->revision, "3f2a9c1b7d40");
    EXPECT_EQ(s->downRevisions, QStringList{"1b2c3d4e5f60"});
    EXPECT_TRUE(s->branchLabels.isEmpty());
    EXPECT_EQ(s->dependsOn, (QStringList{"a1", "b2"}));
    // The column-0 comment before `def downgrade` belongs to neither function.
    EXPECT_EQ(s->pythonUpgrade().sql, "def upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n"
                                      "    pass");
    EXPECT_EQ(s->pythonDowngrade().firstLine, 27);
}

TEST(PythonScript, QuotesAndStringForms)
{
    auto s = parse("'''Single-quoted triple docstring'''\n"
                   "revision = \"abc123\"\n"
                   "down_revision = r'def456'\n"
                   "branch_labels = 'billing'\n"
                   "depends_on = u\"x1\" 'y2'\n");
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->message, "Single-quoted triple docstring");
    EXPECT_EQ(s->revision, "abc123");
    EXPECT_EQ(s->downRevisions, QStringList{"def456"});
    EXPECT_EQ(s->branchLabels, QStringList{"billing"}); // a string is one label
    EXPECT_EQ(s->dependsOn, QStringList{"x1y2"});       // adjacent literals concatenate
}

TEST(PythonScript, TuplesAndListsAcrossLines)
{
    auto s = parse("revision = 'm1'\n"
                   "down_revision = (\n"
                   "    'a1',  # the first parent\n"
                   "    \"b2\",\n"
                   ")\n"
                   "branch_labels = ['l1',\n"
                   "                 'l2']\n"
                   "depends_on = 'd1', 'd2'\n");
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->downRevisions, (QStringList{"a1", "b2"}));
    EXPECT_EQ(s->branchLabels, (QStringList{"l1", "l2"}));
    EXPECT_EQ(s->dependsOn, (QStringList{"d1", "d2"}));
    EXPECT_TRUE(s->message.isEmpty());
}

TEST(PythonScript, NoneEmptyTupleSingletonsAndParentheses)
{
    auto s = parse("revision = ('abc')\n"
                   "down_revision = None\n"
                   "branch_labels = ('solo',)\n"
                   "depends_on = ()\n");
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->revision, "abc");
    EXPECT_TRUE(s->downRevisions.isEmpty());
    EXPECT_EQ(s->branchLabels, QStringList{"solo"});
    EXPECT_TRUE(s->dependsOn.isEmpty());

    auto list = parse("revision = 'abc'\ndown_revision = ['p1']\n");
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->downRevisions, QStringList{"p1"});
}

TEST(PythonScript, LastAssignmentWinsChainedAndSemicolons)
{
    auto s = parse("revision = 'old'; down_revision = None\n"
                   "revision = 'new'\n"
                   "branch_labels = depends_on = None\n");
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->revision, "new");
}

TEST(PythonScript, IgnoresIndentedCodeCommentsAndStringsThatLookLikeAssignments)
{
    auto s = parse("\"\"\"msg\n\nrevision = 'not this'\n\"\"\"\n"
                   "# revision = 'nor this'\n"
                   "revision = 'r1'  # trailing comment\n"
                   "down_revision = None\n"
                   "if False:\n"
                   "    revision = 'nor in a block'\n"
                   "def upgrade():\n"
                   "    revision = 'nor in a function'\n"
                   "    op.execute('''\n"
                   "down_revision = 'inside a string at column 0'\n"
                   "''')\n");
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->revision, "r1");
    EXPECT_TRUE(s->downRevisions.isEmpty());
    EXPECT_EQ(s->message, "msg");
    EXPECT_EQ(s->pythonUpgrade().firstLine, 10);
    EXPECT_TRUE(s->pythonUpgrade().sql.endsWith("''')"));
    EXPECT_FALSE(s->pythonDowngrade().present());
}

TEST(PythonScript, MessageIsTheFirstParagraphOfTheStrippedDocstring)
{
    auto s = parse("\"\"\"\n  Add users\n  and roles\n\nRevision ID: r1\nCreate Date: "
                   "2020-01-02 03:04:05\n\"\"\"\nrevision = 'r1'\ndown_revision = None\n");
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->message, "Add users\n  and roles");
    EXPECT_EQ(s->createDate, "2020-01-02 03:04:05");

    auto escapes =
        parse("\"tab\\there \\u00e9\\x41\\\\\"\nrevision = 'r1'\ndown_revision = None\n");
    ASSERT_TRUE(escapes.ok());
    EXPECT_EQ(escapes->message, QString::fromUtf8("tab\there \xc3\xa9"
                                                  "A\\"));
}

TEST(PythonScript, CrLfBomAndContinuationLines)
{
    auto s = parse("\xEF\xBB\xBF\"\"\"crlf\r\n\r\nRevision ID: r1\r\n\"\"\"\r\n"
                   "revision = \\\r\n    'r1'\r\n"
                   "down_revision = None\r\n"
                   "def upgrade():\r\n    pass\r\n");
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->message, "crlf");
    EXPECT_EQ(s->revision, "r1");
    EXPECT_EQ(s->pythonUpgrade().sql, "def upgrade():\n    pass");
}

TEST(PythonScript, LegacyFileNameIsTheRevision)
{
    auto s = parse("down_revision = None\n", "/p/versions/1a2b3c.py");
    ASSERT_TRUE(s.ok()) << s.error().toString().toStdString();
    EXPECT_EQ(s->revision, "1a2b3c");

    auto named = parse("down_revision = None\n", "/p/versions/add_users.py");
    ASSERT_FALSE(named.ok());
    EXPECT_EQ(named.error().line, 1);
    EXPECT_EQ(named.error().file, "/p/versions/add_users.py");
}

TEST(PythonScript, FileNameNeedNotContainTheId)
{
    auto s = parse("revision = 'abc'\ndown_revision = None\n", "/p/versions/add_users.py");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->revision, "abc");
    EXPECT_EQ(s->fileName, "add_users.py");
}

struct Malformed {
    const char *name;
    const char *text;
    int line;
    const char *fragment;
};

class PythonScriptMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(PythonScriptMalformed, IsAnErrorWithFileAndLine)
{
    const Malformed &m = GetParam();
    auto s = parse(m.text);
    ASSERT_FALSE(s.ok()) << m.name;
    EXPECT_EQ(s.error().file, kPath) << m.name;
    EXPECT_EQ(s.error().line, m.line) << m.name << ": " << s.error().toString().toStdString();
    EXPECT_TRUE(s.error().message.contains(QString::fromUtf8(m.fragment)))
        << m.name << ": " << s.error().message.toStdString();
}

INSTANTIATE_TEST_SUITE_P(
    All, PythonScriptMalformed,
    ::testing::Values(
        Malformed{"unterminated", "revision = 'abc\ndown_revision = None\n", 1, "unterminated"},
        Malformed{"unterminated triple", "\"\"\"doc\n\nrevision = 'a'\n", 1, "unterminated"},
        Malformed{"unclosed bracket", "revision = 'a'\ndown_revision = (\n 'b',\n", 2,
                  "never closed"},
        Malformed{"unmatched", "revision = 'a')\n", 1, "unmatched"},
        Malformed{"a name", "revision = 'a'\ndown_revision = PARENT\n", 2,
                  "cannot resolve PARENT: PARENT is not assigned or imported"},
        Malformed{"a call", "revision = 'a'\ndown_revision = None\n\ndepends_on = get()\n", 4,
                  "depends_on"},
        Malformed{"f-string", "revision = f'{x}'\ndown_revision = None\n", 1, "revision"},
        Malformed{"bytes", "revision = 'a'\ndown_revision = b'x'\n", 2, "down_revision"},
        Malformed{"list of None", "revision = 'a'\ndown_revision = [None]\n", 2, "down_revision"},
        Malformed{"augmented", "revision = 'a'\nrevision += 'b'\n", 2, "augmented"},
        Malformed{"no down_revision", "revision = 'a'\n", 1, "down_revision"},
        Malformed{"revision None", "revision = None\ndown_revision = None\n", 1, "string"},
        Malformed{"bad id", "revision = 'a-b'\ndown_revision = None\n", 1, "invalid revision"},
        Malformed{"bad parent", "revision = 'a'\ndown_revision = ('ok', 'b c')\n", 2,
                  "invalid down revision"},
        Malformed{"bad label", "revision = 'a'\ndown_revision = None\nbranch_labels = 'x@y'\n", 3,
                  "invalid branch label"},
        Malformed{"missing value", "revision = 'a'\ndown_revision =\n", 2, "missing value"}),
    [](const auto &info) {
        std::string n = info.param.name;
        for (char &c : n)
            if (!isalnum(static_cast<unsigned char>(c)))
                c = '_';
        return n;
    });

TEST(PythonScript, FileSelectionFollowsAlembic)
{
    EXPECT_TRUE(isAlembicScriptFileName(u"abc_add.py"));
    EXPECT_TRUE(isAlembicScriptFileName(u"add.py"));
    EXPECT_FALSE(isAlembicScriptFileName(u"__init__.py"));
    EXPECT_FALSE(isAlembicScriptFileName(u".#abc.py"));
    EXPECT_FALSE(isAlembicScriptFileName(u"abc.pyc"));
    EXPECT_FALSE(isAlembicScriptFileName(u"abc.sql"));
    EXPECT_FALSE(isAlembicScriptFileName(u"README"));
}

TEST(PythonScript, LoadsFoldersInOrderAndKeepsGoodFilesPastBadOnes)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    QDir root(tmp.path());
    root.mkpath("a");
    root.mkpath("b");
    root.mkpath("a/__pycache__");
    auto write = [&](const QString &rel, const QByteArray &text) {
        QFile f(root.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write("a/z_second.py", "revision = 'z2'\ndown_revision = 'y1'\n");
    write("a/y_first.py", "revision = 'y1'\ndown_revision = None\n");
    write("a/__init__.py", "");
    write("a/notes.txt", "revision = 'no'\n");
    write("a/__pycache__/y_first.cpython-311.pyc", "junk");
    write("b/a_third.py", "revision = 'a3'\ndown_revision = 'z2'\n");
    write("b/broken.py", "revision = 'x'\ndown_revision = (\n");
    ScriptLoad load =
        loadPythonScripts({root.filePath("a"), root.filePath("b"), root.filePath("missing")}, true);
    ASSERT_EQ(load.scripts.size(), 3u);
    EXPECT_EQ(load.scripts[0].revision, "y1");
    EXPECT_EQ(load.scripts[1].revision, "z2");
    EXPECT_EQ(load.scripts[2].revision, "a3");
    ASSERT_EQ(load.errors.size(), 1u);
    EXPECT_EQ(load.errors[0].file, root.filePath("b/broken.py"));
    EXPECT_EQ(load.errors[0].line, 2);

    ScriptLoad strict = loadPythonScripts({root.filePath("missing")}, false);
    ASSERT_EQ(strict.errors.size(), 1u);
}

} // namespace

namespace {

TEST(PythonScriptCache, UnchangedFilesComeFromTheCacheChangedOnesAreReadAgain)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    QDir root(tmp.path());
    root.mkpath("cache");
    root.mkpath("v");
    qputenv("RETORT_CACHE_DIR", root.filePath("cache").toUtf8());
    auto write = [&](const QString &rel, const QByteArray &text) {
        QFile f(root.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    };
    write("v/a.py", "\"\"\"first\"\"\"\nrevision = 'a1'\ndown_revision = None\n\n"
                    "def upgrade():\n    op.create_table('x')\n\n\ndef downgrade():\n    pass\n");
    write("v/b.py", "revision = 'b2'\ndown_revision = 'a1'\n");
    write("v/bad.py", "revision = (\n");
    const QStringList dirs{root.filePath("v")};

    ScriptLoad first = loadPythonScripts(dirs, false);
    ASSERT_EQ(first.scripts.size(), 2u);
    ASSERT_EQ(first.errors.size(), 1u);
    EXPECT_EQ(QDir(root.filePath("cache")).entryList(QDir::Files).size(), 1);

    ScriptLoad second = loadPythonScripts(dirs, false); // from the cache
    ASSERT_EQ(second.scripts.size(), 2u);
    ASSERT_EQ(second.errors.size(), 1u); // bad files are never cached
    const Script &a = second.scripts[0];
    EXPECT_EQ(a.revision, "a1");
    EXPECT_EQ(a.message, "first");
    EXPECT_EQ(a.fileName, "a.py");
    EXPECT_EQ(a.path, root.filePath("v/a.py"));
    EXPECT_TRUE(a.isPython());
    // Loaded scripts keep metadata only; the source is read from the file when shown.
    EXPECT_TRUE(a.pythonText.isEmpty());
    EXPECT_TRUE(first.scripts[0].pythonText.isEmpty());
    auto source = readPythonFunctions(a);
    ASSERT_TRUE(source) << source.error().toString().toStdString();
    EXPECT_EQ(source->upgrade.sql, "def upgrade():\n    op.create_table('x')");
    EXPECT_EQ(source->upgrade.firstLine, 5);
    EXPECT_EQ(source->downgrade.sql, "def downgrade():\n    pass");
    EXPECT_EQ(source->downgrade.firstLine, 9);

    // Same size, new content: the stamp (mtime/ctime) changes, so the file is read again.
    write("v/b.py", "revision = 'b3'\ndown_revision = 'a1'\n");
    write("v/c.py", "revision = 'c3'\ndown_revision = 'b3'\n");
    ScriptLoad third = loadPythonScripts(dirs, false);
    ASSERT_EQ(third.scripts.size(), 3u);
    EXPECT_EQ(third.scripts[1].revision, "b3");
    EXPECT_EQ(third.scripts[2].revision, "c3");

    // A corrupt cache is ignored.
    for (const QString &f : QDir(root.filePath("cache")).entryList(QDir::Files))
        write("cache/" + f, "garbage");
    ScriptLoad fourth = loadPythonScripts(dirs, false);
    EXPECT_EQ(fourth.scripts.size(), 3u);
    qunsetenv("RETORT_CACHE_DIR");
}

// A folder of Alembic scripts with its own parse cache, for the cached-load tests.
struct CachedProject {
    QTemporaryDir tmp;
    QDir root{tmp.path()};
    QStringList dirs{root.filePath("v")};

    CachedProject()
    {
        ScriptCache::setRacyWindow(0); // files written now may be cached at once
        root.mkpath("cache");
        root.mkpath("v");
        qputenv("RETORT_CACHE_DIR", root.filePath("cache").toUtf8());
        write("v/a.py", "\"\"\"first\"\"\"\nrevision = 'a1'\ndown_revision = None\n");
        write("v/b.py", "\"\"\"second\"\"\"\nrevision = 'b2'\ndown_revision = 'a1'\n");
        write("v/c.py", "revision = 'c3'\ndown_revision = 'b2'\nbranch_labels = ('x',)\n");
    }
    ~CachedProject()
    {
        qunsetenv("RETORT_CACHE_DIR");
        ScriptCache::setRacyWindow(ScriptCache::kDefaultRacyWindowNs);
    }
    void write(const QString &rel, const QByteArray &text)
    {
        // Past the file system's timestamp tick, so that an edit changes the stamps (with the
        // racy window off, that is the test's job).
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        QFile f(root.filePath(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }
    QString cacheFile() const
    {
        const QStringList files = QDir(root.filePath("cache")).entryList(QDir::Files);
        return files.size() == 1 ? root.filePath("cache/" + files.front()) : QString();
    }
    // A cached load started now: whether its check confirms the cache, and its scripts' ids.
    std::pair<bool, QStringList> cachedLoad() const
    {
        auto load = startCachedPythonLoad(dirs, false);
        if (!load)
            return {false, {}};
        QStringList ids;
        for (const Script &s : load->takeScripts())
            ids.append(s.revision);
        return {load->confirm(), ids};
    }
};

QStringList ids(const ScriptLoad &load)
{
    QStringList out;
    for (const Script &s : load.scripts)
        out.append(s.revision);
    return out;
}

TEST(PythonScriptCache, ACachedLoadIsConfirmedOnlyWhileTheFolderIsUnchanged)
{
    CachedProject p;
    EXPECT_FALSE(startCachedPythonLoad(p.dirs, false)); // no cache yet
    const ScriptLoad first = loadPythonScripts(p.dirs, false);
    ASSERT_EQ(ids(first), (QStringList{"a1", "b2", "c3"}));

    auto [confirmed, cachedIds] = p.cachedLoad();
    EXPECT_TRUE(confirmed);
    EXPECT_EQ(cachedIds, ids(first));
    {
        auto load = startCachedPythonLoad(p.dirs, false);
        ASSERT_TRUE(load);
        const std::vector<Script> scripts = load->takeScripts();
        ASSERT_EQ(scripts.size(), 3u);
        EXPECT_EQ(scripts[1].message, "second");
        EXPECT_EQ(scripts[1].downRevisions, QStringList{"a1"});
        EXPECT_EQ(scripts[2].branchLabels, QStringList{"x"});
        EXPECT_EQ(scripts[2].path, p.root.filePath("v/c.py"));
        EXPECT_EQ(scripts[2].fileName, "c.py");
    }

    // Edited in place to the same size, with the old modification time put back: the inode's
    // change time still differs, so the cache is not trusted.
    const QString b = p.root.filePath("v/b.py");
    struct stat before;
    ASSERT_EQ(::stat(QFile::encodeName(b).constData(), &before), 0);
    p.write("v/b.py", "\"\"\"second\"\"\"\nrevision = 'b2'\ndown_revision = 'a9'\n");
    const timespec times[2] = {before.st_atim, before.st_mtim};
    ASSERT_EQ(::utimensat(AT_FDCWD, QFile::encodeName(b).constData(), times, 0), 0);
    EXPECT_FALSE(p.cachedLoad().first);
    const ScriptLoad edited = loadPythonScripts(p.dirs, false); // reads b.py again
    ASSERT_EQ(edited.scripts.size(), 3u);
    EXPECT_EQ(edited.scripts[1].downRevisions, QStringList{"a9"});
    EXPECT_TRUE(p.cachedLoad().first); // and the cache follows

    p.write("v/d.py", "revision = 'd4'\ndown_revision = 'c3'\n"); // a new file
    EXPECT_FALSE(p.cachedLoad().first);
    EXPECT_EQ(ids(loadPythonScripts(p.dirs, false)), (QStringList{"a1", "b2", "c3", "d4"}));
    EXPECT_TRUE(p.cachedLoad().first);

    ASSERT_TRUE(QFile::remove(p.root.filePath("v/a.py"))); // a file gone
    EXPECT_FALSE(p.cachedLoad().first);
    EXPECT_EQ(ids(loadPythonScripts(p.dirs, false)), (QStringList{"b2", "c3", "d4"}));
    EXPECT_TRUE(p.cachedLoad().first);

    p.write("v/e.py", "revision = (\n"); // a bad file is never cached: always checked again
    EXPECT_FALSE(p.cachedLoad().first);
    EXPECT_EQ(loadPythonScripts(p.dirs, false).errors.size(), 1u);
    EXPECT_FALSE(p.cachedLoad().first);
}

TEST(PythonScriptCache, AWorkspaceSeesAnEditMadeInPlace)
{
    CachedProject p;
    p.write("alembic.ini", "[alembic]\nscript_location = %(here)s\nversion_locations = "
                           "%(here)s/v\n");
    auto heads = [&] {
        auto ws = Workspace::load(p.root.filePath("alembic.ini"));
        EXPECT_TRUE(ws.ok());
        return ws ? (*ws)->graph().ids((*ws)->graph().heads()) : QStringList{};
    };
    EXPECT_EQ(heads(), QStringList{"c3"});
    EXPECT_EQ(heads(), QStringList{"c3"}); // from the cache
    // c3 now revises a1 as well: same size as before, edited in place.
    p.write("v/c.py", "revision = 'c3'\ndown_revision = 'a1'\nbranch_labels = ('x',)\n");
    EXPECT_EQ(heads(), (QStringList{"b2", "c3"}));
    EXPECT_EQ(heads(), (QStringList{"b2", "c3"}));
}

TEST(PythonScriptCache, TruncatedOrDamagedCacheFilesNeverBreakALoad)
{
    CachedProject p;
    ASSERT_EQ(loadPythonScripts(p.dirs, false).scripts.size(), 3u);
    const QString file = p.cacheFile();
    ASSERT_FALSE(file.isEmpty());
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray good = f.readAll();
    f.close();
    auto put = [&](const QByteArray &bytes) {
        QFile out(file);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
    };
    for (qsizetype len = 0; len < good.size(); ++len) { // every truncation
        put(good.left(len));
        EXPECT_FALSE(startCachedPythonLoad(p.dirs, false)) << "length " << len;
        ASSERT_EQ(ids(loadPythonScripts(p.dirs, false)), (QStringList{"a1", "b2", "c3"}));
    }
    for (qsizetype at = 0; at < good.size(); ++at) { // every byte damaged
        QByteArray bad = good;
        bad[at] = char(bad[at] ^ 0x5a);
        put(bad);
        const ScriptLoad load = loadPythonScripts(p.dirs, false);
        EXPECT_EQ(load.scripts.size() + load.errors.size(), 3u) << "byte " << at;
        if (auto cached = startCachedPythonLoad(p.dirs, false)) {
            EXPECT_EQ(cached->takeScripts().size(), 3u);
        }
    }
}

TEST(PythonScriptCache, FilesChangedJustNowAreNotTrustedFromTheCache)
{
    CachedProject p;
    ScriptCache::setRacyWindow(ScriptCache::kDefaultRacyWindowNs);
    // Just written: a later edit within the same timestamp tick could keep the same stamp, so
    // neither the files nor the folder are recorded yet.
    ASSERT_EQ(ids(loadPythonScripts(p.dirs, false)), (QStringList{"a1", "b2", "c3"}));
    EXPECT_FALSE(startCachedPythonLoad(p.dirs, false));
    ScriptCache::setRacyWindow(0);
    ASSERT_EQ(ids(loadPythonScripts(p.dirs, false)), (QStringList{"a1", "b2", "c3"}));
    EXPECT_TRUE(p.cachedLoad().first);
}

TEST(PythonScriptCache, AFolderWithABadFileIsListedEveryTime)
{
    CachedProject p;
    p.write("v/bad.py", "revision = (\n");
    EXPECT_EQ(loadPythonScripts(p.dirs, false).errors.size(), 1u);
    EXPECT_FALSE(p.cachedLoad().first); // the bad file is not in the cache: never confirmed
    ASSERT_TRUE(QFile::remove(p.root.filePath("v/bad.py")));
    EXPECT_TRUE(loadPythonScripts(p.dirs, false).errors.empty());
    EXPECT_TRUE(p.cachedLoad().first);
    // An in-place edit that makes a good file bad, folder unchanged: the stat sees it.
    p.write("v/b.py", "revision = (\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
    EXPECT_FALSE(p.cachedLoad().first);
    EXPECT_EQ(loadPythonScripts(p.dirs, false).errors.size(), 1u);
    EXPECT_FALSE(p.cachedLoad().first);
}

} // namespace

namespace {

// The tokenizer behind parsePythonScript (scripts/PythonTokenizer.h).
struct Tokens {
    std::vector<python::Token> tokens;
    std::vector<int> lineStarts;
    std::optional<python::Failure> failure;
    explicit Tokens(const QByteArray &src) : failure(python::tokenize(src, &tokens, &lineStarts)) {}
};

TEST(PythonTokenizer, TokensLinesAndLogicalLineEnds)
{
    const Tokens t(QByteArray("\xEF\xBB\xBF"
                              "a = (1,\n  'x')  # c\nb = \\\n  rb'y'\n"));
    ASSERT_FALSE(t.failure);
    EXPECT_EQ(t.lineStarts, (std::vector<int>{3, 11, 23, 29, 37}));
    using T = python::Token;
    std::vector<T::Kind> kinds;
    for (const T &token : t.tokens)
        kinds.push_back(token.kind);
    EXPECT_EQ(kinds,
              (std::vector<T::Kind>{T::Name, T::Op, T::Op, T::Number, T::Op, T::String, T::Op,
                                    T::Newline, T::Name, T::Op, T::String, T::Newline}));
    EXPECT_TRUE(t.tokens[0].column0 && t.tokens[0].lineStart);
    EXPECT_EQ(t.tokens[5].depth, 1);
    EXPECT_EQ(t.tokens[5].line, 2);
    EXPECT_FALSE(t.tokens[5].column0 || t.tokens[5].lineStart);
    EXPECT_TRUE(t.tokens[8].column0 && t.tokens[8].lineStart);
    EXPECT_EQ(t.tokens[10].line, 4);
}

TEST(PythonTokenizer, FailuresNameTheLine)
{
    const Tokens unterminated(QByteArray("a = 1\nb = 'open\n"));
    ASSERT_TRUE(unterminated.failure);
    EXPECT_EQ(unterminated.failure->line, 2);
    EXPECT_EQ(unterminated.failure->message, QStringLiteral("unterminated string literal"));
    const Tokens unclosed(QByteArray("a = (\n1,\n"));
    ASSERT_TRUE(unclosed.failure);
    EXPECT_EQ(unclosed.failure->line, 1);
    EXPECT_EQ(unclosed.failure->message, QStringLiteral("'(' was never closed"));
    const Tokens unmatched(QByteArray("a = (]"));
    ASSERT_TRUE(unmatched.failure);
    EXPECT_EQ(unmatched.failure->message, QStringLiteral("unmatched ']'"));
    const Tokens continuation(QByteArray("a = 1 \\ b"));
    ASSERT_TRUE(continuation.failure);
    EXPECT_EQ(continuation.failure->line, 1);
    const Tokens triple(QByteArray("x = 1\ny = '''\n\n"));
    ASSERT_TRUE(triple.failure);
    EXPECT_EQ(triple.failure->line, 2);
    EXPECT_EQ(triple.failure->message, QStringLiteral("unterminated triple-quoted string"));
}

std::optional<QString> literal(const char *src)
{
    const Tokens t{QByteArray(src)};
    if (t.failure || t.tokens.empty())
        return QStringLiteral("<no token>");
    return python::stringValue(QByteArray(src), t.tokens.front());
}

TEST(PythonTokenizer, StringValuesDecodeEscapesAsPython)
{
    EXPECT_EQ(literal(R"('a\tb\n\'\"\\')"), QStringLiteral("a\tb\n'\"\\"));
    EXPECT_EQ(literal(R"("\x41\u00e9\101")"), QStringLiteral("A\u00e9A"));
    EXPECT_EQ(literal(R"('\U0001F600')"), QString::fromUcs4(U"\U0001F600", 1));
    EXPECT_EQ(literal(R"('\q\x4')"), QStringLiteral("\\q\\x4")); // kept as written
    EXPECT_EQ(literal(R"(r'\n\x41')"), QStringLiteral("\\n\\x41"));
    EXPECT_EQ(literal("'''a\r\nb'''"), QStringLiteral("a\nb"));
    EXPECT_EQ(literal("'a\\\nb'"), QStringLiteral("ab")); // a continuation inside the string
    EXPECT_EQ(literal("b'x'"), std::nullopt);
    EXPECT_EQ(literal("f'x'"), std::nullopt);
}

} // namespace
