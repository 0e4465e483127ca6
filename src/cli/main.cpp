#include "Cli.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("retort-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    retort::Cli cli(out, err);
    const int status = cli.run(args);
    out.flush();
    err.flush();
    std::fflush(nullptr);
    // Leave without freeing the loaded project piece by piece (milliseconds on a project of
    // 10,000 revisions): the process ends here and the system takes its memory back at once.
    // Everything with effects outside the process (database connections, tunnels, files, the
    // keychain) was closed when run() returned.
    std::_Exit(status);
}
