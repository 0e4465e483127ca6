// Typed connection errors: each SSH failure, each driver code and each ErrorKind a probe meets
// maps to one kind (pure functions; the server tests check the real failures carry them).

#include "db/Connection.h"
#include "db/ConnectionProbe.h"
#include "ssh/SshTypes.h"

#include <gtest/gtest.h>

using namespace retort;

namespace {

TEST(ConnectionErrorTest, EverySshFailureHasItsKind)
{
    const std::pair<SshFailure, ErrorKind> cases[] = {
        {SshFailure::None, ErrorKind::Unspecified},
        {SshFailure::Resolve, ErrorKind::HostUnresolved},
        {SshFailure::Connect, ErrorKind::ConnectionRefused},
        {SshFailure::Timeout, ErrorKind::Timeout},
        {SshFailure::Handshake, ErrorKind::SshProtocol},
        {SshFailure::KnownHostsFile, ErrorKind::KnownHostsFile},
        {SshFailure::HostKeyUnknown, ErrorKind::HostKeyUnknown},
        {SshFailure::HostKeyChanged, ErrorKind::HostKeyChanged},
        {SshFailure::KeyFile, ErrorKind::SshKeyFile},
        {SshFailure::WrongPassphrase, ErrorKind::SshPassphrase},
        {SshFailure::KeyRefused, ErrorKind::SshAuthFailed},
        {SshFailure::PasswordRefused, ErrorKind::SshAuthFailed},
        {SshFailure::AgentUnavailable, ErrorKind::SshAgent},
        {SshFailure::AgentNoAcceptedKey, ErrorKind::SshAgent},
        {SshFailure::Listen, ErrorKind::SshProtocol},
        {SshFailure::Other, ErrorKind::SshProtocol},
    };
    for (const auto &[failure, kind] : cases)
        EXPECT_EQ(errorKindOf(failure), kind) << int(failure);
}

TEST(ConnectionErrorTest, MysqlKindsComeFromTheErrorNumber)
{
    const auto kind = [](const char *code, ConnectFacts facts = {}) {
        // The text never decides for MySQL: a misleading one changes nothing.
        return connectErrorKind(DialectKind::Mysql, QString::fromLatin1(code),
                                QStringLiteral("password authentication failed"), facts);
    };
    EXPECT_EQ(kind("1045"), ErrorKind::DatabaseAuthFailed);
    EXPECT_EQ(kind("1044"), ErrorKind::DatabaseAuthFailed);
    EXPECT_EQ(kind("1049"), ErrorKind::DatabaseMissing);
    EXPECT_EQ(kind("2002"), ErrorKind::ConnectionRefused);
    EXPECT_EQ(kind("2003"), ErrorKind::ConnectionRefused);
    EXPECT_EQ(kind("2003", {false, true}), ErrorKind::Timeout);
    EXPECT_EQ(kind("2005"), ErrorKind::HostUnresolved);
    EXPECT_EQ(kind("2013"), ErrorKind::Timeout);
    EXPECT_EQ(kind("1064"), ErrorKind::Unspecified);
    EXPECT_EQ(kind(""), ErrorKind::Unspecified);
}

TEST(ConnectionErrorTest, PostgresKindsComeFromTheSqlStateFirst)
{
    const auto kind = [](const char *state) {
        return connectErrorKind(DialectKind::Postgresql, QString::fromLatin1(state),
                                QStringLiteral("could not translate host name"));
    };
    EXPECT_EQ(kind("28P01"), ErrorKind::DatabaseAuthFailed);
    EXPECT_EQ(kind("28000"), ErrorKind::DatabaseAuthFailed);
    EXPECT_EQ(kind("3D000"), ErrorKind::DatabaseMissing);
    EXPECT_EQ(kind("08001"), ErrorKind::ConnectionRefused);
    EXPECT_EQ(kind("08006"), ErrorKind::ConnectionRefused);
}

TEST(ConnectionErrorTest, PostgresWithoutSqlStateUsesRetortsFactsThenLibpqText)
{
    const auto kind = [](const QString &text, ConnectFacts facts = {}) {
        return connectErrorKind(DialectKind::Postgresql, {}, text, facts);
    };
    const QString auth =
        QStringLiteral("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password "
                       "authentication failed for user \"app\"");
    EXPECT_EQ(kind(auth), ErrorKind::DatabaseAuthFailed);
    EXPECT_EQ(kind(QStringLiteral("FATAL:  database \"nope\" does not exist")),
              ErrorKind::DatabaseMissing);
    EXPECT_EQ(kind(QStringLiteral("connection to server at \"127.0.0.1\", port 1 failed: "
                                  "Connection refused")),
              ErrorKind::ConnectionRefused);
    EXPECT_EQ(kind(QStringLiteral("could not translate host name \"x\" to address")),
              ErrorKind::HostUnresolved);
    EXPECT_EQ(kind(QStringLiteral("timeout expired")), ErrorKind::Timeout);
    EXPECT_EQ(kind(QStringLiteral("SSL error")), ErrorKind::Unspecified);
    // What Retort found itself wins over the words.
    EXPECT_EQ(kind(QStringLiteral("some localised text"), {true, false}),
              ErrorKind::HostUnresolved);
    EXPECT_EQ(kind(QStringLiteral("some localised text"), {false, true}), ErrorKind::Timeout);
}

TEST(ConnectionErrorTest, SqliteHasNoConnectKind)
{
    EXPECT_EQ(connectErrorKind(DialectKind::Sqlite, QStringLiteral("14"),
                               QStringLiteral("unable to open database file")),
              ErrorKind::Unspecified);
}

TEST(ConnectionErrorTest, ProbeKindComesFromTheErrorKind)
{
    using K = ProbeResult::Kind;
    const std::pair<ErrorKind, K> cases[] = {
        {ErrorKind::DatabaseAuthFailed, K::AuthFailed},
        {ErrorKind::SshAuthFailed, K::AuthFailed},
        {ErrorKind::HostKeyUnknown, K::HostKeyUnknown},
        {ErrorKind::HostKeyChanged, K::HostKeyChanged},
        {ErrorKind::Timeout, K::Timeout},
        {ErrorKind::ConnectionRefused, K::Unreachable},
        {ErrorKind::HostUnresolved, K::Unreachable},
        {ErrorKind::SshPassphrase, K::Failed},
        {ErrorKind::SshKeyFile, K::Failed},
        {ErrorKind::SshAgent, K::Failed},
        {ErrorKind::SshProtocol, K::Failed},
        {ErrorKind::KnownHostsFile, K::Failed},
        {ErrorKind::DatabaseMissing, K::Failed},
        {ErrorKind::TunnelLost, K::Failed},
        {ErrorKind::Unspecified, K::Failed},
    };
    for (const auto &[errorKind, probeKind] : cases)
        EXPECT_EQ(probeKindOf(Error(QStringLiteral("timeout: access denied")).as(errorKind)),
                  probeKind)
            << int(errorKind);
}

} // namespace
