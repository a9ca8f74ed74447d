#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pg/session.hpp"
#include "store/version_table.hpp"

namespace retort::store {

/// One row to append to the history table. `direction` is upgrade, downgrade, stamp, repair or
/// resolve; `outcome` is applied or failed for upgrade and downgrade, stamped or unstamped for
/// stamp, accepted for repair, applied or reverted for resolve (docs/architecture.md).
struct history_entry {
  std::string revision;
  std::string direction;
  std::string outcome;
  std::chrono::steady_clock::duration duration{};
  std::string source_checksum{};  ///< empty: NULL
  std::string plugin_sha256{};    ///< empty: NULL
  std::string source_file{};      ///< empty: NULL
  std::string detail{};           ///< an error, a previous checksum; empty: NULL
};

/// A row of the history table as `retort log` shows it; NULLs are empty strings.
struct history_row {
  std::string id, revision, direction, outcome, started_at, duration_ms, db_user, os_user, host,
      application_name, client_addr, source_checksum, plugin_sha256, source_file, detail;
};

/// A non-transactional step that began and has not been cleared: it was interrupted, failed
/// half-way, or is running now.
struct in_progress_marker {
  std::string revision;
  std::string direction;
  std::string started_at;
  std::string source_file;
  std::vector<std::string> heads_removed;  ///< the step's version-table change, had it finished
  std::vector<std::string> heads_added;
  std::string backend_pid;
};

/// How far an interrupted non-transactional step got with one of its statements (numbered from
/// 1): finished, or, for a backfill, the last key done and the totals so far.
struct statement_progress {
  std::optional<std::string> last_key{};
  std::int64_t rows = 0;
  std::int64_t batches = 0;
  bool finished = false;
};

/// The tables retort keeps beside the schema it migrates, unqualified (they live in the version
/// table's schema): the version table itself, its history and its in-progress markers. Schema
/// comparisons leave them out, as Alembic leaves out its version table.
[[nodiscard]] std::vector<std::string> bookkeeping_table_names(const std::string& version_table);
/// The functions beside them (the trigger that keeps the history append-only).
[[nodiscard]] std::vector<std::string> bookkeeping_function_names(const std::string& version_table);

/// The audit tables beside a version table `T`, in its schema: `T_history`, append-only (a
/// trigger refuses UPDATE, DELETE and TRUNCATE), and `T_in_progress`, the markers of
/// non-transactional steps. Read-only methods never create them.
class history_table {
 public:
  history_table(pg::session& session, const version_table_location& location);

  [[nodiscard]] bool exists();
  /// Creates both tables and the trigger, in one transaction, if the history table is missing.
  void ensure_exists();

  /// Appends a row in the session's current transaction (or alone, in autocommit). Who and from
  /// where are filled in: current_user, application_name and inet_client_addr() by the server,
  /// the OS user and host name by this process.
  void append(const history_entry& entry);
  /// A row appended after its step ended: `ended` is when it did, so its started_at is what an
  /// append at that moment would have recorded.
  struct late_entry {
    history_entry entry;
    std::chrono::steady_clock::time_point ended;
  };
  /// Appends rows, in order, in the session's current transaction with one statement: a
  /// single-transaction run, whose rows commit together anyway, writes them all at its end
  /// rather than one round trip a step.
  void append(const std::vector<late_entry>& entries);
  /// Newest first; `limit` 0 means all; `revision` empty means every revision.
  [[nodiscard]] std::vector<history_row> rows(std::size_t limit, const std::string& revision);

  /// The checksum each revision was last applied, repaired or resolved with; revisions the
  /// history does not know are absent.
  [[nodiscard]] std::map<std::string, std::string> accepted_checksums();
  /// The revisions whose last upgrade, downgrade or resolve row leaves them applied.
  [[nodiscard]] std::set<std::string> applied_revisions();

  /// The markers of interrupted steps; empty when their table does not exist.
  [[nodiscard]] std::vector<in_progress_marker> markers();
  /// The same, of a markers table the caller knows to exist: one round trip less.
  [[nodiscard]] std::vector<in_progress_marker> existing_markers();
  /// Commits nothing itself: the caller commits the marker before the step's first statement.
  void set_marker(const in_progress_marker& marker);
  /// Removes the marker of `revision`; throws `database_error` unless exactly one was removed.
  void clear_marker(const std::string& revision);

  /// Creates the progress table of resumable steps if it is missing (autocommit).
  void ensure_progress_table();
  /// The progress of `revision`'s statements, by number; empty when none was recorded.
  [[nodiscard]] std::map<std::size_t, statement_progress> progress(const std::string& revision);
  /// Records statement `statement`'s progress in the session's current transaction.
  void record_progress(const std::string& revision, std::size_t statement,
                       const statement_progress& progress);
  /// Forgets `revision`'s progress, when its step finishes or is resolved.
  void clear_progress(const std::string& revision);

  [[nodiscard]] const std::string& qualified_name() const noexcept { return history_; }
  [[nodiscard]] const std::string& markers_name() const noexcept { return markers_; }

 private:
  pg::session& session_;
  std::string schema_;
  std::string history_;
  std::string markers_;
  std::string progress_;
  std::string function_;
};

}  // namespace retort::store
