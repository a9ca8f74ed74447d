#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/manifest.hpp"
#include "plan/migration_plan.hpp"

/// A plan: the exact steps a run will take on one database, made in advance for review and
/// applied only while the database and the bundle are still what it was made from.
namespace retort::bundle {

inline constexpr int plan_format_version = 1;

struct planned_step {
  plan::migration_step step;
  std::string message;
  bool transactional = true;
  rendered_direction rendered;  ///< from the bundle's manifest
};

struct plan_document {
  int format_version = plan_format_version;
  std::string retort_version;
  /// The SHA-256 of the bundle's `manifest.json`.
  std::string bundle_identity;
  /// The database, with any password removed: for the reader; apply checks the version table's
  /// contents, not the URL.
  std::string database;
  std::string version_table;  ///< `schema.table` or `table`
  std::string target;
  /// The version table's rows when the plan was made, sorted; empty: base.
  std::vector<std::string> heads;
  std::vector<planned_step> steps;
};

/// The plan's steps with the manifest's SQL and operations for each.
[[nodiscard]] std::vector<planned_step> describe_steps(
    const manifest& m, const std::vector<plan::migration_step>& steps);

/// The plan as the text of `plan.json` (deterministic, like a manifest).
[[nodiscard]] std::string to_json(const plan_document& plan);
/// Parses `plan.json`; throws `bundle_error` naming `origin`.
[[nodiscard]] plan_document parse_plan(std::string_view text, std::string_view origin);

/// What no longer matches between `plan` and now: the bundle, the version table, the
/// database's heads or the steps a run would take. Empty when everything matches; otherwise
/// one sentence per difference.
[[nodiscard]] std::vector<std::string> plan_drift(
    const plan_document& plan, std::string_view bundle_identity, std::string_view version_table,
    std::vector<std::string> heads_now, const std::vector<plan::migration_step>& steps_now);

}  // namespace retort::bundle
