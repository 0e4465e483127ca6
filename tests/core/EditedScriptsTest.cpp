// The unified diff of an edited migration script on inputs the old quadratic diff refused (it
// showed the middle of a long script as one replacement beyond 4 million cells): the hunks are
// exact, and applying them to the old text gives the new one.
#include "audit/EditedScripts.h"

#include <QRegularExpression>
#include <QStringList>

#include <gtest/gtest.h>

using namespace retort;

namespace {

QStringList numberedLines(int count)
{
    QStringList lines;
    lines.reserve(count);
    for (int i = 1; i <= count; ++i)
        lines.append(QStringLiteral("INSERT INTO t VALUES (%1);").arg(i));
    return lines;
}

QString textOf(const QStringList &lines)
{
    return lines.join(u'\n') + u'\n';
}

// Applies the unified diff `diff` to `before` (both as unifiedDiff() writes them), checking that
// every context and removed line matches; returns the patched text, or "<mismatch>".
QString applyDiff(const QString &before, const QString &diff)
{
    QStringList source = before.split(u'\n');
    source.removeLast();
    QStringList lines = diff.split(u'\n');
    lines.removeLast();
    static const QRegularExpression header(QStringLiteral("^@@ -(\\d+)(?:,(\\d+))? \\+\\d+"));
    QStringList out;
    qsizetype next = 0; // 0-based index of the next unconsumed line of `source`
    for (qsizetype i = 2; i < lines.size(); ++i) {
        const QString &line = lines[i];
        if (const auto m = header.match(line); m.hasMatch()) {
            qsizetype start = m.captured(1).toLongLong() - 1;
            if (m.captured(2) == u"0")
                ++start; // "-N,0": the insertion goes after line N
            while (next < start)
                out.append(source[next++]);
            continue;
        }
        const QString text = line.mid(1);
        if (line.startsWith(u'+')) {
            out.append(text);
        } else {
            if (next >= source.size() || source[next] != text)
                return QStringLiteral("<mismatch>");
            if (line.startsWith(u' '))
                out.append(text);
            ++next;
        }
    }
    while (next < source.size())
        out.append(source[next++]);
    return textOf(out);
}

} // namespace

TEST(EditedScripts, ALongScriptWithAFewEditsGivesExactHunks)
{
    const QStringList before = numberedLines(20000);
    QStringList after = before;
    after[99] = QStringLiteral("INSERT INTO t VALUES (100), (100);"); // line 100 changed
    after.removeAt(10000);                                            // line 10001 removed
    after.insert(15000, QStringLiteral("-- checked"));                // a line added
    after.append(QStringLiteral("COMMIT;"));                          // and one at the end

    const QString diff = unifiedDiff(textOf(before), textOf(after), "old", "new");
    EXPECT_EQ(diff.count(QStringLiteral("\n@@ ")), 4) << diff.toStdString();
    EXPECT_TRUE(diff.startsWith("--- old\n+++ new\n@@ -97,7 +97,7 @@\n")) << diff.toStdString();
    EXPECT_TRUE(diff.contains("-INSERT INTO t VALUES (100);\n"
                              "+INSERT INTO t VALUES (100), (100);\n"));
    EXPECT_TRUE(diff.contains("@@ -9998,7 +9998,6 @@\n INSERT INTO t VALUES (9998);\n"
                              " INSERT INTO t VALUES (9999);\n INSERT INTO t VALUES (10000);\n"
                              "-INSERT INTO t VALUES (10001);\n INSERT INTO t VALUES (10002);\n"))
        << diff.toStdString();
    EXPECT_TRUE(diff.contains("@@ -14999,6 +14998,7 @@\n")) << diff.toStdString();
    EXPECT_TRUE(diff.endsWith("@@ -19998,3 +19998,4 @@\n INSERT INTO t VALUES (19998);\n"
                              " INSERT INTO t VALUES (19999);\n INSERT INTO t VALUES (20000);\n"
                              "+COMMIT;\n"))
        << diff.toStdString();
    // Nothing but the hunks' lines: 4 headers, 4 changed runs, their context.
    EXPECT_LT(diff.size(), 2000);
    EXPECT_EQ(applyDiff(textOf(before), diff), textOf(after));
}

TEST(EditedScripts, TwoLongScriptsThatShareLittleStillDiffLineByLine)
{
    // 3,000 × 3,000 lines, every other line rewritten: 9 million cells, beyond the old cap, which
    // showed the whole middle as removed and re-added.
    const QStringList before = numberedLines(3000);
    QStringList after = before;
    for (qsizetype i = 1; i < after.size(); i += 2)
        after[i] = QStringLiteral("UPDATE t SET x = %1;").arg(i);

    const QString diff = unifiedDiff(textOf(before), textOf(after), "a", "b");
    EXPECT_EQ(diff.count(QStringLiteral("\n-")), 1500);
    EXPECT_EQ(diff.count(QStringLiteral("\n+")), 1500 + 1); // and the "+++ b" header
    EXPECT_TRUE(diff.contains(" INSERT INTO t VALUES (1);\n-INSERT INTO t VALUES (2);\n"
                              "+UPDATE t SET x = 1;\n INSERT INTO t VALUES (3);\n"))
        << diff.left(400).toStdString();
    EXPECT_EQ(applyDiff(textOf(before), diff), textOf(after));
}

TEST(EditedScripts, RemovalsComeBeforeAdditionsInEachChangedRun)
{
    const QString diff = unifiedDiff("a\nb\nc\nd\n", "a\nB\nC\nd\n", "x", "y");
    EXPECT_EQ(diff.toStdString(), "--- x\n+++ y\n@@ -1,4 +1,4 @@\n a\n-b\n-c\n+B\n+C\n d\n");
    const QString added = unifiedDiff("", "one\ntwo\n", "x", "y");
    EXPECT_EQ(added.toStdString(), "--- x\n+++ y\n@@ -0,0 +1,2 @@\n+one\n+two\n");
    const QString removed = unifiedDiff("one\n", "", "x", "y");
    EXPECT_EQ(removed.toStdString(), "--- x\n+++ y\n@@ -1 +0,0 @@\n-one\n");
}
