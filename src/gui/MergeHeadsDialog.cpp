#include "MergeHeadsDialog.h"
#include "ui_MergeHeadsDialog.h"

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

} // namespace

MergeHeadsDialog::MergeHeadsDialog(std::shared_ptr<const Workspace> workspace, QWidget *parent)
    : QDialog(parent), m_ui(new Ui::MergeHeadsDialog), m_workspace(std::move(workspace)),
      m_id(generateRevisionId()), m_opened(QDateTime::currentDateTime())
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Merge Heads — %1").arg(m_workspace->project().name));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Merge"));
    for (QLabel *label : {m_ui->headsError, m_ui->messageError, m_ui->writeError})
        DraftText::styleAsError(label);
    m_ui->writeError->hide();
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->fileNameEdit->setFont(fixed);
    m_ui->previewEdit->setFont(fixed);

    fillHeads();

    if (!hasSomethingToMerge()) {
        const RevisionGraph &graph = m_workspace->graph();
        const std::vector<int> heads = graph.heads();
        m_ui->summaryLabel->setText(
            heads.empty() ? tr("Nothing to merge: the project has no revisions yet.")
                          : tr("Nothing to merge: the project has a single head, %1. A merge "
                               "joins two or more heads into one.")
                                .arg(DraftText::shortId(graph.at(heads.front()).id)));
        m_ui->splitter->hide();
        m_ui->buttonBox->button(QDialogButtonBox::Ok)->hide();
        m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
        constexpr int width = 520;
        resize(width, std::max(layout()->totalHeightForWidth(width), minimumSizeHint().height()));
        return;
    }

    m_ui->summaryLabel->setText(
        tr("The project has %1 heads. A merge revision joins the ticked heads into one; it has "
           "no SQL of its own unless you add some.")
            .arg(m_headCount));
    m_ui->messageEdit->setText(defaultMessage(ticked()));
    connect(m_ui->messageEdit, &QLineEdit::textEdited, this, [this] { m_messageEdited = true; });
    connect(m_ui->messageEdit, &QLineEdit::textChanged, this, &MergeHeadsDialog::updateState);
    connect(m_ui->headsView, &QTreeWidget::itemChanged, this, &MergeHeadsDialog::onHeadChanged);
    // The preview starts as wide as its longest lines (~64 columns); the form takes the rest.
    const int previewWidth =
        QFontMetrics(m_ui->previewEdit->font()).horizontalAdvance(QString(64, u'0')) + 48;
    m_ui->splitter->setSizes({std::max(width() - previewWidth, 420), previewWidth});
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    m_ui->messageEdit->setFocus();
    updateState();
}

MergeHeadsDialog::~MergeHeadsDialog()
{
    delete m_ui;
}

QString MergeHeadsDialog::defaultMessage(const QStringList &heads)
{
    QStringList shortIds;
    for (const QString &id : heads)
        shortIds.append(DraftText::shortId(id));
    // Not translated: the message is written into the script, which reads the same for everyone
    // (and as `alembic merge` users expect).
    return QStringLiteral("merge ") + shortIds.join(u' ');
}

void MergeHeadsDialog::fillHeads()
{
    const RevisionGraph &graph = m_workspace->graph();
    QTreeWidget *view = m_ui->headsView;
    const QSignalBlocker blocker(view);
    for (int i : graph.heads()) {
        const Revision &rev = graph.at(i);
        auto *item = new QTreeWidgetItem(view);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(RevisionColumn, Qt::Checked);
        item->setData(RevisionColumn, IdRole, rev.id);
        item->setText(RevisionColumn, DraftText::shortId(rev.id));
        item->setToolTip(RevisionColumn, rev.id);
        item->setText(BranchColumn, rev.labels.join(QStringLiteral(", ")));
        const QString message = rev.script ? rev.script->message : QString();
        item->setText(MessageColumn, message);
        item->setToolTip(MessageColumn, message);
        ++m_headCount;
    }
    view->header()->setStretchLastSection(true);
    const int padding = view->fontMetrics().horizontalAdvance(QStringLiteral("MM"));
    for (int c : {RevisionColumn, BranchColumn}) {
        view->resizeColumnToContents(c);
        view->setColumnWidth(c, std::min(view->columnWidth(c) + padding, 12 * padding));
    }
}

QStringList MergeHeadsDialog::ticked() const
{
    return DraftText::checkedIds(m_ui->headsView, RevisionColumn, IdRole);
}

RevisionDraft MergeHeadsDialog::draft() const
{
    RevisionDraft d;
    d.id = m_id;
    d.message = m_ui->messageEdit->text();
    d.parents = ticked();
    d.created = m_opened;
    return d;
}

bool MergeHeadsDialog::canAccept() const
{
    return hasSomethingToMerge() && ticked().size() >= 2 && m_problems.empty();
}

void MergeHeadsDialog::onHeadChanged(QTreeWidgetItem *, int column)
{
    if (column != RevisionColumn)
        return;
    if (!m_messageEdited) {
        const QSignalBlocker blocker(m_ui->messageEdit);
        m_ui->messageEdit->setText(defaultMessage(ticked()));
    }
    updateState();
}

void MergeHeadsDialog::updateState()
{
    const RevisionDraft d = draft();
    const RevisionGraph &graph = m_workspace->graph();
    m_problems = draftProblems(graph, d);

    QStringList headProblems = DraftText::problems(m_problems, DraftField::Parents);
    if (d.parents.size() < 2)
        headProblems.prepend(tr("Tick at least two heads to merge."));
    DraftText::showInlineError(m_ui->headsError, headProblems);
    DraftText::showInlineError(m_ui->messageError,
                               DraftText::problems(m_problems, DraftField::Message) +
                                   DraftText::problems(m_problems, DraftField::Id));

    NewRevision preview;
    preview.id = d.id;
    preview.message = d.message.trimmed();
    preview.parents = d.parents;
    preview.created = d.created;
    const Project &project = m_workspace->project();
    const QString path =
        QDir(project.scriptsDir)
            .filePath(preview.id + u'_' + slugify(preview.message) + QStringLiteral(".sql"));
    m_ui->fileNameEdit->setText(
        QDir::toNativeSeparators(QDir(project.root).relativeFilePath(path)));
    m_ui->fileNameEdit->setToolTip(QDir::toNativeSeparators(path));
    m_ui->previewEdit->setPlainText(renderRevision(preview));

    m_ui->writeError->hide(); // a write error is about the form as it was
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(canAccept());
}

void MergeHeadsDialog::accept()
{
    if (!canAccept())
        return;
    const Result<QString> path =
        writeDraft(m_workspace->graph(), m_workspace->project().scriptsDir, draft());
    if (!path) {
        m_ui->writeError->setText(
            tr("The merge revision was not written: %1").arg(path.error().toString()));
        m_ui->writeError->show();
        return;
    }
    m_writtenPath = *path;
    Q_EMIT revisionWritten(m_writtenPath);
    QDialog::accept();
}

} // namespace retort::gui
