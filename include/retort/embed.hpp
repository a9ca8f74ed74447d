#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Migrating from inside an application, typically at start-up. No Boost, libpqxx or runtime
/// internals appear here: link `retort::runtime` and include this header.
///
///     auto report = retort::upgrade({.url = db_url, .plugin_directory =
///     "/usr/lib/myapp/migrations"}); if (!report.ok()) { log(report.failure->message); return 1; }
namespace retort {

struct embedded_options {
  std::string url;               ///< libpq URL or key=value string
  std::string plugin_directory;  ///< directory of migration plugins (`*.so`)
  std::string target = "head";   ///< any upgrade target: head, heads, a revision, label@head
  std::string version_table = "alembic_version";
  std::string version_table_schema{};
  /// Receives the lines the CLI would print (`Running upgrade a -> b, message (1.2 ms)`).
  std::function<void(std::string_view)> log = [](std::string_view) {};
  /// How long to wait while another instance holds the database's migration lock (instances
  /// starting together: one migrates, the others wait, then find nothing to do). Zero: give up
  /// at once.
  std::chrono::milliseconds lock_timeout = std::chrono::seconds(60);
  /// PostgreSQL `lock_timeout` of the migrating connection (zero: none).
  std::chrono::milliseconds pg_lock_timeout = std::chrono::seconds(10);
  /// PostgreSQL `statement_timeout` of the migrating connection (zero: none).
  std::chrono::milliseconds statement_timeout{0};
  /// How often a migration that hit `pg_lock_timeout` is retried after its rollback.
  int retries = 0;
  /// All migrations in one transaction: all applied, or none.
  bool single_transaction = false;
};

/// Why a run stopped. What was applied before it stays applied.
struct embedded_failure {
  std::string message;   ///< the whole explanation, passwords removed
  std::string revision;  ///< the migration that failed; empty when none had started
  std::string sqlstate;  ///< empty when the failure did not come from SQL
  std::string statement;
  /// Another session held the migration lock past `lock_timeout`; nothing was changed.
  bool lock_timeout = false;
};

struct embedded_report {
  std::vector<std::string> heads_before;  ///< the version table before the run
  std::vector<std::string> applied;       ///< revisions applied, in order, before any failure
  std::vector<std::string> heads_after;   ///< the version table after the run (best effort)
  std::optional<embedded_failure> failure;

  [[nodiscard]] bool ok() const noexcept { return !failure.has_value(); }
};

/// Upgrades the database to `options.target`. Never throws for a failed migration, a bad plugin
/// or an unreachable database: the report says what happened.
[[nodiscard]] embedded_report upgrade(const embedded_options& options);

}  // namespace retort
