#pragma once

#include <QIcon>
#include <QString>

namespace retort::gui {

// Icons from the desktop theme (freedesktop names), falling back to the SVGs bundled in
// resources/retort.qrc under :/icons/<name>.svg. GUI thread only.
QIcon themedIcon(const QString &name);

// The application icon (theme "io.github.retort.Retort", else the bundled SVG).
QIcon appIcon();

} // namespace retort::gui
