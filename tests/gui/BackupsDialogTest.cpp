// Back Up Now runs off the GUI thread and is cancelled when its dialog closes: the dump tool is
// killed and its partial file removed, rather than left running for up to an hour.

#include "BackupsDialog.h"
#include "GuiTestSupport.h"

#include <QElapsedTimer>
#include <QPushButton>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace guitest;

namespace {

// A fake pg_dump, first on PATH while it lives: it writes a custom-format header to its -f file
// and then hangs, like a dump of a large database.
class HangingPgDump {
public:
    HangingPgDump() : m_path(qgetenv("PATH"))
    {
        const QString script = m_bin.filePath(QStringLiteral("pg_dump"));
        QFile f(script);
        if (f.open(QIODevice::WriteOnly)) {
            f.write("#!/bin/sh\n"
                    "while [ $# -gt 0 ]; do\n"
                    "  if [ \"$1\" = -f ]; then printf PGDMP > \"$2\"; fi\n"
                    "  shift\n"
                    "done\n"
                    "exec sleep 60\n");
            f.close();
            f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        qputenv("PATH", m_bin.path().toLocal8Bit() + ':' + m_path);
    }
    ~HangingPgDump() { qputenv("PATH", m_path); }

private:
    QTemporaryDir m_bin;
    QByteArray m_path;
};

QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::NoDotAndDotDot);
}

} // namespace

TEST(BackupsDialog, ClosingItCancelsABackupStillRunning)
{
    QTemporaryDir dir;
    ASSERT_TRUE(copyTree(kDemo, dir.path()));
    auto loaded = Workspace::load(dir.path());
    ASSERT_TRUE(loaded) << loaded.error().message.toStdString();
    const std::shared_ptr<const Workspace> workspace(std::move(*loaded));
    retort::Environment env = workspace->project().environments.front();
    env.name = QStringLiteral("pg");
    env.driver = QStringLiteral("postgresql");
    env.database = QStringLiteral("bookshop");
    env.host = QStringLiteral("127.0.0.1");
    env.port = 1; // never reached: the fake pg_dump connects nowhere
    const HangingPgDump pgDump;
    const QString folder = retort::defaultBackupFolder(workspace->project(), env);

    auto *dialog = new retort::gui::BackupsDialog(workspace, env, {});
    bool finished = false;
    QObject::connect(dialog, &retort::gui::BackupsDialog::backupFinished,
                     [&finished] { finished = true; });
    dialog->findChild<QPushButton *>(QStringLiteral("backupButton"))->click();
    // The dump is running: its partial file is there.
    ASSERT_TRUE(QTest::qWaitFor([&] { return filesIn(folder).size() == 1; }, 10000));
    EXPECT_TRUE(filesIn(folder).front().endsWith(QStringLiteral(".partial")));

    QElapsedTimer timer;
    timer.start();
    delete dialog;
    // takeBackup polls its cancel flag every 200 ms, kills the tool and removes the partial file.
    EXPECT_TRUE(QTest::qWaitFor([&] { return filesIn(folder).isEmpty(); }, 10000))
        << filesIn(folder).join(u' ').toStdString();
    EXPECT_LT(timer.elapsed(), 5000);
    QTest::qWait(50);
    EXPECT_FALSE(finished); // the result went with the dialog
}
