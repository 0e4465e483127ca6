#include "base/Background.h"

#include <QDeadlineTimer>
#include <QMutex>
#include <QMutexLocker>

#include <algorithm>
#include <vector>

namespace retort {

namespace {

struct Registry {
    QMutex mutex;
    std::vector<std::shared_ptr<CancelToken::State>> running;
};

Registry &registry()
{
    static Registry *r = new Registry; // never destroyed: abandoned tasks may still retire
    return *r;
}

} // namespace

CancelToken::CancelToken() : m_state(std::make_shared<State>()) {}

void CancelToken::cancel() const
{
    m_state->cancelled.store(true);
}

bool CancelToken::isCancelled() const
{
    return m_state->cancelled.load();
}

const std::atomic<bool> *CancelToken::flag() const
{
    return &m_state->cancelled;
}

bool CancelToken::wait(int timeoutMs) const
{
    QMutexLocker lock(&m_state->mutex);
    if (timeoutMs < 0) {
        while (!m_state->done)
            m_state->returned.wait(&m_state->mutex);
        return true;
    }
    QDeadlineTimer deadline(timeoutMs);
    while (!m_state->done)
        if (!m_state->returned.wait(&m_state->mutex, deadline))
            break;
    return m_state->done;
}

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
    r.running.push_back(token.m_state);
}

void Background::retire(const CancelToken &token)
{
    {
        Registry &r = registry();
        const QMutexLocker lock(&r.mutex);
        auto it = std::find(r.running.begin(), r.running.end(), token.m_state);
        if (it != r.running.end())
            r.running.erase(it);
    }
    const QMutexLocker lock(&token.m_state->mutex);
    token.m_state->done = true;
    token.m_state->returned.wakeAll();
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
        for (const auto &state : r.running)
            state->cancelled.store(true);
    }
    return pool()->waitForDone(timeoutMs);
}

} // namespace retort
