// A project whose graph is incomplete: scripts that cannot be read, revisions cut off from base
// by a missing parent or a cycle. Every readable revision is still accounted for (left out, with
// its reason), and no revision is called a head unless it is one in the whole project.
#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "scripts/Script.h"
#include "scripts/ScriptSalvage.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>

[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;

namespace {

struct Spec {
    const char *id;
    std::initializer_list<const char *> down;
    std::initializer_list<const char *> deps = {};
};

QStringList list(std::initializer_list<const char *> l)
{
    QStringList out;
    for (const char *s : l)
        out.append(QString::fromUtf8(s));
    return out;
}

// A graph of in-memory scripts (and unreadable ones, as salvaged).
struct Graph {
    std::vector<Script> scripts;
    std::vector<Error> errors;
    RevisionGraph g;

    Graph(std::initializer_list<Spec> specs, std::vector<SalvagedScript> unreadable = {})
    {
        for (const Spec &s : specs) {
            Script sc;
            sc.revision = QString::fromUtf8(s.id);
            sc.downRevisions = list(s.down);
            sc.dependsOn = list(s.deps);
            sc.path = QStringLiteral("/p/versions/%1_x.sql").arg(sc.revision);
            sc.fileName = QStringLiteral("%1_x.sql").arg(sc.revision);
            scripts.push_back(sc);
        }
        g = RevisionGraph::build(scripts, errors, unreadable);
    }
    QStringList ids(const std::vector<int> &v) const { return g.ids(v); }
    const LeftOutRevision *leftOut(const QString &id) const
    {
        for (const LeftOutRevision &r : g.leftOut())
            if (r.id == id)
                return &r;
        return nullptr;
    }
    QStringList leftOutIds() const
    {
        QStringList out;
        for (const LeftOutRevision &r : g.leftOut())
            out.append(r.id);
        out.sort();
        return out;
    }
};

SalvagedScript unreadable(const char *id, std::initializer_list<const char *> parents,
                          bool parentsKnown = true)
{
    SalvagedScript s;
    s.revision = QString::fromUtf8(id);
    s.path = QStringLiteral("/p/versions/%1_broken.sql").arg(s.revision);
    s.line = 1;
    s.problem = QStringLiteral("missing '-- Revision ID:' header");
    s.parentsKnown = parentsKnown;
    s.downRevisions = list(parents);
    return s;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate)) << path.toStdString();
    f.write(content);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A copy of the demo project (12 revisions, one merge) in `dir`; `edit` rewrites the script of
// revision 2c5300663497 (on the inventory branch, below the merge 5ea58ce1dd20).
QString demoCopy(const QTemporaryDir &dir, const std::function<QByteArray(QByteArray)> &edit)
{
    const QString from = QStringLiteral(RETORT_SOURCE_DIR "/migrations");
    QDirIterator it(from, {QStringLiteral("*.sql"), QStringLiteral("*.toml")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString to = dir.path() + u'/' + QDir(from).relativeFilePath(file);
        QDir().mkpath(QFileInfo(to).absolutePath());
        QByteArray content = readFile(file);
        if (file.contains(QStringLiteral("2c5300663497_")))
            content = edit(content);
        writeFile(to, content);
    }
    return dir.path();
}

QByteArray withoutLine(QByteArray content, const char *prefix)
{
    QList<QByteArray> lines = content.split('\n');
    lines.removeIf([&](const QByteArray &l) { return l.startsWith(prefix); });
    return lines.join('\n');
}

} // namespace

TEST(IncompleteGraph, ACompleteGraphHasNothingLeftOutAndItsHeadsAreCertain)
{
    Graph f{{"a", {}}, {"b", {"a"}}, {"c", {"a"}}, {"d", {"b", "c"}}};
    EXPECT_TRUE(f.g.isComplete());
    EXPECT_TRUE(f.g.leftOut().empty());
    EXPECT_EQ(f.ids(f.g.certainHeads()), f.ids(f.g.heads()));
    EXPECT_EQ(f.ids(f.g.certainRealHeads()), f.ids(f.g.realHeads()));
}

TEST(IncompleteGraph, ABrokenParentLeavesItsDescendantsOutWithTheCulpritNamed)
{
    // a - b - c(unreadable) - f
    //      \- d - e --------- g(merge of e, f) - h
    Graph f({{"a", {}},
             {"b", {"a"}},
             {"d", {"b"}},
             {"e", {"d"}},
             {"f", {"c"}},
             {"g", {"e", "f"}},
             {"h", {"g"}}},
            {unreadable("c", {"b"})});
    EXPECT_FALSE(f.g.isComplete());
    EXPECT_EQ(f.g.size(), 4); // a, b, d, e
    EXPECT_EQ(f.leftOutIds(), (QStringList{"c", "f", "g", "h"}));
    // The graph alone would call e a head; the whole project has g above it.
    EXPECT_EQ(f.ids(f.g.heads()), QStringList{"e"});
    EXPECT_TRUE(f.g.certainHeads().empty());
    EXPECT_FALSE(f.g.isCertainHead(f.g.indexOf(u"e")));
    EXPECT_TRUE(f.g.headsKnown());

    ASSERT_TRUE(f.leftOut("c"));
    EXPECT_TRUE(f.leftOut("c")->unreadable());
    EXPECT_EQ(f.leftOut("c")->parents, QStringList{"b"});
    EXPECT_EQ(f.leftOut("f")->why, LeftOutRevision::Why::MissingParent);
    EXPECT_EQ(f.leftOut("f")->reason, "unreachable: parent c could not be read (c_broken.sql:1)");
    EXPECT_EQ(f.leftOut("f")->script, &f.scripts[4]);
    EXPECT_EQ(f.leftOut("h")->why, LeftOutRevision::Why::BelowLeftOut);
    EXPECT_EQ(f.leftOut("h")->reason, "unreachable: ancestor c could not be read (c_broken.sql:1)");
    EXPECT_EQ(f.leftOut("g")->parents, (QStringList{"e", "f"}));

    // One problem for the cut-off parent, one for each revision below it, naming the file.
    QStringList messages;
    for (const Error &e : f.errors)
        messages.append(e.toString());
    EXPECT_EQ(messages, (QStringList{
                            "/p/versions/f_x.sql: revision f revises c, which could not be read "
                            "(c_broken.sql:1)",
                            "/p/versions/g_x.sql: revision g is unreachable: ancestor c could not "
                            "be read (c_broken.sql:1)",
                            "/p/versions/h_x.sql: revision h is unreachable: ancestor c could not "
                            "be read (c_broken.sql:1)",
                        }));
    // Views list them newest first: children before their parents.
    QStringList order;
    for (int k : f.g.leftOutNewestFirst())
        order.append(f.g.leftOut()[size_t(k)].id);
    EXPECT_EQ(order, (QStringList{"h", "g", "f", "c"}));
    // The branch point b has a child in the graph (d) and one left out (c).
    ASSERT_EQ(f.g.leftOutChildren(f.g.indexOf(u"b")).size(), 1U);
    EXPECT_TRUE(f.g.leftOutChildren(f.g.indexOf(u"e")).size() == 1U);
}

TEST(IncompleteGraph, ATwoRevisionCycleKeepsEveryRevisionAccountedFor)
{
    // b and c revise each other; b also revises the base a; d and e come after the cycle.
    Graph f{{"a", {}}, {"b", {"a", "c"}}, {"c", {"b"}}, {"d", {"c"}}, {"e", {"d"}}};
    EXPECT_EQ(f.g.size(), 1);
    EXPECT_EQ(f.leftOutIds(), (QStringList{"b", "c", "d", "e"}));
    EXPECT_EQ(f.leftOut("b")->why, LeftOutRevision::Why::Cycle);
    EXPECT_TRUE(f.leftOut("b")->reason.startsWith("in a cycle: "))
        << f.leftOut("b")->reason.toStdString();
    EXPECT_EQ(f.leftOut("c")->why, LeftOutRevision::Why::Cycle);
    EXPECT_EQ(f.leftOut("d")->why, LeftOutRevision::Why::BelowLeftOut);
    EXPECT_TRUE(QRegularExpression("^unreachable: ancestor [bc] is in a cycle$")
                    .match(f.leftOut("e")->reason)
                    .hasMatch())
        << f.leftOut("e")->reason.toStdString();
    // a is the graph's only revision but not a head: b (left out) revises it.
    EXPECT_EQ(f.ids(f.g.heads()), QStringList{"a"});
    EXPECT_TRUE(f.g.certainHeads().empty());
    // The cycle is one problem; d and e one each.
    EXPECT_EQ(f.errors.size(), 3U);
}

TEST(IncompleteGraph, AnUnreadableScriptWithUnknownParentsMakesNoHeadCertain)
{
    Graph known({{"a", {}}, {"b", {"a"}}}, {unreadable("z", {"a"})});
    EXPECT_EQ(known.ids(known.g.certainHeads()), QStringList{"b"});
    Graph unknown({{"a", {}}, {"b", {"a"}}}, {unreadable("z", {}, false)});
    EXPECT_FALSE(unknown.g.headsKnown());
    EXPECT_TRUE(unknown.g.certainHeads().empty());
    EXPECT_EQ(unknown.ids(unknown.g.heads()), QStringList{"b"}); // the graph's own, for planning
}

TEST(IncompleteGraph, ADuplicateIdIsListedAndItsParentIsNoHead)
{
    Graph f{{"a", {}}, {"b", {"a"}}, {"b", {"b2"}}, {"b2", {"a"}}};
    EXPECT_EQ(f.g.size(), 3);
    ASSERT_EQ(f.g.leftOut().size(), 1U);
    EXPECT_EQ(f.g.leftOut()[0].why, LeftOutRevision::Why::DuplicateId);
    EXPECT_EQ(f.g.leftOut()[0].reason, "duplicate revision id (already defined in b_x.sql)");
    // b2 has no child in the graph, but the duplicate b revises it.
    EXPECT_EQ(f.ids(f.g.certainHeads()), QStringList{"b"});
}

TEST(IncompleteGraph, WorkspaceSalvagesTheRevisesLineOfAScriptWithoutRevisionId)
{
    QTemporaryDir dir;
    const QString root =
        demoCopy(dir, [](QByteArray c) { return withoutLine(c, "-- Revision ID:"); });
    auto ws = Workspace::load(root);
    ASSERT_TRUE(ws.ok());
    const Workspace &w = **ws;
    EXPECT_FALSE(w.isComplete());
    const RevisionGraph &g = w.graph();
    // Every script is accounted for: 7 in the graph, 5 left out (one of them unreadable).
    EXPECT_EQ(g.size(), 7);
    ASSERT_EQ(w.unreachable().size(), 5U);
    const LeftOutRevision &broken = w.unreachable().back();
    EXPECT_TRUE(broken.unreadable());
    EXPECT_EQ(broken.id, "2c5300663497"); // from the file name
    EXPECT_TRUE(broken.parentsKnown);
    EXPECT_EQ(broken.parents, QStringList{"f883f1ce0eda"});
    // 7e7d8ca52273 is the graph's head, but the merge 5ea58ce1dd20 (left out) revises it.
    EXPECT_EQ(g.ids(g.heads()), QStringList{"7e7d8ca52273"});
    EXPECT_TRUE(g.certainHeads().empty());
    // The problems name every revision cut off, with its file.
    int unreachable = 0;
    for (const Error &e : w.problems())
        if (e.message.contains("is unreachable: ancestor 2c5300663497 could not be read "
                               "(2c5300663497_track_stock_levels_per_book.sql:1)"))
            ++unreachable;
    EXPECT_EQ(unreachable, 3); // 5ea58ce1dd20, 2a8091e12ecd, 1e2ba8818864
    EXPECT_TRUE(w.incompleteSummary().contains("4 revision(s) left out of the graph, 1 script(s) "
                                               "could not be read"))
        << w.incompleteSummary().toStdString();
}

TEST(IncompleteGraph, WorkspaceWithoutASalvageableRevisesLineHasNoCertainHead)
{
    // A new script above the head 1e2ba8818864 that cannot be read (a bad key): with its Revises
    // line readable the old head is known not to be one; without it, no head is certain.
    for (bool revisesReadable : {true, false}) {
        QTemporaryDir dir;
        const QString root = demoCopy(dir, [](QByteArray c) { return c; });
        writeFile(root + "/versions/aaaaaaaaaaaa_broken.sql",
                  QByteArray("-- Broken\n--\n-- Revision ID: aaaaaaaaaaaa\n") +
                      (revisesReadable ? "-- Revises: 1e2ba8818864\n" : "-- Revises: 1e2b!\n") +
                      "-- Bogus Key: x\n\n-- migrate:upgrade\nSELECT 1;\n");
        auto ws = Workspace::load(root);
        ASSERT_TRUE(ws.ok());
        const RevisionGraph &g = (*ws)->graph();
        EXPECT_EQ(g.size(), 12);
        ASSERT_EQ((*ws)->unreachable().size(), 1U);
        EXPECT_EQ((*ws)->unreachable()[0].id, "aaaaaaaaaaaa");
        EXPECT_EQ(g.ids(g.heads()), QStringList{"1e2ba8818864"});
        EXPECT_TRUE(g.certainHeads().empty()) << revisesReadable;
        EXPECT_EQ(g.headsKnown(), revisesReadable);
        EXPECT_EQ((*ws)->incompleteSummary().contains("no head is certain"), !revisesReadable);
    }
}

TEST(ScriptSalvage, ReadsTheIdAndParentsOfBrokenScripts)
{
    Error sqlError(QStringLiteral("bad"), QStringLiteral("/p/versions/ab12_slug.sql"), 3);
    const SalvagedScript sql = salvageScript(
        sqlError,
        "-- m\n-- Revision ID: cd34\n-- Revises: ab, cd\n-- Bogus: 1\n-- migrate:upgrade\n");
    EXPECT_EQ(sql.revision, "cd34");
    EXPECT_FALSE(sql.revisionFromFileName);
    EXPECT_TRUE(sql.parentsKnown);
    EXPECT_EQ(sql.downRevisions, (QStringList{"ab", "cd"}));
    EXPECT_EQ(sql.line, 3);

    const SalvagedScript noId = salvageScript(sqlError, "-- m\n-- Revises:\n");
    EXPECT_EQ(noId.revision, "ab12");
    EXPECT_TRUE(noId.revisionFromFileName);
    EXPECT_TRUE(noId.parentsKnown);
    EXPECT_TRUE(noId.downRevisions.isEmpty()); // a base

    const SalvagedScript garbled = salvageScript(sqlError, "-- Revises: a b\n");
    EXPECT_FALSE(garbled.parentsKnown);

    Error pyError(QStringLiteral("bad"), QStringLiteral("/p/versions/ef56_slug.py"), 7);
    const SalvagedScript py = salvageScript(pyError, "\"\"\"doc\"\"\"\n"
                                                     "revision: str = 'ef56'\n"
                                                     "down_revision: Union[str, None] = (\n"
                                                     "    'ab',  # first\n"
                                                     "    \"cd\",\n"
                                                     ")\n"
                                                     "depends_on = some_call()\n");
    EXPECT_EQ(py.revision, "ef56");
    EXPECT_TRUE(py.parentsKnown);
    EXPECT_EQ(py.downRevisions, (QStringList{"ab", "cd"}));
    const SalvagedScript pyBase =
        salvageScript(pyError, "revision = 'ef56'\ndown_revision = None\n");
    EXPECT_TRUE(pyBase.parentsKnown);
    EXPECT_TRUE(pyBase.downRevisions.isEmpty());
    const SalvagedScript pyDynamic = salvageScript(pyError, "down_revision = compute()\n");
    EXPECT_FALSE(pyDynamic.parentsKnown);
    EXPECT_EQ(pyDynamic.revision, "ef56"); // the file name's
}
