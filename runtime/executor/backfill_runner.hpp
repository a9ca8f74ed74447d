#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <retort/operations.hpp>

#include "pg/session.hpp"
#include "store/history_table.hpp"

namespace retort::executor {

/// Where a backfill stands, after each batch.
struct backfill_status {
  std::int64_t rows = 0;            ///< changed so far, earlier runs included
  std::int64_t batches = 0;         ///< committed so far, earlier runs included
  std::int64_t estimated_rows = 0;  ///< the table's rows as the planner estimates them
  std::chrono::steady_clock::duration elapsed{};  ///< in this run
  std::int64_t rows_this_run = 0;
  bool finished = false;
  bool stopped_by_time_limit = false;
};

/// Runs one backfill of a non-transactional step, batch by batch: each batch in a transaction
/// of its own with `lock_timeout`, retried after a lock timeout, committed with its progress.
/// `progress` (may be null: nothing is recorded, so nothing resumes) keeps it under the step's
/// revision and the statement's number.
class backfill_runner {
 public:
  using listener = std::function<void(const ops::backfill&, const backfill_status&)>;

  backfill_runner(pg::session& session, store::history_table* progress, std::string revision,
                  std::size_t statement, listener heard = {});

  /// Continues from `start` until the last batch or the time limit; throws `database_error`
  /// naming the backfill when a batch fails for good.
  backfill_status run(const ops::backfill& o, const store::statement_progress& start);

 private:
  pg::session& session_;
  store::history_table* progress_;
  std::string revision_;
  std::size_t statement_;
  listener heard_;
};

}  // namespace retort::executor
