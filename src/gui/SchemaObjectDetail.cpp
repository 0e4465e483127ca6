#include "SchemaObjectDetail.h"

#include "SqlView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace retort::gui {

namespace {

constexpr int kRevisionRole = Qt::UserRole + 1;
constexpr int kNullRole = Qt::UserRole + 2;
constexpr int kTargetSchemaRole = Qt::UserRole + 3; // a constraint row: the other table
constexpr int kTargetNameRole = Qt::UserRole + 4;
constexpr int kShortId = 12;
// Tooltips of long cells show this much.
constexpr int kToolTipChars = 2000;

QString tabName(int tab)
{
    switch (tab) {
    case SchemaObjectDetail::ColumnsTab:
        return SchemaObjectDetail::tr("Columns");
    case SchemaObjectDetail::IndexesTab:
        return SchemaObjectDetail::tr("Indexes");
    case SchemaObjectDetail::ConstraintsTab:
        return SchemaObjectDetail::tr("Constraints");
    case SchemaObjectDetail::TriggersTab:
        return SchemaObjectDetail::tr("Triggers");
    case SchemaObjectDetail::DdlTab:
        return SchemaObjectDetail::tr("DDL");
    case SchemaObjectDetail::DataTab:
        return SchemaObjectDetail::tr("Data");
    case SchemaObjectDetail::MigrationsTab:
        return SchemaObjectDetail::tr("Migrations");
    }
    return {};
}

// Room between columns and rows: the lists are read, not scanned.
class PaddedDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return QStyledItemDelegate::sizeHint(option, index) + QSize(12, 6);
    }
};

QTreeWidget *makeList(const QString &objectName, const QStringList &headers)
{
    auto *list = new QTreeWidget;
    list->setObjectName(objectName);
    list->setColumnCount(int(headers.size()));
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAllColumnsShowFocus(true);
    list->setAlternatingRowColors(true);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setFrameShape(QFrame::NoFrame);
    list->header()->setStretchLastSection(true);
    list->header()->setSectionResizeMode(QHeaderView::Interactive);
    list->setItemDelegate(new PaddedDelegate(list));
    return list;
}

// Columns sized to their contents (the last one stretches), with some air; wide ones capped.
void fitColumns(QTreeWidget *list)
{
    const int cap = 40 * list->fontMetrics().averageCharWidth();
    for (int c = 0; c + 1 < list->columnCount(); ++c) {
        list->resizeColumnToContents(c);
        list->setColumnWidth(c, std::min(list->columnWidth(c) + 8, cap));
    }
}

// One line: runs of white space (newlines included) become one space.
QString oneLine(const QString &text)
{
    return text.simplified();
}

QString joined(const QStringList &names)
{
    return names.join(QStringLiteral(", "));
}

QString foreignKeyText(const SchemaForeignKey &k)
{
    if (!k.definition.isEmpty())
        return k.definition;
    QString text =
        QStringLiteral("FOREIGN KEY (%1) REFERENCES %2")
            .arg(joined(k.columns), k.refTable.isEmpty() ? QStringLiteral("?") : k.refTable);
    if (!k.refColumns.isEmpty())
        text += QStringLiteral("(%1)").arg(joined(k.refColumns));
    if (!k.onUpdate.isEmpty() && k.onUpdate != u"NO ACTION")
        text += QStringLiteral(" ON UPDATE ") + k.onUpdate;
    if (!k.onDelete.isEmpty() && k.onDelete != u"NO ACTION")
        text += QStringLiteral(" ON DELETE ") + k.onDelete;
    if (k.deferrable)
        text += k.initiallyDeferred ? QStringLiteral(" DEFERRABLE INITIALLY DEFERRED")
                                    : QStringLiteral(" DEFERRABLE");
    if (!k.validated)
        text += QStringLiteral(" NOT VALID");
    return text;
}

QString defaultText(const SchemaColumn &c)
{
    if (!c.identity.isEmpty())
        return QStringLiteral("generated %1 as identity").arg(c.identity);
    if (!c.generated.isEmpty())
        return QStringLiteral("generated always as (%1) %2")
            .arg(c.defaultValue.value_or(QStringLiteral("…")), c.generated);
    return c.defaultValue.value_or(QString());
}

// Plurals spelled out: without a loaded English translation, "%n row(s)" would show.
QString rowsText(int n)
{
    return n == 1 ? SchemaObjectDetail::tr("1 row") : SchemaObjectDetail::tr("%1 rows").arg(n);
}

QString bytesText(qint64 n)
{
    return n == 1 ? SchemaObjectDetail::tr("1 byte")
                  : SchemaObjectDetail::tr("%1 bytes").arg(QLocale().toString(n));
}

QString sizeText(const std::optional<qint64> &bytes)
{
    return bytes ? QLocale().formattedDataSize(*bytes) : QString();
}

QString item(const QString &label, const QString &value)
{
    return QStringLiteral("%1 <b>%2</b>").arg(label.toHtmlEscaped(), value.toHtmlEscaped());
}

} // namespace

SchemaObjectDetail::SchemaObjectDetail(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_facts(new QLabel(this)),
      m_tabs(new QTabWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *header = new QVBoxLayout;
    header->setContentsMargins(8, 6, 8, 2);
    header->setSpacing(2);
    m_title->setObjectName(QStringLiteral("objectTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setObjectName(QStringLiteral("objectFacts"));
    m_facts->setTextFormat(Qt::RichText);
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header->addWidget(m_title);
    header->addWidget(m_facts);
    layout->addLayout(header);
    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_tabs, 1);
    setupTabs();
    clear();
}

void SchemaObjectDetail::setupTabs()
{
    m_columns = makeList(QStringLiteral("columnsTable"),
                         {tr("Key"), tr("Column"), tr("Type"), tr("Collation"), tr("Nullable"),
                          tr("Default"), tr("Storage"), tr("Comment")});
    m_indexes =
        makeList(QStringLiteral("indexesTable"), {tr("Index"), tr("Columns"), tr("Kind"),
                                                  tr("Method"), tr("Size"), tr("Definition")});
    m_constraints = makeList(QStringLiteral("constraintsTable"),
                             {tr("Constraint"), tr("Table"), tr("Definition")});
    m_constraints->setRootIsDecorated(true);
    connect(m_constraints, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString name = item->data(0, kTargetNameRole).toString();
        if (!name.isEmpty())
            Q_EMIT objectActivated(item->data(0, kTargetSchemaRole).toString(), name);
    });
    m_triggers = makeList(QStringLiteral("triggersTable"), {tr("Trigger"), tr("Definition")});
    m_ddl = new SqlView;
    m_ddl->setObjectName(QStringLiteral("ddlView"));

    auto *data = new QWidget;
    auto *dataLayout = new QVBoxLayout(data);
    dataLayout->setContentsMargins(0, 4, 0, 0);
    auto *dataBar = new QHBoxLayout;
    dataBar->setContentsMargins(8, 0, 8, 0);
    m_dataStatus = new QLabel;
    m_dataStatus->setObjectName(QStringLiteral("dataStatus"));
    m_dataStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataStatus->setWordWrap(true);
    m_dataReload = new QPushButton(tr("Reload Rows"));
    m_dataReload->setObjectName(QStringLiteral("dataReload"));
    m_dataReload->setToolTip(tr("Read the first %1 rows again (read-only)").arg(200));
    dataBar->addWidget(m_dataStatus, 1);
    dataBar->addWidget(m_dataReload);
    dataLayout->addLayout(dataBar);
    m_data = new QTableWidget;
    m_data->setObjectName(QStringLiteral("dataTable"));
    m_data->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_data->setAlternatingRowColors(true);
    m_data->setFrameShape(QFrame::NoFrame);
    m_data->setWordWrap(false);
    m_data->verticalHeader()->setDefaultSectionSize(m_data->fontMetrics().height() + 6);
    dataLayout->addWidget(m_data, 1);
    connect(m_dataReload, &QPushButton::clicked, this, [this] {
        m_dataRequested = false;
        requestDataIfShown();
    });

    m_migrations =
        makeList(QStringLiteral("migrationsTable"),
                 {tr("Revision"), tr("Action"), tr("Message"), tr("Statement"), tr("Location")});
    m_migrations->setToolTip(tr("Click a revision to select it in the revision graph"));
    // A click selects the revision; Enter too. A double click's second press is not a new click.
    auto lastClick = std::make_shared<std::pair<QString, QElapsedTimer>>();
    connect(m_migrations, &QTreeWidget::itemClicked, this,
            [this, lastClick](QTreeWidgetItem *item) {
                lastClick->first = item->data(0, kRevisionRole).toString();
                lastClick->second.start();
                Q_EMIT revisionActivated(lastClick->first);
            });
    connect(m_migrations, &QTreeWidget::itemActivated, this,
            [this, lastClick](QTreeWidgetItem *item) {
                const QString id = item->data(0, kRevisionRole).toString();
                if (id == lastClick->first && lastClick->second.isValid() &&
                    lastClick->second.elapsed() < QApplication::doubleClickInterval())
                    return;
                Q_EMIT revisionActivated(id);
            });

    m_tabs->addTab(m_columns, tabName(ColumnsTab));
    m_tabs->addTab(m_indexes, tabName(IndexesTab));
    m_tabs->addTab(m_constraints, tabName(ConstraintsTab));
    m_tabs->addTab(m_triggers, tabName(TriggersTab));
    m_tabs->addTab(m_ddl, tabName(DdlTab));
    m_tabs->addTab(data, tabName(DataTab));
    m_tabs->addTab(m_migrations, tabName(MigrationsTab));
    m_tabs->setTabToolTip(DataTab, tr("The first 200 rows, read when this tab is opened"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (m_filling)
            return; // tabs enabled and disabled while an object is filled in
        m_preferredTab = tab;
        requestDataIfShown();
    });
}

void SchemaObjectDetail::setTabCount(Tab tab, int count)
{
    m_tabs->setTabText(tab, count > 0 ? QStringLiteral("%1 (%2)").arg(tabName(tab)).arg(count)
                                      : QStringLiteral("%1 (0)").arg(tabName(tab)));
    m_tabs->setTabEnabled(tab, count > 0);
}

void SchemaObjectDetail::resetTabs(const QString &title, const QString &facts)
{
    m_filling = true;
    m_title->setText(title);
    m_facts->setText(facts);
    m_facts->setVisible(!facts.isEmpty());
    m_columns->clear();
    m_indexes->clear();
    m_constraints->clear();
    m_triggers->clear();
    m_ddl->clear();
    m_migrations->clear();
    m_data->clear();
    m_data->setRowCount(0);
    m_data->setColumnCount(0);
    m_dataStatus->clear();
    m_dataRequested = false;
    m_dataApplies = false;
    for (Tab t : {ColumnsTab, IndexesTab, ConstraintsTab, TriggersTab, MigrationsTab})
        setTabCount(t, 0);
    m_tabs->setTabText(DdlTab, tabName(DdlTab));
    m_tabs->setTabText(DataTab, tabName(DataTab));
    m_tabs->setTabEnabled(DdlTab, false);
    m_tabs->setTabEnabled(DataTab, false);
}

void SchemaObjectDetail::clear()
{
    m_schema.clear();
    m_name.clear();
    resetTabs(tr("<b>Nothing selected</b>"), tr("Choose a table, view, sequence or type."));
    m_filling = false;
}

void SchemaObjectDetail::showPlanned(const QString &schema, const QString &name,
                                     const QString &kind, const QString &revision,
                                     const QString &message)
{
    m_schema = schema;
    m_name = name;
    resetTabs(QStringLiteral("<b>%1</b> %2 &nbsp;<i>%3</i>")
                  .arg(QStringLiteral("%1.%2").arg(schema, name).toHtmlEscaped(),
                       kind.toHtmlEscaped(), tr("not created yet").toHtmlEscaped()),
              tr("Pending revision <b>%1</b> (%2) creates it when this environment is upgraded.")
                  .arg(revision.left(12).toHtmlEscaped(), message.toHtmlEscaped()));
    m_filling = false;
    m_tabs->setCurrentIndex(MigrationsTab);
}

void SchemaObjectDetail::showRelation(const SchemaRelation &r)
{
    m_schema = r.schema;
    m_name = r.name;
    QStringList facts;
    if (r.rowsEstimate)
        facts << item(tr("Rows (estimated):"), QLocale().toString(*r.rowsEstimate));
    if (r.sizeBytes)
        facts << item(tr("Size:"), sizeText(r.sizeBytes));
    if (!r.owner.isEmpty())
        facts << item(tr("Owner:"), r.owner);
    if (!r.engine.isEmpty())
        facts << item(tr("Engine:"), r.engine);
    if (!r.partitionKey.isEmpty())
        facts << item(tr("Partition key:"), r.partitionKey);
    if (!r.partitions.isEmpty())
        facts << item(tr("Partitions:"), QString::number(r.partitions.size()));
    if (!r.partitionOf.isEmpty())
        facts << item(tr("Partition of:"), r.partitionOf + u' ' + r.partitionBound);
    if (r.withoutRowid)
        facts << tr("WITHOUT ROWID");
    if (r.strict)
        facts << tr("STRICT");
    if (!r.comment.isEmpty())
        facts << item(tr("Comment:"), r.comment);
    resetTabs(QStringLiteral("<b>%1</b> %2")
                  .arg(QStringLiteral("%1.%2").arg(r.schema, r.name).toHtmlEscaped(),
                       relationKindName(r.kind).toHtmlEscaped()),
              facts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    fillColumns(r);
    fillIndexes(r);
    fillConstraints(r.checks, r.foreignKeys, r.referencedBy);
    fillTriggers(r);
    setDdl(r.ddl.isEmpty() ? r.definition : r.ddl);
    m_dataApplies = true;
    m_tabs->setTabEnabled(DataTab, true);
    showTab(m_preferredTab);
}

void SchemaObjectDetail::showTab(int preferred)
{
    // The tab the user last chose when it applies here too; else the first that does.
    int tab = preferred;
    if (tab < 0 || !m_tabs->isTabEnabled(tab))
        for (tab = 0; tab < m_tabs->count() && !m_tabs->isTabEnabled(tab); ++tab) {
        }
    m_tabs->setCurrentIndex(std::min(tab, m_tabs->count() - 1));
    m_filling = false;
    requestDataIfShown(); // the Data tab: this object's rows
}

void SchemaObjectDetail::showSequence(const SchemaSequence &q)
{
    m_schema = q.schema;
    m_name = q.name;
    const QLocale locale;
    QStringList facts;
    if (!q.type.isEmpty())
        facts << item(tr("Type:"), q.type);
    facts << item(tr("Start:"), locale.toString(q.start))
          << item(tr("Increment:"), locale.toString(q.increment))
          << item(tr("Min:"), locale.toString(q.minValue))
          << item(tr("Max:"), locale.toString(q.maxValue))
          << item(tr("Cache:"), locale.toString(q.cache))
          << item(tr("Cycles:"), q.cycle ? tr("yes") : tr("no"));
    if (!q.ownedBy.isEmpty())
        facts << item(tr("Owned by:"), q.ownedBy);
    if (!q.owner.isEmpty())
        facts << item(tr("Owner:"), q.owner);
    resetTabs(
        QStringLiteral("<b>%1</b> %2")
            .arg(QStringLiteral("%1.%2").arg(q.schema, q.name).toHtmlEscaped(), tr("sequence")),
        facts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    setDdl(q.ddl);
    showTab(m_preferredTab == ColumnsTab ? DdlTab : m_preferredTab);
}

void SchemaObjectDetail::showType(const SchemaType &t)
{
    m_schema = t.schema;
    m_name = t.name;
    QStringList facts;
    if (!t.labels.isEmpty()) {
        QStringList quoted;
        for (const QString &label : t.labels)
            quoted << u'\'' + label + u'\'';
        facts << item(tr("Values:"), quoted.join(QStringLiteral(", ")));
    }
    if (!t.baseType.isEmpty())
        facts << item(tr("Base type:"), t.baseType);
    if (t.notNull)
        facts << tr("NOT NULL");
    if (t.defaultValue)
        facts << item(tr("Default:"), *t.defaultValue);
    if (!t.collation.isEmpty())
        facts << item(tr("Collation:"), t.collation);
    if (!t.owner.isEmpty())
        facts << item(tr("Owner:"), t.owner);
    if (!t.comment.isEmpty())
        facts << item(tr("Comment:"), t.comment);
    resetTabs(QStringLiteral("<b>%1</b> %2")
                  .arg(QStringLiteral("%1.%2").arg(t.schema, t.name).toHtmlEscaped(),
                       tr("%1 type").arg(t.kind).toHtmlEscaped()),
              facts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    fillConstraints(t.checks, {}, {});
    setDdl(t.ddl);
    showTab(m_preferredTab == ColumnsTab ? (t.checks.empty() ? DdlTab : ConstraintsTab)
                                         : m_preferredTab);
}

void SchemaObjectDetail::fillColumns(const SchemaRelation &r)
{
    QSet<QString> foreign;
    for (const SchemaForeignKey &k : r.foreignKeys)
        for (const QString &c : k.columns)
            foreign.insert(c);
    bool anyStorage = false;
    QFont bold = m_columns->font();
    bold.setBold(true);
    for (const SchemaColumn &c : r.columns) {
        QStringList keys;
        if (c.primaryKeyPosition > 0)
            keys << (std::count_if(r.columns.begin(), r.columns.end(),
                                   [](const SchemaColumn &x) { return x.primaryKeyPosition; }) > 1
                         ? tr("PK %1").arg(c.primaryKeyPosition)
                         : tr("PK"));
        if (foreign.contains(c.name))
            keys << tr("FK");
        auto *row =
            new QTreeWidgetItem(m_columns, {keys.join(QStringLiteral(", ")), c.name, c.type,
                                            c.collation, c.nullable ? QString() : tr("not null"),
                                            defaultText(c), c.storage, c.comment});
        if (c.primaryKeyPosition > 0) {
            row->setFont(0, bold);
            row->setFont(1, bold);
            row->setToolTip(1, tr("Part of the primary key"));
        }
        row->setToolTip(5, defaultText(c));
        anyStorage = anyStorage || !c.storage.isEmpty();
    }
    m_columns->setColumnHidden(6, !anyStorage);
    fitColumns(m_columns);
    setTabCount(ColumnsTab, int(r.columns.size()));
}

void SchemaObjectDetail::fillIndexes(const SchemaRelation &r)
{
    bool anyMethod = false;
    bool anySize = false;
    for (const SchemaIndex &i : r.indexes) {
        QStringList kind;
        if (i.primary)
            kind << tr("primary key");
        else if (i.unique)
            kind << tr("unique");
        if (i.partial)
            kind << tr("partial");
        if (!i.valid)
            kind << tr("INVALID");
        auto *row = new QTreeWidgetItem(m_indexes,
                                        {i.name, joined(i.columns), kind.join(QStringLiteral(", ")),
                                         i.method, sizeText(i.sizeBytes), oneLine(i.definition)});
        row->setToolTip(5, i.definition);
        anyMethod = anyMethod || !i.method.isEmpty();
        anySize = anySize || i.sizeBytes.has_value();
    }
    m_indexes->setColumnHidden(3, !anyMethod);
    m_indexes->setColumnHidden(4, !anySize);
    fitColumns(m_indexes);
    setTabCount(IndexesTab, int(r.indexes.size()));
}

void SchemaObjectDetail::fillConstraints(const std::vector<SchemaCheck> &checks,
                                         const std::vector<SchemaForeignKey> &keys,
                                         const std::vector<SchemaReference> &references)
{
    auto group = [this](const QString &title, size_t count) {
        auto *g =
            new QTreeWidgetItem(m_constraints, {QStringLiteral("%1 (%2)").arg(title).arg(count)});
        g->setFirstColumnSpanned(true);
        g->setFlags(Qt::ItemIsEnabled);
        QFont bold = m_constraints->font();
        bold.setBold(true);
        g->setFont(0, bold);
        return g;
    };
    const QString unnamed = tr("(unnamed)");
    if (!checks.empty()) {
        QTreeWidgetItem *g = group(tr("Check constraints"), checks.size());
        for (const SchemaCheck &c : checks) {
            auto *row = new QTreeWidgetItem(
                g, {c.name.isEmpty() ? unnamed : c.name, QString(),
                    oneLine(c.definition) + (c.validated ? QString() : tr(" NOT VALID"))});
            row->setToolTip(2, c.definition);
        }
    }
    if (!keys.empty()) {
        QTreeWidgetItem *g = group(tr("Foreign keys"), keys.size());
        for (const SchemaForeignKey &k : keys) {
            const QString table = k.refSchema.isEmpty() || k.refSchema == m_schema
                                      ? k.refTable
                                      : k.refSchema + u'.' + k.refTable;
            auto *row = new QTreeWidgetItem(
                g, {k.name.isEmpty() ? unnamed : k.name, table, oneLine(foreignKeyText(k))});
            row->setToolTip(2, foreignKeyText(k));
            row->setData(0, kTargetSchemaRole, k.refSchema.isEmpty() ? m_schema : k.refSchema);
            row->setData(0, kTargetNameRole, k.refTable);
            row->setToolTip(1, tr("Double-click to show %1").arg(table));
        }
    }
    if (!references.empty()) {
        QTreeWidgetItem *g = group(tr("Referenced by"), references.size());
        for (const SchemaReference &ref : references) {
            const QString table =
                ref.schema == m_schema ? ref.table : ref.schema + u'.' + ref.table;
            auto *row = new QTreeWidgetItem(g, {ref.key.name.isEmpty() ? unnamed : ref.key.name,
                                                table, oneLine(foreignKeyText(ref.key))});
            row->setToolTip(2, foreignKeyText(ref.key));
            row->setData(0, kTargetSchemaRole, ref.schema);
            row->setData(0, kTargetNameRole, ref.table);
            row->setToolTip(1, tr("Double-click to show %1").arg(table));
        }
    }
    m_constraints->expandAll();
    fitColumns(m_constraints);
    setTabCount(ConstraintsTab, int(checks.size() + keys.size() + references.size()));
}

void SchemaObjectDetail::fillTriggers(const SchemaRelation &r)
{
    for (const SchemaTrigger &t : r.triggers) {
        auto *row = new QTreeWidgetItem(m_triggers, {t.name, oneLine(t.definition)});
        row->setToolTip(1, t.definition);
    }
    fitColumns(m_triggers);
    setTabCount(TriggersTab, int(r.triggers.size()));
}

void SchemaObjectDetail::setDdl(const QString &ddl)
{
    m_ddl->setSql(ddl.trimmed(), 0);
    m_tabs->setTabEnabled(DdlTab, !ddl.trimmed().isEmpty());
}

void SchemaObjectDetail::setMigrations(const std::vector<SchemaObjectMigration> &migrations)
{
    m_migrations->clear();
    for (const SchemaObjectMigration &m : migrations) {
        auto *row =
            new QTreeWidgetItem(m_migrations, {m.revision.left(kShortId), m.action, m.message,
                                               oneLine(m.statement), m.location});
        row->setData(0, kRevisionRole, m.revision);
        row->setToolTip(0, m.revision);
        row->setToolTip(3, m.statement);
    }
    fitColumns(m_migrations);
    setTabCount(MigrationsTab, int(migrations.size()));
}

void SchemaObjectDetail::requestDataIfShown()
{
    if (m_tabs->currentIndex() != DataTab || !m_dataApplies || m_dataRequested)
        return;
    m_dataRequested = true;
    Q_EMIT dataRequested(m_schema, m_name);
}

void SchemaObjectDetail::setRowsLoading(const QString &schema, const QString &name)
{
    if (schema != m_schema || name != m_name)
        return;
    m_dataStatus->setText(tr("Reading the first rows…"));
    m_dataStatus->setStyleSheet({});
    m_dataReload->setEnabled(false);
}

void SchemaObjectDetail::setRowsError(const QString &schema, const QString &name,
                                      const QString &error)
{
    if (schema != m_schema || name != m_name)
        return;
    m_dataReload->setEnabled(true);
    m_dataStatus->setText(tr("The rows could not be read: %1").arg(error));
    m_dataStatus->setStyleSheet(QStringLiteral("color: #d03a3a"));
}

void SchemaObjectDetail::setRows(const QString &schema, const QString &name, const RowPreview &rows)
{
    if (schema != m_schema || name != m_name)
        return;
    m_dataReload->setEnabled(true);
    m_dataStatus->setStyleSheet({});
    const int count = int(rows.rows.size());
    m_dataStatus->setText(rows.more
                              ? tr("The first %1, read-only (there are more)").arg(rowsText(count))
                              : tr("%1, read-only").arg(rowsText(count)));
    m_data->setUpdatesEnabled(false);
    m_data->clear();
    m_data->setColumnCount(int(rows.columns.size()));
    m_data->setHorizontalHeaderLabels(rows.columns);
    m_data->setRowCount(count);
    QFont italic = m_data->font();
    italic.setItalic(true);
    const QBrush faint = palette().brush(QPalette::PlaceholderText);
    for (int r = 0; r < count; ++r) {
        const std::vector<PreviewCell> &row = rows.rows[size_t(r)];
        for (int c = 0; c < int(row.size()); ++c) {
            const PreviewCell &cell = row[size_t(c)];
            auto *item = new QTableWidgetItem;
            switch (cell.kind) {
            case PreviewCell::Kind::Null:
                item->setText(QStringLiteral("NULL"));
                item->setFont(italic);
                item->setForeground(faint);
                item->setData(kNullRole, true);
                item->setToolTip(tr("NULL (no value)"));
                break;
            case PreviewCell::Kind::Binary:
                item->setText(QStringLiteral("%1 (%2)").arg(cell.text, bytesText(cell.bytes)));
                item->setFont(italic);
                item->setToolTip(tr("Binary, %1").arg(bytesText(cell.bytes)));
                break;
            case PreviewCell::Kind::Value: {
                QString shown = cell.text;
                shown.replace(u'\n', u'↵');
                if (shown.size() > maxCellChars) {
                    shown = shown.left(maxCellChars) + u'…';
                    item->setToolTip(cell.text.left(kToolTipChars));
                }
                item->setText(shown);
                break;
            }
            }
            m_data->setItem(r, c, item);
        }
    }
    m_data->resizeColumnsToContents();
    const int cap = 40 * m_data->fontMetrics().averageCharWidth();
    for (int c = 0; c < m_data->columnCount(); ++c)
        m_data->setColumnWidth(c, std::min(m_data->columnWidth(c) + 8, cap));
    m_data->setUpdatesEnabled(true);
}

} // namespace retort::gui
