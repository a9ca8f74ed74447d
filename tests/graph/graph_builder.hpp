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

/// The graph of the integration tests' bundle (tests/integration/plugins/branchy): two
/// lineages with labels, a merge, a cross-lineage dependency and a cross-lineage merge.
inline std::vector<rev> integration_bundle() {
  return {{"c1000000000a", {}, {"core"}},
          {"c2000000000a", {"c1000000000a"}},
          {"c3000000000a", {"c2000000000a"}, {"feature_a"}},
          {"c4000000000b", {"c2000000000a"}, {"feature_b"}},
          {"c5000000000b", {"c4000000000b"}},
          {"c6000000000c", {"c3000000000a", "c5000000000b"}},
          {"c7000000000c", {"c6000000000c"}},
          {"c8000000000c", {"c6000000000c"}},
          {"r1000000000r", {}, {"reports"}},
          {"r2000000000r", {"r1000000000r"}, {}, {"c4000000000b"}},
          {"r3000000000r", {"r2000000000r", "c8000000000c"}}};
}

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
