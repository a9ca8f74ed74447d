#pragma once

#include <string>

/// The PostgreSQL server of the test suite. Under ctest, the `postgres` fixture has started a
/// scratch cluster and RETORT_TEST_PGHOST names its directory; a server that cannot be reached
/// then fails the test (never skips it). A test binary run by hand starts a private cluster
/// with scripts/pg-scratch.sh on first use and stops it when the process exits.
namespace retort::testing {

/// URL of a fresh, empty database for the calling test: CREATE DATABASE <unique name> TEMPLATE
/// template0 (name derived from the current gtest test name plus a counter/pid, sanitized,
/// <= 63 bytes).
std::string fresh_database_url();

/// URL of the `postgres` maintenance database.
std::string admin_url();

/// The Unix socket directory of the server in use.
std::string socket_dir();

}  // namespace retort::testing
