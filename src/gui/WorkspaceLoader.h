#pragma once

#include "base/Error.h"

#include <QObject>
#include <QString>

#include <memory>

namespace retort {
class Workspace;
}

namespace retort::gui {

// Loads a Workspace off the GUI thread.
//
// Threading: the loader lives in, and must only be called from, the GUI thread. Each load() runs
// Workspace::load() through Background::run; its result comes back in the loader's thread, so
// loaded()/failed() are always emitted on the GUI thread. Only the newest request is reported: a
// load() while another is running supersedes it (the older load runs to completion and its result
// is dropped, since Workspace::load() cannot be interrupted). A load still running when the loader
// is destroyed finishes on its own (it only reads files) and its result is dropped.
class WorkspaceLoader final : public QObject {
    Q_OBJECT

public:
    explicit WorkspaceLoader(QObject *parent = nullptr);
    ~WorkspaceLoader() override;

    // Starts loading `dirOrFile` (a folder holding retort.toml, or the file). Returns at once.
    void load(const QString &dirOrFile);
    // True from load() until loaded()/failed() of the newest request.
    bool isLoading() const { return m_pending > 0; }

Q_SIGNALS:
    // The workspace is immutable and may be shared with any thread.
    void loaded(const QString &dirOrFile, std::shared_ptr<const retort::Workspace> workspace);
    // retort.toml itself could not be read (script problems are in Workspace::problems()).
    void failed(const QString &dirOrFile, const retort::Error &error);

private:
    // Emits the result of request `generation` unless a newer one superseded it.
    void deliver(quint64 generation, const QString &dirOrFile,
                 Result<std::shared_ptr<const retort::Workspace>> result);

    quint64 m_generation = 0; // id of the newest request
    int m_pending = 0;        // 1 while the newest request runs, else 0
};

} // namespace retort::gui
