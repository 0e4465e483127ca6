// Running git: one process per call, with a timeout, never prompting.

#include "base/Git.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <algorithm>

namespace retort {

QString gitExecutable()
{
    return QStandardPaths::findExecutable(QStringLiteral("git"));
}

GitOutput runGit(const QString &dir, const QStringList &args, int timeoutMs,
                 const QByteArray &input)
{
    GitOutput r;
    const QString exe = gitExecutable();
    if (exe.isEmpty())
        return r;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(dir);
    p.start(exe, args);
    r.started = p.waitForStarted();
    if (!r.started)
        return r;
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    // Read as it comes: a big log must not fill the pipe and stall git.
    QByteArray out;
    QElapsedTimer clock;
    clock.start();
    while (p.state() != QProcess::NotRunning) {
        const qint64 left = timeoutMs < 0 ? 1000 : timeoutMs - clock.elapsed();
        if (left <= 0) {
            r.timedOut = true;
            p.kill();
            p.waitForFinished(2000);
            break;
        }
        p.waitForReadyRead(int(std::min<qint64>(left, 1000)));
        out += p.readAllStandardOutput();
    }
    out += p.readAllStandardOutput();
    r.out = out;
    r.err = QString::fromUtf8(p.readAllStandardError());
    if (!r.timedOut && p.exitStatus() == QProcess::NormalExit)
        r.exitCode = p.exitCode();
    return r;
}

} // namespace retort
