#include "scaffold/source_check.hpp"

#include <retort/errors.hpp>

#include <fmt/format.h>

#include "scaffold/source_reader.hpp"

namespace retort::scaffold {

revision_graph check_migration_sources(const std::vector<std::filesystem::path>& files,
                                       const source_check_options& options) {
  std::vector<migration_source> sources;
  sources.reserve(files.size());
  for (const auto& file : files) {
    try {
      sources.push_back(read_migration_file(file));
    } catch (const missing_header_error&) {
      // A plugin may compile helper sources beside its migrations. A migration file that lost
      // its header cannot slip through: RETORT_MIGRATION is what registers it.
    }
  }
  auto graph = make_graph(sources);
  if (options.single_head && graph.heads().size() > 1) {
    std::vector<std::string> named;
    for (const auto& head : graph.heads()) {
      named.push_back(fmt::format("{} ({})", head, graph.at(head).source));
    }
    throw graph_error(
        fmt::format("the migrations have {} heads and SINGLE_HEAD allows one: {}; merge them with "
                    "`retort merge -m \"...\" heads`",
                    named.size(), fmt::join(named, ", ")));
  }
  return graph;
}

}  // namespace retort::scaffold
