#include <retort/errors.hpp>
#include <retort/graph.hpp>
#include <retort/migration_info.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "graph/graph_core.hpp"
#include "graph/revision_map.hpp"
#include "printable.hpp"

namespace retort {

namespace detail {

const std::vector<graph_core::key>& graph_core::sorted_keys() const {
  std::call_once(keys_sorted_, [this] {
    keys_.reserve(ids.size() + labels.size());
    for (const auto& [id, r] : ids) {
      keys_.emplace_back(id, r);
    }
    for (const auto& [label, r] : labels) {
      keys_.emplace_back(label, r);
    }
    std::sort(keys_.begin(), keys_.end());
  });
  return keys_;
}

bool graph_core::has_label(rev r, std::string_view label) const {
  for (auto l : *effective_labels[r]) {
    if (label_names[l] == label) {
      return true;
    }
  }
  return false;
}

const graph_core& core_of(const revision_graph& graph) noexcept {
  return *graph.core_;
}

rev_set closure(const graph_core& g, const rev_list& starts, const std::vector<edge_list>& edges) {
  rev_set out(g.size());
  rev_list stack;
  for (auto s : starts) {
    if (out.insert(s)) {
      stack.push_back(s);
    }
  }
  while (!stack.empty()) {
    rev r = stack.back();
    stack.pop_back();
    for (auto n : edges[r]) {
      if (out.insert(n)) {
        stack.push_back(n);
      }
    }
  }
  return out;
}

std::optional<std::pair<rev, rev>> find_overlap(const graph_core& g, const rev_list& starts,
                                                const std::vector<edge_list>& edges) {
  auto strictly_reached_from = [&](const rev_list& from) {
    rev_list first;
    for (auto s : from) {
      first.insert(first.end(), edges[s].begin(), edges[s].end());
    }
    return closure(g, first, edges);
  };
  auto reached = strictly_reached_from(starts);
  for (auto s : starts) {
    if (reached.contains(s)) {
      for (auto other : starts) {
        if (other != s && strictly_reached_from({other}).contains(s)) {
          return std::pair{other, s};
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace detail

namespace {

using detail::edge_list;
using detail::rev;
using detail::rev_list;

std::string describe(const revision_info& info) {
  return info.source.empty() ? fmt::format("revision {}", info.revision)
                             : fmt::format("revision {} ({})", info.revision, info.source);
}

// Words that are targets themselves: a revision or label spelled so could never be named.
bool is_reserved(std::string_view id) {
  constexpr std::array reserved{"head", "heads", "base", "current"};
  return std::find(reserved.begin(), reserved.end(), id) != reserved.end();
}

template <class List>
void append_unique(List& list, rev r) {
  if (std::find(list.begin(), list.end(), r) == list.end()) {
    list.push_back(r);
  }
}

class builder {
 public:
  explicit builder(detail::graph_core& g) : g_(g) {}

  void build() {
    index_revisions();
    index_labels();
    index_replaced();
    link();
    sort();
    normalize_dependencies();
    find_ends();
    apply_labels();
  }

 private:
  detail::graph_core& g_;
  rev_list order_;  // topological, parents first

  void index_revisions() {
    g_.ids.reserve(g_.size());
    for (rev i = 0; i < g_.size(); ++i) {
      const auto& info = g_.infos[i];
      if (!is_valid_revision_id(info.revision)) {
        throw graph_error(fmt::format(
            "{}: revision id \"{}\" is invalid: use 1 to 64 letters, digits or underscores",
            info.source.empty() ? "<unknown source>" : info.source, printable(info.revision)));
      }
      if (is_reserved(info.revision)) {
        throw graph_error(fmt::format(
            "{}: \"{}\" cannot be a revision id: it is a target word (head, heads, base, current)",
            describe(info), info.revision));
      }
      auto [it, inserted] = g_.ids.emplace(info.revision, i);
      if (!inserted) {
        throw graph_error(fmt::format("revision {} is declared twice: in {} and in {}",
                                      info.revision, g_.infos[it->second].source, info.source));
      }
    }
  }

  void index_labels() {
    for (rev i = 0; i < g_.size(); ++i) {
      for (const auto& label : g_.infos[i].branch_labels) {
        if (!is_valid_revision_id(label) || is_reserved(label)) {
          throw graph_error(fmt::format(
              "{}: branch label \"{}\" is invalid: use 1 to 64 letters, digits or underscores, "
              "and none of head, heads, base, current",
              describe(g_.infos[i]), printable(label)));
        }
        if (g_.ids.contains(label)) {
          throw graph_error(fmt::format("{}: branch label \"{}\" is also a revision id",
                                        describe(g_.infos[i]), printable(label)));
        }
        auto [it, inserted] = g_.labels.emplace(label, i);
        if (!inserted) {
          throw graph_error(fmt::format("branch label \"{}\" is used by both {} and {}", label,
                                        describe(g_.infos[it->second]), describe(g_.infos[i])));
        }
        g_.label_names.push_back(label);
      }
    }
  }

  // A replaced id names a revision that no longer exists, so it cannot be declared again, and
  // only one squash can stand for it: a version-table row holding it must mean one thing.
  void index_replaced() {
    for (rev i = 0; i < g_.size(); ++i) {
      const auto& replaces = g_.infos[i].replaces;
      for (std::uint32_t at = 0; at < replaces.size(); ++at) {
        const auto& id = replaces[at];
        if (!is_valid_revision_id(id)) {
          throw graph_error(
              fmt::format("{}: replaced revision \"{}\" is invalid: use 1 to 64 letters, digits or "
                          "underscores",
                          describe(g_.infos[i]), id));
        }
        if (auto it = g_.ids.find(id); it != g_.ids.end()) {
          throw graph_error(fmt::format(
              "{} replaces revision {}, which {} still declares; remove the replaced revision's "
              "file (`retort squash` does)",
              describe(g_.infos[i]), id, describe(g_.infos[it->second])));
        }
        auto [it, inserted] = g_.replaced.emplace(id, std::pair{i, at});
        if (!inserted) {
          throw graph_error(fmt::format("revision {} is replaced by both {} and {}", id,
                                        describe(g_.infos[it->second.first]),
                                        describe(g_.infos[i])));
        }
      }
    }
  }

  void link() {
    const std::size_t n = g_.size();
    for (auto* edges : {&g_.down, &g_.deps, &g_.norm_down, &g_.all_down, &g_.next, &g_.all_next}) {
      edges->resize(n);
    }
    for (rev i = 0; i < n; ++i) {
      const auto& info = g_.infos[i];
      for (const auto& down : info.down_revisions) {
        if (down == info.revision) {
          throw graph_error(fmt::format("{} names itself as its down_revision", describe(info)));
        }
        auto it = g_.ids.find(down);
        if (it == g_.ids.end()) {
          throw graph_error(fmt::format(
              "{} names parent {} as its down_revision, but no such revision exists{}",
              describe(info), down,
              g_.labels.contains(down)     ? " (it is a branch label: name the revision id)"
              : g_.replaced.contains(down) ? fmt::format(" (squash {} replaces it: name {})",
                                                         g_.id(g_.replaced.at(down).first),
                                                         g_.id(g_.replaced.at(down).first))
                                           : std::string()));
        }
        if (std::find(g_.down[i].begin(), g_.down[i].end(), it->second) != g_.down[i].end()) {
          throw graph_error(
              fmt::format("{} names {} twice as down_revision", describe(info), down));
        }
        g_.down[i].push_back(it->second);
      }
      for (const auto& dep : info.depends_on) {
        // Alembic resolves depends_on through its map, which holds ids and branch labels.
        std::optional<rev> target;
        if (auto it = g_.ids.find(dep); it != g_.ids.end()) {
          target = it->second;
        } else if (auto lt = g_.labels.find(dep); lt != g_.labels.end()) {
          target = lt->second;
        }
        if (!target) {
          throw graph_error(fmt::format(
              "{} names dependency {} as its depends_on, but no such revision or branch label "
              "exists",
              describe(info), dep));
        }
        if (*target == i) {
          throw graph_error(fmt::format("{} depends on itself", describe(info)));
        }
        append_unique(g_.deps[i], *target);
      }
      g_.all_down[i] = g_.down[i];
      for (auto d : g_.deps[i]) {
        append_unique(g_.all_down[i], d);
      }
    }
    for (rev i = 0; i < n; ++i) {
      for (auto p : g_.down[i]) {
        g_.next[p].push_back(i);
      }
      for (auto p : g_.all_down[i]) {
        g_.all_next[p].push_back(i);
      }
    }
  }

  // A topological order over down revisions and dependencies; what it cannot order is a cycle.
  void sort() {
    const std::size_t n = g_.size();
    order_.reserve(n);
    const auto pending = kahn(g_.all_down, g_.all_next, &order_);
    if (order_.size() != n) {
      // As Alembic tells CycleDetected from DependencyCycleDetected: a cycle of down revisions
      // alone, or one that a depends_on closes.
      if (auto by_down = find_cycle(kahn(g_.down, g_.next, nullptr), g_.down)) {
        throw graph_error(fmt::format("the revision graph has a cycle of down revisions: {}{}",
                                      fmt::join(*by_down, " -> "), cycle_sources(*by_down)));
      }
      auto cycle = find_cycle(pending, g_.all_down).value();
      throw graph_error(
          fmt::format("the revision graph has a dependency cycle (a depends_on closes it): {}{}; a "
                      "revision cannot depend on one that stands on it",
                      fmt::join(cycle, " -> "), cycle_sources(cycle)));
    }
    g_.rank.resize(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      g_.rank[order_[k]] = k;
    }
    g_.order = order_;
  }

  // The files of a cycle's revisions, so the author knows which ones to open.
  std::string cycle_sources(const std::vector<std::string>& cycle) const {
    std::vector<std::string> named;
    for (std::size_t k = 0; k + 1 < cycle.size(); ++k) {
      const auto& info = g_.infos[g_.ids.at(cycle[k])];
      if (!info.source.empty()) {
        named.push_back(fmt::format("{} in {}", info.revision, info.source));
      }
    }
    return named.empty() ? std::string() : fmt::format(" ({})", fmt::join(named, ", "));
  }

  // Kahn's algorithm over `edges` (each revision's parents; `children` the same edges from the
  // other end), appending to `order` (if given) what it can order, parents first. Returns what
  // each revision still waits for: all zero unless `edges` have a cycle.
  std::vector<std::size_t> kahn(const std::vector<edge_list>& edges,
                                const std::vector<edge_list>& children, rev_list* order) const {
    const std::size_t n = g_.size();
    std::vector<std::size_t> pending(n);
    rev_list ready;
    for (rev i = 0; i < n; ++i) {
      pending[i] = edges[i].size();
      if (pending[i] == 0) {
        ready.push_back(i);
      }
    }
    while (!ready.empty()) {
      rev r = ready.back();
      ready.pop_back();
      if (order != nullptr) {
        order->push_back(r);
      }
      for (auto c : children[r]) {
        if (--pending[c] == 0) {
          ready.push_back(c);
        }
      }
    }
    return pending;
  }

  // A cycle of `edges` among the revisions still `pending`, if there is one: every such
  // revision is on or behind a cycle, so walking its pending parents must revisit one, and the
  // revisit closes the cycle.
  std::optional<std::vector<std::string>> find_cycle(const std::vector<std::size_t>& pending,
                                                     const std::vector<edge_list>& edges) const {
    rev start = 0;
    while (start < pending.size() && pending[start] == 0) {
      ++start;
    }
    if (start == pending.size()) {
      return std::nullopt;
    }
    rev_list path;
    std::vector<int> position(g_.size(), -1);
    rev at = start;
    while (position[at] < 0) {
      position[at] = static_cast<int>(path.size());
      path.push_back(at);
      for (auto p : edges[at]) {
        if (pending[p] > 0) {
          at = p;
          break;
        }
      }
    }
    std::vector<std::string> cycle;
    for (auto k = static_cast<std::size_t>(position[at]); k < path.size(); ++k) {
      cycle.push_back(g_.id(path[k]));
    }
    cycle.push_back(g_.id(at));
    std::reverse(cycle.begin(), cycle.end());
    return cycle;
  }

  // Alembic's `_normalize_depends_on`: a dependency is dropped when a revision below (by down
  // revision) declares it too. Only a dependency shared by two or more revisions can be. For a
  // few dependents, each pair is tested with `stands_on`; for many, one pass up from all of
  // them (no further than the highest) marks every revision standing on one.
  void normalize_dependencies() {
    const std::size_t n = g_.size();
    // With no dependency shared, nothing is dropped: most graphs, and the work below was a
    // quarter of building a graph of 5,000 revisions without a single depends_on.
    std::vector<std::uint32_t> dependent_count(n, 0);
    bool shared = false;
    for (rev r = 0; r < n; ++r) {
      for (auto d : g_.deps[r]) {
        shared = ++dependent_count[d] >= 2 || shared;
      }
    }
    if (!shared) {
      g_.norm_down = g_.all_down;
      return;
    }
    std::vector<rev_list> dependents(n);
    for (rev r = 0; r < n; ++r) {
      for (auto d : g_.deps[r]) {
        dependents[d].push_back(r);
      }
    }
    index_first_parent_tree();
    std::vector<rev_list> dropped(n);
    std::vector<std::uint32_t> above(n, 0);  // == d + 1: stands on a dependent of d
    rev_list stack;
    constexpr std::size_t few = 16;
    for (rev d = 0; d < n; ++d) {
      const auto& on_d = dependents[d];
      if (on_d.size() < 2) {
        continue;
      }
      if (on_d.size() <= few) {
        for (auto r : on_d) {
          for (auto a : on_d) {
            if (a != r && g_.rank[a] < g_.rank[r] && stands_on(r, a)) {
              dropped[r].push_back(d);
              break;
            }
          }
        }
        continue;
      }
      const std::uint32_t tag = d + 1;
      std::uint32_t highest = 0;
      for (auto r : on_d) {
        highest = std::max(highest, g_.rank[r]);
      }
      stack.clear();
      auto climb = [&](rev from) {
        for (auto c : g_.next[from]) {
          if (above[c] != tag && g_.rank[c] <= highest) {
            above[c] = tag;
            stack.push_back(c);
          }
        }
      };
      for (auto r : on_d) {
        climb(r);
      }
      while (!stack.empty()) {
        rev r = stack.back();
        stack.pop_back();
        climb(r);
      }
      for (auto r : on_d) {
        if (above[r] == tag) {
          dropped[r].push_back(d);
        }
      }
    }
    for (rev r = 0; r < n; ++r) {
      g_.norm_down[r] = g_.down[r];
      for (auto d : g_.deps[r]) {
        if (std::find(dropped[r].begin(), dropped[r].end(), d) == dropped[r].end()) {
          append_unique(g_.norm_down[r], d);
        }
      }
    }
  }

  // Down revisions only: each revision's first down revision makes a spanning forest, numbered
  // so that tree ancestry is an interval test; other ancestors are reached through merge points.
  static constexpr rev none = std::numeric_limits<rev>::max();
  std::vector<std::uint32_t> enter_, leave_;
  std::vector<rev> nearest_merge_;  // the closest merge point on the first-parent line, inclusive
  std::vector<std::uint32_t> visited_merge_;
  std::uint32_t query_ = 0;

  void index_first_parent_tree() {
    const std::size_t n = g_.size();
    std::vector<rev_list> tree_children(n);
    rev_list roots;
    for (rev r = 0; r < n; ++r) {
      (g_.down[r].empty() ? roots : tree_children[g_.down[r].front()]).push_back(r);
    }
    enter_.assign(n, 0);
    leave_.assign(n, 0);
    std::uint32_t clock = 0;
    std::vector<std::pair<rev, std::size_t>> stack;
    for (auto root : roots) {
      stack.emplace_back(root, 0);
      enter_[root] = clock++;
      while (!stack.empty()) {
        auto& [r, next_child] = stack.back();
        if (next_child < tree_children[r].size()) {
          rev c = tree_children[r][next_child++];
          enter_[c] = clock++;
          stack.emplace_back(c, 0);
        } else {
          leave_[r] = clock++;
          stack.pop_back();
        }
      }
    }
    nearest_merge_.assign(n, none);
    for (auto r : order_) {
      if (g_.is_merge_point(r)) {
        nearest_merge_[r] = r;
      } else if (!g_.down[r].empty()) {
        nearest_merge_[r] = nearest_merge_[g_.down[r].front()];
      }
    }
    visited_merge_.assign(n, 0);
  }

  // Whether `a` is `r` or below it by down revisions.
  bool stands_on(rev r, rev a) {
    ++query_;
    rev_list stack{r};
    while (!stack.empty()) {
      rev v = stack.back();
      stack.pop_back();
      if (enter_[a] <= enter_[v] && leave_[v] <= leave_[a]) {
        return true;
      }
      for (rev m = nearest_merge_[v]; m != none && g_.rank[m] > g_.rank[a];) {
        if (visited_merge_[m] == query_) {
          break;  // the line below it is done
        }
        visited_merge_[m] = query_;
        for (std::size_t k = 1; k < g_.down[m].size(); ++k) {
          if (g_.rank[g_.down[m][k]] >= g_.rank[a]) {
            stack.push_back(g_.down[m][k]);
          }
        }
        const rev below = g_.down[m].front();
        m = nearest_merge_[below];
      }
    }
    return false;
  }

  void find_ends() {
    for (rev i = 0; i < g_.size(); ++i) {
      if (g_.next[i].empty()) {
        g_.heads.push_back(i);
      }
      if (g_.all_next[i].empty()) {
        g_.real_heads.push_back(i);
      }
      if (g_.down[i].empty()) {
        g_.bases.push_back(i);
      }
    }
  }

  // Alembic's `_add_branches`: a label applies to its revision and everything above it by down
  // revision; and when the line above the labelled revision runs to a head without branching
  // or merging, the label also runs down the plain line below it, until a branch point (counting
  // dependents) or a merge point.
  void apply_labels() {
    using label_set = std::vector<std::uint32_t>;
    const std::size_t n = g_.size();
    std::vector<label_set> own(n);
    {
      std::uint32_t label_id = 0;
      for (rev i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < g_.infos[i].branch_labels.size(); ++k) {
          own[i].push_back(label_id++);
        }
      }
    }
    // Sets are shared along plain lines; a revision gets its own only where labels join.
    auto none = std::make_shared<const label_set>();
    g_.effective_labels.assign(n, none);
    for (auto r : order_) {
      const auto& parents = g_.down[r];
      if (own[r].empty() && parents.size() == 1) {
        g_.effective_labels[r] = g_.effective_labels[parents.front()];
        continue;
      }
      label_set mine = own[r];
      for (auto p : parents) {
        label_set merged;
        std::set_union(mine.begin(), mine.end(), g_.effective_labels[p]->begin(),
                       g_.effective_labels[p]->end(), std::back_inserter(merged));
        mine = std::move(merged);
      }
      g_.effective_labels[r] = std::make_shared<const label_set>(std::move(mine));
    }
    for (rev r = 0; r < n; ++r) {
      if (own[r].empty() || !line_above_is_plain(r)) {
        continue;
      }
      for (rev below = r; !g_.down[below].empty();) {
        below = g_.down[below].front();
        if (g_.is_real_branch_point(below) || g_.is_merge_point(below)) {
          break;
        }
        const auto& labels = *g_.effective_labels[below];
        label_set merged;
        std::set_union(labels.begin(), labels.end(), own[r].begin(), own[r].end(),
                       std::back_inserter(merged));
        g_.effective_labels[below] = std::make_shared<const label_set>(std::move(merged));
      }
    }
  }

  // Alembic walks down from the last revision its depth-first search above `r` yields; that
  // walk passes `r` only when the line from `r` up to a head neither branches nor merges.
  bool line_above_is_plain(rev r) const {
    for (rev at = r;;) {
      if (g_.is_real_branch_point(at) || g_.is_merge_point(at)) {
        return false;
      }
      if (g_.next[at].empty()) {
        return true;
      }
      at = g_.next[at].front();
    }
  }
};

std::vector<std::string> ids_of(const detail::graph_core& g, std::span<const rev> revs) {
  std::vector<std::string> out;
  out.reserve(revs.size());
  for (auto r : revs) {
    out.push_back(g.id(r));
  }
  return out;
}

rev index_of(const detail::graph_core& g, std::string_view revision) {
  auto it = g.ids.find(revision);
  if (it == g.ids.end()) {
    throw target_error(fmt::format("no such revision: {}", revision));
  }
  return it->second;
}

rev_list indexes_of(const detail::graph_core& g, const std::vector<std::string>& revisions) {
  rev_list out;
  out.reserve(revisions.size());
  for (const auto& r : revisions) {
    out.push_back(index_of(g, r));
  }
  return out;
}

std::set<std::string> id_set(const detail::graph_core& g, const detail::rev_set& revs) {
  std::set<std::string> out;
  for (auto r : revs.members()) {
    out.insert(g.id(r));
  }
  return out;
}

}  // namespace

revision_graph::revision_graph(std::vector<revision_info> revisions)
    : core_(std::make_unique<detail::graph_core>()) {
  if (revisions.size() >= std::numeric_limits<rev>::max()) {
    throw graph_error("too many revisions");
  }
  core_->infos = std::move(revisions);
  builder(*core_).build();
}

revision_graph::~revision_graph() = default;
revision_graph::revision_graph(revision_graph&&) noexcept = default;
revision_graph& revision_graph::operator=(revision_graph&&) noexcept = default;

std::size_t revision_graph::size() const noexcept {
  return core_->size();
}

std::optional<std::string> revision_graph::replaced_by(std::string_view id) const {
  auto it = core_->replaced.find(id);
  if (it == core_->replaced.end()) {
    return std::nullopt;
  }
  return core_->id(it->second.first);
}

bool revision_graph::contains(std::string_view revision) const {
  return core_->ids.contains(revision);
}

const revision_info& revision_graph::at(std::string_view revision) const {
  return core_->infos[index_of(*core_, revision)];
}

std::vector<std::string> revision_graph::topological_order() const {
  detail::revision_map map(*core_);
  auto order = map.walk_all();
  std::reverse(order.begin(), order.end());
  return ids_of(*core_, order);
}

std::vector<std::string> revision_graph::heads() const {
  return ids_of(*core_, core_->heads);
}

std::vector<std::string> revision_graph::heads_resolving_dependencies() const {
  return ids_of(*core_, core_->real_heads);
}

std::vector<std::string> revision_graph::effective_heads() const {
  rev_list out;
  for (auto h : core_->heads) {
    if (!core_->all_next[h].empty()) {
      out.push_back(h);
    }
  }
  return ids_of(*core_, out);
}

std::vector<std::string> revision_graph::bases() const {
  return ids_of(*core_, core_->bases);
}

std::vector<std::string> revision_graph::branch_points() const {
  rev_list out;
  for (rev i = 0; i < core_->size(); ++i) {
    if (core_->next[i].size() > 1) {
      out.push_back(i);
    }
  }
  return ids_of(*core_, out);
}

std::vector<std::string> revision_graph::merge_points() const {
  rev_list out;
  for (rev i = 0; i < core_->size(); ++i) {
    if (core_->is_merge_point(i)) {
      out.push_back(i);
    }
  }
  return ids_of(*core_, out);
}

std::vector<std::string> revision_graph::children(std::string_view revision) const {
  return ids_of(*core_, detail::view(core_->next[index_of(*core_, revision)]));
}

std::size_t revision_graph::child_count(std::string_view revision) const {
  return core_->next[index_of(*core_, revision)].size();
}

std::vector<std::string> revision_graph::dependents(std::string_view revision) const {
  rev r = index_of(*core_, revision);
  rev_list out;
  for (auto c : core_->all_next[r]) {
    const auto& deps = core_->deps[c];
    if (std::find(deps.begin(), deps.end(), r) != deps.end()) {
      out.push_back(c);
    }
  }
  return ids_of(*core_, out);
}

std::vector<std::string> revision_graph::branch_labels(std::string_view revision) const {
  std::vector<std::string> out;
  for (auto l : *core_->effective_labels[index_of(*core_, revision)]) {
    out.push_back(core_->label_names[l]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::set<std::string> revision_graph::ancestors_inclusive(
    const std::vector<std::string>& revisions) const {
  return id_set(*core_, detail::closure(*core_, indexes_of(*core_, revisions), core_->all_down));
}

std::set<std::string> revision_graph::descendants_inclusive(
    const std::vector<std::string>& revisions) const {
  return id_set(*core_, detail::closure(*core_, indexes_of(*core_, revisions), core_->all_next));
}

std::string revision_graph::resolve_revision(std::string_view id_or_label) const {
  detail::revision_map map(*core_);
  return core_->id(map.revision_for_ident(id_or_label, std::nullopt));
}

}  // namespace retort
