#include "NewRevisionDialog.h"
#include "ui_NewRevisionDialog.h"

#include "DraftText.h"

#include "graph/RevisionGraph.h"
#include "project/Workspace.h"
#include "scripts/Script.h"
#include "scripts/ScriptWriter.h"

#include <QDir>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHeaderView>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTreeWidgetItem>

#include <algorithm>

namespace retort::gui {

namespace {

enum Column { RevisionColumn, BranchColumn, MessageColumn };
constexpr int IdRole = Qt::UserRole;

// Heads first (load order), then every other revision, newest (deepest) first.
std::vector<int> parentOrder(const RevisionGraph &graph)
{
    std::vector<int> order = graph.heads();
    std::vector<int> rest;
    for (const Revision &r : graph.revisions())
        if (!r.isHead())
            rest.push_back(r.index);
    std::stable_sort(rest.begin(), rest.end(),
                     [&](int a, int b) { return graph.at(a).level > graph.at(b).level; });
    order.insert(order.end(), rest.begin(), rest.end());
    return order;
}

} // namespace

NewRevisionDialog::NewRevisionDialog(std::shared_ptr<const Workspace> workspace, QWidget *parent)
    : QDialog(parent), m_ui(new Ui::NewRevisionDialog), m_workspace(std::move(workspace)),
      m_id(generateRevisionId()), m_opened(QDateTime::currentDateTime())
{
    m_ui->setupUi(this);
    setWindowTitle(tr("New Revision — %1").arg(m_workspace->project().name));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Create"));

    for (QLabel *label : {m_ui->messageError, m_ui->parentsError, m_ui->labelsError,
                          m_ui->dependsError, m_ui->writeError})
        DraftText::styleAsError(label);
    m_ui->writeError->hide();

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->fileNameEdit->setFont(fixed);
    m_ui->previewEdit->setFont(fixed);

    if (const size_t n = m_workspace->problems().size(); n > 0)
        m_ui->projectNote->setText(
            n == 1 ? tr("The project has 1 problem: revisions in a broken script are not listed.")
                   : tr("The project has %1 problems: revisions in broken scripts are not listed.")
                         .arg(n));
    m_ui->projectNote->setVisible(!m_ui->projectNote->text().isEmpty());

    fillParents();

    connect(m_ui->messageEdit, &QLineEdit::textChanged, this, &NewRevisionDialog::updateState);
    connect(m_ui->labelsEdit, &QLineEdit::textChanged, this, &NewRevisionDialog::updateState);
    connect(m_ui->dependsEdit, &QLineEdit::textChanged, this, &NewRevisionDialog::updateState);
    connect(m_ui->transactionalCheck, &QCheckBox::toggled, this, &NewRevisionDialog::updateState);
    connect(m_ui->spliceCheck, &QCheckBox::toggled, this, &NewRevisionDialog::updateState);
    connect(m_ui->newBaseCheck, &QCheckBox::toggled, this, &NewRevisionDialog::onNewBaseToggled);
    connect(m_ui->parentsView, &QTreeWidget::itemChanged, this,
            &NewRevisionDialog::onParentChanged);
    connect(m_ui->parentsFilter, &QLineEdit::textChanged, this, &NewRevisionDialog::applyFilter);

    // The preview starts as wide as its longest lines (~64 columns); the form takes the rest.
    const int previewWidth =
        QFontMetrics(m_ui->previewEdit->font()).horizontalAdvance(QString(64, u'0')) + 48;
    m_ui->splitter->setSizes({std::max(width() - previewWidth, 420), previewWidth});
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    m_ui->messageEdit->setFocus();
    updateState();
}

NewRevisionDialog::~NewRevisionDialog()
{
    delete m_ui;
}

QTreeWidgetItem *NewRevisionDialog::parentItem(const Revision &rev) const
{
    auto *item = new QTreeWidgetItem;
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(RevisionColumn, Qt::Unchecked);
    item->setData(RevisionColumn, IdRole, rev.id);
    item->setText(RevisionColumn, DraftText::shortId(rev.id));
    item->setText(BranchColumn, rev.labels.join(QStringLiteral(", ")));
    const QString message = rev.script ? rev.script->message : QString();
    item->setText(MessageColumn, message);
    item->setToolTip(MessageColumn, message);
    item->setToolTip(RevisionColumn, rev.isHead() ? tr("%1 (head)").arg(rev.id) : rev.id);
    if (rev.isHead()) {
        QFont bold = item->font(RevisionColumn);
        bold.setBold(true);
        item->setFont(RevisionColumn, bold);
    }
    return item;
}

void NewRevisionDialog::fillParents()
{
    const RevisionGraph &graph = m_workspace->graph();
    QTreeWidget *view = m_ui->parentsView;
    const std::vector<int> heads = graph.heads();

    const std::vector<int> order = parentOrder(graph);

    const QSignalBlocker blocker(view);
    QList<QTreeWidgetItem *> items;
    items.reserve(qsizetype(order.size()));
    for (int i : order) {
        items.append(parentItem(graph.at(i)));
    }
    view->addTopLevelItems(items);

    QHeaderView *header = view->header();
    header->setStretchLastSection(true);
    const int padding = view->fontMetrics().horizontalAdvance(QStringLiteral("MM"));
    view->resizeColumnToContents(RevisionColumn);
    view->setColumnWidth(RevisionColumn, view->columnWidth(RevisionColumn) + padding);
    view->resizeColumnToContents(BranchColumn);
    view->setColumnWidth(BranchColumn,
                         std::min(view->columnWidth(BranchColumn) + padding, 12 * padding));

    if (graph.isEmpty()) {
        m_ui->parentsHint->setText(
            tr("The project has no revisions yet: this one will be its first base."));
        for (QWidget *w :
             {static_cast<QWidget *>(m_ui->parentsFilter),
              static_cast<QWidget *>(m_ui->parentsView), static_cast<QWidget *>(m_ui->spliceCheck)})
            w->hide();
        m_ui->newBaseCheck->setChecked(true);
        m_ui->newBaseCheck->setEnabled(false);
    } else if (heads.size() == 1) {
        m_ui->parentsHint->setText(
            tr("The new revision follows the head, %1. Heads are listed first, in bold.")
                .arg(DraftText::shortId(graph.at(heads.front()).id)));
        items.front()->setCheckState(RevisionColumn, Qt::Checked);
    } else {
        m_ui->parentsHint->setText(
            tr("The project has %1 heads (listed first, in bold): tick the one to build on, or "
               "several to merge them.")
                .arg(heads.size()));
    }
}

void NewRevisionDialog::setParents(const QStringList &revisionIds)
{
    QTreeWidget *view = m_ui->parentsView;
    {
        const QSignalBlocker blocker(view);
        for (int i = 0; i < view->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = view->topLevelItem(i);
            const bool wanted = revisionIds.contains(item->data(RevisionColumn, IdRole).toString());
            item->setCheckState(RevisionColumn, wanted ? Qt::Checked : Qt::Unchecked);
            if (wanted)
                view->scrollToItem(item);
        }
    }
    if (m_ui->newBaseCheck->isEnabled()) {
        const QSignalBlocker blocker(m_ui->newBaseCheck);
        m_ui->newBaseCheck->setChecked(parents().isEmpty());
    }
    updateState();
}

QStringList NewRevisionDialog::parents() const
{
    return DraftText::checkedIds(m_ui->parentsView, RevisionColumn, IdRole);
}

RevisionDraft NewRevisionDialog::draft() const
{
    RevisionDraft d;
    d.id = m_id;
    d.message = m_ui->messageEdit->text();
    d.parents = parents();
    d.splice = m_ui->spliceCheck->isChecked();
    d.branchLabels = m_ui->labelsEdit->text();
    d.dependsOn = m_ui->dependsEdit->text();
    d.transactional = m_ui->transactionalCheck->isChecked();
    d.created = m_opened;
    return d;
}

bool NewRevisionDialog::canAccept() const
{
    const bool parentsChosen = m_ui->newBaseCheck->isChecked() || !parents().isEmpty();
    return parentsChosen && m_problems.empty();
}

void NewRevisionDialog::onParentChanged(QTreeWidgetItem *, int column)
{
    if (column != RevisionColumn)
        return;
    // Ticking a parent means "not a new base".
    if (!parents().isEmpty() && m_ui->newBaseCheck->isChecked()) {
        const QSignalBlocker blocker(m_ui->newBaseCheck);
        m_ui->newBaseCheck->setChecked(false);
    }
    updateState();
}

void NewRevisionDialog::onNewBaseToggled(bool checked)
{
    if (checked) {
        // A new base has no parent: untick them all.
        QTreeWidget *view = m_ui->parentsView;
        const QSignalBlocker blocker(view);
        for (int i = 0; i < view->topLevelItemCount(); ++i)
            view->topLevelItem(i)->setCheckState(RevisionColumn, Qt::Unchecked);
    }
    updateState();
}

void NewRevisionDialog::applyFilter(const QString &text)
{
    const QString needle = text.trimmed();
    QTreeWidget *view = m_ui->parentsView;
    for (int i = 0; i < view->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = view->topLevelItem(i);
        const bool match =
            needle.isEmpty() || item->checkState(RevisionColumn) == Qt::Checked ||
            item->data(RevisionColumn, IdRole).toString().contains(needle, Qt::CaseInsensitive) ||
            item->text(BranchColumn).contains(needle, Qt::CaseInsensitive) ||
            item->text(MessageColumn).contains(needle, Qt::CaseInsensitive);
        item->setHidden(!match);
    }
}

void NewRevisionDialog::updateState()
{
    const RevisionDraft d = draft();
    const RevisionGraph &graph = m_workspace->graph();
    m_problems = draftProblems(graph, d);

    DraftText::showInlineError(m_ui->messageError,
                               DraftText::problems(m_problems, DraftField::Message) +
                                   DraftText::problems(m_problems, DraftField::Id));
    QStringList parentProblems = DraftText::problems(m_problems, DraftField::Parents);
    if (d.parents.isEmpty() && !m_ui->newBaseCheck->isChecked())
        parentProblems.prepend(
            tr("Tick the revision to build on, or “No parent: start a new base”."));
    DraftText::showInlineError(m_ui->parentsError, parentProblems);
    DraftText::showInlineError(m_ui->labelsError,
                               DraftText::problems(m_problems, DraftField::BranchLabels));
    DraftText::showInlineError(m_ui->dependsError,
                               DraftText::problems(m_problems, DraftField::DependsOn));

    // The preview shows the form even while it has problems: the lists as typed.
    Result<NewRevision> built = buildRevision(graph, d);
    NewRevision preview;
    if (built) {
        preview = *built;
    } else {
        preview.id = d.id;
        preview.message = d.message.trimmed();
        preview.parents = d.parents;
        preview.branchLabels = splitCommaList(d.branchLabels);
        preview.dependsOn = splitCommaList(d.dependsOn);
        preview.transactional = d.transactional;
        preview.created = d.created;
    }
    showPreview(preview);

    m_ui->writeError->hide(); // a write error is about the form as it was
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(canAccept());
}

void NewRevisionDialog::showPreview(const NewRevision &revision)
{
    const Project &project = m_workspace->project();
    const QString fileName =
        revision.id + u'_' + slugify(revision.message) + QStringLiteral(".sql");
    const QString path = QDir(project.scriptsDir).filePath(fileName);
    m_ui->fileNameEdit->setText(
        QDir::toNativeSeparators(QDir(project.root).relativeFilePath(path)));
    m_ui->fileNameEdit->setToolTip(QDir::toNativeSeparators(path));
    m_ui->previewEdit->setPlainText(renderRevision(
        m_autogenerated ? autogeneratedRevision(revision, *m_autogenerated, m_fromLabel, m_toLabel)
                        : revision));
}

void NewRevisionDialog::setAutogenerated(const AutogeneratedSql &sql, const QString &fromLabel,
                                         const QString &toLabel)
{
    m_autogenerated = sql;
    m_fromLabel = fromLabel;
    m_toLabel = toLabel;
    setWindowTitle(tr("New Revision from Differences"));
    updateState();
}

void NewRevisionDialog::accept()
{
    if (!canAccept())
        return;
    const Result<QString> path =
        m_autogenerated
            ? writeAutogenerated(m_workspace->graph(), m_workspace->project().scriptsDir, draft(),
                                 *m_autogenerated, m_fromLabel, m_toLabel)
            : writeDraft(m_workspace->graph(), m_workspace->project().scriptsDir, draft());
    if (!path) {
        m_ui->writeError->setText(
            tr("The revision was not written: %1").arg(path.error().toString()));
        m_ui->writeError->show();
        return;
    }
    m_writtenPath = *path;
    Q_EMIT revisionWritten(m_writtenPath);
    QDialog::accept();
}

} // namespace retort::gui
