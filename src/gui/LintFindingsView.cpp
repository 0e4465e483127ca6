#include "LintFindingsView.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace retort::gui {

namespace {

constexpr int kIndexRole = Qt::UserRole + 1; // int: the finding's index in m_findings

// The location column elides in the middle: the line number at the end stays readable.
class MiddleElideDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideMiddle;
    }
};

// A JSON value on one line: strings as they are, numbers without a trailing ".0".
QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("—");
    }
    return {};
}

// One session holding or waiting for a lock: its fields as "key value", the query last.
QString sessionText(const QJsonValue &session)
{
    if (!session.isObject())
        return valueText(session);
    const QJsonObject object = session.toObject();
    QStringList parts;
    QString query;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == u"query")
            query = valueText(it.value()).simplified();
        else
            parts.append(QStringLiteral("%1 %2").arg(it.key(), valueText(it.value())));
    }
    if (!query.isEmpty())
        parts.append(QStringLiteral("“%1”").arg(query));
    return parts.join(QStringLiteral(" · "));
}

} // namespace

LintFindingsView::LintFindingsView(QWidget *parent)
    : QWidget(parent), m_status(new QLabel(this)), m_splitter(new QSplitter(Qt::Vertical, this)),
      m_list(new QTreeWidget(m_splitter)), m_explanation(new QTextBrowser(m_splitter))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_status->setObjectName(QStringLiteral("lintStatus"));
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    layout->addWidget(m_splitter, 1);

    m_list->setObjectName(QStringLiteral("lintFindings"));
    m_list->setRootIsDecorated(false);
    m_list->setItemsExpandable(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHeaderLabels(
        {tr("Level"), tr("Rule"), tr("Message"), tr("Revision"), tr("Location")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setItemDelegateForColumn(LocationColumn, new MiddleElideDelegate(m_list));

    m_explanation->setObjectName(QStringLiteral("lintExplanation"));
    m_explanation->setOpenLinks(false);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);

    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        const int index = item ? item->data(LevelColumn, kIndexRole).toInt() : -1;
        showExplanation(index);
        if (index >= 0)
            Q_EMIT findingActivated(index);
    });
    // A click on the current row again still scrolls to it (the SQL may have moved since).
    connect(m_list, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item, int column) {
        if (item == m_list->currentItem() && column != LevelColumn)
            Q_EMIT findingActivated(item->data(LevelColumn, kIndexRole).toInt());
    });
    connect(m_list, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *, int column) {
        if (column == LevelColumn && m_acknowledge)
            Q_EMIT acknowledgementsChanged();
    });
    setFindings({}, {}, false);
}

void LintFindingsView::setStatus(const QString &html)
{
    m_status->setText(html);
}

QString LintFindingsView::status() const
{
    return m_status->text();
}

QString LintFindingsView::location(const LintFinding &finding, const QString &projectRoot)
{
    QString file = finding.file;
    if (!projectRoot.isEmpty() && !file.isEmpty()) {
        const QString relative = QDir(projectRoot).relativeFilePath(file);
        if (!relative.startsWith(QLatin1String("..")))
            file = relative;
    }
    return QStringLiteral("%1:%2").arg(QDir::toNativeSeparators(file)).arg(finding.line);
}

QColor LintFindingsView::levelColor(LintLevel level)
{
    // Dark enough for white glyphs and readable as text on light and dark palettes.
    switch (level) {
    case LintLevel::Error:
        return QColor(0xd3, 0x2f, 0x2f);
    case LintLevel::Warning:
        return QColor(0xe0, 0x8a, 0x00);
    case LintLevel::Notice:
        return QColor(0x1e, 0x78, 0xc8);
    case LintLevel::Off:
        break;
    }
    return QColor(0x80, 0x80, 0x80);
}

QIcon LintFindingsView::levelIcon(LintLevel level, bool allowed)
{
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(allowed ? QColor(0x9e, 0x9e, 0x9e) : levelColor(level));
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0));
        QFont font;
        font.setBold(true);
        font.setPixelSize(size * 3 / 4);
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(QRect(0, 0, size, size), Qt::AlignCenter,
                         level == LintLevel::Notice ? QStringLiteral("i") : QStringLiteral("!"));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString LintFindingsView::countsText(const std::vector<LintFinding> &findings)
{
    int errors = 0, warnings = 0, notices = 0, allowed = 0;
    for (const LintFinding &f : findings) {
        if (f.allowed)
            ++allowed;
        else if (f.level == LintLevel::Error)
            ++errors;
        else if (f.level == LintLevel::Warning)
            ++warnings;
        else if (f.level == LintLevel::Notice)
            ++notices;
    }
    // Plurals spelled out: without a loaded English translation "%n error(s)" would show.
    QStringList parts;
    if (errors > 0)
        parts.append(errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors));
    if (warnings > 0)
        parts.append(warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
    if (notices > 0)
        parts.append(notices == 1 ? tr("1 notice") : tr("%1 notices").arg(notices));
    if (allowed > 0)
        parts.append(tr("%1 allowed in the script").arg(allowed));
    return parts.join(QStringLiteral(", "));
}

QStringList LintFindingsView::factLines(const QJsonObject &facts)
{
    QStringList lines;
    if (facts.contains(u"rows")) {
        const QJsonValue rows = facts.value(u"rows");
        lines.append(
            rows.isDouble()
                ? tr("Table rows (estimated): %1").arg(QLocale().toString(rows.toInteger()))
                : tr("Table rows (estimated): %1").arg(valueText(rows)));
    }
    if (facts.contains(u"size")) {
        const QJsonValue size = facts.value(u"size");
        lines.append(tr("Table size: %1")
                         .arg(size.isDouble() ? QLocale().formattedDataSize(size.toInteger())
                                              : valueText(size)));
    }
    if (facts.contains(u"sessions")) {
        const QJsonValue sessions = facts.value(u"sessions");
        const QJsonArray list = sessions.isArray() ? sessions.toArray() : QJsonArray{sessions};
        if (list.isEmpty())
            lines.append(tr("Sessions holding or waiting for locks on it: none"));
        else
            lines.append(tr("Sessions holding or waiting for locks on it: %1").arg(list.size()));
        for (const QJsonValue &s : list)
            lines.append(QStringLiteral("    • ") + sessionText(s));
    }
    for (auto it = facts.begin(); it != facts.end(); ++it) {
        if (it.key() == u"rows" || it.key() == u"size" || it.key() == u"sessions")
            continue;
        lines.append(QStringLiteral("%1: %2").arg(it.key(), valueText(it.value())));
    }
    return lines;
}

void LintFindingsView::setFindings(std::vector<LintFinding> findings, const QString &projectRoot,
                                   bool acknowledge)
{
    m_findings = std::move(findings);
    m_projectRoot = projectRoot;
    m_acknowledge = acknowledge;
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    QList<QTreeWidgetItem *> items;
    for (int i = 0; i < int(m_findings.size()); ++i) {
        const LintFinding &f = m_findings[size_t(i)];
        auto *item = new QTreeWidgetItem;
        item->setData(LevelColumn, kIndexRole, i);
        item->setIcon(LevelColumn, levelIcon(f.level, f.allowed));
        item->setText(LevelColumn, f.allowed ? tr("allowed") : lintLevelName(f.level));
        item->setText(RuleColumn, f.rule);
        item->setText(MessageColumn,
                      f.allowed ? tr("%1 (allowed: %2)").arg(f.message, f.allowReason) : f.message);
        item->setText(RevisionColumn, f.revision.left(12));
        // The file's name (the revision column says which); its path in the tooltip.
        item->setText(LocationColumn,
                      QStringLiteral("%1:%2").arg(QFileInfo(f.file).fileName()).arg(f.line));
        for (int c = LevelColumn; c <= LocationColumn; ++c)
            item->setToolTip(c, item->text(c));
        item->setToolTip(RevisionColumn, f.revision);
        if (!f.explanation.isEmpty())
            item->setToolTip(RuleColumn, QStringLiteral("%1: %2").arg(f.rule, f.explanation));
        item->setToolTip(LocationColumn,
                         QStringLiteral("%1 (%2)").arg(location(f, projectRoot), f.section));
        if (f.allowed) {
            for (int c = LevelColumn; c <= LocationColumn; ++c)
                item->setForeground(c, grey);
            item->setToolTip(LevelColumn, tr("Allowed in the script: %1").arg(f.allowReason));
        } else {
            item->setForeground(LevelColumn, levelColor(f.level));
        }
        // A tree item is user-checkable by default: only an error to acknowledge keeps it.
        item->setFlags(item->flags() & ~Qt::ItemIsUserCheckable);
        if (acknowledge && !f.allowed && f.level == LintLevel::Error) {
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(LevelColumn, Qt::Unchecked);
            item->setToolTip(LevelColumn,
                             tr("Tick to acknowledge this error: the run records it in the "
                                "audit trail."));
        }
        items.append(item);
    }
    m_list->addTopLevelItems(items);
    const int padding = m_list->fontMetrics().horizontalAdvance(QStringLiteral("MM"));
    for (const int c : {LevelColumn, RuleColumn, RevisionColumn, LocationColumn}) {
        m_list->resizeColumnToContents(c);
        m_list->setColumnWidth(c, m_list->columnWidth(c) + padding);
    }
    // The message keeps most of the width; a long rule name or path is elided (tooltip).
    m_list->setColumnWidth(RuleColumn,
                           std::min(m_list->columnWidth(RuleColumn),
                                    m_list->fontMetrics().averageCharWidth() * 34 + padding));
    m_list->setColumnWidth(LocationColumn,
                           std::min(m_list->columnWidth(LocationColumn),
                                    m_list->fontMetrics().averageCharWidth() * 40 + padding));
    m_splitter->setVisible(!m_findings.empty());
    if (!m_findings.empty()) {
        m_list->setCurrentItem(m_list->topLevelItem(0));
        // The list as tall as its rows (3 to 6 of them); the explanation gets the rest.
        const int rows = std::clamp(int(m_findings.size()), 3, 6);
        const int listHeight = m_list->header()->sizeHint().height() +
                               rows * std::max(m_list->sizeHintForRow(0), 1) +
                               2 * m_list->frameWidth() + 2;
        const int total = std::max(m_splitter->height(), listHeight * 2);
        m_splitter->setSizes({listHeight, total - listHeight});
    }
    showExplanation(m_findings.empty() ? -1 : 0);
}

int LintFindingsView::toAcknowledgeCount() const
{
    int count = 0;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_list->topLevelItem(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) &&
            item->checkState(LevelColumn) != Qt::Checked)
            ++count;
    }
    return count;
}

bool LintFindingsView::allAcknowledged() const
{
    return toAcknowledgeCount() == 0;
}

void LintFindingsView::setAcknowledged(int index, bool acknowledged)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->data(LevelColumn, kIndexRole).toInt() == index &&
            (item->flags() & Qt::ItemIsUserCheckable))
            item->setCheckState(LevelColumn, acknowledged ? Qt::Checked : Qt::Unchecked);
    }
}

std::vector<LintFinding> LintFindingsView::acknowledged() const
{
    std::vector<LintFinding> result;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_list->topLevelItem(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) &&
            item->checkState(LevelColumn) == Qt::Checked)
            result.push_back(m_findings[size_t(item->data(LevelColumn, kIndexRole).toInt())]);
    }
    return result;
}

int LintFindingsView::currentFinding() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(LevelColumn, kIndexRole).toInt() : -1;
}

void LintFindingsView::setCurrentFinding(int index)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->data(LevelColumn, kIndexRole).toInt() != index)
            continue;
        if (item == m_list->currentItem())
            Q_EMIT findingActivated(index);
        else
            m_list->setCurrentItem(item);
        return;
    }
}

QString LintFindingsView::explanationText() const
{
    return m_explanation->toPlainText();
}

void LintFindingsView::showExplanation(int index)
{
    if (index < 0 || index >= int(m_findings.size())) {
        m_explanation->clear();
        return;
    }
    m_explanation->setHtml(explanationHtml(m_findings[size_t(index)]));
}

QString LintFindingsView::explanationHtml(const LintFinding &f) const
{
    const auto escaped = [](const QString &text) {
        return text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
    };
    QString html = QStringLiteral("<p><b style=\"color:%1\">%2</b> <b>%3</b><br>%4</p>")
                       .arg(f.allowed ? QStringLiteral("#808080") : levelColor(f.level).name(),
                            f.allowed ? tr("allowed") : lintLevelName(f.level),
                            f.rule.toHtmlEscaped(), escaped(f.message));
    if (f.allowed)
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(tr("Allowed in the script: %1").arg(f.allowReason).toHtmlEscaped());
    if (!f.explanation.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(escaped(f.explanation));
    if (!f.saferForm.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Safer:"), escaped(f.saferForm));
    const QStringList facts = factLines(f.facts);
    if (!facts.isEmpty()) {
        QStringList lines;
        for (const QString &line : facts)
            lines.append(escaped(line).replace(QStringLiteral("    "),
                                               QStringLiteral("&nbsp;&nbsp;&nbsp;&nbsp;")));
        html += QStringLiteral("<p><b>%1</b><br>%2</p>")
                    .arg(tr("Facts:"), lines.join(QStringLiteral("<br>")));
    }
    html += QStringLiteral("<p><b>%1</b> %2 · %3 · %4</p>")
                .arg(tr("Where:"), location(f, m_projectRoot).toHtmlEscaped(),
                     f.revision.toHtmlEscaped(), f.section.toHtmlEscaped());
    if (!f.statement.trimmed().isEmpty())
        html += QStringLiteral("<pre>%1</pre>").arg(f.statement.trimmed().toHtmlEscaped());
    return html;
}

} // namespace retort::gui
