#include "workflows/ConnectionAdvice.h"

namespace retort {

ConnectionRemedy remedyFor(const Error &error)
{
    switch (error.kind) {
    case ErrorKind::DatabaseAuthFailed:
        return ConnectionRemedy::DatabasePassword;
    case ErrorKind::SshAuthFailed:
        return ConnectionRemedy::SshSecret;
    case ErrorKind::SshPassphrase:
        return ConnectionRemedy::SshPassphrase;
    case ErrorKind::HostKeyUnknown:
        return ConnectionRemedy::TrustHostKey;
    default:
        return ConnectionRemedy::None;
    }
}

} // namespace retort
