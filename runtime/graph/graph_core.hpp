#pragma once

// The revision graph's internals, shared by the graph and plan layers (never installed).
// Revisions are addressed by their position in discovery order, which is the order of Alembic's
// `RevisionMap._revision_map` and breaks every tie the way Alembic does.

#include <retort/graph.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/edge_list.hpp"
#include "graph/id_index.hpp"

namespace retort::detail {

using rev_list = std::vector<rev>;

/// Either kind of list, read.
[[nodiscard]] inline std::span<const rev> view(const edge_list& list) noexcept {
  return {list.data(), list.size()};
}
[[nodiscard]] inline std::span<const rev> view(const rev_list& list) noexcept {
  return list;
}

struct graph_core {
  std::vector<revision_info> infos;  // discovery order; never resized once built
  id_index ids;
  id_index labels;  // declared labels only
  // Each id a squash revision replaces: the squash, and the id's position in its `replaces`.
  std::unordered_map<std::string_view, std::pair<rev, std::uint32_t>> replaced;

  // Alembic's views of the edges, each in declaration order:
  std::vector<edge_list> down;       // _versioned_down_revisions
  std::vector<edge_list> deps;       // _resolved_dependencies, deduplicated
  std::vector<edge_list> norm_down;  // _normalized_down_revisions: down + deps no ancestor has
  std::vector<edge_list> all_down;   // _all_down_revisions: down + deps
  std::vector<edge_list> next;       // nextrev: children by down_revision, discovery order
  std::vector<edge_list> all_next;   // _all_nextrev: children by down_revision or depends_on

  rev_list order;                   // one topological order (parents first)
  std::vector<std::uint32_t> rank;  // position in `order`

  rev_list heads;       // nothing names them as down_revision
  rev_list real_heads;  // nothing names them as down_revision or depends_on
  rev_list bases;       // no down_revision

  std::vector<std::string> label_names;  // label id -> label
  // Sorted label ids, inherited ones too; shared along plain lines.
  std::vector<std::shared_ptr<const std::vector<std::uint32_t>>> effective_labels;

  [[nodiscard]] std::size_t size() const noexcept { return infos.size(); }
  [[nodiscard]] const std::string& id(rev r) const { return infos[r].revision; }
  [[nodiscard]] bool is_merge_point(rev r) const { return down[r].size() > 1; }
  [[nodiscard]] bool is_real_branch_point(rev r) const { return all_next[r].size() > 1; }
  [[nodiscard]] bool has_label(rev r, std::string_view label) const;

  using key = std::pair<std::string_view, rev>;
  /// Every id and label with its revision, sorted by text: prefix lookups by binary search.
  /// Sorted on first use, which most commands never make (sorting 5,000 ids was a quarter of
  /// building the graph); safe to call from several threads.
  [[nodiscard]] const std::vector<key>& sorted_keys() const;

 private:
  mutable std::once_flag keys_sorted_;
  mutable std::vector<key> keys_;
};

/// The graph behind a `revision_graph`, for the layers that plan with it.
const graph_core& core_of(const revision_graph& graph) noexcept;

/// A set of revisions with O(1) membership, remembering insertion order.
class rev_set {
 public:
  explicit rev_set(std::size_t universe) : on_(universe, 0) {}
  bool insert(rev r) {
    if (on_[r] != 0) {
      return false;
    }
    on_[r] = 1;
    members_.push_back(r);
    return true;
  }
  [[nodiscard]] bool contains(rev r) const { return on_[r] != 0; }
  [[nodiscard]] const rev_list& members() const noexcept { return members_; }
  [[nodiscard]] std::size_t size() const noexcept { return members_.size(); }
  [[nodiscard]] bool empty() const noexcept { return members_.empty(); }
  /// Keeps the members `keep` accepts, in their order.
  template <typename Keep>
  void retain(Keep keep) {
    rev_list kept;
    for (auto r : members_) {
      if (keep(r)) {
        kept.push_back(r);
      } else {
        on_[r] = 0;
      }
    }
    members_ = std::move(kept);
  }

 private:
  std::vector<std::uint8_t> on_;
  rev_list members_;
};

/// Everything reachable from `starts` (included) along `edges`.
rev_set closure(const graph_core& g, const rev_list& starts, const std::vector<edge_list>& edges);

/// Whether one of `starts` is reachable from another along `edges`: Alembic's `check=True`.
/// Returns the pair (from, reached) when so.
std::optional<std::pair<rev, rev>> find_overlap(const graph_core& g, const rev_list& starts,
                                                const std::vector<edge_list>& edges);

}  // namespace retort::detail
