#pragma once

#include <retort/graph.hpp>

#include <string>
#include <vector>

namespace retort::testing {

/// One revision for a hand-built graph: id, down revisions, and optionally labels/dependencies.
struct rev {
  std::string id;
  std::vector<std::string> down{};
  std::vector<std::string> labels{};
  std::vector<std::string> depends_on{};
};

inline revision_graph graph_of(const std::vector<rev>& revisions) {
  std::vector<revision_info> infos;
  for (const auto& r : revisions) {
    infos.push_back({.revision = r.id,
                     .down_revisions = r.down,
                     .branch_labels = r.labels,
                     .depends_on = r.depends_on,
                     .message = "message of " + r.id,
                     .source = r.id + ".cpp"});
  }
  return revision_graph(std::move(infos));
}

}  // namespace retort::testing
