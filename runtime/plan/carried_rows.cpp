#include "plan/carried_rows.hpp"

#include <retort/errors.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace retort::plan {

namespace {

void add_unique(std::vector<std::string>& list, const std::string& id) {
  if (std::find(list.begin(), list.end(), id) == list.end()) {
    list.push_back(id);
  }
}

void erase(std::vector<std::string>& list, const std::string& id) {
  list.erase(std::remove(list.begin(), list.end(), id), list.end());
}

}  // namespace

carried_rows::carried_rows(const retort::detail::graph_core& g,
                           const std::vector<std::string>& rows, carried_view view) {
  for (const auto& row : rows) {
    if (g.ids.contains(row)) {
      graph_rows_.push_back(row);  // duplicates stay, for check_current_heads to name
      continue;
    }
    auto found = g.replaced.find(row);
    if (found == g.replaced.end()) {
      graph_rows_.push_back(row);  // unknown: check_current_heads says so
      continue;
    }
    const auto [squash, position] = found->second;
    const std::string& squash_id = g.id(squash);
    for (const auto& other : carried_) {
      if (other.squash == squash_id) {
        throw graph_error(fmt::format(
            "the version table holds both {} and {}, which squash {} both replaces; `stamp` it "
            "to the right heads",
            other.row, row, squash_id));
      }
    }
    if (std::find(rows.begin(), rows.end(), squash_id) != rows.end()) {
      throw graph_error(fmt::format(
          "the version table holds both {} and {}, which {} replaces; `stamp` it to the right "
          "heads",
          squash_id, row, squash_id));
    }
    carried_.push_back({row, squash_id});
    const bool last = position + 1 == g.infos[squash].replaces.size();
    const bool applied = view == carried_view::applied || (view == carried_view::current && last);
    if (applied) {
      graph_rows_.push_back(squash_id);
      continue;
    }
    for (auto parent : g.norm_down[squash]) {
      const std::string& id = g.id(parent);
      if (std::find(rows.begin(), rows.end(), id) == rows.end()) {
        add_unique(stand_ins_, id);
      }
      add_unique(graph_rows_, id);
    }
  }
  drop_covered_stand_ins(g);
}

// A parent standing in for a replaced row is no head when another row stands on it (a sibling
// branch of the squash, say): keeping it would make the rows look like an ancestor and its
// descendant.
void carried_rows::drop_covered_stand_ins(const retort::detail::graph_core& g) {
  if (stand_ins_.empty()) {
    return;
  }
  retort::detail::rev_list below;
  for (const auto& row : graph_rows_) {
    if (auto it = g.ids.find(row); it != g.ids.end()) {
      below.insert(below.end(), g.all_down[it->second].begin(), g.all_down[it->second].end());
    }
  }
  auto covered = retort::detail::closure(g, below, g.all_down);
  for (const auto& stand_in : stand_ins_) {
    if (covered.contains(g.ids.at(stand_in))) {
      erase(graph_rows_, stand_in);
    }
  }
}

void carried_rows::rewrite(std::vector<migration_step>& steps) const {
  for (auto& step : steps) {
    for (const auto& stand_in : stand_ins_) {
      erase(step.heads_removed, stand_in);
    }
    for (const auto& c : carried_) {
      if (step.revision != c.squash) {
        continue;
      }
      step.resume_after = c.row;
      if (step.dir == direction::upgrade) {
        step.heads_removed.insert(step.heads_removed.begin(), c.row);
      } else {
        std::replace(step.heads_removed.begin(), step.heads_removed.end(), c.squash, c.row);
      }
    }
  }
}

}  // namespace retort::plan
