// Revision-graph semantics. Expected orders and version-row changes are Alembic 1.8.1's on the
// same graphs (checked by running the real `alembic` on equivalent projects; the randomized
// comparison lives in tests/oracle).
#include "graph/RevisionGraph.h"
#include "scripts/Script.h"

#include <QSet>

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>

using namespace retort;

namespace {

struct Spec {
    const char *id;
    std::initializer_list<const char *> down;
    std::initializer_list<const char *> labels = {};
    std::initializer_list<const char *> deps = {};
};

QStringList list(std::initializer_list<const char *> l)
{
    QStringList out;
    for (const char *s : l)
        out.append(QString::fromUtf8(s));
    return out;
}

struct Fixture {
    std::vector<Script> scripts;
    std::vector<Error> errors;
    RevisionGraph g;

    explicit Fixture(std::initializer_list<Spec> specs)
    {
        int n = 0;
        for (const Spec &s : specs) {
            Script sc;
            sc.revision = QString::fromUtf8(s.id);
            sc.downRevisions = list(s.down);
            sc.branchLabels = list(s.labels);
            sc.dependsOn = list(s.deps);
            sc.message = QStringLiteral("msg ") + sc.revision;
            sc.fileName =
                QStringLiteral("%1_%2.sql").arg(n++, 4, 10, QLatin1Char('0')).arg(sc.revision);
            scripts.push_back(sc);
        }
        g = RevisionGraph::build(scripts, errors);
    }
    QStringList ids(std::span<const int> v) const { return g.ids(v); }
    QStringList history() const { return g.ids(*g.history()); }
    QStringList steps(const Plan &p) const
    {
        QStringList out;
        for (const PlanStep &s : p.steps)
            out.append(s.describe());
        return out;
    }
};

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

} // namespace

TEST(RevisionGraph, LinearChain)
{
    Fixture f{{"aaaa1", {}}, {"bbbb2", {"aaaa1"}}, {"cccc3", {"bbbb2"}}};
    ASSERT_TRUE(f.errors.empty());
    EXPECT_EQ(f.ids(f.g.heads()), QStringList{QStringLiteral("cccc3")});
    EXPECT_EQ(f.ids(f.g.bases()), QStringList{QStringLiteral("aaaa1")});
    EXPECT_EQ(f.history(), (QStringList{"cccc3", "bbbb2", "aaaa1"}));

    auto up = f.g.planUpgrade({}, QStringLiteral("heads"));
    ASSERT_TRUE(up.ok()) << up.error().message.toStdString();
    EXPECT_EQ(f.steps(*up),
              (QStringList{"upgrade  -> aaaa1, msg aaaa1", "upgrade aaaa1 -> bbbb2, msg bbbb2",
                           "upgrade bbbb2 -> cccc3, msg cccc3"}));
    EXPECT_EQ(up->steps[0].versionOps, (std::vector<VersionOp>{{VersionOp::Insert, {}, "aaaa1"}}));
    EXPECT_EQ(up->steps[1].versionOps,
              (std::vector<VersionOp>{{VersionOp::Update, "aaaa1", "bbbb2"}}));
    EXPECT_EQ(up->headsAfter, QStringList{QStringLiteral("cccc3")});

    auto down = f.g.planDowngrade({QStringLiteral("cccc3")}, QStringLiteral("base"));
    ASSERT_TRUE(down.ok());
    EXPECT_EQ(f.steps(*down), (QStringList{"downgrade cccc3 -> bbbb2, msg cccc3",
                                           "downgrade bbbb2 -> aaaa1, msg bbbb2",
                                           "downgrade aaaa1 -> , msg aaaa1"}));
    EXPECT_EQ(down->steps[2].versionOps,
              (std::vector<VersionOp>{{VersionOp::Delete, "aaaa1", {}}}));
    EXPECT_TRUE(down->headsAfter.isEmpty());

    auto partial = f.g.planUpgrade({QStringLiteral("aaaa1")}, QStringLiteral("bbbb2"));
    ASSERT_TRUE(partial.ok());
    EXPECT_EQ(partial->steps.size(), 1U);
    // Already at the target: nothing to do.
    auto none = f.g.planUpgrade({QStringLiteral("cccc3")}, QStringLiteral("heads"));
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->steps.empty());
}

TEST(RevisionGraph, RelativeIdentifiers)
{
    Fixture f{{"aaaa1", {}}, {"bbbb2", {"aaaa1"}}, {"cccc3", {"bbbb2"}}, {"dddd4", {"cccc3"}}};
    auto p = f.g.planUpgrade({}, QStringLiteral("+2"));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->headsAfter, QStringList{QStringLiteral("bbbb2")});
    p = f.g.planUpgrade({QStringLiteral("bbbb2")}, QStringLiteral("+1"));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->headsAfter, QStringList{QStringLiteral("cccc3")});
    p = f.g.planUpgrade({}, QStringLiteral("aaaa1+2"));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->headsAfter, QStringList{QStringLiteral("cccc3")});
    p = f.g.planDowngrade({QStringLiteral("dddd4")}, QStringLiteral("-2"));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->headsAfter, QStringList{QStringLiteral("bbbb2")});
    p = f.g.planDowngrade({QStringLiteral("dddd4")}, QStringLiteral("dddd4-3"));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->headsAfter, QStringList{QStringLiteral("aaaa1")});
    p = f.g.planDowngrade({QStringLiteral("bbbb2")}, QStringLiteral("-2"));
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->headsAfter.isEmpty()); // -2 from the second revision is base

    // Walking too far is an error, never a silent partial plan.
    EXPECT_FALSE(f.g.planUpgrade({}, QStringLiteral("+5")).ok());
    EXPECT_FALSE(f.g.planDowngrade({QStringLiteral("bbbb2")}, QStringLiteral("-3")).ok());
    EXPECT_FALSE(f.g.planDowngrade({}, QStringLiteral("-1")).ok());
    EXPECT_FALSE(f.g.planUpgrade({}, QStringLiteral("-1")).ok());
}

TEST(RevisionGraph, PartialIdentifiers)
{
    Fixture f{{"ab12cd", {}}, {"ab12ef", {"ab12cd"}}, {"ab9", {"ab12ef"}}, {"x1y2z3", {"ab9"}}};
    ASSERT_TRUE(f.errors.empty());
    auto r = f.g.resolveOne(QStringLiteral("x1y2"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(f.g.at(*r).id, QStringLiteral("x1y2z3"));
    r = f.g.resolveOne(QStringLiteral("ab12c"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(f.g.at(*r).id, QStringLiteral("ab12cd"));

    auto amb = f.g.resolveOne(QStringLiteral("ab12"));
    ASSERT_FALSE(amb.ok());
    EXPECT_TRUE(amb.error().message.contains(QStringLiteral("ab12cd")));
    EXPECT_TRUE(amb.error().message.contains(QStringLiteral("ab12ef")));

    // Any prefix may be given, but ids of three characters or fewer only match exactly.
    r = f.g.resolveOne(QStringLiteral("x1y"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(f.g.at(*r).id, QStringLiteral("x1y2z3"));
    Fixture shortIds{{"zz9", {}}, {"zz8", {"zz9"}}};
    EXPECT_FALSE(shortIds.g.resolveOne(QStringLiteral("zz")).ok());
    EXPECT_TRUE(shortIds.g.resolveOne(QStringLiteral("zz8")).ok());
    r = f.g.resolveOne(QStringLiteral("ab9"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(f.g.at(*r).id, QStringLiteral("ab9"));
    EXPECT_FALSE(f.g.resolveOne(QStringLiteral("zzzz")).ok());
}

TEST(RevisionGraph, BranchesAndMerge)
{
    // a -> b1, a -> c1 (branch point), m merges b1 and c1.
    Fixture f{{"aaaa", {}}, {"bbb1", {"aaaa"}}, {"ccc1", {"aaaa"}}};
    ASSERT_TRUE(f.errors.empty());
    EXPECT_EQ(f.ids(f.g.heads()), (QStringList{"bbb1", "ccc1"}));
    EXPECT_TRUE(f.g.at(f.g.indexOf(QStringLiteral("aaaa"))).isBranchPoint());
    auto head = f.g.planUpgrade({}, QStringLiteral("head"));
    ASSERT_FALSE(head.ok());
    EXPECT_TRUE(head.error().message.contains(QStringLiteral("Multiple head revisions")));

    auto up = f.g.planUpgrade({}, QStringLiteral("heads"));
    ASSERT_TRUE(up.ok());
    EXPECT_EQ(f.steps(*up),
              (QStringList{"upgrade  -> aaaa, msg aaaa", "upgrade aaaa -> ccc1, msg ccc1",
                           "upgrade aaaa -> bbb1, msg bbb1"}));
    // The second branch needs a new row.
    EXPECT_EQ(up->steps[2].versionOps, (std::vector<VersionOp>{{VersionOp::Insert, {}, "bbb1"}}));
    EXPECT_EQ(sorted(up->headsAfter), (QStringList{"bbb1", "ccc1"}));

    Fixture m{{"aaaa", {}}, {"bbb1", {"aaaa"}}, {"ccc1", {"aaaa"}}, {"mmmm", {"bbb1", "ccc1"}}};
    EXPECT_TRUE(m.g.at(m.g.indexOf(QStringLiteral("mmmm"))).isMergePoint());
    auto merge =
        m.g.planUpgrade({QStringLiteral("bbb1"), QStringLiteral("ccc1")}, QStringLiteral("heads"));
    ASSERT_TRUE(merge.ok());
    ASSERT_EQ(merge->steps.size(), 1U);
    EXPECT_EQ(merge->steps[0].describe(), QStringLiteral("upgrade bbb1, ccc1 -> mmmm, msg mmmm"));
    EXPECT_EQ(merge->steps[0].versionOps,
              (std::vector<VersionOp>{{VersionOp::Delete, "bbb1", {}},
                                      {VersionOp::Update, "ccc1", "mmmm"}}));
    EXPECT_EQ(merge->headsAfter, QStringList{QStringLiteral("mmmm")});

    // -1 from a merge point is ambiguous (as in Alembic).
    EXPECT_FALSE(m.g.planDowngrade({QStringLiteral("mmmm")}, QStringLiteral("-1")).ok());
    // Downgrading the merge splits the row again.
    auto unmerge = m.g.planDowngrade({QStringLiteral("mmmm")}, QStringLiteral("bbb1"));
    ASSERT_TRUE(unmerge.ok()) << unmerge.error().message.toStdString();
    ASSERT_EQ(unmerge->steps.size(), 1U);
    EXPECT_EQ(unmerge->steps[0].versionOps,
              (std::vector<VersionOp>{{VersionOp::Insert, {}, "bbb1"},
                                      {VersionOp::Update, "mmmm", "ccc1"}}));
    EXPECT_EQ(m.history(), (QStringList{"mmmm", "bbb1", "ccc1", "aaaa"}));

    // Diamond from base to the merge: every revision once, parents first.
    auto all = m.g.planUpgrade({}, QStringLiteral("heads"));
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->steps.size(), 4U);
    EXPECT_EQ(all->steps.back().revision, QStringLiteral("mmmm"));
    EXPECT_EQ(all->headsAfter, QStringList{QStringLiteral("mmmm")});
    auto back = m.g.planDowngrade(all->headsAfter, QStringLiteral("base"));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->steps.size(), 4U);
    EXPECT_TRUE(back->headsAfter.isEmpty());
}

TEST(RevisionGraph, ForestOfTwoBases)
{
    Fixture f{{"aaaa", {}}, {"bbbb", {"aaaa"}}, {"xxxx", {}}, {"yyyy", {"xxxx"}}};
    ASSERT_TRUE(f.errors.empty());
    EXPECT_EQ(f.ids(f.g.bases()), (QStringList{"aaaa", "xxxx"}));
    EXPECT_EQ(f.ids(f.g.heads()), (QStringList{"bbbb", "yyyy"}));
    auto up = f.g.planUpgrade({}, QStringLiteral("heads"));
    ASSERT_TRUE(up.ok());
    EXPECT_EQ(up->steps.size(), 4U);
    EXPECT_EQ(sorted(up->headsAfter), (QStringList{"bbbb", "yyyy"}));
    // Upgrading one tree leaves the other alone.
    auto one = f.g.planUpgrade({}, QStringLiteral("yyyy"));
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(f.steps(*one),
              (QStringList{"upgrade  -> xxxx, msg xxxx", "upgrade xxxx -> yyyy, msg yyyy"}));
}

TEST(RevisionGraph, BranchLabelsSpread)
{
    // base -> a -> (b1 -> b2 [label 'billing' on b1]) and (c1)
    Fixture f{{"base1", {}},
              {"aaaa", {"base1"}},
              {"bbb1", {"aaaa"}, {"billing"}},
              {"bbb2", {"bbb1"}},
              {"ccc1", {"aaaa"}}};
    ASSERT_TRUE(f.errors.empty());
    auto labels = [&](const char *id) { return f.g.at(f.g.indexOf(QString::fromUtf8(id))).labels; };
    EXPECT_EQ(labels("bbb1"), QStringList{QStringLiteral("billing")});
    EXPECT_EQ(labels("bbb2"), QStringList{QStringLiteral("billing")});
    EXPECT_TRUE(labels("aaaa").isEmpty()); // aaaa is a branch point: the spread stops there
    EXPECT_TRUE(labels("ccc1").isEmpty());

    auto h = f.g.resolveOne(QStringLiteral("billing@head"));
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(f.g.at(*h).id, QStringLiteral("bbb2"));
    auto up = f.g.planUpgrade({}, QStringLiteral("billing@head"));
    ASSERT_TRUE(up.ok());
    EXPECT_EQ(up->headsAfter, QStringList{QStringLiteral("bbb2")});
    EXPECT_EQ(up->steps.size(), 4U);
    auto plus = f.g.planUpgrade({QStringLiteral("aaaa")}, QStringLiteral("billing@+1"));
    ASSERT_TRUE(plus.ok()) << plus.error().message.toStdString();
    EXPECT_EQ(plus->headsAfter, QStringList{QStringLiteral("bbb1")});
    auto down = f.g.planDowngrade({QStringLiteral("bbb2"), QStringLiteral("ccc1")},
                                  QStringLiteral("billing@-1"));
    ASSERT_TRUE(down.ok()) << down.error().message.toStdString();
    EXPECT_EQ(sorted(down->headsAfter), (QStringList{"bbb1", "ccc1"}));

    // label@base on a label with its own base takes only that tree down.
    Fixture forest{
        {"aaaa", {}, {"app"}}, {"bbbb", {"aaaa"}}, {"xxxx", {}, {"lib"}}, {"yyyy", {"xxxx"}}};
    auto libDown = forest.g.planDowngrade({QStringLiteral("bbbb"), QStringLiteral("yyyy")},
                                          QStringLiteral("lib@base"));
    ASSERT_TRUE(libDown.ok()) << libDown.error().message.toStdString();
    EXPECT_EQ(libDown->headsAfter, QStringList{QStringLiteral("bbbb")});

    // Labels on a linear stretch spread back up to the previous branch point.
    Fixture lin{{"base1", {}}, {"aaaa", {"base1"}}, {"bbbb", {"aaaa"}, {"core"}}};
    EXPECT_EQ(lin.g.at(lin.g.indexOf(QStringLiteral("base1"))).labels,
              QStringList{QStringLiteral("core")});

    // Duplicate labels (or a label equal to an id) are errors naming both revisions.
    Fixture dup{{"aaaa", {}, {"x"}}, {"bbbb", {}, {"x"}}};
    ASSERT_EQ(dup.errors.size(), 1U);
    EXPECT_TRUE(dup.errors[0].message.contains(QStringLiteral("'x'")));
    EXPECT_TRUE(dup.errors[0].message.contains(QStringLiteral("aaaa")));
    Fixture clash{{"aaaa", {}}, {"bbbb", {"aaaa"}, {"aaaa"}}};
    EXPECT_EQ(clash.errors.size(), 1U);
}

TEST(RevisionGraph, DependsOn)
{
    // Two trees; c2 depends on a2 of the other tree.
    Fixture f{{"aaa1", {}}, {"aaa2", {"aaa1"}}, {"ccc1", {}}, {"ccc2", {"ccc1"}, {}, {"aaa2"}}};
    ASSERT_TRUE(f.errors.empty());
    const Revision &a2 = f.g.at(f.g.indexOf(QStringLiteral("aaa2")));
    EXPECT_TRUE(a2.isHead());
    EXPECT_TRUE(a2.isEffectiveHead()); // only depended on
    EXPECT_EQ(f.ids(f.g.realHeads()), QStringList{QStringLiteral("ccc2")});
    // Upgrading ccc2 pulls in its dependency first; the dependency keeps no row of its own.
    auto up = f.g.planUpgrade({}, QStringLiteral("ccc2"));
    ASSERT_TRUE(up.ok());
    QStringList order;
    for (const PlanStep &s : up->steps)
        order.append(s.revision);
    EXPECT_LT(order.indexOf(QStringLiteral("aaa2")), order.indexOf(QStringLiteral("ccc2")));
    EXPECT_EQ(order.size(), 4);
    EXPECT_EQ(up->headsAfter, QStringList{QStringLiteral("ccc2")});
    // History shows the dependency in the parent column.
    auto hist = f.g.history();
    ASSERT_TRUE(hist.ok());
    EXPECT_EQ(hist->size(), 4U);
    auto back = f.g.planDowngrade(up->headsAfter, QStringLiteral("base"));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->steps.size(), 4U);
    EXPECT_TRUE(back->headsAfter.isEmpty());
    // Downgrading the dependency takes its dependant with it.
    auto dep = f.g.planDowngrade(up->headsAfter, QStringLiteral("aaa1"));
    ASSERT_TRUE(dep.ok());
    QStringList gone;
    for (const PlanStep &s : dep->steps)
        gone.append(s.revision);
    EXPECT_EQ(gone, (QStringList{"ccc2", "aaa2"}));

    // Depending on a branch label resolves to the labelled revision.
    Fixture lab{{"aaa1", {}, {"lib"}}, {"ccc1", {}, {}, {"lib"}}};
    ASSERT_TRUE(lab.errors.empty());
    EXPECT_EQ(lab.ids(lab.g.at(lab.g.indexOf(QStringLiteral("ccc1"))).dependencies),
              QStringList{QStringLiteral("aaa1")});
}

TEST(RevisionGraph, StampMovesRowsWithoutSteps)
{
    Fixture f{{"aaaa", {}}, {"bbbb", {"aaaa"}}, {"cccc", {"bbbb"}}};
    auto st = f.g.planStamp({}, {QStringLiteral("bbbb")}, false);
    ASSERT_TRUE(st.ok());
    ASSERT_EQ(st->steps.size(), 1U);
    EXPECT_TRUE(st->steps[0].stamp);
    EXPECT_EQ(st->steps[0].script, nullptr);
    EXPECT_EQ(st->steps[0].describe(), QStringLiteral("stamp_revision  -> bbbb"));
    EXPECT_EQ(st->headsAfter, QStringList{QStringLiteral("bbbb")});
    st = f.g.planStamp({QStringLiteral("bbbb")}, {QStringLiteral("heads")}, false);
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(st->steps[0].versionOps,
              (std::vector<VersionOp>{{VersionOp::Update, "bbbb", "cccc"}}));
    st = f.g.planStamp({QStringLiteral("cccc")}, {QStringLiteral("base")}, false);
    ASSERT_TRUE(st.ok());
    EXPECT_TRUE(st->headsAfter.isEmpty());
    st = f.g.planStamp({QStringLiteral("cccc")}, {QStringLiteral("aaaa")}, true);
    ASSERT_TRUE(st.ok());
    EXPECT_TRUE(st->purge);
    EXPECT_EQ(st->headsAfter, QStringList{QStringLiteral("aaaa")});
}

TEST(RevisionGraph, StructuralErrorsAreReportedNotFatal)
{
    // Self-loop.
    Fixture self{{"aaaa", {"aaaa"}}, {"bbbb", {}}};
    ASSERT_EQ(self.errors.size(), 1U);
    EXPECT_TRUE(self.errors[0].message.contains(QStringLiteral("self-loop")));
    EXPECT_EQ(self.g.size(), 1); // the rest of the project still loads
    // Missing parent: the revision and its descendants are left out, each a problem.
    Fixture missing{{"aaaa", {}}, {"bbbb", {"zzzz"}}, {"cccc", {"bbbb"}}};
    ASSERT_EQ(missing.errors.size(), 2U);
    EXPECT_TRUE(missing.errors[0].message.contains(QStringLiteral("zzzz")));
    EXPECT_EQ(missing.errors[1].message,
              QStringLiteral("revision cccc is unreachable: ancestor zzzz is not in the project"));
    EXPECT_EQ(missing.g.size(), 1);
    EXPECT_EQ(missing.g.excluded(), (QStringList{"bbbb", "cccc"}));
    // A cycle.
    Fixture cycle{{"base", {}}, {"aaaa", {"cccc"}}, {"bbbb", {"aaaa"}}, {"cccc", {"bbbb"}}};
    ASSERT_EQ(cycle.errors.size(), 1U)
        << cycle.errors.front().message.toStdString() << cycle.errors.back().message.toStdString();
    EXPECT_TRUE(cycle.errors[0].message.contains(QStringLiteral("cycle")));
    EXPECT_EQ(cycle.g.size(), 1);
    // A cycle through depends_on.
    Fixture depCycle{{"aaaa", {}, {}, {"bbbb"}}, {"bbbb", {"aaaa"}}};
    ASSERT_EQ(depCycle.errors.size(), 1U);
    EXPECT_TRUE(depCycle.errors[0].message.contains(QStringLiteral("cycle")));
    // Duplicate ids: the first wins, the second is an error.
    Fixture dupe{{"aaaa", {}}, {"aaaa", {}}};
    ASSERT_EQ(dupe.errors.size(), 1U);
    EXPECT_TRUE(dupe.errors[0].message.contains(QStringLiteral("duplicate")));
    EXPECT_EQ(dupe.g.size(), 1);
    // Unknown dependency.
    Fixture dep{{"aaaa", {}, {}, {"nope"}}};
    EXPECT_EQ(dep.errors.size(), 1U);
    // Unknown revisions and version rows are clear errors.
    Fixture ok{{"aaaa", {}}};
    auto r = ok.g.planUpgrade({QStringLiteral("gone1234")}, QStringLiteral("heads"));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("gone1234")));
    EXPECT_FALSE(ok.g.planUpgrade({}, QStringLiteral("nope")).ok());
}

TEST(RevisionGraph, LargeGraphBuildsQuickly)
{
    // 3,000 revisions with a branch and merge every 10: must build and plan without blowing up.
    std::vector<Script> scripts;
    QString prev;
    for (int i = 0; i < 3000; ++i) {
        Script s;
        s.revision = QStringLiteral("r%1").arg(i, 6, 10, QLatin1Char('0'));
        if (i % 10 == 5 && i > 10) {
            s.downRevisions = {scripts[size_t(i) - 2].revision, prev};
        } else if (!prev.isEmpty()) {
            s.downRevisions = {i % 10 == 4 ? scripts[size_t(i) - 2].revision : prev};
        }
        prev = s.revision;
        scripts.push_back(s);
    }
    std::vector<Error> errors;
    RevisionGraph g = RevisionGraph::build(scripts, errors);
    ASSERT_TRUE(errors.empty()) << errors.front().message.toStdString();
    auto p = g.planUpgrade({}, QStringLiteral("heads"));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->steps.size(), 3000U);
    QSet<QString> applied;
    for (const PlanStep &s : p->steps) {
        const Revision &r = g.at(g.indexOf(s.revision));
        for (int d : r.down)
            EXPECT_TRUE(applied.contains(g.at(d).id));
        applied.insert(s.revision);
    }
}

TEST(RevisionGraph, ACopyOwnsItsEdgesAndLookups)
{
    // Revisions hold views into their graph's arrays: a copy must point into its own.
    std::optional<RevisionGraph> copy;
    {
        Fixture f{{"aaaa1", {}},
                  {"bbbb2", {"aaaa1"}},
                  {"cccc3", {"aaaa1"}},
                  {"dddd4", {"bbbb2", "cccc3"}, {"lbl"}},
                  {"eeee5", {"dddd4"}, {}, {"bbbb2"}}};
        ASSERT_TRUE(f.errors.empty());
        copy.emplace(f.g);
        RevisionGraph assigned;
        assigned = f.g;
        f.g = RevisionGraph(); // the original's arrays are gone
        EXPECT_EQ(assigned.ids(assigned.at(assigned.indexOf(QStringLiteral("dddd4"))).down),
                  (QStringList{"bbbb2", "cccc3"}));
    }
    const RevisionGraph &g = *copy;
    const Revision &d = g.at(g.indexOf(QStringLiteral("dddd4")));
    EXPECT_EQ(g.ids(d.down), (QStringList{"bbbb2", "cccc3"}));
    EXPECT_EQ(g.ids(d.next), QStringList{"eeee5"});
    EXPECT_EQ(g.ids(g.at(g.indexOf(QStringLiteral("aaaa1"))).next),
              (QStringList{"bbbb2", "cccc3"}));
    EXPECT_EQ(g.ids(g.at(g.indexOf(QStringLiteral("eeee5"))).dependencies), QStringList{"bbbb2"});
    EXPECT_EQ(g.ids(g.at(g.indexOf(QStringLiteral("bbbb2"))).allNext),
              (QStringList{"dddd4", "eeee5"}));
    EXPECT_EQ(g.ids(*g.history()), (QStringList{"eeee5", "dddd4", "cccc3", "bbbb2", "aaaa1"}));
    EXPECT_EQ(g.indexOf(QStringLiteral("zzzz9")), -1);
    ASSERT_TRUE(g.resolveOne(QStringLiteral("lbl@head")).ok());
}

TEST(RevisionGraph, IdLookupFindsEveryIdOfALargeGraphAndNothingElse)
{
    // Ids that differ in one character, in a table far larger than its first size.
    std::vector<Script> scripts;
    for (int i = 0; i < 20000; ++i) {
        Script s;
        s.revision = QStringLiteral("%1").arg(i * 7919, 12, 16, QLatin1Char('0'));
        if (i > 0)
            s.downRevisions = {scripts.back().revision};
        scripts.push_back(s);
    }
    std::vector<Error> errors;
    const RevisionGraph g = RevisionGraph::build(scripts, errors);
    ASSERT_TRUE(errors.empty());
    for (int i = 0; i < 20000; ++i)
        ASSERT_EQ(g.indexOf(scripts[size_t(i)].revision), i);
    for (int i = 0; i < 2000; ++i)
        EXPECT_EQ(g.indexOf(QStringLiteral("%1").arg(i * 7919 + 1, 12, 16, QLatin1Char('0'))),
                  (i * 7919 + 1) % 7919 == 0 ? (i * 7919 + 1) / 7919 : -1);
    RevisionIdTable table;
    QStringList keys;
    for (int i = 0; i < 1000; ++i) {
        keys.append(QStringLiteral("k%1").arg(i));
        table.insert(keys.back(), i, [&](int k) { return QStringView(keys[k]); });
    }
    for (int i = 0; i < 1000; ++i)
        EXPECT_EQ(table.find(keys[i], [&](int k) { return QStringView(keys[k]); }), i);
    EXPECT_EQ(table.find(u"k1000", [&](int k) { return QStringView(keys[k]); }), -1);
}
