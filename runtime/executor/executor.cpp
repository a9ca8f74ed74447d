#include "executor/executor.hpp"

#include <retort/errors.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "executor/data_step.hpp"
#include "printable.hpp"
#include "sql_parse/concurrent_index.hpp"

namespace retort::executor {

namespace {

migration_failed failure(const prepared_step& step, const std::string& what,
                         const std::string& sqlstate = {}, const std::string& statement = {},
                         const std::vector<std::string>& invalid_indexes = {}) {
  if (step.resumable()) {
    return migration_failed(
        fmt::format("{0} of revision {1} ({2}) failed: {3}\nIts statements run outside a "
                    "transaction; those that finished and every committed batch are recorded, so "
                    "running `retort {0}` again continues where it stopped. To give up instead, "
                    "check the database and run `retort resolve {1} --applied` or `--reverted`",
                    verb(step.step.dir), step.step.revision, step.source_file, what),
        step.step.revision, step.source_file, sqlstate, statement);
  }
  if (!step.transactional) {
    std::string left;
    if (!invalid_indexes.empty()) {
      std::vector<std::string> drops;
      for (const auto& index : invalid_indexes) {
        drops.push_back(fmt::format("`DROP INDEX CONCURRENTLY {}`", index));
      }
      left = fmt::format(
          ", and the failing CREATE INDEX CONCURRENTLY itself left {} behind, marked INVALID "
          "(no query uses it, every write still updates it): drop it with {} before you run it "
          "again",
          fmt::join(invalid_indexes, ", "), fmt::join(drops, " and "));
    }
    return migration_failed(
        fmt::format("{0} of revision {1} ({2}) failed: {3}\nIts statements run outside a "
                    "transaction, so those before the failing one may have taken effect{4}; its "
                    "in-progress marker stays until you check the database and run `retort "
                    "resolve {1} --applied` or `--reverted`",
                    verb(step.step.dir), step.step.revision, step.source_file, what, left),
        step.step.revision, step.source_file, sqlstate, statement);
  }
  return migration_failed(
      fmt::format("{} of revision {} ({}) failed and was rolled back: {}", verb(step.step.dir),
                  step.step.revision, step.source_file, what),
      step.step.revision, step.source_file, sqlstate, statement);
}

// For a `CREATE INDEX CONCURRENTLY`: the INVALID indexes of its table (of its name, when it
// names one), as qualified names. Read before and after a failed build, the difference is
// what the build left. Nothing for other statements, or when the session cannot ask.
std::vector<std::string> invalid_indexes_for(pg::session& session, const sql_statement& statement) {
  auto index = sql_parse::find_concurrent_index(statement.sql);
  if (!index) {
    return {};
  }
  std::vector<std::string> out;
  try {
    auto result = session.exec(sql_statement{
        "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) "
        "FROM pg_catalog.pg_index i "
        "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_class t ON t.oid = i.indrelid "
        "JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace "
        "WHERE NOT i.indisvalid AND t.relname = $2 "
        "AND (CASE WHEN $1 = '' THEN pg_catalog.pg_table_is_visible(t.oid) ELSE tn.nspname = $1 "
        "END) AND ($3 = '' OR c.relname = $3) ORDER BY 1",
        {index->schema, index->table, index->name}});
    for (const auto& row : result.rows) {
      out.push_back(row.at(0).value_or(""));
    }
  } catch (const database_error&) {
    // A lost connection: the failure itself says what happened.
  }
  return out;
}

transaction_ended ended_transaction(const prepared_step& step, std::size_t index,
                                    const sql_statement& statement, bool single_transaction,
                                    bool marked, const std::string& then_failed) {
  return transaction_ended(
      fmt::format(
          "{0} of revision {1} ({2}) ended the transaction retort ran it in: after its statement "
          "{3} of {4}, `{5}`, that transaction was no longer open{8}, so statements 1 to {3}{6} "
          "were committed or discarded by it, not by retort; none after it ran and this step's "
          "version-table change was not made. {7}",
          verb(step.step.dir), step.step.revision, step.source_file, index, step.statements.size(),
          printable(statement.sql),
          single_transaction
              ? ", and every step of this run before it with its version-table change,"
              : "",
          marked ? fmt::format("Its in-progress marker stays until you check the database and "
                               "run `retort resolve {} --applied` or `--reverted`",
                               step.step.revision)
                 : std::string("Check the database by hand before you run it again"),
          then_failed.empty() ? std::string()
                              : fmt::format(" (and the rest of it then failed: {})", then_failed)),
      step.step.revision, step.source_file, "", statement.sql);
}

// The server's id of the transaction a statement runs in. A statement that ends its transaction
// leaves the next one in another (an autocommit one, or one the statement began).
// txid_current(), not pg_current_xact_id(): every supported server has it (13 renamed it).
std::string transaction_id(pg::session& session) {
  auto result = session.exec("SELECT pg_catalog.txid_current()::text");
  return result.rows.at(0).at(0).value_or("");
}

// Asked for before anything of the step runs: a plugin that can no longer be read (deleted
// since it was loaded) refuses the step rather than leaving its history row without the hash.
std::string plugin_sha256_of(const prepared_step& step) {
  if (!step.plugin_sha256.valid()) {
    return {};
  }
  try {
    return step.plugin_sha256.get();
  } catch (const std::exception& e) {
    throw refused_before_running(step, e.what());
  }
}

}  // namespace

executor::executor(pg::session& session, store::version_table& versions, run_mode mode,
                   store::history_table* history)
    : session_(session),
      versions_(versions),
      history_(history),
      mode_(mode),
      transaction_(session, boundary_of(mode)) {}

void executor::run(const std::vector<prepared_step>& steps, const progress& listener) {
  listener_ = &listener;
  run_transaction whole(session_, mode_.single_transaction);
  for (const auto& step : steps) {
    listener.started(step);
    auto start = std::chrono::steady_clock::now();
    try {
      run_with_retries(
          mode_, step.transactional, [&] { run_step(step, start); },
          [&](int n, std::chrono::milliseconds pause, const migration_failed& e) {
            listener.retrying(step, n, pause, e);
          });
    } catch (const backfill_paused&) {
      whole.rollback();
      throw;  // not a failure: the next run continues
    } catch (const migration_failed& e) {
      // Only once nothing of the run's transaction is left can the failure be recorded.
      whole.rollback();
      record_failure(step, std::chrono::steady_clock::now() - start, e);
      throw;
    }
    listener.finished(step, std::chrono::steady_clock::now() - start);
  }
  if (history_ != nullptr && !pending_history_.empty()) {
    auto rows = std::move(pending_history_);
    pending_history_.clear();
    history_->append(rows);  // a failure here leaves `whole` to roll everything back
  }
  whole.commit();
}

bool executor::ended_by_its_own_sql(const prepared_step& step,
                                    const sql_statement* statement) noexcept {
  if (!step.transactional || statement == nullptr || !statement->authored) {
    return false;
  }
  // A statement that failed inside the step's transaction leaves it aborted, and any query
  // fails (25P02); SQL that ended it and then failed leaves the session outside a transaction.
  try {
    (void)transaction_id(session_);
    return true;
  } catch (...) {
    return false;
  }
}

void executor::leave_ended_step(const prepared_step& step, std::size_t index,
                                const sql_statement& statement, const std::string& then_failed) {
  transaction_.rollback();
  session_.rollback();  // a transaction the statement began, or nothing
  bool marked = false;
  if (history_ != nullptr) {
    try {
      session_.begin();
      history_->set_marker({step.step.revision, verb(step.step.dir), "", step.source_file,
                            step.step.heads_removed, step.step.heads_added, ""});
      session_.commit();
      marked = true;
    } catch (const database_error&) {
      session_.rollback();  // the error below still says what happened
    }
  }
  throw ended_transaction(step, index, statement, mode_.single_transaction, marked, then_failed);
}

void executor::record_failure(const prepared_step& step,
                              std::chrono::steady_clock::duration elapsed,
                              const migration_failed& e) noexcept {
  if (history_ == nullptr) {
    return;
  }
  try {
    std::string plugin_sha256;
    try {
      plugin_sha256 = plugin_sha256_of(step);
    } catch (const migration_failed&) {
      // Recorded without it: the failure is what the row is about.
    }
    history_->append({step.step.revision, verb(step.step.dir), "failed", elapsed,
                      step.source_checksum, plugin_sha256, step.source_file, e.what()});
  } catch (...) {
    // A lost connection cannot take the row; the error the caller rethrows says what happened.
  }
}

void executor::run_code(const prepared_step& step, const ops::data_step& code, std::size_t number) {
  if (step.transactional) {
    run_data_step(session_, code);
    return;
  }
  // Between a non-transactional migration's autocommitted statements, a data step gets a
  // transaction of its own: its cursors need one, and its changes stand or fall together, with
  // the record that it finished.
  session_.begin();
  try {
    run_data_step(session_, code);
    if (step.resumable() && history_ != nullptr) {
      history_->record_progress(step.step.revision, number, {.finished = true});
    }
    session_.commit();
  } catch (...) {
    session_.rollback();
    throw;
  }
}

void executor::drop_leftover_index(const sql_statement& statement,
                                   std::vector<std::string>& invalid) {
  // Named, the index is that one: an INVALID index of its name is what a failed build of the
  // same statement left, which would make it fail (or, with IF NOT EXISTS, do nothing).
  const auto index = sql_parse::find_concurrent_index(statement.sql);
  if (!index || index->name.empty() || invalid.empty()) {
    return;
  }
  for (const auto& leftover : invalid) {
    session_.exec(fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {}", leftover));
    step_notes_.push_back(fmt::format(
        "dropped {}, an INVALID index an earlier attempt left, before building it again",
        printable(leftover)));
  }
  invalid.clear();
}

void executor::run_backfill(const prepared_step& step, const ops::backfill& o, std::size_t number,
                            const store::statement_progress& start) {
  backfill_runner runner(session_, step.resumable() ? history_ : nullptr, step.step.revision,
                         number, [&](const ops::backfill& b, const backfill_status& status) {
                           if (listener_ != nullptr) {
                             listener_->backfilled(step, b, status);
                           }
                         });
  const auto status = runner.run(o, start);
  const auto seconds = std::chrono::duration<double>(status.elapsed).count();
  if (status.stopped_by_time_limit) {
    throw backfill_paused(
        fmt::format("{0} of revision {1} ({2}) paused: backfill \"{3}\" reached its time limit of "
                    "{4} s after {5} rows in {6} batches ({7} rows in this run); they stay done. "
                    "Run `retort {0}` again to continue where it stopped",
                    verb(step.step.dir), step.step.revision, step.source_file, printable(o.name),
                    o.time_limit_s, status.rows, status.batches, status.rows_this_run),
        step.step.revision, step.source_file, "", "");
  }
  step_notes_.push_back(
      fmt::format("backfill \"{}\": {} rows in {} batches ({} in {:.1f} s "
                  "of this run)",
                  printable(o.name), status.rows, status.batches, status.rows_this_run, seconds));
}

void executor::run_step(const prepared_step& step, std::chrono::steady_clock::time_point start) {
  // A non-transactional migration runs its statements in autocommit; only its version-table
  // change gets a transaction of its own. Its marker is committed first: if the run dies or a
  // statement fails half-way, the next run finds it and refuses until an operator resolves it.
  const sql_statement* current = nullptr;
  std::vector<std::string> invalid_before;  // INVALID indexes before a CONCURRENTLY build
  step_notes_.clear();
  const bool resumable = step.resumable();
  std::map<std::size_t, store::statement_progress> done;  // a resumed step's, by number
  const auto plugin_sha256 = history_ != nullptr ? plugin_sha256_of(step) : std::string();
  try {
    if (!step.transactional && history_ != nullptr) {
      if (resumable) {
        history_->ensure_progress_table();
      }
      if (step.resuming) {
        done = history_->progress(step.step.revision);
      } else {
        session_.begin();
        if (resumable) {
          history_->clear_progress(step.step.revision);  // left by a run resolved since
        }
        history_->set_marker({step.step.revision, verb(step.step.dir), "", step.source_file,
                              step.step.heads_removed, step.step.heads_added, ""});
        session_.commit();
      }
    }
    if (step.transactional) {
      transaction_.begin();
    }
    std::string transaction;  // read before the first statement of the author's own
    for (std::size_t i = 0; i < step.statements.size(); ++i) {
      const sql_statement& statement = step.statements[i];
      current = &statement;
      const auto number = i + 1;
      if (done[number].finished) {
        continue;
      }
      if (statement.backfill) {
        run_backfill(step, *statement.backfill, number, done[number]);
        continue;
      }
      const bool guarded = step.transactional && (statement.authored || statement.code);
      if (guarded && transaction.empty()) {
        transaction = transaction_id(session_);
      }
      if (statement.code) {
        run_code(step, *statement.code, number);
      } else {
        if (!step.transactional) {
          invalid_before = invalid_indexes_for(session_, statement);
          drop_leftover_index(statement, invalid_before);
        }
        session_.exec(statement);
        if (resumable && history_ != nullptr) {
          // Recorded after it ran: should the run die in between, the next one runs it again.
          history_->record_progress(step.step.revision, number, {.finished = true});
        }
      }
      if (guarded && transaction_id(session_) != transaction) {
        leave_ended_step(step, i + 1, statement);
      }
    }
    current = nullptr;
    if (!step.transactional) {
      transaction_.begin();
    }
    versions_.apply(step.step.heads_removed, step.step.heads_added);
    if (history_ != nullptr) {
      if (!step.transactional) {
        history_->clear_marker(step.step.revision);
        if (resumable) {
          history_->clear_progress(step.step.revision);
        }
      }
      const auto now = std::chrono::steady_clock::now();
      auto detail = step.override_note;
      for (const auto& note : step_notes_) {
        detail += (detail.empty() ? "" : "; ") + note;
      }
      store::history_entry row{
          step.step.revision,   verb(step.step.dir), "applied",        now - start,
          step.source_checksum, plugin_sha256,       step.source_file, detail};
      if (mode_.single_transaction) {
        pending_history_.push_back({std::move(row), now});
      } else {
        history_->append(row);
      }
    }
    transaction_.commit();
  } catch (const database_error& e) {
    if (ended_by_its_own_sql(step, current)) {
      leave_ended_step(step, static_cast<std::size_t>(current - step.statements.data()) + 1,
                       *current, e.what());
    }
    transaction_.rollback();
    std::vector<std::string> left;
    // 42P07: the index was there already, left by an earlier attempt, not by this statement.
    if (!step.transactional && current != nullptr && e.sqlstate() != "42P07") {
      for (auto& index : invalid_indexes_for(session_, *current)) {
        if (std::find(invalid_before.begin(), invalid_before.end(), index) ==
            invalid_before.end()) {
          left.push_back(std::move(index));
        }
      }
    }
    throw failure(step, e.what(), e.sqlstate(), current != nullptr ? current->sql : e.statement(),
                  left);
  }
}

}  // namespace retort::executor
