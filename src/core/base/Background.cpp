#include "base/Background.h"

#include <QMutex>
#include <QMutexLocker>

#include <algorithm>
#include <vector>

namespace retort {

namespace {

struct Registry {
    QMutex mutex;
    std::vector<std::shared_ptr<std::atomic<bool>>> running;
};

Registry &registry()
{
    static Registry *r = new Registry; // never destroyed: abandoned tasks may still retire
    return *r;
}

} // namespace

QThreadPool *Background::pool()
{
    // Never destroyed either: a QThreadPool's destructor waits for its tasks, and an abandoned
    // task must not hold up the process's exit.
    static QThreadPool *p = [] {
        auto *pool = new QThreadPool;
        pool->setMaxThreadCount(64);
        pool->setExpiryTimeout(30000);
        return pool;
    }();
    return p;
}

void Background::enroll(const CancelToken &token)
{
    Registry &r = registry();
    const QMutexLocker lock(&r.mutex);
    r.running.push_back(token.m_flag);
}

void Background::retire(const CancelToken &token)
{
    Registry &r = registry();
    const QMutexLocker lock(&r.mutex);
    auto it = std::find(r.running.begin(), r.running.end(), token.m_flag);
    if (it != r.running.end())
        r.running.erase(it);
}

int Background::activeCount()
{
    Registry &r = registry();
    const QMutexLocker lock(&r.mutex);
    return int(r.running.size());
}

bool Background::shutdown(int timeoutMs)
{
    {
        Registry &r = registry();
        const QMutexLocker lock(&r.mutex);
        for (const auto &flag : r.running)
            flag->store(true);
    }
    return pool()->waitForDone(timeoutMs);
}

} // namespace retort
