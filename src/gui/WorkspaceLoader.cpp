#include "WorkspaceLoader.h"

#include "project/Workspace.h"

#include <QThread>

#include <algorithm>
#include <optional>

namespace retort::gui {

WorkspaceLoader::WorkspaceLoader(QObject *parent) : QObject(parent) {}

WorkspaceLoader::~WorkspaceLoader()
{
    // Workspace::load() cannot be interrupted; it only reads files, so waiting is short. The
    // queued `finished` handlers die with this object, so the threads are deleted here.
    for (const QPointer<QThread> &thread : m_threads) {
        if (thread) {
            thread->wait();
            delete thread.data();
        }
    }
}

void WorkspaceLoader::load(const QString &dirOrFile)
{
    const quint64 generation = ++m_generation;
    m_pending = 1;

    // Written by the worker before it finishes, read on the GUI thread after `finished`: the
    // thread's end orders the two, so no lock is needed.
    auto outcome = std::make_shared<std::optional<Result<std::unique_ptr<Workspace>>>>();
    QThread *thread =
        QThread::create([dirOrFile, outcome] { outcome->emplace(Workspace::load(dirOrFile)); });
    thread->setObjectName(QStringLiteral("WorkspaceLoader"));

    // `this` is the context object: the slot runs queued on the GUI thread.
    connect(thread, &QThread::finished, this, [this, thread, generation, dirOrFile, outcome] {
        std::erase_if(m_threads, [thread](const QPointer<QThread> &t) { return t == thread; });
        thread->deleteLater();
        if (generation != m_generation)
            return; // superseded by a newer load()
        m_pending = 0;
        if (!outcome->has_value()) {
            Q_EMIT failed(dirOrFile, Error(tr("loading stopped unexpectedly")));
            return;
        }
        auto &result = **outcome;
        if (!result) {
            Q_EMIT failed(dirOrFile, result.error());
            return;
        }
        std::shared_ptr<const Workspace> workspace(std::move(*result));
        Q_EMIT loaded(dirOrFile, std::move(workspace));
    });
    m_threads.emplace_back(thread);
    thread->start();
}

} // namespace retort::gui
