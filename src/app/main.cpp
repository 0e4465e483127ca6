#include "Appearance.h"
#include "Icons.h"
#include "MainWindow.h"

#include "base/Background.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

// How long quitting waits for background tasks to notice their cancellation.
constexpr int kShutdownTimeoutMs = 3000;

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Retort"));
    QApplication::setApplicationName(QStringLiteral("Retort"));
    QApplication::setApplicationDisplayName(QStringLiteral("Retort"));
    QApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.retort.Retort"));
    QApplication::setWindowIcon(retort::gui::appIcon());

    // Retort's own strings (embedded from translations/ under :/i18n), then Qt's (dialog buttons).
    QTranslator retortTranslator;
    if (retortTranslator.load(QLocale(), QStringLiteral("retort"), QStringLiteral("_"),
                              QStringLiteral(":/i18n")))
        QApplication::installTranslator(&retortTranslator);
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Retort, a database-migration manager."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("project"),
        QCoreApplication::translate("main", "Project folder (holding retort.toml) to open."),
        QStringLiteral("[PROJECT_DIR]"));
    parser.process(app);

    retort::gui::applyAppearance(retort::gui::savedAppearance());
    retort::gui::MainWindow window;
    window.show();
    const QStringList args = parser.positionalArguments();
    const QString project = args.isEmpty() ? retort::gui::MainWindow::lastProject() : args.first();
    if (!project.isEmpty())
        window.openProject(project);
    const int status = app.exec();
    // Every background task (a check, a history read, a backup) is cancelled and joined, or
    // abandoned after the bound: quitting never waits on a slow server for long.
    retort::Background::shutdown(kShutdownTimeoutMs);
    return status;
}
