// File ▸ Open Release…: the project as it was at a git tag, read-only (release/ProjectAtRef.h).
#include "MainWindow.h"

#include "EnvironmentPanel.h"
#include "ui_MainWindow.h"

#include "base/Background.h"
#include "project/Workspace.h"
#include "release/GitReleases.h"
#include "release/ProjectAtRef.h"

#include <QAction>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QStatusBar>

namespace retort::gui {

void MainWindow::setupReleaseAction()
{
    auto *openRelease = new QAction(tr("Open Release…"), this);
    openRelease->setObjectName(QStringLiteral("actionOpenRelease"));
    openRelease->setStatusTip(tr("Show the project as it was at a release (a git tag), read-only"));
    m_ui->menuFile->insertAction(m_ui->actionRefresh, openRelease);
    connect(openRelease, &QAction::triggered, this, &MainWindow::chooseRelease);
}

void MainWindow::chooseRelease()
{
    const std::shared_ptr<const ReleaseMap> &map =
        m_environmentPanel ? m_environmentPanel->releases() : nullptr;
    if (m_projectDir.isEmpty() || !map || !map->available() || map->tags.empty()) {
        QMessageBox::information(this, tr("Open Release"),
                                 !map || map->available()
                                     ? tr("The project has no releases (git tags) yet.")
                                     : tr("No releases can be read: %1.").arg(map->unavailable));
        return;
    }
    QStringList tags;
    for (auto it = map->tags.rbegin(); it != map->tags.rend(); ++it) // newest first
        tags.append(it->name);
    bool ok = false;
    const QString ref =
        QInputDialog::getItem(this, tr("Open Release"), tr("Release:"), tags, 0, false, &ok);
    if (ok && !ref.isEmpty())
        openRelease(ref);
}

void MainWindow::openRelease(const QString &ref)
{
    if (m_projectDir.isEmpty())
        return;
    const QString root =
        QFileInfo(m_projectDir).isDir() ? m_projectDir : QFileInfo(m_projectDir).absolutePath();
    statusBar()->showMessage(tr("Reading %1…").arg(ref));
    Background::run(
        this, [root, ref](const CancelToken &) { return loadProjectAt(root, ref); },
        [this, ref, dir = m_projectDir](Result<ProjectAtRef> at) {
            if (dir != m_projectDir)
                return; // another project was opened meanwhile
            if (!at) {
                statusBar()->clearMessage();
                QMessageBox::warning(this, tr("Open Release"), at.error().toString());
                return;
            }
            auto shown = std::make_shared<const ProjectAtRef>(std::move(*at));
            onLoaded(m_projectDir, shown->workspace);
            m_releaseRef = ref;
            m_atRef = std::move(shown);
            setWindowTitle(tr("%1 @ %2 — Retort").arg(m_atRef->workspace->project().name, ref));
            statusBar()->showMessage(
                tr("%1 as it was at %2 (read-only; Refresh returns to the working tree)")
                    .arg(m_atRef->workspace->project().name, ref));
            updateMigrationActions();
        });
}

} // namespace retort::gui
