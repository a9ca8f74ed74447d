#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "executor/backfill_runner.hpp"
#include "executor/prepare.hpp"
#include "executor/run_mode.hpp"
#include "loader/plugin_loader.hpp"
#include "pg/session.hpp"
#include "plan/migration_plan.hpp"
#include "render/dialect.hpp"
#include "sql_statement.hpp"
#include "store/history_table.hpp"
#include "store/version_table.hpp"

namespace retort::executor {

/// A backfill stopped cleanly at its time limit: the step is not applied, its batches so far
/// are, and the next run continues after them.
class backfill_paused : public migration_failed {
 public:
  using migration_failed::migration_failed;
};

/// A transactional migration's own SQL ended the transaction retort ran it in: what ran before
/// that statement was committed or discarded by it, and the step's in-progress marker is left
/// for `retort resolve`, as for a non-transactional migration.
class transaction_ended : public migration_failed {
 public:
  using migration_failed::migration_failed;
};

/// Hears about each step as it runs.
struct progress {
  std::function<void(const prepared_step&)> started = [](const prepared_step&) {};
  std::function<void(const prepared_step&, std::chrono::steady_clock::duration)> finished =
      [](const prepared_step&, std::chrono::steady_clock::duration) {};
  /// The step failed on a lock, was rolled back, and runs again (retry number `n`) after `pause`.
  std::function<void(const prepared_step&, int n, std::chrono::milliseconds pause,
                     const migration_failed&)>
      retrying =
          [](const prepared_step&, int, std::chrono::milliseconds, const migration_failed&) {};
  /// A batch of a backfill committed.
  std::function<void(const prepared_step&, const ops::backfill&, const backfill_status&)>
      backfilled = [](const prepared_step&, const ops::backfill&, const backfill_status&) {};
};

/// Runs prepared steps, one transaction per migration holding both its SQL and its version-table
/// change. A failure rolls that step back and throws `migration_failed`; steps before it stay
/// committed, so the database is exactly at the previous revision.
/// With `run_mode::single_transaction` every step runs in one transaction that commits after
/// the last step (each in a savepoint of it when failed steps are retried), so a failure leaves
/// the database where the run started.
///
/// With a history table, each finished step appends its row in its own transaction (in a
/// single-transaction run, all of them in one statement before the commit), and a failed step
/// appends a `failed` row after the rollback. A non-transactional step first commits
/// an in-progress marker and clears it in the transaction of its version-table change, so an
/// interrupted or failed one leaves the marker behind.
class executor {
 public:
  executor(pg::session& session, store::version_table& versions, run_mode mode = {},
           store::history_table* history = nullptr);
  void run(const std::vector<prepared_step>& steps, const progress& listener = {});

 private:
  void run_step(const prepared_step& step, std::chrono::steady_clock::time_point start);
  void run_code(const prepared_step& step, const ops::data_step& code, std::size_t number);
  /// Before a named `CREATE INDEX CONCURRENTLY`: drops the INVALID index of its name (in
  /// `invalid`) that a failed attempt left, and notes it for the step's history row.
  void drop_leftover_index(const sql_statement& statement, std::vector<std::string>& invalid);
  void run_backfill(const prepared_step& step, const ops::backfill& o, std::size_t number,
                    const store::statement_progress& start);
  /// After statement `index` (1-based) of a transactional step ended its transaction: leaves
  /// the step's in-progress marker, as for a non-transactional step, and throws.
  [[noreturn]] void leave_ended_step(const prepared_step& step, std::size_t index,
                                     const sql_statement& statement,
                                     const std::string& then_failed = {});
  /// After `statement` of a transactional step failed: whether its SQL had ended the step's
  /// transaction before it failed (the session is then outside any transaction).
  [[nodiscard]] bool ended_by_its_own_sql(const prepared_step& step,
                                          const sql_statement* statement) noexcept;
  void record_failure(const prepared_step& step, std::chrono::steady_clock::duration elapsed,
                      const migration_failed& e) noexcept;

  pg::session& session_;
  store::version_table& versions_;
  store::history_table* history_;
  run_mode mode_;
  step_transaction transaction_;
  const progress* listener_ = nullptr;
  /// What the running step's backfills did, for its history row.
  std::vector<std::string> step_notes_;
  /// A single-transaction run's history rows, written before its commit.
  std::vector<store::history_table::late_entry> pending_history_;
};

}  // namespace retort::executor
