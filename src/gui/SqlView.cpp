#include "SqlView.h"

#include <QEvent>
#include <QFontDatabase>
#include <QVBoxLayout>

// QScintilla's headers use the `signals`/`slots` keywords that QT_NO_KEYWORDS removes; spell them
// for these headers only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexerdiff.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>
#undef slots
#undef signals

namespace retort::gui {

namespace {

constexpr int kNumberMargin = 0;

// `a` blended towards `b` by `amount` (0..1).
QColor mix(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amount,
                            a.greenF() + (b.greenF() - a.greenF()) * amount,
                            a.blueF() + (b.blueF() - a.blueF()) * amount);
}

bool isDark(const QColor &background)
{
    return background.lightnessF() < 0.5;
}

// The colours of the token kinds on `paper`: hues that keep enough contrast on it.
struct TokenColors {
    QColor ink, keyword, string, number, comment, op;
    QFont bold; // keywords
};

TokenColors tokenColors(const QColor &paper, const QColor &ink)
{
    const bool dark = isDark(paper);
    TokenColors c;
    c.ink = ink;
    c.keyword = dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x00, 0x33, 0xb3);
    c.string = dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x06, 0x7d, 0x17);
    c.number = dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0x17, 0x50, 0xeb);
    c.comment = mix(ink, paper, 0.45);
    c.op = mix(ink, paper, 0.15);
    c.bold = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    c.bold.setBold(true);
    return c;
}

void colorSql(QsciLexerSQL *lexer, const TokenColors &c)
{
    lexer->setColor(c.comment, QsciLexerSQL::Comment);
    lexer->setColor(c.comment, QsciLexerSQL::CommentLine);
    lexer->setColor(c.comment, QsciLexerSQL::CommentDoc);
    lexer->setColor(c.comment, QsciLexerSQL::CommentLineHash);
    lexer->setColor(c.number, QsciLexerSQL::Number);
    lexer->setColor(c.keyword, QsciLexerSQL::Keyword);
    lexer->setColor(c.keyword, QsciLexerSQL::KeywordSet5);
    lexer->setColor(c.keyword, QsciLexerSQL::PlusKeyword);
    lexer->setColor(c.string, QsciLexerSQL::DoubleQuotedString);
    lexer->setColor(c.string, QsciLexerSQL::SingleQuotedString);
    lexer->setColor(c.op, QsciLexerSQL::Operator);
    lexer->setColor(c.ink, QsciLexerSQL::Identifier);
    lexer->setColor(c.ink, QsciLexerSQL::QuotedIdentifier);
    lexer->setFont(c.bold, QsciLexerSQL::Keyword);
}

void colorPython(QsciLexerPython *py, const TokenColors &c)
{
    py->setColor(c.comment, QsciLexerPython::Comment);
    py->setColor(c.comment, QsciLexerPython::CommentBlock);
    py->setColor(c.number, QsciLexerPython::Number);
    py->setColor(c.keyword, QsciLexerPython::Keyword);
    py->setColor(c.keyword, QsciLexerPython::FunctionMethodName);
    py->setColor(c.keyword, QsciLexerPython::ClassName);
    py->setColor(c.number, QsciLexerPython::Decorator);
    for (int style :
         {QsciLexerPython::DoubleQuotedString, QsciLexerPython::SingleQuotedString,
          QsciLexerPython::TripleSingleQuotedString, QsciLexerPython::TripleDoubleQuotedString,
          QsciLexerPython::UnclosedString, QsciLexerPython::DoubleQuotedFString,
          QsciLexerPython::SingleQuotedFString, QsciLexerPython::TripleSingleQuotedFString,
          QsciLexerPython::TripleDoubleQuotedFString})
        py->setColor(c.string, style);
    py->setColor(c.op, QsciLexerPython::Operator);
    py->setColor(c.ink, QsciLexerPython::Identifier);
    py->setFont(c.bold, QsciLexerPython::Keyword);
}

void colorDiff(QsciLexerDiff *diff, const TokenColors &c, bool dark)
{
    diff->setColor(c.comment, QsciLexerDiff::Comment);
    diff->setColor(c.keyword, QsciLexerDiff::Command);
    diff->setColor(c.keyword, QsciLexerDiff::Header);
    diff->setColor(c.comment, QsciLexerDiff::Position);
    diff->setColor(dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x1d, 0x28),
                   QsciLexerDiff::LineRemoved);
    diff->setColor(c.string, QsciLexerDiff::LineAdded);
    diff->setColor(c.number, QsciLexerDiff::LineChanged);
}

// A lexer in the system fixed font, for every style.
template <typename Lexer> Lexer *fixedFontLexer(QObject *parent)
{
    auto *lexer = new Lexer(parent);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    lexer->setDefaultFont(fixed);
    lexer->setFont(fixed, -1);
    return lexer;
}

} // namespace

SqlView::SqlView(QWidget *parent) : QWidget(parent), m_editor(new QsciScintilla(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    setFocusProxy(m_editor);

    auto *lexer = new QsciLexerSQL(m_editor);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    lexer->setDefaultFont(fixed);
    lexer->setFont(fixed, -1); // every style
    lexer->setFoldComments(false);
    m_sqlLexer = lexer;
    m_editor->setLexer(lexer);
    m_editor->setReadOnly(true);
    m_editor->setUtf8(true);
    m_editor->setWrapMode(QsciScintilla::WrapNone);
    m_editor->setCaretLineVisible(false);
    m_editor->setFolding(QsciScintilla::NoFoldStyle);
    m_editor->setMarginWidth(1, 0); // no symbol margin
    m_editor->setMarginType(kNumberMargin, QsciScintilla::TextMarginRightJustified);
    m_editor->setMarginsFont(fixed);
    m_editor->setFrameShape(QFrame::StyledPanel);
    // Horizontal scrolling only as far as the longest line seen, not Scintilla's 2000 px default.
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTH, 1);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTHTRACKING, true);
    applyColors();
}

SqlView::~SqlView() = default;

void SqlView::setSyntax(Syntax syntax)
{
    if (syntax == m_syntax)
        return;
    m_syntax = syntax;
    if (syntax == Syntax::Python && !m_pythonLexer) {
        auto *lexer = new QsciLexerPython(m_editor);
        const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        lexer->setDefaultFont(fixed);
        lexer->setFont(fixed, -1);
        lexer->setFoldComments(false);
        lexer->setIndentationWarning(QsciLexerPython::NoWarning);
        m_pythonLexer = lexer;
    }
    if (syntax == Syntax::Diff && !m_diffLexer)
        m_diffLexer = fixedFontLexer<QsciLexerDiff>(m_editor);
    m_editor->setLexer(syntax == Syntax::Python ? m_pythonLexer
                       : syntax == Syntax::Diff ? m_diffLexer
                                                : m_sqlLexer);
    m_editor->setFolding(QsciScintilla::NoFoldStyle);
    applyColors();
}

void SqlView::setSql(const QString &sql, int firstLine)
{
    m_firstLine = firstLine > 0 ? firstLine : 0;
    m_editor->setReadOnly(false);
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSCROLLWIDTH, 1); // re-tracked for this text
    m_editor->setText(sql);
    m_editor->setReadOnly(true);
    m_editor->setCursorPosition(0, 0);
    updateMargin();
}

void SqlView::clear()
{
    setSql({}, 0);
}

QString SqlView::text() const
{
    return m_editor->text();
}

int SqlView::fileLineNumber(int line) const
{
    return m_firstLine > 0 && line >= 0 && line < m_editor->lines() ? m_firstLine + line : 0;
}

void SqlView::updateMargin()
{
    m_editor->clearMarginText();
    if (m_firstLine == 0) {
        m_editor->setMarginWidth(kNumberMargin, 0);
        return;
    }
    const int lines = m_editor->lines();
    for (int line = 0; line < lines; ++line)
        m_editor->setMarginText(line, QString::number(m_firstLine + line),
                                QsciScintillaBase::STYLE_LINENUMBER);
    // Width for the largest number plus a space either side.
    m_editor->setMarginWidth(kNumberMargin,
                             QStringLiteral("0%1").arg(m_firstLine + std::max(lines - 1, 0)));
}

void SqlView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyColors();
    QWidget::changeEvent(event);
}

void SqlView::applyColors()
{
    const QPalette pal = palette();
    const QColor paper = pal.color(QPalette::Base);
    const QColor ink = pal.color(QPalette::Text);

    const TokenColors colors = tokenColors(paper, ink);
    for (QsciLexer *l : {m_sqlLexer, m_pythonLexer, m_diffLexer}) {
        if (!l)
            continue;
        l->setDefaultPaper(paper);
        l->setPaper(paper, -1);
        l->setDefaultColor(ink);
        l->setColor(ink, -1);
    }
    colorSql(static_cast<QsciLexerSQL *>(m_sqlLexer), colors);
    if (auto *py = static_cast<QsciLexerPython *>(m_pythonLexer))
        colorPython(py, colors);
    if (auto *diff = static_cast<QsciLexerDiff *>(m_diffLexer))
        colorDiff(diff, colors, isDark(paper));

    const QColor margin = mix(paper, ink, 0.06);
    m_editor->setMarginsBackgroundColor(margin);
    m_editor->setMarginsForegroundColor(mix(ink, paper, 0.4));
    m_editor->setCaretForegroundColor(ink);
    m_editor->setSelectionBackgroundColor(pal.color(QPalette::Highlight));
    m_editor->setSelectionForegroundColor(pal.color(QPalette::HighlightedText));
    m_editor->setColor(ink);
    m_editor->setPaper(paper);
    updateMargin(); // the margin text style takes the new colours
}

} // namespace retort::gui
