#pragma once
// What the CLI tests share: retort-cli's Cli::run in this process, as its main() calls it.

#include "Cli.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace clitest {

struct CliRun {
    int code = -1;
    QString out;
    QString err;
};

// `--project PROJECT` (when not empty) followed by `args`.
inline QStringList withProject(const QString &project, const QStringList &args)
{
    QStringList all;
    if (!project.isEmpty())
        all << QStringLiteral("--project") << project;
    return all + args;
}

inline CliRun cli(const QString &project, const QStringList &args)
{
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    CliRun r;
    {
        retort::Cli c(outStream, errStream);
        r.code = c.run(withProject(project, args));
    }
    outStream.flush();
    errStream.flush();
    r.out = out;
    r.err = err;
    return r;
}

} // namespace clitest
