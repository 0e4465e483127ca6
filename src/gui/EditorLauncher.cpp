#include "EditorLauncher.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

namespace retort::gui {

namespace {

const QString kEditorKey = QStringLiteral("editor/program");

QString tr(const char *text)
{
    return QCoreApplication::translate("EditorLauncher", text);
}

// The terminal Debian's alternatives system points at (the user's choice of terminal).
QString terminalProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("x-terminal-emulator"));
}

// `program` + `arguments` + `file` as a command, wrapped in a terminal for a terminal editor;
// nullopt (with a note) when the program or the terminal it needs is missing.
std::optional<EditorCommand> resolve(const QString &program, QStringList arguments,
                                     const QString &origin, const QString &file,
                                     QStringList *passedOver)
{
    const QString found = QStandardPaths::findExecutable(program);
    if (found.isEmpty()) {
        if (passedOver)
            passedOver->append(
                tr("%1 names %2, which is not an executable program").arg(origin, program));
        return std::nullopt;
    }
    arguments.append(file);
    if (!isTerminalEditor(found, arguments))
        return EditorCommand{found, arguments, origin};
    const QString terminal = terminalProgram();
    if (terminal.isEmpty()) {
        if (passedOver)
            passedOver->append(tr("%1 names %2, a terminal editor, and there is no "
                                  "x-terminal-emulator to run it in")
                                   .arg(origin, program));
        return std::nullopt;
    }
    arguments.prepend(found);
    arguments.prepend(QStringLiteral("-e"));
    return EditorCommand{terminal, arguments, origin};
}

} // namespace

bool isTerminalEditor(const QString &program, const QStringList &arguments)
{
    static const QStringList terminalOnly = {QStringLiteral("vi"),
                                             QStringLiteral("vim"),
                                             QStringLiteral("nvim"),
                                             QStringLiteral("view"),
                                             QStringLiteral("vis"),
                                             QStringLiteral("nano"),
                                             QStringLiteral("pico"),
                                             QStringLiteral("micro"),
                                             QStringLiteral("joe"),
                                             QStringLiteral("jed"),
                                             QStringLiteral("ne"),
                                             QStringLiteral("mg"),
                                             QStringLiteral("ed"),
                                             QStringLiteral("hx"),
                                             QStringLiteral("helix"),
                                             QStringLiteral("kak"),
                                             QStringLiteral("mcedit"),
                                             QStringLiteral("editor"),
                                             QStringLiteral("sensible-editor")};
    const QString name = QFileInfo(program).fileName();
    if (terminalOnly.contains(name))
        return true;
    // Emacs draws in a window unless told to use the terminal.
    if (name == u"emacs" || name == u"emacsclient")
        return arguments.contains(QStringLiteral("-nw")) ||
               arguments.contains(QStringLiteral("-t")) ||
               arguments.contains(QStringLiteral("--tty"));
    return false;
}

std::optional<EditorCommand> editorCommand(const QString &file, QStringList *passedOver)
{
    if (const QString chosen = chosenEditor(); !chosen.isEmpty())
        if (auto command = resolve(chosen, {}, tr("the chosen editor"), file, passedOver))
            return command;
    for (const char *variable : {"VISUAL", "EDITOR"}) {
        const QStringList words = QProcess::splitCommand(qEnvironmentVariable(variable));
        if (words.isEmpty())
            continue;
        if (auto command =
                resolve(words.first(), words.mid(1),
                        QStringLiteral("$%1").arg(QLatin1String(variable)), file, passedOver))
            return command;
    }
    return std::nullopt;
}

QString chosenEditor()
{
    return QSettings().value(kEditorKey).toString();
}

void setChosenEditor(const QString &program)
{
    if (program.isEmpty())
        QSettings().remove(kEditorKey);
    else
        QSettings().setValue(kEditorKey, program);
}

QString openInEditor(const QString &file)
{
    QStringList passedOver;
    if (const auto command = editorCommand(file, &passedOver)) {
        if (QProcess::startDetached(command->program, command->arguments))
            return {};
        return tr("%1 (%2) could not be started.").arg(command->origin, command->program);
    }
    if (QDesktopServices::openUrl(QUrl::fromLocalFile(file)))
        return {};
    QStringList why;
    why.append(tr("No program is associated with .%1 files on this desktop.")
                   .arg(QFileInfo(file).suffix()));
    if (passedOver.isEmpty() && chosenEditor().isEmpty())
        why.append(tr("No editor is chosen in Retort, and $VISUAL and $EDITOR are not set."));
    for (const QString &line : passedOver)
        why.append(line + u'.');
    return why.join(u'\n');
}

bool chooseEditor(QWidget *parent)
{
    const QString current = chosenEditor();
    QFileDialog dialog(parent, tr("Choose the Editor for Scripts"),
                       current.isEmpty() ? QStringLiteral("/usr/bin") : current);
    dialog.setObjectName(QStringLiteral("editorChooser"));
    dialog.setFileMode(QFileDialog::ExistingFile);
    if (!current.isEmpty())
        dialog.selectFile(current);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return false;
    setChosenEditor(dialog.selectedFiles().constFirst());
    return true;
}

void openInEditorOrAsk(QWidget *parent, const QString &file)
{
    const QString why = openInEditor(file);
    if (why.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, tr("Open in Editor"),
                    tr("Retort could not open %1 in an editor.").arg(QFileInfo(file).fileName()),
                    QMessageBox::NoButton, parent);
    box.setInformativeText(why + QStringLiteral("\n\n") +
                           tr("Choose the editor program Retort should use for scripts (it is "
                              "remembered), or set $VISUAL or $EDITOR."));
    QPushButton *choose = box.addButton(tr("Choose Editor…"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(choose);
    box.exec();
    if (box.clickedButton() == choose && chooseEditor(parent))
        openInEditorOrAsk(parent, file);
}

} // namespace retort::gui
