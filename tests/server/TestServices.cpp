#include "TestServices.h"

#include <QFile>
#include <QHash>
#include <QTextStream>
#include <gtest/gtest.h>

namespace retort::test {

namespace {

const QHash<QString, QString> &values()
{
    static const QHash<QString, QString> map = [] {
        QHash<QString, QString> out;
        QFile file(qEnvironmentVariable("RETORT_TEST_SERVICES"));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return out;
        QTextStream in(&file);
        while (!in.atEnd()) {
            const QString line = in.readLine();
            const qsizetype eq = line.indexOf(u'=');
            if (eq > 0)
                out.insert(line.left(eq).trimmed(), line.mid(eq + 1));
        }
        return out;
    }();
    return map;
}

} // namespace

QString service(const char *key)
{
    return values().value(QString::fromLatin1(key));
}

QString requireService(const char *key)
{
    const QString value = service(key);
    if (value.isEmpty())
        ADD_FAILURE()
            << "service value " << key << " is missing from "
            << qPrintable(qEnvironmentVariable("RETORT_TEST_SERVICES",
                                               QStringLiteral("(RETORT_TEST_SERVICES unset)")))
            << " — run the tests through ctest (tests/services/up.sh starts the services)";
    return value;
}

} // namespace retort::test
