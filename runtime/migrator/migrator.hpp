#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <retort/graph.hpp>

#include "bundle/verified_bundle.hpp"
#include "executor/executor.hpp"
#include "lint/lint_migration.hpp"
#include "loader/plugin_loader.hpp"
#include "loader/plugin_metadata.hpp"
#include "migrator/concurrency.hpp"
#include "migrator/environment_policy.hpp"
#include "plan/migration_plan.hpp"
#include "store/history_table.hpp"
#include "store/version_table.hpp"
#include "verify/verify_history.hpp"

namespace retort {

namespace pg {
class session;
}
namespace store {
class advisory_lock;
}

struct migrator_options {
  std::string url;
  std::filesystem::path plugin_directory;
  /// Plugin files to use instead of `plugin_directory` (what the build verifies).
  std::vector<std::filesystem::path> plugin_files{};
  store::version_table_location version_table{};
  /// Receives each line meant for the user (`Running upgrade a -> b, message (3 ms)`).
  std::function<void(std::string_view)> out = [](std::string_view) {};
  /// Locking, timeouts, retries and transaction mode of upgrade, downgrade and stamp.
  concurrency_options concurrency{};
  /// Whether downgrades are allowed in the target environment.
  environment_policy policy{};
  /// Run although the history names applied revisions that no plugin declares.
  bool allow_missing = false;
  /// A verified bundle to take the migrations from, instead of `plugin_directory`: the graph
  /// comes from its manifest, and code is loaded only from sealed copies of its verified bytes.
  std::shared_ptr<const bundle::verified_bundle> bundle{};
  /// Hears about each committed batch of a backfill (the CLI's progress line on a terminal).
  std::function<void(const ops::backfill&, const executor::backfill_status&)> backfill_progress{};
};

/// What `apply` checks under the migration lock before anything runs; each throws to refuse.
struct run_checks {
  /// The version table's rows and the steps planned from them.
  std::function<void(const std::vector<std::string>& heads,
                     const std::vector<plan::migration_step>& steps)>
      planned = [](const std::vector<std::string>&, const std::vector<plan::migration_step>&) {};
  /// The steps with their statements rendered, before the first one runs.
  std::function<void(const std::vector<executor::prepared_step>&)> prepared =
      [](const std::vector<executor::prepared_step>&) {};
};

/// Where a database stands and what a run would do there, read without running migration code.
struct pending_run {
  std::vector<std::string> heads;
  std::vector<plan::migration_step> steps;
};

/// What `retort lint` found, and in how many revisions.
struct lint_report {
  std::size_t revisions = 0;
  std::vector<lint::finding> findings{};
  [[nodiscard]] std::size_t count(lint::level level) const noexcept;
};

/// The commands that read or change a database, in Alembic's terms. Plugins are loaded and the
/// graph is validated before any connection is made, so a broken plugin means nothing runs.
class migrator {
 public:
  explicit migrator(migrator_options options);
  ~migrator();
  migrator(const migrator&) = delete;
  migrator& operator=(const migrator&) = delete;

  /// The revision graph of the loaded plugins (loads them on first use).
  [[nodiscard]] const revision_graph& graph();

  /// Loads and checks every plugin, and `target` against the graph, without connecting: what
  /// `upgrade` and `downgrade` check before they touch a database.
  void check_target(plan::direction dir, std::string_view target);
  /// Applies what `target` needs; returns the revisions applied, in order.
  std::vector<std::string> upgrade(std::string_view target);
  /// Reverts down to `target`; returns the revisions reverted, in order.
  std::vector<std::string> downgrade(std::string_view target);
  /// As `upgrade`/`downgrade`, with `checks` called under the lock before anything runs.
  std::vector<std::string> migrate_checked(plan::direction dir, std::string_view target,
                                           const run_checks& checks);
  /// The database's heads and the steps towards `target` from there, without the lock and
  /// without loading any plugin code: what a plan records.
  [[nodiscard]] pending_run pending(plan::direction dir, std::string_view target);
  /// Sets the version table to `targets` without running any migration. `purge` first empties
  /// a table that holds revisions the plugins do not know. In a forward-only environment a
  /// stamp that moves any row down, and any `purge`, is refused unless `force_downgrade`.
  void stamp(const std::vector<std::string>& targets, bool purge);
  /// `create-all`: on an empty database, runs `schema` (the operations that build the model)
  /// and stamps the heads, all in one transaction; returns the heads stamped. Refuses
  /// (`database_not_empty`) a database holding anything but retort's own tables, or whose
  /// version table has rows.
  std::vector<std::string> create_all(const operations& schema);
  /// The revisions in the version table; never creates it.
  [[nodiscard]] std::vector<std::string> current();
  /// Offline mode (`--sql`): the script `upgrade [start:]end` would run, built without
  /// connecting; `single_transaction` puts it all in one transaction.
  [[nodiscard]] std::string upgrade_sql(std::string_view range, bool single_transaction = false);
  /// The script of `downgrade start:end`; the start is required.
  [[nodiscard]] std::string downgrade_sql(std::string_view range, bool single_transaction = false);
  /// The version-table statements of `stamp [start:]target...`.
  [[nodiscard]] std::string stamp_sql(const std::vector<std::string>& targets, bool purge,
                                      bool single_transaction = false);
  /// Replays every migration's operations on the schema model in graph order, checking each
  /// downgrade() against the schema its upgrade() started from; loads the plugins' code, never
  /// connects.
  [[nodiscard]] verify::report verify();
  /// The schema the compiled migrations build up to `revisions` (together), as `verify`
  /// replays them; no connection. Throws `graph_error` for a revision no plugin declares.
  [[nodiscard]] model::schema schema_after(const std::vector<std::string>& revisions);
  /// Lints the `upgrade()` of every revision in `range` (empty: all, in graph order; `A:B` as
  /// `history` reads it; or one revision): what would lock or lose data in production.
  /// Loads the plugins' code, never connects.
  [[nodiscard]] lint_report lint(std::string_view range, const lint::settings& project = {},
                                 const lint::table_sizes* live = nullptr);
  /// Accepts the current source checksum of every applied migration whose source changed since
  /// it was applied, with a `repair` row in the history for each; returns their revisions.
  std::vector<std::string> repair();
  /// Clears the in-progress marker of `revision`, left by an interrupted non-transactional step.
  /// `applied`: the revision's changes are in place, so the version table gets the step's change
  /// if it was an upgrade; otherwise they are not, and it gets it if it was a downgrade.
  void resolve(const std::string& revision, bool applied);
  /// The history table, newest first; `limit` 0 means all. Read-only: never creates it.
  [[nodiscard]] std::vector<store::history_row> log(std::size_t limit, const std::string& revision);
  /// The in-progress markers; read-only.
  [[nodiscard]] std::vector<store::in_progress_marker> in_progress();
  /// What the last upgrade or downgrade completed, also when it then failed.
  [[nodiscard]] const std::vector<std::string>& applied_in_last_run() const noexcept {
    return applied_in_last_run_;
  }

 private:
  void load();
  void load_code();
  pg::session& connect();
  // Takes the database's migration lock and sets the migrating session's timeouts
  // (run_guard.cpp); every command that changes the database holds it while it runs.
  std::unique_ptr<store::advisory_lock> lock_for_run();
  void refuse_non_transactional(const std::vector<plan::migration_step>& steps) const;
  std::vector<std::string> migrate(plan::direction dir, std::string_view target,
                                   const run_checks& checks = {});
  std::vector<std::string> heads_checked(store::version_table& versions);
  // The loaded migrations by revision id, for prepare, offline scripts, verify and lint.
  [[nodiscard]] std::map<std::string, const loaded_migration*> migrations_by_revision() const;
  // In a forward-only environment, refuses (policy_error) a stamp that leaves a revision of
  // `rows` unapplied, and any --purge, unless forced; returns the note a forced one records.
  std::string check_stamp_policy(const std::vector<std::string>& rows,
                                 const plan::stamp_change& change, bool purge);
  // `resuming`: the revision of an interrupted resumable step the first step continues.
  std::vector<std::string> run(std::vector<plan::migration_step> steps,
                               store::history_table& history, const run_checks& checks,
                               const std::string& resuming = {});
  // Refuses (integrity_error) an in-progress marker, a missing applied revision or a changed
  // checksum (integrity.cpp); runs after the lock, before anything changes. With `may_resume`,
  // the one marker of a resumable step (a backfill's) is returned instead: the run continues it.
  std::optional<store::in_progress_marker> check_integrity(store::history_table& history,
                                                           const std::vector<std::string>& heads,
                                                           bool may_resume = false);
  // Whether `marker`'s step continues where it stopped when run again (a backfill's).
  [[nodiscard]] bool resumable(const store::in_progress_marker& marker) const;
  // The refusal of `marker` when the run cannot continue it.
  [[nodiscard]] integrity_error unresumable(const store::in_progress_marker& marker) const;
  struct checksum_change {
    std::string revision, source_file, recorded, current;
  };
  std::vector<checksum_change> changed_checksums(store::history_table& history,
                                                 const std::vector<std::string>& heads);
  [[nodiscard]] const migration_metadata* metadata_of(const std::string& revision) const;
  void check_version_width(store::version_table& versions,
                           const std::vector<plan::migration_step>& steps);

  migrator_options options_;
  std::vector<migration_metadata> metadata_;
  // metadata_ by revision, made on the first lookup: an integrity check looks up every applied
  // revision, and scanning for each was quadratic in the length of the history.
  mutable std::unordered_map<std::string_view, const migration_metadata*> metadata_by_revision_;
  // Before migrations_: the sealed plugin files must outlive the libraries loaded from them.
  std::shared_ptr<const bundle::sealed_plugins> sealed_;
  std::vector<loaded_migration> migrations_;
  std::optional<revision_graph> graph_;
  std::unique_ptr<pg::session> session_;
  std::vector<std::string> applied_in_last_run_;
};

}  // namespace retort
