#include "plan/migration_plan.hpp"

#include <retort/errors.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "graph/graph_core.hpp"
#include "graph/revision_map.hpp"
#include "plan/carried_rows.hpp"
#include "printable.hpp"

namespace retort::plan {

namespace {

using detail::collected;
using detail::graph_core;
using detail::ref;
using detail::rev;
using detail::rev_arg;
using detail::rev_list;
using detail::revision_map;

rev_list known(const graph_core& g, const std::vector<std::string>& ids) {
  rev_list out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto it = g.ids.find(id);
    if (it == g.ids.end()) {
      throw graph_error(fmt::format(
          "the database's version table names revision {}, which none of the loaded plugins "
          "declares; load the plugin that has it, or `stamp --purge` the database to a known "
          "revision",
          printable(id)));
    }
    out.push_back(it->second);
  }
  return out;
}

// The version table through a plan: one row per head of what is applied, where a revision's
// dependencies count as its parents. Alembic's HeadMaintainer does the same with inserts,
// updates, merges and unmerges; counting applied children makes each step O(its parents).
class version_rows {
 public:
  version_rows(const graph_core& g, const rev_list& rows)
      : g_(g), applied_(g.size(), 0), applied_children_(g.size(), 0) {
    auto applied = detail::closure(g, rows, g.all_down);
    for (auto r : applied.members()) {
      applied_[r] = 1;
      for (auto p : g.all_down[r]) {
        ++applied_children_[p];
      }
    }
  }

  migration_step upgrade(rev r) {
    if (applied_[r] != 0) {
      throw std::logic_error("plan applies " + g_.id(r) + " twice");
    }
    migration_step step{g_.id(r), direction::upgrade, {}, {g_.id(r)}};
    for (auto p : g_.norm_down[r]) {
      if (applied_[p] == 0) {
        throw std::logic_error("plan applies " + g_.id(r) + " before " + g_.id(p));
      }
      if (applied_children_[p] == 0) {
        step.heads_removed.push_back(g_.id(p));
      }
    }
    applied_[r] = 1;
    for (auto p : g_.all_down[r]) {
      ++applied_children_[p];
    }
    return step;
  }

  migration_step downgrade(rev r) {
    if (applied_[r] == 0 || applied_children_[r] != 0) {
      throw std::logic_error("plan reverts " + g_.id(r) + " while it is not a head");
    }
    migration_step step{g_.id(r), direction::downgrade, {g_.id(r)}, {}};
    applied_[r] = 0;
    for (auto p : g_.all_down[r]) {
      --applied_children_[p];
    }
    for (auto p : g_.norm_down[r]) {
      if (applied_children_[p] == 0) {
        step.heads_added.push_back(g_.id(p));
      }
    }
    return step;
  }

 private:
  const graph_core& g_;
  std::vector<std::uint8_t> applied_;
  std::vector<std::uint32_t> applied_children_;
};

std::vector<migration_step> upgrade_steps(const graph_core& g, const rev_list& rows,
                                          const collected& plan) {
  auto order = revision_map(g).sort(plan.revisions, plan.heads);
  std::reverse(order.begin(), order.end());  // Alembic walks down from the targets
  version_rows table(g, rows);
  std::vector<migration_step> steps;
  steps.reserve(order.size());
  for (auto r : order) {
    steps.push_back(table.upgrade(r));
  }
  return steps;
}

std::vector<migration_step> downgrade_steps(const graph_core& g, const rev_list& rows,
                                            const collected& plan) {
  auto order = revision_map(g).sort(plan.revisions, plan.heads);
  version_rows table(g, rows);
  std::vector<migration_step> steps;
  steps.reserve(order.size());
  for (auto r : order) {
    steps.push_back(table.downgrade(r));
  }
  return steps;
}

std::vector<std::string> ids_of(const graph_core& g, const rev_list& revs) {
  std::vector<std::string> out;
  out.reserve(revs.size());
  for (auto r : revs) {
    out.push_back(g.id(r));
  }
  return out;
}

void check_rows(const graph_core& g, const std::vector<std::string>& current_heads) {
  auto rows = known(g, current_heads);
  detail::rev_set distinct(g.size());
  for (auto r : rows) {
    if (!distinct.insert(r)) {
      throw graph_error(fmt::format(
          "the version table holds {} twice; `stamp --purge` it to the right heads", g.id(r)));
    }
  }
  if (auto overlap = detail::find_overlap(g, rows, g.all_down)) {
    throw graph_error(fmt::format(
        "the version table holds both {} and its ancestor {}; `stamp` it to the right heads",
        g.id(overlap->first), g.id(overlap->second)));
  }
}

// The rows as the graph reads them, checked.
carried_rows carried(const graph_core& g, const std::vector<std::string>& rows, carried_view view) {
  carried_rows out(g, rows, view);
  check_rows(g, out.graph_rows());
  return out;
}

}  // namespace

void check_current_heads(const revision_graph& graph,
                         const std::vector<std::string>& current_heads) {
  (void)carried(detail::core_of(graph), current_heads, carried_view::applied);
}

std::vector<migration_step> plan_upgrade_to(const revision_graph& graph,
                                            const std::vector<std::string>& current_heads,
                                            std::string_view target) {
  const auto& g = detail::core_of(graph);
  auto rows = carried(g, current_heads, carried_view::upgrade);
  auto plan = revision_map(g).collect_upgrade(rev_arg::text(target),
                                              rev_arg::tuple(rows.graph_rows()), false, true, true);
  auto steps = upgrade_steps(g, known(g, rows.graph_rows()), plan);
  rows.rewrite(steps);
  return steps;
}

std::vector<migration_step> plan_upgrade(const revision_graph& graph,
                                         const std::vector<std::string>& current_heads,
                                         const std::vector<std::string>& targets) {
  const auto& g = detail::core_of(graph);
  auto rows = carried(g, current_heads, carried_view::upgrade);
  auto plan = revision_map(g).collect_upgrade(rev_arg::tuple(targets),
                                              rev_arg::tuple(rows.graph_rows()), false, true, true);
  auto steps = upgrade_steps(g, known(g, rows.graph_rows()), plan);
  rows.rewrite(steps);
  return steps;
}

std::vector<migration_step> plan_downgrade_to(const revision_graph& graph,
                                              const std::vector<std::string>& current_heads,
                                              std::string_view target) {
  const auto& g = detail::core_of(graph);
  auto rows = carried(g, current_heads, carried_view::applied);
  auto plan =
      revision_map(g).collect_downgrade(rev_arg::tuple(rows.graph_rows()), target, false, true);
  auto steps = downgrade_steps(g, known(g, rows.graph_rows()), plan);
  rows.rewrite(steps);
  return steps;
}

std::vector<migration_step> plan_downgrade(const revision_graph& graph,
                                           const std::vector<std::string>& current_heads,
                                           const std::vector<std::string>& targets) {
  if (targets.size() <= 1) {
    return plan_downgrade_to(graph, current_heads, targets.empty() ? "base" : targets.front());
  }
  // Several targets: what any one of them would remove, except what any of them stands on.
  const auto& g = detail::core_of(graph);
  auto rows = carried(g, current_heads, carried_view::applied);
  revision_map map(g);
  auto kept = detail::closure(g, known(g, targets), g.all_down);
  collected all{detail::rev_set(g.size()), known(g, rows.graph_rows())};
  for (const auto& target : targets) {
    auto one = map.collect_downgrade(rev_arg::tuple(rows.graph_rows()), target, false, true);
    for (auto r : one.revisions.members()) {
      if (!kept.contains(r)) {
        all.revisions.insert(r);
      }
    }
  }
  auto steps = downgrade_steps(g, all.heads, all);
  rows.rewrite(steps);
  return steps;
}

bool depends_on_current_heads(std::string_view target) {
  try {
    auto relative = detail::parse_relative(target);
    return relative && !relative->symbol;
  } catch (const target_error&) {
    return false;  // refused whatever the database holds
  }
}

void check_target(const revision_graph& graph, std::string_view target, direction dir) {
  if (target.empty()) {
    throw target_error("no target given: use head, heads, base, a revision, +N or -N");
  }
  if (depends_on_current_heads(target)) {
    return;
  }
  const auto& g = detail::core_of(graph);
  revision_map map(g);
  if (dir == direction::upgrade) {
    (void)map.collect_upgrade(rev_arg::text(target), rev_arg::tuple({}), false, true, true);
  } else {
    (void)map.downgrade_roots(rev_arg::tuple({}), target, false, true);
  }
}

std::vector<std::string> resolve_target(const revision_graph& graph, std::string_view target,
                                        const std::vector<std::string>& database_rows) {
  if (target.empty()) {
    throw target_error("no target given: use head, heads, base, a revision, +N or -N");
  }
  const auto& g = detail::core_of(graph);
  revision_map map(g);
  const auto current_heads = carried_rows(g, database_rows, carried_view::current).graph_rows();
  auto relative = detail::parse_relative(target);
  if (relative && relative->steps < 0) {
    auto [branch, reached] =
        map.parse_downgrade_target(rev_arg::tuple(current_heads), target, true);
    return reached.is_revision() ? std::vector<std::string>{g.id(reached.index)}
                                 : std::vector<std::string>{};
  }
  std::vector<std::string> out;
  for (const auto& r :
       map.parse_upgrade_target(rev_arg::tuple(current_heads), rev_arg::text(target), true)) {
    if (r.what == ref::kind::none) {
      throw target_error(fmt::format("Walked too far: {} goes past the last revision", target));
    }
    if (r.is_revision()) {
      out.push_back(g.id(r.index));
    }
  }
  return out;
}

std::vector<std::string> current_revisions(const revision_graph& graph,
                                           const std::vector<std::string>& rows) {
  const auto& g = detail::core_of(graph);
  auto current = carried(g, rows, carried_view::current);
  auto shown = revision_map(g).get_all_current(known(g, current.graph_rows()));
  std::sort(shown.begin(), shown.end());  // discovery order
  return ids_of(g, shown);
}

std::vector<std::string> revisions_named(const revision_graph& graph, std::string_view target) {
  const auto& g = detail::core_of(graph);
  std::vector<std::string> out;
  for (const auto& r : revision_map(g).get_revisions(target)) {
    if (r.what == ref::kind::base) {
      throw target_error(fmt::format("{} walks below the first revision", target));
    }
    if (r.is_revision()) {
      out.push_back(g.id(r.index));
    }
  }
  return out;
}

std::vector<std::string> normalize_heads(const revision_graph& graph,
                                         const std::vector<std::string>& targets) {
  const auto& g = detail::core_of(graph);
  detail::rev_set distinct(g.size());
  for (auto r : known(g, targets)) {
    distinct.insert(r);
  }
  rev_list below;
  for (auto r : distinct.members()) {
    below.insert(below.end(), g.all_down[r].begin(), g.all_down[r].end());
  }
  auto covered = detail::closure(g, below, g.all_down);
  rev_list out;
  for (auto r : distinct.members()) {
    if (!covered.contains(r)) {
      out.push_back(r);
    }
  }
  return ids_of(g, out);
}

namespace {

// Pairs a stamp's removed rows with its added ones by lineage, as Alembic's StampSteps do:
// never updating a row to a revision of another line.
std::vector<stamp_move> stamp_moves(const graph_core& g, const revision_map& map,
                                    const stamp_change& change, bool purge) {
  // The revision a row stands for: itself, or the squash that replaces it.
  auto revision_of = [&](const std::string& row) -> std::optional<rev> {
    if (auto it = g.ids.find(row); it != g.ids.end()) {
      return it->second;
    }
    if (auto it = g.replaced.find(row); it != g.replaced.end()) {
      return it->second.first;
    }
    return std::nullopt;
  };
  std::vector<stamp_move> moves;
  std::vector<bool> taken(change.heads_removed.size(), purge);  // --purge empties it first
  for (const auto& id : change.heads_added) {
    const auto on_line = map.lineage({g.ids.at(id)}, true);
    stamp_move move{{}, id};
    for (std::size_t i = 0; i < change.heads_removed.size(); ++i) {
      const auto r = revision_of(change.heads_removed[i]);
      if (!taken[i] && r && on_line.contains(*r)) {
        move.removed.push_back(change.heads_removed[i]);
        taken[i] = true;
      }
    }
    moves.push_back(std::move(move));
  }
  stamp_move deleted;
  for (std::size_t i = 0; i < change.heads_removed.size(); ++i) {
    if (!taken[i]) {
      deleted.removed.push_back(change.heads_removed[i]);
    }
  }
  if (!deleted.removed.empty()) {
    moves.push_back(std::move(deleted));
  }
  return moves;
}

}  // namespace

stamp_change plan_stamp(const revision_graph& graph, const std::vector<std::string>& current_heads,
                        const std::vector<std::string>& targets, bool purge) {
  const auto& g = detail::core_of(graph);
  revision_map map(g);
  // A row holding a replaced revision is its squash here; it is removed below (it names no
  // revision), and the squash added, unless the stamp moves that lineage elsewhere.
  const std::vector<std::string> rows =
      purge ? std::vector<std::string>{}
            : carried(g, current_heads, carried_view::applied).graph_rows();
  auto row_refs = map.get_revisions(rev_arg::tuple(rows));

  // Per target: the rows sharing its lineage (Alembic's `filtered_heads`) that lie above or
  // below one of its destinations give way to them; a target naming no revision (`base`,
  // `<label>@base`) removes its rows; a destination on no row's lineage adds a row.
  const std::vector<std::string> named =
      targets.empty() ? std::vector<std::string>{"base"} : targets;
  detail::rev_set replaced(g.size());
  rev_list added;
  for (const auto& target : named) {
    if (target.empty()) {
      continue;
    }
    auto matched = map.filter_for_lineage(row_refs, target, true);
    rev_list destinations;
    for (const auto& d : map.get_revisions(target)) {
      if (d.what == ref::kind::base) {
        throw target_error(
            fmt::format("stamp {} walks below the first revision; use `stamp base`", target));
      }
      if (d.is_revision()) {
        destinations.push_back(d.index);
        if (std::find(added.begin(), added.end(), d.index) == added.end()) {
          added.push_back(d.index);
        }
      }
    }
    if (destinations.empty()) {
      for (const auto& r : matched) {
        replaced.insert(r.index);
      }
    } else if (!matched.empty()) {
      auto near = map.lineage(destinations, true);
      for (const auto& r : matched) {
        if (near.contains(r.index)) {
          replaced.insert(r.index);
        }
      }
    }
  }
  if (auto overlap = detail::find_overlap(g, added, g.all_down)) {
    throw target_error(fmt::format(
        "stamp targets {} and {} are on one line ({} stands on {}); the version table holds "
        "only heads: name just {}",
        g.id(overlap->first), g.id(overlap->second), g.id(overlap->first), g.id(overlap->second),
        g.id(overlap->first)));
  }
  detail::rev_set after(g.size());
  for (auto r : known(g, rows)) {
    if (!replaced.contains(r)) {
      after.insert(r);
    }
  }
  for (auto r : added) {
    after.insert(r);
  }
  stamp_change change;
  for (const auto& row : current_heads) {
    auto it = g.ids.find(row);
    if (purge || it == g.ids.end() || !after.contains(it->second)) {
      change.heads_removed.push_back(row);
    }
  }
  auto is_new = [&](rev r) {
    return purge ||
           std::find(current_heads.begin(), current_heads.end(), g.id(r)) == current_heads.end();
  };
  // The targets' destinations first, in the order named (Alembic's StampStep order), then the
  // squashes that take the place of rows holding revisions they replace.
  for (auto r : added) {
    if (is_new(r)) {
      change.heads_added.push_back(g.id(r));
    }
  }
  for (auto r : after.members()) {
    if (is_new(r) && std::find(added.begin(), added.end(), r) == added.end()) {
      change.heads_added.push_back(g.id(r));
    }
  }
  change.moves = stamp_moves(g, map, change, purge);
  return change;
}

std::vector<std::string> history(const revision_graph& graph, std::string_view range,
                                 const std::vector<std::string>& database_rows) {
  const auto& g = detail::core_of(graph);
  const auto current_heads = carried_rows(g, database_rows, carried_view::current).graph_rows();
  std::string base = "base";
  std::string head = "heads";
  if (!range.empty()) {
    auto trim = [](std::string_view s) {
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
        s.remove_prefix(1);
      }
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
        s.remove_suffix(1);
      }
      return s;
    };
    auto text = trim(range);
    auto colon = text.find(':');
    if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) {
      throw target_error(fmt::format(
          "History range requires [start]:[end], [start]:, or :[end] (got '{}')", range));
    }
    base = std::string(text.substr(0, colon));
    head = std::string(text.substr(colon + 1));
  }
  // `current` stands for the version table's rows (Alembic's _display_history_w_current).
  auto end_arg = [&](const std::string& end, const char* fallback) {
    return end.empty() ? rev_arg::text(fallback) : rev_arg::text(end);
  };
  rev_arg lower = end_arg(base, "base");
  rev_arg upper = end_arg(head, "heads");
  if (head == "current") {
    upper = current_heads.empty() ? rev_arg::text("heads") : rev_arg::tuple(current_heads);
  } else if (base == "current") {
    lower = current_heads.empty() ? rev_arg::text("base") : rev_arg::tuple(current_heads);
  }
  revision_map map(g);
  auto walked = map.collect_upgrade(upper, lower, true, false, false);
  return ids_of(g, map.sort(walked.revisions, walked.heads));
}

}  // namespace retort::plan
