#pragma once

#include <QWidget>

class QsciLexer;
class QsciScintilla;

namespace retort::gui {

// A read-only, syntax-highlighted SQL pane (QScintilla with its SQL lexer, or its Python lexer for
// the source of Alembic revisions, or its diff lexer for what changed in a script: setSyntax) whose
// line numbers are the lines of the script file the text came from, not 1, 2, 3… of the pane. Fonts
// are the system fixed font; colours are derived from the widget palette and follow palette
// changes, so the pane is readable on light and dark themes. QScintilla stays an implementation
// detail (its headers need the Qt keywords this project disables). GUI thread only.
class SqlView final : public QWidget {
    Q_OBJECT

public:
    enum class Syntax { Sql, Python, Diff }; // Diff: a unified diff (added, removed lines)

    explicit SqlView(QWidget *parent = nullptr);
    ~SqlView() override;

    // The highlighting for the text (SQL by default). Switching keeps the text.
    void setSyntax(Syntax syntax);
    Syntax syntax() const { return m_syntax; }

    // Shows `sql`, its first line numbered `firstLine` (1-based line in the file). A firstLine
    // of 0 or less means the text is not from a file: no line numbers are shown.
    void setSql(const QString &sql, int firstLine);
    void clear();
    QString text() const;
    // The number shown in the margin for the pane's line `line` (0-based), or 0 when none.
    int fileLineNumber(int line) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColors();
    void updateMargin();

    QsciScintilla *m_editor;
    QsciLexer *m_sqlLexer;
    QsciLexer *m_pythonLexer = nullptr; // created on first use
    QsciLexer *m_diffLexer = nullptr;   // created on first use
    Syntax m_syntax = Syntax::Sql;
    int m_firstLine = 0;
};

} // namespace retort::gui
