#pragma once

#include <retort/errors.hpp>
#include <retort/graph.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "executor/prepare.hpp"
#include "loader/plugin_loader.hpp"
#include "plan/migration_plan.hpp"
#include "store/version_table_sql.hpp"

/// Offline mode (Alembic's `--sql`): the SQL of an upgrade, downgrade or stamp written as a
/// script for `psql`, with no database. The statements come from the code online runs
/// (`executor::prepare`, `store::version_table_sql`), so the two cannot drift; only parameters
/// are inlined, as literals (`render::sql_literal`).
namespace retort::offline {

/// A migration, or a statement of one, that a script cannot carry; nothing was printed.
class unsupported : public error {
 public:
  unsupported(const std::string& message, std::string revision, std::string file)
      : error(message), revision_(std::move(revision)), file_(std::move(file)) {}
  [[nodiscard]] const std::string& revision() const noexcept { return revision_; }
  /// The migration's source file; empty when the refusal is not about one migration.
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  std::string revision_;
  std::string file_;
};

struct script_options {
  store::version_table_location version_table{};
  /// One `BEGIN` ... `COMMIT` around the whole script (`--single-transaction`); a
  /// non-transactional migration is then refused. Otherwise one transaction per migration,
  /// exactly as online.
  bool single_transaction = false;
};

/// `[start:]end` as `--sql` takes it; `start` is empty when not given.
struct range {
  std::optional<std::string> start;
  std::string end;
};

/// Splits `text` at its one `:`; throws `config_error` for an empty start or end, or a second
/// `:`.
[[nodiscard]] range parse_range(std::string_view text);

/// The version-table rows a script starts from: `start` as `show` reads it (an id, a prefix, a
/// label, `heads`, ...), none for `base`. Throws `target_error`/`graph_error` as online would for
/// rows that do not fit the graph.
[[nodiscard]] std::vector<std::string> starting_heads(const revision_graph& graph,
                                                      std::string_view start);

/// The script for prepared steps. `create_version_table` puts the version table's `CREATE`
/// first (when starting from base, as Alembic). Per migration: a `-- Running upgrade a -> b,
/// message` comment, its statements, its version-table statements, each ending in `;`, within
/// `BEGIN;`/`COMMIT;`; a non-transactional migration's statements stand outside, and only its
/// version-table change gets a transaction, as online. Throws `unsupported`, naming the
/// revision, its file and the statement, for anything a script cannot carry.
[[nodiscard]] std::string render_steps(const std::vector<executor::prepared_step>& steps,
                                       const revision_graph& graph, bool create_version_table,
                                       const script_options& options);

/// The script of `upgrade [start:]end --sql`: from base (creating the version table) when there
/// is no start. Runs the migrations' `upgrade()` for their operations, nothing else.
[[nodiscard]] std::string upgrade_script(
    const revision_graph& graph, const std::map<std::string, const loaded_migration*>& migrations,
    std::string_view range_text, const script_options& options);

/// The script of `downgrade start:end --sql`; the start is required, as in Alembic.
[[nodiscard]] std::string downgrade_script(
    const revision_graph& graph, const std::map<std::string, const loaded_migration*>& migrations,
    std::string_view range_text, const script_options& options);

/// The script of `stamp [start:]target... --sql`: the version-table statements only, in one
/// transaction; from base (creating the table) when no start is given. All targets share one
/// start, as in Alembic; `--purge` is refused (a script cannot know what the table holds).
[[nodiscard]] std::string stamp_script(const revision_graph& graph,
                                       const std::vector<std::string>& targets, bool purge,
                                       const script_options& options);

}  // namespace retort::offline
