// downgrade-does-not-restore (workflows/LintRoundTrip.h): each revision replayed up and down on a
// SQLite scratch file; a downgrade that forgets something is a finding naming what it left.

#include "workflows/LintRoundTrip.h"

#include "project/Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace retort;

namespace {

void writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

QString script(const QString &id, const QString &down, const QString &upgrade,
               const QString &downgrade)
{
    return QStringLiteral("-- %1\n--\n-- Revision ID: %1\n-- Revises: %2\n-- Transactional: true\n"
                          "\n-- migrate:upgrade\n%3\n\n-- migrate:downgrade\n%4\n")
        .arg(id, down, upgrade, downgrade);
}

class LintRoundTripTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        QDir(m_dir.path()).mkpath(QStringLiteral("versions"));
        writeFile(m_dir.filePath(QStringLiteral("retort.toml")),
                  QStringLiteral("[project]\nname = \"rt\"\nscripts = \"versions\"\n\n"
                                 "[environments.local]\ndriver = \"sqlite\"\n"
                                 "database = \"rt.db\"\n"));
        add(QStringLiteral("a1"), QString(), QStringLiteral("CREATE TABLE t (id INTEGER);"),
            QStringLiteral("DROP TABLE t;"));
    }
    void add(const QString &id, const QString &down, const QString &up, const QString &downgrade)
    {
        writeFile(m_dir.filePath(QStringLiteral("versions/%1_x.sql").arg(id)),
                  script(id, down, up, downgrade));
    }
    RoundTripLint lint(const QStringList &revisions, QHash<QString, LintLevel> levels = {})
    {
        auto ws = Workspace::load(m_dir.path());
        EXPECT_TRUE(ws.ok()) << (ws ? "" : ws.error().toString().toStdString());
        if (!ws)
            return {};
        LintOptions options;
        options.driver = QStringLiteral("sqlite");
        options.levels = levels;
        ExpectedSchemaOptions replay;
        replay.useCache = false;
        return lintRoundTrips(**ws, revisions, options, replay);
    }
    QTemporaryDir m_dir;
};

TEST_F(LintRoundTripTest, ADowngradeThatRestoresGivesNoFinding)
{
    const RoundTripLint r = lint({QStringLiteral("a1")});
    EXPECT_TRUE(r.notes.isEmpty()) << r.notes.join(u'\n').toStdString();
    EXPECT_EQ(r.checked, 1);
    EXPECT_TRUE(r.findings.empty());
}

TEST_F(LintRoundTripTest, AForgottenIndexIsAFindingNamingIt)
{
    add(QStringLiteral("b2"), QStringLiteral("a1"),
        QStringLiteral("CREATE TABLE u (id INTEGER);\nCREATE INDEX ix_t_id ON t (id);"),
        QStringLiteral("DROP TABLE u;"));
    add(QStringLiteral("c3"), QStringLiteral("b2"), QStringLiteral("CREATE TABLE v (id INTEGER);"),
        QStringLiteral("DROP TABLE v;"));
    const RoundTripLint r =
        lint({QStringLiteral("a1"), QStringLiteral("b2"), QStringLiteral("c3")});
    EXPECT_TRUE(r.notes.isEmpty()) << r.notes.join(u'\n').toStdString();
    EXPECT_EQ(r.checked, 3);
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(r.findings[0].revision, u"b2");
    EXPECT_TRUE(r.findings[0].message.contains(u"ix_t_id")) << r.findings[0].message.toStdString();
}

TEST_F(LintRoundTripTest, ALeftoverTableIsReportedAtTheDowngradeMarker)
{
    add(QStringLiteral("b2"), QStringLiteral("a1"),
        QStringLiteral("CREATE TABLE audit_log (id INTEGER);\nCREATE TABLE keep (id INTEGER);"),
        QStringLiteral("DROP TABLE keep;"));
    const RoundTripLint r = lint({QStringLiteral("a1"), QStringLiteral("b2")});
    ASSERT_TRUE(r.notes.isEmpty()) << r.notes.join(u'\n').toStdString();
    ASSERT_EQ(r.findings.size(), 1u);
    const LintFinding &f = r.findings[0];
    EXPECT_EQ(f.rule, u"downgrade-does-not-restore");
    EXPECT_EQ(f.level, LintLevel::Warning);
    EXPECT_EQ(f.section, u"downgrade");
    EXPECT_TRUE(f.file.endsWith(u"b2_x.sql"));
    EXPECT_EQ(f.line, 11); // the `-- migrate:downgrade` marker
    EXPECT_TRUE(f.message.contains(u"audit_log")) << f.message.toStdString();
    EXPECT_EQ(f.facts.value(QStringLiteral("leftover")).toArray().size(), 1);
    EXPECT_FALSE(f.allowed);
}

TEST_F(LintRoundTripTest, AnAllowCommentInTheDowngradeAllowsIt)
{
    add(QStringLiteral("b2"), QStringLiteral("a1"),
        QStringLiteral("CREATE TABLE audit_log (id INTEGER);\nCREATE TABLE keep (id INTEGER);"),
        QStringLiteral("-- retort:allow downgrade-does-not-restore the log is kept on purpose\n"
                       "DROP TABLE keep;"));
    const RoundTripLint r = lint({QStringLiteral("a1"), QStringLiteral("b2")});
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_TRUE(r.findings[0].allowed);
    EXPECT_EQ(r.findings[0].allowReason, u"the log is kept on purpose");
}

TEST_F(LintRoundTripTest, LevelsFromTheProjectApplyAndOffSkipsTheReplay)
{
    add(QStringLiteral("b2"), QStringLiteral("a1"),
        QStringLiteral("CREATE TABLE audit_log (id INTEGER);\nCREATE TABLE keep (id INTEGER);"),
        QStringLiteral("DROP TABLE keep;"));
    const QString rule = QStringLiteral("downgrade-does-not-restore");
    RoundTripLint r =
        lint({QStringLiteral("a1"), QStringLiteral("b2")}, {{rule, LintLevel::Error}});
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(r.findings[0].level, LintLevel::Error);
    r = lint({QStringLiteral("a1"), QStringLiteral("b2")}, {{rule, LintLevel::Off}});
    EXPECT_TRUE(r.findings.empty());
    EXPECT_EQ(r.checked, 0);
}

TEST_F(LintRoundTripTest, AFailingDowngradeIsANoteNotAFinding)
{
    add(QStringLiteral("b2"), QStringLiteral("a1"), QStringLiteral("CREATE TABLE u (id INTEGER);"),
        QStringLiteral("DROP TABLE no_such_table;"));
    const RoundTripLint r = lint({QStringLiteral("a1"), QStringLiteral("b2")});
    EXPECT_TRUE(r.findings.empty());
    ASSERT_EQ(r.notes.size(), 1);
    EXPECT_TRUE(r.notes[0].contains(u"b2")) << r.notes[0].toStdString();
    EXPECT_TRUE(r.notes[0].contains(u"no_such_table")) << r.notes[0].toStdString();
}

TEST_F(LintRoundTripTest, AServerDriverWithoutScratchServerIsOneNote)
{
    auto ws = Workspace::load(m_dir.path());
    ASSERT_TRUE(ws.ok());
    LintOptions options;
    options.driver = QStringLiteral("postgresql");
    const RoundTripLint r = lintRoundTrips(**ws, {QStringLiteral("a1")}, options, {});
    EXPECT_TRUE(r.findings.empty());
    ASSERT_EQ(r.notes.size(), 1);
    EXPECT_TRUE(r.notes[0].contains(u"scratch")) << r.notes[0].toStdString();
}

} // namespace

namespace {

TEST_F(LintRoundTripTest, AMissingDowngradeCanBeAllowedInItsSection)
{
    add(QStringLiteral("b2"), QStringLiteral("a1"), QStringLiteral("CREATE TABLE u (id INTEGER);"),
        QStringLiteral("-- retort:allow missing-downgrade u holds history we never drop"));
    auto ws = Workspace::load(m_dir.path());
    ASSERT_TRUE(ws.ok());
    LintOptions options;
    options.driver = QStringLiteral("sqlite");
    const LintReport r = lintRevisions(**ws, {QStringLiteral("a1"), QStringLiteral("b2")}, options);
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(r.findings[0].rule, u"missing-downgrade");
    EXPECT_TRUE(r.findings[0].allowed);
    EXPECT_EQ(r.findings[0].allowReason, u"u holds history we never drop");
}

} // namespace
