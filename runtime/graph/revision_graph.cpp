#include <retort/errors.hpp>
#include <retort/graph.hpp>
#include <retort/migration_info.hpp>

#include <algorithm>
#include <queue>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace retort {

namespace {

std::string describe(const revision_info& info) {
  return info.source.empty() ? fmt::format("revision {}", info.revision)
                             : fmt::format("revision {} ({})", info.revision, info.source);
}

}  // namespace

// Revisions are addressed by their position in `revisions`, which is also discovery order.
struct revision_graph::impl {
  std::vector<revision_info> revisions;
  std::unordered_map<std::string, std::size_t> index;
  std::unordered_map<std::string, std::size_t> labels;
  std::vector<std::vector<std::size_t>> parents;       // down revisions
  std::vector<std::vector<std::size_t>> dependencies;  // depends_on, resolved
  std::vector<std::vector<std::size_t>> children;
  std::vector<std::vector<std::size_t>> dependents;
  std::vector<std::size_t> order;  // topological, parents first, ties by discovery order

  std::size_t resolve_reference(const revision_info& from, const std::string& ref,
                                std::string_view field) const {
    if (auto it = index.find(ref); it != index.end()) {
      return it->second;
    }
    if (field == "depends_on") {
      if (auto it = labels.find(ref); it != labels.end()) {
        return it->second;
      }
    }
    throw graph_error(fmt::format("{} names {} {} as its {}, but no such revision exists",
                                  describe(from), field == "depends_on" ? "dependency" : "parent",
                                  ref, field));
  }

  void index_revisions() {
    for (std::size_t i = 0; i < revisions.size(); ++i) {
      const auto& info = revisions[i];
      if (!is_valid_revision_id(info.revision)) {
        throw graph_error(fmt::format(
            "{}: revision id \"{}\" is invalid: use 1 to 64 letters, digits or underscores",
            info.source.empty() ? "<unknown source>" : info.source, info.revision));
      }
      auto [it, inserted] = index.emplace(info.revision, i);
      if (!inserted) {
        throw graph_error(fmt::format("revision {} is declared twice: in {} and in {}",
                                      info.revision, revisions[it->second].source, info.source));
      }
    }
    for (std::size_t i = 0; i < revisions.size(); ++i) {
      for (const auto& label : revisions[i].branch_labels) {
        if (!is_valid_revision_id(label)) {
          throw graph_error(
              fmt::format("{}: branch label \"{}\" is invalid", describe(revisions[i]), label));
        }
        if (index.contains(label)) {
          throw graph_error(fmt::format("{}: branch label \"{}\" is also a revision id",
                                        describe(revisions[i]), label));
        }
        auto [it, inserted] = labels.emplace(label, i);
        if (!inserted) {
          throw graph_error(fmt::format("branch label \"{}\" is used by both {} and {}", label,
                                        describe(revisions[it->second]), describe(revisions[i])));
        }
      }
    }
  }

  void link() {
    const std::size_t n = revisions.size();
    parents.resize(n);
    dependencies.resize(n);
    children.resize(n);
    dependents.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& info = revisions[i];
      for (const auto& down : info.down_revisions) {
        if (down == info.revision) {
          throw graph_error(fmt::format("{} names itself as its down_revision", describe(info)));
        }
        std::size_t p = resolve_reference(info, down, "down_revision");
        if (std::find(parents[i].begin(), parents[i].end(), p) != parents[i].end()) {
          throw graph_error(
              fmt::format("{} names {} twice as down_revision", describe(info), down));
        }
        parents[i].push_back(p);
        children[p].push_back(i);
      }
      for (const auto& dep : info.depends_on) {
        std::size_t d = resolve_reference(info, dep, "depends_on");
        if (d == i) {
          throw graph_error(fmt::format("{} depends on itself", describe(info)));
        }
        dependencies[i].push_back(d);
        dependents[d].push_back(i);
      }
    }
  }

  // Kahn's algorithm with a min-heap on discovery index: parents first, and among revisions
  // that are ready at the same time, the one found first runs first.
  void sort() {
    const std::size_t n = revisions.size();
    std::vector<std::size_t> pending(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      pending[i] = parents[i].size() + dependencies[i].size();
    }
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    for (std::size_t i = 0; i < n; ++i) {
      if (pending[i] == 0) {
        ready.push(i);
      }
    }
    order.reserve(n);
    while (!ready.empty()) {
      std::size_t i = ready.top();
      ready.pop();
      order.push_back(i);
      auto release = [&](std::size_t j) {
        if (--pending[j] == 0) {
          ready.push(j);
        }
      };
      std::for_each(children[i].begin(), children[i].end(), release);
      std::for_each(dependents[i].begin(), dependents[i].end(), release);
    }
    if (order.size() != n) {
      throw graph_error(fmt::format("the revision graph has a cycle: {}",
                                    fmt::join(find_cycle(pending), " -> ")));
    }
  }

  // Called only when a cycle exists: every node with pending > 0 is on or behind a cycle.
  // Walking parents from such a node must revisit a node; the revisit closes the cycle.
  std::vector<std::string> find_cycle(const std::vector<std::size_t>& pending) const {
    std::size_t start = 0;
    while (pending[start] == 0) {
      ++start;
    }
    std::vector<std::size_t> path;
    std::vector<int> position(revisions.size(), -1);
    std::size_t at = start;
    while (position[at] < 0) {
      position[at] = static_cast<int>(path.size());
      path.push_back(at);
      std::size_t next = at;
      for (auto p : parents[at]) {
        if (pending[p] > 0) {
          next = p;
          break;
        }
      }
      if (next == at) {
        for (auto d : dependencies[at]) {
          if (pending[d] > 0) {
            next = d;
            break;
          }
        }
      }
      at = next;
    }
    std::vector<std::string> cycle;
    for (auto k = static_cast<std::size_t>(position[at]); k < path.size(); ++k) {
      cycle.push_back(revisions[path[k]].revision);
    }
    cycle.push_back(revisions[at].revision);
    std::reverse(cycle.begin(), cycle.end());
    return cycle;
  }

  std::size_t position_of(std::string_view revision) const {
    auto it = index.find(std::string(revision));
    if (it == index.end()) {
      throw target_error(fmt::format("no such revision: {}", revision));
    }
    return it->second;
  }

  template <typename Next>
  std::set<std::string> closure(const std::vector<std::string>& starts, Next next) const {
    std::vector<bool> seen(revisions.size(), false);
    std::vector<std::size_t> stack;
    for (const auto& s : starts) {
      std::size_t i = position_of(s);
      if (!seen[i]) {
        seen[i] = true;
        stack.push_back(i);
      }
    }
    std::set<std::string> out;
    while (!stack.empty()) {
      std::size_t i = stack.back();
      stack.pop_back();
      out.insert(revisions[i].revision);
      next(i, [&](std::size_t j) {
        if (!seen[j]) {
          seen[j] = true;
          stack.push_back(j);
        }
      });
    }
    return out;
  }

  std::vector<std::string> ids_where(auto predicate) const {
    std::vector<std::string> out;
    for (auto i : order) {
      if (predicate(i)) {
        out.push_back(revisions[i].revision);
      }
    }
    return out;
  }
};

revision_graph::revision_graph(std::vector<revision_info> revisions)
    : impl_(std::make_unique<impl>()) {
  impl_->revisions = std::move(revisions);
  impl_->index_revisions();
  impl_->link();
  impl_->sort();
}

revision_graph::~revision_graph() = default;
revision_graph::revision_graph(revision_graph&&) noexcept = default;
revision_graph& revision_graph::operator=(revision_graph&&) noexcept = default;

std::size_t revision_graph::size() const noexcept {
  return impl_->revisions.size();
}

bool revision_graph::contains(std::string_view revision) const {
  return impl_->index.contains(std::string(revision));
}

const revision_info& revision_graph::at(std::string_view revision) const {
  return impl_->revisions[impl_->position_of(revision)];
}

std::vector<std::string> revision_graph::topological_order() const {
  return impl_->ids_where([](std::size_t) { return true; });
}

std::vector<std::string> revision_graph::heads() const {
  return impl_->ids_where([&](std::size_t i) { return impl_->children[i].empty(); });
}

std::vector<std::string> revision_graph::bases() const {
  return impl_->ids_where([&](std::size_t i) { return impl_->parents[i].empty(); });
}

std::vector<std::string> revision_graph::branch_points() const {
  return impl_->ids_where([&](std::size_t i) { return impl_->children[i].size() > 1; });
}

std::vector<std::string> revision_graph::merge_points() const {
  return impl_->ids_where([&](std::size_t i) { return impl_->parents[i].size() > 1; });
}

std::vector<std::string> revision_graph::children(std::string_view revision) const {
  std::vector<std::string> out;
  for (auto c : impl_->children[impl_->position_of(revision)]) {
    out.push_back(impl_->revisions[c].revision);
  }
  return out;
}

std::set<std::string> revision_graph::ancestors_inclusive(
    const std::vector<std::string>& revisions) const {
  return impl_->closure(revisions, [&](std::size_t i, auto visit) {
    std::for_each(impl_->parents[i].begin(), impl_->parents[i].end(), visit);
    std::for_each(impl_->dependencies[i].begin(), impl_->dependencies[i].end(), visit);
  });
}

std::set<std::string> revision_graph::descendants_inclusive(
    const std::vector<std::string>& revisions) const {
  return impl_->closure(revisions, [&](std::size_t i, auto visit) {
    std::for_each(impl_->children[i].begin(), impl_->children[i].end(), visit);
    std::for_each(impl_->dependents[i].begin(), impl_->dependents[i].end(), visit);
  });
}

std::string revision_graph::resolve_revision(std::string_view id_or_label) const {
  std::string key(id_or_label);
  if (auto it = impl_->index.find(key); it != impl_->index.end()) {
    return key;
  }
  if (auto it = impl_->labels.find(key); it != impl_->labels.end()) {
    return impl_->revisions[it->second].revision;
  }
  std::vector<std::string> candidates;
  for (const auto& info : impl_->revisions) {
    if (info.revision.starts_with(key)) {
      candidates.push_back(info.revision);
    }
  }
  if (candidates.empty()) {
    throw target_error(fmt::format("Can't locate revision identified by '{}'", id_or_label));
  }
  if (key.size() < 4) {
    throw target_error(
        fmt::format("revision prefix '{}' is too short: give at least 4 characters (matches: {})",
                    id_or_label, fmt::join(candidates, ", ")));
  }
  if (candidates.size() > 1) {
    std::sort(candidates.begin(), candidates.end());
    throw target_error(fmt::format("Multiple revisions start with '{}': {}", id_or_label,
                                   fmt::join(candidates, ", ")));
  }
  return candidates.front();
}

}  // namespace retort
