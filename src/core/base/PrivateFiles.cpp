#include "base/PrivateFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace retort {

namespace {

constexpr mode_t kPrivateDir = 0700;
constexpr mode_t kPrivateFile = 0600;

Error ioError(const QString &what, const QString &path, int error)
{
    return Error(QStringLiteral("%1 %2: %3")
                     .arg(what, QDir::toNativeSeparators(path),
                          QString::fromLocal8Bit(std::strerror(error))))
        .as(ErrorKind::Io);
}

bool isFolder(const QByteArray &path)
{
    struct stat st;
    return ::stat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Writes all of `bytes` to `fd`; false (with errno set) on a failed write.
bool writeAll(int fd, const QByteArray &bytes)
{
    const char *p = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        left -= n;
    }
    return true;
}

} // namespace

Status makePrivateDirs(const QString &path)
{
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    // The folders from the root down; each missing one is made with mode 0700.
    QStringList missing;
    for (QString at = clean; !isFolder(QFile::encodeName(at));) {
        missing.prepend(at);
        const QString up = QFileInfo(at).path();
        if (up == at)
            break;
        at = up;
    }
    for (const QString &folder : missing) {
        const QByteArray name = QFile::encodeName(folder);
        if (::mkdir(name.constData(), kPrivateDir) != 0 && !(errno == EEXIST && isFolder(name)))
            return ioError(QStringLiteral("cannot create the folder"), folder, errno);
    }
    return {};
}

Status createPrivateFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kPrivateFile);
    if (fd < 0)
        return ioError(QStringLiteral("cannot create"), path, errno);
    ::close(fd);
    return {};
}

Result<int> openPrivateFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, kPrivateFile);
    if (fd < 0)
        return ioError(QStringLiteral("cannot open"), path, errno);
    return fd;
}

Status writePrivateFile(const QString &path, const QByteArray &bytes)
{
    const QByteArray target = QFile::encodeName(path);
    QByteArray temp = target + ".XXXXXX";
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC); // mode 0600 (POSIX.1-2008)
    if (fd < 0)
        return ioError(QStringLiteral("cannot create a file beside"), path, errno);
    bool ok = writeAll(fd, bytes) && ::fsync(fd) == 0;
    int error = errno;
    ok = ::close(fd) == 0 && ok;
    if (ok && ::rename(temp.constData(), target.constData()) != 0) {
        error = errno;
        ok = false;
    }
    if (!ok) {
        ::unlink(temp.constData());
        return ioError(QStringLiteral("cannot write"), path, error);
    }
    return {};
}

Result<QString> retortFolder(const QString &dir)
{
    const QString folder = QDir(dir).absoluteFilePath(QStringLiteral(".retort"));
    const QByteArray name = QFile::encodeName(folder);
    if (::mkdir(name.constData(), kPrivateDir) != 0 && !(errno == EEXIST && isFolder(name)))
        return ioError(QStringLiteral("cannot create the folder"), folder, errno);
    // Made when missing, never overwritten (O_EXCL: of two processes at once, one writes it).
    const QString ignore = folder + QStringLiteral("/.gitignore");
    const int fd = ::open(QFile::encodeName(ignore).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kPrivateFile);
    if (fd < 0) {
        if (errno == EEXIST)
            return folder;
        return ioError(QStringLiteral("cannot create"), ignore, errno);
    }
    const bool written = writeAll(fd, QByteArrayLiteral("*\n"));
    const int error = errno;
    ::close(fd);
    if (!written)
        return ioError(QStringLiteral("cannot write"), ignore, error);
    return folder;
}

} // namespace retort
