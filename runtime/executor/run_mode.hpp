#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <retort/errors.hpp>

#include "pg/session.hpp"

namespace retort::executor {

/// How a run uses transactions, and what a step does when it cannot get a lock in time.
struct run_mode {
  /// All steps and all version-table changes in one transaction, each step in a savepoint of
  /// it; a failure anywhere leaves the database at the revision the run started from.
  bool single_transaction = false;
  /// How often a step that failed with lock_not_available (SQLSTATE 55P03, which PostgreSQL's
  /// `lock_timeout` raises) runs again after its rollback.
  int retries = 0;
  /// The pause before the first retry; it doubles after each, up to 16 times this.
  std::chrono::milliseconds retry_delay{250};
};

/// The transaction of one step: its own BEGIN/COMMIT, or in a single-transaction run a
/// savepoint of the run's transaction, so that one step can roll back and retry alone.
class step_transaction {
 public:
  step_transaction(pg::session& session, bool savepoint)
      : session_(session), savepoint_(savepoint) {}
  void begin();
  void commit();
  /// Never throws (safe in error paths).
  void rollback() noexcept;

 private:
  pg::session& session_;
  bool savepoint_;
  bool open_ = false;
};

/// In a single-transaction run, the transaction around every step: begun by the constructor,
/// rolled back by the destructor unless committed. Does nothing otherwise.
class run_transaction {
 public:
  run_transaction(pg::session& session, bool single);
  ~run_transaction();
  run_transaction(const run_transaction&) = delete;
  run_transaction& operator=(const run_transaction&) = delete;
  void commit();
  /// Never throws; does nothing once committed or rolled back.
  void rollback() noexcept;

 private:
  pg::session& session_;
  bool open_;
};

/// Runs `attempt`; when it throws a `migration_failed` that may be retried (a lock not
/// obtained in time, in a step that ran in a transaction, so nothing of it remains), tells
/// `retrying` (retry number, pause, the failure) and runs it again, up to `mode.retries` times.
/// Statement timeouts (57014) and every other failure are thrown at once.
void run_with_retries(
    const run_mode& mode, bool transactional, const std::function<void()>& attempt,
    const std::function<void(int, std::chrono::milliseconds, const migration_failed&)>& retrying);

}  // namespace retort::executor
