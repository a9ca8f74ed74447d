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

/// Where one step's changes begin and end.
enum class step_boundary {
  transaction,  ///< its own BEGIN/COMMIT
  /// A savepoint of the run's transaction, so that one step can roll back and retry alone:
  /// a single-transaction run with retries.
  savepoint,
  /// Nothing of its own: a single-transaction run without retries, where a failure rolls back
  /// the whole run anyway. A savepoint a step costs two round trips, and thousands of them
  /// overflow PostgreSQL's cache of a transaction's subtransactions.
  none,
};

/// The boundary a step of a run in `mode` gets.
[[nodiscard]] step_boundary boundary_of(const run_mode& mode);

/// The transaction of one step, as its boundary says.
class step_transaction {
 public:
  step_transaction(pg::session& session, step_boundary boundary)
      : session_(session), boundary_(boundary) {}
  void begin();
  void commit();
  /// Never throws (safe in error paths).
  void rollback() noexcept;

 private:
  pg::session& session_;
  step_boundary boundary_;
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
