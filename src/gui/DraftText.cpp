#include "DraftText.h"

#include "RevisionListModel.h"

#include <QLabel>
#include <QPalette>
#include <QTreeWidget>

namespace retort::gui {

QString DraftText::problem(const DraftProblem &p)
{
    using Kind = DraftProblem::Kind;
    switch (p.kind) {
    case Kind::IdInvalid:
        return tr("The revision id “%1” is not valid: use letters, digits and '_' only.")
            .arg(p.item);
    case Kind::IdTaken:
        return tr("The revision id %1 is already in the project.").arg(p.item);
    case Kind::MessageEmpty:
        return tr("A message is required.");
    case Kind::MessageMultiline:
        return tr("The message must be a single line.");
    case Kind::MessageReadsAsHeader:
        return tr("This message would read as a header line or a section marker; reword it.");
    case Kind::ParentUnknown:
        return tr("Revision %1 is not in the project.").arg(p.item);
    case Kind::ParentRepeated:
        return tr("Revision %1 is chosen twice.").arg(p.item);
    case Kind::ParentNotHead:
        return tr("Revision %1 is not a head revision: tick “Branch from a non-head "
                  "revision (splice)” to start a new branch from it.")
            .arg(shortId(p.item));
    case Kind::LabelInvalid:
        return tr("“%1” is not a valid branch label: use letters, digits and '_' only.")
            .arg(p.item);
    case Kind::LabelRepeated:
        return tr("The branch label “%1” is listed twice.").arg(p.item);
    case Kind::LabelTaken:
        if (p.item == p.other)
            return tr("“%1” is a revision id; a branch label must differ from every id.")
                .arg(p.item);
        return tr("The branch label “%1” is already used by revision %2.")
            .arg(p.item, shortId(p.other));
    case Kind::DependencyUnresolved:
        return tr("Depends on “%1”: %2.").arg(p.item, p.other);
    case Kind::DependencyRepeated:
        return tr("Depends on “%1” names revision %2 again.").arg(p.item, shortId(p.other));
    }
    return p.message;
}

QStringList DraftText::problems(const std::vector<DraftProblem> &all, DraftField field)
{
    QStringList texts;
    for (const DraftProblem &p : all)
        if (p.field == field)
            texts.append(problem(p));
    return texts;
}

void DraftText::showInlineError(QLabel *label, const QStringList &lines)
{
    label->setText(lines.join(u'\n'));
    label->setVisible(!lines.isEmpty());
}

void DraftText::styleAsError(QLabel *label)
{
    QPalette pal = label->palette();
    const bool darkBackground = pal.color(QPalette::Window).lightness() < 128;
    pal.setColor(QPalette::WindowText,
                 darkBackground ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e));
    label->setPalette(pal);
}

QString DraftText::shortId(const QString &id)
{
    return id.left(RevisionListModel::shortIdLength);
}

QStringList DraftText::checkedIds(const QTreeWidget *view, int column, int role)
{
    QStringList ids;
    for (int i = 0; i < view->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = view->topLevelItem(i);
        if (item->checkState(column) == Qt::Checked)
            ids.append(item->data(column, role).toString());
    }
    return ids;
}

} // namespace retort::gui
