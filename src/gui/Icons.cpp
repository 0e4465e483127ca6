#include "Icons.h"

#include <QFile>

// Q_INIT_RESOURCE must be used outside any namespace. retort_gui is a static library, so the
// linker would drop the resource's static initializer unless something references it.
static void initRetortResources()
{
    Q_INIT_RESOURCE(retort);
}

namespace retort::gui {

namespace {

QString bundledPath(const QString &name)
{
    static const bool initialized = [] {
        initRetortResources();
        return true;
    }();
    Q_UNUSED(initialized);
    return QStringLiteral(":/icons/%1.svg").arg(name);
}

} // namespace

QIcon themedIcon(const QString &name)
{
    const QString fallback = bundledPath(name);
    return QIcon::fromTheme(name, QFile::exists(fallback) ? QIcon(fallback) : QIcon());
}

QIcon appIcon()
{
    return QIcon::fromTheme(QStringLiteral("io.github.retort.Retort"),
                            QIcon(bundledPath(QStringLiteral("retort"))));
}

} // namespace retort::gui
