#pragma once

#include <retort/graph.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "lint/lint_migration.hpp"
#include "verify/verify_history.hpp"

namespace retort::lint {

/// What lint needs of a revision besides its operations.
struct revision_facts {
  std::string source;  ///< the migration's source file
  bool transactional = true;
};

struct history_findings {
  std::size_t revisions = 0;  ///< linted: those whose `upgrade()` gave operations
  std::vector<finding> findings{};
};

/// Lints each revision of `wanted`, in that order (every revision, in topological order, when
/// empty), against the schema the replay of its ancestors leaves: the replay `verify` builds.
/// A revision whose code throws is skipped; `verify` reports it.
[[nodiscard]] history_findings lint_history(
    const revision_graph& graph, const verify::migration_code& code,
    const std::function<revision_facts(const std::string& revision)>& facts,
    const std::vector<std::string>& wanted, const settings& project = {},
    const table_sizes* live = nullptr);

}  // namespace retort::lint
