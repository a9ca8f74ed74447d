#pragma once

#include <chrono>

namespace retort {

/// How a run that changes the database shares it with other sessions. Defaults are documented
/// in docs/cli.md ("Concurrency").
struct concurrency_options {
  /// How long to wait for the database's migration lock (another run holding it); zero gives up
  /// at once.
  std::chrono::milliseconds lock_timeout = std::chrono::seconds(60);
  /// PostgreSQL's `lock_timeout` on the migrating connection: how long one statement waits for
  /// a table or row lock. Zero: wait forever.
  std::chrono::milliseconds pg_lock_timeout = std::chrono::seconds(10);
  /// PostgreSQL's `statement_timeout` on the migrating connection. Zero: none.
  std::chrono::milliseconds statement_timeout{0};
  /// How often a step that hit `pg_lock_timeout` runs again after its rollback.
  int retries = 0;
  /// Every step and version-table change in one transaction: all or nothing.
  bool single_transaction = false;
};

}  // namespace retort
