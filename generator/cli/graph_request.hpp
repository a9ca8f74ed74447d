#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config.hpp"

namespace retort::cli {

/// A read-only graph verb: `heads`, `branches`, `history` without the database and `show` of
/// revisions, which plugin metadata alone answers; `current`, which reads the version table; and
/// the offline scripts of `upgrade --sql` and `downgrade --sql`, which need the plugins' code but
/// no database.
struct graph_request {
  enum class verb { heads, branches, history, show, current, upgrade_sql, downgrade_sql };
  verb what = verb::heads;
  /// Only `url`, `plugins`, `config_file`, `environment`, `version_table`,
  /// `version_table_schema` and `single_transaction` are ever set.
  flags given{};
  bool verbose = false;
  bool resolve_dependencies = false;
  bool check_heads = false;  ///< current's `--check-heads`
  std::string range{};       ///< history's `-r`
  std::string target{};      ///< show's revision; upgrade's or downgrade's `[start:]end`
};

/// The request `arguments` (the command line without the program name) make, or nothing when
/// anything in them lies outside the few spellings read here: another verb or option, `--help`,
/// `--bundle`, `-i`, a range or target that names `current`, `--`, `--opt=value` of an option not
/// listed, `upgrade` or `downgrade` without `--sql`. Then the full command takes the line, and with
/// it every check and error message; so this reader only has to be right about what it accepts,
/// never about what it refuses.
[[nodiscard]] std::optional<graph_request> graph_request_of(
    const std::vector<std::string_view>& arguments);

}  // namespace retort::cli
