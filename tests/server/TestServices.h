#pragma once

#include <QString>

namespace retort::test {

// What tests/services/up.sh started for this test run: the KEY=VALUE lines of its services.env
// (the file named by the RETORT_TEST_SERVICES environment variable, which CTest sets).
//
// service("PG_PORT") returns the value, or an empty string when the key is missing. Tests must
// not skip silently when a service is missing: use requireService(), which fails the test with
// a message naming the key.
QString service(const char *key);

// The value of `key`; records a test failure (and returns "") when it is missing.
QString requireService(const char *key);

} // namespace retort::test
