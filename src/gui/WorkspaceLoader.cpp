#include "WorkspaceLoader.h"

#include "base/Background.h"
#include "project/Workspace.h"

namespace retort::gui {

WorkspaceLoader::WorkspaceLoader(QObject *parent) : QObject(parent) {}

WorkspaceLoader::~WorkspaceLoader() = default;

void WorkspaceLoader::load(const QString &dirOrFile)
{
    const quint64 generation = ++m_generation;
    m_pending = 1;
    using Loaded = Result<std::shared_ptr<const Workspace>>;
    Background::run(
        this,
        [dirOrFile](const CancelToken &) -> Loaded {
            auto workspace = Workspace::load(dirOrFile);
            if (!workspace)
                return workspace.error();
            return std::shared_ptr<const Workspace>(std::move(*workspace));
        },
        [this, generation, dirOrFile](Loaded result) {
            // Qt 6.4 runs the continuation inside Background::run when the work has already
            // finished; load() promises to return first, so the result is queued once more.
            QMetaObject::invokeMethod(
                this,
                [this, generation, dirOrFile, result = std::move(result)]() mutable {
                    deliver(generation, dirOrFile, std::move(result));
                },
                Qt::QueuedConnection);
        });
}

void WorkspaceLoader::deliver(quint64 generation, const QString &dirOrFile,
                              Result<std::shared_ptr<const Workspace>> result)
{
    if (generation != m_generation)
        return; // superseded by a newer load()
    m_pending = 0;
    if (!result)
        Q_EMIT failed(dirOrFile, result.error());
    else
        Q_EMIT loaded(dirOrFile, std::move(*result));
}

} // namespace retort::gui
