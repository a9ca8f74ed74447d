#pragma once

// Preparing a run: the migrations' code gives its operations, and they are rendered and checked,
// before anything touches a database. Offline scripts are written from the same steps, so this
// links no database client.
#include <retort/errors.hpp>

#include <future>
#include <map>
#include <string>
#include <vector>

#include "loader/plugin_loader.hpp"
#include "plan/migration_plan.hpp"
#include "render/dialect.hpp"
#include "sql_statement.hpp"

namespace retort::executor {

/// A planned step with its SQL rendered: everything known before the database is touched.
struct prepared_step {
  plan::migration_step step;
  std::string message;
  std::string source_file;
  bool transactional = true;
  std::vector<sql_statement> statements;
  /// The SHA-256 of the migration's normalised source, as its build recorded it.
  std::string source_checksum{};
  /// The SHA-256 of the plugin file the migration's code was loaded from, for its history row:
  /// read beside the run (see digest::file_hashes); none when nothing is recorded.
  std::shared_future<std::string> plugin_sha256{};
  /// Why the step ran although a policy forbids it; recorded in its history row.
  std::string override_note{};
  /// An interrupted resumable step (one with a backfill) that this run continues: its marker is
  /// there, and its finished statements and batches are skipped.
  bool resuming = false;

  /// Whether an interrupted run of the step continues where it stopped: a non-transactional
  /// step with a backfill, whose progress is recorded statement by statement.
  [[nodiscard]] bool resumable() const noexcept;
};

/// Alembic's progress line, `Running upgrade a -> b, message`; online and offline print the same.
[[nodiscard]] std::string running_line(const prepared_step& step,
                                       const std::vector<std::string>& parents);

/// Calls the step's `upgrade()`/`downgrade()` and renders the operations; throws
/// `migration_failed` for a throwing migration or a statement that cannot run in the migration's
/// transaction mode.
[[nodiscard]] prepared_step prepare_step(
    const plan::migration_step& step,
    const std::map<std::string, const loaded_migration*>& migrations,
    const render::dialect& dialect);

/// `prepare_step()` for every step, all before any runs: a refusal comes before anything is
/// applied.
[[nodiscard]] std::vector<prepared_step> prepare(
    const std::vector<plan::migration_step>& steps,
    const std::map<std::string, const loaded_migration*>& migrations,
    const render::dialect& dialect);

/// A step refused while it was prepared, or before it ran: nothing of it ran, so nothing needs
/// rolling back.
[[nodiscard]] migration_failed refused_before_running(const prepared_step& step,
                                                      const std::string& what,
                                                      const std::string& statement = {});

}  // namespace retort::executor
