#include "workflows/RevisionDraft.h"

#include "graph/RevisionGraph.h"
#include "scripts/ScriptParser.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

// gtest prints QStrings (and QStringLists) readably. Internal linkage: each test file has one.
[[maybe_unused]] static void PrintTo(const QString &s, std::ostream *os)
{
    *os << '"' << s.toStdString() << '"';
}

using namespace retort;
using Kind = DraftProblem::Kind;

namespace {

// aaaa (label "core") -> bbbb -> cccc (head)
//                            \-> dddd (head)
// eeee (label "billing", a second base and head)
struct Graph {
    std::vector<Script> scripts;
    std::vector<Error> errors;
    RevisionGraph g;

    Graph()
    {
        add("aaaaaaaaaaaa", {}, {"core"});
        add("bbbbbbbbbbbb", {"aaaaaaaaaaaa"});
        add("cccccccccccc", {"bbbbbbbbbbbb"});
        add("dddddddddddd", {"bbbbbbbbbbbb"});
        add("eeeeeeeeeeee", {}, {"billing"});
        g = RevisionGraph::build(scripts, errors);
    }

    void add(const char *id, QStringList down, QStringList labels = {})
    {
        Script s;
        s.revision = QString::fromLatin1(id);
        s.downRevisions = down;
        s.branchLabels = labels;
        s.message = QStringLiteral("message of ") + s.revision;
        s.fileName = s.revision + QStringLiteral("_x.sql");
        s.path = QStringLiteral("/p/versions/") + s.fileName;
        s.upgrade = {QStringLiteral("SELECT 1;"), 9};
        scripts.push_back(s);
    }
};

RevisionDraft draft()
{
    RevisionDraft d;
    d.id = "0123456789ab";
    d.message = "Add invoices";
    d.parents = {"cccccccccccc"};
    return d;
}

std::vector<Kind> kinds(const std::vector<DraftProblem> &problems)
{
    std::vector<Kind> k;
    for (const DraftProblem &p : problems)
        k.push_back(p.kind);
    return k;
}

} // namespace

TEST(RevisionDraft, ValidDraftBuildsTheNewRevision)
{
    Graph graph;
    ASSERT_TRUE(graph.errors.empty());
    RevisionDraft d = draft();
    d.message = "  Add invoices  ";
    d.branchLabels = " invoices , ";
    d.transactional = false;
    auto r = buildRevision(graph.g, d);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_EQ(r->id, "0123456789ab");
    EXPECT_EQ(r->message, "Add invoices");
    EXPECT_EQ(r->parents, QStringList{"cccccccccccc"});
    EXPECT_EQ(r->branchLabels, QStringList{"invoices"});
    EXPECT_TRUE(r->dependsOn.isEmpty());
    EXPECT_FALSE(r->transactional);
    EXPECT_TRUE(draftProblems(graph.g, d).empty());
}

TEST(RevisionDraft, MessageIsRequiredSingleLineAndNotAHeader)
{
    Graph graph;
    RevisionDraft d = draft();
    d.message = "   ";
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::MessageEmpty});
    EXPECT_FALSE(buildRevision(graph.g, d).ok());
    d.message = "two\nlines";
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::MessageMultiline});
    d.message = "Revision ID: abc";
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::MessageReadsAsHeader});
    d.message = "migrate:upgrade";
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::MessageReadsAsHeader});
    d.message = "Fix: the index on books";
    EXPECT_TRUE(draftProblems(graph.g, d).empty());
}

TEST(RevisionDraft, NoParentsIsANewBaseAndSeveralAreAMerge)
{
    Graph graph;
    RevisionDraft d = draft();
    d.parents = {};
    auto base = buildRevision(graph.g, d);
    ASSERT_TRUE(base.ok());
    EXPECT_TRUE(base->parents.isEmpty());
    d.parents = {"dddddddddddd", "cccccccccccc", "eeeeeeeeeeee"};
    auto merge = buildRevision(graph.g, d);
    ASSERT_TRUE(merge.ok());
    EXPECT_EQ(merge->parents, d.parents); // the order chosen is kept
}

TEST(RevisionDraft, NonHeadParentNeedsSplice)
{
    Graph graph;
    RevisionDraft d = draft();
    d.parents = {"bbbbbbbbbbbb"};
    const auto problems = draftProblems(graph.g, d);
    ASSERT_EQ(kinds(problems), std::vector<Kind>{Kind::ParentNotHead});
    EXPECT_EQ(problems.front().field, DraftField::Parents);
    EXPECT_EQ(problems.front().item, "bbbbbbbbbbbb");
    EXPECT_TRUE(
        problems.front().message.startsWith("Revision bbbbbbbbbbbb is not a head revision"));
    d.splice = true;
    auto r = buildRevision(graph.g, d);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->parents, QStringList{"bbbbbbbbbbbb"});
}

TEST(RevisionDraft, UnknownOrRepeatedParentsAreRejected)
{
    Graph graph;
    RevisionDraft d = draft();
    d.parents = {"cccccccccccc", "cccccccccccc", "ffffffffffff"};
    EXPECT_EQ(kinds(draftProblems(graph.g, d)),
              (std::vector<Kind>{Kind::ParentRepeated, Kind::ParentUnknown}));
}

TEST(RevisionDraft, BranchLabelsMustBeNewValidAndNotIds)
{
    Graph graph;
    RevisionDraft d = draft();
    d.branchLabels = "core, bad-label, x, x, dddddddddddd, 0123456789ab";
    const auto problems = draftProblems(graph.g, d);
    EXPECT_EQ(kinds(problems),
              (std::vector<Kind>{Kind::LabelTaken, Kind::LabelInvalid, Kind::LabelRepeated,
                                 Kind::LabelTaken, Kind::LabelTaken}));
    EXPECT_EQ(problems.front().other, "aaaaaaaaaaaa");
    for (const DraftProblem &p : problems)
        EXPECT_EQ(p.field, DraftField::BranchLabels);
}

TEST(RevisionDraft, DependenciesResolveToFullIdsOrKeepTheirLabel)
{
    Graph graph;
    RevisionDraft d = draft();
    d.dependsOn = "billing, dddd, core";
    auto r = buildRevision(graph.g, d);
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_EQ(r->dependsOn, (QStringList{"billing", "dddddddddddd", "core"}));
}

TEST(RevisionDraft, UnknownAmbiguousOrRepeatedDependenciesAreRejected)
{
    Graph graph;
    RevisionDraft d = draft();
    d.dependsOn = "nosuch";
    auto problems = draftProblems(graph.g, d);
    ASSERT_EQ(kinds(problems), std::vector<Kind>{Kind::DependencyUnresolved});
    EXPECT_EQ(problems.front().field, DraftField::DependsOn);
    EXPECT_EQ(problems.front().item, "nosuch");
    EXPECT_FALSE(problems.front().other.isEmpty());
    auto built = buildRevision(graph.g, d);
    ASSERT_FALSE(built.ok());
    EXPECT_TRUE(built.error().message.contains("nosuch"));

    d.dependsOn = "heads"; // several revisions
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::DependencyUnresolved});
    d.dependsOn = "base";
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::DependencyUnresolved});
    d.dependsOn = "eeeeeeeeeeee, billing";
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::DependencyRepeated});
}

TEST(RevisionDraft, IdMustBeValidAndNew)
{
    Graph graph;
    RevisionDraft d = draft();
    d.id = "has-dash";
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::IdInvalid});
    d.id = "aaaaaaaaaaaa";
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::IdTaken});
}

TEST(RevisionDraft, SplitCommaListTrimsAndDropsEmptyItems)
{
    EXPECT_EQ(splitCommaList(" a, b,,c , "), (QStringList{"a", "b", "c"}));
    EXPECT_TRUE(splitCommaList("  ").isEmpty());
}

// What buildRevision() makes, writeRevision() writes and the parser reads back the same.
TEST(RevisionDraft, BuiltRevisionWritesAndParsesBack)
{
    Graph graph;
    RevisionDraft d = draft();
    d.parents = {"cccccccccccc", "dddddddddddd"};
    d.branchLabels = "invoices";
    d.dependsOn = "billing";
    auto r = buildRevision(graph.g, d);
    ASSERT_TRUE(r.ok());
    QTemporaryDir dir;
    auto path = writeRevision(dir.path(), *r);
    ASSERT_TRUE(path.ok()) << path.error().message.toStdString();
    ScriptLoad load = loadScripts(dir.path());
    ASSERT_EQ(load.scripts.size(), 1u);
    const Script &s = load.scripts.front();
    EXPECT_EQ(s.revision, "0123456789ab");
    EXPECT_EQ(s.message, "Add invoices");
    EXPECT_EQ(s.downRevisions, d.parents);
    EXPECT_EQ(s.branchLabels, QStringList{"invoices"});
    EXPECT_EQ(s.dependsOn, QStringList{"billing"});
}

TEST(RevisionDraft, ResolveParentsReadsRevisionSpecs)
{
    Graph graph;
    // Partial ids, labels and heads resolve to full ids, in order; base is left out.
    auto r = resolveParents(graph.g, {"bbbb", "billing@head", "base"});
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_EQ(*r, (QStringList{"bbbbbbbbbbbb", "eeeeeeeeeeee"}));
    r = resolveParents(graph.g, {"heads"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->size(), 3);
    // Repeats are kept for draftProblems() to report.
    r = resolveParents(graph.g, {"cccc", "cccccccccccc"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, (QStringList{"cccccccccccc", "cccccccccccc"}));
    RevisionDraft d = draft();
    d.parents = *r;
    EXPECT_EQ(kinds(draftProblems(graph.g, d)), std::vector<Kind>{Kind::ParentRepeated});
    // An ambiguous `head` is Alembic's sentence; an unknown spec is the resolver's error.
    r = resolveParents(graph.g, {"head"});
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.startsWith("Multiple heads are present"))
        << r.error().message.toStdString();
    r = resolveParents(graph.g, {"nosuch"});
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains("nosuch"));
}
