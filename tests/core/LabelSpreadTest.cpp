// Branch labels: the graph spreads them without walking every labelled revision's descendants
// (graph/LabelSpread.cpp); the result must be Alembic's to the letter. The reference here is
// RevisionMap._add_branches done literally, on thousands of random graphs (branches, merges,
// depends_on, labels; load order unlike the topological one).
#include "graph/RevisionGraph.h"
#include "scripts/Script.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

using namespace retort;

namespace {

// Alembic 1.8's _add_branches, literally, over the built graph's edges.
std::vector<std::set<QString>> referenceLabels(const RevisionGraph &g)
{
    std::vector<std::set<QString>> labels(size_t(g.size()));
    for (const Revision &r : g.revisions())
        labels[size_t(r.index)].insert(r.ownLabels.begin(), r.ownLabels.end());
    for (const Revision &r : g.revisions()) {
        if (r.ownLabels.isEmpty())
            continue;
        const std::set<QString> spread = labels[size_t(r.index)];
        std::vector<int> stack{r.index};
        std::vector<char> seen(size_t(g.size()), 0);
        int last = r.index;
        while (!stack.empty()) {
            const int v = stack.back();
            stack.pop_back();
            if (seen[size_t(v)])
                continue;
            seen[size_t(v)] = 1;
            for (int c : g.at(v).next)
                stack.push_back(c);
            labels[size_t(v)].insert(spread.begin(), spread.end());
            last = v;
        }
        for (int p = last; p >= 0 && !g.at(p).isRealBranchPoint() && !g.at(p).isMergePoint();
             p = g.at(p).down.empty() ? -1 : g.at(p).down.front())
            labels[size_t(p)].insert(spread.begin(), spread.end());
    }
    return labels;
}

// A random project of `n` revisions: each revises 1-3 earlier ones (mostly the one before), now
// and then depends on another, and some declare a label; the load order is shuffled.
std::vector<Script> randomScripts(std::mt19937 &rng, int n, bool chainy)
{
    std::vector<Script> scripts(static_cast<size_t>(n));
    auto pick = [&](int below) { return int(rng() % unsigned(below)); };
    for (int i = 0; i < n; ++i) {
        Script &s = scripts[size_t(i)];
        s.revision = QStringLiteral("r%1").arg(i);
        const int parents = i == 0 ? 0 : (rng() % 8 == 0 ? 2 + int(rng() % 2) : 1);
        for (int k = 0; k < parents; ++k) {
            // Mostly the one before (long chains), else any earlier one (branches); `chainy`
            // graphs have longer chains.
            const unsigned branchOdds = chainy ? 12 : 4;
            const int p = rng() % branchOdds == 0 ? pick(i) : i - 1;
            if (!s.downRevisions.contains(scripts[size_t(p)].revision))
                s.downRevisions.append(scripts[size_t(p)].revision);
        }
        if (i > 2 && rng() % 10 == 0)
            s.dependsOn.append(scripts[size_t(pick(i))].revision);
        if (s.dependsOn.size() == 1 && s.downRevisions.contains(s.dependsOn.front()))
            s.dependsOn.clear();
        if (rng() % (chainy ? 5 : 3) == 0)
            s.branchLabels.append(QStringLiteral("l%1").arg(i));
    }
    std::shuffle(scripts.begin(), scripts.end(), rng);
    return scripts;
}

} // namespace

TEST(LabelSpread, MatchesAlembicsAddBranchesOnRandomGraphs)
{
    std::mt19937 rng(20261207);
    int compared = 0;
    for (int round = 0; round < 3000; ++round) {
        const std::vector<Script> scripts = randomScripts(rng, 2 + round % 60, round % 2 == 1);
        std::vector<Error> errors;
        const RevisionGraph g = RevisionGraph::build(scripts, errors);
        ASSERT_TRUE(errors.empty()) << errors.front().message.toStdString();
        const std::vector<std::set<QString>> expected = referenceLabels(g);
        for (const Revision &r : g.revisions()) {
            const std::set<QString> got(r.labels.begin(), r.labels.end());
            ASSERT_EQ(got, expected[size_t(r.index)])
                << "round " << round << ", revision " << r.id.toStdString();
            ++compared;
        }
    }
    EXPECT_GT(compared, 50000);
}
