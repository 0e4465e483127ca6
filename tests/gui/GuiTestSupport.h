#pragma once

// Helpers shared by the GUI tests (which drive the real MainWindow on the offscreen platform).

#include "MainWindow.h"
#include "RevisionListModel.h"

#include "project/Workspace.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QListWidget>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <gtest/gtest.h>

#include <functional>

#include <memory>

namespace guitest {

using retort::Workspace;
using retort::gui::MainWindow;

inline const QString kDemo = QStringLiteral(RETORT_SOURCE_DIR "/migrations");

// Copies the files of `from` (recursively) into `to`.
inline bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + u'/' + QDir(from).relativeFilePath(file);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

// Creates the SQLite database at `dbPath` with an alembic_version table holding `rows`.
inline void writeVersionRows(const QString &dbPath, const QStringList &rows)
{
    const QString name = QStringLiteral("gui-test-version-rows");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dbPath);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")));
        for (const QString &row : rows)
            ASSERT_TRUE(
                q.exec(QStringLiteral("INSERT INTO alembic_version VALUES ('%1')").arg(row)));
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

inline bool waitLoaded(const MainWindow &window)
{
    return QTest::qWaitFor([&] { return !window.isLoading(); }, 15000);
}

inline QStringList problemTexts(const MainWindow &window)
{
    QStringList texts;
    const auto *list = window.findChild<QListWidget *>(QStringLiteral("problemList"));
    for (int i = 0; list && i < list->count(); ++i) {
        if (list->item(i)->flags() != Qt::NoItemFlags) // skip the "No problems" placeholder
            texts.append(list->item(i)->text());
    }
    return texts;
}

inline std::unique_ptr<Workspace> loadDirectly(const QString &dir)
{
    auto result = Workspace::load(dir);
    return result ? std::move(*result) : nullptr;
}

// Makes revision `id` current in the window's list; false when it is not listed.
inline bool selectRevision(MainWindow &window, const QString &id)
{
    auto *view = window.findChild<QTreeView *>(QStringLiteral("revisionView"));
    const int row = window.revisionModel()->rowOf(id);
    if (!view || row < 0)
        return false;
    view->setCurrentIndex(window.revisionModel()->index(row, 0));
    return true;
}

template <typename T> inline T *child(const QObject &parent, const char *name)
{
    return parent.findChild<T *>(QString::fromLatin1(name));
}

// Until it fires once: every 20 ms, hands the active modal dialog (if any) to `answer`, which
// returns true when it has dealt with it. Keep the returned timer alive while waiting.
inline std::shared_ptr<QTimer> answerModal(std::function<bool(QDialog *)> answer)
{
    auto timer = std::make_shared<QTimer>();
    timer->setInterval(20);
    QObject::connect(timer.get(), &QTimer::timeout, [timer = timer.get(), answer] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (dialog && answer(dialog))
            timer->stop();
    });
    timer->start();
    return timer;
}

// The window's action whose text is `text`, or null.
inline QAction *actionNamed(const QWidget &window, const QString &text)
{
    for (QAction *a : window.findChildren<QAction *>())
        if (a->text() == text)
            return a;
    return nullptr;
}

} // namespace guitest
