// Alembic revision files whose values are constants: their own, or imported from the project's
// packages (scripts/PythonModules.h), as OpenStack Neutron's expand/contract branch labels are.
#include "scripts/PythonModules.h"
#include "scripts/PythonScript.h"

#include "project/Workspace.h"
#include "scripts/ScriptCache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

// A repository (its root holds `.git`) in a temporary folder, with its own parse cache.
struct Repo {
    QTemporaryDir tmp;
    QDir root{tmp.path()};

    Repo()
    {
        ScriptCache::setRacyWindow(0); // files written now may be cached at once
        root.mkpath(".git");
        root.mkpath("cache");
        qputenv("RETORT_CACHE_DIR", root.filePath("cache").toUtf8());
    }
    ~Repo()
    {
        qunsetenv("RETORT_CACHE_DIR");
        ScriptCache::setRacyWindow(ScriptCache::kDefaultRacyWindowNs);
    }
    QString path(const QString &rel) const { return root.filePath(rel); }
    void write(const QString &rel, const QByteArray &text) const
    {
        QDir().mkpath(QFileInfo(path(rel)).absolutePath());
        QFile f(path(rel));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate)) << rel.toStdString();
        f.write(text);
    }
    // An edit after the file system's timestamp tick, so that the stamps change.
    void edit(const QString &rel, const QByteArray &text) const
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        write(rel, text);
    }
};

const Script *find(const ScriptLoad &load, const QString &revision)
{
    for (const Script &s : load.scripts)
        if (s.revision == revision)
            return &s;
    return nullptr;
}

QString problemsText(const std::vector<Error> &problems)
{
    QString out;
    for (const Error &e : problems)
        out += e.toString() + u'\n';
    return out;
}

// --- Constants of the revision file itself -----------------------------------------------------

TEST(PythonImports, ConstantsOfTheFileItselfResolveAsPythonWouldSeeThem)
{
    auto s = parsePythonScript("/p/versions/r2.py", "REV = 'r2'\n"
                                                    "PARENTS = ('r0', \"r1\")\n"
                                                    "LABEL = 'first'\n"
                                                    "ALIAS = LABEL\n"
                                                    "revision = REV\n"
                                                    "down_revision = PARENTS\n"
                                                    "branch_labels = (ALIAS, 'plain')\n"
                                                    "LABEL = 'later'  # after the use: no effect\n"
                                                    "depends_on: Sequence[str] = [LABEL]\n");
    ASSERT_TRUE(s) << s.error().toString().toStdString();
    EXPECT_EQ(s->revision, "r2");
    EXPECT_EQ(s->downRevisions, (QStringList{"r0", "r1"}));
    EXPECT_EQ(s->branchLabels, (QStringList{"first", "plain"}));
    EXPECT_EQ(s->dependsOn, QStringList{"later"});

    auto none = parsePythonScript("/p/versions/r1.py",
                                  "BASE = None\nrevision = 'r1'\ndown_revision = BASE\n");
    ASSERT_TRUE(none) << none.error().toString().toStdString();
    EXPECT_TRUE(none->downRevisions.isEmpty());
}

// --- A project shaped like OpenStack Neutron's ---------------------------------------------------

// The package `quantum` at the repository's root; alembic.ini and script_location inside it;
// revision files in a folder per release and branch, listed in version_locations; the first
// revision of each branch takes its label from quantum.db.migration.cli, whose other statements
// (calls, functions, imports of other packages) Retort never needs.
void writeNeutronShaped(const Repo &r)
{
    r.write("quantum/__init__.py", "");
    r.write("quantum/db/__init__.py", "");
    r.write("quantum/db/migration/__init__.py", "import contextlib\n\n"
                                                "LIBERTY = 'liberty'\nMITAKA = 'mitaka'\n\n\n"
                                                "def schema_has_table(name):\n    return True\n");
    r.write("quantum/db/migration/cli.py",
            "import os\n\nfrom alembic import command as alembic_command\n\n"
            "from quantum.db import migration\n\n"
            "HEAD_FILENAME = 'HEAD'\nCURRENT_RELEASE = migration.MITAKA\n"
            "RELEASES = (\n    migration.LIBERTY,\n    migration.MITAKA,\n)\n\n"
            "EXPAND_BRANCH = 'expand'\nCONTRACT_BRANCH = 'contract'\n"
            "MIGRATION_BRANCHES = (EXPAND_BRANCH, CONTRACT_BRANCH)\n\n"
            "alembic_ini = os.path.join(os.path.dirname(__file__), 'alembic.ini')\n\n\n"
            "def main():\n    pass\n");
    const QString v = "quantum/db/migration/alembic_migrations/versions/";
    r.write("quantum/db/migration/alembic.ini",
            "[alembic]\nscript_location = %(here)s/alembic_migrations\n"
            "version_locations = %(here)s/alembic_migrations/versions\n"
            "    %(here)s/alembic_migrations/versions/liberty/contract\n"
            "    %(here)s/alembic_migrations/versions/liberty/expand\n"
            "    %(here)s/alembic_migrations/versions/mitaka/contract\n"
            "    %(here)s/alembic_migrations/versions/mitaka/expand\n"
            "version_path_separator = newline\n");
    r.write(v + "kilo_initial.py", "revision = 'kilo'\ndown_revision = None\n");
    const char *initial = "\"\"\"Initial no-op Liberty %1 rule.\"\"\"\n\n"
                          "from quantum.db.migration import cli\n\n\n"
                          "# revision identifiers, used by Alembic.\n"
                          "revision = '%2'\ndown_revision = 'kilo'\n"
                          "branch_labels = (cli.%3_BRANCH,)\n\n\ndef upgrade():\n    pass\n";
    r.write(v + "liberty/expand/1a_initial.py",
            QString::fromLatin1(initial).arg("expand", "e1a", "EXPAND").toUtf8());
    r.write(v + "liberty/contract/2a_initial.py",
            QString::fromLatin1(initial).arg("contract", "c2a", "CONTRACT").toUtf8());
    r.write(v + "liberty/expand/1b_more.py", "revision = 'e1b'\ndown_revision = 'e1a'\n");
    r.write(v + "liberty/contract/2b_drop.py",
            "revision = 'c2b'\ndown_revision = 'c2a'\ndepends_on = ('e1b',)\n");
    r.write(v + "mitaka/expand/3a_mitaka.py", "revision = 'e3a'\ndown_revision = 'e1b'\n");
    r.write(v + "mitaka/contract/4a_mitaka.py", "revision = 'c4a'\ndown_revision = 'c2b'\n");
}

// Labels of the graph's revision `id` as the graph spreads them.
QStringList labelsOf(const Workspace &ws, const QString &id)
{
    const int i = ws.graph().indexOf(id);
    return i >= 0 ? ws.graph().at(i).labels : QStringList{"<no revision " + id + ">"};
}

TEST(PythonImports, ANeutronShapedProjectLoadsWithItsExpandAndContractBranches)
{
    Repo r;
    writeNeutronShaped(r);
    for (int pass = 0; pass < 2; ++pass) { // parsed, then from the parse cache
        auto ws = Workspace::load(r.path("quantum/db/migration/alembic.ini"));
        ASSERT_TRUE(ws) << ws.error().toString().toStdString();
        EXPECT_TRUE((*ws)->problems().empty()) << problemsText((*ws)->problems()).toStdString();
        EXPECT_EQ((*ws)->graph().ids((*ws)->graph().heads()), (QStringList{"c4a", "e3a"}))
            << "pass " << pass;
        EXPECT_EQ(labelsOf(**ws, "e1a"), QStringList{"expand"});
        EXPECT_EQ(labelsOf(**ws, "c4a"), QStringList{"contract"});
        EXPECT_EQ(labelsOf(**ws, "kilo"), QStringList{});
        // The window shows its source without resolving its names again.
        const Script *e1a = (*ws)->script("e1a");
        ASSERT_TRUE(e1a);
        auto source = readPythonFunctions(*e1a);
        ASSERT_TRUE(source) << source.error().toString().toStdString();
        EXPECT_EQ(source->upgrade.sql, "def upgrade():\n    pass");
    }
}

// --- Every import form ---------------------------------------------------------------------------

// `project/pkg` (with a subpackage and relative imports), a namespace package `project/ns`,
// and revision files in Alembic's default layout (`project/alembic/versions`).
void writePackages(const Repo &r)
{
    r.write("project/pkg/__init__.py", "from .consts import *\nPKG_LABEL = 'pkg_label'\n");
    r.write("project/pkg/consts.py", "R1 = 'r1'\nEXPAND = 'expand'\nPAIR = ('p1', 'p2')\n"
                                     "ALIAS = EXPAND\n_PRIVATE = 'private'\n"
                                     "STAR_ONLY = 'star'\nJOINED = EXPAND + '_x'\n"
                                     "EARLY = LATE\nLATE = 'late'\n\n"
                                     "def FUNC():\n    pass\n");
    r.write("project/pkg/loop_a.py", "from pkg.loop_b import B\nA = B\n");
    r.write("project/pkg/loop_b.py", "from pkg.loop_a import A\nB = A\n");
    r.write("project/pkg/sub/__init__.py", "from .. import consts as parent_consts\n"
                                           "SUB = parent_consts.ALIAS\n");
    r.write("project/pkg/sub/mod.py", "from ..consts import PAIR as P\nfrom . import SUB\n"
                                      "MOD_LABEL = 'mod_label'\nFROM_SUB = SUB\n");
    r.write("project/ns/names.py", "NS = 'ns_label'\n");
}

QStringList versions(const Repo &r)
{
    return {r.path("project/alembic/versions")};
}

TEST(PythonImports, EveryImportFormIsFollowed)
{
    Repo r;
    writePackages(r);
    const QString v = "project/alembic/versions/";
    r.write(v + "r1.py", "from pkg.consts import EXPAND\n"
                         "revision = 'r1'\ndown_revision = None\nbranch_labels = EXPAND\n");
    r.write(v + "r2.py", "from pkg import consts\nrevision = 'r2'\n"
                         "down_revision = consts.R1\nbranch_labels = consts.PAIR\n");
    r.write(v + "r3.py", "import pkg.consts as c\nrevision = 'r3'\ndown_revision = 'r2'\n"
                         "depends_on = c.ALIAS\n");
    r.write(v + "r4.py", "import pkg.sub.mod\nrevision = 'r4'\ndown_revision = 'r3'\n"
                         "branch_labels = (pkg.sub.mod.MOD_LABEL, pkg.PKG_LABEL)\n");
    r.write(v + "r5.py", "from pkg.sub.mod import P, FROM_SUB as F\nrevision = 'r5'\n"
                         "down_revision = 'r4'\nbranch_labels = P\ndepends_on = [F]\n");
    r.write(v + "r6.py", "from pkg import STAR_ONLY\nrevision = 'r6'\ndown_revision = 'r5'\n"
                         "branch_labels = STAR_ONLY\n");
    r.write(v + "r7.py", "from ns.names import NS\nrevision = 'r7'\ndown_revision = 'r6'\n"
                         "branch_labels = [NS]\n");
    r.write(v + "r8.py", "from pkg import sub\nrevision = 'r8'\ndown_revision = 'r7'\n"
                         "branch_labels = sub.mod.MOD_LABEL, sub . SUB\n");
    const ScriptLoad load = loadPythonScripts(versions(r), false); // script_location: alembic/
    EXPECT_TRUE(load.errors.empty()) << problemsText(load.errors).toStdString();
    ASSERT_EQ(load.scripts.size(), 8u);
    auto labels = [&](const char *rev) {
        const Script *s = find(load, rev);
        return s ? s->branchLabels : QStringList{"<missing>"};
    };
    EXPECT_EQ(labels("r1"), QStringList{"expand"});
    EXPECT_EQ(find(load, "r2")->downRevisions, QStringList{"r1"});
    EXPECT_EQ(labels("r2"), (QStringList{"p1", "p2"}));
    EXPECT_EQ(find(load, "r3")->dependsOn, QStringList{"expand"});
    EXPECT_EQ(labels("r4"), (QStringList{"mod_label", "pkg_label"}));
    EXPECT_EQ(labels("r5"), (QStringList{"p1", "p2"}));
    EXPECT_EQ(find(load, "r5")->dependsOn, QStringList{"expand"});
    EXPECT_EQ(labels("r6"), QStringList{"star"});
    EXPECT_EQ(labels("r7"), QStringList{"ns_label"});
    EXPECT_EQ(labels("r8"), (QStringList{"mod_label", "expand"}));
}

// --- Names that cannot be resolved -------------------------------------------------------------

struct Unresolvable {
    const char *name;
    const char *text; // the revision file
    int line;         // of the error
    std::vector<const char *> fragments;
};

[[maybe_unused]] void PrintTo(const Unresolvable &u, std::ostream *os)
{
    *os << u.name;
}

class PythonImportsUnresolvable : public ::testing::TestWithParam<Unresolvable> {};

TEST_P(PythonImportsUnresolvable, SaysWhichNameAndWhereItLooked)
{
    const Unresolvable &u = GetParam();
    Repo r;
    writePackages(r);
    r.write("project/alembic/versions/bad.py", u.text);
    const ScriptLoad load = loadPythonScripts(versions(r), false);
    ASSERT_EQ(load.errors.size(), 1u) << u.name;
    const Error &e = load.errors.front();
    EXPECT_EQ(e.file, r.path("project/alembic/versions/bad.py")) << u.name;
    EXPECT_EQ(e.line, u.line) << u.name << ": " << e.toString().toStdString();
    for (const char *fragment : u.fragments) {
        QString f = QString::fromUtf8(fragment);
        f.replace("<project>", r.path("project"));
        f.replace("<root>", r.root.path());
        EXPECT_TRUE(e.message.contains(f))
            << u.name << ": no '" << f.toStdString() << "' in " << e.message.toStdString();
    }
}

INSTANTIATE_TEST_SUITE_P(
    All, PythonImportsUnresolvable,
    ::testing::Values(
        Unresolvable{"missing submodule",
                     "from pkg.nothere import X\nrevision = 'b'\ndown_revision = None\n"
                     "branch_labels = X\n",
                     4,
                     {"branch_labels: cannot resolve X", "no module pkg.nothere",
                      "(looked in <project>/pkg)", "imported at <project>/alembic/versions/"}},
        Unresolvable{"missing top-level module",
                     "import nothere\nrevision = 'b'\ndown_revision = (nothere.A, 'x')\n",
                     3,
                     {"down_revision: cannot resolve nothere.A",
                      "no module nothere in the project's source tree (looked in <project>, "
                      "<root>)"}},
        Unresolvable{"missing name",
                     "from pkg import consts\nrevision = 'b'\ndown_revision = None\n"
                     "depends_on = consts.NOPE\n",
                     4,
                     {"cannot resolve consts.NOPE", "<project>/pkg/consts.py defines no "
                                                    "top-level NOPE"}},
        Unresolvable{"concatenation",
                     "from pkg.consts import JOINED\nrevision = 'b'\ndown_revision = None\n"
                     "branch_labels = (JOINED,)\n",
                     4,
                     {"cannot resolve JOINED", "JOINED is assigned at <project>/pkg/consts.py:7",
                      "without running Python"}},
        Unresolvable{"relative import in a revision file",
                     "from . import helper\nrevision = 'b'\ndown_revision = helper.PARENT\n",
                     3,
                     {"cannot resolve helper.PARENT", "relative import",
                      "<project>/alembic/versions/bad.py:1"}},
        Unresolvable{"a function",
                     "from pkg import consts\nrevision = 'b'\ndown_revision = consts.FUNC\n",
                     3,
                     {"FUNC is bound at <project>/pkg/consts.py:11 by a statement"}},
        Unresolvable{
            "a tuple as an item",
            "from pkg import consts\nrevision = 'b'\ndown_revision = None\n"
            "branch_labels = (consts.PAIR,)\n",
            4,
            {"consts.PAIR is a tuple or list, but an item of a tuple or list must be a string"}},
        Unresolvable{"a module as a value",
                     "from pkg import consts\nrevision = 'b'\ndown_revision = consts\n",
                     3,
                     {"consts is a module, not a value"}},
        Unresolvable{"assigned after its use",
                     "revision = 'b'\ndown_revision = LATER\nLATER = 'x'\n",
                     2,
                     {"LATER is not assigned or imported at the top level of "
                      "<project>/alembic/versions/bad.py before line 2"}},
        Unresolvable{"only inside a block",
                     "try:\n    from pkg import consts\nexcept ImportError:\n    pass\n"
                     "revision = 'b'\ndown_revision = consts.R1\n",
                     6,
                     {"consts is not assigned or imported at the top level"}},
        Unresolvable{"used before its assignment in a module",
                     "from pkg.consts import EARLY\nrevision = 'b'\ndown_revision = EARLY\n",
                     3,
                     {"LATE is not assigned or imported at the top level of "
                      "<project>/pkg/consts.py before line 8"}},
        Unresolvable{"circular",
                     "from pkg.loop_a import A\nrevision = A\n",
                     2,
                     {"revision: cannot resolve A", "circular"}},
        Unresolvable{"an attribute of a string",
                     "A = 'x'\nrevision = 'b'\ndown_revision = A.upper\n",
                     3,
                     {"A is a string, not a module, so A.upper cannot be read"}}),
    [](const auto &info) {
        std::string n = info.param.name;
        for (char &c : n)
            if (!isalnum(static_cast<unsigned char>(c)))
                c = '_';
        return n;
    });

// --- Reading each module once --------------------------------------------------------------------

TEST(PythonImports, EachModuleIsReadOncePerLoadWhateverTheNumberOfScriptsAndThreads)
{
    Repo r;
    writePackages(r);
    PythonModules modules(PythonModules::importRoots(r.path("project/alembic")));
    // The folders above script_location, up to the repository root.
    EXPECT_EQ(modules.roots(), (QStringList{r.path("project"), r.root.path()}));
    auto parseMany = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            const QByteArray text = "from pkg import consts\nimport pkg.sub.mod as m\n"
                                    "revision = 'r" +
                                    QByteArray::number(i) +
                                    "'\ndown_revision = None\n"
                                    "branch_labels = (consts.EXPAND, m.MOD_LABEL)\n";
            std::vector<FileDependency> deps;
            auto s =
                parsePythonScript(r.path("project/alembic/versions/x.py"), text, &modules, &deps);
            ASSERT_TRUE(s) << s.error().toString().toStdString();
            ASSERT_EQ(s->branchLabels, (QStringList{"expand", "mod_label"}));
            ASSERT_FALSE(deps.empty());
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back(parseMany, t * 50, t * 50 + 50);
    for (std::thread &t : threads)
        t.join();
    // pkg/__init__.py (looked through for `consts`), pkg/consts.py, pkg/sub/mod.py; nothing
    // needs pkg/sub/__init__.py.
    EXPECT_EQ(modules.filesRead(), 3);
}

// --- The parse cache ---------------------------------------------------------------------------

// Whether a cached load of `dirs` is confirmed, and the branch labels of its scripts.
std::pair<bool, QStringList> cachedLabels(const QStringList &dirs)
{
    auto load = startCachedPythonLoad(dirs, false);
    if (!load)
        return {false, {}};
    QStringList labels;
    for (const Script &s : load->takeScripts())
        labels += s.branchLabels;
    return {load->confirm(), labels};
}

QStringList labels(const ScriptLoad &load)
{
    QStringList out;
    for (const Script &s : load.scripts)
        out += s.branchLabels;
    return out;
}

TEST(PythonImportsCache, AScriptIsReadAgainWhenAModuleItsNamesComeFromChanges)
{
    Repo r;
    writePackages(r);
    r.write("project/alembic/versions/a.py",
            "from pkg import consts\nrevision = 'a'\n"
            "down_revision = None\nbranch_labels = consts.ALIAS\n");
    r.write("project/alembic/versions/b.py", "revision = 'b'\ndown_revision = 'a'\n");
    const QStringList dirs = versions(r);
    EXPECT_EQ(labels(loadPythonScripts(dirs, false)), QStringList{"expand"});
    EXPECT_EQ(cachedLabels(dirs), std::make_pair(true, QStringList{"expand"}));

    // The module the value comes from changes (not the revision file): the cache is not trusted.
    r.edit("project/pkg/consts.py", "R1 = 'r1'\nEXPAND = 'grow'\nALIAS = EXPAND\n");
    EXPECT_FALSE(cachedLabels(dirs).first);
    EXPECT_EQ(labels(loadPythonScripts(dirs, false)), QStringList{"grow"});
    EXPECT_EQ(cachedLabels(dirs), std::make_pair(true, QStringList{"grow"}));
}

TEST(PythonImportsCache, AModuleThatNowComesFirstOnTheImportPathIsSeen)
{
    Repo r; // import roots: project/ (script_location's parent), then the repository root
    r.write("top/__init__.py", "");
    r.write("top/consts.py", "ALIAS = 'far'\n");
    r.write("project/alembic/versions/a.py", "from top.consts import ALIAS\nrevision = 'a'\n"
                                             "down_revision = None\nbranch_labels = ALIAS\n");
    const QStringList dirs = versions(r);
    EXPECT_EQ(labels(loadPythonScripts(dirs, false)), QStringList{"far"});
    EXPECT_EQ(cachedLabels(dirs), std::make_pair(true, QStringList{"far"}));

    // Where the first search found nothing, a package appears: Python would import it instead.
    r.edit("project/top/__init__.py", "");
    r.edit("project/top/consts.py", "ALIAS = 'near'\n");
    EXPECT_FALSE(cachedLabels(dirs).first);
    EXPECT_EQ(labels(loadPythonScripts(dirs, false)), QStringList{"near"});
    EXPECT_EQ(cachedLabels(dirs), std::make_pair(true, QStringList{"near"}));
}

TEST(PythonImportsCache, AWorkspaceSeesAnEditOfTheModuleItsLabelsComeFrom)
{
    Repo r;
    writeNeutronShaped(r);
    const QString ini = r.path("quantum/db/migration/alembic.ini");
    auto labelOf = [&](const QString &id) {
        auto ws = Workspace::load(ini);
        EXPECT_TRUE(ws && (*ws)->problems().empty());
        return ws ? labelsOf(**ws, id) : QStringList{};
    };
    EXPECT_EQ(labelOf("c4a"), QStringList{"contract"});
    EXPECT_EQ(labelOf("c4a"), QStringList{"contract"}); // from the cache
    QFile cli(r.path("quantum/db/migration/cli.py"));
    ASSERT_TRUE(cli.open(QIODevice::ReadOnly));
    QByteArray text = cli.readAll();
    cli.close();
    text.replace("CONTRACT_BRANCH = 'contract'", "CONTRACT_BRANCH = 'shrink'");
    r.edit("quantum/db/migration/cli.py", text);
    EXPECT_EQ(labelOf("c4a"), QStringList{"shrink"});
    EXPECT_EQ(labelOf("c4a"), QStringList{"shrink"});
}

} // namespace

namespace {

TEST(PythonImportsCache, DamagedCacheFilesWithDependenciesNeverBreakALoad)
{
    Repo r;
    writePackages(r);
    r.write("project/alembic/versions/a.py",
            "from pkg import consts\nrevision = 'a'\n"
            "down_revision = None\nbranch_labels = consts.ALIAS\n");
    r.write("project/alembic/versions/b.py", "import pkg.sub.mod as m\nrevision = 'b'\n"
                                             "down_revision = 'a'\ndepends_on = m.P\n");
    const QStringList dirs = versions(r);
    ASSERT_EQ(loadPythonScripts(dirs, false).scripts.size(), 2u);
    const QStringList files = QDir(r.path("cache")).entryList(QDir::Files);
    ASSERT_EQ(files.size(), 1);
    const QString file = r.path("cache/" + files.front());
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray good = f.readAll();
    f.close();
    auto put = [&](const QByteArray &bytes) {
        QFile out(file);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
    };
    for (qsizetype at = 0; at < good.size(); ++at) {
        put(at % 2 ? good.left(at) : [&] {
            QByteArray bad = good;
            bad[at] = char(bad[at] ^ 0x5a);
            return bad;
        }());
        const ScriptLoad load = loadPythonScripts(dirs, false);
        EXPECT_EQ(load.scripts.size() + load.errors.size(), 2u) << "byte " << at;
        if (auto cached = startCachedPythonLoad(dirs, false)) {
            EXPECT_EQ(cached->takeScripts().size(), 2u) << "byte " << at;
        }
    }
    put(good);
    EXPECT_EQ(labels(loadPythonScripts(dirs, false)), QStringList{"expand"});
}

} // namespace
