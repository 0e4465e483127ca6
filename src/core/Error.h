#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace retort {

// An error that travels as a value. Where it is known, it says where: the file and 1-based line,
// the revision, the statement. toString() gives the one-line form users see.
struct Error {
    QString message;
    QString file;     // path as the user knows it; empty when not about a file
    int line = 0;     // 1-based; 0 when unknown
    QString revision; // revision id the error is about, if any

    Error() = default;
    explicit Error(QString msg, QString f = {}, int l = 0, QString rev = {})
        : message(std::move(msg)), file(std::move(f)), line(l), revision(std::move(rev))
    {
    }

    // "file:line: message" (or "file: message", or just "message").
    QString toString() const
    {
        if (file.isEmpty())
            return message;
        if (line > 0)
            return QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message);
        return QStringLiteral("%1: %2").arg(file, message);
    }
};

// Either a value or an Error (a small stand-in for C++23 std::expected).
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() { return std::get<0>(m_v); }
    const T &value() const { return std::get<0>(m_v); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Success or an Error, for operations without a value.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return {}; }
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace retort
