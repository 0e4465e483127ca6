#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace retort::gui {

// Opening a file (a migration script) in the user's editor. The editor is, in this order:
//   1. the one chosen in Retort ("Choose Editor…", remembered in QSettings: a program's path);
//   2. $VISUAL, then $EDITOR (command lines: "code --wait" is split into program and arguments);
//   3. the desktop's association for the file's type (QDesktopServices::openUrl).
// A candidate whose program is not found is passed over (and named if nothing opens the file).
// A terminal editor (vi, vim, nvim, nano, micro, emacs -nw, … — see isTerminalEditor) needs a
// terminal, which the window does not have: it runs inside `x-terminal-emulator -e` (Debian's
// alternative for the user's terminal); without one it is passed over.
//
// Every program starts detached (QProcess::startDetached): nothing waits for the editor to exit.
// GUI thread only (QSettings, QDesktopServices).

// A program and its arguments, the file last.
struct EditorCommand {
    QString program;
    QStringList arguments;
    QString origin; // where it came from, for messages: "the chosen editor", "$VISUAL", "$EDITOR"
};

// True when `program` (a path or a name) with `arguments` is an editor that draws in a terminal.
bool isTerminalEditor(const QString &program, const QStringList &arguments = {});

// The command that opens `file` with the first usable candidate of 1. and 2. above; nullopt when
// none is usable (then the desktop's association is tried). `passedOver` (if not null) receives
// a line for each candidate set but not usable, and why.
std::optional<EditorCommand> editorCommand(const QString &file, QStringList *passedOver);

// The editor chosen in Retort (empty: none), and choosing one (empty: forget it).
QString chosenEditor();
void setChosenEditor(const QString &program);

// Opens `file` as described above. Returns an empty string when an editor (or the desktop's
// association) was started, else why nothing could open it, in words for the user.
QString openInEditor(const QString &file);

// openInEditor(); when it fails, a message in `parent` says why and offers to choose an editor
// program (remembered for next time), then opens the file with it.
void openInEditorOrAsk(QWidget *parent, const QString &file);

// Asks for an editor program (a file dialog) and remembers it. False when the user cancelled.
bool chooseEditor(QWidget *parent);

} // namespace retort::gui
