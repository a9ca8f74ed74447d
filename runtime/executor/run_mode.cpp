#include "executor/run_mode.hpp"

#include <algorithm>
#include <thread>

namespace retort::executor {

namespace {

constexpr const char* lock_not_available = "55P03";
constexpr const char* step_savepoint = "retort_step";

}  // namespace

step_boundary boundary_of(const run_mode& mode) {
  if (!mode.single_transaction) {
    return step_boundary::transaction;
  }
  return mode.retries > 0 ? step_boundary::savepoint : step_boundary::none;
}

void step_transaction::begin() {
  switch (boundary_) {
    case step_boundary::transaction:
      session_.begin();
      break;
    case step_boundary::savepoint:
      session_.exec(std::string("SAVEPOINT ") + step_savepoint);
      break;
    case step_boundary::none:
      break;
  }
  open_ = true;
}

void step_transaction::commit() {
  switch (boundary_) {
    case step_boundary::transaction:
      session_.commit();
      break;
    case step_boundary::savepoint:
      session_.exec(std::string("RELEASE SAVEPOINT ") + step_savepoint);
      break;
    case step_boundary::none:
      break;
  }
  open_ = false;
}

void step_transaction::rollback() noexcept {
  switch (boundary_) {
    case step_boundary::transaction:
      session_.rollback();
      return;
    case step_boundary::none:
      // The run's transaction is aborted; the run rolls it back whole.
      open_ = false;
      return;
    case step_boundary::savepoint:
      break;
  }
  if (!open_) {
    return;
  }
  open_ = false;
  try {
    session_.exec(std::string("ROLLBACK TO SAVEPOINT ") + step_savepoint + "; RELEASE SAVEPOINT " +
                  step_savepoint);
  } catch (...) {
    // A lost connection has ended the run's transaction; run_transaction rolls back the rest.
  }
}

run_transaction::run_transaction(pg::session& session, bool single)
    : session_(session), open_(single) {
  if (open_) {
    session_.begin();
  }
}

run_transaction::~run_transaction() {
  if (open_) {
    session_.rollback();
  }
}

void run_transaction::rollback() noexcept {
  if (open_) {
    open_ = false;
    session_.rollback();
  }
}

void run_transaction::commit() {
  if (open_) {
    open_ = false;
    session_.commit();
  }
}

void run_with_retries(
    const run_mode& mode, bool transactional, const std::function<void()>& attempt,
    const std::function<void(int, std::chrono::milliseconds, const migration_failed&)>& retrying) {
  for (int retry = 1;; ++retry) {
    try {
      attempt();
      return;
    } catch (const migration_failed& e) {
      // A non-transactional step may have committed some of its statements: never rerun it.
      if (retry > mode.retries || !transactional || e.sqlstate() != lock_not_available) {
        throw;
      }
      const auto pause = mode.retry_delay * (1 << std::min(retry - 1, 4));
      retrying(retry, pause, e);
      std::this_thread::sleep_for(pause);
    }
  }
}

}  // namespace retort::executor
