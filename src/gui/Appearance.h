#pragma once

#include <QString>

namespace retort::gui {

// The window's colours: the desktop's (System), or Retort's own light or dark palette on the
// Fusion style — for desktops whose theme Qt cannot follow (no platform theme plugin), and for
// users who want Retort dark on a light desktop. Every colour Retort paints itself (lanes,
// badges, SQL highlighting, states) reads the palette or is chosen for both.
enum class Appearance { System, Light, Dark };

// Applies `appearance` to the whole application (QApplication's style and palette). The first
// call records the desktop's style and palette, which System restores. GUI thread only.
void applyAppearance(Appearance appearance);

// The appearance saved in the settings (System when none), and saving one.
Appearance savedAppearance();
void saveAppearance(Appearance appearance);

} // namespace retort::gui
