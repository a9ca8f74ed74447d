#pragma once

#include <retort/graph.hpp>

#include <filesystem>
#include <vector>

/// The build-time check of a plugin's migration sources: what `retort_add_migrations()` runs
/// before it compiles them, so a broken history fails the build rather than the deploy.
namespace retort::scaffold {

struct source_check_options {
  /// Refuse more than one head, for teams that keep a linear history.
  bool single_head = false;
};

/// Reads every file strictly and builds their graph. Throws `source_error` (file and line) for
/// a file it cannot read, and `graph_error` naming the files for a cycle, a duplicate id, a
/// missing parent or, with `single_head`, a second head.
[[nodiscard]] revision_graph check_migration_sources(
    const std::vector<std::filesystem::path>& files, const source_check_options& options);

}  // namespace retort::scaffold
