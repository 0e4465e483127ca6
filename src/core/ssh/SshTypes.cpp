#include "ssh/SshTypes.h"

namespace retort {

ErrorKind errorKindOf(SshFailure failure)
{
    switch (failure) {
    case SshFailure::None:
        return ErrorKind::Unspecified;
    case SshFailure::Resolve:
        return ErrorKind::HostUnresolved;
    case SshFailure::Connect:
        return ErrorKind::ConnectionRefused;
    case SshFailure::Timeout:
        return ErrorKind::Timeout;
    case SshFailure::KnownHostsFile:
        return ErrorKind::KnownHostsFile;
    case SshFailure::HostKeyUnknown:
        return ErrorKind::HostKeyUnknown;
    case SshFailure::HostKeyChanged:
        return ErrorKind::HostKeyChanged;
    case SshFailure::KeyFile:
        return ErrorKind::SshKeyFile;
    case SshFailure::WrongPassphrase:
        return ErrorKind::SshPassphrase;
    case SshFailure::KeyRefused:
    case SshFailure::PasswordRefused:
        return ErrorKind::SshAuthFailed;
    case SshFailure::AgentUnavailable:
    case SshFailure::AgentNoAcceptedKey:
        return ErrorKind::SshAgent;
    case SshFailure::Handshake:
    case SshFailure::Listen:
    case SshFailure::Other:
        return ErrorKind::SshProtocol;
    }
    return ErrorKind::SshProtocol;
}

} // namespace retort
