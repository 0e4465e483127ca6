#include "RevisionDetail.h"

#include "EditorLauncher.h"
#include "EffectView.h"
#include "LintFindingsView.h"
#include "ui_RevisionDetail.h"

#include "project/Workspace.h"
#include "scripts/PythonScript.h"
#include "workflows/EmptySteps.h"
#include "workflows/MigrationEffect.h"

#include <QBoxLayout>
#include <QDataStream>
#include <QDir>
#include <QEvent>
#include <QFontDatabase>
#include <QIODevice>
#include <QMenu>
#include <QStyle>
#include <QTabWidget>

#include <algorithm>

namespace retort::gui {

namespace {

constexpr int kShortId = 12;
constexpr quint32 kStateMagic = 0x52446574; // "RDet"

// "Upgrade · lines 11–19" (or "line 11"); "Upgrade · none" when the script has no such section.
QString sectionTitle(const QString &name, const ScriptSection &section)
{
    if (!section.present())
        return RevisionDetail::tr("<b>%1</b> · not in this script").arg(name);
    QString sql = section.sql;
    while (sql.endsWith(u'\n'))
        sql.chop(1);
    const int last = section.firstLine + int(sql.count(u'\n'));
    if (last == section.firstLine)
        return RevisionDetail::tr("<b>%1</b> · line %2").arg(name).arg(section.firstLine);
    return RevisionDetail::tr("<b>%1</b> · lines %2–%3").arg(name).arg(section.firstLine).arg(last);
}

// `path` with zero-width break opportunities after separators, so a long file name wraps inside
// a narrow pane instead of widening (and clipping) it.
QString breakablePath(const QString &path)
{
    QString result;
    result.reserve(path.size() + path.size() / 8);
    for (const QChar c : path) {
        result.append(c);
        if (c == u'/' || c == u'\\' || c == u'_' || c == u'-' || c == u'.')
            result.append(QChar(0x200B));
    }
    return result;
}

// " · empty …" in a warning colour when the section holds no statement (hasEmptySection).
QString emptyWarning(const Script &script, Direction direction, const QString &driver)
{
    if (!hasEmptySection(script, direction, driver))
        return {};
    return QStringLiteral(" · <span style=\"color:#d07a12\">%1</span>")
        .arg(RevisionDetail::tr("empty: applying it only moves the version table").toHtmlEscaped());
}

} // namespace

RevisionDetail::RevisionDetail(QWidget *parent) : QWidget(parent), m_ui(new Ui::RevisionDetail)
{
    m_ui->setupUi(this);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->idLabel->setFont(fixed);
    QFont title = m_ui->messageLabel->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.15);
    m_ui->messageLabel->setFont(title);
    for (QLabel *caption :
         {m_ui->idLabelCaption, m_ui->parentsLabelCaption, m_ui->childrenLabelCaption,
          m_ui->labelsLabelCaption, m_ui->dependsLabelCaption, m_ui->createdLabelCaption,
          m_ui->fileLabelCaption})
        caption->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    for (QLabel *value : {m_ui->parentsLabel, m_ui->childrenLabel, m_ui->dependsLabel})
        connect(value, &QLabel::linkActivated, this, &RevisionDetail::revisionActivated);
    connect(m_ui->checklist, &ReviewChecklist::stateChanged, this,
            &RevisionDetail::reviewStateChanged);
    m_ui->idLabel->setTextFormat(Qt::PlainText);
    m_ui->idLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ui->labelsLabel->setTextFormat(Qt::PlainText);
    m_ui->createdLabel->setTextFormat(Qt::PlainText);
    m_ui->fileLabel->setTextFormat(Qt::PlainText);
    m_ui->fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ui->openButton->setIcon(QIcon::fromTheme(QStringLiteral("document-edit")));

    // The SQL panes and the Effect share the right side as two tabs.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("revisionTabs"));
    m_tabs->setDocumentMode(true);
    const int at = m_ui->detailSplitter->indexOf(m_ui->sqlPanel);
    m_tabs->addTab(m_ui->sqlPanel, tr("SQL"));
    m_effect = new EffectView;
    m_effect->setObjectName(QStringLiteral("effectView"));
    m_tabs->addTab(m_effect, tr("Effect"));
    // The SQLite replay's findings become the review checklist's checked facts.
    connect(m_effect, &EffectView::replayed, this,
            [this] { showReplayFacts(m_effect->sqliteEffect(), m_effect->sqliteError()); });
    m_tabs->setTabToolTip(1, tr("What the upgrade changes in the schema and whether the "
                                "downgrade restores it (replayed on SQLite)"));
    m_lint = new LintFindingsView;
    m_lint->setObjectName(QStringLiteral("revisionLint"));
    m_lint->setContentsMargins(6, 6, 6, 6);
    m_tabs->addTab(m_lint, tr("Lint"));
    m_tabs->setTabToolTip(2, tr("What lint finds in this script, offline, for the project's "
                                "drivers: destructive changes and lock hazards"));
    m_ui->detailSplitter->insertWidget(at, m_tabs);

    // The SQL panes take every spare pixel; the driver row only what it needs.
    m_ui->driverRow->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_ui->sqlLayout->setStretchFactor(m_ui->sqlSplitter, 1);
    m_ui->sqlLayout->setContentsMargins(0, 6, 6, 6);
    setupNarrowLayout();
    // Facts on the left, about a quarter of the width; the two SQL panes share the rest evenly.
    m_ui->detailSplitter->setStretchFactor(0, 1);
    m_ui->detailSplitter->setStretchFactor(1, 3);
    m_ui->detailSplitter->setSizes({330, 950});
    m_ui->sqlSplitter->setSizes({540, 420}); // upgrades tend to be the longer half

    setupOpenButton();
    connect(m_ui->driverCombo, &QComboBox::activated, this, [this] {
        m_preferredDriver = driver();
        showSections();
    });
    setRevision(nullptr, -1);
}

RevisionDetail::~RevisionDetail()
{
    delete m_ui;
}

void RevisionDetail::showReplayFacts(const MigrationEffect *effect, const QString &error)
{
    const QString good = QStringLiteral("<span style=\"color:#2e8b57\">✓</span> ");
    const QString bad = QStringLiteral("<span style=\"color:#c0392b\">✗</span> ");
    if (!effect) {
        Q_UNUSED(error);
        const QString failed =
            bad + tr("replay on SQLite failed: its SQL does not run there (see Effect)");
        m_ui->checklist->setFacts(failed, {}, {});
        return;
    }
    const std::vector<SchemaChange> &changes = effect->upgrade.changes;
    QString upgrade;
    if (changes.empty()) {
        upgrade = tr("replay: no schema change");
    } else {
        QStringList first;
        for (size_t i = 0; i < changes.size() && i < 2; ++i)
            first.append(changes[i].summary.toHtmlEscaped());
        upgrade = (changes.size() == 1 ? tr("replay: 1 change: ")
                                       : tr("replay: %1 changes: ").arg(changes.size())) +
                  first.join(QStringLiteral("; ")) +
                  (changes.size() > 2 ? tr("; and %1 more").arg(changes.size() - 2) : QString());
    }
    const QString downgrade = effect->downgradeRestores()
                                  ? good + tr("replay: the downgrade restores the schema exactly")
                                  : bad + (effect->leftover.changes.size() == 1
                                               ? tr("replay: the downgrade leaves 1 difference")
                                               : tr("replay: the downgrade leaves %1 differences")
                                                     .arg(effect->leftover.changes.size()));
    QStringList objects;
    for (const SchemaChange &c : changes) {
        const QString name = c.object.section(u'.', -1);
        if (!objects.contains(name))
            objects.append(name);
    }
    const QString unintended =
        objects.isEmpty()
            ? QString()
            : tr("replay: touches %1").arg(objects.join(QStringLiteral(", ")).toHtmlEscaped());
    m_ui->checklist->setFacts(upgrade, downgrade, unintended);
}

void RevisionDetail::setupNarrowLayout()
{
    // The review checklist is a column under the facts (its three boxes side by side would make
    // the SQL side wider than a small window).
    m_ui->checklist->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    if (auto *box = qobject_cast<QBoxLayout *>(m_ui->checklist->layout())) {
        box->setDirection(QBoxLayout::TopToBottom);
        box->setSpacing(m_ui->factsLayout->verticalSpacing());
    }
    // Section titles may carry a warning: they wrap rather than widen the SQL side.
    m_ui->upgradeTitle->setWordWrap(true);
    m_ui->downgradeTitle->setWordWrap(true);
    // The facts wrap (a value goes under its caption when the two do not fit side by side); the
    // pane never gets narrower than its widest caption or check box, so nothing is cut off.
    m_ui->infoScroll->setMinimumWidth(
        m_ui->infoContents->minimumSizeHint().width() +
        style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_ui->infoScroll));
}

QString RevisionDetail::driver() const
{
    return m_ui->driverCombo->currentData().toString();
}

QString RevisionDetail::revisionLinks(std::span<const int> revisions, const QString &none) const
{
    if (revisions.empty())
        return none.toHtmlEscaped();
    const RevisionGraph &graph = m_workspace->graph();
    QStringList lines;
    for (int index : revisions) {
        const Revision &rev = graph.at(index);
        const QString message = rev.script ? rev.script->message : QString();
        // The colour is explicit: Qt bakes the application palette's link colour into the text
        // when it parses it, so a palette changed later would leave it unreadable.
        lines.append(QStringLiteral("<a href=\"%1\" style=\"color:%4\"><code>%2</code></a> %3")
                         .arg(rev.id.toHtmlEscaped(), rev.id.left(kShortId).toHtmlEscaped(),
                              message.toHtmlEscaped(), palette().color(QPalette::Link).name()));
    }
    return lines.join(QStringLiteral("<br>"));
}

void RevisionDetail::showNothing()
{
    m_workspace.reset();
    m_script = nullptr;
    m_revisionId.clear();
    m_revision = -1;
    m_effect->setRevision(nullptr, {});
    m_ui->checklist->setFacts({}, {}, {});
    for (QLabel *label :
         {m_ui->messageLabel, m_ui->idLabel, m_ui->parentsLabel, m_ui->childrenLabel,
          m_ui->labelsLabel, m_ui->dependsLabel, m_ui->createdLabel, m_ui->fileLabel})
        label->clear();
    m_ui->messageLabel->setText(tr("No revision selected"));
    m_ui->openButton->setEnabled(false);
    m_ui->checklist->setRevision({}, {});
    m_ui->driverCombo->clear();
    m_ui->driverRow->hide();
    m_ui->upgradeTitle->setText(tr("<b>Upgrade</b>"));
    m_ui->downgradeTitle->setText(tr("<b>Downgrade</b>"));
    m_ui->upgradeView->clear();
    m_ui->downgradeView->clear();
}

void RevisionDetail::showLinks(const Revision &rev)
{
    m_ui->parentsLabel->setText(revisionLinks(rev.down, tr("none — a base")));
    m_ui->childrenLabel->setText(revisionLinks(rev.next, childlessText(rev)));
    showDependencies(rev);
}

QString RevisionDetail::childlessText(const Revision &rev) const
{
    // An incomplete project: a revision without children in the graph may still have some that
    // were left out, or unknown ones (RevisionGraph::isCertainHead).
    const RevisionGraph &graph = m_workspace->graph();
    if (graph.isCertainHead(rev.index))
        return tr("none — a head");
    QStringList outside;
    for (int k : graph.leftOutChildren(rev.index))
        outside.append(graph.leftOut()[size_t(k)].id);
    if (!outside.isEmpty())
        return tr("%1 — not in the graph (see Problems)").arg(outside.join(QStringLiteral(", ")));
    return tr("none readable — the project is incomplete, so this may not be a head");
}

void RevisionDetail::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The links carry the palette's link colour: written again in the new one.
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) &&
        m_workspace && m_revision >= 0)
        showLinks(m_workspace->graph().at(m_revision));
}

void RevisionDetail::showDependencies(const Revision &rev)
{
    if (rev.dependsOnDeclared.isEmpty()) {
        m_ui->dependsLabel->setText(tr("none"));
    } else {
        // The resolved revisions, and the declaration as written when it used labels or
        // partial ids.
        QString text = revisionLinks(rev.dependencies, {});
        QStringList declaredIds;
        for (int d : rev.dependencies)
            declaredIds.append(m_workspace->graph().at(d).id);
        if (rev.dependsOnDeclared != declaredIds)
            text += QStringLiteral("<br><i>%1</i>")
                        .arg(tr("declared as %1")
                                 .arg(rev.dependsOnDeclared.join(QStringLiteral(", ")))
                                 .toHtmlEscaped());
        m_ui->dependsLabel->setText(text);
    }
}

void RevisionDetail::fillDrivers()
{
    // The drivers with qualified sections, sorted; the plain sections first.
    QStringList drivers;
    if (m_script) {
        drivers = m_script->upgradeByDriver.keys();
        for (const QString &d : m_script->downgradeByDriver.keys())
            if (!drivers.contains(d))
                drivers.append(d);
        std::sort(drivers.begin(), drivers.end());
    }
    m_ui->driverCombo->clear();
    m_ui->driverCombo->addItem(tr("Default (plain sections)"), QString());
    for (const QString &d : drivers)
        m_ui->driverCombo->addItem(d, d);
    const int preferred = m_ui->driverCombo->findData(m_preferredDriver);
    m_ui->driverCombo->setCurrentIndex(std::max(preferred, 0));
    m_ui->driverRow->setVisible(!drivers.isEmpty());
}

void RevisionDetail::setLintFindings(const std::vector<LintFinding> &findings, bool linted)
{
    const QString root = m_workspace ? m_workspace->project().root : QString();
    m_lint->setFindings(findings, root, false);
    const int lintTab = m_tabs->indexOf(m_lint);
    int errors = 0;
    for (const LintFinding &f : findings)
        if (!f.allowed && f.level == LintLevel::Error)
            ++errors;
    m_tabs->setTabText(lintTab,
                       findings.empty() ? tr("Lint") : tr("Lint (%1)").arg(findings.size()));
    m_tabs->setTabIcon(lintTab,
                       errors > 0 ? LintFindingsView::levelIcon(LintLevel::Error, false) : QIcon());
    if (m_revisionId.isEmpty())
        m_lint->setStatus(QString());
    else if (!linted)
        m_lint->setStatus(tr("Linting…"));
    else if (m_script && m_script->isPython() && findings.empty())
        m_lint->setStatus(tr("An Alembic revision: its SQL is linted in the plan dialog, where "
                             "alembic renders it."));
    else if (findings.empty())
        m_lint->setStatus(tr("No findings."));
    else
        m_lint->setStatus(tr("<b>%1</b> (offline)").arg(LintFindingsView::countsText(findings)));
}

void RevisionDetail::setRevision(std::shared_ptr<const Workspace> workspace, int revision)
{
    m_workspace = std::move(workspace);
    const bool valid = m_workspace && revision >= 0 && revision < m_workspace->graph().size();
    if (!valid) {
        showNothing();
        setLintFindings({}, true);
        return;
    }

    const Project &project = m_workspace->project();
    const Revision &rev = m_workspace->graph().at(revision);
    m_script = rev.script;
    m_revisionId = rev.id;
    m_revision = revision;
    m_ui->checklist->setFacts(tr("<i>replaying…</i>"), {}, {});
    m_effect->setRevision(m_workspace, rev.id);

    m_ui->messageLabel->setText(m_script && !m_script->message.isEmpty() ? m_script->message
                                                                         : tr("(no message)"));
    m_ui->idLabel->setText(rev.id);
    showLinks(rev);
    // Its own labels, then those it inherits (the list's column shows only its own).
    QStringList inherited = rev.labels;
    inherited.removeIf([&](const QString &l) { return rev.ownLabels.contains(l); });
    QStringList labels = rev.ownLabels;
    if (!inherited.isEmpty())
        labels.append(tr("inherited: %1").arg(inherited.join(QStringLiteral(", "))));
    m_ui->labelsLabel->setText(labels.isEmpty() ? tr("none") : labels.join(QStringLiteral("; ")));
    m_ui->createdLabel->setText(m_script ? m_script->createDate.trimmed() : QString());

    const QString path = m_script ? m_script->path : QString();
    const QDir root(project.root);
    const QString shown =
        path.startsWith(root.absolutePath() + u'/') ? root.relativeFilePath(path) : path;
    m_ui->fileLabel->setText(breakablePath(QDir::toNativeSeparators(shown)));
    m_ui->fileLabel->setToolTip(QDir::toNativeSeparators(path));
    m_ui->openButton->setEnabled(!path.isEmpty());
    m_ui->checklist->setRevision(project.root, rev.id, path);

    fillDrivers();
    showSections();
    setLintFindings({}, false);
}

void RevisionDetail::showSections()
{
    if (!m_script) {
        m_ui->upgradeTitle->setText(sectionTitle(tr("Upgrade"), {}));
        m_ui->downgradeTitle->setText(sectionTitle(tr("Downgrade"), {}));
        m_ui->upgradeView->clear();
        m_ui->downgradeView->clear();
        return;
    }
    if (m_script->isPython()) {
        // An Alembic revision: its upgrade()/downgrade() source, highlighted as Python.
        // Read from the file now: a loaded project keeps the scripts' metadata only.
        ScriptSection up, down;
        if (auto source = readPythonFunctions(*m_script)) {
            up = source->upgrade;
            down = source->downgrade;
        } else {
            up.sql = QStringLiteral("# %1").arg(source.error().toString());
        }
        m_ui->upgradeTitle->setText(sectionTitle(tr("upgrade() — Python"), up));
        m_ui->downgradeTitle->setText(sectionTitle(tr("downgrade() — Python"), down));
        m_ui->upgradeView->setSyntax(SqlView::Syntax::Python);
        m_ui->downgradeView->setSyntax(SqlView::Syntax::Python);
        m_ui->upgradeView->setSql(up.sql, up.firstLine);
        m_ui->downgradeView->setSql(down.sql, down.firstLine);
        return;
    }
    m_ui->upgradeView->setSyntax(SqlView::Syntax::Sql);
    m_ui->downgradeView->setSyntax(SqlView::Syntax::Sql);
    const QString selected = driver();
    const ScriptSection &up = m_script->upgradeFor(selected);
    const ScriptSection &down = m_script->downgradeFor(selected);
    m_ui->upgradeTitle->setText(sectionTitle(tr("Upgrade"), up) +
                                emptyWarning(*m_script, Direction::Upgrade, selected));
    m_ui->downgradeTitle->setText(sectionTitle(tr("Downgrade"), down) +
                                  emptyWarning(*m_script, Direction::Downgrade, selected));
    m_ui->upgradeView->setSql(up.sql, up.firstLine);
    m_ui->downgradeView->setSql(down.sql, down.firstLine);
}

void RevisionDetail::setupOpenButton()
{
    // Click: open the script. The arrow: choose the editor, or go back to $VISUAL/$EDITOR and
    // the desktop's association.
    auto *menu = new QMenu(m_ui->openButton);
    menu->addAction(tr("Choose Editor…"), this, [this] { chooseEditor(this); });
    QAction *useDefault = menu->addAction(tr("Use $VISUAL, $EDITOR or the Desktop's Editor"), this,
                                          [] { setChosenEditor({}); });
    connect(menu, &QMenu::aboutToShow, this, [useDefault] {
        useDefault->setEnabled(!chosenEditor().isEmpty());
        useDefault->setToolTip(chosenEditor());
    });
    m_ui->openButton->setMenu(menu);
    connect(m_ui->openButton, &QToolButton::clicked, this, [this] {
        if (m_script && !m_script->path.isEmpty())
            openInEditorOrAsk(this, m_script->path);
    });
}

QByteArray RevisionDetail::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateMagic << m_ui->detailSplitter->saveState() << m_ui->sqlSplitter->saveState();
    return state;
}

void RevisionDetail::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray detail;
    QByteArray sql;
    in >> magic >> detail >> sql;
    if (in.status() != QDataStream::Ok || magic != kStateMagic)
        return;
    m_ui->detailSplitter->restoreState(detail);
    m_ui->sqlSplitter->restoreState(sql);
}

} // namespace retort::gui
