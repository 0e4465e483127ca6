// What Retort writes that may hold data is its owner's alone: every folder and file that a
// protected run, a backup, a run lock, a cached load and the temporary alembic.ini create is
// 0700/0600 from its creation, whatever the umask (base/PrivateFiles.h).
#include "base/PrivateFiles.h"
#include "project/Project.h"
#include "scripts/ScriptCache.h"
#include "scripts/ScriptLoader.h"
#include "workflows/AlembicSql.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace retort;

namespace {

// Sets the process umask (inherited by the retort-cli it starts) for one scope.
class ScopedUmask final {
public:
    explicit ScopedUmask(mode_t mask) : m_old(::umask(mask)) {}
    ~ScopedUmask() { ::umask(m_old); }
    ScopedUmask(const ScopedUmask &) = delete;
    ScopedUmask &operator=(const ScopedUmask &) = delete;

private:
    mode_t m_old;
};

// The permission bits of `path` (lstat), or -1.
int modeOf(const QString &path)
{
    struct stat st;
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

// Every folder and file under `root`, and `root` itself, as "relative path: mode" for the ones
// whose mode is not 0700 (folders) / 0600 (files): empty when all are private.
QStringList notPrivate(const QString &root)
{
    QStringList wrong;
    const auto check = [&](const QString &path, bool folder) {
        const int mode = modeOf(path);
        if (mode != (folder ? 0700 : 0600))
            wrong << QStringLiteral("%1: %2").arg(QDir(root).relativeFilePath(path),
                                                  QString::number(mode, 8));
    };
    check(root, true);
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        check(path, it.fileInfo().isDir());
    }
    return wrong;
}

void write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

int runCli(const QString &project, const QStringList &args, QString *err = nullptr)
{
    QProcess p;
    p.start(QString::fromUtf8(RETORT_CLI_PATH), QStringList{"--project", project} + args);
    p.waitForFinished(120000);
    if (err)
        *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitCode();
}

QByteArray script(const QByteArray &id, const QByteArray &revises, const QByteArray &table)
{
    return "-- Step " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises +
           "\n\n-- migrate:upgrade\nCREATE TABLE " + table + " (id INTEGER);\n\n" +
           "-- migrate:downgrade\nDROP TABLE " + table + ";\n";
}

} // namespace

TEST(PrivateFiles, HelpersCreateOwnerOnlyModesAndKeepWhatExists)
{
    for (const mode_t mask : {mode_t(022), mode_t(0)}) {
        const ScopedUmask umask(mask);
        QTemporaryDir dir;
        const QString deep = dir.filePath("a/b/c");
        ASSERT_TRUE(makePrivateDirs(deep).ok());
        EXPECT_TRUE(makePrivateDirs(deep).ok()); // already there
        EXPECT_EQ(notPrivate(dir.filePath("a")), QStringList());

        ASSERT_TRUE(createPrivateFile(deep + "/new").ok());
        EXPECT_EQ(modeOf(deep + "/new"), 0600);
        const Status again = createPrivateFile(deep + "/new"); // never reuses what is there
        ASSERT_FALSE(again.ok());
        EXPECT_EQ(again.error().kind, ErrorKind::Io);
        EXPECT_TRUE(again.error().message.contains(deep + "/new"));

        ASSERT_TRUE(writePrivateFile(deep + "/data", "one").ok());
        ASSERT_TRUE(writePrivateFile(deep + "/data", "two").ok()); // replaced atomically
        QFile data(deep + "/data");
        ASSERT_TRUE(data.open(QIODevice::ReadOnly));
        EXPECT_EQ(data.readAll(), "two");
        EXPECT_EQ(QDir(deep).entryList(QDir::Files), (QStringList{"data", "new"})); // no temp

        const Result<QString> retort = retortFolder(dir.path());
        ASSERT_TRUE(retort.ok());
        QFile ignore(*retort + "/.gitignore");
        ASSERT_TRUE(ignore.open(QIODevice::ReadOnly));
        EXPECT_EQ(ignore.readAll(), "*\n");
        EXPECT_EQ(notPrivate(*retort), QStringList());

        // An existing folder keeps its mode (only what Retort creates is narrowed).
        QDir(dir.path()).mkdir("open");
        QFile::setPermissions(dir.filePath("open"), QFile::Permissions(0x7755));
        ASSERT_TRUE(makePrivateDirs(dir.filePath("open/inner")).ok());
        EXPECT_EQ(modeOf(dir.filePath("open")), 0755);
        EXPECT_EQ(modeOf(dir.filePath("open/inner")), 0700);
    }
}

// A protected run (its backup and run locks), an explicit backup and a history read, with the
// umask of a usual account and with none at all.
TEST(PrivateFiles, ProtectedRunsBackupsAndLocksAreTheOwnersAloneWhateverTheUmask)
{
    for (const mode_t mask : {mode_t(022), mode_t(0)}) {
        const ScopedUmask umask(mask);
        QTemporaryDir dir;
        const QString root = dir.filePath("proj");
        QDir().mkpath(root + "/versions");
        write(root + "/retort.toml", "[project]\nname = \"p\"\n\n[environments.local]\n"
                                     "driver = \"sqlite\"\ndatabase = \"local.db\"\n\n"
                                     "[environments.production]\ndriver = \"sqlite\"\n"
                                     "database = \"prod.db\"\nprotected = true\n");
        write(root + "/versions/aaaa00000001_one.sql", script("aaaa00000001", "", "one"));
        write(root + "/versions/bbbb00000002_two.sql",
              script("bbbb00000002", "aaaa00000001", "two"));
        QString err;
        ASSERT_EQ(runCli(root, {"--env", "local", "upgrade", "heads"}, &err), 0)
            << err.toStdString();
        ASSERT_EQ(runCli(root,
                         {"--env", "production", "--confirm", "production", "--no-backup",
                          "--override-preflight", "first", "stamp", "aaaa00000001"},
                         &err),
                  0)
            << err.toStdString();
        ASSERT_EQ(runCli(root,
                         {"--env", "production", "--confirm", "production", "upgrade", "heads"},
                         &err),
                  0)
            << err.toStdString();
        ASSERT_EQ(runCli(root, {"--env", "local", "backup"}, &err), 0) << err.toStdString();
        ASSERT_EQ(runCli(root, {"--env", "production", "log"}, &err), 0) << err.toStdString();

        const QString retort = root + "/.retort";
        for (const QString &made :
             {QString(".gitignore"), QString("locks/prod.db.lock"), QString("locks/local.db.lock")})
            EXPECT_TRUE(QFile::exists(retort + "/" + made)) << made.toStdString();
        EXPECT_EQ(QDir(retort + "/backups/production").entryList({"production-*.sqlite"}).size(),
                  1);
        EXPECT_EQ(QDir(retort + "/backups/local").entryList({"local-*.sqlite"}).size(), 1);
        EXPECT_EQ(notPrivate(retort), QStringList()) << "umask " << mask;
    }
}

TEST(PrivateFiles, TheParseCacheIsTheOwnersAloneWhateverTheUmask)
{
    for (const mode_t mask : {mode_t(022), mode_t(0)}) {
        const ScopedUmask umask(mask);
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("v"));
        write(dir.filePath("v/a.py"), "\"\"\"first\"\"\"\nrevision = 'a1'\ndown_revision = None\n");
        const QString cache = dir.filePath("cache"); // made by the load, with a folder below
        qputenv("RETORT_CACHE_DIR", (cache + "/retort").toUtf8());
        ScriptCache::setRacyWindow(0); // a file written now may be cached at once
        const ScriptLoad load = loadPythonScripts({dir.filePath("v")}, false);
        ScriptCache::setRacyWindow(ScriptCache::kDefaultRacyWindowNs);
        qunsetenv("RETORT_CACHE_DIR");
        ASSERT_EQ(load.scripts.size(), 1u);
        EXPECT_EQ(QDir(cache + "/retort").entryList(QDir::Files).size(), 1);
        EXPECT_EQ(notPrivate(cache), QStringList()) << "umask " << mask;
    }
}

// The copy of alembic.ini that alembic reads for another dialect: a stand-in `alembic` reports the
// mode of the file it is given while it exists.
TEST(PrivateFiles, TheTemporaryAlembicIniIsTheOwnersAlone)
{
    const ScopedUmask umask(0);
    QTemporaryDir dir;
    write(dir.filePath("alembic.ini"), "[alembic]\nscript_location = mig\n"
                                       "sqlalchemy.url = postgresql://u:secret@db/app\n");
    write(dir.filePath("alembic"), "#!/bin/sh\nstat -c %a \"$2\"\n");
    QFile::setPermissions(dir.filePath("alembic"), QFile::ReadOwner | QFile::ExeOwner);
    Project project;
    project.root = dir.path();
    project.alembicIni = dir.filePath("alembic.ini");
    const Result<QString> out = runAlembicOffline(dir.filePath("alembic"), project,
                                                  Direction::Upgrade, "base:heads", "sqlite");
    ASSERT_TRUE(out.ok()) << out.error().message.toStdString();
    EXPECT_EQ(out->trimmed(), "600");
}
