#include "executor/backfill_runner.hpp"

#include <retort/errors.hpp>
#include <retort/session.hpp>

#include <algorithm>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "executor/data_session.hpp"
#include "introspect/batch_key.hpp"
#include "printable.hpp"
#include "render/backfill_sql.hpp"
#include "render/postgres_dialect.hpp"

namespace retort::executor {

namespace {

constexpr const char* lock_not_available = "55P03";

std::int64_t number(const pg::result& r, std::size_t column) {
  return std::stoll(r.rows.at(0).at(column).value_or("0"));
}

}  // namespace

backfill_runner::backfill_runner(pg::session& session, store::history_table* progress,
                                 std::string revision, std::size_t statement, listener heard)
    : session_(session),
      progress_(progress),
      revision_(std::move(revision)),
      statement_(statement),
      heard_(std::move(heard)) {}

backfill_status backfill_runner::run(const ops::backfill& o,
                                     const store::statement_progress& start) {
  const auto name = printable(o.name);
  const auto sql = render::render_backfill(o);
  const render::postgres_dialect dialect;
  const auto table = dialect.qualified_name(o.schema, o.table);

  // Keyset batches are exact only over a unique key without NULLs: anything else would skip or
  // repeat rows.
  if (!introspect::is_batch_key(session_, o.schema, o.table, o.key)) {
    throw database_error(
        fmt::format("backfill \"{}\" cannot batch {} by {}: batches need a NOT NULL key column "
                    "with a unique index of its own (a primary key), or they would skip or "
                    "repeat rows",
                    name, printable(table), printable(o.key)),
        "", "");
  }
  backfill_status status{.rows = start.rows, .batches = start.batches};
  status.estimated_rows = introspect::estimated_rows(session_, o.schema, o.table);
  std::optional<std::string> last_key = start.last_key;
  const auto began = std::chrono::steady_clock::now();
  const auto limit = std::chrono::seconds(o.time_limit_s);

  while (true) {
    if (o.time_limit_s > 0 && std::chrono::steady_clock::now() - began >= limit) {
      status.stopped_by_time_limit = true;
      return status;
    }
    std::optional<std::string> batch_last;
    std::int64_t selected = 0;
    std::int64_t changed = 0;
    for (int attempt = 0;; ++attempt) {
      session_.begin();
      try {
        session_.exec(sql_statement{"SELECT pg_catalog.set_config('lock_timeout', $1, true)",
                                    {fmt::format("{}ms", o.lock_timeout_ms)}});
        auto bounds = last_key ? session_.exec_single({sql.next_bounds, {last_key}})
                               : session_.exec_single({sql.first_bounds});
        batch_last = bounds.rows.at(0).at(0);
        selected = number(bounds, 1);
        changed = 0;
        if (selected > 0 && o.each == nullptr) {
          // The batch's range by its bounds: rows written since they were read are in it too.
          auto r = last_key ? session_.exec_single({sql.next_update, {batch_last, last_key}})
                            : session_.exec_single({sql.first_update, {batch_last}});
          changed = static_cast<std::int64_t>(r.affected_rows);
        } else if (selected > 0) {
          changed = selected;
          data_session code_session(session_);
          const param range[] = {*batch_last, last_key ? param(*last_key) : param(nullptr)};
          row_stream rows(code_session.query_with(last_key ? sql.next_rows : sql.first_rows,
                                                  std::span<const param>(range, last_key ? 2 : 1)));
          for (const row& r : rows) {
            o.each(code_session, r);
          }
        }
        const bool done = selected < o.batch_size;
        if (progress_ != nullptr) {
          progress_->record_progress(revision_, statement_,
                                     {.last_key = selected > 0 ? batch_last : last_key,
                                      .rows = status.rows + changed,
                                      .batches = status.batches + (selected > 0 ? 1 : 0),
                                      .finished = done});
        }
        session_.commit();
        break;
      } catch (const database_error& e) {
        session_.rollback();
        if (e.sqlstate() == lock_not_available && attempt < o.retries) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100 * std::min(attempt + 1, 20)));
          continue;
        }
        throw database_error(
            fmt::format("backfill \"{}\" of {}, after {} rows in {} batches{}: {}{}", name,
                        printable(table), status.rows, status.batches,
                        progress_ != nullptr ? " (kept: the next run continues after them)" : "",
                        e.what(),
                        e.sqlstate() == lock_not_available
                            ? fmt::format(" ({} tries, each waiting {} ms for its locks)",
                                          attempt + 1, o.lock_timeout_ms)
                            : ""),
            e.sqlstate(), e.statement());
      } catch (const std::exception& e) {
        session_.rollback();
        throw database_error(fmt::format("backfill \"{}\" of {}: its code threw: {}", name,
                                         printable(table), printable(e.what())),
                             "", "");
      } catch (...) {
        session_.rollback();
        throw database_error(fmt::format("backfill \"{}\" of {}: its code threw an exception that "
                                         "is not a std::exception",
                                         name, printable(table)),
                             "", "");
      }
    }
    if (selected > 0) {
      last_key = batch_last;
      ++status.batches;
    }
    status.rows += changed;
    status.rows_this_run += changed;
    status.elapsed = std::chrono::steady_clock::now() - began;
    status.finished = selected < o.batch_size;
    if (heard_) {
      heard_(o, status);
    }
    if (status.finished) {
      return status;
    }
    if (o.pause_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(o.pause_ms));
    }
  }
}

}  // namespace retort::executor
